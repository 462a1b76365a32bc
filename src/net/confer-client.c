/* confer-client.c: a connection to a Confer session: handshake, pinned
 * TLS, reconnect with back-off, heartbeats, requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-client"

#include "config.h"

#include <libsoup/soup.h>

#include "confer-client-private.h"

/* Back-off between reconnect attempts: doubling from 100 ms to 5 s, with
 * ±20 % jitter so many clients do not return in step. */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
/* A ping every 10 s; no frame at all for 25 s means the link is dead. */
#define PING_INTERVAL_S 10
#define SILENCE_LIMIT_US (25 * G_USEC_PER_SEC)
/* Snapshots and op catch-ups can be large. */
#define CLIENT_MAX_PAYLOAD (256 * 1024 * 1024)

struct _ConferClient
{
  GObject                  parent_instance;

  ConferLink              *link;
  char                    *name;
  char                    *colour;       /* asked for at join, or NULL */
  char                    *token;         /* participant token from welcome */
  char                    *txn_prefix;
  guint64                  txn_counter;

  ConferConnectionState    state;
  char                    *refusal;
  char                    *refusal_code;
  SoupSession             *soup;
  SoupWebsocketConnection *conn;
  GCancellable            *connecting;
  SoupMessage             *handshake;     /* of the latest connection attempt */
  gboolean                 welcomed;
  guint                    attempts;
  GSource                 *retry_source;
  GSource                 *ping_source;
  gint64                   last_heard;

  char                    *session_title;
  char                    *participant_id;
  char                    *role;
  JsonArray               *docs;
  JsonArray               *participants;
  GHashTable              *requests;      /* txn -> GTask */
  GHashTable              *doc_txns;      /* txn -> ConferClientDoc (unowned) */
  GHashTable              *open_docs;     /* id -> ConferClientDoc (owned) */
  ConferClientCache       *cache;         /* nullable */
  gboolean                 peek;          /* only asks what the invite gives */
  ConferInviteInfo        *invite_info;   /* its answer */
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferClient, confer_client, G_TYPE_OBJECT)

static void client_open_socket (ConferClient *self);
static void schedule_reconnect (ConferClient *self);

static void
fail_requests (ConferClient *self,
               const char   *why)
{
  g_autoptr(GList) tasks = g_hash_table_get_values (self->requests);

  /* The table owns the txn keys, not the tasks. */
  g_hash_table_remove_all (self->requests);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_new_error (l->data, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "%s", why);
      g_object_unref (l->data);
    }
}

static void
set_state (ConferClient          *self,
           ConferConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
close_socket (ConferClient *self)
{
  g_cancellable_cancel (self->connecting);
  g_clear_object (&self->connecting);
  confer_client_clear_timeout (&self->ping_source);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
  self->welcomed = FALSE;
}

/* Writes every open document to the cache now. */
static void
save_docs (ConferClient *self)
{
  GHashTableIter iter;
  gpointer doc;

  g_hash_table_iter_init (&iter, self->open_docs);
  while (g_hash_table_iter_next (&iter, NULL, &doc))
    confer_client_doc_save (doc);
}

/* Remembers who this client is in the session and what it holds, for
 * rejoining and for working offline. */
static void
save_session (ConferClient *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  ConferCachedSession session = { 0 };

  if (self->cache == NULL)
    return;
  link = confer_link_to_string (self->link);
  session.link = link;
  session.title = self->session_title;
  session.participant_id = self->participant_id;
  session.token = self->token;
  session.role = self->role;
  session.docs = self->docs;
  session.participants = self->participants;
  if (!confer_client_cache_save_session (self->cache, self->link, &session, &error))
    g_warning ("The session could not be saved for offline use: %s", error->message);
}

static void
confer_client_dispose (GObject *object)
{
  ConferClient *self = (ConferClient *) object;

  confer_client_clear_timeout (&self->retry_source);
  close_socket (self);
  if (self->requests != NULL)
    fail_requests (self, "The client was closed");
  if (self->open_docs != NULL)
    save_docs (self);
  g_clear_pointer (&self->open_docs, g_hash_table_unref);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (confer_client_parent_class)->dispose (object);
}

static void
confer_client_finalize (GObject *object)
{
  ConferClient *self = (ConferClient *) object;

  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->doc_txns, g_hash_table_unref);
  g_clear_pointer (&self->docs, json_array_unref);
  g_clear_pointer (&self->participants, json_array_unref);
  g_clear_pointer (&self->link, confer_link_free);
  g_clear_object (&self->soup);
  g_clear_object (&self->handshake);
  g_free (self->name);
  g_free (self->colour);
  g_free (self->token);
  g_free (self->txn_prefix);
  g_free (self->refusal);
  g_free (self->refusal_code);
  g_free (self->session_title);
  g_free (self->participant_id);
  g_free (self->role);
  g_clear_pointer (&self->invite_info, confer_invite_info_free);

  G_OBJECT_CLASS (confer_client_parent_class)->finalize (object);
}

