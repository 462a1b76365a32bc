/* confer-call-recorder.c: a recording of a call, made by one side: the
 * active speaker's video and everyone's audio mixed, to WebM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorder is a bin in the call's pipeline, fed from tees that are
 * there anyway, so that nothing is decoded twice and only what the file
 * needs is encoded once more:
 *
 *   own camera (raw, before its VP8 encoder) ─┐
 *   each peer's decoded video ────────────────┼─ input-selector ─ scale and rate
 *                                              ┘   to the call's size ─ vp8enc ─┐
 *   the received audio, mixed (the call's mixer) ─┬─ audiomixer ─ opusenc ───────┴─ webmmux ─ filesink
 *   own microphone (raw, after muting) ───────────┘
 *
 * The video is switched, not composed: an `input-selector` passes the
 * active speaker's decoded frames (the others' are dropped at once) to
 * a single VP8 encoder, whose output the file needs anyway. Switching
 * the already encoded streams instead would save that encoder but
 * needs a key frame from the peer at each switch and a track whose size
 * changes; composing a grid would cost a scaler per peer. The audio is
 * re-encoded because it is a mix. Each input has a leaky queue of its
 * own, so that a stalled recording never holds up the call.
 *
 * **Active speaker**: every CONFER_CALL_LEVEL_WINDOW_MS the call tells
 * the recorder each peer's level (confer_call_recorder_hear()); the
 * levels are smoothed (an exponential average of the power over
 * SMOOTHING_MS), and a peer louder than CONFER_VOICE_SILENCE_DBFS (what
 * voice messages count as sound) that stays the loudest for
 * CONFER_CALL_SPEAKER_HOLD_MS becomes the one shown, at most once per
 * CONFER_CALL_SPEAKER_HOLD_MS (the call view's hold), so that the video does
 * not flap between two people talking at once. With nobody speaking the
 * last speaker stays; the first peer whose video comes is shown before
 * anyone spoke; this side's own video only while no peer's video comes.
 *
 * **Finishing**: the inputs are unlinked from their tees and sent EOS;
 * once EOS reaches the file, webmmux has written the duration and the
 * cues (the seek index), and the bin leaves the pipeline.
 */
#define G_LOG_DOMAIN "confer-call-recorder"

#include "config.h"

#include <math.h>

#include "confer-call-private.h"
#include "confer-call-speakers.h"
#include "confer-media-error.h"
#include "confer-media-private.h"
#include "confer-voice-process.h"

/* Time constant of the smoothed levels, ms. */
#define SMOOTHING_MS 300
/* How long finishing waits for the file to be written, µs. */
#define FINISH_TIMEOUT_US (5 * G_USEC_PER_SEC)
/* The mixed audio's bitrate, bit/s: more than RFC 7587 §3.1.1's 28–40
 * kbit/s for one fullband voice, as it holds several. */
#define RECORDING_OPUS_BITRATE 64000

typedef struct
{
  char       *member_id;   /* NULL: this side's own */
  GstPad     *tee_pad;     /* nullable: the input is a source in the bin */
  GstElement *queue;       /* nullable: likewise */
  GstPad     *ghost;       /* the bin's pad the tee feeds; nullable likewise */
  GstElement *mixer;       /* unowned: the selector or the audio mixer */
  GstPad     *mixer_pad;
  double      power;       /* smoothed level, full scale 1 */
} Input;

struct _ConferCallRecorder
{
  GstElement *pipeline;
  GstElement *bin;
  GstElement *selector;
  GstElement *audio_mixer;
  GstElement *black;        /* nullable: this side's video when it sends none */
  GPtrArray  *videos;       /* Input: [0] this side's own */
  GPtrArray  *audios;       /* Input */
  Input      *shown;        /* the video recorded now */
  Input      *loudest;      /* the loudest speaker, since loudest_since */
  gint64      loudest_since;   /* monotonic µs */
  gint64      switched_at;     /* monotonic µs */

  GMutex      lock;
  GCond       cond;
  gboolean    written;      /* EOS reached the file */
};

