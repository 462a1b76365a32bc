/* test-server-protocol.c: every row of docs/protocol.md's bad-input table
 * against a real conferd: the documented error code, nothing stored, the
 * connection (where the table says so) and everyone else still served
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

static ConferTestServer *server;
static ConferClient *owner;        /* an editor of the document, watching */
static ConferClientDoc *watched;
static char *doc_id;
static char *session_id;
static char *invite;               /* an editor invite token */

#define DOC_TEXT "héllo 😀 wörld"

/* Each frame is sent after hello; @DOC@ stands for the document id. */
static const ConferTestBadRow rows[] = {
  { "malformed-json",      "{\"type\": \"ping\"",                                        "bad-json" },
  { "empty-frame",         "",                                                           "bad-json" },
  { "not-an-object",       "[1, 2, 3]",                                                  "bad-json" },
  { "nul-escape",          "{\"type\": \"doc.create\", \"title\": \"a\\u0000b\"}",       "bad-json" },
  { "missing-type",        "{\"txn\": \"1\"}",                                           "bad-message" },
  { "type-not-string",     "{\"type\": 7}",                                              "bad-message" },
  { "txn-not-string",      "{\"type\": \"ping\", \"txn\": 5}",                           "bad-message" },
  { "txn-too-long",        "{\"type\": \"ping\", \"txn\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", "bad-message" },
  { "unknown-type",        "{\"type\": \"doc.explode\", \"txn\": \"u\"}",                "unknown-type" },
  { "second-hello",        "{\"type\": \"hello\", \"version\": 1, \"session\": \"x\"}",  "not-authenticated" },
  { "rev-wrong-type",      "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": \"0\", \"op\": [\"x\"], \"txn\": \"a\"}", "bad-message" },
  { "rev-negative",        "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": -1, \"op\": [\"x\"], \"txn\": \"a\"}", "bad-message" },
  { "op-missing-txn",      "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": 0, \"op\": [\"x\"]}", "bad-message" },
  { "op-malformed",        "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": 0, \"op\": [0, \"x\"], \"txn\": \"b\"}", "bad-op" },
  { "op-not-array",        "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": 0, \"op\": \"x\", \"txn\": \"c\"}", "bad-op" },
  { "op-out-of-range",     "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": 1, \"op\": [500, \"x\"], \"txn\": \"d\"}", "op-out-of-range" },
  { "delete-mismatch",     "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": 1, \"op\": [{\"d\": \"hello\"}], \"txn\": \"e\"}", "op-out-of-range" },
  { "revision-ahead",      "{\"type\": \"doc.op\", \"doc\": \"@DOC@\", \"rev\": 99, \"op\": [\"x\"], \"txn\": \"f\"}", "revision-ahead" },
  { "unknown-doc",         "{\"type\": \"doc.op\", \"doc\": \"nosuchdocumentxx\", \"rev\": 0, \"op\": [\"x\"], \"txn\": \"g\"}", "unknown-doc" },
  { "open-unknown-doc",    "{\"type\": \"doc.open\", \"doc\": \"nosuchdocumentxx\", \"txn\": \"h\"}", "unknown-doc" },
  { "open-revision-ahead", "{\"type\": \"doc.open\", \"doc\": \"@DOC@\", \"rev\": 99, \"txn\": \"i\"}", "revision-ahead" },
  { "title-empty",         "{\"type\": \"doc.create\", \"title\": \"\", \"txn\": \"j\"}", "bad-message" },
  { "title-control-char",  "{\"type\": \"doc.create\", \"title\": \"a\\nb\", \"txn\": \"k\"}", "bad-message" },
  { "rename-unknown-doc",  "{\"type\": \"doc.rename\", \"doc\": \"nosuchdocumentxx\", \"title\": \"t\", \"txn\": \"l\"}", "unknown-doc" },
  { "presence-not-open",   "{\"type\": \"presence\", \"doc\": \"@DOC@\", \"rev\": 1, \"anchor\": 0, \"head\": 0, \"txn\": \"m\"}", "unknown-doc" },
  { "forbidden-invite",    "{\"type\": \"invite.create\", \"role\": \"owner\", \"txn\": \"n\"}", "forbidden" },
};

static ConferTestSocket *
socket_welcomed (void)
{
  ConferTestSocket *socket = confer_test_socket_new (server);
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"Mallory\", "
                                            "\"session\": \"%s\", \"invite\": \"%s\"}", session_id, invite);
  g_autoptr(ConferMessage) welcome = confer_test_socket_hello (socket, hello);

  return socket;
}

