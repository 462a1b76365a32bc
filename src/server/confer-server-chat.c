/* confer-server-chat.c: a session's chat — messages as server-ordered
 * events (sent, edited, deleted, reacted to) committed before they are
 * acknowledged, resuming, history, search, read receipts and typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-chat"

#include "config.h"

#include "confer-group-commit.h"
#include "confer-server-private.h"

/* A connection resuming from further back than this many events gets the
 * latest page instead, as a new one does. */
#define RESUME_MAX 2000
/* A participant's `typing: true` is relayed at most this often; clients
 * say it again every 3 s while typing and forget it after 5 s. */
#define TYPING_RELAY_MS 1000

/* An event applied in memory, waiting for the group commit. */
typedef struct
{
  guint64              seq;
  ConferChatEventKind  kind;
  char                *author;
  char                *txn;
  ConferChatRecord    *message;   /* as the event left it */
  char                *old_text;  /* an edit's replaced text */
} ChatEvent;

typedef struct
{
  gboolean typing;
  gint64   relayed;  /* µs, monotonic */
} Typing;

struct _ConferServerChat
{
  ConferServerSession *session;
  gboolean             loaded;
  guint64              seq;          /* the last event's, committed or not */
  GPtrArray           *pending;      /* ChatEvent, not published yet, in order */
  GHashTable          *live;         /* id -> ConferChatRecord changed since the last commit */
  GHashTable          *txns;         /* "author\x1ftxn" -> seq, since the last commit */
  GPtrArray           *subscribers;  /* ConferPeer, unowned */
  GHashTable          *typing;       /* participant id -> Typing */
};

static const ConferCommitFamily event_family;
static const ConferCommitFamily read_family;

static void
chat_event_free (ChatEvent *event)
{
  g_free (event->author);
  g_free (event->txn);
  g_clear_pointer (&event->message, confer_chat_record_free);
  g_free (event->old_text);
  g_free (event);
}

/**
 * confer_server_chat_new:
 * @session: the session whose chat it is
 *
 * Returns: (transfer full): the chat, read from the store on first use
 */
ConferServerChat *
confer_server_chat_new (ConferServerSession *session)
{
  ConferServerChat *self = g_new0 (ConferServerChat, 1);

  self->session = session;
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) chat_event_free);
  self->live = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) confer_chat_record_free);
  self->txns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->subscribers = g_ptr_array_new ();
  self->typing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

/**
 * confer_server_chat_free:
 * @self: (transfer full): a chat with nothing pending
 */
void
confer_server_chat_free (ConferServerChat *self)
{
  g_ptr_array_unref (self->pending);
  g_hash_table_unref (self->live);
  g_hash_table_unref (self->txns);
  g_ptr_array_unref (self->subscribers);
  g_hash_table_unref (self->typing);
  g_free (self);
}

/**
 * confer_server_chat_leave:
 * @self: a chat
 * @peer: a connection that closed
 *
 * Stops sending the chat to @peer.
 */
void
confer_server_chat_leave (ConferServerChat *self,
                          ConferPeer       *peer)
{
  g_ptr_array_remove_fast (self->subscribers, peer);
}

static ConferServerStore *
store_of (ConferServerChat *self)
{
  return confer_server_get_store (self->session->server);
}

/* What memory holds beyond the store goes; the next use reads it again. */
static void
reload (ConferServerChat *self)
{
  g_ptr_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->live);
  g_hash_table_remove_all (self->txns);
  self->seq = confer_server_store_get_chat_seq (store_of (self), self->session->id);
  self->loaded = TRUE;
}

static ConferServerChat *
chat_of (ConferServerSession *session)
{
  if (!session->chat->loaded)
    reload (session->chat);
  return session->chat;
}

static char *
txn_key (const char *author,
         const char *txn)
{
  return g_strconcat (author, "\x1f", txn, NULL);
}

