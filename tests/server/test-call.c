/* test-call.c: a session's call through a real conferd, over raw
 * connections: joining and leaving, the call's state for everyone,
 * offers, answers and ICE candidates relayed to their member only, the
 * mesh's limit, every role, and every bad-input row of docs/protocol.md's
 * call table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-call.h"

#define SDP "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 OPUS/48000/2\\r\\n"
#define CANDIDATE "candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host"

static ConferTestServer *server;
static char *session_id;
static char *owner_invite;
static char **role_invites;     /* editor, commenter, viewer, guest */
static const char *const roles[4] = { "editor", "commenter", "viewer", "guest" };
static char *other_session_link;

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

/* The members of the next `call.state`. */
static guint
next_state_members (ConferTestSocket *socket)
{
  g_autoptr(ConferMessage) state = confer_test_socket_next_of (socket, "call.state");

  return json_array_get_length (json_object_get_array_member (json_object_get_object_member (object_of (state), "call"),
                                                              "members"));
}

/* Whether the member @id of the next `call.state` records (it must be in
 * it). */
static gboolean
next_state_recording (ConferTestSocket *socket,
                      const char       *id)
{
  g_autoptr(ConferMessage) state = confer_test_socket_next_of (socket, "call.state");
  JsonArray *members = json_object_get_array_member (json_object_get_object_member (object_of (state), "call"), "members");

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);

      if (g_str_equal (json_object_get_string_member (member, "member"), id))
        return json_object_get_boolean_member (member, "recording");
    }
  g_error ("member %s is not in the call's state", id);
}

/* The recording notice: Ann (an owner) records, and everyone in the
 * session hears it — Cole in the call as call.member, Vera (a viewer,
 * outside it) as call.state — until she stops. Cole (a commenter) may not
 * record: his update is refused whole (his audio stays on) and nobody
 * hears of it; a recording flag that is not a boolean is refused too. */
static void
test_recording_notice (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) cole = join ("Cole", role_invites[1]);
  g_autoptr(ConferTestSocket) vera = join ("Vera", role_invites[2]);
  g_autoptr(ConferMessage) member = NULL;
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *cole_member = confer_test_socket_join_call (cole, FALSE);

  confer_test_socket_skip_to (ann, "call.member");
  g_assert_cmpuint (next_state_members (vera), ==, 1);
  g_assert_cmpuint (next_state_members (vera), ==, 2);

  confer_test_socket_send (cole, "{\"type\": \"call.update\", \"txn\": \"r\", \"recording\": true, \"audio\": false}");
  confer_test_socket_expect_error (cole, "forbidden");
  confer_test_socket_send (ann, "{\"type\": \"call.update\", \"txn\": \"r\", \"recording\": \"yes\"}");
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_assert_none_of (ann, "call.member");
  confer_test_socket_assert_none_of (vera, "call.state");
  confer_test_socket_assert_none_of (cole, "call.member");

  confer_test_socket_send (ann, "{\"type\": \"call.update\", \"txn\": \"r\", \"recording\": true}");
  member = confer_test_socket_next_of (cole, "call.member");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (member), "member"), "member"),
                   ==, ann_member);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object_of (member), "member"),
                                                 "recording"));
  g_assert_true (next_state_recording (vera, ann_member));
  /* Cole's refused update changed nothing of his. */
  g_clear_pointer (&member, confer_message_unref);
  confer_test_socket_send (cole, "{\"type\": \"call.update\", \"txn\": \"c\"}");
  member = confer_test_socket_next_of (cole, "call.member");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object_of (member), "member"), "audio"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (object_of (member), "member"),
                                                  "recording"));

  confer_test_socket_send (ann, "{\"type\": \"call.update\", \"txn\": \"s\", \"recording\": false}");
  g_assert_false (next_state_recording (vera, ann_member));
  confer_test_socket_leave_call (cole);
  confer_test_socket_leave_call (ann);
  g_assert_cmpstr (cole_member, !=, ann_member);
}

/* Ann, Bob and Gus (a guest) join; Carl stays out and sees the call's
 * state. Ann's offer, Bob's answer and their candidates reach only their
 * member, `from` set by the server; leaving, closing the connection and
 * joining again. */
