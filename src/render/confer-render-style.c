/* confer-render-style.c: an element's stroke, fill and geometry as the
 * drawing code reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-style"

#include "config.h"

#include <math.h>

#include "confer-render-private.h"

/* Excalidraw's default adaptive corner radius (DEFAULT_ADAPTIVE_RADIUS)
 * and proportional share (DEFAULT_PROPORTIONAL_RADIUS). */
#define ADAPTIVE_RADIUS     32.0
#define PROPORTIONAL_RADIUS 0.25

static void
read_colour (const ConferBoardElement *element,
             ConferBoardProp           prop,
             ConferRenderColour       *colour)
{
  const char *css = confer_board_element_get_string (element, prop);

  if (!confer_render_colour_parse (css, colour) && css != NULL)
    g_debug ("%s: unreadable colour %s", element->id, css);
}

/**
 * confer_render_style_init:
 * @style: (out): the look
 * @element: an element
 *
 * Reads @element's colours, stroke width and style, fill style,
 * roughness and seed.
 */
void
confer_render_style_init (ConferRenderStyle        *style,
                          const ConferBoardElement *element)
{
  const char *s;

  read_colour (element, CONFER_BOARD_PROP_STROKE_COLOR, &style->stroke);
  read_colour (element, CONFER_BOARD_PROP_BACKGROUND_COLOR, &style->background);
  style->stroke_width = MAX (confer_board_element_get_number (element, CONFER_BOARD_PROP_STROKE_WIDTH), 0);
  s = confer_board_element_get_string (element, CONFER_BOARD_PROP_STROKE_STYLE);
  style->stroke_style = s != NULL ? s : "solid";
  s = confer_board_element_get_string (element, CONFER_BOARD_PROP_FILL_STYLE);
  style->fill_style = s != NULL ? s : "solid";
  style->roughness = MAX (confer_board_element_get_number (element, CONFER_BOARD_PROP_ROUGHNESS), 0);
  style->seed = (guint32) confer_board_element_get_number (element, CONFER_BOARD_PROP_SEED);
}

/**
 * confer_render_style_stroke:
 * @style: an element's look
 * @cr: a context
 *
 * Sets @cr's source, line width, round caps and joins, and dashes for
 * stroking the outline: Excalidraw's dashes, 8 on and 8 + width off, and
 * dots, 1.5 on and 6 + width off (a dashed or dotted stroke is drawn half
 * a px wider, as Excalidraw does).
 *
 * Returns: %FALSE if the stroke draws nothing (transparent or 0 wide)
 */
gboolean
confer_render_style_stroke (const ConferRenderStyle *style,
                            cairo_t                 *cr)
{
  double width = style->stroke_width;

  if (!confer_render_colour_is_visible (&style->stroke) || width <= 0)
    return FALSE;
  confer_render_colour_set_source (cr, &style->stroke);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (g_str_equal (style->stroke_style, "dashed"))
    {
      double dashes[] = { 8, 8 + width };

      width += 0.5;
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else if (g_str_equal (style->stroke_style, "dotted"))
    {
      double dashes[] = { 1.5, 6 + width };

      width += 0.5;
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, width);
  return TRUE;
}

/**
 * confer_render_corner_radius:
 * @element: a rectangle, diamond, image or sticky note
 * @size: the smaller side of its box, scene px
 *
 * The radius of @element's rounded corners, as Excalidraw's
 * getCornerRadius() gives it: none without `roundness`; a quarter of
 * @size for `{"type": 1}` (legacy) and `{"type": 2}` (proportional); for
 * `{"type": 3}` (adaptive) a quarter of @size up to `value` (32 px by
 * default), then `value`.
 *
 * Returns: the radius, scene px
 */
double
confer_render_corner_radius (const ConferBoardElement *element,
                             double                    size)
{
  const ConferBoardValue *roundness = confer_board_element_get (element, CONFER_BOARD_PROP_ROUNDNESS);
  JsonObject *object;
  double fixed = ADAPTIVE_RADIUS;
  gint64 type;

  size = fabs (size);
  if (roundness->kind != CONFER_BOARD_VALUE_JSON || !JSON_NODE_HOLDS_OBJECT (roundness->json))
    return 0;
  object = json_node_get_object (roundness->json);
  type = json_object_get_int_member_with_default (object, "type", 3);
  if (type != 3)
    return size * PROPORTIONAL_RADIUS;
  if (json_object_has_member (object, "value") && !json_object_get_null_member (object, "value"))
    fixed = json_object_get_double_member (object, "value");
  return size <= fixed / PROPORTIONAL_RADIUS ? size * PROPORTIONAL_RADIUS : fixed;
}

/**
 * confer_render_points:
 * @element: a line, arrow or freedraw
 * @xy: (out) (transfer none): its points as x0, y0, x1, y1…, relative to
 *   its x and y
 * @n: (out): how many points
 *
 * Reads @element's points (none for other types).
 */
void
confer_render_points (const ConferBoardElement *element,
                      const double            **xy,
                      guint                    *n)
{
  const ConferBoardValue *points = confer_board_element_get (element, CONFER_BOARD_PROP_POINTS);

  if (points->kind == CONFER_BOARD_VALUE_DOUBLES && points->doubles != NULL)
    {
      *xy = points->doubles->values;
      *n = points->doubles->n / 2;
    }
  else
    {
      static const double origin[2] = { 0, 0 };

      *xy = origin;
      *n = points->kind == CONFER_BOARD_VALUE_DOUBLES ? 1 : 0;
    }
}

/**
 * confer_render_element_centre:
 * @element: an element
 * @cx: (out): the x it turns about, scene px
 * @cy: (out): the y it turns about, scene px
 *
 * The centre of @element's `angle`: its box's centre, or for lines,
 * arrows and strokes the centre of its points' box (as Excalidraw turns
 * them).
 */
void
confer_render_element_centre (const ConferBoardElement *element,
                              double                   *cx,
                              double                   *cy)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);

  if (element->type == CONFER_BOARD_ELEMENT_LINE || element->type == CONFER_BOARD_ELEMENT_ARROW ||
      element->type == CONFER_BOARD_ELEMENT_FREEDRAW)
    {
      const double *xy;
      guint n;
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

      confer_render_points (element, &xy, &n);
      for (guint i = 0; i < n; i++)
        {
          if (i == 0 || xy[2 * i] < x0) x0 = xy[2 * i];
          if (i == 0 || xy[2 * i] > x1) x1 = xy[2 * i];
          if (i == 0 || xy[2 * i + 1] < y0) y0 = xy[2 * i + 1];
          if (i == 0 || xy[2 * i + 1] > y1) y1 = xy[2 * i + 1];
        }
      *cx = x + (x0 + x1) / 2;
      *cy = y + (y0 + y1) / 2;
      return;
    }
  *cx = x + confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH) / 2;
  *cy = y + confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT) / 2;
}
