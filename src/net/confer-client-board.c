/* confer-client-board.c: one open board of a client: the board client
 * state (confirmed board, pending transactions, view, undo), resume after
 * reconnects, presence in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-client-board"

#include "config.h"

#include <string.h>

#include "confer-client-private.h"

/* Many elements go to the server in transactions of at most this many
 * and about this many bytes, well inside the frame limit. */
#define ADD_MAX_OPS   2000
#define ADD_MAX_BYTES (512 * 1024)

/* How long a rate-limited transaction waits before it is sent again, ms. */
#define RETRY_DELAY_MS 200
/* Presence goes out at most this often, ms (about 40 a second). */
#define PRESENCE_INTERVAL_MS 25

struct _ConferClientBoard
{
  GObject            parent_instance;

  ConferClient      *client;          /* unowned: the client owns its boards */
  char              *id;
  gboolean           ready;
  ConferBoardClient *board;
  ConferBoard       *arriving;        /* a paged snapshot's elements so far */
  GHashTable        *presence;        /* participant id -> ConferBoardPresence */
  ConferMessage     *presence_out;    /* waiting to go out */
  gint64             presence_sent;   /* monotonic µs */
  GSource           *presence_source;
  GSource           *retry_source;
};

enum {
  READY,
  CHANGED,
  REFUSED,
  PRESENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferClientBoard, confer_client_board, G_TYPE_OBJECT)

static void
presence_free (ConferBoardPresence *presence)
{
  g_strfreev (presence->selection);
  g_clear_pointer (&presence->stroke, g_array_unref);
  g_free (presence);
}

static void
confer_client_board_finalize (GObject *object)
{
  ConferClientBoard *self = (ConferClientBoard *) object;

  confer_timeout_clear (&self->presence_source);
  confer_timeout_clear (&self->retry_source);
  g_clear_pointer (&self->presence_out, confer_message_unref);
  g_clear_pointer (&self->board, confer_board_client_free);
  g_clear_pointer (&self->arriving, confer_board_free);
  g_clear_pointer (&self->presence, g_hash_table_unref);
  g_free (self->id);

  G_OBJECT_CLASS (confer_client_board_parent_class)->finalize (object);
}

static void
confer_client_board_class_init (ConferClientBoardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_client_board_finalize;

  /**
   * ConferClientBoard::ready:
   *
   * The board arrived: its elements are there to show.
   */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
  /**
   * ConferClientBoard::changed:
   * @touched: (type GHashTable): the ids of the elements whose view may
   *   have changed (a set of strings, valid during the emission)
   *
   * Elements changed: by this participant, by others, or by a rebase or
   * a refusal.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_HASH_TABLE);
  /**
   * ConferClientBoard::refused:
   * @code: the server's error code (`forbidden`, `invalid-element`…)
   * @message: its explanation
   *
   * The server refused one of this participant's transactions; it was
   * taken back out of the board (::changed follows).
   */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * ConferClientBoard::presence:
   * @participant_id: whose presence changed (or went, when they closed
   *   the board)
   *
   * Another participant's pointer, viewport, selection or stroke in
   * progress changed (confer_client_board_get_presence()).
   */
  signals[PRESENCE] = g_signal_new ("presence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
confer_client_board_init (ConferClientBoard *self)
{
  self->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) presence_free);
}

/**
 * confer_client_board_new:
 * @client: the client (not referenced: it owns the board)
 * @id: the board's id
 *
 * Returns: (transfer full): a board not opened yet
 */
ConferClientBoard *
confer_client_board_new (ConferClient *client,
                         const char   *id)
{
  ConferClientBoard *self = g_object_new (CONFER_TYPE_CLIENT_BOARD, NULL);
  ConferConnection *connection = confer_client_get_connection (client);
  g_autofree char *prefix = confer_connection_new_txn (connection);
  g_autofree char *txn_prefix = g_strconcat (prefix, "-", NULL);

  self->client = client;
  self->id = g_strdup (id);
  self->board = confer_board_client_new (confer_client_get_participant_id (client) != NULL
                                           ? confer_client_get_participant_id (client) : "",
                                         txn_prefix);
  return self;
}

static ConferConnection *
connection (ConferClientBoard *self)
{
  return confer_client_get_connection (self->client);
}

