/* confer-client-call.c: a client's view of its session's call — who is
 * in it, joining, leaving and what this member sends — and the call's
 * signalling (offers, answers, ICE candidates) relayed by conferd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every connection of a session hears the call's state (`welcome`'s
 * `call`, `call.state`), in the call or not, so the client has one call
 * object from the start. A member is a connection: when the connection
 * drops, the server takes the member out, and this side is out of the
 * call too (#ConferCallSignalling:member-id becomes %NULL); if it had
 * joined, it joins again once the connection is back, as a new member.
 */
#define G_LOG_DOMAIN "confer-client-call"

#include "config.h"

#include "confer-client-private.h"

struct _ConferClientCall
{
  GObject          parent_instance;

  ConferClient    *client;      /* unowned: the client owns its call */
  GListStore      *members;     /* ConferCallMember, in the order they joined */
  gint64           started;     /* Unix ms; 0 when nobody is in the call */
  char            *member_id;   /* this side's, while in the call */
  gboolean         wanted;      /* joined (or joining), so rejoining after a lost connection */
  ConferCallFlags  flags;       /* what this side sends and whether it records, for (re)joining */
  char            *join_txn;    /* the `call.join` waiting for its answer */
  GTask           *join_task;   /* nullable: the confer_client_call_join_async() waiting */
};

enum {
  PROP_0,
  PROP_MEMBER_ID,
  N_PROPS
};

enum {
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void confer_client_call_signalling_init (ConferCallSignallingInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConferClientCall, confer_client_call, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CONFER_TYPE_CALL_SIGNALLING, confer_client_call_signalling_init))

/* Ends the confer_client_call_join_async() waiting, if any, with @error
 * (taken) or success. */
static void
complete_join_task (ConferClientCall *self,
                    GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->join_task);

  if (task == NULL)
    {
      if (error != NULL)
        g_debug ("Joining the call again failed: %s", error->message);
      g_clear_error (&error);
    }
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
confer_client_call_dispose (GObject *object)
{
  ConferClientCall *self = (ConferClientCall *) object;

  if (self->join_task != NULL)
    complete_join_task (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The client was closed"));

  G_OBJECT_CLASS (confer_client_call_parent_class)->dispose (object);
}

static void
confer_client_call_finalize (GObject *object)
{
  ConferClientCall *self = (ConferClientCall *) object;

  g_clear_object (&self->members);
  g_free (self->member_id);
  g_free (self->join_txn);

  G_OBJECT_CLASS (confer_client_call_parent_class)->finalize (object);
}

static void
confer_client_call_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConferClientCall *self = CONFER_CLIENT_CALL (object);

  switch (prop_id)
    {
    case PROP_MEMBER_ID:
      g_value_set_string (value, self->member_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_client_call_class_init (ConferClientCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_client_call_dispose;
  object_class->finalize = confer_client_call_finalize;
  object_class->get_property = confer_client_call_get_property;

  g_object_class_override_property (object_class, PROP_MEMBER_ID, "member-id");

  /**
   * ConferClientCall::refused:
   * @code: the server's error code (`forbidden`, `rate-limited`…)
   * @message: its explanation
   *
   * The server refused a `call.update` of this member (sharing a screen
   * or recording without the role for it); the member list keeps what the
   * server holds.
   */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
confer_client_call_init (ConferClientCall *self)
{
  self->members = g_list_store_new (CONFER_TYPE_CALL_MEMBER);
}

/**
 * confer_client_call_new:
 * @client: the client (not referenced: it owns the call)
 *
 * Returns: (transfer full): the session's call, empty until `welcome`
 */
ConferClientCall *
confer_client_call_new (ConferClient *client)
{
  ConferClientCall *self = g_object_new (CONFER_TYPE_CLIENT_CALL, NULL);

  self->client = client;
  return self;
}

static ConferConnection *
connection (ConferClientCall *self)
{
  return confer_client_get_connection (self->client);
}

static void
set_member_id (ConferClientCall *self,
               const char       *member_id)
{
  if (g_strcmp0 (self->member_id, member_id) == 0)
    return;
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);
  g_object_notify (G_OBJECT (self), "member-id");
}

static gboolean
find_position (ConferClientCall *self,
               const char       *member_id,
               guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->members));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);

      if (g_str_equal (confer_call_member_get_id (member), member_id))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Puts @member in the list: an update of the listed one with its id, or a
 * new row at the end (members join at the end). */
static void
merge_member (ConferClientCall *self,
              ConferCallMember *member)
{
  guint position;

  if (find_position (self, confer_call_member_get_id (member), &position))
    {
      g_autoptr(ConferCallMember) listed = g_list_model_get_item (G_LIST_MODEL (self->members), position);

      confer_call_member_update (listed, member);
      return;
    }
  g_list_store_append (self->members, member);
}

static void
remove_member (ConferClientCall *self,
               const char       *member_id)
{
  guint position;

  if (find_position (self, member_id, &position))
    g_list_store_remove (self->members, position);
  if (g_strcmp0 (member_id, self->member_id) == 0)
    set_member_id (self, NULL);
}

/* Makes the list the call state @call gives (checked by
 * confer_server_frame_check()): members gone are removed, those listed
 * are updated in place, new ones appended in the server's order. */
static void
read_state (ConferClientCall *self,
            JsonObject       *call)
{
  JsonArray *members = json_object_get_array_member (call, "members");
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (members) && fresh->len < CONFER_CALL_MAX_MEMBERS; i++)
    {
      g_autoptr(GError) error = NULL;
      ConferCallMember *member = confer_call_member_new_from_json (json_array_get_object_element (members, i), &error);

      if (member == NULL)
        {
          g_warning ("The server described a call member this client cannot show: %s", error->message);
          continue;
        }
      g_ptr_array_add (fresh, member);
      g_hash_table_add (ids, (gpointer) confer_call_member_get_id (member));
    }
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->members)); i > 0; i--)
    {
      g_autoptr(ConferCallMember) listed = g_list_model_get_item (G_LIST_MODEL (self->members), i - 1);

      if (!g_hash_table_contains (ids, confer_call_member_get_id (listed)))
        remove_member (self, confer_call_member_get_id (listed));
    }
  for (guint i = 0; i < fresh->len; i++)
    merge_member (self, fresh->pdata[i]);
  self->started = json_object_get_int_member (call, "started");
}

