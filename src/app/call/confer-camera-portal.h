/* confer-camera-portal.h: the camera through the desktop's Camera portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFER_TYPE_CAMERA_PORTAL (confer_camera_portal_get_type ())

G_DECLARE_FINAL_TYPE (ConferCameraPortal, confer_camera_portal, CONFER, CAMERA_PORTAL, GObject)

ConferCameraPortal *confer_camera_portal_new         (void);
void                confer_camera_portal_open_async  (ConferCameraPortal  *self,
                                                      GtkWindow           *parent,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
int                 confer_camera_portal_open_finish (ConferCameraPortal  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean            confer_camera_portal_is_missing  (const GError        *error);
void                confer_camera_portal_close       (ConferCameraPortal  *self);

G_END_DECLS
