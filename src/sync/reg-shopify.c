/* reg-shopify.c: walking a Shopify store's customers and orders
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "reg-shopify-map.h"
#include "reg-sync-error.h"
#include "reg-sync-platform.h"
#include "reg-text.h"

/* A walk starts again this far before the last change it saw, in case the
 * store's clock or a slow write put changes just behind it. Upserts make
 * seeing a record twice harmless. */
#define START_OVERLAP_S 60

/* A first sync of more records than this asks Shopify for one bulk export
 * instead of thousands of pages. */
#define DEFAULT_BULK_THRESHOLD 2500

/* Records written at a time from a bulk export, in pages. */
#define BULK_PAGES 5

/* A query may cost at most 1000 points; pages are sized to stay under it. */
#define MAX_QUERY_COST 900

/* Throttled answers are waited out this many times in a row, at most. */
#define MAX_THROTTLED 30

/* The longest wait between two looks at a running bulk export. */
#define MAX_POLL_MS 10000

enum { WALK_CUSTOMERS, WALK_ORDERS, N_WALKS };

typedef struct
{
  const char *prefix;        /* "customers" or "orders": names in the checkpoint */
  gboolean    started;
  gint64      checkpoint;    /* the newest change written by an earlier walk */
  gint64      seen_max;      /* the newest change written by this one */
  char       *cursor;        /* where this walk's pages stand */
  guint       first;         /* records asked for per page */
  double      page_cost;     /* what the last page cost, or an estimate */
  guint       total;         /* what the store has to send, 0 if unknown */
  guint       done;

  /* A bulk export: its id, the rows of its file already written, and the
   * newest change among them. */
  gboolean    bulk;
  gboolean    bulk_tried;     /* this sync asked for an export already */
  gboolean    bulk_restarted;
  char       *bulk_id;
  guint64     bulk_line;
  gint64      bulk_max;
} Walk;

typedef struct
{
  RegStore        *store;
  gint64           source_id;
  char            *base;          /* https://name.myshopify.com */
  char            *endpoint;      /* …/admin/api/VERSION/graphql.json */
  guint            page_size;
  guint            walk;
  Walk             walks[N_WALKS];

  char            *token;         /* the access token in use */
  gint64           token_until;   /* monotonic µs; 0: it does not run out */

  gboolean         sending_mutation; /* the request changes something: never sent twice */

  RegShopifyCost   cost;          /* of the last answer that said */
  gint64           cost_at;       /* monotonic µs */

  /* An open bulk export file and the row read ahead of the next page. */
  GInputStream     *bulk_stream;
  GDataInputStream *bulk_lines;
  RegShopifyLine    pending;
  gboolean          has_pending;
} ShopifyState;

static const char *
walk_what (guint walk)
{
  return walk == WALK_CUSTOMERS ? _("Customers") : _("Orders");
}

static char *
state_key (Walk       *w,
           const char *name)
{
  return g_strconcat (w->prefix, ".", name, NULL);
}

static char *
load_state (ShopifyState  *s,
            Walk          *w,
            const char    *name,
            GError       **error)
{
  g_autofree char *key = state_key (w, name);

  return reg_store_get_sync_state (s->store, s->source_id, key, error);
}

static void
add_state (RegSyncPage *page,
           Walk        *w,
           const char  *name,
           const char  *value)
{
  g_autofree char *key = state_key (w, name);

  reg_sync_page_add_state (page, key, value);
}

static void
add_state_int (RegSyncPage *page,
               Walk        *w,
               const char  *name,
               gint64       value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  add_state (page, w, name, text);
}

