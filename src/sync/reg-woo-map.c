/* reg-woo-map.c: WooCommerce REST API v3 answers as Regulars records
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

#include "reg-json-read.h"
#include "reg-money.h"
#include "reg-text.h"
#include "reg-woo-map.h"

/* WooCommerce's own error message is quoted up to this many characters. */
#define MAX_MESSAGE_CHARS 200

/* Amounts and counts beyond 2^53 cannot be exact in a double, and
 * reg_money_parse() refuses them too. */
#define MAX_EXACT (G_GINT64_CONSTANT (1) << 53)

/* Longer than any ISO 8601 time WooCommerce writes; longer texts are no
 * date, and never reach the date parser. */
#define MAX_DATE_LENGTH 64

/* Digits an amount may have before its decimal point once its exponent is
 * applied ("1e20"): far more than 2^53 minor units need. */
#define MAX_INTEGER_DIGITS 40

typedef enum
{
  VALUE_ABSENT,  /* not there, null, or empty text */
  VALUE_OK,
  VALUE_BAD,     /* there, but not what it should be */
} ValueState;

static void
add_skipped (GPtrArray  *skipped,
             const char *remote_id,
             char       *reason)
{
  RegWooSkipped *item = g_new0 (RegWooSkipped, 1);

  item->remote_id = g_strdup (remote_id);
  item->reason = reason;
  g_ptr_array_add (skipped, item);
}

/* The shortest text that reads back as the same double. g_ascii_dtostr()
 * always writes 17 digits ("0.90000000000000002"); this is what PHP's
 * json_encode() wrote ("0.9"), so amounts are read from their digits and
 * never through arithmetic. */
static char *
double_text (double value)
{
  static const char *formats[] = {
    "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g", "%.9g",
    "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g", "%.17g",
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return NULL;

  /* 17 significant digits always read back the same. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  return g_strdup (buffer);
}

/* A scalar as text: strings as they are, numbers written out; %NULL for
 * objects, arrays and booleans. */
static char *
dup_scalar_text (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      /* The parser checks the body, but an escaped lone surrogate
       * ("\ud800") can still come out as bytes that are no UTF-8. */
      if (!g_utf8_validate (text, -1, NULL))
        return g_utf8_make_valid (text, -1);

      return g_strdup (text);
    }
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return double_text (json_node_get_double (node));

  return NULL;
}

/* A member as trimmed text; %NULL when it is absent, null, empty or not
 * a scalar. */
static char *
dup_text (JsonObject *object,
          const char *name)
{
  g_autofree char *text = dup_scalar_text (reg_json_get_member (object, name));

  return reg_text_strip (text);
}

/* Whole numbers come as numbers or as text: "id": "123", "quantity": "2". */
static ValueState
read_int (JsonNode *node,
          gint64   *out)
{
  GType type;

  if (node == NULL)
    return VALUE_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return VALUE_BAD;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return VALUE_OK;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* "2.0" is two; "2.5" is no count. */
      if (!isfinite (value) || value != floor (value) || fabs (value) > (double)MAX_EXACT)
        return VALUE_BAD;
      *out = (gint64)value;
      return VALUE_OK;
    }
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      if (text[0] == '\0')
        return VALUE_ABSENT;

      return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL)
             ? VALUE_OK : VALUE_BAD;
    }

  return VALUE_BAD;
}

/* Adds one to a run of decimal digits; FALSE when it carries out of the
 * first one ("999"). */
static gboolean
increment_digits (char  *digits,
                  gsize  length)
{
  for (gsize i = length; i > 0; i--)
    {
      if (digits[i - 1] != '9')
        {
          digits[i - 1]++;
          return TRUE;
        }
      digits[i - 1] = '0';
    }

  return FALSE;
}

/* Reads an amount as machines write it: "12.5", "-0.90", "3", and from
 * JSON numbers also "1e-05" or "1.5e+20"; and writes it again with
 * exactly @places decimals ("12.50"). reg_money_parse() reads numbers
 * the way people and spreadsheets write them, where "1.234" alone is a
 * thousand and more; with exactly the currency's decimals no amount can
 * be taken for another.
 *
 * More decimals than @places must be zeros, unless @round: then they are
 * rounded half away from zero (a unit price WooCommerce worked out by
 * dividing, 10.00 / 3 = 3.3333333333333335).
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when it is no
 *   such amount or has more decimals than it may */
