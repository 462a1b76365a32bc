/* confer-client-json.c: a session and its events as lines of JSON, for
 * tools (confer-cli join)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is output, not the wire: each function writes one JSON object (no
 * newline) from the typed state, in the shape of the protocol message
 * that caused it (`"type"` named as on the wire, members in the wire's
 * order), so scripts that read `confer-cli join` keep working. It lives in
 * the net layer, which has json-glib, so that the command-line tool above
 * it needs none.
 */
#define G_LOG_DOMAIN "confer-client-json"

#include "config.h"

#include "confer-client-json.h"

static JsonObject *
event_new (const char *type)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  return object;
}

static char *
event_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return json_to_string (node, FALSE);
}

/**
 * confer_client_session_to_json:
 * @client: a welcomed client
 *
 * Returns: (transfer full): `{"type": "session", "title", "you": {"id",
 *   "role"}, "participants": [...], "docs": [...]}`, the lists as
 *   confer_participant_to_json() and confer_item_to_json() write them
 */
char *
confer_client_session_to_json (ConferClient *client)
{
  JsonObject *object = event_new ("session");
  JsonObject *you = json_object_new ();

  g_return_val_if_fail (CONFER_IS_CLIENT (client), NULL);

  json_object_set_string_member (object, "title", confer_client_get_session_title (client));
  json_object_set_string_member (you, "id", confer_client_get_participant_id (client));
  json_object_set_string_member (you, "role", confer_role_to_string (confer_client_get_role (client)));
  json_object_set_object_member (object, "you", you);
  json_object_set_array_member (object, "participants",
                                confer_model_list_to_json (confer_client_get_participants (client),
                                                           (ConferModelToJson) confer_participant_to_json));
  json_object_set_array_member (object, "docs",
                                confer_model_list_to_json (confer_client_get_items (client),
                                                           (ConferModelToJson) confer_item_to_json));
  return event_to_string (object);
}

/**
 * confer_client_state_to_json:
 * @client: a client
 *
 * Returns: (transfer full): `{"type": "state", "state": "connecting"}`
 *   (`online`, `reconnecting`, `offline`, `refused`), with `"message"`,
 *   the reason, when refused
 */
char *
confer_client_state_to_json (ConferClient *client)
{
  static const char *names[] = { "connecting", "online", "reconnecting", "offline", "refused" };
  ConferConnectionState state;
  JsonObject *object = event_new ("state");

  g_return_val_if_fail (CONFER_IS_CLIENT (client), NULL);

  state = confer_client_get_state (client);
  json_object_set_string_member (object, "state", names[state]);
  if (state == CONFER_CONNECTION_REFUSED)
    json_object_set_string_member (object, "message", confer_client_get_refusal (client));
  return event_to_string (object);
}

/**
 * confer_participant_event_to_json:
 * @event: what happened: `participant.joined` or `participant.left`
 * @participant: who
 *
 * Returns: (transfer full): `{"type": @event, "participant": {...}}`
 */
char *
confer_participant_event_to_json (const char        *event,
                                  ConferParticipant *participant)
{
  JsonObject *object = event_new (event);

  json_object_set_member (object, "participant", confer_participant_to_json (participant));
  return event_to_string (object);
}

/**
 * confer_item_event_to_json:
 * @event: what happened: `doc.created`, `doc.renamed`, `doc.deleted` or
 *   `doc.restored`
 * @item: the item
 *
 * Returns: (transfer full): `{"type": @event, "doc": {...}}`, and for a
 *   deleted item `"by"`, who deleted it
 */
char *
confer_item_event_to_json (const char *event,
                           ConferItem *item)
{
  JsonObject *object = event_new (event);
  JsonNode *doc = confer_item_to_json (item);

  /* As on the wire: who deleted it is the message's, not the item's. */
  json_object_remove_member (json_node_get_object (doc), "deleted");
  json_object_remove_member (json_node_get_object (doc), "by");
  json_object_set_member (object, "doc", doc);
  if (confer_item_get_deleted_by (item) != NULL)
    json_object_set_string_member (object, "by", confer_item_get_deleted_by (item));
  return event_to_string (object);
}

/**
 * confer_client_doc_snapshot_to_json:
 * @doc: a ready document
 *
 * Returns: (transfer full): `{"type": "doc.snapshot", "doc", "rev",
 *   "text"}`: its whole text at its revision
 */
char *
confer_client_doc_snapshot_to_json (ConferClientDoc *doc)
{
  JsonObject *object = event_new ("doc.snapshot");
  g_autofree char *text = confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);

  json_object_set_string_member (object, "doc", confer_client_doc_get_id (doc));
  json_object_set_int_member (object, "rev", confer_client_doc_get_revision (doc));
  json_object_set_string_member (object, "text", text);
  return event_to_string (object);
}

/**
 * confer_client_doc_change_to_json:
 * @doc: a document
 * @op: a remote change just applied (#ConferClientDoc::changed)
 * @author: (nullable): its author's participant id
 * @txn: (nullable): its author's txn
 *
 * Returns: (transfer full): `{"type": "doc.op", "doc", "rev", "op",
 *   "author", "txn"}`, @op as applied to the local text (the server's
 *   operation for a client with no changes of its own pending), `rev` the
 *   revision it made
 */
char *
confer_client_doc_change_to_json (ConferClientDoc *doc,
                                  ConferTextOp    *op,
                                  const char      *author,
                                  const char      *txn)
{
  JsonObject *object = event_new ("doc.op");

  json_object_set_string_member (object, "doc", confer_client_doc_get_id (doc));
  json_object_set_int_member (object, "rev", confer_client_doc_get_revision (doc));
  json_object_set_member (object, "op", confer_text_op_to_json (op));
  if (author != NULL)
    json_object_set_string_member (object, "author", author);
  if (txn != NULL)
    json_object_set_string_member (object, "txn", txn);
  return event_to_string (object);
}

/**
 * confer_client_doc_presence_to_json:
 * @doc: a document
 * @participant: a participant id
 * @anchor: their selection's anchor in the local text, in code points
 * @head: their cursor in the local text, in code points
 *
 * Returns: (transfer full): `{"type": "presence", "doc", "rev",
 *   "participant", "anchor", "head"}`
 */
char *
confer_client_doc_presence_to_json (ConferClientDoc *doc,
                                    const char      *participant,
                                    guint64          anchor,
                                    guint64          head)
{
  JsonObject *object = event_new ("presence");

  json_object_set_string_member (object, "doc", confer_client_doc_get_id (doc));
  json_object_set_int_member (object, "rev", confer_client_doc_get_revision (doc));
  json_object_set_string_member (object, "participant", participant);
  json_object_set_int_member (object, "anchor", anchor);
  json_object_set_int_member (object, "head", head);
  return event_to_string (object);
}
