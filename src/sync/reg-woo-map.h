/* reg-woo-map.h: WooCommerce REST API v3 answers as Regulars records
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-contact.h"
#include "reg-json-read.h"
#include "reg-order.h"
#include "reg-sync-error.h"

G_BEGIN_DECLS

/* Nested deeper than this, a body is refused before it is parsed. */
#define REG_WOO_MAX_DEPTH REG_JSON_MAX_DEPTH

typedef struct
{
  RegOrder   *order;              /* origin WOOCOMMERCE, remote id the order's "id" */
  RegContact *billing;            /* (nullable): the billing details, origin WOOCOMMERCE */
  gint64      remote_customer_id; /* the shop's customer, 0 for a guest */
  gint64      modified_at;        /* Unix seconds (UTC), 0 if the shop did not say */
} RegWooOrder;

typedef struct
{
  RegContact *contact;            /* origin WOOCOMMERCE */
  gint64      remote_id;
  gint64      modified_at;        /* Unix seconds (UTC), 0 if the shop did not say */
} RegWooCustomer;

typedef struct
{
  char *remote_id;                /* (nullable): the record's id, if it had a usable one */
  char *reason;                   /* for the shop owner, translated */
} RegWooSkipped;

void      reg_woo_order_free       (RegWooOrder     *order);
void      reg_woo_customer_free    (RegWooCustomer  *customer);
void      reg_woo_skipped_free     (RegWooSkipped   *skipped);

gboolean  reg_woo_parse_orders     (const char      *body,
                                    gssize           length,
                                    GPtrArray      **orders,
                                    GPtrArray      **skipped,
                                    GError         **error);
gboolean  reg_woo_parse_customers  (const char      *body,
                                    gssize           length,
                                    GPtrArray      **customers,
                                    GPtrArray      **skipped,
                                    GError         **error);
char     *reg_woo_describe_error   (guint            http_status,
                                    const char      *body,
                                    gssize           length,
                                    RegSyncError    *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegWooOrder, reg_woo_order_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegWooCustomer, reg_woo_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegWooSkipped, reg_woo_skipped_free)

G_END_DECLS