static char *
normalize_amount (const char *text,
                  int         places,
                  gboolean    round)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) out = NULL;
  const char *p = text;
  gboolean negative = FALSE;
  gint64 point;
  gint64 exponent = 0;
  gsize n_int;
  gboolean nonzero = FALSE;
  char *whole;

  g_assert (places >= 0);

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  while (g_ascii_isdigit (*p))
    g_string_append_c (digits, *p++);
  n_int = digits->len;

  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p++);
    }

  /* "." and "-" alone are no number; ".5" and "5." are. */
  if (digits->len == 0)
    return NULL;

  if (*p == 'e' || *p == 'E')
    {
      gboolean exponent_negative = FALSE;

      p++;
      if (*p == '-' || *p == '+')
        exponent_negative = *p++ == '-';
      if (!g_ascii_isdigit (*p))
        return NULL;
      for (; g_ascii_isdigit (*p); p++)
        {
          /* Beyond this the amount is out of range or rounds to nothing
           * either way; stop counting before the count overflows. */
          if (exponent < 100000)
            exponent = exponent * 10 + (*p - '0');
        }
      if (exponent_negative)
        exponent = -exponent;
    }

  if (*p != '\0')
    return NULL;

  for (gsize i = 0; i < digits->len && !nonzero; i++)
    nonzero = digits->str[i] != '0';
  if (!nonzero)
    {
      negative = FALSE;
      g_string_assign (digits, "0");
      n_int = 1;
      exponent = 0;
    }

  /* Where the decimal point falls among the digits; then make the digits
   * reach from before the point to @places after it. */
  point = (gint64)n_int + exponent;
  if (point > MAX_INTEGER_DIGITS + (gint64)digits->len)
    return NULL;
  if (point < 1)
    {
      gint64 pad = 1 - point;

      /* Tiny amounts: only whether they round up matters. */
      if (pad > places + 2)
        {
          if (!round)
            return NULL;
          g_string_assign (digits, "0");
          point = 1;
        }
      else
        {
          for (gint64 i = 0; i < pad; i++)
            g_string_prepend_c (digits, '0');
          point = 1;
        }
    }
  while ((gint64)digits->len < point + places)
    g_string_append_c (digits, '0');

  if ((gint64)digits->len > point + places)
    {
      const char *rest = digits->str + point + places;

      if (!round)
        {
          for (const char *r = rest; *r != '\0'; r++)
            if (*r != '0')
              return NULL;
        }
      else if (rest[0] >= '5' && !increment_digits (digits->str, point + places))
        {
          g_string_prepend_c (digits, '1');
          point++;
        }
      g_string_truncate (digits, point + places);
    }

  /* Leading zeros go, but one digit stays before the point. */
  whole = digits->str;
  while (point > 1 && *whole == '0')
    {
      whole++;
      point--;
    }
  if (point > MAX_INTEGER_DIGITS)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_len (out, whole, point);
  if (places > 0)
    {
      g_string_append_c (out, '.');
      g_string_append_len (out, whole + point, places);
    }

  nonzero = FALSE;
  for (gsize i = 0; i < out->len && !nonzero; i++)
    nonzero = g_ascii_isdigit (out->str[i]) && out->str[i] != '0';
  if (negative && nonzero)
    g_string_prepend_c (out, '-');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* An amount, as text or as a JSON number, in minor units of @currency.
 * On VALUE_BAD, @bad is what the shop sent (nullable). */
static ValueState
read_money (JsonObject  *object,
            const char  *name,
            const char  *currency,
            gboolean     round,
            gint64      *out,
            char       **bad)
{
  JsonNode *node = reg_json_get_member (object, name);
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;

  if (node == NULL)
    return VALUE_ABSENT;

  if ((text = dup_scalar_text (node)) == NULL)
    {
      *bad = NULL;
      return VALUE_BAD;
    }

  g_strstrip (text);
  if (text[0] == '\0')
    return VALUE_ABSENT;

  if ((plain = normalize_amount (text, reg_currency_exponent (currency), round)) == NULL ||
      !reg_money_parse (plain, currency, out, NULL))
    {
      *bad = g_steal_pointer (&text);
      return VALUE_BAD;
    }

  return VALUE_OK;
}

/* A time as Unix seconds. WooCommerce writes "2017-03-22T19:28:02", with
 * no zone: the _gmt field is UTC. Without it (older shops, some plugins)
 * the shop's local time is read as UTC too: off by the shop's time zone at
 * worst, which moves a purchase by hours, never by more.
 * On VALUE_BAD, @bad is what the shop sent. */
