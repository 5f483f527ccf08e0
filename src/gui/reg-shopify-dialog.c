/* reg-shopify-dialog.c: connecting a Shopify store
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-shopify-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-shopify-dialog.h"
#include "reg-shopify-map.h"
#include "reg-source.h"

struct _RegShopifyDialog
{
  RegConnectDialog  parent_instance;

  AdwEntryRow      *url_row;
  AdwEntryRow      *name_row;
  GtkLabel         *address_hint;
  GtkLabel         *address_error;
  GtkCheckButton   *token_check;
  GtkCheckButton   *client_check;
  AdwEntryRow      *token_row;
  AdwEntryRow      *client_id_row;
  AdwEntryRow      *client_secret_row;
  GtkWidget        *test_button;
  GtkWidget        *connect_button;
  GtkSpinner       *spinner;
  GtkLabel         *result_label;
};

G_DEFINE_FINAL_TYPE (RegShopifyDialog, reg_shopify_dialog, REG_TYPE_CONNECT_DIALOG)

/* The store's https://NAME.myshopify.com, or NULL with why not in @error
 * (and no error while nothing is typed). */
static char *
dup_url (RegShopifyDialog  *self,
         GError           **error)
{
  g_autofree char *text = reg_connect_dup_text (self->url_row);

  if (text[0] == '\0')
    return NULL;

  return reg_shopify_normalize_domain (text, error);
}

static void
update_fields (RegShopifyDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = dup_url (self, &error);
  gboolean token = gtk_check_button_get_active (self->token_check);

  gtk_label_set_text (self->address_error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->address_hint), error == NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->token_row), token);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), !token);
  gtk_widget_set_visible (GTK_WIDGET (self->client_secret_row), !token);
}

static void
changed_cb (RegShopifyDialog *self,
            GtkWidget        *field)
{
  update_fields (self);
  reg_connect_dialog_changed (REG_CONNECT_DIALOG (self), field);
}

/* An access token is kept as the key with no secret; the client
 * credentials as key and secret, which the sync trades for a token. */
static gboolean
reg_shopify_dialog_get_details (RegConnectDialog  *dialog,
                                RegConnectDetails *details)
{
  RegShopifyDialog *self = REG_SHOPIFY_DIALOG (dialog);

  details->url = dup_url (self, NULL);
  if (gtk_check_button_get_active (self->token_check))
    {
      details->key = reg_connect_dup_text (self->token_row);
      details->secret = g_strdup ("");
      return details->url && details->key[0];
    }

  details->key = reg_connect_dup_text (self->client_id_row);
  details->secret = reg_connect_dup_text (self->client_secret_row);
  return details->url && details->key[0] && details->secret[0];
}

static void
reg_shopify_dialog_class_init (RegShopifyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RegConnectDialogClass *connect_class = REG_CONNECT_DIALOG_CLASS (klass);

  connect_class->platform = REG_ORIGIN_SHOPIFY;
  connect_class->connected_text = N_("Connected: Regulars can read the store’s customers and all its orders.");
  connect_class->get_details = reg_shopify_dialog_get_details;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-shopify-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, address_hint);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, address_error);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, token_check);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, client_check);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RegShopifyDialog, result_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
reg_shopify_dialog_init (RegShopifyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  reg_connect_dialog_set_parts (REG_CONNECT_DIALOG (self), self->name_row, self->spinner, self->result_label);
}

RegShopifyDialog *
reg_shopify_dialog_new (GtkWindow *parent,
                        RegStore  *store)
{
  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  return g_object_new (REG_TYPE_SHOPIFY_DIALOG, "transient-for", parent, "store", store, NULL);
}
