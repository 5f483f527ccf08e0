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
#ifdef G_OS_WIN32
#include <fcntl.h>
#include <io.h>
#endif

#ifdef G_OS_UNIX
# include <termios.h>
# include <unistd.h>
#endif

#include "reg-analysis.h"
#include "reg-contact.h"
#include "reg-credentials.h"
#include "reg-export.h"
#include "reg-import.h"
#include "reg-lists.h"
#include "reg-money.h"
#include "reg-segment.h"
#include "reg-shopify-map.h"
#include "reg-store.h"
#include "reg-sync-engine.h"
#include "reg-http.h"

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
  "  regulars-cli [--db PATH] segments list\n"
  "  regulars-cli [--db PATH] segments count|members NAME\n"
  "  regulars-cli [--db PATH] segments add NAME RULE\n"
  "  regulars-cli [--db PATH] segments remove NAME\n"
  "  regulars-cli [--db PATH] lists list\n"
  "  regulars-cli [--db PATH] lists members NAME [--status subscribed|pending|unsubscribed|cleaned]\n"
  "  regulars-cli [--db PATH] lists add NAME\n"
  "  regulars-cli [--db PATH] lists import NAME FILE.csv --status subscribed|unsubscribed|cleaned\n"
  "  regulars-cli [--db PATH] lists export NAME FILE.csv [--bom]\n"
  "  regulars-cli [--db PATH] source add woocommerce NAME URL\n"
  "  regulars-cli [--db PATH] source add shopify NAME SHOP [--client-id ID]\n"
  "  regulars-cli [--db PATH] source list\n"
  "  regulars-cli [--db PATH] sync [NAME]\n"
  "\n"
  "Options:\n"
  "  --db PATH    the customer file (default: $REGULARS_DB, else the app's own file)\n"
  "  --help       show this help\n"
  "  --version    show the version\n"
  "\n"
  "Segments are the owner's saved rules and the built-in ones (the RFM groups\n"
  "and ABC classes); a rule is JSON, as README.md shows.\n"
  "\n"
  "A list import reads one of the files of a Mailchimp audience export; --status\n"
  "says which. Nobody who unsubscribed or bounced is subscribed again by it. A\n"
  "list export writes the subscribed members as Mailchimp imports them.\n"
  "\n"
  "A WooCommerce shop's consumer key and secret come from REGULARS_WC_KEY and\n"
  "REGULARS_WC_SECRET, or are asked for; they are kept in the keyring. Where\n"
  "there is none, set the two variables for every sync.\n"
  "\n"
  "A Shopify store is named as you know it: your-store, your-store.myshopify.com\n"
  "or admin.shopify.com/store/your-store. Its Admin API access token comes from\n"
  "REGULARS_SHOPIFY_TOKEN, or is asked for. With --client-id, the app's client\n"
  "secret comes from REGULARS_SHOPIFY_CLIENT_SECRET, or is asked for, and\n"
  "Regulars gets new access tokens itself. Both are kept in the keyring; where\n"
  "there is none, set the variables (and REGULARS_SHOPIFY_CLIENT_ID) for every sync.\n";

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

/* The first @n customers of @ids, a line each: id, name, e-mail, city. */
static int
print_contacts (RegStore *store,
                GArray   *ids,
                guint     n)
{
  g_autoptr(GError) error = NULL;

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

  return print_contacts (store, ids, n);
}

