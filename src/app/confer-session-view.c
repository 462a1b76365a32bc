/* confer-session-view.c: a joined session: its documents, participants
 * and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-session-view"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "confer-board-page.h"
#include "confer-call-view.h"
#include "confer-chat-notify.h"
#include "confer-chat-pane.h"
#include "confer-contrast.h"
#include "confer-render.h"
#include "confer-remote-cursors.h"
#include "confer-session-view.h"

/* Counts and the connection line are brought up to date this long after
 * the text changes, in ms, so a burst of remote typing costs one count. */
#define STATUS_DELAY_MS 150
/* An imported file goes in as operations of at most this many bytes, well
 * under the protocol's operation limit. */
#define IMPORT_CHUNK_BYTES (64 * 1024)

/* Below this width the sidebar folds away behind the header bar's sidebar
 * button, over the editor, as GNOME Text Editor's does; above it, the
 * sidebar (260 px) leaves the editor at least 460. In logical px. */
#define FOLD_BELOW_PX 720

struct _ConferSessionView
{
  AdwBin                  parent_instance;

  AdwFlap                *flap;      /* the bin's child: not a template child, which
                                      * gtk_widget_dispose_template() would unparent
                                      * under AdwBin's feet */
  GtkLabel               *session_title;
  GtkLabel               *connection_label;
  GtkListBox             *doc_list;
  GtkWidget              *new_button;
  GtkWidget              *chat_button;
  guint                   unread;      /* others' messages since the chat last showed */
  guint                   unread_mentions;   /* of which mention this participant */
  GSettings              *settings;    /* where the chat's notification choice is kept */
  ConferChatNotify        notify;      /* this session's */
  ConferClientChat       *chat;        /* followed once the client is welcomed */
  GtkListBox             *participant_list;
  GtkStack               *editor_stack;
  ConferCallView         *call_view;   /* docked above the editor while in the call */
  GtkPaned               *call_paned;  /* the call above, the editor below */
  GtkRevealer            *chat_revealer;   /* the chat pane, made when first shown */
  GtkRevealer            *read_only_notice;
  GtkRevealer            *offline_notice;
  GtkLabel               *offline_label;
  GtkSourceView          *editor;
  GtkLabel               *count_label;
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkLabel               *match_label;
  GtkBox                 *replace_box;
  GtkEntry               *replace_entry;

  ConferClient           *client;
  ConferBufferBinding    *binding;   /* the document in the editor */
  ConferBoardPage        *board_page;  /* or the board open instead */
  ConferRemoteCursors    *cursors;   /* others' cursors in it */
  GtkSourceSearchContext *search;
  guint                   status_source;
  guint                   fold_source;
  guint                   untitled;
  guint                   untitled_boards;
  GHashTable             *imports;   /* doc id -> text waiting for the document to open */
  char                   *document_title;  /* of the open document, for the window */
};

enum {
  PROP_0,
  PROP_DOCUMENT_TITLE,
  PROP_CHAT_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferSessionView, confer_session_view, ADW_TYPE_BIN)

static void
toast (ConferSessionView *self,
       const char        *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static gboolean
can_edit (ConferSessionView *self)
{
  return self->client != NULL && confer_role_can_edit (confer_client_get_role (self->client));
}

/* The open item's id: a text document in the editor, or a board. */
static const char *
open_doc_id (ConferSessionView *self)
{
  if (self->binding != NULL)
    return confer_client_doc_get_id (confer_buffer_binding_get_doc (self->binding));
  if (self->board_page != NULL)
    return confer_client_board_get_id (confer_board_page_get_board (self->board_page));
  return NULL;
}

static const char *
doc_title (ConferSessionView *self,
           const char        *id)
{
  ConferItem *item = self->client != NULL && id != NULL ? confer_client_find_item (self->client, id) : NULL;

  /* An id, not a title: an id is never a title of another document. */
  return item != NULL && g_str_equal (confer_item_get_id (item), id) ? confer_item_get_title (item) : NULL;
}

/* The open document's title, which the window shows. */
static void
update_title (ConferSessionView *self)
{
  const char *title = doc_title (self, open_doc_id (self));

  if (self->board_page != NULL && title != NULL)
    confer_board_page_set_title (self->board_page, title);
  if (g_strcmp0 (title, self->document_title) == 0)
    return;
  g_free (self->document_title);
  self->document_title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_TITLE]);
}

/* Which actions make sense now: a document (or board) is open, and the
 * role may change documents. */
static void
update_actions (ConferSessionView *self)
{
  gboolean open = self->binding != NULL;
  gboolean item_open = open_doc_id (self) != NULL;
  gboolean edit = can_edit (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.new-document", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.new-board", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.new-board-from", edit);
  gtk_widget_set_sensitive (self->new_button, edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.import", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.trash", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.rename", item_open && edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.delete", item_open && edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.export", item_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.find", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.find-next", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.find-previous", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.replace", open && edit);
  /* Undo is per participant, in documents and on boards alike. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.undo", (open || self->board_page != NULL) && edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.redo", (open || self->board_page != NULL) && edit);

  /* A role that may only read is told so, and the editor looks it: no
   * caret, a page a shade darker, a notice above. */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->editor), edit);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->editor), edit);
  if (edit)
    gtk_widget_remove_css_class (GTK_WIDGET (self->editor), "read-only");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->editor), "read-only");
  gtk_revealer_set_reveal_child (self->read_only_notice, open && !edit);
}

/* The state of the connection in the sidebar, and a notice over the
 * editor while it is not online: how many changes wait, and that they are
 * kept. */
static void
update_connection (ConferSessionView *self)
{
  static const char *states[] = { N_("Connecting…"), N_("Online"), N_("Reconnecting…"),
                                  N_("Offline"), N_("Refused") };
  ConferConnectionState state;
  guint unsent;
  g_autofree char *text = NULL;
  g_autofree char *notice = NULL;

  if (self->client == NULL)
    return;
  state = confer_client_get_state (self->client);
  unsent = confer_client_get_n_unsent (self->client);
  if (unsent == 0 || state == CONFER_CONNECTION_ONLINE)
    text = g_strdup (_(states[state]));
  else
    /* Translators: a connection state, then how many changes wait to be sent. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u unsent change", "%s · %u unsent changes", unsent),
                            _(states[state]), unsent);
  gtk_label_set_text (self->connection_label, text);

  if (state == CONFER_CONNECTION_RECONNECTING || state == CONFER_CONNECTION_OFFLINE ||
      (state == CONFER_CONNECTION_CONNECTING && confer_client_get_session_title (self->client) != NULL))
    {
      if (unsent == 0)
        notice = g_strdup (_("Offline — changes you make are kept on this computer and sent when the server is back"));
      else
        /* Translators: %u counts changes (a word or sentence typed in one go is one). */
        notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Offline — %u change waits to be sent; it is kept on this computer",
                                               "Offline — %u changes wait to be sent; they are kept on this computer",
                                               unsent), unsent);
      gtk_label_set_text (self->offline_label, notice);
    }
  gtk_revealer_set_reveal_child (self->offline_notice, notice != NULL);
}

/* Words are runs of non-space; characters are code points, as everywhere
 * else in Confer. */
static void
update_counts (ConferSessionView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  guint words = 0;
  gboolean in_word = FALSE;

  if (self->binding == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (!space && !in_word)
        words++;
      in_word = !space;
    }
  /* Translators: the first %u counts words, the second characters. */
  label = g_strdup_printf (_("%u words, %d characters"), words, gtk_text_iter_get_offset (&end));
  gtk_label_set_text (self->count_label, label);
}

static gboolean
status_cb (gpointer data)
{
  ConferSessionView *self = data;

  self->status_source = 0;
  update_counts (self);
  update_connection (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_status (ConferSessionView *self)
{
  if (self->status_source == 0)
    self->status_source = g_timeout_add (STATUS_DELAY_MS, status_cb, self);
}

/* The sidebar lists the session's documents, each row carrying its id. */
static void
refresh_docs (ConferSessionView *self)
{
  GListModel *items = confer_client_get_items (self->client);
  const char *open = open_doc_id (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->doc_list))) != NULL)
    gtk_list_box_remove (self->doc_list, child);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ConferItem) item = g_list_model_get_item (items, i);
      gboolean board = confer_item_get_kind (item) == CONFER_ITEM_KIND_BOARD;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name (board ? "x-office-drawing-symbolic" : "x-office-document-symbolic");
      GtkWidget *label = gtk_label_new (confer_item_get_title (item));
      g_autofree char *description = NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* Translators: how a screen reader names a sidebar row: the item's
       * kind and title, "Board: Plan". */
      description = g_strdup_printf (board ? _("Board: %s") : _("Document: %s"), confer_item_get_title (item));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      g_object_set_data_full (G_OBJECT (row), "confer-doc", g_strdup (confer_item_get_id (item)), g_free);
      gtk_list_box_append (self->doc_list, row);
      /* The open document is marked, not selected: the focus moving
       * through the list changes nothing. */
      if (g_strcmp0 (open, confer_item_get_id (item)) == 0)
        {
          gtk_widget_add_css_class (row, "open-document");
          gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
        }
    }
  update_title (self);
}

