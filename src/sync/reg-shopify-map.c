/* reg-shopify-map.c: Shopify GraphQL Admin API questions and answers
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
#include "reg-shopify-map.h"
#include "reg-text.h"

/* Shopify's own error messages are quoted up to this many characters. */
#define MAX_MESSAGE_CHARS 200

/* Amounts and counts beyond 2^53 cannot be exact in a double, and
 * reg_money_parse() refuses them too. */
#define MAX_EXACT (G_GINT64_CONSTANT (1) << 53)

/* Longer than any ISO 8601 time Shopify writes ("2026-06-01T12:00:00Z"). */
#define MAX_DATE_LENGTH 64

/* Digits an amount may have before its decimal point: far more than 2^53
 * minor units need. */
#define MAX_INTEGER_DIGITS 40

/* Longer than any GID Shopify writes; a longer "id" is no ID. */
#define MAX_GID_LENGTH 200

/* An access token is a few dozen characters ("shpat_" and 32 hex digits). */
#define MAX_TOKEN_LENGTH 1024

/* A store's handle, the NAME of NAME.myshopify.com, is one DNS label. */
#define MAX_HANDLE_LENGTH 63

#define GID_PREFIX "gid://shopify/"

/* What each query asks for. The cost of a query is counted by Shopify's
 * rules (shopify.dev, "GraphQL Admin API rate limits"): an object 1, a
 * scalar or enum 0, a connection 2 plus its size times what each of its
 * nodes costs; a query may cost 1000 at most. A MoneyBag with its
 * shopMoney is 2. */

/* 1 (Order) + 2 (customer, its e-mail) + 1 (billingAddress) + 4 × 2 (money) */
#define ORDER_FIELDS \
  "id name email createdAt updatedAt processedAt cancelledAt displayFinancialStatus currencyCode " \
  "totalPriceSet { shopMoney { amount currencyCode } } " \
  "totalRefundedSet { shopMoney { amount currencyCode } } " \
  "totalDiscountsSet { shopMoney { amount currencyCode } } " \
  "totalShippingPriceSet { shopMoney { amount currencyCode } } " \
  "customer { id defaultEmailAddress { emailAddress } } " \
  "billingAddress { firstName lastName company address1 address2 city zip province countryCodeV2 phone }"
#define ORDER_COST 12

/* 1 (LineItem) + 2 (originalUnitPriceSet) */
#define LINE_ITEM_FIELDS \
  "name sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } }"
#define LINE_ITEM_COST 3

/* 1 (Customer) + 1 (defaultEmailAddress) + 1 (defaultPhoneNumber) + 1 (defaultAddress) */
#define CUSTOMER_FIELDS \
  "id firstName lastName " \
  "defaultEmailAddress { emailAddress marketingState marketingUpdatedAt } " \
  "defaultPhoneNumber { phoneNumber } " \
  "defaultAddress { firstName lastName company address1 address2 city zip province countryCodeV2 phone } " \
  "tags createdAt updatedAt"
#define CUSTOMER_COST 4

/* pageInfo is an object: 1 */
#define PAGE_INFO "pageInfo { hasNextPage endCursor }"
#define PAGE_INFO_COST 1

#define CONNECTION_COST(size, node_cost) (2 + PAGE_INFO_COST + (size) * (node_cost))

/* The pages the sync asks for at most. */
#define ORDER_PAGE REG_SHOPIFY_ORDER_PAGE
#define CUSTOMER_PAGE 200

/* 20 orders with their first ten line items: 2 + 1 + 20 × (12 + 2 + 1 + 10 × 3) = 903.
 * Eleven line items each would be 963, 25 orders 1128. */
G_STATIC_ASSERT (CONNECTION_COST (ORDER_PAGE,
                                  ORDER_COST + CONNECTION_COST (REG_SHOPIFY_ORDER_ITEMS, LINE_ITEM_COST)) <= 1000);
/* 200 customers: 2 + 1 + 200 × 4 = 803; 250 would be 1003. */
G_STATIC_ASSERT (CONNECTION_COST (CUSTOMER_PAGE, CUSTOMER_COST) <= 1000);
/* The rest of an order's line items: 1 + 2 + 1 + 250 × 3 = 754. */
G_STATIC_ASSERT (1 + CONNECTION_COST (REG_SHOPIFY_MAX_PAGE, LINE_ITEM_COST) <= 1000);

const char *const reg_shopify_orders_query =
  "query ($first: Int!, $after: String, $query: String) { "
  "orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) { "
  PAGE_INFO " nodes { " ORDER_FIELDS " "
  "lineItems(first: " G_STRINGIFY (REG_SHOPIFY_ORDER_ITEMS) ") { "
  PAGE_INFO " nodes { " LINE_ITEM_FIELDS " } } } } }";

const char *const reg_shopify_customers_query =
  "query ($first: Int!, $after: String, $query: String) { "
  "customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) { "
  PAGE_INFO " nodes { " CUSTOMER_FIELDS " } } }";

const char *const reg_shopify_line_items_query =
  "query ($id: ID!, $after: String) { node(id: $id) { ... on Order { id "
  "lineItems(first: " G_STRINGIFY (REG_SHOPIFY_MAX_PAGE) ", after: $after) { "
  PAGE_INFO " nodes { " LINE_ITEM_FIELDS " } } } } }";

const char *const reg_shopify_bulk_run_mutation =
  "mutation ($query: String!) { bulkOperationRunQuery(query: $query) { "
  "bulkOperation { id status } userErrors { field message } } }";

const char *const reg_shopify_bulk_poll_query =
  "query ($id: ID!) { node(id: $id) { ... on BulkOperation { "
  "id status errorCode objectCount url partialDataUrl } } }";

const char *const reg_shopify_orders_count_query =
  "query ($query: String) { ordersCount(query: $query, limit: null) { count } }";

const char *const reg_shopify_customers_count_query =
  "query ($query: String) { customersCount(query: $query, limit: null) { count } }";

const char *const reg_shopify_check_query =
  "{ shop { name myshopifyDomain } currentAppInstallation { accessScopes { handle } } "
  "ordersCount(limit: null) { count precision } }";

typedef enum
{
  VALUE_ABSENT,  /* not there, null, or empty text */
  VALUE_OK,
  VALUE_BAD,     /* there, but not what it should be */
} ValueState;

/* One line item as read, before it joins an order. */
typedef struct
{
  char   *name;
  char   *sku;
  gint64  quantity;
  gint64  price;
  char   *currency;  /* (nullable): of the price, when it had one */
} Item;

static void
item_clear (Item *item)
{
  g_clear_pointer (&item->name, g_free);
  g_clear_pointer (&item->sku, g_free);
  g_clear_pointer (&item->currency, g_free);
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = reg_json_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = reg_json_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_boolean_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = reg_json_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* A text member, valid UTF-8 and trimmed; %NULL when it is absent, null,
 * empty or no text. Whole numbers are taken as their digits. */
static char *
dup_text (JsonObject *object,
          const char *name)
{
  JsonNode *node = reg_json_get_member (object, name);
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_utf8_make_valid (json_node_get_string (node), -1);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    return NULL;

  return reg_text_strip (text);
}

/* A number that may be written with or without decimals ("maximumAvailable": 1000.0). */
static gboolean
read_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  if (!isfinite (*out) || *out < 0)
    {
      *out = 0;
      return FALSE;
    }

  return TRUE;
}

/* A whole number: a JSON integer, or its digits as text
 * ("objectCount": "42"). */
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
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      if (text[0] == '\0')
        return VALUE_ABSENT;

      return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL) ? VALUE_OK : VALUE_BAD;
    }

  return VALUE_BAD;
}

/* Reads a Decimal as Shopify writes it ("24.95", "2500.0", "-1.5") and
 * writes it again with exactly @places decimals ("24.95", "2500",
 * "-1.500"), so that reg_money_parse() cannot take it for another amount.
 * More decimals than @places must be zeros.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when it is no
 *   such amount */
static char *
normalize_amount (const char *text,
                  int         places)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;
  const char *int_start;
  const char *frac_start = NULL;
  gsize int_len;
  gsize frac_len = 0;
  gboolean negative = FALSE;

  g_assert (places >= 0);

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  int_start = p;
  while (g_ascii_isdigit (*p))
    p++;
  int_len = p - int_start;

  if (*p == '.')
    {
      frac_start = ++p;
      while (g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac_start;
    }

  if (*p != '\0' || int_len + frac_len == 0)
    return NULL;

  while (int_len > 1 && *int_start == '0')
    {
      int_start++;
      int_len--;
    }
  if (int_len > MAX_INTEGER_DIGITS)
    return NULL;

  for (gsize i = (gsize)places; i < frac_len; i++)
    if (frac_start[i] != '0')
      return NULL;

  if (int_len == 0)
    g_string_append_c (out, '0');
  else
    g_string_append_len (out, int_start, int_len);

  if (places > 0)
    {
      g_string_append_c (out, '.');
      for (gsize i = 0; i < (gsize)places; i++)
        g_string_append_c (out, i < frac_len ? frac_start[i] : '0');
    }

  if (negative && strspn (out->str, "0.") != out->len)
    g_string_prepend_c (out, '-');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A MoneyBag ("totalPriceSet": {"shopMoney": {"amount", "currencyCode"}})
 * in minor units of @currency; its own currency, when it says one, must
 * be that. On VALUE_BAD, @bad is what the shop sent (nullable). */
static ValueState
read_money_bag (JsonObject  *object,
                const char  *name,
                const char  *currency,
                gint64      *out,
                char       **bad)
{
  JsonNode *node = reg_json_get_member (object, name);
  JsonObject *money;
  g_autofree char *amount = NULL;
  g_autofree char *money_currency = NULL;
  g_autofree char *plain = NULL;

  if (node == NULL)
    return VALUE_ABSENT;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (money = reg_json_get_object_member (json_node_get_object (node), "shopMoney")) == NULL)
    {
      *bad = NULL;
      return VALUE_BAD;
    }

  /* Decimal is a text; a JSON number would have to go through a double. */
  amount = g_strdup (get_string_member (money, "amount"));
  money_currency = dup_text (money, "currencyCode");
  if (amount == NULL)
    {
      *bad = NULL;
      return VALUE_BAD;
    }

  g_strstrip (amount);
  if (money_currency != NULL && g_strcmp0 (money_currency, currency) != 0)
    {
      *bad = g_strconcat (amount, " ", money_currency, NULL);
      return VALUE_BAD;
    }

  if ((plain = normalize_amount (amount, reg_currency_exponent (currency))) == NULL ||
      !reg_money_parse (plain, currency, out, NULL))
    {
      *bad = g_steal_pointer (&amount);
      return VALUE_BAD;
    }

  return VALUE_OK;
}

