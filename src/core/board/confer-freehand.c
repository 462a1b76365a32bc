/* confer-freehand.c: the outline of an ink stroke, as perfect-freehand
 * computes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The algorithm is Steve Ruiz's perfect-freehand
 * (https://github.com/steveruizok/perfect-freehand, MIT), as its npm
 * package 1.2.3 implements it in getStroke() = getStrokeOutlinePoints
 * (getStrokePoints (points)). This file is written from that algorithm
 * (read in the package's src/getStrokePoints.ts, getStrokeOutlinePoints.ts,
 * simulatePressure.ts, getStrokeRadius.ts and constants.ts), not copied
 * from it, and gives the same polygon: tests/vectors/freehand-oracle.mjs
 * checks 1,500 seeded strokes against the package under node.
 *
 * Two passes:
 *
 * 1. Stroke points. Each input point is pulled towards the previous
 *    stroke point by the streamline factor t = 0.15 + 0.85 (1 − streamline)
 *    (the last one is kept as it is when the stroke is finished); points
 *    that do not move are dropped, and so are the first ones until the
 *    stroke is `size` long (noise at the start of a line). Each stroke
 *    point keeps its pressure (0.25 for a first point without one, 0.5 for
 *    the others), the unit vector back to the previous point, the distance
 *    to it and the running length. Two input points become five (the line
 *    cut in quarters, the new points without pressure), one becomes two
 *    (the second 1 px right and down).
 *
 * 2. Outline. Each stroke point gets a radius, size × easing (0.5 −
 *    thinning (0.5 − pressure)), the pressure simulated from the speed when
 *    asked (p' = min (1, p + (1 − s − p) × 0.275 s), s = min (1, distance /
 *    size), starting from an average over the first ten points), reduced by
 *    the start and end tapers (easings t (2 − t) and (t − 1)³ + 1) and at
 *    least 0.01. The left and right outline points sit a radius away,
 *    perpendicular to the direction blended with the next segment's; a
 *    point on the same side closer than size × smoothing to the last one
 *    kept is dropped. Where the stroke turns back by more than a right
 *    angle, half a circle is drawn around the point on both sides instead.
 *    Points less than 3 px before the end are skipped. The polygon is the
 *    left side, the end cap (a round cap of 1.5 turns, a flat one, or the
 *    last point when tapered), the right side backwards and the start cap
 *    (round, flat, or nothing when tapered); a stroke of one stroke point
 *    is a dot of 13 points.
 *
 * Like the package, half turns are π + 0.0001 (it fixes rendering
 * artefacts in browsers), and vector lengths are computed as V8 computes
 * Math.hypot() (scaled by the larger value, summed with compensation), so
 * that the branches that compare lengths take the same side as under
 * node; the package's arithmetic (JavaScript numbers are doubles) is
 * followed operation for operation. What is left is the last bit of a
 * sine or cosine (glibc's and V8's differ now and then): over 1,500
 * strokes the outlines differ by at most 2.3e-13 px. The sines and
 * cosines of the caps' fixed angles are computed once.
 */
#define G_LOG_DOMAIN "confer-freehand"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-freehand.h"

/* perfect-freehand 1.2.3, src/constants.ts */
#define FIXED_PI                (G_PI + 0.0001)
#define RATE_OF_PRESSURE_CHANGE 0.275
#define START_CAP_SEGMENTS      13
#define END_CAP_SEGMENTS        29
#define CORNER_CAP_SEGMENTS     13
#define END_NOISE_THRESHOLD     3.0
#define MIN_STREAMLINE_T        0.15
#define STREAMLINE_T_RANGE      0.85
#define MIN_RADIUS              0.01
#define DEFAULT_FIRST_PRESSURE  0.25
#define DEFAULT_PRESSURE        0.5

/* Excalidraw 0.18.1's freedraw elements (getFreeDrawSvgPath() in
 * packages/excalidraw/renderer/renderElement.ts). */
#define EXCALIDRAW_SIZE_PER_STROKE_WIDTH 4.25
#define EXCALIDRAW_THINNING              0.6
#define EXCALIDRAW_SMOOTHING             0.5
#define EXCALIDRAW_STREAMLINE            0.5

