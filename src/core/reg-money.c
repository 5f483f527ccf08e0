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
#include <string.h>

#include "reg-money.h"

typedef struct
{
  char        code[4];
  int         exponent;
  const char *symbol;   /* NULL: people write the code */
} Currency;

/* 2^53: beyond this, programs that read our numbers as doubles lose cents. */
#define MAX_MINOR (G_GUINT64_CONSTANT (1) << 53)

/* Longer texts are cut in error messages: a whole misplaced row in one cell
 * would drown the message. */
#define MAX_QUOTED_CHARS 40

G_DEFINE_QUARK (reg-money-error-quark, reg_money_error)

/* ISO 4217 List One, sorted by code for the binary search, with the minor
 * unit of each. Precious metals, the SDR and the test codes (XAU, XDR, XTS…)
 * have no minor unit and are no price a shop charges, so they are left out.
 * A few codes withdrawn in the last years (ANG, CUC, HRK, SLL, ZWL) stay:
 * order histories carry them long after the switch. */
static const Currency currencies[] = {
  { "AED", 2, NULL },  { "AFN", 2, NULL },  { "ALL", 2, NULL },   { "AMD", 2, NULL },
  { "ANG", 2, NULL },  { "AOA", 2, NULL },  { "ARS", 2, NULL },   { "AUD", 2, "A$" },
  { "AWG", 2, NULL },  { "AZN", 2, NULL },  { "BAM", 2, NULL },   { "BBD", 2, NULL },
  { "BDT", 2, NULL },  { "BGN", 2, NULL },  { "BHD", 3, NULL },   { "BIF", 0, NULL },
  { "BMD", 2, NULL },  { "BND", 2, NULL },  { "BOB", 2, NULL },   { "BOV", 2, NULL },
  { "BRL", 2, "R$" },  { "BSD", 2, NULL },  { "BTN", 2, NULL },   { "BWP", 2, NULL },
  { "BYN", 2, NULL },  { "BZD", 2, NULL },  { "CAD", 2, "CA$" },  { "CDF", 2, NULL },
  { "CHE", 2, NULL },  { "CHF", 2, NULL },  { "CHW", 2, NULL },   { "CLF", 4, NULL },
  { "CLP", 0, NULL },  { "CNY", 2, "CN¥" }, { "COP", 2, NULL },   { "COU", 2, NULL },
  { "CRC", 2, NULL },  { "CUC", 2, NULL },  { "CUP", 2, NULL },   { "CVE", 2, NULL },
  { "CZK", 2, "Kč" },  { "DJF", 0, NULL },  { "DKK", 2, "kr" },   { "DOP", 2, NULL },
  { "DZD", 2, NULL },  { "EGP", 2, NULL },  { "ERN", 2, NULL },   { "ETB", 2, NULL },
  { "EUR", 2, "€" },   { "FJD", 2, NULL },  { "FKP", 2, NULL },   { "GBP", 2, "£" },
  { "GEL", 2, NULL },  { "GHS", 2, NULL },  { "GIP", 2, NULL },   { "GMD", 2, NULL },
  { "GNF", 0, NULL },  { "GTQ", 2, NULL },  { "GYD", 2, NULL },   { "HKD", 2, "HK$" },
  { "HNL", 2, NULL },  { "HRK", 2, NULL },  { "HTG", 2, NULL },   { "HUF", 2, "Ft" },
  { "IDR", 2, NULL },  { "ILS", 2, "₪" },   { "INR", 2, "₹" },    { "IQD", 3, NULL },
  { "IRR", 2, NULL },  { "ISK", 0, NULL },  { "JMD", 2, NULL },   { "JOD", 3, NULL },
  { "JPY", 0, "¥" },   { "KES", 2, NULL },  { "KGS", 2, NULL },   { "KHR", 2, NULL },
  { "KMF", 0, NULL },  { "KPW", 2, NULL },  { "KRW", 0, "₩" },    { "KWD", 3, NULL },
  { "KYD", 2, NULL },  { "KZT", 2, NULL },  { "LAK", 2, NULL },   { "LBP", 2, NULL },
  { "LKR", 2, NULL },  { "LRD", 2, NULL },  { "LSL", 2, NULL },   { "LYD", 3, NULL },
  { "MAD", 2, NULL },  { "MDL", 2, NULL },  { "MGA", 2, NULL },   { "MKD", 2, NULL },
  { "MMK", 2, NULL },  { "MNT", 2, NULL },  { "MOP", 2, NULL },   { "MRU", 2, NULL },
  { "MUR", 2, NULL },  { "MVR", 2, NULL },  { "MWK", 2, NULL },   { "MXN", 2, "MX$" },
  { "MXV", 2, NULL },  { "MYR", 2, NULL },  { "MZN", 2, NULL },   { "NAD", 2, NULL },
  { "NGN", 2, "₦" },   { "NIO", 2, NULL },  { "NOK", 2, "kr" },   { "NPR", 2, NULL },
  { "NZD", 2, "NZ$" }, { "OMR", 3, NULL },  { "PAB", 2, NULL },   { "PEN", 2, NULL },
  { "PGK", 2, NULL },  { "PHP", 2, "₱" },   { "PKR", 2, NULL },   { "PLN", 2, "zł" },
  { "PYG", 0, NULL },  { "QAR", 2, NULL },  { "RON", 2, NULL },   { "RSD", 2, NULL },
  { "RUB", 2, "₽" },   { "RWF", 0, NULL },  { "SAR", 2, NULL },   { "SBD", 2, NULL },
  { "SCR", 2, NULL },  { "SDG", 2, NULL },  { "SEK", 2, "kr" },   { "SGD", 2, NULL },
  { "SHP", 2, NULL },  { "SLE", 2, NULL },  { "SLL", 2, NULL },   { "SOS", 2, NULL },
  { "SRD", 2, NULL },  { "SSP", 2, NULL },  { "STN", 2, NULL },   { "SVC", 2, NULL },
  { "SYP", 2, NULL },  { "SZL", 2, NULL },  { "THB", 2, "฿" },    { "TJS", 2, NULL },
  { "TMT", 2, NULL },  { "TND", 3, NULL },  { "TOP", 2, NULL },   { "TRY", 2, "₺" },
  { "TTD", 2, NULL },  { "TWD", 2, "NT$" }, { "TZS", 2, NULL },   { "UAH", 2, "₴" },
  { "UGX", 0, NULL },  { "USD", 2, "$" },   { "USN", 2, NULL },   { "UYI", 0, NULL },
  { "UYU", 2, NULL },  { "UYW", 4, NULL },  { "UZS", 2, NULL },   { "VED", 2, NULL },
  { "VES", 2, NULL },  { "VND", 0, "₫" },   { "VUV", 0, NULL },   { "WST", 2, NULL },
  { "XAF", 0, NULL },  { "XCD", 2, "EC$" }, { "XCG", 2, NULL },   { "XOF", 0, NULL },
  { "XPF", 0, NULL },  { "YER", 2, NULL },  { "ZAR", 2, NULL },   { "ZMW", 2, NULL },
  { "ZWG", 2, NULL },  { "ZWL", 2, NULL },
};

