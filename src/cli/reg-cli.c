/* reg-cli.c: regulars-cli, the store from a terminal
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "regulars-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg-contact.h"
#include "reg-export.h"
#include "reg-import.h"
#include "reg-money.h"
#include "reg-store.h"

/* Exit statuses: the contract in DESIGN.md. */
enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
};

static const char usage_text[] =
  "Usage:\n"
  "  regulars-cli [--db PATH] contacts count\n"
  "  regulars-cli [--db PATH] contacts list [--search TEXT] [--limit N]\n"
  "  regulars-cli [--db PATH] import contacts|orders FILE.csv\n"
  "               [--preset auto|shopify|shopify-orders|woocommerce|mailchimp|regulars|generic]\n"
  "               [--currency CODE] [--overwrite] [--dry-run]\n"
  "  regulars-cli [--db PATH] export contacts|orders FILE.csv [--search TEXT] [--bom]\n"
  "\n"
  "Options:\n"
  "  --db PATH    the customer file (default: $REGULARS_DB, else the app's own file)\n"
  "  --help       show this help\n"
  "  --version    show the version\n";

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("regulars-cli: %s\n\n%s", message, usage_text);
  return EXIT_USAGE;
}

static int
fail (GError *error)
{
  g_printerr ("regulars-cli: %s\n", error->message);
  return EXIT_ERROR;
}

/* Takes "--name VALUE" or "--name=VALUE" at argv[*i]. */
static gboolean
take_option (char        **argv,
             int           argc,
             int          *i,
             const char   *name,
             const char  **value,
             gboolean     *missing)
{
  gsize len = strlen (name);

  *missing = FALSE;
  if (strncmp (argv[*i], name, len) != 0)
    return FALSE;

  if (argv[*i][len] == '=')
    {
      *value = argv[*i] + len + 1;
      return TRUE;
    }
  if (argv[*i][len] != '\0')
    return FALSE;

  if (*i + 1 >= argc)
    {
      *missing = TRUE;
      return TRUE;
    }

  *value = argv[++(*i)];
  return TRUE;
}

static RegStore *
open_store (const char  *db_path,
            GError     **error)
{
  return reg_store_open (db_path, error);
}

/* Tabs and line breaks inside a value would break the one-line-per-customer
 * output, so they become spaces. */
static void
print_field (const char *value,
             gboolean    last)
{
  for (const char *p = value; *p; p++)
    putchar (*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
  putchar (last ? '\n' : '\t');
}

static int
contacts_count (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = open_store (db_path, &error);
  gint64 n;

  if (store == NULL)
    return fail (error);

  if ((n = reg_store_count_contacts (store, &error)) < 0)
    return fail (error);

  g_print ("%" G_GINT64_FORMAT "\n", n);
  return EXIT_OK;
}

static int
contacts_list (const char *db_path,
               const char *search,
               gint64      limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = open_store (db_path, &error);
  g_autoptr(GArray) ids = NULL;
  guint n;

  if (store == NULL)
    return fail (error);

  ids = reg_store_query_contact_ids (store, search, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);
  if (ids == NULL)
    return fail (error);

  n = limit >= 0 ? (guint)MIN ((gint64)ids->len, limit) : ids->len;

  /* Read in pages, like the app: memory stays flat for any number of rows. */
  for (guint first = 0; first < n; first += 500)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint count = MIN (500, n - first);

      rows = reg_store_get_contacts (store, &g_array_index (ids, gint64, first), count, &error);
      if (rows == NULL)
        return fail (error);

      for (guint i = 0; i < rows->len; i++)
        {
          RegContact *contact = g_ptr_array_index (rows, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, reg_contact_get_id (contact));
          g_autofree char *name = reg_contact_dup_display_name (contact);

          print_field (id, FALSE);
          print_field (name, FALSE);
          print_field (reg_contact_get_email (contact), FALSE);
          print_field (reg_contact_get_city (contact), TRUE);
        }
    }

  if (fflush (stdout) != 0)
    {
      g_printerr ("regulars-cli: %s\n", g_strerror (errno));
      return EXIT_ERROR;
    }

  return EXIT_OK;
}

static int
run_contacts (const char *db_path,
              int         argc,
              char      **argv)
{
  const char *search = NULL;
  gint64 limit = -1;

  if (argc < 1)
    return usage_error ("“contacts” needs “count” or “list”");

  if (strcmp (argv[0], "count") == 0)
    {
      if (argc > 1)
        return usage_error ("unexpected “%s”", argv[1]);
      return contacts_count (db_path);
    }

  if (strcmp (argv[0], "list") == 0)
    {
      for (int i = 1; i < argc; i++)
        {
          const char *value = NULL;
          gboolean missing;

          if (take_option (argv, argc, &i, "--search", &value, &missing))
            {
              if (missing)
                return usage_error ("--search needs some text");
              search = value;
            }
          else if (take_option (argv, argc, &i, "--limit", &value, &missing))
            {
              char *end = NULL;

              if (missing)
                return usage_error ("--limit needs a number");
              limit = g_ascii_strtoll (value, &end, 10);
              if (end == value || *end != '\0' || limit < 0)
                return usage_error ("--limit needs a number of 0 or more, not “%s”", value);
            }
          else
            return usage_error ("unknown option “%s”", argv[i]);
        }

      return contacts_list (db_path, search, limit);
    }

  return usage_error ("unknown command “contacts %s”", argv[0]);
}

