/* confer-board.h: a board's elements and how transactions change them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-board-tx.h"

G_BEGIN_DECLS

#define CONFER_BOARD_MAX_ELEMENTS 100000   /* live elements on one board */

typedef struct _ConferBoard ConferBoard;

ConferBoard        *confer_board_new              (void);
void                confer_board_free             (ConferBoard          *self);
ConferBoard        *confer_board_copy             (ConferBoard          *self);
ConferBoardElement *confer_board_lookup           (ConferBoard          *self,
                                                   const char           *id);
guint               confer_board_get_n_live       (ConferBoard          *self);
guint               confer_board_get_n_elements   (ConferBoard          *self);
void                confer_board_put              (ConferBoard          *self,
                                                   ConferBoardElement   *element);
void                confer_board_remove           (ConferBoard          *self,
                                                   const char           *id);
gboolean            confer_board_check_tx         (ConferBoard          *self,
                                                   const ConferBoardTx  *tx,
                                                   GError              **error);
ConferBoardElement *confer_board_apply            (ConferBoard          *self,
                                                   const ConferBoardOp  *op);
void                confer_board_apply_tx         (ConferBoard          *self,
                                                   const ConferBoardTx  *tx,
                                                   GHashTable           *touched);
ConferBoardElement *confer_board_apply_op         (ConferBoardElement   *element,
                                                   const ConferBoardOp  *op);
GPtrArray          *confer_board_list             (ConferBoard          *self,
                                                   gboolean              with_deleted);
gboolean            confer_board_equal            (ConferBoard          *a,
                                                   ConferBoard          *b,
                                                   char                **difference);
int                 confer_board_element_compare  (const ConferBoardElement *a,
                                                   const ConferBoardElement *b);
void                confer_board_sort             (GPtrArray            *elements);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferBoard, confer_board_free)

G_END_DECLS