/* Other ways shops write a currency next to an amount, beside its code and
 * the symbol above: many pesos and dollars are a bare "$" at home. A mark
 * is only taken for the currencies listed with it, so "€5" is never read
 * as dollars. */
static const struct
{
  const char *mark;
  const char *codes;
} marks[] = {
  { "$",   "ARS AUD BBD BMD BND BSD BZD CAD CLP COP CUP DOP FJD GYD HKD JMD KYD "
           "LRD MXN NAD NZD SBD SGD SRD TTD TWD USD UYU XCD" },
  { "US$", "USD" },
  { "C$",  "CAD NIO" },
  { "AU$", "AUD" },
  { "S$",  "SGD" },
  { "¥",   "CNY JPY" },
  { "￥",  "CNY JPY" },
  { "円",  "JPY" },
  { "元",  "CNY" },
  { "RMB", "CNY" },
  { "£",   "FKP GIP SHP" },
  { "kr",  "ISK" },
  { "kr.", "DKK ISK NOK SEK" },
  { "Fr.", "CHF" },
  { "SFr.", "CHF" },
  { "Rs",  "INR LKR NPR PKR" },
  { "Rs.", "INR LKR NPR PKR" },
  { "TL",  "TRY" },
  { "lei", "RON" },
  { "R",   "ZAR" },
};

