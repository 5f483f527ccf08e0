/* reg-segment-sidebar.h: every customer, the owner's segments and the
 * built-in groups, each with how many customers are in it
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-store.h"

G_BEGIN_DECLS

#define REG_TYPE_SEGMENT_SIDEBAR (reg_segment_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (RegSegmentSidebar, reg_segment_sidebar, REG, SEGMENT_SIDEBAR, GtkBox)

void        reg_segment_sidebar_set_store         (RegSegmentSidebar *self,
                                                   RegStore          *store);
const char *reg_segment_sidebar_get_name          (RegSegmentSidebar *self);
const char *reg_segment_sidebar_get_rule          (RegSegmentSidebar *self);
const char *reg_segment_sidebar_get_explanation   (RegSegmentSidebar *self);
gint64      reg_segment_sidebar_get_count         (RegSegmentSidebar *self,
                                                   const char        *name);
gboolean    reg_segment_sidebar_select            (RegSegmentSidebar *self,
                                                   const char        *name);
gboolean    reg_segment_sidebar_get_counting      (RegSegmentSidebar *self);

G_END_DECLS
