/* confer-json-text.h: JSON text from another party or a file, bounded
 * before json-glib parses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * CONFER_JSON_MAX_DEPTH:
 *
 * The deepest nesting of arrays and objects Confer parses, counting the
 * outermost value as level 1. json-glib's parser recurses once per level,
 * so without a bound a 200 KB frame of `[` runs the stack out. The deepest
 * frame on the wire is 5 levels (`doc.ops`: message, `ops`, entry, `op`,
 * `{"d": …}`); board elements inside board operations and `.excalidraw`
 * files (points inside elements inside `elements`) stay under 10. 32 keeps
 * more than three times that headroom for later message families and
 * files' `customData`, while json-glib's recursion stays within a few
 * kilobytes of stack on any thread.
 */
#define CONFER_JSON_MAX_DEPTH 32

gboolean  confer_json_text_check (const char  *json,
                                  gsize        n_bytes,
                                  guint        max_depth,
                                  GError     **error);
JsonNode *confer_json_text_parse (const char  *json,
                                  gsize        n_bytes,
                                  guint        max_depth,
                                  GError     **error);

G_END_DECLS
