/* confer-server-session.c: a session on the server: its participants
 * (joining, welcome, leaving) and the table that hands each message after
 * `welcome` to its family's handler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-session"

#include "config.h"

#include "confer-server-private.h"

/* GNOME's palette (the HIG's blue 3, green 3, yellow 3, orange 3, red 3,
 * purple 3, brown 3 and their neighbours), one per participant in turn. */
static const char *palette[] = {
  "#3584e4", "#33d17a", "#e5a50a", "#ff7800", "#e01b24",
  "#9141ac", "#986a44", "#2190a4", "#c061cb", "#5e5c64",
};

/**
 * confer_server_session_load:
 * @server: the server
 * @id: a session id
 *
 * Loads a session's participants and document list from the store.
 *
 * Returns: (transfer full) (nullable): the session, or %NULL if the store
 *   has no such session
 */
ConferServerSession *
confer_server_session_load (ConferServer *server,
                            const char   *id)
{
  ConferServerStore *store = confer_server_get_store (server);
  g_autofree char *title = confer_server_store_get_session_title (store, id);
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  ConferServerSession *self;

  if (title == NULL)
    return NULL;

  self = g_new0 (ConferServerSession, 1);
  self->server = server;
  self->id = g_strdup (id);
  self->title = g_steal_pointer (&title);
  self->participants = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) confer_participant_record_free);
  self->online = g_hash_table_new (g_str_hash, g_str_equal);
  self->peers = g_ptr_array_new ();
  self->docs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) confer_server_doc_free);
  self->trash = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) confer_server_doc_free);
  self->chat = confer_server_chat_new (self);
  self->call = confer_server_call_new (self);

  participants = confer_server_store_list_participants (store, id);
  for (guint i = 0; i < participants->len; i++)
    {
      ConferParticipantRecord *record = g_ptr_array_steal_index (participants, i--);

      g_hash_table_insert (self->participants, record->id, record);
    }
  docs = confer_server_store_list_documents (store, id, 0);
  for (guint i = 0; i < docs->len; i++)
    {
      ConferDocumentRecord *record = g_ptr_array_index (docs, i);
      ConferServerDoc *doc = confer_server_doc_new (self, record->id, record->kind, record->title);

      doc->edited = doc->edited_stored = record->edited;
      g_hash_table_insert (self->docs, doc->id, doc);
    }
  return self;
}

/**
 * confer_server_session_free:
 * @self: (transfer full): a session with no connections
 */
void
confer_server_session_free (ConferServerSession *self)
{
  g_hash_table_unref (self->docs);
  g_hash_table_unref (self->trash);
  confer_server_chat_free (self->chat);
  confer_server_call_free (self->call);
  g_ptr_array_unref (self->peers);
  g_hash_table_unref (self->online);
  g_hash_table_unref (self->participants);
  g_free (self->id);
  g_free (self->title);
  g_free (self);
}

static JsonObject *
participant_json (ConferServerSession     *self,
                  ConferParticipantRecord *record)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", record->id);
  json_object_set_string_member (object, "name", record->name);
  json_object_set_string_member (object, "colour", record->colour);
  json_object_set_string_member (object, "role", confer_role_to_string (record->role));
  json_object_set_boolean_member (object, "online", g_hash_table_contains (self->online, record->id));
  return object;
}

/**
 * confer_server_session_send:
 * @self: a session
 * @except: (nullable): a connection to leave out
 * @message: a message
 *
 * Sends @message to every connection of the session but @except, encoded
 * once.
 */
void
confer_server_session_send (ConferServerSession *self,
                            ConferPeer          *except,
                            ConferMessage       *message)
{
  gsize n_bytes;
  g_autofree char *text = confer_message_encode (message, &n_bytes);

  for (guint i = 0; i < self->peers->len; i++)
    if (self->peers->pdata[i] != except)
      confer_peer_send_encoded (self->peers->pdata[i], text, n_bytes);
}

/* Joins through an invite: a new participant with the invite's role, in
 * @colour (already checked) or else the next colour of the palette. */
static ConferParticipantRecord *
join_with_invite (ConferServerSession  *self,
                  const char           *invite_token,
                  const char           *name,
                  const char           *colour,
                  char                **token_out,
                  GError              **error)
{
  ConferServerStore *store = confer_server_get_store (self->server);
  g_autofree char *invite_hash = confer_server_hash_token (invite_token);
  g_autoptr(ConferInviteRecord) invite = confer_server_store_find_invite (store, self->id, invite_hash);
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  ConferParticipantRecord *record;

  if (!confer_server_check_invite (invite, error))
    return NULL;
  if (name == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"name\" is needed to join");
      return NULL;
    }

  token = confer_server_new_token ();
  token_hash = confer_server_hash_token (token);
  record = g_new0 (ConferParticipantRecord, 1);
  record->id = confer_server_new_id ();
  record->name = g_strdup (name);
  record->colour = g_ascii_strdown (colour != NULL ? colour : palette[g_hash_table_size (self->participants) % G_N_ELEMENTS (palette)], -1);
  record->role = invite->role;

  /* Other commits wait in the group commit; keep them out of this one. */
  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_begin (store, error) ||
      !confer_server_store_add_participant (store, self->id, record, token_hash, error) ||
      !confer_server_store_use_invite (store, invite->id, error) ||
      !confer_server_store_commit (store, error))
    {
      confer_server_store_rollback (store);
      confer_participant_record_free (record);
      g_clear_error (error);
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INTERNAL,
                   "The server could not record the new participant");
      return NULL;
    }
  *token_out = g_steal_pointer (&token);
  return record;
}

