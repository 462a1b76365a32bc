/* confer-board-tx.c: operations on a board, in transactions; building
 * them, reading them from JSON (checked) and writing them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-tx"

#include "config.h"

#include <string.h>

#include "confer-board-tx.h"
#include "confer-core-error.h"
#include "confer-fractional-index.h"

static const char *const op_names[] = { "add", "update", "delete", "reorder" };

static void
op_clear (ConferBoardOp *op)
{
  g_clear_pointer (&op->id, confer_board_string_unref);
  g_clear_pointer (&op->element, confer_board_element_unref);
  g_clear_pointer (&op->index, confer_board_string_unref);
  if (op->changes != NULL)
    {
      for (guint i = 0; i < op->changes->len; i++)
        confer_board_value_clear (&g_array_index (op->changes, ConferBoardChange, i).value);
      g_clear_pointer (&op->changes, g_array_unref);
    }
}

/**
 * confer_board_tx_new:
 *
 * Returns: (transfer full): an empty transaction with no author, txn or
 *   sequence number
 */
ConferBoardTx *
confer_board_tx_new (void)
{
  ConferBoardTx *tx = g_new0 (ConferBoardTx, 1);

  tx->ref_count = 1;
  tx->ops = g_array_new (FALSE, TRUE, sizeof (ConferBoardOp));
  g_array_set_clear_func (tx->ops, (GDestroyNotify) op_clear);
  return tx;
}

/**
 * confer_board_tx_ref:
 * @tx: a transaction
 *
 * Returns: (transfer full): @tx
 */
ConferBoardTx *
confer_board_tx_ref (ConferBoardTx *tx)
{
  tx->ref_count++;
  return tx;
}

/**
 * confer_board_tx_unref:
 * @tx: (transfer full): a transaction
 */
void
confer_board_tx_unref (ConferBoardTx *tx)
{
  if (--tx->ref_count > 0)
    return;
  g_array_unref (tx->ops);
  g_free (tx->author);
  g_free (tx->txn);
  g_free (tx);
}

static ConferBoardOp *
append (ConferBoardTx     *tx,
        ConferBoardOpKind  kind,
        const char        *id)
{
  ConferBoardOp op = { .kind = kind, .id = confer_board_string_new (id) };

  g_array_append_val (tx->ops, op);
  return &g_array_index (tx->ops, ConferBoardOp, tx->ops->len - 1);
}

/**
 * confer_board_tx_add:
 * @tx: a transaction being built
 * @element: an element (a reference is taken)
 *
 * Appends an `add` of @element.
 */
void
confer_board_tx_add (ConferBoardTx      *tx,
                     ConferBoardElement *element)
{
  append (tx, CONFER_BOARD_OP_ADD, element->id)->element = confer_board_element_ref (element);
}

/**
 * confer_board_tx_update:
 * @tx: a transaction being built
 * @id: an element id
 * @prop: a property (not `index`: see confer_board_tx_reorder())
 * @value: its new value (copied)
 *
 * Sets one property; consecutive calls for one element make one `update`,
 * and setting a property twice keeps the last value.
 */
void
confer_board_tx_update (ConferBoardTx          *tx,
                        const char             *id,
                        ConferBoardProp         prop,
                        const ConferBoardValue *value)
{
  ConferBoardOp *op = tx->ops->len > 0 ? &g_array_index (tx->ops, ConferBoardOp, tx->ops->len - 1) : NULL;
  ConferBoardChange change = { .prop = prop };

  g_return_if_fail (prop != CONFER_BOARD_PROP_INDEX);

  if (op == NULL || op->kind != CONFER_BOARD_OP_UPDATE || strcmp (op->id, id) != 0)
    {
      op = append (tx, CONFER_BOARD_OP_UPDATE, id);
      op->changes = g_array_new (FALSE, FALSE, sizeof (ConferBoardChange));
    }
  for (guint i = 0; i < op->changes->len; i++)
    {
      ConferBoardChange *old = &g_array_index (op->changes, ConferBoardChange, i);

      if (old->prop == prop)
        {
          confer_board_value_clear (&old->value);
          confer_board_value_copy (&old->value, value);
          return;
        }
    }
  confer_board_value_copy (&change.value, value);
  g_array_append_val (op->changes, change);
}

