/* confer-undo-stack.c: per-user undo and redo of collaborative text edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Selective undo of one's own changes by operational transformation, as
 * ot.js's UndoManager does it (https://github.com/Operational-Transformation/
 * ot.js, lib/undo-manager.js) and as CodeMirror's collaborative editing
 * describes it: the stack holds the inverses of the local operations, and
 * every remote operation transforms the whole stack, so that an undo
 * reverts only this user's change, where that change now is, and leaves
 * everyone else's edits alone.
 *
 * Each stack is a chain of operations: its newest entry applies to the
 * current text, the entry below it to the text the newest one produces,
 * and so on down. A remote operation applied to the current text is
 * transformed past the newest entry, then that result past the next one,
 * down to the oldest (ot.js's `transformStack`).
 */
#define G_LOG_DOMAIN "confer-undo-stack"

#include "config.h"

#include "confer-undo-stack.h"

/**
 * ConferUndoStack:
 *
 * The undo and redo history of one participant's edits to one document.
 *
 * The editor records every local edit with
 * confer_undo_stack_push_local() before it applies it, and every remote
 * operation with confer_undo_stack_transform_remote() after it applied it.
 * confer_undo_stack_undo() and confer_undo_stack_redo() return an
 * operation for the current text, which the editor applies and sends like
 * any local edit (without recording it with
 * confer_undo_stack_push_local()).
 *
 * Local edits closer together in time than the merge interval form one
 * undo step, as typing a word does, until the editor calls
 * confer_undo_stack_break_group() (the cursor moved), an undo or redo
 * happens, or a remote operation arrives.
 *
 * Tie-breaking: stack entries are transformed past a remote operation with
 * %CONFER_TEXT_LEFT (and the remote operation past the entries with
 * %CONFER_TEXT_RIGHT), the rule of ot.js, whose `transform(a, b)` lets `a`
 * win ties. So when an undo or redo puts text back at the very position
 * where another participant has since inserted text, the restored text
 * goes before the other participant's text: deleting "quick " from "the
 * quick fox", then someone typing "slow " in its place, then undoing,
 * gives "the quick slow fox". The undo operation is computed once, here,
 * and then travels as an ordinary operation, so every participant ends
 * with the same text.
 */
struct _ConferUndoStack
{
  GObject    parent_instance;

  guint      merge_interval_ms;
  guint      max_depth;

  /* Of ConferTextOp, invertible, oldest first: the last entry applies to
   * the current text. */
  GPtrArray *undo;
  GPtrArray *redo;

  gint64     last_push_us;
  /* The last change was confer_undo_stack_push_local() and no group break
   * came after it: the next local edit may merge into the newest step. */
  guint      group_open : 1;
};

enum {
  PROP_0,
  PROP_MERGE_INTERVAL,
  PROP_MAX_DEPTH,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferUndoStack, confer_undo_stack, G_TYPE_OBJECT)

static void
confer_undo_stack_finalize (GObject *object)
{
  ConferUndoStack *self = (ConferUndoStack *) object;

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);

  G_OBJECT_CLASS (confer_undo_stack_parent_class)->finalize (object);
}

