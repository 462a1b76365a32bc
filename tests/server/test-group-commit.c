/* test-group-commit.c: what two authors see when their operations share
 * group commits, against a real conferd: each author learns of each of its
 * operations exactly once (a `doc.ack`, or its own entry in the shared
 * `doc.ops` frame), gets every other operation exactly once, and sees every
 * revision once, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

#define OPS_PER_AUTHOR 20
#define MAX_ROUNDS     10

static ConferTestServer *server;
static char *session_id;
static char *invite;
static char *doc_id;

typedef struct
{
  ConferTestSocket *socket;
  char             *participant;
  char              letter;
  guint64           revision;   /* the last one seen */
  GHashTable       *acked;      /* own txns acknowledged */
  GHashTable       *others;     /* the other author's txns received */
  gboolean          shared_ack; /* an own entry came in a `doc.ops` frame */
} Author;

static void
author_init (Author *author,
             char    letter)
{
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"%c\", "
                                            "\"session\": \"%s\", \"invite\": \"%s\"}", letter, session_id, invite);
  g_autofree char *open = g_strdup_printf ("{\"type\": \"doc.open\", \"doc\": \"%s\", \"txn\": \"open\"}", doc_id);
  g_autoptr(ConferMessage) welcome = NULL;
  g_autoptr(ConferMessage) snapshot = NULL;

  author->socket = confer_test_socket_new (server);
  author->letter = letter;
  author->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  author->others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  welcome = confer_test_socket_hello (author->socket, hello);
  author->participant = g_strdup (json_object_get_string_member (
      json_object_get_object_member (confer_message_get_object (welcome), "you"), "id"));

  confer_test_socket_send (author->socket, open);
  do
    {
      g_clear_pointer (&snapshot, confer_message_unref);
      snapshot = confer_test_socket_next (author->socket);
      g_assert_nonnull (snapshot);
    }
  while (!g_str_equal (confer_message_get_type_name (snapshot), "doc.snapshot"));
  author->revision = json_object_get_int_member (confer_message_get_object (snapshot), "rev");
}

static void
author_clear (Author *author)
{
  confer_test_socket_free (author->socket);
  g_free (author->participant);
  g_hash_table_unref (author->acked);
  g_hash_table_unref (author->others);
}

static void
send_op (Author  *author,
         guint64  base,
         guint    round,
         guint    i)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\": \"doc.op\", \"doc\": \"%s\", \"rev\": %" G_GUINT64_FORMAT ", "
                                            "\"op\": [\"%c\"], \"txn\": \"%c-%u-%u\"}",
                                            doc_id, base, author->letter, author->letter, round, i);

  confer_test_socket_send (author->socket, frame);
}

/* One committed operation, seen by @author: the next revision, and either
 * its own (once) or the other's (once). */
static void
see_entry (Author     *author,
           guint64     revision,
           const char *participant,
           const char *txn,
           gboolean    in_list)
{
  GHashTable *seen = g_strcmp0 (participant, author->participant) == 0 ? author->acked : author->others;

  g_assert_cmpuint (revision, ==, author->revision + 1);
  author->revision = revision;
  g_assert_nonnull (txn);
  g_assert_false (g_hash_table_contains (seen, txn));
  g_hash_table_add (seen, g_strdup (txn));
  if (seen == author->acked && in_list)
    author->shared_ack = TRUE;
}

static void
receive (Author *author,
         guint   n_total)
{
  while (g_hash_table_size (author->acked) + g_hash_table_size (author->others) < n_total)
    {
      g_autoptr(ConferMessage) message = confer_test_socket_next (author->socket);
      JsonObject *object;
      const char *type;

      g_assert_nonnull (message);
      object = confer_message_get_object (message);
      type = confer_message_get_type_name (message);
      if (g_str_equal (type, "doc.ack"))
        see_entry (author, json_object_get_int_member (object, "rev"), author->participant,
                   confer_message_get_txn (message), FALSE);
      else if (g_str_equal (type, "doc.op"))
        see_entry (author, json_object_get_int_member (object, "rev"),
                   json_object_get_string_member (object, "author"), confer_message_get_txn (message), FALSE);
      else if (g_str_equal (type, "doc.ops"))
        {
          JsonArray *ops = json_object_get_array_member (object, "ops");

          g_assert_cmpuint (json_object_get_int_member (object, "from"), ==, author->revision);
          for (guint i = 0; i < json_array_get_length (ops); i++)
            {
              JsonObject *entry = json_array_get_object_element (ops, i);

              see_entry (author, json_object_get_int_member (entry, "rev"),
                         json_object_get_string_member (entry, "author"),
                         json_object_get_string_member (entry, "txn"), TRUE);
            }
          g_assert_cmpuint (json_object_get_int_member (object, "rev"), ==, author->revision);
        }
      else  /* participants joining, presence */
        g_assert_false (g_str_has_prefix (type, "doc.") || g_str_equal (type, "error"));
    }
}

