/* bench-sync.c: a first sync of a WooCommerce shop with 20,000 orders and
 * 5,000 customers, served from 127.0.0.1, next to curl downloading the
 * very same pages one after the other; and the sync's peak memory at a
 * tenth of the orders, which should be about the same.
 *
 * Every record's JSON is rendered before anything is timed, and a page
 * goes out as a slice of it, so the server costs both clients the same.
 * The server has a thread and main context of its own; each sync runs in
 * a child process (this program again, with --sync), as the CLI would.
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-data.h"
#include "bench-server.h"
#include "reg-source.h"
#include "reg-sync-engine.h"
#include "reg-woo-map.h"

#define KEY "ck_4f1c2a9e0b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f"
#define SECRET "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3"

#define N_ORDERS 20000
#define N_SMALL_ORDERS 2000
#define N_CUSTOMERS 5000
#define PAGE_SIZE 100

/* 2020-09-13: the shop opened; orders come about every 67 minutes. */
#define T0 G_GINT64_CONSTANT (1600000000)
#define ORDER_STEP 4000

/* Orders changed in one go by a bulk action share their modified second:
 * more of them than fit in a page, so the sync's keyset walk has to page
 * within one second too. */
#define BULK_SIZE 120

/* How long the shop takes to build a page, in the second round. WordPress
 * with WooCommerce needs from about 100 ms (a fast host, a cache) to well
 * over a second (shared hosting) for a page of 100 orders; the fast end
 * is the hard case for us. */
#define THINK_MS 100

static const struct { const char *woo; guint share; } statuses[] = {
  { "completed", 70 }, { "processing", 12 }, { "on-hold", 5 }, { "pending", 4 }, { "cancelled", 4 },
  { "failed", 2 }, { "refunded", 3 },
};

/* One shop: its orders and customers rendered as they will be sent. */
typedef struct
{
  char    *path;            /* where it is served: "/shop-20000" */
  guint    n_orders;
  guint    n_customers;

  /* Each record's JSON followed by a comma, in the order the API lists
   * them; a page is a slice of it, without the last comma. */
  GString *orders;
  gsize   *order_at;        /* n_orders + 1 offsets */
  gint64  *order_modified;  /* ascending */
  GString *customers;       /* by id */
  gsize   *customer_at;     /* n_customers + 1 offsets */
} Shop;

/* What the server serves: read only while it runs. */
typedef struct
{
  GPtrArray *shops;
  char      *authorization;
} Shops;

/* Money as WooCommerce writes it: "12.50". */
static const char *
money (char   *buffer,
       gint64  cents)
{
  g_snprintf (buffer, 32, "%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "", ABS (cents) / 100,
              (int)(ABS (cents) % 100));
  return buffer;
}

/* A unit price as PHP's json_encode() writes a float: 12.5, 3, 8.95. */
static const char *
number (char  *buffer,
        guint  cents)
{
  if (cents % 100 == 0)
    g_snprintf (buffer, 32, "%u", cents / 100);
  else if (cents % 10 == 0)
    g_snprintf (buffer, 32, "%u.%u", cents / 100, (cents % 100) / 10);
  else
    g_snprintf (buffer, 32, "%u.%02u", cents / 100, cents % 100);
  return buffer;
}

/* "2017-03-22T19:28:02": no zone; the _gmt fields are UTC. */
static const char *
date (char   *buffer,
      gint64  t)
{
  time_t tt = (time_t)t;
  struct tm tm;

  gmtime_r (&tt, &tm);
  strftime (buffer, 32, "%Y-%m-%dT%H:%M:%S", &tm);
  return buffer;
}

static void
append_address (GString    *s,
                const char *member,
                guint       person,
                guint       place,
                const char *email,
                const char *phone)
{
  g_string_append_printf (s,
                          "\"%s\":{\"first_name\":\"%s\",\"last_name\":\"%s\",\"company\":\"%s\","
                          "\"address_1\":\"Hauptstraße %u\",\"address_2\":\"%s\",\"city\":\"%s\",\"state\":\"%s\","
                          "\"postcode\":\"%s\",\"country\":\"%s\"",
                          member, bench_given[person % G_N_ELEMENTS (bench_given)],
                          bench_family[(person / G_N_ELEMENTS (bench_given)) % G_N_ELEMENTS (bench_family)],
                          person % 11 == 0 ? "Kaffeehaus GmbH" : "", 1 + person % 180,
                          person % 7 == 0 ? "Hinterhaus" : "", bench_places[place].city, bench_places[place].state,
                          bench_places[place].postcode, bench_places[place].country);
  if (email != NULL)
    g_string_append_printf (s, ",\"email\":\"%s\",\"phone\":\"%s\"", email, phone);
  g_string_append_c (s, '}');
}

