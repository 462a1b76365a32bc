/* confer-application.c: the Confer desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-application"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-application.h"
#include "confer-host-address.h"
#include "confer-preferences.h"
#include "confer-protocol.h"
#include "confer-server.h"
#include "confer-window.h"

struct _ConferApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ConferServer   *server;     /* the hosted sessions, once hosting */
  ConferClientCache *cache;   /* sessions and documents kept for offline use */
  char           *name;
  char           *host_address;  /* the last confer_application_get_host_address() */
  gboolean        host_sample;  /* --host: host at start with a sample document */
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
name_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  ConferApplication *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  const char *link = g_object_get_data (G_OBJECT (dialog), "confer-link");

  if (!confer_protocol_is_name (name))
    {
      g_free (name);
      name = g_strdup (confer_application_get_name (self));
    }
  g_settings_set_string (self->settings, "display-name", name);
  if (link != NULL)
    confer_window_offer_link (CONFER_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog))), link);
  if (self->host_sample)
    {
      self->host_sample = FALSE;
      confer_window_host_sample (CONFER_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog))));
    }
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "continue", confer_protocol_is_name (name));
}

/* On first run, before anything is shared, the user says what others
 * will see them as (their real name is offered); a link that started the
 * app is offered after that. */
static void
ask_name (ConferApplication *self,
          GtkWindow         *window,
          const char        *link)
{
  GtkWidget *dialog = adw_message_dialog_new (window, _("What Is Your Name?"),
                                              _("Other participants see this name next to your cursor "
                                                "and your changes."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), confer_application_get_name (self));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Your name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "continue", _("_Continue"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_object_set_data_full (G_OBJECT (dialog), "confer-link", g_strdup (link), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_response_cb), self, 0);
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static gboolean
has_name (ConferApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "display-name");

  return *name != '\0';
}

static void
confer_application_activate (GApplication *app)
{
  ConferApplication *self = CONFER_APPLICATION (app);
  ConferWindow *window = ensure_window (self);

  /* With --host, hosting waits for the name on first run. */
  if (!has_name (self))
    ask_name (self, GTK_WINDOW (window), NULL);
  else if (self->host_sample)
    {
      self->host_sample = FALSE;
      confer_window_host_sample (window);
    }
}

static int
confer_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  CONFER_APPLICATION (app)->host_sample = g_variant_dict_contains (options, "host");
  return -1;
}

/* Links arrive from the command line or the desktop (x-scheme-handler). */
static void
confer_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  ConferApplication *self = CONFER_APPLICATION (app);
  ConferWindow *window = ensure_window (self);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      if (!has_name (self) && i == 0)
        ask_name (self, GTK_WINDOW (window), uri);
      else
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
                         "developer-name", _("The Confer developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Documents, whiteboards, chat and calls for a team working together"),
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_ISSUES,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  ConferApplication *self = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  ConferClient *client = CONFER_IS_WINDOW (window)
                         ? confer_session_view_get_client (confer_window_get_session_view (CONFER_WINDOW (window)))
                         : NULL;
  ConferPreferences *preferences = confer_preferences_new (window, self->settings,
                                                           client != NULL ? confer_client_get_own_colour (client) : NULL);

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (data));

  /* Each window may first say that its unsent changes are kept; the app
   * ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "about", about_cb },
  { "preferences", preferences_cb },
  { "quit", quit_cb },
};

/* The shortcuts of the application's and window's actions; the session
 * view has its own (confer-session-view.c). The shortcuts window lists
 * them all. */
