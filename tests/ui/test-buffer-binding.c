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

/* Ann and Bob in one session, each with the same new document open. */
typedef struct
{
  ConferTestServer *server;
  ConferClient     *ann;
  ConferClient     *bob;
  ConferClientDoc  *doc_a;
  ConferClientDoc  *doc_b;
} Pair;

static void
pair_open (Pair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  pair->server = confer_test_server_start (TRUE);
  pair->ann = confer_test_client_new (pair->server->link, "Ann");
  pair->bob = confer_test_client_new (pair->server->link, "Bob");
  id = confer_test_create_doc (pair->ann, "Notes");
  pair->doc_a = confer_client_open_doc (pair->ann, id);
  pair->doc_b = confer_client_open_doc (pair->bob, id);
  confer_client_doc_wait (pair->doc_a, FALSE, 15000, &error);
  g_assert_no_error (error);
  confer_client_doc_wait (pair->doc_b, FALSE, 15000, &error);
  g_assert_no_error (error);
}

static void
pair_close (Pair *pair)
{
  g_clear_object (&pair->ann);
  g_clear_object (&pair->bob);
  g_clear_pointer (&pair->server, confer_test_server_free);
}

static void
test_two_buffers (void)
{
  Pair pair;
  g_autoptr(GtkTextBuffer) a = gtk_text_buffer_new (NULL);
  g_autoptr(GtkTextBuffer) b = gtk_text_buffer_new (NULL);
  g_autoptr(ConferBufferBinding) bind_a = NULL;
  g_autoptr(ConferBufferBinding) bind_b = NULL;
  ConferClientDoc *doc_a, *doc_b;
  g_autofree char *text = NULL;
  GtkTextIter iter, end;
  GtkTextMark *cursor;

  pair_open (&pair);
  doc_a = pair.doc_a;
  doc_b = pair.doc_b;
  bind_a = confer_buffer_binding_new (a, doc_a);
  bind_b = confer_buffer_binding_new (b, doc_b);

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

  g_clear_object (&bind_a);
  g_clear_object (&bind_b);
  pair_close (&pair);
}

/* Bob's cursor shows in Ann's editor at his place, and stays on its text
 * when Ann types before it. */
static void
test_remote_cursor (void)
{
  Pair pair;
  GtkWidget *view_a = g_object_ref_sink (gtk_text_view_new ());
  GtkWidget *view_b = g_object_ref_sink (gtk_text_view_new ());
  GtkTextBuffer *a = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_a));
  GtkTextBuffer *b = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_b));
  g_autoptr(ConferBufferBinding) bind_a = NULL;
  g_autoptr(ConferBufferBinding) bind_b = NULL;
  g_autoptr(ConferRemoteCursors) cursors_a = NULL;
  g_autoptr(ConferRemoteCursors) cursors_b = NULL;
  ConferClientDoc *doc_a, *doc_b;
  const char *bob_id;
  GtkTextIter iter;
  int offset = -1;
  gint64 deadline;

  pair_open (&pair);
  doc_a = pair.doc_a;
  doc_b = pair.doc_b;
  bob_id = confer_client_get_participant_id (pair.bob);
  bind_a = confer_buffer_binding_new (a, doc_a);
  bind_b = confer_buffer_binding_new (b, doc_b);
  cursors_a = confer_remote_cursors_new (GTK_TEXT_VIEW (view_a), pair.ann, doc_a);
  cursors_b = confer_remote_cursors_new (GTK_TEXT_VIEW (view_b), pair.bob, doc_b);
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
  g_clear_object (&bind_a);
  g_clear_object (&bind_b);
  g_object_unref (view_a);
  g_object_unref (view_b);
  pair_close (&pair);
}

/* Remote changes reach the buffer in the main-loop pass after they
 * arrive; a local edit made in between (in the buffer's positions) is
 * moved past them, and they past it: both texts end the same, with the
 * local insert first where both insert at one place. */
