/* confer-chat-attachments.c: the chat's attached files (pictures and
 * voice messages, blobs of the session), fetched once in a worker thread
 * and shared by every row showing them, and the chat's voice messages:
 * the one playing (starting another pauses it), which were played, the
 * speed, and going on to the next one not played yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-attachments"

#include "config.h"

#include "confer-chat-attachments.h"

struct _ConferChatAttachments
{
  GObject            parent_instance;

  ConferClient      *client;
  ConferClientChat  *chat;
  GHashTable        *blobs;     /* name → GBytes */
  GHashTable        *fetching;  /* names asked for */
  char              *current;   /* the voice message playing or last played, by id */
  ConferVoicePlayer *player;    /* its player; NULL while its audio comes */
  guint              start_ms;  /* where it starts once its audio is here */
  gboolean           waiting;   /* for its audio, to play it */
  double             rate;      /* 1, 1.5 or 2, for every voice message */
  GHashTable        *played;    /* message id → GINT_TO_POINTER (TRUE or FALSE), as looked up */
};

G_DEFINE_FINAL_TYPE (ConferChatAttachments, confer_chat_attachments, G_TYPE_OBJECT)

enum {
  FETCHED,
  VOICE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_current (ConferChatAttachments *self);

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ConferChatAttachments) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) got = confer_client_get_blobs_finish (CONFER_CLIENT (source), result, &error);
  GHashTableIter iter;
  gpointer name, bytes;

  if (got == NULL)
    {
      g_debug ("Attachments did not come: %s", error->message);
      return;
    }
  g_hash_table_iter_init (&iter, got);
  while (g_hash_table_iter_next (&iter, &name, &bytes))
    {
      g_hash_table_insert (self->blobs, g_strdup (name), g_bytes_ref (bytes));
      g_hash_table_remove (self->fetching, name);
      g_signal_emit (self, signals[FETCHED], 0, name);
    }
  /* A voice message asked to play before its audio came plays now. */
  if (self->waiting)
    start_current (self);
}

/**
 * confer_chat_attachments_get:
 * @self: the attachments
 * @name: a blob's name (its SHA-256, hex)
 *
 * The blob's bytes if they are here; if not, they are fetched (once) and
 * #ConferChatAttachments::fetched says when they come.
 *
 * Returns: (transfer none) (nullable): the bytes, or %NULL for now
 */
GBytes *
confer_chat_attachments_get (ConferChatAttachments *self,
                             const char            *name)
{
  GBytes *bytes = g_hash_table_lookup (self->blobs, name);

  if (bytes == NULL && !g_hash_table_contains (self->fetching, name))
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      g_hash_table_add (self->fetching, g_strdup (name));
      g_ptr_array_add (names, g_strdup (name));
      confer_client_get_blobs_async (self->client, names, NULL, fetched_cb, g_object_ref (self));
    }
  return bytes;
}

/* Voice messages */

static void
changed (ConferChatAttachments *self,
         const char            *message_id)
{
  g_signal_emit (self, signals[VOICE_CHANGED], 0, message_id);
}

/* Whether @message is a voice message another participant sent, still
 * there, whose audio this participant may play. */
static gboolean
is_voice (ConferChatMessage *message)
{
  const char * const *names = confer_chat_message_get_attachments (message);

  return confer_chat_message_get_voice_waveform (message) != NULL && names != NULL && names[0] != NULL &&
         !confer_chat_message_get_deleted (message) && !confer_chat_message_get_pending (message);
}

/**
 * confer_chat_attachments_get_voice_played:
 * @self: the attachments
 * @message: a voice message of the chat
 *
 * Returns: whether this participant has played @message here (or sent
 *   it), as the client cache remembers across runs
 */
gboolean
confer_chat_attachments_get_voice_played (ConferChatAttachments *self,
                                          ConferChatMessage     *message)
{
  const char *id = confer_chat_message_get_id (message);
  ConferClientCache *cache = confer_client_get_cache (self->client);
  gpointer known;
  gboolean played;

  if (id == NULL || g_strcmp0 (confer_chat_message_get_author (message), confer_client_get_participant_id (self->client)) == 0)
    return TRUE;
  if (g_hash_table_lookup_extended (self->played, id, NULL, &known))
    return GPOINTER_TO_INT (known);
  played = cache != NULL && confer_client_cache_load_voice_played (cache, confer_client_get_link (self->client), id);
  g_hash_table_insert (self->played, g_strdup (id), GINT_TO_POINTER (played));
  return played;
}

