/* test-chat-pane.c: the chat pane with a real conferd and the real
 * accessibility stack: Markdown shown as styles and everything else
 * literally; sending, replying, reacting, editing and deleting from the
 * pane reach another participant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "confer-chat-composer.h"
#include "confer-chat-markdown.h"
#include "confer-chat-notify.h"
#include "confer-chat-pane.h"
#include "confer-chat-row.h"
#include "confer-chat-thread.h"
#include "confer-test-screenshot.h"
#include "confer-test-server.h"

#define WAIT_MS 15000

static ConferTestServer *server;

/* Whether a label takes @markup: Pango's markup, and GtkLabel's <a>. */
static gboolean
label_markup_valid (const char *markup)
{
  g_autoptr(GRegex) links = g_regex_new ("<a href=\"[^\"<>]*\">|</a>", 0, 0, NULL);
  g_autofree char *rest = g_regex_replace_literal (links, markup, -1, 0, "", 0, NULL);

  return pango_parse_markup (rest, -1, 0, NULL, NULL, NULL, NULL);
}

/* The renderer: styles for the subset, escapes for everything else, no
 * link but http, https and mailto, and always markup Pango accepts. */
/* Who a message mentions: "@Name" in any case, as a word of its own — not
 * inside an e-mail address, not the start of a longer name. */
static void
test_mentions (void)
{
  g_assert_true (confer_chat_mentions ("Hi @ann, look", "Ann"));
  g_assert_true (confer_chat_mentions ("@Ann", "Ann"));
  g_assert_true (confer_chat_mentions ("(cc @ÄNNE)", "Änne"));
  g_assert_true (confer_chat_mentions ("bob@ann.example and @Ann", "Ann"));
  g_assert_false (confer_chat_mentions ("write to bob@ann.example", "Ann"));
  g_assert_false (confer_chat_mentions ("@Anna", "Ann"));
  g_assert_false (confer_chat_mentions ("Ann without the at", "Ann"));
}

static void
test_markdown (void)
{
  static const struct { const char *text; const char *markup; } cases[] = {
    { "Hello **everyone**", "Hello <b>everyone</b>" },
    { "_this_ and `code`", "<i>this</i> and <tt>code</tt>" },
    { "~~gone~~", "<s>gone</s>" },
    { "<b>not bold</b> & <script>", "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;" },
    { "[site](https://example.org/?a=1&b=2)", "<a href=\"https://example.org/?a=1&amp;b=2\">site</a>" },
    { "[run](javascript:alert(1))", "run" },
    { "[file](file:///etc/passwd)", "file" },
    { "- one\n- two", "• one\n• two" },
    { "1. first\n2. second", "1. first\n2. second" },
    { "line one\nline two", "line one\nline two" },
    { "```\n<i>x</i>\n```", "<tt>&lt;i&gt;x&lt;/i&gt;</tt>" },
    { "&copy; &amp; &#65;", "&amp;copy; &amp; &#65;" },
    { "&#0; &#x1;", "&amp;#0; &amp;#x1;" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = confer_chat_markdown_to_pango (cases[i].text);

      g_assert_cmpstr (markup, ==, cases[i].markup);
      g_assert_true (label_markup_valid (markup));
    }

  /* Whatever is written, the result parses: quotes, nesting, bad UTF-8. */
  {
    static const char *const hostile[] = {
      "> quote\n> > nested\n- list\n  - sub\n# head\n***",
      "<a href=\"x\">", "\"'<>&", "\xff\xfe broken", "[a](<https://x\"><b>>)",
      "**unclosed _mixed `code",
    };

    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autofree char *markup = confer_chat_markdown_to_pango (hostile[i]);

        g_assert_true (label_markup_valid (markup));
      }
  }
}

typedef struct
{
  ConferClientChat *chat;
  guint             n;
  const char       *text;
} Want;

