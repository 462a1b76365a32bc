/* confer-board-edit.c: the whiteboard's editing commands, as transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command reads the board, works on private copies of the elements
 * it changes, and returns one transaction that sets only the properties
 * whose values changed (or %NULL when none did). Nothing here changes the
 * board: the caller applies the transaction through its client, so it is
 * sent, rebased and undone like any other.
 *
 * The behaviour follows Excalidraw's where it has one (packages/element/
 * src/ of @excalidraw/excalidraw 0.18: selection of whole groups, bound
 * texts and frame children; arrows that follow the shapes they are bound
 * to; duplicates with fresh ids, seeds and groups; one-step restacking past
 * the next element), written from its behaviour, not its code. Arrow ends
 * follow a shape along the line towards its centre (a binding's `focus` is
 * kept but read as 0), a simpler rule than Excalidraw's focus points.
 */
#define G_LOG_DOMAIN "confer-board-edit"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-board-edit.h"
#include "confer-fractional-index.h"
#include "confer-freehand.h"

/* Geometry */

static inline double
number (const ConferBoardElement *element,
        ConferBoardProp           prop)
{
  return confer_board_element_get_number (element, prop);
}

static inline gboolean
is_pointed (const ConferBoardElement *element)
{
  return element->type == CONFER_BOARD_ELEMENT_LINE || element->type == CONFER_BOARD_ELEMENT_ARROW ||
         element->type == CONFER_BOARD_ELEMENT_FREEDRAW;
}

/* The shapes an arrow may bind to. */
static inline gboolean
is_bindable (const ConferBoardElement *element)
{
  switch (element->type)
    {
    case CONFER_BOARD_ELEMENT_RECTANGLE:
    case CONFER_BOARD_ELEMENT_ELLIPSE:
    case CONFER_BOARD_ELEMENT_DIAMOND:
    case CONFER_BOARD_ELEMENT_TEXT:
    case CONFER_BOARD_ELEMENT_STICKY_NOTE:
    case CONFER_BOARD_ELEMENT_IMAGE:
      return TRUE;
    default:
      return FALSE;
    }
}

static inline double
clamp_coordinate (double v)
{
  return CLAMP (v, -CONFER_BOARD_MAX_COORDINATE, CONFER_BOARD_MAX_COORDINATE);
}

/* An angle in [0, 2π), as Excalidraw keeps them. */
static double
normalize_angle (double angle)
{
  angle = fmod (angle, 2 * G_PI);
  return angle < 0 ? angle + 2 * G_PI : angle;
}

static inline void
turn (double  x,
      double  y,
      double  cx,
      double  cy,
      double  c,
      double  s,
      double *out_x,
      double *out_y)
{
  *out_x = cx + (x - cx) * c - (y - cy) * s;
  *out_y = cy + (x - cx) * s + (y - cy) * c;
}

static const double *
get_points (const ConferBoardElement *element,
            guint                    *n)
{
  const ConferBoardValue *points = confer_board_element_get (element, CONFER_BOARD_PROP_POINTS);

  if (points->kind == CONFER_BOARD_VALUE_DOUBLES && points->doubles != NULL)
    {
      *n = points->doubles->n / 2;
      return points->doubles->values;
    }
  *n = 0;
  return NULL;
}

/**
 * confer_board_element_get_box:
 * @element: an element
 * @box: (out caller-allocates): its box, scene px
 *
 * The element's box before its `angle` turns it: its x, y, width and
 * height with negative sizes made positive, or for lines, arrows and
 * strokes the extent of its points offset by its x and y (as Excalidraw's
 * getElementAbsoluteCoords() measures them). Its centre is what the
 * element turns about.
 */
void
confer_board_element_get_box (const ConferBoardElement *element,
                              ConferBoardBox           *box)
{
  double x = number (element, CONFER_BOARD_PROP_X);
  double y = number (element, CONFER_BOARD_PROP_Y);

  g_return_if_fail (element != NULL && box != NULL);

  if (is_pointed (element))
    {
      guint n;
      const double *xy = get_points (element, &n);
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

      for (guint i = 0; i < n; i++)
        {
          if (i == 0 || xy[2 * i] < x0) x0 = xy[2 * i];
          if (i == 0 || xy[2 * i] > x1) x1 = xy[2 * i];
          if (i == 0 || xy[2 * i + 1] < y0) y0 = xy[2 * i + 1];
          if (i == 0 || xy[2 * i + 1] > y1) y1 = xy[2 * i + 1];
        }
      *box = (ConferBoardBox) { x + x0, y + y0, x1 - x0, y1 - y0 };
      return;
    }

  *box = (ConferBoardBox) { x, y, number (element, CONFER_BOARD_PROP_WIDTH), number (element, CONFER_BOARD_PROP_HEIGHT) };
  if (box->width < 0)
    {
      box->x += box->width;
      box->width = -box->width;
    }
  if (box->height < 0)
    {
      box->y += box->height;
      box->height = -box->height;
    }
}

static void
box_centre (const ConferBoardBox *box,
            double               *cx,
            double               *cy)
{
  *cx = box->x + box->width / 2;
  *cy = box->y + box->height / 2;
}

static void
box_add_point (ConferBoardBox *box,
               gboolean       *empty,
               double          x,
               double          y)
{
  if (*empty)
    {
      *box = (ConferBoardBox) { x, y, 0, 0 };
      *empty = FALSE;
      return;
    }
  if (x < box->x)
    {
      box->width += box->x - x;
      box->x = x;
    }
  else if (x > box->x + box->width)
    box->width = x - box->x;
  if (y < box->y)
    {
      box->height += box->y - y;
      box->y = y;
    }
  else if (y > box->y + box->height)
    box->height = y - box->y;
}

static void
box_add_box (ConferBoardBox       *box,
             gboolean             *empty,
             const ConferBoardBox *other)
{
  box_add_point (box, empty, other->x, other->y);
  box_add_point (box, empty, other->x + other->width, other->y + other->height);
}

/* An element's points in scene px, turned by its angle (g_free()). */
static double *
absolute_points (const ConferBoardElement *element,
                 guint                    *n)
{
  const double *xy = get_points (element, n);
  double x = number (element, CONFER_BOARD_PROP_X);
  double y = number (element, CONFER_BOARD_PROP_Y);
  double angle = number (element, CONFER_BOARD_PROP_ANGLE);
  double *out = g_new (double, 2 * MAX (*n, 1));
  double c = cos (angle), s = sin (angle), cx, cy;
  ConferBoardBox box;

  confer_board_element_get_box (element, &box);
  box_centre (&box, &cx, &cy);
  for (guint i = 0; i < *n; i++)
    {
      if (angle != 0)
        turn (x + xy[2 * i], y + xy[2 * i + 1], cx, cy, c, s, &out[2 * i], &out[2 * i + 1]);
      else
        {
          out[2 * i] = x + xy[2 * i];
          out[2 * i + 1] = y + xy[2 * i + 1];
        }
    }
  return out;
}

/* Sets a line's, arrow's or stroke's geometry from points in scene px:
 * the first point becomes its x and y, the others are relative to it, and
 * its angle is 0 (any turn is in the points). */
static void
set_absolute_points (ConferBoardElement *element,
                     const double       *xy,
                     guint               n)
{
  g_autofree double *relative = g_new (double, 2 * MAX (n, 1));
  ConferBoardValue points = { .kind = CONFER_BOARD_VALUE_DOUBLES };
  double x = clamp_coordinate (xy[0]), y = clamp_coordinate (xy[1]);
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  for (guint i = 0; i < n; i++)
    {
      double px = clamp_coordinate (xy[2 * i] - x);
      double py = clamp_coordinate (xy[2 * i + 1] - y);

      relative[2 * i] = px;
      relative[2 * i + 1] = py;
      x0 = MIN (x0, px);
      x1 = MAX (x1, px);
      y0 = MIN (y0, py);
      y1 = MAX (y1, py);
    }
  points.doubles = confer_board_doubles_new (relative, 2 * n);
  confer_board_element_take (element, CONFER_BOARD_PROP_POINTS, &points);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_X, x);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, y);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, clamp_coordinate (x1 - x0));
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, clamp_coordinate (y1 - y0));
  confer_board_element_set_number (element, CONFER_BOARD_PROP_ANGLE, 0);
}

/**
 * confer_board_element_get_rotated_box:
 * @element: an element
 * @box: (out caller-allocates): the axis-aligned box around it as its
 *   `angle` turns it, scene px
 *
 * The box around the element as drawn, without its stroke's width: the
 * turned corners of confer_board_element_get_box(), the turned points of
 * a line, arrow or stroke, or the exact extent of a turned ellipse.
 */
void
confer_board_element_get_rotated_box (const ConferBoardElement *element,
                                      ConferBoardBox           *box)
{
  double angle = number (element, CONFER_BOARD_PROP_ANGLE);
  double c = cos (angle), s = sin (angle), cx, cy;
  ConferBoardBox unturned;
  gboolean empty = TRUE;

  g_return_if_fail (element != NULL && box != NULL);

  confer_board_element_get_box (element, &unturned);
  if (angle == 0)
    {
      *box = unturned;
      return;
    }
  box_centre (&unturned, &cx, &cy);
  if (is_pointed (element))
    {
      guint n;
      g_autofree double *xy = absolute_points (element, &n);

      for (guint i = 0; i < n; i++)
        box_add_point (box, &empty, xy[2 * i], xy[2 * i + 1]);
      if (empty)
        *box = unturned;
      return;
    }
  if (element->type == CONFER_BOARD_ELEMENT_ELLIPSE)
    {
      double a = unturned.width / 2, b = unturned.height / 2;
      double hx = sqrt (a * a * c * c + b * b * s * s);
      double hy = sqrt (a * a * s * s + b * b * c * c);

      *box = (ConferBoardBox) { cx - hx, cy - hy, 2 * hx, 2 * hy };
      return;
    }
  for (int i = 0; i < 4; i++)
    {
      double px, py;

      turn (i & 1 ? unturned.x + unturned.width : unturned.x, i & 2 ? unturned.y + unturned.height : unturned.y,
            cx, cy, c, s, &px, &py);
      box_add_point (box, &empty, px, py);
    }
}

