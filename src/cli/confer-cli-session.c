/* confer-cli-session.c: connecting to a session from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-session"

#include "config.h"

#include <stdio.h>

#include "confer-cli.h"

/**
 * confer_cli_parse:
 * @context: an option context with the command's entries
 * @command: the command's name, for messages
 * @argc: (inout): argument count
 * @argv: (inout): arguments
 *
 * Parses options, printing what is wrong.
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

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  fprintf (stderr, "confer-cli %s: %s\n", command, error->message);
  return FALSE;
}

/**
 * confer_cli_connect:
 * @link: a `confer://` link
 * @name: (nullable): display name (default: the user's real name)
 * @error: return location for a #GError
 *
 * Parses the link, connects and waits until welcomed.
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
  const char *real_name = g_get_real_name ();

  if (parsed == NULL)
    return NULL;
  if (name == NULL)
    name = real_name != NULL && *real_name != '\0' && !g_str_equal (real_name, "Unknown") ? real_name : g_get_user_name ();
  client = confer_client_new (parsed, name);
  confer_client_connect (client);
  if (!confer_client_wait_online (client, CONFER_CLI_TIMEOUT_MS, error))
    return NULL;
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
  g_autoptr(ConferMessage) request = NULL;
  g_autoptr(ConferMessage) reply = NULL;

  if (id != NULL)
    return id;
  if (!create)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                   "The session has no document “%s”", id_or_title);
      return NULL;
    }
  request = confer_message_new ("doc.create");
  json_object_set_string_member (confer_message_get_object (request), "title", id_or_title);
  reply = confer_client_request (client, request, CONFER_CLI_TIMEOUT_MS, error);
  if (reply == NULL)
    return NULL;
  id = confer_client_find_doc (client, id_or_title);
  if (id == NULL)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                 "The server created “%s” but did not list it", id_or_title);
  return id;
}
