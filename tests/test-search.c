/* test-search.c: search as you type and sorting, against a plain model
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-sample.h"
#include "reg-test-util.h"
#include "reg-text.h"

#define N_CONTACTS 3000

typedef struct
{
  char      *dir;
  RegStore  *store;
  GPtrArray *all;  /* every customer, read back plainly */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, N_CONTACTS);

  ids = reg_store_query_contact_ids (f->store, NULL, REG_CONTACT_SORT_CREATED, FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  f->all = reg_store_get_contacts (f->store, (gint64 *)(gpointer)ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->all->len, ==, N_CONTACTS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->all, g_ptr_array_unref);
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

/* The reference: split into words at anything not a letter or digit, fold
 * case and accents, and every searched word must start some word. */
static void
add_words (GPtrArray  *words,
           const char *text)
{
  g_autofree char *folded = reg_text_fold (text);
  GString *word = g_string_new (NULL);

  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
}

static gboolean
reference_matches (RegContact *c,
                   const char *search)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *digits = reg_text_digits (reg_contact_get_phone (c));

  add_words (words, reg_contact_get_given_name (c));
  add_words (words, reg_contact_get_family_name (c));
  add_words (words, reg_contact_get_email (c));
  add_words (words, reg_contact_get_company (c));
  add_words (words, reg_contact_get_phone (c));
  for (gsize i = 0; digits[i] != '\0' && (i == 0 || strlen (digits + i) >= 6); i++)
    add_words (words, digits + i);
  add_words (words, reg_contact_get_city (c));
  add_words (wanted, search);

  for (guint i = 0; i < wanted->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < words->len && !found; j++)
        found = g_str_has_prefix (g_ptr_array_index (words, j), g_ptr_array_index (wanted, i));
      if (!found)
        return FALSE;
    }

  return wanted->len > 0;
}

static GArray *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = reg_store_query_contact_ids (f->store, text, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

static gboolean
contains_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
assert_same_as_reference (Fixture    *f,
                          const char *text)
{
  g_autoptr(GArray) ids = search (f, text);
  guint expected = 0;

  for (guint i = 0; i < f->all->len; i++)
    {
      RegContact *c = g_ptr_array_index (f->all, i);
      gboolean want = reference_matches (c, text);

      if (want)
        expected++;
      if (want != contains_id (ids, reg_contact_get_id (c)))
        {
          g_autofree char *name = reg_contact_dup_display_name (c);
          g_error ("Search “%s”: %s <%s> (%s) should %sbe found", text, name,
                   reg_contact_get_email (c), reg_contact_get_city (c), want ? "" : "not ");
        }
    }

  g_test_message ("“%s”: %u of %u", text, expected, f->all->len);
  g_assert_cmpuint (ids->len, ==, expected);
}

static void
test_prefix_and_accents (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) jose = reg_test_contact_new ("José", "Núñez", "jose.nunez@example.es");
  g_autoptr(RegContact) muller = reg_test_contact_new ("Anna", "Müller", NULL);
  g_autoptr(GArray) ids = NULL;

  reg_contact_set_phone (muller, "+49 (30) 987-6543");
  reg_contact_set_company (muller, "Blumenhaus Müller & Töchter");
  g_assert_true (reg_store_save_contact (f->store, jose, &error));
  g_assert_true (reg_store_save_contact (f->store, muller, &error));
  g_assert_no_error (error);

#define FINDS(text, contact) \
  G_STMT_START { \
    g_autoptr(GArray) found = search (f, text); \
    g_assert_true (contains_id (found, reg_contact_get_id (contact))); \
  } G_STMT_END

  FINDS ("mull", muller);
  FINDS ("MÜL", muller);
  FINDS ("anna mül", muller);
  FINDS ("töchter", muller);
  FINDS ("tochter", muller);
  FINDS ("9876543", muller);
  FINDS ("49309876", muller);
  FINDS ("jose", jose);
  FINDS ("NUNEZ", jose);
  FINDS ("jose.nu", jose);
  FINDS ("example.es", jose);

  ids = search (f, "anna jose");
  g_assert_false (contains_id (ids, reg_contact_get_id (jose)));
  g_assert_false (contains_id (ids, reg_contact_get_id (muller)));
#undef FINDS
}

static void
test_matches_reference (Fixture       *f,
                        gconstpointer  data)
{
  const char *searches[] = {
    "m", "mü", "müller", "schr", "jose", "garcía", "lu", "ber", "berlin", "köln",
    "example.org", "café", "zürich", "łukasz", "wo", "49", "anna mü", "de vries",
    "o'brien", "dvořák", "åsa", "sören", "lukasz", "weiss", "gross", "lodz",
  };

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    assert_same_as_reference (f, searches[i]);
}

static void
test_no_query_syntax (Fixture       *f,
                      gconstpointer  data)
{
  /* Whatever is typed, it is words to find, never FTS syntax or SQL. */
  const char *odd[] = {
    "\"", "\"\"", "*", "-", "+", "^", "(", ")", "NEAR(a b)", "a OR b", "NOT", "AND",
    "col:val", "given_name:anna", "'; DROP TABLE contacts; --", "{x}", "   ", "…", "\t",
  };

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = reg_store_query_contact_ids (f->store, odd[i], REG_CONTACT_SORT_NAME,
                                                           FALSE, 0, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (ids);
    }

  assert_same_as_reference (f, "a OR b");
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, N_CONTACTS);
}

