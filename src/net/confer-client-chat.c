/* confer-client-chat.c: a client's view of its session's chat: the
 * messages in order as a list model, what this participant wrote waiting
 * to be sent (in order, one at a time; kept in the client's cache, if it
 * has one, so that what was written offline is sent after a restart too),
 * resuming after reconnects, history, search, read receipts and typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-client-chat"

#include "config.h"

#include "confer-client-private.h"

/* How long a rate-limited change waits before it is sent again, ms. */
#define RETRY_DELAY_MS 200

struct _ConferClientChat
{
  GObject        parent_instance;

  ConferClient  *client;      /* unowned: the client owns its chat */
  gboolean       ready;
  guint64        seq;         /* the last event applied */
  gboolean       older;       /* whether history before the list remains */
  GListStore    *messages;    /* ConferChatMessage: sent ones by seq, then pending ones */
  GHashTable    *by_id;       /* id -> ConferChatMessage (the list holds it) */
  GQueue        *outbox;      /* ConferMessage: changes to send, the head in flight once sent */
  gboolean       outbox_lost; /* the cache's could not be read: never overwrite it */
  gboolean       typing;      /* as last said to the others */
  gint64         typing_said; /* µs, monotonic: when `true` was last said */
  gboolean       head_sent;
  GHashTable    *written;     /* txn -> ConferChatMessage pending in the list */
  GHashTable    *reads;       /* participant id -> seq */
  GSource       *retry_source;
};

enum {
  READY,
  EVENT,
  REFUSED,
  TYPING,
  READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferClientChat, confer_client_chat, G_TYPE_OBJECT)

static void
confer_client_chat_finalize (GObject *object)
{
  ConferClientChat *self = (ConferClientChat *) object;

  confer_timeout_clear (&self->retry_source);
  g_clear_object (&self->messages);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_queue_free_full (self->outbox, (GDestroyNotify) confer_message_unref);
  g_clear_pointer (&self->written, g_hash_table_unref);
  g_clear_pointer (&self->reads, g_hash_table_unref);

  G_OBJECT_CLASS (confer_client_chat_parent_class)->finalize (object);
}

