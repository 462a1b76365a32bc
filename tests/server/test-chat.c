/* test-chat.c: the chat through a real conferd, over raw connections:
 * ordering, fan-out, acknowledgement, txn deduplication, durability across
 * kill -9, resuming, history pages, edits with their versions, tombstones,
 * reactions, search (accents, CJK, FTS5 syntax as words), read receipts,
 * typing, voice messages' duration and waveform, every role and every
 * bad-input row of docs/protocol.md's chat table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

static ConferTestServer *server;
static char *session_id;
static char *owner_invite;
static char **role_invites;     /* editor, commenter, viewer, guest */
static const char *const roles[4] = { "editor", "commenter", "viewer", "guest" };
static char *other_message;     /* a message of another session */
static char *blob_name;         /* a blob uploaded in this session */
static char *voice_name;        /* an Ogg Opus blob uploaded in this session */

static ConferTestSocket *
join (const char *name,
      const char *invite,
      char      **participant_id)
{
  return confer_test_socket_join (server, session_id, name, invite, participant_id);
}

static JsonObject *
object_of (ConferMessage *message)
{
  return confer_message_get_object (message);
}

static guint64
seq_of (ConferMessage *message)
{
  return json_object_get_int_member (object_of (message), "seq");
}

/* Opens the chat: the latest page, and its sequence number. */
static ConferMessage *
open_chat (ConferTestSocket *socket)
{
  confer_test_socket_send (socket, "{\"type\": \"chat.open\", \"txn\": \"open\"}");
  return confer_test_socket_next_of (socket, "chat.messages");
}

/* The event of @txn in the next `chat.events` that has it, or the
 * `chat.ack` of it (an author who did not open the chat gets that; it has
 * the event's `seq` and `message` too). */
static JsonObject *
event_of (ConferTestSocket  *socket,
          const char        *txn,
          ConferMessage    **frame)
{
  for (;;)
    {
      g_autoptr(ConferMessage) next = confer_test_socket_next (socket);
      const char *type;
      JsonArray *array;

      g_assert_nonnull (next);
      type = confer_message_get_type_name (next);
      if (g_str_equal (type, "chat.ack") && g_strcmp0 (confer_message_get_txn (next), txn) == 0)
        {
          *frame = g_steal_pointer (&next);
          return object_of (*frame);
        }
      if (g_str_equal (type, "error"))
        g_error ("expected the event of %s, got error %s: %s", txn,
                 json_object_get_string_member (object_of (next), "code"),
                 json_object_get_string_member (object_of (next), "message"));
      if (!g_str_equal (type, "chat.events"))
        continue;
      array = json_object_get_array_member (object_of (next), "events");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *event = json_array_get_object_element (array, i);

          if (g_str_equal (json_object_get_string_member (event, "txn"), txn))
            {
              *frame = g_steal_pointer (&next);
              return event;
            }
        }
    }
}

/* Sends a message and returns its id once the author's copy is in. */
static char *
say (ConferTestSocket *socket,
     const char       *txn,
     const char       *text)
{
  g_autoptr(ConferMessage) frame = NULL;
  g_autoptr(JsonNode) quoted = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  JsonObject *event;

  json_node_set_string (quoted, text);
  json = json_to_string (quoted, FALSE);
  confer_test_socket_send_printf (socket, "{\"type\": \"chat.send\", \"txn\": \"%s\", \"text\": %s}", txn, json);
  event = event_of (socket, txn, &frame);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (event, "message"), "id"));
}

static guint64
chat_seq (void)
{
  g_autoptr(ConferTestSocket) socket = join ("Counter", owner_invite, NULL);
  g_autoptr(ConferMessage) page = open_chat (socket);

  return seq_of (page);
}

/* Two participants: a message is ordered, reaches both in one
 * `chat.events` (the author's copy is the ack), a resend of a committed
 * txn is acknowledged and not applied again, a reply and resuming work,
 * and everything survives kill -9. */
