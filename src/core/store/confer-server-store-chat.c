/* confer-server-store-chat.c: sessions' chats: the event log, messages as
 * they are now, the texts edits replaced, read receipts and the full-text
 * index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every chat event (a message sent, edited, deleted, reacted to) is a row
 * of `chat_events` with the session's next sequence number and the
 * author's txn (unique per author: a txn is committed once), and leaves
 * the message's row in `chat_messages` as the event made it. Resuming
 * lists the events after a sequence number with their messages as they
 * are now, so a deleted message's text is never sent again.
 *
 * Search: `chat_search` is an FTS5 table over the texts of live messages,
 * its rowid the message's; the unicode61 tokenizer with
 * remove_diacritics 2 folds case and accents ("Café" is found by "cafe").
 * unicode61 takes a run of letters as one token, and Chinese and Japanese
 * write words without spaces between them, so both the indexed text and
 * the query put a space around each Han, Hiragana, Katakana and Hangul
 * character: a CJK word of the query becomes a phrase of its characters,
 * found wherever they stand together (the unigram indexing of CJK text
 * that Lucene's CJK analysers also offer).
 *
 * A search ranks at most SEARCH_RANKED matches, the session's newest
 * (FTS5 walks its index by rowid, newest first, and stops there): bm25
 * reads each match's length and positions, some 3 µs a match, so ranking
 * every one of the 800,000 messages of a 1,000,000-message chat that hold
 * "the" took a second (docs/benchmarks.md, chat search). A query that
 * fewer messages match is ranked as before, over all of them.
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-json-text.h"
#include "confer-protocol.h"
#include "confer-server-store-private.h"

/**
 * confer_chat_record_copy:
 * @record: a chat message
 *
 * Returns: (transfer full): a deep copy of @record
 */
ConferChatRecord *
confer_chat_record_copy (const ConferChatRecord *record)
{
  ConferChatRecord *copy = g_new0 (ConferChatRecord, 1);

  copy->id = g_strdup (record->id);
  copy->seq = record->seq;
  copy->author = g_strdup (record->author);
  copy->time = record->time;
  copy->text = g_strdup (record->text);
  copy->reply_to = g_strdup (record->reply_to);
  if (record->attachments != NULL)
    copy->attachments = json_array_ref (record->attachments);
  if (record->voice != NULL)
    copy->voice = json_object_ref (record->voice);
  if (record->reactions != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) deep = NULL;

      json_node_set_object (node, record->reactions);
      deep = json_node_copy (node);
      copy->reactions = json_node_dup_object (deep);
    }
  copy->edited = record->edited;
  copy->deleted = record->deleted;
  return copy;
}

/**
 * confer_chat_record_free:
 * @record: (transfer full): a chat message
 */
void
confer_chat_record_free (ConferChatRecord *record)
{
  g_free (record->id);
  g_free (record->author);
  g_free (record->text);
  g_free (record->reply_to);
  g_clear_pointer (&record->attachments, json_array_unref);
  g_clear_pointer (&record->voice, json_object_unref);
  g_clear_pointer (&record->reactions, json_object_unref);
  g_free (record);
}

/**
 * confer_chat_event_record_free:
 * @record: (transfer full): a chat event
 */
void
confer_chat_event_record_free (ConferChatEventRecord *record)
{
  g_free (record->author);
  g_free (record->txn);
  g_clear_pointer (&record->message, confer_chat_record_free);
  g_free (record);
}

/* The most matches a search ranks: the newest (see above). */
#define SEARCH_RANKED 2000

/* The columns a message is read from, in the order record_from_row()
 * takes them, from its @first column on. */
#define MESSAGE_COLUMNS "m.id, m.seq, m.author, m.time, m.text, m.reply_to, m.attachments, m.reactions, m.edited, m.deleted, m.voice"

static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return NULL;
  node = confer_json_text_parse (text, strlen (text), CONFER_JSON_MAX_DEPTH, &error);
  if (node == NULL)
    g_warning ("A chat message's stored JSON does not parse: %s", error->message);
  return node;
}

