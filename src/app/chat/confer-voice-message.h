/* confer-voice-message.h: a voice message in a chat row — play or pause,
 * its waveform to seek on, its time, whether it was played, the speed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-chat-attachments.h"

G_BEGIN_DECLS

#define CONFER_TYPE_VOICE_MESSAGE (confer_voice_message_get_type ())

G_DECLARE_FINAL_TYPE (ConferVoiceMessage, confer_voice_message, CONFER, VOICE_MESSAGE, GtkBox)

GtkWidget *confer_voice_message_new (ConferChatAttachments *attachments,
                                     ConferChatMessage     *message);

G_END_DECLS
