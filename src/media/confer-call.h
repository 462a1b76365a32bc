/* confer-call.h: a call's media: a full mesh of webrtcbin peers, this
 * side's streams encoded once and sent to each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"
#include "confer-call-peer.h"
#include "confer-media-devices.h"

G_BEGIN_DECLS

/**
 * ConferCallSources:
 * @CONFER_CALL_SOURCES_DEVICES: the microphone (the one chosen,
 *   confer_call_set_device(), else `autoaudiosrc`; echo cancelled and
 *   denoised by `webrtcdsp`) and the camera (the one chosen, else the
 *   Camera portal's, #ConferCall:camera-fd, else `v4l2src`)
 * @CONFER_CALL_SOURCES_TEST: GStreamer's test sources: a 440 Hz tone
 *   (`audiotestsrc`) and the SMPTE colour bars (`videotestsrc`), for
 *   tests and demonstrations on machines without devices
 *
 * Where a call's outgoing streams come from. The default is the devices,
 * unless the environment variable `CONFER_CALL_SOURCES` is `test`.
 */
typedef enum
{
  CONFER_CALL_SOURCES_DEVICES,
  CONFER_CALL_SOURCES_TEST,
} ConferCallSources;

/** CONFER_CALL_DEFAULT_WIDTH: width of the video a call sends unless
 * told otherwise, px (640 × 360, 16:9) */
#define CONFER_CALL_DEFAULT_WIDTH     640
/** CONFER_CALL_DEFAULT_HEIGHT: its height, px */
#define CONFER_CALL_DEFAULT_HEIGHT    360
/** CONFER_CALL_DEFAULT_FRAMERATE: its frames per second */
#define CONFER_CALL_DEFAULT_FRAMERATE 30
/** CONFER_CALL_OPUS_BITRATE: the audio's bitrate, bit/s (RFC 7587 §3.1.1
 * gives 28–40 kbit/s for fullband speech) */
#define CONFER_CALL_OPUS_BITRATE      32000
/** CONFER_CALL_MIN_VIDEO_BITRATE: the lowest bitrate the video adapts
 * down to, bit/s */
#define CONFER_CALL_MIN_VIDEO_BITRATE 100000
/** CONFER_CALL_SCREEN_MAX_WIDTH: the widest screen shared, px (a larger
 * one is scaled down to fit 1920 × 1080) */
#define CONFER_CALL_SCREEN_MAX_WIDTH  1920
/** CONFER_CALL_SCREEN_MAX_HEIGHT: the tallest, px */
#define CONFER_CALL_SCREEN_MAX_HEIGHT 1080
/** CONFER_CALL_SCREEN_FRAMERATE: frames per second of a shared screen
 * (enough for pointers and scrolling; text needs sharpness more than
 * motion) */
#define CONFER_CALL_SCREEN_FRAMERATE  15
/** CONFER_CALL_SCREEN_BITRATE: the highest bitrate of a shared screen,
 * bit/s (1080p text at 15 fps stays sharp at 2 Mbit/s with the static
 * threshold; it adapts down to %CONFER_CALL_MIN_VIDEO_BITRATE) */
#define CONFER_CALL_SCREEN_BITRATE    2000000
/** CONFER_CALL_SCREEN_PREVIEW_RATE: frames per second of the preview of
 * the screen this side shares (a still picture of it for the sharer, not
 * motion; each is a full-size RGBA copy) */
#define CONFER_CALL_SCREEN_PREVIEW_RATE 5

#define CONFER_TYPE_CALL (confer_call_get_type ())

G_DECLARE_FINAL_TYPE (ConferCall, confer_call, CONFER, CALL, GObject)

ConferCall *confer_call_new                (ConferCallSignalling  *signalling);
void        confer_call_prepare            (void);
void        confer_call_wait_prepared      (void);
gboolean    confer_call_start              (ConferCall            *self,
                                            GError               **error);
void        confer_call_stop               (ConferCall            *self);
GListModel *confer_call_get_peers          (ConferCall            *self);
guint       confer_call_get_video_bitrate  (ConferCall            *self);
guint64     confer_call_get_frames_sent    (ConferCall            *self);
gboolean    confer_call_share_x11_screen   (ConferCall            *self,
                                            guint64                xid,
                                            GError               **error);
gboolean    confer_call_share_pipewire_screen (ConferCall         *self,
                                            int                    fd,
                                            guint32                node,
                                            GError               **error);
void        confer_call_stop_sharing       (ConferCall            *self);
GstSample  *confer_call_get_screen_frame   (ConferCall            *self);
gboolean    confer_call_start_recording    (ConferCall            *self,
                                            GFile                 *file,
                                            GError               **error);
gboolean    confer_call_stop_recording     (ConferCall            *self,
                                            GError               **error);
gboolean    confer_call_get_recording      (ConferCall            *self);
const char *confer_call_get_speaker        (ConferCall            *self);
gboolean    confer_call_get_speaking       (ConferCall            *self,
                                            const char            *member_id);
const char *confer_call_get_active_speaker (ConferCall            *self);
gboolean    confer_call_set_device         (ConferCall            *self,
                                            ConferMediaDeviceKind  kind,
                                            GstDevice             *device,
                                            GError               **error);
GstDevice  *confer_call_get_device         (ConferCall            *self,
                                            ConferMediaDeviceKind  kind);
GstSample  *confer_call_get_preview_frame  (ConferCall            *self);

G_END_DECLS