static void
test_relay (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", role_invites[1]);
  g_autoptr(ConferTestSocket) gus = join ("Gus", role_invites[3]);
  g_autoptr(ConferTestSocket) carl = join ("Carl", owner_invite);
  g_autoptr(ConferMessage) member = NULL;
  g_autoptr(ConferMessage) offer = NULL;
  g_autoptr(ConferMessage) answer = NULL;
  g_autoptr(ConferMessage) ice = NULL;
  g_autoptr(ConferMessage) left = NULL;
  g_autoptr(ConferMessage) updated = NULL;
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *bob_member = NULL;
  g_autofree char *gus_member = NULL;
  g_autofree char *bob_again = NULL;
  JsonObject *object;

  g_assert_cmpuint (next_state_members (carl), ==, 1);
  bob_member = confer_test_socket_join_call (bob, FALSE);
  member = confer_test_socket_next_of (ann, "call.member");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (member), "member"), "member"),
                   ==, bob_member);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (object_of (member), "member"), "video"));
  g_assert_cmpuint (next_state_members (carl), ==, 2);
  gus_member = confer_test_socket_join_call (gus, FALSE);
  g_assert_cmpuint (next_state_members (carl), ==, 3);

  confer_test_socket_send_printf (ann, "{\"type\": \"call.offer\", \"txn\": \"o1\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}",
                                  bob_member);
  confer_test_socket_assert_none_of (ann, "error");
  offer = confer_test_socket_next_of (bob, "call.offer");
  object = object_of (offer);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, ann_member);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "sdp"), "v=0\r\no=- 1 2"));
  g_assert_false (json_object_has_member (object, "to"));

  confer_test_socket_send_printf (bob, "{\"type\": \"call.answer\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}", ann_member);
  answer = confer_test_socket_next_of (ann, "call.answer");
  g_assert_cmpstr (json_object_get_string_member (object_of (answer), "from"), ==, bob_member);
  confer_test_socket_send_printf (bob, "{\"type\": \"call.ice\", \"to\": \"%s\", \"candidate\": \"" CANDIDATE "\", "
                                  "\"sdp_mline_index\": 0, \"sdp_mid\": \"0\"}", ann_member);
  ice = confer_test_socket_next_of (ann, "call.ice");
  object = object_of (ice);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, bob_member);
  g_assert_cmpstr (json_object_get_string_member (object, "candidate"), ==, CANDIDATE);
  g_assert_cmpint (json_object_get_int_member (object, "sdp_mline_index"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "sdp_mid"), ==, "0");
  /* The end of gathering, an empty candidate, goes through; fields that
   * are not the signal's do not. */
  g_clear_pointer (&ice, confer_message_unref);
  confer_test_socket_send_printf (bob, "{\"type\": \"call.ice\", \"to\": \"%s\", \"candidate\": \"\", \"sdp_mline_index\": 1, "
                                  "\"sdp\": \"v=0\\r\\nnot checked\", \"extra\": true}", ann_member);
  ice = confer_test_socket_next_of (ann, "call.ice");
  object = object_of (ice);
  g_assert_cmpstr (json_object_get_string_member (object, "candidate"), ==, "");
  g_assert_cmpint (json_object_get_int_member (object, "sdp_mline_index"), ==, 1);
  g_assert_false (json_object_has_member (object, "sdp"));
  g_assert_false (json_object_has_member (object, "extra"));

  /* Nobody else heard any of it. */
  confer_test_socket_assert_none_of (gus, "call.offer");
  confer_test_socket_assert_none_of (carl, "call.ice");

  /* Muting reaches every member, the sender too. */
  confer_test_socket_send (gus, "{\"type\": \"call.update\", \"txn\": \"mute\", \"audio\": false}");
  updated = confer_test_socket_next_of (ann, "call.member");
  while (!g_str_equal (json_object_get_string_member (json_object_get_object_member (object_of (updated), "member"), "member"),
                       gus_member))
    {
      g_clear_pointer (&updated, confer_message_unref);
      updated = confer_test_socket_next_of (ann, "call.member");
    }
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (object_of (updated), "member"), "audio"));
  /* Only Gus's own copy, the answer, carries his txn. */
  g_assert_null (confer_message_get_txn (updated));
  g_clear_pointer (&updated, confer_message_unref);
  updated = confer_test_socket_next_of (gus, "call.member");
  while (g_strcmp0 (confer_message_get_txn (updated), "mute") != 0)
    {
      g_clear_pointer (&updated, confer_message_unref);
      updated = confer_test_socket_next_of (gus, "call.member");
    }

  /* Bob leaves: the others hear it, and an ICE candidate for him is for
   * nobody now. */
  confer_test_socket_leave_call (bob);
  left = confer_test_socket_next_of (ann, "call.left");
  g_assert_cmpstr (json_object_get_string_member (object_of (left), "member"), ==, bob_member);
  confer_test_socket_send_printf (ann, "{\"type\": \"call.ice\", \"to\": \"%s\", \"candidate\": \"\", \"sdp_mline_index\": 0}",
                                  bob_member);
  confer_test_socket_expect_error (ann, "unknown-member");

  /* He joins again, as a new member; Gus's connection closes, which
   * takes him out. */
  bob_again = confer_test_socket_join_call (bob, FALSE);
  g_assert_cmpstr (bob_again, !=, bob_member);
  g_clear_pointer (&gus, confer_test_socket_free);
  g_clear_pointer (&left, confer_message_unref);
  left = confer_test_socket_next_of (ann, "call.left");
  g_assert_cmpstr (json_object_get_string_member (object_of (left), "member"), ==, gus_member);

  confer_test_socket_leave_call (ann);
  confer_test_socket_leave_call (bob);
}

