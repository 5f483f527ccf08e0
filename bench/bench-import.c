/* bench-import.c: importing a 100,000-customer Shopify export and a
 * 1,000,000-line orders export, next to the sqlite3 shell loading the
 * same rows into the same tables (bench/import-baseline.sql).
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "reg-store.h"


extern char **environ;

static const char * const given[] = { "Anna", "Jürgen", "Zoë", "José", "Kim", "Lukas", "Marie", "Søren", "Ana", "Tom" };
static const char * const family[] = { "Müller", "García", "Weiß", "Lee", "Nowak", "Rossi", "Dubois", "Smith", "Öztürk", "Berg" };
static const char * const cities[] = { "Berlin", "Köln", "München", "Madrid", "Wien", "Zürich", "Paris", "Lyon", "Graz", "Bremen" };
static const char * const products[] = { "Mug", "Tea, 100 g", "Candle", "Towel", "Spoon", "Soap", "Teapot", "Notebook" };

/* Shopify's customer export. */
static void
write_customers (const char *path,
                 guint       n)
{
  FILE *f = g_fopen (path, "wb");

  fputs ("Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
         "Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,"
         "Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,"
         "Total Spent,Total Orders,Note,Tax Exempt,Tags\r\n", f);
  for (guint i = 0; i < n; i++)
    fprintf (f, "'%u,%s,%s,customer%u@example.com,%s,,Hauptstraße %u,,%s,,DE,%05u,,'+4930%07u,no,0.00,0,,no,\r\n",
             100000 + i, given[i % 10], family[(i / 10) % 10], i, i % 3 ? "yes" : "no", i % 200,
             cities[(i / 7) % 10], 10000 + i % 89999, i);
  fclose (f);
}

/* Shopify's orders export: one line per item, the order's own columns on
 * its first line only. Returns the number of orders. */
static guint
write_orders (const char *path,
              guint       n_lines,
              guint       n_customers)
{
  FILE *f = g_fopen (path, "wb");
  guint lines = 0;
  guint order = 0;

  fputs ("Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
         "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,"
         "Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,"
         "Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name\r\n", f);

  while (lines < n_lines)
    {
      guint customer = (order * 7919u) % n_customers;
      guint items = MIN (1 + order % 4, n_lines - lines);
      guint total = 0;
      gint64 when = 1600000000 + (gint64)order * 157;
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when);
      g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S +0000");

      for (guint k = 0; k < items; k++)
        total += (k + 1) * (500 + (order + k) % 3000);

      for (guint k = 0; k < items; k++, lines++)
        {
          guint price = 500 + (order + k) % 3000;

          if (k == 0)
            fprintf (f, "#%u,customer%u@example.com,%s,%s,fulfilled,,yes,EUR,%u.%02u,0.00,0.00,%u.%02u,,0.00,"
                        "Standard,%s,%u,\"%s\",%u.%02u,,SKU-%u,true,true,fulfilled,%s %s\r\n",
                     1001 + order, customer, order % 50 == 0 ? "refunded" : "paid", date,
                     total / 100, total % 100, total / 100, total % 100, date, k + 1,
                     products[(order + k) % 8], price / 100, price % 100, (order + k) % 8,
                     given[customer % 10], family[(customer / 10) % 10]);
          else
            fprintf (f, "#%u,customer%u@example.com,,,,,,,,,,,,,,,%u,\"%s\",%u.%02u,,SKU-%u,true,true,fulfilled,\r\n",
                     1001 + order, customer, k + 1, products[(order + k) % 8], price / 100, price % 100,
                     (order + k) % 8);
        }
      order++;
    }

  fclose (f);
  return order;
}

/* Runs @argv, returning its wall time in seconds and peak memory in MB. */
static gboolean
run (const char * const *argv,
     char              **envp,
     const char         *stdin_path,
     double             *seconds,
     double             *peak_mb)
{
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int status;

  posix_spawn_file_actions_init (&actions);
  if (stdin_path)
    posix_spawn_file_actions_addopen (&actions, 0, stdin_path, O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);

  start = g_get_monotonic_time ();
  if (posix_spawnp (&pid, argv[0], &actions, NULL, (char **)argv, envp ? envp : environ) != 0)
    {
      g_printerr ("Could not run %s\n", argv[0]);
      return FALSE;
    }
  wait4 (pid, &status, 0, &usage);
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  *peak_mb = usage.ru_maxrss / 1024.0;
  posix_spawn_file_actions_destroy (&actions);

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("%s failed\n", argv[0]);
      return FALSE;
    }

  return TRUE;
}

