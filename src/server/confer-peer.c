/* confer-peer.c: one WebSocket connection to the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-peer"

#include "config.h"

#include "confer-server-private.h"

/**
 * confer_peer_new:
 * @server: the server the connection reached
 * @conn: the WebSocket connection
 * @remote: (transfer full): the remote address, for logs
 *
 * Makes the state of a connection that has not said `hello` yet: a full
 * rate-limiting bucket (%CONFER_PROTOCOL_BURST messages) and no session.
 *
 * Returns: (transfer full): the connection, with one reference
 */
ConferPeer *
confer_peer_new (ConferServer            *server,
                 SoupWebsocketConnection *conn,
                 char                    *remote)
{
  ConferPeer *peer = g_new0 (ConferPeer, 1);

  peer->ref_count = 1;
  peer->server = server;
  peer->conn = g_object_ref (conn);
  peer->remote = remote;
  peer->docs = g_hash_table_new (g_str_hash, g_str_equal);
  confer_rate_bucket_init (&peer->rate, CONFER_PROTOCOL_BURST);
  confer_rate_bucket_init (&peer->call_rate, CONFER_CALL_SIGNAL_BURST);
  peer->last_heard = peer->rate.refilled;
  return peer;
}

/**
 * confer_peer_ref:
 * @peer: a connection
 *
 * Returns: (transfer full): @peer, with one more reference
 */
ConferPeer *
confer_peer_ref (ConferPeer *peer)
{
  peer->ref_count++;
  return peer;
}

/**
 * confer_peer_unref:
 * @peer: (transfer full): a connection
 *
 * Drops a reference; the last frees the connection's state.
 */
void
confer_peer_unref (ConferPeer *peer)
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

/**
 * confer_peer_close:
 * @peer: a connection
 * @code: the WebSocket close code (1000–4999)
 * @reason: the close reason, at most 123 bytes of UTF-8 (RFC 6455, 5.5)
 *
 * Closes the connection if it is still open.
 */
void
confer_peer_close (ConferPeer *peer,
                   gushort     code,
                   const char *reason)
{
  if (soup_websocket_connection_get_state (peer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (peer->conn, code, reason);
}

/**
 * confer_peer_rate_allows:
 * @peer: a connection
 *
 * Takes one message from the connection's token bucket, which refills at
 * %CONFER_PROTOCOL_RATE messages per second up to %CONFER_PROTOCOL_BURST.
 *
 * Returns: %TRUE if the message may be handled, %FALSE if it is over the
 *   rate
 */
gboolean
confer_peer_rate_allows (ConferPeer *peer)
{
  return confer_rate_bucket_take (&peer->rate, CONFER_PROTOCOL_RATE, CONFER_PROTOCOL_BURST);
}

/**
 * confer_rate_bucket_init:
 * @bucket: a bucket
 * @burst: the tokens it starts with, > 0
 *
 * Fills @bucket, refilled now.
 */
void
confer_rate_bucket_init (ConferRateBucket *bucket,
                         double            burst)
{
  bucket->tokens = burst;
  bucket->refilled = g_get_monotonic_time ();
}

/**
 * confer_rate_bucket_take:
 * @bucket: a bucket
 * @rate: tokens it regains a second, > 0
 * @burst: the most it holds, > 0
 *
 * Refills @bucket for the time since it was last refilled, then takes one
 * token.
 *
 * Returns: %TRUE if there was one, %FALSE if the bucket is empty
 */
gboolean
confer_rate_bucket_take (ConferRateBucket *bucket,
                         double            rate,
                         double            burst)
{
  gint64 now = g_get_monotonic_time ();

  bucket->tokens = MIN (burst, bucket->tokens + (now - bucket->refilled) * (rate / 1e6));
  bucket->refilled = now;
  if (bucket->tokens < 1)
    return FALSE;
  bucket->tokens -= 1;
  return TRUE;
}

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