static JsonObject *
message_json (const ConferChatRecord *record)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", record->id);
  json_object_set_int_member (object, "seq", record->seq);
  json_object_set_string_member (object, "author", record->author);
  json_object_set_int_member (object, "time", record->time);
  json_object_set_string_member (object, "text", record->text);
  if (record->reply_to != NULL)
    json_object_set_string_member (object, "reply_to", record->reply_to);
  if (record->attachments != NULL)
    json_object_set_array_member (object, "attachments", json_array_ref (record->attachments));
  if (record->voice != NULL)
    json_object_set_object_member (object, "voice", json_object_ref (record->voice));
  if (record->reactions != NULL && json_object_get_size (record->reactions) > 0)
    json_object_set_object_member (object, "reactions", json_object_ref (record->reactions));
  json_object_set_boolean_member (object, "edited", record->edited);
  json_object_set_boolean_member (object, "deleted", record->deleted);
  return object;
}

static JsonArray *
messages_json (GPtrArray *records)
{
  JsonArray *array = json_array_sized_new (records->len);

  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (array, message_json (g_ptr_array_index (records, i)));
  return array;
}

static JsonObject *
event_json (guint64                 seq,
            ConferChatEventKind     kind,
            const char             *author,
            const char             *txn,
            const ConferChatRecord *message)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "seq", seq);
  json_object_set_string_member (object, "kind", confer_chat_event_kind_to_string (kind));
  json_object_set_string_member (object, "author", author);
  json_object_set_string_member (object, "txn", txn);
  json_object_set_object_member (object, "message", message_json (message));
  return object;
}

/* Sends @message to every connection that opened the chat but @except. */
static void
broadcast (gpointer       target,
           ConferPeer    *except,
           ConferMessage *message)
{
  ConferServerChat *self = target;
  gsize n_bytes;
  g_autofree char *text = confer_message_encode (message, &n_bytes);

  for (guint i = 0; i < self->subscribers->len; i++)
    if (self->subscribers->pdata[i] != except)
      confer_peer_send_encoded (self->subscribers->pdata[i], text, n_bytes);
}

/* Group commit of events */

static ChatEvent *
pending_event (ConferServerChat *self,
               guint64           seq)
{
  ChatEvent *first = self->pending->len > 0 ? g_ptr_array_index (self->pending, 0) : NULL;

  g_assert (first != NULL && seq >= first->seq && seq - first->seq < self->pending->len);
  return g_ptr_array_index (self->pending, seq - first->seq);
}

static gboolean
event_store (ConferServerStore  *store,
             ConferCommitEntry  *entry,
             GError            **error)
{
  ConferServerChat *self = entry->target;
  ChatEvent *event = pending_event (self, entry->seq);

  return confer_server_store_add_chat_event (store, self->session->id, event->seq, event->kind, event->author,
                                             event->txn, event->message, event->old_text, error);
}

/* Everything changed is in the store now: look there from here on. */
static gboolean
event_stored (ConferServerStore  *store,
              gpointer            target,
              GError            **error)
{
  ConferServerChat *self = target;

  g_hash_table_remove_all (self->live);
  g_hash_table_remove_all (self->txns);
  return TRUE;
}

/* The acknowledgement of an event the author sent again: its sequence
 * number and its message as it is now. */
static void
send_ack (ConferCommitEntry *entry)
{
  ConferServerChat *self = entry->target;
  g_autoptr(ConferMessage) ack = confer_message_new ("chat.ack");
  g_autoptr(ConferChatRecord) message = NULL;
  g_autofree char *id = NULL;
  guint64 seq;

  if (!confer_server_store_find_chat_txn (store_of (self), self->session->id, entry->peer->participant->id,
                                          entry->txn, &seq, &id) ||
      (message = confer_server_store_find_chat_message (store_of (self), self->session->id, id)) == NULL)
    return;
  json_object_set_int_member (confer_message_get_object (ack), "seq", seq);
  json_object_set_object_member (confer_message_get_object (ack), "message", message_json (message));
  confer_message_set_txn (ack, entry->txn);
  confer_peer_send (entry->peer, ack);
}