static gboolean
shopify_begin (RegSyncPlatform  *self,
               RegStore         *store,
               RegSource        *source,
               guint             page_size,
               GError          **error)
{
  ShopifyState *s = self->state;

  s->store = g_object_ref (store);
  s->source_id = source->id;
  s->base = reg_text_url_base (source->url);
  s->page_size = CLAMP (page_size, 1, REG_SHOPIFY_MAX_PAGE);
  s->walk = WALK_CUSTOMERS;
  s->walks[WALK_CUSTOMERS].prefix = "customers";
  s->walks[WALK_ORDERS].prefix = "orders";

  for (guint i = 0; i < N_WALKS; i++)
    {
      Walk *w = &s->walks[i];
      g_autoptr(GError) local_error = NULL;
      g_autofree char *updated = load_state (s, w, "updated", &local_error);
      g_autofree char *bulk = local_error ? NULL : load_state (s, w, "bulk", &local_error);
      g_autofree char *line = local_error ? NULL : load_state (s, w, "bulk_line", &local_error);
      g_autofree char *bulk_max = local_error ? NULL : load_state (s, w, "bulk_max", &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      w->checkpoint = updated ? g_ascii_strtoll (updated, NULL, 10) : 0;
      w->seen_max = w->checkpoint;
      if (bulk != NULL && bulk[0] != '\0')
        {
          w->bulk_id = g_steal_pointer (&bulk);
          w->bulk_line = line ? g_ascii_strtoull (line, NULL, 10) : 0;
          w->bulk_max = bulk_max ? g_ascii_strtoll (bulk_max, NULL, 10) : 0;
        }
    }

  return TRUE;
}

/* The token: the one the owner gave, or one fetched with the client ID
 * and secret, fetched again shortly before it runs out. */
static gboolean
ensure_token (ShopifyState    *s,
              RegSyncContext  *ctx,
              gboolean         renew,
              GError         **error)
{
  g_autoptr(RegHttpResponse) response = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  gint64 expires_in = 0;
  gsize size = 0;
  const char *text;
  RegHttpRequest request = { 0 };

  if (ctx->secret == NULL || ctx->secret[0] == '\0')
    {
      if (s->token == NULL)
        s->token = g_strdup (ctx->key ? ctx->key : "");
      return TRUE;
    }

  if (s->token != NULL && !renew &&
      (s->token_until == 0 || g_get_monotonic_time () < s->token_until - 60 * G_USEC_PER_SEC))
    return TRUE;

  if (s->token != NULL)
    memset (s->token, 0, strlen (s->token));
  g_clear_pointer (&s->token, g_free);

  url = g_strconcat (s->base, "/admin/oauth/access_token", NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                           _("This is not a Shopify store address. Write it as your-store.myshopify.com."));
      return FALSE;
    }

  form = soup_form_encode ("grant_type", "client_credentials",
                           "client_id", ctx->key ? ctx->key : "",
                           "client_secret", ctx->secret,
                           NULL);
  body = g_bytes_new (form, strlen (form));
  request.method = SOUP_METHOD_POST;
  request.uri = uri;
  request.content_type = "application/x-www-form-urlencoded";
  request.body = body;
  request.no_redirect = TRUE;

  response = reg_http_send (ctx->session, &request, ctx->policy, ctx->wait_func, ctx->data, ctx->cancellable,
                            error);
  memset (form, 0, strlen (form));
  if (response == NULL)
    return FALSE;

  text = response->body ? g_bytes_get_data (response->body, &size) : NULL;
  if (response->status >= 200 && response->status < 300)
    {
      if (!reg_shopify_parse_token (text, size, &s->token, &expires_in, error))
        return FALSE;
      s->token_until = expires_in > 0 ? g_get_monotonic_time () + expires_in * G_USEC_PER_SEC : 0;
      return TRUE;
    }

  /* An OAuth error says what was wrong with the ID or secret. */
  if (response->status == 400 || response->status == 401)
    {
      g_autoptr(GError) token_error = NULL;
      g_autofree char *ignored = NULL;

      if (!reg_shopify_parse_token (text, size, &ignored, &expires_in, &token_error))
        {
          g_propagate_error (error, g_steal_pointer (&token_error));
          return FALSE;
        }
    }

  {
    RegSyncError code = REG_SYNC_ERROR_FAILED;
    g_autofree char *message = reg_shopify_describe_error (response->status, text, size, &code);

    g_set_error_literal (error, REG_SYNC_ERROR, code, message);
  }
  return FALSE;
}

static double
restore_rate (ShopifyState *s)
{
  return s->cost.restore_rate > 0 ? s->cost.restore_rate : 50.0;
}

/* How long to wait before a query of @needed points can run. */
static guint
pace_ms (ShopifyState *s,
         double        needed)
{
  double available;
  double elapsed;

  if (s->cost.maximum <= 0 || s->cost_at == 0)
    return 0;

  elapsed = (g_get_monotonic_time () - s->cost_at) / (double)G_USEC_PER_SEC;
  available = MIN (s->cost.maximum, s->cost.available + elapsed * restore_rate (s));
  needed = MIN (needed, s->cost.maximum);
  if (available >= needed)
    return 0;

  return (guint)ceil ((needed - available) / restore_rate (s) * 1000.0);
}

static void
remember_cost (ShopifyState         *s,
               const RegShopifyCost *cost)
{
  if (cost->maximum <= 0)
    return;

  s->cost = *cost;
  s->cost_at = g_get_monotonic_time ();
}

static gboolean
wait_for (RegSyncContext  *ctx,
          guint            ms,
          gboolean         say,
          GError         **error)
{
  if (say && ctx->waiting != NULL)
    {
      guint seconds = (ms + 999) / 1000;
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Shopify limits how fast apps may read. Going on in %u second.",
                                           "Shopify limits how fast apps may read. Going on in %u seconds.",
                                           seconds),
                              seconds);
      ctx->waiting (ctx->data, text);
    }

  if (!reg_http_wait (ms, ctx->cancellable))
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED, _("The sync was stopped."));
      return FALSE;
    }

  return TRUE;
}

/* How long a throttled query waits: what the bucket needs to refill for
 * it, or what Retry-After asks, whichever is longer. */
static guint
throttled_ms (ShopifyState       *s,
              const RegShopifyCost *cost,
              RegHttpResponse    *response)
{
  double needed = cost->requested > 0 ? cost->requested : s->cost.requested;
  double available = cost->maximum > 0 ? cost->available : 0;
  double rate = cost->restore_rate > 0 ? cost->restore_rate : restore_rate (s);
  guint ms = needed > available ? (guint)ceil ((needed - available) / rate * 1000.0) : 0;
  guint asked = 0;

  if (response != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      asked = reg_http_retry_after_ms (response->headers, now);
    }

  return CLAMP (MAX (ms, asked), 1000, 60 * 1000);
}