static const struct
{
  const char *action;
  const char *keys[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.host", { "<Control><Shift>n", NULL } },
  { "win.focus-link", { "<Control>l", NULL } },
  { "win.show-invite", { "<Control>i", NULL } },
  { "win.leave", { "<Control>w", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
confer_application_startup (GApplication *app)
{
  ConferApplication *self = CONFER_APPLICATION (app);
  g_autofree char *cache_path = g_build_filename (g_get_user_data_dir (), "confer", "cache.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (confer_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].keys);

  self->cache = confer_client_cache_open (cache_path, &error);
  if (self->cache == NULL)
    g_warning ("Sessions will not be kept for offline use: %s", error->message);
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
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  g_free (self->name);
  g_free (self->host_address);

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
  app_class->handle_local_options = confer_application_handle_local_options;
}

static void
confer_application_init (ConferApplication *self)
{
  static const GOptionEntry options[] = {
    { "host", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Host a new session with a sample document open"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
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
  if (confer_protocol_is_name (setting))
    self->name = g_steal_pointer (&setting);
  else
    self->name = g_strdup (confer_protocol_is_name (real) && !g_str_equal (real, "Unknown")
                           ? real : g_get_user_name ());
  return self->name;
}

static char *
host_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "confer", "host", NULL);
}

/* Starts the in-process server on @port, or on another free port if it is
 * taken; does nothing if it runs already. */
static gboolean
start_server (ConferApplication  *self,
              guint               port,
              GError            **error)
{
  g_autofree char *dir = host_dir ();
  g_autoptr(ConferServer) server = NULL;
  g_autoptr(GError) busy = NULL;

  if (self->server != NULL)
    return TRUE;
  server = confer_server_new (dir, FALSE);
  if (!confer_server_start (server, NULL, port, &busy))
    {
      if (!g_error_matches (busy, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_propagate_error (error, g_steal_pointer (&busy));
          return FALSE;
        }
      g_clear_object (&server);
      server = confer_server_new (dir, FALSE);
      if (!confer_server_start (server, NULL, 0, error))
        return FALSE;
    }
  self->server = g_steal_pointer (&server);
  return TRUE;
}

/**
 * confer_application_resume_hosting:
 * @self: the application
 * @link: a link to a session about to be joined
 * @error: return location for a #GError
 *
 * Starts the in-process server again, on the link's port, if the link
 * leads to a session this app hosted (its host is this machine, by name
 * or loopback address, and the app has hosted before): a hosted session
 * lives as long as the app runs.
 *
 * Returns: %TRUE if there was nothing to do or the server started; %FALSE
 *   with the server's error set
 */
gboolean
confer_application_resume_hosting (ConferApplication  *self,
                                   const ConferLink   *link,
                                   GError            **error)
{
  g_autofree char *dir = host_dir ();
  g_autofree char *store = g_build_filename (dir, "conferd.db", NULL);

  if (self->server != NULL || !confer_host_address_is_local (link->host) ||
      !g_file_test (store, G_FILE_TEST_EXISTS))
    return TRUE;
  return start_server (self, link->port, error);
}

/**
 * confer_application_get_cache:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the client cache in the user's data
 *   directory (`confer/cache.sqlite`), or %NULL if it could not be opened
 */
ConferClientCache *
confer_application_get_cache (ConferApplication *self)
{
  return self->cache;
}

/**
 * confer_application_host:
 * @self: the application
 * @error: return location for a #GError
 *
 * Hosts a new session with the server running inside the app (TLS, data in
 * the user's data directory, on the `host-port` setting's port or another
 * free one), started on first use.
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

  if (!start_server (self, g_settings_get_uint (self->settings, "host-port"), error))
    return NULL;

  /* Translators: the title of a newly hosted session; %s is a person's name. */
  title = g_strdup_printf (_("%s’s session"), confer_application_get_name (self));
  id = confer_server_create_session (self->server, title, &token, error);
  if (id == NULL)
    return NULL;
  return confer_server_make_link (self->server, confer_application_get_host_address (self), id, token);
}

/**
 * confer_application_get_host_address:
 * @self: the application
 *
 * The host that links to sessions hosted here carry: the `host-address`
 * setting while it is still one of confer_host_address_list() (an
 * address of a network left behind is not), this machine's name otherwise.
 *
 * Returns: (transfer none): a host name or IP address
 */
const char *
confer_application_get_host_address (ConferApplication *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "host-address");
  g_auto(GStrv) list = confer_host_address_list ();

  g_free (self->host_address);
  self->host_address = g_strdup (*chosen != '\0' && g_strv_contains ((const char *const *) list, chosen)
                                 ? chosen : g_get_host_name ());
  return self->host_address;
}

/**
 * confer_application_share_link:
 * @self: the application
 * @link: a link this app uses, perhaps over loopback to a session it hosts
 *
 * Makes a link to hand to others: a link to a session this app hosts (on
 * its server's port, to a host that is this machine) gets the host of
 * confer_application_get_host_address(), as the owner link has; any other
 * link is already what others reach, and is only printed.
 *
 * Returns: (transfer full): the link's text
 */
char *
confer_application_share_link (ConferApplication *self,
                                const ConferLink  *link)
{
  ConferLink shared = *link;

  if (self->server != NULL && link->port == confer_server_get_port (self->server) &&
      confer_host_address_is_local (link->host))
    shared.host = (char *) confer_application_get_host_address (self);
  return confer_link_to_string (&shared);
}
