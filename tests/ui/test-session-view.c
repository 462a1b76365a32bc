/* test-session-view.c: the session view with real clients of a real
 * conferd, under Xvfb and the real AT-SPI bus: what each role is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "confer-board-page.h"
#include "confer-chat-pane.h"
#include "confer-buffer-binding.h"
#include "confer-render.h"
#include "confer-session-view.h"
#include "confer-test-screenshot.h"
#include "confer-test-server.h"

static ConferTestServer *server;
static ConferClient *owner;
static char *doc_id;

#define DOC_TEXT "Minutes of the meeting\n"

static gpointer
child (ConferSessionView *view,
       const char        *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (view), CONFER_TYPE_SESSION_VIEW, name);
}

/* Runs the main loop until @done holds or 15 s have passed. */
static void
wait_until (gboolean (*done) (ConferSessionView *view),
            ConferSessionView *view)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!done (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* The editor shows the open document's text. */
static gboolean
doc_shown (ConferSessionView *view)
{
  ConferBufferBinding *binding = confer_session_view_get_binding (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (view, "editor"));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *shared = NULL;

  if (binding == NULL || !confer_client_doc_is_ready (confer_buffer_binding_get_doc (binding)))
    return FALSE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  shared = confer_rope_to_string (confer_client_doc_get_rope (confer_buffer_binding_get_doc (binding)), NULL);
  return g_str_equal (text, shared);
}

/* The editor shows the minutes. */
static gboolean
doc_loaded (ConferSessionView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (view, "editor"));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  return doc_shown (view) && strstr (text, DOC_TEXT) != NULL;
}

static gboolean
some_doc_open (ConferSessionView *view)
{
  return confer_session_view_get_document_title (view) != NULL;
}

/* A window showing the session as a participant with @role. */
static ConferSessionView *
view_as (const char *role,
         GtkWindow **window)
{
  g_autofree char *link = confer_test_invite (owner, role, 0, 0, NULL);
  g_autoptr(ConferClient) client = confer_test_client_new (link, role);
  ConferSessionView *view = g_object_new (CONFER_TYPE_SESSION_VIEW, NULL);

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 900, 600);
  gtk_window_set_child (*window, GTK_WIDGET (view));
  gtk_window_present (*window);
  confer_session_view_set_client (view, client);
  confer_session_view_open_doc (view, doc_id);
  wait_until (doc_loaded, view);
  g_assert_true (doc_loaded (view));
  return view;
}

static gboolean
notice_shown (ConferSessionView *view)
{
  return gtk_revealer_get_child_revealed (child (view, "read_only_notice"));
}

/* Viewers, commenters and guests are told the document is view only; the
 * editor has no caret and takes no typing. Editors see none of that. */
static void
test_read_only_roles (void)
{
  static const char *roles[] = { "viewer", "commenter", "guest", "editor" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      GtkWindow *window;
      ConferSessionView *view = view_as (roles[i], &window);
      GtkTextView *editor = child (view, "editor");
      GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (gtk_revealer_get_child (child (view, "read_only_notice"))));
      gboolean editable = g_str_equal (roles[i], "editor");

      g_test_message ("%s", roles[i]);
      if (!editable)
        wait_until (notice_shown, view);
      if (i == 0)
        confer_test_screenshot ("session-view-viewer");
      g_assert_cmpint (notice_shown (view), ==, !editable);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)) == !editable);
      g_assert_cmpstr (gtk_label_get_text (label), ==, "View only — ask an owner for edit access");
      g_assert_cmpint (gtk_text_view_get_editable (editor), ==, editable);
      g_assert_cmpint (gtk_text_view_get_cursor_visible (editor), ==, editable);
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (editor), "read-only"), ==, !editable);
      /* Typing as a user would: refused unless the role may edit. */
      g_assert_cmpint (gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (editor), "x", -1,
                                                                    gtk_text_view_get_editable (editor)),
                       ==, editable);
      gtk_window_destroy (window);
    }
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Moving the focus through the sidebar opens nothing; activating a row
 * (Enter) opens its document; the participant list can be reached by
 * keyboard; F6 moves between the sidebar and the editor. */
