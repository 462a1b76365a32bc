/* confer-board.c: a board's elements and how transactions change them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server orders transactions; every replica applies them in that
 * order with the rules below, so replicas that applied the same
 * transactions hold the same board:
 *
 * - the value of each property is that of the last transaction that set
 *   it (last writer wins, per property: moving an element never changes
 *   its colour);
 * - a delete makes a tombstone, which an update or reorder then leaves
 *   alone (a delete beats concurrent updates); only an `add` of the same
 *   id revives it (undo);
 * - z-order is the order of the `index` keys, byte order, with the id
 *   breaking ties, so two elements given one key still stack the same way
 *   everywhere.
 */
#define G_LOG_DOMAIN "confer-board"

#include "config.h"

#include <string.h>

#include "confer-board.h"
#include "confer-core-error.h"

struct _ConferBoard
{
  GHashTable *elements;   /* id (board string) -> ConferBoardElement, tombstones too */
  guint       n_live;
};

/**
 * confer_board_new:
 *
 * Returns: (transfer full): an empty board
 */
ConferBoard *
confer_board_new (void)
{
  ConferBoard *self = g_new0 (ConferBoard, 1);

  self->elements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) confer_board_element_unref);
  return self;
}

/**
 * confer_board_free:
 * @self: (transfer full): a board
 */
void
confer_board_free (ConferBoard *self)
{
  g_hash_table_unref (self->elements);
  g_free (self);
}

/**
 * confer_board_copy:
 * @self: a board
 *
 * Copies the board's elements (live and tombstones), each a new element
 * sharing only its heap values (strings, points) with the original.
 * Elements count their references without atomics, so this is how a board
 * goes to another thread: copy it in the thread that changes @self, let
 * the other thread read the copy (reading shares nothing that changes),
 * and free the copy back in the first thread.
 *
 * Returns: (transfer full): a board equal to @self
 */
ConferBoard *
confer_board_copy (ConferBoard *self)
{
  ConferBoard *copy = confer_board_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->elements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(ConferBoardElement) element = confer_board_element_copy (value);

      confer_board_put (copy, element);
    }
  return copy;
}

/**
 * confer_board_lookup:
 * @self: a board
 * @id: an element id
 *
 * Returns: (transfer none) (nullable): the element, live or a tombstone,
 *   or %NULL if the board never had it
 */
ConferBoardElement *
confer_board_lookup (ConferBoard *self,
                     const char  *id)
{
  return g_hash_table_lookup (self->elements, id);
}

/**
 * confer_board_get_n_live:
 * @self: a board
 *
 * Returns: how many elements are not deleted
 */
guint
confer_board_get_n_live (ConferBoard *self)
{
  return self->n_live;
}

/**
 * confer_board_get_n_elements:
 * @self: a board
 *
 * Returns: how many elements it has, tombstones included
 */
guint
confer_board_get_n_elements (ConferBoard *self)
{
  return g_hash_table_size (self->elements);
}

/**
 * confer_board_put:
 * @self: a board
 * @element: an element (a reference is taken)
 *
 * Puts @element in the board in place of any element with its id, as
 * loading a stored board or rebasing a client's view does; no rule is
 * checked.
 */
void
confer_board_put (ConferBoard        *self,
                  ConferBoardElement *element)
{
  ConferBoardElement *old = g_hash_table_lookup (self->elements, element->id);

  if (old != NULL && !old->deleted)
    self->n_live--;
  if (!element->deleted)
    self->n_live++;
  g_hash_table_replace (self->elements, element->id, confer_board_element_ref (element));
}

/**
 * confer_board_remove:
 * @self: a board
 * @id: an element id
 *
 * Forgets an element entirely, as a client's view does with one only its
 * own refused transaction had added.
 */
void
confer_board_remove (ConferBoard *self,
                     const char  *id)
{
  ConferBoardElement *old = g_hash_table_lookup (self->elements, id);

  if (old == NULL)
    return;
  if (!old->deleted)
    self->n_live--;
  g_hash_table_remove (self->elements, id);
}

/**
 * confer_board_apply_op:
 * @element: (nullable) (transfer full): the element the operation names,
 *   or %NULL if the board does not have it
 * @op: an operation on it
 *
 * The board's rules for one operation on one element: an add makes (or
 * revives, or overwrites) the element; an update sets its properties and
 * a reorder its key unless it is a tombstone; a delete makes it one. The
 * caller has checked the operation (confer_board_check_tx()), except that
 * an operation on a missing element leaves it missing.
 *
 * Returns: (transfer full) (nullable): the element afterwards: @element
 *   itself if nothing changed, or changed in place if the caller held its
 *   only reference, or a changed copy
 */