static void
confer_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ConferClient *self = CONFER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_client_class_init (ConferClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_client_dispose;
  object_class->finalize = confer_client_finalize;
  object_class->get_property = confer_client_get_property;

  /**
   * ConferClient:state:
   *
   * The #ConferConnectionState, as an integer.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CONFER_CONNECTION_CONNECTING, CONFER_CONNECTION_REFUSED, CONFER_CONNECTION_CONNECTING,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferClient::event:
   * @self: the client
   * @message: a message from the server
   *
   * Emitted for every message the server sends, after the client has
   * handled it.
   */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_MESSAGE);
}

static void
confer_client_init (ConferClient *self)
{
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->doc_txns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->open_docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * confer_client_new:
 * @link: the session's link (copied)
 * @name: (nullable): the display name to join with (needed when joining
 *   through an invite)
 *
 * Creates a client; confer_client_connect() starts connecting.
 *
 * Returns: (transfer full): a new client
 */
ConferClient *
confer_client_new (const ConferLink *link,
                   const char       *name)
{
  ConferClient *self = g_object_new (CONFER_TYPE_CLIENT, NULL);

  self->link = g_new0 (ConferLink, 1);
  self->link->host = g_strdup (link->host);
  self->link->port = link->port;
  self->link->session = g_strdup (link->session);
  self->link->invite = g_strdup (link->invite);
  self->link->fingerprint = g_strdup (link->fingerprint);
  self->name = g_strdup (name);
  self->txn_prefix = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  self->soup = soup_session_new_with_options ("user-agent", "confer/" PACKAGE_VERSION,
                                              "timeout", 30, "idle-timeout", 0, NULL);
  return self;
}

/**
 * confer_client_set_colour:
 * @self: a client
 * @colour: (nullable): `#rrggbb`, or %NULL or empty for the session's choice
 *
 * Sets the colour to ask for when this client joins through an invite (a
 * participant's colour is chosen once, when they first join). Call it
 * before confer_client_connect().
 *
 * Returns: %TRUE if @colour is %NULL, empty or a colour; %FALSE if it is
 *   not a `#rrggbb` colour, in which case the session chooses
 */
gboolean
confer_client_set_colour (ConferClient *self,
                          const char   *colour)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), FALSE);

  g_clear_pointer (&self->colour, g_free);
  if (colour == NULL || *colour == '\0')
    return TRUE;
  if (!confer_protocol_is_colour (colour))
    return FALSE;
  self->colour = g_strdup (colour);
  return TRUE;
}

/**
 * confer_client_add_timeout:
 * @interval_ms: the delay (and period, while @func returns
 *   %G_SOURCE_CONTINUE), in ms
 * @func: the callback
 * @data: its data
 *
 * A timeout in the thread-default main context, where this thread's
 * clients (and their libsoup sessions) run: a client works in any thread
 * that runs its own context (a load generator with one per core), not
 * only in the global default one that g_timeout_add() uses.
 *
 * Returns: (transfer full): the attached source; stop it with
 *   confer_client_clear_timeout(), or drop the reference when @func
 *   returns %G_SOURCE_REMOVE
 */
GSource *
confer_client_add_timeout (guint       interval_ms,
                           GSourceFunc func,
                           gpointer    data)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/**
 * confer_client_clear_timeout:
 * @source: (inout) (nullable): where a confer_client_add_timeout() source
 *   is kept, or %NULL
 *
 * Destroys the source, drops its reference and sets *@source to %NULL.
 */
void
confer_client_clear_timeout (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/**
 * confer_client_new_txn:
 * @self: a client
 *
 * Returns: (transfer full): a transaction id unique to this client
 */
char *
confer_client_new_txn (ConferClient *self)
{
  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, self->txn_prefix, ++self->txn_counter);
}

/**
 * confer_client_send:
 * @self: a client
 * @message: a message
 *
 * Sends @message if the connection is open.
 *
 * Returns: %TRUE if it was sent
 */
gboolean
confer_client_send (ConferClient  *self,
                    ConferMessage *message)
{
  gsize n_bytes;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (self->conn == NULL || soup_websocket_connection_get_state (self->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;
  text = confer_message_encode (message, &n_bytes);
  bytes = g_bytes_new_take (g_steal_pointer (&text), n_bytes);
  soup_websocket_connection_send_message (self->conn, SOUP_WEBSOCKET_DATA_TEXT, bytes);
  return TRUE;
}

/**
 * confer_client_track_txn:
 * @self: a client
 * @txn: a txn the document sent
 * @doc: the document whose answer it is
 *
 * Routes the server's answer to @txn (`doc.ack` or `error`) to @doc.
 */
void
confer_client_track_txn (ConferClient    *self,
                         const char      *txn,
                         ConferClientDoc *doc)
{
  g_hash_table_insert (self->doc_txns, g_strdup (txn), doc);
}

/**
 * confer_client_untrack_txn:
 * @self: a client
 * @txn: a txn passed to confer_client_track_txn()
 *
 * Stops routing answers to @txn: its acknowledgement came in another form
 * (an entry of a `doc.ops` list).
 */
void
confer_client_untrack_txn (ConferClient *self,
                           const char   *txn)
{
  g_hash_table_remove (self->doc_txns, txn);
}

/**
 * confer_client_forget_doc:
 * @self: a client
 * @doc: a document being closed
 *
 * Stops routing anything to @doc.
 */
void
confer_client_forget_doc (ConferClient    *self,
                          ConferClientDoc *doc)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->doc_txns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == doc)
      g_hash_table_iter_remove (&iter);
  g_hash_table_remove (self->open_docs, confer_client_doc_get_id (doc));
}

