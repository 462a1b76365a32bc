/* confer-cli-replay-net.c: confer-cli replay TRACE LINK — editing traces
 * typed into a live session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-replay-net"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "confer-cli.h"
#include "confer-trace-agents.h"

/* A whole trace may take minutes through a slow or restarting server. */
#define REPLAY_TIMEOUT_MS (30 * 60 * 1000)

typedef struct
{
  ConferTraceAgents *agents;
  GHashTable        *txns;     /* client txn -> trace txn index + 1 */
  guint              agent;
} AgentLink;

static void
acked_cb (ConferClientDoc *doc,
          guint64          revision,
          guint64          latency,
          gpointer         data)
{
  double ms = latency / 1000.0;

  g_array_append_val ((GArray *) data, ms);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_latencies (GArray *latencies)
{
  double *v = (double *) latencies->data;
  guint n = latencies->len;

  if (n == 0)
    return;
  qsort (v, n, sizeof (double), compare_double);
  printf ("ack latency over %u acks: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
          n, v[n / 2], v[(gsize) (n * 0.9)], v[MIN (n - 1, (guint) (n * 0.99))], v[n - 1]);
}

static void
state_cb (ConferClient *client,
          GParamSpec   *pspec,
          gpointer      data)
{
  static const char *names[] = { "connecting", "online", "reconnecting", "offline", "refused" };

  printf ("connection: %s\n", names[confer_client_get_state (client)]);
  fflush (stdout);
}

static ConferClientDoc *
open_ready (ConferClient  *client,
            const char    *doc_id,
            GError       **error)
{
  ConferClientDoc *doc = confer_client_open_doc (client, doc_id);

  if (!confer_client_doc_wait (doc, FALSE, CONFER_CLI_TIMEOUT_MS, error))
    return NULL;
  return doc;
}

/* Reads the document through a fresh connection: what the server holds. */
static char *
server_text (const char  *link,
             const char  *doc_id,
             GError     **error)
{
  g_autoptr(ConferClient) reader = confer_cli_connect (link, "replay check", error);
  ConferClientDoc *doc;

  if (reader == NULL || (doc = open_ready (reader, doc_id, error)) == NULL)
    return NULL;
  return confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
}

static gboolean
pause_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits @ms while the client goes on reading what the server sends. */
static void
pause_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, pause_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
replay_sequential (const ConferEditingTrace  *trace,
                   ConferClientDoc           *doc,
                   guint                      pace_ms,
                   guint                     *n_ops,
                   GError                   **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_text_op_unref);

  for (guint i = 0; i < confer_editing_trace_get_n_txns (trace); i++)
    {
      const ConferTraceTxn *txn = confer_editing_trace_get_txn (trace, i);

      for (guint p = 0; p < txn->n_patches; p++)
        g_ptr_array_add (ops, confer_trace_patch_to_op (&txn->patches[p]));
    }

  /* Type as fast as possible (or @pace_ms apart): each edit goes through
   * the client state machine, and between edits the client reads what the
   * server sent, so edits made while one is in flight are composed, as in
   * a paste storm. */
  for (guint i = 0; i < ops->len; i++)
    {
      if (!confer_client_doc_apply_local (doc, g_ptr_array_index (ops, i), error))
        {
          g_prefix_error (error, "Patch %u: ", i);
          return FALSE;
        }
      if (pace_ms > 0)
        pause_ms (pace_ms);
      else
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }
  *n_ops = ops->len;
  return confer_client_doc_wait (doc, TRUE, REPLAY_TIMEOUT_MS, error);
}

static void
changed_cb (ConferClientDoc *doc,
            ConferTextOp    *op,
            const char      *author,
            const char      *txn,
            gpointer         data)
{
  AgentLink *link = data;
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (link->txns, txn));

  if (index > 0)
    confer_trace_agents_add_unseen (link->agents, link->agent, op, index - 1);
}

static gboolean
all_caught_up (ConferClientDoc **docs,
               guint             n,
               guint64           revision)
{
  for (guint a = 0; a < n; a++)
    if (!confer_client_doc_is_synchronized (docs[a]) || confer_client_doc_get_revision (docs[a]) != revision)
      return FALSE;
  return TRUE;
}

/* One client per agent. Before each txn every client has everything
 * committed so far, so each txn travels alone; what the agent had not yet
 * seen waits in its unseen queue (confer-trace-agents.c). */
static gboolean
replay_concurrent (const ConferEditingTrace  *trace,
                   const char                *link_text,
                   const char                *doc_id,
                   GPtrArray                 *clients,
                   ConferClientDoc          **docs,
                   GArray                    *latencies,
                   guint                     *n_ops,
                   GError                   **error)
{
  guint n_agents = confer_editing_trace_get_n_agents (trace);
  g_autoptr(ConferTraceAgents) agents = confer_trace_agents_new (trace, error);
  g_autoptr(GHashTable) txns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree AgentLink *links = g_new0 (AgentLink, n_agents);
  guint64 revision = confer_client_doc_get_revision (docs[0]);
  gint64 deadline;

  if (agents == NULL)
    return FALSE;
  for (guint a = 0; a < n_agents; a++)
    {
      links[a].agents = agents;
      links[a].txns = txns;
      links[a].agent = a;
      g_signal_connect (docs[a], "changed", G_CALLBACK (changed_cb), &links[a]);
    }

  for (guint i = 0; i < confer_editing_trace_get_n_txns (trace); i++)
    {
      guint agent = confer_editing_trace_get_txn (trace, i)->agent;
      g_autoptr(ConferTextOp) op = confer_trace_txn_to_op (confer_editing_trace_get_txn (trace, i));
      g_autoptr(ConferTextOp) local = NULL;

      deadline = g_get_monotonic_time () + (gint64) REPLAY_TIMEOUT_MS * 1000;
      while (!all_caught_up (docs, n_agents, revision) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (!all_caught_up (docs, n_agents, revision))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Transaction %u: the clients did not catch up", i);
          return FALSE;
        }

      if (!confer_trace_agents_advance (agents, agent, i, error) ||
          (local = confer_trace_agents_edit (agents, agent, op, error)) == NULL)
        {
          g_prefix_error (error, "Transaction %u: ", i);
          return FALSE;
        }
      if (confer_text_op_is_noop (local))
        continue;
      if (!confer_client_doc_apply_local (docs[agent], local, error))
        return FALSE;
      g_hash_table_insert (txns, g_strdup (confer_client_doc_get_inflight_txn (docs[agent])),
                           GUINT_TO_POINTER (i + 1));
      revision++;
      *n_ops = i + 1;
    }

  deadline = g_get_monotonic_time () + (gint64) REPLAY_TIMEOUT_MS * 1000;
  while (!all_caught_up (docs, n_agents, revision) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint a = 0; a < n_agents; a++)
    g_signal_handlers_disconnect_by_data (docs[a], &links[a]);
  return TRUE;
}

