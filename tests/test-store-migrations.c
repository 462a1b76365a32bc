/* test-store-migrations.c: a server store made by the previous version of
 * the schema opens, migrated, with its data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confer-core.h"

/* What version 1 of the server store held: its schema, as shipped, and a
 * session with a document and a deleted one. */
static const char version_1[] =
  "CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, created INTEGER NOT NULL);"
  "CREATE TABLE participants (id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id),"
  "  name TEXT NOT NULL, colour TEXT NOT NULL, role TEXT NOT NULL,"
  "  token_hash TEXT NOT NULL UNIQUE, created INTEGER NOT NULL);"
  "CREATE TABLE invites (id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id),"
  "  token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, expires INTEGER NOT NULL,"
  "  max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0,"
  "  revoked INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
  "CREATE TABLE documents (id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id),"
  "  title TEXT NOT NULL, created INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE snapshots (doc TEXT PRIMARY KEY REFERENCES documents(id), revision INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE TABLE journal (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL, revision INTEGER NOT NULL,"
  "  op TEXT NOT NULL, author TEXT NOT NULL, txn TEXT NOT NULL);"
  "CREATE TABLE ops (doc TEXT NOT NULL REFERENCES documents(id), revision INTEGER NOT NULL,"
  "  op TEXT NOT NULL, author TEXT NOT NULL, txn TEXT NOT NULL,"
  "  PRIMARY KEY (doc, revision)) WITHOUT ROWID;"
  "INSERT INTO sessions VALUES ('SessionAAAAAAAAA', 'Old session', 1700000000);"
  "INSERT INTO documents VALUES ('DocumentAAAAAAAA', 'SessionAAAAAAAAA', 'Kept', 1700000100, 0);"
  "INSERT INTO documents VALUES ('DocumentBBBBBBBB', 'SessionAAAAAAAAA', 'Binned', 1700000200, 1);"
  "INSERT INTO journal VALUES (1, 'DocumentAAAAAAAA', 1, '[\"hello\"]', 'ParticipantAAAAA', 't1');"
  "PRAGMA user_version = 1;";

static void
test_from_version_1 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("confer-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "conferd.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferServerStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  g_autoptr(ConferDocumentRecord) binned = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  guint64 snapshot_revision = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, version_1, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = confer_server_store_open (path, &error);
  g_assert_no_error (error);
  /* The document is there, edited when it was made; the one deleted under
   * version 1 is restorable from the migration on. */
  docs = confer_server_store_list_documents (store, "SessionAAAAAAAAA", 0);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_cmpstr (((ConferDocumentRecord *) docs->pdata[0])->title, ==, "Kept");
  g_assert_cmpint (((ConferDocumentRecord *) docs->pdata[0])->edited, ==, 1700000100);
  deleted = confer_server_store_list_documents (store, "SessionAAAAAAAAA", now - 60);
  g_assert_cmpuint (deleted->len, ==, 1);
  binned = confer_server_store_find_document (store, "SessionAAAAAAAAA", "DocumentBBBBBBBB");
  g_assert_nonnull (binned);
  g_assert_cmpint (binned->deleted, >=, now - 60);
  /* Its operations are still read. */
  g_assert_true (confer_server_store_load_document (store, "DocumentAAAAAAAA", &snapshot, &snapshot_revision, &ops, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);

  /* Opened again: nothing runs twice. */
  g_clear_object (&store);
  store = confer_server_store_open (path, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/migrations/from-version-1", test_from_version_1);
  return g_test_run ();
}