static void
test_keyboard (void)
{
  g_autofree char *agenda = confer_test_create_doc (owner, "Agenda");
  g_autofree char *link = confer_test_invite (owner, "editor", 0, 0, NULL);
  g_autoptr(ConferClient) client = confer_test_client_new (link, "Kim");
  ConferSessionView *view = g_object_new (CONFER_TYPE_SESSION_VIEW, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *doc_list, *participant_list, *editor;
  GtkListBoxRow *row, *other = NULL;
  g_autofree char *opened = NULL;
  gboolean reached_participants = FALSE;

  gtk_window_set_default_size (window, 900, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  confer_session_view_set_client (view, client);
  doc_list = child (view, "doc_list");
  participant_list = child (view, "participant_list");
  editor = child (view, "editor");
  /* Joining opened the document edited last; nothing below changes it
   * until a row is activated. */
  wait_until (some_doc_open, view);
  opened = g_strdup (confer_session_view_get_document_title (view));

  /* Tab through the whole sidebar: nothing opens, and the participants
   * are on the way. */
  gtk_widget_grab_focus (doc_list);
  for (guint i = 0; i < 20 && !reached_participants; i++)
    {
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      g_main_context_iteration (NULL, FALSE);
      reached_participants = has_focus_within (participant_list);
      g_assert_cmpstr (confer_session_view_get_document_title (view), ==, opened);
    }
  g_assert_true (reached_participants);
  /* Each avatar wears its participant's cursor colour. */
  {
    GtkListBoxRow *first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (participant_list), 0);
    GtkWidget *avatar = gtk_widget_get_next_sibling (gtk_widget_get_first_child (gtk_list_box_row_get_child (first)));
    g_autofree char *expected = NULL;
    const char *colour = NULL;
    const char *name = adw_avatar_get_text (ADW_AVATAR (avatar));   /* the name itself, never numbered */
    GListModel *participants = confer_client_get_participants (client);

    for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
      {
        g_autoptr(ConferParticipant) participant = g_list_model_get_item (participants, i);

        if (g_strcmp0 (confer_participant_get_name (participant), name) == 0)
          colour = confer_participant_get_colour (participant);  /* the list keeps it */
      }
    g_assert_nonnull (colour);
    expected = g_strdup_printf ("participant-colour-%s", colour + 1);
    g_assert_true (gtk_widget_has_css_class (avatar, expected));
  }
  /* Arrow keys over the documents open nothing either. */
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (doc_list), i)) != NULL; i++)
    if (!gtk_widget_has_css_class (GTK_WIDGET (row), "open-document"))
      other = row;
  g_assert_nonnull (other);
  gtk_widget_grab_focus (GTK_WIDGET (other));
  gtk_widget_child_focus (doc_list, GTK_DIR_DOWN);
  gtk_widget_child_focus (doc_list, GTK_DIR_UP);
  g_assert_cmpstr (confer_session_view_get_document_title (view), ==, opened);

  /* Enter on another row opens it, and the editor has the focus. */
  g_signal_emit_by_name (other, "activate");
  g_assert_cmpstr (confer_session_view_get_document_title (view), !=, opened);
  wait_until (doc_shown, view);
  g_assert_true (has_focus_within (editor));

  /* F6 goes to the sidebar and back. */
  gtk_widget_activate_action (GTK_WIDGET (view), "session.cycle-focus", NULL);
  g_assert_true (has_focus_within (doc_list) || has_focus_within (participant_list) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         adw_flap_get_flap (confer_session_view_get_flap (view))));
  g_assert_false (has_focus_within (editor));
  gtk_widget_activate_action (GTK_WIDGET (view), "session.cycle-focus", NULL);
  g_assert_true (has_focus_within (editor));
  gtk_window_destroy (window);
}

static const char *
find_doc (ConferClient *client,
          const char   *title)
{
  return confer_client_find_doc (client, title);
}

/* A Latin-1 file is imported with its encoding guessed (not refused); a
 * file of binary data is not imported. */
