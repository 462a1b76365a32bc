/* conferd.c: the Confer session server program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "conferd"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "confer-protocol.h"
#include "confer-server.h"
#include "confer-slices.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *host = NULL;
  g_autofree char *new_session = NULL;
  gboolean insecure = FALSE;
  int idle_timeout = CONFER_PROTOCOL_IDLE_TIMEOUT;
  gint port = 7701;
  g_autoptr(GOptionContext) context = g_option_context_new ("— serve Confer sessions");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Where sessions, the certificate and key live (required)", "DIR" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default: all; 127.0.0.1 with --insecure)", "ADDR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP port, 0 for any free one (default: 7701)", "N" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Host name for links (default: the listen address, or this machine's name)", "NAME" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "Serve plain ws:// without TLS, on loopback only (for tests)", NULL },
    { "new-session", 0, 0, G_OPTION_ARG_STRING, &new_session, "Create a session with this title and print its owner link", "TITLE" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout, "Close a connection silent this long, in seconds (default: 30)", "S" },
    { NULL }
  };

  confer_slices_use_malloc (argv);
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "conferd: %s\n", error->message);
      return 2;
    }
  if (data_dir == NULL || port < 0 || port > 65535)
    {
      fprintf (stderr, "conferd: --data-dir DIR is required, and --port must be 0–65535\n");
      return 2;
    }

  if (idle_timeout < 1)
    {
      fprintf (stderr, "conferd: --idle-timeout must be at least 1 second\n");
      return 2;
    }

  confer_server_raise_fd_limit ();
  server = confer_server_new (data_dir, insecure);
  confer_server_set_idle_timeout (server, idle_timeout);
  if (!confer_server_start (server, listen, port, &error))
    {
      fprintf (stderr, "conferd: %s\n", error->message);
      return 1;
    }

  if (host == NULL)
    host = g_strdup (listen != NULL && !g_str_equal (listen, "0.0.0.0") && !g_str_equal (listen, "::")
                       ? listen : insecure ? "127.0.0.1" : g_get_host_name ());
  printf ("conferd: listening on port %u (%s)\n", confer_server_get_port (server),
          insecure ? "plain ws://, loopback only" : "wss://");
  if (!insecure)
    printf ("conferd: certificate fingerprint %s\n", confer_server_get_fingerprint (server));

  if (new_session != NULL)
    {
      g_autofree char *token = NULL;
      g_autofree char *id = NULL;
      g_autofree char *link = NULL;

      if (*new_session == '\0' || g_utf8_strlen (new_session, -1) > 200)
        {
          fprintf (stderr, "conferd: a session title has 1 to 200 characters\n");
          return 2;
        }
      id = confer_server_create_session (server, new_session, &token, &error);
      if (id == NULL)
        {
          fprintf (stderr, "conferd: %s\n", error->message);
          return 1;
        }
      link = confer_server_make_link (server, host, id, token);
      printf ("conferd: new session “%s”; owner link:\n%s\n", new_session, link);
    }
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  confer_server_stop (server);
  return 0;
}
