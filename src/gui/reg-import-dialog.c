/* reg-import-dialog.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-import-dialog.h"

/* Rejected rows listed in the dialog; the saved file has all of them. */
#define MAX_LISTED 200

struct _RegImportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *cancel_button;
  GtkButton            *import_button;
  GtkStack             *stack;
  AdwPreferencesGroup  *file_group;
  AdwActionRow         *format_row;
  GtkLabel             *encoding_label;
  AdwPreferencesGroup  *columns_group;
  GtkSwitch            *overwrite_switch;
  GtkProgressBar       *progress_bar;
  GtkLabel             *done_title;
  GtkLabel             *summary_label;
  GtkListBox           *problem_list;
  GtkButton            *save_problems_button;

  /* Owned references */
  RegStore             *store;
  RegImport            *import;
  RegImportResult      *result;
  GCancellable         *cancellable;
  GArray               *row_targets;   /* per column: the RegImportTarget of each combo position */
  char                 *summary;
  guint                 progress_source;
  gint                  progress_permille;  /* atomic */
};

G_DEFINE_FINAL_TYPE (RegImportDialog, reg_import_dialog, ADW_TYPE_WINDOW)

static GPtrArray *
targets_for_kind (RegImportKind kind)
{
  GPtrArray *targets = g_ptr_array_new ();

  for (RegImportTarget t = REG_IMPORT_IGNORE; t < REG_IMPORT_N_TARGETS; t++)
    if (reg_import_target_applies (t, kind))
      g_ptr_array_add (targets, GUINT_TO_POINTER (t));

  return targets;
}

static void
target_selected_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  RegImportDialog *self = g_object_get_data (G_OBJECT (row), "dialog");
  guint column = GPOINTER_TO_UINT (user_data);
  g_autoptr(GPtrArray) targets = targets_for_kind (reg_import_get_kind (self->import));
  guint selected = adw_combo_row_get_selected (row);

  if (selected < targets->len)
    reg_import_set_target (self->import, column, GPOINTER_TO_UINT (targets->pdata[selected]));

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), reg_import_check (self->import, NULL));
}

/* "Jürgen, Ana, Kim…": what the column holds, from the preview. */
static char *
sample_values (RegImport *import,
               guint      column)
{
  GPtrArray *preview = reg_import_get_preview (import);
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = 0;

  for (guint i = 0; i < preview->len && shown < 3; i++)
    {
      char **row = g_ptr_array_index (preview, i);

      if (column >= g_strv_length (row) || row[column][0] == '\0')
        continue;
      if (shown++ > 0)
        g_string_append (text, ", ");
      g_string_append (text, row[column]);
    }

  if (text->len > 80)
    {
      g_string_truncate (text, 80);
      g_string_append (text, "…");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
build_columns (RegImportDialog *self)
{
  g_autoptr(GPtrArray) targets = targets_for_kind (reg_import_get_kind (self->import));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < targets->len; i++)
    gtk_string_list_append (labels, reg_import_target_label (GPOINTER_TO_UINT (targets->pdata[i])));

  for (guint column = 0; column < reg_import_get_n_columns (self->import); column++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      g_autofree char *values = sample_values (self->import, column);
      const char *name = reg_import_get_column_name (self->import, column);
      RegImportTarget target = reg_import_get_target (self->import, column);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name[0] ? name : _("(no name)"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), values);
      adw_combo_row_set_model (row, G_LIST_MODEL (labels));
      for (guint i = 0; i < targets->len; i++)
        if (GPOINTER_TO_UINT (targets->pdata[i]) == target)
          adw_combo_row_set_selected (row, i);

      g_object_set_data (G_OBJECT (row), "dialog", self);
      g_signal_connect (row, "notify::selected", G_CALLBACK (target_selected_cb), GUINT_TO_POINTER (column));
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
    }
}

static gboolean
progress_idle_cb (gpointer data)
{
  RegImportDialog *self = data;
  int permille = g_atomic_int_get (&self->progress_permille);

  gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);

  return G_SOURCE_CONTINUE;
}

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer user_data)
{
  RegImportDialog *self = user_data;

  if (total > 0)
    g_atomic_int_set (&self->progress_permille, (int)(1000 * done / total));
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RegImportDialog *self = source_object;
  RegImportResult *result;
  GError *error = NULL;

  if ((result = reg_import_run (self->import, FALSE, cancellable, progress_cb, self, &error)))
    g_task_return_pointer (task, result, (GDestroyNotify)reg_import_result_free);
  else
    g_task_return_error (task, error);
}

