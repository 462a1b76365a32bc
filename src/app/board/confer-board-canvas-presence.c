/* confer-board-canvas-presence.c: the others on the board — their
 * pointers with their names, the strokes they are drawing, their
 * selections, laser trails — this participant's own presence sent to
 * them, and following someone's view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-canvas"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "confer-board-canvas-private.h"

/**
 * confer_board_canvas_send_presence:
 * @self: a canvas
 *
 * Tells the others where this participant's pointer and view are, what
 * they selected, and the ink or laser trail they are drawing (the client
 * sends at most 30 of these a second).
 */
void
confer_board_canvas_send_presence (ConferBoardCanvas *self)
{
  g_auto(GStrv) selection = NULL;
  g_autoptr(GArray) trail = NULL;
  ConferBoardPresence presence = { 0, };

  if (self->board == NULL || !confer_client_board_is_ready (self->board))
    return;
  if (self->has_pointer)
    {
      presence.has_pointer = TRUE;
      confer_board_canvas_to_scene (self, self->pointer_x, self->pointer_y, &presence.pointer[0], &presence.pointer[1]);
    }
  presence.has_viewport = TRUE;
  presence.viewport[0] = self->x;
  presence.viewport[1] = self->y;
  presence.viewport[2] = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1) / self->zoom;
  presence.viewport[3] = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1) / self->zoom;
  selection = confer_board_canvas_get_selection (self);
  presence.selection = selection;
  if (self->drag == DRAG_PEN)
    presence.stroke = self->points;
  else if (self->drag == DRAG_LASER)
    {
      trail = g_array_sized_new (FALSE, FALSE, sizeof (double), 3 * self->laser->len);
      for (guint i = 0; i < self->laser->len; i++)
        {
          const LaserPoint *point = &g_array_index (self->laser, LaserPoint, i);
          double triple[3] = { point->x, point->y, 0.5 };

          g_array_append_vals (trail, triple, 3);
        }
      presence.stroke = trail;
      presence.laser = TRUE;
    }
  confer_client_board_set_presence (self->board, &presence);
}

/* Laser trails fade: points older than LASER_FADE_MS go, and the canvas
 * redraws every frame while any remain. */
static gboolean
prune (GArray *trail,
       gint64  now)
{
  guint old = 0;

  while (old < trail->len && now - g_array_index (trail, LaserPoint, old).time > LASER_FADE_MS * 1000)
    old++;
  g_array_remove_range (trail, 0, old);
  return trail->len > 0;
}

static gboolean
laser_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  ConferBoardCanvas *self = CONFER_BOARD_CANVAS (widget);
  gint64 now = g_get_monotonic_time ();
  gboolean more = prune (self->laser, now);
  GHashTableIter iter;
  gpointer trail;

  g_hash_table_iter_init (&iter, self->others);
  while (g_hash_table_iter_next (&iter, NULL, &trail))
    more |= prune (trail, now);
  gtk_widget_queue_draw (widget);
  if (more || self->drag == DRAG_LASER)
    return G_SOURCE_CONTINUE;
  self->laser_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
start_fading (ConferBoardCanvas *self)
{
  if (self->laser_tick == 0)
    self->laser_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), laser_tick_cb, NULL, NULL);
}

static void
trail_add (GArray *trail,
           double  x,
           double  y)
{
  LaserPoint point = { x, y, g_get_monotonic_time () };

  g_array_append_val (trail, point);
}

/**
 * confer_board_canvas_laser_add:
 * @self: a canvas
 * @x: where the laser points, scene px
 * @y: likewise
 *
 * Extends this participant's laser trail.
 */
void
confer_board_canvas_laser_add (ConferBoardCanvas *self,
                               double             x,
                               double             y)
{
  trail_add (self->laser, x, y);
  start_fading (self);
}

/* The points of a relayed trail not seen yet join the local one, timed
 * as they arrive. */
