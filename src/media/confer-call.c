/* confer-call.c: a call's media: a full mesh of webrtcbin peers, this
 * side's streams encoded once and sent to each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <math.h>
#include <string.h>

#include "confer-call.h"
#include "confer-call-private.h"
#include "confer-call-speakers.h"
#include "confer-call-stamp.h"
#include "confer-media-error.h"
#include "confer-media-private.h"

/* How often each peer's statistics are polled. */
#define STATS_INTERVAL_MS 1000
/* The name webrtcdsp finds its echo probe by. */
#define ECHO_PROBE "confer_echo_probe"

/* What a frame leaving a source goes through before its encoder: the
 * camera's is blanked while the camera is off; both are stamped when
 * asked. Written by the source's streaming thread only. */
typedef struct
{
  ConferCall   *call;
  gboolean      camera;
  GstVideoInfo  info;     /* from the last caps event */
  guint16       number;   /* the next stamp's */
} Capture;

/**
 * ConferCall:
 *
 * The media of one side of a call. Given the call's signalling (a
 * #ConferCallSignalling: #ConferClientCall over conferd), it keeps one
 * #ConferCallPeer — one webrtcbin — per other member of its room while
 * this side is in the call: a full mesh, at most %CONFER_CALL_MAX_MEMBERS
 * members. The signalling's member list is the room's, so moving to
 * another breakout room closes the peers of the old room and makes those
 * of the new one.
 *
 * **Who offers**: of two members, the one that came into the room later
 * (joined, or moved in) makes the offer; the other waits for it. A
 * newcomer finds everyone before it in the member list (which is in that
 * order) and offers to each; members already there answer. Both sides
 * derive the same roles, so two offers never cross (no glare), and nobody
 * renegotiates.
 *
 * **One pipeline**: the sources, one encoder per outgoing stream (Opus
 * 32 kbit/s; VP8, real-time, constant bitrate), each payloaded once and
 * fanned out by a `tee` to every peer's webrtcbin through a leaky queue
 * — adding a peer adds no encoder. Each webrtcbin bundles audio and
 * video on one DTLS-SRTP transport (max-bundle, RTCP multiplexed).
 * What a peer sends is decoded to RGBA for the app (an `appsink`:
 * confer_call_peer_get_frame()), and its audio mixed (`audiomixer`) and
 * played on `autoaudiosink` (or the sink `CONFER_AUDIO_SINK` describes),
 * or only measured when #ConferCall:play-audio is off.
 *
 * **Recording** (confer_call_start_recording()): the active speaker's
 * camera (a shared screen is not recorded) and everyone's audio, mixed,
 * to WebM (VP8 and Opus), taken from tees on the raw and decoded streams
 * so that only the recorded video and the mix are encoded again; see
 * confer-call-recorder.c for the design and the active speaker's rules.
 *
 * **Sources**: #ConferCall:sources — the microphone (`autoaudiosrc`, or
 * `CONFER_AUDIO_SOURCE`) through `webrtcdsp` (noise suppression, and
 * echo cancellation against what is played, through `webrtcechoprobe`)
 * and the camera (`v4l2src`, or `CONFER_VIDEO_SOURCE`); or GStreamer's
 * test sources when the environment variable `CONFER_CALL_SOURCES` is
 * `test`.
 *
 * **Screen sharing**: with #ConferCall:can-share-screen, a third stream,
 * encoded once for every peer like the camera, waits for a source:
 * confer_call_share_x11_screen() (`ximagesrc`) or
 * confer_call_share_pipewire_screen() (a ScreenCast portal's PipeWire
 * stream) gives it one, confer_call_stop_sharing() takes it away. Each
 * peer has a screen transceiver from the start (receive-only on a side
 * that may not share), so starting and stopping never renegotiates. The
 * screen is sent at most %CONFER_CALL_SCREEN_MAX_WIDTH ×
 * %CONFER_CALL_SCREEN_MAX_HEIGHT at %CONFER_CALL_SCREEN_FRAMERATE fps,
 * encoded for screen content (below, screen_description()); the sharer
 * sees it too, at most %CONFER_CALL_SCREEN_PREVIEW_RATE frames a second
 * (confer_call_get_screen_frame(), #ConferCall::screen-frame).
 *
 * **Who speaks** (#ConferCall::speaking-changed,
 * #ConferCall:active-speaker): every %CONFER_CALL_LEVEL_WINDOW_MS the
 * level of each peer's decoded audio and of this side's microphone
 * (after noise suppression and muting: a `level` element before the
 * encoder) go to the rules of confer-call-speakers.c: speaking above
 * %CONFER_CALL_SPEAKING_DBFS, held %CONFER_CALL_SPEAKING_HOLD_MS; the
 * active speaker the peer who began speaking last, held
 * %CONFER_CALL_SPEAKER_HOLD_MS.
 *
 * **Bitrate**: each peer's RTCP reports (about two a second) give the
 * fraction of this side's packets it lost; at each report, each encoder
 * follows the worst peer, with the loss-based rule of Google Congestion Control
 * (draft-ietf-rmcat-gcc-02 §6): over 10 % lost, the rate is multiplied
 * by 1 − loss / 2; under 2 %, by 1.05; between, it stays — within
 * %CONFER_CALL_MIN_VIDEO_BITRATE and the resolution's own ceiling.
 */
struct _ConferCall
{
  GObject              parent_instance;

  ConferCallSources    sources;
  gboolean             send_audio;
  gboolean             send_video;
  gboolean             play_audio;
  gboolean             stamp_frames;
  guint                width;
  guint                height;
  guint                framerate;
  gboolean             muted;           /* read by the capture thread too */
  gboolean             camera_off;      /* likewise */
  gboolean             can_share_screen;
  GstElement          *send_volume;     /* mutes the audio sent */
  GstElement          *video_loss;      /* drops a share of the video sent */
  double               send_loss;       /* 0–0.5 */
  GstElement          *screen_source;   /* the bin capturing the screen, while shared */
  GMutex               preview_lock;    /* guards the two below: the preview's streaming thread writes them */
  GstSample           *screen_preview;  /* nullable: the latest RGBA frame of the screen shared */
  gboolean             preview_pending; /* ::screen-frame is on its way */

  ConferCallShared     shared;
  GListStore          *peers;           /* ConferCallPeer */
  gboolean             started;
  GSource             *bus_source;
  GSource             *stats_source;
  guint                bitrate;         /* bit/s */
  guint                max_bitrate;     /* bit/s */
  guint                screen_bitrate;  /* bit/s */
  Capture              camera_capture;
  Capture              screen_capture;

  GstElement          *raw_video_tee;   /* nullable: this side's video before encoding */
  GstElement          *raw_audio_tee;   /* nullable: its audio before encoding */
  GstElement          *mix_tee;         /* the peers' audio, mixed */
  ConferCallRecorder  *recorder;        /* while recording */
  GSource             *level_source;    /* every level window: who speaks, the recorder's speaker */
  ConferCallSpeakers  *speakers;        /* while started */
  double               own_level_dbfs;  /* the microphone's last level window, after muting */

  GstDevice           *devices[CONFER_MEDIA_N_DEVICE_KINDS];    /* nullable: the default */
  GstElement          *endpoints[CONFER_MEDIA_N_DEVICE_KINDS];  /* while started, those used */
  int                  camera_fd;       /* the Camera portal's PipeWire remote, or -1 */
  gboolean             preview;
  ConferCallPreview    own_preview;
};

enum {
  PROP_0,
  PROP_SIGNALLING,
  PROP_SOURCES,
  PROP_SEND_AUDIO,
  PROP_SEND_VIDEO,
  PROP_PLAY_AUDIO,
  PROP_STAMP_FRAMES,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FRAMERATE,
  PROP_MUTED,
  PROP_CAMERA_OFF,
  PROP_RECORDING,
  PROP_SPEAKER,
  PROP_ACTIVE_SPEAKER,
  PROP_CAN_SHARE_SCREEN,
  PROP_SHARING_SCREEN,
  PROP_SEND_LOSS,
  PROP_MICROPHONE,
  PROP_CAMERA,
  PROP_SPEAKER_DEVICE,
  PROP_CAMERA_FD,
  PROP_PREVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PEER_REMOVED,
  FAILED,
  RECORDING_FAILED,
  SCREEN_FAILED,
  SCREEN_FRAME,
  SPEAKING_CHANGED,
  PREVIEW_FRAME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferCall, confer_call, G_TYPE_OBJECT)

static void
confer_call_dispose (GObject *object)
{
  ConferCall *self = CONFER_CALL (object);

  confer_call_stop (self);
  g_clear_object (&self->shared.signalling);

  G_OBJECT_CLASS (confer_call_parent_class)->dispose (object);
}

static void
confer_call_finalize (GObject *object)
{
  ConferCall *self = CONFER_CALL (object);

  g_clear_object (&self->peers);
  g_clear_pointer (&self->shared.context, g_main_context_unref);
  g_clear_pointer (&self->screen_preview, gst_sample_unref);
  g_mutex_clear (&self->preview_lock);
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    g_clear_object (&self->devices[i]);
  confer_call_preview_clear (&self->own_preview);

  G_OBJECT_CLASS (confer_call_parent_class)->finalize (object);
}

