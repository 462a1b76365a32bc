/* confer-window.c: the main window: host a session, join one by link or
 * rejoin a recent one, then work in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-window"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-board-canvas.h"
#include "confer-call-controls.h"
#include "confer-core.h"
#include "confer-net.h"
#include "confer-host-address.h"
#include "confer-role-text.h"
#include "confer-session-view.h"
#include "confer-window.h"

struct _ConferWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *link_row;
  GtkLabel             *link_status;
  GtkStack             *stack;
  ConferSessionView    *session_view;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GtkMenuButton        *invite_button;
  GtkToggleButton      *sidebar_button;
  ConferCallControls   *call_controls;
  AdwSqueezer          *call_squeezer;
  GtkActionBar         *call_bar;
  ConferCallControls   *call_bar_controls;
  GtkWidget            *recording_notice;
  AdwWindowTitle       *window_title;
  GtkDropDown          *invite_role;
  GtkDropDown          *invite_expiry;
  GtkLabel             *invite_role_description;
  GtkLabel             *live_invites_heading;
  GtkListBox           *live_invites;
  gboolean              closing;   /* told about unsent changes, and closing */

  ConferClient         *client;   /* the session joined, if any */
  gboolean              sample;   /* put the sample document in once online */
};

/* How many sessions the start page offers to rejoin. */
#define MAX_RECENT_SESSIONS 8

G_DEFINE_FINAL_TYPE (ConferWindow, confer_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (ConferWindow *self,
       const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
copy_link (ConferWindow *self,
           const char   *link)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), link);
  toast (self, _("Owner link copied · never expires"));
}

static void refresh_recent (ConferWindow *self);

/* Closes the connection, if any, and goes back to the start page. */
/* The title names the document and the session: in the header bar as
 * title and subtitle, for the window list as "Document — Session". */
static void
update_title (ConferWindow *self)
{
  const char *session = self->client != NULL ? confer_client_get_session_title (self->client) : NULL;
  const char *document = self->client != NULL ? confer_session_view_get_document_title (self->session_view) : NULL;
  g_autofree char *title = NULL;

  if (session == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Confer"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Confer"));
      return;
    }
  adw_window_title_set_title (self->window_title, document != NULL ? document : session);
  adw_window_title_set_subtitle (self->window_title, document != NULL ? session : NULL);
  /* Translators: a window title: a document's title, then its session's. */
  title = document != NULL ? g_strdup_printf (_("%s — %s"), document, session) : g_strdup (session);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
leave_session (ConferWindow *self)
{
  if (self->session_view != NULL)
    confer_session_view_set_client (self->session_view, NULL);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      confer_client_disconnect (self->client);
      g_clear_object (&self->client);
    }
  if (self->stack != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "start");
      gtk_widget_set_visible (GTK_WIDGET (self->invite_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->call_controls), FALSE);
      update_title (self);
      refresh_recent (self);
    }
}

/* Checks the link as it is typed; says what is wrong with it, or where it
 * leads. Returns the parsed link when it is valid. */
static ConferLink *
validate_link (ConferWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->link_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  ConferLink *link;

  if (*stripped == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->link_status), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->link_row), "error");
      return NULL;
    }

  link = confer_link_parse (stripped, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->link_status), TRUE);
  if (link == NULL)
    {
      gtk_label_set_text (self->link_status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->link_status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->link_row), "error");
      return NULL;
    }
  {
    /* Translators: %s is a host name or address, %u a port. */
    g_autofree char *where = g_strdup_printf (_("A session on %s, port %u"), link->host, link->port);

    gtk_label_set_text (self->link_status, where);
    gtk_widget_remove_css_class (GTK_WIDGET (self->link_status), "error");
    gtk_widget_remove_css_class (GTK_WIDGET (self->link_row), "error");
  }
  return link;
}

static void
link_changed_cb (ConferWindow *self)
{
  g_autoptr(ConferLink) link = validate_link (self);
}

