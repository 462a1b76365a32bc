/* confer-render-linear.c: lines and arrows, with their arrowheads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-linear"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-render-private.h"

/**
 * confer_render_arrowhead_size:
 * @arrowhead: (nullable): an Excalidraw arrowhead name
 * @stroke_width: the arrow's stroke width, scene px
 *
 * How long an arrowhead is drawn before the segment it ends limits it:
 * Excalidraw's sizes (getArrowheadSize(): 25 px for `arrow`, 12 for the
 * diamonds, 20 for the crow's feet, 15 for the rest), grown a little with
 * thick strokes so the head stays visible.
 *
 * Returns: the size, scene px (0 for no arrowhead)
 */
double
confer_render_arrowhead_size (const char *arrowhead,
                              double      stroke_width)
{
  double size;

  if (arrowhead == NULL)
    return 0;
  if (g_str_equal (arrowhead, "arrow"))
    size = 25;
  else if (g_str_has_prefix (arrowhead, "diamond"))
    size = 12;
  else if (g_str_has_prefix (arrowhead, "crowfoot"))
    size = 20;
  else
    size = 15;
  return size + MAX (stroke_width - 2, 0) * 2;
}

/* The end at @tip of a line coming in from @from: the arrowhead's path
 * and, for the outline kinds, how much of the line to leave out so the
 * line does not show through it. */
