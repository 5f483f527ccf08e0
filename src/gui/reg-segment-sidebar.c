/* reg-segment-sidebar.c: every customer, the owner's segments and the
 * built-in groups, each with how many customers are in it
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-segment-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-analysis.h"
#include "reg-gui-util.h"
#include "reg-lists.h"
#include "reg-lists-ui.h"
#include "reg-segment.h"
#include "reg-segment-dialog.h"
#include "reg-segment-sidebar.h"

/* Counts follow changes once they have settled for this long. */
#define RECOUNT_DELAY_MS 500

typedef enum
{
  KIND_ALL,
  KIND_SAVED,
  KIND_GROUP,
  KIND_CLASS,
  KIND_LIST,
} Kind;

typedef struct
{
  Kind       kind;
  gint64     id;           /* a saved segment's */
  char      *name;
  char      *rule;         /* JSON; NULL for every customer */
  char      *explanation;  /* (nullable) */
  gint64     count;        /* -1 until counted */
  GtkWidget *row;
  GtkLabel  *count_label;
} Entry;

struct _RegSegmentSidebar
{
  GtkBox        parent_instance;

  GtkListBox   *list_box;

  RegStore     *store;
  GPtrArray    *entries;     /* Entry, in the order shown */
  Entry        *selected;
  GCancellable *counting;
  guint         recount_timer;
  gboolean      rebuilding;
};

G_DEFINE_FINAL_TYPE (RegSegmentSidebar, reg_segment_sidebar, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_COUNTING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->rule);
  g_free (entry->explanation);
  g_free (entry);
}

static Entry *
add_entry (RegSegmentSidebar *self,
           Kind               kind,
           gint64             id,
           const char        *name,
           const char        *rule,
           const char        *explanation)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->kind = kind;
  entry->id = id;
  entry->name = g_strdup (name);
  entry->rule = g_strdup (rule);
  entry->explanation = g_strdup (explanation);
  entry->count = -1;
  g_ptr_array_add (self->entries, entry);

  return entry;
}

/* Counting, in a worker thread */

typedef struct
{
  RegStore  *store;
  GPtrArray *rules;   /* char *, or NULL for every customer */
  gint64     now;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->rules, g_ptr_array_unref);
  g_free (job);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  g_autoptr(GArray) counts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), job->rules->len);

  for (guint i = 0; i < job->rules->len; i++)
    {
      const char *json = g_ptr_array_index (job->rules, i);
      g_autoptr(RegSegmentRule) rule = NULL;
      g_autoptr(GError) error = NULL;
      gint64 n;

      if (json == NULL)
        n = reg_store_count_contacts (job->store, &error);
      else if ((rule = reg_segment_rule_parse (json, &error)))
        n = reg_segment_count (job->store, rule, job->now, cancellable, &error);
      else
        n = -1;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_cancellable_is_cancelled (cancellable))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return;
        }
      if (error != NULL)
        g_debug ("Could not count a segment: %s", error->message);

      g_array_append_val (counts, n);
    }

  g_task_return_pointer (task, g_steal_pointer (&counts), (GDestroyNotify)g_array_unref);
}

static void
show_count (Entry *entry)
{
  g_autofree char *text = NULL;

  if (entry->count_label == NULL)
    return;

  if (entry->count >= 0)
    text = g_strdup_printf ("%'" G_GINT64_FORMAT, entry->count);
  gtk_label_set_text (entry->count_label, text ? text : "");
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RegSegmentSidebar *self = REG_SEGMENT_SIDEBAR (object);
  g_autoptr(GArray) counts = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer count, or new entries, have taken over. */
  if (counts == NULL || g_task_get_cancellable (G_TASK (result)) != self->counting)
    return;

  g_clear_object (&self->counting);
  for (guint i = 0; i < counts->len && i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      entry->count = g_array_index (counts, gint64, i);
      show_count (entry);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
recount (RegSegmentSidebar *self)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job;

  g_clear_handle_id (&self->recount_timer, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);

  if (self->store == NULL)
    return;

  job = g_new0 (CountJob, 1);
  job->store = g_object_ref (self->store);
  job->rules = g_ptr_array_new_with_free_func (g_free);
  job->now = g_get_real_time () / G_USEC_PER_SEC;
  for (guint i = 0; i < self->entries->len; i++)
    g_ptr_array_add (job->rules, g_strdup (((Entry *)g_ptr_array_index (self->entries, i))->rule));

  self->counting = g_cancellable_new ();
  task = g_task_new (self, self->counting, counted_cb, NULL);
  g_task_set_source_tag (task, recount);
  g_task_set_task_data (task, job, count_job_free);
  g_task_run_in_thread (task, count_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static gboolean
recount_timeout_cb (gpointer data)
{
  RegSegmentSidebar *self = data;

  self->recount_timer = 0;
  recount (self);

  return G_SOURCE_REMOVE;
}

/* Rows */

/* What a list dialog did, as a toast on the window. */
static void
report_cb (GtkWindow  *window,
           const char *message)
{
  GtkWidget *overlay = window ? reg_widget_find_toast_overlay (GTK_WIDGET (window)) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), reg_toast_new_plain (message));
  else
    g_message ("%s", message);
}

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    RegSegmentSidebar *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "reg-segment-id"));
  g_autoptr(GError) error = NULL;

  gboolean list = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "reg-is-list"));

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL)
    return;

  if (list ? !reg_store_remove_list (self->store, id, &error) : !reg_store_remove_segment (self->store, id, &error))
    report_cb (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error->message);
}

