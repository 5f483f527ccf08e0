/* reg-text.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *reg_text_normalize_email   (const char *email);
gboolean  reg_text_email_looks_valid (const char *email);
char     *reg_text_fold              (const char *text);
char     *reg_text_digits            (const char *text);
char     *reg_text_fts_query         (const char *search);
char     *reg_text_strip             (const char *text);
char     *reg_text_url_base          (const char *url);

G_END_DECLS
