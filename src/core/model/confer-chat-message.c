/* confer-chat-message.c: one message of a session's chat, as the server
 * describes it, or as this participant wrote it while it waits to be sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-message"

#include "config.h"

#include "confer-blob.h"
#include "confer-chat.h"
#include "confer-chat-message.h"
#include "confer-core-error.h"

struct _ConferChatMessage
{
  GObject     parent_instance;

  char       *id;          /* NULL while pending */
  guint64     seq;         /* 0 while pending */
  char       *author;
  gint64      time;        /* Unix ms; 0 while pending */
  char       *text;
  char       *reply_to;
  GStrv       attachments;
  guint       voice_duration_ms;  /* 0 unless a voice message */
  GBytes     *voice_waveform;     /* a byte a peak, 0–255; NULL unless a voice message */
  JsonObject *reactions;   /* emoji -> [participant id…] */
  gboolean    edited;
  gboolean    deleted;
  char       *txn;         /* the sender's, while pending */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_SEQ,
  PROP_AUTHOR,
  PROP_TIME,
  PROP_TEXT,
  PROP_REPLY_TO,
  PROP_EDITED,
  PROP_DELETED,
  PROP_PENDING,
  PROP_REACTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferChatMessage, confer_chat_message, G_TYPE_OBJECT)

static void
confer_chat_message_finalize (GObject *object)
{
  ConferChatMessage *self = (ConferChatMessage *) object;

  g_free (self->id);
  g_free (self->author);
  g_free (self->text);
  g_free (self->reply_to);
  g_strfreev (self->attachments);
  g_clear_pointer (&self->voice_waveform, g_bytes_unref);
  g_clear_pointer (&self->reactions, json_object_unref);
  g_free (self->txn);

  G_OBJECT_CLASS (confer_chat_message_parent_class)->finalize (object);
}

static void
confer_chat_message_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConferChatMessage *self = CONFER_CHAT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SEQ:
      g_value_set_uint64 (value, self->seq);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_REPLY_TO:
      g_value_set_string (value, self->reply_to);
      break;
    case PROP_EDITED:
      g_value_set_boolean (value, self->edited);
      break;
    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;
    case PROP_PENDING:
      g_value_set_boolean (value, self->seq == 0);
      break;
    case PROP_REACTIONS:
      g_value_set_boxed (value, self->reactions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_chat_message_class_init (ConferChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = confer_chat_message_finalize;
  object_class->get_property = confer_chat_message_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_SEQ] = g_param_spec_uint64 ("seq", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, flags);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_REPLY_TO] = g_param_spec_string ("reply-to", NULL, NULL, NULL, flags);
  properties[PROP_EDITED] = g_param_spec_boolean ("edited", NULL, NULL, FALSE, flags);
  properties[PROP_DELETED] = g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, FALSE, flags);
  properties[PROP_REACTIONS] = g_param_spec_boxed ("reactions", NULL, NULL, JSON_TYPE_OBJECT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_chat_message_init (ConferChatMessage *self)
{
  self->reactions = json_object_new ();
}

/**
 * confer_chat_message_new_pending:
 * @txn: the txn it will be sent with
 * @author: this participant's id
 * @text: its text, checked (confer_chat_check_text())
 * @reply_to: (nullable): the id of the message it answers
 * @attachments: (nullable) (array zero-terminated=1): blob names
 *
 * Returns: (transfer full): a message this participant wrote, pending
 *   (no id, sequence number or time) until the server takes it
 */
ConferChatMessage *
confer_chat_message_new_pending (const char         *txn,
                                 const char         *author,
                                 const char         *text,
                                 const char         *reply_to,
                                 const char * const *attachments)
{
  ConferChatMessage *self = g_object_new (CONFER_TYPE_CHAT_MESSAGE, NULL);

  self->txn = g_strdup (txn);
  self->author = g_strdup (author);
  self->text = g_strdup (text);
  self->reply_to = g_strdup (reply_to);
  self->attachments = g_strdupv ((GStrv) attachments);
  return self;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
read_reactions (ConferChatMessage *self,
                JsonNode          *node)
{
  JsonObject *object;
  g_autoptr(GList) emoji = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  emoji = json_object_get_members (object);
  for (GList *l = emoji; l != NULL; l = l->next)
    {
      JsonNode *who = json_object_get_member (object, l->data);
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (who) ? json_node_get_array (who) : NULL;
      JsonArray *copy;

      if (array == NULL)
        return FALSE;
      copy = json_array_sized_new (json_array_get_length (array));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!is_string (json_array_get_element (array, i)))
            {
              json_array_unref (copy);
              return FALSE;
            }
          json_array_add_string_element (copy, json_array_get_string_element (array, i));
        }
      json_object_set_array_member (self->reactions, l->data, copy);
    }
  return TRUE;
}