/**
 * confer_cli_replay_net:
 * @trace_path: an editing trace
 * @link_text: a session link (editor or owner)
 * @title: (nullable): the document's title; default: the trace's file name
 * @pace_ms: for a sequential trace, how long to wait between edits, in ms,
 *   as a person typing; 0 for as fast as the client can
 *
 * Replays a trace into a document of a live session (created if missing;
 * it must hold the trace's start text): a sequential trace is typed by one
 * pipelined client, a concurrent one by one client per agent. Prints ack
 * latency percentiles and ends with `replayed N ops in T ms: ok` (or
 * `: MISMATCH`) after checking, through a fresh connection, that the
 * server's text equals `endContent`.
 *
 * Returns: the exit status
 */
int
confer_cli_replay_net (const char *trace_path,
                       const char *link_text,
                       const char *title,
                       guint       pace_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferEditingTrace) trace = confer_editing_trace_load (trace_path, &error);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *default_title = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree ConferClientDoc **docs = NULL;
  g_autofree char *text = NULL;
  const char *end;
  guint n_agents, n_ops = 0;
  gint64 start, elapsed;
  gboolean ok;

  if (trace == NULL)
    {
      fprintf (stderr, "confer-cli replay: cannot load %s: %s\n", trace_path, error->message);
      return 1;
    }
  if (title == NULL)
    {
      default_title = g_path_get_basename (trace_path);
      if (g_str_has_suffix (default_title, ".json.gz"))
        default_title[strlen (default_title) - strlen (".json.gz")] = '\0';
      title = default_title;
    }

  n_agents = confer_editing_trace_get_n_agents (trace);
  docs = g_new0 (ConferClientDoc *, n_agents);
  for (guint a = 0; a < n_agents; a++)
    {
      g_autofree char *name = g_strdup_printf ("replay agent %u", a);
      ConferClient *client = confer_cli_connect (link_text, name, &error);
      const char *id;

      if (client == NULL)
        goto failed;
      g_ptr_array_add (clients, client);
      g_signal_connect (client, "notify::state", G_CALLBACK (state_cb), NULL);
      if ((id = confer_cli_ensure_doc (client, title, a == 0, &error)) == NULL)
        goto failed;
      if (doc_id == NULL)
        doc_id = g_strdup (id);
      if ((docs[a] = open_ready (client, doc_id, &error)) == NULL)
        goto failed;
      g_signal_connect (docs[a], "acked", G_CALLBACK (acked_cb), latencies);
    }

  text = confer_rope_to_string (confer_client_doc_get_rope (docs[0]), NULL);
  if (!g_str_equal (text, confer_editing_trace_get_start_content (trace)))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "The document “%s” does not hold the trace's start text", title);
      goto failed;
    }
  g_clear_pointer (&text, g_free);

  printf ("replaying %s into “%s”: %u txns, %" G_GSIZE_FORMAT " patches, %u client(s)\n",
          trace_path, title, confer_editing_trace_get_n_txns (trace),
          confer_editing_trace_get_n_patches (trace), n_agents);
  fflush (stdout);

  start = g_get_monotonic_time ();
  if (confer_editing_trace_is_concurrent (trace))
    ok = replay_concurrent (trace, link_text, doc_id, clients, docs, latencies, &n_ops, &error);
  else
    ok = replay_sequential (trace, docs[0], pace_ms, &n_ops, &error);
  elapsed = g_get_monotonic_time () - start;
  if (!ok)
    goto failed;

  print_latencies (latencies);
  end = confer_editing_trace_get_end_content (trace);
  ok = TRUE;
  for (guint a = 0; a < n_agents; a++)
    {
      g_autofree char *client_text = confer_rope_to_string (confer_client_doc_get_rope (docs[a]), NULL);

      if (!g_str_equal (client_text, end))
        {
          printf ("client %u: text differs from endContent\n", a);
          ok = FALSE;
        }
    }
  text = server_text (link_text, doc_id, &error);
  if (text == NULL || !g_str_equal (text, end))
    {
      printf ("server: %s\n", text == NULL ? error->message : "text differs from endContent");
      ok = FALSE;
    }
  printf ("replayed %u ops in %.1f ms: %s\n", n_ops, elapsed / 1000.0, ok ? "ok" : "MISMATCH");
  return ok ? 0 : 1;

failed:
  printf ("replay failed: %s\n", error->message);
  printf ("replayed %u ops in %.1f ms: MISMATCH\n", n_ops, 0.0);
  return 1;
}