static void
test_sync (void)
{
  g_autofree char *ann_id = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, &ann_id);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite, NULL);
  g_autoptr(ConferMessage) page = open_chat (ann);
  g_autoptr(ConferMessage) bob_page = open_chat (bob);
  g_autoptr(ConferMessage) frame = NULL;
  g_autoptr(ConferMessage) ack = NULL;
  g_autoptr(ConferMessage) resumed = NULL;
  g_autofree char *first = NULL;
  guint64 base = seq_of (page);
  JsonObject *event, *message;

  g_assert_cmpuint (seq_of (bob_page), ==, base);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.send\", \"txn\": \"a1\", \"text\": \"Hello *Bob*\\nsee <b>this</b>\"}");
  event = event_of (bob, "a1", &frame);
  message = json_object_get_object_member (event, "message");
  g_assert_cmpuint (json_object_get_int_member (event, "seq"), ==, base + 1);
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "message");
  g_assert_cmpstr (json_object_get_string_member (event, "author"), ==, ann_id);
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "Hello *Bob*\nsee <b>this</b>");
  g_assert_cmpuint (json_object_get_int_member (message, "seq"), ==, base + 1);
  g_assert_cmpint (json_object_get_int_member (message, "time"), >, 1700000000000);
  first = g_strdup (json_object_get_string_member (message, "id"));
  g_clear_pointer (&frame, confer_message_unref);
  event_of (ann, "a1", &frame);
  g_clear_pointer (&frame, confer_message_unref);

  /* The same txn again: acknowledged with the first seq, not sent twice. */
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.send\", \"txn\": \"a1\", \"text\": \"Hello *Bob*\"}");
  ack = confer_test_socket_next_of (ann, "chat.ack");
  g_assert_cmpuint (seq_of (ack), ==, base + 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (ack), "message"), "id"), ==, first);

  /* Bob answers; after kill -9 both messages are there, in order, and
   * resuming from the first gives the second. */
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.send\", \"txn\": \"b1\", \"text\": \"Hi\", \"reply_to\": \"%s\"}", first);
  event = event_of (ann, "b1", &frame);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "message"), "reply_to"), ==, first);
  g_clear_pointer (&frame, confer_message_unref);
  event_of (bob, "b1", &frame);

  confer_test_server_kill (server);
  confer_test_server_restart (server);
  g_clear_pointer (&ann, confer_test_socket_free);
  ann = join ("Ann again", owner_invite, NULL);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.open\", \"txn\": \"r\", \"seq\": %" G_GUINT64_FORMAT "}", base + 1);
  resumed = confer_test_socket_next_of (ann, "chat.events");
  g_assert_cmpuint (seq_of (resumed), ==, base + 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (resumed), "events")), ==, 1);
  g_assert_cmpuint (chat_seq (), ==, base + 2);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.open\", \"txn\": \"r2\", \"seq\": %" G_GUINT64_FORMAT "}", base + 3);
  confer_test_socket_expect_error (ann, "revision-ahead");
}

/* Edits keep the earlier texts, a delete leaves a tombstone and takes
 * them, reactions add and go, history comes in pages backwards. */
