/* test-annotation.c: ink over a shared screen through a real conferd,
 * over raw connections: strokes being drawn and finished strokes relayed
 * within the sharer's room, kept for who comes later, cleared by the
 * sharer only and when the share ends; the limits, and every bad-input
 * row of docs/protocol.md's annotation table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-call.h"

static ConferTestServer *server;
static char *session_id;
static char *owner_invite;
static char **role_invites;     /* editor, commenter, viewer */
static const char *const roles[3] = { "editor", "commenter", "viewer" };

#define STROKE "[[10, 20, 0.5], [30, 40.5, 0.5], [1919, 1079, 1]]"

static ConferTestSocket *
join (const char *name,
      const char *invite)
{
  return confer_test_socket_join (server, session_id, name, invite, NULL);
}

static JsonObject *
object_of (ConferMessage *message)
{
  return confer_message_get_object (message);
}

/* The number of points of the `stroke` list in @object. */
static guint
n_points (JsonObject *object)
{
  return json_array_get_length (json_object_get_array_member (object, "stroke"));
}

/* Ann (an owner) shares her screen; Bob (an editor) and Cole (a
 * commenter) watch. Bob draws: Ann and Cole see his stroke grow, with his
 * member and participant; he finishes it and everyone gets it, his own
 * copy answering his txn. Dave comes later and gets the finished stroke.
 * Cole may not clear Ann's screen; Ann does, and everyone hears it. A
 * stroke added again goes when Ann stops sharing. */
static void
test_relay (void)
{
  g_autofree char *bob_id = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = confer_test_socket_join (server, session_id, "Bob", role_invites[0], &bob_id);
  g_autoptr(ConferTestSocket) cole = join ("Cole", role_invites[1]);
  g_autoptr(ConferTestSocket) dave = join ("Dave", owner_invite);
  g_autoptr(ConferMessage) drawn = NULL;
  g_autoptr(ConferMessage) added = NULL;
  g_autoptr(ConferMessage) list = NULL;
  g_autoptr(ConferMessage) cleared = NULL;
  g_autofree char *ann_member = confer_test_socket_join_call (ann, TRUE);
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);
  g_autofree char *cole_member = confer_test_socket_join_call (cole, FALSE);
  JsonObject *annotation;

  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.draw\", \"screen\": \"%s\", \"stroke\": [[5, 6, 0.5]]}",
                                  ann_member);
  for (guint i = 0; i < 2; i++)
    {
      ConferTestSocket *viewer = i == 0 ? ann : cole;
      g_autoptr(ConferMessage) draw = confer_test_socket_next_of (viewer, "annotation.draw");

      g_assert_cmpstr (json_object_get_string_member (object_of (draw), "screen"), ==, ann_member);
      g_assert_cmpstr (json_object_get_string_member (object_of (draw), "member"), ==, bob_member);
      g_assert_cmpstr (json_object_get_string_member (object_of (draw), "participant"), ==, bob_id);
      g_assert_cmpuint (n_points (object_of (draw)), ==, 1);
    }
  confer_test_socket_assert_none_of (bob, "annotation.draw");

  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.add\", \"txn\": \"ink-1\", \"screen\": \"%s\", "
                                  "\"stroke\": " STROKE "}", ann_member);
  added = confer_test_socket_next_of (bob, "annotation.added");
  g_assert_cmpstr (confer_message_get_txn (added), ==, "ink-1");
  annotation = json_object_get_object_member (object_of (added), "annotation");
  g_assert_cmpstr (json_object_get_string_member (annotation, "member"), ==, bob_member);
  g_assert_cmpuint (n_points (annotation), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (
                       json_object_get_array_member (annotation, "stroke"), 1), 1), ==, 40.5);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ConferMessage) copy = confer_test_socket_next_of (i == 0 ? ann : cole, "annotation.added");

      g_assert_null (confer_message_get_txn (copy));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (copy), "annotation"),
                                                      "id"), ==, json_object_get_string_member (annotation, "id"));
    }

  /* Dave joins later: the finished stroke comes with him. */
  g_free (confer_test_socket_join_call (dave, FALSE));
  list = confer_test_socket_next_of (dave, "annotation.list");
  g_assert_cmpstr (json_object_get_string_member (object_of (list), "screen"), ==, ann_member);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (list), "annotations")), ==, 1);

  /* Only the sharer clears. */
  confer_test_socket_send_printf (cole, "{\"type\": \"annotation.clear\", \"txn\": \"c\", \"screen\": \"%s\"}",
                                  ann_member);
  confer_test_socket_expect_error (cole, "forbidden");
  confer_test_socket_assert_none_of (bob, "annotation.cleared");
  confer_test_socket_send_printf (ann, "{\"type\": \"annotation.clear\", \"txn\": \"clear\", \"screen\": \"%s\"}",
                                  ann_member);
  cleared = confer_test_socket_next_of (ann, "annotation.cleared");
  g_assert_cmpstr (confer_message_get_txn (cleared), ==, "clear");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(ConferMessage) copy = confer_test_socket_next_of (i == 0 ? bob : i == 1 ? cole : dave,
                                                                  "annotation.cleared");

      g_assert_cmpstr (json_object_get_string_member (object_of (copy), "screen"), ==, ann_member);
    }

  /* Sharing ends: its annotations go, and a stroke being drawn on it is
   * refused. */
  confer_test_socket_send_printf (cole, "{\"type\": \"annotation.add\", \"txn\": \"ink-2\", \"screen\": \"%s\", "
                                  "\"stroke\": " STROKE "}", ann_member);
  g_clear_pointer (&added, confer_message_unref);
  added = confer_test_socket_next_of (cole, "annotation.added");
  confer_test_socket_send (ann, "{\"type\": \"call.update\", \"txn\": \"stop\", \"screen\": false}");
  g_clear_pointer (&cleared, confer_message_unref);
  cleared = confer_test_socket_next_of (bob, "annotation.cleared");
  g_assert_cmpstr (json_object_get_string_member (object_of (cleared), "screen"), ==, ann_member);
  confer_test_socket_send_printf (cole, "{\"type\": \"annotation.draw\", \"screen\": \"%s\", \"stroke\": []}",
                                  ann_member);
  confer_test_socket_expect_error (cole, "unknown-member");

  /* Sharing again starts a clean screen: Dave, joining again, gets no
   * list. */
  confer_test_socket_send (ann, "{\"type\": \"call.update\", \"txn\": \"again\", \"screen\": true}");
  g_clear_pointer (&cleared, confer_message_unref);
  confer_test_socket_leave_call (dave);
  g_free (confer_test_socket_join_call (dave, FALSE));
  confer_test_socket_assert_none_of (dave, "annotation.list");

  confer_test_socket_leave_call (dave);
  confer_test_socket_leave_call (cole);
  confer_test_socket_leave_call (bob);
  confer_test_socket_leave_call (ann);
}

