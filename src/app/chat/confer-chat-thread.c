/* confer-chat-thread.c: one thread of the chat beside it — the message it
 * started from and the replies to it, in the chat's order (a filter over
 * the chat's list, so it follows every change), and a composer whose
 * messages answer that first message. Its header closes it (beside the
 * chat) or goes back to the chat (in its place, when narrow), both through
 * `chat.thread ""`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-thread"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-chat-composer.h"
#include "confer-chat-row.h"
#include "confer-chat-thread.h"

struct _ConferChatThread
{
  GtkBox            parent_instance;

  ConferClient     *client;
  ConferClientChat *chat;
  char             *root;       /* the first message's id, or NULL */
  GtkFilter        *filter;
  GListModel       *messages;   /* the thread's, a GtkFilterListModel */
  GtkWidget        *back;       /* narrow: back to the chat */
  GtkWidget        *close;      /* beside the chat: close */
  GtkWidget        *scroller;
  GtkWidget        *composer;
  guint             scroll_source;  /* to the end, once the rows are made */
};

G_DEFINE_FINAL_TYPE (ConferChatThread, confer_chat_thread, GTK_TYPE_BOX)

static gboolean
in_thread (gpointer item,
           gpointer data)
{
  ConferChatThread *self = data;
  ConferChatMessage *message = item;

  return self->root != NULL && (g_strcmp0 (confer_chat_message_get_id (message), self->root) == 0 ||
                                g_strcmp0 (confer_chat_message_get_reply_to (message), self->root) == 0);
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  ConferChatThread *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));

  self->scroll_source = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

/* A reply at the end of the thread is scrolled to; reactions and edits
 * leave the reader where they are. */
static void
items_changed_cb (GListModel       *messages,
                  guint             position,
                  guint             removed,
                  guint             added,
                  ConferChatThread *self)
{
  if (added > 0 && position + added == g_list_model_get_n_items (messages) && self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, self, NULL);
}

static void
send_cb (ConferChatThread *self)
{
  ConferChatComposer *composer = CONFER_CHAT_COMPOSER (self->composer);
  g_autofree char *text = confer_chat_composer_get_text (composer);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;

  if (trimmed[0] == '\0' || self->root == NULL)
    return;
  if (confer_client_chat_send (self->chat, text, self->root, NULL, &error) == NULL)
    {
      /* The text stays for the user to fix; what was wrong is said. */
      confer_chat_composer_set_error (composer, error->message);
      return;
    }
  confer_chat_composer_set_error (composer, NULL);
  confer_chat_composer_set_text (composer, "");
}

static void
confer_chat_thread_dispose (GObject *object)
{
  ConferChatThread *self = CONFER_CHAT_THREAD (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (self->messages != NULL)
    g_signal_handlers_disconnect_by_data (self->messages, self);
  g_clear_object (&self->messages);
  g_clear_pointer (&self->root, g_free);
  g_clear_object (&self->chat);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confer_chat_thread_parent_class)->dispose (object);
}

static void
confer_chat_thread_class_init (ConferChatThreadClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_chat_thread_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "chat-thread");
}

static void
confer_chat_thread_init (ConferChatThread *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
}

static GtkWidget *
header_button (const char *icon,
               const char *tooltip,
               const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "chat.thread");
  return button;
}

/**
 * confer_chat_thread_new:
 * @client: the session's client (a reference is taken)
 * @chat: the session's chat (a reference is taken)
 * @attachments: the chat's attachments, shared with the chat's rows
 *
 * Returns: (transfer floating): a thread panel showing no thread yet
 *   (confer_chat_thread_set_root())
 */
