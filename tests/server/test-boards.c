/* test-boards.c: boards through a real conferd, over raw connections:
 * ordering, fan-out, acknowledgement, txn deduplication, durability
 * across kill -9, every bad-input row of docs/protocol.md's board table,
 * roles, the element limit and presence coalescing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

static ConferTestServer *server;
static char *session_id;
static char *owner_invite;
static char **reader_invites;     /* commenter, viewer, guest */
static const char *const reader_roles[3] = { "commenter", "viewer", "guest" };
static char *board_id;
static char *text_id;

static ConferTestSocket *
join (const char *name,
      const char *invite,
      char      **participant_id)
{
  return confer_test_socket_join (server, session_id, name, invite, participant_id);
}

/* Opens the board and returns its elements as the server has them. */
static ConferMessage *
open_board (ConferTestSocket *socket)
{
  confer_test_socket_send_printf (socket, "{\"type\": \"board.open\", \"doc\": \"%s\", \"txn\": \"open\"}", board_id);
  return confer_test_socket_next_of (socket, "board.snapshot");
}

static JsonObject *
find_element (ConferMessage *snapshot,
              const char    *id)
{
  JsonArray *elements = json_object_get_array_member (confer_message_get_object (snapshot), "elements");

  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      JsonObject *element = json_array_get_object_element (elements, i);

      if (g_str_equal (json_object_get_string_member (element, "id"), id))
        return element;
    }
  return NULL;
}

static guint64
seq_of (ConferMessage *message)
{
  return json_object_get_int_member (confer_message_get_object (message), "seq");
}

/* Two participants: a transaction is ordered, reaches both in one
 * `board.txs` (its author's copy is the ack), a resend of a committed txn
 * is acknowledged and not applied again, and everything survives kill -9. */
static void
test_sync (void)
{
  g_autofree char *ann_id = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, &ann_id);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite, NULL);
  g_autoptr(ConferMessage) snapshot = open_board (ann);
  g_autoptr(ConferMessage) bob_snapshot = open_board (bob);
  g_autoptr(ConferMessage) txs = NULL;
  g_autoptr(ConferMessage) ack = NULL;
  guint64 base = seq_of (snapshot);
  JsonObject *entry;

  g_assert_cmpuint (seq_of (bob_snapshot), ==, base);
  confer_test_socket_send_printf (ann, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"a1\", \"ops\": ["
               "{\"op\": \"add\", \"element\": {\"id\": \"sync1\", \"type\": \"rectangle\", \"index\": \"a0\", "
               "\"x\": 10, \"y\": 20, \"width\": 100, \"height\": 50, \"strokeColor\": \"#e03131\"}}]}", board_id);
  txs = confer_test_socket_next_of (bob, "board.txs");
  g_assert_cmpuint (seq_of (txs), ==, base + 1);
  entry = json_array_get_object_element (json_object_get_array_member (confer_message_get_object (txs), "txs"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "author"), ==, ann_id);
  g_assert_cmpstr (json_object_get_string_member (entry, "txn"), ==, "a1");
  g_clear_pointer (&txs, confer_message_unref);
  txs = confer_test_socket_next_of (ann, "board.txs");
  g_assert_cmpuint (seq_of (txs), ==, base + 1);
  g_clear_pointer (&txs, confer_message_unref);

  /* Bob moves it; Ann sends her first transaction again. */
  confer_test_socket_send_printf (bob, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"b1\", \"ops\": ["
               "{\"op\": \"update\", \"id\": \"sync1\", \"set\": {\"x\": 300}}]}", board_id);
  txs = confer_test_socket_next_of (ann, "board.txs");
  g_assert_cmpuint (seq_of (txs), ==, base + 2);
  confer_test_socket_send_printf (ann, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"a1\", \"ops\": ["
               "{\"op\": \"add\", \"element\": {\"id\": \"sync1\", \"type\": \"rectangle\", \"index\": \"a0\"}}]}", board_id);
  ack = confer_test_socket_next_of (ann, "board.ack");
  g_assert_cmpuint (seq_of (ack), ==, base + 1);
  g_assert_cmpstr (confer_message_get_txn (ack), ==, "a1");

  /* Killed and started again: what was acknowledged is there, once. */
  confer_test_server_kill (server);
  confer_test_server_restart (server);
  {
    g_autoptr(ConferTestSocket) carol = join ("Carol", owner_invite, NULL);
    g_autoptr(ConferMessage) after = open_board (carol);
    JsonObject *element = find_element (after, "sync1");

    g_assert_nonnull (element);
    g_assert_cmpuint (seq_of (after), ==, base + 2);
    g_assert_cmpint (json_object_get_int_member (element, "x"), ==, 300);
    g_assert_cmpint (json_object_get_int_member (element, "y"), ==, 20);
    g_assert_cmpstr (json_object_get_string_member (element, "strokeColor"), ==, "#e03131");
  }
}

