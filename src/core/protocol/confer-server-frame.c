/* confer-server-frame.c: what a client checks of a server's message before
 * acting on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-frame"

#include "config.h"

#include "confer-protocol.h"
#include "confer-server-frame.h"

typedef gboolean (*NodeCheck) (JsonNode *node);

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
has_string (JsonObject *object,
            const char *name,
            gboolean    required)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return !required;
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
has_uint (JsonObject *object,
          const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
         json_node_get_int (node) >= 0;
}

static gboolean
has_boolean (JsonObject *object,
             const char *name)
{
  JsonNode *node = get_member (object, name);

  return node == NULL || (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN);
}

static gboolean
is_participant (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL && has_string (object, "id", TRUE) && has_string (object, "name", TRUE) &&
         has_string (object, "colour", TRUE) && has_string (object, "role", TRUE) && has_boolean (object, "online");
}

static gboolean
is_doc (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL && has_string (object, "id", TRUE) && has_string (object, "title", TRUE) &&
         has_string (object, "kind", FALSE) && (get_member (object, "edited") == NULL || has_uint (object, "edited"));
}

static gboolean
is_deleted_doc (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return is_doc (node) && has_uint (object, "deleted") && has_string (object, "by", FALSE);
}

static gboolean
is_session (JsonNode *node)
{
  return is_doc (node);  /* the same members: id and title */
}

/* A committed operation: in `doc.ops`' list, or a `doc.op` itself. */
static gboolean
is_op_entry_object (JsonObject *object)
{
  JsonNode *op = get_member (object, "op");

  return has_uint (object, "rev") && op != NULL && JSON_NODE_HOLDS_ARRAY (op) &&
         has_string (object, "author", FALSE) && has_string (object, "txn", FALSE);
}

static gboolean
is_op_entry (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node) && is_op_entry_object (json_node_get_object (node));
}

/* A board transaction in `board.txs`' list; its operations are checked
 * when it is applied. */
static gboolean
is_board_tx (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *ops = object != NULL ? get_member (object, "ops") : NULL;

  return object != NULL && has_uint (object, "seq") && has_string (object, "author", TRUE) &&
         has_string (object, "txn", TRUE) && ops != NULL && JSON_NODE_HOLDS_ARRAY (ops);
}

/* A chat event in `chat.events`' list; its message is checked member by
 * member when it is read (confer_chat_message_new_from_json()). */
static gboolean
is_chat_event (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *message = object != NULL ? get_member (object, "message") : NULL;

  return object != NULL && has_uint (object, "seq") && has_string (object, "kind", TRUE) &&
         has_string (object, "author", TRUE) && has_string (object, "txn", TRUE) &&
         message != NULL && JSON_NODE_HOLDS_OBJECT (message);
}

static gboolean
is_object (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node);
}

static gboolean
is_invite (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL && has_string (object, "id", TRUE) && has_string (object, "role", TRUE) &&
         has_uint (object, "expires") && has_uint (object, "max_uses") && has_uint (object, "uses") &&
         has_boolean (object, "revoked");
}

static gboolean
has (JsonObject *object,
     const char *name,
     NodeCheck   check)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && check (node);
}

static gboolean
has_array_of (JsonObject *object,
              const char *name,
              NodeCheck   check)
{
  JsonNode *node = get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!check (json_array_get_element (array, i)))
      return FALSE;
  return TRUE;
}

/* One of a call's members: `call.member`'s, or in a call state. */
static gboolean
is_call_member (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL && has_string (object, "member", TRUE) && has_string (object, "participant", TRUE) &&
         has_string (object, "room", FALSE) && (get_member (object, "joined") == NULL || has_uint (object, "joined")) && has_boolean (object, "audio") &&
         has_boolean (object, "video") && has_boolean (object, "screen") && has_boolean (object, "recording");
}

/* One of a call state's breakout rooms. */
static gboolean
is_call_room (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL && has_string (object, "id", TRUE) && has_string (object, "name", TRUE);
}

/* A call's state: `welcome`'s `call`, `call.state`'s, `call.joined`'s,
 * `call.moved`'s; `rooms`, `choose` and `ends` are optional (a server
 * without breakout rooms leaves them out). */
static gboolean
is_call_state (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL && has_uint (object, "started") && has_array_of (object, "members", is_call_member) &&
         (get_member (object, "rooms") == NULL || has_array_of (object, "rooms", is_call_room)) &&
         has_boolean (object, "choose") && (get_member (object, "ends") == NULL || has_uint (object, "ends"));
}

/* A stroke over a shared screen: `annotation.draw` itself (no id), or a
 * finished one; its points are checked when it is read
 * (confer_annotation_read_stroke()). */
