/* confer-server-annotation.c: ink drawn over a shared screen, relayed
 * between the members of the sharer's room and kept while the screen is
 * shared; never stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each share (a member whose `screen` is true) has its annotations: the
 * finished strokes, in the order they were added, and the strokes being
 * drawn, one per author at most, relayed to the room at most every
 * CONFER_ANNOTATION_DRAW_INTERVAL_MS (what arrives meanwhile replaces
 * what waits, as board presence). They go when the sharer clears them,
 * stops sharing, leaves the call or its room.
 */
#define G_LOG_DOMAIN "confer-server-annotation"

#include "config.h"

#include "confer-server-private.h"

/* A finished stroke. */
typedef struct
{
  char   *id;
  char   *member;        /* the author's member id */
  char   *participant;   /* the author, for their colour */
  GArray *points;        /* double: x, y, pressure */
} Stroke;

/* The annotations of one shared screen. */
typedef struct
{
  ConferServerAnnotations *annotations;
  char                    *screen;    /* the sharer's member id */
  GPtrArray               *strokes;   /* Stroke, in the order added */
  guint                    n_points;  /* of all strokes */
  GHashTable              *drawing;   /* author member id -> ConferMessage waiting to be relayed */
  GHashTable              *drawn;     /* author member ids whose stroke being drawn the room has */
  guint                    source;    /* relays what waits */
  gint64                   sent;      /* µs, monotonic: the last relay */
} Share;

struct _ConferServerAnnotations
{
  ConferServerCall *call;
  GHashTable       *shares;   /* sharer's member id -> Share, made on first use */
};

static void
stroke_free (Stroke *stroke)
{
  g_free (stroke->id);
  g_free (stroke->member);
  g_free (stroke->participant);
  g_array_unref (stroke->points);
  g_free (stroke);
}

static void
share_free (Share *share)
{
  g_clear_handle_id (&share->source, g_source_remove);
  g_free (share->screen);
  g_ptr_array_unref (share->strokes);
  g_hash_table_unref (share->drawing);
  g_hash_table_unref (share->drawn);
  g_free (share);
}

/**
 * confer_server_annotations_new:
 * @call: (transfer none): the call whose shared screens are annotated,
 *   which outlives them
 *
 * Returns: (transfer full): no annotations
 */
ConferServerAnnotations *
confer_server_annotations_new (ConferServerCall *call)
{
  ConferServerAnnotations *self = g_new0 (ConferServerAnnotations, 1);

  self->call = call;
  self->shares = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) share_free);
  return self;
}

/**
 * confer_server_annotations_free:
 * @self: (transfer full): annotations
 */
void
confer_server_annotations_free (ConferServerAnnotations *self)
{
  g_hash_table_unref (self->shares);
  g_free (self);
}

static Share *
share_of (ConferServerAnnotations *self,
          const char              *screen)
{
  Share *share = g_hash_table_lookup (self->shares, screen);

  if (share == NULL)
    {
      share = g_new0 (Share, 1);
      share->annotations = self;
      share->screen = g_strdup (screen);
      share->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) stroke_free);
      share->drawing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) confer_message_unref);
      share->drawn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->shares, share->screen, share);
    }
  return share;
}

static JsonObject *
stroke_json (Stroke *stroke)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", stroke->id);
  json_object_set_string_member (object, "member", stroke->member);
  json_object_set_string_member (object, "participant", stroke->participant);
  json_object_set_array_member (object, "stroke",
                                confer_annotation_stroke_json ((const double *) (void *) stroke->points->data,
                                                               stroke->points->len / 3));
  return object;
}

/* Relays the strokes being drawn that wait, to the sharer's room but
 * their authors. */
static gboolean
relay_drawing_cb (gpointer data)
{
  Share *share = data;
  ConferCallMemberInfo sharer;
  GHashTableIter iter;
  gpointer author, message;

  share->source = 0;
  share->sent = g_get_monotonic_time ();
  if (!confer_server_call_find_member (share->annotations->call, share->screen, &sharer))
    return G_SOURCE_REMOVE;
  g_hash_table_iter_init (&iter, share->drawing);
  while (g_hash_table_iter_next (&iter, &author, &message))
    {
      ConferCallMemberInfo from;

      if (confer_server_call_find_member (share->annotations->call, author, &from))
        confer_server_call_send_to_room (share->annotations->call, sharer.room, from.peer, message);
    }
  g_hash_table_remove_all (share->drawing);
  return G_SOURCE_REMOVE;
}

/* Queues @message (an `annotation.draw` to relay) as @author's stroke
 * being drawn: relayed at once when the last relay is
 * CONFER_ANNOTATION_DRAW_INTERVAL_MS old, else when it will be. */
