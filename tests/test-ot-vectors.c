/* test-ot-vectors.c: Confer's text OT against vectors from ot-text-unicode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-ot-vectors VECTORS.jsonl[.gz] [MIN_CASES]
 * The vectors come from tests/vectors/generate-vectors.js running the real
 * npm package; every result is compared byte for byte (operations through
 * the same JSON generator on both sides).
 */
#include "config.h"

#include <gio/gio.h>

#include "confer-core.h"

static const char *vectors_path;
static guint min_cases;

typedef struct
{
  guint cases;
  guint failures;
  guint per_kind[6];
} Tally;

static const char *kinds[] = { "apply", "transform", "compose", "position", "invert", "check" };

static ConferTextOp *
member_op (JsonObject *object,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  ConferTextOp *op = confer_text_op_new_from_json (json_object_get_member (object, name), &error);

  g_assert_no_error (error);
  return op;
}

static char *
node_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static gboolean
check_op_result (ConferTextOp *result,
                 JsonObject   *object,
                 char        **got,
                 char        **want)
{
  *got = confer_text_op_to_string (result);
  *want = node_to_string (json_object_get_member (object, "result"));
  return g_strcmp0 (*got, *want) == 0;
}

static gboolean
run_case (JsonObject *object,
          guint      *kind_index,
          char      **got,
          char      **want)
{
  const char *kind = json_object_get_string_member (object, "kind");
  g_autoptr(GError) error = NULL;

  *got = *want = NULL;
  if (g_str_equal (kind, "apply"))
    {
      g_autoptr(ConferTextOp) op = member_op (object, "op");
      g_autoptr(ConferRope) rope = confer_rope_new_from_text (json_object_get_string_member (object, "doc"), -1, &error);

      *kind_index = 0;
      g_assert_no_error (error);
      if (!confer_text_op_apply (op, rope, &error))
        {
          *got = g_strdup (error->message);
          *want = g_strdup (json_object_get_string_member (object, "result"));
          return FALSE;
        }
      g_assert_true (confer_rope_check (rope));
      *got = confer_rope_to_string (rope, NULL);
      *want = g_strdup (json_object_get_string_member (object, "result"));
      return g_strcmp0 (*got, *want) == 0;
    }
  if (g_str_equal (kind, "transform"))
    {
      g_autoptr(ConferTextOp) op = member_op (object, "op");
      g_autoptr(ConferTextOp) other = member_op (object, "other");
      ConferTextSide side = g_str_equal (json_object_get_string_member (object, "side"), "left")
                              ? CONFER_TEXT_LEFT : CONFER_TEXT_RIGHT;
      g_autoptr(ConferTextOp) result = confer_text_op_transform (op, other, side);

      *kind_index = 1;
      return check_op_result (result, object, got, want);
    }
  if (g_str_equal (kind, "compose"))
    {
      g_autoptr(ConferTextOp) op = member_op (object, "op");
      g_autoptr(ConferTextOp) next = member_op (object, "next");
      g_autoptr(ConferTextOp) result = confer_text_op_compose (op, next);

      *kind_index = 2;
      return check_op_result (result, object, got, want);
    }
  if (g_str_equal (kind, "position"))
    {
      g_autoptr(ConferTextOp) op = member_op (object, "op");
      gsize pos = json_object_get_int_member (object, "pos");
      gsize result = confer_text_op_transform_position (op, pos);

      *kind_index = 3;
      *got = g_strdup_printf ("%" G_GSIZE_FORMAT, result);
      *want = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "result"));
      return g_strcmp0 (*got, *want) == 0;
    }
  if (g_str_equal (kind, "invert"))
    {
      g_autoptr(ConferTextOp) op = member_op (object, "op");
      g_autoptr(ConferTextOp) result = confer_text_op_invert (op, &error);

      *kind_index = 4;
      g_assert_no_error (error);
      return check_op_result (result, object, got, want);
    }
  if (g_str_equal (kind, "check"))
    {
      g_autoptr(ConferTextOp) op = confer_text_op_new_from_json (json_object_get_member (object, "op"), &error);
      gboolean valid = json_object_get_boolean_member (object, "valid");

      *kind_index = 5;
      *got = g_strdup (op != NULL ? "accepted" : error->message);
      *want = g_strdup (valid ? "accepted" : "refused");
      return (op != NULL) == valid;
    }

  g_error ("unknown case kind %s", kind);
}

static void
test_vectors (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (vectors_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  Tally tally = { 0, };
  char *line;

  g_assert_no_error (error);
  if (g_str_has_suffix (vectors_path, ".gz"))
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      stream = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
    }
  else
    stream = g_object_ref (raw);
  lines = g_data_input_stream_new (stream);

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;
      guint kind = 0;

      g_assert_true (json_parser_load_from_data (parser, owned, -1, &error));
      if (!run_case (json_node_get_object (json_parser_get_root (parser)), &kind, &got, &want))
        {
          if (tally.failures++ < 10)
            g_test_message ("case %u (%s) %s\n  got:  %s\n  want: %s",
                            tally.cases + 1, kinds[kind], owned, got, want);
        }
      tally.cases++;
      tally.per_kind[kind]++;
    }
  g_assert_no_error (error);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    g_test_message ("%s: %u cases", kinds[k], tally.per_kind[k]);
  g_assert_cmpuint (tally.failures, ==, 0);
  g_assert_cmpuint (tally.cases, >=, min_cases);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: %s VECTORS.jsonl[.gz] [MIN_CASES]", argv[0]);
  vectors_path = argv[1];
  min_cases = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1;

  g_test_add_func ("/ot/vectors", test_vectors);
  return g_test_run ();
}