static ConferChatMessage *
last_message (ConferClientChat *chat)
{
  GListModel *messages = confer_client_chat_get_messages (chat);
  guint n = g_list_model_get_n_items (messages);
  ConferChatMessage *message = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  if (message != NULL)
    g_object_unref (message);   /* the list keeps it */
  return message;
}

static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!done (data))
    {
      Want *want = data;
      ConferChatMessage *last = last_message (want->chat);

      g_auto(GStrv) emoji = last != NULL ? confer_chat_message_list_emoji (last) : NULL;
      g_autofree char *reactions = emoji != NULL ? g_strjoinv (" ", emoji) : g_strdup ("");

      g_test_message ("%u messages, the last “%s” (seq %" G_GUINT64_FORMAT ", reactions “%s”)",
                      g_list_model_get_n_items (confer_client_chat_get_messages (want->chat)),
                      last != NULL ? confer_chat_message_get_text (last) : "none",
                      last != NULL ? confer_chat_message_get_seq (last) : 0, reactions);
    }
  g_assert_true (done (data));
}

static gboolean
has_messages (gpointer data)
{
  Want *want = data;
  ConferChatMessage *last = last_message (want->chat);

  return (want->n == 0 || g_list_model_get_n_items (confer_client_chat_get_messages (want->chat)) == want->n) && last != NULL &&
         confer_chat_message_get_seq (last) > 0 &&
         (want->text == NULL || g_strcmp0 (confer_chat_message_get_text (last), want->text) == 0);
}

/* Waits until the pane's own chat, as well as @want's, has what @want
 * asks: the sender's copy of a message has its id only once the server
 * answered her too. */
static void
iterate_until_own_copy (GtkWidget *pane,
                        Want      *want)
{
  ConferClientChat *others = want->chat;

  want->chat = confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane));
  iterate_until (has_messages, want);
  want->chat = others;
}

/* The first descendant of @widget of @type, not inside one of @outside
 * (0 for anywhere). */
static GtkWidget *
find_widget_outside (GtkWidget *widget,
                     GType      type,
                     GType      outside)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (outside != 0 && G_TYPE_CHECK_INSTANCE_TYPE (child, outside))
        continue;
      found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_widget_outside (child, type, outside);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  return find_widget_outside (widget, type, 0);
}

static gboolean
one_result (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (data, 0);

  return row != NULL && g_object_get_data (G_OBJECT (row), "message") != NULL &&
         gtk_list_box_get_row_at_index (data, 1) == NULL;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static void
iterate_until_widget (gboolean (*done) (gpointer data),
                      gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done (data));
}

/* Searches @pane's chat for @query, waits for its one result and chooses
 * it, as a click does; returns the id of the message found (to free). */
static char *
choose_only_result (GtkWidget  *pane,
                    const char *query)
{
  GtkWidget *results = find_widget_outside (pane, GTK_TYPE_LIST_BOX, CONFER_TYPE_CHAT_THREAD);
  GtkListBoxRow *row;
  char *id;

  g_assert_true (gtk_widget_activate_action (pane, "chat.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (pane, GTK_TYPE_SEARCH_ENTRY)), query);
  iterate_until_widget (one_result, results);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0);
  /* (Chosen, the results are taken away.) */
  id = g_strdup (g_object_get_data (G_OBJECT (row), "message"));
  g_signal_emit_by_name (results, "row-activated", row);
  return id;
}

/* Writes @text in the composer and sends it, as the Send button does. */
static void
type_and_send (GtkWidget  *pane,
               const char *text)
{
  /* The chat's, not a thread's. */
  GtkWidget *composer = find_widget_outside (pane, GTK_TYPE_TEXT_VIEW, CONFER_TYPE_CHAT_THREAD);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (composer));

  gtk_text_buffer_set_text (buffer, text, -1);
  g_assert_true (gtk_widget_activate_action (pane, "chat.send", NULL));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
}

