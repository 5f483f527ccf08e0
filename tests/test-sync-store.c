/* test-sync-store.c: shops, and how a page of a shop's records is written
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "reg-source.h"
#include "reg-test-util.h"

#define DAY ((gint64)86400)
#define T0 G_GINT64_CONSTANT (1700000000)

typedef struct
{
  char     *dir;
  RegStore *store;
  gint64    shop;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
  f->shop = reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "My Shop", "https://shop.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->shop, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

static RegSyncCustomer *
customer (const char *remote_id,
          const char *given,
          const char *email,
          const char *city,
          gint64      at)
{
  RegSyncCustomer *c = g_new0 (RegSyncCustomer, 1);

  c->contact = reg_test_contact_new (given, "Shopper", email);
  reg_contact_set_city (c->contact, city);
  c->remote_id = g_strdup (remote_id);
  c->data_at = at;

  return c;
}

static RegSyncOrder *
order (const char *remote_id,
       const char *customer_remote_id,
       const char *email,
       const char *city,
       gint64      at,
       gint64      total)
{
  RegSyncOrder *o = g_new0 (RegSyncOrder, 1);

  o->order = reg_order_new ();
  reg_order_set_remote_id (o->order, remote_id);
  reg_order_set_number (o->order, remote_id);
  reg_order_set_ordered_at (o->order, at);
  reg_order_set_modified_at (o->order, at + 60);
  reg_order_set_status (o->order, REG_ORDER_STATUS_PAID);
  reg_order_set_currency (o->order, "EUR");
  reg_order_set_total (o->order, total);
  reg_order_add_item (o->order, "Mug", "MUG", 1, total);
  if (email != NULL || city != NULL)
    {
      o->billing = reg_test_contact_new ("Bill", "Payer", email);
      reg_contact_set_city (o->billing, city);
    }
  o->customer_remote_id = g_strdup (customer_remote_id);

  return o;
}

static gboolean
write_page (Fixture            *f,
            GPtrArray          *customers,
            GPtrArray          *orders,
            const char * const *state,
            RegSyncPageResult  *result)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = reg_store_sync_write_page (f->store, f->shop, customers, orders, NULL, state, result, &error);

  g_assert_no_error (error);
  return ok;
}

static RegContact *
by_email (Fixture    *f,
          const char *search)
{
  g_autoptr(GArray) ids = reg_store_query_contact_ids (f->store, search, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, NULL);

  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, 1);
  return reg_store_get_contact (f->store, g_array_index (ids, gint64, 0), NULL);
}

static void
test_sources (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSource) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 other;

  found = reg_store_find_source (f->store, "  my shop ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, f->shop);
  g_assert_cmpstr (found->name, ==, "My Shop");
  g_assert_cmpstr (found->url, ==, "https://shop.example");
  g_assert_cmpint (found->platform, ==, REG_ORIGIN_WOOCOMMERCE);
  g_assert_cmpint (found->last_sync_at, ==, 0);

  /* Names are the owner's handle: no two alike. */
  g_assert_cmpint (reg_store_add_source (f->store, REG_ORIGIN_SHOPIFY, "MY SHOP", "x", &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (reg_store_add_source (f->store, REG_ORIGIN_SHOPIFY, "  ", "x", &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  other = reg_store_add_source (f->store, REG_ORIGIN_SHOPIFY, "Another", "another.myshopify.com", &error);
  g_assert_no_error (error);
  all = reg_store_list_sources (f->store, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((RegSource *)all->pdata[0])->name, ==, "Another");

  g_assert_true (reg_store_set_sync_result (f->store, other, FALSE, "The shop did not answer.", &error));
  g_clear_pointer (&found, reg_source_free);
  found = reg_store_get_source (f->store, other, &error);
  g_assert_false (found->last_ok);
  g_assert_cmpint (found->last_sync_at, >, 0);
  g_assert_cmpstr (found->last_result, ==, "The shop did not answer.");

  g_assert_true (reg_store_remove_source (f->store, other, &error));
  g_assert_null (reg_store_find_source (f->store, "Another", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
}

static void
test_first_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_customer_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_order_free);
  g_autoptr(RegContact) mine = reg_test_contact_new ("Anna", "", "ANNA@example.com");
  g_autoptr(RegContact) anna = NULL;
  g_autoptr(RegContact) ben = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  RegSyncPageResult result = { 0, };
  const char *checkpoint[] = { "orders.modified", "1700000060", NULL };

  /* Anna is already here, typed in by hand, with her city. */
  reg_contact_set_city (mine, "Berlin");
  reg_store_save_contact (f->store, mine, &error);
  g_assert_no_error (error);

  g_ptr_array_add (customers, customer ("11", "Annette", "anna@example.com", "Hamburg", T0 - DAY));
  g_ptr_array_add (customers, customer ("12", "Ben", "ben@example.com", "Wien", T0));
  /* Anna's order by her account, Ben's as a guest, and a guest nobody knows. */
  g_ptr_array_add (orders, order ("501", "11", "anna@example.com", NULL, T0, 2000));
  g_ptr_array_add (orders, order ("502", "0", "BEN@example.com", "Wien", T0 + DAY, 1500));
  g_ptr_array_add (orders, order ("503", "0", NULL, NULL, T0 + 2 * DAY, 999));

  g_assert_true (write_page (f, customers, orders, checkpoint, &result));
  g_assert_cmpuint (result.contacts_added, ==, 1);
  g_assert_cmpuint (result.orders_added, ==, 2);
  g_assert_cmpuint (result.skipped, ==, 1);

  /* Matched by address, not doubled; what Anna's owner typed stays, the
   * shop fills the rest, its order (newer than the account) last. */
  anna = by_email (f, "anna@example.com");
  g_assert_cmpint (reg_contact_get_id (anna), ==, reg_contact_get_id (mine));
  g_assert_cmpstr (reg_contact_get_given_name (anna), ==, "Anna");
  g_assert_cmpstr (reg_contact_get_family_name (anna), ==, "Payer");
  g_assert_cmpstr (reg_contact_get_city (anna), ==, "Berlin");
  g_assert_cmpuint (reg_contact_get_n_orders (anna), ==, 1);
  g_assert_cmpint (reg_contact_get_total_spent (anna), ==, 2000);

  ben = by_email (f, "ben@example.com");
  g_assert_cmpint (reg_contact_get_origin (ben), ==, REG_ORIGIN_WOOCOMMERCE);
  g_assert_cmpuint (reg_contact_get_n_orders (ben), ==, 1);

  log = reg_store_get_sync_log (f->store, f->shop, 0, &error);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((RegSyncSkip *)log->pdata[0])->remote_id, ==, "503");

  state = reg_store_get_sync_state (f->store, f->shop, "orders.modified", &error);
  g_assert_cmpstr (state, ==, "1700000060");

  /* The same page again changes nothing and doubles nothing. */
  memset (&result, 0, sizeof result);
  g_assert_true (write_page (f, customers, orders, NULL, &result));
  g_assert_cmpuint (result.contacts_added, ==, 0);
  g_assert_cmpuint (result.orders_added, ==, 0);
  g_assert_cmpuint (result.orders_updated, ==, 2);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 2);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 2);
}