/* A commit's events go to every connection that opened the chat in one
 * `chat.events` frame, in which an author finds its own (its ack);
 * authors who did not open the chat get `chat.ack`s. */
static void
event_publish (gpointer   target,
               GPtrArray *run)
{
  ConferServerChat *self = target;
  g_autoptr(ConferMessage) frame = confer_message_new ("chat.events");
  JsonObject *object = confer_message_get_object (frame);
  JsonArray *events = json_array_sized_new (run->len);
  guint64 first = ((ConferCommitEntry *) g_ptr_array_index (run, 0))->seq;

  for (guint i = 0; i < run->len; i++)
    {
      ChatEvent *event = pending_event (self, ((ConferCommitEntry *) g_ptr_array_index (run, i))->seq);

      json_array_add_object_element (events, event_json (event->seq, event->kind, event->author, event->txn,
                                                         event->message));
    }
  json_object_set_int_member (object, "from", first - 1);
  json_object_set_int_member (object, "seq", first + run->len - 1);
  json_object_set_array_member (object, "events", events);
  broadcast (self, NULL, frame);

  for (guint i = 0; i < run->len; i++)
    {
      ConferCommitEntry *entry = g_ptr_array_index (run, i);

      if (!g_ptr_array_find (self->subscribers, entry->peer, NULL))
        {
          ChatEvent *event = pending_event (self, entry->seq);
          g_autoptr(ConferMessage) ack = confer_message_new ("chat.ack");

          json_object_set_int_member (confer_message_get_object (ack), "seq", event->seq);
          json_object_set_object_member (confer_message_get_object (ack), "message", message_json (event->message));
          confer_message_set_txn (ack, entry->txn);
          confer_peer_send (entry->peer, ack);
        }
    }
  g_ptr_array_remove_range (self->pending, 0, run->len);
}

static void
chat_failed (gpointer target)
{
  reload (target);
}

static const ConferCommitFamily event_family = {
  .store = event_store,
  .stored = event_stored,
  .publish = event_publish,
  .ack = send_ack,
  .broadcast = broadcast,
  .failed = chat_failed,
};

/* Group commit of read receipts (never duplicates: no .ack) */

static gboolean
read_store (ConferServerStore  *store,
            ConferCommitEntry  *entry,
            GError            **error)
{
  ConferServerChat *self = entry->target;

  return confer_server_store_set_chat_read (store, self->session->id, entry->peer->participant->id, entry->seq, error);
}

static void
read_publish (gpointer   target,
              GPtrArray *run)
{
  for (guint i = 0; i < run->len; i++)
    {
      ConferCommitEntry *entry = g_ptr_array_index (run, i);
      g_autoptr(ConferMessage) relay = confer_message_new ("chat.read");

      json_object_set_string_member (confer_message_get_object (relay), "participant", entry->peer->participant->id);
      json_object_set_int_member (confer_message_get_object (relay), "seq", entry->seq);
      broadcast (target, NULL, relay);
    }
}

static const ConferCommitFamily read_family = {
  .store = read_store,
  .publish = read_publish,
  .broadcast = broadcast,
  .failed = chat_failed,
};

/* Reading and checking requests */

/* A message of the session as it is now, pending changes included; a
 * copy, or %NULL with `unknown-message`. */
static ConferChatRecord *
find_message (ConferServerChat  *self,
              const char        *id,
              GError           **error)
{
  ConferChatRecord *record = g_hash_table_lookup (self->live, id);

  if (record != NULL)
    return confer_chat_record_copy (record);
  record = confer_server_store_find_chat_message (store_of (self), self->session->id, id);
  if (record == NULL)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_MESSAGE,
                 "This session's chat has no message “%s”", id);
  return record;
}

