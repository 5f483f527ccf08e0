/* test-contact-list.c: the lazy list model and what it tells views
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "reg-test-util.h"

typedef struct
{
  char           *dir;
  RegStore       *store;
  RegContactList *list;
  GArray         *changes;  /* (position, removed, added) triples */
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint triple[3] = { position, removed, added };

  g_array_append_vals (f->changes, triple, 3);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, GPOINTER_TO_UINT (data));
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  f->list = reg_contact_list_new (f->store);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  reg_test_wait_for_list (f->list);
  g_array_set_size (f->changes, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->list);
  g_clear_object (&f->store);
  g_clear_pointer (&f->changes, g_array_unref);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

#define assert_change(f, i, pos, rem, add) \
  G_STMT_START { \
    g_assert_cmpuint ((f)->changes->len, >=, 3 * ((i) + 1)); \
    g_assert_cmpuint (g_array_index ((f)->changes, guint, 3 * (i)), ==, (pos)); \
    g_assert_cmpuint (g_array_index ((f)->changes, guint, 3 * (i) + 1), ==, (rem)); \
    g_assert_cmpuint (g_array_index ((f)->changes, guint, 3 * (i) + 2), ==, (add)); \
  } G_STMT_END

static RegContact *
item (Fixture *f,
      guint    position)
{
  return g_list_model_get_item (G_LIST_MODEL (f->list), position);
}

static void
test_initial_load (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RegContactList) fresh = reg_contact_list_new (f->store);
  g_autoptr(RegContact) first = NULL;
  g_autoptr(RegContact) last = NULL;

  /* The answer comes from a worker thread: nothing blocks the caller. */
  g_assert_true (reg_contact_list_get_loading (fresh));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, 0);
  reg_test_wait_for_list (fresh);
  g_assert_false (reg_contact_list_get_loading (fresh));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 250);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == REG_TYPE_CONTACT);

  first = item (f, 0);
  last = item (f, 249);
  g_assert_nonnull (first);
  g_assert_nonnull (last);
  g_assert_cmpstr (reg_contact_get_given_name (first), !=, "");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 250));

  /* Positions and ids agree, in both directions. */
  for (guint i = 0; i < 250; i += 17)
    {
      g_autoptr(RegContact) c = item (f, i);

      g_assert_cmpint (reg_contact_list_get_id (f->list, i), ==, reg_contact_get_id (c));
      g_assert_cmpuint (reg_contact_list_find_id (f->list, reg_contact_get_id (c)), ==, i);
    }
  g_assert_cmpuint (reg_contact_list_find_id (f->list, 987654), ==, G_MAXUINT);
}

static void
test_insert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) aaron = reg_test_contact_new ("Aaron", "Aal", NULL);
  g_autoptr(RegContact) shown = NULL;
  guint pos;

  g_assert_true (reg_store_save_contact (f->store, aaron, &error));
  g_assert_no_error (error);
  reg_test_wait_for_list (f->list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 251);
  pos = reg_contact_list_find_id (f->list, reg_contact_get_id (aaron));
  g_assert_cmpuint (pos, ==, 0); /* "Aaron Aal" sorts first */
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, pos, 0, 1);

  shown = item (f, pos);
  g_assert_cmpstr (reg_contact_get_family_name (shown), ==, "Aal");
}

static void
test_delete_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = reg_contact_list_get_id (f->list, 100);

  g_assert_true (reg_store_trash_contact (f->store, id, &error));
  reg_test_wait_for_list (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 249);
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 100, 1, 0);

  g_array_set_size (f->changes, 0);
  g_assert_true (reg_store_untrash_contact (f->store, id, &error));
  reg_test_wait_for_list (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 250);
  g_assert_cmpint (reg_contact_list_get_id (f->list, 100), ==, id);
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 100, 0, 1);
}

static void
test_edit_in_place (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) before = item (f, 42);
  g_autoptr(RegContact) full = reg_store_get_contact (f->store, reg_contact_get_id (before), &error);
  g_autoptr(RegContact) after = NULL;

  g_assert_no_error (error);
  reg_contact_set_city (full, "Oberammergau");
  g_assert_true (reg_store_save_contact (f->store, full, &error));
  reg_test_wait_for_list (f->list);

  /* Same place in the list, new content: one row replaced. */
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 42, 1, 1);
  after = item (f, 42);
  g_assert_cmpstr (reg_contact_get_city (after), ==, "Oberammergau");
}

static void
test_rename_moves (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = reg_contact_list_get_id (f->list, 10);
  g_autoptr(RegContact) full = reg_store_get_contact (f->store, id, &error);
  g_autoptr(GArray) expected = NULL;
  guint pos;

  reg_contact_set_given_name (full, "Zacharias");
  reg_contact_set_family_name (full, "Zzyzx");
  g_assert_true (reg_store_save_contact (f->store, full, &error));
  reg_test_wait_for_list (f->list);

  expected = reg_store_query_contact_ids (f->store, NULL, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);
  for (pos = 0; g_array_index (expected, gint64, pos) != id; pos++)
    ;
  g_assert_cmpuint (pos, >, 200);

  /* The rows between the old and the new place shift; nothing else. */
  g_assert_cmpuint (reg_contact_list_find_id (f->list, id), ==, pos);
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 10, pos - 10 + 1, pos - 10 + 1);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = reg_store_query_contact_ids (f->store, "mü", REG_CONTACT_SORT_NAME,
                                                            FALSE, 0, NULL, &error);
  guint n;

  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, 250);

  reg_contact_list_set_search (f->list, "mü");
  g_assert_true (reg_contact_list_get_loading (f->list));
  reg_test_wait_for_list (f->list);

  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (f->changes->len, >=, 3);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (reg_contact_list_get_id (f->list, i), ==, g_array_index (expected, gint64, i));

  /* A newer search replaces an older one still running. */
  reg_contact_list_set_search (f->list, "zzzz-nobody");
  reg_contact_list_set_search (f->list, NULL);
  reg_test_wait_for_list (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 250);
  g_assert_null (reg_contact_list_get_search (f->list));
}