/* Each participant with an avatar, their colour and whether they are
 * here; activating one shows their cursor. */
/* A CSS class that paints an avatar in a participant's colour (the colour
 * of their cursor), with initials in black or white, whichever reads
 * better; a style sheet per colour, added to the display once. */
static char *
avatar_colour_class (GtkWidget  *widget,
                     const char *colour)
{
  static GHashTable *installed;
  g_autofree char *name = NULL;
  GdkRGBA rgba, text;

  if (!confer_protocol_is_colour (colour) || !gdk_rgba_parse (&rgba, colour))
    return NULL;
  name = g_strdup_printf ("participant-colour-%s", colour + 1);
  if (installed == NULL)
    installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_contains (installed, name))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
      g_autofree char *css = NULL;
      g_autofree char *text_colour = NULL;

      confer_contrast_text_on (&rgba, &text);
      text_colour = gdk_rgba_to_string (&text);
      css = g_strdup_printf ("avatar.%s { background-image: none; background-color: %s; color: %s; }",
                             name, colour, text_colour);
      gtk_css_provider_load_from_data (provider, css, -1);
      gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_hash_table_add (installed, g_strdup (name));
    }
  return g_steal_pointer (&name);
}

/* 0 for oneself (@me), 1 for someone here, 2 for someone away. */
static int
participant_rank (ConferParticipant *participant,
                  const char        *me)
{
  if (g_strcmp0 (confer_participant_get_id (participant), me) == 0)
    return 0;
  return confer_participant_get_online (participant) ? 1 : 2;
}

/* You first, then who is here, then who is away; by name within each. */
static int
compare_participants (gconstpointer a,
                      gconstpointer b,
                      gpointer      data)
{
  ConferParticipant *pa = *(ConferParticipant **) a, *pb = *(ConferParticipant **) b;
  int rank_a = participant_rank (pa, data);
  int rank_b = participant_rank (pb, data);
  g_autofree char *name_a = g_utf8_casefold (confer_participant_get_name (pa), -1);
  g_autofree char *name_b = g_utf8_casefold (confer_participant_get_name (pb), -1);
  int by_name = g_utf8_collate (name_a, name_b);

  if (rank_a != rank_b)
    return rank_a - rank_b;
  if (by_name != 0)
    return by_name;
  return g_strcmp0 (confer_participant_get_id (pa), confer_participant_get_id (pb));
}

/* Participants who share a name are told apart by a number, in the order
 * they joined the list (their ids): "Ann", "Ann (2)". */
static char *
distinct_name (GListModel        *participants,
               ConferParticipant *participant)
{
  const char *name = confer_participant_get_name (participant);
  const char *id = confer_participant_get_id (participant);
  guint same = 0, before = 0;

  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(ConferParticipant) other = g_list_model_get_item (participants, i);

      if (!g_str_equal (confer_participant_get_name (other), name))
        continue;
      same++;
      if (g_strcmp0 (confer_participant_get_id (other), id) < 0)
        before++;
    }
  /* Translators: a participant's name and a number telling apart people
   * with the same name, such as "Ann (2)". */
  return same > 1 && before > 0 ? g_strdup_printf (_("%s (%u)"), name, before + 1) : g_strdup (name);
}

static void
refresh_participants (ConferSessionView *self)
{
  GListModel *participants = confer_client_get_participants (self->client);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->participant_list))) != NULL)
    gtk_list_box_remove (self->participant_list, child);
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    g_ptr_array_add (sorted, g_list_model_get_item (participants, i));
  g_ptr_array_sort_with_data (sorted, compare_participants, (gpointer) confer_client_get_participant_id (self->client));
  for (guint i = 0; i < sorted->len; i++)
    {
      ConferParticipant *p = g_ptr_array_index (sorted, i);
      g_autofree char *shown_name = distinct_name (participants, p);
      const char *name = shown_name;
      const char *colour = confer_participant_get_colour (p);
      gboolean online = confer_participant_get_online (p);
      gboolean me = g_strcmp0 (confer_participant_get_id (p), confer_client_get_participant_id (self->client)) == 0;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *state = gtk_label_new (me ? _("you") : online ? _("here") : _("away"));
      g_autofree char *markup = NULL;
      g_autofree char *description = NULL;
      g_autofree char *colour_class = NULL;
      GtkWidget *avatar;
      GdkRGBA rgba;

      if (!gdk_rgba_parse (&rgba, colour))
        colour = "#5e5c64";
      markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>", colour);
      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_box_append (GTK_BOX (box), dot);
      avatar = adw_avatar_new (24, confer_participant_get_name (p), TRUE);
      colour_class = avatar_colour_class (avatar, colour);
      if (colour_class != NULL)
        gtk_widget_add_css_class (avatar, colour_class);
      gtk_box_append (GTK_BOX (box), avatar);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (state, "dim-label");
      gtk_widget_add_css_class (state, "caption");
      gtk_box_append (GTK_BOX (box), state);
      gtk_widget_set_sensitive (box, online || me);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !me);
      /* Translators: a participant's name, then "here" or "away". */
      description = g_strdup_printf (_("%s, %s"), name, gtk_label_get_text (GTK_LABEL (state)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      g_object_set_data_full (G_OBJECT (row), "confer-participant", g_strdup (confer_participant_get_id (p)), g_free);
      g_object_set_data_full (G_OBJECT (row), "confer-name", g_strdup (name), g_free);
      gtk_list_box_append (self->participant_list, row);
    }
}

static void
participant_activated_cb (ConferSessionView *self,
                          GtkListBoxRow     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "confer-participant");

  if (self->cursors == NULL || !confer_remote_cursors_scroll_to (self->cursors, id))
    {
      /* Translators: %s is a participant's name. */
      g_autofree char *text = g_strdup_printf (_("%s has no cursor in this document"),
                                               (const char *) g_object_get_data (G_OBJECT (row), "confer-name"));

      toast (self, text);
    }
}

/* Drops what follows the editor's document and shows no document. */
static void
close_editor (ConferSessionView *self)
{
  if (self->binding != NULL)
    g_signal_handlers_disconnect_by_data (confer_buffer_binding_get_doc (self->binding), self);
  g_clear_object (&self->cursors);
  g_clear_object (&self->binding);
  g_clear_object (&self->search);
  if (self->board_page != NULL)
    {
      gtk_stack_remove (self->editor_stack, GTK_WIDGET (self->board_page));
      self->board_page = NULL;
    }
  gtk_stack_set_visible_child_name (self->editor_stack, "empty");
  update_actions (self);
  update_counts (self);
  update_title (self);
}

/* The session's document edited most recently (the newest on a tie). */
static const char *
latest_doc (ConferSessionView *self)
{
  GListModel *items = confer_client_get_items (self->client);
  const char *latest = NULL;
  gint64 latest_edited = G_MININT64;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ConferItem) item = g_list_model_get_item (items, i);
      gint64 edited = confer_item_get_edited (item);

      if (edited >= latest_edited)
        {
          latest_edited = edited;
          latest = confer_item_get_id (item);  /* the list keeps the item */
        }
    }
  return latest;
}

static void follow_chat (ConferSessionView *self);

static void
client_state_cb (ConferSessionView *self)
{
  const char *title = confer_client_get_session_title (self->client);

  gtk_label_set_text (self->session_title, title != NULL ? title : "");
  update_connection (self);
  update_actions (self);
  follow_chat (self);
  if (confer_client_get_state (self->client) == CONFER_CONNECTION_ONLINE)
    {
      refresh_docs (self);
      refresh_participants (self);
      /* Joining lands in the document edited last, not on an empty page. */
      if (self->binding == NULL)
        {
          const char *latest = latest_doc (self);

          if (latest != NULL)
            confer_session_view_open_doc (self, latest);
        }
    }
}

/* A participant's name as this view shows it: "you" for oneself. */
static const char *
participant_name (ConferSessionView *self,
                  const char        *id)
{
  ConferParticipant *participant;

  if (g_strcmp0 (id, confer_client_get_participant_id (self->client)) == 0)
    return _("you");
  participant = confer_client_find_participant (self->client, id);
  return participant != NULL ? confer_participant_get_name (participant) : _("someone");
}

/* A document left the list: the editor closes if it showed it, and
 * everyone is told who deleted it. */
static void
item_deleted_cb (ConferSessionView *self,
                 ConferItem        *item)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (confer_item_get_id (item), open_doc_id (self)) == 0)
    close_editor (self);
  /* Translators: a document's title, then who deleted it. */
  text = g_strdup_printf (_("“%s” was deleted by %s; owners and editors can restore it for 30 days"),
                          confer_item_get_title (item), participant_name (self, confer_item_get_deleted_by (item)));
  toast (self, text);
  refresh_docs (self);
}

