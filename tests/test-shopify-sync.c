/* test-shopify-sync.c: syncing with a Shopify store served by a real
 * SoupServer on 127.0.0.1 that speaks the GraphQL Admin API as its
 * documentation shows it: cursors, costs and throttling, errors with
 * HTTP 200, bulk exports whose children do not follow their parents.
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "reg-shopify-map.h"
#include "reg-source.h"
#include "reg-sync-engine.h"
#include "reg-sync-error.h"
#include "reg-test-util.h"

#define TOKEN "shpat_0123456789abcdef0123456789abcdef"
#define CLIENT_ID "c1d2e3f4a5b6c7d8e9f0"
#define CLIENT_SECRET "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"
#define VERSION "2026-10"
#define T0 G_GINT64_CONSTANT (1700000000)
#define HOUR ((gint64)3600)

typedef enum
{
  FAULT_NONE,
  FAULT_THROTTLED_200,      /* the first orders page: THROTTLED with HTTP 200 */
  FAULT_THROTTLED_429,      /* the first orders page: THROTTLED with HTTP 429 */
  FAULT_MALFORMED_PAGE_3,   /* the third orders page: broken JSON */
  FAULT_GRAPHQL_ERROR,      /* the orders pages: a GraphQL error with HTTP 200 */
  FAULT_NO_ORDERS_SCOPE,    /* the orders pages: ACCESS_DENIED */
  FAULT_CANCEL_ON_PAGE_2,   /* the owner presses Cancel while page 2 of orders is on its way */
  FAULT_EXPIRE_TOKEN,       /* the first granted token stops working after two queries */
} Fault;

typedef struct
{
  guint       n;           /* the order's number, #n, and its id */
  guint       customer;    /* 0 for a guest */
  char       *email;
  char       *city;
  const char *financial;   /* displayFinancialStatus */
  gboolean    cancelled;
  gint64      created;
  gint64      updated;
  const char *total;
  const char *refunded;
  guint       n_items;
} Order;

typedef struct
{
  char         *dir;
  RegStore     *store;
  SoupServer   *server;
  char         *url;
  gint64        shop;
  GPtrArray    *orders;       /* Order */
  Fault         fault;
  guint         orders_pages;
  GPtrArray    *requests;     /* char *: "kind variables-json", to look at */
  GString      *log;
  GCancellable *cancellable;

  /* The app's bucket of query points, refilled by the second. */
  double        bucket_max;
  double        bucket;
  double        restore_rate;
  double        page_cost;
  gint64        bucket_at;
  guint         n_throttled;

  /* Bulk exports. */
  guint         n_bulk_runs;
  guint         n_polls;
  char         *bulk_kind;    /* "orders" or "customers" of the one running */
  guint         bulk_number;
  gboolean      cancel_in_bulk;

  /* The connections GraphQL requests came on, by the client's port. */
  GHashTable   *ports;

  /* The client-credentials grant. */
  guint         n_grants;
  char         *granted;
  guint         granted_uses;
} Fixture;

static Fixture *current;

static const struct { guint id; const char *given; const char *email; const char *state; } shop_customers[] = {
  { 1, "Ada", "ada@example.com", "SUBSCRIBED" },
  { 2, "Ben", "ben@example.com", "UNSUBSCRIBED" },
  { 3, "Cem", "cem@example.com", "NOT_SUBSCRIBED" },
};

static void
order_free (gpointer data)
{
  Order *o = data;

  g_free (o->email);
  g_free (o->city);
  g_free (o);
}

static Order *
add_order (Fixture    *f,
           guint       n,
           guint       customer,
           const char *email,
           const char *city,
           gint64      created,
           const char *total)
{
  Order *o = g_new0 (Order, 1);

  o->n = n;
  o->customer = customer;
  o->email = g_strdup (email);
  o->city = g_strdup (city);
  o->financial = "PAID";
  o->created = created;
  o->updated = created + 60;
  o->total = total;
  o->refunded = "0.0";
  o->n_items = 2;
  g_ptr_array_add (f->orders, o);

  return o;
}

static char *
iso (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_money (JsonBuilder *b,
           const char  *name,
           const char  *amount)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "shopMoney");
  json_builder_begin_object (b);
  add_string (b, "amount", amount);
  add_string (b, "currencyCode", "EUR");
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
write_item (JsonBuilder *b,
            Order       *o,
            guint        i,
            gboolean     bulk)
{
  g_autofree char *name = g_strdup_printf ("Tea no. %u", i + 1);
  g_autofree char *sku = g_strdup_printf ("TEA-%u", i + 1);

  json_builder_begin_object (b);
  if (bulk)
    {
      g_autofree char *id = g_strdup_printf ("gid://shopify/LineItem/%u", o->n * 100 + i);
      g_autofree char *parent = g_strdup_printf ("gid://shopify/Order/%u", o->n);

      add_string (b, "id", id);
      add_string (b, "__parentId", parent);
    }
  add_string (b, "name", name);
  add_string (b, "sku", sku);
  json_builder_set_member_name (b, "quantity");
  json_builder_add_int_value (b, 1);
  add_money (b, "originalUnitPriceSet", "5.0");
  json_builder_end_object (b);
}

/* An order as the Admin API shows one. In a page its line items come
 * along (@first of them, from @after); in a bulk file they are rows of
 * their own. */
