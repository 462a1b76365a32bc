/* confer-chat-row.c: one chat message in the chat pane's list — who wrote
 * it and when, the message it answers, its text as rendered Markdown, its
 * reactions, and a menu to reply, react, edit or delete; above it, when it
 * is the first unread one, a "New messages" line, and under it the others
 * who have read up to it and no further (their initials)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-row"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "confer-chat-markdown.h"
#include "confer-chat-row.h"
#include "confer-voice-message.h"

#define PICTURE_HEIGHT 200   /* px, the most an attached picture takes */
#define RECEIPT_SIZE   16    /* px, a read receipt's avatar */

struct _ConferChatRow
{
  GtkBox             parent_instance;

  ConferClient      *client;
  ConferClientChat  *chat;
  ConferChatAttachments *attachments;
  ConferChatMessage *message;
  GtkWidget         *author;
  GtkWidget         *time;
  GtkWidget         *state;      /* "edited", "sending…" */
  GtkWidget         *menu;
  GtkWidget         *quote;      /* the message answered */
  GtkWidget         *body;
  GtkWidget         *reactions;
  GtkWidget         *files;      /* pictures and voice messages */
  GtkWidget         *unread;     /* the "New messages" line */
  GtkWidget         *receipts;   /* who read up to here */
};

G_DEFINE_FINAL_TYPE (ConferChatRow, confer_chat_row, GTK_TYPE_BOX)

static const char *
name_of (ConferChatRow *self,
         const char    *participant_id)
{
  ConferParticipant *participant = participant_id != NULL ? confer_client_find_participant (self->client, participant_id) : NULL;

  return participant != NULL ? confer_participant_get_name (participant) : _("Someone");
}

static void
reaction_clicked_cb (GtkToggleButton *button,
                     ConferChatRow   *self)
{
  const char *emoji = g_object_get_data (G_OBJECT (button), "emoji");

  if (self->message != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "chat.toggle-reaction", "(ss)",
                                confer_chat_message_get_id (self->message), emoji);
}

static void
update_reactions (ConferChatRow *self)
{
  g_auto(GStrv) emoji = confer_chat_message_list_emoji (self->message);
  const char *me = confer_client_get_participant_id (self->client);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->reactions)) != NULL)
    gtk_box_remove (GTK_BOX (self->reactions), child);
  for (guint i = 0; emoji != NULL && emoji[i] != NULL; i++)
    {
      g_auto(GStrv) who = confer_chat_message_list_reactors (self->message, emoji[i]);
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *label = NULL;
      gboolean mine = FALSE;
      GtkWidget *button;
      guint n = who != NULL ? g_strv_length (who) : 0;

      for (guint w = 0; w < n; w++)
        {
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, name_of (self, who[w]));
          mine |= g_strcmp0 (who[w], me) == 0;
        }
      label = g_strdup_printf ("%s %u", emoji[i], n);
      button = gtk_toggle_button_new_with_label (label);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), mine);
      gtk_widget_add_css_class (button, "chat-reaction");
      /* Translators: who reacted with an emoji, "😀 by Ann, Bob". */
      {
        g_autofree char *tooltip = g_strdup_printf (_("%s by %s"), emoji[i], names->str);

        gtk_widget_set_tooltip_text (button, tooltip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      }
      g_object_set_data_full (G_OBJECT (button), "emoji", g_strdup (emoji[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (reaction_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->reactions), button);
    }
  gtk_widget_set_visible (self->reactions, emoji != NULL && emoji[0] != NULL);
}

/* The attachments: a voice message to play (drawn from what the message
 * says of it, its audio fetched at once to be ready), a picture shown, or
 * a note while they come. */
static void
update_files (ConferChatRow *self)
{
  const char *const *names = self->message != NULL ? confer_chat_message_get_attachments (self->message) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->files)) != NULL)
    gtk_box_remove (GTK_BOX (self->files), child);
  for (guint i = 0; names != NULL && names[i] != NULL && !confer_chat_message_get_deleted (self->message); i++)
    {
      GBytes *bytes = confer_chat_attachments_get (self->attachments, names[i]);
      g_autoptr(GdkTexture) texture = NULL;

      if (i == 0 && confer_chat_message_get_voice_waveform (self->message) != NULL)
        child = confer_voice_message_new (self->attachments, self->message);
      else if (bytes == NULL)
        child = gtk_label_new (_("Fetching the attachment…"));
      else if ((texture = gdk_texture_new_from_bytes (bytes, NULL)) != NULL)
        {
          child = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
          gtk_picture_set_can_shrink (GTK_PICTURE (child), TRUE);
          gtk_widget_set_halign (child, GTK_ALIGN_START);
          gtk_widget_set_size_request (child, -1, MIN (gdk_texture_get_height (texture), PICTURE_HEIGHT));
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attached picture"), -1);
        }
      else
        child = gtk_label_new (_("An attachment this app cannot show"));
      if (GTK_IS_LABEL (child))
        {
          gtk_label_set_xalign (GTK_LABEL (child), 0);
          gtk_widget_add_css_class (child, "dim-label");
        }
      gtk_box_append (GTK_BOX (self->files), child);
    }
}

