/* reg-shopify-map.h: Shopify GraphQL Admin API questions and answers
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-contact.h"
#include "reg-order.h"
#include "reg-source.h"
#include "reg-sync-error.h"

G_BEGIN_DECLS

/* The Admin API version Regulars is written for; the GSettings key
 * "shopify-api-version" can name another. */
#define REG_SHOPIFY_API_VERSION "2026-10"

/* The most records one page asks for, and the most line items asked for
 * with each order of a page (an order with more gets the rest by
 * reg_shopify_line_items_query). */
#define REG_SHOPIFY_MAX_PAGE 250
/* A query may cost 1000 points at most; by Shopify's rules (an object 1,
 * a connection 2 plus its size times what each node costs) a page of 20
 * orders with up to 10 line items each costs 903. Orders with more items
 * are rare; they get the rest in a query of their own. */
#define REG_SHOPIFY_ORDER_ITEMS 10
#define REG_SHOPIFY_ORDER_PAGE 20

typedef struct
{
  RegOrder   *order;        /* origin SHOPIFY, remote id the order's GID, number its name ("#1001") */
  RegContact *billing;      /* (nullable): e-mail and billing details, origin SHOPIFY */
  char       *customer_id;  /* (nullable): the customer's GID; NULL for a guest order */
  gint64      updated_at;   /* Unix seconds (UTC), 0 if not said */
  char       *items_cursor; /* (nullable): set when the order has more line items than came with it */
} RegShopifyOrder;

typedef struct
{
  RegContact *contact;      /* origin SHOPIFY */
  char       *remote_id;    /* the customer's GID */
  gint64      updated_at;   /* Unix seconds (UTC), 0 if not said */
} RegShopifyCustomer;

/* extensions.cost of an answer; all 0 when the answer had none. */
typedef struct
{
  double requested;         /* requestedQueryCost */
  double actual;            /* actualQueryCost, 0 when the query did not run */
  double maximum;           /* throttleStatus.maximumAvailable */
  double available;         /* throttleStatus.currentlyAvailable */
  double restore_rate;      /* throttleStatus.restoreRate, points per second */
} RegShopifyCost;

typedef struct
{
  GPtrArray      *records;     /* RegShopifyOrder or RegShopifyCustomer */
  GPtrArray      *skipped;     /* RegSyncSkip */
  gboolean        has_next;    /* pageInfo.hasNextPage */
  char           *end_cursor;  /* (nullable) pageInfo.endCursor */
  guint           n_records;   /* nodes in the answer, usable or not */
} RegShopifyPage;

typedef enum
{
  REG_SHOPIFY_BULK_CREATED,
  REG_SHOPIFY_BULK_RUNNING,
  REG_SHOPIFY_BULK_COMPLETED,
  REG_SHOPIFY_BULK_CANCELING,
  REG_SHOPIFY_BULK_CANCELED,
  REG_SHOPIFY_BULK_FAILED,
  REG_SHOPIFY_BULK_EXPIRED,
} RegShopifyBulkStatus;

typedef struct
{
  char                 *id;            /* gid://shopify/BulkOperation/… */
  RegShopifyBulkStatus  status;
  char                 *error_code;    /* (nullable) errorCode */
  guint64               object_count;  /* objectCount (a string in the answer) */
  char                 *url;           /* (nullable) where the JSONL is, once COMPLETED; NULL if no rows */
} RegShopifyBulkOperation;

typedef enum
{
  REG_SHOPIFY_LINE_ORDER,
  REG_SHOPIFY_LINE_CUSTOMER,
  REG_SHOPIFY_LINE_ITEM,       /* a line item of the order named by parent_id */
  REG_SHOPIFY_LINE_OTHER,      /* a row Regulars does not use: ignored */
  REG_SHOPIFY_LINE_SKIPPED,    /* a row that cannot be used: see skip */
} RegShopifyLineKind;

typedef struct
{
  RegShopifyLineKind  kind;
  RegShopifyOrder    *order;      /* LINE_ORDER */
  RegShopifyCustomer *customer;   /* LINE_CUSTOMER */
  char               *parent_id;  /* LINE_ITEM: the order's GID */
  RegOrderItem        item;       /* LINE_ITEM, in the minor units of item_currency */
  char               *item_currency; /* LINE_ITEM */
  RegSyncSkip        *skip;       /* LINE_SKIPPED */
} RegShopifyLine;

/* The GraphQL documents Regulars sends. Paged queries take the variables
 * $first: Int!, $after: String, $query: String (the search, e.g.
 * "updated_at:>'2026-06-01T00:00:00Z'"), and sort by UPDATED_AT. */
