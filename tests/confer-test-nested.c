/* confer-test-nested.c: deeply nested JSON, as attackers send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-nested.h"

/**
 * confer_test_nested_json:
 * @nesting: arrays, objects or both in turn
 * @levels: how deep, from 1 (millions are fine: linear time)
 *
 * Returns: (transfer full): valid JSON nested @levels deep around the
 *   number 1; 2 bytes a level for arrays, 6 for objects, 4 for mixed
 */
char *
confer_test_nested_json (ConferTestNesting nesting,
                         guint             levels)
{
  GString *json = g_string_sized_new (levels * 6 + 2);
  g_autoptr(GString) close = g_string_sized_new (levels);

  for (guint i = 0; i < levels; i++)
    {
      gboolean array = nesting == CONFER_TEST_NESTING_ARRAYS ||
                       (nesting == CONFER_TEST_NESTING_MIXED && i % 2 == 0);

      g_string_append (json, array ? "[" : "{\"a\":");
      g_string_append_c (close, array ? ']' : '}');
    }
  g_string_append_c (json, '1');
  g_string_append (json, g_strreverse (close->str));
  return g_string_free (json, FALSE);
}
