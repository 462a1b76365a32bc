/* test-fractional-index-oracle.c: Confer's fractional indexing against
 * calls recorded from the npm package fractional-indexing 4.0.0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-fractional-index-oracle [--tiebreak-out FILE] [CALLS.jsonl|-] [MIN_CALLS]
 *
 * The calls come from tests/vectors/fractional-index-oracle.mjs (standard
 * input when the file is `-` or missing). Every result must be the
 * package's byte for byte; where the package threw, Confer must refuse too,
 * and with the same message at the start of its own when the package threw
 * an Error (not a TypeError). With --tiebreak-out, keys from
 * confer_fractional_index_between_for() for a sample of the calls' bounds go
 * to FILE, one JSON line each, for the oracle script's --check-tiebreak.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "confer-core.h"

#define SMALLEST_INTEGER "A00000000000000000000000000"

static const char *calls_path;
static const char *tiebreak_path;
static guint min_calls;

/* Ids of the participants who insert at each sampled place: base64url like
 * the server's, and bytes the scheme has to escape. */
static const char *fixed_participants[] = {
  "0", "00", "z", "zz", "-", "_", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ",
  "ABCDEFGHIJKLMNO", "participant é", "\x7f", ">", "|",
};

typedef struct
{
  guint calls;
  guint failures;
  guint refused;
  guint n_between;
  guint tiebreaks;
} Tally;

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

static gboolean
is_clean (const char *key)
{
  for (; key != NULL && *key != '\0'; key++)
    if (!g_ascii_isalnum (*key))
      return FALSE;
  return TRUE;
}

/* Strictly between, in either order, as the package's swap allows. */
static gboolean
lies_between (const char *a,
              const char *key,
              const char *b)
{
  if (a != NULL && b != NULL && strcmp (a, b) > 0)
    {
      const char *t = a;

      a = b;
      b = t;
    }
  return (a == NULL || strcmp (a, key) < 0) && (b == NULL || strcmp (key, b) < 0);
}

static char *
describe_result (char   **keys,
                 GError  *error)
{
  g_autofree char *joined = NULL;

  if (error != NULL)
    return g_strdup_printf ("error: %s", error->message);
  if (keys[0] == NULL)
    return g_strdup ("[]");
  joined = g_strjoinv ("\", \"", keys);
  return g_strdup_printf ("[\"%s\"]", joined);
}

/* Runs one recorded call; returns whether Confer agrees with the package,
 * with what each side gave when not. */
static gboolean
run_call (JsonObject  *object,
          Tally       *tally,
          char       **got,
          char       **want)
{
  const char *fn = json_object_get_string_member (object, "fn");
  const char *a = member_string (object, "a");
  const char *b = member_string (object, "b");
  const char *package_error = member_string (object, "error");
  gboolean clean = is_clean (a) && is_clean (b);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *single = NULL;
  gboolean same = TRUE;

  if (g_str_equal (fn, "between"))
    {
      single = confer_fractional_index_between (a, b, &error);
      if (single != NULL)
        {
          keys = g_new0 (char *, 2);
          keys[0] = g_strdup (single);
        }
    }
  else
    {
      guint n = json_object_get_int_member (object, "n");

      keys = confer_fractional_index_n_between (a, b, n, &error);
      tally->n_between++;
    }
  g_assert_true ((keys == NULL) == (error != NULL));
  *got = describe_result (keys, error);

  if (package_error != NULL)
    {
      const char *type = member_string (object, "error_type");

      *want = g_strdup_printf ("error: %s (%s)", package_error, type);
      tally->refused++;
      if (error == NULL)
        return FALSE;
      g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION);
      return g_strcmp0 (type, "Error") != 0 || g_str_has_prefix (error->message, package_error);
    }

  if (g_str_equal (fn, "between"))
    {
      const char *result = json_object_get_string_member (object, "result");

      *want = g_strdup_printf ("[\"%s\"]", result);
      same = keys != NULL && g_str_equal (keys[0], result);
    }
  else
    {
      JsonArray *result = json_object_get_array_member (object, "result");
      g_autoptr(GString) text = g_string_new ("[");

      for (guint i = 0; i < json_array_get_length (result); i++)
        {
          const char *key = json_array_get_string_element (result, i);

          g_string_append_printf (text, "%s\"%s\"", i > 0 ? ", " : "", key);
          same = same && keys != NULL && keys[i] != NULL && g_str_equal (keys[i], key);
        }
      g_string_append_c (text, ']');
      *want = g_string_free (g_steal_pointer (&text), FALSE);
      same = same && keys != NULL && g_strv_length (keys) == json_array_get_length (result);
    }
  if (!same)
    return FALSE;

  /* Between clean keys every result lies strictly between the bounds, and
   * bounds and results are what confer_fractional_index_is_valid() takes,
   * but for the smallest integer, which the package makes before
   * `A0000000000000000000000001` and then refuses as a bound. (For n = 0
   * the bounds are not looked at.) */
  if (clean && keys[0] != NULL &&
      ((a != NULL && !confer_fractional_index_is_valid (a)) ||
       (b != NULL && !confer_fractional_index_is_valid (b))))
    {
      g_free (*want);
      *want = g_strdup ("bounds confer_fractional_index_is_valid() takes");
      return FALSE;
    }
  for (guint i = 0; clean && keys[i] != NULL; i++)
    if (!lies_between (a, keys[i], b) ||
        (!confer_fractional_index_is_valid (keys[i]) && !g_str_equal (keys[i], SMALLEST_INTEGER)))
      {
        g_free (*want);
        *want = g_strdup_printf ("a valid key strictly between %s and %s", a, b);
        return FALSE;
      }
  return TRUE;
}

