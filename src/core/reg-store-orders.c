/* reg-store-orders.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-money.h"
#include "reg-store-private.h"

#define ORDER_COLUMNS \
  "id, contact_id, number, ordered_at, status, currency, total, discount, shipping, " \
  "refunded, refunded_at, origin, remote_id, source_id, modified_at"

/* Statuses whose orders are revenue (RegOrderStatus PAID, PARTIALLY_REFUNDED). */
#define COUNTED_STATUSES "(1, 2)"

/* Recomputes the figures the list sorts by, for the customers picked by
 * @where (a condition on contacts.id). The money figures are in the
 * customer's most used currency; ties go to the alphabetically first,
 * as reg_figures_compute() does. */
#define REFRESH_FIGURES_SQL(where) \
  "UPDATE contacts SET (n_orders, total_spent, spent_currency, first_order_at, last_order_at) = (" \
  "  SELECT count(*), coalesce (sum (CASE WHEN o.currency = m.cur THEN max (o.total - o.refunded, 0) END), 0)," \
  "         m.cur, min (o.ordered_at), max (o.ordered_at)" \
  "  FROM orders o, (SELECT currency AS cur FROM orders" \
  "                  WHERE contact_id = contacts.id AND status IN " COUNTED_STATUSES \
  "                  GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1) m" \
  "  WHERE o.contact_id = contacts.id AND o.status IN " COUNTED_STATUSES ") " \
  "WHERE " where

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GArray *
single_id (gint64 id)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);

  g_array_append_val (ids, id);
  return ids;
}

void
reg_note_free (RegNote *note)
{
  if (note == NULL)
    return;

  g_free (note->body);
  g_free (note);
}

