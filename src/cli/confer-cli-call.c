/* confer-cli-call.c: confer-cli call — a headless member of a session's
 * call with GStreamer's test sources, printing each peer's statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-call"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "confer-cli.h"
#include "confer-media.h"

/* Received audio at or under this RMS level is silence, dBFS (the test
 * tone is sent at about −13 dBFS). */
#define SILENCE_DBFS -50.0

typedef struct
{
  ConferClientCall *call;
  GHashTable *sends_audio;    /* member ids of peers whose member sends audio */
  gboolean    done;
  GError     *failure;        /* nullable: the media failed */
  GHashTable *connected_at;   /* member id -> monotonic µs of connection (gint64 *) */
  GArray     *latencies;      /* double, ms, of every peer's camera */
  GArray     *screen_latencies; /* double, ms, of every peer's shared screen */
  GHashTable *seen;           /* member ids of peers that connected */
  guint       max_width;
  guint       max_height;
  double      fps_sum;        /* of each peer's average */
  guint       fps_count;
  guint       screen_width;   /* the largest screen received */
  guint       screen_height;
  double      screen_fps_sum;
  guint       screen_fps_count;
  guint       audio_expected;
  guint       audio_heard;
  char       *recorders;      /* the member ids recording, as last printed */
  char       *refusal;        /* nullable: why the server refused an update */
  ConferCall *engine;
  gint64      joining_at;     /* monotonic µs when joining began */
  GHashTable *framed;         /* member ids whose first camera frame came */
  double      drop;           /* --drop, 0–0.5 */
  const char *room_name;      /* nullable: --room, the breakout room to be in */
  char       *asked_room;     /* the room id last moved into for --room */
  GPtrArray  *visits;         /* Visit: the rooms this side was in, in order */
  GstDevice  *switch_to[CONFER_MEDIA_N_DEVICE_KINDS];  /* nullable: --switch-microphone's and --switch-speaker's */
} CallRun;

/* A stay in one room: the peers connected there. */
typedef struct
{
  char       *room;           /* its name; "main" for the main room */
  GHashTable *connected;      /* member ids */
} Visit;

static void
visit_free (Visit *visit)
{
  g_free (visit->room);
  g_hash_table_unref (visit->connected);
  g_free (visit);
}

/* The name of this side's room now: a breakout room's, or "main". */
static const char *
room_name (ConferClientCall *call)
{
  ConferCallRoom *room = confer_client_call_find_room (call, confer_client_call_get_room (call));

  return room != NULL ? confer_call_room_get_name (room) : CONFER_CALL_MAIN_ROOM;
}

static void
print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  printf ("%s\n", text);
  fflush (stdout);
}

static JsonObject *
stats_object (ConferCallPeer  *peer,
              ConferCallStats *stats)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "peer", confer_call_peer_get_member_id (peer));
  json_object_set_string_member (object, "participant", confer_call_peer_get_participant (peer));
  json_object_set_string_member (object, "room", ((Visit *) g_object_get_data (G_OBJECT (peer), "visit"))->room);
  json_object_set_string_member (object, "state",
                                 (const char *[]) { "connecting", "connected", "failed", "closed" }
                                   [confer_call_peer_get_state (peer)]);
  json_object_set_double_member (object, "send_kbps", round (stats->send_kbps * 10) / 10);
  json_object_set_double_member (object, "receive_kbps", round (stats->receive_kbps * 10) / 10);
  json_object_set_double_member (object, "fps", round (stats->video.frame_rate * 10) / 10);
  json_object_set_double_member (object, "loss", stats->loss);
  json_object_set_double_member (object, "remote_loss", stats->remote_loss);
  if (stats->rtt_ms >= 0)
    json_object_set_double_member (object, "rtt_ms", round (stats->rtt_ms * 10) / 10);
  json_object_set_int_member (object, "frames_received", stats->video.frames_received);
  json_object_set_int_member (object, "frames_sent", stats->frames_sent);
  json_object_set_int_member (object, "width", stats->video.width);
  json_object_set_int_member (object, "height", stats->video.height);
  if (stats->screen.frames_received > 0)
    {
      JsonObject *screen = json_object_new ();

      json_object_set_double_member (screen, "fps", round (stats->screen.frame_rate * 10) / 10);
      json_object_set_int_member (screen, "frames_received", stats->screen.frames_received);
      json_object_set_int_member (screen, "frames_stamped", stats->screen.frames_stamped);
      json_object_set_int_member (screen, "width", stats->screen.width);
      json_object_set_int_member (screen, "height", stats->screen.height);
      json_object_set_object_member (object, "screen", screen);
    }
  if (isfinite (stats->audio_dbfs))
    json_object_set_double_member (object, "audio_dbfs", round (stats->audio_dbfs * 10) / 10);
  json_object_set_int_member (object, "audio_ms", stats->audio_ms);
  return object;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @p-th percentile of sorted @values (nearest rank). */