static guint
customer_id (guint k)
{
  /* WordPress user ids: the shop's staff came first. */
  return 3 + k;
}

static void
render_customer (GString    *s,
                 const char *api,
                 guint       k)
{
  guint32 r = bench_mix (k ^ 0x5bd1e995u);
  gint64 created = T0 - 90 * 86400 + (gint64)k * (ORDER_STEP * 3) + r % 600;
  gint64 modified = created + (r % 5 == 0 ? (gint64)(r % 400) * 86400 : 120);
  guint place = (k / 3) % G_N_ELEMENTS (bench_places);
  char email[64], phone[32], d[4][32];

  g_snprintf (email, sizeof email, "customer%u@example.com", k);
  g_snprintf (phone, sizeof phone, "+49 30 %07u", bench_mix (customer_id (k)) % 10000000);

  g_string_append_printf (s,
                          "{\"id\":%u,\"date_created\":\"%s\",\"date_created_gmt\":\"%s\",\"date_modified\":\"%s\","
                          "\"date_modified_gmt\":\"%s\",\"email\":\"%s\",\"first_name\":\"%s\",\"last_name\":\"%s\","
                          "\"role\":\"customer\",\"username\":\"customer%u\",",
                          customer_id (k), date (d[0], created + 7200), date (d[1], created),
                          date (d[2], modified + 7200), date (d[3], modified), email,
                          bench_given[k % G_N_ELEMENTS (bench_given)],
                          bench_family[(k / G_N_ELEMENTS (bench_given)) % G_N_ELEMENTS (bench_family)], k);
  append_address (s, "billing", k, place, email, phone);
  g_string_append_c (s, ',');
  append_address (s, "shipping", k, place, NULL, NULL);
  g_string_append_printf (s,
                          ",\"is_paying_customer\":%s,\"avatar_url\":\"https://secure.gravatar.com/avatar/"
                          "%08x%08x%08x%08x?s=96&d=mm&r=g\",\"meta_data\":[{\"id\":%u,\"key\":\"_last_order\","
                          "\"value\":\"\"}],\"_links\":{\"self\":[{\"href\":\"%scustomers/%u\"}],"
                          "\"collection\":[{\"href\":\"%scustomers\"}]}},",
                          r % 3 ? "true" : "false", bench_mix (r), bench_mix (r + 1), bench_mix (r + 2),
                          bench_mix (r + 3), 100000 + k, api, customer_id (k), api);
}

/* When order @i was last changed: minutes after it was placed, for most;
 * days later for some; and a few groups in one bulk action. */
static gint64
order_created (guint i)
{
  return T0 + (gint64)i * ORDER_STEP + bench_mix (i) % (ORDER_STEP - 1000);
}

static gint64
order_modified (guint i,
                guint n_orders)
{
  guint32 r = bench_mix (i ^ 0x9e3779b9u);

  for (guint k = 1; k <= 3 && n_orders >= 4 * BULK_SIZE; k++)
    {
      guint first = n_orders / 4 * k;

      if (i >= first && i < first + BULK_SIZE)
        return order_created (first + BULK_SIZE) + 3600;
    }

  if (r % 100 < 15)
    return order_created (i) + 3600 + (gint64)(r % (30 * 24)) * 3600;

  return order_created (i) + 30 + r % 600;
}