/* Of the shop's own values, the newest order's address wins, whatever
 * order the pages come in; a customer's account links its orders even
 * when the billing address differs. */
static void
test_newest_wins (Fixture       *f,
                  gconstpointer  data)
{
  const char *cities[] = { "Köln", "Bonn", "Berlin" };
  const gint64 dates[] = { T0 + 30 * DAY, T0, T0 + 60 * DAY };
  const char *expected[] = { "Köln", "Köln", "Berlin" };

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    {
      g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_order_free);
      g_autofree char *number = g_strdup_printf ("%u", 700 + i);
      g_autoptr(RegContact) cara = NULL;
      RegSyncPageResult result = { 0, };

      g_ptr_array_add (orders, order (number, "21", i == 2 ? "cara.new@example.com" : "cara@example.com",
                                      cities[i], dates[i], 1000));
      g_assert_true (write_page (f, NULL, orders, NULL, &result));
      g_assert_cmpuint (result.orders_added, ==, 1);

      cara = by_email (f, "cara");
      g_assert_cmpstr (reg_contact_get_city (cara), ==, expected[i]);
      g_assert_cmpuint (reg_contact_get_n_orders (cara), ==, i + 1);
      /* The address the customer is known by does not change under her. */
      g_assert_cmpstr (reg_contact_get_email (cara), ==, "cara@example.com");
    }
}