static void
test_follows_edits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) c = reg_test_contact_new ("Quirin", "Zwanzigerl", NULL);
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) renamed = NULL;
  g_autoptr(GArray) old_name = NULL;
  g_autoptr(GArray) trashed = NULL;

  g_assert_true (reg_store_save_contact (f->store, c, &error));
  before = search (f, "zwanzig");
  g_assert_cmpuint (before->len, ==, 1);

  reg_contact_set_family_name (c, "Dreißigerl");
  g_assert_true (reg_store_save_contact (f->store, c, &error));
  g_assert_no_error (error);
  old_name = search (f, "zwanzig");
  renamed = search (f, "dreiss");
  g_assert_cmpuint (old_name->len, ==, 0);
  g_assert_cmpuint (renamed->len, ==, 1);

  g_assert_true (reg_store_trash_contact (f->store, reg_contact_get_id (c), &error));
  trashed = search (f, "quirin");
  g_assert_cmpuint (trashed->len, ==, 0);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  RegContactSort sort = GPOINTER_TO_INT (data);
  RegContact *x = *(RegContact **)a;
  RegContact *y = *(RegContact **)b;
  g_autofree char *kx = NULL;
  g_autofree char *ky = NULL;
  int cmp;

  switch (sort)
    {
    case REG_CONTACT_SORT_NAME:
      kx = reg_contact_dup_display_name (x);
      ky = reg_contact_dup_display_name (y);
      break;
    case REG_CONTACT_SORT_EMAIL:
      kx = reg_text_normalize_email (reg_contact_get_email (x));
      ky = reg_text_normalize_email (reg_contact_get_email (y));
      break;
    case REG_CONTACT_SORT_CITY:
      kx = g_strdup (reg_contact_get_city (x));
      ky = g_strdup (reg_contact_get_city (y));
      break;
    case REG_CONTACT_SORT_CREATED:
    default:
      cmp = (reg_contact_get_created_at (x) > reg_contact_get_created_at (y)) -
            (reg_contact_get_created_at (x) < reg_contact_get_created_at (y));
      goto tie;
    }

  /* Blanks last; otherwise by the folded text. */
  if (kx == NULL || ky == NULL)
    cmp = (kx == NULL) - (ky == NULL);
  else
    {
      g_autofree char *fx = reg_text_fold (kx);
      g_autofree char *fy = reg_text_fold (ky);
      cmp = strcmp (fx, fy);
    }

tie:
  if (cmp == 0)
    cmp = (reg_contact_get_id (x) > reg_contact_get_id (y)) -
          (reg_contact_get_id (x) < reg_contact_get_id (y));
  return cmp;
}

static void
test_sorting (Fixture       *f,
              gconstpointer  data)
{
  for (RegContactSort sort = REG_CONTACT_SORT_NAME; sort <= REG_CONTACT_SORT_CREATED; sort++)
    {
      g_autoptr(GPtrArray) expected = g_ptr_array_copy (f->all, (GCopyFunc)(void (*)(void))g_object_ref, NULL);

      g_ptr_array_sort_with_data (expected, compare_keys, GINT_TO_POINTER (sort));

      for (int desc = 0; desc <= 1; desc++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) ids = reg_store_query_contact_ids (f->store, NULL, sort, desc, 0, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (ids->len, ==, expected->len);
          for (guint i = 0; i < ids->len; i++)
            {
              guint j = desc ? expected->len - 1 - i : i;

              g_assert_cmpint (g_array_index (ids, gint64, i), ==,
                               reg_contact_get_id (g_ptr_array_index (expected, j)));
            }
        }
    }
}

static void
test_limit_is_prefix (Fixture       *f,
                      gconstpointer  data)
{
  const char *searches[] = { NULL, "m", "an", "berlin", "zürich", "a OR b", "nobody-at-all" };

  /* Whichever way the store finds the first rows, they are the same as the
   * start of the whole answer. */
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    for (RegContactSort sort = REG_CONTACT_SORT_NAME; sort <= REG_CONTACT_SORT_CREATED; sort++)
      for (int desc = 0; desc <= 1; desc++)
        for (guint limit = 1; limit <= 1000; limit *= 7)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(GArray) all = reg_store_query_contact_ids (f->store, searches[i], sort, desc, 0, NULL, &error);
            g_autoptr(GArray) first = reg_store_query_contact_ids (f->store, searches[i], sort, desc, limit, NULL, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (first->len, ==, MIN (limit, all->len));
            for (guint j = 0; j < first->len; j++)
              g_assert_cmpint (g_array_index (first, gint64, j), ==, g_array_index (all, gint64, j));
          }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) ids = NULL;

  g_cancellable_cancel (cancellable);
  ids = reg_store_query_contact_ids (f->store, "m", REG_CONTACT_SORT_NAME, FALSE, 0, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (ids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/search/prefix-and-accents", test_prefix_and_accents);
  ADD ("/store/search/matches-reference", test_matches_reference);
  ADD ("/store/search/no-query-syntax", test_no_query_syntax);
  ADD ("/store/search/follows-edits", test_follows_edits);
  ADD ("/store/search/sorting", test_sorting);
  ADD ("/store/search/limit-is-prefix", test_limit_is_prefix);
  ADD ("/store/search/cancel", test_cancel);

  return g_test_run ();
}
