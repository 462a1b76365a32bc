/* confer-server.c: the Confer session server: transport, connections,
 * group commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server"

#include "config.h"

#include <sys/resource.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "confer-certificate.h"
#include "confer-server-private.h"

struct _ConferServer
{
  GObject            parent_instance;

  char              *data_dir;
  gboolean           insecure;
  ConferServerStore *store;
  SoupServer        *soup;
  GTlsCertificate   *certificate;
  char              *fingerprint;
  GHashTable        *sessions;    /* id -> ConferServerSession */
  GPtrArray         *peers;       /* ConferPeer, owned */
  ConferGroupCommit *commit;
  guint              idle_timeout;   /* s; CONFER_PROTOCOL_IDLE_TIMEOUT by default */
  guint              idle_source;
};

G_DEFINE_FINAL_TYPE (ConferServer, confer_server, G_TYPE_OBJECT)

static void
confer_server_dispose (GObject *object)
{
  ConferServer *self = (ConferServer *) object;

  confer_server_stop (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);

  G_OBJECT_CLASS (confer_server_parent_class)->dispose (object);
}

static void
confer_server_finalize (GObject *object)
{
  ConferServer *self = (ConferServer *) object;

  g_clear_pointer (&self->commit, confer_group_commit_free);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->certificate);
  g_free (self->fingerprint);
  g_free (self->data_dir);

  G_OBJECT_CLASS (confer_server_parent_class)->finalize (object);
}

static void
confer_server_class_init (ConferServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_server_dispose;
  object_class->finalize = confer_server_finalize;
}

static void
confer_server_init (ConferServer *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) confer_server_session_free);
  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_peer_unref);
}

/**
 * confer_server_new:
 * @data_dir: the directory holding the store, certificate and key; created
 *   if missing
 * @insecure: serve plain `ws://` without TLS (loopback addresses only)
 *
 * Creates a server; confer_server_start() opens the store and listens.
 *
 * Returns: (transfer full): a new server
 */
ConferServer *
confer_server_new (const char *data_dir,
                   gboolean    insecure)
{
  ConferServer *self = g_object_new (CONFER_TYPE_SERVER, NULL);

  self->data_dir = g_strdup (data_dir);
  self->insecure = insecure;
  self->idle_timeout = CONFER_PROTOCOL_IDLE_TIMEOUT;
  return self;
}

/**
 * confer_server_set_idle_timeout:
 * @self: a server not yet started
 * @seconds: how long a welcomed connection may stay silent before it is
 *   closed, from 1 s; %CONFER_PROTOCOL_IDLE_TIMEOUT (30 s, three of
 *   Confer's client's 10 s pings) unless set
 *
 * A participant whose machine went away without closing the connection
 * (a lid closed, a network lost) is seen to leave after this long.
 */
void
confer_server_set_idle_timeout (ConferServer *self,
                                guint         seconds)
{
  g_return_if_fail (self->soup == NULL && seconds > 0);

  self->idle_timeout = seconds;
}

