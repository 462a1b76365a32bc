/* test-fractional-index.c: z-order keys, against outputs of the npm package
 * fractional-indexing 4.0.0, and the per-participant tie-break
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected keys and messages below were printed by fractional-indexing
 * 4.0.0 under node 20 (generateKeyBetween, generateNKeysBetween). The
 * oracle test (tests/vectors/check-fractional-index.sh) checks 120,000
 * more calls against the package itself.
 */
#include "config.h"

#include <string.h>

#include "confer-core.h"

#define Z25 "0000000000000000000000000"
#define Z26 Z25 "0"
#define ZZ26 "zzzzzzzzzzzzzzzzzzzzzzzzzz"

typedef struct
{
  const char *a;
  const char *b;
  const char *key;
} BetweenCase;

static const BetweenCase between_cases[] = {
  { NULL, NULL, "a0" },
  { NULL, "a0", "Zz" },
  { "a0", NULL, "a1" },
  { "a1", NULL, "a2" },
  { "a1", "a2", "a1V" },
  { "a0", "a1", "a0V" },
  { "a0V", "a1", "a0l" },
  { "az", NULL, "b00" },
  { "Zz", NULL, "a0" },
  { NULL, "Zz", "Zy" },
  { "a0", "a0V", "a0G" },
  { NULL, "a0V", "a0" },
  { "a1", "a0", "a0V" },               /* the package swaps the bounds */
  { "b00", NULL, "b01" },
  { "bzz", NULL, "c000" },
  { NULL, "b00", "az" },
  { "a0", "b00", "a1" },
  { "a0", "a00V", "a00G" },
  { "a00V", "a01", "a00l" },
  { "a0", "a01", "a00V" },
  { "a0", "a0001", "a0000V" },
  { "a0V", "a0W", "a0VV" },
  { "a0Vz", "a0W", "a0VzV" },
  { "a0zz", NULL, "a1" },
  { "a0", "a0zzzzzz", "a0V" },
  { "Y00", NULL, "Y01" },
  { NULL, "Y00", "Xzzz" },
  { NULL, "a00001", "a0" },
  /* The ends of the integer range. */
  { "z" ZZ26, NULL, "z" ZZ26 "V" },
  { "z" ZZ26 "V", NULL, "z" ZZ26 "l" },
  { "zzzzzzzzzzzzzzzzzzzzzzzzzzy", "z" ZZ26, "zzzzzzzzzzzzzzzzzzzzzzzzzzyV" },
  { "yzzzzzzzzzzzzzzzzzzzzzzzzz", NULL, "z" Z26 },
  { NULL, "A" Z25 "1", "A" Z26 },
  { NULL, "A" Z26 "1", "A" Z26 "0V" },
  { NULL, "A" Z26 "V", "A" Z26 "G" },
  { NULL, "A" Z26 "01", "A" Z26 "00V" },
  /* Characters that are not digits count as 0, as in the package. */
  { "a!", NULL, "a1" },
  { "a0!", NULL, "a1" },
  { "a0", "a0~", "a00V" },
  { "A!!!!!!!!!!!!!!!!!!!!!!!!!!", NULL, "A!!!!!!!!!!!!!!!!!!!!!!!!!1" },
};

static void
test_between (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (between_cases); i++)
    {
      const BetweenCase *c = &between_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *key = confer_fractional_index_between (c->a, c->b, &error);

      g_test_message ("between (%s, %s)", c->a, c->b);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, c->key);
    }
}

static void
test_start_and_end (void)
{
  g_autofree char *first = confer_fractional_index_between (NULL, NULL, NULL);
  g_autofree char *second = confer_fractional_index_between (first, NULL, NULL);
  g_autofree char *third = confer_fractional_index_between (second, NULL, NULL);
  g_autofree char *zeroth = confer_fractional_index_between (NULL, first, NULL);
  g_autofree char *second_and_half = confer_fractional_index_between (second, third, NULL);

  /* The package's README. */
  g_assert_cmpstr (first, ==, "a0");
  g_assert_cmpstr (second, ==, "a1");
  g_assert_cmpstr (third, ==, "a2");
  g_assert_cmpstr (zeroth, ==, "Zz");
  g_assert_cmpstr (second_and_half, ==, "a1V");
}