static void
write_order (JsonBuilder *b,
             Order       *o,
             gboolean     bulk,
             guint        first)
{
  g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%u", o->n);
  g_autofree char *name = g_strdup_printf ("#%u", o->n);
  g_autofree char *created = iso (o->created);
  g_autofree char *updated = iso (o->updated);
  g_autofree char *cancelled = o->cancelled ? iso (o->updated) : NULL;

  json_builder_begin_object (b);
  add_string (b, "id", id);
  add_string (b, "name", name);
  add_string (b, "createdAt", created);
  add_string (b, "processedAt", created);
  add_string (b, "updatedAt", updated);
  add_string (b, "cancelledAt", cancelled);
  add_string (b, "displayFinancialStatus", o->financial);
  add_string (b, "displayFulfillmentStatus", "FULFILLED");
  add_string (b, "currencyCode", "EUR");
  add_string (b, "email", o->email);
  add_money (b, "totalPriceSet", o->total);
  add_money (b, "totalRefundedSet", o->refunded);
  add_money (b, "totalDiscountsSet", "0.0");
  add_money (b, "totalShippingPriceSet", "4.9");
  json_builder_set_member_name (b, "customer");
  if (o->customer != 0)
    {
      g_autofree char *customer = g_strdup_printf ("gid://shopify/Customer/%u", o->customer);

      json_builder_begin_object (b);
      add_string (b, "id", customer);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "billingAddress");
  json_builder_begin_object (b);
  add_string (b, "firstName", "Kim");
  add_string (b, "lastName", "Lee");
  add_string (b, "company", NULL);
  add_string (b, "address1", "Hauptstraße 1");
  add_string (b, "address2", NULL);
  add_string (b, "city", o->city);
  add_string (b, "zip", "1010");
  add_string (b, "province", NULL);
  add_string (b, "countryCodeV2", "AT");
  add_string (b, "phone", NULL);
  json_builder_end_object (b);

  if (!bulk)
    {
      guint end = MIN (o->n_items, first);
      g_autofree char *cursor = g_strdup_printf ("item-%u", end);

      json_builder_set_member_name (b, "lineItems");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pageInfo");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "hasNextPage");
      json_builder_add_boolean_value (b, end < o->n_items);
      add_string (b, "endCursor", cursor);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "nodes");
      json_builder_begin_array (b);
      for (guint i = 0; i < end; i++)
        write_item (b, o, i, FALSE);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
write_customer (JsonBuilder *b,
                guint        i)
{
  g_autofree char *id = g_strdup_printf ("gid://shopify/Customer/%u", shop_customers[i].id);
  g_autofree char *created = iso (T0 - 100 * HOUR + i);

  json_builder_begin_object (b);
  add_string (b, "id", id);
  add_string (b, "firstName", shop_customers[i].given);
  add_string (b, "lastName", "Customer");
  add_string (b, "createdAt", created);
  add_string (b, "updatedAt", created);
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "defaultEmailAddress");
  json_builder_begin_object (b);
  add_string (b, "emailAddress", shop_customers[i].email);
  add_string (b, "marketingState", shop_customers[i].state);
  add_string (b, "marketingUpdatedAt", NULL);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "defaultPhoneNumber");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "defaultAddress");
  json_builder_begin_object (b);
  add_string (b, "city", "Graz");
  add_string (b, "zip", "8010");
  add_string (b, "countryCodeV2", "AT");
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
write_cost (JsonBuilder *b,
            Fixture     *f,
            double       requested,
            gboolean     ran)
{
  json_builder_set_member_name (b, "extensions");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cost");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "requestedQueryCost");
  json_builder_add_double_value (b, requested);
  json_builder_set_member_name (b, "actualQueryCost");
  if (ran)
    json_builder_add_double_value (b, requested);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "throttleStatus");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "maximumAvailable");
  json_builder_add_double_value (b, f->bucket_max);
  json_builder_set_member_name (b, "currentlyAvailable");
  json_builder_add_int_value (b, (gint64)f->bucket);
  json_builder_set_member_name (b, "restoreRate");
  json_builder_add_double_value (b, f->restore_rate);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static char *
to_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* The answer Shopify gives a query it will not run now. */
static void
set_throttled (SoupServerMessage *msg,
               Fixture           *f,
               guint              status,
               double             requested)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;

  f->n_throttled++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string (b, "message", "Throttled");
  json_builder_set_member_name (b, "extensions");
  json_builder_begin_object (b);
  add_string (b, "code", "THROTTLED");
  add_string (b, "documentation", "https://shopify.dev/api/usage/limits#rate-limits");
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  write_cost (b, f, requested, FALSE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, status, json);
  if (status == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
}

static void
set_error (SoupServerMessage *msg,
           Fixture           *f,
           const char        *message,
           const char        *code)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string (b, "message", message);
  json_builder_set_member_name (b, "extensions");
  json_builder_begin_object (b);
  add_string (b, "code", code);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  write_cost (b, f, 1, FALSE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

static int
by_updated (gconstpointer a,
            gconstpointer b)
{
  const Order *x = *(Order **)a;
  const Order *y = *(Order **)b;

  if (x->updated != y->updated)
    return x->updated < y->updated ? -1 : 1;
  return x->n < y->n ? -1 : (x->n > y->n);
}

/* "updated_at:>'2023-11-14T22:13:20Z'": the time after which records are
 * asked for, 0 for all. Anything else in a search is a test failure. */
static gint64
search_since (const char *search)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;
  gsize len;

  if (search == NULL)
    return 0;
  g_assert_true (g_str_has_prefix (search, "updated_at:>'"));
  len = strlen (search);
  g_assert_cmpint (search[len - 1], ==, '\'');
  text = g_strndup (search + strlen ("updated_at:>'"), len - strlen ("updated_at:>'") - 1);
  dt = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (dt);

  return g_date_time_to_unix (dt);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static guint
cursor_index (const char *after)
{
  if (after == NULL)
    return 0;
  g_assert_true (g_str_has_prefix (after, "eyJsYXN0X2lkIjo"));
  return (guint)g_ascii_strtoull (after + strlen ("eyJsYXN0X2lkIjo"), NULL, 10);
}

static void
write_page_info (JsonBuilder *b,
                 gboolean     more,
                 guint        next)
{
  g_autofree char *cursor = g_strdup_printf ("eyJsYXN0X2lkIjo%u", next);

  json_builder_set_member_name (b, "pageInfo");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "hasNextPage");
  json_builder_add_boolean_value (b, more);
  add_string (b, "endCursor", cursor);
  json_builder_end_object (b);
}

/* The app's points: refilled since the last query, then this one's taken. */
static gboolean
take_points (Fixture *f,
             double   cost)
{
  gint64 now = g_get_monotonic_time ();

  f->bucket = MIN (f->bucket_max, f->bucket + (now - f->bucket_at) / (double)G_USEC_PER_SEC * f->restore_rate);
  f->bucket_at = now;
  if (f->bucket < cost)
    return FALSE;
  f->bucket -= cost;
  return TRUE;
}

/* How many line items the query asks for with each order. */
static guint
items_first (const char *query)
{
  const char *at = strstr (query, "lineItems(first: ");

  g_assert_nonnull (at);
  return (guint)g_ascii_strtoull (at + strlen ("lineItems(first: "), NULL, 10);
}

