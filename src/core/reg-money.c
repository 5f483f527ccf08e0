/* reg-money.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-money"

#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg-money.h"

G_DEFINE_QUARK (reg-money-error-quark, reg_money_error)

typedef struct
{
  char code[4];
  int  exponent;
} Currency;

/* ISO 4217, active codes, sorted. Most have two decimals. */
static const Currency currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 }, { "ARS", 2 },
  { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 },
  { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 },
  { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 },
  { "CHE", 2 }, { "CHF", 2 }, { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
  { "COU", 2 }, { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 },
  { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 },
  { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 },
  { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 },
  { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 },
  { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 },
  { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
  { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 }, { "MMK", 2 },
  { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 },
  { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 },
  { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 },
  { "PKR", 2 }, { "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
  { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 },
  { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 },
  { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 },
  { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 },
  { "USD", 2 }, { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 },
  { "VES", 2 }, { "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XOF", 0 },
  { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWL", 2 },
};

static const struct { const char *code; const char *symbol; } symbols[] = {
  { "AUD", "A$" }, { "BRL", "R$" }, { "CAD", "CA$" }, { "CHF", "CHF" }, { "CNY", "CN¥" },
  { "CZK", "Kč" }, { "DKK", "kr" }, { "EUR", "€" }, { "GBP", "£" }, { "HUF", "Ft" },
  { "ILS", "₪" }, { "INR", "₹" }, { "JPY", "¥" }, { "KRW", "₩" }, { "MXN", "MX$" },
  { "NOK", "kr" }, { "NZD", "NZ$" }, { "PLN", "zł" }, { "SEK", "kr" }, { "TRY", "₺" },
  { "UAH", "₴" }, { "USD", "$" }, { "VND", "₫" },
};

static const Currency *
find_currency (const char *code)
{
  char upper[4];
  gsize lo = 0, hi = G_N_ELEMENTS (currencies);

  if (code == NULL || strlen (code) != 3)
    return NULL;

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (code[i]))
        return NULL;
      upper[i] = g_ascii_toupper (code[i]);
    }
  upper[3] = '\0';

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strcmp (upper, currencies[mid].code);

      if (cmp == 0)
        return &currencies[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return NULL;
}

/**
 * reg_currency_exponent:
 * @code: an ISO 4217 code, any case
 *
 * Returns: how many decimals the currency has (2 for EUR, 0 for JPY),
 *   -1 for an unknown code
 */
int
reg_currency_exponent (const char *code)
{
  const Currency *currency = find_currency (code);

  return currency ? currency->exponent : -1;
}

gboolean
reg_currency_is_known (const char *code)
{
  return find_currency (code) != NULL;
}

/**
 * reg_currency_symbol:
 *
 * Returns: (transfer none): "€" for EUR, the code itself where there is no
 *   well-known symbol
 */
const char *
reg_currency_symbol (const char *code)
{
  const Currency *currency = find_currency (code);

  if (currency == NULL)
    return code ? code : "";

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (strcmp (symbols[i].code, currency->code) == 0)
      return symbols[i].symbol;

  return currency->code;
}

/* 2^53: beyond this, other programs reading our numbers as doubles lose cents. */
#define MAX_MINOR (G_GINT64_CONSTANT (1) << 53)

static gboolean
is_group_char (gunichar c)
{
  return c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == '\'' || c == 0x2019;
}

static gboolean
invalid (const char  *text,
         GError     **error)
{
  g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID,
               _("“%s” is not an amount."), text);
  return FALSE;
}

/**
 * reg_money_parse:
 * @text: an amount as shops and spreadsheets write it
 * @currency: the ISO 4217 code it is in
 * @out_minor: (out): the amount in minor units (cents)
 *
 * Reads "12.50", "12,50 €", "$1,234.56", "1.234,50", "1'234.50", "-3".
 * When only one kind of separator appears once, followed by exactly three
 * digits, it groups thousands ("1,234" and "1.234" are 1234.00, and so is
 * "12.500" 12500.00): that is how spreadsheets write whole amounts.
 * Never rounds: more decimals than the currency has is an error unless
 * they are zeros. No floating point anywhere.
 */
gboolean
reg_money_parse (const char  *text,
                 const char  *currency,
                 gint64      *out_minor,
                 GError     **error)
{
  const Currency *cur = find_currency (currency);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *copy = NULL;
  const char *symbol;
  const char *p;
  char *start;
  char *end;
  gboolean negative = FALSE;
  int n_dots = 0, n_commas = 0;
  const char *last_dot = NULL, *last_comma = NULL;
  char decimal = 0;
  gint64 whole = 0, fraction = 0;
  int n_fraction = 0;
  gboolean any_digit = FALSE;

  g_return_val_if_fail (out_minor != NULL, FALSE);

  if (cur == NULL)
    {
      g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("Unknown currency “%s”."), currency ? currency : "");
      return FALSE;
    }

  if (text == NULL)
    return invalid ("", error);

  /* Drop the currency: its code or symbol, before or after. */
  copy = g_strstrip (g_strdup (text));
  symbol = reg_currency_symbol (cur->code);
  start = copy;
  for (guint pass = 0; pass < 2; pass++)
    {
      const char *marks[] = { cur->code, symbol, "€", "$", "£" };

      for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
        {
          gsize len = strlen (marks[i]);
          gsize have = strlen (start);

          if (len == 0 || have < len)
            continue;
          if (g_ascii_strncasecmp (start, marks[i], len) == 0 && (pass == 0 || TRUE))
            start += len;
          else if (g_ascii_strcasecmp (start + have - len, marks[i]) == 0)
            start[have - len] = '\0';
          else
            continue;
          break;
        }
      g_strstrip (start);
      if (pass == 0 && (*start == '-' || *start == '+'))
        {
          negative = *start == '-';
          start++;
          g_strstrip (start);
        }
    }

  if (*start == '-' || *start == '+')
    {
      if (negative)
        return invalid (text, error);
      negative = *start == '-';
      start++;
    }

  if (*start == '\0')
    return invalid (text, error);

  /* Keep digits and separators; group marks go. */
  for (p = start; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        return invalid (text, error);
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          any_digit = TRUE;
        }
      else if (*p == '.' || *p == ',')
        {
          if (digits->len == 0 || digits->str[digits->len - 1] == '.' || digits->str[digits->len - 1] == ',')
            {
              if (digits->len != 0)
                return invalid (text, error);
              g_string_append_c (digits, '0');
            }
          g_string_append_c (digits, *p);
        }
      else if (is_group_char (c) && digits->len > 0)
        continue;
      else
        return invalid (text, error);
    }

  if (!any_digit)
    return invalid (text, error);

  end = digits->str + digits->len;
  for (p = digits->str; p < end; p++)
    {
      if (*p == '.')
        {
          n_dots++;
          last_dot = p;
        }
      else if (*p == ',')
        {
          n_commas++;
          last_comma = p;
        }
    }

  if (n_dots > 0 && n_commas > 0)
    decimal = last_dot > last_comma ? '.' : ',';
  else if (n_dots + n_commas == 1)
    {
      const char *sep = last_dot ? last_dot : last_comma;
      gsize after = end - sep - 1;

      decimal = (after == 3 && cur->exponent < 3) ? 0 : *sep;
    }
  else
    decimal = 0; /* the same mark, several times: thousands */

  if (decimal != 0 && (decimal == '.' ? n_dots : n_commas) > 1)
    return invalid (text, error);

  for (p = digits->str; p < end; p++)
    {
      if (*p == decimal)
        break;
      if (*p == '.' || *p == ',')
        continue;
      if (whole > MAX_MINOR)
        goto out_of_range;
      whole = whole * 10 + (*p - '0');
    }

  if (p < end && *p == decimal)
    for (p++; p < end; p++)
      {
        if (*p == '.' || *p == ',')
          return invalid (text, error);
        if (n_fraction < cur->exponent)
          {
            fraction = fraction * 10 + (*p - '0');
            n_fraction++;
          }
        else if (*p != '0')
          {
            g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_TOO_PRECISE,
                         _("“%s” has more decimals than %s has."), text, cur->code);
            return FALSE;
          }
      }

  for (; n_fraction < cur->exponent; n_fraction++)
    fraction *= 10;

  for (int i = 0; i < cur->exponent; i++)
    {
      if (whole > MAX_MINOR)
        goto out_of_range;
      whole *= 10;
    }

  whole += fraction;
  if (whole > MAX_MINOR)
    goto out_of_range;

  *out_minor = negative ? -whole : whole;
  return TRUE;