static void
mark_played (ConferChatAttachments *self,
             const char            *message_id)
{
  ConferClientCache *cache = confer_client_get_cache (self->client);
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_INT (g_hash_table_lookup (self->played, message_id)))
    return;
  g_hash_table_insert (self->played, g_strdup (message_id), GINT_TO_POINTER (TRUE));
  if (cache != NULL && !confer_client_cache_save_voice_played (cache, confer_client_get_link (self->client), message_id, &error))
    g_warning ("Could not remember the voice message played: %s", error->message);
}

static void
drop_player (ConferChatAttachments *self)
{
  if (self->player == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->player, self);
  confer_voice_player_pause (self->player);
  g_clear_object (&self->player);
}

static void player_ended_cb (ConferChatAttachments *self);

static void
player_changed_cb (ConferChatAttachments *self)
{
  changed (self, self->current);
}

/* Makes @message the current voice message (nothing plays yet); the one
 * before stops. */
static void
set_current (ConferChatAttachments *self,
             ConferChatMessage     *message)
{
  g_autofree char *before = g_steal_pointer (&self->current);

  drop_player (self);
  self->current = g_strdup (confer_chat_message_get_id (message));
  self->start_ms = 0;
  self->waiting = FALSE;
  if (before != NULL && !g_str_equal (before, self->current))
    changed (self, before);
}

/* Plays the current voice message from start_ms, making its player when
 * its audio is here; if it is not, fetching it, to play when it comes. */
static void
start_current (ConferChatAttachments *self)
{
  ConferChatMessage *message = confer_client_chat_find_message (self->chat, self->current);
  g_autoptr(GError) error = NULL;
  GBytes *ogg;

  self->waiting = FALSE;
  if (message == NULL || !is_voice (message))
    return;
  if (self->player == NULL)
    {
      if ((ogg = confer_chat_attachments_get (self, confer_chat_message_get_attachments (message)[0])) == NULL)
        {
          self->waiting = TRUE;
          return;
        }
      if ((self->player = confer_voice_player_new (ogg, &error)) == NULL)
        {
          g_warning ("Voice message %s does not play: %s", self->current, error->message);
          return;
        }
      confer_voice_player_set_rate (self->player, self->rate);
      if (self->start_ms > 0)
        confer_voice_player_seek (self->player, self->start_ms);
      g_signal_connect_swapped (self->player, "notify", G_CALLBACK (player_changed_cb), self);
      g_signal_connect_swapped (self->player, "ended", G_CALLBACK (player_ended_cb), self);
    }
  mark_played (self, self->current);
  confer_voice_player_play (self->player);
  changed (self, self->current);
}

/* At the end of a voice message the next one in the chat that this
 * participant has not played yet plays. */
static void
player_ended_cb (ConferChatAttachments *self)
{
  GListModel *messages = confer_client_chat_get_messages (self->chat);
  guint n = g_list_model_get_n_items (messages);
  gboolean after = FALSE;

  changed (self, self->current);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (messages, i);

      if (!after)
        after = g_strcmp0 (confer_chat_message_get_id (message), self->current) == 0;
      else if (is_voice (message) && !confer_chat_attachments_get_voice_played (self, message))
        {
          set_current (self, message);
          start_current (self);
          return;
        }
    }
}

/**
 * confer_chat_attachments_toggle_voice:
 * @self: the attachments
 * @message: a voice message of the chat (it carries `voice`)
 *
 * Plays @message, or pauses it if it is playing. The one playing before
 * stops: one voice message plays at a time. It plays once its audio is
 * here (fetched now if it is not), at the chat's speed, and counts as
 * played from then on; at its end the next voice message not played yet
 * follows.
 */
void
confer_chat_attachments_toggle_voice (ConferChatAttachments *self,
                                      ConferChatMessage     *message)
{
  g_return_if_fail (CONFER_IS_CHAT_ATTACHMENTS (self));

  if (!is_voice (message))
    return;
  if (g_strcmp0 (self->current, confer_chat_message_get_id (message)) != 0)
    set_current (self, message);
  else if (self->player != NULL && confer_voice_player_get_playing (self->player))
    {
      confer_voice_player_pause (self->player);
      return;
    }
  start_current (self);
}

/**
 * confer_chat_attachments_seek_voice:
 * @self: the attachments
 * @message: a voice message of the chat
 * @fraction: where to play from, 0 (its start) to 1 (its end)
 *
 * Plays @message from @fraction of its duration (as
 * confer_chat_attachments_toggle_voice() starts it): a click on its
 * waveform.
 */
