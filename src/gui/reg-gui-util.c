/* reg-gui-util.c: small things the widgets share
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "reg-gui-util.h"
#include "reg-money.h"

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

static gboolean
settings_have (GSettings  *settings,
               const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

/**
 * reg_settings_new_if_installed:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL when
 *   its schema is not installed (an uninstalled run still works)
 */
GSettings *
reg_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * reg_default_currency:
 *
 * Returns: (transfer full): the currency chosen in the settings, else the
 *   one of the computer's region, else EUR
 */
char *
reg_default_currency (void)
{
  g_autoptr(GSettings) settings = reg_settings_new_if_installed ();
  g_autofree char *chosen = NULL;
  const char *locale;
  const char *regional;

  if (settings != NULL && settings_have (settings, "default-currency"))
    {
      chosen = g_settings_get_string (settings, "default-currency");
      if (reg_currency_is_known (chosen))
        return g_ascii_strup (chosen, -1);
    }

  /* "EUR " in a German region. The C locale has no region, whatever its
   * tables say. */
  locale = setlocale (LC_MONETARY, NULL);
  regional = localeconv ()->int_curr_symbol;
  if (locale != NULL && !g_str_equal (locale, "C") && !g_str_has_prefix (locale, "C.") &&
      !g_str_equal (locale, "POSIX") && regional != NULL && strlen (regional) >= 3)
    {
      g_autofree char *code = g_strndup (regional, 3);

      if (reg_currency_is_known (code))
        return g_steal_pointer (&code);
    }

  return g_strdup ("EUR");
}
