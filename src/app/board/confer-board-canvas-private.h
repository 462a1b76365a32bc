/* confer-board-canvas-private.h: what the canvas's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-board-canvas.h"
#include "confer-board-tiles.h"

G_BEGIN_DECLS

/* What a press and drag is doing. */
typedef enum
{
  DRAG_NONE,
  DRAG_PAN,      /* the view follows the pointer */
  DRAG_CREATE,   /* a box-shaped element (the draft) grows */
  DRAG_LINEAR,   /* a line or arrow (the draft) stretches */
  DRAG_PEN,      /* ink points gather */
  DRAG_MOVE,     /* the selection moves */
  DRAG_RESIZE,   /* the selection's box changes by a handle */
  DRAG_ROTATE,   /* the selection turns about its centre */
  DRAG_BAND,     /* a rubber band selects what it holds */
  DRAG_LASSO,    /* a lasso selects what it holds */
  DRAG_ERASE,    /* what the eraser touches fades, and goes at the end */
  DRAG_LASER,    /* a fading trail */
} ConferBoardDrag;

/* Handles of the selection's box, clockwise from the top left, then the
 * turning handle above it. */
typedef enum
{
  HANDLE_NONE = -1,
  HANDLE_NW,
  HANDLE_N,
  HANDLE_NE,
  HANDLE_E,
  HANDLE_SE,
  HANDLE_S,
  HANDLE_SW,
  HANDLE_W,
  HANDLE_ROTATE,
} ConferBoardHandle;

#define HANDLE_SIZE      8     /* widget px */
#define ROTATE_OFFSET    24    /* widget px above the box */
#define HIT_TOLERANCE    6     /* widget px */
#define LASER_FADE_MS    1200  /* how long a laser point shows */

struct _ConferBoardCanvas
{
  GtkWidget          parent_instance;

  ConferClient      *client;
  ConferClientBoard *board;
  ConferBoardIndex  *index;      /* live elements' drawn boxes */
  ConferBoardTiles  *tiles;
  GHashTable        *images;     /* blob name → GBytes */
  GHashTable        *fetching;   /* blob names asked for */
  char              *top_key;    /* the highest z-order key seen */

  /* The view: the scene point at the widget's top left, and widget px
   * per scene px. */
  double             x;
  double             y;
  double             zoom;
  gboolean           grid;
  gboolean           fitted;       /* zoomed to fit once the board came */
  guint              prepare_id;   /* drawing tiles around the view */

  ConferBoardTool    tool;
  GPtrArray         *selection;    /* ids, bottom to top as chosen */
  ConferBoardValue   style[CONFER_BOARD_N_PROPS];   /* for new elements */

  /* The pointer and the drag under way */
  gboolean           has_pointer;
  double             pointer_x;    /* widget px */
  double             pointer_y;
  gboolean           space_held;
  ConferBoardDrag    drag;
  ConferBoardHandle  handle;
  double             press_x;      /* scene px */
  double             press_y;
  double             moved_x;      /* how far a move has gone, scene px */
  double             moved_y;
  double             drag_angle;   /* how far a turn has gone, radians */
  double             drag_box[4];  /* the selection's box at the press */
  gboolean           drag_applied; /* the drag has changed the board */
  ConferBoardElement *draft;       /* the element being drawn */
  GArray            *points;       /* x, y, pressure of ink, laser, lasso */
  gboolean           pressure_real;
  GHashTable        *erasing;      /* ids the eraser touched */
  double             zoom_begin;   /* at the start of a pinch */

  /* Editing a text in place */
  GtkWidget         *editor;       /* a GtkTextView, or NULL */
  GtkCssProvider    *editor_style; /* its font and colour */
  char              *editing_id;   /* the element, or NULL for a new text */
  double             edit_x;       /* where a new text goes, scene px */
  double             edit_y;

  /* Others */
  GHashTable        *others;       /* participant id → laser trail (GArray of LaserPoint) */
  GArray            *laser;        /* this participant's trail */
  guint              laser_tick;
  char              *following;
  guint              focus_index;  /* Tab's place among the elements */
};

typedef struct
{
  double x;
  double y;
  gint64 time;   /* µs, monotonic */
} LaserPoint;

/* confer-board-canvas.c */
ConferBoard *confer_board_canvas_board       (ConferBoardCanvas   *self);
void         confer_board_canvas_to_scene    (ConferBoardCanvas   *self,
                                              double               wx,
                                              double               wy,
                                              double              *sx,
                                              double              *sy);
void         confer_board_canvas_to_widget   (ConferBoardCanvas   *self,
                                              double               sx,
                                              double               sy,
                                              double              *wx,
                                              double              *wy);
gboolean     confer_board_canvas_apply       (ConferBoardCanvas   *self,
                                              ConferBoardTx       *tx,
                                              gboolean             merge_undo);
gboolean     confer_board_canvas_selection_box (ConferBoardCanvas *self,
                                              double               box[4]);
void         confer_board_canvas_selection_changed (ConferBoardCanvas *self);
char        *confer_board_canvas_next_key    (ConferBoardCanvas   *self);
ConferBoardElement *confer_board_canvas_new_element (ConferBoardCanvas *self,
                                              ConferBoardElementType type,
                                              double               x,
                                              double               y);
GPtrArray   *confer_board_canvas_query       (ConferBoardCanvas   *self,
                                              double               x,
                                              double               y,
                                              double               width,
                                              double               height);
const ConferBoardElement *confer_board_canvas_hit (ConferBoardCanvas *self,
                                              double               sx,
                                              double               sy);
gboolean     confer_board_canvas_can_edit    (ConferBoardCanvas   *self);
void         confer_board_canvas_update_cursor (ConferBoardCanvas *self);
void         confer_board_canvas_damage      (ConferBoardCanvas   *self,
                                              const char          *id);

/* confer-board-canvas-input.c */
void         confer_board_canvas_init_input  (ConferBoardCanvas   *self);
void         confer_board_canvas_draw_drag   (ConferBoardCanvas   *self,
                                              cairo_t             *cr);
void         confer_board_canvas_cancel_drag (ConferBoardCanvas   *self);

/* confer-board-canvas-text.c */
void         confer_board_canvas_edit_text   (ConferBoardCanvas   *self,
                                              const char          *id,
                                              double               x,
                                              double               y);
void         confer_board_canvas_end_text    (ConferBoardCanvas   *self);
void         confer_board_canvas_place_editor (ConferBoardCanvas  *self);

/* confer-board-canvas-presence.c */
void         confer_board_canvas_send_presence (ConferBoardCanvas *self);
void         confer_board_canvas_presence_cb (ConferBoardCanvas   *self,
                                              const char          *participant_id);
void         confer_board_canvas_draw_others (ConferBoardCanvas   *self,
                                              cairo_t             *cr);
void         confer_board_canvas_laser_add   (ConferBoardCanvas   *self,
                                              double               x,
                                              double               y);

G_END_DECLS
