/* confer-number.h: reading numbers out of JSON text, fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean confer_number_parse (const char *text,
                              gsize       length,
                              double     *value);

G_END_DECLS