static void
confer_call_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ConferCall *self = CONFER_CALL (object);

  switch (prop_id)
    {
    case PROP_SIGNALLING:
      g_value_set_object (value, self->shared.signalling);
      break;
    case PROP_SOURCES:
      g_value_set_int (value, self->sources);
      break;
    case PROP_SEND_AUDIO:
      g_value_set_boolean (value, self->send_audio);
      break;
    case PROP_SEND_VIDEO:
      g_value_set_boolean (value, self->send_video);
      break;
    case PROP_PLAY_AUDIO:
      g_value_set_boolean (value, self->play_audio);
      break;
    case PROP_STAMP_FRAMES:
      g_value_set_boolean (value, self->stamp_frames);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_FRAMERATE:
      g_value_set_uint (value, self->framerate);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, g_atomic_int_get (&self->muted));
      break;
    case PROP_CAMERA_OFF:
      g_value_set_boolean (value, g_atomic_int_get (&self->camera_off));
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recorder != NULL);
      break;
    case PROP_SPEAKER:
      g_value_set_string (value, confer_call_get_speaker (self));
      break;
    case PROP_ACTIVE_SPEAKER:
      g_value_set_string (value, confer_call_get_active_speaker (self));
      break;
    case PROP_CAN_SHARE_SCREEN:
      g_value_set_boolean (value, self->can_share_screen);
      break;
    case PROP_SHARING_SCREEN:
      g_value_set_boolean (value, self->screen_source != NULL);
      break;
    case PROP_SEND_LOSS:
      g_value_set_double (value, self->send_loss);
      break;
    case PROP_MICROPHONE:
    case PROP_CAMERA:
    case PROP_SPEAKER_DEVICE:
      g_value_set_object (value, self->devices[prop_id - PROP_MICROPHONE]);
      break;
    case PROP_CAMERA_FD:
      g_value_set_int (value, self->camera_fd);
      break;
    case PROP_PREVIEW:
      g_value_set_boolean (value, self->preview);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_call_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ConferCall *self = CONFER_CALL (object);

  /* What the pipeline is built from: set before confer_call_start();
   * muting, the camera, the devices and the loss change at any time. */
  if (self->started && prop_id != PROP_SIGNALLING && prop_id != PROP_MUTED && prop_id != PROP_CAMERA_OFF &&
      prop_id != PROP_SEND_LOSS && prop_id != PROP_MICROPHONE && prop_id != PROP_CAMERA && prop_id != PROP_SPEAKER_DEVICE)
    {
      g_warning ("ConferCall:%s is set before the call starts", pspec->name);
      return;
    }
  switch (prop_id)
    {
    case PROP_SIGNALLING:
      self->shared.signalling = g_value_dup_object (value);
      break;
    case PROP_SOURCES:
      self->sources = g_value_get_int (value);
      break;
    case PROP_SEND_AUDIO:
      self->send_audio = g_value_get_boolean (value);
      break;
    case PROP_SEND_VIDEO:
      self->send_video = g_value_get_boolean (value);
      break;
    case PROP_PLAY_AUDIO:
      self->play_audio = g_value_get_boolean (value);
      break;
    case PROP_STAMP_FRAMES:
      self->stamp_frames = g_value_get_boolean (value);
      break;
    case PROP_WIDTH:
      self->width = g_value_get_uint (value);
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_uint (value);
      break;
    case PROP_FRAMERATE:
      self->framerate = g_value_get_uint (value);
      break;
    case PROP_MUTED:
      g_atomic_int_set (&self->muted, g_value_get_boolean (value));
      if (self->send_volume != NULL)
        g_object_set (self->send_volume, "mute", g_value_get_boolean (value), NULL);
      break;
    case PROP_CAMERA_OFF:
      g_atomic_int_set (&self->camera_off, g_value_get_boolean (value));
      break;
    case PROP_CAN_SHARE_SCREEN:
      self->can_share_screen = g_value_get_boolean (value);
      break;
    case PROP_SEND_LOSS:
      self->send_loss = g_value_get_double (value);
      if (self->video_loss != NULL)
        g_object_set (self->video_loss, "drop-probability", (float) self->send_loss, NULL);
      break;
    case PROP_MICROPHONE:
    case PROP_CAMERA:
    case PROP_SPEAKER_DEVICE:
      {
        g_autoptr(GError) error = NULL;

        if (!confer_call_set_device (self, prop_id - PROP_MICROPHONE, g_value_get_object (value), &error))
          g_warning ("%s", error->message);
      }
      break;
    case PROP_CAMERA_FD:
      self->camera_fd = g_value_get_int (value);
      break;
    case PROP_PREVIEW:
      self->preview = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_call_class_init (ConferCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;

  object_class->dispose = confer_call_dispose;
  object_class->finalize = confer_call_finalize;
  object_class->get_property = confer_call_get_property;
  object_class->set_property = confer_call_set_property;

  /**
   * ConferCall:signalling:
   *
   * The call's signalling: who is in it, and the offers, answers and
   * candidates to and from each member.
   */
  properties[PROP_SIGNALLING] =
    g_param_spec_object ("signalling", NULL, NULL, CONFER_TYPE_CALL_SIGNALLING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ConferCall:sources:
   *
   * Where the streams come from (a #ConferCallSources); by default the
   * devices, or the test sources when `CONFER_CALL_SOURCES=test`.
   */
  properties[PROP_SOURCES] = g_param_spec_int ("sources", NULL, NULL, CONFER_CALL_SOURCES_DEVICES,
                                               CONFER_CALL_SOURCES_TEST,
                                               g_strcmp0 (g_getenv ("CONFER_CALL_SOURCES"), "test") == 0
                                               ? CONFER_CALL_SOURCES_TEST : CONFER_CALL_SOURCES_DEVICES, flags);
  /**
   * ConferCall:send-audio:
   *
   * Whether this side sends audio.
   */
  properties[PROP_SEND_AUDIO] = g_param_spec_boolean ("send-audio", NULL, NULL, TRUE, flags);
  /**
   * ConferCall:send-video:
   *
   * Whether this side sends video.
   */
  properties[PROP_SEND_VIDEO] = g_param_spec_boolean ("send-video", NULL, NULL, TRUE, flags);
  /**
   * ConferCall:play-audio:
   *
   * Whether the audio received is played (mixed, on the default output);
   * otherwise it is decoded and measured only.
   */
  properties[PROP_PLAY_AUDIO] = g_param_spec_boolean ("play-audio", NULL, NULL, TRUE, flags);
  /**
   * ConferCall:stamp-frames:
   *
   * Whether each frame sent carries its number and send time in its top
   * rows, and frames received are read for them (confer-call-stamp.h):
   * for measuring latency and loss; the video must be at least
   * %CONFER_CALL_STAMP_MIN_WIDTH wide.
   */
  properties[PROP_STAMP_FRAMES] = g_param_spec_boolean ("stamp-frames", NULL, NULL, FALSE, flags);
  /**
   * ConferCall:width:
   *
   * The width of the video sent, px (even, 16–3840).
   */
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 16, 3840, CONFER_CALL_DEFAULT_WIDTH, flags);
  /**
   * ConferCall:height:
   *
   * Its height, px (even, 16–2160).
   */
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 16, 2160, CONFER_CALL_DEFAULT_HEIGHT, flags);
  /**
   * ConferCall:framerate:
   *
   * Its frames per second, 1–60.
   */
  properties[PROP_FRAMERATE] = g_param_spec_uint ("framerate", NULL, NULL, 1, 60, CONFER_CALL_DEFAULT_FRAMERATE, flags);
  /**
   * ConferCall:muted:
   *
   * Whether the audio sent is silence (a `volume` element muted before
   * the encoder: the stream goes on, so peers need not renegotiate).
   * Set at any time, before or during the call.
   */
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags);
  /**
   * ConferCall:camera-off:
   *
   * Whether the video sent is black (each captured frame is blanked
   * before it is encoded: the stream goes on, and a black frame costs
   * VP8 almost nothing). Set at any time, before or during the call.
   */
  properties[PROP_CAMERA_OFF] = g_param_spec_boolean ("camera-off", NULL, NULL, FALSE, flags);
  /**
   * ConferCall:recording:
   *
   * Whether this side records the call (confer_call_start_recording()).
   */
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferCall:speaker:
   *
   * While recording, the member id of the peer whose video is recorded
   * (the active speaker); %NULL while it is this side's own video, and
   * when not recording.
   */
  properties[PROP_SPEAKER] = g_param_spec_string ("speaker", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferCall:active-speaker:
   *
   * The member id of the peer who began speaking last
   * (confer-call-speakers.c: held %CONFER_CALL_SPEAKER_HOLD_MS, so it
   * does not flap between two talking at once); %NULL before any peer
   * spoke, or after the active speaker left until someone else speaks.
   * Never this side.
   */
  properties[PROP_ACTIVE_SPEAKER] = g_param_spec_string ("active-speaker", NULL, NULL, NULL,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                         G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferCall:can-share-screen:
   *
   * Whether this side may share a screen in this call (its role allows
   * it: confer_role_can_share_screen()). The screen's encoder is then
   * ready and every peer's screen transceiver sends and receives;
   * otherwise it only receives, and conferd refuses a description that
   * would send a screen from a role that may not share one.
   */
  properties[PROP_CAN_SHARE_SCREEN] = g_param_spec_boolean ("can-share-screen", NULL, NULL, FALSE, flags);
  /**
   * ConferCall:sharing-screen:
   *
   * Whether a screen is being shared now (confer_call_share_x11_screen()
   * and confer_call_stop_sharing()).
   */
  /**
   * ConferCall:send-loss:
   *
   * The share of this side's camera video packets dropped on purpose
   * before they are sent to anyone, from 0 (none, the default) to 0.5 —
   * a lossy link on a loopback one, to try the bitrate's adaptation
   * (`confer-cli call --drop`). The peers report the loss as a real
   * link's in their RTCP receiver reports. Changes at any time.
   */
  properties[PROP_SEND_LOSS] = g_param_spec_double ("send-loss", NULL, NULL, 0, 0.5, 0, flags);
  properties[PROP_SHARING_SCREEN] = g_param_spec_boolean ("sharing-screen", NULL, NULL, FALSE,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                          G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferCall:microphone:
   *
   * The microphone the audio sent comes from (a #GstDevice of
   * #ConferMediaDevices), or %NULL for the default; changes at any time,
   * the call going on (confer_call_set_device()).
   */
  properties[PROP_MICROPHONE] = g_param_spec_object ("microphone", NULL, NULL, GST_TYPE_DEVICE,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                     G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferCall:camera:
   *
   * The camera the video sent comes from, or %NULL for the default (the
   * Camera portal's when #ConferCall:camera-fd is set); changes at any
   * time.
   */
  properties[PROP_CAMERA] = g_param_spec_object ("camera", NULL, NULL, GST_TYPE_DEVICE,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferCall:speaker-device:
   *
   * Where the audio received is played, or %NULL for the default output;
   * changes at any time. (#ConferCall:speaker is who is recorded.)
   */
  properties[PROP_SPEAKER_DEVICE] = g_param_spec_object ("speaker-device", NULL, NULL, GST_TYPE_DEVICE,
                                                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                         G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferCall:camera-fd:
   *
   * The PipeWire remote the Camera portal opened
   * (`OpenPipeWireRemote`, through libportal), or -1: while no camera is
   * chosen (#ConferCall:camera), the video comes from the portal's
   * default camera through `pipewiresrc` rather than `v4l2src`. The
   * caller keeps it open while the call runs and closes it afterwards.
   */
  properties[PROP_CAMERA_FD] = g_param_spec_int ("camera-fd", NULL, NULL, -1, G_MAXINT, -1, flags);
  /**
   * ConferCall:preview:
   *
   * Whether this side's own video is given back, small and mirrored, as
   * a preview (#ConferCall::preview-frame): a branch of the video
   * captured for sending, no second capture (confer-call-preview.c).
   */
  properties[PROP_PREVIEW] = g_param_spec_boolean ("preview", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferCall::peer-removed:
   * @peer: the peer, closed, its statistics final
   *
   * A peer left the mesh (the member left, or this side did); emitted
   * just before it leaves #ConferCall's peer list.
   */
  signals[PEER_REMOVED] = g_signal_new ("peer-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, CONFER_TYPE_CALL_PEER);
  /**
   * ConferCall::failed:
   * @error: what failed (%CONFER_MEDIA_ERROR_PIPELINE: a device went
   *   away, an encoder failed)
   *
   * The call's own streams failed; the call has stopped.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * ConferCall::recording-failed:
   * @error: what failed (%CONFER_MEDIA_ERROR_PIPELINE: the disk is full,
   *   the file went away)
   *
   * The recording stopped by itself, the file as far as it was written
   * (without its duration); the call goes on.
   */
  signals[RECORDING_FAILED] = g_signal_new ("recording-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * ConferCall::screen-failed:
   * @error: what failed (%CONFER_MEDIA_ERROR_PIPELINE: the shared window
   *   closed, the portal's stream ended)
   *
   * The screen capture failed; sharing has stopped
   * (#ConferCall:sharing-screen is %FALSE), the call goes on.
   */
  signals[SCREEN_FAILED] = g_signal_new ("screen-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * ConferCall::screen-frame:
   *
   * A new frame of the screen this side shares is in
   * confer_call_get_screen_frame() (at most
   * %CONFER_CALL_SCREEN_PREVIEW_RATE a second).
   */
  signals[SCREEN_FRAME] = g_signal_new ("screen-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 0);
  /**
   * ConferCall::speaking-changed:
   * @member_id: (nullable): the peer's member id, or %NULL for this side
   * @speaking: whether they speak now
   *
   * A member began or stopped speaking (confer_call_get_speaking()):
   * their audio's level over a %CONFER_CALL_LEVEL_WINDOW_MS window went
   * above %CONFER_CALL_SPEAKING_DBFS, or has stayed below it for
   * %CONFER_CALL_SPEAKING_HOLD_MS. This side's microphone is silent, so
   * not speaking, while muted.
   */
  signals[SPEAKING_CHANGED] = g_signal_new ("speaking-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * ConferCall::preview-frame:
   *
   * With #ConferCall:preview, a new frame of this side's own video is
   * ready (confer_call_get_preview_frame()); black while the camera is
   * off.
   */
  signals[PREVIEW_FRAME] = g_signal_new ("preview-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
}

static void
preview_ready (GObject *owner)
{
  if (CONFER_CALL (owner)->started)
    g_signal_emit (owner, signals[PREVIEW_FRAME], 0);
}

static void
confer_call_init (ConferCall *self)
{
  self->peers = g_list_store_new (CONFER_TYPE_CALL_PEER);
  g_mutex_init (&self->preview_lock);
  self->shared.context = g_main_context_ref_thread_default ();
  self->camera_capture.call = self;
  self->camera_capture.camera = TRUE;
  self->screen_capture.call = self;
  self->camera_fd = -1;
  confer_call_preview_init (&self->own_preview, G_OBJECT (self), self->shared.context, preview_ready);
}

/**
 * confer_call_new:
 * @signalling: the call's signalling (#ConferClientCall)
 *
 * Creates the engine; set its properties, then confer_call_start().
 * Callbacks and signals come in the thread-default main context of the
 * caller.
 *
 * Returns: (transfer full): a call not started
 */
ConferCall *
confer_call_new (ConferCallSignalling *signalling)
{
  g_return_val_if_fail (CONFER_IS_CALL_SIGNALLING (signalling), NULL);

  return g_object_new (CONFER_TYPE_CALL, "signalling", signalling, NULL);
}

/* The highest video bitrate worth sending at the configured size: about
 * 0.1 bit per pixel at 30 fps for VP8 real-time, 150 kbit/s–2.5 Mbit/s. */
static guint
ceiling_bitrate (ConferCall *self)
{
  double bits = (double) self->width * self->height * self->framerate * 0.1;

  return (guint) CLAMP (bits, 150000, 2500000);
}

/* The camera's endpoint (confer-call-endpoint.c) feeds `camera_in`. */
static char *
video_description (ConferCall *self)
{
  g_autofree char *preview = self->preview ? confer_call_preview_description (self->width, self->height,
                                                                               self->framerate)
                                           : g_strdup ("");

  /* Real-time VP8 at a constant bitrate, no look-ahead, a key frame at
   * least every 2 s (and whenever a peer asks). */
  return g_strdup_printf ("videoconvert name=" CONFER_CALL_CAMERA_IN " ! videoscale ! videorate ! "
                          "video/x-raw,format=I420,width=%u,height=%u,framerate=%u/1,pixel-aspect-ratio=1/1 ! "
                          "identity name=capture ! tee name=raw_video_tee allow-not-linked=true ! "
                          "queue max-size-buffers=3 max-size-bytes=0 max-size-time=0 leaky=downstream ! "
                          "vp8enc name=video_encoder " CONFER_CALL_VP8_SPEED " threads=1 end-usage=cbr lag-in-frames=0 "
                          "target-bitrate=%u keyframe-max-dist=%u ! rtpvp8pay pt=%d ssrc=%u mtu=1200 picture-id-mode=15-bit ! "
                          CONFER_CALL_VP8_CAPS " ! identity name=video_loss ! tee name=video_tee allow-not-linked=true %s",
                          self->width, self->height, self->framerate, self->bitrate, 2 * self->framerate,
                          CONFER_CALL_VP8_PT, self->shared.video_ssrc, preview);
}

/* The screen's encoder, waiting for a source (share_screen()) at
 * `screen_capture`. VP8 tuned for screen content (vp8enc 1.22 has no
 * screen-content mode; libvpx's own advice for screen sharing is the
 * static threshold): `static-threshold=100` skips the blocks that did not
 * change (the GStreamer documentation's recommendation for screen
 * sharing), so a still screen costs almost nothing; quantizers 4–56 leave
 * the rate control room to spend bits on sharp text when little moves
 * and to drop quality, not frames, when much does; a key frame when a
 * peer asks (its PLI, a newcomer) and otherwise at most every 10 s; a
 * rate buffer of 1 s (libwebrtc's) rather than vp8enc's 6 s, so a burst
 * of change is not queued for seconds; real-time, no look-ahead. */
static char *
screen_description (ConferCall *self)
{
  return g_strdup_printf ("identity name=screen_capture ! "
                          "queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 leaky=downstream ! "
                          "vp8enc name=screen_encoder " CONFER_CALL_VP8_SPEED " threads=2 end-usage=cbr lag-in-frames=0 "
                          "target-bitrate=%u keyframe-max-dist=%u static-threshold=100 min-quantizer=4 max-quantizer=56 "
                          "undershoot=100 buffer-size=1000 buffer-initial-size=500 buffer-optimal-size=600 ! "
                          "rtpvp8pay pt=%d ssrc=%u mtu=1200 picture-id-mode=15-bit ! "
                          CONFER_CALL_SCREEN_CAPS " ! tee name=screen_tee allow-not-linked=true ",
                          self->screen_bitrate, 10 * CONFER_CALL_SCREEN_FRAMERATE, CONFER_CALL_SCREEN_PT,
                          self->shared.screen_ssrc);
}

/* The microphone's endpoint feeds `microphone_in`. */
static char *
audio_description (ConferCall *self)
{
  g_autofree char *source = NULL;

  if (self->sources == CONFER_CALL_SOURCES_TEST)
    source = g_strdup ("audioconvert name=" CONFER_CALL_MICROPHONE_IN " ! " CONFER_MEDIA_RAW_CAPS);
  else
    source = g_strdup_printf ("audioconvert name=" CONFER_CALL_MICROPHONE_IN " ! audioresample ! "
                              CONFER_MEDIA_RAW_CAPS " ! webrtcdsp probe=" ECHO_PROBE " echo-cancel=%s "
                              "noise-suppression=true noise-suppression-level=high",
                              self->play_audio ? "true" : "false");
  return g_strdup_printf ("%s ! volume name=send_volume ! level name=send_level interval=%" G_GUINT64_FORMAT " ! "
                          "tee name=raw_audio_tee allow-not-linked=true ! "
                          "opusenc bitrate=%d audio-type=voice frame-size=20 ! rtpopuspay pt=%d ssrc=%u mtu=1200 ! "
                          CONFER_CALL_OPUS_CAPS " ! tee name=audio_tee allow-not-linked=true ",
                          source, (guint64) CONFER_CALL_LEVEL_WINDOW_MS * GST_MSECOND, CONFER_CALL_OPUS_BITRATE,
                          CONFER_CALL_OPUS_PT, self->shared.audio_ssrc);
}

/* What peers send is mixed, for a recording, and played unless
 * #ConferCall:play-audio is off (`speaker_out` then feeds the speaker's
 * endpoint); a silent source keeps the mixer running while nobody sends.
 * With a microphone, the echo canceller hears what is played. */
static char *
mix_description (ConferCall *self)
{
  gboolean echo = self->send_audio && self->sources == CONFER_CALL_SOURCES_DEVICES;

  if (!self->play_audio)
    return g_strdup ("audiotestsrc is-live=true wave=silence ! " CONFER_MEDIA_RAW_CAPS " ! audiomixer name=mixer ! "
                     "tee name=mix_tee allow-not-linked=true ! fakesink sync=false async=false ");
  return g_strdup_printf ("audiotestsrc is-live=true wave=silence ! " CONFER_MEDIA_RAW_CAPS " ! audiomixer name=mixer ! "
                          "tee name=mix_tee allow-not-linked=true ! audioconvert ! audioresample ! %s"
                          "identity name=" CONFER_CALL_SPEAKER_OUT " ",
                          echo ? "webrtcechoprobe name=" ECHO_PROBE " ! " : "");
}

/* Black in I420 with BT.601 limited range: Y 16, U and V 128. */
static void
blank_i420 (GstVideoFrame *frame)
{
  for (guint plane = 0; plane < 3; plane++)
    {
      guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (frame, plane);
      int stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane);
      int rows = GST_VIDEO_FRAME_COMP_HEIGHT (frame, plane);

      memset (data, plane == 0 ? 16 : 128, (gsize) stride * rows);
    }
}

/* Each frame leaving a source (its streaming thread): the camera's
 * blanked while the camera is off and, if asked, each stamped with its
 * number and the time. A source's caps (a shared screen's size changes
 * with the window or the screen) come first as an event. */
static GstPadProbeReturn
capture_probe_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         data)
{
  Capture *capture = data;
  ConferCall *self = capture->call;
  GstBuffer *buffer;
  GstVideoFrame frame;
  ConferCallStamp stamp;
  gboolean blank;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = gst_pad_probe_info_get_event (info);
      GstCaps *caps;

      if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
        {
          gst_event_parse_caps (event, &caps);
          if (!gst_video_info_from_caps (&capture->info, caps))
            gst_video_info_init (&capture->info);
        }
      return GST_PAD_PROBE_OK;
    }
  blank = capture->camera && g_atomic_int_get (&self->camera_off);
  if ((!self->stamp_frames && !blank) || GST_VIDEO_INFO_FORMAT (&capture->info) != GST_VIDEO_FORMAT_I420 ||
      (self->stamp_frames && GST_VIDEO_INFO_WIDTH (&capture->info) < CONFER_CALL_STAMP_MIN_WIDTH))
    return GST_PAD_PROBE_OK;
  buffer = gst_buffer_make_writable (gst_pad_probe_info_get_buffer (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_video_frame_map (&frame, &capture->info, buffer, GST_MAP_WRITE))
    return GST_PAD_PROBE_OK;
  if (blank)
    blank_i420 (&frame);
  if (!self->stamp_frames)
    {
      gst_video_frame_unmap (&frame);
      return GST_PAD_PROBE_OK;
    }
  stamp.number = capture->number++;
  stamp.time_ms = confer_call_stamp_now_ms ();
  confer_call_stamp_write_i420 (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                                GST_VIDEO_FRAME_PLANE_DATA (&frame, 1), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1),
                                GST_VIDEO_FRAME_PLANE_DATA (&frame, 2), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 2),
                                GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame), &stamp);
  gst_video_frame_unmap (&frame);
  return GST_PAD_PROBE_OK;
}

/* Each encoded frame (the encoder's thread) is counted. */
static GstPadProbeReturn
encoded_probe_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         data)
{
  ConferCall *self = data;

  g_atomic_int_inc (&self->shared.frames_encoded);
  return GST_PAD_PROBE_OK;
}

static ConferCallPeer *
find_peer (ConferCall *self,
           const char *member_id,
           guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      if (g_str_equal (confer_call_peer_get_member_id (peer), member_id))
        {
          if (position != NULL)
            *position = i;
          return peer;   /* the list keeps it */
        }
    }
  return NULL;
}

/* The recording no longer takes @peer's video (before it closes). */
static void
forget_peer_video (ConferCall     *self,
                   ConferCallPeer *peer)
{
  if (self->recorder != NULL &&
      confer_call_recorder_remove_peer (self->recorder, confer_call_peer_get_member_id (peer)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
}

/* A peer's decoded video came (ConferCallShared's video_added). */
static void
peer_video_added (ConferCallPeer *peer,
                  gpointer        owner)
{
  ConferCall *self = owner;
  GstElement *tee = confer_call_peer_get_video_tee (peer);

  if (self->recorder != NULL && tee != NULL &&
      confer_call_recorder_add_peer (self->recorder, confer_call_peer_get_member_id (peer), tee))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
}

static void
remove_peer_at (ConferCall *self,
                guint       position)
{
  g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), position);

  forget_peer_video (self, peer);
  confer_call_peer_close (peer);
  if (self->speakers != NULL && confer_call_speakers_forget (self->speakers, confer_call_peer_get_member_id (peer)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SPEAKER]);
  g_signal_emit (self, signals[PEER_REMOVED], 0, peer);
  g_list_store_remove (self->peers, position);
}

/* The loss-based rule of Google Congestion Control
 * (draft-ietf-rmcat-gcc-02 §6), applied to the worst peer's reported
 * loss of this side's packets. */
static void
adapt_encoder (GstElement *encoder,
               guint      *bitrate,
               guint       max_bitrate,
               double      loss)
{
  double rate = *bitrate;
  guint adapted;

  if (encoder == NULL)
    return;
  if (loss > 0.10)
    rate *= 1 - 0.5 * loss;
  else if (loss < 0.02)
    rate *= 1.05;
  adapted = (guint) CLAMP (rate, CONFER_CALL_MIN_VIDEO_BITRATE, max_bitrate);
  if (adapted == *bitrate)
    return;
  g_debug ("%s bitrate %u → %u bit/s (loss %.3f)", GST_OBJECT_NAME (encoder), *bitrate, adapted, loss);
  *bitrate = adapted;
  g_object_set (encoder, "target-bitrate", (int) adapted, NULL);
}

/* A peer reported (ConferCallPeer::report): the encoders follow the
 * worst loss any connected peer last reported, as GCC's loss-based
 * controller does at every report. */
static void
adapt_bitrate (ConferCall *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));
  double loss = -1;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);
      ConferCallStats stats;

      if (confer_call_peer_get_state (peer) != CONFER_CALL_PEER_CONNECTED)
        continue;
      confer_call_peer_get_stats (peer, &stats);
      loss = MAX (loss, stats.remote_loss);
    }
  if (loss < 0)
    return;
  adapt_encoder (self->shared.video_encoder, &self->bitrate, self->max_bitrate, loss);
  if (self->screen_source != NULL)
    adapt_encoder (self->shared.screen_encoder, &self->screen_bitrate, CONFER_CALL_SCREEN_BITRATE, loss);
}

/* Makes the peers those the member list calls for: one per other member
 * of this side's room while it is in the call, offering to those who came
 * in before it. */
static void
reconcile (ConferCall *self)
{
  const char *own = confer_call_signalling_get_member_id (self->shared.signalling);
  GListModel *members = confer_call_signalling_get_members (self->shared.signalling);
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean seen_self = FALSE;
  guint n = g_list_model_get_n_items (members);

  for (guint i = 0; own != NULL && i < n; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);
      const char *id = confer_call_member_get_id (member);

      if (g_str_equal (id, own))
        {
          seen_self = TRUE;
          continue;
        }
      g_hash_table_add (wanted, g_strdup (id));
    }
  /* Until the list has this side, it cannot tell who offers. */
  if (own != NULL && !seen_self)
    return;

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->peers)); i > 0; i--)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i - 1);

      if (!g_hash_table_contains (wanted, confer_call_peer_get_member_id (peer)))
        remove_peer_at (self, i - 1);
    }

  seen_self = FALSE;
  for (guint i = 0; own != NULL && i < n; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);
      const char *id = confer_call_member_get_id (member);
      g_autoptr(ConferCallPeer) peer = NULL;
      g_autoptr(GError) error = NULL;

      if (g_str_equal (id, own))
        {
          seen_self = TRUE;
          continue;
        }
      if (find_peer (self, id, NULL) != NULL)
        continue;
      peer = confer_call_peer_new (&self->shared, member, !seen_self);
      if (!confer_call_peer_start (peer, &error))
        {
          g_warning ("Cannot connect to call member %s: %s", id, error->message);
          confer_call_peer_close (peer);
          continue;
        }
      g_signal_connect_swapped (peer, "report", G_CALLBACK (adapt_bitrate), self);
      g_list_store_append (self->peers, peer);
    }
}

static void
members_changed_cb (GListModel *members,
                    guint       position,
                    guint       removed,
                    guint       added,
                    ConferCall *self)
{
  reconcile (self);
}

static void
member_id_cb (GObject    *signalling,
              GParamSpec *pspec,
              ConferCall *self)
{
  reconcile (self);
}

static void
description_cb (ConferCallSignalling      *signalling,
                const char                *from,
                ConferCallDescriptionKind  kind,
                const char                *sdp,
                ConferCall                *self)
{
  ConferCallPeer *peer = find_peer (self, from, NULL);

  if (peer == NULL)
    {
      reconcile (self);
      peer = find_peer (self, from, NULL);
    }
  if (peer == NULL)
    {
      g_debug ("A session description from %s, who is not a peer, was ignored", from);
      return;
    }
  confer_call_peer_handle_description (peer, kind, sdp);
}

static void
candidate_cb (ConferCallSignalling *signalling,
              const char           *from,
              guint                 sdp_mline_index,
              const char           *candidate,
              ConferCall           *self)
{
  ConferCallPeer *peer = find_peer (self, from, NULL);

  if (peer != NULL)
    confer_call_peer_handle_candidate (peer, sdp_mline_index, candidate);
}

static gboolean
stats_tick_cb (gpointer data)
{
  ConferCall *self = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      confer_call_peer_poll_stats (peer);
    }
  return G_SOURCE_CONTINUE;
}

