/* test-call-client.c: the session's call as the typed client
 * (ConferClientCall) meets it, through a real conferd: the members as they
 * join, change and leave, seen from inside the call and from outside it;
 * offers, answers and candidates reaching their member only; a viewer
 * refused; leaving and rejoining; a dropped connection rejoining by itself;
 * breakout rooms opened, moved between and closed, each its own mesh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

#define WAIT_MS 15000
#define SDP "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 OPUS/48000/2\r\n"
#define CANDIDATE "candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host"

static ConferTestServer *server;

/* One participant: their client, and what their call heard. */
typedef struct
{
  ConferClient     *client;
  ConferClientCall *call;
  GPtrArray        *heard;      /* "offer FROM SDP", "answer FROM SDP", "ice FROM INDEX CANDIDATE" */
  GPtrArray        *refusals;   /* codes */
} Side;

static void
description_cb (ConferCallSignalling      *signalling,
                const char                *from,
                ConferCallDescriptionKind  kind,
                const char                *sdp,
                Side                      *side)
{
  g_ptr_array_add (side->heard, g_strdup_printf ("%s %s %s", kind == CONFER_CALL_OFFER ? "offer" : "answer", from, sdp));
}

static void
candidate_cb (ConferCallSignalling *signalling,
              const char           *from,
              guint                 index,
              const char           *candidate,
              Side                 *side)
{
  g_ptr_array_add (side->heard, g_strdup_printf ("ice %s %u %s", from, index, candidate));
}

static void
refused_cb (ConferClientCall *call,
            const char       *code,
            const char       *message,
            Side             *side)
{
  g_ptr_array_add (side->refusals, g_strdup (code));
}

static Side *
side_new (const char *link,
          const char *name)
{
  Side *side = g_new0 (Side, 1);

  side->client = confer_test_client_new (link, name);
  side->call = confer_client_get_call (side->client);
  side->heard = g_ptr_array_new_with_free_func (g_free);
  side->refusals = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (side->call, "description", G_CALLBACK (description_cb), side);
  g_signal_connect (side->call, "candidate", G_CALLBACK (candidate_cb), side);
  g_signal_connect (side->call, "refused", G_CALLBACK (refused_cb), side);
  return side;
}

static void
side_free (Side *side)
{
  g_signal_handlers_disconnect_by_data (side->call, side);
  g_object_unref (side->client);
  g_ptr_array_unref (side->heard);
  g_ptr_array_unref (side->refusals);
  g_free (side);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Side, side_free)

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition done,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done (data));
}

/* The member ids of @members, in order, joined by spaces. */
static char *
ids_of (GListModel *members)
{
  g_autoptr(GString) ids = g_string_new ("");

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", confer_call_member_get_id (member));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

typedef struct
{
  GListModel *members;
  const char *expected;
} ListWait;

static gboolean
list_is (gpointer data)
{
  ListWait *wait = data;
  g_autofree char *ids = ids_of (wait->members);

  return g_str_equal (ids, wait->expected);
}

static void
wait_members (Side       *side,
              const char *expected)
{
  ListWait wait = { confer_client_call_get_members (side->call), expected };

  wait_for (list_is, &wait);
}

static gboolean
heard_something (gpointer data)
{
  return ((Side *) data)->heard->len > 0;
}

static gboolean
refused_something (gpointer data)
{
  return ((Side *) data)->refusals->len > 0;
}

static gboolean
in_call (gpointer data)
{
  return confer_client_call_get_member_id (data) != NULL;
}

/* Whether @data's side sees Bob's member (the other side's own) record. */
typedef struct
{
  Side *watcher;
  Side *recorder;
} RecordingWait;

static gboolean
sees_recording (gpointer data)
{
  RecordingWait *wait = data;
  ConferCallMember *member = confer_client_call_find_member (wait->watcher->call,
                                                             confer_client_call_get_member_id (wait->recorder->call));

  return member != NULL && confer_call_member_get_recording (member);
}

static char *
join (Side            *side,
      ConferCallFlags  flags)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (confer_client_call_join (side->call, flags, WAIT_MS, &error));
  g_assert_no_error (error);
  g_assert_nonnull (confer_client_call_get_member_id (side->call));
  return g_strdup (confer_client_call_get_member_id (side->call));
}