/* The sines and cosines of the angles one kind of cap turns through, in
 * the order the package's loop visits them. */
#define MAX_ARC_STEPS 32

typedef struct
{
  guint  n_steps;
  double cos_a[MAX_ARC_STEPS];
  double sin_a[MAX_ARC_STEPS];
  double sin_neg_a[MAX_ARC_STEPS];     /* sin (-a), for the right side */
} Arc;

typedef struct
{
  Arc corner;    /* FIXED_PI t, t = 0, 1/13, … while t ≤ 1 */
  Arc start;     /* FIXED_PI t, t = 1/13, … while t ≤ 1 */
  Arc dot;       /* 2 FIXED_PI t, t = 1/13, … while t ≤ 1 */
  Arc end;       /* 3 FIXED_PI t, t = 1/29, … while t < 1 */
} Arcs;

typedef struct
{
  double x, y;
  double pressure;
  double vx, vy;             /* unit vector to the previous stroke point */
  double distance;           /* to the previous stroke point */
  double running_length;
} StrokePoint;

/* What JavaScript's Math.min() and Math.max() give: NaN if either is
 * (fmin() and fmax() would give the other). Of a zero and a minus zero
 * they keep the second, which only changes the sign of a zero. */
static inline double
js_min (double a,
        double b)
{
  return a < b ? a : isnan (a) ? a : b;
}

static inline double
js_max (double a,
        double b)
{
  return a > b ? a : isnan (a) ? a : b;
}

/* A number as a JavaScript condition sees it. */
static inline gboolean
js_truthy (double v)
{
  return v != 0 && !isnan (v);
}

/* Math.hypot (a, b) as V8 computes it (src/builtins/math.tq): both
 * divided by the larger, squares summed with Kahan compensation (exact
 * for the first of two), square root scaled back. The larger divided by
 * itself is exactly 1, so one division does. glibc's hypot() is correctly
 * rounded and can differ in the last bit, which is enough to tip the
 * package's `runningLength < size` and distance tests. */
static inline double
js_hypot (double a,
          double b)
{
  double m, r;

  a = fabs (a);
  b = fabs (b);
  if (isinf (a) || isinf (b))
    return INFINITY;
  if (isnan (a) || isnan (b))
    return NAN;
  if (a < b)
    {
      m = b;
      r = a / b;
    }
  else if (a == 0)
    return 0;
  else
    {
      m = a;
      r = b / a;
    }
  return sqrt (1 + r * r) * m;
}

static void
arc_init (Arc      *arc,
          double    step,
          double    scale,
          double    from,
          gboolean  to_one_included)
{
  arc->n_steps = 0;
  for (double t = from; to_one_included ? t <= 1 : t < 1; t += step)
    {
      double a = FIXED_PI * scale * t;
      double neg = FIXED_PI * scale * -t;

      g_assert (arc->n_steps < MAX_ARC_STEPS);
      arc->cos_a[arc->n_steps] = cos (a);
      arc->sin_a[arc->n_steps] = sin (a);
      arc->sin_neg_a[arc->n_steps] = sin (neg);
      arc->n_steps++;
    }
}

static const Arcs *
get_arcs (void)
{
  static Arcs arcs;
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* The package writes FIXED_PI * t for corners and start caps,
       * FIXED_PI * 2 * t for dots and FIXED_PI * 3 * t for end caps:
       * (FIXED_PI × scale) × t, with scale 1 exact either way. */
      arc_init (&arcs.corner, 1.0 / CORNER_CAP_SEGMENTS, 1, 0, TRUE);
      arc_init (&arcs.start, 1.0 / START_CAP_SEGMENTS, 1, 1.0 / START_CAP_SEGMENTS, TRUE);
      arc_init (&arcs.dot, 1.0 / START_CAP_SEGMENTS, 2, 1.0 / START_CAP_SEGMENTS, TRUE);
      arc_init (&arcs.end, 1.0 / END_CAP_SEGMENTS, 3, 1.0 / END_CAP_SEGMENTS, FALSE);
      g_once_init_leave (&done, 1);
    }
  return &arcs;
}

/* Rotates (x, y) around (cx, cy) by the arc's step'th angle, the other
 * way when @negative; appends the result to @out. */
