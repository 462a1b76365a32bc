/* confer-server-text.c: text documents — loading a document's operations,
 * opening it, committing operations and sharing cursors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-text"

#include "config.h"

#include "confer-group-commit.h"
#include "confer-server-private.h"

/* A snapshot of a document's text is stored every SNAPSHOT_INTERVAL
 * operations, so loading it replays at most that many. */
#define SNAPSHOT_INTERVAL 1000

typedef struct
{
  char *author;
  char *txn;
} OpMeta;

typedef struct
{
  guint64 revision;
  gsize   anchor;
  gsize   head;
} Presence;

static const ConferCommitFamily text_family;

static void
op_meta_free (OpMeta *meta)
{
  g_free (meta->author);
  g_free (meta->txn);
  g_free (meta);
}

/**
 * confer_server_doc_unload:
 * @doc: a document
 *
 * Drops the document's OT state, which is rebuilt from the store on next
 * use (after a failed commit, memory must not keep what the store lost).
 */
void
confer_server_doc_unload (ConferServerDoc *doc)
{
  g_clear_object (&doc->ot);
  g_clear_pointer (&doc->meta, g_ptr_array_unref);
  g_clear_pointer (&doc->txns, g_hash_table_unref);
}

static char *
txn_key (const char *author,
         const char *txn)
{
  return g_strconcat (author, "\x1f", txn, NULL);
}

static gboolean
doc_ensure_loaded (ConferServerDoc  *doc,
                   GError          **error)
{
  ConferServerStore *store = confer_server_get_store (doc->session->server);
  g_autofree char *snapshot = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(ConferOtServer) ot = NULL;
  guint64 snapshot_revision;

  if (doc->ot != NULL)
    return TRUE;
  if (!confer_server_store_load_document (store, doc->id, &snapshot, &snapshot_revision, &ops, error))
    return FALSE;
  ot = confer_ot_server_new (snapshot, snapshot_revision, error);
  if (ot == NULL)
    return FALSE;

  doc->meta = g_ptr_array_new_with_free_func ((GDestroyNotify) op_meta_free);
  for (guint i = 0; i < ops->len; i++)
    {
      ConferStoredOp *stored = g_ptr_array_index (ops, i);
      g_autoptr(ConferTextOp) op = confer_text_op_new_from_string (stored->op_json, error);
      OpMeta *meta;

      if (op == NULL || confer_ot_server_submit (ot, confer_ot_server_get_revision (ot), op, error) == NULL)
        {
          g_prefix_error (error, "Document %s, revision %" G_GUINT64_FORMAT " in the store: ",
                          doc->id, stored->revision);
          g_clear_pointer (&doc->meta, g_ptr_array_unref);
          return FALSE;
        }
      meta = g_new0 (OpMeta, 1);
      meta->author = g_strdup (stored->author);
      meta->txn = g_strdup (stored->txn);
      g_ptr_array_add (doc->meta, meta);
    }

  doc->txns = confer_server_store_list_txns (store, doc->id);
  doc->ot = g_steal_pointer (&ot);
  doc->snapshot_revision = snapshot_revision;
  return TRUE;
}

/* The operation that produced @revision (in the loaded log of @doc) as a
 * message:
 * @revision: a revision in its in-memory log
 * @type: (nullable): the message type ("doc.op"), or %NULL for the bare
 *   entry of a `doc.ops` list
 *
 * Returns: (transfer full): `{type, doc, rev, op, author, txn}` for the
 *   operation that produced @revision; without @type, only
 *   `{rev, op, author, txn}`
 */
static ConferMessage *
op_message (ConferServerDoc *doc,
            guint64          revision,
            const char      *type)
{
  ConferMessage *message = confer_message_new (type != NULL ? type : "");
  JsonObject *object = confer_message_get_object (message);
  OpMeta *meta = g_ptr_array_index (doc->meta, revision - confer_ot_server_get_first_revision (doc->ot) - 1);

  if (type != NULL)
    json_object_set_string_member (object, "doc", doc->id);
  else
    json_object_remove_member (object, "type");
  json_object_set_int_member (object, "rev", revision);
  json_object_set_member (object, "op", confer_text_op_to_json (confer_ot_server_get_op (doc->ot, revision)));
  json_object_set_string_member (object, "author", meta->author);
  json_object_set_string_member (object, "txn", meta->txn);
  return message;
}