/* Six connections fill the call; a seventh is refused until one leaves,
 * also while some of the six are in a breakout room (bringing them back
 * would make a main room of seven). A newcomer to the session learns of
 * the call in `welcome`. */
static void
test_full (void)
{
  ConferTestSocket *members[CONFER_CALL_MAX_MEMBERS];
  char *ids[CONFER_CALL_MAX_MEMBERS];
  g_autoptr(ConferTestSocket) seventh = join ("Seventh", owner_invite);
  g_autoptr(ConferTestSocket) late = NULL;
  g_autoptr(ConferMessage) welcome = NULL;
  g_autofree char *seventh_member = NULL;
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"session\": \"%s\", "
                                            "\"invite\": \"%s\", \"name\": \"Late\"}", session_id, owner_invite);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i);

      members[i] = join (name, owner_invite);
      ids[i] = confer_test_socket_join_call (members[i], FALSE);
    }
  confer_test_socket_send (seventh, "{\"type\": \"call.join\", \"txn\": \"j7\"}");
  confer_test_socket_expect_error (seventh, "limit-reached");
  confer_test_socket_send_printf (members[0], "{\"type\": \"call.breakout\", \"txn\": \"b\", \"rooms\": [\"A\"], "
                                  "\"assign\": {\"%s\": 0, \"%s\": 0, \"%s\": 0}}", ids[1], ids[2], ids[3]);
  confer_test_socket_skip_to (members[0], "call.breakout");
  confer_test_socket_send (seventh, "{\"type\": \"call.join\", \"txn\": \"j7\"}");
  confer_test_socket_expect_error (seventh, "limit-reached");
  confer_test_socket_send (members[0], "{\"type\": \"call.return\", \"txn\": \"r\"}");
  confer_test_socket_skip_to (members[0], "call.return");

  late = confer_test_socket_new (server);
  welcome = confer_test_socket_hello (late, hello);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (object_of (welcome), "call"), "members")), ==, CONFER_CALL_MAX_MEMBERS);

  confer_test_socket_leave_call (members[0]);
  seventh_member = confer_test_socket_join_call (seventh, FALSE);
  confer_test_socket_leave_call (seventh);
  for (guint i = 1; i < G_N_ELEMENTS (members); i++)
    confer_test_socket_leave_call (members[i]);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      confer_test_socket_free (members[i]);
      g_free (ids[i]);
    }
}

/* One participant takes at most two places in the call (a laptop and a
 * phone): a third connection of theirs is refused. */
static void
test_per_participant (void)
{
  g_autoptr(ConferTestSocket) first = confer_test_socket_new (server);
  g_autoptr(ConferTestSocket) second = confer_test_socket_new (server);
  g_autoptr(ConferTestSocket) third = confer_test_socket_new (server);
  g_autoptr(ConferMessage) welcome = NULL;
  g_autoptr(ConferMessage) again = NULL;
  g_autoptr(ConferMessage) more = NULL;
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"session\": \"%s\", "
                                            "\"invite\": \"%s\", \"name\": \"Pat\"}", session_id, owner_invite);
  g_autofree char *by_token = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  welcome = confer_test_socket_hello (first, hello);
  by_token = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"session\": \"%s\", \"token\": \"%s\"}", session_id,
                              json_object_get_string_member (object_of (welcome), "token"));
  again = confer_test_socket_hello (second, by_token);
  more = confer_test_socket_hello (third, by_token);
  g_assert_cmpstr (confer_message_get_type_name (more), ==, "welcome");
  one = confer_test_socket_join_call (first, FALSE);
  two = confer_test_socket_join_call (second, FALSE);
  confer_test_socket_send (third, "{\"type\": \"call.join\"}");
  confer_test_socket_expect_error (third, "limit-reached");
  confer_test_socket_leave_call (first);
  confer_test_socket_leave_call (second);
}

/* Who may join, share a screen and record (docs/protocol.md's roles
 * table): viewers stay out; guests talk but do not share or record;
 * commenters share but do not record; editors and owners do all. */
