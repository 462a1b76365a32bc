/* confer-database.c: an SQLite database file with cached statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What conferd's store and the app's client cache share: opening a file in
 * WAL mode with synchronous=NORMAL, creating or checking its schema (kept
 * in `PRAGMA user_version`), and preparing each SQL string once.
 */
#define G_LOG_DOMAIN "confer-database"

#include "config.h"

#include "confer-core-error.h"
#include "confer-database.h"

struct _ConferDatabase
{
  sqlite3    *db;
  GHashTable *statements;   /* SQL text (static) -> sqlite3_stmt */
};

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/**
 * confer_database_error:
 * @self: a database
 * @error: return location for a #GError
 * @doing: what failed, as "open the database"
 *
 * Sets %CONFER_CORE_ERROR_STORAGE with SQLite's message for the last call.
 *
 * Returns: %FALSE, always
 */
gboolean
confer_database_error (ConferDatabase  *self,
                       GError         **error,
                       const char      *doing)
{
  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_STORAGE,
               "Could not %s: %s", doing, sqlite3_errmsg (self->db));
  return FALSE;
}

/**
 * confer_database_exec:
 * @self: a database
 * @sql: one or more statements that return no rows
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_database_exec (ConferDatabase  *self,
                      const char      *sql,
                      GError         **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_STORAGE,
                   "Storage failed: %s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/**
 * confer_database_statement:
 * @self: a database
 * @sql: one statement, a string literal (its address is the cache key)
 *
 * Prepares @sql on first use; a statement that does not compile is a
 * programming error and aborts.
 *
 * Returns: (transfer none): the statement, reset and unbound
 */
sqlite3_stmt *
confer_database_statement (ConferDatabase *self,
                           const char     *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        g_error ("Bad SQL %s: %s", sql, sqlite3_errmsg (self->db));
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

/**
 * confer_database_step_done:
 * @self: a database
 * @stmt: a bound statement that returns no rows
 * @error: return location for a #GError
 * @doing: what it does, for the error message
 *
 * Runs @stmt once and resets it.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_database_step_done (ConferDatabase  *self,
                           sqlite3_stmt    *stmt,
                           GError         **error,
                           const char      *doing)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return confer_database_error (self, error, doing);
  return TRUE;
}

/**
 * confer_database_rollback:
 * @self: a database
 *
 * Abandons the open transaction, if any.
 */
void
confer_database_rollback (ConferDatabase *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * confer_database_bind_text:
 * @stmt: a statement
 * @index: the parameter, from 1
 * @text: (nullable): UTF-8 text that outlives the statement's next step
 *
 * Binds @text without copying it (%NULL binds SQL NULL).
 */
void
confer_database_bind_text (sqlite3_stmt *stmt,
                           int           index,
                           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/**
 * confer_database_column_text:
 * @stmt: a statement on a row
 * @index: the column, from 0
 *
 * Returns: (transfer full) (nullable): a copy of the column's text
 */
char *
confer_database_column_text (sqlite3_stmt *stmt,
                             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

/**
 * confer_database_get_handle:
 * @self: a database
 *
 * Returns: (transfer none): the SQLite connection
 */
sqlite3 *
confer_database_get_handle (ConferDatabase *self)
{
  return self->db;
}

/**
 * confer_database_open:
 * @path: the database file; created if missing
 * @migrations: (array zero-terminated=1): the SQL that takes the schema
 *   from version N to N + 1, for each N from 0: the first creates it, each
 *   later one changes it; never edit one that has shipped, add another
 * @error: return location for a #GError
 *
 * Opens @path in WAL mode with synchronous=NORMAL (a commit survives a
 * crash of the process; a power loss can lose the last commits, see
 * docs/architecture.md), foreign keys on and a 5 s busy timeout, and
 * brings the schema up to date: the file's `user_version` says which
 * migrations it has had, and the others run in order, each in a
 * transaction with the new version.
 *
 * Returns: (transfer full) (nullable): the database, or %NULL with
 *   %CONFER_CORE_ERROR_STORAGE set, also when the file has a newer schema
 *   than @migrations know
 */
ConferDatabase *
confer_database_open (const char         *path,
                      const char *const  *migrations,
                      GError            **error)
{
  g_autoptr(ConferDatabase) self = g_new0 (ConferDatabase, 1);
  sqlite3_stmt *stmt;
  int version = 0;
  int latest = g_strv_length ((char **) migrations);

  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, statement_free);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      confer_database_error (self, error, "open the database");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (!confer_database_exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                   "PRAGMA foreign_keys=ON;", error))
    return NULL;

  stmt = confer_database_statement (self, "PRAGMA user_version");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (version > latest)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_STORAGE,
                   "The database %s has schema version %d; this version of Confer knows up to %d",
                   path, version, latest);
      return NULL;
    }
  for (; version < latest; version++)
    {
      g_autofree char *migrate = g_strdup_printf ("BEGIN; %s PRAGMA user_version=%d; COMMIT;",
                                                  migrations[version], version + 1);

      if (!confer_database_exec (self, migrate, error))
        {
          confer_database_rollback (self);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

/**
 * confer_database_free:
 * @self: (transfer full): a database
 *
 * Finalizes its statements and closes it.
 */
void
confer_database_free (ConferDatabase *self)
{
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self);
}