typedef struct
{
  const char *a;
  const char *b;
  guint n;
  const char *keys;   /* space-separated */
} NBetweenCase;

static const NBetweenCase n_between_cases[] = {
  { NULL, NULL, 5, "a0 a1 a2 a3 a4" },
  { "a0", NULL, 3, "a1 a2 a3" },
  { NULL, "a0", 3, "Zx Zy Zz" },
  { "a0", "a1", 5, "a08 a0G a0V a0d a0l" },
  { "a0", "a1", 2, "a0G a0V" },
  { "a1", "a0", 4, "a0t a0l a0V a0G" },     /* swapped at every step: descending */
  { "a0", "a2", 10, "a08 a0G a0V a0d a0l a1 a18 a1G a1V a1l" },
  { "a0", "a1", 1, "a0V" },
  { "a0", "a0", 0, "" },
  { "junk", "", 0, "" },                     /* n = 0 looks at nothing */
  { NULL, NULL, 0, "" },
};

static void
test_n_between (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (n_between_cases); i++)
    {
      const NBetweenCase *c = &n_between_cases[i];
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) keys = confer_fractional_index_n_between (c->a, c->b, c->n, &error);
      g_autofree char *joined = NULL;

      g_test_message ("n_between (%s, %s, %u)", c->a, c->b, c->n);
      g_assert_no_error (error);
      g_assert_nonnull (keys);
      g_assert_cmpuint (g_strv_length (keys), ==, c->n);
      joined = g_strjoinv (" ", keys);
      g_assert_cmpstr (joined, ==, c->keys);
    }
}

static void
test_n_between_long_run (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = confer_fractional_index_n_between ("a0", "a1", 5000, &error);
  g_auto(GStrv) appended = confer_fractional_index_n_between (NULL, NULL, 5000, &error);
  g_auto(GStrv) prepended = confer_fractional_index_n_between (NULL, "a0", 5000, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 5000);
  for (guint i = 0; i < 5000; i++)
    {
      g_assert_cmpint (strcmp ("a0", keys[i]), <, 0);
      g_assert_cmpint (strcmp (keys[i], "a1"), <, 0);
      if (i > 0)
        {
          g_assert_cmpint (strcmp (keys[i - 1], keys[i]), <, 0);
          g_assert_cmpint (strcmp (appended[i - 1], appended[i]), <, 0);
          g_assert_cmpint (strcmp (prepended[i - 1], prepended[i]), <, 0);
        }
    }
  /* The recursive halving keeps them short: at most 3 fraction digits. */
  for (guint i = 0; i < 5000; i++)
    g_assert_cmpuint (strlen (keys[i]), <=, 5);
  g_assert_cmpstr (appended[4999], ==, "c0Hd");
  g_assert_cmpstr (prepended[0], ==, "XziM");
  g_assert_cmpstr (prepended[4999], ==, "Zz");
}