static ConferChatRecord *
record_from_row (sqlite3_stmt *stmt,
                 int           first)
{
  ConferChatRecord *record = g_new0 (ConferChatRecord, 1);
  g_autoptr(JsonNode) attachments = column_json (stmt, first + 6);
  g_autoptr(JsonNode) reactions = column_json (stmt, first + 7);
  g_autoptr(JsonNode) voice = column_json (stmt, first + 10);

  record->id = confer_database_column_text (stmt, first);
  record->seq = sqlite3_column_int64 (stmt, first + 1);
  record->author = confer_database_column_text (stmt, first + 2);
  record->time = sqlite3_column_int64 (stmt, first + 3);
  record->text = confer_database_column_text (stmt, first + 4);
  record->reply_to = confer_database_column_text (stmt, first + 5);
  if (attachments != NULL && JSON_NODE_HOLDS_ARRAY (attachments))
    record->attachments = json_node_dup_array (attachments);
  if (reactions != NULL && JSON_NODE_HOLDS_OBJECT (reactions))
    record->reactions = json_node_dup_object (reactions);
  if (voice != NULL && JSON_NODE_HOLDS_OBJECT (voice))
    record->voice = json_node_dup_object (voice);
  record->edited = sqlite3_column_int (stmt, first + 8) != 0;
  record->deleted = sqlite3_column_int (stmt, first + 9) != 0;
  return record;
}

/**
 * confer_server_store_get_chat_seq:
 * @self: a store
 * @session: a session id
 *
 * Returns: the sequence number of the session's last committed chat
 *   event, 0 if it has none
 */
guint64
confer_server_store_get_chat_seq (ConferServerStore *self,
                                  const char        *session)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "SELECT MAX(seq) FROM chat_events WHERE session = ?");
  guint64 seq = 0;

  confer_database_bind_text (stmt, 1, session);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

/**
 * confer_server_store_find_chat_txn:
 * @self: a store
 * @session: a session id
 * @author: a participant id
 * @txn: a txn of theirs
 * @seq: (out): the sequence number of the event it committed
 * @message: (out) (transfer full): the id of the message that event
 *   touched
 *
 * Returns: %TRUE if @author committed a chat event with @txn in @session
 */
gboolean
confer_server_store_find_chat_txn (ConferServerStore  *self,
                                   const char         *session,
                                   const char         *author,
                                   const char         *txn,
                                   guint64            *seq,
                                   char              **message)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT seq, message FROM chat_events WHERE session = ? AND author = ? AND txn = ?");
  gboolean found = FALSE;

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, author);
  confer_database_bind_text (stmt, 3, txn);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *message = confer_database_column_text (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/**
 * confer_server_store_find_chat_message:
 * @self: a store
 * @session: a session id
 * @id: a message id
 *
 * Returns: (transfer full) (nullable): the message as the last commit
 *   left it, or %NULL if @session has no such message
 */
ConferChatRecord *
confer_server_store_find_chat_message (ConferServerStore *self,
                                       const char        *session,
                                       const char        *id)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT " MESSAGE_COLUMNS " FROM chat_messages m WHERE m.session = ? AND m.id = ?");
  ConferChatRecord *record = NULL;

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = record_from_row (stmt, 0);
  sqlite3_reset (stmt);
  return record;
}

/* A space on each side of every Han, Hiragana, Katakana and Hangul
 * character, for unicode61 to take each as a token of its own. */
