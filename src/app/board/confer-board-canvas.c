/* confer-board-canvas.c: the infinite canvas a board is drawn and edited
 * on: the view (pan and zoom), drawing from tiles, and keeping the
 * spatial index and the tiles current as the board changes
 *
 * The board is drawn from a tile cache (confer-board-tiles.c) fed by a
 * spatial index of the elements' drawn boxes (ConferBoardIndex): panning
 * copies kept tiles, a change redraws only the boxes it touched, and only
 * elements meeting a tile are drawn into it. What moves every frame (the
 * selection's handles, the element being drawn, others' pointers, strokes
 * and laser trails) is drawn over the tiles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-canvas"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "confer-board-canvas-private.h"

G_DEFINE_FINAL_TYPE (ConferBoardCanvas, confer_board_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_ZOOM,
  PROP_GRID,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const tool_names[] = {
  "select", "hand", "rectangle", "diamond", "ellipse", "arrow", "line", "pen",
  "text", "sticky-note", "image", "eraser", "frame", "laser",
};

G_STATIC_ASSERT (G_N_ELEMENTS (tool_names) == CONFER_BOARD_N_TOOLS);

/**
 * confer_board_tool_get_name:
 * @tool: a tool
 *
 * Returns: its name in the `board.tool` action's target (`select`,
 *   `sticky-note`…)
 */
const char *
confer_board_tool_get_name (ConferBoardTool tool)
{
  g_return_val_if_fail (tool < CONFER_BOARD_N_TOOLS, NULL);

  return tool_names[tool];
}

/**
 * confer_board_tool_from_name:
 * @name: a tool's name
 * @tool: (out): the tool
 *
 * Returns: %FALSE if @name names no tool
 */
gboolean
confer_board_tool_from_name (const char      *name,
                             ConferBoardTool *tool)
{
  for (guint i = 0; i < CONFER_BOARD_N_TOOLS; i++)
    if (g_strcmp0 (name, tool_names[i]) == 0)
      {
        *tool = i;
        return TRUE;
      }
  return FALSE;
}

/* Helpers for the canvas's other files */

ConferBoard *
confer_board_canvas_board (ConferBoardCanvas *self)
{
  return confer_client_board_get_board (self->board);
}

void
confer_board_canvas_to_scene (ConferBoardCanvas *self,
                              double             wx,
                              double             wy,
                              double            *sx,
                              double            *sy)
{
  *sx = self->x + wx / self->zoom;
  *sy = self->y + wy / self->zoom;
}

void
confer_board_canvas_to_widget (ConferBoardCanvas *self,
                               double             sx,
                               double             sy,
                               double            *wx,
                               double            *wy)
{
  *wx = (sx - self->x) * self->zoom;
  *wy = (sy - self->y) * self->zoom;
}

gboolean
confer_board_canvas_can_edit (ConferBoardCanvas *self)
{
  return confer_role_can_edit (confer_client_get_role (self->client)) &&
         confer_client_board_is_ready (self->board);
}

/* Applies a change of this participant's; a refusal (which a correct
 * canvas never meets) is logged. */
gboolean
confer_board_canvas_apply (ConferBoardCanvas *self,
                           ConferBoardTx     *tx,
                           gboolean           merge_undo)
{
  g_autoptr(GError) error = NULL;

  if (tx == NULL || tx->ops->len == 0)
    return FALSE;
  if (!confer_client_board_apply (self->board, tx, merge_undo, &error))
    {
      g_warning ("A change was refused: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* A z-order key above every element: new elements go on top. */
char *
confer_board_canvas_next_key (ConferBoardCanvas *self)
{
  g_autoptr(GError) error = NULL;
  char *key = confer_fractional_index_between_for (self->top_key, NULL,
                                                    confer_client_get_participant_id (self->client), &error);

  if (key == NULL)
    g_warning ("No key above %s: %s", self->top_key, error->message);
  return key;
}

/* A new element at (@x, @y) in the style chosen for new elements, on top. */
ConferBoardElement *
confer_board_canvas_new_element (ConferBoardCanvas      *self,
                                 ConferBoardElementType  type,
                                 double                  x,
                                 double                  y)
{
  g_autofree char *id = confer_board_id_new ();
  g_autofree char *key = confer_board_canvas_next_key (self);
  ConferBoardElement *element = confer_board_element_new (type, id);

  for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
    if (self->style[p].kind != CONFER_BOARD_VALUE_ABSENT && confer_board_prop_applies (p, type))
      confer_board_element_set (element, p, &self->style[p]);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_X, x);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, y);
  if (key != NULL)
    confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, key);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_UPDATED, (double) (g_get_real_time () / 1000));
  return element;
}

