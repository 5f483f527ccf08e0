/* reg-import-dialog.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-import.h"

G_BEGIN_DECLS

#define REG_TYPE_IMPORT_DIALOG (reg_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RegImportDialog, reg_import_dialog, REG, IMPORT_DIALOG, AdwWindow)

RegImportDialog *reg_import_dialog_new        (GtkWindow       *parent,
                                               RegStore        *store,
                                               GFile           *file);
const char      *reg_import_dialog_get_page   (RegImportDialog *self);
RegImport       *reg_import_dialog_get_import (RegImportDialog *self);
void             reg_import_dialog_start      (RegImportDialog *self);
const char      *reg_import_dialog_get_summary (RegImportDialog *self);

G_END_DECLS
