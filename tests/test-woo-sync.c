/* test-woo-sync.c: syncing with a WooCommerce shop served by a real
 * SoupServer on 127.0.0.1, shaped like the REST API's documentation
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reg-source.h"
#include "reg-sync-engine.h"
#include "reg-sync-error.h"
#include "reg-test-util.h"

#define KEY "ck_0123456789abcdef0123456789abcdef01234567"
#define SECRET "cs_fedcba9876543210fedcba9876543210fedcba98"
#define T0 G_GINT64_CONSTANT (1700000000)
#define HOUR ((gint64)3600)

typedef enum
{
  FAULT_NONE,
  FAULT_429_ONCE,          /* the first orders request: 429 with Retry-After */
  FAULT_500_ONCE,          /* the first orders request: 500 */
  FAULT_MALFORMED_PAGE_3,  /* the third orders request: broken JSON */
  FAULT_NO_ROUTE,          /* every request: 404 rest_no_route */
  FAULT_STALL,             /* orders requests never answer */
  FAULT_CANCEL_ON_PAGE_2,  /* the owner presses Cancel while page 2 is on its way */
} Fault;

typedef struct
{
  gint64      id;
  gint64      customer_id;
  char       *email;
  char       *city;
  const char *status;
  gint64      created;
  gint64      modified;
  const char *total;
  const char *refund;      /* nullable: a refund's total, negative */
} Order;

typedef struct
{
  char         *dir;
  RegStore     *store;
  SoupServer   *server;
  char         *url;
  gint64        shop;
  GPtrArray    *orders;    /* Order */
  Fault         fault;
  guint         orders_requests;
  GPtrArray    *queries;   /* char *: every request's query, to look at */
  GString      *log;       /* everything GLib logged meanwhile */
  GCancellable *cancellable;
} Fixture;

static Fixture *current;

static void
order_free (gpointer data)
{
  Order *o = data;

  g_free (o->email);
  g_free (o->city);
  g_free (o);
}

static void
add_order (Fixture    *f,
           gint64      id,
           gint64      customer_id,
           const char *email,
           const char *city,
           gint64      created,
           const char *total)
{
  Order *o = g_new0 (Order, 1);

  o->id = id;
  o->customer_id = customer_id;
  o->email = g_strdup (email);
  o->city = g_strdup (city);
  o->status = "completed";
  o->created = created;
  o->modified = created + 60;
  o->total = total;
  g_ptr_array_add (f->orders, o);
}

static char *
gmt (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
}

/* An order as the documentation shows one: dates without a zone, money
 * as text but the item's price as a number, refunds negative. */
static void
write_order (JsonBuilder *b,
             Order       *o)
{
  g_autofree char *created = gmt (o->created);
  g_autofree char *modified = gmt (o->modified);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, o->id);
  json_builder_set_member_name (b, "number");
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, o->id);
    json_builder_add_string_value (b, number);
  }
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, o->status);
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, "EUR");
  json_builder_set_member_name (b, "date_created");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "date_created_gmt");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "date_modified_gmt");
  json_builder_add_string_value (b, modified);
  json_builder_set_member_name (b, "discount_total");
  json_builder_add_string_value (b, "0.00");
  json_builder_set_member_name (b, "shipping_total");
  json_builder_add_string_value (b, "4.9");
  json_builder_set_member_name (b, "total");
  json_builder_add_string_value (b, o->total);
  json_builder_set_member_name (b, "customer_id");
  json_builder_add_int_value (b, o->customer_id);
  json_builder_set_member_name (b, "billing");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "first_name");
  json_builder_add_string_value (b, "Kim");
  json_builder_set_member_name (b, "last_name");
  json_builder_add_string_value (b, "Lee");
  json_builder_set_member_name (b, "city");
  json_builder_add_string_value (b, o->city);
  json_builder_set_member_name (b, "country");
  json_builder_add_string_value (b, "DE");
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, o->email);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "line_items");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, o->id * 10);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Woo Single #1");
  json_builder_set_member_name (b, "sku");
  json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "quantity");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "price");
  json_builder_add_double_value (b, 3.5);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "refunds");
  json_builder_begin_array (b);
  if (o->refund != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, o->id + 1000);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, "");
      json_builder_set_member_name (b, "total");
      json_builder_add_string_value (b, o->refund);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