static void
answer_orders (SoupServerMessage *msg,
               Fixture           *f,
               const char        *query,
               JsonObject        *variables)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autofree char *json = NULL;
  gint64 since = search_since (member_string (variables, "query"));
  guint first = (guint)json_object_get_int_member (variables, "first");
  guint start = cursor_index (member_string (variables, "after"));
  guint end;

  g_assert_cmpuint (first, >=, 1);
  g_assert_cmpuint (first, <=, 250);
  f->orders_pages++;

  for (guint i = 0; i < f->orders->len; i++)
    if (((Order *)g_ptr_array_index (f->orders, i))->updated > since)
      g_ptr_array_add (matching, g_ptr_array_index (f->orders, i));
  g_ptr_array_sort (matching, by_updated);
  end = MIN (start + first, matching->len);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "orders");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = start; i < end; i++)
    write_order (b, g_ptr_array_index (matching, i), FALSE, items_first (query));
  json_builder_end_array (b);
  write_page_info (b, end < matching->len, end);
  json_builder_end_object (b);
  json_builder_end_object (b);
  write_cost (b, f, f->page_cost, TRUE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

static void
answer_customers (SoupServerMessage *msg,
                  Fixture           *f,
                  JsonObject        *variables)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;
  gint64 since = search_since (member_string (variables, "query"));
  guint first = (guint)json_object_get_int_member (variables, "first");
  guint start = cursor_index (member_string (variables, "after"));
  g_autoptr(GArray) matching = g_array_new (FALSE, FALSE, sizeof (guint));
  guint end;

  g_assert_cmpuint (first, >=, 1);
  g_assert_cmpuint (first, <=, 250);
  for (guint i = 0; i < G_N_ELEMENTS (shop_customers); i++)
    if (T0 - 100 * HOUR + i > since)
      g_array_append_val (matching, i);
  end = MIN (start + first, matching->len);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "customers");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = start; i < end; i++)
    write_customer (b, g_array_index (matching, guint, i));
  json_builder_end_array (b);
  write_page_info (b, end < matching->len, end);
  json_builder_end_object (b);
  json_builder_end_object (b);
  write_cost (b, f, f->page_cost, TRUE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

static void
answer_count (SoupServerMessage *msg,
              Fixture           *f,
              const char        *field,
              JsonObject        *variables)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;
  gint64 since = search_since (member_string (variables, "query"));
  guint count = 0;

  if (g_str_equal (field, "ordersCount"))
    {
      for (guint i = 0; i < f->orders->len; i++)
        count += ((Order *)g_ptr_array_index (f->orders, i))->updated > since;
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (shop_customers); i++)
      count += T0 - 100 * HOUR + i > since;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, field);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, count);
  add_string (b, "precision", "EXACT");
  json_builder_end_object (b);
  json_builder_end_object (b);
  write_cost (b, f, 1, TRUE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

static void
answer_more_items (SoupServerMessage *msg,
                   Fixture           *f,
                   const char        *query,
                   JsonObject        *variables)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;
  const char *id = member_string (variables, "id");
  const char *after = member_string (variables, "after");
  Order *o = NULL;
  guint first = items_first (query);
  guint start;

  g_assert_nonnull (id);
  g_assert_true (g_str_has_prefix (after, "item-"));
  start = (guint)g_ascii_strtoull (after + 5, NULL, 10);
  for (guint i = 0; i < f->orders->len; i++)
    {
      g_autofree char *gid = g_strdup_printf ("gid://shopify/Order/%u", ((Order *)g_ptr_array_index (f->orders, i))->n);

      if (g_str_equal (gid, id))
        o = g_ptr_array_index (f->orders, i);
    }
  g_assert_nonnull (o);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "node");
  json_builder_begin_object (b);
  add_string (b, "id", id);
  json_builder_set_member_name (b, "lineItems");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pageInfo");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "hasNextPage");
  json_builder_add_boolean_value (b, start + first < o->n_items);
  {
    g_autofree char *cursor = g_strdup_printf ("item-%u", MIN (start + first, o->n_items));
    add_string (b, "endCursor", cursor);
  }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = start; i < MIN (start + first, o->n_items); i++)
    write_item (b, o, i, FALSE);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  write_cost (b, f, 5, TRUE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

static void
answer_bulk (SoupServerMessage *msg,
             Fixture           *f,
             const char        *id,
             const char        *status)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;
  g_autofree char *url = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  if (id == NULL)
    {
      g_autofree char *gid = g_strdup_printf ("gid://shopify/BulkOperation/%u", f->bulk_number);

      json_builder_set_member_name (b, "bulkOperationRunQuery");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "bulkOperation");
      json_builder_begin_object (b);
      add_string (b, "id", gid);
      add_string (b, "status", "CREATED");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "userErrors");
      json_builder_begin_array (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  else
    {
      url = g_strdup_printf ("%sbulk/%s-%u.jsonl", f->url, f->bulk_kind, f->bulk_number);
      json_builder_set_member_name (b, "node");
      json_builder_begin_object (b);
      add_string (b, "id", id);
      add_string (b, "status", status);
      add_string (b, "errorCode", NULL);
      add_string (b, "objectCount", "42");
      add_string (b, "url", g_str_equal (status, "COMPLETED") ? url : NULL);
      add_string (b, "partialDataUrl", NULL);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  write_cost (b, f, 10, TRUE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

typedef struct
{
  SoupServerMessage *msg;
  char              *text;
  Fixture           *f;
} Rest;

static gboolean
send_rest (gpointer data)
{
  Rest *rest = data;

  if (current == rest->f && rest->f->cancellable != NULL && !g_cancellable_is_cancelled (rest->f->cancellable))
    return G_SOURCE_CONTINUE;

  soup_message_body_append (soup_server_message_get_response_body (rest->msg), SOUP_MEMORY_TAKE, rest->text,
                            strlen (rest->text));
  soup_message_body_complete (soup_server_message_get_response_body (rest->msg));
  soup_server_message_unpause (rest->msg);
  g_object_unref (rest->msg);
  g_free (rest);

  return G_SOURCE_REMOVE;
}

/* The export file: each order, its first item right after it, its
 * second only after the next order (children after their parent, not
 * always directly). */
static void
answer_bulk_file (SoupServerMessage *msg,
                  Fixture           *f,
                  const char        *path)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  if (strstr (path, "/bulk/customers-") != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (shop_customers); i++)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autofree char *json = NULL;

          write_customer (b, i);
          json = to_json (b);
          g_string_append_printf (out, "%s\n", json);
        }
    }
  else
    {
      Order *held = NULL;

      g_ptr_array_extend (sorted, f->orders, NULL, NULL);
      g_ptr_array_sort (sorted, by_updated);
      for (guint i = 0; i < sorted->len; i++)
        {
          Order *o = g_ptr_array_index (sorted, i);
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autofree char *json = NULL;

          write_order (b, o, TRUE, 0);
          json = to_json (b);
          g_string_append_printf (out, "%s\n", json);

          if (held != NULL)
            for (guint k = 1; k < held->n_items; k++)
              {
                g_autoptr(JsonBuilder) c = json_builder_new ();
                g_autofree char *child = NULL;

                write_item (c, held, k, TRUE);
                child = to_json (c);
                g_string_append_printf (out, "%s\n", child);
              }
          held = o;
          if (o->n_items > 0)
            {
              g_autoptr(JsonBuilder) c = json_builder_new ();
              g_autofree char *child = NULL;

              write_item (c, o, 0, TRUE);
              child = to_json (c);
              g_string_append_printf (out, "%s\n", child);
            }
        }
      for (guint k = 1; held != NULL && k < held->n_items; k++)
        {
          g_autoptr(JsonBuilder) c = json_builder_new ();
          g_autofree char *child = NULL;

          write_item (c, held, k, TRUE);
          child = to_json (c);
          g_string_append_printf (out, "%s\n", child);
        }
    }

  soup_server_message_set_status (msg, 200, NULL);
  if (f->cancel_in_bulk)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      Rest *rest = g_new0 (Rest, 1);
      gsize split = 0;
      guint parents = 0;

      /* The first 35 orders at once, the rest once the owner has pressed
       * Cancel: the sync is stopped in the middle of the file. */
      for (gsize i = 0; i < out->len; i = strchr (out->str + i, '\n') - out->str + 1)
        if (strstr (out->str + i, "\"__parentId\"") == NULL ||
            strstr (out->str + i, "\"__parentId\"") > strchr (out->str + i, '\n'))
          if (++parents == 36)
            {
              split = i;
              break;
            }
      g_assert_cmpuint (split, >, 0);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
      soup_server_message_set_http_version (msg, SOUP_HTTP_1_1);
      soup_message_body_append (body, SOUP_MEMORY_COPY, out->str, split);
      rest->msg = g_object_ref (msg);
      rest->text = g_strdup (out->str + split);
      rest->f = f;
      g_timeout_add (20, send_rest, rest);
      g_string_free (out, TRUE);
      return;
    }
  soup_server_message_set_response (msg, "application/jsonl", SOUP_MEMORY_TAKE, out->str, out->len);
  g_string_free (out, FALSE);
}

