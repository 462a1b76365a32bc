/* confer-role-text.c: roles as people read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-role-text"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-role-text.h"

/* In the order of #ConferRole. */
static const struct
{
  const char *name;
  const char *description;
} roles[CONFER_N_ROLES] = {
  [CONFER_ROLE_OWNER]     = { N_("Owner"),     N_("Owners change documents and invite people") },
  [CONFER_ROLE_EDITOR]    = { N_("Editor"),    N_("Editors make, rename, delete and change documents") },
  [CONFER_ROLE_COMMENTER] = { N_("Commenter"), N_("Commenters read documents; comments are coming") },
  [CONFER_ROLE_VIEWER]    = { N_("Viewer"),    N_("Viewers read documents and see who is there") },
  [CONFER_ROLE_GUEST]     = { N_("Guest"),     N_("Guests read documents, for a visit") },
};

/**
 * confer_role_text_name:
 * @role: a role
 *
 * Returns: (transfer none): its translated name (“Editor”)
 */
const char *
confer_role_text_name (ConferRole role)
{
  g_return_val_if_fail ((guint) role < CONFER_N_ROLES, "");

  return _(roles[role].name);
}

/**
 * confer_role_text_describe:
 * @role: a role
 *
 * Returns: (transfer none): one translated line saying what the role may
 *   do (the roles table of docs/protocol.md)
 */
const char *
confer_role_text_describe (ConferRole role)
{
  g_return_val_if_fail ((guint) role < CONFER_N_ROLES, "");

  return _(roles[role].description);
}
