/* confer-server-session.c: a session on the server: participants,
 * documents, and the handling of every message after `welcome`
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

typedef struct
{
  char *author;
  char *txn;
} OpMeta;

typedef struct
{
  guint64 revision;
  gsize   anchor;
  gsize   head;
} Presence;

typedef void (*Handler) (ConferServerSession *self, ConferPeer *peer, ConferMessage *message, GError **error);

static void
op_meta_free (OpMeta *meta)
{
  g_free (meta->author);
  g_free (meta->txn);
  g_free (meta);
}

static ConferServerDoc *
doc_new (ConferServerSession *session,
         const char          *id,
         const char          *title)
{
  ConferServerDoc *doc = g_new0 (ConferServerDoc, 1);

  doc->session = session;
  doc->id = g_strdup (id);
  doc->title = g_strdup (title);
  doc->subscribers = g_ptr_array_new ();
  doc->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return doc;
}

/**
 * confer_server_doc_unload:
 * @doc: a document
 *
 * Drops the document's OT state, which is rebuilt from the store on next
 * use (after a failed commit, memory must not keep what the store lost).
 */
void
confer_server_doc_unload (ConferServerDoc *doc)
{
  g_clear_object (&doc->ot);
  g_clear_pointer (&doc->meta, g_ptr_array_unref);
  g_clear_pointer (&doc->txns, g_hash_table_unref);
}

/**
 * confer_server_doc_set_snapshot:
 * @doc: a document
 * @revision: the revision of the snapshot just stored
 *
 * Records a stored snapshot.
 */
void
confer_server_doc_set_snapshot (ConferServerDoc *doc,
                                guint64          revision)
{
  doc->snapshot_revision = revision;
}

static void
doc_free (ConferServerDoc *doc)
{
  confer_server_doc_unload (doc);
  g_ptr_array_unref (doc->subscribers);
  g_hash_table_unref (doc->presence);
  g_free (doc->id);
  g_free (doc->title);
  g_free (doc->deleted_by);
  g_free (doc);
}

static char *
txn_key (const char *author,
         const char *txn)
{
  return g_strconcat (author, "\x1f", txn, NULL);
}

static gboolean
doc_ensure_loaded (ConferServerDoc  *doc,
                   GError          **error)
{
  ConferServerStore *store = confer_server_get_store (doc->session->server);
  g_autofree char *snapshot = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(ConferOtServer) ot = NULL;
  guint64 snapshot_revision;

  if (doc->ot != NULL)
    return TRUE;
  if (!confer_server_store_load_document (store, doc->id, &snapshot, &snapshot_revision, &ops, error))
    return FALSE;
  ot = confer_ot_server_new (snapshot, snapshot_revision, error);
  if (ot == NULL)
    return FALSE;

  doc->meta = g_ptr_array_new_with_free_func ((GDestroyNotify) op_meta_free);
  for (guint i = 0; i < ops->len; i++)
    {
      ConferStoredOp *stored = g_ptr_array_index (ops, i);
      g_autoptr(ConferTextOp) op = confer_text_op_new_from_string (stored->op_json, error);
      OpMeta *meta;

      if (op == NULL || confer_ot_server_submit (ot, confer_ot_server_get_revision (ot), op, error) == NULL)
        {
          g_prefix_error (error, "Document %s, revision %" G_GUINT64_FORMAT " in the store: ",
                          doc->id, stored->revision);
          g_clear_pointer (&doc->meta, g_ptr_array_unref);
          return FALSE;
        }
      meta = g_new0 (OpMeta, 1);
      meta->author = g_strdup (stored->author);
      meta->txn = g_strdup (stored->txn);
      g_ptr_array_add (doc->meta, meta);
    }

  doc->txns = confer_server_store_list_txns (store, doc->id);
  doc->ot = g_steal_pointer (&ot);
  doc->snapshot_revision = snapshot_revision;
  return TRUE;
}

/**
 * confer_server_doc_op_message:
 * @doc: a loaded document
 * @revision: a revision in its in-memory log
 * @type: (nullable): the message type ("doc.op"), or %NULL for the bare
 *   entry of a `doc.ops` list
 *
 * Returns: (transfer full): `{type, doc, rev, op, author, txn}` for the
 *   operation that produced @revision; without @type, only
 *   `{rev, op, author, txn}`
 */