static void
emit_changed (ConferClientBoard *self,
              GHashTable        *touched)
{
  if (g_hash_table_size (touched) > 0)
    g_signal_emit (self, signals[CHANGED], 0, touched);
}

/* Sends the pending transactions not sent yet, oldest first. */
static void
send_unsent (ConferClientBoard *self)
{
  g_autoptr(GPtrArray) unsent = NULL;

  if (!confer_connection_is_welcomed (connection (self)))
    return;
  unsent = confer_board_client_take_unsent (self->board);
  for (guint i = 0; i < unsent->len; i++)
    {
      ConferBoardTx *tx = g_ptr_array_index (unsent, i);
      g_autoptr(ConferMessage) message = confer_message_new ("board.tx");
      JsonObject *object = confer_message_get_object (message);

      json_object_set_string_member (object, "doc", self->id);
      json_object_set_array_member (object, "ops", confer_board_tx_to_json (tx));
      confer_message_set_txn (message, tx->txn);
      confer_client_track_txn (self->client, tx->txn, self);
      if (!confer_connection_send (connection (self), message))
        {
          /* Gone meanwhile: all of it goes again on resume. */
          confer_board_client_resend_all (self->board);
          return;
        }
    }
}

/**
 * confer_client_board_resume:
 * @self: a board
 *
 * After (re)connecting: opens the board — from the sequence number the
 * client has, so the server sends what it missed — then sends every
 * pending transaction again, with its txn (the server commits each once).
 */
void
confer_client_board_resume (ConferClientBoard *self)
{
  g_autoptr(ConferMessage) open = confer_message_new ("board.open");
  g_autofree char *txn = confer_connection_new_txn (connection (self));

  /* What a dropped connection left of a paged snapshot is not the board. */
  g_clear_pointer (&self->arriving, confer_board_free);
  json_object_set_string_member (confer_message_get_object (open), "doc", self->id);
  if (self->ready)
    json_object_set_int_member (confer_message_get_object (open), "seq", confer_board_client_get_seq (self->board));
  confer_message_set_txn (open, txn);
  confer_client_track_txn (self->client, txn, self);
  if (!confer_connection_send (connection (self), open))
    return;
  confer_board_client_resend_all (self->board);
  send_unsent (self);
}

static gboolean
retry_cb (gpointer data)
{
  ConferClientBoard *self = data;

  confer_timeout_clear (&self->retry_source);
  confer_board_client_resend_all (self->board);
  send_unsent (self);
  return G_SOURCE_REMOVE;
}

static gboolean
read_snapshot (ConferClientBoard  *self,
               ConferMessage      *message,
               GError            **error)
{
  JsonObject *object = confer_message_get_object (message);
  JsonArray *elements = json_object_get_array_member (object, "elements");
  g_autoptr(ConferBoard) board = NULL;
  g_autoptr(GHashTable) touched = confer_board_touched_new ();

  /* A large board comes in pages: the board is taken once the last is
   * in. */
  if (self->arriving == NULL)
    self->arriving = confer_board_new ();
  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      JsonNode *node = json_array_get_element (elements, i);
      g_autoptr(ConferBoardElement) element = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (element = confer_board_element_from_json (json_node_get_object (node), error)) == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                         "A board element is not an object");
          g_clear_pointer (&self->arriving, confer_board_free);
          return FALSE;
        }
      confer_board_put (self->arriving, element);
    }
  if (json_object_get_boolean_member_with_default (object, "more", FALSE))
    return TRUE;
  board = g_steal_pointer (&self->arriving);
  confer_board_client_reset (self->board, g_steal_pointer (&board), json_object_get_int_member (object, "seq"),
                             touched);
  if (!self->ready)
    {
      self->ready = TRUE;
      g_signal_emit (self, signals[READY], 0);
    }
  emit_changed (self, touched);
  return TRUE;
}