static void
refuse (ConferClient *self,
        const char   *code,
        const char   *why)
{
  confer_client_clear_timeout (&self->retry_source);
  close_socket (self);
  g_free (self->refusal);
  self->refusal = g_strdup (why);
  g_free (self->refusal_code);
  self->refusal_code = g_strdup (code);
  fail_requests (self, why);
  set_state (self, CONFER_CONNECTION_REFUSED);
}

/**
 * confer_client_protocol_failure:
 * @self: a client
 * @why: what the server sent wrong, for people
 *
 * Called when the server sent something the client cannot act on (a frame
 * it cannot read, a member missing, an operation that does not follow).
 * Nothing of it has been applied. A server that has not welcomed the client
 * is not worth retrying: the client is refused with code `bad-server`. One
 * that did may have sent one broken frame, so the client starts afresh:
 * it reconnects and resumes, its unsent changes kept.
 */
void
confer_client_protocol_failure (ConferClient *self,
                                const char   *why)
{
  g_autofree char *message = g_strdup_printf ("The server sent a message this client cannot use. %s", why);

  g_warning ("%s", message);
  if (!self->welcomed)
    refuse (self, "bad-server", message);
  else
    schedule_reconnect (self);
}

static gboolean
retry_cb (gpointer data)
{
  ConferClient *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  client_open_socket (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (ConferClient *self)
{
  guint delay = BACKOFF_MIN_MS << MIN (self->attempts, 6u);

  close_socket (self);
  fail_requests (self, "The connection to the server was lost");
  if (self->state == CONFER_CONNECTION_OFFLINE || self->state == CONFER_CONNECTION_REFUSED)
    return;
  if (self->state == CONFER_CONNECTION_ONLINE)
    set_state (self, CONFER_CONNECTION_RECONNECTING);
  delay = MIN (delay, (guint) BACKOFF_MAX_MS);
  delay = delay * g_random_double_range (0.8, 1.2);
  self->attempts++;
  confer_client_clear_timeout (&self->retry_source);
  self->retry_source = confer_client_add_timeout (delay, retry_cb, self);
}

static void
handle_welcome (ConferClient  *self,
                ConferMessage *message)
{
  JsonObject *object = confer_message_get_object (message);
  JsonObject *you = json_object_get_object_member (object, "you");
  JsonObject *session = json_object_get_object_member (object, "session");
  g_autoptr(GList) docs = NULL;

  if (json_object_has_member (object, "token"))
    {
      g_free (self->token);
      self->token = g_strdup (json_object_get_string_member (object, "token"));
    }
  g_free (self->participant_id);
  self->participant_id = g_strdup (json_object_get_string_member (you, "id"));
  g_free (self->role);
  self->role = g_strdup (json_object_get_string_member (you, "role"));
  g_free (self->session_title);
  self->session_title = g_strdup (json_object_get_string_member (session, "title"));
  g_clear_pointer (&self->docs, json_array_unref);
  self->docs = json_array_ref (json_object_get_array_member (object, "docs"));
  g_clear_pointer (&self->participants, json_array_unref);
  self->participants = json_array_ref (json_object_get_array_member (object, "participants"));

  self->welcomed = TRUE;
  self->attempts = 0;
  save_session (self);
  set_state (self, CONFER_CONNECTION_ONLINE);

  docs = g_hash_table_get_values (self->open_docs);
  for (GList *l = docs; l != NULL; l = l->next)
    confer_client_doc_resume (l->data);
}

/* participant.joined adds or marks online, participant.left marks offline. */
static void
update_participants (ConferClient  *self,
                     ConferMessage *message)
{
  JsonObject *participant = json_object_get_object_member (confer_message_get_object (message), "participant");
  const char *id = json_object_get_string_member (participant, "id");

  if (self->participants == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (self->participants); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (self->participants, i), "id"), id))
      {
        json_array_remove_element (self->participants, i);
        break;
      }
  json_array_add_object_element (self->participants, json_object_ref (participant));
  save_session (self);
}

static void
update_doc_list (ConferClient  *self,
                 ConferMessage *message)
{
  const char *type = confer_message_get_type_name (message);
  JsonObject *doc = json_object_get_object_member (confer_message_get_object (message), "doc");
  const char *id = json_object_get_string_member (doc, "id");

  if (self->docs == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (self->docs); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (self->docs, i), "id"), id))
      {
        json_array_remove_element (self->docs, i);
        break;
      }
  if (!g_str_equal (type, "doc.deleted"))
    json_array_add_object_element (self->docs, json_object_ref (doc));
  save_session (self);
}

/* A process with many connections to one server (a load generator, an app
 * in several sessions) receives the same broadcast frame on each, but not
 * always one after another: the frames each author gets between them break
 * the run. The last DECODE_CACHE_SLOTS frames decoded on this thread are
 * kept, and an identical one shares its message (which nobody modifies)
 * instead of being parsed again. */
#define DECODE_CACHE_SLOTS 8