/* The invite popover's choices, in the order of the .ui lists. */
static const ConferRole invite_roles[] = {
  CONFER_ROLE_EDITOR, CONFER_ROLE_COMMENTER, CONFER_ROLE_VIEWER, CONFER_ROLE_GUEST, CONFER_ROLE_OWNER,
};
static const guint64 invite_expiries[] = { 3600, 86400, 7 * 86400, 0 };

static void refresh_invites (ConferWindow *self);

static void
copy_invite_cb (GtkButton    *button,
                ConferWindow *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          g_object_get_data (G_OBJECT (button), "confer-link"));
  gtk_menu_button_popdown (self->invite_button);
  toast (self, _("Invite link copied"));
}

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ConferWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (self->client == NULL || CONFER_CLIENT (source) != self->client)
    return;
  if (!confer_client_revoke_invite_finish (self->client, result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not revoke the invite: %s"), error->message);

      toast (self, text);
      return;
    }
  toast (self, _("Invite revoked: its link no longer lets anyone in"));
  refresh_invites (self);
}

static void
revoke_invite_cb (GtkButton    *button,
                  ConferWindow *self)
{
  if (self->client == NULL)
    return;
  confer_client_revoke_invite_async (self->client, g_object_get_data (G_OBJECT (button), "confer-invite"), NULL,
                                     revoked_cb, g_object_ref (self));
}

/* One live invite: its role, expiry and uses; Copy when this app made its
 * link (the server keeps only a hash of the token), and Revoke. */
