/* bench-shopify.c: a first sync of a Shopify store with 20,000 orders and
 * 5,000 customers served from 127.0.0.1, by pages and by bulk export,
 * each next to curl sending the very same requests one after the other;
 * and each sync's peak memory at a tenth of the orders, which should be
 * about the same.
 *
 * The server speaks the GraphQL Admin API as tests/test-shopify-sync.c's
 * does: counts, cursor pages with costs, an order's further line items,
 * bulk exports that are ready at once, and their JSONL files with line
 * items as rows of their own, not always right after their order. Every
 * record is rendered before anything is timed, and an answer goes out as
 * slices of that, so the server costs both clients the same.
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-data.h"
#include "bench-server.h"
#include "reg-shopify-map.h"
#include "reg-source.h"
#include "reg-sync-engine.h"

#define TOKEN "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"
#define VERSION "2026-10"

#define N_ORDERS 20000
#define N_SMALL_ORDERS 2000
#define N_CUSTOMERS 5000
/* The most the engine takes; it asks for fewer orders a page, to stay
 * under Shopify's cost limit. */
#define PAGE_SIZE 100

/* Above any count here: pages. At 1, everything goes by bulk export. */
#define PAGED (N_ORDERS + 1)
#define BULK 1

/* 2020-09-13: the store opened; orders come about every 67 minutes. */
#define T0 G_GINT64_CONSTANT (1600000000)
#define ORDER_STEP 4000

/* Shopify's IDs have 13 digits these days. */
#define ORDER_ID_BASE G_GUINT64_CONSTANT (5210000000000)
#define ORDER_ID_STEP 17
#define CUSTOMER_ID_BASE G_GUINT64_CONSTANT (7030000000000)
#define CUSTOMER_ID_STEP 29
#define LINE_ITEM_ID_BASE G_GUINT64_CONSTANT (13800000000000)
#define BULK_ID_BASE G_GUINT64_CONSTANT (4410000000000)

/* Opaque to the client: the position after the last record sent. */
#define CURSOR "eyJsYXN0X2lkIjo"

/* An app's bucket so big that nothing is ever throttled: the bench
 * times the sync, not Shopify's limits. */
#define BUCKET 1000000.0
#define RESTORE_RATE 100000.0

/* How long Shopify takes, in the second round: about 200 ms for a page
 * of 50 orders with their addresses and amounts (100 to 300 ms is what
 * the Admin API usually takes for one), and 80 ms for anything small
 * (a count, an order's further line items, an export's status, the
 * first byte of an export file): a round trip and a little work. */
#define THINK_PAGE_MS 200
#define THINK_QUERY_MS 80

/* And an export file comes at the speed of a fast home or shop line:
 * Google Cloud Storage, where Shopify keeps them, sends faster. The
 * slower the line, the more of the sync's own work hides behind it. */
#define DOWNLOAD_MBIT 100
#define FEED_TICK_MS 5

/* The paged sync with latency runs on a store a tenth the size when it
 * needs more requests than this: its time is then mostly the shop's. */
#define LATENCY_MAX_REQUESTS 2000

static const struct { const char *status; guint share; } statuses[] = {
  { "PAID", 78 }, { "PENDING", 4 }, { "AUTHORIZED", 3 }, { "PARTIALLY_PAID", 1 }, { "PARTIALLY_REFUNDED", 4 },
  { "REFUNDED", 5 }, { "VOIDED", 5 },
};

/* An order's node for a page, with up to @page_items of its line items. */
typedef struct
{
  guint    page_items;
  GString *text;        /* each order's node followed by a comma, by position */
  gsize   *at;          /* n_orders + 1 offsets */
} Nodes;

/* One store: its records rendered as they will be sent. Orders and
 * customers are kept in the order the API lists them (by updatedAt),
 * an order's place in it is its position. */
typedef struct
{
  const char *name;
  guint       n_orders;
  guint       n_customers;
  guint       n_items;
  gint64      items_value;     /* Σ quantity × unit price, cents */

  GString    *customers;       /* each customer's node followed by a comma */
  gsize      *customer_at;     /* n_customers + 1 offsets */
  gint64     *customer_updated;

  GString    *heads;           /* each order's node up to its line items, without its closing brace */
  gsize      *head_at;         /* n_orders + 1 offsets */
  gint64     *order_updated;
  guint      *position;        /* by creation (the number less 1001) */
  guint      *created_index;   /* by position */

  GString    *items;           /* each line item's node followed by a comma, order by order */
  gsize      *item_at;         /* n_items + 1 offsets */
  guint      *first_item;      /* by position, n_orders + 1 */

  GPtrArray  *nodes;           /* Nodes, one for each number of line items asked for */

  GString    *orders_file;     /* the bulk exports */
  GString    *customers_file;
  guint       n_order_rows;
} Shop;

/* What the server serves. */
typedef struct
{
  char *url;                   /* http://127.0.0.1:PORT */
  Shop *shop;                  /* the one being synced; set while no request is under way */
} Store;

/* Where an answer goes: the server's message, or one string to read it
 * from (for timing the reading alone). */
typedef struct
{
  SoupMessageBody *body;
  GString         *flat;
  gsize            length;
} Out;

typedef enum
{
  KIND_REFUSED,
  KIND_ORDERS,
  KIND_CUSTOMERS,
  KIND_MORE_ITEMS,
  KIND_COUNT,
  KIND_BULK_RUN,
  KIND_BULK_POLL,
  KIND_FILE,
  N_KINDS
} Kind;

static const char * const kind_names[N_KINDS] = {
  "refused", "order pages", "customer pages", "further line items", "counts", "exports started",
  "export polls", "export files",
};

