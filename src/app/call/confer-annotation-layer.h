/* confer-annotation-layer.h: ink over a shared screen — everyone's
 * strokes drawn over a #ConferScreenView, the pen, and the sharer's
 * Clear Annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-net.h"
#include "confer-screen-view.h"

G_BEGIN_DECLS

/** CONFER_ANNOTATION_STROKE_WIDTH: the ink's `strokeWidth`, as a board's
 * freedraw element's (Excalidraw's "extra bold": a marker's line, about
 * 17 px wide on the shared screen, still seen on a small preview of it) */
#define CONFER_ANNOTATION_STROKE_WIDTH 4.0

#define CONFER_TYPE_ANNOTATION_LAYER (confer_annotation_layer_get_type ())

G_DECLARE_FINAL_TYPE (ConferAnnotationLayer, confer_annotation_layer, CONFER, ANNOTATION_LAYER, GtkWidget)

GtkWidget  *confer_annotation_layer_new        (ConferScreenView      *view);
void        confer_annotation_layer_set_client (ConferAnnotationLayer *self,
                                                ConferClient          *client);
void        confer_annotation_layer_set_screen (ConferAnnotationLayer *self,
                                                const char            *screen);
const char *confer_annotation_layer_get_screen (ConferAnnotationLayer *self);

G_END_DECLS
