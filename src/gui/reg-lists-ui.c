/* reg-lists-ui.c: the small dialogs of newsletter lists
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-lists-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-lists.h"
#include "reg-lists-ui.h"

typedef struct
{
  GtkWindow        *parent;
  RegStore         *store;
  RegListsUiReport  report;
  GArray           *ids;
  GPtrArray        *lists;     /* RegListInfo, as the drop-down shows them */
  GtkWidget        *entry;
  GtkWidget        *dropdown;
  gint64            list_id;
  gint64            contact_id;
  RegMemberStatus   status;
  char             *path;
  gboolean          bom;
  RegListAddResult  result;
  guint             written;
} Job;

static Job *
job_new (GtkWindow        *parent,
         RegStore         *store,
         RegListsUiReport  report)
{
  Job *job = g_new0 (Job, 1);

  job->parent = parent ? g_object_ref (parent) : NULL;
  job->store = g_object_ref (store);
  job->report = report;

  return job;
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->parent);
  g_clear_object (&job->store);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->lists, g_ptr_array_unref);
  g_free (job->path);
  g_free (job);
}

static void
report (Job        *job,
        const char *message)
{
  if (job->report != NULL && job->parent != NULL)
    job->report (job->parent, message);
}

static AdwMessageDialog *
message_dialog_new (Job        *job,
                    const char *heading,
                    const char *body,
                    const char *action)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (job->parent, heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok", action, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");

  return dialog;
}

static GtkWidget *
entry_new (AdwMessageDialog *dialog,
           const char       *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_message_dialog_set_extra_child (dialog, entry);

  return entry;
}

static char *
entry_text (GtkWidget *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* A new list */

static void
new_list_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Job              *job)
{
  g_autofree char *name = entry_text (job->entry);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "ok") == 0)
    {
      if (reg_store_add_list (job->store, name, &error) > 0)
        {
          g_autofree char *message = g_strdup_printf (_("List “%s” made"), name);
          report (job, message);
        }
      else
        report (job, error->message);
    }
}

void
reg_lists_ui_new_list (GtkWindow        *parent,
                       RegStore         *store,
                       RegListsUiReport  report_func)
{
  Job *job = job_new (parent, store, report_func);
  AdwMessageDialog *dialog = message_dialog_new (job, _("New Newsletter List"),
                                                 _("A list keeps who agreed to receive it, and since when."),
                                                 _("_Make List"));

  job->entry = entry_new (dialog, _("Name of the list"));
  gtk_editable_set_text (GTK_EDITABLE (job->entry), _("Newsletter"));
  g_signal_connect_data (dialog, "response", G_CALLBACK (new_list_response_cb), job, (GClosureNotify)job_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Adding customers */

/* Writing, off the main thread: a segment may have 100,000 customers. */

typedef void (*JobFunc) (Job     *job,
                         GError **error);

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  JobFunc func = g_object_get_data (G_OBJECT (task), "reg-job-func");
  GError *error = NULL;

  func (task_data, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    report (job, error->message);
  else if (job->path != NULL)
    {
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u subscriber", "Exported %u subscribers",
                                              job->written),
                                 job->written);
      report (job, summary);
    }
  else
    {
      summary = reg_list_add_result_dup_summary (&job->result);
      report (job, summary);
    }
}

/* Runs @func in a worker thread; the job is freed after. */
static void
run_job (Job     *job,
         JobFunc  func)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, job_done_cb, NULL);

  g_object_set_data (G_OBJECT (task), "reg-job-func", func);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
add_members (Job     *job,
             GError **error)
{
  reg_store_list_add_members (job->store, job->list_id, (const gint64 *)job->ids->data, job->ids->len,
                              REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL, &job->result, error);
}

static void
add_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Job              *job)
{
  guint selected;

  if (g_strcmp0 (response, "ok") != 0 || job->lists->len == 0)
    {
      job_free (job);
      return;
    }

  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (job->dropdown));
  job->list_id = ((RegListInfo *)g_ptr_array_index (job->lists, MIN (selected, job->lists->len - 1)))->id;
  run_job (job, add_members);
}

/**
 * reg_lists_ui_add_to_list:
 * @contact_ids: the customers to add
 *
 * Asks which list, then subscribes the customers to it. Nobody who
 * unsubscribed or bounced is subscribed again, and customers without an
 * e-mail address cannot join: the report says how many.
 */
