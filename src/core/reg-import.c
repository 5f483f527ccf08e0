/* reg-import.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-contact.h"
#include "reg-import.h"
#include "reg-money.h"
#include "reg-store-private.h"
#include "reg-text.h"

/* Rows shown in the preview. */
#define N_PREVIEW 8
/* How often a running import looks at Cancel and reports progress. */
#define CHECK_EVERY 256

struct _RegImport
{
  RegStore         *store;
  char             *path;
  RegImportKind     kind;
  RegImportFormat   format;
  GPtrArray        *columns;       /* header names */
  GArray           *targets;       /* RegImportTarget per column */
  GPtrArray        *preview;       /* GStrv per row */
  char             *currency;      /* for orders that do not say */
  gboolean          windows_1252;
  gboolean          overwrite;
  RegImportLineFunc line_func;
  gpointer          line_func_data;
};

G_DEFINE_QUARK (reg-import-error-quark, reg_import_error)

/* Column names, as a key: folded, letters and digits only ("Default
 * Address Zip" → "defaultaddresszip", "E-Mail" → "email"). */
static char *
header_key (const char *name)
{
  g_autofree char *folded = reg_text_fold (name ? name : "");
  GString *key = g_string_new (NULL);

  for (const char *p = folded ? folded : ""; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, g_ascii_tolower (*p));

  return g_string_free (key, FALSE);
}

typedef struct
{
  const char      *key;
  RegImportTarget  target;
} Synonym;

/* What columns mean, whoever wrote the file. Shop exports use several of
 * these for one field (Shopify has "Phone" and "Default Address Phone"):
 * the first non-empty one in a row wins. */
static const Synonym synonyms[] = {
  { "email", REG_IMPORT_EMAIL },
  { "emailaddress", REG_IMPORT_EMAIL },
  { "mail", REG_IMPORT_EMAIL },
  { "customeremail", REG_IMPORT_EMAIL },
  { "billingemail", REG_IMPORT_EMAIL },
  { "firstname", REG_IMPORT_GIVEN_NAME },
  { "givenname", REG_IMPORT_GIVEN_NAME },
  { "vorname", REG_IMPORT_GIVEN_NAME },
  { "forename", REG_IMPORT_GIVEN_NAME },
  { "billingfirstname", REG_IMPORT_GIVEN_NAME },
  { "lastname", REG_IMPORT_FAMILY_NAME },
  { "familyname", REG_IMPORT_FAMILY_NAME },
  { "surname", REG_IMPORT_FAMILY_NAME },
  { "nachname", REG_IMPORT_FAMILY_NAME },
  { "billinglastname", REG_IMPORT_FAMILY_NAME },
  { "name", REG_IMPORT_FULL_NAME },
  { "fullname", REG_IMPORT_FULL_NAME },
  { "customername", REG_IMPORT_FULL_NAME },
  { "billingname", REG_IMPORT_FULL_NAME },
  { "phone", REG_IMPORT_PHONE },
  { "phonenumber", REG_IMPORT_PHONE },
  { "telephone", REG_IMPORT_PHONE },
  { "tel", REG_IMPORT_PHONE },
  { "telefon", REG_IMPORT_PHONE },
  { "mobile", REG_IMPORT_PHONE },
  { "defaultaddressphone", REG_IMPORT_PHONE },
  { "billingphone", REG_IMPORT_PHONE },
  { "company", REG_IMPORT_COMPANY },
  { "firma", REG_IMPORT_COMPANY },
  { "organization", REG_IMPORT_COMPANY },
  { "organisation", REG_IMPORT_COMPANY },
  { "defaultaddresscompany", REG_IMPORT_COMPANY },
  { "billingcompany", REG_IMPORT_COMPANY },
  { "street", REG_IMPORT_STREET },
  { "strasse", REG_IMPORT_STREET },
  { "streetaddress", REG_IMPORT_STREET },
  { "address1", REG_IMPORT_STREET },
  { "defaultaddressaddress1", REG_IMPORT_STREET },
  { "billingaddress1", REG_IMPORT_STREET },
  { "address2", REG_IMPORT_STREET2 },
  { "defaultaddressaddress2", REG_IMPORT_STREET2 },
  { "billingaddress2", REG_IMPORT_STREET2 },
  { "postcode", REG_IMPORT_POSTCODE },
  { "postalcode", REG_IMPORT_POSTCODE },
  { "zip", REG_IMPORT_POSTCODE },
  { "zipcode", REG_IMPORT_POSTCODE },
  { "plz", REG_IMPORT_POSTCODE },
  { "defaultaddresszip", REG_IMPORT_POSTCODE },
  { "billingzip", REG_IMPORT_POSTCODE },
  { "city", REG_IMPORT_CITY },
  { "town", REG_IMPORT_CITY },
  { "ort", REG_IMPORT_CITY },
  { "stadt", REG_IMPORT_CITY },
  { "defaultaddresscity", REG_IMPORT_CITY },
  { "billingcity", REG_IMPORT_CITY },
  { "country", REG_IMPORT_COUNTRY },
  { "countrycode", REG_IMPORT_COUNTRY },
  { "countryregion", REG_IMPORT_COUNTRY },
  { "land", REG_IMPORT_COUNTRY },
  { "defaultaddresscountrycode", REG_IMPORT_COUNTRY },
  { "billingcountry", REG_IMPORT_COUNTRY },
  { "birthday", REG_IMPORT_BIRTHDAY },
  { "birthdate", REG_IMPORT_BIRTHDAY },
  { "dateofbirth", REG_IMPORT_BIRTHDAY },
  { "geburtstag", REG_IMPORT_BIRTHDAY },
  { "customertype", REG_IMPORT_CUSTOMER_TYPE },
  { "note", REG_IMPORT_NOTE },
  { "notes", REG_IMPORT_NOTE },
  { "comment", REG_IMPORT_NOTE },
  { "bemerkung", REG_IMPORT_NOTE },
  { "tags", REG_IMPORT_TAGS },
  { "tag", REG_IMPORT_TAGS },
  { "acceptsemailmarketing", REG_IMPORT_CONSENT },
  { "acceptsmarketing", REG_IMPORT_CONSENT },
  { "marketingconsent", REG_IMPORT_CONSENT },
  { "newsletter", REG_IMPORT_CONSENT },
  { "consent", REG_IMPORT_CONSENT },
  { "consentdate", REG_IMPORT_CONSENT_AT },
  { "confirmtime", REG_IMPORT_CONSENT_AT },
  { "optintime", REG_IMPORT_CONSENT_AT },
  { "unsubtime", REG_IMPORT_UNSUBSCRIBED_AT },
  { "customersince", REG_IMPORT_CREATED_AT },
  { "signup", REG_IMPORT_CREATED_AT },
  { "ordernumber", REG_IMPORT_ORDER_NUMBER },
  { "orderid", REG_IMPORT_ORDER_NUMBER },
  { "order", REG_IMPORT_ORDER_NUMBER },
  { "orderdate", REG_IMPORT_ORDER_DATE },
  { "date", REG_IMPORT_ORDER_DATE },
  { "status", REG_IMPORT_ORDER_STATUS },
  { "orderstatus", REG_IMPORT_ORDER_STATUS },
  { "financialstatus", REG_IMPORT_ORDER_STATUS },
  { "currency", REG_IMPORT_CURRENCY },
  { "total", REG_IMPORT_ORDER_TOTAL },
  { "ordertotal", REG_IMPORT_ORDER_TOTAL },
  { "grandtotal", REG_IMPORT_ORDER_TOTAL },
  { "discount", REG_IMPORT_DISCOUNT },
  { "discountamount", REG_IMPORT_DISCOUNT },
  { "shipping", REG_IMPORT_SHIPPING },
  { "shippingtotal", REG_IMPORT_SHIPPING },
  { "refunded", REG_IMPORT_REFUNDED },
  { "refundedamount", REG_IMPORT_REFUNDED },
  { "refunddate", REG_IMPORT_REFUNDED_AT },
  { "refundedat", REG_IMPORT_REFUNDED_AT },
  { "itemname", REG_IMPORT_ITEM_NAME },
  { "lineitemname", REG_IMPORT_ITEM_NAME },
  { "product", REG_IMPORT_ITEM_NAME },
  { "productname", REG_IMPORT_ITEM_NAME },
  { "itemsku", REG_IMPORT_ITEM_SKU },
  { "lineitemsku", REG_IMPORT_ITEM_SKU },
  { "sku", REG_IMPORT_ITEM_SKU },
  { "itemquantity", REG_IMPORT_ITEM_QUANTITY },
  { "lineitemquantity", REG_IMPORT_ITEM_QUANTITY },
  { "quantity", REG_IMPORT_ITEM_QUANTITY },
  { "qty", REG_IMPORT_ITEM_QUANTITY },
  { "itemprice", REG_IMPORT_ITEM_PRICE },
  { "lineitemprice", REG_IMPORT_ITEM_PRICE },
  { "unitprice", REG_IMPORT_ITEM_PRICE },
  { "price", REG_IMPORT_ITEM_PRICE },
};

/* Where a format means something else by a name. */
typedef struct
{
  RegImportFormat  format;
  const char      *key;
  RegImportTarget  target;
} Override;

