/* confer-call-member.h: a connection in a session's call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * CONFER_CALL_MAIN_ROOM:
 *
 * The room every member joins, and comes back to when breakout rooms
 * close (docs/protocol.md, Breakout rooms).
 */
#define CONFER_CALL_MAIN_ROOM "main"

#define CONFER_TYPE_CALL_MEMBER (confer_call_member_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallMember, confer_call_member, CONFER, CALL_MEMBER, GObject)

ConferCallMember *confer_call_member_new_from_json  (JsonObject        *object,
                                                     GError           **error);
const char       *confer_call_member_get_id         (ConferCallMember  *self);
const char       *confer_call_member_get_participant (ConferCallMember *self);
const char       *confer_call_member_get_room       (ConferCallMember  *self);
gint64            confer_call_member_get_joined     (ConferCallMember  *self);
gboolean          confer_call_member_get_audio      (ConferCallMember  *self);
gboolean          confer_call_member_get_video      (ConferCallMember  *self);
gboolean          confer_call_member_get_screen     (ConferCallMember  *self);
gboolean          confer_call_member_get_recording  (ConferCallMember  *self);
void              confer_call_member_update         (ConferCallMember  *self,
                                                     ConferCallMember  *from);

G_END_DECLS
