/* bench-segments.c: RFM and ABC for 100,000 customers with 1,000,000
 * orders, and counting a three-condition segment, next to the sqlite3
 * shell running a plain GROUP BY over the same orders table.
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-data.h"
#include "reg-analysis.h"
#include "reg-segment.h"
#include "reg-store.h"

#define N_CUSTOMERS 100000
#define N_ORDERS 1000000
#define ROUNDS 3

/* The orders of bench-data.c run from 2020-09-13, one every 157 s. */
#define NOW G_GINT64_CONSTANT (1790000000)

static const char segment_json[] =
  "{\"match\": \"all\", \"conditions\": ["
  "  {\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 10000, \"currency\": \"EUR\"},"
  "  {\"field\": \"last_order\", \"op\": \"in_last_days\", \"value\": 730},"
  "  {\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"}"
  "]}";

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The middle one of ROUNDS runs. */
static double
median (double *times)
{
  qsort (times, ROUNDS, sizeof *times, compare_doubles);
  return times[ROUNDS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("regulars-bench-XXXXXX", NULL);
  g_autofree char *exe_dir = g_path_get_dirname (argv[0]);
  g_autofree char *cli = g_build_filename (exe_dir, "..", "src", "regulars-cli", NULL);
  g_autofree char *customers = g_build_filename (dir, "customers.csv", NULL);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *group_by = g_build_filename (dir, "group-by.sql", NULL);
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GError) error = NULL;
  double t_scores[ROUNDS], t_count[ROUNDS], t_shell[ROUNDS];
  double seconds, peak;
  gint64 members = -1;
  guint n_orders;

  printf ("Generating and importing a shop in %s…\n", dir);
  fflush (stdout);
  bench_write_customers (customers, N_CUSTOMERS);
  n_orders = bench_write_orders (orders, N_ORDERS, N_CUSTOMERS, 1);
  {
    const char *a[] = { cli, "--db", db, "import", "contacts", customers, NULL };
    const char *b[] = { cli, "--db", db, "import", "orders", orders, NULL };

    if (!bench_run (a, NULL, NULL, &seconds, &peak) || !bench_run (b, NULL, NULL, &seconds, &peak))
      return 1;
  }
  printf ("  %u customers, %u orders\n", N_CUSTOMERS, n_orders);

  g_file_set_contents (group_by,
                       "SELECT contact_id, sum (total), count (*), max (ordered_at) FROM orders GROUP BY contact_id;\n",
                       -1, NULL);

  if (!(store = reg_store_open (db, &error)) || !(rule = reg_segment_rule_parse (segment_json, &error)))
    g_error ("%s", error->message);

  /* Taking turns, so each has the same chances with the page cache. */
  for (guint i = 0; i < ROUNDS; i++)
    {
      const char *shell[] = { "sqlite3", db, NULL };
      gint64 start;

      if (!bench_run (shell, NULL, group_by, &t_shell[i], &peak))
        return 1;

      start = g_get_monotonic_time ();
      if (!reg_store_compute_scores (store, NOW, &error))
        g_error ("%s", error->message);
      t_scores[i] = (g_get_monotonic_time () - start) / 1e6;

      start = g_get_monotonic_time ();
      if ((members = reg_segment_count (store, rule, NOW, NULL, &error)) < 0)
        g_error ("%s", error->message);
      t_count[i] = (g_get_monotonic_time () - start) / 1e6;
    }

  printf ("\n%-58s %9s\n", "", "seconds");
  printf ("%-58s %9.3f\n", "sqlite3 shell: GROUP BY contact over 1,000,000 orders", median (t_shell));
  printf ("%-58s %9.3f\n", "RFM + ABC + predicted value for every customer", median (t_scores));
  printf ("%-58s %9.3f\n", "count a three-condition segment", median (t_count));
  {
    g_autofree char *description = reg_segment_rule_describe (rule);
    printf ("  (%s: %" G_GINT64_FORMAT " customers)\n", description, members);
  }
  printf ("\nRatio RFM + ABC / GROUP BY: %.2f× (target ≤ 1.5×)\n", median (t_scores) / median (t_shell));
  printf ("Ratio segment count / GROUP BY: %.3f× (target ≤ 1.0×)\n", median (t_count) / median (t_shell));
  printf ("(median of %d rounds each)\n", ROUNDS);

  g_clear_object (&store);
  bench_clean_up (dir, argc > 1 && g_str_equal (argv[1], "--keep"));

  return 0;
}
