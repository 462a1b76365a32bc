/* confer-voice-level.c: the live level meter of a recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-level"

#include "config.h"

#include "confer-voice-level.h"

/**
 * ConferVoiceLevel:
 *
 * A thin bar filled from the start as far as the microphone's level
 * (0–1), redrawn at every level a recorder reports (20 a second). Its
 * trough is its CSS background (`voice-level` in the app's style sheet);
 * the fill is drawn in its colour, the accent colour (the `accent`
 * style class).
 *
 * Not a #GtkLevelBar: GTK 4.8's sets its blocks' style classes again at
 * every value, and restyling 20 times a second had GTK walk the whole
 * window's style tree at each (2.5 % of a core while recording, measured
 * with `tests/bench/run-bench-voice-app.sh`).
 */
struct _ConferVoiceLevel
{
  GtkWidget parent_instance;

  double    value;
};

G_DEFINE_FINAL_TYPE (ConferVoiceLevel, confer_voice_level, GTK_TYPE_WIDGET)

static void
confer_voice_level_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ConferVoiceLevel *self = CONFER_VOICE_LEVEL (widget);
  float width = gtk_widget_get_width (widget) * self->value;
  float height = gtk_widget_get_height (widget);
  GskRoundedRect fill;
  GdkRGBA colour;

  if (width <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colour);
  gsk_rounded_rect_init_from_rect (&fill, &GRAPHENE_RECT_INIT (0, 0, width, height), height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &fill);
  gtk_snapshot_append_color (snapshot, &colour, &fill.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
confer_voice_level_class_init (ConferVoiceLevelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = confer_voice_level_snapshot;
  gtk_widget_class_set_css_name (widget_class, "voice-level");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
confer_voice_level_init (ConferVoiceLevel *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "accent");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
}

/**
 * confer_voice_level_new:
 *
 * Returns: (transfer floating): a level meter showing 0 (an empty trough)
 */
GtkWidget *
confer_voice_level_new (void)
{
  return g_object_new (CONFER_TYPE_VOICE_LEVEL, NULL);
}

/**
 * confer_voice_level_set_value:
 * @self: a level meter
 * @value: the level, from 0 (silence or below the meter's floor) to 1
 *   (full scale); clamped to that range
 *
 * Shows @value: the meter is filled that far.
 */
void
confer_voice_level_set_value (ConferVoiceLevel *self,
                              double            value)
{
  g_return_if_fail (CONFER_IS_VOICE_LEVEL (self));

  value = CLAMP (value, 0, 1);
  if (value == self->value)
    return;
  self->value = value;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, value, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
