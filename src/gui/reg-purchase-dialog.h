/* reg-purchase-dialog.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-store.h"

G_BEGIN_DECLS

/**
 * RegPurchaseCheck:
 * @price: the price of one, in minor units, when @can_add
 * @total: quantity × @price, when @can_add
 * @price_error: something is typed in the price that is not a price
 * @message: (nullable): why the purchase cannot be added yet, for the owner
 * @can_add: whether Add may be pressed
 *
 * What the purchase dialog makes of what was typed.
 */
typedef struct
{
  gint64    price;
  gint64    total;
  gboolean  price_error;
  char     *message;
  gboolean  can_add;
} RegPurchaseCheck;

void     reg_purchase_check_clear            (RegPurchaseCheck *check);
void     reg_purchase_dialog_check           (const char       *price_text,
                                              gint64            quantity,
                                              const char       *currency,
                                              gint64            ordered_at,
                                              gint64            now,
                                              RegPurchaseCheck *out);
gint64   reg_purchase_dialog_ordered_at      (GDateTime        *day,
                                              gint64            now);

#define REG_TYPE_PURCHASE_DIALOG (reg_purchase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RegPurchaseDialog, reg_purchase_dialog, REG, PURCHASE_DIALOG, AdwWindow)

RegPurchaseDialog *reg_purchase_dialog_new   (GtkWindow        *parent,
                                              RegStore         *store,
                                              gint64            contact_id,
                                              const char       *currency);
void     reg_purchase_dialog_set_date        (RegPurchaseDialog *self,
                                              GDateTime        *day);

G_END_DECLS
