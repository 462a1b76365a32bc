/* confer-server-store.c: conferd's SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One database file holds every session served from a data directory. It
 * runs in WAL mode with synchronous=NORMAL: a commit reaches the WAL file
 * before conferd acknowledges anything, so a crash of the process (kill -9)
 * loses nothing acknowledged; a power loss or kernel crash can lose the
 * transactions committed since the last WAL sync (SQLite syncs the WAL at
 * each checkpoint, by default every 1000 pages). See docs/architecture.md.
 *
 * Committed operations are first appended to `journal`, a table in commit
 * order whose inserts all land on its last page, so a group commit writes a
 * page or two however many documents it touches. When the server is
 * quiet (or the journal has grown very long), the oldest rows move, a chunk
 * at a time and sorted by document, into `ops`, keyed by (document,
 * revision), where each document's history lies on pages of its own.
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-database.h"
#include "confer-server-store.h"

/* The journal's oldest rows move into `ops` JOURNAL_CHUNK_ROWS at a time
 * (a few ms of work), down to JOURNAL_KEEP_ROWS. */
#define JOURNAL_KEEP_ROWS  1024
#define JOURNAL_CHUNK_ROWS 4096

struct _ConferServerStore
{
  GObject     parent_instance;

  ConferDatabase *db;
  gint64          journal_rows;
};

G_DEFINE_FINAL_TYPE (ConferServerStore, confer_server_store, G_TYPE_OBJECT)

/* Version 1: sessions, participants, invites, documents and their
 * operations. 2: when each document was last edited, and who deleted it
 * when (`deleted` turns from a flag into Unix seconds). */
static const char *const migrations[] = {
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  id TEXT PRIMARY KEY, title TEXT NOT NULL, created INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS participants ("
  "  id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id),"
  "  name TEXT NOT NULL, colour TEXT NOT NULL, role TEXT NOT NULL,"
  "  token_hash TEXT NOT NULL UNIQUE, created INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS invites ("
  "  id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id),"
  "  token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, expires INTEGER NOT NULL,"
  "  max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0,"
  "  revoked INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS documents ("
  "  id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id),"
  "  title TEXT NOT NULL, created INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS snapshots ("
  "  doc TEXT PRIMARY KEY REFERENCES documents(id), revision INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS journal ("
  "  seq INTEGER PRIMARY KEY, doc TEXT NOT NULL, revision INTEGER NOT NULL,"
  "  op TEXT NOT NULL, author TEXT NOT NULL, txn TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS ops ("
  "  doc TEXT NOT NULL REFERENCES documents(id), revision INTEGER NOT NULL,"
  "  op TEXT NOT NULL, author TEXT NOT NULL, txn TEXT NOT NULL,"
  "  PRIMARY KEY (doc, revision)) WITHOUT ROWID;",

  "ALTER TABLE documents ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE documents ADD COLUMN deleted_by TEXT;"
  "UPDATE documents SET edited = created;"
  "UPDATE documents SET deleted = CAST(strftime('%s', 'now') AS INTEGER) WHERE deleted = 1;",
  NULL
};

static void
confer_server_store_finalize (GObject *object)
{
  ConferServerStore *self = (ConferServerStore *) object;

  g_clear_pointer (&self->db, confer_database_free);

  G_OBJECT_CLASS (confer_server_store_parent_class)->finalize (object);
}

static void
confer_server_store_class_init (ConferServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_server_store_finalize;
}

static void
confer_server_store_init (ConferServerStore *self)
{
}

/**
 * confer_server_store_open:
 * @path: the database file; created with its schema if missing
 * @error: return location for a #GError
 *
 * Opens the store in WAL mode with synchronous=NORMAL and foreign keys on.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with
 *   %CONFER_CORE_ERROR_STORAGE set
 */
ConferServerStore *
confer_server_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(ConferServerStore) self = g_object_new (CONFER_TYPE_SERVER_STORE, NULL);
  sqlite3_stmt *stmt;

  self->db = confer_database_open (path, migrations, error);
  if (self->db == NULL)
    return NULL;
  stmt = confer_database_statement (self->db, "SELECT COUNT(*) FROM journal");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->journal_rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return g_steal_pointer (&self);
}