/* Hit testing */

static double
segment_distance (double px,
                  double py,
                  double ax,
                  double ay,
                  double bx,
                  double by)
{
  double dx = bx - ax, dy = by - ay;
  double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / length2, 0, 1) : 0;

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

/* The distance from a point to the nearest point of an ellipse's outline,
 * semi-axes @a and @b, point relative to its centre and folded into the
 * first quadrant: Newton's method on the angle parameter of the nearest
 * point, from the point's own direction. */
static double
ellipse_distance (double a,
                  double b,
                  double px,
                  double py)
{
  double t = atan2 (a * py, b * px);

  if (a <= 0 || b <= 0)
    return segment_distance (px, py, 0, 0, a, b);
  for (int i = 0; i < 12; i++)
    {
      double c = cos (t), s = sin (t);
      double g = (b * b - a * a) * s * c + a * px * s - b * py * c;
      double dg = (b * b - a * a) * (c * c - s * s) + a * px * c + b * py * s;

      if (dg == 0)
        break;
      t = CLAMP (t - g / dg, 0, G_PI / 2);
    }
  return hypot (px - a * cos (t), py - b * sin (t));
}

/* How far a point is from a shape's outline, and whether it is inside;
 * the point in the shape's own frame (its angle undone). Boxes of every
 * type but ellipses and diamonds are rectangles here. */
static double
outline_distance (ConferBoardElementType  type,
                  const ConferBoardBox   *box,
                  double                  x,
                  double                  y,
                  gboolean               *inside)
{
  double hw = box->width / 2, hh = box->height / 2;
  double px = fabs (x - (box->x + hw)), py = fabs (y - (box->y + hh));

  switch (type)
    {
    case CONFER_BOARD_ELEMENT_ELLIPSE:
      *inside = hw > 0 && hh > 0 && (px / hw) * (px / hw) + (py / hh) * (py / hh) <= 1;
      return ellipse_distance (hw, hh, px, py);
    case CONFER_BOARD_ELEMENT_DIAMOND:
      *inside = hw > 0 && hh > 0 && px / hw + py / hh <= 1;
      return segment_distance (px, py, hw, 0, 0, hh);
    default:
      *inside = px <= hw && py <= hh;
      if (*inside)
        return MIN (hw - px, hh - py);
      return hypot (MAX (px - hw, 0), MAX (py - hh, 0));
    }
}

/* Undoes @element's turn on a scene point. A text bound in a container
 * turns with it, about the container's centre. */
static void
to_own_frame (ConferBoard              *board,
              const ConferBoardElement *element,
              double                    x,
              double                    y,
              double                   *out_x,
              double                   *out_y)
{
  const ConferBoardElement *turner = element;
  const char *container_id = confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID);
  double angle, cx, cy;
  ConferBoardBox box;

  if (element->type == CONFER_BOARD_ELEMENT_TEXT && container_id != NULL && board != NULL)
    {
      const ConferBoardElement *container = confer_board_lookup (board, container_id);

      if (container != NULL && !container->deleted)
        turner = container;
    }
  angle = number (turner, CONFER_BOARD_PROP_ANGLE);
  confer_board_element_get_box (turner, &box);
  box_centre (&box, &cx, &cy);
  turn (x, y, cx, cy, cos (-angle), sin (-angle), out_x, out_y);
}

static gboolean
is_filled (const ConferBoardElement *element)
{
  return g_strcmp0 (confer_board_element_get_string (element, CONFER_BOARD_PROP_BACKGROUND_COLOR), "transparent") != 0;
}

/* Even-odd rule over the closed polygon of @n points. */
static gboolean
polygon_contains (const double *xy,
                  guint         n,
                  double        x,
                  double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    if ((xy[2 * i + 1] > y) != (xy[2 * j + 1] > y) &&
        x < xy[2 * i] + (y - xy[2 * i + 1]) * (xy[2 * j] - xy[2 * i]) / (xy[2 * j + 1] - xy[2 * i + 1]))
      inside = !inside;
  return inside;
}

static gboolean
hit_pointed (const ConferBoardElement *element,
             double                    x,
             double                    y,
             double                    tolerance)
{
  guint n;
  const double *xy = get_points (element, &n);
  double reach = tolerance + MAX (number (element, CONFER_BOARD_PROP_STROKE_WIDTH), 0) / 2;
  double lx = x - number (element, CONFER_BOARD_PROP_X);
  double ly = y - number (element, CONFER_BOARD_PROP_Y);

  if (n == 0)
    return FALSE;
  if (element->type == CONFER_BOARD_ELEMENT_FREEDRAW)
    {
      ConferFreehandOptions options;

      confer_freehand_options_for_element (&options, MAX (number (element, CONFER_BOARD_PROP_STROKE_WIDTH), 0.1), TRUE);
      reach = tolerance + options.size / 2;
    }
  if (n == 1)
    return hypot (lx - xy[0], ly - xy[1]) <= reach;
  for (guint i = 0; i + 1 < n; i++)
    if (segment_distance (lx, ly, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]) <= reach)
      return TRUE;
  return element->type == CONFER_BOARD_ELEMENT_LINE && n > 2 && is_filled (element) &&
         confer_board_element_get (element, CONFER_BOARD_PROP_POLYGON)->boolean &&
         polygon_contains (xy, n, lx, ly);
}

/**
 * confer_board_element_hit:
 * @board: (nullable): the board @element is on, which says how a bound
 *   text turns (with its container)
 * @element: an element
 * @x: a scene x, px
 * @y: a scene y, px
 * @tolerance: how far from a line or outline still counts, scene px, ≥ 0
 *   (a few screen pixels divided by the zoom)
 *
 * Whether a pointer at @x, @y picks @element, its `angle` undone first.
 * Rectangles, ellipses and diamonds are picked inside when they have a
 * background and near their outline (within @tolerance plus half the
 * stroke's width) otherwise; texts, sticky notes and images anywhere
 * inside their box grown by @tolerance; frames only by their name above
 * the top edge (%CONFER_BOARD_FRAME_TITLE_HEIGHT) and their border, so
 * what is inside them can be picked; lines, arrows and strokes near the
 * polyline through their points (a stroke's width is its ink's, 4.25 ×
 * `strokeWidth`), and a filled closed line inside too. Deleted elements
 * are never picked.
 *
 * Returns: %TRUE if the point picks @element
 */
gboolean
confer_board_element_hit (ConferBoard              *board,
                          const ConferBoardElement *element,
                          double                    x,
                          double                    y,
                          double                    tolerance)
{
  double half_stroke, lx, ly, d;
  ConferBoardBox box;
  gboolean inside;

  g_return_val_if_fail (element != NULL, FALSE);

  if (element->deleted)
    return FALSE;
  half_stroke = MAX (number (element, CONFER_BOARD_PROP_STROKE_WIDTH), 0) / 2;
  to_own_frame (board, element, x, y, &lx, &ly);
  if (is_pointed (element))
    return hit_pointed (element, lx, ly, tolerance);

  confer_board_element_get_box (element, &box);
  switch (element->type)
    {
    case CONFER_BOARD_ELEMENT_RECTANGLE:
    case CONFER_BOARD_ELEMENT_ELLIPSE:
    case CONFER_BOARD_ELEMENT_DIAMOND:
      d = outline_distance (element->type, &box, lx, ly, &inside);
      return (inside && is_filled (element)) || d <= tolerance + half_stroke;
    case CONFER_BOARD_ELEMENT_FRAME:
      if (lx >= box.x - tolerance && lx <= box.x + box.width + tolerance &&
          ly >= box.y - CONFER_BOARD_FRAME_TITLE_HEIGHT - tolerance && ly <= box.y)
        return TRUE;
      return outline_distance (element->type, &box, lx, ly, &inside) <= tolerance + half_stroke;
    default:
      return lx >= box.x - tolerance && lx <= box.x + box.width + tolerance &&
             ly >= box.y - tolerance && ly <= box.y + box.height + tolerance;
    }
}

/* JSON values */

static JsonArray *
json_array_of (const ConferBoardElement *element,
               ConferBoardProp           prop)
{
  const ConferBoardValue *value = confer_board_element_get (element, prop);

  if (value->kind != CONFER_BOARD_VALUE_JSON || !JSON_NODE_HOLDS_ARRAY (value->json))
    return NULL;
  return json_node_get_array (value->json);
}

/* The outermost group of an element (the last of its groupIds). */
static const char *
outermost_group (const ConferBoardElement *element)
{
  JsonArray *groups = json_array_of (element, CONFER_BOARD_PROP_GROUP_IDS);
  guint n = groups != NULL ? json_array_get_length (groups) : 0;

  return n > 0 ? json_array_get_string_element (groups, n - 1) : NULL;
}

static gboolean
in_any_group (const ConferBoardElement *element,
              GHashTable               *groups)
{
  JsonArray *ids = json_array_of (element, CONFER_BOARD_PROP_GROUP_IDS);

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    if (g_hash_table_contains (groups, json_array_get_string_element (ids, i)))
      return TRUE;
  return FALSE;
}

/* The id a start or end binding names, and its gap. */
static const char *
binding_target (const ConferBoardElement *arrow,
                ConferBoardProp           prop,
                double                   *gap)
{
  const ConferBoardValue *value = confer_board_element_get (arrow, prop);
  JsonObject *binding;

  if (value->kind != CONFER_BOARD_VALUE_JSON || !JSON_NODE_HOLDS_OBJECT (value->json))
    return NULL;
  binding = json_node_get_object (value->json);
  if (gap != NULL)
    *gap = json_object_has_member (binding, "gap") ? json_object_get_double_member (binding, "gap") : 0;
  return json_object_get_string_member (binding, "elementId");
}

/* Sets a JSON property; %NULL sets JSON null. */
static void
take_json (ConferBoardElement *element,
           ConferBoardProp     prop,
           JsonNode           *node)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NULL };

  if (node != NULL)
    confer_board_value_take_json (&value, node);
  confer_board_element_take (element, prop, &value);
}