static const Override overrides[] = {
  /* Shopify orders: "Name" is the order number ("#1001"), the buyer is
   * "Billing Name"; "Billing Street" repeats Address1 and 2. */
  { REG_IMPORT_FORMAT_SHOPIFY_ORDERS, "name", REG_IMPORT_ORDER_NUMBER },
  { REG_IMPORT_FORMAT_SHOPIFY_ORDERS, "createdat", REG_IMPORT_ORDER_DATE },
  { REG_IMPORT_FORMAT_SHOPIFY_ORDERS, "billingstreet", REG_IMPORT_IGNORE },
  { REG_IMPORT_FORMAT_SHOPIFY_ORDERS, "notes", REG_IMPORT_IGNORE },
  { REG_IMPORT_FORMAT_SHOPIFY_ORDERS, "tags", REG_IMPORT_IGNORE },
  { REG_IMPORT_FORMAT_SHOPIFY_ORDERS, "id", REG_IMPORT_IGNORE },
  /* Shopify customers: the shop's own totals are not orders. */
  { REG_IMPORT_FORMAT_SHOPIFY_CUSTOMERS, "customerid", REG_IMPORT_IGNORE },
  /* Mailchimp: the address merge field is one run-together line. */
  { REG_IMPORT_FORMAT_MAILCHIMP, "address", REG_IMPORT_IGNORE },
  { REG_IMPORT_FORMAT_MAILCHIMP, "cc", REG_IMPORT_IGNORE },
  { REG_IMPORT_FORMAT_MAILCHIMP, "region", REG_IMPORT_IGNORE },
  /* WooCommerce Analytics: "Region" is a state, "Name" the whole name. */
  { REG_IMPORT_FORMAT_WOOCOMMERCE_CUSTOMERS, "region", REG_IMPORT_IGNORE },
};

static gboolean
has_key (GPtrArray  *keys,
         const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (strcmp (g_ptr_array_index (keys, i), key) == 0)
      return TRUE;

  return FALSE;
}

static RegImportFormat
detect_format (GPtrArray *keys)
{
  if (has_key (keys, "financialstatus") && has_key (keys, "lineitemname"))
    return REG_IMPORT_FORMAT_SHOPIFY_ORDERS;

  if ((has_key (keys, "acceptsemailmarketing") || has_key (keys, "acceptsmarketing")) &&
      (has_key (keys, "defaultaddresscity") || has_key (keys, "totalspent") ||
       has_key (keys, "address1") || has_key (keys, "defaultaddressaddress1") ||
       has_key (keys, "taxexempt")))
    return REG_IMPORT_FORMAT_SHOPIFY_CUSTOMERS;

  if (has_key (keys, "username") && has_key (keys, "email") &&
      (has_key (keys, "lastactive") || has_key (keys, "signup") || has_key (keys, "totalspend")))
    return REG_IMPORT_FORMAT_WOOCOMMERCE_CUSTOMERS;

  if (has_key (keys, "emailaddress") &&
      (has_key (keys, "memberrating") || has_key (keys, "optintime") || has_key (keys, "leid") ||
       has_key (keys, "euid") || has_key (keys, "confirmtime")))
    return REG_IMPORT_FORMAT_MAILCHIMP;

  if ((has_key (keys, "customersince") && has_key (keys, "marketingconsent")) ||
      (has_key (keys, "ordernumber") && has_key (keys, "itemname")))
    return REG_IMPORT_FORMAT_REGULARS;

  return REG_IMPORT_FORMAT_GENERIC;
}

static RegImportKind
detect_kind (GPtrArray *keys)
{
  gboolean has_number = has_key (keys, "ordernumber") || has_key (keys, "orderid") || has_key (keys, "order");

  if (detect_format (keys) == REG_IMPORT_FORMAT_SHOPIFY_ORDERS ||
      (has_number && (has_key (keys, "total") || has_key (keys, "itemname") ||
                      has_key (keys, "orderdate") || has_key (keys, "date"))))
    return REG_IMPORT_ORDERS;

  return REG_IMPORT_CONTACTS;
}

gboolean
reg_import_target_applies (RegImportTarget target,
                           RegImportKind   kind)
{
  if (target >= REG_IMPORT_ORDER_NUMBER)
    return kind == REG_IMPORT_ORDERS;

  return TRUE;
}

static RegImportTarget
target_for (RegImportFormat  format,
            RegImportKind    kind,
            const char      *key)
{
  RegImportTarget target = REG_IMPORT_IGNORE;

  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    if (overrides[i].format == format && strcmp (overrides[i].key, key) == 0)
      {
        target = overrides[i].target;
        goto found;
      }

  /* In a file of orders, "Created at" is when the order was placed. */
  if (kind == REG_IMPORT_ORDERS && strcmp (key, "createdat") == 0)
    {
      target = REG_IMPORT_ORDER_DATE;
      goto found;
    }
  if (kind == REG_IMPORT_CONTACTS && strcmp (key, "createdat") == 0)
    {
      target = REG_IMPORT_CREATED_AT;
      goto found;
    }

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (strcmp (synonyms[i].key, key) == 0)
      {
        target = synonyms[i].target;
        break;
      }

found:
  return reg_import_target_applies (target, kind) ? target : REG_IMPORT_IGNORE;
}

static void
assign_targets (RegImport *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gboolean seen[REG_IMPORT_N_TARGETS] = { FALSE, };

  for (guint i = 0; i < self->columns->len; i++)
    g_ptr_array_add (keys, header_key (g_ptr_array_index (self->columns, i)));

  g_array_set_size (self->targets, self->columns->len);
  for (guint i = 0; i < keys->len; i++)
    {
      RegImportTarget target = target_for (self->format, self->kind, g_ptr_array_index (keys, i));

      /* A full name is only needed when the parts are missing. */
      g_array_index (self->targets, RegImportTarget, i) = target;
      seen[target] = TRUE;
    }

  if (seen[REG_IMPORT_GIVEN_NAME] || seen[REG_IMPORT_FAMILY_NAME])
    for (guint i = 0; i < self->targets->len; i++)
      if (g_array_index (self->targets, RegImportTarget, i) == REG_IMPORT_FULL_NAME &&
          self->format != REG_IMPORT_FORMAT_SHOPIFY_ORDERS)
        g_array_index (self->targets, RegImportTarget, i) = REG_IMPORT_IGNORE;
}

static void
strv_free (gpointer data)
{
  g_strfreev (data);
}

/**
 * reg_import_new:
 * @kind: what the rows are, or %REG_IMPORT_AUTO to tell from the columns
 *
 * Reads the start of @path: its columns, a preview of the first rows, the
 * format it comes in and what each column will become.
 *
 * Returns: (transfer full): the import, not yet run; %NULL with @error
 *   set (%REG_CSV_ERROR) if the file cannot be read or is not a CSV file
 */
RegImport *
reg_import_new (RegStore       *store,
                RegImportKind   kind,
                const char     *path,
                GError        **error)
{
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  RegImport *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(reader = reg_csv_reader_new_for_path (path, error)))
    return NULL;

  if (!reg_csv_reader_next_row (reader, error))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, REG_CSV_ERROR, REG_CSV_ERROR_EMPTY, _("The file is empty."));
      return NULL;
    }

  self = g_new0 (RegImport, 1);
  self->store = g_object_ref (store);
  self->path = g_strdup (path);
  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->targets = g_array_new (FALSE, TRUE, sizeof (RegImportTarget));
  self->preview = g_ptr_array_new_with_free_func (strv_free);
  self->currency = g_strdup ("EUR");

  keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < reg_csv_reader_get_n_fields (reader); i++)
    {
      const char *name = reg_csv_reader_get_field (reader, i);
      g_autofree char *stripped = reg_text_strip (name);

      g_ptr_array_add (self->columns, g_strdup (stripped ? stripped : ""));
      g_ptr_array_add (keys, header_key (name));
    }

  while (self->preview->len < N_PREVIEW && reg_csv_reader_next_row (reader, NULL))
    g_ptr_array_add (self->preview, g_strdupv ((char **)reg_csv_reader_get_fields (reader)));

  self->windows_1252 = reg_csv_reader_get_encoding (reader) == REG_CSV_ENCODING_WINDOWS_1252;
  self->format = detect_format (keys);
  self->kind = kind == REG_IMPORT_AUTO ? detect_kind (keys) : kind;
  assign_targets (self);

  return self;
}

void
reg_import_free (RegImport *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->store);
  g_free (self->path);
  g_ptr_array_unref (self->columns);
  g_array_unref (self->targets);
  g_ptr_array_unref (self->preview);
  g_free (self->currency);
  g_free (self);
}

RegImportKind
reg_import_get_kind (RegImport *self)
{
  return self->kind;
}

RegImportFormat
reg_import_get_format (RegImport *self)
{
  return self->format;
}

/**
 * reg_import_set_format:
 *
 * Reads the columns as @format writes them, resetting the mapping.
 */
void
reg_import_set_format (RegImport       *self,
                       RegImportFormat  format)
{
  self->format = format;
  assign_targets (self);
}

guint
reg_import_get_n_columns (RegImport *self)
{
  return self->columns->len;
}

const char *
reg_import_get_column_name (RegImport *self,
                            guint      column)
{
  g_return_val_if_fail (column < self->columns->len, NULL);

  return g_ptr_array_index (self->columns, column);
}

RegImportTarget
reg_import_get_target (RegImport *self,
                       guint      column)
{
  g_return_val_if_fail (column < self->targets->len, REG_IMPORT_IGNORE);

  return g_array_index (self->targets, RegImportTarget, column);
}

void
reg_import_set_target (RegImport       *self,
                       guint            column,
                       RegImportTarget  target)
{
  g_return_if_fail (column < self->targets->len);
  g_return_if_fail (target < REG_IMPORT_N_TARGETS);

  g_array_index (self->targets, RegImportTarget, column) = target;
}

/**
 * reg_import_get_preview:
 *
 * Returns: (transfer none) (element-type GStrv): the first rows as read
 */