extern const char *const reg_shopify_orders_query;
extern const char *const reg_shopify_customers_query;
/* $id: ID! (the order), $after: String: the rest of an order's line items */
extern const char *const reg_shopify_line_items_query;
/* $query: String! — the bulk query's own text (reg_shopify_bulk_query()) */
extern const char *const reg_shopify_bulk_run_mutation;
/* $id: ID! */
extern const char *const reg_shopify_bulk_poll_query;
/* $query: String — how many orders or customers the search finds */
extern const char *const reg_shopify_orders_count_query;
extern const char *const reg_shopify_customers_count_query;
/* shop name, currentAppInstallation.accessScopes, ordersCount */
extern const char *const reg_shopify_check_query;

void      reg_shopify_order_free        (RegShopifyOrder    *order);
void      reg_shopify_customer_free     (RegShopifyCustomer *customer);
void      reg_shopify_page_clear        (RegShopifyPage     *page);
void      reg_shopify_bulk_operation_clear (RegShopifyBulkOperation *operation);
void      reg_shopify_line_clear        (RegShopifyLine     *line);

/* https://NAME.myshopify.com from what an owner types: "name",
 * "name.myshopify.com", "https://name.myshopify.com/admin",
 * "admin.shopify.com/store/name". Loopback http:// addresses are kept as
 * they are (tests). NULL with a plain-words error otherwise. */
char     *reg_shopify_normalize_domain  (const char         *text,
                                         GError            **error);

/* The JSON request body {"query": …, "variables": {…}}. @variables
 * alternates names and values, NULL-terminated; a NULL value is sent as
 * null; "first" is sent as a number. */
char     *reg_shopify_request_body      (const char         *query,
                                         ...) G_GNUC_NULL_TERMINATED;

/* The bulk query text for a first sync: all orders (with their line
 * items as children) or all customers, updated after @since if not 0. */
char     *reg_shopify_bulk_query        (gboolean            orders,
                                         gint64              since);

/* Every answer: @cost is filled whenever the answer has it, also when an
 * error is returned. A GraphQL "errors" array is an error even with HTTP
 * 200: THROTTLED → REG_SYNC_ERROR_RATE_LIMITED; ACCESS_DENIED → FORBIDDEN,
 * naming the scope to add (read_orders, read_all_orders, read_customers);
 * anything else → BAD_REQUEST with the shop's message. Not JSON, or not
 * the expected shape → MALFORMED. */
gboolean  reg_shopify_parse_cost        (const char         *body,
                                         gsize               length,
                                         RegShopifyCost     *cost);
gboolean  reg_shopify_parse_orders      (const char         *body,
                                         gsize               length,
                                         RegShopifyPage     *page,
                                         RegShopifyCost     *cost,
                                         GError            **error);
gboolean  reg_shopify_parse_customers   (const char         *body,
                                         gsize               length,
                                         RegShopifyPage     *page,
                                         RegShopifyCost     *cost,
                                         GError            **error);
/* Appends the line items to @order; @cursor set when there are more. */
gboolean  reg_shopify_parse_line_items  (const char         *body,
                                         gsize               length,
                                         RegOrder           *order,
                                         char              **cursor,
                                         RegShopifyCost     *cost,
                                         GError            **error);
/* The answer to the run mutation (userErrors are an error) or to a poll. */
gboolean  reg_shopify_parse_bulk_operation (const char      *body,
                                         gsize               length,
                                         RegShopifyBulkOperation *operation,
                                         RegShopifyCost     *cost,
                                         GError            **error);
/* One line of a bulk operation's JSONL. */
gboolean  reg_shopify_parse_bulk_line   (const char         *line,
                                         gsize               length,
                                         RegShopifyLine     *out,
                                         GError            **error);
/* The answer to reg_shopify_check_query: @missing_scopes lists those of
 * read_customers, read_orders, read_all_orders the token lacks. */
gboolean  reg_shopify_parse_check       (const char         *body,
                                         gsize               length,
                                         char              **shop_name,
                                         GStrv              *missing_scopes,
                                         guint64            *n_orders,
                                         RegShopifyCost     *cost,
                                         GError            **error);
/* The answer to a count query. */
gboolean  reg_shopify_parse_count       (const char         *body,
                                         gsize               length,
                                         gboolean            orders,
                                         guint64            *count,
                                         RegShopifyCost     *cost,
                                         GError            **error);
/* The client-credentials grant's answer {"access_token", "expires_in", …}. */
gboolean  reg_shopify_parse_token       (const char         *body,
                                         gsize               length,
                                         char              **token,
                                         gint64             *expires_in,
                                         GError            **error);
/* An answer with an HTTP error status (401, 402, 403, 404, 423, 5xx),
 * in plain words. Never repeats a token. */
char     *reg_shopify_describe_error    (guint               http_status,
                                         const char         *body,
                                         gsize               length,
                                         RegSyncError       *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegShopifyOrder, reg_shopify_order_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegShopifyCustomer, reg_shopify_customer_free)

G_END_DECLS
