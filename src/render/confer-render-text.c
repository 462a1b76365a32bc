/* confer-render-text.c: texts, in their boxes and in their containers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Texts are laid out by Pango with hinting of metrics off and glyph
 * positions unrounded, so that a text breaks its lines the same way at
 * every scale and on every surface (an image at 1× and 2×, SVG, PDF).
 */
#define G_LOG_DOMAIN "confer-render-text"

#include "config.h"

#include <math.h>

#include "confer-render-private.h"
#include "confer-render-text.h"

/**
 * confer_render_font_families:
 * @font_family: Excalidraw's `fontFamily` number
 *
 * The fonts a `fontFamily` is drawn in, as a Pango family list: the
 * Excalidraw font itself first, for a machine that has it, then the
 * nearest font Debian packages. The map:
 *
 * | fontFamily | Excalidraw font | then |
 * |---|---|---|
 * | 1 | Virgil (hand-drawn) | Comic Neue (fonts-comic-neue) |
 * | 2 | Helvetica | Liberation Sans, DejaVu Sans |
 * | 3 | Cascadia (code) | DejaVu Sans Mono |
 * | 5 | Excalifont (hand-drawn, the default) | Comic Neue |
 * | 6 | Nunito | DejaVu Sans |
 * | 7 | Lilita One | DejaVu Sans (bold is not implied) |
 * | 8 | Comic Shanns | Comic Neue |
 * | 9 | Liberation Sans | DejaVu Sans |
 * | other | — | DejaVu Sans |
 *
 * Each list ends with `sans-serif`, so fontconfig's fallback (Noto Color
 * Emoji, WenQuanYi for CJK…) covers the characters the fonts lack.
 *
 * Returns: (transfer none): a comma-separated family list
 */
const char *
confer_render_font_families (int font_family)
{
  switch (font_family)
    {
    case 1: return "Virgil,Comic Neue,DejaVu Sans,sans-serif";
    case 2: return "Helvetica,Liberation Sans,DejaVu Sans,sans-serif";
    case 3: return "Cascadia,Cascadia Code,DejaVu Sans Mono,monospace";
    case 5: return "Excalifont,Comic Neue,DejaVu Sans,sans-serif";
    case 6: return "Nunito,DejaVu Sans,sans-serif";
    case 7: return "Lilita One,DejaVu Sans,sans-serif";
    case 8: return "Comic Shanns,Comic Neue,DejaVu Sans,sans-serif";
    case 9: return "Liberation Sans,DejaVu Sans,sans-serif";
    default: return "DejaVu Sans,sans-serif";
    }
}

