/* confer-server-store-text.c: operations and snapshots of text documents
 *
 * Committed operations are first appended to `journal`, a table in commit
 * order whose inserts all land on its last page, so a group commit writes a
 * page or two however many documents it touches. When the server is
 * quiet (or the journal has grown very long), the oldest rows move, a chunk
 * at a time and sorted by document, into `ops`, keyed by (document,
 * revision), where each document's history lies on pages of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-server-store-private.h"

/* The journal's oldest rows move into `ops` JOURNAL_CHUNK_ROWS at a time
 * (a few ms of work), down to JOURNAL_KEEP_ROWS. */
#define JOURNAL_KEEP_ROWS  1024
#define JOURNAL_CHUNK_ROWS 4096

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