write_customer (JsonBuilder *b,
                gint64       id,
                const char  *given,
                const char  *email)
{
  g_autofree char *created = gmt (T0 - 100 * HOUR + id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "date_created_gmt");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, email);
  json_builder_set_member_name (b, "first_name");
  json_builder_add_string_value (b, given);
  json_builder_set_member_name (b, "last_name");
  json_builder_add_string_value (b, "Customer");
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, "customer");
  json_builder_set_member_name (b, "billing");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "city");
  json_builder_add_string_value (b, "Graz");
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static const struct { gint64 id; const char *given; const char *email; } shop_customers[] = {
  { 1, "Ada", "ada@example.com" },
  { 2, "Ben", "ben@example.com" },
  { 3, "Cem", "cem@example.com" },
};

static guint
query_uint (GHashTable *query,
            const char *name,
            guint       fallback)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;

  return value ? (guint)g_ascii_strtoull (value, NULL, 10) : fallback;
}

static int
by_modified (gconstpointer a,
             gconstpointer b)
{
  const Order *x = *(Order **)a;
  const Order *y = *(Order **)b;

  if (x->modified != y->modified)
    return x->modified < y->modified ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json,
          guint              total,
          guint              pages)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY, json, strlen (json));
  if (pages > 0)
    {
      g_autofree char *t = g_strdup_printf ("%u", total);
      g_autofree char *p = g_strdup_printf ("%u", pages);

      soup_message_headers_replace (headers, "X-WP-Total", t);
      soup_message_headers_replace (headers, "X-WP-TotalPages", p);
    }
}

