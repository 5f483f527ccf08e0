/* reg-preferences-window.c: shops and syncing
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "reg-credentials.h"
#include "reg-gui-util.h"
#include "reg-preferences-window.h"
#include "reg-shop-dialog.h"
#include "reg-shopify-dialog.h"
#include "reg-source.h"

struct _RegPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RegStore             *store;
  GSettings            *settings;
  RegSyncManager       *manager;
  GPtrArray            *shop_rows;

  AdwPreferencesGroup  *shops_group;
  GtkWidget            *connect_row;
  GtkWidget            *connect_shopify_row;
  GtkSwitch            *sync_on_start_switch;
  AdwComboRow          *interval_row;
};

G_DEFINE_FINAL_TYPE (RegPreferencesWindow, reg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  SHOP_CONNECTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The choices of "Sync every", in minutes. */
static const int intervals[] = { 0, 15, 30, 60, 240 };

static char *
format_when (gint64 unix_utc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_utc);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  /* Translators: when a shop was last synced, as strftime() writes it */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static char *
status_text (RegSource *source)
{
  g_autofree char *when = NULL;

  if (source->last_sync_at <= 0)
    return g_strdup (_("Never synced"));

  when = format_when (source->last_sync_at);
  if (source->last_ok)
    /* Translators: "Synced 23 Nov 2026, 10:24: 3 new orders, 1 updated, 0 new customers." */
    return g_strdup_printf (_("Synced %s: %s"), g_strstrip (when), source->last_result ? source->last_result : "");

  /* Translators: "Sync failed 23 Nov 2026, 10:24: The shop did not answer in time." */
  return g_strdup_printf (_("Sync failed %s: %s"), g_strstrip (when), source->last_result ? source->last_result : "");
}

static void
remove_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    RegPreferencesWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "reg-source-id"));
  g_autoptr(RegSource) source = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || !(source = reg_store_get_source (self->store, id, NULL)))
    return;

  reg_credentials_forget (source, NULL, NULL);
  if (!reg_store_remove_source (self->store, id, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), reg_toast_new_plain (error->message));
}

static void
remove_clicked_cb (GtkButton            *button,
                   RegPreferencesWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "reg-source-id"));
  g_autoptr(RegSource) source = reg_store_get_source (self->store, id, NULL);
  AdwMessageDialog *dialog;

  if (source == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"), source->name);
  adw_message_dialog_set_body (dialog, _("Regulars stops syncing with this shop and forgets its key. Its "
                                         "customers and orders stay in Regulars."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "reg-source-id", GSIZE_TO_POINTER ((gsize)id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_clicked_cb (GtkButton            *button,
                  RegPreferencesWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "reg-source-id"));
  g_autoptr(GError) error = NULL;

  /* Not while a sync runs: it would put its checkpoints back. */
  if (self->manager == NULL || reg_sync_manager_get_running (self->manager))
    return;

  if (!reg_store_restart_sync (self->store, id, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), reg_toast_new_plain (error->message));
      return;
    }

  reg_sync_manager_sync_all (self->manager);
}

static GtkWidget *
shop_row (RegPreferencesWindow *self,
          RegSource            *source)
{
  g_autofree char *status = status_text (source);
  g_autoptr(GPtrArray) log = reg_store_get_sync_log (self->store, source->id, 50, NULL);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), source->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), status);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Shop"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Shop"), -1);
  g_object_set_data (G_OBJECT (remove), "reg-source-id", GSIZE_TO_POINTER ((gsize)source->id));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove);

  /* What syncs skipped, and why: the owner's way to see what is missing,
   * and to try again once it is fixed in the shop or in Regulars. */
  if (log != NULL && log->len > 0)
    {
      GtkWidget *retry_row = adw_action_row_new ();
      GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (retry_row), _("Skipped Records"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (retry_row),
                                   _("Retrying reads all of this shop’s customers and orders again. "
                                     "Nothing is added twice."));
      gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (retry), "reg-source-id", GSIZE_TO_POINTER ((gsize)source->id));
      g_signal_connect (retry, "clicked", G_CALLBACK (retry_clicked_cb), self);
      if (self->manager != NULL)
        g_object_bind_property (self->manager, "running", retry, "sensitive",
                                G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      else
        gtk_widget_set_sensitive (retry, FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (retry_row), retry);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), retry_row);
    }

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      RegSyncSkip *skip = g_ptr_array_index (log, i);
      GtkWidget *entry = adw_action_row_new ();
      g_autofree char *when = format_when (skip->logged_at);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), skip->reason);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (entry), g_strstrip (when));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (entry), 3);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
    }
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), log != NULL && log->len > 0);

  return row;
}

