/* confer-core.h: the umbrella header of libconfer-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define CONFER_CORE_INSIDE

#include "confer-core-error.h"
#include "confer-json-text.h"
#include "confer-slices.h"
#include "ot/confer-rope.h"
#include "ot/confer-text-op.h"
#include "ot/confer-ot-client.h"
#include "ot/confer-ot-server.h"
#include "ot/confer-ot-simulation.h"
#include "ot/confer-undo-stack.h"
#include "trace/confer-editing-trace.h"
#include "model/confer-role.h"
#include "model/confer-participant.h"
#include "model/confer-item.h"
#include "model/confer-invite.h"
#include "model/confer-model-list.h"
#include "model/confer-chat-message.h"
#include "model/confer-call-member.h"
#include "model/confer-call-room.h"
#include "model/confer-call-signalling.h"
#include "protocol/confer-protocol.h"
#include "protocol/confer-message.h"
#include "protocol/confer-link.h"
#include "protocol/confer-server-frame.h"
#include "protocol/confer-blob.h"
#include "protocol/confer-chat.h"
#include "protocol/confer-annotation.h"
#include "store/confer-client-cache.h"
#include "store/confer-database.h"
#include "store/confer-server-store.h"
#include "board/confer-fractional-index.h"
#include "board/confer-board-element.h"
#include "board/confer-board-tx.h"
#include "board/confer-board.h"
#include "board/confer-board-client.h"
#include "board/confer-board-edit.h"
#include "board/confer-excalidraw.h"
#include "board/confer-freehand.h"
#include "board/confer-board-index.h"

#undef CONFER_CORE_INSIDE
