/* confer-client-blobs.c: putting and fetching blobs (images, voice
 * messages, attachments) over HTTPS on the session's port, with the
 * participant's credentials and the link's pinned certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-client-blobs"

#include "config.h"

#include "confer-client-private.h"

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  const ConferLink *link = data;
  g_autofree char *fingerprint = confer_link_fingerprint_of (certificate);

  return link->fingerprint != NULL && g_str_equal (fingerprint, link->fingerprint);
}

/* A request for @name with the participant's credentials. */
static SoupMessage *
blob_message (ConferClient *client,
              const char   *method,
              const char   *name)
{
  ConferConnection *connection = confer_client_get_connection (client);
  const ConferLink *link = confer_connection_get_link (connection);
  g_autofree char *uri = confer_link_get_blob_uri (link, name);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", confer_connection_get_token (connection));
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", bearer);
  soup_message_headers_replace (headers, "Confer-Session", link->session);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), (gpointer) link);
  return msg;
}

/* The server's refusal as a GError: its JSON `message` if it sent one. */
static void
set_http_error (GError      **error,
                SoupMessage  *msg,
                GBytes       *body,
                const char   *what)
{
  g_autoptr(JsonNode) node = NULL;
  const char *message = NULL;

  if (body != NULL && g_bytes_get_size (body) > 0 && g_bytes_get_size (body) < 64 * 1024)
    node = confer_json_text_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), CONFER_JSON_MAX_DEPTH, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    message = json_object_get_string_member_with_default (json_node_get_object (node), "message", NULL);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The server did not %s the blob (%u): %s", what,
               soup_message_get_status (msg), message != NULL ? message : soup_message_get_reason_phrase (msg));
}

/**
 * confer_client_put_blob:
 * @self: a welcomed client
 * @bytes: the blob, at most %CONFER_BLOB_MAX_SIZE bytes of a type the
 *   server takes (confer_blob_sniff_type())
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Uploads a blob (`PUT /blobs/NAME`), blocking the calling thread until
 * the server answers — for command-line tools, tests and worker threads.
 * Uploading what the server has already costs one round trip and makes
 * it readable in this session.
 *
 * Returns: (transfer full) (nullable): the blob's name; or %NULL with
 *   %G_IO_ERROR_INVALID_DATA for a type or size the server would refuse
 *   (nothing is sent), %G_IO_ERROR_FAILED with the server's reason, or
 *   the transport's error
 */
char *
confer_client_put_blob (ConferClient  *self,
                        GBytes        *bytes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *name = confer_blob_name_for (bytes);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  gsize n_bytes;
  const guint8 *data = g_bytes_get_data (bytes, &n_bytes);

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  if (n_bytes > CONFER_BLOB_MAX_SIZE || confer_blob_sniff_type (data, n_bytes) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A blob is a PNG, JPEG, GIF or WebP image or Opus audio in Ogg of at most %d bytes",
                   CONFER_BLOB_MAX_SIZE);
      return NULL;
    }
  msg = blob_message (self, SOUP_METHOD_PUT, name);
  soup_message_set_request_body_from_bytes (msg, confer_blob_sniff_type (data, n_bytes), bytes);
  answer = soup_session_send_and_read (confer_client_get_blob_session (self), msg,
                                       cancellable, error);
  if (answer == NULL)
    return NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      set_http_error (error, msg, answer, "take");
      return NULL;
    }
  return g_steal_pointer (&name);
}

/**
 * confer_client_get_blob:
 * @self: a welcomed client
 * @name: a blob's name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Fetches a blob (`GET /blobs/NAME`), blocking the calling thread, and
 * checks that its bytes are what the name says.
 *
 * Returns: (transfer full) (nullable): the blob; or %NULL with
 *   %G_IO_ERROR_FAILED (the server's reason: not in this session…),
 *   %G_IO_ERROR_INVALID_DATA (the bytes do not match the name) or the
 *   transport's error
 */
GBytes *
confer_client_get_blob (ConferClient  *self,
                        const char    *name,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *actual = NULL;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail (confer_blob_is_name (name), NULL);

  msg = blob_message (self, SOUP_METHOD_GET, name);
  answer = soup_session_send_and_read (confer_client_get_blob_session (self), msg,
                                       cancellable, error);
  if (answer == NULL)
    return NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      set_http_error (error, msg, answer, "give");
      return NULL;
    }
  actual = confer_blob_name_for (answer);
  if (!g_str_equal (actual, name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The server sent other bytes than blob %s", name);
      return NULL;
    }
  return g_steal_pointer (&answer);
}
