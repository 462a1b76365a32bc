/* confer-role.h: participant roles and what each may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ConferRole:
 * @CONFER_ROLE_OWNER: runs the session: everything an editor does, plus
 *   minting, listing and revoking invites
 * @CONFER_ROLE_EDITOR: creates, renames, deletes and edits documents
 * @CONFER_ROLE_COMMENTER: reads, and writes in the chat (comments arrive
 *   in a later version)
 * @CONFER_ROLE_VIEWER: reads
 * @CONFER_ROLE_GUEST: reads (guest rights arrive in a later version)
 *
 * What a participant may do in a session; the server checks it on every
 * message.
 */
typedef enum
{
  CONFER_ROLE_OWNER,
  CONFER_ROLE_EDITOR,
  CONFER_ROLE_COMMENTER,
  CONFER_ROLE_VIEWER,
  CONFER_ROLE_GUEST,
} ConferRole;

#define CONFER_N_ROLES 5

#define CONFER_TYPE_ROLE (confer_role_get_type ())

GType       confer_role_get_type         (void) G_GNUC_CONST;

const char *confer_role_to_string        (ConferRole   role);
gboolean    confer_role_from_string      (const char  *name,
                                          ConferRole  *role);
gboolean    confer_role_can_edit         (ConferRole   role);
gboolean    confer_role_can_draw         (ConferRole   role);
gboolean    confer_role_can_manage_docs  (ConferRole   role);
gboolean    confer_role_can_chat         (ConferRole   role);
gboolean    confer_role_can_invite       (ConferRole   role);
gboolean    confer_role_can_call         (ConferRole   role);
gboolean    confer_role_can_share_screen (ConferRole   role);
gboolean    confer_role_can_record       (ConferRole   role);
gboolean    confer_role_can_run_breakout (ConferRole   role);

G_END_DECLS