static const char *
iso (char   *buffer,
     gint64  t)
{
  time_t tt = (time_t)t;
  struct tm tm;

  gmtime_r (&tt, &tm);
  strftime (buffer, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

/* A Decimal as the Admin API writes one: "24.9", "5.0", "12.95". */
static const char *
amount (char   *buffer,
        gint64  cents)
{
  if (cents % 10 == 0)
    g_snprintf (buffer, 32, "%" G_GINT64_FORMAT ".%d", cents / 100, (int)(cents % 100) / 10);
  else
    g_snprintf (buffer, 32, "%" G_GINT64_FORMAT ".%02d", cents / 100, (int)(cents % 100));
  return buffer;
}

static void
append_money (GString    *s,
              const char *member,
              gint64      cents)
{
  char a[32];

  g_string_append_printf (s, ",\"%s\":{\"shopMoney\":{\"amount\":\"%s\",\"currencyCode\":\"EUR\"}}", member,
                          amount (a, cents));
}

/* "null" or the text in quotes; none here needs escaping. */
static void
append_text (GString    *s,
             const char *member,
             const char *text)
{
  if (text != NULL && text[0] != '\0')
    g_string_append_printf (s, ",\"%s\":\"%s\"", member, text);
  else
    g_string_append_printf (s, ",\"%s\":null", member);
}

/* A MailingAddress with the fields the sync asks for, after a comma. */
static void
append_address (GString    *s,
                const char *member,
                guint       person,
                guint       place,
                const char *phone)
{
  const BenchPlace *p = &bench_places[place];

  g_string_append_printf (s, ",\"%s\":{\"firstName\":\"%s\",\"lastName\":\"%s\"", member,
                          bench_given[person % G_N_ELEMENTS (bench_given)],
                          bench_family[(person / G_N_ELEMENTS (bench_given)) % G_N_ELEMENTS (bench_family)]);
  append_text (s, "company", person % 11 == 0 ? "Kaffeehaus GmbH" : NULL);
  g_string_append_printf (s, ",\"address1\":\"Hauptstraße %u\"", 1 + person % 180);
  append_text (s, "address2", person % 7 == 0 ? "Hinterhaus" : NULL);
  g_string_append_printf (s, ",\"city\":\"%s\",\"zip\":\"%s\"", p->city, p->postcode);
  append_text (s, "province", p->state);
  g_string_append_printf (s, ",\"countryCodeV2\":\"%s\"", p->country);
  append_text (s, "phone", phone);
  g_string_append_c (s, '}');
}

static guint64
customer_id (guint k)
{
  return CUSTOMER_ID_BASE + (guint64)k * CUSTOMER_ID_STEP;
}

static gint64
customer_created (guint k)
{
  return T0 - 90 * 86400 + (gint64)k * (ORDER_STEP * 3) + bench_mix (k ^ 0x5bd1e995u) % 600;
}

static gint64
customer_updated (guint k)
{
  guint32 r = bench_mix (k ^ 0x5bd1e995u);

  return customer_created (k) + (r % 5 == 0 ? (gint64)(r % 400) * 86400 : 120);
}

/* A customer's node with CUSTOMER_FIELDS, as reg-shopify-map.c asks for them. */
static void
render_customer (GString *s,
                 guint    k)
{
  guint32 r = bench_mix (k ^ 0x5bd1e995u);
  guint place = (k / 3) % G_N_ELEMENTS (bench_places);
  char phone[32], d[3][32];
  const char *state = r % 10 < 4 ? "SUBSCRIBED" : r % 10 < 5 ? "UNSUBSCRIBED" : "NOT_SUBSCRIBED";
  gint64 created = customer_created (k);

  g_snprintf (phone, sizeof phone, "+4930%07u", bench_mix ((guint32)customer_id (k)) % 10000000);
  g_string_append_printf (s, "{\"id\":\"gid://shopify/Customer/%" G_GUINT64_FORMAT "\",\"firstName\":\"%s\","
                          "\"lastName\":\"%s\",\"defaultEmailAddress\":{\"emailAddress\":\"customer%u@example.com\","
                          "\"marketingState\":\"%s\"",
                          customer_id (k), bench_given[k % G_N_ELEMENTS (bench_given)],
                          bench_family[(k / G_N_ELEMENTS (bench_given)) % G_N_ELEMENTS (bench_family)], k, state);
  append_text (s, "marketingUpdatedAt", r % 10 < 5 ? iso (d[0], created + 3600) : NULL);
  if (r % 5 < 3)
    g_string_append_printf (s, "},\"defaultPhoneNumber\":{\"phoneNumber\":\"%s\"}", phone);
  else
    g_string_append (s, "},\"defaultPhoneNumber\":null");
  append_address (s, "defaultAddress", k, place, NULL);
  g_string_append_printf (s, ",\"tags\":%s,\"createdAt\":\"%s\",\"updatedAt\":\"%s\"}",
                          r % 17 == 0 ? "[\"VIP\"]" : r % 13 == 0 ? "[\"wholesale\",\"newsletter\"]" : "[]",
                          iso (d[1], created), iso (d[2], customer_updated (k)));
}

static guint64
order_id (guint i)
{
  return ORDER_ID_BASE + (guint64)i * ORDER_ID_STEP;
}

static gint64
order_created (guint i)
{
  return T0 + (gint64)i * ORDER_STEP + bench_mix (i) % (ORDER_STEP - 1000);
}

/* Minutes after it was placed for most; days later for some. */
static gint64
order_updated (guint i)
{
  guint32 r = bench_mix (i ^ 0x9e3779b9u);

  if (r % 100 < 15)
    return order_created (i) + 3600 + (gint64)(r % (30 * 24)) * 3600;

  return order_created (i) + 30 + r % 600;
}

/* Order @i (its number less 1001): its head into @shop->heads, up to
 * where its line items would go, and its line items into @shop->items. */
static void
render_order (Shop  *shop,
              guint  i)
{
  GString *s = shop->heads;
  guint32 r = bench_mix (i);
  guint32 r2 = bench_mix (r);
  gint64 created = order_created (i);
  gint64 updated = order_updated (i);
  gboolean guest = r % 100 < 25;
  guint customer = r2 % shop->n_customers;
  guint n_items = 1 + (r >> 8) % 4;
  guint share = (r >> 12) % 100;
  const char *status = statuses[0].status;
  gint64 subtotal = 0;
  gint64 shipping = (r >> 4) % 5 == 0 ? 0 : 490;
  gint64 discount = (r >> 6) % 10 == 0 ? 500 : 0;
  gint64 refunded = 0;
  gint64 total;
  guint person, place;
  char email[64], phone[32], d[4][32];

  for (guint k = 0, sum = 0; k < G_N_ELEMENTS (statuses); k++)
    if (share < (sum += statuses[k].share))
      {
        status = statuses[k].status;
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
      guint g = r2 % MAX (shop->n_orders / 3, 1);

      person = 7919 + g;
      place = g % G_N_ELEMENTS (bench_places);
      if (g % 25 == 0)
        g_snprintf (email, sizeof email, "Customer%u@Example.com", g % shop->n_customers);
      else
        g_snprintf (email, sizeof email, "guest%u@example.org", g);
    }
  g_snprintf (phone, sizeof phone, "+4930%07u", bench_mix (person) % 10000000);

  for (guint k = 0; k < n_items; k++)
    {
      guint p = (r2 + k * 7) % G_N_ELEMENTS (bench_products);
      guint quantity = 1 + (r2 >> (k * 4)) % 3;

      subtotal += (gint64)bench_products[p].price * quantity;
      shop->item_at[shop->n_items++] = shop->items->len;
      g_string_append_printf (shop->items, "{\"name\":\"%s\",\"sku\":\"SKU-%04u\",\"quantity\":%u,"
                              "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"%s\",\"currencyCode\":\"EUR\"}}},",
                              bench_products[p].name, p, quantity, amount (d[0], bench_products[p].price));
      shop->items_value += (gint64)bench_products[p].price * quantity;
    }
  total = subtotal - discount + shipping;
  if (g_str_equal (status, "REFUNDED"))
    refunded = total;
  else if (g_str_equal (status, "PARTIALLY_REFUNDED"))
    refunded = 500;

  g_string_append_printf (s, "{\"id\":\"gid://shopify/Order/%" G_GUINT64_FORMAT "\",\"name\":\"#%u\","
                          "\"email\":\"%s\",\"createdAt\":\"%s\",\"updatedAt\":\"%s\",\"processedAt\":\"%s\"",
                          order_id (i), 1001 + i, email, iso (d[0], created), iso (d[1], updated),
                          iso (d[2], created));
  append_text (s, "cancelledAt", g_str_equal (status, "VOIDED") ? iso (d[3], updated) : NULL);
  g_string_append_printf (s, ",\"displayFinancialStatus\":\"%s\",\"currencyCode\":\"EUR\"", status);
  append_money (s, "totalPriceSet", total);
  append_money (s, "totalRefundedSet", refunded);
  append_money (s, "totalDiscountsSet", discount);
  append_money (s, "totalShippingPriceSet", shipping);
  if (guest)
    g_string_append (s, ",\"customer\":null");
  else
    g_string_append_printf (s, ",\"customer\":{\"id\":\"gid://shopify/Customer/%" G_GUINT64_FORMAT "\","
                            "\"defaultEmailAddress\":{\"emailAddress\":\"%s\"}}",
                            customer_id (customer), email);
  append_address (s, "billingAddress", person, place, r % 3 == 0 ? phone : NULL);
}

typedef struct
{
  gint64 updated;
  guint  index;
} Key;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const Key *x = a;
  const Key *y = b;

  if (x->updated != y->updated)
    return x->updated < y->updated ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

static Key *
sorted_keys (guint    n,
             gint64 (*updated) (guint))
{
  Key *keys = g_new (Key, n);

  for (guint i = 0; i < n; i++)
    {
      keys[i].updated = updated (i);
      keys[i].index = i;
    }
  qsort (keys, n, sizeof (Key), compare_keys);

  return keys;
}

static void
nodes_free (Nodes *nodes)
{
  g_string_free (nodes->text, TRUE);
  g_free (nodes->at);
  g_free (nodes);
}

/* The orders' nodes as a page sends them, with up to @page_items line
 * items each: rendered once for each number asked for. */
static Nodes *
nodes_for (Shop  *shop,
           guint  page_items)
{
  Nodes *nodes;

  for (guint i = 0; i < shop->nodes->len; i++)
    if (((Nodes *)g_ptr_array_index (shop->nodes, i))->page_items == page_items)
      return g_ptr_array_index (shop->nodes, i);

  nodes = g_new0 (Nodes, 1);
  nodes->page_items = page_items;
  nodes->text = g_string_sized_new (shop->heads->len + shop->items->len + shop->n_orders * 100);
  nodes->at = g_new (gsize, shop->n_orders + 1);
  for (guint p = 0; p < shop->n_orders; p++)
    {
      guint first = shop->first_item[p];
      guint n = shop->first_item[p + 1] - first;
      guint sent = MIN (n, page_items);

      nodes->at[p] = nodes->text->len;
      g_string_append_len (nodes->text, shop->heads->str + shop->head_at[p], shop->head_at[p + 1] - shop->head_at[p]);
      g_string_append_printf (nodes->text, ",\"lineItems\":{\"pageInfo\":{\"hasNextPage\":%s,\"endCursor\":",
                              sent < n ? "true" : "false");
      if (sent > 0)
        g_string_append_printf (nodes->text, "\"" CURSOR "%u\"", sent);
      else
        g_string_append (nodes->text, "null");
      g_string_append (nodes->text, "},\"nodes\":[");
      if (sent > 0)
        g_string_append_len (nodes->text, shop->items->str + shop->item_at[first],
                             shop->item_at[first + sent] - shop->item_at[first] - 1);
      g_string_append (nodes->text, "]}},");
    }
  nodes->at[shop->n_orders] = nodes->text->len;
  g_ptr_array_add (shop->nodes, nodes);

  return nodes;
}

/* Line item @k of the order at @p as a row of the export file. */
static void
append_item_row (Shop  *shop,
                 GString *file,
                 guint  p,
                 guint  k)
{
  guint item = shop->first_item[p] + k;
  const char *node = shop->items->str + shop->item_at[item];
  gsize length = shop->item_at[item + 1] - shop->item_at[item];

  /* {"id":…, the node's members, "__parentId":…} */
  g_string_append_printf (file, "{\"id\":\"gid://shopify/LineItem/%" G_GUINT64_FORMAT "\",%.*s,"
                          "\"__parentId\":\"gid://shopify/Order/%" G_GUINT64_FORMAT "\"}\n",
                          LINE_ITEM_ID_BASE + (guint64)item, (int)(length - 3), node + 1,
                          order_id (shop->created_index[p]));
}

static Shop *
shop_new (const char *name,
          guint       n_orders,
          guint       n_customers)
{
  Shop *shop = g_new0 (Shop, 1);
  g_autofree Key *customer_keys = sorted_keys (n_customers, customer_updated);
  g_autofree Key *order_keys = NULL;
  guint held = G_MAXUINT;

  shop->name = name;
  shop->n_orders = n_orders;
  shop->n_customers = n_customers;

  shop->customers = g_string_sized_new ((gsize)n_customers * 700);
  shop->customer_at = g_new (gsize, n_customers + 1);
  shop->customer_updated = g_new (gint64, n_customers);
  shop->customers_file = g_string_sized_new ((gsize)n_customers * 700);
  for (guint p = 0; p < n_customers; p++)
    {
      gsize at = shop->customers->len;

      shop->customer_at[p] = at;
      shop->customer_updated[p] = customer_keys[p].updated;
      render_customer (shop->customers, customer_keys[p].index);
      g_string_append_len (shop->customers_file, shop->customers->str + at, shop->customers->len - at);
      g_string_append_c (shop->customers_file, '\n');
      g_string_append_c (shop->customers, ',');
    }
  shop->customer_at[n_customers] = shop->customers->len;

  /* Orders are generated by their number, 1001 on; the API lists them by
   * updatedAt. */
  order_keys = sorted_keys (n_orders, order_updated);
  shop->heads = g_string_sized_new ((gsize)n_orders * 1000);
  shop->head_at = g_new (gsize, n_orders + 1);
  shop->order_updated = g_new (gint64, n_orders);
  shop->position = g_new (guint, n_orders);
  shop->created_index = g_new (guint, n_orders);
  shop->items = g_string_sized_new ((gsize)n_orders * 4 * 160);
  shop->item_at = g_new (gsize, (gsize)n_orders * 4 + 1);
  shop->first_item = g_new (guint, n_orders + 1);
  for (guint p = 0; p < n_orders; p++)
    {
      shop->head_at[p] = shop->heads->len;
      shop->order_updated[p] = order_keys[p].updated;
      shop->position[order_keys[p].index] = p;
      shop->created_index[p] = order_keys[p].index;
      shop->first_item[p] = shop->n_items;
      render_order (shop, order_keys[p].index);
    }
  shop->head_at[n_orders] = shop->heads->len;
  shop->first_item[n_orders] = shop->n_items;
  shop->item_at[shop->n_items] = shop->items->len;

  shop->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)nodes_free);
  nodes_for (shop, REG_SHOPIFY_ORDER_ITEMS);

  /* The export: each order, then the rest of the previous order's line
   * items, then its own first; children after their parent, not always
   * directly after it. */
  shop->orders_file = g_string_sized_new (shop->heads->len + shop->items->len * 2);
  for (guint p = 0; p < n_orders; p++)
    {
      g_string_append_len (shop->orders_file, shop->heads->str + shop->head_at[p],
                           shop->head_at[p + 1] - shop->head_at[p]);
      g_string_append (shop->orders_file, "}\n");
      for (guint k = 1; held != G_MAXUINT && k < shop->first_item[held + 1] - shop->first_item[held]; k++)
        append_item_row (shop, shop->orders_file, held, k);
      append_item_row (shop, shop->orders_file, p, 0);
      held = p;
    }
  for (guint k = 1; held != G_MAXUINT && k < shop->first_item[held + 1] - shop->first_item[held]; k++)
    append_item_row (shop, shop->orders_file, held, k);
  shop->n_order_rows = n_orders + shop->n_items;

  return shop;
}

