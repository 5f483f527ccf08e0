/* reg-segment-dialog.h: making or changing a segment, with its rule in
 * plain words and its members counted as it is edited
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-segment.h"
#include "reg-store.h"

G_BEGIN_DECLS

#define REG_TYPE_SEGMENT_DIALOG (reg_segment_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RegSegmentDialog, reg_segment_dialog, REG, SEGMENT_DIALOG, AdwWindow)

RegSegmentDialog *reg_segment_dialog_new            (GtkWindow        *parent,
                                                     RegStore         *store,
                                                     const RegSegment *segment);
char             *reg_segment_dialog_dup_rule       (RegSegmentDialog *self,
                                                     GError          **error);
const char       *reg_segment_dialog_get_summary    (RegSegmentDialog *self);
gint64            reg_segment_dialog_get_count      (RegSegmentDialog *self);
gboolean          reg_segment_dialog_get_counting   (RegSegmentDialog *self);
void              reg_segment_dialog_set_condition  (RegSegmentDialog *self,
                                                     guint             index,
                                                     RegSegmentField   field,
                                                     RegSegmentOp      op,
                                                     const char       *value,
                                                     const char       *value2);

G_END_DECLS
