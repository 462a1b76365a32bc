/* test-documents.c: when documents were edited, and deleted documents —
 * who deleted them, the changes that still reach them, restoring them —
 * against a real conferd; the typed client API and its list models
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

/* The typed client API against a real server: what one client asks for,
 * another's list models and signals follow, their objects updated in
 * place. */

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);
  return *result;
}

/* Runs the main loop until @done (a counter a signal bumps) reaches @n. */
static void
wait_count (guint *done,
            guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (*done < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*done, >=, n);
}

static void
count_cb (gpointer  instance,
          gpointer  arg,
          guint    *counter)
{
  (*counter)++;
}

static gboolean
listed (GListModel *list,
        gpointer    object)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (list, i);

      if (other == object)
        return TRUE;
    }
  return FALSE;
}

static void
test_typed_items (void)
{
  g_autofree char *link = confer_test_invite (ann, "editor", 0, 0, NULL);
  g_autoptr(ConferClient) bob = confer_test_client_new (link, "Bob");
  g_autoptr(GAsyncResult) created = NULL, renamed = NULL, deleted = NULL, trash_result = NULL;
  g_autoptr(GAsyncResult) restored = NULL, board = NULL;
  g_autoptr(ConferItem) item = NULL;
  g_autoptr(ConferItem) back = NULL;
  g_autoptr(GListModel) trash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) bobs = NULL;
  guint n_created = 0, n_renamed = 0, n_deleted = 0, n_restored = 0, n_title = 0;
  gboolean found = FALSE;

  g_assert_cmpint (confer_client_get_role (bob), ==, CONFER_ROLE_EDITOR);
  g_signal_connect (bob, "item-created", G_CALLBACK (count_cb), &n_created);
  g_signal_connect (bob, "item-renamed", G_CALLBACK (count_cb), &n_renamed);
  g_signal_connect (bob, "item-deleted", G_CALLBACK (count_cb), &n_deleted);
  g_signal_connect (bob, "item-restored", G_CALLBACK (count_cb), &n_restored);

  confer_client_create_item_async (ann, CONFER_ITEM_KIND_TEXT, "Typed", NULL, result_cb, &created);
  item = confer_client_create_item_finish (ann, wait_result (&created), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confer_item_get_title (item), ==, "Typed");
  g_assert_cmpint (confer_item_get_kind (item), ==, CONFER_ITEM_KIND_TEXT);
  g_assert_true (listed (confer_client_get_items (ann), item));
  wait_count (&n_created, 1);
  /* Kept past its removal from the list. */
  bobs = g_object_ref (confer_client_find_item (bob, confer_item_get_id (item)));
  g_signal_connect (bobs, "notify::title", G_CALLBACK (count_cb), &n_title);

  /* A rename changes Bob's object in place. */
  confer_client_rename_item_async (ann, confer_item_get_id (item), "Typed again", NULL, result_cb, &renamed);
  g_assert_true (confer_client_rename_item_finish (ann, wait_result (&renamed), &error));
  g_assert_no_error (error);
  wait_count (&n_renamed, 1);
  g_assert_cmpuint (n_title, ==, 1);
  g_assert_true (confer_client_find_item (bob, confer_item_get_id (item)) == bobs);
  g_assert_cmpstr (confer_item_get_title (bobs), ==, "Typed again");

  /* Deleted: out of the lists, saying who. */
  confer_client_delete_item_async (ann, confer_item_get_id (item), NULL, result_cb, &deleted);
  g_assert_true (confer_client_delete_item_finish (ann, wait_result (&deleted), &error));
  g_assert_no_error (error);
  wait_count (&n_deleted, 1);
  g_assert_false (listed (confer_client_get_items (bob), bobs));
  g_assert_cmpstr (confer_item_get_deleted_by (bobs), ==, confer_client_get_participant_id (ann));
  g_assert_cmpint (confer_item_get_deleted (bobs), >, 0);

  confer_client_list_trash_async (bob, NULL, result_cb, &trash_result);
  trash = confer_client_list_trash_finish (bob, wait_result (&trash_result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (trash); i++)
    {
      g_autoptr(ConferItem) trashed = g_list_model_get_item (trash, i);

      if (g_str_equal (confer_item_get_id (trashed), confer_item_get_id (item)))
        {
          found = TRUE;
          g_assert_cmpstr (confer_item_get_deleted_by (trashed), ==, confer_client_get_participant_id (ann));
          g_assert_cmpint (confer_item_get_deleted (trashed), >, 0);
        }
    }
  g_assert_true (found);

  confer_client_restore_item_async (bob, confer_item_get_id (item), NULL, result_cb, &restored);
  back = confer_client_restore_item_finish (bob, wait_result (&restored), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confer_item_get_title (back), ==, "Typed again");
  g_assert_cmpint (confer_item_get_deleted (back), ==, 0);
  g_assert_true (listed (confer_client_get_items (bob), back));
  wait_count (&n_restored, 1);

  /* A board is an item like the others, of its own kind, for everyone. */
  confer_client_create_item_async (ann, CONFER_ITEM_KIND_BOARD, "Board", NULL, result_cb, &board);
  {
    g_autoptr(ConferItem) made = confer_client_create_item_finish (ann, wait_result (&board), &error);

    g_assert_no_error (error);
    g_assert_cmpint (confer_item_get_kind (made), ==, CONFER_ITEM_KIND_BOARD);
    wait_count (&n_created, 2);
    g_assert_cmpint (confer_item_get_kind (confer_client_find_item (bob, confer_item_get_id (made))), ==,
                     CONFER_ITEM_KIND_BOARD);
  }
}

