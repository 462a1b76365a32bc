/* confer-editing-trace.h: real editing histories (Gentle's editing-traces)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "confer-text-op.h"

G_BEGIN_DECLS

/**
 * ConferTracePatch:
 * @pos: where the patch applies, in code points
 * @n_deleted: code points deleted at @pos
 * @inserted: UTF-8 inserted at @pos after the delete (not nul-terminated)
 * @n_bytes: length of @inserted in bytes
 * @n_chars: length of @inserted in code points
 *
 * One `[pos, numDeleted, "inserted"]` patch of a trace.
 */
typedef struct
{
  gsize       pos;
  gsize       n_deleted;
  const char *inserted;
  gsize       n_bytes;
  gsize       n_chars;
} ConferTracePatch;

/**
 * ConferTraceTxn:
 * @agent: the agent (author) that made it; 0 in sequential traces
 * @n_parents: how many parents it has
 * @parents: (array length=n_parents): indexes of the earlier transactions
 *   whose merged state its patches apply to (concurrent traces only)
 * @n_patches: how many patches it has
 * @patches: (array length=n_patches): its patches, applied one after another
 *
 * One transaction of a trace.
 */
typedef struct
{
  guint                   agent;
  guint                   n_parents;
  const guint            *parents;
  guint                   n_patches;
  const ConferTracePatch *patches;
} ConferTraceTxn;

typedef struct _ConferEditingTrace ConferEditingTrace;

ConferEditingTrace   *confer_editing_trace_load              (const char               *path,
                                                              GError                  **error);
void                  confer_editing_trace_free              (ConferEditingTrace       *self);
gboolean              confer_editing_trace_is_concurrent     (const ConferEditingTrace *self);
guint                 confer_editing_trace_get_n_agents      (const ConferEditingTrace *self);
const char           *confer_editing_trace_get_start_content (const ConferEditingTrace *self);
const char           *confer_editing_trace_get_end_content   (const ConferEditingTrace *self);
guint                 confer_editing_trace_get_n_txns        (const ConferEditingTrace *self);
gsize                 confer_editing_trace_get_n_patches     (const ConferEditingTrace *self);
const ConferTraceTxn *confer_editing_trace_get_txn           (const ConferEditingTrace *self,
                                                              guint                     index);
ConferTextOp         *confer_trace_patch_to_op               (const ConferTracePatch   *patch);
ConferTextOp         *confer_trace_txn_to_op                 (const ConferTraceTxn     *txn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferEditingTrace, confer_editing_trace_free)

G_END_DECLS
