/* confer-test-server.c: a real conferd process, and raw WebSocket peers,
 * for the server tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>

#include "confer-client-private.h"
#include "confer-test-server.h"

#define WAIT_MS 15000

/* conferd dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
server_spawn (ConferTestServer *self,
              gboolean          new_session)
{
  const char *conferd = g_getenv ("CONFERD");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  g_autofree char *idle = g_strdup_printf ("%u", self->idle_timeout);
  const char *argv[14];
  guint n = 0;
  char *line;

  g_assert_nonnull (conferd);
  argv[n++] = conferd;
  argv[n++] = "--data-dir";
  argv[n++] = self->data_dir;
  argv[n++] = "--listen";
  argv[n++] = "127.0.0.1";
  argv[n++] = "--port";
  argv[n++] = port;
  if (self->insecure)
    argv[n++] = "--insecure";
  if (self->idle_timeout > 0)
    {
      argv[n++] = "--idle-timeout";
      argv[n++] = idle;
    }
  if (new_session)
    {
      argv[n++] = "--new-session";
      argv[n++] = "Test session";
    }
  argv[n] = NULL;

  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    self->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  /* conferd prints its port, fingerprint and link, then serves. */
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;

      if (g_str_has_prefix (line, "conferd: listening on port "))
        self->port = g_ascii_strtoull (line + strlen ("conferd: listening on port "), NULL, 10);
      else if (g_str_has_prefix (line, "conferd: certificate fingerprint "))
        {
          g_free (self->fingerprint);
          self->fingerprint = g_strdup (line + strlen ("conferd: certificate fingerprint "));
        }
      else if (g_str_has_prefix (line, "confer://"))
        self->link = g_steal_pointer (&owned);
      if (self->port != 0 && (!new_session || self->link != NULL))
        break;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (self->port, !=, 0);
}

/**
 * confer_test_server_start:
 * @insecure: serve plain ws:// instead of wss://
 *
 * Starts conferd (the program in $CONFERD) on a free loopback port with a
 * new temporary data directory and a new session.
 *
 * Returns: (transfer full): the running server
 */
ConferTestServer *
confer_test_server_start (gboolean insecure)
{
  ConferTestServer *self = g_new0 (ConferTestServer, 1);
  g_autoptr(GError) error = NULL;

  self->data_dir = g_dir_make_tmp ("conferd-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->insecure = insecure;
  server_spawn (self, TRUE);
  return self;
}

/**
 * confer_test_server_start_idle:
 * @idle_timeout: conferd's `--idle-timeout`, in seconds
 *
 * Starts an insecure conferd as confer_test_server_start() does, closing
 * connections silent for @idle_timeout seconds.
 *
 * Returns: (transfer full): the running server
 */
ConferTestServer *
confer_test_server_start_idle (guint idle_timeout)
{
  ConferTestServer *self = g_new0 (ConferTestServer, 1);
  g_autoptr(GError) error = NULL;

  self->data_dir = g_dir_make_tmp ("conferd-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->insecure = TRUE;
  self->idle_timeout = idle_timeout;
  server_spawn (self, TRUE);
  return self;
}

/**
 * confer_test_server_kill:
 * @self: a running server
 *
 * Kills conferd with SIGKILL, as a crash would, and waits for it to die.
 */
void
confer_test_server_kill (ConferTestServer *self)
{
  g_subprocess_send_signal (self->process, SIGKILL);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

/**
 * confer_test_server_restart:
 * @self: a killed server
 *
 * Starts conferd again on the same data directory and port.
 */
void
confer_test_server_restart (ConferTestServer *self)
{
  server_spawn (self, FALSE);
}

/**
 * confer_test_server_add_session:
 * @self: a running server
 *
 * Starts conferd again on the same data directory and port with one more
 * session.
 *
 * Returns: (transfer full): the new session's owner link (the server's
 *   link stays the first session's)
 */
char *
confer_test_server_add_session (ConferTestServer *self)
{
  g_autofree char *first = g_steal_pointer (&self->link);
  char *link;

  confer_test_server_kill (self);
  server_spawn (self, TRUE);
  link = g_steal_pointer (&self->link);
  self->link = g_steal_pointer (&first);
  return link;
}

/**
 * confer_test_remove_dir:
 * @path: a directory of files and directories (a data directory, a cache)
 *
 * Deletes what @path holds, then @path.
 */
void
confer_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        confer_test_remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/**
 * confer_test_server_free:
 * @self: (transfer full): a server
 *
 * Stops conferd and deletes its data directory.
 */
void
confer_test_server_free (ConferTestServer *self)
{
  if (self->process != NULL)
    confer_test_server_kill (self);
  confer_test_remove_dir (self->data_dir);
  g_free (self->data_dir);
  g_free (self->link);
  g_free (self->fingerprint);
  g_free (self);
}

/**
 * confer_test_client_new:
 * @link: a link
 * @name: a display name
 *
 * Returns: (transfer full): a client welcomed into the session
 */
ConferClient *
confer_test_client_new (const char *link,
                        const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferLink) parsed = confer_link_parse (link, &error);
  ConferClient *client;

  g_assert_no_error (error);
  client = confer_client_new (parsed, name);
  confer_client_connect (client);
  confer_client_wait_online (client, WAIT_MS, &error);
  g_assert_no_error (error);
  return client;
}

/**
 * confer_test_request:
 * @client: an online client
 * @json: a request as JSON text (no txn)
 * @error: return location for the server's refusal
 *
 * Returns: (transfer full) (nullable): the answer
 */
ConferMessage *
confer_test_request (ConferClient  *client,
                     const char    *json,
                     GError       **error)
{
  g_autoptr(ConferMessage) request = confer_message_decode (json, strlen (json), G_MAXSIZE, NULL);

  g_assert_nonnull (request);
  return confer_client_request (client, request, WAIT_MS, error);
}

/**
 * confer_test_create_doc:
 * @client: an online client allowed to create documents
 * @title: a title that needs no escaping in JSON
 *
 * Creates a document, failing the test if the server refuses.
 *
 * Returns: (transfer full): its id
 */
char *
confer_test_create_doc (ConferClient *client,
                        const char   *title)
{
  g_autofree char *json = g_strdup_printf ("{\"type\": \"doc.create\", \"title\": \"%s\"}", title);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) created = confer_test_request (client, json, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "id"));
}