static JsonNode *
binding_new (const char *element_id,
             double      gap)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "elementId");
  json_builder_add_string_value (builder, element_id);
  json_builder_set_member_name (builder, "focus");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "gap");
  json_builder_add_double_value (builder, gap);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* Selections */

typedef enum
{
  EXPAND_GROUPS         = 1 << 0,   /* every member of their outermost groups */
  EXPAND_BOUND_TEXT     = 1 << 1,   /* the texts bound in containers */
  EXPAND_FRAME_CHILDREN = 1 << 2,   /* the children of frames */
  EXPAND_ALL            = 7,
  SKIP_LOCKED           = 1 << 3,   /* leave locked elements out */
} Expand;

/* The live elements named and those @how adds, bottom to top (a
 * reference each). */
/* Whether @element can take others along as @how says: it is in a group,
 * holds a bound element (its text), or is a frame. */
static gboolean
takes_others (const ConferBoardElement *element,
              Expand                    how)
{
  return ((how & EXPAND_GROUPS) && outermost_group (element) != NULL) ||
         ((how & EXPAND_BOUND_TEXT) && confer_board_element_get (element, CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind == CONFER_BOARD_VALUE_JSON) ||
         ((how & EXPAND_FRAME_CHILDREN) && element->type == CONFER_BOARD_ELEMENT_FRAME);
}

static GPtrArray *
expand (ConferBoard       *board,
        const char *const *ids,
        Expand             how)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *selection = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_element_unref);
  gboolean grew = TRUE, scan = FALSE;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      ConferBoardElement *element = confer_board_lookup (board, ids[i]);

      if (element != NULL && !element->deleted && !g_hash_table_contains (chosen, element->id))
        {
          g_hash_table_add (chosen, element->id);
          g_ptr_array_add (selection, confer_board_element_ref (element));
          scan |= takes_others (element, how);
        }
    }
  /* What takes nothing along needs no look at the rest of the board (a
   * drag edits at every motion, on boards of 100,000 elements). */
  if (!scan)
    {
      for (guint i = selection->len; i > 0; i--)
        if ((how & SKIP_LOCKED) && confer_board_element_get (selection->pdata[i - 1], CONFER_BOARD_PROP_LOCKED)->boolean)
          g_ptr_array_remove_index (selection, i - 1);
      confer_board_sort (selection);
      return selection;
    }
  g_ptr_array_set_size (selection, 0);
  all = confer_board_list (board, FALSE);
  while (grew && (how & EXPAND_ALL) != 0)
    {
      grew = FALSE;
      if (how & EXPAND_GROUPS)
        for (guint i = 0; i < all->len; i++)
          {
            const ConferBoardElement *element = all->pdata[i];
            const char *group = outermost_group (element);

            if (group != NULL && g_hash_table_contains (chosen, element->id))
              g_hash_table_add (groups, (char *) group);
          }
      for (guint i = 0; i < all->len; i++)
        {
          const ConferBoardElement *element = all->pdata[i];
          const char *container = confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID);
          const char *frame = confer_board_element_get_string (element, CONFER_BOARD_PROP_FRAME_ID);

          if (g_hash_table_contains (chosen, element->id))
            continue;
          if (((how & EXPAND_GROUPS) && in_any_group (element, groups)) ||
              ((how & EXPAND_BOUND_TEXT) && element->type == CONFER_BOARD_ELEMENT_TEXT && container != NULL &&
               g_hash_table_contains (chosen, container)) ||
              ((how & EXPAND_FRAME_CHILDREN) && frame != NULL && g_hash_table_contains (chosen, frame)))
            {
              g_hash_table_add (chosen, element->id);
              grew = TRUE;
            }
        }
    }
  for (guint i = 0; i < all->len; i++)
    {
      ConferBoardElement *element = all->pdata[i];

      if (g_hash_table_contains (chosen, element->id) &&
          !((how & SKIP_LOCKED) && confer_board_element_get (element, CONFER_BOARD_PROP_LOCKED)->boolean))
        g_ptr_array_add (selection, confer_board_element_ref (element));
    }
  return selection;
}

/**
 * confer_board_expand_selection:
 * @board: a board
 * @ids: (array zero-terminated=1) (nullable): ids of selected elements
 *
 * What a selection of @ids takes along, as Excalidraw selects: the live
 * elements among @ids, every member of their outermost groups, the texts
 * bound in containers among them and the children of frames among them,
 * and so on until nothing more joins. The editing commands expand their
 * ids the same way (some without frame children: see each), so a caller
 * may pass either the ids the user picked or this expansion.
 *
 * Returns: (transfer full) (element-type utf8): the ids, copied, bottom
 *   to top in z-order
 */
GPtrArray *
confer_board_expand_selection (ConferBoard       *board,
                               const char *const *ids)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL);
  GPtrArray *out = g_ptr_array_new_full (selection->len, g_free);

  for (guint i = 0; i < selection->len; i++)
    g_ptr_array_add (out, g_strdup (((ConferBoardElement *) selection->pdata[i])->id));
  return out;
}

/**
 * confer_board_copy_selection:
 * @board: a board
 * @ids: (array zero-terminated=1): ids of selected elements
 *
 * A new board holding copies of what a selection of @ids takes along
 * (confer_board_expand_selection()): for the clipboard, and for exporting
 * the selection. The copies share only their heap values with @board's
 * elements, as confer_board_copy() makes them, so the new board may go to
 * another thread the same way.
 *
 * Returns: (transfer full): the board
 */
ConferBoard *
confer_board_copy_selection (ConferBoard       *board,
                             const char *const *ids)
{
  ConferBoard *copy = confer_board_new ();
  g_autoptr(GPtrArray) expanded = confer_board_expand_selection (board, ids);

  for (guint i = 0; i < expanded->len; i++)
    {
      const ConferBoardElement *element = confer_board_lookup (board, g_ptr_array_index (expanded, i));
      g_autoptr(ConferBoardElement) element_copy = NULL;

      if (element == NULL || element->deleted)
        continue;
      element_copy = confer_board_element_copy (element);
      confer_board_put (copy, element_copy);
    }
  return copy;
}

static GHashTable *
id_set (GPtrArray *elements)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < elements->len; i++)
    g_hash_table_add (set, ((ConferBoardElement *) elements->pdata[i])->id);
  return set;
}

/* Edits: private copies of the elements a command changes */

typedef struct
{
  ConferBoard   *board;
  GHashTable    *copies;   /* id -> ConferBoardElement only the edit holds */
  GPtrArray     *order;    /* the copies, in the order they were made */
  ConferBoardTx *tx;       /* adds, deletes and reorders the command made */
} Edit;

static void
edit_init (Edit        *edit,
           ConferBoard *board)
{
  edit->board = board;
  edit->copies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) confer_board_element_unref);
  edit->order = g_ptr_array_new ();
  edit->tx = confer_board_tx_new ();
}

static void
edit_clear (Edit *edit)
{
  g_clear_pointer (&edit->order, g_ptr_array_unref);
  g_clear_pointer (&edit->copies, g_hash_table_unref);
  g_clear_pointer (&edit->tx, confer_board_tx_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edit, edit_clear)

/* An element as the edit has it so far, or %NULL if it is not live. */
static const ConferBoardElement *
edit_get (Edit       *edit,
          const char *id)
{
  const ConferBoardElement *element = g_hash_table_lookup (edit->copies, id);

  if (element == NULL)
    element = confer_board_lookup (edit->board, id);
  return element != NULL && !element->deleted ? element : NULL;
}

/* The edit's own copy of a live element, to change; %NULL if not live. */
static ConferBoardElement *
edit_change (Edit       *edit,
             const char *id)
{
  ConferBoardElement *copy = g_hash_table_lookup (edit->copies, id);
  ConferBoardElement *element;

  if (copy != NULL)
    return copy;
  element = confer_board_lookup (edit->board, id);
  if (element == NULL || element->deleted)
    return NULL;
  copy = confer_board_element_copy (element);
  g_hash_table_insert (edit->copies, copy->id, copy);
  g_ptr_array_add (edit->order, copy);
  return copy;
}

/* The transaction: the edit's operations, then an update of every
 * property the copies changed; %NULL if there is nothing to do. */
static ConferBoardTx *
edit_finish (Edit *edit)
{
  for (guint i = 0; i < edit->order->len; i++)
    {
      const ConferBoardElement *copy = edit->order->pdata[i];
      const ConferBoardElement *original = confer_board_lookup (edit->board, copy->id);

      for (ConferBoardProp prop = 0; prop < CONFER_BOARD_N_PROPS; prop++)
        {
          const ConferBoardValue *value;

          if (prop == CONFER_BOARD_PROP_INDEX || !confer_board_prop_applies (prop, copy->type))
            continue;
          value = confer_board_element_get (copy, prop);
          if (!confer_board_value_equal (confer_board_element_get (original, prop), value))
            confer_board_tx_update (edit->tx, copy->id, prop, value);
        }
    }
  if (edit->tx->ops->len == 0)
    return NULL;
  return g_steal_pointer (&edit->tx);
}

/* Drops an entry of a shape's boundElements. */
static void
bound_remove (Edit       *edit,
              const char *shape_id,
              const char *id)
{
  const ConferBoardElement *shape = edit_get (edit, shape_id);
  JsonArray *bound = shape != NULL ? json_array_of (shape, CONFER_BOARD_PROP_BOUND_ELEMENTS) : NULL;
  JsonArray *kept;

  if (bound == NULL)
    return;
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (bound); i++)
    {
      JsonObject *entry = json_array_get_object_element (bound, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "id"), id) != 0)
        json_array_add_element (kept, json_array_dup_element (bound, i));
    }
  if (json_array_get_length (kept) == json_array_get_length (bound))
    {
      json_array_unref (kept);
      return;
    }
  if (json_array_get_length (kept) == 0)
    {
      json_array_unref (kept);
      take_json (edit_change (edit, shape_id), CONFER_BOARD_PROP_BOUND_ELEMENTS, NULL);
    }
  else
    take_json (edit_change (edit, shape_id), CONFER_BOARD_PROP_BOUND_ELEMENTS, array_node (kept));
}