ConferBoardElement *
confer_board_apply_op (ConferBoardElement  *element,
                       const ConferBoardOp *op)
{
  ConferBoardElement *changed;

  if (op->kind == CONFER_BOARD_OP_ADD)
    {
      g_clear_pointer (&element, confer_board_element_unref);
      return confer_board_element_ref (op->element);
    }
  if (element == NULL || element->deleted)
    return element;

  /* Elements are immutable once shared; one nobody else holds may change. */
  if (element->ref_count == 1)
    changed = element;
  else
    {
      changed = confer_board_element_copy (element);
      confer_board_element_unref (element);
    }
  switch (op->kind)
    {
    case CONFER_BOARD_OP_UPDATE:
      for (guint i = 0; i < op->changes->len; i++)
        {
          ConferBoardChange *change = &g_array_index (op->changes, ConferBoardChange, i);

          if (confer_board_prop_applies (change->prop, changed->type))
            confer_board_element_set (changed, change->prop, &change->value);
        }
      break;
    case CONFER_BOARD_OP_DELETE:
      changed->deleted = TRUE;
      break;
    case CONFER_BOARD_OP_REORDER:
      {
        ConferBoardValue index = { .kind = CONFER_BOARD_VALUE_STRING, .string = confer_board_string_ref (op->index) };

        confer_board_element_take (changed, CONFER_BOARD_PROP_INDEX, &index);
        break;
      }
    default:
      g_assert_not_reached ();
    }
  return changed;
}

/**
 * confer_board_check_tx:
 * @self: a board
 * @tx: a transaction read with confer_board_tx_from_json() or built
 * @error: return location for a #GError
 *
 * Checks that @tx may be applied to the board as it is: every element an
 * update, delete or reorder names exists (or is added earlier in @tx), an
 * add of an existing id keeps its type, an update sets only properties of
 * the element's type, and the board would hold at most
 * %CONFER_BOARD_MAX_ELEMENTS live elements. Nothing changes.
 *
 * Returns: %TRUE if it may; %FALSE with %CONFER_CORE_ERROR_UNKNOWN_ELEMENT,
 *   %CONFER_CORE_ERROR_INVALID_ELEMENT or %CONFER_CORE_ERROR_LIMIT
 */
gboolean
confer_board_check_tx (ConferBoard          *self,
                       const ConferBoardTx  *tx,
                       GError              **error)
{
  /* What this transaction's earlier operations made: id -> type + 1 for
   * live, -(type + 1) for deleted. */
  g_autoptr(GHashTable) made = NULL;
  gint64 live = self->n_live;

  for (guint i = 0; i < tx->ops->len; i++)
    {
      const ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);
      ConferBoardElement *existing = g_hash_table_lookup (self->elements, op->id);
      gpointer state;
      gboolean exists, is_live;
      ConferBoardElementType type;

      if (made != NULL && g_hash_table_lookup_extended (made, op->id, NULL, &state))
        {
          gint s = GPOINTER_TO_INT (state);

          exists = TRUE;
          is_live = s > 0;
          type = ABS (s) - 1;
        }
      else
        {
          exists = existing != NULL;
          is_live = exists && !existing->deleted;
          type = exists ? existing->type : 0;
        }

      if (op->kind == CONFER_BOARD_OP_ADD)
        {
          if (exists && type != op->element->type)
            {
              g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT,
                           "operation %u: the board has “%s” as a %s, not a %s", i, op->id,
                           confer_board_element_type_name (type), confer_board_element_type_name (op->element->type));
              return FALSE;
            }
          if (!is_live && ++live > CONFER_BOARD_MAX_ELEMENTS)
            {
              g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_LIMIT,
                           "A board holds at most %d elements", CONFER_BOARD_MAX_ELEMENTS);
              return FALSE;
            }
          if (made == NULL)
            made = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (made, op->id, GINT_TO_POINTER (op->element->type + 1));
          continue;
        }

      if (!exists)
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_UNKNOWN_ELEMENT,
                       "operation %u: the board has no element “%s”", i, op->id);
          return FALSE;
        }
      if (op->kind == CONFER_BOARD_OP_UPDATE)
        for (guint c = 0; c < op->changes->len; c++)
          {
            ConferBoardProp prop = g_array_index (op->changes, ConferBoardChange, c).prop;

            if (!confer_board_prop_applies (prop, type))
              {
                g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT,
                             "operation %u: a %s has no “%s”", i, confer_board_element_type_name (type),
                             confer_board_prop_name (prop));
                return FALSE;
              }
          }
      if (op->kind == CONFER_BOARD_OP_DELETE && is_live)
        {
          live--;
          if (made == NULL)
            made = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (made, op->id, GINT_TO_POINTER (-(gint) (type + 1)));
        }
    }
  return TRUE;
}

