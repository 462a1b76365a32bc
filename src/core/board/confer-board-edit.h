/* confer-board-edit.h: the whiteboard's editing commands, as transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-board.h"

G_BEGIN_DECLS

/**
 * CONFER_BOARD_FRAME_TITLE_HEIGHT:
 *
 * How far above its top edge a frame's name is drawn and may be picked,
 * scene px: the renderer's 6 px offset plus one line of its 14 px name.
 */
#define CONFER_BOARD_FRAME_TITLE_HEIGHT (6.0 + 14.0 * 1.4)

/**
 * CONFER_BOARD_BINDING_GAP:
 *
 * The gap between a bound arrow's end and its shape's outline that
 * confer_board_edit_bind_arrow() sets, scene px (Excalidraw's
 * `FIXED_BINDING_DISTANCE`).
 */
#define CONFER_BOARD_BINDING_GAP 5.0

/**
 * ConferBoardBox:
 * @x: left edge, scene px
 * @y: top edge, scene px
 * @width: width, scene px
 * @height: height, scene px
 *
 * An axis-aligned box.
 */
typedef struct
{
  double x, y, width, height;
} ConferBoardBox;

/**
 * ConferBoardAlign:
 * @CONFER_BOARD_ALIGN_LEFT: left edges together
 * @CONFER_BOARD_ALIGN_CENTRE: vertical centre lines together
 * @CONFER_BOARD_ALIGN_RIGHT: right edges together
 * @CONFER_BOARD_ALIGN_TOP: top edges together
 * @CONFER_BOARD_ALIGN_MIDDLE: horizontal centre lines together
 * @CONFER_BOARD_ALIGN_BOTTOM: bottom edges together
 *
 * Where confer_board_edit_align() lines elements up, within the box of
 * the whole selection.
 */
typedef enum
{
  CONFER_BOARD_ALIGN_LEFT,
  CONFER_BOARD_ALIGN_CENTRE,
  CONFER_BOARD_ALIGN_RIGHT,
  CONFER_BOARD_ALIGN_TOP,
  CONFER_BOARD_ALIGN_MIDDLE,
  CONFER_BOARD_ALIGN_BOTTOM,
} ConferBoardAlign;

/**
 * ConferBoardRestack:
 * @CONFER_BOARD_RESTACK_FORWARD: one step up, past the next element
 * @CONFER_BOARD_RESTACK_BACKWARD: one step down, below the previous element
 * @CONFER_BOARD_RESTACK_TO_FRONT: above everything
 * @CONFER_BOARD_RESTACK_TO_BACK: below everything
 *
 * How confer_board_edit_restack() moves elements in z-order.
 */
typedef enum
{
  CONFER_BOARD_RESTACK_FORWARD,
  CONFER_BOARD_RESTACK_BACKWARD,
  CONFER_BOARD_RESTACK_TO_FRONT,
  CONFER_BOARD_RESTACK_TO_BACK,
} ConferBoardRestack;

void                      confer_board_element_get_box         (const ConferBoardElement *element,
                                                                ConferBoardBox           *box);
void                      confer_board_element_get_rotated_box (const ConferBoardElement *element,
                                                                ConferBoardBox           *box);
gboolean                  confer_board_element_hit             (ConferBoard              *board,
                                                                const ConferBoardElement *element,
                                                                double                    x,
                                                                double                    y,
                                                                double                    tolerance);
GPtrArray                *confer_board_expand_selection        (ConferBoard              *board,
                                                                const char *const        *ids);
ConferBoard              *confer_board_copy_selection          (ConferBoard              *board,
                                                                const char *const        *ids);
const ConferBoardElement *confer_board_find_bind_target        (ConferBoard              *board,
                                                                GPtrArray                *candidates,
                                                                double                    x,
                                                                double                    y,
                                                                double                    tolerance);

ConferBoardTx *confer_board_edit_move        (ConferBoard              *board,
                                              const char *const        *ids,
                                              double                    dx,
                                              double                    dy);
ConferBoardTx *confer_board_edit_resize      (ConferBoard              *board,
                                              const char *const        *ids,
                                              const ConferBoardBox     *from,
                                              const ConferBoardBox     *to);
ConferBoardTx *confer_board_edit_rotate      (ConferBoard              *board,
                                              const char *const        *ids,
                                              double                    cx,
                                              double                    cy,
                                              double                    angle);
ConferBoardTx *confer_board_edit_duplicate   (ConferBoard              *board,
                                              const char *const        *ids,
                                              double                    dx,
                                              double                    dy,
                                              const char               *participant_id,
                                              GPtrArray               **new_ids);
ConferBoardTx *confer_board_edit_delete      (ConferBoard              *board,
                                              const char *const        *ids);
ConferBoardTx *confer_board_edit_group       (ConferBoard              *board,
                                              const char *const        *ids,
                                              const char               *group_id);
ConferBoardTx *confer_board_edit_ungroup     (ConferBoard              *board,
                                              const char *const        *ids);
ConferBoardTx *confer_board_edit_set_locked  (ConferBoard              *board,
                                              const char *const        *ids,
                                              gboolean                  locked);
ConferBoardTx *confer_board_edit_align       (ConferBoard              *board,
                                              const char *const        *ids,
                                              ConferBoardAlign          align);
ConferBoardTx *confer_board_edit_distribute  (ConferBoard              *board,
                                              const char *const        *ids,
                                              gboolean                  horizontally);
ConferBoardTx *confer_board_edit_restack     (ConferBoard              *board,
                                              const char *const        *ids,
                                              ConferBoardRestack        how,
                                              const char               *participant_id);
ConferBoardTx *confer_board_edit_set         (ConferBoard              *board,
                                              const char *const        *ids,
                                              ConferBoardProp           prop,
                                              const ConferBoardValue   *value);
ConferBoardTx *confer_board_edit_bind_arrow  (ConferBoard              *board,
                                              const char               *arrow_id,
                                              const char               *start_id,
                                              const char               *end_id);

G_END_DECLS