/* A DateTime ("2026-06-01T12:00:00Z") as Unix seconds. A time without a
 * zone is read as UTC. On VALUE_BAD, @bad is what the shop sent. */
static ValueState
read_time (JsonObject  *object,
           const char  *name,
           gint64      *out,
           char       **bad)
{
  g_autofree char *text = dup_text (object, name);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return VALUE_ABSENT;

  utc = g_time_zone_new_utc ();
  if (strlen (text) > MAX_DATE_LENGTH || (dt = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    {
      *bad = g_steal_pointer (&text);
      return VALUE_BAD;
    }

  *out = g_date_time_to_unix (dt);

  return VALUE_OK;
}

/* The type of a GID: "Order" for "gid://shopify/Order/1". */
static char *
gid_type (const char *gid)
{
  const char *start;
  const char *slash;

  if (gid == NULL || !g_str_has_prefix (gid, GID_PREFIX))
    return NULL;

  start = gid + strlen (GID_PREFIX);
  if ((slash = strchr (start, '/')) == NULL || slash == start || slash[1] == '\0')
    return NULL;

  return g_strndup (start, slash - start);
}

/* Whether @text is a GID Regulars can keep: one line of printable ASCII,
 * of type @type when that is not %NULL. */
static gboolean
gid_is_valid (const char *text,
              const char *type)
{
  g_autofree char *found = NULL;

  if (text == NULL || strlen (text) > MAX_GID_LENGTH)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p <= 0x20 || (guchar)*p >= 0x7f)
      return FALSE;

  return (found = gid_type (text)) != NULL && (type == NULL || strcmp (found, type) == 0);
}

/* The record's number for a sentence: what follows the last "/" of its
 * GID ("gid://shopify/Customer/207119551" is customer 207119551). */
static char *
gid_label (const char *gid)
{
  const char *slash = strrchr (gid, '/');

  return g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : gid);
}

/* The "id" of a record: VALUE_OK with the GID in @gid, or VALUE_BAD with
 * what was sent, quoted, in @gid. */
static ValueState
read_gid (JsonObject  *object,
          const char  *type,
          char       **gid)
{
  JsonNode *node = reg_json_get_member (object, "id");
  const char *text;

  if (node == NULL)
    return VALUE_ABSENT;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *sent = dup_text (object, "id");

      *gid = reg_json_quote_text (sent);
      return VALUE_BAD;
    }

  text = json_node_get_string (node);
  if (text[0] == '\0')
    return VALUE_ABSENT;
  if (!gid_is_valid (text, type))
    {
      *gid = reg_json_quote_text (text);
      return VALUE_BAD;
    }

  *gid = g_strdup (text);

  return VALUE_OK;
}

static void
set_malformed (GError **error)
{
  g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED,
                       _("The store sent something Regulars cannot read."));
}

/* Shopify's own message, when it can be quoted: its first line, valid
 * UTF-8, shortened; %NULL when it is empty or could hold a token. */