static void
arrowhead (ConferRough             *rough,
           cairo_t                 *cr,
           const ConferRenderStyle *style,
           const char              *kind,
           double                   tip_x,
           double                   tip_y,
           double                   from_x,
           double                   from_y)
{
  double dx = tip_x - from_x, dy = tip_y - from_y;
  double len = hypot (dx, dy);
  double ux, uy, nx, ny;
  double size = confer_render_arrowhead_size (kind, style->stroke_width);
  gboolean outline = g_str_has_suffix (kind, "_outline");
  double angle;

  if (len <= 0)
    return;
  ux = dx / len;
  uy = dy / len;
  nx = -uy;
  ny = ux;
  /* A head never outgrows its segment (a quarter for diamonds, half
   * otherwise). */
  size = MIN (size, len * (g_str_has_prefix (kind, "diamond") ? 0.25 : 0.5));
  cairo_save (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_path (cr);
  if (g_str_equal (kind, "arrow"))
    {
      angle = 20 * G_PI / 180;
      for (int side = -1; side <= 1; side += 2)
        {
          double wx = tip_x - size * (ux * cos (angle) - side * nx * sin (angle));
          double wy = tip_y - size * (uy * cos (angle) - side * ny * sin (angle));

          confer_rough_line (rough, cr, wx, wy, tip_x, tip_y);
        }
      cairo_stroke (cr);
    }
  else if (g_str_equal (kind, "bar") || g_str_equal (kind, "crowfoot_one"))
    {
      double back = g_str_equal (kind, "bar") ? 0 : size / 2;

      confer_rough_line (rough, cr,
                         tip_x - ux * back + nx * size / 2, tip_y - uy * back + ny * size / 2,
                         tip_x - ux * back - nx * size / 2, tip_y - uy * back - ny * size / 2);
      cairo_stroke (cr);
    }
  else if (g_str_has_prefix (kind, "crowfoot_many") || g_str_equal (kind, "crowfoot_one_or_many"))
    {
      double bx = tip_x - ux * size, by = tip_y - uy * size;

      confer_rough_line (rough, cr, bx, by, tip_x + nx * size / 2, tip_y + ny * size / 2);
      confer_rough_line (rough, cr, bx, by, tip_x, tip_y);
      confer_rough_line (rough, cr, bx, by, tip_x - nx * size / 2, tip_y - ny * size / 2);
      if (g_str_equal (kind, "crowfoot_one_or_many"))
        confer_rough_line (rough, cr,
                           tip_x - ux * size * 1.4 + nx * size / 2, tip_y - uy * size * 1.4 + ny * size / 2,
                           tip_x - ux * size * 1.4 - nx * size / 2, tip_y - uy * size * 1.4 - ny * size / 2);
      cairo_stroke (cr);
    }
  else
    {
      gboolean filled = !outline;

      if (g_str_equal (kind, "dot") || g_str_has_prefix (kind, "circle"))
        {
          double r = size / 2;

          confer_rough_ellipse_fill (rough, cr, tip_x - ux * r, tip_y - uy * r, r, r);
        }
      else if (g_str_has_prefix (kind, "triangle"))
        {
          double h = size, half = size * tan (25 * G_PI / 180);
          double xy[6] = {
            tip_x, tip_y,
            tip_x - ux * h + nx * half, tip_y - uy * h + ny * half,
            tip_x - ux * h - nx * half, tip_y - uy * h - ny * half,
          };

          cairo_move_to (cr, xy[0], xy[1]);
          cairo_line_to (cr, xy[2], xy[3]);
          cairo_line_to (cr, xy[4], xy[5]);
          cairo_close_path (cr);
        }
      else /* diamond */
        {
          double l = size * 2, half = size * 0.6;

          cairo_move_to (cr, tip_x, tip_y);
          cairo_line_to (cr, tip_x - ux * l / 2 + nx * half, tip_y - uy * l / 2 + ny * half);
          cairo_line_to (cr, tip_x - ux * l, tip_y - uy * l);
          cairo_line_to (cr, tip_x - ux * l / 2 - nx * half, tip_y - uy * l / 2 - ny * half);
          cairo_close_path (cr);
        }
      if (filled)
        cairo_fill_preserve (cr);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* How far back from the tip an outline head begins, so the line can stop
 * there. */
static double
outline_length (const char *kind,
                double      size)
{
  if (kind == NULL || !g_str_has_suffix (kind, "_outline"))
    return 0;
  if (g_str_has_prefix (kind, "diamond"))
    return size * 2;
  return size;
}

/**
 * confer_render_linear:
 * @context: the drawing pass
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: a line or an arrow
 *
 * Draws a polyline through the element's points (a smooth curve through
 * them when it has `roundness`, straight segments for elbow arrows),
 * filled in its background colour when it is a closed `polygon`, in its
 * stroke colour and style, sketched by its seed above roughness 0; then
 * its `startArrowhead` and `endArrowhead` (`arrow`, `bar`, `dot`/
 * `circle`, `circle_outline`, `triangle`, `triangle_outline`, `diamond`,
 * `diamond_outline`, the crow's feet), always solid. A line stops short
 * of an outline head.
 */
void
confer_render_linear (ConferRenderContext      *context,
                      cairo_t                  *cr,
                      const ConferBoardElement *element)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  const char *start_head = confer_board_element_get_string (element, CONFER_BOARD_PROP_START_ARROWHEAD);
  const char *end_head = confer_board_element_get_string (element, CONFER_BOARD_PROP_END_ARROWHEAD);
  const ConferBoardValue *elbowed = confer_board_element_get (element, CONFER_BOARD_PROP_ELBOWED);
  const ConferBoardValue *polygon = confer_board_element_get (element, CONFER_BOARD_PROP_POLYGON);
  gboolean smooth = confer_board_element_get (element, CONFER_BOARD_PROP_ROUNDNESS)->kind == CONFER_BOARD_VALUE_JSON &&
                    !(elbowed->kind == CONFER_BOARD_VALUE_BOOLEAN && elbowed->boolean);
  ConferRenderStyle style;
  ConferRough rough;
  const double *rel;
  g_autofree double *xy = NULL;
  guint n;
  gboolean closed;

  confer_render_style_init (&style, element);
  confer_render_points (element, &rel, &n);
  if (n < 2)
    return;
  xy = g_new (double, 2 * n);
  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = x + rel[2 * i];
      xy[2 * i + 1] = y + rel[2 * i + 1];
    }
  closed = n > 2 && ((polygon->kind == CONFER_BOARD_VALUE_BOOLEAN && polygon->boolean) ||
                     (xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1]));
  confer_rough_init (&rough, style.seed,
                     confer_rough_adjust (style.roughness,
                                          confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH),
                                          confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT), TRUE),
                     g_str_equal (style.stroke_style, "solid"));

  if (closed && element->type == CONFER_BOARD_ELEMENT_LINE && confer_render_colour_is_visible (&style.background))
    {
      cairo_save (cr);
      cairo_new_path (cr);
      if (smooth)
        confer_smooth_curve (cr, xy, n - 1, TRUE, TRUE);
      else
        confer_rough_polygon_fill (&rough, cr, xy, n);
      if (g_str_equal (style.fill_style, "solid"))
        {
          confer_render_colour_set_source (cr, &style.background);
          cairo_fill (cr);
        }
      else
        {
          double x0, y0, x1, y1;

          cairo_path_extents (cr, &x0, &y0, &x1, &y1);
          cairo_clip (cr);
          confer_render_fill_pattern (&style, &rough, cr, x0, y0, x1 - x0, y1 - y0);
        }
      cairo_restore (cr);
    }

  cairo_save (cr);
  if (confer_render_style_stroke (&style, cr))
    {
      /* Stop short of outline heads. */
      double head_start = outline_length (start_head, confer_render_arrowhead_size (start_head, style.stroke_width));
      double head_end = outline_length (end_head, confer_render_arrowhead_size (end_head, style.stroke_width));
      g_autofree double *line = g_memdup2 (xy, 2 * n * sizeof (double));

      for (int end = 0; end < 2; end++)
        {
          double back = end == 0 ? head_start : head_end;
          guint tip = end == 0 ? 0 : n - 1, from = end == 0 ? 1 : n - 2;
          double dx = line[2 * tip] - line[2 * from], dy = line[2 * tip + 1] - line[2 * from + 1];
          double len = hypot (dx, dy);

          if (back <= 0 || len <= 0)
            continue;
          back = MIN (back, len * (g_str_has_prefix (end == 0 ? start_head : end_head, "diamond") ? 0.5 : 0.5));
          line[2 * tip] -= dx / len * back;
          line[2 * tip + 1] -= dy / len * back;
        }
      cairo_new_path (cr);
      if (smooth && n > 2)
        confer_rough_curve (&rough, cr, line, n, FALSE);
      else
        confer_rough_polyline (&rough, cr, line, n, FALSE);
      cairo_stroke (cr);

      if (element->type == CONFER_BOARD_ELEMENT_ARROW || start_head != NULL || end_head != NULL)
        {
          if (start_head != NULL)
            arrowhead (&rough, cr, &style, start_head, xy[0], xy[1], xy[2], xy[3]);
          if (end_head != NULL)
            arrowhead (&rough, cr, &style, end_head, xy[2 * n - 2], xy[2 * n - 1], xy[2 * n - 4], xy[2 * n - 3]);
        }
    }
  cairo_restore (cr);
}
