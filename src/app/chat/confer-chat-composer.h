/* confer-chat-composer.h: where a chat message is written, with its
 * participants' names completed after "@"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_COMPOSER (confer_chat_composer_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatComposer, confer_chat_composer, CONFER, CHAT_COMPOSER, GtkWidget)

GtkWidget *confer_chat_composer_new            (ConferClient       *client,
                                                ConferClientChat   *chat,
                                                const char         *label);
char      *confer_chat_composer_get_text       (ConferChatComposer *self);
void       confer_chat_composer_set_text       (ConferChatComposer *self,
                                                const char         *text);
void       confer_chat_composer_set_error      (ConferChatComposer *self,
                                                const char         *message);
gboolean   confer_chat_composer_get_completing (ConferChatComposer *self);
GListModel *confer_chat_composer_get_completions (ConferChatComposer *self);

G_END_DECLS
