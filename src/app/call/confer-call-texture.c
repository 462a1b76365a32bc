/* confer-call-texture.c: a decoded video frame of a call as a texture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-texture"

#include "config.h"

#include <gst/video/video.h>

#include "confer-call-texture.h"

/**
 * confer_call_texture_new:
 * @sample: a decoded video frame, 8-bit RGBA (as
 *   confer_call_peer_get_frame() gives), any size and row stride
 *
 * Copies @sample's pixels into a #GdkMemoryTexture (Debian 12's GTK has
 * no GStreamer paintable sink): the buffer is not kept, so the decoder
 * may reuse it.
 *
 * Returns: (transfer full) (nullable): the texture, or %NULL if @sample
 *   is not RGBA video
 */
GdkTexture *
confer_call_texture_new (GstSample *sample)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  g_return_val_if_fail (sample != NULL, NULL);

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_RGBA
      || !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return NULL;
  bytes = g_bytes_new (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                       (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0) * GST_VIDEO_FRAME_HEIGHT (&frame));
  texture = gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
                                    GDK_MEMORY_R8G8B8A8, bytes, GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));
  gst_video_frame_unmap (&frame);
  return texture;
}
