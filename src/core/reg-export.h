/* reg-export.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "reg-store.h"

G_BEGIN_DECLS

gboolean reg_export_contacts (RegStore      *store,
                              GArray        *ids,
                              GFile         *file,
                              gboolean       bom,
                              GCancellable  *cancellable,
                              guint         *n_written,
                              GError       **error);
gboolean reg_export_orders   (RegStore      *store,
                              GArray        *contact_ids,
                              GFile         *file,
                              gboolean       bom,
                              GCancellable  *cancellable,
                              guint         *n_written,
                              GError       **error);

G_END_DECLS
