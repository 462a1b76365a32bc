/* confer-voice-message.c: a voice message in a chat row — play or pause,
 * its waveform to seek on, its time, whether it was played, the speed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-message"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-voice-message.h"
#include "confer-voice-waveform.h"

/**
 * ConferVoiceMessage:
 *
 * Shows a voice message from what its message says of it (duration and
 * waveform), before its audio is fetched: a play button, the waveform
 * (played part in the accent colour; a click plays from there), the time
 * (its length, or where it is and its length once started), a dot while
 * this participant has not played it, and the speed (1×, 1.5×, 2×, for
 * every voice message of the chat). The chat's #ConferChatAttachments
 * plays it, and says when what is shown changes.
 */
struct _ConferVoiceMessage
{
  GtkBox                 parent_instance;

  ConferChatAttachments *attachments;
  ConferChatMessage     *message;
  GtkWidget             *play;
  GtkWidget             *waveform;
  GtkWidget             *time;
  GtkWidget             *unplayed;
  GtkWidget             *speed;
};

G_DEFINE_FINAL_TYPE (ConferVoiceMessage, confer_voice_message, GTK_TYPE_BOX)

static char *
minutes_seconds (guint ms)
{
  return g_strdup_printf ("%u:%02u", ms / 60000, ms / 1000 % 60);
}

static void
update (ConferVoiceMessage *self)
{
  guint duration = confer_chat_message_get_voice_duration_ms (self->message);
  guint position;
  gboolean playing;
  gboolean current = confer_chat_attachments_get_voice_state (self->attachments, confer_chat_message_get_id (self->message),
                                                              &position, &playing);
  gboolean played = confer_chat_attachments_get_voice_played (self->attachments, self->message);
  g_autofree char *length = minutes_seconds (duration);
  g_autofree char *at = minutes_seconds (MIN (position, duration));
  g_autofree char *time = NULL;
  g_autofree char *where = NULL;
  g_autofree char *rate = g_strdup_printf ("%g×", confer_chat_attachments_get_rate (self->attachments));

  /* Translators: where a voice message is and how long it lasts, "0:03 / 0:12". */
  time = current && (playing || position > 0) ? g_strdup_printf (_("%s / %s"), at, length) : g_strdup (length);
  gtk_label_set_text (GTK_LABEL (self->time), time);
  gtk_button_set_icon_name (GTK_BUTTON (self->play), playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play, playing ? _("Pause") : _("Play"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause the voice message")
                                  : played ? _("Play the voice message") : _("Play the voice message, not played yet"),
                                  -1);
  confer_voice_waveform_set_fraction (CONFER_VOICE_WAVEFORM (self->waveform), duration > 0 ? (double) position / duration : 0);
  /* Translators: the accessible value of a voice message's position, "0:03 of 0:12". */
  where = g_strdup_printf (_("%s of %s"), at, length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->waveform), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, where, -1);
  gtk_widget_set_visible (self->unplayed, !played);
  if (played)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unplayed");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unplayed");
  gtk_button_set_label (GTK_BUTTON (self->speed), rate);
}

static void
voice_changed_cb (ConferChatAttachments *attachments,
                  const char            *message_id,
                  ConferVoiceMessage    *self)
{
  if (message_id == NULL || g_strcmp0 (message_id, confer_chat_message_get_id (self->message)) == 0)
    update (self);
}

static void
play_cb (ConferVoiceMessage *self)
{
  confer_chat_attachments_toggle_voice (self->attachments, self->message);
}

static void
seek_cb (ConferVoiceWaveform *waveform,
         double               fraction,
         ConferVoiceMessage  *self)
{
  confer_chat_attachments_seek_voice (self->attachments, self->message, fraction);
}

static void
speed_cb (ConferVoiceMessage *self)
{
  confer_chat_attachments_cycle_rate (self->attachments);
}

static void
confer_voice_message_dispose (GObject *object)
{
  ConferVoiceMessage *self = CONFER_VOICE_MESSAGE (object);

  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_clear_object (&self->attachments);
  g_clear_object (&self->message);

  G_OBJECT_CLASS (confer_voice_message_parent_class)->dispose (object);
}

static void
confer_voice_message_class_init (ConferVoiceMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_voice_message_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "voice-message");
}

static void
confer_voice_message_init (ConferVoiceMessage *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->play = gtk_button_new_from_icon_name ("media-playback-start-symbolic");
  gtk_widget_add_css_class (self->play, "circular");
  gtk_widget_set_valign (self->play, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->play, "clicked", G_CALLBACK (play_cb), self);
  self->waveform = confer_voice_waveform_new (FALSE);
  gtk_widget_set_hexpand (self->waveform, TRUE);
  gtk_widget_set_valign (self->waveform, GTK_ALIGN_CENTER);
  g_signal_connect (self->waveform, "seek", G_CALLBACK (seek_cb), self);
  self->time = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->time, "numeric");
  gtk_widget_add_css_class (self->time, "caption");
  self->unplayed = gtk_label_new ("●");
  gtk_widget_add_css_class (self->unplayed, "voice-unplayed-dot");
  gtk_widget_set_tooltip_text (self->unplayed, _("Not played yet"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->unplayed), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not played yet"), -1);
  self->speed = gtk_button_new_with_label ("1×");
  gtk_widget_add_css_class (self->speed, "flat");
  gtk_widget_add_css_class (self->speed, "voice-speed");
  gtk_widget_set_valign (self->speed, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->speed, _("Speed: 1×, 1.5× or 2×"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Speed of voice messages"), -1);
  g_signal_connect_swapped (self->speed, "clicked", G_CALLBACK (speed_cb), self);
  gtk_box_append (GTK_BOX (self), self->play);
  gtk_box_append (GTK_BOX (self), self->waveform);
  gtk_box_append (GTK_BOX (self), self->time);
  gtk_box_append (GTK_BOX (self), self->unplayed);
  gtk_box_append (GTK_BOX (self), self->speed);
}

/**
 * confer_voice_message_new:
 * @attachments: the chat's attachments (a reference is taken), which play
 *   its voice messages
 * @message: a message carrying `voice` (a reference is taken)
 *
 * Returns: (transfer floating): the voice message's player
 */
GtkWidget *
confer_voice_message_new (ConferChatAttachments *attachments,
                          ConferChatMessage     *message)
{
  ConferVoiceMessage *self = g_object_new (CONFER_TYPE_VOICE_MESSAGE, NULL);

  self->attachments = g_object_ref (attachments);
  self->message = g_object_ref (message);
  confer_voice_waveform_set_peaks (CONFER_VOICE_WAVEFORM (self->waveform), confer_chat_message_get_voice_waveform (message));
  g_signal_connect (attachments, "voice-changed", G_CALLBACK (voice_changed_cb), self);
  update (self);
  return GTK_WIDGET (self);
}