typedef gboolean (*ParseFunc) (const char      *body,
                               gsize            length,
                               gpointer         out,
                               RegShopifyCost  *cost,
                               GError         **error);

/* Sends one GraphQL request and reads its answer with @parse, waiting
 * out throttling (HTTP 200 or 429), renewing a token that ran out, and
 * pacing itself so that the store's bucket is not emptied. */
static gboolean
graphql (ShopifyState    *s,
         RegSyncContext  *ctx,
         const char      *request_body,
         double           expected_cost,
         ParseFunc        parse,
         gpointer         out,
         GError         **error)
{
  g_autoptr(GBytes) body = g_bytes_new (request_body, strlen (request_body));
  g_autoptr(GUri) uri = NULL;
  gboolean renewed = FALSE;
  guint throttled = 0;

  uri = g_uri_parse (s->endpoint, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                           _("This is not a Shopify store address. Write it as your-store.myshopify.com."));
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(RegHttpResponse) response = NULL;
      g_autoptr(GError) local_error = NULL;
      RegShopifyCost cost = { 0 };
      RegHttpRequest request = { 0 };
      const char *text;
      gsize size = 0;
      guint ms;

      if (!ensure_token (s, ctx, FALSE, error))
        return FALSE;

      if ((ms = pace_ms (s, expected_cost > 0 ? expected_cost : s->cost.requested)) > 0 &&
          !wait_for (ctx, ms, ms >= 2000, error))
        return FALSE;

      request.method = SOUP_METHOD_POST;
      request.uri = uri;
      request.auth_header = "X-Shopify-Access-Token";
      request.auth_value = s->token;
      request.content_type = "application/json";
      request.body = body;
      request.own_429 = TRUE;
      request.no_redirect = TRUE;
      /* A query may be sent again on a kept-alive connection: libsoup
       * reuses connections for POSTs only when told so. */
      request.idempotent = !s->sending_mutation;

      response = reg_http_send (ctx->session, &request, ctx->policy, ctx->wait_func, ctx->data, ctx->cancellable,
                                error);
      if (response == NULL)
        return FALSE;

      text = response->body ? g_bytes_get_data (response->body, &size) : NULL;

      if (response->status == 429)
        {
          reg_shopify_parse_cost (text, size, &cost);
          remember_cost (s, &cost);
          if (++throttled > MAX_THROTTLED)
            goto describe;
          if (!wait_for (ctx, throttled_ms (s, &cost, response), TRUE, error))
            return FALSE;
          continue;
        }

      /* A token from the client credentials runs out: fetch a new one, once. */
      if (response->status == 401 && !renewed && ctx->secret != NULL && ctx->secret[0] != '\0')
        {
          renewed = TRUE;
          if (!ensure_token (s, ctx, TRUE, error))
            return FALSE;
          continue;
        }

      if (response->status < 200 || response->status >= 300)
        goto describe;

      if (parse (text ? text : "", size, out, &cost, &local_error))
        {
          remember_cost (s, &cost);
          return TRUE;
        }

      remember_cost (s, &cost);
      if (g_error_matches (local_error, REG_SYNC_ERROR, REG_SYNC_ERROR_RATE_LIMITED) && ++throttled <= MAX_THROTTLED)
        {
          if (!wait_for (ctx, throttled_ms (s, &cost, response), TRUE, error))
            return FALSE;
          continue;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;

    describe:
      {
        RegSyncError code = REG_SYNC_ERROR_FAILED;
        g_autofree char *message = reg_shopify_describe_error (response->status, text, size, &code);

        g_set_error_literal (error, REG_SYNC_ERROR, code, message);
        return FALSE;
      }
    }
}

/* Counting, for the progress bar and for choosing a bulk export. */
typedef struct
{
  gboolean  orders;
  guint64  *count;
} Count;

static gboolean
parse_count (const char      *body,
             gsize            length,
             gpointer         out,
             RegShopifyCost  *cost,
             GError         **error)
{
  Count *count = out;

  return reg_shopify_parse_count (body, length, count->orders, count->count, cost, error);
}

static char *
search_after (gint64 since)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (since <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc (MAX (since - START_OVERLAP_S, 0));
  iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

  return g_strdup_printf ("updated_at:>'%s'", iso);
}

