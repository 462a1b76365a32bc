/* confer-cli-join.c: confer-cli join — session info and live events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-join"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "confer-cli.h"

static void
event_cb (ConferClient  *client,
          ConferMessage *message,
          gpointer       data)
{
  g_autofree char *text = confer_message_encode (message, NULL);

  if (g_str_equal (confer_message_get_type_name (message), "pong"))
    return;
  printf ("event: %s\n", text);
  fflush (stdout);
}

static void
state_cb (ConferClient *client,
          GParamSpec   *pspec,
          gpointer      data)
{
  static const char *names[] = { "connecting", "online", "reconnecting", "offline", "refused" };
  ConferConnectionState state = confer_client_get_state (client);

  printf ("state: %s%s%s\n", names[state], state == CONFER_CONNECTION_REFUSED ? ": " : "",
          state == CONFER_CONNECTION_REFUSED ? confer_client_get_refusal (client) : "");
  fflush (stdout);
  if (state == CONFER_CONNECTION_REFUSED)
    g_main_loop_quit (data);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/**
 * confer_cli_join:
 * @argc: argument count, argv[0] being "join"
 * @argv: arguments: LINK [--name NAME]
 *
 * Joins a session, prints who and what is in it, then prints every event
 * (one JSON message a line) until interrupted.
 *
 * Returns: the exit status
 */
int
confer_cli_join (int    argc,
                 char **argv)
{
  g_autofree char *name = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK — join a session and print its events");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  JsonArray *docs;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "join", &argc, &argv))
    return 2;
  if (argc != 2)
    {
      fprintf (stderr, "Usage: confer-cli join LINK [--name NAME]\n");
      return 2;
    }

  client = confer_cli_connect (argv[1], name, &error);
  if (client == NULL)
    {
      fprintf (stderr, "confer-cli join: %s\n", error->message);
      return 1;
    }
  printf ("session: %s\nyou: %s (%s)\n", confer_client_get_session_title (client),
          confer_client_get_participant_id (client), confer_client_get_role (client));
  docs = confer_client_get_docs (client);
  for (guint i = 0; docs != NULL && i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);

      printf ("doc: %s %s\n", json_object_get_string_member (doc, "id"),
              json_object_get_string_member (doc, "title"));
    }
  fflush (stdout);

  g_signal_connect (client, "event", G_CALLBACK (event_cb), NULL);
  g_signal_connect (client, "notify::state", G_CALLBACK (state_cb), loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  confer_client_disconnect (client);
  return confer_client_get_state (client) == CONFER_CONNECTION_REFUSED ? 1 : 0;
}