/* Only a segment's members are listed, in the order asked for, and a
 * search looks inside the segment; a customer who moves leaves it. */
static void
test_segment (Fixture       *f,
              gconstpointer  data)
{
  const char *rule = "{\"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) everyone = reg_store_query_contact_ids (f->store, NULL, REG_CONTACT_SORT_NAME, FALSE, 0, NULL,
                                                            &error);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RegContact) first = NULL;
  g_autofree char *first_name = NULL;
  guint n;

  for (guint i = 0; i < everyone->len; i++)
    {
      g_autoptr(GPtrArray) rows = reg_store_get_contacts (f->store, &g_array_index (everyone, gint64, i), 1, NULL);
      RegContact *contact = g_ptr_array_index (rows, 0);

      if (g_strcmp0 (reg_contact_get_city (contact), "Berlin") == 0)
        g_array_append_val (expected, g_array_index (everyone, gint64, i));
    }
  g_assert_cmpuint (expected->len, >, 1);
  g_assert_cmpuint (expected->len, <, everyone->len);

  reg_contact_list_set_segment (f->list, rule);
  g_assert_cmpstr (reg_contact_list_get_segment (f->list), ==, rule);
  reg_test_wait_for_list (f->list);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n, ==, expected->len);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (reg_contact_list_get_id (f->list, i), ==, g_array_index (expected, gint64, i));

  /* A search inside it: the first member's given name finds them. */
  first = item (f, 0);
  first_name = g_strdup (reg_contact_get_given_name (first));
  reg_contact_list_set_search (f->list, first_name);
  reg_test_wait_for_list (f->list);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RegContact) c = item (f, i);
      g_assert_cmpstr (reg_contact_get_city (c), ==, "Berlin");
    }
  reg_contact_list_set_search (f->list, NULL);
  reg_test_wait_for_list (f->list);

  /* Moving to Hamburg takes the customer out. */
  reg_contact_set_city (first, "Hamburg");
  reg_store_save_contact (f->store, first, &error);
  g_assert_no_error (error);
  reg_test_iterate (20);
  reg_test_wait_for_list (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, expected->len - 1);
  g_assert_cmpuint (reg_contact_list_find_id (f->list, reg_contact_get_id (first)), ==, G_MAXUINT);

  /* No segment: everyone again. */
  reg_contact_list_set_segment (f->list, NULL);
  reg_test_wait_for_list (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, everyone->len);
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  gint64 prev = G_MAXINT64;

  reg_contact_list_set_sort (f->list, REG_CONTACT_SORT_CREATED, TRUE);
  g_assert_cmpint (reg_contact_list_get_sort (f->list), ==, REG_CONTACT_SORT_CREATED);
  g_assert_true (reg_contact_list_get_descending (f->list));
  reg_test_wait_for_list (f->list);

  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(RegContact) c = item (f, i);

      g_assert_cmpint (reg_contact_get_created_at (c), <=, prev);
      prev = reg_contact_get_created_at (c);
    }
}

static void
test_bulk_change_resets (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (reg_store_load_sample_shop (f->store, &error));
  g_assert_no_error (error);
  reg_test_wait_for_list (f->list);

  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 0, 250, g_list_model_get_n_items (G_LIST_MODEL (f->list)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >, 250);
}

static void
test_empty_store (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) first = reg_test_contact_new ("Erste", "Kundin", NULL);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 0));

  g_assert_true (reg_store_save_contact (f->store, first, &error));
  reg_test_wait_for_list (f->list);
  assert_change (f, 0, 0, 0, 1);
}

static void
test_many_rows_lazy (Fixture       *f,
                     gconstpointer  data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));

  g_assert_cmpuint (n, ==, 5000);
  /* Reading far-apart rows in any order gives each its own customer. */
  for (guint i = 0; i < n; i += 397)
    {
      g_autoptr(RegContact) c = item (f, n - 1 - i);
      g_assert_cmpint (reg_contact_get_id (c), ==, reg_contact_list_get_id (f->list, n - 1 - i));
    }

  /* A new order shows its first rows before the whole order is known. */
  g_array_set_size (f->changes, 0);
  reg_contact_list_set_sort (f->list, REG_CONTACT_SORT_CITY, FALSE);
  reg_test_wait_for_list (f->list);
  g_assert_cmpuint (f->changes->len, ==, 6);
  assert_change (f, 0, 0, 5000, 100);
  assert_change (f, 1, 100, 0, 4900);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, n, func) \
  g_test_add (name, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/contact-list/initial-load", 250, test_initial_load);
  ADD ("/contact-list/segment", 250, test_segment);
  ADD ("/contact-list/items-changed/insert", 250, test_insert);
  ADD ("/contact-list/items-changed/delete-and-undo", 250, test_delete_and_undo);
  ADD ("/contact-list/items-changed/edit-in-place", 250, test_edit_in_place);
  ADD ("/contact-list/items-changed/rename-moves", 250, test_rename_moves);
  ADD ("/contact-list/items-changed/bulk-change-resets", 250, test_bulk_change_resets);
  ADD ("/contact-list/search", 250, test_search);
  ADD ("/contact-list/sort", 250, test_sort);
  ADD ("/contact-list/empty-store", 0, test_empty_store);
  ADD ("/contact-list/many-rows-lazy", 5000, test_many_rows_lazy);

  return g_test_run ();
}
