/* confer-render-freedraw.c: ink strokes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-freedraw"

#include "config.h"

#include <math.h>

#include "confer-freehand.h"
#include "confer-render-board.h"
#include "confer-render-private.h"

/**
 * confer_render_freedraw_size:
 * @element: a freedraw element
 *
 * Returns: how wide its ink can get, scene px (perfect-freehand's `size`
 *   as Excalidraw sets it: 4.25 × `strokeWidth`)
 */
double
confer_render_freedraw_size (const ConferBoardElement *element)
{
  ConferFreehandOptions options;

  confer_freehand_options_for_element (&options, MAX (confer_board_element_get_number (element, CONFER_BOARD_PROP_STROKE_WIDTH), 0.1), TRUE);
  return options.size;
}

/* How far, in device units (pixels of an image, points of a PDF), the
 * drawn outline may be from Excalidraw's curves: a quarter of a pixel,
 * Skia's default tolerance for flattening paths (GrPathUtils'
 * kDefaultTolerance), 0.09 mm on paper. Half of it goes to flattening
 * the curves, half to dropping points on straight runs. Against Cairo's
 * own 0.1, outlines have 37 % fewer points: exporting 50,000 strokes to
 * PNG costs 14 % less CPU, and 10,000 to PDF a third less time
 * (docs/benchmarks.md); on the 10,000 strokes' image no pixel moves
 * by a quarter of its range (PSNR 53 dB), and of the PDF rasterised at
 * 4×, 18 pixels in 1.4 million by half. */
#define OUTLINE_TOLERANCE 0.25
/* A vector file's outline points are put on a grid of an eighth of a
 * device unit, which prints them in fewer digits: an SVG of 10,000 strokes
 * is a third smaller, a PDF a tenth. A point moves by at most 0.09, so a
 * vector outline is within 0.34 device units of Excalidraw's curves: off
 * by under a pixel zoomed in 2×, and by a twentieth of a millimetre on
 * paper. */
#define VECTOR_GRID 8.0

/* Whether the points of @xy from @from to @to (x, y pairs) are all within
 * @tolerance of the line from the first to the last. */
