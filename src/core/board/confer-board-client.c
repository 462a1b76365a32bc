/* confer-board-client.c: one participant's copy of a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tldraw's push/rebase model (tldraw's sync docs, "TLSyncClient"): the
 * client keeps the board as the server confirmed it and, on top, its own
 * transactions the server has not acknowledged yet, applied at once so
 * the participant never waits. Each transaction from the server is applied
 * to the confirmed board, and every element it touched is rebuilt in the
 * view from the confirmed element and the pending operations on it — so a
 * property this participant changed keeps its local value until the
 * server has ordered the change, and nothing else is recomputed.
 *
 * Undo is per user and never undoes anyone else's work: a step remembers
 * each element it touched as it was before and after; undoing restores the
 * "before" value of a property only if the property still has the "after"
 * value (nobody changed it since), deletes an element it added only if
 * nobody changed that element since, and revives an element it deleted
 * only if it is still deleted.
 */
#define G_LOG_DOMAIN "confer-board-client"

#include "config.h"

#include <string.h>

#include "confer-board-client.h"
#include "confer-core-error.h"

/* A step of undo or redo: each element the gesture touched, before and
 * after it (NULL where it did not exist). */
typedef struct
{
  GHashTable *before;   /* id (board string) -> ConferBoardElement or NULL */
  GHashTable *after;
} Step;

struct _ConferBoardClient
{
  char        *participant_id;
  char        *txn_prefix;
  guint64      txn_counter;
  ConferBoard *confirmed;
  ConferBoard *view;
  guint64      seq;
  GQueue       pending;       /* ConferBoardTx, oldest first */
  guint        n_sent;        /* the first n_sent pending are sent */
  GHashTable  *pending_ops;   /* id -> GPtrArray of const ConferBoardOp *, in order */
  GQueue       undo;          /* Step, newest first */
  GQueue       redo;
};

static void
element_unref0 (gpointer element)
{
  if (element != NULL)
    confer_board_element_unref (element);
}

static Step *
step_new (void)
{
  Step *step = g_new (Step, 1);

  step->before = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) confer_board_string_unref, element_unref0);
  step->after = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) confer_board_string_unref, element_unref0);
  return step;
}

static void
step_free (Step *step)
{
  g_hash_table_unref (step->before);
  g_hash_table_unref (step->after);
  g_free (step);
}

/**
 * confer_board_touched_new:
 *
 * Returns: (transfer full): an empty set for the ids of elements a change
 *   touched, as the functions of this file fill it (its keys are board
 *   strings, see confer_board_string_new(), which it holds a reference on)
 */
GHashTable *
confer_board_touched_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) confer_board_string_unref, NULL);
}

/**
 * confer_board_client_new:
 * @participant_id: who this client is (the author of its transactions)
 * @txn_prefix: a prefix unique to this client instance, for txns
 *
 * Returns: (transfer full): a client with an empty board at sequence 0
 */
ConferBoardClient *
confer_board_client_new (const char *participant_id,
                         const char *txn_prefix)
{
  ConferBoardClient *self = g_new0 (ConferBoardClient, 1);

  self->participant_id = g_strdup (participant_id);
  self->txn_prefix = g_strdup (txn_prefix);
  self->confirmed = confer_board_new ();
  self->view = confer_board_new ();
  self->pending_ops = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) confer_board_string_unref,
                                             (GDestroyNotify) g_ptr_array_unref);
  return self;
}

/**
 * confer_board_client_free:
 * @self: (transfer full): a client
 */
void
confer_board_client_free (ConferBoardClient *self)
{
  g_queue_clear_full (&self->pending, (GDestroyNotify) confer_board_tx_unref);
  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  g_hash_table_unref (self->pending_ops);
  confer_board_free (self->confirmed);
  confer_board_free (self->view);
  g_free (self->participant_id);
  g_free (self->txn_prefix);
  g_free (self);
}

/**
 * confer_board_client_get_view:
 * @self: a client
 *
 * Returns: (transfer none): the board as this participant sees it: the
 *   confirmed board with the pending transactions on top
 */
ConferBoard *
confer_board_client_get_view (ConferBoardClient *self)
{
  return self->view;
}

