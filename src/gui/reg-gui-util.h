/* reg-gui-util.h: small things the widgets share
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast  *reg_toast_new_plain           (const char *text);
GtkWidget *reg_widget_find_toast_overlay (GtkWidget  *widget);
char      *reg_customer_count_text      (gint64      n);
GSettings *reg_settings_new_if_installed (void);
char      *reg_default_currency         (void);

G_END_DECLS
