/* fuzz-woo.c: libFuzzer target for the WooCommerce answer reader
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-money.h"
#include "reg-woo-map.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* 2^53: no amount the mapper hands on is larger. */
#define MAX_EXACT (G_GINT64_CONSTANT (1) << 53)

/* What the first byte makes of the answer's HTTP status: the ones the
 * reader tells apart, and a few it has to take as they come. */
static const guint statuses[] = {
  200, 400, 401, 403, 404, 405, 429, 500, 502, 503, 0, 301, 204, 418, 599, 600,
};

static void
check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
check_skipped (GPtrArray *skipped)
{
  for (guint i = 0; i < skipped->len; i++)
    {
      RegWooSkipped *s = g_ptr_array_index (skipped, i);

      check_text (s->reason);
      g_assert_cmpuint (strlen (s->reason), >, 0);
      if (s->remote_id != NULL)
        check_text (s->remote_id);
    }
}

static void
check_contact (RegContact *contact)
{
  g_assert_nonnull (contact);
  g_assert_false (reg_contact_is_blank (contact));
  check_text (reg_contact_get_given_name (contact));
  check_text (reg_contact_get_family_name (contact));
  check_text (reg_contact_get_email (contact));
  check_text (reg_contact_get_street (contact));
  check_text (reg_contact_get_city (contact));
}

static void
check_orders (GPtrArray *orders)
{
  for (guint i = 0; i < orders->len; i++)
    {
      RegWooOrder *woo = g_ptr_array_index (orders, i);
      RegOrder *order = woo->order;

      g_assert_nonnull (order);
      check_text (reg_order_get_remote_id (order));
      check_text (reg_order_get_number (order));
      g_assert_true (reg_currency_is_known (reg_order_get_currency (order)));
      g_assert_cmpint (reg_order_get_total (order), >=, 0);
      g_assert_cmpint (reg_order_get_total (order), <=, MAX_EXACT);
      g_assert_cmpint (reg_order_get_discount (order), >=, 0);
      g_assert_cmpint (reg_order_get_shipping (order), >=, 0);
      g_assert_cmpint (reg_order_get_refunded (order), >=, 0);
      g_assert_cmpint (reg_order_get_refunded (order), <=, MAX_EXACT);
      g_assert_cmpint (woo->remote_customer_id, >=, 0);

      for (guint k = 0; k < reg_order_get_n_items (order); k++)
        {
          const RegOrderItem *item = reg_order_get_item (order, k);

          check_text (item->name);
          g_assert_cmpint (item->quantity, >=, 0);
          g_assert_cmpint (item->quantity, <=, MAX_EXACT);
        }

      if (woo->billing != NULL)
        check_contact (woo->billing);
    }
}

static void
check_customers (GPtrArray *customers)
{
  for (guint i = 0; i < customers->len; i++)
    {
      RegWooCustomer *woo = g_ptr_array_index (customers, i);

      g_assert_cmpint (woo->remote_id, >, 0);
      check_contact (woo->contact);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* A copy that ends with a NUL, and no more bytes than it says: what
   * reads past @size shows. */
  g_autofree char *body = g_malloc (size + 1);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  RegSyncError code = REG_SYNC_ERROR_FAILED;
  guint status;

  memcpy (body, data, size);
  body[size] = '\0';

  if (reg_woo_parse_orders (body, size, &orders, &skipped, &error))
    {
      check_orders (orders);
      check_skipped (skipped);
      g_clear_pointer (&skipped, g_ptr_array_unref);
    }
  else
    {
      g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
      g_assert_null (orders);
      g_assert_null (skipped);
      g_clear_error (&error);
    }

  /* Up to the first NUL, as a caller with a C string would hand it over. */
  if (reg_woo_parse_customers (body, -1, &customers, &skipped, &error))
    {
      check_customers (customers);
      check_skipped (skipped);
    }
  else
    {
      g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
      g_assert_null (customers);
    }

  status = size > 0 ? statuses[data[0] % G_N_ELEMENTS (statuses)] : 200;
  description = reg_woo_describe_error (status, body, size, &code);
  check_text (description);
  g_assert_cmpint (code, >=, REG_SYNC_ERROR_FAILED);
  g_assert_cmpint (code, <=, REG_SYNC_ERROR_CANCELLED);
  /* WooCommerce's keys begin so; whatever the shop sends, they are never
   * repeated in words for the owner. */
  g_assert_null (strstr (description, "ck_"));
  g_assert_null (strstr (description, "cs_"));

  return 0;
}
