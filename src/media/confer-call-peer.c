/* confer-call-peer.c: one other member of a call: its webrtcbin, the
 * negotiation with it, what it sends us decoded, and its statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each peer has its own webrtcbin in the call's pipeline, fed from the
 * engine's tees (the streams are encoded once for all peers), with three
 * transceivers in a fixed order, audio, camera, screen: a sending one for
 * each stream this side sends (or, for the screen, may share), a
 * receive-only one otherwise, so that either side's offer has all three
 * m-lines and the answerer pairs its own transceivers with them in order.
 * The screen's transceiver is there from the start and its SSRC is in
 * the first offer, so sharing a screen later is only a matter of sending
 * on it: nobody renegotiates. Bundle (max-bundle) puts all on one
 * ICE/DTLS transport, RTCP multiplexed; media is DTLS-SRTP (webrtcbin's
 * only mode).
 *
 * Confer's peers number their codecs alike (Opus 96, VP8 97, the screen's
 * VP8 98), so one payloaded stream serves them all. A browser numbers its
 * own (Chromium: Opus 111, VP8 96), and an offerer's numbers are what the
 * answerer must send with (RFC 3264 §6.1): answering such an offer, the
 * transceivers take the offer's numbers as their codec preferences — or
 * webrtcbin would not pair them with its m-lines at all — and what this
 * side sends the peer has its payload type rewritten on the way (on its
 * own queue's pad; the RTP header only). The caps reaching webrtcbin carry no
 * payload type for that reason: it is the peer's, set by the transceiver.
 *
 * webrtcbin calls back from its own threads; everything that touches
 * the signalling or emits a signal runs in the call's main context, and
 * once a peer is closed its late callbacks do nothing.
 */
#define G_LOG_DOMAIN "confer-call-peer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/rtp/rtp.h>
#include <gst/sdp/sdp.h>
#include <gst/video/video.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include "confer-call-private.h"
#include "confer-media-error.h"
#include "confer-media-private.h"
#include "confer-call-stamp.h"

/* The jitter buffer's latency, ms: on a LAN or loopback a few frames'
 * worth; webrtcbin's default (200 ms) would add to every frame's delay. */
#define JITTER_LATENCY_MS 50
/* A latency sample beyond this is a clock jump, not a delay, ms. */
#define MAX_LATENCY_MS 10000
/* The least time between two RTCP reports, ms (element_added_cb()). */
#define RTCP_INTERVAL_MS 500
/* The least time between two key frames asked of the peer for one of its
 * videos, ms (key_frame_request_cb()): two report intervals, so that a
 * regular report always fits between two requests. */
#define KEY_FRAME_REQUEST_INTERVAL_MS (2 * RTCP_INTERVAL_MS)

/* What the peer last reported of a stream this side sends it. */
typedef struct
{
  guint32  ssrc;     /* the stream's */
  gboolean seen;     /* a report of it came */
  gint32   lost;     /* cumulative number of packets lost */
  guint32  highest;  /* extended highest sequence number received */
} ReportedStream;

/* What this side decodes of one of the peer's video streams (guarded by
 * the peer's lock). */
typedef struct
{
  ConferCallVideoStats stats;
  GArray              *latencies;     /* double, ms, since last taken */
  GstSample           *frame;
  gboolean             frame_pending;
  guint64              last_frames;
} Received;

/* The m-lines every peer has, in this order on every side. */
typedef enum
{
  MLINE_AUDIO,
  MLINE_CAMERA,
  MLINE_SCREEN,
  N_MLINES
} MLineIndex;

/* What one of the peer's transceivers sends and how (the payload type is
 * read by the streaming thread, written by the main one). */
typedef struct
{
  gint  payload;    /* atomic: the payload type the peer wants the codec sent with */
  guint own;        /* the one this side's payloader writes */
} SendPayload;

/* One of the peer's m-lines. */
typedef struct
{
  GstWebRTCRTPTransceiver *transceiver;
  GstCaps                 *caps;       /* its codec preferences as Confer numbers them */
  SendPayload             *send;       /* nullable: receive-only; owned by the queue's probe */
} MLine;

struct _ConferCallPeer
{
  GObject              parent_instance;

  ConferCallShared    *shared;       /* NULL once closed */
  GMainContext        *context;
  char                *member_id;
  char                *participant;
  gboolean             offerer;
  gboolean             read_stamps;
  ConferCallPeerState  state;
  GstElement          *webrtc;
  GPtrArray           *elements;     /* GstElement this peer added to the pipeline */
  GPtrArray           *tee_pads;     /* GstPad requested from the tees */
  gboolean             offered;
  MLine                mlines[N_MLINES];

  GMutex               lock;         /* guards what follows: streaming threads write it */
  gboolean             closing;
  GstPad              *mixer_pad;
  ConferCallStats      stats;        /* but for .video and .screen, in received[] */
  Received             received[2];  /* by ConferCallVideo */
  double               audio_squares;   /* sum of squared samples, full scale 1 */
  guint64              audio_samples;
  double               window_squares;  /* likewise, of the level's window so far */
  guint                window_samples;
  double               level_dbfs;      /* of the last whole window */
  GstElement          *video_tee;       /* the decoded camera, once it comes */
  gint                 frames_at_connect;
  gint                 frames_at_close;
  gboolean             connected_once;
  guint32              connected_ms;    /* stamp time base: when it connected */
  double               last_packets_received;
  double               last_packets_lost;
  guint64              last_bytes_sent;
  guint64              last_bytes_received;
  gint64               last_poll;    /* monotonic µs */
  ReportedStream       reported[3];  /* audio, camera, screen: the peer's last reports */
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FRAME,
  STATS,
  REPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferCallPeer, confer_call_peer, G_TYPE_OBJECT)