static void
fetched_cb (ConferChatRow *self,
            const char    *name)
{
  const char *const *names = self->message != NULL ? confer_chat_message_get_attachments (self->message) : NULL;

  if (names != NULL && g_strv_contains (names, name))
    update_files (self);
}

/* The others who have read up to this message and no further. */
static void
update_receipts (ConferChatRow *self)
{
  g_auto(GStrv) readers = self->message != NULL ? confer_client_chat_list_readers (self->chat, self->message) : NULL;
  const char *me = confer_client_get_participant_id (self->client);
  g_autoptr(GString) names = g_string_new (NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->receipts)) != NULL)
    gtk_box_remove (GTK_BOX (self->receipts), child);
  for (guint i = 0; readers != NULL && readers[i] != NULL; i++)
    {
      const char *name = name_of (self, readers[i]);
      GtkWidget *avatar;
      /* Translators: a read receipt's accessible name; %s is who read. */
      g_autofree char *label = g_strdup_printf (_("Read by %s"), name);

      if (g_strcmp0 (readers[i], me) == 0)
        continue;
      avatar = adw_avatar_new (RECEIPT_SIZE, name, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (avatar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (GTK_BOX (self->receipts), avatar);
      if (names->len > 0)
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }
  gtk_widget_set_visible (self->receipts, names->len > 0);
  if (names->len > 0)
    {
      g_autofree char *label = g_strdup_printf (_("Read by %s"), names->str);

      gtk_widget_set_tooltip_text (self->receipts, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->receipts), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
}

static void
update (ConferChatRow *self)
{
  ConferChatMessage *message = self->message;
  ConferParticipant *author;
  g_autofree char *name = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *reply_to;
  gboolean mine;

  if (message == NULL)
    return;
  author = confer_client_find_participant (self->client, confer_chat_message_get_author (message));
  name = g_markup_printf_escaped ("<span foreground=\"%s\" weight=\"bold\">%s</span>",
                                  author != NULL ? confer_participant_get_colour (author) : "#777777",
                                  name_of (self, confer_chat_message_get_author (message)));
  gtk_label_set_markup (GTK_LABEL (self->author), name);
  /* (A message not sent yet has no time.) */
  time = confer_chat_message_get_pending (message) ? NULL
         : g_date_time_new_from_unix_local (confer_chat_message_get_time (message) / 1000);
  when = time != NULL ? g_date_time_format (time, "%H:%M") : g_strdup ("");
  gtk_label_set_text (GTK_LABEL (self->time), when);
  gtk_label_set_text (GTK_LABEL (self->state), confer_chat_message_get_pending (message) ? _("Sending…")
                                                : confer_chat_message_get_edited (message) ? _("(edited)") : "");
  if (confer_chat_message_get_deleted (message))
    {
      gtk_label_set_markup (GTK_LABEL (self->body), "");
      gtk_label_set_text (GTK_LABEL (self->body), _("This message was deleted."));
      gtk_widget_add_css_class (self->body, "dim-label");
    }
  else
    {
      markup = confer_chat_markdown_to_pango (confer_chat_message_get_text (message));
      gtk_widget_remove_css_class (self->body, "dim-label");
      gtk_label_set_markup (GTK_LABEL (self->body), markup);
    }
  reply_to = confer_chat_message_get_reply_to (message);
  if (reply_to != NULL)
    {
      ConferChatMessage *parent = confer_client_chat_find_message (self->chat, reply_to);
      g_autofree char *first_line = NULL;
      g_autofree char *quote = NULL;

      if (parent != NULL)
        first_line = g_strndup (confer_chat_message_get_text (parent),
                                strcspn (confer_chat_message_get_text (parent), "\n"));
      /* Translators: the message a reply answers, "↪ Ann: Shall we meet?". */
      quote = g_strdup_printf (_("↪ %s: %s"), parent != NULL ? name_of (self, confer_chat_message_get_author (parent)) : _("an earlier message"),
                               first_line != NULL ? first_line : "");
      gtk_label_set_text (GTK_LABEL (self->quote), quote);
    }
  gtk_widget_set_visible (self->quote, reply_to != NULL);
  mine = g_strcmp0 (confer_chat_message_get_author (message), confer_client_get_participant_id (self->client)) == 0;
  gtk_widget_set_visible (self->menu, !confer_chat_message_get_deleted (message) && !confer_chat_message_get_pending (message));
  g_object_set_data (G_OBJECT (self->menu), "mine", GINT_TO_POINTER (mine));
  update_reactions (self);
  update_receipts (self);
}

/**
 * confer_chat_row_set_message:
 * @self: a chat row
 * @message: (nullable): the message to show, kept current as it changes
 *
 * Shows @message (or nothing).
 */
void
confer_chat_row_set_message (ConferChatRow     *self,
                             ConferChatMessage *message)
{
  g_return_if_fail (CONFER_IS_CHAT_ROW (self));

  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_set_object (&self->message, message);
  update_files (self);
  if (message == NULL)
    {
      gtk_widget_set_visible (self->unread, FALSE);
      gtk_widget_set_visible (self->receipts, FALSE);
      return;
    }
  g_signal_connect_swapped (message, "notify", G_CALLBACK (update), self);
  g_signal_connect_swapped (message, "notify::deleted", G_CALLBACK (update_files), self);
  update (self);
}

/**
 * confer_chat_row_get_message:
 * @self: a chat row
 *
 * Returns: (transfer none) (nullable): the message shown
 */
ConferChatMessage *
confer_chat_row_get_message (ConferChatRow *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_ROW (self), NULL);

  return self->message;
}

/**
 * confer_chat_row_set_first_unread:
 * @self: a chat row
 * @first_unread: whether its message is the first this participant had
 *   not read when the chat opened
 *
 * Shows, or hides, a "New messages" line above the message.
 */
void
confer_chat_row_set_first_unread (ConferChatRow *self,
                                  gboolean       first_unread)
{
  g_return_if_fail (CONFER_IS_CHAT_ROW (self));

  gtk_widget_set_visible (self->unread, first_unread);
}

/* Clicking the message a reply answers shows the thread. */
static void
quote_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  ConferChatRow   *self)
{
  if (self->message != NULL && confer_chat_message_get_reply_to (self->message) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "chat.thread", "s", confer_chat_message_get_reply_to (self->message));
}

