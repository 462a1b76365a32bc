/* confer-call-texture.h: a decoded video frame of a call as a texture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

GdkTexture *confer_call_texture_new (GstSample *sample);

G_END_DECLS