static void
confer_client_chat_class_init (ConferClientChatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_client_chat_finalize;

  /**
   * ConferClientChat::ready:
   *
   * The chat's latest page arrived.
   */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
  /**
   * ConferClientChat::event:
   * @kind: what happened (a #ConferChatEventKind)
   * @message: the message as it is now, in the list
   *
   * A message was sent (by anyone, this participant's own acknowledged),
   * edited, deleted or reacted to.
   */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_INT, CONFER_TYPE_CHAT_MESSAGE);
  /**
   * ConferClientChat::refused:
   * @code: the server's error code (`forbidden`, `bad-message`…)
   * @message: its explanation
   *
   * The server refused one of this participant's changes; a message it
   * refused is taken out of the list.
   */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * ConferClientChat::typing:
   * @participant_id: who
   * @typing: whether they are typing (a client forgets it after 5 s
   *   without a renewal)
   */
  signals[TYPING] = g_signal_new ("typing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * ConferClientChat::read:
   * @participant_id: who
   * @seq: the sequence number they read up to
   */
  signals[READ] = g_signal_new ("read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT64);
}

static void
confer_client_chat_init (ConferClientChat *self)
{
  self->messages = g_list_store_new (CONFER_TYPE_CHAT_MESSAGE);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->outbox = g_queue_new ();
  self->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* What waits for the server is kept in the cache, as it would be sent. */
static void
save_outbox (ConferClientChat *self)
{
  ConferClientCache *cache = confer_client_get_cache (self->client);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) frames = NULL;
  g_autoptr(GError) error = NULL;

  if (cache == NULL || self->outbox_lost)
    return;
  builder = g_strv_builder_new ();
  for (GList *l = self->outbox->head; l != NULL; l = l->next)
    {
      g_autofree char *frame = confer_message_encode (l->data, NULL);

      g_strv_builder_add (builder, frame);
    }
  frames = g_strv_builder_end (builder);
  if (!confer_client_cache_save_chat_outbox (cache, confer_client_get_link (self->client), (const char *const *) frames,
                                             &error))
    g_warning ("The chat's unsent changes could not be kept: %s", error->message);
}

/* What waited for the server when the client last ran comes back from the
 * cache, in order, with its txns (the server commits each once); the
 * messages among it are listed as pending. A frame that does not read as
 * the change it was is dropped. When the cache cannot be read, what it
 * holds is left there, never overwritten, for a later run. */
static void
restore_outbox (ConferClientChat *self)
{
  ConferClientCache *cache = confer_client_get_cache (self->client);
  g_autoptr(GError) load_error = NULL;
  g_auto(GStrv) frames = cache != NULL ? confer_client_cache_load_chat_outbox (cache, confer_client_get_link (self->client),
                                                                               &load_error)
                                       : NULL;

  if (load_error != NULL)
    {
      g_warning ("%s; they stay in the cache and new ones are not kept", load_error->message);
      self->outbox_lost = TRUE;
    }

  for (guint i = 0; frames != NULL && frames[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ConferMessage) change = confer_message_decode (frames[i], strlen (frames[i]), CONFER_PROTOCOL_MAX_FRAME, &error);
      const char *text = NULL, *reply_to = NULL;
      JsonArray *names = NULL;
      JsonNode *voice;
      g_autoptr(GStrvBuilder) attachments = g_strv_builder_new ();
      g_auto(GStrv) attached = NULL;
      g_autoptr(ConferChatMessage) message = NULL;

      if (change == NULL || confer_message_get_txn (change) == NULL)
        {
          g_warning ("An unsent chat change in the cache cannot be read: %s", error != NULL ? error->message : "no txn");
          continue;
        }
      if (!g_str_equal (confer_message_get_type_name (change), "chat.send"))
        {
          g_queue_push_tail (self->outbox, g_steal_pointer (&change));
          continue;
        }
      if (!confer_message_read_string (change, "text", TRUE, CONFER_CHAT_MAX_TEXT, &text, &error) ||
          !confer_chat_check_text (text, &error) ||
          !confer_message_read_string (change, "reply_to", FALSE, 64, &reply_to, &error) ||
          !confer_message_read_array (change, "attachments", FALSE, CONFER_CHAT_MAX_ATTACHMENTS, &names, &error))
        {
          g_warning ("An unsent chat message in the cache cannot be read: %s", error->message);
          continue;
        }
      for (guint n = 0; names != NULL && n < json_array_get_length (names); n++)
        if (JSON_NODE_HOLDS_VALUE (json_array_get_element (names, n)) &&
            json_node_get_value_type (json_array_get_element (names, n)) == G_TYPE_STRING)
          g_strv_builder_add (attachments, json_array_get_string_element (names, n));
      attached = g_strv_builder_end (attachments);
      message = confer_chat_message_new_pending (confer_message_get_txn (change), confer_client_get_participant_id (self->client),
                                                 text, reply_to, (const char *const *) attached);
      if ((voice = json_object_get_member (confer_message_get_object (change), "voice")) != NULL)
        {
          g_autoptr(GBytes) waveform = NULL;
          guint duration_ms;

          if (!confer_chat_read_voice (voice, &duration_ms, &waveform, &error))
            {
              g_warning ("An unsent voice message in the cache cannot be read: %s", error->message);
              continue;
            }
          confer_chat_message_set_voice (message, duration_ms, waveform);
        }
      g_hash_table_insert (self->written, g_strdup (confer_message_get_txn (change)), message);
      g_list_store_append (self->messages, message);
      g_queue_push_tail (self->outbox, g_steal_pointer (&change));
    }
}

/**
 * confer_client_chat_new:
 * @client: the client (not referenced: it owns the chat), which knows
 *   its participant id
 *
 * Returns: (transfer full): a chat not opened yet, holding what this
 *   participant wrote that the client's cache kept unsent (pending)
 */
ConferClientChat *
confer_client_chat_new (ConferClient *client)
{
  ConferClientChat *self = g_object_new (CONFER_TYPE_CLIENT_CHAT, NULL);

  self->client = client;
  restore_outbox (self);
  return self;
}

static ConferConnection *
connection (ConferClientChat *self)
{
  return confer_client_get_connection (self->client);
}

/* Sends the head of the outbox if it is not on its way. */
static void
send_next (ConferClientChat *self)
{
  ConferMessage *head = g_queue_peek_head (self->outbox);

  if (head == NULL || self->head_sent || self->retry_source != NULL ||
      !self->ready || !confer_connection_is_welcomed (connection (self)))
    return;
  confer_client_track_txn (self->client, confer_message_get_txn (head), self);
  self->head_sent = confer_connection_send (connection (self), head);
}

/* The head was answered: the next goes. */
static void
head_done (ConferClientChat *self)
{
  ConferMessage *head = g_queue_pop_head (self->outbox);

  confer_client_untrack_txn (self->client, confer_message_get_txn (head));
  confer_message_unref (head);
  self->head_sent = FALSE;
  save_outbox (self);
  send_next (self);
}

/**
 * confer_client_chat_resume:
 * @self: a chat
 *
 * After (re)connecting: opens the chat — from the sequence number the
 * client has, so the server sends what it missed — then sends what waits,
 * in order, the first one again with its txn (the server commits each
 * once).
 */
void
confer_client_chat_resume (ConferClientChat *self)
{
  g_autoptr(ConferMessage) open = confer_message_new ("chat.open");
  g_autofree char *txn = confer_connection_new_txn (connection (self));

  if (self->ready)
    json_object_set_int_member (confer_message_get_object (open), "seq", self->seq);
  confer_message_set_txn (open, txn);
  confer_client_track_txn (self->client, txn, self);
  self->head_sent = FALSE;
  confer_connection_send (connection (self), open);
}

/* Where a sent message of @seq goes: after every sent one before it,
 * before the pending ones. A live message is newer than every one
 * listed, so the last sent one is looked at first: a GListStore reaches
 * an item by position in O(log n), which a search for each of a hundred
 * messages a second in a long chat would pay a dozen times. */
static guint
position_for (ConferClientChat *self,
              guint64           seq)
{
  guint low = 0, high = g_list_model_get_n_items (G_LIST_MODEL (self->messages)) - g_hash_table_size (self->written);

  if (high > 0)
    {
      g_autoptr(ConferChatMessage) last = g_list_model_get_item (G_LIST_MODEL (self->messages), high - 1);

      if (confer_chat_message_get_seq (last) < seq)
        return high;
    }
  while (low < high)
    {
      guint mid = (low + high) / 2;
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), mid);

      if (confer_chat_message_get_seq (message) < seq)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* Where the pending @written is: among the last ones of the list, after
 * every sent message, so only those are searched. */
static gboolean
find_written (ConferClientChat  *self,
              ConferChatMessage *written,
              guint             *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = n - MIN (n, g_hash_table_size (self->written)); i < n; i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (message == written)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Puts the server's @message into the list: an update of the one with its
 * id, this participant's pending one of @txn becoming sent, or new. */
static ConferChatMessage *
merge (ConferClientChat  *self,
       ConferChatMessage *message,
       const char        *author,
       const char        *txn)
{
  ConferChatMessage *listed = g_hash_table_lookup (self->by_id, confer_chat_message_get_id (message));
  ConferChatMessage *written = NULL;
  g_autoptr(ConferChatMessage) held = NULL;
  guint position;

  if (txn != NULL && g_strcmp0 (author, confer_client_get_participant_id (self->client)) == 0 &&
      (written = g_hash_table_lookup (self->written, txn)) != NULL)
    {
      held = g_object_ref (written);
      if (find_written (self, written, &position))
        g_list_store_remove (self->messages, position);
      g_hash_table_remove (self->written, txn);
    }
  if (listed != NULL)
    {
      confer_chat_message_update (listed, message);
      return listed;
    }
  if (written != NULL)
    {
      confer_chat_message_update (written, message);
      message = written;
    }
  position = position_for (self, confer_chat_message_get_seq (message));
  /* Older than the page the list starts with: it comes with the history
   * before it, not on its own (the list has no gaps). */
  if (position == 0 && self->older && g_list_model_get_n_items (G_LIST_MODEL (self->messages)) > g_hash_table_size (self->written))
    return message;
  g_list_store_insert (self->messages, position, message);
  g_hash_table_insert (self->by_id, (gpointer) confer_chat_message_get_id (message), message);
  return message;
}

static void
apply_event (ConferClientChat *self,
             JsonObject       *event,
             gboolean          live)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferChatMessage) message = confer_chat_message_new_from_json (json_object_get_object_member (event, "message"), &error);
  const char *author = json_object_get_string_member (event, "author");
  const char *txn = json_object_get_string_member (event, "txn");
  ConferMessage *head = g_queue_peek_head (self->outbox);
  ConferChatEventKind kind;
  ConferChatMessage *listed;

  if (message == NULL)
    {
      g_warning ("The server sent a chat message this client cannot show: %s", error->message);
      return;
    }
  if (!confer_chat_event_kind_from_string (json_object_get_string_member (event, "kind"), &kind))
    kind = CONFER_CHAT_EVENT_MESSAGE;
  listed = merge (self, message, author, txn);
  self->seq = json_object_get_int_member (event, "seq");
  if (head != NULL && g_strcmp0 (author, confer_client_get_participant_id (self->client)) == 0 &&
      g_strcmp0 (txn, confer_message_get_txn (head)) == 0)
    head_done (self);
  if (live)
    g_signal_emit (self, signals[EVENT], 0, (int) kind, listed);
}

