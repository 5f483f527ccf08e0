/* reg-figures.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-figures"

#include "config.h"

#include <string.h>

#include "reg-figures.h"

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static int
local_day_number (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);
  GDate date;

  if (dt == NULL)
    return 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  g_date_time_get_day_of_month (dt),
                  g_date_time_get_month (dt),
                  g_date_time_get_year (dt));

  return g_date_get_julian (&date);
}

/**
 * reg_figures_compute:
 * @orders: (array length=n_orders): a customer's orders, in any order
 * @now: the time "days since" counts to
 *
 * Computes what the customer pane shows. The median gap predicts the next
 * order better than the mean: one long pause would drag the mean out.
 */
void
reg_figures_compute (const RegFiguresOrder *orders,
                     guint                  n_orders,
                     gint64                 now,
                     RegFigures            *out)
{
  g_autoptr(GHashTable) per_currency = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *main_currency = NULL;
  guint main_count = 0;
  guint in_main = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (orders != NULL || n_orders == 0);

  memset (out, 0, sizeof *out);
  out->days_since_last = -1;
  out->average_gap_days = -1;

  /* The currency with the most orders; ties go to the alphabetically first,
   * as the store's SQL does. */
  for (guint i = 0; i < n_orders; i++)
    {
      guint count;

      if (!orders[i].counts || orders[i].currency == NULL)
        continue;

      count = GPOINTER_TO_UINT (g_hash_table_lookup (per_currency, orders[i].currency)) + 1;
      g_hash_table_insert (per_currency, (gpointer)orders[i].currency, GUINT_TO_POINTER (count));

      if (count > main_count ||
          (count == main_count && strcmp (orders[i].currency, main_currency) < 0))
        {
          main_count = count;
          main_currency = orders[i].currency;
        }
    }

  for (guint i = 0; i < n_orders; i++)
    {
      if (!orders[i].counts)
        continue;

      out->n_orders++;
      g_array_append_val (times, orders[i].ordered_at);

      if (g_strcmp0 (orders[i].currency, main_currency) == 0)
        {
          out->total_spent += orders[i].revenue;
          in_main++;
        }
      else
        out->n_other_currency++;
    }

  if (out->n_orders == 0)
    return;

  g_strlcpy (out->currency, main_currency, sizeof out->currency);
  out->average_order = in_main > 0 ? out->total_spent / in_main : 0;

  g_array_sort (times, compare_times);
  out->first_order_at = g_array_index (times, gint64, 0);
  out->last_order_at = g_array_index (times, gint64, times->len - 1);
  out->days_since_last = MAX (0, local_day_number (now) - local_day_number (out->last_order_at));

  if (times->len >= 2)
    {
      g_autoptr(GArray) gaps = g_array_sized_new (FALSE, FALSE, sizeof (gint64), times->len - 1);
      gint64 median;
      guint mid;

      out->average_gap_days = (double)(out->last_order_at - out->first_order_at) /
                              (times->len - 1) / 86400.0;

      for (guint i = 1; i < times->len; i++)
        {
          gint64 gap = g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);
          g_array_append_val (gaps, gap);
        }
      g_array_sort (gaps, compare_times);

      mid = gaps->len / 2;
      if (gaps->len % 2 == 1)
        median = g_array_index (gaps, gint64, mid);
      else
        median = (g_array_index (gaps, gint64, mid - 1) + g_array_index (gaps, gint64, mid)) / 2;

      out->expected_next_at = out->last_order_at + median;
    }
}
