/* test-cli.c: regulars-cli as a user runs it
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-order.h"
#include "reg-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->db = g_build_filename (f->dir, "regulars.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* @env: "NAME=VALUE" to set, "NAME" to unset; @input: (nullable): what
 * the program reads on stdin, a pipe (no terminal) if not %NULL */
static void
run_cli_v (Run                *run,
           const char * const *env,
           const char         *input,
           va_list             args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("REGULARS_CLI");
  const char *arg;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_subprocess_launcher_unsetenv (launcher, "REGULARS_DB");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');
      g_autofree char *name = g_strndup (env[i], equals ? (gsize)(equals - env[i]) : strlen (env[i]));

      if (equals != NULL)
        g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, name);
    }

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
}

static void
run_cli (Run                *run,
         const char * const *env_db,
         ...)
{
  g_autofree char *set_db = env_db ? g_strconcat ("REGULARS_DB=", env_db[0], NULL) : NULL;
  const char *env[] = { set_db, NULL };
  va_list args;

  va_start (args, env_db);
  run_cli_v (run, env, NULL, args);
  va_end (args);
}

static void
run_cli_with (Run                *run,
              const char * const *env,
              const char         *input,
              ...)
{
  va_list args;

  va_start (args, input);
  run_cli_v (run, env, input, args);
  va_end (args);
}

