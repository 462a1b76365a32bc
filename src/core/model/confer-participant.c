/* confer-participant.c: someone in a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A participant as `welcome` and `participant.joined`/`participant.left`
 * describe them (docs/protocol.md): an id, a display name, the colour of
 * their cursor, their role, and whether any connection of theirs is open.
 * The client keeps one object per participant and updates it in place, so
 * a view bound to it follows along.
 */
#define G_LOG_DOMAIN "confer-participant"

#include "config.h"

#include "confer-core-error.h"
#include "confer-model-private.h"
#include "confer-participant.h"

struct _ConferParticipant
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *colour;
  ConferRole  role;
  gboolean    online;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOUR,
  PROP_ROLE,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferParticipant, confer_participant, G_TYPE_OBJECT)

static void
confer_participant_finalize (GObject *object)
{
  ConferParticipant *self = (ConferParticipant *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->colour);

  G_OBJECT_CLASS (confer_participant_parent_class)->finalize (object);
}

static void
confer_participant_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConferParticipant *self = CONFER_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOUR:
      g_value_set_string (value, self->colour);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_participant_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ConferParticipant *self = CONFER_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      confer_participant_set_name (self, g_value_get_string (value));
      break;
    case PROP_COLOUR:
      confer_participant_set_colour (self, g_value_get_string (value));
      break;
    case PROP_ROLE:
      confer_participant_set_role (self, g_value_get_enum (value));
      break;
    case PROP_ONLINE:
      confer_participant_set_online (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_participant_class_init (ConferParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = confer_participant_finalize;
  object_class->get_property = confer_participant_get_property;
  object_class->set_property = confer_participant_set_property;

  /**
   * ConferParticipant:id:
   *
   * The participant's id in the session, as the server gave it.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ConferParticipant:name:
   *
   * The display name they joined with (at most 64 code points).
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);

  /**
   * ConferParticipant:colour:
   *
   * Their cursor's colour, `#rrggbb`.
   */
  properties[PROP_COLOUR] = g_param_spec_string ("colour", NULL, NULL, "#5e5c64", flags);

  /**
   * ConferParticipant:role:
   *
   * Their #ConferRole.
   */
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, CONFER_TYPE_ROLE, CONFER_ROLE_GUEST, flags);

  /**
   * ConferParticipant:online:
   *
   * Whether at least one connection of theirs is open.
   */
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_participant_init (ConferParticipant *self)
{
  self->name = g_strdup ("");
  self->colour = g_strdup ("#5e5c64");
  self->role = CONFER_ROLE_GUEST;
}

/**
 * confer_participant_new:
 * @id: the participant's id
 * @name: their display name
 * @colour: their colour, `#rrggbb`
 * @role: their role
 * @online: whether a connection of theirs is open
 *
 * Returns: (transfer full): a new participant
 */
ConferParticipant *
confer_participant_new (const char *id,
                        const char *name,
                        const char *colour,
                        ConferRole  role,
                        gboolean    online)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (CONFER_TYPE_PARTICIPANT,
                       "id", id, "name", name, "colour", colour, "role", role, "online", online,
                       NULL);
}

/**
 * confer_participant_new_from_json:
 * @object: a participant object as the protocol gives it (`welcome`'s
 *   `you` and `participants`, `participant.joined`): `id`, `name`,
 *   `colour`, `role` and optionally `online` (absent means away)
 * @error: return location for a #GError
 *
 * Reads a participant. The caller has checked the members' JSON types
 * (confer_server_frame_check(), or the cache's own writing).
 *
 * Returns: (transfer full) (nullable): the participant, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_MODEL when the id is missing or the role is
 *   not one of the five
 */
ConferParticipant *
confer_participant_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *role_name = json_object_get_string_member_with_default (object, "role", NULL);
  ConferRole role;

  if (id == NULL || !confer_role_from_string (role_name, &role))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                   "A participant has no id or an unknown role (%s)", role_name != NULL ? role_name : "none");
      return NULL;
    }
  return confer_participant_new (id, json_object_get_string_member_with_default (object, "name", ""),
                                 json_object_get_string_member_with_default (object, "colour", "#5e5c64"),
                                 role, json_object_get_boolean_member_with_default (object, "online", FALSE));
}

