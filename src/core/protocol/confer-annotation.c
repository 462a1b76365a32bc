/* confer-annotation.c: ink drawn over a shared screen — a stroke's
 * points on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-annotation"

#include "config.h"

#include <math.h>

#include "confer-annotation.h"
#include "confer-protocol.h"

/* Reads the point @node, [x, y, pressure], into @xyp; FALSE if it is not
 * three finite numbers in range. */
static gboolean
read_point (JsonNode *node,
            double    xyp[3])
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  static const double bounds[3] = { CONFER_ANNOTATION_MAX_COORDINATE, CONFER_ANNOTATION_MAX_COORDINATE, 1 };

  if (array == NULL || json_array_get_length (array) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_INT64 && json_node_get_value_type (element) != G_TYPE_DOUBLE))
        return FALSE;
      xyp[i] = json_node_get_double (element);
      if (!isfinite (xyp[i]) || xyp[i] < 0 || xyp[i] > bounds[i])
        return FALSE;
    }
  return TRUE;
}

/**
 * confer_annotation_read_stroke:
 * @node: (nullable): a message's `stroke` member: a list of points, each
 *   [x, y, pressure] — x and y in the shared screen's pixels from its top
 *   left corner, 0 to %CONFER_ANNOTATION_MAX_COORDINATE, pressure 0 to 1
 * @allow_empty: whether an empty list is a stroke (one being drawn that
 *   was given up)
 * @points: (out caller-allocates): an array of doubles the points are
 *   appended to, three per point; left as it was on failure
 * @error: return location for a #GError
 *
 * Reads a stroke as senders write it, checking everything before
 * anything is appended.
 *
 * Returns: %TRUE if @node is a stroke; %FALSE with
 *   %CONFER_PROTOCOL_ERROR_TOO_LARGE (more than
 *   %CONFER_ANNOTATION_MAX_POINTS points) or
 *   %CONFER_PROTOCOL_ERROR_BAD_MESSAGE (missing, not a list, empty when
 *   not allowed, a point that is not three numbers in range — NaN,
 *   infinities and negative coordinates included)
 */
gboolean
confer_annotation_read_stroke (JsonNode  *node,
                               gboolean   allow_empty,
                               GArray    *points,
                               GError   **error)
{
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n, start = points->len;

  g_return_val_if_fail (g_array_get_element_size (points) == sizeof (double), FALSE);

  if (array == NULL)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"stroke\" must be a list of [x, y, pressure] points");
      return FALSE;
    }
  n = json_array_get_length (array);
  if (n > CONFER_ANNOTATION_MAX_POINTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                   "A stroke has at most %d points, not %u", CONFER_ANNOTATION_MAX_POINTS, n);
      return FALSE;
    }
  if (n == 0 && !allow_empty)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "A finished stroke has at least one point");
      return FALSE;
    }
  g_array_set_size (points, start + 3 * n);
  for (guint i = 0; i < n; i++)
    if (!read_point (json_array_get_element (array, i), &g_array_index (points, double, start + 3 * i)))
      {
        g_array_set_size (points, start);
        g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                     "Point %u of the stroke is not [x, y, pressure] with x and y from 0 to %g screen px and a "
                     "pressure from 0 to 1", i + 1, CONFER_ANNOTATION_MAX_COORDINATE);
        return FALSE;
      }
  return TRUE;
}

/**
 * confer_annotation_stroke_json:
 * @points: (array length=n_points): x, y and pressure of each point, as
 *   confer_annotation_read_stroke() reads them
 * @n_points: how many points (not doubles)
 *
 * Returns: (transfer full): the stroke as the wire writes it, a list of
 *   [x, y, pressure]
 */
JsonArray *
confer_annotation_stroke_json (const double *points,
                               guint         n_points)
{
  JsonArray *array = json_array_sized_new (n_points);

  for (guint i = 0; i < n_points; i++)
    {
      JsonArray *point = json_array_sized_new (3);

      for (guint j = 0; j < 3; j++)
        json_array_add_double_element (point, points[3 * i + j]);
      json_array_add_array_element (array, point);
    }
  return array;
}
