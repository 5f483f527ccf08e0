/* bench-data.c: the made-up shop exports the benchmarks load
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
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench-data.h"

extern char **environ;

static const char * const given[] = { "Anna", "Jürgen", "Zoë", "José", "Kim", "Lukas", "Marie", "Søren", "Ana", "Tom" };
static const char * const family[] = { "Müller", "García", "Weiß", "Lee", "Nowak", "Rossi", "Dubois", "Smith", "Öztürk", "Berg" };
static const char * const cities[] = { "Berlin", "Köln", "München", "Madrid", "Wien", "Zürich", "Paris", "Lyon", "Graz", "Bremen" };
static const char * const products[] = { "Mug", "Tea, 100 g", "Candle", "Towel", "Spoon", "Soap", "Teapot", "Notebook" };

/* Shopify's customer export. */
void
bench_write_customers (const char *path,
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
 * its first line only; up to @max_items items an order. Returns the
 * number of orders. */
guint
bench_write_orders (const char *path,
                    guint       n_lines,
                    guint       n_customers,
                    guint       max_items)
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
      guint items = MIN (1 + order % max_items, n_lines - lines);
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
gboolean
bench_run (const char * const *argv,
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

/* Removes the benchmark's files, unless it was asked to --keep them. */
void
bench_clean_up (const char *dir,
                gboolean    keep)
{
  g_autofree char *cmd = NULL;

  if (keep)
    {
      printf ("Files kept in %s\n", dir);
      return;
    }

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  if (system (cmd) != 0)
    g_printerr ("Could not remove %s\n", dir);
}