/* The live elements whose drawn boxes meet a box of the scene, bottom to
 * top. */
GPtrArray *
confer_board_canvas_query (ConferBoardCanvas *self,
                           double             x,
                           double             y,
                           double             width,
                           double             height)
{
  ConferBoard *board = confer_board_canvas_board (self);
  g_autoptr(GPtrArray) ids = confer_board_index_query_ids (self->index, x, y, width, height);
  GPtrArray *elements = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    {
      ConferBoardElement *element = confer_board_lookup (board, g_ptr_array_index (ids, i));

      if (element != NULL && !element->deleted)
        g_ptr_array_add (elements, element);
    }
  confer_board_sort (elements);
  return elements;
}

/* The topmost element at a scene point, within a few widget px. */
const ConferBoardElement *
confer_board_canvas_hit (ConferBoardCanvas *self,
                         double             sx,
                         double             sy)
{
  double tolerance = HIT_TOLERANCE / self->zoom;
  g_autoptr(GPtrArray) elements = confer_board_canvas_query (self, sx - tolerance, sy - tolerance,
                                                              2 * tolerance, 2 * tolerance);
  ConferBoard *board = confer_board_canvas_board (self);

  for (guint i = elements->len; i > 0; i--)
    {
      const ConferBoardElement *element = g_ptr_array_index (elements, i - 1);

      if (confer_board_element_hit (board, element, sx, sy, tolerance))
        return element;
    }
  return NULL;
}

/* The box of the selection (each element's turned box), scene px. */
gboolean
confer_board_canvas_selection_box (ConferBoardCanvas *self,
                                   double             box[4])
{
  ConferBoard *board = confer_board_canvas_board (self);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < self->selection->len; i++)
    {
      const ConferBoardElement *element = confer_board_lookup (board, g_ptr_array_index (self->selection, i));
      ConferBoardBox b;

      if (element == NULL || element->deleted)
        continue;
      confer_board_element_get_rotated_box (element, &b);
      x0 = MIN (x0, b.x);
      y0 = MIN (y0, b.y);
      x1 = MAX (x1, b.x + b.width);
      y1 = MAX (y1, b.y + b.height);
    }
  if (x0 > x1)
    return FALSE;
  box[0] = x0;
  box[1] = y0;
  box[2] = x1 - x0;
  box[3] = y1 - y0;
  return TRUE;
}

