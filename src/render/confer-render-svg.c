/* confer-render-svg.c: the texts of an SVG export, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cairo's SVG surface writes glyphs as shapes, so a search, a screen
 * reader or a copy finds no text in it. After Cairo has drawn the board,
 * every text and sticky note is written once more, as `<text>` with one
 * `<tspan>` per line, transparent, over its glyphs.
 */
#define G_LOG_DOMAIN "confer-render-svg"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-render-private.h"
#include "confer-render-svg.h"

static void
append_number (GString *svg,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (svg, g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

static void
append_text (GString                  *svg,
             ConferRenderContext      *context,
             const ConferBoardElement *element,
             const ConferRenderArea   *area)
{
  const char *text = confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT);
  const ConferBoardElement *container = NULL;
  double size = confer_board_element_get_number (element, CONFER_BOARD_PROP_FONT_SIZE);
  double line_height = size * confer_board_element_get_number (element, CONFER_BOARD_PROP_LINE_HEIGHT);
  double angle = confer_board_element_get_number (element, CONFER_BOARD_PROP_ANGLE);
  ConferRenderBox box;
  g_auto(GStrv) lines = NULL;
  double cx, cy;

  if (text == NULL || text[0] == '\0')
    return;
  if (element->type == CONFER_BOARD_ELEMENT_TEXT &&
      confer_render_text_container_box (context, element, &container, &box))
    {
      confer_render_element_centre (container, &cx, &cy);
      angle = confer_board_element_get_number (container, CONFER_BOARD_PROP_ANGLE);
    }
  else
    {
      box.x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
      box.y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
      if (element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE)
        {
          box.x += CONFER_RENDER_NOTE_PADDING;
          box.y += CONFER_RENDER_NOTE_PADDING;
        }
      confer_render_element_centre (element, &cx, &cy);
    }
  g_string_append (svg, "<text transform=\"matrix(");
  append_number (svg, area->scale);
  g_string_append (svg, " 0 0 ");
  append_number (svg, area->scale);
  g_string_append_c (svg, ' ');
  append_number (svg, -area->x * area->scale);
  g_string_append_c (svg, ' ');
  append_number (svg, -area->y * area->scale);
  g_string_append (svg, ") rotate(");
  append_number (svg, angle * 180 / G_PI);
  g_string_append_c (svg, ' ');
  append_number (svg, cx);
  g_string_append_c (svg, ' ');
  append_number (svg, cy);
  g_string_append (svg, ")\" font-size=\"");
  append_number (svg, size);
  g_string_append (svg, "\" fill-opacity=\"0\">");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      g_string_append (svg, "<tspan x=\"");
      append_number (svg, box.x);
      g_string_append (svg, "\" y=\"");
      append_number (svg, box.y + i * line_height + size);
      g_string_append_printf (svg, "\">%s</tspan>", escaped);
    }
  g_string_append (svg, "</text>\n");
}

/**
 * confer_render_svg_add_text:
 * @svg: an SVG document Cairo wrote for @area of @board
 * @board: the board
 * @area: the exported area and scale
 *
 * Adds, before the document's end, a group holding every live text's and
 * sticky note's text as transparent SVG text over where it was drawn.
 */
void
confer_render_svg_add_text (GString                *svg,
                            ConferBoard            *board,
                            const ConferRenderArea *area)
{
  g_autoptr(GPtrArray) elements = confer_board_list (board, FALSE);
  g_autoptr(GString) texts = g_string_new ("<g id=\"confer-text\">\n");
  ConferRenderContext context;
  const char *end = g_strrstr (svg->str, "</svg>");
  gsize at;

  if (end == NULL)
    return;
  at = end - svg->str;
  confer_render_context_init (&context, board, NULL, area->scale);
  for (guint i = 0; i < elements->len; i++)
    {
      const ConferBoardElement *element = g_ptr_array_index (elements, i);

      if (element->type == CONFER_BOARD_ELEMENT_TEXT || element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE)
        append_text (texts, &context, element, area);
    }
  confer_render_context_clear (&context);
  g_string_append (texts, "</g>\n");
  g_string_insert (svg, at, texts->str);
}
