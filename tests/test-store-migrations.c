/* test-store-migrations.c: server stores made by earlier versions of the
 * schema open, migrated, with their data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confer-core.h"

/* What version 2 added to it: when documents were edited, who deleted
 * them (and `deleted` as a time). */
static const char version_2_changes[] =
  "ALTER TABLE documents ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE documents ADD COLUMN deleted_by TEXT;"
  "UPDATE documents SET edited = created;"
  "UPDATE documents SET deleted = 1700000300 WHERE deleted = 1;"
  "PRAGMA user_version = 2;";

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

/* Version 3's additions work on a migrated store: every old document is
 * text, boards and blobs are stored and read back. */
static void
check_version_3 (ConferServerStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferDocumentRecord) kept = confer_server_store_find_document (store, "SessionAAAAAAAAA", "DocumentAAAAAAAA");
  g_autoptr(GPtrArray) elements = NULL;
  g_autofree char *type = NULL;
  guint64 seq = 99;

  g_assert_cmpstr (kept->kind, ==, "text");
  g_assert_true (confer_server_store_add_document (store, "SessionAAAAAAAAA", "BoardAAAAAAAAAAA", "board", "Plan", &error));
  g_assert_no_error (error);
  confer_server_store_load_board (store, "BoardAAAAAAAAAAA", &elements, &seq);
  g_assert_cmpuint (elements->len, ==, 0);
  g_assert_cmpuint (seq, ==, 0);
  g_clear_pointer (&elements, g_ptr_array_unref);
  g_assert_true (confer_server_store_begin (store, &error) &&
                 confer_server_store_save_board_element (store, "BoardAAAAAAAAAAA", "r1", "{\"id\":\"r1\"}", &error) &&
                 confer_server_store_set_board_seq (store, "BoardAAAAAAAAAAA", 1, &error) &&
                 confer_server_store_commit (store, &error));
  g_assert_no_error (error);
  confer_server_store_load_board (store, "BoardAAAAAAAAAAA", &elements, &seq);
  g_assert_cmpuint (elements->len, ==, 1);
  g_assert_cmpuint (seq, ==, 1);
  g_assert_true (confer_server_store_add_blob (store, "0000000000000000000000000000000000000000000000000000000000000000",
                                               "image/png", 8, "SessionAAAAAAAAA", &error));
  g_assert_no_error (error);
  type = confer_server_store_find_blob (store, "0000000000000000000000000000000000000000000000000000000000000000",
                                        "SessionAAAAAAAAA");
  g_assert_cmpstr (type, ==, "image/png");
}

static void
add_chat_event (ConferServerStore   *store,
                guint64              seq,
                ConferChatEventKind  kind,
                ConferChatRecord    *message,
                const char          *old_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *txn = g_strdup_printf ("t%" G_GUINT64_FORMAT, seq);

  g_assert_true (confer_server_store_begin (store, &error) &&
                 confer_server_store_add_chat_event (store, "SessionAAAAAAAAA", seq, kind, message->author, txn,
                                                     message, old_text, &error) &&
                 confer_server_store_commit (store, &error));
  g_assert_no_error (error);
}

static guint
count_search (ConferServerStore *store,
              const char        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = confer_server_store_search_chat (store, "SessionAAAAAAAAA", query, 50, &error);

  g_assert_no_error (error);
  return found->len;
}

/* Version 4's chat: events in order, a message edited (its earlier text
 * kept) and deleted (its texts gone, from search too), txns found again,
 * search through accents, case and CJK words, read receipts. */
