/* confer-screen-view.c: a screen another member shares, large, zoomed
 * and panned by its viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-screen-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "confer-screen-view.h"

/* One step of Ctrl+plus or Ctrl+minus, and of one scroll wheel notch with
 * Ctrl held (the factor GNOME's image viewer, Loupe, zooms by per step). */
#define ZOOM_STEP 1.25
/* How far a scroll wheel notch pans a zoomed screen, logical px. */
#define SCROLL_PAN 48.0

/**
 * ConferScreenView:
 *
 * The latest frame of a shared screen, as large as the view allows
 * (letterboxed: zoom 1 fits it whole), which its viewer can zoom up to
 * %CONFER_SCREEN_VIEW_MAX_ZOOM times — Ctrl+scroll and pinching zoom
 * around the pointer or the fingers, Ctrl+plus, Ctrl+minus and Ctrl+0
 * around the middle — and pan when zoomed, by dragging or scrolling. The
 * frame never leaves the view: a zoomed screen's edges stop at the view's.
 *
 * **Overlays** (annotations drawn over the shared screen) sit above it in
 * a #GtkOverlay and place what they draw in the shared screen's own
 * pixels: confer_screen_view_to_screen() and
 * confer_screen_view_from_screen() convert between the view's
 * coordinates and the screen's, and ::view-changed says when that
 * mapping changed (zoom, pan, the view's or the screen's size).
 */
struct _ConferScreenView
{
  GtkWidget   parent_instance;

  GdkTexture *texture;
  double      zoom;          /* 1 (fits) to CONFER_SCREEN_VIEW_MAX_ZOOM */
  double      center_x;      /* the screen's point at the view's middle, screen px */
  double      center_y;
  double      pointer_x;     /* the pointer's last place, view px; -1 when outside */
  double      pointer_y;
  double      pinch_zoom;    /* zoom when the pinch began */
  double      drag_x;        /* the drag's offset at its last update */
  double      drag_y;
};

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  VIEW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferScreenView, confer_screen_view, GTK_TYPE_WIDGET)

/* View px per screen px. */
static double
scale_of (ConferScreenView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->texture == NULL || width <= 0 || height <= 0)
    return 1;
  return MIN (width / gdk_texture_get_width (self->texture), height / gdk_texture_get_height (self->texture)) *
         self->zoom;
}

/* Keeps the screen in view: centred along an axis where it is smaller
 * than the view, its edges no further in than the view's otherwise. */
static void
clamp_center (ConferScreenView *self)
{
  double scale = scale_of (self);
  double half_width = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 / scale;
  double half_height = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 / scale;
  double width, height;

  if (self->texture == NULL)
    return;
  width = gdk_texture_get_width (self->texture);
  height = gdk_texture_get_height (self->texture);
  self->center_x = width <= 2 * half_width ? width / 2 : CLAMP (self->center_x, half_width, width - half_width);
  self->center_y = height <= 2 * half_height ? height / 2 : CLAMP (self->center_y, half_height, height - half_height);
}

static void
changed (ConferScreenView *self)
{
  clamp_center (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static void
confer_screen_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ConferScreenView *self = CONFER_SCREEN_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double scale = scale_of (self);

  if (self->texture == NULL)
    return;
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (width / 2 - self->center_x * scale,
                                                    height / 2 - self->center_y * scale,
                                                    gdk_texture_get_width (self->texture) * scale,
                                                    gdk_texture_get_height (self->texture) * scale));
  gtk_snapshot_pop (snapshot);
}