/**
 * confer_server_store_begin:
 * @self: a store
 * @error: return location for a #GError
 *
 * Starts a transaction; the server groups all commits made in one pass of
 * the main loop into one (group commit).
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_begin (ConferServerStore  *self,
                           GError            **error)
{
  return confer_database_step_done (self->db, confer_database_statement (self->db, "BEGIN IMMEDIATE"), error, "begin a transaction");
}

/**
 * confer_server_store_commit:
 * @self: a store
 * @error: return location for a #GError
 *
 * Commits the transaction: once this returns, its changes survive a crash
 * of the process.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE (the
 *   transaction is rolled back)
 */
gboolean
confer_server_store_commit (ConferServerStore  *self,
                            GError            **error)
{
  if (confer_database_step_done (self->db, confer_database_statement (self->db, "COMMIT"), error, "commit"))
    return TRUE;
  confer_server_store_rollback (self);
  return FALSE;
}

/**
 * confer_server_store_rollback:
 * @self: a store
 *
 * Abandons the transaction, if one is open.
 */
void
confer_server_store_rollback (ConferServerStore *self)
{
  confer_database_rollback (self->db);
}

/**
 * confer_server_store_add_session:
 * @self: a store
 * @id: the new session's id
 * @title: its title
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_session (ConferServerStore  *self,
                                 const char         *id,
                                 const char         *title,
                                 GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "INSERT INTO sessions (id, title, created) VALUES (?, ?, ?)");

  confer_database_bind_text (stmt, 1, id);
  confer_database_bind_text (stmt, 2, title);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return confer_database_step_done (self->db, stmt, error, "create the session");
}

/**
 * confer_server_store_get_session_title:
 * @self: a store
 * @id: a session id
 *
 * Returns: (transfer full) (nullable): the session's title, or %NULL if
 *   there is no such session
 */
char *
confer_server_store_get_session_title (ConferServerStore *self,
                                       const char        *id)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "SELECT title FROM sessions WHERE id = ?");
  char *title = NULL;

  confer_database_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    title = confer_database_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return title;
}

/**
 * confer_server_store_add_participant:
 * @self: a store
 * @session: the session id
 * @record: the participant
 * @token_hash: SHA-256 (hex) of the participant's reconnect token
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_participant (ConferServerStore             *self,
                                     const char                    *session,
                                     const ConferParticipantRecord *record,
                                     const char                    *token_hash,
                                     GError                       **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT INTO participants (id, session, name, colour, role, token_hash, created) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)");

  confer_database_bind_text (stmt, 1, record->id);
  confer_database_bind_text (stmt, 2, session);
  confer_database_bind_text (stmt, 3, record->name);
  confer_database_bind_text (stmt, 4, record->colour);
  confer_database_bind_text (stmt, 5, confer_role_to_string (record->role));
  confer_database_bind_text (stmt, 6, token_hash);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  return confer_database_step_done (self->db, stmt, error, "add the participant");
}

static ConferParticipantRecord *
participant_from_row (sqlite3_stmt *stmt)
{
  ConferParticipantRecord *record = g_new0 (ConferParticipantRecord, 1);

  record->id = confer_database_column_text (stmt, 0);
  record->name = confer_database_column_text (stmt, 1);
  record->colour = confer_database_column_text (stmt, 2);
  if (!confer_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &record->role))
    record->role = CONFER_ROLE_GUEST;
  return record;
}

/**
 * confer_server_store_find_participant:
 * @self: a store
 * @session: a session id
 * @token_hash: SHA-256 (hex) of a participant token
 *
 * Returns: (transfer full) (nullable): the participant holding the token in
 *   that session, or %NULL
 */
ConferParticipantRecord *
confer_server_store_find_participant (ConferServerStore *self,
                                      const char        *session,
                                      const char        *token_hash)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT id, name, colour, role FROM participants WHERE session = ? AND token_hash = ?");
  ConferParticipantRecord *record = NULL;

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, token_hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = participant_from_row (stmt);
  sqlite3_reset (stmt);
  return record;
}

/**
 * confer_server_store_list_participants:
 * @self: a store
 * @session: a session id
 *
 * Returns: (transfer full) (element-type ConferParticipantRecord): every
 *   participant who ever joined the session, oldest first
 */
GPtrArray *
confer_server_store_list_participants (ConferServerStore *self,
                                       const char        *session)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT id, name, colour, role FROM participants WHERE session = ? ORDER BY created, rowid");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_participant_record_free);

  confer_database_bind_text (stmt, 1, session);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, participant_from_row (stmt));
  sqlite3_reset (stmt);
  return list;
}