static void
test_edit_before_remote_shown (void)
{
  Pair pair;
  g_autoptr(GtkTextBuffer) a = gtk_text_buffer_new (NULL);
  g_autoptr(GtkTextBuffer) b = gtk_text_buffer_new (NULL);
  g_autoptr(ConferBufferBinding) bind_a = NULL;
  g_autoptr(ConferBufferBinding) bind_b = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  GtkTextIter iter;
  guint64 revision;

  pair_open (&pair);
  bind_a = confer_buffer_binding_new (a, pair.doc_a);
  bind_b = confer_buffer_binding_new (b, pair.doc_b);
  gtk_text_buffer_get_start_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, "0123456789", -1);
  wait_equal (a, b, pair.doc_a, pair.doc_b);

  /* Bob inserts at 5 and deletes at the end; Ann's document has it, her
   * buffer not yet, when she types at 5 and deletes at 1. */
  revision = confer_client_doc_get_revision (pair.doc_a);
  gtk_text_buffer_get_iter_at_offset (b, &iter, 5);
  gtk_text_buffer_insert (b, &iter, "BOB", -1);
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_offset (b, &start, 10);
    gtk_text_buffer_get_end_iter (b, &end);
    gtk_text_buffer_delete (b, &start, &end);
  }
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (confer_client_doc_get_revision (pair.doc_a) < revision + 2 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (confer_client_doc_get_revision (pair.doc_a), >=, revision + 2);
  }
  shown = buffer_text (a);
  text = confer_rope_to_string (confer_client_doc_get_rope (pair.doc_a), NULL);
  g_test_message ("Ann's buffer \"%s\", her document \"%s\"", shown, text);
  gtk_text_buffer_get_iter_at_offset (a, &iter, 5);
  gtk_text_buffer_insert (a, &iter, "ann", -1);
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_offset (a, &start, 1);
    gtk_text_buffer_get_iter_at_offset (a, &end, 2);
    gtk_text_buffer_delete (a, &start, &end);
  }
  wait_equal (a, b, pair.doc_a, pair.doc_b);
  g_free (text);
  text = buffer_text (b);
  g_assert_cmpstr (text, ==, "0234annBOB56");

  g_clear_object (&bind_a);
  g_clear_object (&bind_b);
  pair_close (&pair);
}

/* Waits until @cursors show @participant at @offset; returns where they
 * show them (-1 for nowhere). */
static int
wait_cursor_at (ConferRemoteCursors *cursors,
                const char          *participant,
                int                  offset)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  int at = -1;

  while ((!confer_remote_cursors_get_offset (cursors, participant, &at) || at != offset) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return confer_remote_cursors_get_offset (cursors, participant, &at) ? at : -1;
}

/* Someone joining sees Bob's caret where he last typed, not where he last
 * clicked: typing shares the caret (once the server has the text), and so
 * does coming back after a reconnect. */
static void
test_presence_follows_typing (void)
{
  Pair pair;
  GtkWidget *view_b = g_object_ref_sink (gtk_text_view_new ());
  GtkTextBuffer *b = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_b));
  g_autoptr(ConferBufferBinding) bind_b = NULL;
  g_autoptr(ConferRemoteCursors) cursors_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bob_id = NULL;   /* a copy: the client's changes when it is welcomed again */
  GtkTextIter iter;

  pair_open (&pair);
  bob_id = g_strdup (confer_client_get_participant_id (pair.bob));
  bind_b = confer_buffer_binding_new (b, pair.doc_b);
  cursors_b = confer_remote_cursors_new (GTK_TEXT_VIEW (view_b), pair.bob, pair.doc_b);
  /* Bob types, as a user does (interactively, at his caret), in bursts
   * that outrun the acknowledgements. */
  for (guint i = 0; i < 20; i++)
    {
      gtk_text_buffer_insert_interactive_at_cursor (b, "héllo ", -1, TRUE);
      g_main_context_iteration (NULL, FALSE);
    }
  gtk_text_buffer_get_iter_at_mark (b, &iter, gtk_text_buffer_get_insert (b));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 120);

  for (guint round = 0; round < 2; round++)
    {
      /* A participant arriving now (a new view of the document). */
      g_autoptr(ConferClient) cy = confer_test_client_new (pair.server->link, "Cy");
      ConferClientDoc *doc_c = confer_client_open_doc (cy, confer_client_doc_get_id (pair.doc_b));
      GtkWidget *view_c = g_object_ref_sink (gtk_text_view_new ());
      g_autoptr(ConferBufferBinding) bind_c = NULL;
      g_autoptr(ConferRemoteCursors) cursors_c = NULL;

      confer_client_doc_wait (doc_c, FALSE, 15000, &error);
      g_assert_no_error (error);
      bind_c = confer_buffer_binding_new (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_c)), doc_c);
      cursors_c = confer_remote_cursors_new (GTK_TEXT_VIEW (view_c), cy, doc_c);
      g_assert_cmpint (wait_cursor_at (cursors_c, bob_id, 120), ==, 120);
      g_clear_object (&cursors_c);
      g_clear_object (&bind_c);
      g_object_unref (view_c);

      /* Then Bob's connection drops and comes back. */
      if (round == 0)
        {
          confer_client_drop_connection (pair.bob);
          confer_client_wait_online (pair.bob, 15000, &error);
          g_assert_no_error (error);
          confer_client_doc_wait (pair.doc_b, TRUE, 15000, &error);
          g_assert_no_error (error);
        }
    }

  g_clear_object (&cursors_b);
  g_clear_object (&bind_b);
  g_object_unref (view_b);
  pair_close (&pair);
}

