/* reg-contact-pane.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-history-view.h"
#include "reg-store.h"

G_BEGIN_DECLS

#define REG_TYPE_CONTACT_PANE (reg_contact_pane_get_type ())

G_DECLARE_FINAL_TYPE (RegContactPane, reg_contact_pane, REG, CONTACT_PANE, GtkWidget)

void    reg_contact_pane_set_store        (RegContactPane *self,
                                           RegStore       *store);
void    reg_contact_pane_load             (RegContactPane *self,
                                           gint64          id);
gint64  reg_contact_pane_get_contact_id   (RegContactPane *self);
void    reg_contact_pane_flush            (RegContactPane *self);
void    reg_contact_pane_focus_first      (RegContactPane *self);
void    reg_contact_pane_set_page         (RegContactPane *self,
                                           const char     *page);
const char *reg_contact_pane_get_page     (RegContactPane *self);
RegHistoryView *reg_contact_pane_get_history_view (RegContactPane *self);
gboolean reg_contact_pane_is_blank       (RegContactPane *self);
char   *reg_contact_pane_dup_display_name (RegContactPane *self);
char   *reg_contact_pane_format_date      (GDateTime      *date);

G_END_DECLS
