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

/* A snapshot is stored once a document has this many operations after its
 * latest one, which bounds the operations replayed when it is loaded. */
#define SNAPSHOT_INTERVAL 1000
/* The longest an acknowledgement waits for the group commit, in ms. */
#define FLUSH_MAX_DELAY_MS 5
/* The journal is compacted once no commit has come for COMPACT_QUIET_MS,
 * or within commits when it exceeds JOURNAL_HARD_LIMIT rows. */
#define COMPACT_QUIET_MS   300
#define JOURNAL_HARD_LIMIT 1000000

typedef struct
{
  ConferPeer      *peer;       /* owned reference */
  ConferServerDoc *doc;
  guint64          revision;
  char            *txn;
  gboolean         duplicate;  /* only ack: the txn was already committed */
  ConferMessage   *broadcast;  /* a message held back until the commit */
} Pending;

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
  GPtrArray         *pending;     /* Pending */
  guint              flush_source;
  guint              flush_deadline;
  guint              compact_source;
  gint64             last_commit;    /* monotonic µs */
  guint              idle_timeout;   /* s; CONFER_PROTOCOL_IDLE_TIMEOUT by default */
  guint              idle_source;
};

G_DEFINE_FINAL_TYPE (ConferServer, confer_server, G_TYPE_OBJECT)

static void peer_close (ConferPeer *peer, gushort code, const char *reason);

static ConferPeer *
peer_ref (ConferPeer *peer)
{
  peer->ref_count++;
  return peer;
}

static void
peer_unref (ConferPeer *peer)
{
  if (--peer->ref_count > 0)
    return;
  g_clear_handle_id (&peer->hello_timeout, g_source_remove);
  g_clear_pointer (&peer->participant, confer_participant_record_free);
  g_clear_pointer (&peer->docs, g_hash_table_unref);
  g_clear_object (&peer->conn);
  g_free (peer->remote);
  g_free (peer);
}

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->peer, peer_unref);
  g_clear_pointer (&pending->broadcast, confer_message_unref);
  g_free (pending->txn);
  g_free (pending);
}

static void
confer_server_dispose (GObject *object)
{
  ConferServer *self = (ConferServer *) object;

  confer_server_stop (self);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_deadline, g_source_remove);
  g_clear_handle_id (&self->compact_source, g_source_remove);
  g_clear_handle_id (&self->idle_source, g_source_remove);

  G_OBJECT_CLASS (confer_server_parent_class)->dispose (object);
}

static void
confer_server_finalize (GObject *object)
{
  ConferServer *self = (ConferServer *) object;

  g_clear_pointer (&self->pending, g_ptr_array_unref);
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
  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) peer_unref);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
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

/* Sending */

/**
 * confer_peer_send_encoded:
 * @peer: a connection
 * @text: one encoded message
 * @n_bytes: its length
 *
 * Sends a text frame if the connection is still open.
 */
