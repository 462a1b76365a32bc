/* confer-voice-process.h: a recording made into a voice message —
 * noise suppressed, silence trimmed, loudness levelled, Opus in Ogg
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "confer-voice-clip.h"

G_BEGIN_DECLS

/** CONFER_VOICE_MAX_DURATION_MS: the longest voice message, 5 minutes: a
 * recording stops itself there, and longer audio is not sent */
#define CONFER_VOICE_MAX_DURATION_MS (5 * 60 * 1000)

/** CONFER_VOICE_SILENCE_DBFS: a 10 ms frame whose RMS level is at or
 * below this (dB relative to full scale) is silence whatever the noise
 * floor: −45 dBFS lies well under speech at a normal distance from a
 * microphone (−30 to −10 dBFS) and above what noise suppression leaves of
 * a quiet room. */
#define CONFER_VOICE_SILENCE_DBFS    (-45.0)

/** CONFER_VOICE_NOISE_FLOOR_PERCENTILE: a recording's noise floor is the
 * RMS level of its 10 ms frames that this percentage of them are at or
 * under, after noise suppression: the quietest frames hold the noise and
 * nothing else (the idea of R. Martin's minimum statistics, "Noise power
 * spectral density estimation based on optimal smoothing and minimum
 * statistics", IEEE Trans. Speech and Audio Processing 9(5), 2001, taken
 * over the whole recording instead of tracked over time). A message with
 * speech in more than 90 % of it still has pauses between words there. */
#define CONFER_VOICE_NOISE_FLOOR_PERCENTILE 10

/** CONFER_VOICE_ABOVE_FLOOR_DB: a 10 ms frame is sound when its RMS level
 * is more than this above the noise floor (and above
 * %CONFER_VOICE_SILENCE_DBFS); leading and trailing frames that are not
 * are trimmed, so a recording in a noisy room is trimmed as a quiet one
 * is. Speech is 15 dB or more above the noise that suppression leaves;
 * 10 dB keeps its soft onsets. */
#define CONFER_VOICE_ABOVE_FLOOR_DB  10.0

/** CONFER_VOICE_MIN_SOUND_MS: the message starts at the first run of
 * sounding frames lasting this long and ends with the last: a syllable
 * lasts longer, while a click, or the first frames of noise that the
 * suppressor lets through while it adapts, do not */
#define CONFER_VOICE_MIN_SOUND_MS    30

/** CONFER_VOICE_TRIM_MARGIN_MS: sound kept on each side of the first and
 * last sounding run, so that soft onsets and endings of speech are not
 * clipped */
#define CONFER_VOICE_TRIM_MARGIN_MS  20

/** CONFER_VOICE_TARGET_RMS_DBFS: the loudness a voice message is levelled
 * to, as the RMS level of its sounding frames. It approximates −16 LUFS,
 * the loudness AES TD1004.1.15-10 ("Recommendation for Loudness of Audio
 * Streaming and Network File Playback") gives for streamed and
 * mobile playback, by the plain RMS of the sounding frames (see
 * %CONFER_VOICE_ABOVE_FLOOR_DB), without ITU-R BS.1770's K-weighting filter
 * or gating: for speech the two differ by a few dB, which a message
 * heard on its own does not need. */
#define CONFER_VOICE_TARGET_RMS_DBFS (-20.0)

/** CONFER_VOICE_PEAK_CEILING_DBFS: levelling never lifts a peak above
 * this, the −1 dBTP maximum of EBU R 128 */
#define CONFER_VOICE_PEAK_CEILING_DBFS (-1.0)

/** CONFER_VOICE_BITRATE: the Opus encoder's target, bits per second
 * (variable bitrate; RFC 7587 §3.1.1 gives 28–40 kbit/s for fullband
 * speech) */
#define CONFER_VOICE_BITRATE         32000

/** CONFER_VOICE_OPUS_COMPLEXITY: libopus's encoder complexity (0–10;
 * `opusenc`'s default is 10). 5 encodes speech in about half the time 10
 * takes (60 s in 0.6 s against 1.3 s on the benchmark machine): about 1 %
 * of a core while recording, which has at most 10 %; the files differ by
 * 1.4 % in size at the same bitrate */
#define CONFER_VOICE_OPUS_COMPLEXITY 5

/** CONFER_VOICE_OPUS_ENCODER: the encoder of voice messages, in
 * gst-launch syntax, for raw audio as the recorder gives it */
#define CONFER_VOICE_OPUS_ENCODER "opusenc bitrate=" G_STRINGIFY (CONFER_VOICE_BITRATE) \
  " bitrate-type=vbr audio-type=voice complexity=" G_STRINGIFY (CONFER_VOICE_OPUS_COMPLEXITY)

ConferVoiceClip *confer_voice_process_file   (GFile                *file,
                                              GCancellable         *cancellable,
                                              GError              **error);
ConferVoiceClip *confer_voice_process_pcm    (GBytes               *pcm,
                                              GstSample            *opus,
                                              GCancellable         *cancellable,
                                              GError              **error);
void             confer_voice_process_pcm_async (GBytes            *pcm,
                                              GstSample            *opus,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ConferVoiceClip *confer_voice_process_finish (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
