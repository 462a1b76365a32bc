/* confer-server-items.c: the items of a session — creating, renaming,
 * deleting and restoring them, and the list and trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-items"

#include "config.h"

#include "confer-server-private.h"

/* When a document was last edited, for joining in the one edited last:
 * kept in memory at once, and in the store at most every
 * EDITED_STORE_INTERVAL_S, so typing costs no extra write per keystroke. */
#define EDITED_STORE_INTERVAL_S 10

/**
 * confer_server_doc_new:
 * @session: the session holding the document
 * @id: its id
 * @kind: what it is: `text` or `board`
 * @title: its title, at most %CONFER_PROTOCOL_MAX_TITLE code points
 *
 * Returns: (transfer full): the document, its content not loaded
 */
ConferServerDoc *
confer_server_doc_new (ConferServerSession *session,
                       const char          *id,
                       const char          *kind,
                       const char          *title)
{
  ConferServerDoc *doc = g_new0 (ConferServerDoc, 1);

  doc->session = session;
  doc->id = g_strdup (id);
  doc->title = g_strdup (title);
  doc->kind = g_strcmp0 (kind, "board") == 0 ? "board" : "text";
  doc->subscribers = g_ptr_array_new ();
  doc->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return doc;
}

/**
 * confer_server_doc_free:
 * @doc: (transfer full): a document nobody is subscribed to
 */
void
confer_server_doc_free (ConferServerDoc *doc)
{
  confer_server_doc_unload (doc);
  confer_server_board_unload (doc);
  g_ptr_array_unref (doc->subscribers);
  g_hash_table_unref (doc->presence);
  g_free (doc->id);
  g_free (doc->title);
  g_free (doc->deleted_by);
  g_free (doc);
}

/**
 * confer_server_doc_unsubscribe:
 * @doc: a document
 * @peer: a connection that opened it
 *
 * Stops sending the document's changes to @peer.
 */
void
confer_server_doc_unsubscribe (ConferServerDoc *doc,
                               ConferPeer      *peer)
{
  g_ptr_array_remove_fast (doc->subscribers, peer);
  g_hash_table_remove (peer->docs, doc->id);
}

/**
 * confer_server_doc_note_edited:
 * @doc: a document just changed
 *
 * Notes when it was edited: in memory at once, in the store at most every
 * 10 s.
 */
void
confer_server_doc_note_edited (ConferServerDoc *doc)
{
  g_autoptr(GError) error = NULL;

  doc->edited = g_get_real_time () / G_USEC_PER_SEC;
  if (doc->edited - doc->edited_stored < EDITED_STORE_INTERVAL_S)
    return;
  doc->edited_stored = doc->edited;
  if (!confer_server_store_set_document_edited (confer_server_get_store (doc->session->server), doc->id, doc->edited,
                                                &error))
    g_warning ("When document %s was edited could not be stored: %s", doc->id, error->message);
}

/**
 * confer_server_doc_broadcast:
 * @target: (type ConferServerDoc): a document or board
 * @except: (nullable): a connection to leave out
 * @message: a message
 *
 * Sends @message to every connection that opened the item but @except,
 * encoded once (a #ConferCommitFamily's `broadcast`).
 */
void
confer_server_doc_broadcast (gpointer       target,
                             ConferPeer    *except,
                             ConferMessage *message)
{
  ConferServerDoc *doc = target;
  gsize n_bytes;
  g_autofree char *text = NULL;

  if (doc->subscribers->len == 0 || (doc->subscribers->len == 1 && doc->subscribers->pdata[0] == except))
    return;
  text = confer_message_encode (message, &n_bytes);
  for (guint i = 0; i < doc->subscribers->len; i++)
    if (doc->subscribers->pdata[i] != except)
      confer_peer_send_encoded (doc->subscribers->pdata[i], text, n_bytes);
}

/**
 * confer_server_doc_json:
 * @doc: a document
 *
 * Returns: (transfer full): `{id, kind, title, edited}` as lists and
 *   announcements carry it
 */
JsonObject *
confer_server_doc_json (ConferServerDoc *doc)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", doc->id);
  json_object_set_string_member (object, "kind", doc->kind);
  json_object_set_string_member (object, "title", doc->title);
  json_object_set_int_member (object, "edited", doc->edited);
  return object;
}

/**
 * confer_server_session_docs_json:
 * @self: a session
 *
 * Returns: (transfer full): the session's documents (not the trash), as
 *   `welcome` and `doc.list` carry them
 */
JsonArray *
confer_server_session_docs_json (ConferServerSession *self)
{
  g_autoptr(GList) docs = g_hash_table_get_values (self->docs);
  JsonArray *array = json_array_new ();

  for (GList *l = docs; l != NULL; l = l->next)
    json_array_add_object_element (array, confer_server_doc_json (l->data));
  return array;
}

