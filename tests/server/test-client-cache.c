/* test-client-cache.c: editing offline through a real conferd: the server
 * stops, a client keeps editing, restarts with only its cache, and the
 * server comes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

#define WAIT_MS 20000

static ConferClientDoc *
open_doc (ConferClient *client,
          const char   *id)
{
  g_autoptr(GError) error = NULL;
  ConferClientDoc *doc = confer_client_open_doc (client, id);

  confer_client_doc_wait (doc, TRUE, WAIT_MS, &error);
  g_assert_no_error (error);
  return doc;
}

static char *
text_of (ConferClientDoc *doc)
{
  return confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
}

static void
type_at (ConferClientDoc *doc,
         gsize            pos,
         const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = confer_text_op_new_insert (pos, text, -1);

  confer_client_doc_apply_local (doc, op, &error);
  g_assert_no_error (error);
}

static void
wait_for (ConferClient          *client,
          ConferConnectionState  state)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (confer_client_get_state (client) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (confer_client_get_state (client), ==, state);
}

static ConferClient *
client_with_cache (const char *link,
                   const char *cache_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferLink) parsed = confer_link_parse (link, &error);
  g_autoptr(ConferClientCache) cache = confer_client_cache_open (cache_path, &error);
  ConferClient *client;

  g_assert_no_error (error);
  client = confer_client_new (parsed, "Ann");
  confer_client_set_cache (client, cache);
  confer_client_connect (client);
  return client;
}

/* Ann edits while the server is down, quits, starts again with only her
 * cache (the server still down: her text and unsent edits are there), and
 * the server returns: her edits arrive once, merged with Bob's. */
static void
test_offline_edits_survive_restart (void)
{
  g_autoptr(ConferTestServer) server = confer_test_server_start (TRUE);
  g_autofree char *dir = g_dir_make_tmp ("confer-cache-XXXXXX", NULL);
  g_autofree char *cache_path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(ConferClient) ann = client_with_cache (server->link, cache_path);
  g_autoptr(ConferClient) bob = confer_test_client_new (server->link, "Bob");
  g_autoptr(GError) error = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *ann_text = NULL;
  g_autofree char *bob_text = NULL;
  ConferClientDoc *ann_doc, *bob_doc;

  confer_client_wait_online (ann, WAIT_MS, &error);
  g_assert_no_error (error);
  doc_id = confer_test_create_doc (ann, "Notes");
  ann_doc = open_doc (ann, doc_id);
  bob_doc = open_doc (bob, doc_id);
  type_at (ann_doc, 0, "Agenda\n");
  confer_client_doc_wait (ann_doc, TRUE, WAIT_MS, &error);
  g_assert_no_error (error);

  /* The server goes away; Ann keeps typing. */
  confer_test_server_kill (server);
  wait_for (ann, CONFER_CONNECTION_RECONNECTING);
  type_at (ann_doc, 7, "1. budget\n");
  type_at (ann_doc, 17, "2. hiring\n");
  /* Typed in one go: one change waits, however many edits it took. */
  g_assert_cmpuint (confer_client_get_n_unsent (ann), ==, 1);

  /* Ann quits; the app starts again while the server is still down. */
  g_clear_object (&ann);
  ann = client_with_cache (server->link, cache_path);
  g_assert_cmpstr (confer_client_get_session_title (ann), !=, NULL);
  ann_doc = confer_client_open_doc (ann, doc_id);
  g_assert_true (confer_client_doc_is_ready (ann_doc));
  ann_text = text_of (ann_doc);
  g_assert_cmpstr (ann_text, ==, "Agenda\n1. budget\n2. hiring\n");
  g_assert_cmpuint (confer_client_get_n_unsent (ann), ==, 1);
  /* A change after starting again is another. */
  type_at (ann_doc, 27, "3. lunch\n");
  g_assert_cmpuint (confer_client_get_n_unsent (ann), ==, 2);

  /* Bob, who saw none of it, edits offline too; then the server is back. */
  type_at (bob_doc, 0, "Team ");
  confer_test_server_restart (server);
  wait_for (bob, CONFER_CONNECTION_ONLINE);
  confer_client_doc_wait (ann_doc, TRUE, WAIT_MS, &error);
  g_assert_no_error (error);
  confer_client_doc_wait (bob_doc, TRUE, WAIT_MS, &error);
  g_assert_no_error (error);
  while (confer_client_doc_get_revision (ann_doc) != confer_client_doc_get_revision (bob_doc))
    g_main_context_iteration (NULL, TRUE);

  g_clear_pointer (&ann_text, g_free);
  ann_text = text_of (ann_doc);
  bob_text = text_of (bob_doc);
  g_assert_cmpstr (ann_text, ==, bob_text);
  g_assert_cmpstr (ann_text, ==, "Team Agenda\n1. budget\n2. hiring\n3. lunch\n");
  g_assert_cmpuint (confer_client_get_n_unsent (ann), ==, 0);
  g_assert_cmpuint (confer_client_cache_count_unsent (confer_client_get_cache (ann), confer_client_get_link (ann)), ==, 0);

  g_clear_object (&ann);
  confer_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-cache/offline-edits-survive-restart", test_offline_edits_survive_restart);
  return g_test_run ();
}