static double
percentile (GArray *values,
            double  p)
{
  guint rank = (guint) ceil (p / 100 * values->len);

  return g_array_index (values, double, MAX (rank, 1) - 1);
}

/* Moves the peer's new latency samples of @video into the run's; returns
 * their median, or a negative number if there were none. */
static double
collect_latencies (CallRun         *run,
                   ConferCallPeer  *peer,
                   ConferCallVideo  video)
{
  g_autoptr(GArray) taken = confer_call_peer_take_latencies (peer, video);

  if (taken->len == 0)
    return -1;
  g_array_append_vals (video == CONFER_CALL_VIDEO_SCREEN ? run->screen_latencies : run->latencies, taken->data,
                       taken->len);
  g_array_sort (taken, compare_doubles);
  return percentile (taken, 50);
}

static void
stats_cb (ConferCallPeer *peer,
          CallRun        *run)
{
  ConferCallStats stats;
  double latency = collect_latencies (run, peer, CONFER_CALL_VIDEO_CAMERA);
  double screen_latency = collect_latencies (run, peer, CONFER_CALL_VIDEO_SCREEN);
  JsonObject *object;

  confer_call_peer_get_stats (peer, &stats);
  object = stats_object (peer, &stats);
  json_object_set_int_member (object, "at_ms", (g_get_monotonic_time () - run->joining_at) / 1000);
  json_object_set_int_member (object, "video_bitrate_kbps", confer_call_get_video_bitrate (run->engine) / 1000);
  if (latency >= 0)
    json_object_set_double_member (object, "latency_ms", latency);
  if (screen_latency >= 0 && json_object_has_member (object, "screen"))
    json_object_set_double_member (json_object_get_object_member (object, "screen"), "latency_ms", screen_latency);
  print_object (object);
}

/* The call's set-up time as a user sees it: from joining to a peer's
 * first camera frame. */
static void
frame_cb (ConferCallPeer *peer,
          int             video,
          CallRun        *run)
{
  const char *id = confer_call_peer_get_member_id (peer);
  JsonObject *object;

  if (video != CONFER_CALL_VIDEO_CAMERA || g_hash_table_contains (run->framed, id))
    return;
  g_hash_table_add (run->framed, g_strdup (id));
  object = json_object_new ();
  json_object_set_string_member (object, "first_frame", id);
  json_object_set_int_member (object, "after_join_ms", (g_get_monotonic_time () - run->joining_at) / 1000);
  print_object (object);
}

static void
state_cb (ConferCallPeer *peer,
          GParamSpec     *pspec,
          CallRun        *run)
{
  const char *id = confer_call_peer_get_member_id (peer);

  if (confer_call_peer_get_state (peer) == CONFER_CALL_PEER_CONNECTED && !g_hash_table_contains (run->connected_at, id))
    {
      gint64 *now = g_new (gint64, 1);
      ConferCallMember *member = confer_client_call_find_member (run->call, id);

      *now = g_get_monotonic_time ();
      g_hash_table_insert (run->connected_at, g_strdup (id), now);
      g_hash_table_add (run->seen, g_strdup (id));
      g_hash_table_add (((Visit *) g_object_get_data (G_OBJECT (peer), "visit"))->connected, g_strdup (id));
      if (member != NULL && confer_call_member_get_audio (member))
        g_hash_table_add (run->sends_audio, g_strdup (id));
    }
}

static void
peers_changed_cb (GListModel *peers,
                  guint       position,
                  guint       removed,
                  guint       added,
                  CallRun    *run)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (peers, i);

      /* Peers are made in this side's room, which this side is in now. */
      g_object_set_data (G_OBJECT (peer), "visit", run->visits->pdata[run->visits->len - 1]);
      g_signal_connect (peer, "stats", G_CALLBACK (stats_cb), run);
      g_signal_connect (peer, "frame", G_CALLBACK (frame_cb), run);
      g_signal_connect (peer, "notify::state", G_CALLBACK (state_cb), run);
    }
}

/* A peer's last word: its final statistics, with the frame rate averaged
 * over the time it was connected. */
