/* confer-chat-markdown.h: a chat message's Markdown as Pango markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *confer_chat_markdown_to_pango (const char *text);

G_END_DECLS
