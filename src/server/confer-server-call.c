/* confer-server-call.c: a session's call — who is in it, its breakout
 * rooms, and the signalling (offers, answers, ICE candidates) relayed
 * between the members of one room; the media goes peer to peer and never
 * through the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-call"

#include "config.h"

#include <string.h>

#include "confer-server-private.h"

/* The room everyone joins, and returns to when breakout rooms close. */
#define MAIN_ROOM "main"

/* A connection in the call. A participant on two machines is two
 * members: signalling names the connection, not the person. */
typedef struct
{
  char       *id;          /* random, new at each join */
  ConferPeer *peer;        /* unowned: leaving drops the member */
  const char *room;        /* MAIN_ROOM or a Room's id (owned by it) */
  gint64      joined;      /* Unix ms */
  gboolean    audio;       /* sending: microphone on */
  gboolean    video;       /* camera on */
  gboolean    screen;      /* sharing a screen */
  gboolean    recording;   /* recording the call */
} Member;

/* A breakout room. */
typedef struct
{
  char *id;
  char *name;
} Room;

struct _ConferServerCall
{
  ConferServerSession *session;
  GPtrArray           *members;   /* Member, in the order they joined */
  gint64               started;   /* Unix ms the first joined; 0 when empty */
  GPtrArray           *rooms;     /* Room: the breakout rooms, while open */
  gboolean             choose;    /* members may move between them */
  gint64               ends;      /* Unix ms the rooms close by themselves; 0: when the owner says */
  guint                timer;     /* closes them at `ends` */
  ConferServerAnnotations *annotations;  /* ink over the shared screens */
};

static void
member_free (Member *member)
{
  g_free (member->id);
  g_free (member);
}

static void
room_free (Room *room)
{
  g_free (room->id);
  g_free (room->name);
  g_free (room);
}

/**
 * confer_server_call_new:
 * @session: (transfer none): the session whose call it is, which outlives
 *   it
 *
 * Returns: (transfer full): an empty call
 */
ConferServerCall *
confer_server_call_new (ConferServerSession *session)
{
  ConferServerCall *self = g_new0 (ConferServerCall, 1);

  self->session = session;
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  self->rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) room_free);
  self->annotations = confer_server_annotations_new (self);
  return self;
}

/**
 * confer_server_call_free:
 * @self: (transfer full): a call
 *
 * Frees the call with its members and rooms, and stops the rooms' timer.
 */
void
confer_server_call_free (ConferServerCall *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  confer_server_annotations_free (self->annotations);
  g_ptr_array_unref (self->members);
  g_ptr_array_unref (self->rooms);
  g_free (self);
}

static Member *
member_of_peer (ConferServerCall *self,
                ConferPeer       *peer,
                guint            *index)
{
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = self->members->pdata[i];

      if (member->peer == peer)
        {
          if (index != NULL)
            *index = i;
          return member;
        }
    }
  return NULL;
}

static Member *
member_by_id (ConferServerCall *self,
              const char       *id)
{
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = self->members->pdata[i];

      if (g_str_equal (member->id, id))
        return member;
    }
  return NULL;
}

static JsonObject *
member_json (Member *member)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "member", member->id);
  json_object_set_string_member (object, "participant", member->peer->participant->id);
  json_object_set_string_member (object, "room", member->room);
  json_object_set_int_member (object, "joined", member->joined);
  json_object_set_boolean_member (object, "audio", member->audio);
  json_object_set_boolean_member (object, "video", member->video);
  json_object_set_boolean_member (object, "screen", member->screen);
  json_object_set_boolean_member (object, "recording", member->recording);
  return object;
}

/**
 * confer_server_call_state_json:
 * @self: a call
 *
 * What everyone in the session sees of the call: `started` (Unix ms, 0
 * when nobody is in it); `members`, each with `member`, `participant`,
 * `room`, `joined` and what it sends (`audio`, `video`, `screen`,
 * `recording`); `rooms`, the breakout rooms (`id`, `name`) while they are
 * open, with `choose` and `ends` (Unix ms, 0 for none).
 *
 * Returns: (transfer full): the call's state, for `welcome` and
 *   `call.state`
 */