static GMenuModel *
row_menu (ConferChatRow *self)
{
  GMenu *menu = g_menu_new ();
  const char *id = confer_chat_message_get_id (self->message);
  g_autoptr(GMenuItem) reply = g_menu_item_new (_("_Reply"), NULL);
  g_autoptr(GMenuItem) thread = g_menu_item_new (_("Show _Thread"), NULL);
  g_autoptr(GMenuItem) react = g_menu_item_new (_("R_eact…"), NULL);
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);

  g_menu_item_set_action_and_target (reply, "chat.reply", "s", id);
  g_menu_item_set_action_and_target (thread, "chat.thread", "s", id);
  g_menu_item_set_action_and_target (react, "chat.react", "s", id);
  g_menu_item_set_action_and_target (edit, "chat.edit", "s", id);
  g_menu_item_set_action_and_target (delete, "chat.delete", "s", id);
  g_menu_append_item (menu, reply);
  g_menu_append_item (menu, thread);
  g_menu_append_item (menu, react);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->menu), "mine")))
    g_menu_append_item (menu, edit);
  g_menu_append_item (menu, delete);
  return G_MENU_MODEL (menu);
}

/* The menu is made when opened: it depends on whose message it is. */
static void
menu_activate_cb (GtkMenuButton *button,
                  ConferChatRow *self)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->message == NULL)
    return;
  model = row_menu (self);
  gtk_menu_button_set_menu_model (button, model);
}

