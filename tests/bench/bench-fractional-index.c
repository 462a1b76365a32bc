/* bench-fractional-index.c: z-order key speed, next to the npm package
 * fractional-indexing in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-fractional-index [--peer NODE_MODULES_DIR --peer-script SCRIPT]
 *
 * Times, best of RUNS runs, 100,000 keys appended one at a time (each
 * confer_fractional_index_between (last, NULL), all kept as a board keeps
 * them; the target is well under 10 ms), then 100,000 keys from one
 * confer_fractional_index_n_between() after the end and between `a0` and
 * `a1`. With --peer, the same runs go through generateKeyBetween() and
 * generateNKeysBetween() of fractional-indexing 4.0.0 under node
 * (tests/bench/peers/fractional-indexing-append.mjs), both sides' last key
 * and total length are compared, and the ratios are printed. The output is
 * a Markdown table for docs/benchmarks.md.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "bench-peer.h"
#include "confer-core.h"

#define RUNS 9
#define N_KEYS 100000
#define APPEND_TARGET_MS 10.0

typedef struct
{
  const char *name;
  double      ms;          /* best of RUNS */
  char       *last;
  gsize       bytes;       /* all keys' lengths */
  double      peer_ms;     /* -1 when not measured */
  gboolean    peer_same;   /* the peer's last key and bytes match */
} Case;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static char **
run_append (void)
{
  char **keys = g_new0 (char *, N_KEYS + 1);
  const char *last = NULL;

  for (guint i = 0; i < N_KEYS; i++)
    last = keys[i] = confer_fractional_index_between (last, NULL, NULL);
  return keys;
}

static char **
run_n_after (void)
{
  return confer_fractional_index_n_between (NULL, NULL, N_KEYS, NULL);
}

static char **
run_n_between (void)
{
  return confer_fractional_index_n_between ("a0", "a1", N_KEYS, NULL);
}

static void
bench_case (Case    *c,
            char **(*run) (void))
{
  for (guint r = 0; r < RUNS; r++)
    {
      double start = now_ms ();
      g_auto(GStrv) keys = run ();
      double ms = now_ms () - start;

      g_assert_nonnull (keys);
      g_assert_cmpuint (g_strv_length (keys), ==, N_KEYS);
      if (r == 0 || ms < c->ms)
        c->ms = ms;
      if (r == 0)
        {
          for (guint i = 0; i < N_KEYS; i++)
            {
              c->bytes += strlen (keys[i]);
              g_assert_true (i == 0 || strcmp (keys[i - 1], keys[i]) < 0);
            }
          c->last = g_strdup (keys[N_KEYS - 1]);
        }
    }
  c->peer_ms = -1;
}

static void
run_peer (const char *modules,
          const char *script,
          Case       *cases,
          guint       n_cases)
{
  g_autofree char *n_keys = g_strdup_printf ("%d", N_KEYS);
  g_autofree char *runs = g_strdup_printf ("%d", RUNS);
  const char *argv[] = { script, modules, n_keys, runs, NULL };
  g_autoptr(GPtrArray) objects = bench_peer_run ("bench-fractional-index", argv);

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);

      for (guint c = 0; c < n_cases; c++)
        if (g_strcmp0 (cases[c].name, json_object_get_string_member (object, "case")) == 0)
          {
            cases[c].peer_ms = json_object_get_double_member (object, "ms");
            cases[c].peer_same = g_strcmp0 (cases[c].last, json_object_get_string_member (object, "last")) == 0 &&
                                 (gint64) cases[c].bytes == json_object_get_int_member (object, "bytes");
          }
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *peer = NULL;
  g_autofree char *peer_script = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &peer, "node_modules with fractional-indexing", "DIR" },
    { "peer-script", 0, 0, G_OPTION_ARG_FILENAME, &peer_script, "The peer's benchmark script", "FILE" },
    { NULL }
  };
  Case cases[] = {
    { .name = "append" },
    { .name = "n_between (null, null)" },
    { .name = "n_between (a0, a1)" },
  };
  char **(*runs[]) (void) = { run_append, run_n_after, run_n_between };
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-fractional-index: %s\n", error->message);
      return 2;
    }

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    bench_case (&cases[c], runs[c]);
  if (peer != NULL && peer_script != NULL && g_find_program_in_path ("node") != NULL)
    run_peer (peer, peer_script, cases, G_N_ELEMENTS (cases));

  printf ("| %d keys | last key | Confer (ms) | fractional-indexing under node (ms) | speed-up |\n", N_KEYS);
  printf ("|---|---|---:|---:|---:|\n");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Case *r = &cases[c];

      printf ("| %s | `%s` | %.2f | ", r->name, r->last, r->ms);
      if (r->peer_ms >= 0)
        printf ("%.2f%s | %.1f× |\n", r->peer_ms, r->peer_same ? "" : " (different keys!)", r->peer_ms / r->ms);
      else
        printf ("– | – |\n");
    }
  printf ("\nAppending %d keys: %.2f ms, %s the %.0f ms target.\n", N_KEYS, cases[0].ms,
          cases[0].ms < APPEND_TARGET_MS ? "under" : "OVER", APPEND_TARGET_MS);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      if (cases[c].peer_ms >= 0 && !cases[c].peer_same)
        status = 1;
      g_free (cases[c].last);
    }
  return status;
}