static void
update_style_scheme (ConferSessionView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (
    gtk_source_style_scheme_manager_get_default (), dark ? "Adwaita-dark" : "Adwaita");

  if (GTK_SOURCE_IS_BUFFER (buffer))
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

static void
update_matches (ConferSessionView *self)
{
  g_autofree char *text = NULL;
  int count = self->search != NULL ? gtk_source_search_context_get_occurrences_count (self->search) : 0;

  if (self->search == NULL || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0' || count < 0)
    text = g_strdup ("");
  else
    /* Translators: how many times the searched text occurs. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  gtk_label_set_text (self->match_label, text);
}

/* Everything that follows the buffer: binding, cursors, search, counts. */
static void
show_doc (ConferSessionView *self,
          ConferClientDoc   *doc)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;
  g_autoptr(GtkSourceSearchSettings) settings = NULL;

  close_editor (self);
  buffer = gtk_source_buffer_new_with_language (
    gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "markdown"));
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->editor), GTK_TEXT_BUFFER (buffer));
  update_style_scheme (self);
  self->binding = confer_buffer_binding_new (GTK_TEXT_BUFFER (buffer), doc);
  self->cursors = confer_remote_cursors_new (GTK_TEXT_VIEW (self->editor), self->client, doc);
  settings = gtk_source_search_settings_new ();
  g_object_bind_property (self->search_entry, "text", settings, "search-text", G_BINDING_SYNC_CREATE);
  gtk_source_search_settings_set_wrap_around (settings, TRUE);
  self->search = gtk_source_search_context_new (buffer, settings);
  g_signal_connect_swapped (self->search, "notify::occurrences-count", G_CALLBACK (update_matches), self);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (schedule_status), self);
  g_signal_connect_swapped (doc, "acked", G_CALLBACK (schedule_status), self);
  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
  update_actions (self);
  update_counts (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

static void
show_board (ConferSessionView *self,
            ConferClientBoard *board)
{
  GtkWidget *page = confer_board_page_new (self->client, board);

  close_editor (self);
  self->board_page = CONFER_BOARD_PAGE (page);
  gtk_stack_add_named (self->editor_stack, page, "board");
  gtk_stack_set_visible_child (self->editor_stack, page);
  update_actions (self);
  update_counts (self);
  update_title (self);
}

/**
 * confer_session_view_open_doc:
 * @self: a session view with a client
 * @doc_id: a document of the session
 *
 * Opens the document in the editor, or the board (and marks it in the
 * sidebar).
 */
void
confer_session_view_open_doc (ConferSessionView *self,
                              const char        *doc_id)
{
  ConferItem *item;

  g_return_if_fail (CONFER_IS_SESSION_VIEW (self));

  if (self->client == NULL || g_strcmp0 (open_doc_id (self), doc_id) == 0)
    return;
  item = confer_client_find_item (self->client, doc_id);
  if (item != NULL && confer_item_get_kind (item) == CONFER_ITEM_KIND_BOARD)
    show_board (self, confer_client_open_board (self->client, doc_id));
  else
    show_doc (self, confer_client_open_doc (self->client, doc_id));
  refresh_docs (self);
}

/* A row opens its document when activated (click, Enter, Space), never
 * when the focus merely passes over it. Folded, the sidebar then gets out
 * of the way. */
static void
doc_activated_cb (ConferSessionView *self,
                  GtkListBoxRow     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "confer-doc");

  if (id == NULL)
    return;
  confer_session_view_open_doc (self, id);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  if (self->binding != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

/* F6 (and Shift+F6) moves the focus between the sidebar and the editor,
 * as in other GNOME apps, showing a folded sidebar while it has it. */
static void
cycle_focus_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  GtkWidget *sidebar = adw_flap_get_flap (self->flap);

  if (focus == NULL || !gtk_widget_is_ancestor (focus, sidebar))
    {
      adw_flap_set_reveal_flap (self->flap, TRUE);
      gtk_widget_child_focus (sidebar, GTK_DIR_TAB_FORWARD);
    }
  else if (self->binding != NULL)
    {
      if (adw_flap_get_folded (self->flap))
        adw_flap_set_reveal_flap (self->flap, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->editor));
    }
}

/* F9 shows or hides the sidebar, as the header bar's sidebar button does. */
static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* A shared screen takes two thirds of the height from the document (the
 * divider moves it); otherwise the call keeps to its tiles' height. */
static void
call_presenting_cb (ConferSessionView *self)
{
  gboolean presenting = confer_call_view_get_presenting (self->call_view);
  int height = gtk_widget_get_height (GTK_WIDGET (self->call_paned));

  gtk_paned_set_resize_start_child (self->call_paned, presenting);
  if (presenting && height > 0)
    gtk_paned_set_position (self->call_paned, height * 2 / 3);
  else if (!presenting)
    g_object_set (self->call_paned, "position-set", FALSE, NULL);
}

/* Folded, the sidebar hides until asked for; unfolded, it shows. */
static void
flap_folded_cb (ConferSessionView *self)
{
  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_folded (self->flap));
}

/* Folded below FOLD_BELOW_PX of @width, never folded above. */
static AdwFlapFoldPolicy
fold_policy_for (int width)
{
  return width < FOLD_BELOW_PX ? ADW_FLAP_FOLD_POLICY_ALWAYS : ADW_FLAP_FOLD_POLICY_NEVER;
}

/* Narrow, the chat takes the place of the document or board rather than
 * squeezing it. */
static void
update_chat_layout (ConferSessionView *self,
                    gboolean           chat_visible)
{
  gboolean narrow = gtk_widget_get_width (GTK_WIDGET (self)) < FOLD_BELOW_PX;

  gtk_widget_set_visible (GTK_WIDGET (self->editor_stack), !(narrow && chat_visible));
}

static gboolean
apply_fold_cb (gpointer data)
{
  ConferSessionView *self = data;

  self->fold_source = 0;
  adw_flap_set_fold_policy (self->flap, fold_policy_for (gtk_widget_get_width (GTK_WIDGET (self))));
  update_chat_layout (self, gtk_revealer_get_reveal_child (self->chat_revealer));
  return G_SOURCE_REMOVE;
}

/* The view lays out its one child, the flap, itself (no layout manager,
 * which would bypass size_allocate): AdwFlap 1.2 folds by its children's
 * sizes, Confer by the width it has, decided after the allocation
 * (changing it during one would lay out twice). */
static void
confer_session_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  gtk_widget_measure (adw_bin_get_child (ADW_BIN (widget)), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
confer_session_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->flap), width, height, baseline, NULL);
  if (fold_policy_for (width) != adw_flap_get_fold_policy (self->flap) && self->fold_source == 0)
    self->fold_source = g_idle_add (apply_fold_cb, self);
}

/* A document or board this participant made opens. */
static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ConferSessionView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = confer_client_create_item_finish (CONFER_CLIENT (source), result, &error);

  if (item == NULL)
    {
      /* Translators: %s says why. */
      g_autofree char *text = g_strdup_printf (_("Could not make it: %s"), error->message);

      toast (self, text);
      return;
    }
  if (CONFER_CLIENT (source) == self->client)
    confer_session_view_open_doc (self, confer_item_get_id (item));
}

static void
new_document_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  /* Translators: the title of a new document; %u counts them. */
  g_autofree char *title = g_strdup_printf (_("Untitled %u"), ++self->untitled);

  confer_client_create_item_async (self->client, CONFER_ITEM_KIND_TEXT, title, NULL, created_cb, g_object_ref (self));
}

/* The templates New Board offers (besides blank.excalidraw): .excalidraw
 * files in the resources, opened through the import path. */
static const struct
{
  const char *name;
  const char *title;
} templates[] = {
  { "kanban", N_("Kanban") },
  { "retrospective", N_("Retrospective") },
  { "mind-map", N_("Mind Map") },
  { "flowchart", N_("Flowchart") },
};

/* Once the new board is there, the template's elements go onto it, as one
 * change this participant can undo. */
static void
fill_from_template (ConferClientBoard *board,
                    gpointer           data)
{
  ConferExcalidrawScene *scene = g_object_get_data (G_OBJECT (board), "confer-template");
  g_autoptr(GError) error = NULL;

  if (scene == NULL)
    return;
  g_signal_handlers_disconnect_by_func (board, fill_from_template, data);
  if (scene->elements->len > 0 && !confer_client_board_add_elements (board, scene->elements, &error))
    g_warning ("The template did not fit the new board: %s", error->message);
  g_object_set_data (G_OBJECT (board), "confer-template", NULL);
}

typedef struct
{
  ConferSessionView     *self;
  ConferExcalidrawScene *scene;
  char                  *title;
} TemplateBoard;

static void
template_board_free (TemplateBoard *made)
{
  g_free (made->title);
  g_object_unref (made->self);
  g_clear_pointer (&made->scene, confer_excalidraw_scene_free);
  g_free (made);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TemplateBoard, template_board_free)

