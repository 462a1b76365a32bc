/* test-board-edit.c: the whiteboard's editing commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "confer-core.h"

#define ME "participant-0001"

/* A board of elements given as a JSON list. */
static ConferBoard *
board_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = confer_json_text_parse (json, strlen (json), CONFER_JSON_MAX_DEPTH, &error);
  ConferBoard *board = confer_board_new ();
  JsonArray *array;

  g_assert_no_error (error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(ConferBoardElement) element = confer_board_element_from_json (json_array_get_object_element (array, i), &error);

      g_assert_no_error (error);
      confer_board_put (board, element);
    }
  return board;
}

/* Applies a command's transaction as a client would after sending it:
 * written, read back (which checks every value), checked, applied. */
static void
apply (ConferBoard   *board,
       ConferBoardTx *tx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) json = NULL;
  g_autoptr(ConferBoardTx) read = NULL;

  g_assert_nonnull (tx);
  json = confer_board_tx_to_json (tx);
  read = confer_board_tx_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (confer_board_check_tx (board, read, &error));
  g_assert_no_error (error);
  confer_board_apply_tx (board, read, NULL);
  confer_board_tx_unref (tx);
}

static const ConferBoardElement *
get (ConferBoard *board,
     const char  *id)
{
  const ConferBoardElement *element = confer_board_lookup (board, id);

  g_assert_nonnull (element);
  return element;
}

static double
num (ConferBoard     *board,
     const char      *id,
     ConferBoardProp  prop)
{
  return confer_board_element_get_number (get (board, id), prop);
}

static char *
json_of (ConferBoard     *board,
         const char      *id,
         ConferBoardProp  prop)
{
  g_autoptr(JsonNode) node = confer_board_value_to_json (prop, confer_board_element_get (get (board, id), prop));

  return json_to_string (node, FALSE);
}

static const char *
binding_of (ConferBoard     *board,
            const char      *id,
            ConferBoardProp  prop)
{
  const ConferBoardValue *value = confer_board_element_get (get (board, id), prop);

  if (value->kind != CONFER_BOARD_VALUE_JSON)
    return NULL;
  return json_object_get_string_member (json_node_get_object (value->json), "elementId");
}

/* An arrow's first or last point, scene px. */
static void
arrow_end (ConferBoard *board,
           const char  *id,
           gboolean     last,
           double      *x,
           double      *y)
{
  const ConferBoardDoubles *points = confer_board_element_get (get (board, id), CONFER_BOARD_PROP_POINTS)->doubles;
  guint i = last ? points->n - 2 : 0;

  *x = num (board, id, CONFER_BOARD_PROP_X) + points->values[i];
  *y = num (board, id, CONFER_BOARD_PROP_Y) + points->values[i + 1];
}

/* How far a point is from an unturned rectangle's outline. */
static double
rectangle_distance (ConferBoard *board,
                    const char  *id,
                    double       x,
                    double       y)
{
  double x0 = num (board, id, CONFER_BOARD_PROP_X), y0 = num (board, id, CONFER_BOARD_PROP_Y);
  double x1 = x0 + num (board, id, CONFER_BOARD_PROP_WIDTH), y1 = y0 + num (board, id, CONFER_BOARD_PROP_HEIGHT);
  double dx = MAX (MAX (x0 - x, x - x1), 0), dy = MAX (MAX (y0 - y, y - y1), 0);

  if (dx == 0 && dy == 0)
    return -MIN (MIN (x - x0, x1 - x), MIN (y - y0, y1 - y));
  return hypot (dx, dy);
}

