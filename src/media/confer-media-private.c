/* confer-media-private.c: GStreamer helpers libconfer-media's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-media"

#include "config.h"

#include "confer-media-private.h"
#include "confer-media-error.h"

/* How often a pipeline run to its end looks at its bus and cancellable. */
#define POLL_INTERVAL (100 * GST_MSECOND)

/* Builds a pipeline from gst-launch syntax; a missing element is
 * CONFER_MEDIA_ERROR_MISSING_ELEMENT. */
GstElement *
confer_media_pipeline_new (const char  *description,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GstElement *pipeline;

  gst_init (NULL, NULL);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (pipeline == NULL)
    {
      g_set_error (error, CONFER_MEDIA_ERROR,
                   g_error_matches (local_error, GST_PARSE_ERROR, GST_PARSE_ERROR_NO_SUCH_ELEMENT)
                   ? CONFER_MEDIA_ERROR_MISSING_ELEMENT : CONFER_MEDIA_ERROR_PIPELINE,
                   "%s (GStreamer pipeline “%s”)", local_error->message, description);
      return NULL;
    }
  return pipeline;
}

/* The pipeline fragment an environment variable names (for tests:
 * `pulsesrc device=…`), or @fallback when it is unset or empty. */
const char *
confer_media_element_from_env (const char *variable,
                               const char *fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? value : fallback;
}

/* Sets @error from a GST_MESSAGE_ERROR. */
void
confer_media_set_bus_error (GstMessage  *message,
                            GError     **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), debug != NULL ? debug : "");
  g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
               "%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), gst_error->message);
}

/* Plays @pipeline to its end in the calling thread (a worker's: it
 * blocks), appending what its appsink named "sink" receives to @out. */
gboolean
confer_media_pipeline_run (GstElement    *pipeline,
                           GByteArray    *out,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  gboolean ok = TRUE;

  g_return_val_if_fail (sink != NULL, FALSE);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        confer_media_set_bus_error (message, error);
      else
        g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                             "The GStreamer pipeline would not start");
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), POLL_INTERVAL);
      g_autoptr(GstMessage) message = NULL;

      if (sample != NULL)
        {
          GstBuffer *buffer = gst_sample_get_buffer (sample);
          GstMapInfo map;

          if (gst_buffer_map (buffer, &map, GST_MAP_READ))
            {
              g_byte_array_append (out, map.data, map.size);
              gst_buffer_unmap (buffer, &map);
            }
          continue;
        }
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) != NULL)
        {
          confer_media_set_bus_error (message, error);
          ok = FALSE;
          break;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
} Unlinked;

static GstPadProbeReturn
unlink_idle_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         data)
{
  Unlinked *unlinked = data;
  g_autoptr(GstPad) peer = gst_pad_get_peer (pad);

  if (peer != NULL)
    gst_pad_unlink (pad, peer);
  g_mutex_lock (&unlinked->lock);
  unlinked->done = TRUE;
  g_cond_signal (&unlinked->cond);
  g_mutex_unlock (&unlinked->lock);
  return GST_PAD_PROBE_REMOVE;
}

/* Unlinks a tee's request pad between two buffers (an idle probe, waited
 * for up to a second), then gives it back to the tee. */
void
confer_media_release_tee_pad (GstPad *tee_pad)
{
  g_autoptr(GstElement) tee = gst_pad_get_parent_element (tee_pad);
  Unlinked unlinked = { 0 };
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  g_mutex_init (&unlinked.lock);
  g_cond_init (&unlinked.cond);
  gst_pad_add_probe (tee_pad, GST_PAD_PROBE_TYPE_IDLE, unlink_idle_cb, &unlinked, NULL);
  g_mutex_lock (&unlinked.lock);
  while (!unlinked.done)
    if (!g_cond_wait_until (&unlinked.cond, &unlinked.lock, deadline))
      break;
  g_mutex_unlock (&unlinked.lock);
  if (!unlinked.done)
    g_warning ("A stream would not stop; it is cut");
  else
    {
      g_mutex_clear (&unlinked.lock);
      g_cond_clear (&unlinked.cond);
    }
  if (tee != NULL)
    gst_element_release_request_pad (tee, tee_pad);
}