JsonObject *
confer_server_call_state_json (ConferServerCall *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *members = json_array_new ();

  JsonArray *rooms = json_array_new ();

  for (guint i = 0; i < self->members->len; i++)
    json_array_add_object_element (members, member_json (self->members->pdata[i]));
  for (guint i = 0; i < self->rooms->len; i++)
    {
      Room *room = self->rooms->pdata[i];
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "id", room->id);
      json_object_set_string_member (entry, "name", room->name);
      json_array_add_object_element (rooms, entry);
    }
  json_object_set_int_member (object, "started", self->started);
  json_object_set_array_member (object, "members", members);
  json_object_set_array_member (object, "rooms", rooms);
  json_object_set_boolean_member (object, "choose", self->choose);
  json_object_set_int_member (object, "ends", self->ends);
  return object;
}

/* Tells every connection of the session who is in the call now. */
static void
announce (ConferServerCall *self)
{
  g_autoptr(ConferMessage) state = confer_message_new ("call.state");

  json_object_set_object_member (confer_message_get_object (state), "call", confer_server_call_state_json (self));
  confer_server_session_send (self->session, NULL, state);
}

/* Sends @message to every member in @room but @except. */
static void
send_to_room (ConferServerCall *self,
              const char       *room,
              Member           *except,
              ConferMessage    *message)
{
  gsize n_bytes;
  g_autofree char *text = confer_message_encode (message, &n_bytes);

  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = self->members->pdata[i];

      if (member != except && g_str_equal (member->room, room))
        confer_peer_send_encoded (member->peer, text, n_bytes);
    }
}

static guint
room_size (ConferServerCall *self,
           const char       *room)
{
  guint n = 0;

  for (guint i = 0; i < self->members->len; i++)
    n += g_str_equal (((Member *) self->members->pdata[i])->room, room);
  return n;
}

static Room *
room_by_id (ConferServerCall *self,
            const char       *id)
{
  for (guint i = 0; i < self->rooms->len; i++)
    if (g_str_equal (((Room *) self->rooms->pdata[i])->id, id))
      return self->rooms->pdata[i];
  return NULL;
}

/* Tells @member's room it left it. */
static void
send_left (ConferServerCall *self,
           Member           *member)
{
  g_autoptr(ConferMessage) left = confer_message_new ("call.left");

  json_object_set_string_member (confer_message_get_object (left), "member", member->id);
  send_to_room (self, member->room, member, left);
}

static void close_rooms (ConferServerCall *self);

/* Drops the member at @index: its room hears `call.left`, the session
 * `call.state`. The last member out closes the breakout rooms. */
static void
remove_member (ConferServerCall *self,
               guint             index)
{
  Member *member = self->members->pdata[index];

  confer_server_annotations_leave_room (self->annotations, member->id, member->room, member->screen);
  send_left (self, member);
  g_ptr_array_remove_index (self->members, index);
  if (self->members->len == 0)
    {
      self->started = 0;
      close_rooms (self);
    }
  announce (self);
}

/* Moves @member to @room (a leave and a join): its old room hears
 * `call.left`, the new one `call.member`, and @member `call.moved` with
 * the call; it then offers to the new room's members, as a newcomer. */
static void
move_member (ConferServerCall *self,
             Member           *member,
             const char       *room)
{
  g_autoptr(ConferMessage) joined = confer_message_new ("call.member");
  g_autoptr(ConferMessage) moved = confer_message_new ("call.moved");

  if (g_str_equal (member->room, room))
    return;
  confer_server_annotations_leave_room (self->annotations, member->id, member->room, member->screen);
  send_left (self, member);
  member->room = room;
  json_object_set_object_member (confer_message_get_object (joined), "member", member_json (member));
  send_to_room (self, room, member, joined);
  json_object_set_string_member (confer_message_get_object (moved), "room", room);
  json_object_set_object_member (confer_message_get_object (moved), "call", confer_server_call_state_json (self));
  confer_peer_send (member->peer, moved);
  confer_server_annotations_enter_room (self->annotations, member->peer, room);
}

/* Everyone back to the main room; the breakout rooms close. */
static void
close_rooms (ConferServerCall *self)
{
  for (guint i = 0; i < self->members->len; i++)
    move_member (self, self->members->pdata[i], MAIN_ROOM);
  g_ptr_array_set_size (self->rooms, 0);
  self->choose = FALSE;
  self->ends = 0;
  g_clear_handle_id (&self->timer, g_source_remove);
}

