/* test-chat-text.c: what a chat message's text, a reaction and a voice
 * message's description may be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-core.h"

static void
expect_refused (const char          *text,
                gint                 code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (confer_chat_check_text (text, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, code);
}

static void
test_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) longest = g_string_new (NULL);

  g_assert_true (confer_chat_check_text ("**Hello**,\n\tworld — <b>&amp;</b> 🎉 مرحبا", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < CONFER_CHAT_MAX_TEXT; i++)
    g_string_append (longest, "é");
  g_assert_true (confer_chat_check_text (longest->str, &error));
  g_string_append_c (longest, 'x');
  expect_refused (longest->str, CONFER_PROTOCOL_ERROR_TOO_LARGE);

  expect_refused ("", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused (" \n\t ", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused ("bell\a", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused ("carriage\rreturn", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused ("delete\x7f", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused ("c1 \xc2\x85 next line", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused ("invalid \xff\xfe", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  expect_refused ("overlong \xc0\xaf", CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  /* Every bidirectional embedding, override and isolate. */
  for (gunichar c = 0x202A; c <= 0x2069; c = c == 0x202E ? 0x2066 : c + 1)
    {
      char text[16] = "abc";

      g_unichar_to_utf8 (c, text + 3);
      expect_refused (text, CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
    }
  /* Marks that only set direction stay: LRM, RLM, ALM. */
  g_assert_true (confer_chat_check_text ("a\u200Eb\u200Fc\u061Cd", &error));
  g_assert_no_error (error);
}

static void
test_emoji (void)
{
  const char *const good[] = {
    "👍", "❤️", "❤", "🎉", "👍🏽", "👩🏽‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🧑🏿‍🤝‍🧑🏻", "1️⃣", "#⃣", "*️⃣",
    "🇫🇷", "🇯🇵", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "©️", "™", "〰️", "⭐", "↩️", "⌛", "☕", "✅", "🫠", "🀄",
  };
  const char *const bad[] = {
    "", "a", "1", "#", "ab", "👍👍", "👍 ", " 👍", "🏽", "\u200D👍", "👍\u200D", "👩\u200D\u200D💻",
    "🇫", "🇫🇷🇯", "1️", "🏴󠁧󠁢", "é", "中", "\u0301", "👍\u0301", "\xff", ":+1:", "🇫🇷\u200D👍",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    if (!confer_chat_is_emoji (good[i]))
      g_error ("“%s” is one emoji and was refused", good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (confer_chat_is_emoji (bad[i]))
      g_error ("“%s” (number %u) is not one emoji and was taken", bad[i], i);
  g_assert_false (confer_chat_is_emoji (NULL));
}

/* A message the server describes as a voice message is read with its
 * duration and waveform and written back the same; one whose `voice` is
 * out of range is refused (the client does not trust the server). */
static void
test_voice (void)
{
  static const char *const refused[] = {
    "{\"duration_ms\": 301001, \"waveform\": [1]}",
    "{\"duration_ms\": 1000, \"waveform\": [300]}",
    "{\"duration_ms\": 1000, \"waveform\": []}",
    "{\"duration_ms\": -5, \"waveform\": [1]}",
    "[1000, [1]]",
  };
  const char *json = "{\"id\": \"QI3JL409BG1Av6I1\", \"seq\": 3, \"author\": \"ecMHAxYZDPYZaKlK\", \"text\": \"Voice\", "
                     "\"attachments\": [\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"], "
                     "\"voice\": {\"duration_ms\": 2310, \"waveform\": [0, 200, 255]}}";
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferChatMessage) message = confer_chat_message_new_from_json (json_node_get_object (node), &error);
  g_autoptr(JsonNode) written = NULL;
  GBytes *waveform;

  g_assert_no_error (error);
  g_assert_cmpuint (confer_chat_message_get_voice_duration_ms (message), ==, 2310);
  waveform = confer_chat_message_get_voice_waveform (message);
  g_assert_cmpuint (g_bytes_get_size (waveform), ==, 3);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (waveform, NULL))[1], ==, 200);
  written = confer_chat_message_to_json (message);
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (written), "voice"),
                                  json_object_get_member (json_node_get_object (node), "voice")));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *bad = g_strdup_printf ("{\"id\": \"QI3JL409BG1Av6I1\", \"seq\": 3, \"author\": \"ecMHAxYZDPYZaKlK\", "
                                              "\"text\": \"Voice\", \"voice\": %s}", refused[i]);
      g_autoptr(JsonNode) bad_node = json_from_string (bad, NULL);
      g_autoptr(ConferChatMessage) not_read = confer_chat_message_new_from_json (json_node_get_object (bad_node), &error);

      g_assert_null (not_read);
      g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL);
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chat/text", test_text);
  g_test_add_func ("/chat/emoji", test_emoji);
  g_test_add_func ("/chat/voice", test_voice);
  return g_test_run ();
}
