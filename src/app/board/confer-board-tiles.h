/* confer-board-tiles.h: a board drawn once into tiles of pixels, so that
 * a canvas pans by copying them and redraws only what changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-render.h"

G_BEGIN_DECLS

#define CONFER_BOARD_TILE_SIZE 256   /* device px on a side */

/**
 * ConferBoardScene:
 * @board: the board to draw
 * @index: its live elements' drawn boxes (confer_render_element_get_bounds())
 * @images: (nullable) (element-type utf8 GBytes): image bytes by blob name
 * @paper: the colour under the elements
 * @grid: scene px between the grid's lines, 0 for none
 * @hidden: (nullable): the id of an element not to draw (a text being
 *   edited in place, which its editor shows)
 *
 * What tiles are drawn from.
 */
typedef struct
{
  ConferBoard        *board;
  ConferBoardIndex   *index;
  GHashTable         *images;
  ConferRenderColour  paper;
  double              grid;
  const char         *hidden;
} ConferBoardScene;

typedef struct _ConferBoardTiles ConferBoardTiles;

ConferBoardTiles *confer_board_tiles_new       (void);
void              confer_board_tiles_free      (ConferBoardTiles       *self);
void              confer_board_tiles_set_scale (ConferBoardTiles       *self,
                                                double                  scale);
double            confer_board_tiles_get_scale (ConferBoardTiles       *self);
void              confer_board_tiles_damage    (ConferBoardTiles       *self,
                                                const ConferRenderBox  *box);
void              confer_board_tiles_clear     (ConferBoardTiles       *self);
void              confer_board_tiles_snapshot  (ConferBoardTiles       *self,
                                                const ConferBoardScene *scene,
                                                GtkSnapshot            *snapshot,
                                                double                  x,
                                                double                  y,
                                                int                     width,
                                                int                     height,
                                                int                     factor);
gboolean          confer_board_tiles_prepare   (ConferBoardTiles       *self,
                                                const ConferBoardScene *scene,
                                                double                  x,
                                                double                  y,
                                                int                     width,
                                                int                     height,
                                                gboolean               *in_view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferBoardTiles, confer_board_tiles_free)

G_END_DECLS