/**
 * confer_server_store_add_invite:
 * @self: a store
 * @session: the session id
 * @record: the invite (its @uses and @revoked are ignored)
 * @token_hash: SHA-256 (hex) of the invite token
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_invite (ConferServerStore        *self,
                                const char               *session,
                                const ConferInviteRecord *record,
                                const char               *token_hash,
                                GError                  **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT INTO invites (id, session, token_hash, role, expires, max_uses, created) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)");

  confer_database_bind_text (stmt, 1, record->id);
  confer_database_bind_text (stmt, 2, session);
  confer_database_bind_text (stmt, 3, token_hash);
  confer_database_bind_text (stmt, 4, confer_role_to_string (record->role));
  sqlite3_bind_int64 (stmt, 5, record->expires);
  sqlite3_bind_int64 (stmt, 6, record->max_uses);
  sqlite3_bind_int64 (stmt, 7, record->created);
  return confer_database_step_done (self->db, stmt, error, "add the invite");
}

#define INVITE_COLUMNS "id, role, expires, max_uses, uses, revoked, created"

static ConferInviteRecord *
invite_from_row (sqlite3_stmt *stmt)
{
  ConferInviteRecord *record = g_new0 (ConferInviteRecord, 1);

  record->id = confer_database_column_text (stmt, 0);
  if (!confer_role_from_string ((const char *) sqlite3_column_text (stmt, 1), &record->role))
    record->role = CONFER_ROLE_GUEST;
  record->expires = sqlite3_column_int64 (stmt, 2);
  record->max_uses = sqlite3_column_int64 (stmt, 3);
  record->uses = sqlite3_column_int64 (stmt, 4);
  record->revoked = sqlite3_column_int (stmt, 5) != 0;
  record->created = sqlite3_column_int64 (stmt, 6);
  return record;
}

/**
 * confer_server_store_find_invite:
 * @self: a store
 * @session: a session id
 * @token_hash: SHA-256 (hex) of an invite token
 *
 * Returns: (transfer full) (nullable): the invite with that token in that
 *   session (expired, revoked and used-up ones included), or %NULL
 */
ConferInviteRecord *
confer_server_store_find_invite (ConferServerStore *self,
                                 const char        *session,
                                 const char        *token_hash)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT " INVITE_COLUMNS " FROM invites WHERE session = ? AND token_hash = ?");
  ConferInviteRecord *record = NULL;

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, token_hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = invite_from_row (stmt);
  sqlite3_reset (stmt);
  return record;
}

/**
 * confer_server_store_use_invite:
 * @self: a store
 * @id: an invite id
 * @error: return location for a #GError
 *
 * Counts one more join through the invite.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_use_invite (ConferServerStore  *self,
                                const char         *id,
                                GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "UPDATE invites SET uses = uses + 1 WHERE id = ?");

  confer_database_bind_text (stmt, 1, id);
  return confer_database_step_done (self->db, stmt, error, "count the invite's use");
}

/**
 * confer_server_store_revoke_invite:
 * @self: a store
 * @session: the session id
 * @id: the invite id
 * @found: (out): whether the session has that invite
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success (also when not found); %FALSE with
 *   %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_revoke_invite (ConferServerStore  *self,
                                   const char         *session,
                                   const char         *id,
                                   gboolean           *found,
                                   GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "UPDATE invites SET revoked = 1 WHERE session = ? AND id = ?");

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, id);
  if (!confer_database_step_done (self->db, stmt, error, "revoke the invite"))
    return FALSE;
  *found = sqlite3_changes (confer_database_get_handle (self->db)) > 0;
  return TRUE;
}

/**
 * confer_server_store_list_invites:
 * @self: a store
 * @session: a session id
 *
 * Returns: (transfer full) (element-type ConferInviteRecord): the
 *   session's invites, oldest first
 */
GPtrArray *
confer_server_store_list_invites (ConferServerStore *self,
                                  const char        *session)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT " INVITE_COLUMNS " FROM invites WHERE session = ? ORDER BY created, rowid");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_invite_record_free);

  confer_database_bind_text (stmt, 1, session);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, invite_from_row (stmt));
  sqlite3_reset (stmt);
  return list;
}