/* Adds an arrow to a shape's boundElements unless it is there. */
static void
bound_add_arrow (Edit       *edit,
                 const char *shape_id,
                 const char *arrow_id)
{
  const ConferBoardElement *shape = edit_get (edit, shape_id);
  JsonArray *bound = shape != NULL ? json_array_of (shape, CONFER_BOARD_PROP_BOUND_ELEMENTS) : NULL;
  JsonArray *grown = json_array_new ();
  JsonObject *entry;

  for (guint i = 0; bound != NULL && i < json_array_get_length (bound); i++)
    {
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (bound, i), "id"), arrow_id) == 0)
        {
          json_array_unref (grown);
          return;
        }
      json_array_add_element (grown, json_array_dup_element (bound, i));
    }
  if (json_array_get_length (grown) >= CONFER_BOARD_MAX_BOUND)
    {
      json_array_unref (grown);
      return;
    }
  entry = json_object_new ();
  json_object_set_string_member (entry, "id", arrow_id);
  json_object_set_string_member (entry, "type", "arrow");
  json_array_add_object_element (grown, entry);
  take_json (edit_change (edit, shape_id), CONFER_BOARD_PROP_BOUND_ELEMENTS, array_node (grown));
}

/* Bound arrows */

/* Where the line from a shape's centre towards (@rx, @ry) leaves the
 * shape's outline grown by @gap (rectangles and the rectangular types
 * grown by @gap on each side, ellipses on each semi-axis, diamonds with
 * each edge moved out by @gap), its angle honoured. */
static void
outline_point (const ConferBoardElement *shape,
               double                    rx,
               double                    ry,
               double                    gap,
               double                   *x,
               double                   *y)
{
  double angle = number (shape, CONFER_BOARD_PROP_ANGLE);
  double cx, cy, lx, ly, dx, dy, hw, hh, t;
  ConferBoardBox box;

  confer_board_element_get_box (shape, &box);
  box_centre (&box, &cx, &cy);
  turn (rx, ry, cx, cy, cos (-angle), sin (-angle), &lx, &ly);
  dx = lx - cx;
  dy = ly - cy;
  if (hypot (dx, dy) < 1e-9)
    {
      dx = -1;
      dy = 0;
    }
  hw = box.width / 2;
  hh = box.height / 2;
  switch (shape->type)
    {
    case CONFER_BOARD_ELEMENT_ELLIPSE:
      hw = MAX (hw + gap, 1e-9);
      hh = MAX (hh + gap, 1e-9);
      t = 1 / sqrt ((dx * dx) / (hw * hw) + (dy * dy) / (hh * hh));
      break;
    case CONFER_BOARD_ELEMENT_DIAMOND:
      if (hw > 1e-9 && hh > 1e-9)
        {
          double edge = hypot (hw, hh);
          double a = hw + gap * edge / hh, b = hh + gap * edge / hw;

          t = 1 / (fabs (dx) / a + fabs (dy) / b);
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      hw = MAX (hw + gap, 1e-9);
      hh = MAX (hh + gap, 1e-9);
      t = 1 / MAX (fabs (dx) / hw, fabs (dy) / hh);
      break;
    }
  turn (cx + dx * t, cy + dy * t, cx, cy, cos (angle), sin (angle), x, y);
}

static const ConferBoardElement *
bound_shape (Edit                     *edit,
             const ConferBoardElement *arrow,
             ConferBoardProp           prop,
             double                   *gap)
{
  const char *id = binding_target (arrow, prop, gap);
  const ConferBoardElement *shape = id != NULL ? edit_get (edit, id) : NULL;

  return shape != NULL && is_bindable (shape) ? shape : NULL;
}

/* Puts a bound arrow's ends on its shapes' outlines: each end along the
 * line from its neighbouring point (for a two-point arrow bound at both
 * ends, the other shape's centre) towards its shape's centre. */
static void
place_arrow_ends (Edit       *edit,
                  const char *arrow_id)
{
  const ConferBoardElement *arrow = edit_get (edit, arrow_id);
  const ConferBoardElement *start, *end;
  double start_gap = 0, end_gap = 0, rx, ry;
  g_autofree double *xy = NULL;
  ConferBoardBox box;
  guint n;

  if (arrow == NULL || arrow->type != CONFER_BOARD_ELEMENT_ARROW)
    return;
  start = bound_shape (edit, arrow, CONFER_BOARD_PROP_START_BINDING, &start_gap);
  end = bound_shape (edit, arrow, CONFER_BOARD_PROP_END_BINDING, &end_gap);
  xy = absolute_points (arrow, &n);
  if ((start == NULL && end == NULL) || n < 2)
    return;
  if (start != NULL)
    {
      rx = xy[2];
      ry = xy[3];
      if (n == 2 && end != NULL)
        {
          confer_board_element_get_box (end, &box);
          box_centre (&box, &rx, &ry);
        }
      outline_point (start, rx, ry, start_gap, &xy[0], &xy[1]);
    }
  if (end != NULL)
    {
      rx = xy[2 * n - 4];
      ry = xy[2 * n - 3];
      if (n == 2 && start != NULL)
        {
          confer_board_element_get_box (start, &box);
          box_centre (&box, &rx, &ry);
        }
      outline_point (end, rx, ry, end_gap, &xy[2 * n - 2], &xy[2 * n - 1]);
    }
  set_absolute_points (edit_change (edit, arrow_id), xy, n);
}

/* After the elements of @moved changed place or shape: an arrow that
 * moved without a shape it is bound to lets go of it (as Excalidraw's
 * dragging does), and every arrow bound to a moved shape, or moved with
 * its shapes, has its ends put back on their outlines. */
static void
follow_arrows (Edit      *edit,
               GPtrArray *moved)
{
  static const ConferBoardProp ends[] = { CONFER_BOARD_PROP_START_BINDING, CONFER_BOARD_PROP_END_BINDING };
  g_autoptr(GHashTable) moved_ids = id_set (moved);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) arrows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < moved->len; i++)
    {
      const ConferBoardElement *element = edit_get (edit, ((ConferBoardElement *) moved->pdata[i])->id);
      JsonArray *bound;

      if (element == NULL)
        continue;
      if (element->type == CONFER_BOARD_ELEMENT_ARROW)
        {
          gboolean still_bound = FALSE;

          for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
            {
              const char *target = binding_target (element, ends[e], NULL);
              g_autofree char *target_id = g_strdup (target);

              if (target == NULL)
                continue;
              if (g_hash_table_contains (moved_ids, target_id))
                {
                  still_bound = TRUE;
                  continue;
                }
              take_json (edit_change (edit, element->id), ends[e], NULL);
              element = edit_get (edit, element->id);
              if (g_strcmp0 (binding_target (element, ends[1 - e], NULL), target_id) != 0)
                bound_remove (edit, target_id, element->id);
            }
          if (still_bound && g_hash_table_add (seen, g_strdup (element->id)))
            g_ptr_array_add (arrows, g_strdup (element->id));
          continue;
        }
      bound = is_bindable (element) ? json_array_of (element, CONFER_BOARD_PROP_BOUND_ELEMENTS) : NULL;
      for (guint b = 0; bound != NULL && b < json_array_get_length (bound); b++)
        {
          JsonObject *entry = json_array_get_object_element (bound, b);
          const char *id = json_object_get_string_member (entry, "id");

          if (g_strcmp0 (json_object_get_string_member (entry, "type"), "arrow") == 0 &&
              !g_hash_table_contains (seen, id))
            {
              g_hash_table_add (seen, g_strdup (id));
              g_ptr_array_add (arrows, g_strdup (id));
            }
        }
    }
  for (guint i = 0; i < arrows->len; i++)
    place_arrow_ends (edit, arrows->pdata[i]);
}

/* Commands */

static void
translate (Edit                     *edit,
           const ConferBoardElement *element,
           double                    dx,
           double                    dy)
{
  ConferBoardElement *copy = edit_change (edit, element->id);

  confer_board_element_set_number (copy, CONFER_BOARD_PROP_X, clamp_coordinate (number (copy, CONFER_BOARD_PROP_X) + dx));
  confer_board_element_set_number (copy, CONFER_BOARD_PROP_Y, clamp_coordinate (number (copy, CONFER_BOARD_PROP_Y) + dy));
}

/**
 * confer_board_edit_move:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @dx: how far right, scene px
 * @dy: how far down, scene px
 *
 * Moves the selection, expanded as confer_board_expand_selection() does,
 * locked elements left where they are. Arrows bound to moved shapes
 * follow them; an arrow moved without a shape it is bound to lets go of
 * it.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing moves
 */
ConferBoardTx *
confer_board_edit_move (ConferBoard       *board,
                        const char *const *ids,
                        double             dx,
                        double             dy)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL | SKIP_LOCKED);
  g_auto(Edit) edit = { 0 };

  if (dx == 0 && dy == 0)
    return NULL;
  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    translate (&edit, selection->pdata[i], dx, dy);
  follow_arrows (&edit, selection);
  return edit_finish (&edit);
}

/**
 * confer_board_edit_resize:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @from: the box the selection was in, scene px (usually the union of
 *   confer_board_element_get_rotated_box() of its elements)
 * @to: the box it goes to, scene px; a negative width or height flips the
 *   selection across that axis
 *
 * Maps the selection (expanded as confer_board_expand_selection() does,
 * locked elements left alone) from @from to @to, scaling x by
 * @to.width / @from.width and y likewise: lines, arrows and strokes point
 * by point (their turn put into the points), other elements by their
 * centre and size. Flipped across one axis, an element's angle changes
 * sign and an image's `scale` flips. When both axes scale alike, texts and
 * sticky notes scale their font size too. Bound arrows follow.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing changes
 */
