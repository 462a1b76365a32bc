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
 *
 * **Breakout rooms**: while an owner has them open, the state lists them
 * (confer_client_call_get_rooms()) and each member's room; each room is
 * its own mesh. The signalling's member list
 * (confer_call_signalling_get_members(), also
 * confer_client_call_get_room_members()) is this side's room only, in the
 * order its members came into it, this side's own place deciding who
 * offers: a member that came in later — joined later, or moved in — offers
 * to those before it. This side keeps that order as it hears of arrivals
 * (`call.member`); when this side moves (`call.moved`, or a state that puts
 * it elsewhere), the new room's members come first and this side last, so
 * it offers to them all, as the server tells the others it will.
 */
#define G_LOG_DOMAIN "confer-client-call"

#include "config.h"

#include "confer-client-private.h"

struct _ConferClientCall
{
  GObject          parent_instance;

  ConferClient    *client;      /* unowned: the client owns its call */
  GListStore      *members;     /* ConferCallMember, in the order they joined */
  GListStore      *room_members; /* those of `room`, in the order they came in */
  GListStore      *rooms;       /* ConferCallRoom: the breakout rooms, while open */
  char            *room;        /* this side's room (CONFER_CALL_MAIN_ROOM outside the call) */
  gboolean         choose;      /* members may move between the rooms */
  gint64           ends;        /* Unix ms the rooms close by themselves; 0: none */
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
  PROP_ROOM,
  PROP_CHOOSE,
  PROP_ENDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  g_clear_object (&self->room_members);
  g_clear_object (&self->rooms);
  g_free (self->room);
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
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_CHOOSE:
      g_value_set_boolean (value, self->choose);
      break;
    case PROP_ENDS:
      g_value_set_int64 (value, self->ends);
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
  properties[PROP_MEMBER_ID] = g_object_class_find_property (object_class, "member-id");
  /**
   * ConferClientCall:room:
   *
   * This side's room: %CONFER_CALL_MAIN_ROOM, or the id of the breakout
   * room it is in (%CONFER_CALL_MAIN_ROOM outside the call).
   */
  properties[PROP_ROOM] = g_param_spec_string ("room", NULL, NULL, CONFER_CALL_MAIN_ROOM,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferClientCall:choose:
   *
   * Whether the open breakout rooms let members move between them
   * themselves (confer_client_call_move_async() with no member).
   */
  properties[PROP_CHOOSE] = g_param_spec_boolean ("choose", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * ConferClientCall:ends:
   *
   * When the open breakout rooms close by themselves, Unix ms (the
   * server's clock); 0 when they do not.
   */
  properties[PROP_ENDS] = g_param_spec_int64 ("ends", NULL, NULL, 0, G_MAXINT64, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (object_class, PROP_ROOM, properties[PROP_ROOM]);
  g_object_class_install_property (object_class, PROP_CHOOSE, properties[PROP_CHOOSE]);
  g_object_class_install_property (object_class, PROP_ENDS, properties[PROP_ENDS]);

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
  self->room_members = g_list_store_new (CONFER_TYPE_CALL_MEMBER);
  self->rooms = g_list_store_new (CONFER_TYPE_CALL_ROOM);
  self->room = g_strdup (CONFER_CALL_MAIN_ROOM);
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

/* Whether @store holds @member itself (not another object of its id). */
static gboolean
holds (GListStore       *store,
       ConferCallMember *member)
{
  guint position;

  return g_list_store_find (store, member, &position);
}

/* Makes the room list follow the call's: this side's room is its own
 * member's (CONFER_CALL_MAIN_ROOM outside the call); members no longer
 * in it go, those that came in are added at the end in the call's order.
 * When this side's room changed, its members are listed anew with this
 * side last: it came in after them, so it offers to them. */
static void
sync_room (ConferClientCall *self)
{
  ConferCallMember *own = confer_client_call_find_member (self, self->member_id);
  const char *room = own != NULL ? confer_call_member_get_room (own) : CONFER_CALL_MAIN_ROOM;
  gboolean moved = !g_str_equal (room, self->room);
  GListModel *members = G_LIST_MODEL (self->members);
  g_autoptr(GPtrArray) arrivals = g_ptr_array_new_with_free_func (g_object_unref);

  /* Told first: the peers the new list makes are of the new room. */
  if (moved)
    {
      g_free (self->room);
      self->room = g_strdup (room);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOM]);
    }
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->room_members)); i > 0; i--)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (G_LIST_MODEL (self->room_members), i - 1);

