/* confer-render-sticky-note.c: sticky notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-sticky-note"

#include "config.h"

#include <math.h>

#include "confer-render-private.h"

/* A note without a background colour is the classic yellow. */
#define DEFAULT_NOTE_COLOUR "#fff3a8"
#define NOTE_RADIUS 3.0

/**
 * confer_render_sticky_note:
 * @context: the drawing pass
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: a sticky note
 *
 * Draws a note: a soft shadow below and to the right (eight stacked,
 * growing, nearly transparent boxes: Cairo has no blur), the square
 * filled in the note's background colour (a pale yellow when it has
 * none), a hairline edge, then its text wrapped inside it, 12 px in, in
 * its stroke colour, aligned by `textAlign` and `verticalAlign`. Notes
 * are drawn crisp whatever their roughness: paper, not ink.
 */
void
confer_render_sticky_note (ConferRenderContext      *context,
                           cairo_t                  *cr,
                           const ConferBoardElement *element)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  double w = fabs (confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH));
  double h = fabs (confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT));
  ConferRenderColour paper;
  ConferRenderBox box;
  const char *text = confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT);

  confer_render_colour_parse (confer_board_element_get_string (element, CONFER_BOARD_PROP_BACKGROUND_COLOR), &paper);
  if (!confer_render_colour_is_visible (&paper))
    confer_render_colour_parse (DEFAULT_NOTE_COLOUR, &paper);

  cairo_save (cr);
  for (int i = (int) CONFER_RENDER_NOTE_SHADOW; i >= 1; i--)
    {
      cairo_new_path (cr);
      confer_render_rounded_box_path (cr, x + 2 - i / 2.0, y + 4 - i / 2.0, w + i, h + i, NOTE_RADIUS + i);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.025);
      cairo_fill (cr);
    }
  cairo_new_path (cr);
  confer_render_rounded_box_path (cr, x, y, w, h, NOTE_RADIUS);
  confer_render_colour_set_source (cr, &paper);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.08);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);

  box.x = x + CONFER_RENDER_NOTE_PADDING;
  box.y = y + CONFER_RENDER_NOTE_PADDING;
  box.width = MAX (w - 2 * CONFER_RENDER_NOTE_PADDING, 1);
  box.height = MAX (h - 2 * CONFER_RENDER_NOTE_PADDING, 1);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  confer_render_text_in_box (cr, element, text, &box, TRUE);
  cairo_restore (cr);
}
