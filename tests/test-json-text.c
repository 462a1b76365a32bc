/* test-json-text.c: the nesting and NUL checks every parse of another
 * party's or a file's JSON goes through, at the depths attackers use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "confer-core.h"
#include "confer-test-nested.h"

static void
test_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at_limit = confer_test_nested_json (CONFER_TEST_NESTING_ARRAYS, CONFER_JSON_MAX_DEPTH);
  g_autofree char *past_limit = confer_test_nested_json (CONFER_TEST_NESTING_OBJECTS, CONFER_JSON_MAX_DEPTH + 1);
  g_autoptr(JsonNode) root = confer_json_text_parse (at_limit, strlen (at_limit), CONFER_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_false (confer_json_text_check (past_limit, strlen (past_limit), CONFER_JSON_MAX_DEPTH, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP);
}

/* What crashed conferd (100,000 levels), and far deeper. */
static void
test_attack_depths (void)
{
  static const guint depths[] = { 1000, 100000, 2000000 };

  for (guint i = 0; i < G_N_ELEMENTS (depths); i++)
    for (ConferTestNesting nesting = 0; nesting <= CONFER_TEST_NESTING_MIXED; nesting++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *json = confer_test_nested_json (nesting, depths[i]);
        g_autoptr(JsonNode) root = confer_json_text_parse (json, strlen (json), CONFER_JSON_MAX_DEPTH, &error);

        g_assert_null (root);
        g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP);
      }
}

typedef struct
{
  const char *json;
  guint       max_depth;
  gint        code;    /* -1: passes */
} Case;

static const Case cases[] = {
  /* Brackets inside strings do not count, escaped quotes do not end them. */
  { "[\"[[[[[[[[\"]", 1, -1 },
  { "[\"\\\"[[[[[[[[\"]", 1, -1 },
  { "{\"a\\\\\": [[1]]}", 2, CONFER_CORE_ERROR_TOO_DEEP },
  { "[\"\\\\\", [[1]]]", 2, CONFER_CORE_ERROR_TOO_DEEP },
  /* Stray closers do not buy depth. */
  { "]]]][[[1]]]", 2, CONFER_CORE_ERROR_TOO_DEEP },
  /* NUL, escaped or not. */
  { "[\"a\\u0000\"]", 8, CONFER_CORE_ERROR_INVALID_UTF8 },
  { "[\"a\\U0000\"]", 8, -1 },
  { "[\"a\\\\u0000\"]", 8, -1 },
  { "[\"\\u00000\"]", 8, CONFER_CORE_ERROR_INVALID_UTF8 },
  /* An unterminated string or escape is the parser's to refuse. */
  { "[\"abc", 8, -1 },
  { "[\"abc\\", 8, -1 },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = confer_json_text_check (cases[i].json, strlen (cases[i].json), cases[i].max_depth, &error);

      g_test_message ("%s: %s", cases[i].json, ok ? "passes" : error->message);
      if (cases[i].code < 0)
        g_assert_no_error (error);
      else
        g_assert_error (error, CONFER_CORE_ERROR, cases[i].code);
    }
}

static void
test_nul_byte (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (confer_json_text_check ("[1,\0 2]", 7, 8, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8);
}

/* A file goes through the same check: an editing trace nested 100,000 deep. */
static void
test_trace_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = confer_test_nested_json (CONFER_TEST_NESTING_OBJECTS, 100000);
  int fd = g_file_open_tmp ("confer-deep-trace-XXXXXX.json", &path, &error);
  ConferEditingTrace *trace;

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  trace = confer_editing_trace_load (path, &error);
  g_assert_null (trace);
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-text/limit", test_limit);
  g_test_add_func ("/json-text/attack-depths", test_attack_depths);
  g_test_add_func ("/json-text/cases", test_cases);
  g_test_add_func ("/json-text/nul-byte", test_nul_byte);
  g_test_add_func ("/json-text/trace-file", test_trace_file);
  return g_test_run ();
}
