/* test-render.c: libconfer-render, on boards made here: what the
 * exports hold, pixels at known places, seeded sketching, and golden
 * images of every element type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CONFER_RENDER_GOLDEN=DIR (the source tree's tests/render/golden) and
 * CONFER_RENDER_OUTPUT=DIR (where the images made go, to look at) come
 * from meson. With CONFER_RENDER_UPDATE_GOLDEN=1 the goldens are written
 * instead of compared: look at every one before committing it.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "confer-core.h"
#include "confer-render.h"

/* A golden matches when at most this share of its pixels differ by more
 * than this much in a channel (font rasterisation, libm's last bits). */
#define GOLDEN_CHANNEL_TOLERANCE 48
#define GOLDEN_PIXEL_SHARE       0.01

static ConferBoardElement *
element_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  ConferBoardElement *element;

  g_assert_nonnull (node);
  element = confer_board_element_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return element;
}

/* Adds an element given as JSON, on top (the index keys a0, a1…). */
static void
add (ConferBoard *board,
     const char  *json)
{
  g_autoptr(ConferBoardElement) element = element_from (json);
  g_autofree char *key = g_strdup_printf ("a%c", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[confer_board_get_n_elements (board)]);

  confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, key);
  confer_board_put (board, element);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A 40 × 40 PNG: red, green, blue and white quadrants. */
