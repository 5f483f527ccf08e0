/* reg-window.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-analysis.h"
#include "reg-contact.h"
#include "reg-contact-pane.h"
#include "reg-export.h"
#include "reg-gui-util.h"
#include "reg-import-dialog.h"
#include "reg-lists-ui.h"
#include "reg-preferences-window.h"
#include "reg-segment-sidebar.h"
#include "reg-source.h"
#include "reg-sync-manager.h"
#include "reg-window.h"

struct _RegWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkStack             *list_stack;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *email_column;
  GtkColumnViewColumn  *city_column;
  GtkColumnViewColumn  *since_column;
  GtkColumnViewColumn  *orders_column;
  GtkColumnViewColumn  *spent_column;
  GtkColumnViewColumn  *last_order_column;
  GtkStack             *detail_stack;
  RegContactPane       *pane;
  AdwFlap              *flap;
  RegSegmentSidebar    *sidebar;
  AdwWindowTitle       *list_title;
  GtkLabel             *segment_label;
  GtkWidget            *sync_button;
  GtkRevealer          *sync_revealer;
  GtkLabel             *sync_label;
  GtkProgressBar       *sync_progress;

  /* Owned references */
  RegStore             *store;
  RegContactList       *list;
  RegContactSelection  *selection;
  GSettings            *settings;
  GSimpleActionGroup   *column_actions;
  GCancellable         *cancellable;
  GHashTable           *trashed;  /* id → its undo toast, until undone or dismissed */
  gint64                new_contact_id;  /* added with win.new-contact, maybe still blank */
  RegSyncManager       *sync_manager;
  AdwToast             *sync_toast;      /* the last sync's failure, while shown */
  guint                 sync_timer;
  guint                 pulse_timer;
  guint                 scores_timer;
  char                 *segment_name;    /* the one the list shows */
  gboolean              computing_scores;
  gboolean              scores_stale;

  /* A selection we make ourselves must not navigate on a narrow window. */
  guint                 selecting_quietly : 1;
};

