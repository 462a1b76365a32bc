/* bench-ot.c: text OT core speed, next to ot-text-unicode in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-ot [--peer NODE_MODULES_DIR --peer-script SCRIPT] TRACE.json.gz...
 *
 * For each sequential trace: the time to apply every patch, as an
 * operation, to a rope (the server's apply path: check, then edit), and the
 * time through the server document (transform to head, apply, append to the
 * log); loading and parsing the file are reported apart. Then the
 * throughput of transforming single-keystroke operations against each
 * other. With --peer, the same measurements run through the npm package
 * ot-text-unicode under node, and the ratios are printed. The output is a
 * Markdown table for docs/benchmarks.md.
 */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>

#include "bench-stats.h"
#include "confer-core.h"

#define RUNS 5
#define TRANSFORM_PAIRS 2000000

typedef struct
{
  char   *name;
  gsize   n_ops;
  double  load_ms;
  double  apply_ms;     /* best of RUNS */
  double  server_ms;    /* best of RUNS */
  double  peer_ms;      /* -1 when not measured */
} TraceResult;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
best_of (double *samples)
{
  qsort (samples, RUNS, sizeof (double), bench_compare_doubles);
  return samples[0];
}

static gboolean
bench_trace (const char   *path,
             TraceResult  *result,
             GError      **error)
{
  g_autoptr(ConferEditingTrace) trace = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  double start = now_ms ();
  double apply[RUNS], server[RUNS];
  const char *end;

  trace = confer_editing_trace_load (path, error);
  if (trace == NULL)
    return FALSE;
  result->load_ms = now_ms () - start;
  result->name = g_path_get_basename (path);
  end = confer_editing_trace_get_end_content (trace);

  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_text_op_unref);
  for (guint i = 0; i < confer_editing_trace_get_n_txns (trace); i++)
    {
      const ConferTraceTxn *txn = confer_editing_trace_get_txn (trace, i);

      for (guint p = 0; p < txn->n_patches; p++)
        g_ptr_array_add (ops, confer_trace_patch_to_op (&txn->patches[p]));
    }
  result->n_ops = ops->len;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(ConferRope) rope = confer_rope_new_from_text (confer_editing_trace_get_start_content (trace), -1, error);
      g_autoptr(ConferOtServer) doc = confer_ot_server_new (confer_editing_trace_get_start_content (trace), 0, error);
      g_autofree char *text = NULL;
      g_autofree char *server_text = NULL;

      start = now_ms ();
      for (guint i = 0; i < ops->len; i++)
        if (!confer_text_op_apply (g_ptr_array_index (ops, i), rope, error))
          return FALSE;
      apply[run] = now_ms () - start;

      start = now_ms ();
      for (guint i = 0; i < ops->len; i++)
        if (confer_ot_server_submit (doc, i, g_ptr_array_index (ops, i), error) == NULL)
          return FALSE;
      server[run] = now_ms () - start;

      text = confer_rope_to_string (rope, NULL);
      server_text = confer_rope_to_string (confer_ot_server_get_rope (doc), NULL);
      if (g_strcmp0 (text, end) != 0 || g_strcmp0 (server_text, end) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: replay does not reach endContent", path);
          return FALSE;
        }
    }
  result->apply_ms = best_of (apply);
  result->server_ms = best_of (server);
  result->peer_ms = -1;
  return TRUE;
}

/* The same seeded xorshift32 and keystroke mix as the peer script. */
static guint32 xorshift_state = 2463534242u;

static guint32
xorshift (guint32 n)
{
  xorshift_state ^= xorshift_state << 13;
  xorshift_state ^= xorshift_state >> 17;
  xorshift_state ^= xorshift_state << 5;
  return xorshift_state % n;
}

static ConferTextOp *
keystroke (void)
{
  guint32 pos = xorshift (1000);

  if (xorshift (3) == 0)
    return confer_text_op_new_delete (pos, 1);
  return confer_text_op_new_insert (pos, "k", 1);
}