static void
template_created_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(TemplateBoard) made = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = confer_client_create_item_finish (CONFER_CLIENT (source), result, &error);
  g_autoptr(ConferExcalidrawScene) scene = g_steal_pointer (&made->scene);
  ConferClientBoard *board;

  if (item == NULL)
    {
      /* Translators: %s says why. */
      g_autofree char *text = g_strdup_printf (_("Could not make it: %s"), error->message);

      toast (made->self, text);
      return;
    }
  if (CONFER_CLIENT (source) == made->self->client)
    confer_session_view_open_doc (made->self, confer_item_get_id (item));
  board = confer_client_open_board (CONFER_CLIENT (source), confer_item_get_id (item));
  g_object_set_data_full (G_OBJECT (board), "confer-template", g_steal_pointer (&scene),
                          (GDestroyNotify) confer_excalidraw_scene_free);
  if (confer_client_board_is_ready (board))
    fill_from_template (board, NULL);
  else
    g_signal_connect (board, "ready", G_CALLBACK (fill_from_template), NULL);
}

/* Makes a board from the template @name, titled @title, and opens it. */
static void
make_board (ConferSessionView *self,
            const char        *name,
            const char        *title)
{
  g_autofree char *path = g_strdup_printf ("/org/confer/Confer/templates/%s.excalidraw", name);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  TemplateBoard *made;
  ConferExcalidrawScene *scene;

  if (bytes == NULL || (scene = confer_excalidraw_read (bytes, &error)) == NULL)
    {
      g_warning ("No board template “%s”: %s", name, error != NULL ? error->message : "not in the resources");
      return;
    }
  made = g_new0 (TemplateBoard, 1);
  made->self = g_object_ref (self);
  made->scene = scene;
  confer_client_create_item_async (self->client, CONFER_ITEM_KIND_BOARD, title, NULL, template_created_cb, made);
}

static void
new_board_from_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_str_equal (templates[i].name, name))
      make_board (CONFER_SESSION_VIEW (widget), name, _(templates[i].title));
}

/* A blank board: the blank template. */
static void
new_board_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  /* Translators: the title of a new board; %u counts them. */
  g_autofree char *title = g_strdup_printf (_("Board %u"), ++self->untitled_boards);

  make_board (self, "blank", title);
}

/* Types the imported text into a document that has just opened, in pieces
 * the protocol accepts. */
static void
fill_imported (ConferSessionView *self,
               const char        *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p + MIN (strlen (p), IMPORT_CHUNK_BYTES);
      g_autofree char *chunk = NULL;
      GtkTextIter at;

      while (*end != '\0' && (*end & 0xc0) == 0x80)
        end--;
      /* A chunk that ends: GTK's accessibility code reads it as a C string. */
      chunk = g_strndup (p, end - p);
      gtk_text_buffer_get_end_iter (buffer, &at);
      gtk_text_buffer_insert (buffer, &at, chunk, -1);
      p = end;
    }
}

static void
imported_doc_ready_cb (ConferClientDoc   *doc,
                       ConferSessionView *self)
{
  g_autofree char *text = NULL;

  if (!g_hash_table_steal_extended (self->imports, confer_client_doc_get_id (doc), NULL, (gpointer *) &text))
    return;
  g_signal_handlers_disconnect_by_func (doc, imported_doc_ready_cb, self);
  if (g_strcmp0 (open_doc_id (self), confer_client_doc_get_id (doc)) == 0)
    fill_imported (self, text);
}

typedef struct
{
  ConferSessionView *self;
  char              *text;
} Import;

static void
import_free (Import *import)
{
  g_object_unref (import->self);
  g_free (import->text);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

static void
import_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(Import) import = data;
  ConferSessionView *self = import->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = confer_client_create_item_finish (CONFER_CLIENT (source), result, &error);
  g_autofree char *text = g_steal_pointer (&import->text);
  const char *id;
  ConferClientDoc *doc;

  if (item == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not import: %s"), error->message);

      toast (self, message);
      return;
    }
  if (CONFER_CLIENT (source) != self->client)
    return;
  id = confer_item_get_id (item);
  confer_session_view_open_doc (self, id);
  doc = confer_buffer_binding_get_doc (self->binding);
  if (confer_client_doc_is_ready (doc))
    fill_imported (self, text);
  else
    {
      g_hash_table_insert (self->imports, g_strdup (id), g_steal_pointer (&text));
      g_signal_connect_object (doc, "ready", G_CALLBACK (imported_doc_ready_cb), self, G_CONNECT_AFTER);
    }
}

/**
 * confer_session_view_import_text:
 * @self: a session view with a client whose role may create documents
 * @title: the new document's title
 * @text: its text, valid UTF-8
 *
 * Creates a document holding @text and opens it; the text is sent as this
 * participant's edits.
 */
void
confer_session_view_import_text (ConferSessionView *self,
                                 const char        *title,
                                 const char        *text)
{
  Import *import;

  g_return_if_fail (CONFER_IS_SESSION_VIEW (self) && self->client != NULL);
  g_return_if_fail (g_utf8_validate (text, -1, NULL));

  import = g_new0 (Import, 1);
  import->self = g_object_ref (self);
  import->text = g_strdup (text);
  confer_client_create_item_async (self->client, CONFER_ITEM_KIND_TEXT, title, NULL, import_created_cb, import);
}

/* A file read through GtkSourceView's loader, which tries UTF-8, the
 * locale's encoding, ISO-8859-15 and UTF-16 in turn (its default
 * candidates), as GNOME Text Editor does. */
typedef struct
{
  ConferSessionView *self;
  GtkSourceBuffer   *buffer;
  GtkSourceFile     *file;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_object_unref (load->buffer);
  g_object_unref (load->file);
  g_free (load);
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Load *load = data;
  ConferSessionView *self = load->self;
  GtkSourceFileLoader *loader = GTK_SOURCE_FILE_LOADER (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (gtk_source_file_get_location (load->file));
  g_autofree char *message = NULL;
  GtkTextIter start, end;

  if (!gtk_source_file_loader_load_finish (loader, result, &error))
    {
      if (g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR, GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
          g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR, GTK_SOURCE_FILE_LOADER_ERROR_ENCODING_AUTO_DETECTION_FAILED))
        /* Translators: %s is a file name. */
        message = g_strdup_printf (_("“%s” is not a text file"), name);
      else
        /* Translators: %s is why a file could not be read. */
        message = g_strdup_printf (_("Could not read the file: %s"), error->message);
    }
  else if (self->client != NULL)
    {
      g_autofree char *text = NULL;
      const GtkSourceEncoding *encoding = gtk_source_file_loader_get_encoding (loader);

      gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (load->buffer), &start, &end);
      text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (load->buffer), &start, &end, TRUE);
      confer_session_view_import_text (self, name, text);
      if (encoding != gtk_source_encoding_get_utf8 ())
        /* Translators: %s is a file name, the second %s a character encoding such as ISO-8859-15. */
        message = g_strdup_printf (_("“%s” was read as %s"), name, gtk_source_encoding_get_charset (encoding));
    }
  if (message != NULL)
    toast (self, message);
  load_free (load);
}

/* An Excalidraw file: its images go up first, then it becomes a board
 * the way a template does. */
static void
scene_blobs_put_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(TemplateBoard) made = data;
  g_autoptr(GError) error = NULL;
  ConferClient *client;
  const char *title;

  if (!confer_client_put_blobs_finish (CONFER_CLIENT (source), result, &error))
    {
      /* Translators: %s says why. */
      g_autofree char *text = g_strdup_printf (_("Could not import the board's images: %s"), error->message);

      toast (made->self, text);
      return;
    }
  client = made->self->client;
  title = made->title;
  confer_client_create_item_async (client, CONFER_ITEM_KIND_BOARD, title, NULL, template_created_cb,
                                   g_steal_pointer (&made));
}