G_DEFINE_FINAL_TYPE (RegWindow, reg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The columns, in the order the sort probe numbers them. */
static const RegContactSort column_sorts[] = {
  REG_CONTACT_SORT_NAME,
  REG_CONTACT_SORT_EMAIL,
  REG_CONTACT_SORT_CITY,
  REG_CONTACT_SORT_CREATED,
  REG_CONTACT_SORT_ORDERS,
  REG_CONTACT_SORT_SPENT,
  REG_CONTACT_SORT_LAST_ORDER,
};

/* -1: every column answers "smaller"; k: column k answers "smaller", the
 * others "larger". See find_primary_sort(). */
static int sort_probe = -1;

typedef struct
{
  RegWindow *self;
  gint64     id;
  char      *name;
} ContactOp;

static void
contact_op_free (ContactOp *op)
{
  g_clear_object (&op->self);
  g_free (op->name);
  g_free (op);
}

static ContactOp *
contact_op_new (RegWindow  *self,
                gint64      id,
                const char *name)
{
  ContactOp *op = g_new0 (ContactOp, 1);

  op->self = g_object_ref (self);
  op->id = id;
  op->name = g_strdup (name);

  return op;
}

/**
 * reg_window_choose_page:
 *
 * Which page the list side shows: the rows, the welcome for an empty shop,
 * or "nothing found". While the first answer is on its way the (empty)
 * list stays, so a fast answer does not flash another page.
 */
const char *
reg_window_choose_page (guint    n_items,
                        gboolean loading,
                        gboolean searching)
{
  if (n_items > 0 || loading)
    return "list";
  if (searching)
    return "no-results";
  return "empty";
}

static void
update_page (RegWindow *self)
{
  const char *page;

  page = reg_window_choose_page (g_list_model_get_n_items (G_LIST_MODEL (self->list)),
                                 reg_contact_list_get_loading (self->list),
                                 reg_contact_list_get_search (self->list) != NULL);
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
update_actions (RegWindow *self)
{
  gint64 id = reg_contact_selection_get_selected_id (self->selection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-contact", id != 0);
}

static void
show_toast (RegWindow  *self,
            const char *message)
{
  AdwToast *toast = reg_toast_new_plain (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
select_quietly (RegWindow *self,
                gint64     id)
{
  self->selecting_quietly = TRUE;
  reg_contact_selection_set_selected_id (self->selection, id);
  self->selecting_quietly = FALSE;
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int column = GPOINTER_TO_INT (user_data);

  if (sort_probe < 0 || sort_probe == column)
    return GTK_ORDERING_SMALLER;

  return GTK_ORDERING_LARGER;
}

/* The list sorts in SQL, so we only need to know which column the user
 * asked for, and GTK 4.8 has no getter for it. Each column's sorter answers
 * a fixed probe, and the column view's sorter combines them: the primary
 * column's answer (inverted when descending) is what comes out. */
static gboolean
find_primary_sort (GtkSorter *sorter,
                   guint      n_columns,
                   guint     *column,
                   gboolean  *descending)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering direction;
  gboolean found = FALSE;

  sort_probe = -1;
  direction = gtk_sorter_compare (sorter, a, b);

  for (guint k = 0; direction != GTK_ORDERING_EQUAL && k < n_columns && !found; k++)
    {
      sort_probe = k;
      if (gtk_sorter_compare (sorter, a, b) == direction)
        {
          *column = k;
          *descending = direction == GTK_ORDERING_LARGER;
          found = TRUE;
        }
    }
  sort_probe = -1;

  return found;
}

static void
sorter_changed_cb (RegWindow       *self,
                   GtkSorterChange  change,
                   GtkSorter       *sorter)
{
  guint column = 0;
  gboolean descending = FALSE;

  if (!find_primary_sort (sorter, G_N_ELEMENTS (column_sorts), &column, &descending))
    {
      column = 0;
      descending = FALSE;
    }

  reg_contact_list_set_sort (self->list, column_sorts[column], descending);
}

static void
list_items_changed_cb (RegWindow  *self,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GListModel *model)
{
  update_page (self);
}

static void
list_loading_changed_cb (RegWindow      *self,
                         GParamSpec     *pspec,
                         RegContactList *list)
{
  update_page (self);
}

static void
drop_blank_trashed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  gint64 id = GPOINTER_TO_SIZE (user_data);

  if (reg_store_trash_contact_finish (REG_STORE (object), result, NULL))
    reg_store_purge_contact_async (REG_STORE (object), id, NULL, NULL, NULL);
}

/* A customer added with "New Customer" and left without a single detail
 * is a slip, not a record: it goes without asking. */
static void
drop_new_contact_if_blank (RegWindow *self)
{
  g_autoptr(RegContact) contact = NULL;
  gint64 id = self->new_contact_id;

  if (id == 0 || reg_contact_pane_get_contact_id (self->pane) != id)
    return;

  self->new_contact_id = 0;
  reg_contact_pane_flush (self->pane);
  if (!reg_contact_pane_is_blank (self->pane))
    return;

  reg_store_trash_contact_async (self->store, id, NULL, drop_blank_trashed_cb,
                                 GSIZE_TO_POINTER ((gsize)id));
}

static void
selected_id_changed_cb (RegWindow           *self,
                        GParamSpec          *pspec,
                        RegContactSelection *selection)
{
  gint64 id = reg_contact_selection_get_selected_id (selection);

  update_actions (self);

  if (id != self->new_contact_id)
    drop_new_contact_if_blank (self);

  if (id == 0)
    {
      reg_contact_pane_load (self->pane, 0);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  if (reg_contact_pane_get_contact_id (self->pane) != id)
    reg_contact_pane_load (self->pane, id);

  gtk_stack_set_visible_child_name (self->detail_stack,
                                    reg_contact_pane_get_contact_id (self->pane) ? "contact" : "none");

  if (!self->selecting_quietly)
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
column_view_activate_cb (RegWindow     *self,
                         guint          position,
                         GtkColumnView *column_view)
{
  reg_contact_selection_set_selected_id (self->selection,
                                         reg_contact_list_get_id (self->list, position));
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* The columns one can hide, by the names the setting and actions use. */
static GtkColumnViewColumn **
optional_column (RegWindow  *self,
                 const char *name)
{
  if (g_str_equal (name, "email"))
    return &self->email_column;
  if (g_str_equal (name, "city"))
    return &self->city_column;
  if (g_str_equal (name, "since"))
    return &self->since_column;
  if (g_str_equal (name, "orders"))
    return &self->orders_column;
  if (g_str_equal (name, "spent"))
    return &self->spent_column;
  if (g_str_equal (name, "last-order"))
    return &self->last_order_column;
  return NULL;
}

static const char * const optional_columns[] = { "email", "city", "since", "orders", "spent", "last-order" };

static void
update_columns (RegWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  if (self->column_actions == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (optional_columns); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), optional_columns[i]);
      g_autoptr(GVariant) state = g_action_get_state (action);
      gboolean shown = g_variant_get_boolean (state);

      /* On a narrow window, name and city say enough to find someone. */
      if (folded && !g_str_equal (optional_columns[i], "city"))
        shown = FALSE;

      gtk_column_view_column_set_visible (*optional_column (self, optional_columns[i]), shown);
    }
}

static void
column_action_change_state (GSimpleAction *action,
                            GVariant      *state,
                            gpointer       user_data)
{
  RegWindow *self = user_data;

  g_simple_action_set_state (action, state);
  update_columns (self);

  if (self->settings != NULL)
    {
      g_autoptr(GStrvBuilder) hidden = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (optional_columns); i++)
        {
          g_autoptr(GVariant) shown =
            g_action_get_state (g_action_map_lookup_action (G_ACTION_MAP (self->column_actions),
                                                            optional_columns[i]));

          if (!g_variant_get_boolean (shown))
            g_strv_builder_add (hidden, optional_columns[i]);
        }
      names = g_strv_builder_end (hidden);
      g_settings_set_strv (self->settings, "hidden-columns", (const char * const *)names);
    }
}

/* A menu on every column header to show or hide the optional ones, as
 * "columns.NAME" actions whose state says whether it is shown. */
static void
setup_column_actions (RegWindow *self)
{
  g_auto(GStrv) hidden = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  GtkColumnViewColumn *all[] = { self->name_column, self->email_column, self->city_column,
                                 self->since_column, self->orders_column, self->spent_column,
                                 self->last_order_column };

  if (self->settings != NULL)
    hidden = g_settings_get_strv (self->settings, "hidden-columns");
  else
    hidden = g_strdupv ((char *[]) { (char *)"since", NULL });

  self->column_actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (optional_columns); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (optional_columns[i], NULL,
                                      g_variant_new_boolean (!g_strv_contains ((const char * const *)hidden,
                                                                               optional_columns[i])));
      g_autofree char *detailed = g_strconcat ("columns.", optional_columns[i], NULL);

      g_signal_connect (action, "change-state", G_CALLBACK (column_action_change_state), self);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
      g_menu_append (section, gtk_column_view_column_get_title (*optional_column (self, optional_columns[i])),
                     detailed);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", G_ACTION_GROUP (self->column_actions));

  g_menu_append_section (menu, _("Show Columns"), G_MENU_MODEL (section));
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_column_view_column_set_header_menu (all[i], G_MENU_MODEL (menu));
}

static void
leaflet_folded_changed_cb (RegWindow  *self,
                           GParamSpec *pspec,
                           AdwLeaflet *leaflet)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  if (self->selection == NULL)
    return; /* still being built */

  update_columns (self);

  /* Folding with nothing selected shows the list, not an empty pane. */
  if (folded &&
      reg_contact_selection_get_selected_id (self->selection) == 0)
    adw_leaflet_set_visible_child_name (leaflet, "list");
}

static void
back_clicked_cb (RegWindow *self,
                 GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_changed_cb (RegWindow      *self,
                   GtkSearchEntry *entry)
{
  reg_contact_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_page (self);
}

static void
stop_search_cb (RegWindow      *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
pane_save_failed_cb (RegWindow      *self,
                     const char     *message,
                     RegContactPane *pane)
{
  show_toast (self, message);
}

static void
new_contact_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RegWindow) self = user_data;
  RegContact *contact = g_object_get_data (G_OBJECT (self), "reg-new-contact");
  g_autoptr(GError) error = NULL;

  g_assert (REG_IS_CONTACT (contact));

  if (!reg_store_save_contact_finish (REG_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
    }
  else
    {
      drop_new_contact_if_blank (self);
      self->new_contact_id = reg_contact_get_id (contact);
      reg_contact_selection_set_selected_id (self->selection, self->new_contact_id);
      reg_contact_pane_focus_first (self->pane);
    }

  g_object_set_data (G_OBJECT (self), "reg-new-contact", NULL);
}

static void
new_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  RegContact *contact;

  /* One at a time: a held-down Ctrl+N should not make a crowd. */
  if (g_object_get_data (G_OBJECT (self), "reg-new-contact") != NULL)
    return;

  reg_contact_pane_flush (self->pane);

  /* Make sure the new customer is in view. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  reg_contact_list_set_search (self->list, NULL);

  contact = reg_contact_new ();
  g_object_set_data_full (G_OBJECT (self), "reg-new-contact", contact, g_object_unref);
  reg_store_save_contact_async (self->store, contact, self->cancellable,
                                new_contact_saved_cb, g_object_ref (self));
}

static void
toast_dismissed_cb (AdwToast  *toast,
                    RegWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "reg-contact-id"));

  /* Not undone: now the customer goes for good, their data with them. */
  if (g_hash_table_remove (self->trashed, &id))
    reg_store_purge_contact_async (self->store, id, NULL, NULL, NULL);
}

static void
trashed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ContactOp *op = user_data;
  RegWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!reg_store_trash_contact_finish (REG_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      contact_op_free (op);
      return;
    }

  if (reg_contact_selection_get_selected_id (self->selection) == op->id)
    {
      select_quietly (self, 0);
      adw_leaflet_set_visible_child_name (self->leaflet, "list");
    }

  /* Translators: shown after deleting a customer, with an Undo button */
  title = g_strdup_printf (_("“%s” deleted"), op->name);
  toast = reg_toast_new_plain (title);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (op->id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "reg-contact-id", GSIZE_TO_POINTER ((gsize)op->id));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  g_hash_table_insert (self->trashed, g_memdup2 (&op->id, sizeof op->id), toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  contact_op_free (op);
}

static void
delete_contact_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  gint64 id = reg_contact_selection_get_selected_id (self->selection);
  g_autofree char *name = NULL;

  if (id == 0)
    return;

  reg_contact_pane_flush (self->pane);
  name = reg_contact_pane_dup_display_name (self->pane);
  reg_store_trash_contact_async (self->store, id, self->cancellable, trashed_cb,
                                 contact_op_new (self, id, name));
}

static void
untrashed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ContactOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!reg_store_untrash_contact_finish (REG_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (op->self, error->message);
    }
  else
    select_quietly (op->self, op->id);

  contact_op_free (op);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  if (!g_hash_table_remove (self->trashed, &id))
    return;

  reg_store_untrash_contact_async (self->store, id, self->cancellable, untrashed_cb,
                                   contact_op_new (self, id, NULL));
}