ConferBoardTx *
confer_board_edit_resize (ConferBoard          *board,
                          const char *const    *ids,
                          const ConferBoardBox *from,
                          const ConferBoardBox *to)
{
  g_autoptr(GPtrArray) selection = NULL;
  double sx, sy;
  gboolean uniform, mirrored;
  g_auto(Edit) edit = { 0 };

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  selection = expand (board, ids, EXPAND_ALL | SKIP_LOCKED);
  sx = from->width != 0 ? to->width / from->width : 1;
  sy = from->height != 0 ? to->height / from->height : 1;
  uniform = fabs (fabs (sx) - fabs (sy)) <= 1e-9 * MAX (fabs (sx), fabs (sy));
  mirrored = (sx < 0) != (sy < 0);
  edit_init (&edit, board);
#define MAP_X(v) (to->x + ((v) - from->x) * sx)
#define MAP_Y(v) (to->y + ((v) - from->y) * sy)
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      ConferBoardElement *copy = edit_change (&edit, element->id);

      if (is_pointed (element))
        {
          guint n;
          g_autofree double *xy = absolute_points (element, &n);

          if (n == 0)
            continue;
          for (guint p = 0; p < n; p++)
            {
              xy[2 * p] = MAP_X (xy[2 * p]);
              xy[2 * p + 1] = MAP_Y (xy[2 * p + 1]);
            }
          set_absolute_points (copy, xy, n);
        }
      else
        {
          ConferBoardBox box;
          double cx, cy, w, h;

          confer_board_element_get_box (element, &box);
          box_centre (&box, &cx, &cy);
          w = MIN (fabs (box.width * sx), CONFER_BOARD_MAX_COORDINATE);
          h = MIN (fabs (box.height * sy), CONFER_BOARD_MAX_COORDINATE);
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_X, clamp_coordinate (MAP_X (cx) - w / 2));
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_Y, clamp_coordinate (MAP_Y (cy) - h / 2));
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_WIDTH, w);
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_HEIGHT, h);
          if (mirrored)
            confer_board_element_set_number (copy, CONFER_BOARD_PROP_ANGLE,
                                             normalize_angle (-number (element, CONFER_BOARD_PROP_ANGLE)));
          if (element->type == CONFER_BOARD_ELEMENT_IMAGE && (sx < 0 || sy < 0))
            {
              const ConferBoardValue *scale = confer_board_element_get (element, CONFER_BOARD_PROP_SCALE);
              double flipped[2] = { 1, 1 };
              ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_DOUBLES };

              if (scale->kind == CONFER_BOARD_VALUE_DOUBLES && scale->doubles->n == 2)
                memcpy (flipped, scale->doubles->values, sizeof flipped);
              flipped[0] *= sx < 0 ? -1 : 1;
              flipped[1] *= sy < 0 ? -1 : 1;
              value.doubles = confer_board_doubles_new (flipped, 2);
              confer_board_element_take (copy, CONFER_BOARD_PROP_SCALE, &value);
            }
        }
      if (uniform && confer_board_prop_applies (CONFER_BOARD_PROP_FONT_SIZE, element->type))
        confer_board_element_set_number (copy, CONFER_BOARD_PROP_FONT_SIZE,
                                         CLAMP (number (element, CONFER_BOARD_PROP_FONT_SIZE) * fabs (sy), 0.1, 10000));
    }
#undef MAP_X
#undef MAP_Y
  follow_arrows (&edit, selection);
  return edit_finish (&edit);
}

/**
 * confer_board_edit_rotate:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @cx: the x of the centre to turn about, scene px
 * @cy: the y of the centre, scene px
 * @angle: how far to turn, radians, clockwise on screen (y down)
 *
 * Turns the selection (expanded as confer_board_expand_selection() does,
 * locked elements left alone) about a centre: each element's centre turns
 * and its `angle` grows by @angle, kept within [0, 2π); lines, arrows and
 * strokes have the turn put into their points instead. Bound arrows
 * follow.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing changes
 */
ConferBoardTx *
confer_board_edit_rotate (ConferBoard       *board,
                          const char *const *ids,
                          double             cx,
                          double             cy,
                          double             angle)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL | SKIP_LOCKED);
  double c = cos (angle), s = sin (angle);
  g_auto(Edit) edit = { 0 };

  if (normalize_angle (angle) == 0)
    return NULL;
  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      ConferBoardElement *copy = edit_change (&edit, element->id);

      if (is_pointed (element))
        {
          guint n;
          g_autofree double *xy = absolute_points (element, &n);

          if (n == 0)
            continue;
          for (guint p = 0; p < n; p++)
            turn (xy[2 * p], xy[2 * p + 1], cx, cy, c, s, &xy[2 * p], &xy[2 * p + 1]);
          set_absolute_points (copy, xy, n);
        }
      else
        {
          double w = number (element, CONFER_BOARD_PROP_WIDTH), h = number (element, CONFER_BOARD_PROP_HEIGHT);
          double ex, ey;
          ConferBoardBox box;

          confer_board_element_get_box (element, &box);
          box_centre (&box, &ex, &ey);
          turn (ex, ey, cx, cy, c, s, &ex, &ey);
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_X, clamp_coordinate (ex - w / 2));
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_Y, clamp_coordinate (ey - h / 2));
          confer_board_element_set_number (copy, CONFER_BOARD_PROP_ANGLE,
                                           normalize_angle (number (element, CONFER_BOARD_PROP_ANGLE) + angle));
        }
    }
  follow_arrows (&edit, selection);
  return edit_finish (&edit);
}

/* @n keys between @a and @b, in order, that no other participant makes:
 * confer_fractional_index_n_between() spreads them, and
 * confer_fractional_index_between_for() makes each one @participant_id's
 * just above its spot. */
static char **
participant_keys (const char  *a,
                  const char  *b,
                  guint        n,
                  const char  *participant_id,
                  GError     **error)
{
  g_auto(GStrv) spots = confer_fractional_index_n_between (a, b, n, error);
  g_auto(GStrv) keys = NULL;

  if (spots == NULL)
    return NULL;
  keys = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    if ((keys[i] = confer_fractional_index_between_for (spots[i], i + 1 < n ? spots[i + 1] : b,
                                                        participant_id, error)) == NULL)
      return NULL;
  return g_steal_pointer (&keys);
}

static const char *
key_of (const ConferBoardElement *element)
{
  return confer_board_element_get_string (element, CONFER_BOARD_PROP_INDEX);
}

/* A copy's groupIds: each group given its new id, made once. */
static JsonNode *
remap_groups (const ConferBoardElement *element,
              GHashTable               *groups)
{
  JsonArray *ids = json_array_of (element, CONFER_BOARD_PROP_GROUP_IDS);
  JsonArray *remapped = json_array_new ();

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      const char *group = json_array_get_string_element (ids, i);
      const char *new_group = g_hash_table_lookup (groups, group);

      if (new_group == NULL)
        {
          new_group = confer_board_id_new ();
          g_hash_table_insert (groups, g_strdup (group), (char *) new_group);
        }
      json_array_add_string_element (remapped, new_group);
    }
  return array_node (remapped);
}

/* A copy's boundElements: those copied too, under their new ids. */
static JsonNode *
remap_bound (const ConferBoardElement *element,
             GHashTable               *copied)
{
  JsonArray *bound = json_array_of (element, CONFER_BOARD_PROP_BOUND_ELEMENTS);
  JsonArray *remapped;

  if (bound == NULL)
    return NULL;
  remapped = json_array_new ();
  for (guint i = 0; i < json_array_get_length (bound); i++)
    {
      JsonObject *entry = json_array_get_object_element (bound, i);
      const char *new_id = g_hash_table_lookup (copied, json_object_get_string_member (entry, "id"));
      JsonObject *copy;

      if (new_id == NULL)
        continue;
      copy = json_object_new ();
      json_object_set_string_member (copy, "id", new_id);
      json_object_set_string_member (copy, "type", json_object_get_string_member (entry, "type"));
      json_array_add_object_element (remapped, copy);
    }
  if (json_array_get_length (remapped) == 0)
    {
      json_array_unref (remapped);
      return NULL;
    }
  return array_node (remapped);
}

/* A copy's binding: to the copy of its shape, or none. */
static JsonNode *
remap_binding (const ConferBoardElement *element,
               ConferBoardProp           prop,
               GHashTable               *copied)
{
  const ConferBoardValue *value = confer_board_element_get (element, prop);
  const char *target = binding_target (element, prop, NULL);
  const char *new_id = target != NULL ? g_hash_table_lookup (copied, target) : NULL;
  JsonNode *node;

  if (new_id == NULL)
    return NULL;
  node = json_node_copy (value->json);
  json_object_set_string_member (json_node_get_object (node), "elementId", new_id);
  return node;
}

/**
 * confer_board_edit_duplicate:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @dx: how far right of the originals the copies go, scene px
 * @dy: how far down, scene px
 * @participant_id: the duplicating participant's id, which makes the
 *   copies' z-order keys theirs alone
 *   (confer_fractional_index_between_for())
 * @new_ids: (out) (optional) (transfer container) (element-type utf8):
 *   the copies' ids, in the order of confer_board_expand_selection()
 *
 * Copies the selection (expanded as confer_board_expand_selection()
 * does), as Excalidraw duplicates: fresh ids (confer_board_id_new()) and
 * seeds, every group given a fresh id shared by the copies in it,
 * bindings, bound elements, containers and frames pointing at the copies
 * when those were copied too (a copied arrow lets go of a shape that was
 * not, a child copied without its frame stays in the frame), and z-order
 * keys above the topmost element of the board, in the originals' order.
 *
 * Returns: (transfer full) (nullable): a transaction of `add`s, or %NULL
 *   if nothing is selected
 */
