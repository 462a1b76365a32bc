/* confer-board-canvas.h: the infinite canvas a board is drawn and edited on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-net.h"

G_BEGIN_DECLS

/**
 * ConferBoardTool:
 * @CONFER_BOARD_TOOL_SELECT: select, move, resize and turn (V)
 * @CONFER_BOARD_TOOL_HAND: pan (H)
 * @CONFER_BOARD_TOOL_RECTANGLE: draw rectangles (R)
 * @CONFER_BOARD_TOOL_DIAMOND: draw diamonds (D)
 * @CONFER_BOARD_TOOL_ELLIPSE: draw ellipses (O)
 * @CONFER_BOARD_TOOL_ARROW: draw arrows, bound to the shapes at their ends (A)
 * @CONFER_BOARD_TOOL_LINE: draw lines (L)
 * @CONFER_BOARD_TOOL_PEN: draw ink (P)
 * @CONFER_BOARD_TOOL_TEXT: write text (T)
 * @CONFER_BOARD_TOOL_STICKY_NOTE: put sticky notes (S)
 * @CONFER_BOARD_TOOL_IMAGE: put images (I)
 * @CONFER_BOARD_TOOL_ERASER: erase whole elements (E)
 * @CONFER_BOARD_TOOL_FRAME: draw frames (F)
 * @CONFER_BOARD_TOOL_LASER: point with a fading trail everyone sees (K)
 *
 * The canvas's tools, with Excalidraw's single-key shortcuts.
 */
typedef enum
{
  CONFER_BOARD_TOOL_SELECT,
  CONFER_BOARD_TOOL_HAND,
  CONFER_BOARD_TOOL_RECTANGLE,
  CONFER_BOARD_TOOL_DIAMOND,
  CONFER_BOARD_TOOL_ELLIPSE,
  CONFER_BOARD_TOOL_ARROW,
  CONFER_BOARD_TOOL_LINE,
  CONFER_BOARD_TOOL_PEN,
  CONFER_BOARD_TOOL_TEXT,
  CONFER_BOARD_TOOL_STICKY_NOTE,
  CONFER_BOARD_TOOL_IMAGE,
  CONFER_BOARD_TOOL_ERASER,
  CONFER_BOARD_TOOL_FRAME,
  CONFER_BOARD_TOOL_LASER,
} ConferBoardTool;

#define CONFER_BOARD_N_TOOLS (CONFER_BOARD_TOOL_LASER + 1)

#define CONFER_BOARD_MIN_ZOOM 0.1
#define CONFER_BOARD_MAX_ZOOM 30.0
#define CONFER_BOARD_GRID     20    /* scene px between grid lines */

#define CONFER_TYPE_BOARD_CANVAS (confer_board_canvas_get_type ())

G_DECLARE_FINAL_TYPE (ConferBoardCanvas, confer_board_canvas, CONFER, BOARD_CANVAS, GtkWidget)

GtkWidget         *confer_board_canvas_new            (ConferClient      *client,
                                                       ConferClientBoard *board);
ConferClientBoard *confer_board_canvas_get_board      (ConferBoardCanvas *self);
const char        *confer_board_tool_get_name         (ConferBoardTool    tool);
gboolean           confer_board_tool_from_name        (const char        *name,
                                                       ConferBoardTool   *tool);
ConferBoardTool    confer_board_canvas_get_tool       (ConferBoardCanvas *self);
void               confer_board_canvas_set_tool       (ConferBoardCanvas *self,
                                                       ConferBoardTool    tool);
double             confer_board_canvas_get_zoom       (ConferBoardCanvas *self);
void               confer_board_canvas_zoom_at        (ConferBoardCanvas *self,
                                                       double             zoom,
                                                       double             x,
                                                       double             y);
void               confer_board_canvas_pan            (ConferBoardCanvas *self,
                                                       double             dx,
                                                       double             dy);
void               confer_board_canvas_get_view       (ConferBoardCanvas *self,
                                                       double            *x,
                                                       double            *y);
void               confer_board_canvas_set_view       (ConferBoardCanvas *self,
                                                       double             x,
                                                       double             y,
                                                       double             zoom);
void               confer_board_canvas_zoom_to_fit    (ConferBoardCanvas *self,
                                                       gboolean           selection);
gboolean           confer_board_canvas_get_grid       (ConferBoardCanvas *self);
void               confer_board_canvas_set_grid       (ConferBoardCanvas *self,
                                                       gboolean           grid);
GStrv              confer_board_canvas_get_selection  (ConferBoardCanvas *self);
void               confer_board_canvas_set_selection  (ConferBoardCanvas *self,
                                                       const char *const *ids);
void               confer_board_canvas_set_style      (ConferBoardCanvas *self,
                                                       ConferBoardProp    prop,
                                                       const ConferBoardValue *value);
const ConferBoardValue *confer_board_canvas_get_style (ConferBoardCanvas *self,
                                                       ConferBoardProp    prop);
void               confer_board_canvas_follow         (ConferBoardCanvas *self,
                                                       const char        *participant_id);
const char        *confer_board_canvas_get_following  (ConferBoardCanvas *self);
void               confer_board_canvas_add_image      (ConferBoardCanvas *self,
                                                       GBytes            *bytes,
                                                       double             x,
                                                       double             y);
void               confer_board_canvas_copy           (ConferBoardCanvas *self,
                                                       gboolean           cut);
void               confer_board_canvas_paste          (ConferBoardCanvas *self);

G_END_DECLS