static void
confer_call_peer_finalize (GObject *object)
{
  ConferCallPeer *self = (ConferCallPeer *) object;

  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_clear_pointer (&self->tee_pads, g_ptr_array_unref);
  for (guint i = 0; i < N_MLINES; i++)
    {
      g_clear_object (&self->mlines[i].transceiver);
      g_clear_pointer (&self->mlines[i].caps, gst_caps_unref);
    }
  g_clear_object (&self->webrtc);
  g_clear_object (&self->mixer_pad);
  g_clear_object (&self->video_tee);
  for (guint i = 0; i < G_N_ELEMENTS (self->received); i++)
    {
      g_clear_pointer (&self->received[i].latencies, g_array_unref);
      g_clear_pointer (&self->received[i].frame, gst_sample_unref);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_free (self->member_id);
  g_free (self->participant);

  G_OBJECT_CLASS (confer_call_peer_parent_class)->finalize (object);
}

static void
confer_call_peer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConferCallPeer *self = CONFER_CALL_PEER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_call_peer_class_init (ConferCallPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confer_call_peer_finalize;
  object_class->get_property = confer_call_peer_get_property;

  /**
   * ConferCallPeer:state:
   *
   * Where the connection is (a #ConferCallPeerState).
   */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, CONFER_CALL_PEER_CONNECTING, CONFER_CALL_PEER_CLOSED,
                                             CONFER_CALL_PEER_CONNECTING,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferCallPeer::frame:
   * @video: which stream (a #ConferCallVideo)
   *
   * A new frame of the peer's camera or shared screen was decoded
   * (confer_call_peer_get_frame()); emitted in the call's main context,
   * at most once per stream and main loop iteration however many frames
   * came.
   */
  signals[FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * ConferCallPeer::stats:
   *
   * The statistics were updated (confer_call_peer_get_stats()), about
   * once a second.
   */
  signals[STATS] = g_signal_new ("stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
  /**
   * ConferCallPeer::report:
   *
   * An RTCP report of the peer's came (about once a second): the
   * statistics' @remote_loss is now what it reported. Emitted in the
   * call's main context.
   */
  signals[REPORT] = g_signal_new ("report", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void
confer_call_peer_init (ConferCallPeer *self)
{
  g_mutex_init (&self->lock);
  self->elements = g_ptr_array_new_with_free_func (gst_object_unref);
  self->tee_pads = g_ptr_array_new_with_free_func (gst_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->received); i++)
    self->received[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
  self->stats.rtt_ms = -1;
  self->stats.audio_dbfs = -INFINITY;
  self->level_dbfs = -INFINITY;
}

/**
 * confer_call_peer_new:
 * @shared: the call's pipeline, tees and signalling (not copied: the call
 *   closes its peers before it frees them)
 * @member: the other member
 * @offerer: whether this side makes the offer (it joined after @member)
 *
 * Returns: (transfer full): a peer not started yet
 */
ConferCallPeer *
confer_call_peer_new (ConferCallShared *shared,
                      ConferCallMember *member,
                      gboolean          offerer)
{
  ConferCallPeer *self = g_object_new (CONFER_TYPE_CALL_PEER, NULL);

  self->shared = shared;
  self->context = g_main_context_ref (shared->context);
  self->member_id = g_strdup (confer_call_member_get_id (member));
  self->participant = g_strdup (confer_call_member_get_participant (member));
  self->offerer = offerer;
  self->read_stamps = shared->read_stamps;
  return self;
}

/* Runs @func (@self) in the call's main context, holding a reference. */
static void
in_main (ConferCallPeer *self,
         GSourceFunc     func)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, func, g_object_ref (self), g_object_unref);
}

static void
set_state (ConferCallPeer      *self,
           ConferCallPeerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* A peer and one of its video streams, for a callback. */
typedef struct
{
  ConferCallPeer  *peer;
  ConferCallVideo  video;
} PeerVideo;

static void
peer_video_free (gpointer data)
{
  PeerVideo *pv = data;

  g_object_unref (pv->peer);
  g_free (pv);
}

static PeerVideo *
peer_video_new (ConferCallPeer  *self,
                ConferCallVideo  video)
{
  PeerVideo *pv = g_new (PeerVideo, 1);

  pv->peer = g_object_ref (self);
  pv->video = video;
  return pv;
}

static gboolean
emit_frame_cb (gpointer data)
{
  PeerVideo *pv = data;
  ConferCallPeer *self = pv->peer;

  g_mutex_lock (&self->lock);
  self->received[pv->video].frame_pending = FALSE;
  g_mutex_unlock (&self->lock);
  if (self->shared != NULL)
    g_signal_emit (self, signals[FRAME], 0, (int) pv->video);
  return G_SOURCE_REMOVE;
}

/* A decoded RGBA frame of the camera or the screen (the appsink's
 * streaming thread): counted, its stamp read, kept as the latest. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  PeerVideo *pv = data;
  ConferCallPeer *self = pv->peer;
  Received *received = &self->received[pv->video];
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstMapInfo map;
  ConferCallStamp stamp;
  gboolean stamped = FALSE, notify;
  guint32 now = confer_call_stamp_now_ms ();

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return GST_FLOW_OK;
  if (self->read_stamps && gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ))
    {
      if (map.size >= (gsize) GST_VIDEO_INFO_PLANE_STRIDE (&info, 0) * GST_VIDEO_INFO_HEIGHT (&info))
        stamped = confer_call_stamp_read_rgba (map.data, GST_VIDEO_INFO_PLANE_STRIDE (&info, 0),
                                               GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info), &stamp);
      gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
    }

  g_mutex_lock (&self->lock);
  received->stats.frames_received++;
  received->stats.width = GST_VIDEO_INFO_WIDTH (&info);
  received->stats.height = GST_VIDEO_INFO_HEIGHT (&info);
  if (stamped)
    {
      gint32 latency = (gint32) (now - stamp.time_ms);

      received->stats.frames_stamped++;
      /* A frame captured before the connection was up waited for it:
       * that is set-up time, not latency. */
      if (latency >= 0 && latency < MAX_LATENCY_MS && self->connected_once &&
          (gint32) (stamp.time_ms - self->connected_ms) >= 0)
        {
          double ms = latency;

          g_array_append_val (received->latencies, ms);
        }
    }
  g_clear_pointer (&received->frame, gst_sample_unref);
  received->frame = g_steal_pointer (&sample);
  notify = !received->frame_pending && !self->closing;
  received->frame_pending |= notify;
  g_mutex_unlock (&self->lock);
  if (notify)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_frame_cb, peer_video_new (self, pv->video),
                                peer_video_free);
  return GST_FLOW_OK;
}

/* Decoded audio (S16LE mono, 48 kHz) on its way to the mixer: its level
 * is measured, since the start and over each CONFER_CALL_LEVEL_WINDOW_MS
 * window. */
static GstPadProbeReturn
audio_probe_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         data)
{
  ConferCallPeer *self = data;
  GstBuffer *buffer = gst_pad_probe_info_get_buffer (info);
  GstMapInfo map;
  double squares = 0;
  gsize n;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  n = map.size / 2;
  for (gsize i = 0; i < n; i++)
    {
      double sample = ((const gint16 *) map.data)[i] / 32768.0;

      squares += sample * sample;
    }
  gst_buffer_unmap (buffer, &map);

  g_mutex_lock (&self->lock);
  self->audio_squares += squares;
  self->audio_samples += n;
  self->window_squares += squares;
  self->window_samples += n;
  if (self->window_samples >= CONFER_CALL_LEVEL_WINDOW_MS * 48)
    {
      self->level_dbfs = self->window_squares > 0 ? 10 * log10 (self->window_squares / self->window_samples) : -INFINITY;
      self->window_squares = 0;
      self->window_samples = 0;
    }
  self->stats.audio_ms = self->audio_samples / 48;
  self->stats.audio_dbfs = self->audio_squares > 0 ? 10 * log10 (self->audio_squares / self->audio_samples) : -INFINITY;
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* Adds @element to the pipeline as this peer's, in the pipeline's state. */
static void
adopt (ConferCallPeer *self,
       GstElement     *element)
{
  gst_bin_add (GST_BIN (self->shared->pipeline), element);
  g_ptr_array_add (self->elements, gst_object_ref (element));
}

/* Parses @description into a bin of this peer's, ghosting its unlinked
 * pads; %NULL (logged) if it does not parse. */
static GstElement *
adopt_bin (ConferCallPeer *self,
           const char     *description)
{
  g_autoptr(GError) error = NULL;
  GstElement *bin = gst_parse_bin_from_description (description, TRUE, &error);

  if (bin == NULL)
    {
      g_warning ("Cannot decode what %s sends: %s", self->member_id, error->message);
      return NULL;
    }
  adopt (self, bin);
  return bin;
}

static gboolean
video_added_cb (gpointer data)
{
  ConferCallPeer *self = data;

  if (self->shared != NULL && self->shared->video_added != NULL)
    self->shared->video_added (self, self->shared->owner);
  return G_SOURCE_REMOVE;
}

/* A request for a key frame on its way from a video decoder to the peer
 * (its streaming thread); webrtcbin's RTP session sends it as a PLI (RFC
 * 4585 §6.3.1). rtpvp8depay asks again for every frame it drops while it
 * waits for a key frame, so under steady loss about every frame. GStreamer
 * 1.22 sends each request in an early RTCP packet, which carries no
 * reception reports (rtpsession's generate_rtcp()), and while one is due it
 * sends no regular packet: asked every frame, the peer never heard of the
 * loss it should have slowed down for. Requests closer than
 * KEY_FRAME_REQUEST_INTERVAL_MS to the last one sent are dropped; the
 * depayloader asks again with its next dropped frame. */
static GstPadProbeReturn
key_frame_request_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         data)
{
  gint64 *last_sent = data;
  gint64 now;

  if (!gst_video_event_is_force_key_unit (GST_PAD_PROBE_INFO_EVENT (info)))
    return GST_PAD_PROBE_OK;
  now = g_get_monotonic_time ();
  if (*last_sent != 0 && now - *last_sent < KEY_FRAME_REQUEST_INTERVAL_MS * G_TIME_SPAN_MILLISECOND)
    return GST_PAD_PROBE_DROP;
  *last_sent = now;
  return GST_PAD_PROBE_OK;
}

/* Video from the peer, its camera or its shared screen: decoded, and
 * converted to RGBA for the app. The camera is decoded onto a tee in the
 * pipeline itself (where a recording takes it:
 * confer_call_peer_get_video_tee()). The appsink does not wait to preroll
 * (`async=false`): added to the playing pipeline, one that did would
 * make the whole pipeline lose its state until its first frame, and a
 * peer closed meanwhile would deadlock — closing waits for its streaming
 * threads, one of them held in that preroll, and the pipeline's return to
 * playing waits for the closing peer's state lock. Returns the element to
 * link to. */
static GstElement *
add_video_branch (ConferCallPeer  *self,
                  ConferCallVideo  video)
{
  GstElement *decoder, *tee, *display;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) decoder_in = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  if ((decoder = adopt_bin (self, "rtpvp8depay request-keyframe=true wait-for-keyframe=true ! vp8dec threads=2")) == NULL ||
      (display = adopt_bin (self, "videoconvert ! video/x-raw,format=RGBA ! "
                                  "appsink name=sink sync=false async=false max-buffers=2 drop=true")) == NULL)
    return NULL;
  decoder_in = gst_element_get_static_pad (decoder, "sink");
  gst_pad_add_probe (decoder_in, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, key_frame_request_cb, g_new0 (gint64, 1), g_free);
  sink = gst_bin_get_by_name (GST_BIN (display), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, peer_video_new (self, video), peer_video_free);
  if (video == CONFER_CALL_VIDEO_CAMERA)
    {
      tee = gst_element_factory_make ("tee", NULL);
      g_object_set (tee, "allow-not-linked", TRUE, NULL);
      adopt (self, tee);
      if (!gst_element_link_many (decoder, tee, display, NULL))
        {
          g_warning ("Cannot link the camera decoder of %s", self->member_id);
          return NULL;
        }
      gst_element_sync_state_with_parent (tee);
      self->video_tee = gst_object_ref (tee);
    }
  else if (!gst_element_link (decoder, display))
    {
      g_warning ("Cannot link the screen decoder of %s", self->member_id);
      return NULL;
    }
  gst_element_sync_state_with_parent (display);
  gst_element_sync_state_with_parent (decoder);
  return decoder;
}