static void
send_ack (ConferCommitEntry *entry)
{
  g_autoptr(ConferMessage) ack = confer_message_new ("doc.ack");
  ConferServerDoc *doc = entry->target;

  json_object_set_string_member (confer_message_get_object (ack), "doc", doc->id);
  json_object_set_int_member (confer_message_get_object (ack), "rev", entry->seq);
  confer_message_set_txn (ack, entry->txn);
  confer_peer_send (entry->peer, ack);
}

/* The frame carrying the @n encoded operations of a run of @doc, in
 * order: `doc.op` for one, `doc.ops` for several. The entries are
 * json-glib's output, so joining them into an array keeps the frame valid
 * JSON; the document id is base64url and needs no escaping. */
static GString *
run_frame (ConferServerDoc  *doc,
           char            **entries,
           const guint64    *revisions,
           guint             n)
{
  GString *frame = g_string_sized_new (128 * n + 64);

  if (n == 1)
    {
      g_string_append_printf (frame, "{\"type\":\"doc.op\",\"doc\":\"%s\",", doc->id);
      g_string_append (frame, entries[0] + 1);
      return frame;
    }
  g_string_append_printf (frame, "{\"type\":\"doc.ops\",\"doc\":\"%s\",\"from\":%" G_GUINT64_FORMAT
                          ",\"rev\":%" G_GUINT64_FORMAT ",\"ops\":[",
                          doc->id, revisions[0] - 1, revisions[n - 1]);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (frame, ',');
      g_string_append (frame, entries[i]);
    }
  g_string_append (frame, "]}");
  return frame;
}

/* Sends a document's operations committed by one group commit. Every
 * subscriber gets the same frame with all of them, in order; in it, an
 * author's own entry (its participant id and txn) is its acknowledgement.
 * A subscriber that authored the whole run, and an author that did not
 * open the document, get lean `doc.ack`s instead. One frame for all means
 * one encoding here and, in a client process holding many connections,
 * one parse. */
static void
send_run (gpointer   target,
          GPtrArray *run)
{
  ConferServerDoc *doc = target;
  g_autoptr(GHashTable) authors = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) frame = NULL;
  ConferPeer *sole = NULL;   /* the run's only author, if it has one */

  if (run->len == 0)
    return;
  for (guint i = 0; i < run->len; i++)
    g_hash_table_add (authors, ((ConferCommitEntry *) g_ptr_array_index (run, i))->peer);
  if (g_hash_table_size (authors) == 1)
    sole = ((ConferCommitEntry *) g_ptr_array_index (run, 0))->peer;

  for (guint s = 0; s < doc->subscribers->len; s++)
    {
      ConferPeer *subscriber = g_ptr_array_index (doc->subscribers, s);

      if (subscriber == sole)
        continue;
      if (frame == NULL)
        {
          g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
          g_autofree guint64 *revisions = g_new (guint64, run->len);

          for (guint i = 0; i < run->len; i++)
            {
              ConferCommitEntry *p = g_ptr_array_index (run, i);
              g_autoptr(ConferMessage) entry = op_message (doc, p->seq, NULL);

              revisions[i] = p->seq;
              g_ptr_array_add (entries, confer_message_encode (entry, NULL));
            }
          frame = run_frame (doc, (char **) entries->pdata, revisions, run->len);
        }
      confer_peer_send_encoded (subscriber, frame->str, frame->len);
      g_hash_table_remove (authors, subscriber);
    }

  /* The sole author of the run, and authors who did not open the
   * document, get their acks. */
  for (guint i = 0; i < run->len; i++)
    {
      ConferCommitEntry *p = g_ptr_array_index (run, i);

      if (g_hash_table_contains (authors, p->peer))
        send_ack (p);
    }
}

