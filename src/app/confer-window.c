/* confer-window.c: the main window: host a session or join one by link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-window"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "confer-buffer-binding.h"
#include "confer-remote-cursors.h"
#include "confer-core.h"
#include "confer-net.h"
#include "confer-window.h"

struct _ConferWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *link_row;
  GtkLabel             *link_status;
  GtkStack             *stack;
  GtkLabel             *session_title;
  GtkLabel             *connection_label;
  GtkListBox           *doc_list;
  GtkListBox           *participant_list;
  GtkSourceView        *editor;
  GtkMenuButton        *invite_button;
  GtkDropDown          *invite_role;
  GtkDropDown          *invite_expiry;

  ConferClient         *client;   /* the session joined, if any */
  ConferBufferBinding  *binding;  /* the document in the editor */
  ConferRemoteCursors  *cursors;  /* others' cursors in it */
  guint                 untitled;
};

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
  toast (self, _("Invite link copied"));
}

/* Closes the editor's document and the connection, if any. */
static void
leave_session (ConferWindow *self)
{
  g_clear_object (&self->cursors);
  g_clear_object (&self->binding);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      confer_client_disconnect (self->client);
      g_clear_object (&self->client);
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

/* The sidebar lists the session's documents, each row carrying its id. */
static void
refresh_docs (ConferWindow *self)
{
  JsonArray *docs = confer_client_get_docs (self->client);
  const char *open = self->binding != NULL ? confer_client_doc_get_id (confer_buffer_binding_get_doc (self->binding)) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->doc_list))) != NULL)
    gtk_list_box_remove (self->doc_list, child);
  for (guint i = 0; docs != NULL && i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (json_object_get_string_member (doc, "title"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "confer-doc", g_strdup (json_object_get_string_member (doc, "id")), g_free);
      gtk_list_box_append (self->doc_list, row);
      if (g_strcmp0 (open, json_object_get_string_member (doc, "id")) == 0)
        gtk_list_box_select_row (self->doc_list, GTK_LIST_BOX_ROW (row));
    }
}

/* Each participant with an avatar, their colour and whether they are here. */
static void
refresh_participants (ConferWindow *self)
{
  JsonArray *participants = confer_client_get_participants (self->client);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->participant_list))) != NULL)
    gtk_list_box_remove (self->participant_list, child);
  for (guint i = 0; participants != NULL && i < json_array_get_length (participants); i++)
    {
      JsonObject *p = json_array_get_object_element (participants, i);
      const char *name = json_object_get_string_member_with_default (p, "name", "");
      const char *colour = json_object_get_string_member_with_default (p, "colour", "#5e5c64");
      gboolean online = json_object_get_boolean_member_with_default (p, "online", FALSE);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *state = gtk_label_new (online ? _("here") : _("away"));
      g_autofree char *markup = NULL;
      GdkRGBA rgba;

      if (!gdk_rgba_parse (&rgba, colour))
        colour = "#5e5c64";
      markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>", colour);
      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_box_append (GTK_BOX (box), dot);
      gtk_box_append (GTK_BOX (box), adw_avatar_new (24, name, TRUE));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (state, "dim-label");
      gtk_widget_add_css_class (state, "caption");
      gtk_box_append (GTK_BOX (box), state);
      gtk_widget_set_sensitive (box, online);
      gtk_list_box_append (self->participant_list, box);
    }
}

static void
client_event_cb (ConferClient  *client,
                 ConferMessage *message,
                 ConferWindow  *self)
{
  if (g_str_has_prefix (confer_message_get_type_name (message), "participant."))
    refresh_participants (self);
  if (g_str_has_prefix (confer_message_get_type_name (message), "doc.created") ||
      g_str_has_prefix (confer_message_get_type_name (message), "doc.renamed") ||
      g_str_has_prefix (confer_message_get_type_name (message), "doc.deleted"))
    refresh_docs (self);
}

static void
doc_selected_cb (ConferWindow  *self,
                 GtkListBoxRow *row)
{
  const char *id = row != NULL ? g_object_get_data (G_OBJECT (row), "confer-doc") : NULL;
  GtkSourceBuffer *buffer;

  if (id == NULL || self->client == NULL)
    return;
  if (self->binding != NULL &&
      g_str_equal (confer_client_doc_get_id (confer_buffer_binding_get_doc (self->binding)), id))
    return;

  g_clear_object (&self->cursors);
  g_clear_object (&self->binding);
  buffer = gtk_source_buffer_new_with_language (
    gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "markdown"));
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->editor), GTK_TEXT_BUFFER (buffer));
  self->binding = confer_buffer_binding_new (GTK_TEXT_BUFFER (buffer),
                                             confer_client_open_doc (self->client, id));
  g_object_unref (buffer);
  self->cursors = confer_remote_cursors_new (GTK_TEXT_VIEW (self->editor), self->client,
                                             confer_buffer_binding_get_doc (self->binding));
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor),
                            g_strcmp0 (confer_client_get_role (self->client), "owner") == 0 ||
                            g_strcmp0 (confer_client_get_role (self->client), "editor") == 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