static void
fill (Fixture *f,
      guint    n)
{
  g_autofree char *dir = g_path_get_dirname (f->db);
  g_autoptr(RegStore) store = reg_test_open_store (dir, n);
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Run) empty = { 0 };
  g_auto(Run) full = { 0 };
  g_auto(Run) by_env = { 0 };
  const char *env[] = { f->db };

  run_cli (&empty, NULL, "--db", f->db, "contacts", "count", NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, "0\n");
  g_assert_cmpstr (empty.err, ==, "");

  fill (f, 123);
  run_cli (&full, NULL, "--db=" , "contacts", "count", NULL);
  g_assert_cmpint (full.status, ==, 2);

  run_cli (&by_env, env, "contacts", "count", NULL);
  g_assert_cmpint (by_env.status, ==, 0);
  g_assert_cmpstr (by_env.out, ==, "123\n");
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Run) all = { 0 };
  g_auto(Run) some = { 0 };
  g_auto(Run) found = { 0 };
  g_auto(GStrv) lines = NULL;

  fill (f, 300);

  run_cli (&all, NULL, "--db", f->db, "contacts", "list", NULL);
  g_assert_cmpint (all.status, ==, 0);
  lines = g_strsplit (all.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 301); /* and the empty rest */
  for (guint i = 0; i < 300; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_cmpint (g_ascii_strtoll (fields[0], NULL, 10), >, 0);
      g_assert_cmpstr (fields[1], !=, "");
    }

  run_cli (&some, NULL, "--db", f->db, "contacts", "list", "--limit", "5", NULL);
  g_assert_cmpint (some.status, ==, 0);
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (some.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (all.out, some.out));

  run_cli (&found, NULL, "--db", f->db, "contacts", "list", "--search", "MÜLL", NULL);
  g_assert_cmpint (found.status, ==, 0);
  g_assert_nonnull (strstr (found.out, "Müller"));
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (found.out, "\n", -1);
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    g_assert_nonnull (strstr (lines[i], "Müller"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *bad[][4] = {
    { NULL },
    { "contacts", NULL },
    { "contacts", "frobnicate", NULL },
    { "contacts", "list", "--limit", NULL },
    { "contacts", "list", "--limit", "many" },
    { "contacts", "count", "extra", NULL },
    { "--nonsense", NULL },
    { "fly", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, "--db", f->db, bad[i][0], bad[i][0] ? bad[i][1] : NULL,
               bad[i][0] && bad[i][1] ? bad[i][2] : NULL,
               bad[i][0] && bad[i][1] && bad[i][2] ? bad[i][3] : NULL, NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "Usage:"));
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_refused_file (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_file_set_contents (f->db, "this is a shopping list, not a database\n", -1, NULL);
  before = reg_test_file_checksum (f->db);

  run_cli (&run, NULL, "--db", f->db, "contacts", "count", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  /* One clear line. */
  g_assert_true (g_str_has_prefix (run.err, "regulars-cli: "));
  g_assert_nonnull (strstr (run.err, "not a Regulars customer file"));
  g_assert_cmpuint (strchr (run.err, '\n') - run.err, ==, strlen (run.err) - 1);

  after = reg_test_file_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, -1, &error);
  g_assert_no_error (error);

  return path;
}

static const char mailchimp_subscribed[] =
  "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LAST_CHANGED,LEID\r\n"
  "ann@example.com,Ann,Lee,2,2016-04-18 13:51:14,2016-04-18 13:52:00,2016-04-18 13:52:00,1\r\n"
  "bob@example.com,Bob,Ray,2,2016-04-18 13:51:14,2016-04-18 13:52:00,2016-04-18 13:52:00,2\r\n";

static const char mailchimp_unsubscribed[] =
  "Email Address,First Name,Last Name,UNSUB_TIME,UNSUB_REASON,MEMBER_RATING,LAST_CHANGED,LEID\r\n"
  "bob@example.com,Bob,Ray,2017-01-02 10:00:00,Too many e-mails,2,2017-01-02 10:00:00,2\r\n";

/* What a one-line error looks like. */
static void
assert_one_error_line (Run        *run,
                       const char *text)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "regulars-cli: "));
  g_assert_nonnull (strstr (run->err, text));
  g_assert_cmpuint (strchr (run->err, '\n') - run->err, ==, strlen (run->err) - 1);
}

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *subscribed = write_file (f, "subscribed_members_export.csv", mailchimp_subscribed);
  g_autofree char *unsubscribed = write_file (f, "unsubscribed_members_export.csv", mailchimp_unsubscribed);
  g_autofree char *out = g_build_filename (f->dir, "for-mailchimp.csv", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "add", "Newsletter", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "List “Newsletter” added.\n");
    g_assert_cmpstr (run.err, ==, "");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "add", "NEWSLETTER", NULL);
    assert_one_error_line (&run, "There is already a list called “NEWSLETTER”.");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Newsletter\t0\t0\t0\t0\n");
  }

  /* Mailchimp's subscribed file, then its unsubscribed one. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "import", "newsletter", subscribed, "--status", "subscribed", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_nonnull (strstr (run.out, "2 customers added"));
    g_assert_nonnull (strstr (run.out, "2 added to the list, 0 changed, 0 unchanged."));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "import", "Newsletter", unsubscribed, "--status=unsubscribed", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "0 added to the list, 1 changed, 0 unchanged."));
  }

  /* The wrong file for the status is refused, and changes nothing. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "import", "Newsletter", unsubscribed, "--status", "subscribed", NULL);
    assert_one_error_line (&run, "is Mailchimp’s file of unsubscribed addresses, not of subscribed ones");
  }

  /* The subscribed file again does not bring Bob back. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "import", "Newsletter", subscribed, "--status", "subscribed", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "0 added to the list, 0 changed, 1 unchanged.\n"
                                       "1 customer unsubscribed or bounced before and stays so"));
  }

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Newsletter\t1\t0\t1\t0\n");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "members", "Newsletter", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==,
                     "ann@example.com\tAnn Lee\tsubscribed\t2016-04-18T13:52:00Z\timport\n"
                     "bob@example.com\tBob Ray\tunsubscribed\t2017-01-02T10:00:00Z\timport\n");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "members", "Newsletter", "--status", "unsubscribed", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "bob@example.com\tBob Ray\tunsubscribed\t2017-01-02T10:00:00Z\timport\n");
  }

  /* The subscribed members, as Mailchimp imports them. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "export", "Newsletter", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1 subscribed member written.\n");
    g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
    g_assert_cmpstr (contents, ==, "Email Address,First Name,Last Name,Tags\r\nann@example.com,Ann,Lee,\r\n");
    g_clear_pointer (&contents, g_free);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "export", "Newsletter", out, "--bom", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
    g_assert_cmpstr (contents, ==, "\xef\xbb\xbf" "Email Address,First Name,Last Name,Tags\r\nann@example.com,Ann,Lee,\r\n");
  }

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--db", f->db, "lists", "members", "Nope", NULL);
    assert_one_error_line (&run, "There is no list called “Nope”.");
  }
}

static void
test_lists_usage_errors (Fixture       *f,
                         gconstpointer  data)
{
  const char *bad[][6] = {
    { "lists", NULL },
    { "lists", "frobnicate", NULL },
    { "lists", "list", "extra", NULL },
    { "lists", "add", NULL },
    { "lists", "members", NULL },
    { "lists", "members", "News", "--status", NULL },
    { "lists", "members", "News", "--status", "maybe", NULL },
    { "lists", "members", "News", "--bom", NULL },
    { "lists", "import", "News", "file.csv", NULL },
    { "lists", "import", "News", "file.csv", "--status", "pending" },
    { "lists", "import", "News", "--status", "subscribed", NULL },
    { "lists", "export", "News", NULL },
    { "lists", "export", "News", "a.csv", "b.csv", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) run = { 0 };
      const char *args[7] = { NULL, };

      for (guint k = 0; k < 6 && bad[i][k]; k++)
        args[k] = bad[i][k];
      run_cli (&run, NULL, "--db", f->db, args[0], args[1], args[2], args[3], args[4], args[5], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "Usage:"));
      g_assert_cmpstr (run.out, ==, "");
    }
}

static gint64
add_buyer (RegStore   *store,
           const char *name,
           guint       n_orders,
           gint64      total,
           gint64      last_at)
{
  g_autoptr(RegContact) contact = reg_test_contact_new (name, "Test", NULL);
  g_autoptr(GError) error = NULL;

  reg_store_save_contact (store, contact, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_orders; i++)
    {
      g_autoptr(RegOrder) order = reg_order_new ();

      reg_order_set_contact_id (order, reg_contact_get_id (contact));
      reg_order_set_ordered_at (order, last_at - i * 86400 * 30);
      reg_order_set_status (order, REG_ORDER_STATUS_PAID);
      reg_order_set_currency (order, "EUR");
      reg_order_set_total (order, total / n_orders);
      reg_order_add_item (order, "Tea", NULL, 1, total / n_orders);
      reg_store_save_order (store, order, &error);
      g_assert_no_error (error);
    }

  return reg_contact_get_id (contact);
}

static void
test_segments (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) count = { 0 };
  g_auto(Run) members = { 0 };
  g_auto(Run) champions = { 0 };
  g_auto(Run) lost = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) twice = { 0 };
  g_auto(Run) removed = { 0 };
  g_auto(Run) gone = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *ada_line = NULL;
  gint64 ada;

  {
    g_autoptr(RegStore) store = reg_test_open_store (f->dir, 0);

    /* Ada: two orders, €150.00, last week. Ben: one for €20.00 a year
     * ago. Cem: nothing yet. */
    ada = add_buyer (store, "Ada", 2, 15000, now - 7 * 86400);
    add_buyer (store, "Ben", 1, 2000, now - 365 * 86400);
    add_buyer (store, "Cem", 0, 0, now);
  }

  /* The built-in segments, with their members counted as of now. */
  run_cli (&list, NULL, "--db", f->db, "segments", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "Champions\t1\tbuilt-in\t"));
  g_assert_nonnull (strstr (list.out, "Lost\t1\tbuilt-in\t"));
  g_assert_nonnull (strstr (list.out, "Class A\t1\tbuilt-in\t"));

  run_cli (&add, NULL, "--db", f->db, "segments", "add", "Good customers",
           "{\"conditions\": [{\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 10000, "
           "\"currency\": \"EUR\"}]}", NULL);
  g_assert_cmpint (add.status, ==, 0);
  g_assert_cmpstr (add.out, ==, "Segment “Good customers” saved: Customers who spent more than €100.00\n");

  run_cli (&count, NULL, "--db", f->db, "segments", "count", "good CUSTOMERS", NULL);
  g_assert_cmpint (count.status, ==, 0);
  g_assert_cmpstr (count.out, ==, "1\n");

  run_cli (&members, NULL, "--db", f->db, "segments", "members", "Good customers", NULL);
  ada_line = g_strdup_printf ("%" G_GINT64_FORMAT "\tAda Test\t\t\n", ada);
  g_assert_cmpint (members.status, ==, 0);
  g_assert_cmpstr (members.out, ==, ada_line);

  /* Built-in ones by their title or their key. */
  run_cli (&champions, NULL, "--db", f->db, "segments", "members", "champions", NULL);
  g_assert_cmpstr (champions.out, ==, ada_line);
  run_cli (&lost, NULL, "--db", f->db, "segments", "count", "Lost", NULL);
  g_assert_cmpstr (lost.out, ==, "1\n");

  /* A rule Regulars does not know, or a name taken: said, nothing saved. */
  run_cli (&bad, NULL, "--db", f->db, "segments", "add", "Odd",
           "{\"conditions\": [{\"field\": \"shoe_size\", \"op\": \"gt\", \"value\": 40}]}", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "shoe_size"));
  run_cli (&twice, NULL, "--db", f->db, "segments", "add", "GOOD customers", "{}", NULL);
  g_assert_cmpint (twice.status, ==, 1);

  run_cli (&removed, NULL, "--db", f->db, "segments", "remove", "Good customers", NULL);
  g_assert_cmpint (removed.status, ==, 0);
  run_cli (&gone, NULL, "--db", f->db, "segments", "count", "Good customers", NULL);
  g_assert_cmpint (gone.status, ==, 1);
  g_assert_cmpstr (gone.out, ==, "");
  g_assert_nonnull (strstr (gone.err, "Good customers"));

  {
    const char *usage[][4] = { { "segments", NULL }, { "segments", "count", NULL }, { "segments", "frob", NULL },
                               { "segments", "list", "extra", NULL } };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_auto(Run) wrong = { 0 };

        run_cli (&wrong, NULL, "--db", f->db, usage[i][0], usage[i][1], usage[i][2], usage[i][3], NULL);
        g_assert_cmpint (wrong.status, ==, 2);
      }
  }
}