/* The message a request names (`message`), not deleted. */
static ConferChatRecord *
read_target (ConferServerChat  *self,
             ConferMessage     *request,
             GError           **error)
{
  const char *id = NULL;
  ConferChatRecord *record;

  if (!confer_message_read_string (request, "message", TRUE, 64, &id, error) ||
      (record = find_message (self, id, error)) == NULL)
    return NULL;
  if (record->deleted)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "Message %s was deleted", id);
      confer_chat_record_free (record);
      return NULL;
    }
  return record;
}

/* `text`: a string that confer_chat_check_text() takes. */
static const char *
read_text (ConferMessage  *request,
           GError        **error)
{
  JsonNode *node = json_object_get_member (confer_message_get_object (request), "text");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"text\" must be a string");
      return NULL;
    }
  if (!confer_chat_check_text (json_node_get_string (node), error))
    return NULL;
  return json_node_get_string (node);
}

/* `attachments`: at most CONFER_CHAT_MAX_ATTACHMENTS names of blobs
 * uploaded in this session, as a board's images are named. */
static gboolean
read_attachments (ConferServerChat  *self,
                  ConferMessage     *request,
                  JsonArray        **out,
                  GError           **error)
{
  JsonArray *array = NULL;

  *out = NULL;
  if (!confer_message_read_array (request, "attachments", FALSE, CONFER_CHAT_MAX_ATTACHMENTS, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      g_autofree char *type = NULL;

      if (name == NULL || !confer_blob_is_name (name))
        {
          g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                               "\"attachments\" holds blob names: SHA-256 in lower-case hex");
          return FALSE;
        }
      if ((type = confer_server_store_find_blob (store_of (self), name, self->session->id)) == NULL)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "Blob %s was not uploaded in this session", name);
          return FALSE;
        }
    }
  if (json_array_get_length (array) > 0)
    *out = json_array_ref (array);
  return TRUE;
}

/* `voice` (optional): the message's one attachment, an Ogg Opus blob, is
 * a voice message lasting `duration_ms` with `waveform`; kept as the
 * server writes it, whatever else the client put in the object. */
static gboolean
read_voice (ConferServerChat  *self,
            ConferMessage     *request,
            JsonArray         *attachments,
            JsonObject       **out,
            GError           **error)
{
  JsonNode *node = json_object_get_member (confer_message_get_object (request), "voice");
  g_autoptr(GBytes) waveform = NULL;
  g_autofree char *type = NULL;
  guint duration_ms;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!confer_chat_read_voice (node, &duration_ms, &waveform, error))
    return FALSE;
  if (attachments == NULL || json_array_get_length (attachments) != 1 ||
      (type = confer_server_store_find_blob (store_of (self), json_array_get_string_element (attachments, 0),
                                             self->session->id)) == NULL ||
      !g_str_equal (type, "audio/ogg"))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "A message with \"voice\" carries one attachment, an Ogg Opus blob");
      return FALSE;
    }
  *out = confer_chat_voice_to_json (duration_ms, waveform);
  return TRUE;
}

/* A change request needs a txn; one committed before is acknowledged
 * again (after what is pending). Returns %TRUE when the caller is done. */
static gboolean
answered_before (ConferServerChat  *self,
                 ConferPeer        *peer,
                 ConferMessage     *request,
                 GError           **error)
{
  const char *txn = confer_message_get_txn (request);
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  gpointer value;
  guint64 seq;

  if (txn == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"%s\" needs a \"txn\"", confer_message_get_type_name (request));
      return TRUE;
    }
  key = txn_key (peer->participant->id, txn);
  if (g_hash_table_lookup_extended (self->txns, key, NULL, &value))
    seq = GPOINTER_TO_SIZE (value);
  else if (!confer_server_store_find_chat_txn (store_of (self), self->session->id, peer->participant->id, txn, &seq, &id))
    return FALSE;
  confer_group_commit_queue (confer_server_get_commit (self->session->server), &event_family, peer, self, seq, txn, TRUE);
  return TRUE;
}