static gboolean
is_annotation_object (JsonObject *object,
                      gboolean    finished)
{
  JsonNode *stroke = get_member (object, "stroke");

  return has_string (object, "member", TRUE) && has_string (object, "participant", TRUE) &&
         (!finished || has_string (object, "id", TRUE)) && stroke != NULL && JSON_NODE_HOLDS_ARRAY (stroke);
}

static gboolean
is_annotation (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node) && is_annotation_object (json_node_get_object (node), TRUE);
}

/* Returns the first member of @message's type that is missing or of the
 * wrong shape, or %NULL if all are right (or the type has none to check). */
static const char *
first_bad_member (const char *type,
                  JsonObject *object)
{
  if (g_str_equal (type, "welcome"))
    {
      if (!has (object, "session", is_session))
        return "session";
      if (!has (object, "you", is_participant))
        return "you";
      if (!has_array_of (object, "participants", is_participant))
        return "participants";
      if (!has_array_of (object, "docs", is_doc))
        return "docs";
      if (!has_string (object, "token", FALSE))
        return "token";
      if (get_member (object, "call") != NULL && !has (object, "call", is_call_state))
        return "call";
    }
  else if (g_str_equal (type, "call.joined") || g_str_equal (type, "call.state") || g_str_equal (type, "call.moved"))
    {
      if (!has (object, "call", is_call_state))
        return "call";
      if (g_str_equal (type, "call.joined") && !has_string (object, "member", TRUE))
        return "member";
      if (g_str_equal (type, "call.moved") && !has_string (object, "room", TRUE))
        return "room";
    }
  else if (g_str_equal (type, "call.member"))
    {
      if (!has (object, "member", is_call_member))
        return "member";
    }
  else if (g_str_equal (type, "call.left"))
    {
      if (!has_string (object, "member", TRUE))
        return "member";
    }
  else if (g_str_equal (type, "call.offer") || g_str_equal (type, "call.answer"))
    {
      if (!has_string (object, "from", TRUE) || !has_string (object, "sdp", TRUE))
        return "from or sdp";
    }
  else if (g_str_equal (type, "call.ice"))
    {
      if (!has_string (object, "from", TRUE) || !has_string (object, "candidate", TRUE) ||
          !has_uint (object, "sdp_mline_index") || !has_string (object, "sdp_mid", FALSE))
        return "from, candidate, sdp_mline_index or sdp_mid";
    }
  else if (g_str_has_prefix (type, "annotation."))
    {
      if (!has_string (object, "screen", TRUE))
        return "screen";
      if (g_str_equal (type, "annotation.draw") && !is_annotation_object (object, FALSE))
        return "member, participant or stroke";
      if (g_str_equal (type, "annotation.added") && !has (object, "annotation", is_annotation))
        return "annotation";
      if (g_str_equal (type, "annotation.list") && !has_array_of (object, "annotations", is_annotation))
        return "annotations";
    }
  else if (g_str_equal (type, "participant.joined") || g_str_equal (type, "participant.left"))
    {
      if (!has (object, "participant", is_participant))
        return "participant";
    }
  else if (g_str_equal (type, "doc.created") || g_str_equal (type, "doc.renamed") ||
           g_str_equal (type, "doc.deleted") || g_str_equal (type, "doc.restored"))
    {
      if (!has (object, "doc", is_doc))
        return "doc";
      if (!has_string (object, "by", FALSE))
        return "by";
    }
  else if (g_str_equal (type, "doc.trash"))
    {
      if (!has_array_of (object, "docs", is_deleted_doc))
        return "docs";
    }
  else if (g_str_equal (type, "doc.list"))
    {
      if (!has_array_of (object, "docs", is_doc))
        return "docs";
    }
  else if (g_str_equal (type, "doc.snapshot") || g_str_equal (type, "doc.ops") ||
           g_str_equal (type, "doc.op") || g_str_equal (type, "doc.ack") || g_str_equal (type, "presence"))
    {
      if (!has_string (object, "doc", TRUE))
        return "doc";
      if (!has_uint (object, "rev"))
        return "rev";
      if (g_str_equal (type, "doc.snapshot") && !has_string (object, "text", TRUE))
        return "text";
      if (g_str_equal (type, "doc.ops") && !has_array_of (object, "ops", is_op_entry))
        return "ops";
      if (g_str_equal (type, "doc.op") && !is_op_entry_object (object))
        return "op";
      if (g_str_equal (type, "presence") &&
          !(has_string (object, "participant", TRUE) && has_uint (object, "anchor") && has_uint (object, "head")))
        return "participant, anchor or head";
    }
  else if (g_str_has_prefix (type, "board."))
    {
      if (!has_string (object, "doc", TRUE))
        return "doc";
      if (!g_str_equal (type, "board.presence") && !has_uint (object, "seq"))
        return "seq";
      if (g_str_equal (type, "board.snapshot") && !has_array_of (object, "elements", is_object))
        return "elements";
      if (g_str_equal (type, "board.txs") && !has_array_of (object, "txs", is_board_tx))
        return "txs";
      if (g_str_equal (type, "board.ack") && !has_string (object, "txn", TRUE))
        return "txn";
      if (g_str_equal (type, "board.presence") &&
          !(has_string (object, "participant", TRUE) && has_boolean (object, "closed")))
        return "participant";
    }
  else if (g_str_equal (type, "chat.messages") || g_str_equal (type, "chat.history") ||
           g_str_equal (type, "chat.search"))
    {
      if (!has_array_of (object, "messages", is_object))
        return "messages";
      if (g_str_equal (type, "chat.messages") && !has_uint (object, "seq"))
        return "seq";
    }
  else if (g_str_equal (type, "chat.events"))
    {
      if (!has_uint (object, "seq") || !has_array_of (object, "events", is_chat_event))
        return "seq or events";
    }
  else if (g_str_equal (type, "chat.ack"))
    {
      if (!has_uint (object, "seq") || !has (object, "message", is_object) || !has_string (object, "txn", TRUE))
        return "seq, message or txn";
    }
  else if (g_str_equal (type, "chat.typing"))
    {
      if (!has_string (object, "participant", TRUE) || !has_boolean (object, "typing"))
        return "participant or typing";
    }
  else if (g_str_equal (type, "chat.read"))
    {
      if (!has_string (object, "participant", TRUE) || !has_uint (object, "seq"))
        return "participant or seq";
    }
  else if (g_str_equal (type, "error"))
    {
      if (!has_string (object, "code", TRUE) || !has_string (object, "message", TRUE))
        return "code or message";
    }
  else if (g_str_equal (type, "invite.info"))
    {
      if (!has (object, "session", is_session) || !has_string (object, "role", TRUE) || !has_uint (object, "expires"))
        return "session, role or expires";
    }
  else if (g_str_equal (type, "invite.created"))
    {
      if (!has_string (object, "token", TRUE) || !has (object, "invite", is_invite))
        return "token or invite";
    }
  else if (g_str_equal (type, "invite.list"))
    {
      if (!has_array_of (object, "invites", is_invite))
        return "invites";
    }
  return NULL;
}

