/* bench-state.c: the capacity benchmark's load with none of Confer in it,
 * to measure what the libraries Confer is built on cost by themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-floor CONNECTIONS SECONDS
 *
 * The same lockstep load as `bench-server capacity` (each connection sends
 * the next `doc.op`-sized frame when the previous one is answered), from
 * libsoup clients to a libsoup WebSocket server in a second process that
 * does nothing but what the stage names:
 *
 *   websocket   answer each frame with a fixed `doc.ack`-sized frame
 *   json        also parse every frame with json-glib on both sides, and
 *               build each answer with JsonBuilder and JsonGenerator
 *   json+sqlite also insert each frame into SQLite (WAL, synchronous=NORMAL,
 *               as conferd) in one transaction per main-loop pass, and
 *               answer only after the commit
 *
 * No operation is transformed or applied, no protocol is checked and no
 * client keeps any state: the ops/s of a stage bound what any server and
 * client built on those libraries can reach on this machine under this
 * load. Prints one JSON line per stage.
 *
 * The server role (`bench-floor serve STAGE DIR`) prints its port on
 * stdout and serves until killed.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "confer-test-server.h"

#define OP_FRAME  "{\"type\":\"doc.op\",\"doc\":\"dIb-hogdtxJaL7wd\",\"rev\":12345,\"op\":[12345,\"x\"],\"txn\":\"c1-12346\"}"
#define ACK_FRAME "{\"type\":\"doc.ack\",\"doc\":\"dIb-hogdtxJaL7wd\",\"rev\":12346,\"txn\":\"c1-12346\"}"

static const char *const stages[] = { "websocket", "json", "json+sqlite" };

/* The server role */

typedef struct
{
  gboolean       json;
  JsonParser    *parser;
  JsonGenerator *generator;
  sqlite3       *db;          /* NULL unless the stage stores */
  sqlite3_stmt  *insert;
  GPtrArray     *waiting;     /* connections whose frame awaits the commit */
  guint          commit_source;
  gint64         revision;
} Floor;

static void
send_answer (Floor                   *state,
             SoupWebsocketConnection *conn)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!state->json)
    {
      soup_websocket_connection_send_text (conn, ACK_FRAME);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "doc.ack");
  json_builder_set_member_name (builder, "doc");
  json_builder_add_string_value (builder, "dIb-hogdtxJaL7wd");
  json_builder_set_member_name (builder, "rev");
  json_builder_add_int_value (builder, ++state->revision);
  json_builder_set_member_name (builder, "txn");
  json_builder_add_string_value (builder, "c1-12346");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (state->generator, root);
  text = json_generator_to_data (state->generator, NULL);
  soup_websocket_connection_send_text (conn, text);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bench-floor: %s: %s", sql, sqlite3_errmsg (db));
}

static gboolean
commit_cb (gpointer data)
{
  Floor *state = data;

  exec_or_die (state->db, "BEGIN");
  for (guint i = 0; i < state->waiting->len; i++)
    {
      sqlite3_bind_int64 (state->insert, 1, state->revision + i + 1);
      sqlite3_bind_text (state->insert, 2, "[12345,\"x\"]", -1, SQLITE_STATIC);
      if (sqlite3_step (state->insert) != SQLITE_DONE)
        g_error ("bench-floor: insert: %s", sqlite3_errmsg (state->db));
      sqlite3_reset (state->insert);
    }
  exec_or_die (state->db, "COMMIT");
  for (guint i = 0; i < state->waiting->len; i++)
    send_answer (state, state->waiting->pdata[i]);
  g_ptr_array_set_size (state->waiting, 0);
  state->commit_source = 0;
  return G_SOURCE_REMOVE;
}

static void
serve_message_cb (SoupWebsocketConnection *conn,
                  gint                     type,
                  GBytes                  *bytes,
                  gpointer                 data)
{
  Floor *state = data;

  if (state->json)
    {
      gsize n_bytes;
      const char *text = g_bytes_get_data (bytes, &n_bytes);

      if (!json_parser_load_from_data (state->parser, text, n_bytes, NULL))
        g_error ("bench-floor: the client sent bad JSON");
    }
  if (state->db == NULL)
    {
      send_answer (state, conn);
      return;
    }
  /* As conferd: commit once the sockets are drained. */
  g_ptr_array_add (state->waiting, conn);
  if (state->commit_source == 0)
    state->commit_source = g_idle_add (commit_cb, state);
}