static inline double *
push_rotated (double     *out,
              double      x,
              double      y,
              double      cx,
              double      cy,
              const Arc  *arc,
              guint       step,
              gboolean    negative)
{
  double c = arc->cos_a[step];
  double s = negative ? arc->sin_neg_a[step] : arc->sin_a[step];
  double px = x - cx;
  double py = y - cy;

  out[0] = (px * c - py * s) + cx;
  out[1] = (px * s + py * c) + cy;
  return out + 2;
}

static inline double
ease (ConferFreehandEasing easing,
      double               t)
{
  if (easing == CONFER_FREEHAND_EASING_SINE_OUT)
    return sin (t * G_PI / 2);
  return t;
}

/* getStrokeRadius() */
static inline double
stroke_radius (const ConferFreehandOptions *options,
               double                       pressure)
{
  return options->size * ease (options->easing, 0.5 - options->thinning * (0.5 - pressure));
}

/* simulatePressure() */
static inline double
simulate_pressure (double previous,
                   double distance,
                   double size)
{
  double sp = js_min (1, distance / size);
  double rp = js_min (1, 1 - sp);

  return js_min (1, previous + (rp - previous) * (sp * RATE_OF_PRESSURE_CHANGE));
}

static inline double
taper_distance (double taper,
                double size,
                double total_length)
{
  if (taper < 0)
    return js_max (size, total_length);
  return taper;
}

/* getStrokePoints(): fills @out (room for MAX (n_points, 5)) and returns
 * how many it made. @pressures holds -1 (or anything not ≥ 0) where a
 * point has none. */
static guint
make_stroke_points (const double                *points,
                    const double                *pressures,
                    guint                        n_points,
                    const ConferFreehandOptions *options,
                    StrokePoint                 *out)
{
  double t = MIN_STREAMLINE_T + (1 - options->streamline) * STREAMLINE_T_RANGE;
  double expanded_points[10];
  double expanded_pressures[5];
  double running_length = 0;
  gboolean reached_minimum = FALSE;
  StrokePoint *prev;
  guint n = 1;
  guint max;

  g_assert (n_points > 0);

  if (n_points == 2)
    {
      /* Three more points on the line, so that a short tapered stroke
       * does not look like a dash. lrp() keeps no pressure. */
      expanded_points[0] = points[0];
      expanded_points[1] = points[1];
      expanded_pressures[0] = pressures != NULL ? pressures[0] : -1;
      for (guint i = 1; i < 5; i++)
        {
          double f = i / 4.0;

          expanded_points[2 * i] = points[0] + (points[2] - points[0]) * f;
          expanded_points[2 * i + 1] = points[1] + (points[3] - points[1]) * f;
          expanded_pressures[i] = -1;
        }
      points = expanded_points;
      pressures = expanded_pressures;
      n_points = 5;
    }
  else if (n_points == 1)
    {
      /* A second point 1 px right and down, with the first's pressure. */
      expanded_points[0] = points[0];
      expanded_points[1] = points[1];
      expanded_points[2] = points[0] + 1;
      expanded_points[3] = points[1] + 1;
      expanded_pressures[0] = expanded_pressures[1] = pressures != NULL ? pressures[0] : -1;
      points = expanded_points;
      pressures = expanded_pressures;
      n_points = 2;
    }

  out[0] = (StrokePoint) {
    .x = points[0],
    .y = points[1],
    .pressure = pressures != NULL && pressures[0] >= 0 ? pressures[0] : DEFAULT_FIRST_PRESSURE,
    .vx = 1,
    .vy = 1,
  };
  prev = &out[0];
  max = n_points - 1;

  for (guint i = 1; i < n_points; i++)
    {
      double x, y, distance, dx, dy;

      if (options->last && i == max)
        {
          x = points[2 * i];
          y = points[2 * i + 1];
        }
      else
        {
          x = prev->x + (points[2 * i] - prev->x) * t;
          y = prev->y + (points[2 * i + 1] - prev->y) * t;
        }
      if (x == prev->x && y == prev->y)
        continue;

      distance = js_hypot (y - prev->y, x - prev->x);
      running_length += distance;
      /* Wait for the line to be `size` long before the first point, but
       * keep counting the length as the package does. */
      if (i < max && !reached_minimum)
        {
          if (running_length < options->size)
            continue;
          reached_minimum = TRUE;
        }

      /* The vector's length is the distance: the same differences,
       * negated. */
      dx = prev->x - x;
      dy = prev->y - y;
      out[n] = (StrokePoint) {
        .x = x,
        .y = y,
        .pressure = pressures != NULL && pressures[i] >= 0 ? pressures[i] : DEFAULT_PRESSURE,
        .vx = dx / distance,
        .vy = dy / distance,
        .distance = distance,
        .running_length = running_length,
      };
      prev = &out[n++];
    }

  if (n > 1)
    {
      out[0].vx = out[1].vx;
      out[0].vy = out[1].vy;
    }
  else
    {
      out[0].vx = 0;
      out[0].vy = 0;
    }
  return n;
}