void
confer_chat_attachments_seek_voice (ConferChatAttachments *self,
                                    ConferChatMessage     *message,
                                    double                 fraction)
{
  guint position;

  g_return_if_fail (CONFER_IS_CHAT_ATTACHMENTS (self));

  if (!is_voice (message))
    return;
  position = (guint) (CLAMP (fraction, 0, 1) * confer_chat_message_get_voice_duration_ms (message));
  if (g_strcmp0 (self->current, confer_chat_message_get_id (message)) != 0)
    set_current (self, message);
  if (self->player != NULL)
    confer_voice_player_seek (self->player, position);
  else
    self->start_ms = position;
  start_current (self);
}

/**
 * confer_chat_attachments_get_voice_state:
 * @self: the attachments
 * @message_id: a voice message's id
 * @position_ms: (out): where it is, in milliseconds
 * @playing: (out): whether it is playing
 *
 * Returns: %TRUE if @message_id is the voice message playing or last
 *   played (@position_ms and @playing set); %FALSE for any other (it is
 *   at its start, not playing)
 */
gboolean
confer_chat_attachments_get_voice_state (ConferChatAttachments *self,
                                         const char            *message_id,
                                         guint                 *position_ms,
                                         gboolean              *playing)
{
  g_return_val_if_fail (CONFER_IS_CHAT_ATTACHMENTS (self), FALSE);

  *position_ms = 0;
  *playing = FALSE;
  if (message_id == NULL || g_strcmp0 (self->current, message_id) != 0)
    return FALSE;
  if (self->player != NULL)
    {
      *position_ms = confer_voice_player_get_position_ms (self->player);
      *playing = confer_voice_player_get_playing (self->player);
    }
  else
    *position_ms = self->start_ms;
  return TRUE;
}

/**
 * confer_chat_attachments_cycle_rate:
 * @self: the attachments
 *
 * Goes to the next speed voice messages play at: 1×, 1.5×, 2×, then 1×
 * again; the one playing changes at once. Every row is told
 * (#ConferChatAttachments::voice-changed with %NULL).
 */
void
confer_chat_attachments_cycle_rate (ConferChatAttachments *self)
{
  g_return_if_fail (CONFER_IS_CHAT_ATTACHMENTS (self));

  self->rate = self->rate < 1.25 ? 1.5 : self->rate < 1.75 ? 2 : 1;
  if (self->player != NULL)
    confer_voice_player_set_rate (self->player, self->rate);
  changed (self, NULL);
}

/**
 * confer_chat_attachments_get_rate:
 * @self: the attachments
 *
 * Returns: the speed voice messages play at: 1, 1.5 or 2
 */
double
confer_chat_attachments_get_rate (ConferChatAttachments *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_ATTACHMENTS (self), 1);

  return self->rate;
}

static void
confer_chat_attachments_dispose (GObject *object)
{
  ConferChatAttachments *self = CONFER_CHAT_ATTACHMENTS (object);

  drop_player (self);
  g_clear_pointer (&self->current, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->chat);
  g_clear_pointer (&self->blobs, g_hash_table_unref);
  g_clear_pointer (&self->fetching, g_hash_table_unref);
  g_clear_pointer (&self->played, g_hash_table_unref);

  G_OBJECT_CLASS (confer_chat_attachments_parent_class)->dispose (object);
}

static void
confer_chat_attachments_class_init (ConferChatAttachmentsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_chat_attachments_dispose;

  /**
   * ConferChatAttachments::fetched:
   * @name: the blob that came
   *
   * A blob asked for by confer_chat_attachments_get() is here.
   */
  signals[FETCHED] = g_signal_new ("fetched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * ConferChatAttachments::voice-changed:
   * @message_id: (nullable): the voice message whose state changed
   *   (playing or not, its position about ten times a second while
   *   playing, played), or %NULL when the speed changed, for all
   *
   * What a voice message's view shows changed.
   */
  signals[VOICE_CHANGED] = g_signal_new ("voice-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
confer_chat_attachments_init (ConferChatAttachments *self)
{
  self->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->played = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rate = 1;
}

/**
 * confer_chat_attachments_new:
 * @client: the session's client (a reference is taken), whose
 *   credentials fetch the blobs and whose cache remembers the voice
 *   messages played
 * @chat: the session's chat (a reference is taken), whose voice messages
 *   play one after another
 *
 * Returns: (transfer full): an empty cache of attachments
 */
ConferChatAttachments *
confer_chat_attachments_new (ConferClient     *client,
                             ConferClientChat *chat)
{
  ConferChatAttachments *self = g_object_new (CONFER_TYPE_CHAT_ATTACHMENTS, NULL);

  self->client = g_object_ref (client);
  self->chat = g_object_ref (chat);
  return self;
}
