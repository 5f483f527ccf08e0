/* test-window.c: the real window on a virtual display
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reg-contact-pane.h"
#include "reg-contact-selection.h"
#include "reg-test-gui.h"
#include "reg-test-util.h"
#include "reg-import-dialog.h"
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
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, GPOINTER_TO_UINT (data));
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

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, (gpointer)gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_labels (widget, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;

  return FALSE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }

  return NULL;
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

static void
wait_until (Fixture       *f,
            Condition      condition,
            gconstpointer  data,
            const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (reg_window_get_contact_list (f->window)));
}

static gboolean
list_has_n (Fixture       *f,
            gconstpointer  data)
{
  return !reg_contact_list_get_loading (reg_window_get_contact_list (f->window)) &&
         n_rows (f) == GPOINTER_TO_UINT (data);
}

static gboolean
page_is (Fixture       *f,
         gconstpointer  data)
{
  return g_strcmp0 (reg_window_get_visible_page (f->window), data) == 0;
}

static gboolean
shows (Fixture       *f,
       gconstpointer  data)
{
  return shows_text (reg_window_get_column_view (f->window), data);
}

static gboolean
search_applied (Fixture       *f,
                gconstpointer  data)
{
  RegContactList *list = reg_window_get_contact_list (f->window);

  return g_strcmp0 (reg_contact_list_get_search (list), data) == 0 &&
         !reg_contact_list_get_loading (list);
}

static gboolean
undo_shown (Fixture       *f,
            gconstpointer  data)
{
  return find_button (GTK_WIDGET (f->window), "Undo") != NULL;
}

static char *
name_at (Fixture *f,
         guint    position)
{
  g_autoptr(RegContact) contact = g_list_model_get_item (G_LIST_MODEL (reg_window_get_contact_list (f->window)),
                                                         position);
  return reg_contact_dup_display_name (contact);
}

static void
test_list_search_delete_undo (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *found = NULL;
  GtkWidget *search_entry;
  GtkWidget *undo;
  gint64 deleted_id;

  /* The list shows the customers. */
  wait_until (f, list_has_n, GUINT_TO_POINTER (1000), "the list holds 1,000 customers");
  wait_until (f, page_is, "list", "the list is shown");
  first = name_at (f, 0);
  second = name_at (f, 1);
  wait_until (f, shows, first, "the first customer is on screen");
  g_assert_true (shows_text (reg_window_get_column_view (f->window), second));

  /* Typing a search shrinks the list to the matching customers. */
  expected = reg_store_query_contact_ids (f->store, "müller", REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, 1000);

  search_entry = reg_window_get_search_entry (f->window);
  gtk_widget_grab_focus (search_entry);
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "müller");
  wait_until (f, search_applied, "müller", "the search is applied");
  g_assert_cmpuint (n_rows (f), ==, expected->len);
  found = name_at (f, 0);
  g_assert_nonnull (strstr (found, "Müller"));
  wait_until (f, shows, found, "a Müller is on screen");
  g_assert_false (shows_text (reg_window_get_column_view (f->window), first) && strstr (first, "Müller") == NULL);

  /* Delete the first match; the list loses it and offers Undo. */
  deleted_id = reg_contact_list_get_id (reg_window_get_contact_list (f->window), 0);
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), deleted_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-contact", NULL));
  wait_until (f, list_has_n, GUINT_TO_POINTER (expected->len - 1), "the customer is gone from the list");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 999);
  g_assert_cmpuint (reg_contact_list_find_id (reg_window_get_contact_list (f->window), deleted_id), ==, G_MAXUINT);

  wait_until (f, undo_shown, NULL, "an Undo button is shown");
  undo = find_button (GTK_WIDGET (f->window), "Undo");
  gtk_widget_activate (undo);
  wait_until (f, list_has_n, GUINT_TO_POINTER (expected->len), "the customer is back");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 1000);
  g_assert_cmpuint (reg_contact_list_find_id (reg_window_get_contact_list (f->window), deleted_id), ==, 0);

  /* Clearing the search brings everyone back. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "");
  wait_until (f, list_has_n, GUINT_TO_POINTER (1000), "the whole list is back");
}

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  wait_until (f, page_is, "empty", "the empty state is shown");
  g_assert_nonnull (find_button (GTK_WIDGET (f->window), "Add Customer"));
  g_assert_nonnull (find_button (GTK_WIDGET (f->window), "Load Sample Shop"));

  gtk_widget_activate (find_button (GTK_WIDGET (f->window), "Load Sample Shop"));
  wait_until (f, page_is, "list", "the sample shop is shown");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), >=, 200);
}

static AdwEntryRow *
find_entry_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ENTRY_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *found = find_entry_row (child, title);
      if (found)
        return found;
    }

  return NULL;
}

static void
test_new_contact (Fixture       *f,
                  gconstpointer  data)
{
  wait_until (f, list_has_n, GUINT_TO_POINTER (10), "the list holds 10 customers");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-contact", NULL));
  wait_until (f, list_has_n, GUINT_TO_POINTER (11), "the new customer is listed");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 11);
  g_assert_cmpint (reg_contact_selection_get_selected_id (reg_window_get_selection (f->window)), >, 0);

  /* Moving on without typing anything: the blank customer goes again. */
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window),
                                         reg_contact_list_get_id (reg_window_get_contact_list (f->window), 0));
  wait_until (f, list_has_n, GUINT_TO_POINTER (10), "the blank customer is gone");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 10);

  /* One with a name stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-contact", NULL));
  wait_until (f, list_has_n, GUINT_TO_POINTER (11), "the second new customer is listed");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (f->window), "Given name")), "Zora");
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window),
                                         reg_contact_list_get_id (reg_window_get_contact_list (f->window), 0));
  reg_test_iterate (300);
  wait_until (f, list_has_n, GUINT_TO_POINTER (11), "Zora stays");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 11);
}

static gboolean
stored_city_is (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = reg_contact_selection_get_selected_id (reg_window_get_selection (f->window));
  g_autoptr(RegContact) contact = reg_store_get_contact (f->store, id, NULL);

  return contact != NULL && g_strcmp0 (reg_contact_get_city (contact), data) == 0;
}

static gboolean
shows_anywhere (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (f->window), texts);
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), data) != NULL)
      return TRUE;

  return FALSE;
}

static void
test_edit_saves (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RegContact) first = NULL;
  g_autoptr(RegContact) second = NULL;
  g_autoptr(RegContact) reopened_contact = NULL;
  g_autoptr(RegStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  AdwEntryRow *city;
  AdwEntryRow *email;
  g_autofree char *second_name = NULL;
  g_autofree char *expected = NULL;

  wait_until (f, list_has_n, GUINT_TO_POINTER (20), "the list holds 20 customers");
  first = g_list_model_get_item (G_LIST_MODEL (reg_window_get_contact_list (f->window)), 0);
  second = g_list_model_get_item (G_LIST_MODEL (reg_window_get_contact_list (f->window)), 1);
  second_name = reg_contact_dup_display_name (second);

  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), reg_contact_get_id (first));
  city = find_entry_row (GTK_WIDGET (f->window), "City");
  email = find_entry_row (GTK_WIDGET (f->window), "E-mail");
  g_assert_nonnull (city);
  g_assert_nonnull (email);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city)), ==, reg_contact_get_city (first));

  /* Typing is saved without a Save button. */
  gtk_editable_set_text (GTK_EDITABLE (city), "Bad Tölz");
  wait_until (f, stored_city_is, "Bad Tölz", "the new city is saved");

  /* Someone else's address is refused with their name; the rest is kept. */
  gtk_widget_grab_focus (GTK_WIDGET (email));
  gtk_editable_set_text (GTK_EDITABLE (email), reg_contact_get_email (second));
  gtk_editable_set_text (GTK_EDITABLE (city), "Garmisch");
  expected = g_strdup_printf ("already used by %s", second_name);
  wait_until (f, shows_anywhere, expected, "the pane says who has the address");
  wait_until (f, stored_city_is, "Garmisch", "the other edit is saved anyway");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (email), "error"));

  /* And it is all still there after a restart. */
  reopened = reg_store_open (reg_store_get_path (f->store), &error);
  g_assert_no_error (error);
  reopened_contact = reg_store_get_contact (reopened, reg_contact_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reg_contact_get_city (reopened_contact), ==, "Garmisch");
  g_assert_cmpstr (reg_contact_get_email (reopened_contact), ==, reg_contact_get_email (first));
}