GPtrArray *
reg_import_get_preview (RegImport *self)
{
  return self->preview;
}

gboolean
reg_import_is_windows_1252 (RegImport *self)
{
  return self->windows_1252;
}

/**
 * reg_import_set_overwrite:
 *
 * Whether the file's values replace different ones already in Regulars,
 * including values the owner typed by hand. By default an import only
 * fills in what is empty.
 */
void
reg_import_set_overwrite (RegImport *self,
                          gboolean   overwrite)
{
  self->overwrite = overwrite;
}

void
reg_import_set_default_currency (RegImport  *self,
                                 const char *currency)
{
  g_return_if_fail (reg_currency_is_known (currency));

  g_free (self->currency);
  self->currency = g_ascii_strup (currency, -1);
}

/**
 * reg_import_set_line_func:
 * @func: (nullable): called after each line of a customers file
 *
 * Lets another part of core write more for each line in the import's own
 * transaction (a list import records memberships), so both happen or
 * neither does.
 */
void
reg_import_set_line_func (RegImport         *self,
                          RegImportLineFunc  func,
                          gpointer           user_data)
{
  self->line_func = func;
  self->line_func_data = user_data;
}

static gboolean
is_mapped (RegImport       *self,
           RegImportTarget  target)
{
  for (guint i = 0; i < self->targets->len; i++)
    if (g_array_index (self->targets, RegImportTarget, i) == target)
      return TRUE;

  return FALSE;
}

/**
 * reg_import_check:
 *
 * Whether the mapping can be imported: orders need a number, a date and
 * an e-mail address; customers at least a name, a company or an address.
 */
gboolean
reg_import_check (RegImport  *self,
                  GError    **error)
{
  if (self->kind == REG_IMPORT_ORDERS)
    {
      const struct { RegImportTarget target; const char *what; } needed[] = {
        { REG_IMPORT_ORDER_NUMBER, N_("the order number") },
        { REG_IMPORT_ORDER_DATE, N_("the order date") },
        { REG_IMPORT_EMAIL, N_("the customer’s e-mail address") },
      };

      for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
        if (!is_mapped (self, needed[i].target))
          {
            g_set_error (error, REG_IMPORT_ERROR,
                         needed[i].target == REG_IMPORT_EMAIL ? REG_IMPORT_ERROR_NO_EMAIL_COLUMN
                                                              : REG_IMPORT_ERROR_MISSING_COLUMN,
                         /* Translators: %s is "the order number", "the order date"… */
                         _("No column holds %s. Choose which one does."), _(needed[i].what));
            return FALSE;
          }

      return TRUE;
    }

  if (!is_mapped (self, REG_IMPORT_EMAIL) && !is_mapped (self, REG_IMPORT_GIVEN_NAME) &&
      !is_mapped (self, REG_IMPORT_FAMILY_NAME) && !is_mapped (self, REG_IMPORT_FULL_NAME) &&
      !is_mapped (self, REG_IMPORT_COMPANY))
    {
      g_set_error_literal (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_NO_COLUMNS,
                           _("No column holds an e-mail address, a name or a company. "
                             "Choose what the columns are."));
      return FALSE;
    }

  return TRUE;
}

/* Values of one row, by target; the first non-empty column wins. They
 * are kept one after another in @buffer (shared by all rows, so a row
 * costs no allocations), each by where it starts, -1 for none. */
typedef struct
{
  GString *buffer;
  gssize   starts[REG_IMPORT_N_TARGETS];
} Row;

static void
row_init (Row     *row,
          GString *buffer)
{
  row->buffer = buffer;
  g_string_truncate (buffer, 0);
  for (guint i = 0; i < REG_IMPORT_N_TARGETS; i++)
    row->starts[i] = -1;
}

static const char *
row_get (Row             *row,
         RegImportTarget  target)
{
  return row->starts[target] < 0 ? NULL : row->buffer->str + row->starts[target];
}

/* Returns whether anything in the row is imported. */
static gboolean
row_fill (Row                *row,
          RegImport          *self,
          const char * const *fields,
          guint               n_fields)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n_fields && i < self->targets->len; i++)
    {
      RegImportTarget target = g_array_index (self->targets, RegImportTarget, i);
      const char *start = fields[i];
      const char *end;

      if (target == REG_IMPORT_IGNORE)
        continue;

      /* Exports neutralise formulas, Shopify guards numbers: "'+4930…"
       * (what reg_csv_unneutralize() undoes), and spaces around go. */
      if (start[0] == '\'' && start[1] != '\0' &&
          (strchr ("=+-@\t\r", start[1]) != NULL || g_ascii_isdigit (start[1])))
        start++;
      while (g_ascii_isspace (*start))
        start++;
      end = start + strlen (start);
      while (end > start && g_ascii_isspace (end[-1]))
        end--;
      if (end == start)
        continue;

      any = TRUE;
      if (row->starts[target] < 0)
        {
          row->starts[target] = row->buffer->len;
          g_string_append_len (row->buffer, start, end - start);
          g_string_append_c (row->buffer, '\0');
        }
    }

  return any;
}

static const struct { const char *code; const char *name; } countries[] = {
  { "AT", "Austria" }, { "AU", "Australia" }, { "BE", "Belgium" }, { "BG", "Bulgaria" },
  { "BR", "Brazil" }, { "CA", "Canada" }, { "CH", "Switzerland" }, { "CN", "China" },
  { "CY", "Cyprus" }, { "CZ", "Czechia" }, { "DE", "Germany" }, { "DK", "Denmark" },
  { "EE", "Estonia" }, { "ES", "Spain" }, { "FI", "Finland" }, { "FR", "France" },
  { "GB", "United Kingdom" }, { "GR", "Greece" }, { "HR", "Croatia" }, { "HU", "Hungary" },
  { "IE", "Ireland" }, { "IL", "Israel" }, { "IN", "India" }, { "IS", "Iceland" },
  { "IT", "Italy" }, { "JP", "Japan" }, { "KR", "South Korea" }, { "LI", "Liechtenstein" },
  { "LT", "Lithuania" }, { "LU", "Luxembourg" }, { "LV", "Latvia" }, { "MT", "Malta" },
  { "MX", "Mexico" }, { "NL", "Netherlands" }, { "NO", "Norway" }, { "NZ", "New Zealand" },
  { "PL", "Poland" }, { "PT", "Portugal" }, { "RO", "Romania" }, { "RS", "Serbia" },
  { "SE", "Sweden" }, { "SG", "Singapore" }, { "SI", "Slovenia" }, { "SK", "Slovakia" },
  { "TR", "Turkey" }, { "UA", "Ukraine" }, { "US", "United States" }, { "ZA", "South Africa" },
};

/* Shops write country codes ("DE"); the rest of Regulars has names. */
static const char *
country_name (const char *text)
{
  if (strlen (text) == 2)
    for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
      if (g_ascii_strcasecmp (countries[i].code, text) == 0)
        return countries[i].name;

  return text;
}

static const char * const name_particles[] = {
  "von", "van", "de", "der", "den", "da", "del", "della", "di", "du", "la", "le", "zu", "ter", "ten", "dos", "das",
};

static gboolean
is_particle (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (name_particles); i++)
    if (strcmp (word, name_particles[i]) == 0)
      return TRUE;

  return FALSE;
}

/* "Anna Lena Müller" → "Anna Lena" + "Müller"; "Jan van der Berg" →
 * "Jan" + "van der Berg". */
static void
split_name (const char  *full,
            char       **given,
            char       **family)
{
  g_auto(GStrv) words = g_strsplit_set (full, " \t", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  guint split;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (parts, words[i]);

  if (parts->len == 0)
    {
      *given = g_strdup ("");
      *family = g_strdup ("");
      return;
    }
  if (parts->len == 1)
    {
      *given = g_strdup (parts->pdata[0]);
      *family = g_strdup ("");
      return;
    }

  split = parts->len - 1;
  while (split > 1 && is_particle (parts->pdata[split - 1]))
    split--;

  g_ptr_array_add (parts, NULL);
  *family = g_strjoinv (" ", (char **)parts->pdata + split);
  parts->pdata[split] = NULL;
  *given = g_strjoinv (" ", (char **)parts->pdata);
}

static gboolean
word_in (const char         *text,
         const char * const *words)
{
  g_autofree char *key = header_key (text);

  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (key, words[i]) == 0)
      return TRUE;

  return FALSE;
}

static const char * const yes_words[] = { "yes", "y", "true", "1", "ja", "j", "x", "subscribed", "optedin", "oui", "si", NULL };
static const char * const no_words[] = { "no", "n", "false", "0", "nein", "unsubscribed", "optedout", "non", NULL };

static gboolean
parse_consent (const char *text,
               RegConsent *consent)
{
  if (word_in (text, yes_words))
    *consent = REG_CONSENT_YES;
  else if (word_in (text, no_words))
    *consent = REG_CONSENT_NO;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_customer_type (const char      *text,
                     RegCustomerType *type)
{
  static const char * const wholesale[] = { "wholesale", "b2b", "trade", "reseller", "grosshandel", "haendler", "handler", "business", NULL };
  static const char * const retail[] = { "retail", "b2c", "consumer", "private", "privat", "einzelhandel", "endkunde", NULL };

  if (word_in (text, wholesale))
    *type = REG_CUSTOMER_TYPE_WHOLESALE;
  else if (word_in (text, retail))
    *type = REG_CUSTOMER_TYPE_RETAIL;
  else
    return FALSE;

  return TRUE;
}

/* Birthdays are dates without a time zone: "1980-05-17", "17.05.1980". */
static char *
parse_birthday (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 unix_time;

  if (!reg_time_parse (text, &unix_time, NULL) ||
      !(dt = g_date_time_new_from_unix_utc (unix_time)))
    return NULL;

  return g_date_time_format (dt, "%Y-%m-%d");
}

/* "vip, newsletter" or Mailchimp's "\"Customer\",\"VIP\"". */
static GStrv
parse_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv tags;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);
      gsize len = strlen (tag);

      if (len >= 2 && tag[0] == '"' && tag[len - 1] == '"')
        {
          tag[len - 1] = '\0';
          tag++;
        }
      if (*tag != '\0')
        g_strv_builder_add (builder, tag);
    }

  tags = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return tags;
}

