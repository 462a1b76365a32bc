/* test-hostile-frames.c: deeply nested frames and what a connection may do
 * before welcome, against a real conferd, while another participant types
 * into a document throughout and must see every operation acknowledged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "confer-test-nested.h"
#include "confer-test-server.h"

static ConferTestServer *server;
static char *session_id;
static char *invite;

/* One participant typing into a document from its own thread. */
typedef struct
{
  char   *doc_id;
  gint    stop;
  guint   typed;
  guint   acked;
  char   *text;
} Typist;

static void
acked_cb (ConferClientDoc *doc,
          guint64          revision,
          guint64          latency,
          gpointer         data)
{
  ((Typist *) data)->acked++;
}

static gpointer
typist_main (gpointer data)
{
  Typist *typist = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClient) client = NULL;
  ConferClientDoc *doc;

  g_main_context_push_thread_default (context);
  client = confer_test_client_new (server->link, "Typist");
  doc = confer_client_open_doc (client, typist->doc_id);
  confer_client_doc_wait (doc, FALSE, 15000, &error);
  g_assert_no_error (error);
  g_signal_connect (doc, "acked", G_CALLBACK (acked_cb), typist);
  while (!g_atomic_int_get (&typist->stop))
    {
      g_autoptr(ConferTextOp) op = confer_text_op_new_insert (typist->typed, "x", -1);

      confer_client_doc_apply_local (doc, op, &error);
      g_assert_no_error (error);
      typist->typed++;
      confer_client_doc_wait (doc, TRUE, 15000, &error);
      g_assert_no_error (error);
    }
  typist->text = confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
  g_signal_handlers_disconnect_by_data (doc, typist);
  g_main_context_pop_thread_default (context);
  return NULL;
}

typedef struct
{
  const char        *name;
  ConferTestNesting  nesting;
  guint              levels;
  gboolean           welcomed;    /* sent after welcome, or as the first frame */
  const char        *code;        /* the error answered, or NULL for none */
  gushort            close_code;  /* 0: the connection stays open */
} DeepRow;

/* Frame sizes: 2 bytes a level for arrays, 6 for objects, 4 mixed. Before
 * welcome anything over 64 KiB is closed unread (1009); after, over 1 MiB
 * is too-large (the connection kept) and over 4 MiB is closed unread. A
 * frame read and found too deep is refused and its connection closed. */
static const DeepRow deep_rows[] = {
  { "before-hello/arrays-1000",        CONFER_TEST_NESTING_ARRAYS,  1000,    FALSE, "too-deep",  1008 },
  { "before-hello/objects-1000",       CONFER_TEST_NESTING_OBJECTS, 1000,    FALSE, "too-deep",  1008 },
  { "before-hello/mixed-1000",         CONFER_TEST_NESTING_MIXED,   1000,    FALSE, "too-deep",  1008 },
  { "before-hello/arrays-100000",      CONFER_TEST_NESTING_ARRAYS,  100000,  FALSE, NULL,        1009 },
  { "before-hello/objects-100000",     CONFER_TEST_NESTING_OBJECTS, 100000,  FALSE, NULL,        1009 },
  { "before-hello/mixed-100000",       CONFER_TEST_NESTING_MIXED,   100000,  FALSE, NULL,        1009 },
  { "before-hello/arrays-2000000",     CONFER_TEST_NESTING_ARRAYS,  2000000, FALSE, NULL,        1009 },
  { "before-hello/objects-2000000",    CONFER_TEST_NESTING_OBJECTS, 2000000, FALSE, NULL,        1009 },
  { "before-hello/mixed-2000000",      CONFER_TEST_NESTING_MIXED,   2000000, FALSE, NULL,        1009 },
  { "after-hello/arrays-1000",         CONFER_TEST_NESTING_ARRAYS,  1000,    TRUE,  "too-deep",  1008 },
  { "after-hello/objects-1000",        CONFER_TEST_NESTING_OBJECTS, 1000,    TRUE,  "too-deep",  1008 },
  { "after-hello/mixed-1000",          CONFER_TEST_NESTING_MIXED,   1000,    TRUE,  "too-deep",  1008 },
  { "after-hello/arrays-100000",       CONFER_TEST_NESTING_ARRAYS,  100000,  TRUE,  "too-deep",  1008 },
  { "after-hello/objects-100000",      CONFER_TEST_NESTING_OBJECTS, 100000,  TRUE,  "too-deep",  1008 },
  { "after-hello/mixed-100000",        CONFER_TEST_NESTING_MIXED,   100000,  TRUE,  "too-deep",  1008 },
  { "after-hello/arrays-2000000",      CONFER_TEST_NESTING_ARRAYS,  2000000, TRUE,  "too-large", 0 },
  { "after-hello/objects-2000000",     CONFER_TEST_NESTING_OBJECTS, 2000000, TRUE,  NULL,        1009 },
  { "after-hello/mixed-2000000",       CONFER_TEST_NESTING_MIXED,   2000000, TRUE,  NULL,        1009 },
};