/* Reads until everything @side's server sent before now has arrived. */
static void
sync_with_server (Side *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_test_request (side->client, "{\"type\": \"doc.list\"}", &error);

  g_assert_no_error (error);
}

/* Ann and Bob join; Carl stays out and follows the list, and so does
 * Dora, who arrives later and learns it from `welcome`. The list is in
 * the order they joined; a change of what Bob sends updates his object in
 * place; Ann leaving empties it for everyone. */
static void
test_members (void)
{
  g_autoptr(Side) ann = side_new (server->link, "Ann");
  g_autoptr(Side) bob = side_new (server->link, "Bob");
  g_autoptr(Side) carl = side_new (server->link, "Carl");
  g_autoptr(Side) dora = NULL;
  g_autofree char *ann_id = join (ann, CONFER_CALL_AUDIO | CONFER_CALL_VIDEO);
  g_autofree char *bob_id = NULL;
  g_autofree char *both = NULL;
  ConferCallMember *bob_at_ann;

  g_assert_cmpint (confer_client_call_get_started (ann->call), >, 0);
  wait_members (carl, ann_id);
  g_assert_null (confer_client_call_get_member_id (carl->call));
  bob_id = join (bob, CONFER_CALL_AUDIO);
  both = g_strdup_printf ("%s %s", ann_id, bob_id);
  g_assert_cmpstr (bob_id, !=, ann_id);
  wait_members (ann, both);
  wait_members (bob, both);
  wait_members (carl, both);
  dora = side_new (server->link, "Dora");
  wait_members (dora, both);
  g_assert_cmpint (confer_client_call_get_started (dora->call), ==, confer_client_call_get_started (ann->call));

  bob_at_ann = confer_client_call_find_member (ann->call, bob_id);
  g_assert_nonnull (bob_at_ann);
  g_assert_cmpstr (confer_call_member_get_participant (bob_at_ann), ==, confer_client_get_participant_id (bob->client));
  g_assert_true (confer_call_member_get_audio (bob_at_ann));
  g_assert_false (confer_call_member_get_video (bob_at_ann));
  confer_client_call_update (bob->call, CONFER_CALL_AUDIO | CONFER_CALL_VIDEO, CONFER_CALL_VIDEO);
  sync_with_server (bob);
  sync_with_server (ann);
  g_assert_true (confer_client_call_find_member (ann->call, bob_id) == bob_at_ann);
  g_assert_false (confer_call_member_get_audio (bob_at_ann));
  g_assert_true (confer_call_member_get_video (bob_at_ann));

  confer_client_call_leave (ann->call);
  g_assert_null (confer_client_call_get_member_id (ann->call));
  wait_members (carl, bob_id);
  wait_members (ann, bob_id);
  confer_client_call_leave (bob->call);
  wait_members (carl, "");
  wait_members (dora, "");
  g_assert_cmpint (confer_client_call_get_started (carl->call), ==, 0);
}

/* An offer, an answer and candidates each reach the member addressed,
 * from the sender's member id; someone in the call not addressed and
 * someone outside it hear nothing. */