static void
assert_still_served (ConferTestSocket *socket)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) pong = NULL;
  g_autofree char *text = NULL;
  g_autoptr(ConferMessage) reply = NULL;
  JsonArray *docs;

  /* The connection still answers. */
  if (socket != NULL)
    {
      confer_test_socket_send (socket, "{\"type\": \"ping\", \"txn\": \"still-there\"}");
      do
        {
          g_clear_pointer (&pong, confer_message_unref);
          pong = confer_test_socket_next (socket);
          g_assert_nonnull (pong);
        }
      while (!g_str_equal (confer_message_get_type_name (pong), "pong"));
    }

  /* Everyone else is served, the text and the document list are as they were. */
  reply = confer_test_request (owner, "{\"type\": \"doc.list\"}", &error);
  g_assert_no_error (error);
  docs = json_object_get_array_member (confer_message_get_object (reply), "docs");
  g_assert_cmpuint (json_array_get_length (docs), ==, 1);
  text = confer_rope_to_string (confer_client_doc_get_rope (watched), NULL);
  g_assert_cmpstr (text, ==, DOC_TEXT);
  g_assert_cmpuint (confer_client_doc_get_revision (watched), ==, 1);
}

static void
test_bad_row (gconstpointer data)
{
  const ConferTestBadRow *row = data;
  g_autoptr(ConferTestSocket) socket = socket_welcomed ();
  g_autoptr(GString) frame = g_string_new (row->frame);

  g_string_replace (frame, "@DOC@", doc_id, 0);
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, row->code);
  assert_still_served (socket);
}

static void
test_binary_frame (void)
{
  g_autoptr(ConferTestSocket) socket = socket_welcomed ();

  confer_test_socket_send_binary (socket, "\x01\x02\x03", 3);
  confer_test_socket_expect_error (socket, "bad-json");
  assert_still_served (socket);
}

static void
test_oversize_frame (void)
{
  g_autoptr(ConferTestSocket) socket = socket_welcomed ();
  g_autoptr(GString) frame = g_string_new ("{\"type\": \"ping\", \"pad\": \"");

  while (frame->len < CONFER_PROTOCOL_MAX_FRAME + 100)
    g_string_append (frame, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (frame, "\"}");
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, "too-large");
  assert_still_served (socket);
}

static void
test_oversize_op (void)
{
  g_autoptr(ConferTestSocket) socket = socket_welcomed ();
  g_autoptr(GString) frame = g_string_new (NULL);

  g_string_printf (frame, "{\"type\": \"doc.op\", \"doc\": \"%s\", \"rev\": 1, \"txn\": \"big\", \"op\": [\"", doc_id);
  for (guint i = 0; i < CONFER_PROTOCOL_MAX_OP_BYTES / 8 + 10; i++)
    g_string_append (frame, "abcdefgh");
  g_string_append (frame, "\"]}");
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, "too-large");
  assert_still_served (socket);
}

static void
test_flood (void)
{
  g_autoptr(ConferTestSocket) socket = socket_welcomed ();
  guint limited = 0, pongs = 0, sent = 0;

  /* Far faster than the sustained rate, until the bucket runs dry: every
   * message is answered, the excess with rate-limited and its txn. */
  while (limited == 0 && sent < 20 * CONFER_PROTOCOL_BURST)
    {
      for (guint i = 0; i < CONFER_PROTOCOL_BURST / 4; i++, sent++)
        confer_test_socket_send (socket, "{\"type\": \"ping\", \"txn\": \"f\"}");
      while (pongs + limited < sent)
        {
          g_autoptr(ConferMessage) answer = confer_test_socket_next (socket);

          g_assert_nonnull (answer);
          if (g_str_equal (confer_message_get_type_name (answer), "pong"))
            pongs++;
          else if (g_str_equal (confer_message_get_type_name (answer), "error"))
            {
              g_assert_cmpstr (json_object_get_string_member (confer_message_get_object (answer), "code"), ==,
                               "rate-limited");
              g_assert_cmpstr (confer_message_get_txn (answer), ==, "f");
              limited++;
            }
        }
    }
  g_test_message ("flood: %u answered, %u rate-limited", pongs, limited);
  g_assert_cmpuint (limited, >, 0);
  assert_still_served (NULL);
}

/* Before welcome the answer is an error and the server closes. */
typedef struct
{
  const char *name;
  const char *frame;   /* @SESSION@ and @INVITE@ stand for the session and an invite */
  const char *code;
} HelloRow;