static int
run_import (const char *db_path,
            int         argc,
            char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegImport) import = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autofree char *summary = NULL;
  const char *preset = "auto";
  const char *currency = NULL;
  const char *path = NULL;
  gboolean dry_run = FALSE;
  gboolean overwrite = FALSE;
  RegImportKind kind;
  RegImportFormat format;

  if (argc < 1 || (strcmp (argv[0], "contacts") != 0 && strcmp (argv[0], "orders") != 0))
    return usage_error ("“import” needs “contacts” or “orders”");
  kind = strcmp (argv[0], "orders") == 0 ? REG_IMPORT_ORDERS : REG_IMPORT_CONTACTS;

  for (int i = 1; i < argc; i++)
    {
      const char *value = NULL;
      gboolean missing;

      if (strcmp (argv[i], "--dry-run") == 0)
        dry_run = TRUE;
      else if (strcmp (argv[i], "--overwrite") == 0)
        overwrite = TRUE;
      else if (take_option (argv, argc, &i, "--preset", &value, &missing))
        {
          if (missing)
            return usage_error ("--preset needs a name");
          preset = value;
        }
      else if (take_option (argv, argc, &i, "--currency", &value, &missing))
        {
          if (missing || !reg_currency_is_known (value))
            return usage_error ("--currency needs a currency code such as EUR");
          currency = value;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage_error ("unknown option “%s”", argv[i]);
      else if (path == NULL)
        path = argv[i];
      else
        return usage_error ("unexpected “%s”", argv[i]);
    }

  if (path == NULL)
    return usage_error ("“import %s” needs a file", argv[0]);

  if (strcmp (preset, "auto") != 0 && !reg_import_format_from_id (preset, &format))
    return usage_error ("unknown preset “%s”", preset);

  if (!(store = open_store (db_path, &error)) ||
      !(import = reg_import_new (store, kind, path, &error)))
    return fail (error);

  if (strcmp (preset, "auto") != 0)
    reg_import_set_format (import, format);
  if (currency)
    reg_import_set_default_currency (import, currency);
  reg_import_set_overwrite (import, overwrite);

  g_print (_("Format: %s\n"), reg_import_format_label (reg_import_get_format (import)));

  if (!(result = reg_import_run (import, dry_run, NULL, NULL, NULL, &error)))
    return fail (error);

  summary = reg_import_result_dup_summary (result);
  g_print ("%s\n", summary);

  for (guint i = 0; i < result->problems->len; i++)
    {
      RegImportProblem *problem = g_ptr_array_index (result->problems, i);

      g_print (_("Line %u: %s\n"), problem->line, problem->reason);
    }

  return EXIT_OK;
}

static int
run_export (const char *db_path,
            int         argc,
            char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GFile) file = NULL;
  const char *search = NULL;
  const char *path = NULL;
  gboolean bom = FALSE;
  gboolean orders;
  guint written = 0;

  if (argc < 1 || (strcmp (argv[0], "contacts") != 0 && strcmp (argv[0], "orders") != 0))
    return usage_error ("“export” needs “contacts” or “orders”");
  orders = strcmp (argv[0], "orders") == 0;

  for (int i = 1; i < argc; i++)
    {
      const char *value = NULL;
      gboolean missing;

      if (strcmp (argv[i], "--bom") == 0)
        bom = TRUE;
      else if (take_option (argv, argc, &i, "--search", &value, &missing))
        {
          if (missing)
            return usage_error ("--search needs some text");
          search = value;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage_error ("unknown option “%s”", argv[i]);
      else if (path == NULL)
        path = argv[i];
      else
        return usage_error ("unexpected “%s”", argv[i]);
    }

  if (path == NULL)
    return usage_error ("“export %s” needs a file", argv[0]);

  if (!(store = open_store (db_path, &error)))
    return fail (error);

  if (search != NULL &&
      !(ids = reg_store_query_contact_ids (store, search, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error)))
    return fail (error);

  file = g_file_new_for_commandline_arg (path);
  if (orders ? !reg_export_orders (store, ids, file, bom, NULL, &written, &error)
             : !reg_export_contacts (store, ids, file, bom, NULL, &written, &error))
    return fail (error);

  if (orders)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u order written.\n", "%u orders written.\n", written), written);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u customer written.\n", "%u customers written.\n", written), written);

  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  const char *db_path = NULL;
  int i;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (i = 1; i < argc; i++)
    {
      const char *value = NULL;
      gboolean missing;

      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          g_print ("%s", usage_text);
          return EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          g_print ("regulars-cli %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else if (take_option (argv, argc, &i, "--db", &value, &missing))
        {
          if (missing || value[0] == '\0')
            return usage_error ("--db needs a file name");
          db_path = value;
        }
      else if (argv[i][0] == '-')
        return usage_error ("unknown option “%s”", argv[i]);
      else
        break;
    }

  if (i >= argc)
    return usage_error ("no command given");

  if (strcmp (argv[i], "contacts") == 0)
    return run_contacts (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "import") == 0)
    return run_import (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "export") == 0)
    return run_export (db_path, argc - i - 1, argv + i + 1);

  return usage_error ("unknown command “%s”", argv[i]);
}