/**
 * confer_board_client_get_confirmed:
 * @self: a client
 *
 * Returns: (transfer none): the board as the server has ordered it up to
 *   confer_board_client_get_seq()
 */
ConferBoard *
confer_board_client_get_confirmed (ConferBoardClient *self)
{
  return self->confirmed;
}

/**
 * confer_board_client_get_seq:
 * @self: a client
 *
 * Returns: the sequence number of the last server transaction applied
 */
guint64
confer_board_client_get_seq (ConferBoardClient *self)
{
  return self->seq;
}

/**
 * confer_board_client_get_n_pending:
 * @self: a client
 *
 * Returns: how many local transactions the server has not acknowledged
 */
guint
confer_board_client_get_n_pending (ConferBoardClient *self)
{
  return self->pending.length;
}

/* Puts in the view the element @id as @confirmed (transfer none,
 * nullable: the confirmed element) with the pending operations on it
 * (@ops, nullable) applied. */
static void
rebuild_element (ConferBoardClient  *self,
                 const char         *id,
                 ConferBoardElement *confirmed,
                 GPtrArray          *ops)
{
  ConferBoardElement *element = confirmed != NULL ? confer_board_element_ref (confirmed) : NULL;

  for (guint i = 0; ops != NULL && i < ops->len; i++)
    element = confer_board_apply_op (element, g_ptr_array_index (ops, i));
  if (element == NULL)
    {
      confer_board_remove (self->view, id);
      return;
    }
  if (ops != NULL || element != confer_board_lookup (self->view, id))
    confer_board_put (self->view, element);
  confer_board_element_unref (element);
}

/* Rebuilds the view's element @id from the confirmed one and the pending
 * operations on it. */
static void
rebase_element (ConferBoardClient *self,
                const char        *id)
{
  rebuild_element (self, id, confer_board_lookup (self->confirmed, id), g_hash_table_lookup (self->pending_ops, id));
}

static void
rebase_touched (ConferBoardClient *self,
                GHashTable        *ids)
{
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    rebase_element (self, id);
}

static void
add_touched (GHashTable  *touched,
             const char  *id)
{
  if (touched != NULL)
    g_hash_table_add (touched, confer_board_string_ref ((char *) id));   /* replaces an equal key */
}

static void
index_pending (ConferBoardClient *self,
               ConferBoardTx     *tx)
{
  for (guint i = 0; i < tx->ops->len; i++)
    {
      ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);
      GPtrArray *ops = g_hash_table_lookup (self->pending_ops, op->id);

      if (ops == NULL)
        g_hash_table_insert (self->pending_ops, confer_board_string_ref (op->id), ops = g_ptr_array_new ());
      g_ptr_array_add (ops, op);
    }
}

/* Drops a pending transaction's operations from the index and adds the
 * ids they touched to @ids. */
static void
unindex_pending (ConferBoardClient *self,
                 ConferBoardTx     *tx,
                 GHashTable        *ids)
{
  for (guint i = 0; i < tx->ops->len; i++)
    {
      ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);
      GPtrArray *ops = g_hash_table_lookup (self->pending_ops, op->id);

      add_touched (ids, op->id);
      if (ops == NULL)
        continue;
      g_ptr_array_remove (ops, op);
      if (ops->len == 0)
        g_hash_table_remove (self->pending_ops, op->id);
    }
}

/**
 * confer_board_client_reset:
 * @self: a client
 * @confirmed: (transfer full): the board as the server sent it whole
 * @seq: its sequence number
 * @touched: (nullable): gets the id of every element whose view may have
 *   changed (all of them)
 *
 * Starts again from a server snapshot, keeping the pending transactions
 * on top (they are sent again: the server commits each txn once).
 */
void
confer_board_client_reset (ConferBoardClient *self,
                           ConferBoard       *confirmed,
                           guint64            seq,
                           GHashTable        *touched)
{
  g_autoptr(GHashTable) ids = confer_board_touched_new ();
  g_autoptr(GPtrArray) old = confer_board_list (self->view, TRUE);
  g_autoptr(GPtrArray) now = confer_board_list (confirmed, TRUE);
  GHashTableIter iter;
  gpointer id;

  for (guint i = 0; i < old->len; i++)
    add_touched (ids, ((ConferBoardElement *) g_ptr_array_index (old, i))->id);
  for (guint i = 0; i < now->len; i++)
    add_touched (ids, ((ConferBoardElement *) g_ptr_array_index (now, i))->id);
  confer_board_free (self->confirmed);
  self->confirmed = confirmed;
  self->seq = seq;
  rebase_touched (self, ids);
  g_hash_table_iter_init (&iter, ids);
  while (touched != NULL && g_hash_table_iter_next (&iter, &id, NULL))
    add_touched (touched, id);
}

