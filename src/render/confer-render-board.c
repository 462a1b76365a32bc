/* confer-render-board.c: draws a board, or a region of it, at a scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-board"

#include "config.h"

#include <math.h>

#include "confer-render-private.h"

/**
 * confer_render_context_init:
 * @context: (out caller-allocates): a drawing pass
 * @board: (nullable): the board, for containers and frames
 * @images: (nullable) (element-type utf8 GBytes): image bytes by blob name
 * @scale: device units per scene px
 *
 * Begins a drawing pass; end it with confer_render_context_clear().
 */
void
confer_render_context_init (ConferRenderContext *context,
                            ConferBoard         *board,
                            GHashTable          *images,
                            double               scale)
{
  context->board = board;
  context->images = images;
  context->decoded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) cairo_surface_destroy);
  context->scale = scale;
}

/**
 * confer_render_context_clear:
 * @context: a drawing pass
 *
 * Frees what the pass decoded.
 */
void
confer_render_context_clear (ConferRenderContext *context)
{
  g_clear_pointer (&context->decoded, g_hash_table_unref);
}

static void
draw_element (ConferRenderContext      *context,
              cairo_t                  *cr,
              const ConferBoardElement *element)
{
  double opacity = confer_board_element_get_number (element, CONFER_BOARD_PROP_OPACITY);
  double angle = confer_board_element_get_number (element, CONFER_BOARD_PROP_ANGLE);
  const char *frame_id = confer_board_element_get_string (element, CONFER_BOARD_PROP_FRAME_ID);
  const ConferBoardElement *container = NULL;
  ConferRenderBox inner;
  double cx, cy;

  if (opacity <= 0)
    return;
  cairo_save (cr);
  /* A frame's children are clipped to it. */
  if (frame_id != NULL && context->board != NULL && element->type != CONFER_BOARD_ELEMENT_FRAME)
    {
      const ConferBoardElement *frame = confer_board_lookup (context->board, frame_id);

      if (frame != NULL && !frame->deleted && frame->type == CONFER_BOARD_ELEMENT_FRAME)
        confer_render_frame_clip (cr, frame);
    }
  /* A text bound in a shape turns with it, about its centre. */
  if (element->type == CONFER_BOARD_ELEMENT_TEXT &&
      confer_render_text_container_box (context, element, &container, &inner))
    {
      confer_render_element_centre (container, &cx, &cy);
      angle = confer_board_element_get_number (container, CONFER_BOARD_PROP_ANGLE);
    }
  else
    confer_render_element_centre (element, &cx, &cy);
  if (angle != 0)
    {
      cairo_translate (cr, cx, cy);
      cairo_rotate (cr, angle);
      cairo_translate (cr, -cx, -cy);
    }
  if (opacity < 100)
    cairo_push_group (cr);

  switch (element->type)
    {
    case CONFER_BOARD_ELEMENT_RECTANGLE:
    case CONFER_BOARD_ELEMENT_ELLIPSE:
    case CONFER_BOARD_ELEMENT_DIAMOND:
      confer_render_shape (context, cr, element);
      break;
    case CONFER_BOARD_ELEMENT_LINE:
    case CONFER_BOARD_ELEMENT_ARROW:
      confer_render_linear (context, cr, element);
      break;
    case CONFER_BOARD_ELEMENT_FREEDRAW:
      confer_render_freedraw (context, cr, element);
      break;
    case CONFER_BOARD_ELEMENT_TEXT:
      confer_render_text (context, cr, element);
      break;
    case CONFER_BOARD_ELEMENT_STICKY_NOTE:
      confer_render_sticky_note (context, cr, element);
      break;
    case CONFER_BOARD_ELEMENT_IMAGE:
      confer_render_image (context, cr, element);
      break;
    case CONFER_BOARD_ELEMENT_FRAME:
      confer_render_frame (context, cr, element);
      break;
    default:
      break;
    }

  if (opacity < 100)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, opacity / 100);
    }
  cairo_restore (cr);
}

