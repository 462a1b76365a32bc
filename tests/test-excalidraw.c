/* test-excalidraw.c: `.excalidraw` import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage:
 *   test-excalidraw                         the unit tests (TAP)
 *   test-excalidraw --oracle FILE RESTORED EXPORT
 *     imports FILE and compares it with RESTORED, what
 *     tests/board/excalidraw-oracle.mjs restore printed for it (or "-" when
 *     Excalidraw refused it), then writes the board to EXPORT
 *   test-excalidraw --round-trip EXPORT RESTORED
 *     checks that Excalidraw's restore changed no element of EXPORT
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "confer-core.h"
#include "confer-test-nested.h"

static ConferExcalidrawScene *
read_text (const char  *json,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return confer_excalidraw_read (bytes, error);
}

static ConferExcalidrawScene *
read_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  ConferExcalidrawScene *scene = read_text (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scene);
  return scene;
}

/* A scene of the given elements (a JSON list's inside). */
static ConferExcalidrawScene *
read_elements (const char *elements)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"excalidraw\",\"version\":2,\"elements\":[%s]}", elements);

  return read_ok (json);
}

static gboolean
has_note (ConferExcalidrawScene *scene,
          const char            *text)
{
  for (guint i = 0; i < scene->notes->len; i++)
    if (strstr (scene->notes->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_note (ConferExcalidrawScene *scene,
             const char            *text)
{
  if (!has_note (scene, text))
    {
      for (guint i = 0; i < scene->notes->len; i++)
        g_test_message ("note: %s", (char *) scene->notes->pdata[i]);
      g_error ("no note says “%s”", text);
    }
}

static ConferBoardElement *
element_at (ConferExcalidrawScene *scene,
            guint                  i)
{
  g_assert_cmpuint (i, <, scene->elements->len);
  return scene->elements->pdata[i];
}

static double
num (ConferBoardElement *e,
     ConferBoardProp     prop)
{
  g_assert_cmpint (confer_board_element_get (e, prop)->kind, ==, CONFER_BOARD_VALUE_NUMBER);
  return confer_board_element_get (e, prop)->number;
}

static const char *
str (ConferBoardElement *e,
     ConferBoardProp     prop)
{
  return confer_board_element_get_string (e, prop);
}

static void
assert_refused (const char *json,
                gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferExcalidrawScene) scene = read_text (json, &error);

  g_assert_null (scene);
  g_assert_error (error, CONFER_CORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
}

static void
test_refusals (void)
{
  assert_refused ("", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw\",\"elements\":[", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("not json", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw\",\"elements\":[]} trailing", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("[1, 2]", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw-x\",\"elements\":[]}", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"elements\":[]}", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidrawlib\",\"version\":2,\"libraryItems\":[]}", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw\",\"version\":2,\"source\":\"x\"}", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw\",\"elements\":null}", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw\",\"elements\":{}}", CONFER_CORE_ERROR_INVALID_JSON);
  assert_refused ("{\"type\":\"excalidraw\",\"elements\":\"x\"}", CONFER_CORE_ERROR_INVALID_JSON);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ConferExcalidrawScene) scene = read_text ("{\"type\":\"excalidraw\"}", &error);

    g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON);
    g_assert_cmpstr (error->message, ==, "The file has no elements");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ConferExcalidrawScene) scene = confer_excalidraw_read_file ("/nonexistent/x.excalidraw", &error);

    g_assert_null (scene);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
}

/* customData nested to make the whole file @levels deep: the root object,
 * `elements`, the element and customData are 4 levels. */
static char *
nested_scene (guint levels)
{
  g_autofree char *inner = confer_test_nested_json (CONFER_TEST_NESTING_MIXED, levels - 4);

  return g_strdup_printf ("{\"type\":\"excalidraw\",\"elements\":[{\"id\":\"a\",\"type\":\"rectangle\","
                          "\"width\":1,\"height\":1,\"customData\":{\"k\":%s}}]}", inner);
}

static void
test_depth (void)
{
  g_autofree char *ok = nested_scene (CONFER_JSON_MAX_DEPTH);
  g_autoptr(ConferExcalidrawScene) scene = read_ok (ok);
  const guint deep[] = { CONFER_JSON_MAX_DEPTH + 1, 1000, 100000 };

  g_assert_cmpuint (scene->elements->len, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (deep); i++)
    {
      g_autofree char *json = nested_scene (deep[i]);

      assert_refused (json, CONFER_CORE_ERROR_TOO_DEEP);
    }
  {
    g_autofree char *arrays = confer_test_nested_json (CONFER_TEST_NESTING_ARRAYS, 100000);
    g_autofree char *json = g_strdup_printf ("{\"type\":\"excalidraw\",\"elements\":%s}", arrays);

    assert_refused (json, CONFER_CORE_ERROR_TOO_DEEP);
  }
}

static void
test_limit (void)
{
  GString *json = g_string_new ("{\"type\":\"excalidraw\",\"elements\":[");
  g_autofree char *text = NULL;

  for (guint i = 0; i <= CONFER_BOARD_MAX_ELEMENTS; i++)
    g_string_append_printf (json, "%s{\"id\":\"e%u\",\"type\":\"rectangle\",\"width\":1,\"height\":1}",
                            i > 0 ? "," : "", i);
  g_string_append (json, "]}");
  text = g_string_free (json, FALSE);
  assert_refused (text, CONFER_CORE_ERROR_LIMIT);

  /* Exactly the limit is fine. */
  *strrchr (text, '{') = '\0';
  text[strlen (text) - 1] = '\0';
  {
    g_autofree char *exact = g_strconcat (text, "]}", NULL);
    g_autoptr(ConferExcalidrawScene) scene = read_ok (exact);

    g_assert_cmpuint (scene->elements->len, ==, CONFER_BOARD_MAX_ELEMENTS);
  }
}

static void
test_left_out (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"e1\",\"type\":\"embeddable\",\"width\":10,\"height\":10},"
    "{\"id\":\"e2\",\"type\":\"embeddable\",\"width\":10,\"height\":10},"
    "{\"id\":\"f\",\"type\":\"iframe\",\"width\":10,\"height\":10},"
    "{\"id\":\"s\",\"type\":\"selection\",\"width\":10,\"height\":10},"
    "{\"id\":\"d\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"isDeleted\":true},"
    "{\"id\":\"z\",\"type\":\"rectangle\",\"width\":0,\"height\":0},"
    "{\"id\":\"nowh\",\"type\":\"rectangle\"},"
    "{\"id\":\"l1\",\"type\":\"line\",\"points\":[[0,0]]},"
    "{\"id\":\"l2\",\"type\":\"arrow\",\"points\":[[0,0],[\"a\",1]]},"
    "{\"id\":\"l3\",\"type\":\"arrow\"},"
    "{\"id\":\"t\",\"type\":\"text\",\"text\":\"\"},"
    "5, null, [1],"
    "{\"id\":\"keep\",\"type\":\"rectangle\",\"width\":10,\"height\":10}");

  g_assert_cmpuint (scene->n_read, ==, 15);
  /* A rectangle without width and height is kept, as restore keeps it. */
  g_assert_cmpuint (scene->elements->len, ==, 2);
  g_assert_cmpstr (element_at (scene, 0)->id, ==, "nowh");
  g_assert_cmpstr (element_at (scene, 1)->id, ==, "keep");
  g_assert_cmpuint (scene->n_left_out, ==, 13);
  assert_note (scene, "2 elements of type embeddable were left out");
  assert_note (scene, "1 element of type iframe was left out");
  assert_note (scene, "1 element of type selection was left out");
  assert_note (scene, "1 deleted element was left out");
  assert_note (scene, "2 invisibly small elements were left out");
  assert_note (scene, "1 arrow with fewer than 2 valid points was left out");
  assert_note (scene, "1 invalid point was left out");
  assert_note (scene, "1 arrow without a list of points was left out");
  assert_note (scene, "1 text without text was left out");
  assert_note (scene, "3 entries of “elements” that are not elements were left out");
}

static void
test_ids (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"x\",\"type\":\"rectangle\",\"width\":10,\"height\":10},"
    "{\"id\":\"x\",\"type\":\"ellipse\",\"width\":10,\"height\":10},"
    "{\"id\":\"\",\"type\":\"ellipse\",\"width\":10,\"height\":10},"
    "{\"type\":\"ellipse\",\"width\":10,\"height\":10},"
    "{\"id\":\"has space\",\"type\":\"ellipse\",\"width\":10,\"height\":10},"
    "{\"id\":5,\"type\":\"ellipse\",\"width\":10,\"height\":10}");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (scene->elements->len, ==, 6);
  g_assert_cmpstr (element_at (scene, 0)->id, ==, "x");
  for (guint i = 0; i < 6; i++)
    {
      ConferBoardElement *e = element_at (scene, i);

      g_assert_true (confer_board_id_is_valid (e->id));
      g_assert_false (g_hash_table_contains (ids, e->id));
      g_hash_table_add (ids, e->id);
      if (i > 0)
        g_assert_cmpuint (strlen (e->id), ==, 21);
    }
  g_assert_cmpuint (scene->n_ids_replaced, ==, 5);
  assert_note (scene, "5 elements had a missing, duplicate or invalid id and got a new one");
}

