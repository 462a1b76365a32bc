/* confer-voice-player.h: a voice message played from memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFER_TYPE_VOICE_PLAYER (confer_voice_player_get_type ())
G_DECLARE_FINAL_TYPE (ConferVoicePlayer, confer_voice_player, CONFER, VOICE_PLAYER, GObject)

ConferVoicePlayer *confer_voice_player_new             (GBytes             *ogg,
                                                        GError            **error);
void               confer_voice_player_play            (ConferVoicePlayer  *self);
void               confer_voice_player_pause           (ConferVoicePlayer  *self);
gboolean           confer_voice_player_get_playing     (ConferVoicePlayer  *self);
void               confer_voice_player_seek            (ConferVoicePlayer  *self,
                                                        guint               position_ms);
void               confer_voice_player_set_rate        (ConferVoicePlayer  *self,
                                                        double              rate);
double             confer_voice_player_get_rate        (ConferVoicePlayer  *self);
guint              confer_voice_player_get_position_ms (ConferVoicePlayer  *self);
guint              confer_voice_player_get_duration_ms (ConferVoicePlayer  *self);

G_END_DECLS