/* Records in @step what @tx will change in the view, before it does. */
static void
step_note_before (Step          *step,
                  ConferBoard   *view,
                  ConferBoardTx *tx)
{
  for (guint i = 0; i < tx->ops->len; i++)
    {
      ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);
      ConferBoardElement *element;

      if (g_hash_table_contains (step->before, op->id))
        continue;
      element = confer_board_lookup (view, op->id);
      g_hash_table_insert (step->before, confer_board_string_ref (op->id),
                           element != NULL ? confer_board_element_ref (element) : NULL);
    }
}

static void
step_note_after (Step        *step,
                 ConferBoard *view)
{
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, step->before);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      ConferBoardElement *element = confer_board_lookup (view, id);

      g_hash_table_replace (step->after, confer_board_string_ref (id),
                            element != NULL ? confer_board_element_ref (element) : NULL);
    }
}

static gboolean
is_live (ConferBoardElement *element)
{
  return element != NULL && !element->deleted;
}

/* Applies a checked transaction to the view as this participant's. */
static void
push_local (ConferBoardClient *self,
            ConferBoardTx     *tx,
            GHashTable        *touched)
{
  g_clear_pointer (&tx->author, g_free);
  tx->author = g_strdup (self->participant_id);
  if (tx->txn == NULL)
    tx->txn = g_strdup_printf ("%s%" G_GUINT64_FORMAT, self->txn_prefix, ++self->txn_counter);
  confer_board_apply_tx (self->view, tx, touched);
  g_queue_push_tail (&self->pending, confer_board_tx_ref (tx));
  index_pending (self, tx);
}

static gboolean
apply_local_step (ConferBoardClient  *self,
                  ConferBoardTx      *tx,
                  GQueue             *steps,
                  gboolean            merge,
                  GHashTable         *touched,
                  GError            **error)
{
  Step *step;

  if (!confer_board_check_tx (self->view, tx, error))
    return FALSE;
  if (merge && steps->head != NULL)
    step = steps->head->data;
  else
    {
      step = step_new ();
      g_queue_push_head (steps, step);
      if (steps->length > CONFER_BOARD_UNDO_DEPTH)
        step_free (g_queue_pop_tail (steps));
    }
  step_note_before (step, self->view, tx);
  push_local (self, tx, touched);
  step_note_after (step, self->view);
  return TRUE;
}

/**
 * confer_board_client_apply_local:
 * @self: a client
 * @tx: a transaction this participant made (its author and, unless set,
 *   its txn are filled in)
 * @merge_undo: whether it belongs to the last undo step (the rest of a
 *   drag), or starts a new one
 * @touched: (nullable): gets the ids of the elements it changed
 * @error: return location for a #GError
 *
 * Applies @tx to the view at once and queues it for the server; clears
 * the redo steps.
 *
 * Returns: %TRUE on success; %FALSE with the errors of
 *   confer_board_check_tx(), nothing changed
 */
gboolean
confer_board_client_apply_local (ConferBoardClient  *self,
                                 ConferBoardTx      *tx,
                                 gboolean            merge_undo,
                                 GHashTable         *touched,
                                 GError            **error)
{
  if (!apply_local_step (self, tx, &self->undo, merge_undo, touched, error))
    return FALSE;
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  return TRUE;
}

/**
 * confer_board_client_take_unsent:
 * @self: a client
 *
 * Returns: (transfer full) (element-type ConferBoardTx): the pending
 *   transactions not sent yet, oldest first, now counted as sent
 */
GPtrArray *
confer_board_client_take_unsent (ConferBoardClient *self)
{
  GPtrArray *unsent = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_tx_unref);
  GList *l = g_queue_peek_nth_link (&self->pending, self->n_sent);

  for (; l != NULL; l = l->next)
    g_ptr_array_add (unsent, confer_board_tx_ref (l->data));
  self->n_sent = self->pending.length;
  return unsent;
}