/* A stroke being drawn is relayed at most every 25 ms: 200 updates sent
 * at once reach the others as fewer relays, the last one whole. Leaving
 * the call gives up a stroke being drawn (the others hear it empty);
 * stopping sharing one's own screen does not. */
static void
test_drawing (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite);
  g_autoptr(GString) stroke = g_string_new ("[");
  g_autofree char *ann_member = confer_test_socket_join_call (ann, TRUE);
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);
  guint relays = 0, last = 0;

  for (guint i = 1; i <= 200; i++)
    {
      g_string_append_printf (stroke, "%s[%u, %u, 0.5]", i > 1 ? ", " : "", i, i);
      confer_test_socket_send_printf (bob, "{\"type\": \"annotation.draw\", \"screen\": \"%s\", \"stroke\": %s]}",
                                      ann_member, stroke->str);
    }
  while (last < 200)
    {
      g_autoptr(ConferMessage) draw = confer_test_socket_next_of (ann, "annotation.draw");

      last = n_points (object_of (draw));
      relays++;
    }
  g_test_message ("200 updates of a stroke reached the sharer as %u relays", relays);
  g_assert_cmpuint (relays, <, 200);

  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.draw\", \"screen\": \"%s\", \"stroke\": [[1, 1, 0.5]]}",
                                  ann_member);
  confer_test_socket_skip_to (ann, "annotation.draw");
  /* Bob sharing and stopping his own screen leaves his stroke on Ann's. */
  confer_test_socket_send (bob, "{\"type\": \"call.update\", \"txn\": \"share\", \"screen\": true}");
  confer_test_socket_send (bob, "{\"type\": \"call.update\", \"txn\": \"unshare\", \"screen\": false}");
  confer_test_socket_assert_none_of (ann, "annotation.draw");
  confer_test_socket_leave_call (bob);
  {
    g_autoptr(ConferMessage) given_up = confer_test_socket_next_of (ann, "annotation.draw");

    g_assert_cmpstr (json_object_get_string_member (object_of (given_up), "member"), ==, bob_member);
    g_assert_cmpuint (n_points (object_of (given_up)), ==, 0);
  }
  confer_test_socket_leave_call (ann);
}

