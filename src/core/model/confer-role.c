/* confer-role.c: participant roles and what each may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-role"

#include "config.h"

#include "confer-role.h"

G_DEFINE_ENUM_TYPE (ConferRole, confer_role,
                    G_DEFINE_ENUM_VALUE (CONFER_ROLE_OWNER, "owner"),
                    G_DEFINE_ENUM_VALUE (CONFER_ROLE_EDITOR, "editor"),
                    G_DEFINE_ENUM_VALUE (CONFER_ROLE_COMMENTER, "commenter"),
                    G_DEFINE_ENUM_VALUE (CONFER_ROLE_VIEWER, "viewer"),
                    G_DEFINE_ENUM_VALUE (CONFER_ROLE_GUEST, "guest"))

static const char *role_names[CONFER_N_ROLES] = {
  "owner", "editor", "commenter", "viewer", "guest",
};

/**
 * confer_role_to_string:
 * @role: a role
 *
 * Returns: (transfer none): the role's wire name ("owner", "editor",
 *   "commenter", "viewer" or "guest")
 */
const char *
confer_role_to_string (ConferRole role)
{
  g_return_val_if_fail ((guint) role < CONFER_N_ROLES, "guest");

  return role_names[role];
}

/**
 * confer_role_from_string:
 * @name: a wire name
 * @role: (out): where to store the role
 *
 * Returns: %TRUE if @name is one of the five role names
 */
gboolean
confer_role_from_string (const char *name,
                         ConferRole *role)
{
  for (guint i = 0; name != NULL && i < CONFER_N_ROLES; i++)
    if (g_str_equal (name, role_names[i]))
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * confer_role_can_edit:
 * @role: a role
 *
 * Returns: %TRUE if @role may change the text of documents (owner, editor)
 */
gboolean
confer_role_can_edit (ConferRole role)
{
  return role == CONFER_ROLE_OWNER || role == CONFER_ROLE_EDITOR;
}

/**
 * confer_role_can_draw:
 * @role: a role
 *
 * Whiteboards follow documents: whoever may change a document's text may
 * draw on a board.
 *
 * Returns: %TRUE if @role may change the elements of boards (owner,
 *   editor), as confer_role_can_edit()
 */
gboolean
confer_role_can_draw (ConferRole role)
{
  return confer_role_can_edit (role);
}

/**
 * confer_role_can_manage_docs:
 * @role: a role
 *
 * Returns: %TRUE if @role may create, rename, delete and restore documents
 *   and list the deleted ones (owner, editor)
 */
gboolean
confer_role_can_manage_docs (ConferRole role)
{
  return role == CONFER_ROLE_OWNER || role == CONFER_ROLE_EDITOR;
}

/**
 * confer_role_can_chat:
 * @role: a role
 *
 * Returns: %TRUE if @role may write in the session's chat — send, react,
 *   edit and delete its own messages (owner, editor, commenter); everyone
 *   reads it
 */
gboolean
confer_role_can_chat (ConferRole role)
{
  return role == CONFER_ROLE_OWNER || role == CONFER_ROLE_EDITOR || role == CONFER_ROLE_COMMENTER;
}

/**
 * confer_role_can_invite:
 * @role: a role
 *
 * Returns: %TRUE if @role may mint, list and revoke invites (owner only)
 */
gboolean
confer_role_can_invite (ConferRole role)
{
  return role == CONFER_ROLE_OWNER;
}

/**
 * confer_role_can_call:
 * @role: a role
 *
 * A call is where a session's people talk: those who may write (owner,
 * editor, commenter) and the guests a meeting's link brings in. Viewers
 * read the session's items but stay out of its calls.
 *
 * Returns: %TRUE if @role may join calls, with its microphone and camera
 */
gboolean
confer_role_can_call (ConferRole role)
{
  return role == CONFER_ROLE_OWNER || role == CONFER_ROLE_EDITOR || role == CONFER_ROLE_COMMENTER ||
         role == CONFER_ROLE_GUEST;
}

/**
 * confer_role_can_share_screen:
 * @role: a role
 *
 * Returns: %TRUE if @role may share a screen in a call (owner, editor,
 *   commenter; not guests)
 */
gboolean
confer_role_can_share_screen (ConferRole role)
{
  return role == CONFER_ROLE_OWNER || role == CONFER_ROLE_EDITOR || role == CONFER_ROLE_COMMENTER;
}

/**
 * confer_role_can_record:
 * @role: a role
 *
 * Returns: %TRUE if @role may record a call (owner, editor): everyone in
 *   it is told while it runs
 */
gboolean
confer_role_can_record (ConferRole role)
{
  return role == CONFER_ROLE_OWNER || role == CONFER_ROLE_EDITOR;
}

/**
 * confer_role_can_run_breakout:
 * @role: a role
 *
 * Returns: %TRUE if @role may open a call's breakout rooms, move members
 *   between them and bring everyone back (owner only)
 */
gboolean
confer_role_can_run_breakout (ConferRole role)
{
  return role == CONFER_ROLE_OWNER;
}
