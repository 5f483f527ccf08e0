/* test-import.c: importing and exporting customers and orders
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "reg-export.h"
#include "reg-import.h"
#include "reg-money.h"
#include "reg-store-private.h"
#include "reg-test-util.h"

typedef struct
{
  char     *dir;
  RegStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      len)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}

static RegImportResult *
import (Fixture        *f,
        RegImportKind   kind,
        const char     *data,
        gboolean        dry_run,
        GError        **error)
{
  g_autofree char *path = write_file (f, "in.csv", data, -1);
  g_autoptr(RegImport) import = reg_import_new (f->store, kind, path, error);

  if (import == NULL)
    return NULL;

  return reg_import_run (import, dry_run, NULL, NULL, NULL, error);
}

static RegContact *
find (Fixture    *f,
      const char *search)
{
  return reg_test_find_contact (f->store, search);
}

static guint
count_found (Fixture    *f,
             const char *search)
{
  g_autoptr(GArray) ids = reg_store_query_contact_ids (f->store, search, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, NULL);

  g_assert_nonnull (ids);
  return ids->len;
}

static const char shopify_customers[] =
  "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
  "Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,"
  "Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,"
  "Total Spent,Total Orders,Note,Tax Exempt,Tags\r\n"
  "'7001,Jürgen,Weiß,JUERGEN@example.de ,yes,,Hauptstraße 5,Hinterhaus,Köln,NW,DE,50667,'+49221555,,no,"
  "120.50,3,Likes tea,no,\"vip, stammkunde\"\r\n"
  "'7002,Ana,García,ana@example.es,no,Tienda SL,Calle Mayor 1,,Madrid,,ES,28013,,'+34911222,no,0.00,0,,no,\r\n";

static void
test_shopify_customers (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegImportResult) result = import (f, REG_IMPORT_AUTO, shopify_customers, FALSE, &error);
  g_autoptr(RegContact) jurgen = NULL;
  g_autoptr(RegContact) ana = NULL;
  g_autofree char *tags = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 2);
  g_assert_cmpuint (result->rejected, ==, 0);

  jurgen = find (f, "juergen@example.de");
  g_assert_nonnull (jurgen);
  g_assert_cmpstr (reg_contact_get_given_name (jurgen), ==, "Jürgen");
  g_assert_cmpstr (reg_contact_get_street (jurgen), ==, "Hauptstraße 5, Hinterhaus");
  g_assert_cmpstr (reg_contact_get_city (jurgen), ==, "Köln");
  g_assert_cmpstr (reg_contact_get_country (jurgen), ==, "Germany");
  g_assert_cmpstr (reg_contact_get_phone (jurgen), ==, "+49221555");
  g_assert_cmpint (reg_contact_get_consent (jurgen), ==, REG_CONSENT_YES);
  g_assert_cmpint (reg_contact_get_origin (jurgen), ==, REG_ORIGIN_CSV);
  tags = reg_contact_dup_tags_text (jurgen);
  g_assert_cmpstr (tags, ==, "vip, stammkunde");
  /* The shop's own totals are not orders. */
  g_assert_cmpuint (reg_contact_get_n_orders (jurgen), ==, 0);

  ana = find (f, "ana@example.es");
  g_assert_cmpstr (reg_contact_get_company (ana), ==, "Tienda SL");
  g_assert_cmpstr (reg_contact_get_phone (ana), ==, "+34911222");
  g_assert_cmpint (reg_contact_get_consent (ana), ==, REG_CONSENT_NO);
}