static void
shop_free (Shop *shop)
{
  g_string_free (shop->customers, TRUE);
  g_free (shop->customer_at);
  g_free (shop->customer_updated);
  g_string_free (shop->heads, TRUE);
  g_free (shop->head_at);
  g_free (shop->order_updated);
  g_free (shop->position);
  g_free (shop->created_index);
  g_string_free (shop->items, TRUE);
  g_free (shop->item_at);
  g_free (shop->first_item);
  g_ptr_array_unref (shop->nodes);
  g_string_free (shop->orders_file, TRUE);
  g_string_free (shop->customers_file, TRUE);
  g_free (shop);
}

static void
out_static (Out        *out,
            const char *data,
            gsize       length)
{
  if (out->body != NULL)
    soup_message_body_append (out->body, SOUP_MEMORY_STATIC, data, length);
  else
    g_string_append_len (out->flat, data, length);
  out->length += length;
}

G_GNUC_PRINTF (2, 3)
static void
out_printf (Out        *out,
            const char *format,
            ...)
{
  va_list args;
  char *text;
  gsize length;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  length = strlen (text);

  if (out->body != NULL)
    soup_message_body_append (out->body, SOUP_MEMORY_TAKE, text, length);
  else
    {
      g_string_append_len (out->flat, text, length);
      g_free (text);
    }
  out->length += length;
}

