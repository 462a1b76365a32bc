/* confer-client.c: a participant's session: who is there, what it holds,
 * requests matched to their answers by txn, open documents, the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The socket, the handshake and reconnecting are the #ConferConnection's;
 * this file turns the messages it delivers into typed state: the
 * participants and items as #GListModels whose objects are updated in
 * place, typed signals for what happened, and one `_async`/`_finish` pair
 * per request.
 */
#define G_LOG_DOMAIN "confer-client"

#include "config.h"

#include "confer-client-private.h"

struct _ConferClient
{
  GObject            parent_instance;

  ConferConnection  *connection;
  char              *session_title;
  char              *participant_id;
  ConferRole         role;
  GListStore        *participants;  /* of ConferParticipant */
  GListStore        *items;         /* of ConferItem */
  GHashTable        *requests;      /* txn -> GTask */
  GHashTable        *item_txns;     /* txn -> ConferClientDoc or ConferClientBoard (unowned) */
  GHashTable        *open_docs;     /* id -> ConferClientDoc (owned) */
  GHashTable        *open_boards;   /* id -> ConferClientBoard (owned) */
  ConferClientChat  *chat;          /* nullable: the chat, once opened */
  ConferClientCall  *call;          /* the session's call */
  ConferClientAnnotations *annotations;  /* ink over the call's shared screens */
  SoupSession       *blob_session;  /* made on first use */
  ConferClientCache *cache;         /* nullable */
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  PARTICIPANT_JOINED,
  PARTICIPANT_LEFT,
  ITEM_CREATED,
  ITEM_RENAMED,
  ITEM_DELETED,
  ITEM_RESTORED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferClient, confer_client, G_TYPE_OBJECT)

static void
fail_requests (ConferClient *self,
               const char   *why)
{
  g_autoptr(GList) tasks = g_hash_table_get_values (self->requests);

  /* The table owns the txn keys, not the tasks. */
  g_hash_table_remove_all (self->requests);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_new_error (l->data, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "%s", why);
      g_object_unref (l->data);
    }
}

/* Writes every open document to the cache now. */
static void
save_docs (ConferClient *self)
{
  GHashTableIter iter;
  gpointer doc;

  g_hash_table_iter_init (&iter, self->open_docs);
  while (g_hash_table_iter_next (&iter, NULL, &doc))
    confer_client_doc_save (doc);
}

/* Remembers who this client is in the session and what it holds, for
 * rejoining and for working offline. */
static void
save_session (ConferClient *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  const ConferLink *client_link = confer_connection_get_link (self->connection);
  ConferCachedSession session = { 0 };

  if (self->cache == NULL)
    return;
  link = confer_link_to_string (client_link);
  session.link = link;
  session.title = self->session_title;
  session.participant_id = self->participant_id;
  session.token = (char *) confer_connection_get_token (self->connection);
  session.role = self->role;
  session.items = G_LIST_MODEL (self->items);
  session.participants = G_LIST_MODEL (self->participants);
  if (!confer_client_cache_save_session (self->cache, client_link, &session, &error))
    g_warning ("The session could not be saved for offline use: %s", error->message);
}

static gboolean
find_in_store (GListStore  *store,
               const char  *id,
               const char *(*get_id) (gpointer),
               guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (get_id (object), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
find_participant (ConferClient *self,
                  const char   *id,
                  guint        *position)
{
  return find_in_store (self->participants, id, (const char *(*) (gpointer)) confer_participant_get_id, position);
}

static gboolean
find_item (ConferClient *self,
           const char   *id,
           guint        *position)
{
  return find_in_store (self->items, id, (const char *(*) (gpointer)) confer_item_get_id, position);
}

/* Puts @participant into the list: an update of the one with its id, kept
 * in its row, or a new row at the end. Returns the listed object. */
static ConferParticipant *
merge_participant (ConferClient      *self,
                   ConferParticipant *participant)
{
  guint position;

  if (find_participant (self, confer_participant_get_id (participant), &position))
    {
      g_autoptr(ConferParticipant) listed = g_list_model_get_item (G_LIST_MODEL (self->participants), position);

      confer_participant_update (listed, participant);
      return listed;
    }
  g_list_store_append (self->participants, participant);
  return participant;
}

static ConferItem *
merge_item (ConferClient *self,
            ConferItem   *item)
{
  guint position;

  if (find_item (self, confer_item_get_id (item), &position))
    {
      g_autoptr(ConferItem) listed = g_list_model_get_item (G_LIST_MODEL (self->items), position);

      confer_item_update (listed, item);
      return listed;
    }
  g_list_store_append (self->items, item);
  return item;
}

/* Makes a list hold exactly @fresh's objects: those it had are updated in
 * place (views keep their rows), those gone are removed, new ones are
 * appended. */
static void
replace_list (ConferClient *self,
              GListStore   *store,
              GListModel   *fresh,
              const char *(*get_id) (gpointer))
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (fresh);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (fresh, i);

      g_hash_table_add (ids, (gpointer) get_id (object));  /* @fresh keeps the object */
    }
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

      if (!g_hash_table_contains (ids, get_id (object)))
        g_list_store_remove (store, i - 1);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (fresh, i);

      if (store == self->participants)
        merge_participant (self, CONFER_PARTICIPANT (object));
      else
        merge_item (self, CONFER_ITEM (object));
    }
}

static void
handle_welcome (ConferClient  *self,
                ConferMessage *message)
{
  JsonObject *object = confer_message_get_object (message);
  JsonObject *you = json_object_get_object_member (object, "you");
  JsonObject *session = json_object_get_object_member (object, "session");
  g_autoptr(GListModel) participants = NULL;
  g_autoptr(GListModel) items = NULL;

  g_free (self->participant_id);
  self->participant_id = g_strdup (json_object_get_string_member (you, "id"));
  if (!confer_role_from_string (json_object_get_string_member (you, "role"), &self->role))
    self->role = CONFER_ROLE_GUEST;
  g_free (self->session_title);
  self->session_title = g_strdup (json_object_get_string_member (session, "title"));
  participants = confer_model_list_from_json (CONFER_TYPE_PARTICIPANT, json_object_get_array_member (object, "participants"),
                                              (ConferModelFromJson) confer_participant_new_from_json);
  items = confer_model_list_from_json (CONFER_TYPE_ITEM, json_object_get_array_member (object, "docs"),
                                       (ConferModelFromJson) confer_item_new_from_json);
  replace_list (self, self->participants, participants, (const char *(*) (gpointer)) confer_participant_get_id);
  replace_list (self, self->items, items, (const char *(*) (gpointer)) confer_item_get_id);
  save_session (self);
}

