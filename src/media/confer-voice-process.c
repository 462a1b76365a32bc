/* confer-voice-process.c: a recording made into a voice message — noise
 * suppressed, silence trimmed, loudness levelled, Opus in Ogg
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-process"

#include "config.h"

#include <math.h>

#include <gst/pbutils/pbutils.h>

#include "confer-voice-process.h"
#include "confer-media-error.h"
#include "confer-media-private.h"

/* The frame silence is judged by: 10 ms, 480 samples at 48 kHz. */
#define FRAME_SAMPLES (CONFER_MEDIA_RATE / 100)

/* What a file's pipeline does after decoding: the raw format, then
 * noise suppression. */
#define DENOISE CONFER_MEDIA_RAW_CAPS " ! " CONFER_MEDIA_DENOISE " ! appsink name=sink sync=false"

/* The `volume` element amplifies by at most 10 (+20 dB). */
#define MAX_GAIN_DB 20.0

static double
to_dbfs (double amplitude)
{
  return amplitude > 0 ? 20 * log10 (amplitude / 32768.0) : -INFINITY;
}

static double
frame_rms (const gint16 *samples,
           gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  return sqrt (sum / n);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The noise floor of @n_frames frame levels (dBFS; digital silence is
 * −∞): the CONFER_VOICE_NOISE_FLOOR_PERCENTILE-th percentile. */
static double
noise_floor (const double *levels,
             gsize         n_frames)
{
  g_autofree double *sorted = g_memdup2 (levels, n_frames * sizeof (double));

  qsort (sorted, n_frames, sizeof (double), compare_doubles);
  return sorted[(n_frames - 1) * CONFER_VOICE_NOISE_FLOOR_PERCENTILE / 100];
}

/* Encodes @n samples of @pcm from @start, amplified by @gain_db, as Opus
 * in Ogg. */
static GBytes *
encode (GBytes        *pcm,
        gsize          start,
        gsize          n,
        double         gain_db,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autofree char *description =
    g_strdup_printf ("appsrc name=src format=time caps=%s ! volume name=volume ! audioconvert "
                     "! " CONFER_VOICE_OPUS_ENCODER " ! oggmux ! appsink name=sink sync=false",
                     CONFER_MEDIA_RAW_CAPS);
  g_autoptr(GstElement) pipeline = confer_media_pipeline_new (description, error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) volume = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) kept = g_bytes_new_from_bytes (pcm, start * sizeof (gint16), n * sizeof (gint16));
  GstBuffer *buffer;

  if (pipeline == NULL)
    return NULL;
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  volume = gst_bin_get_by_name (GST_BIN (pipeline), "volume");
  g_object_set (volume, "volume", pow (10, gain_db / 20), NULL);
  buffer = gst_buffer_new_wrapped_bytes (kept);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (n, GST_SECOND, CONFER_MEDIA_RATE);
  gst_app_src_push_buffer (GST_APP_SRC (src), buffer);
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  if (!confer_media_pipeline_run (pipeline, out, cancellable, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The OpusHead of @caps with its output gain set to @gain_db: the gain
 * every decoder applies (RFC 7845 §5.1, in 1/256 dB; GStreamer's
 * `opusdec` does by default); its other caps as they were. */
static GstCaps *
with_output_gain (GstCaps  *caps,
                  double    gain_db,
                  GError  **error)
{
  const GValue *headers = gst_structure_get_value (gst_caps_get_structure (caps, 0), "streamheader");
  GstBuffer *head, *tags;
  guint32 rate;
  guint8 channels, family, streams, coupled, mapping[256];
  guint16 pre_skip;
  gint16 gain;
  g_autoptr(GstBuffer) levelled = NULL;

  if (headers == NULL || !GST_VALUE_HOLDS_ARRAY (headers) || gst_value_array_get_size (headers) < 2 ||
      (head = gst_value_get_buffer (gst_value_array_get_value (headers, 0))) == NULL ||
      (tags = gst_value_get_buffer (gst_value_array_get_value (headers, 1))) == NULL ||
      !gst_codec_utils_opus_parse_header (head, &rate, &channels, &family, &streams, &coupled, mapping,
                                          &pre_skip, &gain))
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                           "The Opus encoder gave no headers to level the recording in");
      return NULL;
    }
  levelled = gst_codec_utils_opus_create_header (rate, channels, family, streams, coupled, mapping, pre_skip,
                                                 (gint16) lround (gain_db * 256));
  return gst_codec_utils_opus_create_caps_from_header (levelled, tags);
}

/* Muxes in Ogg the packets of @opus (as confer_voice_recorder_stop()
 * gives them) that hold the @n samples of the raw recording from @start,
 * with @gain_db as the stream's output gain — the trimming and the
 * levelling of encode(), without encoding again (to the packet: 20 ms). */
static GBytes *
mux (GstSample     *opus,
     gsize          start,
     gsize          n,
     double         gain_db,
     GCancellable  *cancellable,
     GError       **error)
{
  /* (On an audio pad of oggmux's, which would give a video one.) */
  g_autoptr(GstElement) pipeline = confer_media_pipeline_new ("appsrc name=src format=time ! mux.audio_%u "
                                                              "oggmux name=mux ! appsink name=sink sync=false", error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GstCaps) caps = NULL;
  GstBufferList *packets = gst_sample_get_buffer_list (opus);
  guint64 pcm_start = 0;
  GstClockTime from, to, first = GST_CLOCK_TIME_NONE;

  if (pipeline == NULL || (caps = with_output_gain (gst_sample_get_caps (opus), gain_db, error)) == NULL)
    return NULL;
  gst_structure_get_uint64 (gst_sample_get_info (opus), "pcm-start", &pcm_start);
  from = pcm_start + gst_util_uint64_scale (start, GST_SECOND, CONFER_MEDIA_RATE);
  to = pcm_start + gst_util_uint64_scale (start + n, GST_SECOND, CONFER_MEDIA_RATE);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "caps", caps, NULL);
  for (guint i = 0; i < gst_buffer_list_length (packets); i++)
    {
      GstBuffer *packet = gst_buffer_list_get (packets, i);
      GstClockTime pts = GST_BUFFER_PTS (packet), duration = GST_BUFFER_DURATION (packet);
      GstBuffer *kept;

      if (!GST_CLOCK_TIME_IS_VALID (pts) || !GST_CLOCK_TIME_IS_VALID (duration) || pts + duration <= from || pts >= to)
        continue;
      if (!GST_CLOCK_TIME_IS_VALID (first))
        first = pts;
      kept = gst_buffer_copy (packet);
      GST_BUFFER_PTS (kept) = pts - first;
      GST_BUFFER_DTS (kept) = GST_CLOCK_TIME_NONE;
      GST_BUFFER_OFFSET (kept) = GST_BUFFER_OFFSET_END (kept) = GST_BUFFER_OFFSET_NONE;
      gst_app_src_push_buffer (GST_APP_SRC (src), kept);
    }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  if (!GST_CLOCK_TIME_IS_VALID (first))
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                           "The Opus encoder gave no packet for the sound in the recording");
      return NULL;
    }
  if (!confer_media_pipeline_run (pipeline, out, cancellable, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Whether frame @f starts (@forward) or ends a run of at least
 * CONFER_VOICE_MIN_SOUND_MS of frames louder than @threshold. */
static gboolean
starts_run (const double *levels,
            gsize         n_frames,
            gsize         f,
            gboolean      forward,
            double        threshold)
{
  gsize run = CONFER_VOICE_MIN_SOUND_MS * CONFER_MEDIA_RATE / 1000 / FRAME_SAMPLES;

  for (gsize i = 0; i < run; i++)
    {
      if (f >= n_frames || levels[f] <= threshold)
        return FALSE;
      f = forward ? f + 1 : f - 1;   /* before 0: G_MAXSIZE, past the end */
    }
  return TRUE;
}

/* Trims, levels and encodes @pcm, the noise-suppressed raw audio — or,
 * given @opus, the packets it was encoded to as it was recorded, muxes
 * those of the part kept. */
static ConferVoiceClip *
finish_clip (GBytes        *pcm,
             GstSample     *opus,
             GCancellable  *cancellable,
             GError       **error)
{
  gsize n_samples;
  const gint16 *samples = g_bytes_get_data (pcm, &n_samples);
  gsize n_frames, first = G_MAXSIZE, last = 0, start, end, margin;
  double sum = 0, peak = 0, rms_dbfs, gain_db, floor_dbfs, threshold;
  gsize n_sounding = 0;
  double waveform[CONFER_VOICE_WAVEFORM_PEAKS];
  g_autofree double *levels = NULL;
  g_autoptr(GBytes) ogg = NULL;

  n_samples /= sizeof (gint16);
  n_frames = n_samples / FRAME_SAMPLES;
  if (n_frames == 0)
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_SILENT,
                           "The recording is shorter than 10 ms");
      return NULL;
    }
  levels = g_new (double, n_frames);
  for (gsize f = 0; f < n_frames; f++)
    levels[f] = to_dbfs (frame_rms (samples + f * FRAME_SAMPLES, FRAME_SAMPLES));
  floor_dbfs = noise_floor (levels, n_frames);
  threshold = MAX (floor_dbfs + CONFER_VOICE_ABOVE_FLOOR_DB, CONFER_VOICE_SILENCE_DBFS);
  for (gsize f = 0; f < n_frames && first == G_MAXSIZE; f++)
    if (starts_run (levels, n_frames, f, TRUE, threshold))
      first = f;
  for (gsize f = n_frames; f > 0 && first != G_MAXSIZE; f--)
    if (starts_run (levels, n_frames, f - 1, FALSE, threshold))
      {
        last = f - 1;
        break;
      }
  for (gsize f = first; first != G_MAXSIZE && f <= last; f++)
    if (levels[f] > threshold)
      {
        double rms = pow (10, levels[f] / 20) * 32768.0;

        sum += rms * rms;
        n_sounding++;
      }
  if (n_sounding == 0)
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_SILENT,
                   "The recording holds no sound above %.0f dBFS (its noise floor is at %.0f dBFS)",
                   threshold, floor_dbfs);
      return NULL;
    }
  margin = CONFER_VOICE_TRIM_MARGIN_MS * CONFER_MEDIA_RATE / 1000;
  start = first * FRAME_SAMPLES > margin ? first * FRAME_SAMPLES - margin : 0;
  end = MIN ((last + 1) * FRAME_SAMPLES + margin, n_samples);
  if ((guint64) (end - start) * 1000 / CONFER_MEDIA_RATE > CONFER_VOICE_MAX_DURATION_MS)
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_TOO_LONG,
                   "The recording lasts %.1f s; a voice message lasts at most %d s",
                   (double) (end - start) / CONFER_MEDIA_RATE, CONFER_VOICE_MAX_DURATION_MS / 1000);
      return NULL;
    }

  for (gsize i = start; i < end; i++)
    peak = MAX (peak, fabs ((double) samples[i]));
  rms_dbfs = to_dbfs (sqrt (sum / n_sounding));
  gain_db = MIN (MIN (CONFER_VOICE_TARGET_RMS_DBFS - rms_dbfs, CONFER_VOICE_PEAK_CEILING_DBFS - to_dbfs (peak)),
                 MAX_GAIN_DB);
  g_debug ("noise floor %.1f dBFS, sound above %.1f dBFS from %.3f s to %.3f s, RMS %.1f dBFS, peak %.1f dBFS, "
           "gain %+.1f dB", floor_dbfs, threshold, (double) start / CONFER_MEDIA_RATE, (double) end / CONFER_MEDIA_RATE,
           rms_dbfs, to_dbfs (peak), gain_db);

  for (guint p = 0; p < CONFER_VOICE_WAVEFORM_PEAKS; p++)
    {
      gsize from = start + (end - start) * p / CONFER_VOICE_WAVEFORM_PEAKS;
      gsize to = start + (end - start) * (p + 1) / CONFER_VOICE_WAVEFORM_PEAKS;
      double loudest = 0;

      for (gsize i = from; i < to; i++)
        loudest = MAX (loudest, fabs ((double) samples[i]));
      waveform[p] = MIN (loudest / 32768.0 * pow (10, gain_db / 20), 1.0);
    }

  ogg = opus != NULL ? mux (opus, start, end - start, gain_db, cancellable, error)
                     : encode (pcm, start, end - start, gain_db, cancellable, error);
  if (ogg == NULL)
    return NULL;
  return confer_voice_clip_new (ogg, (guint) ((guint64) (end - start) * 1000 / CONFER_MEDIA_RATE), waveform,
                                (guint) ((guint64) start * 1000 / CONFER_MEDIA_RATE), gain_db, floor_dbfs);
}