/* Records [first, end) of a rendered list, without the last comma. */
static void
out_slice (Out         *out,
           GString     *records,
           const gsize *at,
           guint        first,
           guint        end)
{
  if (end > first)
    out_static (out, records->str + at[first], at[end] - at[first] - 1);
}

/* What each answer ends with: its cost, and a bucket that never runs dry. */
static void
out_cost (Out   *out,
          guint  requested,
          guint  actual)
{
  out_printf (out, ",\"extensions\":{\"cost\":{\"requestedQueryCost\":%u,\"actualQueryCost\":%u,"
              "\"throttleStatus\":{\"maximumAvailable\":%.1f,\"currentlyAvailable\":%u,\"restoreRate\":%.1f}}}}",
              requested, actual, BUCKET, (guint)BUCKET - actual, RESTORE_RATE);
}

static void
out_page_info (Out   *out,
               guint  first,
               guint  end,
               guint  n)
{
  if (end > first)
    out_printf (out, "\"pageInfo\":{\"hasNextPage\":%s,\"endCursor\":\"" CURSOR "%u\"},", end < n ? "true" : "false",
                end);
  else
    out_printf (out, "\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":null},");
}

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* The position after a cursor this server gave, 0 without one. */
static gboolean
read_cursor (const char *after,
             guint      *position)
{
  *position = 0;
  if (after == NULL)
    return TRUE;
  if (!g_str_has_prefix (after, CURSOR))
    return FALSE;
  *position = (guint)g_ascii_strtoull (after + strlen (CURSOR), NULL, 10);
  return TRUE;
}

/* The first of @n records, sorted by @updated, that the search
 * "updated_at:>'2023-11-14T22:13:20Z'" (or none) lists; FALSE for any
 * other search, so that the bench cannot pass serving what was not asked. */
static gboolean
search_start (const char   *search,
              const gint64 *updated,
              guint         n,
              guint        *start)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;
  gint64 since;
  guint lo = 0, hi = n;
  gsize length;

  *start = 0;
  if (search == NULL)
    return TRUE;

  length = strlen (search);
  if (!g_str_has_prefix (search, "updated_at:>'") || length < strlen ("updated_at:>''") || search[length - 1] != '\'')
    return FALSE;
  text = g_strndup (search + strlen ("updated_at:>'"), length - strlen ("updated_at:>'") - 1);
  if (!(dt = g_date_time_new_from_iso8601 (text, NULL)))
    return FALSE;
  since = g_date_time_to_unix (dt);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (updated[mid] > since)
        hi = mid;
      else
        lo = mid + 1;
    }
  *start = lo;

  return TRUE;
}

/* How many line items the query asks for with each order. */
static guint
items_first (const char *query)
{
  const char *at = strstr (query, "lineItems(first: ");

  return at ? (guint)g_ascii_strtoull (at + strlen ("lineItems(first: "), NULL, 10) : 0;
}

static Kind
classify (const char *query)
{
  if (strstr (query, "bulkOperationRunQuery") != NULL)
    return KIND_BULK_RUN;
  if (strstr (query, "on BulkOperation") != NULL)
    return KIND_BULK_POLL;
  if (strstr (query, "ordersCount") != NULL || strstr (query, "customersCount") != NULL)
    return KIND_COUNT;
  if (strstr (query, "node(id: $id)") != NULL && strstr (query, "on Order") != NULL)
    return KIND_MORE_ITEMS;
  if (strstr (query, "orders(") != NULL && strstr (query, "sortKey: UPDATED_AT") != NULL)
    return KIND_ORDERS;
  if (strstr (query, "customers(") != NULL && strstr (query, "sortKey: UPDATED_AT") != NULL)
    return KIND_CUSTOMERS;
  return KIND_REFUSED;
}

static Kind
answer_orders (Shop       *shop,
               const char *query,
               JsonObject *variables,
               Out        *out)
{
  guint page_items = items_first (query);
  gint64 first = json_object_get_int_member_with_default (variables, "first", 0);
  guint start, after, end, actual = 0;
  Nodes *nodes;

  if (page_items < 1 || page_items > REG_SHOPIFY_MAX_PAGE || first < 1 || first > REG_SHOPIFY_MAX_PAGE ||
      !search_start (member_text (variables, "query"), shop->order_updated, shop->n_orders, &start) ||
      !read_cursor (member_text (variables, "after"), &after))
    return KIND_REFUSED;

  nodes = nodes_for (shop, page_items);
  start = MIN (MAX (start, after), shop->n_orders);
  end = MIN (start + (guint)first, shop->n_orders);
  for (guint p = start; p < end; p++)
    actual += 15 + 3 * MIN (page_items, shop->first_item[p + 1] - shop->first_item[p]);

  out_printf (out, "{\"data\":{\"orders\":{");
  out_page_info (out, start, end, shop->n_orders);
  out_printf (out, "\"nodes\":[");
  out_slice (out, nodes->text, nodes->at, start, end);
  out_printf (out, "]}}");
  out_cost (out, 3 + (guint)first * (15 + 3 * page_items), 3 + actual);

  return KIND_ORDERS;
}