static void
send_join (ConferClientCall *self)
{
  g_autoptr(ConferMessage) join = confer_message_new ("call.join");
  JsonObject *object = confer_message_get_object (join);

  g_free (self->join_txn);
  self->join_txn = confer_connection_new_txn (connection (self));
  confer_message_set_txn (join, self->join_txn);
  json_object_set_boolean_member (object, "audio", (self->flags & CONFER_CALL_AUDIO) != 0);
  json_object_set_boolean_member (object, "video", (self->flags & CONFER_CALL_VIDEO) != 0);
  if (self->flags & CONFER_CALL_SCREEN)
    json_object_set_boolean_member (object, "screen", TRUE);
  confer_client_track_txn (self->client, self->join_txn, self);
  if (!confer_connection_send (connection (self), join))
    confer_client_untrack_txn (self->client, self->join_txn);
}

static void
send_leave (ConferClientCall *self)
{
  g_autoptr(ConferMessage) leave = confer_message_new ("call.leave");
  g_autofree char *txn = confer_connection_new_txn (connection (self));

  confer_message_set_txn (leave, txn);
  confer_connection_send (connection (self), leave);
}

/**
 * confer_client_call_resume:
 * @self: the call
 *
 * After (re)connecting: a call this side was in when its connection
 * dropped is joined again, as a new member, sending what it sent.
 */
void
confer_client_call_resume (ConferClientCall *self)
{
  if (self->wanted && self->member_id == NULL && self->join_txn == NULL)
    send_join (self);
}

/**
 * confer_client_call_connection_lost:
 * @self: the call
 *
 * The connection dropped: the server took this side's member out, so it
 * is out of the call (a join waiting for its answer fails with
 * %G_IO_ERROR_CONNECTION_CLOSED and is not retried).
 */
void
confer_client_call_connection_lost (ConferClientCall *self)
{
  if (self->join_txn != NULL)
    {
      confer_client_untrack_txn (self->client, self->join_txn);
      g_clear_pointer (&self->join_txn, g_free);
      if (self->join_task != NULL)
        self->wanted = FALSE;
      complete_join_task (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                     "The connection closed before the server answered"));
    }
  set_member_id (self, NULL);
}