static void
input_free (Input *input)
{
  g_free (input->member_id);
  g_clear_object (&input->tee_pad);
  g_clear_object (&input->queue);
  g_clear_object (&input->ghost);
  g_clear_object (&input->mixer_pad);
  g_free (input);
}

/* The file's end (its streaming thread): EOS means webmmux wrote it. */
static GstPadProbeReturn
eos_probe_cb (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         data)
{
  ConferCallRecorder *self = data;

  if (GST_EVENT_TYPE (gst_pad_probe_info_get_event (info)) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&self->lock);
  self->written = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* Feeds @mixer (the selector or the audio mixer) from @tee, a tee of the
 * call's pipeline, through a leaky queue holding up to @queue_ms. As with
 * a peer's streams, everything after the tee plays before its pad is
 * linked. */
static Input *
add_input (ConferCallRecorder *self,
           GstElement         *tee,
           GstElement         *mixer,
           const char         *member_id,
           guint               queue_ms)
{
  Input *input = g_new0 (Input, 1);
  g_autoptr(GstPad) queue_src = NULL;
  g_autoptr(GstPad) queue_sink = NULL;

  input->member_id = g_strdup (member_id);
  input->mixer = mixer;
  input->queue = gst_object_ref (gst_element_factory_make ("queue", NULL));
  g_object_set (input->queue, "leaky", 2 /* downstream */, "max-size-time", (guint64) queue_ms * GST_MSECOND,
                "max-size-buffers", 0, "max-size-bytes", 0, NULL);
  gst_bin_add (GST_BIN (self->bin), input->queue);
  input->mixer_pad = gst_element_request_pad_simple (mixer, "sink_%u");
  queue_src = gst_element_get_static_pad (input->queue, "src");
  gst_pad_link (queue_src, input->mixer_pad);
  gst_element_sync_state_with_parent (input->queue);
  queue_sink = gst_element_get_static_pad (input->queue, "sink");
  input->ghost = gst_object_ref (gst_ghost_pad_new (NULL, queue_sink));
  gst_pad_set_active (input->ghost, TRUE);
  gst_element_add_pad (self->bin, input->ghost);
  input->tee_pad = gst_element_request_pad_simple (tee, "src_%u");
  if (gst_pad_link (input->tee_pad, input->ghost) != GST_PAD_LINK_OK)
    g_warning ("Cannot link a stream to the recording");
  return input;
}

/* Unlinks @input from its tee and takes it out of the bin. */
static void
remove_input (ConferCallRecorder *self,
              Input              *input)
{
  g_autoptr(GstPad) queue_src = NULL;

  confer_media_release_tee_pad (input->tee_pad);
  gst_element_set_state (input->queue, GST_STATE_NULL);
  queue_src = gst_element_get_static_pad (input->queue, "src");
  gst_pad_unlink (queue_src, input->mixer_pad);
  gst_element_release_request_pad (input->mixer, input->mixer_pad);
  gst_element_remove_pad (self->bin, input->ghost);
  gst_bin_remove (GST_BIN (self->bin), input->queue);
}

static void
show (ConferCallRecorder *self,
      Input              *input,
      gint64              now_us)
{
  if (input == self->shown)
    return;
  g_debug ("The recording shows %s", input->member_id != NULL ? input->member_id : "this side");
  g_object_set (self->selector, "active-pad", input->mixer_pad, NULL);
  self->shown = input;
  self->switched_at = now_us;
}

/**
 * confer_call_recorder_new:
 * @pipeline: the call's pipeline, playing
 * @file: where to write the WebM file (a local file: it is created or
 *   replaced)
 * @width: the recorded video's width, px
 * @height: its height, px
 * @framerate: its frames per second
 * @own_video: (nullable): the tee of this side's raw video (I420), or
 *   %NULL if it sends none (black frames are recorded instead)
 * @own_audio: (nullable): the tee of this side's raw audio (muted when
 *   muted), or %NULL if it sends none
 * @mix: the tee of the received audio, mixed
 * @error: return location for a #GError
 *
 * Starts recording: the bin joins @pipeline. Peers' video is added with
 * confer_call_recorder_add_peer().
 *
 * Returns: (transfer full) (nullable): the recorder; %NULL with a
 *   #G_IO_ERROR when @file cannot be written, or
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT / %CONFER_MEDIA_ERROR_PIPELINE
 */
ConferCallRecorder *
confer_call_recorder_new (GstElement  *pipeline,
                          GFile       *file,
                          guint        width,
                          guint        height,
                          guint        framerate,
                          GstElement  *own_video,
                          GstElement  *own_audio,
                          GstElement  *mix,
                          GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GFileOutputStream) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) sink_pad = NULL;
  g_autofree char *caps = NULL;
  ConferCallRecorder *self;
  GstElement *bin;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Calls are recorded to local files only");
      return NULL;
    }
  /* GIO says clearly why a file cannot be written; filesink would only
   * fail once playing. */
  if ((probe = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error)) == NULL ||
      !g_output_stream_close (G_OUTPUT_STREAM (probe), NULL, error))
    return NULL;

  caps = g_strdup_printf ("video/x-raw,format=I420,width=%u,height=%u,framerate=%u/1,pixel-aspect-ratio=1/1",
                          width, height, framerate);
  /* Real-time VP8 as the call sends it, at a variable bitrate around
   * what the call would send at this size; a key frame every 2 s. */
  description = g_strdup_printf ("input-selector name=selector sync-streams=false drop-backwards=true ! "
                                 "videoconvert ! videoscale ! videorate skip-to-first=true ! %s ! "
                                 "vp8enc " CONFER_CALL_VP8_SPEED " threads=1 end-usage=vbr lag-in-frames=0 "
                                 "target-bitrate=%u keyframe-max-dist=%u ! queue ! mux. "
                                 "audiomixer name=audio_mixer start-time-selection=first latency=100000000 ! "
                                 "audioconvert ! opusenc bitrate=%d ! queue ! mux. "
                                 "webmmux name=mux offset-to-zero=true ! filesink name=sink sync=false async=false "
                                 "%s%s%s",
                                 caps, (guint) CLAMP ((double) width * height * framerate * 0.1, 150000, 2500000),
                                 2 * framerate, RECORDING_OPUS_BITRATE,
                                 own_video == NULL ? "videotestsrc name=black is-live=true pattern=black ! " : "",
                                 own_video == NULL ? caps : "",
                                 own_video == NULL ? " ! selector." : "");
  bin = gst_parse_bin_from_description (description, FALSE, &local_error);
  if (bin == NULL)
    {
      g_set_error (error, CONFER_MEDIA_ERROR,
                   g_error_matches (local_error, GST_PARSE_ERROR, GST_PARSE_ERROR_NO_SUCH_ELEMENT)
                   ? CONFER_MEDIA_ERROR_MISSING_ELEMENT : CONFER_MEDIA_ERROR_PIPELINE,
                   "%s (the recording's pipeline)", local_error->message);
      return NULL;
    }

  self = g_new0 (ConferCallRecorder, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->pipeline = gst_object_ref (pipeline);
  self->bin = gst_object_ref (bin);
  self->selector = gst_bin_get_by_name (GST_BIN (bin), "selector");
  self->audio_mixer = gst_bin_get_by_name (GST_BIN (bin), "audio_mixer");
  self->black = gst_bin_get_by_name (GST_BIN (bin), "black");
  self->videos = g_ptr_array_new_with_free_func ((GDestroyNotify) input_free);
  self->audios = g_ptr_array_new_with_free_func ((GDestroyNotify) input_free);
  sink = gst_bin_get_by_name (GST_BIN (bin), "sink");
  g_object_set (sink, "location", path, NULL);
  sink_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, eos_probe_cb, self, NULL);

  gst_bin_add (GST_BIN (pipeline), bin);
  if (!gst_element_sync_state_with_parent (bin))
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "The recording to %s would not start", path);
      confer_call_recorder_free (self);
      return NULL;
    }
  if (own_video != NULL)
    g_ptr_array_add (self->videos, add_input (self, own_video, self->selector, NULL, 200));
  else
    {
      Input *black = g_new0 (Input, 1);
      g_autoptr(GstPad) pad = gst_element_get_static_pad (self->selector, "sink_0");

      black->mixer = self->selector;
      black->mixer_pad = g_steal_pointer (&pad);
      g_ptr_array_add (self->videos, black);
    }
  show (self, self->videos->pdata[0], g_get_monotonic_time ());
  g_ptr_array_add (self->audios, add_input (self, mix, self->audio_mixer, NULL, 1000));
  if (own_audio != NULL)
    g_ptr_array_add (self->audios, add_input (self, own_audio, self->audio_mixer, NULL, 1000));
  return self;
}