void
confer_board_canvas_selection_changed (ConferBoardCanvas *self)
{
  confer_board_canvas_send_presence (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The index and tiles */

static void
scene_init (ConferBoardCanvas *self,
            ConferBoardScene  *scene)
{
  scene->board = confer_board_canvas_board (self);
  scene->index = self->index;
  scene->images = self->images;
  scene->paper = (ConferRenderColour) { 1, 1, 1, 1 };
  scene->grid = self->grid ? CONFER_BOARD_GRID : 0;
  scene->hidden = self->editing_id;
}

/* Redraws where an element is drawn (a text going into or out of its
 * editor, say). */
void
confer_board_canvas_damage (ConferBoardCanvas *self,
                            const char        *id)
{
  ConferRenderBox box;

  if (id != NULL && confer_board_index_get (self->index, id, &box.x, &box.y, &box.width, &box.height))
    confer_board_tiles_damage (self->tiles, &box);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
raise_top_key (ConferBoardCanvas        *self,
               const ConferBoardElement *element)
{
  const char *key = confer_board_element_get_string (element, CONFER_BOARD_PROP_INDEX);

  if (key != NULL && g_strcmp0 (key, self->top_key) > 0)
    {
      g_free (self->top_key);
      self->top_key = g_strdup (key);
    }
}

/* Puts an element's drawn box in the index (or takes it out), damaging
 * where it was and where it is. */
static void
refresh (ConferBoardCanvas *self,
         ConferBoard       *board,
         const char        *id)
{
  const ConferBoardElement *element = confer_board_lookup (board, id);
  ConferRenderBox box;

  if (confer_board_index_get (self->index, id, &box.x, &box.y, &box.width, &box.height))
    confer_board_tiles_damage (self->tiles, &box);
  if (element == NULL || element->deleted)
    {
      confer_board_index_remove (self->index, id);
      return;
    }
  confer_render_element_get_bounds (board, element, &box);
  confer_board_index_set (self->index, id, box.x, box.y, box.width, box.height);
  confer_board_tiles_damage (self->tiles, &box);
  raise_top_key (self, element);
}

static void
images_got_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(ConferBoardCanvas) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) got = confer_client_get_blobs_finish (CONFER_CLIENT (source), result, &error);
  GHashTableIter iter;
  gpointer name, bytes;

  if (got == NULL)
    {
      g_debug ("Could not fetch the board's images: %s", error->message);
      return;
    }
  g_hash_table_iter_init (&iter, got);
  while (g_hash_table_iter_next (&iter, &name, &bytes))
    g_hash_table_insert (self->images, g_strdup (name), g_bytes_ref (bytes));
  confer_board_tiles_clear (self->tiles);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Images not fetched yet are asked for, in a worker thread. */
static void
fetch_image (ConferBoardCanvas        *self,
             const ConferBoardElement *element,
             GPtrArray                *names)
{
  const char *file_id = confer_board_element_get_string (element, CONFER_BOARD_PROP_FILE_ID);

  if (file_id == NULL || g_hash_table_contains (self->fetching, file_id) ||
      g_hash_table_contains (self->images, file_id))
    return;
  g_hash_table_add (self->fetching, g_strdup (file_id));
  g_ptr_array_add (names, g_strdup (file_id));
}

static void
fetch_images (ConferBoardCanvas *self,
              GPtrArray         *names)
{
  if (names->len > 0)
    confer_client_get_blobs_async (self->client, names, NULL, images_got_cb, g_object_ref (self));
}

/* Everything indexed afresh (the board arrived or was reset). */
static void
reindex (ConferBoardCanvas *self)
{
  ConferBoard *board = confer_board_canvas_board (self);
  g_autoptr(GPtrArray) elements = confer_board_list (board, FALSE);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  confer_board_index_clear (self->index);
  for (guint i = 0; i < elements->len; i++)
    {
      const ConferBoardElement *element = g_ptr_array_index (elements, i);
      ConferRenderBox box;

      confer_render_element_get_bounds (board, element, &box);
      confer_board_index_set (self->index, element->id, box.x, box.y, box.width, box.height);
      raise_top_key (self, element);
      fetch_image (self, element, names);
    }
  fetch_images (self, names);
  confer_board_tiles_clear (self->tiles);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ready_cb (ConferBoardCanvas *self)
{
  reindex (self);
  self->fitted = gtk_widget_get_width (GTK_WIDGET (self)) > 0;
  if (self->fitted)
    confer_board_canvas_zoom_to_fit (self, FALSE);
}

static void
changed_cb (ConferBoardCanvas *self,
            GHashTable        *touched)
{
  ConferBoard *board = confer_board_canvas_board (self);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  gboolean lost = FALSE;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const ConferBoardElement *element = confer_board_lookup (board, key);
      const ConferBoardValue *bound;

      refresh (self, board, key);
      if (element == NULL)
        continue;
      fetch_image (self, element, names);
      /* A container's text is drawn in the container's box. */
      bound = confer_board_element_get (element, CONFER_BOARD_PROP_BOUND_ELEMENTS);
      if (bound->kind == CONFER_BOARD_VALUE_JSON && JSON_NODE_HOLDS_ARRAY (bound->json))
        {
          JsonArray *array = json_node_get_array (bound->json);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonObject *entry = json_array_get_object_element (array, i);

              if (g_strcmp0 (json_object_get_string_member_with_default (entry, "type", NULL), "text") == 0)
                refresh (self, board, json_object_get_string_member (entry, "id"));
            }
        }
    }
  fetch_images (self, names);
  /* What others deleted leaves the selection. */
  for (guint i = self->selection->len; i > 0; i--)
    {
      const ConferBoardElement *element = confer_board_lookup (board, g_ptr_array_index (self->selection, i - 1));

      if (element == NULL || element->deleted)
        {
          g_ptr_array_remove_index (self->selection, i - 1);
          lost = TRUE;
        }
    }
  if (self->editing_id != NULL)
    {
      const ConferBoardElement *element = confer_board_lookup (board, self->editing_id);

      if (element == NULL || element->deleted)
        confer_board_canvas_end_text (self);
      else
        confer_board_canvas_place_editor (self);
    }
  if (lost)
    confer_board_canvas_selection_changed (self);
  else
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Tiles around the view are drawn while nothing else happens. */
static gboolean
prepare_cb (gpointer data)
{
  ConferBoardCanvas *self = data;
  ConferBoardScene scene;
  double device = self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gboolean in_view;

  scene_init (self, &scene);
  if (confer_board_tiles_get_scale (self->tiles) == device &&
      confer_board_tiles_prepare (self->tiles, &scene, self->x * device, self->y * device,
                                  gtk_widget_get_width (GTK_WIDGET (self)) * factor,
                                  gtk_widget_get_height (GTK_WIDGET (self)) * factor, &in_view))
    {
      if (in_view)
        gtk_widget_queue_draw (GTK_WIDGET (self));
      return G_SOURCE_CONTINUE;
    }
  self->prepare_id = 0;
  return G_SOURCE_REMOVE;
}

/* Drawing */

static void
draw_selection (ConferBoardCanvas *self,
                cairo_t           *cr)
{
  ConferBoard *board = confer_board_canvas_board (self);
  double box[4], x0, y0, x1, y1;

  if (self->selection->len == 0 || self->drag == DRAG_BAND || self->drag == DRAG_LASSO)
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);   /* GNOME's accent blue */
  /* Each element's outline when several are chosen */
  if (self->selection->len > 1)
    for (guint i = 0; i < self->selection->len; i++)
      {
        const ConferBoardElement *element = confer_board_lookup (board, g_ptr_array_index (self->selection, i));
        ConferBoardBox b;

        if (element == NULL || element->deleted)
          continue;
        confer_board_element_get_rotated_box (element, &b);
        confer_board_canvas_to_widget (self, b.x, b.y, &x0, &y0);
        cairo_rectangle (cr, round (x0) + 0.5, round (y0) + 0.5, round (b.width * self->zoom), round (b.height * self->zoom));
        cairo_stroke (cr);
      }
  if (!confer_board_canvas_selection_box (self, box))
    {
      cairo_restore (cr);
      return;
    }
  confer_board_canvas_to_widget (self, box[0], box[1], &x0, &y0);
  confer_board_canvas_to_widget (self, box[0] + box[2], box[1] + box[3], &x1, &y1);
  x0 = round (x0 - 4) + 0.5;
  y0 = round (y0 - 4) + 0.5;
  x1 = round (x1 + 4) + 0.5;
  y1 = round (y1 + 4) + 0.5;
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  if (self->drag != DRAG_MOVE && confer_board_canvas_can_edit (self))
    {
      double hx[] = { x0, (x0 + x1) / 2, x1, x1, x1, (x0 + x1) / 2, x0, x0 };
      double hy[] = { y0, y0, y0, (y0 + y1) / 2, y1, y1, y1, (y0 + y1) / 2 };

      for (guint h = 0; h < G_N_ELEMENTS (hx); h++)
        {
          cairo_rectangle (cr, round (hx[h] - HANDLE_SIZE / 2.0) + 0.5, round (hy[h] - HANDLE_SIZE / 2.0) + 0.5,
                           HANDLE_SIZE, HANDLE_SIZE);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
          cairo_stroke (cr);
        }
      cairo_arc (cr, (x0 + x1) / 2, y0 - ROTATE_OFFSET, HANDLE_SIZE / 2.0 + 1, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* What is drawn over the tiles (the drag, the selection, the others),
 * as a node only as large as what it draws: GSK repaints the node's box,
 * so a pointer or a stroke moving elsewhere does not repaint the board. */
static void
snapshot_overlay (ConferBoardCanvas *self,
                  GtkSnapshot       *snapshot,
                  int                width,
                  int                height)
{
  cairo_rectangle_t area = { 0, 0, width, height };
  cairo_surface_t *recording;
  double x, y, w, h;
  cairo_t *cr;

  if (self->drag == DRAG_NONE && self->selection->len == 0 && self->laser->len == 0 &&
      g_hash_table_size (self->others) == 0)
    return;
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &area);
  cr = cairo_create (recording);
  confer_board_canvas_draw_drag (self, cr);
  draw_selection (self, cr);
  confer_board_canvas_draw_others (self, cr);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (recording, &x, &y, &w, &h);
  if (w > 0 && h > 0)
    {
      double x0 = MAX (floor (x), 0), y0 = MAX (floor (y), 0);
      double x1 = MIN (ceil (x + w), width), y1 = MIN (ceil (y + h), height);

      if (x1 > x0 && y1 > y0)
        {
          cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
          cairo_set_source_surface (cr, recording, 0, 0);
          cairo_paint (cr);
          cairo_destroy (cr);
        }
    }
  cairo_surface_destroy (recording);
}

static void
confer_board_canvas_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int factor = gtk_widget_get_scale_factor (widget);
  double device = self->zoom * factor;
  ConferBoardScene scene;

  if (width <= 0 || height <= 0)
    return;
  if (!confer_client_board_is_ready (self->board))
    {
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }
  scene_init (self, &scene);
  confer_board_tiles_set_scale (self->tiles, device);
  /* Paper under the tiles, for those not drawn yet. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { scene.paper.red, scene.paper.green, scene.paper.blue, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* Tiles still missing are drawn when idle (prepare_cb, below). */
  confer_board_tiles_snapshot (self->tiles, &scene, snapshot, self->x * device, self->y * device,
                               width * factor, height * factor, factor);
  snapshot_overlay (self, snapshot, width, height);
  if (self->editor != NULL)
    gtk_widget_snapshot_child (widget, self->editor, snapshot);

  if (self->prepare_id == 0)
    self->prepare_id = g_idle_add_full (G_PRIORITY_LOW, prepare_cb, self, NULL);
}

/* The view */

static void
view_changed (ConferBoardCanvas *self)
{
  if (self->editor != NULL)
    confer_board_canvas_place_editor (self);
  confer_board_canvas_send_presence (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_board_canvas_get_zoom:
 * @self: a canvas
 *
 * Returns: widget px per scene px, from %CONFER_BOARD_MIN_ZOOM to
 *   %CONFER_BOARD_MAX_ZOOM
 */
double
confer_board_canvas_get_zoom (ConferBoardCanvas *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), 1);

  return self->zoom;
}

/**
 * confer_board_canvas_zoom_at:
 * @self: a canvas
 * @zoom: the new zoom, widget px per scene px (clamped to
 *   %CONFER_BOARD_MIN_ZOOM … %CONFER_BOARD_MAX_ZOOM)
 * @x: a point of the widget that stays put, widget px
 * @y: likewise
 *
 * Zooms about a point (the pointer, the middle of a pinch).
 */
void
confer_board_canvas_zoom_at (ConferBoardCanvas *self,
                             double             zoom,
                             double             x,
                             double             y)
{
  double sx, sy;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  zoom = CLAMP (zoom, CONFER_BOARD_MIN_ZOOM, CONFER_BOARD_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  confer_board_canvas_to_scene (self, x, y, &sx, &sy);
  self->zoom = zoom;
  self->x = sx - x / zoom;
  self->y = sy - y / zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  view_changed (self);
}

/**
 * confer_board_canvas_pan:
 * @self: a canvas
 * @dx: how far the view moves right, widget px
 * @dy: how far it moves down, widget px
 *
 * Moves the view (the board moves the other way on screen). Panning stops
 * following another participant.
 */
void
confer_board_canvas_pan (ConferBoardCanvas *self,
                         double             dx,
                         double             dy)
{
  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  self->x += dx / self->zoom;
  self->y += dy / self->zoom;
  confer_board_canvas_follow (self, NULL);
  view_changed (self);
}

/**
 * confer_board_canvas_get_view:
 * @self: a canvas
 * @x: (out): the scene x at the widget's left edge, scene px
 * @y: (out): the scene y at its top edge, scene px
 *
 * Where the view is.
 */
void
confer_board_canvas_get_view (ConferBoardCanvas *self,
                              double            *x,
                              double            *y)
{
  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  *x = self->x;
  *y = self->y;
}

/**
 * confer_board_canvas_set_view:
 * @self: a canvas
 * @x: the scene x at the widget's left edge, scene px
 * @y: the scene y at its top edge, scene px
 * @zoom: widget px per scene px (clamped)
 *
 * Moves the view.
 */
void
confer_board_canvas_set_view (ConferBoardCanvas *self,
                              double             x,
                              double             y,
                              double             zoom)
{
  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  zoom = CLAMP (zoom, CONFER_BOARD_MIN_ZOOM, CONFER_BOARD_MAX_ZOOM);
  self->x = x;
  self->y = y;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  view_changed (self);
}

/**
 * confer_board_canvas_zoom_to_fit:
 * @self: a canvas
 * @selection: whether to fit the selection (else the whole board)
 *
 * Centres the board (or the selection) and zooms so that it fits with a
 * margin, never above 100 % when fitting the board. An empty board shows
 * the scene's origin at 100 %.
 */
void
confer_board_canvas_zoom_to_fit (ConferBoardCanvas *self,
                                 gboolean           selection)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  double box[4], zoom;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  if (selection ? !confer_board_canvas_selection_box (self, box)
                : !confer_board_index_get_bounds (self->index, &box[0], &box[1], &box[2], &box[3]))
    {
      if (!selection)
        confer_board_canvas_set_view (self, -width / 2.0, -height / 2.0, 1);
      return;
    }
  if (width <= 0 || height <= 0)
    {
      width = 800;
      height = 600;
    }
  zoom = MIN ((width - 64) / MAX (box[2], 1), (height - 64) / MAX (box[3], 1));
  if (!selection)
    zoom = MIN (zoom, 1);
  zoom = CLAMP (zoom, CONFER_BOARD_MIN_ZOOM, CONFER_BOARD_MAX_ZOOM);
  confer_board_canvas_set_view (self, box[0] + box[2] / 2 - width / 2.0 / zoom,
                                box[1] + box[3] / 2 - height / 2.0 / zoom, zoom);
}

/**
 * confer_board_canvas_get_grid:
 * @self: a canvas
 *
 * Returns: whether the grid shows (and new and moved elements snap to it)
 */
gboolean
confer_board_canvas_get_grid (ConferBoardCanvas *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), FALSE);

  return self->grid;
}

