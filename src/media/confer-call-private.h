/* confer-call-private.h: what the call engine and its peers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "confer-core.h"
#include "confer-call.h"
#include "confer-call-peer.h"
#include "confer-media-devices.h"

G_BEGIN_DECLS

/* The RTP payload types Confer sends; every Confer peer uses the same, so
 * one payloaded stream serves them all (a peer whose offer numbers them
 * otherwise, a browser, gets its packets renumbered: confer-call-peer.c).
 * The shared screen is VP8 too, on a payload type of its own so that its
 * m-line's codec is told apart from the camera's. */
#define CONFER_CALL_OPUS_PT   96
#define CONFER_CALL_VP8_PT    97
#define CONFER_CALL_SCREEN_PT 98
/* Opus is announced as two channels whatever is sent (RFC 7587 §7: the
 * rtpmap is always opus/48000/2; browsers refuse any other). */
#define CONFER_CALL_OPUS_CAPS   "application/x-rtp,media=audio,encoding-name=OPUS,payload=96,clock-rate=48000,encoding-params=(string)2"
#define CONFER_CALL_VP8_CAPS    "application/x-rtp,media=video,encoding-name=VP8,payload=97,clock-rate=90000"
#define CONFER_CALL_SCREEN_CAPS "application/x-rtp,media=video,encoding-name=VP8,payload=98,clock-rate=90000"
/* The screen's m-line is marked as slides (RFC 4796 §5, `a=content:slides`):
 * caps fields named a-* become SDP attributes (gst_sdp_media_set_media_from_caps()). */
#define CONFER_CALL_SCREEN_CONTENT "slides"

/* vp8enc's speed for the camera, the screen and the recording: real
 * time, at the fixed speed 6, libwebrtc's default for VP8 on desktops
 * (`cpu_speed_default_` in its libvpx_vp8_encoder.h). A positive
 * `cpu-used` in real-time mode is no speed but the share of each frame's
 * interval libvpx lets the encoder fill, (16 − cpu-used) / 16
 * (`vp8_auto_select_speed()` in its rdopt.c): vp8enc's 8 spent half a
 * core at 720p30. */
#define CONFER_CALL_VP8_SPEED "deadline=1 cpu-used=-6"

/* The window of a peer's audio level (confer_call_peer_get_audio_level()), ms. */
#define CONFER_CALL_LEVEL_WINDOW_MS 100

/* Owned by the #ConferCall; every peer is closed before it goes. */
typedef struct
{
  GstElement           *pipeline;
  GstElement           *audio_tee;       /* nullable: no audio sent */
  GstElement           *video_tee;       /* nullable: no video sent */
  GstElement           *video_encoder;   /* nullable */
  GstElement           *screen_tee;      /* nullable: this side may not share a screen */
  GstElement           *screen_encoder;  /* nullable */
  guint32               audio_ssrc;      /* the RTP SSRCs of what this side sends, announced */
  guint32               video_ssrc;      /* in every description however early it is made */
  guint32               screen_ssrc;     /* (the screen's before anything is shared) */
  GstElement           *mixer;           /* every peer's audio, played or not */
  ConferCallSignalling *signalling;
  /* Called in the main context when a peer's decoded video comes
   * (confer_call_peer_get_video_tee()), with @owner. */
  void                (*video_added) (ConferCallPeer *peer,
                                      gpointer        owner);
  gpointer              owner;
  GMainContext         *context;
  gboolean              read_stamps;
  gint                  frames_encoded;  /* atomic: video frames out of the encoder */
} ConferCallShared;

ConferCallPeer *confer_call_peer_new                (ConferCallShared           *shared,
                                                     ConferCallMember           *member,
                                                     gboolean                    offerer);
gboolean        confer_call_peer_start              (ConferCallPeer             *self,
                                                     GError                    **error);
void            confer_call_peer_close              (ConferCallPeer             *self);
void            confer_call_peer_handle_description (ConferCallPeer             *self,
                                                     ConferCallDescriptionKind   kind,
                                                     const char                 *sdp);
