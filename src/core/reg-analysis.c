/* reg-analysis.c: RFM groups, ABC classes and customer value, from the orders
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-analysis"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-analysis.h"
#include "reg-segment.h"
#include "reg-store-private.h"

/* Everything here works from the figures the store keeps on each customer
 * (orders that count, what they spent, first and last order), so it reads
 * 100,000 customers, not a million orders.
 *
 * Scores 1–5 are quintiles by rank: customers who tie share the lower
 * score, so everyone with one order has frequency 1, however many they are.
 * The top customer always scores 5, in a small shop too.
 *
 * The groups follow the usual grid of recency against frequency:
 *
 *          F 1        F 2–3               F 4–5
 *   R 5    New        Potential loyalists Champions
 *   R 4    Promising  Potential loyalists Loyal
 *   R 3    About to sleep (F 1–2), Need attention (F 3), Loyal
 *   R 1–2  Hibernating (F 1–2; R 1 F 1: Lost), At risk (F 3–4), Can't lose them (F 5)
 */
#define RFM_GROUP_SQL(r, f) \
  "CASE" \
  " WHEN " r " = 5 AND " f " >= 4 THEN 1" \
  " WHEN " r " >= 3 AND " f " >= 4 THEN 2" \
  " WHEN " r " >= 4 AND " f " >= 2 THEN 3" \
  " WHEN " r " = 5 THEN 4" \
  " WHEN " r " = 4 THEN 5" \
  " WHEN " r " = 3 AND " f " = 3 THEN 6" \
  " WHEN " r " = 3 THEN 7" \
  " WHEN " f " = 5 THEN 9" \
  " WHEN " f " >= 3 THEN 8" \
  " WHEN " r " = 1 AND " f " = 1 THEN 11" \
  " ELSE 10 END"

G_STATIC_ASSERT (REG_RFM_CHAMPIONS == 1 && REG_RFM_LOYAL == 2 && REG_RFM_POTENTIAL_LOYALISTS == 3 &&
                 REG_RFM_NEW == 4 && REG_RFM_PROMISING == 5 && REG_RFM_NEED_ATTENTION == 6 &&
                 REG_RFM_ABOUT_TO_SLEEP == 7 && REG_RFM_AT_RISK == 8 && REG_RFM_CANT_LOSE == 9 &&
                 REG_RFM_HIBERNATING == 10 && REG_RFM_LOST == 11);

/* A Julian year, in seconds. */
#define YEAR "31557600.0"

/* By rank, from 1 for the lowest to 5 for the highest (a customer alone
 * is the best there is), in whole numbers: no rounding at the edges. */
#define SCORE_SQL(order) \
  "CASE WHEN count (*) OVER () = 1 THEN 5" \
  " ELSE min (5, 1 + (5 * (rank () OVER (ORDER BY " order ") - 1)) / (count (*) OVER () - 1)) END"

static const char compute_sql[] =
  "WITH base AS ("
  "  SELECT id, n_orders, total_spent, first_order_at, last_order_at FROM contacts"
  "  WHERE deleted_at IS NULL AND n_orders > 0),"
  /* How long repeat customers have kept buying, on average: at least a year. */
  "life AS ("
  "  SELECT max (1.0, coalesce (avg ((last_order_at - first_order_at) / " YEAR "), 1.0)) AS years"
  "  FROM base WHERE n_orders >= 2),"
  "scored AS ("
  "  SELECT id, n_orders, total_spent, first_order_at,"
  "         " SCORE_SQL ("last_order_at") " AS r,"
  "         " SCORE_SQL ("n_orders") " AS f,"
  "         " SCORE_SQL ("total_spent") " AS m,"
  /* Revenue of the customers who spent more (or as much, with a lower id). */
  "         coalesce (sum (total_spent) OVER (ORDER BY total_spent DESC, id"
  "                                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,"
  "         sum (total_spent) OVER () AS whole"
  "  FROM base)"
  "INSERT INTO contact_scores (contact_id, recency, frequency, monetary, rfm_group, abc_class, clv_predicted)"
  " SELECT id, r, f, m, " RFM_GROUP_SQL ("r", "f") ","
  "        CASE WHEN whole <= 0 THEN 'C' WHEN before * 100 < whole * 80 THEN 'A'"
  "             WHEN before * 100 < whole * 95 THEN 'B' ELSE 'C' END,"
  /* Average order × orders a year (counted from the first order, over at
   * least a year) × the years a customer keeps buying. */
  "        CAST (round ((total_spent * 1.0 / n_orders)"
  "                     * (n_orders / max (1.0, (?1 - first_order_at) / " YEAR "))"
  "                     * (SELECT years FROM life)) AS INTEGER)"
  " FROM scored";

