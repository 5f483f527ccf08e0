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

#define TWO_53 (G_GINT64_CONSTANT (1) << 53)

/* Every active ISO 4217 code with a minor unit, as of 2025. */
static const char *iso_codes =
  "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN "
  "BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP "
  "ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR "
  "ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA "
  "MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK "
  "PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC "
  "SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND "
  "VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

static const char *zero_decimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
static const char *three_decimals = "BHD IQD JOD KWD LYD OMR TND";
static const char *four_decimals = "CLF UYW";

/* Calls @func for every three-letter code the table knows. */
static void
foreach_known_code (void (*func) (const char *code, gpointer data),
                    gpointer data)
{
  char code[4] = { 0 };

  for (code[0] = 'A'; code[0] <= 'Z'; code[0]++)
    for (code[1] = 'A'; code[1] <= 'Z'; code[1]++)
      for (code[2] = 'A'; code[2] <= 'Z'; code[2]++)
        if (reg_currency_is_known (code))
          func (code, data);
}

static void
check_exponent_cb (const char *code,
                   gpointer    data)
{
  int expected = 2;
  guint *n_known = data;

  if (strstr (zero_decimals, code))
    expected = 0;
  else if (strstr (three_decimals, code))
    expected = 3;
  else if (strstr (four_decimals, code))
    expected = 4;

  if (reg_currency_exponent (code) != expected)
    g_error ("%s has %d decimals, not %d", code, reg_currency_exponent (code), expected);

  (*n_known)++;
}