/**
 * confer_participant_to_json:
 * @self: a participant
 *
 * Writes the participant in the protocol's shape, members in the order
 * `id`, `name`, `colour`, `role`, `online` (what the client cache stores
 * and `confer-cli join` prints).
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
confer_participant_to_json (ConferParticipant *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (CONFER_IS_PARTICIPANT (self), NULL);

  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "name", self->name);
  json_object_set_string_member (object, "colour", self->colour);
  json_object_set_string_member (object, "role", confer_role_to_string (self->role));
  json_object_set_boolean_member (object, "online", self->online);
  json_node_take_object (node, object);
  return node;
}

/**
 * confer_participant_get_id:
 * @self: a participant
 *
 * Returns: (transfer none): their id
 */
const char *
confer_participant_get_id (ConferParticipant *self)
{
  g_return_val_if_fail (CONFER_IS_PARTICIPANT (self), NULL);

  return self->id;
}

/**
 * confer_participant_get_name:
 * @self: a participant
 *
 * Returns: (transfer none): their display name
 */
const char *
confer_participant_get_name (ConferParticipant *self)
{
  g_return_val_if_fail (CONFER_IS_PARTICIPANT (self), NULL);

  return self->name;
}

/**
 * confer_participant_set_name:
 * @self: a participant
 * @name: (nullable): their display name; %NULL for none
 *
 * Sets the name, notifying #ConferParticipant:name if it changed.
 */
void
confer_participant_set_name (ConferParticipant *self,
                             const char        *name)
{
  g_return_if_fail (CONFER_IS_PARTICIPANT (self));

  if (confer_model_set_string (&self->name, name != NULL ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * confer_participant_get_colour:
 * @self: a participant
 *
 * Returns: (transfer none): their colour, `#rrggbb` as the server gave it
 *   (a view checks it before painting with it)
 */
const char *
confer_participant_get_colour (ConferParticipant *self)
{
  g_return_val_if_fail (CONFER_IS_PARTICIPANT (self), NULL);

  return self->colour;
}

/**
 * confer_participant_set_colour:
 * @self: a participant
 * @colour: (nullable): `#rrggbb`; %NULL for the neutral grey `#5e5c64`
 *
 * Sets the colour, notifying #ConferParticipant:colour if it changed.
 */
void
confer_participant_set_colour (ConferParticipant *self,
                               const char        *colour)
{
  g_return_if_fail (CONFER_IS_PARTICIPANT (self));

  if (confer_model_set_string (&self->colour, colour != NULL ? colour : "#5e5c64"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOUR]);
}

/**
 * confer_participant_get_role:
 * @self: a participant
 *
 * Returns: their role
 */
ConferRole
confer_participant_get_role (ConferParticipant *self)
{
  g_return_val_if_fail (CONFER_IS_PARTICIPANT (self), CONFER_ROLE_GUEST);

  return self->role;
}

/**
 * confer_participant_set_role:
 * @self: a participant
 * @role: their role
 *
 * Sets the role, notifying #ConferParticipant:role if it changed.
 */
void
confer_participant_set_role (ConferParticipant *self,
                             ConferRole         role)
{
  g_return_if_fail (CONFER_IS_PARTICIPANT (self));
  g_return_if_fail ((guint) role < CONFER_N_ROLES);

  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

/**
 * confer_participant_get_online:
 * @self: a participant
 *
 * Returns: %TRUE if a connection of theirs is open
 */
gboolean
confer_participant_get_online (ConferParticipant *self)
{
  g_return_val_if_fail (CONFER_IS_PARTICIPANT (self), FALSE);

  return self->online;
}

/**
 * confer_participant_set_online:
 * @self: a participant
 * @online: whether a connection of theirs is open
 *
 * Notifies #ConferParticipant:online if it changed.
 */
void
confer_participant_set_online (ConferParticipant *self,
                               gboolean           online)
{
  g_return_if_fail (CONFER_IS_PARTICIPANT (self));

  online = !!online;
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/**
 * confer_participant_update:
 * @self: a participant
 * @from: a newer description of the same participant (same id)
 *
 * Takes @from's name, colour, role and online state, notifying each
 * property that changed, so views showing @self keep their rows.
 */
void
confer_participant_update (ConferParticipant *self,
                           ConferParticipant *from)
{
  g_return_if_fail (CONFER_IS_PARTICIPANT (self));
  g_return_if_fail (CONFER_IS_PARTICIPANT (from));

  g_object_freeze_notify (G_OBJECT (self));
  confer_participant_set_name (self, from->name);
  confer_participant_set_colour (self, from->colour);
  confer_participant_set_role (self, from->role);
  confer_participant_set_online (self, from->online);
  g_object_thaw_notify (G_OBJECT (self));
}
