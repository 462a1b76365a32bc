/* confer-call-view.h: the session's call: joining and leaving it, muting,
 * the camera, and a tile per member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CALL_VIEW (confer_call_view_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallView, confer_call_view, CONFER, CALL_VIEW, AdwBin)

GtkWidget    *confer_call_view_new         (void);
void          confer_call_view_set_client  (ConferCallView *self,
                                            ConferClient   *client);
GActionGroup *confer_call_view_get_actions (ConferCallView *self);
GMenuModel   *confer_call_view_get_devices_menu (ConferCallView *self);
gboolean      confer_call_view_get_joined  (ConferCallView *self);
gboolean      confer_call_view_get_presenting (ConferCallView *self);
guint         confer_call_view_get_n_members (ConferCallView *self);
gboolean      confer_call_view_get_recorded  (ConferCallView *self);
char         *confer_call_view_dup_recorders (ConferCallView *self);

G_END_DECLS