static gboolean
count_records (ShopifyState    *s,
               RegSyncContext  *ctx,
               guint            walk,
               gint64           since,
               guint64         *count,
               GError         **error)
{
  const char *query = walk == WALK_ORDERS ? reg_shopify_orders_count_query : reg_shopify_customers_count_query;
  g_autofree char *search = search_after (since);
  g_autofree char *body = reg_shopify_request_body (query, "query", search, NULL);
  Count out = { walk == WALK_ORDERS, count };
  g_autoptr(GError) local_error = NULL;

  if (graphql (s, ctx, body, 2, parse_count, &out, &local_error))
    return TRUE;

  /* Only a stopped sync or a refused key end it: without a count, the
   * progress just has no total. */
  if (g_error_matches (local_error, REG_SYNC_ERROR, REG_SYNC_ERROR_BAD_REQUEST) ||
      g_error_matches (local_error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED))
    {
      *count = 0;
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* An order costs three points a line item asked for, and 15 for its
 * amounts and addresses; a customer 4 (reg-shopify-map.c counts them). */
static guint
record_cost (guint walk)
{
  return walk == WALK_ORDERS ? REG_SHOPIFY_ORDER_ITEMS * 3 + 15 : 5;
}

static guint
page_size_for (ShopifyState *s,
               guint         walk)
{
  return CLAMP (MIN (s->page_size, MAX_QUERY_COST / record_cost (walk)), 1, REG_SHOPIFY_MAX_PAGE);
}

static gboolean
start_walk (ShopifyState    *s,
            RegSyncContext  *ctx,
            guint            walk,
            GError         **error)
{
  Walk *w = &s->walks[walk];
  guint64 count = 0;
  guint threshold = ctx->bulk_threshold > 0 ? ctx->bulk_threshold : DEFAULT_BULK_THRESHOLD;

  w->started = TRUE;
  w->first = page_size_for (s, walk);
  w->page_cost = (double)w->first * record_cost (walk);

  if (!count_records (s, ctx, walk, w->bulk_id ? 0 : w->checkpoint, &count, error))
    return FALSE;
  w->total = (guint)MIN (count, G_MAXUINT);

  /* A first sync of a large store asks for one export of everything. */
  if (!w->bulk_tried && (w->bulk_id != NULL || (w->checkpoint == 0 && count > threshold)))
    {
      w->bulk = TRUE;
      w->bulk_tried = TRUE;
    }

  return TRUE;
}

static void
add_customer (RegSyncPage        *page,
              RegShopifyCustomer *shop)
{
  RegSyncCustomer *customer = g_new0 (RegSyncCustomer, 1);
  gint64 created = reg_contact_get_created_at (shop->contact);

  customer->contact = g_object_ref (shop->contact);
  customer->remote_id = g_strdup (shop->remote_id);
  customer->data_at = shop->updated_at > 0 ? shop->updated_at : created;
  g_ptr_array_add (page->customers, customer);
}

static RegSyncOrder *
add_order (RegSyncPage     *page,
           RegShopifyOrder *shop)
{
  RegSyncOrder *order = g_new0 (RegSyncOrder, 1);

  order->order = g_object_ref (shop->order);
  if (shop->updated_at > 0)
    reg_order_set_modified_at (order->order, shop->updated_at);
  order->billing = shop->billing ? g_object_ref (shop->billing) : NULL;
  order->customer_remote_id = g_strdup (shop->customer_id);
  g_ptr_array_add (page->orders, order);

  return order;
}

typedef struct
{
  RegOrder *order;
  char     *cursor;
} MoreItems;

static gboolean
parse_more_items (const char      *body,
                  gsize            length,
                  gpointer         out,
                  RegShopifyCost  *cost,
                  GError         **error)
{
  MoreItems *more = out;

  g_clear_pointer (&more->cursor, g_free);
  return reg_shopify_parse_line_items (body, length, more->order, &more->cursor, cost, error);
}

/* An order with more line items than a page brings gets the rest here. */
static gboolean
fetch_more_items (ShopifyState     *s,
                  RegSyncContext   *ctx,
                  RegShopifyOrder  *order,
                  GError          **error)
{
  MoreItems more = { order->order, g_strdup (order->items_cursor) };
  gboolean ok = TRUE;

  while (ok && more.cursor != NULL)
    {
      g_autofree char *after = g_steal_pointer (&more.cursor);
      g_autofree char *body = reg_shopify_request_body (reg_shopify_line_items_query,
                                                        "id", reg_order_get_remote_id (order->order),
                                                        "after", after,
                                                        NULL);

      ok = graphql (s, ctx, body, 0, parse_more_items, &more, error);
    }
  g_free (more.cursor);

  return ok;
}

static gboolean
parse_orders (const char      *body,
              gsize            length,
              gpointer         out,
              RegShopifyCost  *cost,
              GError         **error)
{
  reg_shopify_page_clear (out);
  return reg_shopify_parse_orders (body, length, out, cost, error);
}

static gboolean
parse_customers (const char      *body,
                 gsize            length,
                 gpointer         out,
                 RegShopifyCost  *cost,
                 GError         **error)
{
  reg_shopify_page_clear (out);
  return reg_shopify_parse_customers (body, length, out, cost, error);
}

static void
shopify_page_free (RegShopifyPage *page)
{
  reg_shopify_page_clear (page);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegShopifyPage, shopify_page_free)

/* One page of a walk by update time, with its cursor. */
static gboolean
fetch_paged (ShopifyState    *s,
             RegSyncContext  *ctx,
             guint            walk,
             RegSyncPage     *page,
             guint           *remaining,
             GError         **error)
{
  Walk *w = &s->walks[walk];
  g_autoptr(RegShopifyPage) shop = g_new0 (RegShopifyPage, 1);
  g_autofree char *first = g_strdup_printf ("%u", w->first);
  g_autofree char *search = search_after (w->checkpoint);
  g_autofree char *body = NULL;
  const char *query = walk == WALK_ORDERS ? reg_shopify_orders_query : reg_shopify_customers_query;

  body = reg_shopify_request_body (query, "first", first, "after", w->cursor, "query", search, NULL);
  if (!graphql (s, ctx, body, w->page_cost, walk == WALK_ORDERS ? parse_orders : parse_customers, shop, error))
    return FALSE;
  if (s->cost.requested > 0)
    w->page_cost = s->cost.requested;

  for (guint i = 0; i < shop->records->len; i++)
    {
      gint64 updated;

      if (walk == WALK_ORDERS)
        {
          RegShopifyOrder *order = g_ptr_array_index (shop->records, i);

          if (order->items_cursor != NULL && !fetch_more_items (s, ctx, order, error))
            return FALSE;
          add_order (page, order);
          updated = order->updated_at;
        }
      else
        {
          RegShopifyCustomer *customer = g_ptr_array_index (shop->records, i);

          add_customer (page, customer);
          updated = customer->updated_at;
        }

      /* Those seen again in the overlap are not news. */
      if (w->checkpoint == 0 || updated > w->checkpoint)
        page->n_new++;
      w->seen_max = MAX (w->seen_max, updated);
    }
  for (guint i = 0; i < shop->skipped->len; i++)
    {
      RegSyncSkip *skip = g_ptr_array_index (shop->skipped, i);

      g_ptr_array_add (page->skips, reg_sync_skip_new (skip->remote_id, skip->reason));
      page->n_new++;
    }
  page->n_records = shop->n_records;

  /* The walk is by update time, oldest first: the newest change written
   * is where a later sync can start. */
  if (w->seen_max > w->checkpoint)
    add_state_int (page, w, "updated", w->seen_max);

  /* What the store has to send, this page's new records included. */
  *remaining = w->total > w->done ? w->total - w->done : page->n_new;
  w->done += page->n_new;

  g_free (w->cursor);
  w->cursor = shop->has_next && shop->end_cursor != NULL ? g_strdup (shop->end_cursor) : NULL;
  if (w->cursor == NULL)
    s->walk++;

  return TRUE;
}

/* Bulk exports. */

static gboolean
parse_bulk (const char      *body,
            gsize            length,
            gpointer         out,
            RegShopifyCost  *cost,
            GError         **error)
{
  reg_shopify_bulk_operation_clear (out);
  return reg_shopify_parse_bulk_operation (body, length, out, cost, error);
}

static void
close_bulk_file (ShopifyState *s)
{
  g_clear_object (&s->bulk_lines);
  g_clear_object (&s->bulk_stream);
  if (s->has_pending)
    reg_shopify_line_clear (&s->pending);
  s->has_pending = FALSE;
}

/* Back to pages: the export is over, or cannot be had. */
static void
end_bulk (Walk        *w,
          RegSyncPage *page)
{
  w->bulk = FALSE;
  g_clear_pointer (&w->bulk_id, g_free);
  w->bulk_line = 0;
  add_state (page, w, "bulk", "");
  add_state (page, w, "bulk_line", "0");
}

static gboolean
start_bulk (ShopifyState    *s,
            RegSyncContext  *ctx,
            guint            walk,
            RegSyncPage     *page,
            GError         **error)
{
  Walk *w = &s->walks[walk];
  g_autofree char *query = reg_shopify_bulk_query (walk == WALK_ORDERS, 0);
  g_autofree char *body = reg_shopify_request_body (reg_shopify_bulk_run_mutation, "query", query, NULL);
  RegShopifyBulkOperation operation = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  s->sending_mutation = TRUE;
  ok = graphql (s, ctx, body, 10, parse_bulk, &operation, &local_error);
  s->sending_mutation = FALSE;
  if (!ok)
    {
      reg_shopify_bulk_operation_clear (&operation);

      /* Another export of this app's is running, or bulk exports are not
       * to be had with this kind of token: the pages bring everything too,
       * only slower. */
      if (g_error_matches (local_error, REG_SYNC_ERROR, REG_SYNC_ERROR_BAD_REQUEST) ||
          g_error_matches (local_error, REG_SYNC_ERROR, REG_SYNC_ERROR_FORBIDDEN))
        {
          g_debug ("No bulk export (%s); paging instead", local_error->message);
          end_bulk (w, page);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Kept at once, so that a sync stopped now goes on with this export. */
  w->bulk_id = g_strdup (operation.id);
  w->bulk_line = 0;
  w->bulk_max = 0;
  add_state (page, w, "bulk", w->bulk_id);
  add_state (page, w, "bulk_line", "0");
  add_state (page, w, "bulk_max", "0");
  reg_shopify_bulk_operation_clear (&operation);

  return TRUE;
}

static gboolean
open_bulk_file (ShopifyState    *s,
                RegSyncContext  *ctx,
                const char      *url,
                gboolean        *gone,
                GError         **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  Walk *w = &s->walks[s->walk];
  guint status;

  *gone = FALSE;

  /* The file is on a storage service: no token goes there. */
  if (!reg_http_check_url (url, error) || !(message = soup_message_new (SOUP_METHOD_GET, url)))
    {
      g_clear_error (error);
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED,
                           _("Shopify gave an address for its export that Regulars cannot use."));
      return FALSE;
    }

  if (!(stream = soup_session_send (ctx->session, message, ctx->cancellable, &local_error)))
    {
      reg_http_set_transport_error (error, local_error);
      return FALSE;
    }

  status = soup_message_get_status (message);
  if (status == 403 || status == 404 || status == 410)
    {
      /* Export files are kept for a week: an old one is asked for anew. */
      *gone = TRUE;
      return TRUE;
    }
  if (status < 200 || status >= 300)
    {
      g_set_error (error, REG_SYNC_ERROR, status >= 500 ? REG_SYNC_ERROR_SERVER : REG_SYNC_ERROR_FAILED,
                   _("Shopify’s export could not be downloaded (error %u). Try again later."), status);
      return FALSE;
    }

  s->bulk_stream = g_steal_pointer (&stream);
  s->bulk_lines = g_data_input_stream_new (s->bulk_stream);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (s->bulk_lines), 256 * 1024);
  g_data_input_stream_set_newline_type (s->bulk_lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);

  /* Rows written before the sync was stopped are passed over. */
  for (guint64 i = 0; i < w->bulk_line; i++)
    {
      gsize length;
      g_autofree char *line = g_data_input_stream_read_line (s->bulk_lines, &length, ctx->cancellable, &local_error);

      if (line == NULL)
        {
          if (local_error != NULL)
            {
              reg_http_set_transport_error (error, local_error);
              close_bulk_file (s);
              return FALSE;
            }
          break;
        }
    }

  return TRUE;
}

/* Waits until the export is ready; opens its file. */
static gboolean
await_bulk (ShopifyState    *s,
            RegSyncContext  *ctx,
            guint            walk,
            RegSyncPage     *page,
            gboolean        *ended,
            GError         **error)
{
  Walk *w = &s->walks[walk];
  g_autofree char *body = reg_shopify_request_body (reg_shopify_bulk_poll_query, "id", w->bulk_id, NULL);
  guint delay = 250;

  *ended = FALSE;

  for (;;)
    {
      RegShopifyBulkOperation operation = { 0 };
      gboolean gone = FALSE;

      if (!graphql (s, ctx, body, 2, parse_bulk, &operation, error))
        {
          reg_shopify_bulk_operation_clear (&operation);
          return FALSE;
        }

      switch (operation.status)
        {
        case REG_SHOPIFY_BULK_CREATED:
        case REG_SHOPIFY_BULK_RUNNING:
          if (ctx->progress != NULL)
            ctx->progress (ctx->data, walk_what (walk), 0, w->total);
          reg_shopify_bulk_operation_clear (&operation);
          if (!reg_http_wait (delay, ctx->cancellable))
            {
              g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED, _("The sync was stopped."));
              return FALSE;
            }
          delay = MIN (delay * 2, MAX_POLL_MS);
          continue;

        case REG_SHOPIFY_BULK_COMPLETED:
          if (operation.url == NULL)
            {
              /* Nothing to export. */
              reg_shopify_bulk_operation_clear (&operation);
              *ended = TRUE;
              return TRUE;
            }
          if (!open_bulk_file (s, ctx, operation.url, &gone, error))
            {
              reg_shopify_bulk_operation_clear (&operation);
              return FALSE;
            }
          reg_shopify_bulk_operation_clear (&operation);
          if (!gone)
            return TRUE;
          break;

        case REG_SHOPIFY_BULK_FAILED:
          if (g_strcmp0 (operation.error_code, "ACCESS_DENIED") == 0)
            {
              g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FORBIDDEN,
                                   walk == WALK_ORDERS
                                   ? _("Regulars may not read all orders. In your Shopify admin, give the app the "
                                       "“read_orders” and “read_all_orders” permissions (access scopes).")
                                   : _("Regulars may not read customers. In your Shopify admin, give the app the "
                                       "“read_customers” permission (access scope)."));
              reg_shopify_bulk_operation_clear (&operation);
              return FALSE;
            }
          G_GNUC_FALLTHROUGH;

        case REG_SHOPIFY_BULK_CANCELING:
        case REG_SHOPIFY_BULK_CANCELED:
        case REG_SHOPIFY_BULK_EXPIRED:
        default:
          break;
        }

      /* Cancelled, failed, or its file is gone: one new export; if that
       * does not work either, pages. */
      g_debug ("Bulk export %s ended as %d", w->bulk_id, operation.status);
      reg_shopify_bulk_operation_clear (&operation);
      if (w->bulk_restarted)
        {
          end_bulk (w, page);
          *ended = TRUE;
          return TRUE;
        }
      w->bulk_restarted = TRUE;
      g_clear_pointer (&w->bulk_id, g_free);
      return start_bulk (s, ctx, walk, page, error);
    }
}

