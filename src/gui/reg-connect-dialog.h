/* reg-connect-dialog.h: what the dialogs connecting a shop share
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-store.h"

G_BEGIN_DECLS

#define REG_TYPE_CONNECT_DIALOG (reg_connect_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (RegConnectDialog, reg_connect_dialog, REG, CONNECT_DIALOG, AdwWindow)

/* What the owner typed, as a connection needs it. */
typedef struct
{
  char *url;     /* the shop's address, NULL while what was typed is not one */
  char *key;     /* wiped when cleared */
  char *secret;  /* wiped when cleared; "" where there is none */
} RegConnectDetails;

void reg_connect_details_clear (RegConnectDetails *details);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RegConnectDetails, reg_connect_details_clear)

struct _RegConnectDialogClass
{
  AdwWindowClass parent_class;

  RegOrigin      platform;
  /* N_(): said when the test works */
  const char    *connected_text;

  /* Fills @details from the fields; %TRUE when they are enough to test
   * the connection with. */
  gboolean     (*get_details) (RegConnectDialog  *self,
                               RegConnectDetails *details);
};

/* For the subclasses, after gtk_widget_init_template(): the row with the
 * shop's name in Regulars, and where the test shows how it goes. The
 * template's buttons use the actions "connect.test" and "connect.save"
 * (which tests first, and keeps the shop only when it answers). */
void      reg_connect_dialog_set_parts   (RegConnectDialog *self,
                                          AdwEntryRow      *name_row,
                                          GtkSpinner       *spinner,
                                          GtkLabel         *result_label);
/* Something the owner typed or chose changed. */
void      reg_connect_dialog_changed     (RegConnectDialog *self,
                                          GtkWidget        *field);
RegStore *reg_connect_dialog_get_store   (RegConnectDialog *self);

/* The row's text without the spaces around it. */
char     *reg_connect_dup_text           (AdwEntryRow      *row);

G_END_DECLS
