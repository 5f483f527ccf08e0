/* reg-test-gui.c: looking for things on screen in the GUI tests
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-test-gui.h"

/* Runs the main loop until @condition holds; fails the test after 20 s. */
void
reg_test_wait_until (RegTestCondition  condition,
                     gconstpointer     data,
                     const char       *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef gboolean (*Match) (GtkWidget  *widget,
                           const char *text);

static GtkWidget *
find (GtkWidget  *widget,
      Match       match,
      const char *text)
{
  if (match (widget, text))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, text);
      if (found)
        return found;
    }

  return NULL;
}

GtkWidget *
reg_test_find_widget (GtkWidget *widget,
                      GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = reg_test_find_widget (child, type);
      if (found)
        return found;
    }

  return NULL;
}

static gboolean
match_shown_label (GtkWidget  *widget,
                   const char *text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* Whether a label on screen in @widget contains @text. */
gboolean
reg_test_shows_text (GtkWidget  *widget,
                     const char *text)
{
  return find (widget, match_shown_label, text) != NULL;
}

static gboolean
match_button (GtkWidget  *widget,
              const char *label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
reg_test_find_button (GtkWidget  *widget,
                      const char *label)
{
  return find (widget, match_button, label);
}

static gboolean
match_action (GtkWidget  *widget,
              const char *action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

GtkWidget *
reg_test_find_by_action (GtkWidget  *widget,
                         const char *action)
{
  return find (widget, match_action, action);
}

static gboolean
match_row (GtkWidget  *widget,
           const char *title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
reg_test_find_row (GtkWidget  *widget,
                   const char *title)
{
  return find (widget, match_row, title);
}
