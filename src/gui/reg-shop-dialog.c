/* reg-shop-dialog.c: connecting a WooCommerce shop
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-credentials.h"
#include "reg-shop-dialog.h"
#include "reg-source.h"
#include "reg-sync-engine.h"

struct _RegShopDialog
{
  AdwWindow     parent_instance;

  RegStore     *store;
  GCancellable *cancellable;
  gboolean      name_edited;
  gboolean      setting_name;
  gboolean      connect_after_test;

  AdwEntryRow  *url_row;
  AdwEntryRow  *name_row;
  AdwEntryRow  *key_row;
  AdwEntryRow  *secret_row;
  GtkWidget    *test_button;
  GtkWidget    *connect_button;
  GtkSpinner   *spinner;
  GtkLabel     *result_label;
};

G_DEFINE_FINAL_TYPE (RegShopDialog, reg_shop_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static char *
text_of (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  return g_strstrip (g_steal_pointer (&text));
}

/* "shop.example.com" for "https://shop.example.com/": a name to start with. */
static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_strdup (g_uri_get_host (uri));
}

/* An address without a scheme is taken as https://. */
static char *
dup_url (RegShopDialog *self)
{
  g_autofree char *url = text_of (self->url_row);

  if (url[0] != '\0' && strstr (url, "://") == NULL)
    return g_strconcat ("https://", url, NULL);

  return g_steal_pointer (&url);
}

static void
set_result (RegShopDialog *self,
            const char    *text,
            const char    *css_class)
{
  gtk_label_set_text (self->result_label, text ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "success");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), css_class);
}

static void
update (RegShopDialog *self)
{
  g_autofree char *url = text_of (self->url_row);
  g_autofree char *name = text_of (self->name_row);
  g_autofree char *key = text_of (self->key_row);
  g_autofree char *secret = text_of (self->secret_row);
  gboolean busy = self->cancellable != NULL;
  gboolean filled = url[0] && key[0] && secret[0];

  gtk_widget_set_sensitive (self->test_button, filled && !busy);
  gtk_widget_set_sensitive (self->connect_button, filled && name[0] && !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
changed_cb (RegShopDialog *self,
            AdwEntryRow   *row)
{
  if (row == self->name_row && !self->setting_name)
    self->name_edited = TRUE;

  /* Until the owner names it, the shop is called by its address. */
  if (row == self->url_row && !self->name_edited)
    {
      g_autofree char *url = dup_url (self);
      g_autofree char *host = host_of (url);

      self->setting_name = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), host ? host : "");
      self->setting_name = FALSE;
    }

  set_result (self, NULL, NULL);
  update (self);
}

static void
save (RegShopDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autofree char *url = dup_url (self);
  g_autofree char *name = text_of (self->name_row);
  g_autofree char *key = text_of (self->key_row);
  g_autofree char *secret = text_of (self->secret_row);
  gint64 id;

  if (!(id = reg_store_add_source (self->store, REG_ORIGIN_WOOCOMMERCE, name, url, &error)) ||
      !(source = reg_store_get_source (self->store, id, &error)))
    {
      set_result (self, error->message, "error");
      goto out;
    }

  /* Without a keyring the key could not be found again: say so, keep nothing. */
  if (!reg_credentials_store (source, key, secret, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf ("%s %s", error->message,
                                                  _("Regulars needs one to sync with a shop."));

      reg_store_remove_source (self->store, id, NULL);
      set_result (self, message, "error");
      goto out;
    }

  g_signal_emit (self, signals[CONNECTED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));

out:
  reg_credentials_wipe (&key);
  reg_credentials_wipe (&secret);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RegShopDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = reg_sync_test_connection_finish (result, &error);

  /* Closed meanwhile, or asked again since. */
  if (self->cancellable == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (ok)
    set_result (self, _("Connected: the key can read orders and customers."), "success");
  else
    set_result (self, error->message, "error");
  update (self);

  if (ok && self->connect_after_test)
    save (self);
  self->connect_after_test = FALSE;
}

static void
test (RegShopDialog *self)
{
  g_autofree char *url = dup_url (self);
  g_autofree char *key = text_of (self->key_row);
  g_autofree char *secret = text_of (self->secret_row);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_result (self, _("Asking the shop…"), NULL);
  update (self);

  reg_sync_test_connection_async (REG_ORIGIN_WOOCOMMERCE, url, key, secret, self->cancellable,
                                  tested_cb, g_object_ref (self));
  reg_credentials_wipe (&key);
  reg_credentials_wipe (&secret);
}

static void
test_clicked_cb (RegShopDialog *self)
{
  self->connect_after_test = FALSE;
  test (self);
}

/* Connecting tests first: a shop is only kept when it answers. */
static void
connect_clicked_cb (RegShopDialog *self)
{
  self->connect_after_test = TRUE;
  test (self);
}

static void
reg_shop_dialog_dispose (GObject *object)
{
  RegShopDialog *self = (RegShopDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reg_shop_dialog_parent_class)->dispose (object);
}

static void
reg_shop_dialog_class_init (RegShopDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_shop_dialog_dispose;

  /**
   * RegShopDialog::connected:
   * @id: the new shop
   */
  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-shop-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RegShopDialog, result_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reg_shop_dialog_init (RegShopDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

RegShopDialog *
reg_shop_dialog_new (GtkWindow *parent,
                     RegStore  *store)
{
  RegShopDialog *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  self = g_object_new (REG_TYPE_SHOP_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);

  return self;
}