/**
 * confer_board_canvas_set_grid:
 * @self: a canvas
 * @grid: whether to show a grid of %CONFER_BOARD_GRID scene px and snap
 *   to it
 *
 * Shows or hides the grid.
 */
void
confer_board_canvas_set_grid (ConferBoardCanvas *self,
                              gboolean           grid)
{
  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  grid = !!grid;
  if (grid == self->grid)
    return;
  self->grid = grid;
  confer_board_tiles_clear (self->tiles);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRID]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Tools, selection and style */

/**
 * confer_board_canvas_get_tool:
 * @self: a canvas
 *
 * Returns: the tool in use
 */
ConferBoardTool
confer_board_canvas_get_tool (ConferBoardCanvas *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), CONFER_BOARD_TOOL_SELECT);

  return self->tool;
}

/**
 * confer_board_canvas_set_tool:
 * @self: a canvas
 * @tool: the tool to use
 *
 * Changes the tool; a drag under way is cancelled, and the pointer's
 * cursor shows the tool.
 */
void
confer_board_canvas_set_tool (ConferBoardCanvas *self,
                              ConferBoardTool    tool)
{
  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));
  g_return_if_fail (tool < CONFER_BOARD_N_TOOLS);

  if (tool == self->tool)
    return;
  confer_board_canvas_cancel_drag (self);
  self->tool = tool;
  confer_board_canvas_update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