static gboolean
read_events (ConferClientChat  *self,
             ConferMessage     *frame,
             GError           **error)
{
  JsonArray *events = json_object_get_array_member (confer_message_get_object (frame), "events");

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      guint64 seq = json_object_get_int_member (event, "seq");

      /* Already applied (an answer, a broadcast and a page of history
       * may overlap): still, if it is the answer to the change waiting,
       * the next one goes. */
      if (seq <= self->seq)
        {
          ConferMessage *head = g_queue_peek_head (self->outbox);

          if (self->head_sent && head != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (event, "author", NULL),
                         confer_client_get_participant_id (self->client)) == 0 &&
              g_strcmp0 (json_object_get_string_member_with_default (event, "txn", NULL), confer_message_get_txn (head)) == 0)
            head_done (self);
          continue;
        }
      if (seq != self->seq + 1)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "Chat event %" G_GUINT64_FORMAT " does not follow %" G_GUINT64_FORMAT, seq, self->seq);
          return FALSE;
        }
      apply_event (self, event, TRUE);
    }
  return TRUE;
}

static void
read_reads (ConferClientChat *self,
            JsonObject       *reads)
{
  g_autoptr(GList) members = json_object_get_members (reads);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (reads, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0)
        g_hash_table_insert (self->reads, g_strdup (l->data), GSIZE_TO_POINTER ((gsize) json_node_get_int (node)));
    }
}