/**
 * confer_server_session_lookup_doc:
 * @self: a session
 * @message: a message with a `doc` member
 * @kind: (nullable): the kind of item the message is for (`text`,
 *   `board`), or %NULL for any
 * @in_trash: whether a deleted document still restorable is found too
 *   (loaded from the store if need be): resumed participants' unsent
 *   changes go into it rather than being lost
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the document @message names; or
 *   %NULL with `bad-message`, `unknown-doc` or `wrong-kind` set
 */
ConferServerDoc *
confer_server_session_lookup_doc (ConferServerSession  *self,
                                  ConferMessage        *message,
                                  const char           *kind,
                                  gboolean              in_trash,
                                  GError              **error)
{
  const char *id = NULL;
  ConferServerDoc *doc;

  if (!confer_message_read_string (message, "doc", TRUE, 128, &id, error))
    return NULL;
  doc = g_hash_table_lookup (self->docs, id);
  if (doc == NULL && in_trash)
    doc = g_hash_table_lookup (self->trash, id);
  if (doc == NULL && in_trash)
    {
      g_autoptr(ConferDocumentRecord) record = confer_server_store_find_document (confer_server_get_store (self->server),
                                                                                  self->id, id);

      if (record != NULL && record->deleted >= g_get_real_time () / G_USEC_PER_SEC - CONFER_PROTOCOL_DELETED_KEEP)
        {
          doc = confer_server_doc_new (self, record->id, record->kind, record->title);
          doc->edited = doc->edited_stored = record->edited;
          doc->deleted = record->deleted;
          doc->deleted_by = g_steal_pointer (&record->deleted_by);
          g_hash_table_insert (self->trash, doc->id, doc);
        }
    }
  if (doc == NULL)
    g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                 "The session has no document with id “%s”", id);
  else if (kind != NULL && g_strcmp0 (doc->kind, kind) != 0)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_WRONG_KIND,
                   "“%s” is a %s, not a %s", doc->title, doc->kind, kind);
      return NULL;
    }
  return doc;
}

static void
handle_doc_list (ConferServerSession *self,
                 ConferPeer          *peer,
                 ConferMessage       *message,
                 GError             **error)
{
  g_autoptr(ConferMessage) reply = confer_server_reply_new (message, "doc.list");

  json_object_set_array_member (confer_message_get_object (reply), "docs", confer_server_session_docs_json (self));
  confer_peer_send (peer, reply);
}

/* Sends @type with the document to everyone; the requester's copy carries
 * its txn. */
static void
announce_doc (ConferServerSession *self,
              ConferPeer          *peer,
              ConferMessage       *request,
              ConferServerDoc     *doc,
              const char          *type)
{
  g_autoptr(ConferMessage) others = confer_message_new (type);
  g_autoptr(ConferMessage) mine = confer_server_reply_new (request, type);

  json_object_set_object_member (confer_message_get_object (others), "doc", confer_server_doc_json (doc));
  json_object_set_object_member (confer_message_get_object (mine), "doc", confer_server_doc_json (doc));
  /* Who deleted it, for everyone to be told. */
  if (doc->deleted_by != NULL)
    {
      json_object_set_string_member (confer_message_get_object (others), "by", doc->deleted_by);
      json_object_set_string_member (confer_message_get_object (mine), "by", doc->deleted_by);
    }
  confer_server_session_send (self, peer, others);
  confer_peer_send (peer, mine);
}

static void
handle_doc_create (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  ConferServerStore *store = confer_server_get_store (self->server);
  const char *title = NULL, *kind = NULL;
  g_autofree char *id = NULL;
  ConferServerDoc *doc;

  if (!confer_server_require (confer_role_can_manage_docs (peer->participant->role), "creating documents", error) ||
      !confer_message_read_string (message, "title", TRUE, CONFER_PROTOCOL_MAX_TITLE, &title, error) ||
      !confer_message_read_string (message, "kind", FALSE, 16, &kind, error))
    return;
  if (kind == NULL)
    kind = "text";
  if (g_strcmp0 (kind, "text") != 0 && g_strcmp0 (kind, "board") != 0)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"kind\" must be text or board");
      return;
    }
  if (g_hash_table_size (self->docs) >= CONFER_PROTOCOL_MAX_DOCUMENTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "A session holds at most %d documents", CONFER_PROTOCOL_MAX_DOCUMENTS);
      return;
    }

  id = confer_server_new_id ();
  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_add_document (store, self->id, id, kind, title, error))
    {
      confer_server_storage_failed (error);
      return;
    }
  doc = confer_server_doc_new (self, id, kind, title);
  doc->edited = doc->edited_stored = g_get_real_time () / G_USEC_PER_SEC;
  g_hash_table_insert (self->docs, doc->id, doc);
  announce_doc (self, peer, message, doc, "doc.created");
}