static int
run_contacts (const char *db_path,
              int         argc,
              char      **argv)
{
  const char *search = NULL;
  gint64 limit = -1;

  if (argc < 1)
    return usage_error (_("“contacts” needs “count” or “list”"));

  if (strcmp (argv[0], "count") == 0)
    {
      if (argc > 1)
        return usage_error (_("unexpected “%s”"), argv[1]);
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
                return usage_error (_("--search needs some text"));
              search = value;
            }
          else if (take_option (argv, argc, &i, "--limit", &value, &missing))
            {
              char *end = NULL;

              if (missing)
                return usage_error (_("--limit needs a number"));
              limit = g_ascii_strtoll (value, &end, 10);
              if (end == value || *end != '\0' || limit < 0)
                return usage_error (_("--limit needs a number of 0 or more, not “%s”"), value);
            }
          else
            return usage_error (_("unknown option “%s”"), argv[i]);
        }

      return contacts_list (db_path, search, limit);
    }

  return usage_error (_("unknown command “contacts %s”"), argv[0]);
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
    return usage_error (_("“import” needs “contacts” or “orders”"));
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
            return usage_error (_("--preset needs a name"));
          preset = value;
        }
      else if (take_option (argv, argc, &i, "--currency", &value, &missing))
        {
          if (missing || !reg_currency_is_known (value))
            return usage_error (_("--currency needs a currency code such as EUR"));
          currency = value;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage_error (_("unknown option “%s”"), argv[i]);
      else if (path == NULL)
        path = argv[i];
      else
        return usage_error (_("unexpected “%s”"), argv[i]);
    }

  if (path == NULL)
    return usage_error (_("“import %s” needs a file"), argv[0]);

  if (strcmp (preset, "auto") != 0 && !reg_import_format_from_id (preset, &format))
    return usage_error (_("unknown preset “%s”"), preset);

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
    return usage_error (_("“export” needs “contacts” or “orders”"));
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
            return usage_error (_("--search needs some text"));
          search = value;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage_error (_("unknown option “%s”"), argv[i]);
      else if (path == NULL)
        path = argv[i];
      else
        return usage_error (_("unexpected “%s”"), argv[i]);
    }

  if (path == NULL)
    return usage_error (_("“export %s” needs a file"), argv[0]);

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

static int
lists_list (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GPtrArray) lists = NULL;

  if (!(store = open_store (db_path, &error)) || !(lists = reg_store_get_lists (store, &error)))
    return fail (error);

  for (guint i = 0; i < lists->len; i++)
    {
      RegListInfo *list = g_ptr_array_index (lists, i);
      g_autofree char *counts = g_strdup_printf ("%u\t%u\t%u\t%u", list->n_subscribed, list->n_pending,
                                                 list->n_unsubscribed, list->n_cleaned);

      print_field (list->name, FALSE);
      g_print ("%s\n", counts);
    }

  return EXIT_OK;
}

static int
lists_members (const char *db_path,
               const char *name,
               int         status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegListInfo) list = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) ids = NULL;

  if (!(store = open_store (db_path, &error)) ||
      !(list = reg_store_find_list (store, name, &error)) ||
      !(members = reg_store_list_query_members (store, list->id, status, REG_CONTACT_SORT_NAME, FALSE,
                                                NULL, &error)))
    return fail (error);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), members->len);
  for (guint i = 0; i < members->len; i++)
    g_array_append_val (ids, g_array_index (members, RegListMember, i).contact_id);

  /* Read in pages, like the app: memory stays flat for any number of rows. */
  for (guint first = 0; first < ids->len; first += 500)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint count = MIN (500, ids->len - first);

      if (!(rows = reg_store_get_contacts (store, &g_array_index (ids, gint64, first), count, &error)))
        return fail (error);

      for (guint i = 0; i < rows->len; i++)
        {
          RegContact *contact = g_ptr_array_index (rows, i);
          RegListMember *member = &g_array_index (members, RegListMember, first + i);
          g_autofree char *display = reg_contact_dup_display_name (contact);
          g_autofree char *changed_at = reg_time_to_iso (member->changed_at);

          print_field (reg_contact_get_email (contact), FALSE);
          print_field (display, FALSE);
          print_field (reg_member_status_id (member->status), FALSE);
          print_field (changed_at, FALSE);
          print_field (reg_member_change_id (member->changed_by), TRUE);
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
lists_add (const char *db_path,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegListInfo) list = NULL;
  gint64 id;

  if (!(store = open_store (db_path, &error)) ||
      !(id = reg_store_add_list (store, name, &error)) ||
      !(list = reg_store_get_list (store, id, &error)))
    return fail (error);

  g_print (_("List “%s” added.\n"), list->name);
  return EXIT_OK;
}

static int
lists_import (const char      *db_path,
              const char      *name,
              const char      *path,
              RegMemberStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegListInfo) list = NULL;
  g_autoptr(RegImportResult) result = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *list_summary = NULL;
  RegListAddResult counts = { 0, };

  if (!(store = open_store (db_path, &error)) ||
      !(list = reg_store_find_list (store, name, &error)) ||
      !(result = reg_store_list_import_mailchimp (store, list->id, path, status, NULL, NULL, NULL,
                                                  &counts, &error)))
    return fail (error);

  summary = reg_import_result_dup_summary (result);
  list_summary = reg_list_add_result_dup_summary (&counts);
  g_print ("%s\n%s\n", summary, list_summary);

  for (guint i = 0; i < result->problems->len; i++)
    {
      RegImportProblem *problem = g_ptr_array_index (result->problems, i);

      g_print (_("Line %u: %s\n"), problem->line, problem->reason);
    }

  return EXIT_OK;
}

