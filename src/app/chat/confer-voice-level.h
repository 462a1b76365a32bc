/* confer-voice-level.h: the live level meter of a recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFER_TYPE_VOICE_LEVEL (confer_voice_level_get_type ())

G_DECLARE_FINAL_TYPE (ConferVoiceLevel, confer_voice_level, CONFER, VOICE_LEVEL, GtkWidget)

GtkWidget *confer_voice_level_new       (void);
void       confer_voice_level_set_value (ConferVoiceLevel *self,
                                         double            value);

G_END_DECLS
