/* confer-client-annotations.h: ink drawn over the call's shared screens,
 * as a client sees and sends it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"

G_BEGIN_DECLS

/**
 * ConferAnnotation:
 * @id: (nullable): the server's id of a finished stroke; %NULL for one
 *   being drawn
 * @member: the author's call member id
 * @participant: the author's participant id (their colour)
 * @points: (element-type double): x, y and pressure of each point, three
 *   doubles a point; x and y in the shared screen's pixels from its top
 *   left corner, pressure 0–1
 *
 * One stroke over a shared screen.
 */
typedef struct
{
  char   *id;
  char   *member;
  char   *participant;
  GArray *points;
} ConferAnnotation;

#define CONFER_TYPE_CLIENT_ANNOTATIONS (confer_client_annotations_get_type ())

G_DECLARE_FINAL_TYPE (ConferClientAnnotations, confer_client_annotations, CONFER, CLIENT_ANNOTATIONS, GObject)

GPtrArray *confer_client_annotations_list         (ConferClientAnnotations *self,
                                                   const char              *screen);
void       confer_client_annotations_draw         (ConferClientAnnotations *self,
                                                   const char              *screen,
                                                   const double            *points,
                                                   guint                    n_points);
void       confer_client_annotations_add_async    (ConferClientAnnotations *self,
                                                   const char              *screen,
                                                   const double            *points,
                                                   guint                    n_points,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean   confer_client_annotations_add_finish   (ConferClientAnnotations *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);
void       confer_client_annotations_clear_async  (ConferClientAnnotations *self,
                                                   const char              *screen,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean   confer_client_annotations_clear_finish (ConferClientAnnotations *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);

G_END_DECLS
