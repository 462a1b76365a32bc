/* confer-call-peer.h: one other member of a call, as this side's media
 * engine connects to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * ConferCallPeerState:
 * @CONFER_CALL_PEER_CONNECTING: negotiating, or ICE and DTLS under way
 * @CONFER_CALL_PEER_CONNECTED: media flows both ways
 * @CONFER_CALL_PEER_FAILED: the connection failed (no route, a refused
 *   session description, DTLS failed)
 * @CONFER_CALL_PEER_CLOSED: the member left, or this side did
 *
 * Where a peer connection is.
 */
typedef enum
{
  CONFER_CALL_PEER_CONNECTING,
  CONFER_CALL_PEER_CONNECTED,
  CONFER_CALL_PEER_FAILED,
  CONFER_CALL_PEER_CLOSED,
} ConferCallPeerState;

/**
 * ConferCallVideo:
 * @CONFER_CALL_VIDEO_CAMERA: the member's camera (or test video)
 * @CONFER_CALL_VIDEO_SCREEN: the screen the member shares
 *
 * The two video streams a member may send, each its own m-line.
 */
typedef enum
{
  CONFER_CALL_VIDEO_CAMERA,
  CONFER_CALL_VIDEO_SCREEN,
} ConferCallVideo;

/**
 * ConferCallVideoStats:
 * @frame_rate: frames decoded from the peer per second over the last
 *   interval
 * @frames_received: frames decoded from the peer
 * @frames_stamped: of them, those whose stamp (confer-call-stamp.h) was
 *   read (latencies are taken of those captured after the connection was
 *   up: a frame that waited for it measures set-up, not latency)
 * @width: the width of the last frame received, px (0 before one)
 * @height: its height, px
 *
 * What this side decoded of one of a peer's video streams.
 */
typedef struct
{
  double  frame_rate;
  guint64 frames_received;
  guint64 frames_stamped;
  guint   width;
  guint   height;
} ConferCallVideoStats;

/**
 * ConferCallStats:
 * @send_kbps: RTP this side sent the peer over the last interval (all
 *   streams, headers included), kbit/s
 * @receive_kbps: RTP received from the peer over the last interval, kbit/s
 * @loss: the fraction of the peer's RTP packets lost on the way here over
 *   the last interval, 0–1
 * @remote_loss: the fraction of this side's packets the peer reported
 *   lost in its last RTCP report (RFC 3550's fraction lost, the most of
 *   any stream), 0–1
 * @rtt_ms: the round-trip time from RTCP, ms; negative until known
 * @frames_sent: camera frames this side encoded while connected to the
 *   peer
 * @video: what was decoded of the peer's camera
 * @screen: what was decoded of the screen the peer shares
 * @audio_dbfs: the RMS level of the audio received from the peer since the
 *   start, dBFS; -INFINITY for none or digital silence
 * @audio_ms: how much audio was received, ms
 *
 * A peer's statistics, from webrtcbin's `get-stats` (RTP and RTCP) and
 * the engine's own counts of what it decoded.
 */
typedef struct
{
  double               send_kbps;
  double               receive_kbps;
  double               loss;
  double               remote_loss;
  double               rtt_ms;
  guint64              frames_sent;
  ConferCallVideoStats video;
  ConferCallVideoStats screen;
  double               audio_dbfs;
  guint64              audio_ms;
} ConferCallStats;

#define CONFER_TYPE_CALL_PEER (confer_call_peer_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallPeer, confer_call_peer, CONFER, CALL_PEER, GObject)

const char          *confer_call_peer_get_member_id   (ConferCallPeer  *self);
const char          *confer_call_peer_get_participant (ConferCallPeer  *self);
gboolean             confer_call_peer_get_offerer     (ConferCallPeer  *self);
ConferCallPeerState  confer_call_peer_get_state       (ConferCallPeer  *self);
void                 confer_call_peer_get_stats       (ConferCallPeer  *self,
                                                       ConferCallStats *stats);
GArray              *confer_call_peer_take_latencies  (ConferCallPeer  *self,
                                                       ConferCallVideo  video);
GstSample           *confer_call_peer_get_frame       (ConferCallPeer  *self,
                                                       ConferCallVideo  video);
double               confer_call_peer_get_audio_level (ConferCallPeer  *self);

G_END_DECLS
