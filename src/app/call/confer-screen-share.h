/* confer-screen-share.h: choosing what to share and giving it to the
 * call: the whole X11 screen, or the ScreenCast portal's choice on Wayland
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-media.h"

G_BEGIN_DECLS

#define CONFER_TYPE_SCREEN_SHARE (confer_screen_share_get_type ())

G_DECLARE_FINAL_TYPE (ConferScreenShare, confer_screen_share, CONFER, SCREEN_SHARE, GObject)

ConferScreenShare *confer_screen_share_new          (ConferCall         *engine);
void               confer_screen_share_start_async  (ConferScreenShare  *self,
                                                     GtkWindow          *parent,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean           confer_screen_share_start_finish (ConferScreenShare  *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
void               confer_screen_share_stop         (ConferScreenShare  *self);

G_END_DECLS
