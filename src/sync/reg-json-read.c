/* reg-json-read.c: reading what a shop sends, safely
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <string.h>

#include "reg-json-read.h"

/* Whether no list or object in @body opens inside more than
 * REG_JSON_MAX_DEPTH others: the parser would go as deep on the stack.
 * The parser also reads comments and text in single quotes, where a "
 * opens no text and the count would go wrong; JSON has neither, so such
 * a body counts as too deep. */
static gboolean
nesting_is_shallow (const char *body,
                    gsize       length)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = body[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '/' || c == '\'')
        return FALSE;
      else if (c == '[' || c == '{')
        {
          if (++depth > REG_JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * reg_json_parse_body:
 * @length: the body's length, or -1 if it ends with a nul byte
 *
 * Returns: (transfer none) (nullable): the body as JSON, owned by
 *   @parser, or %NULL: nothing, not JSON, or nested too deep
 */
JsonNode *
reg_json_parse_body (JsonParser *parser,
                     const char *body,
                     gssize      length)
{
  g_autofree char *valid = NULL;
  gsize size;

  if (body == NULL)
    return NULL;

  size = length < 0 ? strlen (body) : (gsize)length;

  /* The parser refuses a whole body for one byte that is no UTF-8: a name
   * saved as Latin-1 would stop every sync at its page. Such bytes are
   * no JSON outside text, so only text changes. */
  if (!g_utf8_validate_len (body, size, NULL))
    {
      body = valid = g_utf8_make_valid (body, size);
      size = strlen (valid);
    }

  if (size == 0 || !nesting_is_shallow (body, size) ||
      !json_parser_load_from_data (parser, body, size, NULL))
    return NULL;

  return json_parser_get_root (parser);
}

/**
 * reg_json_get_member:
 *
 * Returns: (transfer none) (nullable): the member, %NULL if it is not
 *   there or null
 */
JsonNode *
reg_json_get_member (JsonObject *object,
                     const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

JsonObject *
reg_json_get_object_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = reg_json_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * reg_json_quote_text:
 *
 * Returns: (transfer full): what the shop sent, fit for a sentence: valid
 *   UTF-8 on one line, and not too long
 */
char *
reg_json_quote_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autofree char *start = NULL;

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      *p = ' ';

  if (g_utf8_strlen (valid, -1) <= REG_JSON_MAX_QUOTED_CHARS)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, REG_JSON_MAX_QUOTED_CHARS - 1);

  return g_strconcat (start, "…", NULL);
}

/* Whether @text, in ASCII lower case, holds @needle (lower case). */
gboolean
reg_json_contains_folded (const char *text,
                          const char *needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  folded = g_ascii_strdown (text, -1);

  return strstr (folded, needle) != NULL;
}
