/* reg-shopify-dialog.h: connecting a Shopify store
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-connect-dialog.h"

G_BEGIN_DECLS

#define REG_TYPE_SHOPIFY_DIALOG (reg_shopify_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RegShopifyDialog, reg_shopify_dialog, REG, SHOPIFY_DIALOG, RegConnectDialog)

RegShopifyDialog *reg_shopify_dialog_new (GtkWindow *parent,
                                          RegStore  *store);

G_END_DECLS
