/* confer-server-board.c: boards — loading a board, opening it, ordering
 * and committing transactions, and relaying presence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-board"

#include "config.h"

#include <math.h>

#include "confer-group-commit.h"
#include "confer-server-private.h"

/* Transactions kept in memory, for participants resuming after a drop;
 * one resuming from further back gets the whole board. */
#define LOG_KEEP 4096
/* Presence goes out at most this often per participant (about 30 a
 * second); what arrives in between replaces what waits. */
#define PRESENCE_INTERVAL_MS 25
/* Bounds of one presence message. */
#define PRESENCE_MAX_SELECTION 10000
#define PRESENCE_MAX_STROKE    CONFER_BOARD_MAX_POINTS

struct _ConferServerBoard
{
  ConferBoard *board;
  guint64      seq;
  guint64      committed;  /* the last sequence number committed */
  GPtrArray   *log;        /* ConferBoardTx: at least the last LOG_KEEP and all not committed, oldest first */
  GHashTable  *txns;       /* "author\x1ftxn" -> seq */
  GHashTable  *dirty;      /* ids changed since the last commit */
  GHashTable  *presence;   /* participant id -> ConferMessage waiting */
  guint        presence_source;
  gint64       presence_sent;   /* µs, monotonic: the last relay */
};

static const ConferCommitFamily board_family;

static char *
txn_key (const char *author,
         const char *txn)
{
  return g_strconcat (author, "\x1f", txn, NULL);
}

/**
 * confer_server_board_unload:
 * @doc: an item
 *
 * Drops a board's loaded state (if it is a board and loaded): it is read
 * again from the store on next use, as after a failed commit.
 */
void
confer_server_board_unload (ConferServerDoc *doc)
{
  ConferServerBoard *board = g_steal_pointer (&doc->board);

  if (board == NULL)
    return;
  g_clear_handle_id (&board->presence_source, g_source_remove);
  confer_board_free (board->board);
  g_ptr_array_unref (board->log);
  g_hash_table_unref (board->txns);
  g_hash_table_unref (board->dirty);
  g_hash_table_unref (board->presence);
  g_free (board);
}

static gboolean
ensure_loaded (ConferServerDoc  *doc,
               GError          **error)
{
  ConferServerStore *store = confer_server_get_store (doc->session->server);
  g_autoptr(GPtrArray) elements = NULL;
  ConferServerBoard *board;

  if (doc->board != NULL)
    return TRUE;
  board = g_new0 (ConferServerBoard, 1);
  board->board = confer_board_new ();
  board->log = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_tx_unref);
  board->dirty = confer_board_touched_new ();
  board->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) confer_message_unref);
  confer_server_store_load_board (store, doc->id, &elements, &board->seq);
  board->committed = board->seq;
  for (guint i = 0; i < elements->len; i++)
    {
      const char *text = g_ptr_array_index (elements, i);
      g_autoptr(JsonNode) node = confer_json_text_parse (text, strlen (text), CONFER_JSON_MAX_DEPTH, error);
      g_autoptr(ConferBoardElement) element = NULL;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        element = confer_board_element_from_json (json_node_get_object (node), error);
      if (element == NULL)
        {
          g_prefix_error (error, "Board %s in the store: ", doc->id);
          doc->board = board;
          confer_server_board_unload (doc);
          return FALSE;
        }
      confer_board_put (board->board, element);
      /* Each text goes once read: the texts of a large board together
       * are as large as the board. */
      g_clear_pointer (&g_ptr_array_index (elements, i), g_free);
    }
  board->txns = confer_server_store_list_txns (store, doc->id);
  doc->board = board;
  return TRUE;
}

static ConferBoardTx *
logged_tx (ConferServerBoard *board,
           guint64            seq)
{
  ConferBoardTx *first = board->log->len > 0 ? g_ptr_array_index (board->log, 0) : NULL;

  if (first == NULL || seq < first->seq || seq - first->seq >= board->log->len)
    return NULL;
  return g_ptr_array_index (board->log, seq - first->seq);
}

static JsonObject *
tx_json (const ConferBoardTx *tx)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "seq", tx->seq);
  json_object_set_string_member (object, "author", tx->author);
  json_object_set_string_member (object, "txn", tx->txn);
  json_object_set_array_member (object, "ops", confer_board_tx_to_json (tx));
  return object;
}