ConferMessage *
confer_server_doc_op_message (ConferServerDoc *doc,
                              guint64          revision,
                              const char      *type)
{
  ConferMessage *message = confer_message_new (type != NULL ? type : "");
  JsonObject *object = confer_message_get_object (message);
  OpMeta *meta = g_ptr_array_index (doc->meta, revision - confer_ot_server_get_first_revision (doc->ot) - 1);

  if (type != NULL)
    json_object_set_string_member (object, "doc", doc->id);
  else
    json_object_remove_member (object, "type");
  json_object_set_int_member (object, "rev", revision);
  json_object_set_member (object, "op", confer_text_op_to_json (confer_ot_server_get_op (doc->ot, revision)));
  json_object_set_string_member (object, "author", meta->author);
  json_object_set_string_member (object, "txn", meta->txn);
  return message;
}

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
  self->docs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) doc_free);
  self->trash = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) doc_free);

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
      ConferServerDoc *doc = doc_new (self, record->id, record->title);

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

static JsonObject *
doc_json (ConferServerDoc *doc)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", doc->id);
  json_object_set_string_member (object, "title", doc->title);
  json_object_set_int_member (object, "edited", doc->edited);
  return object;
}

static JsonArray *
docs_json (ConferServerSession *self)
{
  g_autoptr(GList) docs = g_hash_table_get_values (self->docs);
  JsonArray *array = json_array_new ();

  for (GList *l = docs; l != NULL; l = l->next)
    json_array_add_object_element (array, doc_json (l->data));
  return array;
}

static void
send_to_session (ConferServerSession *self,
                 ConferPeer          *except,
                 ConferMessage       *message)
{
  gsize n_bytes;
  g_autofree char *text = confer_message_encode (message, &n_bytes);

  for (guint i = 0; i < self->peers->len; i++)
    if (self->peers->pdata[i] != except)
      confer_peer_send_encoded (self->peers->pdata[i], text, n_bytes);
}

static gboolean
check_invite (ConferInviteRecord  *invite,
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
  if (!check_invite (invite, error))
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

  if (!check_invite (invite, error))
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
  confer_server_flush (self->server);
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
  json_object_set_array_member (object, "docs", docs_json (self));
  confer_peer_send (peer, welcome);

  if (online == 0)
    {
      g_autoptr(ConferMessage) joined = confer_message_new ("participant.joined");

      json_object_set_object_member (confer_message_get_object (joined), "participant",
                                     participant_json (self, record));
      send_to_session (self, peer, joined);
    }
  return TRUE;
}

static void
unsubscribe (ConferServerDoc *doc,
             ConferPeer      *peer)
{
  g_ptr_array_remove_fast (doc->subscribers, peer);
  g_hash_table_remove (peer->docs, doc->id);
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
    unsubscribe (l->data, peer);
  g_ptr_array_remove_fast (self->peers, peer);

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
    send_to_session (self, peer, left);
  }
}

/* Handlers: each reads and checks its message, sets @error to refuse it
 * (nothing changed), or answers. */

static gboolean
require (gboolean     allowed,
         const char  *what,
         GError     **error)
{
  if (!allowed)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN,
                 "Your role does not allow %s", what);
  return allowed;
}

/* The document a message names. With @in_trash, a deleted one still
 * restorable is found too (loaded from the store if need be): resumed
 * participants' unsent changes go into it rather than being lost. */