static void
check_version_4 (ConferServerStore *store)
{
  ConferChatRecord message = { .id = (char *) "MessageAAAAAAAAA", .seq = 1, .author = (char *) "ParticipantAAAAA",
                               .time = 1700000400000, .text = (char *) "Le café de **Zoë** ouvre à 9 h" };
  ConferChatRecord other = { .id = (char *) "MessageBBBBBBBBB", .seq = 2, .author = (char *) "ParticipantAAAAA",
                             .time = 1700000401000, .text = (char *) "明日の会議は東京で。" };
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GHashTable) reads = NULL;
  g_autoptr(ConferChatRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = NULL;
  gboolean more = TRUE;
  guint64 seq = 0;

  g_assert_cmpuint (confer_server_store_get_chat_seq (store, "SessionAAAAAAAAA"), ==, 0);
  add_chat_event (store, 1, CONFER_CHAT_EVENT_MESSAGE, &message, NULL);
  add_chat_event (store, 2, CONFER_CHAT_EVENT_MESSAGE, &other, NULL);
  g_assert_cmpuint (count_search (store, "CAFE zoe"), ==, 1);
  g_assert_cmpuint (count_search (store, "東京"), ==, 1);
  g_assert_cmpuint (count_search (store, "会議"), ==, 1);
  g_assert_cmpuint (count_search (store, "京東"), ==, 0);
  /* What FTS5 would read as syntax is only words (quotes are punctuation). */
  g_assert_cmpuint (count_search (store, "café AND \"NEAR( ^zoë* :"), ==, 0);
  g_assert_cmpuint (count_search (store, "\"zoë\""), ==, 1);
  g_assert_null (confer_server_store_search_chat (store, "SessionAAAAAAAAA", "  ", 50, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
  g_clear_error (&error);

  message.text = (char *) "Le thé de Zoë";
  message.edited = TRUE;
  add_chat_event (store, 3, CONFER_CHAT_EVENT_EDIT, &message, "Le café de **Zoë** ouvre à 9 h");
  g_assert_cmpuint (count_search (store, "cafe"), ==, 0);
  g_assert_cmpuint (count_search (store, "the"), ==, 1);
  versions = confer_server_store_list_chat_versions (store, "MessageAAAAAAAAA");
  g_assert_cmpuint (versions->len, ==, 1);
  g_assert_cmpstr (versions->pdata[0], ==, "Le café de **Zoë** ouvre à 9 h");
  g_clear_pointer (&versions, g_ptr_array_unref);

  message.text = (char *) "";
  message.deleted = TRUE;
  add_chat_event (store, 4, CONFER_CHAT_EVENT_DELETE, &message, NULL);
  g_assert_cmpuint (count_search (store, "the"), ==, 0);
  versions = confer_server_store_list_chat_versions (store, "MessageAAAAAAAAA");
  g_assert_cmpuint (versions->len, ==, 0);

  g_assert_cmpuint (confer_server_store_get_chat_seq (store, "SessionAAAAAAAAA"), ==, 4);
  g_assert_true (confer_server_store_find_chat_txn (store, "SessionAAAAAAAAA", "ParticipantAAAAA", "t3", &seq, &message_id));
  g_assert_cmpuint (seq, ==, 3);
  g_assert_cmpstr (message_id, ==, "MessageAAAAAAAAA");
  found = confer_server_store_find_chat_message (store, "SessionAAAAAAAAA", "MessageAAAAAAAAA");
  g_assert_true (found->deleted);
  g_assert_cmpstr (found->text, ==, "");
  g_assert_null (confer_server_store_find_chat_message (store, "SessionBBBBBBBBB", "MessageAAAAAAAAA"));

  page = confer_server_store_list_chat_messages (store, "SessionAAAAAAAAA", G_MAXUINT64, 1, &more);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_true (more);
  g_assert_cmpstr (((ConferChatRecord *) page->pdata[0])->id, ==, "MessageBBBBBBBBB");
  g_clear_pointer (&page, g_ptr_array_unref);
  page = confer_server_store_list_chat_messages (store, "SessionAAAAAAAAA", 2, 10, &more);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_false (more);
  events = confer_server_store_list_chat_events (store, "SessionAAAAAAAAA", 1, 10);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (((ConferChatEventRecord *) events->pdata[2])->kind, ==, CONFER_CHAT_EVENT_DELETE);
  g_assert_true (((ConferChatEventRecord *) events->pdata[1])->message->deleted);

  g_assert_true (confer_server_store_begin (store, &error) &&
                 confer_server_store_set_chat_read (store, "SessionAAAAAAAAA", "ParticipantAAAAA", 4, &error) &&
                 confer_server_store_set_chat_read (store, "SessionAAAAAAAAA", "ParticipantAAAAA", 2, &error) &&
                 confer_server_store_commit (store, &error));
  g_assert_no_error (error);
  reads = confer_server_store_list_chat_reads (store, "SessionAAAAAAAAA");
  g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (reads, "ParticipantAAAAA")), ==, 4);
}

/* Version 5: a voice message's duration and waveform are kept with it,
 * and go when it is deleted. */
