/* confer-cli-voice.c: confer-cli voice send and get
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-voice"

#include "config.h"

#include <stdio.h>

#include "confer-cli.h"
#include "confer-media.h"

static int
voice_send (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("LINK AUDIOFILE — send an audio file as a voice message and print its id");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ConferVoiceClip) clip = NULL;
  g_autoptr(ConferChatMessage) message = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) waveform = NULL;
  ConferClientChat *chat;
  double seconds;

  if (!confer_cli_parse (context, "voice send", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      fprintf (stderr, "Usage: confer-cli voice send LINK AUDIOFILE\n");
      return 2;
    }
  /* The audio first: one that cannot be sent contacts nobody. */
  file = g_file_new_for_commandline_arg (argv[2]);
  if ((clip = confer_voice_process_file (file, NULL, &error)) == NULL)
    goto failed;
  seconds = confer_voice_clip_get_duration_ms (clip) / 1000.0;
  text = g_strdup_printf ("Voice message (%.2f s)", seconds);
  waveform = confer_voice_clip_dup_waveform_bytes (clip);
  if ((chat = confer_cli_open_chat (argv[1], NULL, &client, &error)) == NULL ||
      (name = confer_client_put_blob (client, confer_voice_clip_get_bytes (clip), NULL, &error)) == NULL ||
      (message = confer_client_chat_send_voice (chat, text, NULL, name, confer_voice_clip_get_duration_ms (clip),
                                                waveform, &error)) == NULL)
    goto failed;
  g_object_ref (message);
  if (!confer_client_chat_wait (chat, TRUE, CONFER_CLI_TIMEOUT_MS, &error))
    goto failed;
  if (confer_chat_message_get_pending (message))
    {
      fprintf (stderr, "confer-cli voice send: the server refused the message\n");
      return 1;
    }
  printf ("voice %s: %.2f s, %" G_GSIZE_FORMAT " bytes\n", confer_chat_message_get_id (message), seconds,
          g_bytes_get_size (confer_voice_clip_get_bytes (clip)));
  return 0;

failed:
  fprintf (stderr, "confer-cli voice send: %s\n", error->message);
  return 1;
}

static int
voice_get (int    argc,
           char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the audio to this file", "FILE.ogg" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK MSG — write a voice message's audio to a file");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) audio = NULL;
  ConferChatMessage *message = NULL;
  const char * const *attachments;
  ConferClientChat *chat;
  GListModel *messages;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "voice get", &argc, &argv))
    return 2;
  if (argc != 3 || output == NULL)
    {
      fprintf (stderr, "Usage: confer-cli voice get LINK MSG -o FILE.ogg\n");
      return 2;
    }
  if ((chat = confer_cli_open_chat (argv[1], NULL, &client, &error)) == NULL ||
      !confer_cli_load_chat_back_to (chat, 0, &error))
    goto failed;
  messages = confer_client_chat_get_messages (chat);
  for (guint i = 0; i < g_list_model_get_n_items (messages) && message == NULL; i++)
    {
      g_autoptr(ConferChatMessage) item = g_list_model_get_item (messages, i);

      if (g_str_equal (confer_chat_message_get_id (item), argv[2]))
        message = item;
    }
  if (message == NULL)
    {
      fprintf (stderr, "confer-cli voice get: the chat has no message %s\n", argv[2]);
      return 1;
    }
  attachments = confer_chat_message_get_attachments (message);
  if (attachments == NULL || attachments[0] == NULL)
    {
      fprintf (stderr, "confer-cli voice get: message %s carries no audio\n", argv[2]);
      return 1;
    }
  if ((audio = confer_client_get_blob (client, attachments[0], NULL, &error)) == NULL ||
      !g_file_set_contents (output, g_bytes_get_data (audio, NULL), g_bytes_get_size (audio), &error))
    goto failed;
  return 0;

failed:
  fprintf (stderr, "confer-cli voice get: %s\n", error->message);
  return 1;
}

/**
 * confer_cli_voice:
 * @argc: argument count, argv[0] being "voice"
 * @argv: arguments: send or get, then theirs
 *
 * `confer-cli voice send LINK AUDIOFILE` makes a voice message of any
 * file GStreamer decodes (confer_voice_process_file()), uploads it as a
 * blob, sends it in a chat message with its duration and waveform
 * (`voice`) and prints `voice MSG: D.DD s, N
 * bytes`; `voice get LINK MSG -o FILE.ogg` writes the message's audio.
 *
 * Returns: the exit status
 */
int
confer_cli_voice (int    argc,
                  char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "send"))
    return voice_send (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "get"))
    return voice_get (argc - 1, argv + 1);
  fprintf (stderr, "Usage: confer-cli voice send|get …\n");
  return 2;
}