static void
confer_undo_stack_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ConferUndoStack *self = CONFER_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_MERGE_INTERVAL:
      g_value_set_uint (value, self->merge_interval_ms);
      break;

    case PROP_MAX_DEPTH:
      g_value_set_uint (value, self->max_depth);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, confer_undo_stack_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, confer_undo_stack_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_undo_stack_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ConferUndoStack *self = CONFER_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_MERGE_INTERVAL:
      self->merge_interval_ms = g_value_get_uint (value);
      break;

    case PROP_MAX_DEPTH:
      confer_undo_stack_set_max_depth (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_undo_stack_class_init (ConferUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confer_undo_stack_finalize;
  object_class->get_property = confer_undo_stack_get_property;
  object_class->set_property = confer_undo_stack_set_property;

  /**
   * ConferUndoStack:merge-interval:
   *
   * Local edits less than this many milliseconds apart are grouped into
   * one undo step; 0 makes every edit its own step.
   */
  properties[PROP_MERGE_INTERVAL] =
    g_param_spec_uint ("merge-interval", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConferUndoStack:max-depth:
   *
   * The most undo steps kept (and the most redo steps); past it the oldest
   * step is dropped. 0 means no limit.
   */
  properties[PROP_MAX_DEPTH] =
    g_param_spec_uint ("max-depth", NULL, NULL,
                       0, G_MAXUINT, CONFER_UNDO_STACK_DEFAULT_MAX_DEPTH,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConferUndoStack:can-undo:
   *
   * Whether confer_undo_stack_undo() has a step to undo (for enabling a
   * `doc.undo` action).
   */
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConferUndoStack:can-redo:
   *
   * Whether confer_undo_stack_redo() has a step to redo.
   */
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_undo_stack_init (ConferUndoStack *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_text_op_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_text_op_unref);
  self->max_depth = CONFER_UNDO_STACK_DEFAULT_MAX_DEPTH;
}

/* Emits the notifications for whatever changed since the stacks were
 * @undo_len and @redo_len long. */
static void
notify_lengths (ConferUndoStack *self,
                guint            undo_len,
                guint            redo_len)
{
  if ((undo_len > 0) != (self->undo->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if ((redo_len > 0) != (self->redo->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Drops the oldest entries of @stack past the depth limit. */
static void
trim_to_depth (ConferUndoStack *self,
               GPtrArray       *stack)
{
  if (self->max_depth > 0 && stack->len > self->max_depth)
    g_ptr_array_remove_range (stack, 0, stack->len - self->max_depth);
}

/* Pushes @entry (transfer full) as the newest entry of @stack. */
static void
push_entry (ConferUndoStack *self,
            GPtrArray       *stack,
            ConferTextOp    *entry)
{
  g_ptr_array_add (stack, entry);
  trim_to_depth (self, stack);
}

/* Transforms every entry of @stack past @remote, which applies to the text
 * the newest entry applies to; drops entries that become no-ops. */
static void
transform_stack (GPtrArray          *stack,
                 const ConferTextOp *remote)
{
  g_autoptr(ConferTextOp) other = confer_text_op_copy (remote);

  for (guint i = stack->len; i > 0; i--)
    {
      ConferTextOp *entry = g_ptr_array_index (stack, i - 1);
      ConferTextOp *entry_t, *other_t;

      if (confer_text_op_is_noop (other))
        break;     /* the rest of the chain is out of the remote's reach */

      entry_t = confer_text_op_transform (entry, other, CONFER_TEXT_LEFT);
      other_t = confer_text_op_transform (other, entry, CONFER_TEXT_RIGHT);
      confer_text_op_unref (other);
      other = other_t;

      if (confer_text_op_is_noop (entry_t))
        {
          confer_text_op_unref (entry_t);
          g_ptr_array_remove_index (stack, i - 1);
        }
      else
        {
          confer_text_op_unref (entry);
          g_ptr_array_index (stack, i - 1) = entry_t;
        }
    }
}

/**
 * confer_undo_stack_new:
 * @merge_interval_ms: local edits less than this many milliseconds apart
 *   form one undo step; 0 makes every edit its own step
 *
 * Creates an empty undo history that keeps at most
 * %CONFER_UNDO_STACK_DEFAULT_MAX_DEPTH steps (see
 * confer_undo_stack_set_max_depth()).
 *
 * Returns: (transfer full): a new undo stack
 */
ConferUndoStack *
confer_undo_stack_new (guint merge_interval_ms)
{
  return g_object_new (CONFER_TYPE_UNDO_STACK, "merge-interval", merge_interval_ms, NULL);
}

/**
 * confer_undo_stack_get_merge_interval:
 * @self: an undo stack
 *
 * Returns: the merge interval, in milliseconds
 */
guint
confer_undo_stack_get_merge_interval (ConferUndoStack *self)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), 0);

  return self->merge_interval_ms;
}

/**
 * confer_undo_stack_get_max_depth:
 * @self: an undo stack
 *
 * Returns: the most steps kept on each of the undo and redo stacks, or 0
 *   for no limit
 */
guint
confer_undo_stack_get_max_depth (ConferUndoStack *self)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), 0);

  return self->max_depth;
}

/**
 * confer_undo_stack_set_max_depth:
 * @self: an undo stack
 * @max_depth: the most steps to keep on each of the undo and redo stacks,
 *   or 0 for no limit
 *
 * Limits the history; if it is longer, its oldest steps are dropped now.
 */
void
confer_undo_stack_set_max_depth (ConferUndoStack *self,
                                 guint            max_depth)
{
  guint undo_len, redo_len;

  g_return_if_fail (CONFER_IS_UNDO_STACK (self));

  if (self->max_depth == max_depth)
    return;

  undo_len = self->undo->len;
  redo_len = self->redo->len;
  self->max_depth = max_depth;
  trim_to_depth (self, self->undo);
  trim_to_depth (self, self->redo);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DEPTH]);
  notify_lengths (self, undo_len, redo_len);
}

