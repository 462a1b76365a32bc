/* confer-message.c: protocol messages: decoding, validated reads, encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-message"

#include "config.h"

#include <string.h>

#include "confer-core-error.h"
#include "confer-json-text.h"
#include "confer-message.h"
#include "confer-protocol.h"

struct _ConferMessage
{
  gint        ref_count;
  JsonNode   *root;
  JsonObject *object;   /* owned by root */
  const char *type;     /* owned by object */
  const char *txn;      /* owned by object; nullable */
};

G_DEFINE_BOXED_TYPE (ConferMessage, confer_message, confer_message_ref, confer_message_unref)

/* A parser and a generator per thread, reused for every message: creating
 * the GObjects anew would cost more than parsing a keystroke. */
static GPrivate parser_key = G_PRIVATE_INIT (g_object_unref);
static GPrivate generator_key = G_PRIVATE_INIT (g_object_unref);

static JsonParser *
thread_parser (void)
{
  JsonParser *parser = g_private_get (&parser_key);

  if (parser == NULL)
    {
      /* Not the immutable kind: sealing hashes every node, which costs more
       * than the parse. */
      parser = json_parser_new ();
      g_private_set (&parser_key, parser);
    }
  return parser;
}

static JsonGenerator *
thread_generator (void)
{
  JsonGenerator *generator = g_private_get (&generator_key);

  if (generator == NULL)
    {
      generator = json_generator_new ();
      g_private_set (&generator_key, generator);
    }
  return generator;
}

static ConferMessage *
message_wrap (JsonNode *root)
{
  ConferMessage *self = g_new0 (ConferMessage, 1);

  self->ref_count = 1;
  self->root = root;
  self->object = json_node_get_object (root);
  return self;
}

/**
 * confer_message_new:
 * @type: the message type, such as "doc.ack"
 *
 * Creates a message to send, with only its `type` member.
 *
 * Returns: (transfer full): a new message
 */
ConferMessage *
confer_message_new (const char *type)
{
  JsonNode *root = json_node_init_object (json_node_alloc (), json_object_new ());
  ConferMessage *self;

  json_object_unref (json_node_get_object (root));
  self = message_wrap (root);
  json_object_set_string_member (self->object, "type", type);
  self->type = json_object_get_string_member (self->object, "type");
  return self;
}

/**
 * confer_message_decode:
 * @data: the payload of a WebSocket text frame
 * @n_bytes: its length in bytes
 * @max_bytes: the largest frame accepted (%CONFER_PROTOCOL_MAX_FRAME on
 *   the server)
 * @error: return location for a #GError
 *
 * Decodes a frame into a message, checking what every message must have:
 * at most @max_bytes bytes, nesting at most %CONFER_JSON_MAX_DEPTH levels
 * (checked before json-glib sees it), UTF-8 without NUL, a JSON
 * object, a string `type`, and if present a string `txn` of at most
 * %CONFER_PROTOCOL_MAX_TXN bytes. Members are validated when they are read.
 *
 * Returns: (transfer full) (nullable): the message; or %NULL with
 *   %CONFER_PROTOCOL_ERROR_TOO_LARGE, %CONFER_PROTOCOL_ERROR_TOO_DEEP,
 *   %CONFER_PROTOCOL_ERROR_BAD_JSON or %CONFER_PROTOCOL_ERROR_BAD_MESSAGE set
 */
ConferMessage *
confer_message_decode (const char  *data,
                       gsize        n_bytes,
                       gsize        max_bytes,
                       GError     **error)
{
  JsonParser *parser;
  g_autoptr(GError) local_error = NULL;
  ConferMessage *self;
  JsonNode *root, *type, *txn;

  if (n_bytes > max_bytes)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                   "The frame has %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT,
                   n_bytes, max_bytes);
      return NULL;
    }
  if (n_bytes == 0)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_JSON, "The frame is empty");
      return NULL;
    }
  /* json-glib checks the UTF-8 itself, but recurses per level of nesting
   * and stops at a NUL. */
  if (!confer_json_text_check (data, n_bytes, CONFER_JSON_MAX_DEPTH, &local_error))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR,
                   g_error_matches (local_error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP)
                     ? CONFER_PROTOCOL_ERROR_TOO_DEEP : CONFER_PROTOCOL_ERROR_BAD_JSON,
                   "The frame is not a message Confer reads: %s", local_error->message);
      return NULL;
    }

  parser = thread_parser ();
  if (!json_parser_load_from_data (parser, data, n_bytes, &local_error))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_JSON,
                   "The frame is not valid JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_JSON,
                   "A message must be a JSON object");
      return NULL;
    }

  self = message_wrap (json_parser_steal_root (parser));
  type = json_object_get_member (self->object, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING)
    {
      confer_message_unref (self);
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "A message needs a string \"type\"");
      return NULL;
    }
  self->type = json_node_get_string (type);

  txn = json_object_get_member (self->object, "txn");
  if (txn != NULL && !JSON_NODE_HOLDS_NULL (txn))
    {
      if (!JSON_NODE_HOLDS_VALUE (txn) || json_node_get_value_type (txn) != G_TYPE_STRING ||
          strlen (json_node_get_string (txn)) > CONFER_PROTOCOL_MAX_TXN)
        {
          confer_message_unref (self);
          g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                       "\"txn\" must be a string of at most %d bytes", CONFER_PROTOCOL_MAX_TXN);
          return NULL;
        }
      self->txn = json_node_get_string (txn);
    }
  return self;
}