static gboolean
authorized (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *expected = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *)KEY ":" SECRET, strlen (KEY ":" SECRET));

  expected = g_strconcat ("Basic ", encoded, NULL);
  return g_strcmp0 (auth, expected) == 0;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  guint per_page = query_uint (query, "per_page", 10);
  guint total = 0;

  g_ptr_array_add (f->queries, g_strdup_printf ("%s?%s", path, g_uri_get_query (soup_server_message_get_uri (msg))
                                                               ? g_uri_get_query (soup_server_message_get_uri (msg))
                                                               : ""));

  if (f->fault == FAULT_NO_ROUTE)
    {
      set_json (msg, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route was found matching the URL and "
                          "request method.\",\"data\":{\"status\":404}}", 0, 0);
      return;
    }

  if (!authorized (msg))
    {
      set_json (msg, 401, "{\"code\":\"woocommerce_rest_authentication_error\",\"message\":\"Consumer secret is "
                          "invalid.\",\"data\":{\"status\":401}}", 0, 0);
      return;
    }

  if (g_str_has_suffix (path, "/wp-json/wc/v3/customers"))
    {
      guint offset = query_uint (query, "offset", 0);

      total = G_N_ELEMENTS (shop_customers);
      json_builder_begin_array (b);
      for (guint i = offset; i < total && i < offset + per_page; i++)
        write_customer (b, shop_customers[i].id, shop_customers[i].given, shop_customers[i].email);
      json_builder_end_array (b);
    }
  else if (g_str_has_suffix (path, "/wp-json/wc/v3/orders"))
    {
      g_autoptr(GPtrArray) matching = g_ptr_array_new ();
      const char *after = query ? g_hash_table_lookup (query, "modified_after") : NULL;
      gint64 after_t = 0;
      guint page = query_uint (query, "page", 1);

      f->orders_requests++;

      if (f->fault == FAULT_429_ONCE && f->orders_requests == 1)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
          set_json (msg, 429, "{\"code\":\"too_many_requests\",\"message\":\"Slow down.\"}", 0, 0);
          return;
        }
      if (f->fault == FAULT_500_ONCE && f->orders_requests == 1)
        {
          set_json (msg, 500, "<html><body>Internal Server Error</body></html>", 0, 0);
          return;
        }
      if (f->fault == FAULT_MALFORMED_PAGE_3 && f->orders_requests == 3)
        {
          set_json (msg, 200, "[{\"id\": 17, \"status\": \"completed\", \"tot", 0, 0);
          return;
        }
      if (f->fault == FAULT_STALL ||
          (f->fault == FAULT_CANCEL_ON_PAGE_2 && f->orders_requests == 2))
        {
          soup_server_message_pause (msg);
          if (f->fault == FAULT_CANCEL_ON_PAGE_2)
            g_cancellable_cancel (f->cancellable);
          return;
        }

      if (after != NULL)
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (after, utc);

          g_assert_nonnull (dt);
          after_t = g_date_time_to_unix (dt);
        }

      for (guint i = 0; i < f->orders->len; i++)
        {
          Order *o = g_ptr_array_index (f->orders, i);

          if (after == NULL || o->modified > after_t)
            g_ptr_array_add (matching, o);
        }
      g_ptr_array_sort (matching, by_modified);

      total = matching->len;
      json_builder_begin_array (b);
      for (guint i = (page - 1) * per_page; i < matching->len && i < page * per_page; i++)
        write_order (b, g_ptr_array_index (matching, i));
      json_builder_end_array (b);
    }
  else
    {
      set_json (msg, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route.\",\"data\":{\"status\":404}}", 0, 0);
      return;
    }

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, NULL);
  set_json (msg, 200, json, total, MAX ((total + per_page - 1) / per_page, 1));
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; current != NULL && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (current->log, "%s\n", (const char *)fields[i].value);

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
  f->orders = g_ptr_array_new_with_free_func (order_free);
  f->queries = g_ptr_array_new_with_free_func (g_free);
  f->log = g_string_new (NULL);
  current = f;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  f->shop = reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "My WooCommerce shop", f->url, &error);
  g_assert_no_error (error);

  /* Twelve orders over three customers' accounts and two guests; one
   * guest is also a customer already known by address. */
  for (guint i = 0; i < 12; i++)
    {
      const char *emails[] = { "ada@example.com", "ben@example.com", "cem@example.com", "guest@example.com",
                               "BEN@example.com" };
      const gint64 accounts[] = { 1, 2, 3, 0, 0 };

      add_order (f, 100 + i, accounts[i % 5], emails[i % 5], i < 6 ? "Wien" : "Linz", T0 + i * HOUR, "24.90");
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  current = NULL;
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
  g_free (f->url);
  g_ptr_array_unref (f->orders);
  g_ptr_array_unref (f->queries);
  g_string_free (f->log, TRUE);
}

typedef struct
{
  gboolean          done;
  gboolean          ok;
  GError           *error;
  RegSyncPageResult totals;
  guint             n_progress;
  guint             n_waiting;
  GString          *said;
} Run;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->ok = reg_sync_engine_run_finish (REG_SYNC_ENGINE (object), result, &run->totals, &run->error);
  run->done = TRUE;
}

static void
progress_cb (RegSyncEngine *engine,
             const char    *what,
             guint          done,
             guint          total,
             Run           *run)
{
  g_assert_cmpuint (done, <=, total);
  g_string_append_printf (run->said, "%s: %u of %u\n", what, done, total);
  run->n_progress++;
}

static void
waiting_cb (RegSyncEngine *engine,
            const char    *message,
            Run           *run)
{
  g_string_append_printf (run->said, "%s\n", message);
  run->n_waiting++;
}