static const Currency *
find_currency (const char *code)
{
  char upper[4];
  gsize lo = 0;
  gsize hi = G_N_ELEMENTS (currencies);

  if (code == NULL)
    return NULL;

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (code[i]))
        return NULL;
      upper[i] = g_ascii_toupper (code[i]);
    }
  if (code[3] != '\0')
    return NULL;
  upper[3] = '\0';

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
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

/* The text for an error message: valid UTF-8 and not too long. */
static char *
quote_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= MAX_QUOTED_CHARS)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, MAX_QUOTED_CHARS - 1);

  return g_strconcat (start, "…", NULL);
}

static gboolean
set_invalid_amount (const char  *text,
                    GError     **error)
{
  g_autofree char *quoted = quote_text (text);

  g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID,
               _("“%s” is not an amount."), quoted);

  return FALSE;
}

static gboolean
is_space (gunichar c)
{
  /* Zs covers the no-break space and the narrow no-break space (U+202F)
   * that French and our own formatting put between number and symbol. */
  return g_unichar_isspace (c);
}

/* What may group thousands besides "." and ",": spaces of all widths and
 * the Swiss apostrophe, typed or typographic. */
static gboolean
is_group_char (gunichar c)
{
  return c == ' ' || c == 0x00A0 || c == 0x2007 || c == 0x2009 || c == 0x202F ||
         c == '\'' || c == 0x2019;
}

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && is_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  return p;
}

static const char *
trim_space (const char *start,
            const char *end)
{
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return end;
}

/* A minus also comes as U+2212 from word processors and some locales. */
static gboolean
read_sign (const char **p,
           const char  *end,
           gboolean    *negative)
{
  gunichar c;

  if (*p >= end)
    return FALSE;

  c = g_utf8_get_char (*p);
  if (c != '-' && c != '+' && c != 0x2212)
    return FALSE;

  *negative = c != '+';
  *p = g_utf8_next_char (*p);

  return TRUE;
}

static gboolean
mark_matches (const char *mark,
              const char *start,
              const char *end,
              gboolean    at_end)
{
  gsize len = strlen (mark);

  if (len == 0 || (gsize)(end - start) < len)
    return FALSE;

  /* Byte-wise: ASCII letters in any case, everything else exactly. */
  return g_ascii_strncasecmp (at_end ? end - len : start, mark, len) == 0;
}

/* How long the mark of @cur (its code, its symbol, another usual sign) is
 * that starts, or ends, the text; 0 if there is none. The longest wins:
 * "US$" before "$". */
static gsize
match_currency_mark (const Currency *cur,
                     const char     *start,
                     const char     *end,
                     gboolean        at_end)
{
  gsize best = 0;

  /* No mark begins or ends with a digit: the usual plain number is quick. */
  if (start >= end || g_ascii_isdigit (at_end ? end[-1] : start[0]))
    return 0;

  if (mark_matches (cur->code, start, end, at_end))
    best = 3;

  if (cur->symbol != NULL && mark_matches (cur->symbol, start, end, at_end))
    best = MAX (best, strlen (cur->symbol));

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (strstr (marks[i].codes, cur->code) != NULL &&
        mark_matches (marks[i].mark, start, end, at_end))
      best = MAX (best, strlen (marks[i].mark));

  return best;
}

typedef struct
{
  char  kind;   /* '.', ',', or ' ' for spaces and apostrophes */
  gsize pos;    /* how many digits come before it */
} Separator;

static guint
count_kind (const GArray *seps,
            char          kind)
{
  guint n = 0;

  for (guint i = 0; i < seps->len; i++)
    if (g_array_index (seps, Separator, i).kind == kind)
      n++;

  return n;
}

/* Which separator is the decimal point: an index into @seps, or -1 when
 * all of them group thousands. See reg_money_parse() for the rules. */
