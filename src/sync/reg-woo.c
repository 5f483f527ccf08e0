/* reg-woo.c: walking a WooCommerce shop's customers and orders
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-sync-error.h"
#include "reg-sync-platform.h"
#include "reg-text.h"
#include "reg-woo-map.h"

/* A sync starts again this far before the last order it saw, in case the
 * shop's clock or a slow write put changes just behind it. Upserts make
 * seeing an order twice harmless. */
#define START_OVERLAP_S 60

enum { PHASE_CUSTOMERS, PHASE_ORDERS, PHASE_DONE };

typedef struct
{
  char     *api;              /* https://shop/wp-json/wc/v3/ */
  guint     page_size;
  gint64    started_at;
  guint     phase;

  /* Customers: the first time all of them by id, with an offset; later
   * the newest first, down to those seen before. */
  gboolean  customers_done;
  guint64   customers_offset;
  gint64    customers_since;
  guint     customers_page;

  /* Orders: by modification time, from the last one seen (keyset), so
   * that orders changing during the sync cannot shift pages under us. */
  gint64    orders_checkpoint;
  gint64    orders_after;
  guint     orders_page;
  GArray   *orders_at_checkpoint;  /* gint64: ids of orders seen with that time */

  /* What the page being written moves the walk to. */
  guint     next_phase;
  guint64   next_customers_offset;
  guint     next_customers_page;
  gint64    next_orders_checkpoint;
  gint64    next_orders_after;
  guint     next_orders_page;
  GArray   *next_orders_at_checkpoint;
} WooState;

static char *
state_text (RegStore    *store,
            RegSource   *source,
            const char  *key,
            GError     **error)
{
  return reg_store_get_sync_state (store, source->id, key, error);
}