static gboolean
rooms_timeout_cb (gpointer data)
{
  ConferServerCall *self = data;

  self->timer = 0;
  close_rooms (self);
  announce (self);
  return G_SOURCE_REMOVE;
}

/**
 * confer_server_call_leave:
 * @self: a call
 * @peer: a connection that closed
 *
 * Takes @peer out of the call, if it was in it.
 */
void
confer_server_call_leave (ConferServerCall *self,
                          ConferPeer       *peer)
{
  guint index;

  if (member_of_peer (self, peer, &index) != NULL)
    remove_member (self, index);
}

static ConferServerCall *
call_of (ConferServerSession *session)
{
  return session->call;
}

/* What every call message passes first: the sender's role takes part in
 * calls (`forbidden`), and its connection is within its call message rate
 * (CONFER_CALL_SIGNAL_RATE a second, CONFER_CALL_SIGNAL_BURST at once;
 * `rate-limited`) — joins and leaves count too, so leaving and joining
 * again gives no fresh allowance. */
static gboolean
call_allowed (ConferPeer  *peer,
              GError     **error)
{
  if (!confer_server_require (confer_role_can_call (peer->participant->role), "taking part in calls", error))
    return FALSE;
  if (!confer_rate_bucket_take (&peer->call_rate, CONFER_CALL_SIGNAL_RATE, CONFER_CALL_SIGNAL_BURST))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_RATE_LIMITED,
                   "More than %d call messages per second; this one was dropped", CONFER_CALL_SIGNAL_RATE);
      return FALSE;
    }
  return TRUE;
}

/* The sender's membership, after call_allowed(); or `not-in-call`. */
static Member *
require_member (ConferServerSession *session,
                ConferPeer          *peer,
                GError             **error)
{
  Member *member;

  if (!call_allowed (peer, error))
    return NULL;
  member = member_of_peer (call_of (session), peer, NULL);
  if (member == NULL)
    g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
                         "This connection is not in the call: send call.join first");
  return member;
}

/* Reads the optional boolean @name into @value (left alone when absent). */
static gboolean
read_flag (ConferMessage *message,
           const char    *name,
           gboolean      *value,
           GError       **error)
{
  if (!json_object_has_member (confer_message_get_object (message), name))
    return TRUE;
  return confer_message_read_boolean (message, name, value, error);
}

/* The sender's role allows sending what @audio, @video, @screen and
 * @recording say. */
static gboolean
flags_allowed (ConferPeer *peer,
               gboolean    screen,
               gboolean    recording,
               GError    **error)
{
  ConferRole role = peer->participant->role;

  return (!screen || confer_server_require (confer_role_can_share_screen (role), "sharing a screen", error)) &&
         (!recording || confer_server_require (confer_role_can_record (role), "recording calls", error));
}

/* call.join: the connection joins the call, sending what `audio` and
 * `video` say (both true unless given) and, if `screen` is true (a role
 * that may share), a screen; the answer lists everyone in it. */
static void
handle_join (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(ConferMessage) joined = NULL;
  gboolean audio = TRUE, video = TRUE, screen = FALSE;
  Member *member;

  guint mine = 0;

  if (!call_allowed (peer, error) || !read_flag (message, "audio", &audio, error) ||
      !read_flag (message, "video", &video, error) || !read_flag (message, "screen", &screen, error) ||
      !flags_allowed (peer, screen, FALSE, error))
    return;
  if (member_of_peer (self, peer, NULL) != NULL)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
                           "This connection is already in the call");
      return;
    }
  for (guint i = 0; i < self->members->len; i++)
    mine += g_str_equal (((Member *) self->members->pdata[i])->peer->participant->id, peer->participant->id);
  if (mine >= CONFER_CALL_MAX_PER_PARTICIPANT)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "You are in the call from %d connections already", CONFER_CALL_MAX_PER_PARTICIPANT);
      return;
    }
  /* The whole call, breakout rooms and all: call.return (or the rooms'
   * timer) brings every member back into one room, one mesh. */
  if (self->members->len >= CONFER_CALL_MAX_MEMBERS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "The call has %d members, as many as one room holds", CONFER_CALL_MAX_MEMBERS);
      return;
    }

  member = g_new0 (Member, 1);
  member->id = confer_server_new_id ();
  member->peer = peer;
  member->room = MAIN_ROOM;
  member->joined = g_get_real_time () / 1000;
  member->audio = audio;
  member->video = video;
  member->screen = screen;
  if (self->members->len == 0)
    self->started = member->joined;
  g_ptr_array_add (self->members, member);

  reply = confer_server_reply_new (message, "call.joined");
  json_object_set_string_member (confer_message_get_object (reply), "member", member->id);
  json_object_set_object_member (confer_message_get_object (reply), "call", confer_server_call_state_json (self));
  confer_peer_send (peer, reply);
  joined = confer_message_new ("call.member");
  json_object_set_object_member (confer_message_get_object (joined), "member", member_json (member));
  send_to_room (self, MAIN_ROOM, member, joined);
  announce (self);
  confer_server_annotations_enter_room (self->annotations, peer, MAIN_ROOM);
}

