/* bench-chat-open.c: opening the app's chat pane over a long chat, in a
 * real window — time to the first screen, and memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-chat-open MESSAGES [RUNS] [--screenshot FILE.png]
 *        ($CONFERD names the server program, $BENCH_CHAT_FILL the filler)
 *
 * Starts a real conferd (TLS, a new temporary data directory) and fills
 * its session's chat with MESSAGES messages through it (bench-chat-fill,
 * a process of its own: 8 participants sending `chat.send`s as fast as
 * the server takes them, the texts of bench-chat-words.h). A window of
 * WIDTH × HEIGHT (a chat pane beside a document on a 1080p screen) shows
 * an empty page; run it with GSK_RENDERER=cairo under Xvfb, or under a
 * headless Weston (run-weston.sh). Then, RUNS times (5 unless given), a
 * new participant joins (not timed) and:
 *
 *   1. cold: the ConferChatPane is made for its client and put in the
 *      window — the pane opens the chat, whose latest page comes from
 *      conferd (a `chat.open` reading the store); timed from just before
 *      confer_chat_pane_new() to the end of the first frame (the frame
 *      clock's after-paint) in which a message row is mapped
 *      (`first_rows_ms`), and to the end of the first frame that shows
 *      rows with the list scrolled to its newest message (`bottom_ms`,
 *      null if it is not there within 3 s);
 *   2. memory: the process's resident set before the pane was made (the
 *      window drawn, the client joined), with the chat open and drawn,
 *      and after scrolling up PAGES times to the top of the list (each
 *      shows the page before, as the pane does when one scrolls up: of
 *      what the chat has loaded, then from the server);
 *   3. warm: the pane is taken away, and made again for the same client,
 *      whose chat is now open and loaded — as the session window does,
 *      which follows the chat from the welcome on and makes the pane when
 *      the chat button is pressed; timed the same way.
 *
 * The product's goal is a first screen within 100 ms over 100,000
 * messages, with memory that does not grow with the chat's length (a
 * GtkListView over a paged model: rows for what is on screen, the pages
 * loaded); run it with 1,000 and 100,000 messages to compare. It never
 * fails on a time. The first run also pays for what GTK does once
 * (classes, styles, glyphs): the output gives every run.
 *
 * Output: one JSON line.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <gdk/x11/gdkx.h>

#include "bench-phases.h"
#include "bench-stats.h"
#include "confer-chat-pane.h"
#include "confer-chat-row.h"
#include "confer-test-server.h"

#define WIDTH        480
#define HEIGHT       1000
#define PAGES        10      /* scrolled up after opening */
#define BOTTOM_MS    3000    /* how long the view may take to reach the newest message */
#define LOAD_MS      30000   /* for a page of history */
#define GOAL_MS      100.0

typedef enum
{
  WATCH_NONE,
  WATCH_ROWS,
  WATCH_BOTTOM,
} Watch;

typedef struct
{
  GtkWidget *window;
  GtkWidget *pane;
  Watch      watch;
  gint64     t0;              /* µs, monotonic: just before the pane was made */
  double     first_rows_ms;
  double     bottom_ms;
  guint      frames;          /* painted so far */
} Bench;

static Bench bench;

/* A chat row of @widget's, mapped and with a height: a message on screen. */
static gboolean
shows_rows (GtkWidget *widget)
{
  if (CONFER_IS_CHAT_ROW (widget))
    return gtk_widget_get_mapped (widget) && gtk_widget_get_height (widget) > 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_rows (child))
      return TRUE;
  return FALSE;
}

/* The pane's list of messages is the first shown GtkListView (the
 * thread's and the search results' lists are hidden). */
static GtkListView *
message_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_get_mapped (widget))
    return GTK_LIST_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *list = message_list (child);

      if (list != NULL)
        return list;
    }
  return NULL;
}

static GtkAdjustment *
list_adjustment (GtkWidget *pane)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (message_list (pane)));
}

static gboolean
at_bottom (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 8;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  double ms = (g_get_monotonic_time () - bench.t0) / 1000.0;

  bench.frames++;
  if (bench.watch == WATCH_NONE || bench.pane == NULL || !shows_rows (bench.pane))
    return;
  if (bench.watch == WATCH_ROWS)
    {
      bench.first_rows_ms = ms;
      bench.watch = WATCH_BOTTOM;
    }
  if (bench.watch == WATCH_BOTTOM && at_bottom (list_adjustment (bench.pane)))
    {
      bench.bottom_ms = ms;
      bench.watch = WATCH_NONE;
    }
}

