/* test-pane.c: the customer pane's History page on a virtual display
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reg-contact-pane.h"
#include "reg-history-view.h"
#include "reg-purchase-dialog.h"
#include "reg-test-gui.h"
#include "reg-test-util.h"
#include "reg-timeline.h"
#include "reg-window.h"

#define DAY (24 * 60 * 60)

/* Pure: the figures' text */

static RegHistoryFigure *
find_figure (GPtrArray  *figures,
             const char *label)
{
  for (guint i = 0; i < figures->len; i++)
    {
      RegHistoryFigure *figure = g_ptr_array_index (figures, i);

      if (g_strcmp0 (figure->label, label) == 0)
        return figure;
    }

  return NULL;
}

static void
compute (RegFigures            *out,
         gint64                 now,
         const RegFiguresOrder *orders,
         guint                  n_orders)
{
  reg_figures_compute (orders, n_orders, now, out);
}

static void
test_figures_none (void)
{
  RegFigures figures;
  g_autoptr(GPtrArray) texts = NULL;

  compute (&figures, 1700000000, NULL, 0);
  texts = reg_history_view_format_figures (&figures, 1700000000);
  g_assert_cmpuint (texts->len, ==, 0);
  g_assert_null (reg_history_view_format_other_currencies (&figures));
}

static void
test_figures_one_order (void)
{
  gint64 now = 1700000000;
  const RegFiguresOrder orders[] = {
    { now - 12 * DAY, 5000, "EUR", TRUE },
  };
  RegFigures figures;
  g_autoptr(GPtrArray) texts = NULL;
  RegHistoryFigure *figure;

  compute (&figures, now, orders, G_N_ELEMENTS (orders));
  texts = reg_history_view_format_figures (&figures, now);

  figure = find_figure (texts, "Total spent");
  g_assert_nonnull (figure);
  g_assert_nonnull (strstr (figure->value, "50.00"));
  g_assert_cmpstr (find_figure (texts, "Orders")->value, ==, "1");

  figure = find_figure (texts, "Last order");
  g_assert_cmpstr (figure->value, ==, "2 Nov 2023");
  g_assert_cmpstr (figure->detail, ==, "12 days ago");

  /* One order says nothing about averages, gaps or what comes next. */
  g_assert_null (find_figure (texts, "Average order"));
  g_assert_null (find_figure (texts, "First order"));
  g_assert_null (find_figure (texts, "Time between orders"));
  g_assert_null (find_figure (texts, "Next order expected"));
  g_assert_cmpuint (texts->len, ==, 3);
}

static void
test_figures_repeat_buyer (void)
{
  gint64 now = 1700000000;  /* 14 November 2023, 22:13 UTC */
  const RegFiguresOrder orders[] = {
    { now - 70 * DAY, 2000, "EUR", TRUE },
    { now - 40 * DAY, 3000, "EUR", TRUE },
    { now - 10 * DAY, 1000, "EUR", TRUE },
    { now - 20 * DAY, 9900, "USD", TRUE },
  };
  RegFigures figures;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *other = NULL;
  RegHistoryFigure *figure;

  compute (&figures, now, orders, G_N_ELEMENTS (orders));
  texts = reg_history_view_format_figures (&figures, now);

  g_assert_nonnull (strstr (find_figure (texts, "Total spent")->value, "60.00"));
  g_assert_cmpstr (find_figure (texts, "Orders")->value, ==, "4");
  g_assert_nonnull (strstr (find_figure (texts, "Average order")->value, "20.00"));
  g_assert_cmpstr (find_figure (texts, "First order")->value, ==, "5 Sep 2023");
  g_assert_cmpstr (find_figure (texts, "Last order")->detail, ==, "10 days ago");

  figure = find_figure (texts, "Time between orders");
  g_assert_cmpstr (figure->value, ==, "20 days");
  g_assert_cmpstr (figure->detail, ==, "on average");

  /* Gaps of 30, 20 and 10 days: the median, 20, after the last order. */
  figure = find_figure (texts, "Next order expected");
  g_assert_nonnull (figure);
  g_assert_cmpstr (figure->value, ==, "24 Nov 2023");
  g_assert_cmpstr (figure->detail, ==, "in 10 days");

  other = reg_history_view_format_other_currencies (&figures);
  g_assert_cmpstr (other, ==, "1 order in another currency is left out of the total and the average.");
}

