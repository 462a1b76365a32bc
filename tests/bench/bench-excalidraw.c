/* bench-excalidraw.c: opening a large .excalidraw scene, next to
 * Excalidraw itself under node in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-excalidraw FILE [--peer NODE_MODULES_DIR --peer-script SCRIPT]
 *
 * Imports FILE (the 92.5 MB scene tests/bench/peers/excalidraw-scene.mjs
 * generates with seed 42: 15,000 strokes of 50 points with pressures)
 * with confer_excalidraw_read_file() RUNS times and prints the best and
 * median wall time and the peak resident set size (getrusage ru_maxrss,
 * which counts the mapped file's pages too). With --peer, the same file
 * goes through `excalidraw-scene.mjs NODE_MODULES load FILE` (JSON.parse
 * then restore(), and loadFromBlob end to end, in @excalidraw/excalidraw
 * 0.18.1) and its figures are printed beside Confer's. The targets are
 * 800 ms and 300 MB; the output is a Markdown table for
 * docs/benchmarks.md.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-stats.h"
#include "confer-core.h"

#define RUNS 5
#define TARGET_MS 800.0
#define TARGET_MIB 300.0

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;   /* kB on Linux */
}

static JsonObject *
run_peer (const char *modules,
          const char *script,
          const char *file)
{
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  node = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "node", script, modules, "load", file, NULL);
  if (node == NULL || !g_subprocess_communicate_utf8 (node, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (node) || !json_parser_load_from_data (parser, out, -1, &error))
    {
      fprintf (stderr, "bench-excalidraw: the Excalidraw peer did not run: %s\n",
               error != NULL ? error->message : "node failed");
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

int
main (int    argc,
      char **argv)
{
  const char *file = NULL, *modules = NULL, *script = NULL;
  double ms[RUNS], best, median, rss;
  guint n_elements = 0;
  g_autoptr(JsonObject) peer = NULL;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--peer") && i + 1 < argc)
      modules = argv[++i];
    else if (g_str_equal (argv[i], "--peer-script") && i + 1 < argc)
      script = argv[++i];
    else
      file = argv[i];
  if (file == NULL)
    {
      fprintf (stderr, "usage: bench-excalidraw FILE [--peer NODE_MODULES_DIR --peer-script SCRIPT]\n");
      return 2;
    }

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(ConferExcalidrawScene) scene = confer_excalidraw_read_file (file, &error);

      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      if (scene == NULL)
        {
          fprintf (stderr, "bench-excalidraw: %s: %s\n", file, error->message);
          return 1;
        }
      n_elements = scene->elements->len;
    }
  rss = peak_rss_mib ();
  qsort (ms, RUNS, sizeof (double), bench_compare_doubles);
  best = ms[0];
  median = ms[RUNS / 2];

  if (modules != NULL && script != NULL)
    peer = run_peer (modules, script, file);

  printf ("| %s | elements | best of %d (ms) | median (ms) | peak RSS (MiB) |\n", file, RUNS);
  printf ("| --- | ---: | ---: | ---: | ---: |\n");
  printf ("| Confer (yajl, fast_float) | %u | %.1f | %.1f | %.1f |\n", n_elements, best, median, rss);
  if (peer != NULL)
    {
      printf ("| Excalidraw 0.18.1, JSON.parse + restore | %" G_GINT64_FORMAT " | %.1f | | %.1f (after restore) |\n",
              json_object_get_int_member (peer, "elements"),
              json_object_get_double_member (peer, "parsePlusRestoreMs"),
              json_object_get_double_member (peer, "peakRssMiBAfterParseRestore"));
      printf ("| Excalidraw 0.18.1, loadFromBlob | %" G_GINT64_FORMAT " | %.1f | | %.1f |\n",
              json_object_get_int_member (peer, "elementsViaLoadFromBlob"),
              json_object_get_double_member (peer, "loadFromBlobMs"),
              json_object_get_double_member (peer, "peakRssMiB"));
      printf ("\nConfer / Excalidraw (parse + restore): %.2f\n",
              median / json_object_get_double_member (peer, "parsePlusRestoreMs"));
    }
  printf ("Targets: %.0f ms (%s, median), %.0f MiB (%s)\n", TARGET_MS, median <= TARGET_MS ? "met" : "missed",
          TARGET_MIB, rss <= TARGET_MIB ? "met" : "missed");
  return 0;
}
