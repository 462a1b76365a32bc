/* confer-render-rough.c: hand-sketched paths, seeded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Excalidraw draws its shapes with rough.js, whose look is a pen that
 * overshoots a little, bows its lines and goes round twice. This is
 * Confer's own pen with that look (not a port of rough.js): a line is one
 * or two cubic Béziers whose ends and control points stray by an amount
 * that grows with the roughness and the line's length, up to a cap; an
 * ellipse is a closed Catmull-Rom curve through points jittered off the
 * true ellipse, going a little past its start. Randomness comes from a
 * xorshift32 generator seeded by the element's `seed`, so an element
 * looks the same on every redraw and every machine.
 */
#define G_LOG_DOMAIN "confer-render-rough"

#include "config.h"

#include <math.h>

#include "confer-render-rough.h"

/**
 * confer_rough_init:
 * @rough: a pen
 * @seed: the element's `seed`
 * @roughness: how far strokes stray (0 draws crisp, exact geometry)
 * @multi_stroke: whether outlines are drawn twice (Excalidraw draws
 *   dashed and dotted strokes once)
 *
 * Readies a pen. The generator is xorshift32 (G. Marsaglia, “Xorshift
 * RNGs”, Journal of Statistical Software 8 (14), 2003), its state the
 * seed mixed with a golden-ratio constant so that seed 0 works too.
 */
void
confer_rough_init (ConferRough *rough,
                   guint32      seed,
                   double       roughness,
                   gboolean     multi_stroke)
{
  guint32 state = seed * 0x9e3779b9u + 0x7f4a7c15u;

  rough->state = state != 0 ? state : 0x6d2b79f5u;
  rough->roughness = MAX (roughness, 0);
  rough->multi_stroke = multi_stroke && roughness > 0;
  /* The first outputs of a small seed are still small: stir. */
  for (int i = 0; i < 4; i++)
    confer_rough_random (rough);
}

/**
 * confer_rough_random:
 * @rough: a pen
 *
 * Returns: the generator's next number, in [0, 1)
 */
double
confer_rough_random (ConferRough *rough)
{
  guint32 x = rough->state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  rough->state = x;
  return x / 4294967296.0;
}

/* A number in [-1, 1). */
static double
wobble (ConferRough *rough)
{
  return confer_rough_random (rough) * 2 - 1;
}

/**
 * confer_rough_adjust:
 * @roughness: the element's `roughness`
 * @width: its width, scene px
 * @height: its height, scene px
 * @linear: whether it is a line or arrow
 *
 * Small shapes drawn at full roughness are scribbles; Excalidraw tones the
 * roughness of small elements down, and so does Confer: below 15 px (20 px
 * by 50 px for boxes, 50 px long for lines) the roughness is halved, and
 * a third of it under 10 px, at most 2.5.
 *
 * Returns: the roughness to draw with
 */
double
confer_rough_adjust (double   roughness,
                     double   width,
                     double   height,
                     gboolean linear)
{
  double max_size = MAX (fabs (width), fabs (height));
  double min_size = MIN (fabs (width), fabs (height));

  if ((min_size >= 20 && max_size >= 50) || min_size >= 15 || (linear && max_size >= 50))
    return roughness;
  return MIN (roughness / (max_size < 10 ? 3 : 2), 2.5);
}

/* How much a line of length @len strays: long lines stray less for their
 * length, and no line by more than a few px per unit of roughness. */
static double
stray (ConferRough *rough,
       double       len)
{
  double gain = len < 200 ? 1 : len > 500 ? 0.4 : 1 - 0.6 * (len - 200) / 300;

  return rough->roughness * gain * MIN (len / 10, 2.0);
}

static void
one_stroke (ConferRough *rough,
            cairo_t     *cr,
            double       x1,
            double       y1,
            double       x2,
            double       y2,
            double       amount)
{
  double dx = x2 - x1, dy = y2 - y1;
  double len = hypot (dx, dy);
  double nx = len > 0 ? -dy / len : 0, ny = len > 0 ? dx / len : 0;
  /* A bow: both control points pushed to the same side. */
  double bow = wobble (rough) * rough->roughness * MIN (len * 0.015, 3.0);
  double t1 = 0.2 + 0.2 * confer_rough_random (rough);
  double t2 = 0.55 + 0.25 * confer_rough_random (rough);
  double a = amount / 2;

  cairo_move_to (cr, x1 + wobble (rough) * a, y1 + wobble (rough) * a);
  cairo_curve_to (cr,
                  x1 + dx * t1 + nx * bow + wobble (rough) * a,
                  y1 + dy * t1 + ny * bow + wobble (rough) * a,
                  x1 + dx * t2 + nx * bow + wobble (rough) * a,
                  y1 + dy * t2 + ny * bow + wobble (rough) * a,
                  x2 + wobble (rough) * amount,
                  y2 + wobble (rough) * amount);
}