static void
render_order (GString    *s,
              const char *api,
              guint       i,
              guint       n_orders,
              guint       n_customers)
{
  guint32 r = bench_mix (i);
  guint32 r2 = bench_mix (r);
  guint id = 20000 + 3 * i;
  gint64 created = order_created (i);
  gint64 modified = order_modified (i, n_orders);
  gboolean guest = r % 100 < 25;
  guint customer = r2 % n_customers;
  guint person;
  guint place;
  guint n_items = 1 + (r >> 8) % 4;
  guint share = (r >> 12) % 100;
  const char *status = statuses[0].woo;
  gint64 subtotal = 0;
  gint64 tax;
  gint64 shipping = (r >> 4) % 5 == 0 ? 0 : 490;
  gint64 discount = (r >> 6) % 10 == 0 ? 500 : 0;
  gint64 total;
  char email[64], phone[32], d[8][32], m[8][32];

  for (guint k = 0, sum = 0; k < G_N_ELEMENTS (statuses); k++)
    if (share < (sum += statuses[k].share))
      {
        status = statuses[k].woo;
        break;
      }

  if (!guest)
    {
      person = customer;
      place = (customer / 3) % G_N_ELEMENTS (bench_places);
      g_snprintf (email, sizeof email, "customer%u@example.com", customer);
    }
  else
    {
      /* Guests come back, and now and then one already has an account. */
      guint g = r2 % MAX (n_orders / 3, 1);

      person = 7919 + g;
      place = g % G_N_ELEMENTS (bench_places);
      if (g % 25 == 0)
        g_snprintf (email, sizeof email, "Customer%u@Example.com", g % n_customers);
      else
        g_snprintf (email, sizeof email, "guest%u@example.org", g);
    }
  g_snprintf (phone, sizeof phone, "+49 30 %07u", bench_mix (guest ? person : customer_id (customer)) % 10000000);

  for (guint k = 0; k < n_items; k++)
    {
      guint p = (r2 + k * 7) % G_N_ELEMENTS (bench_products);

      subtotal += (gint64)bench_products[p].price * (1 + (r2 >> (k * 4)) % 3);
    }
  tax = (subtotal - discount) * 19 / 119;
  total = subtotal - discount + shipping;

  g_string_append_printf (s,
                          "{\"id\":%u,\"parent_id\":0,\"status\":\"%s\",\"currency\":\"EUR\",\"version\":\"8.5.2\","
                          "\"prices_include_tax\":true,\"date_created\":\"%s\",\"date_modified\":\"%s\","
                          "\"discount_total\":\"%s\",\"discount_tax\":\"0.00\",\"shipping_total\":\"%s\","
                          "\"shipping_tax\":\"0.00\",\"cart_tax\":\"%s\",\"total\":\"%s\",\"total_tax\":\"%s\","
                          "\"customer_id\":%u,\"order_key\":\"wc_order_%08x%05x\",",
                          id, status, date (d[0], created + 7200), date (d[1], modified + 7200),
                          money (m[0], discount), money (m[1], shipping), money (m[2], tax), money (m[3], total),
                          money (m[4], tax), guest ? 0 : customer_id (customer), bench_mix (id), r2 & 0xfffff);
  append_address (s, "billing", person, place, email, phone);
  g_string_append_c (s, ',');
  append_address (s, "shipping", person, place, NULL, NULL);
  g_string_append_printf (s,
                          ",\"payment_method\":\"%s\",\"payment_method_title\":\"%s\",\"transaction_id\":\"%s\","
                          "\"customer_ip_address\":\"192.0.2.%u\",\"customer_user_agent\":\"Mozilla/5.0 (X11; Linux "
                          "x86_64; rv:122.0) Gecko/20100101 Firefox/122.0\",\"created_via\":\"checkout\","
                          "\"customer_note\":\"%s\",\"date_completed\":%s%s%s,\"date_paid\":\"%s\","
                          "\"cart_hash\":\"%08x%08x%08x%08x\",\"number\":\"%u\",",
                          r % 2 ? "stripe" : "paypal", r % 2 ? "Credit card (Stripe)" : "PayPal",
                          r % 2 ? "ch_3OaXk2Lz" : "8UX12345AB", r % 250,
                          r % 13 == 0 ? "Please leave it at the door." : "",
                          g_str_equal (status, "completed") ? "\"" : "",
                          g_str_equal (status, "completed") ? date (d[2], modified + 7200) : "null",
                          g_str_equal (status, "completed") ? "\"" : "",
                          date (d[3], created + 7260), bench_mix (r), bench_mix (r + 1), bench_mix (r + 2),
                          bench_mix (r + 3), id);
  g_string_append_printf (s,
                          "\"meta_data\":[{\"id\":%u,\"key\":\"is_vat_exempt\",\"value\":\"no\"},"
                          "{\"id\":%u,\"key\":\"_wc_order_attribution_source_type\",\"value\":\"typein\"}],"
                          "\"line_items\":[",
                          id * 10, id * 10 + 1);
  for (guint k = 0; k < n_items; k++)
    {
      guint p = (r2 + k * 7) % G_N_ELEMENTS (bench_products);
      guint quantity = 1 + (r2 >> (k * 4)) % 3;
      gint64 line = (gint64)bench_products[p].price * quantity;
      gint64 line_tax = line * 19 / 119;

      g_string_append_printf (s,
                              "%s{\"id\":%u,\"name\":\"%s\",\"product_id\":%u,\"variation_id\":0,\"quantity\":%u,"
                              "\"tax_class\":\"\",\"subtotal\":\"%s\",\"subtotal_tax\":\"%s\",\"total\":\"%s\","
                              "\"total_tax\":\"%s\",\"taxes\":[{\"id\":1,\"total\":\"%s\",\"subtotal\":\"%s\"}],"
                              "\"meta_data\":[],\"sku\":\"SKU-%04u\",\"price\":%s,"
                              "\"image\":{\"id\":\"%u\",\"src\":\"https://shop.example/wp-content/uploads/"
                              "product-%u.jpg\"},\"parent_name\":null}",
                              k ? "," : "", id * 10 + 2 + k, bench_products[p].name, 100 + p, quantity,
                              money (m[0], line - line_tax), money (m[1], line_tax), money (m[2], line - line_tax),
                              money (m[3], line_tax), money (m[4], line_tax), money (m[5], line_tax), p,
                              number (m[6], bench_products[p].price), 500 + p, p);
    }
  g_string_append_printf (s,
                          "],\"tax_lines\":[{\"id\":%u,\"rate_code\":\"DE-MWST-1\",\"rate_id\":1,\"label\":\"MwSt.\","
                          "\"compound\":false,\"tax_total\":\"%s\",\"shipping_tax_total\":\"0.00\","
                          "\"rate_percent\":19,\"meta_data\":[]}],",
                          id * 10 + 7, money (m[0], tax));
  if (shipping > 0)
    g_string_append_printf (s,
                            "\"shipping_lines\":[{\"id\":%u,\"method_title\":\"DHL Paket\",\"method_id\":\"flat_rate\","
                            "\"instance_id\":\"1\",\"total\":\"%s\",\"total_tax\":\"0.00\",\"taxes\":[],"
                            "\"meta_data\":[{\"id\":%u,\"key\":\"Items\",\"value\":\"%s × 1\"}]}],",
                            id * 10 + 8, money (m[0], shipping), id * 10 + 9,
                            bench_products[r2 % G_N_ELEMENTS (bench_products)].name);
  else
    g_string_append (s, "\"shipping_lines\":[],");
  g_string_append (s, "\"fee_lines\":[],");
  if (discount > 0)
    g_string_append_printf (s,
                            "\"coupon_lines\":[{\"id\":%u,\"code\":\"welcome5\",\"discount\":\"5.00\","
                            "\"discount_tax\":\"0.00\",\"meta_data\":[]}],",
                            id * 10 + 10);
  else
    g_string_append (s, "\"coupon_lines\":[],");

  /* Refunded orders were paid back in full; a few completed ones in part. */
  if (g_str_equal (status, "refunded"))
    g_string_append_printf (s, "\"refunds\":[{\"id\":%u,\"reason\":\"Returned\",\"total\":\"%s\"}],",
                            id + 1, money (m[0], -total));
  else if (g_str_equal (status, "completed") && r2 % 30 == 0)
    g_string_append_printf (s, "\"refunds\":[{\"id\":%u,\"reason\":\"\",\"total\":\"-5.00\"}],", id + 1);
  else
    g_string_append (s, "\"refunds\":[],");

  g_string_append_printf (s,
                          "\"set_paid\":false,\"currency_symbol\":\"€\",\"date_created_gmt\":\"%s\","
                          "\"date_modified_gmt\":\"%s\",\"date_completed_gmt\":%s%s%s,\"date_paid_gmt\":\"%s\","
                          "\"_links\":{\"self\":[{\"href\":\"%sorders/%u\"}],\"collection\":[{\"href\":\"%sorders\"}]",
                          date (d[4], created), date (d[5], modified),
                          g_str_equal (status, "completed") ? "\"" : "",
                          g_str_equal (status, "completed") ? date (d[6], modified) : "null",
                          g_str_equal (status, "completed") ? "\"" : "",
                          date (d[7], created + 60), api, id, api);
  if (!guest)
    g_string_append_printf (s, ",\"customer\":[{\"href\":\"%scustomers/%u\"}]", api, customer_id (customer));
  g_string_append (s, "}},");
}

