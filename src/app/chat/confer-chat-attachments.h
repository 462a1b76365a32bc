/* confer-chat-attachments.h: the chat's attached files, fetched once, and
 * its voice messages: the one playing, which were played, the speed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-media.h"
#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_ATTACHMENTS (confer_chat_attachments_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatAttachments, confer_chat_attachments, CONFER, CHAT_ATTACHMENTS, GObject)

ConferChatAttachments *confer_chat_attachments_new              (ConferClient          *client,
                                                                 ConferClientChat      *chat);
GBytes                *confer_chat_attachments_get              (ConferChatAttachments *self,
                                                                 const char            *name);
void                   confer_chat_attachments_toggle_voice     (ConferChatAttachments *self,
                                                                 ConferChatMessage     *message);
void                   confer_chat_attachments_seek_voice       (ConferChatAttachments *self,
                                                                 ConferChatMessage     *message,
                                                                 double                 fraction);
gboolean               confer_chat_attachments_get_voice_state  (ConferChatAttachments *self,
                                                                 const char            *message_id,
                                                                 guint                 *position_ms,
                                                                 gboolean              *playing);
gboolean               confer_chat_attachments_get_voice_played (ConferChatAttachments *self,
                                                                 ConferChatMessage     *message);
void                   confer_chat_attachments_cycle_rate       (ConferChatAttachments *self);
double                 confer_chat_attachments_get_rate         (ConferChatAttachments *self);

G_END_DECLS