static void
answer_check (SoupServerMessage *msg,
              Fixture           *f,
              gboolean           all_orders,
              gboolean           orders)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "shop");
  json_builder_begin_object (b);
  add_string (b, "name", "Tea Corner");
  add_string (b, "myshopifyDomain", "tea-corner.myshopify.com");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "currentAppInstallation");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "accessScopes");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string (b, "handle", "read_customers");
  json_builder_end_object (b);
  if (orders)
    {
      json_builder_begin_object (b);
      add_string (b, "handle", "read_orders");
      json_builder_end_object (b);
    }
  if (all_orders)
    {
      json_builder_begin_object (b);
      add_string (b, "handle", "read_all_orders");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "ordersCount");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, f->orders->len);
  add_string (b, "precision", "EXACT");
  json_builder_end_object (b);
  json_builder_end_object (b);
  write_cost (b, f, 3, TRUE);
  json_builder_end_object (b);
  json = to_json (b);
  set_json (msg, 200, json);
}

static void
answer_grant (SoupServerMessage *msg,
              Fixture           *f)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autofree char *json = NULL;

  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  if (g_strcmp0 (g_hash_table_lookup (form, "grant_type"), "client_credentials") != 0 ||
      g_strcmp0 (g_hash_table_lookup (form, "client_id"), CLIENT_ID) != 0 ||
      g_strcmp0 (g_hash_table_lookup (form, "client_secret"), CLIENT_SECRET) != 0)
    {
      set_json (msg, 400, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}");
      return;
    }

  f->n_grants++;
  g_free (f->granted);
  f->granted = g_strdup_printf ("shpat_granted_%u_abcdef0123456789", f->n_grants);
  f->granted_uses = 0;
  json = g_strdup_printf ("{\"access_token\":\"%s\",\"scope\":\"read_customers,read_orders,read_all_orders\","
                          "\"expires_in\":86399}", f->granted);
  set_json (msg, 200, json);
}

