/* test-board-index.c: the spatial index of a board's elements, against a
 * brute-force search of the same boxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-board-index-private.h"
#include "confer-core.h"

#define SEED 20261201
#define AREA 20000.0

typedef struct
{
  char     id[16];
  gboolean present;
  double   x, y, width, height;
} Model;

static void
assert_invariants (ConferBoardIndex *index)
{
  g_autofree char *problem = confer_board_index_check (index);

  g_assert_cmpstr (problem, ==, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The index's answer to a query against every present box of @model,
 * compared as sorted lists so that a duplicate would show. */
static void
assert_query (ConferBoardIndex *index,
              const Model      *model,
              guint             n_model,
              double            x,
              double            y,
              double            width,
              double            height)
{
  g_autoptr(GPtrArray) found = confer_board_index_query_ids (index, x, y, width, height);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();

  for (guint i = 0; i < n_model; i++)
    {
      const Model *m = &model[i];

      if (m->present && m->x <= x + width && x <= m->x + m->width &&
          m->y <= y + height && y <= m->y + m->height)
        g_ptr_array_add (expected, (gpointer) m->id);
    }

  g_ptr_array_sort (found, compare_strings);
  g_ptr_array_sort (expected, compare_strings);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (found->pdata[i], ==, expected->pdata[i]);
}

static void
assert_same_as_model (ConferBoardIndex *index,
                      const Model      *model,
                      guint             n_model)
{
  guint n_present = 0;

  for (guint i = 0; i < n_model; i++)
    {
      const Model *m = &model[i];
      double x = -1, y = -1, width = -1, height = -1;
      gboolean found = confer_board_index_get (index, m->id, &x, &y, &width, &height);

      g_assert_cmpint (found, ==, m->present);
      if (!m->present)
        continue;
      n_present++;
      g_assert_cmpfloat (x, ==, m->x);
      g_assert_cmpfloat (y, ==, m->y);
      g_assert_cmpfloat (width, ==, m->width);
      g_assert_cmpfloat (height, ==, m->height);
    }
  g_assert_cmpuint (confer_board_index_get_size (index), ==, n_present);
}

/* Mostly strokes and shapes, a few points and lines, now and then one
 * larger than the board. */
static void
random_box (GRand *rand,
            Model *m)
{
  double kind = g_rand_double (rand);

  m->x = g_rand_double_range (rand, -1000, AREA);
  m->y = g_rand_double_range (rand, -1000, AREA);
  m->width = g_rand_double_range (rand, 0, 600) * g_rand_double (rand);
  m->height = g_rand_double_range (rand, 0, 600) * g_rand_double (rand);
  if (kind < 0.05)
    m->width = m->height = 0;
  else if (kind < 0.08)
    m->width = 0;
  else if (kind < 0.081)
    m->width = m->height = 4 * AREA;
}