static char *
search_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
          script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_HANGUL)
        {
          g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
json_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static gboolean
index_message (ConferServerStore   *self,
               gint64               rowid,
               ConferChatEventKind  kind,
               const ConferChatRecord *message,
               GError             **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *indexed = NULL;

  if (kind == CONFER_CHAT_EVENT_EDIT || kind == CONFER_CHAT_EVENT_DELETE)
    {
      stmt = confer_database_statement (self->db, "DELETE FROM chat_search WHERE rowid = ?");
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!confer_database_step_done (self->db, stmt, error, "take the message out of the search index"))
        return FALSE;
    }
  if (kind != CONFER_CHAT_EVENT_MESSAGE && kind != CONFER_CHAT_EVENT_EDIT)
    return TRUE;
  indexed = search_text (message->text);
  stmt = confer_database_statement (self->db, "INSERT INTO chat_search (rowid, text) VALUES (?, ?)");
  sqlite3_bind_int64 (stmt, 1, rowid);
  confer_database_bind_text (stmt, 2, indexed);
  return confer_database_step_done (self->db, stmt, error, "index the message");
}

/**
 * confer_server_store_add_chat_event:
 * @self: a store, in a transaction
 * @session: a session id
 * @seq: the event's sequence number (the session's next one)
 * @kind: what it did
 * @author: who did it
 * @txn: their txn
 * @message: the message as the event left it
 * @old_text: (nullable): for an edit, the text it replaced (kept as a
 *   version)
 * @error: return location for a #GError
 *
 * Writes a chat event and the message it made or changed, and keeps the
 * search index in step: a message's text is indexed when it is sent and
 * again when edited, and taken out when it is deleted, when its earlier
 * versions go too.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_chat_event (ConferServerStore       *self,
                                    const char              *session,
                                    guint64                  seq,
                                    ConferChatEventKind      kind,
                                    const char              *author,
                                    const char              *txn,
                                    const ConferChatRecord  *message,
                                    const char              *old_text,
                                    GError                 **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT INTO chat_events (session, seq, kind, message, author, txn, time) VALUES (?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *attachments = NULL;
  g_autofree char *reactions = NULL;
  g_autofree char *voice = NULL;
  gint64 rowid = 0;
  int rc;

  confer_database_bind_text (stmt, 1, session);
  sqlite3_bind_int64 (stmt, 2, seq);
  confer_database_bind_text (stmt, 3, confer_chat_event_kind_to_string (kind));
  confer_database_bind_text (stmt, 4, message->id);
  confer_database_bind_text (stmt, 5, author);
  confer_database_bind_text (stmt, 6, txn);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / 1000);
  if (!confer_database_step_done (self->db, stmt, error, "append the chat event"))
    return FALSE;

  if (message->attachments != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, message->attachments);
      attachments = json_text (node);
    }
  if (message->reactions != NULL && json_object_get_size (message->reactions) > 0)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, message->reactions);
      reactions = json_text (node);
    }
  if (message->voice != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, message->voice);
      voice = json_text (node);
    }
  stmt = confer_database_statement (self->db,
    "INSERT INTO chat_messages (id, session, seq, author, time, text, reply_to, attachments, reactions, edited, deleted, voice) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET text = excluded.text, attachments = excluded.attachments, voice = excluded.voice, "
    "reactions = excluded.reactions, edited = excluded.edited, deleted = excluded.deleted "
    "RETURNING rowid");
  confer_database_bind_text (stmt, 1, message->id);
  confer_database_bind_text (stmt, 2, session);
  sqlite3_bind_int64 (stmt, 3, message->seq);
  confer_database_bind_text (stmt, 4, message->author);
  sqlite3_bind_int64 (stmt, 5, message->time);
  confer_database_bind_text (stmt, 6, message->text);
  confer_database_bind_text (stmt, 7, message->reply_to);
  confer_database_bind_text (stmt, 8, attachments);
  confer_database_bind_text (stmt, 9, reactions);
  sqlite3_bind_int (stmt, 10, message->edited);
  sqlite3_bind_int (stmt, 11, message->deleted);
  confer_database_bind_text (stmt, 12, voice);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      rowid = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return confer_database_error (self->db, error, "store the chat message");

  if (old_text != NULL)
    {
      stmt = confer_database_statement (self->db,
        "INSERT INTO chat_versions (message, version, text, time) "
        "SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3 FROM chat_versions WHERE message = ?1");
      confer_database_bind_text (stmt, 1, message->id);
      confer_database_bind_text (stmt, 2, old_text);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / 1000);
      if (!confer_database_step_done (self->db, stmt, error, "keep the message's earlier text"))
        return FALSE;
    }
  if (kind == CONFER_CHAT_EVENT_DELETE)
    {
      stmt = confer_database_statement (self->db, "DELETE FROM chat_versions WHERE message = ?");
      confer_database_bind_text (stmt, 1, message->id);
      if (!confer_database_step_done (self->db, stmt, error, "forget the deleted message's earlier texts"))
        return FALSE;
    }
  return index_message (self, rowid, kind, message, error);
}

/**
 * confer_server_store_list_chat_messages:
 * @self: a store
 * @session: a session id
 * @before: list messages sent before this sequence number
 *   (%G_MAXUINT64: the latest)
 * @limit: the most to list
 * @more: (out): whether older messages remain
 *
 * Reads a page of history: the @limit messages sent last before
 * @before, tombstones included.
 *
 * Returns: (transfer full) (element-type ConferChatRecord): the messages,
 *   oldest first
 */