static char *
random_base64url (gsize n_bytes,
                  gnutls_rnd_level_t level)
{
  guchar buf[32];
  char *text;

  g_assert (n_bytes <= sizeof buf);
  if (gnutls_rnd (level, buf, n_bytes) != 0)
    g_error ("The system's random number generator failed");
  text = g_base64_encode (buf, n_bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return text;
}

/**
 * confer_server_new_token:
 *
 * Makes a secret token (invite or participant): 128 bits from GnuTLS's
 * key-grade random generator, in base64url (22 characters).
 *
 * Returns: (transfer full): the token
 */
char *
confer_server_new_token (void)
{
  return random_base64url (16, GNUTLS_RND_KEY);
}

/**
 * confer_server_new_id:
 *
 * Returns: (transfer full): a new unguessable id for a session,
 *   participant, document or invite: 96 random bits in base64url
 */
char *
confer_server_new_id (void)
{
  return random_base64url (12, GNUTLS_RND_NONCE);
}

/**
 * confer_server_hash_token:
 * @token: a token
 *
 * Returns: (transfer full): SHA-256 of @token in hex, the only form in
 *   which tokens are stored
 */
char *
confer_server_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/**
 * confer_server_get_store:
 * @self: a started server
 *
 * Returns: (transfer none): the store
 */
ConferServerStore *
confer_server_get_store (ConferServer *self)
{
  return self->store;
}

/**
 * confer_server_get_data_dir:
 * @self: a server
 *
 * Returns: (transfer none): the directory of its store, certificate and
 *   blobs
 */
const char *
confer_server_get_data_dir (ConferServer *self)
{
  return self->data_dir;
}

/**
 * confer_server_get_commit:
 * @self: a started server
 *
 * Returns: (transfer none): the group commit every change goes through
 */
ConferGroupCommit *
confer_server_get_commit (ConferServer *self)
{
  return self->commit;
}

/* Connections */

static void
handle_hello (ConferServer  *self,
              ConferPeer    *peer,
              ConferMessage *hello)
{
  g_autoptr(GError) error = NULL;
  guint64 version = 0;
  const char *session_id = NULL;
  gboolean peek = FALSE;
  ConferServerSession *session;

  if (!g_str_equal (confer_message_get_type_name (hello), "hello"))
    {
      g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_AUTHENTICATED,
                   "The first message must be \"hello\"");
      goto refuse;
    }
  if (!confer_message_read_uint (hello, "version", TRUE, G_MAXUINT32, &version, &error) ||
      !confer_message_read_string (hello, "session", TRUE, 128, &session_id, &error) ||
      !confer_message_read_boolean (hello, "peek", &peek, &error))
    goto refuse;
  if (version != CONFER_PROTOCOL_VERSION)
    {
      g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNSUPPORTED_VERSION,
                   "This server speaks protocol version %d, not %" G_GUINT64_FORMAT,
                   CONFER_PROTOCOL_VERSION, version);
      goto refuse;
    }

  session = confer_link_is_token (session_id) ? g_hash_table_lookup (self->sessions, session_id) : NULL;
  if (session == NULL && confer_link_is_token (session_id))
    {
      session = confer_server_session_load (self, session_id);
      if (session != NULL)
        g_hash_table_insert (self->sessions, session->id, session);
    }
  if (session == NULL)
    {
      g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_SESSION,
                   "This server has no such session");
      goto refuse;
    }
  /* A peek asks what the invite gives, joins nobody, and is answered once. */
  if (peek)
    {
      g_autoptr(ConferMessage) info = confer_server_session_describe_invite (session, hello, &error);

      if (info == NULL)
        goto refuse;
      confer_message_set_txn (info, confer_message_get_txn (hello));
      confer_peer_send (peer, info);
      confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_NORMAL, "Peeked");
      return;
    }
  if (!confer_server_session_welcome (session, peer, hello, &error))
    goto refuse;

  g_clear_handle_id (&peer->hello_timeout, g_source_remove);
  soup_websocket_connection_set_max_incoming_payload_size (peer->conn, CONFER_PROTOCOL_MAX_FRAME_HARD);
  return;

refuse:
  confer_peer_send_error (peer, error, confer_message_get_txn (hello));
  confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
}

static void
peer_message_cb (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *bytes,
                 gpointer                 data)
{
  ConferPeer *peer = data;
  ConferServer *self = peer->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) message = NULL;
  gsize n_bytes;
  const char *text = g_bytes_get_data (bytes, &n_bytes);

  peer->last_heard = g_get_monotonic_time ();
  /* Before welcome: one frame, the hello, and nothing else; whatever it
   * was, a refusal closes the connection. */
  if (peer->session == NULL)
    {
      if (peer->frames++ > 0)
        {
          confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "Only one frame may come before welcome");
          return;
        }
      if (type != SOUP_WEBSOCKET_DATA_TEXT)
        g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_JSON,
                     "Messages are JSON text frames, not binary ones");
      else
        message = confer_message_decode (text, n_bytes, CONFER_PROTOCOL_MAX_HELLO_FRAME, &error);
      if (message == NULL)
        {
          confer_peer_send_error (peer, error, NULL);
          confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
          return;
        }
      confer_peer_ref (peer);
      handle_hello (self, peer, message);
      confer_peer_unref (peer);
      return;
    }

  if (!confer_peer_rate_allows (peer))
    {
      g_autoptr(ConferMessage) dropped = NULL;

      if (++peer->dropped > CONFER_PROTOCOL_BURST)
        {
          confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "Too many messages");
          return;
        }
      /* Decoded only to answer with its txn, so the sender can retry. */
      if (type == SOUP_WEBSOCKET_DATA_TEXT)
        dropped = confer_message_decode (text, n_bytes, CONFER_PROTOCOL_MAX_FRAME, NULL);
      g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_RATE_LIMITED,
                   "More than %d messages per second; this one was dropped", CONFER_PROTOCOL_RATE);
      confer_peer_send_error (peer, error, dropped != NULL ? confer_message_get_txn (dropped) : NULL);
      return;
    }
  peer->dropped = 0;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_set_error (&error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_JSON,
                   "Messages are JSON text frames, not binary ones");
      confer_peer_send_error (peer, error, NULL);
      return;
    }

  message = confer_message_decode (text, n_bytes, CONFER_PROTOCOL_MAX_FRAME, &error);
  if (message == NULL)
    {
      confer_peer_send_error (peer, error, NULL);
      /* No client of this protocol nests that deep: an attack, not a slip. */
      if (g_error_matches (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_DEEP))
        confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
      return;
    }

  confer_peer_ref (peer);
  confer_server_session_handle (peer->session, peer, message);
  confer_peer_unref (peer);
}

