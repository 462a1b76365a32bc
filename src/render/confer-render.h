/* confer-render.h: the umbrella header of libconfer-render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-render-board.h"
#include "confer-render-colour.h"
#include "confer-render-export.h"
#include "confer-render-text.h"