/**
 * confer_undo_stack_push_local:
 * @self: an undo stack
 * @op: a local edit, about to be applied to @before
 * @before: the text @op applies to (the text before the edit)
 * @time_us: when the edit happened, in microseconds of a monotonic clock
 *   (g_get_monotonic_time())
 * @error: return location for a #GError
 *
 * Records a local edit: its inverse becomes the newest undo step, and the
 * redo steps are dropped. If the previous call to this function came less
 * than the merge interval before @time_us and nothing broke the group
 * since (confer_undo_stack_break_group(), an undo or redo, a remote
 * operation), the edit joins the newest step instead, so one undo reverts
 * both. An edit that changes nothing is ignored.
 *
 * Do not record the operations confer_undo_stack_undo() and
 * confer_undo_stack_redo() return.
 *
 * Returns: %TRUE on success; %FALSE with @error set in the
 *   %CONFER_CORE_ERROR domain (%CONFER_CORE_ERROR_SKIP_PAST_END,
 *   %CONFER_CORE_ERROR_DELETE_PAST_END or %CONFER_CORE_ERROR_DELETE_MISMATCH)
 *   if @op does not fit @before, in which case nothing changes
 */
gboolean
confer_undo_stack_push_local (ConferUndoStack     *self,
                              const ConferTextOp  *op,
                              const ConferRope    *before,
                              gint64               time_us,
                              GError             **error)
{
  g_autoptr(ConferTextOp) invertible = NULL;
  g_autoptr(ConferTextOp) inverse = NULL;
  guint undo_len, redo_len;
  gint64 elapsed;

  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (op != NULL, FALSE);
  g_return_val_if_fail (before != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  invertible = confer_text_op_make_invertible (op, before, error);
  if (invertible == NULL)
    return FALSE;
  inverse = confer_text_op_invert (invertible, error);
  if (inverse == NULL)
    return FALSE;
  if (confer_text_op_is_noop (inverse))
    return TRUE;

  undo_len = self->undo->len;
  redo_len = self->redo->len;
  g_ptr_array_set_size (self->redo, 0);

  elapsed = time_us - self->last_push_us;
  if (self->group_open && self->undo->len > 0 &&
      elapsed >= 0 && elapsed < (gint64) self->merge_interval_ms * 1000)
    {
      /* Undoing the group reverts the newest edit first. */
      guint top = self->undo->len - 1;
      ConferTextOp *merged = confer_text_op_compose (inverse, g_ptr_array_index (self->undo, top));

      if (confer_text_op_is_noop (merged))
        {
          /* The group undid itself (typed, then erased): nothing to undo. */
          confer_text_op_unref (merged);
          g_ptr_array_remove_index (self->undo, top);
          self->group_open = FALSE;
        }
      else
        {
          confer_text_op_unref (g_ptr_array_index (self->undo, top));
          g_ptr_array_index (self->undo, top) = merged;
        }
    }
  else
    {
      push_entry (self, self->undo, g_steal_pointer (&inverse));
      self->group_open = TRUE;
    }
  self->last_push_us = time_us;

  notify_lengths (self, undo_len, redo_len);
  return TRUE;
}

/**
 * confer_undo_stack_break_group:
 * @self: an undo stack
 *
 * Ends the current group of local edits: the next edit starts a new undo
 * step however soon it comes. Call it when the cursor moves other than by
 * typing.
 */
void
confer_undo_stack_break_group (ConferUndoStack *self)
{
  g_return_if_fail (CONFER_IS_UNDO_STACK (self));

  self->group_open = FALSE;
}

/**
 * confer_undo_stack_transform_remote:
 * @self: an undo stack
 * @remote: an operation of another participant, just applied to the
 *   current text (as confer_ot_client_apply_remote() returned it)
 *
 * Transforms every undo and redo step past @remote, so that they still
 * revert only this user's edits. Steps whose whole effect @remote already
 * undid (it deleted all the text they would delete) are dropped. Ties are
 * broken as the #ConferUndoStack description says. The current group of
 * local edits ends.
 */
void
confer_undo_stack_transform_remote (ConferUndoStack    *self,
                                    const ConferTextOp *remote)
{
  guint undo_len, redo_len;

  g_return_if_fail (CONFER_IS_UNDO_STACK (self));
  g_return_if_fail (remote != NULL);

  self->group_open = FALSE;
  if (confer_text_op_is_noop (remote))
    return;

  undo_len = self->undo->len;
  redo_len = self->redo->len;
  transform_stack (self->undo, remote);
  transform_stack (self->redo, remote);
  notify_lengths (self, undo_len, redo_len);
}

/* Pops the newest entry of @from, checked against @current, and pushes its
 * inverse on @to. */
static ConferTextOp *
pop_and_invert (ConferUndoStack   *self,
                GPtrArray         *from,
                GPtrArray         *to,
                const ConferRope  *current,
                GError           **error)
{
  g_autoptr(ConferTextOp) op = NULL;
  g_autoptr(ConferTextOp) inverse = NULL;
  guint undo_len, redo_len;

  if (from->len == 0)
    return NULL;

  op = confer_text_op_make_invertible (g_ptr_array_index (from, from->len - 1), current, error);
  if (op == NULL)
    return NULL;
  inverse = confer_text_op_invert (op, error);
  if (inverse == NULL)
    return NULL;

  undo_len = self->undo->len;
  redo_len = self->redo->len;
  g_ptr_array_remove_index (from, from->len - 1);
  push_entry (self, to, g_steal_pointer (&inverse));
  self->group_open = FALSE;
  notify_lengths (self, undo_len, redo_len);

  return g_steal_pointer (&op);
}

/**
 * confer_undo_stack_undo:
 * @self: an undo stack
 * @current: the current text, which the newest undo step applies to
 * @error: return location for a #GError
 *
 * Takes the newest undo step and moves its inverse to the redo stack. The
 * caller applies the returned operation to @current and sends it like any
 * local edit, but does not record it with confer_undo_stack_push_local().
 *
 * The operation's deletes carry the deleted text (it is invertible);
 * confer_text_op_strip_invertible() drops it if the caller wants.
 *
 * Returns: (transfer full) (nullable): the operation that undoes the step
 *   in @current, or %NULL if there is nothing to undo (no error then) or
 *   with @error set in the %CONFER_CORE_ERROR domain
 *   (%CONFER_CORE_ERROR_SKIP_PAST_END, %CONFER_CORE_ERROR_DELETE_PAST_END
 *   or %CONFER_CORE_ERROR_DELETE_MISMATCH) if the step does not fit
 *   @current, which means the history missed an edit of the text: nothing
 *   changes then, and confer_undo_stack_clear() is the way out
 */
ConferTextOp *
confer_undo_stack_undo (ConferUndoStack   *self,
                        const ConferRope  *current,
                        GError           **error)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), NULL);
  g_return_val_if_fail (current != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pop_and_invert (self, self->undo, self->redo, current, error);
}