static ConferServerDoc *
lookup_doc (ConferServerSession  *self,
            ConferMessage        *message,
            gboolean              in_trash,
            GError              **error)
{
  const char *id = NULL;
  ConferServerDoc *doc;

  if (!confer_message_read_string (message, "doc", TRUE, 128, &id, error))
    return NULL;
  doc = g_hash_table_lookup (self->docs, id);
  if (doc == NULL && in_trash)
    doc = g_hash_table_lookup (self->trash, id);
  if (doc == NULL && in_trash)
    {
      g_autoptr(ConferDocumentRecord) record = confer_server_store_find_document (confer_server_get_store (self->server),
                                                                                  self->id, id);

      if (record != NULL && record->deleted >= g_get_real_time () / G_USEC_PER_SEC - CONFER_PROTOCOL_DELETED_KEEP)
        {
          doc = doc_new (self, record->id, record->title);
          doc->edited = doc->edited_stored = record->edited;
          doc->deleted = record->deleted;
          doc->deleted_by = g_steal_pointer (&record->deleted_by);
          g_hash_table_insert (self->trash, doc->id, doc);
        }
    }
  if (doc == NULL)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                 "The session has no document with id “%s”", id);
  return doc;
}

static ConferMessage *
reply_new (ConferMessage *request,
           const char    *type)
{
  ConferMessage *reply = confer_message_new (type);

  confer_message_set_txn (reply, confer_message_get_txn (request));
  return reply;
}

static void
handle_ping (ConferServerSession *self,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  g_autoptr(ConferMessage) pong = reply_new (message, "pong");

  confer_peer_send (peer, pong);
}

static void
handle_doc_list (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  g_autoptr(ConferMessage) reply = reply_new (message, "doc.list");

  json_object_set_array_member (confer_message_get_object (reply), "docs", docs_json (self));
  confer_peer_send (peer, reply);
}

/* Sends @type with the document to everyone; the requester's copy carries
 * its txn. */
static void
announce_doc (ConferServerSession *self,
              ConferPeer          *peer,
              ConferMessage       *request,
              ConferServerDoc     *doc,
              const char          *type)
{
  g_autoptr(ConferMessage) others = confer_message_new (type);
  g_autoptr(ConferMessage) mine = reply_new (request, type);

  json_object_set_object_member (confer_message_get_object (others), "doc", doc_json (doc));
  json_object_set_object_member (confer_message_get_object (mine), "doc", doc_json (doc));
  /* Who deleted it, for everyone to be told. */
  if (doc->deleted_by != NULL)
    {
      json_object_set_string_member (confer_message_get_object (others), "by", doc->deleted_by);
      json_object_set_string_member (confer_message_get_object (mine), "by", doc->deleted_by);
    }
  send_to_session (self, peer, others);
  confer_peer_send (peer, mine);
}

static gboolean
storage_failed (GError **error)
{
  g_clear_error (error);
  g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INTERNAL,
               "The server could not store the change");
  return FALSE;
}

static void
handle_doc_create (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  ConferServerStore *store = confer_server_get_store (self->server);
  const char *title = NULL;
  g_autofree char *id = NULL;
  ConferServerDoc *doc;

  if (!require (confer_role_can_manage_docs (peer->participant->role), "creating documents", error) ||
      !confer_message_read_string (message, "title", TRUE, CONFER_PROTOCOL_MAX_TITLE, &title, error))
    return;
  if (g_hash_table_size (self->docs) >= CONFER_PROTOCOL_MAX_DOCUMENTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "A session holds at most %d documents", CONFER_PROTOCOL_MAX_DOCUMENTS);
      return;
    }

  id = confer_server_new_id ();
  confer_server_flush (self->server);
  if (!confer_server_store_add_document (store, self->id, id, title, error))
    {
      storage_failed (error);
      return;
    }
  doc = doc_new (self, id, title);
  doc->edited = doc->edited_stored = g_get_real_time () / G_USEC_PER_SEC;
  g_hash_table_insert (self->docs, doc->id, doc);
  announce_doc (self, peer, message, doc, "doc.created");
}

static void
handle_doc_rename (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  const char *title = NULL;
  ConferServerDoc *doc;

  if (!require (confer_role_can_manage_docs (peer->participant->role), "renaming documents", error) ||
      (doc = lookup_doc (self, message, FALSE, error)) == NULL ||
      !confer_message_read_string (message, "title", TRUE, CONFER_PROTOCOL_MAX_TITLE, &title, error))
    return;

  confer_server_flush (self->server);
  if (!confer_server_store_rename_document (confer_server_get_store (self->server), doc->id, title, error))
    {
      storage_failed (error);
      return;
    }
  g_free (doc->title);
  doc->title = g_strdup (title);
  announce_doc (self, peer, message, doc, "doc.renamed");
}