static char *
quotable_message (const char *message)
{
  static const char *const token_marks[] = {
    "shpat_", "shpca_", "shppa_", "shpss_", "shpua_", "shptka_", "access_token", "X-Shopify-Access-Token",
  };
  g_autofree char *line = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *stripped = NULL;
  guint run = 0;

  if (message == NULL)
    return NULL;

  line = g_strndup (message, strcspn (message, "\r\n"));
  valid = g_utf8_make_valid (line, -1);
  for (char *p = valid; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      *p = ' ';

  for (guint i = 0; i < G_N_ELEMENTS (token_marks); i++)
    if (strstr (valid, token_marks[i]) != NULL)
      return NULL;

  /* A long run without a space may be a secret of some other kind. */
  for (const char *p = valid; *p != '\0'; p++)
    {
      run = *p == ' ' ? 0 : run + 1;
      if (run > 60)
        return NULL;
    }

  if ((stripped = reg_text_strip (valid)) == NULL)
    return NULL;

  if (g_utf8_strlen (stripped, -1) > MAX_MESSAGE_CHARS)
    {
      g_autofree char *start = g_utf8_substring (stripped, 0, MAX_MESSAGE_CHARS - 1);

      return g_strconcat (start, "…", NULL);
    }

  return g_steal_pointer (&stripped);
}

/* @sentence alone, or with what Shopify said after it. */
static char *
with_message (const char *sentence,
              const char *message)
{
  if (message == NULL)
    return g_strdup (sentence);

  /* Translators: the first %s is a sentence, the second Shopify's own message, in English */
  return g_strdup_printf (_("%s Shopify said: “%s”"), sentence, message);
}

/* The access scope a message names ("Required access: `read_orders`
 * access scope."), if it is one Regulars asks for; %NULL otherwise. Only
 * those are named back: what else a message holds is not repeated. */
static char *
find_scope (const char *text)
{
  static const char *const known[] = { "read_all_orders", "read_orders", "read_customers" };
  const char *p = text;

  while (p != NULL && (p = strstr (p, "read_")) != NULL)
    {
      gsize length = strspn (p, "abcdefghijklmnopqrstuvwxyz_");

      /* A word that only ends so ("unread_") is no scope. */
      for (guint i = 0; i < G_N_ELEMENTS (known) && (p == text || !g_ascii_isalnum (p[-1])); i++)
        if (length == strlen (known[i]) && strncmp (p, known[i], length) == 0)
          return g_strdup (known[i]);

      p += length;
    }

  return NULL;
}

/* What Regulars may not do without @scope, and where to give it. */
static char *
describe_missing_scope (const char *scope)
{
  if (g_strcmp0 (scope, "read_orders") == 0)
    /* Translators: %s is the name of a Shopify access scope, "read_orders" */
    return g_strdup_printf (_("Regulars may not read orders. In your Shopify admin, give the app the “%s” "
                              "permission (access scope)."), scope);
  if (g_strcmp0 (scope, "read_all_orders") == 0)
    /* Translators: %s is the name of a Shopify access scope, "read_all_orders" */
    return g_strdup_printf (_("Regulars may only read the orders of the last 60 days. In your Shopify admin, "
                              "give the app the “%s” permission (access scope)."), scope);
  if (g_strcmp0 (scope, "read_customers") == 0)
    /* Translators: %s is the name of a Shopify access scope, "read_customers" */
    return g_strdup_printf (_("Regulars may not read customers. In your Shopify admin, give the app the “%s” "
                              "permission (access scope)."), scope);
  return g_strdup (_("The store does not let Regulars read what it asked for. In your Shopify admin, give the "
                     "app the permissions (access scopes) “read_customers”, “read_orders” and "
                     "“read_all_orders”."));
}

/* The scope an ACCESS_DENIED error is about: named in its message or in
 * extensions.requiredAccess, or else told by the field it is about, the
 * last name of its path ("orders", "nodes", 0, "customer") or the one its
 * message names ("Access denied for customer field."). */
static char *
denied_scope (JsonObject *error_object)
{
  JsonObject *extensions = reg_json_get_object_member (error_object, "extensions");
  JsonArray *path = get_array_member (error_object, "path");
  const char *message = get_string_member (error_object, "message");
  g_autofree char *field = NULL;
  char *scope;

  if ((scope = find_scope (message)) != NULL ||
      (scope = find_scope (get_string_member (extensions, "requiredAccess"))) != NULL)
    return scope;

  for (guint i = path != NULL ? json_array_get_length (path) : 0; i > 0 && field == NULL; i--)
    {
      JsonNode *element = json_array_get_element (path, i - 1);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        field = g_strdup (json_node_get_string (element));
    }

  if (field == NULL && message != NULL && g_str_has_prefix (message, "Access denied for "))
    {
      const char *start = message + strlen ("Access denied for ");

      field = g_strndup (start, strspn (start, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    }

  if (g_strcmp0 (field, "orders") == 0 || g_strcmp0 (field, "order") == 0 ||
      g_strcmp0 (field, "ordersCount") == 0 || g_strcmp0 (field, "lineItems") == 0)
    return g_strdup ("read_orders");
  if (g_strcmp0 (field, "customers") == 0 || g_strcmp0 (field, "customer") == 0 ||
      g_strcmp0 (field, "customersCount") == 0 || g_strcmp0 (field, "defaultEmailAddress") == 0)
    return g_strdup ("read_customers");

  return NULL;
}

static const char *
error_code (JsonObject *error_object)
{
  return get_string_member (reg_json_get_object_member (error_object, "extensions"), "code");
}

static gboolean
error_is_throttled (JsonObject *error_object)
{
  const char *message = get_string_member (error_object, "message");

  return g_strcmp0 (error_code (error_object), "THROTTLED") == 0 ||
         (message != NULL && g_ascii_strcasecmp (message, "Throttled") == 0);
}

/* An "errors" that is a text ({"errors": "[API] Invalid API key or
 * access token (unrecognized login or wrong password)"}). */
static RegSyncError
describe_errors_text (const char  *text,
                      char       **description)
{
  g_autofree char *message = NULL;

  if (reg_json_contains_folded (text, "access token") || reg_json_contains_folded (text, "api key"))
    {
      *description = g_strdup (_("The store did not accept the access token: it is wrong, was revoked, or has "
                                 "expired. Enter the token again, or check the app’s client ID and secret."));
      return REG_SYNC_ERROR_AUTH;
    }
  if (reg_json_contains_folded (text, "throttled"))
    {
      *description = g_strdup (_("The store has had too many requests and asked Regulars to wait a moment."));
      return REG_SYNC_ERROR_RATE_LIMITED;
    }

  message = quotable_message (text);
  *description = with_message (_("Shopify did not accept what Regulars asked for."), message);

  return REG_SYNC_ERROR_BAD_REQUEST;
}

/* The error a GraphQL "errors" member stands for; %FALSE when it holds
 * none (absent, null, or an empty list). */
static gboolean
describe_graphql_errors (JsonNode      *errors,
                         RegSyncError  *code,
                         char         **description)
{
  g_autofree char *scope = NULL;
  const char *first_message = NULL;
  gboolean denied = FALSE;
  gboolean server = FALSE;
  JsonArray *array;
  guint n_errors;

  if (errors == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
    {
      *code = describe_errors_text (json_node_get_string (errors), description);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (errors))
    {
      *code = REG_SYNC_ERROR_BAD_REQUEST;
      *description = g_strdup (_("Shopify did not accept what Regulars asked for."));
      return TRUE;
    }

  array = json_node_get_array (errors);
  if ((n_errors = json_array_get_length (array)) == 0)
    return FALSE;

  for (guint i = 0; i < n_errors; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *error_code_text;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      object = json_node_get_object (element);
      error_code_text = error_code (object);

      /* A throttled answer is waited out, whatever else it says. */
      if (error_is_throttled (object))
        {
          *code = REG_SYNC_ERROR_RATE_LIMITED;
          *description = g_strdup (_("The store has had too many requests and asked Regulars to wait a "
                                     "moment."));
          return TRUE;
        }

      if (g_strcmp0 (error_code_text, "ACCESS_DENIED") == 0)
        {
          if (!denied)
            scope = denied_scope (object);
          denied = TRUE;
        }
      else if (g_strcmp0 (error_code_text, "INTERNAL_SERVER_ERROR") == 0)
        server = TRUE;

      if (first_message == NULL)
        first_message = get_string_member (object, "message");
    }

  if (denied)
    {
      *code = REG_SYNC_ERROR_FORBIDDEN;
      *description = describe_missing_scope (scope);
    }
  else if (server)
    {
      *code = REG_SYNC_ERROR_SERVER;
      *description = g_strdup (_("Shopify had a problem answering. Try again later."));
    }
  else
    {
      g_autofree char *message = quotable_message (first_message);

      *code = REG_SYNC_ERROR_BAD_REQUEST;
      *description = with_message (_("Shopify did not accept what Regulars asked for."), message);
    }

  return TRUE;
}

static void
read_cost (JsonObject     *root,
           RegShopifyCost *cost)
{
  JsonObject *object = reg_json_get_object_member (reg_json_get_object_member (root, "extensions"), "cost");
  JsonObject *throttle = reg_json_get_object_member (object, "throttleStatus");

  memset (cost, 0, sizeof *cost);
  read_number (reg_json_get_member (object, "requestedQueryCost"), &cost->requested);
  read_number (reg_json_get_member (object, "actualQueryCost"), &cost->actual);
  read_number (reg_json_get_member (throttle, "maximumAvailable"), &cost->maximum);
  read_number (reg_json_get_member (throttle, "currentlyAvailable"), &cost->available);
  read_number (reg_json_get_member (throttle, "restoreRate"), &cost->restore_rate);
}

/* The answer's "data", after its cost is read and its "errors" are
 * looked at; %NULL with @error set when there is no data to read. When
 * @tolerate_denied, ACCESS_DENIED errors alone do not stop the answer from
 * being read: the fields they are about are null. */
static JsonObject *
parse_answer (JsonParser      *parser,
              const char      *body,
              gsize            length,
              RegShopifyCost  *cost,
              gboolean         tolerate_denied,
              GError         **error)
{
  JsonNode *root = reg_json_parse_body (parser, body, length);
  JsonObject *object;
  JsonNode *errors;
  JsonObject *data;
  g_autofree char *description = NULL;
  RegSyncError code = REG_SYNC_ERROR_FAILED;

  if (cost != NULL)
    memset (cost, 0, sizeof *cost);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error);
      return NULL;
    }

  object = json_node_get_object (root);
  if (cost != NULL)
    read_cost (object, cost);

  data = reg_json_get_object_member (object, "data");
  errors = reg_json_get_member (object, "errors");
  if (describe_graphql_errors (errors, &code, &description) &&
      !(tolerate_denied && code == REG_SYNC_ERROR_FORBIDDEN && data != NULL))
    {
      g_set_error_literal (error, REG_SYNC_ERROR, code, description);
      return NULL;
    }

  if (data == NULL)
    {
      set_malformed (error);
      return NULL;
    }

  return data;
}

/* The nodes of a connection ("nodes": […], or "edges": [{"node"}]). */
static JsonArray *
connection_nodes (JsonObject *connection,
                  JsonArray **owned)
{
  JsonArray *nodes = get_array_member (connection, "nodes");
  JsonArray *edges;
  guint n_edges;

  if (nodes != NULL || (edges = get_array_member (connection, "edges")) == NULL)
    return nodes;

  n_edges = json_array_get_length (edges);
  *owned = json_array_sized_new (n_edges);
  for (guint i = 0; i < n_edges; i++)
    {
      JsonNode *edge = json_array_get_element (edges, i);
      JsonNode *node = NULL;

      if (JSON_NODE_HOLDS_OBJECT (edge))
        node = json_object_get_member (json_node_get_object (edge), "node");

      json_array_add_element (*owned, node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL));
    }

  return *owned;
}

/* pageInfo: whether there is more, and where it goes on. */
static void
read_page_info (JsonObject  *connection,
                gboolean    *has_next,
                char       **end_cursor)
{
  JsonObject *info = reg_json_get_object_member (connection, "pageInfo");
  const char *cursor = get_string_member (info, "endCursor");

  *has_next = get_boolean_member (info, "hasNextPage");
  *end_cursor = cursor != NULL && cursor[0] != '\0' && g_utf8_validate (cursor, -1, NULL) ? g_strdup (cursor) : NULL;
}

/* The address fields of a MailingAddress. */
static void
fill_contact (RegContact *contact,
              JsonObject *address)
{
  static const struct
  {
    const char      *name;
    RegContactField  field;
  } fields[] = {
    { "firstName", REG_CONTACT_FIELD_GIVEN_NAME },
    { "lastName", REG_CONTACT_FIELD_FAMILY_NAME },
    { "company", REG_CONTACT_FIELD_COMPANY },
    { "zip", REG_CONTACT_FIELD_POSTCODE },
    { "city", REG_CONTACT_FIELD_CITY },
    { "countryCodeV2", REG_CONTACT_FIELD_COUNTRY },
    { "phone", REG_CONTACT_FIELD_PHONE },
  };
  g_autofree char *street = dup_text (address, "address1");
  g_autofree char *street2 = dup_text (address, "address2");

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
}

/* Contacts are matched by e-mail: only what looks like an address counts. */
static void
set_email (RegContact *contact,
           const char *email)
{
  if (email != NULL && reg_text_email_looks_valid (email))
    reg_contact_set_email (contact, email);
}

static RegOrderStatus
status_from_shopify (const char *financial,
                     gboolean    cancelled)
{
  static const struct
  {
    const char     *shopify;
    RegOrderStatus  status;
  } statuses[] = {
    { "PAID", REG_ORDER_STATUS_PAID },
    { "PARTIALLY_REFUNDED", REG_ORDER_STATUS_PARTIALLY_REFUNDED },
    { "REFUNDED", REG_ORDER_STATUS_REFUNDED },
    { "PENDING", REG_ORDER_STATUS_PENDING },
    { "AUTHORIZED", REG_ORDER_STATUS_PENDING },
    { "PARTIALLY_PAID", REG_ORDER_STATUS_PENDING },
    { "VOIDED", REG_ORDER_STATUS_CANCELLED },
    { "EXPIRED", REG_ORDER_STATUS_CANCELLED },
  };

  if (cancelled)
    return REG_ORDER_STATUS_CANCELLED;

  for (guint i = 0; financial != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (strcmp (financial, statuses[i].shopify) == 0)
      return statuses[i].status;

  /* A status Shopify adds later: until it is known to be paid, an order
   * is no revenue. */
  return REG_ORDER_STATUS_PENDING;
}

static char *
bad_amount_reason (const char *label,
                   const char *bad)
{
  g_autofree char *quoted = NULL;

  if (bad == NULL)
    /* Translators: %s is an order number such as #1001 */
    return g_strdup_printf (_("Order %s has an amount Regulars cannot read."), label);

  quoted = reg_json_quote_text (bad);

  /* Translators: the first %s is an order number such as #1001, the second an amount as the store sent it */
  return g_strdup_printf (_("Order %s has an amount Regulars cannot read: “%s”."), label, quoted);
}

static char *
bad_date_reason (const char *label,
                 const char *bad)
{
  g_autofree char *quoted = reg_json_quote_text (bad);

  /* Translators: the first %s is an order number such as #1001, the second a date as the store sent it */
  return g_strdup_printf (_("Order %s has a date Regulars cannot read: “%s”."), label, quoted);
}

/* One LineItem. Its price is read in @currency, or, when that is %NULL,
 * in the currency it says (a bulk row knows no order). */
static gboolean
read_item (JsonNode    *node,
           const char  *label,
           const char  *currency,
           Item        *item,
           char       **reason)
{
  JsonObject *object;
  JsonObject *money;
  g_autofree char *bad = NULL;
  g_autofree char *item_currency = NULL;
  gint64 quantity = 1;
  ValueState state;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has a line Regulars cannot read."), label);
      return FALSE;
    }

  object = json_node_get_object (node);

  state = read_int (reg_json_get_member (object, "quantity"), &quantity);
  if (state == VALUE_BAD || (state == VALUE_OK && quantity > MAX_EXACT))
    {
      g_autofree char *text = dup_text (object, "quantity");
      g_autofree char *quoted = reg_json_quote_text (text);

      /* Translators: the first %s is an order number such as #1001, the second a quantity as the store sent it */
      *reason = g_strdup_printf (_("Order %s has a line with a quantity Regulars cannot read: “%s”."),
                                 label, quoted);
      return FALSE;
    }
  if (quantity < 0)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has a line with a negative quantity."), label);
      return FALSE;
    }

  if (currency == NULL)
    {
      money = reg_json_get_object_member (reg_json_get_object_member (object, "originalUnitPriceSet"), "shopMoney");
      item_currency = dup_text (money, "currencyCode");
      if (item_currency != NULL && !reg_currency_is_known (item_currency))
        {
          g_autofree char *quoted = reg_json_quote_text (item_currency);

          /* Translators: the first %s is an order number such as #1001, the second a currency code */
          *reason = g_strdup_printf (_("Order %s has an unknown currency “%s”."), label, quoted);
          return FALSE;
        }
      currency = item_currency;
    }

  /* A bulk row's price says its currency, or the row is of no use. */
  if (currency == NULL)
    {
      *reason = bad_amount_reason (label, NULL);
      return FALSE;
    }

  item->price = 0;
  if (read_money_bag (object, "originalUnitPriceSet", currency, &item->price, &bad) == VALUE_BAD)
    {
      *reason = bad_amount_reason (label, bad);
      return FALSE;
    }

  item->name = dup_text (object, "name");
  item->sku = dup_text (object, "sku");
  item->quantity = quantity;
  item->currency = g_strdup (currency);

  return TRUE;
}