/* call.leave: the connection leaves the call. */
static void
handle_leave (ConferServerSession *session,
              ConferPeer          *peer,
              ConferMessage       *message,
              GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(ConferMessage) reply = NULL;
  guint index = 0;

  if (require_member (session, peer, error) == NULL)
    return;
  member_of_peer (self, peer, &index);
  reply = confer_server_reply_new (message, "call.left");
  json_object_set_string_member (confer_message_get_object (reply), "member",
                                 ((Member *) self->members->pdata[index])->id);
  confer_peer_send (peer, reply);
  remove_member (self, index);
}

/* call.update: what the member sends changed (`audio`, `video`, `screen`,
 * `recording`, each optional); the others in its room hear `call.member`
 * when something did change, the sender gets it as the answer. */
static void
handle_update (ConferServerSession *session,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(ConferMessage) updated = NULL;
  Member *member = require_member (session, peer, error);
  gboolean audio, video, screen, recording;

  if (member == NULL)
    return;
  audio = member->audio;
  video = member->video;
  screen = member->screen;
  recording = member->recording;
  gboolean changed;

  if (!read_flag (message, "audio", &audio, error) || !read_flag (message, "video", &video, error) ||
      !read_flag (message, "screen", &screen, error) || !read_flag (message, "recording", &recording, error) ||
      !flags_allowed (peer, screen && !member->screen, recording && !member->recording, error))
    return;
  changed = audio != member->audio || video != member->video || screen != member->screen ||
            recording != member->recording;
  if (member->screen && !screen)
    confer_server_annotations_share_ended (self->annotations, member->id, member->room);
  member->audio = audio;
  member->video = video;
  member->screen = screen;
  member->recording = recording;
  updated = confer_message_new ("call.member");
  json_object_set_object_member (confer_message_get_object (updated), "member", member_json (member));
  if (changed)
    {
      send_to_room (self, member->room, member, updated);
      announce (self);
    }
  /* The sender's copy is the acknowledgement: only it carries the txn. */
  confer_message_set_txn (updated, confer_message_get_txn (message));
  confer_peer_send (peer, updated);
}

/* The required string member @name of @message, as it is: a session
 * description's line breaks and an empty candidate, which
 * confer_message_read_string() refuses, are checked by the caller. */
static const char *
read_raw_string (ConferMessage  *message,
                 const char     *name,
                 GError        **error)
{
  JsonNode *node = json_object_get_member (confer_message_get_object (message), name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE, "\"%s\" must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

/* Whether @sdp looks like a session description (RFC 8866): starts with
 * `v=0`, lines of `x=value` (a lower-case letter, then text without
 * control characters) ending in CRLF or LF, at least one `m=` line;
 * otherwise sets `bad-message` naming the first line at fault. */
static gboolean
check_sdp (const char  *sdp,
           GError     **error)
{
  gsize length = strlen (sdp);
  guint line = 0;
  gboolean media = FALSE;

  if (length > CONFER_CALL_MAX_SDP)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                   "\"sdp\" is %" G_GSIZE_FORMAT " bytes, more than %d", length, CONFER_CALL_MAX_SDP);
      return FALSE;
    }
  if (!g_str_has_prefix (sdp, "v=0\r\n") && !g_str_has_prefix (sdp, "v=0\n"))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"sdp\" is not a session description: it must begin with \"v=0\"");
      return FALSE;
    }
  for (const char *p = sdp; *p != '\0'; line++)
    {
      const char *end = strchr (p, '\n');

      if (line >= CONFER_CALL_MAX_SDP_LINES)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                       "\"sdp\" has more than %d lines", CONFER_CALL_MAX_SDP_LINES);
          return FALSE;
        }
      if (end == NULL || p[0] < 'a' || p[0] > 'z' || p[1] != '=')
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "\"sdp\" line %u is not of the form x=value ending in a line break", line + 1);
          return FALSE;
        }
      for (const char *c = p + 2; c < end; c++)
        if (((guchar) *c < 0x20 && *c != '\t' && !(*c == '\r' && c + 1 == end)) || *c == 0x7f)
          {
            g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                         "\"sdp\" line %u holds a control character", line + 1);
            return FALSE;
          }
      media |= p[0] == 'm';
      p = end + 1;
    }
  if (!media)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"sdp\" describes no media (no m= line)");
      return FALSE;
    }
  return TRUE;
}

