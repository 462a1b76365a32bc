/* confer-client-cache.c: what a client keeps on disk between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite file (in the app's case, confer/cache.sqlite in the user's
 * data directory, mode 0600: it holds participant tokens) remembers each
 * session joined — the link, who this client is there and the token that
 * resumes as them, the last document and participant lists — and each
 * opened document's text with the changes not yet acknowledged, and
 * which voice messages this participant has played. With it,
 * a client that starts while the server is unreachable can show and edit
 * what it had, and sends the changes, with their original txns, when the
 * server comes back. The chat's changes not yet acknowledged (messages,
 * edits, deletions, reactions) are kept the same way, as the frames to
 * send, in order.
 */
#define G_LOG_DOMAIN "confer-client-cache"

#include "config.h"

#include <glib/gstdio.h>

#include "confer-client-cache.h"
#include "confer-database.h"
#include "confer-json-text.h"

struct _ConferClientCache
{
  GObject         parent_instance;

  ConferDatabase *db;
};

G_DEFINE_FINAL_TYPE (ConferClientCache, confer_client_cache, G_TYPE_OBJECT)

/* Version 1: sessions and documents; 2: the invite links made here; 3:
 * the chat's unsent changes; 4: the voice messages played here. */
static const char *const migrations[] = {
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  key TEXT PRIMARY KEY, link TEXT NOT NULL, title TEXT, participant TEXT,"
  "  token TEXT, role TEXT, docs TEXT, participants TEXT, used INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS documents ("
  "  session TEXT NOT NULL REFERENCES sessions(key) ON DELETE CASCADE,"
  "  doc TEXT NOT NULL, revision INTEGER NOT NULL, text TEXT NOT NULL,"
  "  inflight TEXT, inflight_txn TEXT, buffer TEXT, unsent INTEGER NOT NULL,"
  "  PRIMARY KEY (session, doc)) WITHOUT ROWID;",

  /* The invite links this participant made, which the server cannot show
   * again (it keeps only their hash). */
  "CREATE TABLE invites ("
  "  session TEXT NOT NULL, invite TEXT NOT NULL, link TEXT NOT NULL,"
  "  PRIMARY KEY (session, invite)) WITHOUT ROWID;",

  /* The chat's changes waiting for the server, each the frame to send
   * (with its txn), in the order written. */
  "CREATE TABLE chat_outbox ("
  "  session TEXT NOT NULL, position INTEGER NOT NULL, frame TEXT NOT NULL,"
  "  PRIMARY KEY (session, position)) WITHOUT ROWID;",

  /* The voice messages this participant has started to play (a chat
   * shows the others as not played yet). */
  "CREATE TABLE voice_played ("
  "  session TEXT NOT NULL, message TEXT NOT NULL,"
  "  PRIMARY KEY (session, message)) WITHOUT ROWID;",
  NULL
};

static void
confer_client_cache_finalize (GObject *object)
{
  ConferClientCache *self = (ConferClientCache *) object;

  g_clear_pointer (&self->db, confer_database_free);

  G_OBJECT_CLASS (confer_client_cache_parent_class)->finalize (object);
}

static void
confer_client_cache_class_init (ConferClientCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_client_cache_finalize;
}

static void
confer_client_cache_init (ConferClientCache *self)
{
}

/* The lists are kept as the protocol writes them (JSON arrays of the
 * objects `welcome` carries), which is also what version 1 of the cache
 * stored: caches made before the typed model read as they are. */
static char *
list_to_string (GListModel        *list,
                ConferModelToJson  write)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  if (list == NULL)
    return NULL;
  json_node_take_array (node, confer_model_list_to_json (list, write));
  return json_to_string (node, FALSE);
}

static GListModel *
list_from_column (sqlite3_stmt        *stmt,
                  int                  index,
                  GType                type,
                  ConferModelFromJson  read)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);
  g_autoptr(JsonNode) node = text != NULL ? confer_json_text_parse (text, strlen (text), CONFER_JSON_MAX_DEPTH, NULL)
                                           : NULL;

  return confer_model_list_from_json (type, node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                                      : NULL,
                                      read);
}

static ConferTextOp *
op_from_column (sqlite3_stmt *stmt,
                int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);
  g_autoptr(GError) error = NULL;
  ConferTextOp *op;

  if (text == NULL)
    return NULL;
  op = confer_text_op_new_from_string (text, &error);
  if (op == NULL)
    g_warning ("A cached change could not be read: %s", error->message);
  return op;
}