static GBytes *
make_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 40);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  static const double colours[4][3] = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 1, 1 } };

  for (int i = 0; i < 4; i++)
    {
      cairo_rectangle (cr, (i % 2) * 20, (i / 2) * 20, 20, 20);
      cairo_set_source_rgb (cr, colours[i][0], colours[i][1], colours[i][2]);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_bytes, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

/* @template with every @ replaced by @value. */
static char *
fill (const char *template,
      const char *value)
{
  g_auto(GStrv) parts = g_strsplit (template, "@", -1);

  return g_strjoinv (value, parts);
}

typedef struct
{
  ConferBoard *board;
  GHashTable  *images;
  char        *image_name;
} Scene;

static void
scene_free (Scene *scene)
{
  confer_board_free (scene->board);
  g_hash_table_unref (scene->images);
  g_free (scene->image_name);
  g_free (scene);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scene, scene_free)

static Scene *
scene_new (void)
{
  Scene *scene = g_new0 (Scene, 1);
  GBytes *png = make_png ();

  scene->board = confer_board_new ();
  scene->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  scene->image_name = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  g_hash_table_insert (scene->images, g_strdup (scene->image_name), png);
  return scene;
}

/* The small board of the export tests: a filled rectangle (its centre
 * at 60, 50 is #e03131), an ellipse, an arrow, a text, a freedraw
 * stroke, a sticky note and an image (its top left quadrant, around
 * 310, 30, red). */
static Scene *
small_scene (void)
{
  Scene *scene = scene_new ();
  g_autofree char *image = NULL;

  add (scene->board, "{\"id\":\"rect\",\"type\":\"rectangle\",\"x\":10,\"y\":10,\"width\":100,\"height\":80,"
                     "\"strokeColor\":\"#1e1e1e\",\"backgroundColor\":\"#e03131\",\"fillStyle\":\"solid\",\"roughness\":1,\"seed\":7}");
  add (scene->board, "{\"id\":\"ellipse\",\"type\":\"ellipse\",\"x\":130,\"y\":10,\"width\":120,\"height\":80,"
                     "\"backgroundColor\":\"#a5d8ff\",\"fillStyle\":\"hachure\",\"roughness\":1,\"seed\":11}");
  add (scene->board, "{\"id\":\"arrow\",\"type\":\"arrow\",\"x\":20,\"y\":130,\"width\":200,\"height\":40,"
                     "\"points\":[[0,0],[100,40],[200,0]],\"endArrowhead\":\"arrow\",\"roughness\":1,\"seed\":3}");
  add (scene->board, "{\"id\":\"text\",\"type\":\"text\",\"x\":20,\"y\":190,\"width\":160,\"height\":25,"
                     "\"text\":\"Hello <board> & co\",\"originalText\":\"Hello <board> & co\",\"fontSize\":20,\"fontFamily\":5}");
  add (scene->board, "{\"id\":\"ink\",\"type\":\"freedraw\",\"x\":200,\"y\":190,\"width\":80,\"height\":30,"
                     "\"points\":[[0,0],[20,20],[40,30],[60,20],[80,0]],\"pressures\":[],\"simulatePressure\":true,\"strokeWidth\":2}");
  add (scene->board, "{\"id\":\"note\",\"type\":\"sticky-note\",\"x\":20,\"y\":240,\"width\":160,\"height\":160,"
                     "\"backgroundColor\":\"#ffec99\",\"text\":\"A sticky note wraps its words\",\"fontSize\":20,\"fontFamily\":5}");
  image = fill ("{\"id\":\"image\",\"type\":\"image\",\"x\":300,\"y\":20,\"width\":80,\"height\":80,"
                           "\"fileId\":\"@\",\"status\":\"saved\",\"strokeColor\":\"transparent\"}", scene->image_name);
  add (scene->board, image);
  return scene;
}

typedef struct
{
  const guint8 *data;
  gsize         left;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (length > reader->left)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
read_png (GBytes *bytes)
{
  Reader reader;
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (bytes, &reader.left);
  surface = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* The pixel at (x, y), as 0–255 straight RGBA. */
static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       guint8           rgba[4])
{
  guint32 p;
  guint a;

  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  cairo_surface_flush (surface);
  p = ((guint32 *) (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface)))[x];
  a = p >> 24;
  rgba[3] = a;
  for (int i = 0; i < 3; i++)
    {
      guint c = (p >> (16 - 8 * i)) & 0xff;

      rgba[i] = a == 0 ? 0 : MIN ((c * 255 + a / 2) / a, 255);
    }
}

static void
assert_colour (cairo_surface_t *surface,
               int              x,
               int              y,
               guint32          rgb)
{
  guint8 rgba[4];

  pixel (surface, x, y, rgba);
  g_test_message ("pixel %d,%d is %02x%02x%02x/%02x, expected %06x", x, y, rgba[0], rgba[1], rgba[2], rgba[3], rgb);
  g_assert_cmpint (rgba[3], ==, 255);
  g_assert_cmpint (abs ((int) rgba[0] - (int) (rgb >> 16)), <=, 2);
  g_assert_cmpint (abs ((int) rgba[1] - (int) ((rgb >> 8) & 0xff)), <=, 2);
  g_assert_cmpint (abs ((int) rgba[2] - (int) (rgb & 0xff)), <=, 2);
}

static GBytes *
export (Scene              *scene,
        ConferExportFormat  format,
        double              scale,
        const char         *background)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  confer_render_export (scene->board, scene->images, format, scale, background, stream, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Writes what a test made where meson says, to be looked at. */
static void
keep (const char *name,
      GBytes     *bytes)
{
  const char *dir = g_getenv ("CONFER_RENDER_OUTPUT");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_test_message ("wrote %s", path);
}

static void
test_colours (void)
{
  ConferRenderColour c;

  g_assert_true (confer_render_colour_parse ("#e03131", &c));
  g_assert_cmpfloat_with_epsilon (c.red, 0xe0 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.blue, 0x31 / 255.0, 1e-9);
  g_assert_cmpfloat (c.alpha, ==, 1);
  g_assert_true (confer_render_colour_parse ("#f008", &c));
  g_assert_cmpfloat (c.red, ==, 1);
  g_assert_cmpfloat_with_epsilon (c.alpha, 8 / 15.0, 1e-9);
  g_assert_true (confer_render_colour_parse ("#11223344", &c));
  g_assert_cmpfloat_with_epsilon (c.alpha, 0x44 / 255.0, 1e-9);
  g_assert_true (confer_render_colour_parse ("rebeccapurple", &c));
  g_assert_cmpfloat_with_epsilon (c.green, 0x33 / 255.0, 1e-9);
  g_assert_true (confer_render_colour_parse ("White", &c));
  g_assert_cmpfloat (c.blue, ==, 1);
  g_assert_true (confer_render_colour_parse ("transparent", &c));
  g_assert_false (confer_render_colour_is_visible (&c));
  g_assert_false (confer_render_colour_parse ("#12345", &c));
  g_assert_false (confer_render_colour_parse ("notacolour", &c));
  g_assert_false (confer_render_colour_parse ("#ggg", &c));
}

static void
test_bounds (void)
{
  g_autoptr(ConferBoard) board = confer_board_new ();
  ConferRenderBox box;

  g_assert_false (confer_render_get_bounds (board, &box));
  add (board, "{\"id\":\"r\",\"type\":\"rectangle\",\"x\":10,\"y\":20,\"width\":100,\"height\":50,\"strokeWidth\":4,\"roughness\":0}");
  g_assert_true (confer_render_get_bounds (board, &box));
  /* Half the stroke (2) and half a px of antialiasing around the box. */
  g_assert_cmpfloat_with_epsilon (box.x, 7.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.y, 17.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.width, 105, 1e-9);
  g_assert_cmpfloat_with_epsilon (box.height, 55, 1e-9);
  /* Turned a quarter, it stands up about its centre (60, 45). */
  add (board, "{\"id\":\"s\",\"type\":\"rectangle\",\"x\":200,\"y\":0,\"width\":100,\"height\":20,\"strokeWidth\":0,\"roughness\":0,\"angle\":1.5707963267948966}");
  confer_render_element_get_bounds (board, confer_board_lookup (board, "s"), &box);
  g_assert_cmpfloat_with_epsilon (box.x, 240 - 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (box.width, 21, 1e-6);
  g_assert_cmpfloat_with_epsilon (box.y, -40 - 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (box.height, 101, 1e-6);
}

static void
test_png (void)
{
  g_autoptr(Scene) scene = small_scene ();
  g_autoptr(GBytes) png1 = export (scene, CONFER_EXPORT_FORMAT_PNG, 1, "white");
  g_autoptr(GBytes) png2 = export (scene, CONFER_EXPORT_FORMAT_PNG, 2, "white");
  g_autoptr(GBytes) clear = export (scene, CONFER_EXPORT_FORMAT_PNG, 1, NULL);
  cairo_surface_t *one = read_png (png1), *two = read_png (png2), *transparent = read_png (clear);
  ConferRenderBox bounds;
  ConferRenderArea area;
  int width, height;
  guint8 rgba[4];

  keep ("small-1x.png", png1);
  keep ("small-2x.png", png2);
  keep ("small-transparent.png", clear);
  g_assert_true (confer_render_get_bounds (scene->board, &bounds));
  confer_render_export_get_area (scene->board, 1, &area, &width, &height);
  /* The bounds and the padding, × the scale. */
  g_assert_cmpint (cairo_image_surface_get_width (one), ==, (int) ceil (bounds.width + 2 * CONFER_RENDER_EXPORT_PADDING));
  g_assert_cmpint (cairo_image_surface_get_height (one), ==, (int) ceil (bounds.height + 2 * CONFER_RENDER_EXPORT_PADDING));
  g_assert_cmpint (cairo_image_surface_get_width (two), ==, (int) ceil (2 * (bounds.width + 2 * CONFER_RENDER_EXPORT_PADDING)));
  g_assert_cmpint (cairo_image_surface_get_height (two), ==, (int) ceil (2 * (bounds.height + 2 * CONFER_RENDER_EXPORT_PADDING)));
  g_assert_cmpint (abs (cairo_image_surface_get_width (two) - 2 * cairo_image_surface_get_width (one)), <=, 1);
  g_assert_cmpint (abs (cairo_image_surface_get_height (two) - 2 * cairo_image_surface_get_height (one)), <=, 1);

  /* The filled rectangle's centre (60, 50) has its colour, at both scales. */
  assert_colour (one, (int) (60 - area.x), (int) (50 - area.y), 0xe03131);
  assert_colour (two, (int) (2 * (60 - area.x)), (int) (2 * (50 - area.y)), 0xe03131);
  /* The image's quadrants: red top left, blue bottom left. */
  assert_colour (one, (int) (320 - area.x), (int) (40 - area.y), 0xff0000);
  assert_colour (one, (int) (320 - area.x), (int) (80 - area.y), 0x0000ff);
  /* The sticky note's paper, away from its text. */
  assert_colour (one, (int) (170 - area.x), (int) (390 - area.y), 0xffec99);
  /* White where nothing is drawn; nothing at all when transparent. */
  assert_colour (one, 1, 1, 0xffffff);
  pixel (transparent, 0, 0, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  pixel (transparent, cairo_image_surface_get_width (transparent) - 1, cairo_image_surface_get_height (transparent) - 1, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  assert_colour (transparent, (int) (60 - area.x), (int) (50 - area.y), 0xe03131);

  cairo_surface_destroy (one);
  cairo_surface_destroy (two);
  cairo_surface_destroy (transparent);
}

typedef struct
{
  GString *text;
  gboolean in_text;
  guint    n_text;
  char    *width;
} SvgRead;

static void
svg_start (GMarkupParseContext  *context,
           const char           *name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  SvgRead *read = user_data;

  if (g_str_equal (name, "text"))
    {
      read->in_text = TRUE;
      read->n_text++;
    }
  if (g_str_equal (name, "svg"))
    for (guint i = 0; attribute_names[i] != NULL; i++)
      if (g_str_equal (attribute_names[i], "width"))
        read->width = g_strdup (attribute_values[i]);
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *name,
         gpointer              user_data,
         GError              **error)
{
  SvgRead *read = user_data;

  if (g_str_equal (name, "text"))
    {
      read->in_text = FALSE;
      g_string_append_c (read->text, '\n');
    }
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  SvgRead *read = user_data;

  if (read->in_text)
    g_string_append_len (read->text, text, length);
}

static void
test_svg (void)
{
  g_autoptr(Scene) scene = small_scene ();
  g_autoptr(GBytes) svg = export (scene, CONFER_EXPORT_FORMAT_SVG, 1, "white");
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgRead read = { g_string_new (NULL), FALSE, 0, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &read, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  ConferRenderArea area;
  int width, height;

  keep ("small.svg", svg);
  g_markup_parse_context_parse (context, g_bytes_get_data (svg, NULL), g_bytes_get_size (svg), &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  /* The text and the note's text, as text, escaped and read back. */
  g_assert_cmpuint (read.n_text, ==, 2);
  g_assert_nonnull (strstr (read.text->str, "Hello <board> & co"));
  g_assert_nonnull (strstr (read.text->str, "A sticky note wraps its words"));
  confer_render_export_get_area (scene->board, 1, &area, &width, &height);
  g_assert_cmpint (g_ascii_strtoll (read.width, NULL, 10), ==, width);
  g_string_free (read.text, TRUE);
  g_free (read.width);

  /* libxml2 agrees it is well-formed. */
  if (xmllint != NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("confer-render-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "board.svg", NULL);
      const char *argv[] = { xmllint, "--noout", path, NULL };
      int status;

      g_assert_no_error (error);
      g_file_set_contents (path, g_bytes_get_data (svg, NULL), g_bytes_get_size (svg), &error);
      g_assert_no_error (error);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_no_error (error);
      g_unlink (path);
      g_rmdir (dir);
    }
}

static void
test_pdf (void)
{
  g_autoptr(Scene) scene = small_scene ();
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL, *out = NULL, *expected = NULL;
  ConferRenderArea area;
  int width, height, status;

  dir = g_dir_make_tmp ("confer-render-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "board.pdf", NULL);
  confer_render_export_to_file (scene->board, scene->images, CONFER_EXPORT_FORMAT_PDF, 1, "white", path, &error);
  g_assert_no_error (error);
  if (pdfinfo == NULL)
    {
      g_unlink (path);
      g_rmdir (dir);
      g_test_skip ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  {
    const char *argv[] = { pdfinfo, path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }
  g_test_message ("%s", out);
  confer_render_export_get_area (scene->board, 1, &area, &width, &height);
  g_assert_true (g_regex_match_simple ("^Pages: +1$", out, G_REGEX_MULTILINE, 0));
  expected = g_strdup_printf ("Page size: +%d x %d pts", width, height);
  g_assert_true (g_regex_match_simple (expected, out, 0, 0));
  g_unlink (path);
  g_rmdir (dir);
}

/* One element alone on a board, as a PNG at 1×, white behind. */
static GBytes *
render_one (const char *json)
{
  g_autoptr(Scene) scene = scene_new ();

  add (scene->board, json);
  return export (scene, CONFER_EXPORT_FORMAT_PNG, 1, "white");
}

static void
test_seeded (void)
{
  const char *shapes[] = {
    "{\"id\":\"a\",\"type\":\"rectangle\",\"x\":0,\"y\":0,\"width\":120,\"height\":80,\"roughness\":2,\"seed\":@,"
    "\"backgroundColor\":\"#b2f2bb\",\"fillStyle\":\"cross-hatch\"}",
    "{\"id\":\"a\",\"type\":\"ellipse\",\"x\":0,\"y\":0,\"width\":120,\"height\":80,\"roughness\":2,\"seed\":@}",
    "{\"id\":\"a\",\"type\":\"line\",\"x\":0,\"y\":0,\"width\":120,\"height\":80,\"roughness\":2,\"seed\":@,"
    "\"points\":[[0,0],[60,80],[120,0]],\"roundness\":{\"type\":2}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *seed1 = fill (shapes[i], "1234");
      g_autofree char *seed2 = fill (shapes[i], "98765");
      g_autoptr(GBytes) a = render_one (seed1);
      g_autoptr(GBytes) b = render_one (seed1);
      g_autoptr(GBytes) c = render_one (seed2);

      /* The same element draws the same pixels every time. */
      g_assert_true (g_bytes_equal (a, b));
      /* Another seed, other strokes. */
      g_assert_false (g_bytes_equal (a, c));
    }
}

/* A PNG is drawn in bands of rows by several threads: the image must be
 * the one drawn whole, pixel for pixel, with shapes, ink, text, a faded
 * turned ellipse and a frame's clipped child across the bands' edges. */
static void
test_png_bands (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GBytes) banded = NULL;
  g_autoptr(GString) ink = g_string_new ("{\"id\":\"ink\",\"type\":\"freedraw\",\"x\":0,\"y\":0,\"width\":600,\"height\":1300,"
                                         "\"simulatePressure\":true,\"strokeWidth\":4,\"points\":[");
  const char *elements[] = {
    "{\"id\":\"r\",\"type\":\"rectangle\",\"x\":20,\"y\":10,\"width\":500,\"height\":1250,\"seed\":7,"
    "\"backgroundColor\":\"#ffc9c9\",\"fillStyle\":\"hachure\",\"roundness\":{\"type\":3}}",
    "{\"id\":\"e\",\"type\":\"ellipse\",\"x\":100,\"y\":300,\"width\":300,\"height\":700,\"seed\":8,\"angle\":0.4,"
    "\"opacity\":60,\"backgroundColor\":\"#b2f2bb\",\"fillStyle\":\"cross-hatch\"}",
    "{\"id\":\"a\",\"type\":\"arrow\",\"x\":560,\"y\":40,\"width\":0,\"height\":1200,\"seed\":9,"
    "\"points\":[[0,0],[0,1200]],\"endArrowhead\":\"arrow\"}",
    "{\"id\":\"n\",\"type\":\"sticky-note\",\"x\":150,\"y\":560,\"width\":220,\"height\":220,"
    "\"backgroundColor\":\"#ffec99\",\"text\":\"Across the bands, and wrapped\",\"fontSize\":28,\"fontFamily\":5}",
    "{\"id\":\"f\",\"type\":\"frame\",\"x\":300,\"y\":900,\"width\":250,\"height\":300,\"name\":\"Low\"}",
    "{\"id\":\"c\",\"type\":\"diamond\",\"x\":380,\"y\":1000,\"width\":300,\"height\":400,\"frameId\":\"f\",\"seed\":10,"
    "\"backgroundColor\":\"#a5d8ff\",\"fillStyle\":\"solid\"}",
  };
  ConferRenderArea area;
  cairo_surface_t *whole, *read;
  cairo_t *cr;
  int width, height;

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    add (scene->board, elements[i]);
  for (guint i = 0; i <= 130; i++)
    g_string_append_printf (ink, "%s[%.1f,%d]", i == 0 ? "" : ",", 300 + 280 * sin (i / 9.0), i * 10);
  g_string_append (ink, "]}");
  add (scene->board, ink->str);

  banded = export (scene, CONFER_EXPORT_FORMAT_PNG, 1.5, "white");
  keep ("bands.png", banded);
  confer_render_export_get_area (scene->board, 1.5, &area, &width, &height);
  whole = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (whole);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  confer_render_board (cr, scene->board, scene->images, &area);
  cairo_destroy (cr);
  cairo_surface_flush (whole);
  read = read_png (banded);
  g_assert_cmpint (cairo_image_surface_get_width (read), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (read), ==, height);
  for (int y = 0; y < height; y++)
    g_assert_cmpmem (cairo_image_surface_get_data (read) + y * cairo_image_surface_get_stride (read), width * 4,
                     cairo_image_surface_get_data (whole) + y * cairo_image_surface_get_stride (whole), width * 4);
  cairo_surface_destroy (read);
  cairo_surface_destroy (whole);
}

typedef struct
{
  const char *name;
  const char *elements[3];
} Golden;

static const Golden goldens[] = {
  { "rectangle", { "{\"id\":\"g\",\"type\":\"rectangle\",\"x\":0,\"y\":0,\"width\":160,\"height\":100,\"seed\":101,"
                   "\"backgroundColor\":\"#ffc9c9\",\"fillStyle\":\"hachure\",\"roundness\":{\"type\":3}}" } },
  { "rectangle-crisp", { "{\"id\":\"g\",\"type\":\"rectangle\",\"x\":0,\"y\":0,\"width\":160,\"height\":100,\"roughness\":0,"
                         "\"strokeStyle\":\"dashed\",\"backgroundColor\":\"#a5d8ff\",\"fillStyle\":\"solid\",\"strokeWidth\":2}" } },
  { "ellipse", { "{\"id\":\"g\",\"type\":\"ellipse\",\"x\":0,\"y\":0,\"width\":160,\"height\":100,\"seed\":202,"
                 "\"backgroundColor\":\"#b2f2bb\",\"fillStyle\":\"cross-hatch\",\"strokeWidth\":1}" } },
  { "diamond", { "{\"id\":\"g\",\"type\":\"diamond\",\"x\":0,\"y\":0,\"width\":160,\"height\":100,\"seed\":303,"
                 "\"backgroundColor\":\"#ffec99\",\"fillStyle\":\"zigzag\",\"strokeStyle\":\"dotted\",\"roughness\":2}" } },
  { "line", { "{\"id\":\"g\",\"type\":\"line\",\"x\":0,\"y\":0,\"width\":200,\"height\":80,\"seed\":404,"
              "\"points\":[[0,80],[60,0],[140,80],[200,0]],\"roundness\":{\"type\":2},\"strokeWidth\":4,\"strokeColor\":\"#1971c2\"}" } },
  { "arrow", { "{\"id\":\"g\",\"type\":\"arrow\",\"x\":0,\"y\":0,\"width\":200,\"height\":0,\"seed\":505,"
               "\"points\":[[0,0],[200,0]],\"startArrowhead\":\"dot\",\"endArrowhead\":\"arrow\"}",
               "{\"id\":\"h\",\"type\":\"arrow\",\"x\":0,\"y\":50,\"width\":200,\"height\":0,\"seed\":506,\"roughness\":0,"
               "\"points\":[[0,0],[200,0]],\"startArrowhead\":\"diamond_outline\",\"endArrowhead\":\"triangle\"}",
               "{\"id\":\"i\",\"type\":\"arrow\",\"x\":0,\"y\":100,\"width\":200,\"height\":0,\"seed\":507,\"roughness\":0,"
               "\"points\":[[0,0],[200,0]],\"startArrowhead\":\"bar\",\"endArrowhead\":\"circle_outline\",\"strokeStyle\":\"dashed\"}" } },
  { "freedraw", { "{\"id\":\"g\",\"type\":\"freedraw\",\"x\":0,\"y\":0,\"width\":160,\"height\":60,"
                  "\"points\":[[0,30],[20,10],[40,0],[60,10],[80,30],[100,50],[120,60],[140,50],[160,30]],"
                  "\"pressures\":[0.2,0.4,0.6,0.8,1,0.8,0.6,0.4,0.2],\"simulatePressure\":false,\"strokeWidth\":2,\"strokeColor\":\"#2f9e44\"}" } },
  { "text", { "{\"id\":\"g\",\"type\":\"text\",\"x\":0,\"y\":0,\"width\":180,\"height\":50,\"text\":\"Two lines\\nof text\","
              "\"originalText\":\"Two lines\\nof text\",\"fontSize\":20,\"fontFamily\":5,\"textAlign\":\"center\",\"strokeColor\":\"#e8590c\"}" } },
  { "text-in-container", { "{\"id\":\"c\",\"type\":\"rectangle\",\"x\":0,\"y\":0,\"width\":160,\"height\":100,\"roughness\":0,"
                           "\"boundElements\":[{\"id\":\"t\",\"type\":\"text\"}]}",
                           "{\"id\":\"t\",\"type\":\"text\",\"x\":5,\"y\":30,\"width\":150,\"height\":50,\"containerId\":\"c\","
                           "\"text\":\"Wrapped inside its container\",\"originalText\":\"Wrapped inside its container\","
                           "\"fontSize\":16,\"fontFamily\":2,\"textAlign\":\"center\",\"verticalAlign\":\"middle\"}" } },
  { "sticky-note", { "{\"id\":\"g\",\"type\":\"sticky-note\",\"x\":0,\"y\":0,\"width\":160,\"height\":160,"
                     "\"backgroundColor\":\"#d0bfff\",\"text\":\"Remember the milk and the bread\",\"fontSize\":18,\"fontFamily\":5}" } },
  { "image", { "{\"id\":\"g\",\"type\":\"image\",\"x\":0,\"y\":0,\"width\":80,\"height\":80,\"fileId\":\"@\",\"status\":\"saved\"}",
               "{\"id\":\"h\",\"type\":\"image\",\"x\":100,\"y\":0,\"width\":80,\"height\":40,\"fileId\":\"@\",\"status\":\"saved\","
               "\"crop\":{\"x\":0,\"y\":0,\"width\":40,\"height\":20,\"naturalWidth\":40,\"naturalHeight\":40},\"scale\":[-1,1]}",
               "{\"id\":\"i\",\"type\":\"image\",\"x\":100,\"y\":50,\"width\":60,\"height\":30,\"fileId\":\"@\",\"status\":\"error\",\"angle\":0.3}" } },
  { "frame", { "{\"id\":\"f\",\"type\":\"frame\",\"x\":0,\"y\":20,\"width\":160,\"height\":100,\"name\":\"Plan\"}",
               "{\"id\":\"g\",\"type\":\"ellipse\",\"x\":100,\"y\":60,\"width\":120,\"height\":120,\"frameId\":\"f\",\"seed\":9,"
               "\"backgroundColor\":\"#ffd8a8\",\"fillStyle\":\"solid\",\"angle\":0.5,\"opacity\":60}" } },
};

static void
test_golden (gconstpointer data)
{
  const Golden *golden = data;
  const char *dir = g_getenv ("CONFER_RENDER_GOLDEN");
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GBytes) png = NULL;
  g_autofree char *name = g_strconcat (golden->name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected_bytes = NULL;
  cairo_surface_t *actual, *expected;
  gsize length, n_differ = 0;
  int width, height;

  for (guint i = 0; i < G_N_ELEMENTS (golden->elements) && golden->elements[i] != NULL; i++)
    {
      g_autofree char *json = fill (golden->elements[i], scene->image_name);

      add (scene->board, json);
    }
  png = export (scene, CONFER_EXPORT_FORMAT_PNG, 1, "white");
  keep (name, png);
  if (dir == NULL)
    {
      g_test_skip ("CONFER_RENDER_GOLDEN is not set");
      return;
    }
  path = g_build_filename (dir, name, NULL);
  if (g_strcmp0 (g_getenv ("CONFER_RENDER_UPDATE_GOLDEN"), "1") == 0)
    {
      g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
      g_assert_no_error (error);
      g_test_message ("wrote %s: look at it", path);
      return;
    }
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  expected_bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  actual = read_png (png);
  expected = read_png (expected_bytes);
  width = cairo_image_surface_get_width (actual);
  height = cairo_image_surface_get_height (actual);
  g_assert_cmpint (width, ==, cairo_image_surface_get_width (expected));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (expected));
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 a[4], b[4];

        pixel (actual, x, y, a);
        pixel (expected, x, y, b);
        for (int c = 0; c < 4; c++)
          if (abs ((int) a[c] - (int) b[c]) > GOLDEN_CHANNEL_TOLERANCE)
            {
              n_differ++;
              break;
            }
      }
  g_test_message ("%s: %" G_GSIZE_FORMAT " of %d pixels differ", golden->name, n_differ, width * height);
  g_assert_cmpfloat ((double) n_differ / (width * height), <=, GOLDEN_PIXEL_SHARE);
  cairo_surface_destroy (actual);
  cairo_surface_destroy (expected);
}

/* The shared Excalidraw scenes, imported and drawn at 1×, to look at. */
static void
test_scenes (gconstpointer data)
{
  const char *path = data;
  g_autoptr(ConferExcalidrawScene) scene = NULL;
  g_autoptr(ConferBoard) board = confer_board_new ();
  g_autoptr(GHashTable) images = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (base, ".png", NULL);
  GHashTableIter iter;
  gpointer key, value;
  cairo_surface_t *surface;
  int width, height;
  ConferRenderArea area;

  scene = confer_excalidraw_read_file (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < scene->elements->len; i++)
    confer_board_put (board, g_ptr_array_index (scene->elements, i));
  g_hash_table_iter_init (&iter, scene->blobs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (images, key, ((ConferExcalidrawBlob *) value)->bytes);
  confer_render_export (board, images, CONFER_EXPORT_FORMAT_PNG, 1,
                        scene->view_background_color != NULL ? scene->view_background_color : "white",
                        stream, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, NULL);
  png = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  keep (name, png);
  surface = read_png (png);
  confer_render_export_get_area (board, 1, &area, &width, &height);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  const char *scenes = g_getenv ("CONFER_RENDER_SCENES");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/colours", test_colours);
  g_test_add_func ("/render/bounds", test_bounds);
  g_test_add_func ("/render/export/png", test_png);
  g_test_add_func ("/render/export/png-bands", test_png_bands);
  g_test_add_func ("/render/export/svg", test_svg);
  g_test_add_func ("/render/export/pdf", test_pdf);
  g_test_add_func ("/render/rough/seeded", test_seeded);
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *name = g_strconcat ("/render/golden/", goldens[i].name, NULL);

      g_test_add_data_func (name, &goldens[i], test_golden);
    }
  if (scenes != NULL && g_file_test (scenes, G_FILE_TEST_IS_DIR))
    {
      static const char *const files[] = { "jetbrains-demo.excalidraw", "vscode-test.excalidraw", "vscode-test2.excalidraw" };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *name = g_strconcat ("/render/scene/", files[i], NULL);

          g_test_add_data_func_full (name, g_build_filename (scenes, files[i], NULL), test_scenes, g_free);
        }
    }
  return g_test_run ();
}