static void
test_values (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"a\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"strokeColor\":\"nope\",\"opacity\":500,"
    "\"x\":\"abc\",\"y\":7,\"strokeWidth\":0,\"roughness\":0,\"angle\":null,\"groupIds\":\"g\"},"
    "{\"id\":\"b\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"opacity\":null,\"strokeColor\":\"\","
    "\"fillStyle\":\"\",\"strokeWidth\":4,\"opacity\":0,\"seed\":12,\"link\":\"  javascript:alert(1) \"},"
    "{\"id\":\"c\",\"type\":\"rectangle\",\"width\":-10,\"height\":-20,\"x\":100,\"y\":100,\"opacity\":null,"
    "\"link\":\"  https://x.org/a\\\"b  \"}");
  ConferBoardElement *a = element_at (scene, 0), *b = element_at (scene, 1), *c = element_at (scene, 2);

  g_assert_cmpstr (str (a, CONFER_BOARD_PROP_STROKE_COLOR), ==, "#1e1e1e");
  g_assert_cmpfloat (num (a, CONFER_BOARD_PROP_OPACITY), ==, 100);
  g_assert_cmpfloat (num (a, CONFER_BOARD_PROP_X), ==, 0);
  g_assert_cmpfloat (num (a, CONFER_BOARD_PROP_Y), ==, 7);
  g_assert_cmpfloat (num (a, CONFER_BOARD_PROP_STROKE_WIDTH), ==, 2);   /* strokeWidth || 2 */
  g_assert_cmpfloat (num (a, CONFER_BOARD_PROP_ROUGHNESS), ==, 0);      /* roughness ?? 1 */
  g_assert_cmpfloat (num (a, CONFER_BOARD_PROP_SEED), ==, 1);           /* seed ?? 1 */
  g_assert_cmpfloat (num (b, CONFER_BOARD_PROP_SEED), ==, 12);
  g_assert_cmpfloat (num (b, CONFER_BOARD_PROP_OPACITY), ==, 0);
  g_assert_cmpstr (str (b, CONFER_BOARD_PROP_FILL_STYLE), ==, "solid");
  g_assert_cmpstr (str (b, CONFER_BOARD_PROP_LINK), ==, "about:blank");
  g_assert_cmpstr (str (c, CONFER_BOARD_PROP_LINK), ==, "https://x.org/a&quot;b");
  g_assert_cmpfloat (num (c, CONFER_BOARD_PROP_OPACITY), ==, 100);     /* null -> 100 */
  g_assert_cmpfloat (num (c, CONFER_BOARD_PROP_X), ==, 90);
  g_assert_cmpfloat (num (c, CONFER_BOARD_PROP_Y), ==, 80);
  g_assert_cmpfloat (num (c, CONFER_BOARD_PROP_WIDTH), ==, 10);
  g_assert_cmpfloat (num (c, CONFER_BOARD_PROP_HEIGHT), ==, 20);
  assert_note (scene, "“strokeColor” was invalid on 1 element and was set to its default");
  assert_note (scene, "“opacity” was invalid on 1 element");
  assert_note (scene, "“x” was invalid on 1 element");
  assert_note (scene, "“groupIds” was invalid on 1 element");
  g_assert_cmpuint (scene->n_values_replaced, ==, 4);
}

