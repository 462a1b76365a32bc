/* confer-render-rough.h: hand-sketched paths, seeded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to libconfer-render.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/**
 * ConferRough:
 * @state: the generator's state
 * @roughness: how far strokes stray, Excalidraw's `roughness` (0 crisp,
 *   1 artist, 2 cartoonist; up to 10)
 * @multi_stroke: draw each outline twice, as a pen does when sketching
 *
 * A seeded sketching pen: the same seed gives the same strokes on every
 * redraw and every machine (integer arithmetic only in the generator).
 */
typedef struct
{
  guint32  state;
  double   roughness;
  gboolean multi_stroke;
} ConferRough;

void   confer_rough_init          (ConferRough  *rough,
                                   guint32       seed,
                                   double        roughness,
                                   gboolean      multi_stroke);
double confer_rough_random        (ConferRough  *rough);
double confer_rough_adjust        (double        roughness,
                                   double        width,
                                   double        height,
                                   gboolean      linear);
void   confer_rough_line          (ConferRough  *rough,
                                   cairo_t      *cr,
                                   double        x1,
                                   double        y1,
                                   double        x2,
                                   double        y2);
void   confer_rough_polyline      (ConferRough  *rough,
                                   cairo_t      *cr,
                                   const double *xy,
                                   guint         n,
                                   gboolean      closed);
void   confer_rough_curve         (ConferRough  *rough,
                                   cairo_t      *cr,
                                   const double *xy,
                                   guint         n,
                                   gboolean      closed);
void   confer_rough_ellipse       (ConferRough  *rough,
                                   cairo_t      *cr,
                                   double        cx,
                                   double        cy,
                                   double        rx,
                                   double        ry);
void   confer_rough_ellipse_fill  (ConferRough  *rough,
                                   cairo_t      *cr,
                                   double        cx,
                                   double        cy,
                                   double        rx,
                                   double        ry);
void   confer_rough_polygon_fill  (ConferRough  *rough,
                                   cairo_t      *cr,
                                   const double *xy,
                                   guint         n);
void   confer_smooth_curve        (cairo_t      *cr,
                                   const double *xy,
                                   guint         n,
                                   gboolean      closed,
                                   gboolean      move);

G_END_DECLS