GPtrArray *
confer_server_store_list_chat_messages (ConferServerStore *self,
                                        const char        *session,
                                        guint64            before,
                                        guint              limit,
                                        gboolean          *more)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT " MESSAGE_COLUMNS " FROM chat_messages m WHERE m.session = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_chat_record_free);

  confer_database_bind_text (stmt, 1, session);
  sqlite3_bind_int64 (stmt, 2, (gint64) MIN (before, (guint64) G_MAXINT64));
  sqlite3_bind_int (stmt, 3, limit + 1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_insert (list, 0, record_from_row (stmt, 0));
  sqlite3_reset (stmt);
  *more = list->len > limit;
  if (*more)
    g_ptr_array_remove_index (list, 0);
  return list;
}

/**
 * confer_server_store_list_chat_events:
 * @self: a store
 * @session: a session id
 * @after: a sequence number
 * @limit: the most to list
 *
 * Returns: (transfer full) (element-type ConferChatEventRecord): the
 *   session's chat events after @after, in order, each with its message
 *   as it is now
 */
GPtrArray *
confer_server_store_list_chat_events (ConferServerStore *self,
                                      const char        *session,
                                      guint64            after,
                                      guint              limit)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT e.seq, e.kind, e.author, e.txn, " MESSAGE_COLUMNS " FROM chat_events e "
    "JOIN chat_messages m ON m.id = e.message WHERE e.session = ? AND e.seq > ? ORDER BY e.seq LIMIT ?");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_chat_event_record_free);

  confer_database_bind_text (stmt, 1, session);
  sqlite3_bind_int64 (stmt, 2, after);
  sqlite3_bind_int (stmt, 3, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ConferChatEventRecord *event = g_new0 (ConferChatEventRecord, 1);

      event->seq = sqlite3_column_int64 (stmt, 0);
      if (!confer_chat_event_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &event->kind))
        event->kind = CONFER_CHAT_EVENT_MESSAGE;
      event->author = confer_database_column_text (stmt, 2);
      event->txn = confer_database_column_text (stmt, 3);
      event->message = record_from_row (stmt, 4);
      g_ptr_array_add (list, event);
    }
  sqlite3_reset (stmt);
  return list;
}

/**
 * confer_server_store_list_chat_versions:
 * @self: a store
 * @message: a message id
 *
 * Returns: (transfer full) (element-type utf8): the texts the message's
 *   edits replaced, oldest first (none once it is deleted)
 */
GPtrArray *
confer_server_store_list_chat_versions (ConferServerStore *self,
                                        const char        *message)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT text FROM chat_versions WHERE message = ? ORDER BY version");
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  confer_database_bind_text (stmt, 1, message);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, confer_database_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return list;
}

/* The FTS5 query for what someone typed: each word, split at white
 * space, as an FTS5 string (in double quotes, a quote doubled), so that
 * no user text is FTS5 syntax (AND, NEAR, *, ^, column filters…); the
 * strings in a row must all match. A word of punctuation alone matches
 * nothing rather than failing. */