/**
 * confer_server_store_add_document:
 * @self: a store
 * @session: the session id
 * @id: the new document's id
 * @title: its title
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_document (ConferServerStore  *self,
                                  const char         *session,
                                  const char         *id,
                                  const char         *title,
                                  GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT INTO documents (id, session, title, created, edited) VALUES (?, ?, ?, ?, ?)");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  confer_database_bind_text (stmt, 1, id);
  confer_database_bind_text (stmt, 2, session);
  confer_database_bind_text (stmt, 3, title);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  return confer_database_step_done (self->db, stmt, error, "create the document");
}

/**
 * confer_server_store_rename_document:
 * @self: a store
 * @id: a document id
 * @title: its new title
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_rename_document (ConferServerStore  *self,
                                     const char         *id,
                                     const char         *title,
                                     GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "UPDATE documents SET title = ? WHERE id = ?");

  confer_database_bind_text (stmt, 1, title);
  confer_database_bind_text (stmt, 2, id);
  return confer_database_step_done (self->db, stmt, error, "rename the document");
}

/**
 * confer_server_store_delete_document:
 * @self: a store
 * @id: a document id
 * @by: the participant id of who deleted it
 * @error: return location for a #GError
 *
 * Moves the document to the session's deleted documents, now; its text
 * and history stay in the file, so it can be restored.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_delete_document (ConferServerStore  *self,
                                     const char         *id,
                                     const char         *by,
                                     GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "UPDATE documents SET deleted = ?, deleted_by = ? WHERE id = ?");

  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  confer_database_bind_text (stmt, 2, by);
  confer_database_bind_text (stmt, 3, id);
  return confer_database_step_done (self->db, stmt, error, "delete the document");
}

/**
 * confer_server_store_restore_document:
 * @self: a store
 * @id: a deleted document's id
 * @error: return location for a #GError
 *
 * Brings a deleted document back to its session's documents.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_restore_document (ConferServerStore  *self,
                                      const char         *id,
                                      GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "UPDATE documents SET deleted = 0, deleted_by = NULL WHERE id = ?");

  confer_database_bind_text (stmt, 1, id);
  return confer_database_step_done (self->db, stmt, error, "restore the document");
}

/**
 * confer_server_store_set_document_edited:
 * @self: a store
 * @id: a document id
 * @edited: when it was last edited, Unix seconds
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_set_document_edited (ConferServerStore  *self,
                                         const char         *id,
                                         gint64              edited,
                                         GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "UPDATE documents SET edited = ? WHERE id = ?");

  sqlite3_bind_int64 (stmt, 1, edited);
  confer_database_bind_text (stmt, 2, id);
  return confer_database_step_done (self->db, stmt, error, "note when the document was edited");
}

static ConferDocumentRecord *
document_from_row (sqlite3_stmt *stmt)
{
  ConferDocumentRecord *record = g_new0 (ConferDocumentRecord, 1);

  record->id = confer_database_column_text (stmt, 0);
  record->title = confer_database_column_text (stmt, 1);
  record->edited = sqlite3_column_int64 (stmt, 2);
  record->deleted = sqlite3_column_int64 (stmt, 3);
  record->deleted_by = confer_database_column_text (stmt, 4);
  return record;
}

/**
 * confer_server_store_list_documents:
 * @self: a store
 * @session: a session id
 * @deleted_since: 0 for the session's documents; otherwise its deleted
 *   documents, those deleted at or after this Unix time
 *
 * Returns: (transfer full) (element-type ConferDocumentRecord): the
 *   documents, oldest first (deleted ones: most recently deleted first)
 */
GPtrArray *
confer_server_store_list_documents (ConferServerStore *self,
                                    const char        *session,
                                    gint64             deleted_since)
{
  sqlite3_stmt *stmt = deleted_since == 0
    ? confer_database_statement (self->db,
        "SELECT id, title, edited, deleted, deleted_by FROM documents WHERE session = ? AND deleted = 0 "
        "ORDER BY created, rowid")
    : confer_database_statement (self->db,
        "SELECT id, title, edited, deleted, deleted_by FROM documents WHERE session = ? AND deleted >= ? "
        "ORDER BY deleted DESC, rowid");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_document_record_free);

  confer_database_bind_text (stmt, 1, session);
  if (deleted_since != 0)
    sqlite3_bind_int64 (stmt, 2, deleted_since);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, document_from_row (stmt));
  sqlite3_reset (stmt);
  return list;
}