static GtkWidget *
live_invite_row (ConferWindow *self,
                 ConferInvite *invite)
{
  const char *id = confer_invite_get_id (invite);
  gint64 expires = confer_invite_get_expires (invite);
  gint64 max_uses = confer_invite_get_max_uses (invite);
  gint64 uses = confer_invite_get_uses (invite);
  g_autofree char *link = g_strdup (confer_invite_get_link (invite));
  g_autofree char *expiry = NULL;
  g_autofree char *uses_text = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *revoke = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  if (expires > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (expires);

      /* Translators: a strftime() format for when an invite expires. */
      expiry = g_date_time_format (when, _("%-d %b, %H:%M"));
    }
  if (max_uses > 0)
    /* Translators: how many of an invite's uses are taken. */
    uses_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " use taken",
                                              "%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " uses taken", max_uses),
                                 uses, max_uses);
  else
    /* Translators: how often an invite was used. */
    uses_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "used %" G_GINT64_FORMAT " time",
                                              "used %" G_GINT64_FORMAT " times", uses), uses);
  /* Translators: when an invite expires, then how much it was used. */
  subtitle = expiry != NULL ? g_strdup_printf (_("Until %s · %s"), expiry, uses_text)
                            : g_strdup_printf (_("Never expires · %s"), uses_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 confer_role_text_name (confer_invite_get_role (invite)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_sensitive (copy, link != NULL);
  gtk_widget_set_tooltip_text (copy, link != NULL ? _("Copy the Link")
                                                  : _("This link was made elsewhere and cannot be shown again"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the Link"), -1);
  g_object_set_data_full (G_OBJECT (copy), "confer-link", g_steal_pointer (&link), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_invite_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (revoke, "flat");
  gtk_widget_set_tooltip_text (revoke, _("Revoke the Invite"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (revoke), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Revoke the Invite"), -1);
  g_object_set_data_full (G_OBJECT (revoke), "confer-invite", g_strdup (id), g_free);
  g_signal_connect (revoke, "clicked", G_CALLBACK (revoke_invite_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke);
  return row;
}

static void
invites_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(ConferWindow) self = data;
  g_autoptr(GListModel) invites = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *child;
  guint live = 0;

  if (self->client == NULL || CONFER_CLIENT (source) != self->client ||
      (invites = confer_client_list_invites_finish (self->client, result, NULL)) == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->live_invites))) != NULL)
    gtk_list_box_remove (self->live_invites, child);
  for (guint i = 0; i < g_list_model_get_n_items (invites); i++)
    {
      g_autoptr(ConferInvite) invite = g_list_model_get_item (invites, i);

      if (!confer_invite_is_live (invite, now))
        continue;
      gtk_list_box_append (self->live_invites, live_invite_row (self, invite));
      live++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->live_invites), live > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->live_invites_heading), live > 0);
}

/* The invites still letting people in, asked of the server each time the
 * Invite menu opens. */
static void
refresh_invites (ConferWindow *self)
{
  if (self->client != NULL && confer_client_get_state (self->client) == CONFER_CONNECTION_ONLINE)
    confer_client_list_invites_async (self->client, NULL, invites_listed_cb, g_object_ref (self));
}

/* Under the role chosen for an invite, what it may do. */
static void
invite_role_changed_cb (ConferWindow *self)
{
  guint role = gtk_drop_down_get_selected (self->invite_role);

  if (role < G_N_ELEMENTS (invite_roles))
    gtk_label_set_text (self->invite_role_description, confer_role_text_describe (invite_roles[role]));
}

static void
invite_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(ConferWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferInvite) invite = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(ConferLink) parsed = NULL;
  const char *link;
  const char *role;
  gint64 expires;

  if (self->client == NULL || CONFER_CLIENT (source) != self->client)
    return;
  invite = confer_client_create_invite_finish (self->client, result, &error);
  if (invite == NULL)
    {
      text = g_strdup_printf (_("Could not make an invite: %s"), error->message);
      toast (self, text);
      return;
    }
  link = confer_invite_get_link (invite);
  parsed = confer_link_parse (link, NULL);
  text = parsed != NULL ? confer_application_share_link (CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                                         parsed)
                        : g_strdup (link);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  /* Kept, so the owner can copy it again from the list of live invites. */
  if (confer_client_get_cache (self->client) != NULL &&
      !confer_client_cache_save_invite_link (confer_client_get_cache (self->client), confer_client_get_link (self->client),
                                             confer_invite_get_id (invite), text, &error))
    g_warning ("The invite link could not be kept: %s", error->message);
  expires = confer_invite_get_expires (invite);
  role = confer_role_text_name (confer_invite_get_role (invite));
  if (expires > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (expires);
      g_autofree char *date = g_date_time_format (when, "%x %X");

      /* Translators: a role (Editor…), then a date and time. */
      copied = g_strdup_printf (_("%s invite link copied · expires %s"), role, date);
    }
  else
    /* Translators: %s is a role (Editor…). */
    copied = g_strdup_printf (_("%s invite link copied · never expires"), role);
  toast (self, copied);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferWindow *self = CONFER_WINDOW (widget);
  guint role = gtk_drop_down_get_selected (self->invite_role);
  guint expiry = gtk_drop_down_get_selected (self->invite_expiry);
  if (self->client == NULL || role >= G_N_ELEMENTS (invite_roles) || expiry >= G_N_ELEMENTS (invite_expiries))
    return;
  gtk_menu_button_popdown (self->invite_button);
  confer_client_create_invite_async (self->client, invite_roles[role], invite_expiries[expiry], 0, NULL,
                                     invite_created_cb, g_object_ref (self));
}

/* Puts the link first among the recent sessions. */
static void
remember_link (ConferWindow     *self,
               const ConferLink *link)
{
  GSettings *settings = confer_application_get_settings (CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-sessions");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_autofree char *text = confer_link_to_string (link);
  guint n = 1;

  g_strv_builder_add (builder, text);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_SESSIONS; i++)
    {
      g_autoptr(ConferLink) other = confer_link_parse (recent[i], NULL);

      if (other == NULL || (g_str_equal (other->session, link->session) && g_str_equal (other->host, link->host) &&
                            other->port == link->port))
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-sessions", (const char * const *) updated);
}

/* Shows the session (again: the role may have changed since the cache's
 * copy). */
static void
show_session (ConferWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->invite_button),
                          confer_role_can_invite (confer_client_get_role (self->client)));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->call_controls), confer_role_can_call (confer_client_get_role (self->client)));
  update_title (self);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "session"))
    return;
  gtk_stack_set_visible_child_name (self->stack, "session");
  /* The session's actions (and their shortcuts) work from inside it. */
  gtk_widget_child_focus (GTK_WIDGET (self->session_view), GTK_DIR_TAB_FORWARD);
}