/* Every CONFER_CALL_LEVEL_WINDOW_MS: each member's level (each peer's,
 * and this side's own, silent while muted) tells who speaks and who is
 * the active speaker; while recording, each peer's goes to the recorder
 * too, which may switch its video. */
static gboolean
level_tick_cb (gpointer data)
{
  ConferCall *self = data;
  g_autoptr(ConferCall) held = g_object_ref (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));
  gint64 now = g_get_monotonic_time ();
  gboolean switched = FALSE;
  double own = g_atomic_int_get (&self->muted) ? -INFINITY : self->own_level_dbfs;

  for (guint i = 0; i < n && self->started; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);
      const char *id = confer_call_peer_get_member_id (peer);
      double level = confer_call_peer_get_audio_level (peer);

      if (self->recorder != NULL)
        switched |= confer_call_recorder_hear (self->recorder, id, level, now);
      if (confer_call_speakers_hear (self->speakers, id, level, now))
        g_signal_emit (self, signals[SPEAKING_CHANGED], 0, id, confer_call_speakers_get_speaking (self->speakers, id));
    }
  if (!self->started)
    return G_SOURCE_REMOVE;
  if (switched)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
  if (self->send_audio && confer_call_speakers_hear (self->speakers, NULL, own, now))
    g_signal_emit (self, signals[SPEAKING_CHANGED], 0, NULL, confer_call_speakers_get_speaking (self->speakers, NULL));
  if (self->started && confer_call_speakers_choose (self->speakers, now))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SPEAKER]);
  return self->started ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* The microphone's level (the `level` element's message, each
 * CONFER_CALL_LEVEL_WINDOW_MS): its RMS, of the one channel, dB. */