static Kind
answer_customers (Shop       *shop,
                  JsonObject *variables,
                  Out        *out)
{
  gint64 first = json_object_get_int_member_with_default (variables, "first", 0);
  guint start, after, end;

  if (first < 1 || first > REG_SHOPIFY_MAX_PAGE ||
      !search_start (member_text (variables, "query"), shop->customer_updated, shop->n_customers, &start) ||
      !read_cursor (member_text (variables, "after"), &after))
    return KIND_REFUSED;

  start = MIN (MAX (start, after), shop->n_customers);
  end = MIN (start + (guint)first, shop->n_customers);

  out_printf (out, "{\"data\":{\"customers\":{");
  out_page_info (out, start, end, shop->n_customers);
  out_printf (out, "\"nodes\":[");
  out_slice (out, shop->customers, shop->customer_at, start, end);
  out_printf (out, "]}}");
  out_cost (out, 3 + (guint)first * 4, 3 + (end - start) * 4);

  return KIND_CUSTOMERS;
}

/* The rest of an order's line items. */
static Kind
answer_more_items (Shop       *shop,
                   const char *query,
                   JsonObject *variables,
                   Out        *out)
{
  const char *id = member_text (variables, "id");
  guint first = items_first (query);
  guint64 number;
  guint after, p, n, end;

  if (id == NULL || !g_str_has_prefix (id, "gid://shopify/Order/") || first < 1 ||
      !read_cursor (member_text (variables, "after"), &after))
    return KIND_REFUSED;
  number = g_ascii_strtoull (id + strlen ("gid://shopify/Order/"), NULL, 10);
  if (number < ORDER_ID_BASE || (number - ORDER_ID_BASE) % ORDER_ID_STEP != 0 ||
      (number - ORDER_ID_BASE) / ORDER_ID_STEP >= shop->n_orders)
    return KIND_REFUSED;

  p = shop->position[(number - ORDER_ID_BASE) / ORDER_ID_STEP];
  n = shop->first_item[p + 1] - shop->first_item[p];
  after = MIN (after, n);
  end = MIN (after + first, n);

  out_printf (out, "{\"data\":{\"node\":{\"id\":\"%s\",\"lineItems\":{", id);
  out_page_info (out, after, end, n);
  out_printf (out, "\"nodes\":[");
  out_slice (out, shop->items, shop->item_at, shop->first_item[p] + after, shop->first_item[p] + end);
  out_printf (out, "]}}}");
  out_cost (out, 4 + first * 3, 4 + (end - after) * 3);

  return KIND_MORE_ITEMS;
}

static Kind
answer_count (Shop       *shop,
              const char *query,
              JsonObject *variables,
              Out        *out)
{
  gboolean orders = strstr (query, "ordersCount") != NULL;
  guint start;

  if (!search_start (member_text (variables, "query"), orders ? shop->order_updated : shop->customer_updated,
                     orders ? shop->n_orders : shop->n_customers, &start))
    return KIND_REFUSED;

  out_printf (out, "{\"data\":{\"%s\":{\"count\":%u,\"precision\":\"EXACT\"}}",
              orders ? "ordersCount" : "customersCount", (orders ? shop->n_orders : shop->n_customers) - start);
  out_cost (out, 1, 1);

  return KIND_COUNT;
}

/* An export is ready as soon as it is asked for: its ID says which. */
static Kind
answer_bulk (Store      *store,
             Shop       *shop,
             Kind        kind,
             JsonObject *variables,
             Out        *out)
{
  if (kind == KIND_BULK_RUN)
    {
      const char *bulk_query = member_text (variables, "query");

      if (bulk_query == NULL)
        return KIND_REFUSED;
      out_printf (out, "{\"data\":{\"bulkOperationRunQuery\":{\"bulkOperation\":{\"id\":\"gid://shopify/"
                  "BulkOperation/%" G_GUINT64_FORMAT "\",\"status\":\"CREATED\"},\"userErrors\":[]}}",
                  BULK_ID_BASE + (strstr (bulk_query, "orders") != NULL ? 2 : 1));
      out_cost (out, 10, 10);
    }
  else
    {
      const char *id = member_text (variables, "id");
      guint64 number;
      gboolean orders;

      if (id == NULL || !g_str_has_prefix (id, "gid://shopify/BulkOperation/"))
        return KIND_REFUSED;
      number = g_ascii_strtoull (id + strlen ("gid://shopify/BulkOperation/"), NULL, 10);
      if (number != BULK_ID_BASE + 1 && number != BULK_ID_BASE + 2)
        return KIND_REFUSED;
      orders = number == BULK_ID_BASE + 2;
      out_printf (out, "{\"data\":{\"node\":{\"id\":\"%s\",\"status\":\"COMPLETED\",\"errorCode\":null,"
                  "\"objectCount\":\"%u\",\"url\":\"%s/bulk/%s.jsonl\",\"partialDataUrl\":null}}",
                  id, orders ? shop->n_order_rows : shop->n_customers, store->url, orders ? "orders" : "customers");
      out_cost (out, 1, 1);
    }

  return kind;
}

/* Writes the answer to the GraphQL request @body into @out, returning
 * what kind of request it was; KIND_REFUSED, with nothing written, for
 * one that the sync should not send. */
static Kind
answer_graphql (Store      *store,
                Shop       *shop,
                const char *body,
                gsize       length,
                Out        *out)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *request;
  JsonObject *variables = NULL;
  const char *query;
  Kind kind;

  if (!json_parser_load_from_data (parser, body, length, NULL) || !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_OBJECT (root) || !(query = member_text (request = json_node_get_object (root), "query")))
    return KIND_REFUSED;
  if (json_object_has_member (request, "variables") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (request, "variables")))
    variables = json_object_get_object_member (request, "variables");
  else
    return KIND_REFUSED;

  switch ((kind = classify (query)))
    {
    case KIND_ORDERS:
      return answer_orders (shop, query, variables, out);
    case KIND_CUSTOMERS:
      return answer_customers (shop, variables, out);
    case KIND_MORE_ITEMS:
      return answer_more_items (shop, query, variables, out);
    case KIND_COUNT:
      return answer_count (shop, query, variables, out);
    case KIND_BULK_RUN:
    case KIND_BULK_POLL:
      return answer_bulk (store, shop, kind, variables, out);
    case KIND_REFUSED:
    case KIND_FILE:
    case N_KINDS:
    default:
      return KIND_REFUSED;
    }
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC, json, strlen (json));
}

/* An export file going out at DOWNLOAD_MBIT. */
typedef struct
{
  SoupServerMessage *msg;
  GString           *file;
  gsize              sent;
  gint64             start;    /* monotonic µs */
} Feed;

