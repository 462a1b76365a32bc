/* bench-voice.c: voice messages end to end — the CPU a recording takes,
 * and how long from stopping a recording to the message being playable at
 * another participant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-voice SECONDS ROUNDS   ($CONFERD names the server program;
 *                                     tests/bench/run-bench-voice.sh
 *                                     plays speech into the microphone)
 *
 * Ann and Bob join a session of a real conferd (plain ws:// on loopback)
 * with the clients the app uses, and open its chat. Ann records SECONDS
 * from the default microphone with ConferVoiceRecorder (the app's
 * recorder: its pipeline, its level messages, its running waveform); the
 * line `recording` is printed at the first level, when the microphone
 * delivers, and this process's CPU time (getrusage(): every thread —
 * GStreamer's, the clients' sockets, the main loop) is taken from there
 * to the stop, in % of one core.
 *
 * Then, ROUNDS times, from the moment the recording is stopped (a
 * release of the microphone button; the first round takes the recording
 * just made, later rounds the same samples and packets again — the time
 * confer_voice_recorder_stop() took, letting the last samples through the
 * encoder, is counted in every round): the recording is processed in a
 * worker thread as the app does (confer_voice_process_pcm_async(), with
 * the Opus packets the recorder encoded as it recorded), uploaded (confer_client_put_blobs_async()),
 * and sent with their duration and waveform (confer_client_chat_send_voice());
 * the message reaches Bob's chat; Bob fetches its audio
 * (confer_client_get_blobs_async()) and makes its player, which is
 * playable once prerolled (its duration known). Each step's end is
 * noted; the total is the latency. The product's goal is at most 1 s for
 * a 60 s message on loopback, and at most 10 % of a core while recording;
 * the output says whether this run met them, and never fails on a time.
 *
 * Output: one JSON line per round, then one with the recording's CPU and
 * the latencies' median and worst, with the load average (1 minute)
 * before the run: other work on the machine shows in the latencies.
 */
#include "config.h"

#include <stdio.h>

#include "bench-stats.h"
#include "confer-media.h"
#include "confer-test-server.h"

#define WAIT_MS       30000
#define GOAL_MS       1000
#define GOAL_CPU_PCT  10.0

typedef struct
{
  GMainLoop        *loop;
  ConferClient     *ann;
  ConferClientChat *ann_chat;
  ConferClient     *bob;
  ConferClientChat *bob_chat;
  GBytes           *pcm;
  GstSample        *opus;        /* the recorder's packets */
  double            stop_ms;     /* what confer_voice_recorder_stop() took */
  ConferVoiceClip  *clip;
  char             *blob;
  char             *text;        /* the round's message, as Bob looks for it */
  ConferVoicePlayer *player;
  gint64            start;       /* µs, monotonic: the recording stopped */
  gint64            processed, uploaded, delivered, fetched, playable;
  GError           *error;
} Round;

static void
fail (Round        *round,
      const GError *error)
{
  if (round->error == NULL)
    round->error = g_error_copy (error);
  g_main_loop_quit (round->loop);
}

static void
duration_cb (ConferVoicePlayer *player,
             GParamSpec        *pspec,
             Round             *round)
{
  if (round->playable == 0 && confer_voice_player_get_duration_ms (player) > 0)
    {
      round->playable = g_get_monotonic_time ();
      g_main_loop_quit (round->loop);
    }
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Round *round = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) blobs = confer_client_get_blobs_finish (CONFER_CLIENT (source), result, &error);
  GBytes *ogg = blobs != NULL ? g_hash_table_lookup (blobs, round->blob) : NULL;

  if (ogg == NULL)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Blob %s did not come", round->blob);
      fail (round, error);
      return;
    }
  round->fetched = g_get_monotonic_time ();
  if ((round->player = confer_voice_player_new (ogg, &error)) == NULL)
    {
      fail (round, error);
      return;
    }
  g_signal_connect (round->player, "notify::duration-ms", G_CALLBACK (duration_cb), round);
  duration_cb (round->player, NULL, round);
}

