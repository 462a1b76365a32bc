/* bench-freehand.c: ink stroke outline speed, next to the npm package
 * perfect-freehand in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-freehand [--peer NODE_MODULES_DIR --peer-script SCRIPT]
 *
 * Times, best of RUNS runs, the outlines of 10,000 strokes of 50 points
 * (a hand moving with a drifting velocity, made by xorshift32 from 1)
 * through confer_freehand_outline(): with Excalidraw's freedraw options
 * (strokeWidth 2, pressure simulated from a mouse's speed; the target is
 * 30 ms), and with getStroke()'s defaults and a pen's pressures. With
 * --peer, the same strokes go through getStroke() of perfect-freehand
 * 1.2.3 under node (tests/bench/peers/perfect-freehand-bench.mjs), both
 * sides' outline point counts and coordinate sums are compared, and the
 * ratios are printed. The output is a Markdown table for
 * docs/benchmarks.md.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "bench-xorshift.h"
#include "bench-peer.h"
#include "confer-core.h"

#define RUNS 9
#define N_STROKES 10000
#define N_POINTS 50
#define TARGET_MS 30.0

typedef struct
{
  const char            *name;
  ConferFreehandOptions  options;
  gboolean               pen;        /* pass the pressures */
  double                 ms;         /* best of RUNS */
  guint64                points;     /* outline points of all strokes */
  double                 sum;        /* of all their coordinates */
  double                 peer_ms;    /* -1 when not measured */
  gboolean               peer_same;  /* the peer's points and sum match */
} Case;

static double *stroke_points;        /* N_STROKES × N_POINTS × 2 */
static double *stroke_pressures;     /* N_STROKES × N_POINTS */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static guint32 random_state = 1;

static double
random_double (void)
{
  return bench_xorshift_double (&random_state);
}

/* The same strokes as the peer script, number for number. */
static void
make_strokes (void)
{
  stroke_points = g_new (double, N_STROKES * N_POINTS * 2);
  stroke_pressures = g_new (double, N_STROKES * N_POINTS);
  for (guint s = 0; s < N_STROKES; s++)
    {
      double x = random_double () * 1000;
      double y = random_double () * 1000;
      double vx = random_double () * 8 - 4;
      double vy = random_double () * 8 - 4;
      double p = 0.3 + random_double () * 0.4;

      for (guint i = 0; i < N_POINTS; i++)
        {
          gsize k = (gsize) s * N_POINTS + i;

          stroke_points[2 * k] = x;
          stroke_points[2 * k + 1] = y;
          stroke_pressures[k] = p;
          vx += random_double () * 2 - 1;
          vy += random_double () * 2 - 1;
          x += vx;
          y += vy;
          p += random_double () * 0.1 - 0.05;
          p = CLAMP (p, 0, 1);
        }
    }
}

static void
bench_case (Case *c)
{
  GArray **outlines = g_new (GArray *, N_STROKES);

  for (guint r = 0; r < RUNS; r++)
    {
      double start = now_ms ();
      double ms;

      for (guint s = 0; s < N_STROKES; s++)
        outlines[s] = confer_freehand_outline (stroke_points + (gsize) s * N_POINTS * 2,
                                               c->pen ? stroke_pressures + (gsize) s * N_POINTS : NULL,
                                               N_POINTS, &c->options);
      ms = now_ms () - start;
      if (r == 0 || ms < c->ms)
        c->ms = ms;

      if (r == 0)
        for (guint s = 0; s < N_STROKES; s++)
          {
            GArray *o = outlines[s];

            c->points += o->len / 2;
            for (guint i = 0; i < o->len; i += 2)
              c->sum += g_array_index (o, double, i) + g_array_index (o, double, i + 1);
          }
      for (guint s = 0; s < N_STROKES; s++)
        g_array_unref (outlines[s]);
    }
  c->peer_ms = -1;
  g_free (outlines);
}

static void
run_peer (const char *modules,
          const char *script,
          Case       *cases,
          guint       n_cases)
{
  g_autofree char *n_strokes = g_strdup_printf ("%d", N_STROKES);
  g_autofree char *n_points = g_strdup_printf ("%d", N_POINTS);
  g_autofree char *runs = g_strdup_printf ("%d", RUNS);
  const char *argv[] = { script, modules, n_strokes, n_points, runs, NULL };
  g_autoptr(GPtrArray) objects = bench_peer_run ("bench-freehand", argv);

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);

      for (guint c = 0; c < n_cases; c++)
        if (g_strcmp0 (cases[c].name, json_object_get_string_member (object, "case")) == 0)
          {
            double sum = json_object_get_double_member (object, "sum");

            cases[c].peer_ms = json_object_get_double_member (object, "ms");
            /* The sums differ by rounding only: glibc's and V8's sines
             * may differ in the last bit. */
            cases[c].peer_same = (gint64) cases[c].points == json_object_get_int_member (object, "points") &&
                                 fabs (cases[c].sum - sum) <= 1e-9 * MAX (1, fabs (sum));
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
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &peer, "node_modules with perfect-freehand", "DIR" },
    { "peer-script", 0, 0, G_OPTION_ARG_FILENAME, &peer_script, "The peer's benchmark script", "FILE" },
    { NULL }
  };
  Case cases[] = {
    { .name = "excalidraw (mouse)" },
    { .name = "defaults (pen)", .pen = TRUE },
  };
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-freehand: %s\n", error->message);
      return 2;
    }

  confer_freehand_options_for_element (&cases[0].options, 2, TRUE);
  confer_freehand_options_init (&cases[1].options);
  cases[1].options.simulate_pressure = FALSE;

  make_strokes ();
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    bench_case (&cases[c]);
  if (peer != NULL && peer_script != NULL && g_find_program_in_path ("node") != NULL)
    run_peer (peer, peer_script, cases, G_N_ELEMENTS (cases));

  printf ("| %d strokes of %d points | outline points | Confer (ms) | perfect-freehand under node (ms) | speed-up |\n",
          N_STROKES, N_POINTS);
  printf ("|---|---:|---:|---:|---:|\n");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Case *r = &cases[c];

      printf ("| %s | %" G_GUINT64_FORMAT " | %.2f | ", r->name, r->points, r->ms);
      if (r->peer_ms >= 0)
        printf ("%.2f%s | %.1f× |\n", r->peer_ms, r->peer_same ? "" : " (different outlines!)", r->peer_ms / r->ms);
      else
        printf ("– | – |\n");
    }
  printf ("\n%d outlines with Excalidraw's options: %.2f ms, %s the %.0f ms target.\n", N_STROKES, cases[0].ms,
          cases[0].ms <= TARGET_MS ? "within" : "OVER", TARGET_MS);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    if (cases[c].peer_ms >= 0 && !cases[c].peer_same)
      status = 1;
  g_free (stroke_points);
  g_free (stroke_pressures);
  return status;
}