static void
test_help (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };

  run_cli (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "contacts list"));
  g_assert_nonnull (strstr (help.out, "lists members NAME"));

  run_cli (&version, NULL, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "regulars-cli "));
}

#define TOKEN "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"
#define CLIENT_SECRET "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"

static void
assert_no_secret_shown (Run *run)
{
  g_assert_null (strstr (run->out, TOKEN));
  g_assert_null (strstr (run->err, TOKEN));
  g_assert_null (strstr (run->out, CLIENT_SECRET));
  g_assert_null (strstr (run->err, CLIENT_SECRET));
}

static void
test_source_add_shopify (Fixture       *f,
                         gconstpointer  data)
{
  /* No keyring: what the owner is told to do instead. */
  const char *token_env[] = { "DBUS_SESSION_BUS_ADDRESS=disabled:", "REGULARS_SHOPIFY_TOKEN=" TOKEN, NULL };
  const char *client_env[] = { "DBUS_SESSION_BUS_ADDRESS=disabled:", "REGULARS_SHOPIFY_TOKEN",
                               "REGULARS_SHOPIFY_CLIENT_SECRET=" CLIENT_SECRET, NULL };
  const char *no_env[] = { "DBUS_SESSION_BUS_ADDRESS=disabled:", "REGULARS_SHOPIFY_TOKEN",
                           "REGULARS_SHOPIFY_CLIENT_ID", "REGULARS_SHOPIFY_CLIENT_SECRET", NULL };

  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, token_env, "", "--db", f->db, "source", "add", "shopify", "Tea Garden", "tea-garden", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_nonnull (strstr (run.out, "so the access token was not kept. Set REGULARS_SHOPIFY_TOKEN"));
    g_assert_nonnull (strstr (run.out, "Shop “Tea Garden” added."));
    assert_no_secret_shown (&run);
  }

  /* The address as the admin shows it; the client secret from a pipe. */
  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, no_env, CLIENT_SECRET "\n", "--db", f->db, "source", "add", "shopify",
                  "Second Store", "https://admin.shopify.com/store/second-store/orders", "--client-id",
                  "0f1e2d3c4b5a69788796a5b4c3d2e1f0", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_nonnull (strstr (run.out, "REGULARS_SHOPIFY_CLIENT_ID and REGULARS_SHOPIFY_CLIENT_SECRET"));
    assert_no_secret_shown (&run);
  }

  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, client_env, "", "--db", f->db, "source", "add", "shopify", "--client-id=abc",
                  "Third Store", "third-store.myshopify.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_no_secret_shown (&run);
  }

  /* An address that is no Shopify store: one clear line, nothing kept. */
  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, token_env, "", "--db", f->db, "source", "add", "shopify", "Elsewhere",
                  "https://shop.example.com", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_true (g_str_has_prefix (run.err, "regulars-cli: "));
    g_assert_cmpuint (strchr (run.err, '\n') - run.err, ==, strlen (run.err) - 1);
    g_assert_null (strstr (run.err, "Usage"));
  }

  /* No token and no terminal to ask on: said, nothing kept. */
  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, no_env, "", "--db", f->db, "source", "add", "shopify", "Elsewhere", "elsewhere", NULL);
    assert_one_error_line (&run, "REGULARS_SHOPIFY_TOKEN");
    g_assert_cmpuint (strchr (run.err, '\n') - run.err, ==, strlen (run.err) - 1);
  }

  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, no_env, "", "--db", f->db, "source", "add", "shopify", "Elsewhere", "elsewhere",
                  "--client-id", "abc", NULL);
    assert_one_error_line (&run, "REGULARS_SHOPIFY_CLIENT_SECRET");
  }

  /* Wrong use. */
  {
    const char *usage[][3] = { { "Only a name", NULL, NULL },
                               { "Name", "store", "extra" },
                               { "Name", "store", "--client-id" },
                               { "Name", "store", "--client-secret=x" } };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_auto(Run) run = { 0 };

        run_cli_with (&run, token_env, "", "--db", f->db, "source", "add", "shopify",
                      usage[i][0], usage[i][1], usage[i][2], NULL);
        g_assert_cmpint (run.status, ==, 2);
      }
  }

  /* The stores are listed as Shopify's, under their own address. */
  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, no_env, NULL, "--db", f->db, "source", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Tea Garden\tshopify\thttps://tea-garden.myshopify.com\t"));
    g_assert_nonnull (strstr (run.out, "Second Store\tshopify\thttps://second-store.myshopify.com\t"));
    g_assert_nonnull (strstr (run.out, "Third Store\tshopify\thttps://third-store.myshopify.com\t"));
    g_assert_null (strstr (run.out, "Elsewhere"));
  }

  /* Syncing without the token says where it goes. */
  {
    g_auto(Run) run = { 0 };

    run_cli_with (&run, no_env, NULL, "--db", f->db, "sync", "Tea Garden", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "Tea Garden: no access token is kept"));
    g_assert_nonnull (strstr (run.err, "REGULARS_SHOPIFY_TOKEN"));
  }

  /* The stores are in the file; what lets Regulars in is not. */
  g_assert_true (reg_test_db_files_contain (f->db, "https://tea-garden.myshopify.com"));
  g_assert_false (reg_test_db_files_contain (f->db, TOKEN));
  g_assert_false (reg_test_db_files_contain (f->db, CLIENT_SECRET));
}