static void
peer_removed_cb (ConferCall     *engine,
                 ConferCallPeer *peer,
                 CallRun        *run)
{
  ConferCallStats stats;
  JsonObject *object;
  gint64 *connected = g_hash_table_lookup (run->connected_at, confer_call_peer_get_member_id (peer));
  double seconds = connected != NULL ? (g_get_monotonic_time () - *connected) / (double) G_USEC_PER_SEC : 0;

  g_signal_handlers_disconnect_by_data (peer, run);
  confer_call_peer_get_stats (peer, &stats);
  collect_latencies (run, peer, CONFER_CALL_VIDEO_CAMERA);
  collect_latencies (run, peer, CONFER_CALL_VIDEO_SCREEN);
  object = stats_object (peer, &stats);
  json_object_set_boolean_member (object, "final", TRUE);
  json_object_set_int_member (object, "frames_stamped", stats.video.frames_stamped);
  if (seconds > 0)
    json_object_set_double_member (object, "average_fps", round (stats.video.frames_received / seconds * 10) / 10);
  print_object (object);
  if (connected == NULL)
    return;
  if (stats.video.frames_received > 0)
    {
      run->max_width = MAX (run->max_width, stats.video.width);
      run->max_height = MAX (run->max_height, stats.video.height);
      run->fps_sum += stats.video.frames_received / seconds;
      run->fps_count++;
    }
  if (stats.screen.frames_received > 0)
    {
      run->screen_width = MAX (run->screen_width, stats.screen.width);
      run->screen_height = MAX (run->screen_height, stats.screen.height);
      run->screen_fps_sum += stats.screen.frames_received / seconds;
      run->screen_fps_count++;
    }
  if (g_hash_table_contains (run->sends_audio, confer_call_peer_get_member_id (peer)))
    {
      run->audio_expected++;
      run->audio_heard += isfinite (stats.audio_dbfs) && stats.audio_dbfs > SILENCE_DBFS;
    }
  /* The same member may be a peer again, in another room. */
  g_hash_table_remove (run->connected_at, confer_call_peer_get_member_id (peer));
}

/* Who records the call: a `recorders` line each time that changes (every
 * participant is told, through the call's state). */
static void
recorders_changed_cb (CallRun *run)
{
  GListModel *members = confer_client_call_get_members (run->call);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *array;

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      if (confer_call_member_get_recording (member))
        g_ptr_array_add (ids, g_strdup (confer_call_member_get_id (member)));
    }
  g_ptr_array_add (ids, NULL);
  text = g_strjoinv (" ", (char **) ids->pdata);
  if (g_strcmp0 (text, run->recorders) == 0)
    return;
  g_free (run->recorders);
  run->recorders = g_steal_pointer (&text);
  object = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; ids->pdata[i] != NULL; i++)
    json_array_add_string_element (array, ids->pdata[i]);
  json_object_set_array_member (object, "recorders", array);
  print_object (object);
}

static void
members_changed_cb (GListModel *members,
                    guint       position,
                    guint       removed,
                    guint       added,
                    CallRun    *run)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      g_signal_connect_swapped (member, "notify::recording", G_CALLBACK (recorders_changed_cb), run);
    }
  recorders_changed_cb (run);
}

/* The recording's video switched to another speaker. */
static void
speaker_cb (ConferCall *engine,
            GParamSpec *pspec,
            CallRun    *run)
{
  JsonObject *object = json_object_new ();

  if (!confer_call_get_recording (engine))
    return;
  json_object_set_string_member (object, "speaker", confer_call_get_speaker (engine));
  print_object (object);
}

/* This side's room changed (or, with no @pspec, the room it joins in):
 * a `{"room": name, "room_id": id}` line, and a new visit that the peers
 * made from now on belong to. Leaving the call is no move. */
static void
room_cb (ConferClientCall *call,
         GParamSpec       *pspec,
         CallRun          *run)
{
  Visit *visit;
  JsonObject *object;

  if (pspec != NULL && confer_client_call_get_member_id (call) == NULL)
    return;
  visit = g_new0 (Visit, 1);
  object = json_object_new ();

  visit->room = g_strdup (room_name (call));
  visit->connected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_ptr_array_add (run->visits, visit);
  json_object_set_string_member (object, "room", visit->room);
  json_object_set_string_member (object, "room_id", confer_client_call_get_room (call));
  print_object (object);
}

static void
moved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  CallRun *run = data;
  g_autoptr(GError) error = NULL;

  if (!confer_client_call_move_finish (CONFER_CLIENT_CALL (source), result, &error) && run->failure == NULL)
    {
      g_prefix_error (&error, "Moving to the room “%s”: ", run->room_name);
      run->failure = g_steal_pointer (&error);
    }
}

/* --room: once a breakout room of that name is open, this side moves
 * into it, once for each room of that name opened. */
static void
follow_room (CallRun *run)
{
  GListModel *rooms = confer_client_call_get_rooms (run->call);

  if (run->room_name == NULL || confer_client_call_get_member_id (run->call) == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (rooms); i++)
    {
      g_autoptr(ConferCallRoom) room = g_list_model_get_item (rooms, i);
      const char *id = confer_call_room_get_id (room);

      if (!g_str_equal (confer_call_room_get_name (room), run->room_name) || g_strcmp0 (run->asked_room, id) == 0)
        continue;
      g_free (run->asked_room);
      run->asked_room = g_strdup (id);
      if (!g_str_equal (confer_client_call_get_room (run->call), id))
        confer_client_call_move_async (run->call, NULL, id, NULL, moved_cb, run);
      return;
    }
}

static void
refused_cb (ConferClientCall *call,
            const char       *code,
            const char       *message,
            CallRun          *run)
{
  if (run->refusal == NULL)
    run->refusal = g_strdup (message);
}

/* Tells everyone this side records (`call.update`), and waits for the
 * server to agree: it refuses a role that may not record, and then
 * nothing is recorded. */