/* participant.joined adds or marks online, participant.left marks offline. */
static void
handle_participant (ConferClient  *self,
                    ConferMessage *message)
{
  JsonObject *object = json_object_get_object_member (confer_message_get_object (message), "participant");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferParticipant) participant = confer_participant_new_from_json (object, &error);
  ConferParticipant *listed;

  if (participant == NULL)
    {
      g_warning ("The server described a participant this client cannot show: %s", error->message);
      return;
    }
  listed = g_object_ref (merge_participant (self, participant));
  save_session (self);
  g_signal_emit (self, signals[g_str_equal (confer_message_get_type_name (message), "participant.left")
                               ? PARTICIPANT_LEFT : PARTICIPANT_JOINED], 0, listed);
  g_object_unref (listed);
}

static void complete_request (ConferClient  *self,
                              ConferMessage *message);

/* doc.created and doc.restored add (or update), doc.renamed updates,
 * doc.deleted removes, saying who. */
static void
handle_item (ConferClient  *self,
             ConferMessage *message)
{
  const char *type = confer_message_get_type_name (message);
  JsonObject *object = confer_message_get_object (message);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = confer_item_new_from_json (json_object_get_object_member (object, "doc"), &error);
  g_autoptr(ConferItem) listed = NULL;
  guint signal, position;

  if (item == NULL)
    {
      g_warning ("The server described an item this client cannot show: %s", error->message);
      complete_request (self, message);
      return;
    }
  if (g_str_equal (type, "doc.deleted"))
    {
      signal = ITEM_DELETED;
      if (find_item (self, confer_item_get_id (item), &position))
        {
          listed = g_list_model_get_item (G_LIST_MODEL (self->items), position);
          confer_item_update (listed, item);
          g_list_store_remove (self->items, position);
        }
      else
        listed = g_object_ref (item);
      confer_item_set_deleted (listed, g_get_real_time () / G_USEC_PER_SEC,
                               json_object_get_string_member_with_default (object, "by", NULL));
    }
  else
    {
      signal = g_str_equal (type, "doc.created") ? ITEM_CREATED :
               g_str_equal (type, "doc.renamed") ? ITEM_RENAMED : ITEM_RESTORED;
      listed = g_object_ref (merge_item (self, item));
      confer_item_set_deleted (listed, 0, NULL);
    }
  save_session (self);
  complete_request (self, message);
  g_signal_emit (self, signals[signal], 0, listed);
}

/* Hands an answer to the request that waits for its txn, if any. */
static void
complete_request (ConferClient  *self,
                  ConferMessage *message)
{
  const char *txn = confer_message_get_txn (message);
  GTask *task = txn != NULL ? g_hash_table_lookup (self->requests, txn) : NULL;

  if (task == NULL)
    return;
  g_hash_table_remove (self->requests, txn);
  g_task_return_pointer (task, confer_message_ref (message), (GDestroyNotify) confer_message_unref);
  g_object_unref (task);
}

static void
message_cb (ConferConnection *connection,
            ConferMessage    *message,
            ConferClient     *self)
{
  const char *kind = confer_message_get_type_name (message);
  const char *txn = confer_message_get_txn (message);
  ConferClientDoc *doc;
  ConferClientBoard *board;

  if (g_str_equal (kind, "welcome"))
    {
      handle_welcome (self, message);
      confer_client_call_handle (self->call, message);
    }
  else if (g_str_equal (kind, "doc.created") || g_str_equal (kind, "doc.renamed") ||
           g_str_equal (kind, "doc.deleted") || g_str_equal (kind, "doc.restored"))
    handle_item (self, message);
  else if (g_str_equal (kind, "participant.joined") || g_str_equal (kind, "participant.left"))
    handle_participant (self, message);
  else if (txn != NULL && g_hash_table_contains (self->requests, txn))
    complete_request (self, message);
  else if (txn != NULL && g_hash_table_contains (self->item_txns, txn))
    {
      g_autoptr(GObject) item = g_object_ref (g_hash_table_lookup (self->item_txns, txn));

      g_hash_table_remove (self->item_txns, txn);
      if (CONFER_IS_CLIENT_DOC (item))
        confer_client_doc_handle (CONFER_CLIENT_DOC (item), message);
      else if (CONFER_IS_CLIENT_CHAT (item))
        confer_client_chat_handle (CONFER_CLIENT_CHAT (item), message);
      else if (CONFER_IS_CLIENT_CALL (item))
        confer_client_call_handle (CONFER_CLIENT_CALL (item), message);
      else
        confer_client_board_handle (CONFER_CLIENT_BOARD (item), message);
    }
  else if (g_str_has_prefix (kind, "chat."))
    {
      if (self->chat != NULL)
        {
          g_autoptr(ConferClientChat) held = g_object_ref (self->chat);

          confer_client_chat_handle (held, message);
        }
    }
  else if (g_str_has_prefix (kind, "annotation."))
    {
      g_autoptr(ConferClientAnnotations) held = g_object_ref (self->annotations);

      confer_client_annotations_handle (held, message);
    }
  else if (g_str_has_prefix (kind, "call."))
    {
      g_autoptr(ConferClientCall) held = g_object_ref (self->call);

      confer_client_call_handle (held, message);
    }
  else if (g_str_has_prefix (kind, "board."))
    {
      const char *board_id = json_object_get_string_member (confer_message_get_object (message), "doc");

      if ((board = g_hash_table_lookup (self->open_boards, board_id)) != NULL)
        {
          g_autoptr(ConferClientBoard) held = g_object_ref (board);

          confer_client_board_handle (held, message);
        }
    }
  else
    {
      JsonNode *doc_node = json_object_get_member (confer_message_get_object (message), "doc");
      const char *doc_id = doc_node != NULL && JSON_NODE_HOLDS_VALUE (doc_node) ? json_node_get_string (doc_node) : NULL;

      if (doc_id != NULL && (doc = g_hash_table_lookup (self->open_docs, doc_id)) != NULL)
        confer_client_doc_handle (doc, message);
    }
}

static void
lost_cb (ConferConnection *connection,
         const char       *why,
         ConferClient     *self)
{
  fail_requests (self, why);
}

