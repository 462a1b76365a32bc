/* test-documents.c: when documents were edited, and deleted documents —
 * who deleted them, the changes that still reach them, restoring them —
 * against a real conferd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

static ConferTestServer *server;
static ConferClient *ann;      /* owner */

static ConferTestSocket *
socket_as (const char *role,
           const char *name,
           char      **participant_id)
{
  g_autofree char *link = confer_test_invite (ann, role, 0, 0, NULL);
  g_autoptr(ConferLink) parsed = confer_link_parse (link, NULL);
  ConferTestSocket *socket = confer_test_socket_new (server);
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"version\": 1, \"name\": \"%s\", "
                                            "\"session\": \"%s\", \"invite\": \"%s\"}",
                                            name, parsed->session, parsed->invite);
  g_autoptr(ConferMessage) welcome = confer_test_socket_hello (socket, hello);

  if (participant_id != NULL)
    *participant_id = g_strdup (json_object_get_string_member (
      json_object_get_object_member (confer_message_get_object (welcome), "you"), "id"));
  return socket;
}

/* The next message of @type, skipping others; fails the test if none. */
static ConferMessage *
next_of_type (ConferTestSocket *socket,
              const char       *type)
{
  ConferMessage *message;

  while ((message = confer_test_socket_next (socket)) != NULL &&
         !g_str_equal (confer_message_get_type_name (message), type))
    confer_message_unref (message);
  g_assert_nonnull (message);
  return message;
}

static gint64
edited_of (ConferMessage *list,
           const char    *id)
{
  JsonArray *docs = json_object_get_array_member (confer_message_get_object (list), "docs");

  for (guint i = 0; i < json_array_get_length (docs); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (docs, i), "id"), id))
      return json_object_get_int_member (json_array_get_object_element (docs, i), "edited");
  g_assert_not_reached ();
}


/* Each document says when it was last edited (Unix seconds). */
static void
test_edited (void)
{
  g_autofree char *older = confer_test_create_doc (ann, "Older");
  g_autofree char *newer = confer_test_create_doc (ann, "Newer");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) list = NULL;

  /* A second apart, so the times differ. */
  g_usleep (1100 * 1000);
  confer_test_insert (ann, older, "edited last");
  list = confer_test_request (ann, "{\"type\": \"doc.list\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (edited_of (list, older), >, edited_of (list, newer));
  g_assert_cmpint (edited_of (list, older), <=, g_get_real_time () / G_USEC_PER_SEC);
}

/* Ann deletes a document Bob has open: everyone is told who did; Bob's
 * change made before he heard of it is still taken; the document can be
 * listed among the deleted ones and restored with Bob's change in it. */
static void
test_delete_and_restore (void)
{
  g_autofree char *doc_id = confer_test_create_doc (ann, "Plans");
  g_autoptr(ConferTestSocket) bob = socket_as ("editor", "Bob", NULL);
  g_autoptr(ConferTestSocket) viewer = socket_as ("viewer", "Val", NULL);
  g_autoptr(ConferMessage) snapshot = NULL;
  g_autoptr(ConferMessage) deleted = NULL;
  g_autoptr(ConferMessage) ack = NULL;
  g_autoptr(ConferMessage) trash = NULL;
  g_autoptr(ConferMessage) refused = NULL;
  g_autoptr(ConferMessage) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *open = g_strdup_printf ("{\"type\": \"doc.open\", \"doc\": \"%s\", \"txn\": \"o\"}", doc_id);
  g_autofree char *op = g_strdup_printf ("{\"type\": \"doc.op\", \"doc\": \"%s\", \"rev\": 0, \"op\": [\"Bob's line\"], "
                                         "\"txn\": \"b1\"}", doc_id);
  g_autofree char *restore = g_strdup_printf ("{\"type\": \"doc.restore\", \"doc\": \"%s\", \"txn\": \"r\"}", doc_id);
  g_autofree char *delete = g_strdup_printf ("{\"type\": \"doc.delete\", \"doc\": \"%s\"}", doc_id);
  g_autofree char *text = NULL;
  JsonArray *docs;
  ConferClientDoc *doc;

  confer_test_socket_send (bob, open);
  snapshot = next_of_type (bob, "doc.snapshot");

  g_clear_pointer (&snapshot, confer_message_unref);
  {
    g_autoptr(ConferMessage) done = confer_test_request (ann, delete, &error);

    g_assert_no_error (error);
  }
  deleted = next_of_type (viewer, "doc.deleted");
  g_assert_cmpstr (json_object_get_string_member (confer_message_get_object (deleted), "by"), ==,
                   confer_client_get_participant_id (ann));

  /* Bob typed before the deletion reached him: his change is kept. */
  confer_test_socket_send (bob, op);
  ack = next_of_type (bob, "doc.ack");
  g_assert_cmpstr (confer_message_get_txn (ack), ==, "b1");

  /* A viewer may not see the deleted documents or restore them. */
  confer_test_socket_send (viewer, "{\"type\": \"doc.trash\", \"txn\": \"t\"}");
  refused = next_of_type (viewer, "error");
  g_assert_cmpstr (json_object_get_string_member (confer_message_get_object (refused), "code"), ==, "forbidden");

  trash = confer_test_request (ann, "{\"type\": \"doc.trash\"}", &error);
  g_assert_no_error (error);
  docs = json_object_get_array_member (confer_message_get_object (trash), "docs");
  g_assert_cmpuint (json_array_get_length (docs), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (docs, 0), "id"), ==, doc_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (docs, 0), "by"), ==,
                   confer_client_get_participant_id (ann));
  g_assert_null (confer_client_find_doc (ann, "Plans"));

  restored = confer_test_request (ann, restore, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confer_message_get_type_name (restored), ==, "doc.restored");
  g_assert_nonnull (confer_client_find_doc (ann, "Plans"));
  doc = confer_client_open_doc (ann, doc_id);
  confer_client_doc_wait (doc, FALSE, 15000, &error);
  g_assert_no_error (error);
  text = confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
  g_assert_cmpstr (text, ==, "Bob's line");

  /* Restoring what is not deleted is refused. */
  g_assert_null (confer_test_request (ann, restore, &error));
  g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = confer_test_server_start (TRUE);
  ann = confer_test_client_new (server->link, "Ann");
  g_test_add_func ("/server/documents/edited", test_edited);
  g_test_add_func ("/server/documents/delete-and-restore", test_delete_and_restore);
  status = g_test_run ();
  g_clear_object (&ann);
  confer_test_server_free (server);
  return status;
}