static void
client_state_cb (ConferClient *client,
                 GParamSpec   *pspec,
                 ConferWindow *self)
{
  g_autofree char *text = NULL;

  switch (confer_client_get_state (client))
    {
    case CONFER_CONNECTION_ONLINE:
      remember_link (self, confer_client_get_link (client));
      if (self->sample)
        {
          g_autoptr(GBytes) sample = g_resources_lookup_data ("/org/confer/Confer/sample.md", 0, NULL);

          self->sample = FALSE;
          /* Translators: the title of the sample document. */
          confer_session_view_import_text (self->session_view, _("Welcome"), g_bytes_get_data (sample, NULL));
        }
      show_session (self);
      /* Translators: %s is a session title, the second %s a role. */
      text = g_strdup_printf (_("Joined “%s” as %s"), confer_client_get_session_title (client),
                              confer_role_to_string (confer_client_get_role (client)));
      break;
    case CONFER_CONNECTION_REFUSED:
      text = g_strdup_printf (_("Could not join: %s"), confer_client_get_refusal (client));
      break;
    case CONFER_CONNECTION_RECONNECTING:
      text = g_strdup (_("Connection lost; reconnecting…"));
      break;
    case CONFER_CONNECTION_CONNECTING:
    case CONFER_CONNECTION_OFFLINE:
    default:
      return;
    }
  toast (self, text);
}

/**
 * confer_window_join:
 * @self: a window
 * @link: a valid link (the user already agreed to it)
 *
 * Leaves the current session, if any, and joins the one @link leads to;
 * a session joined before shows at once from the cache.
 */
void
confer_window_join (ConferWindow     *self,
                    const ConferLink *link)
{
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *colour = NULL;

  leave_session (self);
  self->client = confer_client_new (link, confer_application_get_name (app));
  colour = g_settings_get_string (confer_application_get_settings (app), "colour");
  if (!confer_client_set_colour (self->client, colour))
    g_warning ("The colour setting “%s” is not #rrggbb; the session chooses one", colour);
  confer_client_set_cache (self->client, confer_application_get_cache (app));
  g_signal_connect (self->client, "notify::state", G_CALLBACK (client_state_cb), self);
  confer_session_view_set_client (self->session_view, self->client);
  confer_client_connect (self->client);
  /* A session joined before opens at once, from the cache, even while
   * its server is unreachable. */
  if (confer_client_get_session_title (self->client) != NULL)
    show_session (self);
}

static void
recent_activated_cb (ConferWindow  *self,
                     GtkListBoxRow *row)
{
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(ConferLink) link = confer_link_parse (g_object_get_data (G_OBJECT (row), "confer-link"), NULL);
  g_autoptr(GError) error = NULL;

  if (link == NULL)
    return;
  if (!confer_application_resume_hosting (app, link, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not host the session again: %s"), error->message);

      toast (self, text);
    }
  confer_window_join (self, link);
}

/* The sessions joined lately, newest first, with their unsent changes. */
static void
refresh_recent (ConferWindow *self)
{
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ConferClientCache *cache = app != NULL ? confer_application_get_cache (app) : NULL;
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;
  guint n = 0;

  if (app == NULL || self->recent_list == NULL)
    return;
  recent = g_settings_get_strv (confer_application_get_settings (app), "recent-sessions");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(ConferLink) link = confer_link_parse (recent[i], NULL);
      g_autoptr(ConferCachedSession) cached = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      guint unsent;

      if (link == NULL)
        continue;
      cached = cache != NULL ? confer_client_cache_load_session (cache, link) : NULL;
      unsent = cache != NULL ? confer_client_cache_count_unsent (cache, link) : 0;
      if (unsent > 0)
        /* Translators: a server, a role, then how many edits were never sent. */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %u unsent change",
                                                 "%s · %s · %u unsent changes", unsent),
                                    link->host, cached != NULL ? confer_role_to_string (cached->role) : "",
                                    unsent);
      else
        /* Translators: a server, then a role. */
        subtitle = g_strdup_printf (_("%s · %s"), link->host,
                                    cached != NULL ? confer_role_to_string (cached->role) : _("not joined yet"));
      row = g_object_new (ADW_TYPE_ACTION_ROW,
                          "title", cached != NULL && cached->title != NULL ? cached->title : link->session,
                          "title-selectable", FALSE,
                          "use-markup", FALSE,
                          "subtitle", subtitle,
                          "activatable", TRUE,
                          NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "confer-link", g_strdup (recent[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      n++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n > 0);
}

static void
join_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          data)
{
  ConferWindow *self = data;

  if (g_str_equal (response, "join"))
    confer_window_join (self, g_object_get_data (G_OBJECT (dialog), "confer-link"));
}