typedef struct
{
  gint64 modified;
  guint  index;
} Key;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const Key *x = a;
  const Key *y = b;

  /* As WooCommerce lists by modified date: ties by id, which grows with the index. */
  if (x->modified != y->modified)
    return x->modified < y->modified ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

static Shop *
shop_new (const char *base_url,
          guint       n_orders,
          guint       n_customers)
{
  Shop *shop = g_new0 (Shop, 1);
  g_autofree char *api = NULL;
  g_autofree Key *keys = g_new (Key, n_orders);

  shop->path = g_strdup_printf ("/shop-%u", n_orders);
  shop->n_orders = n_orders;
  shop->n_customers = n_customers;
  api = g_strdup_printf ("%s%s/wp-json/wc/v3/", base_url, shop->path);

  shop->customers = g_string_sized_new ((gsize)n_customers * 1400);
  shop->customer_at = g_new (gsize, n_customers + 1);
  for (guint k = 0; k < n_customers; k++)
    {
      shop->customer_at[k] = shop->customers->len;
      render_customer (shop->customers, api, k);
    }
  shop->customer_at[n_customers] = shop->customers->len;

  for (guint i = 0; i < n_orders; i++)
    {
      keys[i].modified = order_modified (i, n_orders);
      keys[i].index = i;
    }
  qsort (keys, n_orders, sizeof (Key), compare_keys);

  shop->orders = g_string_sized_new ((gsize)n_orders * 4000);
  shop->order_at = g_new (gsize, n_orders + 1);
  shop->order_modified = g_new (gint64, n_orders);
  for (guint i = 0; i < n_orders; i++)
    {
      shop->order_at[i] = shop->orders->len;
      shop->order_modified[i] = keys[i].modified;
      render_order (shop->orders, api, keys[i].index, n_orders, n_customers);
    }
  shop->order_at[n_orders] = shop->orders->len;

  return shop;
}