static gboolean
text_store (ConferServerStore  *store,
            ConferCommitEntry  *entry,
            GError            **error)
{
  ConferServerDoc *doc = entry->target;
  g_autofree char *op_json = confer_text_op_to_string (confer_ot_server_get_op (doc->ot, entry->seq));
  ConferStoredOp stored;

  stored.revision = entry->seq;
  stored.op_json = op_json;
  stored.author = entry->peer->participant->id;
  stored.txn = entry->txn;
  return confer_server_store_append_op (store, doc->id, &stored, error);
}

/* Stores a snapshot every SNAPSHOT_INTERVAL revisions. */
static gboolean
text_stored (ConferServerStore  *store,
             gpointer            target,
             GError            **error)
{
  ConferServerDoc *doc = target;
  guint64 head = confer_ot_server_get_revision (doc->ot);
  g_autofree char *text = NULL;

  if (head - doc->snapshot_revision < SNAPSHOT_INTERVAL)
    return TRUE;
  text = confer_rope_to_string (confer_ot_server_get_rope (doc->ot), NULL);
  if (!confer_server_store_save_snapshot (store, doc->id, head, text, error))
    return FALSE;
  doc->snapshot_revision = head;
  return TRUE;
}

static void
text_failed (gpointer target)
{
  confer_server_doc_unload (target);
}

static const ConferCommitFamily text_family = {
  .store = text_store,
  .stored = text_stored,
  .publish = send_run,
  .ack = send_ack,
  .broadcast = confer_server_doc_broadcast,
  .failed = text_failed,
};

static void
send_presence (ConferServerDoc *doc,
               const char      *participant,
               Presence        *presence,
               ConferPeer      *to,
               ConferPeer      *except)
{
  g_autoptr(ConferMessage) message = confer_message_new ("presence");
  JsonObject *object = confer_message_get_object (message);

  json_object_set_string_member (object, "doc", doc->id);
  json_object_set_string_member (object, "participant", participant);
  json_object_set_int_member (object, "rev", presence->revision);
  json_object_set_int_member (object, "anchor", presence->anchor);
  json_object_set_int_member (object, "head", presence->head);
  if (to != NULL)
    confer_peer_send (to, message);
  else
    confer_group_commit_queue_broadcast (confer_server_get_commit (doc->session->server), &text_family, doc, except, message);
}

