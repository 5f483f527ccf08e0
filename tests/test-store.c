/* test-store.c: opening, creating, migrating and refusing files
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "reg-sample.h"
#include "reg-store-private.h"
#include "reg-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "shop.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static int
pragma_int (const char *path,
            const char *pragma)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
fill_store (const char *path,
            guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = reg_store_open (path, &error);
  g_autoptr(GPtrArray) contacts = reg_sample_generate_contacts (n, 1, 1700000000);

  g_assert_no_error (error);
  reg_store_insert_contacts (store, contacts, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A refused file is byte for byte what it was, and gets no companions. */
static void
assert_refused (const char    *path,
                int            code,
                const char    *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autofree char *before = reg_test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  gboolean had_wal = g_file_test (wal, G_FILE_TEST_EXISTS);

  store = reg_store_open (path, &error);
  g_assert_error (error, REG_STORE_ERROR, code);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, message_part));
  g_test_message ("Refused: %s", error->message);

  after = reg_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (g_file_test (wal, G_FILE_TEST_EXISTS), ==, had_wal);
  if (!had_wal)
    g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_creates_new (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "regulars.db", NULL);
  g_autoptr(RegStore) store = reg_store_open (nested, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (reg_store_get_path (store), ==, nested);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (reg_store_count_contacts (store, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (pragma_int (nested, "application_id"), ==, REG_STORE_APPLICATION_ID);
  g_assert_cmpint (pragma_int (nested, "user_version"), ==, REG_STORE_SCHEMA_VERSION);
}

static void
test_wal_and_foreign_keys (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = reg_store_open (f->path, &error);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = _reg_store_lock_writer (store);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  _reg_store_unlock_writer (store);
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;

  fill_store (f->path, 25);

  store = reg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reg_store_count_contacts (store, &error), ==, 25);
  g_assert_cmpint (pragma_int (f->path, "user_version"), ==, REG_STORE_SCHEMA_VERSION);
}

static void
test_default_path (void)
{
  g_autofree char *from_env = NULL;
  g_autofree char *fallback = NULL;

  g_setenv ("REGULARS_DB", "/somewhere/else.db", TRUE);
  from_env = reg_store_dup_default_path ();
  g_assert_cmpstr (from_env, ==, "/somewhere/else.db");

  g_unsetenv ("REGULARS_DB");
  fallback = reg_store_dup_default_path ();
  g_assert_true (g_str_has_prefix (fallback, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (fallback, "regulars.db"));
}

static void
test_empty_file_adopted (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;

  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);

  store = reg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma_int (f->path, "user_version"), ==, REG_STORE_SCHEMA_VERSION);
}

static void
test_migrates_blank_sqlite (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;

  /* A valid SQLite file with no tables and no mark: nothing to lose. */
  exec_sql (f->path, "PRAGMA page_size = 4096; VACUUM;");
  g_assert_cmpint (pragma_int (f->path, "user_version"), ==, 0);

  store = reg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma_int (f->path, "user_version"), ==, REG_STORE_SCHEMA_VERSION);
  g_assert_cmpint (pragma_int (f->path, "application_id"), ==, REG_STORE_APPLICATION_ID);
}

static void
test_refuses_text_file (Fixture       *f,
                        gconstpointer  data)
{
  g_file_set_contents (f->path, "Email,First Name\nanna@example.com,Anna\n", -1, NULL);
  assert_refused (f->path, REG_STORE_ERROR_NOT_REGULARS, "not a Regulars customer file");
}

static void
test_refuses_foreign_sqlite (Fixture       *f,
                             gconstpointer  data)
{
  exec_sql (f->path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');");
  assert_refused (f->path, REG_STORE_ERROR_NOT_REGULARS, "another program");
}

static void
test_refuses_foreign_application_id (Fixture       *f,
                                     gconstpointer  data)
{
  exec_sql (f->path, "PRAGMA application_id = 12345; PRAGMA user_version = 1;"
                     "CREATE TABLE contacts (id INTEGER PRIMARY KEY);");
  assert_refused (f->path, REG_STORE_ERROR_NOT_REGULARS, "another program");
}

static void
test_refuses_newer_schema (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", REG_STORE_SCHEMA_VERSION + 1);

  fill_store (f->path, 3);
  exec_sql (f->path, sql);
  assert_refused (f->path, REG_STORE_ERROR_TOO_NEW, "newer version of Regulars");
}

static void
test_refuses_truncated (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize len;

  fill_store (f->path, 400);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  g_assert_true (g_file_set_contents (f->path, contents, len / 2, NULL));

  assert_refused (f->path, REG_STORE_ERROR_CORRUPT, "damaged");
}

static void
test_refuses_damaged_schema (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize len;

  fill_store (f->path, 50);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  /* Scribble over the first page after the header: the schema lives there. */
  for (gsize i = 100; i < 4096 && i < len; i++)
    contents[i] = (char)(i * 7);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));

  assert_refused (f->path, REG_STORE_ERROR_CORRUPT, "damaged");
}

static void
test_refuses_directory (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;

  g_mkdir (f->path, 0700);
  store = reg_store_open (f->path, &error);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_REGULARS);
  g_assert_null (store);
}

static void
test_disk_full_loses_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  sqlite3 *db;

  fill_store (f->path, 10);
  store = reg_store_open (f->path, &error);
  g_assert_no_error (error);

  /* SQLite's own way to run out of room: the same error a full disk gives. */
  db = _reg_store_lock_writer (store);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA max_page_count = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  _reg_store_unlock_writer (store);

  contacts = reg_sample_generate_contacts (2000, 99, 1700000000);
  g_assert_false (reg_store_insert_contacts (store, contacts, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  g_assert_cmpint (reg_store_count_contacts (store, &error), ==, 10);
  g_assert_no_error (error);
}

static void
test_busy_file (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegContact) contact = reg_test_contact_new ("Lena", "Busy", NULL);
  sqlite3 *other = NULL;
  sqlite3 *db;

  store = reg_store_open (f->path, &error);
  g_assert_no_error (error);

  db = _reg_store_lock_writer (store);
  sqlite3_busy_timeout (db, 50);
  _reg_store_unlock_writer (store);

  /* Another program holds the write lock. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (reg_store_save_contact (store, contact, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Another program"));
  g_clear_error (&error);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  /* Once it lets go, writing works again. */
  g_assert_true (reg_store_save_contact (store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reg_store_count_contacts (store, &error), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open/creates-new", test_creates_new);
  ADD ("/store/open/wal-and-foreign-keys", test_wal_and_foreign_keys);
  ADD ("/store/open/reopen-keeps-data", test_reopen_keeps_data);
  ADD ("/store/open/empty-file-adopted", test_empty_file_adopted);
  ADD ("/store/migrations/blank-sqlite", test_migrates_blank_sqlite);
  ADD ("/store/refuse/text-file", test_refuses_text_file);
  ADD ("/store/refuse/foreign-sqlite", test_refuses_foreign_sqlite);
  ADD ("/store/refuse/foreign-application-id", test_refuses_foreign_application_id);
  ADD ("/store/refuse/newer-schema", test_refuses_newer_schema);
  ADD ("/store/refuse/truncated", test_refuses_truncated);
  ADD ("/store/refuse/damaged-schema", test_refuses_damaged_schema);
  ADD ("/store/refuse/directory", test_refuses_directory);
  ADD ("/store/write/disk-full-loses-nothing", test_disk_full_loses_nothing);
  ADD ("/store/write/busy-file", test_busy_file);
  g_test_add_func ("/store/open/default-path", test_default_path);

  return g_test_run ();
}
