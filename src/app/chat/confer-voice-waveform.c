/* confer-voice-waveform.c: a voice message's waveform, drawn as bars —
 * what was played in the accent colour, a click seeks — or the running
 * waveform of a recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-waveform"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-voice-waveform.h"

#define BAR_WIDTH    3     /* px */
#define BAR_GAP      2     /* px */
#define BAR_MIN      2     /* px: silence still shows as a line */
#define HEIGHT       28    /* px */
#define KEY_STEP     0.05  /* of the message, an arrow key's seek */

/**
 * ConferVoiceWaveform:
 *
 * Draws peaks (0–255 each) as bars as wide as the widget allows, each
 * the loudest of the peaks it covers, the loudest of all as high as the
 * widget. A message's waveform is a slider:
 * the part played so far (#ConferVoiceWaveform:fraction) is in the accent
 * colour, the rest dimmed; a click, or Left, Right, Home and End, emit
 * [signal@ConferVoiceWaveform::seek]. A live one (a recording's) shows
 * its latest peaks, one bar each, the newest at the right once full.
 */
struct _ConferVoiceWaveform
{
  GtkWidget   parent_instance;

  GByteArray *peaks;
  gboolean    live;
  double      fraction;
};

G_DEFINE_FINAL_TYPE (ConferVoiceWaveform, confer_voice_waveform, GTK_TYPE_WIDGET)

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
colour (GtkWidget  *widget,
        const char *name,
        GdkRGBA    *rgba)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, rgba))
    gdk_rgba_parse (rgba, "#3584e4");
}

static void
append_bar (GtkSnapshot   *snapshot,
            float          x,
            float          height,
            float          widget_height,
            const GdkRGBA *rgba)
{
  GskRoundedRect bar;

  height = MAX (height, BAR_MIN);
  gsk_rounded_rect_init_from_rect (&bar, &GRAPHENE_RECT_INIT (x, (widget_height - height) / 2, BAR_WIDTH, height),
                                   BAR_WIDTH / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &bar);
  gtk_snapshot_append_color (snapshot, rgba, &bar.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
confer_voice_waveform_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  ConferVoiceWaveform *self = CONFER_VOICE_WAVEFORM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_bars = MAX (1, (width + BAR_GAP) / (BAR_WIDTH + BAR_GAP));
  guint n_peaks = self->peaks->len;
  guint top = 1;
  GdkRGBA accent, dim;

  colour (widget, "accent_color", &accent);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &dim);
  dim.alpha *= 0.35;

  if (self->live)
    {
      guint first = n_peaks > n_bars ? n_peaks - n_bars : 0;

      for (guint i = first; i < n_peaks; i++)
        append_bar (snapshot, (i - first) * (BAR_WIDTH + BAR_GAP), self->peaks->data[i] / 255.0 * height, height,
                    &accent);
      return;
    }
  /* A message's loudest peak reaches the top: levelled speech peaks
   * well under full scale, and its shape is what matters. */
  for (guint i = 0; i < n_peaks; i++)
    top = MAX (top, self->peaks->data[i]);
  for (guint b = 0; b < n_bars; b++)
    {
      guint from = n_peaks * b / n_bars;
      guint to = MAX (n_peaks * (b + 1) / n_bars, from + 1);
      guint loudest = 0;

      for (guint i = from; i < to && i < n_peaks; i++)
        loudest = MAX (loudest, self->peaks->data[i]);
      append_bar (snapshot, b * (BAR_WIDTH + BAR_GAP), (double) loudest / top * height, height,
                  (b + 0.5) / n_bars <= self->fraction ? &accent : &dim);
    }
}

static void
confer_voice_waveform_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 12 * (BAR_WIDTH + BAR_GAP);
      *natural = 40 * (BAR_WIDTH + BAR_GAP);
    }
  else
    *minimum = *natural = HEIGHT;
}

static void
seek (ConferVoiceWaveform *self,
      double               fraction)
{
  if (!self->live)
    g_signal_emit (self, signals[SEEK], 0, CLAMP (fraction, 0, 1));
}