out_of_range:
  g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_OUT_OF_RANGE,
               _("“%s” is too large an amount."), text);
  return FALSE;
}

static void
append_number (GString    *out,
               guint64     value,
               int         exponent,
               const char *decimal_point,
               const char *thousands_sep)
{
  guint64 divisor = 1;
  g_autofree char *whole = NULL;
  gsize len;

  for (int i = 0; i < exponent; i++)
    divisor *= 10;

  whole = g_strdup_printf ("%" G_GUINT64_FORMAT, value / divisor);
  len = strlen (whole);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, thousands_sep);
      g_string_append_c (out, whole[i]);
    }

  if (exponent > 0)
    g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT, decimal_point, exponent, value % divisor);
}

/**
 * reg_money_to_plain:
 *
 * Returns: (transfer full): the amount for files and other programs, in
 *   no locale: "1234.50", "-0.05", "1200" (JPY)
 */
char *
reg_money_to_plain (gint64      minor,
                    const char *currency)
{
  int exponent = reg_currency_exponent (currency);
  GString *out = g_string_new (minor < 0 ? "-" : "");

  append_number (out, minor < 0 ? -(guint64)minor : (guint64)minor,
                 exponent < 0 ? 2 : exponent, ".", "");

  return g_string_free (out, FALSE);
}