static void
serve_websocket_cb (SoupServer              *server,
                    SoupServerMessage       *msg,
                    const char              *path,
                    SoupWebsocketConnection *conn,
                    gpointer                 data)
{
  g_object_ref (conn);
  g_signal_connect (conn, "message", G_CALLBACK (serve_message_cb), data);
  g_signal_connect (conn, "closed", G_CALLBACK (g_object_unref), NULL);
}

G_GNUC_NORETURN static void
serve (const char *stage,
       const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  Floor state = { 0, };

  state.json = g_str_has_prefix (stage, "json");
  state.parser = json_parser_new ();
  state.generator = json_generator_new ();
  state.waiting = g_ptr_array_new ();
  if (g_str_has_suffix (stage, "sqlite"))
    {
      g_autofree char *path = g_build_filename (dir, "state.sqlite", NULL);

      if (sqlite3_open (path, &state.db) != SQLITE_OK)
        g_error ("bench-floor: cannot open %s", path);
      exec_or_die (state.db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                             "CREATE TABLE ops (rev INTEGER PRIMARY KEY, op TEXT NOT NULL)");
      if (sqlite3_prepare_v2 (state.db, "INSERT INTO ops (rev, op) VALUES (?, ?)", -1, &state.insert, NULL) != SQLITE_OK)
        g_error ("bench-floor: prepare: %s", sqlite3_errmsg (state.db));
    }

  soup_server_add_websocket_handler (server, "/ws", NULL, NULL, serve_websocket_cb, &state, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bench-floor: %s", error->message);
  uris = soup_server_get_uris (server);
  printf ("%d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

/* The load */

typedef struct
{
  JsonParser *parser;      /* NULL unless the stage parses */
  guint64     answered;
  gboolean    running;
  guint       connecting;
  GPtrArray  *connections;
} Load;

static void
load_message_cb (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *bytes,
                 gpointer                 data)
{
  Load *load = data;

  if (load->parser != NULL)
    {
      gsize n_bytes;
      const char *text = g_bytes_get_data (bytes, &n_bytes);

      if (!json_parser_load_from_data (load->parser, text, n_bytes, NULL))
        g_error ("bench-floor: the server sent bad JSON");
    }
  if (!load->running)
    return;
  load->answered++;
  soup_websocket_connection_send_text (conn, OP_FRAME);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Load *load = data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (conn == NULL)
    g_error ("bench-floor: %s", error->message);
  g_signal_connect (conn, "message", G_CALLBACK (load_message_cb), load);
  g_ptr_array_add (load->connections, conn);
  load->connecting--;
}

static void
run_stage (const char *self,
           const char *stage,
           guint       n,
           guint       seconds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-floor-XXXXXX", &error);
  const char *argv[] = { self, "serve", stage, dir, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  Load load = { 0, };
  gint64 start, end;

  g_assert_no_error (error);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  port = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  url = g_strdup_printf ("ws://127.0.0.1:%s/ws", port);

  load.parser = g_str_has_prefix (stage, "json") ? json_parser_new () : NULL;
  load.connections = g_ptr_array_new_with_free_func (g_object_unref);
  load.connecting = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

      soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, connected_cb, &load);
    }
  while (load.connecting > 0)
    g_main_context_iteration (NULL, TRUE);

  load.running = TRUE;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    soup_websocket_connection_send_text (load.connections->pdata[i], OP_FRAME);
  end = start + (gint64) seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  load.running = FALSE;

  printf ("{\"mode\":\"floor\",\"stage\":\"%s\",\"connections\":%u,\"seconds\":%u,\"ops_per_s\":%.0f}\n",
          stage, n, seconds, load.answered / ((g_get_monotonic_time () - start) / 1e6));
  fflush (stdout);

  g_ptr_array_unref (load.connections);
  g_clear_object (&load.parser);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  confer_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "serve"))
    serve (argv[2], argv[3]);
  if (argc != 3)
    {
      fprintf (stderr, "Usage: bench-floor CONNECTIONS SECONDS\n");
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    run_stage (argv[0], stages[i], atoi (argv[1]), atoi (argv[2]));
  return 0;
}
