/* confer-window.c: the main window: host a session or join one by link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-window"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-core.h"
#include "confer-net.h"
#include "confer-window.h"

struct _ConferWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *link_row;
  GtkLabel             *link_status;

  ConferClient         *client;   /* the session joined, if any */
};

G_DEFINE_FINAL_TYPE (ConferWindow, confer_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (ConferWindow *self,
       const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
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

static void
client_state_cb (ConferClient *client,
                 GParamSpec   *pspec,
                 ConferWindow *self)
{
  g_autofree char *text = NULL;

  switch (confer_client_get_state (client))
    {
    case CONFER_CONNECTION_ONLINE:
      /* Translators: %s is a session title, the second %s a role. */
      text = g_strdup_printf (_("Joined “%s” as %s"), confer_client_get_session_title (client),
                              confer_client_get_role (client));
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

static void
join_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          data)
{
  ConferWindow *self = data;
  ConferLink *link = g_object_get_data (G_OBJECT (dialog), "confer-link");
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (!g_str_equal (response, "join"))
    return;
  if (self->client != NULL)
    {
      confer_client_disconnect (self->client);
      g_signal_handlers_disconnect_by_data (self->client, self);
      g_clear_object (&self->client);
    }
  self->client = confer_client_new (link, confer_application_get_name (app));
  g_signal_connect (self->client, "notify::state", G_CALLBACK (client_state_cb), self);
  confer_client_connect (self->client);
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

  /* Translators: %s is the host name or address of a session server. */
  body = g_strdup_printf (_("You will join as %s. Everyone in the session will see your name and "
                            "what you write. The server is %s."),
                          confer_application_get_name (CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)))),
                          link->host);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Join Session?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "join", _("_Join"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "join", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "join");
  g_object_set_data_full (G_OBJECT (dialog), "confer-link", g_steal_pointer (&link),
                          (GDestroyNotify) confer_link_free);
  g_signal_connect (dialog, "response", G_CALLBACK (join_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
link_apply_cb (ConferWindow *self)
{
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
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          g_object_get_data (G_OBJECT (dialog), "confer-link"));
  toast (self, _("Invite link copied"));
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
  AdwMessageDialog *dialog;

  if (link == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not host a session: %s"), error->message);

      toast (self, text);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Session Hosted"),
                                                      _("Anyone with this owner link can join and run the "
                                                        "session. It includes the server's certificate "
                                                        "fingerprint, so the connection is secure.")));
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_set_extra_child (dialog, g_object_new (GTK_TYPE_LABEL,
                                                            "label", link,
                                                            "selectable", TRUE,
                                                            "wrap", TRUE,
                                                            "wrap-mode", PANGO_WRAP_CHAR,
                                                            NULL));
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), "copy", _("_Copy Link"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "confer-link", g_steal_pointer (&link), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (host_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
focus_link_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CONFER_WINDOW (widget)->link_row));
}

static void
confer_window_dispose (GObject *object)
{
  ConferWindow *self = (ConferWindow *) object;

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      confer_client_disconnect (self->client);
      g_clear_object (&self->client);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFER_TYPE_WINDOW);

  G_OBJECT_CLASS (confer_window_parent_class)->dispose (object);
}

static void
confer_window_class_init (ConferWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confer/Confer/confer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, link_row);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, link_status);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_apply_cb);

  gtk_widget_class_install_action (widget_class, "win.host", NULL, host_action);
  gtk_widget_class_install_action (widget_class, "win.focus-link", NULL, focus_link_action);
}

static void
confer_window_init (ConferWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
  return g_object_new (CONFER_TYPE_WINDOW, "application", application, NULL);
}
