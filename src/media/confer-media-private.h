/* confer-media-private.h: GStreamer helpers libconfer-media's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "confer-voice-clip.h"

G_BEGIN_DECLS

/* The raw audio Confer's pipelines work on between decoding and encoding:
 * 16-bit signed little-endian, 48 kHz (Opus's own rate), mono. */
#define CONFER_MEDIA_RAW_CAPS "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1"
#define CONFER_MEDIA_RATE     48000

/* WebRTC's noise suppressor on that raw audio, as recording and
 * processing a file use it: the echo canceller has no far end to cancel
 * here, and the gain controller's adaptive gain would fight the
 * levelling that follows. */
#define CONFER_MEDIA_DENOISE  "webrtcdsp echo-cancel=false gain-control=false " \
  "noise-suppression=true noise-suppression-level=high"

GstElement *confer_media_pipeline_new    (const char    *description,
                                          GError       **error);
const char *confer_media_element_from_env (const char   *variable,
                                          const char    *fallback);
void        confer_media_set_bus_error   (GstMessage    *message,
                                          GError       **error);
gboolean    confer_media_pipeline_run    (GstElement    *pipeline,
                                          GByteArray    *out,
                                          GCancellable  *cancellable,
                                          GError       **error);
void        confer_media_release_tee_pad (GstPad        *tee_pad);

ConferVoiceClip *confer_voice_clip_new   (GBytes        *bytes,
                                          guint          duration_ms,
                                          const double  *waveform,
                                          guint          trim_start_ms,
                                          double         gain_db,
                                          double         noise_floor_dbfs);

G_END_DECLS