static int
lists_export (const char *db_path,
              const char *name,
              const char *path,
              gboolean    bom)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegListInfo) list = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *local = g_file_get_path (file);
  guint written = 0;

  if (local == NULL)
    {
      g_printerr (_("regulars-cli: “%s” is not a file on this computer.\n"), path);
      return EXIT_ERROR;
    }

  if (!(store = open_store (db_path, &error)) ||
      !(list = reg_store_find_list (store, name, &error)) ||
      !reg_store_list_export_subscribed (store, list->id, local, bom, &written, &error))
    return fail (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "%u subscribed member written.\n", "%u subscribed members written.\n",
                        written),
           written);
  return EXIT_OK;
}

static int
run_lists (const char *db_path,
           int         argc,
           char      **argv)
{
  const char *command;
  const char *args[2] = { NULL, NULL };
  const char *status_id = NULL;
  guint n_args = 0;
  gboolean bom = FALSE;
  int status = -1;

  if (argc < 1)
    return usage_error (_("“lists” needs “list”, “members”, “add”, “import” or “export”"));
  command = argv[0];

  for (int i = 1; i < argc; i++)
    {
      const char *value = NULL;
      gboolean missing;

      if (strcmp (argv[i], "--bom") == 0 && strcmp (command, "export") == 0)
        bom = TRUE;
      else if ((strcmp (command, "members") == 0 || strcmp (command, "import") == 0) &&
               take_option (argv, argc, &i, "--status", &value, &missing))
        {
          if (missing)
            return usage_error (_("--status needs subscribed, pending, unsubscribed or cleaned"));
          status_id = value;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage_error (_("unknown option “%s”"), argv[i]);
      else if (n_args < G_N_ELEMENTS (args))
        args[n_args++] = argv[i];
      else
        return usage_error (_("unexpected “%s”"), argv[i]);
    }

  if (status_id != NULL)
    {
      RegMemberStatus parsed;

      if (!reg_member_status_from_id (status_id, &parsed) ||
          (strcmp (command, "import") == 0 && parsed == REG_MEMBER_PENDING))
        return usage_error (_("unknown status “%s”"), status_id);
      status = parsed;
    }

  if (strcmp (command, "list") == 0)
    {
      if (n_args > 0)
        return usage_error (_("unexpected “%s”"), args[0]);
      return lists_list (db_path);
    }

  if (strcmp (command, "members") == 0 || strcmp (command, "add") == 0)
    {
      if (n_args != 1)
        return n_args == 0 ? usage_error (_("“lists %s” needs the list’s name"), command)
                           : usage_error (_("unexpected “%s”"), args[1]);
      if (strcmp (command, "add") == 0)
        return lists_add (db_path, args[0]);
      return lists_members (db_path, args[0], status);
    }

  if (strcmp (command, "import") == 0 || strcmp (command, "export") == 0)
    {
      if (n_args != 2)
        return usage_error (_("“lists %s” needs the list’s name and a file"), command);
      if (strcmp (command, "export") == 0)
        return lists_export (db_path, args[0], args[1], bom);
      /* Which of Mailchimp's files it is decides who may be written to: never guessed. */
      if (status < 0)
        return usage_error (_("“lists import” needs --status subscribed, unsubscribed or cleaned"));
      return lists_import (db_path, args[0], args[1], status);
    }

  return usage_error (_("unknown command “lists %s”"), command);
}

/* A segment by the name the owner knows it by: a saved one, or a built-in
 * one (an RFM group or ABC class, by its title or its key). */
static RegSegment *
find_segment (RegStore    *store,
              const char  *name,
              GError     **error)
{
  g_autoptr(GPtrArray) builtin = reg_segments_get_builtin ();
  g_autoptr(GError) local_error = NULL;
  RegSegment *found;
  RegRfmGroup group = reg_rfm_group_from_key (name);

  if ((found = reg_store_find_segment (store, name, &local_error)))
    return found;
  if (!g_error_matches (local_error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < builtin->len; i++)
    {
      RegSegment *segment = g_ptr_array_index (builtin, i);
      g_autofree char *a = g_utf8_casefold (segment->name, -1);
      g_autofree char *b = g_utf8_casefold (name, -1);

      if (g_strcmp0 (a, b) == 0 ||
          (group != REG_RFM_NONE && g_strcmp0 (segment->name, reg_rfm_group_get_title (group)) == 0))
        return g_ptr_array_steal_index (builtin, i);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* Groups and classes follow the orders: worked out anew before use. */
static RegStore *
open_scored_store (const char  *db_path,
                   GError     **error)
{
  g_autoptr(RegStore) store = open_store (db_path, error);

  if (store == NULL || !reg_store_compute_scores (store, g_get_real_time () / G_USEC_PER_SEC, error))
    return NULL;

  return g_steal_pointer (&store);
}

static int
segments_list (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!(store = open_scored_store (db_path, &error)) || !(saved = reg_store_list_segments (store, &error)))
    return fail (error);

  /* The owner's own first, then the built-in ones. */
  all = reg_segments_get_builtin ();
  for (guint i = saved->len; i > 0; i--)
    g_ptr_array_insert (all, 0, g_ptr_array_steal_index (saved, i - 1));

  for (guint i = 0; i < all->len; i++)
    {
      RegSegment *segment = g_ptr_array_index (all, i);
      g_autoptr(RegSegmentRule) rule = NULL;
      g_autofree char *count = NULL;
      g_autofree char *description = NULL;
      gint64 n;

      if (!(rule = reg_segment_rule_parse (segment->rule, &error)) ||
          (n = reg_segment_count (store, rule, now, NULL, &error)) < 0)
        return fail (error);

      count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      description = reg_segment_rule_describe (rule);
      print_field (segment->name, FALSE);
      print_field (count, FALSE);
      print_field (segment->id > 0 ? "saved" : "built-in", FALSE);
      print_field (description, TRUE);
    }

  return EXIT_OK;
}

static int
segments_count_or_members (const char *db_path,
                           const char *name,
                           gboolean    members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegSegment) segment = NULL;
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 n;

  if (!(store = open_scored_store (db_path, &error)) ||
      !(segment = find_segment (store, name, &error)) ||
      !(rule = reg_segment_rule_parse (segment->rule, &error)))
    return fail (error);

  if (!members)
    {
      if ((n = reg_segment_count (store, rule, now, NULL, &error)) < 0)
        return fail (error);
      g_print ("%" G_GINT64_FORMAT "\n", n);
      return EXIT_OK;
    }

  if (!(ids = reg_segment_member_ids (store, rule, now, REG_CONTACT_SORT_NAME, &error)))
    return fail (error);

  return print_contacts (store, ids, ids->len);
}

static int
segments_add (const char *db_path,
              const char *name,
              const char *rule_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autofree char *description = NULL;

  if (!(rule = reg_segment_rule_parse (rule_json, &error)) ||
      !(store = open_store (db_path, &error)) ||
      reg_store_add_segment (store, name, rule_json, &error) <= 0)
    return fail (error);

  description = reg_segment_rule_describe (rule);
  g_print (_("Segment “%s” saved: %s\n"), name, description);
  return EXIT_OK;
}

static int
segments_remove (const char *db_path,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegSegment) segment = NULL;

  if (!(store = open_store (db_path, &error)) ||
      !(segment = reg_store_find_segment (store, name, &error)) ||
      !reg_store_remove_segment (store, segment->id, &error))
    return fail (error);

  g_print (_("Segment “%s” removed.\n"), segment->name);
  return EXIT_OK;
}

static int
run_segments (const char *db_path,
              int         argc,
              char      **argv)
{
  const char *command;

  if (argc < 1)
    return usage_error (_("“segments” needs “list”, “count”, “members”, “add” or “remove”"));
  command = argv[0];

  for (int i = 1; i < argc; i++)
    if (argv[i][0] == '-' && argv[i][1] != '\0')
      return usage_error (_("unknown option “%s”"), argv[i]);

  if (strcmp (command, "list") == 0)
    return argc == 1 ? segments_list (db_path) : usage_error (_("unexpected “%s”"), argv[1]);

  if (strcmp (command, "count") == 0 || strcmp (command, "members") == 0 || strcmp (command, "remove") == 0)
    {
      if (argc != 2)
        return argc < 2 ? usage_error (_("“segments %s” needs the segment’s name"), command)
                        : usage_error (_("unexpected “%s”"), argv[2]);
      if (strcmp (command, "remove") == 0)
        return segments_remove (db_path, argv[1]);
      return segments_count_or_members (db_path, argv[1], strcmp (command, "members") == 0);
    }

  if (strcmp (command, "add") == 0)
    {
      if (argc != 3)
        return argc < 3 ? usage_error (_("“segments add” needs a name and a rule (JSON)"))
                        : usage_error (_("unexpected “%s”"), argv[3]);
      return segments_add (db_path, argv[1], argv[2]);
    }

  return usage_error (_("unknown command “segments %s”"), command);
}

/* Reads a line from the terminal, without showing it when @hidden. */
static char *
prompt (const char *question,
        gboolean    hidden)
{
  char line[1024];
  gboolean got;
#ifdef G_OS_UNIX
  struct termios before, quiet;
  gboolean interactive = isatty (STDIN_FILENO);
  gboolean tty = hidden && interactive && tcgetattr (STDIN_FILENO, &before) == 0;

  if (tty)
    {
      quiet = before;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
#endif

#ifdef G_OS_UNIX
  /* Read from a pipe, the answer is there already: no question to ask. */
  if (interactive)
#endif
    {
      fputs (question, stderr);
      fflush (stderr);
    }
  got = fgets (line, sizeof line, stdin) != NULL;

#ifdef G_OS_UNIX
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &before);
      fputc ('\n', stderr);
    }
#endif

  if (!got)
    return NULL;

  g_strstrip (line);
  {
    char *answer = line[0] ? g_strdup (line) : NULL;

    memset (line, 0, sizeof line);
    return answer;
  }
}

