/* confer-role-text.c: roles as people read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-role-text"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-role-text.h"

static const struct
{
  const char *role;
  const char *name;
  const char *description;
} roles[] = {
  { "owner",     N_("Owner"),     N_("Owners change documents and invite people") },
  { "editor",    N_("Editor"),    N_("Editors make, rename, delete and change documents") },
  { "commenter", N_("Commenter"), N_("Commenters read documents; comments are coming") },
  { "viewer",    N_("Viewer"),    N_("Viewers read documents and see who is there") },
  { "guest",     N_("Guest"),     N_("Guests read documents, for a visit") },
};

/**
 * confer_role_text_name:
 * @role: a role's wire name (`editor`…)
 *
 * Returns: (transfer none): its translated name (“Editor”), or @role itself
 *   if Confer does not know it
 */
const char *
confer_role_text_name (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i].role, role) == 0)
      return _(roles[i].name);
  return role;
}

/**
 * confer_role_text_describe:
 * @role: a role's wire name
 *
 * Returns: (transfer none): one translated line saying what the role may
 *   do (the roles table of docs/protocol.md), or "" for an unknown role
 */
const char *
confer_role_text_describe (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i].role, role) == 0)
      return _(roles[i].description);
  return "";
}
