/* reg-preferences-window.h: shops and syncing
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-store.h"
#include "reg-sync-manager.h"

G_BEGIN_DECLS

#define REG_TYPE_PREFERENCES_WINDOW (reg_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RegPreferencesWindow, reg_preferences_window, REG, PREFERENCES_WINDOW, AdwPreferencesWindow)

RegPreferencesWindow *reg_preferences_window_new (GtkWindow      *parent,
                                                  RegStore       *store,
                                                  GSettings      *settings,
                                                  RegSyncManager *manager);

G_END_DECLS
