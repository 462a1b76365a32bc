/* test-hostile-server.c: a fake session server sending what a broken or
 * hostile one could (frames nested up to 2,000,000 deep, welcomes missing
 * members, operations out of order) to the client library the app and
 * confer-cli use, and to confer-cli itself: each reports a clear error and
 * is refused or reconnects, and nothing crashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "confer-test-nested.h"
#include "confer-test-server.h"

#define SESSION "FakeSessionAAAAAAAAA"
#define INVITE  "FakeInviteAAAAAAAAAAAA"
#define DOC     "FakeDocumentAAAA"

#define WELCOME "{\"type\": \"welcome\", \"version\": 1, \"session\": {\"id\": \"" SESSION "\", \"title\": \"Fake\"}, " \
                "\"you\": {\"id\": \"FakeParticipantA\", \"name\": \"Ann\", \"colour\": \"#3584e4\", " \
                "\"role\": \"editor\", \"online\": true}, \"token\": \"FakeTokenAAAAAAAAAAAAA\", " \
                "\"participants\": [], \"docs\": [{\"id\": \"" DOC "\", \"title\": \"Notes\"}]}"

/* What the fake server answers. */
typedef struct
{
  char       *to_hello;     /* the answer to hello */
  char       *after_open;   /* sent after the first doc.open's snapshot */
  guint       connections;
  guint       opens;
  SoupServer *soup;
  guint       port;
} FakeServer;

static void
fake_send_snapshot (SoupWebsocketConnection *conn,
                    ConferMessage           *open,
                    guint64                  revision,
                    const char              *text)
{
  g_autofree char *snapshot = g_strdup_printf ("{\"type\": \"doc.snapshot\", \"txn\": \"%s\", \"doc\": \"" DOC "\", "
                                               "\"rev\": %" G_GUINT64_FORMAT ", \"text\": \"%s\"}",
                                               confer_message_get_txn (open), revision, text);

  soup_websocket_connection_send_text (conn, snapshot);
}

static void
fake_message_cb (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *bytes,
                 gpointer                 data)
{
  FakeServer *self = data;
  g_autoptr(ConferMessage) message = confer_message_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                            G_MAXSIZE, NULL);
  const char *type_name = message != NULL ? confer_message_get_type_name (message) : "";

  if (g_str_equal (type_name, "hello"))
    soup_websocket_connection_send_text (conn, self->to_hello);
  else if (g_str_equal (type_name, "doc.open") && ++self->opens == 1)
    {
      fake_send_snapshot (conn, message, 1, "first");
      if (self->after_open != NULL)
        soup_websocket_connection_send_text (conn, self->after_open);
    }
  else if (g_str_equal (type_name, "doc.open"))
    fake_send_snapshot (conn, message, 3, "served");
}

static void
fake_closed_cb (SoupWebsocketConnection *conn,
                gpointer                 data)
{
  g_object_unref (conn);
}