/**
 * confer_board_tx_set_number:
 * @tx: a transaction being built
 * @id: an element id
 * @prop: a numeric property
 * @number: its new value, in the property's unit
 *
 * confer_board_tx_update() for a number.
 */
void
confer_board_tx_set_number (ConferBoardTx   *tx,
                            const char      *id,
                            ConferBoardProp  prop,
                            double           number)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NUMBER, .number = number };

  confer_board_tx_update (tx, id, prop, &value);
}

/**
 * confer_board_tx_set_string:
 * @tx: a transaction being built
 * @id: an element id
 * @prop: a string property (a colour, a style, a text…)
 * @string: its new value
 *
 * confer_board_tx_update() for a string.
 */
void
confer_board_tx_set_string (ConferBoardTx   *tx,
                            const char      *id,
                            ConferBoardProp  prop,
                            const char      *string)
{
  ConferBoardValue value;

  confer_board_value_set_string (&value, prop, string);
  confer_board_tx_update (tx, id, prop, &value);
  confer_board_value_clear (&value);
}

/**
 * confer_board_tx_delete:
 * @tx: a transaction being built
 * @id: an element id
 *
 * Appends a `delete`.
 */
void
confer_board_tx_delete (ConferBoardTx *tx,
                        const char    *id)
{
  append (tx, CONFER_BOARD_OP_DELETE, id);
}

/**
 * confer_board_tx_reorder:
 * @tx: a transaction being built
 * @id: an element id
 * @index: its new fractional index key
 *
 * Appends a `reorder`.
 */
void
confer_board_tx_reorder (ConferBoardTx *tx,
                         const char    *id,
                         const char    *index)
{
  append (tx, CONFER_BOARD_OP_REORDER, id)->index = confer_board_string_new (index);
}

static gboolean
op_error (GError     **error,
          guint        i,
          const char  *format,
          ...) G_GNUC_PRINTF (3, 4);

static gboolean
op_error (GError     **error,
          guint        i,
          const char  *format,
          ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT, "operation %u: %s", i, what);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