static int
find_decimal_point (const GArray   *seps,
                    const GString  *digits,
                    const Currency *cur)
{
  guint n_dots = count_kind (seps, '.');
  guint n_commas = count_kind (seps, ',');
  guint n_groups = count_kind (seps, ' ');

  if (n_dots > 0 && n_commas > 0)
    {
      /* Both: the last one is the decimal point. */
      int i = seps->len - 1;

      while (g_array_index (seps, Separator, i).kind == ' ')
        i--;

      return i;
    }

  if (n_dots + n_commas == 1)
    {
      int i = 0;
      const Separator *sep;
      gsize before;
      gboolean zero = TRUE;

      while (g_array_index (seps, Separator, i).kind == ' ')
        i++;
      sep = &g_array_index (seps, Separator, i);
      before = sep->pos;

      for (gsize d = 0; d < before; d++)
        zero = zero && digits->str[d] == '0';

      /* "1,234" and "1.234" are whole amounts in spreadsheets; "0.500",
       * "1234.567" and "1 234.567" cannot be, nor can anything in a
       * currency with three or more decimals. */
      if ((guint)i == seps->len - 1 && digits->len - sep->pos == 3 &&
          cur->exponent < 3 && n_groups == 0 && before >= 1 && before <= 3 && !zero)
        return -1;

      return i;
    }

  /* None, or the same one several times: "1.234.567". */
  return -1;
}

/* Thousands separators are all of one kind and sit where thousands are:
 * "1,234,567" and the Indian "12,34,567", not "1,2,3" or "12 50". */
static gboolean
grouping_is_valid (const GArray *seps,
                   guint         n_thousands,
                   gsize         int_len)
{
  gsize prev = 0;
  gsize middle = 0;
  char kind = 0;

  if (n_thousands == 0)
    return TRUE;

  for (guint i = 0; i < n_thousands; i++)
    {
      const Separator *sep = &g_array_index (seps, Separator, i);
      gsize group = sep->pos - prev;

      if (kind != 0 && sep->kind != kind)
        return FALSE;
      kind = sep->kind;

      if (i == 0)
        {
          if (group < 1 || group > 3)
            return FALSE;
        }
      else
        {
          if (group != 2 && group != 3)
            return FALSE;
          if (middle != 0 && group != middle)
            return FALSE;
          middle = group;
        }

      prev = sep->pos;
    }

  return int_len - prev == 3;
}

static gboolean
add_digit (guint64 *value,
           char     digit)
{
  *value = *value * 10 + (guint64)(digit - '0');

  /* Never wraps: we stop as soon as we pass 2^53. */
  return *value <= MAX_MINOR;
}

/**
 * reg_currency_exponent:
 * @code: (nullable): an ISO 4217 code, in any case
 *
 * Returns: how many decimals the currency has: 2 for EUR, 0 for JPY,
 *   3 for KWD, 4 for CLF; -1 for an unknown code
 */
int
reg_currency_exponent (const char *code)
{
  const Currency *cur = find_currency (code);

  return cur != NULL ? cur->exponent : -1;
}

/**
 * reg_currency_is_known:
 * @code: (nullable): an ISO 4217 code, in any case
 *
 * Returns: whether @code is a currency we can keep amounts in
 */
gboolean
reg_currency_is_known (const char *code)
{
  return find_currency (code) != NULL;
}

/**
 * reg_currency_symbol:
 * @code: (nullable): an ISO 4217 code, in any case
 *
 * Returns: (transfer none): "€" for EUR, "$" for USD, "CA$" for CAD; the
 *   upper-case code where there is no well-known symbol, and @code itself
 *   (or "") for an unknown code
 */
const char *
reg_currency_symbol (const char *code)
{
  const Currency *cur = find_currency (code);

  if (cur == NULL)
    return code != NULL ? code : "";

  return cur->symbol != NULL ? cur->symbol : cur->code;
}

