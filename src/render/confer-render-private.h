/* confer-render-private.h: what the files of libconfer-render share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "confer-render-board.h"
#include "confer-render-colour.h"
#include "confer-render-rough.h"

G_BEGIN_DECLS

/* One drawing pass: the board (for containers and frames), the images'
 * bytes and the surfaces decoded from them so far. */
typedef struct
{
  ConferBoard *board;
  GHashTable  *images;    /* blob name → GBytes, nullable */
  GHashTable  *decoded;   /* blob name → cairo_surface_t, NULL when undecodable */
  double       scale;     /* device units per scene px */
} ConferRenderContext;

/* An element's look, read once. */
typedef struct
{
  ConferRenderColour stroke;
  ConferRenderColour background;
  double             stroke_width;
  const char        *stroke_style;   /* solid, dashed, dotted */
  const char        *fill_style;     /* solid, hachure, cross-hatch, zigzag */
  double             roughness;
  guint32            seed;
} ConferRenderStyle;

void     confer_render_context_init   (ConferRenderContext      *context,
                                       ConferBoard              *board,
                                       GHashTable               *images,
                                       double                    scale);
void     confer_render_context_clear  (ConferRenderContext      *context);

void     confer_render_style_init     (ConferRenderStyle        *style,
                                       const ConferBoardElement *element);
gboolean confer_render_style_stroke   (const ConferRenderStyle  *style,
                                       cairo_t                  *cr);
void     confer_render_fill_pattern   (const ConferRenderStyle  *style,
                                       ConferRough              *rough,
                                       cairo_t                  *cr,
                                       double                    x,
                                       double                    y,
                                       double                    width,
                                       double                    height);
double   confer_render_corner_radius  (const ConferBoardElement *element,
                                       double                    size);
void     confer_render_points         (const ConferBoardElement *element,
                                       const double            **xy,
                                       guint                    *n);
void     confer_render_element_centre (const ConferBoardElement *element,
                                       double                   *cx,
                                       double                   *cy);

void     confer_render_shape          (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
void     confer_render_linear         (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
double   confer_render_arrowhead_size (const char               *arrowhead,
                                       double                    stroke_width);
void     confer_render_freedraw       (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
double   confer_render_freedraw_size  (const ConferBoardElement *element);
void     confer_render_text           (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
void     confer_render_text_in_box    (cairo_t                  *cr,
                                       const ConferBoardElement *element,
                                       const char               *text,
                                       const ConferRenderBox    *box,
                                       gboolean                  wrap);
gboolean confer_render_text_container_box (ConferRenderContext      *context,
                                           const ConferBoardElement *text,
                                           const ConferBoardElement **container,
                                           ConferRenderBox           *box);
void     confer_render_sticky_note    (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
void     confer_render_image          (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
void     confer_render_frame          (ConferRenderContext      *context,
                                       cairo_t                  *cr,
                                       const ConferBoardElement *element);
void     confer_render_frame_clip     (cairo_t                  *cr,
                                       const ConferBoardElement *frame);

/* Excalidraw's look for frames (FRAME_STYLE in its constants.ts). */
#define CONFER_RENDER_FRAME_RADIUS      8.0
#define CONFER_RENDER_FRAME_NAME_SIZE   14.0
#define CONFER_RENDER_FRAME_NAME_OFFSET 6.0
/* Space between a container's edge and its text (BOUND_TEXT_PADDING). */
#define CONFER_RENDER_TEXT_PADDING      5.0
/* A sticky note's text inset and its shadow's reach. */
#define CONFER_RENDER_NOTE_PADDING      12.0
#define CONFER_RENDER_NOTE_SHADOW       8.0

void     confer_render_rounded_box_path (cairo_t *cr,
                                         double   x,
                                         double   y,
                                         double   w,
                                         double   h,
                                         double   r);

G_END_DECLS
