/* confer-call-private.h: what the call engine and its peers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "confer-core.h"
#include "confer-call-peer.h"

G_BEGIN_DECLS

/* The RTP payload types Confer sends; every peer of a mesh uses the same,
 * so one payloaded stream serves them all. The shared screen is VP8 too,
 * on a payload type of its own so that its m-line's codec is told apart
 * from the camera's. */
#define CONFER_CALL_OPUS_PT   96
#define CONFER_CALL_VP8_PT    97
#define CONFER_CALL_SCREEN_PT 98
#define CONFER_CALL_OPUS_CAPS   "application/x-rtp,media=audio,encoding-name=OPUS,payload=96,clock-rate=48000"
#define CONFER_CALL_VP8_CAPS    "application/x-rtp,media=video,encoding-name=VP8,payload=97,clock-rate=90000"
#define CONFER_CALL_SCREEN_CAPS "application/x-rtp,media=video,encoding-name=VP8,payload=98,clock-rate=90000"
/* The screen's m-line is marked as slides (RFC 4796 §5, `a=content:slides`):
 * caps fields named a-* become SDP attributes (gst_sdp_media_set_media_from_caps()). */
#define CONFER_CALL_SCREEN_CONTENT "slides"

/* Owned by the #ConferCall; every peer is closed before it goes. */
typedef struct
{
  GstElement           *pipeline;
  GstElement           *audio_tee;       /* nullable: no audio sent */
  GstElement           *video_tee;       /* nullable: no video sent */
  GstElement           *video_encoder;   /* nullable */
  GstElement           *screen_tee;      /* nullable: this side may not share a screen */
  GstElement           *screen_encoder;  /* nullable */
  guint32               screen_ssrc;     /* the screen's RTP SSRC, announced before it is sent */
  GstElement           *mixer;           /* nullable: received audio is not played */
  ConferCallSignalling *signalling;
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

G_END_DECLS