typedef struct
{
  GHashTable *orders;   /* GID → RegSyncOrder, those of this page */
  GHashTable *late;     /* GID → RegSyncOrder (items only), for orders of earlier pages */
  guint       parents;
  guint       size;
} BulkPage;

/* Takes one row; %FALSE when the page is full and @line waits for the next. */
static gboolean
take_line (BulkPage       *bp,
           RegSyncPage    *page,
           RegShopifyLine *line,
           Walk           *w,
           gint64         *updated)
{
  *updated = 0;

  switch (line->kind)
    {
    case REG_SHOPIFY_LINE_ORDER:
      if (bp->parents >= bp->size)
        return FALSE;
      g_hash_table_insert (bp->orders, g_strdup (reg_order_get_remote_id (line->order->order)),
                           add_order (page, line->order));
      *updated = line->order->updated_at;
      bp->parents++;
      break;

    case REG_SHOPIFY_LINE_CUSTOMER:
      if (bp->parents >= bp->size)
        return FALSE;
      add_customer (page, line->customer);
      *updated = line->customer->updated_at;
      bp->parents++;
      break;

    case REG_SHOPIFY_LINE_ITEM:
      {
        RegSyncOrder *order = g_hash_table_lookup (bp->orders, line->parent_id);

        /* Children come after their parent, not always right after: one
         * whose order was written with an earlier page is added to it. */
        if (order == NULL && !(order = g_hash_table_lookup (bp->late, line->parent_id)))
          {
            order = g_new0 (RegSyncOrder, 1);
            order->order = reg_order_new ();
            reg_order_set_remote_id (order->order, line->parent_id);
            order->items_only = TRUE;
            g_hash_table_insert (bp->late, g_strdup (line->parent_id), order);
            g_ptr_array_add (page->orders, order);
          }
        reg_order_add_item (order->order, line->item.name, line->item.sku, line->item.quantity, line->item.price);
      }
      break;

    case REG_SHOPIFY_LINE_SKIPPED:
      if (bp->parents >= bp->size)
        return FALSE;
      g_ptr_array_add (page->skips, reg_sync_skip_new (line->skip->remote_id, line->skip->reason));
      bp->parents++;
      break;

    case REG_SHOPIFY_LINE_OTHER:
    default:
      break;
    }

  w->bulk_line++;
  return TRUE;
}

