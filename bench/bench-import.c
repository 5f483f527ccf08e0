/* bench-import.c: importing a 100,000-customer Shopify export and a
 * 1,000,000-line orders export, next to the sqlite3 shell loading the
 * same rows into the same tables (bench/import-baseline.sql).
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-data.h"
#include "reg-store.h"


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
  bench_write_customers (customers, 100000);
  bench_write_customers (small_customers, 10000);
  n_orders = bench_write_orders (orders, 1000000, 100000, 4);
  bench_write_orders (small_orders, 100000, 10000, 4);
  printf ("  100,000 customers, 1,000,000 order lines (%u orders)\n", n_orders);

  {
    const char *a[] = { cli, "--db", small, "import", "contacts", small_customers, NULL };
    const char *b[] = { cli, "--db", small, "import", "orders", small_orders, NULL };
    const char *c[] = { cli, "--db", ours, "import", "contacts", customers, NULL };
    const char *d[] = { cli, "--db", ours, "import", "orders", orders, NULL };

    if (!bench_run (a, NULL, NULL, &t_small_c, &m_small_c) || !bench_run (b, NULL, NULL, &t_small_o, &m_small_o) ||
        !bench_run (c, NULL, NULL, &t_customers, &m_customers) || !bench_run (d, NULL, NULL, &t_orders, &m_orders))
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

    if (!bench_run (e, NULL, script_path, &t_shell, &m_shell))
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

  bench_clean_up (dir, argc > 1 && g_str_equal (argv[1], "--keep"));

  return 0;
}