/* An environment variable's value; NULL when it is not set or empty. */
static const char *
env_value (const char *name)
{
  const char *value = g_getenv (name);

  return value && *value ? value : NULL;
}

/* The key and secret from the environment, else asked for. */
static gboolean
read_woo_credentials (char **key,
                      char **secret,
                      gboolean ask)
{
  *key = g_strdup (env_value ("REGULARS_WC_KEY"));
  *secret = g_strdup (env_value ("REGULARS_WC_SECRET"));

  if (ask && *key == NULL)
    *key = prompt (_("Consumer key: "), FALSE);
  if (ask && *secret == NULL)
    *secret = prompt (_("Consumer secret: "), TRUE);

  return *key != NULL && *secret != NULL;
}

/* Without @client_id, the access token as the key and no secret; with it,
 * the client ID and secret that the sync trades for a token. From the
 * environment, else asked for. */
static gboolean
read_shopify_credentials (const char  *client_id,
                          char       **key,
                          char       **secret,
                          gboolean     ask)
{
  if (client_id == NULL)
    {
      *key = g_strdup (env_value ("REGULARS_SHOPIFY_TOKEN"));
      if (ask && *key == NULL)
        *key = prompt (_("Admin API access token: "), TRUE);
      *secret = g_strdup ("");
    }
  else
    {
      *key = g_strdup (client_id);
      *secret = g_strdup (env_value ("REGULARS_SHOPIFY_CLIENT_SECRET"));
      if (ask && *secret == NULL)
        *secret = prompt (_("Client secret: "), TRUE);
    }

  return *key != NULL && *secret != NULL;
}

