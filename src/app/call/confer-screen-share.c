/* confer-screen-share.c: choosing what to share and giving it to the
 * call: the whole X11 screen, or the ScreenCast portal's choice on Wayland
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-screen-share"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "confer-screen-share.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#ifdef HAVE_LIBPORTAL
#include <libportal-gtk4/portal-gtk4.h>
#endif

/**
 * ConferScreenShare:
 *
 * Starts and stops sharing a screen in a #ConferCall. On X11 the whole
 * screen is shared at once (confer_call_share_x11_screen()). Elsewhere
 * (Wayland, or a sandbox) the desktop's ScreenCast portal
 * (org.freedesktop.portal.ScreenCast, through libportal) asks the user
 * which monitor or window to share, embedding the pointer; its PipeWire
 * stream goes to confer_call_share_pipewire_screen(), and the portal's
 * session stays open while sharing. Without libportal at build time only
 * X11 can share.
 */
struct _ConferScreenShare
{
  GObject     parent_instance;

  ConferCall *engine;
#ifdef HAVE_LIBPORTAL
  XdpPortal  *portal;
  XdpSession *session;     /* open while the portal's stream is shared */
  int         fd;          /* its PipeWire remote, or -1 */
#endif
};

G_DEFINE_FINAL_TYPE (ConferScreenShare, confer_screen_share, G_TYPE_OBJECT)

static void
confer_screen_share_dispose (GObject *object)
{
  ConferScreenShare *self = CONFER_SCREEN_SHARE (object);

  if (self->engine != NULL)
    confer_screen_share_stop (self);
  g_clear_object (&self->engine);
#ifdef HAVE_LIBPORTAL
  g_clear_object (&self->portal);
#endif

  G_OBJECT_CLASS (confer_screen_share_parent_class)->dispose (object);
}

static void
confer_screen_share_class_init (ConferScreenShareClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_screen_share_dispose;
}

static void
confer_screen_share_init (ConferScreenShare *self)
{
#ifdef HAVE_LIBPORTAL
  self->fd = -1;
#endif
}

/**
 * confer_screen_share_new:
 * @engine: a started call that may share a screen
 *   (#ConferCall:can-share-screen)
 *
 * Returns: (transfer full): a way to share a screen in @engine
 */
ConferScreenShare *
confer_screen_share_new (ConferCall *engine)
{
  ConferScreenShare *self = g_object_new (CONFER_TYPE_SCREEN_SHARE, NULL);

  g_return_val_if_fail (CONFER_IS_CALL (engine), NULL);

  self->engine = g_object_ref (engine);
  return self;
}

#ifdef HAVE_LIBPORTAL
static void
session_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  ConferScreenShare *self = g_task_get_source_object (task);
  XdpSession *session = XDP_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) streams = NULL;
  g_autoptr(GVariant) properties = NULL;
  guint32 node;
  int fd;

  if (!xdp_session_start_finish (session, result, &error))
    {
      xdp_session_close (session);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* a(ua{sv}): each stream's PipeWire node and its properties; the
   * session was made for one. */
  streams = xdp_session_get_streams (session);
  if (streams == NULL || g_variant_n_children (streams) == 0)
    {
      xdp_session_close (session);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Nothing was chosen to share");
      return;
    }
  g_variant_get_child (streams, 0, "(u@a{sv})", &node, &properties);
  fd = xdp_session_open_pipewire_remote (session);
  if (fd < 0 || !confer_call_share_pipewire_screen (self->engine, fd, node, &error))
    {
      if (fd >= 0)
        g_close (fd, NULL);
      xdp_session_close (session);
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error)
                                               : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                                      "The portal gave no PipeWire stream"));
      return;
    }
  self->session = g_object_ref (session);
  self->fd = fd;
  g_task_return_boolean (task, TRUE);
}

static void
session_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(XdpSession) session = xdp_portal_create_screencast_session_finish (XDP_PORTAL (source), result, &error);
  XdpParent *parent;

  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  parent = g_task_get_task_data (task);
  xdp_session_start (session, parent, g_task_get_cancellable (task), session_started_cb, g_object_ref (task));
}
#endif

/**
 * confer_screen_share_start_async:
 * @self: a screen share, not sharing
 * @parent: (nullable): the window asking, for the portal's dialog
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once sharing started, or could not
 * @user_data: data for @callback
 *
 * Shares the whole screen on X11 at once; elsewhere asks the ScreenCast
 * portal, whose dialog lets the user choose a monitor or a window.
 */
void
confer_screen_share_start_async (ConferScreenShare   *self,
                                 GtkWindow           *parent,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GdkDisplay *display = parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent)) : gdk_display_get_default ();

  g_return_if_fail (CONFER_IS_SCREEN_SHARE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_screen_share_start_async);
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    {
      if (confer_call_share_x11_screen (self->engine, 0, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
#endif
#ifdef HAVE_LIBPORTAL
  if (self->portal == NULL)
    self->portal = xdp_portal_new ();
  g_task_set_task_data (task, parent != NULL ? xdp_parent_new_gtk (parent) : NULL, (GDestroyNotify) xdp_parent_free);
  xdp_portal_create_screencast_session (self->portal, XDP_OUTPUT_MONITOR | XDP_OUTPUT_WINDOW, XDP_SCREENCAST_FLAG_NONE,
                                        XDP_CURSOR_MODE_EMBEDDED, XDP_PERSIST_MODE_NONE, NULL, cancellable,
                                        session_created_cb, g_steal_pointer (&task));
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Sharing a screen here needs the desktop's screen-sharing portal, which this build of "
                             "Confer cannot use"));
#endif
}

/**
 * confer_screen_share_start_finish:
 * @self: a screen share
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the screen is shared; %FALSE with
 *   %G_IO_ERROR_CANCELLED (the user closed the portal's dialog),
 *   %G_IO_ERROR_NOT_SUPPORTED (no portal), or the engine's
 *   %CONFER_MEDIA_ERROR
 */
gboolean
confer_screen_share_start_finish (ConferScreenShare  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * confer_screen_share_stop:
 * @self: a screen share
 *
 * Stops sharing (confer_call_stop_sharing()) and closes the portal's
 * session, if one is open.
 */
void
confer_screen_share_stop (ConferScreenShare *self)
{
  g_return_if_fail (CONFER_IS_SCREEN_SHARE (self));

  confer_call_stop_sharing (self->engine);
#ifdef HAVE_LIBPORTAL
  if (self->session != NULL)
    xdp_session_close (self->session);
  g_clear_object (&self->session);
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  self->fd = -1;
#endif
}
