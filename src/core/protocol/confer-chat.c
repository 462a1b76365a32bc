/* confer-chat.c: what a chat message may say: the text check and the
 * one-emoji check, and what a voice message says of itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat"

#include "config.h"

#include <string.h>

#include "confer-chat.h"
#include "confer-protocol.h"

static const char *const event_kinds[] = { "message", "edit", "delete", "react" };

/**
 * confer_chat_event_kind_to_string:
 * @kind: a chat event kind
 *
 * Returns: (transfer none): its wire name
 */
const char *
confer_chat_event_kind_to_string (ConferChatEventKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (event_kinds), "message");

  return event_kinds[kind];
}

/**
 * confer_chat_event_kind_from_string:
 * @name: (nullable): a wire name
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @name is a chat event kind
 */
gboolean
confer_chat_event_kind_from_string (const char          *name,
                                    ConferChatEventKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (event_kinds); i++)
    if (g_str_equal (name, event_kinds[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* Bidirectional embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and
 * isolates (LRI, RLI, FSI, PDI): text that reorders what follows it, the
 * "Trojan Source" characters (CVE-2021-42574). */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * confer_chat_check_text:
 * @text: the text of a chat message as it arrived (any bytes, NUL-ended)
 * @error: return location for a #GError
 *
 * Checks a chat message's text (Markdown source): valid UTF-8; something
 * other than white space; at most %CONFER_CHAT_MAX_TEXT code points; no
 * C0 or C1 control characters (U+0000–U+001F, U+007F–U+009F) but newline
 * and tab; no bidirectional embedding, override or isolate characters
 * (U+202A–U+202E, U+2066–U+2069), which would make a message read
 * differently from what it holds (CVE-2021-42574).
 *
 * Returns: %TRUE if the text may be sent; %FALSE with
 *   %CONFER_PROTOCOL_ERROR_TOO_LARGE (too long) or
 *   %CONFER_PROTOCOL_ERROR_BAD_MESSAGE (the rest), saying why
 */
gboolean
confer_chat_check_text (const char  *text,
                        GError     **error)
{
  gboolean blank = TRUE;
  guint n_chars = 0;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "The message is not valid UTF-8");
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n_chars > CONFER_CHAT_MAX_TEXT)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                       "A message has at most %d characters", CONFER_CHAT_MAX_TEXT);
          return FALSE;
        }
      if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F))
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "The message holds the control character U+%04X", c);
          return FALSE;
        }
      if (is_bidi_control (c))
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "The message holds the bidirectional control U+%04X, which reorders text", c);
          return FALSE;
        }
      if (!g_unichar_isspace (c))
        blank = FALSE;
    }
  if (blank)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "The message is empty");
      return FALSE;
    }
  return TRUE;
}

/* Emoji that sit outside the pictographic blocks, one by one: ©, ®, ‼, ⁉,
 * ™, ℹ, Ⓜ, 〰, 〽, ㊗, ㊙. */
static const gunichar lone_emoji[] = {
  0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x24C2, 0x3030, 0x303D, 0x3297, 0x3299,
};

#define ZWJ                 0x200D
#define VARIATION_TEXT      0xFE0E
#define VARIATION_EMOJI     0xFE0F
#define KEYCAP              0x20E3
#define BLACK_FLAG          0x1F3F4
#define TAG_CANCEL          0xE007F