static void
read_joined (ConferClientCall *self,
             ConferMessage    *message)
{
  JsonObject *object = confer_message_get_object (message);

  read_state (self, json_object_get_object_member (object, "call"));
  g_clear_pointer (&self->join_txn, g_free);
  if (!self->wanted)
    {
      /* Left (or given up on) while the join was on its way. */
      complete_join_task (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The call was left while joining"));
      send_leave (self);
      remove_member (self, json_object_get_string_member (object, "member"));
      return;
    }
  set_member_id (self, json_object_get_string_member (object, "member"));
  /* Joined again while recording: the others are told again. */
  if (self->flags & CONFER_CALL_RECORDING)
    confer_client_call_update (self, CONFER_CALL_RECORDING, CONFER_CALL_RECORDING);
  complete_join_task (self, NULL);
}

static void
read_error (ConferClientCall *self,
            ConferMessage    *message)
{
  JsonObject *object = confer_message_get_object (message);
  const char *code_name = json_object_get_string_member (object, "code");
  const char *text = json_object_get_string_member (object, "message");
  ConferProtocolError code;

  if (g_strcmp0 (confer_message_get_txn (message), self->join_txn) == 0)
    {
      if (!confer_protocol_error_from_string (code_name, &code))
        code = CONFER_PROTOCOL_ERROR_INTERNAL;
      g_clear_pointer (&self->join_txn, g_free);
      self->wanted = FALSE;
      complete_join_task (self, g_error_new (CONFER_PROTOCOL_ERROR, code, "%s", text));
      return;
    }
  g_debug ("Call: %s refused: %s", confer_message_get_txn (message), text);
  g_signal_emit (self, signals[REFUSED], 0, code_name, text);
}

/**
 * confer_client_call_handle:
 * @self: the call
 * @message: a message for it, checked by confer_server_frame_check():
 *   `welcome` (its `call`), `call.joined`, `call.member`, `call.left`,
 *   `call.state`, `call.offer`, `call.answer`, `call.ice`, or the `error`
 *   answering one of its requests
 *
 * Offers, answers and candidates are emitted only while this side is in
 * the call.
 */
void
confer_client_call_handle (ConferClientCall *self,
                           ConferMessage    *message)
{
  const char *type = confer_message_get_type_name (message);
  JsonObject *object = confer_message_get_object (message);

  if (g_str_equal (type, "welcome"))
    {
      if (json_object_has_member (object, "call") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "call")))
        read_state (self, json_object_get_object_member (object, "call"));
    }
  else if (g_str_equal (type, "call.joined"))
    {
      if (g_strcmp0 (confer_message_get_txn (message), self->join_txn) == 0)
        read_joined (self, message);
    }
  else if (g_str_equal (type, "call.state"))
    read_state (self, json_object_get_object_member (object, "call"));
  else if (g_str_equal (type, "call.member"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ConferCallMember) member = confer_call_member_new_from_json (json_object_get_object_member (object, "member"),
                                                                             &error);

      if (member == NULL)
        g_warning ("The server described a call member this client cannot show: %s", error->message);
      else
        merge_member (self, member);
    }
  else if (g_str_equal (type, "call.left"))
    remove_member (self, json_object_get_string_member (object, "member"));
  else if (g_str_equal (type, "call.offer") || g_str_equal (type, "call.answer"))
    {
      if (self->member_id != NULL)
        confer_call_signalling_emit_description (CONFER_CALL_SIGNALLING (self), json_object_get_string_member (object, "from"),
                                                 g_str_equal (type, "call.offer") ? CONFER_CALL_OFFER : CONFER_CALL_ANSWER,
                                                 json_object_get_string_member (object, "sdp"));
    }
  else if (g_str_equal (type, "call.ice"))
    {
      if (self->member_id != NULL)
        confer_call_signalling_emit_candidate (CONFER_CALL_SIGNALLING (self), json_object_get_string_member (object, "from"),
                                               (guint) MIN (json_object_get_int_member (object, "sdp_mline_index"), 63),
                                               json_object_get_string_member (object, "candidate"));
    }
  else if (g_str_equal (type, "error") && confer_message_get_txn (message) != NULL)
    read_error (self, message);
}

/**
 * confer_client_call_get_members:
 * @self: the call
 *
 * Everyone in the session sees who is in its call: the list follows
 * `call.member`, `call.left` and `call.state` (objects are updated in
 * place), in the order the members joined.
 *
 * Returns: (transfer none): the call's #ConferCallMembers, at most
 *   %CONFER_CALL_MAX_MEMBERS
 */
