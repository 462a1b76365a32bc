/* test-chat-text.c: what a chat message's text and a reaction may be
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chat/text", test_text);
  g_test_add_func ("/chat/emoji", test_emoji);
  return g_test_run ();
}