/**
 * confer_voice_process_file:
 * @file: audio in any format GStreamer can decode (`uridecodebin`)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes a voice message of an audio file: mixed down to mono at 48 kHz,
 * noise suppressed by WebRTC's suppressor (`webrtcdsp`), leading and
 * trailing frames no louder than the noise floor allows trimmed
 * (%CONFER_VOICE_NOISE_FLOOR_PERCENTILE, %CONFER_VOICE_ABOVE_FLOOR_DB,
 * %CONFER_VOICE_SILENCE_DBFS, %CONFER_VOICE_TRIM_MARGIN_MS), loudness levelled to
 * %CONFER_VOICE_TARGET_RMS_DBFS (no peak above
 * %CONFER_VOICE_PEAK_CEILING_DBFS, at most +20 dB), and encoded as Opus in
 * Ogg at about %CONFER_VOICE_BITRATE bit/s
 * (%CONFER_VOICE_OPUS_COMPLEXITY).
 *
 * It blocks until done: call it from a worker thread in an application.
 *
 * Returns: (transfer full): the message, or %NULL with @error set:
 *   %CONFER_MEDIA_ERROR_PIPELINE when the file cannot be read or decoded,
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT when a GStreamer plugin is
 *   missing, %CONFER_MEDIA_ERROR_SILENT when it holds no sound,
 *   %CONFER_MEDIA_ERROR_TOO_LONG when what is left lasts over
 *   %CONFER_VOICE_MAX_DURATION_MS, %G_IO_ERROR_CANCELLED
 */
