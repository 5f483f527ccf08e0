/* test-shopify-map.c: Shopify GraphQL Admin API questions, and answers
 * read as Regulars records, from the documentation's shapes and from what
 * goes wrong
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "reg-shopify-map.h"
#include "reg-sync-error.h"

#define TOKEN "shpat_0123456789abcdef0123456789abcdef"

/* 2026-05-01T10:14:58Z, when the documented order was bought, and
 * 2026-05-02T08:00:00Z, when it was last changed. */
#define PROCESSED G_GINT64_CONSTANT (1777630498)
#define UPDATED G_GINT64_CONSTANT (1777708800)

/* An order as the orders query asks for it (Order in the GraphQL Admin
 * API reference: a MoneyBag's amount is a Decimal, written as text, and
 * often with one decimal: "59.0"). Written with ' for " so that it reads
 * like JSON. */
static const char *documented_order =
  "{'id': 'gid://shopify/Order/450789469', 'name': '#1001', 'email': 'bob.norman@mail.example.com',"
  " 'createdAt': '2026-05-01T10:15:02Z', 'updatedAt': '2026-05-02T08:00:00Z',"
  " 'processedAt': '2026-05-01T10:14:58Z', 'cancelledAt': null, 'displayFinancialStatus': 'PAID',"
  " 'currencyCode': 'EUR',"
  " 'totalPriceSet': {'shopMoney': {'amount': '59.0', 'currencyCode': 'EUR'}},"
  " 'totalRefundedSet': {'shopMoney': {'amount': '0.0', 'currencyCode': 'EUR'}},"
  " 'totalDiscountsSet': {'shopMoney': {'amount': '5.0', 'currencyCode': 'EUR'}},"
  " 'totalShippingPriceSet': {'shopMoney': {'amount': '4.9', 'currencyCode': 'EUR'}},"
  " 'customer': {'id': 'gid://shopify/Customer/207119551',"
  "   'defaultEmailAddress': {'emailAddress': 'bob.norman@mail.example.com'}},"
  " 'billingAddress': {'firstName': 'Bob', 'lastName': 'Norman', 'company': null,"
  "   'address1': 'Chestnut Street 92', 'address2': 'Apt 2', 'city': 'Louisville', 'zip': '40202',"
  "   'province': 'Kentucky', 'countryCodeV2': 'US', 'phone': '+1(502)-459-2181'},"
  " 'lineItems': {'pageInfo': {'hasNextPage': false, 'endCursor': 'eyJsYXN0X2lkIjo0NjYxNTcwNDl9'},"
  "   'nodes': [{'name': 'IPod Nano - 8GB', 'sku': 'IPOD2008PINK', 'quantity': 2,"
  "     'originalUnitPriceSet': {'shopMoney': {'amount': '29.55', 'currencyCode': 'EUR'}}}]}}";

/* A customer as the customers query asks for it. */
static const char *documented_customer =
  "{'id': 'gid://shopify/Customer/207119551', 'firstName': 'Bob', 'lastName': 'Norman',"
  " 'defaultEmailAddress': {'emailAddress': 'bob.norman@mail.example.com', 'marketingState': 'SUBSCRIBED',"
  "   'marketingUpdatedAt': '2026-01-10T09:00:00Z'},"
  " 'defaultPhoneNumber': {'phoneNumber': '+16136120707'},"
  " 'defaultAddress': {'firstName': 'Bob', 'lastName': 'Norman', 'company': 'Norman Goods',"
  "   'address1': 'Chestnut Street 92', 'address2': '', 'city': 'Louisville', 'zip': '40202',"
  "   'province': 'Kentucky', 'countryCodeV2': 'US', 'phone': '555-625-1199'},"
  " 'tags': ['VIP', 'newsletter'], 'createdAt': '2025-11-03T14:20:00Z', 'updatedAt': '2026-05-02T08:00:00Z'}";

/* The cost of an answer, as every answer has it. */
#define COST \
  "'extensions': {'cost': {'requestedQueryCost': 903, 'actualQueryCost': 41," \
  " 'throttleStatus': {'maximumAvailable': 2000.0, 'currentlyAvailable': 1959, 'restoreRate': 100.0}}}"

/* @text with every ' turned into ". */
static char *
q (const char *text)
{
  char *json = g_strdup (text);

  for (char *p = json; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';

  return json;
}

/* @base (written with ') with the members of @changes (written with ')
 * put in; a change to the text "<absent>" removes the member. */
static char *
record_with (const char *base,
             const char *changes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) changes_parser = json_parser_new ();
  g_autofree char *base_json = q (base);
  g_autofree char *changes_json = q (changes ? changes : "{}");
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonObject *changed;

  g_assert_true (json_parser_load_from_data (parser, base_json, -1, NULL));
  g_assert_true (json_parser_load_from_data (changes_parser, changes_json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  changed = json_node_get_object (json_parser_get_root (changes_parser));

  members = json_object_get_members (changed);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (changed, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), "<absent>") == 0)
        json_object_remove_member (object, l->data);
      else
        json_object_set_member (object, l->data, json_node_copy (node));
    }

  return json_to_string (json_parser_get_root (parser), FALSE);
}

static char *
order_with (const char *changes)
{
  return record_with (documented_order, changes);
}

static char *
customer_with (const char *changes)
{
  return record_with (documented_customer, changes);
}

/* An answer with a page of the given records (JSON, taken), up to a
 * %NULL: @connection is "orders" or "customers". */