/* Whether the line at @line (up to @end, its line break) is @text. */
static gboolean
line_is (const char *line,
         const char *end,
         const char *text)
{
  gsize length = strlen (text);

  if (end > line && end[-1] == '\r')
    end--;
  return (gsize) (end - line) == length && strncmp (line, text, length) == 0;
}

/* A media section of a session description, as far as sending a screen
 * goes. */
typedef struct
{
  gboolean video;
  gboolean port_0;   /* with bundle-only, bundled (RFC 8843 §6); otherwise rejected: sends nothing */
  gboolean bundle_only;
  gboolean sends;    /* sendrecv or sendonly; sendrecv unless said (RFC 8866 §6.7) */
  gboolean slides;   /* a=content:slides (RFC 4796) */
} Section;

/* A session description from a member whose role may not share a screen
 * (confer_role_can_share_screen()) may send video on one m-line only —
 * the camera's — and on none marked `a=content:slides` (RFC 4796), the
 * screen's mark; otherwise `forbidden`. @sdp has passed check_sdp(). */
static gboolean
check_screen_sending (ConferPeer  *peer,
                      const char  *sdp,
                      GError     **error)
{
  gboolean session_sends = TRUE, in_media = FALSE;
  Section section = { 0 };
  guint sending_video = 0;
  gboolean slides = FALSE;

  if (confer_role_can_share_screen (peer->participant->role))
    return TRUE;
  for (const char *p = sdp; ; )
    {
      const char *end = *p != '\0' ? strchr (p, '\n') : NULL;
      gboolean *sends = in_media ? &section.sends : &session_sends;

      if (end == NULL || p[0] == 'm')
        {
          if (in_media && section.video && section.sends && (!section.port_0 || section.bundle_only))
            {
              sending_video++;
              slides |= section.slides;
            }
          if (end == NULL)
            break;
          in_media = TRUE;
          section.video = g_str_has_prefix (p, "m=video ");
          section.port_0 = g_str_has_prefix (p + strcspn (p, " "), " 0 ");
          section.bundle_only = FALSE;
          section.sends = session_sends;
          section.slides = FALSE;
        }
      else if (line_is (p, end, "a=recvonly") || line_is (p, end, "a=inactive"))
        *sends = FALSE;
      else if (line_is (p, end, "a=sendrecv") || line_is (p, end, "a=sendonly"))
        *sends = TRUE;
      else if (in_media && line_is (p, end, "a=content:slides"))
        section.slides = TRUE;
      else if (in_media && line_is (p, end, "a=bundle-only"))
        section.bundle_only = TRUE;
      p = end + 1;
    }
  if (slides || sending_video > 1)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN,
                           "Your role does not allow sharing a screen: this description sends a screen "
                           "(video on an m-line marked a=content:slides, or on more than one m-line)");
      return FALSE;
    }
  return TRUE;
}

/* The member a signal goes to: `to`, another member of the sender's room;
 * `from` is the server's to set. */
static Member *
read_target (ConferServerCall *self,
             Member           *sender,
             ConferMessage    *message,
             GError          **error)
{
  const char *to = NULL;
  Member *target;

  if (json_object_has_member (confer_message_get_object (message), "from"))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"from\" is set by the server, not the sender");
      return NULL;
    }
  if (!confer_message_read_string (message, "to", TRUE, 64, &to, error))
    return NULL;
  target = member_by_id (self, to);
  if (target == NULL || target == sender || !g_str_equal (target->room, sender->room))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER,
                   target == sender ? "“%s” is the sender itself" : "No member “%s” is in the sender's room", to);
      return NULL;
    }
  return target;
}