static void
state_cb (ConferConnection *connection,
          GParamSpec       *pspec,
          ConferClient     *self)
{
  g_autoptr(GList) docs = NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (confer_connection_get_state (connection) != CONFER_CONNECTION_ONLINE)
    {
      confer_client_call_connection_lost (self->call);
      return;
    }
  docs = g_hash_table_get_values (self->open_docs);
  for (GList *l = docs; l != NULL; l = l->next)
    confer_client_doc_resume (l->data);
  g_clear_pointer (&docs, g_list_free);
  docs = g_hash_table_get_values (self->open_boards);
  for (GList *l = docs; l != NULL; l = l->next)
    confer_client_board_resume (l->data);
  if (self->chat != NULL)
    confer_client_chat_resume (self->chat);
  confer_client_call_resume (self->call);
}

static void
confer_client_dispose (GObject *object)
{
  ConferClient *self = (ConferClient *) object;

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_object_run_dispose (G_OBJECT (self->connection));
    }
  if (self->requests != NULL)
    fail_requests (self, "The client was closed");
  if (self->open_docs != NULL)
    save_docs (self);
  g_clear_pointer (&self->open_docs, g_hash_table_unref);
  g_clear_pointer (&self->open_boards, g_hash_table_unref);
  g_clear_object (&self->chat);
  if (self->call != NULL)
    g_object_run_dispose (G_OBJECT (self->call));
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (confer_client_parent_class)->dispose (object);
}

static void
confer_client_finalize (GObject *object)
{
  ConferClient *self = (ConferClient *) object;

  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->item_txns, g_hash_table_unref);
  g_clear_object (&self->blob_session);
  g_clear_object (&self->participants);
  g_clear_object (&self->items);
  g_clear_object (&self->connection);
  g_clear_object (&self->annotations);
  g_clear_object (&self->call);
  g_free (self->session_title);
  g_free (self->participant_id);

  G_OBJECT_CLASS (confer_client_parent_class)->finalize (object);
}

static void
confer_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ConferClient *self = CONFER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, confer_connection_get_state (self->connection));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_client_class_init (ConferClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_client_dispose;
  object_class->finalize = confer_client_finalize;
  object_class->get_property = confer_client_get_property;

  /**
   * ConferClient:state:
   *
   * The connection's #ConferConnectionState, as an integer. When it turns
   * to ONLINE, the session's lists are already up to date; the open
   * documents resume after this property's handlers ran.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CONFER_CONNECTION_CONNECTING, CONFER_CONNECTION_REFUSED, CONFER_CONNECTION_CONNECTING,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferClient::participant-joined:
   * @self: the client
   * @participant: the participant, as listed in
   *   confer_client_get_participants()
   *
   * Someone's first connection was welcomed (`participant.joined`): a new
   * participant, or one coming back, now online.
   */
  signals[PARTICIPANT_JOINED] = g_signal_new ("participant-joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_PARTICIPANT);

  /**
   * ConferClient::participant-left:
   * @self: the client
   * @participant: the participant, still listed, now away
   *
   * Someone's last connection closed (`participant.left`).
   */
  signals[PARTICIPANT_LEFT] = g_signal_new ("participant-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_PARTICIPANT);

  /**
   * ConferClient::item-created:
   * @self: the client
   * @item: the new item, listed in confer_client_get_items()
   *
   * Someone (this client too) made a document or board (`doc.created`).
   */
  signals[ITEM_CREATED] = g_signal_new ("item-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_ITEM);

  /**
   * ConferClient::item-renamed:
   * @self: the client
   * @item: the item, its title already changed in place
   *
   * Someone renamed an item (`doc.renamed`).
   */
  signals[ITEM_RENAMED] = g_signal_new ("item-renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_ITEM);

  /**
   * ConferClient::item-deleted:
   * @self: the client
   * @item: the item, already removed from confer_client_get_items(), with
   *   #ConferItem:deleted (now) and #ConferItem:deleted-by set
   *
   * Someone sent an item to the trash (`doc.deleted`).
   */
  signals[ITEM_DELETED] = g_signal_new ("item-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_ITEM);

  /**
   * ConferClient::item-restored:
   * @self: the client
   * @item: the item, listed again
   *
   * Someone brought an item back from the trash (`doc.restored`).
   */
  signals[ITEM_RESTORED] = g_signal_new ("item-restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONFER_TYPE_ITEM);
}

static void
confer_client_init (ConferClient *self)
{
  self->role = CONFER_ROLE_GUEST;
  self->participants = g_list_store_new (CONFER_TYPE_PARTICIPANT);
  self->items = g_list_store_new (CONFER_TYPE_ITEM);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->item_txns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->open_docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->open_boards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->call = confer_client_call_new (self);
  self->annotations = confer_client_annotations_new (self);
}

/**
 * confer_client_new:
 * @link: the session's link (copied)
 * @name: (nullable): the display name to join with (needed when joining
 *   through an invite)
 *
 * Creates a client and its #ConferConnection; confer_client_connect()
 * starts connecting.
 *
 * Returns: (transfer full): a new client
 */
ConferClient *
confer_client_new (const ConferLink *link,
                   const char       *name)
{
  ConferClient *self = g_object_new (CONFER_TYPE_CLIENT, NULL);

  self->connection = confer_connection_new (link, name);
  g_signal_connect (self->connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->connection, "lost", G_CALLBACK (lost_cb), self);
  g_signal_connect (self->connection, "notify::state", G_CALLBACK (state_cb), self);
  return self;
}

/**
 * confer_client_get_connection:
 * @self: a client
 *
 * Returns: (transfer none): its connection
 */
ConferConnection *
confer_client_get_connection (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return self->connection;
}

/**
 * confer_client_set_colour:
 * @self: a client
 * @colour: (nullable): `#rrggbb`, or %NULL or empty for the session's choice
 *
 * As confer_connection_set_colour().
 *
 * Returns: %TRUE if @colour is %NULL, empty or a colour
 */
gboolean
confer_client_set_colour (ConferClient *self,
                          const char   *colour)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), FALSE);

  return confer_connection_set_colour (self->connection, colour);
}

/**
 * confer_client_set_token:
 * @self: a client not yet connected
 * @token: (nullable): a participant token from an earlier `welcome`
 *
 * As confer_connection_set_token().
 */
void
confer_client_set_token (ConferClient *self,
                         const char   *token)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  confer_connection_set_token (self->connection, token);
}

/**
 * confer_client_get_token:
 * @self: a client
 *
 * Returns: (nullable) (transfer none): the participant token, to keep for
 *   joining again as the same participant
 */
const char *
confer_client_get_token (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return confer_connection_get_token (self->connection);
}

/**
 * confer_client_connect:
 * @self: a client
 *
 * As confer_connection_connect().
 */
void
confer_client_connect (ConferClient *self)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  confer_connection_connect (self->connection);
}

/**
 * confer_client_disconnect:
 * @self: a client
 *
 * Closes the connection and stops retrying; the state goes to OFFLINE.
 * Requests waiting for an answer fail; unsent changes stay in the
 * documents (and are written to the cache now).
 */
void
confer_client_disconnect (ConferClient *self)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  confer_connection_disconnect (self->connection);
  save_docs (self);
}

