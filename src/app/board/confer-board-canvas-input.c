/* confer-board-canvas-input.c: what the pointer, the keyboard and a pinch
 * do on the canvas, tool by tool
 *
 * A drag with a drawing tool grows a draft element, drawn over the tiles
 * and added to the board as one change when the drag ends (ink is seen by
 * the others while it is drawn, through presence). A drag of the
 * selection moves, resizes or turns it through the board for everyone to
 * see as it happens, every step after the first merged into one undo
 * step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-canvas"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "confer-board-canvas-private.h"

#define NUDGE        1     /* scene px an arrow key moves the selection */
#define NUDGE_FAR    10    /* with Shift */
#define MIN_DRAG     3     /* widget px below which a drag draws nothing */
#define NOTE_SIZE    200   /* scene px on a side of a new sticky note */
#define WHEEL_STEP   48    /* widget px a wheel notch pans */

static double
snap (ConferBoardCanvas *self,
      double             v)
{
  return self->grid ? round (v / CONFER_BOARD_GRID) * CONFER_BOARD_GRID : v;
}

static gboolean
is_drawing_tool (ConferBoardTool tool)
{
  return tool != CONFER_BOARD_TOOL_SELECT && tool != CONFER_BOARD_TOOL_HAND &&
         tool != CONFER_BOARD_TOOL_LASER && tool != CONFER_BOARD_TOOL_ERASER;
}

static void
take_doubles (ConferBoardElement *element,
              ConferBoardProp     prop,
              const double       *values,
              guint               n)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_DOUBLES };

  value.doubles = confer_board_doubles_new (values, n);
  confer_board_element_take (element, prop, &value);
}

static void
set_boolean (ConferBoardElement *element,
             ConferBoardProp     prop,
             gboolean            boolean)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_BOOLEAN, .boolean = boolean };

  confer_board_element_set (element, prop, &value);
}

/* The draft is changed in place: the canvas holds its only reference. */
static void
draft_set_box (ConferBoardCanvas *self,
               double             x,
               double             y,
               gboolean           square)
{
  double w = x - self->press_x, h = y - self->press_y;

  if (square)
    {
      double side = MAX (fabs (w), fabs (h));

      w = copysign (side, w);
      h = copysign (side, h);
    }
  confer_board_element_set_number (self->draft, CONFER_BOARD_PROP_X, MIN (self->press_x, self->press_x + w));
  confer_board_element_set_number (self->draft, CONFER_BOARD_PROP_Y, MIN (self->press_y, self->press_y + h));
  confer_board_element_set_number (self->draft, CONFER_BOARD_PROP_WIDTH, fabs (w));
  confer_board_element_set_number (self->draft, CONFER_BOARD_PROP_HEIGHT, fabs (h));
}

static void
draft_set_end (ConferBoardCanvas *self,
               double             x,
               double             y)
{
  double points[4] = { 0, 0, x - self->press_x, y - self->press_y };

  take_doubles (self->draft, CONFER_BOARD_PROP_POINTS, points, 4);
  confer_board_element_set_number (self->draft, CONFER_BOARD_PROP_WIDTH, fabs (points[2]));
  confer_board_element_set_number (self->draft, CONFER_BOARD_PROP_HEIGHT, fabs (points[3]));
}

/* Ink: a freedraw element from the gathered points, relative to the
 * first, with their pressures when a stylus gave them (else pressure is
 * simulated from speed when drawn, as Excalidraw does for a mouse). */
static ConferBoardElement *
ink_element (ConferBoardCanvas *self,
             gboolean           for_board)
{
  guint n = self->points->len / 3;
  const double *p = (const double *) self->points->data;
  g_autofree double *xy = g_new (double, 2 * MAX (n, 1));
  g_autofree double *pressures = g_new (double, MAX (n, 1));
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  ConferBoardElement *element;

  element = for_board ? confer_board_canvas_new_element (self, CONFER_BOARD_ELEMENT_FREEDRAW, p[0], p[1])
                      : confer_board_element_new (CONFER_BOARD_ELEMENT_FREEDRAW, "ink");
  if (!for_board)
    {
      for (guint q = 0; q < CONFER_BOARD_N_PROPS; q++)
        if (self->style[q].kind != CONFER_BOARD_VALUE_ABSENT && confer_board_prop_applies (q, CONFER_BOARD_ELEMENT_FREEDRAW))
          confer_board_element_set (element, q, &self->style[q]);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_X, p[0]);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, p[1]);
    }
  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = p[3 * i] - p[0];
      xy[2 * i + 1] = p[3 * i + 1] - p[1];
      pressures[i] = p[3 * i + 2];
      x0 = MIN (x0, xy[2 * i]);
      y0 = MIN (y0, xy[2 * i + 1]);
      x1 = MAX (x1, xy[2 * i]);
      y1 = MAX (y1, xy[2 * i + 1]);
    }
  take_doubles (element, CONFER_BOARD_PROP_POINTS, xy, 2 * n);
  if (self->pressure_real)
    take_doubles (element, CONFER_BOARD_PROP_PRESSURES, pressures, n);
  set_boolean (element, CONFER_BOARD_PROP_SIMULATE_PRESSURE, !self->pressure_real);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, x1 - x0);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, y1 - y0);
  return element;
}

