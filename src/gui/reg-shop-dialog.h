/* reg-shop-dialog.h: connecting a WooCommerce shop
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-connect-dialog.h"

G_BEGIN_DECLS

#define REG_TYPE_SHOP_DIALOG (reg_shop_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RegShopDialog, reg_shop_dialog, REG, SHOP_DIALOG, RegConnectDialog)

RegShopDialog *reg_shop_dialog_new (GtkWindow *parent,
                                    RegStore  *store);

G_END_DECLS