void
confer_peer_send_encoded (ConferPeer *peer,
                          const char *text,
                          gsize       n_bytes)
{
  g_autoptr(GBytes) bytes = NULL;

  if (peer->closed || soup_websocket_connection_get_state (peer->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  /* libsoup copies the payload into its frame before returning. */
  bytes = g_bytes_new_static (text, n_bytes);
  soup_websocket_connection_send_message (peer->conn, SOUP_WEBSOCKET_DATA_TEXT, bytes);
}

/**
 * confer_peer_send:
 * @peer: a connection
 * @message: the message
 *
 * Encodes and sends @message.
 */
void
confer_peer_send (ConferPeer    *peer,
                  ConferMessage *message)
{
  gsize n_bytes;
  g_autofree char *text = confer_message_encode (message, &n_bytes);

  confer_peer_send_encoded (peer, text, n_bytes);
}

/**
 * confer_peer_send_error:
 * @peer: a connection
 * @error: what went wrong (protocol domain; other domains go out as
 *   `internal`)
 * @txn: (nullable): the request's txn
 *
 * Sends an `error` message.
 */
void
confer_peer_send_error (ConferPeer   *peer,
                        const GError *error,
                        const char   *txn)
{
  g_autoptr(ConferMessage) message = confer_message_new_error (error, txn);

  g_debug ("%s: error %s: %s", peer->remote,
           json_object_get_string_member (confer_message_get_object (message), "code"), error->message);
  confer_peer_send (peer, message);
}

/* Group commit: operations are applied in memory as they arrive, and
 * committed to the store together once the main loop has drained the
 * sockets; acknowledgements and broadcasts go out only after the commit. */

static gboolean
flush_cb (gpointer data)
{
  confer_server_flush (data);
  return G_SOURCE_REMOVE;
}

/* The commit waits until the sockets are drained (an idle source below
 * their priority), so one transaction takes everything that arrived
 * meanwhile; under load that never lets up, the timeout bounds the wait. */
static void
schedule_flush (ConferServer *self)
{
  if (self->flush_source != 0)
    return;
  self->flush_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
  if (self->flush_deadline == 0)
    self->flush_deadline = g_timeout_add_full (G_PRIORITY_DEFAULT, FLUSH_MAX_DELAY_MS, flush_cb, self, NULL);
}

/**
 * confer_server_queue_commit:
 * @self: a server
 * @peer: the author's connection
 * @doc: the document
 * @revision: the revision the operation produced (or, for a duplicate, had
 *   produced)
 * @txn: the author's txn
 * @duplicate: %TRUE if the operation was committed before and only the ack
 *   must be sent again
 *
 * Queues an applied operation for the next group commit.
 */
void
confer_server_queue_commit (ConferServer    *self,
                            ConferPeer      *peer,
                            ConferServerDoc *doc,
                            guint64          revision,
                            const char      *txn,
                            gboolean         duplicate)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->peer = peer_ref (peer);
  pending->doc = doc;
  pending->revision = revision;
  pending->txn = g_strdup (txn);
  pending->duplicate = duplicate;
  g_ptr_array_add (self->pending, pending);
  schedule_flush (self);
}

/**
 * confer_server_queue_broadcast:
 * @self: a server
 * @doc: the document whose subscribers get @message
 * @except: (nullable): a connection to leave out
 * @message: the message
 *
 * Sends @message to the document's subscribers after the pending commit,
 * so it follows the operations queued before it; at once if nothing is
 * pending.
 */
void
confer_server_queue_broadcast (ConferServer    *self,
                               ConferServerDoc *doc,
                               ConferPeer      *except,
                               ConferMessage   *message)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->peer = except != NULL ? peer_ref (except) : NULL;
  pending->doc = doc;
  pending->broadcast = confer_message_ref (message);
  g_ptr_array_add (self->pending, pending);
  if (self->pending->len == 1)
    confer_server_flush (self);
  else
    schedule_flush (self);
}

static void
send_to_subscribers (ConferServerDoc *doc,
                     ConferPeer      *except,
                     ConferMessage   *message)
{
  gsize n_bytes;
  g_autofree char *text = NULL;

  if (doc->subscribers->len == 0 || (doc->subscribers->len == 1 && doc->subscribers->pdata[0] == except))
    return;
  text = confer_message_encode (message, &n_bytes);
  for (guint i = 0; i < doc->subscribers->len; i++)
    if (doc->subscribers->pdata[i] != except)
      confer_peer_send_encoded (doc->subscribers->pdata[i], text, n_bytes);
}

static gboolean
store_batch (ConferServer  *self,
             GPtrArray     *batch,
             GError       **error)
{
  g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < batch->len; i++)
    {
      Pending *p = g_ptr_array_index (batch, i);
      g_autofree char *op_json = NULL;
      ConferStoredOp stored;

      if (p->duplicate || p->broadcast != NULL)
        continue;
      op_json = confer_text_op_to_string (confer_ot_server_get_op (p->doc->ot, p->revision));
      stored.revision = p->revision;
      stored.op_json = op_json;
      stored.author = p->peer->participant->id;
      stored.txn = p->txn;
      if (!confer_server_store_append_op (self->store, p->doc->id, &stored, error))
        return FALSE;
      g_hash_table_add (touched, p->doc);
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      ConferServerDoc *doc = key;
      guint64 head = confer_ot_server_get_revision (doc->ot);

      if (head - doc->snapshot_revision >= SNAPSHOT_INTERVAL)
        {
          g_autofree char *text = confer_rope_to_string (confer_ot_server_get_rope (doc->ot), NULL);

          if (!confer_server_store_save_snapshot (self->store, doc->id, head, text, error))
            return FALSE;
          confer_server_doc_set_snapshot (doc, head);
        }
    }
  /* Compaction is quiet-time work, unless the journal grows past reason. */
  if (confer_server_store_get_journal_rows (self->store) > JOURNAL_HARD_LIMIT)
    return confer_server_store_compact (self->store, error);
  return TRUE;
}

/* One chunk of journal compaction per call while the server stays quiet. */
static gboolean
compact_cb (gpointer data)
{
  ConferServer *self = data;
  g_autoptr(GError) error = NULL;

  if (self->pending->len > 0 ||
      g_get_monotonic_time () - self->last_commit < COMPACT_QUIET_MS * 1000)
    return G_SOURCE_CONTINUE;
  if (!confer_server_store_begin (self->store, &error) ||
      !confer_server_store_compact (self->store, &error) ||
      !confer_server_store_commit (self->store, &error))
    {
      g_warning ("Could not compact the journal: %s", error->message);
      confer_server_store_rollback (self->store);
    }
  if (error == NULL && confer_server_store_get_journal_rows (self->store) > 2 * 1024)
    return G_SOURCE_CONTINUE;
  self->compact_source = 0;
  return G_SOURCE_REMOVE;
}

