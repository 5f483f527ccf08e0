/* test-segments-window.c: the segments sidebar and the segment editor in a
 * real window, over the sample shop
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reg-analysis.h"
#include "reg-contact-pane.h"
#include "reg-lists.h"
#include "reg-segment-dialog.h"
#include "reg-segment-sidebar.h"
#include "reg-test-gui.h"
#include "reg-test-util.h"
#include "reg-window.h"

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
  g_autoptr(GError) error = NULL;

  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
  g_assert_true (reg_store_load_sample_shop (f->store, &error));
  g_assert_true (reg_store_compute_scores (f->store, g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  reg_test_iterate (20);

  f->window = reg_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 800);
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

static RegSegmentSidebar *
sidebar_of (Fixture *f)
{
  return REG_SEGMENT_SIDEBAR (gtk_widget_get_template_child (GTK_WIDGET (f->window), REG_TYPE_WINDOW, "sidebar"));
}

static gint64
count_of (Fixture    *f,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (json, &error);
  gint64 n;

  g_assert_no_error (error);
  n = reg_segment_count (f->store, rule, g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);

  return n;
}

typedef struct
{
  Fixture    *f;
  const char *name;
  gint64      count;
} Expect;

static gboolean
sidebar_counted (gconstpointer data)
{
  const Expect *e = data;

  return reg_segment_sidebar_get_count (sidebar_of (e->f), e->name) == e->count;
}

static gboolean
list_has (gconstpointer data)
{
  const Expect *e = data;
  RegContactList *list = reg_window_get_contact_list (e->f->window);

  return !reg_contact_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) == (guint)e->count;
}

static void
test_sidebar (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) builtin = reg_segments_get_builtin ();
  RegSegment *champions = g_ptr_array_index (builtin, REG_RFM_CHAMPIONS - 1);
  Expect all = { f, "All Customers", reg_store_count_contacts (f->store, NULL) };
  Expect best = { f, "Champions", count_of (f, champions->rule) };

  g_assert_cmpstr (champions->name, ==, "Champions");
  g_assert_cmpint (best.count, >, 0);
  g_assert_cmpint (best.count, <, all.count);

  /* Every customer, and each group, counted. */
  reg_test_wait_until (sidebar_counted, &all, "everyone is counted");
  reg_test_wait_until (sidebar_counted, &best, "the champions are counted");

  /* Choosing the group lists its customers only, with what it means. */
  g_assert_true (reg_segment_sidebar_select (sidebar_of (f), "Champions"));
  reg_test_wait_until (list_has, &best, "the list shows the champions");
  g_assert_true (reg_test_shows_text (GTK_WIDGET (f->window), "Bought recently, buy often"));
  g_assert_cmpstr (reg_window_get_visible_page (f->window), ==, "list");

  /* Opened again, Regulars comes back to the champions. */
  {
    Fixture other = { NULL, f->store, reg_window_new (NULL, f->store) };
    RegWindow *again = other.window;
    Expect best_again = { &other, "Champions", best.count };

    gtk_window_present (GTK_WINDOW (again));
    reg_test_wait_until (list_has, &best_again, "the new window shows the champions");
    gtk_window_destroy (GTK_WINDOW (again));
    reg_test_iterate (50);
  }

  /* Search works inside it. */
  {
    RegContactList *list = reg_window_get_contact_list (f->window);
    g_autoptr(RegContact) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    Expect found = { f, NULL, 0 };

    reg_contact_list_set_search (list, reg_contact_get_email (first));
    found.count = 1;
    reg_test_wait_until (list_has, &found, "the search finds the one champion");
    reg_contact_list_set_search (list, NULL);
  }

  g_assert_true (reg_segment_sidebar_select (sidebar_of (f), "All Customers"));
  reg_test_wait_until (list_has, &all, "the list shows everyone again");
  g_assert_false (reg_test_shows_text (GTK_WIDGET (f->window), "Bought recently, buy often"));
}

static GtkWidget *
dialog_child (RegSegmentDialog *dialog,
              const char       *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), REG_TYPE_SEGMENT_DIALOG, name));
}

static gboolean
counted (gconstpointer data)
{
  return !reg_segment_dialog_get_counting ((RegSegmentDialog *)data);
}