static void
queue_drawing (Share         *share,
               const char    *author,
               ConferMessage *message)
{
  gint64 wait_us;

  g_hash_table_replace (share->drawing, g_strdup (author), confer_message_ref (message));
  if (share->source != 0)
    return;
  wait_us = share->sent + CONFER_ANNOTATION_DRAW_INTERVAL_MS * 1000 - g_get_monotonic_time ();
  if (wait_us <= 0)
    relay_drawing_cb (share);
  else
    share->source = g_timeout_add ((guint) (wait_us / 1000) + 1, relay_drawing_cb, share);
}

/* The sender's membership (`not-in-call`), within the call message rate
 * (`rate-limited`), and the screen `screen` names: a member of the
 * sender's room sharing one (`unknown-member`). */
static gboolean
read_target (ConferServerSession  *session,
             ConferPeer           *peer,
             ConferMessage        *message,
             ConferCallMemberInfo *sender,
             ConferCallMemberInfo *sharer,
             GError              **error)
{
  const char *screen = NULL;

  if (!confer_server_call_find_peer (session->call, peer, sender, error) ||
      !confer_message_read_string (message, "screen", TRUE, 64, &screen, error))
    return FALSE;
  if (!confer_server_call_find_member (session->call, screen, sharer) || !sharer->screen ||
      !g_str_equal (sharer->room, sender->room))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER,
                   "No member “%s” shares a screen in your room", screen);
      return FALSE;
    }
  return TRUE;
}

/* annotation.draw: the stroke the sender is drawing on `screen` (the
 * whole stroke so far; empty when given up), relayed to the room's
 * other members with `member` and `participant`. */
static void
handle_draw (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferCallMemberInfo sender, sharer;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(ConferMessage) relayed = confer_message_new ("annotation.draw");
  JsonObject *out = confer_message_get_object (relayed);
  Share *share;

  if (!read_target (session, peer, message, &sender, &sharer, error) ||
      !confer_annotation_read_stroke (json_object_get_member (confer_message_get_object (message), "stroke"), TRUE,
                                      points, error))
    return;
  share = share_of (confer_server_call_get_annotations (session->call), sharer.id);
  json_object_set_string_member (out, "screen", sharer.id);
  json_object_set_string_member (out, "member", sender.id);
  json_object_set_string_member (out, "participant", peer->participant->id);
  json_object_set_array_member (out, "stroke", confer_annotation_stroke_json ((const double *) (void *) points->data,
                                                                              points->len / 3));
  if (points->len > 0)
    g_hash_table_add (share->drawn, g_strdup (sender.id));
  else
    g_hash_table_remove (share->drawn, sender.id);
  queue_drawing (share, sender.id, relayed);
}

/* annotation.add: a finished stroke on `screen`; kept while the screen
 * is shared and sent to everyone in the room as `annotation.added` (the
 * sender's copy, with the txn, is its answer). */
static void
handle_add (ConferServerSession *session,
            ConferPeer          *peer,
            ConferMessage       *message,
            GError             **error)
{
  ConferServerAnnotations *self = confer_server_call_get_annotations (session->call);
  ConferCallMemberInfo sender, sharer;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(ConferMessage) added = confer_message_new ("annotation.added");
  g_autoptr(ConferMessage) answer = NULL;
  Share *share;
  Stroke *stroke;

  if (confer_message_get_txn (message) == NULL)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "annotation.add needs a txn");
      return;
    }
  if (!read_target (session, peer, message, &sender, &sharer, error) ||
      !confer_annotation_read_stroke (json_object_get_member (confer_message_get_object (message), "stroke"), FALSE,
                                      points, error))
    return;
  share = g_hash_table_lookup (self->shares, sharer.id);
  if (share != NULL && (share->strokes->len >= CONFER_ANNOTATION_MAX_STROKES ||
                        share->n_points + points->len / 3 > CONFER_ANNOTATION_MAX_SHARE_POINTS))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "This screen has as many annotations as it may keep (%d strokes, %d points): "
                   "its sharer may clear them", CONFER_ANNOTATION_MAX_STROKES, CONFER_ANNOTATION_MAX_SHARE_POINTS);
      return;
    }

  share = share_of (self, sharer.id);
  stroke = g_new0 (Stroke, 1);
  stroke->id = confer_server_new_id ();
  stroke->member = g_strdup (sender.id);
  stroke->participant = g_strdup (peer->participant->id);
  stroke->points = g_steal_pointer (&points);
  g_ptr_array_add (share->strokes, stroke);
  share->n_points += stroke->points->len / 3;
  /* The finished stroke replaces the one being drawn: a relay of it
   * still waiting would come after, and show it twice. */
  g_hash_table_remove (share->drawing, sender.id);
  g_hash_table_remove (share->drawn, sender.id);

  json_object_set_string_member (confer_message_get_object (added), "screen", sharer.id);
  json_object_set_object_member (confer_message_get_object (added), "annotation", stroke_json (stroke));
  confer_server_call_send_to_room (session->call, sharer.room, peer, added);
  answer = confer_message_ref (added);
  confer_message_set_txn (answer, confer_message_get_txn (message));
  confer_peer_send (peer, answer);
}

/* Drops the annotations of @screen (a sharer's member id), if it has
 * any; its room hears `annotation.cleared` (but @except, which gets the
 * answer). */