/* Bob's chat changed: once the round's message is there, sent, its audio
 * is fetched. */
static void
bob_messages_cb (GListModel *messages,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Round      *round)
{
  g_autoptr(GPtrArray) names = NULL;

  if (round->delivered != 0)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (messages, i);

      if (g_str_equal (confer_chat_message_get_text (message), round->text) &&
          confer_chat_message_get_voice_waveform (message) != NULL)
        round->delivered = g_get_monotonic_time ();
    }
  if (round->delivered == 0)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (names, g_strdup (round->blob));
  confer_client_get_blobs_async (round->bob, names, NULL, fetched_cb, round);
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Round *round = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) waveform = NULL;

  if (!confer_client_put_blobs_finish (CONFER_CLIENT (source), result, &error))
    {
      fail (round, error);
      return;
    }
  round->uploaded = g_get_monotonic_time ();
  waveform = confer_voice_clip_dup_waveform_bytes (round->clip);
  if (confer_client_chat_send_voice (round->ann_chat, round->text, NULL, round->blob,
                                     confer_voice_clip_get_duration_ms (round->clip), waveform, &error) == NULL)
    fail (round, error);
}

static void
processed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Round *round = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if ((round->clip = confer_voice_process_finish (result, &error)) == NULL)
    {
      fail (round, error);
      return;
    }
  round->processed = g_get_monotonic_time ();
  round->blob = confer_blob_name_for (confer_voice_clip_get_bytes (round->clip));
  g_ptr_array_add (blobs, g_bytes_ref (confer_voice_clip_get_bytes (round->clip)));
  confer_client_put_blobs_async (round->ann, blobs, NULL, uploaded_cb, round);
}

static gboolean
timeout_cb (gpointer data)
{
  Round *round = data;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The round took over 30 s");

  fail (round, error);
  return G_SOURCE_REMOVE;
}

static double
ms_between (gint64 from,
            gint64 to)
{
  return (to - from) / 1000.0;
}

/* One round from the stop; returns its latency in ms, or a negative
 * number if it failed. */
static double
run_round (Round *round,
           guint  number)
{
  GListModel *messages = confer_client_chat_get_messages (round->bob_chat);
  gulong handler = g_signal_connect (messages, "items-changed", G_CALLBACK (bob_messages_cb), round);
  guint timeout = g_timeout_add (WAIT_MS, timeout_cb, round);
  double total;

  round->text = g_strdup_printf ("Voice message, round %u", number);
  round->start = g_get_monotonic_time ();
  round->processed = round->uploaded = round->delivered = round->fetched = round->playable = 0;
  confer_voice_process_pcm_async (round->pcm, round->opus, NULL, processed_cb, round);
  g_main_loop_run (round->loop);
  g_signal_handler_disconnect (messages, handler);
  if (round->playable == 0)
    {
      fprintf (stderr, "bench-voice: round %u failed: %s\n", number, round->error != NULL ? round->error->message : "?");
      return -1;
    }
  g_source_remove (timeout);
  total = round->stop_ms + ms_between (round->start, round->playable);
  printf ("{\"round\": %u, \"duration_ms\": %u, \"bytes\": %" G_GSIZE_FORMAT ", \"stop_ms\": %.1f, \"process_ms\": %.1f, "
          "\"upload_ms\": %.1f, \"to_bob_ms\": %.1f, \"fetch_ms\": %.1f, \"player_ms\": %.1f, \"playable_ms\": %.1f}\n",
          number, confer_voice_clip_get_duration_ms (round->clip), g_bytes_get_size (confer_voice_clip_get_bytes (round->clip)),
          round->stop_ms, ms_between (round->start, round->processed), ms_between (round->processed, round->uploaded),
          ms_between (round->uploaded, round->delivered), ms_between (round->delivered, round->fetched),
          ms_between (round->fetched, round->playable), total);
  fflush (stdout);
  g_clear_object (&round->player);
  g_clear_object (&round->clip);
  g_clear_pointer (&round->blob, g_free);
  g_clear_pointer (&round->text, g_free);
  return total;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   started;
  double     cpu;     /* s, at the first level */
  gint64     wall;    /* µs, monotonic, at the first level */
} Recording;

