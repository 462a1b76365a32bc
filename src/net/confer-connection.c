/* confer-connection.c: the WebSocket to a Confer server: pinned TLS, the
 * hello/welcome handshake, reconnect with back-off, heartbeats, frames in
 * and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-connection"

#include "config.h"

#include <libsoup/soup.h>

#include "confer-connection-private.h"
#include "confer-timeout-private.h"

/* Back-off between reconnect attempts: doubling from 100 ms to 5 s, with
 * ±20 % jitter so many clients do not return in step. */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
/* A ping every 10 s; no frame at all for 25 s means the link is dead. */
#define PING_INTERVAL_S 10
#define SILENCE_LIMIT_US (25 * G_USEC_PER_SEC)
/* Snapshots and op catch-ups can be large. */
#define CLIENT_MAX_PAYLOAD (256 * 1024 * 1024)

struct _ConferConnection
{
  GObject                  parent_instance;

  ConferLink              *link;
  char                    *name;
  char                    *colour;       /* asked for at join, or NULL */
  char                    *token;        /* participant token from welcome */
  gboolean                 peek;         /* only asks what the invite gives */
  char                    *txn_prefix;
  guint64                  txn_counter;

  ConferConnectionState    state;
  char                    *refusal;
  char                    *refusal_code;
  SoupSession             *soup;
  SoupWebsocketConnection *conn;
  GCancellable            *connecting;
  SoupMessage             *handshake;    /* of the latest connection attempt */
  gboolean                 welcomed;
  guint                    attempts;
  GSource                 *retry_source;
  GSource                 *ping_source;
  gint64                   last_heard;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  MESSAGE,
  LOST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferConnection, confer_connection, G_TYPE_OBJECT)

static void open_socket (ConferConnection *self);
static void schedule_reconnect (ConferConnection *self);

static void
set_state (ConferConnection      *self,
           ConferConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
close_socket (ConferConnection *self)
{
  g_cancellable_cancel (self->connecting);
  g_clear_object (&self->connecting);
  confer_timeout_clear (&self->ping_source);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
  self->welcomed = FALSE;
}

/* The socket is gone: whatever waited for an answer on it will not get one. */
static void
lost (ConferConnection *self,
      const char       *why)
{
  g_signal_emit (self, signals[LOST], 0, why);
}

static void
confer_connection_dispose (GObject *object)
{
  ConferConnection *self = (ConferConnection *) object;

  confer_timeout_clear (&self->retry_source);
  close_socket (self);

  G_OBJECT_CLASS (confer_connection_parent_class)->dispose (object);
}

static void
confer_connection_finalize (GObject *object)
{
  ConferConnection *self = (ConferConnection *) object;

  g_clear_pointer (&self->link, confer_link_free);
  g_clear_object (&self->soup);
  g_clear_object (&self->handshake);
  g_free (self->name);
  g_free (self->colour);
  g_free (self->token);
  g_free (self->txn_prefix);
  g_free (self->refusal);
  g_free (self->refusal_code);

  G_OBJECT_CLASS (confer_connection_parent_class)->finalize (object);
}

static void
confer_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ConferConnection *self = CONFER_CONNECTION (object);

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
confer_connection_class_init (ConferConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_connection_dispose;
  object_class->finalize = confer_connection_finalize;
  object_class->get_property = confer_connection_get_property;

  /**
   * ConferConnection:state:
   *
   * The #ConferConnectionState, as an integer.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CONFER_CONNECTION_CONNECTING, CONFER_CONNECTION_REFUSED, CONFER_CONNECTION_CONNECTING,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferConnection::message:
   * @self: the connection
   * @message: a decoded and checked server message
   *
   * Emitted for `welcome` (before the state goes to ONLINE) and every
   * message after it, and for `invite.info` when peeking; for the session
   * layer (#ConferClient), which turns them into typed state.
   */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_MESSAGE);

  /**
   * ConferConnection::lost:
   * @self: the connection
   * @why: what happened, for people
   *
   * The socket closed (dropped, refused or disconnected on purpose):
   * nothing sent on it will be answered.
   */
  signals[LOST] = g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
confer_connection_init (ConferConnection *self)
{
}

/**
 * confer_connection_new:
 * @link: the session's link (copied)
 * @name: (nullable): the display name to join with (needed when joining
 *   through an invite)
 *
 * Creates a connection; confer_connection_connect() starts connecting.
 *
 * Returns: (transfer full): a new connection
 */
ConferConnection *
confer_connection_new (const ConferLink *link,
                       const char       *name)
{
  ConferConnection *self = g_object_new (CONFER_TYPE_CONNECTION, NULL);

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
 * confer_connection_set_peek:
 * @self: a connection not yet connected
 *
 * Makes the `hello` ask only what the link's invite gives (`"peek":
 * true`): the server answers `invite.info` (emitted as
 * #ConferConnection::message) and joins nobody.
 */
void
confer_connection_set_peek (ConferConnection *self)
{
  self->peek = TRUE;
}

/**
 * confer_connection_set_colour:
 * @self: a connection
 * @colour: (nullable): `#rrggbb`, or %NULL or empty for the session's choice
 *
 * Sets the colour to ask for when joining through an invite (a
 * participant's colour is chosen once, when they first join). Call it
 * before confer_connection_connect().
 *
 * Returns: %TRUE if @colour is %NULL, empty or a colour; %FALSE if it is
 *   not a `#rrggbb` colour, in which case the session chooses
 */
gboolean
confer_connection_set_colour (ConferConnection *self,
                              const char       *colour)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), FALSE);

  g_clear_pointer (&self->colour, g_free);
  if (colour == NULL || *colour == '\0')
    return TRUE;
  if (!confer_protocol_is_colour (colour))
    return FALSE;
  self->colour = g_strdup (colour);
  return TRUE;
}