GListModel *
confer_client_call_get_members (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  return G_LIST_MODEL (self->members);
}

/**
 * confer_client_call_find_member:
 * @self: the call
 * @member_id: a member id
 *
 * Returns: (transfer none) (nullable): the listed member of that id, or
 *   %NULL if none is in the call
 */
ConferCallMember *
confer_client_call_find_member (ConferClientCall *self,
                                const char       *member_id)
{
  g_autoptr(ConferCallMember) member = NULL;
  guint position;

  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  if (member_id == NULL || !find_position (self, member_id, &position))
    return NULL;
  member = g_list_model_get_item (G_LIST_MODEL (self->members), position);
  return member;  /* the list keeps it */
}

/**
 * confer_client_call_get_member_id:
 * @self: the call
 *
 * Returns: (transfer none) (nullable): this side's member id while it is
 *   in the call (#ConferCallSignalling:member-id)
 */
const char *
confer_client_call_get_member_id (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  return self->member_id;
}

/**
 * confer_client_call_get_started:
 * @self: the call
 *
 * Returns: when the call's first member joined, Unix ms (the server's
 *   clock); 0 when nobody is in it
 */
gint64
confer_client_call_get_started (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), 0);

  return self->started;
}

/**
 * confer_client_call_join_async:
 * @self: the call of an online client
 * @flags: what this side sends: %CONFER_CALL_AUDIO, %CONFER_CALL_VIDEO,
 *   %CONFER_CALL_SCREEN (recording is set with confer_client_call_update())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Joins the call (`call.join`). Once joined, this side stays in the call
 * until confer_client_call_leave(), rejoining after a lost connection.
 */
void
confer_client_call_join_async (ConferClientCall    *self,
                               ConferCallFlags      flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CONFER_IS_CLIENT_CALL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_client_call_join_async);
  if (self->member_id != NULL || self->join_txn != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, "Already in the call, or joining it");
      return;
    }
  if (!confer_connection_is_welcomed (connection (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "Not connected to the server");
      return;
    }
  self->wanted = TRUE;
  self->flags = flags & (CONFER_CALL_AUDIO | CONFER_CALL_VIDEO | CONFER_CALL_SCREEN);
  self->join_task = g_steal_pointer (&task);
  send_join (self);
}

/**
 * confer_client_call_join_finish:
 * @self: the call
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once this side is in the call
 *   (confer_client_call_get_member_id() is set); %FALSE with
 *   %CONFER_PROTOCOL_ERROR_FORBIDDEN (a viewer), %_LIMIT_REACHED (the
 *   call is full), %G_IO_ERROR_EXISTS (already in it),
 *   %G_IO_ERROR_NOT_CONNECTED or %G_IO_ERROR_CONNECTION_CLOSED
 */
gboolean
confer_client_call_join_finish (ConferClientCall  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
join_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/**
 * confer_client_call_join:
 * @self: the call of an online client
 * @flags: what this side sends
 * @timeout_ms: how long to wait for the answer, in ms
 * @error: return location for a #GError
 *
 * Joins the call and runs the thread-default main context until the
 * server answers (for command-line tools and tests).
 *
 * Returns: as confer_client_call_join_finish(); %FALSE with
 *   %G_IO_ERROR_TIMED_OUT if no answer came (this side then leaves if the
 *   answer comes later)
 */
gboolean
confer_client_call_join (ConferClientCall  *self,
                         ConferCallFlags    flags,
                         guint              timeout_ms,
                         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GMainContext *context = g_main_context_get_thread_default ();

  confer_client_call_join_async (self, flags, NULL, join_done_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  if (result == NULL)
    {
      /* An answer coming later is followed by a leave (read_joined()). */
      self->wanted = FALSE;
      complete_join_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                             "The server did not answer within %u ms", timeout_ms));
      while (result == NULL)
        g_main_context_iteration (context, TRUE);
    }
  return confer_client_call_join_finish (self, result, error);
}

/**
 * confer_client_call_leave:
 * @self: the call
 *
 * Leaves the call (`call.leave`): this side is out at once
 * (#ConferCallSignalling:member-id becomes %NULL) and does not rejoin. A
 * join waiting for its answer ends in %G_IO_ERROR_CANCELLED.
 */
