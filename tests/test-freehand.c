/* test-freehand.c: ink stroke outlines, against perfect-freehand 1.2.3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-freehand [--oracle STROKES.jsonl MIN_STROKES]
 *
 * Without arguments, the unit tests (TAP). The expected counts below were
 * printed by getStroke() of perfect-freehand 1.2.3 under node 20.
 *
 * With --oracle, every stroke recorded by tests/vectors/freehand-oracle.mjs
 * goes through confer_freehand_outline() and must give as many outline
 * points as the package did, each coordinate within 1e-6 px of the
 * package's, or 1e-6 of its magnitude where that is more than 1 (points
 * 1e12 px from the origin have a last bit of 1e-4 px); NaN must meet NaN
 * (JSON null). The largest differences are printed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "confer-core.h"

#define ORACLE_TOLERANCE 1e-6

static GArray *
outline (const double                *points,
         const double                *pressures,
         guint                        n_points,
         const ConferFreehandOptions *options)
{
  GArray *result = confer_freehand_outline (points, pressures, n_points, options);

  g_assert_nonnull (result);
  g_assert_cmpuint (result->len % 2, ==, 0);
  return result;
}

static void
assert_finite (GArray *result)
{
  for (guint i = 0; i < result->len; i++)
    g_assert_true (isfinite (g_array_index (result, double, i)));
}

static void
test_defaults (void)
{
  ConferFreehandOptions o;

  memset (&o, 0xff, sizeof o);
  confer_freehand_options_init (&o);
  g_assert_cmpfloat (o.size, ==, 16);
  g_assert_cmpfloat (o.thinning, ==, 0.5);
  g_assert_cmpfloat (o.smoothing, ==, 0.5);
  g_assert_cmpfloat (o.streamline, ==, 0.5);
  g_assert_cmpint (o.easing, ==, CONFER_FREEHAND_EASING_LINEAR);
  g_assert_true (o.simulate_pressure);
  g_assert_cmpfloat (o.start_taper, ==, 0);
  g_assert_cmpfloat (o.end_taper, ==, 0);
  g_assert_true (o.start_cap);
  g_assert_true (o.end_cap);
  g_assert_false (o.last);

  memset (&o, 0xff, sizeof o);
  confer_freehand_options_for_element (&o, 2, FALSE);
  g_assert_cmpfloat (o.size, ==, 8.5);
  g_assert_cmpfloat (o.thinning, ==, 0.6);
  g_assert_cmpfloat (o.smoothing, ==, 0.5);
  g_assert_cmpfloat (o.streamline, ==, 0.5);
  g_assert_cmpint (o.easing, ==, CONFER_FREEHAND_EASING_SINE_OUT);
  g_assert_false (o.simulate_pressure);
  g_assert_cmpfloat (o.start_taper, ==, 0);
  g_assert_cmpfloat (o.end_taper, ==, 0);
  g_assert_true (o.start_cap);
  g_assert_true (o.end_cap);
  g_assert_true (o.last);

  confer_freehand_options_for_element (&o, 4, TRUE);
  g_assert_cmpfloat (o.size, ==, 17);
  g_assert_true (o.simulate_pressure);
}

/* With thinning 0 every radius is size / 2: away from the caps, a
 * straight line's outline is two parallel lines size apart. */
static void
test_straight_line (void)
{
  const double sizes[] = { 1, 8.5, 16, 40 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      ConferFreehandOptions o;
      double points[2 * 101];
      g_autoptr(GArray) result = NULL;
      guint above = 0, below = 0;

      for (guint i = 0; i <= 100; i++)
        {
          points[2 * i] = 100 + 3 * i;
          points[2 * i + 1] = 50;
        }
      confer_freehand_options_init (&o);
      o.size = sizes[s];
      o.thinning = 0;
      o.last = TRUE;
      result = outline (points, NULL, 101, &o);
      assert_finite (result);

      for (guint i = 0; i < result->len; i += 2)
        {
          double x = g_array_index (result, double, i);
          double y = g_array_index (result, double, i + 1);

          /* Within the stroke, and on its edges away from the ends. */
          g_assert_cmpfloat (fabs (y - 50), <=, sizes[s] / 2 + 1e-9);
          g_assert_cmpfloat (x, >=, 100 - sizes[s] / 2 - 1e-9);
          g_assert_cmpfloat (x, <=, 400 + sizes[s] / 2 + 1e-9);
          if (x > 100 + 2 * sizes[s] && x < 400 - 2 * sizes[s])
            {
              g_assert_cmpfloat_with_epsilon (fabs (y - 50), sizes[s] / 2, 1e-9);
              if (y > 50)
                above++;
              else
                below++;
            }
        }
      g_assert_cmpuint (above, >, 0);
      g_assert_cmpuint (below, >, 0);
    }
}