/* @BOARD@ and @TEXT@ stand for a board and a text document. */
static const ConferTestBadRow rows[] = {
  { "tx-invalid-element",  "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x1\", \"ops\": [{\"op\": \"add\", \"element\": {\"id\": \"bad1\", \"type\": \"rectangle\", \"index\": \"a0\", \"opacity\": 101}}]}", "invalid-element" },
  { "tx-bad-colour",       "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x2\", \"ops\": [{\"op\": \"add\", \"element\": {\"id\": \"bad2\", \"type\": \"rectangle\", \"index\": \"a0\", \"strokeColor\": \"url(x)\"}}]}", "invalid-element" },
  { "tx-unknown-type",     "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x3\", \"ops\": [{\"op\": \"add\", \"element\": {\"id\": \"bad3\", \"type\": \"iframe\", \"index\": \"a0\"}}]}", "invalid-element" },
  { "tx-unknown-element",  "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x4\", \"ops\": [{\"op\": \"update\", \"id\": \"ghost\", \"set\": {\"x\": 1}}]}", "unknown-element" },
  { "tx-atomic",           "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x5\", \"ops\": [{\"op\": \"add\", \"element\": {\"id\": \"half\", \"type\": \"rectangle\", \"index\": \"a0\"}}, {\"op\": \"delete\", \"id\": \"ghost\"}]}", "unknown-element" },
  { "tx-wrong-field",      "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x6\", \"ops\": [{\"op\": \"add\", \"element\": {\"id\": \"t1\", \"type\": \"rectangle\", \"index\": \"a0\"}}, {\"op\": \"update\", \"id\": \"t1\", \"set\": {\"text\": \"hi\"}}]}", "invalid-element" },
  { "tx-no-ops",           "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x7\", \"ops\": []}", "invalid-element" },
  { "tx-ops-not-array",    "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x8\", \"ops\": {\"op\": \"delete\"}}", "bad-message" },
  { "tx-missing-txn",      "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"ops\": [{\"op\": \"delete\", \"id\": \"ghost\"}]}", "bad-message" },
  { "tx-unknown-op",       "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x9\", \"ops\": [{\"op\": \"explode\", \"id\": \"ghost\"}]}", "invalid-element" },
  { "tx-index-by-update",  "{\"type\": \"board.tx\", \"doc\": \"@BOARD@\", \"txn\": \"x10\", \"ops\": [{\"op\": \"update\", \"id\": \"ghost\", \"set\": {\"index\": \"a1\"}}]}", "invalid-element" },
  { "tx-unknown-board",    "{\"type\": \"board.tx\", \"doc\": \"nosuchboardxxxxx\", \"txn\": \"x11\", \"ops\": [{\"op\": \"delete\", \"id\": \"ghost\"}]}", "unknown-doc" },
  { "tx-on-text",          "{\"type\": \"board.tx\", \"doc\": \"@TEXT@\", \"txn\": \"x12\", \"ops\": [{\"op\": \"delete\", \"id\": \"ghost\"}]}", "wrong-kind" },
  { "open-text-as-board",  "{\"type\": \"board.open\", \"doc\": \"@TEXT@\", \"txn\": \"x13\"}", "wrong-kind" },
  { "open-board-as-text",  "{\"type\": \"doc.open\", \"doc\": \"@BOARD@\", \"txn\": \"x14\"}", "wrong-kind" },
  { "open-seq-ahead",      "{\"type\": \"board.open\", \"doc\": \"@BOARD@\", \"seq\": 999999, \"txn\": \"x15\"}", "revision-ahead" },
  { "presence-not-open",   "{\"type\": \"board.presence\", \"doc\": \"@BOARD@\", \"pointer\": [1, 2]}", "unknown-doc" },
  { "create-unknown-kind", "{\"type\": \"doc.create\", \"title\": \"Sheet\", \"kind\": \"spreadsheet\", \"txn\": \"x16\"}", "bad-message" },
};