static void
test_edit_delete_react (void)
{
  g_autofree char *ann_id = NULL;
  g_autofree char *bob_id = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, &ann_id);
  g_autoptr(ConferTestSocket) bob = join ("Bob", role_invites[1], &bob_id);
  g_autoptr(ConferMessage) page = open_chat (ann);
  g_autoptr(ConferMessage) bob_page = open_chat (bob);
  g_autoptr(ConferMessage) frame = NULL;
  g_autoptr(ConferMessage) versions = NULL;
  g_autoptr(ConferMessage) history = NULL;
  g_autofree char *id = say (bob, "e1", "first draft");
  JsonObject *message;
  JsonArray *list;
  guint64 base;

  confer_test_socket_send_printf (bob, "{\"type\": \"chat.edit\", \"txn\": \"e2\", \"message\": \"%s\", \"text\": \"second draft\"}", id);
  message = json_object_get_object_member (event_of (ann, "e2", &frame), "message");
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "second draft");
  g_assert_true (json_object_get_boolean_member (message, "edited"));
  g_clear_pointer (&frame, confer_message_unref);
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.edit\", \"txn\": \"e3\", \"message\": \"%s\", \"text\": \"final\"}", id);
  g_clear_pointer (&frame, confer_message_unref);
  event_of (bob, "e3", &frame);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.versions\", \"txn\": \"v\", \"message\": \"%s\"}", id);
  versions = confer_test_socket_next_of (ann, "chat.versions");
  list = json_object_get_array_member (object_of (versions), "versions");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, "first draft");
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, "second draft");

  /* Others' messages: not Ann's to edit; Bob may not delete Ann's. */
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.edit\", \"txn\": \"x1\", \"message\": \"%s\", \"text\": \"mine now\"}", id);
  confer_test_socket_expect_error (ann, "forbidden");
  {
    g_autofree char *anns = say (ann, "e4", "owner's words");

    confer_test_socket_send_printf (bob, "{\"type\": \"chat.delete\", \"txn\": \"x2\", \"message\": \"%s\"}", anns);
    confer_test_socket_expect_error (bob, "forbidden");
  }

  /* Reactions: one each, taken back; the same emoji twice is one. */
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.react\", \"txn\": \"r1\", \"message\": \"%s\", \"emoji\": \"👍🏽\"}", id);
  g_clear_pointer (&frame, confer_message_unref);
  event_of (ann, "r1", &frame);
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.react\", \"txn\": \"r2\", \"message\": \"%s\", \"emoji\": \"👍🏽\"}", id);
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.react\", \"txn\": \"r3\", \"message\": \"%s\", \"emoji\": \"👍🏽\"}", id);
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.react\", \"txn\": \"r4\", \"message\": \"%s\", \"emoji\": \"🇫🇷\"}", id);
  g_clear_pointer (&frame, confer_message_unref);
  message = json_object_get_object_member (event_of (ann, "r4", &frame), "message");
  list = json_object_get_array_member (json_object_get_object_member (message, "reactions"), "👍🏽");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, ann_id);
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, bob_id);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.react\", \"txn\": \"r5\", \"message\": \"%s\", \"emoji\": \"👍🏽\", \"remove\": true}", id);
  g_clear_pointer (&frame, confer_message_unref);
  message = json_object_get_object_member (event_of (bob, "r5", &frame), "message");
  list = json_object_get_array_member (json_object_get_object_member (message, "reactions"), "👍🏽");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  /* Bob deletes his own: a tombstone without text, versions or reactions. */
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.delete\", \"txn\": \"d1\", \"message\": \"%s\"}", id);
  g_clear_pointer (&frame, confer_message_unref);
  message = json_object_get_object_member (event_of (ann, "d1", &frame), "message");
  g_assert_true (json_object_get_boolean_member (message, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "");
  g_assert_false (json_object_has_member (message, "reactions"));
  g_clear_pointer (&versions, confer_message_unref);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.versions\", \"txn\": \"v2\", \"message\": \"%s\"}", id);
  versions = confer_test_socket_next_of (ann, "chat.versions");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (versions), "versions")), ==, 0);
  confer_test_socket_send_printf (bob, "{\"type\": \"chat.edit\", \"txn\": \"x3\", \"message\": \"%s\", \"text\": \"back\"}", id);
  confer_test_socket_expect_error (bob, "bad-message");

  /* History, two at a time, backwards to the start. */
  base = seq_of (page);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *txn = g_strdup_printf ("h%u", i);
      g_autofree char *text = g_strdup_printf ("page %u", i);
      g_autofree char *ignored = say (ann, txn, text);
    }
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.history\", \"txn\": \"h\", \"before\": %" G_GUINT64_FORMAT ", \"limit\": 2}",
               G_MAXINT64);
  history = confer_test_socket_next_of (ann, "chat.history");
  list = json_object_get_array_member (object_of (history), "messages");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "text"), ==, "page 3");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "text"), ==, "page 4");
  g_assert_true (json_object_get_boolean_member (object_of (history), "more"));
  g_clear_pointer (&history, confer_message_unref);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.history\", \"txn\": \"h2\", \"before\": %" G_GUINT64_FORMAT ", \"limit\": 200}",
               base);
  history = confer_test_socket_next_of (ann, "chat.history");
  list = json_object_get_array_member (object_of (history), "messages");
  g_assert_false (json_object_get_boolean_member (object_of (history), "more"));
  for (guint i = 1; i < json_array_get_length (list); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, i - 1), "seq"), <,
                     json_object_get_int_member (json_array_get_object_element (list, i), "seq"));
}

static guint
count_found (ConferTestSocket *socket,
             const char       *query_json)
{
  g_autoptr(ConferMessage) found = NULL;

  confer_test_socket_send_printf (socket, "{\"type\": \"chat.search\", \"txn\": \"s\", \"query\": %s}", query_json);
  found = confer_test_socket_next_of (socket, "chat.search");
  return json_array_get_length (json_object_get_array_member (object_of (found), "messages"));
}

/* Search finds words through case and accents, CJK words inside
 * sentences, best first; FTS5 syntax is only words. */
