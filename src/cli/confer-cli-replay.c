/* confer-cli-replay.c: confer-cli replay — editing traces through Confer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-replay"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "confer-cli.h"
#include "confer-core.h"
#include "confer-trace-agents.h"

typedef struct
{
  const ConferEditingTrace *trace;
  ConferOtSimulation       *sim;
  GRand                    *rand;
  guint                     n_agents;
  ConferTraceAgents        *agents;
} ConcurrentReplay;

static void
concurrent_replay_clear (ConcurrentReplay *replay)
{
  g_clear_pointer (&replay->agents, confer_trace_agents_free);
  g_clear_pointer (&replay->rand, g_rand_free);
}

/* Delivers the next message from the server to @client; a remote change
 * joins the agent's unseen queue. */
static gboolean
deliver_to_client (ConcurrentReplay  *replay,
                   guint              client,
                   GError           **error)
{
  g_autoptr(ConferTextOp) applied = NULL;
  const GArray *tags;
  guint txn;

  confer_ot_simulation_peek_to_client (replay->sim, client, NULL, &tags);
  txn = tags->len == 1 ? g_array_index (tags, guint, 0) : G_MAXUINT;
  if (!confer_ot_simulation_deliver_to_client (replay->sim, client, &applied, error))
    return FALSE;
  if (applied == NULL)
    return TRUE;

  /* Clients never buffer (see sync_client), so each remote change is
   * exactly one txn. */
  g_assert (txn != G_MAXUINT);
  confer_trace_agents_add_unseen (replay->agents, client, applied, txn);
  return TRUE;
}

/* Lets the network deliver a few messages in a seeded random order, so that
 * operations cross on the way and the server and clients transform them. */
static gboolean
random_deliveries (ConcurrentReplay  *replay,
                   GError           **error)
{
  guint n_clients = replay->n_agents;

  for (guint step = g_rand_int_range (replay->rand, 0, 4); step > 0; step--)
    {
      guint client = g_rand_int_range (replay->rand, 0, n_clients);

      if (g_rand_boolean (replay->rand))
        {
          if (confer_ot_simulation_get_n_to_server (replay->sim, client) > 0 &&
              !confer_ot_simulation_deliver_to_server (replay->sim, client, error))
            return FALSE;
        }
      else if (confer_ot_simulation_get_n_to_client (replay->sim, client) > 0 &&
               !deliver_to_client (replay, client, error))
        return FALSE;
    }
  return TRUE;
}

/* Commits everything every client has sent and delivers all that is queued
 * to @client, so its text holds every change made so far and it has no
 * operation in flight: its next edit is sent alone, never composed with a
 * later one, and other agents can see each txn on its own. */
static gboolean
sync_client (ConcurrentReplay  *replay,
             guint              client,
             GError           **error)
{
  do
    {
      for (guint c = 0; c < replay->n_agents; c++)
        while (confer_ot_simulation_get_n_to_server (replay->sim, c) > 0)
          if (!confer_ot_simulation_deliver_to_server (replay->sim, c, error))
            return FALSE;
      while (confer_ot_simulation_get_n_to_client (replay->sim, client) > 0)
        if (!deliver_to_client (replay, client, error))
          return FALSE;
    }
  while (confer_ot_client_get_state (confer_ot_simulation_get_client (replay->sim, client)) !=
         CONFER_OT_CLIENT_SYNCHRONIZED);
  return TRUE;
}

static gboolean
edit (ConcurrentReplay  *replay,
      guint              agent,
      guint              index,
      ConferTextOp      *op,
      GError           **error)
{
  g_autoptr(ConferTextOp) local = NULL;

  if (!confer_trace_agents_advance (replay->agents, agent, index, error))
    return FALSE;
  local = confer_trace_agents_edit (replay->agents, agent, op, error);
  return local != NULL && confer_ot_simulation_edit (replay->sim, agent, local, index, error);
}

static gboolean
replay_concurrent (const ConferEditingTrace  *trace,
                   ConferOtSimulation       **sim_out,
                   guint                     *n_ops,
                   gint64                    *elapsed_us,
                   GError                   **error)
{
  ConcurrentReplay replay = { trace, NULL, NULL, confer_editing_trace_get_n_agents (trace), NULL };
  const char *start_content = confer_editing_trace_get_start_content (trace);
  guint n = confer_editing_trace_get_n_txns (trace);
  g_autoptr(GPtrArray) ops = g_ptr_array_new_full (n, (GDestroyNotify) confer_text_op_unref);
  gint64 start;
  gboolean ok = FALSE;

  replay.agents = confer_trace_agents_new (trace, error);
  if (replay.agents == NULL)
    goto out;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ops, confer_trace_txn_to_op (confer_editing_trace_get_txn (trace, i)));

  replay.rand = g_rand_new_with_seed (1);
  replay.sim = *sim_out = confer_ot_simulation_new (replay.n_agents, start_content, 1);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      guint agent = confer_editing_trace_get_txn (trace, i)->agent;

      if (!random_deliveries (&replay, error) ||
          !sync_client (&replay, agent, error) ||
          !edit (&replay, agent, i, g_ptr_array_index (ops, i), error))
        {
          g_prefix_error (error, "Transaction %u: ", i);
          goto out;
        }
      *n_ops = i + 1;
    }
  ok = confer_ot_simulation_flush (replay.sim, error);
  *elapsed_us = g_get_monotonic_time () - start;

out:
  concurrent_replay_clear (&replay);
  return ok;
}

/* One client types every patch in order; each is committed and acked
 * before the next, as over a fast network. */