static char *
page_of (const char *connection,
         gboolean    has_next,
         char       *first,
         ...)
{
  GString *page = g_string_new (NULL);
  g_autofree char *cost = q (COST);
  va_list args;
  gboolean any = FALSE;

  g_string_append_printf (page, "{\"data\": {\"%s\": {\"pageInfo\": {\"hasNextPage\": %s, \"endCursor\": %s},"
                          " \"nodes\": [", connection, has_next ? "true" : "false",
                          has_next ? "\"eyJsYXN0X2lkIjo0NTA3ODk0NzB9\"" : "null");
  va_start (args, first);
  for (char *record = first; record != NULL; record = va_arg (args, char *))
    {
      if (any)
        g_string_append (page, ", ");
      g_string_append (page, record);
      g_free (record);
      any = TRUE;
    }
  va_end (args);
  g_string_append_printf (page, "]}}, %s}", cost);

  return g_string_free (page, FALSE);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

static void
assert_skips_readable (GPtrArray *skipped)
{
  for (guint i = 0; i < skipped->len; i++)
    {
      RegSyncSkip *s = g_ptr_array_index (skipped, i);

      g_assert_nonnull (s->reason);
      g_assert_true (g_utf8_validate (s->reason, -1, NULL));
      g_assert_cmpuint (strlen (s->reason), >, 10);
      g_assert_null (strchr (s->reason, '\n'));
    }
}

static RegSyncSkip *
skip_at (RegShopifyPage *page,
         guint           index)
{
  g_assert_cmpuint (index, <, page->skipped->len);

  return g_ptr_array_index (page->skipped, index);
}

static RegShopifyOrder *
order_at (RegShopifyPage *page,
          guint           index)
{
  g_assert_cmpuint (index, <, page->records->len);

  return g_ptr_array_index (page->records, index);
}

static RegShopifyCustomer *
customer_at (RegShopifyPage *page,
             guint           index)
{
  g_assert_cmpuint (index, <, page->records->len);

  return g_ptr_array_index (page->records, index);
}

static void
parse_orders (const char     *body,
              RegShopifyPage *page)
{
  g_autoptr(GError) error = NULL;
  RegShopifyCost cost;

  g_assert_true (reg_shopify_parse_orders (body, strlen (body), page, &cost, &error));
  g_assert_no_error (error);
  g_assert_nonnull (page->records);
  g_assert_nonnull (page->skipped);
  assert_skips_readable (page->skipped);
  g_assert_cmpfloat (cost.requested, ==, 903);
}

/* The error an answer is, with its code. */
static void
assert_orders_error (const char   *body,
                     RegSyncError  code,
                     const char   *mention)
{
  g_autoptr(GError) error = NULL;
  RegShopifyPage page = { 0 };

  g_assert_false (reg_shopify_parse_orders (body, body ? strlen (body) : 0, &page, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, (int)code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (mention != NULL)
    assert_contains (error->message, mention);
  /* Left alone. */
  g_assert_null (page.records);
  g_assert_null (page.skipped);
}

/* A tiny reckoner of Shopify's documented cost rules, to check the
 * queries against the limit of 1000 apart from how the mapper counts:
 * an object 1, a scalar 0, a connection (a field with "first") 2 plus
 * its size times what each node costs, pageInfo 1. @first stands for
 * $first. */
typedef struct
{
  const char *p;
  gint64      first;
} Reckoner;

static void
skip_blank (Reckoner *r)
{
  while (*r->p == ' ' || *r->p == '\n' || *r->p == ',')
    r->p++;
}

static char *
read_name (Reckoner *r)
{
  const char *start = r->p;

  while (g_ascii_isalnum (*r->p) || *r->p == '_' || *r->p == '$')
    r->p++;

  return g_strndup (start, r->p - start);
}

static gint64 selection_cost (Reckoner *r, gboolean in_connection, gint64 size);

/* A field's cost; r->p is at its name. */
static gint64
field_cost (Reckoner *r,
            gboolean  in_connection,
            gint64    size)
{
  g_autofree char *name = NULL;
  gint64 first = -1;

  skip_blank (r);
  if (g_str_has_prefix (r->p, "..."))
    {
      /* "... on Order { … }": the fields count as the parent's. */
      r->p += 3;
      skip_blank (r);
      g_free (read_name (r));
      skip_blank (r);
      g_free (read_name (r));
      skip_blank (r);
      g_assert_cmpint (*r->p, ==, '{');
      return selection_cost (r, FALSE, 0);
    }

  name = read_name (r);
  g_assert_cmpuint (strlen (name), >, 0);
  skip_blank (r);

  if (*r->p == '(')
    {
      const char *end = strchr (r->p, ')');
      g_autofree char *args = g_strndup (r->p, end - r->p);
      const char *f = strstr (args, "first:");

      if (f != NULL)
        {
          f += strlen ("first:");
          while (*f == ' ')
            f++;
          first = *f == '$' ? r->first : g_ascii_strtoll (f, NULL, 10);
        }
      r->p = end + 1;
      skip_blank (r);
    }

  if (*r->p != '{')
    return 0;

  if (first >= 0)
    return 2 + selection_cost (r, TRUE, first);
  if (in_connection && strcmp (name, "pageInfo") == 0)
    return 1 + selection_cost (r, FALSE, 0);
  if (in_connection && (strcmp (name, "nodes") == 0))
    return size * (1 + selection_cost (r, FALSE, 0));
  if (in_connection && (strcmp (name, "edges") == 0))
    return size * selection_cost (r, FALSE, 0);

  return 1 + selection_cost (r, FALSE, 0);
}

/* A selection set's cost; r->p is at its "{". */
static gint64
selection_cost (Reckoner *r,
                gboolean  in_connection,
                gint64    size)
{
  gint64 cost = 0;

  g_assert_cmpint (*r->p, ==, '{');
  r->p++;
  for (skip_blank (r); *r->p != '}'; skip_blank (r))
    {
      g_assert_cmpint (*r->p, !=, '\0');
      cost += field_cost (r, in_connection, size);
    }
  r->p++;

  return cost;
}

static gint64
query_cost (const char *query,
            gint64      first)
{
  Reckoner r = { strchr (query, '{'), first };
  gint64 cost = selection_cost (&r, FALSE, 0);

  skip_blank (&r);
  g_assert_cmpint (*r.p, ==, '\0');

  return cost;
}

static void
test_queries (void)
{
  static const char *const paged[] = { "$first: Int!", "$after: String", "$query: String",
                                       "after: $after", "query: $query", "sortKey: UPDATED_AT",
                                       "pageInfo { hasNextPage endCursor }", NULL };
  const char *const *queries[] = { &reg_shopify_orders_query, &reg_shopify_customers_query };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    for (guint k = 0; paged[k] != NULL; k++)
      assert_contains (*queries[i], paged[k]);

  assert_contains (reg_shopify_orders_query, "orders(first: $first");
  assert_contains (reg_shopify_orders_query, "displayFinancialStatus");
  assert_contains (reg_shopify_orders_query, "totalRefundedSet { shopMoney { amount currencyCode } }");
  assert_contains (reg_shopify_orders_query, "customer { id defaultEmailAddress { emailAddress } }");
  assert_contains (reg_shopify_orders_query, "countryCodeV2");
  assert_contains (reg_shopify_orders_query, "lineItems(first: " G_STRINGIFY (REG_SHOPIFY_ORDER_ITEMS) ")");
  assert_contains (reg_shopify_customers_query,
                   "defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }");
  assert_contains (reg_shopify_customers_query, "defaultPhoneNumber { phoneNumber }");
  assert_contains (reg_shopify_customers_query, "defaultAddress {");
  assert_contains (reg_shopify_line_items_query, "node(id: $id) { ... on Order { id lineItems(first: 250, after: $after)");
  assert_contains (reg_shopify_bulk_run_mutation, "bulkOperationRunQuery(query: $query)");
  assert_contains (reg_shopify_bulk_run_mutation, "userErrors { field message }");
  assert_contains (reg_shopify_bulk_poll_query, "... on BulkOperation { id status errorCode objectCount url partialDataUrl }");
  assert_contains (reg_shopify_check_query, "accessScopes { handle }");
  assert_contains (reg_shopify_check_query, "ordersCount(limit: null) { count precision }");

  /* Fields that were removed or renamed in 2025 and later versions. */
  g_assert_null (strstr (reg_shopify_customers_query, " email "));
  g_assert_null (strstr (reg_shopify_customers_query, "acceptsMarketing"));
  g_assert_null (strstr (reg_shopify_orders_query, "totalPrice "));

  /* A page of 20 orders, the rest of an order's line items and a page of
   * 150 customers, which the sync asks for, stay under 1000; 250
   * customers would not. */
  g_test_message ("orders: %" G_GINT64_FORMAT ", customers: %" G_GINT64_FORMAT ", line items: %" G_GINT64_FORMAT,
                  query_cost (reg_shopify_orders_query, REG_SHOPIFY_ORDER_PAGE), query_cost (reg_shopify_customers_query, 150),
                  query_cost (reg_shopify_line_items_query, 0));
  g_assert_cmpint (query_cost (reg_shopify_orders_query, REG_SHOPIFY_ORDER_PAGE), <=, 1000);
  g_assert_cmpint (query_cost (reg_shopify_orders_query, REG_SHOPIFY_ORDER_PAGE), ==, 903);
  g_assert_cmpint (query_cost (reg_shopify_customers_query, 150), ==, 603);
  g_assert_cmpint (query_cost (reg_shopify_customers_query, 250), >, 1000);
  g_assert_cmpint (query_cost (reg_shopify_line_items_query, 0), ==, 754);
  g_assert_cmpint (query_cost (reg_shopify_bulk_poll_query, 0), ==, 1);
  g_assert_cmpint (query_cost (reg_shopify_check_query, 0), ==, 4);
}

static void
test_bulk_query (void)
{
  g_autofree char *all_orders = reg_shopify_bulk_query (TRUE, 0);
  g_autofree char *new_orders = reg_shopify_bulk_query (TRUE, UPDATED);
  g_autofree char *customers = reg_shopify_bulk_query (FALSE, 0);
  g_autofree char *new_customers = reg_shopify_bulk_query (FALSE, UPDATED);
  g_autofree char *body = reg_shopify_request_body (reg_shopify_bulk_run_mutation, "query", new_orders, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *variables;

  g_assert_true (g_str_has_prefix (all_orders, "{ orders { edges { node { id name "));
  assert_contains (all_orders, "lineItems { edges { node { name sku quantity originalUnitPriceSet");
  g_assert_null (strstr (all_orders, "first:"));
  g_assert_null (strstr (all_orders, "updated_at"));
  g_assert_null (strstr (all_orders, "nodes"));
  g_assert_null (strstr (all_orders, "pageInfo"));

  g_assert_true (g_str_has_prefix (new_orders, "{ orders(query: \"updated_at:>'2026-05-02T08:00:00Z'\") { edges"));
  g_assert_true (g_str_has_prefix (customers, "{ customers { edges { node { id firstName"));
  assert_contains (customers, "marketingState");
  g_assert_null (strstr (customers, "lineItems"));
  g_assert_true (g_str_has_prefix (new_customers,
                                   "{ customers(query: \"updated_at:>'2026-05-02T08:00:00Z'\") { edges"));

  /* Balanced, and each a valid selection by the reckoner. */
  query_cost (all_orders, 0);
  query_cost (customers, 0);

  /* The quotes inside travel as JSON text. */
  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  variables = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "variables");
  g_assert_cmpstr (json_object_get_string_member (variables, "query"), ==, new_orders);
}

static void
test_request_body (void)
{
  static const char *tricky = "query { shop { name } } # \"quoted\" \\ back\nslash, ünïcode, \t tab";
  g_autofree char *body = reg_shopify_request_body (reg_shopify_orders_query, "first", "50", "after", NULL,
                                                    "query", "updated_at:>'2026-06-01T00:00:00Z'", NULL);
  g_autofree char *plain = reg_shopify_request_body (tricky, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *variables;
  JsonNode *node;

  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "query"), ==, reg_shopify_orders_query);
  variables = json_object_get_object_member (root, "variables");
  g_assert_cmpuint (json_object_get_size (variables), ==, 3);

  node = json_object_get_member (variables, "first");
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, 50);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (variables, "after")));
  g_assert_cmpstr (json_object_get_string_member (variables, "query"), ==, "updated_at:>'2026-06-01T00:00:00Z'");
  /* Written as one line of JSON, the query's own quotes escaped. */
  g_assert_null (strchr (body, '\n'));
  assert_contains (body, "\"first\":50");

  g_assert_true (json_parser_load_from_data (parser, plain, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "query"), ==, tricky);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (root, "variables")), ==, 0);

  /* An ID is text, never a number. */
  g_clear_pointer (&body, g_free);
  body = reg_shopify_request_body (reg_shopify_bulk_poll_query, "id", "gid://shopify/BulkOperation/720918", NULL);
  assert_contains (body, "\"variables\":{\"id\":\"gid://shopify/BulkOperation/720918\"}");
}

static void
test_normalize_domain (void)
{
  static const struct
  {
    const char *text;
    const char *expected;   /* NULL: refused */
    const char *mention;
  } cases[] = {
    { "regulars-test", "https://regulars-test.myshopify.com", NULL },
    { "Regulars-Test.myshopify.com", "https://regulars-test.myshopify.com", NULL },
    { "  regulars-test.myshopify.com/  ", "https://regulars-test.myshopify.com", NULL },
    { "https://regulars-test.myshopify.com/admin", "https://regulars-test.myshopify.com", NULL },
    { "http://regulars-test.myshopify.com/admin/orders?inContextTimeframe=none",
      "https://regulars-test.myshopify.com", NULL },
    { "admin.shopify.com/store/regulars-test", "https://regulars-test.myshopify.com", NULL },
    { "https://admin.shopify.com/store/6nzh0y-y6/orders/450789469", "https://6nzh0y-y6.myshopify.com", NULL },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080", NULL },
    { "http://localhost:39123/", "http://localhost:39123", NULL },
    { "http://[::1]:4000", "http://[::1]:4000", NULL },
    { "www.myshop.com", NULL, "Settings → Domains" },
    { "https://www.myshop.com/collections/all", NULL, ".myshopify.com" },
    { "https://regulars-test.myshopify.com.example.net", NULL, "own domain" },
    { "", NULL, "your-store.myshopify.com" },
    { "   ", NULL, "your-store.myshopify.com" },
    { "my shop", NULL, "not a Shopify store address" },
    { "-regulars", NULL, "not a Shopify store address" },
    { "myshopify.com", NULL, "not a Shopify store address" },
    { "admin.shopify.com", NULL, "not a Shopify store address" },
    { "admin.shopify.com/store/", NULL, "not a Shopify store address" },
    { "regulars-test.myshopify.com:8443", NULL, "not a Shopify store address" },
    { "user@regulars-test.myshopify.com", NULL, "not a Shopify store address" },
    { "ftp://regulars-test", NULL, NULL },
    { "http://10.0.0.1:8080", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = reg_shopify_normalize_domain (cases[i].text, &error);

      g_test_message ("“%s”: %s", cases[i].text, url ? url : error->message);
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (url, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (url);
          g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_A_SHOP);
          if (cases[i].mention != NULL)
            assert_contains (error->message, cases[i].mention);
        }
    }
}

