/* test-blobs.c: blobs over HTTP on a real conferd — upload, fetch, Range,
 * and every refusal: a wrong hash, a wrong type, too large, no or wrong
 * credentials, a role that may not upload, a participant of another
 * session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "confer-test-server.h"

static ConferTestServer *server;
static SoupSession *http;

typedef struct
{
  char *session;
  char *token;
} Credentials;

static void
credentials_clear (Credentials *credentials)
{
  g_free (credentials->session);
  g_free (credentials->token);
}

/* Joins the session of @link with its invite (or @invite) and keeps the
 * participant's token. */
static Credentials
join (const char *link,
      const char *invite)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferLink) parsed = confer_link_parse (link, &error);
  g_autoptr(ConferTestSocket) socket = confer_test_socket_new (server);
  g_autofree char *hello = NULL;
  g_autoptr(ConferMessage) welcome = NULL;
  Credentials credentials;

  g_assert_no_error (error);
  hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"P\", \"session\": \"%s\", \"invite\": \"%s\"}",
                           parsed->session, invite != NULL ? invite : parsed->invite);
  welcome = confer_test_socket_hello (socket, hello);
  g_assert_cmpstr (confer_message_get_type_name (welcome), ==, "welcome");
  credentials.session = g_strdup (parsed->session);
  credentials.token = g_strdup (json_object_get_string_member (confer_message_get_object (welcome), "token"));
  return credentials;
}

typedef struct
{
  guint   status;
  GBytes *body;
  char   *code;
  char   *type;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer->code);
  g_free (answer->type);
}

static Answer
request (const char        *method,
         const char        *name,
         const Credentials *credentials,
         GBytes            *body,
         const char        *range)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/blobs/%s", server->port, name);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Answer answer = { 0, };

  if (credentials != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", credentials->token);

      soup_message_headers_replace (headers, "Authorization", bearer);
      soup_message_headers_replace (headers, "Confer-Session", credentials->session);
    }
  if (range != NULL)
    soup_message_headers_replace (headers, "Range", range);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
  answer.body = soup_session_send_and_read (http, msg, NULL, &error);
  g_assert_no_error (error);
  answer.status = soup_message_get_status (msg);
  answer.type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  if (g_strcmp0 (answer.type, "application/json") == 0)
    {
      g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (answer.body, NULL), NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        answer.code = g_strdup (json_object_get_string_member (json_node_get_object (node), "code"));
    }
  return answer;
}