/**
 * confer_board_client_resend_all:
 * @self: a client
 *
 * After a reconnection: every pending transaction goes out again, with
 * its txn, in order (confer_board_client_take_unsent()).
 */
void
confer_board_client_resend_all (ConferBoardClient *self)
{
  self->n_sent = 0;
}

static GList *
find_pending (ConferBoardClient *self,
              const char        *txn)
{
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (g_strcmp0 (((ConferBoardTx *) l->data)->txn, txn) == 0)
      return l;
  return NULL;
}

static void
drop_pending (ConferBoardClient *self,
              GList             *link,
              GHashTable        *ids)
{
  ConferBoardTx *tx = link->data;
  guint position = g_queue_link_index (&self->pending, link);

  unindex_pending (self, tx, ids);
  g_queue_delete_link (&self->pending, link);
  if (position < self->n_sent)
    self->n_sent--;
  confer_board_tx_unref (tx);
}

/**
 * confer_board_client_apply_remote:
 * @self: a client
 * @tx: a transaction as the server ordered it, with its author, txn and
 *   sequence number
 * @touched: (nullable): gets the ids of the elements whose view may have
 *   changed
 * @error: return location for a #GError
 *
 * Applies a server transaction to the confirmed board and rebases the
 * view's elements it touched. One of this participant's own is its
 * acknowledgement: it leaves the pending queue.
 *
 * Returns: %TRUE on success; %FALSE, nothing changed, with
 *   %CONFER_CORE_ERROR_INVALID_REVISION if @tx does not follow the last
 *   sequence number, or the errors of confer_board_check_tx() if it does
 *   not fit the confirmed board (a server not to be trusted)
 */
gboolean
confer_board_client_apply_remote (ConferBoardClient  *self,
                                  ConferBoardTx      *tx,
                                  GHashTable         *touched,
                                  GError            **error)
{
  g_autoptr(GHashTable) ids = NULL;
  GList *own = NULL;
  GHashTableIter iter;
  gpointer id;

  if (tx->seq != self->seq + 1)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_REVISION,
                   "Board transaction %" G_GUINT64_FORMAT " does not follow %" G_GUINT64_FORMAT,
                   tx->seq, self->seq);
      return FALSE;
    }
  if (!confer_board_check_tx (self->confirmed, tx, error))
    return FALSE;

  if (g_strcmp0 (tx->author, self->participant_id) == 0 && tx->txn != NULL)
    own = find_pending (self, tx->txn);
  self->seq = tx->seq;
  if (own == NULL)
    {
      /* Someone else's: each operation goes to the view as it goes to
       * the confirmed board. */
      for (guint i = 0; i < tx->ops->len; i++)
        {
          const ConferBoardOp *op = &g_array_index (tx->ops, ConferBoardOp, i);

          add_touched (touched, op->id);
          rebuild_element (self, op->id, confer_board_apply (self->confirmed, op),
                           g_hash_table_lookup (self->pending_ops, op->id));
        }
      return TRUE;
    }
  /* An acknowledgement: the view is rebuilt from the confirmed board
   * without it. */
  ids = confer_board_touched_new ();
  confer_board_apply_tx (self->confirmed, tx, ids);
  drop_pending (self, own, ids);
  rebase_touched (self, ids);
  g_hash_table_iter_init (&iter, ids);
  while (touched != NULL && g_hash_table_iter_next (&iter, &id, NULL))
    add_touched (touched, id);
  return TRUE;
}

/**
 * confer_board_client_forget:
 * @self: a client
 * @txn: the txn of a pending transaction
 * @touched: (nullable): gets the ids of the elements whose view changed
 *
 * Takes a pending transaction out of the queue and the view: one the
 * server refused (it will never be acknowledged, and the board is then as
 * if it had not been made), or one it acknowledged as committed before (a
 * resend after a snapshot, whose effect the confirmed board has).
 */
void
confer_board_client_forget (ConferBoardClient *self,
                             const char        *txn,
                             GHashTable        *touched)
{
  g_autoptr(GHashTable) ids = confer_board_touched_new ();
  GList *link = find_pending (self, txn);
  GHashTableIter iter;
  gpointer id;

  if (link == NULL)
    return;
  drop_pending (self, link, ids);
  rebase_touched (self, ids);
  g_hash_table_iter_init (&iter, ids);
  while (touched != NULL && g_hash_table_iter_next (&iter, &id, NULL))
    add_touched (touched, id);
}