typedef struct
{
  RegImport       *self;
  sqlite3         *db;
  gint64           now;
  RegImportResult *result;
  GString         *remarks;    /* about the current row */
  /* Orders are collected over their lines. */
  RegOrder        *order;
  guint            order_line;
  gboolean         order_bad;
  char           **order_fields;
  gint64           last_order_id;  /* before the import: later ones are new */
  gboolean         order_known_new;  /* no order had its number */
  guint            n_rejections_listed;
  guint            n_remarks_listed;
  gboolean         no_contacts_before;  /* the file had none when the import began */
  GString         *row_buffer;          /* see Row */
  gboolean         file_orders_before;  /* orders from files were there when it began */
} Run;

#define MAX_REJECTIONS_LISTED 10000
#define MAX_REMARKS_LISTED    1000

static void
remark (Run        *run,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
remark (Run        *run,
        const char *format,
        ...)
{
  va_list args;

  if (run->remarks->len > 0)
    g_string_append_c (run->remarks, ' ');

  va_start (args, format);
  g_string_append_vprintf (run->remarks, format, args);
  va_end (args);
}

static void
add_problem (Run                *run,
             guint               line,
             const char         *reason,
             const char * const *fields,
             gboolean            rejected)
{
  RegImportProblem *problem;

  if (rejected)
    run->result->rejected++;

  /* A broken file can have a problem on every line: list enough to see
   * what is wrong, without holding the whole file in memory. */
  if (rejected ? run->n_rejections_listed >= MAX_REJECTIONS_LISTED : run->n_remarks_listed >= MAX_REMARKS_LISTED)
    {
      run->result->problems_not_listed++;
      return;
    }
  if (rejected)
    run->n_rejections_listed++;
  else
    run->n_remarks_listed++;

  problem = g_new0 (RegImportProblem, 1);
  problem->line = line;
  problem->reason = g_strdup (reason);
  problem->fields = g_strdupv ((char **)fields);
  problem->rejected = rejected;
  g_ptr_array_add (run->result->problems, problem);
}

static void
problem_free (gpointer data)
{
  RegImportProblem *problem = data;

  g_free (problem->reason);
  g_strfreev (problem->fields);
  g_free (problem);
}

/* The customer the row describes, as a fresh contact (id 0). */
static RegContact *
contact_from_row (Run  *run,
                  Row  *row)
{
  RegContact *contact = reg_contact_new ();
  const char *value;

  reg_contact_set_origin (contact, REG_ORIGIN_CSV);

  if ((value = row_get (row, REG_IMPORT_EMAIL)))
    reg_contact_set_email (contact, value);
  if ((value = row_get (row, REG_IMPORT_GIVEN_NAME)))
    reg_contact_set_given_name (contact, value);
  if ((value = row_get (row, REG_IMPORT_FAMILY_NAME)))
    reg_contact_set_family_name (contact, value);
  if ((value = row_get (row, REG_IMPORT_FULL_NAME)) &&
      !row_get (row, REG_IMPORT_GIVEN_NAME) && !row_get (row, REG_IMPORT_FAMILY_NAME))
    {
      g_autofree char *given = NULL;
      g_autofree char *family = NULL;

      split_name (value, &given, &family);
      reg_contact_set_given_name (contact, given);
      reg_contact_set_family_name (contact, family);
    }
  if ((value = row_get (row, REG_IMPORT_PHONE)))
    reg_contact_set_phone (contact, value);
  if ((value = row_get (row, REG_IMPORT_COMPANY)))
    reg_contact_set_company (contact, value);
  if ((value = row_get (row, REG_IMPORT_STREET)))
    {
      if (row_get (row, REG_IMPORT_STREET2))
        {
          g_autofree char *street = g_strdup_printf ("%s, %s", value, row_get (row, REG_IMPORT_STREET2));
          reg_contact_set_street (contact, street);
        }
      else
        reg_contact_set_street (contact, value);
    }
  if ((value = row_get (row, REG_IMPORT_POSTCODE)))
    reg_contact_set_postcode (contact, value);
  if ((value = row_get (row, REG_IMPORT_CITY)))
    reg_contact_set_city (contact, value);
  if ((value = row_get (row, REG_IMPORT_COUNTRY)))
    reg_contact_set_country (contact, country_name (value));
  if ((value = row_get (row, REG_IMPORT_NOTE)))
    reg_contact_set_note (contact, value);

  if ((value = row_get (row, REG_IMPORT_BIRTHDAY)))
    {
      g_autofree char *birthday = parse_birthday (value);

      if (birthday)
        reg_contact_set_birthday (contact, birthday);
      else
        remark (run, _("The birthday “%s” was left out: write it as 1980-05-17."), value);
    }

  if ((value = row_get (row, REG_IMPORT_CUSTOMER_TYPE)))
    {
      RegCustomerType type;

      if (parse_customer_type (value, &type))
        reg_contact_set_customer_type (contact, type);
      else
        remark (run, _("The customer type “%s” was left out: use “retail” or “wholesale”."), value);
    }

  if ((value = row_get (row, REG_IMPORT_TAGS)))
    {
      g_auto(GStrv) tags = parse_tags (value);
      reg_contact_set_tags (contact, (const char * const *)tags);
    }

  if ((value = row_get (row, REG_IMPORT_CREATED_AT)))
    {
      gint64 when;

      if (reg_time_parse (value, &when, NULL) && when > 0)
        reg_contact_set_created_at (contact, when);
    }

  /* Consent: an unsubscribe time means "no"; a Mailchimp file of
   * subscribers means "yes" without saying so in a column. */
  if ((value = row_get (row, REG_IMPORT_UNSUBSCRIBED_AT)))
    {
      gint64 when = 0;

      reg_time_parse (value, &when, NULL);
      reg_contact_set_consent (contact, REG_CONSENT_NO);
      reg_contact_set_consent_at (contact, when > 0 ? when : run->now);
    }
  else
    {
      RegConsent consent = REG_CONSENT_UNKNOWN;

      if ((value = row_get (row, REG_IMPORT_CONSENT)) && !parse_consent (value, &consent))
        remark (run, _("The marketing consent “%s” was left out: use “yes” or “no”."), value);
      else if (value == NULL && run->self->format == REG_IMPORT_FORMAT_MAILCHIMP &&
               row_get (row, REG_IMPORT_CONSENT_AT) != NULL)
        consent = REG_CONSENT_YES;

      if (consent != REG_CONSENT_UNKNOWN)
        {
          gint64 when = 0;

          if ((value = row_get (row, REG_IMPORT_CONSENT_AT)))
            reg_time_parse (value, &when, NULL);
          reg_contact_set_consent (contact, consent);
          reg_contact_set_consent_at (contact, when > 0 ? when : run->now);
        }
    }

  return contact;
}

typedef struct
{
  RegContactField  field;
  const char    *(*get) (RegContact *);
  void           (*set) (RegContact *, const char *);
} TextField;

static const TextField text_fields[] = {
  { REG_CONTACT_FIELD_GIVEN_NAME, reg_contact_get_given_name, reg_contact_set_given_name },
  { REG_CONTACT_FIELD_FAMILY_NAME, reg_contact_get_family_name, reg_contact_set_family_name },
  { REG_CONTACT_FIELD_PHONE, reg_contact_get_phone, reg_contact_set_phone },
  { REG_CONTACT_FIELD_COMPANY, reg_contact_get_company, reg_contact_set_company },
  { REG_CONTACT_FIELD_STREET, reg_contact_get_street, reg_contact_set_street },
  { REG_CONTACT_FIELD_POSTCODE, reg_contact_get_postcode, reg_contact_set_postcode },
  { REG_CONTACT_FIELD_CITY, reg_contact_get_city, reg_contact_set_city },
  { REG_CONTACT_FIELD_COUNTRY, reg_contact_get_country, reg_contact_set_country },
  { REG_CONTACT_FIELD_NOTE, reg_contact_get_note, reg_contact_set_note },
  { REG_CONTACT_FIELD_BIRTHDAY, reg_contact_get_birthday, reg_contact_set_birthday },
};

/* Decides one value: fill what is empty; replace a different value only
 * when asked to, and count what is kept so the owner can be told. */
static gboolean
take_value (Run             *run,
            RegContact      *existing,
            RegContactField  field,
            gboolean         existing_empty,
            gboolean         differs,
            gboolean         may_overwrite,
            gboolean         quiet)
{
  if (!differs)
    return FALSE;
  if (existing_empty)
    return TRUE;
  if (may_overwrite)
    return TRUE;
  if (quiet)
    return FALSE;

  run->result->values_kept++;
  if (reg_contact_get_manual_fields (existing) & field)
    run->result->hand_typed_kept++;

  return FALSE;
}

/* Folds @incoming into @existing. Returns whether anything changed.
 * @quiet: what is kept is not counted or remarked on (it was, the first
 *   time this customer came up in the file) */
static gboolean
merge_contact (Run        *run,
               RegContact *existing,
               RegContact *incoming,
               gboolean    may_overwrite,
               gboolean    quiet)
{
  gboolean changed = FALSE;
  const char * const *tags;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const char *old = text_fields[i].get (existing);
      const char *new = text_fields[i].get (incoming);

      if (new == NULL || new[0] == '\0')
        continue;

      if (take_value (run, existing, text_fields[i].field, old == NULL || old[0] == '\0',
                      g_strcmp0 (old, new) != 0, may_overwrite, quiet))
        {
          text_fields[i].set (existing, new);
          changed = TRUE;
        }
    }

  if (reg_contact_get_filled_fields (incoming) & REG_CONTACT_FIELD_CUSTOMER_TYPE &&
      take_value (run, existing, REG_CONTACT_FIELD_CUSTOMER_TYPE,
                  reg_contact_get_customer_type (existing) == REG_CUSTOMER_TYPE_RETAIL &&
                  !(reg_contact_get_manual_fields (existing) & REG_CONTACT_FIELD_CUSTOMER_TYPE),
                  reg_contact_get_customer_type (existing) != reg_contact_get_customer_type (incoming),
                  may_overwrite, quiet))
    {
      reg_contact_set_customer_type (existing, reg_contact_get_customer_type (incoming));
      changed = TRUE;
    }

  /* Consent: a withdrawal always counts; a file never turns a "no" back
   * into a "yes". */
  switch (reg_contact_get_consent (incoming))
    {
    case REG_CONSENT_NO:
      if (reg_contact_get_consent (existing) != REG_CONSENT_NO)
        {
          reg_contact_set_consent (existing, REG_CONSENT_NO);
          reg_contact_set_consent_at (existing, reg_contact_get_consent_at (incoming));
          changed = TRUE;
        }
      break;

    case REG_CONSENT_YES:
      if (reg_contact_get_consent (existing) == REG_CONSENT_UNKNOWN)
        {
          reg_contact_set_consent (existing, REG_CONSENT_YES);
          reg_contact_set_consent_at (existing, reg_contact_get_consent_at (incoming));
          changed = TRUE;
        }
      else if (reg_contact_get_consent (existing) == REG_CONSENT_NO && !quiet)
        {
          run->result->values_kept++;
          remark (run, _("This customer said no to marketing; the import keeps it that way."));
        }
      break;

    case REG_CONSENT_UNKNOWN:
    default:
      break;
    }

  /* A customer since whenever they were first seen. */
  if (reg_contact_get_created_at (incoming) > 0 &&
      reg_contact_get_created_at (incoming) < reg_contact_get_created_at (existing))
    {
      reg_contact_set_created_at (existing, reg_contact_get_created_at (incoming));
      changed = TRUE;
    }

  /* Tags are only ever added. */
  if ((tags = reg_contact_get_tags (incoming)) != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) all = NULL;
      guint before = 0;
      const char * const *old = reg_contact_get_tags (existing);

      for (guint i = 0; old && old[i]; i++, before++)
        g_strv_builder_add (builder, old[i]);
      for (guint i = 0; tags[i]; i++)
        g_strv_builder_add (builder, tags[i]);
      all = g_strv_builder_end (builder);
      reg_contact_set_tags (existing, (const char * const *)all);

      if (g_strv_length ((char **)reg_contact_get_tags (existing)) > before)
        changed = TRUE;
    }

  return changed;
}