/* The pointer's shape shows the tool (or the hand while Space is held). */
void
confer_board_canvas_update_cursor (ConferBoardCanvas *self)
{
  static const char *const cursors[] = {
    "default", "grab", "crosshair", "crosshair", "crosshair", "crosshair", "crosshair", "crosshair",
    "text", "crosshair", "copy", "cell", "crosshair", "crosshair",
  };

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->space_held ? "grab" : cursors[self->tool]);
}

/**
 * confer_board_canvas_get_selection:
 * @self: a canvas
 *
 * Returns: (transfer full): the ids of the selected elements, in the
 *   order they were chosen
 */
GStrv
confer_board_canvas_get_selection (ConferBoardCanvas *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv ids;

  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), NULL);

  for (guint i = 0; i < self->selection->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->selection, i));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

/**
 * confer_board_canvas_set_selection:
 * @self: a canvas
 * @ids: (nullable): element ids (those of no live element are skipped)
 *
 * Selects exactly those elements (none for %NULL).
 */
void
confer_board_canvas_set_selection (ConferBoardCanvas *self,
                                   const char *const *ids)
{
  ConferBoard *board;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  board = confer_board_canvas_board (self);
  g_ptr_array_set_size (self->selection, 0);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const ConferBoardElement *element = confer_board_lookup (board, ids[i]);

      if (element != NULL && !element->deleted)
        g_ptr_array_add (self->selection, g_strdup (ids[i]));
    }
  confer_board_canvas_selection_changed (self);
}