static void
send_ack (Pending *p)
{
  g_autoptr(ConferMessage) ack = confer_message_new ("doc.ack");

  json_object_set_string_member (confer_message_get_object (ack), "doc", p->doc->id);
  json_object_set_int_member (confer_message_get_object (ack), "rev", p->revision);
  confer_message_set_txn (ack, p->txn);
  confer_peer_send (p->peer, ack);
}

/* The frame carrying the @n encoded operations of a run of @doc, in
 * order: `doc.op` for one, `doc.ops` for several. The entries are
 * json-glib's output, so joining them into an array keeps the frame valid
 * JSON; the document id is base64url and needs no escaping. */
static GString *
run_frame (ConferServerDoc  *doc,
           char            **entries,
           const guint64    *revisions,
           guint             n)
{
  GString *frame = g_string_sized_new (128 * n + 64);

  if (n == 1)
    {
      g_string_append_printf (frame, "{\"type\":\"doc.op\",\"doc\":\"%s\",", doc->id);
      g_string_append (frame, entries[0] + 1);
      return frame;
    }
  g_string_append_printf (frame, "{\"type\":\"doc.ops\",\"doc\":\"%s\",\"from\":%" G_GUINT64_FORMAT
                          ",\"rev\":%" G_GUINT64_FORMAT ",\"ops\":[",
                          doc->id, revisions[0] - 1, revisions[n - 1]);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (frame, ',');
      g_string_append (frame, entries[i]);
    }
  g_string_append (frame, "]}");
  return frame;
}

/* Sends a document's operations committed by one group commit. Every
 * subscriber gets the same frame with all of them, in order; in it, an
 * author's own entry (its participant id and txn) is its acknowledgement.
 * A subscriber that authored the whole run, and an author that did not
 * open the document, get lean `doc.ack`s instead. One frame for all means
 * one encoding here and, in a client process holding many connections,
 * one parse. */
static void
send_run (ConferServerDoc *doc,
          GPtrArray       *run)
{
  g_autoptr(GHashTable) authors = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) frame = NULL;
  ConferPeer *sole = NULL;   /* the run's only author, if it has one */

  if (run->len == 0)
    return;
  for (guint i = 0; i < run->len; i++)
    g_hash_table_add (authors, ((Pending *) g_ptr_array_index (run, i))->peer);
  if (g_hash_table_size (authors) == 1)
    sole = ((Pending *) g_ptr_array_index (run, 0))->peer;

  for (guint s = 0; s < doc->subscribers->len; s++)
    {
      ConferPeer *subscriber = g_ptr_array_index (doc->subscribers, s);

      if (subscriber == sole)
        continue;
      if (frame == NULL)
        {
          g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
          g_autofree guint64 *revisions = g_new (guint64, run->len);

          for (guint i = 0; i < run->len; i++)
            {
              Pending *p = g_ptr_array_index (run, i);
              g_autoptr(ConferMessage) entry = confer_server_doc_op_message (doc, p->revision, NULL);

              revisions[i] = p->revision;
              g_ptr_array_add (entries, confer_message_encode (entry, NULL));
            }
          frame = run_frame (doc, (char **) entries->pdata, revisions, run->len);
        }
      confer_peer_send_encoded (subscriber, frame->str, frame->len);
      g_hash_table_remove (authors, subscriber);
    }

  /* The sole author of the run, and authors who did not open the
   * document, get their acks. */
  for (guint i = 0; i < run->len; i++)
    {
      Pending *p = g_ptr_array_index (run, i);

      if (g_hash_table_contains (authors, p->peer))
        send_ack (p);
    }
  g_ptr_array_set_size (run, 0);
}

/**
 * confer_server_flush:
 * @self: a server
 *
 * Commits every queued operation in one transaction, then sends the acks
 * and broadcasts in order. If the store fails, the authors get `internal`
 * errors and the documents are reloaded from the store, so memory never
 * holds what the disk lost.
 *
 * Returns: %TRUE if the commit succeeded (or nothing was pending)
 */
