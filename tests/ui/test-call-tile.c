/* test-call-tile.c: a call tile shows the frames it is given, and who
 * speaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/video/video.h>
#include <string.h>

#include "confer-call-tile.h"

/* An RGBA sample of @width × @height, every pixel @rgba, rows padded to
 * @stride bytes as a decoder may pad them. */
static GstSample *
solid_sample (guint        width,
              guint        height,
              guint        stride,
              const guint8 rgba[4])
{
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGBA",
                                                 "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                                                 "framerate", GST_TYPE_FRACTION, 30, 1, NULL);
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, (gsize) stride * height, NULL);
  gsize offsets[GST_VIDEO_MAX_PLANES] = { 0 };
  int strides[GST_VIDEO_MAX_PLANES] = { (int) stride };
  GstMapInfo map;
  GstSample *sample;

  g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_WRITE));
  memset (map.data, 0xee, map.size);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      memcpy (map.data + (gsize) y * stride + x * 4, rgba, 4);
  gst_buffer_unmap (buffer, &map);
  gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_FORMAT_RGBA, width, height, 1,
                                  offsets, strides);
  sample = gst_sample_new (buffer, caps, NULL, NULL);
  gst_buffer_unref (buffer);
  return sample;
}

static GtkPicture *
find_picture (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return GTK_PICTURE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkPicture *found = find_picture (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A padded 8 × 6 yellow frame becomes an 8 × 6 yellow texture, shown
 * while the camera is on; other formats are refused; the tile is freed
 * with its last frame. */
static void
test_frame (void)
{
  const guint8 yellow[4] = { 255, 255, 0, 255 };
  ConferCallTile *tile = g_object_ref_sink (CONFER_CALL_TILE (confer_call_tile_new ("member-1")));
  g_autoptr(GstSample) sample = solid_sample (8, 6, 40, yellow);
  g_autoptr(GstCaps) i420 = gst_caps_from_string ("video/x-raw,format=I420,width=8,height=6,framerate=30/1");
  g_autoptr(GstBuffer) empty = gst_buffer_new_allocate (NULL, 8 * 6 * 3 / 2, NULL);
  g_autoptr(GstSample) wrong = gst_sample_new (empty, i420, NULL, NULL);
  GtkPicture *picture = find_picture (GTK_WIDGET (tile));
  GdkTexture *texture;
  guint8 pixels[8 * 6 * 4];

  g_assert_nonnull (picture);
  g_assert_cmpstr (confer_call_tile_get_member_id (tile), ==, "member-1");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (picture)));
  g_assert_false (confer_call_tile_set_frame (tile, wrong));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (picture)));

  g_assert_true (confer_call_tile_set_frame (tile, sample));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (picture)));
  texture = GDK_TEXTURE (gtk_picture_get_paintable (picture));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 8);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 6);
  gdk_texture_download (texture, pixels, 8 * 4);
  for (guint i = 0; i < 8 * 6; i++)
    {
      /* gdk_texture_download() gives Cairo's ARGB32: B, G, R, A in memory
       * on a little-endian machine. */
      guint32 argb = *(guint32 *) (pixels + i * 4);

      g_assert_cmphex (argb, ==, 0xffffff00);
    }

  confer_call_tile_set_camera_off (tile, TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (picture)));
  confer_call_tile_set_camera_off (tile, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (picture)));
  g_assert_finalize_object (tile);
}

/* Speaking outlines the tile (its `speaking` style class) until it
 * stops; saying the same twice changes nothing. */
static void
test_speaking (void)
{
  ConferCallTile *tile = g_object_ref_sink (CONFER_CALL_TILE (confer_call_tile_new ("member-1")));

  g_assert_false (confer_call_tile_get_speaking (tile));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "speaking"));
  confer_call_tile_set_speaking (tile, TRUE);
  confer_call_tile_set_speaking (tile, TRUE);
  g_assert_true (confer_call_tile_get_speaking (tile));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "speaking"));
  confer_call_tile_set_speaking (tile, FALSE);
  g_assert_false (confer_call_tile_get_speaking (tile));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "speaking"));
  g_assert_finalize_object (tile);
}

/* With a 320 × 180 frame, a tile 480 px wide asks for its frame's shape
 * (270 px) and expands; compact (in a strip), it asks for no more than
 * its least height and does not expand; back in the grid, as before. */
static void
test_compact (void)
{
  const guint8 yellow[4] = { 255, 255, 0, 255 };
  ConferCallTile *tile = g_object_ref_sink (CONFER_CALL_TILE (confer_call_tile_new ("member-1")));
  g_autoptr(GstSample) sample = solid_sample (320, 180, 320 * 4, yellow);
  int minimum, natural;

  g_assert_true (confer_call_tile_set_frame (tile, sample));
  gtk_widget_measure (GTK_WIDGET (tile), GTK_ORIENTATION_VERTICAL, 480, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, >=, 270);
  g_assert_true (gtk_widget_compute_expand (GTK_WIDGET (tile), GTK_ORIENTATION_VERTICAL));

  confer_call_tile_set_compact (tile, TRUE);
  gtk_widget_measure (GTK_WIDGET (tile), GTK_ORIENTATION_VERTICAL, 480, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <=, 90);
  g_assert_cmpint (natural, <=, 90);
  g_assert_false (gtk_widget_compute_expand (GTK_WIDGET (tile), GTK_ORIENTATION_VERTICAL));

  confer_call_tile_set_compact (tile, FALSE);
  gtk_widget_measure (GTK_WIDGET (tile), GTK_ORIENTATION_VERTICAL, 480, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, >=, 270);
  g_assert_true (gtk_widget_compute_expand (GTK_WIDGET (tile), GTK_ORIENTATION_VERTICAL));
  g_assert_finalize_object (tile);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/call-tile/frame", test_frame);
  g_test_add_func ("/ui/call-tile/speaking", test_speaking);
  g_test_add_func ("/ui/call-tile/compact", test_compact);
  return g_test_run ();
}
