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

/* Where blobs go and who asks: copied from a client, so that a worker
 * thread can use them while the client runs in its own. */
typedef struct
{
  ConferLink *link;
  char       *token;
} Credentials;

static void
credentials_free (Credentials *credentials)
{
  confer_link_free (credentials->link);
  g_free (credentials->token);
  g_free (credentials);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Credentials, credentials_free)

static Credentials *
credentials_of (ConferClient *client)
{
  ConferConnection *connection = confer_client_get_connection (client);
  const ConferLink *link = confer_connection_get_link (connection);
  Credentials *credentials = g_new0 (Credentials, 1);

  credentials->link = g_new0 (ConferLink, 1);
  credentials->link->host = g_strdup (link->host);
  credentials->link->port = link->port;
  credentials->link->session = g_strdup (link->session);
  credentials->link->fingerprint = g_strdup (link->fingerprint);
  credentials->token = g_strdup (confer_connection_get_token (connection));
  return credentials;
}

/* A request for @name with the participant's credentials. */
static SoupMessage *
blob_message (const Credentials *credentials,
              const char        *method,
              const char        *name)
{
  const ConferLink *link = credentials->link;
  g_autofree char *uri = confer_link_get_blob_uri (link, name);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", credentials->token);
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

static char *
put_one (SoupSession        *session,
         const Credentials  *credentials,
         GBytes             *bytes,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autofree char *name = confer_blob_name_for (bytes);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  gsize n_bytes;
  const guint8 *data = g_bytes_get_data (bytes, &n_bytes);

  if (n_bytes > CONFER_BLOB_MAX_SIZE || confer_blob_sniff_type (data, n_bytes) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A blob is a PNG, JPEG, GIF or WebP image or Opus audio in Ogg of at most %d bytes",
                   CONFER_BLOB_MAX_SIZE);
      return NULL;
    }
  msg = blob_message (credentials, SOUP_METHOD_PUT, name);
  soup_message_set_request_body_from_bytes (msg, confer_blob_sniff_type (data, n_bytes), bytes);
  answer = soup_session_send_and_read (session, msg, cancellable, error);
  if (answer == NULL)
    return NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      set_http_error (error, msg, answer, "take");
      return NULL;
    }
  return g_steal_pointer (&name);
}

static GBytes *
get_one (SoupSession        *session,
         const Credentials  *credentials,
         const char         *name,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autoptr(SoupMessage) msg = blob_message (credentials, SOUP_METHOD_GET, name);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *actual = NULL;

  answer = soup_session_send_and_read (session, msg, cancellable, error);
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
  g_autoptr(Credentials) credentials = NULL;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  credentials = credentials_of (self);
  return put_one (confer_client_get_blob_session (self), credentials, bytes, cancellable, error);
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
  g_autoptr(Credentials) credentials = NULL;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail (confer_blob_is_name (name), NULL);

  credentials = credentials_of (self);
  return get_one (confer_client_get_blob_session (self), credentials, name, cancellable, error);
}

/* Moving several blobs in a worker thread, on an HTTP session of its own. */
typedef struct
{
  Credentials *credentials;
  GPtrArray   *items;   /* GBytes to put, or names (char *) to get */
  gboolean     put;
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  credentials_free (transfer->credentials);
  g_ptr_array_unref (transfer->items);
  g_free (transfer);
}

static void
transfer_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Transfer *transfer = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("user-agent", "confer/" PACKAGE_VERSION,
                                                                  "timeout", 60, NULL);
  g_autoptr(GHashTable) got = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  GError *error = NULL;

  for (guint i = 0; i < transfer->items->len; i++)
    {
      gpointer item = g_ptr_array_index (transfer->items, i);

      if (transfer->put)
        {
          g_autofree char *name = put_one (session, transfer->credentials, item, cancellable, &error);

          if (name == NULL)
            break;
        }
      else
        {
          GBytes *bytes = get_one (session, transfer->credentials, item, cancellable, &error);

          if (bytes == NULL)
            break;
          g_hash_table_insert (got, g_strdup (item), bytes);
        }
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&got), (GDestroyNotify) g_hash_table_unref);
}

static void
transfer_async (ConferClient        *self,
                GPtrArray           *items,
                gboolean             put,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Transfer *transfer = g_new0 (Transfer, 1);

  transfer->credentials = credentials_of (self);
  transfer->items = g_ptr_array_ref (items);
  transfer->put = put;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);
  g_task_run_in_thread (task, transfer_thread);
}

/**
 * confer_client_put_blobs_async:
 * @self: a welcomed client
 * @blobs: (element-type GBytes): the blobs to upload (see
 *   confer_client_put_blob())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when all are uploaded, or one failed
 * @user_data: data for @callback
 *
 * Uploads blobs one after the other in a worker thread, on an HTTP session
 * of its own, with this client's link and credentials as they are now.
 */
void
confer_client_put_blobs_async (ConferClient        *self,
                               GPtrArray           *blobs,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  transfer_async (self, blobs, TRUE, confer_client_put_blobs_async, cancellable, callback, user_data);
}

/**
 * confer_client_put_blobs_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every blob was uploaded; %FALSE with the first
 *   failure's error (see confer_client_put_blob())
 */
gboolean
confer_client_put_blobs_finish (ConferClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GHashTable) nothing = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  nothing = g_task_propagate_pointer (G_TASK (result), error);
  return nothing != NULL;
}

/**
 * confer_client_get_blobs_async:
 * @self: a welcomed client
 * @names: (element-type utf8): blob names
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when all are fetched, or one failed
 * @user_data: data for @callback
 *
 * Fetches blobs one after the other in a worker thread, on an HTTP
 * session of its own (see confer_client_get_blob()).
 */
void
confer_client_get_blobs_async (ConferClient        *self,
                               GPtrArray           *names,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  transfer_async (self, names, FALSE, confer_client_get_blobs_async, cancellable, callback, user_data);
}

/**
 * confer_client_get_blobs_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8 GBytes) (nullable): the
 *   blobs by name; or %NULL with the first failure's error
 */
GHashTable *
confer_client_get_blobs_finish (ConferClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
