/* confer-test-call.c: a raw WebSocket peer in its session's call, for the
 * server tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-call.h"

/**
 * confer_test_socket_join_call:
 * @socket: a socket joined to a session
 * @screen: whether it says it shares a screen
 *
 * Joins the session's call, without video, and waits for the answer.
 *
 * Returns: (transfer full): the member id the server gave
 */
char *
confer_test_socket_join_call (ConferTestSocket *socket,
                              gboolean          screen)
{
  g_autoptr(ConferMessage) joined = NULL;

  confer_test_socket_send_printf (socket, "{\"type\": \"call.join\", \"txn\": \"join\", \"video\": false, "
                                  "\"screen\": %s}", screen ? "true" : "false");
  joined = confer_test_socket_next_of (socket, "call.joined");
  g_assert_cmpstr (confer_message_get_txn (joined), ==, "join");
  return g_strdup (json_object_get_string_member (confer_message_get_object (joined), "member"));
}

/**
 * confer_test_socket_leave_call:
 * @socket: a socket in the call
 *
 * Leaves the call and waits for the answer (others' leaving, heard on the
 * way, has no txn).
 */
void
confer_test_socket_leave_call (ConferTestSocket *socket)
{
  confer_test_socket_send (socket, "{\"type\": \"call.leave\", \"txn\": \"leave\"}");
  for (;;)
    {
      g_autoptr(ConferMessage) left = confer_test_socket_next_of (socket, "call.left");

      if (g_strcmp0 (confer_message_get_txn (left), "leave") == 0)
        return;
    }
}

/**
 * confer_test_socket_assert_none_of:
 * @socket: a socket
 * @unwanted: a message type
 *
 * Reads until the answer to a `doc.list` sent now, failing the test on
 * any message of type @unwanted on the way.
 */
void
confer_test_socket_assert_none_of (ConferTestSocket *socket,
                                   const char       *unwanted)
{
  confer_test_socket_send (socket, "{\"type\": \"doc.list\", \"txn\": \"sync\"}");
  for (;;)
    {
      g_autoptr(ConferMessage) next = confer_test_socket_next (socket);
      const char *type;

      g_assert_nonnull (next);
      type = confer_message_get_type_name (next);
      if (g_str_equal (type, unwanted))
        g_error ("unexpected %s: %s", type, confer_message_encode (next, NULL));
      if (g_str_equal (type, "doc.list") && g_strcmp0 (confer_message_get_txn (next), "sync") == 0)
        return;
    }
}

/**
 * confer_test_socket_skip_to:
 * @socket: a socket
 * @type: a message type
 *
 * Reads up to and including the next message of @type.
 */
void
confer_test_socket_skip_to (ConferTestSocket *socket,
                            const char       *type)
{
  g_autoptr(ConferMessage) message = confer_test_socket_next_of (socket, type);
}