/**
 * confer_server_store_find_document:
 * @self: a store
 * @session: a session id
 * @id: a document id
 *
 * Returns: (transfer full) (nullable): the session's document with @id,
 *   deleted or not; %NULL if the session has none
 */
ConferDocumentRecord *
confer_server_store_find_document (ConferServerStore *self,
                                   const char        *session,
                                   const char        *id)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT id, title, edited, deleted, deleted_by FROM documents WHERE session = ? AND id = ?");
  ConferDocumentRecord *record = NULL;

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = document_from_row (stmt);
  sqlite3_reset (stmt);
  return record;
}

/**
 * confer_server_store_list_ops_since:
 * @self: a store
 * @doc: a document id
 * @revision: a revision
 *
 * Returns: (transfer full) (element-type ConferStoredOp): the operations
 *   that produced the revisions after @revision, in order
 */
GPtrArray *
confer_server_store_list_ops_since (ConferServerStore *self,
                                    const char        *doc,
                                    guint64            revision)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT revision, op, author, txn FROM ops WHERE doc = ?1 AND revision > ?2 "
    "UNION ALL SELECT revision, op, author, txn FROM journal WHERE doc = ?1 AND revision > ?2 "
    "ORDER BY revision");
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_stored_op_free);

  confer_database_bind_text (stmt, 1, doc);
  sqlite3_bind_int64 (stmt, 2, revision);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ConferStoredOp *op = g_new0 (ConferStoredOp, 1);

      op->revision = sqlite3_column_int64 (stmt, 0);
      op->op_json = confer_database_column_text (stmt, 1);
      op->author = confer_database_column_text (stmt, 2);
      op->txn = confer_database_column_text (stmt, 3);
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);
  return ops;
}

/**
 * confer_server_store_list_txns:
 * @self: a store
 * @doc: a document id
 *
 * Returns: (transfer full) (element-type utf8 guint64): every committed
 *   transaction of the document, keyed by author, a U+001F separator and
 *   txn, to the revision it produced (stored in a pointer)
 */
GHashTable *
confer_server_store_list_txns (ConferServerStore *self,
                               const char        *doc)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT author, txn, revision FROM ops WHERE doc = ?1 "
    "UNION ALL SELECT author, txn, revision FROM journal WHERE doc = ?1");
  GHashTable *txns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  confer_database_bind_text (stmt, 1, doc);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (txns,
                         g_strconcat ((const char *) sqlite3_column_text (stmt, 0), "\x1f",
                                      (const char *) sqlite3_column_text (stmt, 1), NULL),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 2)));
  sqlite3_reset (stmt);
  return txns;
}

/**
 * confer_server_store_load_document:
 * @self: a store
 * @id: a document id
 * @snapshot: (out) (transfer full): the text at @snapshot_revision
 * @snapshot_revision: (out): the revision of the latest snapshot
 * @ops: (out) (transfer full) (element-type ConferStoredOp): the operations
 *   after the snapshot, in order
 * @error: return location for a #GError
 *
 * Loads what rebuilding a document's head needs: the latest snapshot and
 * the operations committed after it.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE if
 *   there is no such document
 */
gboolean
confer_server_store_load_document (ConferServerStore  *self,
                                   const char         *id,
                                   char              **snapshot,
                                   guint64            *snapshot_revision,
                                   GPtrArray         **ops,
                                   GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "SELECT 1 FROM documents WHERE id = ?");
  gboolean exists;

  confer_database_bind_text (stmt, 1, id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!exists)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_STORAGE,
                   "The document %s is not in the store", id);
      return FALSE;
    }

  stmt = confer_database_statement (self->db, "SELECT text, revision FROM snapshots WHERE doc = ?");
  confer_database_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *snapshot = confer_database_column_text (stmt, 0);
      *snapshot_revision = sqlite3_column_int64 (stmt, 1);
    }
  else
    {
      *snapshot = g_strdup ("");
      *snapshot_revision = 0;
    }
  sqlite3_reset (stmt);
  *ops = confer_server_store_list_ops_since (self, id, *snapshot_revision);
  return TRUE;
}