/**
 * confer_board_canvas_set_style:
 * @self: a canvas
 * @prop: a style property (colours, widths, styles, roughness, opacity,
 *   font size and family, alignment)
 * @value: its value, valid for @prop (confer_board_value_from_json()
 *   checks one)
 *
 * Sets @prop on the selected elements that have it, as one change, and
 * for the elements drawn from now on.
 */
void
confer_board_canvas_set_style (ConferBoardCanvas      *self,
                               ConferBoardProp         prop,
                               const ConferBoardValue *value)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(ConferBoardTx) tx = NULL;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));
  g_return_if_fail (prop < CONFER_BOARD_N_PROPS);

  confer_board_value_clear (&self->style[prop]);
  confer_board_value_copy (&self->style[prop], value);
  if (self->selection->len == 0 || !confer_board_canvas_can_edit (self))
    return;
  ids = confer_board_canvas_get_selection (self);
  tx = confer_board_edit_set (confer_board_canvas_board (self), (const char *const *) ids, prop, value);
  confer_board_canvas_apply (self, tx, FALSE);
}

/**
 * confer_board_canvas_get_style:
 * @self: a canvas
 * @prop: a style property
 *
 * The value @prop shows in the properties panel: that of the first
 * selected element having it, else the one chosen for new elements, else
 * absent (Excalidraw's default applies).
 *
 * Returns: (transfer none): the value
 */