static void
assert_board_unchanged (ConferTestSocket *socket,
                        guint64           seq)
{
  g_autoptr(ConferMessage) pong = NULL;
  g_autoptr(ConferTestSocket) other = join ("Checker", owner_invite, NULL);
  g_autoptr(ConferMessage) snapshot = open_board (other);

  confer_test_socket_send (socket, "{\"type\": \"ping\", \"txn\": \"still-there\"}");
  pong = confer_test_socket_next_of (socket, "pong");
  g_assert_cmpuint (seq_of (snapshot), ==, seq);
  g_assert_null (find_element (snapshot, "half"));
  g_assert_null (find_element (snapshot, "t1"));
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("bad%u", i);

      g_assert_null (find_element (snapshot, id));
    }
}

static guint64
board_seq (void)
{
  g_autoptr(ConferTestSocket) socket = join ("Counter", owner_invite, NULL);
  g_autoptr(ConferMessage) snapshot = open_board (socket);

  return seq_of (snapshot);
}

static void
test_bad_row (gconstpointer data)
{
  const ConferTestBadRow *row = data;
  guint64 seq = board_seq ();
  g_autoptr(ConferTestSocket) socket = join ("Mallory", owner_invite, NULL);
  g_autoptr(GString) frame = g_string_new (row->frame);

  g_string_replace (frame, "@BOARD@", board_id, 0);
  g_string_replace (frame, "@TEXT@", text_id, 0);
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, row->code);
  assert_board_unchanged (socket, seq);
}

/* Each limit, just over it: refused with its code, nothing applied. */
static void
test_limits (void)
{
  guint64 seq = board_seq ();
  g_autoptr(ConferTestSocket) socket = join ("Mallory", owner_invite, NULL);
  g_autoptr(GString) frame = g_string_new (NULL);

  /* More operations than a transaction holds. */
  g_string_printf (frame, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"l1\", \"ops\": [", board_id);
  for (guint i = 0; i <= CONFER_BOARD_MAX_OPS; i++)
    g_string_append_printf (frame, "%s{\"op\": \"delete\", \"id\": \"g\"}", i > 0 ? "," : "");
  g_string_append (frame, "]}");
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, "bad-message");

  /* A stroke of one point too many. */
  g_string_printf (frame, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"l2\", \"ops\": [{\"op\": \"add\", "
                   "\"element\": {\"id\": \"bad1\", \"type\": \"freedraw\", \"index\": \"a0\", \"points\": [", board_id);
  for (guint i = 0; i <= CONFER_BOARD_MAX_POINTS; i++)
    g_string_append_printf (frame, "%s[%u,1]", i > 0 ? "," : "", i);
  g_string_append (frame, "]}}]}");
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, "invalid-element");

  /* A text of one character too many. */
  g_string_printf (frame, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"l3\", \"ops\": [{\"op\": \"add\", "
                   "\"element\": {\"id\": \"bad2\", \"type\": \"text\", \"index\": \"a0\", \"text\": \"", board_id);
  for (guint i = 0; i <= CONFER_BOARD_MAX_TEXT; i++)
    g_string_append_c (frame, 'x');
  g_string_append (frame, "\"}}]}");
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, "invalid-element");

  assert_board_unchanged (socket, seq);
}

/* A board holds 100,000 live elements, not one more; deleting one makes
 * room. */