static char *
fresh_store (const char *dir,
             const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;

  if (!(store = reg_store_open (path, &error)))
    g_error ("%s", error->message);

  return path;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("regulars-bench-XXXXXX", NULL);
  g_autofree char *cli = NULL;
  g_autofree char *customers = g_build_filename (dir, "customers.csv", NULL);
  g_autofree char *small_customers = g_build_filename (dir, "customers-10k.csv", NULL);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *small_orders = g_build_filename (dir, "orders-100k.csv", NULL);
  g_autofree char *ours = fresh_store (dir, "ours.db");
  g_autofree char *small = fresh_store (dir, "small.db");
  g_autofree char *theirs = fresh_store (dir, "theirs.db");
  g_autofree char *script_path = g_build_filename (dir, "baseline.sql", NULL);
  g_autofree char *template = NULL;
  g_autofree char *script = NULL;
  g_autofree char *exe_dir = g_path_get_dirname (argv[0]);
  g_autofree char *src_script = NULL;
  double t_customers, m_customers, t_orders, m_orders, t_small_c, m_small_c, t_small_o, m_small_o, t_shell, m_shell;
  guint n_orders;

  cli = g_build_filename (exe_dir, "..", "src", "regulars-cli", NULL);
  src_script = g_build_filename (SOURCE_DIR, "bench", "import-baseline.sql", NULL);

  printf ("Generating files in %s…\n", dir);
  fflush (stdout);
  write_customers (customers, 100000);
  write_customers (small_customers, 10000);
  n_orders = write_orders (orders, 1000000, 100000);
  write_orders (small_orders, 100000, 10000);
  printf ("  100,000 customers, 1,000,000 order lines (%u orders)\n", n_orders);

  {
    const char *a[] = { cli, "--db", small, "import", "contacts", small_customers, NULL };
    const char *b[] = { cli, "--db", small, "import", "orders", small_orders, NULL };
    const char *c[] = { cli, "--db", ours, "import", "contacts", customers, NULL };
    const char *d[] = { cli, "--db", ours, "import", "orders", orders, NULL };

    if (!run (a, NULL, NULL, &t_small_c, &m_small_c) || !run (b, NULL, NULL, &t_small_o, &m_small_o) ||
        !run (c, NULL, NULL, &t_customers, &m_customers) || !run (d, NULL, NULL, &t_orders, &m_orders))
      return 1;
  }

  if (!g_file_get_contents (src_script, &template, NULL, NULL))
    g_error ("Cannot read %s", src_script);
  {
    g_autoptr(GString) s = g_string_new (template);
    g_string_replace (s, "CUSTOMERS_FILE", customers, 0);
    g_string_replace (s, "ORDERS_FILE", orders, 0);
    script = g_string_free (g_steal_pointer (&s), FALSE);
  }
  g_file_set_contents (script_path, script, -1, NULL);

  {
    const char *e[] = { "sqlite3", theirs, NULL };

    if (!run (e, NULL, script_path, &t_shell, &m_shell))
      return 1;
  }

  printf ("\n%-44s %9s %9s\n", "", "seconds", "peak MB");
  printf ("%-44s %9.2f %9.1f\n", "regulars-cli import contacts (10,000)", t_small_c, m_small_c);
  printf ("%-44s %9.2f %9.1f\n", "regulars-cli import contacts (100,000)", t_customers, m_customers);
  printf ("%-44s %9.2f %9.1f\n", "regulars-cli import orders (100,000 lines)", t_small_o, m_small_o);
  printf ("%-44s %9.2f %9.1f\n", "regulars-cli import orders (1,000,000 lines)", t_orders, m_orders);
  printf ("%-44s %9.2f %9.1f\n", "both, ours", t_customers + t_orders, MAX (m_customers, m_orders));
  printf ("%-44s %9.2f %9.1f\n", "both, sqlite3 shell (.import + INSERT…SELECT)", t_shell, m_shell);
  printf ("\nRatio ours / sqlite3 shell: %.2f× (target ≤ 1.0×)\n", (t_customers + t_orders) / t_shell);
  printf ("Memory, 10× the file: contacts %.2f×, orders %.2f× (flat is ≈ 1×)\n",
           m_customers / m_small_c, m_orders / m_small_o);

  if (argc > 1 && g_str_equal (argv[1], "--keep"))
    printf ("Files kept in %s\n", dir);
  else
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (cmd) != 0)
        g_printerr ("Could not remove %s\n", dir);
    }

  return 0;
}
