/* confer-board-client.h: one participant's copy of a board: confirmed
 * state, pending transactions rebased on the server's, per-user undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-board.h"

G_BEGIN_DECLS

#define CONFER_BOARD_UNDO_DEPTH 1000   /* undo steps kept */

typedef struct _ConferBoardClient ConferBoardClient;

ConferBoardClient *confer_board_client_new            (const char         *participant_id,
                                                       const char         *txn_prefix);
void               confer_board_client_free           (ConferBoardClient  *self);
ConferBoard       *confer_board_client_get_view       (ConferBoardClient  *self);
ConferBoard       *confer_board_client_get_confirmed  (ConferBoardClient  *self);
guint64            confer_board_client_get_seq        (ConferBoardClient  *self);
guint              confer_board_client_get_n_pending  (ConferBoardClient  *self);
void               confer_board_client_reset          (ConferBoardClient  *self,
                                                       ConferBoard        *confirmed,
                                                       guint64             seq,
                                                       GHashTable         *touched);
gboolean           confer_board_client_apply_local    (ConferBoardClient  *self,
                                                       ConferBoardTx      *tx,
                                                       gboolean            merge_undo,
                                                       GHashTable         *touched,
                                                       GError            **error);
GPtrArray         *confer_board_client_take_unsent    (ConferBoardClient  *self);
void               confer_board_client_resend_all     (ConferBoardClient  *self);
gboolean           confer_board_client_apply_remote   (ConferBoardClient  *self,
                                                       ConferBoardTx      *tx,
                                                       GHashTable         *touched,
                                                       GError            **error);
void               confer_board_client_forget         (ConferBoardClient  *self,
                                                       const char         *txn,
                                                       GHashTable         *touched);
gboolean           confer_board_client_can_undo       (ConferBoardClient  *self);
gboolean           confer_board_client_can_redo       (ConferBoardClient  *self);
gboolean           confer_board_client_undo           (ConferBoardClient  *self,
                                                       GHashTable         *touched);
gboolean           confer_board_client_redo           (ConferBoardClient  *self,
                                                       GHashTable         *touched);
GHashTable        *confer_board_touched_new           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferBoardClient, confer_board_client_free)

G_END_DECLS