typedef struct
{
  GBytes        *bytes[DECODE_CACHE_SLOTS];
  ConferMessage *message[DECODE_CACHE_SLOTS];
  guint          next;   /* the slot the next new frame takes */
} DecodeCache;

static void
decode_cache_free (gpointer data)
{
  DecodeCache *cache = data;

  for (guint i = 0; i < DECODE_CACHE_SLOTS; i++)
    {
      g_clear_pointer (&cache->bytes[i], g_bytes_unref);
      g_clear_pointer (&cache->message[i], confer_message_unref);
    }
  g_free (cache);
}

static GPrivate decode_cache_key = G_PRIVATE_INIT (decode_cache_free);

static ConferMessage *
decode_shared (GBytes  *bytes,
               GError **error)
{
  DecodeCache *cache = g_private_get (&decode_cache_key);
  gsize n_bytes;
  const char *text = g_bytes_get_data (bytes, &n_bytes);
  ConferMessage *message;
  guint slot;

  if (cache == NULL)
    g_private_set (&decode_cache_key, cache = g_new0 (DecodeCache, 1));
  for (guint i = 0; i < DECODE_CACHE_SLOTS; i++)
    if (cache->bytes[i] != NULL && g_bytes_equal (cache->bytes[i], bytes))
      return confer_message_ref (cache->message[i]);

  /* The server's frames (snapshots, catch-ups) may be larger than a client's. */
  message = confer_message_decode (text, n_bytes, CLIENT_MAX_PAYLOAD, error);
  if (message == NULL)
    return NULL;
  if (!confer_server_frame_check (message, error))
    {
      confer_message_unref (message);
      return NULL;
    }
  slot = cache->next;
  cache->next = (slot + 1) % DECODE_CACHE_SLOTS;
  g_clear_pointer (&cache->bytes[slot], g_bytes_unref);
  g_clear_pointer (&cache->message[slot], confer_message_unref);
  cache->bytes[slot] = g_bytes_ref (bytes);
  cache->message[slot] = confer_message_ref (message);
  return message;
}

/**
 * confer_client_receive:
 * @self: a client
 * @frame: the payload of a text frame from the server
 *
 * Acts on one frame from the server: checks it (confer_message_decode(),
 * confer_server_frame_check()), then hands it to whatever waits for it.
 * The socket's handler calls it; so does the client-frame fuzzer, without
 * a socket.
 */
