/* confer-model-list.c: lists of model objects to and from JSON arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place a list of participants, items or invites is read from a
 * JSON array (a server's message, the client cache) and written back to
 * one (the cache, confer-cli join's output).
 */
#define G_LOG_DOMAIN "confer-model-list"

#include "config.h"

#include "confer-model-list.h"

/**
 * confer_model_list_from_json:
 * @type: the objects' #GType (%CONFER_TYPE_ITEM…)
 * @array: (nullable): a JSON array of objects; %NULL reads as empty
 * @read: reads one
 *
 * Reads every element; one that is not an object or that @read refuses
 * (an unknown kind or role, from a newer peer) is left out with a warning,
 * and the rest kept.
 *
 * Returns: (transfer full): a #GListModel (a #GListStore) of @type, in
 *   @array's order
 */
GListModel *
confer_model_list_from_json (GType                type,
                             JsonArray           *array,
                             ConferModelFromJson  read)
{
  GListStore *store = g_list_store_new (type);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) object = JSON_NODE_HOLDS_OBJECT (element) ? read (json_node_get_object (element), &error)
                                                                   : NULL;

      if (object != NULL)
        g_list_store_append (store, object);
      else
        g_warning ("A list entry this version cannot read was left out: %s",
                   error != NULL ? error->message : "not an object");
    }
  return G_LIST_MODEL (store);
}

/**
 * confer_model_list_to_json:
 * @list: a #GListModel of model objects
 * @write: writes one
 *
 * Returns: (transfer full): a JSON array of @list's objects, in order
 */
JsonArray *
confer_model_list_to_json (GListModel        *list,
                           ConferModelToJson  write)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (list, i);

      json_array_add_element (array, write (object));
    }
  return array;
}
