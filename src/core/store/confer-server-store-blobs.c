/* confer-server-store-blobs.c: blobs (their bytes are files in the data
 * directory) and the sessions they were uploaded in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-server-store-private.h"

/**
 * confer_server_store_add_blob:
 * @self: a store, not in a transaction
 * @name: the blob's SHA-256 in lower-case hex
 * @type: its media type
 * @size: its size in bytes
 * @session: the session it was uploaded in
 * @error: return location for a #GError
 *
 * Records a blob whose file is in place, and that @session may read it.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_blob (ConferServerStore  *self,
                              const char         *name,
                              const char         *type,
                              gsize               size,
                              const char         *session,
                              GError            **error)
{
  sqlite3_stmt *stmt;

  if (!confer_server_store_begin (self, error))
    return FALSE;
  stmt = confer_database_statement (self->db,
    "INSERT OR IGNORE INTO blobs (name, type, size, created) VALUES (?, ?, ?, ?)");
  confer_database_bind_text (stmt, 1, name);
  confer_database_bind_text (stmt, 2, type);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!confer_database_step_done (self->db, stmt, error, "record the blob"))
    goto failed;
  stmt = confer_database_statement (self->db, "INSERT OR IGNORE INTO blob_sessions (blob, session) VALUES (?, ?)");
  confer_database_bind_text (stmt, 1, name);
  confer_database_bind_text (stmt, 2, session);
  if (!confer_database_step_done (self->db, stmt, error, "record the blob's session") ||
      !confer_server_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  confer_server_store_rollback (self);
  return FALSE;
}

/**
 * confer_server_store_find_blob:
 * @self: a store
 * @name: a blob's name
 * @session: a session id
 *
 * Returns: (transfer full) (nullable): the blob's media type if it was
 *   uploaded in @session, %NULL otherwise (whether or not another session
 *   has it)
 */
char *
confer_server_store_find_blob (ConferServerStore *self,
                               const char        *name,
                               const char        *session)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "SELECT type FROM blobs JOIN blob_sessions ON blob_sessions.blob = blobs.name "
    "WHERE blobs.name = ? AND blob_sessions.session = ?");
  char *type = NULL;

  confer_database_bind_text (stmt, 1, name);
  confer_database_bind_text (stmt, 2, session);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    type = confer_database_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return type;
}