static ValueState
read_time (JsonObject  *object,
           const char  *name,
           gint64      *out,
           char       **bad)
{
  g_autofree char *gmt_name = g_strconcat (name, "_gmt", NULL);
  g_autofree char *text = dup_text (object, gmt_name);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    text = dup_text (object, name);
  if (text == NULL)
    return VALUE_ABSENT;

  utc = g_time_zone_new_utc ();
  if (strlen (text) > MAX_DATE_LENGTH ||
      (dt = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    {
      *bad = g_steal_pointer (&text);
      return VALUE_BAD;
    }

  *out = g_date_time_to_unix (dt);

  return VALUE_OK;
}

/* The shop's address fields: "billing" of an order or a customer. */
static void
fill_contact (RegContact *contact,
              JsonObject *address)
{
  static const struct
  {
    const char      *name;
    RegContactField  field;
  } fields[] = {
    { "first_name", REG_CONTACT_FIELD_GIVEN_NAME },
    { "last_name", REG_CONTACT_FIELD_FAMILY_NAME },
    { "company", REG_CONTACT_FIELD_COMPANY },
    { "postcode", REG_CONTACT_FIELD_POSTCODE },
    { "city", REG_CONTACT_FIELD_CITY },
    { "country", REG_CONTACT_FIELD_COUNTRY },
    { "phone", REG_CONTACT_FIELD_PHONE },
  };
  g_autofree char *street = dup_text (address, "address_1");
  g_autofree char *street2 = dup_text (address, "address_2");
  g_autofree char *email = dup_text (address, "email");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = dup_text (address, fields[i].name);

      if (value != NULL)
        reg_contact_set_text (contact, fields[i].field, value);
    }

  if (street != NULL && street2 != NULL)
    {
      g_autofree char *both = g_strconcat (street, ", ", street2, NULL);

      reg_contact_set_street (contact, both);
    }
  else if (street != NULL || street2 != NULL)
    reg_contact_set_street (contact, street ? street : street2);

  /* Contacts are matched by e-mail: "n/a" would join strangers. */
  if (email != NULL && reg_text_email_looks_valid (email))
    reg_contact_set_email (contact, email);
}

static RegOrderStatus
status_from_woo (const char *text)
{
  static const struct
  {
    const char     *woo;
    RegOrderStatus  status;
  } statuses[] = {
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
      return statuses[i].status;

  /* Plugins add their own ("awaiting-shipment", "wc-invoiced"). Such an
   * order is still an order; until it is known to be paid it is no revenue. */
  return REG_ORDER_STATUS_PENDING;
}

static char *
bad_amount_reason (const char *label,
                   const char *bad)
{
  g_autofree char *quoted = NULL;

  if (bad == NULL)
    /* Translators: %s is an order number */
    return g_strdup_printf (_("Order %s has an amount Regulars cannot read."), label);

  quoted = reg_json_quote_text (bad);

  /* Translators: the first %s is an order number, the second an amount as the shop sent it */
  return g_strdup_printf (_("Order %s has an amount Regulars cannot read: “%s”."), label, quoted);
}

static char *
bad_date_reason (const char *label,
                 const char *bad)
{
  g_autofree char *quoted = reg_json_quote_text (bad);

  /* Translators: the first %s is an order number, the second a date as the shop sent it */
  return g_strdup_printf (_("Order %s has a date Regulars cannot read: “%s”."), label, quoted);
}

/* One line item: TRUE and added to @order, or FALSE with @reason set. */
static gboolean
add_line_item (RegOrder    *order,
               JsonNode    *node,
               const char  *label,
               const char  *currency,
               char       **reason)
{
  JsonObject *item;
  g_autofree char *name = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *bad = NULL;
  gint64 quantity = 1;
  gint64 price = 0;
  gint64 total = 0;
  ValueState state;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: %s is an order number */
      *reason = g_strdup_printf (_("Order %s has a line Regulars cannot read."), label);
      return FALSE;
    }

  item = json_node_get_object (node);
  name = dup_text (item, "name");
  sku = dup_text (item, "sku");

  /* WooCommerce always sends a quantity; without one, a line is one piece. */
  state = read_int (reg_json_get_member (item, "quantity"), &quantity);
  if (state == VALUE_BAD || (state == VALUE_OK && quantity > MAX_EXACT))
    {
      g_autofree char *text = dup_scalar_text (reg_json_get_member (item, "quantity"));
      g_autofree char *quoted = reg_json_quote_text (text);

      /* Translators: the first %s is an order number, the second a quantity as the shop sent it */
      *reason = g_strdup_printf (_("Order %s has a line with a quantity Regulars cannot read: “%s”."),
                                 label, quoted);
      return FALSE;
    }
  if (quantity < 0)
    {
      /* Translators: %s is an order number */
      *reason = g_strdup_printf (_("Order %s has a line with a negative quantity."), label);
      return FALSE;
    }

  /* "price" is the line's total divided by its quantity, a JSON number
   * with all the digits PHP had (10.00 / 3 = 3.3333333333333335): it is
   * rounded to the currency, as the shop rounds what it shows. */
  state = read_money (item, "price", currency, TRUE, &price, &bad);
  if (state == VALUE_ABSENT)
    {
      state = read_money (item, "total", currency, FALSE, &total, &bad);
      if (state == VALUE_OK && quantity > 0)
        {
          /* Rounded half away from zero, like the shop's own price. */
          gint64 half = quantity / 2;

          price = total >= 0 ? (total + half) / quantity : -((-total + half) / quantity);
        }
      else if (state == VALUE_OK)
        price = total;
    }
  if (state == VALUE_BAD)
    {
      *reason = bad_amount_reason (label, bad);
      return FALSE;
    }

  reg_order_add_item (order, name ? name : "", sku, quantity, price);

  return TRUE;
}

/* Reads one order; %NULL with @reason set when it cannot be used. */
static RegWooOrder *
order_from_object (JsonObject  *object,
                   const char  *id_text,
                   char       **reason)
{
  g_autoptr(RegWooOrder) woo = g_new0 (RegWooOrder, 1);
  g_autofree char *number = dup_text (object, "number");
  g_autofree char *label = reg_json_quote_text (number ? number : id_text);
  g_autofree char *currency = dup_text (object, "currency");
  g_autofree char *status_text = dup_text (object, "status");
  g_autofree char *bad = NULL;
  JsonObject *billing;
  JsonNode *node;
  RegOrderStatus status;
  gint64 ordered_at = 0;
  gint64 total = 0;
  gint64 discount = 0;
  gint64 shipping = 0;
  gint64 refunded = 0;
  ValueState state;

  if (currency == NULL)
    {
      /* Translators: %s is an order number */
      *reason = g_strdup_printf (_("Order %s has no currency."), label);
      return NULL;
    }
  if (!reg_currency_is_known (currency))
    {
      g_autofree char *quoted = reg_json_quote_text (currency);

      /* Translators: the first %s is an order number, the second a currency code */
      *reason = g_strdup_printf (_("Order %s has an unknown currency “%s”."), label, quoted);
      return NULL;
    }

  state = read_time (object, "date_created", &ordered_at, &bad);
  if (state == VALUE_ABSENT)
    {
      /* Translators: %s is an order number */
      *reason = g_strdup_printf (_("Order %s has no date."), label);
      return NULL;
    }
  if (state == VALUE_BAD)
    {
      *reason = bad_date_reason (label, bad);
      return NULL;
    }

  if (read_time (object, "date_modified", &woo->modified_at, &bad) == VALUE_BAD)
    {
      *reason = bad_date_reason (label, bad);
      return NULL;
    }

  state = read_money (object, "total", currency, FALSE, &total, &bad);
  if (state == VALUE_ABSENT)
    {
      /* Translators: %s is an order number */
      *reason = g_strdup_printf (_("Order %s has no total."), label);
      return NULL;
    }
  if (state == VALUE_BAD ||
      read_money (object, "discount_total", currency, FALSE, &discount, &bad) == VALUE_BAD ||
      read_money (object, "shipping_total", currency, FALSE, &shipping, &bad) == VALUE_BAD)
    {
      *reason = bad_amount_reason (label, bad);
      return NULL;
    }
  if (total < 0 || discount < 0 || shipping < 0)
    {
      /* Translators: %s is an order number */
      *reason = g_strdup_printf (_("Order %s has a negative total."), label);
      return NULL;
    }

  /* Each refund's total is negative ("-5.00"); what was paid back is the
   * sum of what they give back, whichever sign a plugin writes. */
  if ((node = reg_json_get_member (object, "refunds")) != NULL)
    {
      JsonArray *refunds = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      guint n_refunds = refunds != NULL ? json_array_get_length (refunds) : 0;

      if (refunds == NULL)
        {
          /* Translators: %s is an order number */
          *reason = g_strdup_printf (_("Order %s has refunds Regulars cannot read."), label);
          return NULL;
        }

      for (guint i = 0; i < n_refunds; i++)
        {
          JsonNode *refund = json_array_get_element (refunds, i);
          gint64 amount = 0;

          if (!JSON_NODE_HOLDS_OBJECT (refund))
            {
              /* Translators: %s is an order number */
              *reason = g_strdup_printf (_("Order %s has refunds Regulars cannot read."), label);
              return NULL;
            }
          if (read_money (json_node_get_object (refund), "total", currency, FALSE, &amount, &bad) == VALUE_BAD)
            {
              *reason = bad_amount_reason (label, bad);
              return NULL;
            }

          /* Each amount is within 2^53, so the sum cannot wrap before this. */
          refunded += ABS (amount);
          if (refunded > MAX_EXACT)
            {
              *reason = bad_amount_reason (label, NULL);
              return NULL;
            }
        }
    }

  status = status_from_woo (status_text);
  if (refunded > 0 && status == REG_ORDER_STATUS_PAID)
    status = refunded >= total ? REG_ORDER_STATUS_REFUNDED : REG_ORDER_STATUS_PARTIALLY_REFUNDED;

  woo->order = reg_order_new ();
  reg_order_set_origin (woo->order, REG_ORIGIN_WOOCOMMERCE);
  reg_order_set_remote_id (woo->order, id_text);
  reg_order_set_number (woo->order, number ? number : id_text);
  reg_order_set_currency (woo->order, currency);
  reg_order_set_ordered_at (woo->order, ordered_at);
  reg_order_set_modified_at (woo->order, woo->modified_at);
  reg_order_set_status (woo->order, status);
  reg_order_set_total (woo->order, total);
  reg_order_set_discount (woo->order, discount);
  reg_order_set_shipping (woo->order, shipping);
  /* A list of orders says how much was refunded, not when: refunded_at
   * stays unknown rather than made up. */
  reg_order_set_refunded (woo->order, refunded);

  if ((node = reg_json_get_member (object, "line_items")) != NULL)
    {
      JsonArray *items = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      guint n_items = items != NULL ? json_array_get_length (items) : 0;

      if (items == NULL)
        {
          /* Translators: %s is an order number */
          *reason = g_strdup_printf (_("Order %s has a line Regulars cannot read."), label);
          return NULL;
        }

      for (guint i = 0; i < n_items; i++)
        if (!add_line_item (woo->order, json_array_get_element (items, i), label, currency, reason))
          return NULL;
    }

  /* 0 is a guest. A customer id that cannot be read costs the order no
   * more than that: it is then linked by its billing e-mail, as a guest's. */
  if (read_int (reg_json_get_member (object, "customer_id"), &woo->remote_customer_id) != VALUE_OK ||
      woo->remote_customer_id < 0)
    woo->remote_customer_id = 0;

  if ((billing = reg_json_get_object_member (object, "billing")) != NULL)
    {
      woo->billing = reg_contact_new ();
      reg_contact_set_origin (woo->billing, REG_ORIGIN_WOOCOMMERCE);
      fill_contact (woo->billing, billing);
      if (reg_contact_is_blank (woo->billing))
        g_clear_object (&woo->billing);
    }

  return g_steal_pointer (&woo);
}

/* Reads one customer; %NULL with @reason set when it cannot be used. */
static RegWooCustomer *
customer_from_object (JsonObject  *object,
                      gint64       id,
                      const char  *id_text,
                      char       **reason)
{
  g_autoptr(RegWooCustomer) woo = g_new0 (RegWooCustomer, 1);
  g_autofree char *given = dup_text (object, "first_name");
  g_autofree char *family = dup_text (object, "last_name");
  g_autofree char *email = dup_text (object, "email");
  g_autofree char *bad = NULL;
  JsonObject *billing = reg_json_get_object_member (object, "billing");
  gint64 created_at = 0;

  woo->remote_id = id;
  woo->contact = reg_contact_new ();
  reg_contact_set_origin (woo->contact, REG_ORIGIN_WOOCOMMERCE);

  /* The billing address fills in; the account's own name and e-mail win. */
  if (billing != NULL)
    fill_contact (woo->contact, billing);
  if (given != NULL)
    reg_contact_set_given_name (woo->contact, given);
  if (family != NULL)
    reg_contact_set_family_name (woo->contact, family);
  if (email != NULL && reg_text_email_looks_valid (email))
    reg_contact_set_email (woo->contact, email);

  if (read_time (object, "date_created", &created_at, &bad) == VALUE_BAD ||
      read_time (object, "date_modified", &woo->modified_at, &bad) == VALUE_BAD)
    {
      g_autofree char *quoted = reg_json_quote_text (bad);

      /* Translators: the first %s is a customer number, the second a date as the shop sent it */
      *reason = g_strdup_printf (_("Customer %s has a date Regulars cannot read: “%s”."), id_text, quoted);
      return NULL;
    }
  reg_contact_set_created_at (woo->contact, created_at);

  if (reg_contact_is_blank (woo->contact))
    {
      /* Translators: %s is a customer number */
      *reason = g_strdup_printf (_("Customer %s has no name and no e-mail address."), id_text);
      return NULL;
    }

  return g_steal_pointer (&woo);
}

static JsonArray *
parse_page (JsonParser  *parser,
            const char  *body,
            gssize       length,
            GError     **error)
{
  JsonNode *root = reg_json_parse_body (parser, body, length);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED,
                           _("The shop sent something Regulars cannot read."));
      return NULL;
    }

  return json_node_get_array (root);
}