/* Audio from the peer: decoded, measured, and mixed with the others'
 * (the call plays or records the mix). Returns the element to link to. */
static GstElement *
add_audio_branch (ConferCallPeer *self)
{
  GstElement *branch;
  g_autoptr(GstElement) tap = NULL;
  g_autoptr(GstPad) tap_pad = NULL;
  g_autoptr(GstPad) out = NULL;

  branch = adopt_bin (self, "rtpopusdepay ! opusdec plc=true ! audioconvert ! audioresample ! "
                            "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1 ! "
                            "identity name=tap ! queue max-size-time=200000000 leaky=downstream");
  if (branch == NULL)
    return NULL;
  tap = gst_bin_get_by_name (GST_BIN (branch), "tap");
  tap_pad = gst_element_get_static_pad (tap, "src");
  gst_pad_add_probe (tap_pad, GST_PAD_PROBE_TYPE_BUFFER, audio_probe_cb, g_object_ref (self), g_object_unref);
  out = gst_element_get_static_pad (branch, "src");
  self->mixer_pad = gst_element_request_pad_simple (self->shared->mixer, "sink_%u");
  gst_pad_link (out, self->mixer_pad);
  gst_element_sync_state_with_parent (branch);
  return branch;
}

/* webrtcbin has a stream from the peer (a streaming thread): it is
 * decoded — the camera (for the app and a recording) and the screen (for
 * the app), told apart by the transceiver they came on (not by payload
 * type: a browser numbers both m-lines' VP8 alike); audio to the mixer. */
static void
pad_added_cb (GstElement     *webrtc,
              GstPad         *pad,
              ConferCallPeer *self)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) sink_pad = NULL;
  g_autoptr(GstWebRTCRTPTransceiver) transceiver = NULL;
  const char *media;
  GstElement *branch;
  gboolean video;
  ConferCallVideo which;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  media = gst_structure_get_string (gst_caps_get_structure (caps, 0), "media");
  video = g_strcmp0 (media, "video") == 0;
  g_object_get (pad, "transceiver", &transceiver, NULL);
  /* The transceivers are set before webrtcbin has any stream. */
  which = transceiver != NULL && transceiver == self->mlines[MLINE_SCREEN].transceiver ? CONFER_CALL_VIDEO_SCREEN
                                                                                     : CONFER_CALL_VIDEO_CAMERA;

  g_mutex_lock (&self->lock);
  if (self->closing)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  branch = video ? add_video_branch (self, which) : add_audio_branch (self);
  g_mutex_unlock (&self->lock);
  if (branch == NULL)
    return;
  sink_pad = gst_element_get_static_pad (branch, "sink");
  if (gst_pad_link (pad, sink_pad) != GST_PAD_LINK_OK)
    g_warning ("Cannot link the %s from %s to its decoder", media, self->member_id);
  else if (video && which == CONFER_CALL_VIDEO_CAMERA)
    in_main (self, video_added_cb);
}

static gboolean
send_candidate_cb (gpointer data)
{
  GPtrArray *args = data;   /* peer, index (as a pointer), candidate */
  ConferCallPeer *self = args->pdata[0];

  if (self->shared != NULL)
    confer_call_signalling_send_candidate (self->shared->signalling, self->member_id,
                                           GPOINTER_TO_UINT (args->pdata[1]), args->pdata[2]);
  return G_SOURCE_REMOVE;
}

static void
free_candidate_args (gpointer data)
{
  GPtrArray *args = data;

  g_object_unref (args->pdata[0]);
  g_free (args->pdata[2]);
  g_ptr_array_unref (args);
}

/* webrtcbin gathered a candidate (its thread): it goes to the peer. */
static void
ice_candidate_cb (GstElement     *webrtc,
                  guint           index,
                  const char     *candidate,
                  ConferCallPeer *self)
{
  GPtrArray *args = g_ptr_array_sized_new (3);

  g_ptr_array_add (args, g_object_ref (self));
  g_ptr_array_add (args, GUINT_TO_POINTER (index));
  g_ptr_array_add (args, g_strdup (candidate));
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, send_candidate_cb, args, free_candidate_args);
}