static void
shop_free (Shop *shop)
{
  g_free (shop->path);
  g_string_free (shop->orders, TRUE);
  g_free (shop->order_at);
  g_free (shop->order_modified);
  g_string_free (shop->customers, TRUE);
  g_free (shop->customer_at);
  g_free (shop);
}

static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_STATIC, json, strlen (json));
}

/* Sends records [first, end) of a rendered list: no copy, no rendering. */
static void
set_slice (SoupServerMessage *msg,
           GString           *records,
           const gsize       *at,
           guint              first,
           guint              end,
           guint              total,
           guint              per_page,
           guint64           *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  char t[16], p[16];

  g_snprintf (t, sizeof t, "%u", total);
  g_snprintf (p, sizeof p, "%u", (total + per_page - 1) / per_page);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json; charset=UTF-8", NULL);
  soup_message_headers_replace (headers, "X-WP-Total", t);
  soup_message_headers_replace (headers, "X-WP-TotalPages", p);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, "[", 1);
  if (end > first)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, records->str + at[first], at[end] - at[first] - 1);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "]", 1);
  soup_message_headers_set_content_length (headers, body->length);
  *bytes = body->length;
}

static const char *
query_text (GHashTable *query,
            const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

static gboolean
query_is (GHashTable *query,
          const char *name,
          const char *value)
{
  return g_strcmp0 (query_text (query, name), value) == 0;
}

static guint
query_uint (GHashTable *query,
            const char *name,
            guint       fallback)
{
  const char *value = query_text (query, name);

  return value ? (guint)g_ascii_strtoull (value, NULL, 10) : fallback;
}

typedef struct
{
  GString     *records;
  const gsize *at;
  guint        first;
  guint        end;
  guint        total;
  guint        per_page;
  gboolean     orders;
} Page;

/* The shop a request's path is for, and the route under its API. */
static Shop *
find_shop (GPtrArray   *shops,
           const char  *path,
           const char **route)
{
  for (guint i = 0; i < shops->len; i++)
    {
      Shop *shop = g_ptr_array_index (shops, i);

      if (g_str_has_prefix (path, shop->path) && g_str_has_prefix (path + strlen (shop->path), "/wp-json/wc/v3/"))
        {
          *route = path + strlen (shop->path) + strlen ("/wp-json/wc/v3/");
          return shop;
        }
    }

  return NULL;
}

/* What WooCommerce would list for the parameters the sync sends; FALSE
 * for any other listing, so that the benchmark cannot pass by serving
 * something else than what was asked for. */
static gboolean
find_page (Shop       *shop,
           const char *route,
           GHashTable *query,
           Page       *page)
{
  guint number = MAX (query_uint (query, "page", 1), 1);

  page->per_page = MIN (query_uint (query, "per_page", 10), 100);
  if (page->per_page == 0)
    return FALSE;

  if (g_str_equal (route, "customers") && query_is (query, "role", "all") &&
      query_is (query, "orderby", "id") && query_is (query, "order", "asc"))
    {
      guint offset = query_text (query, "offset") ? query_uint (query, "offset", 0) : (number - 1) * page->per_page;

      page->orders = FALSE;
      page->records = shop->customers;
      page->at = shop->customer_at;
      page->first = MIN (offset, shop->n_customers);
      page->end = MIN ((guint64)page->first + page->per_page, shop->n_customers);
      page->total = shop->n_customers;
      return TRUE;
    }

  if (g_str_equal (route, "orders") && query_is (query, "orderby", "modified") &&
      query_is (query, "order", "asc") && query_is (query, "dates_are_gmt", "true"))
    {
      const char *after = query_text (query, "modified_after");
      guint start = 0;

      /* Strictly after, as WordPress's date query reads "after". */
      if (after != NULL)
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (after, utc);
          gint64 after_t = dt ? g_date_time_to_unix (dt) : G_MININT64;
          guint lo = 0, hi = shop->n_orders;

          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (shop->order_modified[mid] > after_t)
                hi = mid;
              else
                lo = mid + 1;
            }
          start = lo;
        }

      page->orders = TRUE;
      page->records = shop->orders;
      page->at = shop->order_at;
      page->first = MIN ((guint64)start + (guint64)(number - 1) * page->per_page, shop->n_orders);
      page->end = MIN ((guint64)page->first + page->per_page, shop->n_orders);
      page->total = shop->n_orders - start;
      return TRUE;
    }

  return FALSE;
}

