/* confer-render-board.h: draws a board onto a Cairo surface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "confer-core.h"
#include "confer-render-colour.h"

G_BEGIN_DECLS

/**
 * ConferRenderBox:
 * @x: left, scene px
 * @y: top, scene px
 * @width: scene px, ≥ 0
 * @height: scene px, ≥ 0
 *
 * An axis-aligned box of the scene.
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} ConferRenderBox;

/**
 * ConferRenderArea:
 * @x: the scene x drawn at the target's left edge, scene px
 * @y: the scene y drawn at the target's top edge, scene px
 * @width: how much of the scene is drawn across, scene px
 * @height: how much of the scene is drawn down, scene px
 * @scale: target units per scene px (2 draws a 2× image), > 0
 *
 * The region of a board to draw and its zoom: the target receives a
 * @width × @scale by @height × @scale picture at its origin.
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
  double scale;
} ConferRenderArea;

void     confer_render_board              (cairo_t                  *cr,
                                           ConferBoard              *board,
                                           GHashTable               *images,
                                           const ConferRenderArea   *area);
void     confer_render_board_elements     (cairo_t                  *cr,
                                           ConferBoard              *board,
                                           GPtrArray                *elements,
                                           GHashTable               *images,
                                           const ConferRenderArea   *area);
void     confer_render_element            (cairo_t                  *cr,
                                           ConferBoard              *board,
                                           GHashTable               *images,
                                           const ConferBoardElement *element);
gboolean confer_render_get_bounds         (ConferBoard              *board,
                                           ConferRenderBox          *bounds);
void     confer_render_ink                (cairo_t                  *cr,
                                           const double             *points,
                                           guint                     n_points,
                                           double                    stroke_width,
                                           const ConferRenderColour *colour);
void     confer_render_element_get_bounds (ConferBoard              *board,
                                           const ConferBoardElement *element,
                                           ConferRenderBox          *bounds);

G_END_DECLS
