/* reg-application.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-application"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-application.h"
#include "reg-store.h"
#include "reg-window.h"

struct _RegApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  RegStore       *store;
};

G_DEFINE_FINAL_TYPE (RegApplication, reg_application, ADW_TYPE_APPLICATION)

static void
quit_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window keeps what was typed last. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (app);
}

static void
about_cb (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Regulars developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Regulars"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Regulars developers"),
                        "developers", developers,
                        "comments", _("Remember every customer of your online shop."),
                        "website", "https://github.com/regulars/regulars",
                        "issue-url", "https://github.com/regulars/regulars/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Regulars developers",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_cb },
  { "about", about_cb },
};

/* A file Regulars may not open gets a window that says why, and nothing else. */
static GtkWidget *
create_error_window (RegApplication *self,
                     const GError   *error)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *quit = gtk_button_new_with_mnemonic (_("_Quit"));

  gtk_window_set_title (GTK_WINDOW (window), _("Regulars"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 480);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Can’t Open Your Customer File"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), error->message);
  gtk_widget_set_vexpand (status, TRUE);

  gtk_widget_set_halign (quit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (quit, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (quit), "app.quit");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), quit);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  return window;
}

static int
reg_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  RegApplication *self = REG_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    {
      g_free (self->db_path);
      self->db_path = g_strdup (path);
    }

  return -1;
}

static void
reg_application_activate (GApplication *app)
{
  RegApplication *self = REG_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      if (self->store == NULL)
        self->store = reg_store_open (self->db_path, &error);

      if (self->store != NULL)
        window = GTK_WINDOW (reg_window_new (GTK_APPLICATION (app), self->store));
      else
        window = GTK_WINDOW (create_error_window (self, error));
    }

  gtk_window_present (window);
}

static void
reg_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (reg_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
reg_application_finalize (GObject *object)
{
  RegApplication *self = (RegApplication *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (reg_application_parent_class)->finalize (object);
}

static void
reg_application_class_init (RegApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = reg_application_finalize;

  app_class->activate = reg_application_activate;
  app_class->startup = reg_application_startup;
  app_class->handle_local_options = reg_application_handle_local_options;
}

static void
reg_application_init (RegApplication *self)
{
  const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use this customer file instead of the usual one"), N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

RegApplication *
reg_application_new (void)
{
  return g_object_new (REG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/regulars/Regulars",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
