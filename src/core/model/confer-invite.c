/* confer-invite.c: an invite to a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An invite as `invite.created` and `invite.list` describe it
 * (docs/protocol.md): its id, the role it grants, its expiry and uses,
 * whether it was revoked; and, when this participant made it, the link
 * carrying its token (the server keeps only the token's hash, so a link
 * made elsewhere cannot be shown).
 */
#define G_LOG_DOMAIN "confer-invite"

#include "config.h"

#include "confer-core-error.h"
#include "confer-invite.h"
#include "confer-model-private.h"

struct _ConferInvite
{
  GObject     parent_instance;

  char       *id;
  ConferRole  role;
  gint64      expires;
  guint       max_uses;
  guint       uses;
  gboolean    revoked;
  gint64      created;
  char       *link;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_ROLE,
  PROP_EXPIRES,
  PROP_MAX_USES,
  PROP_USES,
  PROP_REVOKED,
  PROP_CREATED,
  PROP_LINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferInvite, confer_invite, G_TYPE_OBJECT)

static void
confer_invite_finalize (GObject *object)
{
  ConferInvite *self = (ConferInvite *) object;

  g_free (self->id);
  g_free (self->link);

  G_OBJECT_CLASS (confer_invite_parent_class)->finalize (object);
}

static void
confer_invite_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ConferInvite *self = CONFER_INVITE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_EXPIRES:
      g_value_set_int64 (value, self->expires);
      break;
    case PROP_MAX_USES:
      g_value_set_uint (value, self->max_uses);
      break;
    case PROP_USES:
      g_value_set_uint (value, self->uses);
      break;
    case PROP_REVOKED:
      g_value_set_boolean (value, self->revoked);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_LINK:
      g_value_set_string (value, self->link);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_invite_class_init (ConferInviteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = confer_invite_finalize;
  object_class->get_property = confer_invite_get_property;

  /**
   * ConferInvite:id:
   *
   * The invite's id (not its token).
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  /**
   * ConferInvite:role:
   *
   * The #ConferRole it grants.
   */
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, CONFER_TYPE_ROLE, CONFER_ROLE_GUEST, flags);

  /**
   * ConferInvite:expires:
   *
   * When it expires, in Unix seconds; 0 for never.
   */
  properties[PROP_EXPIRES] = g_param_spec_int64 ("expires", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * ConferInvite:max-uses:
   *
   * How many people may join with it; 0 for any number.
   */
  properties[PROP_MAX_USES] = g_param_spec_uint ("max-uses", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * ConferInvite:uses:
   *
   * How many people joined with it.
   */
  properties[PROP_USES] = g_param_spec_uint ("uses", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * ConferInvite:revoked:
   *
   * Whether its owner revoked it.
   */
  properties[PROP_REVOKED] = g_param_spec_boolean ("revoked", NULL, NULL, FALSE, flags);

  /**
   * ConferInvite:created:
   *
   * When it was made, in Unix seconds; 0 if unknown.
   */
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * ConferInvite:link:
   *
   * The `confer://` link carrying its token, when this participant made
   * it; %NULL otherwise.
   */
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_invite_init (ConferInvite *self)
{
  self->role = CONFER_ROLE_GUEST;
}

/**
 * confer_invite_new_from_json:
 * @object: an invite object as the protocol gives it (`invite.created`'s
 *   `invite`, `invite.list`'s `invites`): `id`, `role`, `expires`,
 *   `max_uses`, `uses`, `revoked` and `created`
 * @error: return location for a #GError
 *
 * Reads an invite; it has no link until confer_invite_set_link().
 *
 * Returns: (transfer full) (nullable): the invite, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_MODEL when the id is missing or the role is
 *   not one of the five
 */
ConferInvite *
confer_invite_new_from_json (JsonObject  *object,
                             GError     **error)
{
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *role_name = json_object_get_string_member_with_default (object, "role", NULL);
  ConferInvite *self;
  ConferRole role;

  if (id == NULL || !confer_role_from_string (role_name, &role))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                   "An invite has no id or an unknown role (%s)", role_name != NULL ? role_name : "none");
      return NULL;
    }
  self = g_object_new (CONFER_TYPE_INVITE, NULL);
  self->id = g_strdup (id);
  self->role = role;
  self->expires = MAX (json_object_get_int_member_with_default (object, "expires", 0), 0);
  self->max_uses = CLAMP (json_object_get_int_member_with_default (object, "max_uses", 0), 0, G_MAXUINT);
  self->uses = CLAMP (json_object_get_int_member_with_default (object, "uses", 0), 0, G_MAXUINT);
  self->revoked = json_object_get_boolean_member_with_default (object, "revoked", FALSE);
  self->created = MAX (json_object_get_int_member_with_default (object, "created", 0), 0);
  return self;
}

/**
 * confer_invite_get_id:
 * @self: an invite
 *
 * Returns: (transfer none): its id, which revoking names
 */
const char *
confer_invite_get_id (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), NULL);

  return self->id;
}

/**
 * confer_invite_get_role:
 * @self: an invite
 *
 * Returns: the role it grants
 */
ConferRole
confer_invite_get_role (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), CONFER_ROLE_GUEST);

  return self->role;
}

/**
 * confer_invite_get_expires:
 * @self: an invite
 *
 * Returns: when it expires, in Unix seconds; 0 for never
 */
gint64
confer_invite_get_expires (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), 0);

  return self->expires;
}

/**
 * confer_invite_get_max_uses:
 * @self: an invite
 *
 * Returns: how many people may join with it; 0 for any number
 */
guint
confer_invite_get_max_uses (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), 0);

  return self->max_uses;
}

/**
 * confer_invite_get_uses:
 * @self: an invite
 *
 * Returns: how many people joined with it
 */
guint
confer_invite_get_uses (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), 0);

  return self->uses;
}

/**
 * confer_invite_get_revoked:
 * @self: an invite
 *
 * Returns: %TRUE if it was revoked
 */
gboolean
confer_invite_get_revoked (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), FALSE);

  return self->revoked;
}

/**
 * confer_invite_get_created:
 * @self: an invite
 *
 * Returns: when it was made, in Unix seconds; 0 if unknown
 */
gint64
confer_invite_get_created (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), 0);

  return self->created;
}

/**
 * confer_invite_get_link:
 * @self: an invite
 *
 * Returns: (transfer none) (nullable): the link carrying its token, if
 *   this participant made it (and kept it)
 */
const char *
confer_invite_get_link (ConferInvite *self)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), NULL);

  return self->link;
}

/**
 * confer_invite_set_link:
 * @self: an invite
 * @link: (nullable): the `confer://` link carrying its token
 *
 * Notifies #ConferInvite:link if it changed.
 */
void
confer_invite_set_link (ConferInvite *self,
                        const char   *link)
{
  g_return_if_fail (CONFER_IS_INVITE (self));

  if (confer_model_set_string (&self->link, link))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

/**
 * confer_invite_is_live:
 * @self: an invite
 * @now: the time, in Unix seconds
 *
 * Returns: %TRUE if the invite still lets people in at @now: not revoked,
 *   not expired, uses left
 */
gboolean
confer_invite_is_live (ConferInvite *self,
                       gint64        now)
{
  g_return_val_if_fail (CONFER_IS_INVITE (self), FALSE);

  return !self->revoked && (self->expires == 0 || self->expires > now) &&
         (self->max_uses == 0 || self->uses < self->max_uses);
}