static gint64
state_int (RegStore    *store,
           RegSource   *source,
           const char  *key,
           GError     **error)
{
  g_autofree char *text = state_text (store, source, key, error);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
woo_begin (RegSyncPlatform  *self,
           RegStore         *store,
           RegSource        *source,
           guint             page_size,
           GError          **error)
{
  WooState *s = self->state;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = reg_text_url_base (source->url);

  s->api = g_strconcat (base, "/wp-json/wc/v3/", NULL);
  s->page_size = CLAMP (page_size, 1, 100);
  s->started_at = g_get_real_time () / G_USEC_PER_SEC;
  s->phase = PHASE_CUSTOMERS;

  s->customers_done = state_int (store, source, "customers.done", &local_error) != 0;
  s->customers_offset = state_int (store, source, "customers.offset", &local_error);
  s->customers_since = state_int (store, source, "customers.since", &local_error);
  s->customers_page = 1;
  s->orders_checkpoint = state_int (store, source, "orders.modified", &local_error);
  s->orders_after = s->orders_checkpoint > 0 ? s->orders_checkpoint - START_OVERLAP_S : 0;
  s->orders_page = 1;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static char *
gmt_text (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (MAX (unix_time, 0));

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
}

static GUri *
woo_next_request (RegSyncPlatform  *self,
                  const char      **what)
{
  WooState *s = self->state;
  g_autofree char *url = NULL;

  if (s->phase == PHASE_CUSTOMERS)
    {
      *what = _("Customers");
      if (!s->customers_done)
        url = g_strdup_printf ("%scustomers?role=all&orderby=id&order=asc&per_page=%u&offset=%" G_GUINT64_FORMAT,
                               s->api, s->page_size, s->customers_offset);
      else
        url = g_strdup_printf ("%scustomers?role=all&orderby=registered_date&order=desc&per_page=%u&page=%u",
                               s->api, s->page_size, s->customers_page);
    }
  else if (s->phase == PHASE_ORDERS)
    {
      *what = _("Orders");
      if (s->orders_after > 0)
        {
          g_autofree char *after = gmt_text (s->orders_after);

          url = g_strdup_printf ("%sorders?orderby=modified&order=asc&dates_are_gmt=true&per_page=%u&page=%u"
                                 "&modified_after=%s",
                                 s->api, s->page_size, s->orders_page, after);
        }
      else
        url = g_strdup_printf ("%sorders?orderby=modified&order=asc&dates_are_gmt=true&per_page=%u&page=%u",
                               s->api, s->page_size, s->orders_page);
    }
  else
    return NULL;

  return g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
}

static guint
header_uint (RegHttpResponse *response,
             const char      *name)
{
  const char *value = soup_message_headers_get_one (response->headers, name);

  return value ? (guint)MIN (g_ascii_strtoull (value, NULL, 10), G_MAXUINT) : 0;
}

static RegSyncSkip *
skip_from (RegWooSkipped *skipped)
{
  return reg_sync_skip_new (skipped->remote_id, skipped->reason);
}

static gboolean
read_customers (WooState         *s,
                RegHttpResponse  *response,
                RegSyncPage      *page,
                guint            *remaining,
                GError          **error)
{
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  gsize size;
  const char *body = g_bytes_get_data (response->body, &size);
  gint64 oldest = G_MAXINT64;

  if (!reg_woo_parse_customers (body, size, &customers, &skipped, error))
    return FALSE;

  for (guint i = 0; i < customers->len; i++)
    {
      RegWooCustomer *woo = g_ptr_array_index (customers, i);
      RegSyncCustomer *customer = g_new0 (RegSyncCustomer, 1);
      gint64 created = reg_contact_get_created_at (woo->contact);

      customer->contact = g_object_ref (woo->contact);
      customer->remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, woo->remote_id);
      customer->data_at = woo->modified_at > 0 ? woo->modified_at : created;
      g_ptr_array_add (page->customers, customer);
      if (created > 0)
        oldest = MIN (oldest, created);
    }
  for (guint i = 0; i < skipped->len; i++)
    g_ptr_array_add (page->skips, skip_from (g_ptr_array_index (skipped, i)));

  page->n_records = customers->len + skipped->len;
  page->n_new = page->n_records;
  if (!s->customers_done)
    *remaining = MAX (header_uint (response, "X-WP-Total"), s->customers_offset + page->n_records) - s->customers_offset;
  else
    *remaining = page->n_records;

  s->next_phase = PHASE_CUSTOMERS;
  if (!s->customers_done)
    {
      s->next_customers_offset = s->customers_offset + page->n_records;
      if (page->n_records < s->page_size)
        {
          g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, s->started_at);

          s->next_phase = PHASE_ORDERS;
          reg_sync_page_add_state (page, "customers.done", "1");
          reg_sync_page_add_state (page, "customers.since", since);
        }
      else
        {
          g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, s->next_customers_offset);

          reg_sync_page_add_state (page, "customers.offset", offset);
        }
    }
  else
    {
      /* Newest first: done at a short page or at accounts seen before. */
      s->next_customers_page = s->customers_page + 1;
      if (page->n_records < s->page_size || oldest < s->customers_since - START_OVERLAP_S)
        {
          g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, s->started_at);

          s->next_phase = PHASE_ORDERS;
          reg_sync_page_add_state (page, "customers.since", since);
        }
    }

  return TRUE;
}

static gboolean
read_orders (WooState         *s,
             RegHttpResponse  *response,
             RegSyncPage      *page,
             guint            *remaining,
             GError          **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  gsize size;
  const char *body = g_bytes_get_data (response->body, &size);
  gint64 newest = s->orders_checkpoint;

  if (!reg_woo_parse_orders (body, size, &orders, &skipped, error))
    return FALSE;

  for (guint i = 0; i < orders->len; i++)
    newest = MAX (newest, ((RegWooOrder *)g_ptr_array_index (orders, i))->modified_at);

  g_array_set_size (s->next_orders_at_checkpoint, 0);
  if (newest == s->orders_checkpoint)
    g_array_append_vals (s->next_orders_at_checkpoint, s->orders_at_checkpoint->data, s->orders_at_checkpoint->len);

  for (guint i = 0; i < orders->len; i++)
    {
      RegWooOrder *woo = g_ptr_array_index (orders, i);
      RegSyncOrder *order;
      gint64 id = g_ascii_strtoll (reg_order_get_remote_id (woo->order), NULL, 10);
      gboolean seen = FALSE;

      if (woo->modified_at == newest)
        g_array_append_val (s->next_orders_at_checkpoint, id);

      /* The second the last page ended on is asked for again, for orders
       * that share it; those already written are not counted twice. */
      for (guint k = 0; woo->modified_at == s->orders_checkpoint && k < s->orders_at_checkpoint->len; k++)
        if (g_array_index (s->orders_at_checkpoint, gint64, k) == id)
          seen = TRUE;
      if (!seen)
        page->n_new++;

      order = g_new0 (RegSyncOrder, 1);

      order->order = g_object_ref (woo->order);
      reg_order_set_modified_at (order->order, woo->modified_at);
      order->billing = woo->billing ? g_object_ref (woo->billing) : NULL;
      if (woo->remote_customer_id != 0)
        order->customer_remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, woo->remote_customer_id);
      g_ptr_array_add (page->orders, order);
    }
  for (guint i = 0; i < skipped->len; i++)
    g_ptr_array_add (page->skips, skip_from (g_ptr_array_index (skipped, i)));

  page->n_records = orders->len + skipped->len;
  page->n_new += skipped->len;
  *remaining = MAX (header_uint (response, "X-WP-Total"), page->n_records) - (page->n_records - page->n_new);

  s->next_phase = page->n_records < s->page_size ? PHASE_DONE : PHASE_ORDERS;
  s->next_orders_checkpoint = newest;
  if (newest > s->orders_checkpoint)
    {
      g_autofree char *checkpoint = g_strdup_printf ("%" G_GINT64_FORMAT, newest);

      /* From the newest seen on, one second back for orders sharing it. */
      reg_sync_page_add_state (page, "orders.modified", checkpoint);
      s->next_orders_after = newest - 1;
      s->next_orders_page = 1;
    }
  else
    {
      /* A page full of orders changed in the same second: go on by page. */
      s->next_orders_after = s->orders_after;
      s->next_orders_page = s->orders_page + 1;
    }

  return TRUE;
}

