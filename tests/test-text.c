/* test-text.c: normalising e-mail, folding, and turning typing into queries
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "reg-contact.h"
#include "reg-text.h"

static void
test_normalize_email (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "  Anna.Mueller@Example.COM ", "anna.mueller@example.com" },
    { "\tX@Y.de\n", "x@y.de" },
    { "   ", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = reg_text_normalize_email (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_email_looks_valid (void)
{
  g_assert_true (reg_text_email_looks_valid ("anna@example.com"));
  g_assert_true (reg_text_email_looks_valid (" anna@example.com "));
  g_assert_true (reg_text_email_looks_valid (""));
  g_assert_false (reg_text_email_looks_valid ("anna"));
  g_assert_false (reg_text_email_looks_valid ("anna@"));
  g_assert_false (reg_text_email_looks_valid ("@example.com"));
  g_assert_false (reg_text_email_looks_valid ("anna@example"));
  g_assert_false (reg_text_email_looks_valid ("an na@example.com"));
  g_assert_false (reg_text_email_looks_valid ("a@b@example.com"));
}

static void
test_fold (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "Müller", "muller" },
    { "José", "jose" },
    { "ÉLODIE", "elodie" },
    { "Dvořák", "dvorak" },
    { "Straße", "strasse" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = reg_text_fold (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* Invalid UTF-8 is folded to nothing rather than passed on. */
  {
    g_autofree char *bad = reg_text_fold ("M\xfcller");
    g_assert_cmpstr (bad, ==, "");
  }
}

static void
test_fts_query (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "mull", "\"mull\"*" },
    { "  Anna   Mü ", "\"anna\"* \"mu\"*" },
    { "Weiß Łódź", "\"weiss\"* \"lodz\"*" },
    { "jose.nunez@example.es", "\"jose\"* \"nunez\"* \"example\"* \"es\"*" },
    { "\"; DROP", "\"drop\"*" },
    { "NEAR(a b)", "\"near\"* \"a\"* \"b\"*" },
    { "+49 30", "\"49\"* \"30\"*" },
    { "***", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = reg_text_fts_query (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_display_name (void)
{
  g_autoptr(RegContact) c = reg_contact_new ();
  g_autofree char *unnamed = reg_contact_dup_display_name (c);
  g_autofree char *by_mail = NULL;
  g_autofree char *by_company = NULL;
  g_autofree char *by_name = NULL;

  g_assert_cmpstr (unnamed, ==, "Unnamed customer");
  g_assert_true (reg_contact_is_blank (c));

  reg_contact_set_email (c, "shop@example.com");
  by_mail = reg_contact_dup_display_name (c);
  g_assert_cmpstr (by_mail, ==, "shop@example.com");

  reg_contact_set_company (c, "Café Sonnenschein");
  by_company = reg_contact_dup_display_name (c);
  g_assert_cmpstr (by_company, ==, "Café Sonnenschein");

  reg_contact_set_given_name (c, " Käthe ");
  reg_contact_set_family_name (c, "Köhler");
  by_name = reg_contact_dup_display_name (c);
  g_assert_cmpstr (by_name, ==, "Käthe Köhler");
  g_assert_false (reg_contact_is_blank (c));
}

static void
test_birthday (void)
{
  g_autoptr(RegContact) c = reg_contact_new ();

  reg_contact_set_birthday (c, "1984-02-29");
  g_assert_cmpstr (reg_contact_get_birthday (c), ==, "1984-02-29");
  reg_contact_set_birthday (c, "1985-02-29"); /* no such day */
  g_assert_null (reg_contact_get_birthday (c));
  reg_contact_set_birthday (c, "yesterday");
  g_assert_null (reg_contact_get_birthday (c));
}

static void
test_since_text (void)
{
  g_autoptr(RegContact) c = reg_contact_new ();
  g_autofree char *none = reg_contact_dup_since_text (c);
  g_autofree char *march = NULL;

  g_assert_cmpstr (none, ==, "");
  reg_contact_set_created_at (c, 1710000000); /* 9 March 2024, UTC */
  march = reg_contact_dup_since_text (c);
  g_assert_cmpstr (march, ==, "March 2024");
}

static void
test_url_base (void)
{
  const struct { const char *url; const char *base; } cases[] = {
    { "https://shop.example/", "https://shop.example" },
    { "https://shop.example///", "https://shop.example" },
    { "https://shop.example/store", "https://shop.example/store" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *base = reg_text_url_base (cases[i].url);

      g_assert_cmpstr (base, ==, cases[i].base);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/normalize-email", test_normalize_email);
  g_test_add_func ("/text/email-looks-valid", test_email_looks_valid);
  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/fts-query", test_fts_query);
  g_test_add_func ("/contact/display-name", test_display_name);
  g_test_add_func ("/contact/birthday", test_birthday);
  g_test_add_func ("/contact/since-text", test_since_text);
  g_test_add_func ("/text/url-base", test_url_base);

  return g_test_run ();
}
