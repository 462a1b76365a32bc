/* confer-render-colour.h: CSS colours as Cairo draws them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/**
 * ConferRenderColour:
 * @red: 0 to 1
 * @green: 0 to 1
 * @blue: 0 to 1
 * @alpha: 0 (transparent) to 1 (opaque)
 *
 * A colour with straight (not premultiplied) alpha.
 */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} ConferRenderColour;

gboolean confer_render_colour_parse      (const char               *css,
                                          ConferRenderColour       *colour);
gboolean confer_render_colour_is_visible (const ConferRenderColour *colour);
void     confer_render_colour_set_source (cairo_t                  *cr,
                                          const ConferRenderColour *colour);

G_END_DECLS