/**
 * confer_server_frame_check:
 * @message: a message a client received from a server
 * @error: return location for a #GError
 *
 * Checks that the members a client acts on are there and of the right
 * JSON type (docs/protocol.md gives each message): `welcome`'s session,
 * participant and document lists; each participant's `id`, `name`,
 * `colour` and `role`; each document's `id`, `title` and (optional) `kind`; `doc.*` and
 * `presence`'s `doc` and `rev` (non-negative integers), positions, texts
 * and operation entries; `board.*`'s `doc` and `seq`, elements (objects:
 * each is checked field by field when it is read), transaction entries
 * (`seq`, `author`, `txn`, `ops`), the acknowledged `txn`, presence's
 * `participant`; `chat.*`'s sequence numbers, message lists, events
 * (`seq`, `kind`, `author`, `txn`, `message`), typing and read receipts;
 * `call.*`'s member ids, call states (`started`, `members`, each member's
 * `member`, `participant`, `room`, `joined` and flags; the breakout
 * `rooms`' `id` and `name`, `choose`, `ends`), `call.moved`'s `room`,
 * session descriptions and
 * candidates (`from`, `sdp`, `candidate`, `sdp_mline_index`) and
 * `welcome`'s `call` when it is there;
 * `error`'s `code` and `message`. Message types the
 * client does not know pass, so that a newer server can add them. Values
 * are checked where they are used (an operation's components when it is
 * applied).
 *
 * The server is not trusted: a broken or hostile one must not crash a
 * client through the shape of what it sends.
 *
 * Returns: %TRUE if the client may act on @message; %FALSE with
 *   %CONFER_PROTOCOL_ERROR_BAD_MESSAGE naming the member
 */
gboolean
confer_server_frame_check (ConferMessage  *message,
                           GError        **error)
{
  const char *type = confer_message_get_type_name (message);
  const char *bad = first_bad_member (type, confer_message_get_object (message));

  if (bad == NULL)
    return TRUE;
  g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
               "In its \"%s\" message, \"%s\" is missing or malformed", type, bad);
  return FALSE;
}