/**
 * confer_board_apply:
 * @self: a board
 * @op: an operation of a transaction that passed confer_board_check_tx()
 *   on this board, the operations before it applied
 *
 * Applies one operation (see confer_board_apply_op()); the board gives up
 * its reference first, so an element only it holds changes in place.
 *
 * Returns: (transfer none) (nullable): the element @op names, afterwards
 */
ConferBoardElement *
confer_board_apply (ConferBoard         *self,
                    const ConferBoardOp *op)
{
  gpointer old = NULL;
  ConferBoardElement *now;

  if (g_hash_table_steal_extended (self->elements, op->id, NULL, &old) && !((ConferBoardElement *) old)->deleted)
    self->n_live--;
  now = confer_board_apply_op (old, op);
  if (now == NULL)
    return NULL;
  if (!now->deleted)
    self->n_live++;
  g_hash_table_insert (self->elements, now->id, now);
  return now;
}

/**
 * confer_board_apply_tx:
 * @self: a board
 * @tx: a transaction that passed confer_board_check_tx() on this board
 * @touched: (nullable): a set (g_str_hash, g_str_equal, its keys released
 *   with confer_board_string_unref()) that gets the id (a board string, a
 *   reference taken) of every element @tx names
 *
 * Applies the operations in order (see confer_board_apply()).
 */
void
confer_board_apply_tx (ConferBoard         *self,
                       const ConferBoardTx *tx,
                       GHashTable          *touched)
{
  for (guint i = 0; i < tx->ops->len; i++)
    {
      const ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);

      if (touched != NULL)
        g_hash_table_add (touched, confer_board_string_ref (op->id));   /* replaces an equal key */
      confer_board_apply (self, op);
    }
}

/**
 * confer_board_element_compare:
 * @a: an element
 * @b: another
 *
 * Z-order: by `index` in byte order (elements without one first), then by
 * id.
 *
 * Returns: < 0 if @a is below @b, > 0 if above, 0 if they are one element
 */
int
confer_board_element_compare (const ConferBoardElement *a,
                              const ConferBoardElement *b)
{
  const char *ia = confer_board_element_get_string (a, CONFER_BOARD_PROP_INDEX);
  const char *ib = confer_board_element_get_string (b, CONFER_BOARD_PROP_INDEX);
  int c = g_strcmp0 (ia, ib);

  return c != 0 ? c : strcmp (a->id, b->id);
}

static int
compare_pointers (gconstpointer a,
                  gconstpointer b)
{
  return confer_board_element_compare (*(ConferBoardElement **) a, *(ConferBoardElement **) b);
}

/**
 * confer_board_sort:
 * @elements: (element-type ConferBoardElement): elements
 *
 * Sorts @elements bottom to top (confer_board_element_compare()).
 */
void
confer_board_sort (GPtrArray *elements)
{
  g_ptr_array_sort (elements, compare_pointers);
}

/**
 * confer_board_list:
 * @self: a board
 * @with_deleted: whether tombstones are listed too
 *
 * Returns: (transfer full) (element-type ConferBoardElement): the
 *   elements from bottom to top (see confer_board_element_compare())
 */
GPtrArray *
confer_board_list (ConferBoard *self,
                   gboolean     with_deleted)
{
  GPtrArray *list = g_ptr_array_new_full (g_hash_table_size (self->elements),
                                          (GDestroyNotify) confer_board_element_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->elements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (with_deleted || !((ConferBoardElement *) value)->deleted)
      g_ptr_array_add (list, confer_board_element_ref (value));
  g_ptr_array_sort (list, compare_pointers);
  return list;
}

static char *
element_text (const ConferBoardElement *element)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, confer_board_element_to_json (element));
  return json_to_string (node, FALSE);
}

/**
 * confer_board_equal:
 * @a: a board
 * @b: another
 * @difference: (out) (optional) (nullable): where to put a description of
 *   the first difference found
 *
 * Returns: %TRUE if both boards hold equal elements, tombstones included
 */
gboolean
confer_board_equal (ConferBoard  *a,
                    ConferBoard  *b,
                    char        **difference)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, a->elements);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ConferBoardElement *other = g_hash_table_lookup (b->elements, key);

      if (other == NULL || !confer_board_element_equal (value, other))
        {
          if (difference != NULL)
            {
              g_autofree char *mine = element_text (value);
              g_autofree char *theirs = other != NULL ? element_text (other) : g_strdup ("(missing)");

              *difference = g_strdup_printf ("%s ≠ %s", mine, theirs);
            }
          return FALSE;
        }
    }
  if (g_hash_table_size (a->elements) != g_hash_table_size (b->elements))
    {
      if (difference != NULL)
        *difference = g_strdup_printf ("%u elements ≠ %u elements", g_hash_table_size (a->elements),
                                       g_hash_table_size (b->elements));
      return FALSE;
    }
  return TRUE;
}