/* The transaction that takes the view from a step's "after" back to its
 * "before", leaving alone whatever someone else changed since. */
static ConferBoardTx *
reverse_step (ConferBoardClient *self,
              Step              *step)
{
  ConferBoardTx *tx = confer_board_tx_new ();
  g_autoptr(GList) ids = g_hash_table_get_keys (step->before);

  /* One order for every replica of the same undo. */
  ids = g_list_sort (ids, (GCompareFunc) strcmp);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      const char *id = l->data;
      ConferBoardElement *before = g_hash_table_lookup (step->before, id);
      ConferBoardElement *after = g_hash_table_lookup (step->after, id);
      ConferBoardElement *now = confer_board_lookup (self->view, id);

      if (!is_live (before) && is_live (after))
        {
          /* Made (or revived) by the step: gone again if untouched since. */
          if (is_live (now) && confer_board_element_equal (now, after))
            confer_board_tx_delete (tx, id);
        }
      else if (is_live (before) && !is_live (after))
        {
          /* Deleted by the step: back, unless someone revived it. */
          if (now != NULL && now->deleted)
            confer_board_tx_add (tx, before);
        }
      else if (is_live (before) && is_live (after) && is_live (now))
        {
          for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
            {
              const ConferBoardValue *was = confer_board_element_get (before, p);
              const ConferBoardValue *then = confer_board_element_get (after, p);

              if (confer_board_value_equal (was, then) || !confer_board_value_equal (confer_board_element_get (now, p), then))
                continue;
              if (p == CONFER_BOARD_PROP_INDEX)
                {
                  if (was->kind == CONFER_BOARD_VALUE_STRING)
                    confer_board_tx_reorder (tx, id, was->string);
                }
              else
                confer_board_tx_update (tx, id, p, was);
            }
        }
    }
  return tx;
}

/* Pops steps from @from until one still changes something, applies its
 * reverse, and records that as a step on @to. */
static gboolean
travel (ConferBoardClient *self,
        GQueue            *from,
        GQueue            *to,
        GHashTable        *touched)
{
  while (from->length > 0)
    {
      Step *step = g_queue_pop_head (from);
      g_autoptr(ConferBoardTx) tx = reverse_step (self, step);
      g_autoptr(GError) error = NULL;

      step_free (step);
      if (tx->ops->len == 0)
        continue;
      if (!apply_local_step (self, tx, to, FALSE, touched, &error))
        {
          g_warning ("An undo step no longer fits the board: %s", error->message);
          continue;
        }
      return TRUE;
    }
  return FALSE;
}

/**
 * confer_board_client_can_undo:
 * @self: a client
 *
 * Returns: %TRUE if this participant has steps to undo
 */
gboolean
confer_board_client_can_undo (ConferBoardClient *self)
{
  return self->undo.length > 0;
}

/**
 * confer_board_client_can_redo:
 * @self: a client
 *
 * Returns: %TRUE if this participant has undone steps to redo
 */
gboolean
confer_board_client_can_redo (ConferBoardClient *self)
{
  return self->redo.length > 0;
}

/**
 * confer_board_client_undo:
 * @self: a client
 * @touched: (nullable): gets the ids of the elements it changed
 *
 * Undoes this participant's last step that still changes something, as
 * a new local transaction (see the top of this file for what it leaves
 * alone); it can be redone.
 *
 * Returns: %TRUE if something was undone
 */
gboolean
confer_board_client_undo (ConferBoardClient *self,
                          GHashTable        *touched)
{
  return travel (self, &self->undo, &self->redo, touched);
}

/**
 * confer_board_client_redo:
 * @self: a client
 * @touched: (nullable): gets the ids of the elements it changed
 *
 * Redoes the last undone step, by the same rules as an undo.
 *
 * Returns: %TRUE if something was redone
 */
gboolean
confer_board_client_redo (ConferBoardClient *self,
                          GHashTable        *touched)
{
  return travel (self, &self->redo, &self->undo, touched);
}