/* The id of a list element: VALUE_OK with it, in @id and as @text. */
static ValueState
element_id (JsonObject  *object,
            gint64      *id,
            char       **text)
{
  JsonNode *node = reg_json_get_member (object, "id");
  ValueState state = read_int (node, id);

  if (state == VALUE_OK && *id <= 0)
    state = VALUE_BAD;

  if (state == VALUE_OK)
    *text = g_strdup_printf ("%" G_GINT64_FORMAT, *id);
  else if (state == VALUE_BAD)
    {
      g_autofree char *sent = dup_scalar_text (node);

      *text = reg_json_quote_text (sent);
    }

  return state;
}

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

/**
 * reg_woo_parse_orders:
 * @body: (array length=length): the body of an answer to GET orders
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @orders: (out) (transfer container) (element-type RegWooOrder): the orders
 * @skipped: (out) (transfer container) (element-type RegWooSkipped): the
 *   orders that cannot be used, each with the reason
 * @error: return location for a #GError
 *
 * Reads a page of orders. An order that cannot be used (an unknown
 * currency, an amount or a date that cannot be read, …) is skipped with a
 * reason for the shop owner and never stops the rest of the page.
 *
 * Returns: %FALSE with %REG_SYNC_ERROR_MALFORMED when the body is not a
 *   JSON list at all; @orders and @skipped are then left alone
 */
