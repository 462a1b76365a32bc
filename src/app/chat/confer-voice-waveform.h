/* confer-voice-waveform.h: a voice message's waveform, drawn as bars —
 * what was played in the accent colour, a click seeks — or the running
 * waveform of a recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFER_TYPE_VOICE_WAVEFORM (confer_voice_waveform_get_type ())

G_DECLARE_FINAL_TYPE (ConferVoiceWaveform, confer_voice_waveform, CONFER, VOICE_WAVEFORM, GtkWidget)

GtkWidget *confer_voice_waveform_new          (gboolean             live);
void       confer_voice_waveform_set_peaks    (ConferVoiceWaveform *self,
                                               GBytes              *peaks);
void       confer_voice_waveform_append_peak  (ConferVoiceWaveform *self,
                                               double               peak);
void       confer_voice_waveform_clear        (ConferVoiceWaveform *self);
void       confer_voice_waveform_set_fraction (ConferVoiceWaveform *self,
                                               double               fraction);

G_END_DECLS