void
confer_client_receive (ConferClient *self,
                       GBytes       *frame)
{
  g_autoptr(ConferMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind, *txn;
  GTask *task;
  ConferClientDoc *doc;

  message = decode_shared (frame, &error);
  if (message == NULL)
    {
      confer_client_protocol_failure (self, error->message);
      return;
    }

  kind = confer_message_get_type_name (message);
  txn = confer_message_get_txn (message);
  g_object_ref (self);

  if (!self->welcomed)
    {
      if (g_str_equal (kind, "invite.info") && self->peek)
        {
          JsonObject *object = confer_message_get_object (message);

          self->invite_info = g_new0 (ConferInviteInfo, 1);
          self->invite_info->session_title = g_strdup (json_object_get_string_member (
            json_object_get_object_member (object, "session"), "title"));
          self->invite_info->role = g_strdup (json_object_get_string_member (object, "role"));
          self->invite_info->expires = json_object_get_int_member (object, "expires");
          confer_client_disconnect (self);
        }
      else if (g_str_equal (kind, "welcome"))
        handle_welcome (self, message);
      else if (g_str_equal (kind, "error"))
        {
          const char *code = json_object_get_string_member_with_default (confer_message_get_object (message), "code", "");

          /* A bad token (for instance after the server lost its store) is
           * worth one more try with the invite. */
          if (g_str_equal (code, "invalid-token") && self->link->invite != NULL)
            {
              g_clear_pointer (&self->token, g_free);
              schedule_reconnect (self);
            }
          else
            refuse (self, code, json_object_get_string_member_with_default (confer_message_get_object (message),
                                                                            "message", "The server refused"));
        }
    }
  else if ((g_str_equal (kind, "doc.created") || g_str_equal (kind, "doc.renamed") ||
            g_str_equal (kind, "doc.deleted") || g_str_equal (kind, "doc.restored")))
    {
      update_doc_list (self, message);
      if (txn != NULL && (task = g_hash_table_lookup (self->requests, txn)) != NULL)
        {
          g_hash_table_remove (self->requests, txn);
          g_task_return_pointer (task, confer_message_ref (message), (GDestroyNotify) confer_message_unref);
          g_object_unref (task);
        }
    }
  else if (g_str_equal (kind, "participant.joined") || g_str_equal (kind, "participant.left"))
    update_participants (self, message);
  else if (txn != NULL && (task = g_hash_table_lookup (self->requests, txn)) != NULL)
    {
      g_hash_table_remove (self->requests, txn);
      g_task_return_pointer (task, confer_message_ref (message), (GDestroyNotify) confer_message_unref);
      g_object_unref (task);
    }
  else if (txn != NULL && (doc = g_hash_table_lookup (self->doc_txns, txn)) != NULL)
    {
      g_hash_table_remove (self->doc_txns, txn);
      confer_client_doc_handle (doc, message);
    }
  else
    {
      JsonNode *doc_node = json_object_get_member (confer_message_get_object (message), "doc");
      const char *doc_id = doc_node != NULL && JSON_NODE_HOLDS_VALUE (doc_node) ? json_node_get_string (doc_node) : NULL;

      if (doc_id != NULL && (doc = g_hash_table_lookup (self->open_docs, doc_id)) != NULL)
        confer_client_doc_handle (doc, message);
    }

  g_signal_emit (self, signals[EVENT], 0, message);
  g_object_unref (self);
}

static void
socket_message_cb (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *bytes,
                   gpointer                 data)
{
  ConferClient *self = data;

  self->last_heard = g_get_monotonic_time ();
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    confer_client_receive (self, bytes);
}

static void
socket_closed_cb (SoupWebsocketConnection *conn,
                  gpointer                 data)
{
  ConferClient *self = data;

  g_debug ("connection closed: %u %s", soup_websocket_connection_get_close_code (conn),
           soup_websocket_connection_get_close_data (conn));
  if (self->state != CONFER_CONNECTION_REFUSED)
    schedule_reconnect (self);
}

static gboolean
ping_cb (gpointer data)
{
  ConferClient *self = data;
  g_autoptr(ConferMessage) ping = NULL;

  if (g_get_monotonic_time () - self->last_heard > SILENCE_LIMIT_US)
    {
      g_clear_pointer (&self->ping_source, g_source_unref);
      g_debug ("the server has been silent too long; reconnecting");
      schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }
  ping = confer_message_new ("ping");
  confer_client_send (self, ping);
  return G_SOURCE_CONTINUE;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  ConferClient *self = data;
  g_autofree char *fingerprint = confer_link_fingerprint_of (certificate);

  return self->link->fingerprint != NULL && g_str_equal (fingerprint, self->link->fingerprint);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ConferClient) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(ConferMessage) hello = NULL;
  SoupMessage *msg;
  JsonObject *object;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connecting);

  msg = self->handshake;
  if (conn == NULL)
    {
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
          (self->link->fingerprint != NULL && msg != NULL &&
           soup_message_get_tls_peer_certificate_errors (msg) != 0 &&
           g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE)))
        {
          g_autofree char *why = g_strdup_printf ("The server's certificate does not match the link's "
                                                  "fingerprint, so Confer did not connect (%s)", error->message);

          refuse (self, "bad-certificate", why);
          return;
        }
      g_debug ("could not connect: %s", error->message);
      if (self->peek)
        {
          g_autofree char *why = g_strdup_printf ("Could not reach the server at %s: %s", self->link->host,
                                                  error->message);

          refuse (self, "unreachable", why);
          return;
        }
      schedule_reconnect (self);
      return;
    }

  /* Pin even when the system trusted the certificate. */
  if (self->link->fingerprint != NULL)
    {
      GTlsCertificate *certificate = msg != NULL ? soup_message_get_tls_peer_certificate (msg) : NULL;
      g_autofree char *fingerprint = certificate != NULL ? confer_link_fingerprint_of (certificate) : NULL;

      if (g_strcmp0 (fingerprint, self->link->fingerprint) != 0)
        {
          soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
          refuse (self, "bad-certificate", "The server's certificate does not match the link's "
                                           "fingerprint, so Confer did not connect");
          return;
        }
    }

  self->conn = g_steal_pointer (&conn);
  self->last_heard = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (self->conn, CLIENT_MAX_PAYLOAD);
  g_signal_connect (self->conn, "message", G_CALLBACK (socket_message_cb), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (socket_closed_cb), self);
  self->ping_source = confer_client_add_timeout (PING_INTERVAL_S * 1000, ping_cb, self);

  hello = confer_message_new ("hello");
  object = confer_message_get_object (hello);
  json_object_set_int_member (object, "version", CONFER_PROTOCOL_VERSION);
  json_object_set_string_member (object, "session", self->link->session);
  if (self->name != NULL)
    json_object_set_string_member (object, "name", self->name);
  if (self->colour != NULL)
    json_object_set_string_member (object, "colour", self->colour);
  if (self->peek)
    json_object_set_boolean_member (object, "peek", TRUE);
  if (self->token != NULL && !self->peek)
    json_object_set_string_member (object, "token", self->token);
  else if (self->link->invite != NULL)
    json_object_set_string_member (object, "invite", self->link->invite);
  confer_client_send (self, hello);
}

static void
client_open_socket (ConferClient *self)
{
  g_autofree char *uri = confer_link_get_ws_uri (self->link);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);

  close_socket (self);
  if (msg == NULL)
    {
      refuse (self, "bad-link", "The link does not give a usable server address");
      return;
    }
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);
  self->connecting = g_cancellable_new ();
  soup_session_websocket_connect_async (self->soup, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connecting, connected_cb, g_object_ref (self));
  g_set_object (&self->handshake, msg);
}

/**
 * confer_client_set_cache:
 * @self: a client not yet connected
 * @cache: (nullable): where to keep the session and its documents
 *
 * Gives the client a cache. What it holds of this session is taken up at
 * once: the participant token (so the client resumes as the same
 * participant, and unsent changes keep their txns), the title, role,
 * documents and participants (all shown as away until the server says
 * otherwise); documents opened afterwards start from their cached text and
 * unsent changes, even while the server is unreachable.
 */