/**
 * reg_money_parse:
 * @text: an amount as shops and spreadsheets write it
 * @currency: the ISO 4217 code it is in
 * @out_minor: (out): the amount in minor units (cents); untouched on error
 * @error: return location for a #GError
 *
 * Reads "12.50", "12,50 €", "$1,234.56", "EUR 12.50", "1.234,50",
 * "1 234,50", "1'234.50", "-3", "+0.1". The currency's code, symbol or
 * usual sign may stand before or after the number, a sign before either;
 * another currency's sign is refused ("€5" is no amount in USD).
 * Thousands may be grouped by ".", ",", spaces or apostrophes, also the
 * Indian way ("12,34,567.00"), but only where thousands are ("12 50" is
 * no amount).
 *
 * Where the decimal point is: when "." and "," both appear, the last one.
 * When one of them appears once and is followed by exactly three digits,
 * it groups thousands if the currency has fewer than three decimals: that
 * is how spreadsheets write whole amounts, so "1,234" and "1.234" are
 * 1234.00 EUR, and "12.500" is 12500.00 EUR, not 12.50. Not when the
 * number before it is 0 or longer than three digits, or other thousands
 * separators are there ("0.500", "1234.500", "1 234.500" are decimals).
 * Otherwise it is the decimal point ("12,5", "1.234" KWD). The same one
 * several times groups thousands ("1.234.567").
 *
 * Never rounds and never uses floating point: more decimals than the
 * currency has is %REG_MONEY_ERROR_TOO_PRECISE unless they are zeros;
 * more than 2^53 minor units either way is %REG_MONEY_ERROR_OUT_OF_RANGE.
 *
 * Returns: whether @text is an amount
 */
gboolean
reg_money_parse (const char  *text,
                 const char  *currency,
                 gint64      *out_minor,
                 GError     **error)
{
  const Currency *cur;
  g_autoptr(GString) digits = NULL;
  g_autoptr(GArray) seps = NULL;
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  gboolean have_sign = FALSE;
  gsize mark_len;
  int decimal;
  gsize int_len;
  guint n_thousands;
  guint64 value = 0;

  g_return_val_if_fail (out_minor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((cur = find_currency (currency)) == NULL)
    {
      g_autofree char *quoted = quote_text (currency);

      g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("Unknown currency “%s”."), quoted);
      return FALSE;
    }

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return set_invalid_amount (text, error);

  end = text + strlen (text);
  p = skip_space (text, end);
  end = trim_space (p, end);

  /* [sign] [mark [sign]] number [mark], with one sign and one mark at most. */
  if (read_sign (&p, end, &negative))
    {
      have_sign = TRUE;
      p = skip_space (p, end);
    }

  if ((mark_len = match_currency_mark (cur, p, end, FALSE)) > 0)
    {
      p = skip_space (p + mark_len, end);
      if (!have_sign && read_sign (&p, end, &negative))
        p = skip_space (p, end);
    }
  else if ((mark_len = match_currency_mark (cur, p, end, TRUE)) > 0)
    {
      end = trim_space (p, end - mark_len);
    }

  digits = g_string_new (NULL);
  seps = g_array_new (FALSE, FALSE, sizeof (Separator));

  for (const char *q = p; q < end; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);
      Separator sep;

      if (c >= '0' && c <= '9')
        {
          g_string_append_c (digits, (char)c);
          continue;
        }

      if (c == '.' || c == ',')
        sep.kind = (char)c;
      else if (is_group_char (c) && digits->len > 0)
        sep.kind = ' ';
      else
        return set_invalid_amount (text, error);

      /* Two in a row ("1..5", "1, 5") make no number. */
      sep.pos = digits->len;
      if (seps->len > 0 && g_array_index (seps, Separator, seps->len - 1).pos == sep.pos)
        return set_invalid_amount (text, error);

      g_array_append_val (seps, sep);
    }

  if (digits->len == 0)
    return set_invalid_amount (text, error);

  decimal = find_decimal_point (seps, digits, cur);

  if (decimal >= 0)
    {
      const Separator *point = &g_array_index (seps, Separator, decimal);

      /* Only digits after the decimal point, and it comes once. */
      if ((guint)decimal != seps->len - 1 || count_kind (seps, point->kind) != 1)
        return set_invalid_amount (text, error);

      int_len = point->pos;
      n_thousands = seps->len - 1;
    }
  else
    {
      int_len = digits->len;
      n_thousands = seps->len;
    }

  if (!grouping_is_valid (seps, n_thousands, int_len))
    return set_invalid_amount (text, error);

  for (gsize i = int_len + cur->exponent; i < digits->len; i++)
    if (digits->str[i] != '0')
      {
        g_autofree char *quoted = quote_text (text);

        g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_TOO_PRECISE,
                     _("“%s” has more decimals than %s allows (%d)."),
                     quoted, cur->code, cur->exponent);
        return FALSE;
      }

  for (gsize i = 0; i < int_len + cur->exponent; i++)
    if (!add_digit (&value, i < digits->len ? digits->str[i] : '0'))
      {
        g_autofree char *quoted = quote_text (text);

        g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_OUT_OF_RANGE,
                     _("“%s” is too large an amount."), quoted);
        return FALSE;
      }

  *out_minor = negative ? -(gint64)value : (gint64)value;

  return TRUE;
}

