/* confer-call-member.c: a connection in a session's call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A member as `call.joined`, `call.member` and `call.state` describe it
 * (docs/protocol.md, Calls): the member id the server gave this join, the
 * participant whose connection it is, when it joined, and what it sends.
 * Someone on two machines is two members. The client keeps one object per
 * member and updates it in place, so a view bound to it follows along.
 */
#define G_LOG_DOMAIN "confer-call-member"

#include "config.h"

#include "confer-core-error.h"
#include "confer-call-member.h"

struct _ConferCallMember
{
  GObject   parent_instance;

  char     *id;
  char     *participant;
  char     *room;
  gint64    joined;
  gboolean  audio;
  gboolean  video;
  gboolean  screen;
  gboolean  recording;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_PARTICIPANT,
  PROP_ROOM,
  PROP_JOINED,
  PROP_AUDIO,
  PROP_VIDEO,
  PROP_SCREEN,
  PROP_RECORDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferCallMember, confer_call_member, G_TYPE_OBJECT)

static void
confer_call_member_finalize (GObject *object)
{
  ConferCallMember *self = (ConferCallMember *) object;

  g_free (self->id);
  g_free (self->participant);
  g_free (self->room);

  G_OBJECT_CLASS (confer_call_member_parent_class)->finalize (object);
}

static void
confer_call_member_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConferCallMember *self = CONFER_CALL_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PARTICIPANT:
      g_value_set_string (value, self->participant);
      break;
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_JOINED:
      g_value_set_int64 (value, self->joined);
      break;
    case PROP_AUDIO:
      g_value_set_boolean (value, self->audio);
      break;
    case PROP_VIDEO:
      g_value_set_boolean (value, self->video);
      break;
    case PROP_SCREEN:
      g_value_set_boolean (value, self->screen);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_call_member_class_init (ConferCallMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = confer_call_member_finalize;
  object_class->get_property = confer_call_member_get_property;

  /**
   * ConferCallMember:id:
   *
   * The member id the server gave this join (a new one at each join).
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /**
   * ConferCallMember:participant:
   *
   * The id of the participant whose connection it is.
   */
  properties[PROP_PARTICIPANT] = g_param_spec_string ("participant", NULL, NULL, NULL, flags);
  /**
   * ConferCallMember:room:
   *
   * The room it is in: %CONFER_CALL_MAIN_ROOM, or the id of an open
   * breakout room. Each room is its own mesh.
   */
  properties[PROP_ROOM] = g_param_spec_string ("room", NULL, NULL, CONFER_CALL_MAIN_ROOM, flags);
  /**
   * ConferCallMember:joined:
   *
   * When it joined, Unix ms (the server's clock).
   */
  properties[PROP_JOINED] = g_param_spec_int64 ("joined", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /**
   * ConferCallMember:audio:
   *
   * Whether it sends its microphone.
   */
  properties[PROP_AUDIO] = g_param_spec_boolean ("audio", NULL, NULL, FALSE, flags);
  /**
   * ConferCallMember:video:
   *
   * Whether it sends its camera.
   */
  properties[PROP_VIDEO] = g_param_spec_boolean ("video", NULL, NULL, FALSE, flags);
  /**
   * ConferCallMember:screen:
   *
   * Whether it shares a screen.
   */
  properties[PROP_SCREEN] = g_param_spec_boolean ("screen", NULL, NULL, FALSE, flags);
  /**
   * ConferCallMember:recording:
   *
   * Whether it records the call.
   */
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_call_member_init (ConferCallMember *self)
{
}

/**
 * confer_call_member_new_from_json:
 * @object: a member object as the protocol gives it (`call.member`'s
 *   `member`, each of a call state's `members`): `member`, `participant`,
 *   `joined` (Unix ms) and the booleans `audio`, `video`, `screen` and
 *   `recording` (absent means false)
 * @error: return location for a #GError
 *
 * Reads a member. The caller has checked the members' JSON types
 * (confer_server_frame_check()).
 *
 * Returns: (transfer full) (nullable): the member, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_MODEL when its member or participant id is
 *   missing or empty
 */
ConferCallMember *
confer_call_member_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  const char *id = json_object_get_string_member_with_default (object, "member", NULL);
  const char *participant = json_object_get_string_member_with_default (object, "participant", NULL);
  const char *room = json_object_get_string_member_with_default (object, "room", NULL);
  ConferCallMember *self;

  if (id == NULL || *id == '\0' || participant == NULL || *participant == '\0')
    {
      g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                           "A call member has no member or participant id");
      return NULL;
    }
  self = g_object_new (CONFER_TYPE_CALL_MEMBER, NULL);
  self->id = g_strdup (id);
  self->participant = g_strdup (participant);
  self->room = g_strdup (room != NULL && *room != '\0' ? room : CONFER_CALL_MAIN_ROOM);
  self->joined = MAX (json_object_get_int_member_with_default (object, "joined", 0), 0);
  self->audio = json_object_get_boolean_member_with_default (object, "audio", FALSE);
  self->video = json_object_get_boolean_member_with_default (object, "video", FALSE);
  self->screen = json_object_get_boolean_member_with_default (object, "screen", FALSE);
  self->recording = json_object_get_boolean_member_with_default (object, "recording", FALSE);
  return self;
}