static void
merge_trail (GArray       *trail,
             const GArray *stroke)
{
  guint n = stroke->len / 3, first = 0;

  if (trail->len > 0)
    {
      const LaserPoint *last = &g_array_index (trail, LaserPoint, trail->len - 1);

      for (guint i = n; i > 0; i--)
        if (g_array_index (stroke, double, 3 * (i - 1)) == last->x &&
            g_array_index (stroke, double, 3 * (i - 1) + 1) == last->y)
          {
            first = i;
            break;
          }
    }
  for (guint i = first; i < n; i++)
    trail_add (trail, g_array_index (stroke, double, 3 * i), g_array_index (stroke, double, 3 * i + 1));
}

static void
follow_view (ConferBoardCanvas         *self,
             const ConferBoardPresence *presence)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom;

  if (!presence->has_viewport || width <= 0 || height <= 0)
    return;
  zoom = MIN (width / MAX (presence->viewport[2], 1), height / MAX (presence->viewport[3], 1));
  zoom = CLAMP (zoom, CONFER_BOARD_MIN_ZOOM, CONFER_BOARD_MAX_ZOOM);
  confer_board_canvas_set_view (self, presence->viewport[0] + presence->viewport[2] / 2 - width / 2.0 / zoom,
                                presence->viewport[1] + presence->viewport[3] / 2 - height / 2.0 / zoom, zoom);
}

/**
 * confer_board_canvas_presence_cb:
 * @self: a canvas
 * @participant_id: whose presence changed
 *
 * Shows another participant's new presence (and follows their view when
 * following them).
 */
void
confer_board_canvas_presence_cb (ConferBoardCanvas *self,
                                 const char        *participant_id)
{
  const ConferBoardPresence *presence = confer_client_board_get_presence (self->board, participant_id);
  GArray *trail = g_hash_table_lookup (self->others, participant_id);

  if (presence == NULL)
    {
      if (g_strcmp0 (participant_id, self->following) == 0)
        confer_board_canvas_follow (self, NULL);
    }
  else if (trail == NULL)
    {
      trail = g_array_new (FALSE, FALSE, sizeof (LaserPoint));
      g_hash_table_insert (self->others, g_strdup (participant_id), trail);
    }
  if (presence != NULL && presence->laser && presence->stroke != NULL)
    {
      merge_trail (trail, presence->stroke);
      start_fading (self);
    }
  if (presence != NULL && g_strcmp0 (participant_id, self->following) == 0)
    follow_view (self, presence);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_board_canvas_follow:
 * @self: a canvas
 * @participant_id: (nullable): another participant on the board, or
 *   %NULL to stop following
 *
 * Follows their view: the canvas shows what they see, as they pan and
 * zoom, until this participant pans (or they leave).
 */
void
confer_board_canvas_follow (ConferBoardCanvas *self,
                            const char        *participant_id)
{
  const ConferBoardPresence *presence;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  if (g_strcmp0 (participant_id, self->following) == 0)
    return;
  g_free (self->following);
  self->following = g_strdup (participant_id);
  g_object_notify (G_OBJECT (self), "following");
  presence = participant_id != NULL ? confer_client_board_get_presence (self->board, participant_id) : NULL;
  if (presence != NULL)
    follow_view (self, presence);
}

/**
 * confer_board_canvas_get_following:
 * @self: a canvas
 *
 * Returns: (nullable): the participant id whose view it follows
 */
const char *
confer_board_canvas_get_following (ConferBoardCanvas *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_CANVAS (self), NULL);

  return self->following;
}

static void
draw_trail (ConferBoardCanvas *self,
            cairo_t           *cr,
            GArray            *trail,
            gint64             now)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 1; i < trail->len; i++)
    {
      const LaserPoint *a = &g_array_index (trail, LaserPoint, i - 1);
      const LaserPoint *b = &g_array_index (trail, LaserPoint, i);
      double life = 1 - (now - b->time) / (LASER_FADE_MS * 1000.0);
      double x0, y0, x1, y1;

      if (life <= 0)
        continue;
      confer_board_canvas_to_widget (self, a->x, a->y, &x0, &y0);
      confer_board_canvas_to_widget (self, b->x, b->y, &x1, &y1);
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1, y1);
      cairo_set_line_width (cr, 1 + 4 * life);
      cairo_set_source_rgba (cr, 1, 0.15, 0.15, 0.9 * life);
      cairo_stroke (cr);
    }
}