/**
 * confer_chat_message_new_from_json:
 * @object: a message object as the server sends it: `id`, `seq`,
 *   `author`, `time` (Unix ms), `text`, optionally `reply_to`,
 *   `attachments` (blob names), `voice` (confer_chat_read_voice()) and
 *   `reactions` (emoji to participant ids), `edited` and `deleted`
 * @error: return location for a #GError
 *
 * Reads a message, checking every member it takes: the server is not
 * trusted.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_MODEL naming what is wrong
 */
ConferChatMessage *
confer_chat_message_new_from_json (JsonObject  *object,
                                   GError     **error)
{
  g_autoptr(ConferChatMessage) self = g_object_new (CONFER_TYPE_CHAT_MESSAGE, NULL);
  g_autoptr(GError) voice_error = NULL;
  JsonNode *node;
  gint64 seq;

  if (!is_string (json_object_get_member (object, "id")) || !is_string (json_object_get_member (object, "author")) ||
      !is_string (json_object_get_member (object, "text")) ||
      (seq = json_object_get_int_member_with_default (object, "seq", 0)) <= 0)
    {
      g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                           "A chat message lacks its id, sequence number, author or text");
      return NULL;
    }
  self->id = g_strdup (json_object_get_string_member (object, "id"));
  self->seq = seq;
  self->author = g_strdup (json_object_get_string_member (object, "author"));
  self->time = MAX (json_object_get_int_member_with_default (object, "time", 0), 0);
  self->text = g_strdup (json_object_get_string_member (object, "text"));
  if (is_string (node = json_object_get_member (object, "reply_to")))
    self->reply_to = g_strdup (json_node_get_string (node));
  if ((node = json_object_get_member (object, "attachments")) != NULL)
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *name = json_array_get_element (array, i);

          if (!is_string (name) || !confer_blob_is_name (json_node_get_string (name)))
            array = NULL;
          else
            g_strv_builder_add (builder, json_node_get_string (name));
        }
      if (array == NULL)
        {
          g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                               "A chat message's attachments are not blob names");
          return NULL;
        }
      self->attachments = g_strv_builder_end (builder);
    }
  if ((node = json_object_get_member (object, "voice")) != NULL &&
      !confer_chat_read_voice (node, &self->voice_duration_ms, &self->voice_waveform, &voice_error))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL, "A chat message's voice: %s",
                   voice_error->message);
      return NULL;
    }
  if (!read_reactions (self, json_object_get_member (object, "reactions")))
    {
      g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                           "A chat message's reactions are not emoji with participant ids");
      return NULL;
    }
  self->edited = json_object_get_boolean_member_with_default (object, "edited", FALSE);
  self->deleted = json_object_get_boolean_member_with_default (object, "deleted", FALSE);
  return g_steal_pointer (&self);
}