static void
new_document_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConferWindow *self = CONFER_WINDOW (widget);
  g_autoptr(ConferMessage) request = NULL;
  g_autofree char *title = NULL;

  if (self->client == NULL)
    return;
  /* Translators: the title of a new document; %u counts them. */
  title = g_strdup_printf (_("Untitled %u"), ++self->untitled);
  request = confer_message_new ("doc.create");
  json_object_set_string_member (confer_message_get_object (request), "title", title);
  confer_client_request_async (self->client, request, NULL, NULL, NULL);
}

static void client_state_cb (ConferClient *client, GParamSpec *pspec, ConferWindow *self);

/* The invite popover's choices, in the order of the .ui lists. */
static const char *invite_roles[] = { "editor", "commenter", "viewer", "guest", "owner" };
static const guint64 invite_expiries[] = { 3600, 86400, 7 * 86400, 0 };

static void
invite_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(ConferWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) reply = NULL;
  g_autofree char *text = NULL;

  if (self->client == NULL || CONFER_CLIENT (source) != self->client)
    return;
  reply = confer_client_request_finish (self->client, result, &error);
  if (reply == NULL)
    {
      text = g_strdup_printf (_("Could not make an invite: %s"), error->message);
      toast (self, text);
      return;
    }
  text = confer_client_make_invite_link (self->client, reply);
  copy_link (self, text);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferWindow *self = CONFER_WINDOW (widget);
  guint role = gtk_drop_down_get_selected (self->invite_role);
  guint expiry = gtk_drop_down_get_selected (self->invite_expiry);
  g_autoptr(ConferMessage) request = NULL;

  if (self->client == NULL || role >= G_N_ELEMENTS (invite_roles) || expiry >= G_N_ELEMENTS (invite_expiries))
    return;
  request = confer_message_new ("invite.create");
  json_object_set_string_member (confer_message_get_object (request), "role", invite_roles[role]);
  if (invite_expiries[expiry] > 0)
    json_object_set_int_member (confer_message_get_object (request), "expires_in", invite_expiries[expiry]);
  gtk_menu_button_popdown (self->invite_button);
  confer_client_request_async (self->client, request, NULL, invite_created_cb, g_object_ref (self));
}

static void
join (ConferWindow *self,
      ConferLink   *link)
{
  ConferApplication *app = CONFER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  leave_session (self);
  self->client = confer_client_new (link, confer_application_get_name (app));
  g_signal_connect (self->client, "notify::state", G_CALLBACK (client_state_cb), self);
  g_signal_connect (self->client, "event", G_CALLBACK (client_event_cb), self);
  confer_client_connect (self->client);
}

static void
client_state_cb (ConferClient *client,
                 GParamSpec   *pspec,
                 ConferWindow *self)
{
  g_autofree char *text = NULL;

  static const char *states[] = { N_("Connecting…"), N_("Online"), N_("Reconnecting…"),
                                  N_("Offline"), N_("Refused") };

  gtk_label_set_text (self->connection_label, _(states[confer_client_get_state (client)]));
  switch (confer_client_get_state (client))
    {
    case CONFER_CONNECTION_ONLINE:
      if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "session"))
        {
          gtk_label_set_text (self->session_title, confer_client_get_session_title (client));
          refresh_docs (self);
          refresh_participants (self);
          gtk_widget_set_visible (GTK_WIDGET (self->invite_button),
                                  g_strcmp0 (confer_client_get_role (client), "owner") == 0);
          gtk_stack_set_visible_child_name (self->stack, "session");
        }
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

  if (g_str_equal (response, "join"))
    join (self, g_object_get_data (G_OBJECT (dialog), "confer-link"));
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
  copy_link (self, g_object_get_data (G_OBJECT (dialog), "confer-link"));
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
  {
    g_autoptr(ConferLink) own = confer_link_parse (link, NULL);

    /* The host joins its own session as its owner. */
    if (own != NULL)
      join (self, own);
  }
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

  leave_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFER_TYPE_WINDOW);

  G_OBJECT_CLASS (confer_window_parent_class)->dispose (object);
}

static void
confer_window_class_init (ConferWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_window_dispose;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confer/Confer/confer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, link_row);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, link_status);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, session_title);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, doc_list);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, participant_list);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_button);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_role);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, invite_expiry);
  gtk_widget_class_bind_template_child (widget_class, ConferWindow, editor);
  gtk_widget_class_bind_template_callback (widget_class, doc_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_apply_cb);

  gtk_widget_class_install_action (widget_class, "win.host", NULL, host_action);
  gtk_widget_class_install_action (widget_class, "win.focus-link", NULL, focus_link_action);
  gtk_widget_class_install_action (widget_class, "win.new-document", NULL, new_document_action);
  gtk_widget_class_install_action (widget_class, "win.invite", NULL, invite_action);
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