/**
 * confer_message_ref:
 * @self: a message
 *
 * Returns: (transfer full): @self with one more reference
 */
ConferMessage *
confer_message_ref (ConferMessage *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * confer_message_unref:
 * @self: (transfer full): a message
 *
 * Drops a reference.
 */
void
confer_message_unref (ConferMessage *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  json_node_unref (self->root);
  g_free (self);
}

/**
 * confer_message_get_type_name:
 * @self: a message
 *
 * Returns: (transfer none): its `type`, such as "doc.op"
 */
const char *
confer_message_get_type_name (ConferMessage *self)
{
  return self->type;
}

/**
 * confer_message_get_txn:
 * @self: a message
 *
 * Returns: (transfer none) (nullable): its `txn`, the client's id for the
 *   request, echoed in the answer
 */
const char *
confer_message_get_txn (ConferMessage *self)
{
  return self->txn;
}

/**
 * confer_message_get_object:
 * @self: a message
 *
 * Returns: (transfer none): the message's JSON object
 */
JsonObject *
confer_message_get_object (ConferMessage *self)
{
  return self->object;
}

static JsonNode *
member (ConferMessage *self,
        const char    *name)
{
  JsonNode *node = json_object_get_member (self->object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/**
 * confer_message_read_string:
 * @self: a message
 * @name: the member
 * @required: whether the member must be present
 * @max_chars: the most code points allowed
 * @out: (out) (transfer none): where to store the string, or %NULL if it
 *   is absent and not required; valid as long as @self
 * @error: return location for a #GError
 *
 * Reads a string member that must be non-empty, hold no control
 * characters, and have at most @max_chars code points.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_PROTOCOL_ERROR_BAD_MESSAGE
 */
gboolean
confer_message_read_string (ConferMessage  *self,
                            const char     *name,
                            gboolean        required,
                            guint           max_chars,
                            const char    **out,
                            GError        **error)
{
  JsonNode *node = member (self, name);
  const char *s = NULL;

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    s = json_node_get_string (node);
  if (!confer_protocol_is_text (s, max_chars))
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"%s\" must be a non-empty string of at most %u characters without "
                   "control characters", name, max_chars);
      return FALSE;
    }
  *out = s;
  return TRUE;
}

/**
 * confer_message_read_uint:
 * @self: a message
 * @name: the member
 * @required: whether the member must be present
 * @max: the largest value allowed
 * @out: (out): where to store the value (left alone if absent)
 * @error: return location for a #GError
 *
 * Reads a non-negative integer member of at most @max.
 *
 * Returns: %TRUE on success (also when absent and not required); %FALSE
 *   with %CONFER_PROTOCOL_ERROR_BAD_MESSAGE
 */
gboolean
confer_message_read_uint (ConferMessage  *self,
                          const char     *name,
                          gboolean        required,
                          guint64         max,
                          guint64        *out,
                          GError        **error)
{
  JsonNode *node = member (self, name);
  gint64 value;

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) < 0 || (guint64) value > max)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"%s\" must be an integer from 0 to %" G_GUINT64_FORMAT, name, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/**
 * confer_message_read_boolean:
 * @self: a message
 * @name: the member
 * @out: (out): where to store the value; %FALSE if the member is absent
 * @error: return location for a #GError
 *
 * Reads an optional boolean member.
 *
 * Returns: %TRUE on success (also when absent); %FALSE with
 *   %CONFER_PROTOCOL_ERROR_BAD_MESSAGE if it is not `true` or `false`
 */