/* What each signal carries on, checked by its handler; nothing else of
 * the sender's message is relayed. */
static const char *const description_fields[] = { "sdp" };
static const char *const candidate_fields[] = { "candidate", "sdp_mline_index", "sdp_mid" };

/* Relays @message to @target as the same type, with `from` set and the
 * @n_fields @fields it has. */
static void
relay (Member             *sender,
       Member             *target,
       ConferMessage      *message,
       const char * const *fields,
       guint               n_fields)
{
  g_autoptr(ConferMessage) relayed = confer_message_new (confer_message_get_type_name (message));
  JsonObject *in = confer_message_get_object (message);
  JsonObject *out = confer_message_get_object (relayed);

  json_object_set_string_member (out, "from", sender->id);
  for (guint i = 0; i < n_fields; i++)
    if (json_object_has_member (in, fields[i]))
      json_object_set_member (out, fields[i], json_node_copy (json_object_get_member (in, fields[i])));
  confer_peer_send (target->peer, relayed);
}

/* call.offer, call.answer: a session description for another member,
 * relayed with `from`. */
static void
handle_description (ConferServerSession *session,
                    ConferPeer          *peer,
                    ConferMessage       *message,
                    GError             **error)
{
  Member *member = require_member (session, peer, error);
  Member *target;
  const char *sdp = NULL;

  if (member == NULL || (target = read_target (call_of (session), member, message, error)) == NULL ||
      (sdp = read_raw_string (message, "sdp", error)) == NULL || !check_sdp (sdp, error) ||
      !check_screen_sending (peer, sdp, error))
    return;
  relay (member, target, message, description_fields, G_N_ELEMENTS (description_fields));
}

/* call.ice: one ICE candidate for another member (RFC 8839's
 * `candidate:` attribute, or empty when gathering is over), its m-line
 * index and, optionally, its media id; relayed with `from`. */
static void
handle_ice (ConferServerSession *session,
            ConferPeer          *peer,
            ConferMessage       *message,
            GError             **error)
{
  Member *member = require_member (session, peer, error);
  Member *target;
  const char *candidate = NULL, *mid = NULL;
  guint64 index;

  if (member == NULL || (target = read_target (call_of (session), member, message, error)) == NULL ||
      (candidate = read_raw_string (message, "candidate", error)) == NULL ||
      !confer_message_read_uint (message, "sdp_mline_index", TRUE, 63, &index, error) ||
      !confer_message_read_string (message, "sdp_mid", FALSE, 64, &mid, error))
    return;
  if (strlen (candidate) > CONFER_CALL_MAX_CANDIDATE)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                   "\"candidate\" is longer than %d bytes", CONFER_CALL_MAX_CANDIDATE);
      return;
    }
  if (*candidate != '\0' && !g_str_has_prefix (candidate, "candidate:"))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"candidate\" must begin with \"candidate:\", or be empty when gathering is over");
      return;
    }
  for (const char *c = candidate; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || (guchar) *c >= 0x7f)
      {
        g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                             "\"candidate\" holds a character that is not printable ASCII");
        return;
      }
  relay (member, target, message, candidate_fields, G_N_ELEMENTS (candidate_fields));
}

/* Reads `rooms` (names) and `assign` (member id → index into them) of a
 * `call.breakout`: @names gets the names, @assigned the members in order
 * and @indices their rooms. Nothing changes here. */
