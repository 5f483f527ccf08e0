/* reg-order.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "reg-types.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *sku;
  gint64  quantity;
  gint64  price;      /* per unit, minor units of the order's currency */
} RegOrderItem;

#define REG_TYPE_ORDER (reg_order_get_type ())

G_DECLARE_FINAL_TYPE (RegOrder, reg_order, REG, ORDER, GObject)

RegOrder       *reg_order_new              (void);
gint64          reg_order_get_id           (RegOrder       *self);
void            reg_order_set_id           (RegOrder       *self,
                                            gint64          id);
gint64          reg_order_get_contact_id   (RegOrder       *self);
void            reg_order_set_contact_id   (RegOrder       *self,
                                            gint64          contact_id);
const char     *reg_order_get_number       (RegOrder       *self);
void            reg_order_set_number       (RegOrder       *self,
                                            const char     *number);
gint64          reg_order_get_ordered_at   (RegOrder       *self);
void            reg_order_set_ordered_at   (RegOrder       *self,
                                            gint64          ordered_at);
RegOrderStatus  reg_order_get_status       (RegOrder       *self);
void            reg_order_set_status       (RegOrder       *self,
                                            RegOrderStatus  status);
const char     *reg_order_get_currency     (RegOrder       *self);
void            reg_order_set_currency     (RegOrder       *self,
                                            const char     *currency);
gint64          reg_order_get_total        (RegOrder       *self);
void            reg_order_set_total        (RegOrder       *self,
                                            gint64          total);
gint64          reg_order_get_discount     (RegOrder       *self);
void            reg_order_set_discount     (RegOrder       *self,
                                            gint64          discount);
gint64          reg_order_get_shipping     (RegOrder       *self);
void            reg_order_set_shipping     (RegOrder       *self,
                                            gint64          shipping);
gint64          reg_order_get_refunded     (RegOrder       *self);
void            reg_order_set_refunded     (RegOrder       *self,
                                            gint64          refunded);
gint64          reg_order_get_refunded_at  (RegOrder       *self);
void            reg_order_set_refunded_at  (RegOrder       *self,
                                            gint64          refunded_at);
RegOrigin       reg_order_get_origin       (RegOrder       *self);
void            reg_order_set_origin       (RegOrder       *self,
                                            RegOrigin       origin);
gint64          reg_order_get_source_id    (RegOrder       *self);
void            reg_order_set_source_id    (RegOrder       *self,
                                            gint64          source_id);
gint64          reg_order_get_modified_at  (RegOrder       *self);
void            reg_order_set_modified_at  (RegOrder       *self,
                                            gint64          modified_at);
const char     *reg_order_get_remote_id    (RegOrder       *self);
void            reg_order_set_remote_id    (RegOrder       *self,
                                            const char     *remote_id);
guint           reg_order_get_n_items      (RegOrder       *self);
const RegOrderItem *reg_order_get_item     (RegOrder       *self,
                                            guint           index);
void            reg_order_add_item         (RegOrder       *self,
                                            const char     *name,
                                            const char     *sku,
                                            gint64          quantity,
                                            gint64          price);
void            reg_order_clear_items      (RegOrder       *self);
gint64          reg_order_get_revenue      (RegOrder       *self);
gboolean        reg_order_counts_as_revenue (RegOrder      *self);
const char     *reg_order_status_to_string (RegOrderStatus  status);
gboolean        reg_order_status_from_string (const char   *text,
                                            RegOrderStatus *status);
const char     *reg_order_status_label     (RegOrderStatus  status);

G_END_DECLS