static void
test_empty (void)
{
  ConferFreehandOptions o;
  const double point[] = { 1, 2 };
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) no_size = NULL;
  g_autoptr(GArray) negative = NULL;

  confer_freehand_options_init (&o);
  none = outline (NULL, NULL, 0, &o);
  g_assert_cmpuint (none->len, ==, 0);

  o.size = 0;
  no_size = outline (point, NULL, 1, &o);
  g_assert_cmpuint (no_size->len, ==, 0);
  o.size = -3;
  negative = outline (point, NULL, 1, &o);
  g_assert_cmpuint (negative->len, ==, 0);
}

/* One point becomes two, 1 px apart, with round caps at both ends: a
 * round blob of 44 points (the package's count) about 6 px around the
 * point with the defaults. Identical points never move: the dot, 13
 * points exactly a radius (6 px: size × (0.5 − 0.5 × (0.5 − the
 * starting pressure))) from the point. */
static void
test_single_point (void)
{
  ConferFreehandOptions o;
  const double point[] = { 10, 20 };
  const double same[] = { 10, 20, 10, 20, 10, 20 };
  g_autoptr(GArray) blob = NULL;
  g_autoptr(GArray) dot = NULL;

  confer_freehand_options_init (&o);
  blob = outline (point, NULL, 1, &o);
  g_assert_cmpuint (blob->len, ==, 2 * 44);
  assert_finite (blob);
  for (guint i = 0; i < blob->len; i += 2)
    {
      double d = hypot (g_array_index (blob, double, i) - 10.25, g_array_index (blob, double, i + 1) - 20.25);

      g_assert_cmpfloat (d, >, 5);
      g_assert_cmpfloat (d, <, 7.5);
    }

  dot = outline (same, NULL, 3, &o);
  g_assert_cmpuint (dot->len, ==, 2 * 13);
  for (guint i = 0; i < dot->len; i += 2)
    g_assert_cmpfloat_with_epsilon (hypot (g_array_index (dot, double, i) - 10,
                                           g_array_index (dot, double, i + 1) - 20), 6, 1e-9);

  /* Tapered and unfinished, the dot is the point twice, as in the package. */
  g_clear_pointer (&dot, g_array_unref);
  o.start_taper = CONFER_FREEHAND_TAPER_WHOLE;
  dot = outline (same, NULL, 2, &o);
  g_assert_cmpuint (dot->len, ==, 4);
  g_assert_cmpfloat (g_array_index (dot, double, 0), ==, 10);
  g_assert_cmpfloat (g_array_index (dot, double, 3), ==, 20);
}

