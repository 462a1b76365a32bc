/* confer-preferences.h: the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CONFER_TYPE_PREFERENCES (confer_preferences_get_type ())

G_DECLARE_FINAL_TYPE (ConferPreferences, confer_preferences, CONFER, PREFERENCES, AdwPreferencesWindow)

ConferPreferences *confer_preferences_new (GtkWindow  *parent,
                                           GSettings  *settings,
                                           const char *session_colour);

G_END_DECLS
