/* reg-store.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "reg-store-private.h"
#include "reg-text.h"

#define BUSY_TIMEOUT_MS 5000

G_DEFINE_FINAL_TYPE (RegStore, reg_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (reg-store-error-quark, reg_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  RegStoreWriteFunc func;
  gpointer          data;
  GDestroyNotify    data_destroy;
} WriteJob;

typedef struct
{
  RegStore       *store;
  RegChangeFlags  flags;
  GArray         *ids;
} ChangedEmission;

typedef enum
{
  FILE_NEW,
  FILE_OURS,
} FileKind;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  if (job->data_destroy)
    job->data_destroy (job->data);
  g_free (job);
}

static void
changed_emission_free (gpointer data)
{
  ChangedEmission *emission = data;

  g_clear_object (&emission->store);
  g_clear_pointer (&emission->ids, g_array_unref);
  g_free (emission);
}

static gboolean
emit_changed_cb (gpointer data)
{
  ChangedEmission *emission = data;

  g_signal_emit (emission->store, signals[CHANGED], 0, emission->flags, emission->ids);

  return G_SOURCE_REMOVE;
}

static void
write_thread_func (gpointer data,
                   gpointer user_data)
{
  g_autoptr(GTask) task = data;
  RegStore *self = g_task_get_source_object (task);
  WriteJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->func (self, job->data, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static char *
dup_display_path (const char *path)
{
  return g_filename_display_name (path);
}

/* Decides from the file's first bytes alone, without letting SQLite near it,
 * whether a file is ours: SQLite might roll back a journal (a write) on open,
 * and a file that is not ours must never be touched. */
static gboolean
inspect_file (const char  *path,
              FileKind    *kind,
              GError     **error)
{
  g_autofree char *display = dup_display_path (path);
  g_autofree char *wal_path = NULL;
  GStatBuf st;
  guint8 header[100];
  guint32 application_id;
  guint32 user_version;
  guint32 page_size;
  guint32 page_count;
  gsize n_read;
  FILE *file;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *dir = NULL;

      if (saved_errno != ENOENT)
        {
          g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_IO,
                       _("Regulars cannot open “%s”: %s."), display, g_strerror (saved_errno));
          return FALSE;
        }

      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          saved_errno = errno;
          g_autofree char *display_dir = dup_display_path (dir);

          g_set_error (error, REG_STORE_ERROR,
                       saved_errno == EACCES || saved_errno == EROFS ? REG_STORE_ERROR_READ_ONLY
                                                                    : REG_STORE_ERROR_IO,
                       _("Regulars cannot create the folder “%s” for your customer file: %s."),
                       display_dir, g_strerror (saved_errno));
          return FALSE;
        }

      *kind = FILE_NEW;
      return TRUE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_REGULARS,
                   _("“%s” is a folder or device, not a Regulars customer file. "
                     "Choose a file instead."), display);
      return FALSE;
    }

  /* An empty file is where SQLite starts too; it holds nothing to lose. */
  if (st.st_size == 0)
    {
      *kind = FILE_NEW;
      return TRUE;
    }

  if (!(file = g_fopen (path, "rb")))
    {
      int saved_errno = errno;

      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_IO,
                   _("Regulars cannot read “%s”: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }
  n_read = fread (header, 1, sizeof header, file);
  fclose (file);

  if (n_read < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_REGULARS,
                   _("“%s” is not a Regulars customer file, so Regulars left it untouched. "
                     "Check that you chose the right file."), display);
      return FALSE;
    }

  user_version = read_be32 (header + 60);
  application_id = read_be32 (header + 68);
  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  page_count = read_be32 (header + 28);

  if (application_id != REG_STORE_APPLICATION_ID)
    {
      /* A blank SQLite file (one page, no tables) can become ours. */
      if (application_id == 0 && user_version == 0 && page_count <= 1)
        {
          *kind = FILE_NEW;
          return TRUE;
        }

      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_REGULARS,
                   _("“%s” belongs to another program, not to Regulars, so Regulars left it "
                     "untouched. Check that you chose the right file."), display);
      return FALSE;
    }

  if (user_version > REG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Regulars (file format %u; this "
                     "version knows up to %d), so it was left untouched. Install the newer "
                     "Regulars to open it."),
                   display, user_version, REG_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* The header's page count is exact when its "valid for" counter matches the
   * change counter; a shorter file has lost its end. With a write-ahead log
   * beside it the file may legitimately lag, so only judge a file without one. */
  wal_path = g_strconcat (path, "-wal", NULL);
  if (read_be32 (header + 92) == read_be32 (header + 24) &&
      page_count > 0 &&
      !g_file_test (wal_path, G_FILE_TEST_EXISTS) &&
      (guint64)st.st_size < (guint64)page_count * page_size)
    {
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged: part of the file is missing. Regulars left it untouched. "
                     "Restore the file from a backup."), display);
      return FALSE;
    }

  *kind = FILE_OURS;
  return TRUE;
}

