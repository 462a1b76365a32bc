/* confer-render-shapes.c: rectangles, ellipses and diamonds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-shapes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-render-private.h"

typedef struct
{
  gboolean ellipse;
  double   x, y, width, height;
  double   corners[8];   /* the polygon's 4 corners, clockwise from the top (left) */
  double   radius;       /* corner radius, scene px */
} Shape;

static void
shape_init (Shape                    *shape,
            const ConferBoardElement *element)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  double w = confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH);
  double h = confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT);

  /* A negative size draws the same box, from the other side. */
  if (w < 0) { x += w; w = -w; }
  if (h < 0) { y += h; h = -h; }
  *shape = (Shape) { element->type == CONFER_BOARD_ELEMENT_ELLIPSE, x, y, w, h, { 0 }, 0 };
  if (element->type == CONFER_BOARD_ELEMENT_DIAMOND)
    {
      double c[8] = { x + w / 2, y, x + w, y + h / 2, x + w / 2, y + h, x, y + h / 2 };

      memcpy (shape->corners, c, sizeof c);
      /* Excalidraw rounds a diamond's corners by the radius of its
       * shorter half-diagonal. */
      shape->radius = confer_render_corner_radius (element, MIN (w, h) / 2);
    }
  else
    {
      double c[8] = { x, y, x + w, y, x + w, y + h, x, y + h };

      memcpy (shape->corners, c, sizeof c);
      shape->radius = confer_render_corner_radius (element, MIN (w, h));
    }
}

/* Where the rounding of corner @i begins (a) and ends (b). */
static void
corner_ends (const Shape *shape,
             guint        i,
             double      *a,
             double      *b)
{
  const double *c = shape->corners;
  guint prev = (i + 3) % 4, next = (i + 1) % 4;
  double to_prev_x = c[2 * prev] - c[2 * i], to_prev_y = c[2 * prev + 1] - c[2 * i + 1];
  double to_next_x = c[2 * next] - c[2 * i], to_next_y = c[2 * next + 1] - c[2 * i + 1];
  double len_prev = hypot (to_prev_x, to_prev_y), len_next = hypot (to_next_x, to_next_y);
  double r_prev = len_prev > 0 ? MIN (shape->radius, len_prev / 2) / len_prev : 0;
  double r_next = len_next > 0 ? MIN (shape->radius, len_next / 2) / len_next : 0;

  a[0] = c[2 * i] + to_prev_x * r_prev;
  a[1] = c[2 * i + 1] + to_prev_y * r_prev;
  b[0] = c[2 * i] + to_next_x * r_next;
  b[1] = c[2 * i + 1] + to_next_y * r_next;
}

/* The exact outline: what is filled and clipped to, and stroked at
 * roughness 0. Rounded corners are quadratic curves through the corner,
 * as Excalidraw draws them. */
static void
shape_path (const Shape *shape,
            cairo_t     *cr)
{
  if (shape->ellipse)
    {
      ConferRough exact = { 0 };

      confer_rough_ellipse (&exact, cr, shape->x + shape->width / 2, shape->y + shape->height / 2,
                            shape->width / 2, shape->height / 2);
      return;
    }
  if (shape->radius <= 0)
    {
      cairo_move_to (cr, shape->corners[0], shape->corners[1]);
      for (guint i = 1; i < 4; i++)
        cairo_line_to (cr, shape->corners[2 * i], shape->corners[2 * i + 1]);
      cairo_close_path (cr);
      return;
    }
  for (guint i = 0; i < 4; i++)
    {
      double a[2], b[2];
      const double *c = shape->corners + 2 * i;

      corner_ends (shape, i, a, b);
      if (i == 0)
        cairo_move_to (cr, a[0], a[1]);
      else
        cairo_line_to (cr, a[0], a[1]);
      cairo_curve_to (cr, a[0] + 2.0 / 3 * (c[0] - a[0]), a[1] + 2.0 / 3 * (c[1] - a[1]),
                      b[0] + 2.0 / 3 * (c[0] - b[0]), b[1] + 2.0 / 3 * (c[1] - b[1]), b[0], b[1]);
    }
  cairo_close_path (cr);
}