static gboolean
read_breakout (ConferServerCall *self,
               ConferMessage    *message,
               GPtrArray        *names,
               GPtrArray        *assigned,
               GArray           *indices,
               GError          **error)
{
  JsonObject *object = confer_message_get_object (message);
  JsonArray *rooms = NULL;
  JsonNode *assign = json_object_get_member (object, "assign");
  guint counts[CONFER_CALL_MAX_ROOMS] = { 0 };

  if (!confer_message_read_array (message, "rooms", TRUE, CONFER_CALL_MAX_ROOMS, &rooms, error))
    return FALSE;
  if (json_array_get_length (rooms) == 0)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE, "\"rooms\" is empty");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (rooms); i++)
    {
      JsonNode *node = json_array_get_element (rooms, i);
      const char *name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;

      if (name == NULL || !confer_protocol_is_text (name, CONFER_PROTOCOL_MAX_NAME))
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "Room %u's name must be a string of 1 to %d characters without control characters",
                       i + 1, CONFER_PROTOCOL_MAX_NAME);
          return FALSE;
        }
      g_ptr_array_add (names, (gpointer) name);
    }
  if (assign == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (assign))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"assign\" must map member ids to room numbers");
      return FALSE;
    }
  {
    g_autoptr(GList) ids = json_object_get_members (json_node_get_object (assign));

    for (GList *l = ids; l != NULL; l = l->next)
      {
        JsonNode *node = json_object_get_member (json_node_get_object (assign), l->data);
        Member *member = member_by_id (self, l->data);
        gint64 index;

        if (member == NULL)
          {
            g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER,
                         "No member “%s” is in the call", (const char *) l->data);
            return FALSE;
          }
        if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
            (index = json_node_get_int (node)) < 0 || index >= (gint64) names->len)
          {
            g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                         "Member “%s” must be assigned a room number from 0 to %u", (const char *) l->data,
                         names->len - 1);
            return FALSE;
          }
        if (++counts[index] > CONFER_CALL_MAX_MEMBERS)
          {
            g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                         "Room %" G_GINT64_FORMAT " would have more than %d members", index + 1, CONFER_CALL_MAX_MEMBERS);
            return FALSE;
          }
        g_ptr_array_add (assigned, member);
        g_array_append_val (indices, index);
      }
  }
  return TRUE;
}

/* call.breakout (owners): opens breakout rooms, each its own mesh;
 * `assign` moves members into them, `choose` lets members move
 * themselves, `minutes` closes them by themselves. */
static void
handle_breakout (ConferServerSession *session,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) assigned = g_ptr_array_new ();
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(ConferMessage) reply = NULL;
  gboolean choose = FALSE;
  guint64 minutes = 0;

  if (!confer_server_require (confer_role_can_run_breakout (peer->participant->role), "running breakout rooms", error) ||
      !call_allowed (peer, error) || !read_flag (message, "choose", &choose, error) ||
      !confer_message_read_uint (message, "minutes", FALSE, CONFER_CALL_MAX_ROOM_MINUTES, &minutes, error) ||
      !read_breakout (self, message, names, assigned, indices, error))
    return;
  if (self->rooms->len > 0)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "Breakout rooms are open: send call.return first");
      return;
    }
  if (self->members->len == 0)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
                           "Nobody is in the call");
      return;
    }

  for (guint i = 0; i < names->len; i++)
    {
      Room *room = g_new0 (Room, 1);

      room->id = confer_server_new_id ();
      room->name = g_strdup (names->pdata[i]);
      g_ptr_array_add (self->rooms, room);
    }
  self->choose = choose;
  if (minutes > 0)
    {
      self->ends = g_get_real_time () / 1000 + (gint64) minutes * 60000;
      self->timer = g_timeout_add_seconds ((guint) minutes * 60, rooms_timeout_cb, self);
    }
  for (guint i = 0; i < assigned->len; i++)
    move_member (self, assigned->pdata[i], ((Room *) self->rooms->pdata[g_array_index (indices, gint64, i)])->id);
  reply = confer_server_reply_new (message, "call.breakout");
  json_object_set_object_member (confer_message_get_object (reply), "call", confer_server_call_state_json (self));
  confer_peer_send (peer, reply);
  announce (self);
}

/* call.move: to `room` (a breakout room's id, or "main"); a member moves
 * itself when the rooms let members choose, an owner moves anyone
 * (`member`). */
