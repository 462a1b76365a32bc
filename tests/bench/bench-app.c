/* bench-app.c: the desktop app's start-up, memory and live remote typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real application (ConferApplication and its window) and
 * measures, in one run:
 *   1. start-up to first frame: from BENCH_T0_US (the wall-clock time, in
 *      µs, at which run-bench-app.sh launched this process) to the end of
 *      the window's first paint;
 *   2. memory: VmRSS once a session is joined and a document of about
 *      100,000 characters is open in the editor;
 *   3. live remote typing: with an empty document open, it writes "ready"
 *      to READY_FILE; the script then replays an editing trace into that
 *      document with confer-cli. It reports how long the editor took to
 *      catch up (first remote change to the buffer equal to the trace's
 *      endContent; and after the replay's own end, from the done file)
 *      and the longest main-loop stall, measured by a 5 ms heartbeat at
 *      high priority: the longest gap between two beats, less 5 ms; and,
 *      apart, the most CPU time the main thread used between two beats
 *      (the part of a stall that is the app's own work, not waiting for
 *      a CPU or for the X server).
 *
 * `bench-app --bare` measures the floor for the first two: an empty
 * AdwApplicationWindow, in the same toolkit, on the same display.
 *
 * Usage: bench-app LINK BIG_DOC_TITLE LIVE_DOC_TITLE END_CONTENT_FILE READY_FILE
 *        bench-app --bare
 * (END_CONTENT_FILE holds the trace's endContent, read only after the
 * first frame so it weighs on neither start-up nor memory).
 */
#include "config.h"

#include <time.h>
#include <unistd.h>

#include "confer-application.h"
#include "confer-renderer.h"
#include "confer-test-server.h"
#include "confer-window.h"

#define HEARTBEAT_MS 5

typedef struct
{
  ConferApplication *app;
  ConferWindow      *window;
  ConferLink        *link;
  const char        *big_title;
  const char        *live_title;
  const char        *ready_file;
  const char        *end_content_file;
  char              *end_content;
  gsize              end_length;       /* in code points */
  gint64             t0;               /* wall clock, µs */
  gint64             first_change;     /* monotonic, µs */
  gint64             last_beat;
  gint64             longest_stall;
  gint64             last_cpu;         /* main thread CPU time, µs */
  gint64             longest_busy;
  gboolean           measuring;
  guint              phase;
} Bench;

static char *
buffer_text (Bench *bench)
{
  ConferBufferBinding *binding = confer_session_view_get_binding (confer_window_get_session_view (bench->window));
  GtkTextBuffer *buffer = confer_buffer_binding_get_buffer (binding);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static int
buffer_length (Bench *bench)
{
  ConferBufferBinding *binding = confer_session_view_get_binding (confer_window_get_session_view (bench->window));

  return binding != NULL ? gtk_text_buffer_get_char_count (confer_buffer_binding_get_buffer (binding)) : -1;
}

/* The CPU time this (the main) thread has used, in µs. */
static gint64
main_thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
heartbeat_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = main_thread_cpu_us ();

  if (bench->measuring && bench->last_beat > 0)
    bench->longest_stall = MAX (bench->longest_stall, now - bench->last_beat - HEARTBEAT_MS * 1000);
  bench->last_beat = now;
  if (bench->measuring && bench->last_cpu > 0)
    bench->longest_busy = MAX (bench->longest_busy, cpu - bench->last_cpu);
  bench->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
remote_changed_cb (ConferClientDoc *doc,
                   ConferTextOp    *op,
                   const char      *author,
                   const char      *txn,
                   Bench           *bench)
{
  if (bench->first_change == 0)
    {
      bench->first_change = g_get_monotonic_time ();
      bench->measuring = TRUE;
    }
}

static const char *
find_doc (Bench      *bench,
          const char *title)
{
  ConferClient *client = confer_session_view_get_client (confer_window_get_session_view (bench->window));

  return client != NULL ? confer_client_find_doc (client, title) : NULL;
}

/* Steps through the phases from a 10 ms poll, so the main loop stays the
 * app's own. */
static gboolean
poll_cb (gpointer data)
{
  Bench *bench = data;
  ConferSessionView *view = confer_window_get_session_view (bench->window);
  ConferClient *client = confer_session_view_get_client (view);
  const char *id;

  switch (bench->phase)
    {
    case 0: /* joined: open the big document */
      if (client == NULL || confer_client_get_state (client) != CONFER_CONNECTION_ONLINE ||
          (id = find_doc (bench, bench->big_title)) == NULL)
        return G_SOURCE_CONTINUE;
      confer_session_view_open_doc (view, id);
      bench->phase = 1;
      return G_SOURCE_CONTINUE;

    case 1: /* the big document is in the editor and drawn */
      if (buffer_length (bench) < 100000)
        return G_SOURCE_CONTINUE;
      g_print ("document-chars %d\n", buffer_length (bench));
      g_print ("rss-kib %" G_GSIZE_FORMAT "\n", confer_test_rss_kib (getpid ()));
      if (!g_file_get_contents (bench->end_content_file, &bench->end_content, NULL, NULL))
        g_error ("Cannot read %s", bench->end_content_file);
      bench->end_length = g_utf8_strlen (bench->end_content, -1);
      id = find_doc (bench, bench->live_title);
      if (id == NULL)
        g_error ("No document titled %s", bench->live_title);
      confer_session_view_open_doc (view, id);
      g_signal_connect (confer_buffer_binding_get_doc (confer_session_view_get_binding (view)), "changed",
                        G_CALLBACK (remote_changed_cb), bench);
      bench->phase = 2;
      return G_SOURCE_CONTINUE;

    case 2: /* the live document is open: tell the script to start typing */
      if (!confer_client_doc_is_ready (confer_buffer_binding_get_doc (confer_session_view_get_binding (view))))
        return G_SOURCE_CONTINUE;
      g_file_set_contents (bench->ready_file, "ready\n", -1, NULL);
      bench->phase = 3;
      return G_SOURCE_CONTINUE;

    default: /* caught up? */
      if (bench->first_change == 0 || (gsize) buffer_length (bench) != bench->end_length)
        return G_SOURCE_CONTINUE;
      {
        g_autofree char *text = buffer_text (bench);
        g_autofree char *done_file = g_strconcat (bench->ready_file, ".done", NULL);
        g_autofree char *done = NULL;
        gint64 now = g_get_monotonic_time ();
        gint64 wall = g_get_real_time ();

        if (!g_str_equal (text, bench->end_content))
          return G_SOURCE_CONTINUE;
        g_print ("catch-up-ms %.1f\n", (now - bench->first_change) / 1000.0);
        /* The script writes the wall-clock time (µs) at which the replay
         * ended, every operation acknowledged by the server. */
        if (g_file_get_contents (done_file, &done, NULL, NULL))
          g_print ("behind-replay-ms %.1f\n", MAX (0, wall - g_ascii_strtoll (done, NULL, 10)) / 1000.0);
        g_print ("longest-stall-ms %.1f\n", bench->longest_stall / 1000.0);
        g_print ("longest-busy-ms %.1f\n", bench->longest_busy / 1000.0);
        g_print ("rss-after-kib %" G_GSIZE_FORMAT "\n", confer_test_rss_kib (getpid ()));
        g_application_quit (G_APPLICATION (bench->app));
        return G_SOURCE_REMOVE;
      }
    }
}

static void
first_frame_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, bench);
  g_print ("first-frame-ms %.1f\n", (g_get_real_time () - bench->t0) / 1000.0);
  g_print ("rss-first-frame-kib %" G_GSIZE_FORMAT "\n", confer_test_rss_kib (getpid ()));
  confer_window_join (bench->window, bench->link);
  g_timeout_add (10, poll_cb, bench);
}