static void
test_orders_page (void)
{
  g_autofree char *body = page_of (
    "orders", TRUE,
    order_with (NULL),
    /* 20.00 of 120.00 given back. */
    order_with ("{'id': 'gid://shopify/Order/450789470', 'name': '#1002', 'displayFinancialStatus': 'PARTIALLY_REFUNDED',"
                " 'totalPriceSet': {'shopMoney': {'amount': '120.00', 'currencyCode': 'EUR'}},"
                " 'totalRefundedSet': {'shopMoney': {'amount': '20.00', 'currencyCode': 'EUR'}}}"),
    order_with ("{'id': 'gid://shopify/Order/450789471', 'name': '#1003', 'displayFinancialStatus': 'REFUNDED',"
                " 'totalRefundedSet': {'shopMoney': {'amount': '59.0', 'currencyCode': 'EUR'}}}"),
    /* Cancelled wins over what was paid. */
    order_with ("{'id': 'gid://shopify/Order/450789472', 'name': '#1004', 'displayFinancialStatus': 'REFUNDED',"
                " 'cancelledAt': '2026-05-03T09:00:00Z'}"),
    /* A guest: customer is null. */
    order_with ("{'id': 'gid://shopify/Order/450789473', 'name': '#1005', 'customer': null,"
                " 'email': 'gwen.guest@example.org', 'displayFinancialStatus': 'AUTHORIZED',"
                " 'billingAddress': {'firstName': 'Gwen', 'lastName': 'Guest', 'company': 'Guest & Co',"
                "   'address1': '1 High Street', 'address2': null, 'city': 'Leeds', 'zip': 'LS1 1AA',"
                "   'province': null, 'countryCodeV2': 'GB', 'phone': null}}"),
    /* Yen have no decimals; Shopify still writes one. */
    order_with ("{'id': 'gid://shopify/Order/450789474', 'name': '#1006', 'currencyCode': 'JPY',"
                " 'totalPriceSet': {'shopMoney': {'amount': '2500.0', 'currencyCode': 'JPY'}},"
                " 'totalRefundedSet': {'shopMoney': {'amount': '0.0', 'currencyCode': 'JPY'}},"
                " 'totalDiscountsSet': {'shopMoney': {'amount': '0.0', 'currencyCode': 'JPY'}},"
                " 'totalShippingPriceSet': {'shopMoney': {'amount': '500', 'currencyCode': 'JPY'}},"
                " 'lineItems': {'pageInfo': {'hasNextPage': false, 'endCursor': null},"
                "   'nodes': [{'name': 'Matcha', 'sku': null, 'quantity': 1,"
                "     'originalUnitPriceSet': {'shopMoney': {'amount': '2000.0', 'currencyCode': 'JPY'}}}]}}"),
    /* Dinars have three. */
    order_with ("{'id': 'gid://shopify/Order/450789475', 'name': '#1007', 'currencyCode': 'KWD',"
                " 'totalPriceSet': {'shopMoney': {'amount': '12.345', 'currencyCode': 'KWD'}},"
                " 'totalRefundedSet': {'shopMoney': {'amount': '0.0', 'currencyCode': 'KWD'}},"
                " 'totalDiscountsSet': {'shopMoney': {'amount': '1.5', 'currencyCode': 'KWD'}},"
                " 'totalShippingPriceSet': {'shopMoney': {'amount': '0.750', 'currencyCode': 'KWD'}},"
                " 'lineItems': {'pageInfo': {'hasNextPage': false, 'endCursor': null}, 'nodes': []}}"),
    order_with ("{'id': 'gid://shopify/Order/450789476', 'name': '#1008', 'currencyCode': 'BHD',"
                " 'totalPriceSet': {'shopMoney': {'amount': '7.25', 'currencyCode': 'BHD'}},"
                " 'totalRefundedSet': {'shopMoney': {'amount': '0.001', 'currencyCode': 'BHD'}},"
                " 'totalDiscountsSet': null, 'totalShippingPriceSet': '<absent>',"
                " 'displayFinancialStatus': 'PARTIALLY_REFUNDED', 'lineItems': '<absent>'}"),
    /* More line items than came with it. */
    order_with ("{'id': 'gid://shopify/Order/450789477', 'name': '#1009',"
                " 'lineItems': {'pageInfo': {'hasNextPage': true, 'endCursor': 'eyJsYXN0X2lkIjo0NjYxNTcwNTB9'},"
                "   'nodes': [{'name': 'IPod Nano - 8GB', 'sku': 'IPOD2008PINK', 'quantity': 1,"
                "     'originalUnitPriceSet': {'shopMoney': {'amount': '29.55', 'currencyCode': 'EUR'}}}]}}"),
    /* Placed by staff for a customer: no e-mail of its own. */
    order_with ("{'id': 'gid://shopify/Order/450789478', 'name': '#1010', 'email': null,"
                " 'processedAt': null, 'displayFinancialStatus': 'PENDING'}"),
    /* Nobody to know the buyer by. */
    order_with ("{'id': 'gid://shopify/Order/450789479', 'name': '#1011', 'email': null, 'customer': null,"
                " 'billingAddress': null, 'displayFinancialStatus': 'VOIDED'}"),
    order_with ("{'id': 'gid://shopify/Order/450789480', 'name': '#1012', 'displayFinancialStatus': 'EXPIRED',"
                " 'updatedAt': null}"),
    order_with ("{'id': 'gid://shopify/Order/450789481', 'name': '#1013', 'displayFinancialStatus': 'PARTIALLY_PAID'}"),
    order_with ("{'id': 'gid://shopify/Order/450789482', 'name': '#1014', 'displayFinancialStatus': 'SOMETHING_NEW'}"),
    NULL);
  static const RegOrderStatus statuses[] = {
    REG_ORDER_STATUS_PAID, REG_ORDER_STATUS_PARTIALLY_REFUNDED, REG_ORDER_STATUS_REFUNDED,
    REG_ORDER_STATUS_CANCELLED, REG_ORDER_STATUS_PENDING, REG_ORDER_STATUS_PAID, REG_ORDER_STATUS_PAID,
    REG_ORDER_STATUS_PARTIALLY_REFUNDED, REG_ORDER_STATUS_PAID, REG_ORDER_STATUS_PENDING,
    REG_ORDER_STATUS_CANCELLED, REG_ORDER_STATUS_CANCELLED, REG_ORDER_STATUS_PENDING, REG_ORDER_STATUS_PENDING,
  };
  RegShopifyPage page = { 0 };
  RegShopifyOrder *o;
  const RegOrderItem *item;

  parse_orders (body, &page);
  if (page.skipped->len > 0)
    g_error ("skipped: %s", skip_at (&page, 0)->reason);
  g_assert_cmpuint (page.records->len, ==, G_N_ELEMENTS (statuses));
  g_assert_cmpuint (page.n_records, ==, G_N_ELEMENTS (statuses));
  g_assert_true (page.has_next);
  g_assert_cmpstr (page.end_cursor, ==, "eyJsYXN0X2lkIjo0NTA3ODk0NzB9");

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      o = order_at (&page, i);
      g_test_message ("%s", reg_order_get_number (o->order));
      g_assert_cmpint (reg_order_get_status (o->order), ==, statuses[i]);
      g_assert_cmpint (reg_order_get_origin (o->order), ==, REG_ORIGIN_SHOPIFY);
      g_assert_cmpint (reg_order_get_refunded_at (o->order), ==, 0);
    }

  o = order_at (&page, 0);
  g_assert_cmpstr (reg_order_get_remote_id (o->order), ==, "gid://shopify/Order/450789469");
  g_assert_cmpstr (reg_order_get_number (o->order), ==, "#1001");
  g_assert_cmpstr (reg_order_get_currency (o->order), ==, "EUR");
  g_assert_cmpint (reg_order_get_total (o->order), ==, 5900);
  g_assert_cmpint (reg_order_get_discount (o->order), ==, 500);
  g_assert_cmpint (reg_order_get_shipping (o->order), ==, 490);
  g_assert_cmpint (reg_order_get_refunded (o->order), ==, 0);
  /* processedAt, not createdAt; a time read as UTC, not local time. */
  g_assert_cmpint (reg_order_get_ordered_at (o->order), ==, PROCESSED);
  g_assert_cmpint (reg_order_get_modified_at (o->order), ==, UPDATED);
  g_assert_cmpint (o->updated_at, ==, UPDATED);
  g_assert_cmpstr (o->customer_id, ==, "gid://shopify/Customer/207119551");
  g_assert_null (o->items_cursor);
  g_assert_cmpuint (reg_order_get_n_items (o->order), ==, 1);
  item = reg_order_get_item (o->order, 0);
  g_assert_cmpstr (item->name, ==, "IPod Nano - 8GB");
  g_assert_cmpstr (item->sku, ==, "IPOD2008PINK");
  g_assert_cmpint (item->quantity, ==, 2);
  g_assert_cmpint (item->price, ==, 2955);
  g_assert_nonnull (o->billing);
  g_assert_cmpint (reg_contact_get_origin (o->billing), ==, REG_ORIGIN_SHOPIFY);
  g_assert_cmpstr (reg_contact_get_email (o->billing), ==, "bob.norman@mail.example.com");
  g_assert_cmpstr (reg_contact_get_given_name (o->billing), ==, "Bob");
  g_assert_cmpstr (reg_contact_get_family_name (o->billing), ==, "Norman");
  g_assert_cmpstr (reg_contact_get_company (o->billing), ==, "");
  g_assert_cmpstr (reg_contact_get_street (o->billing), ==, "Chestnut Street 92, Apt 2");
  g_assert_cmpstr (reg_contact_get_postcode (o->billing), ==, "40202");
  g_assert_cmpstr (reg_contact_get_city (o->billing), ==, "Louisville");
  g_assert_cmpstr (reg_contact_get_country (o->billing), ==, "US");
  g_assert_cmpstr (reg_contact_get_phone (o->billing), ==, "+1(502)-459-2181");
  g_assert_cmpint (reg_contact_get_created_at (o->billing), ==, PROCESSED);

  o = order_at (&page, 1);
  g_assert_cmpint (reg_order_get_total (o->order), ==, 12000);
  g_assert_cmpint (reg_order_get_refunded (o->order), ==, 2000);
  g_assert_cmpint (reg_order_get_revenue (o->order), ==, 10000);

  o = order_at (&page, 2);
  g_assert_cmpint (reg_order_get_refunded (o->order), ==, 5900);

  o = order_at (&page, 4);
  g_assert_null (o->customer_id);
  g_assert_nonnull (o->billing);
  g_assert_cmpstr (reg_contact_get_email (o->billing), ==, "gwen.guest@example.org");
  g_assert_cmpstr (reg_contact_get_company (o->billing), ==, "Guest & Co");
  g_assert_cmpstr (reg_contact_get_street (o->billing), ==, "1 High Street");
  g_assert_cmpstr (reg_contact_get_country (o->billing), ==, "GB");

  o = order_at (&page, 5);
  g_assert_cmpstr (reg_order_get_currency (o->order), ==, "JPY");
  g_assert_cmpint (reg_order_get_total (o->order), ==, 2500);
  g_assert_cmpint (reg_order_get_shipping (o->order), ==, 500);
  g_assert_cmpint (reg_order_get_item (o->order, 0)->price, ==, 2000);
  g_assert_true (reg_order_get_item (o->order, 0)->sku == NULL || reg_order_get_item (o->order, 0)->sku[0] == '\0');

  o = order_at (&page, 6);
  g_assert_cmpstr (reg_order_get_currency (o->order), ==, "KWD");
  g_assert_cmpint (reg_order_get_total (o->order), ==, 12345);
  g_assert_cmpint (reg_order_get_discount (o->order), ==, 1500);
  g_assert_cmpint (reg_order_get_shipping (o->order), ==, 750);
  g_assert_cmpuint (reg_order_get_n_items (o->order), ==, 0);

  o = order_at (&page, 7);
  g_assert_cmpstr (reg_order_get_currency (o->order), ==, "BHD");
  g_assert_cmpint (reg_order_get_total (o->order), ==, 7250);
  g_assert_cmpint (reg_order_get_refunded (o->order), ==, 1);
  g_assert_cmpint (reg_order_get_discount (o->order), ==, 0);
  g_assert_cmpint (reg_order_get_shipping (o->order), ==, 0);

  o = order_at (&page, 8);
  g_assert_cmpstr (o->items_cursor, ==, "eyJsYXN0X2lkIjo0NjYxNTcwNTB9");
  g_assert_cmpuint (reg_order_get_n_items (o->order), ==, 1);

  /* Without an e-mail of its own, the customer's; without processedAt,
   * createdAt. */
  o = order_at (&page, 9);
  g_assert_cmpstr (reg_contact_get_email (o->billing), ==, "bob.norman@mail.example.com");
  g_assert_cmpint (reg_order_get_ordered_at (o->order), ==, PROCESSED + 4);

  o = order_at (&page, 10);
  g_assert_null (o->billing);
  g_assert_null (o->customer_id);
  g_assert_cmpint (reg_order_get_total (o->order), ==, 5900);

  o = order_at (&page, 11);
  g_assert_cmpint (o->updated_at, ==, 0);

  reg_shopify_page_clear (&page);
  g_assert_null (page.records);
  /* Twice is fine. */
  reg_shopify_page_clear (&page);
}