/**
 * confer_server_session_welcome:
 * @self: a session
 * @peer: a connection that sent `hello` for this session
 * @hello: the `hello` message
 * @error: return location for a #GError
 *
 * Authenticates a connection with a participant token (reconnect) or an
 * invite token (a new participant), sends `welcome`, and tells the others
 * `participant.joined` if the participant was offline.
 *
 * Returns: %TRUE on success; %FALSE with a %CONFER_PROTOCOL_ERROR
 *   (`invalid-token`, `invalid-invite`, `invite-expired`, `invite-revoked`,
 *   `invite-exhausted`, `session-full`, `bad-message`, `internal`)
 */
gboolean
confer_server_session_welcome (ConferServerSession  *self,
                               ConferPeer           *peer,
                               ConferMessage        *hello,
                               GError              **error)
{
  ConferServerStore *store = confer_server_get_store (self->server);
  const char *name = NULL, *colour = NULL, *token = NULL, *invite = NULL;
  g_autofree char *new_token = NULL;
  g_autoptr(ConferMessage) welcome = NULL;
  ConferParticipantRecord *record;
  JsonObject *object, *session, *you;
  JsonArray *participants;
  GHashTableIter iter;
  gpointer value;
  guint online;

  if (!confer_message_read_string (hello, "name", FALSE, CONFER_PROTOCOL_MAX_NAME, &name, error) ||
      !confer_message_read_string (hello, "token", FALSE, 128, &token, error) ||
      !confer_message_read_string (hello, "invite", FALSE, 128, &invite, error) ||
      !confer_message_read_string (hello, "colour", FALSE, 7, &colour, error))
    return FALSE;
  if (colour != NULL && !confer_protocol_is_colour (colour))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"colour\" must be # and six hexadecimal digits, like #3584e4");
      return FALSE;
    }
  if (self->peers->len >= CONFER_PROTOCOL_MAX_PARTICIPANTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_SESSION_FULL,
                   "The session already has %d connections", CONFER_PROTOCOL_MAX_PARTICIPANTS);
      return FALSE;
    }

  if (token != NULL)
    {
      g_autofree char *hash = confer_server_hash_token (token);
      g_autoptr(ConferParticipantRecord) found = confer_server_store_find_participant (store, self->id, hash);

      record = found != NULL ? g_hash_table_lookup (self->participants, found->id) : NULL;
      if (record == NULL)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INVALID_TOKEN,
                       "This participant token is not valid for this session");
          return FALSE;
        }
    }
  else if (invite != NULL)
    {
      record = join_with_invite (self, invite, name, colour, &new_token, error);
      if (record == NULL)
        return FALSE;
      g_hash_table_insert (self->participants, record->id, record);
    }
  else
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INVALID_INVITE,
                   "\"hello\" needs an \"invite\" or a \"token\"");
      return FALSE;
    }

  peer->session = self;
  peer->participant = g_new0 (ConferParticipantRecord, 1);
  peer->participant->id = g_strdup (record->id);
  peer->participant->name = g_strdup (record->name);
  peer->participant->colour = g_strdup (record->colour);
  peer->participant->role = record->role;
  g_ptr_array_add (self->peers, peer);
  online = GPOINTER_TO_UINT (g_hash_table_lookup (self->online, record->id));
  g_hash_table_insert (self->online, record->id, GUINT_TO_POINTER (online + 1));

  welcome = confer_message_new ("welcome");
  object = confer_message_get_object (welcome);
  confer_message_set_txn (welcome, confer_message_get_txn (hello));
  json_object_set_int_member (object, "version", CONFER_PROTOCOL_VERSION);
  session = json_object_new ();
  json_object_set_string_member (session, "id", self->id);
  json_object_set_string_member (session, "title", self->title);
  json_object_set_object_member (object, "session", session);
  you = participant_json (self, record);
  json_object_set_object_member (object, "you", you);
  if (new_token != NULL)
    json_object_set_string_member (object, "token", new_token);
  participants = json_array_new ();
  g_hash_table_iter_init (&iter, self->participants);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    json_array_add_object_element (participants, participant_json (self, value));
  json_object_set_array_member (object, "participants", participants);
  json_object_set_array_member (object, "docs", confer_server_session_docs_json (self));
  json_object_set_object_member (object, "call", confer_server_call_state_json (self->call));
  confer_peer_send (peer, welcome);

  if (online == 0)
    {
      g_autoptr(ConferMessage) joined = confer_message_new ("participant.joined");

      json_object_set_object_member (confer_message_get_object (joined), "participant",
                                     participant_json (self, record));
      confer_server_session_send (self, peer, joined);
    }
  return TRUE;
}