static void
sample_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RegWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!reg_store_load_sample_shop_finish (REG_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  show_toast (self, _("Sample shop loaded"));
}

/**
 * reg_window_import_file:
 *
 * Opens the import dialog for @file, as dropping it on the window does.
 *
 * Returns: (transfer none): the dialog
 */
GtkWindow *
reg_window_import_file (RegWindow *self,
                        GFile     *file)
{
  RegImportDialog *dialog = reg_import_dialog_new (GTK_WINDOW (self), self->store, file);

  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    RegWindow       *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    reg_window_import_file (self, file);

  g_object_unref (chooser);
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.txt");

  return filter;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = csv_filter ();

  chooser = gtk_file_chooser_native_new (_("Import CSV File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         RegWindow     *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);
      file = files ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;

  reg_window_import_file (self, file);
  return TRUE;
}

/* Writes in a worker thread: a large export never freezes the window. */
typedef struct
{
  RegStore *store;
  GArray   *ids;
  GFile    *file;
  gboolean  bom;
  gboolean  orders;
  guint     written;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = job->orders ? reg_export_orders (job->store, job->ids, job->file, job->bom, cancellable, &job->written, &error)
                   : reg_export_contacts (job->store, job->ids, job->file, job->bom, cancellable, &job->written, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RegWindow *self = REG_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Could not export: %s"), error->message);
  else if (job->orders)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u order", "Exported %u orders", job->written),
                               job->written);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u customer", "Exported %u customers",
                                            job->written),
                               job->written);

  adw_toast_overlay_add_toast (self->toast_overlay, reg_toast_new_plain (message));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    RegWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  const char *which;
  ExportJob *job;

  if (response != GTK_RESPONSE_ACCEPT || !(file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      g_object_unref (chooser);
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (self->store);
  job->file = g_steal_pointer (&file);
  job->orders = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "orders"));
  job->bom = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "excel"), "true") == 0;
  which = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "which");

  /* Which customers: the one selected, those the search shows, or all. */
  if (g_strcmp0 (which, "selected") == 0 && reg_contact_selection_get_selected_id (self->selection) != 0)
    {
      gint64 id = reg_contact_selection_get_selected_id (self->selection);

      job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (job->ids, id);
    }
  else if (g_strcmp0 (which, "shown") == 0)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

      job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      for (guint i = 0; i < n; i++)
        {
          gint64 id = reg_contact_list_get_id (self->list, i);
          g_array_append_val (job->ids, id);
        }
    }

  g_object_unref (chooser);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, export_response_cb);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  gboolean orders = g_str_equal (action_name, "win.export-orders");
  gboolean searching = reg_contact_list_get_search (self->list) != NULL;
  gboolean in_segment = reg_contact_list_get_segment (self->list) != NULL;
  gboolean selected = reg_contact_selection_get_selected_id (self->selection) != 0;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = csv_filter ();

  chooser = gtk_file_chooser_native_new (orders ? _("Export Orders") : _("Export Customers"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), orders ? _("orders.csv") : _("customers.csv"));

  g_ptr_array_add (ids, "all");
  g_ptr_array_add (labels, orders ? _("Orders of all customers") : _("All customers"));
  if (searching || in_segment)
    {
      g_ptr_array_add (ids, "shown");
      if (in_segment)
        g_ptr_array_add (labels, orders ? _("Orders of the customers shown") : _("The customers shown"));
      else
        g_ptr_array_add (labels, orders ? _("Orders of the customers found") : _("The customers found"));
    }
  if (selected)
    {
      g_ptr_array_add (ids, "selected");
      g_ptr_array_add (labels, orders ? _("Orders of the selected customer") : _("The selected customer"));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);

  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "which", _("Export"),
                               (const char **)ids->pdata, (const char **)labels->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "which", searching || in_segment ? "shown" : "all");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "excel", _("For Microsoft Excel"), NULL, NULL);

  g_object_set_data (G_OBJECT (chooser), "orders", GINT_TO_POINTER (orders));
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
load_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);

  reg_store_load_sample_shop_async (self->store, self->cancellable, sample_loaded_cb,
                                    g_object_ref (self));
}

