/* confer-voice-clip.c: a processed voice message, ready to send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-clip"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-voice-clip.h"
#include "confer-media-private.h"

/**
 * ConferVoiceClip:
 *
 * What confer_voice_process_file() and confer_voice_process_pcm() make of
 * a recording: Opus in Ogg, its duration, its waveform, and what was done
 * to get there (noise floor measured, silence trimmed, gain applied).
 * Immutable.
 */
struct _ConferVoiceClip
{
  GObject  parent_instance;

  GBytes  *bytes;
  guint    duration_ms;
  double   waveform[CONFER_VOICE_WAVEFORM_PEAKS];
  guint    trim_start_ms;
  double   gain_db;
  double   noise_floor_dbfs;
};

G_DEFINE_FINAL_TYPE (ConferVoiceClip, confer_voice_clip, G_TYPE_OBJECT)

static void
confer_voice_clip_finalize (GObject *object)
{
  ConferVoiceClip *self = CONFER_VOICE_CLIP (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (confer_voice_clip_parent_class)->finalize (object);
}

static void
confer_voice_clip_class_init (ConferVoiceClipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_voice_clip_finalize;
}

static void
confer_voice_clip_init (ConferVoiceClip *self)
{
}

ConferVoiceClip *
confer_voice_clip_new (GBytes       *bytes,
                       guint         duration_ms,
                       const double *waveform,
                       guint         trim_start_ms,
                       double        gain_db,
                       double        noise_floor_dbfs)
{
  ConferVoiceClip *self = g_object_new (CONFER_TYPE_VOICE_CLIP, NULL);

  self->bytes = g_bytes_ref (bytes);
  self->duration_ms = duration_ms;
  memcpy (self->waveform, waveform, sizeof self->waveform);
  self->trim_start_ms = trim_start_ms;
  self->gain_db = gain_db;
  self->noise_floor_dbfs = noise_floor_dbfs;
  return self;
}

/**
 * confer_voice_clip_get_bytes:
 * @self: a #ConferVoiceClip
 *
 * Returns: (transfer none): the message as Opus in Ogg (RFC 7845), 48 kHz
 *   mono
 */
GBytes *
confer_voice_clip_get_bytes (ConferVoiceClip *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_CLIP (self), NULL);
  return self->bytes;
}

/**
 * confer_voice_clip_get_duration_ms:
 * @self: a #ConferVoiceClip
 *
 * Returns: how long the message plays, in milliseconds
 */
guint
confer_voice_clip_get_duration_ms (ConferVoiceClip *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_CLIP (self), 0);
  return self->duration_ms;
}

/**
 * confer_voice_clip_dup_waveform_bytes:
 * @self: a #ConferVoiceClip
 *
 * The message's waveform for display, as a chat message carries it
 * (`voice.waveform`): %CONFER_VOICE_WAVEFORM_PEAKS peaks, each the
 * largest absolute sample value of its stretch of the encoded audio's
 * input (after the gain), one byte each from 0 (silence) to 255 (full
 * scale).
 *
 * Returns: (transfer full): the peaks, first to last
 */
GBytes *
confer_voice_clip_dup_waveform_bytes (ConferVoiceClip *self)
{
  guint8 peaks[CONFER_VOICE_WAVEFORM_PEAKS];

  g_return_val_if_fail (CONFER_IS_VOICE_CLIP (self), NULL);

  for (guint i = 0; i < CONFER_VOICE_WAVEFORM_PEAKS; i++)
    peaks[i] = (guint8) lround (CLAMP (self->waveform[i], 0, 1) * 255);
  return g_bytes_new (peaks, sizeof peaks);
}

/**
 * confer_voice_clip_get_trim_start_ms:
 * @self: a #ConferVoiceClip
 *
 * Returns: how much leading silence was cut from the input, in
 *   milliseconds: the input's time at which the message starts
 */
guint
confer_voice_clip_get_trim_start_ms (ConferVoiceClip *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_CLIP (self), 0);
  return self->trim_start_ms;
}

/**
 * confer_voice_clip_get_gain_db:
 * @self: a #ConferVoiceClip
 *
 * Returns: the gain applied to level the loudness, in dB (negative when
 *   the input was louder than %CONFER_VOICE_TARGET_RMS_DBFS)
 */
double
confer_voice_clip_get_gain_db (ConferVoiceClip *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_CLIP (self), 0);
  return self->gain_db;
}

/**
 * confer_voice_clip_get_noise_floor_dbfs:
 * @self: a #ConferVoiceClip
 *
 * Returns: the input's noise floor after noise suppression, in dBFS
 *   (%CONFER_VOICE_NOISE_FLOOR_PERCENTILE; −∞ for digital silence), which
 *   trimming judged silence by
 */
double
confer_voice_clip_get_noise_floor_dbfs (ConferVoiceClip *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_CLIP (self), 0);
  return self->noise_floor_dbfs;
}