/* Degenerate input never gives NaN or infinities. */
static void
test_degenerate (void)
{
  const double far = 1e15;
  const double lines[][8] = {
    { 0, 0, 0, 0, 0, 0, 0, 0 },                    /* one place */
    { 5, 5, 5, 5, 6, 6, 5, 5 },                    /* there and back */
    { 0, 0, 1e-9, 0, 2e-9, 1e-9, 0, 0 },           /* tiny moves */
    { far, far, far, far, far + 1, far, far, far + 1 }, /* far away */
    { -1e9, 3e8, -1e9 + 50, 3e8, -1e9 + 100, 3e8 + 7, -1e9 + 3, 3e8 - 2 },
    { 0, 0, 100, 0, 0, 0, 100, 0 },                /* reversals */
  };
  const double pressures[][4] = {
    { NAN, NAN, NAN, NAN },
    { -1, 2, 0, 1 },
    { 0, 0, 0, 0 },
    { 1, 1, 1, 1 },
  };
  const double thinnings[] = { 0, 0.5, 1, -1 };
  const double tapers[] = { 0, 3, CONFER_FREEHAND_TAPER_WHOLE };
  guint checked = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lines); l++)
    for (guint n = 1; n <= 4; n++)
      for (guint p = 0; p <= G_N_ELEMENTS (pressures); p++)
        for (guint t = 0; t < G_N_ELEMENTS (thinnings); t++)
          for (guint k = 0; k < 2 * G_N_ELEMENTS (tapers); k++)
            {
              ConferFreehandOptions o;
              g_autoptr(GArray) result = NULL;

              confer_freehand_options_init (&o);
              o.thinning = thinnings[t];
              o.start_taper = tapers[k % G_N_ELEMENTS (tapers)];
              o.end_taper = tapers[(k + 1) % G_N_ELEMENTS (tapers)];
              o.last = k >= G_N_ELEMENTS (tapers);
              o.simulate_pressure = (k + t) % 2 == 0;
              o.easing = p % 2 == 0 ? CONFER_FREEHAND_EASING_LINEAR : CONFER_FREEHAND_EASING_SINE_OUT;
              o.smoothing = t % 2 == 0 ? 0 : 1;
              o.streamline = l % 2 == 0 ? 0 : 1;
              o.size = n == 3 ? 1e-6 : 16;
              result = outline (lines[l], p < G_N_ELEMENTS (pressures) ? pressures[p] : NULL, n, &o);
              g_assert_cmpuint (result->len, >, 0);
              assert_finite (result);
              checked++;
            }
  g_assert_cmpuint (checked, ==, 6 * 4 * 5 * 4 * 6);
}

/* The polygon starts on the left side and ends with the start cap: for
 * a line drawn to the right, the outline's first point is above it (y
 * grows downwards: on the left of the direction of travel), its last
 * point back near the start. */
static void
test_winding (void)
{
  ConferFreehandOptions o;
  const double points[] = { 0, 0, 50, 0, 100, 0, 150, 0, 200, 0 };
  g_autoptr(GArray) result = NULL;
  double x0, y0, xn;

  confer_freehand_options_init (&o);
  o.last = TRUE;
  result = outline (points, NULL, 5, &o);
  x0 = g_array_index (result, double, 0);
  y0 = g_array_index (result, double, 1);
  xn = g_array_index (result, double, result->len - 2);
  g_assert_cmpfloat (y0, <, 0);
  g_assert_cmpfloat (x0, <, 50);
  g_assert_cmpfloat (xn, <, 1);
}

/* The oracle: strokes recorded from the package. */

typedef struct
{
  guint  strokes;
  guint  points;
  guint  coordinates;
  guint  inexact;        /* coordinates not bit for bit the package's */
  guint  failures;
  double max_abs;
  double max_rel;
  guint  max_abs_stroke;
} Tally;

static double *
member_doubles (JsonObject *object,
                const char *name,
                guint      *length)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;
  double *values;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  array = json_node_get_array (node);
  *length = json_array_get_length (array);
  values = g_new (double, MAX (*length, 1));
  for (guint i = 0; i < *length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      values[i] = JSON_NODE_HOLDS_NULL (element) ? NAN : json_node_get_double (element);
    }
  return values;
}

static void
read_options (JsonObject            *object,
              ConferFreehandOptions *o)
{
  confer_freehand_options_init (o);
  o->size = json_object_get_double_member (object, "size");
  o->thinning = json_object_get_double_member (object, "thinning");
  o->smoothing = json_object_get_double_member (object, "smoothing");
  o->streamline = json_object_get_double_member (object, "streamline");
  o->easing = g_str_equal (json_object_get_string_member (object, "easing"), "sine")
    ? CONFER_FREEHAND_EASING_SINE_OUT : CONFER_FREEHAND_EASING_LINEAR;
  o->simulate_pressure = json_object_get_boolean_member (object, "simulate_pressure");
  o->start_taper = json_object_get_double_member (object, "start_taper");
  o->end_taper = json_object_get_double_member (object, "end_taper");
  o->start_cap = json_object_get_boolean_member (object, "start_cap");
  o->end_cap = json_object_get_boolean_member (object, "end_cap");
  o->last = json_object_get_boolean_member (object, "last");
}

