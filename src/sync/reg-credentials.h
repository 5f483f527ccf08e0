/* reg-credentials.h: a shop's key and secret, in the keyring
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-source.h"

G_BEGIN_DECLS

gboolean  reg_credentials_available (void);
gboolean  reg_credentials_store     (RegSource     *source,
                                     const char    *key,
                                     const char    *secret,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean  reg_credentials_lookup    (RegSource     *source,
                                     char         **key,
                                     char         **secret,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean  reg_credentials_forget    (RegSource     *source,
                                     GCancellable  *cancellable,
                                     GError       **error);
void      reg_credentials_wipe      (char         **text);

G_END_DECLS
