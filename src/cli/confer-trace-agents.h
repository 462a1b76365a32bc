/* confer-trace-agents.h: what each agent of a concurrent trace had seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"

G_BEGIN_DECLS

typedef struct _ConferTraceAgents ConferTraceAgents;

ConferTraceAgents *confer_trace_agents_new        (const ConferEditingTrace  *trace,
                                                   GError                   **error);
void               confer_trace_agents_free       (ConferTraceAgents         *self);
void               confer_trace_agents_add_unseen (ConferTraceAgents         *self,
                                                   guint                      agent,
                                                   ConferTextOp              *op,
                                                   guint                      txn);
gboolean           confer_trace_agents_advance    (ConferTraceAgents         *self,
                                                   guint                      agent,
                                                   guint                      txn,
                                                   GError                   **error);
ConferTextOp      *confer_trace_agents_edit       (ConferTraceAgents         *self,
                                                   guint                      agent,
                                                   ConferTextOp              *op,
                                                   GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferTraceAgents, confer_trace_agents_free)

G_END_DECLS