/**
 * confer_client_cache_open:
 * @path: the cache file; created (readable by its owner only) if missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the cache, or %NULL with
 *   %CONFER_CORE_ERROR_STORAGE set
 */
ConferClientCache *
confer_client_cache_open (const char  *path,
                          GError     **error)
{
  g_autoptr(ConferClientCache) self = g_object_new (CONFER_TYPE_CLIENT_CACHE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_STORAGE,
                   "Could not create %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  self->db = confer_database_open (path, migrations, error);
  if (self->db == NULL)
    return NULL;
  g_chmod (path, 0600);
  return g_steal_pointer (&self);
}

/**
 * confer_client_cache_load_session:
 * @self: a cache
 * @link: a link to the session
 *
 * Returns: (transfer full) (nullable): what the cache has of the session,
 *   or %NULL if it was never joined
 */
ConferCachedSession *
confer_client_cache_load_session (ConferClientCache *self,
                                  const ConferLink  *link)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT link, title, participant, token, role, docs, participants, used "
    "FROM sessions WHERE key = ?");
  ConferCachedSession *session = NULL;
  const char *role;

  confer_database_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      session = g_new0 (ConferCachedSession, 1);
      session->link = confer_database_column_text (stmt, 0);
      session->title = confer_database_column_text (stmt, 1);
      session->participant_id = confer_database_column_text (stmt, 2);
      session->token = confer_database_column_text (stmt, 3);
      role = (const char *) sqlite3_column_text (stmt, 4);
      if (!confer_role_from_string (role, &session->role))
        session->role = CONFER_ROLE_GUEST;
      session->items = list_from_column (stmt, 5, CONFER_TYPE_ITEM, (ConferModelFromJson) confer_item_new_from_json);
      session->participants = list_from_column (stmt, 6, CONFER_TYPE_PARTICIPANT,
                                                  (ConferModelFromJson) confer_participant_new_from_json);
      session->used = sqlite3_column_int64 (stmt, 7);
    }
  sqlite3_reset (stmt);
  return session;
}

/**
 * confer_client_cache_save_session:
 * @self: a cache
 * @link: a link to the session
 * @session: what to remember of it; @session->used is ignored (now is
 *   stored)
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_client_cache_save_session (ConferClientCache          *self,
                                  const ConferLink           *link,
                                  const ConferCachedSession  *session,
                                  GError                    **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  g_autofree char *docs = list_to_string (session->items, (ConferModelToJson) confer_item_to_json);
  g_autofree char *participants = list_to_string (session->participants, (ConferModelToJson) confer_participant_to_json);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR REPLACE INTO sessions (key, link, title, participant, token, role, docs, participants, used) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, session->link);
  confer_database_bind_text (stmt, 3, session->title);
  confer_database_bind_text (stmt, 4, session->participant_id);
  confer_database_bind_text (stmt, 5, session->token);
  confer_database_bind_text (stmt, 6, confer_role_to_string (session->role));
  confer_database_bind_text (stmt, 7, docs);
  confer_database_bind_text (stmt, 8, participants);
  sqlite3_bind_int64 (stmt, 9, g_get_real_time () / G_USEC_PER_SEC);
  return confer_database_step_done (self->db, stmt, error, "remember the session");
}

/**
 * confer_client_cache_forget_session:
 * @self: a cache
 * @link: a link to the session
 * @error: return location for a #GError
 *
 * Forgets the session, its token and its documents, unsent changes
 * included.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_client_cache_forget_session (ConferClientCache  *self,
                                    const ConferLink   *link,
                                    GError            **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db, "DELETE FROM sessions WHERE key = ?");

  confer_database_bind_text (stmt, 1, key);
  return confer_database_step_done (self->db, stmt, error, "forget the session");
}

/**
 * confer_client_cache_load_doc:
 * @self: a cache
 * @link: a link to the session
 * @doc_id: a document id
 *
 * Returns: (transfer full) (nullable): the document as last saved, or
 *   %NULL if it was never saved or its changes cannot be read
 */