static gboolean
check_stroke (JsonObject *object,
              Tally      *tally)
{
  guint n_coords = 0, n_pressures = 0, n_want = 0;
  g_autofree double *points = member_doubles (object, "points", &n_coords);
  g_autofree double *pressures = member_doubles (object, "pressures", &n_pressures);
  g_autofree double *want = member_doubles (object, "outline", &n_want);
  g_autoptr(GArray) got = NULL;
  ConferFreehandOptions o;
  gboolean same = TRUE;
  guint index = json_object_get_int_member (object, "i");

  read_options (json_object_get_object_member (object, "options"), &o);
  g_assert_nonnull (points);
  g_assert_true (pressures == NULL || n_pressures * 2 == n_coords);
  got = confer_freehand_outline (points, pressures, n_coords / 2, &o);
  tally->strokes++;
  if (got->len != n_want)
    {
      g_test_message ("stroke %u (%s): %u outline points, the package has %u", index,
                      json_object_get_string_member (object, "kind"), got->len / 2, n_want / 2);
      return FALSE;
    }
  tally->points += n_want / 2;

  for (guint i = 0; i < n_want; i++)
    {
      double g = g_array_index (got, double, i);
      double d = fabs (g - want[i]);

      if (isnan (want[i]) || isnan (g))
        {
          if (isnan (want[i]) != isnan (g))
            {
              g_test_message ("stroke %u: coordinate %u is %g, the package's %g", index, i, g, want[i]);
              same = FALSE;
            }
          continue;
        }
      tally->coordinates++;
      if (g != want[i])
        tally->inexact++;
      if (d > tally->max_abs)
        {
          tally->max_abs = d;
          tally->max_abs_stroke = index;
        }
      if (fabs (want[i]) > 1)
        tally->max_rel = MAX (tally->max_rel, d / fabs (want[i]));
      if (d > ORACLE_TOLERANCE * MAX (1, fabs (want[i])))
        {
          if (same)
            g_test_message ("stroke %u (%s): coordinate %u is %.17g, the package's %.17g", index,
                            json_object_get_string_member (object, "kind"), i, g, want[i]);
          same = FALSE;
        }
    }
  return same;
}

static const char *oracle_path;
static guint oracle_min;

static void
test_oracle (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = g_io_channel_new_file (oracle_path, "r", &error);
  g_autofree char *line = NULL;
  Tally tally = { 0 };
  gsize length;

  g_assert_no_error (error);
  while (g_io_channel_read_line (channel, &line, &length, NULL, &error) == G_IO_STATUS_NORMAL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, line, length, &error))
        g_error ("%s: %s", oracle_path, error->message);
      if (!check_stroke (json_node_get_object (json_parser_get_root (parser)), &tally))
        tally.failures++;
      g_clear_pointer (&line, g_free);
    }
  g_assert_no_error (error);

  printf ("freehand oracle: %u strokes, %u outline points, %u strokes outside the tolerance; "
          "%u of %u coordinates not bit for bit the package's; largest difference %.3g px "
          "(stroke %u), largest relative difference above 1 px %.3g\n",
          tally.strokes, tally.points, tally.failures, tally.inexact, tally.coordinates,
          tally.max_abs, tally.max_abs_stroke, tally.max_rel);
  g_assert_cmpuint (tally.strokes, >=, oracle_min);
  g_assert_cmpuint (tally.failures, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc == 4 && g_str_equal (argv[1], "--oracle"))
    {
      oracle_path = argv[2];
      oracle_min = (guint) g_ascii_strtoull (argv[3], NULL, 10);
      g_test_add_func ("/freehand/oracle", test_oracle);
      return g_test_run ();
    }

  g_test_add_func ("/freehand/defaults", test_defaults);
  g_test_add_func ("/freehand/straight-line", test_straight_line);
  g_test_add_func ("/freehand/empty", test_empty);
  g_test_add_func ("/freehand/single-point", test_single_point);
  g_test_add_func ("/freehand/degenerate", test_degenerate);
  g_test_add_func ("/freehand/winding", test_winding);
  return g_test_run ();
}