static void
handle_doc_open (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  ConferServerDoc *doc;
  JsonObject *object;
  guint64 from = G_MAXUINT64, head;
  GHashTableIter iter;
  gpointer key, value;

  /* A resume (with `rev`) may reach a deleted document, for the changes
   * the participant made before it was deleted. */
  if (!confer_message_read_uint (message, "rev", FALSE, G_MAXINT64, &from, error) ||
      (doc = confer_server_session_lookup_doc (self, message, "text", from != G_MAXUINT64, error)) == NULL)
    return;
  if (!doc_ensure_loaded (doc, error))
    {
      g_warning ("Could not load document %s: %s", doc->id, (*error)->message);
      confer_server_storage_failed (error);
      return;
    }
  /* Answer from committed state only. */
  confer_group_commit_flush (confer_server_get_commit (self->server));
  head = confer_ot_server_get_revision (doc->ot);
  if (from != G_MAXUINT64 && from > head)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document (at %" G_GUINT64_FORMAT ")",
                   from, head);
      return;
    }

  if (from != G_MAXUINT64)
    {
      guint64 first = confer_ot_server_get_first_revision (doc->ot);
      JsonArray *ops = json_array_new ();

      /* What a snapshot dropped from memory comes from the store. */
      if (from < first)
        {
          g_autoptr(GPtrArray) stored = confer_server_store_list_ops_since (confer_server_get_store (self->server),
                                                                            doc->id, from);

          for (guint i = 0; i < stored->len; i++)
            {
              ConferStoredOp *op = g_ptr_array_index (stored, i);
              JsonNode *op_node;
              JsonObject *entry;

              if (op->revision > first)
                break;
              op_node = confer_json_text_parse (op->op_json, strlen (op->op_json), CONFER_JSON_MAX_DEPTH, NULL);
              if (op_node == NULL)
                continue;
              entry = json_object_new ();
              json_object_set_int_member (entry, "rev", op->revision);
              json_object_set_member (entry, "op", op_node);
              json_object_set_string_member (entry, "author", op->author);
              json_object_set_string_member (entry, "txn", op->txn);
              json_array_add_object_element (ops, entry);
            }
        }

      reply = confer_server_reply_new (message, "doc.ops");
      object = confer_message_get_object (reply);
      for (guint64 rev = MAX (from, first) + 1; rev <= head; rev++)
        {
          g_autoptr(ConferMessage) op = op_message (doc, rev, NULL);

          json_array_add_object_element (ops, json_object_ref (confer_message_get_object (op)));
        }
      json_object_set_int_member (object, "from", from);
      json_object_set_array_member (object, "ops", ops);
    }
  else
    {
      g_autofree char *text = confer_rope_to_string (confer_ot_server_get_rope (doc->ot), NULL);

      reply = confer_server_reply_new (message, "doc.snapshot");
      object = confer_message_get_object (reply);
      json_object_set_string_member (object, "text", text);
    }
  json_object_set_string_member (object, "doc", doc->id);
  json_object_set_int_member (object, "rev", head);
  confer_peer_send (peer, reply);

  if (!g_hash_table_contains (peer->docs, doc->id))
    {
      g_ptr_array_add (doc->subscribers, peer);
      g_hash_table_insert (peer->docs, doc->id, doc);
    }

  g_hash_table_iter_init (&iter, doc->presence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Presence *presence = value;

      if (g_str_equal (key, peer->participant->id))
        continue;
      if (!confer_ot_server_transform_position (doc->ot, presence->revision, &presence->anchor, NULL) ||
          !confer_ot_server_transform_position (doc->ot, presence->revision, &presence->head, NULL))
        continue;
      presence->revision = head;
      send_presence (doc, key, presence, peer, NULL);
    }
}

static void
handle_doc_close (ConferServerSession *self,
                  ConferPeer          *peer,
                  ConferMessage       *message,
                  GError             **error)
{
  ConferServerDoc *doc = confer_server_session_lookup_doc (self, message, "text", TRUE, error);

  if (doc != NULL)
    confer_server_doc_unsubscribe (doc, peer);
}

/* Transforms an operation based before the in-memory log past the stored
 * operations between its base and the log's start. */
static ConferTextOp *
transform_from_store (ConferServerDoc  *doc,
                      ConferTextOp     *op,
                      guint64           base,
                      GError          **error)
{
  ConferServerStore *store = confer_server_get_store (doc->session->server);
  guint64 first = confer_ot_server_get_first_revision (doc->ot);
  g_autoptr(GPtrArray) stored = confer_server_store_list_ops_since (store, doc->id, base);
  g_autoptr(ConferTextOp) result = confer_text_op_ref (op);

  for (guint i = 0; i < stored->len; i++)
    {
      ConferStoredOp *s = g_ptr_array_index (stored, i);
      g_autoptr(ConferTextOp) committed = NULL;
      ConferTextOp *next;

      if (s->revision > first)
        break;
      committed = confer_text_op_new_from_string (s->op_json, error);
      if (committed == NULL)
        return NULL;
      next = confer_text_op_transform (result, committed, CONFER_TEXT_LEFT);
      confer_text_op_unref (result);
      result = next;
    }
  return g_steal_pointer (&result);
}