static void
scene_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(ConferSessionView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autoptr(GPtrArray) blobs = g_ptr_array_new ();
  ConferExcalidrawScene *scene = NULL;
  TemplateBoard *made;
  GHashTableIter iter;
  gpointer value;

  if (bytes == NULL || (scene = confer_excalidraw_read (bytes, &error)) == NULL)
    {
      /* Translators: the first %s is a file name, the second says why. */
      g_autofree char *text = g_strdup_printf (_("Could not import “%s”: %s"), name, error->message);

      toast (self, text);
      return;
    }
  /* What had to be repaired or left out is said, as confer-cli says it. */
  for (guint i = 0; i < scene->notes->len; i++)
    g_message ("%s: %s", name, (const char *) g_ptr_array_index (scene->notes, i));
  if (scene->notes->len > 0)
    {
      /* Translators: %s is a file name; its board came in, but parts were repaired or left out. */
      g_autofree char *text = g_strdup_printf (_("“%s” needed repairs: some elements were changed or left out"), name);

      toast (self, text);
    }
  made = g_new0 (TemplateBoard, 1);
  made->self = g_object_ref (self);
  made->scene = scene;
  made->title = g_strndup (name, strlen (name) - strlen (".excalidraw"));
  g_hash_table_iter_init (&iter, scene->blobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (blobs, ((ConferExcalidrawBlob *) value)->bytes);
  confer_client_put_blobs_async (self->client, blobs, NULL, scene_blobs_put_cb, made);
}

/**
 * confer_session_view_import_file:
 * @self: a session view with a client whose role may create documents
 * @file: a text file, in any encoding GtkSourceView's loader recognises,
 *   or an Excalidraw file (`*.excalidraw`)
 *
 * Reads @file, guessing its encoding (UTF-8, the locale's, ISO-8859-15,
 * UTF-16) and its line ends, and imports its text as a new document named
 * after it; an Excalidraw file becomes a board (its images uploaded as
 * blobs, what had to be repaired said). What goes wrong is told in a
 * toast.
 */
void
confer_session_view_import_file (ConferSessionView *self,
                                 GFile             *file)
{
  Load *load;
  g_autoptr(GtkSourceFileLoader) loader = NULL;
  g_autofree char *name = g_file_get_basename (file);

  g_return_if_fail (CONFER_IS_SESSION_VIEW (self));

  if (g_str_has_suffix (name, ".excalidraw"))
    {
      g_file_load_bytes_async (file, NULL, scene_loaded_cb, g_object_ref (self));
      return;
    }
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->buffer = gtk_source_buffer_new (NULL);
  /* The text exactly as in the file, its last line end included. */
  gtk_source_buffer_set_implicit_trailing_newline (load->buffer, FALSE);
  load->file = gtk_source_file_new ();
  gtk_source_file_set_location (load->file, file);
  loader = gtk_source_file_loader_new (load->buffer, load->file);
  gtk_source_file_loader_load_async (loader, G_PRIORITY_DEFAULT, NULL, NULL, NULL, NULL, file_loaded_cb, load);
}

static void
import_response_cb (GtkNativeDialog   *chooser,
                    int                response,
                    ConferSessionView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      confer_session_view_import_file (self, file);
    }
  g_object_unref (chooser);
}

/* A modal chooser; with @text_files, its one filter shows text files. */
static GtkFileChooserNative *
new_chooser (ConferSessionView    *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             gboolean              text_files)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title,
                                                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                               action, accept, _("_Cancel"));

  if (text_files)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Text files"));
      gtk_file_filter_add_mime_type (filter, "text/*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  GtkFileChooserNative *chooser = new_chooser (self, _("Import a File"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), TRUE);

  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The exported file's folder, in the file manager. */
static void
open_folder_cb (AdwToast          *done,
                ConferSessionView *self)
{
  g_autoptr(GFile) folder = g_file_get_parent (g_object_get_data (G_OBJECT (done), "confer-file"));
  g_autofree char *uri = folder != NULL ? g_file_get_uri (folder) : NULL;

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
}

/* A toast saying where @file went, or why it did not. */
static void
say_exported (ConferSessionView *self,
              GFile             *file,
              const GError      *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *done;

  if (error != NULL)
    {
      /* Translators: %s says why. */
      message = g_strdup_printf (_("Could not export: %s"), error->message);
      toast (self, message);
      return;
    }
  /* Translators: %s is a file name. */
  message = g_strdup_printf (_("Exported to “%s”"), name);
  done = adw_toast_new (message);
  adw_toast_set_button_label (done, _("Open Folder"));
  g_object_set_data_full (G_OBJECT (done), "confer-file", g_object_ref (file), g_object_unref);
  g_signal_connect (done, "button-clicked", G_CALLBACK (open_folder_cb), self);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), done);
  else
    g_object_unref (done);
}

static void
file_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(ConferSessionView) self = data;
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);
  say_exported (self, G_FILE (source), error);
}

typedef struct
{
  ConferSessionView  *self;
  ConferBoard        *board;   /* a copy: what was there when the export began,
                                * read by the drawing thread */
  GFile              *file;
  GHashTable         *images;  /* blob name → GBytes, once fetched */
  gboolean            image;   /* a picture rather than an Excalidraw file */
  ConferExportFormat  format;  /* the picture's */
  double              scale;   /* the picture's px per board px */
  const char         *paper;   /* its background: a CSS colour, or NULL */
} BoardExport;

static void
board_export_free (BoardExport *export)
{
  g_object_unref (export->self);
  confer_board_free (export->board);
  g_object_unref (export->file);
  g_clear_pointer (&export->images, g_hash_table_unref);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BoardExport, board_export_free)

/* PNGs are drawn at 2× for sharp screens and print unless 1× is chosen,
 * or at 1× when 2× is over the image limits. */
#define EXPORT_PNG_SCALE 2.0

/* In a worker thread: draws the board into its file. */
static void
export_image_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  BoardExport *export = data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  double scale = export->format == CONFER_EXPORT_FORMAT_PNG ? export->scale : 1.0;
  gboolean done;

  stream = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  done = confer_render_export (export->board, export->images, export->format, scale, export->paper,
                               G_OUTPUT_STREAM (stream), cancellable, &error);
  if (!done && scale > 1 && g_error_matches (error, CONFER_RENDER_ERROR, CONFER_RENDER_ERROR_TOO_LARGE))
    {
      g_clear_error (&error);
      done = confer_render_export (export->board, export->images, export->format, 1.0, export->paper,
                                   G_OUTPUT_STREAM (stream), cancellable, &error);
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, done ? &error : NULL) && done)
    done = FALSE;
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
image_exported_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  /* Freed here, in the thread that copied the board (see
   * confer_board_copy()). */
  g_autoptr(BoardExport) export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  say_exported (export->self, export->file, error);
}

static void
board_blobs_got_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(BoardExport) export = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) blobs = confer_client_get_blobs_finish (CONFER_CLIENT (source), result, &error);
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  char *text;

  if (blobs == NULL)
    {
      say_exported (export->self, export->file, error);
      return;
    }
  if (export->image)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, image_exported_cb, NULL);

      export->images = g_steal_pointer (&blobs);
      g_task_set_task_data (task, g_steal_pointer (&export), NULL);
      g_task_run_in_thread (task, export_image_thread);
      return;
    }
  text = confer_excalidraw_write (export->board, blobs, &length);
  bytes = g_bytes_new_take (text, length);
  g_file_replace_contents_bytes_async (export->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, file_saved_cb, g_object_ref (export->self));
}

/* A board (or its selection) goes out as a PNG, SVG or PDF picture when
 * the file's name ends so (drawn in a worker thread, at @scale for a PNG,
 * on @paper or transparent), as an Excalidraw file otherwise; its images
 * are fetched first (in a worker thread too). */
static void
export_board (ConferSessionView *self,
              GFile             *file,
              gboolean           selection,
              double             scale,
              const char        *paper)
{
  ConferClientBoard *board = confer_board_page_get_board (self->board_page);
  ConferBoardCanvas *canvas = confer_board_page_get_canvas (self->board_page);
  g_auto(GStrv) chosen = confer_board_canvas_get_selection (canvas);
  BoardExport *export = g_new0 (BoardExport, 1);
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  export->self = g_object_ref (self);
  export->board = selection && chosen[0] != NULL
                  ? confer_board_copy_selection (confer_client_board_get_board (board), (const char *const *) chosen)
                  : confer_board_copy (confer_client_board_get_board (board));
  export->file = g_object_ref (file);
  export->scale = scale;
  export->paper = paper;
  {
    g_autofree char *name = g_file_get_basename (file);
    const char *dot = name != NULL ? strrchr (name, '.') : NULL;
    g_autofree char *extension = dot != NULL ? g_ascii_strdown (dot + 1, -1) : NULL;

    export->image = extension != NULL && confer_export_format_from_name (extension, &export->format);
  }
  elements = confer_board_list (export->board, FALSE);
  for (guint i = 0; i < elements->len; i++)
    {
      const char *file_id = confer_board_element_get_string (g_ptr_array_index (elements, i), CONFER_BOARD_PROP_FILE_ID);

      if (file_id != NULL && !g_ptr_array_find_with_equal_func (names, file_id, g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (file_id));
    }
  confer_client_get_blobs_async (self->client, names, NULL, board_blobs_got_cb, export);
}

/**
 * confer_session_view_export_file:
 * @self: a session view with a document or board open
 * @file: where to write
 *
 * Writes the open document's text, or the open board: as a picture when
 * @file's name ends in `.png` (at 2×, or 1× when 2× is too large),
 * `.svg` or `.pdf` (at 1×), all on white; as an Excalidraw file with its
 * images otherwise. Says so, or what went wrong, in a toast. (The export
 * dialog also offers the selection alone, 1× and a transparent
 * background.)
 */
void
confer_session_view_export_file (ConferSessionView *self,
                                 GFile             *file)
{
  g_return_if_fail (CONFER_IS_SESSION_VIEW (self));

  if (self->board_page != NULL)
    export_board (self, file, FALSE, EXPORT_PNG_SCALE, "white");
  else if (self->binding != NULL)
    {
      gsize n_bytes;
      char *text = confer_rope_to_string (confer_client_doc_get_rope (confer_buffer_binding_get_doc (self->binding)),
                                          &n_bytes);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, n_bytes);

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, file_saved_cb, g_object_ref (self));
    }
}

