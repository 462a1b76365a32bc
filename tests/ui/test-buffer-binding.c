/* test-buffer-binding.c: two text buffers kept equal through a real conferd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "confer-buffer-binding.h"
#include "confer-remote-cursors.h"
#include "confer-test-server.h"

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
wait_equal (GtkTextBuffer   *a,
            GtkTextBuffer   *b,
            ConferClientDoc *doc_a,
            ConferClientDoc *doc_b)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *ta = buffer_text (a);
      g_autofree char *tb = buffer_text (b);

      if (g_str_equal (ta, tb) && confer_client_doc_is_synchronized (doc_a) &&
          confer_client_doc_is_synchronized (doc_b) &&
          confer_client_doc_get_revision (doc_a) == confer_client_doc_get_revision (doc_b))
        return;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_not_reached ();
}

static void
test_two_buffers (void)
{
  g_autoptr(ConferTestServer) server = confer_test_server_start (TRUE);
  g_autoptr(ConferClient) ann = confer_test_client_new (server->link, "Ann");
  g_autoptr(ConferClient) bob = confer_test_client_new (server->link, "Bob");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) created = confer_test_request (ann, "{\"type\": \"doc.create\", \"title\": \"Notes\"}", &error);
  const char *id = json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "id");
  ConferClientDoc *doc_a = confer_client_open_doc (ann, id);
  ConferClientDoc *doc_b = confer_client_open_doc (bob, id);
  g_autoptr(GtkTextBuffer) a = gtk_text_buffer_new (NULL);
  g_autoptr(GtkTextBuffer) b = gtk_text_buffer_new (NULL);
  g_autoptr(ConferBufferBinding) bind_a = confer_buffer_binding_new (a, doc_a);
  g_autoptr(ConferBufferBinding) bind_b = confer_buffer_binding_new (b, doc_b);
  g_autofree char *text = NULL;
  GtkTextIter iter, end;
  GtkTextMark *cursor;

  g_assert_no_error (error);
  confer_client_doc_wait (doc_a, FALSE, 15000, &error);
  confer_client_doc_wait (doc_b, FALSE, 15000, &error);
  g_assert_no_error (error);

  /* Ann types, with Unicode beyond the BMP. */
  gtk_text_buffer_get_end_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, "Hello wörld 😀\nSecond line", -1);
  wait_equal (a, b, doc_a, doc_b);

  /* Bob's cursor sits after "Hello"; Ann inserts before it and deletes
   * after it: the cursor keeps its place in the text. */
  gtk_text_buffer_get_iter_at_offset (b, &iter, 5);
  gtk_text_buffer_place_cursor (b, &iter);
  gtk_text_buffer_get_start_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, "中文 ", -1);
  gtk_text_buffer_get_iter_at_offset (a, &iter, 9);
  gtk_text_buffer_get_iter_at_offset (a, &end, 15);
  gtk_text_buffer_delete (a, &iter, &end);
  wait_equal (a, b, doc_a, doc_b);
  cursor = gtk_text_buffer_get_insert (b);
  gtk_text_buffer_get_iter_at_mark (b, &iter, cursor);
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 8);

  /* Both type at once. */
  gtk_text_buffer_get_end_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, " — from Ann", -1);
  gtk_text_buffer_get_start_iter (b, &iter);
  gtk_text_buffer_insert (b, &iter, "Bob: ", -1);
  wait_equal (a, b, doc_a, doc_b);

  text = buffer_text (b);
  g_test_message ("final: %s", text);
  g_assert_cmpstr (text, ==, "Bob: 中文 Hello 😀\nSecond line — from Ann");
}

/* Bob's cursor shows in Ann's editor at his place, and stays on its text
 * when Ann types before it. */
static void
test_remote_cursor (void)
{
  g_autoptr(ConferTestServer) server = confer_test_server_start (TRUE);
  g_autoptr(ConferClient) ann = confer_test_client_new (server->link, "Ann");
  g_autoptr(ConferClient) bob = confer_test_client_new (server->link, "Bob");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) created = confer_test_request (ann, "{\"type\": \"doc.create\", \"title\": \"Notes\"}", &error);
  const char *id = json_object_get_string_member (json_object_get_object_member (confer_message_get_object (created), "doc"), "id");
  ConferClientDoc *doc_a = confer_client_open_doc (ann, id);
  ConferClientDoc *doc_b = confer_client_open_doc (bob, id);
  GtkWidget *view_a = g_object_ref_sink (gtk_text_view_new ());
  GtkWidget *view_b = g_object_ref_sink (gtk_text_view_new ());
  GtkTextBuffer *a = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_a));
  GtkTextBuffer *b = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_b));
  g_autoptr(ConferBufferBinding) bind_a = confer_buffer_binding_new (a, doc_a);
  g_autoptr(ConferBufferBinding) bind_b = confer_buffer_binding_new (b, doc_b);
  g_autoptr(ConferRemoteCursors) cursors_a = confer_remote_cursors_new (GTK_TEXT_VIEW (view_a), ann, doc_a);
  g_autoptr(ConferRemoteCursors) cursors_b = confer_remote_cursors_new (GTK_TEXT_VIEW (view_b), bob, doc_b);
  const char *bob_id = confer_client_get_participant_id (bob);
  GtkTextIter iter;
  int offset = -1;
  gint64 deadline;

  g_assert_no_error (error);
  confer_client_doc_wait (doc_a, FALSE, 15000, &error);
  confer_client_doc_wait (doc_b, FALSE, 15000, &error);
  g_assert_no_error (error);
  gtk_text_buffer_get_end_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, "Hello wörld", -1);
  wait_equal (a, b, doc_a, doc_b);

  gtk_text_buffer_get_iter_at_offset (b, &iter, 5);
  gtk_text_buffer_place_cursor (b, &iter);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while ((!confer_remote_cursors_get_offset (cursors_a, bob_id, &offset) || offset != 5) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (offset, ==, 5);

  gtk_text_buffer_get_start_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, "😀 ", -1);
  g_assert_true (confer_remote_cursors_get_offset (cursors_a, bob_id, &offset));
  g_assert_cmpint (offset, ==, 7);
  wait_equal (a, b, doc_a, doc_b);

  g_clear_object (&cursors_a);
  g_clear_object (&cursors_b);
  g_object_unref (view_a);
  g_object_unref (view_b);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/buffer-binding/two-buffers", test_two_buffers);
  g_test_add_func ("/ui/buffer-binding/remote-cursor", test_remote_cursor);
  return g_test_run ();
}