/**
 * reg_store_compute_scores:
 * @now: Unix seconds, UTC
 *
 * Computes every customer's RFM scores and group, ABC class and predicted
 * value anew, in one transaction: A is the customers who together bring
 * 80 % of the revenue, B the next 15 %, C the rest.
 */
gboolean
reg_store_compute_scores (RegStore  *self,
                          gint64     now,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  db = _reg_store_lock_writer (self);
  ok = _reg_store_begin (self, db, error) &&
       _reg_store_exec (self, db, "DELETE FROM contact_scores", error) &&
       (stmt = _reg_store_prepare (self, db, compute_sql, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        ok = _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  ok = ok && _reg_store_commit (self, db, error);
  if (!ok)
    _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);

  if (ok)
    _reg_store_emit_changed (self, REG_CHANGE_SCORES, NULL);

  return ok;
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (reg_store_compute_scores (source_object, g_get_real_time () / G_USEC_PER_SEC, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * reg_store_compute_scores_async:
 *
 * Computes every customer's scores as of now, in a worker thread.
 */
void
reg_store_compute_scores_async (RegStore            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REG_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reg_store_compute_scores_async);
  g_task_run_in_thread (task, compute_thread);
}

gboolean
reg_store_compute_scores_finish (RegStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reg_store_get_scores:
 *
 * Returns: %TRUE with @scores filled in, or zeroed for a customer without
 *   scores (no orders, or none computed yet); %FALSE with @error set
 */
gboolean
reg_store_get_scores (RegStore   *self,
                      gint64      contact_id,
                      RegScores  *scores,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (scores != NULL, FALSE);

  memset (scores, 0, sizeof *scores);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return FALSE;

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT recency, frequency, monetary, rfm_group, abc_class, clv_predicted "
                                  "FROM contact_scores WHERE contact_id = ?1",
                                  error)))
    {
      sqlite3_bind_int64 (stmt, 1, contact_id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *abc = (const char *)sqlite3_column_text (stmt, 4);

          scores->recency = sqlite3_column_int (stmt, 0);
          scores->frequency = sqlite3_column_int (stmt, 1);
          scores->monetary = sqlite3_column_int (stmt, 2);
          scores->rfm_group = CLAMP (sqlite3_column_int (stmt, 3), REG_RFM_NONE, REG_RFM_LOST);
          scores->abc_class = abc ? abc[0] : 0;
          scores->clv_predicted = sqlite3_column_int64 (stmt, 5);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        ok = TRUE;
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  return ok;
}

/**
 * reg_rfm_group_from_scores:
 *
 * The group for a recency and frequency score, as RFM_GROUP_SQL has it.
 */
RegRfmGroup
reg_rfm_group_from_scores (guint recency,
                           guint frequency)
{
  guint r = recency, f = frequency;

  if (r < 1 || r > 5 || f < 1 || f > 5)
    return REG_RFM_NONE;
  if (r == 5 && f >= 4)
    return REG_RFM_CHAMPIONS;
  if (r >= 3 && f >= 4)
    return REG_RFM_LOYAL;
  if (r >= 4 && f >= 2)
    return REG_RFM_POTENTIAL_LOYALISTS;
  if (r == 5)
    return REG_RFM_NEW;
  if (r == 4)
    return REG_RFM_PROMISING;
  if (r == 3 && f == 3)
    return REG_RFM_NEED_ATTENTION;
  if (r == 3)
    return REG_RFM_ABOUT_TO_SLEEP;
  if (f == 5)
    return REG_RFM_CANT_LOSE;
  if (f >= 3)
    return REG_RFM_AT_RISK;
  if (r == 1 && f == 1)
    return REG_RFM_LOST;
  return REG_RFM_HIBERNATING;
}

static const struct
{
  const char *key;
  const char *title;
  const char *explanation;
} groups[REG_RFM_N_GROUPS] = {
  { "none", N_("No orders yet"), N_("Customers who have not ordered anything yet.") },
  { "champions", N_("Champions"),
    N_("Bought recently, buy often and spend the most. Thank them; they are the first to try something new.") },
  { "loyal", N_("Loyal"),
    N_("Buy regularly and not long ago. Keep them close with news and small attentions.") },
  { "potential_loyalists", N_("Potential loyalists"),
    N_("Recent customers who have come back a few times. A reason to return soon makes them loyal.") },
  { "new", N_("New"), N_("Bought for the first time very recently. Make their first weeks a good start.") },
  { "promising", N_("Promising"), N_("Bought once, a short while ago. Remind them of you before they forget.") },
  { "need_attention", N_("Need attention"),
    N_("Average in every way, and not seen for a while. A personal word may bring them back.") },
  { "about_to_sleep", N_("About to sleep"),
    N_("Bought once or twice, some time ago. Without a reason to come back they will drift away.") },
  { "at_risk", N_("At risk"),
    N_("Used to buy often, but not for a long time. Worth a personal message now.") },
  { "cant_lose", N_("Can’t lose them"),
    N_("Among your most frequent customers once, gone quiet for a long time. Win them back.") },
  { "hibernating", N_("Hibernating"), N_("Bought rarely, long ago. A seasonal offer may wake them.") },
  { "lost", N_("Lost"), N_("Bought once, longest ago of all. Unlikely to come back on their own.") },
};

const char *
reg_rfm_group_get_key (RegRfmGroup group)
{
  g_return_val_if_fail (group < REG_RFM_N_GROUPS, NULL);

  return groups[group].key;
}

/**
 * reg_rfm_group_from_key:
 * @key: "champions", "at_risk", …
 *
 * Returns: the group, or %REG_RFM_NONE for a key that is none
 */
RegRfmGroup
reg_rfm_group_from_key (const char *key)
{
  for (guint i = 1; key != NULL && i < G_N_ELEMENTS (groups); i++)
    if (g_ascii_strcasecmp (key, groups[i].key) == 0)
      return i;

  return REG_RFM_NONE;
}

const char *
reg_rfm_group_get_title (RegRfmGroup group)
{
  g_return_val_if_fail (group < REG_RFM_N_GROUPS, NULL);

  return _(groups[group].title);
}

const char *
reg_rfm_group_get_explanation (RegRfmGroup group)
{
  g_return_val_if_fail (group < REG_RFM_N_GROUPS, NULL);

  return _(groups[group].explanation);
}

/**
 * reg_abc_class_get_explanation:
 * @abc_class: 'A', 'B' or 'C'
 *
 * Returns: (nullable): what the class means, in a sentence
 */
const char *
reg_abc_class_get_explanation (char abc_class)
{
  switch (abc_class)
    {
    case 'A':
      /* xgettext:no-c-format */
      return _("The customers who together bring 80 % of your revenue.");
    case 'B':
      /* xgettext:no-c-format */
      return _("The customers who bring the next 15 % of your revenue.");
    case 'C':
      /* xgettext:no-c-format */
      return _("The customers who bring the last 5 % of your revenue.");
    default:
      return NULL;
    }
}

/**
 * reg_clv_get_formula_text:
 *
 * Returns: how the predicted customer value is reckoned, in plain words
 */
const char *
reg_clv_get_formula_text (void)
{
  return _("Predicted value = average order × orders a year × years a customer keeps buying. Orders a year "
           "are counted from the customer’s first order (over at least a year); the years are how long your "
           "repeat customers have kept buying so far, on average (at least one).");
}

/**
 * reg_segments_get_builtin:
 *
 * The segments every shop has: one for each RFM group, by its title, and
 * one for each ABC class. Their ids are 0; they are not in the file.
 *
 * Returns: (transfer full) (element-type RegSegment): the built-in segments
 */
GPtrArray *
reg_segments_get_builtin (void)
{
  GPtrArray *segments = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_segment_free);
  const struct { char abc; const char *title; } classes[] = {
    { 'A', N_("Class A") },
    { 'B', N_("Class B") },
    { 'C', N_("Class C") },
  };

  for (RegRfmGroup group = REG_RFM_CHAMPIONS; group <= REG_RFM_LOST; group++)
    {
      RegSegment *segment = g_new0 (RegSegment, 1);

      segment->name = g_strdup (reg_rfm_group_get_title (group));
      segment->rule = g_strdup_printf ("{\"match\": \"all\", \"conditions\": [{\"field\": \"rfm_group\", "
                                       "\"op\": \"is\", \"value\": \"%s\"}]}",
                                       reg_rfm_group_get_key (group));
      g_ptr_array_add (segments, segment);
    }

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      RegSegment *segment = g_new0 (RegSegment, 1);

      segment->name = g_strdup (_(classes[i].title));
      segment->rule = g_strdup_printf ("{\"match\": \"all\", \"conditions\": [{\"field\": \"abc_class\", "
                                       "\"op\": \"is\", \"value\": \"%c\"}]}",
                                       classes[i].abc);
      g_ptr_array_add (segments, segment);
    }

  return segments;
}