read_op (ConferBoardTx  *tx,
         guint           i,
         JsonNode       *node,
         GError        **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *kind_name = object != NULL ? member_string (object, "op") : NULL;
  const char *id = object != NULL ? member_string (object, "id") : NULL;
  ConferBoardOpKind kind;

  if (kind_name == NULL)
    return op_error (error, i, "must be an object with “op”: add, update, delete or reorder");
  for (kind = 0; kind < G_N_ELEMENTS (op_names); kind++)
    if (strcmp (kind_name, op_names[kind]) == 0)
      break;
  if (kind == G_N_ELEMENTS (op_names))
    return op_error (error, i, "“op” must be add, update, delete or reorder, not “%s”", kind_name);

  if (kind == CONFER_BOARD_OP_ADD)
    {
      JsonNode *element_node = json_object_get_member (object, "element");
      g_autoptr(ConferBoardElement) element = NULL;

      if (element_node == NULL || !JSON_NODE_HOLDS_OBJECT (element_node))
        return op_error (error, i, "an add needs the “element”");
      element = confer_board_element_from_json (json_node_get_object (element_node), error);
      if (element == NULL)
        {
          g_prefix_error (error, "operation %u: ", i);
          return FALSE;
        }
      if (confer_board_element_get (element, CONFER_BOARD_PROP_INDEX)->kind != CONFER_BOARD_VALUE_STRING)
        return op_error (error, i, "an added element needs its “index”");
      element->deleted = FALSE;
      confer_board_tx_add (tx, element);
      return TRUE;
    }

  if (id == NULL || !confer_board_id_is_valid (id))
    return op_error (error, i, "“id” must be an element id");
  switch (kind)
    {
    case CONFER_BOARD_OP_UPDATE:
      {
        JsonNode *set = json_object_get_member (object, "set");
        ConferBoardOp *op;
        JsonObjectIter iter;
        const char *name;
        JsonNode *value_node;

        if (set == NULL || !JSON_NODE_HOLDS_OBJECT (set) || json_object_get_size (json_node_get_object (set)) == 0)
          return op_error (error, i, "an update needs “set”, an object of at least one field");
        op = append (tx, CONFER_BOARD_OP_UPDATE, id);
        op->changes = g_array_new (FALSE, FALSE, sizeof (ConferBoardChange));
        json_object_iter_init (&iter, json_node_get_object (set));
        while (json_object_iter_next (&iter, &name, &value_node))
          {
            ConferBoardChange change;

            if (!confer_board_prop_from_name (name, &change.prop))
              return op_error (error, i, "“%s” is not a field an update may set", name);
            if (change.prop == CONFER_BOARD_PROP_INDEX)
              return op_error (error, i, "“index” changes through a reorder");
            if (!confer_board_value_from_json (change.prop, value_node, &change.value, error))
              {
                g_prefix_error (error, "operation %u on “%s”: ", i, id);
                return FALSE;
              }
            g_array_append_val (op->changes, change);
          }
        return TRUE;
      }
    case CONFER_BOARD_OP_DELETE:
      confer_board_tx_delete (tx, id);
      return TRUE;
    case CONFER_BOARD_OP_REORDER:
      {
        const char *index = member_string (object, "index");

        if (index == NULL || !confer_fractional_index_is_valid (index))
          return op_error (error, i, "a reorder needs “index”, a fractional index key such as “a0”");
        confer_board_tx_reorder (tx, id, index);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * confer_board_tx_from_json:
 * @ops: a transaction's operations as JSON: `{"op": "add", "element":
 *   {…}}`, `{"op": "update", "id", "set": {field: value, …}}`,
 *   `{"op": "delete", "id"}`, `{"op": "reorder", "id", "index"}`
 * @error: return location for a #GError
 *
 * Reads and checks a transaction (every value, see
 * confer_board_value_from_json()); whether its elements exist is the
 * board's check when it is applied.
 *
 * Returns: (transfer full) (nullable): the transaction; or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_ELEMENT naming the operation and field (or
 *   for no operations at all), or %CONFER_CORE_ERROR_LIMIT for more than
 *   %CONFER_BOARD_MAX_OPS
 */
ConferBoardTx *
confer_board_tx_from_json (JsonArray  *ops,
                           GError    **error)
{
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
  guint n = json_array_get_length (ops);

  if (n == 0 || n > CONFER_BOARD_MAX_OPS)
    {
      g_set_error (error, CONFER_CORE_ERROR, n == 0 ? CONFER_CORE_ERROR_INVALID_ELEMENT : CONFER_CORE_ERROR_LIMIT,
                   "A transaction holds 1 to %d operations, not %u", CONFER_BOARD_MAX_OPS, n);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (!read_op (tx, i, json_array_get_element (ops, i), error))
      return NULL;
  return g_steal_pointer (&tx);
}

/**
 * confer_board_tx_to_json:
 * @tx: a transaction
 *
 * Returns: (transfer full): its operations as confer_board_tx_from_json()
 *   reads them
 */
JsonArray *
confer_board_tx_to_json (const ConferBoardTx *tx)
{
  JsonArray *array = json_array_sized_new (tx->ops->len);

  for (guint i = 0; i < tx->ops->len; i++)
    {
      ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "op", op_names[op->kind]);
      switch (op->kind)
        {
        case CONFER_BOARD_OP_ADD:
          json_object_set_object_member (object, "element", confer_board_element_to_json (op->element));
          break;
        case CONFER_BOARD_OP_UPDATE:
          {
            JsonObject *set = json_object_new ();

            json_object_set_string_member (object, "id", op->id);
            for (guint c = 0; c < op->changes->len; c++)
              {
                ConferBoardChange *change = &g_array_index (op->changes, ConferBoardChange, c);

                json_object_set_member (set, confer_board_prop_name (change->prop),
                                        confer_board_value_to_json (change->prop, &change->value));
              }
            json_object_set_object_member (object, "set", set);
            break;
          }
        case CONFER_BOARD_OP_DELETE:
          json_object_set_string_member (object, "id", op->id);
          break;
        case CONFER_BOARD_OP_REORDER:
          json_object_set_string_member (object, "id", op->id);
          json_object_set_string_member (object, "index", op->index);
          break;
        }
      json_array_add_object_element (array, object);
    }
  return array;
}