static void
test_search (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, NULL);
  g_autoptr(ConferTestSocket) viewer = join ("Vera", role_invites[2], NULL);
  g_autoptr(ConferMessage) found = NULL;
  g_autofree char *a = say (ann, "f1", "Rendez-vous au Café Müller à 15 h");
  g_autofree char *b = say (ann, "f2", "明日の会議は東京で行います。");
  g_autofree char *c = say (ann, "f3", "회의는 서울에서 합니다");
  g_autofree char *d = say (ann, "f4", "cafe cafe cafe, le café encore");
  g_autofree char *e = say (ann, "f5", "Ελληνικά: καφές");

  g_assert_cmpuint (count_found (viewer, "\"cafe muller\""), ==, 1);
  g_assert_cmpuint (count_found (viewer, "\"MÜLLER\""), ==, 1);
  g_assert_cmpuint (count_found (viewer, "\"東京\""), ==, 1);
  g_assert_cmpuint (count_found (viewer, "\"会議\""), ==, 1);
  g_assert_cmpuint (count_found (viewer, "\"서울\""), ==, 1);
  g_assert_cmpuint (count_found (viewer, "\"καφές\""), ==, 1);
  g_assert_cmpuint (count_found (viewer, "\"NEAR(café) OR * ^\""), ==, 0);
  g_assert_cmpuint (count_found (viewer, "\"café\\\"\""), ==, 2);
  confer_test_socket_send_printf (viewer, "{\"type\": \"chat.search\", \"txn\": \"s\", \"query\": \"cafe\"}");
  found = confer_test_socket_next_of (viewer, "chat.search");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (object_of (found), "messages"), 0), "id"),
                   ==, d);
  confer_test_socket_send (viewer, "{\"type\": \"chat.search\", \"txn\": \"s\", \"query\": \"\"}");
  confer_test_socket_expect_error (viewer, "bad-message");
  confer_test_socket_send (viewer, "{\"type\": \"chat.search\", \"txn\": \"s\", \"query\": \"...\"}");
  g_clear_pointer (&found, confer_message_unref);
  found = confer_test_socket_next_of (viewer, "chat.search");
}

/* Read receipts are stored and relayed; typing is relayed, not to its
 * sender, and a burst of it is thinned. */
static void
test_presence (void)
{
  g_autofree char *ann_id = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, &ann_id);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite, NULL);
  g_autoptr(ConferMessage) page = open_chat (ann);
  g_autoptr(ConferMessage) bob_page = NULL;
  g_autoptr(ConferMessage) read = NULL;
  g_autoptr(ConferMessage) typing = NULL;
  g_autoptr(ConferMessage) pong = NULL;
  guint seen = 0;

  g_clear_pointer (&page, confer_message_unref);
  page = open_chat (bob);
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.read\", \"seq\": %" G_GUINT64_FORMAT "}", seq_of (page));
  for (;;)
    {
      g_clear_pointer (&read, confer_message_unref);
      read = confer_test_socket_next_of (bob, "chat.read");
      if (g_str_equal (json_object_get_string_member (object_of (read), "participant"), ann_id))
        break;
    }
  g_assert_cmpuint (seq_of (read), ==, seq_of (page));
  bob_page = open_chat (bob);
  g_assert_cmpuint (json_object_get_int_member (json_object_get_object_member (object_of (bob_page), "reads"), ann_id),
                    ==, seq_of (page));
  confer_test_socket_send_printf (ann, "{\"type\": \"chat.read\", \"seq\": %" G_GUINT64_FORMAT "}", seq_of (page) + 1);
  confer_test_socket_expect_error (ann, "revision-ahead");

  for (guint i = 0; i < 100; i++)
    confer_test_socket_send (ann, "{\"type\": \"chat.typing\", \"typing\": true}");
  confer_test_socket_send (ann, "{\"type\": \"chat.typing\", \"typing\": false}");
  confer_test_socket_send (ann, "{\"type\": \"ping\", \"txn\": \"p\"}");
  pong = confer_test_socket_next_of (ann, "pong");
  for (;;)
    {
      g_clear_pointer (&typing, confer_message_unref);
      typing = confer_test_socket_next_of (bob, "chat.typing");
      if (!g_str_equal (json_object_get_string_member (object_of (typing), "participant"), ann_id))
        continue;
      seen++;
      if (!json_object_get_boolean_member (object_of (typing), "typing"))
        break;
    }
  g_assert_cmpuint (seen, ==, 2);
  confer_test_socket_send (ann, "{\"type\": \"chat.typing\", \"typing\": \"yes\"}");
  confer_test_socket_expect_error (ann, "bad-message");
}

/* Every role: viewers and guests open, read, search and mark read but do
 * not write; commenters and editors write and react. */
