/* confer-call-endpoint.c: where a call's microphone and camera streams
 * come from and where its sound goes, and changing them while it runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-endpoint"

#include "config.h"

#include <gst/base/gstbasesink.h>

#include "confer-call-private.h"
#include "confer-media-error.h"
#include "confer-media-private.h"

/*
 * A call's pipeline (confer-call.c) leaves three places open, named
 * CONFER_CALL_MICROPHONE_IN, CONFER_CALL_CAMERA_IN (elements whose sink
 * pads wait for a source) and CONFER_CALL_SPEAKER_OUT (whose source pad
 * waits for a sink). An endpoint is the element that goes there: the
 * chosen device's (gst_device_create_element()), the Camera portal's
 * PipeWire stream, GStreamer's test sources, or the platform's default
 * (`autoaudiosrc`, `v4l2src`, `autoaudiosink`, or what the environment
 * variables CONFER_AUDIO_SOURCE, CONFER_VIDEO_SOURCE and
 * CONFER_AUDIO_SINK describe, for tests).
 *
 * **Changing one during the call** (confer_call_endpoint_replace()): a
 * source is stopped and taken out, and the new one added and started in
 * its place; what follows it (converters, then the encoder) takes the new
 * caps as they come, so the peers receive one stream throughout and
 * nothing is renegotiated. A sink is swapped from an idle probe on the
 * pad that feeds it, between two buffers; the new sink does not wait to
 * preroll (`async=false`), which in a playing pipeline would make the
 * whole pipeline lose its state and choose a new base time, and it asks
 * for the pipeline's latency (a LATENCY message, which the call's bus
 * handler answers with gst_bin_recalculate_latency()): without it every
 * sample reaches it late and is dropped.
 */

static const char * const places[CONFER_MEDIA_N_DEVICE_KINDS] = {
  [CONFER_MEDIA_DEVICE_MICROPHONE] = CONFER_CALL_MICROPHONE_IN,
  [CONFER_MEDIA_DEVICE_CAMERA] = CONFER_CALL_CAMERA_IN,
  [CONFER_MEDIA_DEVICE_SPEAKER] = CONFER_CALL_SPEAKER_OUT,
};

/* The object serial of the first camera the Camera portal's PipeWire
 * remote @fd shows (it shows this application its cameras only), or
 * %NULL. pipewiresrc given no target waits for the session manager to
 * link it to a camera, which WirePlumber does only for a default camera
 * of its choosing; with none, pipewiresrc blocks its start for 30 s and
 * fails. The remote is read through PipeWire's device provider, which
 * connects through a copy of @fd. */
static char *
portal_camera (int fd)
{
  g_autoptr(GstDeviceProvider) provider = gst_device_provider_factory_get_by_name ("pipewiredeviceprovider");
  GList *devices;
  char *serial = NULL;

  if (provider == NULL)
    return NULL;
  g_object_set (provider, "fd", fd, NULL);
  if (!gst_device_provider_start (provider))
    return NULL;
  devices = gst_device_provider_get_devices (provider);
  for (GList *l = devices; l != NULL && serial == NULL; l = l->next)
    if (gst_device_has_classes (l->data, "Video/Source"))
      {
        g_autoptr(GstStructure) properties = gst_device_get_properties (l->data);
        const char *value = properties != NULL ? gst_structure_get_string (properties, "object.serial") : NULL;

        serial = g_strdup (value);
      }
  g_list_free_full (devices, gst_object_unref);
  gst_device_provider_stop (provider);
  return serial;
}

/* The gst-launch description of an endpoint with no device chosen. */
static char *
default_description (ConferMediaDeviceKind kind,
                     ConferCallSources     sources,
                     int                   camera_fd)
{
  switch (kind)
    {
    case CONFER_MEDIA_DEVICE_MICROPHONE:
      if (sources == CONFER_CALL_SOURCES_TEST)
        return g_strdup ("audiotestsrc is-live=true wave=sine freq=440 volume=0.3 samplesperbuffer=480");
      return g_strdup (confer_media_element_from_env ("CONFER_AUDIO_SOURCE", "autoaudiosrc"));
    case CONFER_MEDIA_DEVICE_CAMERA:
      if (sources == CONFER_CALL_SOURCES_TEST)
        return g_strdup ("videotestsrc is-live=true pattern=smpte");
      if (camera_fd >= 0)
        {
          g_autofree char *serial = portal_camera (camera_fd);

          if (serial == NULL)
            return g_strdup_printf ("pipewiresrc fd=%d do-timestamp=true", camera_fd);
          return g_strdup_printf ("pipewiresrc fd=%d target-object=%s do-timestamp=true", camera_fd, serial);
        }
      return g_strdup (confer_media_element_from_env ("CONFER_VIDEO_SOURCE", "v4l2src"));
    case CONFER_MEDIA_DEVICE_SPEAKER:
      return g_strdup (confer_media_element_from_env ("CONFER_AUDIO_SINK", "autoaudiosink"));
    default:
      g_assert_not_reached ();
    }
}