static const HelloRow hello_rows[] = {
  { "message-before-hello", "{\"type\": \"doc.list\"}",                                         "not-authenticated" },
  { "malformed-hello",      "{\"type\": \"hello\"",                                             "bad-json" },
  { "wrong-version",        "{\"type\": \"hello\", \"version\": 9, \"session\": \"@SESSION@\", \"invite\": \"@INVITE@\"}", "unsupported-version" },
  { "unknown-session",      "{\"type\": \"hello\", \"version\": 1, \"session\": \"AAAAAAAAAAAAAAAAAAAA\", \"invite\": \"AAAAAAAAAAAAAAAAAAAAAA\"}", "unknown-session" },
  { "unknown-invite",       "{\"type\": \"hello\", \"version\": 1, \"name\": \"x\", \"session\": \"@SESSION@\", \"invite\": \"AAAAAAAAAAAAAAAAAAAAAA\"}", "invalid-invite" },
  { "no-credentials",       "{\"type\": \"hello\", \"version\": 1, \"name\": \"x\", \"session\": \"@SESSION@\"}", "invalid-invite" },
  { "unknown-token",        "{\"type\": \"hello\", \"version\": 1, \"session\": \"@SESSION@\", \"token\": \"AAAAAAAAAAAAAAAAAAAAAA\"}", "invalid-token" },
  { "invite-without-name",  "{\"type\": \"hello\", \"version\": 1, \"session\": \"@SESSION@\", \"invite\": \"@INVITE@\"}", "bad-message" },
  { "bad-colour",           "{\"type\": \"hello\", \"version\": 1, \"name\": \"x\", \"colour\": \"red\", \"session\": \"@SESSION@\", \"invite\": \"@INVITE@\"}", "bad-message" },
};

static void
test_hello_row (gconstpointer data)
{
  const HelloRow *row = data;
  g_autoptr(ConferTestSocket) socket = confer_test_socket_new (server);
  g_autoptr(GString) frame = g_string_new (row->frame);
  gint64 deadline;

  g_string_replace (frame, "@SESSION@", session_id, 0);
  g_string_replace (frame, "@INVITE@", invite, 0);
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, row->code);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (confer_test_socket_is_open (socket) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (confer_test_socket_is_open (socket));
  assert_still_served (NULL);
}

/* A new participant may ask for a colour; it is theirs, written in lower
 * case, in their welcome and in everyone's participant list. */
static void
test_hello_colour (void)
{
  g_autoptr(ConferTestSocket) socket = confer_test_socket_new (server);
  g_autofree char *frame = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"Cy\", \"colour\": \"#A1B2C3\", "
                                            "\"session\": \"%s\", \"invite\": \"%s\"}", session_id, invite);
  g_autoptr(ConferMessage) welcome = confer_test_socket_hello (socket, frame);
  JsonObject *you;

  you = json_object_get_object_member (confer_message_get_object (welcome), "you");
  g_assert_cmpstr (json_object_get_string_member (you, "name"), ==, "Cy");
  g_assert_cmpstr (json_object_get_string_member (you, "colour"), ==, "#a1b2c3");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;
  g_autofree char *editor_link = NULL;
  g_autoptr(ConferLink) parsed = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_client_new (server->link, "Owner");
  doc_id = confer_test_create_doc (owner, "Notes");
  watched = confer_client_open_doc (owner, doc_id);
  confer_client_doc_wait (watched, FALSE, 15000, &error);
  g_assert_no_error (error);
  op = confer_text_op_new_insert (0, DOC_TEXT, -1);
  confer_client_doc_apply_local (watched, op, &error);
  confer_client_doc_wait (watched, TRUE, 15000, &error);
  g_assert_no_error (error);

  editor_link = confer_test_invite (owner, "editor", 0, 0, NULL);
  parsed = confer_link_parse (editor_link, &error);
  g_assert_no_error (error);
  session_id = g_strdup (parsed->session);
  invite = g_strdup (parsed->invite);

  confer_test_add_bad_rows ("/server", rows, G_N_ELEMENTS (rows), test_bad_row);
  g_test_add_func ("/server/bad-input/binary-frame", test_binary_frame);
  g_test_add_func ("/server/bad-input/oversize-frame", test_oversize_frame);
  g_test_add_func ("/server/bad-input/oversize-op", test_oversize_op);
  g_test_add_func ("/server/bad-input/flood", test_flood);
  g_test_add_func ("/server/hello/colour", test_hello_colour);
  for (guint i = 0; i < G_N_ELEMENTS (hello_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/bad-hello/%s", hello_rows[i].name);

      g_test_add_data_func (path, &hello_rows[i], test_hello_row);
    }

  status = g_test_run ();
  g_clear_object (&owner);
  confer_test_server_free (server);
  g_free (doc_id);
  g_free (session_id);
  g_free (invite);
  return status;
}