static void
test_legacy (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"r1\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"strokeSharpness\":\"round\"},"
    "{\"id\":\"r2\",\"type\":\"diamond\",\"width\":10,\"height\":10,\"strokeSharpness\":\"round\"},"
    "{\"id\":\"r3\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"strokeSharpness\":\"sharp\"},"
    "{\"id\":\"r4\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"strokeSharpness\":\"round\",\"roundness\":{\"type\":3}},"
    "{\"id\":\"r5\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"boundElementIds\":[\"a1\"]},"
    "{\"id\":\"a1\",\"type\":\"arrow\",\"points\":[[5,5],[15,25],[0,40]],\"x\":1,\"y\":2,"
    "\"startBinding\":{\"elementId\":\"r5\",\"gap\":3}},"
    "{\"id\":\"t1\",\"type\":\"text\",\"text\":\"ab\\ncd\",\"font\":\"36px Cascadia\",\"width\":10,\"height\":90}");
  ConferBoardElement *e;
  g_autofree char *bound = NULL;

  g_autofree char *r1 = json_to_string (confer_board_element_get (element_at (scene, 0), CONFER_BOARD_PROP_ROUNDNESS)->json, FALSE);
  g_autofree char *r2 = json_to_string (confer_board_element_get (element_at (scene, 1), CONFER_BOARD_PROP_ROUNDNESS)->json, FALSE);
  g_autofree char *r4 = json_to_string (confer_board_element_get (element_at (scene, 3), CONFER_BOARD_PROP_ROUNDNESS)->json, FALSE);

  g_assert_cmpstr (r1, ==, "{\"type\":1}");
  g_assert_cmpstr (r2, ==, "{\"type\":2}");
  g_assert_cmpint (confer_board_element_get (element_at (scene, 2), CONFER_BOARD_PROP_ROUNDNESS)->kind, ==, CONFER_BOARD_VALUE_NULL);
  g_assert_cmpstr (r4, ==, "{\"type\":3}");
  bound = json_to_string (confer_board_element_get (element_at (scene, 4), CONFER_BOARD_PROP_BOUND_ELEMENTS)->json, FALSE);
  g_assert_cmpstr (bound, ==, "[{\"type\":\"arrow\",\"id\":\"a1\"}]");

  /* Points start at [0, 0]; x and y move; the box comes from the points. */
  e = element_at (scene, 5);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_X), ==, 6);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_Y), ==, 7);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_WIDTH), ==, 15);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_HEIGHT), ==, 35);
  g_assert_cmpuint (confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles->n, ==, 6);
  g_assert_cmpfloat (confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles->values[4], ==, -5);
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_END_ARROWHEAD), ==, "arrow");
  g_assert_cmpint (confer_board_element_get (e, CONFER_BOARD_PROP_START_ARROWHEAD)->kind, ==, CONFER_BOARD_VALUE_NULL);
  {
    g_autofree char *binding = json_to_string (confer_board_element_get (e, CONFER_BOARD_PROP_START_BINDING)->json, FALSE);

    g_assert_cmpstr (binding, ==, "{\"elementId\":\"r5\",\"gap\":3,\"focus\":0}");
  }

  /* The legacy font: 36 px Cascadia (3); lineHeight is NaN in restore,
   * Cascadia's 1.2 here. */
  e = element_at (scene, 6);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_FONT_SIZE), ==, 36);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_FONT_FAMILY), ==, 3);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_LINE_HEIGHT), ==, 1.2);
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_ORIGINAL_TEXT), ==, "ab\ncd");
  assert_note (scene, "“lineHeight” was invalid on 1 element");
}

static void
test_text (void)
{
  static const struct { int family; double line_height; } families[] = {
    { 1, 1.25 }, { 2, 1.15 }, { 3, 1.2 }, { 4, 1.25 }, { 5, 1.25 }, { 6, 1.35 }, { 7, 1.15 },
    { 8, 1.25 }, { 9, 1.15 }, { 42, 1.25 }, { 100, 1.15 },
  };
  GString *elements = g_string_new (NULL);
  g_autoptr(ConferExcalidrawScene) scene = NULL;
  ConferBoardElement *e;
  guint n = G_N_ELEMENTS (families);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (elements, "{\"id\":\"f%d\",\"type\":\"text\",\"text\":\"a\",\"fontFamily\":%d},",
                            families[i].family, families[i].family);
  g_string_append (elements,
                   "{\"id\":\"crlf\",\"type\":\"text\",\"text\":\"a\\r\\nb\\rc\",\"height\":60,\"fontSize\":10},"
                   "{\"id\":\"bare\",\"type\":\"text\",\"text\":\"x\\u0001y\",\"originalText\":\"\"},"
                   "{\"id\":\"lh\",\"type\":\"text\",\"text\":\"x\",\"lineHeight\":1.5,\"textAlign\":\"\"}");
  scene = read_elements (elements->str);
  g_string_free (elements, TRUE);

  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (num (element_at (scene, i), CONFER_BOARD_PROP_LINE_HEIGHT), ==, families[i].line_height);
  e = element_at (scene, n);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_LINE_HEIGHT), ==, 2);   /* 60 / 3 lines / 10 */
  e = element_at (scene, n + 1);
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_TEXT), ==, "xy");
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_ORIGINAL_TEXT), ==, "xy");
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_FONT_SIZE), ==, 20);    /* Confer's default */
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_FONT_FAMILY), ==, 5);
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_TEXT_ALIGN), ==, "left");
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_VERTICAL_ALIGN), ==, "top");
  e = element_at (scene, n + 2);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_LINE_HEIGHT), ==, 1.5);
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_TEXT_ALIGN), ==, "left");
  assert_note (scene, "“text” of 1 element had control characters");
}

static void
test_points (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"l\",\"type\":\"line\",\"x\":10,\"y\":10,\"points\":[[2,3],[null,1],[4,\"x\"],[5,7,9],[1e300,0],[12,13]]},"
    "{\"id\":\"d\",\"type\":\"draw\",\"points\":[[0,0],[5,7]]},"
    "{\"id\":\"f\",\"type\":\"freedraw\",\"x\":3,\"y\":4,\"width\":99,\"points\":[[2,2],[5,7]],"
    "\"pressures\":[0.5,1],\"simulatePressure\":false},"
    "{\"id\":\"fp\",\"type\":\"freedraw\",\"points\":[[0,0],[5,7]],\"pressures\":[0.5,7]},"
    "{\"id\":\"e\",\"type\":\"arrow\",\"elbowed\":true,\"points\":[[0,0],[300,200]]},"
    "{\"id\":\"o\",\"type\":\"arrow\",\"elbowed\":true,\"points\":[[0,0],[0,100],[50,100.5]]}");
  ConferBoardElement *e = element_at (scene, 0);
  const ConferBoardDoubles *d = confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles;

  /* [2,3] and [12,13] survive; x/y move by the first. */
  g_assert_cmpuint (d->n, ==, 4);
  g_assert_cmpfloat (d->values[2], ==, 10);
  g_assert_cmpfloat (d->values[3], ==, 10);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_X), ==, 12);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_Y), ==, 13);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_WIDTH), ==, 10);
  assert_note (scene, "4 invalid points were left out");

  e = element_at (scene, 1);
  g_assert_cmpint (e->type, ==, CONFER_BOARD_ELEMENT_LINE);
  g_assert_cmpint (confer_board_element_get (e, CONFER_BOARD_PROP_END_ARROWHEAD)->kind, ==, CONFER_BOARD_VALUE_NULL);

  /* A stroke's points are copied as they are, its box too. */
  e = element_at (scene, 2);
  g_assert_cmpfloat (confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles->values[0], ==, 2);
  g_assert_cmpfloat (num (e, CONFER_BOARD_PROP_WIDTH), ==, 99);
  g_assert_cmpuint (confer_board_element_get (e, CONFER_BOARD_PROP_PRESSURES)->doubles->n, ==, 2);
  g_assert_false (confer_board_element_get (e, CONFER_BOARD_PROP_SIMULATE_PRESSURE)->boolean);
  e = element_at (scene, 3);
  g_assert_cmpuint (confer_board_element_get (e, CONFER_BOARD_PROP_PRESSURES)->doubles->n, ==, 0);
  assert_note (scene, "“pressures” was invalid on 1 element");

  g_assert_false (confer_board_element_get (element_at (scene, 4), CONFER_BOARD_PROP_ELBOWED)->boolean);
  g_assert_true (confer_board_element_get (element_at (scene, 5), CONFER_BOARD_PROP_ELBOWED)->boolean);
  assert_note (scene, "1 elbow arrow with slanted segments became a straight arrow");
}