static gboolean
reacted (gpointer data)
{
  Want *want = data;
  ConferChatMessage *last = last_message (want->chat);
  g_auto(GStrv) emoji = last != NULL ? confer_chat_message_list_emoji (last) : NULL;

  return emoji != NULL && emoji[0] != NULL && g_str_equal (emoji[0], want->text);
}

static gboolean
edited (gpointer data)
{
  Want *want = data;
  ConferChatMessage *last = last_message (want->chat);

  return last != NULL && confer_chat_message_get_edited (last) &&
         g_strcmp0 (confer_chat_message_get_text (last), want->text) == 0;
}

static gboolean
deleted (gpointer data)
{
  Want *want = data;
  ConferChatMessage *last = last_message (want->chat);

  return last != NULL && confer_chat_message_get_deleted (last);
}

static void
refused_cb (ConferClientChat *chat,
            const char       *code,
            const char       *message)
{
  g_test_message ("refused: %s: %s", code, message);
}

/* What Ann does in her pane reaches Bob's client: a message, a reply to
 * it, a reaction, an edit, a delete. */
static void
test_pane (void)
{
  g_autoptr(ConferClient) ann = confer_test_client_new (server->link, "Ann");
  g_autoptr(ConferClient) bob = confer_test_client_new (server->link, "Bob");
  ConferClientChat *bobs = confer_client_open_chat (bob);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = confer_chat_pane_new (ann);
  g_autoptr(GError) error = NULL;
  Want want = { bobs, 1, "Hello **everyone**" };
  ConferChatMessage *first;
  g_autofree char *first_id = NULL;

  g_signal_connect (confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane)), "refused", G_CALLBACK (refused_cb), NULL);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (confer_client_chat_wait (bobs, FALSE, WAIT_MS, &error));

  type_and_send (pane, want.text);
  iterate_until (has_messages, &want);
  first = last_message (bobs);
  first_id = g_strdup (confer_chat_message_get_id (first));

  g_assert_true (gtk_widget_activate_action (pane, "chat.reply", "s", first_id));
  want.n = 2;
  want.text = "A reply";
  type_and_send (pane, want.text);
  iterate_until (has_messages, &want);
  g_assert_cmpstr (confer_chat_message_get_reply_to (last_message (bobs)), ==, first_id);
  iterate_until_own_copy (pane, &want);

  g_assert_true (gtk_widget_activate_action (pane, "chat.toggle-reaction", "(ss)",
                                             confer_chat_message_get_id (last_message (bobs)), "👍"));
  want.text = "👍";
  iterate_until (reacted, &want);

  g_assert_true (gtk_widget_activate_action (pane, "chat.edit", "s", confer_chat_message_get_id (last_message (bobs))));
  want.text = "A better reply";
  type_and_send (pane, want.text);
  iterate_until (edited, &want);

  /* Search finds the first message by a word of it (not the edited
   * reply), and choosing the result closes the search. */
  {
    g_autofree char *found = choose_only_result (pane, "everyone");

    g_assert_cmpstr (found, ==, first_id);
  }
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find_widget (pane, GTK_TYPE_SEARCH_BAR))));

  g_assert_true (gtk_widget_activate_action (pane, "chat.delete", "s", confer_chat_message_get_id (last_message (bobs))));
  iterate_until (deleted, &want);

  /* A thread opens beside the chat: its first message and the replies
   * to it, nothing else; what is written in it answers in the thread;
   * closing it leaves the chat as it was. */
  want.n = 3;
  want.text = "Unrelated";
  type_and_send (pane, want.text);
  iterate_until (has_messages, &want);
  /* The thread is opened by the message's id. */
  iterate_until_own_copy (pane, &want);
  {
    GtkWidget *thread = find_widget (pane, CONFER_TYPE_CHAT_THREAD);
    GListModel *shown = confer_chat_thread_get_messages (CONFER_CHAT_THREAD (thread));
    GListModel *all = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD))));
    GtkWidget *composer = find_widget (thread, CONFER_TYPE_CHAT_COMPOSER);
    ConferChatMessage *answer;

    g_assert_false (gtk_widget_get_visible (thread));
    g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", confer_chat_message_get_id (last_message (bobs))));
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", first_id));
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
    iterate_until_widget (mapped, thread);
    /* Beside the chat, which still shows everything. */
    g_assert_true (gtk_widget_get_mapped (find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD)));
    g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);

    confer_chat_composer_set_text (CONFER_CHAT_COMPOSER (composer), "In the thread");
    g_signal_emit_by_name (composer, "send");
    want.n = 4;
    want.text = "In the thread";
    iterate_until (has_messages, &want);
    answer = last_message (bobs);
    g_assert_cmpstr (confer_chat_message_get_reply_to (answer), ==, first_id);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
    /* A reply's thread is its parent's. */
    g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", confer_chat_message_get_id (answer)));
    g_assert_cmpstr (confer_chat_thread_get_root (CONFER_CHAT_THREAD (thread)), ==, first_id);

    g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", ""));
    g_assert_false (gtk_widget_get_visible (thread));
    g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* At 360 px a thread takes the chat's place, and its back button returns
 * to the chat. */