static gboolean
boxes_meet (const ConferRenderBox *a,
            const ConferRenderBox *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

/**
 * confer_render_board:
 * @cr: a Cairo context on any surface (image, SVG, PDF, a widget's)
 * @board: the board
 * @images: (nullable) (element-type utf8 GBytes): the images' bytes by
 *   blob name (an element's `fileId`); an image without bytes is drawn as
 *   a placeholder
 * @area: the region of the scene to draw and its scale
 *
 * Draws the live elements of @board that meet @area, bottom to top, each
 * turned by its `angle` about its centre and faded by its `opacity`, onto
 * @cr: scene point (@area->x, @area->y) lands on @cr's current origin, and
 * one scene px is @area->scale units. Drawing is clipped to the area.
 * Nothing is painted behind the elements (see confer_render_export() for
 * a background). @cr's state is left as it was.
 */
void
confer_render_board (cairo_t                *cr,
                     ConferBoard            *board,
                     GHashTable             *images,
                     const ConferRenderArea *area)
{
  g_autoptr(GPtrArray) elements = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (board != NULL);
  g_return_if_fail (area != NULL && area->scale > 0);

  elements = confer_board_list (board, FALSE);
  confer_render_board_elements (cr, board, elements, images, area);
}

/**
 * confer_render_board_elements:
 * @cr: where to draw
 * @board: the board the elements are on, for their containers and frames
 * @elements: (element-type ConferBoardElement): its live elements, bottom
 *   to top, as confer_board_list() gives them
 * @images: (nullable) (element-type utf8 GBytes): image bytes by blob name
 * @area: the region of the scene to draw and its scale
 *
 * confer_render_board() with the elements already listed. It only reads
 * @board, @elements and @images, so threads may draw one listing into
 * different surfaces at once (confer_board_list() itself may not run
 * while another thread uses the board).
 */
void
confer_render_board_elements (cairo_t                *cr,
                              ConferBoard            *board,
                              GPtrArray              *elements,
                              GHashTable             *images,
                              const ConferRenderArea *area)
{
  ConferRenderContext context;
  ConferRenderBox view = { area->x, area->y, area->width, area->height };

  confer_render_context_init (&context, board, images, area->scale);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, area->width * area->scale, area->height * area->scale);
  cairo_clip (cr);
  cairo_scale (cr, area->scale, area->scale);
  cairo_translate (cr, -area->x, -area->y);
  for (guint i = 0; i < elements->len; i++)
    {
      const ConferBoardElement *element = g_ptr_array_index (elements, i);
      ConferRenderBox box;

      confer_render_element_get_bounds (board, element, &box);
      if (boxes_meet (&box, &view))
        draw_element (&context, cr, element);
    }
  cairo_restore (cr);
  confer_render_context_clear (&context);
}

/**
 * confer_render_element:
 * @cr: a Cairo context whose user space is the scene's (scene px)
 * @board: (nullable): the board @element is on, for its container and
 *   frame
 * @images: (nullable) (element-type utf8 GBytes): image bytes by blob name
 * @element: an element
 *
 * Draws one element as confer_render_board() does (turned, faded,
 * clipped to its frame), in @cr's current user space. @cr's state is left
 * as it was.
 */
void
confer_render_element (cairo_t                  *cr,
                       ConferBoard              *board,
                       GHashTable               *images,
                       const ConferBoardElement *element)
{
  ConferRenderContext context;
  double ux = 1, uy = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (element != NULL);

  cairo_user_to_device_distance (cr, &ux, &uy);
  confer_render_context_init (&context, board, images, hypot (ux, uy));
  draw_element (&context, cr, element);
  confer_render_context_clear (&context);
}

static void
box_add_point (ConferRenderBox *box,
               gboolean        *empty,
               double           x,
               double           y)
{
  if (*empty)
    {
      *box = (ConferRenderBox) { x, y, 0, 0 };
      *empty = FALSE;
      return;
    }
  if (x < box->x) { box->width += box->x - x; box->x = x; }
  if (y < box->y) { box->height += box->y - y; box->y = y; }
  if (x > box->x + box->width) box->width = x - box->x;
  if (y > box->y + box->height) box->height = y - box->y;
}

/**
 * confer_render_element_get_bounds:
 * @board: (nullable): the board @element is on (for a bound text's
 *   container)
 * @element: an element
 * @bounds: (out): the axis-aligned box holding what it draws
 *
 * The box holding @element as it is drawn: its box (a line's, arrow's or
 * stroke's points' box) turned by its `angle`, grown by half its stroke
 * width, by 2 px per unit of roughness (sketched strokes stray), by half
 * an arrowhead (bars and dots stick out sideways), by half the ink's width
 * for strokes, by a sticky note's shadow and by a frame's name above it.
 */