static void
test_figures_lapsed (void)
{
  gint64 now = 1700000000;
  const RegFiguresOrder overdue[] = {
    { now - 45 * DAY, 1000, "EUR", TRUE },
    { now - 35 * DAY, 1000, "EUR", TRUE },
  };
  const RegFiguresOrder lapsed[] = {
    { now - 400 * DAY, 1000, "EUR", TRUE },
    { now - 390 * DAY, 1000, "EUR", TRUE },
  };
  const RegFiguresOrder same_day[] = {
    { now - 3 * DAY, 1000, "EUR", TRUE },
    { now - 3 * DAY + 60, 1000, "EUR", TRUE },
  };
  RegFigures figures;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;

  /* A little late is worth knowing... */
  compute (&figures, now - 20 * DAY, overdue, G_N_ELEMENTS (overdue));
  a = reg_history_view_format_figures (&figures, now - 20 * DAY);
  g_assert_cmpstr (find_figure (a, "Next order expected")->detail, ==, "5 days overdue");

  /* ...a year late means they stopped; no date is better than an old one. */
  compute (&figures, now, lapsed, G_N_ELEMENTS (lapsed));
  b = reg_history_view_format_figures (&figures, now);
  g_assert_null (find_figure (b, "Next order expected"));
  g_assert_cmpstr (find_figure (b, "Last order")->detail, ==, "390 days ago");

  /* Two orders on one day predict nothing. */
  compute (&figures, now, same_day, G_N_ELEMENTS (same_day));
  c = reg_history_view_format_figures (&figures, now);
  g_assert_null (find_figure (c, "Next order expected"));
  g_assert_cmpstr (find_figure (c, "Time between orders")->value, ==, "less than a day");
}

static void
test_figures_days (void)
{
  const struct { int days; const char *ago; const char *until; } cases[] = {
    { 0, "today", "today" },
    { 1, "yesterday", "tomorrow" },
    { 2, "2 days ago", "in 2 days" },
    { 12, "12 days ago", "in 12 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ago = reg_history_view_format_days_ago (cases[i].days);
      g_autofree char *until = reg_history_view_format_days_until (cases[i].days);

      g_assert_cmpstr (ago, ==, cases[i].ago);
      g_assert_cmpstr (until, ==, cases[i].until);
    }

  {
    g_autofree char *one = reg_history_view_format_days_until (-1);
    g_autofree char *three = reg_history_view_format_days_until (-3);

    g_assert_cmpstr (one, ==, "1 day overdue");
    g_assert_cmpstr (three, ==, "3 days overdue");
  }
}

/* Pure: what the purchase dialog makes of what was typed */

static void
test_purchase_check (void)
{
  gint64 now = 1700000000;
  RegPurchaseCheck check;

  /* Nothing typed yet: wait, but point at nothing. */
  reg_purchase_dialog_check ("", 1, "EUR", now, now, &check);
  g_assert_false (check.can_add);
  g_assert_false (check.price_error);
  g_assert_null (check.message);
  reg_purchase_check_clear (&check);

  reg_purchase_dialog_check (" 12,50 ", 3, "EUR", now, now, &check);
  g_assert_true (check.can_add);
  g_assert_cmpint (check.price, ==, 1250);
  g_assert_cmpint (check.total, ==, 3750);
  reg_purchase_check_clear (&check);

  reg_purchase_dialog_check ("0", 1, "EUR", now, now, &check);
  g_assert_true (check.can_add);
  g_assert_cmpint (check.total, ==, 0);
  reg_purchase_check_clear (&check);

  reg_purchase_dialog_check ("1200", 2, "JPY", now, now, &check);
  g_assert_true (check.can_add);
  g_assert_cmpint (check.total, ==, 2400);
  reg_purchase_check_clear (&check);

  {
    const char *bad[] = { "abc", "-3", "12.3456", "5 apples", "90071992547409.93" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        reg_purchase_dialog_check (bad[i], 1, "EUR", now, now, &check);
        g_assert_false (check.can_add);
        g_assert_true (check.price_error);
        g_assert_nonnull (check.message);
        reg_purchase_check_clear (&check);
      }
  }

  /* Fine alone, too much once multiplied. */
  reg_purchase_dialog_check ("9000000000000", 9999, "EUR", now, now, &check);
  g_assert_false (check.can_add);
  g_assert_true (check.price_error);
  reg_purchase_check_clear (&check);

  /* A sale tomorrow has not happened. */
  reg_purchase_dialog_check ("5", 1, "EUR", now + DAY, now, &check);
  g_assert_false (check.can_add);
  g_assert_false (check.price_error);
  g_assert_nonnull (check.message);
  reg_purchase_check_clear (&check);
}

static void
test_purchase_ordered_at (void)
{
  gint64 now = 1700000000;  /* 14 November 2023, 22:13 UTC */
  g_autoptr(GDateTime) today = g_date_time_new_local (2023, 11, 14, 0, 0, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_local (2023, 11, 2, 0, 0, 0);
  g_autoptr(GDateTime) noon = g_date_time_new_local (2023, 11, 2, 12, 0, 0);

  g_assert_cmpint (reg_purchase_dialog_ordered_at (today, now), ==, now);
  g_assert_cmpint (reg_purchase_dialog_ordered_at (earlier, now), ==, g_date_time_to_unix (noon));
}

/* The real window */

typedef struct
{
  char      *dir;
  RegStore  *store;
  RegWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 5);
  f->window = reg_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  reg_test_iterate (50);
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

/* The check box of the complaint on screen. */
static GtkWidget *
find_resolved_check (GtkWidget *widget)
{
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), "Resolved") == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_resolved_check (child);
      if (found)
        return found;
    }

  return NULL;
}

