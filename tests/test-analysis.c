/* test-analysis.c: RFM groups, ABC classes and predicted value, against
 * hand-made shops whose answers are worked out by hand
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "reg-analysis.h"
#include "reg-order.h"
#include "reg-test-util.h"

#define NOW G_GINT64_CONSTANT (1790000000)
#define DAY G_GINT64_CONSTANT (86400)
#define YEAR 31557600.0

typedef struct
{
  char     *dir;
  RegStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

static gint64
add_customer (Fixture    *f,
              const char *name)
{
  g_autoptr(RegContact) contact = reg_test_contact_new (name, "Test", NULL);
  g_autoptr(GError) error = NULL;

  reg_store_save_contact (f->store, contact, &error);
  g_assert_no_error (error);

  return reg_contact_get_id (contact);
}

static void
add_order (Fixture        *f,
           gint64          contact_id,
           gint64          at,
           gint64          total,
           RegOrderStatus  status)
{
  g_autoptr(RegOrder) order = reg_order_new ();
  g_autoptr(GError) error = NULL;

  reg_order_set_contact_id (order, contact_id);
  reg_order_set_ordered_at (order, at);
  reg_order_set_status (order, status);
  reg_order_set_currency (order, "EUR");
  reg_order_set_total (order, total);
  reg_order_add_item (order, "Tea", NULL, 1, total);
  reg_store_save_order (f->store, order, &error);
  g_assert_no_error (error);
}

static RegScores
scores_of (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  RegScores scores;

  g_assert_true (reg_store_get_scores (f->store, id, &scores, &error));
  g_assert_no_error (error);

  return scores;
}

/* The grid, cell by cell, as the explanations in the app describe it. */
static void
test_grid (void)
{
  const RegRfmGroup grid[5][5] = {
    /* F:   1                       2                            3                            4                  5 */
    /* R1 */ { REG_RFM_LOST, REG_RFM_HIBERNATING, REG_RFM_AT_RISK, REG_RFM_AT_RISK, REG_RFM_CANT_LOSE },
    /* R2 */ { REG_RFM_HIBERNATING, REG_RFM_HIBERNATING, REG_RFM_AT_RISK, REG_RFM_AT_RISK, REG_RFM_CANT_LOSE },
    /* R3 */ { REG_RFM_ABOUT_TO_SLEEP, REG_RFM_ABOUT_TO_SLEEP, REG_RFM_NEED_ATTENTION, REG_RFM_LOYAL, REG_RFM_LOYAL },
    /* R4 */ { REG_RFM_PROMISING, REG_RFM_POTENTIAL_LOYALISTS, REG_RFM_POTENTIAL_LOYALISTS, REG_RFM_LOYAL,
               REG_RFM_LOYAL },
    /* R5 */ { REG_RFM_NEW, REG_RFM_POTENTIAL_LOYALISTS, REG_RFM_POTENTIAL_LOYALISTS, REG_RFM_CHAMPIONS,
               REG_RFM_CHAMPIONS },
  };
  gboolean seen[REG_RFM_N_GROUPS] = { FALSE, };

  for (guint r = 1; r <= 5; r++)
    for (guint fr = 1; fr <= 5; fr++)
      {
        RegRfmGroup group = reg_rfm_group_from_scores (r, fr);

        g_assert_cmpint (group, ==, grid[r - 1][fr - 1]);
        seen[group] = TRUE;
      }

  /* Every named group has a cell, a key, a title and an explanation. */
  for (RegRfmGroup g = REG_RFM_CHAMPIONS; g <= REG_RFM_LOST; g++)
    {
      g_assert_true (seen[g]);
      g_assert_cmpint (reg_rfm_group_from_key (reg_rfm_group_get_key (g)), ==, g);
      g_assert_cmpstr (reg_rfm_group_get_title (g), !=, "");
      g_assert_cmpstr (reg_rfm_group_get_explanation (g), !=, "");
    }
  g_assert_cmpint (reg_rfm_group_from_key ("AT_RISK"), ==, REG_RFM_AT_RISK);
  g_assert_cmpint (reg_rfm_group_from_key ("nobody"), ==, REG_RFM_NONE);
  g_assert_cmpint (reg_rfm_group_from_scores (0, 3), ==, REG_RFM_NONE);
}

/* Ten customers: customer k has k orders of €10.00, every 30 days, the
 * last one (10 − k) days ago; so recency, frequency and money rank alike. */