static gboolean
is_regional_indicator (gunichar c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* The five Fitzpatrick skin tones; GLib gives them their own line break
 * class. */
static gboolean
is_skin_tone (gunichar c)
{
  return g_unichar_break_type (c) == G_UNICODE_BREAK_EMOJI_MODIFIER;
}

/* A pictograph an emoji is made from: an assigned symbol (general
 * category So or Sm, as g_unichar_type() tells) in one of the blocks that
 * hold emoji — arrows, technical and geometric shapes, miscellaneous
 * symbols, dingbats, and the planes' pictographic blocks U+1F000–U+1FAFF —
 * or one of the few emoji elsewhere. This approximates Unicode's
 * Extended_Pictographic property, which GLib does not expose. */
static gboolean
is_pictograph (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  for (guint i = 0; i < G_N_ELEMENTS (lone_emoji); i++)
    if (c == lone_emoji[i])
      return TRUE;
  if (type != G_UNICODE_OTHER_SYMBOL && type != G_UNICODE_MATH_SYMBOL)
    return FALSE;
  if (is_regional_indicator (c) || is_skin_tone (c))
    return FALSE;
  return (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2300 && c <= 0x23FF) || (c >= 0x25A0 && c <= 0x27BF) ||
         (c >= 0x2900 && c <= 0x297F) || (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x1F000 && c <= 0x1FAFF);
}

/* Reads one emoji element at @p, up to @end: a keycap (0–9, # or *,
 * an optional U+FE0F, U+20E3), a flag (two regional indicators), a
 * subdivision flag (U+1F3F4, tag characters, U+E007F), or a pictograph
 * with an optional variation selector and an optional skin tone.
 * Returns where it ends, or %NULL if no element starts at @p. */
static const gunichar *
read_element (const gunichar *p,
              const gunichar *end)
{
  if (p < end && ((*p >= '0' && *p <= '9') || *p == '#' || *p == '*'))
    {
      p++;
      if (p < end && *p == VARIATION_EMOJI)
        p++;
      return p < end && *p == KEYCAP ? p + 1 : NULL;
    }
  if (p < end && is_regional_indicator (*p))
    return p + 1 < end && is_regional_indicator (p[1]) ? p + 2 : NULL;
  if (p < end && *p == BLACK_FLAG && p + 1 < end && p[1] >= 0xE0020 && p[1] <= 0xE007E)
    {
      for (p++; p < end && *p >= 0xE0020 && *p <= 0xE007E; p++)
        ;
      return p < end && *p == TAG_CANCEL ? p + 1 : NULL;
    }
  if (p >= end || !is_pictograph (*p))
    return NULL;
  p++;
  if (p < end && (*p == VARIATION_EMOJI || *p == VARIATION_TEXT))
    p++;
  if (p < end && is_skin_tone (*p))
    p++;
  return p;
}

/**
 * confer_chat_is_emoji:
 * @text: (nullable): a string, in any encoding
 *
 * Whether @text is exactly one emoji, as a reaction must be: valid UTF-8
 * of at most %CONFER_CHAT_MAX_EMOJI bytes holding one element — a
 * pictograph (with an optional variation selector U+FE0E/U+FE0F and an
 * optional skin tone U+1F3FB–U+1F3FF), a keycap (`1️⃣`), a flag (two
 * regional indicators, `🇫🇷`) or a subdivision flag (U+1F3F4 and tag
 * characters) — or pictographs joined by ZERO WIDTH JOINERs (`👩🏽‍💻`), the
 * forms of Unicode Technical Standard #51 (Unicode Emoji), section 1.4.
 * Such a sequence is one grapheme cluster. A skin tone alone, a joiner at
 * either end, two emoji side by side, letters and digits are not emoji.
 *
 * Returns: %TRUE if it is one emoji
 */
gboolean
confer_chat_is_emoji (const char *text)
{
  g_autofree gunichar *chars = NULL;
  const gunichar *p, *end;
  glong n_chars;

  if (text == NULL || strlen (text) > CONFER_CHAT_MAX_EMOJI || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);
  end = chars + n_chars;
  if ((p = read_element (chars, end)) == NULL)
    return FALSE;
  /* Only pictographs join (keycaps and flags join nothing). */
  while (p < end && *p == ZWJ)
    {
      if (!is_pictograph (chars[0]) || p + 1 >= end || !is_pictograph (p[1]))
        return FALSE;
      p = read_element (p + 1, end);
    }
  return p == end;
}

/**
 * confer_chat_read_voice:
 * @node: (nullable): a chat message's `voice` member as it arrived
 * @duration_ms: (out): how long the voice message plays, in milliseconds,
 *   from 1 to %CONFER_CHAT_MAX_VOICE_MS
 * @waveform: (out) (transfer full): its waveform: one byte a peak, 0
 *   (silence) to 255 (full scale), from 1 to %CONFER_CHAT_MAX_WAVEFORM of
 *   them, first to last
 * @error: return location for a #GError
 *
 * Reads what a voice message says of itself: an object with
 * `duration_ms`, an integer, and `waveform`, a list of integers from 0 to
 * 255. Other members are ignored (the protocol's rule for unknown
 * fields).
 *
 * Returns: %TRUE with @duration_ms and @waveform set; %FALSE with
 *   %CONFER_PROTOCOL_ERROR_BAD_MESSAGE saying what is wrong
 */
gboolean
confer_chat_read_voice (JsonNode    *node,
                        guint       *duration_ms,
                        GBytes     **waveform,
                        GError     **error)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *duration = object != NULL ? json_object_get_member (object, "duration_ms") : NULL;
  JsonNode *peaks = object != NULL ? json_object_get_member (object, "waveform") : NULL;
  JsonArray *array;
  g_autoptr(GByteArray) bytes = NULL;
  gint64 ms;

  g_return_val_if_fail (duration_ms != NULL && waveform != NULL, FALSE);

  if (object == NULL)
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "\"voice\" must be an object with \"duration_ms\" and \"waveform\"");
      return FALSE;
    }
  if (duration == NULL || !JSON_NODE_HOLDS_VALUE (duration) || json_node_get_value_type (duration) != G_TYPE_INT64 ||
      (ms = json_node_get_int (duration)) < 1 || ms > CONFER_CHAT_MAX_VOICE_MS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"voice\"'s \"duration_ms\" must be an integer from 1 to %d (5 minutes and a second)",
                   CONFER_CHAT_MAX_VOICE_MS);
      return FALSE;
    }
  if (peaks == NULL || !JSON_NODE_HOLDS_ARRAY (peaks) || (array = json_node_get_array (peaks)) == NULL ||
      json_array_get_length (array) < 1 || json_array_get_length (array) > CONFER_CHAT_MAX_WAVEFORM)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"voice\"'s \"waveform\" must be a list of 1 to %d peaks", CONFER_CHAT_MAX_WAVEFORM);
      return FALSE;
    }
  bytes = g_byte_array_sized_new (json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *peak = json_array_get_element (array, i);
      gint64 value;
      guint8 byte;

      if (!JSON_NODE_HOLDS_VALUE (peak) || json_node_get_value_type (peak) != G_TYPE_INT64 ||
          (value = json_node_get_int (peak)) < 0 || value > 255)
        {
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "\"voice\"'s waveform peak %u is not an integer from 0 to 255", i);
          return FALSE;
        }
      byte = value;
      g_byte_array_append (bytes, &byte, 1);
    }
  *duration_ms = ms;
  *waveform = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  return TRUE;
}

/**
 * confer_chat_voice_to_json:
 * @duration_ms: how long the voice message plays, in milliseconds
 * @waveform: its peaks, one byte each (0–255)
 *
 * Writes what a voice message says of itself as the protocol has it, the
 * shape confer_chat_read_voice() reads.
 *
 * Returns: (transfer full): `{"duration_ms": …, "waveform": [...]}`
 */
JsonObject *
confer_chat_voice_to_json (guint   duration_ms,
                           GBytes *waveform)
{
  JsonObject *object = json_object_new ();
  gsize n_peaks;
  const guint8 *peaks = g_bytes_get_data (waveform, &n_peaks);
  JsonArray *array = json_array_sized_new (n_peaks);

  for (gsize i = 0; i < n_peaks; i++)
    json_array_add_int_element (array, peaks[i]);
  json_object_set_int_member (object, "duration_ms", duration_ms);
  json_object_set_array_member (object, "waveform", array);
  return object;
}