static void
fake_websocket_cb (SoupServer              *soup,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *conn,
                   gpointer                 data)
{
  FakeServer *self = data;

  self->connections++;
  soup_websocket_connection_set_max_incoming_payload_size (conn, 0);
  g_signal_connect (g_object_ref (conn), "message", G_CALLBACK (fake_message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (fake_closed_cb), NULL);
}

static FakeServer *
fake_server_new (char *to_hello,
                 char *after_open)
{
  FakeServer *self = g_new0 (FakeServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  self->to_hello = to_hello;
  self->after_open = after_open;
  self->soup = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, NULL, fake_websocket_cb, self, NULL);
  soup_server_listen_local (self->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->soup);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return self;
}

static char *
fake_server_link (FakeServer *self)
{
  return g_strdup_printf ("confer://127.0.0.1:%u/" SESSION "?invite=" INVITE, self->port);
}

static void
fake_server_free (FakeServer *self)
{
  soup_server_disconnect (self->soup);
  g_object_unref (self->soup);
  g_free (self->to_hello);
  g_free (self->after_open);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

static ConferClient *
client_for (FakeServer *fake)
{
  g_autofree char *link = fake_server_link (fake);
  g_autoptr(ConferLink) parsed = confer_link_parse (link, NULL);
  ConferClient *client;

  g_assert_nonnull (parsed);
  client = confer_client_new (parsed, "Ann");
  confer_client_connect (client);
  return client;
}

typedef struct
{
  const char        *name;
  ConferTestNesting  nesting;
  guint              levels;
} DeepRow;

static const DeepRow deep_rows[] = {
  { "arrays-1000",     CONFER_TEST_NESTING_ARRAYS,  1000 },
  { "objects-1000",    CONFER_TEST_NESTING_OBJECTS, 1000 },
  { "mixed-1000",      CONFER_TEST_NESTING_MIXED,   1000 },
  { "arrays-100000",   CONFER_TEST_NESTING_ARRAYS,  100000 },
  { "objects-100000",  CONFER_TEST_NESTING_OBJECTS, 100000 },
  { "mixed-100000",    CONFER_TEST_NESTING_MIXED,   100000 },
  { "arrays-2000000",  CONFER_TEST_NESTING_ARRAYS,  2000000 },
  { "objects-2000000", CONFER_TEST_NESTING_OBJECTS, 2000000 },
  { "mixed-2000000",   CONFER_TEST_NESTING_MIXED,   2000000 },
};

/* A deep frame instead of welcome: the client is refused, saying why. */
static void
test_deep_welcome (gconstpointer data)
{
  const DeepRow *row = data;
  g_autoptr(FakeServer) fake = fake_server_new (confer_test_nested_json (row->nesting, row->levels), NULL);
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("confer-connection", G_LOG_LEVEL_WARNING, "*more than 32 levels deep*");
  client = client_for (fake);
  g_assert_false (confer_client_wait_online (client, 15000, &error));
  g_test_assert_expected_messages ();
  g_assert_cmpint (confer_client_get_state (client), ==, CONFER_CONNECTION_REFUSED);
  g_assert_cmpstr (confer_client_get_refusal_code (client), ==, "bad-server");
  g_assert_nonnull (strstr (confer_client_get_refusal (client), "more than 32 levels deep"));
}

/* A welcome without the members a client needs is refused the same way. */
static void
test_welcome_missing_members (void)
{
  static const char *welcomes[] = {
    "{\"type\": \"welcome\"}",
    "{\"type\": \"welcome\", \"session\": 7, \"you\": {}, \"participants\": [], \"docs\": []}",
    "{\"type\": \"welcome\", \"session\": {\"id\": \"a\", \"title\": \"b\"}, \"you\": {\"id\": \"x\"}, "
    "\"participants\": [], \"docs\": []}",
    "{\"type\": \"welcome\", \"session\": {\"id\": \"a\", \"title\": \"b\"}, "
    "\"you\": {\"id\": \"x\", \"name\": \"n\", \"colour\": \"#000000\", \"role\": \"owner\"}, "
    "\"participants\": [], \"docs\": [{\"id\": 5}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (welcomes); i++)
    {
      g_autoptr(FakeServer) fake = fake_server_new (g_strdup (welcomes[i]), NULL);
      g_autoptr(ConferClient) client = NULL;
      g_autoptr(GError) error = NULL;

      g_test_expect_message ("confer-connection", G_LOG_LEVEL_WARNING, "*\"welcome\"*is missing or malformed*");
      client = client_for (fake);
      g_assert_false (confer_client_wait_online (client, 15000, &error));
      g_test_assert_expected_messages ();
      g_assert_cmpstr (confer_client_get_refusal_code (client), ==, "bad-server");
    }
}

/* After welcome a broken frame (nested 100,000 deep, or an operation that
 * does not follow the client's revision) makes the client start afresh: it
 * warns, reconnects, opens the document again and gets the server's text. */
static void
test_reconnects (gconstpointer data)
{
  gboolean deep = GPOINTER_TO_INT (data);
  char *bad = deep ? confer_test_nested_json (CONFER_TEST_NESTING_MIXED, 100000)
                   : g_strdup ("{\"type\": \"doc.op\", \"doc\": \"" DOC "\", \"rev\": 9, "
                               "\"op\": [\"zz\"], \"author\": \"Other\", \"txn\": \"t\"}");
  g_autoptr(FakeServer) fake = fake_server_new (g_strdup (WELCOME), bad);
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ConferClientDoc *doc;
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  g_test_expect_message ("confer-connection", G_LOG_LEVEL_WARNING,
                         deep ? "*more than 32 levels deep*" : "*revision 9 came after revision 1*");
  client = client_for (fake);
  g_assert_true (confer_client_wait_online (client, 15000, &error));
  g_assert_no_error (error);
  doc = confer_client_open_doc (client, DOC);
  while ((fake->opens < 2 || confer_client_doc_get_revision (doc) != 3) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fake->connections, ==, 2);
  g_assert_cmpint (confer_client_get_state (client), ==, CONFER_CONNECTION_ONLINE);
  g_assert_cmpuint (confer_client_doc_get_revision (doc), ==, 3);
  text = confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
  g_assert_cmpstr (text, ==, "served");
}

static void
cli_exited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* `confer-cli cat` against a server that answers hello with a frame nested
 * 100,000 deep: it exits with status 1 and says why. */
static void
test_cli_cat (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (confer_test_nested_json (CONFER_TEST_NESTING_ARRAYS, 100000), NULL);
  g_autofree char *link = fake_server_link (fake);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  gboolean exited = FALSE;
  g_autofree char *stderr_text = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_tmp_dir (), TRUE);
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CONFER_CLI"), "cat", link, "Notes", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (cli, NULL, cli_exited_cb, &exited);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 1);
  g_subprocess_communicate (cli, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  stderr_text = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  g_test_message ("confer-cli: %s", stderr_text);
  g_assert_nonnull (strstr (stderr_text, "confer-cli cat: The server sent a message this client cannot use"));
  g_assert_nonnull (strstr (stderr_text, "more than 32 levels deep"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (deep_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/hostile-server/deep-welcome/%s", deep_rows[i].name);

      g_test_add_data_func (path, &deep_rows[i], test_deep_welcome);
    }
  g_test_add_func ("/client/hostile-server/welcome-missing-members", test_welcome_missing_members);
  g_test_add_data_func ("/client/hostile-server/reconnects/deep", GINT_TO_POINTER (TRUE), test_reconnects);
  g_test_add_data_func ("/client/hostile-server/reconnects/revision-gap", GINT_TO_POINTER (FALSE), test_reconnects);
  g_test_add_func ("/client/hostile-server/cli-cat", test_cli_cat);
  return g_test_run ();
}
