/* confer-cli-chat.c: confer-cli chat send, log, search and fuzz
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-chat"

#include "config.h"

#include <stdio.h>

#include "confer-cli.h"

/* How long the fuzz's clients may take to agree once all is sent, ms. */
#define SETTLE_TIMEOUT_MS 180000

static void
print_message (ConferChatMessage *message)
{
  g_autoptr(JsonNode) node = confer_chat_message_to_json (message);
  g_autofree char *text = json_to_string (node, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Loads history until the list reaches back to @since (0: the start). */
gboolean
confer_cli_load_chat_back_to (ConferClientChat  *chat,
                              guint64            since,
                              GError           **error)
{
  GListModel *messages = confer_client_chat_get_messages (chat);

  while (confer_client_chat_has_older (chat))
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(ConferChatMessage) oldest = g_list_model_get_item (messages, 0);

      if (oldest != NULL && confer_chat_message_get_seq (oldest) <= since + 1)
        break;
      confer_client_chat_load_older_async (chat, CONFER_CHAT_MAX_PAGE, NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (!confer_client_chat_load_older_finish (chat, result, error))
        return FALSE;
    }
  return TRUE;
}

/* Connects to @link as @name and opens the session's chat, waiting
 * until it is loaded. */
ConferClientChat *
confer_cli_open_chat (const char     *link,
                      const char     *name,
                      ConferClient  **client,
                      GError        **error)
{
  ConferClientChat *chat;

  if ((*client = confer_cli_connect (link, name, error)) == NULL)
    return NULL;
  chat = confer_client_open_chat (*client);
  return confer_client_chat_wait (chat, FALSE, CONFER_CLI_TIMEOUT_MS, error) ? chat : NULL;
}

static int
chat_send (int    argc,
           char **argv)
{
  g_autofree char *reply_to = NULL;
  GOptionEntry entries[] = {
    { "reply-to", 'r', 0, G_OPTION_ARG_STRING, &reply_to, "Answer the message of this id", "MSG" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK TEXT — send a chat message and print its id");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferChatMessage) message = NULL;
  ConferClientChat *chat;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "chat send", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      fprintf (stderr, "Usage: confer-cli chat send LINK TEXT [--reply-to MSG]\n");
      return 2;
    }
  /* The text first: one the server would refuse contacts nobody. */
  if (!confer_chat_check_text (argv[2], &error))
    goto failed;
  if ((chat = confer_cli_open_chat (argv[1], NULL, &client, &error)) == NULL ||
      (message = confer_client_chat_send (chat, argv[2], reply_to, NULL, &error)) == NULL)
    goto failed;
  g_object_ref (message);
  if (!confer_client_chat_wait (chat, TRUE, CONFER_CLI_TIMEOUT_MS, &error))
    goto failed;
  if (confer_chat_message_get_pending (message))
    {
      fprintf (stderr, "confer-cli chat send: the server refused the message\n");
      return 1;
    }
  printf ("%s\n", confer_chat_message_get_id (message));
  return 0;

failed:
  fprintf (stderr, "confer-cli chat send: %s\n", error->message);
  return 1;
}

static void
event_cb (ConferClientChat  *chat,
          int                kind,
          ConferChatMessage *message,
          gpointer           data)
{
  print_message (message);
}

static int
chat_log (int    argc,
          char **argv)
{
  gint64 since = 0;
  gboolean follow = FALSE;
  GOptionEntry entries[] = {
    { "since", 's', 0, G_OPTION_ARG_INT64, &since, "Only messages sent after this sequence number", "SEQ" },
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow, "Then print every event's message as it comes", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK — print the chat, one JSON object a line");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  ConferClientChat *chat;
  GListModel *messages;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "chat log", &argc, &argv))
    return 2;
  if (argc != 2 || since < 0)
    {
      fprintf (stderr, "Usage: confer-cli chat log LINK [--since SEQ] [--follow]\n");
      return 2;
    }
  if ((chat = confer_cli_open_chat (argv[1], NULL, &client, &error)) == NULL ||
      !confer_cli_load_chat_back_to (chat, since, &error))
    {
      fprintf (stderr, "confer-cli chat log: %s\n", error->message);
      return 1;
    }
  messages = confer_client_chat_get_messages (chat);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (messages, i);

      if (confer_chat_message_get_seq (message) > (guint64) since)
        print_message (message);
    }
  if (!follow)
    return 0;
  g_signal_connect (chat, "event", G_CALLBACK (event_cb), NULL);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

static int
chat_search (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK QUERY — print the messages that hold every word, best first");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  ConferClientChat *chat;

  if (!confer_cli_parse (context, "chat search", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      fprintf (stderr, "Usage: confer-cli chat search LINK QUERY\n");
      return 2;
    }
  if ((chat = confer_cli_open_chat (argv[1], NULL, &client, &error)) == NULL)
    goto failed;
  confer_client_chat_search_async (chat, argv[2], NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if ((found = confer_client_chat_search_finish (chat, result, &error)) == NULL)
    goto failed;
  for (guint i = 0; i < found->len; i++)
    print_message (g_ptr_array_index (found, i));
  return 0;

failed:
  fprintf (stderr, "confer-cli chat search: %s\n", error->message);
  return 1;
}

static gboolean
tick_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
settled (ConferClient     **clients,
         ConferClientChat **chats,
         guint              n)
{
  for (guint i = 0; i < n; i++)
    if (confer_client_get_state (clients[i]) != CONFER_CONNECTION_ONLINE || !confer_client_chat_is_ready (chats[i]) ||
        confer_client_chat_get_n_pending (chats[i]) > 0 ||
        confer_client_chat_get_seq (chats[i]) != confer_client_chat_get_seq (chats[0]))
      return FALSE;
  return TRUE;
}

/* The messages' ids, texts and sequence numbers, one a line, in order. */
static GString *
describe (ConferClientChat *chat)
{
  GListModel *messages = confer_client_chat_get_messages (chat);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (messages, i);

      g_string_append_printf (out, "%" G_GUINT64_FORMAT " %s %s\n", confer_chat_message_get_seq (message),
                              confer_chat_message_get_id (message), confer_chat_message_get_text (message));
    }
  return out;
}

/**
 * confer_cli_chat_fuzz:
 * @argc: argument count, argv[0] being "fuzz"
 * @argv: arguments: LINK and the options
 *
 * `confer-cli chat fuzz LINK --clients N --messages M [--seed S]
 * [--drop-connections]`: N participants, each its own connection with the
 * chat open, send M messages between them (each text unique), picked by a
 * seeded random source, as fast as they can; with --drop-connections ten
 * times a random participant's connection is cut (it reconnects and
 * sends what waits). Then every participant must hold the same messages
 * in the same order as a new participant reading the whole history, each
 * text once, none missing. The last line is `chat N clients, M messages
 * in T ms: ok` or `: DIVERGED` (the first difference on standard error).
 *
 * Returns: the exit status: 0 for ok, 1 otherwise
 */
static int
chat_fuzz (int    argc,
           char **argv)
{
  gint n_clients = 5, n_messages = 2000;
  gint64 seed = 0;
  gboolean drop = FALSE;
  GOptionEntry entries[] = {
    { "clients", 'n', 0, G_OPTION_ARG_INT, &n_clients, "How many participants (1–64)", "N" },
    { "messages", 'm', 0, G_OPTION_ARG_INT, &n_messages, "How many messages between them", "M" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the random choices (a new one by default)", "S" },
    { "drop-connections", 'd', 0, G_OPTION_ARG_NONE, &drop, "Cut connections now and then", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK — send chat messages from many clients at once and check they agree");
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClient) reader = NULL;
  g_autoptr(GString) truth = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ConferClient **clients = NULL;
  ConferClientChat **chats = NULL;
  ConferClientChat *truth_chat;
  GListModel *all;
  gboolean ok = TRUE;
  gint64 start, deadline, quiet_since = 0;
  int status = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "chat fuzz", &argc, &argv))
    return 2;
  if (argc != 2 || n_clients < 1 || n_clients > 64 || n_messages < 0)
    {
      fprintf (stderr, "Usage: confer-cli chat fuzz LINK --clients N --messages M [--seed S] [--drop-connections]\n");
      return 2;
    }
  if (seed == 0)
    seed = g_get_real_time ();
  rand = g_rand_new_with_seed ((guint32) seed);
  fprintf (stderr, "chat fuzz: seed %" G_GINT64_FORMAT "\n", seed);

  clients = g_new0 (ConferClient *, n_clients);
  chats = g_new0 (ConferClientChat *, n_clients);
  for (gint i = 0; i < n_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("Chatter %d", i + 1);

      if ((chats[i] = confer_cli_open_chat (argv[1], name, &clients[i], &error)) == NULL)
        {
          fprintf (stderr, "confer-cli chat fuzz: %s\n", error->message);
          goto out;
        }
    }

  start = g_get_monotonic_time ();
  for (gint sent = 0; sent < n_messages; sent++)
    {
      gint who = g_rand_int_range (rand, 0, n_clients);
      g_autofree char *text = g_strdup_printf ("message %d from %d (seed %" G_GINT64_FORMAT ") ✉ ünïcode", sent, who, seed);

      if (confer_client_chat_send (chats[who], text, NULL, NULL, &error) == NULL)
        {
          fprintf (stderr, "confer-cli chat fuzz: %s\n", error->message);
          goto out;
        }
      g_hash_table_add (texts, g_steal_pointer (&text));
      if (drop && n_messages >= 10 && sent % (n_messages / 10) == n_messages / 20)
        confer_client_drop_connection (clients[g_rand_int_range (rand, 0, n_clients)]);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  deadline = g_get_monotonic_time () + (gint64) SETTLE_TIMEOUT_MS * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      gboolean tick = FALSE;

      g_timeout_add (20, tick_cb, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
      if (!settled (clients, chats, n_clients))
        quiet_since = 0;
      else if (quiet_since == 0)
        quiet_since = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - quiet_since > 300 * 1000)
        break;
    }
  if (quiet_since == 0)
    {
      fprintf (stderr, "confer-cli chat fuzz: the participants did not settle within %d s\n", SETTLE_TIMEOUT_MS / 1000);
      ok = FALSE;
    }

  /* The server's chat, as someone arriving now reads it all. */
  if (ok && ((truth_chat = confer_cli_open_chat (argv[1], "Chat reader", &reader, &error)) == NULL ||
             !confer_cli_load_chat_back_to (truth_chat, 0, &error)))
    {
      fprintf (stderr, "confer-cli chat fuzz: %s\n", error->message);
      goto out;
    }
  if (ok)
    {
      truth = describe (truth_chat);
      all = confer_client_chat_get_messages (truth_chat);
      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        {
          g_autoptr(ConferChatMessage) message = g_list_model_get_item (all, i);
          const char *text = confer_chat_message_get_text (message);

          /* Each once: taken out of the set when seen. */
          if (g_hash_table_contains (texts, text))
            g_hash_table_remove (texts, text);
          else if (g_str_has_prefix (text, "message ") && g_strrstr (text, "seed") != NULL)
            {
              fprintf (stderr, "“%s” is in the chat twice, or was never sent\n", text);
              ok = FALSE;
            }
        }
      if (g_hash_table_size (texts) > 0)
        {
          fprintf (stderr, "%u messages sent are not in the chat\n", g_hash_table_size (texts));
          ok = FALSE;
        }
    }
  for (gint i = 0; ok && i < n_clients; i++)
    {
      g_autoptr(GString) mine = describe (chats[i]);

      /* A participant's list starts where its chat opened. */
      if (!g_str_has_suffix (truth->str, mine->str) || mine->len == 0)
        {
          fprintf (stderr, "participant %d's chat differs from the server's\n", i + 1);
          ok = FALSE;
        }
    }
  printf ("chat %d clients, %d messages in %.0f ms: %s\n", n_clients, n_messages,
          (g_get_monotonic_time () - start) / 1000.0, ok ? "ok" : "DIVERGED");
  status = ok ? 0 : 1;

out:
  for (gint i = 0; i < n_clients; i++)
    g_clear_object (&clients[i]);
  g_free (clients);
  g_free (chats);
  return status;
}

/**
 * confer_cli_chat:
 * @argc: argument count, argv[0] being "chat"
 * @argv: arguments: send, log, search or fuzz, then theirs
 *
 * `confer-cli chat send LINK TEXT [--reply-to MSG]` sends a message once
 * the server has it and prints its id; `chat log LINK [--since SEQ]
 * [--follow]` prints the messages sent after SEQ (all by default), oldest
 * first, one JSON object a line (confer_chat_message_to_json()), then
 * with --follow the message of every event as it comes; `chat search
 * LINK QUERY` prints the messages holding every word of QUERY, best
 * first; `chat fuzz` is described at chat_fuzz().
 *
 * Returns: the exit status
 */
int
confer_cli_chat (int    argc,
                 char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "send"))
    return chat_send (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "log"))
    return chat_log (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "search"))
    return chat_search (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "fuzz"))
    return chat_fuzz (argc - 1, argv + 1);
  fprintf (stderr, "Usage: confer-cli chat send|log|search|fuzz …\n");
  return 2;
}
