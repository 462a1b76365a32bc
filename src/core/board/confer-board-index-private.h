/* confer-board-index-private.h: what only the index and its tests see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-board-index.h"

G_BEGIN_DECLS

char *confer_board_index_check (ConferBoardIndex *self);

G_END_DECLS
