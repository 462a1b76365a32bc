/* confer-call-room.h: a breakout room of a session's call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CONFER_TYPE_CALL_ROOM (confer_call_room_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallRoom, confer_call_room, CONFER, CALL_ROOM, GObject)

ConferCallRoom *confer_call_room_new_from_json (JsonObject      *object,
                                                GError         **error);
const char     *confer_call_room_get_id        (ConferCallRoom  *self);
const char     *confer_call_room_get_name      (ConferCallRoom  *self);

G_END_DECLS