static gboolean
connection_state_cb (gpointer data)
{
  ConferCallPeer *self = data;
  GstWebRTCPeerConnectionState state;

  if (self->shared == NULL)
    return G_SOURCE_REMOVE;
  g_object_get (self->webrtc, "connection-state", &state, NULL);
  g_debug ("Peer %s: connection state %d", self->member_id, state);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED)
    {
      g_mutex_lock (&self->lock);
      if (!self->connected_once)
        {
          self->connected_once = TRUE;
          self->connected_ms = confer_call_stamp_now_ms ();
          self->frames_at_connect = g_atomic_int_get (&self->shared->frames_encoded);
        }
      g_mutex_unlock (&self->lock);
      /* A newcomer cannot decode until the next key frame: ask for one. */
      if (self->shared->video_encoder != NULL)
        gst_element_send_event (self->shared->video_encoder,
                                gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
      if (self->shared->screen_encoder != NULL)
        gst_element_send_event (self->shared->screen_encoder,
                                gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
      set_state (self, CONFER_CALL_PEER_CONNECTED);
    }
  else if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    set_state (self, CONFER_CALL_PEER_FAILED);
  return G_SOURCE_REMOVE;
}

static void
notify_connection_state_cb (GstElement     *webrtc,
                            GParamSpec     *pspec,
                            ConferCallPeer *self)
{
  in_main (self, connection_state_cb);
}

/* Sends this side's description, once set locally (main context). */
typedef struct
{
  ConferCallPeer            *peer;
  ConferCallDescriptionKind  kind;
  char                      *sdp;
} Outgoing;

static void
outgoing_free (gpointer data)
{
  Outgoing *outgoing = data;

  g_object_unref (outgoing->peer);
  g_free (outgoing->sdp);
  g_free (outgoing);
}

static gboolean
send_description_cb (gpointer data)
{
  Outgoing *outgoing = data;

  if (outgoing->peer->shared != NULL)
    confer_call_signalling_send_description (outgoing->peer->shared->signalling, outgoing->peer->member_id,
                                             outgoing->kind, outgoing->sdp);
  return G_SOURCE_REMOVE;
}

static gboolean
failed_cb (gpointer data)
{
  set_state (data, CONFER_CALL_PEER_FAILED);
  return G_SOURCE_REMOVE;
}

/* Whether a promise was answered without an error (its reply, which may
 * be %NULL, in @reply); otherwise logs why and fails the peer. */
static gboolean
promise_ok (ConferCallPeer      *self,
            GstPromise          *promise,
            const char          *what,
            const GstStructure **reply)
{
  gboolean replied = gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED;
  const GstStructure *answer = replied ? gst_promise_get_reply (promise) : NULL;
  g_autoptr(GError) error = NULL;

  if (answer != NULL && gst_structure_has_field (answer, "error"))
    gst_structure_get (answer, "error", G_TYPE_ERROR, &error, NULL);
  if (!replied || error != NULL)
    {
      g_warning ("Peer %s: %s failed: %s", self->member_id, what, error != NULL ? error->message : "no reply");
      in_main (self, failed_cb);
      return FALSE;
    }
  if (reply != NULL)
    *reply = answer;
  return TRUE;
}

/* create-offer or create-answer answered (webrtcbin's thread): the
 * description is set locally and sent. */
static void
description_created_cb (GstPromise *promise,
                        gpointer    data)
{
  ConferCallPeer *self = data;
  const char *field = self->offerer ? "offer" : "answer";
  const GstStructure *reply = NULL;
  GstWebRTCSessionDescription *description = NULL;
  Outgoing *outgoing;

  if (!promise_ok (self, promise, self->offerer ? "create-offer" : "create-answer", &reply) || reply == NULL ||
      !gst_structure_get (reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description, NULL))
    {
      gst_promise_unref (promise);
      return;
    }
  gst_promise_unref (promise);
  g_signal_emit_by_name (self->webrtc, "set-local-description", description, NULL);
  outgoing = g_new0 (Outgoing, 1);
  outgoing->peer = g_object_ref (self);
  outgoing->kind = self->offerer ? CONFER_CALL_OFFER : CONFER_CALL_ANSWER;
  outgoing->sdp = gst_sdp_message_as_text (description->sdp);
  gst_webrtc_session_description_free (description);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, send_description_cb, outgoing, outgoing_free);
}

static gboolean
create_offer_cb (gpointer data)
{
  ConferCallPeer *self = data;

  if (self->shared == NULL || self->offered)
    return G_SOURCE_REMOVE;
  self->offered = TRUE;
  g_signal_emit_by_name (self->webrtc, "create-offer", NULL,
                         gst_promise_new_with_change_func (description_created_cb, g_object_ref (self), g_object_unref));
  return G_SOURCE_REMOVE;
}

/* Only the offerer negotiates, once: the transceivers never change. */
static void
negotiation_needed_cb (GstElement     *webrtc,
                       ConferCallPeer *self)
{
  if (self->offerer)
    in_main (self, create_offer_cb);
}

/* The peer's offer is set (webrtcbin's thread): the answer is made. */
static void
remote_offer_set_cb (GstPromise *promise,
                     gpointer    data)
{
  ConferCallPeer *self = data;

  if (!promise_ok (self, promise, "setting the offer", NULL))
    {
      gst_promise_unref (promise);
      return;
    }
  gst_promise_unref (promise);
  g_signal_emit_by_name (self->webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (description_created_cb, g_object_ref (self), g_object_unref));
}

static void
remote_answer_set_cb (GstPromise *promise,
                      gpointer    data)
{
  promise_ok (data, promise, "setting the answer", NULL);
  gst_promise_unref (promise);
}

/* Sets the payload type @data (a guint) in the header of an RTP packet
 * (@buffer, replaced by a writable copy when the other peers share it). */
static gboolean
set_payload_type (GstBuffer **buffer,
                  guint       index,
                  gpointer    data)
{
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  *buffer = gst_buffer_make_writable (*buffer);
  if (gst_rtp_buffer_map (*buffer, GST_MAP_WRITE, &rtp))
    {
      gst_rtp_buffer_set_payload_type (&rtp, GPOINTER_TO_UINT (data));
      gst_rtp_buffer_unmap (&rtp);
    }
  return TRUE;
}

/* @caps without their payload type (%NULL stays %NULL). */
static GstCaps *
without_payload (GstCaps *caps)
{
  GstCaps *copy;

  if (caps == NULL)
    return NULL;
  copy = gst_caps_copy (caps);
  for (guint i = 0; i < gst_caps_get_size (copy); i++)
    gst_structure_remove_field (gst_caps_get_structure (copy, i), "payload");
  return copy;
}

/* A caps or accept-caps query across a peer's queue and its webrtcbin:
 * what crosses carries no payload type. One from upstream (the tee) is
 * asked again without it and answered from webrtcbin's reply without
 * it; one from webrtcbin gets upstream's reply without it. */
static GstPadProbeReturn
send_query_cb (GstPad          *pad,
               GstPadProbeInfo *info)
{
  GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);
  GstPadProbeType type = GST_PAD_PROBE_INFO_TYPE (info);
  g_autoptr(GstPad) peer = NULL;
  g_autoptr(GstCaps) stripped = NULL;
  g_autoptr(GstCaps) reply = NULL;
  GstCaps *caps;

  if ((type & GST_PAD_PROBE_TYPE_QUERY_UPSTREAM) && (type & GST_PAD_PROBE_TYPE_PULL) &&
      GST_QUERY_TYPE (query) == GST_QUERY_CAPS)
    {
      gst_query_parse_caps_result (query, &caps);
      stripped = without_payload (caps);
      if (stripped != NULL)
        gst_query_set_caps_result (query, stripped);
      return GST_PAD_PROBE_OK;
    }
  if (!(type & GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM) || !(type & GST_PAD_PROBE_TYPE_PUSH) ||
      (peer = gst_pad_get_peer (pad)) == NULL)
    return GST_PAD_PROBE_OK;
  switch (GST_QUERY_TYPE (query))
    {
    case GST_QUERY_CAPS:
      gst_query_parse_caps (query, &caps);
      stripped = without_payload (caps);
      caps = gst_pad_query_caps (peer, stripped);
      reply = without_payload (caps);
      gst_caps_unref (caps);
      gst_query_set_caps_result (query, reply);
      return GST_PAD_PROBE_HANDLED;
    case GST_QUERY_ACCEPT_CAPS:
      gst_query_parse_accept_caps (query, &caps);
      stripped = without_payload (caps);
      gst_query_set_accept_caps_result (query, gst_pad_query_accept_caps (peer, stripped));
      return GST_PAD_PROBE_HANDLED;
    default:
      return GST_PAD_PROBE_OK;
    }
}