/**
 * confer_undo_stack_redo:
 * @self: an undo stack
 * @current: the current text, which the newest redo step applies to
 * @error: return location for a #GError
 *
 * Takes the newest redo step (the last undo, transformed past whatever
 * happened since) and moves its inverse back to the undo stack. The caller
 * applies the returned operation and sends it as for
 * confer_undo_stack_undo().
 *
 * Returns: (transfer full) (nullable): the operation that redoes the step
 *   in @current, or %NULL if there is nothing to redo (no error then) or
 *   with @error set as by confer_undo_stack_undo()
 */
ConferTextOp *
confer_undo_stack_redo (ConferUndoStack   *self,
                        const ConferRope  *current,
                        GError           **error)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), NULL);
  g_return_val_if_fail (current != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pop_and_invert (self, self->redo, self->undo, current, error);
}

/**
 * confer_undo_stack_can_undo:
 * @self: an undo stack
 *
 * Returns: %TRUE if there is a step to undo
 */
gboolean
confer_undo_stack_can_undo (ConferUndoStack *self)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), FALSE);

  return self->undo->len > 0;
}

/**
 * confer_undo_stack_can_redo:
 * @self: an undo stack
 *
 * Returns: %TRUE if there is a step to redo
 */
gboolean
confer_undo_stack_can_redo (ConferUndoStack *self)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), FALSE);

  return self->redo->len > 0;
}

/**
 * confer_undo_stack_get_n_undo:
 * @self: an undo stack
 *
 * Returns: the number of steps that can be undone
 */
guint
confer_undo_stack_get_n_undo (ConferUndoStack *self)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), 0);

  return self->undo->len;
}

/**
 * confer_undo_stack_get_n_redo:
 * @self: an undo stack
 *
 * Returns: the number of steps that can be redone
 */
guint
confer_undo_stack_get_n_redo (ConferUndoStack *self)
{
  g_return_val_if_fail (CONFER_IS_UNDO_STACK (self), 0);

  return self->redo->len;
}

/**
 * confer_undo_stack_clear:
 * @self: an undo stack
 *
 * Forgets every undo and redo step, as when the document is reloaded.
 */
void
confer_undo_stack_clear (ConferUndoStack *self)
{
  guint undo_len, redo_len;

  g_return_if_fail (CONFER_IS_UNDO_STACK (self));

  undo_len = self->undo->len;
  redo_len = self->redo->len;
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->group_open = FALSE;
  notify_lengths (self, undo_len, redo_len);
}