static gboolean
announce_recording (CallRun  *run,
                    GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) CONFER_CLI_TIMEOUT_MS * 1000;
  ConferCallMember *me;

  confer_client_call_update (run->call, CONFER_CALL_RECORDING, CONFER_CALL_RECORDING);
  while (run->refusal == NULL && g_get_monotonic_time () < deadline &&
         ((me = confer_client_call_find_member (run->call, confer_client_call_get_member_id (run->call))) == NULL ||
          !confer_call_member_get_recording (me)))
    g_main_context_iteration (NULL, TRUE);
  if (run->refusal != NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN, "%s", run->refusal);
      return FALSE;
    }
  if (g_get_monotonic_time () >= deadline)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The server did not answer within %d ms",
                   CONFER_CLI_TIMEOUT_MS);
      return FALSE;
    }
  return TRUE;
}

/* Prints what was recorded, for how long: from @started to @stopped
 * (monotonic µs). */
static void
print_recorded (const char *path,
                gint64      started,
                gint64      stopped)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "recorded", path);
  json_object_set_int_member (object, "duration_ms", (stopped - started) / 1000);
  print_object (object);
}

/* --video and --audio: test (the default), device or none. */
static gboolean
parse_kind (const char  *value,
            const char  *option,
            gboolean    *send,
            gboolean    *device)
{
  *send = value == NULL || !g_str_equal (value, "none");
  *device = value != NULL && g_str_equal (value, "device");
  if (value != NULL && !g_str_equal (value, "test") && !g_str_equal (value, "none") && !*device)
    {
      fprintf (stderr, "confer-cli call: %s must be “test”, “device” or “none”, not “%s”\n", option, value);
      return FALSE;
    }
  return TRUE;
}

/* The device of @kind whose id is @id, or NULL (and a message) if none
 * is present; NULL without a message for no @id. */
static gboolean
find_device (ConferMediaDevices     *devices,
             ConferMediaDeviceKind   kind,
             const char             *id,
             GstDevice             **device)
{
  static const char * const kinds[] = { "microphone", "camera", "speaker" };

  *device = NULL;
  if (id == NULL)
    return TRUE;
  if ((*device = confer_media_devices_find (devices, kind, id)) == NULL)
    {
      fprintf (stderr, "confer-cli call: there is no %s “%s” (confer-cli devices lists them)\n", kinds[kind], id);
      return FALSE;
    }
  return TRUE;
}

