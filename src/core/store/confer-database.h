/* confer-database.h: an SQLite database file with cached statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _ConferDatabase ConferDatabase;

ConferDatabase *confer_database_open        (const char        *path,
                                             const char *const *migrations,
                                             GError           **error);
void            confer_database_free        (ConferDatabase  *self);
sqlite3        *confer_database_get_handle  (ConferDatabase  *self);
gboolean        confer_database_exec        (ConferDatabase  *self,
                                             const char      *sql,
                                             GError         **error);
sqlite3_stmt   *confer_database_statement   (ConferDatabase  *self,
                                             const char      *sql);
gboolean        confer_database_step_done   (ConferDatabase  *self,
                                             sqlite3_stmt    *stmt,
                                             GError         **error,
                                             const char      *doing);
gboolean        confer_database_error       (ConferDatabase  *self,
                                             GError         **error,
                                             const char      *doing);
void            confer_database_rollback    (ConferDatabase  *self);
void            confer_database_bind_text   (sqlite3_stmt    *stmt,
                                             int              index,
                                             const char      *text);
char           *confer_database_column_text (sqlite3_stmt    *stmt,
                                             int              index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferDatabase, confer_database_free)

G_END_DECLS