static void
test_detect_formats (Fixture       *f,
                     gconstpointer  data)
{
  const struct { const char *header; RegImportFormat format; RegImportKind kind; } cases[] = {
    { "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,"
      "Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name\n",
      REG_IMPORT_FORMAT_SHOPIFY_ORDERS, REG_IMPORT_ORDERS },
    { "Name,Username,Last Active,Sign Up,Email,Orders,Total Spend,AOV,Country / Region,City,Region,Postal Code\n",
      REG_IMPORT_FORMAT_WOOCOMMERCE_CUSTOMERS, REG_IMPORT_CONTACTS },
    { "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,"
      "LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\n",
      REG_IMPORT_FORMAT_MAILCHIMP, REG_IMPORT_CONTACTS },
    { "Vorname;Nachname;E-Mail;PLZ;Ort\n", REG_IMPORT_FORMAT_GENERIC, REG_IMPORT_CONTACTS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (f, "h.csv", cases[i].header, -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(RegImport) import = reg_import_new (f->store, REG_IMPORT_AUTO, path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (reg_import_get_format (import), ==, cases[i].format);
      g_assert_cmpint (reg_import_get_kind (import), ==, cases[i].kind);
    }
}

static void
test_generic_semicolon_1252 (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autoptr(RegContact) contact = NULL;
  g_autofree char *summary = NULL;

  /* Saved by a spreadsheet on Windows: semicolons, Windows-1252. */
  result = import (f, REG_IMPORT_CONTACTS, "Vorname;Nachname;E-Mail;PLZ;Ort\r\nJ\xfcrgen;M\xfcller;jm@example.de;80331;M\xfcnchen\r\n",
                   FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (result->windows_1252);
  summary = reg_import_result_dup_summary (result);
  g_assert_nonnull (strstr (summary, "Windows-1252"));

  contact = find (f, "jm@example.de");
  g_assert_cmpstr (reg_contact_get_family_name (contact), ==, "Müller");
  g_assert_cmpstr (reg_contact_get_city (contact), ==, "München");
}

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autofree char *problems = g_build_filename (f->dir, "problems.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (problems);
  g_autofree char *saved = NULL;

  result = import (f, REG_IMPORT_CONTACTS,
                   "Email,First Name,Last Name\n"
                   "good@example.com,Good,One\n"
                   "not-an-address,Bad,Address\n"
                   "ragged@example.com,Too,Many,Columns\n"
                   "GOOD@example.com ,,Again\n"
                   "short@example.com\n"
                   ",,\n"
                   "last@example.com,\"Last,\nOne\",X\n",
                   FALSE, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (result->added, ==, 2);
  g_assert_cmpuint (result->merged, ==, 1);
  g_assert_cmpuint (result->skipped, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 3);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 2);

  /* Each rejected row names its line and why. */
  for (guint i = 0; i < result->problems->len; i++)
    {
      RegImportProblem *problem = g_ptr_array_index (result->problems, i);

      if (problem->line == 3)
        g_assert_nonnull (strstr (problem->reason, "not-an-address"));
      else if (problem->line == 4 || problem->line == 6)
        g_assert_nonnull (strstr (problem->reason, "column"));
      else if (problem->line == 5)
        g_assert_false (problem->rejected);
      else
        g_error ("unexpected problem at line %u: %s", problem->line, problem->reason);
    }

  reg_import_result_save_problems (result, file, &error);
  g_assert_no_error (error);
  g_file_get_contents (problems, &saved, NULL, &error);
  g_assert_nonnull (strstr (saved, "Line,Problem,Email,First Name,Last Name\r\n"));
  g_assert_nonnull (strstr (saved, "3,“not-an-address” is not an e-mail address.,not-an-address,Bad,Address\r\n"));
}

static void
test_refused_files (Fixture       *f,
                    gconstpointer  data)
{
  const struct { const char *data; gsize len; GQuark domain; int code; } cases[] = {
    { "", 0, 0, REG_CSV_ERROR_EMPTY },
    { "PK\x03\x04 workbook", 13, 0, REG_CSV_ERROR_NOT_CSV },
    { "\x7f" "ELF\x02\x01\x01\0\0\0", 10, 0, REG_CSV_ERROR_NOT_CSV },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (f, "bad.csv", cases[i].data, cases[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(RegImport) import = reg_import_new (f->store, REG_IMPORT_AUTO, path, &error);

      g_assert_null (import);
      g_assert_error (error, REG_CSV_ERROR, cases[i].code);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RegImport) import = reg_import_new (f->store, REG_IMPORT_AUTO, "/nonexistent/x.csv", &error);

    g_assert_null (import);
    g_assert_error (error, REG_CSV_ERROR, REG_CSV_ERROR_READ);
  }

  /* Header only: nothing to do, said plainly. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RegImportResult) result = import (f, REG_IMPORT_CONTACTS, "Email,Name\r\n", FALSE, &error);
    g_autofree char *summary = NULL;

    g_assert_no_error (error);
    summary = reg_import_result_dup_summary (result);
    g_assert_nonnull (strstr (summary, "no rows"));
  }

  /* Nothing to match or name customers by. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RegImportResult) result = import (f, REG_IMPORT_CONTACTS, "Colour,Size\nred,XL\n", FALSE, &error);

    g_assert_null (result);
    g_assert_error (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_NO_COLUMNS);
  }

  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 0);
}

/* A 50 MB field rejects its row only; the rest is imported. */
static void
test_huge_field (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.csv", NULL);
  g_autoptr(RegImport) import = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FILE *file = g_fopen (path, "wb");
  char block[4096];

  memset (block, 'n', sizeof block);
  fputs ("Email,Note\nbig@example.com,\"", file);
  for (guint i = 0; i < 50 * 256; i++)
    fwrite (block, 1, sizeof block, file);
  fputs ("\"\nsmall@example.com,fine\n", file);
  fclose (file);

  import = reg_import_new (f->store, REG_IMPORT_CONTACTS, path, &error);
  g_assert_no_error (error);
  result = reg_import_run (import, FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 1);
  g_assert_cmpuint (((RegImportProblem *)result->problems->pdata[0])->line, ==, 2);
}

/* A file that is wrong on every line: all counted, the first ten thousand
 * listed, the summary says the rest exist. */
static void
test_many_problems (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Email,First Name\n");
  g_autoptr(RegImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (csv, "p%u@example.com,Person,%u\n", i, i);

  result = import (f, REG_IMPORT_CONTACTS, csv->str, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->rejected, ==, 12000);
  g_assert_cmpuint (result->problems->len, ==, 10000);
  g_assert_cmpuint (result->problems_not_listed, ==, 2000);
  g_assert_cmpuint (((RegImportProblem *)result->problems->pdata[9999])->line, ==, 10001);

  summary = reg_import_result_dup_summary (result);
  g_assert_nonnull (strstr (summary, "12000 lines were not imported"));
  g_assert_nonnull (strstr (summary, "2000 more lines"));
}

static void
test_fill_and_overwrite (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RegContact) mine = reg_test_contact_new ("Anna", "", "anna@example.com");
  g_autoptr(RegContact) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *file = "Email,First Name,Last Name,City,Accepts Email Marketing\n"
                     "anna@example.com,Annette,Schmidt,Hamburg,yes\n";

  reg_contact_set_city (mine, "Berlin");
  reg_contact_set_consent (mine, REG_CONSENT_NO);
  reg_store_save_contact (f->store, mine, &error);
  g_assert_no_error (error);

  /* By default: fill in what is empty, keep what the owner typed. */
  {
    g_autoptr(RegImportResult) result = import (f, REG_IMPORT_CONTACTS, file, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (result->updated, ==, 1);
    g_assert_cmpuint (result->hand_typed_kept, ==, 2);
  }
  after = find (f, "anna@example.com");
  g_assert_cmpstr (reg_contact_get_given_name (after), ==, "Anna");
  g_assert_cmpstr (reg_contact_get_family_name (after), ==, "Schmidt");
  g_assert_cmpstr (reg_contact_get_city (after), ==, "Berlin");
  /* Said no: an import never turns it into a yes. */
  g_assert_cmpint (reg_contact_get_consent (after), ==, REG_CONSENT_NO);
  g_clear_object (&after);

  /* Asked to overwrite: the file wins, except for consent. */
  {
    g_autofree char *path = write_file (f, "in.csv", file, -1);
    g_autoptr(RegImport) imp = reg_import_new (f->store, REG_IMPORT_CONTACTS, path, &error);
    g_autoptr(RegImportResult) result = NULL;

    reg_import_set_overwrite (imp, TRUE);
    result = reg_import_run (imp, FALSE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  after = find (f, "anna@example.com");
  g_assert_cmpstr (reg_contact_get_given_name (after), ==, "Annette");
  g_assert_cmpstr (reg_contact_get_city (after), ==, "Hamburg");
  g_assert_cmpint (reg_contact_get_consent (after), ==, REG_CONSENT_NO);

  /* Search finds the new values, not the old ones. */
  g_assert_cmpint (count_found (f, "annette hamburg"), ==, 1);
  g_assert_cmpint (count_found (f, "berlin"), ==, 0);
  g_assert_cmpint (count_found (f, "anna"), ==, 1);

  /* And after the import, a change by hand is found as before. */
  reg_contact_set_city (after, "Lübeck");
  reg_store_save_contact (f->store, after, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_found (f, "lubeck"), ==, 1);
  g_assert_cmpint (count_found (f, "hamburg"), ==, 0);
}

static void
test_dry_run_and_cancel (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new ("Email,First Name\n");
  g_autofree char *path = NULL;
  g_autofree char *db = g_build_filename (f->dir, "regulars.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (big, "p%u@example.com,Person %u\n", i, i);
  path = write_file (f, "big.csv", big->str, big->len);

  {
    g_autoptr(RegImport) imp = reg_import_new (f->store, REG_IMPORT_CONTACTS, path, &error);
    g_autoptr(RegImportResult) result = reg_import_run (imp, TRUE, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (result->dry_run);
    g_assert_cmpuint (result->added, ==, 3000);
    g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 0);
  }

  {
    g_autoptr(RegImport) imp = reg_import_new (f->store, REG_IMPORT_CONTACTS, path, &error);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(RegImportResult) result = NULL;

    g_cancellable_cancel (cancellable);
    result = reg_import_run (imp, FALSE, cancellable, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_CANCELLED);
    g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 0);
    g_clear_error (&error);
  }

  /* Neither left the search index behind: it still follows every write. */
  {
    g_autoptr(RegContact) c = reg_test_contact_new ("Person", "Added Later", "later@example.com");

    reg_store_save_contact (f->store, c, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count_found (f, "person"), ==, 1);
    g_assert_cmpint (count_found (f, "p12@example.com"), ==, 0);
  }
}

static guint
n_items_of (Fixture    *f,
            const char *remote_id)
{
  sqlite3 *db = _reg_store_lock_writer (f->store);
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id "
                                           "WHERE o.source_id = 0 AND o.remote_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, remote_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  _reg_store_unlock_writer (f->store);

  return n;
}

/* An order's lines must follow each other; one that comes back later in
 * the file is refused, not merged into or written over the first. Both
 * into an empty file and into one that has orders from a file already. */
static void
test_order_lines_apart (Fixture       *f,
                        gconstpointer  data)
{
  const char *header = "Name,Email,Financial Status,Created at,Currency,Total,Lineitem quantity,Lineitem name,Lineitem price\n";
  const char *first = "#7,ann@example.com,paid,2024-05-01 10:00:00 +0000,EUR,30.00,1,Mug,10.00\n"
                      "#7,ann@example.com,,,,,2,Tea,10.00\n"
                      "#8,bob@example.com,paid,2024-05-02 10:00:00 +0000,EUR,5.00,1,Soap,5.00\n"
                      "#7,ann@example.com,paid,2024-05-01 10:00:00 +0000,EUR,99.00,1,Vase,99.00\n";
  const char *second = "#9,ann@example.com,paid,2024-06-01 10:00:00 +0000,EUR,12.00,1,Cup,12.00\n"
                       "#10,bob@example.com,paid,2024-06-02 10:00:00 +0000,EUR,3.00,1,Pen,3.00\n"
                       "#9,ann@example.com,paid,2024-06-01 10:00:00 +0000,EUR,50.00,1,Jug,50.00\n";

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *csv = g_strconcat (header, round == 0 ? first : second, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RegImportResult) result = import (f, REG_IMPORT_ORDERS, csv, FALSE, &error);
      RegImportProblem *problem;

      g_assert_no_error (error);
      g_assert_cmpuint (result->orders_added, ==, 2);
      g_assert_cmpuint (result->rejected, ==, 1);
      problem = g_ptr_array_index (result->problems, 0);
      g_assert_cmpuint (problem->line, ==, round == 0 ? 5 : 4);
      g_assert_nonnull (strstr (problem->reason, "came up earlier in the file"));
    }

  /* The first #7 and #9 stand as they were. */
  g_assert_cmpuint (n_items_of (f, "#7"), ==, 2);
  g_assert_cmpuint (n_items_of (f, "#9"), ==, 1);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 4);
  {
    g_autoptr(RegContact) ann = find (f, "ann@example.com");

    g_assert_cmpuint (reg_contact_get_n_orders (ann), ==, 2);
    g_assert_cmpint (reg_contact_get_total_spent (ann), ==, 4200);
  }
}

static void
test_shopify_orders (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autoptr(RegContact) buyer = NULL;
  const char *csv =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,"
    "Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,"
    "Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,"
    "Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Notes,"
    "Cancelled at,Payment Method,Refunded Amount,Id,Tags\n"
    "#1001,kim@example.com,paid,2023-01-15 10:25:00 -0500,fulfilled,,yes,USD,40.00,5.00,0.00,45.00,,0.00,"
    "Standard,2023-01-15 10:23:45 -0500,2,Mug,15.00,,MUG-1,true,true,fulfilled,Kim Lee,1 Main St,1 Main St,,"
    ",Springfield,12345,IL,US,'+1555123,,,card,0.00,'5551,\n"
    "#1001,kim@example.com,,,,,,,,,,,,,,,1,Tea,10.00,,TEA-1,true,true,fulfilled,,,,,,,,,,,,,,,,\n"
    "#1002,kim@example.com,refunded,2023-02-01 09:00:00 -0500,,,yes,USD,20.00,0.00,0.00,20.00,,0.00,,"
    "2023-02-01 09:00:00 -0500,1,Mug,20.00,,MUG-1,true,true,,Kim Lee,,1 Main St,,,Springfield,12345,IL,US,,,,"
    "card,20.00,'5552,\n"
    "#1003,,paid,,,,,USD,10.00,0.00,0.00,10.00,,0.00,,2023-03-01 09:00:00 -0500,1,Mug,10.00,,MUG-1,,,,,,,,,,,,,,,,"
    ",0.00,'5553,\n";

  result = import (f, REG_IMPORT_AUTO, csv, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->orders_added, ==, 2);
  g_assert_cmpuint (result->added, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 1);
  g_assert_cmpuint (((RegImportProblem *)result->problems->pdata[0])->line, ==, 5);

  buyer = find (f, "kim@example.com");
  g_assert_cmpstr (reg_contact_get_given_name (buyer), ==, "Kim");
  g_assert_cmpstr (reg_contact_get_family_name (buyer), ==, "Lee");
  g_assert_cmpstr (reg_contact_get_city (buyer), ==, "Springfield");
  g_assert_cmpstr (reg_contact_get_country (buyer), ==, "United States");
  /* The refunded order is not revenue. */
  g_assert_cmpuint (reg_contact_get_n_orders (buyer), ==, 1);
  g_assert_cmpint (reg_contact_get_total_spent (buyer), ==, 4500);
  g_assert_cmpstr (reg_contact_get_spent_currency (buyer), ==, "USD");
  g_assert_cmpint (reg_contact_get_last_order_at (buyer), ==, 1673796225);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 2);

  /* Importing again updates, never doubles. */
  g_clear_pointer (&result, reg_import_result_free);
  result = import (f, REG_IMPORT_AUTO, csv, FALSE, &error);
  g_assert_cmpuint (result->orders_updated, ==, 2);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 2);

  /* The import checks customers itself; afterwards the database does again. */
  {
    sqlite3 *db = _reg_store_lock_writer (f->store);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    _reg_store_unlock_writer (f->store);
  }
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *contacts_path = g_build_filename (f->dir, "customers.csv", NULL);
  g_autofree char *orders_path = g_build_filename (f->dir, "orders.csv", NULL);
  g_autofree char *contacts_again = g_build_filename (f->dir, "customers2.csv", NULL);
  g_autofree char *orders_again = g_build_filename (f->dir, "orders2.csv", NULL);
  g_autofree char *other_dir = reg_test_make_tmp_dir ();
  g_autoptr(RegStore) other = reg_test_open_store (other_dir, 0);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gsize a_len, b_len;

  reg_store_load_sample_shop (f->store, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (contacts_path);
  reg_export_contacts (f->store, NULL, file, TRUE, NULL, NULL, &error);
  g_clear_object (&file);
  file = g_file_new_for_path (orders_path);
  reg_export_orders (f->store, NULL, file, FALSE, NULL, NULL, &error);
  g_clear_object (&file);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RegImport) imp = reg_import_new (other, i == 0 ? REG_IMPORT_CONTACTS : REG_IMPORT_ORDERS,
                                                 i == 0 ? contacts_path : orders_path, &error);
      g_autoptr(RegImportResult) result = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (reg_import_get_format (imp), ==, REG_IMPORT_FORMAT_REGULARS);
      result = reg_import_run (imp, FALSE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->rejected, ==, 0);
    }

  g_assert_cmpint (reg_store_count_contacts (other, NULL), ==, reg_store_count_contacts (f->store, NULL));
  g_assert_cmpint (reg_store_count_orders (other, NULL), ==, reg_store_count_orders (f->store, NULL));

  file = g_file_new_for_path (contacts_again);
  reg_export_contacts (other, NULL, file, TRUE, NULL, NULL, &error);
  g_clear_object (&file);
  file = g_file_new_for_path (orders_again);
  reg_export_orders (other, NULL, file, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (contacts_path, &a, &a_len, NULL);
  g_file_get_contents (contacts_again, &b, &b_len, NULL);
  g_assert_cmpmem (a, a_len, b, b_len);
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);
  g_file_get_contents (orders_path, &a, &a_len, NULL);
  g_file_get_contents (orders_again, &b, &b_len, NULL);
  g_assert_cmpmem (a, a_len, b, b_len);

  g_assert_true (g_str_has_prefix (a, "Order Number,Date,Email"));

  g_clear_object (&other);
  reg_test_remove_tmp_dir (other_dir);
}

static void
test_mailchimp_unsubscribed (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) contact = NULL;
  const char *subscribed = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LEID\n"
                           "sam@example.com,Sam,Roe,2,2016-04-18 13:51:14,2016-04-18 13:52:00,1\n";
  const char *unsubscribed = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,UNSUB_TIME,LEID\n"
                             "sam@example.com,Sam,Roe,2,2016-04-18 13:51:14,2017-01-02 10:00:00,1\n";

  g_autoptr(RegImportResult) r1 = import (f, REG_IMPORT_AUTO, subscribed, FALSE, &error);
  contact = find (f, "sam@example.com");
  g_assert_cmpint (reg_contact_get_consent (contact), ==, REG_CONSENT_YES);
  g_assert_cmpint (reg_contact_get_consent_at (contact), ==, 1460987474);
  g_clear_object (&contact);

  g_autoptr(RegImportResult) r2 = import (f, REG_IMPORT_AUTO, unsubscribed, FALSE, &error);
  contact = find (f, "sam@example.com");
  g_assert_cmpint (reg_contact_get_consent (contact), ==, REG_CONSENT_NO);
  g_clear_object (&contact);

  /* The subscribed file again must not bring them back. */
  g_autoptr(RegImportResult) r3 = import (f, REG_IMPORT_AUTO, subscribed, FALSE, &error);
  g_assert_no_error (error);
  contact = find (f, "sam@example.com");
  g_assert_cmpint (reg_contact_get_consent (contact), ==, REG_CONSENT_NO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/shopify-customers", test_shopify_customers);
  ADD ("/import/detect-formats", test_detect_formats);
  ADD ("/import/semicolons-and-windows-1252", test_generic_semicolon_1252);
  ADD ("/import/bad-rows", test_bad_rows);
  ADD ("/import/refused-files", test_refused_files);
  ADD ("/import/50-mb-field", test_huge_field);
  ADD ("/import/many-problems", test_many_problems);
  ADD ("/import/fill-and-overwrite", test_fill_and_overwrite);
  ADD ("/import/dry-run-and-cancel", test_dry_run_and_cancel);
  ADD ("/import/shopify-orders", test_shopify_orders);
  ADD ("/import/order-lines-apart", test_order_lines_apart);
  ADD ("/import/mailchimp-unsubscribed", test_mailchimp_unsubscribed);
  ADD ("/export/round-trip", test_round_trip);

  return g_test_run ();
}
