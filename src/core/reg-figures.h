/* reg-figures.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One order as the figures see it. */
typedef struct
{
  gint64      ordered_at;   /* Unix seconds, UTC */
  gint64      revenue;      /* minor units; 0 when it does not count */
  const char *currency;
  gboolean    counts;       /* paid or partly refunded */
} RegFiguresOrder;

/**
 * RegFigures:
 * @n_orders: orders that count (paid or partly refunded), any currency
 * @currency: the currency most of them are in; money figures are in it
 * @total_spent: revenue in @currency
 * @n_other_currency: counted orders in other currencies, left out of the sums
 * @average_order: @total_spent / orders in @currency
 * @first_order_at: 0 if none
 * @last_order_at: 0 if none
 * @days_since_last: whole local days since the last order, -1 if none
 * @average_gap_days: mean days between orders, < 0 with fewer than two
 * @expected_next_at: last order + the median gap, 0 with fewer than two
 */
typedef struct
{
  guint   n_orders;
  char    currency[4];
  gint64  total_spent;
  guint   n_other_currency;
  gint64  average_order;
  gint64  first_order_at;
  gint64  last_order_at;
  int     days_since_last;
  double  average_gap_days;
  gint64  expected_next_at;
} RegFigures;

void reg_figures_compute (const RegFiguresOrder *orders,
                          guint                  n_orders,
                          gint64                 now,
                          RegFigures            *out);

G_END_DECLS