static void
test_roles (void)
{
  const char *invites[5] = { owner_invite, role_invites[0], role_invites[1], role_invites[2], role_invites[3] };
  static const gboolean may_join[5] = { TRUE, TRUE, TRUE, FALSE, TRUE };
  static const gboolean may_share[5] = { TRUE, TRUE, TRUE, FALSE, FALSE };
  static const gboolean may_record[5] = { TRUE, TRUE, FALSE, FALSE, FALSE };

  for (guint r = 0; r < 5; r++)
    {
      g_autoptr(ConferTestSocket) socket = join ("Role", invites[r]);
      g_autofree char *member = NULL;

      g_test_message ("role %u", r);
      if (!may_join[r])
        {
          static const char *const refused[] = {
            "{\"type\": \"call.join\"}", "{\"type\": \"call.leave\"}", "{\"type\": \"call.update\", \"audio\": false}",
            "{\"type\": \"call.offer\", \"to\": \"x\", \"sdp\": \"" SDP "\"}",
            "{\"type\": \"call.answer\", \"to\": \"x\", \"sdp\": \"" SDP "\"}",
            "{\"type\": \"call.ice\", \"to\": \"x\", \"candidate\": \"\", \"sdp_mline_index\": 0}",
            "{\"type\": \"call.move\", \"room\": \"main\"}", "{\"type\": \"call.breakout\", \"rooms\": [\"A\"]}",
            "{\"type\": \"call.return\"}",
          };

          for (guint m = 0; m < G_N_ELEMENTS (refused); m++)
            {
              confer_test_socket_send (socket, refused[m]);
              confer_test_socket_expect_error (socket, "forbidden");
            }
          continue;
        }
      member = confer_test_socket_join_call (socket, FALSE);
      confer_test_socket_send (socket, "{\"type\": \"call.update\", \"txn\": \"s\", \"screen\": true}");
      if (may_share[r])
        confer_test_socket_skip_to (socket, "call.member");
      else
        confer_test_socket_expect_error (socket, "forbidden");
      confer_test_socket_send (socket, "{\"type\": \"call.update\", \"txn\": \"r\", \"recording\": true}");
      if (may_record[r])
        confer_test_socket_skip_to (socket, "call.member");
      else
        confer_test_socket_expect_error (socket, "forbidden");
      confer_test_socket_leave_call (socket);
    }
}

/* Session descriptions of three m-lines (audio, camera, screen) as
 * Confer's peers send them, the screen's direction and port varied. */
#define SDP_HEAD "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
#define SDP_AV "m=audio 9 UDP/TLS/RTP/SAVPF 96\\r\\na=sendrecv\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 97\\r\\na=sendrecv\\r\\n"
#define SDP_SCREEN(port, direction) "m=video " port " UDP/TLS/RTP/SAVPF 98\\r\\n" direction "a=content:slides\\r\\n"

/* Sharing a screen is for roles that may (owners, editors, commenters):
 * a guest's call.join with `screen` is refused and leaves it out of the
 * call; once in, a guest's offers and answers that would send a screen —
 * on the m-line marked a=content:slides (sendrecv by default, bundled or
 * not), or as a second video m-line — are refused and not relayed, while
 * one that only receives the screen is; a commenter's screen is relayed. */
static void
test_screen_roles (void)
{
  static const struct { const char *sdp; gboolean relayed; } guest_rows[] = {
    { SDP_HEAD SDP_AV SDP_SCREEN ("9", "a=recvonly\\r\\n"), TRUE },
    { SDP_HEAD SDP_AV SDP_SCREEN ("9", "a=inactive\\r\\n"), TRUE },
    { SDP_HEAD "a=recvonly\\r\\n" SDP_AV SDP_SCREEN ("9", ""), TRUE },          /* the session's direction */
    { SDP_HEAD SDP_AV SDP_SCREEN ("0", "a=sendrecv\\r\\n"), TRUE },             /* rejected: port 0 alone */
    { SDP_HEAD SDP_AV SDP_SCREEN ("9", "a=sendrecv\\r\\n"), FALSE },
    { SDP_HEAD SDP_AV SDP_SCREEN ("9", "a=sendonly\\r\\n"), FALSE },
    { SDP_HEAD SDP_AV SDP_SCREEN ("9", ""), FALSE },                         /* sendrecv unless said */
    { SDP_HEAD SDP_AV SDP_SCREEN ("0", "a=bundle-only\\r\\na=sendonly\\r\\n"), FALSE },
    { SDP_HEAD SDP_AV "m=video 9 UDP/TLS/RTP/SAVPF 98\\r\\na=sendonly\\r\\n", FALSE }, /* a second video, unmarked */
  };
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) cleo = join ("Cleo", role_invites[1]);
  g_autoptr(ConferTestSocket) gus = join ("Gus", role_invites[3]);
  g_autoptr(ConferMessage) joined = NULL;
  g_autoptr(ConferMessage) offer = NULL;
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *cleo_member = NULL;
  g_autofree char *gus_member = NULL;
  JsonArray *members;

  confer_test_socket_send (gus, "{\"type\": \"call.join\", \"txn\": \"g\", \"screen\": true}");
  confer_test_socket_expect_error (gus, "forbidden");
  confer_test_socket_assert_none_of (ann, "call.member");
  gus_member = confer_test_socket_join_call (gus, FALSE);

  confer_test_socket_send (cleo, "{\"type\": \"call.join\", \"txn\": \"c\", \"screen\": true}");
  joined = confer_test_socket_next_of (cleo, "call.joined");
  cleo_member = g_strdup (json_object_get_string_member (object_of (joined), "member"));
  members = json_object_get_array_member (json_object_get_object_member (object_of (joined), "call"), "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (members, 2), "screen"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (members, 1), "screen"));

  for (guint i = 0; i < G_N_ELEMENTS (guest_rows); i++)
    {
      g_test_message ("guest row %u", i);
      confer_test_socket_send_printf (gus, "{\"type\": \"%s\", \"to\": \"%s\", \"sdp\": \"%s\"}",
                                      i % 2 == 0 ? "call.offer" : "call.answer", ann_member, guest_rows[i].sdp);
      if (guest_rows[i].relayed)
        {
          g_autoptr(ConferMessage) relayed = confer_test_socket_next_of (ann, i % 2 == 0 ? "call.offer" : "call.answer");

          g_assert_cmpstr (json_object_get_string_member (object_of (relayed), "from"), ==, gus_member);
        }
      else
        {
          confer_test_socket_expect_error (gus, "forbidden");
          confer_test_socket_assert_none_of (ann, "call.offer");
          confer_test_socket_assert_none_of (ann, "call.answer");
        }
    }

  confer_test_socket_send_printf (cleo, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"%s\"}", ann_member,
                                  SDP_HEAD SDP_AV SDP_SCREEN ("9", "a=sendrecv\\r\\n"));
  offer = confer_test_socket_next_of (ann, "call.offer");
  g_assert_cmpstr (json_object_get_string_member (object_of (offer), "from"), ==, cleo_member);
  confer_test_socket_leave_call (gus);
  confer_test_socket_leave_call (cleo);
  confer_test_socket_leave_call (ann);
}