static gboolean
read_txs (ConferClientBoard  *self,
          ConferMessage      *message,
          GError            **error)
{
  JsonArray *txs = json_object_get_array_member (confer_message_get_object (message), "txs");
  g_autoptr(GHashTable) touched = confer_board_touched_new ();

  for (guint i = 0; i < json_array_get_length (txs); i++)
    {
      JsonObject *entry = json_array_get_object_element (txs, i);
      g_autoptr(ConferBoardTx) tx = NULL;
      guint64 seq = json_object_get_int_member (entry, "seq");

      /* Already applied (an answer and a broadcast may overlap). */
      if (seq <= confer_board_client_get_seq (self->board))
        continue;
      tx = confer_board_tx_from_json (json_object_get_array_member (entry, "ops"), error);
      if (tx == NULL)
        return FALSE;
      tx->seq = seq;
      tx->author = g_strdup (json_object_get_string_member (entry, "author"));
      tx->txn = g_strdup (json_object_get_string_member (entry, "txn"));
      if (g_strcmp0 (tx->author, confer_client_get_participant_id (self->client)) == 0)
        confer_client_untrack_txn (self->client, tx->txn);
      if (!confer_board_client_apply_remote (self->board, tx, touched, error))
        {
          emit_changed (self, touched);
          return FALSE;
        }
    }
  emit_changed (self, touched);
  return TRUE;
}

static void
read_presence (ConferClientBoard *self,
               ConferMessage     *message)
{
  JsonObject *object = confer_message_get_object (message);
  const char *participant = json_object_get_string_member (object, "participant");
  ConferBoardPresence *presence;
  JsonNode *node;

  if (json_object_get_boolean_member_with_default (object, "closed", FALSE))
    {
      g_hash_table_remove (self->presence, participant);
      g_signal_emit (self, signals[PRESENCE], 0, participant);
      return;
    }
  presence = g_new0 (ConferBoardPresence, 1);
  if ((node = json_object_get_member (object, "pointer")) != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) == 2)
    {
      presence->has_pointer = TRUE;
      for (guint i = 0; i < 2; i++)
        presence->pointer[i] = json_array_get_double_element (json_node_get_array (node), i);
    }
  if ((node = json_object_get_member (object, "viewport")) != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) == 4)
    {
      presence->has_viewport = TRUE;
      for (guint i = 0; i < 4; i++)
        presence->viewport[i] = json_array_get_double_element (json_node_get_array (node), i);
    }
  if ((node = json_object_get_member (object, "selection")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *ids = json_node_get_array (node);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (ids); i++)
        if (JSON_NODE_HOLDS_VALUE (json_array_get_element (ids, i)))
          g_strv_builder_add (builder, json_array_get_string_element (ids, i));
      presence->selection = g_strv_builder_end (builder);
    }
  if ((node = json_object_get_member (object, "stroke")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *points = json_node_get_array (node);

      presence->stroke = g_array_sized_new (FALSE, FALSE, sizeof (double), 3 * json_array_get_length (points));
      for (guint i = 0; i < json_array_get_length (points); i++)
        {
          JsonNode *point = json_array_get_element (points, i);

          if (!JSON_NODE_HOLDS_ARRAY (point) || json_array_get_length (json_node_get_array (point)) != 3)
            continue;
          for (guint k = 0; k < 3; k++)
            {
              double v = json_array_get_double_element (json_node_get_array (point), k);

              g_array_append_val (presence->stroke, v);
            }
        }
      presence->laser = json_object_get_boolean_member_with_default (object, "laser", FALSE);
    }
  g_hash_table_replace (self->presence, g_strdup (participant), presence);
  g_signal_emit (self, signals[PRESENCE], 0, participant);
}

/**
 * confer_client_board_handle:
 * @self: a board
 * @message: a message for it, checked by confer_server_frame_check():
 *   `board.snapshot`, `board.txs`, `board.ack`, `board.presence`, or the
 *   `error` answering one of its transactions
 *
 * A frame the board cannot use (an element or operation that does not
 * check, a transaction that does not follow) is never applied in part:
 * the client reconnects and resumes.
 */
