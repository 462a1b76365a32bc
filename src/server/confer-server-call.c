/* confer-server-call.c: a session's call — who is in it, and the
 * signalling (offers, answers, ICE candidates) relayed between its
 * members; the media goes peer to peer and never through the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-call"

#include "config.h"

#include <string.h>

#include "confer-server-private.h"

/* A connection in the call. A participant on two machines is two
 * members: signalling names the connection, not the person. */
typedef struct
{
  char       *id;          /* random, new at each join */
  ConferPeer *peer;        /* unowned: leaving drops the member */
  gint64      joined;      /* Unix ms */
  gboolean    audio;       /* sending: microphone on */
  gboolean    video;       /* camera on */
  gboolean    screen;      /* sharing a screen */
  gboolean    recording;   /* recording the call */
  double      tokens;      /* signalling rate bucket */
  gint64      refilled;    /* µs, monotonic */
} Member;

struct _ConferServerCall
{
  ConferServerSession *session;
  GPtrArray           *members;   /* Member, in the order they joined */
  gint64               started;   /* Unix ms the first joined; 0 when empty */
};

static void
member_free (Member *member)
{
  g_free (member->id);
  g_free (member);
}

/**
 * confer_server_call_new:
 * @session: the session whose call it is
 *
 * Returns: (transfer full): an empty call
 */
ConferServerCall *
confer_server_call_new (ConferServerSession *session)
{
  ConferServerCall *self = g_new0 (ConferServerCall, 1);

  self->session = session;
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  return self;
}

/**
 * confer_server_call_free:
 * @self: (transfer full): a call
 */
void
confer_server_call_free (ConferServerCall *self)
{
  g_ptr_array_unref (self->members);
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
 * when nobody is in it) and `members`, each with `member`, `participant`,
 * `joined` and what it sends (`audio`, `video`, `screen`, `recording`).
 *
 * Returns: (transfer full): the call's state, for `welcome` and
 *   `call.state`
 */
JsonObject *
confer_server_call_state_json (ConferServerCall *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *members = json_array_new ();

  for (guint i = 0; i < self->members->len; i++)
    json_array_add_object_element (members, member_json (self->members->pdata[i]));
  json_object_set_int_member (object, "started", self->started);
  json_object_set_array_member (object, "members", members);
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

/* Sends @message to every member but @except. */
static void
send_to_members (ConferServerCall *self,
                 Member           *except,
                 ConferMessage    *message)
{
  gsize n_bytes;
  g_autofree char *text = confer_message_encode (message, &n_bytes);

  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = self->members->pdata[i];

      if (member != except)
        confer_peer_send_encoded (member->peer, text, n_bytes);
    }
}

/* Drops the member at @index: the others hear `call.left`, the session
 * `call.state`. */
static void
remove_member (ConferServerCall *self,
               guint             index)
{
  g_autoptr(ConferMessage) left = confer_message_new ("call.left");
  Member *member = self->members->pdata[index];

  json_object_set_string_member (confer_message_get_object (left), "member", member->id);
  g_ptr_array_remove_index (self->members, index);
  send_to_members (self, NULL, left);
  if (self->members->len == 0)
    self->started = 0;
  announce (self);
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

/* The sender's membership, or `not-in-call`. */
static Member *
require_member (ConferServerSession *session,
                ConferPeer          *peer,
                GError             **error)
{
  Member *member = member_of_peer (call_of (session), peer, NULL);

  if (member == NULL)
    g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
                         "This connection is not in the call: send call.join first");
  return member;
}

/* Takes one token of @member's signalling bucket (CONFER_CALL_SIGNAL_RATE a
 * second, CONFER_CALL_SIGNAL_BURST at most), or sets `rate-limited`. */
static gboolean
signal_allowed (Member  *member,
                GError **error)
{
  gint64 now = g_get_monotonic_time ();

  member->tokens = MIN (CONFER_CALL_SIGNAL_BURST,
                        member->tokens + (now - member->refilled) * CONFER_CALL_SIGNAL_RATE / (double) G_USEC_PER_SEC);
  member->refilled = now;
  if (member->tokens < 1)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_RATE_LIMITED,
                   "More than %d call messages per second; this one was dropped", CONFER_CALL_SIGNAL_RATE);
      return FALSE;
    }
  member->tokens -= 1;
  return TRUE;
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
 * `video` say (both true unless given); the answer lists everyone in it. */