/* The latest page: what the list held of sent messages is replaced. */
static gboolean
read_page (ConferClientChat  *self,
           ConferMessage     *frame,
           GError           **error)
{
  JsonObject *object = confer_message_get_object (frame);
  JsonArray *messages = json_object_get_array_member (object, "messages");
  guint n_sent = g_list_model_get_n_items (G_LIST_MODEL (self->messages)) - g_hash_table_size (self->written);

  g_list_store_splice (self->messages, 0, n_sent, NULL, 0);
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      g_autoptr(ConferChatMessage) message = confer_chat_message_new_from_json (json_array_get_object_element (messages, i), error);

      if (message == NULL)
        return FALSE;
      merge (self, message, NULL, NULL);
    }
  self->seq = json_object_get_int_member (object, "seq");
  self->older = json_object_get_boolean_member_with_default (object, "more", FALSE);
  return TRUE;
}

static gboolean
retry_cb (gpointer data)
{
  ConferClientChat *self = data;

  confer_timeout_clear (&self->retry_source);
  self->head_sent = FALSE;
  send_next (self);
  return G_SOURCE_REMOVE;
}

static void
refused (ConferClientChat *self,
         ConferMessage    *error)
{
  JsonObject *object = confer_message_get_object (error);
  const char *code = json_object_get_string_member (object, "code");
  const char *txn = confer_message_get_txn (error);
  ConferMessage *head = g_queue_peek_head (self->outbox);
  ConferChatMessage *written;
  guint position;

  if (head == NULL || g_strcmp0 (txn, confer_message_get_txn (head)) != 0)
    {
      g_debug ("Chat: %s refused: %s", txn, json_object_get_string_member (object, "message"));
      return;
    }
  if (g_str_equal (code, "rate-limited"))
    {
      if (self->retry_source == NULL)
        self->retry_source = confer_timeout_add (RETRY_DELAY_MS, retry_cb, self);
      return;
    }
  if ((written = g_hash_table_lookup (self->written, txn)) != NULL &&
      find_written (self, written, &position))
    g_list_store_remove (self->messages, position);
  g_hash_table_remove (self->written, txn);
  g_signal_emit (self, signals[REFUSED], 0, code, json_object_get_string_member (object, "message"));
  head_done (self);
}

/**
 * confer_client_chat_handle:
 * @self: a chat
 * @message: a message for it, checked by confer_server_frame_check():
 *   `chat.messages`, `chat.events`, `chat.ack`, `chat.typing`,
 *   `chat.read`, or the `error` answering one of its changes
 *
 * A frame the chat cannot use (an event that does not follow) is never
 * applied in part: the client reconnects and resumes.
 */
void
confer_client_chat_handle (ConferClientChat *self,
                           ConferMessage    *message)
{
  const char *type = confer_message_get_type_name (message);
  JsonObject *object = confer_message_get_object (message);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (type, "chat.messages") || g_str_equal (type, "chat.events"))
    {
      gboolean was_ready = self->ready;

      if (g_str_equal (type, "chat.messages") ? !read_page (self, message, &error) : !read_events (self, message, &error))
        {
          confer_connection_protocol_failure (connection (self), error->message);
          return;
        }
      if (json_object_has_member (object, "reads") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "reads")))
        read_reads (self, json_object_get_object_member (object, "reads"));
      self->ready = TRUE;
      if (!was_ready)
        g_signal_emit (self, signals[READY], 0);
      send_next (self);
    }
  else if (g_str_equal (type, "chat.ack"))
    {
      ConferMessage *head = g_queue_peek_head (self->outbox);
      JsonObject *event;

      if (head == NULL || g_strcmp0 (confer_message_get_txn (head), confer_message_get_txn (message)) != 0)
        return;
      event = json_object_new ();

      /* The server's copy of a change it had committed: as an event, for
       * a message this participant sent, at the sequence number it has
       * (a client behind it learns the rest when it opens the chat). */
      json_object_set_int_member (event, "seq", MAX (self->seq, (guint64) json_object_get_int_member (object, "seq")));
      json_object_set_string_member (event, "kind", "message");
      json_object_set_string_member (event, "author", confer_client_get_participant_id (self->client));
      json_object_set_string_member (event, "txn", confer_message_get_txn (message));
      json_object_set_object_member (event, "message", json_object_ref (json_object_get_object_member (object, "message")));
      if ((guint64) json_object_get_int_member (object, "seq") <= self->seq)
        apply_event (self, event, FALSE);
      else
        head_done (self);
      json_object_unref (event);
    }
  else if (g_str_equal (type, "chat.typing"))
    g_signal_emit (self, signals[TYPING], 0, json_object_get_string_member (object, "participant"),
                   json_object_get_boolean_member_with_default (object, "typing", FALSE));
  else if (g_str_equal (type, "chat.read"))
    {
      const char *participant = json_object_get_string_member (object, "participant");
      guint64 seq = json_object_get_int_member (object, "seq");

      g_hash_table_insert (self->reads, g_strdup (participant), GSIZE_TO_POINTER ((gsize) seq));
      g_signal_emit (self, signals[READ], 0, participant, seq);
    }
  else if (g_str_equal (type, "error"))
    refused (self, message);
}

