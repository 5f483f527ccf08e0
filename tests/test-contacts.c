/* test-contacts.c: adding, editing, deleting customers; e-mail and tags
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-sample.h"
#include "reg-test-util.h"

typedef struct
{
  char     *dir;
  RegStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = reg_store_count_contacts (f->store, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) contact = reg_test_contact_new ("Jürgen", "Groß", "juergen@example.com");
  g_autoptr(RegContact) loaded = NULL;
  g_autoptr(RegContact) reloaded = NULL;
  const char *tags[] = { "VIP", "Wholesale", NULL };
  gint64 id;

  reg_contact_set_phone (contact, "+49 30 1234567");
  reg_contact_set_company (contact, "Feinkost Groß");
  reg_contact_set_street (contact, "Lindenallee 4");
  reg_contact_set_postcode (contact, "10115");
  reg_contact_set_city (contact, "Berlin");
  reg_contact_set_country (contact, "Germany");
  reg_contact_set_birthday (contact, "1970-02-28");
  reg_contact_set_customer_type (contact, REG_CUSTOMER_TYPE_WHOLESALE);
  reg_contact_set_note (contact, "Line one\nLine two");
  reg_contact_set_consent (contact, REG_CONSENT_YES);
  reg_contact_set_consent_at (contact, 1700000000);
  reg_contact_set_tags (contact, tags);

  g_assert_true (reg_store_save_contact (f->store, contact, &error));
  g_assert_no_error (error);
  id = reg_contact_get_id (contact);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (reg_contact_get_created_at (contact), >, 0);
  g_assert_cmpint (count (f), ==, 1);

  loaded = reg_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (reg_contact_equal (contact, loaded));

  /* Edit and read back: every field survives. */
  reg_contact_set_given_name (loaded, "Jürgen Otto");
  reg_contact_set_birthday (loaded, NULL);
  reg_contact_set_consent (loaded, REG_CONSENT_NO);
  reg_contact_set_tags_text (loaded, "VIP, Trade fair");
  g_assert_true (reg_store_save_contact (f->store, loaded, &error));
  g_assert_no_error (error);

  reloaded = reg_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (reg_contact_equal (loaded, reloaded));
  g_assert_cmpstr (reg_contact_get_birthday (reloaded), ==, NULL);
  g_assert_cmpstr (reg_contact_get_tags (reloaded)[1], ==, "Trade fair");

  /* Delete, undo, delete for good. */
  g_assert_true (reg_store_trash_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f), ==, 0);
  g_assert_null (reg_store_get_contact (f->store, id, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (reg_store_untrash_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f), ==, 1);

  g_assert_true (reg_store_trash_contact (f->store, id, &error));
  g_assert_true (reg_store_purge_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_false (reg_store_untrash_contact (f->store, id, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Updating a customer that is gone says so. */
  g_assert_false (reg_store_save_contact (f->store, reloaded, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
}

static void
test_email_unique (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) anna = reg_test_contact_new ("Anna", "Müller", "Anna.Mueller@Example.com ");
  g_autoptr(RegContact) other = reg_test_contact_new ("Annette", "Maier", "  anna.mueller@example.COM");
  g_autoptr(RegContact) no_mail_1 = reg_test_contact_new ("No", "Mail", NULL);
  g_autoptr(RegContact) no_mail_2 = reg_test_contact_new ("Also", "None", "   ");

  g_assert_true (reg_store_save_contact (f->store, anna, &error));
  g_assert_no_error (error);

  g_assert_false (reg_store_save_contact (f->store, other, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE);
  g_assert_nonnull (strstr (error->message, "Anna Müller"));
  g_assert_nonnull (strstr (error->message, "anna.mueller@example.COM"));
  g_clear_error (&error);
  g_assert_cmpint (reg_contact_get_id (other), ==, 0);
  g_assert_cmpint (count (f), ==, 1);

  /* A customer may keep, or re-case, their own address. */
  reg_contact_set_email (anna, "ANNA.MUELLER@EXAMPLE.COM");
  g_assert_true (reg_store_save_contact (f->store, anna, &error));
  g_assert_no_error (error);

  /* Any number of customers may have no address. */
  g_assert_true (reg_store_save_contact (f->store, no_mail_1, &error));
  g_assert_true (reg_store_save_contact (f->store, no_mail_2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f), ==, 3);

  /* Once Anna is deleted her address is free; she can then not come back
   * without taking it from the new owner, so undo says why it can't. */
  g_assert_true (reg_store_trash_contact (f->store, reg_contact_get_id (anna), &error));
  g_assert_true (reg_store_save_contact (f->store, other, &error));
  g_assert_no_error (error);
  g_assert_false (reg_store_untrash_contact (f->store, reg_contact_get_id (anna), &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE);
  g_assert_nonnull (strstr (error->message, "Annette Maier"));
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) a = reg_test_contact_new ("A", "One", NULL);
  g_autoptr(RegContact) b = reg_test_contact_new ("B", "Two", NULL);
  g_autoptr(RegContact) loaded = NULL;
  g_auto(GStrv) all = NULL;
  const char *messy[] = { " VIP ", "vip", "", "Café", "cafe", "Market stall", NULL };

  reg_contact_set_tags (a, messy);
  g_assert_cmpuint (g_strv_length ((char **)reg_contact_get_tags (a)), ==, 3);
  g_assert_cmpstr (reg_contact_get_tags (a)[0], ==, "VIP");
  g_assert_cmpstr (reg_contact_get_tags (a)[1], ==, "Café");

  reg_contact_set_tags_text (b, "vip,  Gift buyer ,");
  g_assert_true (reg_store_save_contact (f->store, a, &error));
  g_assert_true (reg_store_save_contact (f->store, b, &error));
  g_assert_no_error (error);

  /* One tag, whatever case it was typed in. */
  all = reg_store_list_tags (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (all), ==, 4);
  g_assert_cmpstr (all[0], ==, "Café");
  g_assert_cmpstr (all[1], ==, "Gift buyer");
  g_assert_cmpstr (all[2], ==, "Market stall");
  g_assert_cmpstr (all[3], ==, "VIP");

  loaded = reg_store_get_contact (f->store, reg_contact_get_id (b), &error);
  g_assert_no_error (error);
  /* One tag, spelt the way it was first typed. */
  g_assert_cmpstr (reg_contact_get_tags (loaded)[0], ==, "VIP");
  g_assert_cmpstr (reg_contact_get_tags (loaded)[1], ==, "Gift buyer");

  /* Tags only of deleted customers are not offered. */
  reg_contact_set_tags (loaded, NULL);
  g_assert_true (reg_store_save_contact (f->store, loaded, &error));
  g_assert_true (reg_store_trash_contact (f->store, reg_contact_get_id (a), &error));
  g_clear_pointer (&all, g_strfreev);
  all = reg_store_list_tags (f->store, &error);
  g_assert_cmpuint (g_strv_length (all), ==, 0);
}

static void
test_bulk_insert_all_or_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = reg_sample_generate_contacts (100, 5, 1700000000);
  RegContact *dup = g_ptr_array_index (contacts, 50);

  reg_contact_set_email (dup, reg_contact_get_email (g_ptr_array_index (contacts, 10)));
  g_assert_false (reg_store_insert_contacts (f->store, contacts, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE);
  g_assert_cmpint (count (f), ==, 0);
}

static void
test_get_contacts_in_order (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) a = reg_test_contact_new ("A", "One", NULL);
  g_autoptr(RegContact) b = reg_test_contact_new ("B", "Two", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 ids[3];

  reg_store_save_contact (f->store, a, &error);
  reg_store_save_contact (f->store, b, &error);
  g_assert_no_error (error);

  ids[0] = reg_contact_get_id (b);
  ids[1] = 9999;
  ids[2] = reg_contact_get_id (a);
  rows = reg_store_get_contacts (f->store, ids, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (reg_contact_get_given_name (g_ptr_array_index (rows, 0)), ==, "B");
  g_assert_cmpint (reg_contact_get_id (g_ptr_array_index (rows, 1)), ==, 9999);
  g_assert_cmpstr (reg_contact_get_given_name (g_ptr_array_index (rows, 1)), ==, "");
  g_assert_cmpstr (reg_contact_get_given_name (g_ptr_array_index (rows, 2)), ==, "A");
}

typedef struct
{
  guint  n_done;
  GError *error;
} AsyncState;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;
  GError *error = NULL;

  if (!reg_store_save_contact_finish (REG_STORE (object), result, &error) && state->error == NULL)
    state->error = error;
  else
    g_clear_error (&error);
  state->n_done++;
}

static void
test_async_saves_keep_order (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) contact = reg_test_contact_new ("Käthe", "Köhler", NULL);
  g_autoptr(RegContact) loaded = NULL;
  AsyncState state = { 0 };
  gboolean all_done = FALSE;

  reg_store_save_contact_async (f->store, contact, NULL, saved_cb, &state);
  while (state.n_done < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpint (reg_contact_get_id (contact), >, 0);

  /* Typing fast: each keystroke queues a save; the last one must win. */
  for (guint i = 1; i <= 50; i++)
    {
      g_autofree char *note = g_strdup_printf ("Edit %u", i);

      reg_contact_set_note (contact, note);
      reg_store_save_contact_async (f->store, contact, NULL, saved_cb, &state);
    }
  while (state.n_done < 51)
    g_main_context_iteration (NULL, TRUE);
  all_done = TRUE;
  g_assert_true (all_done);
  g_assert_no_error (state.error);

  loaded = reg_store_get_contact (f->store, reg_contact_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reg_contact_get_note (loaded), ==, "Edit 50");
  g_assert_cmpint (count (f), ==, 1);
}

static void
changed_cb (RegStore *store,
            guint     flags,
            GArray   *ids,
            gpointer  user_data)
{
  GArray *seen = user_data;

  g_assert_true (flags & REG_CHANGE_CONTACTS);
  if (ids != NULL)
    g_array_append_vals (seen, ids->data, ids->len);
  else
    {
      gint64 all = -1;
      g_array_append_val (seen, all);
    }
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RegContact) contact = reg_test_contact_new ("Théo", "Moreau", NULL);

  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), seen);

  reg_store_save_contact (f->store, contact, &error);
  reg_store_trash_contact (f->store, reg_contact_get_id (contact), &error);
  reg_store_load_sample_shop (f->store, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The sample shop announces its customers, then their orders. */
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpint (g_array_index (seen, gint64, 0), ==, reg_contact_get_id (contact));
  g_assert_cmpint (g_array_index (seen, gint64, 1), ==, reg_contact_get_id (contact));
  g_assert_cmpint (g_array_index (seen, gint64, 2), ==, -1);
  g_assert_cmpint (g_array_index (seen, gint64, 3), ==, -1);

  /* A failed write announces nothing. */
  g_array_set_size (seen, 0);
  g_assert_false (reg_store_trash_contact (f->store, 424242, &error));
  g_clear_error (&error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen->len, ==, 0);

  g_signal_handlers_disconnect_by_func (f->store, changed_cb, seen);
}

static void
test_sample_shop (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) countries = g_hash_table_new (g_str_hash, g_str_equal);
  guint with_company = 0;
  guint with_accents = 0;

  g_assert_true (reg_store_load_sample_shop (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f), ==, REG_SAMPLE_SHOP_SIZE);
  g_assert_cmpint (REG_SAMPLE_SHOP_SIZE, >=, 200);

  ids = reg_store_query_contact_ids (f->store, NULL, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);
  rows = reg_store_get_contacts (f->store, (gint64 *)(gpointer)ids->data, ids->len, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < rows->len; i++)
    {
      RegContact *c = g_ptr_array_index (rows, i);
      g_autofree char *name = reg_contact_dup_display_name (c);

      g_hash_table_add (countries, (gpointer)reg_contact_get_country (c));
      if (reg_contact_get_company (c)[0])
        with_company++;
      for (const char *p = name; *p; p++)
        if ((guchar)*p >= 0x80)
          {
            with_accents++;
            break;
          }
    }

  g_assert_cmpuint (g_hash_table_size (countries), >=, 5);
  g_assert_cmpuint (with_company, >=, 10);
  g_assert_cmpuint (with_accents, >=, REG_SAMPLE_SHOP_SIZE / 5);

  /* Loading it again does not double anyone. */
  g_assert_true (reg_store_load_sample_shop (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f), ==, REG_SAMPLE_SHOP_SIZE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/contacts/crud", test_crud);
  ADD ("/store/contacts/email-unique", test_email_unique);
  ADD ("/store/contacts/tags", test_tags);
  ADD ("/store/contacts/bulk-insert-all-or-nothing", test_bulk_insert_all_or_nothing);
  ADD ("/store/contacts/get-contacts-in-order", test_get_contacts_in_order);
  ADD ("/store/contacts/async-saves-keep-order", test_async_saves_keep_order);
  ADD ("/store/contacts/changed-signal", test_changed_signal);
  ADD ("/store/contacts/sample-shop", test_sample_shop);

  return g_test_run ();
}
