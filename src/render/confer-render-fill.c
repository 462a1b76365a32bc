/* confer-render-fill.c: hachure, cross-hatch and zigzag fills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Excalidraw's pattern fills are parallel strokes in the background
 * colour, half the stroke width wide and four stroke widths apart, at
 * rough.js's default hachure angle of -41°; cross-hatch adds a second set
 * at right angles, zigzag joins the strokes end to end. Here they are
 * drawn across the shape's box and clipped to the shape by the caller.
 */
#define G_LOG_DOMAIN "confer-render-fill"

#include "config.h"

#include <math.h>

#include "confer-render-private.h"

#define HACHURE_ANGLE (-41.0 * G_PI / 180.0)

/* Strokes across a box of @width × @height centred on (cx, cy), turned
 * by @angle, @gap apart, joined end to end when @zigzag. */
static void
strokes (ConferRough *rough,
         cairo_t     *cr,
         double       cx,
         double       cy,
         double       width,
         double       height,
         double       angle,
         double       gap,
         gboolean     zigzag)
{
  /* Cover the whole box whichever way the strokes run. */
  double half = hypot (width, height) / 2 + gap;
  double c = cos (angle), s = sin (angle);
  guint n = (guint) ceil (2 * half / gap);
  double prev_x = 0, prev_y = 0;

  for (guint i = 0; i <= n; i++)
    {
      double offset = -half + i * gap;
      /* Stroke i runs along (c, s), offset along the normal (-s, c). */
      double ax = cx - s * offset - c * half, ay = cy + c * offset - s * half;
      double bx = cx - s * offset + c * half, by = cy + c * offset + s * half;

      if (zigzag)
        {
          /* Alternate directions and join each stroke's end to the next one's start. */
          if (i % 2 == 1)
            {
              double tx = ax, ty = ay;

              ax = bx; ay = by; bx = tx; by = ty;
            }
          if (i > 0)
            confer_rough_line (rough, cr, prev_x, prev_y, ax, ay);
        }
      confer_rough_line (rough, cr, ax, ay, bx, by);
      prev_x = bx;
      prev_y = by;
    }
}

/**
 * confer_render_fill_pattern:
 * @style: the element's look (its `fillStyle` one of hachure,
 *   cross-hatch, zigzag)
 * @rough: the element's pen
 * @cr: a context whose clip is the shape
 * @x: the shape's box, left
 * @y: the shape's box, top
 * @width: the shape's box, width
 * @height: the shape's box, height
 *
 * Strokes @style's pattern in its background colour over the box (a
 * crisp pattern at roughness 0, a sketched one otherwise).
 */
void
confer_render_fill_pattern (const ConferRenderStyle *style,
                            ConferRough             *rough,
                            cairo_t                 *cr,
                            double                   x,
                            double                   y,
                            double                   width,
                            double                   height)
{
  double weight = MAX (style->stroke_width / 2, 0.5);
  double gap = MAX (style->stroke_width * 4, 4);
  double cx = x + width / 2, cy = y + height / 2;
  ConferRough pen = *rough;

  width = fabs (width);
  height = fabs (height);
  /* Fill strokes stray less than outlines, and every one goes once
   * only when the shape is small (dense scribbles otherwise). */
  pen.roughness = rough->roughness * 0.5;
  cairo_new_path (cr);
  if (g_str_equal (style->fill_style, "zigzag"))
    strokes (&pen, cr, cx, cy, width, height, HACHURE_ANGLE, gap, TRUE);
  else
    {
      strokes (&pen, cr, cx, cy, width, height, HACHURE_ANGLE, gap, FALSE);
      if (g_str_equal (style->fill_style, "cross-hatch"))
        strokes (&pen, cr, cx, cy, width, height, HACHURE_ANGLE + G_PI / 2, gap, FALSE);
    }
  rough->state = pen.state;
  confer_render_colour_set_source (cr, &style->background);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, weight);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}