/* Join can be answered now, and Enter answers it. */
static void
enable_join (AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "join", TRUE);
  adw_message_dialog_set_default_response (dialog, NULL);
  adw_message_dialog_set_default_response (dialog, "join");
  /* While Join was off, the focus went to Cancel, which Enter would press. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
}

/* The join question, saying where, as whom and with which role. */
static void
describe_join (AdwMessageDialog  *dialog,
               ConferApplication *app,
               const ConferLink  *link,
               const char        *title,
               ConferRole         role,
               gint64             expires)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expiry = NULL;

  /* Translators: %s is a session's title. */
  heading = g_strdup_printf (_("Join “%s”?"), title);
  if (expires > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (expires);
      g_autofree char *date = g_date_time_format (when, "%x %X");

      /* Translators: %s is a date and time. */
      expiry = g_strdup_printf (_(" The invite expires on %s."), date);
    }
  /* Translators: your name, a role (Editor…), what the role may do, the
   * server's host name or address, then maybe when the invite expires. */
  body = g_strdup_printf (_("You will join as %s, with the role %s: %s. The server is %s. Everyone in the "
                            "session will see your name and what you write.%s"),
                          confer_application_get_name (app), confer_role_text_name (role),
                          confer_role_text_describe (role), link->host, expiry != NULL ? expiry : "");
  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, body);
  enable_join (dialog);
}

static void
peeked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(AdwMessageDialog) dialog = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferInviteInfo) info = confer_client_peek_finish (result, &error);
  ConferWindow *self = CONFER_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  const ConferLink *link = g_object_get_data (G_OBJECT (dialog), "confer-link");

  if (self == NULL || link == NULL || !gtk_widget_get_visible (GTK_WIDGET (dialog)))
    return;
  if (info != NULL)
    {
      describe_join (dialog, CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), link,
                     info->session_title, info->role, info->expires);
      return;
    }
  /* The server said no (an expired, revoked or used-up invite…): joining
   * cannot work. Unreachable: it may be up later, so joining is offered. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    {
      adw_message_dialog_set_body (dialog, error->message);
      adw_message_dialog_set_response_label (dialog, "join", _("_Join Anyway"));
      enable_join (dialog);
      return;
    }
  adw_message_dialog_set_heading (dialog, _("This Link Cannot Be Used"));
  adw_message_dialog_set_body (dialog, error->message);
}

/**
 * confer_window_offer_link:
 * @self: a window
 * @link: a link from the user, the command line or the desktop
 *
 * Validates @link and, if it is a valid Confer link, asks before
 * connecting; otherwise explains what is wrong. Nothing is contacted
 * before the user agrees.
 */
