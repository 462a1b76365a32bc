/* confer-chat.h: what a chat message may say: its text, its reactions,
 * its limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/** CONFER_CHAT_MAX_TEXT: the longest chat message, in code points */
#define CONFER_CHAT_MAX_TEXT        10000
/** CONFER_CHAT_MAX_ATTACHMENTS: blobs one chat message may carry */
#define CONFER_CHAT_MAX_ATTACHMENTS 10
/** CONFER_CHAT_MAX_REACTIONS: different emoji on one chat message */
#define CONFER_CHAT_MAX_REACTIONS   50
/** CONFER_CHAT_MAX_PAGE: the most messages one `chat.open` or
 * `chat.history` answer carries */
#define CONFER_CHAT_MAX_PAGE        200
/** CONFER_CHAT_DEFAULT_PAGE: messages a page carries when the request
 * does not say */
#define CONFER_CHAT_DEFAULT_PAGE    50
/** CONFER_CHAT_MAX_RESULTS: the most messages `chat.search` answers */
#define CONFER_CHAT_MAX_RESULTS     50
/** CONFER_CHAT_MAX_QUERY: the longest search query, in code points */
#define CONFER_CHAT_MAX_QUERY       256
/** CONFER_CHAT_MAX_EMOJI: the longest emoji taken, in bytes (the longest
 * RGI ZWJ sequences are 35) */
#define CONFER_CHAT_MAX_EMOJI       64
/** CONFER_CHAT_MAX_VOICE_MS: the longest voice message a chat message may
 * describe, in milliseconds: the 5 minutes a recording lasts at most, and
 * a second more for what an encoder adds at either end */
#define CONFER_CHAT_MAX_VOICE_MS    (5 * 60 * 1000 + 1000)
/** CONFER_CHAT_MAX_WAVEFORM: the most peaks a voice message's waveform
 * holds (Confer's recordings have 100) */
#define CONFER_CHAT_MAX_WAVEFORM    256

/**
 * ConferChatEventKind:
 * @CONFER_CHAT_EVENT_MESSAGE: `message`: a message was sent
 * @CONFER_CHAT_EVENT_EDIT: `edit`: its author changed its text
 * @CONFER_CHAT_EVENT_DELETE: `delete`: it was deleted (a tombstone stays)
 * @CONFER_CHAT_EVENT_REACT: `react`: a reaction was added or taken back
 *
 * What a chat event did to its message; each has a session-wide sequence
 * number.
 */
typedef enum
{
  CONFER_CHAT_EVENT_MESSAGE,
  CONFER_CHAT_EVENT_EDIT,
  CONFER_CHAT_EVENT_DELETE,
  CONFER_CHAT_EVENT_REACT,
} ConferChatEventKind;

const char *confer_chat_event_kind_to_string   (ConferChatEventKind  kind);
gboolean    confer_chat_event_kind_from_string (const char          *name,
                                                ConferChatEventKind *kind);

gboolean  confer_chat_check_text  (const char  *text,
                                   GError     **error);
gboolean  confer_chat_is_emoji    (const char  *text);

gboolean    confer_chat_read_voice    (JsonNode    *node,
                                       guint       *duration_ms,
                                       GBytes     **waveform,
                                       GError     **error);
JsonObject *confer_chat_voice_to_json (guint        duration_ms,
                                       GBytes      *waveform);

G_END_DECLS