static void
export_response_cb (GtkNativeDialog   *chooser,
                    int                response,
                    ConferSessionView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser)); /* transfer none */
      const char *ending = filter != NULL ? g_object_get_data (G_OBJECT (filter), "confer-ending") : NULL;
      g_autofree char *name = g_file_get_basename (file);

      /* The suggested name with another kind of file chosen: that kind. */
      if (ending != NULL && name != NULL && g_str_has_suffix (name, ".excalidraw") && !g_str_equal (ending, ".excalidraw"))
        {
          g_autoptr(GFile) folder = g_file_get_parent (file);
          g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".excalidraw"));
          g_autofree char *renamed = g_strconcat (stem, ending, NULL);

          g_object_unref (file);
          file = g_file_get_child (folder, renamed);
        }
      if (self->board_page != NULL)
        {
          const char *what = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "what");
          const char *scale = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scale");
          const char *paper = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "background");

          export_board (self, file, g_strcmp0 (what, "selection") == 0,
                        g_strcmp0 (scale, "1") == 0 ? 1.0 : EXPORT_PNG_SCALE,
                        g_strcmp0 (paper, "transparent") == 0 ? NULL : "white");
        }
      else
        confer_session_view_export_file (self, file);
    }
  g_object_unref (chooser);
}

/* What a board exports to, chosen by the name's ending: a filter for each. */
static void
add_board_export_filters (GtkFileChooser *chooser)
{
  static const struct { const char *name; const char *pattern; } kinds[] = {
    { N_("Excalidraw Drawing (.excalidraw)"), "*.excalidraw" },
    { N_("PNG Image (.png)"), "*.png" },
    { N_("SVG Image (.svg)"), "*.svg" },
    { N_("PDF Document (.pdf)"), "*.pdf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(kinds[i].name));
      gtk_file_filter_add_pattern (filter, kinds[i].pattern);
      g_object_set_data (G_OBJECT (filter), "confer-ending", (gpointer) (kinds[i].pattern + 1));
      gtk_file_chooser_add_filter (chooser, filter);
    }
}

/* What of the board, how large a PNG, and on what. */
static void
add_board_export_choices (ConferSessionView *self,
                          GtkFileChooser    *chooser)
{
  ConferBoardCanvas *canvas = confer_board_page_get_canvas (self->board_page);
  g_auto(GStrv) chosen = confer_board_canvas_get_selection (canvas);
  const char *what[] = { "board", "selection", NULL };
  const char *what_labels[] = { _("The whole board"), _("The selection"), NULL };
  const char *scales[] = { "2", "1", NULL };
  const char *scale_labels[] = { _("2× (sharp)"), _("1×"), NULL };
  const char *papers[] = { "white", "transparent", NULL };
  const char *paper_labels[] = { _("White"), _("Transparent"), NULL };

  if (chosen[0] != NULL)
    {
      gtk_file_chooser_add_choice (chooser, "what", _("Export"), what, what_labels);
      gtk_file_chooser_set_choice (chooser, "what", "selection");
    }
  gtk_file_chooser_add_choice (chooser, "scale", _("PNG size"), scales, scale_labels);
  gtk_file_chooser_set_choice (chooser, "scale", "2");
  gtk_file_chooser_add_choice (chooser, "background", _("Background"), papers, paper_labels);
  gtk_file_chooser_set_choice (chooser, "background", "white");
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  GtkFileChooserNative *chooser = new_chooser (self, self->board_page != NULL ? _("Export the Board")
                                                                             : _("Export the Document"),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), self->board_page == NULL);
  const char *title = doc_title (self, open_doc_id (self));
  g_autofree char *board_name = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());

  /* Exports start in the Documents folder, as GNOME apps' do. */
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  if (self->board_page != NULL)
    {
      /* Translators: a board's export file name; %s is its title. */
      board_name = g_strdup_printf (_("%s.excalidraw"), title != NULL ? title : _("Board"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), board_name);
      add_board_export_filters (GTK_FILE_CHOOSER (chooser));
      add_board_export_choices (self, GTK_FILE_CHOOSER (chooser));
    }
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), title != NULL ? title : _("Document"));
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
renamed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ConferSessionView) self = data;
  g_autoptr(GError) error = NULL;

  if (!confer_client_rename_item_finish (CONFER_CLIENT (source), result, &error))
    toast (self, error->message);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ConferSessionView) self = data;
  g_autoptr(GError) error = NULL;

  if (!confer_client_delete_item_finish (CONFER_CLIENT (source), result, &error))
    toast (self, error->message);
}

static void
rename_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    ConferSessionView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "rename") && *title != '\0' && self->binding != NULL)
    confer_client_rename_item_async (self->client, open_doc_id (self), title, NULL, renamed_cb, g_object_ref (self));
  /* Back to writing, renamed or not. */
  if (self->binding != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                              self->board_page != NULL ? _("Rename Board") : _("Rename Document"), NULL);
  GtkWidget *entry = gtk_entry_new ();
  const char *title = doc_title (self, open_doc_id (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), title != NULL ? title : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    ConferSessionView *self)
{
  if (g_str_equal (response, "delete") && self->binding != NULL)
    confer_client_delete_item_async (self->client, open_doc_id (self), NULL, deleted_cb, g_object_ref (self));
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(ConferSessionView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = NULL;
  g_autofree char *text = NULL;

  if (self->client == NULL || CONFER_CLIENT (source) != self->client)
    return;
  item = confer_client_restore_item_finish (self->client, result, &error);
  if (item == NULL)
    {
      text = g_strdup_printf (_("Could not restore the document: %s"), error->message);
      toast (self, text);
      return;
    }
  /* Translators: %s is a document's title. */
  text = g_strdup_printf (_("“%s” is back"), confer_item_get_title (item));
  toast (self, text);
  confer_session_view_open_doc (self, confer_item_get_id (item));
}

static void
restore_clicked_cb (GtkButton         *button,
                    ConferSessionView *self)
{
  confer_client_restore_item_async (self->client, g_object_get_data (G_OBJECT (button), "confer-doc"), NULL,
                                    restored_cb, g_object_ref (self));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                              ADW_TYPE_MESSAGE_DIALOG)), "close");
}

/* The dialog listing the documents deleted in the last 30 days. */
static void
trash_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(AdwMessageDialog) dialog = data;
  ConferSessionView *self = g_object_get_data (G_OBJECT (dialog), "confer-view");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) trash = confer_client_list_trash_finish (CONFER_CLIENT (source), result, &error);
  GtkWidget *list;

  if (trash == NULL)
    {
      adw_message_dialog_set_body (dialog, error->message);
      return;
    }
  if (g_list_model_get_n_items (trash) == 0)
    {
      adw_message_dialog_set_body (dialog, _("Nothing was deleted in the last 30 days."));
      return;
    }
  adw_message_dialog_set_body (dialog, _("Documents and boards deleted in the last 30 days, with every change made to them."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Deleted documents and boards"), -1);
  for (guint i = 0; i < g_list_model_get_n_items (trash); i++)
    {
      g_autoptr(ConferItem) item = g_list_model_get_item (trash, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (confer_item_get_deleted (item));
      /* Translators: a strftime() format for when a document was deleted. */
      g_autofree char *date = g_date_time_format (when, _("%-d %b, %H:%M"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore"));

      /* Translators: who deleted a document or board, then when. */
      subtitle = g_strdup_printf (_("Deleted by %s, %s"),
                                  participant_name (self, confer_item_get_deleted_by (item)), date);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), confer_item_get_title (item));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (restore), "confer-doc", g_strdup (confer_item_get_id (item)), g_free);
      g_signal_connect (restore, "clicked", G_CALLBACK (restore_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_message_dialog_set_extra_child (dialog, list);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  AdwMessageDialog *dialog;

  if (self->client == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                      _("Deleted Documents and Boards"), _("Asking the server…")));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  g_object_set_data (G_OBJECT (dialog), "confer-view", self);
  gtk_window_present (GTK_WINDOW (dialog));
  confer_client_list_trash_async (self->client, NULL, trash_listed_cb, g_object_ref (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  const char *title = doc_title (self, open_doc_id (self));
  /* Translators: %s is a document title. */
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), title != NULL ? title : "");
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                              self->board_page != NULL
                                                ? _("The board is deleted for everyone in the session.")
                                                : _("The document is deleted for everyone in the session."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);

  if (self->board_page != NULL)
    {
      ConferClientBoard *board = confer_board_page_get_board (self->board_page);

      if (g_str_equal (action_name, "doc.undo"))
        confer_client_board_undo (board);
      else
        confer_client_board_redo (board);
      return;
    }
  if (g_str_equal (action_name, "doc.undo"))
    confer_buffer_binding_undo (self->binding);
  else
    confer_buffer_binding_redo (self->binding);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->editor),
                                      gtk_text_buffer_get_insert (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor))));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (widget);
  GtkWidget *pane = gtk_revealer_get_child (self->chat_revealer);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Ctrl+F in the chat searches the chat. */
  if (pane != NULL && focus != NULL && gtk_widget_is_ancestor (focus, pane) && g_str_equal (action_name, "doc.find"))
    {
      confer_chat_pane_search (CONFER_CHAT_PANE (pane));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->replace_box), g_str_equal (action_name, "doc.replace"));
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Selects the next (or previous) match after the cursor. */
static void
move_to_match (ConferSessionView *self,
               gboolean           forward)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end, match_start, match_end;
  gboolean found;

  if (self->search == NULL)
    return;
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  found = forward ? gtk_source_search_context_forward (self->search, &end, &match_start, &match_end, NULL)
                  : gtk_source_search_context_backward (self->search, &start, &match_start, &match_end, NULL);
  if (!found)
    return;
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->editor), &match_start, 0.1, FALSE, 0, 0);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_to_match (CONFER_SESSION_VIEW (widget), g_str_equal (action_name, "doc.find-next"));
}