static void
test_too_many_points (void)
{
  GString *json = g_string_new ("{\"id\":\"big\",\"type\":\"freedraw\",\"points\":[");
  g_autoptr(ConferExcalidrawScene) scene = NULL;

  for (guint i = 0; i <= CONFER_BOARD_MAX_POINTS; i++)
    g_string_append_printf (json, "%s[%u,1]", i > 0 ? "," : "", i);
  g_string_append (json, "]},{\"id\":\"ok\",\"type\":\"line\",\"points\":[[0,0],[1,1]]}");
  scene = read_elements (json->str);
  g_string_free (json, TRUE);
  g_assert_cmpuint (scene->elements->len, ==, 1);
  g_assert_cmpstr (element_at (scene, 0)->id, ==, "ok");
  assert_note (scene, "1 freedraw with fewer than 2 valid points was left out");
}

static void
test_indices (void)
{
  /* RESTORE-FACTS' examples, key for key. */
  static const struct { const char *in[6]; const char *out[6]; } cases[] = {
    { { "a5", NULL, "a2", "a6", "a6", "a7" }, { "a5", "a5G", "a5V", "a6", "a6V", "a7" } },
    { { "a0", "a0", "a0" }, { "a0", "a1", "a2" } },
    { { "a5", "a2", "a3" }, { "a5", "a6", "a7" } },
    { { NULL, NULL, NULL }, { "a0", "a1", "a2" } },
    { { "a1", "Zz", "a0" }, { "a1", "a2", "a3" } },
    { { "a1", "a9", "a5", "a6" }, { "a1", "a9", "aA", "aB" } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      GString *json = g_string_new (NULL);
      g_autoptr(ConferExcalidrawScene) scene = NULL;
      guint n = 0, changed = 0;

      while (n < 6 && cases[c].out[n] != NULL)
        {
          g_string_append_printf (json, "%s{\"id\":\"e%u\",\"type\":\"rectangle\",\"width\":1,\"height\":1", n > 0 ? "," : "", n);
          if (cases[c].in[n] != NULL)
            g_string_append_printf (json, ",\"index\":\"%s\"", cases[c].in[n]);
          g_string_append (json, "}");
          changed += g_strcmp0 (cases[c].in[n], cases[c].out[n]) != 0;
          n++;
        }
      scene = read_elements (json->str);
      g_string_free (json, TRUE);
      g_assert_cmpuint (scene->elements->len, ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_cmpstr (str (element_at (scene, i), CONFER_BOARD_PROP_INDEX), ==, cases[c].out[i]);
      g_assert_cmpuint (scene->n_indices_regenerated, ==, changed);
    }

  /* A key that is not one is treated as missing (restore would throw). */
  {
    g_autoptr(ConferExcalidrawScene) scene = read_elements (
      "{\"id\":\"a\",\"type\":\"rectangle\",\"width\":1,\"height\":1,\"index\":\"a5\"},"
      "{\"id\":\"b\",\"type\":\"rectangle\",\"width\":1,\"height\":1,\"index\":5},"
      "{\"id\":\"c\",\"type\":\"rectangle\",\"width\":1,\"height\":1,\"index\":\"zzzz\"},"
      "{\"id\":\"d\",\"type\":\"rectangle\",\"width\":1,\"height\":1,\"index\":\"a7\"}");

    g_assert_cmpstr (str (element_at (scene, 0), CONFER_BOARD_PROP_INDEX), ==, "a5");
    g_assert_cmpstr (str (element_at (scene, 3), CONFER_BOARD_PROP_INDEX), ==, "a7");
    g_assert_cmpint (strcmp (str (element_at (scene, 1), CONFER_BOARD_PROP_INDEX), "a5"), >, 0);
    g_assert_cmpint (strcmp (str (element_at (scene, 2), CONFER_BOARD_PROP_INDEX), "a7"), <, 0);
    assert_note (scene, "2 elements had a missing, invalid or out-of-order index");
  }
}

static void
test_references (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"r6\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"frameId\":\"nothere\"},"
    "{\"id\":\"t2\",\"type\":\"text\",\"text\":\"x\",\"containerId\":\"nothere\"},"
    "{\"id\":\"r7\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"boundElements\":"
    "[{\"type\":\"text\",\"id\":\"t3\"},{\"type\":\"text\",\"id\":\"t3\"},{\"type\":\"arrow\",\"id\":\"gone\"}]},"
    "{\"id\":\"t3\",\"type\":\"text\",\"text\":\"y\"},"
    "{\"id\":\"r8\",\"type\":\"rectangle\",\"width\":10,\"height\":10},"
    "{\"id\":\"t4\",\"type\":\"text\",\"text\":\"z\",\"containerId\":\"r8\"},"
    "{\"id\":\"a\",\"type\":\"arrow\",\"points\":[[0,0],[1,1]],\"startBinding\":{\"elementId\":\"r8\",\"focus\":0.5,\"gap\":1},"
    "\"endBinding\":{\"elementId\":\"gone\",\"focus\":0,\"gap\":1}},"
    "{\"id\":\"l\",\"type\":\"line\",\"points\":[[0,0],[1,1]],\"startBinding\":{\"elementId\":\"r8\",\"focus\":0,\"gap\":1}}");
  g_autofree char *r7 = json_to_string (confer_board_element_get (element_at (scene, 2), CONFER_BOARD_PROP_BOUND_ELEMENTS)->json, FALSE);
  g_autofree char *r8 = json_to_string (confer_board_element_get (element_at (scene, 4), CONFER_BOARD_PROP_BOUND_ELEMENTS)->json, FALSE);
  ConferBoardElement *a = element_at (scene, 6), *l = element_at (scene, 7);

  g_assert_cmpint (confer_board_element_get (element_at (scene, 0), CONFER_BOARD_PROP_FRAME_ID)->kind, ==, CONFER_BOARD_VALUE_NULL);
  g_assert_cmpint (confer_board_element_get (element_at (scene, 1), CONFER_BOARD_PROP_CONTAINER_ID)->kind, ==, CONFER_BOARD_VALUE_NULL);
  g_assert_cmpstr (r7, ==, "[{\"type\":\"text\",\"id\":\"t3\"}]");
  g_assert_cmpstr (str (element_at (scene, 3), CONFER_BOARD_PROP_CONTAINER_ID), ==, "r7");
  g_assert_cmpstr (r8, ==, "[{\"id\":\"t4\",\"type\":\"text\"}]");
  g_assert_cmpint (confer_board_element_get (a, CONFER_BOARD_PROP_START_BINDING)->kind, ==, CONFER_BOARD_VALUE_JSON);
  g_assert_cmpint (confer_board_element_get (a, CONFER_BOARD_PROP_END_BINDING)->kind, ==, CONFER_BOARD_VALUE_NULL);
  g_assert_cmpint (confer_board_element_get (l, CONFER_BOARD_PROP_START_BINDING)->kind, ==, CONFER_BOARD_VALUE_NULL);
  assert_note (scene, "1 “frameId” naming a missing element was removed");
  assert_note (scene, "1 “containerId” naming a missing element was removed");
  assert_note (scene, "2 “boundElements” naming missing elements were removed");
  assert_note (scene, "1 “endBinding” naming a missing element was removed");
}

/* The 1×1 PNG of the PNG specification's examples, base64. */
#define PNG_1X1 "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

static void
test_images (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_ok (
    "{\"type\":\"excalidraw\",\"elements\":["
    "{\"id\":\"i1\",\"type\":\"image\",\"width\":10,\"height\":10,\"fileId\":\"good\",\"status\":\"saved\"},"
    "{\"id\":\"i2\",\"type\":\"image\",\"width\":10,\"height\":10,\"fileId\":\"text\"},"
    "{\"id\":\"i3\",\"type\":\"image\",\"width\":10,\"height\":10,\"fileId\":\"nothere\"},"
    "{\"id\":\"i4\",\"type\":\"image\",\"width\":10,\"height\":10},"
    "{\"id\":\"i5\",\"type\":\"image\",\"width\":10,\"height\":10,\"fileId\":\"notdata\"},"
    "{\"id\":\"i6\",\"type\":\"image\",\"width\":10,\"height\":10,\"fileId\":\"good\",\"scale\":[-1,1]}],"
    "\"appState\":{\"viewBackgroundColor\":\"#edf2ff\",\"zoom\":{\"value\":1}},"
    "\"files\":{\"good\":{\"mimeType\":\"image/png\",\"id\":\"good\",\"dataURL\":\"data:image/png;base64," PNG_1X1 "\"},"
    "\"text\":{\"mimeType\":\"image/png\",\"dataURL\":\"data:image/png;base64,aGVsbG8=\"},"
    "\"notdata\":{\"mimeType\":\"image/png\",\"dataURL\":\"https://example.org/x.png\"},"
    "\"unused\":{\"mimeType\":\"image/png\",\"dataURL\":\"data:image/png;base64," PNG_1X1 "AAAA\"}}}");
  ConferBoardElement *e = element_at (scene, 0);
  const char *name = str (e, CONFER_BOARD_PROP_FILE_ID);
  ConferExcalidrawBlob *blob;

  g_assert_cmpstr (scene->view_background_color, ==, "#edf2ff");
  g_assert_true (confer_blob_is_name (name));
  g_assert_cmpstr (str (e, CONFER_BOARD_PROP_STATUS), ==, "saved");
  g_assert_cmpuint (g_hash_table_size (scene->blobs), ==, 1);
  blob = g_hash_table_lookup (scene->blobs, name);
  g_assert_nonnull (blob);
  g_assert_cmpstr (blob->media_type, ==, "image/png");
  {
    g_autofree char *again = confer_blob_name_for (blob->bytes);

    g_assert_cmpstr (again, ==, name);
  }
  for (guint i = 1; i <= 4; i++)
    {
      e = element_at (scene, i);
      g_assert_cmpint (confer_board_element_get (e, CONFER_BOARD_PROP_FILE_ID)->kind, ==, CONFER_BOARD_VALUE_NULL);
      g_assert_cmpstr (str (e, CONFER_BOARD_PROP_STATUS), ==, "error");
    }
  g_assert_cmpstr (str (element_at (scene, 5), CONFER_BOARD_PROP_FILE_ID), ==, name);
  g_assert_cmpuint (scene->n_images_without_file, ==, 4);
  assert_note (scene, "4 images have no file");
  assert_note (scene, "1 file was refused: not a PNG, JPEG, GIF or WebP image");
  assert_note (scene, "1 file was refused: its dataURL is not a base64 data: URL");
}

static ConferBoard *
board_of (ConferExcalidrawScene *scene)
{
  ConferBoard *board = confer_board_new ();

  for (guint i = 0; i < scene->elements->len; i++)
    confer_board_put (board, scene->elements->pdata[i]);
  return board;
}

static void
test_sticky_note (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"n\",\"type\":\"rectangle\",\"x\":10,\"y\":20,\"width\":200,\"height\":200,"
    "\"backgroundColor\":\"#ffec99\",\"customData\":{\"conferType\":\"sticky-note\",\"k\":1},"
    "\"boundElements\":[{\"type\":\"text\",\"id\":\"nt\"},{\"type\":\"arrow\",\"id\":\"a\"}]},"
    "{\"id\":\"nt\",\"type\":\"text\",\"text\":\"Hello\\nthere\",\"fontSize\":28,\"fontFamily\":6,"
    "\"textAlign\":\"center\",\"verticalAlign\":\"middle\",\"containerId\":\"n\"},"
    "{\"id\":\"a\",\"type\":\"arrow\",\"points\":[[0,0],[1,1]],\"endBinding\":{\"elementId\":\"n\",\"focus\":0,\"gap\":1}},"
    "{\"id\":\"m\",\"type\":\"rectangle\",\"width\":100,\"height\":100,\"customData\":{\"conferType\":\"sticky-note\"}}");
  ConferBoardElement *n = element_at (scene, 0), *m;
  g_autoptr(ConferBoard) board = NULL;
  g_autoptr(ConferExcalidrawScene) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *bound = NULL, *custom = NULL;
  char *text;
  gsize length;

  g_assert_cmpuint (scene->elements->len, ==, 3);
  g_assert_cmpint (n->type, ==, CONFER_BOARD_ELEMENT_STICKY_NOTE);
  g_assert_cmpstr (n->id, ==, "n");
  g_assert_cmpstr (str (n, CONFER_BOARD_PROP_TEXT), ==, "Hello\nthere");
  g_assert_cmpfloat (num (n, CONFER_BOARD_PROP_FONT_SIZE), ==, 28);
  g_assert_cmpfloat (num (n, CONFER_BOARD_PROP_FONT_FAMILY), ==, 6);
  g_assert_cmpstr (str (n, CONFER_BOARD_PROP_TEXT_ALIGN), ==, "center");
  g_assert_cmpfloat (num (n, CONFER_BOARD_PROP_X), ==, 10);
  g_assert_cmpfloat (num (n, CONFER_BOARD_PROP_WIDTH), ==, 200);
  g_assert_cmpstr (str (n, CONFER_BOARD_PROP_BACKGROUND_COLOR), ==, "#ffec99");
  bound = json_to_string (confer_board_element_get (n, CONFER_BOARD_PROP_BOUND_ELEMENTS)->json, FALSE);
  g_assert_cmpstr (bound, ==, "[{\"type\":\"arrow\",\"id\":\"a\"}]");
  custom = json_to_string (confer_board_element_get (n, CONFER_BOARD_PROP_CUSTOM_DATA)->json, FALSE);
  g_assert_cmpstr (custom, ==, "{\"k\":1}");
  m = element_at (scene, 2);
  g_assert_cmpint (m->type, ==, CONFER_BOARD_ELEMENT_STICKY_NOTE);
  g_assert_cmpstr (str (m, CONFER_BOARD_PROP_TEXT), ==, "");
  g_assert_cmpint (confer_board_element_get (m, CONFER_BOARD_PROP_CUSTOM_DATA)->kind, ==, CONFER_BOARD_VALUE_ABSENT);

  /* Out as a rectangle and its text, and back as the same note. */
  board = board_of (scene);
  text = confer_excalidraw_write (board, NULL, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_nonnull (strstr (text, "\"conferType\":\"sticky-note\""));
  g_assert_nonnull (strstr (text, "\"containerId\":\"n\""));
  bytes = g_bytes_new_take (text, length);
  again = confer_excalidraw_read (bytes, NULL);
  g_assert_nonnull (again);
  g_assert_cmpuint (again->elements->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) a = json_node_new (JSON_NODE_OBJECT), b = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *sa = NULL, *sb = NULL;

      json_node_take_object (a, confer_board_element_to_json (element_at (scene, i)));
      json_node_take_object (b, confer_board_element_to_json (element_at (again, i)));
      sa = json_to_string (a, FALSE);
      sb = json_to_string (b, FALSE);
      g_assert_cmpstr (sa, ==, sb);
    }
  g_assert_cmpuint (again->notes->len, ==, 0);
}

