/* confer-undo-stack.h: per-user undo and redo of collaborative text edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "confer-rope.h"
#include "confer-text-op.h"

G_BEGIN_DECLS

/**
 * CONFER_UNDO_STACK_DEFAULT_MAX_DEPTH:
 *
 * How many undo steps a new #ConferUndoStack keeps before it drops the
 * oldest.
 */
#define CONFER_UNDO_STACK_DEFAULT_MAX_DEPTH 1000

#define CONFER_TYPE_UNDO_STACK (confer_undo_stack_get_type ())

G_DECLARE_FINAL_TYPE (ConferUndoStack, confer_undo_stack, CONFER, UNDO_STACK, GObject)

ConferUndoStack *confer_undo_stack_new                (guint                merge_interval_ms);
guint            confer_undo_stack_get_merge_interval (ConferUndoStack     *self);
guint            confer_undo_stack_get_max_depth      (ConferUndoStack     *self);
void             confer_undo_stack_set_max_depth      (ConferUndoStack     *self,
                                                       guint                max_depth);
gboolean         confer_undo_stack_push_local         (ConferUndoStack     *self,
                                                       const ConferTextOp  *op,
                                                       const ConferRope    *before,
                                                       gint64               time_us,
                                                       GError             **error);
void             confer_undo_stack_break_group        (ConferUndoStack     *self);
void             confer_undo_stack_transform_remote   (ConferUndoStack     *self,
                                                       const ConferTextOp  *remote);
ConferTextOp    *confer_undo_stack_undo               (ConferUndoStack     *self,
                                                       const ConferRope    *current,
                                                       GError             **error);
ConferTextOp    *confer_undo_stack_redo               (ConferUndoStack     *self,
                                                       const ConferRope    *current,
                                                       GError             **error);
gboolean         confer_undo_stack_can_undo           (ConferUndoStack     *self);
gboolean         confer_undo_stack_can_redo           (ConferUndoStack     *self);
guint            confer_undo_stack_get_n_undo         (ConferUndoStack     *self);
guint            confer_undo_stack_get_n_redo         (ConferUndoStack     *self);
void             confer_undo_stack_clear              (ConferUndoStack     *self);

G_END_DECLS