const ConferBoardValue *
confer_board_canvas_get_style (ConferBoardCanvas *self,
                               ConferBoardProp    prop)
{
  ConferBoard *board;

  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), NULL);
  g_return_val_if_fail (prop < CONFER_BOARD_N_PROPS, NULL);

  board = confer_board_canvas_board (self);
  for (guint i = 0; i < self->selection->len; i++)
    {
      const ConferBoardElement *element = confer_board_lookup (board, g_ptr_array_index (self->selection, i));

      if (element != NULL && confer_board_prop_applies (prop, element->type))
        return confer_board_element_get (element, prop);
    }
  return &self->style[prop];
}

/**
 * confer_board_canvas_add_image:
 * @self: a canvas
 * @bytes: a PNG, JPEG, GIF or WebP image, already uploaded as a blob
 * @x: where its centre goes, scene px
 * @y: likewise
 *
 * Puts the image on the board, at most 400 px on its longer side, and
 * selects it. Bytes GDK cannot read add nothing (a warning says so).
 */
void
confer_board_canvas_add_image (ConferBoardCanvas *self,
                               GBytes            *bytes,
                               double             x,
                               double             y)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, &error);
  g_autoptr(ConferBoardElement) image = NULL;
  g_autoptr(ConferBoardTx) tx = NULL;
  g_autofree char *name = NULL;
  double width, height, shrink;
  const char *ids[2] = { NULL, NULL };

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  if (texture == NULL)
    {
      g_warning ("Not an image: %s", error->message);
      return;
    }
  name = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  shrink = MIN (1, 400 / MAX (width, height));
  width *= shrink;
  height *= shrink;
  image = confer_board_canvas_new_element (self, CONFER_BOARD_ELEMENT_IMAGE, x - width / 2, y - height / 2);
  confer_board_element_set_number (image, CONFER_BOARD_PROP_WIDTH, width);
  confer_board_element_set_number (image, CONFER_BOARD_PROP_HEIGHT, height);
  confer_board_element_set_string (image, CONFER_BOARD_PROP_FILE_ID, name);
  confer_board_element_set_string (image, CONFER_BOARD_PROP_STATUS, "saved");
  g_hash_table_insert (self->images, g_strdup (name), g_bytes_ref (bytes));
  tx = confer_board_tx_new ();
  confer_board_tx_add (tx, image);
  if (!confer_board_canvas_apply (self, tx, FALSE))
    return;
  ids[0] = image->id;
  confer_board_canvas_set_selection (self, ids);
}

/**
 * confer_board_canvas_get_board:
 * @self: a canvas
 *
 * Returns: (transfer none): the board it shows
 */
ConferClientBoard *
confer_board_canvas_get_board (ConferBoardCanvas *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), NULL);

  return self->board;
}

/* GObject */