static void
handle_doc_delete (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  ConferServerDoc *doc;

  if (!require (confer_role_can_manage_docs (peer->participant->role), "deleting documents", error) ||
      (doc = lookup_doc (self, message, FALSE, error)) == NULL)
    return;

  confer_server_flush (self->server);
  if (!confer_server_store_delete_document (confer_server_get_store (self->server), doc->id,
                                            peer->participant->id, error))
    {
      storage_failed (error);
      return;
    }
  /* Into the trash: restorable, and still taking resumed changes. */
  doc->deleted = g_get_real_time () / G_USEC_PER_SEC;
  g_free (doc->deleted_by);
  doc->deleted_by = g_strdup (peer->participant->id);
  announce_doc (self, peer, message, doc, "doc.deleted");
  while (doc->subscribers->len > 0)
    unsubscribe (doc, g_ptr_array_index (doc->subscribers, 0));
  g_hash_table_steal (self->docs, doc->id);
  g_hash_table_insert (self->trash, doc->id, doc);
}

/* The documents deleted in the last 30 days, most recent first. */
static void
handle_doc_trash (ConferServerSession *self,
                  ConferPeer          *peer,
                  ConferMessage       *message,
                  GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  JsonArray *docs;

  if (!require (confer_role_can_manage_docs (peer->participant->role), "seeing deleted documents", error))
    return;
  deleted = confer_server_store_list_documents (confer_server_get_store (self->server), self->id,
                                                MAX (g_get_real_time () / G_USEC_PER_SEC - CONFER_PROTOCOL_DELETED_KEEP, 1));
  docs = json_array_new ();
  for (guint i = 0; i < deleted->len; i++)
    {
      ConferDocumentRecord *record = g_ptr_array_index (deleted, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", record->id);
      json_object_set_string_member (object, "title", record->title);
      json_object_set_int_member (object, "edited", record->edited);
      json_object_set_int_member (object, "deleted", record->deleted);
      if (record->deleted_by != NULL)
        json_object_set_string_member (object, "by", record->deleted_by);
      json_array_add_object_element (docs, object);
    }
  reply = reply_new (message, "doc.trash");
  json_object_set_array_member (confer_message_get_object (reply), "docs", docs);
  confer_peer_send (peer, reply);
}

/* A deleted document comes back, with every change made to it. */
static void
handle_doc_restore (ConferServerSession *self,
                    ConferPeer          *peer,
                    ConferMessage       *message,
                    GError             **error)
{
  ConferServerDoc *doc;

  if (!require (confer_role_can_manage_docs (peer->participant->role), "restoring documents", error) ||
      (doc = lookup_doc (self, message, TRUE, error)) == NULL)
    return;
  if (doc->deleted == 0)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "The document “%s” is not deleted", doc->title);
      return;
    }
  if (g_hash_table_size (self->docs) >= CONFER_PROTOCOL_MAX_DOCUMENTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "A session holds at most %d documents", CONFER_PROTOCOL_MAX_DOCUMENTS);
      return;
    }
  confer_server_flush (self->server);
  if (!confer_server_store_restore_document (confer_server_get_store (self->server), doc->id, error))
    {
      storage_failed (error);
      return;
    }
  doc->deleted = 0;
  g_clear_pointer (&doc->deleted_by, g_free);
  g_hash_table_steal (self->trash, doc->id);
  g_hash_table_insert (self->docs, doc->id, doc);
  announce_doc (self, peer, message, doc, "doc.restored");
}

static void
send_presence (ConferServerDoc *doc,
               const char      *participant,
               Presence        *presence,
               ConferPeer      *to,
               ConferPeer      *except)
{
  g_autoptr(ConferMessage) message = confer_message_new ("presence");
  JsonObject *object = confer_message_get_object (message);

  json_object_set_string_member (object, "doc", doc->id);
  json_object_set_string_member (object, "participant", participant);
  json_object_set_int_member (object, "rev", presence->revision);
  json_object_set_int_member (object, "anchor", presence->anchor);
  json_object_set_int_member (object, "head", presence->head);
  if (to != NULL)
    confer_peer_send (to, message);
  else
    confer_server_queue_broadcast (doc->session->server, doc, except, message);
}