static void
check_version_5 (ConferServerStore *store)
{
  static const guint8 peaks[] = { 0, 128, 255 };
  g_autoptr(GBytes) waveform = g_bytes_new_static (peaks, sizeof peaks);
  ConferChatRecord message = { .id = (char *) "MessageCCCCCCCCC", .seq = 5, .author = (char *) "ParticipantAAAAA",
                               .time = 1700000402000, .text = (char *) "Voice message (2.31 s)",
                               .voice = confer_chat_voice_to_json (2310, waveform) };
  g_autoptr(ConferChatRecord) found = NULL;
  g_autoptr(GBytes) read = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  guint duration_ms = 0;

  add_chat_event (store, 5, CONFER_CHAT_EVENT_MESSAGE, &message, NULL);
  found = confer_server_store_find_chat_message (store, "SessionAAAAAAAAA", "MessageCCCCCCCCC");
  g_assert_nonnull (found->voice);
  json_node_set_object (node, found->voice);
  g_assert_true (confer_chat_read_voice (node, &duration_ms, &read, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (duration_ms, ==, 2310);
  g_assert_true (g_bytes_equal (read, waveform));
  g_clear_pointer (&found, confer_chat_record_free);

  g_clear_pointer (&message.voice, json_object_unref);
  message.text = (char *) "";
  message.deleted = TRUE;
  add_chat_event (store, 6, CONFER_CHAT_EVENT_DELETE, &message, NULL);
  found = confer_server_store_find_chat_message (store, "SessionAAAAAAAAA", "MessageCCCCCCCCC");
  g_assert_null (found->voice);
}

static void
remove_store (const char *dir,
              const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static void
test_from_version_2 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("confer-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "conferd.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferServerStore) store = NULL;
  g_autoptr(ConferDocumentRecord) binned = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, version_1, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, version_2_changes, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = confer_server_store_open (path, &error);
  g_assert_no_error (error);
  binned = confer_server_store_find_document (store, "SessionAAAAAAAAA", "DocumentBBBBBBBB");
  g_assert_cmpint (binned->deleted, ==, 1700000300);
  g_assert_cmpstr (binned->kind, ==, "text");
  check_version_3 (store);
  check_version_4 (store);
  check_version_5 (store);
  g_clear_object (&store);
  remove_store (dir, path);
}

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

  check_version_3 (store);
  check_version_4 (store);
  check_version_5 (store);

  /* Opened again: nothing runs twice. */
  g_clear_object (&store);
  store = confer_server_store_open (path, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  remove_store (dir, path);
}

/* The ids @sql lists (its first column), in order; @sql takes the
 * session as ?1 and the FTS5 query as ?2. */
static GPtrArray *
ids_of (sqlite3    *db,
        const char *sql,
        const char *session,
        const char *match)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, session, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return ids;
}

static void
assert_same_ids (GPtrArray *found,
                 GPtrArray *expected)
{
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (((ConferChatRecord *) found->pdata[i])->id, ==, expected->pdata[i]);
}

/* Search ranks every match when at most 2,000 messages of the session
 * match — the same messages, in the same order, as ranking them all with
 * bm25 in one query (the query the store ran before it bounded the
 * ranking) — and otherwise the session's newest 2,000 matches, however
 * many newer ones another session has. */
static void
test_search_ranking (void)
{
  /* What search ran before: every match of the session ranked. */
  static const char *const rank_all =
    "SELECT m.id FROM chat_search JOIN chat_messages m ON m.rowid = chat_search.rowid "
    "WHERE chat_search MATCH ?2 AND m.session = ?1 AND m.deleted = 0 ORDER BY bm25(chat_search), m.seq DESC LIMIT 50";
  /* The same over the session's 2,000 newest matches. */
  static const char *const rank_newest =
    "SELECT m.id FROM chat_search JOIN chat_messages m ON m.rowid = chat_search.rowid "
    "WHERE chat_search MATCH ?2 AND m.session = ?1 AND m.deleted = 0 AND m.rowid IN ("
    "  SELECT n.rowid FROM chat_search JOIN chat_messages n ON n.rowid = chat_search.rowid "
    "  WHERE chat_search MATCH ?2 AND n.session = ?1 ORDER BY n.rowid DESC LIMIT 2000) "
    "ORDER BY bm25(chat_search), m.seq DESC LIMIT 50";
  static const char *const words[] = { "alpha", "beta", "gamma", "delta", "épsilon", "会議" };
  static const char *const sessions[] = { "SessionAAAAAAAAA", "SessionBBBBBBBBB" };
  g_autofree char *dir = g_dir_make_tmp ("confer-search-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "conferd.db", NULL);
  g_autoptr(ConferServerStore) store = confer_server_store_open (path, NULL);
  g_autoptr(GError) error = NULL;
  guint64 seqs[2] = { 0, 0 };
  sqlite3 *db;

  g_assert_nonnull (store);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_true (confer_server_store_add_session (store, sessions[s], "Search", &error));
      g_assert_no_error (error);
    }
  /* 4,500 messages, a third of them another session's, every one holding
   * "common" and some of the words, a number of times each and with texts
   * of different lengths (so that bm25 orders them); then 3,000 newer ones
   * of the other session. The best matches of "common" are the oldest. */
  g_assert_true (confer_server_store_begin (store, &error));
  for (guint i = 0; i < 7500; i++)
    {
      guint s = i >= 4500 || i % 3 == 0;
      g_autofree char *id = g_strdup_printf ("Message%09u", i);
      g_autofree char *txn = g_strdup_printf ("t%u", i);
      g_autoptr(GString) text = g_string_new ("common");
      ConferChatRecord message = { .id = id, .author = (char *) "ParticipantAAAAA", .time = 1700000000000 + i };

      /* Knuth's multiplicative hash spreads the words over the messages;
       * the first 300 are "common" alone, which bm25 ranks best. */
      for (guint w = 0; w < G_N_ELEMENTS (words) && i >= 300; w++)
        if ((((i + 1) * 2654435761u) >> (w * 4)) % (4 + w * 3) == 0)
          for (guint r = 0; r <= (i + w) % 3; r++)
            g_string_append_printf (text, " %s", words[w]);
      for (guint pad = 0; pad < (i >= 300 ? 1 + i % 11 : 0); pad++)
        g_string_append (text, " filler");
      message.text = text->str;
      message.seq = ++seqs[s];
      g_assert_true (confer_server_store_add_chat_event (store, sessions[s], message.seq, CONFER_CHAT_EVENT_MESSAGE,
                                                         message.author, txn, &message, NULL, &error));
    }
  g_assert_true (confer_server_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint s = 0; s < 2; s++)
    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      {
        g_autofree char *match = g_strdup_printf ("\"%s\"", g_str_equal (words[w], "会議") ? "会 議" : words[w]);
        g_autoptr(GPtrArray) found = confer_server_store_search_chat (store, sessions[s], words[w], 50, &error);
        g_autoptr(GPtrArray) expected = ids_of (db, rank_all, sessions[s], match);
        g_autoptr(GPtrArray) all = ids_of (db, "SELECT count(*) FROM chat_search JOIN chat_messages m "
                                               "ON m.rowid = chat_search.rowid WHERE chat_search MATCH ?2 AND m.session = ?1",
                                          sessions[s], match);

        g_assert_no_error (error);
        /* Each word is in some messages, never in 2,000 of one session. */
        g_assert_cmpuint (g_ascii_strtoull (all->pdata[0], NULL, 10), >, 0);
        g_assert_cmpuint (g_ascii_strtoull (all->pdata[0], NULL, 10), <=, 2000);
        assert_same_ids (found, expected);
      }
  /* "common" is in 3,000 of the first session's messages and 4,500 of the
   * other's, the newest 3,000 all the other's. */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GPtrArray) found = confer_server_store_search_chat (store, sessions[s], "common", 50, &error);
      g_autoptr(GPtrArray) expected = ids_of (db, rank_newest, sessions[s], "\"common\"");

      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 50);
      assert_same_ids (found, expected);
      for (guint i = 0; i < found->len; i++)
        g_assert_cmpuint (((ConferChatRecord *) found->pdata[i])->seq, >, seqs[s] - 2000);
    }
  sqlite3_close (db);
  g_clear_object (&store);
  remove_store (dir, path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/migrations/from-version-1", test_from_version_1);
  g_test_add_func ("/store/migrations/from-version-2", test_from_version_2);
  g_test_add_func ("/store/chat/search-ranking", test_search_ranking);
  return g_test_run ();
}