/* What an earlier line of the file left a customer with. */
typedef struct
{
  gint64          id;        /* 0 until known */
  RegContactField filled;
  RegConsent      consent;
} Known;

/* Whether this file named the customer with @email_norm before: if so,
 * @first_line is where, and @known what that left the customer with (for
 * orders files). Otherwise @first_line is @line, now remembered. */
static gboolean
seen_email (Run         *run,
            const char  *email_norm,
            guint        line,
            guint       *first_line,
            Known       *known,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (known, 0, sizeof *known);
  *first_line = line;

  /* In a customers file most addresses come once: try to remember it
   * first. In an orders file most come again: look first. */
  if (run->self->kind != REG_IMPORT_ORDERS)
    {
      if (!(stmt = _reg_store_prepare_cached (run->self->store, run->db,
                                              "INSERT OR IGNORE INTO temp.import_customers (email_norm, line) "
                                              "VALUES (?1, ?2)",
                                              error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, email_norm, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, line);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _reg_store_set_error (run->self->store, error, run->db, rc);
      if (sqlite3_changes (run->db) > 0)
        return TRUE;
    }

  if (!(stmt = _reg_store_prepare_cached (run->self->store, run->db,
                                          "SELECT line, contact_id, filled, consent FROM temp.import_customers "
                                          "WHERE email_norm = ?1",
                                          error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, email_norm, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *first_line = (guint)sqlite3_column_int (stmt, 0);
      known->id = sqlite3_column_int64 (stmt, 1);
      known->filled = sqlite3_column_int (stmt, 2);
      known->consent = sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reg_store_set_error (run->self->store, error, run->db, rc);
  /* An orders file remembers the customer once it is known, in
   * remember_customer(). */
  return TRUE;
}

/* For orders files, where a customer comes up once per order: remembers
 * what the customer has now, so that later orders that bring nothing new
 * need not read the customer again. */
static gboolean
remember_customer (Run         *run,
                   const char  *email_norm,
                   guint        line,
                   RegContact  *contact,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _reg_store_prepare_cached (run->self->store, run->db,
                                          "INSERT INTO temp.import_customers (email_norm, contact_id, filled, "
                                          "consent, line) VALUES (?1, ?2, ?3, ?4, ?5) "
                                          "ON CONFLICT (email_norm) DO UPDATE SET contact_id = excluded.contact_id, "
                                          "filled = excluded.filled, consent = excluded.consent",
                                          error)))
    return FALSE;
  sqlite3_bind_int (stmt, 5, line);
  sqlite3_bind_text (stmt, 1, email_norm, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, reg_contact_get_id (contact));
  sqlite3_bind_int (stmt, 3, reg_contact_get_filled_fields (contact));
  sqlite3_bind_int (stmt, 4, reg_contact_get_consent (contact));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (run->self->store, error, run->db, rc);

  return TRUE;
}

/* Whether @row could change a customer an earlier line left as @known.
 * When in doubt, yes: the row then takes the full way. */
static gboolean
brings_news (Run         *run,
             Row         *row,
             const Known *known)
{
  static const struct { RegImportTarget target; RegContactField fields; } filling[] = {
    { REG_IMPORT_GIVEN_NAME, REG_CONTACT_FIELD_GIVEN_NAME },
    { REG_IMPORT_FAMILY_NAME, REG_CONTACT_FIELD_FAMILY_NAME },
    { REG_IMPORT_FULL_NAME, REG_CONTACT_FIELD_GIVEN_NAME | REG_CONTACT_FIELD_FAMILY_NAME },
    { REG_IMPORT_PHONE, REG_CONTACT_FIELD_PHONE },
    { REG_IMPORT_COMPANY, REG_CONTACT_FIELD_COMPANY },
    { REG_IMPORT_STREET, REG_CONTACT_FIELD_STREET },
    { REG_IMPORT_STREET2, REG_CONTACT_FIELD_STREET },
    { REG_IMPORT_POSTCODE, REG_CONTACT_FIELD_POSTCODE },
    { REG_IMPORT_CITY, REG_CONTACT_FIELD_CITY },
    { REG_IMPORT_COUNTRY, REG_CONTACT_FIELD_COUNTRY },
    { REG_IMPORT_NOTE, REG_CONTACT_FIELD_NOTE },
    { REG_IMPORT_BIRTHDAY, REG_CONTACT_FIELD_BIRTHDAY },
    { REG_IMPORT_CUSTOMER_TYPE, REG_CONTACT_FIELD_CUSTOMER_TYPE },
  };
  const char *value;
  RegConsent consent;

  if (known->id == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (filling); i++)
    if (row_get (row, filling[i].target) != NULL && (filling[i].fields & ~known->filled) != 0)
      return TRUE;

  if (row_get (row, REG_IMPORT_TAGS) != NULL || row_get (row, REG_IMPORT_CREATED_AT) != NULL)
    return TRUE;

  if (row_get (row, REG_IMPORT_UNSUBSCRIBED_AT) != NULL)
    return known->consent != REG_CONSENT_NO;

  if ((value = row_get (row, REG_IMPORT_CONSENT)) == NULL)
    return FALSE;
  if (!parse_consent (value, &consent))
    return TRUE;  /* to be remarked on */

  return (consent == REG_CONSENT_NO && known->consent != REG_CONSENT_NO) ||
         (consent == REG_CONSENT_YES && known->consent == REG_CONSENT_UNKNOWN);
}

static gboolean
touch_contact (Run     *run,
               gint64   id,
               GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _reg_store_prepare_cached (run->self->store, run->db,
                                          "INSERT OR IGNORE INTO temp.touched_contacts VALUES (?1)", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _reg_store_set_error (run->self->store, error, run->db, rc);

  return TRUE;
}

static gboolean
find_by_name (Run         *run,
              RegContact  *incoming,
              gint64      *found,
              guint       *n_found,
              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *found = 0;
  *n_found = 0;

  if (!(stmt = _reg_store_prepare_cached (run->self->store, run->db,
                                          "SELECT id FROM contacts WHERE deleted_at IS NULL AND email_norm IS NULL "
                                          "AND given_name = ?1 AND family_name = ?2 AND company = ?3 LIMIT 2",
                                          error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, reg_contact_get_given_name (incoming), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reg_contact_get_family_name (incoming), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reg_contact_get_company (incoming), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *found = sqlite3_column_int64 (stmt, 0);
      (*n_found)++;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _reg_store_set_error (run->self->store, error, run->db, rc);

  return TRUE;
}

/* Adds or updates the customer of a row. Returns FALSE with @error set
 * only for errors that stop the import; a row that cannot be used sets
 * @reject and returns TRUE. */
static gboolean
import_contact (Run        *run,
                Row        *row,
                guint       line,
                gint64     *contact_id,
                char      **reject,
                GError    **error)
{
  g_autoptr(RegContact) incoming = NULL;
  g_autoptr(RegContact) existing = NULL;
  g_autofree char *email_norm = NULL;
  const char *email = row_get (row, REG_IMPORT_EMAIL);
  guint first_line = 0;
  Known known;

  *contact_id = 0;

  if (email != NULL)
    {
      if (!reg_text_email_looks_valid (email))
        {
          *reject = g_strdup_printf (_("“%s” is not an e-mail address."), email);
          return TRUE;
        }

      email_norm = reg_text_normalize_email (email);
      if (!seen_email (run, email_norm, line, &first_line, &known, error))
        return FALSE;

      /* Another order of a customer met before, with nothing new: done. */
      if (first_line != line && !brings_news (run, row, &known))
        {
          *contact_id = known.id;
          return TRUE;
        }

      /* Into a file without customers, a new address is a new customer. */
      if (first_line != line || !run->no_contacts_before)
        {
          existing = _reg_store_find_contact_by_email (run->self->store, run->db, email_norm, error);
          if (existing == NULL && error && *error)
            return FALSE;
        }
    }

  incoming = contact_from_row (run, row);

  if (email == NULL && run->self->kind == REG_IMPORT_ORDERS)
    {
      /* No address: the one customer of that name who has none either. */
      gint64 found = 0;
      guint n_found = 0;

      if (!find_by_name (run, incoming, &found, &n_found, error))
        return FALSE;
      if (n_found > 1 || (n_found == 0 && reg_contact_is_blank (incoming)))
        {
          *reject = g_strdup (_("There is no e-mail address, so Regulars cannot tell whose order this is."));
          return TRUE;
        }
      if (n_found == 1)
        {
          *contact_id = found;
          return TRUE;
        }
    }

  if (existing == NULL)
    {
      if (reg_contact_is_blank (incoming))
        {
          run->result->skipped++;
          return TRUE;
        }

      if (!_reg_store_write_contact (run->self->store, run->db, incoming, run->now, FALSE, error))
        return FALSE;

      run->result->added++;
      *contact_id = reg_contact_get_id (incoming);

      return run->self->kind != REG_IMPORT_ORDERS || email_norm == NULL ||
             remember_customer (run, email_norm, line, incoming, error);
    }

  /* Later lines with the same address only fill in what earlier ones left
   * empty: within one file, the first line wins. */
  if (first_line != 0 && first_line != line && run->self->kind == REG_IMPORT_ORDERS)
    {
      /* A customer with many orders: nothing unusual. */
      if (merge_contact (run, existing, incoming, FALSE, TRUE) &&
          !_reg_store_write_contact (run->self->store, run->db, existing, run->now, FALSE, error))
        return FALSE;
    }
  else if (first_line != 0 && first_line != line)
    {
      run->result->merged++;
      remark (run, _("Same e-mail address as line %u: merged into that customer."), first_line);
      if (merge_contact (run, existing, incoming, FALSE, FALSE) &&
          !_reg_store_write_contact (run->self->store, run->db, existing, run->now, FALSE, error))
        return FALSE;
    }
  else if (merge_contact (run, existing, incoming, run->self->overwrite, FALSE))
    {
      if (!_reg_store_write_contact (run->self->store, run->db, existing, run->now, FALSE, error))
        return FALSE;
      run->result->updated++;
    }
  else
    run->result->unchanged++;

  *contact_id = reg_contact_get_id (existing);

  return run->self->kind != REG_IMPORT_ORDERS || email_norm == NULL ||
         remember_customer (run, email_norm, line, existing, error);
}

static gboolean
parse_amount (Run         *run,
              Row         *row,
              RegImportTarget target,
              const char  *currency,
              gint64      *out,
              char       **reject)
{
  g_autoptr(GError) local_error = NULL;
  const char *text = row_get (row, target);

  *out = 0;
  if (text == NULL)
    return TRUE;

  if (!reg_money_parse (text, currency, out, &local_error))
    {
      *reject = g_strdup (local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Whether an order with this number was finished earlier in the file. */
static char *
order_repeated (const char *number)
{
  return g_strdup_printf (_("Order %s came up earlier in the file. "
                            "The lines of one order must follow each other."),
                          number);
}

static gboolean
flush_order (Run     *run,
             GError **error)
{
  g_autoptr(RegOrder) order = g_steal_pointer (&run->order);
  g_auto(GStrv) fields = g_steal_pointer (&run->order_fields);
  gint64 old_contact_id = 0;

  if (order == NULL || run->order_bad)
    {
      run->order_bad = FALSE;
      return TRUE;
    }

  /* Without a total, the lines make it up. */
  if (reg_order_get_total (order) == G_MININT64)
    {
      gint64 total = reg_order_get_shipping (order) - reg_order_get_discount (order);

      for (guint i = 0; i < reg_order_get_n_items (order); i++)
        total += reg_order_get_item (order, i)->quantity * reg_order_get_item (order, i)->price;
      reg_order_set_total (order, MAX (total, 0));
    }

  if (!_reg_store_write_order (run->self->store, run->db, order, run->now,
                               REG_WRITE_ORDER_CUSTOMER_CHECKED |
                               (run->order_known_new ? REG_WRITE_ORDER_KNOWN_NEW : 0),
                               &old_contact_id, error))
    {
      if (g_error_matches (*error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS))
        {
          g_autofree char *reason = order_repeated (reg_order_get_number (order));

          add_problem (run, run->order_line, reason, (const char * const *)fields, TRUE);
          g_clear_error (error);
          return TRUE;
        }

      /* A record the store refuses is the row's problem, not the import's. */
      if (g_error_matches (*error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED))
        {
          add_problem (run, run->order_line, (*error)->message, (const char * const *)fields, TRUE);
          g_clear_error (error);
          return TRUE;
        }
      return FALSE;
    }

  if (old_contact_id != 0)
    run->result->orders_updated++;
  else
    run->result->orders_added++;

  /* New orders' customers are found by the orders' ids at the end. */
  if (old_contact_id != 0 &&
      (!touch_contact (run, reg_order_get_contact_id (order), error) ||
       (old_contact_id != reg_order_get_contact_id (order) && !touch_contact (run, old_contact_id, error))))
    return FALSE;

  return TRUE;
}

/* One line of an orders file: the start of an order, or one more of its
 * items. */
static gboolean
import_order_line (Run                *run,
                   Row                *row,
                   guint               line,
                   const char * const *fields,
                   char              **reject,
                   GError            **error)
{
  const char *number = row_get (row, REG_IMPORT_ORDER_NUMBER);
  const char *value;
  gint64 price = 0;
  gint64 quantity = 1;

  if (number == NULL)
    {
      *reject = g_strdup (_("There is no order number."));
      return TRUE;
    }

  if (run->order == NULL || g_strcmp0 (number, reg_order_get_remote_id (run->order)) != 0 ||
      run->order_bad)
    {
      RegOrder *order;
      RegOrderStatus status = REG_ORDER_STATUS_PAID;
      const char *currency = row_get (row, REG_IMPORT_CURRENCY);
      gint64 contact_id = 0;
      gint64 amount;
      gint64 when;
      gint64 existing_id = 0;
      gint64 existing_contact_id = 0;

      if (run->order != NULL && g_strcmp0 (number, reg_order_get_remote_id (run->order)) == 0)
        return TRUE; /* more lines of a rejected order */

      if (!flush_order (run, error))
        return FALSE;

      /* Written by this import already: its lines were not together.
       * Without orders from files before, the write finds that out. */
      if (run->file_orders_before &&
          !_reg_store_find_order_by_remote_id (run->self->store, run->db, 0, number,
                                               &existing_id, &existing_contact_id, error))
        return FALSE;
      if (existing_id > run->last_order_id)
        {
          *reject = order_repeated (number);
          return TRUE;
        }

      run->order_line = line;
      run->order_fields = g_strdupv ((char **)fields);
      run->order = order = reg_order_new ();
      run->order_bad = TRUE; /* until it is complete */
      run->order_known_new = existing_id == 0;
      reg_order_set_number (order, number);
      reg_order_set_remote_id (order, number);
      reg_order_set_origin (order, REG_ORIGIN_CSV);

      if (currency == NULL)
        currency = run->self->currency;
      if (!reg_currency_is_known (currency))
        {
          *reject = g_strdup_printf (_("“%s” is not a currency."), currency);
          return TRUE;
        }
      reg_order_set_currency (order, currency);

      if ((value = row_get (row, REG_IMPORT_ORDER_DATE)) == NULL)
        {
          *reject = g_strdup (_("The order has no date."));
          return TRUE;
        }
      if (!reg_time_parse (value, &when, NULL) || when <= 0)
        {
          *reject = g_strdup_printf (_("“%s” is not a date."), value);
          return TRUE;
        }
      reg_order_set_ordered_at (order, when);

      if ((value = row_get (row, REG_IMPORT_ORDER_STATUS)) &&
          !reg_order_status_from_string (value, &status))
        {
          *reject = g_strdup_printf (_("“%s” is not an order status Regulars knows "
                                       "(paid, pending, refunded, partially refunded, cancelled)."),
                                     value);
          return TRUE;
        }
      reg_order_set_status (order, status);

      if (!parse_amount (run, row, REG_IMPORT_ORDER_TOTAL, currency, &amount, reject))
        return TRUE;
      reg_order_set_total (order, row_get (row, REG_IMPORT_ORDER_TOTAL) ? amount : G_MININT64);
      if (!parse_amount (run, row, REG_IMPORT_DISCOUNT, currency, &amount, reject))
        return TRUE;
      reg_order_set_discount (order, amount);
      if (!parse_amount (run, row, REG_IMPORT_SHIPPING, currency, &amount, reject))
        return TRUE;
      reg_order_set_shipping (order, amount);
      if (!parse_amount (run, row, REG_IMPORT_REFUNDED, currency, &amount, reject))
        return TRUE;
      reg_order_set_refunded (order, amount);

      if (amount > 0)
        {
          if ((value = row_get (row, REG_IMPORT_REFUNDED_AT)) && reg_time_parse (value, &when, NULL))
            reg_order_set_refunded_at (order, when);
          else
            reg_order_set_refunded_at (order, reg_order_get_ordered_at (order));

          if (row_get (row, REG_IMPORT_ORDER_STATUS) == NULL)
            reg_order_set_status (order, REG_ORDER_STATUS_PARTIALLY_REFUNDED);
        }

      if (!import_contact (run, row, line, &contact_id, reject, error))
        return FALSE;
      if (*reject != NULL)
        return TRUE;
      if (contact_id == 0)
        {
          *reject = g_strdup (_("There is no customer for this order."));
          return TRUE;
        }
      reg_order_set_contact_id (order, contact_id);
      run->order_bad = FALSE;
    }

  /* The item on this line, if there is one. */
  if (row_get (row, REG_IMPORT_ITEM_NAME) == NULL && row_get (row, REG_IMPORT_ITEM_SKU) == NULL)
    return TRUE;

  if ((value = row_get (row, REG_IMPORT_ITEM_QUANTITY)))
    {
      char *end = NULL;
      double parsed = g_ascii_strtod (value, &end);

      if (end == value || *end != '\0' || parsed < 0 || parsed > 1e9 || parsed != (gint64)parsed)
        {
          /* Translators: the second %s is an order number */
          *reject = g_strdup_printf (_("“%s” is not a quantity. Order %s was left out."), value, number);
          run->order_bad = TRUE;
          return TRUE;
        }
      quantity = (gint64)parsed;
    }

  if (!parse_amount (run, row, REG_IMPORT_ITEM_PRICE, reg_order_get_currency (run->order), &price, reject))
    {
      g_autofree char *reason = g_steal_pointer (reject);

      /* Translators: the first %s explains what is wrong, the second is an order number */
      *reject = g_strdup_printf (_("%s Order %s was left out."), reason, number);
      run->order_bad = TRUE;
      return TRUE;
    }

  reg_order_add_item (run->order,
                      row_get (row, REG_IMPORT_ITEM_NAME),
                      row_get (row, REG_IMPORT_ITEM_SKU),
                      quantity, price);

  return TRUE;
}

static RegImportResult *
result_new (RegImport *self,
            gboolean   dry_run)
{
  RegImportResult *result = g_new0 (RegImportResult, 1);

  result->problems = g_ptr_array_new_with_free_func (problem_free);
  result->header = g_new0 (char *, self->columns->len + 1);
  for (guint i = 0; i < self->columns->len; i++)
    result->header[i] = g_strdup (g_ptr_array_index (self->columns, i));
  result->dry_run = dry_run;

  return result;
}

void
reg_import_result_free (RegImportResult *result)
{
  if (result == NULL)
    return;

  g_ptr_array_unref (result->problems);
  g_strfreev (result->header);
  g_free (result);
}

static gboolean
import_rows (Run                *run,
             RegCsvReader       *reader,
             GCancellable       *cancellable,
             RegImportProgress   progress,
             gpointer            user_data,
             GError            **error)
{
  RegImport *self = run->self;
  guint n_columns = self->columns->len;
  guint n_rows = 0;

  /* The header. */
  if (!reg_csv_reader_next_row (reader, error))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, REG_CSV_ERROR, REG_CSV_ERROR_EMPTY, _("The file is empty."));
      return FALSE;
    }

  for (;;)
    {
      g_autofree char *reject = NULL;
      const char * const *fields;
      const GError *row_error;
      GError *read_error = NULL;
      gint64 contact_id = 0;
      Row row;
      guint line;
      guint n_fields;

      if (!reg_csv_reader_next_row (reader, &read_error))
        {
          if (read_error)
            {
              g_propagate_error (error, read_error);
              return FALSE;
            }
          break;
        }

      if (++n_rows % CHECK_EVERY == 0)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              g_set_error_literal (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_CANCELLED,
                                   _("The import was cancelled. Nothing was changed."));
              return FALSE;
            }
          if (progress)
            progress (reg_csv_reader_get_offset (reader), reg_csv_reader_get_size (reader), user_data);
        }

      line = reg_csv_reader_get_line (reader);
      row_init (&row, run->row_buffer);
      fields = reg_csv_reader_get_fields (reader);
      n_fields = reg_csv_reader_get_n_fields (reader);
      g_string_truncate (run->remarks, 0);

      if ((row_error = reg_csv_reader_get_row_error (reader)))
        reject = g_strdup (row_error->message);
      else if (n_fields != n_columns &&
               !(n_fields < n_columns && n_fields > 0 && g_strv_length ((char **)fields) == n_fields &&
                 FALSE))
        reject = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "This line has %u column, the first line has %u. "
                                               "A separator may be missing or one too many.",
                                               "This line has %u columns, the first line has %u. "
                                               "A separator may be missing or one too many.",
                                               n_fields),
                                  n_fields, n_columns);
      else if (!row_fill (&row, self, fields, n_fields))
        run->result->skipped++;
      else if (self->kind == REG_IMPORT_ORDERS)
        {
          if (!import_order_line (run, &row, line, fields, &reject, error))
            {
              return FALSE;
            }
        }
      else
        {
          if (!import_contact (run, &row, line, &contact_id, &reject, error))
            {
              return FALSE;
            }
        }

      if (self->line_func != NULL && self->kind != REG_IMPORT_ORDERS &&
          !self->line_func (contact_id, line, fields, reject, self->line_func_data, error))
        return FALSE;

      if (reject != NULL)
        add_problem (run, line, reject, fields, TRUE);
      else if (run->remarks->len > 0)
        add_problem (run, line, run->remarks->str, fields, FALSE);
    }

  if (!flush_order (run, error))
    return FALSE;

  run->result->windows_1252 = reg_csv_reader_get_encoding (reader) == REG_CSV_ENCODING_WINDOWS_1252;
  if (progress)
    progress (reg_csv_reader_get_offset (reader), reg_csv_reader_get_size (reader), user_data);

  return TRUE;
}

/**
 * reg_import_run:
 * @dry_run: read everything and report, but write nothing
 * @progress: (scope call) (nullable): called now and then with the bytes read
 *
 * Imports the whole file in one transaction: everything or, on any error
 * or Cancel, nothing. Rows that cannot be used are left out and listed in
 * the result with their line and the reason. Blocks: run it in a thread.
 *
 * Returns: (transfer full): what happened, or %NULL with @error set
 */
RegImportResult *
reg_import_run (RegImport          *self,
                gboolean            dry_run,
                GCancellable       *cancellable,
                RegImportProgress   progress,
                gpointer            user_data,
                GError            **error)
{
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autoptr(GString) remarks = g_string_new (NULL);
  g_autoptr(GString) row_buffer = g_string_new (NULL);
  Run run = { 0, };
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);

  if (!reg_import_check (self, error))
    return NULL;

  if (!(reader = reg_csv_reader_new_for_path (self->path, error)))
    return NULL;

  result = result_new (self, dry_run);
  run.self = self;
  run.result = result;
  run.remarks = remarks;
  run.row_buffer = row_buffer;
  run.now = g_get_real_time () / G_USEC_PER_SEC;
  run.db = _reg_store_lock_writer (self->store);

  /* Every customer an order is written for was found or added in this
   * same transaction, so checking each order's customer again is waste
   * (the sqlite3 shell does not either). A few more megabytes of cache,
   * a fixed amount whatever the file's size, save rereading pages. */
  ok = _reg_store_exec (self->store, run.db,
                        "PRAGMA foreign_keys = OFF; PRAGMA temp.cache_size = -4096; PRAGMA main.cache_size = -4096;",
                        error) &&
       _reg_store_begin (self->store, run.db, error) &&
       _reg_store_exec (self->store, run.db,
                        "CREATE TEMP TABLE IF NOT EXISTS import_customers (email_norm TEXT PRIMARY KEY, "
                        "  line INTEGER, contact_id INTEGER, filled INTEGER, consent INTEGER);"
                        "CREATE TEMP TABLE IF NOT EXISTS touched_contacts (id INTEGER PRIMARY KEY);"
                        "DELETE FROM temp.import_customers;"
                        "DELETE FROM temp.touched_contacts;",
                        error) &&
       _reg_store_last_order_id (self->store, run.db, &run.last_order_id, error) &&
       _reg_store_has_file_orders (self->store, run.db, &run.file_orders_before, error) &&
       _reg_store_pause_search_index (self->store, run.db, error) &&
       (run.no_contacts_before = self->store->paused_index_last_id == 0, TRUE) &&
       import_rows (&run, reader, cancellable, progress, user_data, error) &&
       _reg_store_refresh_touched_figures (self->store, run.db, run.last_order_id, error) &&
       _reg_store_resume_search_index (self->store, run.db, error);

  g_clear_object (&run.order);
  g_clear_pointer (&run.order_fields, g_strfreev);

  if (ok && !dry_run)
    ok = _reg_store_commit (self->store, run.db, error);
  if (!ok || dry_run)
    _reg_store_rollback (self->store, run.db);

  /* Outside a transaction again, where the pragma takes effect. */
  sqlite3_exec (run.db, "PRAGMA foreign_keys = ON; PRAGMA main.cache_size = -2000;", NULL, NULL, NULL);

  _reg_store_unlock_writer (self->store);

  if (!ok)
    return NULL;

  if (!dry_run && (result->added || result->updated || result->merged ||
                   result->orders_added || result->orders_updated))
    _reg_store_emit_changed (self->store, REG_CHANGE_CONTACTS | REG_CHANGE_ORDERS, NULL);

  return g_steal_pointer (&result);
}

/**
 * reg_import_result_dup_summary:
 *
 * Returns: (transfer full): what happened, in a few plain lines, as the
 *   dialog and the command line show it
 */
char *
reg_import_result_dup_summary (RegImportResult *result)
{
  GString *summary = g_string_new (NULL);

  if (result->dry_run)
    g_string_append_printf (summary, "%s\n", _("Trial run: nothing was written."));

  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE, "%u customer added", "%u customers added", result->added),
                          result->added);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated", result->updated),
                          result->updated);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u unchanged", "%u unchanged", result->unchanged),
                          result->unchanged);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u skipped", "%u skipped", result->skipped),
                          result->skipped);
  g_string_append (summary, ".\n");

  if (result->orders_added || result->orders_updated)
    {
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%u order added", "%u orders added", result->orders_added),
                              result->orders_added);
      g_string_append (summary, ", ");
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated", result->orders_updated),
                              result->orders_updated);
      g_string_append (summary, ".\n");
    }

  if (result->merged)
    {
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u line repeated an e-mail address and was merged into the customer of its first line.",
                                           "%u lines repeated an e-mail address and were merged into the customer of their first line.",
                                           result->merged),
                              result->merged);
      g_string_append_c (summary, '\n');
    }

  if (result->rejected)
    {
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u line was not imported; see why below.",
                                           "%u lines were not imported; see why below.",
                                           result->rejected),
                              result->rejected);
      g_string_append_c (summary, '\n');
    }

  if (result->problems_not_listed)
    {
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u more line with a problem or a remark is not listed.",
                                           "%u more lines with a problem or a remark are not listed.",
                                           result->problems_not_listed),
                              result->problems_not_listed);
      g_string_append_c (summary, '\n');
    }

  if (result->values_kept)
    {
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u value already in Regulars was kept instead of the file’s",
                                           "%u values already in Regulars were kept instead of the file’s",
                                           result->values_kept),
                              result->values_kept);
      if (result->hand_typed_kept)
        {
          g_string_append (summary, " ");
          g_string_append_printf (summary,
                                  g_dngettext (GETTEXT_PACKAGE, "(%u typed by hand)", "(%u typed by hand)",
                                               result->hand_typed_kept),
                                  result->hand_typed_kept);
        }
      g_string_append (summary, ".\n");
    }

  if (result->windows_1252)
    g_string_append_printf (summary, "%s\n",
                            _("The file is not UTF-8; it was read as Windows-1252. Check that accented letters look right."));

  if (result->added + result->updated + result->unchanged + result->skipped + result->merged +
      result->rejected + result->orders_added + result->orders_updated == 0)
    g_string_append_printf (summary, "%s\n", _("The file has column names but no rows."));

  if (summary->len > 0 && summary->str[summary->len - 1] == '\n')
    g_string_truncate (summary, summary->len - 1);

  return g_string_free (summary, FALSE);
}