/**
 * confer_client_drop_connection:
 * @self: a client
 *
 * As confer_connection_drop(): the client reconnects and resumes by itself.
 */
void
confer_client_drop_connection (ConferClient *self)
{
  g_return_if_fail (CONFER_IS_CLIENT (self));

  confer_connection_drop (self->connection);
}

/**
 * confer_client_get_state:
 * @self: a client
 *
 * Returns: the connection state
 */
ConferConnectionState
confer_client_get_state (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), CONFER_CONNECTION_OFFLINE);

  return confer_connection_get_state (self->connection);
}

/**
 * confer_client_get_refusal:
 * @self: a client
 *
 * Returns: (nullable): as confer_connection_get_refusal()
 */
const char *
confer_client_get_refusal (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return confer_connection_get_refusal (self->connection);
}

/**
 * confer_client_get_refusal_code:
 * @self: a client
 *
 * Returns: (nullable): as confer_connection_get_refusal_code()
 */
const char *
confer_client_get_refusal_code (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return confer_connection_get_refusal_code (self->connection);
}

/**
 * confer_client_get_link:
 * @self: a client
 *
 * Returns: (transfer none): the link the client connects with
 */
const ConferLink *
confer_client_get_link (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return confer_connection_get_link (self->connection);
}

/**
 * confer_client_wait_online:
 * @self: a connecting client
 * @timeout_ms: how long to wait, in ms
 * @error: return location for a #GError
 *
 * Runs the thread-default main context until the client is online,
 * refused, or the time is up (for command-line tools and tests).
 *
 * Returns: %TRUE when online; %FALSE with %G_IO_ERROR_PERMISSION_DENIED
 *   (refused, with the reason) or %G_IO_ERROR_TIMED_OUT
 */
gboolean
confer_client_wait_online (ConferClient  *self,
                           guint          timeout_ms,
                           GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  const ConferLink *link = confer_client_get_link (self);
  ConferConnectionState state;

  while ((state = confer_client_get_state (self)) != CONFER_CONNECTION_ONLINE &&
         state != CONFER_CONNECTION_REFUSED && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  if (state == CONFER_CONNECTION_ONLINE)
    return TRUE;
  if (state == CONFER_CONNECTION_REFUSED)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s", confer_client_get_refusal (self));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Could not reach the server at %s:%u",
                 link->host, link->port);
  return FALSE;
}

/**
 * confer_client_set_cache:
 * @self: a client not yet connected
 * @cache: (nullable): where to keep the session and its documents
 *
 * Gives the client a cache. What it holds of this session is taken up at
 * once: the participant token (so the client resumes as the same
 * participant, and unsent changes keep their txns), the title, role,
 * items and participants (all shown as away until the server says
 * otherwise); documents opened afterwards start from their cached text and
 * unsent changes, even while the server is unreachable.
 */
void
confer_client_set_cache (ConferClient      *self,
                         ConferClientCache *cache)
{
  g_autoptr(ConferCachedSession) cached = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));

  g_set_object (&self->cache, cache);
  if (cache == NULL || (cached = confer_client_cache_load_session (cache, confer_client_get_link (self))) == NULL)
    return;
  if (confer_connection_get_token (self->connection) == NULL)
    confer_connection_set_token (self->connection, cached->token);
  g_free (self->participant_id);
  self->participant_id = g_steal_pointer (&cached->participant_id);
  self->role = cached->role;
  g_free (self->session_title);
  self->session_title = g_steal_pointer (&cached->title);
  for (guint i = 0; i < g_list_model_get_n_items (cached->participants); i++)
    {
      g_autoptr(ConferParticipant) participant = g_list_model_get_item (cached->participants, i);

      confer_participant_set_online (participant, FALSE);
    }
  replace_list (self, self->participants, cached->participants, (const char *(*) (gpointer)) confer_participant_get_id);
  replace_list (self, self->items, cached->items, (const char *(*) (gpointer)) confer_item_get_id);
}

/**
 * confer_client_get_cache:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): its cache
 */
ConferClientCache *
confer_client_get_cache (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return self->cache;
}

/**
 * confer_client_get_session_title:
 * @self: a client
 *
 * Returns: (nullable): the session's title, once welcomed (or known from
 *   the cache)
 */
const char *
confer_client_get_session_title (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return self->session_title;
}

/**
 * confer_client_get_participant_id:
 * @self: a client
 *
 * Returns: (nullable): this participant's id, once welcomed (or known from
 *   the cache)
 */
const char *
confer_client_get_participant_id (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return self->participant_id;
}

/**
 * confer_client_get_role:
 * @self: a client
 *
 * Returns: this participant's role, once welcomed (or known from the
 *   cache); until then %CONFER_ROLE_GUEST, the role that may do least
 */
ConferRole
confer_client_get_role (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), CONFER_ROLE_GUEST);

  return self->role;
}

/**
 * confer_client_get_participants:
 * @self: a client
 *
 * Everyone who ever joined the session, in the order the server listed
 * them and then the order they joined. The objects are updated in place
 * from `participant.joined` and `participant.left` (and a new `welcome`
 * after a reconnection); a participant the server no longer lists is
 * removed.
 *
 * Returns: (transfer none): a #GListModel of #ConferParticipant
 */
GListModel *
confer_client_get_participants (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return G_LIST_MODEL (self->participants);
}

/**
 * confer_client_find_participant:
 * @self: a client
 * @id: (nullable): a participant id
 *
 * Returns: (transfer none) (nullable): the participant with that id
 */
