/* confer-render-svg.h: the texts of an SVG export, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to libconfer-render.
 */
#pragma once

#include "confer-render-board.h"

G_BEGIN_DECLS

void confer_render_svg_add_text (GString                *svg,
                                 ConferBoard            *board,
                                 const ConferRenderArea *area);

G_END_DECLS