static void
append_number (GString    *out,
               guint64     value,
               int         exponent,
               const char *decimal_point,
               const char *thousands_sep)
{
  char whole[32];
  guint64 divisor = 1;
  gsize len;

  for (int i = 0; i < exponent; i++)
    divisor *= 10;

  len = g_snprintf (whole, sizeof whole, "%" G_GUINT64_FORMAT, value / divisor);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, thousands_sep);
      g_string_append_c (out, whole[i]);
    }

  if (exponent > 0)
    g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT,
                            decimal_point, exponent, value % divisor);
}

static guint64
magnitude (gint64 minor)
{
  /* Through unsigned, so G_MININT64 has one too. */
  return minor < 0 ? -(guint64)minor : (guint64)minor;
}

/**
 * reg_money_to_plain:
 * @minor: an amount in minor units
 * @currency: (nullable): its ISO 4217 code; unknown ones get two decimals
 *
 * The amount for files and other programs, in no locale, as
 * reg_money_parse() reads it back: "1234.50", "-0.05", "1200" (JPY),
 * "1.234" (KWD).
 *
 * Returns: (transfer full): the amount as text
 */
char *
reg_money_to_plain (gint64      minor,
                    const char *currency)
{
  int exponent = reg_currency_exponent (currency);
  GString *out = g_string_new (minor < 0 ? "-" : "");

  append_number (out, magnitude (minor), exponent < 0 ? 2 : exponent, ".", "");

  return g_string_free (out, FALSE);
}

/* localeconv () strings are in the locale's charset. */
static void
copy_locale_string (char       *dest,
                    gsize       size,
                    const char *value,
                    const char *fallback)
{
  g_autofree char *utf8 = NULL;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    value = utf8 = g_locale_to_utf8 (value, -1, NULL, NULL, NULL);

  if (value == NULL || strlen (value) >= size)
    value = fallback;

  g_strlcpy (dest, value, size);
}

static const char *
first_set (const char *a,
           const char *b)
{
  if (a != NULL && a[0] != '\0')
    return a;
  if (b != NULL && b[0] != '\0')
    return b;
  return NULL;
}

/**
 * reg_money_conventions_from_locale:
 * @out: (out caller-allocates): where to put them
 *
 * How the current locale writes money: LC_MONETARY, with LC_NUMERIC's
 * separators where it has none, and "1,234.50" with the symbol first for
 * the C locale. Reads localeconv (), so do not race it with setlocale ().
 */
void
reg_money_conventions_from_locale (RegMoneyConventions *out)
{
  const struct lconv *lc;
  const char *thousands;

  g_return_if_fail (out != NULL);

  lc = localeconv ();

  copy_locale_string (out->decimal_point, sizeof out->decimal_point,
                      first_set (lc->mon_decimal_point, lc->decimal_point), ".");

  /* The C locale groups nothing; people still read "1,234.50" best. */
  thousands = first_set (lc->mon_thousands_sep, lc->thousands_sep);
  if (thousands == NULL)
    thousands = strcmp (out->decimal_point, ",") == 0 ? "." : ",";
  copy_locale_string (out->thousands_sep, sizeof out->thousands_sep, thousands, ",");

  if (strcmp (out->thousands_sep, out->decimal_point) == 0)
    g_strlcpy (out->thousands_sep, strcmp (out->decimal_point, ",") == 0 ? "." : ",",
               sizeof out->thousands_sep);

  /* CHAR_MAX means "not set", as in the C locale. */
  out->symbol_precedes = lc->p_cs_precedes == CHAR_MAX || lc->p_cs_precedes != 0;
  out->space_after_symbol = lc->p_sep_by_space != CHAR_MAX && lc->p_sep_by_space != 0;
}

