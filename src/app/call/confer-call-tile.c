/* confer-call-tile.c: one member of a call as the call view shows it:
 * their video, their name and whether they are muted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-call-texture.h"
#include "confer-call-tile.h"

/* A tile's smallest size, logical px: 16:9, two side by side in a 360 px
 * wide window. */
#define TILE_WIDTH  160
#define TILE_HEIGHT 90

/**
 * ConferCallTile:
 *
 * A member's tile: the last video frame received from them (a
 * #GdkMemoryTexture in a #GtkPicture, letterboxed), or their initials
 * while no video comes or their camera is off, and below it their name
 * and a muted microphone while they are muted. While they speak the tile
 * has an accent-coloured outline (the `speaking` style class) and its
 * accessible description says "Speaking".
 */
struct _ConferCallTile
{
  AdwBin      parent_instance;

  char       *member_id;
  GtkPicture *picture;
  AdwAvatar  *avatar;
  GtkLabel   *name_label;
  GtkWidget  *muted_icon;
  gboolean    camera_off;
  gboolean    has_frame;
  gboolean    compact;     /* in a strip: no taller than its least height */
  gboolean    speaking;
};

G_DEFINE_FINAL_TYPE (ConferCallTile, confer_call_tile, ADW_TYPE_BIN)

static void
confer_call_tile_finalize (GObject *object)
{
  ConferCallTile *self = CONFER_CALL_TILE (object);

  g_free (self->member_id);

  G_OBJECT_CLASS (confer_call_tile_parent_class)->finalize (object);
}

/* The tile lays out its one child (AdwBin's) itself, so that a compact
 * tile asks for no more height than its least: a frame's natural height
 * would make a strip of tiles as tall as its videos. (AdwBin's layout
 * manager would take the place of a measure vfunc.) */
static GtkSizeRequestMode
layout_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
layout_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (CONFER_CALL_TILE (widget)->compact && orientation == GTK_ORIENTATION_VERTICAL)
    *natural = *minimum;
}

static void
layout_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
confer_call_tile_class_init (ConferCallTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confer_call_tile_finalize;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "call-tile");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
confer_call_tile_init (ConferCallTile *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *caption = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_layout_manager (GTK_WIDGET (self), gtk_custom_layout_new (layout_request_mode, layout_measure,
                                                                          layout_allocate));
  gtk_widget_set_size_request (GTK_WIDGET (self), TILE_WIDTH, TILE_HEIGHT);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->picture), FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->picture), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Video"), -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->picture));

  self->avatar = ADW_AVATAR (adw_avatar_new (48, NULL, TRUE));
  gtk_widget_set_halign (GTK_WIDGET (self->avatar), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->avatar), GTK_ALIGN_CENTER);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->avatar));

  gtk_widget_add_css_class (caption, "call-tile-caption");
  gtk_widget_set_halign (caption, GTK_ALIGN_START);
  gtk_widget_set_valign (caption, GTK_ALIGN_END);
  gtk_widget_set_margin_start (caption, 6);
  gtk_widget_set_margin_bottom (caption, 6);
  self->muted_icon = gtk_image_new_from_icon_name ("microphone-disabled-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->muted_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Muted"), -1);
  gtk_widget_set_visible (self->muted_icon, FALSE);
  gtk_box_append (GTK_BOX (caption), self->muted_icon);
  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (caption), GTK_WIDGET (self->name_label));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), caption);

  adw_bin_set_child (ADW_BIN (self), overlay);
}

/* The picture while frames come and the camera is on, the initials
 * otherwise. */
static void
update_video (ConferCallTile *self)
{
  gboolean video = self->has_frame && !self->camera_off;

  gtk_widget_set_visible (GTK_WIDGET (self->picture), video);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), !video);
}

/**
 * confer_call_tile_new:
 * @member_id: the call member the tile shows (their member id in the
 *   call, not their participant id)
 *
 * Returns: (transfer floating): a tile with no name and no video yet
 *   (confer_call_tile_set_name())
 */
GtkWidget *
confer_call_tile_new (const char *member_id)
{
  ConferCallTile *self;

  g_return_val_if_fail (member_id != NULL, NULL);

  self = g_object_new (CONFER_TYPE_CALL_TILE, NULL);
  self->member_id = g_strdup (member_id);
  return GTK_WIDGET (self);
}

