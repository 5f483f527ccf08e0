/* reg-contact-selection.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "reg-contact-list.h"

G_BEGIN_DECLS

#define REG_TYPE_CONTACT_SELECTION (reg_contact_selection_get_type ())

G_DECLARE_FINAL_TYPE (RegContactSelection, reg_contact_selection, REG, CONTACT_SELECTION, GObject)

RegContactSelection *reg_contact_selection_new             (RegContactList      *list);
RegContactList      *reg_contact_selection_get_list        (RegContactSelection *self);
gint64               reg_contact_selection_get_selected_id (RegContactSelection *self);
void                 reg_contact_selection_set_selected_id (RegContactSelection *self,
                                                            gint64               id);
guint                reg_contact_selection_get_selected    (RegContactSelection *self);

G_END_DECLS
