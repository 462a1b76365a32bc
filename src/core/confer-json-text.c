/* confer-json-text.c: checks on JSON text before json-glib parses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-json-text"

#include "config.h"

#include "confer-json-text.h"

/**
 * confer_json_text_has_nul_escape:
 * @json: JSON text
 * @n_bytes: its length in bytes
 *
 * json-glib turns the escape `\u0000` into a NUL that ends the C string it
 * hands out, which would silently cut text short; callers refuse JSON that
 * holds it. Escaped backslashes (`\\u0000`) are told apart.
 *
 * Returns: %TRUE if a string in @json holds the escape `\u0000`
 */
gboolean
confer_json_text_has_nul_escape (const char *json,
                                 gsize       n_bytes)
{
  for (gsize i = 0; i + 1 < n_bytes; i++)
    {
      if (json[i] != '\\')
        continue;
      if (json[i + 1] == 'u' && i + 6 <= n_bytes && g_ascii_strncasecmp (json + i + 2, "0000", 4) == 0)
        return TRUE;
      i++;  /* the escaped character */
    }
  return FALSE;
}