static void
serve_cb (SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          BenchAnswer       *answer,
          gpointer           user_data)
{
  Shops *shops = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  const char *route = NULL;
  Shop *shop;
  Page page;

  if (!(shop = find_shop (shops->shops, path, &route)))
    set_error (msg, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route was found matching the URL and request "
                         "method.\",\"data\":{\"status\":404}}");
  else if (g_strcmp0 (auth, shops->authorization) != 0)
    set_error (msg, 401, "{\"code\":\"woocommerce_rest_authentication_error\",\"message\":\"Consumer secret is "
                         "invalid.\",\"data\":{\"status\":401}}");
  else if (find_page (shop, route, query, &page))
    set_slice (msg, page.records, page.at, page.first, page.end, page.total, page.per_page, &answer->bytes);
  else
    set_error (msg, 400, "{\"code\":\"rest_invalid_param\",\"message\":\"Invalid parameter(s).\","
                         "\"data\":{\"status\":400}}");

  answer->request = g_strconcat (path, raw_query ? "?" : "", raw_query, NULL);
}

/* The child: a first sync of the shop at @url into a new database, as
 * the app or the CLI would run it. */
static int
sync_child (const char *url,
            const char *db_path,
            const char *key,
            const char *secret)
{
  g_autoptr(RegSyncEngine) engine = NULL;

  if (!(engine = bench_sync_engine_new (db_path, REG_ORIGIN_WOOCOMMERCE, url, key, secret)))
    return 1;
  reg_sync_engine_set_page_size (engine, PAGE_SIZE);

  return bench_sync_child (engine);
}

