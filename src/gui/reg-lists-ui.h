/* reg-lists-ui.h: the small dialogs of newsletter lists
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-store.h"

G_BEGIN_DECLS

/* Says in a toast on @parent what a dialog did, or why it could not. */
typedef void (*RegListsUiReport) (GtkWindow  *parent,
                                  const char *message);

void reg_lists_ui_new_list           (GtkWindow        *parent,
                                      RegStore         *store,
                                      RegListsUiReport  report);
void reg_lists_ui_add_to_list        (GtkWindow        *parent,
                                      RegStore         *store,
                                      GArray           *contact_ids,
                                      RegListsUiReport  report);
void reg_lists_ui_import             (GtkWindow        *parent,
                                      RegStore         *store,
                                      gint64            list_id,
                                      RegListsUiReport  report);
void reg_lists_ui_export             (GtkWindow        *parent,
                                      RegStore         *store,
                                      gint64            list_id,
                                      RegListsUiReport  report);
void reg_lists_ui_resubscribe        (GtkWindow        *parent,
                                      RegStore         *store,
                                      gint64            list_id,
                                      gint64            contact_id,
                                      RegListsUiReport  report);

G_END_DECLS