void
confer_client_board_handle (ConferClientBoard *self,
                            ConferMessage     *message)
{
  const char *type = confer_message_get_type_name (message);
  const char *txn = confer_message_get_txn (message);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (type, "board.snapshot"))
    {
      if (!read_snapshot (self, message, &error))
        confer_connection_protocol_failure (connection (self), error->message);
      else
        send_unsent (self);
    }
  else if (g_str_equal (type, "board.txs"))
    {
      if (!read_txs (self, message, &error))
        confer_connection_protocol_failure (connection (self), error->message);
    }
  else if (g_str_equal (type, "board.ack") && txn != NULL)
    {
      g_autoptr(GHashTable) touched = confer_board_touched_new ();

      /* A resent transaction the server had committed: the confirmed
       * board has it already. */
      confer_board_client_forget (self->board, txn, touched);
      emit_changed (self, touched);
    }
  else if (g_str_equal (type, "board.presence"))
    read_presence (self, message);
  else if (g_str_equal (type, "error") && txn != NULL)
    {
      JsonObject *object = confer_message_get_object (message);
      const char *code = json_object_get_string_member (object, "code");
      g_autoptr(GHashTable) touched = confer_board_touched_new ();

      if (g_str_equal (code, "rate-limited"))
        {
          if (self->retry_source == NULL)
            self->retry_source = confer_timeout_add (RETRY_DELAY_MS, retry_cb, self);
          return;
        }
      g_debug ("Board %s: %s refused: %s", self->id, txn, json_object_get_string_member (object, "message"));
      confer_board_client_forget (self->board, txn, touched);
      g_signal_emit (self, signals[REFUSED], 0, code, json_object_get_string_member (object, "message"));
      emit_changed (self, touched);
    }
}

/**
 * confer_client_board_get_id:
 * @self: a board
 *
 * Returns: (transfer none): its id
 */
const char *
confer_client_board_get_id (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), NULL);

  return self->id;
}

/**
 * confer_client_board_is_ready:
 * @self: a board
 *
 * Returns: %TRUE once the board's elements have arrived
 */
gboolean
confer_client_board_is_ready (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  return self->ready;
}

/**
 * confer_client_board_get_board:
 * @self: a board
 *
 * Returns: (transfer none): the board as this participant sees it: the
 *   server's, with their own changes not acknowledged yet on top
 */
ConferBoard *
confer_client_board_get_board (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), NULL);

  return confer_board_client_get_view (self->board);
}

/**
 * confer_client_board_get_confirmed:
 * @self: a board
 *
 * Returns: (transfer none): the board as the server ordered it up to
 *   confer_client_board_get_seq()
 */
ConferBoard *
confer_client_board_get_confirmed (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), NULL);

  return confer_board_client_get_confirmed (self->board);
}

/**
 * confer_client_board_get_seq:
 * @self: a board
 *
 * Returns: the sequence number of the last server transaction applied
 */
guint64
confer_client_board_get_seq (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), 0);

  return confer_board_client_get_seq (self->board);
}

/**
 * confer_client_board_get_n_pending:
 * @self: a board
 *
 * Returns: how many of this participant's transactions the server has
 *   not acknowledged
 */
guint
confer_client_board_get_n_pending (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), 0);

  return confer_board_client_get_n_pending (self->board);
}

/**
 * confer_client_board_apply:
 * @self: a ready board
 * @tx: a transaction this participant made (its author and txn are filled
 *   in)
 * @merge_undo: whether it continues the last undo step (the rest of a
 *   drag) rather than starting one
 * @error: return location for a #GError
 *
 * Applies @tx at once and sends it; ::changed is emitted.
 *
 * Returns: %TRUE on success; %FALSE, nothing changed, with the errors of
 *   confer_board_check_tx()
 */
gboolean
confer_client_board_apply (ConferClientBoard  *self,
                           ConferBoardTx      *tx,
                           gboolean            merge_undo,
                           GError            **error)
{
  g_autoptr(GHashTable) touched = confer_board_touched_new ();

  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  if (!confer_board_client_apply_local (self->board, tx, merge_undo, touched, error))
    return FALSE;
  send_unsent (self);
  emit_changed (self, touched);
  return TRUE;
}

/* A bound on the bytes an element takes in a frame: its fields, each
 * number of its point lists written out in full, its texts with every
 * character escaped, customData at its limit. */