gboolean
reg_woo_parse_orders (const char  *body,
                      gssize       length,
                      GPtrArray  **orders,
                      GPtrArray  **skipped,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) left = NULL;
  JsonArray *array;
  guint n_elements;

  g_return_val_if_fail (orders != NULL, FALSE);
  g_return_val_if_fail (skipped != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parser = json_parser_new_immutable ();
  if ((array = parse_page (parser, body, length, error)) == NULL)
    return FALSE;

  n_elements = json_array_get_length (array);
  found = g_ptr_array_new_full (n_elements, (GDestroyNotify)reg_woo_order_free);
  left = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_woo_skipped_free);

  for (guint i = 0; i < n_elements; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id_text = NULL;
      char *reason = NULL;
      RegWooOrder *order;
      gint64 id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          add_skipped (left, NULL, g_strdup (_("An entry in the shop’s list of orders is not an order.")));
          continue;
        }

      switch (element_id (json_node_get_object (element), &id, &id_text))
        {
        case VALUE_ABSENT:
          add_skipped (left, NULL, g_strdup (_("An order from the shop has no ID.")));
          continue;

        case VALUE_BAD:
          /* Translators: %s is an order ID as the shop sent it */
          add_skipped (left, NULL, g_strdup_printf (_("An order from the shop has an ID Regulars cannot read: “%s”."),
                                                    id_text));
          continue;

        case VALUE_OK:
        default:
          break;
        }

      if ((order = order_from_object (json_node_get_object (element), id_text, &reason)) != NULL)
        g_ptr_array_add (found, order);
      else
        add_skipped (left, id_text, reason);
    }

  *orders = g_steal_pointer (&found);
  *skipped = g_steal_pointer (&left);

  return TRUE;
}

