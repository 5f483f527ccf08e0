/* reg-purchase-dialog.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-purchase-dialog"

#include "config.h"
