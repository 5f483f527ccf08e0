/* reg-gui-util.c: small things the widgets share
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "reg-gui-util.h"

/**
 * reg_toast_new_plain:
 * @text: words to show, as they are
 *
 * A toast's title is Pango markup until libadwaita 1.4; a customer called
 * "Tom & Jerry" or a shop's error message must show as written.
 *
 * Returns: (transfer floating): a new toast
 */
AdwToast *
reg_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  return adw_toast_new (escaped);
}