/* getStrokeOutlinePoints() */
static GArray *
outline (const StrokePoint           *sp,
         guint                        n,
         const ConferFreehandOptions *options,
         double                      *left,
         double                      *right)
{
  const Arcs *arcs = get_arcs ();
  double size = options->size;
  double total_length = sp[n - 1].running_length;
  double taper_start = taper_distance (options->start_taper, size, total_length);
  double taper_end = taper_distance (options->end_taper, size, total_length);
  gboolean tapered = js_truthy (taper_start) || js_truthy (taper_end);
  double min_distance = (size * options->smoothing) * (size * options->smoothing);
  gboolean thinning = js_truthy (options->thinning);
  double prev_pressure, radius, first_radius = 0;
  gboolean have_first_radius = FALSE;
  double prev_vx, prev_vy;
  double prev_left_x, prev_left_y, prev_right_x, prev_right_y;
  gboolean prev_sharp = FALSE;
  double *l = left, *r = right;
  double end_cap[2 * MAX_ARC_STEPS], start_cap[2 * MAX_ARC_STEPS];
  double *ec = end_cap, *sc = start_cap;
  GArray *result;
  double *o;
  gsize n_left, n_right, n_end, n_start;

  /* The starting pressure: an average over the first ten points, so
   * that a line does not start fat (drawn lines start slowly). */
  prev_pressure = sp[0].pressure;
  for (guint i = 0; i < MIN (n, 10); i++)
    {
      double p = sp[i].pressure;

      if (options->simulate_pressure)
        p = simulate_pressure (prev_pressure, sp[i].distance, size);
      prev_pressure = (prev_pressure + p) / 2;
    }

  radius = stroke_radius (options, sp[n - 1].pressure);
  prev_vx = sp[0].vx;
  prev_vy = sp[0].vy;
  prev_left_x = prev_right_x = sp[0].x;
  prev_left_y = prev_right_y = sp[0].y;

  for (guint i = 0; i < n; i++)
    {
      const StrokePoint *p = &sp[i];
      gboolean is_last = i == n - 1;
      double pressure = p->pressure;
      double taper_start_strength, taper_end_strength;
      double next_vx, next_vy, next_dpr, prev_dpr;
      gboolean sharp, next_sharp;
      double ox, oy;

      /* Noise at the end of the line. */
      if (!is_last && total_length - p->running_length < END_NOISE_THRESHOLD)
        continue;

      if (thinning)
        {
          if (options->simulate_pressure)
            pressure = simulate_pressure (prev_pressure, p->distance, size);
          radius = stroke_radius (options, pressure);
        }
      else
        radius = size / 2;

      if (!have_first_radius)
        {
          first_radius = radius;
          have_first_radius = TRUE;
        }

      taper_start_strength = p->running_length < taper_start
        ? (p->running_length / taper_start) * (2 - p->running_length / taper_start)
        : 1;
      if (total_length - p->running_length < taper_end)
        {
          double t = (total_length - p->running_length) / taper_end - 1;

          taper_end_strength = t * t * t + 1;
        }
      else
        taper_end_strength = 1;
      radius = js_max (MIN_RADIUS, radius * js_min (taper_start_strength, taper_end_strength));

      next_vx = is_last ? p->vx : sp[i + 1].vx;
      next_vy = is_last ? p->vy : sp[i + 1].vy;
      next_dpr = is_last ? 1.0 : p->vx * next_vx + p->vy * next_vy;
      prev_dpr = p->vx * prev_vx + p->vy * prev_vy;
      sharp = prev_dpr < 0 && !prev_sharp;
      next_sharp = next_dpr < 0;

      if (sharp || next_sharp)
        {
          /* A sharp corner: half a circle on each side, from the previous
           * direction's perpendicular. */
          ox = prev_vy * radius;
          oy = -prev_vx * radius;
          for (guint s = 0; s < arcs->corner.n_steps; s++)
            {
              l = push_rotated (l, p->x - ox, p->y - oy, p->x, p->y, &arcs->corner, s, FALSE);
              r = push_rotated (r, p->x + ox, p->y + oy, p->x, p->y, &arcs->corner, s, TRUE);
            }
          prev_left_x = l[-2];
          prev_left_y = l[-1];
          prev_right_x = r[-2];
          prev_right_y = r[-1];
          if (next_sharp)
            prev_sharp = TRUE;
          continue;
        }
      prev_sharp = FALSE;

      if (is_last)
        {
          ox = p->vy * radius;
          oy = -p->vx * radius;
          *l++ = p->x - ox;
          *l++ = p->y - oy;
          *r++ = p->x + ox;
          *r++ = p->y + oy;
          continue;
        }

      /* Perpendicular to the direction blended with the next one. */
      {
        double bx = next_vx + (p->vx - next_vx) * next_dpr;
        double by = next_vy + (p->vy - next_vy) * next_dpr;
        double x, y;

        ox = by * radius;
        oy = -bx * radius;

        x = p->x - ox;
        y = p->y - oy;
        if (i <= 1 || (prev_left_x - x) * (prev_left_x - x) + (prev_left_y - y) * (prev_left_y - y) > min_distance)
          {
            *l++ = prev_left_x = x;
            *l++ = prev_left_y = y;
          }
        x = p->x + ox;
        y = p->y + oy;
        if (i <= 1 || (prev_right_x - x) * (prev_right_x - x) + (prev_right_y - y) * (prev_right_y - y) > min_distance)
          {
            *r++ = prev_right_x = x;
            *r++ = prev_right_y = y;
          }
      }

      prev_pressure = pressure;
      prev_vx = p->vx;
      prev_vy = p->vy;
    }

  if (n == 1)
    {
      if (!tapered || options->last)
        {
          /* A dot: 13 points around the point, from the perpendicular of
           * (-1, -1) (as far as rounding leaves it that). */
          double cx = sp[0].x, cy = sp[0].y;
          double dx = cx - (cx + 1), dy = cy - (cy + 1);
          double ux = dy, uy = -dx;
          double length = js_hypot (ux, uy);
          double dot_radius = have_first_radius && js_truthy (first_radius) ? first_radius : radius;
          double sx = cx + (ux / length) * -dot_radius;
          double sy = cy + (uy / length) * -dot_radius;

          result = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * arcs->dot.n_steps);
          g_array_set_size (result, 2 * arcs->dot.n_steps);
          o = (double *) (void *) result->data;
          for (guint s = 0; s < arcs->dot.n_steps; s++)
            o = push_rotated (o, sx, sy, cx, cy, &arcs->dot, s, FALSE);
          return result;
        }
    }
  else
    {
      double first_x = sp[0].x, first_y = sp[0].y;
      double last_x = sp[n - 1].x, last_y = sp[n - 1].y;
      /* per (neg (vector)) of the last point */
      double dir_x = -sp[n - 1].vy, dir_y = sp[n - 1].vx;

      if (js_truthy (taper_start))
        ;
      else if (options->start_cap)
        {
          for (guint s = 0; s < arcs->start.n_steps; s++)
            sc = push_rotated (sc, right[0], right[1], first_x, first_y, &arcs->start, s, FALSE);
        }
      else
        {
          double hx = (left[0] - right[0]) * 0.5, hy = (left[1] - right[1]) * 0.5;
          double wx = (left[0] - right[0]) * 0.51, wy = (left[1] - right[1]) * 0.51;

          *sc++ = first_x - hx;
          *sc++ = first_y - hy;
          *sc++ = first_x - wx;
          *sc++ = first_y - wy;
          *sc++ = first_x + wx;
          *sc++ = first_y + wy;
          *sc++ = first_x + hx;
          *sc++ = first_y + hy;
        }

      if (js_truthy (taper_end))
        {
          *ec++ = last_x;
          *ec++ = last_y;
        }
      else if (options->end_cap)
        {
          double sx = last_x + dir_x * radius, sy = last_y + dir_y * radius;

          for (guint s = 0; s < arcs->end.n_steps; s++)
            ec = push_rotated (ec, sx, sy, last_x, last_y, &arcs->end, s, FALSE);
        }
      else
        {
          double near = radius * 0.99;

          *ec++ = last_x + dir_x * radius;
          *ec++ = last_y + dir_y * radius;
          *ec++ = last_x + dir_x * near;
          *ec++ = last_y + dir_y * near;
          *ec++ = last_x - dir_x * near;
          *ec++ = last_y - dir_y * near;
          *ec++ = last_x - dir_x * radius;
          *ec++ = last_y - dir_y * radius;
        }
    }

  /* Left side, end cap, right side backwards, start cap. */
  n_left = l - left;
  n_right = r - right;
  n_end = ec - end_cap;
  n_start = sc - start_cap;
  result = g_array_sized_new (FALSE, FALSE, sizeof (double), n_left + n_end + n_right + n_start);
  g_array_set_size (result, n_left + n_end + n_right + n_start);
  o = (double *) (void *) result->data;
  memcpy (o, left, n_left * sizeof (double));
  o += n_left;
  memcpy (o, end_cap, n_end * sizeof (double));
  o += n_end;
  for (gsize k = n_right; k > 0; k -= 2)
    {
      *o++ = right[k - 2];
      *o++ = right[k - 1];
    }
  memcpy (o, start_cap, n_start * sizeof (double));
  return result;
}