static void
clear_share (ConferServerAnnotations *self,
             const char              *screen,
             const char              *room,
             ConferPeer              *except)
{
  g_autoptr(ConferMessage) cleared = confer_message_new ("annotation.cleared");

  json_object_set_string_member (confer_message_get_object (cleared), "screen", screen);
  confer_server_call_send_to_room (self->call, room, except, cleared);
  g_hash_table_remove (self->shares, screen);
}

/* annotation.clear: the sharer (only) drops its screen's annotations;
 * everyone in the room hears `annotation.cleared` (the sharer's copy,
 * with the txn, is its answer). */
static void
handle_clear (ConferServerSession *session,
              ConferPeer          *peer,
              ConferMessage       *message,
              GError             **error)
{
  ConferCallMemberInfo sender, sharer;
  g_autoptr(ConferMessage) answer = confer_server_reply_new (message, "annotation.cleared");

  if (!read_target (session, peer, message, &sender, &sharer, error))
    return;
  if (!g_str_equal (sender.id, sharer.id))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN,
                           "Only the member sharing a screen may clear its annotations");
      return;
    }
  json_object_set_string_member (confer_message_get_object (answer), "screen", sharer.id);
  clear_share (confer_server_call_get_annotations (session->call), sharer.id, sharer.room, peer);
  confer_peer_send (peer, answer);
}

/**
 * confer_server_annotations_share_ended:
 * @self: a call's annotations
 * @member_id: a member that stops sharing its screen
 * @room: its room
 *
 * The share's annotations go: the room hears `annotation.cleared` if it
 * had any.
 */
void
confer_server_annotations_share_ended (ConferServerAnnotations *self,
                                       const char              *member_id,
                                       const char              *room)
{
  if (g_hash_table_contains (self->shares, member_id))
    clear_share (self, member_id, room, NULL);
}

/**
 * confer_server_annotations_leave_room:
 * @self: a call's annotations
 * @member_id: a member leaving @room (leaving the call, moving to
 *   another room), still in the call
 * @room: the room it is in until now
 * @sharing: whether it shares a screen (whose share then ends)
 *
 * Its share ends (confer_server_annotations_share_ended()), and a stroke
 * it was drawing on another's screen in @room is given up: the room
 * hears it empty.
 */
void
confer_server_annotations_leave_room (ConferServerAnnotations *self,
                                      const char              *member_id,
                                      const char              *room,
                                      gboolean                 sharing)
{
  ConferCallMemberInfo member;
  GHashTableIter iter;
  gpointer value;

  if (sharing)
    confer_server_annotations_share_ended (self, member_id, room);
  g_hash_table_iter_init (&iter, self->shares);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Share *other = value;
      g_autoptr(ConferMessage) given_up = NULL;
      JsonObject *object;

      g_hash_table_remove (other->drawing, member_id);
      if (!g_hash_table_remove (other->drawn, member_id) ||
          !confer_server_call_find_member (self->call, member_id, &member))
        continue;
      given_up = confer_message_new ("annotation.draw");
      object = confer_message_get_object (given_up);
      json_object_set_string_member (object, "screen", other->screen);
      json_object_set_string_member (object, "member", member_id);
      json_object_set_string_member (object, "participant", member.peer->participant->id);
      json_object_set_array_member (object, "stroke", json_array_new ());
      confer_server_call_send_to_room (self->call, room, NULL, given_up);
    }
}

/**
 * confer_server_annotations_enter_room:
 * @self: a call's annotations
 * @peer: a member's connection, just in @room (joined or moved)
 * @room: its room
 *
 * Sends @peer the finished strokes of every screen shared in @room that
 * has some, one `annotation.list` per screen.
 */
void
confer_server_annotations_enter_room (ConferServerAnnotations *self,
                                      ConferPeer              *peer,
                                      const char              *room)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->shares);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Share *share = value;
      ConferCallMemberInfo sharer;
      g_autoptr(ConferMessage) list = NULL;
      JsonArray *strokes;

      if (share->strokes->len == 0 || !confer_server_call_find_member (self->call, share->screen, &sharer) ||
          !g_str_equal (sharer.room, room))
        continue;
      list = confer_message_new ("annotation.list");
      strokes = json_array_sized_new (share->strokes->len);
      for (guint i = 0; i < share->strokes->len; i++)
        json_array_add_object_element (strokes, stroke_json (share->strokes->pdata[i]));
      json_object_set_string_member (confer_message_get_object (list), "screen", share->screen);
      json_object_set_array_member (confer_message_get_object (list), "annotations", strokes);
      confer_peer_send (peer, list);
    }
}

static const ConferServerHandler handlers[] = {
  { "annotation.draw",  handle_draw },
  { "annotation.add",   handle_add },
  { "annotation.clear", handle_clear },
};

/**
 * confer_server_annotation_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of
 *   the messages that annotate shared screens
 */
const ConferServerHandler *
confer_server_annotation_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