static void
handle_doc_open (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  ConferServerDoc *doc;
  JsonObject *object;
  guint64 from = G_MAXUINT64, head;
  GHashTableIter iter;
  gpointer key, value;

  /* A resume (with `rev`) may reach a deleted document, for the changes
   * the participant made before it was deleted. */
  if (!confer_message_read_uint (message, "rev", FALSE, G_MAXINT64, &from, error) ||
      (doc = lookup_doc (self, message, from != G_MAXUINT64, error)) == NULL)
    return;
  if (!doc_ensure_loaded (doc, error))
    {
      g_warning ("Could not load document %s: %s", doc->id, (*error)->message);
      storage_failed (error);
      return;
    }
  /* Answer from committed state only. */
  confer_server_flush (self->server);
  head = confer_ot_server_get_revision (doc->ot);
  if (from != G_MAXUINT64 && from > head)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document (at %" G_GUINT64_FORMAT ")",
                   from, head);
      return;
    }

  if (from != G_MAXUINT64)
    {
      guint64 first = confer_ot_server_get_first_revision (doc->ot);
      JsonArray *ops = json_array_new ();

      /* What a snapshot dropped from memory comes from the store. */
      if (from < first)
        {
          g_autoptr(GPtrArray) stored = confer_server_store_list_ops_since (confer_server_get_store (self->server),
                                                                            doc->id, from);

          for (guint i = 0; i < stored->len; i++)
            {
              ConferStoredOp *op = g_ptr_array_index (stored, i);
              JsonNode *op_node;
              JsonObject *entry;

              if (op->revision > first)
                break;
              op_node = confer_json_text_parse (op->op_json, strlen (op->op_json), CONFER_JSON_MAX_DEPTH, NULL);
              if (op_node == NULL)
                continue;
              entry = json_object_new ();
              json_object_set_int_member (entry, "rev", op->revision);
              json_object_set_member (entry, "op", op_node);
              json_object_set_string_member (entry, "author", op->author);
              json_object_set_string_member (entry, "txn", op->txn);
              json_array_add_object_element (ops, entry);
            }
        }

      reply = reply_new (message, "doc.ops");
      object = confer_message_get_object (reply);
      for (guint64 rev = MAX (from, first) + 1; rev <= head; rev++)
        {
          g_autoptr(ConferMessage) op = confer_server_doc_op_message (doc, rev, NULL);

          json_array_add_object_element (ops, json_object_ref (confer_message_get_object (op)));
        }
      json_object_set_int_member (object, "from", from);
      json_object_set_array_member (object, "ops", ops);
    }
  else
    {
      g_autofree char *text = confer_rope_to_string (confer_ot_server_get_rope (doc->ot), NULL);

      reply = reply_new (message, "doc.snapshot");
      object = confer_message_get_object (reply);
      json_object_set_string_member (object, "text", text);
    }
  json_object_set_string_member (object, "doc", doc->id);
  json_object_set_int_member (object, "rev", head);
  confer_peer_send (peer, reply);

  if (!g_hash_table_contains (peer->docs, doc->id))
    {
      g_ptr_array_add (doc->subscribers, peer);
      g_hash_table_insert (peer->docs, doc->id, doc);
    }

  g_hash_table_iter_init (&iter, doc->presence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Presence *presence = value;

      if (g_str_equal (key, peer->participant->id))
        continue;
      if (!confer_ot_server_transform_position (doc->ot, presence->revision, &presence->anchor, NULL) ||
          !confer_ot_server_transform_position (doc->ot, presence->revision, &presence->head, NULL))
        continue;
      presence->revision = head;
      send_presence (doc, key, presence, peer, NULL);
    }
}

static void
handle_doc_close (ConferServerSession *self,
                  ConferPeer          *peer,
                  ConferMessage       *message,
                  GError             **error)
{
  ConferServerDoc *doc = lookup_doc (self, message, TRUE, error);

  if (doc != NULL)
    unsubscribe (doc, peer);
}

