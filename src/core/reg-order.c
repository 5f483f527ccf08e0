/* reg-order.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-order"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-order.h"

/* An order is a plain record: the store fills it, the import builds it,
 * the timeline shows it. No properties, as nothing binds to it. */
struct _RegOrder
{
  GObject         parent_instance;

  gint64          id;
  gint64          contact_id;
  char           *number;
  gint64          ordered_at;
  RegOrderStatus  status;
  char           *currency;
  gint64          total;
  gint64          discount;
  gint64          shipping;
  gint64          refunded;
  gint64          refunded_at;
  RegOrigin       origin;
  gint64          source_id;
  char           *remote_id;
  gint64          modified_at;
  GArray         *items;
};

G_DEFINE_FINAL_TYPE (RegOrder, reg_order, G_TYPE_OBJECT)

static void
clear_item (gpointer data)
{
  RegOrderItem *item = data;

  g_free (item->name);
  g_free (item->sku);
}

static void
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

static void
reg_order_finalize (GObject *object)
{
  RegOrder *self = (RegOrder *)object;

  g_free (self->number);
  g_free (self->currency);
  g_free (self->remote_id);
  g_array_unref (self->items);

  G_OBJECT_CLASS (reg_order_parent_class)->finalize (object);
}

static void
reg_order_class_init (RegOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reg_order_finalize;
}

static void
reg_order_init (RegOrder *self)
{
  self->number = g_strdup ("");
  self->currency = g_strdup ("EUR");
  self->status = REG_ORDER_STATUS_PAID;
  self->items = g_array_new (FALSE, TRUE, sizeof (RegOrderItem));
  g_array_set_clear_func (self->items, clear_item);
}

RegOrder *
reg_order_new (void)
{
  return g_object_new (REG_TYPE_ORDER, NULL);
}

#define INT_ACCESSORS(field)                                        \
  gint64                                                            \
  reg_order_get_##field (RegOrder *self)                            \
  {                                                                 \
    g_return_val_if_fail (REG_IS_ORDER (self), 0);                  \
    return self->field;                                             \
  }                                                                 \
  void                                                              \
  reg_order_set_##field (RegOrder *self,                            \
                         gint64    value)                           \
  {                                                                 \
    g_return_if_fail (REG_IS_ORDER (self));                         \
    self->field = value;                                            \
  }

INT_ACCESSORS (id)
INT_ACCESSORS (contact_id)
INT_ACCESSORS (ordered_at)
INT_ACCESSORS (total)
INT_ACCESSORS (discount)
INT_ACCESSORS (shipping)
INT_ACCESSORS (refunded)
INT_ACCESSORS (refunded_at)

#undef INT_ACCESSORS

const char *
reg_order_get_number (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), NULL);

  return self->number;
}

void
reg_order_set_number (RegOrder   *self,
                      const char *number)
{
  g_return_if_fail (REG_IS_ORDER (self));

  replace_str (&self->number, number ? number : "");
}

RegOrderStatus
reg_order_get_status (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), REG_ORDER_STATUS_PENDING);

  return self->status;
}

void
reg_order_set_status (RegOrder       *self,
                      RegOrderStatus  status)
{
  g_return_if_fail (REG_IS_ORDER (self));
  g_return_if_fail (status <= REG_ORDER_STATUS_CANCELLED);

  self->status = status;
}

const char *
reg_order_get_currency (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), NULL);

  return self->currency;
}

/**
 * reg_order_set_currency:
 * @currency: an ISO 4217 code; stored upper case
 */
void
reg_order_set_currency (RegOrder   *self,
                        const char *currency)
{
  g_autofree char *upper = NULL;

  g_return_if_fail (REG_IS_ORDER (self));
  g_return_if_fail (currency != NULL);

  upper = g_ascii_strup (currency, -1);
  replace_str (&self->currency, upper);
}

RegOrigin
reg_order_get_origin (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), REG_ORIGIN_MANUAL);

  return self->origin;
}

void
reg_order_set_origin (RegOrder  *self,
                      RegOrigin  origin)
{
  g_return_if_fail (REG_IS_ORDER (self));

  self->origin = origin;
}

const char *
reg_order_get_remote_id (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), NULL);

  return self->remote_id;
}

void
reg_order_set_remote_id (RegOrder   *self,
                         const char *remote_id)
{
  g_return_if_fail (REG_IS_ORDER (self));

  replace_str (&self->remote_id, remote_id && *remote_id ? remote_id : NULL);
}

/* The shop it came from (a row of sources), 0 for none. */
gint64
reg_order_get_source_id (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), 0);

  return self->source_id;
}

void
reg_order_set_source_id (RegOrder *self,
                         gint64    source_id)
{
  g_return_if_fail (REG_IS_ORDER (self));

  self->source_id = source_id;
}

/* When the shop last changed it, 0 if unknown. */
gint64
reg_order_get_modified_at (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), 0);

  return self->modified_at;
}

void
reg_order_set_modified_at (RegOrder *self,
                           gint64    modified_at)
{
  g_return_if_fail (REG_IS_ORDER (self));

  self->modified_at = modified_at;
}

guint
reg_order_get_n_items (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), 0);

  return self->items->len;
}