gboolean
_reg_store_refresh_figures (RegStore  *self,
                            sqlite3   *db,
                            gint64     contact_id,
                            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _reg_store_prepare (self, db, REFRESH_FIGURES_SQL ("id = ?1"), error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

/* The same figures for many customers at once (those in temp.refresh_ids):
 * one pass over all orders, in the order they are stored, beats reading
 * each customer's orders through the index once most customers change. */
#define REFRESH_MANY_FIGURES_SQL \
  "CREATE TEMP TABLE IF NOT EXISTS new_figures (contact_id INTEGER PRIMARY KEY, n, spent, currency, first, last);" \
  "DELETE FROM temp.new_figures;" \
  "WITH per_currency AS (" \
  "  SELECT contact_id, currency, count(*) AS n, sum (max (total - refunded, 0)) AS spent," \
  "         min (ordered_at) AS first, max (ordered_at) AS last" \
  "  FROM orders NOT INDEXED WHERE status IN " COUNTED_STATUSES " AND +contact_id IN temp.refresh_ids" \
  "  GROUP BY contact_id, currency)," \
  "ranked AS (" \
  "  SELECT contact_id, currency, spent, sum (n) OVER whole AS n, min (first) OVER whole AS first," \
  "         max (last) OVER whole AS last," \
  "         row_number () OVER (PARTITION BY contact_id ORDER BY n DESC, currency) AS rank" \
  "  FROM per_currency WINDOW whole AS (PARTITION BY contact_id))" \
  "INSERT INTO temp.new_figures SELECT contact_id, n, spent, currency, first, last FROM ranked WHERE rank = 1;" \
  "UPDATE contacts SET n_orders = f.n, total_spent = f.spent, spent_currency = f.currency," \
  "                    first_order_at = f.first, last_order_at = f.last " \
  "FROM temp.new_figures f WHERE contacts.id = f.contact_id;" \
  "UPDATE contacts SET n_orders = 0, total_spent = 0, spent_currency = NULL, first_order_at = NULL," \
  "                    last_order_at = NULL " \
  "WHERE id IN temp.refresh_ids AND id NOT IN (SELECT contact_id FROM temp.new_figures);" \
  "DELETE FROM temp.new_figures;"

/* For bulk writers: refreshes everyone listed in temp.touched_contacts and
 * the customers of orders with ids after @new_orders_after (the last id
 * before the writer began), so new orders need not be listed one by one. */
gboolean
_reg_store_refresh_touched_figures (RegStore  *self,
                                    sqlite3   *db,
                                    gint64     new_orders_after,
                                    GError   **error)
{
  g_autofree char *collect = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n_touched;
  gint64 n_contacts;
  int rc;

  collect = g_strdup_printf ("CREATE TEMP TABLE IF NOT EXISTS refresh_ids (id INTEGER PRIMARY KEY);"
                             "DELETE FROM temp.refresh_ids;"
                             "INSERT OR IGNORE INTO temp.refresh_ids SELECT id FROM temp.touched_contacts;"
                             "INSERT OR IGNORE INTO temp.refresh_ids "
                             "SELECT contact_id FROM orders WHERE id > %" G_GINT64_FORMAT ";",
                             new_orders_after);
  if (!_reg_store_exec (self, db, collect, error))
    return FALSE;

  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT (SELECT count(*) FROM temp.refresh_ids), (SELECT count(*) FROM contacts)",
                                   error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);
  n_touched = sqlite3_column_int64 (stmt, 0);
  n_contacts = sqlite3_column_int64 (stmt, 1);

  if (n_touched == 0)
    return TRUE;

  return _reg_store_exec (self, db,
                          n_touched * 8 > n_contacts ?
                          REFRESH_MANY_FIGURES_SQL :
                          REFRESH_FIGURES_SQL ("id IN temp.refresh_ids"),
                          error);
}

/* Whether any order from no shop (a file, by hand) has a remote id. */
gboolean
_reg_store_has_file_orders (RegStore  *self,
                            sqlite3   *db,
                            gboolean  *any,
                            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT EXISTS (SELECT 1 FROM orders WHERE source_id = 0 AND remote_id IS NOT NULL)",
                                   error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);
  *any = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

/* The largest id in orders, for _reg_store_refresh_touched_figures(). */
gboolean
_reg_store_last_order_id (RegStore  *self,
                          sqlite3   *db,
                          gint64    *id,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _reg_store_prepare (self, db, "SELECT coalesce (max (id), 0) FROM orders", error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);
  *id = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static RegOrder *
order_from_row (sqlite3_stmt *stmt)
{
  RegOrder *order = reg_order_new ();
  const char *text;

  reg_order_set_id (order, sqlite3_column_int64 (stmt, 0));
  reg_order_set_contact_id (order, sqlite3_column_int64 (stmt, 1));
  reg_order_set_number (order, (const char *)sqlite3_column_text (stmt, 2));
  reg_order_set_ordered_at (order, sqlite3_column_int64 (stmt, 3));
  reg_order_set_status (order, CLAMP (sqlite3_column_int (stmt, 4),
                                      REG_ORDER_STATUS_PENDING, REG_ORDER_STATUS_CANCELLED));
  if ((text = (const char *)sqlite3_column_text (stmt, 5)))
    reg_order_set_currency (order, text);
  reg_order_set_total (order, sqlite3_column_int64 (stmt, 6));
  reg_order_set_discount (order, sqlite3_column_int64 (stmt, 7));
  reg_order_set_shipping (order, sqlite3_column_int64 (stmt, 8));
  reg_order_set_refunded (order, sqlite3_column_int64 (stmt, 9));
  reg_order_set_refunded_at (order, sqlite3_column_int64 (stmt, 10));
  reg_order_set_origin (order, sqlite3_column_int (stmt, 11));
  reg_order_set_remote_id (order, (const char *)sqlite3_column_text (stmt, 12));
  reg_order_set_source_id (order, sqlite3_column_int64 (stmt, 13));
  reg_order_set_modified_at (order, sqlite3_column_int64 (stmt, 14));

  return order;
}

/* Rows come back in the order of @ids; missing ones are left out. */
static gboolean
read_by_ids (RegStore      *self,
             sqlite3       *db,
             const char    *select_sql,
             const gint64  *ids,
             guint          n_ids,
             gpointer     (*from_row) (sqlite3_stmt *stmt),
             GHashTable    *by_id,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (select_sql);
  int rc;

  g_string_append (sql, " WHERE id IN (");
  for (guint i = 0; i < n_ids; i++)
    g_string_append (sql, i == 0 ? "?" : ",?");
  g_string_append_c (sql, ')');

  if (!(stmt = _reg_store_prepare (self, db, sql->str, error)))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, i + 1, ids[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), from_row (stmt));
    }

  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

static gboolean
load_items (RegStore   *self,
            sqlite3    *db,
            GHashTable *orders,
            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT name, sku, quantity, price FROM order_items "
                                   "WHERE order_id = ?1 ORDER BY position",
                                   error)))
    return FALSE;

  g_hash_table_iter_init (&iter, orders);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RegOrder *order = value;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, reg_order_get_id (order));
      reg_order_clear_items (order);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        reg_order_add_item (order,
                            (const char *)sqlite3_column_text (stmt, 0),
                            (const char *)sqlite3_column_text (stmt, 1),
                            sqlite3_column_int64 (stmt, 2),
                            sqlite3_column_int64 (stmt, 3));
      if (rc != SQLITE_DONE)
        return _reg_store_set_error (self, error, db, rc);
    }

  return TRUE;
}

