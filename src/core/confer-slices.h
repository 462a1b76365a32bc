/* confer-slices.h: GLib's slice allocator turned into malloc
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void confer_slices_use_malloc (char **argv);

G_END_DECLS