/* Keeps frames coming while something waits for them. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_reached (gpointer data)
{
  return bench.frames >= GPOINTER_TO_UINT (data);
}

/* Lets @n more frames be painted. */
static void
wait_frames (guint n)
{
  if (!bench_run_until (NULL, frames_reached, GUINT_TO_POINTER (bench.frames + n), 30000))
    g_error ("The window painted no frame for 30 s");
}

static gboolean
watch_done (gpointer data)
{
  return bench.watch == WATCH_NONE;
}

/* Opens a pane for @client's chat and times its first screen. */
static void
open_pane (ConferClient *client,
           double       *first_rows_ms,
           double       *bottom_ms)
{
  bench.first_rows_ms = bench.bottom_ms = NAN;
  bench.t0 = g_get_monotonic_time ();
  bench.watch = WATCH_ROWS;
  bench.pane = confer_chat_pane_new (client);
  gtk_window_set_child (GTK_WINDOW (bench.window), bench.pane);
  bench_run_until (NULL, watch_done, NULL, BOTTOM_MS);
  if (isnan (bench.first_rows_ms))
    g_error ("No message row was shown within %u ms", BOTTOM_MS);
  bench.watch = WATCH_NONE;
  *first_rows_ms = bench.first_rows_ms;
  *bottom_ms = bench.bottom_ms;
}

static void
close_pane (GtkWidget *empty_page)
{
  gtk_window_set_child (GTK_WINDOW (bench.window), empty_page);
  bench.pane = NULL;
  wait_frames (5);
}

typedef struct
{
  GListModel *shown;
  guint       wanted;
} Loaded;

static gboolean
page_shown (gpointer data)
{
  Loaded *loaded = data;

  return g_list_model_get_n_items (loaded->shown) >= loaded->wanted;
}

/* Scrolls to the top of the list @pages times, each time until it shows
 * the page before — from what the chat has loaded, or from the server —
 * or the chat has no more. */
static void
scroll_up (ConferClientChat *chat,
           guint             pages)
{
  GListModel *messages = confer_client_chat_get_messages (chat);
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (message_list (bench.pane)));

  for (guint p = 0; p < pages && (confer_client_chat_has_older (chat) ||
                                  g_list_model_get_n_items (shown) < g_list_model_get_n_items (messages)); p++)
    {
      GtkAdjustment *adjustment = list_adjustment (bench.pane);
      Loaded loaded = { shown, g_list_model_get_n_items (shown) + 1 };

      /* At the top already, the list must move for the pane to see it. */
      if (gtk_adjustment_get_value (adjustment) <= 0)
        {
          gtk_adjustment_set_value (adjustment, 1);
          wait_frames (1);
        }
      gtk_adjustment_set_value (adjustment, 0);
      if (!bench_run_until (NULL, page_shown, &loaded, LOAD_MS))
        g_error ("Scrolling up showed no older messages within %u ms", LOAD_MS);
      wait_frames (3);
    }
}

/* Saves what the window shows as a PNG. */
static void
save_screenshot (const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (bench.window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench.window));

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (bench.window), gtk_widget_get_height (bench.window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    g_warning ("Could not save the screenshot %s", path);
}

/* The median of @values (a copy is sorted); NAN if none is a number. */
static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < values->len; i++)
    if (!isnan (g_array_index (values, double, i)))
      g_array_append_val (sorted, g_array_index (values, double, i));
  if (sorted->len == 0)
    return NAN;
  g_array_sort (sorted, bench_compare_doubles);
  return g_array_index (sorted, double, sorted->len / 2);
}