/* With a keyring the token goes there, and still not into the file. */
static void
test_source_add_shopify_keyring (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *keyring = g_build_filename (f->dir, "keyring", NULL);
  g_autofree char *keyring_env = g_strconcat ("SECRET_FILE_TEST_PATH=", keyring, NULL);
  const char *env[] = { "SECRET_BACKEND=file", keyring_env, "SECRET_FILE_TEST_PASSWORD=test",
                        "REGULARS_SHOPIFY_TOKEN=" TOKEN, NULL };
  g_auto(Run) run = { 0 };

  if (!HAVE_LIBSECRET)
    {
      g_test_skip ("Built without a keyring");
      return;
    }

  run_cli_with (&run, env, "", "--db", f->db, "source", "add", "shopify", "Tea Garden", "tea-garden", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Shop “Tea Garden” added.\n");
  g_assert_true (g_file_test (keyring, G_FILE_TEST_EXISTS));
  g_assert_true (reg_test_db_files_contain (f->db, "https://tea-garden.myshopify.com"));
  g_assert_false (reg_test_db_files_contain (f->db, TOKEN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/contacts/count", test_count);
  ADD ("/cli/contacts/list", test_list);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/refused-file", test_refused_file);
  ADD ("/cli/lists", test_lists);
  ADD ("/cli/lists/usage-errors", test_lists_usage_errors);
  ADD ("/cli/segments", test_segments);
  ADD ("/cli/source/add-shopify", test_source_add_shopify);
  ADD ("/cli/source/add-shopify-keyring", test_source_add_shopify_keyring);
  g_test_add_func ("/cli/help", test_help);

  return g_test_run ();
}