void            confer_call_peer_handle_candidate   (ConferCallPeer             *self,
                                                     guint                       sdp_mline_index,
                                                     const char                 *candidate);
void            confer_call_peer_poll_stats         (ConferCallPeer             *self);
gboolean        confer_call_peer_owns               (ConferCallPeer             *self,
                                                     GstObject                  *object);
void            confer_call_peer_fail               (ConferCallPeer             *self);
GstElement     *confer_call_peer_get_video_tee      (ConferCallPeer             *self);

/* A recording of the call (confer-call-recorder.c). */
typedef struct _ConferCallRecorder ConferCallRecorder;

ConferCallRecorder *confer_call_recorder_new         (GstElement          *pipeline,
                                                      GFile               *file,
                                                      guint                width,
                                                      guint                height,
                                                      guint                framerate,
                                                      GstElement          *own_video,
                                                      GstElement          *own_audio,
                                                      GstElement          *mix,
                                                      GError             **error);
gboolean            confer_call_recorder_add_peer    (ConferCallRecorder  *self,
                                                      const char          *member_id,
                                                      GstElement          *video_tee);
gboolean            confer_call_recorder_remove_peer (ConferCallRecorder  *self,
                                                      const char          *member_id);
gboolean            confer_call_recorder_hear        (ConferCallRecorder  *self,
                                                      const char          *member_id,
                                                      double               level_dbfs,
                                                      gint64               now_us);
const char         *confer_call_recorder_get_shown   (ConferCallRecorder  *self);
gboolean            confer_call_recorder_owns        (ConferCallRecorder  *self,
                                                      GstObject           *object);
gboolean            confer_call_recorder_finish      (ConferCallRecorder  *self,
                                                      GError             **error);
void                confer_call_recorder_free        (ConferCallRecorder  *self);

/* Where a call's pipeline takes its microphone and camera and gives its
 * sound (confer-call-endpoint.c): element names in its description. */
#define CONFER_CALL_MICROPHONE_IN "microphone_in"
#define CONFER_CALL_CAMERA_IN     "camera_in"
#define CONFER_CALL_SPEAKER_OUT   "speaker_out"

GstElement *confer_call_endpoint_new     (ConferMediaDeviceKind   kind,
                                          ConferCallSources       sources,
                                          GstDevice              *device,
                                          int                     camera_fd,
                                          GError                **error);
gboolean    confer_call_endpoint_attach  (GstElement             *pipeline,
                                          ConferMediaDeviceKind   kind,
                                          GstElement             *endpoint,
                                          GError                **error);
gboolean    confer_call_endpoint_replace (GstElement             *pipeline,
                                          ConferMediaDeviceKind   kind,
                                          GstElement             *old,
                                          GstElement             *endpoint,
                                          GError                **error);

/* The self-preview (confer-call-preview.c): this side's own video, small,
 * mirrored, RGBA, for the app. Part of its #ConferCall from creation to
 * finalization; fed while a call with a preview runs. */
typedef struct
{
  GMutex        lock;
  GstSample    *frame;     /* the latest, or NULL */
  gboolean      pending;   /* @ready is on its way to the main context */
  GObject      *owner;
  GMainContext *context;
  void        (*ready) (GObject *owner);
} ConferCallPreview;

void        confer_call_preview_init        (ConferCallPreview  *self,
                                             GObject            *owner,
                                             GMainContext       *context,
                                             void              (*ready) (GObject *owner));
char       *confer_call_preview_description (guint               width,
                                             guint               height,
                                             guint               framerate);
void        confer_call_preview_attach      (ConferCallPreview  *self,
                                             GstElement         *sink);
GstSample  *confer_call_preview_get_frame   (ConferCallPreview  *self);
void        confer_call_preview_reset       (ConferCallPreview  *self);
void        confer_call_preview_clear       (ConferCallPreview  *self);

G_END_DECLS