static void
search_changed_cb (ConferSessionView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start;

  /* Closing the search bar empties the entry: the match found stays
   * selected, as the user left it. */
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      update_matches (self);
      return;
    }
  /* Search from where the selection starts, so typing extends the match. */
  gtk_text_buffer_get_selection_bounds (buffer, &start, NULL);
  gtk_text_buffer_place_cursor (buffer, &start);
  move_to_match (self, TRUE);
  update_matches (self);
}

static void
search_next_cb (ConferSessionView *self)
{
  move_to_match (self, TRUE);
}

static void
search_previous_cb (ConferSessionView *self)
{
  move_to_match (self, FALSE);
}

static void
search_stop_cb (ConferSessionView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

/* Replacements go through the buffer, so they are this participant's
 * edits like typing: shared, and undoable. */
static void
replace_cb (ConferSessionView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  GtkTextIter start, end;

  if (self->search == NULL || !can_edit (self))
    return;
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_get_occurrence_position (self->search, &start, &end) > 0)
    gtk_source_search_context_replace (self->search, &start, &end, replacement, -1, NULL);
  move_to_match (self, TRUE);
}

static void
replace_all_cb (ConferSessionView *self)
{
  guint n;
  g_autofree char *text = NULL;

  if (self->search == NULL || !can_edit (self))
    return;
  n = gtk_source_search_context_replace_all (self->search, gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)),
                                             -1, NULL);
  /* Translators: %u counts replacements. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replaced %u match", "Replaced %u matches", n), n);
  toast (self, text);
}

/* The chat button says how many messages came since the chat last showed,
 * "@" before the number when some of them mention this participant. */
static void
show_unread (ConferSessionView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  gtk_widget_remove_css_class (self->chat_button, "chat-mentioned");
  if (self->unread == 0)
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->chat_button), "chat-message-new-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->chat_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chat"), -1);
      return;
    }
  label = g_strdup_printf (self->unread_mentions > 0 ? "@%u" : "%u", MIN (self->unread, 99));
  gtk_button_set_label (GTK_BUTTON (self->chat_button), label);
  if (self->unread_mentions > 0)
    {
      /* Translators: how many unread chat messages there are. */
      g_autofree char *unread = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unread message",
                                                              "%u unread messages", self->unread), self->unread);
      /* Translators: how many of the unread chat messages mention the user. */
      g_autofree char *mentions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mentioning you",
                                                                "%u mentioning you", self->unread_mentions),
                                                   self->unread_mentions);

      /* Translators: the chat button with unread messages, some of which
       * mention the user: "Chat, 3 unread messages, 1 mentioning you". */
      name = g_strdup_printf (_("Chat, %s, %s"), unread, mentions);
      gtk_widget_add_css_class (self->chat_button, "chat-mentioned");
    }
  else
    /* Translators: the chat button with unread messages; %u is how many. */
    name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Chat, %u unread message", "Chat, %u unread messages",
                                         self->unread), self->unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chat_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* Others' new messages: counted while the chat is hidden (mentions of
 * this participant apart), and, while the chat is not in view (hidden, or
 * its window not the active one), a desktop notification for each message
 * or each mention, or none, as chosen for the session. */
static void
chat_event_cb (ConferSessionView *self,
               int                kind,
               ConferChatMessage *message)
{
  ConferParticipant *me;
  ConferParticipant *author;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *session_key = NULL;
  g_autofree char *id = NULL;
  gboolean seen, mention;

  if (kind != CONFER_CHAT_EVENT_MESSAGE || self->client == NULL ||
      g_strcmp0 (confer_chat_message_get_author (message), confer_client_get_participant_id (self->client)) == 0)
    return;
  me = confer_client_find_participant (self->client, confer_client_get_participant_id (self->client));
  mention = me != NULL && confer_chat_mentions (confer_chat_message_get_text (message), confer_participant_get_name (me));
  seen = gtk_revealer_get_reveal_child (self->chat_revealer) && GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root));
  if (!gtk_revealer_get_reveal_child (self->chat_revealer))
    {
      self->unread++;
      self->unread_mentions += mention;
      show_unread (self);
    }
  if (seen || g_application_get_default () == NULL || self->notify == CONFER_CHAT_NOTIFY_NONE ||
      (self->notify == CONFER_CHAT_NOTIFY_MENTIONS && !mention))
    return;
  author = confer_client_find_participant (self->client, confer_chat_message_get_author (message));
  if (mention)
    /* Translators: a desktop notification's title; %s is who wrote. */
    title = g_strdup_printf (_("%s mentioned you"), author != NULL ? confer_participant_get_name (author) : _("Someone"));
  else
    /* Translators: a desktop notification's title; %s is who wrote. */
    title = g_strdup_printf (_("Message from %s"), author != NULL ? confer_participant_get_name (author) : _("Someone"));
  notification = g_notification_new (title);
  g_notification_set_body (notification, confer_chat_message_get_text (message));
  /* One of each kind per session: a session's next replaces it, not
   * another session's. */
  session_key = confer_link_get_session_key (confer_client_get_link (self->client));
  id = g_strdup_printf ("%s %s", mention ? "chat-mention" : "chat-message", session_key);
  g_application_send_notification (g_application_get_default (), id, notification);
}

/* The choice, changed elsewhere (another window of the session), is
 * followed. */
static void
notify_setting_cb (ConferSessionView *self)
{
  GtkWidget *pane = gtk_revealer_get_child (self->chat_revealer);

  if (self->client == NULL)
    return;
  self->notify = confer_chat_notify_load (self->settings, confer_client_get_link (self->client));
  if (pane != NULL)
    confer_chat_pane_set_notify (CONFER_CHAT_PANE (pane), self->notify);
}

/* The choice made in the chat's header is kept for the session. */
static void
chat_notify_cb (ConferSessionView *self,
                GParamSpec        *pspec,
                ConferChatPane    *pane)
{
  self->notify = confer_chat_pane_get_notify (pane);
  if (self->client != NULL)
    confer_chat_notify_save (self->settings, confer_client_get_link (self->client), self->notify);
}

/**
 * confer_session_view_set_client:
 * @self: a session view
 * @client: (nullable): the session's client, connecting or online (or
 *   offline with a cached session)
 *
 * Shows @client's session: its documents, participants and connection.
 */
void
confer_session_view_set_client (ConferSessionView *self,
                                ConferClient      *client)
{
  g_return_if_fail (CONFER_IS_SESSION_VIEW (self));

  close_editor (self);
  g_hash_table_remove_all (self->imports);
  /* Another session's chat is another pane. */
  gtk_revealer_set_reveal_child (self->chat_revealer, FALSE);
  gtk_revealer_set_child (self->chat_revealer, NULL);
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_data (self->chat, self);
  self->chat = NULL;   /* the client's */
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  confer_call_view_set_client (self->call_view, client);
  if (client == NULL)
    return;
  g_signal_connect_swapped (client, "notify::state", G_CALLBACK (client_state_cb), self);
  g_signal_connect_swapped (client, "participant-joined", G_CALLBACK (refresh_participants), self);
  g_signal_connect_swapped (client, "participant-left", G_CALLBACK (refresh_participants), self);
  g_signal_connect_swapped (client, "item-created", G_CALLBACK (refresh_docs), self);
  g_signal_connect_swapped (client, "item-renamed", G_CALLBACK (refresh_docs), self);
  g_signal_connect_swapped (client, "item-restored", G_CALLBACK (refresh_docs), self);
  g_signal_connect_swapped (client, "item-deleted", G_CALLBACK (item_deleted_cb), self);
  self->unread = 0;
  show_unread (self);
  client_state_cb (self);
  refresh_docs (self);
  refresh_participants (self);
}

/**
 * confer_session_view_get_client:
 * @self: a session view
 *
 * Returns: (transfer none) (nullable): the session's client
 */
