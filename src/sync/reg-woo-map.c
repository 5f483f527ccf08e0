/* reg-woo-map.c: WooCommerce REST answers into Regulars records
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "reg-money.h"
#include "reg-text.h"
#include "reg-woo-map.h"

void
reg_woo_order_free (RegWooOrder *order)
{
  if (order == NULL)
    return;

  g_clear_object (&order->order);
  g_clear_object (&order->billing);
  g_free (order);
}

void
reg_woo_customer_free (RegWooCustomer *customer)
{
  if (customer == NULL)
    return;

  g_clear_object (&customer->contact);
  g_free (customer);
}

void
reg_woo_skipped_free (RegWooSkipped *skipped)
{
  if (skipped == NULL)
    return;

  g_free (skipped->remote_id);
  g_free (skipped->reason);
  g_free (skipped);
}

static void
add_skipped (GPtrArray  *skipped,
             const char *remote_id,
             char       *reason)
{
  RegWooSkipped *s = g_new0 (RegWooSkipped, 1);

  s->remote_id = g_strdup (remote_id);
  s->reason = reason;
  g_ptr_array_add (skipped, s);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, name)) || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

/* Whole numbers come as numbers or as text ("customer_id": "0"). */
static gboolean
node_int64 (JsonNode *node,
            gint64   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 9e15)
        return FALSE;
      *out = (gint64)d;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
    }

  return FALSE;
}

/* Text as sent; numbers written out, doubles as the shortest text that
 * reads back the same (never through arithmetic). */
static char *
node_text (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      double d = json_node_get_double (node);

      if (!isfinite (d))
        return NULL;
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, d));
    }

  return NULL;
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  g_autofree char *text = node_text (member (object, name));

  return reg_text_strip (text);
}

/* An amount as text or a number; absent or empty is zero. */
static gboolean
member_money (JsonObject  *object,
              const char  *name,
              const char  *currency,
              gint64      *out,
              char       **bad)
{
  g_autofree char *text = member_text (object, name);

  *out = 0;
  if (text == NULL)
    return TRUE;
  if (reg_money_parse (text, currency, out, NULL))
    return TRUE;

  *bad = g_steal_pointer (&text);
  return FALSE;
}

/* WooCommerce writes times without a zone; the _gmt ones are UTC. */
static gboolean
parse_gmt (const char *text,
           gint64     *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || !(dt = g_date_time_new_from_iso8601 (text, utc)))
    return FALSE;

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* The _gmt field, else the shop's local one read as UTC too: off by the
 * shop's time zone at worst, which only ever shifts a date a little. */
static gboolean
member_time (JsonObject *object,
             const char *name,
             gint64     *out,
             gboolean   *present)
{
  g_autofree char *gmt_name = g_strconcat (name, "_gmt", NULL);
  g_autofree char *text = member_text (object, gmt_name);

  *out = 0;
  if (text == NULL)
    text = member_text (object, name);
  *present = text != NULL;
  if (text == NULL)
    return TRUE;

  return parse_gmt (text, out);
}

static RegContact *
contact_from_address (JsonObject *address,
                      const char *email)
{
  RegContact *contact = reg_contact_new ();
  g_autofree char *street = member_text (address, "address_1");
  g_autofree char *street2 = member_text (address, "address_2");
  static const struct { const char *name; RegContactField field; } fields[] = {
    { "first_name", REG_CONTACT_FIELD_GIVEN_NAME },
    { "last_name", REG_CONTACT_FIELD_FAMILY_NAME },
    { "company", REG_CONTACT_FIELD_COMPANY },
    { "postcode", REG_CONTACT_FIELD_POSTCODE },
    { "city", REG_CONTACT_FIELD_CITY },
    { "country", REG_CONTACT_FIELD_COUNTRY },
    { "phone", REG_CONTACT_FIELD_PHONE },
  };

  reg_contact_set_origin (contact, REG_ORIGIN_WOOCOMMERCE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = member_text (address, fields[i].name);

      if (value != NULL)
        reg_contact_set_text (contact, fields[i].field, value);
    }

  if (street != NULL && street2 != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s, %s", street, street2);
      reg_contact_set_street (contact, both);
    }
  else if (street != NULL || street2 != NULL)
    reg_contact_set_street (contact, street ? street : street2);

  if (email != NULL && reg_text_email_looks_valid (email))
    reg_contact_set_email (contact, email);

  return contact;
}

