/* reg-sample.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-types.h"

G_BEGIN_DECLS

#define REG_SAMPLE_SHOP_SIZE 320

GPtrArray *reg_sample_generate_contacts (guint   n_contacts,
                                         guint32 seed,
                                         gint64  now);

GPtrArray *reg_sample_generate_orders   (GPtrArray *contacts,
                                         guint32    seed,
                                         gint64     now);

G_END_DECLS