typedef struct
{
  const char *a;
  const char *b;
  const char *message;   /* what the package says, or Confer's own */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "a0", "a0", " >= " },
  { "a1V", "a1V", "V >= V" },
  { "", NULL, "invalid order key head: the key is empty" },   /* a TypeError in the package */
  { NULL, "", "invalid order key head: the key is empty" },
  { "a00", NULL, "invalid order key: a00" },
  { "A" Z26, NULL, "invalid order key: A" Z26 },
  { NULL, "A" Z26, "invalid order key: A" Z26 },
  { "0", NULL, "invalid order key head: 0" },
  { "!0", NULL, "invalid order key head: !" },
  { "b0", NULL, "invalid order key: b0" },
  { "a", NULL, "invalid order key: a" },
  { "a0V0", NULL, "invalid order key: a0V0" },
  { NULL, "a0V0", "invalid order key: a0V0" },
  { "a0", "a00", "invalid order key: a00" },
  { "a00", "a0", "invalid order key: a00" },         /* @a is checked first */
  { NULL, "A!!!!!!!!!!!!!!!!!!!!!!!!!!", "cannot decrement any more" },
  { "z" ZZ26, "z~~~~~~~~~~~~~~~~~~~~~~~~~~", "cannot increment any more" },
  /* Confer's own: the package reads UTF-16, not bytes. */
  { "a0\xc3\xa9", NULL, "invalid order key: byte 2 of the key is 0xc3, not ASCII" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) n_error = NULL;
      g_autofree char *key = confer_fractional_index_between (c->a, c->b, &error);
      g_auto(GStrv) keys = confer_fractional_index_n_between (c->a, c->b, 3, &n_error);

      g_test_message ("between (%s, %s)", c->a, c->b);
      g_assert_null (key);
      g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION);
      g_assert_true (g_str_has_prefix (error->message, c->message));
      g_assert_null (keys);
      g_assert_error (n_error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION);
    }
}

static void
test_before_the_smallest_integer (void)
{
  g_autoptr(GError) error = NULL;
  /* Before the smallest integer the keys go on as fractions after it. */
  g_auto(GStrv) keys = confer_fractional_index_n_between (NULL, "A" Z26 "1", 40, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 40);
  g_assert_cmpstr (keys[0], ==, "A" Z26 "0000000" "4");
  g_assert_cmpstr (keys[38], ==, "A" Z26 "0G");
  g_assert_cmpstr (keys[39], ==, "A" Z26 "0V");
  for (guint i = 1; i < 40; i++)
    g_assert_cmpint (strcmp (keys[i - 1], keys[i]), <, 0);
}

/* Keys stay strictly ordered through many inserts at one spot, which is
 * where they grow longest. */
static void
test_inserts_at_one_spot (void)
{
  g_autofree char *low = g_strdup ("a0");
  g_autofree char *high = g_strdup ("a1");

  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GError) error = NULL;
      char *key = confer_fractional_index_between (low, high, &error);

      g_assert_no_error (error);
      g_assert_cmpint (strcmp (low, key), <, 0);
      g_assert_cmpint (strcmp (key, high), <, 0);
      if (i % 3 == 0)
        g_free (g_steal_pointer (&high)), high = key;
      else
        g_free (g_steal_pointer (&low)), low = key;
    }
  g_assert_cmpuint (strlen (low), >, 300);
}

static void
test_append_and_prepend (void)
{
  char *last = NULL;
  char *first = NULL;

  for (guint i = 0; i < 100000; i++)
    {
      char *key = confer_fractional_index_between (last, NULL, NULL);

      g_assert_nonnull (key);
      g_assert_true (last == NULL || strcmp (last, key) < 0);
      g_free (last);
      last = key;
    }
  /* 62 one-digit, 3844 two-digit, the rest three-digit integers. */
  g_assert_cmpstr (last, ==, "cOzt");
  g_free (last);

  for (guint i = 0; i < 100000; i++)
    {
      char *key = confer_fractional_index_between (NULL, first, NULL);

      g_assert_nonnull (key);
      g_assert_true (first == NULL || strcmp (key, first) < 0);
      g_free (first);
      first = key;
    }
  g_assert_cmpstr (first, ==, "Xb07");
  g_free (first);
}

