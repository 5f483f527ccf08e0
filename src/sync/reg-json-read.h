/* reg-json-read.h: reading what a shop sends, safely
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Nested deeper than this, a body is refused before it is parsed: the
 * JSON parser recurses once per level, and no shop answer comes close. */
#define REG_JSON_MAX_DEPTH 256

/* What a shop sends is quoted in a reason up to this many characters: a
 * whole misplaced record in one field would drown the sentence. */
#define REG_JSON_MAX_QUOTED_CHARS 40

JsonNode   *reg_json_parse_body        (JsonParser *parser,
                                        const char *body,
                                        gssize      length);
JsonNode   *reg_json_get_member        (JsonObject *object,
                                        const char *name);
JsonObject *reg_json_get_object_member (JsonObject *object,
                                        const char *name);
char       *reg_json_quote_text        (const char *text);
gboolean    reg_json_contains_folded   (const char *text,
                                        const char *needle);

G_END_DECLS
