/* confer-render-image.c: images, decoded with gdk-pixbuf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-image"

#include "config.h"

#include <math.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "confer-render-private.h"

/* Decodes @bytes into a Cairo image (premultiplied ARGB32). */
static cairo_surface_t *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  GdkPixbuf *pixbuf;
  int width, height, stride, channels;
  const guchar *pixels;
  guchar *data;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error) || !gdk_pixbuf_loader_close (loader, &error))
    {
      g_debug ("An image does not decode: %s", error->message);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    return NULL;
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int row = 0; row < height; row++)
    {
      const guchar *in = pixels + (gsize) row * stride;
      guint32 *out = (guint32 *) (data + (gsize) row * cairo_image_surface_get_stride (surface));

      for (int col = 0; col < width; col++, in += channels)
        {
          guint a = channels == 4 ? in[3] : 255;
          guint r = (in[0] * a + 127) / 255, g = (in[1] * a + 127) / 255, b = (in[2] * a + 127) / 255;

          out[col] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
lookup (ConferRenderContext *context,
        const char          *file_id)
{
  cairo_surface_t *surface;
  GBytes *bytes;

  if (file_id == NULL || context->images == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (context->decoded, file_id, NULL, (gpointer *) &surface))
    return surface;
  bytes = g_hash_table_lookup (context->images, file_id);
  surface = bytes != NULL ? decode (bytes) : NULL;
  g_hash_table_insert (context->decoded, g_strdup (file_id), surface);
  return surface;
}

static void
placeholder (cairo_t *cr,
             double   x,
             double   y,
             double   w,
             double   h)
{
  double s = MIN (w, h) / 4;

  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 0.93, 0.93, 0.95);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  /* A picture's sign: a mountain and a sun. */
  cairo_move_to (cr, x + w / 2 - s, y + h / 2 + s / 2);
  cairo_line_to (cr, x + w / 2 - s / 4, y + h / 2 - s / 2);
  cairo_line_to (cr, x + w / 2 + s, y + h / 2 + s / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_arc (cr, x + w / 2 + s / 2, y + h / 2 - s / 2, s / 5, 0, 2 * G_PI);
  cairo_fill (cr);
}

/**
 * confer_render_image:
 * @context: the drawing pass (its images: blob name → #GBytes)
 * @cr: a context in scene coordinates, the element's rotation applied
 * @element: an image
 *
 * Draws the image its `fileId` names, decoded with gdk-pixbuf (PNG, JPEG,
 * GIF, WebP, SVG… whatever loaders are installed): its `crop` (a region
 * of the image's natural pixels) or the whole image, stretched over the
 * element's box, mirrored by a negative `scale`, clipped to rounded
 * corners when it has `roundness`. An image whose bytes are missing or
 * do not decode is a grey placeholder.
 */
void
confer_render_image (ConferRenderContext      *context,
                     cairo_t                  *cr,
                     const ConferBoardElement *element)
{
  double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);
  double w = fabs (confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH));
  double h = fabs (confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT));
  cairo_surface_t *image = lookup (context, confer_board_element_get_string (element, CONFER_BOARD_PROP_FILE_ID));
  const ConferBoardValue *scale = confer_board_element_get (element, CONFER_BOARD_PROP_SCALE);
  const ConferBoardValue *crop = confer_board_element_get (element, CONFER_BOARD_PROP_CROP);
  double radius = confer_render_corner_radius (element, MIN (w, h));
  double sx = 1, sy = 1, src_x = 0, src_y = 0, src_w, src_h;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  if (w <= 0 || h <= 0)
    return;
  cairo_save (cr);
  if (radius > 0)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
      cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
      cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
      cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      cairo_clip (cr);
    }
  if (image == NULL)
    {
      placeholder (cr, x, y, w, h);
      cairo_restore (cr);
      return;
    }
  src_w = cairo_image_surface_get_width (image);
  src_h = cairo_image_surface_get_height (image);
  if (crop->kind == CONFER_BOARD_VALUE_JSON && JSON_NODE_HOLDS_OBJECT (crop->json))
    {
      JsonObject *object = json_node_get_object (crop->json);
      double natural_w = json_object_get_double_member_with_default (object, "naturalWidth", src_w);
      double natural_h = json_object_get_double_member_with_default (object, "naturalHeight", src_h);
      /* The crop is in natural pixels; the bytes may be another size. */
      double kx = natural_w > 0 ? src_w / natural_w : 1, ky = natural_h > 0 ? src_h / natural_h : 1;

      src_x = json_object_get_double_member_with_default (object, "x", 0) * kx;
      src_y = json_object_get_double_member_with_default (object, "y", 0) * ky;
      src_w = json_object_get_double_member_with_default (object, "width", natural_w) * kx;
      src_h = json_object_get_double_member_with_default (object, "height", natural_h) * ky;
    }
  if (scale->kind == CONFER_BOARD_VALUE_DOUBLES && scale->doubles != NULL && scale->doubles->n == 2)
    {
      sx = scale->doubles->values[0] < 0 ? -1 : 1;
      sy = scale->doubles->values[1] < 0 ? -1 : 1;
    }
  if (src_w <= 0 || src_h <= 0)
    {
      cairo_restore (cr);
      return;
    }
  /* Scene → image: into the box, mirrored about its centre, then onto
   * the source region. */
  cairo_translate (cr, x + w / 2, y + h / 2);
  cairo_scale (cr, sx, sy);
  cairo_translate (cr, -w / 2, -h / 2);
  cairo_rectangle (cr, 0, 0, w, h);
  pattern = cairo_pattern_create_for_surface (image);
  cairo_matrix_init_translate (&matrix, src_x, src_y);
  cairo_matrix_scale (&matrix, src_w / w, src_h / h);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_restore (cr);
}