/* Records that cannot be used are skipped, each with its reason; the
 * rest of the page is read. */
static void
test_orders_skipped (void)
{
  g_autofree char *body = page_of (
    "orders", FALSE,
    order_with ("{'id': '<absent>'}"),
    order_with ("{'id': 450789469}"),
    order_with ("{'id': 'gid://shopify/Product/632910392'}"),
    order_with ("{'id': 'gid://shopify/Order/2', 'name': '#2', 'currencyCode': 'ZZZ',"
                " 'totalPriceSet': {'shopMoney': {'amount': '1.00', 'currencyCode': 'ZZZ'}}}"),
    order_with ("{'id': 'gid://shopify/Order/3', 'name': '#3',"
                " 'totalPriceSet': {'shopMoney': {'amount': '59,00', 'currencyCode': 'EUR'}}}"),
    order_with ("{'id': 'gid://shopify/Order/4', 'name': '#4',"
                " 'totalPriceSet': {'shopMoney': {'amount': '59.001', 'currencyCode': 'EUR'}}}"),
    order_with ("{'id': 'gid://shopify/Order/5', 'name': '#5',"
                " 'totalRefundedSet': {'shopMoney': {'amount': '1.00', 'currencyCode': 'USD'}}}"),
    order_with ("{'id': 'gid://shopify/Order/6', 'name': '#6', 'processedAt': 'yesterday'}"),
    order_with ("{'id': 'gid://shopify/Order/7', 'name': '#7', 'totalPriceSet': null}"),
    order_with ("{'id': 'gid://shopify/Order/8', 'name': '#8', 'currencyCode': null, 'totalPriceSet': null}"),
    order_with ("{'id': 'gid://shopify/Order/9', 'name': '#9', 'processedAt': null, 'createdAt': null}"),
    order_with ("{'id': 'gid://shopify/Order/10', 'name': '#10',"
                " 'totalPriceSet': {'shopMoney': {'amount': '-5.00', 'currencyCode': 'EUR'}}}"),
    order_with ("{'id': 'gid://shopify/Order/11', 'name': '#11',"
                " 'lineItems': {'pageInfo': {'hasNextPage': false}, 'nodes': [{'name': 'X', 'quantity': -1,"
                "   'originalUnitPriceSet': {'shopMoney': {'amount': '1.0', 'currencyCode': 'EUR'}}}]}}"),
    order_with ("{'id': 'gid://shopify/Order/12', 'name': '#12',"
                " 'totalPriceSet': {'shopMoney': {'amount': '9007199254740993.00', 'currencyCode': 'EUR'}}}"),
    g_strdup ("\"gid://shopify/Order/13\""),
    /* Without a currency code of its own, the total's. */
    order_with ("{'id': 'gid://shopify/Order/14', 'name': '#14', 'currencyCode': null}"),
    NULL);
  static const struct
  {
    const char *remote_id;
    const char *mention;
  } expected[] = {
    { NULL, "no ID" },
    { NULL, "“450789469”" },
    { NULL, "“gid://shopify/Product/632910392”" },
    { "gid://shopify/Order/2", "unknown currency “ZZZ”" },
    { "gid://shopify/Order/3", "“59,00”" },
    { "gid://shopify/Order/4", "“59.001”" },
    { "gid://shopify/Order/5", "“1.00 USD”" },
    { "gid://shopify/Order/6", "“yesterday”" },
    { "gid://shopify/Order/7", "no total" },
    { "gid://shopify/Order/8", "no currency" },
    { "gid://shopify/Order/9", "no date" },
    { "gid://shopify/Order/10", "negative" },
    { "gid://shopify/Order/11", "negative quantity" },
    { "gid://shopify/Order/12", "Order #12 has an amount" },
    { NULL, "not an order" },
  };
  RegShopifyPage page = { 0 };

  parse_orders (body, &page);
  g_assert_cmpuint (page.n_records, ==, G_N_ELEMENTS (expected) + 1);
  g_assert_false (page.has_next);
  g_assert_null (page.end_cursor);
  g_assert_cmpuint (page.records->len, ==, 1);
  g_assert_cmpstr (reg_order_get_currency (order_at (&page, 0)->order), ==, "EUR");

  g_assert_cmpuint (page.skipped->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      RegSyncSkip *s = skip_at (&page, i);

      g_test_message ("%s: %s", s->remote_id, s->reason);
      g_assert_cmpstr (s->remote_id, ==, expected[i].remote_id);
      assert_contains (s->reason, expected[i].mention);
    }

  reg_shopify_page_clear (&page);
}

