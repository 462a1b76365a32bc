/* confer-client-board.h: one open board of a client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"

G_BEGIN_DECLS

/**
 * ConferBoardPresence:
 * @has_pointer: whether @pointer is set
 * @pointer: the pointer, scene px
 * @has_viewport: whether @viewport is set
 * @viewport: x, y, width, height of what they see, scene px
 * @selection: (nullable): the ids of the elements they selected
 * @stroke: (nullable): the points of the stroke they are drawing, as x,
 *   y, pressure triples
 * @laser: whether @stroke is a laser pointer's trail (drawn fading, never
 *   added to the board)
 *
 * Where another participant is on a board; nothing of it is stored.
 */
typedef struct
{
  gboolean  has_pointer;
  double    pointer[2];
  gboolean  has_viewport;
  double    viewport[4];
  GStrv     selection;
  GArray   *stroke;
  gboolean  laser;
} ConferBoardPresence;

#define CONFER_TYPE_CLIENT_BOARD (confer_client_board_get_type ())

G_DECLARE_FINAL_TYPE (ConferClientBoard, confer_client_board, CONFER, CLIENT_BOARD, GObject)

const char                *confer_client_board_get_id         (ConferClientBoard    *self);
gboolean                   confer_client_board_is_ready       (ConferClientBoard    *self);
ConferBoard               *confer_client_board_get_board      (ConferClientBoard    *self);
ConferBoard               *confer_client_board_get_confirmed  (ConferClientBoard    *self);
guint64                    confer_client_board_get_seq        (ConferClientBoard    *self);
guint                      confer_client_board_get_n_pending  (ConferClientBoard    *self);
gboolean                   confer_client_board_apply          (ConferClientBoard    *self,
                                                               ConferBoardTx        *tx,
                                                               gboolean              merge_undo,
                                                               GError              **error);
gboolean                   confer_client_board_add_elements   (ConferClientBoard    *self,
                                                               GPtrArray            *elements,
                                                               GError              **error);
gboolean                   confer_client_board_undo           (ConferClientBoard    *self);
gboolean                   confer_client_board_redo           (ConferClientBoard    *self);
gboolean                   confer_client_board_can_undo       (ConferClientBoard    *self);
gboolean                   confer_client_board_can_redo       (ConferClientBoard    *self);
void                       confer_client_board_set_presence   (ConferClientBoard    *self,
                                                               const ConferBoardPresence *presence);
const ConferBoardPresence *confer_client_board_get_presence   (ConferClientBoard    *self,
                                                               const char           *participant_id);
gboolean                   confer_client_board_wait           (ConferClientBoard    *self,
                                                               gboolean              synchronized,
                                                               guint                 timeout_ms,
                                                               GError              **error);
void                       confer_client_board_close          (ConferClientBoard    *self);

G_END_DECLS