static void
copy_locale_string (char       *dest,
                    gsize       size,
                    const char *value,
                    const char *fallback)
{
  g_autofree char *utf8 = NULL;

  if (value == NULL || value[0] == '\0')
    value = fallback;
  else if (!g_utf8_validate (value, -1, NULL))
    value = utf8 = g_locale_to_utf8 (value, -1, NULL, NULL, NULL);

  g_strlcpy (dest, value ? value : fallback, size);
}

/**
 * reg_money_conventions_from_locale:
 *
 * How the current locale (LC_MONETARY, then LC_NUMERIC) writes money.
 */
void
reg_money_conventions_from_locale (RegMoneyConventions *out)
{
  const struct lconv *conv = localeconv ();
  const char *decimal;
  const char *thousands;

  g_return_if_fail (out != NULL);

  decimal = conv->mon_decimal_point && conv->mon_decimal_point[0] ? conv->mon_decimal_point : conv->decimal_point;
  thousands = conv->mon_decimal_point && conv->mon_decimal_point[0] ? conv->mon_thousands_sep : conv->thousands_sep;

  copy_locale_string (out->decimal_point, sizeof out->decimal_point, decimal, ".");
  /* The C locale groups nothing; people still read "1,234.50" best. */
  if (conv->mon_decimal_point == NULL || conv->mon_decimal_point[0] == '\0')
    copy_locale_string (out->thousands_sep, sizeof out->thousands_sep,
                        strcmp (out->decimal_point, ",") == 0 ? "." : ",", ",");
  else
    copy_locale_string (out->thousands_sep, sizeof out->thousands_sep, thousands, "");

  /* CHAR_MAX means "not set": the C locale. */
  out->symbol_precedes = conv->p_cs_precedes == CHAR_MAX ? TRUE : conv->p_cs_precedes != 0;
  out->space_after_symbol = conv->p_sep_by_space == CHAR_MAX ? FALSE : conv->p_sep_by_space != 0;
}

/**
 * reg_money_format_with:
 *
 * Returns: (transfer full): "1.234,50 €", "€1,234.50": a no-break space
 *   keeps symbol and number together
 */
char *
reg_money_format_with (gint64                     minor,
                       const char                *currency,
                       const RegMoneyConventions *conv)
{
  const char *symbol = reg_currency_symbol (currency);
  int exponent = reg_currency_exponent (currency);
  gboolean symbol_is_code = g_ascii_isalpha (symbol[0]) && strlen (symbol) == 3;
  gboolean space = conv->space_after_symbol || (symbol_is_code && conv->symbol_precedes);
  GString *out = g_string_new (minor < 0 ? "-" : "");
  guint64 magnitude = minor < 0 ? -(guint64)minor : (guint64)minor;

  if (exponent < 0)
    exponent = 2;

  if (conv->symbol_precedes)
    {
      g_string_append (out, symbol);
      if (space)
        g_string_append (out, "\u00a0");
    }

  append_number (out, magnitude, exponent, conv->decimal_point, conv->thousands_sep);

  if (!conv->symbol_precedes)
    {
      g_string_append (out, space || TRUE ? "\u00a0" : "");
      g_string_append (out, symbol);
    }

  return g_string_free (out, FALSE);
}

/**
 * reg_money_format:
 *
 * Returns: (transfer full): the amount as the user's locale writes money
 */
char *
reg_money_format (gint64      minor,
                  const char *currency)
{
  RegMoneyConventions conv;

  reg_money_conventions_from_locale (&conv);

  return reg_money_format_with (minor, currency, &conv);
}

static gboolean
time_invalid (const char  *text,
              GError     **error)
{
  g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID,
               _("“%s” is not a date."), text);
  return FALSE;
}

