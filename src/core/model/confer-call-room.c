/* confer-call-room.c: a breakout room of a session's call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A room as a call state's `rooms` lists it while breakout rooms are open
 * (docs/protocol.md, Breakout rooms): the id the server gave it, which
 * members' `room` and `call.move` name, and the name its owner chose.
 */
#define G_LOG_DOMAIN "confer-call-room"

#include "config.h"

#include "confer-core-error.h"
#include "confer-call-room.h"

struct _ConferCallRoom
{
  GObject  parent_instance;

  char    *id;
  char    *name;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferCallRoom, confer_call_room, G_TYPE_OBJECT)

static void
confer_call_room_finalize (GObject *object)
{
  ConferCallRoom *self = (ConferCallRoom *) object;

  g_free (self->id);
  g_free (self->name);

  G_OBJECT_CLASS (confer_call_room_parent_class)->finalize (object);
}

static void
confer_call_room_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConferCallRoom *self = CONFER_CALL_ROOM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_call_room_class_init (ConferCallRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = confer_call_room_finalize;
  object_class->get_property = confer_call_room_get_property;

  /**
   * ConferCallRoom:id:
   *
   * The id the server gave the room.
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /**
   * ConferCallRoom:name:
   *
   * Its name, 1–64 characters.
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_call_room_init (ConferCallRoom *self)
{
}

/**
 * confer_call_room_new_from_json:
 * @object: one of a call state's `rooms`: `id` and `name`, strings
 *   (checked by confer_server_frame_check())
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the room, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_MODEL when its id or name is empty
 */
ConferCallRoom *
confer_call_room_new_from_json (JsonObject  *object,
                                GError     **error)
{
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *name = json_object_get_string_member_with_default (object, "name", NULL);
  ConferCallRoom *self;

  if (id == NULL || *id == '\0' || name == NULL || *name == '\0')
    {
      g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                           "A breakout room has no id or no name");
      return NULL;
    }
  self = g_object_new (CONFER_TYPE_CALL_ROOM, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  return self;
}

/**
 * confer_call_room_get_id:
 * @self: a room
 *
 * Returns: (transfer none): the id the server gave it
 */
const char *
confer_call_room_get_id (ConferCallRoom *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_ROOM (self), NULL);

  return self->id;
}

/**
 * confer_call_room_get_name:
 * @self: a room
 *
 * Returns: (transfer none): its name
 */
const char *
confer_call_room_get_name (ConferCallRoom *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_ROOM (self), NULL);

  return self->name;
}