static GtkWidget *
problem_row (RegImportProblem *problem)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Line %u"), problem->line);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  return row;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RegImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint listed = 0;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->result = g_task_propagate_pointer (G_TASK (result), &error);

  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");

  if (self->result == NULL)
    {
      gtk_label_set_label (self->done_title,
                           g_error_matches (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_CANCELLED)
                           ? _("Import Cancelled") : _("Nothing Was Imported"));
      self->summary = g_strdup (error->message);
      gtk_label_set_label (self->summary_label, self->summary);
      return;
    }

  gtk_label_set_label (self->done_title, _("Import Finished"));
  self->summary = reg_import_result_dup_summary (self->result);
  gtk_label_set_label (self->summary_label, self->summary);

  for (guint i = 0; i < self->result->problems->len && listed < MAX_LISTED; i++, listed++)
    gtk_list_box_append (self->problem_list, problem_row (g_ptr_array_index (self->result->problems, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->problem_list), listed > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->save_problems_button), self->result->rejected > 0);
}

static void
import_clicked_cb (RegImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (!reg_import_check (self->import, &error))
    {
      adw_action_row_set_subtitle (self->format_row, error->message);
      return;
    }

  reg_import_set_overwrite (self->import, gtk_switch_get_active (self->overwrite_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");

  self->progress_source = g_timeout_add (100, progress_idle_cb, self);
  task = g_task_new (self, self->cancellable, import_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, import_clicked_cb);
  g_task_run_in_thread (task, import_thread);
}

static void
cancel_clicked_cb (RegImportDialog *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "progress") == 0)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  RegImportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      !reg_import_result_save_problems (self->result, file, &error))
    gtk_label_set_label (self->summary_label, error->message);

  g_object_unref (chooser);
}

static void
save_problems_clicked_cb (RegImportDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Rows That Were Not Imported"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("not-imported.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
reg_import_dialog_close_request (GtkWindow *window)
{
  RegImportDialog *self = REG_IMPORT_DIALOG (window);

  /* Closing while it runs cancels it: nothing half done stays behind. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (reg_import_dialog_parent_class)->close_request (window);
}

static void
reg_import_dialog_dispose (GObject *object)
{
  RegImportDialog *self = (RegImportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), REG_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (reg_import_dialog_parent_class)->dispose (object);
}

static void
reg_import_dialog_finalize (GObject *object)
{
  RegImportDialog *self = (RegImportDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import, reg_import_free);
  g_clear_pointer (&self->result, reg_import_result_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (reg_import_dialog_parent_class)->finalize (object);
}

static void
reg_import_dialog_class_init (RegImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = reg_import_dialog_dispose;
  object_class->finalize = reg_import_dialog_finalize;
  window_class->close_request = reg_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, file_group);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, encoding_label);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, overwrite_switch);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, done_title);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, problem_list);
  gtk_widget_class_bind_template_child (widget_class, RegImportDialog, save_problems_button);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_problems_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reg_import_dialog_init (RegImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * reg_import_dialog_new:
 *
 * Returns: (transfer none): a dialog showing how @file will be imported,
 *   or, when it cannot be read at all, why
 */
RegImportDialog *
reg_import_dialog_new (GtkWindow *parent,
                       RegStore  *store,
                       GFile     *file)
{
  RegImportDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (REG_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);

  path = g_file_get_path (file);
  name = g_file_get_basename (file);

  if (path == NULL || !(self->import = reg_import_new (store, REG_IMPORT_AUTO, path, &error)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      gtk_stack_set_visible_child_name (self->stack, "done");
      gtk_label_set_label (self->done_title, _("This File Cannot Be Imported"));
      self->summary = g_strdup (error ? error->message : _("Only files on this computer can be imported."));
      gtk_label_set_label (self->summary_label, self->summary);
      return self;
    }

  if (reg_import_get_kind (self->import) == REG_IMPORT_ORDERS)
    gtk_window_set_title (GTK_WINDOW (self), _("Import Orders"));

  adw_preferences_group_set_title (self->file_group, name);
  adw_action_row_set_subtitle (self->format_row, reg_import_format_label (reg_import_get_format (self->import)));
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_label), reg_import_is_windows_1252 (self->import));
  build_columns (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), reg_import_check (self->import, NULL));

  return self;
}

const char *
reg_import_dialog_get_page (RegImportDialog *self)
{
  g_return_val_if_fail (REG_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

RegImport *
reg_import_dialog_get_import (RegImportDialog *self)
{
  g_return_val_if_fail (REG_IS_IMPORT_DIALOG (self), NULL);

  return self->import;
}

/* What the Import button does. */
void
reg_import_dialog_start (RegImportDialog *self)
{
  g_return_if_fail (REG_IS_IMPORT_DIALOG (self));

  import_clicked_cb (self);
}

const char *
reg_import_dialog_get_summary (RegImportDialog *self)
{
  g_return_val_if_fail (REG_IS_IMPORT_DIALOG (self), NULL);

  return self->summary;
}