/**
 * confer_connection_set_token:
 * @self: a connection not yet connected
 * @token: (nullable): a participant token from an earlier `welcome` of
 *   this session
 *
 * Makes the connection join as the participant @token names; if the
 * server no longer knows it, the link's invite is tried.
 */
void
confer_connection_set_token (ConferConnection *self,
                             const char       *token)
{
  g_return_if_fail (CONFER_IS_CONNECTION (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

/**
 * confer_connection_get_token:
 * @self: a connection
 *
 * Returns: (nullable) (transfer none): the participant token it joins
 *   with once welcomed (the server gives it to a new participant)
 */
const char *
confer_connection_get_token (ConferConnection *self)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), NULL);

  return self->token;
}

/**
 * confer_connection_get_link:
 * @self: a connection
 *
 * Returns: (transfer none): the link it connects with
 */
const ConferLink *
confer_connection_get_link (ConferConnection *self)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), NULL);

  return self->link;
}

/**
 * confer_connection_new_txn:
 * @self: a connection
 *
 * Returns: (transfer full): a transaction id unique to this connection
 *   (kept across reconnections)
 */
char *
confer_connection_new_txn (ConferConnection *self)
{
  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, self->txn_prefix, ++self->txn_counter);
}

/**
 * confer_connection_send:
 * @self: a connection
 * @message: a message
 *
 * Sends @message if the socket is open.
 *
 * Returns: %TRUE if it was sent
 */
gboolean
confer_connection_send (ConferConnection *self,
                        ConferMessage    *message)
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

static void
refuse (ConferConnection *self,
        const char       *code,
        const char       *why)
{
  confer_timeout_clear (&self->retry_source);
  close_socket (self);
  g_free (self->refusal);
  self->refusal = g_strdup (why);
  g_free (self->refusal_code);
  self->refusal_code = g_strdup (code);
  lost (self, why);
  set_state (self, CONFER_CONNECTION_REFUSED);
}

/**
 * confer_connection_protocol_failure:
 * @self: a connection
 * @why: what the server sent wrong, for people
 *
 * Called when the server sent something the client cannot act on (a frame
 * it cannot read, a member missing, an operation that does not follow).
 * Nothing of it has been applied. A server that has not welcomed the client
 * is not worth retrying: the connection is refused with code `bad-server`.
 * One that did may have sent one broken frame, so the connection starts
 * afresh: it reconnects and the session resumes, its unsent changes kept.
 */
