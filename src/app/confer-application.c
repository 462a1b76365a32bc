/* confer-application.c: the Confer desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-application"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-application.h"
#include "confer-server.h"
#include "confer-window.h"

/* The port a hosted session listens on; another free one if it is taken. */
#define HOST_PORT 7701

struct _ConferApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ConferServer   *server;     /* the hosted sessions, once hosting */
  char           *name;
};

G_DEFINE_FINAL_TYPE (ConferApplication, confer_application, ADW_TYPE_APPLICATION)

static ConferWindow *
ensure_window (ConferApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (confer_window_new (self));
  gtk_window_present (window);
  return CONFER_WINDOW (window);
}

static void
confer_application_activate (GApplication *app)
{
  ensure_window (CONFER_APPLICATION (app));
}

/* Links arrive from the command line or the desktop (x-scheme-handler). */
static void
confer_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  ConferWindow *window = ensure_window (CONFER_APPLICATION (app));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      confer_window_offer_link (window, uri);
    }
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       data)
{
  GtkApplication *app = data;
  const char *developers[] = { "The Confer developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Confer"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       data)
{
  g_application_quit (data);
}

static const GActionEntry app_actions[] = {
  { "about", about_cb },
  { "quit", quit_cb },
};

static void
confer_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *host_accels[] = { "<Control>n", NULL };
  static const char *link_accels[] = { "<Control>l", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (confer_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.host", host_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.focus-link", link_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
confer_application_shutdown (GApplication *app)
{
  ConferApplication *self = CONFER_APPLICATION (app);

  if (self->server != NULL)
    confer_server_stop (self->server);
  G_APPLICATION_CLASS (confer_application_parent_class)->shutdown (app);
}

static void
confer_application_finalize (GObject *object)
{
  ConferApplication *self = (ConferApplication *) object;

  g_clear_object (&self->server);
  g_clear_object (&self->settings);
  g_free (self->name);

  G_OBJECT_CLASS (confer_application_parent_class)->finalize (object);
}

static void
confer_application_class_init (ConferApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = confer_application_finalize;
  app_class->activate = confer_application_activate;
  app_class->open = confer_application_open;
  app_class->startup = confer_application_startup;
  app_class->shutdown = confer_application_shutdown;
}

static void
confer_application_init (ConferApplication *self)
{
  self->settings = g_settings_new ("org.confer.Confer");
}

/**
 * confer_application_new:
 *
 * Returns: (transfer full): the application, `org.confer.Confer` (with
 *   `.Devel` in development builds), handling `confer://` links
 */
ConferApplication *
confer_application_new (void)
{
  return g_object_new (CONFER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/confer/Confer",
                       NULL);
}

/**
 * confer_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none): the `org.confer.Confer` settings
 */
GSettings *
confer_application_get_settings (ConferApplication *self)
{
  return self->settings;
}

/**
 * confer_application_get_name:
 * @self: the application
 *
 * Returns: the display name: the `display-name` setting, else the user's
 *   real name, else their login
 */
const char *
confer_application_get_name (ConferApplication *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "display-name");
  const char *real = g_get_real_name ();

  g_free (self->name);
  if (*setting != '\0')
    self->name = g_steal_pointer (&setting);
  else
    self->name = g_strdup (real != NULL && *real != '\0' && !g_str_equal (real, "Unknown")
                           ? real : g_get_user_name ());
  return self->name;
}

/**
 * confer_application_host:
 * @self: the application
 * @error: return location for a #GError
 *
 * Hosts a new session with the server running inside the app (TLS, data in
 * the user's data directory, port 7701 or another free one), started on
 * first use.
 *
 * Returns: (transfer full) (nullable): the session's owner link, or %NULL
 *   with the server's error set
 */
char *
confer_application_host (ConferApplication  *self,
                         GError            **error)
{
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;

  if (self->server == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "confer", "host", NULL);
      g_autoptr(ConferServer) server = confer_server_new (dir, FALSE);
      g_autoptr(GError) busy = NULL;

      if (!confer_server_start (server, NULL, HOST_PORT, &busy))
        {
          if (!g_error_matches (busy, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
            {
              g_propagate_error (error, g_steal_pointer (&busy));
              return NULL;
            }
          g_clear_object (&server);
          server = confer_server_new (dir, FALSE);
          if (!confer_server_start (server, NULL, 0, error))
            return NULL;
        }
      self->server = g_steal_pointer (&server);
    }

  /* Translators: the title of a newly hosted session; %s is a person's name. */
  title = g_strdup_printf (_("%s’s session"), confer_application_get_name (self));
  id = confer_server_create_session (self->server, title, &token, error);
  if (id == NULL)
    return NULL;
  return confer_server_make_link (self->server, g_get_host_name (), id, token);
}