static void
test_thread_narrow (void)
{
  g_autoptr(ConferClient) ann = confer_test_client_new (server->link, "Ann");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = confer_chat_pane_new (ann);
  ConferClientChat *chat = confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane));
  Want want = { chat, 0, "Narrow start" };
  GtkWidget *thread = find_widget (pane, CONFER_TYPE_CHAT_THREAD);
  GtkWidget *list = find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD);
  GtkWidget *back = find_widget (thread, GTK_TYPE_BUTTON);
  g_autoptr(GError) error = NULL;

  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (confer_client_chat_wait (chat, FALSE, WAIT_MS, &error));
  type_and_send (pane, want.text);
  iterate_until (has_messages, &want);
  iterate_until_widget (mapped, list);

  g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", confer_chat_message_get_id (last_message (chat))));
  iterate_until_widget (mapped, thread);
  iterate_until_widget (unmapped, list);
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_cmpuint (g_list_model_get_n_items (confer_chat_thread_get_messages (CONFER_CHAT_THREAD (thread))), ==, 1);

  g_assert_true (gtk_widget_activate (back));
  iterate_until_widget (mapped, list);
  g_assert_false (gtk_widget_get_visible (thread));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Runs xdotool with @arguments against the window titled @title (focused
 * first): real key presses, as a user types them. */