static Input *
find_video (ConferCallRecorder *self,
            const char         *member_id)
{
  for (guint i = 1; i < self->videos->len; i++)
    {
      Input *input = self->videos->pdata[i];

      if (g_str_equal (input->member_id, member_id))
        return input;
    }
  return NULL;
}

/**
 * confer_call_recorder_add_peer:
 * @self: a recorder
 * @member_id: the peer's member id
 * @video_tee: the tee of its decoded video (raw I420)
 *
 * The peer's video may be shown from now on; it is at once if only this
 * side's was.
 *
 * Returns: %TRUE if the video shown changed
 */
gboolean
confer_call_recorder_add_peer (ConferCallRecorder *self,
                               const char         *member_id,
                               GstElement         *video_tee)
{
  Input *input;

  if (find_video (self, member_id) != NULL)
    return FALSE;
  input = add_input (self, video_tee, self->selector, member_id, 200);
  g_ptr_array_add (self->videos, input);
  if (self->shown != self->videos->pdata[0])
    return FALSE;
  show (self, input, g_get_monotonic_time ());
  return TRUE;
}

/**
 * confer_call_recorder_remove_peer:
 * @self: a recorder
 * @member_id: a peer's member id
 *
 * The peer is going (before its elements leave the pipeline): its video
 * is unlinked. If it was shown, the loudest other peer is, or the first,
 * or this side's own video.
 *
 * Returns: %TRUE if the video shown changed
 */
