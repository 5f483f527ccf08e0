/* reg-test-gui.h: looking for things on screen in the GUI tests
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*RegTestCondition) (gconstpointer data);

void       reg_test_wait_until     (RegTestCondition  condition,
                                    gconstpointer     data,
                                    const char       *what);
GtkWidget *reg_test_find_widget    (GtkWidget        *widget,
                                    GType             type);
gboolean   reg_test_shows_text     (GtkWidget        *widget,
                                    const char       *text);
GtkWidget *reg_test_find_button    (GtkWidget        *widget,
                                    const char       *label);
GtkWidget *reg_test_find_by_action (GtkWidget        *widget,
                                    const char       *action);
GtkWidget *reg_test_find_row       (GtkWidget        *widget,
                                    const char       *title);

G_END_DECLS