static char *
element_text (const ConferBoardElement *element)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, confer_board_element_to_json (element));
  return json_to_string (node, FALSE);
}

/* Group commit */

static gboolean
board_store (ConferServerStore  *store,
             ConferCommitEntry  *entry,
             GError            **error)
{
  ConferServerDoc *doc = entry->target;
  ConferBoardTx *tx = logged_tx (doc->board, entry->seq);
  g_autoptr(JsonNode) ops = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *ops_json = NULL;
  ConferStoredOp stored;

  g_assert (tx != NULL);
  json_node_take_array (ops, confer_board_tx_to_json (tx));
  ops_json = json_to_string (ops, FALSE);
  stored.revision = tx->seq;
  stored.op_json = ops_json;
  stored.author = tx->author;
  stored.txn = tx->txn;
  return confer_server_store_append_op (store, doc->id, &stored, error);
}

/* The elements the commit's transactions changed, as they are now, and
 * the board's sequence number: stored state and journal agree. */
static gboolean
board_stored (ConferServerStore  *store,
              gpointer            target,
              GError            **error)
{
  ConferServerDoc *doc = target;
  ConferServerBoard *board = doc->board;
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, board->dirty);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      ConferBoardElement *element = confer_board_lookup (board->board, id);
      g_autofree char *text = NULL;

      if (element == NULL)
        continue;
      text = element_text (element);
      if (!confer_server_store_save_board_element (store, doc->id, id, text, error))
        return FALSE;
    }
  if (!confer_server_store_set_board_seq (store, doc->id, board->seq, error))
    return FALSE;
  g_hash_table_remove_all (board->dirty);
  board->committed = board->seq;
  return TRUE;
}

static void
send_ack (ConferCommitEntry *entry)
{
  g_autoptr(ConferMessage) ack = confer_message_new ("board.ack");
  ConferServerDoc *doc = entry->target;

  json_object_set_string_member (confer_message_get_object (ack), "doc", doc->id);
  json_object_set_int_member (confer_message_get_object (ack), "seq", entry->seq);
  confer_message_set_txn (ack, entry->txn);
  confer_peer_send (entry->peer, ack);
}

/* A board's transactions of one commit go to every subscriber in one
 * `board.txs` frame, in which an author finds its own (its ack); authors
 * who did not open the board get `board.ack`s. */
static void
publish (gpointer   target,
         GPtrArray *run)
{
  ConferServerDoc *doc = target;
  g_autoptr(ConferMessage) frame = confer_message_new ("board.txs");
  JsonObject *object = confer_message_get_object (frame);
  JsonArray *txs = json_array_sized_new (run->len);
  guint64 first = ((ConferCommitEntry *) g_ptr_array_index (run, 0))->seq;

  for (guint i = 0; i < run->len; i++)
    json_array_add_object_element (txs, tx_json (logged_tx (doc->board, ((ConferCommitEntry *) g_ptr_array_index (run, i))->seq)));
  json_object_set_string_member (object, "doc", doc->id);
  json_object_set_int_member (object, "from", first - 1);
  json_object_set_int_member (object, "seq", ((ConferCommitEntry *) g_ptr_array_index (run, run->len - 1))->seq);
  json_object_set_array_member (object, "txs", txs);
  confer_server_doc_broadcast (doc, NULL, frame);

  for (guint i = 0; i < run->len; i++)
    {
      ConferCommitEntry *entry = g_ptr_array_index (run, i);

      if (!g_ptr_array_find (doc->subscribers, entry->peer, NULL))
        send_ack (entry);
    }
}

static void
board_failed (gpointer target)
{
  confer_server_board_unload (target);
}

static const ConferCommitFamily board_family = {
  .store = board_store,
  .stored = board_stored,
  .publish = publish,
  .ack = send_ack,
  .broadcast = confer_server_doc_broadcast,
  .failed = board_failed,
};

/* Handlers */

/* A core error of a board operation as the protocol names it. */
static void
protocol_error (GError **error)
{
  GError *core = *error;
  ConferProtocolError code;

  if (core->domain != CONFER_CORE_ERROR)
    return;
  switch (core->code)
    {
    case CONFER_CORE_ERROR_UNKNOWN_ELEMENT:
      code = CONFER_PROTOCOL_ERROR_UNKNOWN_ELEMENT;
      break;
    case CONFER_CORE_ERROR_LIMIT:
      code = CONFER_PROTOCOL_ERROR_LIMIT_REACHED;
      break;
    default:
      code = CONFER_PROTOCOL_ERROR_INVALID_ELEMENT;
      break;
    }
  *error = g_error_new_literal (CONFER_PROTOCOL_ERROR, code, core->message);
  g_error_free (core);
}

