/* confer-cli-invite.c: confer-cli invite — mint an invite link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-invite"

#include "config.h"

#include <stdio.h>

#include "confer-cli.h"

/* "90" (seconds), "45s", "30m", "12h", "7d" → seconds; 0 if malformed. */
static guint64
parse_duration (const char *text)
{
  char *end = NULL;
  guint64 n = g_ascii_strtoull (text, &end, 10);

  if (end == text || n == 0)
    return 0;
  if (*end == '\0' || g_str_equal (end, "s"))
    return n;
  if (g_str_equal (end, "m"))
    return n * 60;
  if (g_str_equal (end, "h"))
    return n * 3600;
  if (g_str_equal (end, "d"))
    return n * 86400;
  return 0;
}

/**
 * confer_cli_invite:
 * @argc: argument count, argv[0] being "invite"
 * @argv: arguments: LINK --role ROLE [--expires DURATION] [--uses N]
 *
 * Mints an invite (owners only) and prints its link.
 *
 * Returns: the exit status
 */
int
confer_cli_invite (int    argc,
                   char **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *expires = NULL;
  gint uses = 0;
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK — mint an invite link");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferInvite) invite = NULL;
  ConferRole parsed_role;
  guint64 seconds = 0;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "owner, editor, commenter, viewer or guest", "ROLE" },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, "Lifetime: N seconds, or Ns, Nm, Nh, Nd", "DURATION" },
    { "uses", 0, 0, G_OPTION_ARG_INT, &uses, "How many people may join with it (default: unlimited)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "invite", &argc, &argv))
    return 2;
  if (argc != 2 || role == NULL || uses < 0 || (expires != NULL && (seconds = parse_duration (expires)) == 0))
    {
      fprintf (stderr, "Usage: confer-cli invite LINK --role ROLE [--expires DURATION] [--uses N]\n");
      return 2;
    }
  if (!confer_role_from_string (role, &parsed_role))
    {
      fprintf (stderr, "confer-cli invite: “%s” is not a role: owner, editor, commenter, viewer or guest\n", role);
      return 2;
    }

  client = confer_cli_connect (argv[1], NULL, &error);
  if (client == NULL)
    {
      fprintf (stderr, "confer-cli invite: %s\n", error->message);
      return 1;
    }
  invite = confer_client_create_invite (client, parsed_role, seconds, uses, CONFER_CLI_TIMEOUT_MS, &error);
  if (invite == NULL)
    {
      fprintf (stderr, "confer-cli invite: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", confer_invite_get_link (invite));
  return 0;
}
