/* confer-cli-join.c: confer-cli join — session info and live events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-join"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "confer-cli.h"

/* Prints one JSON object on a line of its own. */
static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}

static void
event_cb (ConferClient  *client,
          ConferMessage *message,
          gpointer       data)
{
  g_autofree char *text = NULL;
  const char *type = confer_message_get_type_name (message);

  if (g_str_equal (type, "pong"))
    return;
  /* Every document's events: a new one is opened as it comes. */
  if (g_str_equal (type, "doc.created"))
    {
      JsonObject *doc = json_object_get_object_member (confer_message_get_object (message), "doc");

      confer_client_open_doc (client, json_object_get_string_member (doc, "id"));
    }
  text = confer_message_encode (message, NULL);
  printf ("%s\n", text);
  fflush (stdout);
}

static void
state_cb (ConferClient *client,
          GParamSpec   *pspec,
          gpointer      data)
{
  static const char *names[] = { "connecting", "online", "reconnecting", "offline", "refused" };
  ConferConnectionState state = confer_client_get_state (client);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "state");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, names[state]);
  if (state == CONFER_CONNECTION_REFUSED)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, confer_client_get_refusal (client));
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  print_json (node);
  if (state == CONFER_CONNECTION_REFUSED)
    g_main_loop_quit (data);
}

/* The first line: the session, who one is in it, its participants and
 * documents. */
static void
print_session (ConferClient *client)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *participants = confer_client_get_participants (client);
  JsonArray *docs = confer_client_get_docs (client);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "session");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, confer_client_get_session_title (client));
  json_builder_set_member_name (builder, "you");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, confer_client_get_participant_id (client));
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, confer_client_get_role (client));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "participants");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), participants));
  json_builder_set_member_name (builder, "docs");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), docs));
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  print_json (node);
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
 * Joins a session and opens every document in it (those made later too),
 * then prints, one JSON object a line until interrupted: the session
 * (`{"type": "session", "title", "you", "participants", "docs"}`), then
 * every message the server sends — documents' texts, operations and
 * presence, participants and documents coming and going — and each change
 * of the connection's state (`{"type": "state", "state": "reconnecting"}`).
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
  print_session (client);
  docs = confer_client_get_docs (client);
  for (guint i = 0; docs != NULL && i < json_array_get_length (docs); i++)
    confer_client_open_doc (client, json_object_get_string_member (json_array_get_object_element (docs, i), "id"));

  g_signal_connect (client, "event", G_CALLBACK (event_cb), NULL);
  g_signal_connect (client, "notify::state", G_CALLBACK (state_cb), loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  confer_client_disconnect (client);
  return confer_client_get_state (client) == CONFER_CONNECTION_REFUSED ? 1 : 0;
}