/* The selection's box handle under a widget point. */
static ConferBoardHandle
handle_at (ConferBoardCanvas *self,
           double             wx,
           double             wy)
{
  double box[4], x0, y0, x1, y1;

  if (self->selection->len == 0 || !confer_board_canvas_can_edit (self) ||
      !confer_board_canvas_selection_box (self, box))
    return HANDLE_NONE;
  confer_board_canvas_to_widget (self, box[0], box[1], &x0, &y0);
  confer_board_canvas_to_widget (self, box[0] + box[2], box[1] + box[3], &x1, &y1);
  x0 -= 4;
  y0 -= 4;
  x1 += 4;
  y1 += 4;
  {
    double hx[] = { x0, (x0 + x1) / 2, x1, x1, x1, (x0 + x1) / 2, x0, x0, (x0 + x1) / 2 };
    double hy[] = { y0, y0, y0, (y0 + y1) / 2, y1, y1, y1, (y0 + y1) / 2, y0 - ROTATE_OFFSET };

    for (int h = HANDLE_ROTATE; h >= HANDLE_NW; h--)
      if (fabs (wx - hx[h]) <= HANDLE_SIZE && fabs (wy - hy[h]) <= HANDLE_SIZE)
        return h;
  }
  return HANDLE_NONE;
}

static gboolean
selected (ConferBoardCanvas *self,
          const char        *id)
{
  for (guint i = 0; i < self->selection->len; i++)
    if (g_str_equal (g_ptr_array_index (self->selection, i), id))
      return TRUE;
  return FALSE;
}

/* Selects an element with the others of its groups, its bound text and a
 * frame's children. */
static void
select_with_group (ConferBoardCanvas        *self,
                   const ConferBoardElement *element)
{
  const char *ids[] = { element->id, NULL };
  g_autoptr(GPtrArray) expanded = confer_board_expand_selection (confer_board_canvas_board (self), ids);

  for (guint i = 0; i < expanded->len; i++)
    if (!selected (self, g_ptr_array_index (expanded, i)))
      g_ptr_array_add (self->selection, g_strdup (g_ptr_array_index (expanded, i)));
}

static gboolean
is_locked (const ConferBoardElement *element)
{
  const ConferBoardValue *locked = confer_board_element_get (element, CONFER_BOARD_PROP_LOCKED);

  return locked->kind == CONFER_BOARD_VALUE_BOOLEAN && locked->boolean;
}