/* @TO@ stands for a member of the call other than the sender. */
static const ConferTestBadRow rows[] = {
  { "before-join", "{\"type\": \"call.ice\", \"to\": \"@TO@\", \"candidate\": \"\", \"sdp_mline_index\": 0, \"x\": \"not joined\"}", "not-in-call" },
  { "second-join", "{\"type\": \"call.join\", \"x\": \"@TO@\"}", "not-in-call" },
  { "sdp-no-version", "{\"type\": \"call.offer\", \"to\": \"@TO@\", \"sdp\": \"o=- 1 2 IN IP4 0.0.0.0\\r\\nm=audio 9 RTP 0\\r\\n\"}", "bad-message" },
  { "sdp-not-lines", "{\"type\": \"call.offer\", \"to\": \"@TO@\", \"sdp\": \"v=0\\r\\nhello world\\r\\nm=audio 9 RTP 0\\r\\n\"}", "bad-message" },
  { "sdp-control-char", "{\"type\": \"call.offer\", \"to\": \"@TO@\", \"sdp\": \"v=0\\r\\ns=\\u0007\\r\\nm=audio 9 RTP 0\\r\\n\"}", "bad-message" },
  { "sdp-no-media", "{\"type\": \"call.answer\", \"to\": \"@TO@\", \"sdp\": \"v=0\\r\\ns=-\\r\\n\"}", "bad-message" },
  { "sdp-unterminated", "{\"type\": \"call.answer\", \"to\": \"@TO@\", \"sdp\": \"v=0\\r\\nm=audio 9 RTP 0\"}", "bad-message" },
  { "sdp-not-string", "{\"type\": \"call.offer\", \"to\": \"@TO@\", \"sdp\": {\"v\": 0}}", "bad-message" },
  { "offer-as-another", "{\"type\": \"call.offer\", \"to\": \"@TO@\", \"from\": \"someone\", \"sdp\": \"" SDP "\"}", "bad-message" },
  { "ice-unknown-member", "{\"type\": \"call.ice\", \"to\": \"nobody@TO@\", \"candidate\": \"\", \"sdp_mline_index\": 0}", "unknown-member" },
  { "ice-not-candidate", "{\"type\": \"call.ice\", \"to\": \"@TO@\", \"candidate\": \"a=candidate\", \"sdp_mline_index\": 0}", "bad-message" },
  { "ice-control-char", "{\"type\": \"call.ice\", \"to\": \"@TO@\", \"candidate\": \"candidate:1\\n2\", \"sdp_mline_index\": 0}", "bad-message" },
  { "ice-mline-range", "{\"type\": \"call.ice\", \"to\": \"@TO@\", \"candidate\": \"" CANDIDATE "\", \"sdp_mline_index\": 64}", "bad-message" },
  { "ice-no-mline", "{\"type\": \"call.ice\", \"to\": \"@TO@\", \"candidate\": \"" CANDIDATE "\"}", "bad-message" },
  { "ice-not-string", "{\"type\": \"call.ice\", \"to\": \"@TO@\", \"candidate\": 7, \"sdp_mline_index\": 0}", "bad-message" },
  { "update-not-boolean", "{\"type\": \"call.update\", \"audio\": \"off\", \"x\": \"@TO@\"}", "bad-message" },
};

/* Ann and Bob are in the call; Ann sends one bad frame. The code is the
 * row's, nothing is relayed to Bob, and both go on: Ann's next offer
 * reaches him. */