static gboolean
make_time (int      year,
           int      month,
           int      day,
           int      hour,
           int      minute,
           int      second,
           int      offset_minutes,
           gint64  *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999 ||
      day > g_date_get_days_in_month (month, year) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return FALSE;

  if (!(dt = g_date_time_new_utc (year, month, day, hour, minute, MIN (second, 59))))
    return FALSE;

  *out = g_date_time_to_unix (dt) - (gint64)offset_minutes * 60;
  return TRUE;
}

/* Reads "HH:MM[:SS[.fff]]" and an optional zone. */
static gboolean
parse_clock (const char *p,
             int        *hour,
             int        *minute,
             int        *second,
             int        *offset,
             gboolean    zone_allowed)
{
  int n = 0;

  *hour = *minute = *second = *offset = 0;

  if (sscanf (p, "%2d:%2d%n", hour, minute, &n) != 2)
    return FALSE;
  p += n;
  if (*p == ':')
    {
      if (sscanf (p, ":%2d%n", second, &n) != 1)
        return FALSE;
      p += n;
      if (*p == '.' || *p == ',')
        for (p++; g_ascii_isdigit (*p); p++)
          ;
    }

  while (*p == ' ')
    p++;

  if (*p == '\0')
    return TRUE;
  if (!zone_allowed)
    return FALSE;
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
    return TRUE;
  if (strcmp (p, "UTC") == 0 || strcmp (p, "GMT") == 0)
    return TRUE;
  if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int oh = 0, om = 0;

      if (sscanf (p + 1, "%2d:%2d%n", &oh, &om, &n) == 2 && p[1 + n] == '\0')
        ;
      else if (strlen (p + 1) == 4 && g_ascii_isdigit (p[1]) && sscanf (p + 1, "%2d%2d", &oh, &om) == 2)
        ;
      else if (strlen (p + 1) == 2 && sscanf (p + 1, "%2d", &oh) == 1)
        ;
      else
        return FALSE;
      if (oh > 14 || om > 59)
        return FALSE;
      *offset = sign * (oh * 60 + om);
      return TRUE;
    }

  return FALSE;
}

/**
 * reg_time_parse:
 * @out_unix: (out): Unix seconds, UTC
 *
 * Reads the times shops and CSV files carry: ISO 8601 with or without a
 * zone (none means UTC), "2023-01-15 10:23:45 -0500", "15.01.2023 10:23",
 * a date alone (midnight UTC), "01/15/2023" where the day is obvious, and
 * Unix timestamps.
 */
gboolean
reg_time_parse (const char  *text,
                gint64      *out_unix,
                GError     **error)
{
  g_autofree char *copy = NULL;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset = 0;
  const char *rest;
  int n = 0;

  g_return_val_if_fail (out_unix != NULL, FALSE);

  if (text == NULL)
    return time_invalid ("", error);

  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    return time_invalid (text, error);

  /* A Unix timestamp. */
  if (strspn (copy, "0123456789") == strlen (copy))
    {
      if (strlen (copy) >= 9 && strlen (copy) <= 11)
        {
          *out_unix = g_ascii_strtoll (copy, NULL, 10);
          return TRUE;
        }
      return time_invalid (text, error);
    }

  if (sscanf (copy, "%4d-%2d-%2d%n", &year, &month, &day, &n) == 3 && n == 10)
    ;
  else if (sscanf (copy, "%2d.%2d.%4d%n", &day, &month, &year, &n) == 3 && n >= 8 && year >= 1000)
    ;
  else if (sscanf (copy, "%2d/%2d/%4d%n", &month, &day, &year, &n) == 3 && year >= 1000)
    {
      if (month > 12 && day <= 12)
        {
          int swap = month;
          month = day;
          day = swap;
        }
      else if (month <= 12 && day <= 12 && month != day)
        {
          g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID,
                       _("“%s” could be two different dates; write it as 2023-01-15."), text);
          return FALSE;
        }
    }
  else
    return time_invalid (text, error);

  rest = copy + n;
  if (*rest == 'T' || *rest == 't' || *rest == ' ')
    {
      rest++;
      while (*rest == ' ')
        rest++;
      if (*rest != '\0' && !parse_clock (rest, &hour, &minute, &second, &offset, TRUE))
        return time_invalid (text, error);
    }
  else if (*rest != '\0')
    return time_invalid (text, error);

  if (!make_time (year, month, day, hour, minute, second, offset, out_unix))
    return time_invalid (text, error);

  return TRUE;
}

/**
 * reg_time_to_iso:
 *
 * Returns: (transfer full): "2023-01-15T15:23:45Z"
 */
char *
reg_time_to_iso (gint64 unix_utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_utc);

  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}
