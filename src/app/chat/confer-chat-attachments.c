/* confer-chat-attachments.c: the chat's attached files (pictures and
 * voice messages, blobs of the session), fetched once in a worker thread
 * and shared by every row showing them, and the one voice message
 * playing: starting another pauses it
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
  GHashTable        *blobs;     /* name → GBytes */
  GHashTable        *fetching;  /* names asked for */
  ConferVoicePlayer *playing;
};

G_DEFINE_FINAL_TYPE (ConferChatAttachments, confer_chat_attachments, G_TYPE_OBJECT)

enum {
  FETCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/**
 * confer_chat_attachments_play:
 * @self: the attachments
 * @player: a voice message's player
 *
 * Plays @player, pausing the one playing before: one voice message plays
 * at a time.
 */
void
confer_chat_attachments_play (ConferChatAttachments *self,
                              ConferVoicePlayer     *player)
{
  if (self->playing != NULL && self->playing != player)
    confer_voice_player_pause (self->playing);
  g_set_object (&self->playing, player);
  confer_voice_player_play (player);
}

static void
confer_chat_attachments_dispose (GObject *object)
{
  ConferChatAttachments *self = CONFER_CHAT_ATTACHMENTS (object);

  if (self->playing != NULL)
    confer_voice_player_pause (self->playing);
  g_clear_object (&self->playing);
  g_clear_object (&self->client);
  g_clear_pointer (&self->blobs, g_hash_table_unref);
  g_clear_pointer (&self->fetching, g_hash_table_unref);

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
}

static void
confer_chat_attachments_init (ConferChatAttachments *self)
{
  self->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * confer_chat_attachments_new:
 * @client: the session's client (a reference is taken), whose
 *   credentials fetch the blobs
 *
 * Returns: (transfer full): an empty cache of attachments
 */
ConferChatAttachments *
confer_chat_attachments_new (ConferClient *client)
{
  ConferChatAttachments *self = g_object_new (CONFER_TYPE_CHAT_ATTACHMENTS, NULL);

  self->client = g_object_ref (client);
  return self;
}