/**
 * confer_rough_line:
 * @rough: a pen
 * @cr: where the path goes (a new sub-path per stroke)
 * @x1: start, x
 * @y1: start, y
 * @x2: end, x
 * @y2: end, y
 *
 * Adds a sketched line to @cr's path: once or twice (see #ConferRough),
 * the second pass straying differently; exactly the line when the
 * roughness is 0.
 */
void
confer_rough_line (ConferRough *rough,
                   cairo_t     *cr,
                   double       x1,
                   double       y1,
                   double       x2,
                   double       y2)
{
  double amount;

  if (rough->roughness <= 0)
    {
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x2, y2);
      return;
    }
  amount = stray (rough, hypot (x2 - x1, y2 - y1));
  one_stroke (rough, cr, x1, y1, x2, y2, amount);
  if (rough->multi_stroke)
    one_stroke (rough, cr, x1, y1, x2, y2, amount * 1.2);
}

/**
 * confer_rough_polyline:
 * @rough: a pen
 * @cr: where the path goes
 * @xy: (array): points as x0, y0, x1, y1…
 * @n: how many points
 * @closed: whether the last point joins the first
 *
 * Adds a sketched polyline, each segment a confer_rough_line() (one
 * connected path when the roughness is 0).
 */
void
confer_rough_polyline (ConferRough  *rough,
                       cairo_t      *cr,
                       const double *xy,
                       guint         n,
                       gboolean      closed)
{
  if (n < 2)
    return;
  if (rough->roughness <= 0)
    {
      cairo_move_to (cr, xy[0], xy[1]);
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
      if (closed)
        cairo_close_path (cr);
      return;
    }
  for (guint i = 0; i + 1 < n; i++)
    confer_rough_line (rough, cr, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]);
  if (closed)
    confer_rough_line (rough, cr, xy[2 * n - 2], xy[2 * n - 1], xy[0], xy[1]);
}

/* Point @i of @n, wrapping round a closed curve, held at the ends of an
 * open one. */
static guint
point_index (int      i,
             guint    n,
             gboolean closed)
{
  if (closed)
    return (guint) ((i % (int) n + (int) n) % (int) n);
  return (guint) CLAMP (i, 0, (int) n - 1);
}

/**
 * confer_smooth_curve:
 * @cr: where the path goes
 * @xy: (array): points as x0, y0, x1, y1…
 * @n: how many points
 * @closed: whether the curve comes back to the first point
 * @move: start a new sub-path (otherwise the curve goes on from @cr's
 *   current point, with a line to the first point)
 *
 * Adds the Catmull-Rom spline through the points, as cubic Béziers (each
 * segment's control points a sixth of its neighbours' chord away: E.
 * Catmull and R. Rom, “A class of local interpolating splines”, 1974).
 */
void
confer_smooth_curve (cairo_t      *cr,
                     const double *xy,
                     guint         n,
                     gboolean      closed,
                     gboolean      move)
{
#define P(i) point_index ((int) (i), n, closed)
  if (n == 0)
    return;
  if (move)
    cairo_move_to (cr, xy[0], xy[1]);
  else
    cairo_line_to (cr, xy[0], xy[1]);
  for (guint i = 0; i + 1 < n + (closed ? 1 : 0); i++)
    {
      guint p0 = P ((int) i - 1), p1 = P (i), p2 = P (i + 1), p3 = P (i + 2);

      cairo_curve_to (cr,
                      xy[2 * p1] + (xy[2 * p2] - xy[2 * p0]) / 6,
                      xy[2 * p1 + 1] + (xy[2 * p2 + 1] - xy[2 * p0 + 1]) / 6,
                      xy[2 * p2] - (xy[2 * p3] - xy[2 * p1]) / 6,
                      xy[2 * p2 + 1] - (xy[2 * p3 + 1] - xy[2 * p1 + 1]) / 6,
                      xy[2 * p2], xy[2 * p2 + 1]);
    }
  if (closed)
    cairo_close_path (cr);
#undef P
}

/**
 * confer_rough_curve:
 * @rough: a pen
 * @cr: where the path goes
 * @xy: (array): points as x0, y0, x1, y1…
 * @n: how many points
 * @closed: whether the curve closes
 *
 * Adds a sketched smooth curve through the points (a line's `roundness`):
 * the spline through them, each pass through points jittered by up to a
 * px or two per unit of roughness.
 */
void
confer_rough_curve (ConferRough  *rough,
                    cairo_t      *cr,
                    const double *xy,
                    guint         n,
                    gboolean      closed)
{
  g_autofree double *moved = NULL;
  guint passes = rough->multi_stroke ? 2 : 1;

  if (rough->roughness <= 0 || n < 2)
    {
      confer_smooth_curve (cr, xy, n, closed, TRUE);
      return;
    }
  moved = g_new (double, 2 * n);
  for (guint pass = 0; pass < passes; pass++)
    {
      double amount = rough->roughness * (pass == 0 ? 1.0 : 1.5);

      for (guint i = 0; i < 2 * n; i++)
        moved[i] = xy[i] + wobble (rough) * amount;
      confer_smooth_curve (cr, moved, n, closed, TRUE);
    }
}

