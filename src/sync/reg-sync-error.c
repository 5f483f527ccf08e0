/* reg-sync-error.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include "reg-sync-error.h"

G_DEFINE_QUARK (reg-sync-error-quark, reg_sync_error)