/**
 * confer_chat_message_to_json:
 * @self: a message
 *
 * Writes the message in the protocol's shape (as `confer-cli chat log`
 * prints it); a pending one has no `id`, `seq` or `time` but `pending`
 * and its `txn`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
confer_chat_message_to_json (ConferChatMessage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) reactions = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  json_builder_begin_object (builder);
  if (self->seq == 0)
    {
      json_builder_set_member_name (builder, "pending");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "txn");
      json_builder_add_string_value (builder, self->txn);
    }
  else
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, self->id);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, self->seq);
    }
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, self->author);
  if (self->time > 0)
    {
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, self->time);
    }
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, self->text);
  if (self->reply_to != NULL)
    {
      json_builder_set_member_name (builder, "reply_to");
      json_builder_add_string_value (builder, self->reply_to);
    }
  if (self->attachments != NULL && self->attachments[0] != NULL)
    {
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint i = 0; self->attachments[i] != NULL; i++)
        json_builder_add_string_value (builder, self->attachments[i]);
      json_builder_end_array (builder);
    }
  if (self->voice_waveform != NULL)
    {
      g_autoptr(JsonNode) voice = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (voice, confer_chat_voice_to_json (self->voice_duration_ms, self->voice_waveform));
      json_builder_set_member_name (builder, "voice");
      json_builder_add_value (builder, g_steal_pointer (&voice));
    }
  if (json_object_get_size (self->reactions) > 0)
    {
      json_node_set_object (reactions, self->reactions);
      json_builder_set_member_name (builder, "reactions");
      json_builder_add_value (builder, json_node_copy (reactions));
    }
  json_builder_set_member_name (builder, "edited");
  json_builder_add_boolean_value (builder, self->edited);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, self->deleted);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * confer_chat_message_get_id:
 * @self: a message
 *
 * Returns: (transfer none) (nullable): its id; %NULL while pending
 */
const char *
confer_chat_message_get_id (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return self->id;
}

/**
 * confer_chat_message_get_seq:
 * @self: a message
 *
 * Returns: the chat sequence number it was sent at, its place in the
 *   chat; 0 while pending
 */
guint64
confer_chat_message_get_seq (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), 0);

  return self->seq;
}

/**
 * confer_chat_message_get_author:
 * @self: a message
 *
 * Returns: (transfer none): the participant id of who sent it
 */
const char *
confer_chat_message_get_author (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return self->author;
}

/**
 * confer_chat_message_get_time:
 * @self: a message
 *
 * Returns: when the server took it, Unix ms; 0 while pending
 */
gint64
confer_chat_message_get_time (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), 0);

  return self->time;
}

/**
 * confer_chat_message_get_text:
 * @self: a message
 *
 * Returns: (transfer none): its text, Markdown source; empty once deleted
 */
const char *
confer_chat_message_get_text (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return self->text;
}

/**
 * confer_chat_message_get_reply_to:
 * @self: a message
 *
 * Returns: (transfer none) (nullable): the id of the message it answers
 */
const char *
confer_chat_message_get_reply_to (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return self->reply_to;
}

/**
 * confer_chat_message_get_attachments:
 * @self: a message
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the blob
 *   names it carries
 */
const char * const *
confer_chat_message_get_attachments (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return (const char * const *) self->attachments;
}

/**
 * confer_chat_message_set_voice:
 * @self: a pending message this participant is sending
 * @duration_ms: how long its attachment plays, in milliseconds (1 to
 *   %CONFER_CHAT_MAX_VOICE_MS)
 * @waveform: its peaks, one byte each from 0 (silence) to 255 (full
 *   scale), 1 to %CONFER_CHAT_MAX_WAVEFORM of them (a reference is taken)
 *
 * Makes the message's one attachment a voice message, as
 * confer_client_chat_send_voice() sends it.
 */
void
confer_chat_message_set_voice (ConferChatMessage *self,
                               guint              duration_ms,
                               GBytes            *waveform)
{
  g_return_if_fail (CONFER_IS_CHAT_MESSAGE (self));
  g_return_if_fail (duration_ms >= 1 && duration_ms <= CONFER_CHAT_MAX_VOICE_MS);
  g_return_if_fail (waveform != NULL && g_bytes_get_size (waveform) >= 1 &&
                    g_bytes_get_size (waveform) <= CONFER_CHAT_MAX_WAVEFORM);

  self->voice_duration_ms = duration_ms;
  g_clear_pointer (&self->voice_waveform, g_bytes_unref);
  self->voice_waveform = g_bytes_ref (waveform);
}

/**
 * confer_chat_message_get_voice_duration_ms:
 * @self: a message
 *
 * Returns: how long its voice message plays, in milliseconds, as its
 *   sender said; 0 when it is not a voice message
 */
guint
confer_chat_message_get_voice_duration_ms (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), 0);

  return self->voice_duration_ms;
}

/**
 * confer_chat_message_get_voice_waveform:
 * @self: a message
 *
 * Returns: (transfer none) (nullable): its voice message's waveform, one
 *   byte a peak from 0 (silence) to 255 (full scale), first to last;
 *   %NULL when it is not a voice message
 */