/**
 * confer_server_session_leave:
 * @self: a session
 * @peer: a connection of it that closed
 *
 * Forgets the connection; if it was the participant's last, drops their
 * cursors and tells the others `participant.left`.
 */
void
confer_server_session_leave (ConferServerSession *self,
                             ConferPeer          *peer)
{
  g_autoptr(GList) docs = g_hash_table_get_values (peer->docs);
  const char *id = peer->participant->id;
  ConferParticipantRecord *record = g_hash_table_lookup (self->participants, id);
  guint online = GPOINTER_TO_UINT (g_hash_table_lookup (self->online, id));

  for (GList *l = docs; l != NULL; l = l->next)
    confer_server_doc_unsubscribe (l->data, peer);
  confer_server_chat_leave (self->chat, peer);
  g_ptr_array_remove_fast (self->peers, peer);
  confer_server_call_leave (self->call, peer);

  if (online > 1)
    {
      g_hash_table_insert (self->online, record->id, GUINT_TO_POINTER (online - 1));
      return;
    }

  g_hash_table_remove (self->online, id);
  {
    g_autoptr(ConferMessage) left = confer_message_new ("participant.left");
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->docs);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_hash_table_remove (((ConferServerDoc *) value)->presence, id);
    json_object_set_object_member (confer_message_get_object (left), "participant",
                                   participant_json (self, record));
    confer_server_session_send (self, peer, left);
  }
}

/* Handlers: each reads and checks its message, sets @error to refuse it
 * (nothing changed), or answers. */

/**
 * confer_server_require:
 * @allowed: whether the sender's role allows the message
 * @what: what is refused, for the message ("creating documents")
 * @error: return location for a #GError
 *
 * Returns: @allowed; if %FALSE, with `forbidden` set
 */
gboolean
confer_server_require (gboolean     allowed,
                       const char  *what,
                       GError     **error)
{
  if (!allowed)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN,
                 "Your role does not allow %s", what);
  return allowed;
}

/**
 * confer_server_reply_new:
 * @request: a message being answered
 * @type: the answer's type
 *
 * Returns: (transfer full): a message of @type carrying @request's txn
 */
ConferMessage *
confer_server_reply_new (ConferMessage *request,
                         const char    *type)
{
  ConferMessage *reply = confer_message_new (type);

  confer_message_set_txn (reply, confer_message_get_txn (request));
  return reply;
}

/**
 * confer_server_storage_failed:
 * @error: (inout): the store's error, replaced
 *
 * Replaces a store error with the `internal` one a peer is told.
 *
 * Returns: %FALSE
 */
gboolean
confer_server_storage_failed (GError **error)
{
  g_clear_error (error);
  g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INTERNAL,
               "The server could not store the change");
  return FALSE;
}

static void
handle_ping (ConferServerSession *self,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  g_autoptr(ConferMessage) pong = confer_server_reply_new (message, "pong");

  confer_peer_send (peer, pong);
}

static const ConferServerHandler session_handlers[] = {
  { "ping", handle_ping },
};

/* Every message family's handlers, by type. */
static GHashTable *
handler_table (void)
{
  static gsize table = 0;

  if (g_once_init_enter (&table))
    {
      const ConferServerHandler *(*families[]) (guint *) = {
        confer_server_text_handlers,
        confer_server_board_handlers,
        confer_server_item_handlers,
        confer_server_invite_handlers,
        confer_server_chat_handlers,
        confer_server_call_handlers,
        confer_server_annotation_handlers,
      };
      GHashTable *handlers = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (session_handlers); i++)
        g_hash_table_insert (handlers, (gpointer) session_handlers[i].type, (gpointer) &session_handlers[i]);
      for (guint f = 0; f < G_N_ELEMENTS (families); f++)
        {
          guint n;
          const ConferServerHandler *family = families[f] (&n);

          for (guint i = 0; i < n; i++)
            g_hash_table_insert (handlers, (gpointer) family[i].type, (gpointer) &family[i]);
        }
      g_once_init_leave (&table, (gsize) handlers);
    }
  return (GHashTable *) table;
}

/**
 * confer_server_session_handle:
 * @self: a session
 * @peer: a connection welcomed into it
 * @message: a decoded message
 *
 * Handles one message, answering `error` (with the message's txn) when it
 * is refused; a refused message changes nothing.
 */
void
confer_server_session_handle (ConferServerSession *self,
                              ConferPeer          *peer,
                              ConferMessage       *message)
{
  const char *type = confer_message_get_type_name (message);
  g_autoptr(GError) error = NULL;

  const ConferServerHandler *handler = g_hash_table_lookup (handler_table (), type);

  if (handler != NULL)
    {
      handler->handle (self, peer, message, &error);
      if (error != NULL)
        confer_peer_send_error (peer, error, confer_message_get_txn (message));
      return;
    }

  if (g_str_equal (type, "hello"))
    g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_AUTHENTICATED,
                 "This connection has already been welcomed");
  else
    g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_TYPE,
                 "Unknown message type “%s”", type);
  confer_peer_send_error (peer, error, confer_message_get_txn (message));
}