/* A small PNG, made on the spot: the signature, then enough bytes. */
static GBytes *
png_bytes (guint seed)
{
  GByteArray *array = g_byte_array_new ();

  g_byte_array_append (array, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  for (guint i = 0; i < 4096; i++)
    {
      guint8 b = (guint8) (i * 31 + seed);

      g_byte_array_append (array, &b, 1);
    }
  return g_byte_array_free_to_bytes (array);
}

static void
assert_refused (Answer     *answer,
                guint       status,
                const char *code)
{
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (answer->code, ==, code);
  answer_clear (answer);
}

static void
test_upload_and_fetch (void)
{
  Credentials owner = join (server->link, NULL);
  g_autoptr(GBytes) png = png_bytes (1);
  g_autofree char *name = confer_blob_name_for (png);
  Answer answer = request ("PUT", name, &owner, png, NULL);

  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  answer_clear (&answer);

  answer = request ("GET", name, &owner, NULL, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (answer.type, ==, "image/png");
  g_assert_true (g_bytes_equal (answer.body, png));
  answer_clear (&answer);

  /* Range: bytes 8 to 15. */
  answer = request ("GET", name, &owner, NULL, "bytes=8-15");
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_PARTIAL_CONTENT);
  g_assert_cmpuint (g_bytes_get_size (answer.body), ==, 8);
  g_assert_cmpmem (g_bytes_get_data (answer.body, NULL), 8, (const guint8 *) g_bytes_get_data (png, NULL) + 8, 8);
  answer_clear (&answer);

  /* The same bytes again: accepted, stored once. */
  answer = request ("PUT", name, &owner, png, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  answer_clear (&answer);
  credentials_clear (&owner);
}

static void
test_ogg_opus (void)
{
  Credentials owner = join (server->link, NULL);
  GByteArray *array = g_byte_array_new ();
  g_autoptr(GBytes) ogg = NULL;
  g_autofree char *name = NULL;
  Answer answer;
  /* An Ogg page header (RFC 3533): capture pattern, version, flags,
   * granule, serial, sequence, checksum, one segment of 19 bytes; then
   * the Opus identification header (RFC 7845, 5.1). */
  static const guint8 page[] = {
    'O', 'g', 'g', 'S', 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 19,
    'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1, 56, 1, 0x80, 0xbb, 0, 0, 0, 0, 0,
  };

  g_byte_array_append (array, page, sizeof page);
  ogg = g_byte_array_free_to_bytes (array);
  name = confer_blob_name_for (ogg);
  answer = request ("PUT", name, &owner, ogg, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  answer_clear (&answer);
  answer = request ("GET", name, &owner, NULL, NULL);
  g_assert_cmpstr (answer.type, ==, "audio/ogg");
  answer_clear (&answer);
  credentials_clear (&owner);
}

static void
test_refusals (void)
{
  Credentials owner = join (server->link, NULL);
  Credentials wrong = { g_strdup (owner.session), g_strdup ("AAAAAAAAAAAAAAAAAAAAAA") };
  g_autoptr(GBytes) png = png_bytes (2);
  g_autoptr(GBytes) other = png_bytes (3);
  g_autoptr(GBytes) text = g_bytes_new_static ("just some text, not an image", 28);
  g_autofree char *name = confer_blob_name_for (png);
  g_autofree char *text_name = confer_blob_name_for (text);
  Answer answer;

  /* The body is not what the name says. */
  answer = request ("PUT", name, &owner, other, NULL);
  assert_refused (&answer, SOUP_STATUS_BAD_REQUEST, "wrong-hash");
  /* Not an image or Ogg Opus. */
  answer = request ("PUT", text_name, &owner, text, NULL);
  assert_refused (&answer, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-type");
  /* One byte too large: refused before the body is read. */
  {
    g_autofree guint8 *big = g_malloc0 (CONFER_BLOB_MAX_SIZE + 1);
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *big_name = NULL;

    memcpy (big, "\x89PNG\r\n\x1a\n", 8);
    bytes = g_bytes_new_take (g_steal_pointer (&big), CONFER_BLOB_MAX_SIZE + 1);
    big_name = confer_blob_name_for (bytes);
    answer = request ("PUT", big_name, &owner, bytes, NULL);
    assert_refused (&answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large");
  }
  /* No credentials, wrong credentials. */
  answer = request ("PUT", name, NULL, png, NULL);
  assert_refused (&answer, SOUP_STATUS_UNAUTHORIZED, "invalid-token");
  answer = request ("PUT", name, &wrong, png, NULL);
  assert_refused (&answer, SOUP_STATUS_UNAUTHORIZED, "invalid-token");
  answer = request ("GET", name, NULL, NULL, NULL);
  assert_refused (&answer, SOUP_STATUS_UNAUTHORIZED, "invalid-token");
  /* Not a blob's name; a path out of /blobs reaches nothing. */
  answer = request ("GET", "conferd.db", &owner, NULL, NULL);
  assert_refused (&answer, SOUP_STATUS_NOT_FOUND, "unknown-blob");
  answer = request ("GET", "../conferd.db", &owner, NULL, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (g_bytes_get_size (answer.body), <, 1024);
  answer_clear (&answer);
  /* Nothing refused was stored. */
  answer = request ("GET", name, &owner, NULL, NULL);
  assert_refused (&answer, SOUP_STATUS_NOT_FOUND, "unknown-blob");
  answer = request ("GET", text_name, &owner, NULL, NULL);
  assert_refused (&answer, SOUP_STATUS_NOT_FOUND, "unknown-blob");
  credentials_clear (&owner);
  credentials_clear (&wrong);
}

/* A viewer fetches but does not upload; a participant of another session
 * fetches only what was uploaded in theirs. */
static void
test_who (void)
{
  Credentials owner = join (server->link, NULL);
  g_autoptr(GBytes) png = png_bytes (4);
  g_autofree char *name = confer_blob_name_for (png);
  g_autoptr(ConferClient) client = confer_test_client_new (server->link, "Owner");
  g_autofree char *viewer_link = confer_test_invite (client, "viewer", 0, 0, NULL);
  Credentials viewer = join (viewer_link, NULL);
  Credentials stranger;
  g_autofree char *other_session = NULL;
  Answer answer;

  g_clear_object (&client);
  answer = request ("PUT", name, &owner, png, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  answer_clear (&answer);
  answer = request ("PUT", name, &viewer, png, NULL);
  assert_refused (&answer, SOUP_STATUS_FORBIDDEN, "forbidden");
  answer = request ("GET", name, &viewer, NULL, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  answer_clear (&answer);

  other_session = confer_test_server_add_session (server);
  stranger = join (other_session, NULL);
  answer = request ("GET", name, &stranger, NULL, NULL);
  assert_refused (&answer, SOUP_STATUS_NOT_FOUND, "unknown-blob");
  /* Once they upload the bytes themselves, their session has it. */
  answer = request ("PUT", name, &stranger, png, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  answer_clear (&answer);
  answer = request ("GET", name, &stranger, NULL, NULL);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (answer.body, png));
  answer_clear (&answer);
  credentials_clear (&owner);
  credentials_clear (&viewer);
  credentials_clear (&stranger);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = confer_test_server_start (TRUE);
  http = soup_session_new ();

  g_test_add_func ("/blobs/upload-and-fetch", test_upload_and_fetch);
  g_test_add_func ("/blobs/ogg-opus", test_ogg_opus);
  g_test_add_func ("/blobs/refusals", test_refusals);
  g_test_add_func ("/blobs/who", test_who);

  status = g_test_run ();
  g_object_unref (http);
  confer_test_server_free (server);
  return status;
}