static void
feed_free (gpointer data)
{
  Feed *feed = data;

  g_object_unref (feed->msg);
  g_free (feed);
}

static gboolean
feed_cb (gpointer data)
{
  Feed *feed = data;
  SoupMessageBody *body = soup_server_message_get_response_body (feed->msg);
  gint64 now = g_get_monotonic_time ();
  gsize due;

  if (now < feed->start)
    return G_SOURCE_CONTINUE;

  due = MIN (feed->file->len, (gsize)((now - feed->start) * DOWNLOAD_MBIT / 8));
  if (due > feed->sent)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, feed->file->str + feed->sent, due - feed->sent);
      feed->sent = due;
    }
  if (feed->sent == feed->file->len)
    soup_message_body_complete (body);
  soup_server_message_unpause (feed->msg);

  return feed->sent == feed->file->len ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
serve_cb (SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          BenchAnswer       *answer,
          gpointer           user_data)
{
  Store *store = user_data;
  Shop *shop = g_atomic_pointer_get (&store->shop);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *token = soup_message_headers_get_one (request_headers, "X-Shopify-Access-Token");
  const char *type = soup_message_headers_get_content_type (request_headers, NULL);
  g_autoptr(GBytes) body = NULL;
  Out out = { soup_server_message_get_response_body (msg), NULL, 0 };
  gsize length = 0;
  const char *text;

  /* An export file: on a storage service, no token goes there. */
  if (g_str_has_prefix (path, "/bulk/"))
    {
      GString *file = g_str_equal (path, "/bulk/orders.jsonl") ? shop->orders_file
                    : g_str_equal (path, "/bulk/customers.jsonl") ? shop->customers_file : NULL;

      answer->request = g_strconcat ("GET ", path, NULL);
      answer->think_ms = answer->think_ms * THINK_QUERY_MS / THINK_PAGE_MS;
      if (file == NULL || token != NULL)
        {
          set_json (msg, file ? 400 : 404, "{\"errors\":\"Not Found\"}");
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, "application/jsonl", NULL);
      answer->bytes = file->len;
      if (answer->think_ms > 0)
        {
          g_autoptr(GSource) tick = g_timeout_source_new (FEED_TICK_MS);
          Feed *feed = g_new0 (Feed, 1);

          feed->msg = g_object_ref (msg);
          feed->file = file;
          feed->start = g_get_monotonic_time () + answer->think_ms * G_GINT64_CONSTANT (1000);
          soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
          g_source_set_callback (tick, feed_cb, feed, feed_free);
          g_source_attach (tick, g_main_context_get_thread_default ());
          return;
        }
      out_static (&out, file->str, file->len);
      soup_message_headers_set_content_length (headers, out.length);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_bytes_get_data (body, &length);
  answer->request = g_strndup (text, length);

  if (!g_str_equal (path, "/admin/api/" VERSION "/graphql.json"))
    set_json (msg, 404, "{\"errors\":\"Not Found\"}");
  else if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 ||
           type == NULL || !g_str_has_prefix (type, "application/json"))
    set_json (msg, 400, "{\"errors\":\"Bad Request\"}");
  else if (g_strcmp0 (token, TOKEN) != 0)
    set_json (msg, 401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong "
                        "password)\"}");
  else
    {
      Kind kind = answer_graphql (store, shop, text, length, &out);

      if (kind == KIND_REFUSED)
        {
          set_json (msg, 200, "{\"errors\":[{\"message\":\"Parse error on \\\"}\\\" (RCURLY)\",\"extensions\":"
                              "{\"code\":\"PARSE_ERROR\"}}]}");
          return;
        }
      if (kind != KIND_ORDERS && kind != KIND_CUSTOMERS)
        answer->think_ms = answer->think_ms * THINK_QUERY_MS / THINK_PAGE_MS;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, "application/json; charset=utf-8", NULL);
      soup_message_headers_set_content_length (headers, out.length);
      answer->bytes = out.length;
    }
}

/* The child: a first sync of the store at @url into a new database, by
 * pages or by export as @threshold has it. */
static int
sync_child (const char *url,
            const char *db_path,
            const char *threshold)
{
  g_autoptr(RegSyncEngine) engine = NULL;

  if (!(engine = bench_sync_engine_new (db_path, REG_ORIGIN_SHOPIFY, url, TOKEN, "")))
    return 1;
  reg_sync_engine_set_api_version (engine, VERSION);
  reg_sync_engine_set_page_size (engine, PAGE_SIZE);
  reg_sync_engine_set_bulk_threshold (engine, (guint)g_ascii_strtoull (threshold, NULL, 10));

  return bench_sync_child (engine);
}

static gboolean
query_int (sqlite3    *db,
           const char *sql,
           gint64     *value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return ok;
}

/* Whether the database holds all of @shop: every order with all its
 * line items, and every customer. */