static gboolean
woo_read_page (RegSyncPlatform  *self,
               RegHttpResponse  *response,
               RegSyncPage      *page,
               guint            *remaining,
               GError          **error)
{
  WooState *s = self->state;

  if (s->phase == PHASE_CUSTOMERS)
    return read_customers (s, response, page, remaining, error);

  return read_orders (s, response, page, remaining, error);
}

static void
woo_page_done (RegSyncPlatform *self,
               RegSyncPage     *page)
{
  WooState *s = self->state;

  if (s->phase == PHASE_CUSTOMERS)
    {
      s->customers_offset = s->next_customers_offset;
      s->customers_page = s->next_customers_page;
      if (s->next_phase != PHASE_CUSTOMERS)
        s->customers_done = TRUE;
    }
  else if (s->phase == PHASE_ORDERS)
    {
      GArray *swap = s->orders_at_checkpoint;

      s->orders_checkpoint = s->next_orders_checkpoint;
      s->orders_after = s->next_orders_after;
      s->orders_page = s->next_orders_page;
      s->orders_at_checkpoint = s->next_orders_at_checkpoint;
      s->next_orders_at_checkpoint = swap;
    }

  s->phase = s->next_phase;
}

static void
woo_describe_error (RegSyncPlatform  *self,
                    RegHttpResponse  *response,
                    GError          **error)
{
  RegSyncError code = REG_SYNC_ERROR_FAILED;
  gsize size = 0;
  const char *body = response->body ? g_bytes_get_data (response->body, &size) : NULL;
  g_autofree char *message = reg_woo_describe_error (response->status, body, size, &code);

  g_set_error_literal (error, REG_SYNC_ERROR, code, message);
}

static char *
woo_authorization (RegSyncPlatform *self,
                   const char      *key,
                   const char      *secret)
{
  g_autofree char *pair = g_strconcat (key ? key : "", ":", secret ? secret : "", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));

  /* The pair is a secret too: wipe it before it is freed. */
  memset (pair, 0, strlen (pair));

  return g_strconcat ("Basic ", encoded, NULL);
}

static void
woo_free (RegSyncPlatform *self)
{
  WooState *s = self->state;

  g_free (s->api);
  g_array_unref (s->orders_at_checkpoint);
  g_array_unref (s->next_orders_at_checkpoint);
  g_free (s);
  g_free (self);
}

RegSyncPlatform *
reg_woo_platform_new (void)
{
  RegSyncPlatform *self = g_new0 (RegSyncPlatform, 1);
  WooState *s = g_new0 (WooState, 1);

  s->orders_at_checkpoint = g_array_new (FALSE, FALSE, sizeof (gint64));
  s->next_orders_at_checkpoint = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->state = s;
  self->begin = woo_begin;
  self->next_request = woo_next_request;
  self->read_page = woo_read_page;
  self->page_done = woo_page_done;
  self->describe_error = woo_describe_error;
  self->authorization = woo_authorization;
  self->free = woo_free;

  return self;
}
