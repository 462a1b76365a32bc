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
print_line (char *json)
{
  g_autofree char *text = json;

  printf ("%s\n", text);
  fflush (stdout);
}

static void
doc_ready_cb (ConferClientDoc *doc)
{
  print_line (confer_client_doc_snapshot_to_json (doc));
}

static void
doc_changed_cb (ConferClientDoc *doc,
                ConferTextOp    *op,
                const char      *author,
                const char      *txn)
{
  print_line (confer_client_doc_change_to_json (doc, op, author, txn));
}

static void
doc_presence_cb (ConferClientDoc *doc,
                 const char      *participant,
                 guint64          anchor,
                 guint64          head)
{
  print_line (confer_client_doc_presence_to_json (doc, participant, anchor, head));
}

/* Opens a document and prints what happens to it. */
static void
follow_doc (ConferClient *client,
            const char   *id)
{
  ConferClientDoc *doc = confer_client_open_doc (client, id);

  if (g_signal_handler_find (doc, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, doc_ready_cb, NULL) != 0)
    return;
  g_signal_connect (doc, "ready", G_CALLBACK (doc_ready_cb), NULL);
  g_signal_connect (doc, "changed", G_CALLBACK (doc_changed_cb), NULL);
  g_signal_connect (doc, "presence", G_CALLBACK (doc_presence_cb), NULL);
}

static void
participant_joined_cb (ConferClient      *client,
                       ConferParticipant *participant)
{
  print_line (confer_participant_event_to_json ("participant.joined", participant));
}

static void
participant_left_cb (ConferClient      *client,
                     ConferParticipant *participant)
{
  print_line (confer_participant_event_to_json ("participant.left", participant));
}

/* Every document's events: a new one is opened as it comes. */
static void
item_created_cb (ConferClient *client,
                 ConferItem   *item)
{
  print_line (confer_item_event_to_json ("doc.created", item));
  follow_doc (client, confer_item_get_id (item));
}

static void
item_renamed_cb (ConferClient *client,
                 ConferItem   *item)
{
  print_line (confer_item_event_to_json ("doc.renamed", item));
}

static void
item_deleted_cb (ConferClient *client,
                 ConferItem   *item)
{
  print_line (confer_item_event_to_json ("doc.deleted", item));
}

static void
item_restored_cb (ConferClient *client,
                  ConferItem   *item)
{
  print_line (confer_item_event_to_json ("doc.restored", item));
  follow_doc (client, confer_item_get_id (item));
}

static void
state_cb (ConferClient *client,
          GParamSpec   *pspec,
          gpointer      data)
{
  print_line (confer_client_state_to_json (client));
  if (confer_client_get_state (client) == CONFER_CONNECTION_REFUSED)
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
 * Joins a session and opens every document in it (those made later too),
 * then prints, one JSON object a line until interrupted: the session
 * (`{"type": "session", "title", "you", "participants", "docs"}`), then
 * what happens, each line shaped as the protocol message that caused it
 * (confer-client-json.c): documents' texts (`doc.snapshot`), each remote
 * operation (`doc.op`, one a line even when the server sent several in a
 * `doc.ops`) and presence, participants and documents coming and going —
 * and each change of the connection's state (`{"type": "state", "state":
 * "reconnecting"}`).
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
  GListModel *items;
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
  print_line (confer_client_session_to_json (client));
  items = confer_client_get_items (client);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ConferItem) item = g_list_model_get_item (items, i);

      follow_doc (client, confer_item_get_id (item));
    }

  g_signal_connect (client, "participant-joined", G_CALLBACK (participant_joined_cb), NULL);
  g_signal_connect (client, "participant-left", G_CALLBACK (participant_left_cb), NULL);
  g_signal_connect (client, "item-created", G_CALLBACK (item_created_cb), NULL);
  g_signal_connect (client, "item-renamed", G_CALLBACK (item_renamed_cb), NULL);
  g_signal_connect (client, "item-deleted", G_CALLBACK (item_deleted_cb), NULL);
  g_signal_connect (client, "item-restored", G_CALLBACK (item_restored_cb), NULL);
  g_signal_connect (client, "notify::state", G_CALLBACK (state_cb), loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  confer_client_disconnect (client);
  return confer_client_get_state (client) == CONFER_CONNECTION_REFUSED ? 1 : 0;
}