static gboolean
authorized (Fixture           *f,
            SoupServerMessage *msg)
{
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "X-Shopify-Access-Token");

  if (f->granted != NULL && g_strcmp0 (token, f->granted) == 0)
    {
      /* A granted token that ran out. */
      if (f->fault == FAULT_EXPIRE_TOKEN && f->n_grants == 1 && ++f->granted_uses > 2)
        return FALSE;
      return TRUE;
    }

  return g_strcmp0 (token, TOKEN) == 0;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *graphql_path = g_strconcat ("/admin/api/", VERSION, "/graphql.json", NULL);
  JsonObject *request;
  JsonObject *variables;
  const char *text;

  if (g_str_has_prefix (path, "/bulk/"))
    {
      /* The file's address is not the store's: no token must come here. */
      g_assert_null (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "X-Shopify-Access-Token"));
      answer_bulk_file (msg, f, path);
      return;
    }

  if (g_str_equal (path, "/admin/oauth/access_token"))
    {
      answer_grant (msg, f);
      return;
    }

  if (!g_str_equal (path, graphql_path))
    {
      set_json (msg, 404, "{\"errors\":\"Not Found\"}");
      return;
    }

  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  g_hash_table_add (f->ports,
                    GUINT_TO_POINTER (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (msg)))));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                                                            NULL),
                                   "application/json"));

  if (!authorized (f, msg))
    {
      set_json (msg, 401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  request = json_node_get_object (json_parser_get_root (parser));
  text = json_object_get_string_member (request, "query");
  variables = json_object_has_member (request, "variables") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (request, "variables"))
              ? json_object_get_object_member (request, "variables") : NULL;

  {
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autofree char *vars = NULL;
    const char *kind = strstr (text, "bulkOperationRunQuery") ? "bulk-run"
                     : strstr (text, "BulkOperation") ? "bulk-poll"
                     : strstr (text, "currentAppInstallation") ? "check"
                     : strstr (text, "ordersCount") ? "orders-count"
                     : strstr (text, "customersCount") ? "customers-count"
                     : strstr (text, "lineItems(first: 250") ? "more-items"
                     : strstr (text, "orders(") ? "orders"
                     : strstr (text, "customers(") ? "customers"
                     : "other";

    if (variables != NULL)
      {
        json_generator_set_root (gen, json_object_get_member (request, "variables"));
        vars = json_generator_to_data (gen, NULL);
      }
    g_ptr_array_add (f->requests, g_strdup_printf ("%s %s", kind, vars ? vars : "{}"));

    if (!take_points (f, g_str_equal (kind, "orders") || g_str_equal (kind, "customers") ? f->page_cost : 1))
      {
        set_throttled (msg, f, 200, f->page_cost);
        return;
      }

    if (g_str_equal (kind, "bulk-run"))
      {
        const char *bulk_query = member_string (variables, "query");

        g_assert_nonnull (bulk_query);
        f->n_bulk_runs++;
        f->bulk_number++;
        f->n_polls = 0;
        g_free (f->bulk_kind);
        f->bulk_kind = g_strdup (strstr (bulk_query, "orders") ? "orders" : "customers");
        answer_bulk (msg, f, NULL, NULL);
      }
    else if (g_str_equal (kind, "bulk-poll"))
      {
        const char *id = member_string (variables, "id");
        g_autofree char *expected = g_strdup_printf ("gid://shopify/BulkOperation/%u", f->bulk_number);

        g_assert_cmpstr (id, ==, expected);
        answer_bulk (msg, f, id, f->n_polls++ == 0 ? "RUNNING" : "COMPLETED");
      }
    else if (g_str_equal (kind, "check"))
      answer_check (msg, f, f->fault != FAULT_NO_ORDERS_SCOPE, TRUE);
    else if (g_str_equal (kind, "orders-count"))
      answer_count (msg, f, "ordersCount", variables);
    else if (g_str_equal (kind, "customers-count"))
      answer_count (msg, f, "customersCount", variables);
    else if (g_str_equal (kind, "more-items"))
      answer_more_items (msg, f, text, variables);
    else if (g_str_equal (kind, "orders"))
      {
        g_assert_nonnull (strstr (text, "sortKey: UPDATED_AT"));

        if (f->fault == FAULT_THROTTLED_200 && f->orders_pages == 0)
          {
            f->orders_pages++;
            set_throttled (msg, f, 200, f->page_cost);
          }
        else if (f->fault == FAULT_THROTTLED_429 && f->orders_pages == 0)
          {
            f->orders_pages++;
            set_throttled (msg, f, 429, f->page_cost);
          }
        else if (f->fault == FAULT_MALFORMED_PAGE_3 && f->orders_pages == 2)
          {
            f->orders_pages++;
            set_json (msg, 200, "{\"data\":{\"orders\":{\"nodes\":[{\"id\":\"gid://shopify/Order/1");
          }
        else if (f->fault == FAULT_GRAPHQL_ERROR)
          set_error (msg, f, "Field 'fulfillmentOrdersX' doesn't exist on type 'Order'", "undefinedField");
        else if (f->fault == FAULT_NO_ORDERS_SCOPE)
          set_error (msg, f, "Access denied for orders field. Required access: `read_orders` access scope.",
                     "ACCESS_DENIED");
        else
          {
            if (f->fault == FAULT_CANCEL_ON_PAGE_2 && f->orders_pages == 1)
              g_cancellable_cancel (f->cancellable);
            answer_orders (msg, f, text, variables);
          }
      }
    else if (g_str_equal (kind, "customers"))
      {
        g_assert_nonnull (strstr (text, "sortKey: UPDATED_AT"));
        answer_customers (msg, f, variables);
      }
    else
      set_error (msg, f, "Parse error on \"}\" (RCURLY)", "PARSE_ERROR");
  }
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
  f->requests = g_ptr_array_new_with_free_func (g_free);
  f->ports = g_hash_table_new (NULL, NULL);
  f->log = g_string_new (NULL);
  f->bucket_max = 2000;
  f->bucket = 2000;
  f->restore_rate = 100;
  f->page_cost = 52;
  f->bucket_at = g_get_monotonic_time ();
  current = f;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  f->shop = reg_store_add_source (f->store, REG_ORIGIN_SHOPIFY, "Tea Corner", f->url, &error);
  g_assert_no_error (error);

  /* Twelve orders over three customers' accounts and guests; one guest
   * is also a customer already known by address. */
  for (guint i = 0; i < 12; i++)
    {
      const char *emails[] = { "ada@example.com", "ben@example.com", "cem@example.com", "guest@example.com",
                               "BEN@example.com" };
      const guint accounts[] = { 1, 2, 3, 0, 0 };

      add_order (f, 1001 + i, accounts[i % 5], emails[i % 5], i < 6 ? "Wien" : "Linz", T0 + i * HOUR, "24.9");
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
  g_free (f->bulk_kind);
  g_free (f->granted);
  g_ptr_array_unref (f->orders);
  g_ptr_array_unref (f->requests);
  g_hash_table_unref (f->ports);
  g_string_free (f->log, TRUE);
  g_clear_object (&f->cancellable);
}

typedef struct
{
  gboolean          done;
  gboolean          ok;
  GError           *error;
  RegSyncPageResult totals;
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

  /* The owner presses Cancel once the first part of an export is in. */
  if (current->cancel_in_bulk && current->n_bulk_runs > 0 && done > 0 && g_str_equal (what, "Orders"))
    g_cancellable_cancel (current->cancellable);
}

static void
waiting_cb (RegSyncEngine *engine,
            const char    *message,
            Run           *run)
{
  g_string_append_printf (run->said, "%s\n", message);
}

static void
sync_store (Fixture    *f,
            const char *key,
            const char *secret,
            guint       bulk_threshold,
            Run        *run)
{
  g_autoptr(RegSource) source = reg_store_get_source (f->store, f->shop, NULL);
  g_autoptr(RegSyncEngine) engine = reg_sync_engine_new (f->store, source, key, secret);
  RegHttpPolicy policy;

  reg_http_policy_init (&policy);
  policy.base_delay_ms = 10;
  policy.max_tries = 3;
  policy.timeout_s = 5;
  reg_sync_engine_set_policy (engine, &policy);
  reg_sync_engine_set_page_size (engine, 5);
  reg_sync_engine_set_api_version (engine, VERSION);
  reg_sync_engine_set_bulk_threshold (engine, bulk_threshold);

  memset (run, 0, sizeof *run);
  run->said = g_string_new (NULL);
  g_signal_connect (engine, "progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (engine, "waiting", G_CALLBACK (waiting_cb), run);
  reg_sync_engine_run_async (engine, f->cancellable, run_done_cb, run);
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

static guint
count_requests (Fixture    *f,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < f->requests->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (f->requests, i), prefix);

  return n;
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (reg_store_get_path (f->store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* How many items each order has in the database, by its number. */
static void
assert_items (Fixture *f)
{
  for (guint i = 0; i < f->orders->len; i++)
    {
      Order *o = g_ptr_array_index (f->orders, i);
      g_autofree char *gid = g_strdup_printf ("gid://shopify/Order/%u", o->n);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM order_items JOIN orders ON orders.id = order_id "
                                              "WHERE orders.remote_id = '%s'", gid);
      g_autofree char *positions = g_strdup_printf ("SELECT count(DISTINCT position) FROM order_items "
                                                    "JOIN orders ON orders.id = order_id WHERE orders.remote_id = '%s'",
                                                    gid);

      g_assert_cmpint (query_int (f, sql), ==, o->n_items);
      g_assert_cmpint (query_int (f, positions), ==, o->n_items);
    }
}

/* The token and the client secret turn up nowhere: not in what was
 * said, logged, or written to the database file. */
static void
assert_no_secrets (Fixture *f,
                   Run     *run)
{
  const char *db = reg_store_get_path (f->store);
  const char *secrets[] = { TOKEN, CLIENT_SECRET, "shpat_granted" };

  for (guint k = 0; k < G_N_ELEMENTS (secrets); k++)
    {
      g_assert_null (strstr (run->said->str, secrets[k]));
      g_assert_null (strstr (f->log->str, secrets[k]));
      if (run->error != NULL)
        g_assert_null (strstr (run->error->message, secrets[k]));
      g_assert_false (reg_test_db_files_contain (db, secrets[k]));
    }
}

static void
test_first_and_incremental (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RegContact) ben = NULL;
  g_autoptr(RegContact) guest = NULL;
  g_autoptr(RegContact) ada = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autofree char *checkpoint = NULL;
  Run run;

  /* Ben is already here, typed in by hand. */
  {
    g_autoptr(RegContact) mine = reg_test_contact_new ("Benjamin", "", "ben@example.com");
    g_autoptr(GError) error = NULL;

    /* He once agreed to marketing; he has since unsubscribed in the store. */
    reg_contact_set_consent (mine, REG_CONSENT_YES);
    reg_contact_set_consent_at (mine, T0 - 1000 * HOUR);
    reg_store_save_contact (f->store, mine, &error);
    g_assert_no_error (error);
  }
  /* Cem's #1003 was refunded, his #1008 cancelled; the guest's #1004 has
   * more items than come with a page. */
  ((Order *)g_ptr_array_index (f->orders, 2))->financial = "REFUNDED";
  ((Order *)g_ptr_array_index (f->orders, 2))->refunded = "24.9";
  ((Order *)g_ptr_array_index (f->orders, 7))->cancelled = TRUE;
  ((Order *)g_ptr_array_index (f->orders, 7))->financial = "VOIDED";
  ((Order *)g_ptr_array_index (f->orders, 3))->n_items = REG_SHOPIFY_ORDER_ITEMS + 2;

  sync_store (f, TOKEN, "", 100, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.totals.orders_added, ==, 12);
  g_assert_cmpuint (run.totals.skipped, ==, 0);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  /* Ada, Ben (linked, not doubled), Cem and the guest. */
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 4);
  g_assert_nonnull (strstr (run.said->str, "Orders: 12 of 12"));
  g_assert_nonnull (strstr (run.said->str, "Customers: 3 of 3"));
  /* The queries share one kept-alive connection. */
  g_assert_cmpuint (g_hash_table_size (f->ports), ==, 1);
  /* Small: by pages, no export. */
  g_assert_cmpuint (f->n_bulk_runs, ==, 0);
  g_assert_cmpuint (count_requests (f, "orders {"), ==, 3);
  {
    guint expected = 0;

    /* The rest of the items of those orders that have more, 250 at a time. */
    for (guint i = 0; i < f->orders->len; i++)
      {
        Order *o = g_ptr_array_index (f->orders, i);

        if (o->n_items > REG_SHOPIFY_ORDER_ITEMS)
          expected += (o->n_items - REG_SHOPIFY_ORDER_ITEMS + 249) / 250;
      }
    g_assert_cmpuint (count_requests (f, "more-items"), ==, expected);
  }
  assert_items (f);

  ben = find (f, "ben@example.com");
  g_assert_cmpstr (reg_contact_get_given_name (ben), ==, "Benjamin");
  g_assert_cmpint (reg_contact_get_consent (ben), ==, REG_CONSENT_NO);
  /* Three orders from his account, two as a guest with his address. */
  g_assert_cmpuint (reg_contact_get_n_orders (ben), ==, 5);
  g_assert_cmpint (reg_contact_get_total_spent (ben), ==, 5 * 2490);
  g_assert_cmpstr (reg_contact_get_city (ben), ==, "Linz");

  guest = find (f, "guest@example.com");
  g_assert_cmpuint (reg_contact_get_n_orders (guest), ==, 2);
  g_assert_cmpint (reg_contact_get_origin (guest), ==, REG_ORIGIN_SHOPIFY);

  ada = find (f, "ada@example.com");
  g_assert_cmpint (reg_contact_get_origin (ada), ==, REG_ORIGIN_SHOPIFY);
  g_assert_cmpint (reg_contact_get_consent (ada), ==, REG_CONSENT_YES);
  {
    g_autoptr(RegContact) cem = find (f, "cem@example.com");

    /* Refunded and cancelled orders are no revenue. */
    g_assert_cmpint (reg_contact_get_total_spent (cem), ==, 0);
  }

  checkpoint = state (f, "orders.updated");
  g_assert_cmpstr (checkpoint, ==, "1700039660");  /* the last order's updatedAt */

  source = reg_store_get_source (f->store, f->shop, NULL);
  g_assert_true (source->last_ok);
  g_assert_nonnull (strstr (source->last_result, "12 new orders"));
  assert_no_secrets (f, &run);
  run_clear (&run);

  /* Later: one order refunded in part, one new. Only changes are asked for. */
  {
    Order *o = g_ptr_array_index (f->orders, 5);  /* Ada's #1006 */

    o->financial = "PARTIALLY_REFUNDED";
    o->refunded = "10.0";
    o->updated = T0 + 50 * HOUR;
  }
  add_order (f, 1100, 1, "ada@example.com", "Salzburg", T0 + 51 * HOUR, "5.00");
  g_ptr_array_set_size (f->requests, 0);

  sync_store (f, TOKEN, "", 100, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.totals.orders_added, ==, 1);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 13);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 4);
  {
    g_autoptr(RegContact) ada_again = find (f, "ada@example.com");

    g_assert_cmpint (reg_contact_get_total_spent (ada_again), ==, 3 * 2490 - 1000 + 500);
    g_assert_cmpstr (reg_contact_get_city (ada_again), ==, "Salzburg");
  }
  /* It asked for changes since the checkpoint, less a minute. */
  {
    gboolean asked_since = FALSE;

    for (guint i = 0; i < f->requests->len; i++)
      if (g_str_has_prefix (g_ptr_array_index (f->requests, i), "orders {") &&
          strstr (g_ptr_array_index (f->requests, i), "updated_at:>'2023-11-15T09:13:20Z'") != NULL)
        asked_since = TRUE;
    g_assert_true (asked_since);
  }
  run_clear (&run);
}