static gboolean
dialog_gone (gconstpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (REG_IS_SEGMENT_DIALOG (window))
        return FALSE;
    }

  return TRUE;
}

static void
test_editor (Fixture       *f,
             gconstpointer  data)
{
  RegSegmentDialog *dialog = reg_segment_dialog_new (GTK_WINDOW (f->window), f->store, NULL);
  GtkWidget *save = dialog_child (dialog, "save_button");
  GtkWidget *error_label = dialog_child (dialog, "error_label");
  gint64 berliners = count_of (f, "{\"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"}]}");
  gint64 big = count_of (f, "{\"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"},"
                            "{\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 5000, \"currency\": \"EUR\"}]}");
  Expect saved = { f, "Berliners", big };
  g_autofree char *json = NULL;

  g_assert_cmpint (berliners, >, 0);
  g_assert_cmpint (big, >, 0);
  g_assert_cmpint (big, <, berliners);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A condition not filled in yet is no error, but nothing to save. */
  reg_test_wait_until (counted, dialog, "the dialog has looked at the empty rule");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (reg_test_shows_text (GTK_WIDGET (dialog), "Fill in each condition"));
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "Berliners");
  reg_segment_dialog_set_condition (dialog, 0, REG_SEGMENT_FIELD_CITY, REG_SEGMENT_OP_IS, "Berlin", NULL);
  reg_test_wait_until (counted, dialog, "the Berliners are counted");
  g_assert_cmpint (reg_segment_dialog_get_count (dialog), ==, berliners);
  g_assert_cmpstr (reg_segment_dialog_get_summary (dialog), ==, "Customers who live in Berlin");
  g_assert_true (gtk_widget_get_sensitive (save));

  /* A wrong amount is said, and stops saving. */
  reg_segment_dialog_set_condition (dialog, 1, REG_SEGMENT_FIELD_TOTAL_SPENT, REG_SEGMENT_OP_GT, "lots", NULL);
  reg_test_wait_until (counted, dialog, "the wrong amount is looked at");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (reg_test_shows_text (error_label, "lots"));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Typing on: each newer edit replaces the count of the older one. */
  reg_segment_dialog_set_condition (dialog, 1, REG_SEGMENT_FIELD_TOTAL_SPENT, REG_SEGMENT_OP_GT, "5", NULL);
  reg_segment_dialog_set_condition (dialog, 1, REG_SEGMENT_FIELD_TOTAL_SPENT, REG_SEGMENT_OP_GT, "50", NULL);
  reg_test_wait_until (counted, dialog, "the big spenders of Berlin are counted");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpint (reg_segment_dialog_get_count (dialog), ==, big);
  json = reg_segment_dialog_dup_rule (dialog, NULL);
  g_assert_nonnull (strstr (json, "5000"));

  g_signal_emit_by_name (save, "clicked");
  reg_test_wait_until (dialog_gone, NULL, "the dialog has closed");

  /* The new segment is in the sidebar, counted, and lists its members. */
  reg_test_wait_until (sidebar_counted, &saved, "the new segment is counted");
  g_assert_true (reg_segment_sidebar_select (sidebar_of (f), "Berliners"));
  reg_test_wait_until (list_has, &saved, "the list shows the new segment");

  /* Opened again, the dialog shows the rule as saved. */
  {
    g_autoptr(GPtrArray) segments = reg_store_list_segments (f->store, NULL);
    RegSegmentDialog *again = reg_segment_dialog_new (GTK_WINDOW (f->window), f->store, segments->pdata[0]);
    g_autofree char *json_again = reg_segment_dialog_dup_rule (again, NULL);

    g_assert_cmpstr (json_again, ==, ((RegSegment *)segments->pdata[0])->rule);
    gtk_window_destroy (GTK_WINDOW (again));
  }
}