void
confer_client_set_cache (ConferClient      *self,
                         ConferClientCache *cache)
{
  g_autoptr(ConferCachedSession) cached = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));

  g_set_object (&self->cache, cache);
  if (cache == NULL || (cached = confer_client_cache_load_session (cache, self->link)) == NULL)
    return;
  if (self->token == NULL)
    self->token = g_steal_pointer (&cached->token);
  g_free (self->participant_id);
  self->participant_id = g_steal_pointer (&cached->participant_id);
  g_free (self->role);
  self->role = g_steal_pointer (&cached->role);
  g_free (self->session_title);
  self->session_title = g_steal_pointer (&cached->title);
  g_clear_pointer (&self->docs, json_array_unref);
  self->docs = g_steal_pointer (&cached->docs);
  g_clear_pointer (&self->participants, json_array_unref);
  self->participants = g_steal_pointer (&cached->participants);
  for (guint i = 0; self->participants != NULL && i < json_array_get_length (self->participants); i++)
    json_object_set_boolean_member (json_array_get_object_element (self->participants, i), "online", FALSE);
}

/**
 * confer_client_get_cache:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): its cache
 */
ConferClientCache *
confer_client_get_cache (ConferClient *self)
{
  return self->cache;
}

/**
 * confer_client_get_n_unsent:
 * @self: a client
 *
 * Returns: how many local edits in its open documents the server has not
 *   acknowledged yet
 */
guint
confer_client_get_n_unsent (ConferClient *self)
{
  GHashTableIter iter;
  gpointer doc;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->open_docs);
  while (g_hash_table_iter_next (&iter, NULL, &doc))
    n += confer_client_doc_get_n_unsent (doc);
  return n;
}

/**
 * confer_client_connect:
 * @self: a client
 *
 * Starts connecting; the state goes to CONNECTING, then ONLINE or
 * REFUSED. Dropped connections are retried with back-off until
 * confer_client_disconnect().
 */
void
confer_client_connect (ConferClient *self)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  self->attempts = 0;
  set_state (self, CONFER_CONNECTION_CONNECTING);
  client_open_socket (self);
}

/**
 * confer_client_disconnect:
 * @self: a client
 *
 * Closes the connection and stops retrying; the state goes to OFFLINE.
 * Unsent changes stay in the documents.
 */
void
confer_client_disconnect (ConferClient *self)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  set_state (self, CONFER_CONNECTION_OFFLINE);
  confer_client_clear_timeout (&self->retry_source);
  close_socket (self);
  fail_requests (self, "The client disconnected");
  save_docs (self);
}

/**
 * confer_client_drop_connection:
 * @self: a client
 *
 * Breaks the connection as a network failure would, so the client
 * reconnects and resumes by itself (for tests and fault injection).
 */
void
confer_client_drop_connection (ConferClient *self)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  if (self->state == CONFER_CONNECTION_OFFLINE || self->state == CONFER_CONNECTION_REFUSED)
    return;
  schedule_reconnect (self);
}

/**
 * confer_client_get_state:
 * @self: a client
 *
 * Returns: the connection state
 */
ConferConnectionState
confer_client_get_state (ConferClient *self)
{
  return self->state;
}

/**
 * confer_client_get_refusal:
 * @self: a client
 *
 * Returns: (nullable): why the connection was refused, for the user, in
 *   state REFUSED
 */
const char *
confer_client_get_refusal (ConferClient *self)
{
  return self->refusal;
}

/**
 * confer_client_get_refusal_code:
 * @self: a client
 *
 * Returns: (nullable): in state REFUSED, the server's error code (such as
 *   `invite-expired`), `bad-certificate` when the certificate did not
 *   match the link's fingerprint, or `bad-server` when the server sent,
 *   before welcoming the client, a frame the client cannot use
 */
const char *
confer_client_get_refusal_code (ConferClient *self)
{
  return self->refusal_code;
}

/**
 * confer_client_get_session_title:
 * @self: a client
 *
 * Returns: (nullable): the session's title, once welcomed
 */
const char *
confer_client_get_session_title (ConferClient *self)
{
  return self->session_title;
}

/**
 * confer_client_get_participant_id:
 * @self: a client
 *
 * Returns: (nullable): this participant's id, once welcomed
 */
const char *
confer_client_get_participant_id (ConferClient *self)
{
  return self->participant_id;
}

/**
 * confer_client_set_token:
 * @self: a client not yet connected
 * @token: (nullable): a participant token from an earlier `welcome` of
 *   this session
 *
 * Makes the client join as the participant @token names, as a client with
 * a cache does; if the server no longer knows it, the link's invite is
 * tried.
 */
void
confer_client_set_token (ConferClient *self,
                         const char   *token)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

/**
 * confer_client_get_token:
 * @self: a client
 *
 * Returns: (nullable) (transfer none): the participant token this client
 *   joins with once welcomed (the server gives it to a new participant), to
 *   keep for joining again as the same participant
 */
const char *
confer_client_get_token (ConferClient *self)
{
  return self->token;
}