static GPtrArray *
in_id_order (GHashTable   *by_id,
             const gint64 *ids,
             guint         n_ids,
             GDestroyNotify free_func)
{
  GPtrArray *result = g_ptr_array_new_full (n_ids, free_func);

  for (guint i = 0; i < n_ids; i++)
    {
      gpointer key;
      gpointer row;

      if (g_hash_table_steal_extended (by_id, &ids[i], &key, &row))
        {
          g_free (key);
          g_ptr_array_add (result, row);
        }
    }

  return result;
}

/**
 * reg_store_get_orders:
 * @ids: (array length=n_ids): order ids
 *
 * Returns: (transfer full) (element-type RegOrder): the orders with their
 *   items, in the order of @ids; ids that do not exist are left out.
 */
GPtrArray *
reg_store_get_orders (RegStore      *self,
                      const gint64  *ids,
                      guint          n_ids,
                      GError       **error)
{
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *result = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  if (n_ids == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if (read_by_ids (self, db, "SELECT " ORDER_COLUMNS " FROM orders", ids, n_ids,
                   (gpointer)order_from_row, by_id, error) &&
      load_items (self, db, by_id, error))
    result = in_id_order (by_id, ids, n_ids, g_object_unref);

  _reg_store_release_reader (self, db);

  return result;
}

static gpointer
note_from_row (sqlite3_stmt *stmt)
{
  RegNote *note = g_new0 (RegNote, 1);

  note->id = sqlite3_column_int64 (stmt, 0);
  note->contact_id = sqlite3_column_int64 (stmt, 1);
  note->kind = CLAMP (sqlite3_column_int (stmt, 2), REG_NOTE_KIND_NOTE, REG_NOTE_KIND_COMPLAINT);
  note->body = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  note->noted_at = sqlite3_column_int64 (stmt, 4);
  note->resolved_at = sqlite3_column_int64 (stmt, 5);

  return note;
}

/**
 * reg_store_get_notes:
 * @ids: (array length=n_ids): note ids
 *
 * Returns: (transfer full) (element-type RegNote): the notes, in the
 *   order of @ids
 */
GPtrArray *
reg_store_get_notes (RegStore      *self,
                     const gint64  *ids,
                     guint          n_ids,
                     GError       **error)
{
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *result = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)reg_note_free);
  if (n_ids == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)reg_note_free);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if (read_by_ids (self, db,
                   "SELECT id, contact_id, kind, body, noted_at, resolved_at FROM notes",
                   ids, n_ids, note_from_row, by_id, error))
    result = in_id_order (by_id, ids, n_ids, (GDestroyNotify)reg_note_free);

  _reg_store_release_reader (self, db);

  return result;
}

/**
 * reg_store_query_timeline:
 *
 * Everything that happened with a customer, newest first: orders, refunds
 * and notes. Only ids and times: a customer with thousands of orders costs
 * one index walk, and rows are read when shown.
 *
 * Returns: (transfer full) (element-type RegTimelineRef): the entries
 */
GArray *
reg_store_query_timeline (RegStore      *self,
                          gint64         contact_id,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) refs = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  _reg_store_set_cancellable (db, cancellable);
  refs = g_array_new (FALSE, FALSE, sizeof (RegTimelineRef));

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT id, ordered_at, 0 FROM orders WHERE contact_id = ?1 "
                                  "UNION ALL "
                                  "SELECT id, refunded_at, 1 FROM orders "
                                  "WHERE contact_id = ?1 AND refunded_at IS NOT NULL AND refunded > 0 "
                                  "UNION ALL "
                                  "SELECT id, noted_at, 2 FROM notes WHERE contact_id = ?1 "
                                  "ORDER BY 2 DESC, 3 DESC, 1 DESC",
                                  error)))
    {
      sqlite3_bind_int64 (stmt, 1, contact_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegTimelineRef ref = {
            .id = sqlite3_column_int64 (stmt, 0),
            .time = sqlite3_column_int64 (stmt, 1),
            .kind = sqlite3_column_int (stmt, 2),
          };
          g_array_append_val (refs, ref);
        }
      if (rc != SQLITE_DONE)
        {
          _reg_store_set_error (self, error, db, rc);
          g_clear_pointer (&refs, g_array_unref);
        }
    }
  else
    g_clear_pointer (&refs, g_array_unref);

  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_set_cancellable (db, NULL);
  _reg_store_release_reader (self, db);

  return g_steal_pointer (&refs);
}

