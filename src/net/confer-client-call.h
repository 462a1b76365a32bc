/* confer-client-call.h: a client's view of its session's call, and the
 * call's signalling over conferd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"

G_BEGIN_DECLS

/**
 * ConferCallFlags:
 * @CONFER_CALL_AUDIO: sends its microphone
 * @CONFER_CALL_VIDEO: sends its camera
 * @CONFER_CALL_SCREEN: shares a screen
 * @CONFER_CALL_RECORDING: records the call
 *
 * What a member of a call sends or does, as `call.update` sets it.
 */
typedef enum
{
  CONFER_CALL_AUDIO     = 1 << 0,
  CONFER_CALL_VIDEO     = 1 << 1,
  CONFER_CALL_SCREEN    = 1 << 2,
  CONFER_CALL_RECORDING = 1 << 3,
} ConferCallFlags;

#define CONFER_TYPE_CLIENT_CALL (confer_client_call_get_type ())

G_DECLARE_FINAL_TYPE (ConferClientCall, confer_client_call, CONFER, CLIENT_CALL, GObject)

GListModel       *confer_client_call_get_members  (ConferClientCall     *self);
ConferCallMember *confer_client_call_find_member  (ConferClientCall     *self,
                                                   const char           *member_id);
const char       *confer_client_call_get_member_id (ConferClientCall    *self);
gint64            confer_client_call_get_started  (ConferClientCall     *self);
GListModel       *confer_client_call_get_room_members (ConferClientCall *self);
GListModel       *confer_client_call_get_rooms    (ConferClientCall     *self);
ConferCallRoom   *confer_client_call_find_room    (ConferClientCall     *self,
                                                   const char           *room_id);
const char       *confer_client_call_get_room     (ConferClientCall     *self);
gboolean          confer_client_call_get_choose   (ConferClientCall     *self);
gint64            confer_client_call_get_ends     (ConferClientCall     *self);
void              confer_client_call_breakout_async  (ConferClientCall  *self,
                                                   const char * const   *names,
                                                   GVariant             *assign,
                                                   gboolean              choose,
                                                   guint                 minutes,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          confer_client_call_breakout_finish (ConferClientCall  *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              confer_client_call_move_async   (ConferClientCall     *self,
                                                   const char           *member_id,
                                                   const char           *room_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          confer_client_call_move_finish  (ConferClientCall     *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              confer_client_call_return_async (ConferClientCall     *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          confer_client_call_return_finish (ConferClientCall    *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              confer_client_call_join_async   (ConferClientCall     *self,
                                                   ConferCallFlags       flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          confer_client_call_join_finish  (ConferClientCall     *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
gboolean          confer_client_call_join         (ConferClientCall     *self,
                                                   ConferCallFlags       flags,
                                                   guint                 timeout_ms,
                                                   GError              **error);
void              confer_client_call_leave        (ConferClientCall     *self);
void              confer_client_call_update       (ConferClientCall     *self,
                                                   ConferCallFlags       changed,
                                                   ConferCallFlags       values);

G_END_DECLS
