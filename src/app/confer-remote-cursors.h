/* confer-remote-cursors.h: other participants' cursors in an editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_REMOTE_CURSORS (confer_remote_cursors_get_type ())

G_DECLARE_FINAL_TYPE (ConferRemoteCursors, confer_remote_cursors, CONFER, REMOTE_CURSORS, GObject)

ConferRemoteCursors *confer_remote_cursors_new        (GtkTextView         *view,
                                                       ConferClient        *client,
                                                       ConferClientDoc     *doc);
gboolean             confer_remote_cursors_get_offset (ConferRemoteCursors *self,
                                                       const char          *participant,
                                                       int                 *offset);
gboolean             confer_remote_cursors_scroll_to  (ConferRemoteCursors *self,
                                                       const char          *participant);

G_END_DECLS