void
confer_connection_protocol_failure (ConferConnection *self,
                                    const char       *why)
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
  ConferConnection *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  open_socket (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (ConferConnection *self)
{
  guint delay = BACKOFF_MIN_MS << MIN (self->attempts, 6u);

  close_socket (self);
  lost (self, "The connection to the server was lost");
  if (self->state == CONFER_CONNECTION_OFFLINE || self->state == CONFER_CONNECTION_REFUSED)
    return;
  if (self->state == CONFER_CONNECTION_ONLINE)
    set_state (self, CONFER_CONNECTION_RECONNECTING);
  delay = MIN (delay, (guint) BACKOFF_MAX_MS);
  delay = delay * g_random_double_range (0.8, 1.2);
  self->attempts++;
  confer_timeout_clear (&self->retry_source);
  self->retry_source = confer_timeout_add (delay, retry_cb, self);
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

/* Before `welcome`: the handshake's answer. */
static void
receive_handshake (ConferConnection *self,
                   ConferMessage    *message)
{
  const char *kind = confer_message_get_type_name (message);
  JsonObject *object = confer_message_get_object (message);

  if (g_str_equal (kind, "invite.info") && self->peek)
    g_signal_emit (self, signals[MESSAGE], 0, message);
  else if (g_str_equal (kind, "welcome"))
    {
      if (json_object_has_member (object, "token"))
        {
          g_free (self->token);
          self->token = g_strdup (json_object_get_string_member (object, "token"));
        }
      self->welcomed = TRUE;
      self->attempts = 0;
      g_signal_emit (self, signals[MESSAGE], 0, message);
      set_state (self, CONFER_CONNECTION_ONLINE);
    }
  else if (g_str_equal (kind, "error"))
    {
      const char *code = json_object_get_string_member_with_default (object, "code", "");

      /* A bad token (for instance after the server lost its store) is
       * worth one more try with the invite. */
      if (g_str_equal (code, "invalid-token") && self->link->invite != NULL)
        {
          g_clear_pointer (&self->token, g_free);
          schedule_reconnect (self);
        }
      else
        refuse (self, code, json_object_get_string_member_with_default (object, "message", "The server refused"));
    }
}

/**
 * confer_connection_receive:
 * @self: a connection
 * @frame: the payload of a text frame from the server
 *
 * Acts on one frame from the server: checks it (confer_message_decode(),
 * confer_server_frame_check()), then handles the handshake or emits
 * #ConferConnection::message. The socket's handler calls it; so does the
 * client-frame fuzzer, without a socket.
 */
void
confer_connection_receive (ConferConnection *self,
                           GBytes           *frame)
{
  g_autoptr(ConferMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = decode_shared (frame, &error);
  if (message == NULL)
    {
      confer_connection_protocol_failure (self, error->message);
      return;
    }

  g_object_ref (self);
  if (!self->welcomed)
    receive_handshake (self, message);
  else
    g_signal_emit (self, signals[MESSAGE], 0, message);
  g_object_unref (self);
}

static void
socket_message_cb (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *bytes,
                   gpointer                 data)
{
  ConferConnection *self = data;

  self->last_heard = g_get_monotonic_time ();
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    confer_connection_receive (self, bytes);
}

static void
socket_closed_cb (SoupWebsocketConnection *conn,
                  gpointer                 data)
{
  ConferConnection *self = data;

  g_debug ("connection closed: %u %s", soup_websocket_connection_get_close_code (conn),
           soup_websocket_connection_get_close_data (conn));
  if (self->state != CONFER_CONNECTION_REFUSED)
    schedule_reconnect (self);
}

static gboolean
ping_cb (gpointer data)
{
  ConferConnection *self = data;
  g_autoptr(ConferMessage) ping = NULL;

  if (g_get_monotonic_time () - self->last_heard > SILENCE_LIMIT_US)
    {
      g_clear_pointer (&self->ping_source, g_source_unref);
      g_debug ("the server has been silent too long; reconnecting");
      schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }
  ping = confer_message_new ("ping");
  confer_connection_send (self, ping);
  return G_SOURCE_CONTINUE;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  ConferConnection *self = data;
  g_autofree char *fingerprint = confer_link_fingerprint_of (certificate);

  return self->link->fingerprint != NULL && g_str_equal (fingerprint, self->link->fingerprint);
}

static void
send_hello (ConferConnection *self)
{
  g_autoptr(ConferMessage) hello = confer_message_new ("hello");
  JsonObject *object = confer_message_get_object (hello);

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
  confer_connection_send (self, hello);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ConferConnection) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  SoupMessage *msg;

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
  self->ping_source = confer_timeout_add (PING_INTERVAL_S * 1000, ping_cb, self);
  send_hello (self);
}

/* The handshake's connection is made: its frames go out at once. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            data)
{
  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    confer_protocol_set_no_delay (g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)));
}

static void
open_socket (ConferConnection *self)
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
  g_signal_connect (msg, "network-event", G_CALLBACK (network_event_cb), NULL);
  self->connecting = g_cancellable_new ();
  soup_session_websocket_connect_async (self->soup, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connecting, connected_cb, g_object_ref (self));
  g_set_object (&self->handshake, msg);
}

/**
 * confer_connection_connect:
 * @self: a connection
 *
 * Starts connecting; the state goes to CONNECTING, then ONLINE or
 * REFUSED. Dropped connections are retried with back-off until
 * confer_connection_disconnect().
 */
void
confer_connection_connect (ConferConnection *self)
{
  g_return_if_fail (CONFER_IS_CONNECTION (self));

  self->attempts = 0;
  set_state (self, CONFER_CONNECTION_CONNECTING);
  open_socket (self);
}

/**
 * confer_connection_disconnect:
 * @self: a connection
 *
 * Closes the socket and stops retrying; the state goes to OFFLINE.
 */
void
confer_connection_disconnect (ConferConnection *self)
{
  g_return_if_fail (CONFER_IS_CONNECTION (self));

  set_state (self, CONFER_CONNECTION_OFFLINE);
  confer_timeout_clear (&self->retry_source);
  close_socket (self);
  lost (self, "The client disconnected");
}

/**
 * confer_connection_drop:
 * @self: a connection
 *
 * Breaks the socket as a network failure would, so the connection comes
 * back by itself (for tests and fault injection).
 */
void
confer_connection_drop (ConferConnection *self)
{
  g_return_if_fail (CONFER_IS_CONNECTION (self));

  if (self->state == CONFER_CONNECTION_OFFLINE || self->state == CONFER_CONNECTION_REFUSED)
    return;
  schedule_reconnect (self);
}

/**
 * confer_connection_get_state:
 * @self: a connection
 *
 * Returns: the connection state
 */
ConferConnectionState
confer_connection_get_state (ConferConnection *self)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), CONFER_CONNECTION_OFFLINE);

  return self->state;
}

/**
 * confer_connection_is_welcomed:
 * @self: a connection
 *
 * Returns: %TRUE between the server's `welcome` and the socket closing
 */
gboolean
confer_connection_is_welcomed (ConferConnection *self)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), FALSE);

  return self->welcomed;
}

/**
 * confer_connection_get_refusal:
 * @self: a connection
 *
 * Returns: (nullable): why the connection was refused, for the user, in
 *   state REFUSED
 */
const char *
confer_connection_get_refusal (ConferConnection *self)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), NULL);

  return self->refusal;
}

/**
 * confer_connection_get_refusal_code:
 * @self: a connection
 *
 * Returns: (nullable): in state REFUSED, the server's error code (such as
 *   `invite-expired`), `bad-certificate` when the certificate did not
 *   match the link's fingerprint, `bad-server` when the server sent,
 *   before welcoming the client, a frame the client cannot use, or (when
 *   peeking) `unreachable`
 */
const char *
confer_connection_get_refusal_code (ConferConnection *self)
{
  g_return_val_if_fail (CONFER_IS_CONNECTION (self), NULL);

  return self->refusal_code;
}