static void
handle_join (ConferServerSession *session,
             ConferPeer          *peer,
             ConferMessage       *message,
             GError             **error)
{
  ConferServerCall *self = call_of (session);
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(ConferMessage) joined = NULL;
  gboolean audio = TRUE, video = TRUE;
  Member *member;

  if (!confer_server_require (confer_role_can_call (peer->participant->role), "taking part in calls", error) ||
      !read_flag (message, "audio", &audio, error) || !read_flag (message, "video", &video, error))
    return;
  if (member_of_peer (self, peer, NULL) != NULL)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
                           "This connection is already in the call");
      return;
    }
  if (self->members->len >= CONFER_CALL_MAX_MEMBERS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "The call has %d members, as many as one call holds", CONFER_CALL_MAX_MEMBERS);
      return;
    }

  member = g_new0 (Member, 1);
  member->id = confer_server_new_id ();
  member->peer = peer;
  member->joined = g_get_real_time () / 1000;
  member->audio = audio;
  member->video = video;
  member->tokens = CONFER_CALL_SIGNAL_BURST;
  member->refilled = g_get_monotonic_time ();
  if (self->members->len == 0)
    self->started = member->joined;
  g_ptr_array_add (self->members, member);

  reply = confer_server_reply_new (message, "call.joined");
  json_object_set_string_member (confer_message_get_object (reply), "member", member->id);
  json_object_set_object_member (confer_message_get_object (reply), "call", confer_server_call_state_json (self));
  confer_peer_send (peer, reply);
  joined = confer_message_new ("call.member");
  json_object_set_object_member (confer_message_get_object (joined), "member", member_json (member));
  send_to_members (self, member, joined);
  announce (self);
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
  Member *member = require_member (session, peer, error);
  guint index = 0;

  if (member == NULL)
    return;
  member_of_peer (self, peer, &index);
  reply = confer_server_reply_new (message, "call.left");
  json_object_set_string_member (confer_message_get_object (reply), "member", member->id);
  confer_peer_send (peer, reply);
  remove_member (self, index);
}

/* call.update: what the member sends changed (`audio`, `video`, `screen`,
 * `recording`, each optional); every member hears `call.member`. */
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
  if (!read_flag (message, "audio", &audio, error) || !read_flag (message, "video", &video, error) ||
      !read_flag (message, "screen", &screen, error) || !read_flag (message, "recording", &recording, error) ||
      !flags_allowed (peer, screen && !member->screen, recording && !member->recording, error) ||
      !signal_allowed (member, error))
    return;
  member->audio = audio;
  member->video = video;
  member->screen = screen;
  member->recording = recording;
  updated = confer_message_new ("call.member");
  confer_message_set_txn (updated, confer_message_get_txn (message));
  json_object_set_object_member (confer_message_get_object (updated), "member", member_json (member));
  send_to_members (self, NULL, updated);
  announce (self);
}

/* The string member `sdp` of @message: line breaks are its syntax, which
 * confer_message_read_string() refuses. */
static const char *
read_sdp (ConferMessage  *message,
          GError        **error)
{
  JsonNode *node = json_object_get_member (confer_message_get_object (message), "sdp");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"sdp\" must be a string, a session description");
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

/* The member a signal goes to: `to`, another member of the call; `from`
 * is the server's to set. */
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
  if (target == NULL || target == sender)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER,
                   target == NULL ? "No member “%s” is in the call" : "“%s” is the sender itself", to);
      return NULL;
    }
  return target;
}

/* Relays @message to @target as the same type, with `from` set. */
static void
relay (Member        *sender,
       Member        *target,
       ConferMessage *message)
{
  g_autoptr(ConferMessage) relayed = confer_message_new (confer_message_get_type_name (message));
  JsonObject *in = confer_message_get_object (message);
  JsonObject *out = confer_message_get_object (relayed);
  static const char *const fields[] = { "sdp", "candidate", "sdp_mline_index", "sdp_mid" };

  json_object_set_string_member (out, "from", sender->id);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
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
      (sdp = read_sdp (message, error)) == NULL || !check_sdp (sdp, error) ||
      !signal_allowed (member, error))
    return;
  relay (member, target, message);
}

/* The ICE candidate of a `call.ice`: empty says gathering is over, which
 * confer_message_read_string() would refuse. */
static gboolean
read_candidate (ConferMessage  *message,
                const char    **candidate,
                GError        **error)
{
  JsonNode *node = json_object_get_member (confer_message_get_object (message), "candidate");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      *json_node_get_string (node) == '\0')
    {
      *candidate = "";
      return TRUE;
    }
  return confer_message_read_string (message, "candidate", TRUE, CONFER_CALL_MAX_CANDIDATE, candidate, error);
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
      !read_candidate (message, &candidate, error) ||
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
  if (!signal_allowed (member, error))
    return;
  relay (member, target, message);
}

static const ConferServerHandler handlers[] = {
  { "call.join",   handle_join },
  { "call.leave",  handle_leave },
  { "call.update", handle_update },
  { "call.offer",  handle_description },
  { "call.answer", handle_description },
  { "call.ice",    handle_ice },
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
