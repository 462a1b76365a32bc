/* confer-chat-row.h: one chat message in the chat pane's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-chat-attachments.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_ROW (confer_chat_row_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatRow, confer_chat_row, CONFER, CHAT_ROW, GtkBox)

GtkWidget *confer_chat_row_new         (ConferClient          *client,
                                        ConferClientChat      *chat,
                                        ConferChatAttachments *attachments);
void       confer_chat_row_set_message (ConferChatRow     *self,
                                        ConferChatMessage *message);
ConferChatMessage *confer_chat_row_get_message (ConferChatRow *self);
void       confer_chat_row_set_first_unread (ConferChatRow *self,
                                             gboolean       first_unread);

/**
 * ConferChatRowMarkFunc:
 * @message: a message about to be shown
 * @data: the data given with the function
 *
 * Returns: whether @message is marked
 */
typedef gboolean (*ConferChatRowMarkFunc) (ConferChatMessage *message,
                                           gpointer           data);

GtkListItemFactory *confer_chat_row_factory_new (ConferClient          *client,
                                                 ConferClientChat      *chat,
                                                 ConferChatAttachments *attachments,
                                                 ConferChatRowMarkFunc  first_unread,
                                                 gpointer               data);

G_END_DECLS