ConferParticipant *
confer_client_find_participant (ConferClient *self,
                                const char   *id)
{
  g_autoptr(ConferParticipant) participant = NULL;
  guint position;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  if (id == NULL || !find_participant (self, id, &position))
    return NULL;
  participant = g_list_model_get_item (G_LIST_MODEL (self->participants), position);
  return participant;  /* the list keeps its reference */
}

/**
 * confer_client_get_own_colour:
 * @self: a client
 *
 * Returns: (nullable) (transfer none): the colour (`#rrggbb`) the session
 *   gave this participant, once welcomed (or known from the cache)
 */
const char *
confer_client_get_own_colour (ConferClient *self)
{
  ConferParticipant *me = confer_client_find_participant (self, self->participant_id);

  return me != NULL ? confer_participant_get_colour (me) : NULL;
}

/**
 * confer_client_get_items:
 * @self: a client
 *
 * The session's documents and boards (not those in the trash), in the
 * order the server listed them and then the order they were made. The
 * objects are updated in place from `doc.renamed` (and a new `welcome`);
 * `doc.created` and `doc.restored` add one, `doc.deleted` removes one.
 *
 * Returns: (transfer none): a #GListModel of #ConferItem
 */
GListModel *
confer_client_get_items (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * confer_client_find_item:
 * @self: a client
 * @id_or_title: an item id or title
 *
 * Returns: (transfer none) (nullable): the item with that id, or else the
 *   first with that title
 */
ConferItem *
confer_client_find_item (ConferClient *self,
                         const char   *id_or_title)
{
  ConferItem *by_title = NULL;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail (id_or_title != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(ConferItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_str_equal (confer_item_get_id (item), id_or_title))
        return item;  /* the list keeps its reference */
      if (by_title == NULL && g_str_equal (confer_item_get_title (item), id_or_title))
        by_title = item;
    }
  return by_title;
}

/**
 * confer_client_find_doc:
 * @self: a client
 * @id_or_title: a document id or title
 *
 * Returns: (nullable): the id of the item confer_client_find_item() finds
 */
const char *
confer_client_find_doc (ConferClient *self,
                        const char   *id_or_title)
{
  ConferItem *item = confer_client_find_item (self, id_or_title);

  return item != NULL ? confer_item_get_id (item) : NULL;
}

/**
 * confer_client_get_n_unsent:
 * @self: a client
 *
 * Returns: how many local edits in its open documents the server has not
 *   acknowledged yet
 */
guint
confer_client_get_n_unsent (ConferClient *self)
{
  GHashTableIter iter;
  gpointer doc;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->open_docs);
  while (g_hash_table_iter_next (&iter, NULL, &doc))
    n += confer_client_doc_get_n_unsent (doc);
  return n;
}

/**
 * confer_client_open_doc:
 * @self: a client
 * @doc_id: a document id
 *
 * Opens a document (or returns it if already open): its text arrives as a
 * snapshot, then it follows every change.
 *
 * Returns: (transfer none): the document, owned by the client
 */
ConferClientDoc *
confer_client_open_doc (ConferClient *self,
                        const char   *doc_id)
{
  ConferClientDoc *doc = g_hash_table_lookup (self->open_docs, doc_id);

  if (doc != NULL)
    return doc;
  doc = confer_client_doc_new (self, doc_id);
  g_hash_table_insert (self->open_docs, g_strdup (doc_id), doc);
  if (confer_connection_is_welcomed (self->connection))
    confer_client_doc_resume (doc);
  return doc;
}

/**
 * confer_client_track_txn:
 * @self: a client
 * @txn: a txn an open document or board sent
 * @item: (type GObject): the #ConferClientDoc, #ConferClientBoard or
 *   #ConferClientChat whose answer it is
 *
 * Routes the server's answer to @txn (an acknowledgement, a snapshot or an
 * `error`) to @item.
 */
void
confer_client_track_txn (ConferClient *self,
                         const char   *txn,
                         gpointer      item)
{
  g_hash_table_insert (self->item_txns, g_strdup (txn), item);
}

/**
 * confer_client_untrack_txn:
 * @self: a client
 * @txn: a txn passed to confer_client_track_txn()
 *
 * Stops routing answers to @txn: its acknowledgement came in another form
 * (an entry of a `doc.ops` or `board.txs` list).
 */
void
confer_client_untrack_txn (ConferClient *self,
                           const char   *txn)
{
  g_hash_table_remove (self->item_txns, txn);
}

/**
 * confer_client_forget_item:
 * @self: a client
 * @item: (type GObject): a #ConferClientDoc, #ConferClientBoard or
 *   #ConferClientChat being closed (the client drops its reference)
 *
 * Stops routing anything to @item.
 */
void
confer_client_forget_item (ConferClient *self,
                           gpointer      item)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->item_txns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == item)
      g_hash_table_iter_remove (&iter);
  if (CONFER_IS_CLIENT_DOC (item))
    g_hash_table_remove (self->open_docs, confer_client_doc_get_id (item));
  else if (CONFER_IS_CLIENT_CHAT (item))
    g_clear_object (&self->chat);
  else
    g_hash_table_remove (self->open_boards, confer_client_board_get_id (item));
}

/**
 * confer_client_open_board:
 * @self: a welcomed client
 * @board_id: a board's id
 *
 * Opens a board (or returns it if already open): its elements arrive
 * (::ready), then it follows every change; it is opened again, from where
 * it was, after every reconnection.
 *
 * Returns: (transfer none): the board, owned by the client
 */
ConferClientBoard *
confer_client_open_board (ConferClient *self,
                          const char   *board_id)
{
  ConferClientBoard *board;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail (self->participant_id != NULL, NULL);

  if ((board = g_hash_table_lookup (self->open_boards, board_id)) != NULL)
    return board;
  board = confer_client_board_new (self, board_id);
  g_hash_table_insert (self->open_boards, g_strdup (board_id), board);
  if (confer_connection_is_welcomed (self->connection))
    confer_client_board_resume (board);
  return board;
}

/**
 * confer_client_open_chat:
 * @self: a welcomed client
 *
 * Opens the session's chat (or returns it if already open): its latest
 * page arrives (::ready), then every event; it is opened again, from
 * where it was, after every reconnection.
 *
 * Returns: (transfer none): the chat, owned by the client
 */
ConferClientChat *
confer_client_open_chat (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail (self->participant_id != NULL, NULL);

  if (self->chat != NULL)
    return self->chat;
  self->chat = confer_client_chat_new (self);
  if (confer_connection_is_welcomed (self->connection))
    confer_client_chat_resume (self->chat);
  return self->chat;
}

