/* confer-chat-pane.h: the session's chat, beside its documents and boards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-chat-notify.h"
#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CHAT_PANE (confer_chat_pane_get_type ())

G_DECLARE_FINAL_TYPE (ConferChatPane, confer_chat_pane, CONFER, CHAT_PANE, GtkBox)

GtkWidget        *confer_chat_pane_new      (ConferClient     *client);
ConferClientChat *confer_chat_pane_get_chat (ConferChatPane   *self);
void              confer_chat_pane_focus    (ConferChatPane   *self);
void              confer_chat_pane_search   (ConferChatPane   *self);
void              confer_chat_pane_set_notify (ConferChatPane   *self,
                                               ConferChatNotify  notify);
ConferChatNotify  confer_chat_pane_get_notify (ConferChatPane   *self);

G_END_DECLS
