/* confer-render-export.c: a board as a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-render-export"

#include "config.h"

#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "confer-render-export.h"
#include "confer-render-png.h"
#include "confer-render-private.h"
#include "confer-render-svg.h"

G_DEFINE_QUARK (confer-render-error-quark, confer_render_error)

static const char *const format_names[] = { "png", "svg", "pdf" };

/**
 * confer_export_format_from_name:
 * @name: `png`, `svg` or `pdf`
 * @format: (out): the format
 *
 * Returns: %TRUE if @name is a format confer_render_export() writes
 */
gboolean
confer_export_format_from_name (const char         *name,
                                ConferExportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * confer_export_format_name:
 * @format: a format
 *
 * Returns: (transfer none): its name, which is also its file extension
 */
const char *
confer_export_format_name (ConferExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);

  return format_names[format];
}

/**
 * confer_render_export_get_area:
 * @board: a board
 * @scale: output units per scene px, > 0
 * @area: (out): the region an export draws: every live element's bounds
 *   (confer_render_get_bounds()) with %CONFER_RENDER_EXPORT_PADDING scene
 *   px around them (an empty board: a 20 px square at the origin)
 * @width: (out) (optional): the output's width: ⌈@area width × @scale⌉
 *   pixels (or points, for PDF and SVG)
 * @height: (out) (optional): the output's height, likewise
 *
 * What confer_render_export() draws, and at which size.
 */
void
confer_render_export_get_area (ConferBoard      *board,
                               double            scale,
                               ConferRenderArea *area,
                               int              *width,
                               int              *height)
{
  ConferRenderBox bounds;

  confer_render_get_bounds (board, &bounds);
  area->x = bounds.x - CONFER_RENDER_EXPORT_PADDING;
  area->y = bounds.y - CONFER_RENDER_EXPORT_PADDING;
  area->width = bounds.width + 2 * CONFER_RENDER_EXPORT_PADDING;
  area->height = bounds.height + 2 * CONFER_RENDER_EXPORT_PADDING;
  area->scale = scale;
  if (width != NULL)
    *width = (int) MIN (ceil (area->width * scale - 1e-6), G_MAXINT);
  if (height != NULL)
    *height = (int) MIN (ceil (area->height * scale - 1e-6), G_MAXINT);
}