static void
test_ten_customers (Fixture       *f,
                    gconstpointer  data)
{
  const RegRfmGroup expected_group[] = { REG_RFM_LOST, REG_RFM_LOST, REG_RFM_HIBERNATING, REG_RFM_HIBERNATING,
                                         REG_RFM_NEED_ATTENTION, REG_RFM_NEED_ATTENTION, REG_RFM_LOYAL,
                                         REG_RFM_LOYAL, REG_RFM_CHAMPIONS, REG_RFM_CHAMPIONS };
  const char expected_class[] = "CBBBAAAAAA";
  g_autoptr(GError) error = NULL;
  gint64 ids[10];
  gint64 nobody, gone;
  double lifespan = 0;
  guint n_repeat = 0;

  for (guint k = 1; k <= 10; k++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", k);
      gint64 last = NOW - (10 - k) * DAY;

      ids[k - 1] = add_customer (f, name);
      for (guint i = 0; i < k; i++)
        add_order (f, ids[k - 1], last - i * 30 * DAY, 1000, REG_ORDER_STATUS_PAID);
      if (k >= 2)
        {
          lifespan += (k - 1) * 30 * DAY / YEAR;
          n_repeat++;
        }
    }

  /* A cancelled order counts for nothing; a customer who has nothing else
   * gets no scores, and nor does one in the trash. */
  nobody = add_customer (f, "Nobody");
  add_order (f, nobody, NOW - DAY, 99999, REG_ORDER_STATUS_CANCELLED);
  gone = add_customer (f, "Gone");
  add_order (f, gone, NOW - DAY, 99999, REG_ORDER_STATUS_PAID);
  reg_store_trash_contact (f->store, gone, &error);
  g_assert_no_error (error);

  g_assert_true (reg_store_compute_scores (f->store, NOW, &error));
  g_assert_no_error (error);

  lifespan = MAX (1.0, lifespan / n_repeat);
  for (guint k = 1; k <= 10; k++)
    {
      RegScores s = scores_of (f, ids[k - 1]);
      guint score = MIN (5, 1 + (5 * (k - 1)) / 9);
      double years = MAX (1.0, (NOW - (NOW - (10 - k) * DAY - (k - 1) * 30 * DAY)) / YEAR);
      gint64 clv = (gint64)round (1000.0 * (k / years) * lifespan);

      g_test_message ("customer %u: %u %u %u group %d class %c clv %" G_GINT64_FORMAT,
                      k, s.recency, s.frequency, s.monetary, s.rfm_group, s.abc_class, s.clv_predicted);
      g_assert_cmpuint (s.recency, ==, score);
      g_assert_cmpuint (s.frequency, ==, score);
      g_assert_cmpuint (s.monetary, ==, score);
      g_assert_cmpint (s.rfm_group, ==, expected_group[k - 1]);
      g_assert_cmpint (s.rfm_group, ==, reg_rfm_group_from_scores (s.recency, s.frequency));
      g_assert_cmpint (s.abc_class, ==, expected_class[k - 1]);
      g_assert_cmpint (s.clv_predicted, ==, clv);
    }

  g_assert_cmpint (scores_of (f, nobody).rfm_group, ==, REG_RFM_NONE);
  g_assert_cmpint (scores_of (f, nobody).abc_class, ==, 0);
  g_assert_cmpint (scores_of (f, gone).rfm_group, ==, REG_RFM_NONE);

  /* Computing again gives the same, not twice the rows. */
  g_assert_true (reg_store_compute_scores (f->store, NOW, &error));
  g_assert_cmpint (scores_of (f, ids[9]).rfm_group, ==, REG_RFM_CHAMPIONS);
}

/* Most customers of a small shop buy once: they share the lowest
 * frequency, and one who came back twice stands out. */
static void
test_ties (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 once[20];
  gint64 twice;

  for (guint i = 0; i < G_N_ELEMENTS (once); i++)
    {
      g_autofree char *name = g_strdup_printf ("Once %u", i);

      once[i] = add_customer (f, name);
      add_order (f, once[i], NOW - (100 + i) * DAY, 2500, REG_ORDER_STATUS_PAID);
    }
  twice = add_customer (f, "Twice");
  add_order (f, twice, NOW - 400 * DAY, 2500, REG_ORDER_STATUS_PAID);
  add_order (f, twice, NOW - 300 * DAY, 2500, REG_ORDER_STATUS_REFUNDED);
  add_order (f, twice, NOW - 200 * DAY, 2500, REG_ORDER_STATUS_PAID);

  g_assert_true (reg_store_compute_scores (f->store, NOW, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (once); i++)
    {
      g_assert_cmpuint (scores_of (f, once[i]).frequency, ==, 1);
      /* Everyone spent €25.00 but Twice: they share the lowest money score. */
      g_assert_cmpuint (scores_of (f, once[i]).monetary, ==, 1);
    }
  g_assert_cmpuint (scores_of (f, twice).frequency, ==, 5);
  g_assert_cmpuint (scores_of (f, twice).monetary, ==, 5);
  /* The refunded order does not count: ordered last 200 days ago, the
   * longest ago of all. */
  g_assert_cmpuint (scores_of (f, twice).recency, ==, 1);
  g_assert_cmpint (scores_of (f, twice).rfm_group, ==, REG_RFM_CANT_LOSE);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_customer (f, "Alone");

  g_assert_true (reg_store_compute_scores (f->store, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scores_of (f, id).rfm_group, ==, REG_RFM_NONE);
  g_assert_nonnull (reg_clv_get_formula_text ());

  /* A shop's first customer is its best. */
  add_order (f, id, NOW - DAY, 1500, REG_ORDER_STATUS_PAID);
  g_assert_true (reg_store_compute_scores (f->store, NOW, &error));
  g_assert_cmpint (scores_of (f, id).rfm_group, ==, REG_RFM_CHAMPIONS);
  g_assert_cmpint (scores_of (f, id).abc_class, ==, 'A');
  g_assert_cmpint (scores_of (f, id).clv_predicted, ==, 1500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/grid", test_grid);
  g_test_add ("/analysis/ten-customers", Fixture, NULL, fixture_set_up, test_ten_customers, fixture_tear_down);
  g_test_add ("/analysis/ties", Fixture, NULL, fixture_set_up, test_ties, fixture_tear_down);
  g_test_add ("/analysis/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);

  return g_test_run ();
}