static void
test_element_limit (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, NULL);
  g_autoptr(ConferMessage) created = NULL;
  g_autoptr(GString) frame = g_string_new (NULL);
  const char *full_id;
  guint added = 0, acked = 0, tx = 0;

  confer_test_socket_send (ann, "{\"type\": \"doc.create\", \"kind\": \"board\", \"title\": \"Full\", \"txn\": \"full\"}");
  created = confer_test_socket_next_of (ann, "doc.created");
  full_id = json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "id");

  while (added < CONFER_BOARD_MAX_ELEMENTS)
    {
      g_string_printf (frame, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"f%u\", \"ops\": [", full_id, tx++);
      for (guint i = 0; i < 2000 && added < CONFER_BOARD_MAX_ELEMENTS; i++, added++)
        g_string_append_printf (frame, "%s{\"op\": \"add\", \"element\": {\"id\": \"e%u\", \"type\": \"rectangle\", \"index\": \"a0\"}}",
                                i > 0 ? "," : "", added);
      g_string_append (frame, "]}");
      confer_test_socket_send (ann, frame->str);
    }
  while (acked < tx)
    {
      g_autoptr(ConferMessage) ack = confer_test_socket_next_of (ann, "board.ack");

      acked++;
    }
  g_string_printf (frame, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"over\", \"ops\": ["
                   "{\"op\": \"add\", \"element\": {\"id\": \"one-more\", \"type\": \"ellipse\", \"index\": \"a1\"}}]}", full_id);
  confer_test_socket_send (ann, frame->str);
  confer_test_socket_expect_error (ann, "limit-reached");

  g_string_printf (frame, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"room\", \"ops\": ["
                   "{\"op\": \"delete\", \"id\": \"e0\"},"
                   "{\"op\": \"add\", \"element\": {\"id\": \"one-more\", \"type\": \"ellipse\", \"index\": \"a1\"}}]}", full_id);
  confer_test_socket_send (ann, frame->str);
  {
    g_autoptr(ConferMessage) ack = confer_test_socket_next_of (ann, "board.ack");

    g_assert_cmpstr (confer_message_get_txn (ack), ==, "room");
    g_assert_cmpuint (seq_of (ack), ==, tx + 1);
  }
}

/* Commenters, viewers and guests open boards and share presence (the
 * others see it) but do not draw or make boards. */
static void
test_roles (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (reader_roles); r++)
    {
      guint64 seq = board_seq ();
      g_autofree char *reader_id = NULL;
      g_autoptr(ConferTestSocket) reader = join (reader_roles[r], reader_invites[r], &reader_id);
      g_autoptr(ConferTestSocket) owner = join ("Owner", owner_invite, NULL);
      g_autoptr(ConferMessage) snapshot = open_board (reader);
      g_autoptr(ConferMessage) owner_snapshot = open_board (owner);

      g_test_message ("role %s", reader_roles[r]);
      confer_test_socket_send_printf (reader, "{\"type\": \"board.tx\", \"doc\": \"%s\", \"txn\": \"v1\", \"ops\": ["
                   "{\"op\": \"add\", \"element\": {\"id\": \"bad1\", \"type\": \"rectangle\", \"index\": \"a0\"}}]}", board_id);
      confer_test_socket_expect_error (reader, "forbidden");
      confer_test_socket_send (reader, "{\"type\": \"doc.create\", \"kind\": \"board\", \"title\": \"Mine\", \"txn\": \"v2\"}");
      confer_test_socket_expect_error (reader, "forbidden");
      confer_test_socket_send_printf (reader, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"pointer\": [5, 6]}", board_id);
      for (;;)
        {
          g_autoptr(ConferMessage) presence = confer_test_socket_next_of (owner, "board.presence");

          if (g_str_equal (json_object_get_string_member (confer_message_get_object (presence), "participant"), reader_id))
            break;
        }
      assert_board_unchanged (reader, seq);
    }
}

/* Presence bursts are coalesced: the others get fewer messages than were
 * sent, and the last they get is the last sent. Bad presence is refused. */