/* Room for one outline's working data, kept per thread up to
 * MAX_KEPT_SCRATCH bytes: two allocations fewer per stroke (malloc and
 * free took a sixth of the time of 50-point strokes). */
#define MAX_KEPT_SCRATCH (256 * 1024)

typedef struct
{
  gsize  size;
  double data[];
} Scratch;

static GPrivate scratch_key = G_PRIVATE_INIT (g_free);

static void *
get_scratch (gsize   size,
             void  **own)
{
  Scratch *scratch;

  if (size > MAX_KEPT_SCRATCH)
    return *own = g_malloc (size);

  scratch = g_private_get (&scratch_key);
  if (scratch == NULL || scratch->size < size)
    {
      gsize kept = MAX (size, 16 * 1024);

      scratch = g_malloc (sizeof (Scratch) + kept);
      scratch->size = kept;
      g_private_replace (&scratch_key, scratch);
    }
  return scratch->data;
}

/**
 * confer_freehand_options_init:
 * @options: (out caller-allocates): the options to set
 *
 * Sets @options to the defaults of perfect-freehand 1.2.3's `getStroke()`:
 * size 16 px, thinning 0.5, smoothing 0.5, streamline 0.5, linear easing,
 * simulated pressure, no tapers, round caps at both ends, and a stroke
 * still being drawn (`last: false`).
 */