ConferCachedDoc *
confer_client_cache_load_doc (ConferClientCache *self,
                              const ConferLink  *link,
                              const char        *doc_id)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT revision, text, inflight, inflight_txn, buffer, unsent "
    "FROM documents WHERE session = ? AND doc = ?");
  g_autoptr(ConferCachedDoc) doc = NULL;
  gboolean readable = TRUE;

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, doc_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      doc = g_new0 (ConferCachedDoc, 1);
      doc->revision = sqlite3_column_int64 (stmt, 0);
      doc->text = confer_database_column_text (stmt, 1);
      doc->inflight = op_from_column (stmt, 2);
      doc->inflight_txn = confer_database_column_text (stmt, 3);
      doc->buffer = op_from_column (stmt, 4);
      doc->n_unsent = sqlite3_column_int (stmt, 5);
      readable = (doc->inflight != NULL) == (sqlite3_column_type (stmt, 2) != SQLITE_NULL) &&
                 (doc->buffer != NULL) == (sqlite3_column_type (stmt, 4) != SQLITE_NULL) &&
                 (doc->inflight == NULL || doc->inflight_txn != NULL);
    }
  sqlite3_reset (stmt);
  return readable ? g_steal_pointer (&doc) : NULL;
}

/**
 * confer_client_cache_save_doc:
 * @self: a cache
 * @link: a link to a session saved with
 *   confer_client_cache_save_session()
 * @doc_id: a document id
 * @doc: its state
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 *   (also when the session was never saved)
 */
gboolean
confer_client_cache_save_doc (ConferClientCache      *self,
                              const ConferLink       *link,
                              const char             *doc_id,
                              const ConferCachedDoc  *doc,
                              GError                **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  g_autofree char *inflight = doc->inflight != NULL ? confer_text_op_to_string (doc->inflight) : NULL;
  g_autofree char *buffer = doc->buffer != NULL ? confer_text_op_to_string (doc->buffer) : NULL;
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR REPLACE INTO documents (session, doc, revision, text, inflight, inflight_txn, buffer, unsent) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, doc_id);
  sqlite3_bind_int64 (stmt, 3, doc->revision);
  confer_database_bind_text (stmt, 4, doc->text);
  confer_database_bind_text (stmt, 5, inflight);
  confer_database_bind_text (stmt, 6, doc->inflight_txn);
  confer_database_bind_text (stmt, 7, buffer);
  sqlite3_bind_int (stmt, 8, doc->n_unsent);
  return confer_database_step_done (self->db, stmt, error, "save the document");
}

/**
 * confer_client_cache_count_unsent:
 * @self: a cache
 * @link: a link to the session
 *
 * Returns: how many local edits in the session's documents the server has
 *   not acknowledged
 */
guint
confer_client_cache_count_unsent (ConferClientCache *self,
                                  const ConferLink  *link)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT COALESCE(SUM(unsent), 0) FROM documents WHERE session = ?");
  guint n = 0;

  confer_database_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/**
 * confer_client_cache_save_invite_link:
 * @self: a cache
 * @link: a link to the session
 * @invite_id: the invite's id (from `invite.created`)
 * @invite_link: the link carrying its token, as handed out
 * @error: return location for a #GError
 *
 * Keeps an invite link this participant made, so it can be copied again:
 * the server stores only the token's hash.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE set
 */
gboolean
confer_client_cache_save_invite_link (ConferClientCache  *self,
                                      const ConferLink   *link,
                                      const char         *invite_id,
                                      const char         *invite_link,
                                      GError            **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR REPLACE INTO invites (session, invite, link) VALUES (?, ?, ?)");

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, invite_id);
  confer_database_bind_text (stmt, 3, invite_link);
  return confer_database_step_done (self->db, stmt, error, "keep the invite link");
}

/**
 * confer_client_cache_load_invite_link:
 * @self: a cache
 * @link: a link to the session
 * @invite_id: an invite's id
 *
 * Returns: (transfer full) (nullable): the link this participant made for
 *   the invite, or %NULL if it was made elsewhere
 */
char *
confer_client_cache_load_invite_link (ConferClientCache *self,
                                      const ConferLink  *link,
                                      const char        *invite_id)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT link FROM invites WHERE session = ? AND invite = ?");
  char *text = NULL;

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, invite_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/**
 * confer_client_cache_save_chat_outbox:
 * @self: a cache
 * @link: a link to the session
 * @frames: (array zero-terminated=1): the chat's changes waiting for the
 *   server, each an encoded frame, oldest first (none: the session has
 *   nothing waiting)
 * @error: return location for a #GError
 *
 * Replaces what the cache keeps of the session's unsent chat changes, all
 * at once (in one transaction).
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE set
 *   (nothing changed)
 */
