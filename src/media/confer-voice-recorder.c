/* confer-voice-recorder.c: a voice message recorded from the microphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-recorder"

#include "config.h"

#include <math.h>

#include "confer-voice-recorder.h"
#include "confer-voice-process.h"
#include "confer-media-error.h"
#include "confer-media-private.h"

/* The bytes of raw audio CONFER_VOICE_MAX_DURATION_MS holds. */
#define MAX_BYTES ((gsize) CONFER_VOICE_MAX_DURATION_MS / 1000 * CONFER_MEDIA_RATE * sizeof (gint16))

/**
 * ConferVoiceRecorder:
 *
 * Records a voice message from the default microphone (`autoaudiosrc`:
 * PulseAudio's or PipeWire's default source), or from the GStreamer
 * source the `CONFER_AUDIO_SOURCE` environment variable describes in
 * gst-launch syntax (tests use `pulsesrc device=NAME`). While it records
 * it emits [signal@ConferVoiceRecorder::level] every
 * %CONFER_VOICE_LEVEL_INTERVAL_MS and grows a running waveform; it stops
 * by itself after %CONFER_VOICE_MAX_DURATION_MS.
 *
 * It suppresses noise as it records (WebRTC's suppressor, as
 * confer_voice_process_file() does after decoding), so that the level and
 * the waveform show the voice rather than the room, and it encodes what
 * it records to Opus as it goes (%CONFER_VOICE_BITRATE,
 * %CONFER_VOICE_OPUS_COMPLEXITY): what confer_voice_recorder_stop() gives
 * — the raw audio to find the voice and its loudness in, and the Opus
 * packets — is for confer_voice_process_pcm_async() to trim and level
 * without encoding 60 s anew after the stop.
 */
struct _ConferVoiceRecorder
{
  GObject     parent_instance;

  GstElement *pipeline;
  guint       bus_watch;
  GByteArray *pcm;        /* written by the streaming thread until stopped */
  GstClockTime pcm_start; /* the first raw buffer's timestamp */
  GstBufferList *opus;    /* the encoded packets, appended by the encoder's streaming thread
                           * (made with the pipeline: GStreamer is initialised then) */
  GstCaps    *opus_caps;  /* theirs, with the Opus headers */
  GArray     *waveform;   /* float peaks, 0–1, one per level message */
  gboolean    recording;
};

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_DURATION_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LEVEL,
  SIGNAL_STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferVoiceRecorder, confer_voice_recorder, G_TYPE_OBJECT)

/* Stops the pipeline; the streaming threads have finished when it returns. */
static void
halt (ConferVoiceRecorder *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_object (&self->pipeline);
  if (self->recording)
    {
      self->recording = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
    }
}

static void
confer_voice_recorder_dispose (GObject *object)
{
  ConferVoiceRecorder *self = CONFER_VOICE_RECORDER (object);

  halt (self);
  G_OBJECT_CLASS (confer_voice_recorder_parent_class)->dispose (object);
}

static void
confer_voice_recorder_finalize (GObject *object)
{
  ConferVoiceRecorder *self = CONFER_VOICE_RECORDER (object);

  g_clear_pointer (&self->pcm, g_byte_array_unref);
  g_clear_pointer (&self->opus, gst_buffer_list_unref);
  g_clear_pointer (&self->opus_caps, gst_caps_unref);
  g_clear_pointer (&self->waveform, g_array_unref);
  G_OBJECT_CLASS (confer_voice_recorder_parent_class)->finalize (object);
}

