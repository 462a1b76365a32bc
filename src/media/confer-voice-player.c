/* confer-voice-player.c: a voice message played from memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-player"

#include "config.h"

#include "confer-voice-player.h"
#include "confer-media-error.h"
#include "confer-media-private.h"

/* How often the position is notified while playing, ms. */
#define POSITION_INTERVAL_MS 100

/**
 * ConferVoicePlayer:
 *
 * Plays a voice message held in memory (Opus in Ogg, or any audio
 * GStreamer decodes) on the default output (`autoaudiosink`), or on the
 * sink the `CONFER_AUDIO_SINK` environment variable describes in
 * gst-launch syntax. Speeds of 1×, 1.5× and 2× keep the voice's pitch
 * (`scaletempo`, WSOLA time stretching).
 *
 * It notifies #ConferVoicePlayer:position-ms about ten times a second
 * while playing, and emits [signal@ConferVoicePlayer::ended] at the end,
 * where it pauses and goes back to the start.
 */
struct _ConferVoicePlayer
{
  GObject     parent_instance;

  GstElement *pipeline;
  guint       bus_watch;
  guint       position_timeout;
  gboolean    playing;
  double      rate;
  guint       duration_ms;
  guint       position_ms;
  gboolean    seek_pending;   /* asked for before the pipeline could seek */
};

enum {
  PROP_0,
  PROP_PLAYING,
  PROP_RATE,
  PROP_POSITION_MS,
  PROP_DURATION_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ENDED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferVoicePlayer, confer_voice_player, G_TYPE_OBJECT)

static void
confer_voice_player_dispose (GObject *object)
{
  ConferVoicePlayer *self = CONFER_VOICE_PLAYER (object);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->position_timeout, g_source_remove);
  g_clear_object (&self->pipeline);
  G_OBJECT_CLASS (confer_voice_player_parent_class)->dispose (object);
}