/* Syncing with shops */

static gboolean
has_sources (RegWindow *self)
{
  g_autoptr(GPtrArray) sources = reg_store_list_sources (self->store, NULL);

  return sources != NULL && sources->len > 0;
}

static void
update_sync (RegWindow *self)
{
  gboolean running = reg_sync_manager_get_running (self->sync_manager);

  gtk_widget_set_visible (self->sync_button, running || has_sources (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync", running);
  gtk_revealer_set_reveal_child (self->sync_revealer, running);
}

static gboolean
pulse_cb (gpointer data)
{
  RegWindow *self = data;

  gtk_progress_bar_pulse (self->sync_progress);

  return G_SOURCE_CONTINUE;
}

static void
sync_status_changed_cb (RegWindow      *self,
                        GParamSpec     *pspec,
                        RegSyncManager *manager)
{
  const char *status = reg_sync_manager_get_status (manager);
  double fraction = reg_sync_manager_get_fraction (manager);

  gtk_label_set_text (self->sync_label, status ? status : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_label), status);

  /* Before the shop says how many records there are, the bar pulses. */
  if (fraction < 0 && reg_sync_manager_get_running (manager))
    {
      if (self->pulse_timer == 0)
        self->pulse_timer = g_timeout_add (200, pulse_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->pulse_timer, g_source_remove);
      gtk_progress_bar_set_fraction (self->sync_progress, CLAMP (fraction, 0, 1));
    }
}

static void
sync_running_changed_cb (RegWindow      *self,
                         GParamSpec     *pspec,
                         RegSyncManager *manager)
{
  if (!reg_sync_manager_get_running (manager))
    g_clear_handle_id (&self->pulse_timer, g_source_remove);
  update_sync (self);
}

static void
sync_toast_dismissed_cb (RegWindow *self,
                         AdwToast  *toast)
{
  if (self->sync_toast == toast)
    self->sync_toast = NULL;
}

static void
sync_finished_cb (RegWindow      *self,
                  gboolean        ok,
                  const char     *message,
                  RegSyncManager *manager)
{
  AdwToast *toast;

  if (self->sync_toast != NULL)
    adw_toast_dismiss (self->sync_toast);

  /* A sync that went well is seen in the list; only a failure speaks up. */
  if (ok)
    return;

  toast = reg_toast_new_plain (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "win.sync");
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (sync_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  self->sync_toast = toast;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);

  if (self->sync_toast != NULL)
    adw_toast_dismiss (self->sync_toast);

  reg_sync_manager_sync_all (self->sync_manager);
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  reg_sync_manager_cancel (REG_WINDOW (widget)->sync_manager);
}

static gboolean
sync_timer_cb (gpointer data)
{
  RegWindow *self = data;

  /* A sync still running, or nothing to sync: the next tick will do. */
  if (!reg_sync_manager_get_running (self->sync_manager))
    reg_sync_manager_sync_all (self->sync_manager);

  return G_SOURCE_CONTINUE;
}

static void
sync_interval_changed_cb (RegWindow  *self,
                          const char *key,
                          GSettings  *settings)
{
  guint minutes = g_settings_get_int (settings, "sync-interval");

  g_clear_handle_id (&self->sync_timer, g_source_remove);
  if (minutes > 0)
    self->sync_timer = g_timeout_add_seconds (minutes * 60, sync_timer_cb, self);
}

/* Customer scores (RFM, ABC, predicted value) follow the orders: they are
 * computed again in the background once changes have settled. */
static void schedule_scores (RegWindow *self,
                             guint      seconds);

static void
scores_computed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RegWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!reg_store_compute_scores_finish (REG_STORE (object), result, &error))
    g_warning ("Could not compute the customers’ scores: %s", error->message);

  self->computing_scores = FALSE;
  if (self->scores_stale)
    schedule_scores (self, 3);
}

