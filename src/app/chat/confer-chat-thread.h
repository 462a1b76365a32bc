/* confer-chat-thread.h: one thread of the chat — a message and the
 * replies to it — with a composer that answers in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-chat-attachments.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_THREAD (confer_chat_thread_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatThread, confer_chat_thread, CONFER, CHAT_THREAD, GtkBox)

GtkWidget  *confer_chat_thread_new         (ConferClient          *client,
                                            ConferClientChat      *chat,
                                            ConferChatAttachments *attachments);
void        confer_chat_thread_set_root    (ConferChatThread      *self,
                                            const char            *message_id);
const char *confer_chat_thread_get_root    (ConferChatThread      *self);
GListModel *confer_chat_thread_get_messages (ConferChatThread     *self);
void        confer_chat_thread_set_narrow  (ConferChatThread      *self,
                                            gboolean               narrow);
void        confer_chat_thread_focus       (ConferChatThread      *self);

G_END_DECLS