/* "CHF1.00" and "1.00CHF" read badly whatever the locale says. */
static gboolean
letter_faces_number (const char *symbol,
                     gboolean    precedes)
{
  const char *c;

  if (symbol[0] == '\0')
    return FALSE;

  c = precedes ? g_utf8_find_prev_char (symbol, symbol + strlen (symbol)) : symbol;

  return c != NULL && g_unichar_isalpha (g_utf8_get_char (c));
}

/**
 * reg_money_format_with:
 * @minor: an amount in minor units
 * @currency: its ISO 4217 code; unknown ones get two decimals
 * @conv: how to write it
 *
 * Writes "1.234,50 €" or "€1,234.50", "-0,05 €" or "-€5.00". Thousands are
 * grouped by three. A no-break space, never a plain one, goes between
 * symbol and number, so an amount never breaks across lines.
 *
 * Returns: (transfer full): the amount for people to read
 */
char *
reg_money_format_with (gint64                     minor,
                       const char                *currency,
                       const RegMoneyConventions *conv)
{
  const char *symbol;
  const char *decimal_point;
  int exponent;
  gboolean space;
  GString *out;

  g_return_val_if_fail (conv != NULL, NULL);

  symbol = reg_currency_symbol (currency);
  exponent = reg_currency_exponent (currency);
  if (exponent < 0)
    exponent = 2;
  decimal_point = conv->decimal_point[0] != '\0' ? conv->decimal_point : ".";
  space = symbol[0] != '\0' &&
          (conv->space_after_symbol || letter_faces_number (symbol, conv->symbol_precedes));

  out = g_string_new (minor < 0 ? "-" : "");

  if (conv->symbol_precedes)
    {
      g_string_append (out, symbol);
      if (space)
        g_string_append (out, "\u00a0");
    }

  append_number (out, magnitude (minor), exponent, decimal_point, conv->thousands_sep);

  if (!conv->symbol_precedes)
    {
      if (space)
        g_string_append (out, "\u00a0");
      g_string_append (out, symbol);
    }

  return g_string_free (out, FALSE);
}

/**
 * reg_money_format:
 * @minor: an amount in minor units
 * @currency: its ISO 4217 code
 *
 * Like reg_money_format_with() with the current locale's conventions.
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
set_invalid_time (const char  *text,
                  GError     **error)
{
  g_autofree char *quoted = quote_text (text);

  g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID,
               _("“%s” is not a date."), quoted);

  return FALSE;
}

/* Between @min and @max ASCII digits; the caller checks what follows. */
static gboolean
read_digits (const char **p,
             int          min,
             int          max,
             int         *out)
{
  int n = 0;
  int value = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }

  if (n < min)
    return FALSE;

  *p += n;
  *out = value;

  return TRUE;
}

static gboolean
expect (const char **p,
        char         c)
{
  if (**p != c)
    return FALSE;

  (*p)++;

  return TRUE;
}

/* Nothing (UTC), "Z", "UTC", "GMT", "+02:00", "+0200", "-05". */
static gboolean
read_zone (const char *p,
           int        *offset_seconds)
{
  int sign;
  int hours = 0;
  int minutes = 0;

  *offset_seconds = 0;

  if (*p == '\0' ||
      g_ascii_strcasecmp (p, "Z") == 0 ||
      g_ascii_strcasecmp (p, "UTC") == 0 ||
      g_ascii_strcasecmp (p, "GMT") == 0)
    return TRUE;

  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '-' ? -1 : 1;

  if (!read_digits (&p, 2, 2, &hours))
    return FALSE;
  if (*p != '\0')
    {
      expect (&p, ':');
      if (!read_digits (&p, 2, 2, &minutes) || *p != '\0')
        return FALSE;
    }

  if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
    return FALSE;

  *offset_seconds = sign * (hours * 3600 + minutes * 60);

  return TRUE;
}

/* A Unix timestamp: seconds (10 or 11 digits) or, as JavaScript writes
 * them, milliseconds (13). Shorter numbers are more likely order numbers. */
static gboolean
read_timestamp (const char *text,
                gint64     *out_unix)
{
  gsize len = strlen (text);
  guint64 value;

  if (len == 0 || strspn (text, "0123456789") != len)
    return FALSE;
  if (len != 10 && len != 11 && len != 13)
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *out_unix = len == 13 ? (gint64)(value / 1000) : (gint64)value;

  return TRUE;
}

