/* confer-board-tx.h: operations on a board, in transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-board-element.h"

G_BEGIN_DECLS

#define CONFER_BOARD_MAX_OPS 10000   /* operations in one transaction */

/**
 * ConferBoardOpKind:
 * @CONFER_BOARD_OP_ADD: `add`: an element, whole; adding an id the board
 *   has revives it (undoing a delete) or, if it is live, sets every
 *   property (two participants undoing one delete at once)
 * @CONFER_BOARD_OP_UPDATE: `update`: set some properties of one element
 * @CONFER_BOARD_OP_DELETE: `delete`: make an element a tombstone
 * @CONFER_BOARD_OP_REORDER: `reorder`: give an element a new z-order key
 *   (its `index`)
 *
 * What an operation does.
 */
typedef enum
{
  CONFER_BOARD_OP_ADD,
  CONFER_BOARD_OP_UPDATE,
  CONFER_BOARD_OP_DELETE,
  CONFER_BOARD_OP_REORDER,
} ConferBoardOpKind;

/**
 * ConferBoardChange:
 * @prop: a property
 * @value: its new value
 *
 * One property an `update` sets.
 */
typedef struct
{
  ConferBoardProp  prop;
  ConferBoardValue value;
} ConferBoardChange;

/**
 * ConferBoardOp:
 * @kind: what the operation does
 * @id: the element's id (a board string: confer_board_string_new())
 * @element: (nullable): for `add`, the element
 * @changes: (nullable) (element-type ConferBoardChange): for `update`, the
 *   properties set, in order, each at most once
 * @index: (nullable): for `reorder`, the new key (a board string: confer_board_string_new())
 *
 * One operation on one element.
 */
typedef struct
{
  ConferBoardOpKind   kind;
  char               *id;
  ConferBoardElement *element;
  GArray             *changes;
  char               *index;
} ConferBoardOp;

/**
 * ConferBoardTx:
 * @ref_count: references
 * @ops: (element-type ConferBoardOp): the operations, applied in order and
 *   all together or not at all
 * @author: (nullable): the participant id of who made it
 * @txn: (nullable): their id for it, unique per author; the server
 *   commits a txn once however often it is sent
 * @seq: the board's sequence number the server gave it, 0 until then
 *
 * A transaction: what one gesture (a drag, a paste, an undo) did.
 */
typedef struct
{
  gint     ref_count;
  GArray  *ops;
  char    *author;
  char    *txn;
  guint64  seq;
} ConferBoardTx;

ConferBoardTx *confer_board_tx_new          (void);
ConferBoardTx *confer_board_tx_ref          (ConferBoardTx        *tx);
void           confer_board_tx_unref        (ConferBoardTx        *tx);
void           confer_board_tx_add          (ConferBoardTx        *tx,
                                             ConferBoardElement   *element);
void           confer_board_tx_update       (ConferBoardTx        *tx,
                                             const char           *id,
                                             ConferBoardProp       prop,
                                             const ConferBoardValue *value);
void           confer_board_tx_set_number   (ConferBoardTx        *tx,
                                             const char           *id,
                                             ConferBoardProp       prop,
                                             double                number);
void           confer_board_tx_set_string   (ConferBoardTx        *tx,
                                             const char           *id,
                                             ConferBoardProp       prop,
                                             const char           *string);
void           confer_board_tx_delete       (ConferBoardTx        *tx,
                                             const char           *id);
void           confer_board_tx_reorder      (ConferBoardTx        *tx,
                                             const char           *id,
                                             const char           *index);
ConferBoardTx *confer_board_tx_from_json    (JsonArray            *ops,
                                             GError              **error);
JsonArray     *confer_board_tx_to_json      (const ConferBoardTx  *tx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferBoardTx, confer_board_tx_unref)

G_END_DECLS