static JsonArray *
parse_array (JsonParser  *parser,
             const char  *body,
             gssize       length,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (body == NULL || !json_parser_load_from_data (parser, body, length, &local_error) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED,
                           _("The shop sent something Regulars cannot read. Nothing from it was written; "
                             "the next sync will try again."));
      return NULL;
    }

  return json_node_get_array (root);
}

static gboolean
status_from_woo (const char     *text,
                 RegOrderStatus *status)
{
  static const struct { const char *woo; RegOrderStatus status; } statuses[] = {
    { "completed", REG_ORDER_STATUS_PAID },
    { "processing", REG_ORDER_STATUS_PAID },
    { "pending", REG_ORDER_STATUS_PENDING },
    { "on-hold", REG_ORDER_STATUS_PENDING },
    { "checkout-draft", REG_ORDER_STATUS_PENDING },
    { "cancelled", REG_ORDER_STATUS_CANCELLED },
    { "failed", REG_ORDER_STATUS_CANCELLED },
    { "trash", REG_ORDER_STATUS_CANCELLED },
    { "refunded", REG_ORDER_STATUS_REFUNDED },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (text, statuses[i].woo) == 0)
      {
        *status = statuses[i].status;
        return TRUE;
      }

  /* Plugins add their own; until paid, an order is not revenue. */
  *status = REG_ORDER_STATUS_PENDING;
  return FALSE;
}

/* Reads one order; returns NULL with @reason set when it cannot be used. */
static RegWooOrder *
order_from_object (JsonObject  *object,
                   const char  *id_text,
                   char       **reason)
{
  g_autoptr(RegWooOrder) woo = g_new0 (RegWooOrder, 1);
  g_autofree char *currency = member_text (object, "currency");
  g_autofree char *number = member_text (object, "number");
  g_autofree char *status_text = member_text (object, "status");
  g_autofree char *bad = NULL;
  g_autofree char *email = NULL;
  JsonObject *billing = NULL;
  JsonNode *node;
  RegOrderStatus status;
  gint64 amount;
  gint64 refunded = 0;
  gint64 when;
  gboolean present;

  if (currency != NULL)
    {
      char *up = g_ascii_strup (currency, -1);
      g_free (currency);
      currency = up;
    }
  if (currency == NULL || !reg_currency_is_known (currency))
    {
      *reason = g_strdup_printf (_("Order %s has an unknown currency “%s”."), id_text, currency ? currency : "");
      return NULL;
    }

  woo->order = reg_order_new ();
  reg_order_set_remote_id (woo->order, id_text);
  reg_order_set_number (woo->order, number ? number : id_text);
  reg_order_set_origin (woo->order, REG_ORIGIN_WOOCOMMERCE);
  reg_order_set_currency (woo->order, currency);

  if (!member_time (object, "date_created", &when, &present) || !present || when <= 0)
    {
      *reason = g_strdup_printf (_("Order %s has no date Regulars can read."), id_text);
      return NULL;
    }
  reg_order_set_ordered_at (woo->order, when);
  if (member_time (object, "date_modified", &when, &present) && present)
    woo->modified_at = when;
  else
    woo->modified_at = reg_order_get_ordered_at (woo->order);
  reg_order_set_modified_at (woo->order, woo->modified_at);

  status_from_woo (status_text, &status);

  if (!member_money (object, "total", currency, &amount, &bad))
    goto bad_amount;
  reg_order_set_total (woo->order, MAX (amount, 0));
  if (!member_money (object, "discount_total", currency, &amount, &bad))
    goto bad_amount;
  reg_order_set_discount (woo->order, ABS (amount));
  if (!member_money (object, "shipping_total", currency, &amount, &bad))
    goto bad_amount;
  reg_order_set_shipping (woo->order, MAX (amount, 0));

  /* Refund totals are negative: "-5.00". */
  if ((node = member (object, "refunds")) && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *refunds = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (refunds); i++)
        {
          JsonNode *refund = json_array_get_element (refunds, i);

          if (!JSON_NODE_HOLDS_OBJECT (refund))
            continue;
          if (!member_money (json_node_get_object (refund), "total", currency, &amount, &bad))
            goto bad_amount;
          if (amount > G_MAXINT64 / 4 || amount < -(G_MAXINT64 / 4) || refunded > G_MAXINT64 / 4)
            goto bad_amount;
          refunded += ABS (amount);
        }
    }
  reg_order_set_refunded (woo->order, refunded);
  if (refunded > 0 && status == REG_ORDER_STATUS_PAID)
    status = refunded >= reg_order_get_total (woo->order) ? REG_ORDER_STATUS_REFUNDED
                                                          : REG_ORDER_STATUS_PARTIALLY_REFUNDED;
  if (refunded > 0)
    reg_order_set_refunded_at (woo->order, woo->modified_at);
  reg_order_set_status (woo->order, status);

  if ((node = member (object, "line_items")) && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *items = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item_node = json_array_get_element (items, i);
          JsonObject *item;
          g_autofree char *name = NULL;
          g_autofree char *sku = NULL;
          gint64 quantity = 1;
          gint64 price = 0;

          if (!JSON_NODE_HOLDS_OBJECT (item_node))
            continue;
          item = json_node_get_object (item_node);
          name = member_text (item, "name");
          sku = member_text (item, "sku");

          if (member (item, "quantity") && (!node_int64 (member (item, "quantity"), &quantity) ||
                                            quantity < 0 || quantity > 1000000000))
            {
              *reason = g_strdup_printf (_("Order %s has an item with a quantity Regulars cannot read."), id_text);
              return NULL;
            }

          if (member (item, "price"))
            {
              if (!member_money (item, "price", currency, &price, &bad))
                goto bad_amount;
            }
          else
            {
              if (!member_money (item, "total", currency, &price, &bad))
                goto bad_amount;
              if (quantity > 0)
                price /= quantity;
            }

          reg_order_add_item (woo->order, name ? name : "", sku, quantity, MAX (price, 0));
        }
    }

  if (!node_int64 (member (object, "customer_id"), &woo->remote_customer_id) || woo->remote_customer_id < 0)
    woo->remote_customer_id = 0;

  if ((node = member (object, "billing")) && JSON_NODE_HOLDS_OBJECT (node))
    billing = json_node_get_object (node);
  email = member_text (billing, "email");
  if (billing != NULL)
    woo->billing = contact_from_address (billing, email);

  return g_steal_pointer (&woo);