/* The sketched outline: each side a rough line, each rounded corner a
 * rough curve through the quadratic's ends and middle. */
static void
shape_rough_outline (const Shape *shape,
                     ConferRough *rough,
                     cairo_t     *cr)
{
  if (shape->ellipse)
    {
      confer_rough_ellipse (rough, cr, shape->x + shape->width / 2, shape->y + shape->height / 2,
                            shape->width / 2, shape->height / 2);
      return;
    }
  if (shape->radius <= 0)
    {
      confer_rough_polyline (rough, cr, shape->corners, 4, TRUE);
      return;
    }
  for (guint i = 0; i < 4; i++)
    {
      double a[2], b[2], next_a[2], next_b[2];
      const double *c = shape->corners + 2 * i;
      double curve[6];

      corner_ends (shape, i, a, b);
      corner_ends (shape, (i + 1) % 4, next_a, next_b);
      curve[0] = a[0];
      curve[1] = a[1];
      curve[2] = 0.25 * a[0] + 0.5 * c[0] + 0.25 * b[0];
      curve[3] = 0.25 * a[1] + 0.5 * c[1] + 0.25 * b[1];
      curve[4] = b[0];
      curve[5] = b[1];
      confer_rough_curve (rough, cr, curve, 3, FALSE);
      confer_rough_line (rough, cr, b[0], b[1], next_a[0], next_a[1]);
    }
}

static void
shape_rough_fill (const Shape *shape,
                  ConferRough *rough,
                  cairo_t     *cr)
{
  if (shape->ellipse)
    confer_rough_ellipse_fill (rough, cr, shape->x + shape->width / 2, shape->y + shape->height / 2,
                               shape->width / 2, shape->height / 2);
  else if (shape->radius <= 0)
    confer_rough_polygon_fill (rough, cr, shape->corners, 4);
  else
    shape_path (shape, cr);
}

/**
 * confer_render_rounded_box_path:
 * @cr: a context
 * @x: the box's left, in @cr's units
 * @y: its top
 * @w: its width, ≥ 0
 * @h: its height, ≥ 0
 * @r: the corners' radius (at most half the shorter side is used)
 *
 * Adds a box with round corners to @cr's path, as a closed sub-path:
 * frames, sticky notes and their shadows are drawn with it.
 */
void
confer_render_rounded_box_path (cairo_t *cr,
                                double   x,
                                double   y,
                                double   w,
                                double   h,
                                double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/**
 * confer_render_shape:
 * @context: the drawing pass
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: a rectangle, ellipse or diamond
 *
 * Draws the shape: the fill in its background colour (solid, or a
 * hachure, cross-hatch or zigzag pattern clipped to the shape), then the
 * outline in its stroke colour (solid, dashed or dotted); crisp at
 * roughness 0, sketched by the element's seed above. Rectangles and
 * diamonds take `roundness`.
 */
void
confer_render_shape (ConferRenderContext      *context,
                     cairo_t                  *cr,
                     const ConferBoardElement *element)
{
  ConferRenderStyle style;
  ConferRough rough;
  Shape shape;

  confer_render_style_init (&style, element);
  shape_init (&shape, element);
  confer_rough_init (&rough, style.seed,
                     confer_rough_adjust (style.roughness, shape.width, shape.height, FALSE),
                     g_str_equal (style.stroke_style, "solid"));

  if (confer_render_colour_is_visible (&style.background))
    {
      cairo_save (cr);
      cairo_new_path (cr);
      if (g_str_equal (style.fill_style, "solid"))
        {
          if (rough.roughness > 0)
            shape_rough_fill (&shape, &rough, cr);
          else
            shape_path (&shape, cr);
          confer_render_colour_set_source (cr, &style.background);
          cairo_fill (cr);
        }
      else
        {
          shape_path (&shape, cr);
          cairo_clip (cr);
          confer_render_fill_pattern (&style, &rough, cr, shape.x, shape.y, shape.width, shape.height);
        }
      cairo_restore (cr);
    }

  cairo_save (cr);
  if (confer_render_style_stroke (&style, cr))
    {
      cairo_new_path (cr);
      if (rough.roughness > 0)
        shape_rough_outline (&shape, &rough, cr);
      else
        shape_path (&shape, cr);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}
