/* confer-voice-clip.h: a processed voice message, ready to send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/** CONFER_VOICE_WAVEFORM_PEAKS: how many peaks a voice message's waveform
 * holds, each the loudest sample of its hundredth of the message */
#define CONFER_VOICE_WAVEFORM_PEAKS 100

#define CONFER_TYPE_VOICE_CLIP (confer_voice_clip_get_type ())
G_DECLARE_FINAL_TYPE (ConferVoiceClip, confer_voice_clip, CONFER, VOICE_CLIP, GObject)

GBytes       *confer_voice_clip_get_bytes       (ConferVoiceClip *self);
guint         confer_voice_clip_get_duration_ms (ConferVoiceClip *self);
GBytes       *confer_voice_clip_dup_waveform_bytes (ConferVoiceClip *self);
guint         confer_voice_clip_get_trim_start_ms (ConferVoiceClip *self);
double        confer_voice_clip_get_gain_db     (ConferVoiceClip *self);
double        confer_voice_clip_get_noise_floor_dbfs (ConferVoiceClip *self);

G_END_DECLS
