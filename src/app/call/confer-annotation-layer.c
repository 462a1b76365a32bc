/* confer-annotation-layer.c: ink over a shared screen — everyone's
 * strokes drawn over a #ConferScreenView, the pen, and the sharer's
 * Clear Annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-annotation-layer"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "confer-annotation-layer.h"
#include "confer-render.h"

/* How often the stroke being drawn is sent, at most, ms (the board's
 * presence rate, 30 a second). */
#define SEND_INTERVAL_MS 33

/**
 * ConferAnnotationLayer:
 *
 * Sits over a #ConferScreenView in its #GtkOverlay and draws the strokes
 * of the screen it is given (confer_annotation_layer_set_screen(): the
 * sharer's member id) — finished ones and those being drawn, from the
 * client's #ConferClientAnnotations — each in its author's colour, with
 * the board's ink (confer_render_ink(): perfect-freehand's outline), in
 * the shared screen's pixels through confer_screen_view_from_screen(), so
 * they follow the view's zoom and pan (#ConferScreenView::view-changed).
 *
 * Its toolbar, at the top right: *Draw* (the pen), a toggle: while on,
 * dragging over the screen draws instead of panning — the stroke is sent
 * as it grows (at most every 33 ms) and added when the button is
 * released; and, for the screen this side shares, *Clear Annotations*.
 * While *Draw* is off the layer lets every event through to the view;
 * while it is on, the layer hands its scrolls to the view
 * (confer_screen_view_scroll()), so Ctrl+scroll still zooms.
 */
struct _ConferAnnotationLayer
{
  GtkWidget                parent_instance;

  ConferScreenView        *view;
  ConferClient            *client;
  ConferClientAnnotations *annotations;
  char                    *screen;      /* the sharer's member id, or NULL */
  GtkWidget               *toolbar;
  GtkToggleButton         *draw_button;
  GtkWidget               *clear_button;
  GArray                  *stroke;      /* double: x, y, pressure; this side's, being drawn */
  GPtrArray               *pending;     /* GArray: this side's finished strokes the server has not answered */
  gint64                   sent;        /* µs, monotonic: the stroke was last sent */
  guint                    send_source;
  GCancellable            *cancellable;
  double                   pointer_x;   /* layer (= view) px, or -1 */
  double                   pointer_y;
};

G_DEFINE_FINAL_TYPE (ConferAnnotationLayer, confer_annotation_layer, GTK_TYPE_WIDGET)

static void
toast (ConferAnnotationLayer *self,
       const char            *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static const char *
own_member (ConferAnnotationLayer *self)
{
  return self->client != NULL ? confer_client_call_get_member_id (confer_client_get_call (self->client)) : NULL;
}

static void
update_toolbar (ConferAnnotationLayer *self)
{
  gboolean own = self->screen != NULL && g_strcmp0 (self->screen, own_member (self)) == 0;

  gtk_widget_set_visible (self->toolbar, self->screen != NULL);
  gtk_widget_set_visible (self->clear_button, own);
}

/* Draws @points (x, y, pressure) in the colour @css. */
static void
draw_stroke (cairo_t      *cr,
             const GArray *points,
             const char   *css)
{
  ConferRenderColour colour = { 0.4, 0.4, 0.4, 1 };

  if (css != NULL)
    confer_render_colour_parse (css, &colour);
  confer_render_ink (cr, (const double *) (void *) points->data, points->len / 3, CONFER_ANNOTATION_STROKE_WIDTH,
                     &colour);
}

static void
confer_annotation_layer_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  ConferAnnotationLayer *self = CONFER_ANNOTATION_LAYER (widget);
  GdkTexture *texture = confer_screen_view_get_texture (self->view);

  if (self->screen != NULL && self->annotations != NULL && texture != NULL)
    {
      g_autoptr(GPtrArray) strokes = confer_client_annotations_list (self->annotations, self->screen);
      double left, top, right, bottom;
      cairo_t *cr;

      /* Where the screen's frame is in the view (the layer covers the
       * view exactly), and its scale. */
      confer_screen_view_from_screen (self->view, 0, 0, &left, &top);
      confer_screen_view_from_screen (self->view, gdk_texture_get_width (texture), gdk_texture_get_height (texture),
                                      &right, &bottom);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                                     gtk_widget_get_height (widget)));
      cairo_rectangle (cr, left, top, right - left, bottom - top);
      cairo_clip (cr);
      cairo_translate (cr, left, top);
      cairo_scale (cr, (right - left) / gdk_texture_get_width (texture), (bottom - top) / gdk_texture_get_height (texture));
      for (guint i = 0; i < strokes->len; i++)
        {
          ConferAnnotation *annotation = strokes->pdata[i];
          ConferParticipant *author = confer_client_find_participant (self->client, annotation->participant);

          draw_stroke (cr, annotation->points, author != NULL ? confer_participant_get_colour (author) : NULL);
        }
      for (guint i = 0; i < self->pending->len; i++)
        draw_stroke (cr, self->pending->pdata[i], confer_client_get_own_colour (self->client));
      draw_stroke (cr, self->stroke, confer_client_get_own_colour (self->client));
      cairo_destroy (cr);
    }
  gtk_widget_snapshot_child (widget, self->toolbar, snapshot);
}