static void
sync_shop (Fixture      *f,
           const char   *key,
           const char   *secret,
           GCancellable *cancellable,
           Run          *run)
{
  g_autoptr(RegSource) source = reg_store_get_source (f->store, f->shop, NULL);
  g_autoptr(RegSyncEngine) engine = reg_sync_engine_new (f->store, source, key, secret);
  RegHttpPolicy policy;

  reg_http_policy_init (&policy);
  policy.base_delay_ms = 10;
  policy.max_tries = 3;
  policy.timeout_s = 1;
  reg_sync_engine_set_policy (engine, &policy);
  reg_sync_engine_set_page_size (engine, 5);

  memset (run, 0, sizeof *run);
  run->said = g_string_new (NULL);
  g_signal_connect (engine, "progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (engine, "waiting", G_CALLBACK (waiting_cb), run);
  reg_sync_engine_run_async (engine, cancellable, run_done_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  reg_test_iterate (20);
}

static void
run_clear (Run *run)
{
  g_clear_error (&run->error);
  g_string_free (run->said, TRUE);
}

static RegContact *
find (Fixture    *f,
      const char *search)
{
  RegContact *contact = reg_test_find_contact (f->store, search);

  g_assert_nonnull (contact);
  return contact;
}

static char *
state (Fixture    *f,
       const char *key)
{
  return reg_store_get_sync_state (f->store, f->shop, key, NULL);
}

/* The key and secret turn up nowhere: not in what was said, logged, or
 * written to the database file. */
static void
assert_no_secrets (Fixture *f,
                   Run     *run)
{
  const char *db = reg_store_get_path (f->store);

  g_assert_null (strstr (run->said->str, KEY));
  g_assert_null (strstr (run->said->str, SECRET));
  g_assert_null (strstr (f->log->str, KEY));
  g_assert_null (strstr (f->log->str, SECRET));
  if (run->error != NULL)
    {
      g_assert_null (strstr (run->error->message, KEY));
      g_assert_null (strstr (run->error->message, SECRET));
    }
  g_assert_false (reg_test_db_files_contain (db, KEY));
  g_assert_false (reg_test_db_files_contain (db, SECRET));
}

static void
test_first_and_incremental (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RegContact) ben = NULL;
  g_autoptr(RegContact) guest = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autofree char *checkpoint = NULL;
  Run run;

  /* Ben is already here, typed in by hand. */
  {
    g_autoptr(RegContact) mine = reg_test_contact_new ("Benjamin", "", "ben@example.com");
    g_autoptr(GError) error = NULL;

    reg_store_save_contact (f->store, mine, &error);
    g_assert_no_error (error);
  }

  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.totals.orders_added, ==, 12);
  g_assert_cmpuint (run.totals.skipped, ==, 0);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  /* Ada, Ben (linked, not doubled), Cem and the guest. */
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 4);
  g_assert_nonnull (strstr (run.said->str, "Orders: 12 of 12"));
  g_assert_nonnull (strstr (run.said->str, "Customers: 3 of 3"));

  ben = find (f, "ben@example.com");
  g_assert_cmpstr (reg_contact_get_given_name (ben), ==, "Benjamin");
  /* Three orders from his account, two as a guest with his address. */
  g_assert_cmpuint (reg_contact_get_n_orders (ben), ==, 5);
  /* Each order is 24.90 and refunds nothing. */
  g_assert_cmpint (reg_contact_get_total_spent (ben), ==, 5 * 2490);
  /* The newest order's city. */
  g_assert_cmpstr (reg_contact_get_city (ben), ==, "Linz");

  guest = find (f, "guest@example.com");
  g_assert_cmpuint (reg_contact_get_n_orders (guest), ==, 2);
  g_assert_cmpint (reg_contact_get_origin (guest), ==, REG_ORIGIN_WOOCOMMERCE);

  checkpoint = state (f, "orders.modified");
  g_assert_cmpstr (checkpoint, ==, "1700039660");  /* the last order's date_modified_gmt */

  source = reg_store_get_source (f->store, f->shop, NULL);
  g_assert_true (source->last_ok);
  g_assert_nonnull (strstr (source->last_result, "12 new orders"));
  assert_no_secrets (f, &run);
  run_clear (&run);

  /* Later: one order refunded in part, one new. Only they come again. */
  {
    Order *o = g_ptr_array_index (f->orders, 1);  /* Ben's #101 */

    o->refund = "-10.00";
    o->modified = T0 + 50 * HOUR;
  }
  add_order (f, 200, 1, "ada@example.com", "Salzburg", T0 + 51 * HOUR, "5.00");
  g_ptr_array_set_size (f->queries, 0);

  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.totals.orders_added, ==, 1);
  g_assert_cmpuint (run.totals.orders_updated, ==, 2);  /* the refunded one, and #111 again, from the overlap */
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 13);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 4);
  {
    g_autoptr(RegContact) ben_again = find (f, "ben@example.com");
    g_autoptr(RegContact) ada = find (f, "ada@example.com");

    g_assert_cmpint (reg_contact_get_total_spent (ben_again), ==, 5 * 2490 - 1000);
    g_assert_cmpstr (reg_contact_get_city (ada), ==, "Salzburg");
  }
  /* It asked for changes since the checkpoint, not for everything. */
  {
    gboolean asked_since = FALSE;

    for (guint i = 0; i < f->queries->len; i++)
      if (strstr (g_ptr_array_index (f->queries, i), "modified_after=2023-11-15T09:13:20") != NULL)
        asked_since = TRUE;
    g_assert_true (asked_since);
  }
  run_clear (&run);
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RegSource) source = NULL;
  Run run;

  sync_shop (f, KEY, "cs_wrong", NULL, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_AUTH);
  g_assert_nonnull (strstr (run.error->message, "key and secret"));
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 0);

  source = reg_store_get_source (f->store, f->shop, NULL);
  g_assert_false (source->last_ok);
  g_assert_cmpstr (source->last_result, ==, run.error->message);
  assert_no_secrets (f, &run);
  run_clear (&run);
}