/**
 * confer_call_tile_get_member_id:
 * @self: a tile
 *
 * Returns: (transfer none): the member it shows
 */
const char *
confer_call_tile_get_member_id (ConferCallTile *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_TILE (self), NULL);

  return self->member_id;
}

/**
 * confer_call_tile_set_name:
 * @self: a tile
 * @label: (nullable): the name shown under the video ("You" on this
 *   side's own tile); %NULL shows none
 * @person: (nullable): the member's display name, whose initials show
 *   without video
 *
 * Sets the name under the video, which is also the tile's accessible
 * label, and the initials shown without video.
 */
void
confer_call_tile_set_name (ConferCallTile *self,
                           const char     *label,
                           const char     *person)
{
  g_return_if_fail (CONFER_IS_CALL_TILE (self));

  gtk_label_set_text (self->name_label, label != NULL ? label : "");
  adw_avatar_set_text (self->avatar, person);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : "", -1);
}

/**
 * confer_call_tile_set_muted:
 * @self: a tile
 * @muted: whether the member sends no audio
 *
 * Shows or hides the muted microphone next to the name.
 */
void
confer_call_tile_set_muted (ConferCallTile *self,
                            gboolean        muted)
{
  g_return_if_fail (CONFER_IS_CALL_TILE (self));

  gtk_widget_set_visible (self->muted_icon, muted);
}

/**
 * confer_call_tile_set_camera_off:
 * @self: a tile
 * @camera_off: whether the member's camera is off
 *
 * With the camera off the tile shows the member's initials instead of
 * the (black) frames that still arrive.
 */
void
confer_call_tile_set_camera_off (ConferCallTile *self,
                                 gboolean        camera_off)
{
  g_return_if_fail (CONFER_IS_CALL_TILE (self));

  self->camera_off = camera_off;
  update_video (self);
}

/**
 * confer_call_tile_set_compact:
 * @self: a tile
 * @compact: whether the tile sits in a strip (below a shared screen or
 *   the active speaker)
 *
 * A compact tile is no taller than its least height (90 px) and does not
 * expand vertically: its video's natural size and its picture's
 * expansion would otherwise make the strip as tall as the videos, or as
 * tall as what it sits below.
 */
void
confer_call_tile_set_compact (ConferCallTile *self,
                              gboolean        compact)
{
  g_return_if_fail (CONFER_IS_CALL_TILE (self));

  if (self->compact == !!compact)
    return;
  self->compact = !!compact;
  /* Nor does its video's picture make the strip take the height. */
  if (compact)
    gtk_widget_set_vexpand (GTK_WIDGET (self), FALSE);
  else
    gtk_widget_set_vexpand_set (GTK_WIDGET (self), FALSE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * confer_call_tile_set_speaking:
 * @self: a tile
 * @speaking: whether the member is speaking (#ConferCall::speaking-changed)
 *
 * Outlines the tile in the accent colour while the member speaks, and
 * says so in its accessible description.
 */
void
confer_call_tile_set_speaking (ConferCallTile *self,
                               gboolean        speaking)
{
  g_return_if_fail (CONFER_IS_CALL_TILE (self));

  speaking = !!speaking;
  if (speaking == self->speaking)
    return;
  self->speaking = speaking;
  if (speaking)
    gtk_widget_add_css_class (GTK_WIDGET (self), "speaking");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "speaking");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  speaking ? _("Speaking") : "", -1);
}

/**
 * confer_call_tile_get_speaking:
 * @self: a tile
 *
 * Returns: whether the tile shows its member speaking
 */
gboolean
confer_call_tile_get_speaking (ConferCallTile *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_TILE (self), FALSE);

  return self->speaking;
}

/**
 * confer_call_tile_set_frame:
 * @self: a tile
 * @sample: (nullable): a decoded video frame, RGBA (as
 *   confer_call_peer_get_frame() gives), any size; %NULL keeps the last
 *
 * Shows @sample (copied: confer_call_texture_new()).
 *
 * Returns: %TRUE if the frame was shown; %FALSE if it is not RGBA video
 */
gboolean
confer_call_tile_set_frame (ConferCallTile *self,
                            GstSample      *sample)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (CONFER_IS_CALL_TILE (self), FALSE);

  if (sample == NULL || (texture = confer_call_texture_new (sample)) == NULL)
    return FALSE;
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  self->has_frame = TRUE;
  update_video (self);
  return TRUE;
}