static void
test_bulk_first_sync (Fixture       *f,
                      gconstpointer  data)
{
  Run run;

  /* A bigger store: thirty orders more, over the threshold of 10. */
  for (guint i = 0; i < 30; i++)
    add_order (f, 2001 + i, 1 + i % 3, shop_customers[i % 3].email, "Graz", T0 + (20 + i) * HOUR, "10.00");

  sync_store (f, TOKEN, "", 10, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  /* Orders by export; the three customers are too few for one. */
  g_assert_cmpuint (f->n_bulk_runs, ==, 1);
  g_assert_cmpuint (count_requests (f, "bulk-poll"), ==, 2);
  g_assert_cmpuint (count_requests (f, "orders {"), ==, 1);  /* then what changed meanwhile, by page */
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 42);
  g_assert_cmpuint (run.totals.orders_added, ==, 42);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 4);
  /* Every order has all its items, also those that came after the
   * next order, on the next page. */
  assert_items (f);
  {
    g_autofree char *bulk = state (f, "orders.bulk");
    g_autofree char *updated = state (f, "orders.updated");

    g_assert_cmpstr (bulk, ==, "");
    g_assert_cmpstr (updated, ==, "1700176460");
  }
  assert_no_secrets (f, &run);
  run_clear (&run);

  /* The next sync asks by page for what changed. */
  g_ptr_array_set_size (f->requests, 0);
  sync_store (f, TOKEN, "", 10, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (f->n_bulk_runs, ==, 1);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 42);
  run_clear (&run);
}

