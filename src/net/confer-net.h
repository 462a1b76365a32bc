/* confer-net.h: the umbrella header of libconfer-net
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-connection.h"
#include "confer-client.h"
#include "confer-client-annotations.h"
#include "confer-client-board.h"
#include "confer-client-call.h"
#include "confer-client-chat.h"
#include "confer-client-doc.h"
#include "confer-client-json.h"