/**
 * reg_woo_parse_customers:
 * @body: (array length=length): the body of an answer to GET customers
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @customers: (out) (transfer container) (element-type RegWooCustomer): the customers
 * @skipped: (out) (transfer container) (element-type RegWooSkipped): the
 *   customers that cannot be used, each with the reason
 * @error: return location for a #GError
 *
 * Reads a page of customers, as reg_woo_parse_orders() reads orders.
 *
 * Returns: %FALSE with %REG_SYNC_ERROR_MALFORMED when the body is not a
 *   JSON list at all
 */
gboolean
reg_woo_parse_customers (const char  *body,
                         gssize       length,
                         GPtrArray  **customers,
                         GPtrArray  **skipped,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) left = NULL;
  JsonArray *array;
  guint n_elements;

  g_return_val_if_fail (customers != NULL, FALSE);
  g_return_val_if_fail (skipped != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parser = json_parser_new_immutable ();
  if ((array = parse_page (parser, body, length, error)) == NULL)
    return FALSE;

  n_elements = json_array_get_length (array);
  found = g_ptr_array_new_full (n_elements, (GDestroyNotify)reg_woo_customer_free);
  left = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_woo_skipped_free);

  for (guint i = 0; i < n_elements; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *id_text = NULL;
      char *reason = NULL;
      RegWooCustomer *customer;
      gint64 id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          add_skipped (left, NULL, g_strdup (_("An entry in the shop’s list of customers is not a customer.")));
          continue;
        }

      switch (element_id (json_node_get_object (element), &id, &id_text))
        {
        case VALUE_ABSENT:
          add_skipped (left, NULL, g_strdup (_("A customer from the shop has no ID.")));
          continue;

        case VALUE_BAD:
          /* Translators: %s is a customer ID as the shop sent it */
          add_skipped (left, NULL, g_strdup_printf (_("A customer from the shop has an ID Regulars cannot read: “%s”."),
                                                    id_text));
          continue;

        case VALUE_OK:
        default:
          break;
        }

      if ((customer = customer_from_object (json_node_get_object (element), id, id_text, &reason)) != NULL)
        g_ptr_array_add (found, customer);
      else
        add_skipped (left, id_text, reason);
    }

  *customers = g_steal_pointer (&found);
  *skipped = g_steal_pointer (&left);

  return TRUE;
}

