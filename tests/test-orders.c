/* test-orders.c: orders, figures, notes and the customer timeline
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "reg-money.h"
#include "reg-sample.h"
#include "reg-store-private.h"
#include "reg-test-util.h"
#include "reg-timeline.h"

#define DAY ((gint64)86400)
#define T0 G_GINT64_CONSTANT (1700000000) /* 2023-11-14 */

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
add_contact (RegStore   *store,
             const char *given,
             const char *email)
{
  g_autoptr(RegContact) contact = reg_test_contact_new (given, "Tester", email);
  g_autoptr(GError) error = NULL;

  reg_store_save_contact (store, contact, &error);
  g_assert_no_error (error);

  return reg_contact_get_id (contact);
}

static RegOrder *
make_order (gint64          contact_id,
            const char     *number,
            gint64          at,
            RegOrderStatus  status,
            const char     *currency,
            gint64          total)
{
  RegOrder *order = reg_order_new ();

  reg_order_set_contact_id (order, contact_id);
  reg_order_set_number (order, number);
  reg_order_set_ordered_at (order, at);
  reg_order_set_status (order, status);
  reg_order_set_currency (order, currency);
  reg_order_set_total (order, total);
  reg_order_add_item (order, "Mug", "MUG-1", 2, total / 2);

  return order;
}

static void
save (RegStore *store,
      RegOrder *order)
{
  g_autoptr(GError) error = NULL;

  reg_store_save_order (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reg_order_get_id (order), >, 0);
}

static void
test_figures_pure (void)
{
  const RegFiguresOrder orders[] = {
    { T0 + 30 * DAY, 3000, "EUR", TRUE },
    { T0, 1000, "EUR", TRUE },
    { T0 + 10 * DAY, 2000, "EUR", TRUE },
    { T0 + 5 * DAY, 9999, "EUR", FALSE },  /* refunded: not revenue, no date */
    { T0 + 12 * DAY, 500, "USD", TRUE },   /* counted, not summed */
  };
  RegFigures figures;

  reg_figures_compute (orders, G_N_ELEMENTS (orders), T0 + 40 * DAY, &figures);

  g_assert_cmpuint (figures.n_orders, ==, 4);
  g_assert_cmpstr (figures.currency, ==, "EUR");
  g_assert_cmpint (figures.total_spent, ==, 6000);
  g_assert_cmpuint (figures.n_other_currency, ==, 1);
  g_assert_cmpint (figures.average_order, ==, 2000);
  g_assert_cmpint (figures.first_order_at, ==, T0);
  g_assert_cmpint (figures.last_order_at, ==, T0 + 30 * DAY);
  g_assert_cmpint (figures.days_since_last, ==, 10);
  g_assert_cmpfloat_with_epsilon (figures.average_gap_days, 10.0, 0.001);
  /* Gaps 10, 2, 18 days: the median is 10. */
  g_assert_cmpint (figures.expected_next_at, ==, T0 + 40 * DAY);

  /* One order: no gap, no expectation. */
  reg_figures_compute (orders, 1, T0 + 40 * DAY, &figures);
  g_assert_cmpuint (figures.n_orders, ==, 1);
  g_assert_cmpfloat (figures.average_gap_days, <, 0);
  g_assert_cmpint (figures.expected_next_at, ==, 0);

  /* None. */
  reg_figures_compute (NULL, 0, T0, &figures);
  g_assert_cmpuint (figures.n_orders, ==, 0);
  g_assert_cmpint (figures.days_since_last, ==, -1);
  g_assert_cmpstr (figures.currency, ==, "");
}