/* Whether @widget has a keyboard shortcut @trigger that runs @action. */
static gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *t = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *a = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          if (strstr (t, trigger) != NULL && g_strcmp0 (a, action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static RegContactPane *
pane_of (Fixture *f)
{
  return REG_CONTACT_PANE (reg_test_find_widget (GTK_WIDGET (f->window), REG_TYPE_CONTACT_PANE));
}

static RegHistoryView *
history_of (Fixture *f)
{
  return reg_contact_pane_get_history_view (pane_of (f));
}

static gboolean
timeline_has (gconstpointer data)
{
  const struct { RegHistoryView *view; guint n; } *want = data;
  GListModel *timeline = reg_history_view_get_timeline (want->view);

  return timeline != NULL &&
         !reg_timeline_get_loading (REG_TIMELINE (timeline)) &&
         g_list_model_get_n_items (timeline) == want->n;
}

static void
wait_for_n_events (RegHistoryView *view,
                   guint           n)
{
  struct { RegHistoryView *view; guint n; } want = { view, n };
  g_autofree char *what = g_strdup_printf ("the history lists %u entries", n);

  reg_test_wait_until (timeline_has, &want, what);
  /* Let the list view make its rows. */
  reg_test_iterate (50);
}

static char *
title_at (RegHistoryView *view,
          guint           position)
{
  g_autoptr(RegTimelineEvent) event = g_list_model_get_item (reg_history_view_get_timeline (view), position);

  return reg_timeline_event_dup_title (event);
}

static char *
detail_at (RegHistoryView *view,
           guint           position)
{
  g_autoptr(RegTimelineEvent) event = g_list_model_get_item (reg_history_view_get_timeline (view), position);

  return reg_timeline_event_dup_detail (event);
}

static gint64
first_contact_id (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = reg_store_query_contact_ids (f->store, NULL, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  return g_array_index (ids, gint64, 0);
}

static void
add_order (Fixture    *f,
           gint64      contact_id,
           const char *number,
           gint64      ordered_at,
           gint64      total,
           const char *item)
{
  g_autoptr(RegOrder) order = reg_order_new ();
  g_autoptr(GError) error = NULL;

  reg_order_set_contact_id (order, contact_id);
  reg_order_set_number (order, number);
  reg_order_set_ordered_at (order, ordered_at);
  reg_order_set_status (order, REG_ORDER_STATUS_PAID);
  reg_order_set_currency (order, "EUR");
  reg_order_set_total (order, total);
  reg_order_set_origin (order, REG_ORIGIN_WOOCOMMERCE);
  reg_order_add_item (order, item, NULL, 1, total);
  reg_store_save_order (f->store, order, &error);
  g_assert_no_error (error);
}

static void
show_history (Fixture *f,
              gint64   contact_id)
{
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), contact_id);
  g_assert_cmpint (reg_contact_pane_get_contact_id (pane_of (f)), ==, contact_id);
  reg_contact_pane_set_page (pane_of (f), "history");
  g_assert_cmpstr (reg_contact_pane_get_page (pane_of (f)), ==, "history");
  reg_test_iterate (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (history_of (f))));
}

