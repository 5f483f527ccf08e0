/* test-money.c: amounts and dates as shops and spreadsheets write them
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "reg-money.h"

static void
test_exponents (void)
{
  g_assert_cmpint (reg_currency_exponent ("EUR"), ==, 2);
  g_assert_cmpint (reg_currency_exponent ("eur"), ==, 2);
  g_assert_cmpint (reg_currency_exponent ("JPY"), ==, 0);
  g_assert_cmpint (reg_currency_exponent ("KWD"), ==, 3);
  g_assert_cmpint (reg_currency_exponent ("CLF"), ==, 4);
  g_assert_cmpint (reg_currency_exponent ("XQZ"), ==, -1);
  g_assert_cmpint (reg_currency_exponent (""), ==, -1);
  g_assert_cmpint (reg_currency_exponent (NULL), ==, -1);
  g_assert_cmpstr (reg_currency_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (reg_currency_symbol ("CHF"), ==, "CHF");
}

static void
test_parse (void)
{
  const struct { const char *text; const char *currency; gint64 minor; } good[] = {
    { "12.50", "EUR", 1250 }, { "12,50", "EUR", 1250 }, { "12.5", "EUR", 1250 },
    { "1200", "JPY", 1200 }, { "0.1", "EUR", 10 }, { "  7 ", "EUR", 700 },
    { "-3.00", "EUR", -300 }, { "+3", "EUR", 300 }, { "€12.50", "EUR", 1250 },
    { "12,50 €", "EUR", 1250 }, { "EUR 12.50", "EUR", 1250 }, { "$1,234.56", "USD", 123456 },
    { "1.234,56", "EUR", 123456 }, { "1,234", "EUR", 123400 }, { "1.234", "EUR", 123400 },
    { "1.234.567", "EUR", 123456700 }, { "1 234,50", "EUR", 123450 },
    { "1\u00a0234,50", "EUR", 123450 }, { "1'234.50", "CHF", 123450 }, { "1.234", "KWD", 1234 },
    { "0.0001", "CLF", 1 }, { "12.30", "EUR", 1230 }, { "12.3000", "EUR", 1230 },
    { ".5", "EUR", 50 }, { "-0.05", "EUR", -5 }, { "0", "EUR", 0 }, { "12.500", "EUR", 1250000 },
  };
  const struct { const char *text; const char *currency; int code; } bad[] = {
    { "abc", "EUR", REG_MONEY_ERROR_INVALID }, { "", "EUR", REG_MONEY_ERROR_INVALID },
    { "1e5", "EUR", REG_MONEY_ERROR_INVALID }, { "NaN", "EUR", REG_MONEY_ERROR_INVALID },
    { "12.3456", "EUR", REG_MONEY_ERROR_TOO_PRECISE }, { "1,234.567", "EUR", REG_MONEY_ERROR_TOO_PRECISE },
    { "12.50", "XQZ", REG_MONEY_ERROR_UNKNOWN_CURRENCY }, { "--5", "EUR", REG_MONEY_ERROR_INVALID },
    { "99999999999999999999", "EUR", REG_MONEY_ERROR_OUT_OF_RANGE }, { "1.2.3,4,5", "EUR", REG_MONEY_ERROR_INVALID },
    { "5 apples", "EUR", REG_MONEY_ERROR_INVALID }, { "1.5", "JPY", REG_MONEY_ERROR_TOO_PRECISE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -42;

      if (!reg_money_parse (good[i].text, good[i].currency, &minor, &error))
        g_error ("“%s”: %s", good[i].text, error->message);
      g_assert_cmpint (minor, ==, good[i].minor);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor;

      g_assert_false (reg_money_parse (bad[i].text, bad[i].currency, &minor, &error));
      g_assert_error (error, REG_MONEY_ERROR, bad[i].code);
    }
}

static void
test_plain_round_trip (void)
{
  const char *currencies[] = { "EUR", "JPY", "KWD", "CLF" };
  const gint64 values[] = { 0, 1, -1, 5, 99, 100, 123456, -987654321, G_GINT64_CONSTANT (1) << 50 };

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autofree char *plain = reg_money_to_plain (values[i], currencies[c]);
        gint64 back;

        g_assert_true (reg_money_parse (plain, currencies[c], &back, NULL));
        g_assert_cmpint (back, ==, values[i]);
      }

  {
    g_autofree char *a = reg_money_to_plain (123450, "EUR");
    g_autofree char *b = reg_money_to_plain (-5, "EUR");
    g_autofree char *c = reg_money_to_plain (1200, "JPY");
    g_assert_cmpstr (a, ==, "1234.50");
    g_assert_cmpstr (b, ==, "-0.05");
    g_assert_cmpstr (c, ==, "1200");
  }
}

static void
test_format_with (void)
{
  const RegMoneyConventions de = { ",", ".", FALSE, TRUE };
  const RegMoneyConventions en = { ".", ",", TRUE, FALSE };
  const struct { gint64 minor; const char *currency; const RegMoneyConventions *conv; const char *text; } cases[] = {
    { 123450, "EUR", &de, "1.234,50\u00a0€" },
    { 123450, "EUR", &en, "€1,234.50" },
    { 123450, "USD", &en, "$1,234.50" },
    { 1200, "JPY", &en, "¥1,200" },
    { 123450, "CHF", &de, "1.234,50\u00a0CHF" },
    { 123450, "CHF", &en, "CHF\u00a01,234.50" },
    { 0, "EUR", &de, "0,00\u00a0€" },
    { -5, "EUR", &de, "-0,05\u00a0€" },
    { -500, "EUR", &en, "-€5.00" },
    { 1234, "KWD", &en, "KWD\u00a01.234" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = reg_money_format_with (cases[i].minor, cases[i].currency, cases[i].conv);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_locales (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *de = NULL;
  g_autofree char *en = NULL;

  if (!setlocale (LC_ALL, "de_DE.UTF-8"))
    {
      g_test_fail_printf ("The de_DE.UTF-8 locale is missing: run build-aux/dev deps");
      return;
    }
  de = reg_money_format (123450, "EUR");

  if (!setlocale (LC_ALL, "en_US.UTF-8"))
    {
      g_test_fail_printf ("The en_US.UTF-8 locale is missing: run build-aux/dev deps");
      setlocale (LC_ALL, saved);
      return;
    }
  en = reg_money_format (123450, "EUR");
  setlocale (LC_ALL, saved);

  g_assert_cmpstr (de, ==, "1.234,50\u00a0€");
  g_assert_cmpstr (en, ==, "€1,234.50");
}

static void
test_time_parse (void)
{
  const struct { const char *text; gint64 unix_time; } good[] = {
    { "2023-01-15", 1673740800 },
    { "2023-01-15T10:23:45Z", 1673778225 },
    { "2023-01-15T10:23:45", 1673778225 },
    { "2023-01-15 10:23:45", 1673778225 },
    { "2023-01-15 10:23:45 -0500", 1673796225 },
    { "2023-01-15T10:23:45+02:00", 1673771025 },
    { "2023-01-15T10:23:45.123Z", 1673778225 },
    { "2023-01-15T10:23", 1673778180 },
    { "15.01.2023", 1673740800 },
    { "15.01.2023 10:23", 1673778180 },
    { "01/15/2023", 1673740800 },
    { "15/01/2023", 1673740800 },
    { "01/01/2023", 1672531200 },
    { "1673778225", 1673778225 },
    { "2016-04-18 13:51:14", 1460987474 },
    { "2024-02-29", 1709164800 },
  };
  const char *bad[] = {
    "", "yesterday", "2023-02-30", "2023-13-01", "2023-01-15 25:00", "03/04/2023", "2023-01-15X",
    "2023-01-15 10:23:45 +9999", "12345",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = 0;

      if (!reg_time_parse (good[i].text, &t, &error))
        g_error ("“%s”: %s", good[i].text, error->message);
      g_assert_cmpint (t, ==, good[i].unix_time);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t;

      if (reg_time_parse (bad[i], &t, &error))
        g_error ("“%s” read as %" G_GINT64_FORMAT, bad[i], t);
      g_assert_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID);
    }

  {
    g_autofree char *iso = reg_time_to_iso (1673778225);
    g_assert_cmpstr (iso, ==, "2023-01-15T10:23:45Z");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/exponents", test_exponents);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/plain-round-trip", test_plain_round_trip);
  g_test_add_func ("/money/format", test_format_with);
  g_test_add_func ("/money/format-in-locales", test_format_locales);
  g_test_add_func ("/time/parse", test_time_parse);

  return g_test_run ();
}
