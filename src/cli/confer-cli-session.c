/* confer-cli-session.c: connecting to a session from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-session"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <stdio.h>

#include "confer-cli.h"

/**
 * confer_cli_parse:
 * @context: an option context with the command's entries
 * @command: the command's name, for messages
 * @argc: (inout): argument count
 * @argv: (inout): arguments
 *
 * Parses options, printing what is wrong. A "--" ends them and is taken
 * out, so that arguments after it may begin with "-" (ids may).
 *
 * Returns: %TRUE on success
 */
gboolean
confer_cli_parse (GOptionContext   *context,
                  const char       *command,
                  int              *argc,
                  char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "confer-cli %s: %s\n", command, error->message);
      return FALSE;
    }
  /* GOption keeps "--" when an argument after it begins with "-", as a
   * message or element id may ("-kIOYy-BT-seg0h9"): it only ends the
   * options, so it goes. */
  for (int i = 1; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--"))
      {
        memmove (*argv + i, *argv + i + 1, (*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }
  return TRUE;
}

/* Where confer-cli keeps, per session and invite, the participant it
 * joined as, so that it comes back as them:
 * $XDG_STATE_HOME/confer/cli-identities.ini, one group per
 * host:port/session/invite with the token, the participant id and the
 * name. Another invite to the same session is someone else's (it may
 * grant another role), so it makes another participant. */
static char *
identities_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "confer", "cli-identities.ini", NULL);
}

static char *
session_key (const ConferLink *link)
{
  return g_strdup_printf ("%s:%u/%s/%s", link->host, link->port, link->session,
                          link->invite != NULL ? link->invite : "");
}

static void
remember_identity (ConferClient *client,
                   const char   *name)
{
  g_autofree char *path = identities_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *group = session_key (confer_client_get_link (client));
  g_autoptr(GKeyFile) identities = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  if (confer_client_get_token (client) == NULL)
    return;
  /* Read again rather than reuse what confer_cli_connect() read: another
   * confer-cli may have kept its identity while this one was connecting. */
  g_key_file_load_from_file (identities, path, G_KEY_FILE_NONE, NULL);
  g_key_file_set_string (identities, group, "token", confer_client_get_token (client));
  g_key_file_set_string (identities, group, "participant", confer_client_get_participant_id (client));
  g_key_file_set_string (identities, group, "name", name);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (identities, path, &error))
    g_warning ("The identity in this session could not be kept: %s", error != NULL ? error->message : dir);
  else
    g_chmod (path, 0600);
}

/**
 * confer_cli_connect:
 * @link: a `confer://` link
 * @name: (nullable): display name; %NULL for the one this session knows
 *   confer-cli by, or the user's real name
 * @error: return location for a #GError
 *
 * Parses the link, connects and waits until welcomed. confer-cli comes
 * back to a session as the participant it was there before (the token is
 * kept under `$XDG_STATE_HOME/confer/`), unless @name asks for another
 * name, which makes a new participant.
 *
 * Returns: (transfer full) (nullable): an online client, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_LINK, %G_IO_ERROR_PERMISSION_DENIED (refused)
 *   or %G_IO_ERROR_TIMED_OUT
 */
ConferClient *
confer_cli_connect (const char  *link,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(ConferLink) parsed = confer_link_parse (link, error);
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GKeyFile) identities = g_key_file_new ();
  g_autofree char *path = identities_path ();
  g_autofree char *group = NULL;
  g_autofree char *known_name = NULL;
  g_autofree char *token = NULL;
  const char *real_name = g_get_real_name ();

  if (parsed == NULL)
    return NULL;
  group = session_key (parsed);
  if (g_key_file_load_from_file (identities, path, G_KEY_FILE_NONE, NULL))
    {
      known_name = g_key_file_get_string (identities, group, "name", NULL);
      token = g_key_file_get_string (identities, group, "token", NULL);
    }
  if (name == NULL)
    name = known_name;
  if (name == NULL)
    name = real_name != NULL && *real_name != '\0' && !g_str_equal (real_name, "Unknown") ? real_name : g_get_user_name ();
  client = confer_client_new (parsed, name);
  if (token != NULL && g_strcmp0 (name, known_name) == 0)
    confer_client_set_token (client, token);
  confer_client_connect (client);
  if (!confer_client_wait_online (client, CONFER_CLI_TIMEOUT_MS, error))
    return NULL;
  remember_identity (client, name);
  return g_steal_pointer (&client);
}

/**
 * confer_cli_ensure_doc:
 * @client: an online client
 * @id_or_title: a document id or title
 * @create: create a document with that title if there is none
 * @error: return location for a #GError
 *
 * Returns: (nullable): the document's id, or %NULL with
 *   %CONFER_PROTOCOL_ERROR_UNKNOWN_DOC or the server's error
 */
const char *
confer_cli_ensure_doc (ConferClient  *client,
                       const char    *id_or_title,
                       gboolean       create,
                       GError       **error)
{
  const char *id = confer_client_find_doc (client, id_or_title);
  g_autoptr(ConferItem) item = NULL;

  if (id != NULL)
    return id;
  if (!create)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                   "The session has no document “%s”", id_or_title);
      return NULL;
    }
  item = confer_client_create_item (client, CONFER_ITEM_KIND_TEXT, id_or_title, CONFER_CLI_TIMEOUT_MS, error);
  /* The client's list keeps the item, and with it the id. */
  return item != NULL ? confer_item_get_id (item) : NULL;
}