ConferVoiceClip *
confer_voice_process_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GBytes) pcm = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  pipeline = confer_media_pipeline_new ("uridecodebin name=src ! audioconvert ! audioresample ! " DENOISE, error);
  if (pipeline == NULL)
    return NULL;
  uri = g_file_get_uri (file);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "uri", uri, NULL);
  if (!confer_media_pipeline_run (pipeline, raw, cancellable, error))
    return NULL;
  pcm = g_byte_array_free_to_bytes (g_steal_pointer (&raw));
  return finish_clip (pcm, NULL, cancellable, error);
}

/**
 * confer_voice_process_pcm:
 * @pcm: a recording: signed 16-bit little-endian samples, 48 kHz, mono,
 *   its noise already suppressed (as confer_voice_recorder_stop() gives
 *   it: the recorder suppresses noise as it records)
 * @opus: (nullable): the same recording already encoded, as
 *   confer_voice_recorder_stop() gives it, or %NULL to encode @pcm
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes a voice message of a recording, as confer_voice_process_file()
 * does of a file but for the noise suppression, which is done. Given
 * @opus, the silence is trimmed to its packets (20 ms) and the loudness
 * levelled by the Ogg Opus stream's output gain (RFC 7845 §5.1), which
 * decoders apply: a few milliseconds for a 60 s recording instead of
 * encoding it again (about 0.6 s on a 2-core Xeon, see
 * docs/benchmarks.md). It blocks until done;
 * confer_voice_process_pcm_async() does not.
 *
 * Returns: (transfer full): the message, or %NULL with @error set as
 *   confer_voice_process_file() sets it
 */