/**
 * reg_store_get_contact_figures:
 * @now: the time "days since the last order" counts to
 *
 * Computes the customer figures from their orders.
 */
gboolean
reg_store_get_contact_figures (RegStore    *self,
                               gint64       contact_id,
                               gint64       now,
                               RegFigures  *out,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) orders = NULL;
  g_autoptr(GStringChunk) currencies = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return FALSE;

  orders = g_array_new (FALSE, FALSE, sizeof (RegFiguresOrder));
  currencies = g_string_chunk_new (64);

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT ordered_at, max (total - refunded, 0), currency FROM orders "
                                  "WHERE contact_id = ?1 AND status IN " COUNTED_STATUSES,
                                  error)))
    {
      sqlite3_bind_int64 (stmt, 1, contact_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegFiguresOrder order = {
            .ordered_at = sqlite3_column_int64 (stmt, 0),
            .revenue = sqlite3_column_int64 (stmt, 1),
            .currency = g_string_chunk_insert_const (currencies, (const char *)sqlite3_column_text (stmt, 2)),
            .counts = TRUE,
          };
          g_array_append_val (orders, order);
        }
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else
        _reg_store_set_error (self, error, db, rc);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (ok)
    reg_figures_compute ((RegFiguresOrder *)(gpointer)orders->data, orders->len, now, out);

  return ok;
}

/**
 * reg_store_count_orders:
 *
 * Returns: the number of orders, -1 with @error set
 */
gint64
reg_store_count_orders (RegStore  *self,
                        GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 count = -1;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), -1);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return -1;

  if ((stmt = _reg_store_prepare (self, db, "SELECT count(*) FROM orders", error)))
    {
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        _reg_store_set_error (self, error, db, rc);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  return count;
}

static gboolean
check_order (RegOrder  *order,
             GError   **error)
{
  if (reg_order_get_contact_id (order) <= 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           _("An order must belong to a customer."));
      return FALSE;
    }

  if (!reg_currency_is_known (reg_order_get_currency (order)))
    {
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED,
                   _("“%s” is not a currency."), reg_order_get_currency (order));
      return FALSE;
    }

  if (reg_order_get_ordered_at (order) <= 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED,
                           _("An order needs a date."));
      return FALSE;
    }

  return TRUE;
}

/* The order with @remote_id from @source_id (0: no shop, a file or by
 * hand): its id and customer, or 0 and 0. */