static gsize
element_size (ConferBoardElement *element)
{
  static const ConferBoardProp lists[] = { CONFER_BOARD_PROP_POINTS, CONFER_BOARD_PROP_PRESSURES };
  static const ConferBoardProp texts[] = { CONFER_BOARD_PROP_TEXT, CONFER_BOARD_PROP_ORIGINAL_TEXT,
                                           CONFER_BOARD_PROP_LINK, CONFER_BOARD_PROP_NAME };
  gsize size = 2048;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      const ConferBoardValue *value = confer_board_element_get (element, lists[i]);

      if (value->kind == CONFER_BOARD_VALUE_DOUBLES)
        size += value->doubles->n * 26;
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text = confer_board_element_get_string (element, texts[i]);

      if (text != NULL)
        size += 6 * strlen (text);
    }
  if (confer_board_element_get (element, CONFER_BOARD_PROP_CUSTOM_DATA)->kind == CONFER_BOARD_VALUE_JSON)
    size += CONFER_BOARD_MAX_CUSTOM_DATA;
  return size;
}

/**
 * confer_client_board_add_elements:
 * @self: a ready board
 * @elements: (element-type ConferBoardElement): elements to add, bottom to
 *   top, each with its `index` (an imported file's or a template's)
 * @error: return location for a #GError
 *
 * Adds many elements as one undo step, in transactions of at most 2,000
 * elements and about 512 KiB (a large element goes alone), so each fits
 * a frame.
 *
 * Returns: %TRUE on success; %FALSE with the errors of
 *   confer_board_check_tx() (what was added before stays)
 */
gboolean
confer_client_board_add_elements (ConferClientBoard  *self,
                                  GPtrArray          *elements,
                                  GError            **error)
{
  g_autoptr(ConferBoardTx) tx = NULL;
  gboolean first = TRUE;
  gsize bytes = 0;

  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  for (guint i = 0; i <= elements->len; i++)
    {
      ConferBoardElement *element = i < elements->len ? g_ptr_array_index (elements, i) : NULL;
      gsize size = element != NULL ? element_size (element) : 0;

      if (tx != NULL && (element == NULL || tx->ops->len >= ADD_MAX_OPS || bytes + size > ADD_MAX_BYTES))
        {
          if (!confer_client_board_apply (self, tx, !first, error))
            return FALSE;
          g_clear_pointer (&tx, confer_board_tx_unref);
          first = FALSE;
          bytes = 0;
        }
      if (element == NULL)
        break;
      if (tx == NULL)
        tx = confer_board_tx_new ();
      confer_board_tx_add (tx, element);
      bytes += size;
    }
  return TRUE;
}

static gboolean
travel (ConferClientBoard *self,
        gboolean           undo)
{
  g_autoptr(GHashTable) touched = confer_board_touched_new ();
  gboolean done = undo ? confer_board_client_undo (self->board, touched)
                       : confer_board_client_redo (self->board, touched);

  if (done)
    {
      send_unsent (self);
      emit_changed (self, touched);
    }
  return done;
}

/**
 * confer_client_board_undo:
 * @self: a board
 *
 * Undoes this participant's last change that still changes something,
 * leaving everyone else's work alone (see confer-board-client.c).
 *
 * Returns: %TRUE if something was undone
 */
gboolean
confer_client_board_undo (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  return travel (self, TRUE);
}

/**
 * confer_client_board_redo:
 * @self: a board
 *
 * Returns: %TRUE if something was redone
 */
gboolean
confer_client_board_redo (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  return travel (self, FALSE);
}

/**
 * confer_client_board_can_undo:
 * @self: a board
 *
 * Returns: %TRUE if this participant has changes to undo
 */
gboolean
confer_client_board_can_undo (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  return confer_board_client_can_undo (self->board);
}

/**
 * confer_client_board_can_redo:
 * @self: a board
 *
 * Returns: %TRUE if this participant has undone changes to redo
 */
gboolean
confer_client_board_can_redo (ConferClientBoard *self)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  return confer_board_client_can_redo (self->board);
}

static gboolean
send_presence_cb (gpointer data)
{
  ConferClientBoard *self = data;

  confer_timeout_clear (&self->presence_source);
  if (self->presence_out == NULL)
    return G_SOURCE_REMOVE;
  if (confer_connection_is_welcomed (connection (self)))
    confer_connection_send (connection (self), self->presence_out);
  g_clear_pointer (&self->presence_out, confer_message_unref);
  self->presence_sent = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static JsonArray *
doubles_array (const double *values,
               guint         n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);
  return array;
}