ConferVoiceClip *
confer_voice_process_pcm (GBytes        *pcm,
                          GstSample     *opus,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (pcm != NULL, NULL);

  return finish_clip (pcm, opus, cancellable, error);
}

/* What confer_voice_process_pcm_async() works on. */
typedef struct
{
  GBytes    *pcm;
  GstSample *opus;   /* nullable */
} Recording;

static void
recording_free (Recording *recording)
{
  g_bytes_unref (recording->pcm);
  g_clear_pointer (&recording->opus, gst_sample_unref);
  g_free (recording);
}

static void
process_pcm_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Recording *recording = task_data;
  GError *error = NULL;
  ConferVoiceClip *clip = confer_voice_process_pcm (recording->pcm, recording->opus, cancellable, &error);

  if (clip == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, clip, g_object_unref);
}

/**
 * confer_voice_process_pcm_async:
 * @pcm: raw audio, as confer_voice_process_pcm() takes it
 * @opus: (nullable): the same encoded, as confer_voice_process_pcm()
 *   takes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Does what confer_voice_process_pcm() does in a worker thread; finish
 * with confer_voice_process_finish().
 */
void
confer_voice_process_pcm_async (GBytes              *pcm,
                                GstSample           *opus,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Recording *recording;

  g_return_if_fail (pcm != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_voice_process_pcm_async);
  recording = g_new0 (Recording, 1);
  recording->pcm = g_bytes_ref (pcm);
  recording->opus = opus != NULL ? gst_sample_ref (opus) : NULL;
  g_task_set_task_data (task, recording, (GDestroyNotify) recording_free);
  g_task_run_in_thread (task, process_pcm_thread);
}

/**
 * confer_voice_process_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the message, or %NULL with @error set as
 *   confer_voice_process_file() sets it
 */
ConferVoiceClip *
confer_voice_process_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