/* Elements in one `board.snapshot` page: a client parses a frame whole,
 * so a board of 50,000 elements in one frame would cost it a JSON tree of
 * millions of nodes at once, and the memory stays the process's (GLib's
 * slice allocator keeps it). A 50,000-element board open in a canvas
 * costs 252 MiB in pages of 1,000 and 186 MiB in pages of 200
 * (bench-board-canvas --memory-only). */
#define SNAPSHOT_PAGE 200

/* The whole board, tombstones included, in pages of SNAPSHOT_PAGE
 * elements, each but the last marked "more", sent one after the other
 * (nothing else for the board comes between). A page is written element
 * by element rather than built as a JSON tree, for the same reason. The
 * ids are base64url and the txn was checked as a string by the decoder,
 * so the envelope is written with json-glib's escaping of the txn only;
 * the txn goes on the first page, which answers the request. */
static void
send_snapshot (ConferPeer      *peer,
               ConferServerDoc *doc,
               const char      *txn)
{
  g_autoptr(GPtrArray) elements = confer_board_list (doc->board->board, TRUE);
  g_autoptr(GString) frame = g_string_sized_new (256 * MIN (elements->len, SNAPSHOT_PAGE) + 128);
  guint first = 0;

  do
    {
      guint end = MIN (first + SNAPSHOT_PAGE, elements->len);

      g_string_truncate (frame, 0);
      g_string_append_printf (frame, "{\"type\":\"board.snapshot\",\"doc\":\"%s\",\"seq\":%" G_GUINT64_FORMAT,
                              doc->id, doc->board->seq);
      if (txn != NULL && first == 0)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
          g_autofree char *quoted = NULL;

          json_node_set_string (node, txn);
          quoted = json_to_string (node, FALSE);
          g_string_append_printf (frame, ",\"txn\":%s", quoted);
        }
      if (end < elements->len)
        g_string_append (frame, ",\"more\":true");
      g_string_append (frame, ",\"elements\":[");
      for (guint i = first; i < end; i++)
        {
          g_autofree char *text = element_text (g_ptr_array_index (elements, i));

          if (i > first)
            g_string_append_c (frame, ',');
          g_string_append (frame, text);
        }
      g_string_append (frame, "]}");
      confer_peer_send_encoded (peer, frame->str, frame->len);
      first = end;
    }
  while (first < elements->len);
}

static void
handle_board_open (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  ConferServerDoc *doc;
  ConferServerBoard *board;
  JsonObject *object;
  guint64 from = G_MAXUINT64;

  if (!confer_message_read_uint (message, "seq", FALSE, G_MAXINT64, &from, error) ||
      (doc = confer_server_session_lookup_doc (self, message, "board", from != G_MAXUINT64, error)) == NULL)
    return;
  if (!ensure_loaded (doc, error))
    {
      g_warning ("Could not load board %s: %s", doc->id, (*error)->message);
      confer_server_storage_failed (error);
      return;
    }
  /* Answer from committed state only. */
  confer_group_commit_flush (confer_server_get_commit (self->server));
  if ((board = doc->board) == NULL)
    {
      confer_server_storage_failed (error);
      return;
    }
  if (from != G_MAXUINT64 && from > board->seq)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Sequence number %" G_GUINT64_FORMAT " is ahead of the board (at %" G_GUINT64_FORMAT ")",
                   from, board->seq);
      return;
    }

  if (from != G_MAXUINT64 && (from == board->seq || logged_tx (board, from + 1) != NULL))
    {
      JsonArray *txs = json_array_new ();

      for (guint64 seq = from + 1; seq <= board->seq; seq++)
        json_array_add_object_element (txs, tx_json (logged_tx (board, seq)));
      reply = confer_server_reply_new (message, "board.txs");
      object = confer_message_get_object (reply);
      json_object_set_int_member (object, "from", from);
      json_object_set_array_member (object, "txs", txs);
      json_object_set_string_member (object, "doc", doc->id);
      json_object_set_int_member (object, "seq", board->seq);
      confer_peer_send (peer, reply);
    }
  else
    send_snapshot (peer, doc, confer_message_get_txn (message));

  if (!g_hash_table_contains (peer->docs, doc->id))
    {
      g_ptr_array_add (doc->subscribers, peer);
      g_hash_table_insert (peer->docs, doc->id, doc);
    }
}