/* Queues a change for the server, after what waits. */
static ConferMessage *
queue_change (ConferClientChat *self,
              const char       *type)
{
  ConferMessage *change = confer_message_new (type);
  g_autofree char *txn = confer_connection_new_txn (connection (self));

  confer_message_set_txn (change, txn);
  g_queue_push_tail (self->outbox, change);
  return change;
}

/* Queues chat.send; @waveform is %NULL unless the one attachment is a
 * voice message of @voice_ms. */
static ConferChatMessage *
send_message (ConferClientChat    *self,
              const char          *text,
              const char          *reply_to,
              const char * const  *attachments,
              guint                voice_ms,
              GBytes              *waveform,
              GError             **error)
{
  g_autoptr(ConferChatMessage) message = NULL;
  ConferMessage *change;
  JsonObject *object;

  if (!confer_chat_check_text (text, error))
    return NULL;
  change = queue_change (self, "chat.send");
  object = confer_message_get_object (change);
  json_object_set_string_member (object, "text", text);
  if (reply_to != NULL)
    json_object_set_string_member (object, "reply_to", reply_to);
  if (attachments != NULL && attachments[0] != NULL)
    {
      JsonArray *names = json_array_new ();

      for (guint i = 0; attachments[i] != NULL; i++)
        json_array_add_string_element (names, attachments[i]);
      json_object_set_array_member (object, "attachments", names);
    }
  if (waveform != NULL)
    json_object_set_object_member (object, "voice", confer_chat_voice_to_json (voice_ms, waveform));
  message = confer_chat_message_new_pending (confer_message_get_txn (change), confer_client_get_participant_id (self->client),
                                             text, reply_to, attachments);
  if (waveform != NULL)
    confer_chat_message_set_voice (message, voice_ms, waveform);
  g_hash_table_insert (self->written, g_strdup (confer_message_get_txn (change)), message);
  g_list_store_append (self->messages, message);
  save_outbox (self);
  send_next (self);
  return message;
}

/**
 * confer_client_chat_send:
 * @self: a chat
 * @text: the message, Markdown source
 * @reply_to: (nullable): the id of the message it answers
 * @attachments: (nullable) (array zero-terminated=1): names of blobs
 *   uploaded to the session (confer_client_put_blob())
 * @error: return location for a #GError
 *
 * Sends a message: it is in the list at once, pending, and goes to the
 * server after what this participant wrote before it — when the
 * connection is back, if it is not now.
 *
 * Returns: (transfer none) (nullable): the pending message, or %NULL with
 *   the error confer_chat_check_text() sets
 */
ConferChatMessage *
confer_client_chat_send (ConferClientChat    *self,
                         const char          *text,
                         const char          *reply_to,
                         const char * const  *attachments,
                         GError             **error)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), NULL);

  return send_message (self, text, reply_to, attachments, 0, NULL, error);
}

/**
 * confer_client_chat_send_voice:
 * @self: a chat
 * @text: the message's text, Markdown source (what clients without a
 *   player show)
 * @reply_to: (nullable): the id of the message it answers
 * @blob: the name of the voice message's audio, Opus in Ogg uploaded to
 *   the session (confer_client_put_blob())
 * @duration_ms: how long it plays, in milliseconds, 1 to
 *   %CONFER_CHAT_MAX_VOICE_MS
 * @waveform: its peaks, one byte each from 0 (silence) to 255 (full
 *   scale), 1 to %CONFER_CHAT_MAX_WAVEFORM of them
 * @error: return location for a #GError
 *
 * Sends a voice message as confer_client_chat_send() sends a message,
 * with `voice` saying how long it lasts and what its waveform looks like,
 * so that others draw it before they have fetched the audio.
 *
 * Returns: (transfer none) (nullable): the pending message, or %NULL with
 *   the error confer_chat_check_text() sets
 */
