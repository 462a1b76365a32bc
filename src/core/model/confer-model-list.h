/* confer-model-list.h: lists of model objects to and from JSON arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ConferModelFromJson:
 * @object: a JSON object
 * @error: return location for a #GError
 *
 * Reads one model object (confer_participant_new_from_json(),
 * confer_item_new_from_json(), confer_invite_new_from_json()).
 *
 * Returns: (transfer full) (nullable): the object, or %NULL with @error set
 */
typedef gpointer  (*ConferModelFromJson) (JsonObject  *object,
                                          GError     **error);

/**
 * ConferModelToJson:
 * @object: a model object
 *
 * Writes one model object (confer_participant_to_json(),
 * confer_item_to_json()).
 *
 * Returns: (transfer full): a JSON object node
 */
typedef JsonNode *(*ConferModelToJson)   (gpointer     object);

GListModel *confer_model_list_from_json (GType                type,
                                         JsonArray           *array,
                                         ConferModelFromJson  read);
JsonArray  *confer_model_list_to_json   (GListModel          *list,
                                         ConferModelToJson    write);

G_END_DECLS
