/* confer-json-text.c: JSON text from another party or a file, bounded
 * before json-glib parses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-json-text"

#include "config.h"

#include "confer-core-error.h"
#include "confer-json-text.h"

/**
 * confer_json_text_check:
 * @json: JSON text, not necessarily NUL-terminated
 * @n_bytes: its length in bytes
 * @max_depth: the deepest nesting accepted, in levels of arrays and
 *   objects (%CONFER_JSON_MAX_DEPTH everywhere in Confer)
 * @error: return location for a #GError
 *
 * Checks, in one pass over the bytes and without recursion, what json-glib
 * cannot be trusted with: nesting deeper than @max_depth (json-glib recurses
 * once per level and would run off the stack), a NUL byte (it would end the
 * text early) and the escape `\u0000` (json-glib turns it into a NUL that
 * silently cuts the C string it hands out short). Brackets inside strings
 * do not count, and escaped quotes and backslashes (`\"`, `\\u0000`) are
 * told apart. Anything else malformed is left to the parser.
 *
 * Returns: %TRUE if @json may be handed to json-glib; %FALSE with
 *   %CONFER_CORE_ERROR_TOO_DEEP or %CONFER_CORE_ERROR_INVALID_UTF8 (a NUL)
 *   set
 */
gboolean
confer_json_text_check (const char  *json,
                        gsize        n_bytes,
                        guint        max_depth,
                        GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < n_bytes; i++)
    {
      char c = json[i];

      if (c == '\0')
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8,
                       "The JSON holds a NUL byte, which no text may carry");
          return FALSE;
        }
      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < n_bytes)
            {
              i++;
              if (json[i] == 'u' && i + 5 <= n_bytes && g_ascii_strncasecmp (json + i + 1, "0000", 4) == 0)
                {
                  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8,
                               "The JSON holds a NUL character (\\u0000), which no text may carry");
                  return FALSE;
                }
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP,
                           "The JSON nests arrays and objects more than %u levels deep", max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/**
 * confer_json_text_parse:
 * @json: JSON text, not necessarily NUL-terminated
 * @n_bytes: its length in bytes
 * @max_depth: the deepest nesting accepted (%CONFER_JSON_MAX_DEPTH)
 * @error: return location for a #GError
 *
 * Checks @json with confer_json_text_check() and only then parses it.
 * For JSON that another party or a file wrote: the client cache, stored
 * operations, editing traces and imported files.
 *
 * Returns: (transfer full) (nullable): the root node; or %NULL with
 *   %CONFER_CORE_ERROR_TOO_DEEP, %CONFER_CORE_ERROR_INVALID_UTF8 or
 *   %CONFER_CORE_ERROR_INVALID_JSON (json-glib's message included) set
 */
JsonNode *
confer_json_text_parse (const char  *json,
                        gsize        n_bytes,
                        guint        max_depth,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!confer_json_text_check (json, n_bytes, max_depth, error))
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, n_bytes, &local_error))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON,
                   "The text is not valid JSON: %s", local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON,
                   "The text is empty, not JSON");
      return NULL;
    }
  return json_parser_steal_root (parser);
}