/* Limits: a stroke of 2,001 points is too large; a share keeps at most
 * 100,000 points (50 strokes of 2,000 here), then the sharer clears and
 * there is room again. A viewer, who may not be in calls, may not
 * annotate. */
static void
test_limits (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite);
  g_autoptr(ConferTestSocket) vera = join ("Vera", role_invites[2]);
  g_autoptr(GString) stroke = g_string_new ("[[0, 0, 0.5]");
  g_autofree char *ann_member = confer_test_socket_join_call (ann, TRUE);
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);

  for (guint i = 1; i < CONFER_ANNOTATION_MAX_POINTS; i++)
    g_string_append_printf (stroke, ", [%u, %u, 0.5]", i % 1920, i % 1080);
  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.add\", \"txn\": \"big\", \"screen\": \"%s\", "
                                  "\"stroke\": %s, [1, 1, 0.5]]}", ann_member, stroke->str);
  confer_test_socket_expect_error (bob, "too-large");
  g_string_append_c (stroke, ']');
  for (guint i = 0; i < CONFER_ANNOTATION_MAX_SHARE_POINTS / CONFER_ANNOTATION_MAX_POINTS; i++)
    {
      g_autoptr(ConferMessage) added = NULL;

      confer_test_socket_send_printf (bob, "{\"type\": \"annotation.add\", \"txn\": \"fill\", \"screen\": \"%s\", "
                                      "\"stroke\": %s}", ann_member, stroke->str);
      added = confer_test_socket_next_of (bob, "annotation.added");
    }
  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.add\", \"txn\": \"one-more\", \"screen\": \"%s\", "
                                  "\"stroke\": [[1, 1, 0.5]]}", ann_member);
  confer_test_socket_expect_error (bob, "limit-reached");
  confer_test_socket_send_printf (ann, "{\"type\": \"annotation.clear\", \"txn\": \"clear\", \"screen\": \"%s\"}",
                                  ann_member);
  confer_test_socket_skip_to (bob, "annotation.cleared");
  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.add\", \"txn\": \"room\", \"screen\": \"%s\", "
                                  "\"stroke\": [[1, 1, 0.5]]}", ann_member);
  confer_test_socket_skip_to (bob, "annotation.added");

  confer_test_socket_send_printf (vera, "{\"type\": \"annotation.draw\", \"screen\": \"%s\", \"stroke\": []}",
                                  ann_member);
  confer_test_socket_expect_error (vera, "forbidden");
  confer_test_socket_assert_none_of (ann, "annotation.draw");
  confer_test_socket_leave_call (bob);
  confer_test_socket_leave_call (ann);
}

/* @SCREEN@ stands for Ann's member id (she shares a screen), @BOB@ for
 * Bob's (he does not); Bob sends the row. */