/* While drawing, the whole layer takes the pointer; otherwise only its
 * toolbar does, and the view below pans and zooms. */
static gboolean
confer_annotation_layer_contains (GtkWidget *widget,
                                  double     x,
                                  double     y)
{
  ConferAnnotationLayer *self = CONFER_ANNOTATION_LAYER (widget);

  return self->screen != NULL && gtk_toggle_button_get_active (self->draw_button);
}

static void
changed_cb (ConferAnnotationLayer *self,
            const char            *screen)
{
  if (g_strcmp0 (screen, self->screen) == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
stop_stroke (ConferAnnotationLayer *self)
{
  g_clear_handle_id (&self->send_source, g_source_remove);
  g_array_set_size (self->stroke, 0);
}

static void
confer_annotation_layer_dispose (GObject *object)
{
  ConferAnnotationLayer *self = CONFER_ANNOTATION_LAYER (object);

  confer_annotation_layer_set_client (self, NULL);
  g_clear_handle_id (&self->send_source, g_source_remove);
  g_clear_pointer (&self->toolbar, gtk_widget_unparent);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (confer_annotation_layer_parent_class)->dispose (object);
}

static void
confer_annotation_layer_finalize (GObject *object)
{
  ConferAnnotationLayer *self = CONFER_ANNOTATION_LAYER (object);

  g_free (self->screen);
  g_array_unref (self->stroke);
  g_ptr_array_unref (self->pending);

  G_OBJECT_CLASS (confer_annotation_layer_parent_class)->finalize (object);
}

static void
confer_annotation_layer_class_init (ConferAnnotationLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_annotation_layer_dispose;
  object_class->finalize = confer_annotation_layer_finalize;
  widget_class->snapshot = confer_annotation_layer_snapshot;
  widget_class->contains = confer_annotation_layer_contains;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annotation-layer");
}

/* Sends the stroke being drawn as it is now. */
static gboolean
send_stroke_cb (gpointer data)
{
  ConferAnnotationLayer *self = data;

  self->send_source = 0;
  self->sent = g_get_monotonic_time ();
  if (self->screen != NULL && self->annotations != NULL)
    confer_client_annotations_draw (self->annotations, self->screen, (const double *) (void *) self->stroke->data,
                                    MIN (self->stroke->len / 3, CONFER_ANNOTATION_MAX_POINTS));
  return G_SOURCE_REMOVE;
}

/* Adds the point of the view at (@x, @y) to the stroke being drawn,
 * kept on the screen's frame, and sends the stroke — at once if it was
 * last sent SEND_INTERVAL_MS ago, else then. */
static void
add_point (ConferAnnotationLayer *self,
           double                 x,
           double                 y)
{
  GdkTexture *texture = confer_screen_view_get_texture (self->view);
  double point[3] = { 0, 0, 0.5 };
  gint64 wait_us;

  if (texture == NULL || self->stroke->len / 3 >= CONFER_ANNOTATION_MAX_POINTS)
    return;
  confer_screen_view_to_screen (self->view, x, y, &point[0], &point[1]);
  point[0] = CLAMP (point[0], 0, MIN (gdk_texture_get_width (texture), CONFER_ANNOTATION_MAX_COORDINATE));
  point[1] = CLAMP (point[1], 0, MIN (gdk_texture_get_height (texture), CONFER_ANNOTATION_MAX_COORDINATE));
  g_array_append_vals (self->stroke, point, 3);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->send_source != 0)
    return;
  wait_us = self->sent + SEND_INTERVAL_MS * 1000 - g_get_monotonic_time ();
  if (wait_us <= 0)
    send_stroke_cb (self);
  else
    self->send_source = g_timeout_add ((guint) (wait_us / 1000) + 1, send_stroke_cb, self);
}

static void
drag_begin_cb (GtkGestureDrag        *drag,
               double                 x,
               double                 y,
               ConferAnnotationLayer *self)
{
  double screen_x, screen_y;

  stop_stroke (self);
  if (self->screen == NULL || !confer_screen_view_to_screen (self->view, x, y, &screen_x, &screen_y))
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
  add_point (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag        *drag,
                double                 offset_x,
                double                 offset_y,
                ConferAnnotationLayer *self)
{
  double x, y;

  if (self->stroke->len == 0 || !gtk_gesture_drag_get_start_point (drag, &x, &y))
    return;
  add_point (self, x + offset_x, y + offset_y);
}

typedef struct
{
  ConferAnnotationLayer *self;   /* owned */
  GArray                *stroke; /* in self->pending */
} Added;

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Added *added = data;
  g_autoptr(ConferAnnotationLayer) self = added->self;
  g_autoptr(GError) error = NULL;

  if (!confer_client_annotations_add_finish (CONFER_CLIENT_ANNOTATIONS (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not draw on the screen: %s"), error->message);

      toast (self, text);
    }
  g_ptr_array_remove (self->pending, added->stroke);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_free (added);
}

static void
drag_end_cb (GtkGestureDrag        *drag,
             double                 offset_x,
             double                 offset_y,
             ConferAnnotationLayer *self)
{
  Added *added;

  if (self->stroke->len == 0)
    return;
  g_clear_handle_id (&self->send_source, g_source_remove);
  added = g_new0 (Added, 1);
  added->self = g_object_ref (self);
  added->stroke = g_array_copy (self->stroke);
  g_ptr_array_add (self->pending, added->stroke);
  g_array_set_size (self->stroke, 0);
  confer_client_annotations_add_async (self->annotations, self->screen, (const double *) (void *) added->stroke->data,
                                       added->stroke->len / 3, self->cancellable, added_cb, added);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ConferAnnotationLayer) self = data;
  g_autoptr(GError) error = NULL;

  if (!confer_client_annotations_clear_finish (CONFER_CLIENT_ANNOTATIONS (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not clear the annotations: %s"), error->message);

      toast (self, text);
    }
}

static void
clear_clicked_cb (ConferAnnotationLayer *self)
{
  if (self->screen != NULL && self->annotations != NULL)
    confer_client_annotations_clear_async (self->annotations, self->screen, self->cancellable, cleared_cb,
                                           g_object_ref (self));
}

static void
draw_toggled_cb (ConferAnnotationLayer *self)
{
  gboolean drawing = gtk_toggle_button_get_active (self->draw_button);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), drawing ? "crosshair" : NULL);
  if (!drawing)
    stop_stroke (self);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           ConferAnnotationLayer    *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
leave_cb (GtkEventControllerMotion *motion,
          ConferAnnotationLayer    *self)
{
  self->pointer_x = self->pointer_y = -1;
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           ConferAnnotationLayer    *self)
{
  return confer_screen_view_scroll (self->view, dx, dy,
                                    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll)),
                                    self->pointer_x, self->pointer_y);
}

static void
confer_annotation_layer_init (ConferAnnotationLayer *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  self->stroke = g_array_new (FALSE, FALSE, sizeof (double));
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  self->toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->toolbar, "osd");
  gtk_widget_add_css_class (self->toolbar, "toolbar");
  gtk_widget_set_halign (self->toolbar, GTK_ALIGN_END);
  gtk_widget_set_valign (self->toolbar, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->toolbar, 6);
  gtk_widget_set_margin_end (self->toolbar, 6);

  self->draw_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->draw_button), "confer-tool-pen-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->draw_button), _("Draw on the Screen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->draw_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Draw"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("While on, dragging over the shared screen draws on it for everyone"), -1);
  g_signal_connect_swapped (self->draw_button, "toggled", G_CALLBACK (draw_toggled_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), GTK_WIDGET (self->draw_button));

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-all-symbolic");
  gtk_widget_set_tooltip_text (self->clear_button, _("Clear Annotations"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Clear Annotations"), -1);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->clear_button);
  gtk_widget_set_parent (self->toolbar, GTK_WIDGET (self));

  /* Presses on the layer itself only (drawing), not on its toolbar. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_TARGET);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  self->pointer_x = self->pointer_y = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  update_toolbar (self);
}

/**
 * confer_annotation_layer_new:
 * @view: the screen view the layer covers in a #GtkOverlay (its
 *   coordinates are the view's)
 *
 * Returns: (transfer floating): a layer showing no screen's annotations
 */
GtkWidget *
confer_annotation_layer_new (ConferScreenView *view)
{
  ConferAnnotationLayer *self = g_object_new (CONFER_TYPE_ANNOTATION_LAYER, NULL);

  g_return_val_if_fail (CONFER_IS_SCREEN_VIEW (view), NULL);

  self->view = g_object_ref (view);
  g_signal_connect_object (view, "view-changed", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * confer_annotation_layer_set_client:
 * @self: a layer
 * @client: (nullable): the session's client, whose annotations are shown
 *   and sent
 */
void
confer_annotation_layer_set_client (ConferAnnotationLayer *self,
                                    ConferClient          *client)
{
  g_return_if_fail (CONFER_IS_ANNOTATION_LAYER (self));

  if (self->client == client)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
  g_clear_object (&self->annotations);
  g_set_object (&self->client, client);
  stop_stroke (self);
  g_ptr_array_set_size (self->pending, 0);
  if (client != NULL)
    {
      self->cancellable = g_cancellable_new ();
      self->annotations = g_object_ref (confer_client_get_annotations (client));
      g_signal_connect_swapped (self->annotations, "changed", G_CALLBACK (changed_cb), self);
    }
  update_toolbar (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_annotation_layer_set_screen:
 * @self: a layer
 * @screen: (nullable): the member id of the sharer whose screen the view
 *   shows (this side's own for its preview), or %NULL for none
 *
 * Shows that screen's annotations; a stroke being drawn on another
 * screen is given up.
 */
void
confer_annotation_layer_set_screen (ConferAnnotationLayer *self,
                                    const char            *screen)
{
  g_return_if_fail (CONFER_IS_ANNOTATION_LAYER (self));

  if (g_strcmp0 (screen, self->screen) != 0)
    {
      if (self->stroke->len > 0 && self->screen != NULL && self->annotations != NULL)
        confer_client_annotations_draw (self->annotations, self->screen, NULL, 0);
      stop_stroke (self);
      g_free (self->screen);
      self->screen = g_strdup (screen);
      /* Dragging pans the next screen shown until Draw is chosen again. */
      gtk_toggle_button_set_active (self->draw_button, FALSE);
    }
  update_toolbar (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_annotation_layer_get_screen:
 * @self: a layer
 *
 * Returns: (nullable): the member id of the sharer whose annotations are
 *   shown
 */
const char *
confer_annotation_layer_get_screen (ConferAnnotationLayer *self)
{
  g_return_val_if_fail (CONFER_IS_ANNOTATION_LAYER (self), NULL);

  return self->screen;
}