static Entry *
entry_by_id (RegSegmentSidebar *self,
             Kind               kind,
             gint64             id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->kind == kind && entry->id == id)
        return entry;
    }

  return NULL;
}

static void
delete_segment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RegSegmentSidebar *self = REG_SEGMENT_SIDEBAR (widget);
  gboolean list = g_str_equal (action_name, "sidebar.delete-list");
  Entry *entry = entry_by_id (self, list ? KIND_LIST : KIND_SAVED, g_variant_get_int64 (param));
  AdwMessageDialog *dialog;

  if (entry == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Delete “%s”?"), entry->name);
  adw_message_dialog_set_body (dialog, list ? _("The list and its record of who subscribed, and when, are "
                                                "deleted. Its customers stay as they are.")
                                            : _("Only the segment’s rule is deleted. Its customers stay as they "
                                                "are."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "reg-segment-id", GSIZE_TO_POINTER ((gsize)entry->id));
  g_object_set_data (G_OBJECT (dialog), "reg-is-list", GINT_TO_POINTER (list));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_editor (RegSegmentSidebar *self,
             Entry             *entry)
{
  g_autoptr(RegSegment) segment = NULL;
  RegSegmentDialog *dialog;

  if (self->store == NULL)
    return;

  if (entry != NULL)
    {
      segment = g_new0 (RegSegment, 1);
      segment->id = entry->id;
      segment->name = g_strdup (entry->name);
      segment->rule = g_strdup (entry->rule);
    }

  dialog = reg_segment_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store, segment);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RegSegmentSidebar *self = REG_SEGMENT_SIDEBAR (widget);
  Entry *entry = entry_by_id (self, KIND_SAVED, g_variant_get_int64 (param));

  if (entry != NULL)
    open_editor (self, entry);
}

static void
list_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RegSegmentSidebar *self = REG_SEGMENT_SIDEBAR (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));

  if (self->store == NULL)
    return;

  if (g_str_equal (action_name, "sidebar.new-list"))
    reg_lists_ui_new_list (window, self->store, report_cb);
  else if (g_str_equal (action_name, "sidebar.import-list"))
    reg_lists_ui_import (window, self->store, g_variant_get_int64 (param), report_cb);
  else if (g_str_equal (action_name, "sidebar.export-list"))
    reg_lists_ui_export (window, self->store, g_variant_get_int64 (param), report_cb);
}

static void
new_segment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  open_editor (REG_SEGMENT_SIDEBAR (widget), NULL);
}