static void
test_not_a_shop (Fixture       *f,
                 gconstpointer  data)
{
  Run run;

  f->fault = FAULT_NO_ROUTE;
  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_A_SHOP);
  g_assert_nonnull (strstr (run.error->message, "WooCommerce"));
  run_clear (&run);
}

static void
test_busy_then_fine (Fixture       *f,
                     gconstpointer  data)
{
  for (guint k = 0; k < 2; k++)
    {
      gint64 start = g_get_monotonic_time ();
      Run run;

      f->fault = k == 0 ? FAULT_429_ONCE : FAULT_500_ONCE;
      f->orders_requests = 0;
      sync_shop (f, KEY, SECRET, NULL, &run);
      g_assert_no_error (run.error);
      g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
      g_assert_cmpuint (run.n_waiting, ==, 1);
      g_assert_nonnull (strstr (run.said->str, "Trying again"));
      /* Retry-After: 1 was honoured; the 500 waited only the short backoff. */
      if (k == 0)
        g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
      run_clear (&run);
    }
}

static void
test_malformed_page_3 (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *checkpoint = NULL;
  Run run;

  f->fault = FAULT_MALFORMED_PAGE_3;
  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);

  /* Pages 1 and 2 landed, with their checkpoint; page 3 did not. Page 2
   * began again at the second page 1 ended on, so it brought 4 new ones. */
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 9);
  checkpoint = state (f, "orders.modified");
  g_assert_cmpstr (checkpoint, ==, "1700028860");  /* the 9th order's date_modified_gmt */
  run_clear (&run);

  /* The shop is fine again: the next sync finishes, doubling nothing. */
  f->fault = FAULT_NONE;
  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  run_clear (&run);
}

static void
test_stall_and_cancel (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run;

  f->fault = FAULT_STALL;
  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_TIMEOUT);
  g_assert_cmpuint (run.n_waiting, ==, 2);  /* three tries in all */
  run_clear (&run);

  f->fault = FAULT_CANCEL_ON_PAGE_2;
  f->orders_requests = 0;
  f->cancellable = cancellable;
  sync_shop (f, KEY, SECRET, cancellable, &run);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED);
  /* What was written before Cancel stays: customers and a page of orders. */
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 5);
  run_clear (&run);

  f->fault = FAULT_NONE;
  sync_shop (f, KEY, SECRET, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  run_clear (&run);
}