static void
test_roles (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      gboolean writes = r < 2;
      g_autoptr(ConferTestSocket) socket = join (roles[r], role_invites[r], NULL);
      g_autoptr(ConferTestSocket) owner = join ("Owner", owner_invite, NULL);
      g_autoptr(ConferMessage) page = open_chat (socket);
      g_autoptr(ConferMessage) answer = NULL;
      g_autofree char *owners = say (owner, "o1", "the owner's message");
      guint64 seq = chat_seq ();

      g_test_message ("role %s", roles[r]);
      confer_test_socket_send_printf (socket, "{\"type\": \"chat.history\", \"txn\": \"h\", \"before\": %" G_GUINT64_FORMAT "}", seq + 1);
      answer = confer_test_socket_next_of (socket, "chat.history");
      g_clear_pointer (&answer, confer_message_unref);
      confer_test_socket_send_printf (socket, "{\"type\": \"chat.read\", \"seq\": %" G_GUINT64_FORMAT "}", seq);
      confer_test_socket_send (socket, "{\"type\": \"chat.search\", \"txn\": \"s\", \"query\": \"owner\"}");
      answer = confer_test_socket_next_of (socket, "chat.search");
      g_clear_pointer (&answer, confer_message_unref);
      confer_test_socket_send_printf (socket, "{\"type\": \"chat.versions\", \"txn\": \"v\", \"message\": \"%s\"}", owners);
      answer = confer_test_socket_next_of (socket, "chat.versions");

      if (writes)
        {
          g_autoptr(ConferMessage) frame = NULL;
          g_autofree char *mine = say (socket, "w1", "mine");

          confer_test_socket_send_printf (socket, "{\"type\": \"chat.react\", \"txn\": \"w2\", \"message\": \"%s\", \"emoji\": \"🎉\"}", owners);
          event_of (socket, "w2", &frame);
          g_clear_pointer (&frame, confer_message_unref);
          confer_test_socket_send_printf (socket, "{\"type\": \"chat.delete\", \"txn\": \"w3\", \"message\": \"%s\"}", owners);
          confer_test_socket_expect_error (socket, "forbidden");
          /* The owner deletes anyone's. */
          confer_test_socket_send_printf (owner, "{\"type\": \"chat.delete\", \"txn\": \"o2\", \"message\": \"%s\"}", mine);
          event_of (owner, "o2", &frame);
          continue;
        }
      confer_test_socket_send (socket, "{\"type\": \"chat.send\", \"txn\": \"w1\", \"text\": \"no\"}");
      confer_test_socket_expect_error (socket, "forbidden");
      confer_test_socket_send_printf (socket, "{\"type\": \"chat.react\", \"txn\": \"w2\", \"message\": \"%s\", \"emoji\": \"🎉\"}", owners);
      confer_test_socket_expect_error (socket, "forbidden");
      confer_test_socket_send_printf (socket, "{\"type\": \"chat.edit\", \"txn\": \"w3\", \"message\": \"%s\", \"text\": \"no\"}", owners);
      confer_test_socket_expect_error (socket, "forbidden");
      confer_test_socket_send_printf (socket, "{\"type\": \"chat.delete\", \"txn\": \"w4\", \"message\": \"%s\"}", owners);
      confer_test_socket_expect_error (socket, "forbidden");
      confer_test_socket_send (socket, "{\"type\": \"chat.typing\", \"typing\": true}");
      confer_test_socket_expect_error (socket, "forbidden");
      g_assert_cmpuint (chat_seq (), ==, seq);
    }
}

/* A voice message: its duration and waveform reach everyone as the
 * server wrote them (what else the sender put in `voice` is dropped),
 * come back in history and resumed events, and go with a delete. */