static GtkWidget *
create_row (Entry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (entry->name);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);

  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), count);

  if (entry->kind == KIND_SAVED || entry->kind == KIND_LIST)
    {
      g_autoptr(GMenu) menu = g_menu_new ();
      GtkWidget *button = gtk_menu_button_new ();
      g_autofree char *label = g_strdup_printf (_("Change “%s”"), entry->name);
      gboolean list = entry->kind == KIND_LIST;
      const struct { const char *label; const char *action; gboolean for_list; } items[] = {
        { N_("_Edit…"), "sidebar.edit", FALSE },
        { N_("_Import Mailchimp File…"), "sidebar.import-list", TRUE },
        { N_("_Export Subscribers…"), "sidebar.export-list", TRUE },
        { N_("_Delete"), "sidebar.delete", FALSE },
        { N_("_Delete List"), "sidebar.delete-list", TRUE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        if (items[i].for_list == list)
          {
            g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

            g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (entry->id));
            g_menu_append_item (menu, item);
          }
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_widget_set_tooltip_text (row, entry->explanation);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  entry->row = row;
  entry->count_label = GTK_LABEL (count);
  g_object_set_data (G_OBJECT (row), "reg-entry-kind", GINT_TO_POINTER (entry->kind));

  return row;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  Kind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "reg-entry-kind"));
  Kind before_kind = before ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "reg-entry-kind")) : KIND_ALL;
  const char *title = NULL;
  GtkWidget *header;

  if (before != NULL && kind == before_kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  switch (kind)
    {
    case KIND_SAVED:
      title = _("Your Segments");
      break;
    case KIND_GROUP:
      title = _("Customer Groups");
      break;
    case KIND_CLASS:
      title = _("Revenue Classes");
      break;
    case KIND_LIST:
      title = _("Newsletter Lists");
      break;
    case KIND_ALL:
    default:
      break;
    }

  if (title == NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_list_box_row_set_header (row, header);
}

/* Reads the segments anew, keeping the one chosen where it still is. */
static void
rebuild (RegSegmentSidebar *self)
{
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) builtin = reg_segments_get_builtin ();
  g_autofree char *selected_name = self->selected ? g_strdup (self->selected->name) : NULL;
  Kind selected_kind = self->selected ? self->selected->kind : KIND_ALL;
  GtkWidget *child;
  Entry *select = NULL;

  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);
  self->selected = NULL;
  g_ptr_array_set_size (self->entries, 0);

  add_entry (self, KIND_ALL, 0, _("All Customers"), NULL, NULL);

  if (self->store != NULL && (saved = reg_store_list_segments (self->store, NULL)))
    for (guint i = 0; i < saved->len; i++)
      {
        RegSegment *segment = g_ptr_array_index (saved, i);
        g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (segment->rule, NULL);
        g_autofree char *description = rule ? reg_segment_rule_describe (rule) : NULL;

        add_entry (self, KIND_SAVED, segment->id, segment->name, segment->rule, description);
      }

  if (self->store != NULL && (lists = reg_store_get_lists (self->store, NULL)))
    for (guint i = 0; i < lists->len; i++)
      {
        RegListInfo *list = g_ptr_array_index (lists, i);
        g_autoptr(RegSegmentRule) rule = reg_segment_rule_new (REG_SEGMENT_MATCH_ALL);
        g_autofree char *json = NULL;
        g_autofree char *explanation = NULL;

        reg_segment_condition_add_text (reg_segment_rule_add_condition (rule, REG_SEGMENT_FIELD_LIST,
                                                                        REG_SEGMENT_OP_HAS),
                                        list->name);
        json = reg_segment_rule_to_json (rule);
        /* Translators: the numbers of a newsletter list's members by status */
        explanation = g_strdup_printf (_("%u subscribed, %u waiting to confirm, %u unsubscribed, %u bounced"),
                                       list->n_subscribed, list->n_pending, list->n_unsubscribed, list->n_cleaned);
        add_entry (self, KIND_LIST, list->id, list->name, json, explanation);
      }

  for (guint i = 0; i < builtin->len; i++)
    {
      RegSegment *segment = g_ptr_array_index (builtin, i);
      Kind kind = i < REG_RFM_N_GROUPS - 1 ? KIND_GROUP : KIND_CLASS;
      const char *explanation = kind == KIND_GROUP ? reg_rfm_group_get_explanation (i + 1)
                                : reg_abc_class_get_explanation ('A' + (i - (REG_RFM_N_GROUPS - 1)));

      add_entry (self, kind, 0, segment->name, segment->rule, explanation);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      gtk_list_box_append (self->list_box, create_row (entry));
      if (select == NULL && entry->kind == selected_kind && g_strcmp0 (entry->name, selected_name) == 0)
        select = entry;
    }

  if (select == NULL)
    select = g_ptr_array_index (self->entries, 0);
  gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (select->row));
  self->selected = select;
  self->rebuilding = FALSE;

  recount (self);
}

static void
row_selected_cb (RegSegmentSidebar *self,
                 GtkListBoxRow     *row,
                 GtkListBox        *list_box)
{
  Entry *chosen = NULL;

  if (self->rebuilding || row == NULL)
    return;

  for (guint i = 0; i < self->entries->len && chosen == NULL; i++)
    if (((Entry *)g_ptr_array_index (self->entries, i))->row == GTK_WIDGET (row))
      chosen = g_ptr_array_index (self->entries, i);

  if (chosen == NULL || chosen == self->selected)
    return;

  self->selected = chosen;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
store_changed_cb (RegSegmentSidebar *self,
                  RegChangeFlags     flags,
                  GArray            *ids,
                  RegStore          *store)
{
  if (flags & (REG_CHANGE_SEGMENTS | REG_CHANGE_LISTS))
    {
      const char *rule_before = self->selected ? self->selected->rule : NULL;
      g_autofree char *kept = g_strdup (rule_before);

      rebuild (self);
      /* The segment shown was changed or deleted: the list follows. */
      if (g_strcmp0 (kept, self->selected ? self->selected->rule : NULL) != 0)
        g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  if (flags & (REG_CHANGE_CONTACTS | REG_CHANGE_ORDERS | REG_CHANGE_SCORES | REG_CHANGE_NOTES))
    {
      g_clear_handle_id (&self->recount_timer, g_source_remove);
      self->recount_timer = g_timeout_add (RECOUNT_DELAY_MS, recount_timeout_cb, self);
    }
}

static void
reg_segment_sidebar_dispose (GObject *object)
{
  RegSegmentSidebar *self = (RegSegmentSidebar *)object;

  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_handle_id (&self->recount_timer, g_source_remove);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), REG_TYPE_SEGMENT_SIDEBAR);

  G_OBJECT_CLASS (reg_segment_sidebar_parent_class)->dispose (object);
}