static void
handle_move (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(ConferMessage) reply = NULL;
  const char *room_id = NULL, *member_id = NULL;
  gboolean owner = confer_role_can_run_breakout (peer->participant->role);
  const char *room;
  Room *open;
  Member *member;

  if (!call_allowed (peer, error) || !confer_message_read_string (message, "room", TRUE, 64, &room_id, error) ||
      !confer_message_read_string (message, "member", FALSE, 64, &member_id, error))
    return;
  if (member_id != NULL)
    {
      if (!confer_server_require (owner, "moving others between rooms", error))
        return;
      if ((member = member_by_id (self, member_id)) == NULL)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER,
                       "No member “%s” is in the call", member_id);
          return;
        }
    }
  else if ((member = member_of_peer (self, peer, NULL)) == NULL)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
                           "This connection is not in the call: send call.join first");
      return;
    }
  else if (!owner && !self->choose)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN,
                           "These breakout rooms do not let members choose theirs");
      return;
    }
  if (g_str_equal (room_id, MAIN_ROOM))
    room = MAIN_ROOM;
  else if ((open = room_by_id (self, room_id)) != NULL)
    room = open->id;
  else
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "No room “%s” is open", room_id);
      return;
    }
  if (!g_str_equal (member->room, room) && room_size (self, room) >= CONFER_CALL_MAX_MEMBERS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "The room has %d members, as many as one room holds", CONFER_CALL_MAX_MEMBERS);
      return;
    }
  move_member (self, member, room);
  reply = confer_server_reply_new (message, "call.move");
  json_object_set_string_member (confer_message_get_object (reply), "member", member->id);
  json_object_set_string_member (confer_message_get_object (reply), "room", room);
  confer_peer_send (peer, reply);
  announce (self);
}

/* call.return (owners): everyone back to the main room; the breakout
 * rooms close. */
static void
handle_return (ConferServerSession *session,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(ConferMessage) reply = NULL;

  if (!confer_server_require (confer_role_can_run_breakout (peer->participant->role), "running breakout rooms", error) ||
      !call_allowed (peer, error))
    return;
  if (self->rooms->len == 0)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "No breakout rooms are open");
      return;
    }
  close_rooms (self);
  reply = confer_server_reply_new (message, "call.return");
  confer_peer_send (peer, reply);
  announce (self);
}

static void
member_info (Member               *member,
             ConferCallMemberInfo *info)
{
  info->id = member->id;
  info->room = member->room;
  info->peer = member->peer;
  info->screen = member->screen;
}

/**
 * confer_server_call_find_peer:
 * @self: a call
 * @peer: a connection sending a call message
 * @info: (out caller-allocates): its membership
 * @error: return location for a #GError
 *
 * What a call message of another family (annotations) passes first, as
 * the call's own do: the sender's role takes part in calls, it is within
 * the call message rate, and it is in the call.
 *
 * Returns: %TRUE with @info set; %FALSE with `forbidden`,
 *   `rate-limited` or `not-in-call`
 */
gboolean
confer_server_call_find_peer (ConferServerCall      *self,
                              ConferPeer            *peer,
                              ConferCallMemberInfo  *info,
                              GError               **error)
{
  Member *member = require_member (self->session, peer, error);

  if (member == NULL)
    return FALSE;
  member_info (member, info);
  return TRUE;
}

/**
 * confer_server_call_find_member:
 * @self: a call
 * @member_id: a member id, from a message
 * @info: (out caller-allocates): the member, if it is in the call
 *
 * Returns: whether @member_id is in the call
 */
gboolean
confer_server_call_find_member (ConferServerCall     *self,
                                const char           *member_id,
                                ConferCallMemberInfo *info)
{
  Member *member = member_by_id (self, member_id);

  if (member != NULL)
    member_info (member, info);
  return member != NULL;
}

/**
 * confer_server_call_send_to_room:
 * @self: a call
 * @room: a room's id, or "main"
 * @except: (nullable): a member's connection that is not sent it
 * @message: what to send, encoded once
 *
 * Sends @message to every member in @room but @except.
 */
void
confer_server_call_send_to_room (ConferServerCall *self,
                                 const char       *room,
                                 ConferPeer       *except,
                                 ConferMessage    *message)
{
  Member *member = except != NULL ? member_of_peer (self, except, NULL) : NULL;

  send_to_room (self, room, member, message);
}

/**
 * confer_server_call_get_annotations:
 * @self: a call
 *
 * Returns: (transfer none): the ink over the call's shared screens
 */
ConferServerAnnotations *
confer_server_call_get_annotations (ConferServerCall *self)
{
  return self->annotations;
}

static const ConferServerHandler handlers[] = {
  { "call.join",   handle_join },
  { "call.leave",  handle_leave },
  { "call.update", handle_update },
  { "call.offer",  handle_description },
  { "call.answer", handle_description },
  { "call.ice",    handle_ice },
  { "call.breakout", handle_breakout },
  { "call.move",   handle_move },
  { "call.return", handle_return },
};

/**
 * confer_server_call_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of the
 *   call's messages
 */
const ConferServerHandler *
confer_server_call_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
