/* confer-chat-message.h: one message of a session's chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_MESSAGE (confer_chat_message_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatMessage, confer_chat_message, CONFER, CHAT_MESSAGE, GObject)

ConferChatMessage  *confer_chat_message_new_pending   (const char         *txn,
                                                       const char         *author,
                                                       const char         *text,
                                                       const char         *reply_to,
                                                       const char * const *attachments);
ConferChatMessage  *confer_chat_message_new_from_json (JsonObject         *object,
                                                       GError            **error);
JsonNode           *confer_chat_message_to_json       (ConferChatMessage  *self);
const char         *confer_chat_message_get_id        (ConferChatMessage  *self);
guint64             confer_chat_message_get_seq       (ConferChatMessage  *self);
const char         *confer_chat_message_get_author    (ConferChatMessage  *self);
gint64              confer_chat_message_get_time      (ConferChatMessage  *self);
const char         *confer_chat_message_get_text      (ConferChatMessage  *self);
const char         *confer_chat_message_get_reply_to  (ConferChatMessage  *self);
const char * const *confer_chat_message_get_attachments (ConferChatMessage *self);
void                confer_chat_message_set_voice     (ConferChatMessage  *self,
                                                       guint               duration_ms,
                                                       GBytes             *waveform);
guint               confer_chat_message_get_voice_duration_ms (ConferChatMessage *self);
GBytes             *confer_chat_message_get_voice_waveform    (ConferChatMessage *self);
gboolean            confer_chat_message_get_edited    (ConferChatMessage  *self);
gboolean            confer_chat_message_get_deleted   (ConferChatMessage  *self);
gboolean            confer_chat_message_get_pending   (ConferChatMessage  *self);
const char         *confer_chat_message_get_txn       (ConferChatMessage  *self);
GStrv               confer_chat_message_list_emoji    (ConferChatMessage  *self);
GStrv               confer_chat_message_list_reactors (ConferChatMessage  *self,
                                                       const char         *emoji);
void                confer_chat_message_update        (ConferChatMessage  *self,
                                                       ConferChatMessage  *from);

G_END_DECLS