/* --switch-microphone's and --switch-speaker's time came. */
static gboolean
switch_devices_cb (gpointer data)
{
  static const char * const kinds[] = { "microphone", "camera", "speaker" };
  CallRun *run = data;

  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      JsonObject *object;

      if (run->switch_to[kind] == NULL)
        continue;
      if (!confer_call_set_device (run->engine, kind, run->switch_to[kind], &error))
        {
          if (run->failure == NULL)
            run->failure = g_steal_pointer (&error);
          return G_SOURCE_REMOVE;
        }
      id = confer_media_device_dup_id (run->switch_to[kind]);
      object = json_object_new ();
      json_object_set_string_member (object, kinds[kind], id);
      print_object (object);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
stop_cb (gpointer data)
{
  ((CallRun *) data)->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* --drop's loss begins, then ends. */
static gboolean
start_drop_cb (gpointer data)
{
  CallRun *run = data;

  g_object_set (run->engine, "send-loss", run->drop, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
end_drop_cb (gpointer data)
{
  g_object_set (((CallRun *) data)->engine, "send-loss", 0.0, NULL);
  return G_SOURCE_REMOVE;
}

static void
failed_cb (ConferCall *engine,
           GError     *error,
           CallRun    *run)
{
  if (run->failure == NULL)
    run->failure = g_error_copy (error);
  run->done = TRUE;
}

/**
 * confer_cli_call:
 * @argc: the arguments' count
 * @argv: `call LINK [--seconds N] [--video test|device|none]
 *   [--audio test|device|none] [--microphone ID] [--camera ID]
 *   [--speaker ID] [--switch-microphone ID] [--switch-speaker ID]
 *   [--switch-after S] [--preview]
 *   [--size WxH] [--fps F] [--name NAME] [--play] [--screen [--window XID]]
 *   [--record FILE.webm [--record-after S] [--record-seconds N]]
 *   [--drop PERCENT [--drop-after S] [--drop-seconds N]]`
 *
 * Joins the session's call with GStreamer's test sources (a tone, the
 * colour bars, each frame stamped with its send time when the video is at
 * least 256 px wide) and, with `--screen`, shares the X screen of
 * `$DISPLAY` (or the window XID), its frames stamped too; stays @seconds,
 * then leaves. Prints `{"first_frame": member id, "after_join_ms": N}`
 * when a peer's first camera frame is decoded, N ms after joining began
 * (the call's set-up time; the process's DTLS certificate is made before,
 * as the app makes it before its Join), and a JSON line per peer and second (`peer`,
 * `at_ms` since joining began, `state`, `send_kbps`, `receive_kbps`,
 * `fps`, `loss`, `remote_loss`, `rtt_ms`, `frames_received`,
 * `frames_sent`, `width`, `height`, `audio_dbfs`, `audio_ms`,
 * `video_bitrate_kbps` — this side's video encoder's target, which
 * follows the peers' reported loss — and `screen` — `fps`,
 * `frames_received`, `frames_stamped`, `width`, `height`, `latency_ms` —
 * once the peer's shared screen came), a
 * `final` line per peer when it goes (with `frames_stamped` and
 * `average_fps`), and ends with `call: N peers, video received W×H at F
 * fps, audio ok, latency p50 X ms p95 Y ms`, followed by `, screen
 * received W×H at F fps, latency p50 X ms p95 Y ms` when a shared screen
 * came. It prints who records the call, `{"recorders": [member ids]}`,
 * once joined and whenever that changes.
 *
 * With `--record`, once joined (and @record-after seconds later) it tells
 * everyone it records (the server
 * refuses a role that may not) and records the call to FILE
 * (confer_call_start_recording()), printing `{"recording": FILE}`, then
 * `{"speaker": member id}` each time the recorded video switches to
 * another speaker (`null`: its own video), and `{"recorded": FILE,
 * "duration_ms": N}` when it stops: after `--record-seconds` (through
 * confer_call_stop_recording()), or else when it leaves
 * (confer_call_stop()).
 *
 * With `--audio device` or `--video device` (both, if both are sent), the
 * microphone and camera are devices rather than the test sources: the
 * default ones, or those `--microphone` and `--camera` name by their ids
 * (`confer-cli devices` lists them; confer_media_device_dup_id());
 * `--speaker` names where `--play` plays. `--switch-microphone` and
 * `--switch-speaker` change the microphone and the speaker to others,
 * @switch-after seconds after joining (default half the call), while the
 * call goes on (confer_call_set_device()), and print `{"microphone": ID}`
 * and `{"speaker": ID}`.
 *
 * With `--preview`, the self-preview is made as the app's
 * (#ConferCall:preview: small, mirrored, RGBA) and dropped: to measure
 * what it costs.
 *
 * With `--drop`, PERCENT (0–50) of its camera video packets are dropped
 * before they are sent (#ConferCall:send-loss), from @drop-after seconds
 * after joining for @drop-seconds (0: until it leaves): a lossy link, to
 * watch `video_bitrate_kbps` adapt.
 *
 * Returns: 0 once the call ran; 1 if it could not be joined (a viewer's
 *   `forbidden`, sharing a screen without the role, a full call), a
 *   device named is not present or would not start,
 *   recording was refused or failed, or the media failed; 2 for bad
 *   arguments
 */
int
confer_cli_call (int    argc,
                 char **argv)
{
  int seconds = 10, fps = 15;
  g_autofree char *video = NULL;
  g_autofree char *audio = NULL;
  g_autofree char *size = NULL;
  g_autofree char *name = NULL;
  g_autofree char *record = NULL;
  g_autofree char *room = NULL;
  int record_seconds = 0, record_after = 0, drop = 0, drop_after = 0, drop_seconds = 0;
  gboolean play = FALSE, screen = FALSE, preview = FALSE, send_audio, send_video, audio_device, video_device;
  g_autofree char *microphone_id = NULL;
  g_autofree char *camera_id = NULL;
  g_autofree char *speaker_id = NULL;
  g_autofree char *switch_id = NULL;
  g_autofree char *switch_speaker_id = NULL;
  int switch_after = -1;
  g_autoptr(ConferMediaDevices) devices = NULL;
  GstDevice *chosen[CONFER_MEDIA_N_DEVICE_KINDS] = { NULL };
  g_autofree char *window = NULL;
  guint64 xid = 0;
  GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "How long to stay in the call (default 10)", "N" },
    { "video", 0, 0, G_OPTION_ARG_STRING, &video, "Send the test video, the camera, or none (default test)",
      "test|device|none" },
    { "audio", 0, 0, G_OPTION_ARG_STRING, &audio, "Send the test tone, the microphone, or none (default test)",
      "test|device|none" },
    { "microphone", 0, 0, G_OPTION_ARG_STRING, &microphone_id, "With --audio device, this microphone", "ID" },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_id, "With --video device, this camera", "ID" },
    { "speaker", 0, 0, G_OPTION_ARG_STRING, &speaker_id, "With --play, play on this speaker", "ID" },
    { "switch-microphone", 0, 0, G_OPTION_ARG_STRING, &switch_id,
      "With --audio device, change to this microphone during the call", "ID" },
    { "switch-speaker", 0, 0, G_OPTION_ARG_STRING, &switch_speaker_id,
      "With --play, change to this speaker during the call", "ID" },
    { "switch-after", 0, 0, G_OPTION_ARG_INT, &switch_after,
      "Change the microphone or speaker N seconds after joining (default half the call)", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Video size (default 640x360)", "WxH" },
    { "fps", 0, 0, G_OPTION_ARG_INT, &fps, "Video frames per second (default 15)", "F" },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { "play", 0, 0, G_OPTION_ARG_NONE, &play, "Play the audio received (otherwise it is only measured)", NULL },
    { "preview", 0, 0, G_OPTION_ARG_NONE, &preview, "Make the self-preview the app shows (to measure its cost)", NULL },
    { "screen", 0, 0, G_OPTION_ARG_NONE, &screen, "Share the X screen of $DISPLAY", NULL },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window, "With --screen, share only this X window", "XID" },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &record, "Record the call to a WebM file", "FILE.webm" },
    { "record-after", 0, 0, G_OPTION_ARG_INT, &record_after, "Start recording N seconds after joining (default 0)",
      "N" },
    { "record-seconds", 0, 0, G_OPTION_ARG_INT, &record_seconds,
      "Stop recording after N seconds (default: when leaving)", "N" },
    { "drop", 0, 0, G_OPTION_ARG_INT, &drop, "Drop PERCENT (0–50) of the video packets sent, as a lossy link would",
      "PERCENT" },
    { "drop-after", 0, 0, G_OPTION_ARG_INT, &drop_after, "Begin dropping N seconds after joining (default 0)", "N" },
    { "drop-seconds", 0, 0, G_OPTION_ARG_INT, &drop_seconds, "Drop for N seconds (default: until leaving)", "N" },
    { "room", 0, 0, G_OPTION_ARG_STRING, &room,
      "Move into the breakout room NAME whenever one opens (the rooms must let members choose, or be an owner)",
      "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK — take part in the session's call with test sources");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferCall) engine = NULL;
  g_autoptr(GHashTable) connected_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sends_audio = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) framed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) screen_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func ((GDestroyNotify) visit_free);
  g_autofree char *rooms_part = NULL;
  g_autofree char *screen_part = NULL;
  g_autofree char *video_part = NULL;
  g_autofree char *audio_part = NULL;
  g_autofree char *latency_part = NULL;
  g_autoptr(GFile) record_file = NULL;
  CallRun run = { 0 };
  gint64 record_started = 0;
  ConferClientCall *call;
  JsonObject *joined;
  guint width = CONFER_CALL_DEFAULT_WIDTH, height = CONFER_CALL_DEFAULT_HEIGHT;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "call", &argc, &argv))
    return 2;
  if (argc != 2)
    {
      fprintf (stderr, "Usage: confer-cli call LINK [--seconds N] [--video test|none] [--audio test|none] "
               "[--screen [--window XID]]\n");
      return 2;
    }
  if (!parse_kind (video, "--video", &send_video, &video_device) ||
      !parse_kind (audio, "--audio", &send_audio, &audio_device))
    return 2;
  if ((send_video && send_audio && video_device != audio_device) || (microphone_id != NULL && !audio_device) ||
      (switch_id != NULL && !audio_device) || (camera_id != NULL && !video_device) ||
      ((speaker_id != NULL || switch_speaker_id != NULL) && !play) ||
      (switch_after >= 0 && switch_id == NULL && switch_speaker_id == NULL))
    {
      fprintf (stderr, "confer-cli call: --audio and --video are both devices or both test sources; --microphone and "
               "--switch-microphone need --audio device, --camera --video device, --speaker and --switch-speaker "
               "--play, --switch-after a switch\n");
      return 2;
    }
  if (window != NULL && (!screen || !g_ascii_string_to_unsigned (window, 0, G_MAXUINT32, 1, &xid, NULL)))
    {
      fprintf (stderr, "confer-cli call: --window takes an X window id (decimal or 0x…) and goes with --screen\n");
      return 2;
    }
  if (seconds < 1 || seconds > 24 * 3600 || fps < 1 || fps > 60)
    {
      fprintf (stderr, "confer-cli call: --seconds must be 1–86400 and --fps 1–60\n");
      return 2;
    }
  if (record_seconds < 0 || record_after < 0 || record_after + record_seconds > seconds ||
      ((record_seconds > 0 || record_after > 0) && record == NULL))
    {
      fprintf (stderr, "confer-cli call: --record-after and --record-seconds need --record, and fit in --seconds\n");
      return 2;
    }
  if (drop < 0 || drop > 50 || drop_after < 0 || drop_seconds < 0 || drop_after + drop_seconds > seconds ||
      ((drop_after > 0 || drop_seconds > 0) && drop == 0))
    {
      fprintf (stderr, "confer-cli call: --drop takes a percentage from 0 to 50; --drop-after and --drop-seconds "
               "need it, and fit in --seconds\n");
      return 2;
    }
  if (record != NULL && !g_str_has_suffix (record, ".webm"))
    {
      fprintf (stderr, "confer-cli call: --record must name a .webm file\n");
      return 2;
    }
  if (size != NULL && (sscanf (size, "%ux%u", &width, &height) != 2 || width < 16 || width > 3840 || height < 16 ||
                       height > 2160 || width % 2 != 0 || height % 2 != 0))
    {
      fprintf (stderr, "confer-cli call: --size must be WxH, even, from 16x16 to 3840x2160\n");
      return 2;
    }

  if (switch_after < 0)
    switch_after = seconds / 2;
  if (switch_after > seconds)
    {
      fprintf (stderr, "confer-cli call: --switch-after must fit in --seconds\n");
      return 2;
    }
  if (microphone_id != NULL || camera_id != NULL || speaker_id != NULL || switch_id != NULL ||
      switch_speaker_id != NULL)
    {
      devices = confer_media_devices_new ();
      if (!find_device (devices, CONFER_MEDIA_DEVICE_MICROPHONE, microphone_id, &chosen[CONFER_MEDIA_DEVICE_MICROPHONE]) ||
          !find_device (devices, CONFER_MEDIA_DEVICE_CAMERA, camera_id, &chosen[CONFER_MEDIA_DEVICE_CAMERA]) ||
          !find_device (devices, CONFER_MEDIA_DEVICE_SPEAKER, speaker_id, &chosen[CONFER_MEDIA_DEVICE_SPEAKER]) ||
          !find_device (devices, CONFER_MEDIA_DEVICE_MICROPHONE, switch_id,
                        &run.switch_to[CONFER_MEDIA_DEVICE_MICROPHONE]) ||
          !find_device (devices, CONFER_MEDIA_DEVICE_SPEAKER, switch_speaker_id,
                        &run.switch_to[CONFER_MEDIA_DEVICE_SPEAKER]))
        return 1;
    }

  confer_call_prepare ();
  if ((client = confer_cli_connect (argv[1], name, &error)) == NULL)
    goto failed;
  call = confer_client_get_call (client);
  engine = confer_call_new (CONFER_CALL_SIGNALLING (call));
  g_object_set (engine, "sources", audio_device || video_device ? CONFER_CALL_SOURCES_DEVICES : CONFER_CALL_SOURCES_TEST,
                "microphone", chosen[CONFER_MEDIA_DEVICE_MICROPHONE], "camera", chosen[CONFER_MEDIA_DEVICE_CAMERA],
                "speaker-device", chosen[CONFER_MEDIA_DEVICE_SPEAKER], "send-audio", send_audio, "send-video", send_video,
                "play-audio", play, "width", width, "height", height, "framerate", (guint) fps,
                "stamp-frames", !send_video || width >= CONFER_CALL_STAMP_MIN_WIDTH, "can-share-screen", screen,
                "preview", preview, NULL);
  run.call = call;
  run.sends_audio = sends_audio;
  run.connected_at = connected_at;
  run.seen = seen;
  run.latencies = latencies;
  run.screen_latencies = screen_latencies;
  run.engine = engine;
  run.framed = framed;
  run.drop = drop / 100.0;
  run.room_name = room;
  run.visits = visits;
  room_cb (call, NULL, &run);
  g_signal_connect (call, "notify::room", G_CALLBACK (room_cb), &run);
  g_signal_connect_swapped (confer_client_call_get_rooms (call), "items-changed", G_CALLBACK (follow_room), &run);
  g_signal_connect (confer_call_get_peers (engine), "items-changed", G_CALLBACK (peers_changed_cb), &run);
  g_signal_connect (engine, "peer-removed", G_CALLBACK (peer_removed_cb), &run);
  g_signal_connect (engine, "failed", G_CALLBACK (failed_cb), &run);
  g_signal_connect (engine, "recording-failed", G_CALLBACK (failed_cb), &run);
  g_signal_connect (engine, "notify::speaker", G_CALLBACK (speaker_cb), &run);
  g_signal_connect (call, "refused", G_CALLBACK (refused_cb), &run);
  g_signal_connect (confer_client_call_get_members (call), "items-changed", G_CALLBACK (members_changed_cb), &run);
  members_changed_cb (confer_client_call_get_members (call), 0, 0,
                      g_list_model_get_n_items (confer_client_call_get_members (call)), &run);
  /* The app makes the certificate once others are in the call, long
   * before its Join; so does this, before joining, so that the set-up
   * time it prints is a Join's in the app. */
  confer_call_wait_prepared ();
  run.joining_at = g_get_monotonic_time ();
  if (!confer_call_start (engine, &error) ||
      !confer_client_call_join (call, (send_audio ? CONFER_CALL_AUDIO : 0) | (send_video ? CONFER_CALL_VIDEO : 0) |
                                (screen ? CONFER_CALL_SCREEN : 0), CONFER_CLI_TIMEOUT_MS, &error) ||
      (screen && !confer_call_share_x11_screen (engine, xid, &error)))
    goto failed;

  if (switch_id != NULL || switch_speaker_id != NULL)
    g_timeout_add_seconds (switch_after, switch_devices_cb, &run);
  if (drop > 0)
    {
      g_timeout_add_seconds (drop_after, start_drop_cb, &run);
      if (drop_seconds > 0)
        g_timeout_add_seconds (drop_after + drop_seconds, end_drop_cb, &run);
    }
  joined = json_object_new ();
  json_object_set_string_member (joined, "joined", confer_client_call_get_member_id (call));
  json_object_set_string_member (joined, "participant", confer_client_get_participant_id (client));
  print_object (joined);
  follow_room (&run);

  if (record_after > 0)
    {
      g_timeout_add_seconds (record_after, stop_cb, &run);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
      run.done = FALSE;
    }
  if (record != NULL && run.failure == NULL)
    {
      JsonObject *recording;

      record_file = g_file_new_for_commandline_arg (record);
      if (!announce_recording (&run, &error) || !confer_call_start_recording (engine, record_file, &error))
        goto failed;
      record_started = g_get_monotonic_time ();
      recording = json_object_new ();
      json_object_set_string_member (recording, "recording", record);
      print_object (recording);
    }
  if (record_seconds > 0)
    {
      g_timeout_add_seconds (record_seconds, stop_cb, &run);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
      run.done = FALSE;
      if (run.failure == NULL)
        {
          gint64 stopping = g_get_monotonic_time ();

          if (!confer_call_stop_recording (engine, &error))
            goto failed;
          print_recorded (record, record_started, stopping);
          confer_client_call_update (call, CONFER_CALL_RECORDING, 0);
        }
    }
  g_timeout_add_seconds (seconds - record_after - record_seconds, stop_cb, &run);
  while (!run.done && run.failure == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (run.failure != NULL)
    {
      g_propagate_error (&error, run.failure);
      goto failed;
    }

  if (confer_call_get_recording (engine))
    {
      /* Leaving finishes the file. */
      gint64 stopping = g_get_monotonic_time ();

      confer_call_stop (engine);
      print_recorded (record, record_started, stopping);
    }
  confer_call_stop (engine);
  confer_client_call_leave (call);
  confer_client_disconnect (client);
  g_signal_handlers_disconnect_by_data (call, &run);
  g_signal_handlers_disconnect_by_data (confer_client_call_get_rooms (call), &run);

  video_part = run.fps_count > 0 ? g_strdup_printf ("%u×%u at %.1f fps", run.max_width, run.max_height,
                                                    run.fps_sum / run.fps_count)
                                 : g_strdup ("none");
  audio_part = g_strdup (run.audio_expected == 0 ? "none" : run.audio_heard == run.audio_expected ? "ok" : "silent");
  if (latencies->len > 0)
    {
      g_array_sort (latencies, compare_doubles);
      latency_part = g_strdup_printf ("p50 %.0f ms p95 %.0f ms", percentile (latencies, 50), percentile (latencies, 95));
    }
  else
    latency_part = g_strdup ("not measured");
  if (run.screen_fps_count > 0)
    {
      g_autofree char *screen_latency = NULL;

      g_array_sort (screen_latencies, compare_doubles);
      screen_latency = screen_latencies->len > 0
                       ? g_strdup_printf ("p50 %.0f ms p95 %.0f ms", percentile (screen_latencies, 50),
                                          percentile (screen_latencies, 95))
                       : g_strdup ("not measured");
      screen_part = g_strdup_printf (", screen received %u×%u at %.1f fps, latency %s", run.screen_width,
                                     run.screen_height, run.screen_fps_sum / run.screen_fps_count, screen_latency);
    }
  /* Where breakout rooms were used: each room this side was in, in
   * order, with how many peers it connected to there. */
  if (visits->len > 1)
    {
      g_autoptr(GString) text = g_string_new (", rooms");

      for (guint i = 0; i < visits->len; i++)
        {
          Visit *visit = visits->pdata[i];
          guint n = g_hash_table_size (visit->connected);

          g_string_append_printf (text, "%s %s %u peer%s", i > 0 ? "," : "", visit->room, n, n == 1 ? "" : "s");
        }
      rooms_part = g_string_free (g_steal_pointer (&text), FALSE);
    }
  printf ("call: %u peers, video received %s, audio %s, latency %s%s%s\n", g_hash_table_size (seen), video_part,
          audio_part, latency_part, screen_part != NULL ? screen_part : "", rooms_part != NULL ? rooms_part : "");
  g_free (run.recorders);
  g_free (run.asked_room);
  g_free (run.refusal);
  return 0;

failed:
  fprintf (stderr, "confer-cli call: %s\n", error->message);
  /* Its last peer-removed signals need the run's tables, freed before it. */
  if (engine != NULL)
    confer_call_stop (engine);
  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (confer_client_get_call (client), &run);
      g_signal_handlers_disconnect_by_data (confer_client_call_get_rooms (confer_client_get_call (client)), &run);
    }
  g_free (run.recorders);
  g_free (run.refusal);
  g_free (run.asked_room);
  return 1;
}