static void
own_level (ConferCall         *self,
           const GstStructure *structure)
{
  const GValue *rms = gst_structure_get_value (structure, "rms");

  /* The level element's fields are GValueArrays (GStreamer 1.x), which
   * gst_structure_get_array() does not read. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (rms != NULL && G_VALUE_HOLDS (rms, g_value_array_get_type ()))
    {
      GValueArray *values = g_value_get_boxed (rms);

      if (values != NULL && values->n_values > 0 && G_VALUE_HOLDS_DOUBLE (&values->values[0]))
        self->own_level_dbfs = g_value_get_double (&values->values[0]);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
fail (ConferCall *self,
      GError     *error)
{
  g_autoptr(ConferCall) held = g_object_ref (self);

  confer_call_stop (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

/* Takes the recorder away; returns it. */
static ConferCallRecorder *
take_recorder (ConferCall *self)
{
  return g_steal_pointer (&self->recorder);
}

/* The recording stops at once, after a failure. */
static void
end_recording (ConferCall *self)
{
  confer_call_recorder_free (take_recorder (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  ConferCall *self = data;
  GstObject *source = GST_MESSAGE_SRC (message);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT && g_strcmp0 (GST_OBJECT_NAME (source), "send_level") == 0 &&
      gst_message_has_name (message, "level"))
    own_level (self, gst_message_get_structure (message));
  /* The device whose clock the pipeline ran on was replaced
   * (confer_call_set_device()): through PAUSED, which keeps the running
   * time, the pipeline chooses another (GStreamer's documented answer). */
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_CLOCK_LOST && self->started)
    {
      g_debug ("The pipeline's clock went with a device; choosing another");
      gst_element_set_state (self->shared.pipeline, GST_STATE_PAUSED);
      gst_element_set_state (self->shared.pipeline, GST_STATE_PLAYING);
    }
  /* A speaker put in during the call (confer-call-endpoint.c) has no
   * latency yet: the pipeline's is recalculated and given to it. */
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_LATENCY && self->started &&
           source == GST_OBJECT (self->endpoints[CONFER_MEDIA_DEVICE_SPEAKER]))
    gst_bin_recalculate_latency (GST_BIN (self->shared.pipeline));
  /* Nothing added during a call should take the pipeline out of
   * PLAYING (a sink waiting to preroll would: add_video_branch() in
   * confer-call-peer.c); said for the tests, which look for it. */
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_STATE_CHANGED && source == GST_OBJECT (self->shared.pipeline) &&
           self->started)
    {
      GstState old_state, new_state;

      gst_message_parse_state_changed (message, &old_state, &new_state, NULL);
      if (old_state == GST_STATE_PLAYING && new_state == GST_STATE_PAUSED)
        g_debug ("The pipeline left PLAYING during the call");
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_WARNING)
    {
      g_autoptr(GError) warning = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_warning (message, &warning, &debug);
      g_debug ("%s: %s (%s)", GST_OBJECT_NAME (source), warning->message, debug != NULL ? debug : "");
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

      confer_media_set_bus_error (message, &error);
      /* What a peer or a recording that has gone left behind. */
      if (!gst_object_has_as_ancestor (source, GST_OBJECT (self->shared.pipeline)))
        {
          g_debug ("Ignored, from an element taken out: %s", error->message);
          return G_SOURCE_CONTINUE;
        }
      /* A recording's element failing ends the recording, not the call. */
      if (self->recorder != NULL && confer_call_recorder_owns (self->recorder, source))
        {
          g_warning ("The recording failed: %s", error->message);
          end_recording (self);
          g_signal_emit (self, signals[RECORDING_FAILED], 0, error);
          return G_SOURCE_CONTINUE;
        }
      /* The screen capture failing stops the sharing, not the call. */
      if (self->screen_source != NULL &&
          (source == GST_OBJECT (self->screen_source) || gst_object_has_as_ancestor (source, GST_OBJECT (self->screen_source))))
        {
          g_autoptr(ConferCall) held = g_object_ref (self);

          g_warning ("Screen sharing stopped: %s", error->message);
          confer_call_stop_sharing (self);
          g_signal_emit (self, signals[SCREEN_FAILED], 0, error);
          return G_SOURCE_CONTINUE;
        }
      /* A peer's element failing fails that peer, not the call. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

          if (confer_call_peer_owns (peer, source))
            {
              g_warning ("Call member %s: %s", confer_call_peer_get_member_id (peer), error->message);
              forget_peer_video (self, peer);
              confer_call_peer_fail (peer);
              return G_SOURCE_CONTINUE;
            }
        }
      fail (self, error);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static GstElement *
take_element (GstElement *pipeline,
              const char *name)
{
  return gst_bin_get_by_name (GST_BIN (pipeline), name);
}

/* Whether confer_call_prepare()'s work is done, under its lock. */
static GMutex prepare_lock;
static GCond prepare_done;
static gboolean prepare_ready;

/* The elements of a call's pipeline and peers that need no device, whose
 * plugins (with libvpx, libopus, libnice, libsrtp…) confer_call_prepare()
 * loads ahead: about 80 ms in a new process on the benchmark machine, a
 * quarter of them srtp's. */
static const char *const call_elements[] = {
  "webrtcbin", "nicesrc", "nicesink", "dtlssrtpenc", "srtpenc", "srtpdec", "rtpbin",
  "vp8enc", "vp8dec", "rtpvp8pay", "rtpvp8depay", "opusenc", "opusdec", "rtpopuspay", "rtpopusdepay",
  "videoconvert", "videoscale", "videorate", "audioconvert", "audioresample", "audiomixer",
  "level", "volume", "tee", "queue", "appsink", "webrtcdsp",
};

static void
prepare_cb (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  /* The first DTLS element makes the process's certificate. */
  GstElement *decoder = gst_element_factory_make ("dtlsdec", NULL);

  if (decoder != NULL)
    gst_object_unref (decoder);
  for (guint i = 0; i < G_N_ELEMENTS (call_elements); i++)
    {
      GstElement *element = gst_element_factory_make (call_elements[i], NULL);

      /* A missing plugin is reported when the call is built. */
      if (element != NULL)
        gst_object_unref (element);
    }
  g_mutex_lock (&prepare_lock);
  prepare_ready = TRUE;
  g_cond_broadcast (&prepare_done);
  g_mutex_unlock (&prepare_lock);
}

/**
 * confer_call_prepare:
 *
 * Makes ready, in a worker thread, what a call's first peer connection
 * needs and is slow to make: GStreamer's DTLS elements make the
 * process's certificate when the first one is made (an RSA key, about
 * half a second on the benchmark machine), which every peer connection
 * then shares; and the plugins of the call's codecs and transports are
 * loaded (about 80 ms more). Call it when a call is likely (the app: once others are
 * in the session's call), so that joining does not wait for it;
 * confer_call_start() calls it too. Only the first call does anything.
 */
void
confer_call_prepare (void)
{
  static gsize prepared = 0;

  if (g_once_init_enter (&prepared))
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      gst_init (NULL, NULL);
      g_task_run_in_thread (task, prepare_cb);
      g_once_init_leave (&prepared, 1);
    }
}

