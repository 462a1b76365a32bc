/* confer-server-store-items.c: the documents table: a session's items, their titles, when they were
 * edited and deleted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-server-store-private.h"

/**
 * confer_server_store_add_document:
 * @self: a store
 * @session: the session id
 * @id: the new document's id
 * @kind: what it is: `text` or `board`
 * @title: its title
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_add_document (ConferServerStore  *self,
                                  const char         *session,
                                  const char         *id,
                                  const char         *kind,
                                  const char         *title,
                                  GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT INTO documents (id, session, title, created, edited, kind) VALUES (?, ?, ?, ?, ?, ?)");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  confer_database_bind_text (stmt, 1, id);
  confer_database_bind_text (stmt, 2, session);
  confer_database_bind_text (stmt, 3, title);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  confer_database_bind_text (stmt, 6, kind);
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
  record->kind = confer_database_column_text (stmt, 5);
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
        "SELECT id, title, edited, deleted, deleted_by, kind FROM documents WHERE session = ? AND deleted = 0 "
        "ORDER BY created, rowid")
    : confer_database_statement (self->db,
        "SELECT id, title, edited, deleted, deleted_by, kind FROM documents WHERE session = ? AND deleted >= ? "
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
    "SELECT id, title, edited, deleted, deleted_by, kind FROM documents WHERE session = ? AND id = ?");
  ConferDocumentRecord *record = NULL;

  confer_database_bind_text (stmt, 1, session);
  confer_database_bind_text (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = document_from_row (stmt);
  sqlite3_reset (stmt);
  return record;
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
  g_free (record->kind);
  g_free (record);
}