/* Clicking Bob in the participant list scrolls Ann's editor to his
 * cursor, far down a long document. */
static void
test_scroll_to_participant (void)
{
  Pair pair;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view_a = gtk_text_view_new ();
  g_autoptr(GtkTextBuffer) b = gtk_text_buffer_new (NULL);
  GtkTextBuffer *a = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_a));
  g_autoptr(ConferBufferBinding) bind_a = NULL;
  g_autoptr(ConferBufferBinding) bind_b = NULL;
  g_autoptr(ConferRemoteCursors) cursors_a = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GdkRectangle visible, location;
  const char *bob_id;
  GtkTextIter iter;
  int offset = -1;
  gint64 deadline;

  pair_open (&pair);
  bob_id = confer_client_get_participant_id (pair.bob);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view_a);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 200);
  gtk_window_present (GTK_WINDOW (window));
  bind_a = confer_buffer_binding_new (a, pair.doc_a);
  bind_b = confer_buffer_binding_new (b, pair.doc_b);
  cursors_a = confer_remote_cursors_new (GTK_TEXT_VIEW (view_a), pair.ann, pair.doc_a);
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "line %u\n", i);
  gtk_text_buffer_get_end_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, text->str, -1);
  wait_equal (a, b, pair.doc_a, pair.doc_b);

  /* Bob's cursor is on line 290; only his client shares it. */
  {
    g_autoptr(ConferRemoteCursors) cursors_b = NULL;
    GtkWidget *view_b = g_object_ref_sink (gtk_text_view_new_with_buffer (b));

    cursors_b = confer_remote_cursors_new (GTK_TEXT_VIEW (view_b), pair.bob, pair.doc_b);
    gtk_text_buffer_get_iter_at_line (b, &iter, 290);
    gtk_text_buffer_place_cursor (b, &iter);
    deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
    while ((!confer_remote_cursors_get_offset (cursors_a, bob_id, &offset) || offset == 0) &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_clear_object (&cursors_b);
    g_object_unref (view_b);
  }
  g_assert_cmpint (offset, ==, gtk_text_iter_get_offset (&iter));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);

  g_assert_true (confer_remote_cursors_scroll_to (cursors_a, bob_id));
  g_assert_false (confer_remote_cursors_scroll_to (cursors_a, "nobody"));
  /* The text view scrolls once it has laid out the lines on the way, which
   * under load takes a while: wait for the outcome itself, the view moved
   * and the line in sight (an estimated location can look visible before
   * the view has scrolled at all). */
  gtk_text_buffer_get_iter_at_offset (a, &iter, offset);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view_a), &visible);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view_a), &iter, &location);
      if ((gtk_adjustment_get_value (vadjustment) > 0 && location.y >= visible.y &&
           location.y + location.height <= visible.y + visible.height) ||
          g_get_monotonic_time () > deadline)
        break;
      g_usleep (5000);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
  g_assert_cmpint (location.y, >=, visible.y);
  g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);

  g_clear_object (&cursors_a);
  g_clear_object (&bind_a);
  g_clear_object (&bind_b);
  gtk_window_destroy (GTK_WINDOW (window));
  pair_close (&pair);
}

/* Per-user undo: Ann types, Bob types, Ann undoes — only Ann's text
 * goes, on both sides; redo brings it back. Bob's edits never enter Ann's
 * history. */
