/* confer-cli.c: the headless Confer client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "confer-cli.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Subcommand;

static const Subcommand subcommands[] = {
  { "join",   "Join a session, print who is there and every event", confer_cli_join },
  { "cat",    "Print a document", confer_cli_cat },
  { "put",    "Make a document equal to a file", confer_cli_put },
  { "invite", "Mint an invite link (owners)", confer_cli_invite },
  { "replay", "Replay an editing trace locally or into a session", confer_cli_replay },
  { "board",  "Import, export or fuzz a board", confer_cli_board },
  { "chat",   "Send, read, search or fuzz the session's chat", confer_cli_chat },
  { "voice",  "Send a voice message, or fetch one's audio", confer_cli_voice },
  { "call",   "Take part in the session's call with test sources", confer_cli_call },
  { "breakout", "Open, move between or close a call's breakout rooms (owners)", confer_cli_breakout },
  { "devices", "List the microphones, cameras and speakers a call can use", confer_cli_devices },
};

static int
usage (FILE *out)
{
  fprintf (out, "Usage: confer-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf (out, "\nRun “confer-cli COMMAND --help” for a command's options.\n");
  return out == stderr ? 2 : 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    return usage (stderr);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    return usage (stdout);
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("confer-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "confer-cli: unknown command “%s”\n\n", argv[1]);
  return usage (stderr);
}
