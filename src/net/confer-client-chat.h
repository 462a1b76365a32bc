/* confer-client-chat.h: a client's view of its session's chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CLIENT_CHAT (confer_client_chat_get_type ())

G_DECLARE_FINAL_TYPE (ConferClientChat, confer_client_chat, CONFER, CLIENT_CHAT, GObject)

GListModel        *confer_client_chat_get_messages    (ConferClientChat     *self);
ConferChatMessage *confer_client_chat_find_message    (ConferClientChat     *self,
                                                       const char           *id);
gboolean           confer_client_chat_is_ready        (ConferClientChat     *self);
guint64            confer_client_chat_get_seq         (ConferClientChat     *self);
gboolean           confer_client_chat_has_older       (ConferClientChat     *self);
guint              confer_client_chat_get_n_pending   (ConferClientChat     *self);
guint64            confer_client_chat_get_read        (ConferClientChat     *self,
                                                       const char           *participant_id);
char             **confer_client_chat_list_readers    (ConferClientChat     *self,
                                                       ConferChatMessage    *message);
ConferChatMessage *confer_client_chat_send            (ConferClientChat     *self,
                                                       const char           *text,
                                                       const char           *reply_to,
                                                       const char * const   *attachments,
                                                       GError              **error);
ConferChatMessage *confer_client_chat_send_voice      (ConferClientChat     *self,
                                                       const char           *text,
                                                       const char           *reply_to,
                                                       const char           *blob,
                                                       guint                 duration_ms,
                                                       GBytes               *waveform,
                                                       GError              **error);
gboolean           confer_client_chat_edit            (ConferClientChat     *self,
                                                       const char           *message_id,
                                                       const char           *text,
                                                       GError              **error);
void               confer_client_chat_delete          (ConferClientChat     *self,
                                                       const char           *message_id);
gboolean           confer_client_chat_react           (ConferClientChat     *self,
                                                       const char           *message_id,
                                                       const char           *emoji,
                                                       gboolean              remove,
                                                       GError              **error);
void               confer_client_chat_set_typing      (ConferClientChat     *self,
                                                       gboolean              typing);
void               confer_client_chat_mark_read       (ConferClientChat     *self,
                                                       guint64               seq);
void               confer_client_chat_load_older_async  (ConferClientChat   *self,
                                                       guint                 limit,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean           confer_client_chat_load_older_finish (ConferClientChat   *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void               confer_client_chat_search_async    (ConferClientChat     *self,
                                                       const char           *query,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray         *confer_client_chat_search_finish   (ConferClientChat     *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
gboolean           confer_client_chat_wait            (ConferClientChat     *self,
                                                       gboolean              synchronized,
                                                       guint                 timeout_ms,
                                                       GError              **error);
void               confer_client_chat_close           (ConferClientChat     *self);

G_END_DECLS
