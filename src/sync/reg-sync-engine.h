/* reg-sync-engine.h: running a sync with a shop in the background
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-http.h"
#include "reg-source.h"

G_BEGIN_DECLS

#define REG_TYPE_SYNC_ENGINE (reg_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (RegSyncEngine, reg_sync_engine, REG, SYNC_ENGINE, GObject)

RegSyncEngine *reg_sync_engine_new          (RegStore            *store,
                                             RegSource           *source,
                                             const char          *key,
                                             const char          *secret);
void           reg_sync_engine_set_policy   (RegSyncEngine       *self,
                                             const RegHttpPolicy *policy);
void           reg_sync_engine_set_page_size (RegSyncEngine      *self,
                                             guint                page_size);
void           reg_sync_engine_set_api_version (RegSyncEngine    *self,
                                             const char          *version);
void           reg_sync_engine_set_bulk_threshold (RegSyncEngine *self,
                                             guint                n_orders);
void           reg_sync_engine_run_async    (RegSyncEngine       *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       reg_sync_engine_run_finish   (RegSyncEngine       *self,
                                             GAsyncResult        *result,
                                             RegSyncPageResult   *totals,
                                             GError             **error);
char          *reg_sync_dup_api_version     (void);
char          *reg_sync_summary_text        (const RegSyncPageResult *totals);

void           reg_sync_test_connection_async  (RegOrigin            platform,
                                                const char          *url,
                                                const char          *key,
                                                const char          *secret,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       reg_sync_test_connection_finish (GAsyncResult        *result,
                                                GError             **error);
gboolean       reg_sync_test_connection_finish_notice (GAsyncResult  *result,
                                                char               **notice,
                                                GError             **error);

G_END_DECLS