static void
confer_screen_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  /* Any size: the screen is scaled to it. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 960 : 540;
}

static void
confer_screen_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  changed (CONFER_SCREEN_VIEW (widget));
}

static void
confer_screen_view_dispose (GObject *object)
{
  ConferScreenView *self = CONFER_SCREEN_VIEW (object);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (confer_screen_view_parent_class)->dispose (object);
}

static void
confer_screen_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConferScreenView *self = CONFER_SCREEN_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Zooms by @factor around the view's middle. */
static void
zoom_by (ConferScreenView *self,
         double            factor)
{
  confer_screen_view_zoom_at (self, self->zoom * factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  zoom_by (CONFER_SCREEN_VIEW (widget), ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  zoom_by (CONFER_SCREEN_VIEW (widget), 1 / ZOOM_STEP);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  ConferScreenView *self = CONFER_SCREEN_VIEW (widget);

  zoom_by (self, 1 / self->zoom);
}

static void
confer_screen_view_class_init (ConferScreenViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint zoom_in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  static const guint zoom_out_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };
  static const guint zoom_reset_keys[] = { GDK_KEY_0, GDK_KEY_KP_0 };

  object_class->dispose = confer_screen_view_dispose;
  object_class->get_property = confer_screen_view_get_property;
  widget_class->snapshot = confer_screen_view_snapshot;
  widget_class->measure = confer_screen_view_measure;
  widget_class->size_allocate = confer_screen_view_size_allocate;

  /**
   * ConferScreenView:zoom:
   *
   * How far the screen is zoomed in: 1 fits it whole in the view, up to
   * %CONFER_SCREEN_VIEW_MAX_ZOOM.
   */
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 1, CONFER_SCREEN_VIEW_MAX_ZOOM, 1,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferScreenView::view-changed:
   *
   * Where the screen's pixels fall in the view changed (zoom, pan, the
   * view's size or the screen's): overlays placed with
   * confer_screen_view_from_screen() move with it.
   */
  signals[VIEW_CHANGED] = g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "screen.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "screen.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "screen.zoom-reset", NULL, zoom_reset_action);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_in_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], GDK_CONTROL_MASK, "screen.zoom-in", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_out_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], GDK_CONTROL_MASK, "screen.zoom-out", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_reset_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, zoom_reset_keys[i], GDK_CONTROL_MASK, "screen.zoom-reset",
                                         NULL);
  gtk_widget_class_set_css_name (widget_class, "screen-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           ConferScreenView         *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
leave_cb (GtkEventControllerMotion *motion,
          ConferScreenView         *self)
{
  self->pointer_x = self->pointer_y = -1;
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           ConferScreenView         *self)
{
  return confer_screen_view_scroll (self, dx, dy,
                                    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll)),
                                    self->pointer_x, self->pointer_y);
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                ConferScreenView *self)
{
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_cb (GtkGestureZoom   *gesture,
                double            scale,
                ConferScreenView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  confer_screen_view_zoom_at (self, self->pinch_zoom * scale, x, y);
}

static void
drag_begin_cb (GtkGestureDrag   *drag,
               double            x,
               double            y,
               ConferScreenView *self)
{
  self->drag_x = self->drag_y = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag   *drag,
                double            offset_x,
                double            offset_y,
                ConferScreenView *self)
{
  confer_screen_view_pan (self, offset_x - self->drag_x, offset_y - self->drag_y);
  self->drag_x = offset_x;
  self->drag_y = offset_y;
}

static void
confer_screen_view_init (ConferScreenView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->zoom = 1;
  self->pointer_x = self->pointer_y = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Ctrl+scroll or pinch to zoom, drag to move"));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

/**
 * confer_screen_view_new:
 *
 * Returns: (transfer floating): a view showing no screen
 */
GtkWidget *
confer_screen_view_new (void)
{
  return g_object_new (CONFER_TYPE_SCREEN_VIEW, NULL);
}

/**
 * confer_screen_view_set_texture:
 * @self: a screen view
 * @texture: (nullable): the screen's latest frame, or %NULL for none
 *
 * Shows @texture. A frame of another size (the sharer resized the window
 * or changed screens) keeps the zoom and the same relative place in view.
 */
void
confer_screen_view_set_texture (ConferScreenView *self,
                                GdkTexture       *texture)
{
  gboolean resized;

  g_return_if_fail (CONFER_IS_SCREEN_VIEW (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  resized = self->texture == NULL || texture == NULL ||
            gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture) ||
            gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture);
  if (resized && texture != NULL)
    {
      self->center_x = self->texture != NULL
                       ? self->center_x * gdk_texture_get_width (texture) / gdk_texture_get_width (self->texture)
                       : gdk_texture_get_width (texture) / 2.0;
      self->center_y = self->texture != NULL
                       ? self->center_y * gdk_texture_get_height (texture) / gdk_texture_get_height (self->texture)
                       : gdk_texture_get_height (texture) / 2.0;
    }
  g_set_object (&self->texture, texture);
  if (resized)
    changed (self);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_screen_view_get_texture:
 * @self: a screen view
 *
 * Returns: (transfer none) (nullable): the frame shown
 */
GdkTexture *
confer_screen_view_get_texture (ConferScreenView *self)
{
  g_return_val_if_fail (CONFER_IS_SCREEN_VIEW (self), NULL);

  return self->texture;
}

/**
 * confer_screen_view_get_zoom:
 * @self: a screen view
 *
 * Returns: the zoom, 1 (the screen fits the view) to
 *   %CONFER_SCREEN_VIEW_MAX_ZOOM
 */
double
confer_screen_view_get_zoom (ConferScreenView *self)
{
  g_return_val_if_fail (CONFER_IS_SCREEN_VIEW (self), 1);

  return self->zoom;
}

/**
 * confer_screen_view_scroll:
 * @self: a screen view
 * @dx: the scroll's horizontal delta, as #GtkEventControllerScroll gives it
 *   (steps of a wheel, or surface px of a touchpad)
 * @dy: its vertical delta
 * @state: the modifier keys held
 * @x: the pointer, logical px from the view's left, or -1 when it is not
 *   over the view
 * @y: from its top, or -1
 *
 * Handles a scroll as the view does: with Ctrl, zooms around the pointer
 * (around the centre without one), a step of the wheel by a quarter;
 * otherwise pans the screen when it is zoomed in. For a widget over the
 * view (the annotation layer while it draws) that takes its scrolls.
 *
 * Returns: %TRUE if the scroll was used
 */
gboolean
confer_screen_view_scroll (ConferScreenView *self,
                           double            dx,
                           double            dy,
                           GdkModifierType   state,
                           double            x,
                           double            y)
{
  g_return_val_if_fail (CONFER_IS_SCREEN_VIEW (self), FALSE);

  if (state & GDK_CONTROL_MASK)
    {
      double factor = pow (ZOOM_STEP, -dy);

      if (x >= 0 && y >= 0)
        confer_screen_view_zoom_at (self, self->zoom * factor, x, y);
      else
        zoom_by (self, factor);
      return TRUE;
    }
  if (self->zoom <= 1)
    return FALSE;
  confer_screen_view_pan (self, -dx * SCROLL_PAN, -dy * SCROLL_PAN);
  return TRUE;
}

/**
 * confer_screen_view_zoom_at:
 * @self: a screen view
 * @zoom: the new zoom, clamped to 1–%CONFER_SCREEN_VIEW_MAX_ZOOM
 * @x: the view's point that stays put, logical px from its left
 * @y: from its top
 *
 * Zooms keeping the screen's pixel under (@x, @y) there (as far as the
 * screen's edges allow).
 */
void
confer_screen_view_zoom_at (ConferScreenView *self,
                            double            zoom,
                            double            x,
                            double            y)
{
  double screen_x, screen_y, scale;

  g_return_if_fail (CONFER_IS_SCREEN_VIEW (self));

  zoom = CLAMP (zoom, 1, CONFER_SCREEN_VIEW_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  confer_screen_view_to_screen (self, x, y, &screen_x, &screen_y);
  self->zoom = zoom;
  scale = scale_of (self);
  self->center_x = screen_x - (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / scale;
  self->center_y = screen_y - (y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / scale;
  changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/**
 * confer_screen_view_pan:
 * @self: a screen view
 * @dx: how far the screen moves right, logical px (negative: left)
 * @dy: how far it moves down, logical px
 *
 * Moves a zoomed screen in the view, as far as its edges allow.
 */
void
confer_screen_view_pan (ConferScreenView *self,
                        double            dx,
                        double            dy)
{
  double scale;

  g_return_if_fail (CONFER_IS_SCREEN_VIEW (self));

  scale = scale_of (self);
  self->center_x -= dx / scale;
  self->center_y -= dy / scale;
  changed (self);
}

/**
 * confer_screen_view_to_screen:
 * @self: a screen view
 * @x: a point of the view, logical px from its left
 * @y: from its top
 * @screen_x: (out): where it is on the shared screen, screen px from its
 *   left (outside 0–width when @x is beside the screen)
 * @screen_y: (out): screen px from its top
 *
 * Returns: %TRUE if (@x, @y) is on the screen's frame; %FALSE beside it
 *   or when no frame is shown
 */
gboolean
confer_screen_view_to_screen (ConferScreenView *self,
                              double            x,
                              double            y,
                              double           *screen_x,
                              double           *screen_y)
{
  double scale;

  g_return_val_if_fail (CONFER_IS_SCREEN_VIEW (self), FALSE);

  scale = scale_of (self);
  *screen_x = self->center_x + (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / scale;
  *screen_y = self->center_y + (y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / scale;
  return self->texture != NULL && *screen_x >= 0 && *screen_y >= 0 &&
         *screen_x < gdk_texture_get_width (self->texture) && *screen_y < gdk_texture_get_height (self->texture);
}

/**
 * confer_screen_view_from_screen:
 * @self: a screen view
 * @screen_x: a point of the shared screen, screen px from its left
 * @screen_y: screen px from its top
 * @x: (out): where it is in the view, logical px from its left
 * @y: (out): logical px from its top
 *
 * The inverse of confer_screen_view_to_screen().
 */
void
confer_screen_view_from_screen (ConferScreenView *self,
                                double            screen_x,
                                double            screen_y,
                                double           *x,
                                double           *y)
{
  double scale;

  g_return_if_fail (CONFER_IS_SCREEN_VIEW (self));

  scale = scale_of (self);
  *x = (screen_x - self->center_x) * scale + gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  *y = (screen_y - self->center_y) * scale + gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}