/* After the application's own activate, which made and showed the
 * window. */
static void
activate_cb (GApplication *app,
             Bench        *bench)
{
  bench->window = CONFER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench->window)), "after-paint",
                    G_CALLBACK (first_frame_cb), bench);
}

static void
bare_frame_cb (GdkFrameClock *clock,
               Bench         *bench)
{
  g_signal_handlers_disconnect_by_func (clock, bare_frame_cb, bench);
  g_print ("bare-first-frame-ms %.1f\n", (g_get_real_time () - bench->t0) / 1000.0);
  g_print ("bare-rss-kib %" G_GSIZE_FORMAT "\n", confer_test_rss_kib (getpid ()));
  g_application_quit (G_APPLICATION (bench->app));
}

static void
bare_activate_cb (GtkApplication *app,
                  Bench          *bench)
{
  GtkWidget *window = adw_application_window_new (app);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (bare_frame_cb), bench);
}

static int
run_bare (Bench *bench)
{
  int status;

  bench->app = (ConferApplication *) adw_application_new ("org.confer.Bench", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (bench->app, "activate", G_CALLBACK (bare_activate_cb), bench);
  status = g_application_run (G_APPLICATION (bench->app), 0, NULL);
  g_object_unref (bench->app);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *t0 = g_getenv ("BENCH_T0_US");
  Bench bench = { 0 };
  int status;

  /* As the confer program does, so the run measures what it draws with. */
  if (confer_renderer_choose ())
    g_print ("renderer cairo, OpenGL off (no GPU)\n");
  else
    g_print ("renderer %s\n", g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "GTK's default");
  bench.t0 = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : g_get_real_time ();
  if (argc == 2 && g_str_equal (argv[1], "--bare"))
    return run_bare (&bench);
  if (argc != 6)
    {
      g_printerr ("Usage: %s LINK BIG_DOC_TITLE LIVE_DOC_TITLE END_CONTENT_FILE READY_FILE\n", argv[0]);
      return 2;
    }
  bench.t0 = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : g_get_real_time ();
  bench.link = confer_link_parse (argv[1], &error);
  g_assert_no_error (error);
  bench.big_title = argv[2];
  bench.live_title = argv[3];
  bench.end_content_file = argv[4];
  bench.ready_file = argv[5];

  g_timeout_add_full (G_PRIORITY_HIGH, HEARTBEAT_MS, heartbeat_cb, &bench, NULL);
  bench.app = confer_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (confer_application_get_settings (bench.app), "display-name", "Bench");
  g_signal_connect_after (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  status = g_application_run (G_APPLICATION (bench.app), 1, argv);
  g_object_unref (bench.app);
  confer_link_free (bench.link);
  g_free (bench.end_content);
  return status;
}