static void
peer_closed_cb (SoupWebsocketConnection *conn,
                gpointer                 data)
{
  ConferPeer *peer = data;
  ConferServer *self = peer->server;

  peer->closed = TRUE;
  g_debug ("%s: closed (%u)", peer->remote, soup_websocket_connection_get_close_code (conn));
  if (peer->session != NULL)
    confer_server_session_leave (peer->session, peer);
  g_signal_handlers_disconnect_by_data (conn, peer);
  g_ptr_array_remove_fast (self->peers, peer);
}

static gboolean
hello_timeout_cb (gpointer data)
{
  ConferPeer *peer = data;

  peer->hello_timeout = 0;
  confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "No hello");
  return G_SOURCE_REMOVE;
}

/* Welcomed connections silent for longer than the idle timeout are closed
 * (1001): their participant turns away for everyone else. */
static gboolean
idle_check_cb (gpointer data)
{
  ConferServer *self = data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) silent = g_ptr_array_new ();

  for (guint i = 0; i < self->peers->len; i++)
    {
      ConferPeer *peer = g_ptr_array_index (self->peers, i);

      if (peer->session != NULL && now - peer->last_heard > (gint64) self->idle_timeout * G_USEC_PER_SEC)
        g_ptr_array_add (silent, peer);
    }
  for (guint i = 0; i < silent->len; i++)
    {
      g_autofree char *reason = g_strdup_printf ("Nothing was heard for %u s", self->idle_timeout);

      confer_peer_close (g_ptr_array_index (silent, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, reason);
    }
  return G_SOURCE_CONTINUE;
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 data)
{
  ConferServer *self = data;
  GSocketAddress *address = soup_server_message_get_remote_address (msg);
  ConferPeer *peer = confer_peer_new (self, conn,
                                      address != NULL ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address))
                                                      : g_strdup ("?"));

  peer->hello_timeout = g_timeout_add_seconds (CONFER_PROTOCOL_HELLO_TIMEOUT, hello_timeout_cb, peer);
  g_ptr_array_add (self->peers, peer);
  confer_protocol_set_no_delay (soup_server_message_get_socket (msg));

  /* libsoup refuses a payload of the limit itself, so one more byte. */
  soup_websocket_connection_set_max_incoming_payload_size (conn, CONFER_PROTOCOL_MAX_HELLO_FRAME + 1);
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  g_signal_connect (conn, "message", G_CALLBACK (peer_message_cb), peer);
  g_signal_connect (conn, "closed", G_CALLBACK (peer_closed_cb), peer);
  g_debug ("%s: connected", peer->remote);
}

/**
 * confer_server_start:
 * @self: a server
 * @address: (nullable): the address to listen on, or %NULL for every
 *   address (loopback only when insecure)
 * @port: the TCP port, or 0 for any free one
 * @error: return location for a #GError
 *
 * Opens the store (creating the data directory), makes or loads the
 * certificate unless insecure, and listens for WebSocket connections on
 * `/ws`.
 *
 * Returns: %TRUE on success; %FALSE with a #G_IO_ERROR, #G_TLS_ERROR or
 *   %CONFER_CORE_ERROR_STORAGE set
 */