static void
fold_func (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = reg_text_fold (text);
  sqlite3_result_text (context, folded, -1, g_free);
}

static sqlite3 *
open_connection (RegStore    *self,
                 int          flags,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _reg_store_set_error (self, error, db, rc);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_create_function_v2 (db, "regulars_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, fold_func, NULL, NULL, NULL);

  return db;
}

static gboolean
check_schema (RegStore  *self,
              sqlite3   *db,
              int       *version,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _reg_store_prepare (self, db, "PRAGMA user_version", error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);
  *version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (*version > REG_STORE_SCHEMA_VERSION)
    {
      g_autofree char *display = dup_display_path (self->path);

      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Regulars (file format %d; this "
                     "version knows up to %d), so it was left untouched. Install the newer "
                     "Regulars to open it."),
                   display, *version, REG_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* Reading the schema reads the first page: damage there shows up here. */
  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                   "('contacts', 'tags', 'contact_tags', 'contacts_fts')",
                                   error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);

  if (*version >= 1 && sqlite3_column_int (stmt, 0) != 4)
    {
      g_autofree char *display = dup_display_path (self->path);

      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged: parts of it are missing. Regulars left it untouched. "
                     "Restore the file from a backup."), display);
      return FALSE;
    }

  return TRUE;
}

static void
reg_store_finalize (GObject *object)
{
  RegStore *self = (RegStore *)object;

  /* Every queued write holds a reference, so nothing is pending here; do not
   * wait, this may run on the writer thread itself. */
  if (self->write_pool)
    g_thread_pool_free (self->write_pool, FALSE, FALSE);

  if (self->idle_readers)
    {
      for (guint i = 0; i < self->idle_readers->len; i++)
        sqlite3_close_v2 (g_ptr_array_index (self->idle_readers, i));
      g_ptr_array_unref (self->idle_readers);
    }

  g_clear_pointer (&self->writer_stmts, g_hash_table_unref);
  g_clear_pointer (&self->writer, sqlite3_close_v2);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->readers_lock);

  G_OBJECT_CLASS (reg_store_parent_class)->finalize (object);
}

static void
reg_store_class_init (RegStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* Memory statistics put one global lock around every allocation SQLite
   * makes, which makes the UI's page reads wait for a worker's long query.
   * Only possible before SQLite starts; if someone else started it, fine. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  object_class->finalize = reg_store_finalize;

  /**
   * RegStore::changed:
   * @flags: a #RegChangeFlags saying what kind of records changed
   * @ids: (nullable): a #GArray of the #gint64 ids of the changed contacts,
   *   or %NULL when too many changed to list
   *
   * Emitted on the main context the store was opened on, after a write
   * has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
}

static void
reg_store_init (RegStore *self)
{
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->readers_lock);
  self->idle_readers = g_ptr_array_new ();
}

/**
 * reg_store_dup_default_path:
 *
 * Returns: (transfer full): `$REGULARS_DB` if set, else `regulars.db` in
 *   the user's data folder.
 */
char *
reg_store_dup_default_path (void)
{
  const char *env = g_getenv ("REGULARS_DB");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "regulars", "regulars.db", NULL);
}