static void
test_bad_row (gconstpointer data)
{
  const ConferTestBadRow *row = data;
  g_autoptr(GString) frame = g_string_new (row->frame);
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite);
  g_autoptr(ConferMessage) offer = NULL;
  g_autofree char *ann_member = NULL;
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);

  if (!g_str_equal (row->name, "before-join"))
    ann_member = confer_test_socket_join_call (ann, FALSE);
  g_string_replace (frame, "@TO@", bob_member, 0);
  confer_test_socket_send (ann, frame->str);
  confer_test_socket_expect_error (ann, row->code);
  confer_test_socket_assert_none_of (bob, "call.offer");
  confer_test_socket_assert_none_of (bob, "call.answer");
  confer_test_socket_assert_none_of (bob, "call.ice");

  if (ann_member == NULL)
    ann_member = confer_test_socket_join_call (ann, FALSE);
  confer_test_socket_send_printf (ann, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}", bob_member);
  offer = confer_test_socket_next_of (bob, "call.offer");
  g_assert_cmpstr (json_object_get_string_member (object_of (offer), "from"), ==, ann_member);
  confer_test_socket_leave_call (ann);
  confer_test_socket_leave_call (bob);
}

/* Limits: an offer over 64 KiB is too large; a flood of candidates is
 * cut at the signalling rate, keeping the connection and the others. */
static void
test_limits (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", owner_invite);
  g_autoptr(ConferMessage) offer = NULL;
  g_autoptr(GString) big = g_string_new ("v=0\\r\\nm=audio 9 RTP 0\\r\\na=");
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);
  guint limited = 0;

  /* Each "\\r\\n" is 4 bytes here and 2 in the description, which ends
   * up CONFER_CALL_MAX_SDP + 6 bytes long. */
  while (big->len < CONFER_CALL_MAX_SDP + 8)
    g_string_append_c (big, 'x');
  g_string_append (big, "\\r\\n");
  confer_test_socket_send_printf (ann, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"%s\"}", bob_member, big->str);
  confer_test_socket_expect_error (ann, "too-large");

  for (guint i = 0; i < CONFER_CALL_SIGNAL_BURST + 100; i++)
    confer_test_socket_send_printf (ann, "{\"type\": \"call.ice\", \"to\": \"%s\", \"candidate\": \"" CANDIDATE "\", "
                                    "\"sdp_mline_index\": 0}", bob_member);
  /* Ann's refusals all come before the answer to a message sent after
   * the flood; Bob then gets every candidate that was not refused (the
   * bucket refills as the server works, so how many depends on its pace). */
  confer_test_socket_send (ann, "{\"type\": \"doc.list\", \"txn\": \"after-flood\"}");
  for (;;)
    {
      g_autoptr(ConferMessage) next = confer_test_socket_next (ann);
      const char *type;

      g_assert_nonnull (next);
      type = confer_message_get_type_name (next);
      if (g_str_equal (type, "error"))
        {
          g_assert_cmpstr (json_object_get_string_member (object_of (next), "code"), ==, "rate-limited");
          limited++;
        }
      else if (g_str_equal (type, "doc.list") && g_strcmp0 (confer_message_get_txn (next), "after-flood") == 0)
        break;
    }
  for (guint relayed = 0; relayed < CONFER_CALL_SIGNAL_BURST + 100 - limited; relayed++)
    confer_test_socket_skip_to (bob, "call.ice");
  g_test_message ("%u of %u candidates refused", limited, CONFER_CALL_SIGNAL_BURST + 100);
  g_assert_cmpuint (limited, >, 0);
  g_assert_true (confer_test_socket_is_open (ann));

  /* Later, at a calm pace, it goes through again. */
  g_usleep (G_USEC_PER_SEC / 10);
  confer_test_socket_send_printf (ann, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}", bob_member);
  offer = confer_test_socket_next_of (bob, "call.offer");
  g_assert_cmpstr (json_object_get_string_member (object_of (offer), "from"), ==, ann_member);
  confer_test_socket_leave_call (ann);
  confer_test_socket_leave_call (bob);
}

/* The room of the next `call.moved`. */
static char *
next_moved_room (ConferTestSocket *socket)
{
  g_autoptr(ConferMessage) moved = confer_test_socket_next_of (socket, "call.moved");

  return g_strdup (json_object_get_string_member (object_of (moved), "room"));
}

/* The owner opens two breakout rooms: Bob and Cid in the first, Gus in
 * the second, members may choose. Signalling stays within a room; Gus
 * moves himself; only the owner brings everyone back. Bad breakouts are
 * refused with nothing changed. */