/* Export, then import: the same elements, and no notes. */
static void
test_export (void)
{
  g_autoptr(ConferExcalidrawScene) scene = read_elements (
    "{\"id\":\"r\",\"type\":\"rectangle\",\"width\":10,\"height\":10,\"index\":\"a1\",\"link\":\"https://x.org\"},"
    "{\"id\":\"s\",\"type\":\"ellipse\",\"width\":10,\"height\":10,\"index\":\"a1\"},"
    "{\"id\":\"t\",\"type\":\"text\",\"text\":\"hi\",\"index\":\"a0\",\"width\":20,\"height\":25},"
    "{\"id\":\"l\",\"type\":\"line\",\"points\":[[0,0],[3,4]]},"
    "{\"id\":\"f\",\"type\":\"freedraw\",\"points\":[[0,0],[3,4]],\"pressures\":[0.1,0.2]},"
    "{\"id\":\"fr\",\"type\":\"frame\",\"width\":100,\"height\":100,\"name\":\"F\"}");
  g_autoptr(ConferBoard) board = board_of (scene);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ConferExcalidrawScene) again = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  char *text = confer_excalidraw_write (board, NULL, &length);
  g_autofree char *dump = NULL;

  g_assert_nonnull (strstr (text, "\"source\":\"" CONFER_EXCALIDRAW_SOURCE "\""));
  g_assert_nonnull (strstr (text, "\"viewBackgroundColor\":\"#ffffff\""));
  bytes = g_bytes_new_take (text, length);
  again = confer_excalidraw_read (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->elements->len, ==, scene->elements->len);
  g_assert_cmpuint (again->notes->len, ==, 0);
  for (guint i = 0; i < again->elements->len; i++)
    {
      ConferBoardElement *a = element_at (again, i);
      ConferBoardElement *b = confer_board_lookup (board, a->id);

      g_assert_nonnull (b);
      g_assert_true (confer_board_element_equal (a, b));
    }

  /* The plain dump has every element, tombstones too. */
  {
    ConferBoardElement *gone = confer_board_element_copy (element_at (scene, 0));

    gone->deleted = TRUE;
    confer_board_put (board, gone);
    confer_board_element_unref (gone);
  }
  dump = confer_board_write_json (board, &length);
  {
    g_autoptr(JsonNode) node = json_from_string (dump, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 6);
    g_assert_nonnull (strstr (dump, "\"isDeleted\":true"));
  }
}