/**
 * confer_call_wait_prepared:
 *
 * Starts confer_call_prepare() if nothing has, and blocks the calling
 * thread until what it makes is ready (at most the certificate's making
 * and the plugins' loading, about 0.6 s on the benchmark machine). For a program that
 * joins as soon as it starts, as `confer-cli call` does, so that its
 * Join, like the app's, finds the certificate made.
 */
void
confer_call_wait_prepared (void)
{
  confer_call_prepare ();
  g_mutex_lock (&prepare_lock);
  while (!prepare_ready)
    g_cond_wait (&prepare_done, &prepare_lock);
  g_mutex_unlock (&prepare_lock);
}

/**
 * confer_call_start:
 * @self: a call not started
 * @error: return location for a #GError
 *
 * Builds the pipeline (sources, encoders, tees and the player) and
 * starts it, then follows the signalling: a peer per other member of its
 * room while this side is in the call (it joins with confer_client_call_join(),
 * before or after).
 *
 * Returns: %TRUE on success; %FALSE with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT (a plugin is not installed) or
 *   %CONFER_MEDIA_ERROR_PIPELINE (a device cannot be opened)
 */
gboolean
confer_call_start (ConferCall  *self,
                   GError     **error)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GstBus) bus = NULL;
  GstElement *pipeline;

  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  if (self->stamp_frames && self->send_video && self->width < CONFER_CALL_STAMP_MIN_WIDTH)
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                   "Stamped frames must be at least %d px wide", CONFER_CALL_STAMP_MIN_WIDTH);
      return FALSE;
    }
  confer_call_prepare ();
  self->max_bitrate = ceiling_bitrate (self);
  self->bitrate = self->max_bitrate;
  self->screen_bitrate = CONFER_CALL_SCREEN_BITRATE;
  /* Chosen now, so that every offer and answer announces them (a=ssrc)
   * however soon it is made: a browser routes a bundle's packets by
   * their SSRC, and drops audio whose SSRC its m-line did not give. */
  self->shared.audio_ssrc = g_random_int ();
  self->shared.video_ssrc = g_random_int ();
  self->shared.screen_ssrc = g_random_int ();
  if (self->can_share_screen)
    {
      g_autofree char *screen = screen_description (self);

      g_string_append (description, screen);
    }
  if (self->send_video)
    {
      g_autofree char *video = video_description (self);

      g_string_append (description, video);
    }
  if (self->send_audio)
    {
      g_autofree char *audio = audio_description (self);

      g_string_append (description, audio);
    }
  {
    g_autofree char *mix = mix_description (self);

    g_string_append (description, mix);
  }

  gst_init (NULL, NULL);
  pipeline = confer_media_pipeline_new (description->str, error);
  if (pipeline == NULL)
    return FALSE;
  self->shared.pipeline = pipeline;
  self->shared.audio_tee = take_element (pipeline, "audio_tee");
  self->shared.video_tee = take_element (pipeline, "video_tee");
  self->shared.video_encoder = take_element (pipeline, "video_encoder");
  self->shared.screen_tee = take_element (pipeline, "screen_tee");
  self->shared.screen_encoder = take_element (pipeline, "screen_encoder");
  self->shared.mixer = take_element (pipeline, "mixer");
  self->shared.video_added = peer_video_added;
  self->shared.owner = self;
  self->raw_video_tee = take_element (pipeline, "raw_video_tee");
  self->raw_audio_tee = take_element (pipeline, "raw_audio_tee");
  self->mix_tee = take_element (pipeline, "mix_tee");
  self->send_volume = take_element (pipeline, "send_volume");
  self->video_loss = take_element (pipeline, "video_loss");
  if (self->video_loss != NULL)
    g_object_set (self->video_loss, "drop-probability", (float) self->send_loss, NULL);
  if (self->send_volume != NULL)
    g_object_set (self->send_volume, "mute", g_atomic_int_get (&self->muted), NULL);
  self->shared.read_stamps = self->stamp_frames;
  self->speakers = confer_call_speakers_new ();
  self->own_level_dbfs = -INFINITY;
  gst_video_info_init (&self->camera_capture.info);
  gst_video_info_init (&self->screen_capture.info);
  if (self->send_video)
    {
      g_autoptr(GstElement) capture = take_element (pipeline, "capture");
      g_autoptr(GstPad) capture_pad = gst_element_get_static_pad (capture, "src");
      g_autoptr(GstPad) encoded_pad = gst_element_get_static_pad (self->shared.video_encoder, "src");

      gst_pad_add_probe (capture_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, capture_probe_cb,
                         &self->camera_capture, NULL);
      gst_pad_add_probe (encoded_pad, GST_PAD_PROBE_TYPE_BUFFER, encoded_probe_cb, self, NULL);
    }
  if (self->can_share_screen)
    {
      g_autoptr(GstElement) capture = take_element (pipeline, "screen_capture");
      g_autoptr(GstPad) capture_pad = gst_element_get_static_pad (capture, "src");

      gst_pad_add_probe (capture_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, capture_probe_cb,
                         &self->screen_capture, NULL);
    }
  bus = gst_element_get_bus (pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) bus_cb, self, NULL);
  g_source_attach (self->bus_source, self->shared.context);
  self->started = TRUE;
  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    {
      gboolean used[] = { self->send_audio, self->send_video, self->play_audio };
      GstElement *endpoint;

      if (!used[kind])
        continue;
      endpoint = confer_call_endpoint_new (kind, self->sources, self->devices[kind], self->camera_fd, error);
      if (endpoint == NULL)
        {
          confer_call_stop (self);
          return FALSE;
        }
      self->endpoints[kind] = gst_object_ref (endpoint);
      if (!confer_call_endpoint_attach (pipeline, kind, endpoint, error))
        {
          confer_call_stop (self);
          return FALSE;
        }
    }
  if (self->preview && self->send_video)
    {
      g_autoptr(GstElement) preview_sink = take_element (pipeline, "preview_sink");

      confer_call_preview_attach (&self->own_preview, preview_sink);
    }

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        confer_media_set_bus_error (message, error);
      else
        g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "The call's pipeline would not start");
      confer_call_stop (self);
      return FALSE;
    }

  g_signal_connect (self->shared.signalling, "notify::member-id", G_CALLBACK (member_id_cb), self);
  g_signal_connect (confer_call_signalling_get_members (self->shared.signalling), "items-changed",
                    G_CALLBACK (members_changed_cb), self);
  g_signal_connect (self->shared.signalling, "description", G_CALLBACK (description_cb), self);
  g_signal_connect (self->shared.signalling, "candidate", G_CALLBACK (candidate_cb), self);
  self->stats_source = g_timeout_source_new (STATS_INTERVAL_MS);
  g_source_set_callback (self->stats_source, stats_tick_cb, self, NULL);
  g_source_attach (self->stats_source, self->shared.context);
  self->level_source = g_timeout_source_new (CONFER_CALL_LEVEL_WINDOW_MS);
  g_source_set_callback (self->level_source, level_tick_cb, self, NULL);
  g_source_attach (self->level_source, self->shared.context);
  reconcile (self);
  return TRUE;
}

