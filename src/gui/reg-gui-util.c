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

/**
 * reg_widget_find_toast_overlay:
 *
 * Returns: (transfer none) (nullable): the first toast overlay in @widget
 */
GtkWidget *
reg_widget_find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = reg_widget_find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * reg_customer_count_text:
 *
 * Returns: (transfer full): "1,234 customers", grouped as the locale does
 */
char *
reg_customer_count_text (gint64 n)
{
  /* The number is written first: a G_GINT64_FORMAT inside a translated
   * string is something translation tools cannot read. */
  g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, n);

  /* Translators: %s is a number, grouped as in "1,234" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers", (gulong)MIN (n, G_MAXLONG)),
                          number);
}