static void
pressed_cb (GtkGestureClick     *gesture,
            int                  n_press,
            double               x,
            double               y,
            ConferVoiceWaveform *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->live || width <= 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  seek (self, x / width);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ConferVoiceWaveform   *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      seek (self, self->fraction - KEY_STEP);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      seek (self, self->fraction + KEY_STEP);
      return TRUE;
    case GDK_KEY_Home:
      seek (self, 0);
      return TRUE;
    case GDK_KEY_End:
      seek (self, 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
confer_voice_waveform_finalize (GObject *object)
{
  ConferVoiceWaveform *self = CONFER_VOICE_WAVEFORM (object);

  g_byte_array_unref (self->peaks);
  G_OBJECT_CLASS (confer_voice_waveform_parent_class)->finalize (object);
}

static void
confer_voice_waveform_class_init (ConferVoiceWaveformClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = confer_voice_waveform_finalize;
  widget_class->snapshot = confer_voice_waveform_snapshot;
  widget_class->measure = confer_voice_waveform_measure;
  gtk_widget_class_set_css_name (widget_class, "voice-waveform");

  /**
   * ConferVoiceWaveform::seek:
   * @self: the waveform
   * @fraction: where to go, from 0 (the start) to 1 (the end)
   *
   * The user clicked the waveform or pressed Left, Right, Home or End.
   */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
confer_voice_waveform_init (ConferVoiceWaveform *self)
{
  self->peaks = g_byte_array_new ();
}

/**
 * confer_voice_waveform_new:
 * @live: %TRUE for a recording's running waveform (peaks appended, no
 *   seeking), %FALSE for a message's
 *
 * Returns: (transfer floating): a waveform without peaks (a flat line)
 */
GtkWidget *
confer_voice_waveform_new (gboolean live)
{
  ConferVoiceWaveform *self = g_object_new (CONFER_TYPE_VOICE_WAVEFORM,
                                            "accessible-role", live ? GTK_ACCESSIBLE_ROLE_IMG : GTK_ACCESSIBLE_ROLE_SLIDER,
                                            NULL);

  self->live = live;
  if (live)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("What is being recorded"), -1);
  else
    {
      GtkGesture *click = gtk_gesture_click_new ();
      GtkEventController *key = gtk_event_controller_key_new ();

      gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
      g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
      g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), key);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Position in the voice message"),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                      -1);
    }
  return GTK_WIDGET (self);
}

/**
 * confer_voice_waveform_set_peaks:
 * @self: a message's waveform
 * @peaks: (nullable): its peaks, one byte each from 0 (silence) to 255
 *   (full scale), first to last; %NULL for a flat line
 */
void
confer_voice_waveform_set_peaks (ConferVoiceWaveform *self,
                                 GBytes              *peaks)
{
  gsize n = 0;
  const guint8 *data = peaks != NULL ? g_bytes_get_data (peaks, &n) : NULL;

  g_return_if_fail (CONFER_IS_VOICE_WAVEFORM (self));

  g_byte_array_set_size (self->peaks, 0);
  if (data != NULL)
    g_byte_array_append (self->peaks, data, n);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_voice_waveform_append_peak:
 * @self: a live waveform
 * @peak: the newest peak, from 0 (silence) to 1 (loudest shown)
 *
 * Adds a bar at the right.
 */
void
confer_voice_waveform_append_peak (ConferVoiceWaveform *self,
                                   double               peak)
{
  guint8 byte;

  g_return_if_fail (CONFER_IS_VOICE_WAVEFORM (self));

  byte = (guint8) (CLAMP (peak, 0, 1) * 255 + 0.5);
  g_byte_array_append (self->peaks, &byte, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_voice_waveform_clear:
 * @self: a live waveform
 *
 * Drops every peak, for a new recording.
 */
void
confer_voice_waveform_clear (ConferVoiceWaveform *self)
{
  g_return_if_fail (CONFER_IS_VOICE_WAVEFORM (self));

  g_byte_array_set_size (self->peaks, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * confer_voice_waveform_set_fraction:
 * @self: a message's waveform
 * @fraction: how much of it was played, 0 to 1
 */
void
confer_voice_waveform_set_fraction (ConferVoiceWaveform *self,
                                    double               fraction)
{
  g_return_if_fail (CONFER_IS_VOICE_WAVEFORM (self));

  fraction = CLAMP (fraction, 0, 1);
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, fraction * 100, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