/* Transforms an operation based before the in-memory log past the stored
 * operations between its base and the log's start. */
static ConferTextOp *
transform_from_store (ConferServerDoc  *doc,
                      ConferTextOp     *op,
                      guint64           base,
                      GError          **error)
{
  ConferServerStore *store = confer_server_get_store (doc->session->server);
  guint64 first = confer_ot_server_get_first_revision (doc->ot);
  g_autoptr(GPtrArray) stored = confer_server_store_list_ops_since (store, doc->id, base);
  g_autoptr(ConferTextOp) result = confer_text_op_ref (op);

  for (guint i = 0; i < stored->len; i++)
    {
      ConferStoredOp *s = g_ptr_array_index (stored, i);
      g_autoptr(ConferTextOp) committed = NULL;
      ConferTextOp *next;

      if (s->revision > first)
        break;
      committed = confer_text_op_new_from_string (s->op_json, error);
      if (committed == NULL)
        return NULL;
      next = confer_text_op_transform (result, committed, CONFER_TEXT_LEFT);
      confer_text_op_unref (result);
      result = next;
    }
  return g_steal_pointer (&result);
}

/* When a document was last edited, for joining in the one edited last:
 * kept in memory at once, and in the store at most every
 * EDITED_STORE_INTERVAL_S, so typing costs no extra write per keystroke. */
#define EDITED_STORE_INTERVAL_S 10

static void
note_edited (ConferServerSession *self,
             ConferServerDoc     *doc)
{
  g_autoptr(GError) error = NULL;

  doc->edited = g_get_real_time () / G_USEC_PER_SEC;
  if (doc->edited - doc->edited_stored < EDITED_STORE_INTERVAL_S)
    return;
  doc->edited_stored = doc->edited;
  if (!confer_server_store_set_document_edited (confer_server_get_store (self->server), doc->id, doc->edited, &error))
    g_warning ("When document %s was edited could not be stored: %s", doc->id, error->message);
}

static void
handle_doc_op (ConferServerSession *self,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  const char *txn = confer_message_get_txn (message);
  g_autoptr(ConferTextOp) op = NULL;
  g_autoptr(GError) core_error = NULL;
  g_autofree char *key = NULL;
  ConferServerDoc *doc;
  guint64 base = 0, head, first;
  gpointer committed_rev;
  OpMeta *meta;

  if (!require (confer_role_can_edit (peer->participant->role), "editing documents", error) ||
      (doc = lookup_doc (self, message, TRUE, error)) == NULL ||
      !confer_message_read_uint (message, "rev", TRUE, G_MAXINT64, &base, error))
    return;
  if (txn == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"doc.op\" needs a \"txn\"");
      return;
    }
  if ((op = confer_message_read_op (message, "op", error)) == NULL)
    return;
  if (!doc_ensure_loaded (doc, error))
    {
      storage_failed (error);
      return;
    }

  /* Already committed (or about to be): only the ack goes out again, in
   * order with the pending commits. */
  key = txn_key (peer->participant->id, txn);
  if (g_hash_table_lookup_extended (doc->txns, key, NULL, &committed_rev))
    {
      confer_server_queue_commit (self->server, peer, doc, GPOINTER_TO_SIZE (committed_rev), txn, TRUE);
      return;
    }

  head = confer_ot_server_get_revision (doc->ot);
  first = confer_ot_server_get_first_revision (doc->ot);
  if (base > head)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document (at %" G_GUINT64_FORMAT ")",
                   base, head);
      return;
    }
  if (base < first)
    {
      ConferTextOp *moved = transform_from_store (doc, op, base, error);

      if (moved == NULL)
        {
          storage_failed (error);
          return;
        }
      confer_text_op_unref (op);
      op = moved;
      base = first;
    }

  if (confer_ot_server_submit (doc->ot, base, op, &core_error) == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_OP_OUT_OF_RANGE,
                   "The operation does not fit the document: %s", core_error->message);
      return;
    }

  head = confer_ot_server_get_revision (doc->ot);
  meta = g_new0 (OpMeta, 1);
  meta->author = g_strdup (peer->participant->id);
  meta->txn = g_strdup (txn);
  g_ptr_array_add (doc->meta, meta);
  g_hash_table_insert (doc->txns, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) head));
  confer_server_queue_commit (self->server, peer, doc, head, txn, FALSE);
  note_edited (self, doc);
}