/**
 * confer_client_board_set_presence:
 * @self: an open board
 * @presence: where this participant is (pointer, viewport, selection,
 *   stroke in progress)
 *
 * Shares it with the board's other participants, at most every 25 ms
 * (about 40 a second): what is set meanwhile replaces what waits.
 */
void
confer_client_board_set_presence (ConferClientBoard         *self,
                                  const ConferBoardPresence *presence)
{
  ConferMessage *message;
  JsonObject *object;
  gint64 wait_us;

  g_return_if_fail (CONFER_IS_CLIENT_BOARD (self));

  message = confer_message_new ("board.presence");
  object = confer_message_get_object (message);
  json_object_set_string_member (object, "doc", self->id);
  if (presence->has_pointer)
    json_object_set_array_member (object, "pointer", doubles_array (presence->pointer, 2));
  if (presence->has_viewport)
    json_object_set_array_member (object, "viewport", doubles_array (presence->viewport, 4));
  if (presence->selection != NULL)
    {
      JsonArray *ids = json_array_new ();

      for (guint i = 0; presence->selection[i] != NULL; i++)
        json_array_add_string_element (ids, presence->selection[i]);
      json_object_set_array_member (object, "selection", ids);
    }
  if (presence->stroke != NULL)
    {
      JsonArray *points = json_array_sized_new (presence->stroke->len / 3);

      for (guint i = 0; i + 2 < presence->stroke->len; i += 3)
        json_array_add_array_element (points, doubles_array (&g_array_index (presence->stroke, double, i), 3));
      json_object_set_array_member (object, "stroke", points);
      if (presence->laser)
        json_object_set_boolean_member (object, "laser", TRUE);
    }
  g_clear_pointer (&self->presence_out, confer_message_unref);
  self->presence_out = message;

  wait_us = self->presence_sent + PRESENCE_INTERVAL_MS * 1000 - g_get_monotonic_time ();
  if (wait_us <= 0)
    send_presence_cb (self);
  else if (self->presence_source == NULL)
    self->presence_source = confer_timeout_add ((guint) (wait_us / 1000) + 1, send_presence_cb, self);
}

/**
 * confer_client_board_get_presence:
 * @self: a board
 * @participant_id: another participant
 *
 * Returns: (transfer none) (nullable): where they last were on this
 *   board, or %NULL if they have not said or closed it
 */
const ConferBoardPresence *
confer_client_board_get_presence (ConferClientBoard *self,
                                  const char        *participant_id)
{
  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), NULL);

  return g_hash_table_lookup (self->presence, participant_id);
}

/**
 * confer_client_board_wait:
 * @self: a board
 * @synchronized: also wait until every local change is acknowledged
 * @timeout_ms: how long to wait at most, in ms
 * @error: return location for a #GError
 *
 * Runs the thread-default main context until the board is ready (and, if
 * @synchronized, has nothing pending) — for command-line tools and tests.
 *
 * Returns: %TRUE when it is; %FALSE with %G_IO_ERROR_TIMED_OUT
 */
gboolean
confer_client_board_wait (ConferClientBoard  *self,
                          gboolean            synchronized,
                          guint               timeout_ms,
                          GError            **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (CONFER_IS_CLIENT_BOARD (self), FALSE);

  while (!(self->ready && (!synchronized || confer_board_client_get_n_pending (self->board) == 0)))
    {
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The board did not %s within %u ms",
                       self->ready ? "synchronise" : "arrive", timeout_ms);
          return FALSE;
        }
      g_main_context_iteration (context, TRUE);
    }
  return TRUE;
}

/**
 * confer_client_board_close:
 * @self: (transfer none): an open board; it is freed
 *
 * Stops following the board (`board.close`); unsent changes are lost.
 */
void
confer_client_board_close (ConferClientBoard *self)
{
  g_autoptr(ConferMessage) close = confer_message_new ("board.close");

  g_return_if_fail (CONFER_IS_CLIENT_BOARD (self));

  json_object_set_string_member (confer_message_get_object (close), "doc", self->id);
  if (confer_connection_is_welcomed (connection (self)))
    confer_connection_send (connection (self), close);
  confer_client_forget_item (self->client, self);
}