/**
 * confer_call_stop:
 * @self: a call
 *
 * Finishes a recording (confer_call_stop_recording()), closes every peer
 * (each is #ConferCall::peer-removed) and stops the pipeline. It does not
 * leave the call's signalling: that is confer_client_call_leave().
 */
void
confer_call_stop (ConferCall *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CONFER_IS_CALL (self));

  if (!self->started)
    return;
  if (self->recorder != NULL && !confer_call_stop_recording (self, &error))
    g_warning ("%s", error->message);
  self->started = FALSE;
  g_signal_handlers_disconnect_by_data (self->shared.signalling, self);
  g_signal_handlers_disconnect_by_data (confer_call_signalling_get_members (self->shared.signalling), self);
  while (g_list_model_get_n_items (G_LIST_MODEL (self->peers)) > 0)
    remove_peer_at (self, g_list_model_get_n_items (G_LIST_MODEL (self->peers)) - 1);
  if (self->shared.pipeline != NULL)
    gst_element_set_state (self->shared.pipeline, GST_STATE_NULL);
  if (self->screen_source != NULL)
    {
      g_clear_object (&self->screen_source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARING_SCREEN]);
    }
  if (self->bus_source != NULL)
    g_source_destroy (self->bus_source);
  g_clear_pointer (&self->bus_source, g_source_unref);
  if (self->stats_source != NULL)
    g_source_destroy (self->stats_source);
  g_clear_pointer (&self->stats_source, g_source_unref);
  if (self->level_source != NULL)
    g_source_destroy (self->level_source);
  g_clear_pointer (&self->level_source, g_source_unref);
  g_clear_object (&self->shared.audio_tee);
  g_clear_object (&self->shared.video_tee);
  g_clear_object (&self->shared.video_encoder);
  g_clear_object (&self->shared.screen_tee);
  g_clear_object (&self->shared.screen_encoder);
  g_clear_object (&self->shared.mixer);
  g_clear_object (&self->send_volume);
  g_clear_object (&self->video_loss);
  g_clear_object (&self->raw_video_tee);
  g_clear_object (&self->raw_audio_tee);
  g_clear_object (&self->mix_tee);
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    g_clear_object (&self->endpoints[i]);
  confer_call_preview_reset (&self->own_preview);
  g_clear_object (&self->shared.pipeline);
  if (self->speakers != NULL)
    {
      gboolean had_active = confer_call_speakers_get_active (self->speakers) != NULL;

      g_clear_pointer (&self->speakers, confer_call_speakers_free);
      if (had_active)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_SPEAKER]);
    }
}