GtkWidget *
confer_chat_thread_new (ConferClient          *client,
                        ConferClientChat      *chat,
                        ConferChatAttachments *attachments)
{
  ConferChatThread *self = g_object_new (CONFER_TYPE_CHAT_THREAD, NULL);
  GtkWidget *header = gtk_center_box_new ();
  GtkWidget *title = gtk_label_new (_("Thread"));
  GtkWidget *list;
  GtkWidget *send = gtk_button_new_from_icon_name ("mail-send-symbolic");
  GtkWidget *composer_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->client = g_object_ref (client);
  self->chat = g_object_ref (chat);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thread"), -1);

  self->back = header_button ("go-previous-symbolic", _("Back to the Chat"), _("Back to the chat"));
  self->close = header_button ("window-close-symbolic", _("Close the Thread"), _("Close the thread"));
  gtk_widget_set_visible (self->back, FALSE);
  gtk_widget_add_css_class (title, "heading");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (header), self->back);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (header), title);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (header), self->close);
  gtk_widget_set_margin_top (header, 3);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_widget_set_margin_start (header, 6);
  gtk_widget_set_margin_end (header, 6);
  gtk_box_append (GTK_BOX (self), header);

  self->filter = GTK_FILTER (gtk_custom_filter_new (in_thread, self, NULL));
  self->messages = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (confer_client_chat_get_messages (chat)),
                                                            self->filter));
  g_signal_connect (self->messages, "items-changed", G_CALLBACK (items_changed_cb), self);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->messages))),
                            confer_chat_row_factory_new (client, chat, attachments, NULL, NULL));
  gtk_widget_add_css_class (list, "chat-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Messages in the thread"), -1);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), list);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_box_append (GTK_BOX (self), self->scroller);

  self->composer = confer_chat_composer_new (client, chat, _("Reply in the thread"));
  g_signal_connect_swapped (self->composer, "send", G_CALLBACK (send_cb), self);
  gtk_widget_set_tooltip_text (send, _("Reply (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (send), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reply in the thread"), -1);
  gtk_widget_set_valign (send, GTK_ALIGN_END);
  gtk_widget_add_css_class (send, "suggested-action");
  gtk_widget_add_css_class (send, "circular");
  g_signal_connect_swapped (send, "clicked", G_CALLBACK (send_cb), self);
  gtk_box_append (GTK_BOX (composer_box), self->composer);
  gtk_box_append (GTK_BOX (composer_box), send);
  gtk_widget_set_margin_start (composer_box, 9);
  gtk_widget_set_margin_end (composer_box, 9);
  gtk_widget_set_margin_top (composer_box, 6);
  gtk_widget_set_margin_bottom (composer_box, 9);
  gtk_box_append (GTK_BOX (self), composer_box);
  return GTK_WIDGET (self);
}

/**
 * confer_chat_thread_set_root:
 * @self: a thread panel
 * @message_id: (nullable): the id of the message the thread starts from
 *   (not a reply), or %NULL for none
 *
 * Shows that message and the replies to it; what is written in the
 * panel's composer answers it.
 */
void
confer_chat_thread_set_root (ConferChatThread *self,
                             const char       *message_id)
{
  g_return_if_fail (CONFER_IS_CHAT_THREAD (self));

  if (g_strcmp0 (self->root, message_id) == 0)
    return;
  g_free (self->root);
  self->root = g_strdup (message_id);
  confer_chat_composer_set_text (CONFER_CHAT_COMPOSER (self->composer), "");
  confer_chat_composer_set_error (CONFER_CHAT_COMPOSER (self->composer), NULL);
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * confer_chat_thread_get_root:
 * @self: a thread panel
 *
 * Returns: (nullable): the id of the message the thread starts from
 */
const char *
confer_chat_thread_get_root (ConferChatThread *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_THREAD (self), NULL);

  return self->root;
}

/**
 * confer_chat_thread_get_messages:
 * @self: a thread panel
 *
 * Returns: (transfer none): the messages shown (#ConferChatMessage): the
 *   first one, if loaded, and its replies, in the chat's order
 */
GListModel *
confer_chat_thread_get_messages (ConferChatThread *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_THREAD (self), NULL);

  return self->messages;
}

/**
 * confer_chat_thread_set_narrow:
 * @self: a thread panel
 * @narrow: %TRUE when it shows in the chat's place, %FALSE beside it
 *
 * In the chat's place its header leads back to the chat; beside it, it
 * closes.
 */
void
confer_chat_thread_set_narrow (ConferChatThread *self,
                               gboolean          narrow)
{
  g_return_if_fail (CONFER_IS_CHAT_THREAD (self));

  gtk_widget_set_visible (self->back, narrow);
  gtk_widget_set_visible (self->close, !narrow);
}

/**
 * confer_chat_thread_focus:
 * @self: a thread panel
 *
 * Puts the keyboard focus in its composer.
 */
void
confer_chat_thread_focus (ConferChatThread *self)
{
  g_return_if_fail (CONFER_IS_CHAT_THREAD (self));

  gtk_widget_grab_focus (self->composer);
}
