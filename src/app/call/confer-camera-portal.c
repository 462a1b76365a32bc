/* confer-camera-portal.c: the camera through the desktop's Camera portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-camera-portal"

#include "config.h"

#include <glib/gstdio.h>

#include "confer-camera-portal.h"

#ifdef HAVE_LIBPORTAL
#include <libportal-gtk4/portal-gtk4.h>
#endif

/**
 * ConferCameraPortal:
 *
 * Access to the camera through org.freedesktop.portal.Camera (libportal),
 * as a sandboxed app (Flatpak) must and an app on a desktop with
 * xdg-desktop-portal should: the portal asks the user once
 * (`AccessCamera`), then opens a PipeWire remote that shows this app the
 * cameras only (`OpenPipeWireRemote`); a call captures through it
 * (#ConferCall:camera-fd, `pipewiresrc`). Where there is no portal (the
 * session bus has no org.freedesktop.portal.Desktop, or it has no Camera
 * interface: confer_camera_portal_is_missing()), the call uses the
 * devices directly (`v4l2src`, or the camera chosen). Without libportal
 * at build time, there is never a portal.
 *
 * The remote stays open until confer_camera_portal_close() or the object
 * goes.
 */
struct _ConferCameraPortal
{
  GObject    parent_instance;

#ifdef HAVE_LIBPORTAL
  XdpPortal *portal;
#endif
  int        fd;   /* the PipeWire remote, or -1 */
};

G_DEFINE_FINAL_TYPE (ConferCameraPortal, confer_camera_portal, G_TYPE_OBJECT)

static void
confer_camera_portal_dispose (GObject *object)
{
  ConferCameraPortal *self = CONFER_CAMERA_PORTAL (object);

  confer_camera_portal_close (self);
#ifdef HAVE_LIBPORTAL
  g_clear_object (&self->portal);
#endif

  G_OBJECT_CLASS (confer_camera_portal_parent_class)->dispose (object);
}

static void
confer_camera_portal_class_init (ConferCameraPortalClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_camera_portal_dispose;
}

static void
confer_camera_portal_init (ConferCameraPortal *self)
{
  self->fd = -1;
}

/**
 * confer_camera_portal_new:
 *
 * Returns: (transfer full): access to the camera, not asked for yet
 */
ConferCameraPortal *
confer_camera_portal_new (void)
{
  return g_object_new (CONFER_TYPE_CAMERA_PORTAL, NULL);
}

#ifdef HAVE_LIBPORTAL
static void
accessed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  ConferCameraPortal *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!xdp_portal_access_camera_finish (XDP_PORTAL (source), result, &error) ||
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  confer_camera_portal_close (self);
  self->fd = xdp_portal_open_pipewire_remote_for_camera (XDP_PORTAL (source));
  if (self->fd < 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "The Camera portal gave no PipeWire remote");
  else
    g_task_return_int (task, self->fd);
}
#endif

/**
 * confer_camera_portal_open_async:
 * @self: access to the camera
 * @parent: (nullable): the window asking, for the portal's dialog
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the camera can be used, or cannot
 * @user_data: data for @callback
 *
 * Asks the Camera portal for the camera (the user may be asked, once),
 * then opens its PipeWire remote. A remote already open is closed first.
 */
void
confer_camera_portal_open_async (ConferCameraPortal  *self,
                                 GtkWindow           *parent,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CONFER_IS_CAMERA_PORTAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_camera_portal_open_async);
#ifdef HAVE_LIBPORTAL
  /* The parent lives as long as the question, as for the ScreenCast
   * portal (confer-screen-share.c). */
  g_task_set_task_data (task, parent != NULL ? xdp_parent_new_gtk (parent) : NULL, (GDestroyNotify) xdp_parent_free);
  if (self->portal == NULL)
    self->portal = xdp_portal_new ();
  /* No cancellable: libportal 0.6 (Debian 12) disconnects its handler
   * from a NULL instance when a call given one fails (no portal), a
   * critical. The task is cancelled all the same (GTask checks its
   * cancellable when the answer is propagated). */
  xdp_portal_access_camera (self->portal, g_task_get_task_data (task), XDP_CAMERA_FLAG_NONE, NULL, accessed_cb,
                            g_object_ref (task));
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Confer was built without libportal");
#endif
}

/**
 * confer_camera_portal_open_finish:
 * @self: access to the camera
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: the PipeWire remote (#ConferCameraPortal keeps it open;
 *   #ConferCall:camera-fd), or -1 with %G_IO_ERROR_CANCELLED (the user
 *   refused, or @cancellable), %G_IO_ERROR_FAILED (the portal could not
 *   give the camera: there is none), or an error for which
 *   confer_camera_portal_is_missing() is true
 */
int
confer_camera_portal_open_finish (ConferCameraPortal  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return (int) g_task_propagate_int (G_TASK (result), error);
}

/**
 * confer_camera_portal_is_missing:
 * @error: an error of confer_camera_portal_open_finish()
 *
 * Returns: whether @error says there is no Camera portal to ask (no
 *   portal service on the session bus, a portal without the Camera
 *   interface, no session bus, or no libportal at build time), so that
 *   the devices are to be used directly
 */
gboolean
confer_camera_portal_is_missing (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  /* libportal passes the bus's errors on as they come. */
  return error->domain == G_DBUS_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/**
 * confer_camera_portal_close:
 * @self: access to the camera
 *
 * Closes the PipeWire remote, if one is open (once the call that used it
 * stopped).
 */
void
confer_camera_portal_close (ConferCameraPortal *self)
{
  g_return_if_fail (CONFER_IS_CAMERA_PORTAL (self));

  if (self->fd >= 0)
    g_close (self->fd, NULL);
  self->fd = -1;
}
