/* confer-client.h: a participant's session: who is there, what it holds,
 * and typed requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"
#include "confer-client-annotations.h"
#include "confer-client-board.h"
#include "confer-client-call.h"
#include "confer-client-chat.h"
#include "confer-connection.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CLIENT (confer_client_get_type ())

G_DECLARE_FINAL_TYPE (ConferClient, confer_client, CONFER, CLIENT, GObject)

typedef struct _ConferClientDoc ConferClientDoc;

/**
 * ConferInviteInfo:
 * @session_title: the session's title
 * @role: the role the invite grants
 * @expires: when the invite expires, Unix seconds; 0 for never
 *
 * What an invite gives, asked before joining (confer_client_peek_async()).
 */
typedef struct
{
  char       *session_title;
  ConferRole  role;
  gint64      expires;
} ConferInviteInfo;

ConferClient          *confer_client_new                 (const ConferLink     *link,
                                                          const char           *name);
ConferConnection      *confer_client_get_connection      (ConferClient         *self);
gboolean               confer_client_set_colour          (ConferClient         *self,
                                                          const char           *colour);
void                   confer_client_set_cache           (ConferClient         *self,
                                                          ConferClientCache    *cache);
ConferClientCache     *confer_client_get_cache           (ConferClient         *self);
void                   confer_client_set_token           (ConferClient         *self,
                                                          const char           *token);
const char            *confer_client_get_token           (ConferClient         *self);
void                   confer_client_connect             (ConferClient         *self);
void                   confer_client_disconnect          (ConferClient         *self);
void                   confer_client_drop_connection     (ConferClient         *self);
ConferConnectionState  confer_client_get_state           (ConferClient         *self);
const char            *confer_client_get_refusal         (ConferClient         *self);
const char            *confer_client_get_refusal_code    (ConferClient         *self);
gboolean               confer_client_wait_online         (ConferClient         *self,
                                                          guint                 timeout_ms,
                                                          GError              **error);
const ConferLink      *confer_client_get_link            (ConferClient         *self);

const char            *confer_client_get_session_title   (ConferClient         *self);
const char            *confer_client_get_participant_id  (ConferClient         *self);
ConferRole             confer_client_get_role            (ConferClient         *self);
const char            *confer_client_get_own_colour      (ConferClient         *self);
GListModel            *confer_client_get_participants    (ConferClient         *self);
ConferParticipant     *confer_client_find_participant    (ConferClient         *self,
                                                          const char           *id);
GListModel            *confer_client_get_items           (ConferClient         *self);
ConferItem            *confer_client_find_item           (ConferClient         *self,
                                                          const char           *id_or_title);
const char            *confer_client_find_doc            (ConferClient         *self,
                                                          const char           *id_or_title);
guint                  confer_client_get_n_unsent        (ConferClient         *self);
ConferClientChat      *confer_client_open_chat           (ConferClient         *self);
ConferClientCall      *confer_client_get_call            (ConferClient         *self);
ConferClientAnnotations *confer_client_get_annotations   (ConferClient         *self);
ConferClientBoard     *confer_client_open_board          (ConferClient         *self,
                                                           const char           *board_id);
char                  *confer_client_put_blob            (ConferClient         *self,
                                                           GBytes               *bytes,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
GBytes                *confer_client_get_blob            (ConferClient         *self,
                                                           const char           *name,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
void                   confer_client_put_blobs_async     (ConferClient         *self,
                                                           GPtrArray            *blobs,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean               confer_client_put_blobs_finish    (ConferClient         *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                   confer_client_get_blobs_async     (ConferClient         *self,
                                                           GPtrArray            *names,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GHashTable            *confer_client_get_blobs_finish    (ConferClient         *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
ConferClientDoc       *confer_client_open_doc            (ConferClient         *self,
                                                          const char           *doc_id);

void                   confer_client_create_item_async   (ConferClient         *self,
                                                          ConferItemKind        kind,
                                                          const char           *title,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
ConferItem            *confer_client_create_item_finish  (ConferClient         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
ConferItem            *confer_client_create_item         (ConferClient         *self,
                                                          ConferItemKind        kind,
                                                          const char           *title,
                                                          guint                 timeout_ms,
                                                          GError              **error);
void                   confer_client_rename_item_async   (ConferClient         *self,
                                                          const char           *item_id,
                                                          const char           *title,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean               confer_client_rename_item_finish  (ConferClient         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                   confer_client_delete_item_async   (ConferClient         *self,
                                                          const char           *item_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean               confer_client_delete_item_finish  (ConferClient         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                   confer_client_restore_item_async  (ConferClient         *self,
                                                          const char           *item_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
ConferItem            *confer_client_restore_item_finish (ConferClient         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                   confer_client_list_trash_async    (ConferClient         *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GListModel            *confer_client_list_trash_finish   (ConferClient         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                   confer_client_create_invite_async (ConferClient         *self,
                                                          ConferRole            role,
                                                          guint64               expires_in,
                                                          guint                 max_uses,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
ConferInvite          *confer_client_create_invite_finish (ConferClient        *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
ConferInvite          *confer_client_create_invite       (ConferClient         *self,
                                                          ConferRole            role,
                                                          guint64               expires_in,
                                                          guint                 max_uses,
                                                          guint                 timeout_ms,
                                                          GError              **error);
void                   confer_client_list_invites_async  (ConferClient         *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GListModel            *confer_client_list_invites_finish (ConferClient         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                   confer_client_revoke_invite_async (ConferClient         *self,
                                                          const char           *invite_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean               confer_client_revoke_invite_finish (ConferClient        *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void                   confer_invite_info_free           (ConferInviteInfo     *info);
void                   confer_client_peek_async          (const ConferLink     *link,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
ConferInviteInfo      *confer_client_peek_finish         (GAsyncResult         *result,
                                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferInviteInfo, confer_invite_info_free)

G_END_DECLS