static gboolean
scores_timeout_cb (gpointer data)
{
  RegWindow *self = data;

  self->scores_timer = 0;
  self->scores_stale = FALSE;
  self->computing_scores = TRUE;
  reg_store_compute_scores_async (self->store, self->cancellable, scores_computed_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
schedule_scores (RegWindow *self,
                 guint      seconds)
{
  self->scores_stale = TRUE;
  if (self->computing_scores)
    return;

  g_clear_handle_id (&self->scores_timer, g_source_remove);
  self->scores_timer = g_timeout_add_seconds (seconds, scores_timeout_cb, self);
}

static void
store_changed_cb (RegWindow      *self,
                  RegChangeFlags  flags,
                  GArray         *ids,
                  RegStore       *store)
{
  if (flags & REG_CHANGE_SOURCES)
    update_sync (self);
  if (flags & (REG_CHANGE_ORDERS | REG_CHANGE_CONTACTS))
    schedule_scores (self, 3);
}

static void
shop_connected_cb (RegWindow *self,
                   gint64     id)
{
  /* A shop just connected brings its customers right away. */
  update_sync (self);
  reg_sync_manager_sync_all (self->sync_manager);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  RegPreferencesWindow *preferences =
    reg_preferences_window_new (GTK_WINDOW (self), self->store, self->settings, self->sync_manager);

  g_signal_connect_object (preferences, "shop-connected", G_CALLBACK (shop_connected_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
setup_sync (RegWindow *self)
{
  self->sync_manager = reg_sync_manager_new (self->store);
  g_signal_connect_object (self->sync_manager, "notify::status",
                           G_CALLBACK (sync_status_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "notify::running",
                           G_CALLBACK (sync_running_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "finished",
                           G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::sync-interval",
                               G_CALLBACK (sync_interval_changed_cb), self, G_CONNECT_SWAPPED);
      sync_interval_changed_cb (self, "sync-interval", self->settings);

      if (g_settings_get_boolean (self->settings, "sync-on-start"))
        reg_sync_manager_sync_all (self->sync_manager);
    }

  update_sync (self);
  schedule_scores (self, 1);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RegWindow *self = REG_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* The list shows the segment chosen in the sidebar. */
static void
sidebar_changed_cb (RegWindow *self)
{
  const char *rule = reg_segment_sidebar_get_rule (self->sidebar);
  const char *explanation = reg_segment_sidebar_get_explanation (self->sidebar);
  gint64 count = reg_segment_sidebar_get_count (self->sidebar, NULL);
  g_autofree char *subtitle = NULL;

  if (self->list == NULL)
    return;

  reg_contact_list_set_segment (self->list, rule);

  if (count >= 0 && rule != NULL)
    subtitle = reg_customer_count_text (count);
  adw_window_title_set_title (self->list_title, rule ? reg_segment_sidebar_get_name (self->sidebar)
                                                     : _("Customers"));
  adw_window_title_set_subtitle (self->list_title, subtitle ? subtitle : "");
  gtk_label_set_text (self->segment_label, explanation ? explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->segment_label), rule != NULL && explanation != NULL);

  /* On a narrow window the sidebar covers the list: out of the way once
   * the owner has chosen (not when only the counts came in). */
  if (g_strcmp0 (self->segment_name, reg_segment_sidebar_get_name (self->sidebar)) != 0)
    {
      g_free (self->segment_name);
      self->segment_name = g_strdup (reg_segment_sidebar_get_name (self->sidebar));
      if (adw_flap_get_folded (self->flap))
        adw_flap_set_reveal_flap (self->flap, FALSE);
      /* Chosen again when Regulars opens next. */
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "selected-segment", rule ? self->segment_name : "");
    }
}

static void
report_cb (GtkWindow  *window,
           const char *message)
{
  show_toast (REG_WINDOW (window), message);
}

/* Subscribes every customer shown (a segment, a search, or everyone) to a
 * newsletter list the owner picks. */
static void
add_to_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = reg_contact_list_get_id (self->list, i);
      g_array_append_val (ids, id);
    }

  if (ids->len == 0)
    {
      show_toast (self, _("There is nobody in the list to add."));
      return;
    }

  reg_lists_ui_add_to_list (GTK_WINDOW (self), self->store, ids, report_cb);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RegWindow *self = REG_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
reg_window_close_request (GtkWindow *window)
{
  RegWindow *self = REG_WINDOW (window);

  drop_new_contact_if_blank (self);
  reg_contact_pane_flush (self->pane);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (reg_window_parent_class)->close_request (window);
}

static void
reg_window_constructed (GObject *object)
{
  RegWindow *self = (RegWindow *)object;
  GtkColumnViewColumn *columns[] = { self->name_column, self->email_column,
                                     self->city_column, self->since_column,
                                     self->orders_column, self->spent_column,
                                     self->last_order_column };

  G_OBJECT_CLASS (reg_window_parent_class)->constructed (object);

  g_assert (REG_IS_STORE (self->store));

  self->list = reg_contact_list_new (self->store);
  self->selection = reg_contact_selection_new (self->list);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  reg_contact_pane_set_store (self->pane, self->store);
  reg_segment_sidebar_set_store (self->sidebar, self->store);
  if (self->settings != NULL)
    {
      g_autofree char *chosen = g_settings_get_string (self->settings, "selected-segment");

      /* A segment deleted since, or named in another language: all customers. */
      if (chosen[0] != '\0')
        reg_segment_sidebar_select (self->sidebar, chosen);
    }
  self->segment_name = g_strdup (reg_segment_sidebar_get_name (self->sidebar));

  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading",
                           G_CALLBACK (list_loading_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-id",
                           G_CALLBACK (selected_id_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkSorter) sorter =
        GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (i), NULL));
      gtk_column_view_column_set_sorter (columns[i], sorter);
    }
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  setup_column_actions (self);
  setup_sync (self);

  update_page (self);
  update_actions (self);
  leaflet_folded_changed_cb (self, NULL, self->leaflet);
}

static void
reg_window_dispose (GObject *object)
{
  RegWindow *self = (RegWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_clear_handle_id (&self->pulse_timer, g_source_remove);
  g_clear_handle_id (&self->scores_timer, g_source_remove);
  if (self->sync_manager != NULL)
    reg_sync_manager_cancel (self->sync_manager);
  g_clear_object (&self->sync_manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), REG_TYPE_WINDOW);

  G_OBJECT_CLASS (reg_window_parent_class)->dispose (object);
}

static void
reg_window_finalize (GObject *object)
{
  RegWindow *self = (RegWindow *)object;

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->column_actions);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->trashed, g_hash_table_unref);
  g_clear_pointer (&self->segment_name, g_free);

  G_OBJECT_CLASS (reg_window_parent_class)->finalize (object);
}