static char *
hello_frame (const char *pad)
{
  return g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"Mallory\", \"session\": \"%s\", "
                          "\"invite\": \"%s\"%s}", session_id, invite, pad);
}

static ConferTestSocket *
socket_welcomed (void)
{
  ConferTestSocket *socket = confer_test_socket_new (server);
  g_autofree char *hello = hello_frame ("");
  g_autoptr(ConferMessage) welcome = confer_test_socket_hello (socket, hello);

  return socket;
}

/* The next error, skipping events; NULL if the connection closed first. */
static ConferMessage *
next_error (ConferTestSocket *socket)
{
  ConferMessage *answer;

  while ((answer = confer_test_socket_next (socket)) != NULL &&
         !g_str_equal (confer_message_get_type_name (answer), "error"))
    confer_message_unref (answer);
  return answer;
}

static void
assert_answers (ConferTestSocket *socket)
{
  g_autoptr(ConferMessage) pong = NULL;

  confer_test_socket_send (socket, "{\"type\": \"ping\", \"txn\": \"still-there\"}");
  while ((pong = confer_test_socket_next (socket)) != NULL &&
         !g_str_equal (confer_message_get_type_name (pong), "pong"))
    g_clear_pointer (&pong, confer_message_unref);
  g_assert_nonnull (pong);
}

static void
test_deep_row (gconstpointer data)
{
  const DeepRow *row = data;
  g_autoptr(ConferTestSocket) socket = row->welcomed ? socket_welcomed () : confer_test_socket_new (server);
  g_autofree char *frame = confer_test_nested_json (row->nesting, row->levels);
  g_autoptr(ConferMessage) error = NULL;

  g_test_message ("%zu bytes", strlen (frame));
  confer_test_socket_send (socket, frame);
  if (row->code != NULL)
    {
      error = next_error (socket);
      g_assert_nonnull (error);
      g_test_message ("-> %s", json_object_get_string_member (confer_message_get_object (error), "message"));
      g_assert_cmpstr (json_object_get_string_member (confer_message_get_object (error), "code"), ==, row->code);
    }
  if (row->close_code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    {
      /* Closed unread: the close frame may be lost to the reset. */
      gushort code = confer_test_socket_wait_closed (socket);

      g_assert_true (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG || code == SOUP_WEBSOCKET_CLOSE_ABNORMAL);
    }
  else if (row->close_code != 0)
    g_assert_cmpuint (confer_test_socket_wait_closed (socket), ==, row->close_code);
  else
    assert_answers (socket);
  /* Whatever happened to this connection, the server serves new ones. */
  confer_test_socket_free (socket_welcomed ());
}

/* A binary frame before welcome is refused and closes the connection, so
 * the hello after it is never answered. */
static void
test_second_frame (void)
{
  g_autoptr(ConferTestSocket) socket = confer_test_socket_new (server);
  g_autofree char *hello = hello_frame ("");
  g_autoptr(ConferMessage) error = NULL;
  g_autoptr(ConferMessage) after = NULL;

  confer_test_socket_send_binary (socket, "\x01\x02", 2);
  confer_test_socket_send (socket, hello);
  error = confer_test_socket_next (socket);
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (confer_message_get_object (error), "code"), ==, "bad-json");
  g_assert_cmpuint (confer_test_socket_wait_closed (socket), ==, 1008);
  after = confer_test_socket_next (socket);
  g_assert_null (after);
}

/* A hello of exactly 64 KiB is read; one of 65 KiB is closed unread. */
static void
test_hello_size (void)
{
  for (guint kib = 64; kib <= 65; kib++)
    {
      g_autoptr(ConferTestSocket) socket = confer_test_socket_new (server);
      g_autofree char *bare = hello_frame (", \"pad\": \"\"");
      g_autoptr(GString) pad = g_string_new (", \"pad\": \"");
      g_autofree char *hello = NULL;

      while (strlen (bare) + pad->len - strlen (", \"pad\": \"") < kib * 1024)
        g_string_append_c (pad, 'p');
      g_string_append_c (pad, '"');
      hello = hello_frame (pad->str);
      g_assert_cmpuint (strlen (hello), ==, kib * 1024);
      if (kib == 64)
        {
          g_autoptr(ConferMessage) welcome = NULL;

          confer_test_socket_send (socket, hello);
          welcome = confer_test_socket_next (socket);
          g_assert_nonnull (welcome);
          g_assert_cmpstr (confer_message_get_type_name (welcome), ==, "welcome");
        }
      else
        {
          gushort code;

          confer_test_socket_send (socket, hello);
          code = confer_test_socket_wait_closed (socket);
          g_assert_true (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG || code == SOUP_WEBSOCKET_CLOSE_ABNORMAL);
        }
    }
}

