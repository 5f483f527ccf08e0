/* reg-window.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-contact-list.h"
#include "reg-contact-selection.h"
#include "reg-store.h"
#include "reg-sync-manager.h"

G_BEGIN_DECLS

#define REG_TYPE_WINDOW (reg_window_get_type ())

G_DECLARE_FINAL_TYPE (RegWindow, reg_window, REG, WINDOW, AdwApplicationWindow)

RegWindow           *reg_window_new                (GtkApplication *application,
                                                    RegStore       *store);
RegStore            *reg_window_get_store          (RegWindow      *self);
RegContactList      *reg_window_get_contact_list   (RegWindow      *self);
RegContactSelection *reg_window_get_selection      (RegWindow      *self);
GtkWidget           *reg_window_get_search_entry   (RegWindow      *self);
GtkWidget           *reg_window_get_column_view    (RegWindow      *self);
RegSyncManager      *reg_window_get_sync_manager   (RegWindow      *self);
const char          *reg_window_get_visible_page   (RegWindow      *self);
GtkWindow           *reg_window_import_file        (RegWindow      *self,
                                                    GFile          *file);
const char          *reg_window_choose_page        (guint           n_items,
                                                    gboolean        loading,
                                                    gboolean        searching);

G_END_DECLS