/* The line items of @connection, read in @currency. */
static gboolean
read_items (JsonObject  *connection,
            const char  *label,
            const char  *currency,
            GArray      *items,
            char       **reason)
{
  g_autoptr(JsonArray) owned = NULL;
  JsonArray *nodes = connection_nodes (connection, &owned);
  guint n_nodes = nodes != NULL ? json_array_get_length (nodes) : 0;

  if (nodes == NULL)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has a line Regulars cannot read."), label);
      return FALSE;
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      Item item = { 0 };

      if (!read_item (json_array_get_element (nodes, i), label, currency, &item, reason))
        return FALSE;
      g_array_append_val (items, item);
    }

  return TRUE;
}

static GArray *
item_array_new (void)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  g_array_set_clear_func (items, (GDestroyNotify)item_clear);

  return items;
}

static void
add_items (RegOrder *order,
           GArray   *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      reg_order_add_item (order, item->name ? item->name : "", item->sku, item->quantity, item->price);
    }
}

/* Reads one order; %NULL with @reason set when it cannot be used. */
static RegShopifyOrder *
order_from_object (JsonObject  *object,
                   const char  *gid,
                   char       **reason)
{
  g_autoptr(RegShopifyOrder) shopify = g_new0 (RegShopifyOrder, 1);
  g_autoptr(GArray) items = item_array_new ();
  g_autofree char *name = dup_text (object, "name");
  g_autofree char *tail = gid_label (gid);
  g_autofree char *label = reg_json_quote_text (name ? name : tail);
  g_autofree char *currency = dup_text (object, "currencyCode");
  g_autofree char *financial = dup_text (object, "displayFinancialStatus");
  g_autofree char *bad = NULL;
  g_autofree char *email = dup_text (object, "email");
  JsonObject *customer = reg_json_get_object_member (object, "customer");
  JsonObject *billing;
  JsonObject *line_items;
  gint64 ordered_at = 0;
  gint64 cancelled_at = 0;
  gint64 total = 0;
  gint64 discount = 0;
  gint64 shipping = 0;
  gint64 refunded = 0;
  ValueState state;

  /* The shop's currency, which every shopMoney is in. */
  if (currency == NULL)
    currency = dup_text (reg_json_get_object_member (reg_json_get_object_member (object, "totalPriceSet"), "shopMoney"),
                         "currencyCode");
  if (currency == NULL)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has no currency."), label);
      return NULL;
    }
  if (!reg_currency_is_known (currency))
    {
      g_autofree char *quoted = reg_json_quote_text (currency);

      /* Translators: the first %s is an order number such as #1001, the second a currency code */
      *reason = g_strdup_printf (_("Order %s has an unknown currency “%s”."), label, quoted);
      return NULL;
    }

  /* processedAt is when it was bought; createdAt when Shopify saved it,
   * later for an order imported from elsewhere. */
  state = read_time (object, "processedAt", &ordered_at, &bad);
  if (state == VALUE_ABSENT)
    state = read_time (object, "createdAt", &ordered_at, &bad);
  if (state == VALUE_ABSENT)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has no date."), label);
      return NULL;
    }
  if (state == VALUE_BAD ||
      read_time (object, "updatedAt", &shopify->updated_at, &bad) == VALUE_BAD ||
      read_time (object, "cancelledAt", &cancelled_at, &bad) == VALUE_BAD)
    {
      *reason = bad_date_reason (label, bad);
      return NULL;
    }

  state = read_money_bag (object, "totalPriceSet", currency, &total, &bad);
  if (state == VALUE_ABSENT)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has no total."), label);
      return NULL;
    }
  if (state == VALUE_BAD ||
      read_money_bag (object, "totalDiscountsSet", currency, &discount, &bad) == VALUE_BAD ||
      read_money_bag (object, "totalShippingPriceSet", currency, &shipping, &bad) == VALUE_BAD ||
      read_money_bag (object, "totalRefundedSet", currency, &refunded, &bad) == VALUE_BAD)
    {
      *reason = bad_amount_reason (label, bad);
      return NULL;
    }
  if (total < 0 || discount < 0 || shipping < 0 || refunded < 0)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has a negative total."), label);
      return NULL;
    }

  if ((line_items = reg_json_get_object_member (object, "lineItems")) != NULL)
    {
      gboolean has_next = FALSE;
      g_autofree char *cursor = NULL;

      if (!read_items (line_items, label, currency, items, reason))
        return NULL;

      read_page_info (line_items, &has_next, &cursor);
      if (has_next)
        shopify->items_cursor = g_steal_pointer (&cursor);
    }
  else if (reg_json_get_member (object, "lineItems") != NULL)
    {
      /* Translators: %s is an order number such as #1001 */
      *reason = g_strdup_printf (_("Order %s has a line Regulars cannot read."), label);
      return NULL;
    }

  shopify->order = reg_order_new ();
  reg_order_set_origin (shopify->order, REG_ORIGIN_SHOPIFY);
  reg_order_set_remote_id (shopify->order, gid);
  reg_order_set_number (shopify->order, name ? name : tail);
  reg_order_set_currency (shopify->order, currency);
  reg_order_set_ordered_at (shopify->order, ordered_at);
  reg_order_set_modified_at (shopify->order, shopify->updated_at);
  reg_order_set_status (shopify->order, status_from_shopify (financial, cancelled_at != 0));
  reg_order_set_total (shopify->order, total);
  reg_order_set_discount (shopify->order, discount);
  reg_order_set_shipping (shopify->order, shipping);
  /* An order says how much was refunded, not when: refunded_at stays
   * unknown rather than made up. */
  reg_order_set_refunded (shopify->order, refunded);
  add_items (shopify->order, items);

  /* A customer id that cannot be read costs the order no more than that:
   * it is then linked by its e-mail, as a guest's. */
  {
    g_autofree char *customer_id = NULL;

    if (customer != NULL && read_gid (customer, "Customer", &customer_id) == VALUE_OK)
      shopify->customer_id = g_steal_pointer (&customer_id);
  }

  /* The order's own e-mail is what the buyer typed at the checkout; an
   * order placed by staff may have none, and then the account's counts. */
  if (email == NULL || !reg_text_email_looks_valid (email))
    {
      g_free (email);
      email = dup_text (reg_json_get_object_member (customer, "defaultEmailAddress"), "emailAddress");
    }

  shopify->billing = reg_contact_new ();
  reg_contact_set_origin (shopify->billing, REG_ORIGIN_SHOPIFY);
  if ((billing = reg_json_get_object_member (object, "billingAddress")) != NULL)
    fill_contact (shopify->billing, billing);
  set_email (shopify->billing, email);
  reg_contact_set_created_at (shopify->billing, ordered_at);

  /* Nobody to know the buyer by. */
  if (reg_contact_get_email (shopify->billing)[0] == '\0' &&
      reg_contact_get_given_name (shopify->billing)[0] == '\0' &&
      reg_contact_get_family_name (shopify->billing)[0] == '\0')
    g_clear_object (&shopify->billing);

  return g_steal_pointer (&shopify);
}