static char *
search_query (const char *query)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t\n\r\f\v", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *spaced = NULL;

      if (words[i][0] == '\0')
        continue;
      spaced = search_text (words[i]);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = spaced; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  return g_string_free (out, FALSE);
}

/**
 * confer_server_store_search_chat:
 * @self: a store
 * @session: a session id
 * @query: what to look for: words, each of which a message must hold (in
 *   any case, with or without accents); nothing in it is query syntax
 * @limit: the most messages to return
 * @error: return location for a #GError
 *
 * Searches the session's live messages with FTS5, best match first (its
 * bm25 ranking) among the newest 2,000 that match (all of them when
 * fewer match).
 *
 * Returns: (transfer full) (element-type ConferChatRecord) (nullable):
 *   the messages, or %NULL with %CONFER_PROTOCOL_ERROR_BAD_MESSAGE (no
 *   words) or %CONFER_CORE_ERROR_STORAGE
 */
GPtrArray *
confer_server_store_search_chat (ConferServerStore  *self,
                                 const char         *session,
                                 const char         *query,
                                 guint               limit,
                                 GError            **error)
{
  g_autofree char *match = search_query (query);
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (*match == '\0')
    {
      g_set_error_literal (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                           "The search has no words");
      return NULL;
    }
  /* The newest matches in rowid order (FTS5 takes ORDER BY rowid DESC
   * and the LIMIT, so no more are read), ranked; only the best are read
   * whole. */
  stmt = confer_database_statement (self->db,
    "WITH recent AS ("
    "  SELECT chat_search.rowid AS message, bm25(chat_search) AS score, m.seq AS seq"
    "  FROM chat_search JOIN chat_messages m ON m.rowid = chat_search.rowid"
    "  WHERE chat_search MATCH ?1 AND m.session = ?2 AND m.deleted = 0"
    "  ORDER BY chat_search.rowid DESC LIMIT ?4), "
    "best AS (SELECT message, score, seq FROM recent ORDER BY score, seq DESC LIMIT ?3) "
    "SELECT " MESSAGE_COLUMNS " FROM best JOIN chat_messages m ON m.rowid = best.message "
    "ORDER BY best.score, best.seq DESC");
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_chat_record_free);
  confer_database_bind_text (stmt, 1, match);
  confer_database_bind_text (stmt, 2, session);
  sqlite3_bind_int (stmt, 3, limit);
  sqlite3_bind_int (stmt, 4, SEARCH_RANKED);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, record_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      confer_database_error (self->db, error, "search the chat");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * confer_server_store_set_chat_read:
 * @self: a store, in a transaction
 * @session: a session id
 * @participant: a participant id
 * @seq: the chat sequence number they read up to; a lower one than
 *   stored changes nothing
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_set_chat_read (ConferServerStore  *self,
                                   const char         *session,
                                   const char         *participant,
                                   guint64             seq,
                                   GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT INTO chat_reads (session, participant, seq) VALUES (?, ?, ?) "
    "ON CONFLICT (session, participant) DO UPDATE SET seq = MAX(seq, excluded.seq)");

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, participant);
  sqlite3_bind_int64 (stmt, 3, seq);
  return confer_database_step_done (self->db, stmt, error, "store the read receipt");
}

/**
 * confer_server_store_list_chat_reads:
 * @self: a store
 * @session: a session id
 *
 * Returns: (transfer full) (element-type utf8 guint64): each participant
 *   who read the chat, to the sequence number they read up to (stored in
 *   a pointer)
 */
GHashTable *
confer_server_store_list_chat_reads (ConferServerStore *self,
                                     const char        *session)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT participant, seq FROM chat_reads WHERE session = ?");
  GHashTable *reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  confer_database_bind_text (stmt, 1, session);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (reads, confer_database_column_text (stmt, 0),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
  sqlite3_reset (stmt);
  return reads;
}