      if (moved || !holds (self->members, member) || !g_str_equal (confer_call_member_get_room (member), room))
        g_list_store_remove (self->room_members, i - 1);
    }
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      if (member != own && g_str_equal (confer_call_member_get_room (member), room) &&
          !holds (self->room_members, member))
        g_ptr_array_add (arrivals, g_steal_pointer (&member));
    }
  if (own != NULL && !holds (self->room_members, own))
    g_ptr_array_add (arrivals, g_object_ref (own));
  if (arrivals->len > 0)
    g_list_store_splice (self->room_members, g_list_model_get_n_items (G_LIST_MODEL (self->room_members)), 0,
                         arrivals->pdata, arrivals->len);
}

static void
set_member_id (ConferClientCall *self,
               const char       *member_id)
{
  if (g_strcmp0 (self->member_id, member_id) == 0)
    return;
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);
  /* The room list first: the media follows it when the id changes. */
  sync_room (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_ID]);
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
    }
  else
    g_list_store_append (self->members, member);
  sync_room (self);
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
  else
    sync_room (self);
}

/* The breakout rooms become those of @rooms (a call state's `rooms`, or
 * %NULL for none), if they changed. */
static void
read_rooms (ConferClientCall *self,
            JsonArray        *rooms)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms));
  gboolean same;

  for (guint i = 0; rooms != NULL && i < json_array_get_length (rooms) && fresh->len < CONFER_CALL_MAX_ROOMS; i++)
    {
      g_autoptr(GError) error = NULL;
      ConferCallRoom *room = confer_call_room_new_from_json (json_array_get_object_element (rooms, i), &error);

      if (room == NULL)
        g_warning ("The server described a breakout room this client cannot show: %s", error->message);
      else
        g_ptr_array_add (fresh, room);
    }
  same = fresh->len == n;
  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(ConferCallRoom) listed = g_list_model_get_item (G_LIST_MODEL (self->rooms), i);

      same = g_str_equal (confer_call_room_get_id (listed), confer_call_room_get_id (fresh->pdata[i])) &&
             g_str_equal (confer_call_room_get_name (listed), confer_call_room_get_name (fresh->pdata[i]));
    }
  if (!same)
    g_list_store_splice (self->rooms, 0, n, fresh->pdata, fresh->len);
}

/* Makes the list the call state @call gives (checked by
 * confer_server_frame_check()): members gone are removed, those listed
 * are updated in place, new ones inserted at the server's place; then the
 * breakout rooms, and this side's room. */
