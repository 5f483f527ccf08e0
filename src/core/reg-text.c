/* reg-text.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-text"

#include "config.h"

#include <string.h>

#include "reg-text.h"

/**
 * reg_text_strip:
 *
 * Returns: (transfer full) (nullable): @text without surrounding white space,
 *   or %NULL when nothing is left.
 */
char *
reg_text_strip (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    return NULL;

  return g_steal_pointer (&copy);
}

/**
 * reg_text_normalize_email:
 *
 * Two addresses that differ only in case or surrounding spaces belong to the
 * same person as far as a shop is concerned.
 *
 * Returns: (transfer full) (nullable): the address trimmed and lower-cased,
 *   %NULL when it is empty.
 */
char *
reg_text_normalize_email (const char *email)
{
  g_autofree char *stripped = reg_text_strip (email);

  if (stripped == NULL)
    return NULL;

  return g_utf8_strdown (stripped, -1);
}

gboolean
reg_text_email_looks_valid (const char *email)
{
  g_autofree char *norm = reg_text_normalize_email (email);
  const char *at;

  if (norm == NULL)
    return TRUE; /* no address is a valid choice */

  at = strchr (norm, '@');
  if (at == NULL || at == norm || strchr (at + 1, '@') != NULL)
    return FALSE;
  if (strchr (at + 1, '.') == NULL || g_str_has_suffix (norm, "."))
    return FALSE;

  for (const char *p = norm; *p; p++)
    if (g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

/**
 * reg_text_fold:
 *
 * A key for sorting and comparing that ignores case and accents, so
 * "Émile" sorts with "Emile" and "Müller" with "Muller".
 *
 * Returns: (transfer full): the folded text, never %NULL.
 */
char *
reg_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  const char *p;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* Plain ASCII, most of what there is, only needs lower case. */
  for (p = text; *p != '\0' && (guchar)*p < 0x80; p++)
    ;
  if (*p == '\0')
    return g_ascii_strdown (text, p - text);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (decomposed, -1);

  out = g_string_sized_new (strlen (folded));
  for (p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;

      /* Letters with a stroke have no decomposition; sort them with their base. */
      switch (c)
        {
        case 0x0142: g_string_append_c (out, 'l'); break;  /* ł */
        case 0x00F8: g_string_append_c (out, 'o'); break;  /* ø */
        case 0x0111: g_string_append_c (out, 'd'); break;  /* đ */
        case 0x0131: g_string_append_c (out, 'i'); break;  /* ı */
        case 0x00E6: g_string_append (out, "ae"); break;   /* æ */
        case 0x0153: g_string_append (out, "oe"); break;   /* œ */
        case 0x00FE: g_string_append (out, "th"); break;   /* þ */
        default: g_string_append_unichar (out, c); break;
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * reg_text_digits:
 *
 * Returns: (transfer full): only the digits of @text ("+49 30 1234" → "49301234").
 */
char *
reg_text_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p && *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/**
 * reg_text_fts_query:
 *
 * Turns what a person typed into an FTS5 query: every word, folded like
 * the index (see reg_text_fold()), must match as the start of a word in
 * any column. Punctuation separates words, the
 * same way the index's tokenizer splits them, and nothing the user typed
 * can become FTS syntax.
 *
 * Returns: (transfer full) (nullable): the query, %NULL when @search has no words.
 */
char *
reg_text_fts_query (const char *search)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *folded = NULL;

  if (search == NULL || !g_utf8_validate (search, -1, NULL))
    return NULL;

  folded = reg_text_fold (search);
  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/**
 * reg_text_url_base:
 *
 * Returns: (transfer full): @url without the slashes it ends with, for
 *   paths to be added to it ("https://shop.example/" → "https://shop.example")
 */
char *
reg_text_url_base (const char *url)
{
  char *base = g_strdup (url ? url : "");
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  return base;
}