static void
test_typed_invites_and_participants (void)
{
  g_autoptr(GAsyncResult) created = NULL, listed_result = NULL, revoked = NULL, relisted = NULL;
  g_autoptr(ConferInvite) invite = NULL;
  g_autoptr(GListModel) invites = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(ConferLink) parsed = NULL;
  g_autoptr(ConferClient) cat = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  ConferParticipant *seen;
  guint n_joined = 0, n_left = 0, n_online = 0;
  gboolean found = FALSE;

  confer_client_create_invite_async (ann, CONFER_ROLE_VIEWER, 3600, 2, NULL, result_cb, &created);
  invite = confer_client_create_invite_finish (ann, wait_result (&created), &error);
  g_assert_no_error (error);
  g_assert_cmpint (confer_invite_get_role (invite), ==, CONFER_ROLE_VIEWER);
  g_assert_cmpuint (confer_invite_get_max_uses (invite), ==, 2);
  g_assert_cmpint (confer_invite_get_expires (invite), >, now);
  g_assert_true (confer_invite_is_live (invite, now));
  parsed = confer_link_parse (confer_invite_get_link (invite), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->session, ==, confer_client_get_link (ann)->session);

  confer_client_list_invites_async (ann, NULL, result_cb, &listed_result);
  invites = confer_client_list_invites_finish (ann, wait_result (&listed_result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (invites); i++)
    {
      g_autoptr(ConferInvite) other = g_list_model_get_item (invites, i);

      found = found || g_str_equal (confer_invite_get_id (other), confer_invite_get_id (invite));
    }
  g_assert_true (found);

  /* Someone joins with it: Ann's list gains them; when they leave, the
   * same object goes away. */
  g_signal_connect (ann, "participant-joined", G_CALLBACK (count_cb), &n_joined);
  g_signal_connect (ann, "participant-left", G_CALLBACK (count_cb), &n_left);
  cat = confer_test_client_new (confer_invite_get_link (invite), "Cat");
  g_assert_cmpint (confer_client_get_role (cat), ==, CONFER_ROLE_VIEWER);
  wait_count (&n_joined, 1);
  seen = confer_client_find_participant (ann, confer_client_get_participant_id (cat));
  g_assert_nonnull (seen);
  g_assert_cmpstr (confer_participant_get_name (seen), ==, "Cat");
  g_assert_cmpint (confer_participant_get_role (seen), ==, CONFER_ROLE_VIEWER);
  g_assert_true (confer_participant_get_online (seen));
  g_signal_connect (seen, "notify::online", G_CALLBACK (count_cb), &n_online);
  confer_client_disconnect (cat);
  /* Cat's own change first: an earlier client's participant.left may be
   * what brings n_left to 1. */
  wait_count (&n_online, 1);
  wait_count (&n_left, 1);
  g_assert_true (confer_client_find_participant (ann, confer_client_get_participant_id (cat)) == seen);
  g_assert_false (confer_participant_get_online (seen));
  g_assert_cmpuint (n_online, ==, 1);

  confer_client_revoke_invite_async (ann, confer_invite_get_id (invite), NULL, result_cb, &revoked);
  g_assert_true (confer_client_revoke_invite_finish (ann, wait_result (&revoked), &error));
  g_assert_no_error (error);
  confer_client_list_invites_async (ann, NULL, result_cb, &relisted);
  after = confer_client_list_invites_finish (ann, wait_result (&relisted), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (after); i++)
    {
      g_autoptr(ConferInvite) other = g_list_model_get_item (after, i);

      if (g_str_equal (confer_invite_get_id (other), confer_invite_get_id (invite)))
        {
          g_assert_true (confer_invite_get_revoked (other));
          g_assert_false (confer_invite_is_live (other, now));
        }
    }
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
  g_test_add_func ("/server/documents/typed-items", test_typed_items);
  g_test_add_func ("/server/documents/typed-invites-and-participants", test_typed_invites_and_participants);
  status = g_test_run ();
  g_clear_object (&ann);
  confer_test_server_free (server);
  return status;
}
