/* bench-call-app.c: the app's call set-up, from Join Call to the first
 * remote frame shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-call-app LINK
 *
 * Runs the real application (ConferApplication and its window), joins the
 * session at LINK and waits until another member is in the session's call
 * (run-bench-call.sh's `confer-cli call` peer). The app then makes the
 * call's certificate ahead of a Join (confer_call_prepare()); a user's
 * click comes seconds after the call is shown, so this waits until it is
 * made (confer_call_wait_prepared()). It then activates `call.join`, as
 * the Join Call button does, and prints `setup-ms N`: from that
 * activation to the end of the first paint of the window in which the
 * other member's tile shows video. Then it quits.
 *
 * Run it with CONFER_CALL_SOURCES=test and CONFER_AUDIO_SINK=fakesink on
 * a machine without devices.
 */
#include "config.h"

#include "confer-application.h"
#include "confer-call-tile.h"
#include "confer-call-view.h"
#include "confer-media.h"
#include "confer-renderer.h"
#include "confer-session-view.h"
#include "confer-window.h"

typedef struct
{
  ConferApplication *app;
  ConferWindow      *window;
  ConferLink        *link;
  gint64             joined_at;   /* monotonic, µs; 0 before the Join */
  int                status;
} Bench;

/* Whether a picture under @widget shows something. */
static gboolean
has_video (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return gtk_widget_get_visible (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_video (child))
      return TRUE;
  return FALSE;
}

/* Whether a tile under @widget other than @own's shows video. */
static gboolean
shows_remote_video (GtkWidget  *widget,
                    const char *own)
{
  if (CONFER_IS_CALL_TILE (widget))
    return g_strcmp0 (confer_call_tile_get_member_id (CONFER_CALL_TILE (widget)), own) != 0 && has_video (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_remote_video (child, own))
      return TRUE;
  return FALSE;
}

static ConferClient *
client_of (Bench *bench)
{
  return confer_session_view_get_client (confer_window_get_session_view (bench->window));
}

/* After each paint once joined: was the remote video in it? */
static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  ConferSessionView *view = confer_window_get_session_view (bench->window);
  const char *own = confer_client_call_get_member_id (confer_client_get_call (client_of (bench)));

  /* Until the server answered the join, one's own tile (its preview)
   * cannot be told from the others'. */
  if (own == NULL || !shows_remote_video (GTK_WIDGET (confer_session_view_get_call_view (view)), own))
    return;
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, bench);
  g_print ("setup-ms %.1f\n", (g_get_monotonic_time () - bench->joined_at) / 1000.0);
  bench->status = 0;
  g_application_quit (G_APPLICATION (bench->app));
}

/* Polls until the session is open and someone is in its call, then
 * joins. */
static gboolean
poll_cb (gpointer data)
{
  Bench *bench = data;
  ConferClient *client = client_of (bench);
  ConferCallView *view;

  if (client == NULL || confer_client_get_state (client) != CONFER_CONNECTION_ONLINE ||
      g_list_model_get_n_items (confer_client_call_get_members (confer_client_get_call (client))) == 0)
    return G_SOURCE_CONTINUE;
  confer_call_wait_prepared ();
  view = confer_session_view_get_call_view (confer_window_get_session_view (bench->window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench->window)), "after-paint",
                    G_CALLBACK (after_paint_cb), bench);
  bench->joined_at = g_get_monotonic_time ();
  g_action_group_activate_action (confer_call_view_get_actions (view), "join", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer data)
{
  Bench *bench = data;
  ConferClient *client = client_of (bench);
  ConferCallView *view = confer_session_view_get_call_view (confer_window_get_session_view (bench->window));

  g_printerr ("bench-call-app: no remote frame shown within 30 s (%s, %u in the call, the app %s)\n",
              client == NULL ? "no session" : confer_client_get_state (client) == CONFER_CONNECTION_ONLINE ? "online" : "offline",
              client == NULL ? 0 : g_list_model_get_n_items (confer_client_call_get_members (confer_client_get_call (client))),
              confer_call_view_get_joined (view) ? "joined" : "not joined");
  g_application_quit (G_APPLICATION (bench->app));
  return G_SOURCE_REMOVE;
}

/* After the application's own activate, which made and showed the
 * window. */
static void
activate_cb (GApplication *app,
             Bench        *bench)
{
  bench->window = CONFER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  confer_window_join (bench->window, bench->link);
  g_timeout_add (10, poll_cb, bench);
  g_timeout_add_seconds (30, timeout_cb, bench);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Bench bench = { .status = 1 };

  if (argc != 2)
    {
      g_printerr ("Usage: %s LINK\n", argv[0]);
      return 2;
    }
  confer_renderer_choose ();
  bench.link = confer_link_parse (argv[1], &error);
  g_assert_no_error (error);
  bench.app = confer_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (confer_application_get_settings (bench.app), "display-name", "Bench");
  g_signal_connect_after (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  g_application_run (G_APPLICATION (bench.app), 1, argv);
  g_object_unref (bench.app);
  confer_link_free (bench.link);
  return bench.status;
}