bad_amount:
  *reason = g_strdup_printf (_("Order %s has an amount Regulars cannot read (“%s”)."), id_text, bad ? bad : "");
  return NULL;
}

static char *
element_id (JsonNode *element)
{
  gint64 id;

  if (!JSON_NODE_HOLDS_OBJECT (element) ||
      !node_int64 (member (json_node_get_object (element), "id"), &id) || id <= 0)
    return NULL;

  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/**
 * reg_woo_parse_orders:
 * @orders: (out) (element-type RegWooOrder): the orders that can be used
 * @skipped: (out) (element-type RegWooSkipped): the others, with reasons
 *
 * Reads a page of GET /orders. One order that cannot be used is skipped
 * with its reason; only a page that is not a JSON list fails.
 */
gboolean
reg_woo_parse_orders (const char  *body,
                      gssize       length,
                      GPtrArray  **orders,
                      GPtrArray  **skipped,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_woo_order_free);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_woo_skipped_free);
  JsonArray *array;

  if (!(array = parse_array (parser, body, length, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id = element_id (element);
      char *reason = NULL;
      RegWooOrder *order;

      if (id == NULL)
        {
          add_skipped (left, NULL, g_strdup (_("An order without an id Regulars can read was left out.")));
          continue;
        }

      if ((order = order_from_object (json_node_get_object (element), id, &reason)))
        g_ptr_array_add (found, order);
      else
        add_skipped (left, id, reason);
    }

  *orders = g_steal_pointer (&found);
  *skipped = g_steal_pointer (&left);
  return TRUE;
}

/**
 * reg_woo_parse_customers:
 * @customers: (out) (element-type RegWooCustomer)
 * @skipped: (out) (element-type RegWooSkipped)
 *
 * Reads a page of GET /customers, as reg_woo_parse_orders() does orders.
 */
gboolean
reg_woo_parse_customers (const char  *body,
                         gssize       length,
                         GPtrArray  **customers,
                         GPtrArray  **skipped,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_woo_customer_free);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_woo_skipped_free);
  JsonArray *array;

  if (!(array = parse_array (parser, body, length, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id = element_id (element);
      g_autofree char *email = NULL;
      g_autofree char *given = NULL;
      g_autofree char *family = NULL;
      JsonObject *object;
      JsonObject *billing = NULL;
      JsonNode *node;
      RegWooCustomer *customer;
      gint64 when;
      gboolean present;

      if (id == NULL)
        {
          add_skipped (left, NULL, g_strdup (_("A customer without an id Regulars can read was left out.")));
          continue;
        }

      object = json_node_get_object (element);
      if ((node = member (object, "billing")) && JSON_NODE_HOLDS_OBJECT (node))
        billing = json_node_get_object (node);
      email = member_text (object, "email");
      if (email == NULL)
        email = member_text (billing, "email");

      customer = g_new0 (RegWooCustomer, 1);
      customer->remote_id = g_ascii_strtoll (id, NULL, 10);
      customer->contact = contact_from_address (billing, email);

      /* The account's own name first; the billing name fills in. */
      if ((given = member_text (object, "first_name")))
        reg_contact_set_given_name (customer->contact, given);
      if ((family = member_text (object, "last_name")))
        reg_contact_set_family_name (customer->contact, family);

      if (member_time (object, "date_created", &when, &present) && present && when > 0)
        reg_contact_set_created_at (customer->contact, when);
      if (member_time (object, "date_modified", &when, &present) && present)
        customer->modified_at = when;

      if (reg_contact_is_blank (customer->contact))
        {
          reg_woo_customer_free (customer);
          add_skipped (left, id, g_strdup_printf (_("Customer %s has no name and no e-mail address."), id));
          continue;
        }

      g_ptr_array_add (found, customer);
    }

  *customers = g_steal_pointer (&found);
  *skipped = g_steal_pointer (&left);
  return TRUE;
}

/* WooCommerce's own message, when it is short plain text. */
static char *
plain_message (JsonObject *object)
{
  g_autofree char *message = member_text (object, "message");

  if (message == NULL || strlen (message) > 200 || strpbrk (message, "<>{}") != NULL ||
      !g_utf8_validate (message, -1, NULL))
    return NULL;

  return g_steal_pointer (&message);
}

/**
 * reg_woo_describe_error:
 * @code: (out): what kind of error it is
 *
 * Turns an answer that is not a page into one sentence for a shop owner.
 * The body is never repeated as it is: only WooCommerce's own short
 * message may be quoted.
 *
 * Returns: (transfer full): the sentence
 */
char *
reg_woo_describe_error (guint          http_status,
                        const char    *body,
                        gssize         length,
                        RegSyncError  *code)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *woo_code = NULL;
  g_autofree char *message = NULL;
  JsonObject *object = NULL;
  JsonNode *root;

  if (body != NULL && json_parser_load_from_data (parser, body, length, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
    {
      object = json_node_get_object (root);
      woo_code = member_text (object, "code");
      message = plain_message (object);
    }

  if (message != NULL && (strstr (message, "Consumer key is missing") || strstr (message, "consumer key is missing")))
    {
      *code = REG_SYNC_ERROR_AUTH;
      return g_strdup (_("The shop did not receive the key: its web server drops the login Regulars sends. "
                         "Ask the shop’s host to pass on the “Authorization” header."));
    }

  if (g_strcmp0 (woo_code, "woocommerce_rest_cannot_view") == 0 || http_status == 403)
    {
      *code = REG_SYNC_ERROR_FORBIDDEN;
      return g_strdup (_("The key may not read orders and customers. In WooCommerce → Settings → Advanced → "
                         "REST API, create a key with “Read” permission and enter it here."));
    }

  if (g_strcmp0 (woo_code, "woocommerce_rest_authentication_error") == 0 || http_status == 401)
    {
      *code = REG_SYNC_ERROR_AUTH;
      return g_strdup (_("The shop does not accept this key and secret. Check that both were copied in full "
                         "from WooCommerce → Settings → Advanced → REST API."));
    }

  if (http_status == 404 || g_strcmp0 (woo_code, "rest_no_route") == 0)
    {
      *code = REG_SYNC_ERROR_NOT_A_SHOP;
      return g_strdup (_("No WooCommerce shop answers at this address, or its REST API is switched off. "
                         "Check the address."));
    }

  if (http_status == 429)
    {
      *code = REG_SYNC_ERROR_RATE_LIMITED;
      return g_strdup (_("The shop asked Regulars to slow down, and kept asking. Try again in a while."));
    }

  if (http_status >= 500)
    {
      *code = REG_SYNC_ERROR_SERVER;
      return g_strdup_printf (_("The shop’s server has a problem (error %u) and could not answer. "
                                "Try again later."), http_status);
    }

  *code = REG_SYNC_ERROR_FAILED;
  if (message != NULL)
    /* Translators: %u is an HTTP status, %s WooCommerce's own message */
    return g_strdup_printf (_("The shop refused the request (error %u): “%s”"), http_status, message);

  return g_strdup_printf (_("The shop refused the request (error %u)."), http_status);
}