/* Oracle comparison */

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_mapped_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
raw_valid (JsonObject      *raw,
           ConferBoardProp  prop)
{
  JsonNode *node = json_object_get_member (raw, confer_board_prop_name (prop));
  ConferBoardValue value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!confer_board_value_from_json (prop, node, &value, NULL))
    return FALSE;
  confer_board_value_clear (&value);
  return TRUE;
}

/* restore()'s drops, on the element as the file has it. */
static gboolean
restore_keeps (JsonObject *raw)
{
  static const char *const known[] = {
    "rectangle", "ellipse", "diamond", "iframe", "embeddable", "frame", "magicframe", "text", "line",
    "arrow", "draw", "freedraw", "image", NULL,
  };
  const char *type = json_object_get_string_member_with_default (raw, "type", NULL);
  JsonNode *points = json_object_get_member (raw, "points");
  JsonNode *w = json_object_get_member (raw, "width"), *h = json_object_get_member (raw, "height");

  if (type == NULL || !g_strv_contains (known, type))
    return FALSE;
  if (g_str_equal (type, "line") || g_str_equal (type, "arrow") || g_str_equal (type, "draw") ||
      g_str_equal (type, "freedraw"))
    return points == NULL || !JSON_NODE_HOLDS_ARRAY (points) || json_array_get_length (json_node_get_array (points)) >= 2;
  return !(w != NULL && JSON_NODE_HOLDS_VALUE (w) && json_node_get_value_type (w) != G_TYPE_STRING &&
           json_node_get_double (w) == 0 &&
           h != NULL && JSON_NODE_HOLDS_VALUE (h) && json_node_get_value_type (h) != G_TYPE_STRING &&
           json_node_get_double (h) == 0);
}

static gboolean
raw_points_valid (JsonObject *raw,
                  guint      *n_valid)
{
  JsonNode *points = json_object_get_member (raw, "points");
  gboolean all = TRUE;

  *n_valid = 0;
  if (points == NULL || !JSON_NODE_HOLDS_ARRAY (points))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (points)); i++)
    {
      JsonNode *p = json_array_get_element (json_node_get_array (points), i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (p) ? json_node_get_array (p) : NULL;
      gboolean ok = pair != NULL && json_array_get_length (pair) == 2;

      for (guint k = 0; ok && k < 2; k++)
        {
          JsonNode *c = json_array_get_element (pair, k);

          ok = JSON_NODE_HOLDS_VALUE (c) && json_node_get_value_type (c) != G_TYPE_STRING &&
               json_node_get_value_type (c) != G_TYPE_BOOLEAN && fabs (json_node_get_double (c)) <= 1e9;
        }
      if (ok)
        (*n_valid)++;
      else
        all = FALSE;
    }
  return all && json_array_get_length (json_node_get_array (points)) <= CONFER_BOARD_MAX_POINTS;
}

static gboolean
close_enough (double a,
              double b)
{
  return fabs (a - b) <= 1e-9 * MAX (1.0, MAX (fabs (a), fabs (b)));
}

static gboolean
is_number_node (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
is_sticky_rect (JsonObject *o)
{
  JsonNode *custom = json_object_get_member (o, "customData");

  return g_strcmp0 (json_object_get_string_member_with_default (o, "type", ""), "rectangle") == 0 &&
         custom != NULL && JSON_NODE_HOLDS_OBJECT (custom) &&
         g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (custom), "conferType", ""),
                    "sticky-note") == 0;
}

