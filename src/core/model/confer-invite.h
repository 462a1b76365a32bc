/* confer-invite.h: an invite to a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "confer-role.h"

G_BEGIN_DECLS

#define CONFER_TYPE_INVITE (confer_invite_get_type ())

G_DECLARE_FINAL_TYPE (ConferInvite, confer_invite, CONFER, INVITE, GObject)

ConferInvite *confer_invite_new_from_json (JsonObject    *object,
                                           GError       **error);
const char   *confer_invite_get_id        (ConferInvite  *self);
ConferRole    confer_invite_get_role      (ConferInvite  *self);
gint64        confer_invite_get_expires   (ConferInvite  *self);
guint         confer_invite_get_max_uses  (ConferInvite  *self);
guint         confer_invite_get_uses      (ConferInvite  *self);
gboolean      confer_invite_get_revoked   (ConferInvite  *self);
gint64        confer_invite_get_created   (ConferInvite  *self);
const char   *confer_invite_get_link      (ConferInvite  *self);
void          confer_invite_set_link      (ConferInvite  *self,
                                           const char    *link);
gboolean      confer_invite_is_live       (ConferInvite  *self,
                                           gint64         now);

G_END_DECLS