static void
populate (RegPreferencesWindow *self)
{
  g_autoptr(GPtrArray) sources = reg_store_list_sources (self->store, NULL);

  for (guint i = 0; i < self->shop_rows->len; i++)
    adw_preferences_group_remove (self->shops_group, g_ptr_array_index (self->shop_rows, i));
  g_ptr_array_set_size (self->shop_rows, 0);

  /* The shops first, the rows to connect another after them. */
  g_object_ref (self->connect_row);
  g_object_ref (self->connect_shopify_row);
  adw_preferences_group_remove (self->shops_group, self->connect_row);
  adw_preferences_group_remove (self->shops_group, self->connect_shopify_row);
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      GtkWidget *row = shop_row (self, g_ptr_array_index (sources, i));

      adw_preferences_group_add (self->shops_group, row);
      g_ptr_array_add (self->shop_rows, row);
    }
  adw_preferences_group_add (self->shops_group, self->connect_row);
  adw_preferences_group_add (self->shops_group, self->connect_shopify_row);
  g_object_unref (self->connect_row);
  g_object_unref (self->connect_shopify_row);
}

static void
store_changed_cb (RegPreferencesWindow *self,
                  RegChangeFlags        flags,
                  GArray               *ids,
                  RegStore             *store)
{
  if (flags & REG_CHANGE_SOURCES)
    populate (self);
}

static void
connected_cb (RegConnectDialog     *dialog,
              gint64                id,
              RegPreferencesWindow *self)
{
  populate (self);
  g_signal_emit (self, signals[SHOP_CONNECTED], 0, id);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  RegPreferencesWindow *self = REG_PREFERENCES_WINDOW (widget);
  RegConnectDialog *dialog;

  if (g_str_equal (action_name, "prefs.connect-shopify"))
    dialog = REG_CONNECT_DIALOG (reg_shopify_dialog_new (GTK_WINDOW (self), self->store));
  else
    dialog = REG_CONNECT_DIALOG (reg_shop_dialog_new (GTK_WINDOW (self), self->store));

  g_signal_connect_object (dialog, "connected", G_CALLBACK (connected_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
interval_selected_cb (RegPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);

  if (self->settings != NULL && selected < G_N_ELEMENTS (intervals))
    g_settings_set_int (self->settings, "sync-interval", intervals[selected]);
}

static void
reg_preferences_window_dispose (GObject *object)
{
  RegPreferencesWindow *self = (RegPreferencesWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->shop_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (reg_preferences_window_parent_class)->dispose (object);
}

static void
reg_preferences_window_class_init (RegPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_preferences_window_dispose;

  /**
   * RegPreferencesWindow::shop-connected:
   * @id: the shop just connected, to sync
   */
  signals[SHOP_CONNECTED] =
    g_signal_new ("shop-connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "prefs.connect-woocommerce", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "prefs.connect-shopify", NULL, connect_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regulars/Regulars/reg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RegPreferencesWindow, shops_group);
  gtk_widget_class_bind_template_child (widget_class, RegPreferencesWindow, connect_row);
  gtk_widget_class_bind_template_child (widget_class, RegPreferencesWindow, connect_shopify_row);
  gtk_widget_class_bind_template_child (widget_class, RegPreferencesWindow, sync_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, RegPreferencesWindow, interval_row);
}

static void
reg_preferences_window_init (RegPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shop_rows = g_ptr_array_new ();
}

/**
 * reg_preferences_window_new:
 * @settings: (nullable): where the sync settings are kept
 */
RegPreferencesWindow *
reg_preferences_window_new (GtkWindow      *parent,
                            RegStore       *store,
                            GSettings      *settings,
                            RegSyncManager *manager)
{
  RegPreferencesWindow *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);
  g_return_val_if_fail (!manager || REG_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (REG_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->manager = manager ? g_object_ref (manager) : NULL;
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if (settings != NULL)
    {
      int minutes = g_settings_get_int (settings, "sync-interval");

      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "sync-on-start", self->sync_on_start_switch, "active", G_SETTINGS_BIND_DEFAULT);
      for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
        if (intervals[i] == minutes)
          adw_combo_row_set_selected (self->interval_row, i);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->sync_on_start_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->interval_row), FALSE);
    }
  g_signal_connect_object (self->interval_row, "notify::selected", G_CALLBACK (interval_selected_cb),
                           self, G_CONNECT_SWAPPED);

  populate (self);

  return self;
}