/**
 * confer_client_get_call:
 * @self: a client
 *
 * The session's call: who is in it (known to every participant, in the
 * call or not), joining and leaving, and its signalling. It is there from
 * the start and lives as long as the client.
 *
 * Returns: (transfer none): the call, owned by the client
 */
ConferClientCall *
confer_client_get_call (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return self->call;
}

/**
 * confer_client_get_annotations:
 * @self: a client
 *
 * The ink drawn over the call's shared screens while this side is in the
 * call: what the others draw, and drawing and clearing. It lives as long
 * as the client.
 *
 * Returns: (transfer none): the annotations, owned by the client
 */
ConferClientAnnotations *
confer_client_get_annotations (ConferClient *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);

  return self->annotations;
}

/**
 * confer_client_get_blob_session:
 * @self: a client
 *
 * Returns: (transfer none): the HTTP session blobs are put and fetched
 *   with, made on first use (apart from the WebSocket's, so that a blob's
 *   synchronous transfer never runs inside the connection's)
 */
SoupSession *
confer_client_get_blob_session (ConferClient *self)
{
  if (self->blob_session == NULL)
    self->blob_session = soup_session_new_with_options ("user-agent", "confer/" PACKAGE_VERSION, "timeout", 60, NULL);
  return self->blob_session;
}

/**
 * confer_client_request_async:
 * @self: an online client
 * @request: a request message; a txn is set on it
 * @cancellable: (nullable): a #GCancellable; cancelling it makes the
 *   result %G_IO_ERROR_CANCELLED when the answer comes (the server may
 *   still have acted on the request)
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Sends a request and waits for the server's answer with the same txn.
 * The typed requests are built on it; protocol tests use it directly.
 */
void
confer_client_request_async (ConferClient        *self,
                             ConferMessage       *request,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *txn = confer_connection_new_txn (self->connection);

  g_task_set_source_tag (task, confer_client_request_async);
  confer_message_set_txn (request, txn);
  if (!confer_connection_send (self->connection, request))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "Not connected to the server");
      return;
    }
  g_hash_table_insert (self->requests, g_steal_pointer (&txn), g_steal_pointer (&task));
}

/**
 * confer_client_request_finish:
 * @self: a client
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the answer; an `error` answer is
 *   turned into a %CONFER_PROTOCOL_ERROR with its code and message; %NULL
 *   with that or a #G_IO_ERROR set
 */
ConferMessage *
confer_client_request_finish (ConferClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(ConferMessage) answer = g_task_propagate_pointer (G_TASK (result), error);
  JsonObject *object;
  ConferProtocolError code;

  if (answer == NULL)
    return NULL;
  if (!g_str_equal (confer_message_get_type_name (answer), "error"))
    return g_steal_pointer (&answer);

  object = confer_message_get_object (answer);
  if (!confer_protocol_error_from_string (json_object_get_string_member_with_default (object, "code", ""), &code))
    code = CONFER_PROTOCOL_ERROR_INTERNAL;
  g_set_error (error, CONFER_PROTOCOL_ERROR, code, "%s",
               json_object_get_string_member_with_default (object, "message", "The server refused"));
  return NULL;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/**
 * confer_client_request:
 * @self: an online client
 * @request: a request message
 * @timeout_ms: how long to wait, in ms
 * @error: return location for a #GError
 *
 * Sends a request and runs the thread-default main context until its
 * answer (for command-line tools and tests).
 *
 * Returns: (transfer full) (nullable): the answer, as
 *   confer_client_request_finish(); %G_IO_ERROR_TIMED_OUT if none came
 */
ConferMessage *
confer_client_request (ConferClient   *self,
                       ConferMessage  *request,
                       guint           timeout_ms,
                       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  confer_client_request_async (self, request, NULL, request_done_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (result == NULL)
    {
      GTask *task = g_hash_table_lookup (self->requests, confer_message_get_txn (request));

      if (task != NULL)
        {
          g_hash_table_remove (self->requests, confer_message_get_txn (request));
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The server did not answer");
          g_object_unref (task);
        }
      while (result == NULL)
        g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
    }
  return confer_client_request_finish (self, result, error);
}

/* Typed requests: each builds its message, and reads the answer into a
 * typed result (an object, or for a boolean result any non-%NULL). */

typedef struct
{
  gpointer       (*read) (ConferClient   *self,
                          ConferMessage  *answer,
                          GError        **error);
  GDestroyNotify   free;      /* of what read returns; NULL: a boolean */
} AnswerReader;

static void
typed_answer_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  ConferClient *self = CONFER_CLIENT (source);
  const AnswerReader *reader = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_client_request_finish (self, result, &error);
  gpointer value = answer != NULL ? reader->read (self, answer, &error) : NULL;

  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (reader->free == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, value, reader->free);
}

static void
request_typed_async (ConferClient        *self,
                     ConferMessage       *request,
                     const AnswerReader  *reader,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) reader, NULL);
  confer_client_request_async (self, request, cancellable, typed_answer_cb, task);
}

static gpointer
request_typed_sync (ConferClient        *self,
                    ConferMessage       *request,
                    const AnswerReader  *reader,
                    guint                timeout_ms,
                    GError             **error)
{
  g_autoptr(ConferMessage) answer = confer_client_request (self, request, timeout_ms, error);

  return answer != NULL ? reader->read (self, answer, error) : NULL;
}

static gboolean
answer_is (ConferMessage  *answer,
           const char     *type,
           GError        **error)
{
  if (g_str_equal (confer_message_get_type_name (answer), type))
    return TRUE;
  g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
               "The server answered %s instead of %s", confer_message_get_type_name (answer), type);
  return FALSE;
}

/* `doc.created` / `doc.restored`: the listed item (handle_item() has
 * already put it in the list). */
static gpointer
read_listed_item (ConferClient   *self,
                  ConferMessage  *answer,
                  GError        **error)
{
  JsonObject *doc = json_object_get_object_member (confer_message_get_object (answer), "doc");
  const char *id = doc != NULL ? json_object_get_string_member_with_default (doc, "id", NULL) : NULL;
  guint position;

  if (id == NULL || !find_item (self, id, &position))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "The server answered %s without an item this client can show",
                   confer_message_get_type_name (answer));
      return NULL;
    }
  return g_list_model_get_item (G_LIST_MODEL (self->items), position);
}