static void
test_shared_frame (void)
{
  Author a = { 0, }, b = { 0, };
  gboolean shared = FALSE;

  author_init (&a, 'a');
  author_init (&b, 'b');
  g_assert_cmpuint (a.revision, ==, b.revision);

  /* Bursts from both, each on the revision both had: the server takes
   * them in whatever commits it forms, usually both authors' in one. */
  for (guint round = 0; round < MAX_ROUNDS && !shared; round++)
    {
      guint64 base = a.revision;
      guint n_total = 2 * OPS_PER_AUTHOR * (round + 1);

      for (guint i = 0; i < OPS_PER_AUTHOR; i++)
        {
          send_op (&a, base, round, i);
          send_op (&b, base, round, i);
        }
      receive (&a, n_total);
      receive (&b, n_total);
      g_assert_cmpuint (g_hash_table_size (a.acked), ==, OPS_PER_AUTHOR * (round + 1));
      g_assert_cmpuint (g_hash_table_size (b.acked), ==, OPS_PER_AUTHOR * (round + 1));
      g_assert_cmpuint (a.revision, ==, b.revision);
      shared = a.shared_ack || b.shared_ack;
    }
  g_assert_true (shared);

  author_clear (&a);
  author_clear (&b);
}

/* A client of Confer's own, typing while the raw authors' bursts land in
 * the same commits, ends with the server's text. */
static void
test_client_converges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClient) client = confer_test_client_new (server->link, "Typist");
  g_autoptr(ConferClient) reader = confer_test_client_new (server->link, "Reader");
  ConferClientDoc *doc = confer_client_open_doc (client, doc_id);
  ConferClientDoc *check = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  Author a = { 0, };

  confer_client_doc_wait (doc, FALSE, 15000, &error);
  g_assert_no_error (error);
  author_init (&a, 'a');
  for (guint round = 0; round < 5; round++)
    {
      for (guint i = 0; i < OPS_PER_AUTHOR; i++)
        {
          g_autoptr(ConferTextOp) op = confer_text_op_new_insert (confer_rope_get_length (confer_client_doc_get_rope (doc)), "z", 1);

          send_op (&a, a.revision, 100 + round, i);
          confer_client_doc_apply_local (doc, op, &error);
          g_assert_no_error (error);
          g_main_context_iteration (NULL, FALSE);
        }
      confer_client_doc_wait (doc, TRUE, 15000, &error);
      g_assert_no_error (error);
    }
  author_clear (&a);

  text = confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
  check = confer_client_open_doc (reader, doc_id);
  confer_client_doc_wait (check, FALSE, 15000, &error);
  g_assert_no_error (error);
  expected = confer_rope_to_string (confer_client_doc_get_rope (check), NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (confer_client_doc_get_n_unsent (doc), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClient) owner = NULL;
  g_autofree char *editor_link = NULL;
  g_autoptr(ConferLink) parsed = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (TRUE);
  owner = confer_test_client_new (server->link, "Owner");
  doc_id = confer_test_create_doc (owner, "Shared");
  editor_link = confer_test_invite (owner, "editor", 0, 0, NULL);
  parsed = confer_link_parse (editor_link, &error);
  g_assert_no_error (error);
  session_id = g_strdup (parsed->session);
  invite = g_strdup (parsed->invite);

  g_test_add_func ("/server/group-commit/shared-frame", test_shared_frame);
  g_test_add_func ("/server/group-commit/client-converges", test_client_converges);

  status = g_test_run ();
  g_clear_object (&owner);
  confer_test_server_free (server);
  g_free (doc_id);
  g_free (session_id);
  g_free (invite);
  return status;
}