ConferChatMessage *
confer_client_chat_send_voice (ConferClientChat  *self,
                               const char        *text,
                               const char        *reply_to,
                               const char        *blob,
                               guint              duration_ms,
                               GBytes            *waveform,
                               GError           **error)
{
  const char *attachments[] = { blob, NULL };

  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), NULL);
  g_return_val_if_fail (blob != NULL, NULL);
  g_return_val_if_fail (duration_ms >= 1 && duration_ms <= CONFER_CHAT_MAX_VOICE_MS, NULL);
  g_return_val_if_fail (waveform != NULL && g_bytes_get_size (waveform) >= 1 &&
                        g_bytes_get_size (waveform) <= CONFER_CHAT_MAX_WAVEFORM, NULL);

  return send_message (self, text, reply_to, attachments, duration_ms, waveform, error);
}

/**
 * confer_client_chat_edit:
 * @self: a chat
 * @message_id: the id of a message this participant sent
 * @text: its new text
 * @error: return location for a #GError
 *
 * Changes a message's text (the server keeps the earlier one); it shows
 * once the server has taken it (::event).
 *
 * Returns: %TRUE if the edit was queued; %FALSE with the error
 *   confer_chat_check_text() sets
 */
gboolean
confer_client_chat_edit (ConferClientChat  *self,
                         const char        *message_id,
                         const char        *text,
                         GError           **error)
{
  JsonObject *object;

  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), FALSE);

  if (!confer_chat_check_text (text, error))
    return FALSE;
  object = confer_message_get_object (queue_change (self, "chat.edit"));
  json_object_set_string_member (object, "message", message_id);
  json_object_set_string_member (object, "text", text);
  save_outbox (self);
  send_next (self);
  return TRUE;
}

/**
 * confer_client_chat_delete:
 * @self: a chat
 * @message_id: the id of a message this participant sent (or, for an
 *   owner, anyone's)
 *
 * Deletes a message: it stays in the list as a tombstone once the server
 * has taken the deletion.
 */
void
confer_client_chat_delete (ConferClientChat *self,
                           const char       *message_id)
{
  g_return_if_fail (CONFER_IS_CLIENT_CHAT (self));

  json_object_set_string_member (confer_message_get_object (queue_change (self, "chat.delete")), "message", message_id);
  save_outbox (self);
  send_next (self);
}

/**
 * confer_client_chat_react:
 * @self: a chat
 * @message_id: a message's id
 * @emoji: one emoji (confer_chat_is_emoji())
 * @remove: %TRUE to take the reaction back
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the reaction was queued; %FALSE with
 *   %CONFER_PROTOCOL_ERROR_BAD_MESSAGE if @emoji is not one emoji
 */
gboolean
confer_client_chat_react (ConferClientChat  *self,
                          const char        *message_id,
                          const char        *emoji,
                          gboolean           remove,
                          GError           **error)
{
  JsonObject *object;

  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), FALSE);

  if (!confer_chat_is_emoji (emoji))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE, "“%s” is not one emoji", emoji);
      return FALSE;
    }
  object = confer_message_get_object (queue_change (self, "chat.react"));
  json_object_set_string_member (object, "message", message_id);
  json_object_set_string_member (object, "emoji", emoji);
  if (remove)
    json_object_set_boolean_member (object, "remove", TRUE);
  save_outbox (self);
  send_next (self);
  return TRUE;
}

/**
 * confer_client_chat_set_typing:
 * @self: a chat
 * @typing: whether this participant is typing
 *
 * Tells the others, as keystrokes come: a change at once, and %TRUE again
 * only when it was last said 3 s ago or more (the others forget it after
 * 5 s), so typing sends a frame every 3 s, not one a key. Nothing is sent
 * while offline.
 */
void
confer_client_chat_set_typing (ConferClientChat *self,
                               gboolean          typing)
{
  g_autoptr(ConferMessage) message = NULL;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (CONFER_IS_CLIENT_CHAT (self));

  if (!confer_connection_is_welcomed (connection (self)) ||
      (typing == self->typing && (!typing || now - self->typing_said < 3 * G_USEC_PER_SEC)))
    return;
  self->typing = typing;
  if (typing)
    self->typing_said = now;
  message = confer_message_new ("chat.typing");
  json_object_set_boolean_member (confer_message_get_object (message), "typing", typing);
  confer_connection_send (connection (self), message);
}