/* Writes tie-break keys for the bounds of one call that succeeded. */
static void
write_tiebreaks (FILE       *out,
                 const char *a,
                 const char *b,
                 GRand      *rand,
                 Tally      *tally)
{
  static const char base64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (fixed_participants); i++)
    g_ptr_array_add (ids, g_strdup (fixed_participants[i]));
  for (guint i = 0; i < 3; i++)
    {
      char *id = g_malloc (17);

      for (guint c = 0; c < 16; c++)
        id[c] = base64url[g_rand_int_range (rand, 0, 64)];
      id[16] = '\0';
      g_ptr_array_add (ids, id);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = confer_fractional_index_between_for (a, b, g_ptr_array_index (ids, i), &error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      g_assert_no_error (error);
      g_assert_true (lies_between (a, key, b));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "a");
      a != NULL ? json_builder_add_string_value (builder, a) : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "b");
      b != NULL ? json_builder_add_string_value (builder, b) : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "participant");
      json_builder_add_string_value (builder, g_ptr_array_index (ids, i));
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, key);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      line = json_to_string (root, FALSE);
      fprintf (out, "%s\n", line);
      tally->tiebreaks++;
    }
}

static void
test_oracle (void)
{
  FILE *in = calls_path == NULL || g_str_equal (calls_path, "-") ? stdin : fopen (calls_path, "r");
  FILE *tiebreaks = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  Tally tally = { 0, };
  char *line = NULL;
  size_t size = 0;
  ssize_t length;

  g_assert_nonnull (in);
  if (tiebreak_path != NULL)
    {
      tiebreaks = fopen (tiebreak_path, "w");
      g_assert_nonnull (tiebreaks);
    }

  while ((length = getline (&line, &size, in)) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;
      JsonObject *object;

      if (line[length - 1] == '\n')
        line[--length] = '\0';
      json_parser_load_from_data (parser, line, length, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      if (!run_call (object, &tally, &got, &want))
        {
          if (tally.failures++ < 10)
            g_test_message ("call %u: %.*s\n  got:  %s\n  want: %s", tally.calls + 1,
                            (int) MIN (length, 2000), line, got, want);
        }
      else if (tiebreaks != NULL &&
               g_str_equal (json_object_get_string_member (object, "fn"), "between") &&
               member_string (object, "error") == NULL)
        {
          const char *a = member_string (object, "a");
          const char *b = member_string (object, "b");

          /* Most calls append or prepend; sample inserts between two keys
           * more often. */
          if (tally.calls % (a != NULL && b != NULL ? 12 : 150) == 0 && is_clean (a) && is_clean (b))
            write_tiebreaks (tiebreaks, a, b, rand, &tally);
        }
      tally.calls++;
    }
  free (line);
  if (in != stdin)
    fclose (in);
  if (tiebreaks != NULL)
    g_assert_cmpint (fclose (tiebreaks), ==, 0);

  g_test_message ("%u calls (%u n_between), %u refused by both; %u tie-break keys written",
                  tally.calls, tally.n_between, tally.refused, tally.tiebreaks);
  g_assert_cmpuint (tally.failures, ==, 0);
  g_assert_cmpuint (tally.calls, >=, min_calls);
}

int
main (int    argc,
      char **argv)
{
  int i = 1;

  g_test_init (&argc, &argv, NULL);

  if (i + 1 < argc && g_str_equal (argv[i], "--tiebreak-out"))
    {
      tiebreak_path = argv[i + 1];
      i += 2;
    }
  calls_path = i < argc ? argv[i] : NULL;
  min_calls = i + 1 < argc ? (guint) g_ascii_strtoull (argv[i + 1], NULL, 10) : 1;

  g_test_add_func ("/fractional-index/oracle", test_oracle);
  return g_test_run ();
}