static void
test_choose_page (void)
{
  g_assert_cmpstr (reg_window_choose_page (10, FALSE, FALSE), ==, "list");
  g_assert_cmpstr (reg_window_choose_page (0, TRUE, FALSE), ==, "list");
  g_assert_cmpstr (reg_window_choose_page (0, FALSE, FALSE), ==, "empty");
  g_assert_cmpstr (reg_window_choose_page (0, FALSE, TRUE), ==, "no-results");
  g_assert_cmpstr (reg_window_choose_page (3, FALSE, TRUE), ==, "list");
}

static void
wait_for_page (RegImportDialog *dialog,
               const char      *page)
{
  for (guint i = 0; i < 600 && g_strcmp0 (reg_import_dialog_get_page (dialog), page) != 0; i++)
    reg_test_iterate (50);

  g_assert_cmpstr (reg_import_dialog_get_page (dialog), ==, page);
}

static void
test_import_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "shop.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "book.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  RegImportDialog *dialog;

  g_file_set_contents (path,
                       "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address City,Tags\r\n"
                       "'1,Jürgen,Weiß,jw@example.de,yes,Köln,vip\r\n"
                       "'2,Ana,García,ana@example.es,no,Madrid,\r\n"
                       "'3,Broken,Row,not-an-address,no,Wien,\r\n",
                       -1, NULL);

  dialog = REG_IMPORT_DIALOG (reg_window_import_file (f->window, file));
  reg_test_iterate (100);
  g_assert_cmpstr (reg_import_dialog_get_page (dialog), ==, "setup");
  /* The owner sees the format and the column that holds the e-mail. */
  g_assert_true (shows_text (GTK_WIDGET (dialog), "Shopify customers"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "jw@example.de, ana@example.es, not-an-address"));
  g_assert_cmpint (reg_import_get_target (reg_import_dialog_get_import (dialog), 3), ==, REG_IMPORT_EMAIL);

  reg_import_dialog_start (dialog);
  wait_for_page (dialog, "done");
  g_assert_nonnull (strstr (reg_import_dialog_get_summary (dialog), "2 customers added"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "Line 4"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "“not-an-address” is not an e-mail address."));
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The list shows them without being asked. */
  reg_test_wait_for_list (reg_window_get_contact_list (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reg_window_get_contact_list (f->window))), ==, 2);

  /* A workbook saved as .csv by mistake: said plainly, nothing written. */
  g_file_set_contents (bad, "PK\x03\x04 not really", -1, NULL);
  dialog = REG_IMPORT_DIALOG (reg_window_import_file (f->window, bad_file));
  reg_test_iterate (100);
  g_assert_cmpstr (reg_import_dialog_get_page (dialog), ==, "done");
  g_assert_true (shows_text (GTK_WIDGET (dialog), "This File Cannot Be Imported"));
  g_assert_nonnull (strstr (reg_import_dialog_get_summary (dialog), "spreadsheet workbook"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 2);
}