static void
reg_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RegWindow *self = REG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RegWindow *self = REG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_window_class_init (RegWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = reg_window_constructed;
  object_class->dispose = reg_window_dispose;
  object_class->finalize = reg_window_finalize;
  object_class->get_property = reg_window_get_property;
  object_class->set_property = reg_window_set_property;

  window_class->close_request = reg_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, REG_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The list item templates look these types up by name. */
  g_type_ensure (REG_TYPE_CONTACT);
  g_type_ensure (REG_TYPE_CONTACT_PANE);
  g_type_ensure (REG_TYPE_SEGMENT_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RegWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, email_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, city_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, since_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, orders_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, spent_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, last_order_column);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, pane);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, segment_label);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, RegWindow, sync_progress);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pane_save_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.new-contact", NULL, new_contact_action);
  gtk_widget_class_install_action (widget_class, "win.delete-contact", NULL, delete_contact_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "x", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.load-sample", NULL, load_sample_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export-contacts", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-orders", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, cancel_sync_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-list", NULL, add_to_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-contacts", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-contact", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete-contact", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete-contact", NULL);
}

static void
reg_window_init (RegWindow *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* Drop a CSV file anywhere on the window to import it. */
  {
    GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
    GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

    gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
    g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }
  self->trashed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Uninstalled runs without the schema still work, they just forget the size. */
  if ((self->settings = reg_settings_new_if_installed ()))
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

/**
 * reg_window_new:
 * @application: (nullable): the application
 */
RegWindow *
reg_window_new (GtkApplication *application,
                RegStore       *store)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  return g_object_new (REG_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

RegStore *
reg_window_get_store (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return self->store;
}

RegContactList *
reg_window_get_contact_list (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return self->list;
}

RegContactSelection *
reg_window_get_selection (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return self->selection;
}

GtkWidget *
reg_window_get_search_entry (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->search_entry);
}

GtkWidget *
reg_window_get_column_view (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->column_view);
}

/**
 * reg_window_get_visible_page:
 *
 * Returns: the list side's page: "list", "empty" or "no-results"
 */
const char *
reg_window_get_visible_page (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->list_stack);
}

RegSyncManager *
reg_window_get_sync_manager (RegWindow *self)
{
  g_return_val_if_fail (REG_IS_WINDOW (self), NULL);

  return self->sync_manager;
}