/* Keeps the shop, and its key and secret in the keyring; says what to do
 * where there is no keyring. Wipes @key and @secret. */
static int
add_source (const char  *db_path,
            RegOrigin    platform,
            const char  *name,
            const char  *url,
            char       **key,
            char       **secret,
            const char  *without_keyring)
{
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!(store = open_store (db_path, &error)) ||
      !(id = reg_store_add_source (store, platform, name, url, &error)) ||
      !(source = reg_store_get_source (store, id, &error)))
    {
      reg_credentials_wipe (key);
      reg_credentials_wipe (secret);
      return fail (error);
    }

  if (!reg_credentials_store (source, *key, *secret, NULL, &error))
    g_print ("%s\n", without_keyring);
  reg_credentials_wipe (key);
  reg_credentials_wipe (secret);

  g_print (_("Shop “%s” added.\n"), source->name);
  return EXIT_OK;
}

static int
source_add_shopify (const char *db_path,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *args[2] = { NULL, NULL };
  const char *client_id = NULL;
  char *key = NULL;
  char *secret = NULL;
  guint n_args = 0;

  for (int i = 0; i < argc; i++)
    {
      const char *value = NULL;
      gboolean missing;

      if (take_option (argv, argc, &i, "--client-id", &value, &missing))
        {
          if (missing || value[0] == '\0')
            return usage_error (_("--client-id needs the app's client ID"));
          client_id = value;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage_error (_("unknown option “%s”"), argv[i]);
      else if (n_args < G_N_ELEMENTS (args))
        args[n_args++] = argv[i];
      else
        return usage_error (_("unexpected “%s”"), argv[i]);
    }

  if (n_args != 2)
    return usage_error (_("source add shopify needs a name and the store's address"));

  if (!(url = reg_shopify_normalize_domain (args[1], &error)))
    return fail (error);

  if (!read_shopify_credentials (client_id, &key, &secret, TRUE))
    {
      g_printerr ("regulars-cli: %s\n",
                  client_id ? _("The app’s client secret is needed: set REGULARS_SHOPIFY_CLIENT_SECRET, or type it when asked.")
                            : _("An Admin API access token is needed: set REGULARS_SHOPIFY_TOKEN, or type it when asked."));
      reg_credentials_wipe (&key);
      reg_credentials_wipe (&secret);
      return EXIT_ERROR;
    }

  return add_source (db_path, REG_ORIGIN_SHOPIFY, args[0], url, &key, &secret,
                     client_id ? _("No keyring is available here, so the client secret was not kept. Set "
                                   "REGULARS_SHOPIFY_CLIENT_ID and REGULARS_SHOPIFY_CLIENT_SECRET for every sync.")
                               : _("No keyring is available here, so the access token was not kept. Set "
                                   "REGULARS_SHOPIFY_TOKEN for every sync."));
}

static int
source_add (const char *db_path,
            int         argc,
            char      **argv)
{
  g_autoptr(GError) error = NULL;
  char *key = NULL;
  char *secret = NULL;

  if (argc >= 1 && strcmp (argv[0], "shopify") == 0)
    return source_add_shopify (db_path, argc - 1, argv + 1);

  if (argc != 3 || strcmp (argv[0], "woocommerce") != 0)
    return usage_error (_("source add needs woocommerce or shopify, a name and the shop's address"));

  if (!reg_http_check_url (argv[2], &error))
    return fail (error);

  if (!read_woo_credentials (&key, &secret, TRUE))
    {
      g_printerr ("regulars-cli: %s\n", _("A consumer key and secret are needed."));
      reg_credentials_wipe (&key);
      reg_credentials_wipe (&secret);
      return EXIT_ERROR;
    }

  return add_source (db_path, REG_ORIGIN_WOOCOMMERCE, argv[1], argv[2], &key, &secret,
                     _("No keyring is available here, so the key was not kept. Set REGULARS_WC_KEY and "
                       "REGULARS_WC_SECRET for every sync."));
}

static int
source_list (const char *db_path)
{
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = open_store (db_path, &error)) || !(sources = reg_store_list_sources (store, &error)))
    return fail (error);

  for (guint i = 0; i < sources->len; i++)
    {
      RegSource *source = g_ptr_array_index (sources, i);

      print_field (source->name, FALSE);
      print_field (source->platform == REG_ORIGIN_WOOCOMMERCE ? "woocommerce" : "shopify", FALSE);
      print_field (source->url, FALSE);
      print_field (source->last_result ? source->last_result : _("Never synced"), TRUE);
    }

  return EXIT_OK;
}