static void
test_voice (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, NULL);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite, NULL);
  g_autoptr(ConferMessage) page = open_chat (ann);
  g_autoptr(ConferMessage) bob_page = open_chat (bob);
  g_autoptr(ConferMessage) frame = NULL;
  g_autoptr(ConferMessage) history = NULL;
  g_autoptr(ConferMessage) resumed = NULL;
  g_autoptr(GBytes) waveform = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *message, *voice;
  const char *id;
  guint duration_ms = 0;
  const guint8 *peaks;
  gsize n_peaks;

  confer_test_socket_send_printf (ann, "{\"type\": \"chat.send\", \"txn\": \"v1\", \"text\": \"Voice message (2.31 s)\", "
                                  "\"attachments\": [\"%s\"], \"voice\": {\"duration_ms\": 2310, "
                                  "\"waveform\": [0, 17, 255, 128], \"extra\": \"dropped\"}}", voice_name);
  message = json_object_get_object_member (event_of (bob, "v1", &frame), "message");
  id = json_object_get_string_member (message, "id");
  voice = json_object_get_object_member (message, "voice");
  g_assert_nonnull (voice);
  g_assert_false (json_object_has_member (voice, "extra"));
  g_assert_true (confer_chat_read_voice (json_object_get_member (message, "voice"), &duration_ms, &waveform, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (duration_ms, ==, 2310);
  peaks = g_bytes_get_data (waveform, &n_peaks);
  g_assert_cmpuint (n_peaks, ==, 4);
  g_assert_cmpuint (peaks[0], ==, 0);
  g_assert_cmpuint (peaks[1], ==, 17);
  g_assert_cmpuint (peaks[2], ==, 255);
  g_assert_cmpuint (peaks[3], ==, 128);

  confer_test_socket_send_printf (bob, "{\"type\": \"chat.history\", \"txn\": \"h\", \"before\": %" G_GUINT64_FORMAT "}",
                                  json_object_get_int_member (message, "seq") + 1);
  history = confer_test_socket_next_of (bob, "chat.history");
  {
    JsonArray *messages = json_object_get_array_member (object_of (history), "messages");
    JsonObject *last = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "id"), ==, id);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (last, "voice"), "duration_ms"), ==, 2310);
  }

  confer_test_socket_send_printf (ann, "{\"type\": \"chat.delete\", \"txn\": \"v2\", \"message\": \"%s\"}", id);
  g_clear_pointer (&frame, confer_message_unref);
  message = json_object_get_object_member (event_of (bob, "v2", &frame), "message");
  g_assert_true (json_object_get_boolean_member (message, "deleted"));
  g_assert_false (json_object_has_member (message, "voice"));
  g_assert_false (json_object_has_member (message, "attachments"));

  /* Resumed from before it: the events carry the message as it is now. */
  {
    g_autoptr(ConferTestSocket) carol = join ("Carol", owner_invite, NULL);
    JsonArray *events;

    confer_test_socket_send_printf (carol, "{\"type\": \"chat.open\", \"txn\": \"o\", \"seq\": %" G_GUINT64_FORMAT "}",
                                    seq_of (page));
    resumed = confer_test_socket_next_of (carol, "chat.events");
    events = json_object_get_array_member (object_of (resumed), "events");
    for (guint i = 0; i < json_array_get_length (events); i++)
      g_assert_false (json_object_has_member (json_object_get_object_member (json_array_get_object_element (events, i),
                                                                             "message"), "voice"));
  }
}

/* @MSG@ is a message of this session, @OTHER@ one of another, @BLOB@ a
 * blob uploaded here (a picture), @VOICE@ an Ogg Opus one, @PEAKS257@ 257
 * waveform peaks. */
#define VOICE_SEND "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"attachments\": [\"@VOICE@\"]"

