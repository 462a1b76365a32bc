/* confer-server-blobs.c: blobs over HTTP(S) on the session port —
 * `PUT /blobs/NAME` and `GET /blobs/NAME`, where NAME is the SHA-256 of the
 * bytes; images now, voice messages and attachments next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A request carries the participant's credentials, `Authorization: Bearer
 * TOKEN` and `Confer-Session: SESSION`. The server stores a blob once,
 * named by its hash (which it checks), if its first bytes say it is one of
 * the types Confer uses (confer_blob_sniff_type()) and it is at most
 * %CONFER_BLOB_MAX_SIZE; it serves a blob, with Range, only to
 * participants of a session it was uploaded in — a session that has its
 * bytes, not one that only learnt its name.
 */
#define G_LOG_DOMAIN "confer-server-blobs"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "confer-server-private.h"

#define BLOB_PATH_PREFIX "/blobs/"

/* Answers with a status and a JSON `{"code", "message"}` body, as the
 * WebSocket protocol's errors. */
static void
refuse (SoupServerMessage *msg,
        guint              status,
        const char        *code,
        const char        *format,
        ...) G_GNUC_PRINTF (4, 5);

static void
refuse (SoupServerMessage *msg,
        guint              status,
        const char        *code,
        const char        *format,
        ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* The blob a request names, or NULL (answered with 404). */
static const char *
requested_name (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *name = g_str_has_prefix (path, BLOB_PATH_PREFIX) ? path + strlen (BLOB_PATH_PREFIX) : NULL;

  if (!confer_blob_is_name (name))
    {
      refuse (msg, SOUP_STATUS_NOT_FOUND, "unknown-blob",
              "A blob is named by the SHA-256 of its bytes, in 64 lower-case hexadecimal digits");
      return NULL;
    }
  return name;
}

/* Who sent the request, from its credentials; NULL (answered with 401)
 * if they are missing or wrong. */
static ConferParticipantRecord *
authenticate (ConferServer       *server,
              SoupServerMessage  *msg,
              char              **session_out)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *session = soup_message_headers_get_one (headers, "Confer-Session");
  g_autofree char *hash = NULL;
  ConferParticipantRecord *participant = NULL;

  if (authorization != NULL && g_str_has_prefix (authorization, "Bearer ") && session != NULL &&
      confer_link_is_token (session) && confer_link_is_token (authorization + 7))
    {
      hash = confer_server_hash_token (authorization + 7);
      participant = confer_server_store_find_participant (confer_server_get_store (server), session, hash);
    }
  if (participant == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    "Bearer realm=\"conferd\"");
      refuse (msg, SOUP_STATUS_UNAUTHORIZED, "invalid-token",
              "Blobs need a participant's credentials: Authorization: Bearer TOKEN and Confer-Session: SESSION");
      return NULL;
    }
  *session_out = g_strdup (session);
  return participant;
}

static char *
blob_path (ConferServer *server,
           const char   *name)
{
  char prefix[3] = { name[0], name[1], '\0' };

  return g_build_filename (confer_server_get_data_dir (server), "blobs", prefix, name, NULL);
}

/* Before an upload's body is read: who sends it, and whether its size is
 * allowed, so a refused upload costs nothing. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(ConferParticipantRecord) participant = NULL;
  g_autofree char *session = NULL;
  goffset length;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_PUT)
    return;
  if (requested_name (msg) == NULL || (participant = authenticate (data, msg, &session)) == NULL)
    return;
  if (!confer_role_can_edit (participant->role))
    {
      refuse (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "Your role does not allow uploading");
      return;
    }
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      refuse (msg, SOUP_STATUS_LENGTH_REQUIRED, "bad-message", "An upload gives its Content-Length");
      return;
    }
  length = soup_message_headers_get_content_length (headers);
  if (length > CONFER_BLOB_MAX_SIZE)
    refuse (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
            "A blob is at most %d bytes, not %" G_GOFFSET_FORMAT, CONFER_BLOB_MAX_SIZE, length);
}

static void
handle_put (ConferServer      *server,
            SoupServerMessage *msg,
            const char        *name,
            const char        *session)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *actual = confer_blob_name_for (body);
  g_autofree char *path = blob_path (server, name);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  gsize n_bytes;
  const guint8 *data = g_bytes_get_data (body, &n_bytes);
  const char *type = confer_blob_sniff_type (data, n_bytes);

  if (n_bytes > CONFER_BLOB_MAX_SIZE)
    {
      refuse (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", "A blob is at most %d bytes", CONFER_BLOB_MAX_SIZE);
      return;
    }
  if (!g_str_equal (actual, name))
    {
      refuse (msg, SOUP_STATUS_BAD_REQUEST, "wrong-hash", "The body's SHA-256 is %s, not %s", actual, name);
      return;
    }
  if (type == NULL)
    {
      refuse (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-type",
              "A blob is a PNG, JPEG, GIF or WebP image, or Opus audio in Ogg");
      return;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      (g_mkdir_with_parents (dir, 0700) != 0 ||
       !g_file_set_contents_full (path, (const char *) data, n_bytes,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, &error)))
    {
      g_warning ("Could not store blob %s: %s", name, error != NULL ? error->message : g_strerror (errno));
      refuse (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The server could not store the blob");
      return;
    }
  /* The store's transactions are the group commit's too: first what waits. */
  confer_group_commit_flush (confer_server_get_commit (server));
  if (!confer_server_store_add_blob (confer_server_get_store (server), name, type, n_bytes, session, &error))
    {
      g_warning ("Could not record blob %s: %s", name, error->message);
      refuse (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The server could not store the blob");
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
handle_get (ConferServer      *server,
            SoupServerMessage *msg,
            const char        *name,
            const char        *session)
{
  g_autofree char *type = confer_server_store_find_blob (confer_server_get_store (server), name, session);
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (type == NULL)
    {
      refuse (msg, SOUP_STATUS_NOT_FOUND, "unknown-blob", "This session has no blob %s", name);
      return;
    }
  path = blob_path (server, name);
  if ((file = g_mapped_file_new (path, FALSE, &error)) == NULL)
    {
      g_warning ("Blob %s is recorded but cannot be read: %s", name, error->message);
      refuse (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The server could not read the blob");
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  soup_message_headers_set_content_type (headers, type, NULL);
  soup_message_headers_replace (headers, "ETag", name);
  soup_message_headers_replace (headers, "Cache-Control", "private, max-age=31536000, immutable");
  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  /* With the whole body set, libsoup answers a Range itself (206). */
  if (soup_server_message_get_method (msg) != SOUP_METHOD_HEAD)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
  else
    soup_message_headers_set_content_length (headers, g_bytes_get_size (bytes));
}

static void
blobs_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  ConferServer *server = data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(ConferParticipantRecord) participant = NULL;
  g_autofree char *session = NULL;
  const char *name;

  if ((name = requested_name (msg)) == NULL || (participant = authenticate (server, msg, &session)) == NULL)
    return;
  if (method == SOUP_METHOD_PUT)
    handle_put (server, msg, name, session);
  else if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
    handle_get (server, msg, name, session);
  else
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD, PUT");
      refuse (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad-message", "Blobs are sent with PUT and fetched with GET");
    }
}

/**
 * confer_server_blobs_install:
 * @server: a server
 * @soup: its HTTP server
 *
 * Serves `/blobs/` on @soup.
 */
void
confer_server_blobs_install (ConferServer *server,
                             SoupServer   *soup)
{
  soup_server_add_early_handler (soup, "/blobs", early_cb, server, NULL);
  soup_server_add_handler (soup, "/blobs", blobs_cb, server, NULL);
}