static void
handle_presence (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  ConferServerDoc *doc;
  guint64 rev = 0, anchor = 0, head = 0;
  Presence *presence;
  gsize a, h;

  if ((doc = lookup_doc (self, message, FALSE, error)) == NULL ||
      !confer_message_read_uint (message, "rev", TRUE, G_MAXINT64, &rev, error) ||
      !confer_message_read_uint (message, "anchor", TRUE, G_MAXINT32, &anchor, error) ||
      !confer_message_read_uint (message, "head", TRUE, G_MAXINT32, &head, error))
    return;
  if (!g_hash_table_contains (peer->docs, doc->id))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                   "Open the document before sending presence in it");
      return;
    }

  a = anchor;
  h = head;
  if (rev > confer_ot_server_get_revision (doc->ot))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document", rev);
      return;
    }
  if (!confer_ot_server_transform_position (doc->ot, MAX (rev, confer_ot_server_get_first_revision (doc->ot)), &a, NULL) ||
      !confer_ot_server_transform_position (doc->ot, MAX (rev, confer_ot_server_get_first_revision (doc->ot)), &h, NULL))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "The cursor lies outside the document");
      return;
    }

  presence = g_new0 (Presence, 1);
  presence->revision = confer_ot_server_get_revision (doc->ot);
  presence->anchor = a;
  presence->head = h;
  g_hash_table_insert (doc->presence, g_strdup (peer->participant->id), presence);
  send_presence (doc, peer->participant->id, presence, NULL, peer);
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

  if (!require (confer_role_can_invite (peer->participant->role), "inviting", error) ||
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
  confer_server_flush (self->server);
  if (!confer_server_store_add_invite (store, self->id, &record, hash, error))
    {
      storage_failed (error);
      return;
    }

  reply = reply_new (message, "invite.created");
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

  if (!require (confer_role_can_invite (peer->participant->role), "revoking invites", error) ||
      !confer_message_read_string (message, "invite", TRUE, 128, &id, error))
    return;
  confer_server_flush (self->server);
  if (!confer_server_store_revoke_invite (confer_server_get_store (self->server), self->id, id, &found, error))
    {
      storage_failed (error);
      return;
    }
  if (!found)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_INVITE,
                   "The session has no invite with id “%s”", id);
      return;
    }
  reply = reply_new (message, "invite.revoked");
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

  if (!require (confer_role_can_invite (peer->participant->role), "listing invites", error))
    return;
  invites = confer_server_store_list_invites (confer_server_get_store (self->server), self->id);
  array = json_array_new ();
  for (guint i = 0; i < invites->len; i++)
    json_array_add_object_element (array, invite_json (g_ptr_array_index (invites, i)));
  reply = reply_new (message, "invite.list");
  json_object_set_array_member (confer_message_get_object (reply), "invites", array);
  confer_peer_send (peer, reply);
}

static const struct
{
  const char *type;
  Handler     handler;
} handlers[] = {
  { "doc.op",        handle_doc_op },
  { "presence",      handle_presence },
  { "ping",          handle_ping },
  { "doc.open",      handle_doc_open },
  { "doc.close",     handle_doc_close },
  { "doc.list",      handle_doc_list },
  { "doc.create",    handle_doc_create },
  { "doc.rename",    handle_doc_rename },
  { "doc.delete",    handle_doc_delete },
  { "doc.trash",     handle_doc_trash },
  { "doc.restore",   handle_doc_restore },
  { "invite.create", handle_invite_create },
  { "invite.revoke", handle_invite_revoke },
  { "invite.list",   handle_invite_list },
};

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

  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    if (g_str_equal (type, handlers[i].type))
      {
        handlers[i].handler (self, peer, message, &error);
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