/**
 * reg_import_result_save_problems:
 *
 * Saves the lines that were not imported, with their line number and the
 * reason, as a CSV file the owner can fix and import again.
 */
gboolean
reg_import_result_save_problems (RegImportResult  *result,
                                 GFile            *file,
                                 GError          **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(RegCsvWriter) writer = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint n_header = g_strv_length (result->header);

  if (!(stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error)))
    return FALSE;

  writer = reg_csv_writer_new (G_OUTPUT_STREAM (stream), TRUE);

  g_ptr_array_add (cells, g_strdup (_("Line")));
  g_ptr_array_add (cells, g_strdup (_("Problem")));
  for (guint i = 0; i < n_header; i++)
    g_ptr_array_add (cells, g_strdup (result->header[i]));
  if (!reg_csv_writer_write_row (writer, (const char * const *)cells->pdata, cells->len, error))
    return FALSE;

  for (guint i = 0; i < result->problems->len; i++)
    {
      RegImportProblem *problem = g_ptr_array_index (result->problems, i);

      if (!problem->rejected)
        continue;

      g_ptr_array_set_size (cells, 0);
      g_ptr_array_add (cells, g_strdup_printf ("%u", problem->line));
      g_ptr_array_add (cells, g_strdup (problem->reason));
      for (guint k = 0; problem->fields && problem->fields[k]; k++)
        g_ptr_array_add (cells, g_strdup (problem->fields[k]));
      if (!reg_csv_writer_write_row (writer, (const char * const *)cells->pdata, cells->len, error))
        return FALSE;
    }

  return reg_csv_writer_close (writer, NULL, error);
}