/**
 * confer_server_store_append_op:
 * @self: a store
 * @doc: a document id
 * @op: the committed operation (its revision must be the next one)
 * @error: return location for a #GError
 *
 * Appends an operation to the document's log. A txn is applied once
 * because the server checks its in-memory map of the document's txns
 * (confer_server_store_list_txns()) before applying; the store does not
 * index txns, which would cost a B-tree insert per operation.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_append_op (ConferServerStore     *self,
                               const char            *doc,
                               const ConferStoredOp  *op,
                               GError               **error)
{
  sqlite3_stmt *insert = confer_database_statement (self->db,
    "INSERT INTO journal (doc, revision, op, author, txn) VALUES (?, ?, ?, ?, ?)");

  confer_database_bind_text (insert, 1, doc);
  sqlite3_bind_int64 (insert, 2, op->revision);
  confer_database_bind_text (insert, 3, op->op_json);
  confer_database_bind_text (insert, 4, op->author);
  confer_database_bind_text (insert, 5, op->txn);
  if (!confer_database_step_done (self->db, insert, error, "append the operation"))
    return FALSE;
  self->journal_rows++;
  return TRUE;
}

/**
 * confer_server_store_compact:
 * @self: a store, inside a transaction
 * @error: return location for a #GError
 *
 * Moves the journal's oldest chunk (4,096 rows) into the per-document
 * operation table, keeping the newest 1,024 in the journal; a few
 * milliseconds of work, which the server does when it is quiet.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_compact (ConferServerStore  *self,
                             GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 cut = -1;

  if (self->journal_rows <= JOURNAL_KEEP_ROWS)
    return TRUE;

  stmt = confer_database_statement (self->db, "SELECT seq FROM journal ORDER BY seq LIMIT 1 OFFSET ?");
  sqlite3_bind_int64 (stmt, 1, MIN (JOURNAL_CHUNK_ROWS, self->journal_rows - JOURNAL_KEEP_ROWS) - 1);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cut = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (cut < 0)
    return TRUE;

  stmt = confer_database_statement (self->db,
    "INSERT INTO ops (doc, revision, op, author, txn) "
    "SELECT doc, revision, op, author, txn FROM journal WHERE seq <= ? ORDER BY doc, revision");
  sqlite3_bind_int64 (stmt, 1, cut);
  if (!confer_database_step_done (self->db, stmt, error, "compact the journal"))
    return FALSE;
  stmt = confer_database_statement (self->db, "DELETE FROM journal WHERE seq <= ?");
  sqlite3_bind_int64 (stmt, 1, cut);
  if (!confer_database_step_done (self->db, stmt, error, "compact the journal"))
    return FALSE;
  self->journal_rows -= sqlite3_changes (confer_database_get_handle (self->db));
  return TRUE;
}

/**
 * confer_server_store_get_journal_rows:
 * @self: a store
 *
 * Returns: how many operations wait in the journal to be compacted
 */
gint64
confer_server_store_get_journal_rows (ConferServerStore *self)
{
  return self->journal_rows;
}

/**
 * confer_server_store_save_snapshot:
 * @self: a store
 * @doc: a document id
 * @revision: the revision of @text
 * @text: the document's text at @revision
 * @error: return location for a #GError
 *
 * Stores a snapshot, which bounds how many operations a load replays.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_save_snapshot (ConferServerStore  *self,
                                   const char         *doc,
                                   guint64             revision,
                                   const char         *text,
                                   GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR REPLACE INTO snapshots (doc, revision, text) VALUES (?, ?, ?)");

  confer_database_bind_text (stmt, 1, doc);
  sqlite3_bind_int64 (stmt, 2, revision);
  confer_database_bind_text (stmt, 3, text);
  return confer_database_step_done (self->db, stmt, error, "save the snapshot");
}

/**
 * confer_participant_record_free:
 * @record: (transfer full): a record
 */
void
confer_participant_record_free (ConferParticipantRecord *record)
{
  g_free (record->id);
  g_free (record->name);
  g_free (record->colour);
  g_free (record);
}

/**
 * confer_invite_record_free:
 * @record: (transfer full): a record
 */
void
confer_invite_record_free (ConferInviteRecord *record)
{
  g_free (record->id);
  g_free (record);
}

/**
 * confer_document_record_free:
 * @record: (transfer full): a record
 */
void
confer_document_record_free (ConferDocumentRecord *record)
{
  g_free (record->id);
  g_free (record->title);
  g_free (record->deleted_by);
  g_free (record);
}

/**
 * confer_stored_op_free:
 * @op: (transfer full): a stored operation
 */
void
confer_stored_op_free (ConferStoredOp *op)
{
  g_free (op->op_json);
  g_free (op->author);
  g_free (op->txn);
  g_free (op);
}