static gpointer
read_done (ConferClient   *self,
           ConferMessage  *answer,
           GError        **error)
{
  return GINT_TO_POINTER (TRUE);
}

static gpointer
read_trash (ConferClient   *self,
            ConferMessage  *answer,
            GError        **error)
{
  if (!answer_is (answer, "doc.trash", error))
    return NULL;
  return confer_model_list_from_json (CONFER_TYPE_ITEM,
                                      json_object_get_array_member (confer_message_get_object (answer), "docs"),
                                      (ConferModelFromJson) confer_item_new_from_json);
}

/* The link this client's own link would be with @token as its invite. */
static char *
invite_link (ConferClient *self,
             const char   *token)
{
  ConferLink link = *confer_client_get_link (self);

  link.invite = (char *) token;
  return confer_link_to_string (&link);
}

static gpointer
read_created_invite (ConferClient   *self,
                     ConferMessage  *answer,
                     GError        **error)
{
  JsonObject *object = confer_message_get_object (answer);
  JsonObject *description = json_object_get_object_member (object, "invite");
  const char *token = json_object_get_string_member_with_default (object, "token", NULL);
  g_autoptr(ConferInvite) invite = NULL;
  g_autofree char *link = NULL;

  if (!answer_is (answer, "invite.created", error))
    return NULL;
  if (description == NULL || token == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "The server made an invite but did not say what it is");
      return NULL;
    }
  invite = confer_invite_new_from_json (description, error);
  if (invite == NULL)
    return NULL;
  link = invite_link (self, token);
  confer_invite_set_link (invite, link);
  return g_steal_pointer (&invite);
}

static gpointer
read_invites (ConferClient   *self,
              ConferMessage  *answer,
              GError        **error)
{
  GListModel *invites;

  if (!answer_is (answer, "invite.list", error))
    return NULL;
  invites = confer_model_list_from_json (CONFER_TYPE_INVITE,
                                         json_object_get_array_member (confer_message_get_object (answer), "invites"),
                                         (ConferModelFromJson) confer_invite_new_from_json);
  for (guint i = 0; self->cache != NULL && i < g_list_model_get_n_items (invites); i++)
    {
      g_autoptr(ConferInvite) invite = g_list_model_get_item (invites, i);
      g_autofree char *link = confer_client_cache_load_invite_link (self->cache, confer_client_get_link (self),
                                                                    confer_invite_get_id (invite));

      confer_invite_set_link (invite, link);
    }
  return invites;
}

static const AnswerReader item_reader = { read_listed_item, g_object_unref };
static const AnswerReader done_reader = { read_done, NULL };
static const AnswerReader trash_reader = { read_trash, g_object_unref };
static const AnswerReader created_invite_reader = { read_created_invite, g_object_unref };
static const AnswerReader invites_reader = { read_invites, g_object_unref };

static ConferMessage *
create_item_request (ConferItemKind  kind,
                     const char     *title)
{
  ConferMessage *request = confer_message_new ("doc.create");

  json_object_set_string_member (confer_message_get_object (request), "title", title);
  json_object_set_string_member (confer_message_get_object (request), "kind", confer_item_kind_to_string (kind));
  return request;
}

/**
 * confer_client_create_item_async:
 * @self: an online client
 * @kind: what the item holds: text or a board
 * @title: its title
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Makes a document (`doc.create`). Owners and editors only
 * (confer_role_can_manage_docs()).
 */
