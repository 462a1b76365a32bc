/* confer-call-tile.h: one member of a call as the call view shows it:
 * their video, their name and whether they are muted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define CONFER_TYPE_CALL_TILE (confer_call_tile_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallTile, confer_call_tile, CONFER, CALL_TILE, AdwBin)

GtkWidget  *confer_call_tile_new          (const char     *member_id);
const char *confer_call_tile_get_member_id (ConferCallTile *self);
void        confer_call_tile_set_name     (ConferCallTile *self,
                                           const char     *label,
                                           const char     *person);
void        confer_call_tile_set_muted    (ConferCallTile *self,
                                           gboolean        muted);
void        confer_call_tile_set_camera_off (ConferCallTile *self,
                                           gboolean        camera_off);
void        confer_call_tile_set_compact  (ConferCallTile *self,
                                           gboolean        compact);
void        confer_call_tile_set_speaking (ConferCallTile *self,
                                           gboolean        speaking);
gboolean    confer_call_tile_get_speaking (ConferCallTile *self);
gboolean    confer_call_tile_set_frame    (ConferCallTile *self,
                                           GstSample      *sample);

G_END_DECLS