static gboolean
replay_sequential (const ConferEditingTrace  *trace,
                   ConferOtSimulation       **sim_out,
                   guint                     *n_ops,
                   gint64                    *elapsed_us,
                   GError                   **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_full (confer_editing_trace_get_n_patches (trace),
                                                   (GDestroyNotify) confer_text_op_unref);
  ConferOtSimulation *sim;
  gint64 start;

  for (guint i = 0; i < confer_editing_trace_get_n_txns (trace); i++)
    {
      const ConferTraceTxn *txn = confer_editing_trace_get_txn (trace, i);

      for (guint p = 0; p < txn->n_patches; p++)
        g_ptr_array_add (ops, confer_trace_patch_to_op (&txn->patches[p]));
    }

  sim = *sim_out = confer_ot_simulation_new (1, confer_editing_trace_get_start_content (trace), 1);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < ops->len; i++)
    {
      if (!confer_ot_simulation_edit (sim, 0, g_ptr_array_index (ops, i), i, error) ||
          !confer_ot_simulation_flush (sim, error))
        {
          g_prefix_error (error, "Patch %u: ", i);
          return FALSE;
        }
    }
  *elapsed_us = g_get_monotonic_time () - start;
  *n_ops = ops->len;
  return TRUE;
}

static gboolean
replica_matches (const ConferRope *rope,
                 const char       *expected,
                 const char       *name)
{
  g_autofree char *text = confer_rope_to_string (rope, NULL);

  if (g_strcmp0 (text, expected) == 0)
    return TRUE;
  printf ("%s: text differs from endContent (%" G_GSIZE_FORMAT " vs %ld code points)\n",
          name, confer_rope_get_length (rope), g_utf8_strlen (expected, -1));
  return FALSE;
}

static int
replay_local (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferEditingTrace) trace = NULL;
  g_autoptr(ConferOtSimulation) sim = NULL;
  gint64 load_start = g_get_monotonic_time ();
  gint64 elapsed_us = 0;
  guint n_ops = 0;
  gboolean ok;
  const char *end;

  trace = confer_editing_trace_load (path, &error);
  if (trace == NULL)
    {
      fprintf (stderr, "confer-cli: cannot load %s: %s\n", path, error->message);
      return 1;
    }
  printf ("loaded %s: %s, %u txns, %" G_GSIZE_FORMAT " patches, %u agent(s) in %.0f ms\n",
          path, confer_editing_trace_is_concurrent (trace) ? "concurrent" : "sequential",
          confer_editing_trace_get_n_txns (trace), confer_editing_trace_get_n_patches (trace),
          confer_editing_trace_get_n_agents (trace), (g_get_monotonic_time () - load_start) / 1000.0);

  if (confer_editing_trace_is_concurrent (trace))
    ok = replay_concurrent (trace, &sim, &n_ops, &elapsed_us, &error);
  else
    ok = replay_sequential (trace, &sim, &n_ops, &elapsed_us, &error);

  if (!ok)
    {
      printf ("replay failed: %s\n", error->message);
      printf ("replayed %u ops in %.1f ms: MISMATCH\n", n_ops, elapsed_us / 1000.0);
      return 1;
    }

  end = confer_editing_trace_get_end_content (trace);
  ok = replica_matches (confer_ot_server_get_rope (confer_ot_simulation_get_server (sim)), end, "server");
  for (guint i = 0; i < confer_ot_simulation_get_n_clients (sim); i++)
    {
      g_autofree char *name = g_strdup_printf ("client %u", i);

      ok &= replica_matches (confer_ot_simulation_get_client_rope (sim, i), end, name);
    }

  printf ("replayed %u ops in %.1f ms: %s\n", n_ops, elapsed_us / 1000.0, ok ? "ok" : "MISMATCH");
  return ok ? 0 : 1;
}

/**
 * confer_cli_replay:
 * @argc: argument count, argv[0] being "replay"
 * @argv: arguments
 *
 * `confer-cli replay --local TRACE` replays an editing trace through the
 * OT core in this process and checks every replica ends with `endContent`:
 * a sequential trace is typed op by op by one client; a concurrent trace
 * gets one client per agent, each shown the other agents' changes exactly
 * when the trace's `parents` say its agent had seen them.
 * `confer-cli replay TRACE LINK [--doc TITLE]` types it into a live
 * session instead (confer_cli_replay_net()). The last line printed is
 * `replayed N ops in T ms: ok` (or `: MISMATCH`), T counting only the
 * replay, not loading the file.
 *
 * Returns: the exit status: 0 if every replica matches, 1 if not, 2 on
 *   bad usage
 */
int
confer_cli_replay (int    argc,
                   char **argv)
{
  gboolean local = FALSE;
  int pace_ms = 0;
  g_autofree char *title = NULL;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("TRACE.json.gz [LINK]");
  GOptionEntry entries[] = {
    { "local", 0, 0, G_OPTION_ARG_NONE, &local, "Replay through the OT core in this process", NULL },
    { "doc", 0, 0, G_OPTION_ARG_STRING, &title, "Document title (default: the trace's file name)", "TITLE" },
    { "pace", 0, 0, G_OPTION_ARG_INT, &pace_ms, "Wait MS between edits, as a person typing (sequential traces)", "MS" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "TRACE.json.gz [LINK]" },
    { NULL }
  };

  g_option_context_set_summary (context, "Replay an editing trace and check the result equals its endContent.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "replay", &argc, &argv))
    return 2;
  if (local && rest != NULL && g_strv_length (rest) == 1)
    return replay_local (rest[0]);
  if (!local && rest != NULL && g_strv_length (rest) == 2 && pace_ms >= 0)
    return confer_cli_replay_net (rest[0], rest[1], title, pace_ms);
  fprintf (stderr, "Usage: confer-cli replay --local TRACE.json.gz\n"
                   "       confer-cli replay TRACE.json.gz LINK [--doc TITLE] [--pace MS]\n");
  return 2;
}