/* The next rows of the export file, a page of records. */
static gboolean
read_bulk_page (ShopifyState    *s,
                RegSyncContext  *ctx,
                guint            walk,
                RegSyncPage     *page,
                guint           *remaining,
                GError         **error)
{
  Walk *w = &s->walks[walk];
  BulkPage bp = { 0 };
  gboolean full = FALSE;
  gboolean at_end = FALSE;

  bp.size = s->page_size * BULK_PAGES;
  bp.orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bp.late = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (!full)
    {
      gint64 updated = 0;

      if (!s->has_pending)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *line = NULL;
          gsize length = 0;

          line = g_data_input_stream_read_line (s->bulk_lines, &length, ctx->cancellable, &local_error);
          if (line == NULL)
            {
              if (local_error != NULL)
                {
                  reg_http_set_transport_error (error, local_error);
                  g_hash_table_unref (bp.orders);
                  g_hash_table_unref (bp.late);
                  return FALSE;
                }
              at_end = TRUE;
              break;
            }
          if (length == 0)
            {
              w->bulk_line++;
              continue;
            }

          memset (&s->pending, 0, sizeof s->pending);
          if (!reg_shopify_parse_bulk_line (line, length, &s->pending, &local_error))
            {
              g_autofree char *reason = NULL;

              /* A row that cannot be read is logged; the others go on. */
              reg_shopify_line_clear (&s->pending);
              memset (&s->pending, 0, sizeof s->pending);
              s->pending.kind = REG_SHOPIFY_LINE_SKIPPED;
              /* Translators: %s says what is wrong with the row */
              reason = g_strdup_printf (_("A row of Shopify’s export could not be read: %s"), local_error->message);
              s->pending.skip = reg_sync_skip_new (NULL, reason);
            }
          s->has_pending = TRUE;
        }

      if (!take_line (&bp, page, &s->pending, w, &updated))
        {
          full = TRUE;
          break;
        }
      reg_shopify_line_clear (&s->pending);
      s->has_pending = FALSE;
      w->bulk_max = MAX (w->bulk_max, updated);
    }

  g_hash_table_unref (bp.orders);
  g_hash_table_unref (bp.late);

  page->n_records = bp.parents;
  page->n_new = bp.parents;
  *remaining = w->total > w->done ? w->total - w->done : bp.parents;
  w->done += bp.parents;

  if (!at_end)
    {
      add_state_int (page, w, "bulk_line", (gint64)w->bulk_line);
      add_state_int (page, w, "bulk_max", w->bulk_max);
      return TRUE;
    }

  /* All of it: from here on, changes are asked for by page. */
  close_bulk_file (s);
  end_bulk (w, page);
  w->checkpoint = MAX (w->checkpoint, w->bulk_max);
  w->seen_max = w->checkpoint;
  if (w->checkpoint > 0)
    add_state_int (page, w, "updated", w->checkpoint);
  w->total = 0;
  w->done = 0;
  w->started = FALSE;

  return TRUE;
}

