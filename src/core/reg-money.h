/* reg-money.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REG_MONEY_ERROR (reg_money_error_quark ())

typedef enum
{
  REG_MONEY_ERROR_UNKNOWN_CURRENCY,
  REG_MONEY_ERROR_INVALID,          /* not an amount at all */
  REG_MONEY_ERROR_TOO_PRECISE,      /* more decimals than the currency has (non-zero) */
  REG_MONEY_ERROR_OUT_OF_RANGE,
} RegMoneyError;

/* How a locale writes money. Filled from localeconv () by
 * reg_money_conventions_from_locale (); tests fill it by hand. */
typedef struct
{
  char     decimal_point[8];   /* "." or "," (UTF-8) */
  char     thousands_sep[8];   /* "," "." " " "\u202f" or "" */
  gboolean symbol_precedes;    /* "€1.00" vs "1,00 €" */
  gboolean space_after_symbol; /* "CHF 1.00" / "1,00 €": a space between symbol and number */
} RegMoneyConventions;

GQuark    reg_money_error_quark              (void);

int       reg_currency_exponent              (const char          *code);
gboolean  reg_currency_is_known              (const char          *code);
const char *reg_currency_symbol              (const char          *code);

gboolean  reg_money_parse                    (const char          *text,
                                              const char          *currency,
                                              gint64              *out_minor,
                                              GError             **error);
char     *reg_money_to_plain                 (gint64               minor,
                                              const char          *currency);
void      reg_money_conventions_from_locale  (RegMoneyConventions *out);
char     *reg_money_format_with              (gint64               minor,
                                              const char          *currency,
                                              const RegMoneyConventions *conv);
char     *reg_money_format                   (gint64               minor,
                                              const char          *currency);

gboolean  reg_time_parse                     (const char          *text,
                                              gint64              *out_unix,
                                              GError             **error);
char     *reg_time_to_iso                    (gint64               unix_utc);

G_END_DECLS
