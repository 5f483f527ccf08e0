/* reg-source.h: shops Regulars syncs with, and how a sync writes
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-contact.h"
#include "reg-order.h"
#include "reg-store.h"

G_BEGIN_DECLS

/* A shop. Its credentials are not here: they live in the keyring. */
typedef struct
{
  gint64     id;
  RegOrigin  platform;      /* REG_ORIGIN_WOOCOMMERCE or REG_ORIGIN_SHOPIFY */
  char      *name;          /* the owner's name for it, "My shop" */
  char      *url;           /* where it is */
  gint64     created_at;
  gint64     last_sync_at;  /* 0: never synced */
  gboolean   last_ok;
  char      *last_result;   /* what the last sync did or why it failed, in plain words */
} RegSource;

/* A customer as a shop sends it. */
typedef struct
{
  RegContact *contact;
  char       *remote_id;    /* the shop's customer id; NULL for a guest */
  gint64      data_at;      /* when these details are from: newer ones win */
} RegSyncCustomer;

/* An order as a shop sends it. */
typedef struct
{
  RegOrder   *order;               /* with its remote id; contact id and source are set here */
  RegContact *billing;             /* (nullable) the order's billing details */
  char       *customer_remote_id;  /* (nullable) the shop's customer; NULL for a guest */
  gboolean    items_only;          /* only @order's items, added to the order of its remote id
                                    * written before (a shop that sends items apart) */
} RegSyncOrder;

/* A record a sync could not use. */
typedef struct
{
  char   *remote_id;   /* (nullable) */
  char   *reason;      /* plain words */
  gint64  logged_at;
} RegSyncSkip;

typedef struct
{
  guint contacts_added;
  guint contacts_updated;
  guint orders_added;
  guint orders_updated;
  guint skipped;
} RegSyncPageResult;

void        reg_source_free              (RegSource          *source);
void        reg_sync_customer_free       (RegSyncCustomer    *customer);
void        reg_sync_order_free          (RegSyncOrder       *order);
RegSyncSkip *reg_sync_skip_new           (const char         *remote_id,
                                          const char         *reason);
void        reg_sync_skip_free           (RegSyncSkip        *skip);

gint64      reg_store_add_source         (RegStore           *self,
                                          RegOrigin           platform,
                                          const char         *name,
                                          const char         *url,
                                          GError            **error);
GPtrArray  *reg_store_list_sources       (RegStore           *self,
                                          GError            **error);
RegSource  *reg_store_find_source        (RegStore           *self,
                                          const char         *name,
                                          GError            **error);
GPtrArray  *reg_store_list_contact_sources (RegStore         *self,
                                          gint64              contact_id,
                                          GError            **error);
char       *reg_source_dup_order_url     (const RegSource    *source,
                                          const char         *remote_id);
gboolean    reg_store_restart_sync       (RegStore           *self,
                                          gint64              source_id,
                                          GError            **error);
RegSource  *reg_store_get_source         (RegStore           *self,
                                          gint64              id,
                                          GError            **error);
gboolean    reg_store_remove_source      (RegStore           *self,
                                          gint64              id,
                                          GError            **error);
char       *reg_store_get_sync_state     (RegStore           *self,
                                          gint64              source_id,
                                          const char         *key,
                                          GError            **error);
gboolean    reg_store_set_sync_result    (RegStore           *self,
                                          gint64              source_id,
                                          gboolean            ok,
                                          const char         *result,
                                          GError            **error);
GPtrArray  *reg_store_get_sync_log       (RegStore           *self,
                                          gint64              source_id,
                                          guint               limit,
                                          GError            **error);
gboolean    reg_store_sync_write_page    (RegStore           *self,
                                          gint64              source_id,
                                          GPtrArray          *customers,
                                          GPtrArray          *orders,
                                          GPtrArray          *skips,
                                          const char * const *state,
                                          RegSyncPageResult  *result,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegSource, reg_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegSyncCustomer, reg_sync_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegSyncOrder, reg_sync_order_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegSyncSkip, reg_sync_skip_free)

G_END_DECLS