gboolean
confer_call_recorder_remove_peer (ConferCallRecorder *self,
                                  const char         *member_id)
{
  Input *input = find_video (self, member_id);
  gboolean was_shown;

  if (input == NULL)
    return FALSE;
  if (self->loudest == input)
    self->loudest = NULL;
  was_shown = self->shown == input;
  if (was_shown)
    {
      Input *next = self->videos->pdata[0];

      for (guint i = 1; i < self->videos->len; i++)
        {
          Input *other = self->videos->pdata[i];

          if (other != input && (next == self->videos->pdata[0] || other->power > next->power))
            next = other;
        }
      show (self, next, g_get_monotonic_time ());
    }
  remove_input (self, input);
  g_ptr_array_remove (self->videos, input);
  return was_shown;
}

/**
 * confer_call_recorder_hear:
 * @self: a recorder
 * @member_id: a peer's member id
 * @level_dbfs: the RMS level of its audio over the last
 *   CONFER_CALL_LEVEL_WINDOW_MS, dBFS (-INFINITY for silence)
 * @now_us: the monotonic time, µs
 *
 * Takes a peer's level into its smoothed level and switches the video to
 * the active speaker when the rules above say so.
 *
 * Returns: %TRUE if the video shown changed
 */
gboolean
confer_call_recorder_hear (ConferCallRecorder *self,
                           const char         *member_id,
                           double              level_dbfs,
                           gint64              now_us)
{
  double alpha = 1 - exp (-(double) CONFER_CALL_LEVEL_WINDOW_MS / SMOOTHING_MS);
  Input *input = find_video (self, member_id);
  Input *loudest = NULL;
  Input *shown = self->shown;

  if (input == NULL)
    return FALSE;
  input->power += alpha * ((isfinite (level_dbfs) ? pow (10, level_dbfs / 10) : 0) - input->power);

  for (guint i = 1; i < self->videos->len; i++)
    {
      Input *other = self->videos->pdata[i];

      if (10 * log10 (other->power) > CONFER_VOICE_SILENCE_DBFS && (loudest == NULL || other->power > loudest->power))
        loudest = other;
    }
  if (loudest != self->loudest)
    {
      self->loudest = loudest;
      self->loudest_since = now_us;
    }
  if (loudest != NULL && loudest != self->shown && now_us - self->loudest_since >= CONFER_CALL_SPEAKER_HOLD_MS * 1000 &&
      now_us - self->switched_at >= CONFER_CALL_SPEAKER_HOLD_MS * 1000)
    show (self, loudest, now_us);
  return self->shown != shown;
}

