/* confer-voice-recording.h: recording a voice message in the chat — the
 * level, the running waveform and the time while recording; processed and
 * uploaded once stopped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-media.h"
#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_VOICE_RECORDING (confer_voice_recording_get_type ())

G_DECLARE_FINAL_TYPE (ConferVoiceRecording, confer_voice_recording, CONFER, VOICE_RECORDING, GtkBox)

GtkWidget *confer_voice_recording_new           (ConferClient          *client);
gboolean   confer_voice_recording_start         (ConferVoiceRecording  *self,
                                                 GError               **error);
void       confer_voice_recording_stop          (ConferVoiceRecording  *self);
void       confer_voice_recording_cancel        (ConferVoiceRecording  *self);
gboolean   confer_voice_recording_get_recording (ConferVoiceRecording  *self);

G_END_DECLS