static RegNote *
dup_note (Fixture *f,
          gint64   note_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = reg_store_get_notes (f->store, &note_id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  return g_steal_pointer (&g_ptr_array_index (notes, 0));
}

static gboolean
note_resolved (gconstpointer data)
{
  const struct { Fixture *f; gint64 id; } *want = data;
  g_autoptr(RegNote) note = dup_note (want->f, want->id);

  return note->resolved_at > 0;
}

static gboolean
widget_gone (gconstpointer data)
{
  return *(GtkWidget * const *)data == NULL;
}

static gboolean
shows (gconstpointer data)
{
  const struct { GtkWidget *widget; const char *text; } *want = data;

  return reg_test_shows_text (want->widget, want->text);
}

static void
wait_for_text (GtkWidget  *widget,
               const char *text)
{
  struct { GtkWidget *widget; const char *text; } want = { widget, text };
  g_autofree char *what = g_strdup_printf ("“%s” is shown", text);

  reg_test_wait_until (shows, &want, what);
}

static RegPurchaseDialog *
find_purchase_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (REG_IS_PURCHASE_DIALOG (window))
        return REG_PURCHASE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (gconstpointer data)
{
  RegPurchaseDialog *dialog = find_purchase_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static void
collect_by_tooltip (GtkWidget  *widget,
                    const char *tooltip,
                    GPtrArray  *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_by_tooltip (child, tooltip, found);
}

static gboolean
undo_offered (gconstpointer data)
{
  const Fixture *f = data;
  GtkWidget *undo = reg_test_find_button (GTK_WIDGET (f->window), "Undo");

  return undo != NULL && gtk_widget_get_mapped (undo);
}

static gboolean
shows_group (gconstpointer data)
{
  return reg_test_shows_text (GTK_WIDGET (data), "Customer group");
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id = first_contact_id (f);
  gint64 complaint_id;
  RegHistoryView *view;
  GtkWidget *note_button;
  GtkPopover *popover;
  GtkWidget *check;
  GtkTextView *text_view;
  RegFigures figures;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  /* Two shop orders, 40 and 12 days ago, a note and an open complaint. */
  add_order (f, id, "#1001", now - 40 * DAY, 2000, "Blue mug");
  add_order (f, id, "#1002", now - 12 * DAY, 3000, "Teapot");
  g_assert_cmpint (reg_store_add_note (f->store, id, REG_NOTE_KIND_NOTE, "Prefers pickup", now - 20 * DAY, &error), >, 0);
  complaint_id = reg_store_add_note (f->store, id, REG_NOTE_KIND_COMPLAINT, "Lid was chipped", now - 5 * DAY, &error);
  g_assert_no_error (error);
  reg_test_iterate (50);

  show_history (f, id);
  view = history_of (f);
  wait_for_n_events (view, 4);

  /* The figures, as the owner reads them. */
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Total spent"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "50.00"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Average order"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "25.00"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "12 days ago"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "28 days"));
  g_assert_false (reg_test_shows_text (GTK_WIDGET (view), "left out"));
  g_assert_false (reg_test_shows_text (GTK_WIDGET (view), "No Purchases Yet"));

  /* Once the window has worked out the scores (in the background, soon
   * after a change), the customer's group and value are there too; the
   * only customer with orders is a champion. */
  reg_test_wait_until (shows_group, view, "the customer's group is shown");
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Champions"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Revenue class"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Predicted value"));

  /* The list, newest first. */
  title = title_at (view, 0);
  g_assert_cmpstr (title, ==, "Complaint");
  g_clear_pointer (&title, g_free);
  title = title_at (view, 1);
  g_assert_cmpstr (title, ==, "Order #1002");
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Order #1002"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Order #1001"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Lid was chipped"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Prefers pickup"));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "Teapot"));

  /* Add a call through the popover. */
  note_button = reg_test_find_widget (GTK_WIDGET (view), GTK_TYPE_MENU_BUTTON);
  g_assert_true (gtk_widget_is_sensitive (note_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (note_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (note_button));
  reg_test_iterate (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  text_view = GTK_TEXT_VIEW (reg_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_TEXT_VIEW));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (text_view)));
  g_assert_true (has_shortcut (GTK_WIDGET (popover), "<Control>Return", "action(history.add-note)"));
  /* Nothing written, nothing to add. */
  g_assert_false (gtk_widget_is_sensitive (reg_test_find_button (GTK_WIDGET (popover), "_Add")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (reg_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_DROP_DOWN)),
                              REG_NOTE_KIND_CALL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "Asked about the green mug\n", -1);
  g_assert_true (gtk_widget_is_sensitive (reg_test_find_button (GTK_WIDGET (popover), "_Add")));
  gtk_widget_activate (reg_test_find_button (GTK_WIDGET (popover), "_Add"));

  wait_for_n_events (view, 5);
  g_clear_pointer (&title, g_free);
  title = title_at (view, 0);
  detail = detail_at (view, 0);
  g_assert_cmpstr (title, ==, "Call");
  g_assert_cmpstr (detail, ==, "Asked about the green mug");
  wait_for_text (GTK_WIDGET (view), "Asked about the green mug");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpint (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (text_view)), ==, 0);

  /* It is in the database. */
  {
    g_autoptr(GArray) refs = reg_store_query_timeline (f->store, id, NULL, &error);
    g_autoptr(RegNote) note = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (refs->len, ==, 5);
    g_assert_cmpint (g_array_index (refs, RegTimelineRef, 0).kind, ==, REG_TIMELINE_NOTE);
    note = dup_note (f, g_array_index (refs, RegTimelineRef, 0).id);
    g_assert_cmpint (note->kind, ==, REG_NOTE_KIND_CALL);
    g_assert_cmpstr (note->body, ==, "Asked about the green mug");
    g_assert_cmpint (note->contact_id, ==, id);
  }

  /* Mark the complaint resolved. */
  check = find_resolved_check (GTK_WIDGET (view));
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  {
    struct { Fixture *f; gint64 id; } want = { f, complaint_id };
    reg_test_wait_until (note_resolved, &want, "the complaint is resolved in the database");
  }
  wait_for_text (GTK_WIDGET (view), "Complaint (resolved)");
  g_clear_pointer (&title, g_free);
  title = title_at (view, 1);
  g_assert_cmpstr (title, ==, "Complaint (resolved)");
  /* Only one complaint, and it stays ticked. */
  check = find_resolved_check (GTK_WIDGET (view));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* Add a purchase at the market stall. */
  {
    RegPurchaseDialog *dialog;
    GtkWidget *price_row;
    GtkWidget *add;
    GtkWidget *currency_row;
    g_autoptr(RegTimelineEvent) event = NULL;
    RegOrder *order;
    const RegOrderItem *item;

    g_assert_null (find_purchase_dialog ());
    gtk_widget_activate (reg_test_find_by_action (GTK_WIDGET (view), "history.add-purchase"));
    reg_test_wait_until (dialog_shown, NULL, "the purchase dialog opens");
    dialog = find_purchase_dialog ();
    g_assert_nonnull (dialog);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
    reg_test_iterate (50);

    price_row = reg_test_find_row (GTK_WIDGET (dialog), "_Price each");
    add = reg_test_find_button (GTK_WIDGET (dialog), "_Add");
    currency_row = reg_test_find_row (GTK_WIDGET (dialog), "C_urrency");
    g_assert_nonnull (price_row);
    g_assert_nonnull (add);

    /* The customer pays in euros, so the dialog does too. */
    g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (currency_row))),
                     ==, "EUR");

    /* No price yet: Add waits, but nothing is marked wrong. */
    g_assert_false (gtk_widget_is_sensitive (add));
    g_assert_false (gtk_widget_has_css_class (price_row, "error"));

    gtk_editable_set_text (GTK_EDITABLE (reg_test_find_row (GTK_WIDGET (dialog), "_What was bought")), "Jam jar");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (reg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON)), 3);

    /* A bad price keeps Add insensitive and says why. */
    gtk_editable_set_text (GTK_EDITABLE (price_row), "four fifty");
    g_assert_false (gtk_widget_is_sensitive (add));
    g_assert_true (gtk_widget_has_css_class (price_row, "error"));
    g_assert_true (reg_test_shows_text (GTK_WIDGET (dialog), "is not an amount"));

    gtk_editable_set_text (GTK_EDITABLE (price_row), "4.50");
    g_assert_true (gtk_widget_is_sensitive (add));
    g_assert_false (gtk_widget_has_css_class (price_row, "error"));
    g_assert_true (reg_test_shows_text (GTK_WIDGET (dialog), "13.50"));
    g_assert_false (reg_test_shows_text (GTK_WIDGET (dialog), "is not an amount"));

    gtk_widget_activate (add);
    reg_test_wait_until (widget_gone, &dialog, "the dialog closes");

    wait_for_n_events (view, 6);
    wait_for_text (GTK_WIDGET (view), "63.50");
    g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "3 × Jam jar"));
    g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "today"));

    /* At the top, give or take the call made in the same second. */
    for (guint i = 0; i < 2 && event == NULL; i++)
      {
        g_autoptr(RegTimelineEvent) candidate = g_list_model_get_item (reg_history_view_get_timeline (view), i);

        if (reg_timeline_event_get_kind (candidate) == REG_TIMELINE_ORDER)
          event = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (event);
    g_clear_pointer (&title, g_free);
    title = reg_timeline_event_dup_title (event);
    g_assert_cmpstr (title, ==, "Purchase added by hand");

    /* And what was saved. */
    order = reg_timeline_event_get_order (event);
    g_assert_cmpint (reg_order_get_contact_id (order), ==, id);
    g_assert_cmpint (reg_order_get_origin (order), ==, REG_ORIGIN_MANUAL);
    g_assert_cmpint (reg_order_get_status (order), ==, REG_ORDER_STATUS_PAID);
    g_assert_cmpstr (reg_order_get_currency (order), ==, "EUR");
    g_assert_cmpint (reg_order_get_total (order), ==, 1350);
    g_assert_cmpint (llabs (reg_order_get_ordered_at (order) - now), <, 60);
    g_assert_cmpuint (reg_order_get_n_items (order), ==, 1);
    item = reg_order_get_item (order, 0);
    g_assert_cmpstr (item->name, ==, "Jam jar");
    g_assert_cmpint (item->quantity, ==, 3);
    g_assert_cmpint (item->price, ==, 450);
  }

  g_assert_true (reg_store_get_contact_figures (f->store, id, now, &figures, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (figures.n_orders, ==, 3);
  g_assert_cmpint (figures.total_spent, ==, 6350);
  g_assert_cmpint (figures.days_since_last, ==, 0);
  g_assert_cmpuint (reg_history_view_get_figures (view)->n_orders, ==, 3);

  /* Added by mistake: only that purchase can be removed, and put back. */
  {
    g_autoptr(GPtrArray) removers = g_ptr_array_new ();
    GtkWidget *undo;

    collect_by_tooltip (GTK_WIDGET (view), "Remove Purchase", removers);
    g_assert_cmpuint (removers->len, ==, 1);
    gtk_widget_activate (g_ptr_array_index (removers, 0));

    wait_for_n_events (view, 5);
    g_assert_false (reg_test_shows_text (GTK_WIDGET (view), "3 × Jam jar"));
    g_assert_true (reg_store_get_contact_figures (f->store, id, now, &figures, &error));
    g_assert_cmpuint (figures.n_orders, ==, 2);
    g_assert_cmpint (figures.total_spent, ==, 5000);

    reg_test_wait_until (undo_offered, f, "the Undo button shows");
    undo = reg_test_find_button (GTK_WIDGET (f->window), "Undo");
    gtk_widget_activate (undo);
    wait_for_n_events (view, 6);
    wait_for_text (GTK_WIDGET (view), "3 × Jam jar");
    g_assert_true (reg_store_get_contact_figures (f->store, id, now, &figures, &error));
    g_assert_cmpuint (figures.n_orders, ==, 3);
    g_assert_cmpint (figures.total_spent, ==, 6350);
  }
}

static void
test_empty_and_failed_purchase (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = first_contact_id (f);
  RegHistoryView *view;
  RegPurchaseDialog *dialog;
  GtkWidget *add;

  show_history (f, id);
  view = history_of (f);
  wait_for_n_events (view, 0);

  /* Nothing yet: a message and the two ways to add something. */
  g_assert_true (reg_test_shows_text (GTK_WIDGET (view), "No Purchases Yet"));
  g_assert_false (reg_test_shows_text (GTK_WIDGET (view), "Total spent"));
  g_assert_true (gtk_widget_get_mapped (reg_test_find_by_action (GTK_WIDGET (view), "history.add-purchase")));
  g_assert_true (gtk_widget_get_mapped (reg_test_find_widget (GTK_WIDGET (view), GTK_TYPE_MENU_BUTTON)));

  /* A customer without orders gets the currency chosen in the settings
   * (this test runs in a US locale, whose dollars it would be else). */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "default-currency", "EUR");
  }
  gtk_widget_activate (reg_test_find_by_action (GTK_WIDGET (view), "history.add-purchase"));
  reg_test_wait_until (dialog_shown, NULL, "the purchase dialog opens");
  dialog = find_purchase_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (reg_test_find_row (GTK_WIDGET (dialog), "C_urrency")))),
                   ==, "EUR");

  gtk_editable_set_text (GTK_EDITABLE (reg_test_find_row (GTK_WIDGET (dialog), "_What was bought")), "Scarf");
  gtk_editable_set_text (GTK_EDITABLE (reg_test_find_row (GTK_WIDGET (dialog), "_Price each")), "25");
  add = reg_test_find_button (GTK_WIDGET (dialog), "_Add");
  g_assert_true (gtk_widget_is_sensitive (add));

  /* The customer goes meanwhile (from another window, say): the dialog
   * says so and keeps what was typed. */
  g_assert_true (reg_store_trash_contact (f->store, id, &error));
  g_assert_true (reg_store_purge_contact (f->store, id, &error));
  g_assert_no_error (error);
  gtk_widget_activate (add);
  wait_for_text (GTK_WIDGET (dialog), "could not be saved");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reg_test_find_row (GTK_WIDGET (dialog), "_What was bought"))), ==, "Scarf");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reg_test_find_row (GTK_WIDGET (dialog), "_Price each"))), ==, "25");
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 0);

  gtk_window_close (GTK_WINDOW (dialog));
  reg_test_wait_until (widget_gone, &dialog, "the dialog closes");
}

