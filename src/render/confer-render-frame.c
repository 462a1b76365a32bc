/* confer-render-frame.c: frames, their names, and the clip of their
 * children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-frame"

#include "config.h"

#include <math.h>

#include "confer-render-private.h"

static void
frame_box (const ConferBoardElement *frame,
           double                   *x,
           double                   *y,
           double                   *w,
           double                   *h)
{
  *x = confer_board_element_get_number (frame, CONFER_BOARD_PROP_X);
  *y = confer_board_element_get_number (frame, CONFER_BOARD_PROP_Y);
  *w = confer_board_element_get_number (frame, CONFER_BOARD_PROP_WIDTH);
  *h = confer_board_element_get_number (frame, CONFER_BOARD_PROP_HEIGHT);
  if (*w < 0) { *x += *w; *w = -*w; }
  if (*h < 0) { *y += *h; *h = -*h; }
}

/**
 * confer_render_frame_clip:
 * @cr: a context in scene coordinates
 * @frame: a frame
 *
 * Clips @cr to @frame's rounded box, turned by its angle, as a frame
 * clips its children (elements whose `frameId` it is).
 */
void
confer_render_frame_clip (cairo_t                  *cr,
                          const ConferBoardElement *frame)
{
  double x, y, w, h, cx, cy;
  double angle = confer_board_element_get_number (frame, CONFER_BOARD_PROP_ANGLE);

  frame_box (frame, &x, &y, &w, &h);
  cx = x + w / 2;
  cy = y + h / 2;
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_rotate (cr, angle);
  cairo_translate (cr, -cx, -cy);
  cairo_new_path (cr);
  confer_render_rounded_box_path (cr, x, y, w, h, CONFER_RENDER_FRAME_RADIUS);
  cairo_restore (cr);
  /* The path was made under the frame's rotation; the clip keeps it. */
  cairo_clip (cr);
}

/**
 * confer_render_frame:
 * @context: the drawing pass
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: a frame
 *
 * Draws a frame as Excalidraw does (its FRAME_STYLE): a light grey
 * (#bbb) outline, 8 px rounded corners, its background colour inside if
 * it has one, and its `name` (“Frame” when it has none) above its top
 * left corner in 14 px grey (#999) type, cut with an ellipsis at the
 * frame's width.
 */
void
confer_render_frame (ConferRenderContext      *context,
                     cairo_t                  *cr,
                     const ConferBoardElement *element)
{
  const char *name = confer_board_element_get_string (element, CONFER_BOARD_PROP_NAME);
  ConferRenderColour background;
  double x, y, w, h;
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  cairo_font_options_t *options;
  PangoRectangle logical;

  frame_box (element, &x, &y, &w, &h);
  cairo_save (cr);
  cairo_new_path (cr);
  confer_render_rounded_box_path (cr, x, y, w, h, CONFER_RENDER_FRAME_RADIUS);
  confer_render_colour_parse (confer_board_element_get_string (element, CONFER_BOARD_PROP_BACKGROUND_COLOR), &background);
  if (confer_render_colour_is_visible (&background))
    {
      confer_render_colour_set_source (cr, &background);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgb (cr, 0xbb / 255.0, 0xbb / 255.0, 0xbb / 255.0);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  layout = pango_cairo_create_layout (cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);
  font = pango_font_description_from_string ("DejaVu Sans,sans-serif");
  pango_font_description_set_absolute_size (font, CONFER_RENDER_FRAME_NAME_SIZE * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, name != NULL && name[0] != '\0' ? name : "Frame", -1);
  pango_layout_set_width (layout, (int) (MAX (w, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_get_extents (layout, NULL, &logical);
  cairo_move_to (cr, x, y - CONFER_RENDER_FRAME_NAME_OFFSET - logical.height / (double) PANGO_SCALE);
  cairo_set_source_rgb (cr, 0x99 / 255.0, 0x99 / 255.0, 0x99 / 255.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}