/**
 * reg_time_parse:
 * @text: a date, or a date and time, as shops and CSV files write them
 * @out_unix: (out): Unix seconds, UTC; untouched on error
 * @error: return location for a #GError
 *
 * Reads ISO 8601 with "T" or a space ("2023-01-15T10:23:45Z",
 * "2023-01-15 10:23:45 -0500", "2023-01-15T10:23:45.123+02:00"), without
 * a zone, which means UTC (WooCommerce's date_created_gmt, Mailchimp),
 * a date alone (midnight UTC), "2023/01/15", German "15.01.2023 10:23",
 * "01/15/2023" when one of the first two numbers is above 12 (otherwise
 * %REG_MONEY_ERROR_INVALID: "03/04/2023" is ambiguous) and Unix timestamps.
 * Fractions of a second are dropped.
 *
 * Returns: whether @text is a date
 */
gboolean
reg_time_parse (const char  *text,
                gint64      *out_unix,
                GError     **error)
{
  g_autofree char *copy = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *p;
  gboolean iso = FALSE;
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  int a = 0, b = 0;
  int offset = 0;

  g_return_val_if_fail (out_unix != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    return set_invalid_time (text, error);

  p = copy = g_strstrip (g_strdup (text));

  if (read_timestamp (copy, out_unix))
    return TRUE;

  if (read_digits (&p, 4, 4, &year))
    {
      if (*p == '-')
        {
          iso = TRUE;
          if (!expect (&p, '-') || !read_digits (&p, 2, 2, &month) ||
              !expect (&p, '-') || !read_digits (&p, 2, 2, &day))
            return set_invalid_time (text, error);
        }
      else if (!expect (&p, '/') || !read_digits (&p, 1, 2, &month) ||
               !expect (&p, '/') || !read_digits (&p, 1, 2, &day))
        return set_invalid_time (text, error);
    }
  else if (read_digits (&p, 1, 2, &a))
    {
      char sep = *p;

      if ((sep != '.' && sep != '/') || !expect (&p, sep) ||
          !read_digits (&p, 1, 2, &b) || !expect (&p, sep) ||
          !read_digits (&p, 4, 4, &year))
        return set_invalid_time (text, error);

      if (sep == '.')
        {
          day = a;
          month = b;
        }
      else if (a > 12 || a == b)
        {
          day = a;
          month = b;
        }
      else if (b > 12)
        {
          month = a;
          day = b;
        }
      else
        {
          g_autofree char *quoted = quote_text (text);

          g_set_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID,
                       _("“%s” is ambiguous; write dates as 2023-01-15."), quoted);
          return FALSE;
        }
    }
  else
    return set_invalid_time (text, error);

  if (*p != '\0')
    {
      if (iso && (*p == 'T' || *p == 't'))
        p++;
      else
        {
          if (*p == ',')
            p++;
          if (*p != ' ')
            return set_invalid_time (text, error);
          while (*p == ' ')
            p++;
        }

      if (!read_digits (&p, 1, 2, &hour) ||
          !expect (&p, ':') || !read_digits (&p, 2, 2, &minute))
        return set_invalid_time (text, error);

      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, 2, &second))
            return set_invalid_time (text, error);

          if ((*p == '.' || *p == ',') && g_ascii_isdigit (p[1]))
            for (p++; g_ascii_isdigit (*p); p++)
              ;
        }

      while (*p == ' ')
        p++;

      if (!read_zone (p, &offset))
        return set_invalid_time (text, error);
    }

  /* A leap second is the last second of its minute to everybody else. */
  if (second == 60)
    second = 59;

  /* NULL for 2023-02-30 or 25:00, and outside years 1 to 9999. */
  dt = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (dt == NULL)
    return set_invalid_time (text, error);

  *out_unix = g_date_time_to_unix (dt) - offset;

  return TRUE;
}

/**
 * reg_time_to_iso:
 * @unix_utc: Unix seconds
 *
 * Returns: (transfer full): "2023-01-15T15:23:45Z", or "" outside
 *   years 1 to 9999
 */
char *
reg_time_to_iso (gint64 unix_utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_utc);

  if (dt == NULL)
    return g_strdup ("");

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (dt),
                          g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt));
}