/* Reads one customer; %NULL with @reason set when it cannot be used. */
static RegShopifyCustomer *
customer_from_object (JsonObject  *object,
                      const char  *gid,
                      char       **reason)
{
  g_autoptr(RegShopifyCustomer) shopify = g_new0 (RegShopifyCustomer, 1);
  g_autofree char *label = gid_label (gid);
  g_autofree char *given = dup_text (object, "firstName");
  g_autofree char *family = dup_text (object, "lastName");
  g_autofree char *bad = NULL;
  g_autofree char *state = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  JsonObject *email_address = reg_json_get_object_member (object, "defaultEmailAddress");
  JsonObject *address = reg_json_get_object_member (object, "defaultAddress");
  JsonArray *tags = get_array_member (object, "tags");
  gint64 created_at = 0;
  gint64 consent_at = 0;

  shopify->remote_id = g_strdup (gid);
  shopify->contact = reg_contact_new ();
  reg_contact_set_origin (shopify->contact, REG_ORIGIN_SHOPIFY);

  /* The default address fills in; the account's own name wins. */
  if (address != NULL)
    fill_contact (shopify->contact, address);
  if (given != NULL)
    reg_contact_set_given_name (shopify->contact, given);
  if (family != NULL)
    reg_contact_set_family_name (shopify->contact, family);

  email = dup_text (email_address, "emailAddress");
  set_email (shopify->contact, email);

  phone = dup_text (reg_json_get_object_member (object, "defaultPhoneNumber"), "phoneNumber");
  if (phone != NULL)
    reg_contact_set_phone (shopify->contact, phone);

  if (read_time (object, "createdAt", &created_at, &bad) == VALUE_BAD ||
      read_time (object, "updatedAt", &shopify->updated_at, &bad) == VALUE_BAD ||
      read_time (email_address, "marketingUpdatedAt", &consent_at, &bad) == VALUE_BAD)
    {
      g_autofree char *quoted = reg_json_quote_text (bad);

      /* Translators: the first %s is a customer number, the second a date as the store sent it */
      *reason = g_strdup_printf (_("Customer %s has a date Regulars cannot read: “%s”."), label, quoted);
      return NULL;
    }
  reg_contact_set_created_at (shopify->contact, created_at);

  /* Consent belongs to the address: without one there is nothing to
   * consent with. PENDING waits for a confirmation (double opt-in) and
   * NOT_SUBSCRIBED was never asked: neither is a "yes" or a "no". */
  state = dup_text (email_address, "marketingState");
  if (reg_contact_get_email (shopify->contact)[0] != '\0' && state != NULL)
    {
      RegConsent consent = REG_CONSENT_UNKNOWN;

      if (strcmp (state, "SUBSCRIBED") == 0)
        consent = REG_CONSENT_YES;
      else if (strcmp (state, "UNSUBSCRIBED") == 0)
        consent = REG_CONSENT_NO;

      if (consent != REG_CONSENT_UNKNOWN)
        {
          reg_contact_set_consent (shopify->contact, consent);
          reg_contact_set_consent_at (shopify->contact, consent_at);
        }
    }

  if (tags != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      guint n_tags = json_array_get_length (tags);

      for (guint i = 0; i < n_tags; i++)
        {
          JsonNode *tag = json_array_get_element (tags, i);

          if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
            {
              g_autofree char *valid = g_utf8_make_valid (json_node_get_string (tag), -1);

              g_strv_builder_add (builder, valid);
            }
        }

      list = g_strv_builder_end (builder);
      if (list[0] != NULL)
        reg_contact_set_tags (shopify->contact, (const char * const *)list);
    }

  if (reg_contact_is_blank (shopify->contact))
    {
      /* Translators: %s is a customer number */
      *reason = g_strdup_printf (_("Customer %s has no name and no e-mail address."), label);
      return NULL;
    }

  return g_steal_pointer (&shopify);
}

typedef enum
{
  KIND_ORDERS,
  KIND_CUSTOMERS,
} PageKind;

/* One node of a page, into @records or @skipped. */
static void
read_node (JsonNode   *node,
           PageKind    kind,
           GPtrArray  *records,
           GPtrArray  *skipped)
{
  const char *type = kind == KIND_ORDERS ? "Order" : "Customer";
  g_autofree char *gid = NULL;
  g_autofree char *reason = NULL;
  gpointer record;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (skipped, reg_sync_skip_new (NULL, kind == KIND_ORDERS
                                                   ? _("An entry in the store’s list of orders is not an order.")
                                                   : _("An entry in the store’s list of customers is not a customer.")));
      return;
    }

  switch (read_gid (json_node_get_object (node), type, &gid))
    {
    case VALUE_ABSENT:
      g_ptr_array_add (skipped, reg_sync_skip_new (NULL, kind == KIND_ORDERS
                                                   ? _("An order from the store has no ID.")
                                                   : _("A customer from the store has no ID.")));
      return;

    case VALUE_BAD:
      reason = g_strdup_printf (kind == KIND_ORDERS
                                /* Translators: %s is an order ID as the store sent it */
                                ? _("An order from the store has an ID Regulars cannot read: “%s”.")
                                /* Translators: %s is a customer ID as the store sent it */
                                : _("A customer from the store has an ID Regulars cannot read: “%s”."), gid);
      g_ptr_array_add (skipped, reg_sync_skip_new (NULL, reason));
      return;

    case VALUE_OK:
    default:
      break;
    }

  if (kind == KIND_ORDERS)
    record = order_from_object (json_node_get_object (node), gid, &reason);
  else
    record = customer_from_object (json_node_get_object (node), gid, &reason);

  if (record != NULL)
    g_ptr_array_add (records, record);
  else
    g_ptr_array_add (skipped, reg_sync_skip_new (gid, reason));
}

static gboolean
parse_page (const char      *body,
            gsize            length,
            PageKind         kind,
            RegShopifyPage  *page,
            RegShopifyCost  *cost,
            GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonArray) owned = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autofree char *end_cursor = NULL;
  JsonObject *data;
  JsonObject *connection;
  JsonArray *nodes;
  gboolean has_next = FALSE;
  guint n_nodes;

  if ((data = parse_answer (parser, body, length, cost, FALSE, error)) == NULL)
    return FALSE;

  connection = reg_json_get_object_member (data, kind == KIND_ORDERS ? "orders" : "customers");
  if ((nodes = connection_nodes (connection, &owned)) == NULL)
    {
      set_malformed (error);
      return FALSE;
    }

  n_nodes = json_array_get_length (nodes);
  records = g_ptr_array_new_full (n_nodes, kind == KIND_ORDERS ? (GDestroyNotify)reg_shopify_order_free
                                                               : (GDestroyNotify)reg_shopify_customer_free);
  skipped = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_skip_free);

  for (guint i = 0; i < n_nodes; i++)
    read_node (json_array_get_element (nodes, i), kind, records, skipped);

  read_page_info (connection, &has_next, &end_cursor);

  reg_shopify_page_clear (page);
  page->records = g_steal_pointer (&records);
  page->skipped = g_steal_pointer (&skipped);
  page->has_next = has_next;
  page->end_cursor = g_steal_pointer (&end_cursor);
  page->n_records = n_nodes;

  return TRUE;
}

