/* confer-render-freedraw.c: ink strokes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-freedraw"

#include "config.h"

#include <math.h>

#include "confer-freehand.h"
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

/* Excalidraw's getSvgPathFromStroke(): quadratic curves from each
 * outline point's edge midpoint to the next, through the point. */
static void
outline_path (cairo_t      *cr,
              const double *xy,
              guint         n)
{
  double cur_x, cur_y;

  if (n < 2)
    return;
  cur_x = (xy[0] + xy[2]) / 2;
  cur_y = (xy[1] + xy[3]) / 2;
  cairo_move_to (cr, cur_x, cur_y);
  for (guint i = 1; i <= n; i++)
    {
      const double *p = xy + 2 * (i % n), *q = xy + 2 * ((i + 1) % n);
      double mx = (p[0] + q[0]) / 2, my = (p[1] + q[1]) / 2;

      /* A quadratic from (cur) through control p to (m), as a cubic. */
      cairo_curve_to (cr, cur_x + 2.0 / 3 * (p[0] - cur_x), cur_y + 2.0 / 3 * (p[1] - cur_y),
                      mx + 2.0 / 3 * (p[0] - mx), my + 2.0 / 3 * (p[1] - my), mx, my);
      cur_x = mx;
      cur_y = my;
    }
  cairo_close_path (cr);
}

/**
 * confer_render_freedraw:
 * @context: the drawing pass
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: a freedraw element
 *
 * Draws an ink stroke as Excalidraw does: the outline perfect-freehand
 * gives (confer_freehand_outline() with
 * confer_freehand_options_for_element(): the pen's `pressures` unless
 * `simulatePressure`), filled in the stroke colour; a stroke whose ends
 * meet (a loop, within 8 px) is first filled in its background colour.
 * Roughness does not apply to ink.
 */
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
      outline_path (cr, (const double *) (void *) outline->data, outline->len / 2);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      confer_render_colour_set_source (cr, &style.stroke);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}