static void
read_state (ConferClientCall *self,
            JsonObject       *call)
{
  JsonArray *members = json_object_get_array_member (call, "members");
  JsonNode *rooms = json_object_get_member (call, "rooms");
  gboolean choose = json_object_get_boolean_member_with_default (call, "choose", FALSE);
  gint64 ends = MAX (json_object_get_int_member_with_default (call, "ends", 0), 0);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  /* Each room holds at most CONFER_CALL_MAX_MEMBERS. */
  for (guint i = 0; i < json_array_get_length (members) && fresh->len < CONFER_CALL_MAX_MEMBERS * (CONFER_CALL_MAX_ROOMS + 1);
       i++)
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
    {
      guint position;

      if (find_position (self, confer_call_member_get_id (fresh->pdata[i]), &position))
        {
          g_autoptr(ConferCallMember) listed = g_list_model_get_item (G_LIST_MODEL (self->members), position);

          confer_call_member_update (listed, fresh->pdata[i]);
        }
      else
        g_list_store_insert (self->members, MIN (i, g_list_model_get_n_items (G_LIST_MODEL (self->members))),
                             fresh->pdata[i]);
    }
  self->started = json_object_get_int_member (call, "started");
  read_rooms (self, rooms != NULL && JSON_NODE_HOLDS_ARRAY (rooms) ? json_node_get_array (rooms) : NULL);
  if (choose != self->choose)
    {
      self->choose = choose;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOOSE]);
    }
  if (ends != self->ends)
    {
      self->ends = ends;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDS]);
    }
  sync_room (self);
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
 *   `call.state`, `call.moved`, `call.offer`, `call.answer`, `call.ice`, or the `error`
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
  else if (g_str_equal (type, "call.state") || g_str_equal (type, "call.moved"))
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
 * Everyone in the session sees who is in its call, in every room: the
 * list follows `call.member`, `call.left`, `call.moved` and `call.state`
 * (objects are updated in place), in the order the members joined. The
 * mesh is this side's room only: confer_client_call_get_room_members().
 *
 * Returns: (transfer none): the call's #ConferCallMembers, at most
 *   %CONFER_CALL_MAX_MEMBERS in each room
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
 * confer_client_call_get_room_members:
 * @self: the call
 *
 * The members of this side's room (#ConferClientCall:room), this side's
 * own among them while it is in the call: its mesh. They are in the order
 * they came into the room as this side saw it, which decides who offers
 * (see the file's description); outside breakout rooms, the order they
 * joined. This is also the signalling's member list
 * (confer_call_signalling_get_members()).
 *
 * Returns: (transfer none): the room's #ConferCallMembers, the same
 *   objects as confer_client_call_get_members()'
 */
GListModel *
confer_client_call_get_room_members (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  return G_LIST_MODEL (self->room_members);
}

/**
 * confer_client_call_get_rooms:
 * @self: the call
 *
 * The breakout rooms while an owner has them open (a call state's
 * `rooms`), in the order they were opened; empty otherwise. The list
 * changes as a whole when rooms open or close.
 *
 * Returns: (transfer none): the #ConferCallRooms, at most
 *   %CONFER_CALL_MAX_ROOMS
 */
GListModel *
confer_client_call_get_rooms (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  return G_LIST_MODEL (self->rooms);
}

/**
 * confer_client_call_find_room:
 * @self: the call
 * @room_id: (nullable): a room id
 *
 * Returns: (transfer none) (nullable): the open breakout room of that id,
 *   or %NULL (%CONFER_CALL_MAIN_ROOM is no breakout room)
 */
ConferCallRoom *
confer_client_call_find_room (ConferClientCall *self,
                              const char       *room_id)
{
  guint n;

  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms));
  for (guint i = 0; room_id != NULL && i < n; i++)
    {
      g_autoptr(ConferCallRoom) room = g_list_model_get_item (G_LIST_MODEL (self->rooms), i);

      if (g_str_equal (confer_call_room_get_id (room), room_id))
        return room;  /* the list keeps it */
    }
  return NULL;
}

/**
 * confer_client_call_get_room:
 * @self: the call
 *
 * Returns: (transfer none): this side's room (#ConferClientCall:room):
 *   %CONFER_CALL_MAIN_ROOM or a breakout room's id
 */
const char *
confer_client_call_get_room (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), NULL);

  return self->room;
}

/**
 * confer_client_call_get_choose:
 * @self: the call
 *
 * Returns: whether the open breakout rooms let members move themselves
 *   (#ConferClientCall:choose)
 */
gboolean
confer_client_call_get_choose (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), FALSE);

  return self->choose;
}

/**
 * confer_client_call_get_ends:
 * @self: the call
 *
 * Returns: when the open breakout rooms close by themselves, Unix ms (the
 *   server's clock); 0 when they do not, or none are open
 */
