/* test-ot-bad-input.c: malformed operations are refused, nothing changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-core.h"

#define DOC "héllo 中文 😀!"   /* 12 code points */

typedef enum { AT_PARSE, AT_APPLY, AT_INVERT } Stage;

typedef struct
{
  const char *name;
  const char *json;
  Stage       stage;
  int         code;
  const char *message_part;  /* the error message must name the problem */
} BadCase;

static const BadCase cases[] = {
  { "not-json",             "[1, \"a\"",             AT_PARSE, CONFER_CORE_ERROR_INVALID_JSON, "not valid JSON" },
  { "not-an-array",         "{\"d\": 1}",            AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "JSON array" },
  { "string-not-array",     "\"abc\"",               AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "JSON array" },
  { "null-component",       "[null]",                AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "Component 0" },
  { "boolean-component",    "[1, true]",             AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "Component 1" },
  { "nested-array",         "[[1]]",                 AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "Component 0" },
  { "zero-skip",            "[0, \"x\"]",            AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "integer from 1" },
  { "negative-skip",        "[-3, \"x\"]",           AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "integer from 1" },
  { "fractional-skip",      "[1.5, \"x\"]",          AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "integer from 1" },
  { "huge-skip",            "[99999999999, \"x\"]",  AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "integer from 1" },
  { "adjacent-skips",       "[1, 2, \"x\"]",         AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "adjacent skips" },
  { "trailing-skip",        "[\"x\", 3]",            AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "ends with a skip" },
  { "only-skip",            "[3]",                   AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "ends with a skip" },
  { "empty-insert",         "[2, \"\"]",             AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "must not be empty" },
  { "empty-delete-count",   "[{\"d\": 0}]",          AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "delete count" },
  { "empty-delete-text",    "[{\"d\": \"\"}]",       AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "must not be empty" },
  { "negative-delete",      "[{\"d\": -1}]",         AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "delete count" },
  { "delete-wrong-type",    "[{\"d\": true}]",       AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "delete count" },
  { "delete-no-d",          "[{\"x\": 1}]",          AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "a delete must be" },
  { "delete-extra-member",  "[{\"d\": 1, \"i\": 2}]", AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "a delete must be" },
  { "delete-object-value",  "[{\"d\": {}}]",         AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "a delete must be" },
  { "invalid-utf8",         "[\"a\xff\"]",           AT_PARSE, CONFER_CORE_ERROR_INVALID_UTF8, "UTF-8" },
  { "lone-surrogate",       "[\"\\ud800\"]",         AT_PARSE, CONFER_CORE_ERROR_INVALID_JSON, "not valid JSON" },
  { "nul-in-insert",        "[\"a\\u0000b\"]",       AT_PARSE, CONFER_CORE_ERROR_INVALID_UTF8, "NUL" },
  /* 32 levels reach the operation parser; 33 never reach json-glib. */
  { "nested-32-levels",     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", AT_PARSE, CONFER_CORE_ERROR_INVALID_OP, "Component 0" },
  { "nested-33-levels",     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", AT_PARSE, CONFER_CORE_ERROR_TOO_DEEP, "32 levels" },
  { "skip-past-end",        "[13, \"x\"]",           AT_APPLY, CONFER_CORE_ERROR_SKIP_PAST_END, "past the end" },
  { "delete-past-end",      "[10, {\"d\": 3}]",      AT_APPLY, CONFER_CORE_ERROR_DELETE_PAST_END, "past the end" },
  { "delete-text-past-end", "[11, {\"d\": \"!?\"}]", AT_APPLY, CONFER_CORE_ERROR_DELETE_PAST_END, "past the end" },
  { "delete-text-mismatch", "[1, {\"d\": \"e\"}]",   AT_APPLY, CONFER_CORE_ERROR_DELETE_MISMATCH, "differs" },
  { "insert-then-past-end", "[\"ok\", 5, {\"d\": 8}]", AT_APPLY, CONFER_CORE_ERROR_DELETE_PAST_END, "past the end" },
  { "invert-count-delete",  "[2, {\"d\": 2}]",       AT_INVERT, CONFER_CORE_ERROR_NOT_INVERTIBLE, "cannot be inverted" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferRope) rope = confer_rope_new_from_text (DOC, -1, NULL);
  g_autoptr(ConferTextOp) op = confer_text_op_new_from_string (c->json, &error);
  g_autofree char *after = NULL;

  if (c->stage == AT_PARSE)
    {
      g_assert_null (op);
      g_assert_error (error, CONFER_CORE_ERROR, c->code);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (op);
      if (c->stage == AT_APPLY)
        {
          g_autoptr(ConferTextOp) invertible = NULL;

          g_assert_false (confer_text_op_check (op, rope, &error));
          g_assert_error (error, CONFER_CORE_ERROR, c->code);
          g_clear_error (&error);
          invertible = confer_text_op_make_invertible (op, rope, &error);
          g_assert_null (invertible);
          g_assert_error (error, CONFER_CORE_ERROR, c->code);
          g_clear_error (&error);
          g_assert_false (confer_text_op_apply (op, rope, &error));
          g_assert_error (error, CONFER_CORE_ERROR, c->code);
        }
      else
        {
          g_autoptr(ConferTextOp) inverse = confer_text_op_invert (op, &error);

          g_assert_null (inverse);
          g_assert_error (error, CONFER_CORE_ERROR, c->code);
        }
    }

  g_test_message ("%s: %s", c->name, error->message);
  g_assert_nonnull (strstr (error->message, c->message_part));

  /* The document is untouched. */
  after = confer_rope_to_string (rope, NULL);
  g_assert_cmpstr (after, ==, DOC);
  g_assert_true (confer_rope_check (rope));
}

/* An operation built in memory (not parsed) with bytes that are not UTF-8
 * is refused when read back from JSON. */
static void
test_invalid_utf8_node (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;

  json_array_add_int_element (array, 2);
  json_array_add_string_element (array, "ab\xc3");
  json_node_set_array (node, array);
  op = confer_text_op_new_from_json (node, &error);
  g_assert_null (op);
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "Component 1"));
}

static void
test_server_revision (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferOtServer) server = confer_ot_server_new (DOC, 0, &error);
  g_autoptr(ConferTextOp) op = confer_text_op_new_insert (0, "x", -1);
  g_autoptr(ConferTextOp) bad = confer_text_op_new_delete (11, 5);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_null (confer_ot_server_submit (server, 1, op, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_REVISION);
  g_clear_error (&error);

  g_assert_null (confer_ot_server_submit (server, 0, bad, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_DELETE_PAST_END);
  g_assert_cmpuint (confer_ot_server_get_revision (server), ==, 0);
  text = confer_rope_to_string (confer_ot_server_get_rope (server), NULL);
  g_assert_cmpstr (text, ==, DOC);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ot/bad-input/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_bad_case);
    }
  g_test_add_func ("/ot/bad-input/invalid-utf8-node", test_invalid_utf8_node);
  g_test_add_func ("/ot/bad-input/server-revision", test_server_revision);
  return g_test_run ();
}