static const char * const format_ids[] = {
  [REG_IMPORT_FORMAT_GENERIC] = "generic",
  [REG_IMPORT_FORMAT_SHOPIFY_CUSTOMERS] = "shopify",
  [REG_IMPORT_FORMAT_SHOPIFY_ORDERS] = "shopify-orders",
  [REG_IMPORT_FORMAT_WOOCOMMERCE_CUSTOMERS] = "woocommerce",
  [REG_IMPORT_FORMAT_MAILCHIMP] = "mailchimp",
  [REG_IMPORT_FORMAT_REGULARS] = "regulars",
};

const char *
reg_import_format_id (RegImportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_ids), NULL);

  return format_ids[format];
}

gboolean
reg_import_format_from_id (const char      *id,
                           RegImportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_ids); i++)
    if (g_strcmp0 (id, format_ids[i]) == 0)
      {
        *format = i;
        return TRUE;
      }

  return FALSE;
}

const char *
reg_import_format_label (RegImportFormat format)
{
  switch (format)
    {
    case REG_IMPORT_FORMAT_SHOPIFY_CUSTOMERS:
      return _("Shopify customers");
    case REG_IMPORT_FORMAT_SHOPIFY_ORDERS:
      return _("Shopify orders");
    case REG_IMPORT_FORMAT_WOOCOMMERCE_CUSTOMERS:
      return _("WooCommerce customers");
    case REG_IMPORT_FORMAT_MAILCHIMP:
      return _("Mailchimp audience");
    case REG_IMPORT_FORMAT_REGULARS:
      return _("Regulars export");
    case REG_IMPORT_FORMAT_GENERIC:
    default:
      return _("Spreadsheet");
    }
}

