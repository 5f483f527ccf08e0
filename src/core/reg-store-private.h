/* reg-store-private.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "reg-store.h"

G_BEGIN_DECLS

struct _RegStore
{
  GObject       parent_instance;

  char         *path;
  GMainContext *main_context;

  /* One writer connection, used by one thread at a time. */
  GMutex        write_lock;
  sqlite3      *writer;
  GHashTable   *writer_stmts;  /* SQL literal → statement, see _reg_store_prepare_cached() */

  /* Idle reader connections, handed out one per thread. */
  GMutex        readers_lock;
  GPtrArray    *idle_readers;

  /* Writes queued from the UI run here, one after another, in order. */
  GThreadPool  *write_pool;

  /* While a bulk write holds the search index back (writer lock held):
   * the SQL of the dropped index triggers, to create them again. */
  GPtrArray    *paused_index_triggers;
  gint64        paused_index_last_id;  /* contacts after it are new, indexed at the end */
};

typedef gboolean (*RegStoreWriteFunc) (RegStore      *self,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

sqlite3  *_reg_store_lock_writer     (RegStore           *self);
gboolean  _reg_store_pause_search_index  (RegStore       *self,
                                          sqlite3        *db,
                                          GError        **error);
gboolean  _reg_store_resume_search_index (RegStore       *self,
                                          sqlite3        *db,
                                          GError        **error);
void      _reg_store_unlock_writer   (RegStore           *self);
sqlite3  *_reg_store_acquire_reader  (RegStore           *self,
                                      GError            **error);
void      _reg_store_release_reader  (RegStore           *self,
                                      sqlite3            *db);
gboolean  _reg_store_set_error       (RegStore           *self,
                                      GError            **error,
                                      sqlite3            *db,
                                      int                 rc);
gboolean  _reg_store_exec            (RegStore           *self,
                                      sqlite3            *db,
                                      const char         *sql,
                                      GError            **error);
sqlite3_stmt *_reg_store_prepare     (RegStore           *self,
                                      sqlite3            *db,
                                      const char         *sql,
                                      GError            **error);
sqlite3_stmt *_reg_store_prepare_cached (RegStore       *self,
                                      sqlite3            *db,
                                      const char         *sql,
                                      GError            **error);
gboolean  _reg_store_begin           (RegStore           *self,
                                      sqlite3            *db,
                                      GError            **error);
gboolean  _reg_store_commit          (RegStore           *self,
                                      sqlite3            *db,
                                      GError            **error);
void      _reg_store_rollback        (RegStore           *self,
                                      sqlite3            *db);
void      _reg_store_emit_changed    (RegStore           *self,
                                      RegChangeFlags      flags,
                                      GArray             *ids);
void      _reg_store_run_on_context  (GMainContext       *context,
                                      GSourceFunc         func,
                                      gpointer            data,
                                      GDestroyNotify      destroy);
void      _reg_store_set_cancellable (sqlite3            *db,
                                      GCancellable       *cancellable);
void      _reg_store_queue_write     (RegStore           *self,
                                      gpointer            source_tag,
                                      RegStoreWriteFunc   func,
                                      gpointer            data,
                                      GDestroyNotify      data_destroy,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gpointer  _reg_store_get_write_data (GTask              *task);
gboolean  _reg_store_migrate         (RegStore           *self,
                                      sqlite3            *db,
                                      int                 from_version,
                                      GError            **error);

gboolean  _reg_store_refresh_figures (RegStore           *self,
                                      sqlite3            *db,
                                      gint64              contact_id,
                                      GError            **error);
gboolean  _reg_store_refresh_touched_figures (RegStore   *self,
                                              sqlite3    *db,
                                              gint64      new_orders_after,
                                              GError    **error);
gboolean  _reg_store_has_file_orders         (RegStore   *self,
                                              sqlite3    *db,
                                              gboolean   *any,
                                              GError    **error);
gboolean  _reg_store_last_order_id           (RegStore   *self,
                                              sqlite3    *db,
                                              gint64     *id,
                                              GError    **error);
typedef enum
{
  REG_WRITE_ORDER_DEFAULT          = 0,
  REG_WRITE_ORDER_KNOWN_NEW        = 1 << 0,  /* no order has its remote id: a clash is an error */
  REG_WRITE_ORDER_CUSTOMER_CHECKED = 1 << 1,  /* its customer was found in this transaction */
} RegWriteOrderFlags;

gboolean  _reg_store_write_order     (RegStore           *self,
                                      sqlite3            *db,
                                      RegOrder           *order,
                                      gint64              now,
                                      RegWriteOrderFlags  flags,
                                      gint64             *old_contact_id,
                                      GError            **error);
gboolean  _reg_store_append_order_items (RegStore        *self,
                                         sqlite3         *db,
                                         gint64           source_id,
                                         RegOrder        *order,
                                         gboolean        *found,
                                         GError         **error);
gboolean  _reg_store_find_order_by_remote_id (RegStore   *self,
                                              sqlite3    *db,
                                              gint64      source_id,
                                              const char *remote_id,
                                              gint64     *id,
                                              gint64     *contact_id,
                                              GError    **error);

const char *_reg_store_migration_sql (int                 from_version);
RegContact *_reg_store_find_contact_by_id (RegStore  *self,
                                           sqlite3   *db,
                                           gint64     id,
                                           GError   **error);
RegContact *_reg_store_find_contact_by_email (RegStore  *self,
                                      sqlite3            *db,
                                      const char         *email_norm,
                                      GError            **error);
gboolean  _reg_store_write_contact   (RegStore           *self,
                                      sqlite3            *db,
                                      RegContact         *contact,
                                      gint64              now,
                                      gboolean            replace_tags,
                                      GError            **error);
gboolean  _reg_store_write_orders    (RegStore           *self,
                                      GPtrArray          *orders,
                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
