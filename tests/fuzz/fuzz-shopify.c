/* fuzz-shopify.c: libFuzzer target for the Shopify answer readers
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-money.h"
#include "reg-shopify-map.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* 2^53: no amount the mapper hands on is larger. */
#define MAX_EXACT (G_GINT64_CONSTANT (1) << 53)

/* What the first byte makes of the answer's HTTP status. */
static const guint statuses[] = {
  200, 400, 401, 402, 403, 404, 406, 423, 429, 500, 502, 503, 0, 301, 418, 599,
};

static void
check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
check_message (const char *text)
{
  check_text (text);
  g_assert_cmpuint (strlen (text), >, 0);
  /* Shopify's tokens begin so; whatever the store sends, they are never
   * repeated in words for the owner. */
  g_assert_null (strstr (text, "shpat_"));
  g_assert_null (strstr (text, "shpca_"));
}

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == REG_SYNC_ERROR);
  g_assert_cmpint (error->code, >=, REG_SYNC_ERROR_FAILED);
  g_assert_cmpint (error->code, <=, REG_SYNC_ERROR_CANCELLED);
  check_message (error->message);
}

static void
check_cost (const RegShopifyCost *cost)
{
  g_assert_cmpfloat (cost->requested, >=, 0);
  g_assert_cmpfloat (cost->actual, >=, 0);
  g_assert_cmpfloat (cost->maximum, >=, 0);
  g_assert_cmpfloat (cost->available, >=, 0);
  g_assert_cmpfloat (cost->restore_rate, >=, 0);
}

/* A reason quotes what the store sent about its records (a name, an
 * amount): that is the store's data, not a secret. */
static void
check_skip (RegSyncSkip *skip)
{
  check_text (skip->reason);
  g_assert_cmpuint (strlen (skip->reason), >, 0);
  if (skip->remote_id != NULL)
    check_text (skip->remote_id);
}

static void
check_contact (RegContact *contact,
               gboolean    may_be_blank)
{
  g_assert_nonnull (contact);
  g_assert_cmpint (reg_contact_get_origin (contact), ==, REG_ORIGIN_SHOPIFY);
  if (!may_be_blank)
    g_assert_false (reg_contact_is_blank (contact));
  check_text (reg_contact_get_given_name (contact));
  check_text (reg_contact_get_family_name (contact));
  check_text (reg_contact_get_email (contact));
  check_text (reg_contact_get_street (contact));
  check_text (reg_contact_get_city (contact));
}

static void
check_order (RegShopifyOrder *shopify)
{
  RegOrder *order = shopify->order;

  g_assert_nonnull (order);
  g_assert_true (g_str_has_prefix (reg_order_get_remote_id (order), "gid://shopify/Order/"));
  check_text (reg_order_get_number (order));
  g_assert_true (reg_currency_is_known (reg_order_get_currency (order)));
  g_assert_cmpint (reg_order_get_total (order), >=, 0);
  g_assert_cmpint (reg_order_get_total (order), <=, MAX_EXACT);
  g_assert_cmpint (reg_order_get_discount (order), >=, 0);
  g_assert_cmpint (reg_order_get_shipping (order), >=, 0);
  g_assert_cmpint (reg_order_get_refunded (order), >=, 0);
  g_assert_cmpint (reg_order_get_refunded (order), <=, MAX_EXACT);
  g_assert_cmpint (reg_order_get_status (order), >=, REG_ORDER_STATUS_PENDING);
  g_assert_cmpint (reg_order_get_status (order), <=, REG_ORDER_STATUS_CANCELLED);
  if (shopify->customer_id != NULL)
    g_assert_true (g_str_has_prefix (shopify->customer_id, "gid://shopify/Customer/"));
  if (shopify->items_cursor != NULL)
    check_text (shopify->items_cursor);

  for (guint k = 0; k < reg_order_get_n_items (order); k++)
    {
      const RegOrderItem *item = reg_order_get_item (order, k);

      check_text (item->name);
      g_assert_cmpint (item->quantity, >=, 0);
      g_assert_cmpint (item->quantity, <=, MAX_EXACT);
    }

  if (shopify->billing != NULL)
    check_contact (shopify->billing, FALSE);
}

static void
check_customer (RegShopifyCustomer *shopify)
{
  g_assert_true (g_str_has_prefix (shopify->remote_id, "gid://shopify/Customer/"));
  check_contact (shopify->contact, FALSE);
}