static void
handle_board_close (ConferServerSession *self,
                    ConferPeer          *peer,
                    ConferMessage       *message,
                    GError             **error)
{
  ConferServerDoc *doc = confer_server_session_lookup_doc (self, message, "board", TRUE, error);

  if (doc == NULL || !g_hash_table_contains (peer->docs, doc->id))
    return;
  confer_server_doc_unsubscribe (doc, peer);
  if (doc->board != NULL)
    {
      g_autoptr(ConferMessage) gone = confer_message_new ("board.presence");

      g_hash_table_remove (doc->board->presence, peer->participant->id);
      json_object_set_string_member (confer_message_get_object (gone), "doc", doc->id);
      json_object_set_string_member (confer_message_get_object (gone), "participant", peer->participant->id);
      json_object_set_boolean_member (confer_message_get_object (gone), "closed", TRUE);
      confer_server_doc_broadcast (doc, NULL, gone);
    }
}

static void
handle_board_tx (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  const char *txn = confer_message_get_txn (message);
  g_autoptr(ConferBoardTx) tx = NULL;
  g_autofree char *key = NULL;
  ConferServerDoc *doc;
  ConferServerBoard *board;
  JsonArray *ops = NULL;
  gpointer committed;

  if (!confer_server_require (confer_role_can_edit (peer->participant->role), "drawing on boards", error) ||
      (doc = confer_server_session_lookup_doc (self, message, "board", TRUE, error)) == NULL ||
      !confer_message_read_array (message, "ops", TRUE, CONFER_BOARD_MAX_OPS, &ops, error))
    return;
  if (txn == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"board.tx\" needs a \"txn\"");
      return;
    }
  if (!ensure_loaded (doc, error))
    {
      confer_server_storage_failed (error);
      return;
    }
  board = doc->board;

  /* Committed before (or about to be): only the ack goes out again. */
  key = txn_key (peer->participant->id, txn);
  if (g_hash_table_lookup_extended (board->txns, key, NULL, &committed))
    {
      confer_group_commit_queue (confer_server_get_commit (self->server), &board_family, peer, doc,
                                 GPOINTER_TO_SIZE (committed), txn, TRUE);
      return;
    }

  if ((tx = confer_board_tx_from_json (ops, error)) == NULL || !confer_board_check_tx (board->board, tx, error))
    {
      protocol_error (error);
      return;
    }
  confer_board_apply_tx (board->board, tx, board->dirty);
  tx->seq = ++board->seq;
  tx->author = g_strdup (peer->participant->id);
  tx->txn = g_strdup (txn);
  /* The log keeps what is not committed (and published) yet. */
  if (board->log->len >= 2 * LOG_KEEP)
    {
      ConferBoardTx *first = g_ptr_array_index (board->log, 0);
      guint64 keep_from = MIN (board->committed + 1, tx->seq - LOG_KEEP);

      if (keep_from > first->seq)
        g_ptr_array_remove_range (board->log, 0, keep_from - first->seq);
    }
  g_ptr_array_add (board->log, confer_board_tx_ref (tx));
  g_hash_table_insert (board->txns, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) tx->seq));
  confer_group_commit_queue (confer_server_get_commit (self->server), &board_family, peer, doc, tx->seq, txn, FALSE);
  confer_server_doc_note_edited (doc);
}

static gboolean
send_presence_cb (gpointer data)
{
  ConferServerDoc *doc = data;
  ConferServerBoard *board = doc->board;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, board->presence);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ConferMessage *message = value;
      const char *from = json_object_get_string_member (confer_message_get_object (message), "participant");

      for (guint i = 0; i < doc->subscribers->len; i++)
        {
          ConferPeer *subscriber = doc->subscribers->pdata[i];

          if (!g_str_equal (subscriber->participant->id, from))
            confer_peer_send (subscriber, message);
        }
      g_hash_table_iter_remove (&iter);
    }
  board->presence_source = 0;
  board->presence_sent = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static gboolean
read_numbers (JsonNode *node,
              guint     n,
              double    bound)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || json_array_get_length (array) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      double v;

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_INT64 && json_node_get_value_type (element) != G_TYPE_DOUBLE))
        return FALSE;
      v = json_node_get_double (element);
      if (!isfinite (v) || fabs (v) > bound)
        return FALSE;
    }
  return TRUE;
}