static void
erase_at (ConferBoardCanvas *self,
          double             sx,
          double             sy)
{
  const ConferBoardElement *element = confer_board_canvas_hit (self, sx, sy);

  if (element != NULL && !is_locked (element) && !g_hash_table_contains (self->erasing, element->id))
    {
      g_hash_table_add (self->erasing, g_strdup (element->id));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Selects what lies wholly inside the band, or the lasso's polygon. */
static gboolean
inside_lasso (ConferBoardCanvas *self,
              double             x,
              double             y)
{
  const double *p = (const double *) self->points->data;
  guint n = self->points->len / 3;
  gboolean in = FALSE;

  /* Even–odd crossing test. */
  for (guint i = 0, j = n - 1; i < n; j = i++)
    if ((p[3 * i + 1] > y) != (p[3 * j + 1] > y) &&
        x < (p[3 * j] - p[3 * i]) * (y - p[3 * i + 1]) / (p[3 * j + 1] - p[3 * i + 1]) + p[3 * i])
      in = !in;
  return in;
}

static void
select_enclosed (ConferBoardCanvas *self,
                 double             x0,
                 double             y0,
                 double             x1,
                 double             y1,
                 gboolean           lasso)
{
  g_autoptr(GPtrArray) elements = confer_board_canvas_query (self, x0, y0, x1 - x0, y1 - y0);

  g_ptr_array_set_size (self->selection, 0);
  for (guint i = 0; i < elements->len; i++)
    {
      const ConferBoardElement *element = g_ptr_array_index (elements, i);
      ConferBoardBox b;

      if (is_locked (element) || confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID) != NULL)
        continue;
      confer_board_element_get_rotated_box (element, &b);
      if (b.x < x0 || b.y < y0 || b.x + b.width > x1 || b.y + b.height > y1)
        continue;
      if (lasso && !(inside_lasso (self, b.x, b.y) && inside_lasso (self, b.x + b.width, b.y) &&
                     inside_lasso (self, b.x, b.y + b.height) && inside_lasso (self, b.x + b.width, b.y + b.height)))
        continue;
      if (!selected (self, element->id))
        select_with_group (self, element);
    }
  confer_board_canvas_selection_changed (self);
}

static void
add_point (ConferBoardCanvas *self,
           GtkGesture        *gesture,
           double             sx,
           double             sy)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  double pressure = 0.5, p;

  if (event != NULL && gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &p))
    {
      pressure = CLAMP (p, 0, 1);
      self->pressure_real = TRUE;
    }
  g_array_append_val (self->points, sx);
  g_array_append_val (self->points, sy);
  g_array_append_val (self->points, pressure);
}

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             wx,
               double             wy,
               ConferBoardCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  const ConferBoardElement *element;
  double sx, sy;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->editor != NULL)
    confer_board_canvas_end_text (self);
  confer_board_canvas_to_scene (self, wx, wy, &sx, &sy);
  self->press_x = sx;
  self->press_y = sy;
  self->moved_x = self->moved_y = 0;
  self->drag_angle = 0;
  self->drag_applied = FALSE;
  self->pressure_real = FALSE;
  g_array_set_size (self->points, 0);

  if (button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && (self->space_held || self->tool == CONFER_BOARD_TOOL_HAND)))
    {
      self->drag = DRAG_PAN;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      return;
    }
  if (button != GDK_BUTTON_PRIMARY || !confer_client_board_is_ready (self->board))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  if (self->tool == CONFER_BOARD_TOOL_LASER)
    {
      self->drag = DRAG_LASER;
      confer_board_canvas_laser_add (self, sx, sy);
      return;
    }
  if (self->tool == CONFER_BOARD_TOOL_SELECT)
    {
      self->handle = handle_at (self, wx, wy);
      if (self->handle != HANDLE_NONE)
        {
          confer_board_canvas_selection_box (self, self->drag_box);
          self->drag = self->handle == HANDLE_ROTATE ? DRAG_ROTATE : DRAG_RESIZE;
          return;
        }
      element = confer_board_canvas_hit (self, sx, sy);
      if (element != NULL && !is_locked (element))
        {
          if (state & GDK_SHIFT_MASK && selected (self, element->id))
            {
              for (guint i = 0; i < self->selection->len; i++)
                if (g_str_equal (g_ptr_array_index (self->selection, i), element->id))
                  g_ptr_array_remove_index (self->selection, i--);
              confer_board_canvas_selection_changed (self);
              self->drag = DRAG_NONE;
              return;
            }
          if (!selected (self, element->id))
            {
              if (!(state & GDK_SHIFT_MASK))
                g_ptr_array_set_size (self->selection, 0);
              select_with_group (self, element);
              confer_board_canvas_selection_changed (self);
            }
          self->drag = confer_board_canvas_can_edit (self) ? DRAG_MOVE : DRAG_NONE;
          return;
        }
      if (!(state & GDK_SHIFT_MASK) && self->selection->len > 0)
        {
          g_ptr_array_set_size (self->selection, 0);
          confer_board_canvas_selection_changed (self);
        }
      self->drag = state & GDK_ALT_MASK ? DRAG_LASSO : DRAG_BAND;
      if (self->drag == DRAG_LASSO)
        add_point (self, GTK_GESTURE (gesture), sx, sy);
      return;
    }
  if (!confer_board_canvas_can_edit (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  if (is_drawing_tool (self->tool) && self->tool != CONFER_BOARD_TOOL_PEN)
    {
      sx = self->press_x = snap (self, sx);
      sy = self->press_y = snap (self, sy);
    }
  switch (self->tool)
    {
    case CONFER_BOARD_TOOL_RECTANGLE:
    case CONFER_BOARD_TOOL_DIAMOND:
    case CONFER_BOARD_TOOL_ELLIPSE:
    case CONFER_BOARD_TOOL_FRAME:
      {
        static const ConferBoardElementType types[] = {
          [CONFER_BOARD_TOOL_RECTANGLE] = CONFER_BOARD_ELEMENT_RECTANGLE,
          [CONFER_BOARD_TOOL_DIAMOND] = CONFER_BOARD_ELEMENT_DIAMOND,
          [CONFER_BOARD_TOOL_ELLIPSE] = CONFER_BOARD_ELEMENT_ELLIPSE,
          [CONFER_BOARD_TOOL_FRAME] = CONFER_BOARD_ELEMENT_FRAME,
        };

        g_clear_pointer (&self->draft, confer_board_element_unref);
        self->draft = confer_board_canvas_new_element (self, types[self->tool], sx, sy);
        if (self->tool == CONFER_BOARD_TOOL_FRAME)
          {
            /* Frames go under everything they will hold. */
            g_autoptr(GError) error = NULL;
            ConferBoard *board = confer_board_canvas_board (self);
            g_autoptr(GPtrArray) all = confer_board_list (board, FALSE);
            const char *bottom = all->len > 0 ? confer_board_element_get_string (g_ptr_array_index (all, 0), CONFER_BOARD_PROP_INDEX) : NULL;
            g_autofree char *key = confer_fractional_index_between_for (NULL, bottom, confer_client_get_participant_id (self->client), &error);

            if (key != NULL)
              confer_board_element_set_string (self->draft, CONFER_BOARD_PROP_INDEX, key);
          }
        self->drag = DRAG_CREATE;
      }
      break;
    case CONFER_BOARD_TOOL_ARROW:
    case CONFER_BOARD_TOOL_LINE:
      g_clear_pointer (&self->draft, confer_board_element_unref);
      self->draft = confer_board_canvas_new_element (self, self->tool == CONFER_BOARD_TOOL_ARROW ? CONFER_BOARD_ELEMENT_ARROW
                                                                                                : CONFER_BOARD_ELEMENT_LINE, sx, sy);
      if (self->tool == CONFER_BOARD_TOOL_ARROW &&
          confer_board_element_get (self->draft, CONFER_BOARD_PROP_END_ARROWHEAD)->kind == CONFER_BOARD_VALUE_NULL &&
          self->style[CONFER_BOARD_PROP_END_ARROWHEAD].kind == CONFER_BOARD_VALUE_ABSENT)
        confer_board_element_set_string (self->draft, CONFER_BOARD_PROP_END_ARROWHEAD, "arrow");
      draft_set_end (self, sx, sy);
      self->drag = DRAG_LINEAR;
      break;
    case CONFER_BOARD_TOOL_PEN:
      add_point (self, GTK_GESTURE (gesture), sx, sy);
      self->drag = DRAG_PEN;
      confer_board_canvas_send_presence (self);
      break;
    case CONFER_BOARD_TOOL_ERASER:
      g_hash_table_remove_all (self->erasing);
      erase_at (self, sx, sy);
      self->moved_x = sx;
      self->moved_y = sy;
      self->drag = DRAG_ERASE;
      break;
    case CONFER_BOARD_TOOL_TEXT:
    case CONFER_BOARD_TOOL_STICKY_NOTE:
    case CONFER_BOARD_TOOL_IMAGE:
      /* These act on release (a click). */
      self->drag = DRAG_NONE;
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
resized_box (ConferBoardCanvas *self,
             double             dx,
             double             dy,
             gboolean           keep_ratio,
             double             out[4])
{
  double x0 = self->drag_box[0], y0 = self->drag_box[1];
  double x1 = x0 + self->drag_box[2], y1 = y0 + self->drag_box[3];

  switch (self->handle)
    {
    case HANDLE_NW: x0 += dx; y0 += dy; break;
    case HANDLE_N: y0 += dy; break;
    case HANDLE_NE: x1 += dx; y0 += dy; break;
    case HANDLE_E: x1 += dx; break;
    case HANDLE_SE: x1 += dx; y1 += dy; break;
    case HANDLE_S: y1 += dy; break;
    case HANDLE_SW: x0 += dx; y1 += dy; break;
    case HANDLE_W: x0 += dx; break;
    default: break;
    }
  if (keep_ratio && self->drag_box[2] > 0 && self->drag_box[3] > 0)
    {
      double ratio = self->drag_box[2] / self->drag_box[3];
      double w = x1 - x0, h = y1 - y0;

      if (fabs (w) / ratio > fabs (h))
        h = copysign (fabs (w) / ratio, h != 0 ? h : 1);
      else
        w = copysign (fabs (h) * ratio, w != 0 ? w : 1);
      if (self->handle == HANDLE_NW || self->handle == HANDLE_SW || self->handle == HANDLE_W)
        x0 = x1 - w;
      else
        x1 = x0 + w;
      if (self->handle == HANDLE_NW || self->handle == HANDLE_NE || self->handle == HANDLE_N)
        y0 = y1 - h;
      else
        y1 = y0 + h;
    }
  out[0] = x0;
  out[1] = y0;
  out[2] = x1 - x0;
  out[3] = y1 - y0;
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             offset_x,
                double             offset_y,
                ConferBoardCanvas *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  g_auto(GStrv) ids = NULL;
  g_autoptr(ConferBoardTx) tx = NULL;
  double start_x, start_y, wx, wy, sx, sy;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  wx = start_x + offset_x;
  wy = start_y + offset_y;
  self->pointer_x = wx;
  self->pointer_y = wy;
  self->has_pointer = TRUE;
  if (self->drag == DRAG_PAN)
    {
      double px, py;

      /* The press's scene point stays under the pointer. */
      confer_board_canvas_to_widget (self, self->press_x, self->press_y, &px, &py);
      confer_board_canvas_pan (self, px - wx, py - wy);
      return;
    }
  confer_board_canvas_to_scene (self, wx, wy, &sx, &sy);
  switch (self->drag)
    {
    case DRAG_CREATE:
      draft_set_box (self, snap (self, sx), snap (self, sy), (state & GDK_SHIFT_MASK) != 0);
      break;
    case DRAG_LINEAR:
      draft_set_end (self, snap (self, sx), snap (self, sy));
      break;
    case DRAG_PEN:
      add_point (self, GTK_GESTURE (gesture), sx, sy);
      break;
    case DRAG_MOVE:
      {
        double dx = sx - self->press_x, dy = sy - self->press_y;
        double box[4];

        if (self->grid && confer_board_canvas_selection_box (self, box))
          {
            /* The selection's corner lands on the grid. */
            dx = snap (self, box[0] - self->moved_x + dx) - (box[0] - self->moved_x);
            dy = snap (self, box[1] - self->moved_y + dy) - (box[1] - self->moved_y);
          }
        ids = confer_board_canvas_get_selection (self);
        tx = confer_board_edit_move (confer_board_canvas_board (self), (const char *const *) ids,
                                     dx - self->moved_x, dy - self->moved_y);
        if (tx != NULL && confer_board_canvas_apply (self, tx, self->drag_applied))
          {
            self->drag_applied = TRUE;
            self->moved_x = dx;
            self->moved_y = dy;
          }
      }
      break;
    case DRAG_RESIZE:
      {
        double from[4], to[4];

        if (!confer_board_canvas_selection_box (self, from))
          break;
        resized_box (self, sx - self->press_x, sy - self->press_y, (state & GDK_SHIFT_MASK) != 0, to);
        if (fabs (to[2]) < 1 || fabs (to[3]) < 1)
          break;
        ids = confer_board_canvas_get_selection (self);
        tx = confer_board_edit_resize (confer_board_canvas_board (self), (const char *const *) ids,
                                       &(ConferBoardBox) { from[0], from[1], from[2], from[3] },
                                       &(ConferBoardBox) { MIN (to[0], to[0] + to[2]), MIN (to[1], to[1] + to[3]),
                                                           fabs (to[2]), fabs (to[3]) });
        if (tx != NULL && confer_board_canvas_apply (self, tx, self->drag_applied))
          self->drag_applied = TRUE;
      }
      break;
    case DRAG_ROTATE:
      {
        double cx = self->drag_box[0] + self->drag_box[2] / 2, cy = self->drag_box[1] + self->drag_box[3] / 2;
        double angle = atan2 (sy - cy, sx - cx) - atan2 (self->press_y - cy, self->press_x - cx);

        if (state & GDK_SHIFT_MASK)
          angle = round (angle / (G_PI / 12)) * (G_PI / 12);   /* 15° steps */
        ids = confer_board_canvas_get_selection (self);
        tx = confer_board_edit_rotate (confer_board_canvas_board (self), (const char *const *) ids, cx, cy,
                                       angle - self->drag_angle);
        if (tx != NULL && confer_board_canvas_apply (self, tx, self->drag_applied))
          {
            self->drag_applied = TRUE;
            self->drag_angle = angle;
          }
      }
      break;
    case DRAG_BAND:
      select_enclosed (self, MIN (sx, self->press_x), MIN (sy, self->press_y),
                       MAX (sx, self->press_x), MAX (sy, self->press_y), FALSE);
      self->moved_x = sx;
      self->moved_y = sy;
      break;
    case DRAG_LASSO:
      add_point (self, GTK_GESTURE (gesture), sx, sy);
      break;
    case DRAG_ERASE:
      {
        /* Along the way from the last point, not only at the pointer:
         * motion events come at most once a frame. */
        double step = HIT_TOLERANCE / self->zoom;
        double dx = sx - self->moved_x, dy = sy - self->moved_y;
        guint n = (guint) MIN (ceil (sqrt (dx * dx + dy * dy) / step), 1000);

        for (guint i = 1; i <= n; i++)
          erase_at (self, self->moved_x + dx * i / n, self->moved_y + dy * i / n);
        self->moved_x = sx;
        self->moved_y = sy;
      }
      break;
    case DRAG_LASER:
      confer_board_canvas_laser_add (self, sx, sy);
      break;
    default:
      break;
    }
  confer_board_canvas_send_presence (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Puts the elements wholly inside a new frame into it. */
static void
adopt_children (ConferBoardCanvas  *self,
                ConferBoardTx      *tx,
                ConferBoardElement *frame)
{
  double x = confer_board_element_get_number (frame, CONFER_BOARD_PROP_X);
  double y = confer_board_element_get_number (frame, CONFER_BOARD_PROP_Y);
  double w = confer_board_element_get_number (frame, CONFER_BOARD_PROP_WIDTH);
  double h = confer_board_element_get_number (frame, CONFER_BOARD_PROP_HEIGHT);
  g_autoptr(GPtrArray) elements = confer_board_canvas_query (self, x, y, w, h);

  for (guint i = 0; i < elements->len; i++)
    {
      const ConferBoardElement *element = g_ptr_array_index (elements, i);
      ConferBoardBox b;

      if (element->type == CONFER_BOARD_ELEMENT_FRAME ||
          confer_board_element_get_string (element, CONFER_BOARD_PROP_FRAME_ID) != NULL)
        continue;
      confer_board_element_get_rotated_box (element, &b);
      if (b.x >= x && b.y >= y && b.x + b.width <= x + w && b.y + b.height <= y + h)
        confer_board_tx_set_string (tx, element->id, CONFER_BOARD_PROP_FRAME_ID, frame->id);
    }
}

static void
select_only (ConferBoardCanvas *self,
             const char        *id)
{
  const char *ids[] = { id, NULL };

  confer_board_canvas_set_selection (self, ids);
}

static void
finish_linear (ConferBoardCanvas *self)
{
  ConferBoard *board = confer_board_canvas_board (self);
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
  g_autoptr(ConferBoardTx) bind = NULL;
  const double *xy = confer_board_element_get (self->draft, CONFER_BOARD_PROP_POINTS)->doubles->values;
  double tolerance = HIT_TOLERANCE / self->zoom;
  const ConferBoardElement *start = NULL, *end = NULL;
  g_autofree char *id = g_strdup (self->draft->id);

  confer_board_tx_add (tx, self->draft);
  if (!confer_board_canvas_apply (self, tx, FALSE))
    return;
  if (self->draft->type == CONFER_BOARD_ELEMENT_ARROW)
    {
      double ends[4] = { self->press_x, self->press_y, self->press_x + xy[2], self->press_y + xy[3] };

      for (guint e = 0; e < 2; e++)
        {
          g_autoptr(GPtrArray) candidates = confer_board_canvas_query (self, ends[2 * e] - tolerance, ends[2 * e + 1] - tolerance,
                                                                        2 * tolerance, 2 * tolerance);
          const ConferBoardElement *target = confer_board_find_bind_target (board, candidates, ends[2 * e], ends[2 * e + 1], tolerance);

          if (e == 0)
            start = target;
          else
            end = target;
        }
      if (start == end)
        end = NULL;
      if (start != NULL || end != NULL)
        {
          bind = confer_board_edit_bind_arrow (board, id, start != NULL ? start->id : NULL, end != NULL ? end->id : NULL);
          confer_board_canvas_apply (self, bind, TRUE);
        }
    }
  select_only (self, id);
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             offset_x,
             double             offset_y,
             ConferBoardCanvas *self)
{
  ConferBoardDrag drag = self->drag;
  g_autoptr(ConferBoardTx) tx = NULL;
  gboolean far = hypot (offset_x, offset_y) >= MIN_DRAG;
  double sx, sy, start_x, start_y;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  confer_board_canvas_to_scene (self, start_x + offset_x, start_y + offset_y, &sx, &sy);
  self->drag = DRAG_NONE;
  self->handle = HANDLE_NONE;
  switch (drag)
    {
    case DRAG_PAN:
      confer_board_canvas_update_cursor (self);
      break;
    case DRAG_CREATE:
      if (far)
        {
          g_autofree char *id = g_strdup (self->draft->id);

          tx = confer_board_tx_new ();
          confer_board_tx_add (tx, self->draft);
          if (self->draft->type == CONFER_BOARD_ELEMENT_FRAME)
            adopt_children (self, tx, self->draft);
          if (confer_board_canvas_apply (self, tx, FALSE))
            select_only (self, id);
          confer_board_canvas_set_tool (self, CONFER_BOARD_TOOL_SELECT);
        }
      break;
    case DRAG_LINEAR:
      if (far)
        {
          finish_linear (self);
          confer_board_canvas_set_tool (self, CONFER_BOARD_TOOL_SELECT);
        }
      break;
    case DRAG_PEN:
      {
        g_autoptr(ConferBoardElement) ink = ink_element (self, TRUE);

        tx = confer_board_tx_new ();
        confer_board_tx_add (tx, ink);
        confer_board_canvas_apply (self, tx, FALSE);
        g_array_set_size (self->points, 0);
      }
      break;
    case DRAG_ERASE:
      {
        g_autofree const char **ids = (const char **) g_hash_table_get_keys_as_array (self->erasing, NULL);

        tx = confer_board_edit_delete (confer_board_canvas_board (self), ids);
        confer_board_canvas_apply (self, tx, FALSE);
        g_hash_table_remove_all (self->erasing);
      }
      break;
    case DRAG_LASSO:
      {
        double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

        for (guint i = 0; i + 2 < self->points->len; i += 3)
          {
            x0 = MIN (x0, g_array_index (self->points, double, i));
            y0 = MIN (y0, g_array_index (self->points, double, i + 1));
            x1 = MAX (x1, g_array_index (self->points, double, i));
            y1 = MAX (y1, g_array_index (self->points, double, i + 1));
          }
        if (self->points->len >= 9)
          select_enclosed (self, x0, y0, x1, y1, TRUE);
        g_array_set_size (self->points, 0);
      }
      break;
    case DRAG_NONE:
      if (far)
        break;
      if (self->tool == CONFER_BOARD_TOOL_TEXT && confer_board_canvas_can_edit (self))
        {
          const ConferBoardElement *hit = confer_board_canvas_hit (self, sx, sy);

          if (hit != NULL && (hit->type == CONFER_BOARD_ELEMENT_TEXT || hit->type == CONFER_BOARD_ELEMENT_STICKY_NOTE))
            confer_board_canvas_edit_text (self, hit->id, 0, 0);
          else
            confer_board_canvas_edit_text (self, NULL, snap (self, sx), snap (self, sy));
        }
      else if (self->tool == CONFER_BOARD_TOOL_STICKY_NOTE && confer_board_canvas_can_edit (self))
        {
          g_autoptr(ConferBoardElement) note = confer_board_canvas_new_element (self, CONFER_BOARD_ELEMENT_STICKY_NOTE,
                                                                                 snap (self, sx - NOTE_SIZE / 2.0),
                                                                                 snap (self, sy - NOTE_SIZE / 2.0));

          confer_board_element_set_number (note, CONFER_BOARD_PROP_WIDTH, NOTE_SIZE);
          confer_board_element_set_number (note, CONFER_BOARD_PROP_HEIGHT, NOTE_SIZE);
          tx = confer_board_tx_new ();
          confer_board_tx_add (tx, note);
          if (confer_board_canvas_apply (self, tx, FALSE))
            {
              select_only (self, note->id);
              confer_board_canvas_set_tool (self, CONFER_BOARD_TOOL_SELECT);
              confer_board_canvas_edit_text (self, note->id, 0, 0);
            }
        }
      else if (self->tool == CONFER_BOARD_TOOL_IMAGE && confer_board_canvas_can_edit (self))
        gtk_widget_activate_action (GTK_WIDGET (self), "board.insert-image", "(dd)", sx, sy);
      break;
    default:
      break;
    }
  g_clear_pointer (&self->draft, confer_board_element_unref);
  confer_board_canvas_send_presence (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_board_canvas_cancel_drag:
 * @self: a canvas
 *
 * Drops what a drag was drawing (what it moved stays moved: undo takes it
 * back).
 */
void
confer_board_canvas_cancel_drag (ConferBoardCanvas *self)
{
  if (self->drag == DRAG_NONE)
    return;
  self->drag = DRAG_NONE;
  self->handle = HANDLE_NONE;
  g_clear_pointer (&self->draft, confer_board_element_unref);
  g_array_set_size (self->points, 0);
  g_hash_table_remove_all (self->erasing);
  confer_board_canvas_send_presence (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_element (ConferBoardCanvas        *self,
              cairo_t                  *cr,
              const ConferBoardElement *element)
{
  cairo_save (cr);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_translate (cr, -self->x, -self->y);
  confer_render_element (cr, confer_board_canvas_board (self), self->images, element);
  cairo_restore (cr);
}

/**
 * confer_board_canvas_draw_drag:
 * @self: a canvas
 * @cr: the canvas's Cairo context, in widget px
 *
 * Draws what the drag under way shows over the board: the draft element,
 * the ink so far, the rubber band or lasso, what the eraser will take.
 */
void
confer_board_canvas_draw_drag (ConferBoardCanvas *self,
                               cairo_t           *cr)
{
  double x0, y0, x1, y1;

  switch (self->drag)
    {
    case DRAG_CREATE:
    case DRAG_LINEAR:
      draw_element (self, cr, self->draft);
      break;
    case DRAG_PEN:
      {
        g_autoptr(ConferBoardElement) ink = ink_element (self, FALSE);

        draw_element (self, cr, ink);
      }
      break;
    case DRAG_BAND:
      confer_board_canvas_to_widget (self, self->press_x, self->press_y, &x0, &y0);
      confer_board_canvas_to_widget (self, self->moved_x, self->moved_y, &x1, &y1);
      cairo_rectangle (cr, MIN (x0, x1) + 0.5, MIN (y0, y1) + 0.5, fabs (x1 - x0), fabs (y1 - y0));
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      break;
    case DRAG_LASSO:
      for (guint i = 0; i + 2 < self->points->len; i += 3)
        {
          confer_board_canvas_to_widget (self, g_array_index (self->points, double, i),
                                         g_array_index (self->points, double, i + 1), &x0, &y0);
          cairo_line_to (cr, x0, y0);
        }
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 4, 4 }, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case DRAG_ERASE:
      {
        GHashTableIter iter;
        gpointer id;

        /* What will go is veiled. */
        g_hash_table_iter_init (&iter, self->erasing);
        while (g_hash_table_iter_next (&iter, &id, NULL))
          {
            double box[4];

            if (!confer_board_index_get (self->index, id, &box[0], &box[1], &box[2], &box[3]))
              continue;
            confer_board_canvas_to_widget (self, box[0], box[1], &x0, &y0);
            cairo_rectangle (cr, x0, y0, box[2] * self->zoom, box[3] * self->zoom);
          }
        cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
        cairo_fill (cr);
      }
      break;
    default:
      break;
    }
}

/* The pointer */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ConferBoardCanvas        *self)
{
  static const char *const cursors[] = {
    "nwse-resize", "ns-resize", "nesw-resize", "ew-resize", "nwse-resize", "ns-resize", "nesw-resize",
    "ew-resize", "grab",
  };

  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
  if (self->tool == CONFER_BOARD_TOOL_SELECT && self->drag == DRAG_NONE && !self->space_held)
    {
      ConferBoardHandle handle = handle_at (self, x, y);

      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), handle != HANDLE_NONE ? cursors[handle] : "default");
    }
  confer_board_canvas_send_presence (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          ConferBoardCanvas        *self)
{
  self->has_pointer = FALSE;
  confer_board_canvas_send_presence (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ConferBoardCanvas        *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (1.1, -dy) : exp (-dy / 100);

      confer_board_canvas_zoom_at (self, self->zoom * factor, self->pointer_x, self->pointer_y);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= WHEEL_STEP;
      dy *= WHEEL_STEP;
    }
  confer_board_canvas_pan (self, dx, dy);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture        *gesture,
               GdkEventSequence  *sequence,
               ConferBoardCanvas *self)
{
  self->zoom_begin = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom    *gesture,
                       double             scale,
                       ConferBoardCanvas *self)
{
  double x, y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  confer_board_canvas_zoom_at (self, self->zoom_begin * scale, x, y);
}

/* The keyboard */

static char *
describe (const ConferBoardElement *element)
{
  static const char *const kinds[] = {
    N_("Rectangle"), N_("Ellipse"), N_("Diamond"), N_("Line"), N_("Arrow"), N_("Ink stroke"),
    N_("Text"), N_("Sticky note"), N_("Image"), N_("Frame"),
  };
  const char *text = confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT);
  const char *name = confer_board_element_get_string (element, CONFER_BOARD_PROP_NAME);
  ConferBoardBox box;

  confer_board_element_get_box (element, &box);
  /* Translators: an element read out as the keyboard reaches it: "Rectangle “Plan”, 200 by 100 at 30, 40". */
  return g_strdup_printf (_("%s%s%s%s, %.0f by %.0f at %.0f, %.0f"), _(kinds[element->type]),
                          text != NULL || name != NULL ? " “" : "",
                          text != NULL ? text : name != NULL ? name : "",
                          text != NULL || name != NULL ? "”" : "",
                          box.width, box.height, box.x, box.y);
}

/* Tab and Shift+Tab go from element to element, bottom to top, each
 * selected, brought into view and read out. */
static void
cycle (ConferBoardCanvas *self,
       gboolean           back)
{
  g_autoptr(GPtrArray) elements = confer_board_list (confer_board_canvas_board (self), FALSE);
  const ConferBoardElement *element;
  g_autofree char *description = NULL;
  double box[4];
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));

  for (guint i = elements->len; i > 0; i--)
    if (confer_board_element_get_string (g_ptr_array_index (elements, i - 1), CONFER_BOARD_PROP_CONTAINER_ID) != NULL)
      g_ptr_array_remove_index (elements, i - 1);
  if (elements->len == 0)
    return;
  if (self->selection->len == 0)
    self->focus_index = back ? elements->len - 1 : 0;
  else
    self->focus_index = (self->focus_index + (back ? elements->len - 1 : 1)) % elements->len;
  element = g_ptr_array_index (elements, self->focus_index);
  select_only (self, element->id);
  if (confer_board_canvas_selection_box (self, box))
    {
      double x0, y0;

      confer_board_canvas_to_widget (self, box[0], box[1], &x0, &y0);
      if (x0 < 0 || y0 < 0 || x0 + box[2] * self->zoom > width || y0 + box[3] * self->zoom > height)
        confer_board_canvas_set_view (self, box[0] + box[2] / 2 - width / 2.0 / self->zoom,
                                      box[1] + box[3] / 2 - height / 2.0 / self->zoom, self->zoom);
    }
  description = describe (element);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
nudge (ConferBoardCanvas *self,
       double             dx,
       double             dy)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(ConferBoardTx) tx = NULL;

  if (self->selection->len == 0)
    {
      confer_board_canvas_pan (self, dx * WHEEL_STEP, dy * WHEEL_STEP);
      return;
    }
  if (!confer_board_canvas_can_edit (self))
    return;
  ids = confer_board_canvas_get_selection (self);
  tx = confer_board_edit_move (confer_board_canvas_board (self), (const char *const *) ids, dx, dy);
  confer_board_canvas_apply (self, tx, FALSE);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ConferBoardCanvas     *self)
{
  double step = state & GDK_SHIFT_MASK ? NUDGE_FAR : NUDGE;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_space:
      if (!self->space_held && self->drag == DRAG_NONE)
        {
          self->space_held = TRUE;
          confer_board_canvas_update_cursor (self);
        }
      return TRUE;
    case GDK_KEY_Escape:
      if (self->drag != DRAG_NONE)
        confer_board_canvas_cancel_drag (self);
      else if (self->selection->len > 0)
        confer_board_canvas_set_selection (self, NULL);
      else
        confer_board_canvas_set_tool (self, CONFER_BOARD_TOOL_SELECT);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      cycle (self, keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK));
      return TRUE;
    case GDK_KEY_Left:
      nudge (self, -step, 0);
      return TRUE;
    case GDK_KEY_Right:
      nudge (self, step, 0);
      return TRUE;
    case GDK_KEY_Up:
      nudge (self, 0, -step);
      return TRUE;
    case GDK_KEY_Down:
      nudge (self, 0, step);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->selection->len == 1 && confer_board_canvas_can_edit (self))
        {
          const ConferBoardElement *element = confer_board_lookup (confer_board_canvas_board (self),
                                                                   g_ptr_array_index (self->selection, 0));

          if (element != NULL && (element->type == CONFER_BOARD_ELEMENT_TEXT || element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE))
            {
              confer_board_canvas_edit_text (self, element->id, 0, 0);
              return TRUE;
            }
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 ConferBoardCanvas     *self)
{
  if (keyval == GDK_KEY_space && self->space_held)
    {
      self->space_held = FALSE;
      if (self->drag != DRAG_PAN)
        confer_board_canvas_update_cursor (self);
    }
}

/* A double click edits a text or a sticky note in place. */
static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            ConferBoardCanvas *self)
{
  const ConferBoardElement *element;
  double sx, sy;

  if (n_press != 2 || self->tool != CONFER_BOARD_TOOL_SELECT || !confer_board_canvas_can_edit (self))
    return;
  confer_board_canvas_to_scene (self, x, y, &sx, &sy);
  element = confer_board_canvas_hit (self, sx, sy);
  if (element != NULL && (element->type == CONFER_BOARD_ELEMENT_TEXT || element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE))
    confer_board_canvas_edit_text (self, element->id, 0, 0);
}

void
confer_board_canvas_init_input (ConferBoardCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *key = gtk_event_controller_key_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_group (click, drag);

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (key, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}

