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

  return usage_error ("unknown command “%s”", argv[i]);
}