/* @values as a JSON array of numbers to 0.1, NAN as null. */
static char *
json_list (GArray *values)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < values->len; i++)
    {
      double value = g_array_index (values, double, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (isnan (value))
        g_string_append (out, "null");
      else
        g_string_append_printf (out, "%.1f", value);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static char *
json_number (double value)
{
  return isnan (value) ? g_strdup ("null") : g_strdup_printf ("%.1f", value);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferTestServer) server = NULL;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fill_out = NULL;
  GArray *series[7];
  enum { COLD_ROWS, COLD_BOTTOM, WARM_ROWS, WARM_BOTTOM, RSS_BEFORE, RSS_OPEN, RSS_SCROLLED };
  char *lists[7];
  char *medians[4];
  const char *fill = g_getenv ("BENCH_CHAT_FILL");
  const char *screenshot = NULL;
  GtkWidget *empty_page;
  GdkFrameClock *clock;
  guint64 n, runs = 5;
  int status;

  if (argc >= 4 && g_str_equal (argv[argc - 2], "--screenshot"))
    {
      screenshot = argv[argc - 1];
      argc -= 2;
    }
  if (argc < 2 || argc > 3 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT32, &n, NULL) ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 100, &runs, NULL)) || fill == NULL)
    {
      fprintf (stderr, "Usage: bench-chat-open MESSAGES [RUNS] [--screenshot FILE.png]   "
                       "(with $CONFERD and $BENCH_CHAT_FILL)\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  gtk_css_provider_load_from_resource (css, "/org/confer/Confer/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  server = confer_test_server_start (FALSE);
  {
    g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);

    if (!g_spawn_sync (NULL, (char *[]) { (char *) fill, server->link, count, (char *) "1", NULL }, NULL,
                       G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &fill_out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("Filling the chat: %s", error->message);
    g_strstrip (fill_out);
  }

  bench.window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (bench.window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), WIDTH, HEIGHT);
  empty_page = g_object_ref_sink (adw_status_page_new ());
  adw_status_page_set_title (ADW_STATUS_PAGE (empty_page), "Chat");
  gtk_window_set_child (GTK_WINDOW (bench.window), empty_page);
  gtk_window_present (GTK_WINDOW (bench.window));
  clock = gtk_widget_get_frame_clock (bench.window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_add_tick_callback (bench.window, tick_cb, NULL, NULL);
  wait_frames (30);

  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    series[i] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *name = g_strdup_printf ("Reader %u", r + 1);
      g_autoptr(ConferClient) client = confer_test_client_new (server->link, name);
      double rows, bottom, rss;

      wait_frames (5);
      rss = confer_test_rss_kib (getpid ()) / 1024.0;
      g_array_append_val (series[RSS_BEFORE], rss);
      open_pane (client, &rows, &bottom);
      g_array_append_val (series[COLD_ROWS], rows);
      g_array_append_val (series[COLD_BOTTOM], bottom);
      wait_frames (30);
      if (r == 0 && screenshot != NULL)
        save_screenshot (screenshot);
      rss = confer_test_rss_kib (getpid ()) / 1024.0;
      g_array_append_val (series[RSS_OPEN], rss);
      scroll_up (confer_chat_pane_get_chat (CONFER_CHAT_PANE (bench.pane)), PAGES);
      wait_frames (30);
      rss = confer_test_rss_kib (getpid ()) / 1024.0;
      g_array_append_val (series[RSS_SCROLLED], rss);
      close_pane (empty_page);

      /* Warm: the chat stays open and loaded; the pane is made again. */
      open_pane (client, &rows, &bottom);
      g_array_append_val (series[WARM_ROWS], rows);
      g_array_append_val (series[WARM_BOTTOM], bottom);
      wait_frames (10);
      close_pane (empty_page);
    }

  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    lists[i] = json_list (series[i]);
  for (guint i = 0; i < G_N_ELEMENTS (medians); i++)
    medians[i] = json_number (median (series[i]));
  printf ("{\"mode\":\"chat-open\",\"messages\":%" G_GUINT64_FORMAT ",\"fill\":%s,\"display\":\"%s\",\"window\":\"%dx%d\""
          ",\"renderer\":\"%s\",\"runs\":%" G_GUINT64_FORMAT
          ",\"cold_first_rows_ms\":{\"median\":%s,\"runs\":%s},\"cold_bottom_ms\":{\"median\":%s,\"runs\":%s}"
          ",\"warm_first_rows_ms\":{\"median\":%s,\"runs\":%s},\"warm_bottom_ms\":{\"median\":%s,\"runs\":%s}"
          ",\"goal_ms\":%.0f,\"goal_met\":%s"
          ",\"rss_mib\":{\"before\":%s,\"open\":%s,\"scrolled_up_%u_pages\":%s}}\n",
          n, fill_out, GDK_IS_X11_DISPLAY (gtk_widget_get_display (bench.window)) ? "x11" : "wayland", WIDTH, HEIGHT,
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default", runs,
          medians[COLD_ROWS], lists[COLD_ROWS], medians[COLD_BOTTOM], lists[COLD_BOTTOM],
          medians[WARM_ROWS], lists[WARM_ROWS], medians[WARM_BOTTOM], lists[WARM_BOTTOM],
          GOAL_MS, median (series[COLD_ROWS]) <= GOAL_MS ? "true" : "false",
          lists[RSS_BEFORE], lists[RSS_OPEN], PAGES, lists[RSS_SCROLLED]);
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    {
      g_array_unref (series[i]);
      g_free (lists[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (medians); i++)
    g_free (medians[i]);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_object_unref (empty_page);
  return 0;
}