static void
reg_segment_sidebar_finalize (GObject *object)
{
  RegSegmentSidebar *self = (RegSegmentSidebar *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (reg_segment_sidebar_parent_class)->finalize (object);
}

static void
reg_segment_sidebar_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RegSegmentSidebar *self = REG_SEGMENT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_COUNTING:
      g_value_set_boolean (value, reg_segment_sidebar_get_counting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_segment_sidebar_class_init (RegSegmentSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_segment_sidebar_dispose;
  object_class->finalize = reg_segment_sidebar_finalize;
  object_class->get_property = reg_segment_sidebar_get_property;

  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RegSegmentSidebar::changed:
   *
   * Another segment was chosen, the one chosen changed, or counts came in.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regulars/Regulars/reg-segment-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, RegSegmentSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_install_action (widget_class, "sidebar.new", NULL, new_segment_action);
  gtk_widget_class_install_action (widget_class, "sidebar.edit", "x", edit_segment_action);
  gtk_widget_class_install_action (widget_class, "sidebar.delete", "x", delete_segment_action);
  gtk_widget_class_install_action (widget_class, "sidebar.delete-list", "x", delete_segment_action);
  gtk_widget_class_install_action (widget_class, "sidebar.new-list", NULL, list_action);
  gtk_widget_class_install_action (widget_class, "sidebar.import-list", "x", list_action);
  gtk_widget_class_install_action (widget_class, "sidebar.export-list", "x", list_action);
}

static void
reg_segment_sidebar_init (RegSegmentSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_ptr_array_new_with_free_func (entry_free);
  gtk_list_box_set_header_func (self->list_box, header_func, NULL, NULL);
  rebuild (self);
}

void
reg_segment_sidebar_set_store (RegSegmentSidebar *self,
                               RegStore          *store)
{
  g_return_if_fail (REG_IS_SEGMENT_SIDEBAR (self));
  g_return_if_fail (!store || REG_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild (self);
}

/**
 * reg_segment_sidebar_get_name:
 *
 * Returns: the name of the segment chosen ("All Customers" for everyone)
 */
const char *
reg_segment_sidebar_get_name (RegSegmentSidebar *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_SIDEBAR (self), NULL);

  return self->selected ? self->selected->name : NULL;
}

/**
 * reg_segment_sidebar_get_rule:
 *
 * Returns: (nullable): the rule of the segment chosen, %NULL for everyone
 */
const char *
reg_segment_sidebar_get_rule (RegSegmentSidebar *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_SIDEBAR (self), NULL);

  return self->selected ? self->selected->rule : NULL;
}

/**
 * reg_segment_sidebar_get_explanation:
 *
 * Returns: (nullable): what the segment chosen is, in a sentence
 */
const char *
reg_segment_sidebar_get_explanation (RegSegmentSidebar *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_SIDEBAR (self), NULL);

  return self->selected ? self->selected->explanation : NULL;
}

/**
 * reg_segment_sidebar_get_count:
 * @name: (nullable): a segment's name, or %NULL for the one chosen
 *
 * Returns: how many customers it has, or -1 until counted
 */
gint64
reg_segment_sidebar_get_count (RegSegmentSidebar *self,
                               const char        *name)
{
  g_return_val_if_fail (REG_IS_SEGMENT_SIDEBAR (self), -1);

  if (name == NULL)
    return self->selected ? self->selected->count : -1;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        return entry->count;
    }

  return -1;
}

/**
 * reg_segment_sidebar_select:
 *
 * Returns: whether there is a segment called @name to choose
 */
gboolean
reg_segment_sidebar_select (RegSegmentSidebar *self,
                            const char        *name)
{
  g_return_val_if_fail (REG_IS_SEGMENT_SIDEBAR (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        {
          gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (entry->row));
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
reg_segment_sidebar_get_counting (RegSegmentSidebar *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_SIDEBAR (self), FALSE);

  return self->counting != NULL;
}