/**
 * confer_call_member_get_id:
 * @self: a member
 *
 * Returns: (transfer none): its member id
 */
const char *
confer_call_member_get_id (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), NULL);

  return self->id;
}

/**
 * confer_call_member_get_participant:
 * @self: a member
 *
 * Returns: (transfer none): the id of the participant whose connection
 *   it is
 */
const char *
confer_call_member_get_participant (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), NULL);

  return self->participant;
}

/**
 * confer_call_member_get_room:
 * @self: a member
 *
 * Returns: (transfer none): the room it is in: %CONFER_CALL_MAIN_ROOM or a
 *   breakout room's id
 */
const char *
confer_call_member_get_room (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), NULL);

  return self->room;
}

/**
 * confer_call_member_get_joined:
 * @self: a member
 *
 * Returns: when it joined, Unix ms (the server's clock)
 */
gint64
confer_call_member_get_joined (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), 0);

  return self->joined;
}

/**
 * confer_call_member_get_audio:
 * @self: a member
 *
 * Returns: %TRUE if it sends its microphone
 */
gboolean
confer_call_member_get_audio (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), FALSE);

  return self->audio;
}

/**
 * confer_call_member_get_video:
 * @self: a member
 *
 * Returns: %TRUE if it sends its camera
 */
gboolean
confer_call_member_get_video (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), FALSE);

  return self->video;
}

/**
 * confer_call_member_get_screen:
 * @self: a member
 *
 * Returns: %TRUE if it shares a screen
 */
gboolean
confer_call_member_get_screen (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), FALSE);

  return self->screen;
}

/**
 * confer_call_member_get_recording:
 * @self: a member
 *
 * Returns: %TRUE if it records the call
 */
gboolean
confer_call_member_get_recording (ConferCallMember *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_MEMBER (self), FALSE);

  return self->recording;
}

static void
set_flag (ConferCallMember *self,
          gboolean         *field,
          gboolean          value,
          guint             prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * confer_call_member_update:
 * @self: a listed member
 * @from: the same member (same id) as the server describes it now
 *
 * Copies @from's room and what it sends (`audio`, `video`, `screen`,
 * `recording`) into @self, notifying each property that changed.
 */
void
confer_call_member_update (ConferCallMember *self,
                           ConferCallMember *from)
{
  g_return_if_fail (CONFER_IS_CALL_MEMBER (self));
  g_return_if_fail (CONFER_IS_CALL_MEMBER (from));
  g_return_if_fail (g_str_equal (self->id, from->id));

  if (!g_str_equal (self->room, from->room))
    {
      g_free (self->room);
      self->room = g_strdup (from->room);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOM]);
    }
  set_flag (self, &self->audio, from->audio, PROP_AUDIO);
  set_flag (self, &self->video, from->video, PROP_VIDEO);
  set_flag (self, &self->screen, from->screen, PROP_SCREEN);
  set_flag (self, &self->recording, from->recording, PROP_RECORDING);
}