void
confer_window_offer_link (ConferWindow *self,
                          const char   *link_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferLink) link = confer_link_parse (link_text, &error);
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(ConferCachedSession) cached = NULL;
  ConferClientCache *cache;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (link == NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("This Link Cannot Be Opened"),
                                                          error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Joined before: the cache knows the session and the role. Otherwise the
   * server is asked what the invite gives, joining nobody yet. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Join Session?"), NULL));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "join", _("_Join"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "join", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "join");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (join_response_cb), self);
  cache = confer_application_get_cache (app);
  cached = cache != NULL ? confer_client_cache_load_session (cache, link) : NULL;
  if (cached != NULL && cached->token != NULL && cached->title != NULL)
    describe_join (dialog, app, link, cached->title, cached->role, 0);
  else
    {
      /* Translators: %s is the host name or address of a session server. */
      body = g_strdup_printf (_("Asking the server at %s what this link gives…"), link->host);
      adw_message_dialog_set_body (dialog, body);
      adw_message_dialog_set_response_enabled (dialog, "join", FALSE);
      confer_client_peek_async (link, peeked_cb, g_object_ref (dialog));
    }
  g_object_set_data_full (G_OBJECT (dialog), "confer-link", g_steal_pointer (&link),
                          (GDestroyNotify) confer_link_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
link_apply_cb (ConferWindow *self)
{
  g_autoptr(ConferLink) link = validate_link (self);

  /* A bad link is explained once, under the entry; only a good one goes on
   * to the question whether to join. */
  if (link == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->link_row));
      return;
    }
  confer_window_offer_link (self, gtk_editable_get_text (GTK_EDITABLE (self->link_row)));
}

static void
host_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          data)
{
  ConferWindow *self = data;

  if (!g_str_equal (response, "copy"))
    return;
  copy_link (self, g_object_get_data (G_OBJECT (dialog), "confer-link"));
}

/* The owner chose another address for the links: the setting, the link
 * shown and the one copied follow. */
static void
host_address_changed_cb (GtkDropDown  *choice,
                         GParamSpec   *pspec,
                         ConferWindow *self)
{
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GObject *dialog = g_object_get_data (G_OBJECT (choice), "confer-dialog");
  GtkStringObject *item = gtk_drop_down_get_selected_item (choice);
  g_autoptr(ConferLink) link = NULL;
  g_autofree char *text = NULL;

  if (item == NULL || (link = confer_link_parse (g_object_get_data (dialog, "confer-link"), NULL)) == NULL)
    return;
  g_settings_set_string (confer_application_get_settings (app), "host-address", gtk_string_object_get_string (item));
  text = confer_application_share_link (app, link);
  gtk_label_set_text (g_object_get_data (G_OBJECT (choice), "confer-link-label"), text);
  g_object_set_data_full (dialog, "confer-link", g_steal_pointer (&text), g_free);
}

static void
host_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConferWindow *self = CONFER_WINDOW (widget);
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  g_autofree char *link = confer_application_host (app, &error);
  g_auto(GStrv) addresses = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *link_label;

  if (link == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not host a session: %s"), error->message);

      toast (self, text);
      return;
    }
  addresses = confer_host_address_list ();
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Session Hosted"), NULL));
  adw_message_dialog_set_body (dialog, g_strv_length (addresses) > 1
                               ? _("Anyone with this owner link can join and run the session. It includes the "
                                   "server's certificate fingerprint, so the connection is secure.\n\nThis "
                                   "computer has several addresses: choose the one the people you invite can "
                                   "reach. Invite links carry it too.")
                               : _("Anyone with this owner link can join and run the session. It includes the "
                                   "server's certificate fingerprint, so the connection is secure."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  link_label = g_object_new (GTK_TYPE_LABEL,
                             "label", link,
                             "selectable", TRUE,
                             "wrap", TRUE,
                             "wrap-mode", PANGO_WRAP_CHAR,
                             NULL);
  gtk_box_append (GTK_BOX (box), link_label);
  if (g_strv_length (addresses) > 1)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new_with_mnemonic (_("_Address in links"));
      GtkWidget *choice = gtk_drop_down_new_from_strings ((const char *const *) addresses);
      const char *current = confer_application_get_host_address (app);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), choice);
      gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Address in links"), -1);
      for (guint i = 0; addresses[i] != NULL; i++)
        if (g_str_equal (addresses[i], current))
          gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), i);
      g_object_set_data (G_OBJECT (choice), "confer-link-label", link_label);
      g_object_set_data (G_OBJECT (choice), "confer-dialog", dialog);
      g_signal_connect (choice, "notify::selected", G_CALLBACK (host_address_changed_cb), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), choice);
      gtk_box_append (GTK_BOX (box), row);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), "copy", _("_Copy Link"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "copy");
  {
    g_autoptr(ConferLink) own = confer_link_parse (link, NULL);

    /* The host joins its own session as its owner, over loopback: the
     * machine's name is for others, and may not resolve here. */
    if (own != NULL)
      {
        g_free (own->host);
        own->host = g_strdup ("127.0.0.1");
        confer_window_join (self, own);
      }
  }
  g_object_set_data_full (G_OBJECT (dialog), "confer-link", g_steal_pointer (&link), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (host_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  /* The link has the focus, not the address choice: Enter copies it. */
  gtk_widget_grab_focus (link_label);
}

static void
focus_link_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CONFER_WINDOW (widget)->link_row));
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  leave_session (CONFER_WINDOW (widget));
}