/* WooCommerce's own message, when it can be quoted: short plain text.
 * Never markup, and nothing that could carry a key: no addresses (a query
 * may hold consumer_key=…) and no long runs without a space. */
static char *
quotable_message (const char *message)
{
  guint run = 0;

  if (message == NULL || g_utf8_strlen (message, -1) > MAX_MESSAGE_CHARS ||
      strpbrk (message, "<>{}&\\") != NULL || strstr (message, "://") != NULL ||
      strstr (message, "ck_") != NULL || strstr (message, "cs_") != NULL ||
      strstr (message, "consumer_") != NULL)
    return NULL;

  for (const char *p = message; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        return NULL;
      run = *p == ' ' ? 0 : run + 1;
      if (run > 30)
        return NULL;
    }

  return g_strdup (message);
}

/* @sentence alone, or with what the shop said after it. */
static char *
with_message (const char *sentence,
              const char *message)
{
  if (message == NULL)
    return g_strdup (sentence);

  /* Translators: the first %s is a sentence, the second the shop's own message, in its language */
  return g_strdup_printf (_("%s The shop said: “%s”"), sentence, message);
}

/**
 * reg_woo_describe_error:
 * @http_status: the answer's HTTP status
 * @body: (nullable) (array length=length): its body
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @code: (out) (optional): what kind of error it is, for the caller to act on
 *
 * Turns an answer that is no page of records into words for a shop owner:
 * a WooCommerce error (`{"code", "message", "data": {"status"}}`), or any
 * other page a server may send instead (a web server's HTML, a firewall's).
 * The body is never repeated; WooCommerce's own message is quoted only when
 * it is short plain text.
 *
 * Returns: (transfer full): the description, one or two sentences
 */