static void
confer_board_canvas_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (widget);

  /* A board that arrived before the canvas had a size is fitted now. */
  if (!self->fitted && confer_client_board_is_ready (self->board))
    {
      self->fitted = TRUE;
      confer_board_canvas_zoom_to_fit (self, FALSE);
    }
  if (self->editor != NULL)
    confer_board_canvas_place_editor (self);
}

static void
confer_board_canvas_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_string (value, tool_names[self->tool]);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_GRID:
      g_value_set_boolean (value, self->grid);
      break;
    case PROP_FOLLOWING:
      g_value_set_string (value, self->following);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_board_canvas_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (object);
  ConferBoardTool tool;

  switch (prop_id)
    {
    case PROP_TOOL:
      if (confer_board_tool_from_name (g_value_get_string (value), &tool))
        confer_board_canvas_set_tool (self, tool);
      break;
    case PROP_GRID:
      confer_board_canvas_set_grid (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_board_canvas_dispose (GObject *object)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (object);

  confer_board_canvas_end_text (self);
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  if (self->laser_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->laser_tick);
      self->laser_tick = 0;
    }
  g_clear_object (&self->board);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confer_board_canvas_parent_class)->dispose (object);
}

static void
confer_board_canvas_finalize (GObject *object)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (object);

  g_clear_pointer (&self->index, confer_board_index_free);
  g_clear_pointer (&self->tiles, confer_board_tiles_free);
  g_clear_pointer (&self->images, g_hash_table_unref);
  g_clear_pointer (&self->fetching, g_hash_table_unref);
  g_clear_pointer (&self->selection, g_ptr_array_unref);
  g_clear_pointer (&self->draft, confer_board_element_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->erasing, g_hash_table_unref);
  g_clear_pointer (&self->others, g_hash_table_unref);
  g_clear_pointer (&self->laser, g_array_unref);
  for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
    confer_board_value_clear (&self->style[p]);
  g_free (self->top_key);
  g_free (self->following);
  g_free (self->editing_id);

  G_OBJECT_CLASS (confer_board_canvas_parent_class)->finalize (object);
}

static void
confer_board_canvas_class_init (ConferBoardCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_board_canvas_dispose;
  object_class->finalize = confer_board_canvas_finalize;
  object_class->get_property = confer_board_canvas_get_property;
  object_class->set_property = confer_board_canvas_set_property;
  widget_class->snapshot = confer_board_canvas_snapshot;
  widget_class->size_allocate = confer_board_canvas_size_allocate;

  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "select", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, CONFER_BOARD_MIN_ZOOM, CONFER_BOARD_MAX_ZOOM, 1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRID] =
    g_param_spec_boolean ("grid", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FOLLOWING] =
    g_param_spec_string ("following", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferBoardCanvas::selection-changed:
   *
   * The selection, or a selected element, changed.
   */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "board-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
confer_board_canvas_init (ConferBoardCanvas *self)
{
  self->zoom = 1;
  self->index = confer_board_index_new ();
  self->tiles = confer_board_tiles_new ();
  self->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selection = g_ptr_array_new_with_free_func (g_free);
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  self->erasing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->laser = g_array_new (FALSE, FALSE, sizeof (LaserPoint));
  self->handle = HANDLE_NONE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "default");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Board canvas"), -1);
  confer_board_canvas_init_input (self);
}

/**
 * confer_board_canvas_new:
 * @client: the client the board is open in (a reference is taken): its
 *   participant id, role and participants, and the images' credentials
 * @board: an open board (a reference is taken)
 *
 * Returns: (transfer floating): a canvas showing @board, fitted to the
 *   view once it arrives, for this participant to draw on with the others
 */
GtkWidget *
confer_board_canvas_new (ConferClient      *client,
                         ConferClientBoard *board)
{
  ConferBoardCanvas *self;

  g_return_val_if_fail (CONFER_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (board), NULL);

  self = g_object_new (CONFER_TYPE_BOARD_CANVAS, NULL);
  self->client = g_object_ref (client);
  self->board = g_object_ref (board);
  g_signal_connect_swapped (board, "ready", G_CALLBACK (ready_cb), self);
  g_signal_connect_swapped (board, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (board, "presence", G_CALLBACK (confer_board_canvas_presence_cb), self);
  if (confer_client_board_is_ready (board))
    reindex (self);
  return GTK_WIDGET (self);
}