/**
 * confer_call_get_peers:
 * @self: a call
 *
 * Returns: (transfer none): the #ConferCallPeers, one per other member
 *   of this side's room while it is in the call, in the members' order
 */
GListModel *
confer_call_get_peers (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), NULL);

  return G_LIST_MODEL (self->peers);
}

/**
 * confer_call_get_video_bitrate:
 * @self: a call
 *
 * Returns: the video encoder's target bitrate now, bit/s (0 before the
 *   call starts)
 */
guint
confer_call_get_video_bitrate (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), 0);

  return self->started && self->shared.video_encoder != NULL ? self->bitrate : 0;
}

/**
 * confer_call_get_frames_sent:
 * @self: a call
 *
 * Returns: the video frames encoded since the call started (each went to
 *   every peer connected then)
 */
guint64
confer_call_get_frames_sent (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), 0);

  return (guint) g_atomic_int_get (&self->shared.frames_encoded);
}


/**
 * confer_call_start_recording:
 * @self: a started call
 * @file: the WebM file to write (local; created, or replaced if it
 *   exists)
 * @error: return location for a #GError
 *
 * Records the call on this side, from now until
 * confer_call_stop_recording() or confer_call_stop(): the active
 * speaker's video (#ConferCall:speaker; this side's own while no peer's
 * video comes, black if it sends none) at the size and frame rate this
 * side sends (#ConferCall:width, #ConferCall:height,
 * #ConferCall:framerate), encoded in VP8, and the audio of every peer
 * mixed with this side's own microphone (silent while muted), in Opus at
 * 64 kbit/s. Peers that join or leave meanwhile are taken in or let go.
 *
 * Telling the others (`call.update`'s `recording`, which the server
 * authorises by role) is the caller's: confer_client_call_update().
 *
 * Returns: %TRUE once recording; %FALSE with a #G_IO_ERROR when @file
 *   cannot be written (%G_IO_ERROR_EXISTS: already recording;
 *   %G_IO_ERROR_NOT_SUPPORTED: not a local file), or
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT (webmmux, vp8enc or opusenc is not
 *   installed) or %CONFER_MEDIA_ERROR_PIPELINE
 */
gboolean
confer_call_start_recording (ConferCall  *self,
                             GFile       *file,
                             GError     **error)
{
  guint n;

  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->started, FALSE);

  if (self->recorder != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The call is being recorded already");
      return FALSE;
    }
  self->recorder = confer_call_recorder_new (self->shared.pipeline, file, self->width, self->height, self->framerate,
                                             self->raw_video_tee, self->raw_audio_tee, self->mix_tee, error);
  if (self->recorder == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);
      GstElement *tee = confer_call_peer_get_video_tee (peer);

      if (tee != NULL)
        confer_call_recorder_add_peer (self->recorder, confer_call_peer_get_member_id (peer), tee);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
  return TRUE;
}

/**
 * confer_call_stop_recording:
 * @self: a call
 * @error: return location for a #GError
 *
 * Ends the recording and finishes its file: every stream of it ends
 * (EOS) and webmmux writes the file's duration and cues, so that it is
 * seekable. This blocks until then — a few frames' encoding, at most
 * 5 s. Nothing happens when the call is not being recorded.
 *
 * Returns: %TRUE once the file is complete (or there was no recording);
 *   %FALSE with %CONFER_MEDIA_ERROR_PIPELINE if it could not be finished
 *   in time (it plays, but lacks its duration)
 */
gboolean
confer_call_stop_recording (ConferCall  *self,
                            GError     **error)
{
  gboolean finished;

  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);

  if (self->recorder == NULL)
    return TRUE;
  finished = confer_call_recorder_finish (take_recorder (self), error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
  return finished;
}

/**
 * confer_call_get_recording:
 * @self: a call
 *
 * Returns: whether this side records the call (#ConferCall:recording)
 */
gboolean
confer_call_get_recording (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);

  return self->recorder != NULL;
}

/**
 * confer_call_get_speaker:
 * @self: a call
 *
 * Returns: (transfer none) (nullable): while recording, the member id of
 *   the peer whose video is recorded (#ConferCall:speaker); %NULL for
 *   this side's own video and when not recording
 */
const char *
confer_call_get_speaker (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), NULL);

  return self->recorder != NULL ? confer_call_recorder_get_shown (self->recorder) : NULL;
}

/**
 * confer_call_get_speaking:
 * @self: a call
 * @member_id: (nullable): a peer's member id, or %NULL for this side
 *
 * Returns: whether the member is speaking now
 *   (#ConferCall::speaking-changed); %FALSE for one not in the call, and
 *   for this side while muted
 */
gboolean
confer_call_get_speaking (ConferCall *self,
                          const char *member_id)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);

  return self->speakers != NULL && confer_call_speakers_get_speaking (self->speakers, member_id);
}

/**
 * confer_call_get_active_speaker:
 * @self: a call
 *
 * Returns: (transfer none) (nullable): the member id of the peer who
 *   began speaking last (#ConferCall:active-speaker), or %NULL
 */
const char *
confer_call_get_active_speaker (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), NULL);

  return self->speakers != NULL ? confer_call_speakers_get_active (self->speakers) : NULL;
}

static gboolean
emit_screen_frame_cb (gpointer data)
{
  ConferCall *self = data;

  g_mutex_lock (&self->preview_lock);
  self->preview_pending = FALSE;
  g_mutex_unlock (&self->preview_lock);
  if (self->screen_source != NULL)
    g_signal_emit (self, signals[SCREEN_FRAME], 0);
  return G_SOURCE_REMOVE;
}

/* A frame of the screen shared, for this side's preview (the appsink's
 * streaming thread): kept as the latest, announced in the main context. */
static GstFlowReturn
screen_preview_cb (GstAppSink *sink,
                   gpointer    data)
{
  ConferCall *self = data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  gboolean notify;

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&self->preview_lock);
  g_clear_pointer (&self->screen_preview, gst_sample_unref);
  self->screen_preview = sample;
  notify = !self->preview_pending;
  self->preview_pending = TRUE;
  g_mutex_unlock (&self->preview_lock);
  if (notify)
    g_main_context_invoke_full (self->shared.context, G_PRIORITY_DEFAULT, emit_screen_frame_cb, g_object_ref (self),
                                g_object_unref);
  return GST_FLOW_OK;
}

/* Gives the screen's encoder the source @description describes (its last
 * element's caps left open: they are fixed here to what is sent), and
 * this side's preview a copy of each frame, at most
 * CONFER_CALL_SCREEN_PREVIEW_RATE a second, in RGBA, to an appsink that
 * does not wait to preroll (as a peer's: add_video_branch() in
 * confer-call-peer.c says why). */
