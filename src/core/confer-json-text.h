/* confer-json-text.h: checks on JSON text before json-glib parses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean confer_json_text_has_nul_escape (const char *json,
                                          gsize       n_bytes);

G_END_DECLS