void
confer_client_call_leave (ConferClientCall *self)
{
  g_return_if_fail (CONFER_IS_CLIENT_CALL (self));

  self->wanted = FALSE;
  if (self->member_id == NULL)
    return;
  send_leave (self);
  remove_member (self, self->member_id);
}

/**
 * confer_client_call_update:
 * @self: the call, joined
 * @changed: the flags to set
 * @values: their values (flags outside @changed are ignored)
 *
 * Changes what this member sends (`call.update`); every member hears it
 * as `call.member`, and the list changes when the server's answer comes.
 * A refusal (sharing or recording without the role) is
 * #ConferClientCall::refused. Audio, video and the screen are also what
 * a rejoin sends, and a rejoin while recording says so again.
 */
void
confer_client_call_update (ConferClientCall *self,
                           ConferCallFlags   changed,
                           ConferCallFlags   values)
{
  g_autoptr(ConferMessage) update = NULL;
  g_autofree char *txn = NULL;
  JsonObject *object;
  static const struct { ConferCallFlags flag; const char *name; } names[] = {
    { CONFER_CALL_AUDIO, "audio" }, { CONFER_CALL_VIDEO, "video" },
    { CONFER_CALL_SCREEN, "screen" }, { CONFER_CALL_RECORDING, "recording" },
  };

  g_return_if_fail (CONFER_IS_CLIENT_CALL (self));

  self->flags = (self->flags & ~(changed & (CONFER_CALL_AUDIO | CONFER_CALL_VIDEO | CONFER_CALL_SCREEN |
                                            CONFER_CALL_RECORDING))) |
                (values & changed & (CONFER_CALL_AUDIO | CONFER_CALL_VIDEO | CONFER_CALL_SCREEN | CONFER_CALL_RECORDING));
  if (self->member_id == NULL)
    return;
  update = confer_message_new ("call.update");
  object = confer_message_get_object (update);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (changed & names[i].flag)
      json_object_set_boolean_member (object, names[i].name, (values & names[i].flag) != 0);
  txn = confer_connection_new_txn (connection (self));
  confer_message_set_txn (update, txn);
  confer_client_track_txn (self->client, txn, self);
  if (!confer_connection_send (connection (self), update))
    confer_client_untrack_txn (self->client, txn);
}

static const char *
signalling_get_member_id (ConferCallSignalling *signalling)
{
  return CONFER_CLIENT_CALL (signalling)->member_id;
}

static GListModel *
signalling_get_members (ConferCallSignalling *signalling)
{
  return G_LIST_MODEL (CONFER_CLIENT_CALL (signalling)->members);
}

/* Offers, answers and candidates carry no txn: the server answers only
 * what it refuses (a member who just left: `unknown-member`), which
 * nothing waits for. */
static void
send_signal (ConferClientCall *self,
             ConferMessage    *message,
             const char       *to)
{
  if (self->member_id == NULL)
    return;
  json_object_set_string_member (confer_message_get_object (message), "to", to);
  confer_connection_send (connection (self), message);
}

static void
signalling_send_description (ConferCallSignalling      *signalling,
                             const char                *to,
                             ConferCallDescriptionKind  kind,
                             const char                *sdp)
{
  g_autoptr(ConferMessage) message = confer_message_new (kind == CONFER_CALL_OFFER ? "call.offer" : "call.answer");

  json_object_set_string_member (confer_message_get_object (message), "sdp", sdp);
  send_signal (CONFER_CLIENT_CALL (signalling), message, to);
}

static void
signalling_send_candidate (ConferCallSignalling *signalling,
                           const char           *to,
                           guint                 sdp_mline_index,
                           const char           *candidate)
{
  g_autoptr(ConferMessage) message = confer_message_new ("call.ice");
  JsonObject *object = confer_message_get_object (message);

  json_object_set_string_member (object, "candidate", candidate);
  json_object_set_int_member (object, "sdp_mline_index", sdp_mline_index);
  send_signal (CONFER_CLIENT_CALL (signalling), message, to);
}

static void
confer_client_call_signalling_init (ConferCallSignallingInterface *iface)
{
  iface->get_member_id = signalling_get_member_id;
  iface->get_members = signalling_get_members;
  iface->send_description = signalling_send_description;
  iface->send_candidate = signalling_send_candidate;
}