static void
confer_voice_recorder_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ConferVoiceRecorder *self = CONFER_VOICE_RECORDER (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;
    case PROP_DURATION_MS:
      g_value_set_uint (value, confer_voice_recorder_get_duration_ms (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_voice_recorder_class_init (ConferVoiceRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_voice_recorder_dispose;
  object_class->finalize = confer_voice_recorder_finalize;
  object_class->get_property = confer_voice_recorder_get_property;

  /**
   * ConferVoiceRecorder:recording:
   *
   * Whether it is recording.
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferVoiceRecorder:duration-ms:
   *
   * How much it has recorded, in milliseconds; notified with each level.
   */
  properties[PROP_DURATION_MS] =
    g_param_spec_uint ("duration-ms", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferVoiceRecorder::level:
   * @self: the recorder
   * @rms_db: the RMS level of the last %CONFER_VOICE_LEVEL_INTERVAL_MS,
   *   in dBFS (−∞ to 0)
   * @peak_db: its peak level, in dBFS
   *
   * Emitted about 20 times a second while recording (GStreamer's `level`
   * element), after the peak was added to the waveform.
   */
  signals[SIGNAL_LEVEL] =
    g_signal_new ("level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * ConferVoiceRecorder::stopped:
   * @self: the recorder
   * @error: (nullable): why it stopped: %NULL when it reached
   *   %CONFER_VOICE_MAX_DURATION_MS, %CONFER_MEDIA_ERROR_PIPELINE when the
   *   device failed
   *
   * Emitted when it stopped by itself; what it recorded until then is
   * still for confer_voice_recorder_stop() to take.
   */
  signals[SIGNAL_STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
confer_voice_recorder_init (ConferVoiceRecorder *self)
{
  self->pcm = g_byte_array_new ();
  self->pcm_start = GST_CLOCK_TIME_NONE;
  self->waveform = g_array_new (FALSE, FALSE, sizeof (float));
}

/**
 * confer_voice_recorder_new:
 *
 * Returns: (transfer full): a recorder, not recording
 */
ConferVoiceRecorder *
confer_voice_recorder_new (void)
{
  return g_object_new (CONFER_TYPE_VOICE_RECORDER, NULL);
}

/* In the streaming thread: keeps at most MAX_BYTES, then asks the main
 * thread to stop. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  ConferVoiceRecorder *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  if (self->pcm->len == 0)
    self->pcm_start = GST_BUFFER_PTS (buffer);
  g_byte_array_append (self->pcm, map.data, MIN (map.size, MAX_BYTES - self->pcm->len));
  gst_buffer_unmap (buffer, &map);
  if (self->pcm->len < MAX_BYTES)
    return GST_FLOW_OK;
  gst_element_post_message (GST_ELEMENT (sink),
                            gst_message_new_application (GST_OBJECT (sink),
                                                         gst_structure_new_empty ("confer-limit")));
  return GST_FLOW_EOS;
}

/* In the encoder's streaming thread: keeps each packet, and their caps. */
static GstFlowReturn
new_opus_cb (GstAppSink *sink,
             gpointer    user_data)
{
  ConferVoiceRecorder *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;

  if (buffer == NULL)
    return GST_FLOW_OK;
  if (self->opus_caps == NULL)
    self->opus_caps = gst_caps_ref (gst_sample_get_caps (sample));
  gst_buffer_list_add (self->opus, gst_buffer_ref (buffer));
  return GST_FLOW_OK;
}

/* The `level` element's message: a GValueArray (deprecated, but what
 * GStreamer 1.22's `level` posts) of one value a channel; the one
 * channel's. */
static double
level_value (const GstStructure *structure,
             const char         *field)
{
  const GValue *list = gst_structure_get_value (structure, field);
  double value = -INFINITY;

  if (list == NULL || !G_VALUE_HOLDS_BOXED (list))
    return value;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GValueArray *array = g_value_get_boxed (list);

    if (array != NULL && array->n_values > 0 && G_VALUE_HOLDS_DOUBLE (&array->values[0]))
      value = g_value_get_double (&array->values[0]);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return value;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  ConferVoiceRecorder *self = user_data;
  const GstStructure *structure = gst_message_get_structure (message);
  g_autoptr(GError) error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      if (gst_structure_has_name (structure, "level"))
        {
          double rms = level_value (structure, "rms");
          double peak = level_value (structure, "peak");
          float linear = CLAMP (pow (10, peak / 20), 0, 1);

          g_array_append_val (self->waveform, linear);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
          g_signal_emit (self, signals[SIGNAL_LEVEL], 0, rms, peak);
        }
      break;
    case GST_MESSAGE_APPLICATION:
      if (gst_structure_has_name (structure, "confer-limit"))
        {
          halt (self);
          g_signal_emit (self, signals[SIGNAL_STOPPED], 0, NULL);
        }
      break;
    case GST_MESSAGE_ERROR:
      confer_media_set_bus_error (message, &error);
      halt (self);
      g_signal_emit (self, signals[SIGNAL_STOPPED], 0, error);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * confer_voice_recorder_start:
 * @self: a #ConferVoiceRecorder that is not recording
 * @error: return location for a #GError
 *
 * Starts recording anew (dropping what an earlier recording left) as
 * signed 16-bit samples, 48 kHz, mono. Signals and notifications come in
 * the thread-default main context of the caller.
 *
 * Returns: %TRUE when recording; %FALSE with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT when a GStreamer plugin is
 *   missing, %CONFER_MEDIA_ERROR_PIPELINE when the source cannot start
 */
gboolean
confer_voice_recorder_start (ConferVoiceRecorder  *self,
                             GError              **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) opus = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  GstAppSinkCallbacks opus_callbacks = { .new_sample = new_opus_cb };

  g_return_val_if_fail (CONFER_IS_VOICE_RECORDER (self), FALSE);
  g_return_val_if_fail (!self->recording, FALSE);

  confer_voice_recorder_cancel (self);
  description = g_strdup_printf ("%s ! audioconvert ! audioresample ! %s ! " CONFER_MEDIA_DENOISE
                                 " ! level interval=%" G_GUINT64_FORMAT " post-messages=true ! tee name=t "
                                 "t. ! queue ! appsink name=sink sync=false "
                                 "t. ! queue ! " CONFER_VOICE_OPUS_ENCODER " ! appsink name=opus sync=false",
                                 confer_media_element_from_env ("CONFER_AUDIO_SOURCE", "autoaudiosrc"),
                                 CONFER_MEDIA_RAW_CAPS,
                                 (guint64) CONFER_VOICE_LEVEL_INTERVAL_MS * GST_MSECOND);
  if ((self->pipeline = confer_media_pipeline_new (description, error)) == NULL)
    return FALSE;
  self->opus = gst_buffer_list_new ();
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  opus = gst_bin_get_by_name (GST_BIN (self->pipeline), "opus");
  gst_app_sink_set_callbacks (GST_APP_SINK (opus), &opus_callbacks, self, NULL);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        confer_media_set_bus_error (message, error);
      else
        g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                             "The audio source would not start");
      halt (self);
      return FALSE;
    }
  self->recording = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  return TRUE;
}

/**
 * confer_voice_recorder_stop:
 * @self: a #ConferVoiceRecorder
 * @opus: (out) (optional) (transfer full) (nullable): return location for
 *   the same recording encoded: a #GstSample of the Opus packets (a
 *   buffer list), their caps (`audio/x-opus` with the OpusHead and
 *   OpusTags headers) and an info structure "confer-voice" whose
 *   "pcm-start" (guint64, ns) is the timestamp of the raw recording's
 *   first sample on the packets' clock; %NULL when nothing was encoded
 *
 * Stops recording (if it has not stopped by itself), letting what the
 * source gave reach the end of both branches (an end-of-stream, waited
 * for at most a second), and hands over what it recorded.
 *
 * Returns: (transfer full): the recording, its noise suppressed: signed
 *   16-bit little-endian samples, 48 kHz, mono, at most
 *   %CONFER_VOICE_MAX_DURATION_MS of them
 */
GBytes *
confer_voice_recorder_stop (ConferVoiceRecorder  *self,
                            GstSample           **opus)
{
  GBytes *pcm;

  g_return_val_if_fail (CONFER_IS_VOICE_RECORDER (self), NULL);

  if (self->pipeline != NULL && self->recording)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
      g_autoptr(GstMessage) end = NULL;

      gst_element_send_event (self->pipeline, gst_event_new_eos ());
      end = gst_bus_timed_pop_filtered (bus, GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    }
  halt (self);
  if (opus != NULL)
    {
      *opus = NULL;
      if (self->opus != NULL && self->opus_caps != NULL && gst_buffer_list_length (self->opus) > 0 &&
          GST_CLOCK_TIME_IS_VALID (self->pcm_start))
        {
          *opus = gst_sample_new (NULL, self->opus_caps, NULL,
                                  gst_structure_new ("confer-voice", "pcm-start", G_TYPE_UINT64, self->pcm_start, NULL));
          gst_sample_set_buffer_list (*opus, self->opus);
        }
    }
  pcm = g_byte_array_free_to_bytes (g_steal_pointer (&self->pcm));
  self->pcm = g_byte_array_new ();
  self->pcm_start = GST_CLOCK_TIME_NONE;
  g_clear_pointer (&self->opus, gst_buffer_list_unref);
  g_clear_pointer (&self->opus_caps, gst_caps_unref);
  return pcm;
}

/**
 * confer_voice_recorder_cancel:
 * @self: a #ConferVoiceRecorder
 *
 * Stops recording and drops what was recorded.
 */
void
confer_voice_recorder_cancel (ConferVoiceRecorder *self)
{
  g_return_if_fail (CONFER_IS_VOICE_RECORDER (self));

  halt (self);
  g_byte_array_set_size (self->pcm, 0);
  self->pcm_start = GST_CLOCK_TIME_NONE;
  g_clear_pointer (&self->opus, gst_buffer_list_unref);
  g_clear_pointer (&self->opus_caps, gst_caps_unref);
  g_array_set_size (self->waveform, 0);
}

/**
 * confer_voice_recorder_get_recording:
 * @self: a #ConferVoiceRecorder
 *
 * Returns: whether it is recording
 */
gboolean
confer_voice_recorder_get_recording (ConferVoiceRecorder *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_RECORDER (self), FALSE);
  return self->recording;
}

/**
 * confer_voice_recorder_get_duration_ms:
 * @self: a #ConferVoiceRecorder
 *
 * Returns: how long the recording lasts so far, in milliseconds, to
 *   %CONFER_VOICE_LEVEL_INTERVAL_MS
 */
guint
confer_voice_recorder_get_duration_ms (ConferVoiceRecorder *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_RECORDER (self), 0);
  return self->waveform->len * CONFER_VOICE_LEVEL_INTERVAL_MS;
}

/**
 * confer_voice_recorder_get_waveform:
 * @self: a #ConferVoiceRecorder
 * @n_peaks: (out): return location for the number of peaks
 *
 * The running waveform: the peak of each %CONFER_VOICE_LEVEL_INTERVAL_MS
 * recorded so far, from 0 (silence) to 1 (full scale), for a live display.
 *
 * Returns: (transfer none) (array length=n_peaks): the peaks, oldest first;
 *   valid until the next level or until recording starts again
 */
const float *
confer_voice_recorder_get_waveform (ConferVoiceRecorder *self,
                                    guint               *n_peaks)
{
  g_return_val_if_fail (CONFER_IS_VOICE_RECORDER (self), NULL);
  g_return_val_if_fail (n_peaks != NULL, NULL);

  *n_peaks = self->waveform->len;
  return (const float *) self->waveform->data;
}