static void
test_signalling (void)
{
  g_autoptr(Side) ann = side_new (server->link, "Ann");
  g_autoptr(Side) bob = side_new (server->link, "Bob");
  g_autoptr(Side) gus = side_new (server->link, "Gus");
  g_autoptr(Side) carl = side_new (server->link, "Carl");
  g_autofree char *ann_id = join (ann, CONFER_CALL_AUDIO);
  g_autofree char *bob_id = join (bob, CONFER_CALL_AUDIO);
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *ice = NULL;
  ConferCallSignalling *bob_signalling = CONFER_CALL_SIGNALLING (bob->call);
  ConferCallSignalling *ann_signalling = CONFER_CALL_SIGNALLING (ann->call);

  g_free (join (gus, CONFER_CALL_AUDIO));
  g_assert_cmpstr (confer_call_signalling_get_member_id (bob_signalling), ==, bob_id);
  g_assert_true (confer_call_signalling_get_members (bob_signalling) == confer_client_call_get_room_members (bob->call));

  confer_call_signalling_send_description (bob_signalling, ann_id, CONFER_CALL_OFFER, SDP);
  wait_for (heard_something, ann);
  offer = g_strdup_printf ("offer %s " SDP, bob_id);
  g_assert_cmpuint (ann->heard->len, ==, 1);
  g_assert_cmpstr (ann->heard->pdata[0], ==, offer);

  confer_call_signalling_send_description (ann_signalling, bob_id, CONFER_CALL_ANSWER, SDP);
  confer_call_signalling_send_candidate (ann_signalling, bob_id, 1, CANDIDATE);
  confer_call_signalling_send_candidate (ann_signalling, bob_id, 1, "");
  wait_for (heard_something, bob);
  sync_with_server (ann);
  sync_with_server (bob);
  answer = g_strdup_printf ("answer %s " SDP, ann_id);
  ice = g_strdup_printf ("ice %s 1 " CANDIDATE, ann_id);
  g_assert_cmpuint (bob->heard->len, ==, 3);
  g_assert_cmpstr (bob->heard->pdata[0], ==, answer);
  g_assert_cmpstr (bob->heard->pdata[1], ==, ice);
  g_free (ice);
  ice = g_strdup_printf ("ice %s 1 ", ann_id);
  g_assert_cmpstr (bob->heard->pdata[2], ==, ice);

  sync_with_server (gus);
  sync_with_server (carl);
  g_assert_cmpuint (gus->heard->len, ==, 0);
  g_assert_cmpuint (carl->heard->len, ==, 0);
  g_assert_cmpuint (ann->heard->len, ==, 1);

  /* Out of the call, nothing goes out. */
  confer_client_call_leave (gus->call);
  confer_call_signalling_send_description (CONFER_CALL_SIGNALLING (gus->call), ann_id, CONFER_CALL_OFFER, SDP);
  sync_with_server (gus);
  sync_with_server (ann);
  g_assert_cmpuint (ann->heard->len, ==, 1);

  confer_client_call_leave (ann->call);
  confer_client_call_leave (bob->call);
  sync_with_server (bob);
}

/* A viewer may not join: the join fails with `forbidden`, and the call
 * stays as it was; a commenter in the call may not record
 * (::refused). */