/**
 * confer_client_chat_mark_read:
 * @self: a chat
 * @seq: the sequence number this participant has read up to (at most
 *   confer_client_chat_get_seq())
 *
 * Stores a read receipt the others see (::read); this client counts it at
 * once (confer_client_chat_get_read()).
 */
void
confer_client_chat_mark_read (ConferClientChat *self,
                              guint64           seq)
{
  g_autoptr(ConferMessage) message = confer_message_new ("chat.read");
  const char *me;

  g_return_if_fail (CONFER_IS_CLIENT_CHAT (self));
  g_return_if_fail (seq <= self->seq);

  me = confer_client_get_participant_id (self->client);
  if (me != NULL && seq > confer_client_chat_get_read (self, me))
    g_hash_table_insert (self->reads, g_strdup (me), GSIZE_TO_POINTER ((gsize) seq));
  json_object_set_int_member (confer_message_get_object (message), "seq", seq);
  if (confer_connection_is_welcomed (connection (self)))
    confer_connection_send (connection (self), message);
}

static void
older_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  ConferClientChat *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_client_request_finish (CONFER_CLIENT (source), result, &error);
  JsonArray *messages;
  guint first = 0;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  messages = json_object_get_array_member (confer_message_get_object (answer), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      g_autoptr(ConferChatMessage) message = confer_chat_message_new_from_json (json_array_get_object_element (messages, i), &error);

      if (message == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (g_hash_table_contains (self->by_id, confer_chat_message_get_id (message)))
        continue;
      /* Older than everything listed, oldest first. */
      g_list_store_insert (self->messages, first++, message);
      g_hash_table_insert (self->by_id, (gpointer) confer_chat_message_get_id (message), message);
    }
  self->older = json_object_get_boolean_member_with_default (confer_message_get_object (answer), "more", FALSE);
  g_task_return_boolean (task, TRUE);
}

/**
 * confer_client_chat_load_older_async:
 * @self: a ready chat
 * @limit: how many messages, 1–200
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when they are in the list
 * @user_data: data for @callback
 *
 * Loads the page of history before the oldest message listed (as one
 * scrolls up) into the front of the list.
 */
void
confer_client_chat_load_older_async (ConferClientChat    *self,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(ConferMessage) request = confer_message_new ("chat.history");
  g_autoptr(ConferChatMessage) oldest = NULL;
  guint64 before = self->seq + 1;

  g_task_set_source_tag (task, confer_client_chat_load_older_async);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->messages)) && oldest == NULL; i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (!confer_chat_message_get_pending (message))
        oldest = g_steal_pointer (&message);
    }
  if (oldest != NULL)
    before = confer_chat_message_get_seq (oldest);
  json_object_set_int_member (confer_message_get_object (request), "before", before);
  json_object_set_int_member (confer_message_get_object (request), "limit", CLAMP (limit, 1, CONFER_CHAT_MAX_PAGE));
  confer_client_request_async (self->client, request, cancellable, older_cb, task);
}

/**
 * confer_client_chat_load_older_finish:
 * @self: a chat
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the page is in the list
 *   (confer_client_chat_has_older() says whether more remain); %FALSE
 *   with the request's error
 */
gboolean
confer_client_chat_load_older_finish (ConferClientChat  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_client_request_finish (CONFER_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *messages;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  messages = json_object_get_array_member (confer_message_get_object (answer), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      ConferChatMessage *message = confer_chat_message_new_from_json (json_array_get_object_element (messages, i), &error);

      if (message == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (found, message);
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * confer_client_chat_search_async:
 * @self: a chat
 * @query: words every message found holds (in any case, with or without
 *   accents); nothing in it is query syntax
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the messages found
 * @user_data: data for @callback
 *
 * Searches the session's messages on the server (SQLite FTS5).
 */
void
confer_client_chat_search_async (ConferClientChat    *self,
                                 const char          *query,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(ConferMessage) request = confer_message_new ("chat.search");

  g_task_set_source_tag (task, confer_client_chat_search_async);
  json_object_set_string_member (confer_message_get_object (request), "query", query);
  confer_client_request_async (self->client, request, cancellable, search_cb, task);
}

/**
 * confer_client_chat_search_finish:
 * @self: a chat
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type ConferChatMessage) (nullable):
 *   at most 50 messages, best match first (not the list's objects), or
 *   %NULL with the error (`bad-message` for a query without words)
 */
GPtrArray *
confer_client_chat_search_finish (ConferClientChat  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confer_client_chat_find_message:
 * @self: a chat
 * @id: (nullable): a message id
 *
 * Returns: (transfer none) (nullable): the loaded, sent message with @id
 */
ConferChatMessage *
confer_client_chat_find_message (ConferClientChat *self,
                                 const char       *id)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/**
 * confer_client_chat_get_messages:
 * @self: a chat
 *
 * Returns: (transfer none): the messages loaded, of #ConferChatMessage:
 *   sent ones in the server's order, then this participant's pending ones
 *   in the order written; objects are updated in place
 */
GListModel *
confer_client_chat_get_messages (ConferClientChat *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), NULL);

  return G_LIST_MODEL (self->messages);
}

/**
 * confer_client_chat_is_ready:
 * @self: a chat
 *
 * Returns: whether the chat's latest page arrived
 */
gboolean
confer_client_chat_is_ready (ConferClientChat *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), FALSE);

  return self->ready;
}

/**
 * confer_client_chat_get_seq:
 * @self: a chat
 *
 * Returns: the sequence number of the last event the client has
 */
guint64
confer_client_chat_get_seq (ConferClientChat *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), 0);

  return self->seq;
}