ConferBoardTx *
confer_board_edit_duplicate (ConferBoard       *board,
                             const char *const *ids,
                             double             dx,
                             double             dy,
                             const char        *participant_id,
                             GPtrArray        **new_ids)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) copied = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(ConferBoardTx) tx = NULL;

  g_return_val_if_fail (participant_id != NULL && participant_id[0] != '\0', NULL);

  if (new_ids != NULL)
    *new_ids = NULL;
  if (selection->len == 0)
    return NULL;
  all = confer_board_list (board, FALSE);
  keys = participant_keys (key_of (all->pdata[all->len - 1]), NULL, selection->len, participant_id, &error);
  if (keys == NULL)
    {
      g_debug ("No keys above the top of the board: %s", error->message);
      return NULL;
    }
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      char *id = confer_board_id_new ();

      while (confer_board_lookup (board, id) != NULL || g_hash_table_contains (copied, id))
        {
          g_free (id);
          id = confer_board_id_new ();
        }
      g_hash_table_insert (copied, element->id, id);
    }

  tx = confer_board_tx_new ();
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      g_autoptr(ConferBoardElement) copy = confer_board_element_new (element->type, g_hash_table_lookup (copied, element->id));
      const char *container = confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID);
      const char *frame = confer_board_element_get_string (element, CONFER_BOARD_PROP_FRAME_ID);

      for (ConferBoardProp prop = 0; prop < CONFER_BOARD_N_PROPS; prop++)
        if (confer_board_prop_applies (prop, element->type))
          confer_board_element_set (copy, prop, confer_board_element_get (element, prop));
      confer_board_element_set_number (copy, CONFER_BOARD_PROP_X, clamp_coordinate (number (element, CONFER_BOARD_PROP_X) + dx));
      confer_board_element_set_number (copy, CONFER_BOARD_PROP_Y, clamp_coordinate (number (element, CONFER_BOARD_PROP_Y) + dy));
      /* Excalidraw's randomInteger(): below 2³¹. */
      confer_board_element_set_number (copy, CONFER_BOARD_PROP_SEED, g_random_int () & 0x7fffffff);
      confer_board_element_set_string (copy, CONFER_BOARD_PROP_INDEX, keys[i]);
      take_json (copy, CONFER_BOARD_PROP_GROUP_IDS, remap_groups (element, groups));
      take_json (copy, CONFER_BOARD_PROP_BOUND_ELEMENTS, remap_bound (element, copied));
      if (frame != NULL && g_hash_table_contains (copied, frame))
        confer_board_element_set_string (copy, CONFER_BOARD_PROP_FRAME_ID, g_hash_table_lookup (copied, frame));
      if (container != NULL)
        {
          const char *new_container = g_hash_table_lookup (copied, container);

          if (new_container != NULL)
            confer_board_element_set_string (copy, CONFER_BOARD_PROP_CONTAINER_ID, new_container);
          else
            take_json (copy, CONFER_BOARD_PROP_CONTAINER_ID, NULL);
        }
      if (element->type == CONFER_BOARD_ELEMENT_LINE || element->type == CONFER_BOARD_ELEMENT_ARROW)
        {
          take_json (copy, CONFER_BOARD_PROP_START_BINDING, remap_binding (element, CONFER_BOARD_PROP_START_BINDING, copied));
          take_json (copy, CONFER_BOARD_PROP_END_BINDING, remap_binding (element, CONFER_BOARD_PROP_END_BINDING, copied));
        }
      confer_board_tx_add (tx, copy);
    }

  if (new_ids != NULL)
    {
      *new_ids = g_ptr_array_new_full (selection->len, g_free);
      for (guint i = 0; i < selection->len; i++)
        g_ptr_array_add (*new_ids, g_strdup (g_hash_table_lookup (copied, ((ConferBoardElement *) selection->pdata[i])->id)));
    }
  return g_steal_pointer (&tx);
}

/**
 * confer_board_edit_delete:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 *
 * Deletes the selection, expanded as confer_board_expand_selection() does
 * (so a container's text and a frame's children go with it), locked
 * elements kept. Arrows bound to a deleted shape let go of it; shapes that
 * lose a bound arrow or text drop it from their `boundElements`.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing is deleted
 */
ConferBoardTx *
confer_board_edit_delete (ConferBoard       *board,
                          const char *const *ids)
{
  static const ConferBoardProp ends[] = { CONFER_BOARD_PROP_START_BINDING, CONFER_BOARD_PROP_END_BINDING };
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL | SKIP_LOCKED);
  g_autoptr(GHashTable) doomed = id_set (selection);
  g_auto(Edit) edit = { 0 };

  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      const char *container = confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID);
      JsonArray *bound = json_array_of (element, CONFER_BOARD_PROP_BOUND_ELEMENTS);

      for (guint b = 0; bound != NULL && b < json_array_get_length (bound); b++)
        {
          const char *arrow_id = json_object_get_string_member (json_array_get_object_element (bound, b), "id");
          const ConferBoardElement *arrow = edit_get (&edit, arrow_id);

          if (arrow == NULL || arrow->type != CONFER_BOARD_ELEMENT_ARROW || g_hash_table_contains (doomed, arrow_id))
            continue;
          for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
            if (g_strcmp0 (binding_target (edit_get (&edit, arrow_id), ends[e], NULL), element->id) == 0)
              take_json (edit_change (&edit, arrow_id), ends[e], NULL);
        }
      if (element->type == CONFER_BOARD_ELEMENT_ARROW)
        for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
          {
            const char *target = binding_target (element, ends[e], NULL);

            if (target != NULL && !g_hash_table_contains (doomed, target))
              bound_remove (&edit, target, element->id);
          }
      if (container != NULL && !g_hash_table_contains (doomed, container))
        bound_remove (&edit, container, element->id);
      confer_board_tx_delete (edit.tx, element->id);
    }
  return edit_finish (&edit);
}

/**
 * confer_board_edit_group:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @group_id: the new group's id (confer_board_id_new())
 *
 * Puts the selection, with every member of its groups and its bound texts,
 * in a new outermost group (appended to each `groupIds`, as Excalidraw
 * nests groups innermost first).
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if fewer
 *   than two elements are selected, they already are one group, or one of
 *   them is in %CONFER_BOARD_MAX_GROUPS groups already
 */
ConferBoardTx *
confer_board_edit_group (ConferBoard       *board,
                         const char *const *ids,
                         const char        *group_id)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_GROUPS | EXPAND_BOUND_TEXT);
  g_auto(Edit) edit = { 0 };

  g_return_val_if_fail (confer_board_id_is_valid (group_id), NULL);

  if (selection->len < 2)
    return NULL;
  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      JsonArray *groups = json_array_of (element, CONFER_BOARD_PROP_GROUP_IDS);
      guint n = groups != NULL ? json_array_get_length (groups) : 0;
      JsonArray *grown;

      if (g_strcmp0 (outermost_group (element), group_id) == 0)
        continue;
      if (n >= CONFER_BOARD_MAX_GROUPS)
        return NULL;
      grown = json_array_sized_new (n + 1);
      for (guint g = 0; g < n; g++)
        json_array_add_element (grown, json_array_dup_element (groups, g));
      json_array_add_string_element (grown, group_id);
      take_json (edit_change (&edit, element->id), CONFER_BOARD_PROP_GROUP_IDS, array_node (grown));
    }
  return edit_finish (&edit);
}

/**
 * confer_board_edit_ungroup:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 *
 * Takes the selection's outermost groups apart: their ids leave the
 * `groupIds` of every member; inner groups stay.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if no
 *   selected element is in a group
 */
ConferBoardTx *
confer_board_edit_ungroup (ConferBoard       *board,
                           const char *const *ids)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_GROUPS | EXPAND_BOUND_TEXT);
  g_autoptr(GHashTable) outermost = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(Edit) edit = { 0 };

  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    {
      const char *group = outermost_group (selection->pdata[i]);

      if (group != NULL)
        g_hash_table_add (outermost, (char *) group);
    }
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      JsonArray *groups = json_array_of (element, CONFER_BOARD_PROP_GROUP_IDS);
      JsonArray *kept;

      if (!in_any_group (element, outermost))
        continue;
      kept = json_array_new ();
      for (guint g = 0; g < json_array_get_length (groups); g++)
        if (!g_hash_table_contains (outermost, json_array_get_string_element (groups, g)))
          json_array_add_element (kept, json_array_dup_element (groups, g));
      take_json (edit_change (&edit, element->id), CONFER_BOARD_PROP_GROUP_IDS, array_node (kept));
    }
  return edit_finish (&edit);
}

/**
 * confer_board_edit_set_locked:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @locked: whether they are to be locked
 *
 * Locks or unlocks the selection with its groups' members and its bound
 * texts. Locked elements stay where they are through moves, resizes,
 * turns, alignment and deletes.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if all
 *   are already so
 */
ConferBoardTx *
confer_board_edit_set_locked (ConferBoard       *board,
                              const char *const *ids,
                              gboolean           locked)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_GROUPS | EXPAND_BOUND_TEXT);
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_BOOLEAN, .boolean = !!locked };
  g_auto(Edit) edit = { 0 };

  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    confer_board_element_set (edit_change (&edit, ((ConferBoardElement *) selection->pdata[i])->id),
                              CONFER_BOARD_PROP_LOCKED, &value);
  return edit_finish (&edit);
}

/* Alignment and distribution: units that move as one */

typedef struct
{
  GPtrArray     *members;   /* ConferBoardElement, not owned */
  ConferBoardBox box;       /* around their turned boxes */
} Unit;

static void
unit_clear (Unit *unit)
{
  g_ptr_array_unref (unit->members);
}

/* The selection in units: a group (its outermost), a frame with its
 * children, a container with its text, or an element alone. */