/**
 * confer_call_endpoint_new:
 * @kind: where it goes
 * @sources: the call's sources; with %CONFER_CALL_SOURCES_TEST, the
 *   microphone is a 440 Hz tone and the camera the SMPTE colour bars,
 *   whatever device is chosen (the speaker is a device still)
 * @device: (nullable): the device chosen, or %NULL for the default
 * @camera_fd: the Camera portal's PipeWire remote, or -1: the default
 *   camera is then the portal's
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the endpoint, floating, with one
 *   pad: `src` for a source, `sink` for the speaker; %NULL with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT when its element is not installed
 *   or the device cannot make one
 */
GstElement *
confer_call_endpoint_new (ConferMediaDeviceKind   kind,
                          ConferCallSources       sources,
                          GstDevice              *device,
                          int                     camera_fd,
                          GError                **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  GstElement *endpoint;

  g_return_val_if_fail (kind < CONFER_MEDIA_N_DEVICE_KINDS, NULL);
  g_return_val_if_fail (device == NULL || GST_IS_DEVICE (device), NULL);

  if (device != NULL && (sources != CONFER_CALL_SOURCES_TEST || kind == CONFER_MEDIA_DEVICE_SPEAKER))
    {
      g_autofree char *name = gst_device_get_display_name (device);

      if ((endpoint = gst_device_create_element (device, NULL)) == NULL)
        g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_MISSING_ELEMENT, "“%s” cannot be used", name);
      return endpoint;
    }
  description = default_description (kind, sources, camera_fd);
  endpoint = gst_parse_bin_from_description (description, TRUE, &parse_error);
  if (endpoint == NULL)
    g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_MISSING_ELEMENT, "%s (GStreamer pipeline “%s”)",
                 parse_error->message, description);
  return endpoint;
}

/* Links @endpoint, in @pipeline, to its place. */
static gboolean
link_place (GstElement             *pipeline,
            ConferMediaDeviceKind   kind,
            GstElement             *endpoint,
            GError                **error)
{
  g_autoptr(GstElement) place = gst_bin_get_by_name (GST_BIN (pipeline), places[kind]);
  gboolean sink = kind == CONFER_MEDIA_DEVICE_SPEAKER;
  g_autoptr(GstPad) place_pad = place != NULL ? gst_element_get_static_pad (place, sink ? "src" : "sink") : NULL;
  g_autoptr(GstPad) pad = gst_element_get_static_pad (endpoint, sink ? "sink" : "src");

  if (place_pad == NULL || pad == NULL ||
      (sink ? gst_pad_link (place_pad, pad) : gst_pad_link (pad, place_pad)) != GST_PAD_LINK_OK)
    {
      g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "Cannot link %s to %s",
                   GST_OBJECT_NAME (endpoint), places[kind]);
      return FALSE;
    }
  return TRUE;
}

/**
 * confer_call_endpoint_attach:
 * @pipeline: a call's pipeline, not started
 * @kind: where @endpoint goes
 * @endpoint: (transfer floating): from confer_call_endpoint_new()
 * @error: return location for a #GError
 *
 * Adds @endpoint to @pipeline and links it to its place.
 *
 * Returns: %TRUE once linked; %FALSE with %CONFER_MEDIA_ERROR_PIPELINE
 *   (@endpoint is then in @pipeline, unlinked)
 */
gboolean
confer_call_endpoint_attach (GstElement             *pipeline,
                             ConferMediaDeviceKind   kind,
                             GstElement             *endpoint,
                             GError                **error)
{
  g_return_val_if_fail (GST_IS_BIN (pipeline), FALSE);
  g_return_val_if_fail (GST_IS_ELEMENT (endpoint), FALSE);

  gst_bin_add (GST_BIN (pipeline), endpoint);
  return link_place (pipeline, kind, endpoint, error);
}

/* Each sink in @element (it, or in it if it is a bin) plays without
 * prerolling. A bin is made READY first so that an autoaudiosink has
 * chosen its sink. */