static void
test_import_encodings (void)
{
  g_autofree char *link = confer_test_invite (owner, "editor", 0, 0, NULL);
  g_autoptr(ConferClient) client = confer_test_client_new (link, "Lea");
  ConferSessionView *view = g_object_new (CONFER_TYPE_SESSION_VIEW, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autofree char *dir = g_dir_make_tmp ("confer-import-XXXXXX", NULL);
  g_autofree char *latin1 = g_build_filename (dir, "recette.txt", NULL);
  g_autofree char *binary = g_build_filename (dir, "image.bin", NULL);
  g_autoptr(GFile) latin1_file = g_file_new_for_path (latin1);
  g_autoptr(GFile) binary_file = g_file_new_for_path (binary);
  static const char binary_bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  const char *id;
  ConferClientDoc *doc;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  confer_session_view_set_client (view, client);
  g_file_set_contents (latin1, "caf\xe9 cr\xe8" "me br\xfbl\xe9" "e\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (binary, binary_bytes, sizeof binary_bytes, &error);
  g_assert_no_error (error);

  confer_session_view_import_file (view, binary_file);
  confer_session_view_import_file (view, latin1_file);
  while ((id = find_doc (client, "recette.txt")) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (id);
  g_assert_null (find_doc (client, "image.bin"));
  doc = confer_client_open_doc (client, id);
  do
    {
      g_clear_pointer (&text, g_free);
      g_main_context_iteration (NULL, TRUE);
      text = confer_client_doc_is_ready (doc) ? confer_rope_to_string (confer_client_doc_get_rope (doc), NULL) : NULL;
    }
  while (g_strcmp0 (text, "café crème brûlée\n") != 0 && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (text, ==, "café crème brûlée\n");

  gtk_window_destroy (window);
  g_unlink (latin1);
  g_unlink (binary);
  g_rmdir (dir);
}

/* The participant list: you first, then who is here, then who is away;
 * two people with one name are told apart. */
static void
test_participant_order (void)
{
  g_autofree char *link_a = confer_test_invite (owner, "editor", 0, 0, NULL);
  g_autofree char *link_b = confer_test_invite (owner, "editor", 0, 0, NULL);
  g_autofree char *link_me = confer_test_invite (owner, "viewer", 0, 0, NULL);
  g_autoptr(ConferClient) twin_a = confer_test_client_new (link_a, "Sam");
  ConferClient *twin_b = confer_test_client_new (link_b, "Sam");
  g_autoptr(ConferClient) me = confer_test_client_new (link_me, "Zoe");
  ConferSessionView *view = g_object_new (CONFER_TYPE_SESSION_VIEW, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkListBox *list;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  gboolean away_seen = FALSE;
  guint n_sam = 0;

  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  confer_session_view_set_client (view, me);
  list = child (view, "participant_list");
  /* One Sam leaves. */
  g_object_unref (twin_b);
  for (;;)
    {
      GtkListBoxRow *row;
      guint n_rows = 0;

      g_ptr_array_set_size (labels, 0);
      away_seen = FALSE;
      while ((row = gtk_list_box_get_row_at_index (list, n_rows)) != NULL)
        {
          GtkWidget *box = gtk_list_box_row_get_child (row);
          GtkWidget *name = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (gtk_widget_get_first_child (box)));
          GtkWidget *state = gtk_widget_get_last_child (box);

          g_ptr_array_add (labels, g_strdup_printf ("%s|%s", gtk_label_get_text (GTK_LABEL (name)),
                                                    gtk_label_get_text (GTK_LABEL (state))));
          away_seen |= g_str_equal (gtk_label_get_text (GTK_LABEL (state)), "away");
          n_rows++;
        }
      if (away_seen || g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (away_seen);
  g_assert_cmpstr (g_ptr_array_index (labels, 0), ==, "Zoe|you");
  for (guint i = 1; i < labels->len; i++)
    {
      const char *entry = g_ptr_array_index (labels, i);
      const char *previous = g_ptr_array_index (labels, i - 1);

      g_test_message ("%s", entry);
      /* Nobody here after someone away. */
      g_assert_false (g_str_has_suffix (previous, "|away") && g_str_has_suffix (entry, "|here"));
      if (g_str_has_prefix (entry, "Sam"))
        n_sam++;
    }
  g_assert_cmpuint (n_sam, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Sam (2)|here", g_str_equal, NULL) ||
                 g_ptr_array_find_with_equal_func (labels, "Sam (2)|away", g_str_equal, NULL));
  gtk_window_destroy (window);
}

/* Joining lands in the document edited most recently. */
static void
test_lands_in_latest (void)
{
  g_autofree char *first = confer_test_create_doc (owner, "First made");
  g_autofree char *second = confer_test_create_doc (owner, "Second made");
  g_autofree char *link = confer_test_invite (owner, "editor", 0, 0, NULL);
  g_autoptr(ConferClient) client = NULL;
  ConferSessionView *view = g_object_new (CONFER_TYPE_SESSION_VIEW, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  /* A second later than every other document's last edit. */
  g_usleep (1100 * 1000);
  confer_test_insert (owner, first, "edited last");

  client = confer_test_client_new (link, "Lou");
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  confer_session_view_set_client (view, client);
  wait_until (some_doc_open, view);
  g_assert_cmpstr (confer_session_view_get_document_title (view), ==, "First made");
  gtk_window_destroy (window);
}

/* The open board's page says what it holds. */
static const char *
board_description (ConferSessionView *view)
{
  GtkStack *stack = child (view, "editor_stack");
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "board");

  if (page == NULL || gtk_stack_get_visible_child (stack) != page)
    return NULL;
  return confer_board_page_get_summary (CONFER_BOARD_PAGE (page));
}

/* Whether the picture at @path is all there: a PNG that loads (kind 0),
 * an SVG that ends its document (1), a PDF with its end-of-file mark (2). */
static gboolean
picture_is_whole (const char *path,
                  guint       kind)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  if (kind == 0)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);

      return texture != NULL;
    }
  if (kind == 1)
    return g_strrstr (contents, "</svg>") != NULL;
  /* Its last bytes: a PDF's streams hold NULs. */
  return g_strstr_len (contents + length - MIN (length, 16), MIN (length, 16), "%%EOF") != NULL;
}

static char *expected_description;

static gboolean
board_says_expected (ConferSessionView *view)
{
  return g_strcmp0 (board_description (view), expected_description) == 0;
}

/* The row of the item titled @title, or NULL. */
static GtkWidget *
item_row (ConferSessionView *view,
          const char        *label)
{
  for (GtkWidget *row = gtk_widget_get_first_child (child (view, "doc_list")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *text = gtk_widget_get_last_child (box);

      if (g_str_equal (gtk_label_get_text (GTK_LABEL (text)), label))
        return row;
    }
  return NULL;
}

static gboolean
board_listed (ConferSessionView *view)
{
  return item_row (view, "Plan") != NULL;
}

static void
add_rectangle (ConferClientBoard *board,
               const char        *id,
               const char        *index,
               ConferBoardElementType type)
{
  g_autoptr(ConferBoardElement) element = confer_board_element_new (type, id);
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
  g_autoptr(GError) error = NULL;

  confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, index);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, 100);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, 60);
  confer_board_tx_add (tx, element);
  g_assert_true (confer_client_board_apply (board, tx, FALSE, &error));
  g_assert_no_error (error);
}

/* Text documents and boards side by side in the sidebar, each with its
 * icon and kind for screen readers; a board opens to what it holds, kept
 * current as others draw; renames and deletions of a board reach the
 * window as a document's do; who may not change items cannot make boards. */
static void
test_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) plan = confer_client_create_item (owner, CONFER_ITEM_KIND_BOARD, "Plan", 15000, &error);
  ConferClientBoard *board;
  GtkWindow *window;
  ConferSessionView *view;
  GtkWidget *row;
  guint n_items;

  g_assert_no_error (error);
  board = confer_client_open_board (owner, confer_item_get_id (plan));
  g_assert_true (confer_client_board_wait (board, FALSE, 15000, &error));
  add_rectangle (board, "r1", "a0", CONFER_BOARD_ELEMENT_RECTANGLE);
  add_rectangle (board, "r2", "a1", CONFER_BOARD_ELEMENT_RECTANGLE);
  add_rectangle (board, "t1", "a2", CONFER_BOARD_ELEMENT_TEXT);
  g_assert_true (confer_client_board_wait (board, TRUE, 15000, &error));

  view = view_as ("editor", &window);
  wait_until (board_listed, view);
  row = item_row (view, "Plan");
  g_assert_nonnull (row);
  g_assert_true (GTK_IS_IMAGE (gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))))),
                   ==, "x-office-drawing-symbolic");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (item_row (view, "Minutes")))))),
                   ==, "x-office-document-symbolic");

  /* Activated, the board opens to what it holds. */
  g_signal_emit_by_name (child (view, "doc_list"), "row-activated", row);
  expected_description = g_strdup ("2 rectangles, 1 text");
  wait_until (board_says_expected, view);
  g_assert_cmpstr (board_description (view), ==, expected_description);
  g_assert_cmpstr (confer_session_view_get_document_title (view), ==, "Plan");
  confer_test_screenshot ("session-view-board");

  /* Someone draws: the page follows. */
  add_rectangle (board, "e1", "a3", CONFER_BOARD_ELEMENT_ELLIPSE);
  g_free (expected_description);
  expected_description = g_strdup ("2 rectangles, 1 ellipse, 1 text");
  wait_until (board_says_expected, view);
  g_assert_cmpstr (board_description (view), ==, expected_description);

  /* Renamed and deleted like a document. */
  confer_client_rename_item_async (owner, confer_item_get_id (plan), "Roadmap", NULL, NULL, NULL);
  wait_until (some_doc_open, view);
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (g_strcmp0 (confer_session_view_get_document_title (view), "Roadmap") != 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpstr (confer_session_view_get_document_title (view), ==, "Roadmap");
  confer_client_delete_item_async (owner, confer_item_get_id (plan), NULL, NULL, NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (board_description (view) != NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_null (board_description (view));

  /* New Board makes one and opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.new-board", NULL));
  g_free (expected_description);
  expected_description = g_strdup ("The board is empty.");
  wait_until (board_says_expected, view);
  g_assert_cmpstr (board_description (view), ==, expected_description);
  g_assert_cmpstr (confer_session_view_get_document_title (view), ==, "Board 1");

  /* A template comes in through the import path, as one change. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.new-board-from", "s", "kanban"));
  g_free (expected_description);
  expected_description = g_strdup ("3 rectangles, 3 texts, 3 sticky notes");
  wait_until (board_says_expected, view);
  g_assert_cmpstr (board_description (view), ==, expected_description);
  g_assert_cmpstr (confer_session_view_get_document_title (view), ==, "Kanban");
  confer_test_screenshot ("session-view-template");

  /* An Excalidraw file imports as a board, its image with it, and exports
   * again with it. */
  {
    g_autofree char *scenes = g_build_filename (g_getenv ("CONFER_SHARED_DATA") != NULL ? g_getenv ("CONFER_SHARED_DATA") : "",
                                                "excalidraw", "vscode-test.excalidraw", NULL);
    g_autoptr(GFile) scene = g_file_new_for_path (scenes);
    g_autofree char *dir = g_dir_make_tmp ("confer-export-XXXXXX", NULL);
    g_autofree char *out_path = g_build_filename (dir, "out.excalidraw", NULL);
    g_autoptr(GFile) out = g_file_new_for_path (out_path);
    g_autoptr(ConferExcalidrawScene) back = NULL;
    gint64 deadline;

    if (g_file_query_exists (scene, NULL))
      {
        g_free (expected_description);
        expected_description = g_strdup ("2 rectangles, 2 ellipses, 1 arrow, 5 texts, 1 image");
        confer_session_view_import_file (view, scene);
        wait_until (board_says_expected, view);
        g_assert_cmpstr (board_description (view), ==, expected_description);
        g_assert_cmpstr (confer_session_view_get_document_title (view), ==, "vscode-test");
        confer_session_view_export_file (view, out);
        /* Written whole once the toast says so; until then, keep going. */
        deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
        while ((back = confer_excalidraw_read_file (out_path, NULL)) == NULL && g_get_monotonic_time () < deadline)
          g_main_context_iteration (NULL, TRUE);
        g_assert_nonnull (back);
        g_assert_cmpuint (back->elements->len, ==, 11);
        g_assert_cmpuint (g_hash_table_size (back->blobs), ==, 1);
        g_unlink (out_path);

        /* A name ending in .png, .svg or .pdf exports a picture, drawn in
         * a worker thread: a PNG at 2× the board's size, an SVG with its
         * texts, a one-page PDF. */
        {
          static const char *const endings[] = { "png", "svg", "pdf" };
          ConferRenderArea area;
          int width, height;

          GtkWidget *page = gtk_stack_get_child_by_name (child (view, "editor_stack"), "board");

          confer_render_export_get_area (confer_client_board_get_board (confer_board_page_get_board (CONFER_BOARD_PAGE (page))),
                                         2, &area, &width, &height);
          for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
            {
              g_autofree char *name = g_strconcat ("out.", endings[i], NULL);
              g_autofree char *path = g_build_filename (dir, name, NULL);
              g_autoptr(GFile) picture = g_file_new_for_path (path);
              g_autofree char *contents = NULL;
              gsize length = 0;

              confer_session_view_export_file (view, picture);
              /* Until the file is whole, keep going. */
              deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
              while (!picture_is_whole (path, i) && g_get_monotonic_time () < deadline)
                g_main_context_iteration (NULL, FALSE);
              g_assert_true (picture_is_whole (path, i));
              g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
              if (i == 0)
                {
                  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);

                  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
                  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
                }
              else if (i == 1)
                g_assert_nonnull (g_strstr_len (contents, length, "VS Code Excalidraw"));
              else
                g_assert_true (g_str_has_prefix (contents, "%PDF-"));
              g_unlink (path);
            }
        }
        g_rmdir (dir);
      }
    else
      g_test_message ("../shared/data is not beside the checkout: no Excalidraw import");
  }
  gtk_window_destroy (window);

  /* A viewer cannot make boards: the action does nothing. */
  view = view_as ("viewer", &window);
  n_items = g_list_model_get_n_items (confer_client_get_items (owner));
  gtk_widget_activate_action (GTK_WIDGET (view), "session.new-board", NULL);
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (confer_client_get_items (owner)), ==, n_items);
  gtk_window_destroy (window);
  g_clear_pointer (&expected_description, g_free);
}