/* What crosses from a peer's queue to its webrtcbin (streaming threads):
 * caps carry no payload type — the transceiver's codec preferences give
 * the peer's, and webrtcbin, which intersects the two, would otherwise
 * find none matching an offer that numbers the codec otherwise — and the
 * packets get the payload type the peer asked for when it is not this
 * side's own. (webrtcbin's codec statistics have no payload type then,
 * and its get-stats logs "ignoring stream without payload type".) */
static GstPadProbeReturn
send_payload_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         data)
{
  SendPayload *send = data;
  GstPadProbeType type = GST_PAD_PROBE_INFO_TYPE (info);
  guint payload = (guint) g_atomic_int_get (&send->payload);

  if (type & GST_PAD_PROBE_TYPE_QUERY_BOTH)
    return send_query_cb (pad, info);
  if (type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      GstCaps *caps;
      g_autoptr(GstCaps) stripped = NULL;

      if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
        return GST_PAD_PROBE_OK;
      gst_event_parse_caps (event, &caps);
      stripped = without_payload (caps);
      GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_caps (stripped);
      gst_event_unref (event);
    }
  else if (payload == send->own)
    return GST_PAD_PROBE_OK;
  else if (type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      set_payload_type (&buffer, 0, GUINT_TO_POINTER (payload));
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
    }
  else if (type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = gst_buffer_list_make_writable (GST_PAD_PROBE_INFO_BUFFER_LIST (info));

      gst_buffer_list_foreach (list, set_payload_type, GUINT_TO_POINTER (payload));
      GST_PAD_PROBE_INFO_DATA (info) = list;
    }
  return GST_PAD_PROBE_OK;
}

/* Feeds the peer's m-line @index from @tee through a queue of its own
 * (leaky: one slow peer never holds up the others). Everything
 * downstream of the tee is playing before the tee's pad is linked: a tee
 * pushing into an element still stopped would get FLUSHING back and stop
 * the stream for every peer. The transceiver's codec preferences are
 * @caps (the stream's RTP caps, whose payload type is @payload): webrtcbin
 * leaves a sending transceiver out of an offer made before its first caps
 * came, and the m-lines after it would then be paired with the wrong
 * transceivers (a newcomer offering at once). */
static gboolean
link_from_tee (ConferCallPeer  *self,
               MLineIndex       index,
               GstElement      *tee,
               GstCaps         *caps,
               guint            payload,
               GError         **error)
{
  MLine *mline = &self->mlines[index];
  GstElement *queue = gst_element_factory_make ("queue", NULL);
  g_autoptr(GstPad) tee_pad = gst_element_request_pad_simple (tee, "src_%u");
  g_autoptr(GstPad) queue_sink = NULL;
  g_autoptr(GstPad) queue_src = NULL;
  g_autoptr(GstPad) webrtc_sink = NULL;
  SendPayload *send = g_new (SendPayload, 1);

  g_object_set (queue, "leaky", 2 /* downstream */, "max-size-time", (guint64) 200 * GST_MSECOND,
                "max-size-buffers", 0, "max-size-bytes", 0, NULL);
  adopt (self, queue);
  gst_element_sync_state_with_parent (queue);
  queue_sink = gst_element_get_static_pad (queue, "sink");
  queue_src = gst_element_get_static_pad (queue, "src");
  send->payload = send->own = payload;
  mline->send = send;
  gst_pad_add_probe (queue_src,
                     GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
                       GST_PAD_PROBE_TYPE_QUERY_BOTH,
                     send_payload_cb, send, g_free);
  webrtc_sink = gst_element_request_pad_simple (self->webrtc, "sink_%u");
  if (webrtc_sink == NULL || gst_pad_link (queue_src, webrtc_sink) != GST_PAD_LINK_OK ||
      gst_pad_link (tee_pad, queue_sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "Cannot link a stream to the peer's webrtcbin");
      gst_element_release_request_pad (tee, tee_pad);
      return FALSE;
    }
  g_ptr_array_add (self->tee_pads, g_steal_pointer (&tee_pad));
  g_object_get (webrtc_sink, "transceiver", &mline->transceiver, NULL);
  if (mline->transceiver == NULL)
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "webrtcbin made no transceiver");
      return FALSE;
    }
  mline->caps = gst_caps_ref (caps);
  g_object_set (mline->transceiver, "codec-preferences", caps, NULL);
  return TRUE;
}

static void
add_receive_only (ConferCallPeer *self,
                  MLineIndex      index,
                  GstCaps        *caps)
{
  MLine *mline = &self->mlines[index];

  g_signal_emit_by_name (self->webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                         &mline->transceiver);
  mline->caps = gst_caps_ref (caps);
}

/* The screen's m-line: sending, from the screen's tee, when this side
 * may share (its codec, SSRC and `a=content:slides` set as the
 * transceiver's preferences, so that the offer or answer has them before
 * anything is shared), receive-only otherwise. */
static gboolean
add_screen (ConferCallPeer  *self,
            GError         **error)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (CONFER_CALL_SCREEN_CAPS);

  gst_caps_set_simple (caps, "a-content", G_TYPE_STRING, CONFER_CALL_SCREEN_CONTENT, NULL);
  if (self->shared->screen_tee == NULL)
    {
      add_receive_only (self, MLINE_SCREEN, caps);
      return TRUE;
    }
  gst_caps_set_simple (caps, "ssrc", G_TYPE_UINT, self->shared->screen_ssrc, NULL);
  return link_from_tee (self, MLINE_SCREEN, self->shared->screen_tee, caps, CONFER_CALL_SCREEN_PT, error);
}

static gboolean
emit_report_cb (gpointer data)
{
  ConferCallPeer *self = data;

  if (self->shared != NULL)
    g_signal_emit (self, signals[REPORT], 0);
  return G_SOURCE_REMOVE;
}

/* An RTCP compound packet from the peer (the session's thread). Each
 * report block of its sender and receiver reports is about a stream this
 * side sends it (RFC 3550 §6.4); the loss over the time between two
 * reports on a stream is the growth of its cumulative number lost over
 * that of its highest sequence number (§6.4.1). Not the blocks' own
 * fraction lost: GStreamer 1.22 reports the same interval in each of its
 * senders' reports, the first with the loss and the others with none;
 * and not get-stats': it keeps one block per remote source, so with audio
 * and video bundled the video's loss was never seen. */
static void
receiving_rtcp_cb (GObject   *session,
                   GstBuffer *buffer,
                   gpointer   data)
{
  ConferCallPeer *self = data;
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  double most = -1;

  if (!gst_rtcp_buffer_map (buffer, GST_MAP_READ, &rtcp))
    return;
  g_mutex_lock (&self->lock);
  for (gboolean more = gst_rtcp_buffer_get_first_packet (&rtcp, &packet); more;
       more = gst_rtcp_packet_move_to_next (&packet))
    {
      GstRTCPType type = gst_rtcp_packet_get_type (&packet);

      if (type != GST_RTCP_TYPE_SR && type != GST_RTCP_TYPE_RR)
        continue;
      for (guint i = 0; i < gst_rtcp_packet_get_rb_count (&packet); i++)
        {
          guint32 ssrc, highest, jitter, lsr, dlsr;
          guint8 fraction_lost;
          gint32 lost;
          ReportedStream *last = NULL;

          gst_rtcp_packet_get_rb (&packet, i, &ssrc, &fraction_lost, &lost, &highest, &jitter, &lsr, &dlsr);
          /* Blocks about streams this side does not send are the
           * peer's mistake (or its invention): left out. */
          for (guint k = 0; k < G_N_ELEMENTS (self->reported) && last == NULL; k++)
            if (self->reported[k].ssrc == ssrc)
              last = &self->reported[k];
          if (last == NULL)
            continue;
          if (!last->seen)
            last->seen = TRUE;
          else if (highest > last->highest)
            most = MAX (most, CLAMP ((double) (lost - last->lost) / (highest - last->highest), 0, 1));
          else if (highest == last->highest)
            continue;
          last->lost = lost;
          last->highest = highest;
        }
    }
  if (most >= 0)
    self->stats.remote_loss = most;
  g_mutex_unlock (&self->lock);
  gst_rtcp_buffer_unmap (&rtcp);
  if (most >= 0)
    in_main (self, emit_report_cb);
}