static const ConferTestBadRow rows[] = {
  { "empty", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"\"}", "bad-message" },
  { "blank", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \" \\n\\t \"}", "bad-message" },
  { "not-a-string", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": 42}", "bad-message" },
  { "no-txn", "{\"type\": \"chat.send\", \"text\": \"hi\"}", "bad-message" },
  { "over-long", NULL, "too-large" },
  { "control-char", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"bell\\u0007\"}", "bad-message" },
  { "c1-control", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"next\\u0085line\"}", "bad-message" },
  { "carriage-return", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"a\\rb\"}", "bad-message" },
  { "bidi-override", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"abc\\u202Egnp.exe\"}", "bad-message" },
  { "bidi-isolate", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"abc\\u2066x\\u2069\"}", "bad-message" },
  /* Invalid UTF-8 never reaches a handler: libsoup closes a connection
   * whose text frame is not UTF-8 (RFC 6455, close code 1007), and the
   * decoder refuses an escape that is not UTF-8 once unescaped. */
  { "lone-surrogate", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"\\ud800\"}", "bad-json" },
  { "reply-other-session", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"reply_to\": \"@OTHER@\"}", "unknown-message" },
  { "reply-unknown", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"reply_to\": \"NoSuchMessage000\"}", "unknown-message" },
  { "attachment-not-blob", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"attachments\": [\"cat.png\"]}", "bad-message" },
  { "attachment-not-uploaded", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"attachments\": "
    "[\"0000000000000000000000000000000000000000000000000000000000000000\"]}", "bad-message" },
  { "attachments-too-many", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"attachments\": "
    "[\"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\", \"@BLOB@\"]}", "bad-message" },
  { "voice-not-object", VOICE_SEND ", \"voice\": 2310}", "bad-message" },
  { "voice-no-duration", VOICE_SEND ", \"voice\": {\"waveform\": [1]}}", "bad-message" },
  { "voice-duration-string", VOICE_SEND ", \"voice\": {\"duration_ms\": \"2310\", \"waveform\": [1]}}", "bad-message" },
  { "voice-duration-fraction", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310.5, \"waveform\": [1]}}", "bad-message" },
  { "voice-duration-zero", VOICE_SEND ", \"voice\": {\"duration_ms\": 0, \"waveform\": [1]}}", "bad-message" },
  { "voice-too-long", VOICE_SEND ", \"voice\": {\"duration_ms\": 301001, \"waveform\": [1]}}", "bad-message" },
  { "voice-no-waveform", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310}}", "bad-message" },
  { "voice-waveform-not-list", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310, \"waveform\": \"loud\"}}", "bad-message" },
  { "voice-waveform-empty", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310, \"waveform\": []}}", "bad-message" },
  { "voice-waveform-too-long", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310, \"waveform\": [@PEAKS257@]}}", "bad-message" },
  { "voice-peak-over-255", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310, \"waveform\": [0, 256]}}", "bad-message" },
  { "voice-peak-negative", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310, \"waveform\": [-1]}}", "bad-message" },
  { "voice-peak-fraction", VOICE_SEND ", \"voice\": {\"duration_ms\": 2310, \"waveform\": [0.5]}}", "bad-message" },
  { "voice-no-attachment", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", "
    "\"voice\": {\"duration_ms\": 2310, \"waveform\": [1]}}", "bad-message" },
  { "voice-on-picture", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", \"attachments\": [\"@BLOB@\"], "
    "\"voice\": {\"duration_ms\": 2310, \"waveform\": [1]}}", "bad-message" },
  { "voice-two-attachments", "{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"hi\", "
    "\"attachments\": [\"@VOICE@\", \"@VOICE@\"], \"voice\": {\"duration_ms\": 2310, \"waveform\": [1]}}", "bad-message" },
  { "react-not-emoji", "{\"type\": \"chat.react\", \"txn\": \"t\", \"message\": \"@MSG@\", \"emoji\": \"yes\"}", "bad-message" },
  { "react-two-emoji", "{\"type\": \"chat.react\", \"txn\": \"t\", \"message\": \"@MSG@\", \"emoji\": \"👍👍\"}", "bad-message" },
  { "react-skin-tone-alone", "{\"type\": \"chat.react\", \"txn\": \"t\", \"message\": \"@MSG@\", \"emoji\": \"🏽\"}", "bad-message" },
  { "react-other-session", "{\"type\": \"chat.react\", \"txn\": \"t\", \"message\": \"@OTHER@\", \"emoji\": \"👍\"}", "unknown-message" },
  { "edit-other-session", "{\"type\": \"chat.edit\", \"txn\": \"t\", \"message\": \"@OTHER@\", \"text\": \"x\"}", "unknown-message" },
  { "edit-bidi", "{\"type\": \"chat.edit\", \"txn\": \"t\", \"message\": \"@MSG@\", \"text\": \"\\u202Ex\"}", "bad-message" },
  { "delete-other-session", "{\"type\": \"chat.delete\", \"txn\": \"t\", \"message\": \"@OTHER@\"}", "unknown-message" },
  { "history-no-before", "{\"type\": \"chat.history\", \"txn\": \"t\"}", "bad-message" },
  { "history-limit", "{\"type\": \"chat.history\", \"txn\": \"t\", \"before\": 5, \"limit\": 201}", "bad-message" },
  { "open-seq-negative", "{\"type\": \"chat.open\", \"txn\": \"t\", \"seq\": -1}", "bad-message" },
  { "search-control-char", "{\"type\": \"chat.search\", \"txn\": \"t\", \"query\": \"a\\u0007\"}", "bad-message" },
  { "read-not-number", "{\"type\": \"chat.read\", \"seq\": \"x\"}", "bad-message" },
};