/**
 * confer_client_chat_has_older:
 * @self: a chat
 *
 * Returns: whether messages older than the list's remain on the server
 */
gboolean
confer_client_chat_has_older (ConferClientChat *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), FALSE);

  return self->older;
}

/**
 * confer_client_chat_get_n_pending:
 * @self: a chat
 *
 * Returns: how many of this participant's changes (messages, edits,
 *   deletions, reactions) wait for the server
 */
guint
confer_client_chat_get_n_pending (ConferClientChat *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), 0);

  return g_queue_get_length (self->outbox);
}

/**
 * confer_client_chat_get_read:
 * @self: a chat
 * @participant_id: a participant
 *
 * Returns: the sequence number they read up to, 0 if none
 */
guint64
confer_client_chat_get_read (ConferClientChat *self,
                             const char       *participant_id)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), 0);

  return GPOINTER_TO_SIZE (g_hash_table_lookup (self->reads, participant_id));
}

/**
 * confer_client_chat_list_readers:
 * @self: a chat
 * @message: a message of the list
 *
 * Says who has read up to @message and not beyond: each participant
 * whose read receipt is at @message's sequence number or later but
 * before the next sent message's (or, for the last one, any later).
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): their
 *   ids in no particular order, or %NULL for none (and for a pending
 *   message)
 */
char **
confer_client_chat_list_readers (ConferClientChat  *self,
                                 ConferChatMessage *message)
{
  guint64 seq, next = G_MAXUINT64;
  guint position, n_sent;
  g_autoptr(GPtrArray) readers = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id, read;

  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), NULL);

  seq = confer_chat_message_get_seq (message);
  if (seq == 0 || confer_chat_message_get_pending (message))
    return NULL;
  n_sent = g_list_model_get_n_items (G_LIST_MODEL (self->messages)) - g_hash_table_size (self->written);
  position = position_for (self, seq);
  if (position + 1 < n_sent)
    {
      g_autoptr(ConferChatMessage) after = g_list_model_get_item (G_LIST_MODEL (self->messages), position + 1);

      next = confer_chat_message_get_seq (after);
    }
  g_hash_table_iter_init (&iter, self->reads);
  while (g_hash_table_iter_next (&iter, &id, &read))
    if (GPOINTER_TO_SIZE (read) >= seq && GPOINTER_TO_SIZE (read) < next)
      g_ptr_array_add (readers, g_strdup (id));
  if (readers->len == 0)
    return NULL;
  g_ptr_array_add (readers, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&readers), FALSE);
}

/**
 * confer_client_chat_wait:
 * @self: a chat
 * @synchronized: also wait until every change is acknowledged
 * @timeout_ms: how long to wait at most, in ms
 * @error: return location for a #GError
 *
 * Runs the thread-default main context until the chat is ready (and, if
 * @synchronized, has nothing pending) — for command-line tools and tests.
 *
 * Returns: %TRUE when it is; %FALSE with %G_IO_ERROR_TIMED_OUT
 */
gboolean
confer_client_chat_wait (ConferClientChat  *self,
                         gboolean           synchronized,
                         guint              timeout_ms,
                         GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (CONFER_IS_CLIENT_CHAT (self), FALSE);

  while (!(self->ready && (!synchronized || g_queue_is_empty (self->outbox))))
    {
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The chat did not %s within %u ms",
                       self->ready ? "synchronise" : "arrive", timeout_ms);
          return FALSE;
        }
      g_main_context_iteration (context, TRUE);
    }
  return TRUE;
}

/**
 * confer_client_chat_close:
 * @self: (transfer none): an open chat; it is freed
 *
 * Stops following the chat (`chat.close`); unsent changes are lost.
 */
void
confer_client_chat_close (ConferClientChat *self)
{
  g_autoptr(ConferMessage) close = confer_message_new ("chat.close");

  g_return_if_fail (CONFER_IS_CLIENT_CHAT (self));

  if (confer_connection_is_welcomed (connection (self)))
    confer_connection_send (connection (self), close);
  confer_client_forget_item (self->client, self);
}