static gboolean
verify (const char *db_path,
        Shop       *shop)
{
  sqlite3 *db = NULL;
  gint64 orders = -1, items = -1, bare = -1, value = -1, customers = -1;
  gboolean ok;

  ok = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
       query_int (db, "SELECT count(*) FROM orders", &orders) &&
       query_int (db, "SELECT count(*) FROM order_items", &items) &&
       query_int (db, "SELECT count(*) FROM orders WHERE NOT EXISTS "
                      "(SELECT 1 FROM order_items WHERE order_id = orders.id)", &bare) &&
       query_int (db, "SELECT coalesce(sum(quantity * price), 0) FROM order_items", &value) &&
       query_int (db, "SELECT count(*) FROM contact_links", &customers);
  sqlite3_close (db);

  if (!ok || orders != shop->n_orders || items != shop->n_items || bare != 0 || value != shop->items_value ||
      customers != shop->n_customers)
    {
      g_printerr ("The database does not hold the store: %" G_GINT64_FORMAT " of %u orders, %" G_GINT64_FORMAT
                  " of %u line items, %" G_GINT64_FORMAT " orders without any, %" G_GINT64_FORMAT " of %"
                  G_GINT64_FORMAT " cents in line items, %" G_GINT64_FORMAT " of %u customers linked\n",
                  orders, shop->n_orders, items, shop->n_items, bare, value, shop->items_value, customers,
                  shop->n_customers);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  BenchServer *server;
  Store       *store;
  const char  *self_exe;
  const char  *dir;
} Bench;

static gboolean
sync_store (Bench      *bench,
            Shop       *shop,
            guint       threshold,
            guint       think_ms,
            BenchSync  *figures)
{
  g_autofree char *url = g_strconcat (bench->store->url, "/", NULL);
  g_autofree char *what = g_strdup_printf ("%s-%u-%ums", threshold == BULK ? "bulk" : "paged", shop->n_orders,
                                           think_ms);
  g_autofree char *db = g_strdup_printf ("%s/%s.db", bench->dir, what);
  g_autofree char *out = g_strdup_printf ("%s/%s.out", bench->dir, what);
  g_autofree char *threshold_text = g_strdup_printf ("%u", threshold);
  const char *argv[] = { bench->self_exe, "--sync", url, db, threshold_text, NULL };

  printf ("  syncing %s…\n", what);
  fflush (stdout);
  g_atomic_pointer_set (&bench->store->shop, shop);
  bench_server_set_think_ms (bench->server, think_ms);

  return bench_sync_spawn (bench->server, argv, out, shop->n_orders, figures) && verify (db, shop);
}

typedef struct
{
  double  seconds;
  guint   n_requests;
  guint   connections;
  guint64 bytes;
} Curl;

/* curl, sending the requests of @requests one after the other on one
 * connection, as the sync did: the same bodies, the same token, the
 * export files without it. */
static gboolean
replay_with_curl (Bench     *bench,
                  GPtrArray *requests,
                  Curl      *curl)
{
  g_autofree char *bodies = g_build_filename (bench->dir, "bodies", NULL);
  g_autoptr(GString) config = g_string_new (NULL);

  g_mkdir_with_parents (bodies, 0700);
  for (guint i = 0; i < requests->len; i++)
    {
      const char *request = g_ptr_array_index (requests, i);

      if (i > 0)
        g_string_append (config, "next\n");
      if (g_str_has_prefix (request, "GET "))
        g_string_append_printf (config, "url = \"%s%s\"\n", bench->store->url, request + strlen ("GET "));
      else
        {
          g_autofree char *path = g_strdup_printf ("%s/%05u.json", bodies, i);

          if (!g_file_set_contents (path, request, -1, NULL))
            return FALSE;
          /* No "Expect: 100-continue" either: the sync does not send it. */
          g_string_append_printf (config, "url = \"%s/admin/api/" VERSION "/graphql.json\"\n"
                                  "header = \"Content-Type: application/json\"\n"
                                  "header = \"X-Shopify-Access-Token: " TOKEN "\"\n"
                                  "header = \"Expect:\"\n"
                                  "data-binary = \"@%s\"\n",
                                  bench->store->url, path);
        }
      g_string_append (config, "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\"\n");
    }

  curl->n_requests = requests->len;
  return bench_curl (bench->server, bench->dir, config->str, requests->len, &curl->seconds, &curl->bytes,
                     &curl->connections);
}

/* Reads the answers to @requests as the sync reads them
 * (reg-shopify-map.c), without fetching or writing them: the sync's
 * share spent on JSON. */
static double
time_reading (Bench     *bench,
              Shop      *shop,
              GPtrArray *requests)
{
  g_autoptr(GString) flat = g_string_new (NULL);
  gint64 spent = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const char *request = g_ptr_array_index (requests, i);
      Out out = { NULL, flat, 0 };
      RegShopifyPage page = { 0 };
      RegShopifyCost cost;
      GString *file = NULL;
      Kind kind = KIND_REFUSED;
      gint64 start;

      g_string_truncate (flat, 0);
      if (g_str_equal (request, "GET /bulk/orders.jsonl"))
        file = shop->orders_file;
      else if (g_str_equal (request, "GET /bulk/customers.jsonl"))
        file = shop->customers_file;
      else if ((kind = answer_graphql (bench->store, shop, request, strlen (request), &out)) != KIND_ORDERS &&
               kind != KIND_CUSTOMERS && kind != KIND_MORE_ITEMS)
        continue;

      start = g_get_monotonic_time ();
      if (file != NULL)
        {
          for (const char *line = file->str, *end; *line != '\0'; line = end + 1)
            {
              RegShopifyLine row = { 0 };

              end = strchr (line, '\n');
              reg_shopify_parse_bulk_line (line, end - line, &row, NULL);
              reg_shopify_line_clear (&row);
            }
        }
      else if (kind == KIND_ORDERS)
        reg_shopify_parse_orders (flat->str, flat->len, &page, &cost, NULL);
      else if (kind == KIND_CUSTOMERS)
        reg_shopify_parse_customers (flat->str, flat->len, &page, &cost, NULL);
      else
        {
          g_autoptr(RegOrder) order = reg_order_new ();
          g_autofree char *cursor = NULL;

          reg_shopify_parse_line_items (flat->str, flat->len, order, &cursor, &cost, NULL);
        }
      reg_shopify_page_clear (&page);
      spent += g_get_monotonic_time () - start;
    }

  return spent / 1e6;
}

static Kind
request_kind (const char *request)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *query;

  if (g_str_has_prefix (request, "GET "))
    return KIND_FILE;
  if (json_parser_load_from_data (parser, request, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      (query = member_text (json_node_get_object (json_parser_get_root (parser)), "query")))
    return classify (query);
  return KIND_REFUSED;
}

/* How long the store takes for @requests, in the second round. */
static double
think_seconds (GPtrArray *requests)
{
  double ms = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      Kind kind = request_kind (g_ptr_array_index (requests, i));

      ms += kind == KIND_ORDERS || kind == KIND_CUSTOMERS ? THINK_PAGE_MS : THINK_QUERY_MS;
    }

  return ms / 1000;
}

/* "426 order pages, 15,012 further line items, …" */
static char *
describe_requests (GPtrArray *requests)
{
  guint counts[N_KINDS] = { 0, };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < requests->len; i++)
    counts[request_kind (g_ptr_array_index (requests, i))]++;
  for (guint k = 0; k < N_KINDS; k++)
    if (counts[k] > 0)
      g_string_append_printf (text, "%s%u %s", text->len ? ", " : "", counts[k], kind_names[k]);

  return g_string_free (text, FALSE);
}

static void
print_header (const char *what)
{
  printf ("\n%-50s %8s %8s %8s %9s %8s %8s\n", what, "seconds", "CPU s", "peak MB", "requests", "conns", "MB sent");
}

static void
print_row (const char *what,
           BenchSync  *sync)
{
  printf ("%-50s %8.2f %8.2f %8.1f %9u %8u %8.1f\n", what, sync->seconds, sync->cpu_seconds, sync->peak_mb,
          sync->requests->len, sync->connections, sync->bytes / 1048576.0);
}

static void
print_curl (const char *what,
            Curl       *curl)
{
  printf ("%-50s %8.2f %8s %8s %9u %8u %8.1f\n", what, curl->seconds, "", "", curl->n_requests, curl->connections,
          curl->bytes / 1048576.0);
}

static void
print_ratio (const char *what,
             double      sync,
             double      curl,
             double      target)
{
  printf ("%-50s %6.2f×  (target ≤ %.1f×: %s)\n", what, sync / curl, target,
          sync / curl <= target ? "met" : "MISSED");
}

