/* confer-trace-agents.c: what each agent of a concurrent trace had seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A concurrent trace's patches apply to the text its txn's parents had
 * seen: the agent's *view*. A client replaying the agent may already hold
 * remote changes its agent had not seen (the network delivered them
 * early); they wait in the agent's *unseen* queue, oldest first, so that
 * view + unseen = the client's text. Before each txn the unseen changes
 * its parents include move into the view; the txn's operation, written
 * against the view, is transformed past the rest to apply to the client.
 */
#define G_LOG_DOMAIN "confer-trace-agents"

#include "config.h"

#include <string.h>

#include "confer-trace-agents.h"

typedef struct
{
  ConferTextOp *op;    /* on the view, after the earlier unseen ones */
  guint         txn;
} Unseen;

typedef struct
{
  ConferRope *view;
  GQueue      unseen;
} Agent;

struct _ConferTraceAgents
{
  const ConferEditingTrace *trace;
  guint                     n_agents;
  Agent                    *agents;
  guint                    *seq;       /* per txn: its 1-based rank among its agent's txns */
  guint                    *seen;      /* per txn × agent: that agent's txns its parents had seen */
  guint                    *received;  /* per agent × agent: txns of the second in the first's view */
};

static void
unseen_free (Unseen *unseen)
{
  confer_text_op_unref (unseen->op);
  g_free (unseen);
}

/**
 * confer_trace_agents_free:
 * @self: (transfer full): the agents
 */
void
confer_trace_agents_free (ConferTraceAgents *self)
{
  for (guint a = 0; a < self->n_agents; a++)
    {
      confer_rope_free (self->agents[a].view);
      g_queue_clear_full (&self->agents[a].unseen, (GDestroyNotify) unseen_free);
    }
  g_free (self->agents);
  g_free (self->seq);
  g_free (self->seen);
  g_free (self->received);
  g_free (self);
}

/**
 * confer_trace_agents_new:
 * @trace: a concurrent trace, which must outlive the result
 * @error: return location for a #GError
 *
 * Summarises each txn's ancestry as a version vector (for every agent, how
 * many of its txns the parents had seen) and gives every agent a view
 * holding the trace's start text.
 *
 * Returns: (transfer full) (nullable): the agents, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_TRACE if an agent's txns do not form a chain
 */
ConferTraceAgents *
confer_trace_agents_new (const ConferEditingTrace  *trace,
                         GError                   **error)
{
  g_autoptr(ConferTraceAgents) self = g_new0 (ConferTraceAgents, 1);
  guint n = confer_editing_trace_get_n_txns (trace);
  guint A = confer_editing_trace_get_n_agents (trace);
  g_autofree guint *count = g_new0 (guint, A);
  g_autofree guint *after = g_new0 (guint, (gsize) n * A);  /* seen, including the txn itself */

  self->trace = trace;
  self->n_agents = A;
  self->agents = g_new0 (Agent, A);
  for (guint a = 0; a < A; a++)
    self->agents[a].view = confer_rope_new_from_text (confer_editing_trace_get_start_content (trace), -1, NULL);
  self->seq = g_new0 (guint, n);
  self->seen = g_new0 (guint, (gsize) n * A);
  self->received = g_new0 (guint, (gsize) A * A);

  for (guint i = 0; i < n; i++)
    {
      const ConferTraceTxn *txn = confer_editing_trace_get_txn (trace, i);
      guint *seen = &self->seen[(gsize) i * A];

      for (guint p = 0; p < txn->n_parents; p++)
        for (guint b = 0; b < A; b++)
          seen[b] = MAX (seen[b], after[(gsize) txn->parents[p] * A + b]);

      self->seq[i] = ++count[txn->agent];
      if (seen[txn->agent] != self->seq[i] - 1)
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_TRACE,
                       "Transaction %u: agent %u's transactions do not form a chain", i, txn->agent);
          return NULL;
        }
      memcpy (&after[(gsize) i * A], seen, A * sizeof (guint));
      after[(gsize) i * A + txn->agent] = self->seq[i];
    }
  return g_steal_pointer (&self);
}

/**
 * confer_trace_agents_add_unseen:
 * @self: the agents
 * @agent: an agent
 * @op: a remote change just applied to the agent's client text
 * @txn: the trace txn it carries
 *
 * Records a remote change the agent's client received.
 */
void
confer_trace_agents_add_unseen (ConferTraceAgents *self,
                                guint              agent,
                                ConferTextOp      *op,
                                guint              txn)
{
  Unseen *unseen = g_new0 (Unseen, 1);

  unseen->op = confer_text_op_ref (op);
  unseen->txn = txn;
  g_queue_push_tail (&self->agents[agent].unseen, unseen);
}

/**
 * confer_trace_agents_advance:
 * @self: the agents
 * @agent: the agent of txn @txn
 * @txn: the next txn to replay
 * @error: return location for a #GError
 *
 * Moves into the agent's view the unseen changes txn @txn had seen, and
 * checks they are exactly those.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_INVALID_TRACE if
 *   a change the txn had seen has not arrived, or cannot be shown in order
 */
gboolean
confer_trace_agents_advance (ConferTraceAgents  *self,
                             guint               agent,
                             guint               txn,
                             GError            **error)
{
  const guint *seen = &self->seen[(gsize) txn * self->n_agents];
  guint *received = &self->received[(gsize) agent * self->n_agents];
  Agent *view = &self->agents[agent];
  Unseen *next;

  while ((next = g_queue_peek_head (&view->unseen)) != NULL)
    {
      guint from = confer_editing_trace_get_txn (self->trace, next->txn)->agent;

      if (self->seq[next->txn] > seen[from])
        break;
      if (!confer_text_op_apply (next->op, view->view, error))
        return FALSE;
      received[from] = self->seq[next->txn];
      unseen_free (g_queue_pop_head (&view->unseen));
    }

  for (guint b = 0; b < self->n_agents; b++)
    if (b != agent && received[b] != seen[b])
      {
        g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_TRACE,
                     "agent %u had seen %u of agent %u's transactions, but only %u "
                     "could be shown to it in order", agent, seen[b], b, received[b]);
        return FALSE;
      }
  return TRUE;
}

/**
 * confer_trace_agents_edit:
 * @self: the agents
 * @agent: an agent, advanced to its next txn
 * @op: the txn's operation, on the agent's view
 * @error: return location for a #GError
 *
 * Applies the txn to the agent's view and transforms it past the changes
 * the agent has not seen (and them past it).
 *
 * Returns: (transfer full) (nullable): the operation to apply to the
 *   agent's client text, or %NULL with the error of confer_text_op_apply()
 */
ConferTextOp *
confer_trace_agents_edit (ConferTraceAgents  *self,
                          guint               agent,
                          ConferTextOp       *op,
                          GError            **error)
{
  Agent *view = &self->agents[agent];
  g_autoptr(ConferTextOp) local = confer_text_op_ref (op);

  if (!confer_text_op_apply (op, view->view, error))
    return NULL;

  for (GList *l = view->unseen.head; l != NULL; l = l->next)
    {
      Unseen *unseen = l->data;
      ConferTextOp *local_t = confer_text_op_transform (local, unseen->op, CONFER_TEXT_LEFT);
      ConferTextOp *unseen_t = confer_text_op_transform (unseen->op, local, CONFER_TEXT_RIGHT);

      confer_text_op_unref (unseen->op);
      unseen->op = unseen_t;
      confer_text_op_unref (local);
      local = local_t;
    }
  return g_steal_pointer (&local);
}