void
reg_lists_ui_add_to_list (GtkWindow        *parent,
                          RegStore         *store,
                          GArray           *contact_ids,
                          RegListsUiReport  report_func)
{
  Job *job = job_new (parent, store, report_func);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  job->ids = g_array_ref (contact_ids);
  if (!(job->lists = reg_store_get_lists (store, &error)))
    {
      report (job, error->message);
      job_free (job);
      return;
    }

  if (job->lists->len == 0)
    {
      report (job, _("There is no newsletter list yet. Make one in the sidebar first."));
      job_free (job);
      return;
    }

  for (guint i = 0; i < job->lists->len; i++)
    gtk_string_list_append (names, ((RegListInfo *)g_ptr_array_index (job->lists, i))->name);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u customer is subscribed to the list you choose. Someone who "
                                       "unsubscribed or whose address bounced stays so.",
                                       "%u customers are subscribed to the list you choose. Anyone who "
                                       "unsubscribed or whose address bounced stays so.",
                                       contact_ids->len),
                          contact_ids->len);
  dialog = message_dialog_new (job, _("Add to Newsletter List"), body, _("_Add"));
  job->dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (job->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("List"), -1);
  adw_message_dialog_set_extra_child (dialog, job->dropdown);
  g_signal_connect (dialog, "response", G_CALLBACK (add_response_cb), job);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Importing a Mailchimp file, in a worker thread */

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  RegImportResult *result;

  result = reg_store_list_import_mailchimp (job->store, job->list_id, job->path, job->status, cancellable,
                                            NULL, NULL, &job->result, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    {
      reg_import_result_free (result);
      g_task_return_boolean (task, TRUE);
    }
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      report (job, error->message);
      return;
    }

  summary = reg_list_add_result_dup_summary (&job->result);
  report (job, summary);
}

static void
import_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  Job             *job)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  const char *status;

  if (response != GTK_RESPONSE_ACCEPT || !(file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      job_free (job);
      return;
    }

  status = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "status");
  reg_member_status_from_id (status, &job->status);
  job->path = g_file_get_path (file);

  task = g_task_new (NULL, NULL, imported_cb, NULL);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * reg_lists_ui_import:
 *
 * Imports one of the files of a Mailchimp audience export into a list;
 * the owner says which of the three it is.
 */
void
reg_lists_ui_import (GtkWindow        *parent,
                     RegStore         *store,
                     gint64            list_id,
                     RegListsUiReport  report_func)
{
  Job *job = job_new (parent, store, report_func);
  const char *ids[] = { "subscribed", "unsubscribed", "cleaned", NULL };
  const char *labels[] = { _("Subscribed members"), _("Unsubscribed members"), _("Cleaned (bounced) members"), NULL };
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  job->list_id = list_id;
  chooser = gtk_file_chooser_native_new (_("Import Mailchimp Audience"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "status", _("The file holds"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "status", "subscribed");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), job);
  g_object_set_data_full (G_OBJECT (parent), "reg-lists-import-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Exporting the subscribers */

static void
export_subscribed (Job     *job,
                   GError **error)
{
  reg_store_list_export_subscribed (job->store, job->list_id, job->path, job->bom, &job->written, error);
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  Job             *job)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT || !(file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      job_free (job);
      return;
    }

  job->bom = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "excel"), "true") == 0;
  job->path = g_file_get_path (file);
  run_job (job, export_subscribed);
}

/**
 * reg_lists_ui_export:
 *
 * Writes a list's subscribed members as a CSV file that Mailchimp and
 * similar tools import directly.
 */
void
reg_lists_ui_export (GtkWindow        *parent,
                     RegStore         *store,
                     gint64            list_id,
                     RegListsUiReport  report_func)
{
  Job *job = job_new (parent, store, report_func);
  g_autoptr(RegListInfo) list = reg_store_get_list (store, list_id, NULL);
  g_autofree char *name = g_strdup_printf ("%s.csv", list ? list->name : _("subscribers"));
  GtkFileChooserNative *chooser;

  job->list_id = list_id;
  chooser = gtk_file_chooser_native_new (_("Export Subscribers"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "excel", _("For Microsoft Excel"), NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), job);
  g_object_set_data_full (G_OBJECT (parent), "reg-lists-export-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Subscribing again, only with a reason */

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", reason[0] != '\0');
}

static void
resubscribe_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         Job              *job)
{
  g_autofree char *reason = entry_text (job->entry);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "ok") != 0)
    return;

  if (reg_store_list_resubscribe (job->store, job->list_id, job->contact_id, reason, &error))
    report (job, _("Subscribed again"));
  else
    report (job, error->message);
}

/**
 * reg_lists_ui_resubscribe:
 *
 * Subscribes a customer who unsubscribed or bounced again: only with the
 * reason, which is kept with the record.
 */
void
reg_lists_ui_resubscribe (GtkWindow        *parent,
                          RegStore         *store,
                          gint64            list_id,
                          gint64            contact_id,
                          RegListsUiReport  report_func)
{
  Job *job = job_new (parent, store, report_func);
  AdwMessageDialog *dialog =
    message_dialog_new (job, _("Subscribe Again?"),
                        _("This customer unsubscribed, or their address bounced. Subscribe them again only "
                          "if they asked you to. Say how, for your record."),
                        _("_Subscribe Again"));

  job->list_id = list_id;
  job->contact_id = contact_id;
  job->entry = entry_new (dialog, _("Reason"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (job->entry), _("Asked for it at the market stall"));
  adw_message_dialog_set_response_enabled (dialog, "ok", FALSE);
  g_signal_connect (job->entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (resubscribe_response_cb), job, (GClosureNotify)job_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
