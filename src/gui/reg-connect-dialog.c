/* reg-connect-dialog.c: what the dialogs connecting a shop share
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-connect-dialog.h"
#include "reg-credentials.h"
#include "reg-source.h"
#include "reg-sync-engine.h"

typedef struct
{
  RegStore     *store;
  GCancellable *cancellable;
  gboolean      name_edited;
  gboolean      setting_name;
  gboolean      save_after_test;

  AdwEntryRow  *name_row;
  GtkSpinner   *spinner;
  GtkLabel     *result_label;
} RegConnectDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (RegConnectDialog, reg_connect_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* "shop.example.com" for "https://shop.example.com/": a name to start with. */
static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_strdup (g_uri_get_host (uri));
}

static gboolean
get_details (RegConnectDialog  *self,
             RegConnectDetails *details)
{
  return REG_CONNECT_DIALOG_GET_CLASS (self)->get_details (self, details);
}

static void
set_result (RegConnectDialog *self,
            const char       *text,
            const char       *css_class)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);
  GtkWidget *label = GTK_WIDGET (priv->result_label);

  gtk_label_set_text (priv->result_label, text ? text : "");
  gtk_widget_set_visible (label, text != NULL);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "success");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

static void
update (RegConnectDialog *self)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);
  g_auto(RegConnectDetails) details = { 0, };
  g_autofree char *name = NULL;
  gboolean busy = priv->cancellable != NULL;
  gboolean ready;

  if (priv->name_row == NULL)
    return;

  ready = get_details (self, &details);
  name = reg_connect_dup_text (priv->name_row);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.test", ready && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.save", ready && name[0] && !busy);
  gtk_spinner_set_spinning (priv->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), busy);
}

static void
save (RegConnectDialog *self)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);
  g_auto(RegConnectDetails) details = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autofree char *name = reg_connect_dup_text (priv->name_row);
  gint64 id;

  if (!get_details (self, &details))
    return;

  if (!(id = reg_store_add_source (priv->store, REG_CONNECT_DIALOG_GET_CLASS (self)->platform, name, details.url,
                                   &error)) ||
      !(source = reg_store_get_source (priv->store, id, &error)))
    {
      set_result (self, error->message, "error");
      return;
    }

  /* Without a keyring the key could not be found again: say so, keep nothing. */
  if (!reg_credentials_store (source, details.key, details.secret, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf ("%s %s", error->message,
                                                  _("Regulars needs one to sync with a shop."));

      reg_store_remove_source (priv->store, id, NULL);
      set_result (self, message, "error");
      return;
    }

  g_signal_emit (self, signals[CONNECTED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RegConnectDialog) self = user_data;
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  gboolean ok = reg_sync_test_connection_finish_notice (result, &notice, &error);

  /* Closed meanwhile, or asked again since. */
  if (priv->cancellable == NULL || g_task_get_cancellable (G_TASK (result)) != priv->cancellable)
    return;
  g_clear_object (&priv->cancellable);

  if (ok && notice != NULL)
    {
      /* Translators: %s says what Regulars cannot read with this key, and how to change that */
      g_autofree char *text = g_strdup_printf (_("Connected, with a limit: %s"), notice);

      set_result (self, text, "warning");
    }
  else if (ok)
    set_result (self, _(REG_CONNECT_DIALOG_GET_CLASS (self)->connected_text), "success");
  else
    set_result (self, error->message, "error");
  update (self);

  if (ok && priv->save_after_test)
    save (self);
  priv->save_after_test = FALSE;
}

static void
test (RegConnectDialog *self)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);
  g_auto(RegConnectDetails) details = { 0, };

  if (!get_details (self, &details))
    return;

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  set_result (self, _("Asking the shop…"), NULL);
  update (self);

  reg_sync_test_connection_async (REG_CONNECT_DIALOG_GET_CLASS (self)->platform, details.url, details.key,
                                  details.secret, priv->cancellable, tested_cb, g_object_ref (self));
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RegConnectDialog *self = REG_CONNECT_DIALOG (widget);
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  priv->save_after_test = FALSE;
  test (self);
}

/* Saving tests first: a shop is only kept when it answers. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RegConnectDialog *self = REG_CONNECT_DIALOG (widget);
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  priv->save_after_test = TRUE;
  test (self);
}

static void
reg_connect_dialog_dispose (GObject *object)
{
  RegConnectDialog *self = (RegConnectDialog *)object;
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (reg_connect_dialog_parent_class)->dispose (object);
}

static void
reg_connect_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RegConnectDialog *self = REG_CONNECT_DIALOG (object);
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_connect_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RegConnectDialog *self = REG_CONNECT_DIALOG (object);
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_connect_dialog_class_init (RegConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_connect_dialog_dispose;
  object_class->set_property = reg_connect_dialog_set_property;
  object_class->get_property = reg_connect_dialog_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, REG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RegConnectDialog::connected:
   * @id: the new shop
   */
  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "connect.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "connect.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reg_connect_dialog_init (RegConnectDialog *self)
{
  /* Nothing to test with until the subclass says what was typed. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.test", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.save", FALSE);
}

/**
 * reg_connect_details_clear:
 *
 * Frees the details, overwriting the key and secret first.
 */
void
reg_connect_details_clear (RegConnectDetails *details)
{
  g_clear_pointer (&details->url, g_free);
  reg_credentials_wipe (&details->key);
  reg_credentials_wipe (&details->secret);
}

/**
 * reg_connect_dup_text:
 *
 * Returns: (transfer full): the row's text without the spaces around it
 */
char *
reg_connect_dup_text (AdwEntryRow *row)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  return g_strstrip (g_steal_pointer (&text));
}

void
reg_connect_dialog_set_parts (RegConnectDialog *self,
                              AdwEntryRow      *name_row,
                              GtkSpinner       *spinner,
                              GtkLabel         *result_label)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  g_return_if_fail (REG_IS_CONNECT_DIALOG (self));
  g_return_if_fail (ADW_IS_ENTRY_ROW (name_row));
  g_return_if_fail (GTK_IS_SPINNER (spinner));
  g_return_if_fail (GTK_IS_LABEL (result_label));

  priv->name_row = name_row;
  priv->spinner = spinner;
  priv->result_label = result_label;
  update (self);
}

void
reg_connect_dialog_changed (RegConnectDialog *self,
                            GtkWidget        *field)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  g_return_if_fail (REG_IS_CONNECT_DIALOG (self));

  if (priv->name_row == NULL || priv->setting_name)
    return;

  if (field == GTK_WIDGET (priv->name_row))
    priv->name_edited = TRUE;

  /* Until the owner names it, the shop is called by its address. */
  if (!priv->name_edited)
    {
      g_auto(RegConnectDetails) details = { 0, };
      g_autofree char *host = NULL;

      get_details (self, &details);
      host = host_of (details.url);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (priv->name_row)), host ? host : "") != 0)
        {
          priv->setting_name = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (priv->name_row), host ? host : "");
          priv->setting_name = FALSE;
        }
    }

  /* An answer to what was typed before would say nothing about this. */
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->save_after_test = FALSE;

  set_result (self, NULL, NULL);
  update (self);
}

RegStore *
reg_connect_dialog_get_store (RegConnectDialog *self)
{
  RegConnectDialogPrivate *priv = reg_connect_dialog_get_instance_private (self);

  g_return_val_if_fail (REG_IS_CONNECT_DIALOG (self), NULL);

  return priv->store;
}