static gboolean
sync_shop (BenchServer *server,
           const char  *self_exe,
           const char  *dir,
           Shop        *shop,
           guint        think_ms,
           BenchSync   *figures)
{
  g_autofree char *url = g_strconcat (bench_server_get_url (server), shop->path, NULL);
  g_autofree char *db = g_strdup_printf ("%s/sync-%u-%ums.db", dir, shop->n_orders, think_ms);
  g_autofree char *out = g_strdup_printf ("%s/sync-%u-%ums.out", dir, shop->n_orders, think_ms);
  const char *argv[] = { self_exe, "--sync", url, db, KEY, SECRET, NULL };

  return bench_sync_spawn (server, argv, out, shop->n_orders, figures);
}

/* curl, downloading @requests one after the other on one connection, as
 * the sync did, with the same login. */
static gboolean
download_with_curl (BenchServer *server,
                    const char  *dir,
                    GPtrArray   *requests,
                    double      *seconds,
                    guint64     *bytes)
{
  g_autoptr(GString) config = g_string_new (NULL);

  g_string_append (config, "user = \"" KEY ":" SECRET "\"\n"
                           "header = \"Accept: application/json\"\n"
                           "write-out = \"%{http_code}\\n\"\n");
  for (guint i = 0; i < requests->len; i++)
    g_string_append_printf (config, "url = \"%s%s\"\noutput = \"/dev/null\"\n", bench_server_get_url (server),
                            (const char *)g_ptr_array_index (requests, i));

  return bench_curl (server, dir, config->str, requests->len, seconds, bytes, NULL);
}

/* Reads the pages of @requests as the sync reads them (reg-woo-map.c),
 * without fetching or writing them: the sync's share spent on JSON. */
