/* confer-test-nested.h: deeply nested JSON, as attackers send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ConferTestNesting:
 * @CONFER_TEST_NESTING_ARRAYS: `[[[…1…]]]`
 * @CONFER_TEST_NESTING_OBJECTS: `{"a":{"a":…1…}}`
 * @CONFER_TEST_NESTING_MIXED: arrays and objects in turn
 */
typedef enum
{
  CONFER_TEST_NESTING_ARRAYS,
  CONFER_TEST_NESTING_OBJECTS,
  CONFER_TEST_NESTING_MIXED,
} ConferTestNesting;

char *confer_test_nested_json (ConferTestNesting nesting,
                               guint             levels);

G_END_DECLS