static int
run_oracle (const char *file,
            const char *restored_path,
            const char *export_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferExcalidrawScene) scene = confer_excalidraw_read_file (file, &error);
  g_autoptr(JsonNode) input = NULL, restored = NULL;
  g_autoptr(GPtrArray) raws = g_ptr_array_new ();
  g_autoptr(GPtrArray) expect = g_ptr_array_new ();      /* oracle JsonObject*, Confer's survivors */
  g_autoptr(GPtrArray) expect_raw = g_ptr_array_new ();
  g_autoptr(GHashTable) raw_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sticky_texts = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *oracle_elements, *raw_elements;
  guint compared = 0;

  if (g_strcmp0 (restored_path, "-") == 0)
    {
      /* Excalidraw refused the file: Confer refuses it too, or repairs it
       * and says what it did. */
      if (scene == NULL)
        printf ("# %s: refused by both (Confer: %s)\n", file, error->message);
      else
        {
          printf ("# %s: refused by Excalidraw, repaired by Confer:\n", file);
          for (guint i = 0; i < scene->notes->len; i++)
            printf ("#   %s\n", (char *) scene->notes->pdata[i]);
          g_assert_cmpuint (scene->notes->len, >, 0);
        }
      return 0;
    }
  if (scene == NULL)
    {
      /* Two refusals are Confer's own: nesting deeper than any file Confer
       * takes, and a file without elements (../shared/data/README.md). */
      if (g_error_matches (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP) ||
          g_strcmp0 (error->message, "The file has no elements") == 0)
        {
          printf ("# %s: opened by Excalidraw, refused by Confer by design: %s\n", file, error->message);
          return 0;
        }
      g_error ("%s: Excalidraw opens it, Confer refused it: %s", file, error->message);
    }

  input = load_json (file);
  restored = load_json (restored_path);
  raw_elements = json_object_get_array_member (json_node_get_object (input), "elements");
  oracle_elements = json_object_get_array_member (json_node_get_object (restored), "elements");

  /* restore's survivors, paired with the file's elements in order. */
  for (guint i = 0; i < json_array_get_length (raw_elements); i++)
    {
      JsonNode *node = json_array_get_element (raw_elements, i);
      JsonObject *raw;
      JsonNode *deleted;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      raw = json_node_get_object (node);
      deleted = json_object_get_member (raw, "isDeleted");
      if (deleted != NULL && JSON_NODE_HOLDS_VALUE (deleted) &&
          (json_node_get_value_type (deleted) == G_TYPE_BOOLEAN ? json_node_get_boolean (deleted)
           : json_node_get_value_type (deleted) == G_TYPE_STRING ? *json_node_get_string (deleted) != '\0'
           : json_node_get_double (deleted) != 0))
        continue;
      if (deleted != NULL && (JSON_NODE_HOLDS_OBJECT (deleted) || JSON_NODE_HOLDS_ARRAY (deleted)))
        continue;
      if (json_object_has_member (raw, "id") && JSON_NODE_HOLDS_VALUE (json_object_get_member (raw, "id")) &&
          json_node_get_value_type (json_object_get_member (raw, "id")) == G_TYPE_STRING)
        g_hash_table_add (raw_ids, (gpointer) json_object_get_string_member (raw, "id"));
      if (restore_keeps (raw))
        g_ptr_array_add (raws, raw);
    }
  g_assert_cmpuint (raws->len, ==, json_array_get_length (oracle_elements));

  /* The texts of sticky notes are in their notes. */
  for (guint i = 0; i < json_array_get_length (oracle_elements); i++)
    {
      JsonObject *o = json_array_get_object_element (oracle_elements, i);
      const char *container = json_object_get_string_member_with_default (o, "containerId", NULL);

      if (container != NULL && g_strcmp0 (json_object_get_string_member (o, "type"), "text") == 0 &&
          !json_object_get_boolean_member_with_default (o, "isDeleted", FALSE))
        for (guint k = 0; k < json_array_get_length (oracle_elements); k++)
          {
            JsonObject *c = json_array_get_object_element (oracle_elements, k);

            if (g_strcmp0 (json_object_get_string_member (c, "id"), container) == 0 && is_sticky_rect (c) &&
                !g_hash_table_contains (sticky_texts, container))
              {
                g_hash_table_insert (sticky_texts, (gpointer) container, o);
                g_hash_table_insert (sticky_texts, (gpointer) json_object_get_string_member (o, "id"), o);
              }
          }
    }

  for (guint i = 0; i < raws->len; i++)
    {
      JsonObject *raw = raws->pdata[i];
      JsonObject *o = json_array_get_object_element (oracle_elements, i);
      const char *type = json_object_get_string_member (o, "type");
      guint n_valid;

      if (json_object_get_boolean_member_with_default (o, "isDeleted", FALSE))
        continue;   /* an empty text */
      if (g_str_equal (type, "iframe") || g_str_equal (type, "embeddable"))
        continue;
      if ((g_str_equal (type, "line") || g_str_equal (type, "arrow") || g_str_equal (type, "freedraw")) &&
          (raw_points_valid (raw, &n_valid), n_valid < 2 ||
           json_array_get_length (json_object_get_array_member (raw, "points")) > CONFER_BOARD_MAX_POINTS))
        continue;
      if (g_str_equal (type, "text") && g_hash_table_lookup (sticky_texts, json_object_get_string_member (o, "id")) == o &&
          g_hash_table_contains (sticky_texts, json_object_get_string_member_with_default (o, "containerId", "")))
        continue;
      g_ptr_array_add (expect, o);
      g_ptr_array_add (expect_raw, raw);
    }

  g_assert_cmpuint (scene->elements->len, ==, expect->len);
  for (guint i = 0; i < expect->len; i++)
    {
      JsonObject *o = expect->pdata[i], *raw = expect_raw->pdata[i];
      ConferBoardElement *e = scene->elements->pdata[i];
      const char *type = json_object_get_string_member (o, "type");
      const char *oid = json_object_get_string_member_with_default (o, "id", NULL);
      gboolean linear = g_str_equal (type, "line") || g_str_equal (type, "arrow");
      guint n_valid;
      gboolean points_ok = raw_points_valid (raw, &n_valid);
      gboolean elbow_flattened = json_object_get_boolean_member_with_default (o, "elbowed", FALSE) &&
                                 !confer_board_element_get (e, CONFER_BOARD_PROP_ELBOWED)->boolean;
      static const ConferBoardProp geometry[] = {
        CONFER_BOARD_PROP_X, CONFER_BOARD_PROP_Y, CONFER_BOARD_PROP_WIDTH, CONFER_BOARD_PROP_HEIGHT,
        CONFER_BOARD_PROP_ANGLE,
      };

      /* Type. */
      if (is_sticky_rect (o))
        g_assert_cmpstr (confer_board_element_type_name (e->type), ==, "sticky-note");
      else if (g_str_equal (type, "magicframe"))
        g_assert_cmpint (e->type, ==, CONFER_BOARD_ELEMENT_FRAME);
      else
        g_assert_cmpstr (confer_board_element_type_name (e->type), ==, type);

      /* Id: the same unless one side made a new one. */
      if (oid == NULL)
        oid = "";
      if (*oid != '\0' && g_hash_table_contains (raw_ids, oid) && g_hash_table_contains (raw_ids, e->id))
        g_assert_cmpstr (e->id, ==, oid);

      /* Geometry, where the file's value is one both take. */
      for (guint g = 0; g < G_N_ELEMENTS (geometry); g++)
        {
          ConferBoardProp prop = geometry[g];
          JsonNode *ov = json_object_get_member (o, confer_board_prop_name (prop));
          gboolean comparable = raw_valid (raw, prop);

          if (prop == CONFER_BOARD_PROP_X)
            comparable = comparable && raw_valid (raw, CONFER_BOARD_PROP_WIDTH);
          if (prop == CONFER_BOARD_PROP_Y)
            comparable = comparable && raw_valid (raw, CONFER_BOARD_PROP_HEIGHT);
          if (linear && prop != CONFER_BOARD_PROP_ANGLE)
            comparable = raw_valid (raw, CONFER_BOARD_PROP_X) && raw_valid (raw, CONFER_BOARD_PROP_Y) &&
                         points_ok && !elbow_flattened;
          if (!comparable || !is_number_node (ov) || !raw_valid (o, prop))
            continue;
          if (!close_enough (json_node_get_double (ov), confer_board_element_get_number (e, prop)))
            g_error ("%s: element %u (%s) “%s”: Excalidraw %.17g, Confer %.17g", file, i, oid,
                     confer_board_prop_name (prop), json_node_get_double (ov),
                     confer_board_element_get_number (e, prop));
          compared++;
        }

      /* Points. */
      if (json_object_has_member (o, "points") && points_ok && !elbow_flattened)
        {
          JsonArray *op = json_object_get_array_member (o, "points");
          const ConferBoardDoubles *d = confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles;

          g_assert_cmpuint (d->n, ==, 2 * json_array_get_length (op));
          for (guint k = 0; k < json_array_get_length (op); k++)
            for (guint c = 0; c < 2; c++)
              g_assert_true (close_enough (json_array_get_double_element (json_array_get_array_element (op, k), c),
                                           d->values[2 * k + c]));
          compared++;
        }

      /* Text. */
      {
        JsonObject *t = is_sticky_rect (o) ? g_hash_table_lookup (sticky_texts, oid) : o;
        const char *ot = t != NULL ? json_object_get_string_member_with_default (t, "text", NULL) : NULL;
        gboolean clean = ot != NULL;

        for (const char *p = ot; clean && *p != '\0'; p++)
          if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            clean = FALSE;
        if (clean && g_utf8_strlen (ot, -1) <= CONFER_BOARD_MAX_TEXT)
          {
            g_assert_cmpstr (str (e, CONFER_BOARD_PROP_TEXT), ==, ot);
            compared++;
          }
      }
    }

  printf ("# %s: %u elements, %u values compared, %u notes\n", file, expect->len, compared, scene->notes->len);
  for (guint i = 0; i < scene->notes->len; i++)
    printf ("#   %s\n", (char *) scene->notes->pdata[i]);

  /* The board, out again for the round trip. */
  {
    g_autoptr(ConferBoard) board = board_of (scene);
    g_autoptr(GHashTable) blobs = g_hash_table_new (g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer value;
    gsize length;
    g_autofree char *text = NULL;

    g_hash_table_iter_init (&iter, scene->blobs);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_hash_table_insert (blobs, ((ConferExcalidrawBlob *) value)->name, ((ConferExcalidrawBlob *) value)->bytes);
    text = confer_excalidraw_write (board, blobs, &length);
    g_file_set_contents (export_path, text, length, &error);
    g_assert_no_error (error);
  }
  return 0;
}