static void
xdotool (const char *title,
         const char *arguments)
{
  g_autofree char *command = g_strdup_printf ("xdotool search --sync --name '^%s$' windowfocus --sync %s", title, arguments);
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
text_of (ConferChatComposer *composer)
{
  return confer_chat_composer_get_text (composer);
}

typedef struct
{
  ConferChatComposer *composer;
  const char         *text;
} Written;

static gboolean
written (gpointer data)
{
  Written *want = data;
  g_autofree char *text = text_of (want->composer);

  return g_str_equal (text, want->text);
}

/* Waits until the keys sent have all arrived: @composer holds @text. */
static void
wait_written (ConferChatComposer *composer,
              const char         *text)
{
  Written want = { composer, text };

  iterate_until_widget (written, &want);
}

static gboolean
not_completing (gpointer data)
{
  return !confer_chat_composer_get_completing (data);
}

static const char *
completion_name (ConferChatComposer *composer,
                 guint               index)
{
  g_autoptr(ConferParticipant) participant = g_list_model_get_item (confer_chat_composer_get_completions (composer), index);

  return participant != NULL ? confer_participant_get_name (participant) : NULL;
}

/* Typing "@" and the start of a name offers the participants whose names
 * start so, in any case (not oneself); Up and Down choose and Tab writes
 * the name; Escape closes the list and leaves the text, and Enter then
 * sends. Real keys, through xdotool. */
static void
test_completion (void)
{
  g_autoptr(ConferClient) zoe = confer_test_client_new (server->link, "Zoe");
  g_autoptr(ConferClient) zed = confer_test_client_new (server->link, "Zed");
  g_autoptr(ConferClient) zara = confer_test_client_new (server->link, "Zara");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = confer_chat_pane_new (zoe);
  ConferChatComposer *composer = CONFER_CHAT_COMPOSER (find_widget_outside (pane, CONFER_TYPE_CHAT_COMPOSER,
                                                                            CONFER_TYPE_CHAT_THREAD));
  ConferClientChat *chat = confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane));
  Want want = { chat, 0, "Hi @Zara and @zed" };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (zed);
  g_assert_nonnull (zara);
  gtk_window_set_title (GTK_WINDOW (window), "Completion test");
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 500);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (confer_client_chat_wait (chat, FALSE, WAIT_MS, &error));
  iterate_until_widget (mapped, composer);
  confer_chat_pane_focus (CONFER_CHAT_PANE (pane));

  xdotool ("Completion test", "type --delay 40 'Hi @z'");
  wait_written (composer, "Hi @z");
  g_assert_true (confer_chat_composer_get_completing (composer));
  g_assert_cmpuint (g_list_model_get_n_items (confer_chat_composer_get_completions (composer)), ==, 2);
  g_assert_cmpstr (completion_name (composer, 0), ==, "Zed");
  g_assert_cmpstr (completion_name (composer, 1), ==, "Zara");
  xdotool ("Completion test", "key --delay 40 Down Down Up Down Tab");
  wait_written (composer, "Hi @Zara ");
  g_assert_false (confer_chat_composer_get_completing (composer));

  xdotool ("Completion test", "type --delay 40 'and @ze'");
  wait_written (composer, "Hi @Zara and @ze");
  g_assert_true (confer_chat_composer_get_completing (composer));
  g_assert_cmpuint (g_list_model_get_n_items (confer_chat_composer_get_completions (composer)), ==, 1);
  xdotool ("Completion test", "key --delay 40 Escape");
  iterate_until_widget (not_completing, composer);
  xdotool ("Completion test", "type --delay 40 d");
  wait_written (composer, want.text);
  g_assert_false (confer_chat_composer_get_completing (composer));
  xdotool ("Completion test", "key --delay 40 Return");
  iterate_until (has_messages, &want);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The chat's row (not a thread's) showing the message of @text, if one
 * is on screen. */