static void
test_bulk_cancel_and_resume (Fixture       *f,
                             gconstpointer  data)
{
  Run run;

  for (guint i = 0; i < 60; i++)
    add_order (f, 2001 + i, 1 + i % 3, shop_customers[i % 3].email, "Graz", T0 + (20 + i) * HOUR, "10.00");

  f->cancellable = g_cancellable_new ();
  f->cancel_in_bulk = TRUE;
  sync_store (f, TOKEN, "", 10, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED);
  /* What came before Cancel is kept, with where the export stands. */
  {
    gint64 n = reg_store_count_orders (f->store, NULL);
    g_autofree char *bulk = state (f, "orders.bulk");

    g_assert_cmpint (n, >, 0);
    g_assert_cmpint (n, <, 72);
    g_assert_cmpstr (bulk, ==, "gid://shopify/BulkOperation/1");
  }
  run_clear (&run);

  /* Next time: the same export, from where it stopped; nothing twice. */
  g_clear_object (&f->cancellable);
  f->cancel_in_bulk = FALSE;
  sync_store (f, TOKEN, "", 10, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (f->n_bulk_runs, ==, 1);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 72);
  assert_items (f);
  run_clear (&run);
}

static void
test_throttled (Fixture       *f,
                gconstpointer  data)
{
  Fault faults[] = { FAULT_THROTTLED_200, FAULT_THROTTLED_429 };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      Run run;

      f->fault = faults[i];
      f->orders_pages = 0;
      f->n_throttled = 0;
      /* The bucket is nearly empty when the orders begin. */
      f->bucket = 0;
      f->bucket_at = g_get_monotonic_time ();
      f->restore_rate = 100;
      reg_store_restart_sync (f->store, f->shop, NULL);

      sync_store (f, TOKEN, "", 100, &run);
      g_assert_no_error (run.error);
      g_assert_true (run.ok);
      g_assert_cmpuint (f->n_throttled, >=, 1);
      g_assert_nonnull (strstr (run.said->str, "Shopify limits how fast apps may read"));
      g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
      run_clear (&run);
    }
}

static void
test_paced (Fixture       *f,
            gconstpointer  data)
{
  Run run;

  /* A small bucket that each page nearly empties: the sync waits for it
   * to fill, and is never turned away. */
  f->bucket_max = 60;
  f->bucket = 60;
  f->restore_rate = 200;
  f->page_cost = 52;

  sync_store (f, TOKEN, "", 100, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (f->n_throttled, ==, 0);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  run_clear (&run);
}

static void
test_graphql_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RegSource) source = NULL;
  Run run;

  f->fault = FAULT_GRAPHQL_ERROR;
  sync_store (f, TOKEN, "", 100, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_BAD_REQUEST);
  /* The customers came before and stay. */
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 3);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 0);
  source = reg_store_get_source (f->store, f->shop, NULL);
  g_assert_false (source->last_ok);
  run_clear (&run);
}