const RegOrderItem *
reg_order_get_item (RegOrder *self,
                    guint     index)
{
  g_return_val_if_fail (REG_IS_ORDER (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, RegOrderItem, index);
}

void
reg_order_add_item (RegOrder   *self,
                    const char *name,
                    const char *sku,
                    gint64      quantity,
                    gint64      price)
{
  RegOrderItem item = {
    .name = g_strdup (name ? name : ""),
    .sku = g_strdup (sku ? sku : ""),
    .quantity = quantity,
    .price = price,
  };

  g_return_if_fail (REG_IS_ORDER (self));

  g_array_append_val (self->items, item);
}

void
reg_order_clear_items (RegOrder *self)
{
  g_return_if_fail (REG_IS_ORDER (self));

  g_array_set_size (self->items, 0);
}

/**
 * reg_order_counts_as_revenue:
 *
 * Refunded, cancelled and unpaid orders are not revenue.
 */
gboolean
reg_order_counts_as_revenue (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), FALSE);

  return self->status == REG_ORDER_STATUS_PAID ||
         self->status == REG_ORDER_STATUS_PARTIALLY_REFUNDED;
}

/**
 * reg_order_get_revenue:
 *
 * Returns: what the shop kept: the total less refunds, 0 for orders that
 *   do not count.
 */
gint64
reg_order_get_revenue (RegOrder *self)
{
  g_return_val_if_fail (REG_IS_ORDER (self), 0);

  if (!reg_order_counts_as_revenue (self))
    return 0;

  return MAX (self->total - self->refunded, 0);
}

static const char * const status_names[] = {
  [REG_ORDER_STATUS_PENDING] = "pending",
  [REG_ORDER_STATUS_PAID] = "paid",
  [REG_ORDER_STATUS_PARTIALLY_REFUNDED] = "partially-refunded",
  [REG_ORDER_STATUS_REFUNDED] = "refunded",
  [REG_ORDER_STATUS_CANCELLED] = "cancelled",
};

/**
 * reg_order_status_to_string:
 *
 * Returns: the status as our exports write it ("paid").
 */
const char *
reg_order_status_to_string (RegOrderStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

/**
 * reg_order_status_from_string:
 *
 * Reads a status as shops and their exports write it: ours, WooCommerce's
 * ("processing", "on-hold", "completed"…), Shopify's financial status
 * ("partially_refunded", "voided"…), in any case and with `-`, `_` or
 * spaces.
 */
gboolean
reg_order_status_from_string (const char     *text,
                              RegOrderStatus *status)
{
  static const struct {
    const char     *name;
    RegOrderStatus  status;
  } names[] = {
    { "pending", REG_ORDER_STATUS_PENDING },
    { "pendingpayment", REG_ORDER_STATUS_PENDING },
    { "onhold", REG_ORDER_STATUS_PENDING },
    { "authorized", REG_ORDER_STATUS_PENDING },
    { "partiallypaid", REG_ORDER_STATUS_PENDING },
    { "unpaid", REG_ORDER_STATUS_PENDING },
    { "draft", REG_ORDER_STATUS_PENDING },
    { "checkoutdraft", REG_ORDER_STATUS_PENDING },
    { "paid", REG_ORDER_STATUS_PAID },
    { "processing", REG_ORDER_STATUS_PAID },
    { "completed", REG_ORDER_STATUS_PAID },
    { "complete", REG_ORDER_STATUS_PAID },
    { "fulfilled", REG_ORDER_STATUS_PAID },
    { "partiallyrefunded", REG_ORDER_STATUS_PARTIALLY_REFUNDED },
    { "refunded", REG_ORDER_STATUS_REFUNDED },
    { "cancelled", REG_ORDER_STATUS_CANCELLED },
    { "canceled", REG_ORDER_STATUS_CANCELLED },
    { "voided", REG_ORDER_STATUS_CANCELLED },
    { "failed", REG_ORDER_STATUS_CANCELLED },
    { "expired", REG_ORDER_STATUS_CANCELLED },
    { "trash", REG_ORDER_STATUS_CANCELLED },
  };
  g_autoptr(GString) key = g_string_new (NULL);

  g_return_val_if_fail (status != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (key, g_ascii_tolower (*p));
    else if (*p != '-' && *p != '_' && *p != ' ')
      return FALSE;

  /* WooCommerce prefixes statuses with "wc-" in some places. */
  if (g_str_has_prefix (key->str, "wc") && key->len > 2)
    g_string_erase (key, 0, 2);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (key->str, names[i].name) == 0)
      {
        *status = names[i].status;
        return TRUE;
      }

  return FALSE;
}

/**
 * reg_order_status_label:
 *
 * Returns: the status in the user's language.
 */
const char *
reg_order_status_label (RegOrderStatus status)
{
  switch (status)
    {
    case REG_ORDER_STATUS_PENDING:
      return _("Awaiting payment");
    case REG_ORDER_STATUS_PAID:
      return _("Paid");
    case REG_ORDER_STATUS_PARTIALLY_REFUNDED:
      return _("Partly refunded");
    case REG_ORDER_STATUS_REFUNDED:
      return _("Refunded");
    case REG_ORDER_STATUS_CANCELLED:
      return _("Cancelled");
    default:
      g_return_val_if_reached (NULL);
    }
}