char *
reg_woo_describe_error (guint          http_status,
                        const char    *body,
                        gssize         length,
                        RegSyncError  *code)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *woo_code = NULL;
  g_autofree char *raw_message = NULL;
  g_autofree char *message = NULL;
  JsonNode *root = reg_json_parse_body (parser, body, length);
  JsonObject *object = NULL;
  RegSyncError unused;
  guint status = http_status;

  if (code == NULL)
    code = &unused;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *errors;
      JsonObject *data;
      gint64 data_status = 0;

      object = json_node_get_object (root);

      /* The legacy API (wc-api/v3) wrote {"errors": [{"code", "message"}]}. */
      if (reg_json_get_member (object, "code") == NULL && (errors = reg_json_get_member (object, "errors")) != NULL &&
          JSON_NODE_HOLDS_ARRAY (errors) && json_array_get_length (json_node_get_array (errors)) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (errors), 0)))
        object = json_node_get_object (json_array_get_element (json_node_get_array (errors), 0));

      woo_code = dup_text (object, "code");
      raw_message = dup_text (object, "message");
      message = quotable_message (raw_message);

      /* Some servers answer 200 with an error inside. */
      data = reg_json_get_object_member (object, "data");
      if (status < 400 && read_int (reg_json_get_member (data, "status"), &data_status) == VALUE_OK &&
          data_status >= 400 && data_status <= 599)
        status = (guint)data_status;
    }

  /* WooCommerce's documentation: "Consumer key is missing" over HTTPS
   * means the server dropped the Authorization header on the way. */
  if (reg_json_contains_folded (raw_message, "consumer key is missing") ||
      reg_json_contains_folded (raw_message, "consumer_key is missing"))
    {
      *code = REG_SYNC_ERROR_AUTH_DROPPED;
      return g_strdup (_("The shop’s web server removed the login Regulars sent, so WooCommerce never saw "
                         "the key. Ask the shop’s host to pass on the “Authorization” header."));
    }

  if (g_strcmp0 (woo_code, "woocommerce_rest_authentication_error") == 0)
    {
      /* A key made with "Write" permission only. */
      if (reg_json_contains_folded (raw_message, "read permission"))
        {
          *code = REG_SYNC_ERROR_FORBIDDEN;
          return g_strdup (_("This key may not read the shop’s orders and customers. In WooCommerce → "
                             "Settings → Advanced → REST API, create a key with “Read” permission."));
        }

      *code = REG_SYNC_ERROR_AUTH;
      return g_strdup (_("The shop does not accept this key and secret. Check that both were copied in full "
                         "from WooCommerce → Settings → Advanced → REST API."));
    }

  /* 403: the key works, but its user may not see orders. 401: WooCommerce
   * saw no key it knows: a key that was deleted, or a login the server
   * dropped on the way (then WooCommerce does not get to say so). */
  if (g_strcmp0 (woo_code, "woocommerce_rest_cannot_view") == 0)
    {
      if (status == 403)
        {
          *code = REG_SYNC_ERROR_FORBIDDEN;
          return g_strdup (_("This key may not read the shop’s orders and customers. In WooCommerce → "
                             "Settings → Advanced → REST API, create a key with “Read” permission for an "
                             "administrator or shop manager."));
        }

      *code = REG_SYNC_ERROR_AUTH;
      return g_strdup (_("The shop did not recognise the key. Check the key and secret, and that the key has "
                         "“Read” permission in WooCommerce → Settings → Advanced → REST API."));
    }

  if (g_strcmp0 (woo_code, "rest_no_route") == 0 || (status == 404 && woo_code == NULL))
    {
      *code = REG_SYNC_ERROR_NOT_A_SHOP;
      return g_strdup (_("No WooCommerce shop answers at this address, or its REST API is switched off. "
                         "Check the address, and that WooCommerce is active."));
    }

  if (status == 401)
    {
      *code = REG_SYNC_ERROR_AUTH;
      return with_message (_("The shop does not accept this key and secret."), message);
    }

  if (status == 403)
    {
      *code = REG_SYNC_ERROR_FORBIDDEN;
      if (woo_code == NULL)
        return g_strdup (_("The shop’s web server turned Regulars away; a firewall or a security plugin may "
                           "be blocking it."));
      return with_message (_("The shop does not let this key read its orders and customers."), message);
    }

  if (status == 404)
    {
      *code = REG_SYNC_ERROR_NOT_FOUND;
      return with_message (_("The shop could not find what Regulars asked for."), message);
    }

  if (status == 429)
    {
      *code = REG_SYNC_ERROR_RATE_LIMITED;
      return g_strdup (_("The shop has had too many requests and asked Regulars to wait. Try again in a few "
                         "minutes."));
    }

  if (status >= 500 && status <= 599)
    {
      *code = REG_SYNC_ERROR_SERVER;
      /* Translators: %u is an HTTP status such as 500 */
      return g_strdup_printf (_("The shop’s server has a problem (error %u). Try again later, or tell whoever "
                                "looks after the shop’s website."), status);
    }

  if (status == 400)
    {
      *code = REG_SYNC_ERROR_BAD_REQUEST;
      return with_message (_("The shop did not accept what Regulars asked for."), message);
    }

  if (status >= 400)
    {
      g_autofree char *sentence = NULL;

      *code = REG_SYNC_ERROR_FAILED;
      /* Translators: %u is an HTTP status such as 405 */
      sentence = g_strdup_printf (_("The shop refused the request (error %u)."), status);
      return with_message (sentence, message);
    }

  /* A success that is no list: a web page where the shop's API should be
   * (plain permalinks, a maintenance page), or something else. */
  if (root == NULL && body != NULL && memchr (body, '<', length < 0 ? strlen (body) : (gsize)length) != NULL)
    {
      *code = REG_SYNC_ERROR_NOT_A_SHOP;
      return g_strdup (_("A web page answered where the shop’s data should be: this may be no WooCommerce "
                         "shop, or its REST API is switched off."));
    }

  *code = REG_SYNC_ERROR_MALFORMED;
  return g_strdup (_("The shop sent something Regulars cannot read."));
}