static void
test_only_https (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "Plain", "http://shop.example", &error);
  g_autoptr(RegSource) source = reg_store_get_source (f->store, id, NULL);
  g_autoptr(RegSyncEngine) engine = reg_sync_engine_new (f->store, source, KEY, SECRET);
  Run run = { 0, };

  run.said = g_string_new (NULL);
  reg_sync_engine_run_async (engine, NULL, run_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (run.ok);
  g_assert_nonnull (strstr (run.error->message, "https://"));
  g_assert_cmpuint (f->queries->len, ==, 0);
  run_clear (&run);
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} Cli;

static void
cli_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &cli->out, &cli->err, &error);
  g_assert_no_error (error);
  cli->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  cli->done = TRUE;
}

/* Runs regulars-cli on the test's file while the shop keeps serving. */
static void
run_cli (Fixture            *f,
         const char * const *args,
         const char         *key,
         const char         *secret,
         Cli                *cli)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "regulars.db", NULL);

  /* No keyring here: the keys come from the environment. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  if (key)
    g_subprocess_launcher_setenv (launcher, "REGULARS_WC_KEY", key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "REGULARS_WC_KEY");
  if (secret)
    g_subprocess_launcher_setenv (launcher, "REGULARS_WC_SECRET", secret, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "REGULARS_WC_SECRET");

  g_ptr_array_add (argv, (gpointer)g_getenv ("REGULARS_CLI"));
  g_ptr_array_add (argv, (gpointer)"--db");
  g_ptr_array_add (argv, db);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  memset (cli, 0, sizeof *cli);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, "", NULL, cli_done_cb, cli);
  while (!cli->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
cli_clear (Cli *cli)
{
  g_free (cli->out);
  g_free (cli->err);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *add[] = { "source", "add", "woocommerce", "Market Shop", f->url, NULL };
  const char *add_plain[] = { "source", "add", "woocommerce", "Elsewhere", "http://shop.example", NULL };
  const char *sync_named[] = { "sync", "market shop", NULL };
  const char *sync_other[] = { "sync", "Nowhere", NULL };
  Cli cli;

  /* The address is checked before anything is kept. */
  run_cli (f, add_plain, KEY, SECRET, &cli);
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "https://"));
  cli_clear (&cli);

  run_cli (f, add, KEY, SECRET, &cli);
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "No keyring is available"));
  g_assert_nonnull (strstr (cli.out, "Shop “Market Shop” added."));
  cli_clear (&cli);

  /* Without the key in the environment, it says what to do. */
  run_cli (f, sync_named, NULL, NULL, &cli);
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "REGULARS_WC_KEY"));
  cli_clear (&cli);

  run_cli (f, sync_named, KEY, SECRET, &cli);
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "Orders: 12 of 12"));
  g_assert_nonnull (strstr (cli.out, "Market Shop: 12 new orders, 0 updated, 4 new customers."));
  g_assert_null (strstr (cli.out, SECRET));
  g_assert_null (strstr (cli.err, SECRET));
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  cli_clear (&cli);

  run_cli (f, sync_other, KEY, SECRET, &cli);
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "There is no shop called “Nowhere”"));
  cli_clear (&cli);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/woo-sync/first-and-incremental", test_first_and_incremental);
  ADD ("/woo-sync/wrong-secret", test_wrong_secret);
  ADD ("/woo-sync/not-a-shop", test_not_a_shop);
  ADD ("/woo-sync/busy-then-fine", test_busy_then_fine);
  ADD ("/woo-sync/malformed-page-3", test_malformed_page_3);
  ADD ("/woo-sync/stall-and-cancel", test_stall_and_cancel);
  ADD ("/woo-sync/only-https", test_only_https);
  ADD ("/woo-sync/cli", test_cli);

  return g_test_run ();
}