static int
run_source (const char *db_path,
            int         argc,
            char      **argv)
{
  if (argc < 1)
    return usage_error (_("source needs add or list"));
  if (strcmp (argv[0], "add") == 0)
    return source_add (db_path, argc - 1, argv + 1);
  if (strcmp (argv[0], "list") == 0 && argc == 1)
    return source_list (db_path);

  return usage_error (_("unknown source command “%s”"), argv[0]);
}

typedef struct
{
  GMainLoop        *loop;
  gboolean          ok;
  GError           *error;
  RegSyncPageResult totals;
} SyncRun;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  run->ok = reg_sync_engine_run_finish (REG_SYNC_ENGINE (object), result, &run->totals, &run->error);
  g_main_loop_quit (run->loop);
}

static void
sync_progress_cb (RegSyncEngine *engine,
                  const char    *what,
                  guint          done,
                  guint          total,
                  gpointer       user_data)
{
  /* Translators: "Orders: 1200 of 5430" */
  g_print (_("%s: %u of %u\n"), what, done, total);
}

static void
sync_waiting_cb (RegSyncEngine *engine,
                 const char    *message,
                 gpointer       user_data)
{
  g_print ("%s\n", message);
}

static gboolean
sync_one (RegStore  *store,
          RegSource *source)
{
  g_autoptr(RegSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *summary = NULL;
  SyncRun run = { 0, };
  gboolean found;

  /* The keyring first; where there is none, the environment. */
  if (!reg_credentials_lookup (source, &key, &secret, NULL, &error) || key == NULL || secret == NULL)
    {
      reg_credentials_wipe (&key);
      reg_credentials_wipe (&secret);
      if (source->platform == REG_ORIGIN_SHOPIFY)
        found = read_shopify_credentials (env_value ("REGULARS_SHOPIFY_TOKEN") ? NULL
                                                                               : env_value ("REGULARS_SHOPIFY_CLIENT_ID"),
                                          &key, &secret, FALSE);
      else
        found = read_woo_credentials (&key, &secret, FALSE);

      if (!found)
        {
          g_printerr (source->platform == REG_ORIGIN_SHOPIFY
                      ? _("regulars-cli: %s: no access token is kept for this store. Set REGULARS_SHOPIFY_TOKEN, "
                          "or REGULARS_SHOPIFY_CLIENT_ID and REGULARS_SHOPIFY_CLIENT_SECRET.\n")
                      : _("regulars-cli: %s: no key and secret are kept for this shop. "
                          "Set REGULARS_WC_KEY and REGULARS_WC_SECRET.\n"),
                      source->name);
          return FALSE;
        }
    }

  engine = reg_sync_engine_new (store, source, key, secret);
  reg_credentials_wipe (&key);
  reg_credentials_wipe (&secret);

  g_signal_connect (engine, "progress", G_CALLBACK (sync_progress_cb), NULL);
  g_signal_connect (engine, "waiting", G_CALLBACK (sync_waiting_cb), NULL);
  run.loop = g_main_loop_new (NULL, FALSE);
  reg_sync_engine_run_async (engine, NULL, sync_done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  if (!run.ok)
    {
      g_printerr ("regulars-cli: %s: %s\n", source->name, run.error->message);
      g_clear_error (&run.error);
      return FALSE;
    }

  summary = reg_sync_summary_text (&run.totals);
  g_print ("%s: %s\n", source->name, summary);
  return TRUE;
}

static int
run_sync (const char *db_path,
          int         argc,
          char      **argv)
{
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (argc > 1)
    return usage_error (_("sync takes at most one shop name"));

  if (!(store = open_store (db_path, &error)))
    return fail (error);

  if (argc == 1)
    {
      RegSource *source = reg_store_find_source (store, argv[0], &error);

      if (source == NULL)
        return fail (error);
      sources = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_source_free);
      g_ptr_array_add (sources, source);
    }
  else if (!(sources = reg_store_list_sources (store, &error)))
    return fail (error);

  if (sources->len == 0)
    {
      g_printerr ("regulars-cli: %s\n",
                  _("There are no shops yet. Add one with: regulars-cli source add woocommerce NAME URL, "
                    "or regulars-cli source add shopify NAME SHOP"));
      return EXIT_ERROR;
    }

  for (guint i = 0; i < sources->len; i++)
    ok &= sync_one (store, g_ptr_array_index (sources, i));

  return ok ? EXIT_OK : EXIT_ERROR;
}

int
main (int   argc,
      char *argv[])
{
  const char *db_path = NULL;
  int i;

  setlocale (LC_ALL, "");
#ifdef G_OS_WIN32
  /* Lines end in LF on every system, as the contract says, not CRLF. */
  _setmode (_fileno (stdout), _O_BINARY);
#endif
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
            return usage_error (_("--db needs a file name"));
          db_path = value;
        }
      else if (argv[i][0] == '-')
        return usage_error (_("unknown option “%s”"), argv[i]);
      else
        break;
    }

  if (i >= argc)
    return usage_error (_("no command given"));

  if (strcmp (argv[i], "contacts") == 0)
    return run_contacts (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "import") == 0)
    return run_import (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "export") == 0)
    return run_export (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "lists") == 0)
    return run_lists (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "segments") == 0)
    return run_segments (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "source") == 0)
    return run_source (db_path, argc - i - 1, argv + i + 1);
  if (strcmp (argv[i], "sync") == 0)
    return run_sync (db_path, argc - i - 1, argv + i + 1);

  return usage_error (_("unknown command “%s”"), argv[i]);
}