/**
 * confer_call_recorder_get_shown:
 * @self: a recorder
 *
 * Returns: (nullable): the member id of the peer whose video is recorded
 *   now, or %NULL while it is this side's own
 */
const char *
confer_call_recorder_get_shown (ConferCallRecorder *self)
{
  return self->shown->member_id;
}

/**
 * confer_call_recorder_owns:
 * @self: a recorder
 * @object: an element or pad of the call's pipeline
 *
 * Returns: %TRUE if @object is one of the recording's (its errors are the
 *   recording's, not the call's)
 */
gboolean
confer_call_recorder_owns (ConferCallRecorder *self,
                           GstObject          *object)
{
  return object == GST_OBJECT (self->bin) || gst_object_has_as_ancestor (object, GST_OBJECT (self->bin));
}

/**
 * confer_call_recorder_finish:
 * @self: (transfer full): a recorder
 * @error: return location for a #GError
 *
 * Ends the recording: every input is unlinked and sent EOS, and the call
 * waits (up to 5 s; it takes a few frames' encoding) for webmmux to write
 * the file's end — its duration and cues, which make it seekable. The
 * recorder is freed.
 *
 * Returns: %TRUE once the file is complete; %FALSE with
 *   %CONFER_MEDIA_ERROR_PIPELINE if it was not written in time (it then
 *   lacks its duration)
 */
gboolean
confer_call_recorder_finish (ConferCallRecorder  *self,
                             GError             **error)
{
  gint64 deadline = g_get_monotonic_time () + FINISH_TIMEOUT_US;
  gboolean written;
  GPtrArray *groups[] = { self->videos, self->audios };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (guint i = 0; i < groups[g]->len; i++)
      {
        Input *input = groups[g]->pdata[i];

        if (input->tee_pad == NULL)
          continue;
        confer_media_release_tee_pad (input->tee_pad);
        gst_pad_send_event (input->ghost, gst_event_new_eos ());
      }
  if (self->black != NULL)
    gst_element_send_event (self->black, gst_event_new_eos ());

  g_mutex_lock (&self->lock);
  while (!self->written)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      break;
  written = self->written;
  g_mutex_unlock (&self->lock);
  if (!written)
    g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                         "The recording did not end within 5 s; the file may not be seekable");
  confer_call_recorder_free (self);
  return written;
}

/**
 * confer_call_recorder_free:
 * @self: (transfer full): a recorder
 *
 * Stops the recording at once (after a failure: the file is left as it
 * is) and takes it out of the pipeline.
 */
void
confer_call_recorder_free (ConferCallRecorder *self)
{
  GPtrArray *groups[] = { self->videos, self->audios };

  /* Unlinked first: a tee pushing into a stopped element would stop the
   * call's stream. */
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (guint i = 0; i < groups[g]->len; i++)
      {
        Input *input = groups[g]->pdata[i];

        if (input->tee_pad != NULL && gst_pad_is_linked (input->tee_pad))
          confer_media_release_tee_pad (input->tee_pad);
      }
  gst_element_set_state (self->bin, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->pipeline), self->bin);
  g_ptr_array_unref (self->videos);
  g_ptr_array_unref (self->audios);
  g_clear_object (&self->selector);
  g_clear_object (&self->audio_mixer);
  g_clear_object (&self->black);
  g_clear_object (&self->bin);
  g_clear_object (&self->pipeline);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