/**
 * confer_client_get_own_colour:
 * @self: a client
 *
 * Returns: (nullable) (transfer none): the colour (`#rrggbb`) the session
 *   gave this participant, once welcomed (or known from the cache)
 */
const char *
confer_client_get_own_colour (ConferClient *self)
{
  for (guint i = 0; self->participants != NULL && i < json_array_get_length (self->participants); i++)
    {
      JsonObject *participant = json_array_get_object_element (self->participants, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (participant, "id", NULL), self->participant_id) == 0)
        return json_object_get_string_member_with_default (participant, "colour", NULL);
    }
  return NULL;
}

/**
 * confer_client_get_role:
 * @self: a client
 *
 * Returns: (nullable): this participant's role name, once welcomed
 */
const char *
confer_client_get_role (ConferClient *self)
{
  return self->role;
}

/**
 * confer_client_get_link:
 * @self: a client
 *
 * Returns: (transfer none): the link the client connects with
 */
const ConferLink *
confer_client_get_link (ConferClient *self)
{
  return self->link;
}

/**
 * confer_client_make_invite_link:
 * @self: a client
 * @invite_created: the server's `invite.created` answer
 *
 * Returns: (transfer full): the client's link (same server, session and
 *   fingerprint) carrying the new invite's token
 */
char *
confer_client_make_invite_link (ConferClient  *self,
                                ConferMessage *invite_created)
{
  ConferLink link = *self->link;

  link.invite = (char *) json_object_get_string_member_with_default (confer_message_get_object (invite_created),
                                                                    "token", NULL);
  return confer_link_to_string (&link);
}

/**
 * confer_client_get_docs:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): the session's documents as the
 *   server last described them, objects with `id` and `title`
 */
JsonArray *
confer_client_get_docs (ConferClient *self)
{
  return self->docs;
}

/**
 * confer_client_get_participants:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): everyone who ever joined the
 *   session, objects with `id`, `name`, `colour`, `role` and `online`, kept
 *   current from `participant.joined` and `participant.left`
 */
JsonArray *
confer_client_get_participants (ConferClient *self)
{
  return self->participants;
}

/**
 * confer_client_find_doc:
 * @self: a welcomed client
 * @id_or_title: a document id or title
 *
 * Returns: (nullable): the id of the document with that id, or else with
 *   that title
 */
const char *
confer_client_find_doc (ConferClient *self,
                        const char   *id_or_title)
{
  const char *by_title = NULL;

  for (guint i = 0; self->docs != NULL && i < json_array_get_length (self->docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (self->docs, i);

      if (g_str_equal (json_object_get_string_member (doc, "id"), id_or_title))
        return json_object_get_string_member (doc, "id");
      if (by_title == NULL && g_str_equal (json_object_get_string_member (doc, "title"), id_or_title))
        by_title = json_object_get_string_member (doc, "id");
    }
  return by_title;
}

/**
 * confer_client_wait_online:
 * @self: a connecting client
 * @timeout_ms: how long to wait, in ms
 * @error: return location for a #GError
 *
 * Runs the default main context until the client is online, refused, or
 * the time is up (for command-line tools and tests).
 *
 * Returns: %TRUE when online; %FALSE with %G_IO_ERROR_PERMISSION_DENIED
 *   (refused, with the reason) or %G_IO_ERROR_TIMED_OUT
 */
gboolean
confer_client_wait_online (ConferClient  *self,
                           guint          timeout_ms,
                           GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (self->state != CONFER_CONNECTION_ONLINE && self->state != CONFER_CONNECTION_REFUSED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  if (self->state == CONFER_CONNECTION_ONLINE)
    return TRUE;
  if (self->state == CONFER_CONNECTION_REFUSED)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s", self->refusal);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Could not reach the server at %s:%u",
                 self->link->host, self->link->port);
  return FALSE;
}

/**
 * confer_client_request_async:
 * @self: an online client
 * @request: a request message; a txn is set on it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Sends a request and waits for the server's answer with the same txn.
 */
void
confer_client_request_async (ConferClient        *self,
                             ConferMessage       *request,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *txn = confer_client_new_txn (self);

  g_task_set_source_tag (task, confer_client_request_async);
  confer_message_set_txn (request, txn);
  if (!confer_client_send (self, request))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "Not connected to the server");
      return;
    }
  g_hash_table_insert (self->requests, g_steal_pointer (&txn), g_steal_pointer (&task));
}

/**
 * confer_client_request_finish:
 * @self: a client
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the answer; an `error` answer is
 *   turned into a %CONFER_PROTOCOL_ERROR with its code and message; %NULL
 *   with that or a #G_IO_ERROR set
 */