static void
ellipse_pass (ConferRough *rough,
              cairo_t     *cr,
              double       cx,
              double       cy,
              double       rx,
              double       ry,
              double       amount,
              double       overshoot)
{
  double perimeter = 2 * G_PI * sqrt ((rx * rx + ry * ry) / 2);
  guint n = CLAMP ((guint) ceil (perimeter / 24), 10, 90);
  double start = confer_rough_random (rough) * 2 * G_PI;
  double step = 2 * G_PI / n;
  guint m = n + 1 + (guint) ceil (overshoot / step);
  g_autofree double *xy = g_new (double, 2 * m);

  for (guint i = 0; i < m; i++)
    {
      double t = start + i * step + wobble (rough) * step * 0.1;
      double r = 1 + wobble (rough) * amount / MAX (MIN (rx, ry), 1);

      if (i * step > 2 * G_PI + overshoot)
        t = start + 2 * G_PI + overshoot;
      xy[2 * i] = cx + rx * r * cos (t);
      xy[2 * i + 1] = cy + ry * r * sin (t);
    }
  confer_smooth_curve (cr, xy, m, FALSE, TRUE);
}

/**
 * confer_rough_ellipse:
 * @rough: a pen
 * @cr: where the path goes
 * @cx: centre, x
 * @cy: centre, y
 * @rx: horizontal radius
 * @ry: vertical radius
 *
 * Adds a sketched ellipse: once or twice round, through points off the
 * true ellipse, ending a little past the start; the exact ellipse when
 * the roughness is 0.
 */
void
confer_rough_ellipse (ConferRough *rough,
                      cairo_t     *cr,
                      double       cx,
                      double       cy,
                      double       rx,
                      double       ry)
{
  double amount;

  rx = fabs (rx);
  ry = fabs (ry);
  if (rough->roughness <= 0 || rx < 0.5 || ry < 0.5)
    {
      cairo_new_sub_path (cr);
      cairo_save (cr);
      cairo_translate (cr, cx, cy);
      cairo_scale (cr, MAX (rx, 1e-3), MAX (ry, 1e-3));
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_close_path (cr);
      return;
    }
  amount = rough->roughness * MIN (MIN (rx, ry) * 0.02 + 0.5, 1.8);
  ellipse_pass (rough, cr, cx, cy, rx, ry, amount, 0.25 + 0.35 * confer_rough_random (rough));
  if (rough->multi_stroke)
    ellipse_pass (rough, cr, cx, cy, rx, ry, amount * 1.2, 0.1 + 0.2 * confer_rough_random (rough));
}

/**
 * confer_rough_ellipse_fill:
 * @rough: a pen
 * @cr: where the path goes
 * @cx: centre, x
 * @cy: centre, y
 * @rx: horizontal radius
 * @ry: vertical radius
 *
 * Adds the area a solid fill of a sketched ellipse covers: one closed
 * pass, slightly off the true ellipse (the exact one at roughness 0).
 */
void
confer_rough_ellipse_fill (ConferRough *rough,
                           cairo_t     *cr,
                           double       cx,
                           double       cy,
                           double       rx,
                           double       ry)
{
  ConferRough once = *rough;
  double perimeter, step, start;
  guint n;
  g_autofree double *xy = NULL;

  rx = fabs (rx);
  ry = fabs (ry);
  if (rough->roughness <= 0 || rx < 0.5 || ry < 0.5)
    {
      once.roughness = 0;
      confer_rough_ellipse (&once, cr, cx, cy, rx, ry);
      return;
    }
  perimeter = 2 * G_PI * sqrt ((rx * rx + ry * ry) / 2);
  n = CLAMP ((guint) ceil (perimeter / 24), 10, 90);
  step = 2 * G_PI / n;
  start = confer_rough_random (rough) * 2 * G_PI;
  xy = g_new (double, 2 * n);
  for (guint i = 0; i < n; i++)
    {
      double r = 1 + wobble (rough) * rough->roughness * 0.6 / MAX (MIN (rx, ry), 1);

      xy[2 * i] = cx + rx * r * cos (start + i * step);
      xy[2 * i + 1] = cy + ry * r * sin (start + i * step);
    }
  confer_smooth_curve (cr, xy, n, TRUE, TRUE);
}

/**
 * confer_rough_polygon_fill:
 * @rough: a pen
 * @cr: where the path goes
 * @xy: (array): the corners as x0, y0, x1, y1…
 * @n: how many corners
 *
 * Adds the area a solid fill of a sketched polygon covers: the polygon
 * with its corners moved by up to a px per unit of roughness.
 */
void
confer_rough_polygon_fill (ConferRough  *rough,
                           cairo_t      *cr,
                           const double *xy,
                           guint         n)
{
  double amount = MIN (rough->roughness, 3.0);

  if (n == 0)
    return;
  cairo_move_to (cr, xy[0] + wobble (rough) * amount, xy[1] + wobble (rough) * amount);
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, xy[2 * i] + wobble (rough) * amount, xy[2 * i + 1] + wobble (rough) * amount);
  cairo_close_path (cr);
}
