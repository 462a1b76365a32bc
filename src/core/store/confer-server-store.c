/* confer-server-store.c: conferd's SQLite store: opening it, its schema
 * migrations, transactions, sessions and participants; each other table
 * family has a file of its own (confer-server-store-*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One database file holds every session served from a data directory. It
 * runs in WAL mode with synchronous=NORMAL: a commit reaches the WAL file
 * before conferd acknowledges anything, so a crash of the process (kill -9)
 * loses nothing acknowledged; a power loss or kernel crash can lose the
 * transactions committed since the last WAL sync (SQLite syncs the WAL at
 * each checkpoint, by default every 1000 pages). See docs/architecture.md.
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-server-store-private.h"

G_DEFINE_FINAL_TYPE (ConferServerStore, confer_server_store, G_TYPE_OBJECT)

/* Version 1: sessions, participants, invites, documents and their
 * operations. 2: when each document was last edited, and who deleted it
 * when (`deleted` turns from a flag into Unix seconds). 3: items of more
 * than one kind (`documents.kind`, text or board) and boards: each one's
 * sequence number and current elements; a board's transactions go into
 * `journal` and `ops` as a text document's operations do; blobs, and the
 * sessions they were uploaded in. 4: chat: each session's chat events
 * (sequence number, what they did to which message, who, with which
 * txn), its messages as they are now, the earlier texts of edited ones,
 * each participant's last read sequence number, and a full-text index
 * over the messages' texts (FTS5's unicode61 tokenizer, diacritics
 * removed; see confer-server-store-chat.c). 5: what a voice message
 * says of itself (`chat_messages.voice`: its duration and waveform, JSON). */
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

  "ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'text';"
  "CREATE TABLE boards ("
  "  board TEXT PRIMARY KEY REFERENCES documents(id), seq INTEGER NOT NULL);"
  "CREATE TABLE board_elements ("
  "  board TEXT NOT NULL REFERENCES documents(id), id TEXT NOT NULL, element TEXT NOT NULL,"
  "  PRIMARY KEY (board, id)) WITHOUT ROWID;"
  "CREATE TABLE blobs ("
  "  name TEXT PRIMARY KEY, type TEXT NOT NULL, size INTEGER NOT NULL, created INTEGER NOT NULL);"
  "CREATE TABLE blob_sessions ("
  "  blob TEXT NOT NULL REFERENCES blobs(name), session TEXT NOT NULL REFERENCES sessions(id),"
  "  PRIMARY KEY (blob, session)) WITHOUT ROWID;",

  "CREATE TABLE chat_events ("
  "  session TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL, kind TEXT NOT NULL,"
  "  message TEXT NOT NULL, author TEXT NOT NULL, txn TEXT NOT NULL, time INTEGER NOT NULL,"
  "  PRIMARY KEY (session, seq)) WITHOUT ROWID;"
  "CREATE UNIQUE INDEX chat_events_txn ON chat_events (session, author, txn);"
  "CREATE TABLE chat_messages ("
  "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, session TEXT NOT NULL REFERENCES sessions(id),"
  "  seq INTEGER NOT NULL, author TEXT NOT NULL, time INTEGER NOT NULL, text TEXT NOT NULL,"
  "  reply_to TEXT, attachments TEXT, reactions TEXT,"
  "  edited INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX chat_messages_seq ON chat_messages (session, seq);"
  "CREATE TABLE chat_versions ("
  "  message TEXT NOT NULL REFERENCES chat_messages(id), version INTEGER NOT NULL,"
  "  text TEXT NOT NULL, time INTEGER NOT NULL,"
  "  PRIMARY KEY (message, version)) WITHOUT ROWID;"
  "CREATE TABLE chat_reads ("
  "  session TEXT NOT NULL REFERENCES sessions(id), participant TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  PRIMARY KEY (session, participant)) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE chat_search USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');",

  "ALTER TABLE chat_messages ADD COLUMN voice TEXT;",
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