static void
test_status_strings (void)
{
  const struct { const char *text; RegOrderStatus status; } cases[] = {
    { "paid", REG_ORDER_STATUS_PAID },
    { "completed", REG_ORDER_STATUS_PAID },
    { "wc-processing", REG_ORDER_STATUS_PAID },
    { "on-hold", REG_ORDER_STATUS_PENDING },
    { "Partially Refunded", REG_ORDER_STATUS_PARTIALLY_REFUNDED },
    { "partially_refunded", REG_ORDER_STATUS_PARTIALLY_REFUNDED },
    { "REFUNDED", REG_ORDER_STATUS_REFUNDED },
    { "voided", REG_ORDER_STATUS_CANCELLED },
    { "canceled", REG_ORDER_STATUS_CANCELLED },
  };
  RegOrderStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (reg_order_status_from_string (cases[i].text, &status));
      g_assert_cmpint (status, ==, cases[i].status);
    }

  g_assert_false (reg_order_status_from_string ("shipped to mars", &status));
  g_assert_false (reg_order_status_from_string ("", &status));

  for (RegOrderStatus s = REG_ORDER_STATUS_PENDING; s <= REG_ORDER_STATUS_CANCELLED; s++)
    {
      g_assert_true (reg_order_status_from_string (reg_order_status_to_string (s), &status));
      g_assert_cmpint (status, ==, s);
    }
}

static void
test_save_and_figures (Fixture       *f,
                       gconstpointer  data)
{
  gint64 anna = add_contact (f->store, "Anna", "anna@example.com");
  g_autoptr(RegOrder) first = make_order (anna, "#1", T0, REG_ORDER_STATUS_PAID, "EUR", 2000);
  g_autoptr(RegOrder) second = make_order (anna, "#2", T0 + 20 * DAY, REG_ORDER_STATUS_PAID, "EUR", 4000);
  g_autoptr(RegOrder) refunded = make_order (anna, "#3", T0 + 25 * DAY, REG_ORDER_STATUS_REFUNDED, "EUR", 10000);
  g_autoptr(RegOrder) partly = make_order (anna, "#4", T0 + 30 * DAY, REG_ORDER_STATUS_PARTIALLY_REFUNDED, "EUR", 3000);
  g_autoptr(RegContact) contact = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  RegFigures figures;
  gint64 id;

  save (f->store, first);
  save (f->store, second);
  save (f->store, refunded);
  reg_order_set_refunded (partly, 1000);
  reg_order_set_refunded_at (partly, T0 + 31 * DAY);
  save (f->store, partly);

  /* The list's figures, kept in the contacts table. */
  contact = reg_store_get_contact (f->store, anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reg_contact_get_n_orders (contact), ==, 3);
  g_assert_cmpint (reg_contact_get_total_spent (contact), ==, 2000 + 4000 + 2000);
  g_assert_cmpstr (reg_contact_get_spent_currency (contact), ==, "EUR");
  g_assert_cmpint (reg_contact_get_last_order_at (contact), ==, T0 + 30 * DAY);

  /* The pane's figures agree with them. */
  reg_store_get_contact_figures (f->store, anna, T0 + 40 * DAY, &figures, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures.n_orders, ==, 3);
  g_assert_cmpint (figures.total_spent, ==, 8000);
  g_assert_cmpint (figures.average_order, ==, 2666);
  g_assert_cmpint (figures.days_since_last, ==, 10);
  g_assert_cmpint (figures.expected_next_at, ==, T0 + 30 * DAY + 15 * DAY);

  /* Read back with items. */
  id = reg_order_get_id (second);
  orders = reg_store_get_orders (f->store, &id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpstr (reg_order_get_number (orders->pdata[0]), ==, "#2");
  g_assert_cmpint (reg_order_get_total (orders->pdata[0]), ==, 4000);
  g_assert_cmpuint (reg_order_get_n_items (orders->pdata[0]), ==, 1);
  g_assert_cmpstr (reg_order_get_item (orders->pdata[0], 0)->name, ==, "Mug");
  g_assert_cmpint (reg_order_get_item (orders->pdata[0], 0)->quantity, ==, 2);

  /* A status change updates the figures. */
  reg_order_set_status (second, REG_ORDER_STATUS_CANCELLED);
  save (f->store, second);
  g_clear_object (&contact);
  contact = reg_store_get_contact (f->store, anna, &error);
  g_assert_cmpuint (reg_contact_get_n_orders (contact), ==, 2);
  g_assert_cmpint (reg_contact_get_total_spent (contact), ==, 4000);

  /* Deleting brings them back down. */
  reg_store_delete_order (f->store, reg_order_get_id (first), &error);
  g_assert_no_error (error);
  g_clear_object (&contact);
  contact = reg_store_get_contact (f->store, anna, &error);
  g_assert_cmpuint (reg_contact_get_n_orders (contact), ==, 1);
  g_assert_cmpint (reg_contact_get_total_spent (contact), ==, 2000);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 3);
}

