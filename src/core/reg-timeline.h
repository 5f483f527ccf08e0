/* reg-timeline.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "reg-store.h"

G_BEGIN_DECLS

#define REG_TYPE_TIMELINE_EVENT (reg_timeline_event_get_type ())

G_DECLARE_FINAL_TYPE (RegTimelineEvent, reg_timeline_event, REG, TIMELINE_EVENT, GObject)

RegTimelineKind  reg_timeline_event_get_kind        (RegTimelineEvent *self);
gint64           reg_timeline_event_get_id          (RegTimelineEvent *self);
gint64           reg_timeline_event_get_time        (RegTimelineEvent *self);
RegOrder        *reg_timeline_event_get_order       (RegTimelineEvent *self);
RegNoteKind      reg_timeline_event_get_note_kind   (RegTimelineEvent *self);
gboolean         reg_timeline_event_get_resolved    (RegTimelineEvent *self);
gboolean         reg_timeline_event_get_is_complaint (RegTimelineEvent *self);
gboolean         reg_timeline_event_get_removable   (RegTimelineEvent *self);
gboolean         reg_timeline_event_get_in_shop     (RegTimelineEvent *self);
char            *reg_timeline_event_dup_title       (RegTimelineEvent *self);
char            *reg_timeline_event_dup_detail      (RegTimelineEvent *self);
char            *reg_timeline_event_dup_amount_text (RegTimelineEvent *self);
char            *reg_timeline_event_dup_time_text   (RegTimelineEvent *self);
const char      *reg_timeline_event_get_icon_name   (RegTimelineEvent *self);

#define REG_TYPE_TIMELINE (reg_timeline_get_type ())

G_DECLARE_FINAL_TYPE (RegTimeline, reg_timeline, REG, TIMELINE, GObject)

RegTimeline     *reg_timeline_new                   (RegStore         *store,
                                                     gint64            contact_id);
gint64           reg_timeline_get_contact_id        (RegTimeline      *self);
gboolean         reg_timeline_get_loading           (RegTimeline      *self);

G_END_DECLS