/* Applies an event in memory and queues it for the group commit. */
static void
add_event (ConferServerChat    *self,
           ConferPeer          *peer,
           ConferMessage       *request,
           ConferChatEventKind  kind,
           ConferChatRecord    *message,
           char                *old_text)
{
  ChatEvent *event = g_new0 (ChatEvent, 1);
  const char *txn = confer_message_get_txn (request);

  event->seq = ++self->seq;
  if (kind == CONFER_CHAT_EVENT_MESSAGE)
    message->seq = event->seq;
  event->kind = kind;
  event->author = g_strdup (peer->participant->id);
  event->txn = g_strdup (txn);
  event->message = message;
  event->old_text = old_text;
  g_ptr_array_add (self->pending, event);
  {
    ConferChatRecord *copy = confer_chat_record_copy (message);

    g_hash_table_replace (self->live, copy->id, copy);
  }
  g_hash_table_insert (self->txns, txn_key (peer->participant->id, txn), GSIZE_TO_POINTER ((gsize) event->seq));
  confer_group_commit_queue (confer_server_get_commit (self->session->server), &event_family, peer, self,
                             event->seq, txn, FALSE);
}

/* Handlers */

static JsonObject *
reads_json (ConferServerChat *self)
{
  g_autoptr(GHashTable) reads = confer_server_store_list_chat_reads (store_of (self), self->session->id);
  JsonObject *object = json_object_new ();
  GHashTableIter iter;
  gpointer participant, seq;

  g_hash_table_iter_init (&iter, reads);
  while (g_hash_table_iter_next (&iter, &participant, &seq))
    json_object_set_int_member (object, participant, GPOINTER_TO_SIZE (seq));
  return object;
}

static gboolean
read_limit (ConferMessage  *request,
            guint          *limit,
            GError        **error)
{
  guint64 value = CONFER_CHAT_DEFAULT_PAGE;

  if (!confer_message_read_uint (request, "limit", FALSE, CONFER_CHAT_MAX_PAGE, &value, error))
    return FALSE;
  if (value == 0)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"limit\" must be at least 1");
      return FALSE;
    }
  *limit = value;
  return TRUE;
}

/* chat.open: the events since `seq`, or the latest page of messages;
 * then every new event as it is committed. */
static void
handle_open (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerChat *self = chat_of (session);
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *object;
  guint64 from = G_MAXUINT64;
  guint limit;

  if (!confer_message_read_uint (message, "seq", FALSE, G_MAXINT64, &from, error) ||
      !read_limit (message, &limit, error))
    return;
  /* Answer from committed state only. */
  confer_group_commit_flush (confer_server_get_commit (session->server));
  self = chat_of (session);
  if (from != G_MAXUINT64 && from > self->seq)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Sequence number %" G_GUINT64_FORMAT " is ahead of the chat (at %" G_GUINT64_FORMAT ")",
                   from, self->seq);
      return;
    }
  if (from != G_MAXUINT64)
    events = confer_server_store_list_chat_events (store_of (self), session->id, from, RESUME_MAX + 1);
  if (events != NULL && events->len <= RESUME_MAX)
    {
      JsonArray *array = json_array_sized_new (events->len);

      for (guint i = 0; i < events->len; i++)
        {
          ConferChatEventRecord *event = g_ptr_array_index (events, i);

          json_array_add_object_element (array, event_json (event->seq, event->kind, event->author, event->txn,
                                                            event->message));
        }
      reply = confer_server_reply_new (message, "chat.events");
      object = confer_message_get_object (reply);
      json_object_set_int_member (object, "from", from);
      json_object_set_int_member (object, "seq", self->seq);
      json_object_set_array_member (object, "events", array);
    }
  else
    {
      gboolean more;
      g_autoptr(GPtrArray) page = confer_server_store_list_chat_messages (store_of (self), session->id,
                                                                          G_MAXUINT64, limit, &more);

      reply = confer_server_reply_new (message, "chat.messages");
      object = confer_message_get_object (reply);
      json_object_set_int_member (object, "seq", self->seq);
      json_object_set_array_member (object, "messages", messages_json (page));
      json_object_set_boolean_member (object, "more", more);
    }
  json_object_set_object_member (object, "reads", reads_json (self));
  confer_peer_send (peer, reply);
  if (!g_ptr_array_find (self->subscribers, peer, NULL))
    g_ptr_array_add (self->subscribers, peer);
}