static gboolean
fetch_bulk (ShopifyState    *s,
            RegSyncContext  *ctx,
            guint            walk,
            RegSyncPage     *page,
            guint           *remaining,
            GError         **error)
{
  Walk *w = &s->walks[walk];

  if (w->bulk_id == NULL)
    return start_bulk (s, ctx, walk, page, error);

  if (s->bulk_lines == NULL)
    {
      gboolean ended = FALSE;
      gsize n_state = page->state->len;

      if (!await_bulk (s, ctx, walk, page, &ended, error))
        return FALSE;

      /* A new export was started, or there was nothing: that is the page. */
      if (ended || page->state->len != n_state)
        {
          if (ended && w->bulk)
            {
              end_bulk (w, page);
              w->started = FALSE;
            }
          return TRUE;
        }
    }

  return read_bulk_page (s, ctx, walk, page, remaining, error);
}

static gboolean
shopify_fetch_page (RegSyncPlatform  *self,
                    RegSyncContext   *ctx,
                    RegSyncPage      *page,
                    const char      **what,
                    guint            *remaining,
                    GError          **error)
{
  ShopifyState *s = self->state;

  if (s->endpoint == NULL)
    {
      const char *version = ctx->api_version ? ctx->api_version : REG_SHOPIFY_API_VERSION;

      s->endpoint = g_strdup_printf ("%s/admin/api/%s/graphql.json", s->base, version);
    }

  if (s->walk >= N_WALKS)
    return FALSE;

  *what = walk_what (s->walk);

  if (!s->walks[s->walk].started && !start_walk (s, ctx, s->walk, error))
    return FALSE;

  if (s->walks[s->walk].bulk)
    return fetch_bulk (s, ctx, s->walk, page, remaining, error);

  return fetch_paged (s, ctx, s->walk, page, remaining, error);
}