ConferMessage *
confer_client_request_finish (ConferClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(ConferMessage) answer = g_task_propagate_pointer (G_TASK (result), error);
  JsonObject *object;
  ConferProtocolError code;

  if (answer == NULL)
    return NULL;
  if (!g_str_equal (confer_message_get_type_name (answer), "error"))
    return g_steal_pointer (&answer);

  object = confer_message_get_object (answer);
  if (!confer_protocol_error_from_string (json_object_get_string_member_with_default (object, "code", ""), &code))
    code = CONFER_PROTOCOL_ERROR_INTERNAL;
  g_set_error (error, CONFER_PROTOCOL_ERROR, code, "%s",
               json_object_get_string_member_with_default (object, "message", "The server refused"));
  return NULL;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/**
 * confer_client_request:
 * @self: an online client
 * @request: a request message
 * @timeout_ms: how long to wait, in ms
 * @error: return location for a #GError
 *
 * Sends a request and runs the default main context until its answer
 * (for command-line tools and tests).
 *
 * Returns: (transfer full) (nullable): the answer, as
 *   confer_client_request_finish(); %G_IO_ERROR_TIMED_OUT if none came
 */
ConferMessage *
confer_client_request (ConferClient   *self,
                       ConferMessage  *request,
                       guint           timeout_ms,
                       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  confer_client_request_async (self, request, NULL, request_done_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (result == NULL)
    {
      GTask *task = g_hash_table_lookup (self->requests, confer_message_get_txn (request));

      if (task != NULL)
        {
          g_hash_table_remove (self->requests, confer_message_get_txn (request));
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The server did not answer");
          g_object_unref (task);
        }
      while (result == NULL)
        g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
    }
  return confer_client_request_finish (self, result, error);
}

/**
 * confer_client_open_doc:
 * @self: a client
 * @doc_id: a document id
 *
 * Opens a document (or returns it if already open): its text arrives as a
 * snapshot, then it follows every change.
 *
 * Returns: (transfer none): the document, owned by the client
 */
ConferClientDoc *
confer_client_open_doc (ConferClient *self,
                        const char   *doc_id)
{
  ConferClientDoc *doc = g_hash_table_lookup (self->open_docs, doc_id);

  if (doc != NULL)
    return doc;
  doc = confer_client_doc_new (self, doc_id);
  g_hash_table_insert (self->open_docs, g_strdup (doc_id), doc);
  if (self->welcomed)
    confer_client_doc_resume (doc);
  return doc;
}

/**
 * confer_invite_info_free:
 * @info: (transfer full): what an invite gives
 */
void
confer_invite_info_free (ConferInviteInfo *info)
{
  g_free (info->session_title);
  g_free (info->role);
  g_free (info);
}

/* How long a peek may take before the server is called unreachable, in ms. */
#define PEEK_TIMEOUT_MS 10000

typedef struct
{
  ConferClient *client;
  GSource      *timeout;
} Peek;

static void
peek_free (Peek *peek)
{
  confer_client_clear_timeout (&peek->timeout);
  g_signal_handlers_disconnect_by_data (peek->client, peek);
  confer_client_disconnect (peek->client);
  g_object_unref (peek->client);
  g_free (peek);
}

/* The task's one reference goes with its result, whichever comes first. */
static void
peek_state_cb (ConferClient *client,
               GParamSpec   *pspec,
               GTask        *task)
{
  Peek *peek = g_task_get_task_data (task);

  if (client->state == CONFER_CONNECTION_REFUSED)
    g_task_return_new_error (task, G_IO_ERROR,
                             g_strcmp0 (client->refusal_code, "unreachable") == 0 ? G_IO_ERROR_HOST_UNREACHABLE
                                                                                  : G_IO_ERROR_PERMISSION_DENIED,
                             "%s", client->refusal);
  else if (client->state == CONFER_CONNECTION_OFFLINE && client->invite_info != NULL)
    g_task_return_pointer (task, g_steal_pointer (&client->invite_info), (GDestroyNotify) confer_invite_info_free);
  else
    return;
  g_signal_handlers_disconnect_by_data (client, task);
  confer_client_clear_timeout (&peek->timeout);
  g_object_unref (task);
}

static gboolean
peek_timeout_cb (gpointer data)
{
  GTask *task = data;
  Peek *peek = g_task_get_task_data (task);

  g_clear_pointer (&peek->timeout, g_source_unref);
  g_signal_handlers_disconnect_by_data (peek->client, task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Could not reach the server at %s",
                           peek->client->link->host);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/**
 * confer_client_peek_async:
 * @link: a link with an invite
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the link's server what its invite gives — the session's title, the
 * role, the expiry — without joining: no participant is made and the
 * invite is not used (`hello` with `"peek": true`, answered by
 * `invite.info`). The certificate is pinned as for joining. Gives up after
 * 10 s.
 */
void
confer_client_peek_async (const ConferLink    *link,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Peek *peek = g_new0 (Peek, 1);
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, confer_client_peek_async);
  peek->client = confer_client_new (link, NULL);
  peek->client->peek = TRUE;
  g_task_set_task_data (task, peek, (GDestroyNotify) peek_free);
  g_signal_connect (peek->client, "notify::state", G_CALLBACK (peek_state_cb), task);
  peek->timeout = confer_client_add_timeout (PEEK_TIMEOUT_MS, peek_timeout_cb, task);
  confer_client_connect (peek->client);
}

/**
 * confer_client_peek_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what the invite gives; or %NULL with
 *   %G_IO_ERROR_PERMISSION_DENIED (the server's refusal: an expired,
 *   revoked, used-up or unknown invite; or a certificate that does not
 *   match the link), %G_IO_ERROR_HOST_UNREACHABLE or %G_IO_ERROR_TIMED_OUT
 */
ConferInviteInfo *
confer_client_peek_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