gboolean
confer_client_cache_save_chat_outbox (ConferClientCache  *self,
                                      const ConferLink   *link,
                                      const char *const  *frames,
                                      GError            **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt;

  if (!confer_database_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = confer_database_statement (self->db, "DELETE FROM chat_outbox WHERE session = ?");
  confer_database_bind_text (stmt, 1, key);
  if (!confer_database_step_done (self->db, stmt, error, "forget the sent chat changes"))
    goto failed;
  for (guint i = 0; frames[i] != NULL; i++)
    {
      stmt = confer_database_statement (self->db, "INSERT INTO chat_outbox (session, position, frame) VALUES (?, ?, ?)");
      confer_database_bind_text (stmt, 1, key);
      sqlite3_bind_int (stmt, 2, i);
      confer_database_bind_text (stmt, 3, frames[i]);
      if (!confer_database_step_done (self->db, stmt, error, "keep the unsent chat changes"))
        goto failed;
    }
  if (confer_database_exec (self->db, "COMMIT", error))
    return TRUE;

failed:
  confer_database_rollback (self->db);
  return FALSE;
}

/**
 * confer_client_cache_load_chat_outbox:
 * @self: a cache
 * @link: a link to the session
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (array zero-terminated=1): the session's
 *   unsent chat changes as saved, oldest first (empty if none); %NULL
 *   with %CONFER_CORE_ERROR_STORAGE set when they could not all be read
 */
char **
confer_client_cache_load_chat_outbox (ConferClientCache  *self,
                                      const ConferLink   *link,
                                      GError            **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT frame FROM chat_outbox WHERE session = ? ORDER BY position");
  g_autoptr(GStrvBuilder) frames = g_strv_builder_new ();
  int status;

  confer_database_bind_text (stmt, 1, key);
  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (frames, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (status != SQLITE_DONE)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_STORAGE,
                   "Cannot read the unsent chat changes: %s", sqlite3_errstr (status));
      return NULL;
    }
  return g_strv_builder_end (frames);
}

/**
 * confer_client_cache_save_voice_played:
 * @self: a cache
 * @link: a link to the session
 * @message_id: the id of a voice message of its chat
 * @error: return location for a #GError
 *
 * Remembers that this participant has played a voice message.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE set
 */
gboolean
confer_client_cache_save_voice_played (ConferClientCache  *self,
                                       const ConferLink   *link,
                                       const char         *message_id,
                                       GError            **error)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR IGNORE INTO voice_played (session, message) VALUES (?, ?)");

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, message_id);
  return confer_database_step_done (self->db, stmt, error, "keep the voice message played");
}

/**
 * confer_client_cache_load_voice_played:
 * @self: a cache
 * @link: a link to the session
 * @message_id: the id of a voice message of its chat
 *
 * Returns: whether this participant has played the voice message here
 */
gboolean
confer_client_cache_load_voice_played (ConferClientCache *self,
                                       const ConferLink  *link,
                                       const char        *message_id)
{
  g_autofree char *key = confer_link_get_session_key (link);
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT 1 FROM voice_played WHERE session = ? AND message = ?");
  gboolean played;

  confer_database_bind_text (stmt, 1, key);
  confer_database_bind_text (stmt, 2, message_id);
  played = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return played;
}

/**
 * confer_cached_session_free:
 * @session: (transfer full): a cached session
 */
void
confer_cached_session_free (ConferCachedSession *session)
{
  g_free (session->link);
  g_free (session->title);
  g_free (session->participant_id);
  g_free (session->token);
  g_clear_object (&session->items);
  g_clear_object (&session->participants);
  g_free (session);
}

/**
 * confer_cached_doc_free:
 * @doc: (transfer full): a cached document
 */
void
confer_cached_doc_free (ConferCachedDoc *doc)
{
  g_free (doc->text);
  g_clear_pointer (&doc->inflight, confer_text_op_unref);
  g_free (doc->inflight_txn);
  g_clear_pointer (&doc->buffer, confer_text_op_unref);
  g_free (doc);
}