/* A connection that never says hello is closed after 10 s. */
static void
test_silent (void)
{
  g_autoptr(ConferTestSocket) socket = confer_test_socket_new (server);

  g_assert_cmpuint (confer_test_socket_wait_closed (socket), ==, 1008);
}

/* A participant whose connection goes silent (a machine gone without
 * closing it) is closed after the idle timeout and turns away for the
 * others; one that keeps talking stays. */
static void
test_idle_participant_goes_away (void)
{
  g_autoptr(ConferTestServer) idle_server = confer_test_server_start_idle (3);
  g_autoptr(ConferClient) owner = confer_test_client_new (idle_server->link, "Owner");
  g_autofree char *link = confer_test_invite (owner, "editor", 0, 0, NULL);
  g_autoptr(ConferLink) parsed = confer_link_parse (link, NULL);
  g_autoptr(ConferTestSocket) sleepy = confer_test_socket_new (idle_server);
  g_autoptr(ConferTestSocket) watcher = confer_test_socket_new (idle_server);
  g_autofree char *sleepy_hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"Sleepy\", "
                                                   "\"session\": \"%s\", \"invite\": \"%s\"}",
                                                   parsed->session, parsed->invite);
  g_autofree char *watcher_hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"Watcher\", "
                                                    "\"session\": \"%s\", \"invite\": \"%s\"}",
                                                    parsed->session, parsed->invite);
  g_autoptr(ConferMessage) sleepy_welcome = confer_test_socket_hello (sleepy, sleepy_hello);
  g_autoptr(ConferMessage) watcher_welcome = confer_test_socket_hello (watcher, watcher_hello);
  const char *sleepy_id = json_object_get_string_member (
    json_object_get_object_member (confer_message_get_object (sleepy_welcome), "you"), "id");
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  gboolean left = FALSE;

  /* The watcher pings twice a second (well within the 3 s, even on a
   * loaded machine); Sleepy says nothing. */
  g_clear_object (&owner);
  while (!left && g_get_monotonic_time () < deadline)
    {
      g_autoptr(ConferMessage) message = NULL;

      confer_test_socket_send (watcher, "{\"type\": \"ping\"}");
      message = confer_test_socket_next (watcher);
      g_assert_nonnull (message);
      if (g_str_equal (confer_message_get_type_name (message), "participant.left"))
        left = g_strcmp0 (json_object_get_string_member (json_object_get_object_member (
                            confer_message_get_object (message), "participant"), "id"), sleepy_id) == 0;
      g_usleep (G_USEC_PER_SEC / 2);
    }
  g_assert_true (left);
  g_assert_cmpuint (confer_test_socket_wait_closed (sleepy), ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_true (confer_test_socket_is_open (watcher));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClient) owner = NULL;
  g_autofree char *editor_link = NULL;
  g_autoptr(ConferLink) parsed = NULL;
  Typist typist = { 0 };
  GThread *thread;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_client_new (server->link, "Owner");
  typist.doc_id = confer_test_create_doc (owner, "Typing");
  editor_link = confer_test_invite (owner, "editor", 0, 0, NULL);
  parsed = confer_link_parse (editor_link, &error);
  g_assert_no_error (error);
  session_id = g_strdup (parsed->session);
  invite = g_strdup (parsed->invite);

  for (guint i = 0; i < G_N_ELEMENTS (deep_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/deep/%s", deep_rows[i].name);

      g_test_add_data_func (path, &deep_rows[i], test_deep_row);
    }
  g_test_add_func ("/server/before-welcome/second-frame", test_second_frame);
  g_test_add_func ("/server/before-welcome/hello-size", test_hello_size);
  g_test_add_func ("/server/before-welcome/silent", test_silent);
  g_test_add_func ("/server/idle/participant-goes-away", test_idle_participant_goes_away);

  thread = g_thread_new ("typist", typist_main, &typist);
  status = g_test_run ();
  g_atomic_int_set (&typist.stop, 1);
  g_thread_join (thread);

  /* Every operation the typist sent was acknowledged and is in the text. */
  g_test_message ("typist: %u operations typed, %u acknowledged", typist.typed, typist.acked);
  if (status == 0 && (typist.typed == 0 || typist.acked != typist.typed ||
                      strlen (typist.text) != typist.typed))
    {
      g_printerr ("typist: %u typed, %u acknowledged, %zu in the text\n",
                  typist.typed, typist.acked, strlen (typist.text));
      status = 1;
    }

  g_free (typist.doc_id);
  g_free (typist.text);
  confer_test_server_free (server);
  g_free (session_id);
  g_free (invite);
  return status;
}