static void
check_page (RegShopifyPage *page,
            gboolean        orders)
{
  g_assert_nonnull (page->records);
  g_assert_nonnull (page->skipped);
  g_assert_cmpuint (page->records->len + page->skipped->len, ==, page->n_records);

  for (guint i = 0; i < page->records->len; i++)
    {
      if (orders)
        check_order (g_ptr_array_index (page->records, i));
      else
        check_customer (g_ptr_array_index (page->records, i));
    }
  for (guint i = 0; i < page->skipped->len; i++)
    check_skip (g_ptr_array_index (page->skipped, i));
  if (page->end_cursor != NULL)
    check_text (page->end_cursor);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* A copy that ends with a NUL, and no more bytes than it says: what
   * reads past @size shows. */
  g_autofree char *body = g_malloc (size + 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *shop_name = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *domain = NULL;
  g_auto(GStrv) missing = NULL;
  g_autoptr(RegOrder) order = reg_order_new ();
  RegShopifyPage page = { 0 };
  RegShopifyBulkOperation operation = { 0 };
  RegShopifyLine line = { 0 };
  RegShopifyCost cost;
  RegSyncError code = REG_SYNC_ERROR_FAILED;
  guint64 n_orders = 0;
  gint64 expires_in = 0;
  guint status;

  memcpy (body, data, size);
  body[size] = '\0';

  reg_shopify_parse_cost (body, size, &cost);
  check_cost (&cost);

  if (reg_shopify_parse_orders (body, size, &page, &cost, &error))
    check_page (&page, TRUE);
  else
    {
      check_error (error);
      g_assert_null (page.records);
      g_clear_error (&error);
    }
  check_cost (&cost);
  reg_shopify_page_clear (&page);

  if (reg_shopify_parse_customers (body, size, &page, NULL, &error))
    check_page (&page, FALSE);
  else
    {
      check_error (error);
      g_clear_error (&error);
    }
  reg_shopify_page_clear (&page);

  reg_order_set_number (order, "#1");
  reg_order_set_currency (order, size > 1 && data[1] % 2 ? "KWD" : "JPY");
  if (reg_shopify_parse_line_items (body, size, order, &cursor, &cost, &error))
    {
      if (cursor != NULL)
        check_text (cursor);
    }
  else
    {
      check_error (error);
      g_assert_cmpuint (reg_order_get_n_items (order), ==, 0);
      g_clear_error (&error);
    }

  if (reg_shopify_parse_bulk_operation (body, size, &operation, &cost, &error))
    {
      g_assert_true (g_str_has_prefix (operation.id, "gid://shopify/BulkOperation/"));
      g_assert_cmpint (operation.status, >=, REG_SHOPIFY_BULK_CREATED);
      g_assert_cmpint (operation.status, <=, REG_SHOPIFY_BULK_EXPIRED);
      if (operation.url != NULL)
        g_assert_true (g_str_has_prefix (operation.url, "http"));
      if (operation.error_code != NULL)
        check_text (operation.error_code);
    }
  else
    {
      check_error (error);
      g_clear_error (&error);
    }
  reg_shopify_bulk_operation_clear (&operation);

  if (reg_shopify_parse_bulk_line (body, size, &line, &error))
    {
      switch (line.kind)
        {
        case REG_SHOPIFY_LINE_ORDER:
          check_order (line.order);
          break;

        case REG_SHOPIFY_LINE_CUSTOMER:
          check_customer (line.customer);
          break;

        case REG_SHOPIFY_LINE_ITEM:
          g_assert_true (g_str_has_prefix (line.parent_id, "gid://shopify/Order/"));
          check_text (line.item.name);
          g_assert_true (reg_currency_is_known (line.item_currency));
          g_assert_cmpint (line.item.quantity, >=, 0);
          break;

        case REG_SHOPIFY_LINE_SKIPPED:
          check_skip (line.skip);
          break;

        case REG_SHOPIFY_LINE_OTHER:
          break;

        default:
          g_assert_not_reached ();
        }
    }
  else
    {
      g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
      g_clear_error (&error);
    }
  reg_shopify_line_clear (&line);

  if (reg_shopify_parse_check (body, size, &shop_name, &missing, &n_orders, &cost, &error))
    {
      g_assert_nonnull (missing);
      g_assert_cmpuint (g_strv_length (missing), <=, 3);
      if (shop_name != NULL)
        check_text (shop_name);
    }
  else
    {
      check_error (error);
      g_clear_error (&error);
    }

  if (reg_shopify_parse_token (body, size, &token, &expires_in, &error))
    {
      g_assert_cmpuint (strlen (token), >, 0);
      g_assert_cmpint (expires_in, >=, 0);
    }
  else
    {
      check_error (error);
      g_assert_null (token);
      g_clear_error (&error);
    }

  status = size > 0 ? statuses[data[0] % G_N_ELEMENTS (statuses)] : 200;
  description = reg_shopify_describe_error (status, body, size, &code);
  check_message (description);
  g_assert_cmpint (code, >=, REG_SYNC_ERROR_FAILED);
  g_assert_cmpint (code, <=, REG_SYNC_ERROR_CANCELLED);

  /* Up to the first NUL, as an owner's typing comes. */
  if ((domain = reg_shopify_normalize_domain (body, &error)) != NULL)
    g_assert_true (g_str_has_prefix (domain, "https://") || g_str_has_prefix (domain, "http://"));
  else
    {
      /* What the owner typed may come back to them. */
      g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_A_SHOP);
      check_text (error->message);
    }

  return 0;
}