static void
shopify_page_done (RegSyncPlatform *self,
                   RegSyncPage     *page)
{
  /* fetch_page() moves the walk on itself. */
}

static void
shopify_free (RegSyncPlatform *self)
{
  ShopifyState *s = self->state;

  close_bulk_file (s);
  for (guint i = 0; i < N_WALKS; i++)
    {
      g_free (s->walks[i].cursor);
      g_free (s->walks[i].bulk_id);
    }
  if (s->token != NULL)
    memset (s->token, 0, strlen (s->token));
  g_free (s->token);
  g_free (s->base);
  g_free (s->endpoint);
  g_clear_object (&s->store);
  g_free (s);
  g_free (self);
}

RegSyncPlatform *
reg_shopify_platform_new (void)
{
  RegSyncPlatform *self = g_new0 (RegSyncPlatform, 1);

  self->state = g_new0 (ShopifyState, 1);
  self->begin = shopify_begin;
  self->fetch_page = shopify_fetch_page;
  self->page_done = shopify_page_done;
  self->free = shopify_free;

  return self;
}

typedef struct
{
  char     *shop_name;
  GStrv     missing;
  guint64   n_orders;
} Check;

static gboolean
parse_check (const char      *body,
             gsize            length,
             gpointer         out,
             RegShopifyCost  *cost,
             GError         **error)
{
  Check *check = out;

  g_clear_pointer (&check->shop_name, g_free);
  g_clear_pointer (&check->missing, g_strfreev);
  return reg_shopify_parse_check (body, length, &check->shop_name, &check->missing, &check->n_orders, cost, error);
}

/**
 * reg_shopify_test_connection:
 * @url: the store, https://name.myshopify.com
 * @notice: (out) (nullable): a limit the owner should know of
 *
 * Asks the store its name and the app's permissions: whether the address,
 * the token (or the client ID and secret) and the permissions are right.
 */
gboolean
reg_shopify_test_connection (RegSyncContext  *ctx,
                             const char      *url,
                             char           **notice,
                             GError         **error)
{
  RegSyncPlatform *platform = reg_shopify_platform_new ();
  ShopifyState *s = platform->state;
  g_autofree char *body = reg_shopify_request_body (reg_shopify_check_query, NULL);
  Check check = { 0 };
  gboolean ok;

  *notice = NULL;

  if (!reg_http_check_url (url, error))
    {
      platform->free (platform);
      return FALSE;
    }

  s->base = reg_text_url_base (url);
  s->endpoint = g_strdup_printf ("%s/admin/api/%s/graphql.json", s->base,
                                 ctx->api_version ? ctx->api_version : REG_SHOPIFY_API_VERSION);

  ok = graphql (s, ctx, body, 5, parse_check, &check, error);

  if (ok && check.missing != NULL && check.missing[0] != NULL)
    {
      gboolean customers = g_strv_contains ((const char * const *)check.missing, "read_customers");
      gboolean orders = g_strv_contains ((const char * const *)check.missing, "read_orders");

      if (customers || orders)
        {
          g_autofree char *names = NULL;

          names = customers && orders ? g_strdup ("“read_customers”, “read_orders”")
                                      : g_strdup (customers ? "“read_customers”" : "“read_orders”");
          /* Translators: %s names Shopify's access scopes, which stay in English */
          g_set_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FORBIDDEN,
                       _("The connection works, but Regulars may not read what it needs. In your Shopify admin, "
                         "give the app these permissions (access scopes): %s, and “read_all_orders”."),
                       names);
          ok = FALSE;
        }
      else if (g_strv_contains ((const char * const *)check.missing, "read_all_orders"))
        *notice = g_strdup (_("Regulars can read only the orders of the last 60 days. To bring in older orders, "
                              "give the app the “read_all_orders” permission (access scope) in your Shopify admin."));
    }

  g_free (check.shop_name);
  g_strfreev (check.missing);
  platform->free (platform);

  return ok;
}