gboolean
_reg_store_find_order_by_remote_id (RegStore    *self,
                                    sqlite3     *db,
                                    gint64       source_id,
                                    const char  *remote_id,
                                    gint64      *id,
                                    gint64      *contact_id,
                                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *id = *contact_id = 0;

  if (!(stmt = _reg_store_prepare_cached (self, db,
                                          "SELECT id, contact_id FROM orders WHERE source_id = ?2 AND remote_id = ?1",
                                          error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, source_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *contact_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

/* Inserts or updates @order and its items inside the caller's transaction.
 * An order with a remote id that is already here is updated, not doubled.
 * @old_contact_id: (out): who it belonged to before, 0 if new
 *
 * With %REG_WRITE_ORDER_KNOWN_NEW, an order whose remote id is taken
 * after all fails with %REG_STORE_ERROR_EXISTS. */
gboolean
_reg_store_write_order (RegStore  *self,
                        sqlite3   *db,
                        RegOrder  *order,
                        gint64              now,
                        RegWriteOrderFlags  flags,
                        gint64             *old_contact_id,
                        GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 id = reg_order_get_id (order);
  int rc;

  *old_contact_id = 0;

  if (!check_order (order, error))
    return FALSE;

  /* A customer deleted meanwhile, or in the trash, takes no new orders. */
  if (!(flags & REG_WRITE_ORDER_CUSTOMER_CHECKED))
    {
      if (!(stmt = _reg_store_prepare_cached (self, db,
                                              "SELECT 1 FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
                                              error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, reg_order_get_contact_id (order));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                               _("This customer no longer exists."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return _reg_store_set_error (self, error, db, rc);
    }

  if (id == 0 && reg_order_get_remote_id (order) != NULL)
    {
      if (!(flags & REG_WRITE_ORDER_KNOWN_NEW) &&
          !_reg_store_find_order_by_remote_id (self, db, reg_order_get_source_id (order),
                                               reg_order_get_remote_id (order), &id, old_contact_id, error))
        return FALSE;
    }
  else if (id != 0)
    {
      if (!(stmt = _reg_store_prepare_cached (self, db, "SELECT contact_id FROM orders WHERE id = ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        *old_contact_id = sqlite3_column_int64 (stmt, 0);
      else if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                               _("This order no longer exists."));
          return FALSE;
        }
      else
        return _reg_store_set_error (self, error, db, rc);
      sqlite3_reset (stmt);
    }

  if (!(stmt = _reg_store_prepare_cached (self, db,
                                   id == 0 ?
                                   "INSERT INTO orders (contact_id, number, ordered_at, status, currency, total, "
                                   "discount, shipping, refunded, refunded_at, origin, remote_id, created_at, updated_at, "
                                   "source_id, modified_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?15, ?16)" :
                                   "UPDATE orders SET contact_id = ?1, number = ?2, ordered_at = ?3, status = ?4, "
                                   "currency = ?5, total = ?6, discount = ?7, shipping = ?8, refunded = ?9, "
                                   "refunded_at = ?10, origin = ?11, remote_id = ?12, updated_at = ?13, "
                                   "source_id = ?15, modified_at = ?16 WHERE id = ?14",
                                   error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, reg_order_get_contact_id (order));
  sqlite3_bind_text (stmt, 2, reg_order_get_number (order), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, reg_order_get_ordered_at (order));
  sqlite3_bind_int (stmt, 4, reg_order_get_status (order));
  sqlite3_bind_text (stmt, 5, reg_order_get_currency (order), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, reg_order_get_total (order));
  sqlite3_bind_int64 (stmt, 7, reg_order_get_discount (order));
  sqlite3_bind_int64 (stmt, 8, reg_order_get_shipping (order));
  sqlite3_bind_int64 (stmt, 9, reg_order_get_refunded (order));
  if (reg_order_get_refunded_at (order) > 0)
    sqlite3_bind_int64 (stmt, 10, reg_order_get_refunded_at (order));
  sqlite3_bind_int (stmt, 11, reg_order_get_origin (order));
  if (reg_order_get_remote_id (order) != NULL)
    sqlite3_bind_text (stmt, 12, reg_order_get_remote_id (order), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 13, now);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 14, id);
  sqlite3_bind_int64 (stmt, 15, reg_order_get_source_id (order));
  if (reg_order_get_modified_at (order) > 0)
    sqlite3_bind_int64 (stmt, 16, reg_order_get_modified_at (order));

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE && id == 0)
    {
      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS,
                   _("Order %s is already in Regulars."), reg_order_get_number (order));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  if (id == 0)
    id = sqlite3_last_insert_rowid (db);
  else
    {
      if (!(stmt = _reg_store_prepare_cached (self, db, "DELETE FROM order_items WHERE order_id = ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return _reg_store_set_error (self, error, db, rc);
      sqlite3_reset (stmt);
    }

  if (reg_order_get_n_items (order) > 0)
    {
      if (!(stmt = _reg_store_prepare_cached (self, db,
                                       "INSERT INTO order_items (order_id, position, name, sku, quantity, price) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                       error)))
        return FALSE;

      for (guint i = 0; i < reg_order_get_n_items (order); i++)
        {
          const RegOrderItem *item = reg_order_get_item (order, i);

          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int (stmt, 2, i);
          sqlite3_bind_text (stmt, 3, item->name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, item->sku, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 5, item->quantity);
          sqlite3_bind_int64 (stmt, 6, item->price);
          if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
            return _reg_store_set_error (self, error, db, rc);
        }
    }

  reg_order_set_id (order, id);

  return TRUE;
}

/* Adds @order's items after those of the order with its remote id from
 * @source_id, inside the caller's transaction. */
gboolean
_reg_store_append_order_items (RegStore  *self,
                               sqlite3   *db,
                               gint64     source_id,
                               RegOrder  *order,
                               gboolean  *found,
                               GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gint64 contact_id = 0;
  int position = 0;
  int rc;

  *found = FALSE;
  if (!_reg_store_find_order_by_remote_id (self, db, source_id, reg_order_get_remote_id (order), &id, &contact_id,
                                           error))
    return FALSE;
  if (id == 0)
    return TRUE;
  *found = TRUE;

  if (!(stmt = _reg_store_prepare_cached (self, db,
                                          "SELECT COALESCE (MAX (position) + 1, 0) FROM order_items WHERE order_id = ?1",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);

  if (!(stmt = _reg_store_prepare_cached (self, db,
                                          "INSERT INTO order_items (order_id, position, name, sku, quantity, price) "
                                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                          error)))
    return FALSE;

  for (guint i = 0; i < reg_order_get_n_items (order); i++)
    {
      const RegOrderItem *item = reg_order_get_item (order, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, position + (int)i);
      sqlite3_bind_text (stmt, 3, item->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, item->sku, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, item->quantity);
      sqlite3_bind_int64 (stmt, 6, item->price);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return _reg_store_set_error (self, error, db, rc);
    }

  return TRUE;
}

/**
 * reg_store_save_order:
 *
 * Adds @order (id 0) or updates it, with its items, and refreshes the
 * customer's figures. Sets the id of a new order.
 */
gboolean
reg_store_save_order (RegStore  *self,
                      RegOrder  *order,
                      GError   **error)
{
  g_autoptr(GArray) changed = NULL;
  gint64 old_contact_id = 0;
  gint64 contact_id;
  sqlite3 *db;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (REG_IS_ORDER (order), FALSE);

  contact_id = reg_order_get_contact_id (order);
  db = _reg_store_lock_writer (self);

  if (!_reg_store_begin (self, db, error) ||
      !_reg_store_write_order (self, db, order, now_seconds (), REG_WRITE_ORDER_DEFAULT, &old_contact_id, error) ||
      !_reg_store_refresh_figures (self, db, contact_id, error) ||
      (old_contact_id != 0 && old_contact_id != contact_id &&
       !_reg_store_refresh_figures (self, db, old_contact_id, error)) ||
      !_reg_store_commit (self, db, error))
    {
      _reg_store_rollback (self, db);
      _reg_store_unlock_writer (self);
      return FALSE;
    }

  _reg_store_unlock_writer (self);

  changed = single_id (contact_id);
  if (old_contact_id != 0 && old_contact_id != contact_id)
    g_array_append_val (changed, old_contact_id);
  _reg_store_emit_changed (self, REG_CHANGE_CONTACTS | REG_CHANGE_ORDERS, g_steal_pointer (&changed));

  return TRUE;
}

/* Writes many orders in one transaction and refreshes their customers'
 * figures once at the end. */
gboolean
_reg_store_write_orders (RegStore   *self,
                         GPtrArray  *orders,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) touch = NULL;
  gint64 now = now_seconds ();
  sqlite3 *db;

  db = _reg_store_lock_writer (self);

  if (!_reg_store_begin (self, db, error) ||
      !_reg_store_exec (self, db,
                        "CREATE TEMP TABLE IF NOT EXISTS touched_contacts (id INTEGER PRIMARY KEY);"
                        "DELETE FROM temp.touched_contacts;",
                        error) ||
      !(touch = _reg_store_prepare (self, db, "INSERT OR IGNORE INTO temp.touched_contacts VALUES (?1)", error)))
    goto failed;

  for (guint i = 0; i < orders->len; i++)
    {
      RegOrder *order = g_ptr_array_index (orders, i);
      gint64 old_contact_id = 0;
      int rc;

      if (!_reg_store_write_order (self, db, order, now, REG_WRITE_ORDER_DEFAULT, &old_contact_id, error))
        goto failed;

      for (guint k = 0; k < 2; k++)
        {
          gint64 id = k == 0 ? reg_order_get_contact_id (order) : old_contact_id;

          if (id == 0)
            continue;
          sqlite3_reset (touch);
          sqlite3_bind_int64 (touch, 1, id);
          if ((rc = sqlite3_step (touch)) != SQLITE_DONE)
            {
              _reg_store_set_error (self, error, db, rc);
              goto failed;
            }
        }
    }

  g_clear_pointer (&touch, sqlite3_finalize);
  if (!_reg_store_refresh_touched_figures (self, db, G_MAXINT64, error) ||
      !_reg_store_commit (self, db, error))
    goto failed;

  _reg_store_unlock_writer (self);
  _reg_store_emit_changed (self, REG_CHANGE_CONTACTS | REG_CHANGE_ORDERS, NULL);

  return TRUE;

failed:
  g_clear_pointer (&touch, sqlite3_finalize);
  _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);
  return FALSE;
}

/**
 * reg_store_delete_order:
 *
 * Removes an order for good (a purchase entered by mistake).
 */
gboolean
reg_store_delete_order (RegStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 contact_id = 0;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  db = _reg_store_lock_writer (self);

  if (!_reg_store_begin (self, db, error))
    goto failed;

  if (!(stmt = _reg_store_prepare (self, db, "DELETE FROM orders WHERE id = ?1 RETURNING contact_id", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      contact_id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _reg_store_set_error (self, error, db, rc);
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (contact_id == 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           _("This order no longer exists."));
      goto failed;
    }

  if (!_reg_store_refresh_figures (self, db, contact_id, error) ||
      !_reg_store_commit (self, db, error))
    goto failed;

  _reg_store_unlock_writer (self);
  _reg_store_emit_changed (self, REG_CHANGE_CONTACTS | REG_CHANGE_ORDERS, single_id (contact_id));

  return TRUE;

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);
  return FALSE;
}

/* One statement on the writer, then "changed" for @contact_id's notes. */
static gboolean
write_note (RegStore     *self,
            sqlite3_stmt *(*prepare) (RegStore *, sqlite3 *, gpointer, GError **),
            gpointer      data,
            gint64       *contact_id,
            gint64       *new_id,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  db = _reg_store_lock_writer (self);

  if (!(stmt = prepare (self, db, data, error)))
    {
      _reg_store_unlock_writer (self);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *contact_id = sqlite3_column_int64 (stmt, 0);
      if (new_id)
        *new_id = sqlite3_column_int64 (stmt, 1);
      rc = sqlite3_step (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      _reg_store_set_error (self, error, db, rc);
      g_clear_pointer (&stmt, sqlite3_finalize);
      _reg_store_unlock_writer (self);
      return FALSE;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (*contact_id == 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           _("This note no longer exists."));
      return FALSE;
    }

  _reg_store_emit_changed (self, REG_CHANGE_NOTES, single_id (*contact_id));

  return TRUE;
}

typedef struct
{
  gint64       contact_id;
  RegNoteKind  kind;
  const char  *body;
  gint64       noted_at;
  gint64       note_id;
  gboolean     resolved;
} NoteWrite;

static sqlite3_stmt *
prepare_add_note (RegStore  *self,
                  sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  NoteWrite *write = data;
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare (self, db,
                                   "INSERT INTO notes (contact_id, kind, body, noted_at) "
                                   "SELECT id, ?2, ?3, ?4 FROM contacts WHERE id = ?1 "
                                   "RETURNING contact_id, id",
                                   error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, write->contact_id);
  sqlite3_bind_int (stmt, 2, write->kind);
  sqlite3_bind_text (stmt, 3, write->body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, write->noted_at);

  return stmt;
}

/**
 * reg_store_add_note:
 * @noted_at: when it happened; 0 for now
 *
 * Returns: the new note's id, or 0 with @error set
 */
gint64
reg_store_add_note (RegStore     *self,
                    gint64        contact_id,
                    RegNoteKind   kind,
                    const char   *body,
                    gint64        noted_at,
                    GError      **error)
{
  NoteWrite write = {
    .contact_id = contact_id,
    .kind = kind,
    .body = body ? body : "",
    .noted_at = noted_at > 0 ? noted_at : now_seconds (),
  };
  gint64 found = 0;
  gint64 id = 0;

  g_return_val_if_fail (REG_IS_STORE (self), 0);
  g_return_val_if_fail (kind <= REG_NOTE_KIND_COMPLAINT, 0);

  if (!write_note (self, prepare_add_note, &write, &found, &id, error))
    {
      if (found == 0 && error && *error && (*error)->code == REG_STORE_ERROR_NOT_FOUND)
        {
          g_clear_error (error);
          g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                               _("This customer no longer exists."));
        }
      return 0;
    }

  return id;
}

static sqlite3_stmt *
prepare_resolve (RegStore  *self,
                 sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  NoteWrite *write = data;
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare (self, db,
                                   "UPDATE notes SET resolved_at = ?2 WHERE id = ?1 RETURNING contact_id, id",
                                   error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, write->note_id);
  if (write->resolved)
    sqlite3_bind_int64 (stmt, 2, now_seconds ());

  return stmt;
}

/**
 * reg_store_set_note_resolved:
 *
 * Marks a complaint resolved (now) or open again.
 */
gboolean
reg_store_set_note_resolved (RegStore  *self,
                             gint64     note_id,
                             gboolean   resolved,
                             GError   **error)
{
  NoteWrite write = { .note_id = note_id, .resolved = resolved };
  gint64 contact_id = 0;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  return write_note (self, prepare_resolve, &write, &contact_id, NULL, error);
}

static sqlite3_stmt *
prepare_delete_note (RegStore  *self,
                     sqlite3   *db,
                     gpointer   data,
                     GError   **error)
{
  NoteWrite *write = data;
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare (self, db, "DELETE FROM notes WHERE id = ?1 RETURNING contact_id, id", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, write->note_id);

  return stmt;
}

gboolean
reg_store_delete_note (RegStore  *self,
                       gint64     note_id,
                       GError   **error)
{
  NoteWrite write = { .note_id = note_id };
  gint64 contact_id = 0;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  return write_note (self, prepare_delete_note, &write, &contact_id, NULL, error);
}

/* Async variants, queued on the store's writer thread. */

static gboolean
save_order_job (RegStore      *self,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return reg_store_save_order (self, data, error);
}

/**
 * reg_store_save_order_async:
 *
 * Queues reg_store_save_order(). @order is written as it is when the
 * write runs, and has its id when the result is ready.
 */
void
reg_store_save_order_async (RegStore            *self,
                            RegOrder            *order,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (REG_IS_STORE (self));
  g_return_if_fail (REG_IS_ORDER (order));

  _reg_store_queue_write (self, reg_store_save_order_async, save_order_job,
                          g_object_ref (order), g_object_unref,
                          cancellable, callback, user_data);
}

gboolean
reg_store_save_order_finish (RegStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
delete_order_job (RegStore      *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return reg_store_delete_order (self, *(gint64 *)data, error);
}

/**
 * reg_store_delete_order_async:
 *
 * Queues reg_store_delete_order().
 */
void
reg_store_delete_order_async (RegStore            *self,
                              gint64               id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (REG_IS_STORE (self));

  _reg_store_queue_write (self, reg_store_delete_order_async, delete_order_job,
                          g_memdup2 (&id, sizeof id), g_free,
                          cancellable, callback, user_data);
}

gboolean
reg_store_delete_order_finish (RegStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  NoteWrite  write;
  char      *body;
} NoteJob;

static void
note_job_free (gpointer data)
{
  NoteJob *job = data;

  g_free (job->body);
  g_free (job);
}

static gboolean
add_note_job (RegStore      *self,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  NoteJob *job = data;

  return reg_store_add_note (self, job->write.contact_id, job->write.kind,
                             job->body, 0, error) != 0;
}

void
reg_store_add_note_async (RegStore            *self,
                          gint64               contact_id,
                          RegNoteKind          kind,
                          const char          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  NoteJob *job;

  g_return_if_fail (REG_IS_STORE (self));

  job = g_new0 (NoteJob, 1);
  job->write.contact_id = contact_id;
  job->write.kind = kind;
  job->body = g_strdup (body);

  _reg_store_queue_write (self, reg_store_add_note_async, add_note_job, job, note_job_free,
                          cancellable, callback, user_data);
}

gboolean
reg_store_add_note_finish (RegStore      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
resolve_job (RegStore      *self,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  NoteJob *job = data;

  return reg_store_set_note_resolved (self, job->write.note_id, job->write.resolved, error);
}

void
reg_store_set_note_resolved_async (RegStore            *self,
                                   gint64               note_id,
                                   gboolean             resolved,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  NoteJob *job;

  g_return_if_fail (REG_IS_STORE (self));

  job = g_new0 (NoteJob, 1);
  job->write.note_id = note_id;
  job->write.resolved = resolved;

  _reg_store_queue_write (self, reg_store_set_note_resolved_async, resolve_job, job, note_job_free,
                          cancellable, callback, user_data);
}

gboolean
reg_store_set_note_resolved_finish (RegStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