gboolean
confer_server_start (ConferServer  *self,
                     const char    *address,
                     guint          port,
                     GError       **error)
{
  g_autofree char *db_path = g_build_filename (self->data_dir, "conferd.db", NULL);
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (address == NULL)
    address = self->insecure ? "127.0.0.1" : "0.0.0.0";
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an IP address", address);
      return FALSE;
    }
  if (self->insecure && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Without TLS (--insecure) the server listens on loopback addresses only");
      return FALSE;
    }

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not create %s", self->data_dir);
      return FALSE;
    }
  self->store = confer_server_store_open (db_path, error);
  if (self->store == NULL)
    return FALSE;
  self->commit = confer_group_commit_new (self->store);

  if (!self->insecure)
    {
      self->certificate = confer_certificate_load_or_create (self->data_dir, "conferd", error);
      if (self->certificate == NULL)
        return FALSE;
      self->fingerprint = confer_link_fingerprint_of (self->certificate);
    }

  self->soup = soup_server_new ("tls-certificate", self->certificate, "server-header", "conferd", NULL);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, NULL, websocket_cb, self, NULL);
  confer_server_blobs_install (self, self->soup);
  self->idle_source = g_timeout_add_seconds (MAX (self->idle_timeout / 3, 1), idle_check_cb, self);

  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->soup, socket_address,
                           self->insecure ? 0 : SOUP_SERVER_LISTEN_HTTPS, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }
  return TRUE;
}

/**
 * confer_server_stop:
 * @self: a server
 *
 * Commits what is pending, closes every connection and stops listening.
 */
void
confer_server_stop (ConferServer *self)
{
  if (self->soup == NULL)
    return;
  confer_group_commit_flush (self->commit);
  while (self->peers->len > 0)
    {
      ConferPeer *peer = g_ptr_array_index (self->peers, 0);

      confer_peer_close (peer, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is stopping");
      peer_closed_cb (peer->conn, peer);
    }
  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_handle_id (&self->idle_source, g_source_remove);
}

/**
 * confer_server_get_port:
 * @self: a started server
 *
 * Returns: the TCP port it listens on
 */
guint
confer_server_get_port (ConferServer *self)
{
  GSList *listeners;
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (self->soup != NULL, 0);

  listeners = soup_server_get_listeners (self->soup);
  if (listeners == NULL)
    return 0;
  address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  return address != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

/**
 * confer_server_get_fingerprint:
 * @self: a started server
 *
 * Returns: (nullable): the SHA-256 fingerprint of its certificate (64 hex
 *   digits), or %NULL when insecure
 */
const char *
confer_server_get_fingerprint (ConferServer *self)
{
  return self->fingerprint;
}

/**
 * confer_server_create_session:
 * @self: a started server
 * @title: the session's title, 1–%CONFER_PROTOCOL_MAX_TITLE code points
 * @owner_token: (out) (transfer full): the token of a new owner invite
 *   (no expiry, unlimited uses)
 * @error: return location for a #GError
 *
 * Creates a session and an owner invite for it.
 *
 * Returns: (transfer full) (nullable): the session id, or %NULL with
 *   %CONFER_CORE_ERROR_STORAGE set
 */
char *
confer_server_create_session (ConferServer  *self,
                              const char    *title,
                              char         **owner_token,
                              GError       **error)
{
  g_autofree char *id = confer_server_new_id ();
  g_autofree char *token = confer_server_new_token ();
  g_autofree char *hash = confer_server_hash_token (token);
  ConferInviteRecord invite = { 0, };

  invite.id = confer_server_new_id ();
  invite.role = CONFER_ROLE_OWNER;
  invite.created = g_get_real_time () / G_USEC_PER_SEC;
  if (!confer_server_store_begin (self->store, error) ||
      !confer_server_store_add_session (self->store, id, title, error) ||
      !confer_server_store_add_invite (self->store, id, &invite, hash, error) ||
      !confer_server_store_commit (self->store, error))
    {
      confer_server_store_rollback (self->store);
      g_free (invite.id);
      return NULL;
    }
  g_free (invite.id);
  *owner_token = g_steal_pointer (&token);
  return g_steal_pointer (&id);
}

/**
 * confer_server_make_link:
 * @self: a started server
 * @host: the host name or address clients reach the server at
 * @session: a session id
 * @invite: (nullable): an invite token
 *
 * Returns: (transfer full): the `confer://` link for the session, with the
 *   certificate fingerprint unless insecure
 */
char *
confer_server_make_link (ConferServer *self,
                         const char   *host,
                         const char   *session,
                         const char   *invite)
{
  ConferLink link = { (char *) host, confer_server_get_port (self), (char *) session,
                      (char *) invite, self->fingerprint };

  return confer_link_to_string (&link);
}

/**
 * confer_server_raise_fd_limit:
 *
 * Raises the soft limit on open files to the hard limit: every connection
 * is a file descriptor, and the usual soft limit of 1024 is far below what
 * one server (or a load generator) holds.
 */
void
confer_server_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}
