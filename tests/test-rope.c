/* test-rope.c: ConferRope against a plain string model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-core.h"

static const char *alphabet[] = { "a", "b", " ", "\n", "é", "中", "😀", "e\u0301", "𝄞" };

/* The model: the text as an array of code points, one string each. */
static char *
model_text (GPtrArray *model)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < model->len; i++)
    g_string_append (s, g_ptr_array_index (model, i));
  return g_string_free (s, FALSE);
}

static void
assert_rope_equals_model (ConferRope *rope,
                          GPtrArray  *model)
{
  g_autofree char *want = model_text (model);
  g_autofree char *got = confer_rope_to_string (rope, NULL);

  g_assert_true (confer_rope_check (rope));
  g_assert_cmpuint (confer_rope_get_length (rope), ==, model->len);
  g_assert_cmpuint (confer_rope_get_n_bytes (rope), ==, strlen (want));
  g_assert_cmpstr (got, ==, want);
}

static void
test_random_edits (void)
{
  g_autoptr(ConferRope) rope = confer_rope_new ();
  g_autoptr(GPtrArray) model = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 20000; round++)
    {
      gsize len = model->len;
      guint r = g_rand_int_range (rand, 0, 10);

      if (r < 6 || len == 0)
        {
          gsize pos = g_rand_int_range (rand, 0, len + 1);
          guint n = r == 0 ? g_rand_int_range (rand, 100, 2000) : g_rand_int_range (rand, 1, 4);
          g_autoptr(GString) text = g_string_new (NULL);
          gsize n_chars = 0;

          for (guint i = 0; i < n; i++)
            g_string_append (text, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
          for (const char *p = text->str; *p; p = g_utf8_next_char (p))
            g_ptr_array_insert (model, pos + n_chars++, g_strndup (p, g_utf8_next_char (p) - p));
          confer_rope_insert (rope, pos, text->str, text->len, n_chars);
        }
      else
        {
          gsize pos = g_rand_int_range (rand, 0, len);
          gsize want = r == 9 ? g_rand_int_range (rand, 1, 3000) : g_rand_int_range (rand, 1, 5);
          gsize n = MIN (len - pos, want);
          g_autofree char *expected = NULL;
          g_autofree char *slice = NULL;
          GString *s = g_string_new (NULL);

          for (gsize i = pos; i < pos + n; i++)
            g_string_append (s, g_ptr_array_index (model, i));
          expected = g_string_free (s, FALSE);
          slice = confer_rope_slice (rope, pos, pos + n, NULL);
          g_assert_cmpstr (slice, ==, expected);
          g_assert_true (confer_rope_matches (rope, pos, expected, strlen (expected)));

          confer_rope_delete (rope, pos, n);
          g_ptr_array_remove_range (model, pos, n);
        }

      if (round % 500 == 0)
        assert_rope_equals_model (rope, model);
    }
  assert_rope_equals_model (rope, model);

  /* Deleting everything leaves a valid empty rope that still takes text. */
  confer_rope_delete (rope, 0, confer_rope_get_length (rope));
  g_ptr_array_set_size (model, 0);
  assert_rope_equals_model (rope, model);
  confer_rope_insert (rope, 0, "ok", 2, 2);
  g_assert_cmpuint (confer_rope_get_length (rope), ==, 2);
}

static void
test_from_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(ConferRope) rope = NULL;
  g_autofree char *back = NULL;

  for (guint i = 0; i < 50000; i++)
    g_string_append (big, i % 7 == 0 ? "中" : i % 11 == 0 ? "😀" : "x");
  rope = confer_rope_new_from_text (big->str, big->len, &error);
  g_assert_no_error (error);
  g_assert_true (confer_rope_check (rope));
  g_assert_cmpuint (confer_rope_get_length (rope), ==, 50000);
  back = confer_rope_to_string (rope, NULL);
  g_assert_cmpstr (back, ==, big->str);

  g_assert_null (confer_rope_new_from_text ("ab\xff", -1, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rope/random-edits", test_random_edits);
  g_test_add_func ("/rope/from-text", test_from_text);
  return g_test_run ();
}