static char **
order (ConferBoard *board)
{
  g_autoptr(GPtrArray) list = confer_board_list (board, FALSE);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ids;

  for (guint i = 0; i < list->len; i++)
    g_strv_builder_add (builder, ((ConferBoardElement *) list->pdata[i])->id);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

static void
assert_order (ConferBoard *board,
              const char  *expected)
{
  g_auto(GStrv) ids = order (board);
  g_autofree char *joined = g_strjoinv (" ", ids);

  g_assert_cmpstr (joined, ==, expected);
}

/* Two boxes and an arrow from one to the other, bound at both ends. */
#define TWO_BOXES \
  "[{\"id\":\"r1\",\"type\":\"rectangle\",\"index\":\"a0\",\"x\":0,\"y\":0,\"width\":100,\"height\":50," \
  "  \"boundElements\":[{\"id\":\"a1\",\"type\":\"arrow\"}]}," \
  " {\"id\":\"r2\",\"type\":\"rectangle\",\"index\":\"a1\",\"x\":300,\"y\":0,\"width\":100,\"height\":50," \
  "  \"boundElements\":[{\"id\":\"a1\",\"type\":\"arrow\"}]}," \
  " {\"id\":\"a1\",\"type\":\"arrow\",\"index\":\"a2\",\"x\":105,\"y\":25,\"width\":190,\"height\":0," \
  "  \"points\":[[0,0],[190,0]]," \
  "  \"startBinding\":{\"elementId\":\"r1\",\"focus\":0,\"gap\":5}," \
  "  \"endBinding\":{\"elementId\":\"r2\",\"focus\":0,\"gap\":5}}]"

/* A moved box takes its arrow's end along, the gap off its outline. */
static void
test_move (void)
{
  g_autoptr(ConferBoard) board = board_of (TWO_BOXES);
  const char *r1[] = { "r1", NULL };
  const char *a1[] = { "a1", NULL };
  double x, y;

  g_assert_null (confer_board_edit_move (board, r1, 0, 0));
  apply (board, confer_board_edit_move (board, r1, 40, 200));
  g_assert_cmpfloat (num (board, "r1", CONFER_BOARD_PROP_X), ==, 40);
  g_assert_cmpfloat (num (board, "r1", CONFER_BOARD_PROP_Y), ==, 200);
  arrow_end (board, "a1", FALSE, &x, &y);
  g_assert_cmpfloat_with_epsilon (rectangle_distance (board, "r1", x, y), 5, 0.5);
  arrow_end (board, "a1", TRUE, &x, &y);
  g_assert_cmpfloat_with_epsilon (rectangle_distance (board, "r2", x, y), 5, 0.5);
  g_assert_cmpstr (binding_of (board, "a1", CONFER_BOARD_PROP_START_BINDING), ==, "r1");

  /* The arrow moved alone lets go of both boxes. */
  apply (board, confer_board_edit_move (board, a1, 10, 10));
  g_assert_null (binding_of (board, "a1", CONFER_BOARD_PROP_START_BINDING));
  g_assert_null (binding_of (board, "a1", CONFER_BOARD_PROP_END_BINDING));
  g_assert_cmpint (confer_board_element_get (get (board, "r1"), CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind, ==, CONFER_BOARD_VALUE_NULL);
  g_assert_cmpint (confer_board_element_get (get (board, "r2"), CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind, ==, CONFER_BOARD_VALUE_NULL);
}

/* Turned and resized boxes keep their arrows on their outlines. */
static void
test_rotate_resize (void)
{
  g_autoptr(ConferBoard) board = board_of (TWO_BOXES);
  const char *r2[] = { "r2", NULL };
  ConferBoardBox from = { 300, 0, 100, 50 }, to = { 300, 0, 200, 100 };
  double x, y;

  apply (board, confer_board_edit_rotate (board, r2, 350, 25, G_PI / 2));
  g_assert_cmpfloat_with_epsilon (num (board, "r2", CONFER_BOARD_PROP_ANGLE), G_PI / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (num (board, "r2", CONFER_BOARD_PROP_X), 300, 1e-9);
  /* Turned upright, its left side is 25 px from its centre. */
  arrow_end (board, "a1", TRUE, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 350 - 25 - 5, 0.5);
  g_assert_cmpfloat_with_epsilon (y, 25, 0.5);

  apply (board, confer_board_edit_rotate (board, r2, 350, 25, -G_PI / 2));
  apply (board, confer_board_edit_resize (board, r2, &from, &to));
  g_assert_cmpfloat (num (board, "r2", CONFER_BOARD_PROP_WIDTH), ==, 200);
  g_assert_cmpfloat (num (board, "r2", CONFER_BOARD_PROP_HEIGHT), ==, 100);
  arrow_end (board, "a1", TRUE, &x, &y);
  g_assert_cmpfloat_with_epsilon (rectangle_distance (board, "r2", x, y), 5, 0.5);

  /* A flip across x: the box lands mirrored, its size positive. */
  from = to;
  to = (ConferBoardBox) { 600, 0, -200, 100 };
  apply (board, confer_board_edit_resize (board, r2, &from, &to));
  g_assert_cmpfloat (num (board, "r2", CONFER_BOARD_PROP_X), ==, 400);
  g_assert_cmpfloat (num (board, "r2", CONFER_BOARD_PROP_WIDTH), ==, 200);
}

/* Texts scale their font only when the selection keeps its proportions. */
static void
test_resize_text (void)
{
  g_autoptr(ConferBoard) board = board_of ("[{\"id\":\"t\",\"type\":\"text\",\"index\":\"a0\",\"x\":0,\"y\":0,"
                                           "\"width\":100,\"height\":25,\"fontSize\":20,\"text\":\"hello\"}]");
  const char *t[] = { "t", NULL };
  ConferBoardBox from = { 0, 0, 100, 25 }, twice = { 0, 0, 200, 50 }, wide = { 0, 0, 400, 50 };

  apply (board, confer_board_edit_resize (board, t, &from, &twice));
  g_assert_cmpfloat (num (board, "t", CONFER_BOARD_PROP_FONT_SIZE), ==, 40);
  apply (board, confer_board_edit_resize (board, t, &twice, &wide));
  g_assert_cmpfloat (num (board, "t", CONFER_BOARD_PROP_FONT_SIZE), ==, 40);
  g_assert_cmpfloat (num (board, "t", CONFER_BOARD_PROP_WIDTH), ==, 400);
}

/* A stroke at the point limit resizes into a valid element. */
static void
test_resize_long_stroke (void)
{
  g_autoptr(ConferBoard) board = confer_board_new ();
  g_autoptr(ConferBoardElement) stroke = confer_board_element_new (CONFER_BOARD_ELEMENT_FREEDRAW, "ink");
  g_autofree double *xy = g_new (double, 2 * CONFER_BOARD_MAX_POINTS);
  ConferBoardValue points = { .kind = CONFER_BOARD_VALUE_DOUBLES };
  const char *ids[] = { "ink", NULL };
  ConferBoardBox from, to;

  for (guint i = 0; i < CONFER_BOARD_MAX_POINTS; i++)
    {
      xy[2 * i] = i * 0.05;
      xy[2 * i + 1] = 30 * sin (i * 0.01);
    }
  points.doubles = confer_board_doubles_new (xy, 2 * CONFER_BOARD_MAX_POINTS);
  confer_board_element_take (stroke, CONFER_BOARD_PROP_POINTS, &points);
  confer_board_element_set_string (stroke, CONFER_BOARD_PROP_INDEX, "a0");
  confer_board_element_set_number (stroke, CONFER_BOARD_PROP_X, 10);
  confer_board_put (board, stroke);

  confer_board_element_get_box (get (board, "ink"), &from);
  g_assert_cmpfloat_with_epsilon (from.width, (CONFER_BOARD_MAX_POINTS - 1) * 0.05, 1e-6);
  to = (ConferBoardBox) { from.x - 100, from.y, from.width * 3, -from.height * 2 };
  apply (board, confer_board_edit_resize (board, ids, &from, &to));
  confer_board_element_get_box (get (board, "ink"), &to);
  g_assert_cmpfloat_with_epsilon (to.width, from.width * 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (to.height, from.height * 2, 1e-6);
  g_assert_cmpuint (confer_board_element_get (get (board, "ink"), CONFER_BOARD_PROP_POINTS)->doubles->n, ==,
                    2 * CONFER_BOARD_MAX_POINTS);
}

/* Copies get new ids and seeds, their own group and bindings to each other. */
static void
test_duplicate (void)
{
  g_autoptr(ConferBoard) board = board_of (TWO_BOXES);
  const char *all[] = { "r1", "a1", "r2", NULL };
  g_autoptr(GPtrArray) new_ids = NULL;
  ConferBoardTx *tx = confer_board_edit_duplicate (board, all, 10, 20, ME, &new_ids);
  const char *r1, *r2, *a1;
  g_auto(GStrv) ids = NULL;

  g_assert_nonnull (tx);
  g_assert_cmpuint (new_ids->len, ==, 3);
  r1 = new_ids->pdata[0];
  r2 = new_ids->pdata[1];
  a1 = new_ids->pdata[2];
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (confer_board_id_is_valid (new_ids->pdata[i]));
      g_assert_null (confer_board_lookup (board, new_ids->pdata[i]));
    }
  apply (board, tx);
  g_assert_cmpuint (confer_board_get_n_live (board), ==, 6);
  g_assert_cmpfloat (num (board, r1, CONFER_BOARD_PROP_X), ==, 10);
  g_assert_cmpfloat (num (board, r1, CONFER_BOARD_PROP_Y), ==, 20);
  g_assert_cmpfloat (num (board, r1, CONFER_BOARD_PROP_SEED), !=, num (board, "r1", CONFER_BOARD_PROP_SEED));
  g_assert_cmpstr (binding_of (board, a1, CONFER_BOARD_PROP_START_BINDING), ==, r1);
  g_assert_cmpstr (binding_of (board, a1, CONFER_BOARD_PROP_END_BINDING), ==, r2);
  {
    g_autofree char *bound = json_of (board, r2, CONFER_BOARD_PROP_BOUND_ELEMENTS);
    g_autofree char *expected = g_strdup_printf ("[{\"id\":\"%s\",\"type\":\"arrow\"}]", a1);

    g_assert_cmpstr (bound, ==, expected);
  }
  /* The copies are on top, in the originals' order. */
  ids = order (board);
  g_assert_cmpstr (ids[3], ==, r1);
  g_assert_cmpstr (ids[4], ==, r2);
  g_assert_cmpstr (ids[5], ==, a1);

  /* A copied arrow without its boxes binds to nothing. */
  {
    const char *arrow[] = { "a1", NULL };
    g_autoptr(GPtrArray) one = NULL;

    apply (board, confer_board_edit_duplicate (board, arrow, 0, 100, ME, &one));
    g_assert_null (binding_of (board, one->pdata[0], CONFER_BOARD_PROP_START_BINDING));
  }

  /* Grouped copies share a new group. */
  {
    const char *boxes[] = { "r1", "r2", NULL };
    const char *one[] = { "r1", NULL };
    g_autoptr(GPtrArray) copies = NULL;
    g_autofree char *g1 = NULL;
    g_autofree char *g2 = NULL;

    apply (board, confer_board_edit_group (board, boxes, "g1"));
    apply (board, confer_board_edit_duplicate (board, one, 0, 300, ME, &copies));
    g_assert_cmpuint (copies->len, ==, 2);
    g1 = json_of (board, copies->pdata[0], CONFER_BOARD_PROP_GROUP_IDS);
    g2 = json_of (board, copies->pdata[1], CONFER_BOARD_PROP_GROUP_IDS);
    g_assert_cmpstr (g1, ==, g2);
    g_assert_cmpstr (g1, !=, "[\"g1\"]");
  }
}

#define FOUR \
  "[{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"width\":10,\"height\":10}," \
  " {\"id\":\"b\",\"type\":\"rectangle\",\"index\":\"a1\",\"width\":10,\"height\":10}," \
  " {\"id\":\"c\",\"type\":\"rectangle\",\"index\":\"a2\",\"width\":10,\"height\":10}," \
  " {\"id\":\"d\",\"type\":\"rectangle\",\"index\":\"a3\",\"width\":10,\"height\":10}]"

static void
restack (ConferBoardRestack  how,
         const char *const  *ids,
         const char         *expected)
{
  g_autoptr(ConferBoard) board = board_of (FOUR);

  apply (board, confer_board_edit_restack (board, ids, how, ME));
  assert_order (board, expected);
}

static void
test_restack (void)
{
  const char *b[] = { "b", NULL };
  const char *c[] = { "c", NULL };
  const char *a_c[] = { "a", "c", NULL };
  const char *b_d[] = { "b", "d", NULL };
  const char *d[] = { "d", NULL };

  restack (CONFER_BOARD_RESTACK_FORWARD, b, "a c b d");
  restack (CONFER_BOARD_RESTACK_BACKWARD, c, "a c b d");
  restack (CONFER_BOARD_RESTACK_TO_FRONT, b, "a c d b");
  restack (CONFER_BOARD_RESTACK_TO_BACK, c, "c a b d");
  restack (CONFER_BOARD_RESTACK_TO_FRONT, a_c, "b d a c");
  restack (CONFER_BOARD_RESTACK_TO_BACK, b_d, "b d a c");
  restack (CONFER_BOARD_RESTACK_FORWARD, a_c, "b a d c");
  restack (CONFER_BOARD_RESTACK_BACKWARD, b_d, "b a d c");

  /* Nothing to do at the ends. */
  {
    g_autoptr(ConferBoard) board = board_of (FOUR);

    g_assert_null (confer_board_edit_restack (board, d, CONFER_BOARD_RESTACK_FORWARD, ME));
    g_assert_null (confer_board_edit_restack (board, d, CONFER_BOARD_RESTACK_TO_FRONT, ME));
  }

  /* Forward steps past a whole group. */
  {
    g_autoptr(ConferBoard) board = board_of (FOUR);
    const char *b_c[] = { "b", "c", NULL };

    apply (board, confer_board_edit_group (board, b_c, "g"));
    apply (board, confer_board_edit_restack (board, (const char *[]) { "a", NULL }, CONFER_BOARD_RESTACK_FORWARD, ME));
    assert_order (board, "b c a d");
  }
}

#define THREE \
  "[{\"id\":\"p\",\"type\":\"rectangle\",\"index\":\"a0\",\"x\":0,\"y\":0,\"width\":10,\"height\":10}," \
  " {\"id\":\"q\",\"type\":\"rectangle\",\"index\":\"a1\",\"x\":50,\"y\":40,\"width\":20,\"height\":10}," \
  " {\"id\":\"s\",\"type\":\"rectangle\",\"index\":\"a2\",\"x\":200,\"y\":80,\"width\":30,\"height\":10}]"

static void
test_align_distribute (void)
{
  const char *ids[] = { "p", "q", "s", NULL };

  {
    g_autoptr(ConferBoard) board = board_of (THREE);

    apply (board, confer_board_edit_align (board, ids, CONFER_BOARD_ALIGN_LEFT));
    g_assert_cmpfloat (num (board, "q", CONFER_BOARD_PROP_X), ==, 0);
    g_assert_cmpfloat (num (board, "s", CONFER_BOARD_PROP_X), ==, 0);
    g_assert_cmpfloat (num (board, "s", CONFER_BOARD_PROP_Y), ==, 80);
    g_assert_null (confer_board_edit_align (board, ids, CONFER_BOARD_ALIGN_LEFT));
  }
  {
    g_autoptr(ConferBoard) board = board_of (THREE);

    apply (board, confer_board_edit_align (board, ids, CONFER_BOARD_ALIGN_BOTTOM));
    g_assert_cmpfloat (num (board, "p", CONFER_BOARD_PROP_Y), ==, 80);
    g_assert_cmpfloat (num (board, "q", CONFER_BOARD_PROP_Y), ==, 80);
  }
  {
    g_autoptr(ConferBoard) board = board_of (THREE);

    apply (board, confer_board_edit_align (board, ids, CONFER_BOARD_ALIGN_CENTRE));
    g_assert_cmpfloat (num (board, "p", CONFER_BOARD_PROP_X), ==, 110);
    g_assert_cmpfloat (num (board, "s", CONFER_BOARD_PROP_X), ==, 100);
  }
  {
    /* A group moves as one: its left edge goes left, its parts keep their distance. */
    g_autoptr(ConferBoard) board = board_of (THREE);
    const char *q_s[] = { "q", "s", NULL };

    apply (board, confer_board_edit_group (board, q_s, "g"));
    apply (board, confer_board_edit_align (board, ids, CONFER_BOARD_ALIGN_RIGHT));
    g_assert_cmpfloat (num (board, "q", CONFER_BOARD_PROP_X), ==, 50);
    g_assert_cmpfloat (num (board, "p", CONFER_BOARD_PROP_X), ==, 220);
  }
  {
    /* Spans 0 to 230 with 60 px of boxes: gaps of 85 px. */
    g_autoptr(ConferBoard) board = board_of (THREE);

    apply (board, confer_board_edit_distribute (board, ids, TRUE));
    g_assert_cmpfloat (num (board, "p", CONFER_BOARD_PROP_X), ==, 0);
    g_assert_cmpfloat (num (board, "q", CONFER_BOARD_PROP_X), ==, 95);
    g_assert_cmpfloat (num (board, "s", CONFER_BOARD_PROP_X), ==, 200);
    /* Top to bottom they are even already. */
    g_assert_null (confer_board_edit_distribute (board, ids, FALSE));
    g_assert_null (confer_board_edit_distribute (board, ids, TRUE));
    g_assert_null (confer_board_edit_distribute (board, (const char *[]) { "p", "q", NULL }, TRUE));
  }
}

static void
test_delete (void)
{
  {
    g_autoptr(ConferBoard) board = board_of (
      "[{\"id\":\"f\",\"type\":\"frame\",\"index\":\"a0\",\"width\":500,\"height\":500},"
      " {\"id\":\"c1\",\"type\":\"rectangle\",\"index\":\"a1\",\"frameId\":\"f\"},"
      " {\"id\":\"c2\",\"type\":\"ellipse\",\"index\":\"a2\",\"frameId\":\"f\"},"
      " {\"id\":\"out\",\"type\":\"rectangle\",\"index\":\"a3\"}]");

    apply (board, confer_board_edit_delete (board, (const char *[]) { "f", NULL }));
    g_assert_true (get (board, "f")->deleted);
    g_assert_true (get (board, "c1")->deleted);
    g_assert_true (get (board, "c2")->deleted);
    g_assert_false (get (board, "out")->deleted);
    g_assert_null (confer_board_edit_delete (board, (const char *[]) { "f", NULL }));
  }
  {
    g_autoptr(ConferBoard) board = board_of (TWO_BOXES);

    apply (board, confer_board_edit_delete (board, (const char *[]) { "r1", NULL }));
    g_assert_null (binding_of (board, "a1", CONFER_BOARD_PROP_START_BINDING));
    g_assert_cmpstr (binding_of (board, "a1", CONFER_BOARD_PROP_END_BINDING), ==, "r2");
    apply (board, confer_board_edit_delete (board, (const char *[]) { "a1", NULL }));
    g_assert_cmpint (confer_board_element_get (get (board, "r2"), CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind, ==, CONFER_BOARD_VALUE_NULL);
  }
  {
    /* A container takes its text along; a text alone leaves its container. */
    g_autoptr(ConferBoard) board = board_of (
      "[{\"id\":\"box\",\"type\":\"rectangle\",\"index\":\"a0\",\"boundElements\":[{\"id\":\"label\",\"type\":\"text\"}]},"
      " {\"id\":\"label\",\"type\":\"text\",\"index\":\"a1\",\"containerId\":\"box\"}]");

    apply (board, confer_board_edit_delete (board, (const char *[]) { "label", NULL }));
    g_assert_true (get (board, "label")->deleted);
    g_assert_cmpint (confer_board_element_get (get (board, "box"), CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind, ==, CONFER_BOARD_VALUE_NULL);
  }
}

/* Locked elements stay put, and stay. */
static void
test_locked (void)
{
  g_autoptr(ConferBoard) board = board_of (FOUR);
  const char *a[] = { "a", NULL };
  const char *a_b[] = { "a", "b", NULL };
  ConferBoardBox from = { 0, 0, 10, 10 }, to = { 0, 0, 20, 20 };

  apply (board, confer_board_edit_set_locked (board, a, TRUE));
  g_assert_null (confer_board_edit_set_locked (board, a, TRUE));
  g_assert_null (confer_board_edit_move (board, a, 5, 5));
  g_assert_null (confer_board_edit_delete (board, a));
  g_assert_null (confer_board_edit_resize (board, a, &from, &to));
  g_assert_null (confer_board_edit_rotate (board, a, 0, 0, 1));
  apply (board, confer_board_edit_move (board, a_b, 5, 5));
  g_assert_cmpfloat (num (board, "a", CONFER_BOARD_PROP_X), ==, 0);
  g_assert_cmpfloat (num (board, "b", CONFER_BOARD_PROP_X), ==, 5);
  apply (board, confer_board_edit_set_locked (board, a, FALSE));
  apply (board, confer_board_edit_move (board, a, 5, 5));
  g_assert_cmpfloat (num (board, "a", CONFER_BOARD_PROP_X), ==, 5);
}

static void
test_hit (void)
{
  g_autoptr(ConferBoard) board = board_of (
    "[{\"id\":\"bar\",\"type\":\"rectangle\",\"index\":\"a0\",\"x\":0,\"y\":0,\"width\":100,\"height\":20,"
    "  \"angle\":1.5707963267948966,\"backgroundColor\":\"#ffc9c9\"},"
    " {\"id\":\"ring\",\"type\":\"ellipse\",\"index\":\"a1\",\"x\":200,\"y\":0,\"width\":100,\"height\":50},"
    " {\"id\":\"f\",\"type\":\"frame\",\"index\":\"a2\",\"x\":400,\"y\":0,\"width\":100,\"height\":100},"
    " {\"id\":\"l\",\"type\":\"line\",\"index\":\"a3\",\"x\":0,\"y\":200,\"points\":[[0,0],[100,100]],\"angle\":1.5707963267948966}]");
  ConferBoardBox box;

  /* The bar stands upright about its centre (50, 10). */
  g_assert_true (confer_board_element_hit (board, get (board, "bar"), 50, 50, 1));
  g_assert_true (confer_board_element_hit (board, get (board, "bar"), 55, -35, 1));
  g_assert_false (confer_board_element_hit (board, get (board, "bar"), 90, 10, 1));
  confer_board_element_get_rotated_box (get (board, "bar"), &box);
  g_assert_cmpfloat_with_epsilon (box.x, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.height, 100, 1e-9);

  /* Unfilled: the outline, not the inside. */
  g_assert_true (confer_board_element_hit (board, get (board, "ring"), 200.5, 25, 1));
  g_assert_true (confer_board_element_hit (board, get (board, "ring"), 250, 1.5, 1));
  g_assert_false (confer_board_element_hit (board, get (board, "ring"), 250, 25, 1));

  /* A frame by its name and border. */
  g_assert_true (confer_board_element_hit (board, get (board, "f"), 420, -10, 1));
  g_assert_true (confer_board_element_hit (board, get (board, "f"), 400, 50, 1));
  g_assert_false (confer_board_element_hit (board, get (board, "f"), 450, 50, 1));

  /* The line, turned a quarter about (50, 250), runs from (100, 200) to (0, 300). */
  g_assert_true (confer_board_element_hit (board, get (board, "l"), 50, 250, 1));
  g_assert_true (confer_board_element_hit (board, get (board, "l"), 90, 211, 1));
  g_assert_false (confer_board_element_hit (board, get (board, "l"), 10, 210, 1));
}

static void
test_bind_arrow (void)
{
  g_autoptr(ConferBoard) board = board_of (
    "[{\"id\":\"r1\",\"type\":\"rectangle\",\"index\":\"a0\",\"x\":0,\"y\":0,\"width\":100,\"height\":50},"
    " {\"id\":\"e\",\"type\":\"ellipse\",\"index\":\"a1\",\"x\":300,\"y\":0,\"width\":100,\"height\":50},"
    " {\"id\":\"f\",\"type\":\"frame\",\"index\":\"a2\",\"x\":-1000,\"y\":-1000,\"width\":3000,\"height\":3000},"
    " {\"id\":\"a1\",\"type\":\"arrow\",\"index\":\"a3\",\"x\":50,\"y\":25,\"points\":[[0,0],[300,0]]}]");
  g_autoptr(GPtrArray) candidates = confer_board_list (board, FALSE);
  g_autofree char *bound = NULL;
  double x, y;

  g_assert_true (confer_board_find_bind_target (board, candidates, 350, 25, 10) == get (board, "e"));
  g_assert_true (confer_board_find_bind_target (board, candidates, 50, 58, 10) == get (board, "r1"));
  g_assert_null (confer_board_find_bind_target (board, candidates, 200, 25, 10));
  g_assert_null (confer_board_edit_bind_arrow (board, "a1", "f", NULL));

  apply (board, confer_board_edit_bind_arrow (board, "a1", "r1", "e"));
  bound = json_of (board, "e", CONFER_BOARD_PROP_BOUND_ELEMENTS);
  g_assert_cmpstr (bound, ==, "[{\"id\":\"a1\",\"type\":\"arrow\"}]");
  arrow_end (board, "a1", FALSE, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 105, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 25, 1e-9);
  arrow_end (board, "a1", TRUE, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 295, 1e-9);
  g_assert_null (confer_board_edit_bind_arrow (board, "a1", "r1", "e"));

  /* The ellipse moved down: the end meets it on the line to its centre. */
  apply (board, confer_board_edit_move (board, (const char *[]) { "e", NULL }, 0, 200));
  arrow_end (board, "a1", TRUE, &x, &y);
  {
    double dx = x - 350, dy = y - 225;

    /* On the ellipse grown by the gap. */
    g_assert_cmpfloat_with_epsilon ((dx * dx) / (55.0 * 55.0) + (dy * dy) / (30.0 * 30.0), 1, 1e-9);
  }

  apply (board, confer_board_edit_bind_arrow (board, "a1", "r1", NULL));
  g_assert_cmpint (confer_board_element_get (get (board, "e"), CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind, ==, CONFER_BOARD_VALUE_NULL);
  g_assert_null (binding_of (board, "a1", CONFER_BOARD_PROP_END_BINDING));
}

static void
test_expand_group_set (void)
{
  g_autoptr(ConferBoard) board = board_of (
    "[{\"id\":\"box\",\"type\":\"rectangle\",\"index\":\"a0\",\"groupIds\":[\"g\"],"
    "  \"boundElements\":[{\"id\":\"label\",\"type\":\"text\"}]},"
    " {\"id\":\"label\",\"type\":\"text\",\"index\":\"a1\",\"containerId\":\"box\",\"fontSize\":20},"
    " {\"id\":\"other\",\"type\":\"ellipse\",\"index\":\"a2\",\"groupIds\":[\"g\"]},"
    " {\"id\":\"f\",\"type\":\"frame\",\"index\":\"a3\"},"
    " {\"id\":\"child\",\"type\":\"diamond\",\"index\":\"a4\",\"frameId\":\"f\"}]");
  g_autoptr(GPtrArray) ids = confer_board_expand_selection (board, (const char *[]) { "other", "f", NULL });
  ConferBoardValue size = { .kind = CONFER_BOARD_VALUE_NUMBER, .number = 36 };
  ConferBoardValue red;
  g_autofree char *groups = NULL;

  confer_board_value_set_string (&red, CONFER_BOARD_PROP_STROKE_COLOR, "#e03131");

  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_cmpstr (ids->pdata[0], ==, "box");
  g_assert_cmpstr (ids->pdata[4], ==, "child");

  /* The panel's font size reaches the box's text; the colour every member. */
  apply (board, confer_board_edit_set (board, (const char *[]) { "box", NULL }, CONFER_BOARD_PROP_FONT_SIZE, &size));
  g_assert_cmpfloat (num (board, "label", CONFER_BOARD_PROP_FONT_SIZE), ==, 36);
  apply (board, confer_board_edit_set (board, (const char *[]) { "box", NULL }, CONFER_BOARD_PROP_STROKE_COLOR, &red));
  g_assert_cmpstr (confer_board_element_get_string (get (board, "other"), CONFER_BOARD_PROP_STROKE_COLOR), ==, "#e03131");
  g_assert_cmpstr (confer_board_element_get_string (get (board, "label"), CONFER_BOARD_PROP_STROKE_COLOR), ==, "#e03131");
  g_assert_null (confer_board_edit_set (board, (const char *[]) { "box", NULL }, CONFER_BOARD_PROP_STROKE_COLOR, &red));

  /* A group in a new group, then taken apart one level. */
  apply (board, confer_board_edit_group (board, (const char *[]) { "box", "f", NULL }, "outer"));
  groups = json_of (board, "other", CONFER_BOARD_PROP_GROUP_IDS);
  g_assert_cmpstr (groups, ==, "[\"g\",\"outer\"]");
  g_clear_pointer (&groups, g_free);
  apply (board, confer_board_edit_ungroup (board, (const char *[]) { "box", NULL }));
  groups = json_of (board, "other", CONFER_BOARD_PROP_GROUP_IDS);
  g_assert_cmpstr (groups, ==, "[\"g\"]");
  g_clear_pointer (&groups, g_free);
  groups = json_of (board, "f", CONFER_BOARD_PROP_GROUP_IDS);
  g_assert_cmpstr (groups, ==, "[]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/board-edit/move", test_move);
  g_test_add_func ("/board-edit/rotate-resize", test_rotate_resize);
  g_test_add_func ("/board-edit/resize-text", test_resize_text);
  g_test_add_func ("/board-edit/resize-long-stroke", test_resize_long_stroke);
  g_test_add_func ("/board-edit/duplicate", test_duplicate);
  g_test_add_func ("/board-edit/restack", test_restack);
  g_test_add_func ("/board-edit/align-distribute", test_align_distribute);
  g_test_add_func ("/board-edit/delete", test_delete);
  g_test_add_func ("/board-edit/locked", test_locked);
  g_test_add_func ("/board-edit/hit", test_hit);
  g_test_add_func ("/board-edit/bind-arrow", test_bind_arrow);
  g_test_add_func ("/board-edit/expand-group-set", test_expand_group_set);
  return g_test_run ();
}