gint64
confer_client_call_get_ends (ConferClientCall *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_CALL (self), 0);

  return self->ends;
}

/* The answer to a breakout request: @type, or the server's refusal. */
static void
room_request_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  ConferClientCall *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_client_request_finish (CONFER_CLIENT (source), result, &error);
  const char *type = g_task_get_task_data (task);
  JsonObject *object;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_str_equal (confer_message_get_type_name (answer), type))
    {
      g_task_return_new_error (task, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                               "The server answered %s instead of %s", confer_message_get_type_name (answer), type);
      return;
    }
  /* The rooms are open when the caller hears it (call.state follows). */
  object = confer_message_get_object (answer);
  if (json_object_has_member (object, "call") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "call")))
    read_state (self, json_object_get_object_member (object, "call"));
  g_task_return_boolean (task, TRUE);
}

/* Sends @request of @type (a static string, which the answer has too)
 * and answers @task when the server did. */
static void
send_room_request (ConferClientCall *self,
                   const char       *type,
                   ConferMessage    *request,
                   GTask            *task)
{
  g_task_set_task_data (task, (gpointer) type, NULL);
  confer_client_request_async (self->client, request, g_task_get_cancellable (task), room_request_cb, task);
}

/**
 * confer_client_call_breakout_async:
 * @self: the call of an online client whose role may run breakout rooms
 *   (owners: confer_role_can_run_breakout())
 * @names: (array zero-terminated=1): the rooms' names, 1 to
 *   %CONFER_CALL_MAX_ROOMS of them, each 1 to %CONFER_PROTOCOL_MAX_NAME
 *   code points without control characters
 * @assign: (nullable): an `a{su}` #GVariant (a floating one is taken)
 *   mapping member ids to room numbers (indices into @names, from 0);
 *   members not in it stay where they are
 * @choose: whether members may move between the rooms themselves
 * @minutes: after how long the rooms close by themselves, 1 to
 *   %CONFER_CALL_MAX_ROOM_MINUTES; 0 for never (an owner closes them)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Opens breakout rooms (`call.breakout`), each its own mesh, and moves
 * the members of @assign into them. Names, counts and @minutes out of
 * range are refused here, before anything is sent.
 */
void
confer_client_call_breakout_async (ConferClientCall    *self,
                                   const char * const  *names,
                                   GVariant            *assign,
                                   gboolean             choose,
                                   guint                minutes,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ConferMessage) request = NULL;
  g_autoptr(GVariant) assigned = assign != NULL ? g_variant_ref_sink (assign) : NULL;
  JsonObject *object;
  JsonArray *rooms;
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;

  g_return_if_fail (CONFER_IS_CLIENT_CALL (self));
  g_return_if_fail (assign == NULL || g_variant_is_of_type (assign, G_VARIANT_TYPE ("a{su}")));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_client_call_breakout_async);
  request = confer_message_new ("call.breakout");
  object = confer_message_get_object (request);
  rooms = json_array_new ();
  json_object_set_array_member (object, "rooms", rooms);
  if (n == 0 || n > CONFER_CALL_MAX_ROOMS || minutes > CONFER_CALL_MAX_ROOM_MINUTES)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Breakout rooms are 1 to %d, open for at most %d minutes", CONFER_CALL_MAX_ROOMS,
                               CONFER_CALL_MAX_ROOM_MINUTES);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      if (!confer_protocol_is_text (names[i], CONFER_PROTOCOL_MAX_NAME))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   "Room %u's name must be 1 to %d characters without control characters", i + 1,
                                   CONFER_PROTOCOL_MAX_NAME);
          return;
        }
      json_array_add_string_element (rooms, names[i]);
    }
  if (assigned != NULL)
    {
      JsonObject *map = json_object_new ();
      GVariantIter iter;
      const char *member;
      guint32 index;

      json_object_set_object_member (object, "assign", map);
      g_variant_iter_init (&iter, assigned);
      while (g_variant_iter_next (&iter, "{&su}", &member, &index))
        {
          if (index >= n)
            {
              g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       "Member “%s” is assigned room %u of %u", member, index + 1, n);
              return;
            }
          json_object_set_int_member (map, member, index);
        }
    }
  if (choose)
    json_object_set_boolean_member (object, "choose", TRUE);
  if (minutes > 0)
    json_object_set_int_member (object, "minutes", minutes);
  send_room_request (self, "call.breakout", request, g_steal_pointer (&task));
}