static double
bench_transform (void)
{
  ConferTextOp *a[4096], *b[4096];
  gsize sink = 0;
  double start, seconds;

  for (guint i = 0; i < 4096; i++)
    {
      a[i] = keystroke ();
      b[i] = keystroke ();
    }

  start = now_ms ();
  for (guint i = 0; i < TRANSFORM_PAIRS; i++)
    {
      ConferTextOp *x = a[i & 4095], *y = b[i & 4095];
      ConferTextOp *left = confer_text_op_transform (x, y, CONFER_TEXT_LEFT);
      ConferTextOp *right = confer_text_op_transform (y, x, CONFER_TEXT_RIGHT);

      sink += confer_text_op_get_n_components (left) + confer_text_op_get_n_components (right);
      confer_text_op_unref (left);
      confer_text_op_unref (right);
    }
  seconds = (now_ms () - start) / 1000.0;

  for (guint i = 0; i < 4096; i++)
    {
      confer_text_op_unref (a[i]);
      confer_text_op_unref (b[i]);
    }
  g_assert_cmpuint (sink, >, 0);
  return 2.0 * TRANSFORM_PAIRS / seconds;
}

/* Runs the node peer; fills in peer_ms per trace and returns its
 * transforms per second, or -1 if it could not run. */
static double
run_peer (const char  *modules,
          const char  *script,
          GPtrArray   *results,
          char       **paths,
          int          n_paths)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  double per_second = -1;

  g_ptr_array_add (argv, g_strdup ("node"));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup (modules));
  g_ptr_array_add (argv, g_strdup_printf ("%d", TRANSFORM_PAIRS));
  for (int i = 0; i < n_paths; i++)
    g_ptr_array_add (argv, g_strdup (paths[i]));
  g_ptr_array_add (argv, NULL);

  node = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (node == NULL || !g_subprocess_communicate_utf8 (node, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (node))
    {
      fprintf (stderr, "bench-ot: the ot-text-unicode peer did not run: %s\n",
               error != NULL ? error->message : "node failed");
      return -1;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (object, "per_second"))
        per_second = json_object_get_double_member (object, "per_second");
      for (guint r = 0; r < results->len && json_object_has_member (object, "trace"); r++)
        {
          TraceResult *result = g_ptr_array_index (results, r);

          if (g_str_equal (result->name, json_object_get_string_member (object, "trace")))
            result->peer_ms = json_object_get_double_member (object, "ms");
        }
    }
  return per_second;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *peer = NULL;
  g_autofree char *peer_script = NULL;
  g_auto(GStrv) traces = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("TRACE.json.gz…");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  GOptionEntry entries[] = {
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &peer, "node_modules with ot-text-unicode", "DIR" },
    { "peer-script", 0, 0, G_OPTION_ARG_FILENAME, &peer_script, "The peer's benchmark script", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &traces, NULL, NULL },
    { NULL }
  };
  double transforms, peer_transforms = -1;
  int n_traces;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-ot: %s\n", error->message);
      return 2;
    }
  n_traces = traces != NULL ? g_strv_length (traces) : 0;

  for (int i = 0; i < n_traces; i++)
    {
      TraceResult *result = g_new0 (TraceResult, 1);

      if (!g_file_test (traces[i], G_FILE_TEST_EXISTS))
        {
          fprintf (stderr, "bench-ot: skipping missing %s\n", traces[i]);
          g_free (result);
          continue;
        }
      if (!bench_trace (traces[i], result, &error))
        {
          fprintf (stderr, "bench-ot: %s\n", error->message);
          return 1;
        }
      g_ptr_array_add (results, result);
    }
  transforms = bench_transform ();
  if (peer != NULL && peer_script != NULL && g_find_program_in_path ("node") != NULL)
    peer_transforms = run_peer (peer, peer_script, results, traces, n_traces);

  printf ("| trace | ops | load + parse (ms) | apply to rope (ms) | server submit (ms) | ot-text-unicode apply (ms) | speed-up |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|\n");
  for (guint i = 0; i < results->len; i++)
    {
      TraceResult *r = g_ptr_array_index (results, i);

      printf ("| %s | %" G_GSIZE_FORMAT " | %.0f | %.2f | %.2f | ", r->name, r->n_ops, r->load_ms,
              r->apply_ms, r->server_ms);
      if (r->peer_ms >= 0)
        printf ("%.0f | %.0f× |\n", r->peer_ms, r->peer_ms / r->apply_ms);
      else
        printf ("– | – |\n");
      g_free (r->name);
      g_free (r);
    }
  printf ("\n| transform (single keystrokes) | per second |\n|---|---:|\n");
  printf ("| Confer | %.0f |\n", transforms);
  if (peer_transforms > 0)
    printf ("| ot-text-unicode under node | %.0f |\n| ratio | %.1f× |\n",
            peer_transforms, transforms / peer_transforms);
  return 0;
}