static void
test_roles (void)
{
  g_autoptr(Side) ann = side_new (server->link, "Ann");
  g_autofree char *viewer_link = confer_test_invite (ann->client, "viewer", 0, 0, NULL);
  g_autofree char *commenter_link = confer_test_invite (ann->client, "commenter", 0, 0, NULL);
  g_autoptr(Side) vera = side_new (viewer_link, "Vera");
  g_autoptr(Side) cole = side_new (commenter_link, "Cole");
  g_autoptr(GError) error = NULL;
  g_autofree char *ann_id = join (ann, CONFER_CALL_AUDIO);
  g_autofree char *cole_id = NULL;
  g_autofree char *both = NULL;

  wait_members (vera, ann_id);
  g_assert_false (confer_client_call_join (vera->call, CONFER_CALL_AUDIO | CONFER_CALL_VIDEO, WAIT_MS, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
  g_assert_null (confer_client_call_get_member_id (vera->call));
  sync_with_server (ann);
  wait_members (ann, ann_id);

  cole_id = join (cole, CONFER_CALL_AUDIO);
  both = g_strdup_printf ("%s %s", ann_id, cole_id);
  wait_members (ann, both);
  confer_client_call_update (cole->call, CONFER_CALL_RECORDING, CONFER_CALL_RECORDING);
  wait_for (refused_something, cole);
  g_assert_cmpstr (cole->refusals->pdata[0], ==, "forbidden");
  sync_with_server (ann);
  g_assert_false (confer_call_member_get_recording (confer_client_call_find_member (ann->call, cole_id)));

  confer_client_call_leave (cole->call);
  confer_client_call_leave (ann->call);
  wait_members (vera, "");
}

/* Bob leaves and joins again as a new member, at the end of the list;
 * then, while he records, his connection drops: the server takes him out,
 * and once he is back online he is in the call again by himself, as a
 * newer member, and Ann is told again that he records. */
static void
test_rejoin (void)
{
  g_autoptr(Side) ann = side_new (server->link, "Ann");
  g_autoptr(Side) bob = side_new (server->link, "Bob");
  g_autofree char *ann_id = join (ann, CONFER_CALL_AUDIO);
  g_autofree char *bob_id = join (bob, CONFER_CALL_AUDIO);
  g_autofree char *again = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  RecordingWait recording = { ann, bob };
  const char *rejoined;

  confer_client_call_leave (bob->call);
  wait_members (ann, ann_id);
  again = join (bob, CONFER_CALL_AUDIO);
  g_assert_cmpstr (again, !=, bob_id);
  expected = g_strdup_printf ("%s %s", ann_id, again);
  wait_members (ann, expected);

  confer_client_call_update (bob->call, CONFER_CALL_RECORDING, CONFER_CALL_RECORDING);
  wait_for (sees_recording, &recording);
  confer_client_drop_connection (bob->client);
  g_assert_null (confer_client_call_get_member_id (bob->call));
  wait_members (ann, ann_id);
  confer_client_wait_online (bob->client, WAIT_MS, &error);
  g_assert_no_error (error);
  wait_for (in_call, bob->call);
  rejoined = confer_client_call_get_member_id (bob->call);
  g_assert_cmpstr (rejoined, !=, again);
  g_free (expected);
  expected = g_strdup_printf ("%s %s", ann_id, rejoined);
  wait_members (ann, expected);
  wait_members (bob, expected);
  wait_for (sees_recording, &recording);

  confer_client_call_leave (bob->call);
  confer_client_call_leave (ann->call);
  sync_with_server (ann);
}

/* Waits until @side's mesh is the members @... (member ids, in order). */
static void
wait_room (Side *side,
           ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *expected = NULL;
  ListWait wait = { confer_client_call_get_room_members (side->call), NULL };
  const char *id;
  va_list args;

  va_start (args, side);
  while ((id = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (ids, (gpointer) id);
  va_end (args);
  g_ptr_array_add (ids, NULL);
  expected = g_strjoinv (" ", (char **) ids->pdata);
  wait.expected = expected;
  wait_for (list_is, &wait);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Opens rooms @names from @side: its result, with @error set on a
 * refusal. */
static gboolean
breakout (Side                *side,
          const char * const  *names,
          GVariant            *assign,
          gboolean             choose,
          guint                minutes,
          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  confer_client_call_breakout_async (side->call, names, assign, choose, minutes, NULL, result_cb, &result);
  wait_for (has_result, &result);
  return confer_client_call_breakout_finish (side->call, result, error);
}

static gboolean
move (Side        *side,
      const char  *member_id,
      const char  *room_id,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  confer_client_call_move_async (side->call, member_id, room_id, NULL, result_cb, &result);
  wait_for (has_result, &result);
  return confer_client_call_move_finish (side->call, result, error);
}

static gboolean
bring_back (Side    *side,
            GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  confer_client_call_return_async (side->call, NULL, result_cb, &result);
  wait_for (has_result, &result);
  return confer_client_call_return_finish (side->call, result, error);
}

static const char *
room_id (Side  *side,
         guint  index)
{
  g_autoptr(ConferCallRoom) room = g_list_model_get_item (confer_client_call_get_rooms (side->call), index);

  return room != NULL ? confer_call_room_get_id (room) : NULL;  /* the list keeps it */
}

/* Ann (an owner), Bob and Cole (a commenter) in the call: Cole may not
 * open rooms; Ann opens two, Ann and Bob in the first, Cole in the
 * second, which splits the mesh — each side's room list is its room. Ann
 * moves to Cole's room, and is its newcomer: last in both their lists,
 * though she joined first. Cole may neither move Bob nor close the rooms;
 * Ann brings everyone back, in the order the server moves them. Bad
 * arguments are refused before anything is sent. */
static void
test_breakout (void)
{
  g_autoptr(Side) ann = side_new (server->link, "Ann");
  g_autofree char *commenter_link = confer_test_invite (ann->client, "commenter", 0, 0, NULL);
  g_autoptr(Side) bob = side_new (server->link, "Bob");
  g_autoptr(Side) cole = side_new (commenter_link, "Cole");
  g_autofree char *ann_id = join (ann, CONFER_CALL_AUDIO);
  g_autofree char *bob_id = join (bob, CONFER_CALL_AUDIO);
  g_autofree char *cole_id = join (cole, CONFER_CALL_AUDIO);
  g_autofree char *all = g_strdup_printf ("%s %s %s", ann_id, bob_id, cole_id);
  const char *names[] = { "One", "Two", NULL };
  const char *none[] = { NULL };
  g_autoptr(GError) error = NULL;
  GVariantBuilder assign;
  ConferCallRoom *one;
  gboolean opened;

  wait_room (ann, ann_id, bob_id, cole_id, NULL);
  wait_room (cole, ann_id, bob_id, cole_id, NULL);
  g_assert_cmpstr (confer_client_call_get_room (ann->call), ==, CONFER_CALL_MAIN_ROOM);

  g_assert_false (breakout (cole, names, NULL, FALSE, 0, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (breakout (ann, none, NULL, FALSE, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (breakout (ann, names, NULL, FALSE, CONFER_CALL_MAX_ROOM_MINUTES + 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_variant_builder_init (&assign, G_VARIANT_TYPE ("a{su}"));
  g_variant_builder_add (&assign, "{su}", ann_id, 2);
  g_assert_false (breakout (ann, names, g_variant_builder_end (&assign), FALSE, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  sync_with_server (cole);
  g_assert_cmpuint (g_list_model_get_n_items (confer_client_call_get_rooms (cole->call)), ==, 0);

  g_variant_builder_init (&assign, G_VARIANT_TYPE ("a{su}"));
  g_variant_builder_add (&assign, "{su}", ann_id, 0);
  g_variant_builder_add (&assign, "{su}", bob_id, 0);
  g_variant_builder_add (&assign, "{su}", cole_id, 1);
  opened = breakout (ann, names, g_variant_builder_end (&assign), FALSE, 5, &error);
  g_assert_no_error (error);
  g_assert_true (opened);
  g_assert_cmpuint (g_list_model_get_n_items (confer_client_call_get_rooms (ann->call)), ==, 2);
  one = confer_client_call_find_room (ann->call, room_id (ann, 0));
  g_assert_nonnull (one);
  g_assert_cmpstr (confer_call_room_get_name (one), ==, "One");
  g_assert_cmpstr (confer_client_call_get_room (ann->call), ==, room_id (ann, 0));
  g_assert_false (confer_client_call_get_choose (ann->call));
  g_assert_cmpint (confer_client_call_get_ends (ann->call), >, g_get_real_time () / 1000 + 4 * 60000);
  wait_room (ann, ann_id, bob_id, NULL);
  wait_room (bob, ann_id, bob_id, NULL);
  wait_room (cole, cole_id, NULL);
  wait_members (cole, all);
  g_assert_cmpstr (confer_client_call_get_room (cole->call), ==, room_id (cole, 1));
  g_assert_cmpstr (confer_call_member_get_room (confer_client_call_find_member (cole->call, bob_id)), ==,
                   room_id (cole, 0));
  g_assert_cmpint (confer_client_call_get_ends (cole->call), ==, confer_client_call_get_ends (ann->call));

  /* Rooms that do not let members choose keep Cole where he is. */
  g_assert_false (move (cole, NULL, room_id (cole, 0), &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_assert_true (move (ann, NULL, room_id (ann, 1), &error));
  g_assert_no_error (error);
  wait_room (ann, cole_id, ann_id, NULL);
  wait_room (cole, cole_id, ann_id, NULL);
  wait_room (bob, bob_id, NULL);

  g_assert_false (move (cole, bob_id, CONFER_CALL_MAIN_ROOM, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (bring_back (cole, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
  g_clear_error (&error);
  wait_room (bob, bob_id, NULL);

  g_assert_true (bring_back (ann, &error));
  g_assert_no_error (error);
  wait_room (ann, ann_id, bob_id, cole_id, NULL);
  wait_room (bob, ann_id, bob_id, cole_id, NULL);
  wait_room (cole, ann_id, bob_id, cole_id, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (confer_client_call_get_rooms (bob->call)), ==, 0);
  g_assert_cmpint (confer_client_call_get_ends (bob->call), ==, 0);
  g_assert_cmpstr (confer_client_call_get_room (bob->call), ==, CONFER_CALL_MAIN_ROOM);
  g_assert_false (bring_back (ann, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE);

  confer_client_call_leave (cole->call);
  confer_client_call_leave (bob->call);
  confer_client_call_leave (ann->call);
  sync_with_server (ann);
}

/* The annotations Ann's and Bob's clients hold for a screen: finished
 * strokes, then strokes being drawn. */
typedef struct
{
  Side       *side;
  const char *screen;
  guint       finished;
  guint       drawing;
} AnnotationWait;

static gboolean
annotations_are (gpointer data)
{
  AnnotationWait *wait = data;
  g_autoptr(GPtrArray) list = confer_client_annotations_list (confer_client_get_annotations (wait->side->client),
                                                              wait->screen);
  guint finished = 0;

  for (guint i = 0; i < list->len; i++)
    finished += ((ConferAnnotation *) list->pdata[i])->id != NULL;
  return finished == wait->finished && list->len - finished == wait->drawing;
}

static void
wait_annotations (Side       *side,
                  const char *screen,
                  guint       finished,
                  guint       drawing)
{
  AnnotationWait wait = { side, screen, finished, drawing };

  wait_for (annotations_are, &wait);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);
  return *result;
}

/* Ann shares her screen; Bob draws on it: Ann's client shows his stroke
 * being drawn, then finished, with his member id, and Cy's, who joins
 * later, has it too; a stroke of too many
 * points is refused with a GError and nothing added. Bob may not clear
 * Ann's screen; Ann clears it and both clients hold nothing. */
static void
test_annotations (void)
{
  g_autoptr(Side) ann = side_new (server->link, "Ann");
  g_autoptr(Side) bob = side_new (server->link, "Bob");
  ConferClientAnnotations *bob_ink = confer_client_get_annotations (bob->client);
  ConferClientAnnotations *ann_ink = confer_client_get_annotations (ann->client);
  g_autofree char *ann_member = join (ann, CONFER_CALL_AUDIO | CONFER_CALL_SCREEN);
  g_autofree char *bob_member = join (bob, CONFER_CALL_AUDIO);
  g_autofree double *big = g_new0 (double, 3 * (CONFER_ANNOTATION_MAX_POINTS + 1));
  const double stroke[] = { 100, 100, 0.5, 200, 150, 0.5, 300, 100, 0.5 };
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GAsyncResult) forbidden = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  confer_client_annotations_draw (bob_ink, ann_member, stroke, 2);
  wait_annotations (ann, ann_member, 0, 1);
  confer_client_annotations_add_async (bob_ink, ann_member, stroke, 3, NULL, done_cb, &added);
  g_assert_true (confer_client_annotations_add_finish (bob_ink, wait_result (&added), &error));
  g_assert_no_error (error);
  wait_annotations (ann, ann_member, 1, 0);
  wait_annotations (bob, ann_member, 1, 0);
  list = confer_client_annotations_list (ann_ink, ann_member);
  g_assert_cmpstr (((ConferAnnotation *) list->pdata[0])->member, ==, bob_member);
  g_assert_cmpuint (((ConferAnnotation *) list->pdata[0])->points->len, ==, 9);
  g_assert_cmpfloat (g_array_index (((ConferAnnotation *) list->pdata[0])->points, double, 4), ==, 150);

  /* Cy joins later: the finished stroke comes with him. */
  {
    g_autoptr(Side) cy = side_new (server->link, "Cy");

    g_free (join (cy, CONFER_CALL_AUDIO));
    wait_annotations (cy, ann_member, 1, 0);
    confer_client_call_leave (cy->call);
  }

  confer_client_annotations_add_async (bob_ink, ann_member, big, CONFER_ANNOTATION_MAX_POINTS + 1, NULL, done_cb,
                                       &refused);
  g_assert_false (confer_client_annotations_add_finish (bob_ink, wait_result (&refused), &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  confer_client_annotations_clear_async (bob_ink, ann_member, NULL, done_cb, &forbidden);
  g_assert_false (confer_client_annotations_clear_finish (bob_ink, wait_result (&forbidden), &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
  g_clear_error (&error);
  wait_annotations (ann, ann_member, 1, 0);

  confer_client_annotations_clear_async (ann_ink, ann_member, NULL, done_cb, &cleared);
  g_assert_true (confer_client_annotations_clear_finish (ann_ink, wait_result (&cleared), &error));
  g_assert_no_error (error);
  wait_annotations (ann, ann_member, 0, 0);
  wait_annotations (bob, ann_member, 0, 0);

  confer_client_call_leave (bob->call);
  confer_client_call_leave (ann->call);
  sync_with_server (ann);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  g_test_add_func ("/call-client/members", test_members);
  g_test_add_func ("/call-client/signalling", test_signalling);
  g_test_add_func ("/call-client/roles", test_roles);
  g_test_add_func ("/call-client/rejoin", test_rejoin);
  g_test_add_func ("/call-client/breakout", test_breakout);
  g_test_add_func ("/call-client/annotations", test_annotations);
  status = g_test_run ();
  confer_test_server_free (server);
  return status;
}