static GArray *
units_of (GPtrArray *selection)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) unit_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *units = g_array_new (FALSE, FALSE, sizeof (Unit));

  g_array_set_clear_func (units, (GDestroyNotify) unit_clear);
  for (guint i = 0; i < selection->len; i++)
    g_hash_table_insert (chosen, ((ConferBoardElement *) selection->pdata[i])->id, selection->pdata[i]);
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];
      const ConferBoardElement *root = element;
      g_autofree char *key = NULL;
      gpointer index;
      Unit *unit;
      ConferBoardBox box;
      gboolean empty;

      /* Up through containers and frames that are selected too (a chain
       * no longer than the selection, even if ids loop). */
      for (guint hops = 0; hops < selection->len; hops++)
        {
          const char *container = confer_board_element_get_string (root, CONFER_BOARD_PROP_CONTAINER_ID);
          const char *frame = confer_board_element_get_string (root, CONFER_BOARD_PROP_FRAME_ID);
          const ConferBoardElement *up = container != NULL ? g_hash_table_lookup (chosen, container) : NULL;

          if (up == NULL && frame != NULL)
            up = g_hash_table_lookup (chosen, frame);
          if (up == NULL)
            break;
          root = up;
        }
      key = outermost_group (root) != NULL ? g_strconcat ("group ", outermost_group (root), NULL)
                                           : g_strconcat ("element ", root->id, NULL);
      if (!g_hash_table_lookup_extended (unit_of, key, NULL, &index))
        {
          Unit fresh = { .members = g_ptr_array_new () };

          index = GUINT_TO_POINTER (units->len);
          g_array_append_val (units, fresh);
          g_hash_table_insert (unit_of, g_steal_pointer (&key), index);
        }
      unit = &g_array_index (units, Unit, GPOINTER_TO_UINT (index));
      empty = unit->members->len == 0;
      g_ptr_array_add (unit->members, (gpointer) element);
      confer_board_element_get_rotated_box (element, &box);
      box_add_box (&unit->box, &empty, &box);
    }
  return units;
}

/* Moves each unit by its offset and lets bound arrows follow. */
static ConferBoardTx *
move_units (ConferBoard  *board,
            GArray       *units,
            const double *offsets)
{
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  g_auto(Edit) edit = { 0 };

  edit_init (&edit, board);
  for (guint u = 0; u < units->len; u++)
    {
      Unit *unit = &g_array_index (units, Unit, u);

      if (offsets[2 * u] == 0 && offsets[2 * u + 1] == 0)
        continue;
      for (guint m = 0; m < unit->members->len; m++)
        {
          translate (&edit, unit->members->pdata[m], offsets[2 * u], offsets[2 * u + 1]);
          g_ptr_array_add (moved, unit->members->pdata[m]);
        }
    }
  follow_arrows (&edit, moved);
  return edit_finish (&edit);
}

/**
 * confer_board_edit_align:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @align: which edges or centre lines to line up
 *
 * Lines up the selection (expanded as confer_board_expand_selection()
 * does, locked elements left alone) with the edge or centre line of the
 * box around all of it, as Excalidraw's align actions do. A group, a
 * frame with its children and a container with its text move as one, by
 * the box around their turned boxes. Bound arrows follow.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing moves (fewer than two units, or already aligned)
 */
ConferBoardTx *
confer_board_edit_align (ConferBoard       *board,
                         const char *const *ids,
                         ConferBoardAlign   align)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL | SKIP_LOCKED);
  g_autoptr(GArray) units = units_of (selection);
  g_autofree double *offsets = g_new0 (double, 2 * MAX (units->len, 1));
  ConferBoardBox all = { 0 };
  gboolean empty = TRUE;

  if (units->len < 2)
    return NULL;
  for (guint u = 0; u < units->len; u++)
    box_add_box (&all, &empty, &g_array_index (units, Unit, u).box);
  for (guint u = 0; u < units->len; u++)
    {
      const ConferBoardBox *box = &g_array_index (units, Unit, u).box;

      switch (align)
        {
        case CONFER_BOARD_ALIGN_LEFT:
          offsets[2 * u] = all.x - box->x;
          break;
        case CONFER_BOARD_ALIGN_CENTRE:
          offsets[2 * u] = (all.x + all.width / 2) - (box->x + box->width / 2);
          break;
        case CONFER_BOARD_ALIGN_RIGHT:
          offsets[2 * u] = (all.x + all.width) - (box->x + box->width);
          break;
        case CONFER_BOARD_ALIGN_TOP:
          offsets[2 * u + 1] = all.y - box->y;
          break;
        case CONFER_BOARD_ALIGN_MIDDLE:
          offsets[2 * u + 1] = (all.y + all.height / 2) - (box->y + box->height / 2);
          break;
        case CONFER_BOARD_ALIGN_BOTTOM:
          offsets[2 * u + 1] = (all.y + all.height) - (box->y + box->height);
          break;
        default:
          g_return_val_if_reached (NULL);
        }
    }
  return move_units (board, units, offsets);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const double *keys = user_data;
  double ka = keys[*(const guint *) a], kb = keys[*(const guint *) b];

  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * confer_board_edit_distribute:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @horizontally: %TRUE to space the selection out left to right, %FALSE
 *   top to bottom
 *
 * Spaces out the units of the selection (as confer_board_edit_align()
 * makes them) with equal gaps between their boxes, as Excalidraw's
 * distribute actions do: in the order of their centres, the first and the
 * last staying where they are; when the boxes overlap too much to leave a
 * gap, their centres are spaced equally instead. Bound arrows follow.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing moves (fewer than three units, or already even)
 */
ConferBoardTx *
confer_board_edit_distribute (ConferBoard       *board,
                              const char *const *ids,
                              gboolean           horizontally)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL | SKIP_LOCKED);
  g_autoptr(GArray) units = units_of (selection);
  guint n = units->len, axis = horizontally ? 0 : 1;
  g_autofree double *offsets = g_new0 (double, 2 * MAX (n, 1));
  g_autofree double *starts = g_new (double, MAX (n, 1));
  g_autofree double *sizes = g_new (double, MAX (n, 1));
  g_autofree double *centres = g_new (double, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  double low = 0, high = 0, total = 0, gap;

  if (n < 3)
    return NULL;
  for (guint u = 0; u < n; u++)
    {
      const ConferBoardBox *box = &g_array_index (units, Unit, u).box;

      starts[u] = horizontally ? box->x : box->y;
      sizes[u] = horizontally ? box->width : box->height;
      centres[u] = starts[u] + sizes[u] / 2;
      order[u] = u;
      low = u == 0 ? starts[u] : MIN (low, starts[u]);
      high = u == 0 ? starts[u] + sizes[u] : MAX (high, starts[u] + sizes[u]);
      total += sizes[u];
    }
  g_qsort_with_data (order, n, sizeof (guint), compare_doubles, centres);
  gap = (high - low - total) / (n - 1);
  if (gap >= 0)
    {
      double at = starts[order[0]];

      for (guint i = 0; i < n; i++)
        {
          offsets[2 * order[i] + axis] = at - starts[order[i]];
          at += sizes[order[i]] + gap;
        }
    }
  else
    {
      double first = centres[order[0]], step = (centres[order[n - 1]] - first) / (n - 1);

      for (guint i = 0; i < n; i++)
        offsets[2 * order[i] + axis] = first + i * step - centres[order[i]];
    }
  return move_units (board, units, offsets);
}

/* Restacking */

typedef struct
{
  const ConferBoardElement *element;
  char                     *key;       /* its key as restacking goes */
  gboolean                  selected;
  gboolean                  moved;
} Layer;

static void
layer_clear (Layer *layer)
{
  g_free (layer->key);
}

/* Whether the layer at @i goes with the block [@from, @to] that a run
 * steps over: in its outermost group, or a text bound in one of it. */
static gboolean
joins_block (GArray *layers,
             guint   i,
             guint   from,
             guint   to)
{
  const Layer *layer = &g_array_index (layers, Layer, i);
  const char *group = outermost_group (g_array_index (layers, Layer, from).element);
  const char *container = confer_board_element_get_string (layer->element, CONFER_BOARD_PROP_CONTAINER_ID);
  JsonArray *groups = json_array_of (layer->element, CONFER_BOARD_PROP_GROUP_IDS);

  if (layer->selected)
    return FALSE;
  for (guint g = 0; group != NULL && groups != NULL && g < json_array_get_length (groups); g++)
    if (strcmp (json_array_get_string_element (groups, g), group) == 0)
      return TRUE;
  for (guint b = from; container != NULL && b <= to; b++)
    if (strcmp (g_array_index (layers, Layer, b).element->id, container) == 0)
      return TRUE;
  return FALSE;
}

/* Gives the run [@first, @last] keys between @below and @above and moves
 * it in @layers to just before @to (an index in @layers as it is). */
static void
move_run (GArray      *layers,
          guint        first,
          guint        last,
          guint        to,
          const char  *below,
          const char  *above,
          const char  *participant_id)
{
  guint n = last - first + 1;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = participant_keys (below, above, n, participant_id, &error);
  g_autoptr(GArray) run = g_array_sized_new (FALSE, FALSE, sizeof (Layer), n);

  if (keys == NULL)
    {
      g_debug ("No keys between %s and %s: %s", below, above, error->message);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      Layer layer = g_array_index (layers, Layer, first + i);

      g_free (layer.key);
      layer.key = g_steal_pointer (&keys[i]);
      layer.moved = TRUE;
      g_array_append_val (run, layer);
    }
  /* Take the run out without freeing its keys, then put it back. */
  g_array_set_clear_func (layers, NULL);
  g_array_remove_range (layers, first, n);
  g_array_insert_vals (layers, to > first ? to - n : to, run->data, n);
  g_array_set_clear_func (layers, (GDestroyNotify) layer_clear);
}

/**
 * confer_board_edit_restack:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @how: where to move them in z-order
 * @participant_id: the restacking participant's id, which makes the new
 *   z-order keys theirs alone (confer_fractional_index_between_for())
 *
 * Moves the selection (expanded as confer_board_expand_selection() does)
 * in z-order, keeping its elements' order among themselves, with
 * `reorder` operations. To the front or back, all of it goes above or
 * below every other element. Forward and backward work as Excalidraw's:
 * each unbroken run of selected elements steps past the next unselected
 * element above (or below) it, or past the whole of that element's
 * outermost group, with its bound text. New keys are spread with
 * confer_fractional_index_n_between() and made the participant's own with
 * confer_fractional_index_between_for(); a run whose neighbours share one
 * key (which Confer's keys never do) stays where it is.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing moves
 */