void
confer_client_create_item_async (ConferClient        *self,
                                 ConferItemKind       kind,
                                 const char          *title,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));
  g_return_if_fail (title != NULL);

  request = create_item_request (kind, title);
  request_typed_async (self, request, &item_reader, confer_client_create_item_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_create_item_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the new item, as listed in
 *   confer_client_get_items(); or %NULL with the server's
 *   %CONFER_PROTOCOL_ERROR (`forbidden` for a role that may not,
 *   `limit-reached`…), or a #G_IO_ERROR when the connection closed first
 */
ConferItem *
confer_client_create_item_finish (ConferClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confer_client_create_item:
 * @self: an online client
 * @kind: what the item holds, as for confer_client_create_item_async()
 * @title: its title
 * @timeout_ms: how long to wait for the answer, in ms
 * @error: return location for a #GError
 *
 * Makes an item and runs the thread-default main context until the
 * server answers (for command-line tools and tests).
 *
 * Returns: (transfer full) (nullable): as
 *   confer_client_create_item_finish(); or %NULL with
 *   %G_IO_ERROR_TIMED_OUT
 */
ConferItem *
confer_client_create_item (ConferClient    *self,
                           ConferItemKind   kind,
                           const char      *title,
                           guint            timeout_ms,
                           GError         **error)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  request = create_item_request (kind, title);
  return request_typed_sync (self, request, &item_reader, timeout_ms, error);
}

static ConferMessage *
item_request (const char *type,
              const char *item_id)
{
  ConferMessage *request = confer_message_new (type);

  json_object_set_string_member (confer_message_get_object (request), "doc", item_id);
  return request;
}

/**
 * confer_client_rename_item_async:
 * @self: an online client
 * @item_id: the item's id
 * @title: its new title
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Renames an item (`doc.rename`); owners and editors only. The item's
 * #ConferItem:title changes, and #ConferClient::item-renamed is emitted,
 * when the server announces it.
 */
void
confer_client_rename_item_async (ConferClient        *self,
                                 const char          *item_id,
                                 const char          *title,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));
  g_return_if_fail (item_id != NULL && title != NULL);

  request = item_request ("doc.rename", item_id);
  json_object_set_string_member (confer_message_get_object (request), "title", title);
  request_typed_async (self, request, &done_reader, confer_client_rename_item_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_rename_item_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if renamed; %FALSE with the server's
 *   %CONFER_PROTOCOL_ERROR (`forbidden`, `unknown-doc`…) or a #G_IO_ERROR
 */
gboolean
confer_client_rename_item_finish (ConferClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * confer_client_delete_item_async:
 * @self: an online client
 * @item_id: the item's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Sends an item to the session's trash for 30 days (`doc.delete`);
 * owners and editors only.
 */
void
confer_client_delete_item_async (ConferClient        *self,
                                 const char          *item_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));
  g_return_if_fail (item_id != NULL);

  request = item_request ("doc.delete", item_id);
  request_typed_async (self, request, &done_reader, confer_client_delete_item_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_delete_item_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if deleted; %FALSE with the server's
 *   %CONFER_PROTOCOL_ERROR or a #G_IO_ERROR
 */
gboolean
confer_client_delete_item_finish (ConferClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * confer_client_restore_item_async:
 * @self: an online client
 * @item_id: the id of an item in the trash
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Brings an item back from the trash, with every change made to it
 * (`doc.restore`); owners and editors only.
 */
void
confer_client_restore_item_async (ConferClient        *self,
                                  const char          *item_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));
  g_return_if_fail (item_id != NULL);

  request = item_request ("doc.restore", item_id);
  request_typed_async (self, request, &item_reader, confer_client_restore_item_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_restore_item_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the item, listed again in
 *   confer_client_get_items(); or %NULL with the server's
 *   %CONFER_PROTOCOL_ERROR (`bad-message` when it is not deleted,
 *   `unknown-doc` when deleted more than 30 days ago…) or a #G_IO_ERROR
 */
ConferItem *
confer_client_restore_item_finish (ConferClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confer_client_list_trash_async:
 * @self: an online client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Asks for the items deleted in the last 30 days (`doc.trash`); owners
 * and editors only.
 */
void
confer_client_list_trash_async (ConferClient        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(ConferMessage) request = confer_message_new ("doc.trash");

  g_return_if_fail (CONFER_IS_CLIENT (self));

  request_typed_async (self, request, &trash_reader, confer_client_list_trash_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_list_trash_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ConferItem, each
 *   with #ConferItem:deleted and #ConferItem:deleted-by, in the server's
 *   order (a snapshot: it does not follow later changes); or %NULL with
 *   the server's %CONFER_PROTOCOL_ERROR or a #G_IO_ERROR
 */
GListModel *
confer_client_list_trash_finish (ConferClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static ConferMessage *
create_invite_request (ConferRole role,
                       guint64    expires_in,
                       guint      max_uses)
{
  ConferMessage *request = confer_message_new ("invite.create");
  JsonObject *object = confer_message_get_object (request);

  json_object_set_string_member (object, "role", confer_role_to_string (role));
  if (expires_in > 0)
    json_object_set_int_member (object, "expires_in", (gint64) MIN (expires_in, (guint64) G_MAXINT64));
  if (max_uses > 0)
    json_object_set_int_member (object, "uses", max_uses);
  return request;
}

/**
 * confer_client_create_invite_async:
 * @self: an online client
 * @role: the role it grants
 * @expires_in: its lifetime in seconds (at most ten years); 0 for never
 * @max_uses: how many people may join with it (at most 1,000,000); 0 for
 *   any number
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Mints an invite (`invite.create`); owners only
 * (confer_role_can_invite()).
 */
void
confer_client_create_invite_async (ConferClient        *self,
                                   ConferRole           role,
                                   guint64              expires_in,
                                   guint                max_uses,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_if_fail (CONFER_IS_CLIENT (self));
  g_return_if_fail ((guint) role < CONFER_N_ROLES);

  request = create_invite_request (role, expires_in, max_uses);
  request_typed_async (self, request, &created_invite_reader, confer_client_create_invite_async, cancellable,
                       callback, user_data);
}

/**
 * confer_client_create_invite_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the invite, its #ConferInvite:link
 *   this client's link (same server, session and fingerprint) carrying the
 *   new token — shown only now: the server keeps only its hash; or %NULL
 *   with the server's %CONFER_PROTOCOL_ERROR (`forbidden`,
 *   `bad-message`…) or a #G_IO_ERROR
 */
ConferInvite *
confer_client_create_invite_finish (ConferClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confer_client_create_invite:
 * @self: an online client
 * @role: the role it grants
 * @expires_in: its lifetime in seconds; 0 for never
 * @max_uses: how many people may join with it; 0 for any number
 * @timeout_ms: how long to wait for the answer, in ms
 * @error: return location for a #GError
 *
 * Mints an invite and runs the thread-default main context until the
 * server answers (for command-line tools and tests).
 *
 * Returns: (transfer full) (nullable): as
 *   confer_client_create_invite_finish(); or %NULL with
 *   %G_IO_ERROR_TIMED_OUT
 */
ConferInvite *
confer_client_create_invite (ConferClient  *self,
                             ConferRole     role,
                             guint64        expires_in,
                             guint          max_uses,
                             guint          timeout_ms,
                             GError       **error)
{
  g_autoptr(ConferMessage) request = NULL;

  g_return_val_if_fail (CONFER_IS_CLIENT (self), NULL);
  g_return_val_if_fail ((guint) role < CONFER_N_ROLES, NULL);

  request = create_invite_request (role, expires_in, max_uses);
  return request_typed_sync (self, request, &created_invite_reader, timeout_ms, error);
}

/**
 * confer_client_list_invites_async:
 * @self: an online client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Asks for the session's invites (`invite.list`); owners only.
 */
void
confer_client_list_invites_async (ConferClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(ConferMessage) request = confer_message_new ("invite.list");

  g_return_if_fail (CONFER_IS_CLIENT (self));

  request_typed_async (self, request, &invites_reader, confer_client_list_invites_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_list_invites_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ConferInvite,
 *   revoked, expired and used-up ones included (confer_invite_is_live()
 *   tells), each with the #ConferInvite:link the cache kept if this
 *   participant made it; or %NULL with the server's
 *   %CONFER_PROTOCOL_ERROR or a #G_IO_ERROR
 */
GListModel *
confer_client_list_invites_finish (ConferClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confer_client_revoke_invite_async:
 * @self: an online client
 * @invite_id: the invite's id (confer_invite_get_id())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Revokes an invite (`invite.revoke`): its link lets nobody in any more;
 * owners only.
 */
void
confer_client_revoke_invite_async (ConferClient        *self,
                                   const char          *invite_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(ConferMessage) request = confer_message_new ("invite.revoke");

  g_return_if_fail (CONFER_IS_CLIENT (self));
  g_return_if_fail (invite_id != NULL);

  json_object_set_string_member (confer_message_get_object (request), "invite", invite_id);
  request_typed_async (self, request, &done_reader, confer_client_revoke_invite_async, cancellable, callback,
                       user_data);
}

/**
 * confer_client_revoke_invite_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if revoked; %FALSE with the server's
 *   %CONFER_PROTOCOL_ERROR or a #G_IO_ERROR
 */
gboolean
confer_client_revoke_invite_finish (ConferClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
