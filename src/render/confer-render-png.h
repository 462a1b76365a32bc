/* confer-render-png.h: an image surface as a PNG file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

G_BEGIN_DECLS

cairo_status_t confer_render_png_write (cairo_surface_t    *image,
                                        cairo_write_func_t  write,
                                        void               *closure);

G_END_DECLS