static void
handle_close (ConferServerSession *session,
              ConferPeer          *peer,
              ConferMessage       *message,
              GError             **error)
{
  confer_server_chat_leave (session->chat, peer);
}

/* chat.history: the page of messages before `before`. */
static void
handle_history (ConferServerSession *session,
                ConferPeer          *peer,
                ConferMessage       *message,
                GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(GPtrArray) page = NULL;
  guint64 before = 0;
  gboolean more;
  guint limit;

  if (!confer_message_read_uint (message, "before", TRUE, G_MAXINT64, &before, error) ||
      !read_limit (message, &limit, error))
    return;
  confer_group_commit_flush (confer_server_get_commit (session->server));
  page = confer_server_store_list_chat_messages (confer_server_get_store (session->server), session->id, before,
                                                 limit, &more);
  reply = confer_server_reply_new (message, "chat.history");
  json_object_set_array_member (confer_message_get_object (reply), "messages", messages_json (page));
  json_object_set_boolean_member (confer_message_get_object (reply), "more", more);
  confer_peer_send (peer, reply);
}

static void
handle_send (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerChat *self = chat_of (session);
  g_autoptr(ConferChatRecord) parent = NULL;
  g_autoptr(JsonArray) attachments = NULL;
  g_autoptr(JsonObject) voice = NULL;
  const char *reply_to = NULL;
  const char *text;
  ConferChatRecord *record;

  if (!confer_server_require (confer_role_can_chat (peer->participant->role), "writing in the chat", error) ||
      answered_before (self, peer, message, error) ||
      (text = read_text (message, error)) == NULL ||
      !confer_message_read_string (message, "reply_to", FALSE, 64, &reply_to, error) ||
      (reply_to != NULL && (parent = find_message (self, reply_to, error)) == NULL) ||
      !read_attachments (self, message, &attachments, error) ||
      !read_voice (self, message, attachments, &voice, error))
    return;
  record = g_new0 (ConferChatRecord, 1);
  record->id = confer_server_new_id ();
  record->author = g_strdup (peer->participant->id);
  record->time = g_get_real_time () / 1000;
  record->text = g_strdup (text);
  record->reply_to = g_strdup (reply_to);
  record->attachments = g_steal_pointer (&attachments);
  record->voice = g_steal_pointer (&voice);
  add_event (self, peer, message, CONFER_CHAT_EVENT_MESSAGE, record, NULL);
}

static void
handle_edit (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerChat *self = chat_of (session);
  g_autoptr(ConferChatRecord) record = NULL;
  const char *text;
  char *old_text;

  if (!confer_server_require (confer_role_can_chat (peer->participant->role), "writing in the chat", error) ||
      answered_before (self, peer, message, error) ||
      (record = read_target (self, message, error)) == NULL ||
      (text = read_text (message, error)) == NULL ||
      !confer_server_require (g_str_equal (record->author, peer->participant->id), "editing others' messages", error))
    return;
  old_text = g_steal_pointer (&record->text);
  record->text = g_strdup (text);
  record->edited = TRUE;
  add_event (self, peer, message, CONFER_CHAT_EVENT_EDIT, g_steal_pointer (&record), old_text);
}