void
confer_freehand_options_init (ConferFreehandOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (ConferFreehandOptions) {
    .size = 16,
    .thinning = 0.5,
    .smoothing = 0.5,
    .streamline = 0.5,
    .easing = CONFER_FREEHAND_EASING_LINEAR,
    .simulate_pressure = TRUE,
    .start_taper = 0,
    .start_cap = TRUE,
    .end_taper = 0,
    .end_cap = TRUE,
    .last = FALSE,
  };
}

/**
 * confer_freehand_options_for_element:
 * @options: (out caller-allocates): the options to set
 * @stroke_width: the freedraw element's `strokeWidth`, scene px (Excalidraw
 *   offers 1, 2 and 4), more than 0
 * @simulate_pressure: the element's `simulatePressure`: %TRUE for a stroke
 *   drawn with a mouse, %FALSE for one with the pen's `pressures`
 *
 * Sets @options to what Excalidraw 0.18.1 passes to `getStroke()` to draw a
 * freedraw element (getFreeDrawSvgPath() in its renderer): size
 * @stroke_width × 4.25, thinning 0.6, smoothing 0.5, streamline 0.5, sine-out
 * easing (sin (t π / 2)), the element's @simulate_pressure, no tapers, round
 * caps, and `last` %TRUE, as for an element whose `lastCommittedPoint` is
 * set (every finished stroke; set it to %FALSE while the pointer is still
 * down).
 *
 * To draw an element as Excalidraw does, pass its points to
 * confer_freehand_outline() with %NULL pressures when @simulate_pressure is
 * %TRUE (Excalidraw drops them then), with its `pressures` otherwise, and
 * the single point (0, 0) with pressure 0.5 for an element without points.
 *
 * Excalidraw 0.18.1 pins perfect-freehand 1.2.0, whose getStroke() gave
 * the same outlines as 1.2.3, to the bit, on all the oracle's 1,500
 * strokes (tests/vectors/freehand-oracle.mjs).
 */
