/* confer-renderer.h: how GTK draws Confer's windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean confer_renderer_has_gpu    (void);
gboolean confer_renderer_choose     (void);

G_END_DECLS