static void
handle_doc_rename (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  const char *title = NULL;
  ConferServerDoc *doc;

  if (!confer_server_require (confer_role_can_manage_docs (peer->participant->role), "renaming documents", error) ||
      (doc = confer_server_session_lookup_doc (self, message, NULL, FALSE, error)) == NULL ||
      !confer_message_read_string (message, "title", TRUE, CONFER_PROTOCOL_MAX_TITLE, &title, error))
    return;

  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_rename_document (confer_server_get_store (self->server), doc->id, title, error))
    {
      confer_server_storage_failed (error);
      return;
    }
  g_free (doc->title);
  doc->title = g_strdup (title);
  announce_doc (self, peer, message, doc, "doc.renamed");
}

static void
handle_doc_delete (ConferServerSession *self,
                   ConferPeer          *peer,
                   ConferMessage       *message,
                   GError             **error)
{
  ConferServerDoc *doc;

  if (!confer_server_require (confer_role_can_manage_docs (peer->participant->role), "deleting documents", error) ||
      (doc = confer_server_session_lookup_doc (self, message, NULL, FALSE, error)) == NULL)
    return;

  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_delete_document (confer_server_get_store (self->server), doc->id,
                                            peer->participant->id, error))
    {
      confer_server_storage_failed (error);
      return;
    }
  /* Into the trash: restorable, and still taking resumed changes. */
  doc->deleted = g_get_real_time () / G_USEC_PER_SEC;
  g_free (doc->deleted_by);
  doc->deleted_by = g_strdup (peer->participant->id);
  announce_doc (self, peer, message, doc, "doc.deleted");
  while (doc->subscribers->len > 0)
    confer_server_doc_unsubscribe (doc, g_ptr_array_index (doc->subscribers, 0));
  g_hash_table_steal (self->docs, doc->id);
  g_hash_table_insert (self->trash, doc->id, doc);
}

/* The documents deleted in the last 30 days, most recent first. */
static void
handle_doc_trash (ConferServerSession *self,
                  ConferPeer          *peer,
                  ConferMessage       *message,
                  GError             **error)
{
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  JsonArray *docs;

  if (!confer_server_require (confer_role_can_manage_docs (peer->participant->role), "seeing deleted documents", error))
    return;
  deleted = confer_server_store_list_documents (confer_server_get_store (self->server), self->id,
                                                MAX (g_get_real_time () / G_USEC_PER_SEC - CONFER_PROTOCOL_DELETED_KEEP, 1));
  docs = json_array_new ();
  for (guint i = 0; i < deleted->len; i++)
    {
      ConferDocumentRecord *record = g_ptr_array_index (deleted, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", record->id);
      json_object_set_string_member (object, "title", record->title);
      json_object_set_int_member (object, "edited", record->edited);
      json_object_set_int_member (object, "deleted", record->deleted);
      if (record->deleted_by != NULL)
        json_object_set_string_member (object, "by", record->deleted_by);
      json_array_add_object_element (docs, object);
    }
  reply = confer_server_reply_new (message, "doc.trash");
  json_object_set_array_member (confer_message_get_object (reply), "docs", docs);
  confer_peer_send (peer, reply);
}

/* A deleted document comes back, with every change made to it. */
static void
handle_doc_restore (ConferServerSession *self,
                    ConferPeer          *peer,
                    ConferMessage       *message,
                    GError             **error)
{
  ConferServerDoc *doc;

  if (!confer_server_require (confer_role_can_manage_docs (peer->participant->role), "restoring documents", error) ||
      (doc = confer_server_session_lookup_doc (self, message, NULL, TRUE, error)) == NULL)
    return;
  if (doc->deleted == 0)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "The document “%s” is not deleted", doc->title);
      return;
    }
  if (g_hash_table_size (self->docs) >= CONFER_PROTOCOL_MAX_DOCUMENTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
                   "A session holds at most %d documents", CONFER_PROTOCOL_MAX_DOCUMENTS);
      return;
    }
  confer_group_commit_flush (confer_server_get_commit (self->server));
  if (!confer_server_store_restore_document (confer_server_get_store (self->server), doc->id, error))
    {
      confer_server_storage_failed (error);
      return;
    }
  doc->deleted = 0;
  g_clear_pointer (&doc->deleted_by, g_free);
  g_hash_table_steal (self->trash, doc->id);
  g_hash_table_insert (self->docs, doc->id, doc);
  announce_doc (self, peer, message, doc, "doc.restored");
}

static const ConferServerHandler handlers[] = {
  { "doc.list",    handle_doc_list },
  { "doc.create",  handle_doc_create },
  { "doc.rename",  handle_doc_rename },
  { "doc.delete",  handle_doc_delete },
  { "doc.trash",   handle_doc_trash },
  { "doc.restore", handle_doc_restore },
};

/**
 * confer_server_item_handlers:
 * @n_handlers: (out): the number of handlers
 *
 * Returns: (transfer none) (array length=n_handlers): the handlers of the
 *   messages that manage a session's items
 */
const ConferServerHandler *
confer_server_item_handlers (guint *n_handlers)
{
  *n_handlers = G_N_ELEMENTS (handlers);
  return handlers;
}
