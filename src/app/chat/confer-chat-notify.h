/* confer-chat-notify.h: which of a session's chat messages raise a
 * desktop notification, kept per session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"

G_BEGIN_DECLS

/**
 * ConferChatNotify:
 * @CONFER_CHAT_NOTIFY_ALL: every message of someone else
 * @CONFER_CHAT_NOTIFY_MENTIONS: only messages that mention this
 *   participant (the default)
 * @CONFER_CHAT_NOTIFY_NONE: none
 *
 * Which messages raise a desktop notification while the chat is not in
 * view (its window is not the active one, or the chat is hidden).
 */
typedef enum
{
  CONFER_CHAT_NOTIFY_ALL,
  CONFER_CHAT_NOTIFY_MENTIONS,
  CONFER_CHAT_NOTIFY_NONE,
} ConferChatNotify;

const char       *confer_chat_notify_to_string   (ConferChatNotify   notify);
gboolean          confer_chat_notify_from_string (const char        *text,
                                                  ConferChatNotify  *notify);
ConferChatNotify  confer_chat_notify_load        (GSettings         *settings,
                                                  const ConferLink  *link);
void              confer_chat_notify_save        (GSettings         *settings,
                                                  const ConferLink  *link,
                                                  ConferChatNotify   notify);
gboolean          confer_chat_mentions           (const char        *text,
                                                  const char        *name);

G_END_DECLS