static void
print_memory (const char *what,
              BenchSync  *small,
              BenchSync  *full)
{
  double ratio = full->peak_mb / small->peak_mb;

  printf ("%-50s %6.2f×  (%.1f → %.1f MB: %s)\n", what, ratio, small->peak_mb, full->peak_mb,
          ratio <= 1.3 ? "flat" : "NOT FLAT, over 1.3×");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *paged_kinds = NULL;
  g_autofree char *bulk_kinds = NULL;
  g_autofree char *latency_kinds = NULL;
  Store store = { NULL, NULL };
  Bench bench;
  Shop *full, *small, *latency_shop;
  Shop *tenth = NULL;
  BenchSync p_small = { 0, }, p_full = { 0, }, b_small = { 0, }, b_full = { 0, }, p_think = { 0, }, b_think = { 0, };
  Curl c_paged = { 0, }, c_bulk = { 0, }, c_paged_think = { 0, }, c_bulk_think = { 0, };
  double paged_reading = 0, bulk_reading = 0;
  gint64 start;
  gboolean keep;
  gboolean ok;

  if (argc == 5 && g_str_equal (argv[1], "--sync"))
    return sync_child (argv[2], argv[3], argv[4]);
  keep = argc > 1 && g_str_equal (argv[1], "--keep");

  /* The children are this program again. */
  if (!(self_exe = g_file_read_link ("/proc/self/exe", NULL)))
    self_exe = g_strdup (argv[0]);
  dir = g_dir_make_tmp ("regulars-bench-XXXXXX", NULL);

  printf ("Rendering the stores' answers and export files…\n");
  fflush (stdout);
  start = g_get_monotonic_time ();
  full = shop_new ("20,000 orders + 5,000 customers", N_ORDERS, N_CUSTOMERS);
  small = shop_new ("2,000 orders + 5,000 customers", N_SMALL_ORDERS, N_CUSTOMERS);
  printf ("  %u orders with %u line items (%.1f MB of nodes, %.1f MB exported), %u customers (%.1f MB), in %.2f s\n",
          N_ORDERS, full->n_items, full->heads->len / 1048576.0 + full->items->len / 1048576.0,
          full->orders_file->len / 1048576.0, N_CUSTOMERS, full->customers->len / 1048576.0,
          (g_get_monotonic_time () - start) / 1e6);

  bench.server = bench_server_start (serve_cb, &store);
  bench.store = &store;
  bench.self_exe = self_exe;
  bench.dir = dir;
  store.url = g_strdup (bench_server_get_url (bench.server));
  printf ("Served from %s, answering at once:\n", store.url);
  fflush (stdout);

  ok = sync_store (&bench, small, PAGED, 0, &p_small) &&
       sync_store (&bench, full, PAGED, 0, &p_full) &&
       replay_with_curl (&bench, p_full.requests, &c_paged) &&
       sync_store (&bench, small, BULK, 0, &b_small) &&
       sync_store (&bench, full, BULK, 0, &b_full) &&
       replay_with_curl (&bench, b_full.requests, &c_bulk);
  if (ok)
    {
      paged_reading = time_reading (&bench, full, p_full.requests);
      bulk_reading = time_reading (&bench, full, b_full.requests);
      paged_kinds = describe_requests (p_full.requests);
      bulk_kinds = describe_requests (b_full.requests);
    }

  /* Again, with a store that takes its time, as Shopify does. */
  latency_shop = full;
  if (ok)
    {
      if (p_full.requests->len > LATENCY_MAX_REQUESTS)
        latency_shop = tenth = shop_new ("2,000 orders + 500 customers", N_ORDERS / 10, N_CUSTOMERS / 10);
      printf ("Again, with the store taking %u ms a page and %u ms any other answer, files at %u Mbit/s:\n",
              THINK_PAGE_MS, THINK_QUERY_MS, DOWNLOAD_MBIT);
      fflush (stdout);
      ok = sync_store (&bench, full, BULK, THINK_PAGE_MS, &b_think) &&
           replay_with_curl (&bench, b_think.requests, &c_bulk_think) &&
           sync_store (&bench, latency_shop, PAGED, THINK_PAGE_MS, &p_think) &&
           replay_with_curl (&bench, p_think.requests, &c_paged_think);
      bench_server_set_think_ms (bench.server, 0);
    }

  if (ok)
    {
      g_autofree char *latency_paged = g_strdup_printf ("paged, %s", latency_shop->name);

      latency_kinds = describe_requests (p_think.requests);
      printf ("\nEvery sync left all orders, their line items and the customers in its database.\n");
      print_header ("Answering at once");
      print_row ("paged, 2,000 orders + 5,000 customers", &p_small);
      print_row ("paged, 20,000 orders + 5,000 customers", &p_full);
      printf ("%-50s %8.2f\n", "  of which the engine's run", p_full.engine_seconds);
      printf ("%-50s %8.2f\n", "  of which reading the JSON (timed alone)", paged_reading);
      print_curl ("curl, the same requests one after the other", &c_paged);
      printf ("  requests: %s\n", paged_kinds);
      print_row ("bulk, 2,000 orders + 5,000 customers", &b_small);
      print_row ("bulk, 20,000 orders + 5,000 customers", &b_full);
      printf ("%-50s %8.2f\n", "  of which the engine's run", b_full.engine_seconds);
      printf ("%-50s %8.2f\n", "  of which reading the rows (timed alone)", bulk_reading);
      print_curl ("curl, the same (GraphQL and export files)", &c_bulk);
      printf ("  requests: %s\n", bulk_kinds);

      print_header (G_STRINGIFY (THINK_PAGE_MS) " ms a page, " G_STRINGIFY (THINK_QUERY_MS) " ms a query, "
                    G_STRINGIFY (DOWNLOAD_MBIT) " Mbit/s");
      print_row (latency_paged, &p_think);
      print_curl ("curl, the same requests", &c_paged_think);
      printf ("  requests: %s\n", latency_kinds);
      if (tenth != NULL)
        printf ("  (a store a tenth the size: at 20,000 orders, the %u requests would take %.0f s of the store's "
                "time alone)\n", p_full.requests->len, think_seconds (p_full.requests));
      print_row ("bulk, 20,000 orders + 5,000 customers", &b_think);
      print_curl ("curl, the same requests", &c_bulk_think);

      printf ("\n");
      print_ratio ("Paged sync / curl, answering at once", p_full.seconds, c_paged.seconds, 1.5);
      print_ratio ("Paged sync / curl, with the store's latency", p_think.seconds, c_paged_think.seconds, 1.5);
      print_ratio ("Bulk sync / curl, answering at once", b_full.seconds, c_bulk.seconds, 1.2);
      print_ratio ("Bulk sync / curl, with the store's latency", b_think.seconds, c_bulk_think.seconds, 1.2);
      print_memory ("Peak memory of the paged sync, 10× the orders", &p_small, &p_full);
      print_memory ("Peak memory of the bulk sync, 10× the orders", &b_small, &b_full);
    }

  bench_server_stop (bench.server);
  bench_sync_clear (&p_small);
  bench_sync_clear (&p_full);
  bench_sync_clear (&b_small);
  bench_sync_clear (&b_full);
  bench_sync_clear (&p_think);
  bench_sync_clear (&b_think);
  shop_free (full);
  shop_free (small);
  g_clear_pointer (&tenth, shop_free);
  g_free (store.url);
  bench_clean_up (dir, keep);

  return ok ? 0 : 1;
}