static void
test_is_valid (void)
{
  const char *valid[] = { "a0", "Zz", "a0V", "b00", "A" Z26 "1", "z" ZZ26, "z" ZZ26 "V", "a0Vp00j1" };
  g_autofree char *smallest = confer_fractional_index_between (NULL, "A" Z25 "1", NULL);
  const char *invalid[] = {
    "", "a", "a00", "a0V0", "b0", "0", "!!", "A" Z26, "a0\xc3\xa9",
    /* The package takes these, counting the other characters as 0. */
    "a!", "a0~", "A!!!!!!!!!!!!!!!!!!!!!!!!!!",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (confer_fractional_index_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (confer_fractional_index_is_valid (invalid[i]));
  g_assert_false (confer_fractional_index_is_valid (NULL));

  /* The package makes the smallest integer before A0…01, then refuses it. */
  g_assert_cmpstr (smallest, ==, "A" Z26);
  g_assert_false (confer_fractional_index_is_valid (smallest));
}

/* The tie-break. */

static const char *participants[] = {
  "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ", "ABCDEFGHIJKLMNO", "p-1", "p_1", "0", "00", "z", "é",
};

static void
assert_tiebreak (const char *a,
                 const char *b)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *plain = confer_fractional_index_between (a, b, NULL);

  g_test_message ("between_for (%s, %s)", a, b);
  /* The bounds may come in either order, as for the package. */
  if (a != NULL && b != NULL && strcmp (a, b) > 0)
    {
      const char *t = a;

      a = b;
      b = t;
    }
  for (guint i = 0; i < G_N_ELEMENTS (participants); i++)
    {
      g_autoptr(GError) error = NULL;
      char *key = confer_fractional_index_between_for (a, b, participants[i], &error);
      char *after = NULL, *before = NULL, *inside_a = NULL, *inside_b = NULL;

      g_assert_no_error (error);
      g_assert_true (confer_fractional_index_is_valid (key));
      g_assert_true (a == NULL || strcmp (a, key) < 0);
      g_assert_true (b == NULL || strcmp (key, b) < 0);
      g_assert_cmpstr (key, !=, plain);
      /* Taken as a bound on either side. */
      after = confer_fractional_index_between (key, NULL, &error);
      g_assert_no_error (error);
      before = confer_fractional_index_between (NULL, key, &error);
      g_assert_no_error (error);
      inside_a = confer_fractional_index_between (a, key, &error);
      g_assert_no_error (error);
      inside_b = confer_fractional_index_between (key, b, &error);
      g_assert_no_error (error);
      g_assert_cmpint (strcmp (key, after), <, 0);
      g_assert_cmpint (strcmp (before, key), <, 0);
      g_assert_cmpint (strcmp (inside_a, key), <, 0);
      g_assert_cmpint (strcmp (key, inside_b), <, 0);
      g_free (after);
      g_free (before);
      g_free (inside_a);
      g_free (inside_b);

      for (guint j = 0; j < keys->len; j++)
        g_assert_cmpstr (key, !=, g_ptr_array_index (keys, j));
      g_ptr_array_add (keys, key);
    }

  /* Between any two participants' keys there is room. */
  for (guint i = 0; i < keys->len; i++)
    for (guint j = i + 1; j < keys->len; j++)
      {
        const char *x = g_ptr_array_index (keys, i), *y = g_ptr_array_index (keys, j);
        const char *low = strcmp (x, y) < 0 ? x : y, *high = low == x ? y : x;
        g_autoptr(GError) error = NULL;
        g_autofree char *k = confer_fractional_index_between (x, y, &error);

        g_assert_no_error (error);
        g_assert_cmpint (strcmp (low, k), <, 0);
        g_assert_cmpint (strcmp (k, high), <, 0);
      }
}

static void
test_tiebreak (void)
{
  const char *bounds[][2] = {
    { NULL, NULL }, { "a0", NULL }, { NULL, "a0" },
    { "a0", "a1" }, { "a1", "a0" }, { "a0", "a0V" },
    /* Where the plain key is a prefix of the upper bound. */
    { NULL, "a0V" }, { NULL, "a00V" }, { NULL, "a0001" }, { "a0U", "a0V5" }, { "a0", "b00" },
    { "Zz", "a0" }, { "a0V", "a0W" }, { "z" ZZ26, NULL }, { NULL, "A" Z26 "1" },
    /* The plain key is the smallest integer, which is no valid key. */
    { NULL, "A" Z25 "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    assert_tiebreak (bounds[i][0], bounds[i][1]);
}

static void
test_tiebreak_keys (void)
{
  struct { const char *a, *b, *participant, *key; } cases[] = {
    /* `m` then the id. */
    { "a0", "a1", "ABCDEFGHIJKLMNOP", "a0VABCDEFGHIJKLMNOP" },
    { "a0", "a1", "p-1", "a0Vp00j1" },          /* '-' = 45 = 61 * 0 + 45: 0 0 j */
    { "a0", "a1", "0", "a0V00m" },
    { "a0", "a1", "é", "a0V03C02l" },           /* 0xc3 = 61 * 3 + 12, 0xa9 = 61 * 2 + 47 */
    /* `m` = "a0" is a prefix of "a0V": one 0 between them. */
    { NULL, "a0V", "p-1", "a00p00j1" },
    /* `m` = "a0", "a00V" = m "0V": two 0s. */
    { NULL, "a00V", "ABCDEFGHIJKLMNOP", "a000ABCDEFGHIJKLMNOP" },
    /* `m` = "a0V", a prefix of "a0V5". */
    { "a0U", "a0V5", "z", "a0V0z" },
  };
  /* What the package makes between them and next to them. */
  struct { const char *a, *b, *key; } after[] = {
    { "a0VABCDEFGHIJKLMNOP", "a0Vp00j1", "a0VV" },
    { "a00p00j1", "a0V", "a0G" },
    { NULL, "a00p00j1", "a0" },
    { "a0V0z", "a0V5", "a0V3" },
    { "a0U", "a0V0z", "a0V" },
    { "a000ABCDEFGHIJKLMNOP", "a00V", "a00G" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = confer_fractional_index_between_for (cases[i].a, cases[i].b, cases[i].participant, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, cases[i].key);
    }
  for (guint i = 0; i < G_N_ELEMENTS (after); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = confer_fractional_index_between (after[i].a, after[i].b, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, after[i].key);
    }
}

static void
test_tiebreak_refuses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) same = NULL;
  g_autofree char *key = confer_fractional_index_between_for ("a0", "a0~", "p", &error);
  g_autofree char *equal = confer_fractional_index_between_for ("a0", "a0", "p", &same);

  g_assert_null (key);
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION);
  g_assert_true (g_str_has_prefix (error->message, "invalid order key: a0~"));
  g_assert_null (equal);
  g_assert_error (same, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION);

  g_test_expect_message ("confer-fractional-index", G_LOG_LEVEL_CRITICAL, "*participant_id*");
  g_assert_null (confer_fractional_index_between_for ("a0", "a1", "", NULL));
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fractional-index/between", test_between);
  g_test_add_func ("/fractional-index/start-and-end", test_start_and_end);
  g_test_add_func ("/fractional-index/n-between", test_n_between);
  g_test_add_func ("/fractional-index/n-between-long-run", test_n_between_long_run);
  g_test_add_func ("/fractional-index/errors", test_errors);
  g_test_add_func ("/fractional-index/before-the-smallest-integer", test_before_the_smallest_integer);
  g_test_add_func ("/fractional-index/inserts-at-one-spot", test_inserts_at_one_spot);
  g_test_add_func ("/fractional-index/append-and-prepend", test_append_and_prepend);
  g_test_add_func ("/fractional-index/is-valid", test_is_valid);
  g_test_add_func ("/fractional-index/tiebreak", test_tiebreak);
  g_test_add_func ("/fractional-index/tiebreak-keys", test_tiebreak_keys);
  g_test_add_func ("/fractional-index/tiebreak-refuses", test_tiebreak_refuses);
  return g_test_run ();
}