static void
test_per_user_undo (void)
{
  Pair pair;
  g_autoptr(GtkTextBuffer) a = gtk_text_buffer_new (NULL);
  g_autoptr(GtkTextBuffer) b = gtk_text_buffer_new (NULL);
  g_autoptr(ConferBufferBinding) bind_a = NULL;
  g_autoptr(ConferBufferBinding) bind_b = NULL;
  g_autofree char *text = NULL;
  GtkTextIter iter;

  pair_open (&pair);
  bind_a = confer_buffer_binding_new (a, pair.doc_a);
  bind_b = confer_buffer_binding_new (b, pair.doc_b);

  gtk_text_buffer_get_start_iter (a, &iter);
  gtk_text_buffer_insert (a, &iter, "Ann was here. ", -1);
  wait_equal (a, b, pair.doc_a, pair.doc_b);
  gtk_text_buffer_get_end_iter (b, &iter);
  gtk_text_buffer_insert (b, &iter, "Bob too.", -1);
  gtk_text_buffer_get_start_iter (b, &iter);
  gtk_text_buffer_insert (b, &iter, "» ", -1);
  wait_equal (a, b, pair.doc_a, pair.doc_b);

  g_assert_true (confer_buffer_binding_undo (bind_a));
  wait_equal (a, b, pair.doc_a, pair.doc_b);
  text = buffer_text (b);
  g_assert_cmpstr (text, ==, "» Bob too.");
  /* Nothing of Bob's is Ann's to undo. */
  g_assert_false (confer_buffer_binding_undo (bind_a));

  g_assert_true (confer_buffer_binding_redo (bind_a));
  wait_equal (a, b, pair.doc_a, pair.doc_b);
  g_clear_pointer (&text, g_free);
  text = buffer_text (a);
  g_assert_cmpstr (text, ==, "» Ann was here. Bob too.");

  /* Bob's own undo takes back his two edits, typed together. */
  g_assert_true (confer_buffer_binding_undo (bind_b));
  wait_equal (a, b, pair.doc_a, pair.doc_b);
  g_clear_pointer (&text, g_free);
  text = buffer_text (a);
  g_assert_cmpstr (text, ==, "Ann was here. ");

  g_clear_object (&bind_a);
  g_clear_object (&bind_b);
  pair_close (&pair);
}

/* Remote edits reach a text view that accessibility tools can see (the
 * suite runs under the real AT-SPI bus): GTK hands the inserted text to
 * AT-SPI as a C string, so it must end where the insert ends. Bob's inserts
 * are long enough to leave the operation's inline buffer, with emoji, CJK
 * and combining marks, and several share one operation. */
static void
test_accessible_remote_edits (void)
{
  static const char *pieces[] = {
    "e\u0301", "😀", "中文の文章", "Ünïcödé ", "👩‍👩‍👧‍👦 family", "한국어 텍스트 ",
    "a line long enough to leave the operation's inline text buffer behind it\n",
  };
  Pair pair;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *a = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr(ConferBufferBinding) bind_a = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 deadline;

  pair_open (&pair);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  bind_a = confer_buffer_binding_new (a, pair.doc_a);
  gtk_widget_grab_focus (view);

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(ConferTextOp) op = confer_text_op_new ();
      g_autoptr(GString) inserted = g_string_new (NULL);
      gsize length = g_utf8_strlen (expected->str, -1);

      /* An insert at the end, and one at the start when there is text. */
      for (guint k = 0; k <= round % G_N_ELEMENTS (pieces); k++)
        g_string_append (inserted, pieces[(round + k) % G_N_ELEMENTS (pieces)]);
      if (length > 0)
        {
          const char *first = pieces[round % G_N_ELEMENTS (pieces)];

          confer_text_op_insert (op, first, strlen (first), g_utf8_strlen (first, -1));
          confer_text_op_skip (op, length);
          g_string_prepend (expected, pieces[round % G_N_ELEMENTS (pieces)]);
        }
      confer_text_op_insert (op, inserted->str, inserted->len, g_utf8_strlen (inserted->str, -1));
      g_string_append (expected, inserted->str);
      confer_client_doc_apply_local (pair.doc_b, op, &error);
      g_assert_no_error (error);
      confer_client_doc_wait (pair.doc_b, TRUE, 15000, &error);
      g_assert_no_error (error);
    }

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&text, g_free);
      g_main_context_iteration (NULL, TRUE);
      text = buffer_text (a);
    }
  while (!g_str_equal (text, expected->str) && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (text, ==, expected->str);

  g_clear_object (&bind_a);
  gtk_window_destroy (GTK_WINDOW (window));
  pair_close (&pair);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/buffer-binding/two-buffers", test_two_buffers);
  g_test_add_func ("/ui/buffer-binding/remote-cursor", test_remote_cursor);
  g_test_add_func ("/ui/buffer-binding/presence-follows-typing", test_presence_follows_typing);
  g_test_add_func ("/ui/buffer-binding/edit-before-remote-shown", test_edit_before_remote_shown);
  g_test_add_func ("/ui/buffer-binding/per-user-undo", test_per_user_undo);
  g_test_add_func ("/ui/buffer-binding/scroll-to-participant", test_scroll_to_participant);
  g_test_add_func ("/ui/buffer-binding/accessible-remote-edits", test_accessible_remote_edits);
  return g_test_run ();
}