static void
play_at_once (GstElement *element)
{
  g_autoptr(GstIterator) children = NULL;
  GValue child = G_VALUE_INIT;

  if (GST_IS_BASE_SINK (element))
    gst_base_sink_set_async_enabled (GST_BASE_SINK (element), FALSE);
  if (!GST_IS_BIN (element))
    return;
  gst_element_set_state (element, GST_STATE_READY);
  children = gst_bin_iterate_recurse (GST_BIN (element));
  while (gst_iterator_next (children, &child) == GST_ITERATOR_OK)
    {
      GstElement *sink = g_value_get_object (&child);

      if (GST_IS_BASE_SINK (sink))
        gst_base_sink_set_async_enabled (GST_BASE_SINK (sink), FALSE);
      g_value_reset (&child);
    }
  g_value_unset (&child);
}

typedef struct
{
  GstElement *pipeline;
  GstElement *old;
  GstElement *endpoint;
} Swap;

static void
swap_free (gpointer data)
{
  Swap *swap = data;

  gst_object_unref (swap->pipeline);
  gst_object_unref (swap->old);
  gst_object_unref (swap->endpoint);
  g_free (swap);
}

/* The speaker's place is idle (or its streaming thread is between two
 * buffers): the sinks are swapped. */
static GstPadProbeReturn
swap_sink_cb (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         data)
{
  Swap *swap = data;
  g_autoptr(GError) error = NULL;

  gst_element_set_state (swap->old, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (swap->pipeline), swap->old);
  gst_bin_add (GST_BIN (swap->pipeline), swap->endpoint);
  if (!link_place (swap->pipeline, CONFER_MEDIA_DEVICE_SPEAKER, swap->endpoint, &error) ||
      !gst_element_sync_state_with_parent (swap->endpoint))
    g_warning ("The new speaker would not start: %s", error != NULL ? error->message : "its state");
  /* It has no latency yet: every sample would be late and dropped. The
   * call's bus handler has the pipeline's recalculated and given to it
   * (not here: the query would go upstream from inside this thread). */
  gst_element_post_message (swap->endpoint, gst_message_new_latency (GST_OBJECT (swap->endpoint)));
  return GST_PAD_PROBE_REMOVE;
}

/**
 * confer_call_endpoint_replace:
 * @pipeline: a call's pipeline, playing
 * @kind: where
 * @old: the endpoint there now (in @pipeline)
 * @endpoint: (transfer none): the one to put there instead, from
 *   confer_call_endpoint_new(), not in a bin yet
 * @error: return location for a #GError
 *
 * Puts @endpoint in @old's place while the call runs: a source at once,
 * the speaker between two buffers (soon after this returns).
 *
 * Returns: %TRUE once @endpoint is in place or about to be; %FALSE with
 *   %CONFER_MEDIA_ERROR_PIPELINE if a source would not link or start
 *   (@old is gone: the stream is silent, or its last frame stays, until
 *   another source replaces it)
 */
gboolean
confer_call_endpoint_replace (GstElement             *pipeline,
                              ConferMediaDeviceKind   kind,
                              GstElement             *old,
                              GstElement             *endpoint,
                              GError                **error)
{
  g_autoptr(GstElement) place = NULL;
  g_autoptr(GstPad) place_pad = NULL;
  Swap *swap;

  g_return_val_if_fail (GST_IS_BIN (pipeline), FALSE);
  g_return_val_if_fail (GST_IS_ELEMENT (old), FALSE);
  g_return_val_if_fail (GST_IS_ELEMENT (endpoint), FALSE);

  gst_object_ref_sink (endpoint);
  if (kind != CONFER_MEDIA_DEVICE_SPEAKER)
    {
      gboolean started;

      gst_element_set_state (old, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (pipeline), old);
      gst_bin_add (GST_BIN (pipeline), endpoint);
      started = link_place (pipeline, kind, endpoint, error) && gst_element_sync_state_with_parent (endpoint);
      gst_object_unref (endpoint);
      if (!started && error != NULL && *error == NULL)
        g_set_error (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE, "The new source would not start");
      return started;
    }
  play_at_once (endpoint);
  place = gst_bin_get_by_name (GST_BIN (pipeline), places[kind]);
  place_pad = gst_element_get_static_pad (place, "src");
  swap = g_new (Swap, 1);
  swap->pipeline = gst_object_ref (pipeline);
  swap->old = gst_object_ref (old);
  swap->endpoint = endpoint;
  gst_pad_add_probe (place_pad, GST_PAD_PROBE_TYPE_IDLE, swap_sink_cb, swap, swap_free);
  return TRUE;
}
