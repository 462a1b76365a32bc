/* confer-model-private.h: what the model's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *@field with a copy of @value; %TRUE if it changed (then the
 * caller notifies). GLib 2.76's g_set_str(), which Debian 12 lacks. */
static inline gboolean
confer_model_set_string (char       **field,
                         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

G_END_DECLS