static gboolean
share_screen (ConferCall  *self,
              const char  *description,
              GError     **error)
{
  g_autofree char *full = NULL;
  g_autoptr(GstElement) capture = NULL;
  g_autoptr(GstPad) capture_pad = NULL;
  g_autoptr(GstPad) source_pad = NULL;
  g_autoptr(GError) parse_error = NULL;
  GstElement *bin;

  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);

  if (!self->started || self->shared.screen_tee == NULL)
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                           "This side may not share a screen in this call, or the call has not started");
      return FALSE;
    }
  confer_call_stop_sharing (self);
  full = g_strdup_printf ("%s ! videoconvert ! videoscale ! capsfilter caps=\"video/x-raw,format=I420,width=[16,%d],"
                          "height=[16,%d],pixel-aspect-ratio=1/1\" ! tee name=preview_tee ! identity "
                          "preview_tee. ! queue leaky=downstream max-size-buffers=1 ! "
                          "videorate drop-only=true max-rate=%d ! videoconvert ! video/x-raw,format=RGBA ! "
                          "appsink name=screen_preview sync=false async=false max-buffers=1 drop=true",
                          description, CONFER_CALL_SCREEN_MAX_WIDTH, CONFER_CALL_SCREEN_MAX_HEIGHT,
                          CONFER_CALL_SCREEN_PREVIEW_RATE);
  bin = gst_parse_bin_from_description (full, TRUE, &parse_error);
  if (bin == NULL)
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_MISSING_ELEMENT, "Cannot capture the screen: %s",
                   parse_error->message);
      return FALSE;
    }
  self->screen_source = gst_object_ref_sink (bin);
  {
    g_autoptr(GstElement) preview = gst_bin_get_by_name (GST_BIN (bin), "screen_preview");
    GstAppSinkCallbacks callbacks = { .new_sample = screen_preview_cb };

    gst_app_sink_set_callbacks (GST_APP_SINK (preview), &callbacks, self, NULL);
  }
  gst_bin_add (GST_BIN (self->shared.pipeline), bin);
  capture = take_element (self->shared.pipeline, "screen_capture");
  capture_pad = gst_element_get_static_pad (capture, "sink");
  source_pad = gst_element_get_static_pad (bin, "src");
  if (gst_pad_link (source_pad, capture_pad) != GST_PAD_LINK_OK || !gst_element_sync_state_with_parent (bin))
    {
      g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "Cannot start capturing the screen");
      confer_call_stop_sharing (self);
      return FALSE;
    }
  /* Those watching need a key frame to start from. */
  gst_element_send_event (self->shared.screen_encoder,
                          gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARING_SCREEN]);
  return TRUE;
}

/**
 * confer_call_share_x11_screen:
 * @self: a started call with #ConferCall:can-share-screen
 * @xid: the X window to share, or 0 for the whole screen of `$DISPLAY`
 * @error: return location for a #GError
 *
 * Shares an X11 screen or window (`ximagesrc`: every frame copied whole,
 * not from XDamage, which is slower for a full screen; the pointer drawn
 * in), at most %CONFER_CALL_SCREEN_MAX_WIDTH ×
 * %CONFER_CALL_SCREEN_MAX_HEIGHT (scaled down, keeping its shape) and
 * %CONFER_CALL_SCREEN_FRAMERATE fps. A screen already shared is replaced.
 *
 * Returns: %TRUE once capturing; %FALSE with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT (no `ximagesrc`:
 *   gstreamer1.0-plugins-good) or %CONFER_MEDIA_ERROR_PIPELINE (this
 *   side may not share, no X display)
 */
gboolean
confer_call_share_x11_screen (ConferCall  *self,
                              guint64      xid,
                              GError     **error)
{
  g_autofree char *description = NULL;
  g_autofree char *window = xid != 0 ? g_strdup_printf (" xid=%" G_GUINT64_FORMAT, xid) : g_strdup ("");

  description = g_strdup_printf ("ximagesrc use-damage=false show-pointer=true%s ! video/x-raw,framerate=%d/1", window,
                                 CONFER_CALL_SCREEN_FRAMERATE);
  return share_screen (self, description, error);
}

/**
 * confer_call_share_pipewire_screen:
 * @self: a started call with #ConferCall:can-share-screen
 * @fd: the PipeWire remote the ScreenCast portal opened
 *   (`OpenPipeWireRemote`); the caller keeps it open while sharing and
 *   closes it afterwards (pipewiresrc connects through a duplicate)
 * @node: the PipeWire node of the stream the user chose, from the
 *   portal's `Start` answer
 * @error: return location for a #GError
 *
 * Shares what the user chose in the ScreenCast portal (Wayland), through
 * `pipewiresrc`, at most %CONFER_CALL_SCREEN_MAX_WIDTH ×
 * %CONFER_CALL_SCREEN_MAX_HEIGHT and %CONFER_CALL_SCREEN_FRAMERATE fps
 * (PipeWire sends a frame when the screen changes; `videorate` makes it
 * a steady rate).
 *
 * Returns: %TRUE once capturing; %FALSE with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT (no `pipewiresrc`:
 *   gstreamer1.0-pipewire) or %CONFER_MEDIA_ERROR_PIPELINE
 */
gboolean
confer_call_share_pipewire_screen (ConferCall  *self,
                                   int          fd,
                                   guint32      node,
                                   GError     **error)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("pipewiresrc fd=%d path=%u do-timestamp=true keepalive-time=1000 always-copy=true ! "
                                 "videorate ! video/x-raw,framerate=%d/1", fd, node, CONFER_CALL_SCREEN_FRAMERATE);
  return share_screen (self, description, error);
}

/**
 * confer_call_stop_sharing:
 * @self: a call
 *
 * Stops sharing the screen, if one is shared: the capture stops and is
 * taken out of the pipeline; the screen's transceivers stay, idle, until
 * the next share.
 */
void
confer_call_stop_sharing (ConferCall *self)
{
  g_autoptr(GstElement) source = NULL;

  g_return_if_fail (CONFER_IS_CALL (self));

  if (self->screen_source == NULL)
    return;
  source = g_steal_pointer (&self->screen_source);
  gst_element_set_state (source, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->shared.pipeline), source);
  g_mutex_lock (&self->preview_lock);
  g_clear_pointer (&self->screen_preview, gst_sample_unref);
  g_mutex_unlock (&self->preview_lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARING_SCREEN]);
}

/**
 * confer_call_get_screen_frame:
 * @self: a call
 *
 * The latest frame of the screen this side shares, for its own preview:
 * the size it is sent at (at most %CONFER_CALL_SCREEN_MAX_WIDTH ×
 * %CONFER_CALL_SCREEN_MAX_HEIGHT), so that what others draw on it in the
 * shared screen's pixels falls on the same place; refreshed at most
 * %CONFER_CALL_SCREEN_PREVIEW_RATE times a second (#ConferCall::screen-frame).
 *
 * Returns: (transfer full) (nullable): an 8-bit RGBA frame, or %NULL when
 *   no screen is shared or none was captured yet
 */
GstSample *
confer_call_get_screen_frame (ConferCall *self)
{
  GstSample *sample;

  g_return_val_if_fail (CONFER_IS_CALL (self), NULL);

  g_mutex_lock (&self->preview_lock);
  sample = self->screen_preview != NULL ? gst_sample_ref (self->screen_preview) : NULL;
  g_mutex_unlock (&self->preview_lock);
  return sample;
}

/**
 * confer_call_set_device:
 * @self: a call
 * @kind: which device
 * @device: (nullable): a #GstDevice of that kind (#ConferMediaDevices),
 *   or %NULL for the default
 * @error: return location for a #GError
 *
 * Chooses the microphone, the camera or the speaker
 * (#ConferCall:microphone, #ConferCall:camera,
 * #ConferCall:speaker-device). In a call, the one in use is replaced
 * while the call goes on (confer-call-endpoint.c): the peers keep
 * receiving one stream, nothing is renegotiated. With
 * %CONFER_CALL_SOURCES_TEST the microphone and the camera stay the test
 * sources.
 *
 * Returns: %TRUE once chosen (and in use, in a call); %FALSE with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT (the device cannot make an
 *   element: it was unplugged) or %CONFER_MEDIA_ERROR_PIPELINE (it would
 *   not start: the stream stays silent, or its last frame, until another
 *   is chosen); the choice is kept either way
 */
gboolean
confer_call_set_device (ConferCall             *self,
                        ConferMediaDeviceKind   kind,
                        GstDevice              *device,
                        GError                **error)
{
  GstElement *endpoint;
  gboolean replaced;

  g_return_val_if_fail (CONFER_IS_CALL (self), FALSE);
  g_return_val_if_fail (kind < CONFER_MEDIA_N_DEVICE_KINDS, FALSE);
  g_return_val_if_fail (device == NULL || GST_IS_DEVICE (device), FALSE);

  if (device == self->devices[kind])
    return TRUE;
  g_set_object (&self->devices[kind], device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MICROPHONE + kind]);
  if (!self->started || self->endpoints[kind] == NULL)
    return TRUE;
  endpoint = confer_call_endpoint_new (kind, self->sources, device, self->camera_fd, error);
  if (endpoint == NULL)
    return FALSE;
  replaced = confer_call_endpoint_replace (self->shared.pipeline, kind, self->endpoints[kind], endpoint, error);
  /* In the pipeline even if it failed: the next choice replaces it. */
  g_set_object (&self->endpoints[kind], endpoint);
  return replaced;
}

/**
 * confer_call_get_device:
 * @self: a call
 * @kind: which device
 *
 * Returns: (transfer none) (nullable): the device chosen
 *   (confer_call_set_device()), or %NULL for the default
 */
GstDevice *
confer_call_get_device (ConferCall            *self,
                        ConferMediaDeviceKind  kind)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), NULL);
  g_return_val_if_fail (kind < CONFER_MEDIA_N_DEVICE_KINDS, NULL);

  return self->devices[kind];
}

/**
 * confer_call_get_preview_frame:
 * @self: a call with #ConferCall:preview
 *
 * Returns: (transfer full) (nullable): this side's own video as the
 *   latest frame of the preview: RGBA, at most 320 px wide at the shape
 *   sent, mirrored, black while the camera is off; %NULL before the first
 *   frame, when not in a call, or without a preview
 */
GstSample *
confer_call_get_preview_frame (ConferCall *self)
{
  g_return_val_if_fail (CONFER_IS_CALL (self), NULL);

  return self->started ? confer_call_preview_get_frame (&self->own_preview) : NULL;
}
