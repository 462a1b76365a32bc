/* confer-render-text.h: the fonts texts are drawn in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"

G_BEGIN_DECLS

const char *confer_render_font_families (int                       font_family);
void        confer_render_text_measure  (const ConferBoardElement *element,
                                         const char               *text,
                                         double                   *width,
                                         double                   *height);

G_END_DECLS