static void
test_breakout (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", role_invites[0]);
  g_autoptr(ConferTestSocket) cid = join ("Cid", role_invites[1]);
  g_autoptr(ConferTestSocket) gus = join ("Gus", role_invites[3]);
  g_autoptr(ConferMessage) opened = NULL;
  g_autoptr(ConferMessage) offer = NULL;
  g_autoptr(ConferMessage) member = NULL;
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);
  g_autofree char *cid_member = confer_test_socket_join_call (cid, FALSE);
  g_autofree char *gus_member = confer_test_socket_join_call (gus, FALSE);
  g_autofree char *bob_room = NULL;
  g_autofree char *cid_room = NULL;
  g_autofree char *gus_room = NULL;
  g_autofree char *gus_again = NULL;
  g_autofree char *back = NULL;
  JsonObject *call;

  /* Refused, nothing opened: a commenter; no rooms; a name with a
   * control character; an unknown member; a room number out of range. */
  confer_test_socket_send (cid, "{\"type\": \"call.breakout\", \"rooms\": [\"A\"]}");
  confer_test_socket_expect_error (cid, "forbidden");
  confer_test_socket_send (ann, "{\"type\": \"call.breakout\", \"rooms\": []}");
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send (ann, "{\"type\": \"call.breakout\", \"rooms\": [\"A\\u0007\"]}");
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send (ann, "{\"type\": \"call.breakout\", \"rooms\": [\"A\"], \"assign\": {\"nobody\": 0}}");
  confer_test_socket_expect_error (ann, "unknown-member");
  confer_test_socket_send_printf (ann, "{\"type\": \"call.breakout\", \"rooms\": [\"A\"], \"assign\": {\"%s\": 1}}", bob_member);
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send (gus, "{\"type\": \"call.move\", \"room\": \"main\"}");
  confer_test_socket_expect_error (gus, "forbidden");

  confer_test_socket_send_printf (ann, "{\"type\": \"call.breakout\", \"txn\": \"b1\", \"rooms\": [\"Design\", \"Planning\"], "
                                  "\"assign\": {\"%s\": 0, \"%s\": 0, \"%s\": 1}, \"choose\": true, \"minutes\": 15}",
                                  bob_member, cid_member, gus_member);
  opened = confer_test_socket_next_of (ann, "call.breakout");
  call = json_object_get_object_member (object_of (opened), "call");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (call, "rooms")), ==, 2);
  g_assert_true (json_object_get_boolean_member (call, "choose"));
  g_assert_cmpint (json_object_get_int_member (call, "ends"), >, g_get_real_time () / 1000 + 14 * 60000);
  bob_room = next_moved_room (bob);
  cid_room = next_moved_room (cid);
  gus_room = next_moved_room (gus);
  g_assert_cmpstr (bob_room, ==, cid_room);
  g_assert_cmpstr (bob_room, !=, gus_room);
  g_assert_cmpstr (bob_room, !=, "main");

  /* Within a room, signalling goes through; across rooms, the member is
   * unknown to the sender. */
  confer_test_socket_send_printf (bob, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}", cid_member);
  offer = confer_test_socket_next_of (cid, "call.offer");
  g_assert_cmpstr (json_object_get_string_member (object_of (offer), "from"), ==, bob_member);
  confer_test_socket_send_printf (bob, "{\"type\": \"call.ice\", \"to\": \"%s\", \"candidate\": \"\", \"sdp_mline_index\": 0}",
                                  gus_member);
  confer_test_socket_expect_error (bob, "unknown-member");
  confer_test_socket_send_printf (ann, "{\"type\": \"call.ice\", \"to\": \"%s\", \"candidate\": \"\", \"sdp_mline_index\": 0}",
                                  bob_member);
  confer_test_socket_expect_error (ann, "unknown-member");
  confer_test_socket_assert_none_of (gus, "call.ice");

  /* Gus chooses Bob's room: its members hear him come. A second
   * breakout while these are open, an unknown room, and a commenter
   * closing them are refused. */
  confer_test_socket_send_printf (gus, "{\"type\": \"call.move\", \"txn\": \"m1\", \"room\": \"%s\"}", bob_room);
  gus_again = next_moved_room (gus);
  g_assert_cmpstr (gus_again, ==, bob_room);
  member = confer_test_socket_next_of (bob, "call.member");
  while (!g_str_equal (json_object_get_string_member (json_object_get_object_member (object_of (member), "member"), "member"),
                       gus_member))
    {
      g_clear_pointer (&member, confer_message_unref);
      member = confer_test_socket_next_of (bob, "call.member");
    }
  confer_test_socket_send (ann, "{\"type\": \"call.breakout\", \"rooms\": [\"Again\"]}");
  confer_test_socket_expect_error (ann, "bad-message");
  confer_test_socket_send (gus, "{\"type\": \"call.move\", \"room\": \"nowhere\"}");
  confer_test_socket_expect_error (gus, "bad-message");
  confer_test_socket_send (cid, "{\"type\": \"call.return\"}");
  confer_test_socket_expect_error (cid, "forbidden");

  /* Everyone back. */
  confer_test_socket_send (ann, "{\"type\": \"call.return\", \"txn\": \"r1\"}");
  confer_test_socket_skip_to (ann, "call.return");
  back = next_moved_room (bob);
  g_assert_cmpstr (back, ==, "main");
  confer_test_socket_send_printf (ann, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}", bob_member);
  g_clear_pointer (&offer, confer_message_unref);
  offer = confer_test_socket_next_of (bob, "call.offer");
  g_assert_cmpstr (json_object_get_string_member (object_of (offer), "from"), ==, ann_member);

  confer_test_socket_leave_call (ann);
  confer_test_socket_leave_call (bob);
  confer_test_socket_leave_call (cid);
  confer_test_socket_leave_call (gus);
}

