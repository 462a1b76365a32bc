/* confer-chat-notify.c: which of a session's chat messages raise a
 * desktop notification, kept per session
 *
 * The choice is stored in the `chat-notifications` setting, a dictionary
 * from a session's key (confer_link_get_session_key(): host, port and
 * session id, whichever invite reached it) to "all", "mentions" or
 * "none"; a session not in it notifies of mentions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-notify"

#include "config.h"

#include "confer-chat-notify.h"

#define SETTING "chat-notifications"

static const char *const names[] = { "all", "mentions", "none" };

/**
 * confer_chat_notify_to_string:
 * @notify: a choice
 *
 * Returns: "all", "mentions" or "none"
 */
const char *
confer_chat_notify_to_string (ConferChatNotify notify)
{
  g_return_val_if_fail (notify <= CONFER_CHAT_NOTIFY_NONE, "mentions");

  return names[notify];
}

/**
 * confer_chat_notify_from_string:
 * @text: (nullable): "all", "mentions" or "none"
 * @notify: (out): the choice it names
 *
 * Returns: whether @text names one (@notify is left alone if not)
 */
gboolean
confer_chat_notify_from_string (const char       *text,
                                ConferChatNotify *notify)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *notify = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * confer_chat_notify_load:
 * @settings: the application's settings (`org.confer.Confer`)
 * @link: a link to the session
 *
 * Returns: the choice made for the session, or
 *   %CONFER_CHAT_NOTIFY_MENTIONS if none was (or what is stored is not one)
 */
ConferChatNotify
confer_chat_notify_load (GSettings        *settings,
                         const ConferLink *link)
{
  g_autoptr(GVariant) all = g_settings_get_value (settings, SETTING);
  g_autofree char *key = confer_link_get_session_key (link);
  const char *stored = NULL;
  ConferChatNotify notify = CONFER_CHAT_NOTIFY_MENTIONS;

  if (g_variant_lookup (all, key, "&s", &stored))
    confer_chat_notify_from_string (stored, &notify);
  return notify;
}

/**
 * confer_chat_notify_save:
 * @settings: the application's settings (`org.confer.Confer`)
 * @link: a link to the session
 * @notify: the choice for it
 *
 * Stores the choice for the session, keeping the other sessions'.
 */
void
confer_chat_notify_save (GSettings        *settings,
                         const ConferLink *link,
                         ConferChatNotify  notify)
{
  g_autoptr(GVariant) all = g_settings_get_value (settings, SETTING);
  g_autofree char *key = confer_link_get_session_key (link);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *session, *value;

  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s&s}", &session, &value))
    if (!g_str_equal (session, key))
      g_variant_builder_add (&builder, "{ss}", session, value);
  g_variant_builder_add (&builder, "{ss}", key, confer_chat_notify_to_string (notify));
  g_settings_set_value (settings, SETTING, g_variant_builder_end (&builder));
}

/**
 * confer_chat_mentions:
 * @text: a message's text
 * @name: a participant's name
 *
 * Returns: whether @text mentions @name: "@Name" in any case (Unicode case
 *   folding), at the start of the text or after a character that is not a
 *   letter or digit (so "bob@ann.example" mentions nobody), and not
 *   followed by a letter or digit (so "@Ann" does not mention "An")
 */
gboolean
confer_chat_mentions (const char *text,
                      const char *name)
{
  g_autofree char *folded_text = g_utf8_casefold (text, -1);
  g_autofree char *at_name = g_strconcat ("@", name, NULL);
  g_autofree char *folded_name = g_utf8_casefold (at_name, -1);
  gsize length = strlen (folded_name);

  for (const char *at = strstr (folded_text, folded_name); at != NULL; at = strstr (at + 1, folded_name))
    {
      gunichar next = g_utf8_get_char (at + length);
      gunichar before = at == folded_text ? 0 : g_utf8_get_char (g_utf8_find_prev_char (folded_text, at));

      if ((before == 0 || !g_unichar_isalnum (before)) && (next == 0 || !g_unichar_isalnum (next)))
        return TRUE;
    }
  return FALSE;
}