static gboolean
shows_not (Fixture       *f,
           gconstpointer  data)
{
  return !shows (f, data);
}

/* "Customer Since" waits behind the column headers' menu; any optional
 * column can be shown or hidden there. */
static void
test_columns (Fixture       *f,
              gconstpointer  data)
{
  wait_until (f, list_has_n, GUINT_TO_POINTER (5), "the list is loaded");
  wait_until (f, shows, "Total Spent", "the money columns show");
  g_assert_true (shows (f, "Name"));
  g_assert_true (shows (f, "E-mail"));
  g_assert_false (shows (f, "Customer Since"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "columns.since", NULL);
  wait_until (f, shows, "Customer Since", "the column is shown");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "columns.email", NULL);
  wait_until (f, shows_not, "E-mail", "the column is hidden");
  g_assert_true (shows (f, "Customer Since"));
}

/* A button that shows only an icon says in words what it does: its
 * tooltip, which screen readers read out too. Buttons that GTK and
 * libadwaita draw inside their own widgets name themselves. */
static void
collect_unnamed (GtkWidget *widget,
                 GPtrArray *unnamed,
                 guint     *n_icons)
{
  const char *icon = NULL;
  gboolean has_label = FALSE;

  if (!gtk_widget_get_mapped (widget) || GTK_IS_WINDOW_CONTROLS (widget) || ADW_IS_ENTRY_ROW (widget) ||
      GTK_IS_COLUMN_VIEW (widget))
    return;

  if (GTK_IS_MENU_BUTTON (widget))
    {
      icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
      has_label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL;
    }
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
      if (icon == NULL && GTK_IS_IMAGE (child))
        icon = "an image";
      has_label = gtk_button_get_label (GTK_BUTTON (widget)) != NULL && !gtk_button_get_use_underline (GTK_BUTTON (widget))
                  ? gtk_button_get_icon_name (GTK_BUTTON (widget)) == NULL
                  : gtk_button_get_label (GTK_BUTTON (widget)) != NULL && icon == NULL;
      if (ADW_IS_BUTTON_CONTENT (child) || GTK_IS_LABEL (child))
        has_label = TRUE;
    }

  if (icon != NULL && !has_label)
    (*n_icons)++;
  if (icon != NULL && !has_label &&
      (gtk_widget_get_tooltip_text (widget) == NULL || gtk_widget_get_tooltip_text (widget)[0] == '\0'))
    g_ptr_array_add (unnamed, g_strdup_printf ("%s (%s)", G_OBJECT_TYPE_NAME (widget), icon));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, unnamed, n_icons);
}

