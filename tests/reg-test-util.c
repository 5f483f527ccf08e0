/* reg-test-util.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "reg-sample.h"
#include "reg-test-util.h"

char *
reg_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("regulars-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
reg_test_remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        reg_test_remove_tmp_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* A new store in @dir holding @n_sample_contacts made-up customers. */
RegStore *
reg_test_open_store (const char *dir,
                     guint       n_sample_contacts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "regulars.db", NULL);
  g_autoptr(RegStore) store = reg_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  if (n_sample_contacts > 0)
    {
      g_autoptr(GPtrArray) contacts = reg_sample_generate_contacts (n_sample_contacts, 42,
                                                                    g_get_real_time () / G_USEC_PER_SEC);

      reg_store_insert_contacts (store, contacts, &error);
      g_assert_no_error (error);
    }

  /* Let the change notifications of the set-up go by. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return g_steal_pointer (&store);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting");
  return G_SOURCE_REMOVE;
}

void
reg_test_wait_for_list (RegContactList *list)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, NULL);

  while (g_main_context_pending (NULL) || reg_contact_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
}

void
reg_test_wait_for (gboolean *flag)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
reg_test_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  reg_test_wait_for (&done);
}

RegContact *
reg_test_contact_new (const char *given,
                      const char *family,
                      const char *email)
{
  RegContact *contact = reg_contact_new ();

  reg_contact_set_given_name (contact, given);
  reg_contact_set_family_name (contact, family);
  reg_contact_set_email (contact, email);

  return contact;
}

char *
reg_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
}

/**
 * reg_test_find_contact:
 *
 * Returns: (transfer full) (nullable): the one customer a search finds,
 *   %NULL if it finds none or several
 */
RegContact *
reg_test_find_contact (RegStore   *store,
                       const char *search)
{
  g_autoptr(GArray) ids = reg_store_query_contact_ids (store, search, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, NULL);

  if (ids == NULL || ids->len != 1)
    return NULL;

  return reg_store_get_contact (store, g_array_index (ids, gint64, 0), NULL);
}

/**
 * reg_test_db_files_contain:
 *
 * Whether the database file, or what SQLite keeps beside it (its WAL and
 * journal), holds @text anywhere, byte for byte.
 */
gboolean
reg_test_db_files_contain (const char *db_path,
                           const char *text)
{
  const char *suffixes[] = { "", "-wal", "-journal" };
  gsize n = strlen (text);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &bytes, &length, NULL))
        continue;
      for (gsize at = 0; at + n <= length; at++)
        if (memcmp (bytes + at, text, n) == 0)
          return TRUE;
    }

  return FALSE;
}