static double
time_reading (Shops     *shops,
              GPtrArray *requests)
{
  g_autoptr(GString) body = g_string_new (NULL);
  gint64 spent = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const char *request = g_ptr_array_index (requests, i);
      const char *mark = strchr (request, '?');
      g_autofree char *path = mark ? g_strndup (request, mark - request) : g_strdup (request);
      g_autoptr(GHashTable) query = mark ? soup_form_decode (mark + 1) : NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GPtrArray) skipped = NULL;
      const char *route = NULL;
      Shop *shop;
      Page page;
      gint64 start;

      if (!(shop = find_shop (shops->shops, path, &route)) || !find_page (shop, route, query, &page))
        continue;

      g_string_assign (body, "[");
      if (page.end > page.first)
        g_string_append_len (body, page.records->str + page.at[page.first],
                             page.at[page.end] - page.at[page.first] - 1);
      g_string_append_c (body, ']');

      start = g_get_monotonic_time ();
      if (page.orders)
        reg_woo_parse_orders (body->str, body->len, &records, &skipped, NULL);
      else
        reg_woo_parse_customers (body->str, body->len, &records, &skipped, NULL);
      g_clear_pointer (&records, g_ptr_array_unref);
      g_clear_pointer (&skipped, g_ptr_array_unref);
      spent += g_get_monotonic_time () - start;
    }

  return spent / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *encoded = NULL;
  BenchServer *server;
  Shops shops;
  Shop *full, *small;
  BenchSync s_small = { 0, }, s_full = { 0, }, s_think = { 0, };
  double c_seconds, c_think_seconds = 0;
  guint64 c_think_bytes = 0;
  double reading = 0;
  guint64 c_bytes;
  gint64 start;
  gboolean keep = FALSE;
  gboolean ok;

  if (argc == 6 && g_str_equal (argv[1], "--sync"))
    return sync_child (argv[2], argv[3], argv[4], argv[5]);
  keep = argc > 1 && g_str_equal (argv[1], "--keep");

  /* The children are this program again. */
  if (!(self_exe = g_file_read_link ("/proc/self/exe", NULL)))
    self_exe = g_strdup (argv[0]);
  dir = g_dir_make_tmp ("regulars-bench-XXXXXX", NULL);

  encoded = g_base64_encode ((const guchar *)KEY ":" SECRET, strlen (KEY ":" SECRET));
  shops.authorization = g_strconcat ("Basic ", encoded, NULL);
  shops.shops = g_ptr_array_new_with_free_func ((GDestroyNotify)shop_free);
  server = bench_server_start (serve_cb, &shops);

  printf ("Rendering the shops' pages, served from %s…\n", bench_server_get_url (server));
  fflush (stdout);
  start = g_get_monotonic_time ();
  full = shop_new (bench_server_get_url (server), N_ORDERS, N_CUSTOMERS);
  small = shop_new (bench_server_get_url (server), N_SMALL_ORDERS, N_CUSTOMERS);
  printf ("  %u orders (%.1f MB of JSON), %u customers (%.1f MB), in %.2f s\n", N_ORDERS,
          full->orders->len / 1048576.0, N_CUSTOMERS, full->customers->len / 1048576.0,
          (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);

  /* Shops are added before any request: the server only reads them. */
  g_ptr_array_add (shops.shops, full);
  g_ptr_array_add (shops.shops, small);

  ok = sync_shop (server, self_exe, dir, small, 0, &s_small) &&
       sync_shop (server, self_exe, dir, full, 0, &s_full) &&
       download_with_curl (server, dir, s_full.requests, &c_seconds, &c_bytes);
  if (ok)
    reading = time_reading (&shops, s_full.requests);

  /* The same again with a shop that takes its time, as real ones do. */
  if (ok)
    {
      printf ("Again, with the shop taking %u ms for each page…\n", THINK_MS);
      fflush (stdout);
      bench_server_set_think_ms (server, THINK_MS);
      ok = sync_shop (server, self_exe, dir, full, THINK_MS, &s_think) &&
           download_with_curl (server, dir, s_think.requests, &c_think_seconds, &c_think_bytes);
      bench_server_set_think_ms (server, 0);
    }

  if (ok)
    {
      printf ("\n%-48s %9s %9s %9s %9s\n", "", "seconds", "peak MB", "requests", "MB sent");
      printf ("%-48s %9.2f %9.1f %9u %9.1f\n", "first sync, 2,000 orders + 5,000 customers",
              s_small.seconds, s_small.peak_mb, s_small.requests->len, s_small.bytes / 1048576.0);
      printf ("%-48s %9.2f %9.1f %9u %9.1f\n", "first sync, 20,000 orders + 5,000 customers",
              s_full.seconds, s_full.peak_mb, s_full.requests->len, s_full.bytes / 1048576.0);
      printf ("%-48s %9.2f\n", "  of which the engine's run", s_full.engine_seconds);
      printf ("%-48s %9.2f\n", "  of which reading the JSON (timed alone)", reading);
      printf ("%-48s %9.2f %9s %9u %9.1f\n", "curl, the same pages one after the other",
              c_seconds, "", s_full.requests->len, c_bytes / 1048576.0);
      printf ("\n%u orders added, %u seen again at page boundaries and updated; %u customers added, %u updated\n",
              s_full.totals.orders_added, s_full.totals.orders_updated, s_full.totals.contacts_added,
              s_full.totals.contacts_updated);
      printf ("%-48s %9.2f %9.1f %9u %9.1f\n", "first sync, 20,000 orders, shop 100 ms a page",
              s_think.seconds, s_think.peak_mb, s_think.requests->len, s_think.bytes / 1048576.0);
      printf ("%-48s %9.2f %9s %9u %9.1f\n", "curl, the same, shop 100 ms a page",
              c_think_seconds, "", s_think.requests->len, c_think_bytes / 1048576.0);
      printf ("Ratio sync / curl download, shop answering at once: %.2f× (target ≤ 1.5×)\n",
              s_full.seconds / c_seconds);
      printf ("Ratio sync / curl download, shop taking %u ms a page: %.2f× (target ≤ 1.5×)\n", THINK_MS,
              s_think.seconds / c_think_seconds);
      printf ("Peak memory, 10× the orders: %.2f× (flat is ≈ 1×)\n", s_full.peak_mb / s_small.peak_mb);
    }

  bench_server_stop (server);
  g_ptr_array_unref (shops.shops);
  g_free (shops.authorization);
  bench_sync_clear (&s_small);
  bench_sync_clear (&s_full);
  bench_sync_clear (&s_think);
  bench_clean_up (dir, keep);

  return ok ? 0 : 1;
}