/* webrtcbin made its RTP session (its thread). RFC 3550's 5 s between
 * reports (rtpsession's default) would adapt the bitrate to a loss 5 s
 * late; RTP/AVPF (RFC 4585 §3.4) has no such minimum, and browsers report
 * about once a second. */
static void
element_added_cb (GstBin         *bin,
                  GstBin         *sub_bin,
                  GstElement     *element,
                  ConferCallPeer *self)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  g_autoptr(GObject) session = NULL;

  if (factory == NULL || !g_str_equal (GST_OBJECT_NAME (factory), "rtpsession"))
    return;
  g_object_set (element, "rtcp-min-interval", (guint64) RTCP_INTERVAL_MS * GST_MSECOND, NULL);
  g_object_get (element, "internal-session", &session, NULL);
  if (session != NULL)
    g_signal_connect_object (session, "on-receiving-rtcp", G_CALLBACK (receiving_rtcp_cb), self, 0);
}

/**
 * confer_call_peer_start:
 * @self: a new peer
 * @error: return location for a #GError
 *
 * Adds the peer's webrtcbin to the pipeline, feeds it the streams this
 * side sends, and (as the offerer) makes the offer once webrtcbin asks
 * for negotiation.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT (no webrtcbin) or
 *   %CONFER_MEDIA_ERROR_PIPELINE
 */
gboolean
confer_call_peer_start (ConferCallPeer  *self,
                        GError         **error)
{
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", NULL);
  g_autoptr(GstCaps) opus = gst_caps_from_string (CONFER_CALL_OPUS_CAPS);
  g_autoptr(GstCaps) vp8 = gst_caps_from_string (CONFER_CALL_VP8_CAPS);

  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), FALSE);
  g_return_val_if_fail (self->shared != NULL && self->webrtc == NULL, FALSE);

  if (webrtc == NULL)
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_MISSING_ELEMENT,
                           "GStreamer's webrtcbin (gst-plugins-bad) or libnice's plugin (gstreamer1.0-nice) is missing");
      return FALSE;
    }
  self->webrtc = gst_object_ref (webrtc);
  self->reported[0].ssrc = self->shared->audio_ssrc;
  self->reported[1].ssrc = self->shared->video_ssrc;
  self->reported[2].ssrc = self->shared->screen_ssrc;
  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, "latency", JITTER_LATENCY_MS, NULL);
  g_signal_connect (webrtc, "on-negotiation-needed", G_CALLBACK (negotiation_needed_cb), self);
  g_signal_connect (webrtc, "on-ice-candidate", G_CALLBACK (ice_candidate_cb), self);
  g_signal_connect (webrtc, "notify::connection-state", G_CALLBACK (notify_connection_state_cb), self);
  g_signal_connect (webrtc, "pad-added", G_CALLBACK (pad_added_cb), self);
  g_signal_connect (webrtc, "deep-element-added", G_CALLBACK (element_added_cb), self);
  adopt (self, webrtc);
  gst_element_sync_state_with_parent (webrtc);

  /* Audio, camera, screen, always all three, in this order on every side;
   * what is sent announces its SSRC from the first description on. */
  if (self->shared->audio_tee != NULL)
    {
      gst_caps_set_simple (opus, "ssrc", G_TYPE_UINT, self->shared->audio_ssrc, NULL);
      if (!link_from_tee (self, MLINE_AUDIO, self->shared->audio_tee, opus, CONFER_CALL_OPUS_PT, error))
        return FALSE;
    }
  else
    add_receive_only (self, MLINE_AUDIO, opus);
  if (self->shared->video_tee != NULL)
    {
      gst_caps_set_simple (vp8, "ssrc", G_TYPE_UINT, self->shared->video_ssrc, NULL);
      if (!link_from_tee (self, MLINE_CAMERA, self->shared->video_tee, vp8, CONFER_CALL_VP8_PT, error))
        return FALSE;
    }
  else
    add_receive_only (self, MLINE_CAMERA, vp8);
  return add_screen (self, error);
}

/* The payload type @media (an offer's m-line) gives the codec of @caps
 * (its encoding name and clock rate), or -1 when it has none. */
static int
offered_payload_type (const GstSDPMedia *media,
                      GstCaps           *caps)
{
  const GstStructure *ours = gst_caps_get_structure (caps, 0);
  const char *encoding = gst_structure_get_string (ours, "encoding-name");
  int clock_rate = 0;

  gst_structure_get_int (ours, "clock-rate", &clock_rate);
  for (guint i = 0; i < gst_sdp_media_formats_len (media); i++)
    {
      const char *format = gst_sdp_media_get_format (media, i);
      guint64 payload;
      g_autoptr(GstCaps) offered = NULL;
      const GstStructure *structure;
      const char *name;
      int rate = 0;

      if (!g_ascii_string_to_unsigned (format, 10, 0, 127, &payload, NULL) ||
          (offered = gst_sdp_media_get_caps_from_media (media, (int) payload)) == NULL)
        continue;
      structure = gst_caps_get_structure (offered, 0);
      name = gst_structure_get_string (structure, "encoding-name");
      if (name != NULL && g_ascii_strcasecmp (name, encoding) == 0 &&
          gst_structure_get_int (structure, "clock-rate", &rate) && rate == clock_rate)
        return (int) payload;
    }
  return -1;
}

/* Before answering @offer: each transceiver takes as its codec preference
 * the payload type the offer gives its codec on the m-line it will answer
 * — webrtcbin pairs an offered m-line only with a transceiver whose
 * preferences intersect it, payload type included — and what this side
 * sends is renumbered so. The m-lines pair in order: the first audio one
 * with the audio, the first video one with the camera, the second with
 * the screen (webrtcbin's own order, the first transceiver that fits). */
static void
follow_offer (ConferCallPeer     *self,
              const GstSDPMessage *offer)
{
  gboolean audio_seen = FALSE;
  guint videos = 0;

  for (guint i = 0; i < gst_sdp_message_medias_len (offer); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (offer, i);
      const char *kind = gst_sdp_media_get_media (media);
      g_autoptr(GstCaps) caps = NULL;
      MLine *mline;
      int payload;

      if (g_strcmp0 (kind, "audio") == 0 && !audio_seen)
        {
          audio_seen = TRUE;
          mline = &self->mlines[MLINE_AUDIO];
        }
      else if (g_strcmp0 (kind, "video") == 0 && videos < 2)
        mline = &self->mlines[videos++ == 0 ? MLINE_CAMERA : MLINE_SCREEN];
      else
        continue;
      if (mline->transceiver == NULL || (payload = offered_payload_type (media, mline->caps)) < 0)
        continue;
      caps = gst_caps_copy (mline->caps);
      gst_caps_set_simple (caps, "payload", G_TYPE_INT, payload, NULL);
      g_object_set (mline->transceiver, "codec-preferences", caps, NULL);
      if (mline->send != NULL)
        g_atomic_int_set (&mline->send->payload, payload);
      g_debug ("Peer %s: m-line %u's %s is payload type %d", self->member_id, i,
               gst_structure_get_string (gst_caps_get_structure (caps, 0), "encoding-name"), payload);
    }
}