static ConferChatRow *
row_showing (GtkWidget  *widget,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      ConferChatRow *found = NULL;

      if (CONFER_IS_CHAT_THREAD (child))
        continue;
      if (CONFER_IS_CHAT_ROW (child))
        {
          ConferChatMessage *message = confer_chat_row_get_message (CONFER_CHAT_ROW (child));

          if (message != NULL && gtk_widget_get_mapped (child) && g_strcmp0 (confer_chat_message_get_text (message), text) == 0)
            return CONFER_CHAT_ROW (child);
        }
      else if ((found = row_showing (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* The widget in @widget with @tooltip, or the label saying @text, shown. */
static GtkWidget *
shown_with (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_get_mapped (child) &&
          ((GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0) ||
           g_strcmp0 (gtk_widget_get_tooltip_text (child), text) == 0))
        return child;
      if ((found = shown_with (child, text)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *pane;
  const char *row;
  const char *shown;
} RowWant;

static gboolean
row_shows (gpointer data)
{
  RowWant *want = data;
  ConferChatRow *row = row_showing (want->pane, want->row);

  return row != NULL && shown_with (GTK_WIDGET (row), want->shown) != NULL;
}

static gboolean
has_read (gpointer data)
{
  Want *want = data;

  return confer_client_chat_get_read (want->chat, want->text) > 0;
}

/* Opening the chat puts a "New messages" line above the first message
 * that came while it was hidden, and nowhere else; under the last message
 * each other participant has read, their initials, read out as "Read by
 * …" (not one's own). */
static void
test_unread_and_receipts (void)
{
  g_autoptr(ConferClient) uma = confer_test_client_new (server->link, "Uma");
  g_autoptr(ConferClient) vic = confer_test_client_new (server->link, "Vic");
  ConferClientChat *vics = confer_client_open_chat (vic);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = confer_chat_pane_new (uma);
  ConferClientChat *umas = confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane));
  Want want = { umas, 0, "Before you looked" };
  Want read = { vics, 0, confer_client_get_participant_id (uma) };
  RowWant row = { pane, "First new", "New messages" };
  g_autoptr(GError) error = NULL;

  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (confer_client_chat_wait (vics, FALSE, WAIT_MS, &error));
  g_assert_true (confer_client_chat_wait (umas, FALSE, WAIT_MS, &error));
  g_assert_nonnull (confer_client_chat_send (vics, want.text, NULL, NULL, &error));
  iterate_until (has_messages, &want);
  /* Seen, so read: Vic learns it. */
  iterate_until (has_read, &read);

  gtk_widget_set_visible (pane, FALSE);
  iterate_until_widget (unmapped, pane);
  g_assert_nonnull (confer_client_chat_send (vics, "First new", NULL, NULL, &error));
  g_assert_nonnull (confer_client_chat_send (vics, "Second new", NULL, NULL, &error));
  want.text = "Second new";
  iterate_until (has_messages, &want);
  gtk_widget_set_visible (pane, TRUE);
  iterate_until_widget (mapped, pane);
  iterate_until_widget (row_shows, &row);
  row.row = "Second new";
  g_assert_false (row_shows (&row));
  row.row = "Before you looked";
  g_assert_false (row_shows (&row));

  /* Vic reads everything: his receipt goes under the last message. */
  confer_client_chat_mark_read (vics, confer_client_chat_get_seq (vics));
  row.row = "Second new";
  row.shown = "Read by Vic";
  iterate_until_widget (row_shows, &row);
  row.row = "First new";
  g_assert_false (row_shows (&row));
  confer_test_screenshot ("chat-unread-receipts");

  gtk_window_destroy (GTK_WINDOW (window));
}

#define HISTORY 130   /* messages: more than two of the server's pages */

typedef struct
{
  GListModel *shown;
  guint       n;
} Grown;

static gboolean
grew (gpointer data)
{
  Grown *grown = data;

  return g_list_model_get_n_items (grown->shown) > grown->n;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_passed (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Lets @widget be laid out and drawn: three frames pass. */
static void
wait_frames (GtkWidget *widget)
{
  guint frames = 0;
  guint tick = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);

  iterate_until_widget (frames_passed, &frames);
  gtk_widget_remove_tick_callback (widget, tick);
}

/* Whether @pane's list shows all its chat has, and the chat has all the
 * server has. */
static gboolean
shows_all (GtkWidget *pane)
{
  ConferClientChat *chat = confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane));
  GtkWidget *list = find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD);

  return !confer_client_chat_has_older (chat) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) ==
         g_list_model_get_n_items (confer_client_chat_get_messages (chat));
}

/* Scrolls @pane's list to its top, as one does, until it shows the chat's
 * first message, each time waiting for the list to show more and be
 * drawn; FALSE if it never gets there. */