static void
handle_delete (ConferServerSession *session,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  ConferServerChat *self = chat_of (session);
  g_autoptr(ConferChatRecord) record = NULL;

  if (!confer_server_require (confer_role_can_chat (peer->participant->role), "writing in the chat", error) ||
      answered_before (self, peer, message, error) ||
      (record = read_target (self, message, error)) == NULL ||
      !confer_server_require (g_str_equal (record->author, peer->participant->id) ||
                              peer->participant->role == CONFER_ROLE_OWNER,
                              "deleting others' messages", error))
    return;
  /* A tombstone: where the message was, and nothing of what it said. */
  g_free (record->text);
  record->text = g_strdup ("");
  g_clear_pointer (&record->attachments, json_array_unref);
  g_clear_pointer (&record->voice, json_object_unref);
  g_clear_pointer (&record->reactions, json_object_unref);
  record->deleted = TRUE;
  add_event (self, peer, message, CONFER_CHAT_EVENT_DELETE, g_steal_pointer (&record), NULL);
}

/* Adds or takes back @who's reaction @emoji; FALSE if the message has as
 * many different emoji as it may. */
static gboolean
set_reaction (ConferChatRecord *record,
              const char       *emoji,
              const char       *who,
              gboolean          add)
{
  JsonArray *reactors = NULL, *kept;
  JsonNode *node;

  if (record->reactions == NULL)
    record->reactions = json_object_new ();
  if ((node = json_object_get_member (record->reactions, emoji)) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    reactors = json_node_get_array (node);
  if (reactors == NULL && add && json_object_get_size (record->reactions) >= CONFER_CHAT_MAX_REACTIONS)
    return FALSE;
  kept = json_array_new ();
  for (guint i = 0; reactors != NULL && i < json_array_get_length (reactors); i++)
    if (!g_str_equal (json_array_get_string_element (reactors, i), who))
      json_array_add_string_element (kept, json_array_get_string_element (reactors, i));
  if (add)
    json_array_add_string_element (kept, who);
  if (json_array_get_length (kept) == 0)
    {
      json_array_unref (kept);
      json_object_remove_member (record->reactions, emoji);
    }
  else
    json_object_set_array_member (record->reactions, emoji, kept);
  return TRUE;
}

static void
handle_react (ConferServerSession *session,
              ConferPeer          *peer,
              ConferMessage       *message,
              GError             **error)
{
  ConferServerChat *self = chat_of (session);
  g_autoptr(ConferChatRecord) record = NULL;
  JsonNode *emoji;
  gboolean remove;

  if (!confer_server_require (confer_role_can_chat (peer->participant->role), "reacting in the chat", error) ||
      answered_before (self, peer, message, error) ||
      (record = read_target (self, message, error)) == NULL ||
      !confer_message_read_boolean (message, "remove", &remove, error))
    return;
  emoji = json_object_get_member (confer_message_get_object (message), "emoji");
  if (emoji == NULL || !JSON_NODE_HOLDS_VALUE (emoji) || json_node_get_value_type (emoji) != G_TYPE_STRING ||
      !confer_chat_is_emoji (json_node_get_string (emoji)))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"emoji\" must be one emoji");
      return;
    }
  if (!set_reaction (record, json_node_get_string (emoji), peer->participant->id, !remove))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "A message has at most %d different reactions", CONFER_CHAT_MAX_REACTIONS);
      return;
    }
  add_event (self, peer, message, CONFER_CHAT_EVENT_REACT, g_steal_pointer (&record), NULL);
}

/* chat.versions: the texts a message's edits replaced. */
static void
handle_versions (ConferServerSession *session,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  ConferServerChat *self = chat_of (session);
  g_autoptr(ConferChatRecord) record = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(ConferMessage) reply = NULL;
  JsonArray *array;
  const char *id = NULL;

  if (!confer_message_read_string (message, "message", TRUE, 64, &id, error))
    return;
  confer_group_commit_flush (confer_server_get_commit (session->server));
  if ((record = find_message (chat_of (session), id, error)) == NULL)
    return;
  versions = confer_server_store_list_chat_versions (store_of (self), id);
  array = json_array_sized_new (versions->len);
  for (guint i = 0; i < versions->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (versions, i));
  reply = confer_server_reply_new (message, "chat.versions");
  json_object_set_string_member (confer_message_get_object (reply), "message", id);
  json_object_set_array_member (confer_message_get_object (reply), "versions", array);
  confer_peer_send (peer, reply);
}

