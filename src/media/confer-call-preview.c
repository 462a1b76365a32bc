/* confer-call-preview.c: this side's own camera, small and mirrored, for
 * the app to show while in a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-preview"

#include "config.h"

#include <gst/app/gstappsink.h>

#include "confer-call-private.h"

/*
 * The preview is a branch of the video already captured (the call's
 * `raw_video_tee`, I420 at the size sent, blanked while the camera is
 * off): no second capture. To cost little (a two-party 720p call must stay
 * within a quarter of a core), frames are dropped down to
 * CONFER_CALL_PREVIEW_FRAMERATE first, then scaled down to at most
 * CONFER_CALL_PREVIEW_WIDTH wide while still I420, then mirrored, and only
 * the small frame is converted to RGBA for GTK. Mirrored as a mirror
 * shows one (GNOME Snapshot and Jitsi Meet show the own camera so): the
 * peers get the camera's view unflipped. A leaky one-frame queue puts
 * the branch on its own thread and never holds the encoder back.
 */

/* Width of the preview at most, px: a tile of a 2–3 column grid. */
#define CONFER_CALL_PREVIEW_WIDTH     320
/* Its frames per second at most. */
#define CONFER_CALL_PREVIEW_FRAMERATE 15

/**
 * confer_call_preview_init:
 * @self: the preview, zeroed
 * @owner: the #ConferCall it is part of (held while @ready is on its way)
 * @context: the main context @ready is called in
 * @ready: called there when a new frame is ready
 *   (confer_call_preview_get_frame()); one call for many frames if they
 *   come faster than the context runs
 */
void
confer_call_preview_init (ConferCallPreview  *self,
                          GObject            *owner,
                          GMainContext       *context,
                          void              (*ready) (GObject *owner))
{
  g_mutex_init (&self->lock);
  self->owner = owner;
  self->context = g_main_context_ref (context);
  self->ready = ready;
}

/**
 * confer_call_preview_description:
 * @width: the width of the video sent, px
 * @height: its height, px
 * @framerate: its frames per second
 *
 * Returns: (transfer full): the preview's branch in gst-launch syntax,
 *   from `raw_video_tee` to an appsink named `preview_sink`: at most
 *   CONFER_CALL_PREVIEW_WIDTH × (its height at the video's shape, even),
 *   at most CONFER_CALL_PREVIEW_FRAMERATE fps, mirrored, RGBA
 */
char *
confer_call_preview_description (guint width,
                                 guint height,
                                 guint framerate)
{
  guint preview_width = MIN (width, CONFER_CALL_PREVIEW_WIDTH) & ~1u;
  guint preview_height = MAX (2, (guint) ((guint64) preview_width * height / width) & ~1u);

  return g_strdup_printf ("raw_video_tee. ! queue max-size-buffers=1 max-size-bytes=0 max-size-time=0 leaky=downstream ! "
                          "videorate drop-only=true max-rate=%u ! videoscale ! "
                          "video/x-raw,width=%u,height=%u,pixel-aspect-ratio=1/1 ! videoflip video-direction=horiz ! "
                          "videoconvert ! video/x-raw,format=RGBA ! "
                          "appsink name=preview_sink sync=false max-buffers=1 drop=true ",
                          MIN (framerate, CONFER_CALL_PREVIEW_FRAMERATE), MAX (preview_width, 2u), preview_height);
}

static gboolean
ready_cb (gpointer data)
{
  ConferCallPreview *self = data;

  g_mutex_lock (&self->lock);
  self->pending = FALSE;
  g_mutex_unlock (&self->lock);
  self->ready (self->owner);
  return G_SOURCE_REMOVE;
}

static void
unref_owner (gpointer data)
{
  g_object_unref (((ConferCallPreview *) data)->owner);
}

/* A preview frame (the appsink's streaming thread): kept as the latest. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  ConferCallPreview *self = data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  gboolean notify;

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->frame, gst_sample_unref);
  self->frame = sample;
  notify = !self->pending;
  self->pending = TRUE;
  g_mutex_unlock (&self->lock);
  if (notify)
    {
      g_object_ref (self->owner);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, ready_cb, self, unref_owner);
    }
  return GST_FLOW_OK;
}

/**
 * confer_call_preview_attach:
 * @self: the preview
 * @sink: the `preview_sink` appsink of a call's pipeline, not started
 *
 * Frames reaching @sink become the preview's.
 */
void
confer_call_preview_attach (ConferCallPreview *self,
                            GstElement        *sink)
{
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
}

/**
 * confer_call_preview_get_frame:
 * @self: the preview
 *
 * Returns: (transfer full) (nullable): the latest frame, RGBA, or %NULL
 *   before the first of a call
 */
GstSample *
confer_call_preview_get_frame (ConferCallPreview *self)
{
  GstSample *frame;

  g_mutex_lock (&self->lock);
  frame = self->frame != NULL ? gst_sample_ref (self->frame) : NULL;
  g_mutex_unlock (&self->lock);
  return frame;
}

/**
 * confer_call_preview_reset:
 * @self: the preview, its pipeline stopped
 *
 * Forgets the last frame, once the call stopped.
 */
void
confer_call_preview_reset (ConferCallPreview *self)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->frame, gst_sample_unref);
  g_mutex_unlock (&self->lock);
}

/**
 * confer_call_preview_clear:
 * @self: the preview, its owner finalized
 *
 * Frees what the preview holds.
 */
void
confer_call_preview_clear (ConferCallPreview *self)
{
  confer_call_preview_reset (self);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
}