static void
test_remote_id_updates (Fixture       *f,
                        gconstpointer  data)
{
  gint64 anna = add_contact (f->store, "Anna", "anna@example.com");
  g_autoptr(RegOrder) a = make_order (anna, "#1001", T0, REG_ORDER_STATUS_PAID, "EUR", 2000);
  g_autoptr(RegOrder) b = make_order (anna, "#1001", T0, REG_ORDER_STATUS_REFUNDED, "EUR", 2000);

  reg_order_set_remote_id (a, "#1001");
  reg_order_set_remote_id (b, "#1001");
  save (f->store, a);
  save (f->store, b);

  g_assert_cmpint (reg_order_get_id (a), ==, reg_order_get_id (b));
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 1);
}

static void
test_bad_orders (Fixture       *f,
                 gconstpointer  data)
{
  gint64 anna = add_contact (f->store, "Anna", "anna@example.com");
  g_autoptr(RegOrder) no_one = make_order (0, "#1", T0, REG_ORDER_STATUS_PAID, "EUR", 100);
  g_autoptr(RegOrder) odd_money = make_order (anna, "#2", T0, REG_ORDER_STATUS_PAID, "XQZ", 100);
  g_autoptr(RegOrder) no_date = make_order (anna, "#3", 0, REG_ORDER_STATUS_PAID, "EUR", 100);
  g_autoptr(GError) error = NULL;

  g_assert_false (reg_store_save_order (f->store, no_one, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (reg_store_save_order (f->store, odd_money, &error));
  g_assert_nonnull (strstr (error->message, "XQZ"));
  g_clear_error (&error);
  g_assert_false (reg_store_save_order (f->store, no_date, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A customer in the trash takes no orders, and says so plainly. */
  {
    g_autoptr(RegOrder) late = make_order (anna, "#4", T0, REG_ORDER_STATUS_PAID, "EUR", 100);

    reg_store_trash_contact (f->store, anna, NULL);
    g_assert_false (reg_store_save_order (f->store, late, &error));
    g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, "This customer no longer exists.");
  }

  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 0);
}

static void
test_notes (Fixture       *f,
            gconstpointer  data)
{
  gint64 anna = add_contact (f->store, "Anna", "anna@example.com");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  gint64 id;

  id = reg_store_add_note (f->store, anna, REG_NOTE_KIND_COMPLAINT, "Mug arrived broken", T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  notes = reg_store_get_notes (f->store, &id, 1, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((RegNote *)notes->pdata[0])->body, ==, "Mug arrived broken");
  g_assert_cmpint (((RegNote *)notes->pdata[0])->resolved_at, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);

  reg_store_set_note_resolved (f->store, id, TRUE, &error);
  g_assert_no_error (error);
  notes = reg_store_get_notes (f->store, &id, 1, &error);
  g_assert_cmpint (((RegNote *)notes->pdata[0])->resolved_at, >, 0);

  g_assert_cmpint (reg_store_add_note (f->store, 99999, REG_NOTE_KIND_NOTE, "x", 0, &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (reg_store_set_note_resolved (f->store, 99999, TRUE, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
}

static void
wait_for_timeline (RegTimeline *timeline)
{
  while (g_main_context_pending (NULL) || reg_timeline_get_loading (timeline))
    g_main_context_iteration (NULL, TRUE);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  gint64 anna = add_contact (f->store, "Anna", "anna@example.com");
  gint64 bert = add_contact (f->store, "Bert", "bert@example.com");
  g_autoptr(RegOrder) old = make_order (anna, "#1", T0, REG_ORDER_STATUS_PAID, "EUR", 2000);
  g_autoptr(RegOrder) refunded = make_order (anna, "#2", T0 + 10 * DAY, REG_ORDER_STATUS_REFUNDED, "EUR", 5000);
  g_autoptr(RegOrder) berts = make_order (bert, "#3", T0 + 11 * DAY, REG_ORDER_STATUS_PAID, "EUR", 100);
  g_autoptr(RegTimeline) timeline = NULL;
  g_autoptr(RegTimelineEvent) event = NULL;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *amount = NULL;
  guint changes = 0;

  save (f->store, old);
  reg_order_set_refunded (refunded, 5000);
  reg_order_set_refunded_at (refunded, T0 + 15 * DAY);
  save (f->store, refunded);
  save (f->store, berts);
  reg_store_add_note (f->store, anna, REG_NOTE_KIND_CALL, "Asked about wholesale", T0 + 12 * DAY, NULL);

  timeline = reg_timeline_new (f->store, anna);
  g_signal_connect (timeline, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  wait_for_timeline (timeline);

  /* Newest first: the refund, the call, the refunded order, the old order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, 4);
  event = g_list_model_get_item (G_LIST_MODEL (timeline), 0);
  g_assert_cmpint (reg_timeline_event_get_kind (event), ==, REG_TIMELINE_REFUND);
  title = reg_timeline_event_dup_title (event);
  g_assert_cmpstr (title, ==, "Refund for order #2");
  g_clear_object (&event);

  event = g_list_model_get_item (G_LIST_MODEL (timeline), 1);
  g_assert_cmpint (reg_timeline_event_get_kind (event), ==, REG_TIMELINE_NOTE);
  detail = reg_timeline_event_dup_detail (event);
  g_assert_cmpstr (detail, ==, "Asked about wholesale");
  g_clear_object (&event);
  g_clear_pointer (&detail, g_free);

  event = g_list_model_get_item (G_LIST_MODEL (timeline), 2);
  g_assert_cmpint (reg_timeline_event_get_kind (event), ==, REG_TIMELINE_ORDER);
  detail = reg_timeline_event_dup_detail (event);
  g_assert_cmpstr (detail, ==, "2 × Mug · Refunded");
  amount = reg_timeline_event_dup_amount_text (event);
  g_assert_nonnull (strstr (amount, "50.00"));
  g_clear_object (&event);

  /* A new note shows up at the top without asking. */
  changes = 0;
  reg_store_add_note (f->store, anna, REG_NOTE_KIND_COMPLAINT, "Late delivery", 0, NULL);
  while (changes == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_timeline (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, 5);
  event = g_list_model_get_item (G_LIST_MODEL (timeline), 0);
  g_assert_true (reg_timeline_event_get_is_complaint (event));
  g_assert_false (reg_timeline_event_get_resolved (event));
}

static void
test_timeline_large (Fixture       *f,
                     gconstpointer  data)
{
  gint64 big = add_contact (f->store, "Big", "big@example.com");
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RegTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  RegTimelineEvent *last;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *number = g_strdup_printf ("#%u", i + 1);
      g_ptr_array_add (orders, make_order (big, number, T0 + i * 3600, REG_ORDER_STATUS_PAID, "EUR", 1000));
    }
  _reg_store_write_orders (f->store, orders, &error);
  g_assert_no_error (error);

  timeline = reg_timeline_new (f->store, big);
  wait_for_timeline (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, 5000);

  last = g_list_model_get_item (G_LIST_MODEL (timeline), 4999);
  g_assert_cmpint (reg_order_get_ordered_at (reg_timeline_event_get_order (last)), ==, T0);
  g_object_unref (last);
}

static void
test_sample_shop (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(RegContact) top = NULL;
  gint64 n_orders;

  reg_store_load_sample_shop (f->store, &error);
  g_assert_no_error (error);

  n_orders = reg_store_count_orders (f->store, &error);
  g_assert_cmpint (n_orders, >, 500);

  /* The biggest buyer is a wholesale customer with a long history. */
  ids = reg_store_query_contact_ids (f->store, NULL, REG_CONTACT_SORT_ORDERS, TRUE, 1, NULL, &error);
  g_assert_no_error (error);
  top = reg_store_get_contact (f->store, g_array_index (ids, gint64, 0), &error);
  g_assert_cmpint (reg_contact_get_customer_type (top), ==, REG_CUSTOMER_TYPE_WHOLESALE);
  g_assert_cmpuint (reg_contact_get_n_orders (top), >=, 150);

  /* Loading twice adds nothing. */
  reg_store_load_sample_shop (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, n_orders);
}

typedef struct
{
  guint   n_orders;
  gint64  spent;
  char   *currency;
  gint64  first;
  gint64  last;
} Kept;

static void
keep_figures (RegStore *store,
              gint64    id,
              Kept     *kept)
{
  g_autoptr(RegContact) c = reg_store_get_contact (store, id, NULL);

  g_assert_nonnull (c);
  kept->n_orders = reg_contact_get_n_orders (c);
  kept->spent = reg_contact_get_total_spent (c);
  kept->currency = g_strdup (reg_contact_get_spent_currency (c));
  kept->first = reg_contact_get_first_order_at (c);
  kept->last = reg_contact_get_last_order_at (c);
}

/* Bulk writers refresh many customers' figures in one pass over the
 * orders; it must agree with the refresh of one customer at a time. */
static void
test_bulk_figures (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const currencies[] = { "EUR", "CHF", "USD" };
  static const RegOrderStatus statuses[] = {
    REG_ORDER_STATUS_PAID, REG_ORDER_STATUS_REFUNDED, REG_ORDER_STATUS_PAID,
    REG_ORDER_STATUS_CANCELLED, REG_ORDER_STATUS_PARTIALLY_REFUNDED, REG_ORDER_STATUS_PENDING,
  };
  g_autoptr(GError) error = NULL;
  gint64 ids[40];
  Kept before[G_N_ELEMENTS (ids)];
  guint n = 0;
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *email = g_strdup_printf ("c%u@example.com", i);

      ids[i] = add_contact (f->store, "Bulk", email);
      /* Customer 0 has no orders; the others a mix of currencies and states. */
      for (guint k = 0; i > 0 && k < i % 7; k++, n++)
        {
          g_autofree char *number = g_strdup_printf ("B%u", n);
          g_autoptr(RegOrder) o = make_order (ids[i], number, T0 + n * DAY, statuses[(i + k) % 6],
                                              currencies[(i * k) % 3 == 0 ? 0 : (i + k) % 3],
                                              1000 + 10 * n);

          if (k == 1)
            reg_order_set_refunded (o, 300);
          save (f->store, o);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    keep_figures (f->store, ids[i], &before[i]);
  g_assert_cmpuint (before[0].n_orders, ==, 0);

  /* Spoil the figures, then refresh everyone in one go. */
  db = _reg_store_lock_writer (f->store);
  g_assert_true (_reg_store_begin (f->store, db, &error));
  g_assert_true (_reg_store_exec (f->store, db,
                                  "UPDATE contacts SET n_orders = 99, total_spent = -1, spent_currency = 'XXX',"
                                  " first_order_at = 1, last_order_at = 2;"
                                  "CREATE TEMP TABLE IF NOT EXISTS touched_contacts (id INTEGER PRIMARY KEY);"
                                  "INSERT OR IGNORE INTO temp.touched_contacts SELECT id FROM contacts;",
                                  &error));
  g_assert_true (_reg_store_refresh_touched_figures (f->store, db, 0, &error));
  g_assert_true (_reg_store_commit (f->store, db, &error));
  _reg_store_unlock_writer (f->store);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      Kept after;

      keep_figures (f->store, ids[i], &after);
      g_assert_cmpuint (after.n_orders, ==, before[i].n_orders);
      g_assert_cmpint (after.spent, ==, before[i].spent);
      g_assert_cmpstr (after.currency, ==, before[i].currency);
      g_assert_cmpint (after.first, ==, before[i].first);
      g_assert_cmpint (after.last, ==, before[i].last);
      g_free (after.currency);
      g_free (before[i].currency);
    }
}

static void
fold_func (sqlite3_context *ctx,
           int              argc,
           sqlite3_value  **argv)
{
  sqlite3_result_value (ctx, argv[0]);
}

/* A file from the first version keeps its customers and gains orders. */
static void
test_migrate_from_1 (void)
{
  g_autofree char *dir = reg_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(RegStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(RegContact) contact = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_create_function (db, "regulars_fold", 1, SQLITE_UTF8, NULL, fold_func, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (db, _reg_store_migration_sql (0), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA user_version = 1;"
                                 "INSERT INTO contacts (given_name, family_name, email, email_norm, created_at,"
                                 " updated_at, sort_name, sort_email, sort_city)"
                                 " VALUES ('Old', 'Timer', 'old@example.com', 'old@example.com', 1, 1, 'old timer',"
                                 " 'old@example.com', '');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = reg_store_open (path, &error);
  g_assert_no_error (error);
  ids = reg_store_query_contact_ids (store, "old", REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  contact = reg_store_get_contact (store, g_array_index (ids, gint64, 0), &error);
  g_assert_cmpstr (reg_contact_get_given_name (contact), ==, "Old");
  g_assert_cmpuint (reg_contact_get_n_orders (contact), ==, 0);
  g_assert_cmpint (reg_store_count_orders (store, &error), ==, 0);

  g_clear_object (&store);
  reg_test_remove_tmp_dir (dir);
}

static void
test_manual_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RegContact) contact = reg_test_contact_new ("Anna", "", "anna@example.com");
  g_autoptr(RegContact) again = NULL;
  g_autoptr(GError) error = NULL;

  reg_store_save_contact (f->store, contact, &error);
  g_assert_no_error (error);
  again = reg_store_get_contact (f->store, reg_contact_get_id (contact), &error);
  g_assert_cmpint (reg_contact_get_manual_fields (again),
                   ==, REG_CONTACT_FIELD_GIVEN_NAME | REG_CONTACT_FIELD_EMAIL);
  g_clear_object (&again);

  reg_contact_set_city (contact, "Köln");
  reg_store_save_contact (f->store, contact, &error);
  again = reg_store_get_contact (f->store, reg_contact_get_id (contact), &error);
  g_assert_cmpint (reg_contact_get_manual_fields (again),
                   ==, REG_CONTACT_FIELD_GIVEN_NAME | REG_CONTACT_FIELD_EMAIL | REG_CONTACT_FIELD_CITY);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figures/compute", test_figures_pure);
  g_test_add_func ("/orders/status-strings", test_status_strings);
  g_test_add_func ("/store/migrate-from-1", test_migrate_from_1);
  g_test_add ("/orders/save-and-figures", Fixture, NULL, fixture_set_up, test_save_and_figures, fixture_tear_down);
  g_test_add ("/orders/bulk-figures", Fixture, NULL, fixture_set_up, test_bulk_figures, fixture_tear_down);
  g_test_add ("/orders/remote-id-updates", Fixture, NULL, fixture_set_up, test_remote_id_updates, fixture_tear_down);
  g_test_add ("/orders/refused", Fixture, NULL, fixture_set_up, test_bad_orders, fixture_tear_down);
  g_test_add ("/notes/add-resolve", Fixture, NULL, fixture_set_up, test_notes, fixture_tear_down);
  g_test_add ("/timeline/order", Fixture, NULL, fixture_set_up, test_timeline, fixture_tear_down);
  g_test_add ("/timeline/5000-orders", Fixture, NULL, fixture_set_up, test_timeline_large, fixture_tear_down);
  g_test_add ("/sample/orders", Fixture, NULL, fixture_set_up, test_sample_shop, fixture_tear_down);
  g_test_add ("/contacts/manual-fields", Fixture, NULL, fixture_set_up, test_manual_fields, fixture_tear_down);

  return g_test_run ();
}