/**
 * confer_test_insert:
 * @client: an online client allowed to edit
 * @doc_id: a document of its session
 * @text: text to insert at the start
 *
 * Opens the document and inserts @text, waiting until the server has it;
 * fails the test otherwise.
 */
void
confer_test_insert (ConferClient *client,
                    const char   *doc_id,
                    const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = confer_text_op_new_insert (0, text, -1);
  ConferClientDoc *doc = confer_client_open_doc (client, doc_id);

  confer_client_doc_wait (doc, FALSE, WAIT_MS, &error);
  g_assert_no_error (error);
  confer_client_doc_apply_local (doc, op, &error);
  g_assert_no_error (error);
  confer_client_doc_wait (doc, TRUE, WAIT_MS, &error);
  g_assert_no_error (error);
}

/**
 * confer_test_invite:
 * @owner: an owner's client
 * @role: a role name
 * @expires_in: seconds, or 0
 * @uses: allowed uses, or 0
 * @invite_id: (out) (optional) (transfer full): the invite's id
 *
 * Returns: (transfer full): a link with a new invite
 */
char *
confer_test_invite (ConferClient  *owner,
                    const char    *role,
                    guint64        expires_in,
                    guint64        uses,
                    char         **invite_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferInvite) invite = NULL;
  ConferRole parsed;

  g_assert_true (confer_role_from_string (role, &parsed));
  invite = confer_client_create_invite (owner, parsed, expires_in, uses, WAIT_MS, &error);
  g_assert_no_error (error);
  if (invite_id != NULL)
    *invite_id = g_strdup (confer_invite_get_id (invite));
  return g_strdup (confer_invite_get_link (invite));
}

/**
 * confer_test_add_bad_rows:
 * @prefix: the tests' path before `/bad-input/` ("/chat")
 * @rows: (array length=n_rows): the rows, which must outlive the tests
 *   (static tables)
 * @n_rows: the number of @rows
 * @test: the test each row is given to, as its data
 *
 * Adds a test of each row, `@prefix/bad-input/NAME`, with
 * g_test_add_data_func().
 */
void
confer_test_add_bad_rows (const char             *prefix,
                          const ConferTestBadRow *rows,
                          guint                   n_rows,
                          GTestDataFunc           test)
{
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/bad-input/%s", prefix, rows[i].name);

      g_test_add_data_func (path, &rows[i], test);
    }
}

struct _ConferTestSocket
{
  SoupSession             *session;
  SoupWebsocketConnection *conn;
  GQueue                   received;  /* ConferMessage */
  gboolean                 closed;
};

static void
socket_message_cb (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *bytes,
                   gpointer                 data)
{
  ConferTestSocket *self = data;
  gsize n;
  const char *text = g_bytes_get_data (bytes, &n);
  ConferMessage *message = confer_message_decode (text, n, G_MAXSIZE, NULL);

  g_assert_nonnull (message);
  g_queue_push_tail (&self->received, message);
}

static void
socket_closed_cb (SoupWebsocketConnection *conn,
                  gpointer                 data)
{
  ((ConferTestSocket *) data)->closed = TRUE;
}