/* Checks a presence member by member and copies what it may carry:
 * `pointer` [x, y], `viewport` [x, y, width, height] (scene px),
 * `selection` (element ids), `stroke` (the points of a stroke being
 * drawn, [x, y, pressure]), `laser` (whether the stroke is a laser
 * pointer's trail). */
static gboolean
read_presence (ConferMessage  *message,
               JsonObject     *out,
               GError        **error)
{
  JsonObject *object = confer_message_get_object (message);
  JsonArray *selection = NULL, *stroke = NULL;
  JsonNode *node;

  if ((node = json_object_get_member (object, "pointer")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!read_numbers (node, 2, CONFER_BOARD_MAX_COORDINATE))
        goto bad;
      json_object_set_member (out, "pointer", json_node_copy (node));
    }
  if ((node = json_object_get_member (object, "viewport")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!read_numbers (node, 4, CONFER_BOARD_MAX_COORDINATE))
        goto bad;
      json_object_set_member (out, "viewport", json_node_copy (node));
    }
  if (!confer_message_read_array (message, "selection", FALSE, PRESENCE_MAX_SELECTION, &selection, error) ||
      !confer_message_read_array (message, "stroke", FALSE, PRESENCE_MAX_STROKE, &stroke, error))
    return FALSE;
  for (guint i = 0; selection != NULL && i < json_array_get_length (selection); i++)
    {
      JsonNode *id = json_array_get_element (selection, i);

      if (!JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING ||
          !confer_board_id_is_valid (json_node_get_string (id)))
        goto bad;
    }
  for (guint i = 0; stroke != NULL && i < json_array_get_length (stroke); i++)
    if (!read_numbers (json_array_get_element (stroke, i), 3, CONFER_BOARD_MAX_COORDINATE))
      goto bad;
  if (selection != NULL)
    json_object_set_array_member (out, "selection", json_array_ref (selection));
  if (stroke != NULL)
    json_object_set_array_member (out, "stroke", json_array_ref (stroke));
  if ((node = json_object_get_member (object, "laser")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        goto bad;
      json_object_set_boolean_member (out, "laser", json_node_get_boolean (node));
    }
  return TRUE;

bad:
  g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
               "Board presence carries \"pointer\" [x, y], \"viewport\" [x, y, width, height], "
               "\"selection\" (element ids), \"stroke\" ([x, y, pressure] points) and \"laser\" (a boolean), "
               "finite and within ±%g px",
               CONFER_BOARD_MAX_COORDINATE);
  return FALSE;
}

static void
handle_board_presence (ConferServerSession *self,
                       ConferPeer          *peer,
                       ConferMessage       *message,
                       GError             **error)
{
  g_autoptr(ConferMessage) relay = confer_message_new ("board.presence");
  JsonObject *object = confer_message_get_object (relay);
  ConferServerDoc *doc;

  if ((doc = confer_server_session_lookup_doc (self, message, "board", FALSE, error)) == NULL)
    return;
  if (!g_hash_table_contains (peer->docs, doc->id) || doc->board == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                   "Open the board before sending presence in it");
      return;
    }
  json_object_set_string_member (object, "doc", doc->id);
  json_object_set_string_member (object, "participant", peer->participant->id);
  if (!read_presence (message, object, error))
    return;
  g_hash_table_replace (doc->board->presence, g_strdup (peer->participant->id), g_steal_pointer (&relay));
  /* Relayed at once when the last relay is 25 ms old, else when it will
   * be: what arrives meanwhile replaces what waits. */
  if (doc->board->presence_source == 0)
    {
      gint64 wait_us = doc->board->presence_sent + PRESENCE_INTERVAL_MS * 1000 - g_get_monotonic_time ();

      if (wait_us <= 0)
        send_presence_cb (doc);
      else
        doc->board->presence_source = g_timeout_add ((guint) (wait_us / 1000) + 1, send_presence_cb, doc);
    }
}

static const ConferServerHandler handlers[] = {
  { "board.tx",       handle_board_tx },
  { "board.presence", handle_board_presence },
  { "board.open",     handle_board_open },
  { "board.close",    handle_board_close },
};

/**
 * confer_server_board_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of the
 *   messages that open boards, change them and share presence in them
 */
const ConferServerHandler *
confer_server_board_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