static gboolean
bulk_status_from_text (const char           *text,
                       RegShopifyBulkStatus *status)
{
  static const struct
  {
    const char           *shopify;
    RegShopifyBulkStatus  status;
  } statuses[] = {
    { "CREATED", REG_SHOPIFY_BULK_CREATED },
    { "RUNNING", REG_SHOPIFY_BULK_RUNNING },
    { "COMPLETED", REG_SHOPIFY_BULK_COMPLETED },
    { "CANCELING", REG_SHOPIFY_BULK_CANCELING },
    { "CANCELED", REG_SHOPIFY_BULK_CANCELED },
    { "FAILED", REG_SHOPIFY_BULK_FAILED },
    { "EXPIRED", REG_SHOPIFY_BULK_EXPIRED },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (strcmp (text, statuses[i].shopify) == 0)
      {
        *status = statuses[i].status;
        return TRUE;
      }

  return FALSE;
}

/* Where to download from: an address Regulars may follow. */
static gboolean
url_is_usable (const char *url)
{
  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    return FALSE;

  for (const char *p = url; *p != '\0'; p++)
    if ((guchar)*p <= 0x20 || (guchar)*p >= 0x7f)
      return FALSE;

  return TRUE;
}

static gboolean
read_bulk_operation (JsonObject              *object,
                     RegShopifyBulkOperation *operation)
{
  const char *id = get_string_member (object, "id");
  const char *url = get_string_member (object, "url");
  g_autofree char *error_code_text = dup_text (object, "errorCode");
  RegShopifyBulkStatus status;
  gint64 count = 0;

  if (!gid_is_valid (id, "BulkOperation") ||
      !bulk_status_from_text (get_string_member (object, "status"), &status))
    return FALSE;

  /* UnsignedInt64 comes as text: "0" when there were no rows. */
  if (read_int (reg_json_get_member (object, "objectCount"), &count) == VALUE_BAD || count < 0)
    count = 0;

  if (url != NULL && url[0] != '\0' && !url_is_usable (url))
    return FALSE;

  reg_shopify_bulk_operation_clear (operation);
  operation->id = g_strdup (id);
  operation->status = status;
  operation->error_code = g_steal_pointer (&error_code_text);
  operation->object_count = (guint64)count;
  operation->url = url != NULL && url[0] != '\0' ? g_strdup (url) : NULL;

  return TRUE;
}

/* The scopes @handles grant: a write scope includes the read one. */
static gboolean
scope_granted (GHashTable *handles,
               const char *scope)
{
  g_autofree char *write = NULL;

  if (g_hash_table_contains (handles, scope))
    return TRUE;

  if (!g_str_has_prefix (scope, "read_"))
    return FALSE;

  write = g_strconcat ("write_", scope + strlen ("read_"), NULL);

  return g_hash_table_contains (handles, write);
}

/* A store handle: one DNS label of lower-case letters, digits and "-". */
static gboolean
handle_is_valid (const char *handle)
{
  gsize length = strlen (handle);

  if (length == 0 || length > MAX_HANDLE_LENGTH || handle[0] == '-' || handle[length - 1] == '-')
    return FALSE;

  for (const char *p = handle; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/* Whether @host (with a port or not) is this computer. */
static gboolean
host_is_loopback (const char *host)
{
  g_autofree char *name = NULL;
  const char *colon;

  if (g_str_has_prefix (host, "[::1]"))
    return host[5] == '\0' || host[5] == ':';

  colon = strchr (host, ':');
  name = colon != NULL ? g_strndup (host, colon - host) : g_strdup (host);

  return g_ascii_strcasecmp (name, "localhost") == 0 || g_str_has_prefix (name, "127.");
}

static void
set_not_a_store (GError **error)
{
  g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_A_SHOP,
                       _("This is not a Shopify store address. Write it as your-store.myshopify.com."));
}

void
reg_shopify_order_free (RegShopifyOrder *order)
{
  if (order == NULL)
    return;

  g_clear_object (&order->order);
  g_clear_object (&order->billing);
  g_free (order->customer_id);
  g_free (order->items_cursor);
  g_free (order);
}

void
reg_shopify_customer_free (RegShopifyCustomer *customer)
{
  if (customer == NULL)
    return;

  g_clear_object (&customer->contact);
  g_free (customer->remote_id);
  g_free (customer);
}

/**
 * reg_shopify_page_clear:
 * @page: a page, all zeros or filled by a parser
 *
 * Frees what @page holds and sets it to all zeros again.
 */
void
reg_shopify_page_clear (RegShopifyPage *page)
{
  g_return_if_fail (page != NULL);

  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->skipped, g_ptr_array_unref);
  g_clear_pointer (&page->end_cursor, g_free);
  memset (page, 0, sizeof *page);
}

/**
 * reg_shopify_bulk_operation_clear:
 * @operation: a bulk operation, all zeros or filled by a parser
 *
 * Frees what @operation holds and sets it to all zeros again.
 */
void
reg_shopify_bulk_operation_clear (RegShopifyBulkOperation *operation)
{
  g_return_if_fail (operation != NULL);

  g_free (operation->id);
  g_free (operation->error_code);
  g_free (operation->url);
  memset (operation, 0, sizeof *operation);
}

/**
 * reg_shopify_line_clear:
 * @line: a line, all zeros or filled by reg_shopify_parse_bulk_line()
 *
 * Frees what @line holds, the line item's name and SKU too, and sets it
 * to all zeros again.
 */
void
reg_shopify_line_clear (RegShopifyLine *line)
{
  g_return_if_fail (line != NULL);

  g_clear_pointer (&line->order, reg_shopify_order_free);
  g_clear_pointer (&line->customer, reg_shopify_customer_free);
  g_clear_pointer (&line->skip, reg_sync_skip_free);
  g_free (line->parent_id);
  g_free (line->item.name);
  g_free (line->item.sku);
  g_free (line->item_currency);
  memset (line, 0, sizeof *line);
}

/**
 * reg_shopify_normalize_domain:
 * @text: a store's address as its owner wrote it
 * @error: return location for a #GError
 *
 * Turns "name", "name.myshopify.com", "https://name.myshopify.com/admin"
 * or "admin.shopify.com/store/name" into "https://name.myshopify.com".
 * A store's own domain ("www.myshop.com") is refused: the API answers
 * only at the .myshopify.com address. An http:// address of this
 * computer is kept as it is, for tests.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with
 *   %REG_SYNC_ERROR_NOT_A_SHOP
 */
char *
reg_shopify_normalize_domain (const char  *text,
                              GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *host = NULL;
  g_autofree char *handle = NULL;
  const char *rest;
  const char *path;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || (stripped = reg_text_strip (text)) == NULL)
    {
      set_not_a_store (error);
      return NULL;
    }

  /* Tests run a store on this computer. */
  if (g_ascii_strncasecmp (stripped, "http://", strlen ("http://")) == 0)
    {
      const char *start = stripped + strlen ("http://");
      g_autofree char *loopback_host = g_strndup (start, strcspn (start, "/?#"));

      if (host_is_loopback (loopback_host))
        {
          gsize length = strlen (stripped);

          while (length > 0 && stripped[length - 1] == '/')
            stripped[--length] = '\0';
          return g_steal_pointer (&stripped);
        }
    }

  lower = g_ascii_strdown (stripped, -1);
  rest = lower;
  if (g_str_has_prefix (rest, "https://"))
    rest += strlen ("https://");
  else if (g_str_has_prefix (rest, "http://"))
    rest += strlen ("http://");

  host = g_strndup (rest, strcspn (rest, "/?#"));
  path = rest + strlen (host);

  /* The admin's own address names the store in its path. */
  if (strcmp (host, "admin.shopify.com") == 0)
    {
      if (g_str_has_prefix (path, "/store/"))
        {
          const char *start = path + strlen ("/store/");

          handle = g_strndup (start, strcspn (start, "/?#"));
        }
    }
  else if (g_str_has_suffix (host, ".myshopify.com"))
    handle = g_strndup (host, strlen (host) - strlen (".myshopify.com"));
  else if (strcmp (host, "myshopify.com") == 0 || strcmp (host, "shopify.com") == 0 ||
           g_str_has_suffix (host, ".shopify.com"))
    handle = NULL;
  else if (strpbrk (host, ".:@") == NULL)
    handle = g_strdup (host);
  else if (strpbrk (host, ":@ ") == NULL && strchr (host, '.') != NULL && host[0] != '.' &&
           g_utf8_strlen (host, -1) <= 253)
    {
      g_autofree char *quoted = reg_json_quote_text (host);

      g_set_error (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_A_SHOP,
                   /* Translators: %s is a web address such as www.myshop.com */
                   _("“%s” is your shop’s own domain, but Regulars needs the store’s .myshopify.com address. "
                     "You find it in your Shopify admin under Settings → Domains."), quoted);
      return NULL;
    }

  if (handle == NULL || !handle_is_valid (handle))
    {
      set_not_a_store (error);
      return NULL;
    }

  return g_strconcat ("https://", handle, ".myshopify.com", NULL);
}

/**
 * reg_shopify_request_body:
 * @query: a GraphQL document
 * @...: pairs of a variable's name and its value as text (nullable),
 *   ending with %NULL
 *
 * Writes the body of a GraphQL request. Values are text, except "first",
 * which is sent as a number; a %NULL value is sent as null.
 *
 * Returns: (transfer full): the JSON text
 */
char *
reg_shopify_request_body (const char *query,
                          ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *name;
  va_list args;

  g_return_val_if_fail (query != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  json_builder_set_member_name (builder, "variables");
  json_builder_begin_object (builder);

  va_start (args, query);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      gint64 number;

      json_builder_set_member_name (builder, name);
      if (value == NULL)
        json_builder_add_null_value (builder);
      else if (strcmp (name, "first") == 0 &&
               g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &number, NULL))
        json_builder_add_int_value (builder, number);
      else
        {
          if (strcmp (name, "first") == 0)
            g_critical ("“first” must be a count, not “%s”", value);
          json_builder_add_string_value (builder, value);
        }
    }
  va_end (args);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * reg_shopify_bulk_query:
 * @orders: %TRUE for orders with their line items, %FALSE for customers
 * @since: Unix seconds; records updated after then, or all when 0
 *
 * Writes the query of a bulk operation, for reg_shopify_bulk_run_mutation.
 * A bulk query has no pages: connections take no "first", and nested
 * line items come as rows of their own, with "__parentId".
 *
 * Returns: (transfer full): the query's text
 */
char *
reg_shopify_bulk_query (gboolean orders,
                        gint64   since)
{
  g_autofree char *arguments = NULL;

  if (since != 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (since);
      g_autofree char *iso = dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;

      if (iso != NULL)
        arguments = g_strdup_printf ("(query: \"updated_at:>'%s'\")", iso);
    }

  if (orders)
    return g_strconcat ("{ orders", arguments ? arguments : "", " { edges { node { ", ORDER_FIELDS, " ",
                        "lineItems { edges { node { ", LINE_ITEM_FIELDS, " } } } } } } }", NULL);

  return g_strconcat ("{ customers", arguments ? arguments : "", " { edges { node { ", CUSTOMER_FIELDS,
                      " } } } }", NULL);
}

/**
 * reg_shopify_parse_cost:
 * @body: (array length=length): an answer
 * @length: its length in bytes
 * @cost: (out caller-allocates): the answer's extensions.cost, all 0 when
 *   it has none
 *
 * Returns: whether the answer said what it cost
 */
gboolean
reg_shopify_parse_cost (const char     *body,
                        gsize           length,
                        RegShopifyCost *cost)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (cost != NULL, FALSE);

  memset (cost, 0, sizeof *cost);
  if ((root = reg_json_parse_body (parser, body, length)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  if (reg_json_get_object_member (reg_json_get_object_member (object, "extensions"), "cost") == NULL)
    return FALSE;

  read_cost (object, cost);

  return TRUE;
}

/**
 * reg_shopify_parse_orders:
 * @body: (array length=length): the answer to reg_shopify_orders_query
 * @length: its length in bytes
 * @page: (out caller-allocates): all zeros, or a page to be cleared and
 *   filled; left alone on error
 * @cost: (out caller-allocates) (optional): what the answer cost
 * @error: return location for a #GError
 *
 * Reads a page of orders. An order that cannot be used is skipped with a
 * reason for the shop owner and never stops the rest of the page.
 *
 * Returns: whether @page was filled
 */
gboolean
reg_shopify_parse_orders (const char      *body,
                          gsize            length,
                          RegShopifyPage  *page,
                          RegShopifyCost  *cost,
                          GError         **error)
{
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse_page (body, length, KIND_ORDERS, page, cost, error);
}

/**
 * reg_shopify_parse_customers:
 * @body: (array length=length): the answer to reg_shopify_customers_query
 * @length: its length in bytes
 * @page: (out caller-allocates): as for reg_shopify_parse_orders()
 * @cost: (out caller-allocates) (optional): what the answer cost
 * @error: return location for a #GError
 *
 * Reads a page of customers, as reg_shopify_parse_orders() reads orders.
 *
 * Returns: whether @page was filled
 */
gboolean
reg_shopify_parse_customers (const char      *body,
                             gsize            length,
                             RegShopifyPage  *page,
                             RegShopifyCost  *cost,
                             GError         **error)
{
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse_page (body, length, KIND_CUSTOMERS, page, cost, error);
}

/**
 * reg_shopify_parse_line_items:
 * @body: (array length=length): the answer to reg_shopify_line_items_query
 * @length: its length in bytes
 * @order: the order they belong to, with its currency
 * @cursor: (out) (transfer full) (nullable): where the next page of line
 *   items starts, %NULL when there are no more
 * @cost: (out caller-allocates) (optional): what the answer cost
 * @error: return location for a #GError
 *
 * Adds the line items in @body to @order: all of them, or, on error,
 * none.
 *
 * Returns: %FALSE with %REG_SYNC_ERROR_NOT_FOUND when the store no longer
 *   has the order, %REG_SYNC_ERROR_MALFORMED when a line item cannot be
 *   read, or the error of the answer
 */
gboolean
reg_shopify_parse_line_items (const char      *body,
                              gsize            length,
                              RegOrder        *order,
                              char           **cursor,
                              RegShopifyCost  *cost,
                              GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) items = item_array_new ();
  g_autofree char *reason = NULL;
  g_autofree char *label = NULL;
  g_autofree char *end_cursor = NULL;
  JsonObject *data;
  JsonObject *node;
  JsonObject *connection;
  const char *currency;
  gboolean has_next = FALSE;

  g_return_val_if_fail (REG_IS_ORDER (order), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((data = parse_answer (parser, body, length, cost, FALSE, error)) == NULL)
    return FALSE;

  if ((node = reg_json_get_object_member (data, "node")) == NULL)
    {
      if (reg_json_get_member (data, "node") == NULL && json_object_has_member (data, "node"))
        g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_FOUND,
                             _("The store no longer has this order."));
      else
        set_malformed (error);
      return FALSE;
    }

  if ((connection = reg_json_get_object_member (node, "lineItems")) == NULL)
    {
      set_malformed (error);
      return FALSE;
    }

  currency = reg_order_get_currency (order);
  label = reg_json_quote_text (reg_order_get_number (order));
  if (currency == NULL || !reg_currency_is_known (currency))
    {
      set_malformed (error);
      return FALSE;
    }

  if (!read_items (connection, label, currency, items, &reason))
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_MALFORMED, reason);
      return FALSE;
    }

  read_page_info (connection, &has_next, &end_cursor);

  add_items (order, items);
  *cursor = has_next ? g_steal_pointer (&end_cursor) : NULL;

  return TRUE;
}