static void
socket_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  ConferTestSocket *self = data;
  g_autoptr(GError) error = NULL;

  self->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/**
 * confer_test_socket_new:
 * @self: an insecure server
 *
 * Opens a raw WebSocket to the server's `/ws`, to send anything at all.
 *
 * Returns: (transfer full): the socket
 */
ConferTestSocket *
confer_test_socket_new (ConferTestServer *server)
{
  ConferTestSocket *self = g_new0 (ConferTestSocket, 1);
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/ws", server->port);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);

  self->session = soup_session_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        socket_connected_cb, self);
  while (self->conn == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  soup_websocket_connection_set_max_incoming_payload_size (self->conn, 64 * 1024 * 1024);
  g_signal_connect (self->conn, "message", G_CALLBACK (socket_message_cb), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (socket_closed_cb), self);
  return self;
}

/**
 * confer_test_socket_send:
 * @self: a socket
 * @text: a text frame's payload
 */
void
confer_test_socket_send (ConferTestSocket *self,
                         const char       *text)
{
  soup_websocket_connection_send_text (self->conn, text);
}

/**
 * confer_test_socket_send_binary:
 * @self: a socket
 * @data: a binary frame's payload
 * @n_bytes: its length
 */
void
confer_test_socket_send_binary (ConferTestSocket *self,
                                const char       *data,
                                gsize             n_bytes)
{
  soup_websocket_connection_send_binary (self->conn, data, n_bytes);
}

/**
 * confer_test_socket_next:
 * @self: a socket
 *
 * Returns: (transfer full) (nullable): the next message from the server,
 *   or %NULL if the connection closed or none came within 15 s
 */
ConferMessage *
confer_test_socket_next (ConferTestSocket *self)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (self->received.length == 0 && !self->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return g_queue_pop_head (&self->received);
}

/**
 * confer_test_socket_join:
 * @server: a running server
 * @session: a session id
 * @name: the display name to join with
 * @invite: an invite token of the session
 * @participant_id: (out) (optional): the id the welcome gave
 *
 * A raw WebSocket peer that said `hello` and was welcomed (the test fails
 * otherwise).
 *
 * Returns: (transfer full): the socket
 */
ConferTestSocket *
confer_test_socket_join (ConferTestServer *server,
                         const char       *session,
                         const char       *name,
                         const char       *invite,
                         char            **participant_id)
{
  ConferTestSocket *socket = confer_test_socket_new (server);
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"%s\", "
                                            "\"session\": \"%s\", \"invite\": \"%s\"}", name, session, invite);
  g_autoptr(ConferMessage) welcome = confer_test_socket_hello (socket, hello);

  g_assert_nonnull (welcome);
  g_assert_cmpstr (confer_message_get_type_name (welcome), ==, "welcome");
  if (participant_id != NULL)
    *participant_id = g_strdup (json_object_get_string_member (json_object_get_object_member (confer_message_get_object (welcome), "you"), "id"));
  return socket;
}

/**
 * confer_test_socket_join_owner:
 * @server: a running server
 * @session_id: (out) (transfer full): the id of the session of @server's
 *   link
 * @owner_invite: (out) (transfer full): the owner invite token of that link
 *
 * A raw WebSocket peer joined as "Owner" through the owner link @server
 * printed at start (the test fails if the link does not parse or the
 * welcome does not come).
 *
 * Returns: (transfer full): the socket
 */
ConferTestSocket *
confer_test_socket_join_owner (ConferTestServer  *server,
                               char             **session_id,
                               char             **owner_invite)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferLink) link = confer_link_parse (server->link, &error);

  g_assert_no_error (error);
  *session_id = g_strdup (link->session);
  *owner_invite = g_strdup (link->invite);
  return confer_test_socket_join (server, link->session, "Owner", link->invite, NULL);
}

/**
 * confer_test_role_invites:
 * @owner: a socket joined as the session's owner
 * @roles: (array length=n_roles): role names ("editor", "commenter",
 *   "viewer", "guest")
 * @n_roles: the number of @roles
 *
 * Creates an invite for each of @roles with `invite.create` (txns "r0",
 * "r1", …), one after the other, each answered by `invite.created` (an
 * `error` fails the test).
 *
 * Returns: (transfer full) (array zero-terminated=1): the @n_roles invite
 *   tokens, in the order of @roles; free with g_strfreev()
 */