/**
 * confer_client_call_breakout_finish:
 * @self: the call
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the rooms are open (confer_client_call_get_rooms()
 *   lists them); %FALSE with %G_IO_ERROR_INVALID_ARGUMENT (refused here),
 *   or the server's refusal: %CONFER_PROTOCOL_ERROR_FORBIDDEN (a role
 *   that may not), %_BAD_MESSAGE (rooms already open),
 *   %_UNKNOWN_MEMBER (an assigned member is not in the call),
 *   %_LIMIT_REACHED (a room would hold more than
 *   %CONFER_CALL_MAX_MEMBERS), %_NOT_IN_CALL (nobody is in it); or
 *   %G_IO_ERROR_NOT_CONNECTED
 */
gboolean
confer_client_call_breakout_finish (ConferClientCall  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * confer_client_call_move_async:
 * @self: the call of an online client
 * @member_id: (nullable): the member to move (owners only), or %NULL for
 *   this side (while the rooms let members choose, or an owner)
 * @room_id: an open breakout room's id, or %CONFER_CALL_MAIN_ROOM
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Moves a member to another room (`call.move`): a leave of its room and
 * a join of the other, where it offers to everyone as a newcomer.
 */
void
confer_client_call_move_async (ConferClientCall    *self,
                               const char          *member_id,
                               const char          *room_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(ConferMessage) request = confer_message_new ("call.move");
  GTask *task;

  g_return_if_fail (CONFER_IS_CLIENT_CALL (self));
  g_return_if_fail (room_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_client_call_move_async);
  json_object_set_string_member (confer_message_get_object (request), "room", room_id);
  if (member_id != NULL)
    json_object_set_string_member (confer_message_get_object (request), "member", member_id);
  send_room_request (self, "call.move", request, task);
}

/**
 * confer_client_call_move_finish:
 * @self: the call
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the member is in the room; %FALSE with the
 *   server's refusal: %CONFER_PROTOCOL_ERROR_FORBIDDEN (moving another
 *   without being an owner, or oneself when the rooms do not let members
 *   choose), %_BAD_MESSAGE (no such room is open), %_UNKNOWN_MEMBER,
 *   %_NOT_IN_CALL, %_LIMIT_REACHED (the room is full); or
 *   %G_IO_ERROR_NOT_CONNECTED
 */
gboolean
confer_client_call_move_finish (ConferClientCall  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * confer_client_call_return_async:
 * @self: the call of an online client whose role may run breakout rooms
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Closes the breakout rooms and brings everyone back to the main room
 * (`call.return`).
 */
void
confer_client_call_return_async (ConferClientCall    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(ConferMessage) request = confer_message_new ("call.return");
  GTask *task;

  g_return_if_fail (CONFER_IS_CLIENT_CALL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_client_call_return_async);
  send_room_request (self, "call.return", request, task);
}

/**
 * confer_client_call_return_finish:
 * @self: the call
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the rooms are closed; %FALSE with the server's
 *   refusal: %CONFER_PROTOCOL_ERROR_FORBIDDEN (not an owner),
 *   %_BAD_MESSAGE (no rooms are open); or %G_IO_ERROR_NOT_CONNECTED
 */
gboolean
confer_client_call_return_finish (ConferClientCall  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
  return G_LIST_MODEL (CONFER_CLIENT_CALL (signalling)->room_members);
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