static void
test_random (void)
{
  const guint n_boxes = 20000;
  const guint n_changes = 20000;
  const guint n_queries = 2000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(ConferBoardIndex) index = confer_board_index_new ();
  /* Room for the elements added during the changes. */
  g_autofree Model *model = g_new0 (Model, n_boxes + n_changes);
  guint n_model = n_boxes;

  for (guint i = 0; i < n_boxes; i++)
    {
      Model *m = &model[i];

      g_snprintf (m->id, sizeof m->id, "e%u", i);
      random_box (rand, m);
      m->present = TRUE;
      confer_board_index_set (index, m->id, m->x, m->y, m->width, m->height);
    }
  assert_invariants (index);
  assert_same_as_model (index, model, n_model);

  for (guint c = 0; c < n_changes; c++)
    {
      double kind = g_rand_double (rand);
      Model *m = &model[g_rand_int_range (rand, 0, n_model)];

      if (kind < 0.35)
        {
          /* A drag step: usually within the element's leaf. */
          m->x += g_rand_double_range (rand, -20, 20);
          m->y += g_rand_double_range (rand, -20, 20);
          m->present = TRUE;
          confer_board_index_set (index, m->id, m->x, m->y, m->width, m->height);
        }
      else if (kind < 0.7)
        {
          random_box (rand, m);
          m->present = TRUE;
          confer_board_index_set (index, m->id, m->x, m->y, m->width, m->height);
        }
      else if (kind < 0.9)
        {
          g_assert_cmpint (confer_board_index_remove (index, m->id), ==, m->present);
          m->present = FALSE;
        }
      else
        {
          m = &model[n_model];
          g_snprintf (m->id, sizeof m->id, "e%u", n_model);
          n_model++;
          random_box (rand, m);
          m->present = TRUE;
          confer_board_index_set (index, m->id, m->x, m->y, m->width, m->height);
        }

      if (c % 2000 == 1999)
        assert_invariants (index);
    }

  assert_invariants (index);
  assert_same_as_model (index, model, n_model);

  for (guint q = 0; q < n_queries; q++)
    {
      double x = g_rand_double_range (rand, -2000, AREA + 1000);
      double y = g_rand_double_range (rand, -2000, AREA + 1000);
      double size = q % 4 == 0 ? 0 : g_rand_double_range (rand, 0, 3000);

      assert_query (index, model, n_model, x, y, size, size * g_rand_double_range (rand, 0.2, 1.5));
    }

  /* An element's own corners find it. */
  for (guint i = 0; i < n_model; i += 97)
    if (model[i].present)
      {
        const Model *m = &model[i];

        assert_query (index, model, n_model, m->x, m->y, 0, 0);
        assert_query (index, model, n_model, m->x + m->width, m->y + m->height, 0, 0);
      }

  /* Removing everything leaves an empty tree. */
  for (guint i = 0; i < n_model; i++)
    {
      g_assert_cmpint (confer_board_index_remove (index, model[i].id), ==, model[i].present);
      model[i].present = FALSE;
      if (i % 5000 == 0)
        assert_invariants (index);
    }
  assert_invariants (index);
  g_assert_cmpuint (confer_board_index_get_size (index), ==, 0);
  g_assert_false (confer_board_index_get_bounds (index, NULL, NULL, NULL, NULL));
}

static void
test_degenerate_and_huge (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  g_autoptr(ConferBoardIndex) index = confer_board_index_new ();
  Model model[600];
  double x, y, width, height;

  /* Many elements at one point, then lines and ordinary boxes, and boxes
   * so large that their right edge or their area is infinite. */
  for (guint i = 0; i < G_N_ELEMENTS (model); i++)
    {
      Model *m = &model[i];

      g_snprintf (m->id, sizeof m->id, "d%u", i);
      m->present = TRUE;
      if (i < 200)
        {
          m->x = m->y = 5;
          m->width = m->height = 0;
        }
      else if (i < 300)
        {
          m->x = g_rand_double_range (rand, 0, 100);
          m->y = 7;
          m->width = g_rand_double_range (rand, 0, 100);
          m->height = 0;
        }
      else if (i % 100 == 0)
        {
          m->x = m->y = 1e308;
          m->width = m->height = G_MAXDOUBLE;
        }
      else if (i % 50 == 0)
        {
          m->x = m->y = -1e300;
          m->width = m->height = 1e300;
        }
      else
        {
          random_box (rand, m);
        }
      confer_board_index_set (index, m->id, m->x, m->y, m->width, m->height);
    }
  assert_invariants (index);
  assert_same_as_model (index, model, G_N_ELEMENTS (model));

  assert_query (index, model, G_N_ELEMENTS (model), 5, 5, 0, 0);
  assert_query (index, model, G_N_ELEMENTS (model), 50, 7, 0, 0);
  assert_query (index, model, G_N_ELEMENTS (model), 1e200, 1e200, 1, 1);
  assert_query (index, model, G_N_ELEMENTS (model), -G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE);
  assert_query (index, model, G_N_ELEMENTS (model), 0, 0, G_MAXDOUBLE, G_MAXDOUBLE);
  for (guint q = 0; q < 200; q++)
    assert_query (index, model, G_N_ELEMENTS (model),
                  g_rand_double_range (rand, -100, AREA), g_rand_double_range (rand, -100, AREA),
                  g_rand_double_range (rand, 0, 500), g_rand_double_range (rand, 0, 500));

  g_assert_true (confer_board_index_get_bounds (index, &x, &y, &width, &height));
  g_assert_cmpfloat (x, ==, -1e300);
  g_assert_cmpfloat (y, ==, -1e300);
  g_assert_cmpfloat (width, ==, INFINITY);

  /* Moving the points apart one by one takes them out of shared leaves. */
  for (guint i = 0; i < 200; i++)
    {
      Model *m = &model[i];

      m->x = i;
      confer_board_index_set (index, m->id, m->x, m->y, m->width, m->height);
    }
  for (guint i = 0; i < G_N_ELEMENTS (model); i += 3)
    {
      model[i].present = FALSE;
      g_assert_true (confer_board_index_remove (index, model[i].id));
    }
  assert_invariants (index);
  assert_same_as_model (index, model, G_N_ELEMENTS (model));
  assert_query (index, model, G_N_ELEMENTS (model), 5, 5, 0, 0);
  assert_query (index, model, G_N_ELEMENTS (model), 0, 0, 100, 100);
}

