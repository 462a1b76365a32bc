/* confer-server-invites.c: invites — checking one, describing it before
 * anyone joins, and minting, listing and revoking them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-invites"

#include "config.h"

#include "confer-server-private.h"

/**
 * confer_server_check_invite:
 * @invite: (nullable): the invite a token found, or %NULL
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the invite may be used now; %FALSE with
 *   `invalid-invite`, `invite-revoked`, `invite-expired` or
 *   `invite-exhausted` set
 */
gboolean
confer_server_check_invite (ConferInviteRecord  *invite,
                            GError             **error)
{
  if (invite == NULL)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INVALID_INVITE,
                 "This invite is not valid for this session");
  else if (invite->revoked)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INVITE_REVOKED,
                 "This invite was revoked");
  else if (invite->expires != 0 && g_get_real_time () / G_USEC_PER_SEC >= invite->expires)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INVITE_EXPIRED,
                 "This invite has expired");
  else if (invite->max_uses != 0 && invite->uses >= invite->max_uses)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INVITE_EXHAUSTED,
                 "This invite has been used as many times as it allows");
  else
    return TRUE;
  return FALSE;
}

/**
 * confer_server_session_describe_invite:
 * @self: a session
 * @hello: a `hello` with `"peek": true` and an `invite`
 * @error: return location for a #GError
 *
 * What a link's invite would give, before anyone decides to join with it:
 * the session's title, the role, when the invite expires. Nothing changes:
 * no participant is made and the invite is not used.
 *
 * Returns: (transfer full) (nullable): the `invite.info` answer; or %NULL
 *   with the errors of joining through an invite set (`invalid-invite`,
 *   `invite-expired`, `invite-revoked`, `invite-exhausted`, `bad-message`)
 */
ConferMessage *
confer_server_session_describe_invite (ConferServerSession  *self,
                                       ConferMessage        *hello,
                                       GError              **error)
{
  const char *invite_token = NULL;
  g_autofree char *invite_hash = NULL;
  g_autoptr(ConferInviteRecord) invite = NULL;
  ConferMessage *info;
  JsonObject *object, *session;

  if (!confer_message_read_string (hello, "invite", TRUE, 128, &invite_token, error))
    return NULL;
  invite_hash = confer_server_hash_token (invite_token);
  invite = confer_server_store_find_invite (confer_server_get_store (self->server), self->id, invite_hash);
  if (!confer_server_check_invite (invite, error))
    return NULL;
  info = confer_message_new ("invite.info");
  object = confer_message_get_object (info);
  session = json_object_new ();
  json_object_set_string_member (session, "id", self->id);
  json_object_set_string_member (session, "title", self->title);
  json_object_set_object_member (object, "session", session);
  json_object_set_string_member (object, "role", confer_role_to_string (invite->role));
  json_object_set_int_member (object, "expires", invite->expires);
  return info;
}

static JsonObject *
invite_json (ConferInviteRecord *record)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", record->id);
  json_object_set_string_member (object, "role", confer_role_to_string (record->role));
  json_object_set_int_member (object, "expires", record->expires);
  json_object_set_int_member (object, "max_uses", record->max_uses);
  json_object_set_int_member (object, "uses", record->uses);
  json_object_set_boolean_member (object, "revoked", record->revoked);
  json_object_set_int_member (object, "created", record->created);
  return object;
}

static void
handle_invite_create (ConferServerSession *self,
                      ConferPeer          *peer,
                      ConferMessage       *message,
                      GError             **error)
{
  ConferServerStore *store = confer_server_get_store (self->server);
  const char *role_name = NULL;
  guint64 expires_in = 0, uses = 0;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(ConferMessage) reply = NULL;
  ConferInviteRecord record = { 0, };
  g_autofree char *id = NULL;

  if (!confer_server_require (confer_role_can_invite (peer->participant->role), "inviting", error) ||
      !confer_message_read_string (message, "role", TRUE, 16, &role_name, error) ||
      !confer_message_read_uint (message, "expires_in", FALSE, 10 * 365 * 86400, &expires_in, error) ||
      !confer_message_read_uint (message, "uses", FALSE, 1000000, &uses, error))
    return;
  if (!confer_role_from_string (role_name, &record.role))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"role\" must be owner, editor, commenter, viewer or guest");
      return;
    }

  token = confer_server_new_token ();
  hash = confer_server_hash_token (token);
  record.id = id = confer_server_new_id ();
  record.created = g_get_real_time () / G_USEC_PER_SEC;
  record.expires = expires_in > 0 ? record.created + (gint64) expires_in : 0;
  record.max_uses = uses;
  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_add_invite (store, self->id, &record, hash, error))
    {
      confer_server_storage_failed (error);
      return;
    }

  reply = confer_server_reply_new (message, "invite.created");
  json_object_set_object_member (confer_message_get_object (reply), "invite", invite_json (&record));
  json_object_set_string_member (confer_message_get_object (reply), "token", token);
  confer_peer_send (peer, reply);
}

static void
handle_invite_revoke (ConferServerSession *self,
                      ConferPeer          *peer,
                      ConferMessage       *message,
                      GError             **error)
{
  const char *id = NULL;
  gboolean found = FALSE;
  g_autoptr(ConferMessage) reply = NULL;

  if (!confer_server_require (confer_role_can_invite (peer->participant->role), "revoking invites", error) ||
      !confer_message_read_string (message, "invite", TRUE, 128, &id, error))
    return;
  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_revoke_invite (confer_server_get_store (self->server), self->id, id, &found, error))
    {
      confer_server_storage_failed (error);
      return;
    }
  if (!found)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_INVITE,
                   "The session has no invite with id “%s”", id);
      return;
    }
  reply = confer_server_reply_new (message, "invite.revoked");
  json_object_set_string_member (confer_message_get_object (reply), "invite", id);
  confer_peer_send (peer, reply);
}

static void
handle_invite_list (ConferServerSession *self,
                    ConferPeer          *peer,
                    ConferMessage       *message,
                    GError             **error)
{
  g_autoptr(GPtrArray) invites = NULL;
  g_autoptr(ConferMessage) reply = NULL;
  JsonArray *array;

  if (!confer_server_require (confer_role_can_invite (peer->participant->role), "listing invites", error))
    return;
  invites = confer_server_store_list_invites (confer_server_get_store (self->server), self->id);
  array = json_array_new ();
  for (guint i = 0; i < invites->len; i++)
    json_array_add_object_element (array, invite_json (g_ptr_array_index (invites, i)));
  reply = confer_server_reply_new (message, "invite.list");
  json_object_set_array_member (confer_message_get_object (reply), "invites", array);
  confer_peer_send (peer, reply);
}

static const ConferServerHandler handlers[] = {
  { "invite.create", handle_invite_create },
  { "invite.revoke", handle_invite_revoke },
  { "invite.list",   handle_invite_list },
};

/**
 * confer_server_invite_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of the
 *   invite messages
 */
const ConferServerHandler *
confer_server_invite_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