ConferBoardTx *
confer_board_edit_restack (ConferBoard        *board,
                           const char *const  *ids,
                           ConferBoardRestack  how,
                           const char         *participant_id)
{
  g_autoptr(GPtrArray) selection = expand (board, ids, EXPAND_ALL);
  g_autoptr(GHashTable) chosen = id_set (selection);
  g_autoptr(GPtrArray) all = confer_board_list (board, FALSE);
  g_autoptr(GArray) layers = g_array_sized_new (FALSE, FALSE, sizeof (Layer), all->len);
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
  guint n;

  g_return_val_if_fail (participant_id != NULL && participant_id[0] != '\0', NULL);

  g_array_set_clear_func (layers, (GDestroyNotify) layer_clear);
  for (guint i = 0; i < all->len; i++)
    {
      Layer layer = { all->pdata[i], g_strdup (key_of (all->pdata[i])),
                      g_hash_table_contains (chosen, ((ConferBoardElement *) all->pdata[i])->id), FALSE };

      g_array_append_val (layers, layer);
    }
  n = layers->len;
#define LAYER(i) (&g_array_index (layers, Layer, (i)))
  switch (how)
    {
    case CONFER_BOARD_RESTACK_TO_FRONT:
    case CONFER_BOARD_RESTACK_TO_BACK:
      {
        gboolean front = how == CONFER_BOARD_RESTACK_TO_FRONT;
        guint in_place = 0;

        /* Already all at that end? */
        while (in_place < n && LAYER (front ? n - 1 - in_place : in_place)->selected)
          in_place++;
        if (in_place == selection->len)
          return NULL;
        /* Gather the selection, then move it as one run. */
        for (guint i = 0, at = 0; i < n; i++)
          if (LAYER (i)->selected)
            {
              if (i != at)
                {
                  Layer layer = *LAYER (i);

                  g_array_set_clear_func (layers, NULL);
                  g_array_remove_index (layers, i);
                  g_array_insert_val (layers, at, layer);
                  g_array_set_clear_func (layers, (GDestroyNotify) layer_clear);
                }
              at++;
            }
        if (front)
          move_run (layers, 0, selection->len - 1, n, LAYER (n - 1)->key, NULL, participant_id);
        else
          move_run (layers, 0, selection->len - 1, 0, NULL, LAYER (selection->len)->key, participant_id);
        break;
      }
    case CONFER_BOARD_RESTACK_FORWARD:
      for (gint i = (gint) n - 1; i >= 0;)
        {
          guint last = i, first = i, block_end;

          if (!LAYER (i)->selected)
            {
              i--;
              continue;
            }
          while (first > 0 && LAYER (first - 1)->selected)
            first--;
          i = (gint) first - 1;
          if (last + 1 >= n)
            continue;
          block_end = last + 1;
          while (block_end + 1 < n && joins_block (layers, block_end + 1, last + 1, block_end))
            block_end++;
          move_run (layers, first, last, block_end + 1, LAYER (block_end)->key,
                    block_end + 1 < n ? LAYER (block_end + 1)->key : NULL, participant_id);
        }
      break;
    case CONFER_BOARD_RESTACK_BACKWARD:
      for (guint i = 0; i < n;)
        {
          guint first = i, last = i, block_start;

          if (!LAYER (i)->selected)
            {
              i++;
              continue;
            }
          while (last + 1 < n && LAYER (last + 1)->selected)
            last++;
          i = last + 1;
          if (first == 0)
            continue;
          block_start = first - 1;
          /* The block below: the element's group, or a container under its text. */
          while (block_start > 0 && !LAYER (block_start - 1)->selected &&
                 (joins_block (layers, block_start - 1, block_start, first - 1) ||
                  g_strcmp0 (confer_board_element_get_string (LAYER (block_start)->element, CONFER_BOARD_PROP_CONTAINER_ID),
                             LAYER (block_start - 1)->element->id) == 0))
            block_start--;
          move_run (layers, first, last, block_start, block_start > 0 ? LAYER (block_start - 1)->key : NULL,
                    LAYER (block_start)->key, participant_id);
        }
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  for (guint i = 0; i < n; i++)
    if (LAYER (i)->moved)
      confer_board_tx_reorder (tx, LAYER (i)->element->id, LAYER (i)->key);
#undef LAYER
  return tx->ops->len > 0 ? g_steal_pointer (&tx) : NULL;
}

/**
 * confer_board_edit_set:
 * @board: a board
 * @ids: (array zero-terminated=1): the selected elements' ids
 * @prop: a property (not `index`: see confer_board_edit_restack())
 * @value: its new value, one confer_board_value_from_json() accepts for
 *   @prop
 *
 * What the properties panel does: sets @prop on every element of the
 * selection (with its groups' members) whose type has it. The texts bound
 * in selected containers get it too when it is a text property (font,
 * alignment…) or, as Excalidraw does, the stroke colour or opacity.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if no
 *   element changes
 */
ConferBoardTx *
confer_board_edit_set (ConferBoard            *board,
                       const char *const      *ids,
                       ConferBoardProp         prop,
                       const ConferBoardValue *value)
{
  g_autoptr(GPtrArray) selection = NULL;
  gboolean to_texts;
  g_auto(Edit) edit = { 0 };

  g_return_val_if_fail (prop < CONFER_BOARD_N_PROPS && prop != CONFER_BOARD_PROP_INDEX, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  to_texts = (confer_board_prop_applies (prop, CONFER_BOARD_ELEMENT_TEXT) &&
              !confer_board_prop_applies (prop, CONFER_BOARD_ELEMENT_RECTANGLE)) ||
             prop == CONFER_BOARD_PROP_STROKE_COLOR || prop == CONFER_BOARD_PROP_OPACITY;
  selection = expand (board, ids, EXPAND_GROUPS | (to_texts ? EXPAND_BOUND_TEXT : 0));
  edit_init (&edit, board);
  for (guint i = 0; i < selection->len; i++)
    {
      const ConferBoardElement *element = selection->pdata[i];

      if (confer_board_prop_applies (prop, element->type))
        confer_board_element_set (edit_change (&edit, element->id), prop, value);
    }
  return edit_finish (&edit);
}

/**
 * confer_board_edit_bind_arrow:
 * @board: a board
 * @arrow_id: an arrow's id
 * @start_id: (nullable): the shape its start binds to, or %NULL to let go
 * @end_id: (nullable): the shape its end binds to, or %NULL to let go
 *
 * Binds an arrow's ends (after a drag found their shapes with
 * confer_board_find_bind_target()): sets `startBinding` and `endBinding`
 * to `{"elementId", "focus": 0, "gap": %CONFER_BOARD_BINDING_GAP}` or
 * null, adds `{"id": arrow, "type": "arrow"}` to the `boundElements` of
 * the shapes it binds and drops it from those it lets go of, and puts the
 * bound ends on their shapes' outlines, the gap away.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL if
 *   nothing changes, @arrow_id is not a live arrow, or @start_id or
 *   @end_id is not a live shape an arrow binds to (see
 *   confer_board_find_bind_target())
 */
ConferBoardTx *
confer_board_edit_bind_arrow (ConferBoard *board,
                              const char  *arrow_id,
                              const char  *start_id,
                              const char  *end_id)
{
  static const ConferBoardProp ends[] = { CONFER_BOARD_PROP_START_BINDING, CONFER_BOARD_PROP_END_BINDING };
  const char *targets[] = { start_id, end_id };
  const ConferBoardElement *arrow = confer_board_lookup (board, arrow_id);
  g_auto(Edit) edit = { 0 };

  if (arrow == NULL || arrow->deleted || arrow->type != CONFER_BOARD_ELEMENT_ARROW)
    return NULL;
  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    {
      const ConferBoardElement *shape = targets[e] != NULL ? confer_board_lookup (board, targets[e]) : NULL;

      if (targets[e] != NULL && (shape == NULL || shape->deleted || !is_bindable (shape)))
        return NULL;
    }
  edit_init (&edit, board);
  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    {
      const char *old = binding_target (arrow, ends[e], NULL);

      if (old != NULL && g_strcmp0 (old, targets[e]) != 0 && g_strcmp0 (old, targets[1 - e]) != 0)
        bound_remove (&edit, old, arrow_id);
      take_json (edit_change (&edit, arrow_id), ends[e],
                 targets[e] != NULL ? binding_new (targets[e], CONFER_BOARD_BINDING_GAP) : NULL);
      if (targets[e] != NULL)
        bound_add_arrow (&edit, targets[e], arrow_id);
    }
  place_arrow_ends (&edit, arrow_id);
  return edit_finish (&edit);
}

/**
 * confer_board_find_bind_target:
 * @board: the board the candidates are on
 * @candidates: (element-type ConferBoardElement): live elements near the
 *   point, bottom to top (a spatial index's answer)
 * @x: where the dragged arrow end is, scene x, px
 * @y: scene y, px
 * @tolerance: how far outside a shape's outline still binds, scene px
 *
 * Which shape an arrow end dropped at @x, @y binds to: the topmost
 * candidate that is a rectangle, ellipse, diamond, text, sticky note or
 * image (not a frame, nor a text bound in a container) with the point
 * inside it or within @tolerance of its outline, its angle honoured.
 *
 * Returns: (transfer none) (nullable): the shape, or %NULL for none
 */
const ConferBoardElement *
confer_board_find_bind_target (ConferBoard *board,
                               GPtrArray   *candidates,
                               double       x,
                               double       y,
                               double       tolerance)
{
  g_return_val_if_fail (candidates != NULL, NULL);

  for (guint i = candidates->len; i-- > 0;)
    {
      const ConferBoardElement *element = candidates->pdata[i];
      const char *container = confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID);
      const ConferBoardElement *holder = container != NULL ? confer_board_lookup (board, container) : NULL;
      ConferBoardBox box;
      double lx, ly;
      gboolean inside;

      if (element->deleted || !is_bindable (element) || (holder != NULL && !holder->deleted))
        continue;
      to_own_frame (board, element, x, y, &lx, &ly);
      confer_board_element_get_box (element, &box);
      if (outline_distance (element->type, &box, lx, ly, &inside) <= tolerance || inside)
        return element;
    }
  return NULL;
}