static gboolean
scroll_to_first (GtkWidget *pane)
{
  GtkWidget *list = find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD);
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_autoptr(ConferChatMessage) first = NULL;

  for (guint tries = 0; tries < HISTORY && !shows_all (pane); tries++)
    {
      Grown grown = { shown, g_list_model_get_n_items (shown) };
      gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

      /* At the top already, the list must move for the pane to see it. */
      gtk_adjustment_set_value (adjustment, 1);
      wait_frames (list);
      gtk_adjustment_set_value (adjustment, 0);
      while (!grew (&grown) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      wait_frames (list);
    }
  first = g_list_model_get_item (shown, 0);
  /* The rows of the top come a frame or more after the scroll. */
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000; g_get_monotonic_time () < deadline;)
    {
      gtk_adjustment_set_value (adjustment, 0);
      wait_frames (list);
      if (shows_all (pane) && row_showing (pane, confer_chat_message_get_text (first)) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A long chat: the pane starts with rows for the newest messages only —
 * fewer than its client has loaded — and scrolling to the top shows the
 * ones before, those loaded first and then the server's pages, up to the
 * chat's first message; a search result far up is scrolled to and
 * shown. */
static void
test_history (void)
{
  g_autoptr(ConferClient) wes = confer_test_client_new (server->link, "Wes");
  g_autoptr(ConferClient) xia = confer_test_client_new (server->link, "Xia");
  g_autoptr(ConferClient) yan = confer_test_client_new (server->link, "Yan");
  ConferClientChat *xias = confer_client_open_chat (xia);
  GtkWidget *window = gtk_window_new ();
  Want want = { xias, 0, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = g_strdup_printf ("Story line %u", HISTORY);
  GtkWidget *pane;
  GListModel *shown;
  RowWant row = { NULL, newest, newest };

  g_assert_true (confer_client_chat_wait (xias, FALSE, WAIT_MS, &error));
  for (guint i = 1; i <= HISTORY; i++)
    {
      g_autofree char *text = i == 5 ? g_strdup ("Story of the zebra") : g_strdup_printf ("Story line %u", i);

      g_assert_nonnull (confer_client_chat_send (xias, text, NULL, NULL, &error));
    }
  want.text = newest;
  iterate_until (has_messages, &want);

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 500);
  pane = confer_chat_pane_new (wes);
  row.pane = pane;
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until_widget (row_shows, &row);
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_widget_outside (pane, GTK_TYPE_LIST_VIEW,
                                                                                     CONFER_TYPE_CHAT_THREAD))));
  g_assert_cmpuint (g_list_model_get_n_items (shown), <,
                    g_list_model_get_n_items (confer_client_chat_get_messages (confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane)))));
  g_assert_true (scroll_to_first (pane));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, HISTORY);

  /* Another participant's new pane, searched: the zebra is two pages
   * up, loaded and shown. */
  pane = confer_chat_pane_new (yan);
  row = (RowWant) { pane, newest, newest };
  gtk_window_set_child (GTK_WINDOW (window), pane);
  iterate_until_widget (row_shows, &row);
  g_free (choose_only_result (pane, "zebra"));
  row = (RowWant) { pane, "Story of the zebra", "Story of the zebra" };
  iterate_until_widget (row_shows, &row);

  gtk_window_destroy (GTK_WINDOW (window));
}

#define INJECTION "<b>not bold</b> <span foreground=\"red\">not red</span> <a href=\"https://x\">no link</a>"
#define RTL       "שלום, hello, مرحبا — 123"

/* Screenshots at 360 px (and a thread beside the chat at 800 px), light
 * and dark, for people to look at: markup shown literally, right-to-left
 * text, a bidirectional override refused in the composer, a thread in the
 * chat's place, names offered after "@". The app's style sheet is used. */
