/* confer-chat-attachments.h: the chat's attached files, fetched once, and
 * the one voice message playing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-media.h"
#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_ATTACHMENTS (confer_chat_attachments_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatAttachments, confer_chat_attachments, CONFER, CHAT_ATTACHMENTS, GObject)

ConferChatAttachments *confer_chat_attachments_new  (ConferClient          *client);
GBytes                *confer_chat_attachments_get  (ConferChatAttachments *self,
                                                     const char            *name);
void                   confer_chat_attachments_play (ConferChatAttachments *self,
                                                     ConferVoicePlayer     *player);

G_END_DECLS