ConferClient *
confer_session_view_get_client (ConferSessionView *self)
{
  return self->client;
}

/**
 * confer_session_view_get_document_title:
 * @self: a session view
 *
 * Returns: (transfer none) (nullable): the title of the document in the
 *   editor (#ConferSessionView:document-title)
 */
const char *
confer_session_view_get_document_title (ConferSessionView *self)
{
  return self->document_title;
}

/**
 * confer_session_view_get_flap:
 * @self: a session view
 *
 * Returns: (transfer none): the flap holding the sidebar (documents and
 *   participants), folded below 720 px; for the window's sidebar button
 */
AdwFlap *
confer_session_view_get_flap (ConferSessionView *self)
{
  return self->flap;
}

/**
 * confer_session_view_get_call_view:
 * @self: a session view
 *
 * Returns: (transfer none): the session's call, docked above the editor;
 *   for the window's call buttons
 */
ConferCallView *
confer_session_view_get_call_view (ConferSessionView *self)
{
  return self->call_view;
}

/**
 * confer_session_view_get_binding:
 * @self: a session view
 *
 * Returns: (transfer none) (nullable): the binding of the document in the
 *   editor
 */
ConferBufferBinding *
confer_session_view_get_binding (ConferSessionView *self)
{
  return self->binding;
}

static void
confer_session_view_dispose (GObject *object)
{
  ConferSessionView *self = (ConferSessionView *) object;

  confer_session_view_set_client (self, NULL);
  g_clear_handle_id (&self->status_source, g_source_remove);
  g_clear_handle_id (&self->fold_source, g_source_remove);
  g_clear_pointer (&self->imports, g_hash_table_unref);
  g_clear_pointer (&self->document_title, g_free);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFER_TYPE_SESSION_VIEW);

  G_OBJECT_CLASS (confer_session_view_parent_class)->dispose (object);
}

static void
confer_session_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT_TITLE:
      g_value_set_string (value, self->document_title);
      break;

    case PROP_CHAT_VISIBLE:
      g_value_set_boolean (value, gtk_revealer_get_reveal_child (self->chat_revealer));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The chat is followed from joining — for the unread count and mentions —
 * though its pane is made only when it shows. It opens once the client is
 * welcomed (it needs the participant's id). */
static void
follow_chat (ConferSessionView *self)
{
  if (self->chat != NULL || self->client == NULL || confer_client_get_participant_id (self->client) == NULL)
    return;
  self->chat = confer_client_open_chat (self->client);
  self->notify = confer_chat_notify_load (self->settings, confer_client_get_link (self->client));
  g_signal_connect_object (self->chat, "event", G_CALLBACK (chat_event_cb), self, G_CONNECT_SWAPPED);
}

/* The chat shows beside the document or board (its pane made the first
 * time, with the composer focused). */
static void
set_chat_visible (ConferSessionView *self,
                  gboolean           visible)
{
  GtkWidget *pane = gtk_revealer_get_child (self->chat_revealer);

  if (visible && pane == NULL && self->chat != NULL)
    {
      pane = confer_chat_pane_new (self->client);
      confer_chat_pane_set_notify (CONFER_CHAT_PANE (pane), self->notify);
      g_signal_connect_object (pane, "notify::notify", G_CALLBACK (chat_notify_cb), self, G_CONNECT_SWAPPED);
      gtk_revealer_set_child (self->chat_revealer, pane);
    }
  /* The document makes room before the chat shows, so that the window
   * does not grow to hold both for a moment. */
  update_chat_layout (self, visible && pane != NULL);
  gtk_revealer_set_reveal_child (self->chat_revealer, visible && pane != NULL);
  if (visible && pane != NULL)
    {
      confer_chat_pane_focus (CONFER_CHAT_PANE (pane));
      self->unread = 0;
      self->unread_mentions = 0;
      show_unread (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT_VISIBLE]);
}

static void
confer_session_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ConferSessionView *self = CONFER_SESSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHAT_VISIBLE:
      set_chat_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_session_view_class_init (ConferSessionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_session_view_dispose;
  object_class->get_property = confer_session_view_get_property;
  object_class->set_property = confer_session_view_set_property;
  /**
   * ConferSessionView:document-title: (nullable)
   *
   * The title of the document in the editor, for the window's title.
   */
  properties[PROP_DOCUMENT_TITLE] =
    g_param_spec_string ("document-title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferSessionView:chat-visible:
   *
   * Whether the session's chat shows beside the document or board.
   */
  properties[PROP_CHAT_VISIBLE] =
    g_param_spec_boolean ("chat-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = confer_session_view_measure;
  widget_class->size_allocate = confer_session_view_size_allocate;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (CONFER_TYPE_CALL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confer/Confer/confer-session-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, session_title);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, connection_label);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, doc_list);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, new_button);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, participant_list);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, call_view);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, call_paned);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, chat_revealer);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, chat_button);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, read_only_notice);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, offline_notice);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, offline_label);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, editor);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, count_label);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, match_label);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, replace_box);
  gtk_widget_class_bind_template_child (widget_class, ConferSessionView, replace_entry);
  gtk_widget_class_bind_template_callback (widget_class, doc_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_presenting_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, participant_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_all_cb);

  gtk_widget_class_install_action (widget_class, "session.new-document", NULL, new_document_action);
  gtk_widget_class_install_action (widget_class, "session.new-board", NULL, new_board_action);
  gtk_widget_class_install_action (widget_class, "session.new-board-from", "s", new_board_from_action);
  gtk_widget_class_install_action (widget_class, "session.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "session.cycle-focus", NULL, cycle_focus_action);
  gtk_widget_class_install_action (widget_class, "session.trash", NULL, trash_action);
  gtk_widget_class_install_action (widget_class, "session.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "session.toggle-chat", "chat-visible");
  gtk_widget_class_install_action (widget_class, "doc.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "doc.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "doc.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "doc.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "doc.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "doc.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "doc.replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "doc.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "doc.find-previous", NULL, find_next_action);
}

/* The session's shortcuts work from anywhere in the window (they are
 * global to it), and before the text view's own: Ctrl+Z is the per-user
 * undo. The shortcuts window (ui/help-overlay.ui) lists the same. */
static const struct
{
  const char *keys;
  const char *action;
} shortcuts[] = {
  { "<Control>n", "session.new-document" },
  { "<Control><Alt>n", "session.new-board" },
  { "<Control>o", "session.import" },
  { "<Control><Shift>s", "doc.export" },
  { "F2", "doc.rename" },
  { "<Control><Shift>Delete", "doc.delete" },
  { "<Control>z", "doc.undo" },
  { "<Control><Shift>z", "doc.redo" },
  { "<Control>y", "doc.redo" },
  { "<Control>f", "doc.find" },
  { "<Control>h", "doc.replace" },
  { "<Control>g", "doc.find-next" },
  { "<Control><Shift>g", "doc.find-previous" },
  { "F6|<Shift>F6", "session.cycle-focus" },
  { "F9", "session.toggle-sidebar" },
  { "<Control><Shift>c", "session.toggle-chat" },
};

static void
add_shortcuts (ConferSessionView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].keys),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* The search bar shows its entry on the next frame, and GTK drops the key
 * events of a widget that is not mapped: without this, what is typed
 * straight after Ctrl+F, before that frame, would be lost. Such events go
 * to the focused (search or replace) field directly. */
static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       ConferSessionView     *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  if (focus == NULL || gtk_widget_get_mapped (focus) ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar)))
    return GDK_EVENT_PROPAGATE;
  return gtk_event_controller_key_forward (controller, focus);
}

static void
add_search_key_forwarding (ConferSessionView *self)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* A file dropped on the window is imported as Import does it: an
 * Excalidraw file as a board, anything else as a document — except an
 * image dropped on an open board's canvas, which goes on the board where
 * it was dropped. Only those who may make items take drops. */
static gboolean
file_dropped_cb (GtkDropTarget     *target,
                 const GValue      *value,
                 double             x,
                 double             y,
                 ConferSessionView *self)
{
  double page_x, page_y;

  if (self->client == NULL || !can_edit (self) || !G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  if (self->board_page != NULL &&
      gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (confer_board_page_get_canvas (self->board_page)),
                                        x, y, &page_x, &page_y) &&
      page_x >= 0 && page_y >= 0 &&
      confer_board_page_drop_image (self->board_page, g_value_get_object (value), page_x, page_y))
    return TRUE;
  confer_session_view_import_file (self, g_value_get_object (value));
  return TRUE;
}

static void
add_file_drop (ConferSessionView *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (file_dropped_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
confer_session_view_init (ConferSessionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->flap = ADW_FLAP (adw_bin_get_child (ADW_BIN (self)));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  self->imports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new ("org.confer.Confer");
  g_signal_connect_swapped (self->settings, "changed::chat-notifications", G_CALLBACK (notify_setting_cb), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  add_shortcuts (self);
  add_search_key_forwarding (self);
  add_file_drop (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_actions (self);
}