/**
 * reg_store_open:
 * @path: (nullable): the file, or %NULL for reg_store_dup_default_path()
 *
 * Opens a Regulars database, creating it when missing and bringing an older
 * one up to date. A file that is not a Regulars database, is damaged, or
 * comes from a newer Regulars is refused with a #RegStoreError and is not
 * written to.
 *
 * Change notifications are emitted on the thread-default main context of
 * the caller.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RegStore *
reg_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(RegStore) self = NULL;
  FileKind kind;
  int version = 0;

  self = g_object_new (REG_TYPE_STORE, NULL);
  self->path = path ? g_strdup (path) : reg_store_dup_default_path ();
  self->main_context = g_main_context_ref_thread_default ();

  if (!inspect_file (self->path, &kind, error))
    return NULL;

  if (!(self->writer = open_connection (self,
                                        SQLITE_OPEN_READWRITE |
                                        (kind == FILE_NEW ? SQLITE_OPEN_CREATE : 0),
                                        error)))
    return NULL;

  if (!check_schema (self, self->writer, &version, error))
    return NULL;

  if (!_reg_store_exec (self, self->writer,
                        "PRAGMA journal_mode = WAL;"
                        "PRAGMA synchronous = NORMAL;"
                        "PRAGMA foreign_keys = ON;",
                        error))
    return NULL;

  if (!_reg_store_migrate (self, self->writer, version, error))
    return NULL;

  /* Deleted customers wait in the trash only as long as an Undo can come. */
  if (!reg_store_purge_trash (self, 60 * 60, error))
    return NULL;

  self->write_pool = g_thread_pool_new (write_thread_func, self, 1, FALSE, error);
  if (self->write_pool == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
reg_store_get_path (RegStore *self)
{
  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  return self->path;
}

sqlite3 *
_reg_store_lock_writer (RegStore *self)
{
  g_mutex_lock (&self->write_lock);
  return self->writer;
}

void
_reg_store_unlock_writer (RegStore *self)
{
  g_mutex_unlock (&self->write_lock);
}

sqlite3 *
_reg_store_acquire_reader (RegStore  *self,
                           GError   **error)
{
  sqlite3 *db = NULL;

  g_mutex_lock (&self->readers_lock);
  if (self->idle_readers->len > 0)
    db = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
  g_mutex_unlock (&self->readers_lock);

  if (db != NULL)
    return db;

  if (!(db = open_connection (self, SQLITE_OPEN_READONLY, error)))
    return NULL;

  /* Readers walk indexes front to back and fetch a page of rows at a time;
   * the system's file cache serves them as well as a big private cache
   * would, so keep each connection's small and memory flat in the size of
   * the shop. */
  if (!_reg_store_exec (self, db, "PRAGMA query_only = ON; PRAGMA cache_size = -256;", error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  return db;
}

void
_reg_store_release_reader (RegStore *self,
                           sqlite3  *db)
{
  /* A reader must not keep a read transaction open, or the log never shrinks. */
  g_assert (sqlite3_get_autocommit (db));

  g_mutex_lock (&self->readers_lock);
  g_ptr_array_add (self->idle_readers, db);
  g_mutex_unlock (&self->readers_lock);
}

/**
 * _reg_store_set_error:
 *
 * Turns an SQLite result into an error a shop owner can act on.
 *
 * Returns: %FALSE, always, so callers can `return _reg_store_set_error (…)`.
 */
gboolean
_reg_store_set_error (RegStore  *self,
                      GError   **error,
                      sqlite3   *db,
                      int        rc)
{
  g_autofree char *display = dup_display_path (self->path);
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be read safely. Regulars will not write to "
                     "it. Restore the file from a backup."), display);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_REGULARS,
                   _("“%s” is not a Regulars customer file, so Regulars left it untouched. "
                     "Check that you chose the right file."), display);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_BUSY,
                   _("Another program is using “%s” right now, so nothing was changed. "
                     "Close the other program and try again."), display);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_READ_ONLY,
                   _("Regulars may not write to “%s” or its folder, so nothing was changed. "
                     "Check the file’s permissions."), display);
      break;

    case SQLITE_FULL:
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_DISK_FULL,
                           _("The disk is full, so nothing was changed. Free some space and "
                             "try again."));
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_IO,
                   _("Regulars cannot read or write “%s” (%s). Check that the disk is "
                     "connected and try again."), display, detail);
      break;

    default:
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED,
                   _("Something went wrong with “%s” (%s). Nothing was changed."),
                   display, detail);
      break;
    }

  return FALSE;
}