GBytes *
confer_chat_message_get_voice_waveform (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return self->voice_waveform;
}

/**
 * confer_chat_message_get_edited:
 * @self: a message
 *
 * Returns: whether its author changed its text
 */
gboolean
confer_chat_message_get_edited (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), FALSE);

  return self->edited;
}

/**
 * confer_chat_message_get_deleted:
 * @self: a message
 *
 * Returns: whether it was deleted (it stays, a tombstone without text)
 */
gboolean
confer_chat_message_get_deleted (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), FALSE);

  return self->deleted;
}

/**
 * confer_chat_message_get_pending:
 * @self: a message
 *
 * Returns: whether it waits to be sent or acknowledged
 */
gboolean
confer_chat_message_get_pending (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), FALSE);

  return self->seq == 0;
}

/**
 * confer_chat_message_get_txn:
 * @self: a message
 *
 * Returns: (transfer none) (nullable): the txn a pending message is sent
 *   with
 */
const char *
confer_chat_message_get_txn (ConferChatMessage *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  return self->txn;
}

/**
 * confer_chat_message_list_emoji:
 * @self: a message
 *
 * Returns: (transfer full): the emoji people reacted with, in the order
 *   they were first used
 */
GStrv
confer_chat_message_list_emoji (ConferChatMessage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  members = json_object_get_members (self->reactions);
  for (GList *l = members; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

/**
 * confer_chat_message_list_reactors:
 * @self: a message
 * @emoji: an emoji
 *
 * Returns: (transfer full): the ids of who reacted with @emoji, in the
 *   order they did (empty if nobody)
 */
GStrv
confer_chat_message_list_reactors (ConferChatMessage *self,
                                   const char        *emoji)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;

  g_return_val_if_fail (CONFER_IS_CHAT_MESSAGE (self), NULL);

  node = json_object_get_member (self->reactions, emoji);
  for (guint i = 0; node != NULL && i < json_array_get_length (json_node_get_array (node)); i++)
    g_strv_builder_add (builder, json_array_get_string_element (json_node_get_array (node), i));
  return g_strv_builder_end (builder);
}

/**
 * confer_chat_message_update:
 * @self: a message
 * @from: a newer description of it (the same id), or the server's copy of
 *   this pending message
 *
 * Takes @from's state — id, sequence number and time (a pending message
 * becomes sent), text, attachments and voice, reactions, edited and
 * deleted — notifying each
 * property that changed, so views showing @self keep their rows.
 */
void
confer_chat_message_update (ConferChatMessage *self,
                            ConferChatMessage *from)
{
  gboolean was_pending;
  g_autoptr(JsonNode) old_reactions = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) new_reactions = json_node_new (JSON_NODE_OBJECT);

  g_return_if_fail (CONFER_IS_CHAT_MESSAGE (self));
  g_return_if_fail (CONFER_IS_CHAT_MESSAGE (from));

  was_pending = self->seq == 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->id, from->id) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (from->id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->seq != from->seq)
    {
      self->seq = from->seq;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ]);
    }
  if (self->time != from->time)
    {
      self->time = from->time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
    }
  if (g_strcmp0 (self->text, from->text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (from->text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
  g_strfreev (self->attachments);
  self->attachments = g_strdupv (from->attachments);
  self->voice_duration_ms = from->voice_duration_ms;
  g_clear_pointer (&self->voice_waveform, g_bytes_unref);
  if (from->voice_waveform != NULL)
    self->voice_waveform = g_bytes_ref (from->voice_waveform);
  json_node_set_object (old_reactions, self->reactions);
  json_node_set_object (new_reactions, from->reactions);
  if (!json_node_equal (old_reactions, new_reactions))
    {
      json_object_unref (self->reactions);
      self->reactions = json_node_dup_object (new_reactions);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACTIONS]);
    }
  if (self->edited != from->edited)
    {
      self->edited = from->edited;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITED]);
    }
  if (self->deleted != from->deleted)
    {
      self->deleted = from->deleted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
    }
  if (was_pending && self->seq != 0)
    {
      g_clear_pointer (&self->txn, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
