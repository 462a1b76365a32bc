/* confer-annotation.h: ink drawn over a shared screen — a stroke's
 * points on the wire, and the limits of a share's annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/** CONFER_ANNOTATION_MAX_POINTS: the most points one stroke has (a
 * 30-second stroke of a 60 Hz pointer is 1,800) */
#define CONFER_ANNOTATION_MAX_POINTS       2000
/** CONFER_ANNOTATION_MAX_STROKES: finished strokes one share keeps */
#define CONFER_ANNOTATION_MAX_STROKES      1000
/** CONFER_ANNOTATION_MAX_SHARE_POINTS: the points of all the finished
 * strokes one share keeps (24 bytes each in conferd: 2.4 MB a share) */
#define CONFER_ANNOTATION_MAX_SHARE_POINTS 100000
/** CONFER_ANNOTATION_MAX_COORDINATE: the largest coordinate of a point,
 * shared-screen px (an 8K screen; Confer sends at most 1920 × 1080) */
#define CONFER_ANNOTATION_MAX_COORDINATE   8192.0
/** CONFER_ANNOTATION_DRAW_INTERVAL_MS: strokes being drawn are relayed
 * at most this often per member, ms (as board presence) */
#define CONFER_ANNOTATION_DRAW_INTERVAL_MS 25

gboolean   confer_annotation_read_stroke  (JsonNode      *node,
                                           gboolean       allow_empty,
                                           GArray        *points,
                                           GError       **error);
JsonArray *confer_annotation_stroke_json  (const double  *points,
                                           guint          n_points);

G_END_DECLS
