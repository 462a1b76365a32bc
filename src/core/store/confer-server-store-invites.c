/* confer-server-store-invites.c: the invites table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-server-store"

#include "config.h"

#include "confer-core-error.h"
#include "confer-server-store-private.h"

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
 * confer_invite_record_free:
 * @record: (transfer full): a record
 */
void
confer_invite_record_free (ConferInviteRecord *record)
{
  g_free (record->id);
  g_free (record);
}