char **
confer_test_role_invites (ConferTestSocket  *owner,
                          const char *const *roles,
                          guint              n_roles)
{
  char **invites = g_new0 (char *, n_roles + 1);

  for (guint r = 0; r < n_roles; r++)
    {
      g_autoptr(ConferMessage) created = NULL;

      confer_test_socket_send_printf (owner, "{\"type\": \"invite.create\", \"role\": \"%s\", \"txn\": \"r%u\"}", roles[r], r);
      created = confer_test_socket_next_of (owner, "invite.created");
      invites[r] = g_strdup (json_object_get_string_member (confer_message_get_object (created), "token"));
    }
  return invites;
}

/**
 * confer_test_socket_next_of:
 * @self: a socket
 * @type: a message type
 *
 * The next message of @type; others (presence, typing, other tests'
 * changes) are skipped. An `error` fails the test, with its code and
 * message.
 *
 * Returns: (transfer full): the message
 */
ConferMessage *
confer_test_socket_next_of (ConferTestSocket *self,
                            const char       *type)
{
  for (;;)
    {
      ConferMessage *message = confer_test_socket_next (self);

      g_assert_nonnull (message);
      if (g_str_equal (confer_message_get_type_name (message), type))
        return message;
      if (g_str_equal (confer_message_get_type_name (message), "error"))
        g_error ("expected %s, got error %s: %s", type,
                 json_object_get_string_member (confer_message_get_object (message), "code"),
                 json_object_get_string_member (confer_message_get_object (message), "message"));
      confer_message_unref (message);
    }
}

/**
 * confer_test_socket_send_printf:
 * @self: a socket
 * @format: a printf() format for a frame's text
 * @...: its arguments
 *
 * confer_test_socket_send() of a formatted frame.
 */
void
confer_test_socket_send_printf (ConferTestSocket *self,
                                const char       *format,
                                ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  confer_test_socket_send (self, text);
}

/**
 * confer_test_socket_hello:
 * @self: a socket
 * @hello: a `hello` frame the server accepts
 *
 * Sends @hello, failing the test unless `welcome` is the answer.
 *
 * Returns: (transfer full): the welcome
 */
ConferMessage *
confer_test_socket_hello (ConferTestSocket *self,
                          const char       *hello)
{
  ConferMessage *welcome;

  confer_test_socket_send (self, hello);
  welcome = confer_test_socket_next (self);
  g_assert_nonnull (welcome);
  g_assert_cmpstr (confer_message_get_type_name (welcome), ==, "welcome");
  return welcome;
}

/**
 * confer_test_socket_expect_error:
 * @self: a socket
 * @code: the error code expected
 *
 * Reads messages until an `error` (skipping events such as other
 * participants' changes and presence) and asserts its code.
 */
void
confer_test_socket_expect_error (ConferTestSocket *self,
                                 const char       *code)
{
  g_autoptr(ConferMessage) answer = NULL;

  do
    {
      g_clear_pointer (&answer, confer_message_unref);
      answer = confer_test_socket_next (self);
      g_assert_nonnull (answer);
    }
  while (!g_str_equal (confer_message_get_type_name (answer), "error"));

  g_test_message ("  -> %s: %s", json_object_get_string_member (confer_message_get_object (answer), "code"),
                  json_object_get_string_member (confer_message_get_object (answer), "message"));
  g_assert_cmpstr (json_object_get_string_member (confer_message_get_object (answer), "code"), ==, code);
}

/**
 * confer_test_socket_is_open:
 * @self: a socket
 *
 * Returns: %TRUE until the server closes it
 */
gboolean
confer_test_socket_is_open (ConferTestSocket *self)
{
  return !self->closed;
}

/**
 * confer_test_socket_wait_closed:
 * @self: a socket
 *
 * Waits, at most 15 s past the server's 10 s hello timeout, for the server
 * to close the connection.
 *
 * Returns: the close code the server sent (1008 policy violation …); 1006
 *   if the connection ended without one (a server that stops reading a
 *   frame mid-way may see its close frame lost to a TCP reset); 0 if the
 *   connection is still open
 */
gushort
confer_test_socket_wait_closed (ConferTestSocket *self)
{
  gint64 deadline = g_get_monotonic_time () + (WAIT_MS + 10000) * 1000;
  gushort code;

  while (!self->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (!self->closed)
    return 0;
  code = soup_websocket_connection_get_close_code (self->conn);
  return code != 0 ? code : SOUP_WEBSOCKET_CLOSE_ABNORMAL;
}

/**
 * confer_test_socket_free:
 * @self: (transfer full): a socket
 */
void
confer_test_socket_free (ConferTestSocket *self)
{
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (self->conn);
    }
  g_queue_clear_full (&self->received, (GDestroyNotify) confer_message_unref);
  g_object_unref (self->session);
  g_free (self);
}

/**
 * confer_test_rss_kib:
 * @pid: a process
 *
 * Returns: its resident memory (VmRSS), in KiB; 0 if it cannot be read
 */
gsize
confer_test_rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}