static void
confer_chat_row_dispose (GObject *object)
{
  ConferChatRow *self = CONFER_CHAT_ROW (object);

  confer_chat_row_set_message (self, NULL);
  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_clear_object (&self->attachments);
  g_clear_object (&self->client);
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_data (self->chat, self);
  g_clear_object (&self->chat);

  G_OBJECT_CLASS (confer_chat_row_parent_class)->dispose (object);
}

static void
confer_chat_row_class_init (ConferChatRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_chat_row_dispose;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
confer_chat_row_init (ConferChatRow *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "chat-row");
  self->author = gtk_label_new (NULL);
  self->time = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->time, "dim-label");
  gtk_widget_add_css_class (self->time, "caption");
  gtk_widget_add_css_class (self->time, "numeric");
  self->state = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->state, "dim-label");
  gtk_widget_add_css_class (self->state, "caption");
  gtk_widget_set_hexpand (self->state, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->state), 0);
  self->menu = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu), "view-more-symbolic");
  gtk_widget_add_css_class (self->menu, "flat");
  gtk_widget_set_tooltip_text (self->menu, _("Reply, React, Edit or Delete"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message actions"), -1);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu), (GtkMenuButtonCreatePopupFunc) menu_activate_cb,
                                         self, NULL);
  gtk_box_append (GTK_BOX (header), self->author);
  gtk_box_append (GTK_BOX (header), self->time);
  gtk_box_append (GTK_BOX (header), self->state);
  gtk_box_append (GTK_BOX (header), self->menu);
  self->quote = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->quote), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->quote), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->quote, "dim-label");
  gtk_widget_add_css_class (self->quote, "caption");
  gtk_widget_set_tooltip_text (self->quote, _("Show the Thread"));
  gtk_widget_set_cursor_from_name (self->quote, "pointer");
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect (click, "pressed", G_CALLBACK (quote_pressed_cb), self);
    gtk_widget_add_controller (self->quote, GTK_EVENT_CONTROLLER (click));
  }
  self->body = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->body), 0);
  gtk_label_set_wrap (GTK_LABEL (self->body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->body), TRUE);
  self->reactions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->files = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  {
    GtkWidget *label = gtk_label_new (_("New messages"));
    GtkWidget *before = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
    GtkWidget *after = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

    gtk_widget_add_css_class (label, "caption-heading");
    gtk_widget_set_hexpand (before, TRUE);
    gtk_widget_set_hexpand (after, TRUE);
    gtk_widget_set_valign (before, GTK_ALIGN_CENTER);
    gtk_widget_set_valign (after, GTK_ALIGN_CENTER);
    self->unread = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_add_css_class (self->unread, "chat-unread-marker");
    gtk_box_append (GTK_BOX (self->unread), before);
    gtk_box_append (GTK_BOX (self->unread), label);
    gtk_box_append (GTK_BOX (self->unread), after);
    gtk_widget_set_visible (self->unread, FALSE);
  }
  self->receipts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_halign (self->receipts, GTK_ALIGN_END);
  gtk_widget_set_visible (self->receipts, FALSE);
  gtk_box_append (GTK_BOX (self), self->unread);
  gtk_box_append (GTK_BOX (self), header);
  gtk_box_append (GTK_BOX (self), self->quote);
  gtk_box_append (GTK_BOX (self), self->body);
  gtk_box_append (GTK_BOX (self), self->files);
  gtk_box_append (GTK_BOX (self), self->reactions);
  gtk_box_append (GTK_BOX (self), self->receipts);
}