static void
show_invite_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ConferWindow *self = CONFER_WINDOW (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->invite_button)))
    gtk_menu_button_popup (self->invite_button);
}

static void
confer_window_dispose (GObject *object)
{
  ConferWindow *self = (ConferWindow *) object;

  leave_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFER_TYPE_WINDOW);

  G_OBJECT_CLASS (confer_window_parent_class)->dispose (object);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ConferWindow     *self)
{
  if (!g_str_equal (response, "quit"))
    return;
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing with changes the server has not acknowledged: they are not lost,
 * and the person is told so before the window goes. */
static gboolean
confer_window_close_request (GtkWindow *window)
{
  ConferWindow *self = CONFER_WINDOW (window);
  guint unsent = self->client != NULL ? confer_client_get_n_unsent (self->client) : 0;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->closing || unsent == 0)
    return GTK_WINDOW_CLASS (confer_window_parent_class)->close_request (window);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u change has not reached the server yet. It is kept on this computer "
                                       "and will be sent the next time you open this session.",
                                       "%u changes have not reached the server yet. They are kept on this computer "
                                       "and will be sent the next time you open this session.", unsent), unsent);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Unsent Changes Are Kept"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Open"), "quit", _("_Quit"), NULL);
  adw_message_dialog_set_default_response (dialog, "quit");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
confer_window_class_init (ConferWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = confer_window_close_request;

  g_type_ensure (CONFER_TYPE_SESSION_VIEW);
  g_type_ensure (CONFER_TYPE_CALL_CONTROLS);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confer/Confer/confer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, link_row);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, link_status);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, session_view);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, call_controls);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, call_squeezer);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, call_bar);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, call_bar_controls);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, recording_notice);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_button);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_role_description);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, live_invites_heading);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, live_invites);
  gtk_widget_class_bind_template_callback (widget_class, refresh_invites);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_role);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_expiry);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.host", NULL, host_action);
  gtk_widget_class_install_action (widget_class, "win.focus-link", NULL, focus_link_action);
  gtk_widget_class_install_action (widget_class, "win.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "win.show-invite", NULL, show_invite_action);
  gtk_widget_class_install_action (widget_class, "win.leave", NULL, leave_action);
}

/* The call bar shows the call's buttons while the header bar has no room
 * for them (its squeezer shows none) and the role may take part. */
static void
update_call_bar (ConferWindow *self)
{
  gtk_action_bar_set_revealed (self->call_bar, gtk_widget_get_visible (GTK_WIDGET (self->call_controls)) &&
                                               adw_squeezer_get_visible_child (self->call_squeezer) == NULL);
}

/* The recording notice shows while anyone records the call, saying who. */
static void
recorded_cb (ConferWindow *self)
{
  ConferCallView *view = confer_session_view_get_call_view (self->session_view);
  g_autofree char *recorders = confer_call_view_dup_recorders (view);

  gtk_widget_set_visible (self->recording_notice, confer_call_view_get_recorded (view));
  gtk_widget_set_tooltip_text (self->recording_notice, recorders);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->recording_notice), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  recorders != NULL ? recorders : "", -1);
}

/* Whether Space, with the focus on @focus, is the user's to type or
 * to use there: in a text field, and on a board (where holding it
 * pans). */
static gboolean
space_is_taken (GtkWidget *focus)
{
  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) || CONFER_IS_BOARD_CANVAS (focus));
}

