/* confer-cli-breakout.c: confer-cli breakout — an owner opens a call's
 * breakout rooms, moves members between them, and brings everyone back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-breakout"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "confer-cli.h"

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Runs the main context until @result is set. */
static void
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The member ids of @room (a room id, or CONFER_CALL_MAIN_ROOM), as a
 * JSON array. */
static JsonArray *
members_in (ConferClientCall *call,
            const char       *room)
{
  GListModel *members = confer_client_call_get_members (call);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      if (g_str_equal (confer_call_member_get_room (member), room))
        json_array_add_string_element (array, confer_call_member_get_id (member));
    }
  return array;
}

/* Prints the call's rooms as this client knows them now: `{"main":
 * [member ids], "rooms": [{"id", "name", "members": [member ids]}],
 * "choose": bool, "ends": Unix ms}`. */
static void
print_rooms (ConferClientCall *call)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *rooms = json_array_new ();
  GListModel *model = confer_client_call_get_rooms (call);
  g_autofree char *text = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ConferCallRoom) room = g_list_model_get_item (model, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "id", confer_call_room_get_id (room));
      json_object_set_string_member (entry, "name", confer_call_room_get_name (room));
      json_object_set_array_member (entry, "members", members_in (call, confer_call_room_get_id (room)));
      json_array_add_object_element (rooms, entry);
    }
  json_object_set_array_member (object, "main", members_in (call, CONFER_CALL_MAIN_ROOM));
  json_object_set_array_member (object, "rooms", rooms);
  json_object_set_boolean_member (object, "choose", confer_client_call_get_choose (call));
  json_object_set_int_member (object, "ends", confer_client_call_get_ends (call));
  json_node_take_object (node, object);
  text = json_to_string (node, FALSE);
  printf ("%s\n", text);
}

typedef gboolean (*Settled) (ConferClientCall *call,
                             gpointer          data);

/* Runs the main context until @settled says the call's state shows what
 * the server did (its `call.state` follows the answer), for at most
 * CONFER_CLI_TIMEOUT_MS. */
static gboolean
settle (ConferClientCall  *call,
        Settled            settled,
        gpointer           data,
        GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) CONFER_CLI_TIMEOUT_MS * 1000;

  while (!settled (call, data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (settled (call, data))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The call's state did not follow within %d ms",
               CONFER_CLI_TIMEOUT_MS);
  return FALSE;
}

/* The member ids WHO names: a member id in the call, or every member of
 * the participants called WHO. */
static GPtrArray *
find_members (ConferClient  *client,
              const char    *who,
              GError       **error)
{
  ConferClientCall *call = confer_client_get_call (client);
  GListModel *members = confer_client_call_get_members (call);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  if (confer_client_call_find_member (call, who) != NULL)
    {
      g_ptr_array_add (found, g_strdup (who));
      return g_steal_pointer (&found);
    }
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);
      ConferParticipant *participant = confer_client_find_participant (client,
                                                                       confer_call_member_get_participant (member));

      if (participant != NULL && g_str_equal (confer_participant_get_name (participant), who))
        g_ptr_array_add (found, g_strdup (confer_call_member_get_id (member)));
    }
  if (found->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Nobody called “%s” is in the call", who);
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* The id of the open room called @name, or CONFER_CALL_MAIN_ROOM for
 * "main" when no breakout room has that name. */
static const char *
find_room (ConferClientCall  *call,
           const char        *name,
           GError           **error)
{
  GListModel *rooms = confer_client_call_get_rooms (call);

  for (guint i = 0; i < g_list_model_get_n_items (rooms); i++)
    {
      g_autoptr(ConferCallRoom) room = g_list_model_get_item (rooms, i);

      if (g_str_equal (confer_call_room_get_name (room), name))
        return confer_call_room_get_id (room);  /* the list keeps it */
    }
  if (g_str_equal (name, CONFER_CALL_MAIN_ROOM))
    return CONFER_CALL_MAIN_ROOM;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No breakout room called “%s” is open", name);
  return NULL;
}

static int
breakout_open (int    argc,
               char **argv)
{
  g_auto(GStrv) assignments = NULL;
  g_autofree char *name = NULL;
  gboolean choose = FALSE;
  int minutes = 0;
  GOptionEntry entries[] = {
    { "assign", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &assignments,
      "Put WHO (a participant's name, or a member id) in ROOM (one of the names); repeatable", "WHO=ROOM" },
    { "choose", 0, 0, G_OPTION_ARG_NONE, &choose, "Let members move between the rooms themselves", NULL },
    { "minutes", 0, 0, G_OPTION_ARG_INT, &minutes, "Close the rooms by themselves after N minutes (1–240)", "N" },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK ROOM… — open breakout rooms in the session's call");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GVariantBuilder assign;
  ConferClientCall *call;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "breakout open", &argc, &argv))
    return 2;
  if (argc < 3 || minutes < 0 || minutes > CONFER_CALL_MAX_ROOM_MINUTES)
    {
      fprintf (stderr, "Usage: confer-cli breakout open LINK ROOM… [--assign WHO=ROOM]… [--choose] [--minutes N]\n"
               "(--minutes: 1–%d)\n", CONFER_CALL_MAX_ROOM_MINUTES);
      return 2;
    }
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      const char *room = strchr (assignments[i], '=');
      gboolean named = FALSE;

      for (int j = 2; room != NULL && j < argc && !named; j++)
        named = g_str_equal (argv[j], room + 1);
      if (!named)
        {
          fprintf (stderr, "confer-cli breakout open: --assign takes WHO=ROOM, ROOM one of the rooms opened, not “%s”\n",
                   assignments[i]);
          return 2;
        }
    }

  if ((client = confer_cli_connect (argv[1], name, &error)) == NULL)
    goto failed;
  call = confer_client_get_call (client);
  g_variant_builder_init (&assign, G_VARIANT_TYPE ("a{su}"));
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (assignments[i], "=", 2);
      g_autoptr(GPtrArray) members = NULL;
      int room = -1;

      /* Checked above: ROOM is one of them. */
      for (int j = 2; j < argc && room < 0; j++)
        if (g_str_equal (argv[j], parts[1]))
          room = j - 2;
      if ((members = find_members (client, parts[0], &error)) == NULL)
        {
          g_variant_builder_clear (&assign);
          goto failed;
        }
      for (guint j = 0; j < members->len; j++)
        g_variant_builder_add (&assign, "{su}", members->pdata[j], (guint32) room);
    }
  confer_client_call_breakout_async (call, (const char * const *) argv + 2, g_variant_builder_end (&assign), choose,
                                     (guint) minutes, NULL, done_cb, &result);
  wait_result (&result);
  /* The answer carries the call with its members moved. */
  if (!confer_client_call_breakout_finish (call, result, &error))
    goto failed;
  print_rooms (call);
  return 0;