static void
test_presence (void)
{
  g_autofree char *ann_id = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, &ann_id);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite, NULL);
  g_autoptr(ConferMessage) a = open_board (ann);
  g_autoptr(ConferMessage) b = open_board (bob);
  guint received = 0;
  const guint sent = 2000;
  gint64 last_x = -1;

  for (guint i = 0; i < sent; i++)
    confer_test_socket_send_printf (ann, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"pointer\": [%u, 7], "
                 "\"viewport\": [0, 0, 1280, 720], \"selection\": [\"sync1\"], \"stroke\": [[1, 2, 0.5]]}", board_id, i);
  confer_test_socket_send (ann, "{\"type\": \"ping\", \"txn\": \"sent\"}");
  g_clear_pointer (&a, confer_message_unref);
  a = confer_test_socket_next_of (ann, "pong");
  while (last_x != sent - 1)
    {
      g_autoptr(ConferMessage) presence = confer_test_socket_next_of (bob, "board.presence");
      JsonObject *object = confer_message_get_object (presence);

      /* Others still on the board from earlier tests may show up too. */
      if (!g_str_equal (json_object_get_string_member (object, "participant"), ann_id))
        continue;
      last_x = json_array_get_int_element (json_object_get_array_member (object, "pointer"), 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "stroke")), ==, 1);
      received++;
    }
  g_test_message ("presence: %u sent, %u relayed", sent, received);
  g_assert_cmpuint (received, <, sent);

  confer_test_socket_send_printf (ann, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"pointer\": [1e300, 0]}", board_id);
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send_printf (ann, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"selection\": [\"not an id\"]}", board_id);
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send_printf (ann, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"stroke\": [[1, 2]]}", board_id);
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send_printf (ann, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"stroke\": [[1, 2, 0.5]], \"laser\": \"yes\"}", board_id);
  confer_test_socket_expect_error (ann, "bad-message");

  /* A laser trail is relayed as one. */
  confer_test_socket_send_printf (ann, "{\"type\": \"board.presence\", \"doc\": \"%s\", \"stroke\": [[1, 2, 0.5]], \"laser\": true}", board_id);
  for (;;)
    {
      g_autoptr(ConferMessage) presence = confer_test_socket_next_of (bob, "board.presence");
      JsonObject *object = confer_message_get_object (presence);

      if (!g_str_equal (json_object_get_string_member (object, "participant"), ann_id) ||
          !json_object_has_member (object, "laser"))
        continue;
      g_assert_true (json_object_get_boolean_member (object, "laser"));
      break;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferTestSocket) owner = NULL;
  g_autoptr(ConferMessage) created = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_socket_join_owner (server, &session_id, &owner_invite);
  confer_test_socket_send (owner, "{\"type\": \"doc.create\", \"kind\": \"board\", \"title\": \"Plan\", \"txn\": \"c1\"}");
  created = confer_test_socket_next_of (owner, "doc.created");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "kind"),
                   ==, "board");
  board_id = g_strdup (json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "id"));
  g_clear_pointer (&created, confer_message_unref);
  confer_test_socket_send (owner, "{\"type\": \"doc.create\", \"title\": \"Notes\", \"txn\": \"c2\"}");
  created = confer_test_socket_next_of (owner, "doc.created");
  text_id = g_strdup (json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "id"));
  reader_invites = confer_test_role_invites (owner, reader_roles, G_N_ELEMENTS (reader_roles));
  g_clear_pointer (&owner, confer_test_socket_free);

  g_test_add_func ("/boards/sync", test_sync);
  confer_test_add_bad_rows ("/boards", rows, G_N_ELEMENTS (rows), test_bad_row);
  g_test_add_func ("/boards/limits", test_limits);
  g_test_add_func ("/boards/roles", test_roles);
  g_test_add_func ("/boards/presence", test_presence);
  g_test_add_func ("/boards/element-limit", test_element_limit);

  status = g_test_run ();
  confer_test_server_free (server);
  g_free (session_id);
  g_free (owner_invite);
  g_strfreev (reader_invites);
  g_free (board_id);
  g_free (text_id);
  return status;
}
