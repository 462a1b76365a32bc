/* confer-server-store-boards.c: boards' current elements and sequence
 * numbers (their transactions are in `journal` and `ops`, see
 * confer-server-store-text.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-server-store-private.h"

/**
 * confer_server_store_load_board:
 * @self: a store
 * @board: a board's id
 * @elements: (out) (transfer full) (element-type utf8): its elements, each
 *   as JSON text (tombstones too), in no order
 * @seq: (out): the sequence number of the last transaction they include
 *
 * Reads a board as the last commit left it; a board never written is
 * empty at sequence number 0.
 */
void
confer_server_store_load_board (ConferServerStore  *self,
                                const char         *board,
                                GPtrArray         **elements,
                                guint64            *seq)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db, "SELECT seq FROM boards WHERE board = ?");

  *seq = 0;
  confer_database_bind_text (stmt, 1, board);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  *elements = g_ptr_array_new_with_free_func (g_free);
  stmt = confer_database_statement (self->db, "SELECT element FROM board_elements WHERE board = ?");
  confer_database_bind_text (stmt, 1, board);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (*elements, confer_database_column_text (stmt, 0));
  sqlite3_reset (stmt);
}

/**
 * confer_server_store_save_board_element:
 * @self: a store, in a transaction
 * @board: a board's id
 * @id: an element's id
 * @element_json: the element as it is now, as JSON text
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_save_board_element (ConferServerStore  *self,
                                        const char         *board,
                                        const char         *id,
                                        const char         *element_json,
                                        GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR REPLACE INTO board_elements (board, id, element) VALUES (?, ?, ?)");

  confer_database_bind_text (stmt, 1, board);
  confer_database_bind_text (stmt, 2, id);
  confer_database_bind_text (stmt, 3, element_json);
  return confer_database_step_done (self->db, stmt, error, "store the board's element");
}

/**
 * confer_server_store_set_board_seq:
 * @self: a store, in a transaction
 * @board: a board's id
 * @seq: the sequence number its stored elements are at
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_STORAGE
 */
gboolean
confer_server_store_set_board_seq (ConferServerStore  *self,
                                   const char         *board,
                                   guint64             seq,
                                   GError            **error)
{
  sqlite3_stmt *stmt = confer_database_statement (self->db,
    "INSERT OR REPLACE INTO boards (board, seq) VALUES (?, ?)");

  confer_database_bind_text (stmt, 1, board);
  sqlite3_bind_int64 (stmt, 2, seq);
  return confer_database_step_done (self->db, stmt, error, "store the board's sequence number");
}