static void
test_currencies (void)
{
  g_auto(GStrv) codes = g_strsplit (iso_codes, " ", -1);
  guint n_known = 0;

  g_assert_cmpint (reg_currency_exponent ("EUR"), ==, 2);
  g_assert_cmpint (reg_currency_exponent ("eur"), ==, 2);
  g_assert_cmpint (reg_currency_exponent ("Eur"), ==, 2);
  g_assert_cmpint (reg_currency_exponent ("USD"), ==, 2);
  g_assert_cmpint (reg_currency_exponent ("JPY"), ==, 0);
  g_assert_cmpint (reg_currency_exponent ("jpy"), ==, 0);
  g_assert_cmpint (reg_currency_exponent ("KWD"), ==, 3);
  g_assert_cmpint (reg_currency_exponent ("CLF"), ==, 4);
  g_assert_cmpint (reg_currency_exponent ("UYW"), ==, 4);
  g_assert_cmpint (reg_currency_exponent ("XQZ"), ==, -1);
  g_assert_cmpint (reg_currency_exponent ("XAU"), ==, -1);
  g_assert_cmpint (reg_currency_exponent ("EU"), ==, -1);
  g_assert_cmpint (reg_currency_exponent ("EURO"), ==, -1);
  g_assert_cmpint (reg_currency_exponent ("EUR "), ==, -1);
  g_assert_cmpint (reg_currency_exponent ("E1R"), ==, -1);
  g_assert_cmpint (reg_currency_exponent ("€"), ==, -1);
  g_assert_cmpint (reg_currency_exponent (""), ==, -1);
  g_assert_cmpint (reg_currency_exponent (NULL), ==, -1);
  g_assert_true (reg_currency_is_known ("chf"));
  g_assert_false (reg_currency_is_known ("XYZ"));
  g_assert_false (reg_currency_is_known (NULL));

  /* Every code is found, which also proves the table sorted for the
   * binary search, and none has a wrong exponent. */
  for (guint i = 0; codes[i]; i++)
    if (!reg_currency_is_known (codes[i]))
      g_error ("%s is missing", codes[i]);
  foreach_known_code (check_exponent_cb, &n_known);
  g_assert_cmpuint (n_known, >=, g_strv_length (codes));

  g_assert_cmpstr (reg_currency_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (reg_currency_symbol ("eur"), ==, "€");
  g_assert_cmpstr (reg_currency_symbol ("USD"), ==, "$");
  g_assert_cmpstr (reg_currency_symbol ("GBP"), ==, "£");
  g_assert_cmpstr (reg_currency_symbol ("JPY"), ==, "¥");
  g_assert_cmpstr (reg_currency_symbol ("CHF"), ==, "CHF");
  g_assert_cmpstr (reg_currency_symbol ("SEK"), ==, "kr");
  g_assert_cmpstr (reg_currency_symbol ("NOK"), ==, "kr");
  g_assert_cmpstr (reg_currency_symbol ("DKK"), ==, "kr");
  g_assert_cmpstr (reg_currency_symbol ("PLN"), ==, "zł");
  g_assert_cmpstr (reg_currency_symbol ("CZK"), ==, "Kč");
  g_assert_cmpstr (reg_currency_symbol ("CAD"), ==, "CA$");
  g_assert_cmpstr (reg_currency_symbol ("AUD"), ==, "A$");
  g_assert_cmpstr (reg_currency_symbol ("NZD"), ==, "NZ$");
  g_assert_cmpstr (reg_currency_symbol ("INR"), ==, "₹");
  g_assert_cmpstr (reg_currency_symbol ("CNY"), ==, "CN¥");
  g_assert_cmpstr (reg_currency_symbol ("BRL"), ==, "R$");
  g_assert_cmpstr (reg_currency_symbol ("MXN"), ==, "MX$");
  g_assert_cmpstr (reg_currency_symbol ("HUF"), ==, "Ft");
  g_assert_cmpstr (reg_currency_symbol ("TRY"), ==, "₺");
  g_assert_cmpstr (reg_currency_symbol ("KRW"), ==, "₩");
  g_assert_cmpstr (reg_currency_symbol ("KWD"), ==, "KWD");
  g_assert_cmpstr (reg_currency_symbol ("kwd"), ==, "KWD");
  g_assert_cmpstr (reg_currency_symbol ("XQZ"), ==, "XQZ");
  g_assert_cmpstr (reg_currency_symbol (NULL), ==, "");
}

static void
test_parse (void)
{
  const struct { const char *text; const char *currency; gint64 minor; } good[] = {
    { "12.50", "EUR", 1250 },
    { "12,50", "EUR", 1250 },
    { "12.5", "EUR", 1250 },
    { "12,5", "EUR", 1250 },
    { "1200", "JPY", 1200 },
    { "1200", "EUR", 120000 },
    { "0.1", "EUR", 10 },
    { "  7 ", "EUR", 700 },
    { "\t7\r\n", "EUR", 700 },
    { "-3.00", "EUR", -300 },
    { "+3", "EUR", 300 },
    { "\u22123,50", "EUR", -350 },
    { "€12.50", "EUR", 1250 },
    { "12,50 €", "EUR", 1250 },
    { "12,50\u00a0€", "EUR", 1250 },
    { "12,50€", "EUR", 1250 },
    { "EUR 12.50", "EUR", 1250 },
    { "12.50 EUR", "EUR", 1250 },
    { "eur 12.50", "EUR", 1250 },
    { "12.50", "eur", 1250 },
    { "-€5.00", "EUR", -500 },
    { "€-5.00", "EUR", -500 },
    { "€ -5.00", "EUR", -500 },
    { "- 5,00 €", "EUR", -500 },
    { "-5,00\u00a0€", "EUR", -500 },
    { "$1,234.56", "USD", 123456 },
    { "US$1,234.56", "USD", 123456 },
    { "$12.50", "CAD", 1250 },
    { "CA$12.50", "CAD", 1250 },
    { "R$ 1.234,56", "BRL", 123456 },
    { "¥1,200", "JPY", 1200 },
    { "1,200円", "JPY", 1200 },
    { "CHF 1'234.50", "CHF", 123450 },
    { "1’234.50 Fr.", "CHF", 123450 },
    { "1 234,50 kr", "SEK", 123450 },
    { "1.234,50 kr.", "DKK", 123450 },
    { "1.234,56", "EUR", 123456 },
    { "1,234.56", "EUR", 123456 },
    { "1,234", "EUR", 123400 },
    { "1.234", "EUR", 123400 },
    { "1.234.567", "EUR", 123456700 },
    { "1,234,567.89", "USD", 123456789 },
    { "1.234.567,89", "EUR", 123456789 },
    { "1 234,50", "EUR", 123450 },
    { "1\u00a0234,50", "EUR", 123450 },
    { "1\u202f234,50\u202f€", "EUR", 123450 },
    { "1'234.50", "CHF", 123450 },
    { "1'234'567", "CHF", 123456700 },
    { "₹12,34,567.00", "INR", 123456700 },
    { "1.234", "KWD", 1234 },
    { "1,234", "KWD", 1234 },
    { "1,234.567", "KWD", 1234567 },
    { "1.5", "KWD", 1500 },
    { "0.0001", "CLF", 1 },
    { "12.30", "EUR", 1230 },
    { "12.3000", "EUR", 1230 },
    /* The three-digit rule: a spreadsheet's 12,500 without decimals. */
    { "12.500", "EUR", 1250000 },
    { "12,345", "EUR", 1234500 },
    { "12.001", "EUR", 1200100 },
    /* …but not where no thousands can be. */
    { "0.500", "EUR", 50 },
    { "1234.500", "EUR", 123450 },
    { "1 234.500", "EUR", 123450 },
    { ".5", "EUR", 50 },
    { "5.", "EUR", 500 },
    { "-0.05", "EUR", -5 },
    { "0", "EUR", 0 },
    { "-0", "EUR", 0 },
    { "007", "EUR", 700 },
    { "1.000", "JPY", 1000 },
    { "1200.00", "JPY", 1200 },
    { "90071992547409.92", "EUR", TWO_53 },
    { "-90071992547409.92", "EUR", -TWO_53 },
    { "9007199254740992", "JPY", TWO_53 },
    { "0000000000000000000000001", "JPY", 1 },
  };
  const struct { const char *text; const char *currency; int code; } bad[] = {
    { "abc", "EUR", REG_MONEY_ERROR_INVALID },
    { "", "EUR", REG_MONEY_ERROR_INVALID },
    { "   ", "EUR", REG_MONEY_ERROR_INVALID },
    { NULL, "EUR", REG_MONEY_ERROR_INVALID },
    { "€", "EUR", REG_MONEY_ERROR_INVALID },
    { "-", "EUR", REG_MONEY_ERROR_INVALID },
    { ".", "EUR", REG_MONEY_ERROR_INVALID },
    { "1e5", "EUR", REG_MONEY_ERROR_INVALID },
    { "1E5", "EUR", REG_MONEY_ERROR_INVALID },
    { "NaN", "EUR", REG_MONEY_ERROR_INVALID },
    { "inf", "EUR", REG_MONEY_ERROR_INVALID },
    { "0x10", "EUR", REG_MONEY_ERROR_INVALID },
    { "--5", "EUR", REG_MONEY_ERROR_INVALID },
    { "-€-5", "EUR", REG_MONEY_ERROR_INVALID },
    { "+-5", "EUR", REG_MONEY_ERROR_INVALID },
    { "5-", "EUR", REG_MONEY_ERROR_INVALID },
    { "(5.00)", "EUR", REG_MONEY_ERROR_INVALID },
    { "1.2.3,4,5", "EUR", REG_MONEY_ERROR_INVALID },
    { "1,234.56.78", "EUR", REG_MONEY_ERROR_INVALID },
    { "1,2,3", "EUR", REG_MONEY_ERROR_INVALID },
    { "12 50", "EUR", REG_MONEY_ERROR_INVALID },
    { "1.234 567", "EUR", REG_MONEY_ERROR_INVALID },
    { "1234,567.50", "EUR", REG_MONEY_ERROR_INVALID },
    { "1..5", "EUR", REG_MONEY_ERROR_INVALID },
    { "1,,5", "EUR", REG_MONEY_ERROR_INVALID },
    { "'5", "EUR", REG_MONEY_ERROR_INVALID },
    { "5'", "EUR", REG_MONEY_ERROR_INVALID },
    { "5 apples", "EUR", REG_MONEY_ERROR_INVALID },
    { "€5", "USD", REG_MONEY_ERROR_INVALID },
    { "$5", "EUR", REG_MONEY_ERROR_INVALID },
    { "5 USD", "EUR", REG_MONEY_ERROR_INVALID },
    { "€ 5 €", "EUR", REG_MONEY_ERROR_INVALID },
    { "12,50 € €", "EUR", REG_MONEY_ERROR_INVALID },
    { "\xff" "12", "EUR", REG_MONEY_ERROR_INVALID },
    { "12.3456", "EUR", REG_MONEY_ERROR_TOO_PRECISE },
    { "1,234.567", "EUR", REG_MONEY_ERROR_TOO_PRECISE },
    { "1234.567", "EUR", REG_MONEY_ERROR_TOO_PRECISE },
    { "0,125", "EUR", REG_MONEY_ERROR_TOO_PRECISE },
    { "1.5", "JPY", REG_MONEY_ERROR_TOO_PRECISE },
    { "1.2345", "KWD", REG_MONEY_ERROR_TOO_PRECISE },
    { "0.00001", "CLF", REG_MONEY_ERROR_TOO_PRECISE },
    { "12.50", "XQZ", REG_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "12.50", "", REG_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "12.50", NULL, REG_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "abc", "XQZ", REG_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "99999999999999999999", "EUR", REG_MONEY_ERROR_OUT_OF_RANGE },
    { "90071992547409.93", "EUR", REG_MONEY_ERROR_OUT_OF_RANGE },
    { "-90071992547409.93", "EUR", REG_MONEY_ERROR_OUT_OF_RANGE },
    { "9007199254740993", "JPY", REG_MONEY_ERROR_OUT_OF_RANGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -42;

      if (!reg_money_parse (good[i].text, good[i].currency, &minor, &error))
        g_error ("“%s” %s: %s", good[i].text, good[i].currency, error->message);
      if (minor != good[i].minor)
        g_error ("“%s” %s read as %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                 good[i].text, good[i].currency, minor, good[i].minor);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -42;

      if (reg_money_parse (bad[i].text, bad[i].currency, &minor, &error))
        g_error ("“%s” %s read as %" G_GINT64_FORMAT, bad[i].text, bad[i].currency, minor);
      g_assert_error (error, REG_MONEY_ERROR, bad[i].code);
      g_assert_cmpint (minor, ==, -42);
    }
}

static void
test_parse_messages (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor;

  g_assert_false (reg_money_parse ("abc", "EUR", &minor, &error));
  g_assert_cmpstr (error->message, ==, "“abc” is not an amount.");
  g_clear_error (&error);

  g_assert_false (reg_money_parse ("12", "XYZ", &minor, &error));
  g_assert_cmpstr (error->message, ==, "Unknown currency “XYZ”.");
  g_clear_error (&error);

  g_assert_false (reg_money_parse ("12.3456", "EUR", &minor, &error));
  g_assert_nonnull (strstr (error->message, "“12.3456”"));
  g_assert_nonnull (strstr (error->message, "EUR"));
  g_clear_error (&error);

  g_assert_false (reg_money_parse ("99999999999999999999", "EUR", &minor, &error));
  g_assert_nonnull (strstr (error->message, "“99999999999999999999”"));
  g_clear_error (&error);

  /* A whole row pasted into one cell does not make a whole-row message. */
  g_assert_false (reg_money_parse ("Anna Schmidt;anna@example.com;Berlin;12,50;EUR;newsletter",
                                   "EUR", &minor, &error));
  g_assert_cmpstr (error->message, ==, "“Anna Schmidt;anna@example.com;Berlin;12…” is not an amount.");
  g_clear_error (&error);

  /* Not UTF-8: the message still is. */
  g_assert_false (reg_money_parse ("12\xff", "EUR", &minor, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
round_trip_cb (const char *code,
               gpointer    data)
{
  const gint64 *value = data;
  g_autofree char *plain = reg_money_to_plain (*value, code);
  gint64 back = 0;

  if (!reg_money_parse (plain, code, &back, NULL) || back != *value)
    g_error ("%" G_GINT64_FORMAT " %s: “%s” read back as %" G_GINT64_FORMAT,
             *value, code, plain, back);
}

static void
test_plain (void)
{
  const char *currencies[] = { "EUR", "JPY", "KWD", "CLF", "eur" };
  const gint64 values[] = {
    0, 1, -1, 5, -5, 9, 10, 99, 100, 101, 999, 1000, 1001, 12345, 123456, 1234567,
    -987654321, G_GINT64_CONSTANT (1000000000000), G_GINT64_CONSTANT (1) << 50,
    TWO_53, -TWO_53, TWO_53 - 1,
  };
  const struct { gint64 minor; const char *currency; const char *text; } cases[] = {
    { 123450, "EUR", "1234.50" },
    { -5, "EUR", "-0.05" },
    { 0, "EUR", "0.00" },
    { 100000000, "EUR", "1000000.00" },
    { 1200, "JPY", "1200" },
    { -1200, "JPY", "-1200" },
    { 1234, "KWD", "1.234" },
    { 1, "KWD", "0.001" },
    { 1, "CLF", "0.0001" },
    { 123, "XQZ", "1.23" },
    { 123, NULL, "1.23" },
    { TWO_53, "EUR", "90071992547409.92" },
    { G_MININT64, "EUR", "-92233720368547758.08" },
    { G_MAXINT64, "JPY", "9223372036854775807" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      round_trip_cb (currencies[c], (gpointer)&values[i]);

  for (guint i = 0; i < 200; i++)
    {
      gint64 value = (gint64)g_test_rand_int () * g_test_rand_int_range (1, 1 << 20);

      for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
        round_trip_cb (currencies[c], &value);
    }

  /* Every currency we know, whatever its exponent. */
  {
    gint64 value = -123456789;

    foreach_known_code (round_trip_cb, &value);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = reg_money_to_plain (cases[i].minor, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static const RegMoneyConventions de = { ",", ".", FALSE, TRUE };
static const RegMoneyConventions en = { ".", ",", TRUE, FALSE };
static const RegMoneyConventions fr = { ",", "\u202f", FALSE, TRUE };
static const RegMoneyConventions ch = { ".", "’", TRUE, TRUE };
static const RegMoneyConventions nl = { ",", ".", TRUE, TRUE };
static const RegMoneyConventions tight = { ".", ",", FALSE, FALSE };
static const RegMoneyConventions plain = { ".", "", TRUE, FALSE };

static void
test_format_with (void)
{
  const struct { gint64 minor; const char *currency; const RegMoneyConventions *conv; const char *text; } cases[] = {
    { 123450, "EUR", &de, "1.234,50\u00a0€" },
    { 123450, "EUR", &en, "€1,234.50" },
    { 123450, "USD", &en, "$1,234.50" },
    { 123450, "USD", &de, "1.234,50\u00a0$" },
    { 1200, "JPY", &en, "¥1,200" },
    { 1200, "JPY", &de, "1.200\u00a0¥" },
    { 123450, "CHF", &de, "1.234,50\u00a0CHF" },
    { 123450, "CHF", &en, "CHF\u00a01,234.50" },
    { 123450, "CHF", &ch, "CHF\u00a01’234.50" },
    { 0, "EUR", &de, "0,00\u00a0€" },
    { 0, "EUR", &en, "€0.00" },
    { -5, "EUR", &de, "-0,05\u00a0€" },
    { -500, "EUR", &en, "-€5.00" },
    { -123450, "CHF", &en, "-CHF\u00a01,234.50" },
    { 1234, "KWD", &en, "KWD\u00a01.234" },
    { 1234, "KWD", &de, "1,234\u00a0KWD" },
    { 1234567, "KWD", &en, "KWD\u00a01,234.567" },
    { 1, "CLF", &en, "CLF\u00a00.0001" },
    { 123450, "SEK", &en, "kr\u00a01,234.50" },
    { 123450, "SEK", &fr, "1\u202f234,50\u00a0kr" },
    { 123450, "EUR", &fr, "1\u202f234,50\u00a0€" },
    { 123450, "EUR", &nl, "€\u00a01.234,50" },
    { 123450, "EUR", &tight, "1,234.50€" },
    { 123450, "CHF", &tight, "1,234.50\u00a0CHF" },
    { 123450, "EUR", &plain, "€1234.50" },
    { 123450, "XQZ", &en, "XQZ\u00a01,234.50" },
    { 123456789, "EUR", &de, "1.234.567,89\u00a0€" },
    { 100, "EUR", &de, "1,00\u00a0€" },
    { 99999, "EUR", &en, "€999.99" },
    { 100000, "EUR", &en, "€1,000.00" },
    { TWO_53, "EUR", &en, "€90,071,992,547,409.92" },
    { G_MININT64, "JPY", &en, "-¥9,223,372,036,854,775,808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = reg_money_format_with (cases[i].minor, cases[i].currency, cases[i].conv);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* What we show, people copy into spreadsheets and back: it reads back. */
static void
test_format_reads_back (void)
{
  const RegMoneyConventions *convs[] = { &de, &en, &fr, &ch, &nl, &tight, &plain };
  const char *currencies[] = { "EUR", "USD", "CHF", "SEK", "JPY", "KWD", "CLF", "INR", "BRL" };
  const gint64 values[] = {
    0, 1, -1, 5, 99, 100, 999, 1000, 1001, 12345, 123450, 999999, 1000000, 1234567,
    -123456789, G_GINT64_CONSTANT (1000000000000), TWO_53, -TWO_53,
  };

  for (guint v = 0; v < G_N_ELEMENTS (convs); v++)
    for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          g_autofree char *text = reg_money_format_with (values[i], currencies[c], convs[v]);
          g_autoptr(GError) error = NULL;
          gint64 back = 0;

          if (!reg_money_parse (text, currencies[c], &back, &error))
            g_error ("“%s”: %s", text, error->message);
          if (back != values[i])
            g_error ("“%s” read back as %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                     text, back, values[i]);
        }
}

static gboolean
set_locale_or_fail (int         category,
                    const char *locale)
{
  if (setlocale (category, locale) != NULL)
    return TRUE;

#ifdef G_OS_WIN32
  {
    /* Windows names locales "de-DE.UTF-8"; one it lacks is no fault of
     * this machine's set-up. */
    g_autofree char *windows = g_strdelimit (g_strdup (locale), "_", '-');

    if (setlocale (category, windows) != NULL)
      return TRUE;
    g_test_skip_printf ("Windows has no %s locale here", windows);
    return FALSE;
  }
#endif

  g_test_fail_printf ("The %s locale is missing: run build-aux/dev deps", locale);

  return FALSE;
}

static void
check_locales (void)
{
  RegMoneyConventions conv;
  gint64 parsed = 0;

  /* The test environment's own locale: no monetary data at all. */
  {
    g_autofree char *text = reg_money_format (123450, "EUR");

    reg_money_conventions_from_locale (&conv);
    g_assert_cmpstr (conv.decimal_point, ==, ".");
    g_assert_cmpstr (conv.thousands_sep, ==, ",");
    g_assert_true (conv.symbol_precedes);
    g_assert_false (conv.space_after_symbol);
    g_assert_cmpstr (text, ==, "€1,234.50");
  }

  if (!set_locale_or_fail (LC_ALL, "de_DE.UTF-8"))
    return;
  {
    g_autofree char *eur = reg_money_format (123450, "EUR");
    g_autofree char *neg = reg_money_format (-5, "EUR");
    g_autofree char *plain_text = reg_money_to_plain (123450, "EUR");

    reg_money_conventions_from_locale (&conv);
    g_assert_cmpstr (conv.decimal_point, ==, ",");
    g_assert_cmpstr (conv.thousands_sep, ==, ".");
    g_assert_false (conv.symbol_precedes);
    g_assert_true (conv.space_after_symbol);
    g_assert_cmpstr (eur, ==, "1.234,50\u00a0€");
    g_assert_cmpstr (neg, ==, "-0,05\u00a0€");

    /* Files and parsing stay in no locale. */
    g_assert_cmpstr (plain_text, ==, "1234.50");
    g_assert_true (reg_money_parse ("1,234.50", "EUR", &parsed, NULL));
    g_assert_cmpint (parsed, ==, 123450);
  }

  if (!set_locale_or_fail (LC_ALL, "en_US.UTF-8"))
    return;
  {
    g_autofree char *eur = reg_money_format (123450, "EUR");
    g_autofree char *jpy = reg_money_format (1200, "JPY");
    g_autofree char *usd = reg_money_format (-123450, "USD");

    g_assert_cmpstr (eur, ==, "€1,234.50");
    g_assert_cmpstr (jpy, ==, "¥1,200");
    g_assert_cmpstr (usd, ==, "-$1,234.50");
  }

  /* Numbers in German, money in C: LC_NUMERIC's separators. */
  if (!set_locale_or_fail (LC_ALL, "C.UTF-8") ||
      !set_locale_or_fail (LC_NUMERIC, "de_DE.UTF-8"))
    return;
  {
    g_autofree char *eur = reg_money_format (123450, "EUR");

    reg_money_conventions_from_locale (&conv);
    g_assert_cmpstr (conv.decimal_point, ==, ",");
    g_assert_cmpstr (conv.thousands_sep, ==, ".");
    g_assert_cmpstr (eur, ==, "€1.234,50");
  }
}

static void
test_format_locales (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  check_locales ();

  setlocale (LC_ALL, saved);
}

static void
test_time_parse (void)
{
  const struct { const char *text; gint64 unix_time; } good[] = {
    { "2023-01-15", 1673740800 },
    { "2023-01-15T10:23:45Z", 1673778225 },
    { "2023-01-15t10:23:45z", 1673778225 },
    { "2023-01-15T10:23:45", 1673778225 },
    { "2023-01-15 10:23:45", 1673778225 },
    { "  2023-01-15 10:23:45\n", 1673778225 },
    { "2023-01-15 10:23:45 UTC", 1673778225 },
    { "2023-01-15 10:23:45 -0500", 1673796225 },
    { "2023-01-15T10:23:45-05:00", 1673796225 },
    { "2023-01-15T10:23:45+02:00", 1673771025 },
    { "2023-01-15T10:23:45+0200", 1673771025 },
    { "2023-01-15T10:23:45+02", 1673771025 },
    { "2023-01-15T10:23:45+00:00", 1673778225 },
    { "2023-01-15T10:23:45+05:30", 1673758425 },
    { "2023-01-15T10:23:45+05:45", 1673757525 },
    { "2023-01-15T10:23:45-03:30", 1673790825 },
    { "2023-01-15T10:23:45+14:00", 1673727825 },
    { "2023-01-15T10:23:45-12:00", 1673821425 },
    { "2023-01-15T00:30:00+02:00", 1673735400 },
    { "2023-01-15T10:23:45.123Z", 1673778225 },
    { "2023-01-15T10:23:45,5Z", 1673778225 },
    { "2023-01-15T10:23:45.999999-05:00", 1673796225 },
    { "2023-01-15T10:23", 1673778180 },
    { "2023-01-15T10:23Z", 1673778180 },
    { "2023/01/15", 1673740800 },
    { "15.01.2023", 1673740800 },
    { "5.1.2023", 1672876800 },
    { "15.01.2023 10:23", 1673778180 },
    { "15.01.2023 10:23:45", 1673778225 },
    { "15.01.2023, 10:23", 1673778180 },
    { "01/15/2023", 1673740800 },
    { "15/01/2023", 1673740800 },
    { "01/15/2023 10:23:45", 1673778225 },
    { "01/01/2023", 1672531200 },
    { "1673778225", 1673778225 },
    { "1673778225000", 1673778225 },
    { "2016-04-18 13:51:14", 1460987474 },
    { "2024-02-29", 1709164800 },
    { "2000-02-29", 951782400 },
    { "17.05.1980", 327369600 },
    { "1969-12-31T23:59:59Z", -1 },
    { "2023-06-30T23:59:60Z", 1688169599 },
    { "0001-01-01", G_GINT64_CONSTANT (-62135596800) },
    { "9999-12-31T23:59:59Z", G_GINT64_CONSTANT (253402300799) },
  };
  const char *bad[] = {
    "", "   ", NULL, "yesterday", "2023-02-30", "2023-02-29", "1900-02-29", "2023-13-01",
    "2023-00-10", "2023-01-00", "2023-01-15 25:00", "2023-01-15 24:00", "2023-01-15 10:60",
    "2023-01-15 10:23:61", "03/04/2023", "13/13/2023", "2023-01-15X", "2023-01-15T",
    "2023-1-15", "2023-01-15 10", "2023-01-15 10:2", "2023-01-15 10:23:45 +9999",
    "2023-01-15 10:23:45 +15:00", "2023-01-15 10:23:45 +02:0", "2023-01-15 10:23:45 EST",
    "2023-01-15 10:23:45 +02:00 x", "2023-01-15Z", "2023-01-15T10:23:45.Z", "12345",
    "123456789", "123456789012", "-1673778225", "20230115", "15.01.23", "01/15/23",
    "2023-01-15\xff", "0000-01-01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = 0;

      if (!reg_time_parse (good[i].text, &t, &error))
        g_error ("“%s”: %s", good[i].text, error->message);
      if (t != good[i].unix_time)
        g_error ("“%s” read as %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                 good[i].text, t, good[i].unix_time);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = 42;

      if (reg_time_parse (bad[i], &t, &error))
        g_error ("“%s” read as %" G_GINT64_FORMAT, bad[i], t);
      g_assert_error (error, REG_MONEY_ERROR, REG_MONEY_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpint (t, ==, 42);
    }
}

static void
test_time_messages (void)
{
  g_autoptr(GError) error = NULL;
  gint64 t;

  g_assert_false (reg_time_parse ("yesterday", &t, &error));
  g_assert_cmpstr (error->message, ==, "“yesterday” is not a date.");
  g_clear_error (&error);

  g_assert_false (reg_time_parse ("2023-02-30", &t, &error));
  g_assert_cmpstr (error->message, ==, "“2023-02-30” is not a date.");
  g_clear_error (&error);

  g_assert_false (reg_time_parse ("03/04/2023", &t, &error));
  g_assert_cmpstr (error->message, ==, "“03/04/2023” is ambiguous; write dates as 2023-01-15.");
}

static void
test_time_to_iso (void)
{
  const struct { gint64 unix_time; const char *text; } cases[] = {
    { 1673778225, "2023-01-15T10:23:45Z" },
    { 1673796225, "2023-01-15T15:23:45Z" },
    { 0, "1970-01-01T00:00:00Z" },
    { -1, "1969-12-31T23:59:59Z" },
    { 951782400, "2000-02-29T00:00:00Z" },
    { G_GINT64_CONSTANT (-62135596800), "0001-01-01T00:00:00Z" },
    { G_GINT64_CONSTANT (253402300799), "9999-12-31T23:59:59Z" },
    { G_GINT64_CONSTANT (253402300800), "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = reg_time_to_iso (cases[i].unix_time);

      g_assert_cmpstr (iso, ==, cases[i].text);
    }

  for (guint i = 0; i < 500; i++)
    {
      gint64 t = (gint64)g_test_rand_int_range (-2000000000, 2000000000) * 4;
      g_autofree char *iso = reg_time_to_iso (t);
      gint64 back = 0;

      g_assert_true (reg_time_parse (iso, &back, NULL));
      g_assert_cmpint (back, ==, t);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currencies", test_currencies);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/parse/messages", test_parse_messages);
  g_test_add_func ("/money/plain/round-trip", test_plain);
  g_test_add_func ("/money/format", test_format_with);
  g_test_add_func ("/money/format/reads-back", test_format_reads_back);
  g_test_add_func ("/money/format/locales", test_format_locales);
  g_test_add_func ("/time/parse", test_time_parse);
  g_test_add_func ("/time/parse/messages", test_time_messages);
  g_test_add_func ("/time/to-iso", test_time_to_iso);

  return g_test_run ();
}