static void
test_bad_row (gconstpointer data)
{
  const ConferTestBadRow *row = data;
  g_autoptr(ConferTestSocket) owner = join ("Owner", owner_invite, NULL);
  g_autofree char *message = say (owner, "m", "a message to aim at");
  guint64 seq = chat_seq ();
  g_autoptr(ConferTestSocket) socket = join ("Mallory", owner_invite, NULL);
  g_autoptr(GString) frame = NULL;
  g_autoptr(ConferMessage) pong = NULL;

  if (row->frame == NULL)
    {
      frame = g_string_new ("{\"type\": \"chat.send\", \"txn\": \"t\", \"text\": \"");
      for (guint i = 0; i <= CONFER_CHAT_MAX_TEXT; i++)
        g_string_append (frame, "é");
      g_string_append (frame, "\"}");
    }
  else
    frame = g_string_new (row->frame);
  g_string_replace (frame, "@MSG@", message, 0);
  g_string_replace (frame, "@OTHER@", other_message, 0);
  g_string_replace (frame, "@BLOB@", blob_name, 0);
  g_string_replace (frame, "@VOICE@", voice_name, 0);
  if (strstr (frame->str, "@PEAKS257@") != NULL)
    {
      g_autoptr(GString) peaks = g_string_new ("0");

      for (guint i = 1; i <= CONFER_CHAT_MAX_WAVEFORM; i++)
        g_string_append (peaks, ", 1");
      g_string_replace (frame, "@PEAKS257@", peaks->str, 0);
    }
  confer_test_socket_send (socket, frame->str);
  confer_test_socket_expect_error (socket, row->code);
  confer_test_socket_send (socket, "{\"type\": \"ping\", \"txn\": \"still-there\"}");
  pong = confer_test_socket_next_of (socket, "pong");
  g_assert_cmpuint (chat_seq (), ==, seq);
}

/* A read receipt and a reaction that land in one group commit each go out
 * as what they are: the reaction as an event (once the commit published
 * a target's entries as one family's, and the reaction was lost). */
static void
test_read_and_react_together (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite, NULL);
  g_autoptr(ConferMessage) page = open_chat (ann);
  g_autoptr(ConferMessage) frame = NULL;
  g_autofree char *id = say (ann, "rr1", "Read and react");
  JsonObject *event;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *txn = g_strdup_printf ("rr-react-%u", i);

      confer_test_socket_send_printf (ann, "{\"type\": \"chat.read\", \"seq\": %" G_GUINT64_FORMAT "}", seq_of (page));
      confer_test_socket_send_printf (ann, "{\"type\": \"chat.react\", \"txn\": \"%s\", \"message\": \"%s\", \"emoji\": \"👍\"%s}",
                   txn, id, i % 2 == 0 ? "" : ", \"remove\": true");
      g_clear_pointer (&frame, confer_message_unref);
      event = event_of (ann, txn, &frame);
      g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "react");
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTestSocket) owner = NULL;
  g_autoptr(ConferTestSocket) stranger = NULL;
  g_autoptr(ConferClient) uploader = NULL;
  g_autoptr(ConferLink) other_link = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) ogg = NULL;
  g_autofree char *other = NULL;
  static const guint8 png_bytes[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
  };
  /* An Ogg page (RFC 3533: 27 bytes of header, a segment table of one
   * segment of 19 bytes) holding Opus's identification header (RFC 7845
   * 5.1: mono, 48 kHz): what the server tells Ogg Opus by. */
  static const guint8 ogg_bytes[] = {
    'O', 'g', 'g', 'S', 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 19,
    'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0,
  };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_socket_join_owner (server, &session_id, &owner_invite);
  role_invites = confer_test_role_invites (owner, roles, G_N_ELEMENTS (roles));
  g_clear_pointer (&owner, confer_test_socket_free);

  /* Another session, with a message of its own. */
  other = confer_test_server_add_session (server);
  other_link = confer_link_parse (other, &error);
  g_assert_no_error (error);
  stranger = confer_test_socket_join (server, other_link->session, "Stranger", other_link->invite, NULL);
  other_message = say (stranger, "s1", "from elsewhere");

  uploader = confer_test_client_new (server->link, "Uploader");
  png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  blob_name = confer_client_put_blob (uploader, png, NULL, &error);
  g_assert_no_error (error);
  ogg = g_bytes_new_static (ogg_bytes, sizeof ogg_bytes);
  voice_name = confer_client_put_blob (uploader, ogg, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/chat/sync", test_sync);
  g_test_add_func ("/chat/edit-delete-react", test_edit_delete_react);
  g_test_add_func ("/chat/read-and-react-together", test_read_and_react_together);
  g_test_add_func ("/chat/search", test_search);
  g_test_add_func ("/chat/presence", test_presence);
  g_test_add_func ("/chat/roles", test_roles);
  g_test_add_func ("/chat/voice", test_voice);
  confer_test_add_bad_rows ("/chat", rows, G_N_ELEMENTS (rows), test_bad_row);

  status = g_test_run ();
  confer_test_server_free (server);
  g_free (session_id);
  g_free (owner_invite);
  g_strfreev (role_invites);
  g_free (other_message);
  g_free (blob_name);
  g_free (voice_name);
  return status;
}
