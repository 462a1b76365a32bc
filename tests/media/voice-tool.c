/* voice-tool.c: libconfer-media driven from a test script — process a
 * file, record from the audio source, play a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voice-tool"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "confer-media.h"

static gboolean
write_clip (ConferVoiceClip *clip,
            const char      *path,
            GError         **error)
{
  GBytes *bytes = confer_voice_clip_get_bytes (clip);

  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return FALSE;
  printf ("duration_ms %u trim_start_ms %u gain_db %.1f noise_floor_dbfs %.1f bytes %" G_GSIZE_FORMAT "\n",
          confer_voice_clip_get_duration_ms (clip), confer_voice_clip_get_trim_start_ms (clip),
          confer_voice_clip_get_gain_db (clip), confer_voice_clip_get_noise_floor_dbfs (clip), g_bytes_get_size (bytes));
  return TRUE;
}

/* process IN OUT.ogg */
static gboolean
process (char **argv,
         GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[0]);
  g_autoptr(ConferVoiceClip) clip = confer_voice_process_file (file, NULL, error);

  return clip != NULL && write_clip (clip, argv[1], error);
}

static void
level_cb (ConferVoiceRecorder *recorder,
          double               rms_db,
          double               peak_db,
          double              *loudest)
{
  if (*loudest == -G_MAXDOUBLE)
    {
      printf ("recording\n");
      fflush (stdout);
    }
  *loudest = MAX (*loudest, peak_db);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* record OUT.ogg: records from CONFER_AUDIO_SOURCE (or the default),
 * saying "recording" once the first level comes, until SIGINT; then
 * processes and writes the message. */
static gboolean
record (char **argv,
        GError **error)
{
  g_autoptr(ConferVoiceRecorder) recorder = confer_voice_recorder_new ();
  g_autoptr(GBytes) pcm = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ConferVoiceClip) clip = NULL;
  g_autoptr(GstSample) opus = NULL;
  double loudest = -G_MAXDOUBLE;
  gboolean done = FALSE;
  guint n_peaks;

  g_signal_connect (recorder, "level", G_CALLBACK (level_cb), &loudest);
  if (!confer_voice_recorder_start (recorder, error))
    return FALSE;
  g_unix_signal_add (SIGINT, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  confer_voice_recorder_get_waveform (recorder, &n_peaks);
  printf ("recorded_ms %u levels %u loudest_peak_db %.1f\n",
          confer_voice_recorder_get_duration_ms (recorder), n_peaks, loudest);
  pcm = confer_voice_recorder_stop (recorder, &opus);
  confer_voice_process_pcm_async (pcm, opus, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return (clip = confer_voice_process_finish (result, error)) != NULL && write_clip (clip, argv[0], error);
}

static void
failed_cb (ConferVoicePlayer *player,
           const GError      *failure,
           GError           **error)
{
  *error = g_error_copy (failure);
}

/* play FILE RATE: plays a message to its end at RATE on CONFER_AUDIO_SINK
 * (or the default) and says how long that took. */
static gboolean
play (char **argv,
      GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ConferVoicePlayer) player = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (argv[0], FALSE, error);
  gboolean ended = FALSE;
  gint64 start;

  if (file == NULL)
    return FALSE;
  bytes = g_mapped_file_get_bytes (file);
  if ((player = confer_voice_player_new (bytes, error)) == NULL)
    return FALSE;
  g_signal_connect_swapped (player, "ended", G_CALLBACK (quit_cb), &ended);
  g_signal_connect (player, "failed", G_CALLBACK (failed_cb), error);
  confer_voice_player_set_rate (player, g_ascii_strtod (argv[1], NULL));
  start = g_get_monotonic_time ();
  confer_voice_player_play (player);
  while (!ended && *error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (*error != NULL)
    return FALSE;
  printf ("duration_ms %u played_in_ms %" G_GINT64_FORMAT "\n",
          confer_voice_player_get_duration_ms (player), (g_get_monotonic_time () - start) / 1000);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (argc == 4 && g_str_equal (argv[1], "process"))
    ok = process (argv + 2, &error);
  else if (argc == 3 && g_str_equal (argv[1], "record"))
    ok = record (argv + 2, &error);
  else if (argc == 4 && g_str_equal (argv[1], "play"))
    ok = play (argv + 2, &error);
  else
    {
      fprintf (stderr, "Usage: voice-tool process IN OUT.ogg | record OUT.ogg | play FILE RATE\n");
      return 2;
    }
  if (!ok)
    {
      fprintf (stderr, "voice-tool %s: %s\n", argv[1], error->message);
      return 1;
    }
  return 0;
}
