/* confer-client.h: a connection to a Confer session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"
#include "confer-client-cache.h"

G_BEGIN_DECLS

/**
 * ConferConnectionState:
 * @CONFER_CONNECTION_CONNECTING: the first connection is being made
 * @CONFER_CONNECTION_ONLINE: welcomed into the session
 * @CONFER_CONNECTION_RECONNECTING: the connection dropped; trying again
 *   with back-off
 * @CONFER_CONNECTION_OFFLINE: disconnected on purpose; no retries
 * @CONFER_CONNECTION_REFUSED: the server or the link was refused for good;
 *   confer_client_get_refusal() says why
 *
 * What a client's connection is doing, for the app to display.
 */
typedef enum
{
  CONFER_CONNECTION_CONNECTING,
  CONFER_CONNECTION_ONLINE,
  CONFER_CONNECTION_RECONNECTING,
  CONFER_CONNECTION_OFFLINE,
  CONFER_CONNECTION_REFUSED,
} ConferConnectionState;

#define CONFER_TYPE_CLIENT (confer_client_get_type ())

G_DECLARE_FINAL_TYPE (ConferClient, confer_client, CONFER, CLIENT, GObject)

typedef struct _ConferClientDoc ConferClientDoc;

/**
 * ConferInviteInfo:
 * @session_title: the session's title
 * @role: the role the invite grants (`editor`…)
 * @expires: when the invite expires, Unix seconds; 0 for never
 *
 * What an invite gives, asked before joining (confer_client_peek_async()).
 */
typedef struct
{
  char   *session_title;
  char   *role;
  gint64  expires;
} ConferInviteInfo;

ConferClient          *confer_client_new              (const ConferLink     *link,
                                                       const char           *name);
gboolean               confer_client_set_colour       (ConferClient         *self,
                                                       const char           *colour);
void                   confer_client_set_cache        (ConferClient         *self,
                                                       ConferClientCache    *cache);
ConferClientCache     *confer_client_get_cache        (ConferClient         *self);
void                   confer_client_set_token        (ConferClient         *self,
                                                       const char           *token);
const char            *confer_client_get_token        (ConferClient         *self);
void                   confer_client_connect          (ConferClient         *self);
void                   confer_client_disconnect       (ConferClient         *self);
void                   confer_client_drop_connection  (ConferClient         *self);
ConferConnectionState  confer_client_get_state        (ConferClient         *self);
const char            *confer_client_get_refusal      (ConferClient         *self);
const char            *confer_client_get_refusal_code (ConferClient         *self);
const char            *confer_client_get_session_title (ConferClient        *self);
const char            *confer_client_get_participant_id (ConferClient       *self);
const char            *confer_client_get_own_colour (ConferClient         *self);
const char            *confer_client_get_role         (ConferClient         *self);
const ConferLink      *confer_client_get_link         (ConferClient         *self);
char                  *confer_client_make_invite_link (ConferClient         *self,
                                                       ConferMessage        *invite_created);
JsonArray             *confer_client_get_docs         (ConferClient         *self);
JsonArray             *confer_client_get_participants (ConferClient         *self);
guint                  confer_client_get_n_unsent     (ConferClient         *self);
const char            *confer_client_find_doc         (ConferClient         *self,
                                                       const char           *id_or_title);
gboolean               confer_client_wait_online      (ConferClient         *self,
                                                       guint                 timeout_ms,
                                                       GError              **error);
void                   confer_client_request_async    (ConferClient         *self,
                                                       ConferMessage        *request,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
ConferMessage         *confer_client_request_finish   (ConferClient         *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
ConferMessage         *confer_client_request          (ConferClient         *self,
                                                       ConferMessage        *request,
                                                       guint                 timeout_ms,
                                                       GError              **error);
ConferClientDoc       *confer_client_open_doc         (ConferClient         *self,
                                                       const char           *doc_id);

void                   confer_invite_info_free        (ConferInviteInfo     *info);
void                   confer_client_peek_async       (const ConferLink     *link,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
ConferInviteInfo      *confer_client_peek_finish      (GAsyncResult         *result,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferInviteInfo, confer_invite_info_free)

G_END_DECLS