static void
assert_icons_named (GtkWidget *widget)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  guint n_icons = 0;

  collect_unnamed (widget, unnamed, &n_icons);
  g_test_message ("%u buttons with only an icon", n_icons);
  /* The header bars alone have a handful. */
  g_assert_cmpuint (n_icons, >=, 5);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("No name: %s", (char *)g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

static void
test_icon_buttons_named (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RegContact) first = NULL;

  wait_until (f, list_has_n, GUINT_TO_POINTER (5), "the list is loaded");
  first = g_list_model_get_item (G_LIST_MODEL (reg_window_get_contact_list (f->window)), 0);
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), reg_contact_get_id (first));
  reg_test_iterate (100);
  assert_icons_named (GTK_WIDGET (f->window));

  reg_contact_pane_set_page (REG_CONTACT_PANE (reg_test_find_widget (GTK_WIDGET (f->window), REG_TYPE_CONTACT_PANE)),
                             "history");
  reg_test_iterate (100);
  assert_icons_named (GTK_WIDGET (f->window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, n, func) \
  g_test_add (name, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/window/list-search-delete-undo", 1000, test_list_search_delete_undo);
  ADD ("/window/empty-state", 0, test_empty_state);
  ADD ("/window/new-contact", 10, test_new_contact);
  ADD ("/window/edit-saves", 20, test_edit_saves);
  ADD ("/window/import-dialog", 0, test_import_dialog);
  ADD ("/window/columns", 5, test_columns);
  ADD ("/window/icon-buttons-named", 5, test_icon_buttons_named);
  g_test_add_func ("/window/choose-page", test_choose_page);

  return g_test_run ();
}