static gboolean
json_same (JsonNode  *a,
           JsonNode  *b,
           GString   *where)
{
  if (is_number_node (a) && is_number_node (b))
    return json_node_get_double (a) == json_node_get_double (b);
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
      g_autoptr(GList) members = json_object_get_members (ob);

      if (json_object_get_size (oa) != json_object_get_size (ob))
        {
          g_string_append (where, " (members added or removed)");
          return FALSE;
        }
      for (GList *l = members; l != NULL; l = l->next)
        if (!json_object_has_member (oa, l->data) ||
            !json_same (json_object_get_member (oa, l->data), json_object_get_member (ob, l->data), where))
          {
            g_string_append_printf (where, " ← %s", (char *) l->data);
            return FALSE;
          }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *xa = json_node_get_array (a), *xb = json_node_get_array (b);

      if (json_array_get_length (xa) != json_array_get_length (xb))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (xa); i++)
        if (!json_same (json_array_get_element (xa, i), json_array_get_element (xb, i), where))
          return FALSE;
      return TRUE;
    }
  return json_node_equal (a, b);
}

static int
run_round_trip (const char *export_path,
                const char *restored_path)
{
  g_autoptr(JsonNode) exported = load_json (export_path);
  g_autoptr(JsonNode) restored = load_json (restored_path);
  JsonArray *ea = json_object_get_array_member (json_node_get_object (exported), "elements");
  JsonArray *ra = json_object_get_array_member (json_node_get_object (restored), "elements");

  g_assert_cmpuint (json_array_get_length (ea), ==, json_array_get_length (ra));
  for (guint i = 0; i < json_array_get_length (ea); i++)
    {
      g_autoptr(GString) where = g_string_new (NULL);

      if (!json_same (json_array_get_element (ea, i), json_array_get_element (ra, i), where))
        g_error ("%s: Excalidraw changed element %u (%s):%s", export_path, i,
                 json_object_get_string_member (json_array_get_object_element (ea, i), "id"), where->str);
    }
  printf ("# %s: %u elements unchanged by Excalidraw\n", export_path, json_array_get_length (ea));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--oracle"))
    return run_oracle (argv[2], argv[3], argv[4]);
  if (argc == 4 && g_str_equal (argv[1], "--round-trip"))
    return run_round_trip (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/excalidraw/refusals", test_refusals);
  g_test_add_func ("/excalidraw/depth", test_depth);
  g_test_add_func ("/excalidraw/limit", test_limit);
  g_test_add_func ("/excalidraw/left-out", test_left_out);
  g_test_add_func ("/excalidraw/ids", test_ids);
  g_test_add_func ("/excalidraw/values", test_values);
  g_test_add_func ("/excalidraw/legacy", test_legacy);
  g_test_add_func ("/excalidraw/text", test_text);
  g_test_add_func ("/excalidraw/points", test_points);
  g_test_add_func ("/excalidraw/too-many-points", test_too_many_points);
  g_test_add_func ("/excalidraw/indices", test_indices);
  g_test_add_func ("/excalidraw/references", test_references);
  g_test_add_func ("/excalidraw/images", test_images);
  g_test_add_func ("/excalidraw/sticky-note", test_sticky_note);
  g_test_add_func ("/excalidraw/export", test_export);
  return g_test_run ();
}
