/* confer-client-peek.c: asking a link's server what its invite gives,
 * without joining
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-client-peek"

#include "config.h"

#include "confer-client-private.h"

/* How long a peek may take before the server is called unreachable, in ms. */
#define PEEK_TIMEOUT_MS 10000

typedef struct
{
  ConferConnection *connection;
  GSource          *timeout;
  ConferInviteInfo *info;     /* the answer, once it came */
} Peek;

/**
 * confer_invite_info_free:
 * @info: (transfer full): what an invite gives
 */
void
confer_invite_info_free (ConferInviteInfo *info)
{
  g_free (info->session_title);
  g_free (info);
}

static void
peek_free (Peek *peek)
{
  confer_timeout_clear (&peek->timeout);
  g_signal_handlers_disconnect_by_data (peek->connection, peek);
  confer_connection_disconnect (peek->connection);
  g_object_unref (peek->connection);
  g_clear_pointer (&peek->info, confer_invite_info_free);
  g_free (peek);
}

/* `invite.info`: the answer; the connection is closed, which ends the task
 * in peek_state_cb(). */
static void
peek_message_cb (ConferConnection *connection,
                 ConferMessage    *message,
                 GTask            *task)
{
  Peek *peek = g_task_get_task_data (task);
  JsonObject *object = confer_message_get_object (message);

  if (!g_str_equal (confer_message_get_type_name (message), "invite.info") || peek->info != NULL)
    return;
  peek->info = g_new0 (ConferInviteInfo, 1);
  peek->info->session_title = g_strdup (json_object_get_string_member (json_object_get_object_member (object, "session"),
                                                                       "title"));
  if (!confer_role_from_string (json_object_get_string_member (object, "role"), &peek->info->role))
    peek->info->role = CONFER_ROLE_GUEST;
  peek->info->expires = json_object_get_int_member (object, "expires");
  confer_connection_disconnect (connection);
}

/* The task's one reference goes with its result, whichever comes first. */
static void
peek_state_cb (ConferConnection *connection,
               GParamSpec       *pspec,
               GTask            *task)
{
  Peek *peek = g_task_get_task_data (task);
  ConferConnectionState state = confer_connection_get_state (connection);

  if (state == CONFER_CONNECTION_REFUSED)
    g_task_return_new_error (task, G_IO_ERROR,
                             g_strcmp0 (confer_connection_get_refusal_code (connection), "unreachable") == 0
                               ? G_IO_ERROR_HOST_UNREACHABLE : G_IO_ERROR_PERMISSION_DENIED,
                             "%s", confer_connection_get_refusal (connection));
  else if (state == CONFER_CONNECTION_OFFLINE && peek->info != NULL)
    g_task_return_pointer (task, g_steal_pointer (&peek->info), (GDestroyNotify) confer_invite_info_free);
  else
    return;
  g_signal_handlers_disconnect_by_data (connection, task);
  confer_timeout_clear (&peek->timeout);
  g_object_unref (task);
}

static gboolean
peek_timeout_cb (gpointer data)
{
  GTask *task = data;
  Peek *peek = g_task_get_task_data (task);

  g_clear_pointer (&peek->timeout, g_source_unref);
  g_signal_handlers_disconnect_by_data (peek->connection, task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Could not reach the server at %s",
                           confer_connection_get_link (peek->connection)->host);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/**
 * confer_client_peek_async:
 * @link: a link with an invite
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the link's server what its invite gives — the session's title, the
 * role, the expiry — without joining: no participant is made and the
 * invite is not used (`hello` with `"peek": true`, answered by
 * `invite.info`). The certificate is pinned as for joining. Gives up after
 * 10 s.
 */
void
confer_client_peek_async (const ConferLink    *link,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Peek *peek = g_new0 (Peek, 1);
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, confer_client_peek_async);
  peek->connection = confer_connection_new (link, NULL);
  confer_connection_set_peek (peek->connection);
  g_task_set_task_data (task, peek, (GDestroyNotify) peek_free);
  g_signal_connect (peek->connection, "message", G_CALLBACK (peek_message_cb), task);
  g_signal_connect (peek->connection, "notify::state", G_CALLBACK (peek_state_cb), task);
  peek->timeout = confer_timeout_add (PEEK_TIMEOUT_MS, peek_timeout_cb, task);
  confer_connection_connect (peek->connection);
}

/**
 * confer_client_peek_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what the invite gives; or %NULL with
 *   %G_IO_ERROR_PERMISSION_DENIED (the server's refusal: an expired,
 *   revoked, used-up or unknown invite; or a certificate that does not
 *   match the link), %G_IO_ERROR_HOST_UNREACHABLE or %G_IO_ERROR_TIMED_OUT
 */
ConferInviteInfo *
confer_client_peek_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