/**
 * reg_shopify_parse_bulk_operation:
 * @body: (array length=length): the answer to reg_shopify_bulk_run_mutation
 *   or to reg_shopify_bulk_poll_query
 * @length: its length in bytes
 * @operation: (out caller-allocates): all zeros, or an operation to be
 *   cleared and filled; left alone on error
 * @cost: (out caller-allocates) (optional): what the answer cost
 * @error: return location for a #GError
 *
 * Returns: %FALSE with %REG_SYNC_ERROR_BAD_REQUEST quoting Shopify when
 *   it would not start the operation ("A bulk query operation for this
 *   app and shop is already in progress"), %REG_SYNC_ERROR_NOT_FOUND when
 *   it no longer knows it, or the error of the answer
 */
gboolean
reg_shopify_parse_bulk_operation (const char               *body,
                                  gsize                     length,
                                  RegShopifyBulkOperation  *operation,
                                  RegShopifyCost           *cost,
                                  GError                  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *data;
  JsonObject *object = NULL;
  JsonObject *payload;

  g_return_val_if_fail (operation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((data = parse_answer (parser, body, length, cost, FALSE, error)) == NULL)
    return FALSE;

  if ((payload = reg_json_get_object_member (data, "bulkOperationRunQuery")) != NULL)
    {
      JsonArray *user_errors = get_array_member (payload, "userErrors");

      if (user_errors != NULL && json_array_get_length (user_errors) > 0)
        {
          JsonNode *first = json_array_get_element (user_errors, 0);
          g_autofree char *message = NULL;
          g_autofree char *description = NULL;

          if (JSON_NODE_HOLDS_OBJECT (first))
            message = quotable_message (get_string_member (json_node_get_object (first), "message"));
          description = with_message (_("Shopify would not start reading the whole store."), message);
          g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_BAD_REQUEST, description);
          return FALSE;
        }

      object = reg_json_get_object_member (payload, "bulkOperation");
    }
  else if (json_object_has_member (data, "node"))
    {
      if ((object = reg_json_get_object_member (data, "node")) == NULL && reg_json_get_member (data, "node") == NULL)
        {
          g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NOT_FOUND,
                               _("Shopify no longer knows the reading of the whole store that Regulars "
                                 "started."));
          return FALSE;
        }
    }
  else
    object = reg_json_get_object_member (data, "currentBulkOperation");

  if (object == NULL || !read_bulk_operation (object, operation))
    {
      set_malformed (error);
      return FALSE;
    }

  return TRUE;
}

/**
 * reg_shopify_parse_bulk_line:
 * @line: (array length=length): one line of a bulk operation's JSONL
 * @length: its length in bytes
 * @out: (out caller-allocates): all zeros, or a line to be cleared and
 *   filled; left alone on error
 * @error: return location for a #GError
 *
 * Reads one row: an order, a customer, or a line item of the order its
 * "__parentId" names. A row that cannot be used is %REG_SHOPIFY_LINE_SKIPPED
 * with a reason; one of another kind, or a blank line, is
 * %REG_SHOPIFY_LINE_OTHER.
 *
 * Returns: %FALSE with %REG_SYNC_ERROR_MALFORMED when the line is no JSON
 *   object
 */
gboolean
reg_shopify_parse_bulk_line (const char      *line,
                             gsize            length,
                             RegShopifyLine  *out,
                             GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *type = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *parent_type = NULL;
  RegShopifyLine result = { 0 };
  const char *id;
  const char *parent;
  JsonObject *object;
  JsonNode *root;
  gsize blank = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (line != NULL && blank < length && g_ascii_isspace (line[blank]))
    blank++;
  if (line == NULL || blank == length)
    {
      reg_shopify_line_clear (out);
      out->kind = REG_SHOPIFY_LINE_OTHER;
      return TRUE;
    }

  if ((root = reg_json_parse_body (parser, line, length)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error);
      return FALSE;
    }

  object = json_node_get_object (root);
  id = get_string_member (object, "id");
  parent = get_string_member (object, "__parentId");
  type = gid_type (id);
  parent_type = gid_type (parent);

  if (g_strcmp0 (type, "Order") == 0 && parent == NULL)
    {
      if (!gid_is_valid (id, "Order"))
        {
          g_autofree char *quoted = reg_json_quote_text (id);

          /* Translators: %s is an order ID as the store sent it */
          reason = g_strdup_printf (_("An order from the store has an ID Regulars cannot read: “%s”."), quoted);
          result.kind = REG_SHOPIFY_LINE_SKIPPED;
          result.skip = reg_sync_skip_new (NULL, reason);
        }
      else if ((result.order = order_from_object (object, id, &reason)) != NULL)
        result.kind = REG_SHOPIFY_LINE_ORDER;
      else
        {
          result.kind = REG_SHOPIFY_LINE_SKIPPED;
          result.skip = reg_sync_skip_new (id, reason);
        }
    }
  else if (g_strcmp0 (type, "Customer") == 0 && parent == NULL)
    {
      if (!gid_is_valid (id, "Customer"))
        {
          g_autofree char *quoted = reg_json_quote_text (id);

          /* Translators: %s is a customer ID as the store sent it */
          reason = g_strdup_printf (_("A customer from the store has an ID Regulars cannot read: “%s”."), quoted);
          result.kind = REG_SHOPIFY_LINE_SKIPPED;
          result.skip = reg_sync_skip_new (NULL, reason);
        }
      else if ((result.customer = customer_from_object (object, id, &reason)) != NULL)
        result.kind = REG_SHOPIFY_LINE_CUSTOMER;
      else
        {
          result.kind = REG_SHOPIFY_LINE_SKIPPED;
          result.skip = reg_sync_skip_new (id, reason);
        }
    }
  else if (g_strcmp0 (parent_type, "Order") == 0 && gid_is_valid (parent, "Order") &&
           (type == NULL || strcmp (type, "LineItem") == 0))
    {
      g_autofree char *tail = gid_label (parent);
      g_autofree char *label = reg_json_quote_text (tail);
      Item item = { 0 };

      if (read_item (root, label, NULL, &item, &reason))
        {
          result.kind = REG_SHOPIFY_LINE_ITEM;
          result.parent_id = g_strdup (parent);
          result.item.name = g_strdup (item.name ? item.name : "");
          result.item.sku = g_steal_pointer (&item.sku);
          result.item.quantity = item.quantity;
          result.item.price = item.price;
          result.item_currency = g_steal_pointer (&item.currency);
          item_clear (&item);
        }
      else
        {
          result.kind = REG_SHOPIFY_LINE_SKIPPED;
          result.skip = reg_sync_skip_new (parent, reason);
        }
    }
  else
    result.kind = REG_SHOPIFY_LINE_OTHER;

  reg_shopify_line_clear (out);
  *out = result;

  return TRUE;
}

/**
 * reg_shopify_parse_check:
 * @body: (array length=length): the answer to reg_shopify_check_query
 * @length: its length in bytes
 * @shop_name: (out) (transfer full) (optional): the store's name
 * @missing_scopes: (out) (transfer full) (optional): those of
 *   read_customers, read_orders and read_all_orders the token lacks;
 *   empty when none
 * @n_orders: (out) (optional): how many orders the store has, 0 when
 *   the token may not count them
 * @cost: (out caller-allocates) (optional): what the answer cost
 * @error: return location for a #GError
 *
 * A token without read_orders still gets the store's name and scopes,
 * with an ACCESS_DENIED error for ordersCount: that answer is read too.
 *
 * Returns: whether the out arguments were set
 */
gboolean
reg_shopify_parse_check (const char      *body,
                         gsize            length,
                         char           **shop_name,
                         GStrv           *missing_scopes,
                         guint64         *n_orders,
                         RegShopifyCost  *cost,
                         GError         **error)
{
  static const char *const needed[] = { "read_customers", "read_orders", "read_all_orders" };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) handles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  JsonObject *data;
  JsonObject *shop;
  JsonObject *installation;
  JsonArray *scopes;
  gint64 count = 0;
  guint n_scopes;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((data = parse_answer (parser, body, length, cost, TRUE, error)) == NULL)
    return FALSE;

  shop = reg_json_get_object_member (data, "shop");
  installation = reg_json_get_object_member (data, "currentAppInstallation");
  if (shop == NULL || (scopes = get_array_member (installation, "accessScopes")) == NULL)
    {
      g_autofree char *description = NULL;
      RegSyncError code = REG_SYNC_ERROR_MALFORMED;

      /* Refused more than ordersCount: that is the error, not the shape. */
      if (describe_graphql_errors (reg_json_get_member (json_node_get_object (json_parser_get_root (parser)), "errors"),
                                   &code, &description))
        g_set_error_literal (error, REG_SYNC_ERROR, code, description);
      else
        set_malformed (error);
      return FALSE;
    }

  n_scopes = json_array_get_length (scopes);
  for (guint i = 0; i < n_scopes; i++)
    {
      JsonNode *scope = json_array_get_element (scopes, i);
      const char *handle;

      if (JSON_NODE_HOLDS_OBJECT (scope) &&
          (handle = get_string_member (json_node_get_object (scope), "handle")) != NULL)
        g_hash_table_add (handles, (gpointer)handle);
    }

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (!scope_granted (handles, needed[i]))
      g_strv_builder_add (missing, needed[i]);

  if (read_int (reg_json_get_member (reg_json_get_object_member (data, "ordersCount"), "count"), &count) != VALUE_OK || count < 0)
    count = 0;

  if (shop_name != NULL)
    *shop_name = dup_text (shop, "name");
  if (missing_scopes != NULL)
    *missing_scopes = g_strv_builder_end (missing);
  if (n_orders != NULL)
    *n_orders = (guint64)count;

  return TRUE;
}

