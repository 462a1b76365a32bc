/* confer-voice-recorder.h: a voice message recorded from the microphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/** CONFER_VOICE_LEVEL_INTERVAL_MS: how often a recorder reports its level
 * and adds a peak to its running waveform (20 times a second) */
#define CONFER_VOICE_LEVEL_INTERVAL_MS 50

#define CONFER_TYPE_VOICE_RECORDER (confer_voice_recorder_get_type ())
G_DECLARE_FINAL_TYPE (ConferVoiceRecorder, confer_voice_recorder, CONFER, VOICE_RECORDER, GObject)

ConferVoiceRecorder *confer_voice_recorder_new             (void);
gboolean             confer_voice_recorder_start           (ConferVoiceRecorder  *self,
                                                            GError              **error);
GBytes              *confer_voice_recorder_stop            (ConferVoiceRecorder  *self,
                                                           GstSample           **opus);
void                 confer_voice_recorder_cancel          (ConferVoiceRecorder  *self);
gboolean             confer_voice_recorder_get_recording   (ConferVoiceRecorder  *self);
guint                confer_voice_recorder_get_duration_ms (ConferVoiceRecorder  *self);
const float         *confer_voice_recorder_get_waveform    (ConferVoiceRecorder  *self,
                                                            guint                *n_peaks);

G_END_DECLS