static AdwMessageDialog *
find_message_dialog_with (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
message_dialog_shown (gconstpointer data)
{
  return find_message_dialog_with (data) != NULL;
}

static gboolean
window_shows (gconstpointer data)
{
  const Expect *e = data;

  return reg_test_shows_text (GTK_WIDGET (e->f->window), e->name);
}

static gboolean
list_gone (gconstpointer data)
{
  return !window_shows (data);
}

/* Newsletter lists: a segment's customers added to one, its members
 * listed from the sidebar, and one customer's record of consent on the
 * pane, unsubscribed and subscribed again with a reason. */
static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) builtin = reg_segments_get_builtin ();
  RegSegment *champions = g_ptr_array_index (builtin, REG_RFM_CHAMPIONS - 1);
  Expect best = { f, "Champions", count_of (f, champions->rule) };
  Expect empty = { f, "Newsletter", 0 };
  Expect added = { f, "added to the list", 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RegListInfo) list = NULL;
  AdwMessageDialog *dialog;
  gint64 list_id;

  list_id = reg_store_add_list (f->store, "Newsletter", &error);
  g_assert_no_error (error);
  reg_test_wait_until (sidebar_counted, &empty, "the new list is in the sidebar");

  /* The champions, subscribed from the main menu. */
  g_assert_true (reg_segment_sidebar_select (sidebar_of (f), "Champions"));
  reg_test_wait_until (list_has, &best, "the list shows the champions");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-to-list", NULL);
  reg_test_wait_until (message_dialog_shown, "Add to Newsletter List", "the owner is asked which list");
  dialog = find_message_dialog_with ("Add to Newsletter List");
  adw_message_dialog_response (dialog, "ok");
  reg_test_wait_until (window_shows, &added, "a toast says what was added");

  list = reg_store_get_list (f->store, list_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->n_subscribed, >, 0);
  g_assert_cmpuint (list->n_subscribed, <=, (guint)best.count);

  /* The list in the sidebar shows its members. */
  {
    Expect members = { f, "Newsletter", list->n_subscribed };

    reg_test_wait_until (sidebar_counted, &members, "the list's members are counted");
    g_assert_true (reg_segment_sidebar_select (sidebar_of (f), "Newsletter"));
    reg_test_wait_until (list_has, &members, "the list shows the members");
  }

  /* A member's pane: subscribed, by hand. Unsubscribe, then subscribe
   * again, which asks why. */
  {
    RegContactList *contacts = reg_window_get_contact_list (f->window);
    gint64 id = reg_contact_list_get_id (contacts, 0);
    GtkWidget *pane = reg_test_find_widget (GTK_WIDGET (f->window), REG_TYPE_CONTACT_PANE);
    Expect subscribed = { f, "Subscribed on", 0 };
    Expect unsubscribed = { f, "Unsubscribed on", 0 };
    Expect reason = { f, "asked at the market", 0 };
    GtkWidget *entry;

    reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), id);
    reg_contact_pane_set_page (REG_CONTACT_PANE (pane), "details");
    reg_test_wait_until (window_shows, &subscribed, "the pane shows the subscription");

    g_signal_emit_by_name (reg_test_find_button (pane, "_Unsubscribe"), "clicked");
    reg_test_wait_until (window_shows, &unsubscribed, "the pane shows the unsubscription");

    g_signal_emit_by_name (reg_test_find_button (pane, "Subscribe _Again…"), "clicked");
    reg_test_wait_until (message_dialog_shown, "Subscribe Again?", "the owner is asked why");
    dialog = find_message_dialog_with ("Subscribe Again?");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
    entry = adw_message_dialog_get_extra_child (dialog);
    gtk_editable_set_text (GTK_EDITABLE (entry), "asked at the market");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
    adw_message_dialog_response (dialog, "ok");
    reg_test_wait_until (window_shows, &reason, "the pane shows the reason");

    /* Added by mistake: taken off the list again. */
    g_signal_emit_by_name (reg_test_find_by_action (pane, "pane.remove-from-list"), "clicked");
    reg_test_wait_until (list_gone, &reason, "the list is gone from the pane");
    g_clear_pointer (&list, reg_list_info_free);
    list = reg_store_get_list (f->store, list_id, &error);
    g_assert_cmpuint (list->n_unsubscribed + list->n_cleaned, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/segments-window/sidebar", Fixture, NULL, fixture_set_up, test_sidebar, fixture_tear_down);
  g_test_add ("/segments-window/editor", Fixture, NULL, fixture_set_up, test_editor, fixture_tear_down);
  g_test_add ("/segments-window/lists", Fixture, NULL, fixture_set_up, test_lists, fixture_tear_down);

  return g_test_run ();
}