/* Whether a `call.moved` to @room came before the answer to a `doc.list`
 * sent now (which also keeps the connection from idling out). */
static gboolean
moved_to (ConferTestSocket *socket,
          const char       *room)
{
  gboolean moved = FALSE;

  confer_test_socket_send (socket, "{\"type\": \"doc.list\", \"txn\": \"ping\"}");
  for (;;)
    {
      g_autoptr(ConferMessage) next = confer_test_socket_next (socket);
      const char *type;

      g_assert_nonnull (next);
      type = confer_message_get_type_name (next);
      if (g_str_equal (type, "call.moved"))
        moved |= g_str_equal (json_object_get_string_member (object_of (next), "room"), room);
      if (g_str_equal (type, "doc.list") && g_strcmp0 (confer_message_get_txn (next), "ping") == 0)
        return moved;
    }
}

/* Breakout rooms set to last a minute bring everyone back by themselves
 * after it, and not before. */
static void
test_breakout_timer (void)
{
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autoptr(ConferTestSocket) bob = join ("Bob", role_invites[0]);
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *bob_member = confer_test_socket_join_call (bob, FALSE);
  g_autofree char *room = NULL;
  gint64 opened;
  gboolean back = FALSE;

  confer_test_socket_send_printf (ann, "{\"type\": \"call.breakout\", \"txn\": \"b\", \"rooms\": [\"Short\"], "
                                  "\"assign\": {\"%s\": 0}, \"minutes\": 1}", bob_member);
  confer_test_socket_skip_to (ann, "call.breakout");
  opened = g_get_monotonic_time ();
  room = next_moved_room (bob);
  g_assert_cmpstr (room, !=, "main");
  while (!back && g_get_monotonic_time () - opened < 75 * G_USEC_PER_SEC)
    {
      g_usleep (5 * G_USEC_PER_SEC);
      back = moved_to (bob, "main");
      g_assert_true (moved_to (ann, "main") == FALSE);
      g_assert_true (!back || g_get_monotonic_time () - opened >= 59 * G_USEC_PER_SEC);
    }
  g_assert_true (back);
  confer_test_socket_leave_call (ann);
  confer_test_socket_leave_call (bob);
}

/* A member of another session's call cannot reach this one's: member ids
 * are looked up in the sender's call only. */
static void
test_sessions_apart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferLink) link = confer_link_parse (other_session_link, &error);
  g_autoptr(ConferTestSocket) stranger = NULL;
  g_autoptr(ConferTestSocket) ann = join ("Ann", owner_invite);
  g_autofree char *ann_member = confer_test_socket_join_call (ann, FALSE);
  g_autofree char *stranger_member = NULL;

  g_assert_no_error (error);
  stranger = confer_test_socket_join (server, link->session, "Stranger", link->invite, NULL);
  stranger_member = confer_test_socket_join_call (stranger, FALSE);
  confer_test_socket_send_printf (stranger, "{\"type\": \"call.offer\", \"to\": \"%s\", \"sdp\": \"" SDP "\"}", ann_member);
  confer_test_socket_expect_error (stranger, "unknown-member");
  confer_test_socket_assert_none_of (ann, "call.offer");
  confer_test_socket_leave_call (ann);
  confer_test_socket_leave_call (stranger);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferTestSocket) owner = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_socket_join_owner (server, &session_id, &owner_invite);
  role_invites = confer_test_role_invites (owner, roles, G_N_ELEMENTS (roles));
  g_clear_pointer (&owner, confer_test_socket_free);
  other_session_link = confer_test_server_add_session (server);

  g_test_add_func ("/call/relay", test_relay);
  g_test_add_func ("/call/full", test_full);
  g_test_add_func ("/call/per-participant", test_per_participant);
  g_test_add_func ("/call/roles", test_roles);
  g_test_add_func ("/call/recording-notice", test_recording_notice);
  g_test_add_func ("/call/screen-roles", test_screen_roles);
  g_test_add_func ("/call/limits", test_limits);
  g_test_add_func ("/call/sessions-apart", test_sessions_apart);
  g_test_add_func ("/call/breakout", test_breakout);
  g_test_add_func ("/call/breakout-timer", test_breakout_timer);
  confer_test_add_bad_rows ("/call", rows, G_N_ELEMENTS (rows), test_bad_row);

  status = g_test_run ();
  confer_test_server_free (server);
  g_free (session_id);
  g_free (owner_invite);
  g_strfreev (role_invites);
  g_free (other_session_link);
  return status;
}