void
confer_freehand_options_for_element (ConferFreehandOptions *options,
                                     double                 stroke_width,
                                     gboolean               simulate_pressure)
{
  g_return_if_fail (options != NULL);

  confer_freehand_options_init (options);
  options->size = stroke_width * EXCALIDRAW_SIZE_PER_STROKE_WIDTH;
  options->thinning = EXCALIDRAW_THINNING;
  options->smoothing = EXCALIDRAW_SMOOTHING;
  options->streamline = EXCALIDRAW_STREAMLINE;
  options->easing = CONFER_FREEHAND_EASING_SINE_OUT;
  options->simulate_pressure = simulate_pressure;
  options->last = TRUE;
}

/**
 * confer_freehand_outline:
 * @points: (array) (nullable): the stroke's input points as x0, y0, x1,
 *   y1, …, in scene px, finite (2 × @n_points doubles; %NULL only when
 *   @n_points is 0)
 * @pressures: (array length=n_points) (nullable): the pen's pressure at
 *   each point, 0 to 1, or %NULL for none (then the first point counts as
 *   0.25 and the others as 0.5, as in the package); a negative or NaN
 *   pressure counts as none
 * @n_points: how many points, 0 or more
 * @options: the options, set by confer_freehand_options_init() or
 *   confer_freehand_options_for_element() and then changed as needed
 *
 * Computes the polygon around an ink stroke as `getStroke (points,
 * options)` of perfect-freehand 1.2.3 (Steve Ruiz,
 * https://github.com/steveruizok/perfect-freehand) does: the input points
 * smoothed by @options->streamline, the width from the real or simulated
 * pressure through thinning and easing, the outline's points thinned out by
 * smoothing, the start and end tapers with the package's own easings, round
 * or flat caps, half circles at sharp corners, and a dot for a stroke that
 * never moves. The polygon is closed implicitly (its last point joins its
 * first); Excalidraw draws it as quadratic curves through the midpoints of
 * its edges.
 *
 * The result equals the package's under node to rounding (the sines and
 * cosines of glibc and V8 may differ in the last bit). It is empty for no
 * points or a size that is not more than 0 (the package gives NaNs for a
 * NaN size). What infinite or NaN coordinates give is unspecified.
 *
 * Returns: (transfer full) (element-type double): the outline as x0, y0,
 *   x1, y1, … in scene px, never %NULL; free with g_array_unref()
 */
GArray *
confer_freehand_outline (const double                *points,
                         const double                *pressures,
                         guint                        n_points,
                         const ConferFreehandOptions *options)
{
  g_autofree void *own_scratch = NULL;
  StrokePoint *stroke_points;
  double *sides;
  gsize side_length, n_max;
  guint n;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (n_points == 0 || !(options->size > 0))
    return g_array_new (FALSE, FALSE, sizeof (double));

  /* The stroke points, then the two sides: at most a corner's half
   * circle per stroke point on each side. */
  n_max = MAX (n_points, 5);
  side_length = n_max * 2 * get_arcs ()->corner.n_steps;
  stroke_points = get_scratch (n_max * sizeof (StrokePoint) + 2 * side_length * sizeof (double), &own_scratch);
  sides = (double *) (void *) (stroke_points + n_max);

  n = make_stroke_points (points, pressures, n_points, options, stroke_points);
  return outline (stroke_points, n, options, sides, sides + side_length);
}