static void
confer_voice_player_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConferVoicePlayer *self = CONFER_VOICE_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_POSITION_MS:
      g_value_set_uint (value, self->position_ms);
      break;
    case PROP_DURATION_MS:
      g_value_set_uint (value, self->duration_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_voice_player_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ConferVoicePlayer *self = CONFER_VOICE_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      confer_voice_player_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_voice_player_class_init (ConferVoicePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_voice_player_dispose;
  object_class->get_property = confer_voice_player_get_property;
  object_class->set_property = confer_voice_player_set_property;

  /**
   * ConferVoicePlayer:playing:
   *
   * Whether it is playing.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferVoicePlayer:rate:
   *
   * The speed: 1, 1.5 or 2 (the pitch stays).
   */
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 1, 2, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ConferVoicePlayer:position-ms:
   *
   * Where it plays, in milliseconds from the start.
   */
  properties[PROP_POSITION_MS] =
    g_param_spec_uint ("position-ms", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferVoicePlayer:duration-ms:
   *
   * How long the message lasts, in milliseconds (0 until known).
   */
  properties[PROP_DURATION_MS] =
    g_param_spec_uint ("duration-ms", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferVoicePlayer::ended:
   * @self: the player
   *
   * Emitted when the message has played to its end.
   */
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * ConferVoicePlayer::failed:
   * @self: the player
   * @error: %CONFER_MEDIA_ERROR_PIPELINE: what went wrong (undecodable
   *   audio, no output device)
   *
   * Emitted when playing failed; the player has stopped.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
confer_voice_player_init (ConferVoicePlayer *self)
{
  self->rate = 1;
}

static void
set_playing (ConferVoicePlayer *self,
             gboolean           playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
update_duration (ConferVoicePlayer *self)
{
  gint64 duration;

  if (self->duration_ms == 0 && gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) &&
      duration > 0)
    {
      self->duration_ms = duration / GST_MSECOND;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
    }
}

static void
set_position (ConferVoicePlayer *self,
              guint              position_ms)
{
  if (self->position_ms == position_ms)
    return;
  self->position_ms = position_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION_MS]);
}

static gboolean
position_cb (gpointer user_data)
{
  ConferVoicePlayer *self = user_data;
  gint64 position;

  update_duration (self);
  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position >= 0)
    set_position (self, position / GST_MSECOND);
  return G_SOURCE_CONTINUE;
}

/* Seeks to @position_ms at the player's rate; before the pipeline has
 * prerolled, once it has. */
static void
seek (ConferVoicePlayer *self,
      guint              position_ms)
{
  set_position (self, position_ms);
  self->seek_pending =
    !gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                       GST_SEEK_TYPE_SET, (gint64) position_ms * GST_MSECOND, GST_SEEK_TYPE_NONE,
                       GST_CLOCK_TIME_NONE);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  ConferVoicePlayer *self = user_data;
  g_autoptr(GError) error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ASYNC_DONE:
      if (self->seek_pending)
        seek (self, self->position_ms);
      update_duration (self);
      break;
    case GST_MESSAGE_DURATION_CHANGED:
      update_duration (self);
      break;
    case GST_MESSAGE_EOS:
      {
        /* A handler of "ended" may drop the last other reference. */
        g_autoptr(ConferVoicePlayer) alive = g_object_ref (self);

        confer_voice_player_pause (self);
        if (self->duration_ms > 0)
          set_position (self, self->duration_ms);
        g_signal_emit (self, signals[SIGNAL_ENDED], 0);
        seek (self, 0);
      }
      break;
    case GST_MESSAGE_ERROR:
      confer_media_set_bus_error (message, &error);
      gst_element_set_state (self->pipeline, GST_STATE_READY);
      g_clear_handle_id (&self->position_timeout, g_source_remove);
      set_playing (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * confer_voice_player_new:
 * @ogg: the message's audio: Opus in Ogg, or anything `decodebin` decodes
 * @error: return location for a #GError
 *
 * Makes a player for @ogg, paused at its start (the pipeline is prerolled
 * so seeking works at once; the duration is notified once known).
 *
 * Returns: (transfer full): the player, or %NULL with
 *   %CONFER_MEDIA_ERROR_MISSING_ELEMENT when a GStreamer plugin is missing
 *   or %CONFER_MEDIA_ERROR_PIPELINE when it cannot start
 */
ConferVoicePlayer *
confer_voice_player_new (GBytes  *ogg,
                         GError **error)
{
  g_autoptr(ConferVoicePlayer) self = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (ogg != NULL, NULL);

  description = g_strdup_printf ("giostreamsrc name=src ! decodebin ! audioconvert ! audioresample ! scaletempo "
                                 "! audioconvert ! audioresample ! %s",
                                 confer_media_element_from_env ("CONFER_AUDIO_SINK", "autoaudiosink"));
  self = g_object_new (CONFER_TYPE_VOICE_PLAYER, NULL);
  if ((self->pipeline = confer_media_pipeline_new (description, error)) == NULL)
    return NULL;
  src = gst_bin_get_by_name (GST_BIN (self->pipeline), "src");
  stream = g_memory_input_stream_new_from_bytes (ogg);
  g_object_set (src, "stream", stream, NULL);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        confer_media_set_bus_error (message, error);
      else
        g_set_error_literal (error, CONFER_MEDIA_ERROR, CONFER_MEDIA_ERROR_PIPELINE,
                             "The audio would not play");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * confer_voice_player_play:
 * @self: a #ConferVoicePlayer
 *
 * Plays from where it is.
 */
void
confer_voice_player_play (ConferVoicePlayer *self)
{
  g_return_if_fail (CONFER_IS_VOICE_PLAYER (self));

  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  if (self->position_timeout == 0)
    self->position_timeout = g_timeout_add (POSITION_INTERVAL_MS, position_cb, self);
  set_playing (self, TRUE);
}

/**
 * confer_voice_player_pause:
 * @self: a #ConferVoicePlayer
 *
 * Pauses where it is.
 */
void
confer_voice_player_pause (ConferVoicePlayer *self)
{
  g_return_if_fail (CONFER_IS_VOICE_PLAYER (self));

  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  g_clear_handle_id (&self->position_timeout, g_source_remove);
  position_cb (self);
  set_playing (self, FALSE);
}

/**
 * confer_voice_player_get_playing:
 * @self: a #ConferVoicePlayer
 *
 * Returns: whether it is playing
 */
gboolean
confer_voice_player_get_playing (ConferVoicePlayer *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_PLAYER (self), FALSE);
  return self->playing;
}

/**
 * confer_voice_player_seek:
 * @self: a #ConferVoicePlayer
 * @position_ms: where to go, in milliseconds from the start (past the
 *   end: the end)
 *
 * Goes to @position_ms, playing on if it was playing.
 */
void
confer_voice_player_seek (ConferVoicePlayer *self,
                          guint              position_ms)
{
  g_return_if_fail (CONFER_IS_VOICE_PLAYER (self));

  if (self->duration_ms > 0)
    position_ms = MIN (position_ms, self->duration_ms);
  seek (self, position_ms);
}

/**
 * confer_voice_player_set_rate:
 * @self: a #ConferVoicePlayer
 * @rate: the speed: 1, 1.5 or 2 (anything from 1 to 2 works)
 *
 * Plays on at @rate from where it is, at the voice's own pitch.
 */
void
confer_voice_player_set_rate (ConferVoicePlayer *self,
                              double             rate)
{
  g_return_if_fail (CONFER_IS_VOICE_PLAYER (self));
  g_return_if_fail (rate >= 1 && rate <= 2);

  if (self->rate == rate)
    return;
  self->rate = rate;
  position_cb (self);
  seek (self, self->position_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

/**
 * confer_voice_player_get_rate:
 * @self: a #ConferVoicePlayer
 *
 * Returns: the speed, 1 to 2
 */
double
confer_voice_player_get_rate (ConferVoicePlayer *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_PLAYER (self), 1);
  return self->rate;
}

/**
 * confer_voice_player_get_position_ms:
 * @self: a #ConferVoicePlayer
 *
 * Returns: where it plays, in milliseconds from the start, as last
 *   notified
 */
guint
confer_voice_player_get_position_ms (ConferVoicePlayer *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_PLAYER (self), 0);
  return self->position_ms;
}

/**
 * confer_voice_player_get_duration_ms:
 * @self: a #ConferVoicePlayer
 *
 * Returns: how long the message lasts, in milliseconds; 0 until known
 */
guint
confer_voice_player_get_duration_ms (ConferVoicePlayer *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_PLAYER (self), 0);
  return self->duration_ms;
}