gboolean
_reg_store_exec (RegStore    *self,
                 sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

sqlite3_stmt *
_reg_store_prepare (RegStore    *self,
                    sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _reg_store_set_error (self, error, db, rc);
      return NULL;
    }

  return stmt;
}

/* A statement of the writer connection, prepared once and kept: bulk
 * writers run the same few statements hundreds of thousands of times.
 * @sql must be a string literal (or otherwise live as long as the store):
 * the statement is found again by its address. Borrowed: do not finalize
 * it. It comes back reset with no bindings. */
sqlite3_stmt *
_reg_store_prepare_cached (RegStore    *self,
                           sqlite3     *db,
                           const char  *sql,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (db == self->writer);

  /* Keyed by the address of the text, which is a literal: hashing the
   * whole statement at every call shows up in imports. */
  if (self->writer_stmts == NULL)
    self->writer_stmts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)sqlite3_finalize);

  if ((stmt = g_hash_table_lookup (self->writer_stmts, sql)))
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if ((rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)) != SQLITE_OK)
    {
      _reg_store_set_error (self, error, db, rc);
      return NULL;
    }

  g_hash_table_insert (self->writer_stmts, (gpointer)sql, stmt);

  return stmt;
}

gboolean
_reg_store_begin (RegStore  *self,
                  sqlite3   *db,
                  GError   **error)
{
  return _reg_store_exec (self, db, "BEGIN IMMEDIATE", error);
}

gboolean
_reg_store_commit (RegStore  *self,
                   sqlite3   *db,
                   GError   **error)
{
  return _reg_store_exec (self, db, "COMMIT", error);
}

void
_reg_store_rollback (RegStore *self,
                     sqlite3  *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  /* The dropped index triggers come back with the rollback. */
  if (db == self->writer)
    g_clear_pointer (&self->paused_index_triggers, g_ptr_array_unref);
}

/**
 * _reg_store_emit_changed:
 * @ids: (transfer full) (nullable): the changed contact ids
 *
 * Schedules RegStore::changed on the store's main context. Call after commit.
 */
void
_reg_store_emit_changed (RegStore       *self,
                         RegChangeFlags  flags,
                         GArray         *ids)
{
  ChangedEmission *emission = g_new0 (ChangedEmission, 1);

  emission->store = g_object_ref (self);
  emission->flags = flags;
  emission->ids = ids;

  _reg_store_run_on_context (self->main_context, emit_changed_cb, emission, changed_emission_free);
}

/* Runs @func from @context's next iteration: never right away, and never in
 * the calling thread, as g_main_context_invoke() may when nobody iterates
 * @context at that moment. */
void
_reg_store_run_on_context (GMainContext   *context,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[regulars] run on context");
  g_source_attach (source, context);
}

/* Lets a long query on @db stop soon after @cancellable is cancelled. */
void
_reg_store_set_cancellable (sqlite3      *db,
                            GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);
  else
    sqlite3_progress_handler (db, 0, NULL, NULL);
}

/* Runs @func on the writer thread; writes queued this way happen in the
 * order they were queued, so a later edit never lands before an earlier one. */
void
_reg_store_queue_write (RegStore            *self,
                        gpointer             source_tag,
                        RegStoreWriteFunc    func,
                        gpointer             data,
                        GDestroyNotify       data_destroy,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  WriteJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  job = g_new0 (WriteJob, 1);
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  g_task_set_task_data (task, job, write_job_free);

  g_thread_pool_push (self->write_pool, task, NULL);
}

/* The data given to _reg_store_queue_write(), for a finish function. */
gpointer
_reg_store_get_write_data (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);

  return job->data;
}