/**
 * confer_call_peer_handle_description:
 * @self: a started peer
 * @kind: an offer or an answer
 * @sdp: the peer's session description (untrusted: what does not parse
 *   fails the peer)
 *
 * An offer to the answerer is set and answered — the transceivers first
 * take the payload types it gives Opus and VP8 (a browser's are not
 * Confer's), and what this side sends the peer is renumbered to them
 * (RFC 3264 §6.1); an answer to the offerer's offer is set. Anything else (an offer to the offerer, a
 * second offer) is ignored: Confer's peers negotiate once, and the
 * later member always offers, so there is no glare.
 */
void
confer_call_peer_handle_description (ConferCallPeer            *self,
                                     ConferCallDescriptionKind  kind,
                                     const char                *sdp)
{
  GstSDPMessage *message = NULL;
  GstWebRTCSessionDescription *description;
  gboolean offer = kind == CONFER_CALL_OFFER;

  g_return_if_fail (CONFER_IS_CALL_PEER (self));

  if (self->shared == NULL || self->webrtc == NULL || offer == self->offerer)
    {
      g_debug ("Peer %s: an unexpected %s was ignored", self->member_id, offer ? "offer" : "answer");
      return;
    }
  if (gst_sdp_message_new_from_text (sdp, &message) != GST_SDP_OK)
    {
      g_warning ("Peer %s sent a session description that does not parse", self->member_id);
      set_state (self, CONFER_CALL_PEER_FAILED);
      return;
    }
  if (offer)
    follow_offer (self, message);
  description = gst_webrtc_session_description_new (offer ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER,
                                                    message);
  g_signal_emit_by_name (self->webrtc, "set-remote-description", description,
                         gst_promise_new_with_change_func (offer ? remote_offer_set_cb : remote_answer_set_cb,
                                                           g_object_ref (self), g_object_unref));
  gst_webrtc_session_description_free (description);
}

/**
 * confer_call_peer_handle_candidate:
 * @self: a started peer
 * @sdp_mline_index: the m-line, 0–63
 * @candidate: the peer's ICE candidate, or empty at the end of its
 *   gathering (nothing to do: webrtcbin keeps checking what it has)
 */
void
confer_call_peer_handle_candidate (ConferCallPeer *self,
                                   guint           sdp_mline_index,
                                   const char     *candidate)
{
  g_return_if_fail (CONFER_IS_CALL_PEER (self));

  if (self->shared == NULL || self->webrtc == NULL || *candidate == '\0')
    return;
  g_signal_emit_by_name (self->webrtc, "add-ice-candidate", sdp_mline_index, candidate);
}

/* A number field of a statistics structure, whatever its integer type. */
static double
stat_number (const GstStructure *structure,
             const char         *name)
{
  const GValue *value = gst_structure_get_value (structure, name);
  GValue as_double = G_VALUE_INIT;
  double number;

  if (value == NULL || !g_value_type_transformable (G_VALUE_TYPE (value), G_TYPE_DOUBLE))
    return 0;
  g_value_init (&as_double, G_TYPE_DOUBLE);
  g_value_transform (value, &as_double);
  number = g_value_get_double (&as_double);
  g_value_unset (&as_double);
  return number;
}

typedef struct
{
  double   bytes_sent, bytes_received, packets_received, packets_lost;
  double   rtt_s;
  gboolean has_remote;
} StatsSum;

static gboolean
sum_stat (GQuark        field,
          const GValue *value,
          gpointer      data)
{
  StatsSum *sum = data;
  const GstStructure *structure;
  GstWebRTCStatsType type;

  if (!GST_VALUE_HOLDS_STRUCTURE (value))
    return TRUE;
  structure = gst_value_get_structure (value);
  if (!gst_structure_get (structure, "type", GST_TYPE_WEBRTC_STATS_TYPE, &type, NULL))
    return TRUE;
  switch (type)
    {
    case GST_WEBRTC_STATS_INBOUND_RTP:
      sum->bytes_received += stat_number (structure, "bytes-received");
      sum->packets_received += stat_number (structure, "packets-received");
      sum->packets_lost += MAX (stat_number (structure, "packets-lost"), 0);
      break;
    case GST_WEBRTC_STATS_OUTBOUND_RTP:
      sum->bytes_sent += stat_number (structure, "bytes-sent");
      break;
    case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
      if (gst_structure_has_field (structure, "round-trip-time"))
        {
          sum->has_remote = TRUE;
          sum->rtt_s = MAX (sum->rtt_s, stat_number (structure, "round-trip-time"));
        }
      break;
    default:
      break;
    }
  return TRUE;
}

static gboolean
emit_stats_cb (gpointer data)
{
  ConferCallPeer *self = data;

  if (self->shared != NULL)
    g_signal_emit (self, signals[STATS], 0);
  return G_SOURCE_REMOVE;
}

/* get-stats answered (webrtcbin's thread). */
static void
stats_cb (GstPromise *promise,
          gpointer    data)
{
  ConferCallPeer *self = data;
  const GstStructure *reply = gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED ? gst_promise_get_reply (promise)
                                                                                         : NULL;
  StatsSum sum = { 0 };
  gint64 now = g_get_monotonic_time ();
  double seconds, received, lost;

  if (reply == NULL)
    {
      gst_promise_unref (promise);
      return;
    }
  gst_structure_foreach (reply, sum_stat, &sum);
  gst_promise_unref (promise);

  g_mutex_lock (&self->lock);
  seconds = self->last_poll != 0 ? (now - self->last_poll) / (double) G_USEC_PER_SEC : 0;
  if (seconds > 0)
    {
      self->stats.send_kbps = MAX (sum.bytes_sent - self->last_bytes_sent, 0) * 8 / 1000 / seconds;
      self->stats.receive_kbps = MAX (sum.bytes_received - self->last_bytes_received, 0) * 8 / 1000 / seconds;
      for (guint i = 0; i < G_N_ELEMENTS (self->received); i++)
        self->received[i].stats.frame_rate =
          (self->received[i].stats.frames_received - self->received[i].last_frames) / seconds;
    }
  self->last_poll = now;
  self->last_bytes_sent = sum.bytes_sent;
  self->last_bytes_received = sum.bytes_received;
  for (guint i = 0; i < G_N_ELEMENTS (self->received); i++)
    self->received[i].last_frames = self->received[i].stats.frames_received;
  received = MAX (sum.packets_received - self->last_packets_received, 0);
  lost = MAX (sum.packets_lost - self->last_packets_lost, 0);
  self->stats.loss = received + lost > 0 ? lost / (received + lost) : 0;
  self->last_packets_received = sum.packets_received;
  self->last_packets_lost = sum.packets_lost;
  if (sum.has_remote)
    self->stats.rtt_ms = sum.rtt_s * 1000;
  g_mutex_unlock (&self->lock);
  in_main (self, emit_stats_cb);
}

/**
 * confer_call_peer_poll_stats:
 * @self: a started peer
 *
 * Asks webrtcbin for its statistics; ::stats follows when they are in.
 */
void
confer_call_peer_poll_stats (ConferCallPeer *self)
{
  g_return_if_fail (CONFER_IS_CALL_PEER (self));

  if (self->shared == NULL || self->webrtc == NULL)
    return;
  g_signal_emit_by_name (self->webrtc, "get-stats", NULL,
                         gst_promise_new_with_change_func (stats_cb, g_object_ref (self), g_object_unref));
}