static gboolean
one_unread (ConferSessionView *view)
{
  return g_strcmp0 (gtk_button_get_label (child (view, "chat_button")), "1") == 0;
}

static gboolean
two_unread_one_mention (ConferSessionView *view)
{
  return g_strcmp0 (gtk_button_get_label (child (view, "chat_button")), "@2") == 0;
}

static gboolean
chat_open (ConferSessionView *view)
{
  GtkRevealer *revealer = child (view, "chat_revealer");

  return gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_child (revealer) != NULL &&
         gtk_button_get_label (child (view, "chat_button")) == NULL;
}

static ConferChatPane *
open_chat (ConferSessionView *view)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.toggle-chat", NULL));
  wait_until (chat_open, view);
  g_assert_true (chat_open (view));
  return CONFER_CHAT_PANE (gtk_revealer_get_child (child (view, "chat_revealer")));
}

/* Messages others send while the chat is hidden are counted on the chat
 * button (and read out with it), "@" before the count once one mentions
 * this participant; showing the chat clears the count. The notification
 * choice made in the chat's header is kept for the session: another view
 * of it shows it. */
static void
test_chat_unread (void)
{
  GtkWindow *window;
  ConferSessionView *view = view_as ("editor", &window);
  ConferClientChat *chat = confer_client_open_chat (owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("org.confer.Confer");
  g_autoptr(GVariant) stored = NULL;
  g_autofree char *key = confer_link_get_session_key (confer_client_get_link (owner));
  const char *choice = NULL;
  ConferChatPane *pane;

  g_assert_true (confer_client_chat_wait (chat, FALSE, 15000, &error));
  g_assert_nonnull (confer_client_chat_send (chat, "One", NULL, NULL, &error));
  wait_until (one_unread, view);
  g_assert_true (one_unread (view));
  g_assert_false (gtk_widget_has_css_class (child (view, "chat_button"), "chat-mentioned"));
  g_assert_nonnull (confer_client_chat_send (chat, "Two, @editor", NULL, NULL, &error));
  wait_until (two_unread_one_mention, view);
  g_assert_true (two_unread_one_mention (view));
  g_assert_true (gtk_widget_has_css_class (child (view, "chat_button"), "chat-mentioned"));
  pane = open_chat (view);
  confer_test_screenshot ("session-view-chat");

  g_assert_cmpint (confer_chat_pane_get_notify (pane), ==, CONFER_CHAT_NOTIFY_MENTIONS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "chat.notify", "s", "none"));
  g_assert_cmpint (confer_chat_pane_get_notify (pane), ==, CONFER_CHAT_NOTIFY_NONE);
  stored = g_settings_get_value (settings, "chat-notifications");
  g_assert_true (g_variant_lookup (stored, key, "&s", &choice));
  g_assert_cmpstr (choice, ==, "none");
  gtk_window_destroy (window);

  view = view_as ("editor", &window);
  pane = open_chat (view);
  g_assert_cmpint (confer_chat_pane_get_notify (pane), ==, CONFER_CHAT_NOTIFY_NONE);
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = confer_test_server_start (TRUE);
  owner = confer_test_client_new (server->link, "Owner");
  doc_id = confer_test_create_doc (owner, "Minutes");
  confer_test_insert (owner, doc_id, DOC_TEXT);

  g_test_add_func ("/ui/session-view/read-only-roles", test_read_only_roles);
  g_test_add_func ("/ui/session-view/keyboard", test_keyboard);
  g_test_add_func ("/ui/session-view/import-encodings", test_import_encodings);
  g_test_add_func ("/ui/session-view/participant-order", test_participant_order);
  g_test_add_func ("/ui/session-view/lands-in-latest", test_lands_in_latest);
  g_test_add_func ("/ui/session-view/items", test_items);
  g_test_add_func ("/ui/session-view/chat-unread", test_chat_unread);
  status = g_test_run ();
  g_clear_object (&owner);
  confer_test_server_free (server);
  g_free (doc_id);
  return status;
}