static gboolean
is_straight (const double *xy,
             guint         from,
             guint         to,
             double        tolerance)
{
  const double *a = xy + 2 * from, *b = xy + 2 * to;
  double dx = b[0] - a[0], dy = b[1] - a[1];
  /* Scene and device coordinates are far from overflowing: sqrt() is
   * exact enough, and several times cheaper than hypot(). */
  double length = sqrt (dx * dx + dy * dy);

  for (guint i = from + 1; i < to; i++)
    {
      const double *p = xy + 2 * i;
      double distance = length > 1e-12 ? fabs ((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / length
                                       : hypot (p[0] - a[0], p[1] - a[1]);

      if (distance > tolerance)
        return FALSE;
    }
  return TRUE;
}

/* Adds (@x, @y) to @cr's path, moving to it when @move; on VECTOR_GRID
 * when @snap, where a point that lands on the previous one (@last, device
 * units, updated) is left out. */
static void
add_point (cairo_t  *cr,
           double    x,
           double    y,
           gboolean  snap,
           gboolean  move,
           double    last[2])
{
  if (snap)
    {
      cairo_user_to_device (cr, &x, &y);
      x = round (x * VECTOR_GRID) / VECTOR_GRID;
      y = round (y * VECTOR_GRID) / VECTOR_GRID;
      if (!move && x == last[0] && y == last[1])
        return;
      last[0] = x;
      last[1] = y;
      cairo_device_to_user (cr, &x, &y);
    }
  if (move)
    cairo_move_to (cr, x, y);
  else
    cairo_line_to (cr, x, y);
}

/* Excalidraw's getSvgPathFromStroke() — quadratic curves from each outline
 * point's edge midpoint to the next, through the point — flattened into
 * line segments within @tolerance / 2 user units; then, of each run of
 * up to 32 segments that stays within @tolerance / 2 of a straight line,
 * only the ends are drawn (Lang's simplification), on VECTOR_GRID when
 * @snap. */
static void
outline_path (cairo_t      *cr,
              const double *xy,
              guint         n,
              double        tolerance,
              gboolean      snap)
{
  g_autoptr(GArray) flat = NULL;
  const double *f;
  double cur_x, cur_y, last[2] = { 0, 0 };
  guint n_flat, anchor;

  if (n < 2)
    return;
  flat = g_array_sized_new (FALSE, FALSE, sizeof (double), 4 * n + 2);
  cur_x = (xy[0] + xy[2]) / 2;
  cur_y = (xy[1] + xy[3]) / 2;
  g_array_append_val (flat, cur_x);
  g_array_append_val (flat, cur_y);
  for (guint i = 1; i <= n; i++)
    {
      const double *p = xy + 2 * (i % n), *q = xy + 2 * ((i + 1) % n);
      double mx = (p[0] + q[0]) / 2, my = (p[1] + q[1]) / 2;
      /* A quadratic is furthest from its chord at t = ½, by half the
       * distance from its control point to the chord's midpoint; k equal
       * steps in t are within 1/k² of that. */
      double ex = p[0] - (cur_x + mx) / 2, ey = p[1] - (cur_y + my) / 2;
      double deviation = sqrt (ex * ex + ey * ey) / 2;
      guint steps = deviation <= tolerance / 2 ? 1 : MIN ((guint) ceil (sqrt (deviation / (tolerance / 2))), 16);

      for (guint k = 1; k <= steps; k++)
        {
          double t = (double) k / steps, u = 1 - t;
          double x = u * u * cur_x + 2 * u * t * p[0] + t * t * mx;
          double y = u * u * cur_y + 2 * u * t * p[1] + t * t * my;

          g_array_append_val (flat, x);
          g_array_append_val (flat, y);
        }
      cur_x = mx;
      cur_y = my;
    }

  f = (const double *) (void *) flat->data;
  n_flat = flat->len / 2;
  add_point (cr, f[0], f[1], snap, TRUE, last);
  anchor = 0;
  while (anchor + 1 < n_flat)
    {
      guint end = anchor + 1;

      while (end + 1 < n_flat && end + 1 - anchor <= 32 && is_straight (f, anchor, end + 1, tolerance / 2))
        end++;
      add_point (cr, f[2 * end], f[2 * end + 1], snap, FALSE, last);
      anchor = end;
    }
  cairo_close_path (cr);
}

/* Whether @cr draws into a PDF or SVG file. */
static gboolean
is_vector (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG || type == CAIRO_SURFACE_TYPE_PS;
}

/* OUTLINE_TOLERANCE device units in user units, in every direction. */
static double
user_tolerance (cairo_t *cr)
{
  double ux = 1, uy = 0, vx = 0, vy = 1;

  cairo_user_to_device_distance (cr, &ux, &uy);
  cairo_user_to_device_distance (cr, &vx, &vy);
  return OUTLINE_TOLERANCE / MAX (MAX (hypot (ux, uy), hypot (vx, vy)), 1e-9);
}

void
confer_render_freedraw (ConferRenderContext      *context,
                        cairo_t                  *cr,
                        const ConferBoardElement *element)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  const ConferBoardValue *simulate = confer_board_element_get (element, CONFER_BOARD_PROP_SIMULATE_PRESSURE);
  const ConferBoardValue *pressures = confer_board_element_get (element, CONFER_BOARD_PROP_PRESSURES);
  gboolean simulated = simulate->kind != CONFER_BOARD_VALUE_BOOLEAN || simulate->boolean;
  const double *pressure_values = NULL;
  gboolean vector = is_vector (cr);
  static const double origin[2] = { 0, 0 };
  static const double half[1] = { 0.5 };
  ConferFreehandOptions options;
  ConferRenderStyle style;
  g_autoptr(GArray) outline = NULL;
  const double *xy;
  guint n;

  confer_render_style_init (&style, element);
  confer_render_points (element, &xy, &n);
  if (!simulated && pressures->kind == CONFER_BOARD_VALUE_DOUBLES && pressures->doubles != NULL &&
      pressures->doubles->n == n)
    pressure_values = pressures->doubles->values;
  if (n == 0)
    {
      xy = origin;
      n = 1;
      pressure_values = half;
    }

  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (n > 2 && confer_render_colour_is_visible (&style.background) &&
      hypot (xy[0] - xy[2 * n - 2], xy[1] - xy[2 * n - 1]) <= 8)
    {
      cairo_new_path (cr);
      cairo_move_to (cr, xy[0], xy[1]);
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
      cairo_close_path (cr);
      confer_render_colour_set_source (cr, &style.background);
      cairo_fill (cr);
    }
  if (confer_render_colour_is_visible (&style.stroke) && style.stroke_width > 0)
    {
      confer_freehand_options_for_element (&options, style.stroke_width, simulated);
      outline = confer_freehand_outline (xy, pressure_values, n, &options);
      cairo_new_path (cr);
      outline_path (cr, (const double *) (void *) outline->data, outline->len / 2,
                    user_tolerance (cr), vector);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      confer_render_colour_set_source (cr, &style.stroke);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/**
 * confer_render_ink:
 * @cr: a Cairo context, in the points' units
 * @points: (array length=n_points): x, y and pressure of each point, three
 *   doubles a point (the pressure is not used: it is simulated from the
 *   points' speed, as for a mouse's freedraw element)
 * @n_points: how many points; none draws nothing
 * @stroke_width: the ink's `strokeWidth` (Excalidraw's 1, 2 or 4), > 0
 * @colour: its colour, alpha included
 *
 * Draws a stroke that is not on a board — one being drawn, or ink over a
 * shared screen — exactly as a freedraw element of those points, width
 * and colour is drawn (perfect-freehand's outline, filled).
 */
void
confer_render_ink (cairo_t                  *cr,
                   const double             *points,
                   guint                     n_points,
                   double                    stroke_width,
                   const ConferRenderColour *colour)
{
  g_autoptr(ConferBoardElement) ink = NULL;
  g_autofree double *xy = NULL;
  g_autofree char *css = NULL;
  ConferBoardValue relative = { .kind = CONFER_BOARD_VALUE_DOUBLES };

  g_return_if_fail (cr != NULL && colour != NULL);
  g_return_if_fail (points != NULL || n_points == 0);

  if (n_points == 0)
    return;
  ink = confer_board_element_new (CONFER_BOARD_ELEMENT_FREEDRAW, "ink");
  xy = g_new (double, 2 * n_points);
  for (guint i = 0; i < n_points; i++)
    {
      xy[2 * i] = points[3 * i] - points[0];
      xy[2 * i + 1] = points[3 * i + 1] - points[1];
    }
  relative.doubles = confer_board_doubles_new (xy, 2 * n_points);
  confer_board_element_take (ink, CONFER_BOARD_PROP_POINTS, &relative);
  confer_board_element_set_number (ink, CONFER_BOARD_PROP_X, points[0]);
  confer_board_element_set_number (ink, CONFER_BOARD_PROP_Y, points[1]);
  confer_board_element_set_number (ink, CONFER_BOARD_PROP_STROKE_WIDTH, stroke_width);
  css = g_strdup_printf ("#%02x%02x%02x%02x", (int) round (CLAMP (colour->red, 0, 1) * 255),
                         (int) round (CLAMP (colour->green, 0, 1) * 255), (int) round (CLAMP (colour->blue, 0, 1) * 255),
                         (int) round (CLAMP (colour->alpha, 0, 1) * 255));
  confer_board_element_set_string (ink, CONFER_BOARD_PROP_STROKE_COLOR, css);
  confer_render_element (cr, NULL, NULL, ink);
}