static const ConferTestBadRow rows[] = {
  { "before-join", "{\"type\": \"annotation.draw\", \"screen\": \"@SCREEN@\", \"stroke\": []}", "not-in-call" },
  { "nobody-shares", "{\"type\": \"annotation.add\", \"txn\": \"t\", \"screen\": \"@BOB@\", \"stroke\": [[1, 1, 0.5]]}", "unknown-member" },
  { "unknown-screen", "{\"type\": \"annotation.draw\", \"screen\": \"nobody\", \"stroke\": []}", "unknown-member" },
  { "no-screen", "{\"type\": \"annotation.draw\", \"stroke\": []}", "bad-message" },
  { "screen-not-string", "{\"type\": \"annotation.draw\", \"screen\": 7, \"stroke\": []}", "bad-message" },
  { "stroke-not-list", "{\"type\": \"annotation.draw\", \"screen\": \"@SCREEN@\", \"stroke\": {\"x\": 1}}", "bad-message" },
  { "no-stroke", "{\"type\": \"annotation.add\", \"txn\": \"t\", \"screen\": \"@SCREEN@\"}", "bad-message" },
  { "add-empty", "{\"type\": \"annotation.add\", \"txn\": \"t\", \"screen\": \"@SCREEN@\", \"stroke\": []}", "bad-message" },
  { "add-no-txn", "{\"type\": \"annotation.add\", \"screen\": \"@SCREEN@\", \"stroke\": [[1, 1, 0.5]]}", "bad-message" },
  { "point-two-numbers", "{\"type\": \"annotation.draw\", \"screen\": \"@SCREEN@\", \"stroke\": [[1, 1]]}", "bad-message" },
  { "point-string", "{\"type\": \"annotation.draw\", \"screen\": \"@SCREEN@\", \"stroke\": [[\"1\", 1, 0.5]]}", "bad-message" },
  { "point-huge", "{\"type\": \"annotation.add\", \"txn\": \"t\", \"screen\": \"@SCREEN@\", \"stroke\": [[1e300, 1, 0.5]]}", "bad-message" },
  { "point-overflow", "{\"type\": \"annotation.add\", \"txn\": \"t\", \"screen\": \"@SCREEN@\", \"stroke\": [[1e999, 1, 0.5]]}", "bad-message" },
  { "point-negative", "{\"type\": \"annotation.add\", \"txn\": \"t\", \"screen\": \"@SCREEN@\", \"stroke\": [[1, -0.5, 0.5]]}", "bad-message" },
  { "point-past-range", "{\"type\": \"annotation.draw\", \"screen\": \"@SCREEN@\", \"stroke\": [[8193, 1, 0.5]]}", "bad-message" },
  { "pressure-over-one", "{\"type\": \"annotation.draw\", \"screen\": \"@SCREEN@\", \"stroke\": [[1, 1, 1.5]]}", "bad-message" },
  { "clear-not-sharer", "{\"type\": \"annotation.clear\", \"txn\": \"t\", \"screen\": \"@SCREEN@\"}", "forbidden" },
};

/* Ann shares, Bob watches and sends one bad frame: the code is the row's,
 * Ann hears nothing of it, and a good stroke Bob finishes next reaches
 * her. */
static void
test_bad_row (gconstpointer data)
{
  const ConferTestBadRow *row = data;
  g_autoptr(GString) frame = g_string_new (row->frame);
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", role_invites[0]);
  g_autoptr(ConferMessage) added = NULL;
  g_autofree char *ann_member = confer_test_socket_join_call (ann, TRUE);
  g_autofree char *bob_member = NULL;

  if (!g_str_equal (row->name, "before-join"))
    bob_member = confer_test_socket_join_call (bob, FALSE);
  g_string_replace (frame, "@SCREEN@", ann_member, 0);
  g_string_replace (frame, "@BOB@", bob_member != NULL ? bob_member : "", 0);
  confer_test_socket_send (bob, frame->str);
  confer_test_socket_expect_error (bob, row->code);
  confer_test_socket_assert_none_of (ann, "annotation.draw");
  confer_test_socket_assert_none_of (ann, "annotation.added");
  confer_test_socket_assert_none_of (ann, "annotation.cleared");

  if (bob_member == NULL)
    bob_member = confer_test_socket_join_call (bob, FALSE);
  confer_test_socket_send_printf (bob, "{\"type\": \"annotation.add\", \"txn\": \"good\", \"screen\": \"%s\", "
                                  "\"stroke\": " STROKE "}", ann_member);
  added = confer_test_socket_next_of (ann, "annotation.added");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (added), "annotation"),
                                                  "member"), ==, bob_member);
  confer_test_socket_leave_call (bob);
  confer_test_socket_leave_call (ann);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ConferTestSocket) owner = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_socket_join_owner (server, &session_id, &owner_invite);
  role_invites = confer_test_role_invites (owner, roles, G_N_ELEMENTS (roles));
  g_clear_pointer (&owner, confer_test_socket_free);

  g_test_add_func ("/annotation/relay", test_relay);
  g_test_add_func ("/annotation/drawing", test_drawing);
  g_test_add_func ("/annotation/limits", test_limits);
  confer_test_add_bad_rows ("/annotation", rows, G_N_ELEMENTS (rows), test_bad_row);

  status = g_test_run ();
  confer_test_server_free (server);
  g_free (session_id);
  g_free (owner_invite);
  g_strfreev (role_invites);
  return status;
}