const char *
reg_import_target_label (RegImportTarget target)
{
  static const char * const labels[] = {
    [REG_IMPORT_IGNORE] = N_("Do not import"),
    [REG_IMPORT_EMAIL] = N_("E-mail"),
    [REG_IMPORT_GIVEN_NAME] = N_("First name"),
    [REG_IMPORT_FAMILY_NAME] = N_("Last name"),
    [REG_IMPORT_FULL_NAME] = N_("Full name"),
    [REG_IMPORT_PHONE] = N_("Phone"),
    [REG_IMPORT_COMPANY] = N_("Company"),
    [REG_IMPORT_STREET] = N_("Street"),
    [REG_IMPORT_STREET2] = N_("Street, second line"),
    [REG_IMPORT_POSTCODE] = N_("Postcode"),
    [REG_IMPORT_CITY] = N_("City"),
    [REG_IMPORT_COUNTRY] = N_("Country"),
    [REG_IMPORT_BIRTHDAY] = N_("Birthday"),
    [REG_IMPORT_CUSTOMER_TYPE] = N_("Customer type"),
    [REG_IMPORT_NOTE] = N_("Note"),
    [REG_IMPORT_TAGS] = N_("Tags"),
    [REG_IMPORT_CONSENT] = N_("Marketing consent"),
    [REG_IMPORT_CONSENT_AT] = N_("Consent date"),
    [REG_IMPORT_UNSUBSCRIBED_AT] = N_("Unsubscribed on"),
    [REG_IMPORT_CREATED_AT] = N_("Customer since"),
    [REG_IMPORT_ORDER_NUMBER] = N_("Order number"),
    [REG_IMPORT_ORDER_DATE] = N_("Order date"),
    [REG_IMPORT_ORDER_STATUS] = N_("Order status"),
    [REG_IMPORT_CURRENCY] = N_("Currency"),
    [REG_IMPORT_ORDER_TOTAL] = N_("Order total"),
    [REG_IMPORT_DISCOUNT] = N_("Discount"),
    [REG_IMPORT_SHIPPING] = N_("Shipping"),
    [REG_IMPORT_REFUNDED] = N_("Refunded amount"),
    [REG_IMPORT_REFUNDED_AT] = N_("Refund date"),
    [REG_IMPORT_ITEM_NAME] = N_("Product"),
    [REG_IMPORT_ITEM_SKU] = N_("Product SKU"),
    [REG_IMPORT_ITEM_QUANTITY] = N_("Quantity"),
    [REG_IMPORT_ITEM_PRICE] = N_("Price each"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == REG_IMPORT_N_TARGETS);
  g_return_val_if_fail (target < REG_IMPORT_N_TARGETS, NULL);

  return _(labels[target]);
}