static void
handle_search (ConferServerSession *session,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *query = NULL;
  guint64 limit = CONFER_CHAT_MAX_RESULTS;

  if (!confer_message_read_string (message, "query", TRUE, CONFER_CHAT_MAX_QUERY, &query, error) ||
      !confer_message_read_uint (message, "limit", FALSE, CONFER_CHAT_MAX_RESULTS, &limit, error))
    return;
  confer_group_commit_flush (confer_server_get_commit (session->server));
  found = confer_server_store_search_chat (confer_server_get_store (session->server), session->id, query, limit, error);
  if (found == NULL)
    {
      if ((*error)->domain != CONFER_PROTOCOL_ERROR)
        {
          g_warning ("Chat search failed: %s", (*error)->message);
          confer_server_storage_failed (error);
        }
      return;
    }
  reply = confer_server_reply_new (message, "chat.search");
  json_object_set_array_member (confer_message_get_object (reply), "messages", messages_json (found));
  confer_peer_send (peer, reply);
}

/* chat.read: the participant read up to `seq`; stored, then relayed. */
static void
handle_read (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerChat *self = chat_of (session);
  guint64 seq = 0;

  if (!confer_message_read_uint (message, "seq", TRUE, G_MAXINT64, &seq, error))
    return;
  if (seq > self->seq)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Sequence number %" G_GUINT64_FORMAT " is ahead of the chat (at %" G_GUINT64_FORMAT ")",
                   seq, self->seq);
      return;
    }
  confer_group_commit_queue (confer_server_get_commit (session->server), &read_family, peer, self, seq,
                             confer_message_get_txn (message), FALSE);
}

/* chat.typing: relayed to the others, not stored; a participant still
 * typing is relayed at most every TYPING_RELAY_MS, a change at once. */
static void
handle_typing (ConferServerSession *session,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  ConferServerChat *self = session->chat;
  g_autoptr(ConferMessage) relay = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean typing = FALSE;
  JsonNode *node = json_object_get_member (confer_message_get_object (message), "typing");
  Typing *state;

  if (!confer_server_require (confer_role_can_chat (peer->participant->role), "writing in the chat", error))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"typing\" must be a boolean");
      return;
    }
  typing = json_node_get_boolean (node);
  if ((state = g_hash_table_lookup (self->typing, peer->participant->id)) == NULL)
    g_hash_table_insert (self->typing, g_strdup (peer->participant->id), state = g_new0 (Typing, 1));
  else if (state->typing == typing && (!typing || now - state->relayed < TYPING_RELAY_MS * 1000))
    return;
  state->typing = typing;
  state->relayed = now;
  relay = confer_message_new ("chat.typing");
  json_object_set_string_member (confer_message_get_object (relay), "participant", peer->participant->id);
  json_object_set_boolean_member (confer_message_get_object (relay), "typing", typing);
  for (guint i = 0; i < self->subscribers->len; i++)
    {
      ConferPeer *subscriber = self->subscribers->pdata[i];

      if (!g_str_equal (subscriber->participant->id, peer->participant->id))
        confer_peer_send (subscriber, relay);
    }
}

static const ConferServerHandler handlers[] = {
  { "chat.open",     handle_open },
  { "chat.close",    handle_close },
  { "chat.history",  handle_history },
  { "chat.send",     handle_send },
  { "chat.edit",     handle_edit },
  { "chat.delete",   handle_delete },
  { "chat.react",    handle_react },
  { "chat.versions", handle_versions },
  { "chat.search",   handle_search },
  { "chat.read",     handle_read },
  { "chat.typing",   handle_typing },
};

/**
 * confer_server_chat_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of the
 *   chat's messages
 */
const ConferServerHandler *
confer_server_chat_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
