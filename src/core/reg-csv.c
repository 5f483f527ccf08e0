/* reg-csv.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-csv"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-csv.h"