/* What a factory makes its rows with. */
typedef struct
{
  ConferClient          *client;
  ConferClientChat      *chat;
  ConferChatAttachments *attachments;
  ConferChatRowMarkFunc  first_unread;
  gpointer               data;
} RowArgs;

static void
row_args_free (gpointer data,
               GClosure *closure)
{
  RowArgs *args = data;

  g_object_unref (args->client);
  g_object_unref (args->chat);
  g_object_unref (args->attachments);
  g_free (args);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RowArgs                  *args)
{
  gtk_list_item_set_child (item, confer_chat_row_new (args->client, args->chat, args->attachments));
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         RowArgs                  *args)
{
  ConferChatRow *row = CONFER_CHAT_ROW (gtk_list_item_get_child (item));

  confer_chat_row_set_message (row, gtk_list_item_get_item (item));
  confer_chat_row_set_first_unread (row, args->first_unread != NULL && args->first_unread (gtk_list_item_get_item (item), args->data));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  confer_chat_row_set_message (CONFER_CHAT_ROW (gtk_list_item_get_child (item)), NULL);
}

/**
 * confer_chat_row_factory_new:
 * @client: the session's client (a reference is taken)
 * @chat: the session's chat (a reference is taken)
 * @attachments: the chat's attachments (a reference is taken)
 * @first_unread: (nullable) (scope notified): says whether a message is
 *   the first unread one, shown with a "New messages" line above it
 * @data: (closure): data for @first_unread, which must outlive the
 *   factory
 *
 * Returns: (transfer full): a factory of rows, for a #GtkListView over
 *   #ConferChatMessage items
 */
GtkListItemFactory *
confer_chat_row_factory_new (ConferClient          *client,
                             ConferClientChat      *chat,
                             ConferChatAttachments *attachments,
                             ConferChatRowMarkFunc  first_unread,
                             gpointer               data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowArgs *args = g_new0 (RowArgs, 1);

  args->client = g_object_ref (client);
  args->chat = g_object_ref (chat);
  args->attachments = g_object_ref (attachments);
  args->first_unread = first_unread;
  args->data = data;
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), args, row_args_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), args);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  return factory;
}

/**
 * confer_chat_row_new:
 * @client: the session's client (a reference is taken), for names and
 *   colours
 * @chat: the session's chat (a reference is taken), for the messages
 *   replies answer
 * @attachments: the chat's attachments (a reference is taken), shared by
 *   the rows
 *
 * Returns: (transfer floating): an empty row; show a message with
 *   confer_chat_row_set_message()
 */
GtkWidget *
confer_chat_row_new (ConferClient          *client,
                     ConferClientChat      *chat,
                     ConferChatAttachments *attachments)
{
  ConferChatRow *self = g_object_new (CONFER_TYPE_CHAT_ROW, NULL);

  self->client = g_object_ref (client);
  self->chat = g_object_ref (chat);
  self->attachments = g_object_ref (attachments);
  g_signal_connect_swapped (attachments, "fetched", G_CALLBACK (fetched_cb), self);
  g_signal_connect_swapped (chat, "read", G_CALLBACK (update_receipts), self);
  return GTK_WIDGET (self);
}