/* What the client credentials grant's "error" means for the owner. */
static char *
describe_token_error (const char *code,
                      const char *detail)
{
  g_autofree char *message = quotable_message (detail);

  if (g_strcmp0 (code, "invalid_client") == 0)
    return g_strdup (_("Shopify did not accept the app’s client ID and secret. Copy both again from the app’s "
                       "settings in the Shopify Dev Dashboard."));
  if (g_strcmp0 (code, "app_not_installed") == 0)
    return g_strdup (_("The app is not installed in this store. Install it from the Shopify Dev Dashboard, "
                       "then try again."));
  if (g_strcmp0 (code, "shop_not_permitted") == 0)
    return g_strdup (_("Shopify gives tokens this way only to apps of the organization that owns the store. "
                       "Create the app in the Dev Dashboard of the store’s own organization."));

  return with_message (_("Shopify did not give Regulars an access token."), message);
}

/**
 * reg_shopify_parse_token:
 * @body: (array length=length): the answer to the client credentials
 *   grant (POST /admin/oauth/access_token)
 * @length: its length in bytes
 * @token: (out) (transfer full): the access token
 * @expires_in: (out) (optional): for how many seconds it is good, 0 if
 *   not said
 * @error: return location for a #GError
 *
 * Returns: %FALSE with %REG_SYNC_ERROR_AUTH when Shopify refused
 *   ({"error", "error_description"}), %REG_SYNC_ERROR_MALFORMED when the
 *   answer holds no token
 */
gboolean
reg_shopify_parse_token (const char  *body,
                         gsize        length,
                         char       **token,
                         gint64      *expires_in,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root = reg_json_parse_body (parser, body, length);
  JsonObject *object;
  const char *access_token;
  const char *error_code_text;
  JsonNode *errors;
  gint64 seconds = 0;

  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error);
      return FALSE;
    }

  object = json_node_get_object (root);
  access_token = get_string_member (object, "access_token");

  if (access_token != NULL && access_token[0] != '\0')
    {
      gsize token_length = strlen (access_token);

      /* It goes into a header as it is. */
      for (gsize i = 0; i < token_length; i++)
        if ((guchar)access_token[i] <= 0x20 || (guchar)access_token[i] >= 0x7f)
          token_length = 0;

      if (token_length == 0 || token_length > MAX_TOKEN_LENGTH)
        {
          set_malformed (error);
          return FALSE;
        }

      if (read_int (reg_json_get_member (object, "expires_in"), &seconds) != VALUE_OK || seconds < 0)
        seconds = 0;

      *token = g_strdup (access_token);
      if (expires_in != NULL)
        *expires_in = seconds;

      return TRUE;
    }

  if ((error_code_text = get_string_member (object, "error")) != NULL)
    {
      g_autofree char *description = describe_token_error (error_code_text,
                                                           get_string_member (object, "error_description"));

      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_AUTH, description);
      return FALSE;
    }

  if ((errors = reg_json_get_member (object, "errors")) != NULL)
    {
      g_autofree char *message = NULL;
      g_autofree char *description = NULL;

      if (JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
        message = quotable_message (json_node_get_string (errors));
      description = with_message (_("Shopify did not give Regulars an access token."), message);
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_AUTH, description);
      return FALSE;
    }

  set_malformed (error);

  return FALSE;
}

/**
 * reg_shopify_describe_error:
 * @http_status: the answer's HTTP status
 * @body: (nullable) (array length=length): its body
 * @length: its length in bytes
 * @code: (out) (optional): what kind of error it is, for the caller to act on
 *
 * Turns an answer with an HTTP error status into words for a shop owner.
 * Shopify's own message is quoted only when it is short and could hold
 * no token; a token is never repeated.
 *
 * Returns: (transfer full): the description, one or two sentences
 */
char *
reg_shopify_describe_error (guint          http_status,
                            const char    *body,
                            gsize          length,
                            RegSyncError  *code)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *message = NULL;
  g_autofree char *scope = NULL;
  JsonNode *root = reg_json_parse_body (parser, body, length);
  JsonObject *object = NULL;
  JsonNode *errors = NULL;
  const char *oauth_error = NULL;
  RegSyncError unused;

  if (code == NULL)
    code = &unused;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      object = json_node_get_object (root);
      errors = reg_json_get_member (object, "errors");
      oauth_error = get_string_member (object, "error");

      /* {"errors": "…"}, {"errors": [{"message"}]}, {"errors": {"query": "…"}} */
      if (errors != NULL && JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
        message = quotable_message (json_node_get_string (errors));
      else if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) &&
               json_array_get_length (json_node_get_array (errors)) > 0 &&
               JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (errors), 0)))
        message = quotable_message (get_string_member (
          json_node_get_object (json_array_get_element (json_node_get_array (errors), 0)), "message"));
      else if (errors != NULL && JSON_NODE_HOLDS_OBJECT (errors))
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (errors));

          if (members != NULL)
            message = quotable_message (get_string_member (json_node_get_object (errors), members->data));
        }
      else if (oauth_error != NULL)
        message = quotable_message (get_string_member (object, "error_description"));
    }

  if (http_status == 401)
    {
      *code = REG_SYNC_ERROR_AUTH;
      if (oauth_error != NULL)
        return describe_token_error (oauth_error, get_string_member (object, "error_description"));
      return g_strdup (_("The store did not accept the access token: it is wrong, was revoked, or has expired. "
                         "Enter the token again, or check the app’s client ID and secret."));
    }

  if (http_status == 402)
    {
      *code = REG_SYNC_ERROR_FAILED;
      return g_strdup (_("The store is frozen because its Shopify bill is unpaid. Regulars can read it again "
                         "once the bill is paid."));
    }

  if (http_status == 403)
    {
      *code = REG_SYNC_ERROR_FORBIDDEN;
      if ((scope = find_scope (message)) != NULL)
        return describe_missing_scope (scope);
      return with_message (_("The store does not let this app read its data. In your Shopify admin, check the "
                             "app’s permissions (access scopes)."), message);
    }

  if (http_status == 404)
    {
      *code = REG_SYNC_ERROR_NOT_A_SHOP;
      return g_strdup (_("There is no Shopify store at this address, or it does not offer the API version "
                         "Regulars asked for. Check the store’s .myshopify.com address."));
    }

  if (http_status == 423)
    {
      *code = REG_SYNC_ERROR_FAILED;
      return g_strdup (_("Shopify has locked this store. Its owner needs to contact Shopify’s support."));
    }

  if (http_status == 429)
    {
      *code = REG_SYNC_ERROR_RATE_LIMITED;
      return g_strdup (_("The store has had too many requests and asked Regulars to wait a moment."));
    }

  if (http_status >= 500 && http_status <= 599)
    {
      *code = REG_SYNC_ERROR_SERVER;
      /* Translators: %u is an HTTP status such as 500 */
      return g_strdup_printf (_("Shopify’s servers have a problem (error %u). Try again later."), http_status);
    }

  if (http_status == 400)
    {
      *code = REG_SYNC_ERROR_BAD_REQUEST;
      if (oauth_error != NULL)
        {
          *code = REG_SYNC_ERROR_AUTH;
          return describe_token_error (oauth_error, get_string_member (object, "error_description"));
        }
      return with_message (_("Shopify did not accept what Regulars asked for."), message);
    }

  if (http_status >= 400)
    {
      g_autofree char *sentence = NULL;

      *code = REG_SYNC_ERROR_FAILED;
      /* Translators: %u is an HTTP status such as 405 */
      sentence = g_strdup_printf (_("Shopify refused the request (error %u)."), http_status);
      return with_message (sentence, message);
    }

  /* A success that says it failed. */
  {
    g_autofree char *description = NULL;

    if (describe_graphql_errors (errors, code, &description))
      return g_steal_pointer (&description);
  }

  if (oauth_error != NULL)
    {
      *code = REG_SYNC_ERROR_AUTH;
      return describe_token_error (oauth_error, get_string_member (object, "error_description"));
    }

  /* A web page where the API should be: a shop's own domain, or no shop. */
  if (root == NULL && body != NULL && memchr (body, '<', length) != NULL)
    {
      *code = REG_SYNC_ERROR_NOT_A_SHOP;
      return g_strdup (_("A web page answered where Shopify’s API should be. Check that the address is the "
                         "store’s .myshopify.com address."));
    }

  *code = REG_SYNC_ERROR_MALFORMED;

  return g_strdup (_("The store sent something Regulars cannot read."));
}

/**
 * reg_shopify_parse_count:
 * @orders: the answer to reg_shopify_orders_count_query, else to
 *   reg_shopify_customers_count_query
 * @count: (out): how many; 0 when the answer had no count
 */
gboolean
reg_shopify_parse_count (const char      *body,
                         gsize            length,
                         gboolean         orders,
                         guint64         *count,
                         RegShopifyCost  *cost,
                         GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *data;
  gint64 value = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((data = parse_answer (parser, body, length, cost, FALSE, error)) == NULL)
    return FALSE;

  if (read_int (reg_json_get_member (reg_json_get_object_member (data, orders ? "ordersCount" : "customersCount"),
                                     "count"),
                &value) != VALUE_OK || value < 0)
    value = 0;
  *count = (guint64)value;

  return TRUE;
}
