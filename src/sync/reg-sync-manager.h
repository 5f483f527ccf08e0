/* reg-sync-manager.h: syncing every shop, one after another, for the app
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-http.h"
#include "reg-store.h"

G_BEGIN_DECLS

#define REG_TYPE_SYNC_MANAGER (reg_sync_manager_get_type ())

G_DECLARE_FINAL_TYPE (RegSyncManager, reg_sync_manager, REG, SYNC_MANAGER, GObject)

RegSyncManager *reg_sync_manager_new          (RegStore            *store);
void            reg_sync_manager_set_policy   (RegSyncManager      *self,
                                               const RegHttpPolicy *policy);
gboolean        reg_sync_manager_get_running  (RegSyncManager      *self);
const char     *reg_sync_manager_get_status   (RegSyncManager      *self);
double          reg_sync_manager_get_fraction (RegSyncManager      *self);
gboolean        reg_sync_manager_sync_all     (RegSyncManager      *self);
void            reg_sync_manager_cancel       (RegSyncManager      *self);

G_END_DECLS
