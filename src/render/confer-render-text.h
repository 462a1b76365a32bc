/* confer-render-text.h: the fonts texts are drawn in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *confer_render_font_families (int font_family);

G_END_DECLS