/* Push to talk: holding Space while muted in a call unmutes (the call
 * view's `talk`), unless the focus is where Space is taken; releasing
 * it mutes again. Key repeats while held change nothing. */
static gboolean
talk_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     ConferWindow          *self)
{
  GActionGroup *actions = confer_call_view_get_actions (confer_session_view_get_call_view (self->session_view));
  g_autoptr(GVariant) muted = NULL;
  g_autoptr(GVariant) talking = NULL;

  if (keyval != GDK_KEY_space || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) ||
      !g_action_group_get_action_enabled (actions, "talk") || space_is_taken (gtk_root_get_focus (GTK_ROOT (self))))
    return FALSE;
  talking = g_action_group_get_action_state (actions, "talk");
  if (g_variant_get_boolean (talking))
    return TRUE;
  muted = g_action_group_get_action_state (actions, "mute");
  if (!g_variant_get_boolean (muted))
    return FALSE;
  g_action_group_change_action_state (actions, "talk", g_variant_new_boolean (TRUE));
  return TRUE;
}

static void
stop_talking (ConferWindow *self)
{
  GActionGroup *actions = confer_call_view_get_actions (confer_session_view_get_call_view (self->session_view));

  g_action_group_change_action_state (actions, "talk", g_variant_new_boolean (FALSE));
}

static void
talk_key_released_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      ConferWindow          *self)
{
  if (keyval == GDK_KEY_space)
    stop_talking (self);
}

static void
confer_window_init (ConferWindow *self)
{
  GtkEventController *talk_keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (confer_session_view_get_flap (self->session_view), "reveal-flap",
                          self->sidebar_button, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->session_view, "notify::document-title", G_CALLBACK (update_title), self);
  /* The call's verbs, for its header bar buttons and the main menu. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "call",
                                  confer_call_view_get_actions (confer_session_view_get_call_view (self->session_view)));
  confer_call_controls_set_view (self->call_controls, confer_session_view_get_call_view (self->session_view));
  confer_call_controls_set_view (self->call_bar_controls, confer_session_view_get_call_view (self->session_view));
  g_signal_connect_swapped (self->call_squeezer, "notify::visible-child", G_CALLBACK (update_call_bar), self);
  g_signal_connect_swapped (self->call_controls, "notify::visible", G_CALLBACK (update_call_bar), self);
  g_signal_connect_swapped (confer_session_view_get_call_view (self->session_view), "notify::recorded",
                            G_CALLBACK (recorded_cb), self);
  g_signal_connect_swapped (confer_session_view_get_call_view (self->session_view), "notify::n-members",
                            G_CALLBACK (recorded_cb), self);
  g_signal_connect_swapped (self->invite_role, "notify::selected", G_CALLBACK (invite_role_changed_cb), self);
  invite_role_changed_cb (self);
  /* Before the focused widget sees Space (a button would click). */
  talk_keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (talk_keys, GTK_PHASE_CAPTURE);
  g_signal_connect (talk_keys, "key-pressed", G_CALLBACK (talk_key_pressed_cb), self);
  g_signal_connect (talk_keys, "key-released", G_CALLBACK (talk_key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), talk_keys);
  /* A release the window never sees (it lost the focus) still ends it. */
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (stop_talking), self);
}

/**
 * confer_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window
 */
ConferWindow *
confer_window_new (ConferApplication *application)
{
  ConferWindow *self = g_object_new (CONFER_TYPE_WINDOW, "application", application, NULL);

  refresh_recent (self);
  return self;
}

/**
 * confer_window_host_sample:
 * @self: a window
 *
 * Hosts a new session, as *Host a Session* does, and opens a sample
 * document in it (the README's first command).
 */
void
confer_window_host_sample (ConferWindow *self)
{
  self->sample = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.host", NULL);
}

/**
 * confer_window_get_session_view:
 * @self: a window
 *
 * Returns: (transfer none): the view of the joined session
 */
ConferSessionView *
confer_window_get_session_view (ConferWindow *self)
{
  return self->session_view;
}