void
confer_render_element_get_bounds (ConferBoard              *board,
                                  const ConferBoardElement *element,
                                  ConferRenderBox          *bounds)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  double w = confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH);
  double h = confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT);
  double angle = confer_board_element_get_number (element, CONFER_BOARD_PROP_ANGLE);
  double stroke_width = MAX (confer_board_element_get_number (element, CONFER_BOARD_PROP_STROKE_WIDTH), 0);
  double roughness = MAX (confer_board_element_get_number (element, CONFER_BOARD_PROP_ROUGHNESS), 0);
  double x0, y0, x1, y1, grow = 0, top = 0, cx, cy, c, s;
  gboolean empty = TRUE;

  g_return_if_fail (element != NULL && bounds != NULL);

  switch (element->type)
    {
    case CONFER_BOARD_ELEMENT_LINE:
    case CONFER_BOARD_ELEMENT_ARROW:
    case CONFER_BOARD_ELEMENT_FREEDRAW:
      {
        const double *xy;
        guint n;

        confer_render_points (element, &xy, &n);
        x0 = x1 = x;
        y0 = y1 = y;
        if (n > 0)
          {
            x0 = x1 = x + xy[0];
            y0 = y1 = y + xy[1];
            for (guint i = 1; i < n; i++)
              {
                x0 = MIN (x0, x + xy[2 * i]);
                x1 = MAX (x1, x + xy[2 * i]);
                y0 = MIN (y0, y + xy[2 * i + 1]);
                y1 = MAX (y1, y + xy[2 * i + 1]);
              }
          }
        if (element->type == CONFER_BOARD_ELEMENT_FREEDRAW)
          grow = confer_render_freedraw_size (element) / 2 + 1;
        else
          {
            double head = MAX (confer_render_arrowhead_size (confer_board_element_get_string (element, CONFER_BOARD_PROP_START_ARROWHEAD), stroke_width),
                               confer_render_arrowhead_size (confer_board_element_get_string (element, CONFER_BOARD_PROP_END_ARROWHEAD), stroke_width));

            grow = MAX (stroke_width / 2 + 0.5, head * 0.6) + 2 * roughness;
          }
      }
      break;
    default:
      if (w < 0) { x += w; w = -w; }
      if (h < 0) { y += h; h = -h; }
      x0 = x;
      y0 = y;
      x1 = x + w;
      y1 = y + h;
      if (element->type == CONFER_BOARD_ELEMENT_TEXT)
        grow = 1;
      else if (element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE)
        grow = CONFER_RENDER_NOTE_SHADOW / 2 + 4;
      else if (element->type == CONFER_BOARD_ELEMENT_FRAME)
        {
          grow = 1;
          top = CONFER_RENDER_FRAME_NAME_OFFSET + CONFER_RENDER_FRAME_NAME_SIZE * 1.4;
        }
      else if (element->type == CONFER_BOARD_ELEMENT_IMAGE)
        grow = 0;
      else
        grow = stroke_width / 2 + 0.5 + 2 * roughness;
      break;
    }

  /* A bound text turns with its container. */
  if (element->type == CONFER_BOARD_ELEMENT_TEXT && board != NULL)
    {
      const char *container_id = confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID);
      const ConferBoardElement *container = container_id != NULL ? confer_board_lookup (board, container_id) : NULL;

      if (container != NULL && !container->deleted)
        {
          ConferRenderBox outer;

          /* Its text stays inside the container's box. */
          confer_render_element_get_bounds (NULL, container, &outer);
          *bounds = outer;
          return;
        }
    }

  cx = (x0 + x1) / 2;
  cy = (y0 + y1) / 2;
  if (element->type != CONFER_BOARD_ELEMENT_LINE && element->type != CONFER_BOARD_ELEMENT_ARROW &&
      element->type != CONFER_BOARD_ELEMENT_FREEDRAW)
    confer_render_element_centre (element, &cx, &cy);
  c = cos (angle);
  s = sin (angle);
  for (int i = 0; i < 4; i++)
    {
      double px = (i & 1 ? x1 + grow : x0 - grow) - cx;
      double py = (i & 2 ? y1 + grow : y0 - grow - top) - cy;

      box_add_point (bounds, &empty, cx + px * c - py * s, cy + px * s + py * c);
    }
}

/**
 * confer_render_get_bounds:
 * @board: a board
 * @bounds: (out): the box holding every live element as drawn (see
 *   confer_render_element_get_bounds()), a frame's children only as far
 *   as their frame shows them, scene px
 *
 * Returns: %FALSE if @board has no live element (then @bounds is empty,
 *   at the origin)
 */
gboolean
confer_render_get_bounds (ConferBoard     *board,
                          ConferRenderBox *bounds)
{
  g_autoptr(GPtrArray) elements = NULL;
  gboolean empty = TRUE;

  g_return_val_if_fail (board != NULL, FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  *bounds = (ConferRenderBox) { 0, 0, 0, 0 };
  elements = confer_board_list (board, FALSE);
  for (guint i = 0; i < elements->len; i++)
    {
      ConferRenderBox box;

      const ConferBoardElement *element = g_ptr_array_index (elements, i);
      const char *frame_id = confer_board_element_get_string (element, CONFER_BOARD_PROP_FRAME_ID);
      const ConferBoardElement *frame = frame_id != NULL ? confer_board_lookup (board, frame_id) : NULL;

      confer_render_element_get_bounds (board, element, &box);
      /* A frame's child shows only inside it. */
      if (frame != NULL && !frame->deleted && frame->type == CONFER_BOARD_ELEMENT_FRAME &&
          element->type != CONFER_BOARD_ELEMENT_FRAME)
        {
          ConferRenderBox clip;
          double x0, y0, x1, y1;

          confer_render_element_get_bounds (board, frame, &clip);
          x0 = MAX (box.x, clip.x);
          y0 = MAX (box.y, clip.y);
          x1 = MIN (box.x + box.width, clip.x + clip.width);
          y1 = MIN (box.y + box.height, clip.y + clip.height);
          if (x1 < x0 || y1 < y0)
            continue;
          box = (ConferRenderBox) { x0, y0, x1 - x0, y1 - y0 };
        }
      box_add_point (bounds, &empty, box.x, box.y);
      box_add_point (bounds, &empty, box.x + box.width, box.y + box.height);
    }
  return !empty;
}