failed:
  fprintf (stderr, "confer-cli breakout open: %s\n", error->message);
  return 1;
}

typedef struct
{
  const char *member;
  const char *room;
} MoveWait;

/* The member moved, or left the call. */
static gboolean
moved (ConferClientCall *call,
       gpointer          data)
{
  MoveWait *wait = data;
  ConferCallMember *member = confer_client_call_find_member (call, wait->member);

  return member == NULL || g_str_equal (confer_call_member_get_room (member), wait->room);
}

static int
breakout_move (int    argc,
               char **argv)
{
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK WHO ROOM — move a participant's members (WHO: a "
                                                            "name or a member id) to a breakout room, or to main");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  ConferClientCall *call;
  const char *room;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "breakout move", &argc, &argv))
    return 2;
  if (argc != 4)
    {
      fprintf (stderr, "Usage: confer-cli breakout move LINK WHO ROOM\n");
      return 2;
    }
  if ((client = confer_cli_connect (argv[1], name, &error)) == NULL)
    goto failed;
  call = confer_client_get_call (client);
  if ((members = find_members (client, argv[2], &error)) == NULL || (room = find_room (call, argv[3], &error)) == NULL)
    goto failed;
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      confer_client_call_move_async (call, members->pdata[i], room, NULL, done_cb, &result);
      wait_result (&result);
      if (!confer_client_call_move_finish (call, result, &error))
        goto failed;
    }
  for (guint i = 0; i < members->len; i++)
    {
      MoveWait wait = { members->pdata[i], room };

      if (!settle (call, moved, &wait, &error))
        goto failed;
    }
  print_rooms (call);
  return 0;

failed:
  fprintf (stderr, "confer-cli breakout move: %s\n", error->message);
  return 1;
}

/* The rooms closed, everyone in the main room. */
static gboolean
all_back (ConferClientCall *call,
          gpointer          data)
{
  GListModel *members = confer_client_call_get_members (call);

  if (g_list_model_get_n_items (confer_client_call_get_rooms (call)) > 0)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      if (!g_str_equal (confer_call_member_get_room (member), CONFER_CALL_MAIN_ROOM))
        return FALSE;
    }
  return TRUE;
}

static int
breakout_return (int    argc,
                 char **argv)
{
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK — close the breakout rooms, everyone back to main");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ConferClientCall *call;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "breakout return", &argc, &argv))
    return 2;
  if (argc != 2)
    {
      fprintf (stderr, "Usage: confer-cli breakout return LINK\n");
      return 2;
    }
  if ((client = confer_cli_connect (argv[1], name, &error)) == NULL)
    goto failed;
  call = confer_client_get_call (client);
  confer_client_call_return_async (call, NULL, done_cb, &result);
  wait_result (&result);
  if (!confer_client_call_return_finish (call, result, &error) || !settle (call, all_back, NULL, &error))
    goto failed;
  print_rooms (call);
  return 0;

failed:
  fprintf (stderr, "confer-cli breakout return: %s\n", error->message);
  return 1;
}

/**
 * confer_cli_breakout:
 * @argc: the arguments' count, argv[0] being "breakout"
 * @argv: `open LINK ROOM… [--assign WHO=ROOM]… [--choose] [--minutes N]`,
 *   `move LINK WHO ROOM` or `return LINK`, each with `[--name NAME]`
 *
 * Runs a call's breakout rooms (owners; the server refuses other roles):
 * `open` opens the rooms named, each its own mesh, putting WHO — a
 * participant's display name (all their members in the call) or a member
 * id — in the ROOM named, letting members move themselves with
 * `--choose`, closing them by themselves after `--minutes`; `move` moves
 * WHO to the open room named ROOM (or to `main`); `return` closes the
 * rooms and brings everyone back. The command need not be in the call.
 * Each prints the rooms once the server has them: `{"main": [member
 * ids], "rooms": [{"id", "name", "members": [member ids]}], "choose":
 * bool, "ends": Unix ms or 0}`.
 *
 * Returns: 0 once done; 1 if the server refused (`forbidden` for a role
 *   that may not run breakout rooms) or WHO or ROOM is not there; 2 for
 *   bad arguments
 */
int
confer_cli_breakout (int    argc,
                     char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "open"))
    return breakout_open (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "move"))
    return breakout_move (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "return"))
    return breakout_return (argc - 1, argv + 1);
  fprintf (stderr, "Usage: confer-cli breakout open|move|return LINK …\n");
  return 2;
}
