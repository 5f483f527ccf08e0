/* reg-shop-dialog.c: connecting a WooCommerce shop
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-shop-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-shop-dialog.h"
#include "reg-source.h"

struct _RegShopDialog
{
  RegConnectDialog  parent_instance;

  AdwEntryRow      *url_row;
  AdwEntryRow      *name_row;
  AdwEntryRow      *key_row;
  AdwEntryRow      *secret_row;
  GtkWidget        *test_button;
  GtkWidget        *connect_button;
  GtkSpinner       *spinner;
  GtkLabel         *result_label;
};

G_DEFINE_FINAL_TYPE (RegShopDialog, reg_shop_dialog, REG_TYPE_CONNECT_DIALOG)

/* An address without a scheme is taken as https://. */
static char *
dup_url (RegShopDialog *self)
{
  g_autofree char *url = reg_connect_dup_text (self->url_row);

  if (url[0] != '\0' && strstr (url, "://") == NULL)
    return g_strconcat ("https://", url, NULL);

  return g_steal_pointer (&url);
}

static void
changed_cb (RegShopDialog *self,
            GtkWidget     *row)
{
  reg_connect_dialog_changed (REG_CONNECT_DIALOG (self), row);
}

static gboolean
reg_shop_dialog_get_details (RegConnectDialog  *dialog,
                             RegConnectDetails *details)
{
  RegShopDialog *self = REG_SHOP_DIALOG (dialog);

  details->url = dup_url (self);
  details->key = reg_connect_dup_text (self->key_row);
  details->secret = reg_connect_dup_text (self->secret_row);

  return details->url[0] && details->key[0] && details->secret[0];
}

static void
reg_shop_dialog_class_init (RegShopDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RegConnectDialogClass *connect_class = REG_CONNECT_DIALOG_CLASS (klass);

  connect_class->platform = REG_ORIGIN_WOOCOMMERCE;
  connect_class->connected_text = N_("Connected: the key can read orders and customers.");
  connect_class->get_details = reg_shop_dialog_get_details;

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
}

static void
reg_shop_dialog_init (RegShopDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  reg_connect_dialog_set_parts (REG_CONNECT_DIALOG (self), self->name_row, self->spinner, self->result_label);
}

RegShopDialog *
reg_shop_dialog_new (GtkWindow *parent,
                     RegStore  *store)
{
  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  return g_object_new (REG_TYPE_SHOP_DIALOG, "transient-for", parent, "store", store, NULL);
}