/* A page for a shop that is gone is refused whole. */
static void
test_refused_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_order_free);
  g_autoptr(GError) error = NULL;
  RegSyncPageResult result = { 0, };

  g_ptr_array_add (orders, order ("1", "0", "x@example.com", NULL, T0, 100));
  g_assert_false (reg_store_sync_write_page (f->store, f->shop + 100, NULL, orders, NULL, NULL, &result, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 0);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 0);
}

/* Which shops know a customer, and where an order is in a shop's admin. */
static void
test_where_from (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_customer_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_order_free);
  g_autoptr(RegContact) mine = reg_test_contact_new ("Cleo", "", "cleo@example.com");
  g_autoptr(RegContact) anna = NULL;
  g_autoptr(RegContact) ben = NULL;
  g_autoptr(GPtrArray) from_anna = NULL;
  g_autoptr(GPtrArray) from_ben = NULL;
  g_autoptr(GPtrArray) from_cleo = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  RegSyncPageResult result = { 0, };
  gint64 market;

  reg_store_save_contact (f->store, mine, &error);
  g_assert_no_error (error);
  market = reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "Another Shop", "https://another.example/", &error);
  g_assert_no_error (error);

  /* Anna by her account only; Ben by a guest order only. */
  g_ptr_array_add (customers, customer ("11", "Anna", "anna@example.com", "Hamburg", T0));
  g_ptr_array_add (orders, order ("502", "0", "ben@example.com", "Wien", T0, 1500));
  g_assert_true (write_page (f, customers, orders, NULL, &result));

  anna = by_email (f, "anna@example.com");
  ben = by_email (f, "ben@example.com");
  from_anna = reg_store_list_contact_sources (f->store, reg_contact_get_id (anna), &error);
  from_ben = reg_store_list_contact_sources (f->store, reg_contact_get_id (ben), &error);
  from_cleo = reg_store_list_contact_sources (f->store, reg_contact_get_id (mine), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_anna->len, ==, 1);
  g_assert_cmpstr (((RegSource *)from_anna->pdata[0])->name, ==, "My Shop");
  g_assert_cmpuint (from_ben->len, ==, 1);
  g_assert_cmpuint (from_cleo->len, ==, 0);

  source = reg_store_get_source (f->store, market, &error);
  g_assert_no_error (error);
  url = reg_source_dup_order_url (source, "502");
  g_assert_cmpstr (url, ==, "https://another.example/wp-admin/post.php?post=502&action=edit");
  /* Only a number goes into the address. */
  g_assert_null (reg_source_dup_order_url (source, "502&action=delete"));
  g_assert_null (reg_source_dup_order_url (source, ""));
  g_assert_null (reg_source_dup_order_url (source, NULL));
}

/* A Shopify order is named by its GID; its admin page by the number in it. */
static void
test_shopify_order_url (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RegSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 id;

  id = reg_store_add_source (f->store, REG_ORIGIN_SHOPIFY, "Tea Garden", "https://tea-garden.myshopify.com", &error);
  g_assert_no_error (error);
  source = reg_store_get_source (f->store, id, &error);
  g_assert_no_error (error);

  url = reg_source_dup_order_url (source, "gid://shopify/Order/450789469");
  g_assert_cmpstr (url, ==, "https://tea-garden.myshopify.com/admin/orders/450789469");

  /* Other things Shopify names, and anything but a number, open nothing. */
  g_assert_null (reg_source_dup_order_url (source, "gid://shopify/Customer/207119551"));
  g_assert_null (reg_source_dup_order_url (source, "gid://shopify/DraftOrder/450789469"));
  g_assert_null (reg_source_dup_order_url (source, "gid://shopify/Order/"));
  g_assert_null (reg_source_dup_order_url (source, "gid://shopify/Order/450789469?x=1"));
  g_assert_null (reg_source_dup_order_url (source, "gid://shopify/Order/45/../../settings"));
  g_assert_null (reg_source_dup_order_url (source, "450789469"));
  g_assert_null (reg_source_dup_order_url (source, ""));
  g_assert_null (reg_source_dup_order_url (source, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-store/sources", test_sources);
  ADD ("/sync-store/first-page", test_first_page);
  ADD ("/sync-store/newest-address-wins", test_newest_wins);
  ADD ("/sync-store/refused-page", test_refused_page);
  ADD ("/sync-store/where-from", test_where_from);
  ADD ("/sync-store/shopify-order-url", test_shopify_order_url);

  return g_test_run ();
}