static void
test_touching (void)
{
  g_autoptr(ConferBoardIndex) index = confer_board_index_new ();
  g_autoptr(GPtrArray) ids = NULL;

  confer_board_index_set (index, "a", 0, 0, 10, 10);
  confer_board_index_set (index, "b", 10, 0, 10, 10);     /* shares a's right edge */
  confer_board_index_set (index, "c", 20, 10, 5, 5);      /* meets b at a corner */

  /* Each corner and edge of a query box counts. */
  ids = confer_board_index_query_ids (index, 10, 10, 0, 0);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = confer_board_index_query_ids (index, 20, 10, 0, 0);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = confer_board_index_query_ids (index, -5, -5, 5, 5);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "a");
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = confer_board_index_query_ids (index, 25, 15, 3, 3);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "c");
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* The smallest gap keeps boxes apart. */
  ids = confer_board_index_query_ids (index, nextafter (25, 26), 0, 1, 20);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = confer_board_index_query_ids (index, 0, nextafter (15, 16), 30, 1);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
count_id (const char *id,
          gpointer    user_data)
{
  GHashTable *seen = user_data;

  g_assert_true (g_hash_table_add (seen, g_strdup (id)));
}

static void
test_set_get_remove (void)
{
  g_autoptr(ConferBoardIndex) index = confer_board_index_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char id[] = "element";
  double x, y, width, height;

  g_assert_false (confer_board_index_get (index, "element", &x, &y, &width, &height));
  g_assert_false (confer_board_index_remove (index, "element"));

  /* The index keeps its own copy of the id. */
  confer_board_index_set (index, id, 0.1, 0.2, 0.3, 0.7);
  id[0] = 'E';
  g_assert_true (confer_board_index_get (index, "element", &x, &y, &width, &height));
  g_assert_cmpfloat (x, ==, 0.1);
  g_assert_cmpfloat (y, ==, 0.2);
  g_assert_cmpfloat (width, ==, 0.3);
  g_assert_cmpfloat (height, ==, 0.7);
  g_assert_false (confer_board_index_get (index, "Element", NULL, NULL, NULL, NULL));

  /* Setting an id again moves it. */
  confer_board_index_set (index, "element", 100, 100, 1, 1);
  g_assert_cmpuint (confer_board_index_get_size (index), ==, 1);
  confer_board_index_query (index, 0, 0, 1, 1, count_id, seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 0);
  confer_board_index_query (index, 99, 99, 1, 1, count_id, seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1);
  g_assert_true (g_hash_table_contains (seen, "element"));

  g_assert_true (confer_board_index_remove (index, "element"));
  g_assert_false (confer_board_index_remove (index, "element"));
  g_assert_cmpuint (confer_board_index_get_size (index), ==, 0);
  assert_invariants (index);
}