typedef struct
{
  GOutputStream *stream;     /* or */
  GString       *buffer;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (sink->buffer != NULL)
    {
      g_string_append_len (sink->buffer, (const char *) data, length);
      return CAIRO_STATUS_SUCCESS;
    }
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo's status as an error, unless the stream already said why. */
static gboolean
check (cairo_status_t  status,
       Sink           *sink,
       GError        **error)
{
  if (sink->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sink->error));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CONFER_RENDER_ERROR, CONFER_RENDER_ERROR_FAILED,
                   "Cannot draw the board: %s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}


/* Paints @background and draws @elements of @area onto @surface. */
static void
draw_area (cairo_surface_t          *surface,
           ConferBoard              *board,
           GPtrArray                *elements,
           GHashTable               *images,
           const ConferRenderArea   *area,
           const ConferRenderColour *background)
{
  cairo_t *cr = cairo_create (surface);

  if (confer_render_colour_is_visible (background))
    {
      confer_render_colour_set_source (cr, background);
      cairo_paint (cr);
    }
  confer_render_board_elements (cr, board, elements, images, area);
  cairo_destroy (cr);
}

/* The whole area onto a vector surface. */
static void
draw (cairo_surface_t          *surface,
      ConferBoard              *board,
      GHashTable               *images,
      const ConferRenderArea   *area,
      const ConferRenderColour *background)
{
  g_autoptr(GPtrArray) elements = confer_board_list (board, FALSE);

  draw_area (surface, board, elements, images, area, background);
}

/* An image is drawn in bands of whole pixel rows, BANDS_PER_THREAD for
 * each processor's thread (at most MAX_THREADS), each band into its rows
 * of the image. A pixel's value depends only on the shapes over it, so the
 * image is the one drawn whole; most of the time goes to Cairo filling
 * shapes, which the threads share. The bands are cut where they hold equal
 * shares of the estimated cost (split_rows()), and each thread takes the
 * next band not taken, so a thread whose bands were cheaper than estimated
 * goes on with another's. More bands would balance better, but an element
 * across several bands has its outline made in each. */
#define MAX_THREADS      8
#define BANDS_PER_THREAD 2
#define MIN_BAND_ROWS    16
/* The estimated cost of an element on one row: crossing its edges, plus
 * filling its width, a pixel costing a 32nd of an edge; and of making its
 * outline, on its first row, as much as 32 rows. */
#define ROW_COST(width_px) (1 + (width_px) / 32)
#define ELEMENT_COST       32

typedef struct
{
  cairo_surface_t          *image;
  ConferBoard              *board;
  GPtrArray                *elements;
  GHashTable               *images;
  const ConferRenderArea   *area;
  const ConferRenderColour *background;
  const int                *tops;       /* each band's first row, then the height */
  guint                     n_bands;
  int                       next;       /* the next band not taken (atomic) */
} Bands;

/* Draws bands not taken by another thread until none is left. */
static gpointer
draw_bands (gpointer data)
{
  Bands *bands = data;
  int width = cairo_image_surface_get_width (bands->image);
  guint b;

  while ((b = (guint) g_atomic_int_add (&bands->next, 1)) < bands->n_bands)
    {
      const ConferRenderArea *area = bands->area;
      int top = bands->tops[b], rows = bands->tops[b + 1] - top;
      ConferRenderArea band = { area->x, area->y + top / area->scale, area->width, rows / area->scale, area->scale };
      cairo_surface_t *surface;

      if (rows == 0)
        continue;
      surface = cairo_surface_create_for_rectangle (bands->image, 0, top, width, rows);
      draw_area (surface, bands->board, bands->elements, bands->images, &band, bands->background);
      cairo_surface_destroy (surface);
    }
  return NULL;
}

/* Cuts the @height rows of @area into @n_bands bands of about equal
 * estimated cost (each element costs ROW_COST() on each row its bounds
 * cross, each row 1 more for its background), each at least MIN_BAND_ROWS
 * tall unless rows run out: @tops gets each band's first row, then
 * @height (@n_bands + 1 entries). */
static void
split_rows (ConferBoard            *board,
            GPtrArray              *elements,
            const ConferRenderArea *area,
            int                     height,
            guint                   n_bands,
            int                    *tops)
{
  g_autofree double *change = g_new0 (double, height + 1);
  double total = 0, cost = 0, on_row = 0;
  guint b = 1;

  for (guint i = 0; i < elements->len; i++)
    {
      ConferRenderBox box;
      double row_cost;
      int first, last;

      confer_render_element_get_bounds (board, g_ptr_array_index (elements, i), &box);
      first = (int) CLAMP (floor ((box.y - area->y) * area->scale), 0, height);
      last = (int) CLAMP (ceil ((box.y + box.height - area->y) * area->scale), 0, height);
      row_cost = ROW_COST (box.width * area->scale);
      change[first] += row_cost;
      change[last] -= row_cost;
      /* A one-row spike: in first's cost, out again at the next row. */
      change[first] += ELEMENT_COST;
      change[MIN (first + 1, height)] -= ELEMENT_COST;
    }
  for (int row = 0; row < height; row++)
    {
      on_row += change[row];
      total += 1 + on_row;
    }
  tops[0] = 0;
  on_row = 0;
  for (int row = 0; row < height && b < n_bands; row++)
    {
      on_row += change[row];
      cost += 1 + on_row;
      if (cost >= total * b / n_bands && row + 1 - tops[b - 1] >= MIN_BAND_ROWS)
        tops[b++] = row + 1;
    }
  while (b <= n_bands)
    tops[b++] = height;
}

static void
draw_in_bands (cairo_surface_t          *image,
               ConferBoard              *board,
               GHashTable               *images,
               const ConferRenderArea   *area,
               const ConferRenderColour *background)
{
  int height = cairo_image_surface_get_height (image);
  /* No more threads than bands of MIN_BAND_ROWS the image has room for. */
  guint n_threads = CLAMP (MIN (g_get_num_processors (), (guint) (height / MIN_BAND_ROWS)), 1, MAX_THREADS);
  g_autoptr(GPtrArray) elements = confer_board_list (board, FALSE);
  int tops[MAX_THREADS * BANDS_PER_THREAD + 1];
  Bands bands = { image, board, elements, images, area, background, tops, n_threads * BANDS_PER_THREAD, 0 };
  GThread *threads[MAX_THREADS] = { NULL };

  split_rows (board, elements, area, height, bands.n_bands, tops);
  /* This thread is one of them. */
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("confer-render-band", draw_bands, &bands);
  draw_bands (&bands);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  cairo_surface_flush (image);
}

/**
 * confer_render_export:
 * @board: a board
 * @images: (nullable) (element-type utf8 GBytes): the images' bytes by
 *   blob name; an image without bytes is a placeholder
 * @format: the file's format
 * @scale: output pixels (PNG) or points (SVG, PDF) per scene px, from
 *   %CONFER_RENDER_MIN_SCALE to %CONFER_RENDER_MAX_SCALE (2 for a 2×
 *   image)
 * @background: (nullable): a CSS colour painted under the board
 *   (`white`, `#ffffff`), or %NULL or `transparent` for none
 * @stream: where the file goes (left open)
 * @cancellable: (nullable): to stop writing
 * @error: return location for a #GError
 *
 * Writes every live element of @board, bottom to top, as drawn by
 * confer_render_board(), in the area confer_render_export_get_area()
 * gives: a PNG of ⌈width × @scale⌉ × ⌈height × @scale⌉ pixels (8-bit
 * RGBA), an SVG of that size in px (texts as text too), or a PDF of one
 * page that size in points (texts selectable).
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_RENDER_ERROR_INVALID (a
 *   bad scale or background), %CONFER_RENDER_ERROR_TOO_LARGE (a PNG over
 *   the limits), %CONFER_RENDER_ERROR_FAILED, or the stream's error
 */
gboolean
confer_render_export (ConferBoard         *board,
                      GHashTable          *images,
                      ConferExportFormat   format,
                      double               scale,
                      const char          *background,
                      GOutputStream       *stream,
                      GCancellable        *cancellable,
                      GError             **error)
{
  ConferRenderColour paper = { 0, 0, 0, 0 };
  ConferRenderArea area;
  Sink sink = { stream, NULL, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  int width, height;

  g_return_val_if_fail (board != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(scale >= CONFER_RENDER_MIN_SCALE && scale <= CONFER_RENDER_MAX_SCALE))
    {
      g_set_error (error, CONFER_RENDER_ERROR, CONFER_RENDER_ERROR_INVALID,
                   "The scale must be from %g to %g", CONFER_RENDER_MIN_SCALE, CONFER_RENDER_MAX_SCALE);
      return FALSE;
    }
  if (background != NULL && !confer_render_colour_parse (background, &paper))
    {
      g_set_error (error, CONFER_RENDER_ERROR, CONFER_RENDER_ERROR_INVALID,
                   "“%s” is not a CSS colour", background);
      return FALSE;
    }
  confer_render_export_get_area (board, scale, &area, &width, &height);
  width = MAX (width, 1);
  height = MAX (height, 1);

  switch (format)
    {
    case CONFER_EXPORT_FORMAT_PNG:
      if (width > CONFER_RENDER_MAX_IMAGE_SIDE || height > CONFER_RENDER_MAX_IMAGE_SIDE ||
          (double) width * height > CONFER_RENDER_MAX_IMAGE_PIXELS)
        {
          g_set_error (error, CONFER_RENDER_ERROR, CONFER_RENDER_ERROR_TOO_LARGE,
                       "The image would be %d × %d pixels, more than %d across or %d million in all: export at a smaller scale",
                       width, height, CONFER_RENDER_MAX_IMAGE_SIDE, CONFER_RENDER_MAX_IMAGE_PIXELS / (1024 * 1024));
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      if (!check (cairo_surface_status (surface), &sink, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      draw_in_bands (surface, board, images, &area, &paper);
      status = confer_render_png_write (surface, sink_write, &sink);
      cairo_surface_destroy (surface);
      return check (status, &sink, error);

    case CONFER_EXPORT_FORMAT_SVG:
      {
        g_autoptr(GString) svg = g_string_new (NULL);

        sink.buffer = svg;
        surface = cairo_svg_surface_create_for_stream (sink_write, &sink, width, height);
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
        draw (surface, board, images, &area, &paper);
        cairo_surface_finish (surface);
        status = cairo_surface_status (surface);
        cairo_surface_destroy (surface);
        if (!check (status, &sink, error))
          return FALSE;
        confer_render_svg_add_text (svg, board, &area);
        return g_output_stream_write_all (stream, svg->str, svg->len, NULL, cancellable, error);
      }

    case CONFER_EXPORT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Confer");
      draw (surface, board, images, &area, &paper);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      return check (status, &sink, error);

    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * confer_render_export_to_file:
 * @board: a board
 * @images: (nullable) (element-type utf8 GBytes): the images' bytes by
 *   blob name
 * @format: the file's format
 * @scale: output units per scene px (see confer_render_export())
 * @background: (nullable): a CSS colour under the board, or %NULL for
 *   none
 * @path: the file to write, replaced whole (written beside it and moved
 *   over it only once complete)
 * @error: return location for a #GError
 *
 * confer_render_export() into a file.
 *
 * Returns: %TRUE on success; %FALSE with confer_render_export()'s errors
 *   or the file's
 */
gboolean
confer_render_export_to_file (ConferBoard         *board,
                              GHashTable          *images,
                              ConferExportFormat   format,
                              double               scale,
                              const char          *background,
                              const char          *path,
                              GError             **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  if (!confer_render_export (board, images, format, scale, background, G_OUTPUT_STREAM (stream), NULL, error))
    {
      /* Cancelling the close leaves the old file (or none) in place. */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}