static void
draw_pointer (ConferBoardCanvas        *self,
              cairo_t                  *cr,
              double                    x,
              double                    y,
              const ConferRenderColour *colour,
              const char               *name)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), name);
  int text_width, text_height;

  /* An arrow pointer, outlined in white to show on any colour. */
  cairo_move_to (cr, x, y);
  cairo_rel_line_to (cr, 0, 16);
  cairo_rel_line_to (cr, 4.5, -4);
  cairo_rel_line_to (cr, 6.5, 0);
  cairo_close_path (cr);
  confer_render_colour_set_source (cr, colour);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* Their name on a pill of their colour. */
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + 14 + text_height / 2.0, y + 18 + text_height / 2.0, text_height / 2.0 + 2, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, x + 14 + text_height / 2.0 + text_width, y + 18 + text_height / 2.0, text_height / 2.0 + 2, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  confer_render_colour_set_source (cr, colour);
  cairo_fill (cr);
  cairo_move_to (cr, x + 14 + text_height / 2.0, y + 18);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
}

/**
 * confer_board_canvas_draw_others:
 * @self: a canvas
 * @cr: the canvas's Cairo context, in widget px
 *
 * Draws the others' selections (outlined in their colours), the strokes
 * they are drawing, all laser trails (this participant's too) and their
 * pointers with their names, over the board.
 */
void
confer_board_canvas_draw_others (ConferBoardCanvas *self,
                                 cairo_t           *cr)
{
  ConferBoard *board = confer_board_canvas_board (self);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer id, trail;

  cairo_save (cr);
  g_hash_table_iter_init (&iter, self->others);
  while (g_hash_table_iter_next (&iter, &id, &trail))
    {
      const ConferBoardPresence *presence = confer_client_board_get_presence (self->board, id);
      ConferParticipant *participant = confer_client_find_participant (self->client, id);
      ConferRenderColour colour = { 0.4, 0.4, 0.4, 1 };

      draw_trail (self, cr, trail, now);
      if (presence == NULL)
        continue;
      if (participant != NULL)
        confer_render_colour_parse (confer_participant_get_colour (participant), &colour);
      for (guint i = 0; presence->selection != NULL && presence->selection[i] != NULL; i++)
        {
          const ConferBoardElement *element = confer_board_lookup (board, presence->selection[i]);
          ConferBoardBox box;
          double x, y;

          if (element == NULL || element->deleted)
            continue;
          confer_board_element_get_rotated_box (element, &box);
          confer_board_canvas_to_widget (self, box.x, box.y, &x, &y);
          cairo_rectangle (cr, round (x - 3) + 0.5, round (y - 3) + 0.5,
                           round (box.width * self->zoom + 6), round (box.height * self->zoom + 6));
          confer_render_colour_set_source (cr, &colour);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
      if (presence->stroke != NULL && !presence->laser && presence->stroke->len >= 3)
        {
          /* A little see-through while drawn. */
          ConferRenderColour ink = { colour.red, colour.green, colour.blue, 0.8 };

          cairo_save (cr);
          cairo_scale (cr, self->zoom, self->zoom);
          cairo_translate (cr, -self->x, -self->y);
          confer_render_ink (cr, (const double *) (void *) presence->stroke->data, presence->stroke->len / 3,
                             2 /* strokeWidth's default */, &ink);
          cairo_restore (cr);
        }
      if (presence->has_pointer)
        {
          double x, y;

          confer_board_canvas_to_widget (self, presence->pointer[0], presence->pointer[1], &x, &y);
          draw_pointer (self, cr, x, y, &colour, participant != NULL ? confer_participant_get_name (participant) : _("Someone"));
        }
    }
  draw_trail (self, cr, self->laser, now);
  cairo_restore (cr);
}