static void
test_screens (void)
{
  g_autoptr(ConferClient) mia = confer_test_client_new (server->link, "Mia");
  g_autoptr(ConferClient) ned = confer_test_client_new (server->link, "Ned");
  g_autoptr(ConferClient) nia = confer_test_client_new (server->link, "Nia");
  ConferClientChat *neds = confer_client_open_chat (ned);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = confer_chat_pane_new (mia);
  ConferClientChat *mias = confer_chat_pane_get_chat (CONFER_CHAT_PANE (pane));
  ConferChatComposer *composer = CONFER_CHAT_COMPOSER (find_widget_outside (pane, CONFER_TYPE_CHAT_COMPOSER,
                                                                            CONFER_TYPE_CHAT_THREAD));
  GtkWidget *thread = find_widget (pane, CONFER_TYPE_CHAT_THREAD);
  Want want = { mias, 0, INJECTION };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  RowWant row = { pane, INJECTION, INJECTION };

  g_assert_nonnull (nia);
  gtk_css_provider_load_from_resource (css, "/org/confer/Confer/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_title (GTK_WINDOW (window), "Chat screens");
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (confer_client_chat_wait (neds, FALSE, WAIT_MS, &error));
  g_assert_true (confer_client_chat_wait (mias, FALSE, WAIT_MS, &error));
  g_assert_nonnull (confer_client_chat_send (neds, INJECTION, NULL, NULL, &error));
  iterate_until (has_messages, &want);
  root = g_strdup (confer_chat_message_get_id (last_message (mias)));
  g_assert_nonnull (confer_client_chat_send (neds, RTL, NULL, NULL, &error));
  g_assert_nonnull (confer_client_chat_send (neds, "Replying **here**", root, NULL, &error));
  want.text = "Replying **here**";
  iterate_until (has_messages, &want);
  /* The markup is the text, as written. */
  iterate_until_widget (row_shows, &row);

  for (guint dark = 0; dark <= 1; dark++)
    {
      const char *scheme = dark ? "dark" : "light";
      g_autofree char *name = NULL;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      /* An override of the text's direction is refused where it is typed. */
      confer_chat_composer_set_text (composer, "abc \u202Eevil\u202C");
      g_assert_true (gtk_widget_activate_action (pane, "chat.send", NULL));
      g_assert_nonnull (gtk_widget_get_tooltip_text (find_widget (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW)));
      name = g_strdup_printf ("chat-360-%s", scheme);
      confer_test_screenshot (name);
      confer_chat_composer_set_text (composer, "");

      g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", root));
      iterate_until_widget (mapped, thread);
      g_free (name);
      name = g_strdup_printf ("chat-thread-360-%s", scheme);
      confer_test_screenshot (name);
      g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", ""));

      confer_chat_pane_focus (CONFER_CHAT_PANE (pane));
      xdotool ("Chat screens", "type --delay 30 'Thanks @N'");
      wait_written (composer, "Thanks @N");
      g_assert_true (confer_chat_composer_get_completing (composer));
      g_free (name);
      name = g_strdup_printf ("chat-completion-360-%s", scheme);
      confer_test_screenshot (name);
      xdotool ("Chat screens", "key Escape ctrl+a BackSpace");
      wait_written (composer, "");
    }

  /* Wider, the thread opens beside the chat. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = gtk_window_new ();
  pane = confer_chat_pane_new (mia);
  thread = find_widget (pane, CONFER_TYPE_CHAT_THREAD);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 640);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until_widget (mapped, find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD));
  g_assert_true (gtk_widget_activate_action (pane, "chat.thread", "s", root));
  iterate_until_widget (mapped, thread);
  g_assert_true (gtk_widget_get_mapped (find_widget_outside (pane, GTK_TYPE_LIST_VIEW, CONFER_TYPE_CHAT_THREAD)));
  confer_test_screenshot ("chat-thread-800-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  confer_test_screenshot ("chat-thread-800-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  server = confer_test_server_start (TRUE);
  g_test_add_func ("/chat-pane/markdown", test_markdown);
  g_test_add_func ("/chat-pane/mentions", test_mentions);
  g_test_add_func ("/chat-pane/pane", test_pane);
  g_test_add_func ("/chat-pane/thread-narrow", test_thread_narrow);
  g_test_add_func ("/chat-pane/completion", test_completion);
  g_test_add_func ("/chat-pane/unread-and-receipts", test_unread_and_receipts);
  g_test_add_func ("/chat-pane/history", test_history);
  g_test_add_func ("/chat-pane/screens", test_screens);
  status = g_test_run ();
  confer_test_server_free (server);
  return status;
}