static void
test_bounds (void)
{
  g_autoptr(ConferBoardIndex) index = confer_board_index_new ();
  double x, y, width, height;

  g_assert_false (confer_board_index_get_bounds (index, &x, &y, &width, &height));

  confer_board_index_set (index, "a", 10, 20, 0, 0);
  g_assert_true (confer_board_index_get_bounds (index, &x, &y, &width, &height));
  g_assert_cmpfloat (x, ==, 10);
  g_assert_cmpfloat (y, ==, 20);
  g_assert_cmpfloat (width, ==, 0);
  g_assert_cmpfloat (height, ==, 0);

  /* Enough elements for a tree of several levels, within 0..1000. */
  for (guint i = 0; i < 1000; i++)
    {
      char id[16];

      g_snprintf (id, sizeof id, "n%u", i);
      confer_board_index_set (index, id, i, (i * 7) % 1000, 1, 1);
    }
  confer_board_index_set (index, "far", -500, 3000, 100, 50);
  g_assert_true (confer_board_index_get_bounds (index, &x, &y, &width, &height));
  g_assert_cmpfloat (x, ==, -500);
  g_assert_cmpfloat (y, ==, 0);
  g_assert_cmpfloat (width, ==, 1500);
  g_assert_cmpfloat (height, ==, 3050);

  /* Bounds shrink when the far element moves in and when it goes. */
  confer_board_index_set (index, "far", 0, 0, 10, 10);
  g_assert_true (confer_board_index_get_bounds (index, &x, &y, &width, &height));
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (height, ==, 1000);
  confer_board_index_set (index, "far", -500, -500, 1, 1);
  g_assert_true (confer_board_index_remove (index, "far"));
  g_assert_true (confer_board_index_get_bounds (index, &x, &y, &width, &height));
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 0);
  g_assert_cmpfloat (width, ==, 1000);
  g_assert_cmpfloat (height, ==, 1000);
  assert_invariants (index);
}

static void
test_clear (void)
{
  g_autoptr(ConferBoardIndex) index = confer_board_index_new ();
  g_autoptr(GPtrArray) ids = NULL;

  for (guint i = 0; i < 1000; i++)
    {
      char id[16];

      g_snprintf (id, sizeof id, "c%u", i);
      confer_board_index_set (index, id, i % 40 * 50, i / 40 * 50, 40, 40);
    }
  g_assert_cmpuint (confer_board_index_get_size (index), ==, 1000);

  confer_board_index_clear (index);
  assert_invariants (index);
  g_assert_cmpuint (confer_board_index_get_size (index), ==, 0);
  g_assert_false (confer_board_index_get_bounds (index, NULL, NULL, NULL, NULL));
  g_assert_false (confer_board_index_get (index, "c0", NULL, NULL, NULL, NULL));
  ids = confer_board_index_query_ids (index, -1e9, -1e9, 2e9, 2e9);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* A cleared index is as good as new. */
  confer_board_index_set (index, "c0", 1, 2, 3, 4);
  ids = confer_board_index_query_ids (index, 0, 0, 1, 2);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "c0");
  assert_invariants (index);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/board-index/set-get-remove", test_set_get_remove);
  g_test_add_func ("/board-index/touching", test_touching);
  g_test_add_func ("/board-index/bounds", test_bounds);
  g_test_add_func ("/board-index/clear", test_clear);
  g_test_add_func ("/board-index/degenerate-and-huge", test_degenerate_and_huge);
  g_test_add_func ("/board-index/random", test_random);
  return g_test_run ();
}