static void
test_malformed_then_resumed (Fixture       *f,
                             gconstpointer  data)
{
  Run run;

  f->fault = FAULT_MALFORMED_PAGE_3;
  sync_store (f, TOKEN, "", 100, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
  /* Two pages of five are in. */
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 10);
  run_clear (&run);

  f->fault = FAULT_NONE;
  g_ptr_array_set_size (f->requests, 0);
  sync_store (f, TOKEN, "", 100, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  /* From the checkpoint on, not from the start. */
  g_assert_cmpuint (count_requests (f, "orders {"), ==, 1);
  g_assert_cmpuint (run.totals.orders_added, ==, 2);
  run_clear (&run);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RegSource) source = NULL;
  Run run;

  sync_store (f, "shpat_wrong", "", 100, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_AUTH);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 0);
  g_assert_null (strstr (run.error->message, "shpat_wrong"));
  source = reg_store_get_source (f->store, f->shop, NULL);
  g_assert_false (source->last_ok);
  g_assert_cmpstr (source->last_result, ==, run.error->message);
  run_clear (&run);
}

static void
test_missing_scope (Fixture       *f,
                    gconstpointer  data)
{
  Run run;

  f->fault = FAULT_NO_ORDERS_SCOPE;
  sync_store (f, TOKEN, "", 100, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (run.error->message, "read_orders"));
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 3);
  run_clear (&run);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  Run run;

  f->cancellable = g_cancellable_new ();
  f->fault = FAULT_CANCEL_ON_PAGE_2;
  sync_store (f, TOKEN, "", 100, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED);
  /* What was in before Cancel stays; the page on its way too, at most. */
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), >=, 5);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), <=, 10);
  run_clear (&run);
}

static void
test_both_shops (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) ada = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  gint64 woo;
  Run run;

  /* Ada also bought in the owner's WooCommerce shop. */
  woo = reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "Old shop", "https://old.example", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_customer_free);
    g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_order_free);
    g_autoptr(GPtrArray) skips = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_skip_free);
    RegSyncOrder *order = g_new0 (RegSyncOrder, 1);
    RegSyncPageResult result = { 0 };
    const char *no_state[] = { NULL };

    order->order = reg_order_new ();
    reg_order_set_remote_id (order->order, "77");
    reg_order_set_number (order->order, "77");
    reg_order_set_currency (order->order, "EUR");
    reg_order_set_ordered_at (order->order, T0 - 1000 * HOUR);
    reg_order_set_status (order->order, REG_ORDER_STATUS_PAID);
    reg_order_set_total (order->order, 9900);
    order->billing = reg_test_contact_new ("Ada", "Lovelace", "Ada@Example.com");
    g_ptr_array_add (orders, order);
    g_assert_true (reg_store_sync_write_page (f->store, woo, customers, orders, skips, no_state, &result, &error));
    g_assert_no_error (error);
  }

  sync_store (f, TOKEN, "", 100, &run);
  g_assert_no_error (run.error);

  /* One Ada, with both histories. */
  ada = find (f, "ada@example.com");
  g_assert_cmpuint (reg_contact_get_n_orders (ada), ==, 4);
  g_assert_cmpint (reg_contact_get_total_spent (ada), ==, 9900 + 3 * 2490);
  sources = reg_store_list_contact_sources (f->store, reg_contact_get_id (ada), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 2);
  run_clear (&run);
}

static void
test_client_credentials (Fixture       *f,
                         gconstpointer  data)
{
  Run run;

  /* The first token runs out part-way; Regulars fetches another. */
  f->fault = FAULT_EXPIRE_TOKEN;
  sync_store (f, CLIENT_ID, CLIENT_SECRET, 100, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (f->n_grants, ==, 2);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 12);
  assert_no_secrets (f, &run);
  run_clear (&run);

  /* A wrong secret is said in plain words. */
  sync_store (f, CLIENT_ID, "shpss_wrong", 100, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, REG_SYNC_ERROR, REG_SYNC_ERROR_AUTH);
  g_assert_null (strstr (run.error->message, "shpss_wrong"));
  run_clear (&run);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *notice;
  GError   *error;
} Test;

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Test *test = user_data;

  test->ok = reg_sync_test_connection_finish_notice (result, &test->notice, &test->error);
  test->done = TRUE;
}

static void
run_test_connection (Fixture    *f,
                     const char *key,
                     const char *secret,
                     Test       *test)
{
  memset (test, 0, sizeof *test);
  reg_sync_test_connection_async (REG_ORIGIN_SHOPIFY, f->url, key, secret, NULL, test_done_cb, test);
  while (!test->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_connection (Fixture       *f,
                 gconstpointer  data)
{
  Test test;

  /* All permissions. */
  run_test_connection (f, TOKEN, "", &test);
  g_assert_no_error (test.error);
  g_assert_true (test.ok);
  g_assert_null (test.notice);

  /* A wrong token. */
  run_test_connection (f, "shpat_nope", "", &test);
  g_assert_false (test.ok);
  g_assert_error (test.error, REG_SYNC_ERROR, REG_SYNC_ERROR_AUTH);
  g_clear_error (&test.error);

  /* Without read_all_orders: it works, with a word on the 60 days. */
  f->fault = FAULT_NO_ORDERS_SCOPE;
  run_test_connection (f, TOKEN, "", &test);
  g_assert_no_error (test.error);
  g_assert_true (test.ok);
  g_assert_nonnull (test.notice);
  g_assert_nonnull (strstr (test.notice, "60 days"));
  g_assert_nonnull (strstr (test.notice, "read_all_orders"));
  g_free (test.notice);

  /* With the client credentials. */
  f->fault = FAULT_NONE;
  run_test_connection (f, CLIENT_ID, CLIENT_SECRET, &test);
  g_assert_no_error (test.error);
  g_assert_true (test.ok);
  g_assert_cmpuint (f->n_grants, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_setenv ("REGULARS_SYNC_TIMEOUT", "5", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/shopify-sync/first-and-incremental", test_first_and_incremental);
  ADD ("/shopify-sync/bulk-first-sync", test_bulk_first_sync);
  ADD ("/shopify-sync/bulk-cancel-and-resume", test_bulk_cancel_and_resume);
  ADD ("/shopify-sync/throttled", test_throttled);
  ADD ("/shopify-sync/paced", test_paced);
  ADD ("/shopify-sync/graphql-error", test_graphql_error);
  ADD ("/shopify-sync/malformed-then-resumed", test_malformed_then_resumed);
  ADD ("/shopify-sync/unauthorized", test_unauthorized);
  ADD ("/shopify-sync/missing-scope", test_missing_scope);
  ADD ("/shopify-sync/cancel", test_cancel);
  ADD ("/shopify-sync/both-shops", test_both_shops);
  ADD ("/shopify-sync/client-credentials", test_client_credentials);
  ADD ("/shopify-sync/test-connection", test_connection);
#undef ADD

  return g_test_run ();
}