static void
handle_doc_op (ConferServerSession *self,
               ConferPeer          *peer,
               ConferMessage       *message,
               GError             **error)
{
  const char *txn = confer_message_get_txn (message);
  g_autoptr(ConferTextOp) op = NULL;
  g_autoptr(GError) core_error = NULL;
  g_autofree char *key = NULL;
  ConferServerDoc *doc;
  guint64 base = 0, head, first;
  gpointer committed_rev;
  OpMeta *meta;

  if (!confer_server_require (confer_role_can_edit (peer->participant->role), "editing documents", error) ||
      (doc = confer_server_session_lookup_doc (self, message, "text", TRUE, error)) == NULL ||
      !confer_message_read_uint (message, "rev", TRUE, G_MAXINT64, &base, error))
    return;
  if (txn == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"doc.op\" needs a \"txn\"");
      return;
    }
  if ((op = confer_message_read_op (message, "op", error)) == NULL)
    return;
  if (!doc_ensure_loaded (doc, error))
    {
      confer_server_storage_failed (error);
      return;
    }

  /* Already committed (or about to be): only the ack goes out again, in
   * order with the pending commits. */
  key = txn_key (peer->participant->id, txn);
  if (g_hash_table_lookup_extended (doc->txns, key, NULL, &committed_rev))
    {
      confer_group_commit_queue (confer_server_get_commit (self->server), &text_family, peer, doc, GPOINTER_TO_SIZE (committed_rev), txn, TRUE);
      return;
    }

  head = confer_ot_server_get_revision (doc->ot);
  first = confer_ot_server_get_first_revision (doc->ot);
  if (base > head)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document (at %" G_GUINT64_FORMAT ")",
                   base, head);
      return;
    }
  if (base < first)
    {
      ConferTextOp *moved = transform_from_store (doc, op, base, error);

      if (moved == NULL)
        {
          confer_server_storage_failed (error);
          return;
        }
      confer_text_op_unref (op);
      op = moved;
      base = first;
    }

  if (confer_ot_server_submit (doc->ot, base, op, &core_error) == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_OP_OUT_OF_RANGE,
                   "The operation does not fit the document: %s", core_error->message);
      return;
    }

  head = confer_ot_server_get_revision (doc->ot);
  meta = g_new0 (OpMeta, 1);
  meta->author = g_strdup (peer->participant->id);
  meta->txn = g_strdup (txn);
  g_ptr_array_add (doc->meta, meta);
  g_hash_table_insert (doc->txns, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) head));
  confer_group_commit_queue (confer_server_get_commit (self->server), &text_family, peer, doc, head, txn, FALSE);
  confer_server_doc_note_edited (doc);
}

static void
handle_presence (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  ConferServerDoc *doc;
  guint64 rev = 0, anchor = 0, head = 0;
  Presence *presence;
  gsize a, h;

  if ((doc = confer_server_session_lookup_doc (self, message, "text", FALSE, error)) == NULL ||
      !confer_message_read_uint (message, "rev", TRUE, G_MAXINT64, &rev, error) ||
      !confer_message_read_uint (message, "anchor", TRUE, G_MAXINT32, &anchor, error) ||
      !confer_message_read_uint (message, "head", TRUE, G_MAXINT32, &head, error))
    return;
  if (!g_hash_table_contains (peer->docs, doc->id))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                   "Open the document before sending presence in it");
      return;
    }

  a = anchor;
  h = head;
  if (rev > confer_ot_server_get_revision (doc->ot))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document", rev);
      return;
    }
  if (!confer_ot_server_transform_position (doc->ot, MAX (rev, confer_ot_server_get_first_revision (doc->ot)), &a, NULL) ||
      !confer_ot_server_transform_position (doc->ot, MAX (rev, confer_ot_server_get_first_revision (doc->ot)), &h, NULL))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "The cursor lies outside the document");
      return;
    }

  presence = g_new0 (Presence, 1);
  presence->revision = confer_ot_server_get_revision (doc->ot);
  presence->anchor = a;
  presence->head = h;
  g_hash_table_insert (doc->presence, g_strdup (peer->participant->id), presence);
  send_presence (doc, peer->participant->id, presence, NULL, peer);
}

static const ConferServerHandler handlers[] = {
  { "doc.op",    handle_doc_op },
  { "presence",  handle_presence },
  { "doc.open",  handle_doc_open },
  { "doc.close", handle_doc_close },
};

/**
 * confer_server_text_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of the
 *   messages that open and edit text documents
 */
const ConferServerHandler *
confer_server_text_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