gboolean
confer_message_read_boolean (ConferMessage  *self,
                             const char     *name,
                             gboolean       *out,
                             GError        **error)
{
  JsonNode *node = member (self, name);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"%s\" must be true or false", name);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/**
 * confer_message_read_array:
 * @self: a message
 * @name: the member
 * @required: whether the member must be present
 * @max_length: the most elements it may have
 * @out: (out) (transfer none) (nullable): the array, or %NULL if absent
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the member is absent (and not required) or an array
 *   of at most @max_length elements; %FALSE with `bad-message` otherwise
 */
gboolean
confer_message_read_array (ConferMessage  *self,
                           const char     *name,
                           gboolean        required,
                           guint           max_length,
                           JsonArray     **out,
                           GError        **error)
{
  JsonNode *node = member (self, name);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > max_length)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
                   "\"%s\" must be a list of at most %u elements", name, max_length);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

/**
 * confer_message_read_op:
 * @self: a message
 * @name: the member holding an ot-text-unicode operation
 * @error: return location for a #GError
 *
 * Reads a required operation, refusing one larger than
 * %CONFER_PROTOCOL_MAX_OP_COMPONENTS components or
 * %CONFER_PROTOCOL_MAX_OP_BYTES bytes of text.
 *
 * Returns: (transfer full) (nullable): the operation; or %NULL with
 *   %CONFER_PROTOCOL_ERROR_BAD_OP (the message names the component) or
 *   %CONFER_PROTOCOL_ERROR_TOO_LARGE
 */
ConferTextOp *
confer_message_read_op (ConferMessage  *self,
                        const char     *name,
                        GError        **error)
{
  JsonNode *node = member (self, name);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ConferTextOp) op = NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > CONFER_PROTOCOL_MAX_OP_COMPONENTS)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                   "The operation has more than %d components", CONFER_PROTOCOL_MAX_OP_COMPONENTS);
      return NULL;
    }
  if (node == NULL || (op = confer_text_op_new_from_json (node, &local_error)) == NULL)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_OP,
                   "\"%s\" is not a valid operation: %s", name,
                   local_error != NULL ? local_error->message : "it is missing");
      return NULL;
    }
  if (confer_text_op_get_n_bytes (op) > CONFER_PROTOCOL_MAX_OP_BYTES)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_TOO_LARGE,
                   "The operation carries more than %d bytes of text", CONFER_PROTOCOL_MAX_OP_BYTES);
      return NULL;
    }
  return g_steal_pointer (&op);
}

/**
 * confer_message_set_txn:
 * @self: a message being built
 * @txn: (nullable): the transaction id to echo, or %NULL for none
 *
 * Sets `txn`.
 */
void
confer_message_set_txn (ConferMessage *self,
                        const char    *txn)
{
  if (txn == NULL)
    return;
  json_object_set_string_member (self->object, "txn", txn);
  self->txn = json_object_get_string_member (self->object, "txn");
}

/**
 * confer_message_new_error:
 * @error: a #GError in the %CONFER_PROTOCOL_ERROR domain (another domain is
 *   sent as `internal`)
 * @txn: (nullable): the `txn` of the request it answers
 *
 * Builds `{"type": "error", "code", "message", "txn"}`.
 *
 * Returns: (transfer full): the error message
 */
ConferMessage *
confer_message_new_error (const GError *error,
                          const char   *txn)
{
  ConferMessage *self = confer_message_new ("error");
  ConferProtocolError code = error->domain == CONFER_PROTOCOL_ERROR
                               ? (ConferProtocolError) error->code : CONFER_PROTOCOL_ERROR_INTERNAL;

  json_object_set_string_member (self->object, "code", confer_protocol_error_to_string (code));
  json_object_set_string_member (self->object, "message", error->message);
  confer_message_set_txn (self, txn);
  return self;
}

/**
 * confer_message_encode:
 * @self: a message
 * @n_bytes: (out) (optional): the length of the result in bytes
 *
 * Returns: (transfer full): compact JSON text for one frame
 */
char *
confer_message_encode (ConferMessage *self,
                       gsize         *n_bytes)
{
  JsonGenerator *generator = thread_generator ();
  gsize length;
  char *text;

  json_generator_set_root (generator, self->root);
  text = json_generator_to_data (generator, &length);
  json_generator_set_root (generator, NULL);
  if (n_bytes != NULL)
    *n_bytes = length;
  return text;
}