static void
level_cb (ConferVoiceRecorder *recorder,
          double               rms_db,
          double               peak_db,
          Recording           *recording)
{
  if (recording->started)
    return;
  recording->started = TRUE;
  recording->cpu = bench_self_cpu_s ();
  recording->wall = g_get_monotonic_time ();
  printf ("recording\n");
  fflush (stdout);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferTestServer) server = NULL;
  g_autoptr(ConferVoiceRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Recording recording = { .loop = loop };
  Round round = { .loop = loop };
  guint64 seconds, rounds;
  double cpu_pct, median, worst, load = bench_load_average ();

  if (argc != 3 || !g_ascii_string_to_unsigned (argv[1], 10, 1, 300, &seconds, NULL) ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, 100, &rounds, NULL))
    {
      fprintf (stderr, "Usage: bench-voice SECONDS ROUNDS\n");
      return 2;
    }

  server = confer_test_server_start (TRUE);
  round.ann = confer_test_client_new (server->link, "Ann");
  round.bob = confer_test_client_new (server->link, "Bob");
  round.ann_chat = confer_client_open_chat (round.ann);
  round.bob_chat = confer_client_open_chat (round.bob);
  if (!confer_client_chat_wait (round.ann_chat, FALSE, WAIT_MS, &error) ||
      !confer_client_chat_wait (round.bob_chat, FALSE, WAIT_MS, &error))
    g_error ("The chat did not open: %s", error->message);

  /* The recording: SECONDS from the first level on. */
  recorder = confer_voice_recorder_new ();
  g_signal_connect (recorder, "level", G_CALLBACK (level_cb), &recording);
  if (!confer_voice_recorder_start (recorder, &error))
    g_error ("Recording would not start: %s", error->message);
  while (!recording.started)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (seconds * 1000, quit_cb, loop);
  g_main_loop_run (loop);
  cpu_pct = (bench_self_cpu_s () - recording.cpu) / ((g_get_monotonic_time () - recording.wall) / 1e6) * 100;
  {
    gint64 stop = g_get_monotonic_time ();

    round.pcm = confer_voice_recorder_stop (recorder, &round.opus);
    round.stop_ms = ms_between (stop, g_get_monotonic_time ());
  }
  if (round.opus == NULL)
    g_error ("The recorder encoded nothing");

  for (guint r = 1; r <= rounds; r++)
    {
      double ms = run_round (&round, r);

      if (ms < 0)
        return 1;
      g_array_append_val (latencies, ms);
    }
  g_array_sort (latencies, bench_compare_doubles);
  median = bench_percentile (latencies, 0.5);
  worst = g_array_index (latencies, double, latencies->len - 1);
  printf ("{\"load_average\": %.2f, \"recorded_s\": %" G_GUINT64_FORMAT ", \"recorded_ms\": %" G_GSIZE_FORMAT ", \"recording_cpu_pct\": %.1f, \"cpu_goal_pct\": %.0f, "
          "\"cpu_goal_met\": %s, \"rounds\": %u, \"playable_median_ms\": %.1f, \"playable_max_ms\": %.1f, "
          "\"goal_ms\": %d, \"goal_met\": %s}\n",
          load, seconds, g_bytes_get_size (round.pcm) / sizeof (gint16) * 1000 / 48000, cpu_pct, GOAL_CPU_PCT, cpu_pct <= GOAL_CPU_PCT ? "true" : "false", latencies->len, median, worst,
          GOAL_MS, worst <= GOAL_MS ? "true" : "false");

  g_clear_object (&round.ann);
  g_clear_object (&round.bob);
  g_bytes_unref (round.pcm);
  gst_sample_unref (round.opus);
  return 0;
}