static void
test_line_items (void)
{
  g_autofree char *first = q ("{'data': {'node': {'id': 'gid://shopify/Order/450789477', 'lineItems': {"
                              " 'pageInfo': {'hasNextPage': true, 'endCursor': 'eyJsYXN0X2lkIjo0NjYxNTcwNTF9'},"
                              " 'nodes': ["
                              "  {'name': 'Case', 'sku': 'CASE-1', 'quantity': 3,"
                              "   'originalUnitPriceSet': {'shopMoney': {'amount': '9.99', 'currencyCode': 'EUR'}}},"
                              "  {'name': 'Gift wrap', 'sku': null, 'quantity': 1,"
                              "   'originalUnitPriceSet': {'shopMoney': {'amount': '0.0', 'currencyCode': 'EUR'}}}]}}},"
                              COST "}");
  g_autofree char *last = q ("{'data': {'node': {'id': 'gid://shopify/Order/450789477', 'lineItems': {"
                             " 'pageInfo': {'hasNextPage': false, 'endCursor': 'eyJsYXN0X2lkIjo0NjYxNTcwNTJ9'},"
                             " 'nodes': [{'name': 'Cable', 'sku': 'CBL', 'quantity': 1,"
                             "   'originalUnitPriceSet': {'shopMoney': {'amount': '5', 'currencyCode': 'EUR'}}}]}}}}");
  g_autofree char *bad = q ("{'data': {'node': {'id': 'gid://shopify/Order/450789477', 'lineItems': {"
                            " 'pageInfo': {'hasNextPage': false, 'endCursor': null},"
                            " 'nodes': [{'name': 'Cable', 'quantity': 1,"
                            "   'originalUnitPriceSet': {'shopMoney': {'amount': '5', 'currencyCode': 'EUR'}}},"
                            "  {'name': 'Cable', 'quantity': 1,"
                            "   'originalUnitPriceSet': {'shopMoney': {'amount': '5', 'currencyCode': 'USD'}}}]}}}}");
  g_autofree char *gone = q ("{'data': {'node': null}}");
  g_autoptr(RegOrder) order = reg_order_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  RegShopifyCost cost;

  reg_order_set_number (order, "#1009");
  reg_order_set_currency (order, "EUR");
  reg_order_add_item (order, "IPod Nano - 8GB", "IPOD2008PINK", 1, 2955);

  g_assert_true (reg_shopify_parse_line_items (first, strlen (first), order, &cursor, &cost, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "eyJsYXN0X2lkIjo0NjYxNTcwNTF9");
  g_assert_cmpfloat (cost.actual, ==, 41);
  g_assert_cmpuint (reg_order_get_n_items (order), ==, 3);
  g_assert_cmpstr (reg_order_get_item (order, 1)->name, ==, "Case");
  g_assert_cmpint (reg_order_get_item (order, 1)->quantity, ==, 3);
  g_assert_cmpint (reg_order_get_item (order, 1)->price, ==, 999);
  g_assert_true (reg_order_get_item (order, 2)->sku == NULL || reg_order_get_item (order, 2)->sku[0] == '\0');
  g_assert_cmpint (reg_order_get_item (order, 2)->price, ==, 0);

  g_clear_pointer (&cursor, g_free);
  g_assert_true (reg_shopify_parse_line_items (last, strlen (last), order, &cursor, NULL, &error));
  g_assert_null (cursor);
  g_assert_cmpuint (reg_order_get_n_items (order), ==, 4);
  g_assert_cmpint (reg_order_get_item (order, 3)->price, ==, 500);

  /* All or nothing. */
  g_assert_false (reg_shopify_parse_line_items (bad, strlen (bad), order, &cursor, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
  assert_contains (error->message, "#1009");
  g_assert_cmpuint (reg_order_get_n_items (order), ==, 4);
  g_clear_error (&error);

  g_assert_false (reg_shopify_parse_line_items (gone, strlen (gone), order, &cursor, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_FOUND);
}

/* Connections may also come as edges, each with its node. */
static void
test_edges (void)
{
  g_autofree char *order = order_with ("{'lineItems': {'pageInfo': {'hasNextPage': false, 'endCursor': null},"
                                       " 'edges': [{'cursor': 'a', 'node': {'name': 'Case', 'sku': 'CASE-1',"
                                       " 'quantity': 1, 'originalUnitPriceSet': {'shopMoney': {'amount': '9.99',"
                                       " 'currencyCode': 'EUR'}}}}]}}");
  g_autofree char *body = g_strdup_printf ("{\"data\": {\"orders\": {\"pageInfo\": {\"hasNextPage\": false},"
                                           " \"edges\": [{\"cursor\": \"x\", \"node\": %s}, {\"cursor\": \"y\"}]}}}",
                                           order);
  g_autoptr(GError) error = NULL;
  RegShopifyPage page = { 0 };

  g_assert_true (reg_shopify_parse_orders (body, strlen (body), &page, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (page.n_records, ==, 2);
  g_assert_cmpuint (page.records->len, ==, 1);
  g_assert_cmpuint (page.skipped->len, ==, 1);
  g_assert_cmpuint (reg_order_get_n_items (order_at (&page, 0)->order), ==, 1);
  g_assert_cmpint (reg_order_get_item (order_at (&page, 0)->order, 0)->price, ==, 999);
  reg_shopify_page_clear (&page);
}

static void
test_customers (void)
{
  g_autofree char *body = page_of (
    "customers", FALSE,
    customer_with (NULL),
    customer_with ("{'id': 'gid://shopify/Customer/207119552', 'firstName': 'Una', 'lastName': 'Subscribed',"
                   " 'defaultEmailAddress': {'emailAddress': 'una@example.com', 'marketingState': 'UNSUBSCRIBED',"
                   "   'marketingUpdatedAt': '2026-03-01T00:00:00Z'}, 'tags': []}"),
    customer_with ("{'id': 'gid://shopify/Customer/207119553', 'firstName': 'Nat',"
                   " 'defaultEmailAddress': {'emailAddress': 'nat@example.com', 'marketingState': 'NOT_SUBSCRIBED',"
                   "   'marketingUpdatedAt': null}}"),
    customer_with ("{'id': 'gid://shopify/Customer/207119554', 'firstName': 'Pen',"
                   " 'defaultEmailAddress': {'emailAddress': 'pen@example.com', 'marketingState': 'PENDING',"
                   "   'marketingUpdatedAt': '2026-03-02T00:00:00Z'}}"),
    /* Only a phone number, as a customer from the point of sale. */
    customer_with ("{'id': 'gid://shopify/Customer/207119555', 'firstName': 'Sam', 'lastName': 'Sms',"
                   " 'defaultEmailAddress': null, 'defaultPhoneNumber': {'phoneNumber': '+4915112345678'},"
                   " 'defaultAddress': null, 'tags': []}"),
    customer_with ("{'id': 'gid://shopify/Customer/207119556', 'firstName': null, 'lastName': null,"
                   " 'defaultEmailAddress': null, 'defaultPhoneNumber': null, 'defaultAddress': null, 'tags': []}"),
    customer_with ("{'id': 'gid://shopify/Customer/207119557', 'createdAt': 'last week'}"),
    customer_with ("{'id': 'gid://shopify/Customer/207119558',"
                   " 'defaultEmailAddress': {'emailAddress': 'not an address', 'marketingState': 'SUBSCRIBED'}}"),
    customer_with ("{'id': 'gid://shopify/Order/1'}"),
    NULL);
  RegShopifyPage page = { 0 };
  g_autoptr(GError) error = NULL;
  RegShopifyCustomer *c;
  const char * const *tags;

  g_assert_true (reg_shopify_parse_customers (body, strlen (body), &page, NULL, &error));
  g_assert_no_error (error);
  assert_skips_readable (page.skipped);
  g_assert_cmpuint (page.n_records, ==, 9);
  g_assert_cmpuint (page.records->len, ==, 6);

  c = customer_at (&page, 0);
  g_assert_cmpstr (c->remote_id, ==, "gid://shopify/Customer/207119551");
  g_assert_cmpint (c->updated_at, ==, UPDATED);
  g_assert_cmpint (reg_contact_get_origin (c->contact), ==, REG_ORIGIN_SHOPIFY);
  g_assert_cmpint (reg_contact_get_created_at (c->contact), ==, G_GINT64_CONSTANT (1762179600));
  g_assert_cmpstr (reg_contact_get_given_name (c->contact), ==, "Bob");
  g_assert_cmpstr (reg_contact_get_family_name (c->contact), ==, "Norman");
  g_assert_cmpstr (reg_contact_get_email (c->contact), ==, "bob.norman@mail.example.com");
  /* The customer's own phone number, not the address's. */
  g_assert_cmpstr (reg_contact_get_phone (c->contact), ==, "+16136120707");
  g_assert_cmpstr (reg_contact_get_company (c->contact), ==, "Norman Goods");
  g_assert_cmpstr (reg_contact_get_street (c->contact), ==, "Chestnut Street 92");
  g_assert_cmpstr (reg_contact_get_postcode (c->contact), ==, "40202");
  g_assert_cmpstr (reg_contact_get_city (c->contact), ==, "Louisville");
  g_assert_cmpstr (reg_contact_get_country (c->contact), ==, "US");
  g_assert_cmpint (reg_contact_get_consent (c->contact), ==, REG_CONSENT_YES);
  g_assert_cmpint (reg_contact_get_consent_at (c->contact), ==, G_GINT64_CONSTANT (1768035600));
  tags = reg_contact_get_tags (c->contact);
  g_assert_nonnull (tags);
  g_assert_cmpstr (tags[0], ==, "VIP");
  g_assert_cmpstr (tags[1], ==, "newsletter");
  g_assert_null (tags[2]);

  c = customer_at (&page, 1);
  g_assert_cmpint (reg_contact_get_consent (c->contact), ==, REG_CONSENT_NO);
  g_assert_cmpint (reg_contact_get_consent_at (c->contact), ==, G_GINT64_CONSTANT (1772323200));
  g_assert_true (reg_contact_get_tags (c->contact) == NULL || reg_contact_get_tags (c->contact)[0] == NULL);

  c = customer_at (&page, 2);
  g_assert_cmpint (reg_contact_get_consent (c->contact), ==, REG_CONSENT_UNKNOWN);
  c = customer_at (&page, 3);
  g_assert_cmpint (reg_contact_get_consent (c->contact), ==, REG_CONSENT_UNKNOWN);

  c = customer_at (&page, 4);
  g_assert_cmpstr (reg_contact_get_email (c->contact), ==, "");
  g_assert_cmpstr (reg_contact_get_phone (c->contact), ==, "+4915112345678");
  g_assert_cmpint (reg_contact_get_consent (c->contact), ==, REG_CONSENT_UNKNOWN);

  /* An address that is none consents to nothing. */
  c = customer_at (&page, 5);
  g_assert_cmpstr (reg_contact_get_email (c->contact), ==, "");
  g_assert_cmpint (reg_contact_get_consent (c->contact), ==, REG_CONSENT_UNKNOWN);

  g_assert_cmpuint (page.skipped->len, ==, 3);
  g_assert_cmpstr (skip_at (&page, 0)->remote_id, ==, "gid://shopify/Customer/207119556");
  assert_contains (skip_at (&page, 0)->reason, "Customer 207119556 has no name");
  g_assert_cmpstr (skip_at (&page, 1)->remote_id, ==, "gid://shopify/Customer/207119557");
  assert_contains (skip_at (&page, 1)->reason, "“last week”");
  g_assert_null (skip_at (&page, 2)->remote_id);
  assert_contains (skip_at (&page, 2)->reason, "“gid://shopify/Order/1”");

  reg_shopify_page_clear (&page);
}

static void
test_errors (void)
{
  g_autofree char *throttled = q ("{'errors': [{'message': 'Throttled', 'extensions': {'code': 'THROTTLED',"
                                  " 'documentation': 'https://shopify.dev/api/usage/rate-limits'}}],"
                                  " 'extensions': {'cost': {'requestedQueryCost': 903, 'actualQueryCost': null,"
                                  " 'throttleStatus': {'maximumAvailable': 2000.0, 'currentlyAvailable': 114,"
                                  " 'restoreRate': 100.0}}}}");
  g_autofree char *throttled_plain = q ("{'errors': [{'message': 'Throttled'}]}");
  g_autofree char *denied_all = q ("{'errors': [{'message': 'Access denied for node field. Required access:"
                                   " `read_all_orders` access scope.', 'locations': [{'line': 1, 'column': 40}],"
                                   " 'path': ['node'], 'extensions': {'code': 'ACCESS_DENIED',"
                                   " 'documentation': 'https://shopify.dev/api/usage/access-scopes',"
                                   " 'requiredAccess': '`read_all_orders` access scope.'}}], 'data': {'node': null}}");
  g_autofree char *denied_orders = q ("{'data': null, 'errors': [{'message': 'Access denied for orders field."
                                      " Required access: `read_orders` access scope.', 'path': ['orders'],"
                                      " 'extensions': {'code': 'ACCESS_DENIED'}}]}");
  g_autofree char *denied_customer = q ("{'errors': [{'message': 'Access denied for customer field.',"
                                        " 'path': ['orders', 'nodes', 0, 'customer'],"
                                        " 'extensions': {'code': 'ACCESS_DENIED'}}],"
                                        " 'data': {'orders': {'nodes': [], 'pageInfo': {'hasNextPage': false}}}}");
  g_autofree char *denied_vague = q ("{'errors': [{'message': 'Access denied.', 'extensions': {'code': 'ACCESS_DENIED'}}]}");
  g_autofree char *too_costly = q ("{'errors': [{'message': 'Query cost is 7652, which exceeds the single query max"
                                   " cost limit (1000).\\n\\nSee https://shopify.dev/concepts/about-apis/rate-limits"
                                   " for more information on how the\\ncost of a query is calculated.',"
                                   " 'extensions': {'code': 'MAX_COST_EXCEEDED', 'cost': 7652, 'maxCost': 1000}}]}");
  g_autofree char *undefined = q ("{'errors': [{'message': 'Field `totalPrice` doesn`t exist on type `Order`',"
                                  " 'locations': [{'line': 1, 'column': 99}], 'path': ['query', 'orders'],"
                                  " 'extensions': {'code': 'undefinedField', 'typeName': 'Order',"
                                  " 'fieldName': 'totalPrice'}}]}");
  g_autofree char *internal = q ("{'errors': [{'message': 'Internal error. Looks like something went wrong on our"
                                 " end.\\nRequest ID: 1b355a21-7117-44c5-8d8b-8948082f40a8 (include this in support"
                                 " requests).', 'extensions': {'code': 'INTERNAL_SERVER_ERROR',"
                                 " 'requestId': '1b355a21-7117-44c5-8d8b-8948082f40a8'}}]}");
  g_autofree char *long_message = g_strdup_printf ("{\"errors\": [{\"message\": \"%s\"}]}",
                                                   "word word word word word word word word word word word word "
                                                   "word word word word word word word word word word word word "
                                                   "word word word word word word word word word word word word "
                                                   "word word word word word word word word word word word word "
                                                   "word word word word word word word word word word word word");
  g_autofree char *token_message = q ("{'errors': [{'message': 'Bad header X-Shopify-Access-Token: " TOKEN "'}]}");
  g_autofree char *empty_errors = page_of ("orders", FALSE, NULL);
  g_autoptr(GError) error = NULL;
  RegShopifyPage page = { 0 };
  RegShopifyCost cost;

  /* The throttled answer's cost is what the caller waits by. */
  g_assert_false (reg_shopify_parse_orders (throttled, strlen (throttled), &page, &cost, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_RATE_LIMITED);
  g_assert_cmpfloat (cost.requested, ==, 903);
  g_assert_cmpfloat (cost.actual, ==, 0);
  g_assert_cmpfloat (cost.maximum, ==, 2000);
  g_assert_cmpfloat (cost.available, ==, 114);
  g_assert_cmpfloat (cost.restore_rate, ==, 100);
  g_clear_error (&error);

  assert_orders_error (throttled_plain, REG_SYNC_ERROR_RATE_LIMITED, "wait");
  assert_orders_error (denied_all, REG_SYNC_ERROR_FORBIDDEN, "“read_all_orders”");
  assert_orders_error (denied_all, REG_SYNC_ERROR_FORBIDDEN, "60 days");
  assert_orders_error (denied_orders, REG_SYNC_ERROR_FORBIDDEN,
                       "Regulars may not read orders. In your Shopify admin, give the app the “read_orders” "
                       "permission (access scope).");
  /* Data that comes with an error is still an error. */
  assert_orders_error (denied_customer, REG_SYNC_ERROR_FORBIDDEN, "“read_customers”");
  assert_orders_error (denied_vague, REG_SYNC_ERROR_FORBIDDEN, "“read_all_orders”");
  assert_orders_error (too_costly, REG_SYNC_ERROR_BAD_REQUEST,
                       "“Query cost is 7652, which exceeds the single query max cost limit (1000).”");
  assert_orders_error (undefined, REG_SYNC_ERROR_BAD_REQUEST, "doesn`t exist on type");
  assert_orders_error (internal, REG_SYNC_ERROR_SERVER, "Try again later");
  assert_orders_error (long_message, REG_SYNC_ERROR_BAD_REQUEST, "word…”");
  assert_orders_error (token_message, REG_SYNC_ERROR_BAD_REQUEST, NULL);

  {
    g_autoptr(GError) token_error = NULL;

    g_assert_false (reg_shopify_parse_customers (token_message, strlen (token_message), &page, NULL, &token_error));
    g_assert_null (strstr (token_error->message, TOKEN));
    g_assert_null (strstr (token_error->message, "shpat_"));
  }

  /* An empty "errors" is no error. */
  g_clear_pointer (&empty_errors, g_free);
  empty_errors = q ("{'data': {'orders': {'pageInfo': {'hasNextPage': false, 'endCursor': null}, 'nodes': []}},"
                    " 'errors': []}");
  g_assert_true (reg_shopify_parse_orders (empty_errors, strlen (empty_errors), &page, &cost, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (page.n_records, ==, 0);
  /* No cost said: all 0. */
  g_assert_cmpfloat (cost.requested, ==, 0);
  g_assert_cmpfloat (cost.maximum, ==, 0);
  reg_shopify_page_clear (&page);
}

static void
test_malformed (void)
{
  static const char *const bodies[] = {
    "",
    "not json at all",
    "<!DOCTYPE html><html><body>Sorry, this shop is currently unavailable.</body></html>",
    "[]",
    "{}",
    "{\"data\": null}",
    "{\"data\": {}}",
    "{\"data\": {\"customers\": {\"nodes\": []}}}",
    "{\"data\": {\"orders\": {\"nodes\": \"x\"}}}",
    "{\"data\": {\"orders\": []}}",
    "{\"data\": {\"orders\": {\"nodes\": []}}",
    "{\"data\": {\"orders\": {\"nodes\": []}}} // comment",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_test_message ("%s", bodies[i]);
      assert_orders_error (bodies[i], REG_SYNC_ERROR_MALFORMED, "cannot read");
    }

  assert_orders_error (NULL, REG_SYNC_ERROR_MALFORMED, NULL);

  /* The length is what counts, not a NUL. */
  {
    const char *body = "{\"data\": {\"orders\": {\"nodes\": []}}}garbage";
    g_autoptr(GError) error = NULL;
    RegShopifyPage page = { 0 };

    g_assert_true (reg_shopify_parse_orders (body, strlen (body) - strlen ("garbage"), &page, NULL, &error));
    g_assert_no_error (error);
    reg_shopify_page_clear (&page);
  }
}

static void
test_deep_nesting (void)
{
  const gsize depth = 200000;
  g_autoptr(GString) deep = g_string_new ("{\"data\": {\"orders\": {\"nodes\": ");
  g_autoptr(GString) line = g_string_new ("{\"id\": \"gid://shopify/Order/1\", \"x\": ");
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  RegShopifyLine out = { 0 };
  RegSyncError code;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}}");
  assert_orders_error (deep->str, REG_SYNC_ERROR_MALFORMED, NULL);

  for (gsize i = 0; i < depth; i++)
    g_string_append (line, "{\"a\":");
  g_assert_false (reg_shopify_parse_bulk_line (line->str, line->len, &out, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);

  description = reg_shopify_describe_error (500, deep->str, deep->len, &code);
  g_assert_cmpint (code, ==, REG_SYNC_ERROR_SERVER);

  /* Deep enough for any answer, and no deeper, is read. */
  g_string_assign (deep, "{\"data\": {\"orders\": {\"nodes\": [], \"x\": ");
  for (gsize i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < 200; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}}");
  {
    RegShopifyPage page = { 0 };

    g_clear_error (&error);
    g_assert_true (reg_shopify_parse_orders (deep->str, deep->len, &page, NULL, &error));
    reg_shopify_page_clear (&page);
  }
}

static void
test_cost (void)
{
  g_autofree char *body = q ("{'data': {'shop': {'name': 'x'}}, " COST "}");
  RegShopifyCost cost;

  g_assert_true (reg_shopify_parse_cost (body, strlen (body), &cost));
  g_assert_cmpfloat (cost.requested, ==, 903);
  g_assert_cmpfloat (cost.actual, ==, 41);
  g_assert_cmpfloat (cost.maximum, ==, 2000);
  g_assert_cmpfloat (cost.available, ==, 1959);
  g_assert_cmpfloat (cost.restore_rate, ==, 100);

  g_assert_false (reg_shopify_parse_cost ("{\"data\": {}}", 12, &cost));
  g_assert_cmpfloat (cost.requested, ==, 0);
  g_assert_false (reg_shopify_parse_cost ("nope", 4, &cost));
  g_assert_cmpfloat (cost.restore_rate, ==, 0);
}

/* One JSONL row, read. */
static void
parse_line (const char     *text,
            RegShopifyLine *out)
{
  g_autofree char *json = q (text);
  g_autoptr(GError) error = NULL;

  reg_shopify_line_clear (out);
  g_assert_true (reg_shopify_parse_bulk_line (json, strlen (json), out, &error));
  g_assert_no_error (error);
}

static void
test_bulk_lines (void)
{
  g_autofree char *order_row = NULL;
  g_autofree char *bad_order_row = NULL;
  RegShopifyLine line = { 0 };
  g_autoptr(GError) error = NULL;

  /* An order row has no line items: they come as rows of their own. */
  order_row = record_with (documented_order, "{'lineItems': '<absent>'}");
  for (char *p = order_row; *p != '\0'; p++)
    if (*p == '"')
      *p = '\'';
  parse_line (order_row, &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_ORDER);
  g_assert_nonnull (line.order);
  g_assert_cmpstr (reg_order_get_remote_id (line.order->order), ==, "gid://shopify/Order/450789469");
  g_assert_cmpint (reg_order_get_total (line.order->order), ==, 5900);
  g_assert_cmpuint (reg_order_get_n_items (line.order->order), ==, 0);
  g_assert_null (line.order->items_cursor);
  g_assert_cmpstr (line.order->customer_id, ==, "gid://shopify/Customer/207119551");
  g_assert_cmpstr (reg_contact_get_email (line.order->billing), ==, "bob.norman@mail.example.com");

  parse_line ("{'name': 'IPod Nano - 8GB', 'sku': 'IPOD2008PINK', 'quantity': 2,"
              " 'originalUnitPriceSet': {'shopMoney': {'amount': '199.0', 'currencyCode': 'EUR'}},"
              " '__parentId': 'gid://shopify/Order/450789469'}", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_ITEM);
  g_assert_cmpstr (line.parent_id, ==, "gid://shopify/Order/450789469");
  g_assert_cmpstr (line.item.name, ==, "IPod Nano - 8GB");
  g_assert_cmpstr (line.item.sku, ==, "IPOD2008PINK");
  g_assert_cmpint (line.item.quantity, ==, 2);
  g_assert_cmpint (line.item.price, ==, 19900);
  g_assert_cmpstr (line.item_currency, ==, "EUR");
  g_assert_null (line.order);

  parse_line ("{'id': 'gid://shopify/LineItem/466157049', 'name': 'Matcha', 'sku': null, 'quantity': 1,"
              " 'originalUnitPriceSet': {'shopMoney': {'amount': '2000.0', 'currencyCode': 'JPY'}},"
              " '__parentId': 'gid://shopify/Order/450789474'}", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_ITEM);
  g_assert_cmpint (line.item.price, ==, 2000);
  g_assert_null (line.item.sku);
  g_assert_cmpstr (line.item_currency, ==, "JPY");

  parse_line ("{'name': 'Odd', 'quantity': 1,"
              " 'originalUnitPriceSet': {'shopMoney': {'amount': '1.2345', 'currencyCode': 'EUR'}},"
              " '__parentId': 'gid://shopify/Order/450789474'}", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_SKIPPED);
  g_assert_cmpstr (line.skip->remote_id, ==, "gid://shopify/Order/450789474");
  assert_contains (line.skip->reason, "“1.2345”");

  {
    g_autofree char *customer_row = record_with (documented_customer, NULL);

    for (char *p = customer_row; *p != '\0'; p++)
      if (*p == '"')
        *p = '\'';
    parse_line (customer_row, &line);
  }
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_CUSTOMER);
  g_assert_cmpstr (line.customer->remote_id, ==, "gid://shopify/Customer/207119551");
  g_assert_cmpint (reg_contact_get_consent (line.customer->contact), ==, REG_CONSENT_YES);

  bad_order_row = record_with (documented_order, "{'id': 'gid://shopify/Order/2', 'currencyCode': 'ZZZ',"
                                                 " 'totalPriceSet': {'shopMoney': {'amount': '1', 'currencyCode': 'ZZZ'}}}");
  for (char *p = bad_order_row; *p != '\0'; p++)
    if (*p == '"')
      *p = '\'';
  parse_line (bad_order_row, &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_SKIPPED);
  g_assert_cmpstr (line.skip->remote_id, ==, "gid://shopify/Order/2");
  assert_contains (line.skip->reason, "“ZZZ”");

  parse_line ("{'id': 'gid://shopify/Product/632910392', 'title': 'IPod Nano'}", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_OTHER);
  parse_line ("{'id': 'gid://shopify/ProductVariant/1', '__parentId': 'gid://shopify/Product/632910392'}", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_OTHER);
  parse_line ("{}", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_OTHER);
  parse_line ("  \r", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_OTHER);

  /* A line from JSONL, with its end. */
  parse_line ("{'id': 'gid://shopify/Customer/1', 'firstName': 'Ann'}\n", &line);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_CUSTOMER);

  /* Not JSON: left alone. */
  g_assert_false (reg_shopify_parse_bulk_line ("{\"id\": ", 7, &line, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
  g_assert_cmpint (line.kind, ==, REG_SHOPIFY_LINE_CUSTOMER);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_bulk_line ("[1, 2]", 6, &line, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);

  reg_shopify_line_clear (&line);
  reg_shopify_line_clear (&line);
}

static void
test_bulk_operation (void)
{
  g_autofree char *created = q ("{'data': {'bulkOperationRunQuery': {'bulkOperation': {"
                                "'id': 'gid://shopify/BulkOperation/720918', 'status': 'CREATED'}, 'userErrors': []}},"
                                " 'extensions': {'cost': {'requestedQueryCost': 10, 'actualQueryCost': 10,"
                                " 'throttleStatus': {'maximumAvailable': 2000.0, 'currentlyAvailable': 1990,"
                                " 'restoreRate': 100.0}}}}");
  g_autofree char *busy = q ("{'data': {'bulkOperationRunQuery': {'bulkOperation': null, 'userErrors': [{"
                             "'field': null, 'message': 'A bulk query operation for this app and shop is already"
                             " in progress: gid://shopify/BulkOperation/720918.'}]}}}");
  g_autofree char *running = q ("{'data': {'node': {'id': 'gid://shopify/BulkOperation/720918', 'status': 'RUNNING',"
                                " 'errorCode': null, 'objectCount': '1204', 'url': null, 'partialDataUrl': null}}}");
  g_autofree char *completed = q ("{'data': {'node': {'id': 'gid://shopify/BulkOperation/720918',"
                                  " 'status': 'COMPLETED', 'errorCode': null, 'objectCount': '57341',"
                                  " 'url': 'https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/"
                                  "bulk-operation-outputs/l6lersgk4i81iqc3n6iisywwtipb-final?GoogleAccessId="
                                  "assets-us-prod%40shopify-tiers.iam.gserviceaccount.com&Expires=1777712400"
                                  "&Signature=abc%2Bdef&response-content-disposition=attachment%3B+filename%3D"
                                  "%22bulk-720918.jsonl%22', 'partialDataUrl': null}}}");
  g_autofree char *empty = q ("{'data': {'node': {'id': 'gid://shopify/BulkOperation/720919', 'status': 'COMPLETED',"
                              " 'errorCode': null, 'objectCount': '0', 'url': null, 'partialDataUrl': null}}}");
  g_autofree char *failed = q ("{'data': {'node': {'id': 'gid://shopify/BulkOperation/720920', 'status': 'FAILED',"
                               " 'errorCode': 'ACCESS_DENIED', 'objectCount': '0', 'url': null,"
                               " 'partialDataUrl': null}}}");
  g_autofree char *gone = q ("{'data': {'node': null}}");
  g_autofree char *strange = q ("{'data': {'node': {'id': 'gid://shopify/BulkOperation/1', 'status': 'DANCING'}}}");
  g_autofree char *bad_url = q ("{'data': {'node': {'id': 'gid://shopify/BulkOperation/1', 'status': 'COMPLETED',"
                                " 'url': 'file:///etc/passwd'}}}");
  RegShopifyBulkOperation op = { 0 };
  g_autoptr(GError) error = NULL;
  RegShopifyCost cost;

  g_assert_true (reg_shopify_parse_bulk_operation (created, strlen (created), &op, &cost, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (op.id, ==, "gid://shopify/BulkOperation/720918");
  g_assert_cmpint (op.status, ==, REG_SHOPIFY_BULK_CREATED);
  g_assert_cmpfloat (cost.requested, ==, 10);

  g_assert_false (reg_shopify_parse_bulk_operation (busy, strlen (busy), &op, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_BAD_REQUEST);
  assert_contains (error->message, "A bulk query operation for this app and shop is already in progress");
  g_clear_error (&error);
  /* Left alone. */
  g_assert_cmpstr (op.id, ==, "gid://shopify/BulkOperation/720918");

  g_assert_true (reg_shopify_parse_bulk_operation (running, strlen (running), &op, NULL, &error));
  g_assert_cmpint (op.status, ==, REG_SHOPIFY_BULK_RUNNING);
  g_assert_cmpuint (op.object_count, ==, 1204);
  g_assert_null (op.url);
  g_assert_null (op.error_code);

  g_assert_true (reg_shopify_parse_bulk_operation (completed, strlen (completed), &op, NULL, &error));
  g_assert_cmpint (op.status, ==, REG_SHOPIFY_BULK_COMPLETED);
  g_assert_cmpuint (op.object_count, ==, 57341);
  g_assert_true (g_str_has_prefix (op.url, "https://storage.googleapis.com/"));
  g_assert_true (g_str_has_suffix (op.url, "%22bulk-720918.jsonl%22"));

  /* Nothing to download when there were no rows. */
  g_assert_true (reg_shopify_parse_bulk_operation (empty, strlen (empty), &op, NULL, &error));
  g_assert_cmpint (op.status, ==, REG_SHOPIFY_BULK_COMPLETED);
  g_assert_cmpuint (op.object_count, ==, 0);
  g_assert_null (op.url);

  g_assert_true (reg_shopify_parse_bulk_operation (failed, strlen (failed), &op, NULL, &error));
  g_assert_cmpint (op.status, ==, REG_SHOPIFY_BULK_FAILED);
  g_assert_cmpstr (op.error_code, ==, "ACCESS_DENIED");
  g_assert_cmpstr (op.id, ==, "gid://shopify/BulkOperation/720920");

  g_assert_false (reg_shopify_parse_bulk_operation (gone, strlen (gone), &op, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_bulk_operation (strange, strlen (strange), &op, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_bulk_operation (bad_url, strlen (bad_url), &op, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);

  reg_shopify_bulk_operation_clear (&op);
  g_assert_null (op.id);
}

static void
test_count (void)
{
  g_autofree char *orders = q ("{'data': {'ordersCount': {'count': 20000}}, " COST "}");
  g_autofree char *customers = q ("{'data': {'customersCount': {'count': 512}}}");
  g_autofree char *throttled = q ("{'errors': [{'message': 'Throttled', 'extensions': {'code': 'THROTTLED'}}]}");
  g_autofree char *unknown = q ("{'errors': [{'message': 'Field customersCount does not exist on type QueryRoot',"
                                " 'extensions': {'code': 'undefinedField'}}]}");
  g_autoptr(GError) error = NULL;
  RegShopifyCost cost;
  guint64 count = 1;

  g_assert_true (reg_shopify_parse_count (orders, strlen (orders), TRUE, &count, &cost, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 20000);
  g_assert_cmpfloat (cost.maximum, >, 0);
  g_assert_true (reg_shopify_parse_count (customers, strlen (customers), FALSE, &count, NULL, &error));
  g_assert_cmpuint (count, ==, 512);
  /* The other count than asked for is no count. */
  g_assert_true (reg_shopify_parse_count (customers, strlen (customers), TRUE, &count, NULL, &error));
  g_assert_cmpuint (count, ==, 0);

  g_assert_false (reg_shopify_parse_count (throttled, strlen (throttled), TRUE, &count, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_count (unknown, strlen (unknown), FALSE, &count, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_count ("nope", 4, TRUE, &count, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
}

static void
test_check (void)
{
  g_autofree char *two = q ("{'data': {'shop': {'name': 'Regulars Test Store', 'myshopifyDomain':"
                            " 'regulars-test.myshopify.com'}, 'currentAppInstallation': {'accessScopes': ["
                            "{'handle': 'read_customers'}, {'handle': 'read_orders'}]},"
                            " 'ordersCount': {'count': 1234, 'precision': 'EXACT'}}, " COST "}");
  g_autofree char *all = q ("{'data': {'shop': {'name': 'Regulars Test Store', 'myshopifyDomain':"
                            " 'regulars-test.myshopify.com'}, 'currentAppInstallation': {'accessScopes': ["
                            "{'handle': 'write_customers'}, {'handle': 'write_orders'}, {'handle': 'read_all_orders'},"
                            " {'handle': 'read_products'}]}, 'ordersCount': {'count': 25001, 'precision': 'EXACT'}}}");
  /* Without read_orders, ordersCount is refused and the rest answered. */
  g_autofree char *no_orders = q ("{'errors': [{'message': 'Access denied for ordersCount field. Required access:"
                                  " `read_orders` access scope.', 'path': ['ordersCount'],"
                                  " 'extensions': {'code': 'ACCESS_DENIED'}}],"
                                  " 'data': {'shop': {'name': 'Regulars Test Store', 'myshopifyDomain':"
                                  " 'regulars-test.myshopify.com'}, 'currentAppInstallation': {'accessScopes': ["
                                  "{'handle': 'read_customers'}]}, 'ordersCount': null}}");
  g_autofree char *refused = q ("{'errors': [{'message': 'Access denied for shop field.', 'path': ['shop'],"
                                " 'extensions': {'code': 'ACCESS_DENIED'}}], 'data': null}");
  g_autofree char *throttled = q ("{'errors': [{'message': 'Throttled', 'extensions': {'code': 'THROTTLED'}}]}");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) missing = NULL;
  guint64 n_orders = 1;

  g_assert_true (reg_shopify_parse_check (two, strlen (two), &name, &missing, &n_orders, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Regulars Test Store");
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "read_all_orders");
  g_assert_cmpuint (n_orders, ==, 1234);

  g_clear_pointer (&name, g_free);
  g_clear_pointer (&missing, g_strfreev);
  g_assert_true (reg_shopify_parse_check (all, strlen (all), &name, &missing, &n_orders, NULL, &error));
  g_assert_nonnull (missing);
  g_assert_null (missing[0]);
  g_assert_cmpuint (n_orders, ==, 25001);

  g_clear_pointer (&name, g_free);
  g_clear_pointer (&missing, g_strfreev);
  g_assert_true (reg_shopify_parse_check (no_orders, strlen (no_orders), &name, &missing, &n_orders, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Regulars Test Store");
  g_assert_cmpuint (g_strv_length (missing), ==, 2);
  g_assert_cmpstr (missing[0], ==, "read_orders");
  g_assert_cmpstr (missing[1], ==, "read_all_orders");
  g_assert_cmpuint (n_orders, ==, 0);

  g_assert_false (reg_shopify_parse_check (refused, strlen (refused), NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_check (throttled, strlen (throttled), NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  g_assert_false (reg_shopify_parse_check ("{\"data\": {}}", 12, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED);
}

static void
test_token (void)
{
  static const struct
  {
    const char *body;
    RegSyncError code;
    const char *mention;
  } refusals[] = {
    { "{'error': 'invalid_client', 'error_description': 'Client authentication failed due to unknown client, no"
      " client authentication included, or unsupported authentication method.'}",
      REG_SYNC_ERROR_AUTH, "client ID and secret" },
    { "{'error': 'app_not_installed', 'error_description': 'The application is not installed on this shop.'}",
      REG_SYNC_ERROR_AUTH, "not installed" },
    { "{'error': 'shop_not_permitted', 'error_description': 'Client credentials cannot be performed on this shop.'}",
      REG_SYNC_ERROR_AUTH, "organization" },
    { "{'error': 'unsupported_grant_type', 'error_description': 'The grant type is not supported.'}",
      REG_SYNC_ERROR_AUTH, "“The grant type is not supported.”" },
    { "{'errors': '[API] Invalid API key or access token (unrecognized login or wrong password)'}",
      REG_SYNC_ERROR_AUTH, "access token" },
    { "{'access_token': ''}", REG_SYNC_ERROR_MALFORMED, NULL },
    { "{'access_token': 'shpat_with space'}", REG_SYNC_ERROR_MALFORMED, NULL },
    { "{}", REG_SYNC_ERROR_MALFORMED, NULL },
    { "<html></html>", REG_SYNC_ERROR_MALFORMED, NULL },
  };
  g_autofree char *ok = q ("{'access_token': '" TOKEN "', 'scope': 'read_customers,read_orders,read_all_orders',"
                           " 'expires_in': 86399}");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 expires_in = 0;

  g_assert_true (reg_shopify_parse_token (ok, strlen (ok), &token, &expires_in, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN);
  g_assert_cmpint (expires_in, ==, 86399);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *body = q (refusals[i].body);
      g_autofree char *none = NULL;

      g_assert_false (reg_shopify_parse_token (body, strlen (body), &none, NULL, &error));
      g_test_message ("%s: %s", refusals[i].body, error->message);
      g_assert_error (error, REG_SYNC_ERROR, (int)refusals[i].code);
      if (refusals[i].mention != NULL)
        assert_contains (error->message, refusals[i].mention);
      g_assert_null (none);
      g_clear_error (&error);
    }
}

static void
test_describe_error (void)
{
  static const struct
  {
    guint         status;
    const char   *body;          /* written with ' for " ; nullable */
    RegSyncError  code;
    const char   *mentions[3];
  } cases[] = {
    { 401, "{'errors': '[API] Invalid API key or access token (unrecognized login or wrong password)'}",
      REG_SYNC_ERROR_AUTH, { "access token", "expired", NULL } },
    { 401, NULL, REG_SYNC_ERROR_AUTH, { "access token", NULL } },
    { 401, "{'errors': 'Bad token " TOKEN "'}", REG_SYNC_ERROR_AUTH, { NULL } },
    { 402, "{'errors': 'Unavailable Shop'}", REG_SYNC_ERROR_FAILED, { "frozen", "unpaid", NULL } },
    { 403, "{'errors': '[API] This action requires merchant approval for read_orders scope.'}",
      REG_SYNC_ERROR_FORBIDDEN, { "“read_orders”", NULL } },
    { 403, "{'errors': 'Forbidden'}", REG_SYNC_ERROR_FORBIDDEN, { "access scopes", "“Forbidden”", NULL } },
    { 404, "{'errors': 'Not Found'}", REG_SYNC_ERROR_NOT_A_SHOP, { "There is no Shopify store at this address",
                                                                   "API version", NULL } },
    { 404, "<html><body>Only one step left!</body></html>", REG_SYNC_ERROR_NOT_A_SHOP, { "no Shopify store", NULL } },
    { 423, "{'errors': 'Locked'}", REG_SYNC_ERROR_FAILED, { "locked", NULL } },
    { 429, "{'errors': [{'message': 'Throttled', 'extensions': {'code': 'THROTTLED'}}]}",
      REG_SYNC_ERROR_RATE_LIMITED, { "wait", NULL } },
    { 500, NULL, REG_SYNC_ERROR_SERVER, { "500", "Try again later", NULL } },
    { 503, "<html>Service Unavailable</html>", REG_SYNC_ERROR_SERVER, { "503", NULL } },
    { 400, "{'errors': {'query': 'Required parameter missing or invalid'}}",
      REG_SYNC_ERROR_BAD_REQUEST, { "“Required parameter missing or invalid”", NULL } },
    { 400, "{'error': 'invalid_client', 'error_description': 'Client authentication failed.'}",
      REG_SYNC_ERROR_AUTH, { "client ID and secret", NULL } },
    { 406, "{'errors': 'Not Acceptable'}", REG_SYNC_ERROR_FAILED, { "406", "“Not Acceptable”", NULL } },
    { 400, "{'errors': 'X-Shopify-Access-Token " TOKEN " is malformed'}", REG_SYNC_ERROR_BAD_REQUEST, { NULL } },
    { 200, "<!DOCTYPE html><html><head><title>My Shop</title></head><body></body></html>",
      REG_SYNC_ERROR_NOT_A_SHOP, { "web page", ".myshopify.com", NULL } },
    { 200, "{'errors': [{'message': 'Throttled', 'extensions': {'code': 'THROTTLED'}}]}",
      REG_SYNC_ERROR_RATE_LIMITED, { NULL } },
    { 200, "{'errors': [{'message': 'Access denied for orders field. Required access: `read_orders` access scope.',"
           " 'extensions': {'code': 'ACCESS_DENIED'}}]}", REG_SYNC_ERROR_FORBIDDEN, { "“read_orders”", NULL } },
    { 200, "not json", REG_SYNC_ERROR_MALFORMED, { "cannot read", NULL } },
    { 200, "{'data': {}}", REG_SYNC_ERROR_MALFORMED, { NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = cases[i].body ? q (cases[i].body) : NULL;
      g_autofree char *description = NULL;
      g_autofree char *again = NULL;
      RegSyncError code = (RegSyncError)-1;

      description = reg_shopify_describe_error (cases[i].status, body, body ? strlen (body) : 0, &code);
      g_test_message ("%u %s: %s", cases[i].status, cases[i].body ? cases[i].body : "(none)", description);

      g_assert_nonnull (description);
      g_assert_true (g_utf8_validate (description, -1, NULL));
      g_assert_cmpint (code, ==, cases[i].code);
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].mentions) && cases[i].mentions[k] != NULL; k++)
        assert_contains (description, cases[i].mentions[k]);

      g_assert_null (strstr (description, TOKEN));
      g_assert_null (strstr (description, "shpat_"));
      g_assert_null (strchr (description, '<'));

      again = reg_shopify_describe_error (cases[i].status, body, body ? strlen (body) : 0, NULL);
      g_assert_cmpstr (again, ==, description);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* A time zone far from UTC, so that a time read in local time shows. */
  g_setenv ("TZ", "America/Sao_Paulo", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shopify-map/queries", test_queries);
  g_test_add_func ("/shopify-map/bulk-query", test_bulk_query);
  g_test_add_func ("/shopify-map/request-body", test_request_body);
  g_test_add_func ("/shopify-map/normalize-domain", test_normalize_domain);
  g_test_add_func ("/shopify-map/orders/page", test_orders_page);
  g_test_add_func ("/shopify-map/orders/skipped", test_orders_skipped);
  g_test_add_func ("/shopify-map/orders/line-items", test_line_items);
  g_test_add_func ("/shopify-map/orders/edges", test_edges);
  g_test_add_func ("/shopify-map/customers", test_customers);
  g_test_add_func ("/shopify-map/answer/errors", test_errors);
  g_test_add_func ("/shopify-map/answer/malformed", test_malformed);
  g_test_add_func ("/shopify-map/answer/deep-nesting", test_deep_nesting);
  g_test_add_func ("/shopify-map/answer/cost", test_cost);
  g_test_add_func ("/shopify-map/bulk/lines", test_bulk_lines);
  g_test_add_func ("/shopify-map/bulk/operation", test_bulk_operation);
  g_test_add_func ("/shopify-map/count", test_count);
  g_test_add_func ("/shopify-map/check", test_check);
  g_test_add_func ("/shopify-map/token", test_token);
  g_test_add_func ("/shopify-map/describe-error", test_describe_error);

  return g_test_run ();
}
