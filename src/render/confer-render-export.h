/* confer-render-export.h: a board as a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-render-board.h"

G_BEGIN_DECLS

/**
 * ConferExportFormat:
 * @CONFER_EXPORT_FORMAT_PNG: a PNG image (Cairo's image surface)
 * @CONFER_EXPORT_FORMAT_SVG: an SVG drawing (Cairo's SVG surface; the
 *   texts are in it too, as invisible `<text>` over their glyphs)
 * @CONFER_EXPORT_FORMAT_PDF: a one-page PDF (Cairo's PDF surface)
 *
 * The files a board exports to.
 */
typedef enum
{
  CONFER_EXPORT_FORMAT_PNG,
  CONFER_EXPORT_FORMAT_SVG,
  CONFER_EXPORT_FORMAT_PDF,
} ConferExportFormat;

/**
 * CONFER_RENDER_ERROR:
 *
 * The error domain of libconfer-render.
 */
#define CONFER_RENDER_ERROR (confer_render_error_quark ())

/**
 * ConferRenderError:
 * @CONFER_RENDER_ERROR_FAILED: Cairo could not draw or write the file
 *   (the message says why: out of memory, a write error…)
 * @CONFER_RENDER_ERROR_TOO_LARGE: the image would be larger than
 *   %CONFER_RENDER_MAX_IMAGE_SIDE pixels across or
 *   %CONFER_RENDER_MAX_IMAGE_PIXELS in all
 * @CONFER_RENDER_ERROR_INVALID: a background that is not a CSS colour, a
 *   scale that is not a positive number
 *
 * Why an export failed.
 */
typedef enum
{
  CONFER_RENDER_ERROR_FAILED,
  CONFER_RENDER_ERROR_TOO_LARGE,
  CONFER_RENDER_ERROR_INVALID,
} ConferRenderError;

/* Scene px left around the elements, as Excalidraw's exportPadding. */
#define CONFER_RENDER_EXPORT_PADDING   10.0
/* Cairo's image surfaces stop at 32767 px a side; 64 Mpx is 256 MB. */
#define CONFER_RENDER_MAX_IMAGE_SIDE   32767
#define CONFER_RENDER_MAX_IMAGE_PIXELS (64 * 1024 * 1024)
/* Scales a user may ask for. */
#define CONFER_RENDER_MIN_SCALE        0.01
#define CONFER_RENDER_MAX_SCALE        64.0

GQuark      confer_render_error_quark      (void);
gboolean    confer_export_format_from_name (const char         *name,
                                            ConferExportFormat *format);
const char *confer_export_format_name      (ConferExportFormat  format);
void        confer_render_export_get_area  (ConferBoard        *board,
                                            double              scale,
                                            ConferRenderArea   *area,
                                            int                *width,
                                            int                *height);
gboolean    confer_render_export           (ConferBoard        *board,
                                            GHashTable         *images,
                                            ConferExportFormat  format,
                                            double              scale,
                                            const char         *background,
                                            GOutputStream      *stream,
                                            GCancellable       *cancellable,
                                            GError            **error);
gboolean    confer_render_export_to_file   (ConferBoard        *board,
                                            GHashTable         *images,
                                            ConferExportFormat  format,
                                            double              scale,
                                            const char         *background,
                                            const char         *path,
                                            GError            **error);

G_END_DECLS