static void
test_details_unchanged (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id = first_contact_id (f);
  RegContactPane *pane;

  /* The details stay the first page, and New Customer goes back to them. */
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), id);
  pane = pane_of (f);
  g_assert_cmpstr (reg_contact_pane_get_page (pane), ==, "details");
  g_assert_nonnull (reg_test_find_row (GTK_WIDGET (pane), "Given name"));

  /* The History page is read only once it is shown. */
  reg_test_iterate (50);
  g_assert_null (reg_history_view_get_timeline (reg_contact_pane_get_history_view (pane)));

  reg_contact_pane_set_page (pane, "history");
  reg_test_iterate (50);
  g_assert_nonnull (reg_history_view_get_timeline (reg_contact_pane_get_history_view (pane)));

  reg_contact_pane_focus_first (pane);
  g_assert_cmpstr (reg_contact_pane_get_page (pane), ==, "details");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/pane/figures/none", test_figures_none);
  g_test_add_func ("/pane/figures/one-order", test_figures_one_order);
  g_test_add_func ("/pane/figures/repeat-buyer", test_figures_repeat_buyer);
  g_test_add_func ("/pane/figures/lapsed", test_figures_lapsed);
  g_test_add_func ("/pane/figures/days", test_figures_days);
  g_test_add_func ("/pane/purchase/check", test_purchase_check);
  g_test_add_func ("/pane/purchase/ordered-at", test_purchase_ordered_at);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/pane/history/shows-and-adds", test_history);
  ADD ("/pane/history/empty-and-failed-purchase", test_empty_and_failed_purchase);
  ADD ("/pane/details-unchanged", test_details_unchanged);

  return g_test_run ();
}