static PangoLayout *
make_layout (cairo_t                  *cr,
             const ConferBoardElement *element,
             const char               *text,
             double                    wrap_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *pango = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *font = pango_font_description_new ();
  double size = confer_board_element_get_number (element, CONFER_BOARD_PROP_FONT_SIZE);

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pango, FALSE);
  pango_layout_context_changed (layout);

  pango_font_description_set_family (font, confer_render_font_families ((int) confer_board_element_get_number (element, CONFER_BOARD_PROP_FONT_FAMILY)));
  pango_font_description_set_absolute_size (font, MAX (size, 0.1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (wrap_width > 0)
    {
      pango_layout_set_width (layout, (int) (wrap_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/**
 * confer_render_text_measure:
 * @element: a text element, for its font, size and line height
 * @text: the text
 * @width: (out): the widest line's width, scene px
 * @height: (out): the lines' height (`lineHeight` × `fontSize` each),
 *   scene px
 *
 * Measures @text unwrapped as confer_render_text_in_box() lays it out,
 * for the box of a text written on the board.
 */
void
confer_render_text_measure (const ConferBoardElement *element,
                            const char               *text,
                            double                   *width,
                            double                   *height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(PangoLayout) layout = make_layout (cr, element, text, -1);
  double font_size = confer_board_element_get_number (element, CONFER_BOARD_PROP_FONT_SIZE);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *width = logical.width / (double) PANGO_SCALE;
  *height = pango_layout_get_line_count (layout) * font_size *
            confer_board_element_get_number (element, CONFER_BOARD_PROP_LINE_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/**
 * confer_render_text_in_box:
 * @cr: a context in scene coordinates
 * @element: a text or sticky note, for its font, size, alignment, line
 *   height and stroke colour
 * @text: the text to draw
 * @box: where it goes
 * @wrap: break lines at @box's width
 *
 * Draws @text in @box: lines `lineHeight` × `fontSize` apart, each line's
 * glyphs centred vertically in its line as Excalidraw places them,
 * aligned by `textAlign` across the box and the block by `verticalAlign`
 * down it.
 */
void
confer_render_text_in_box (cairo_t                  *cr,
                           const ConferBoardElement *element,
                           const char               *text,
                           const ConferRenderBox    *box,
                           gboolean                  wrap)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutIter *iter;
  const char *align = confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT_ALIGN);
  const char *valign = confer_board_element_get_string (element, CONFER_BOARD_PROP_VERTICAL_ALIGN);
  double font_size = confer_board_element_get_number (element, CONFER_BOARD_PROP_FONT_SIZE);
  double line_height = font_size * confer_board_element_get_number (element, CONFER_BOARD_PROP_LINE_HEIGHT);
  ConferRenderColour colour;
  double top;
  int n_lines, i = 0;

  confer_render_colour_parse (confer_board_element_get_string (element, CONFER_BOARD_PROP_STROKE_COLOR), &colour);
  if (!confer_render_colour_is_visible (&colour) || text == NULL || text[0] == '\0')
    return;
  layout = make_layout (cr, element, text, wrap ? MAX (box->width, 1) : -1);
  n_lines = pango_layout_get_line_count (layout);
  top = box->y;
  if (g_strcmp0 (valign, "middle") == 0)
    top += (box->height - n_lines * line_height) / 2;
  else if (g_strcmp0 (valign, "bottom") == 0)
    top += box->height - n_lines * line_height;

  confer_render_colour_set_source (cr, &colour);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle ink, logical;
      PangoFontMetrics *metrics;
      double width, ascent, descent, lx;

      pango_layout_line_get_extents (line, &ink, &logical);
      width = logical.width / (double) PANGO_SCALE;
      /* The font's own ascent and descent, not the line's (which grows
       * with fallback fonts), so every line sits alike. */
      metrics = pango_context_get_metrics (pango_layout_get_context (layout),
                                           pango_layout_get_font_description (layout), NULL);
      ascent = pango_font_metrics_get_ascent (metrics) / (double) PANGO_SCALE;
      descent = pango_font_metrics_get_descent (metrics) / (double) PANGO_SCALE;
      pango_font_metrics_unref (metrics);

      lx = box->x;
      if (g_strcmp0 (align, "center") == 0)
        lx += (box->width - width) / 2;
      else if (g_strcmp0 (align, "right") == 0)
        lx += box->width - width;
      cairo_move_to (cr, lx - logical.x / (double) PANGO_SCALE,
                     top + i * line_height + (line_height - (ascent + descent)) / 2 + ascent);
      pango_cairo_show_layout_line (cr, line);
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/**
 * confer_render_text_container_box:
 * @context: the drawing pass
 * @text: a text element
 * @container: (out) (optional) (transfer none): its live container
 * @box: (out): where its text goes inside the container
 *
 * Finds the box a bound text is laid out in: a rectangle's, inset by 5 px
 * (Excalidraw's BOUND_TEXT_PADDING); the rectangle inscribed in an
 * ellipse (its size / √2) or in a diamond (half its size), inset alike.
 *
 * Returns: %TRUE if @text has a live rectangle, ellipse or diamond as its
 *   `containerId` (a label on an arrow keeps its own box)
 */
gboolean
confer_render_text_container_box (ConferRenderContext       *context,
                                  const ConferBoardElement  *text,
                                  const ConferBoardElement **container,
                                  ConferRenderBox           *box)
{
  const char *container_id = confer_board_element_get_string (text, CONFER_BOARD_PROP_CONTAINER_ID);
  const ConferBoardElement *parent;
  double x, y, w, h, inner_w, inner_h;

  if (container_id == NULL || context->board == NULL ||
      (parent = confer_board_lookup (context->board, container_id)) == NULL || parent->deleted)
    return FALSE;
  if (parent->type != CONFER_BOARD_ELEMENT_RECTANGLE && parent->type != CONFER_BOARD_ELEMENT_ELLIPSE &&
      parent->type != CONFER_BOARD_ELEMENT_DIAMOND)
    return FALSE;
  x = confer_board_element_get_number (parent, CONFER_BOARD_PROP_X);
  y = confer_board_element_get_number (parent, CONFER_BOARD_PROP_Y);
  w = fabs (confer_board_element_get_number (parent, CONFER_BOARD_PROP_WIDTH));
  h = fabs (confer_board_element_get_number (parent, CONFER_BOARD_PROP_HEIGHT));
  if (parent->type == CONFER_BOARD_ELEMENT_ELLIPSE)
    {
      inner_w = w / G_SQRT2;
      inner_h = h / G_SQRT2;
    }
  else if (parent->type == CONFER_BOARD_ELEMENT_DIAMOND)
    {
      inner_w = w / 2;
      inner_h = h / 2;
    }
  else
    {
      inner_w = w;
      inner_h = h;
    }
  inner_w = MAX (inner_w - 2 * CONFER_RENDER_TEXT_PADDING, 1);
  inner_h = MAX (inner_h - 2 * CONFER_RENDER_TEXT_PADDING, 1);
  box->x = x + (w - inner_w) / 2;
  box->y = y + (h - inner_h) / 2;
  box->width = inner_w;
  box->height = inner_h;
  if (container != NULL)
    *container = parent;
  return TRUE;
}

/**
 * confer_render_text:
 * @context: the drawing pass
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: a text element
 *
 * Draws a text in its stroke colour: inside its container, wrapped to
 * it, when it has one (confer_render_text_container_box(), from
 * `originalText`, the text before Excalidraw wrapped it); otherwise in
 * its own box, wrapped at its width only when `autoResize` is off.
 */
void
confer_render_text (ConferRenderContext      *context,
                    cairo_t                  *cr,
                    const ConferBoardElement *element)
{
  ConferRenderBox box;
  const char *text = confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT);
  const ConferBoardValue *auto_resize = confer_board_element_get (element, CONFER_BOARD_PROP_AUTO_RESIZE);

  if (confer_render_text_container_box (context, element, NULL, &box))
    {
      const char *original = confer_board_element_get_string (element, CONFER_BOARD_PROP_ORIGINAL_TEXT);

      confer_render_text_in_box (cr, element, original != NULL && original[0] != '\0' ? original : text, &box, TRUE);
      return;
    }
  box.x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  box.y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  box.width = confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH);
  box.height = confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT);
  confer_render_text_in_box (cr, element, text, &box,
                             auto_resize->kind == CONFER_BOARD_VALUE_BOOLEAN && !auto_resize->boolean);
}