/**
 * confer_call_peer_close:
 * @self: a peer
 *
 * Stops the peer for good: its streams are unlinked from the tees, its
 * elements stopped and taken out of the pipeline; its statistics stay as
 * they were (frames sent stop counting). The state becomes
 * %CONFER_CALL_PEER_CLOSED.
 */
void
confer_call_peer_close (ConferCallPeer *self)
{
  g_autoptr(GstPad) mixer_pad = NULL;
  ConferCallShared *shared = self->shared;

  g_return_if_fail (CONFER_IS_CALL_PEER (self));

  if (shared == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->closing = TRUE;
  self->frames_at_close = g_atomic_int_get (&shared->frames_encoded);
  mixer_pad = g_steal_pointer (&self->mixer_pad);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->tee_pads->len; i++)
    confer_media_release_tee_pad (self->tee_pads->pdata[i]);
  g_ptr_array_set_size (self->tee_pads, 0);
  /* Their queues' probes own them, and the queues go now. */
  for (guint i = 0; i < N_MLINES; i++)
    self->mlines[i].send = NULL;
  if (self->webrtc != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->webrtc, self);
      /* webrtcbin first: until its transport is up it holds its streams
       * on blocked pads, where a queue feeding it would wait for ever to
       * be stopped (a member who left before connecting). */
      gst_element_set_state (self->webrtc, GST_STATE_NULL);
    }
  for (guint i = self->elements->len; i > 0; i--)
    {
      GstElement *element = self->elements->pdata[i - 1];

      gst_element_set_state (element, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (shared->pipeline), element);
    }
  g_ptr_array_set_size (self->elements, 0);
  if (mixer_pad != NULL)
    gst_element_release_request_pad (shared->mixer, mixer_pad);
  self->shared = NULL;
  set_state (self, CONFER_CALL_PEER_CLOSED);
}

/**
 * confer_call_peer_owns:
 * @self: a peer
 * @object: an element of the call's pipeline, or its pad
 *
 * Returns: %TRUE if @object is one of the peer's elements or inside one
 */
gboolean
confer_call_peer_owns (ConferCallPeer *self,
                       GstObject      *object)
{
  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), FALSE);

  for (guint i = 0; i < self->elements->len; i++)
    if (object == self->elements->pdata[i] || gst_object_has_as_ancestor (object, self->elements->pdata[i]))
      return TRUE;
  return FALSE;
}

/**
 * confer_call_peer_fail:
 * @self: a peer
 *
 * One of the peer's elements failed: the peer is closed, its state
 * %CONFER_CALL_PEER_FAILED (the member stays in the call; this side no
 * longer exchanges media with it).
 */
void
confer_call_peer_fail (ConferCallPeer *self)
{
  g_return_if_fail (CONFER_IS_CALL_PEER (self));

  confer_call_peer_close (self);
  set_state (self, CONFER_CALL_PEER_FAILED);
}

/**
 * confer_call_peer_get_member_id:
 * @self: a peer
 *
 * Returns: (transfer none): the other member's id
 */
const char *
confer_call_peer_get_member_id (ConferCallPeer *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), NULL);

  return self->member_id;
}

/**
 * confer_call_peer_get_participant:
 * @self: a peer
 *
 * Returns: (transfer none): the id of the participant whose connection
 *   the other member is
 */
const char *
confer_call_peer_get_participant (ConferCallPeer *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), NULL);

  return self->participant;
}

/**
 * confer_call_peer_get_offerer:
 * @self: a peer
 *
 * Returns: %TRUE if this side made the offer (it joined after the peer)
 */
gboolean
confer_call_peer_get_offerer (ConferCallPeer *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), FALSE);

  return self->offerer;
}

/**
 * confer_call_peer_get_state:
 * @self: a peer
 *
 * Returns: where the connection is
 */
ConferCallPeerState
confer_call_peer_get_state (ConferCallPeer *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), CONFER_CALL_PEER_CLOSED);

  return self->state;
}

/**
 * confer_call_peer_get_stats:
 * @self: a peer
 * @stats: (out caller-allocates): where to put them
 *
 * Copies the latest statistics (rates are over the last poll's interval,
 * about a second).
 */
void
confer_call_peer_get_stats (ConferCallPeer  *self,
                            ConferCallStats *stats)
{
  g_return_if_fail (CONFER_IS_CALL_PEER (self));

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  stats->video = self->received[CONFER_CALL_VIDEO_CAMERA].stats;
  stats->screen = self->received[CONFER_CALL_VIDEO_SCREEN].stats;
  if (self->connected_once)
    stats->frames_sent = (self->closing ? self->frames_at_close
                                        : g_atomic_int_get (&self->shared->frames_encoded)) - self->frames_at_connect;
  g_mutex_unlock (&self->lock);
}

/**
 * confer_call_peer_take_latencies:
 * @self: a peer
 * @video: the camera's or the shared screen's
 *
 * The glass-to-glass delays of the stamped frames of @video decoded since
 * the last call: from the moment the peer stamped a frame, as it left the
 * camera or the screen capture and before encoding it, to the moment this
 * side decoded it (both on the wall clock, so only meaningful when both
 * run on one machine or synchronised clocks).
 *
 * Returns: (transfer full) (element-type double): delays, ms
 */
GArray *
confer_call_peer_take_latencies (ConferCallPeer  *self,
                                 ConferCallVideo  video)
{
  GArray *taken;

  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), NULL);
  g_return_val_if_fail (video <= CONFER_CALL_VIDEO_SCREEN, NULL);

  g_mutex_lock (&self->lock);
  taken = g_steal_pointer (&self->received[video].latencies);
  self->received[video].latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_unlock (&self->lock);
  return taken;
}

/**
 * confer_call_peer_get_frame:
 * @self: a peer
 * @video: the camera's or the shared screen's
 *
 * Returns: (transfer full) (nullable): the latest frame of @video decoded
 *   from the peer, 8-bit RGBA (its caps give the size and stride), or
 *   %NULL before the first (a screen's last frame stays after the peer
 *   stops sharing: its member's `screen` says whether it shares)
 */
GstSample *
confer_call_peer_get_frame (ConferCallPeer  *self,
                            ConferCallVideo  video)
{
  GstSample *frame;

  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), NULL);
  g_return_val_if_fail (video <= CONFER_CALL_VIDEO_SCREEN, NULL);

  g_mutex_lock (&self->lock);
  frame = self->received[video].frame != NULL ? gst_sample_ref (self->received[video].frame) : NULL;
  g_mutex_unlock (&self->lock);
  return frame;
}

/**
 * confer_call_peer_get_audio_level:
 * @self: a peer
 *
 * Returns: the RMS level of the audio received from the peer over the
 *   last whole CONFER_CALL_LEVEL_WINDOW_MS (100 ms), dBFS; -INFINITY
 *   before any, or for digital silence
 */
double
confer_call_peer_get_audio_level (ConferCallPeer *self)
{
  double level;

  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), -INFINITY);

  g_mutex_lock (&self->lock);
  level = self->level_dbfs;
  g_mutex_unlock (&self->lock);
  return level;
}

/**
 * confer_call_peer_get_video_tee:
 * @self: a peer
 *
 * Returns: (transfer none) (nullable): the tee of the peer's decoded
 *   video (raw I420), in the call's pipeline, once its video came; %NULL
 *   before, and once the peer is closed
 */
GstElement *
confer_call_peer_get_video_tee (ConferCallPeer *self)
{
  GstElement *tee;

  g_return_val_if_fail (CONFER_IS_CALL_PEER (self), NULL);

  g_mutex_lock (&self->lock);
  tee = self->closing ? NULL : self->video_tee;
  g_mutex_unlock (&self->lock);
  return tee;
}