gboolean
confer_server_flush (ConferServer *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any_op = FALSE;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_deadline, g_source_remove);
  if (self->pending->len == 0)
    return TRUE;

  batch = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  for (guint i = 0; i < batch->len && !any_op; i++)
    {
      Pending *p = g_ptr_array_index (batch, i);

      any_op = p->broadcast == NULL && !p->duplicate;
    }

  if (any_op &&
      (!confer_server_store_begin (self->store, &error) || !store_batch (self, batch, &error) ||
       !confer_server_store_commit (self->store, &error)))
    {
      g_autoptr(GError) internal = g_error_new (CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INTERNAL,
                                                "The server could not store the change: %s",
                                                error->message);

      g_warning ("Group commit failed: %s", error->message);
      confer_server_store_rollback (self->store);
      for (guint i = 0; i < batch->len; i++)
        {
          Pending *p = g_ptr_array_index (batch, i);

          if (p->broadcast == NULL && !p->duplicate)
            {
              confer_peer_send_error (p->peer, internal, p->txn);
              confer_server_doc_unload (p->doc);
            }
        }
      return FALSE;
    }
  if (any_op)
    {
      self->last_commit = g_get_monotonic_time ();
      if (self->compact_source == 0)
        self->compact_source = g_timeout_add (COMPACT_QUIET_MS / 3, compact_cb, self);
    }

  {
    g_autoptr(GHashTable) runs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
    GHashTableIter iter;
    gpointer key, value;

    for (guint i = 0; i < batch->len; i++)
      {
        Pending *p = g_ptr_array_index (batch, i);
        GPtrArray *run;

        if (p->broadcast != NULL || p->duplicate)
          {
            /* Keep the order: what was committed before goes out first. */
            if ((run = g_hash_table_lookup (runs, p->doc)) != NULL)
              send_run (p->doc, run);
            if (p->broadcast != NULL)
              send_to_subscribers (p->doc, p->peer, p->broadcast);
            else
              send_ack (p);
            continue;
          }
        run = g_hash_table_lookup (runs, p->doc);
        if (run == NULL)
          g_hash_table_insert (runs, p->doc, run = g_ptr_array_new ());
        g_ptr_array_add (run, p);
      }

    g_hash_table_iter_init (&iter, runs);
    while (g_hash_table_iter_next (&iter, &key, &value))
      send_run (key, value);
  }
  return TRUE;
}

/* Connections */

static void
peer_close (ConferPeer *peer,
            gushort     code,
            const char *reason)
{
  if (soup_websocket_connection_get_state (peer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (peer->conn, code, reason);
}

static gboolean
rate_allows (ConferPeer *peer)
{
  gint64 now = g_get_monotonic_time ();

  peer->tokens = MIN ((double) CONFER_PROTOCOL_BURST,
                      peer->tokens + (now - peer->refilled) * (CONFER_PROTOCOL_RATE / 1e6));
  peer->refilled = now;
  if (peer->tokens < 1)
    return FALSE;
  peer->tokens -= 1;
  return TRUE;
}

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
      peer_close (peer, SOUP_WEBSOCKET_CLOSE_NORMAL, "Peeked");
      return;
    }
  if (!confer_server_session_welcome (session, peer, hello, &error))
    goto refuse;

  g_clear_handle_id (&peer->hello_timeout, g_source_remove);
  soup_websocket_connection_set_max_incoming_payload_size (peer->conn, CONFER_PROTOCOL_MAX_FRAME_HARD);
  return;

refuse:
  confer_peer_send_error (peer, error, confer_message_get_txn (hello));
  peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
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
          peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "Only one frame may come before welcome");
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
          peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
          return;
        }
      peer_ref (peer);
      handle_hello (self, peer, message);
      peer_unref (peer);
      return;
    }

  if (!rate_allows (peer))
    {
      g_autoptr(ConferMessage) dropped = NULL;

      if (++peer->dropped > CONFER_PROTOCOL_BURST)
        {
          peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "Too many messages");
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
        peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
      return;
    }

  peer_ref (peer);
  confer_server_session_handle (peer->session, peer, message);
  peer_unref (peer);
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
  peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "No hello");
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

      peer_close (g_ptr_array_index (silent, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, reason);
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
  ConferPeer *peer = g_new0 (ConferPeer, 1);
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  peer->ref_count = 1;
  peer->server = self;
  peer->conn = g_object_ref (conn);
  peer->remote = address != NULL ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address))
                                 : g_strdup ("?");
  peer->docs = g_hash_table_new (g_str_hash, g_str_equal);
  peer->tokens = CONFER_PROTOCOL_BURST;
  peer->refilled = g_get_monotonic_time ();
  peer->last_heard = peer->refilled;
  peer->hello_timeout = g_timeout_add_seconds (CONFER_PROTOCOL_HELLO_TIMEOUT, hello_timeout_cb, peer);
  g_ptr_array_add (self->peers, peer);

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

  if (!self->insecure)
    {
      self->certificate = confer_certificate_load_or_create (self->data_dir, "conferd", error);
      if (self->certificate == NULL)
        return FALSE;
      self->fingerprint = confer_link_fingerprint_of (self->certificate);
    }

  self->soup = soup_server_new ("tls-certificate", self->certificate, "server-header", "conferd", NULL);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, NULL, websocket_cb, self, NULL);
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
  confer_server_flush (self);
  while (self->peers->len > 0)
    {
      ConferPeer *peer = g_ptr_array_index (self->peers, 0);

      peer_close (peer, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is stopping");
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
