/* confer-editing-trace.c: real editing histories (Gentle's editing-traces)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is that of Joseph Gentle's editing-traces collection
 * (https://github.com/josephg/editing-traces, CC BY 4.0): gzipped JSON with
 * `startContent`, `endContent` and `txns`, each txn holding `patches` of
 * `[pos, numDeleted, "inserted"]` in code points, and in concurrent traces
 * also `agent` and `parents`.
 */
#define G_LOG_DOMAIN "confer-editing-trace"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "confer-core-error.h"
#include "confer-editing-trace.h"
#include "confer-json-text.h"

struct _ConferEditingTrace
{
  gboolean      concurrent;
  guint         n_agents;
  char         *start_content;
  char         *end_content;
  GArray       *txns;      /* ConferTraceTxn */
  GArray       *patches;   /* ConferTracePatch */
  GArray       *parents;   /* guint */
  GStringChunk *strings;
};

static gboolean
trace_error (GError     **error,
             guint        txn,
             const char  *what)
{
  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_TRACE,
               "Transaction %u: %s", txn, what);
  return FALSE;
}

static gboolean
read_index (JsonNode *node,
            gint64    max,
            gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0 && *out <= max;
}

static gboolean
read_patch (ConferEditingTrace  *self,
            JsonNode            *node,
            guint                txn,
            GError             **error)
{
  ConferTracePatch patch;
  JsonArray *array;
  JsonNode *inserted;
  gint64 pos, n_deleted;
  const char *text;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) != 3)
    return trace_error (error, txn, "a patch must be [pos, numDeleted, \"inserted\"]");
  inserted = json_array_get_element (array, 2);
  if (!read_index (json_array_get_element (array, 0), G_MAXINT32, &pos) ||
      !read_index (json_array_get_element (array, 1), G_MAXINT32, &n_deleted) ||
      !JSON_NODE_HOLDS_VALUE (inserted) || json_node_get_value_type (inserted) != G_TYPE_STRING)
    return trace_error (error, txn, "a patch must be [pos, numDeleted, \"inserted\"]");

  text = json_node_get_string (inserted);
  patch.pos = pos;
  patch.n_deleted = n_deleted;
  patch.n_bytes = strlen (text);
  if (!g_utf8_validate (text, patch.n_bytes, NULL))
    return trace_error (error, txn, "inserted text is not valid UTF-8");
  patch.n_chars = g_utf8_strlen (text, patch.n_bytes);
  patch.inserted = patch.n_bytes > 0 ? g_string_chunk_insert_len (self->strings, text, patch.n_bytes) : "";
  g_array_append_val (self->patches, patch);
  return TRUE;
}

static gboolean
read_txn (ConferEditingTrace  *self,
          JsonNode            *node,
          guint                index,
          GError             **error)
{
  ConferTraceTxn txn = { 0, };
  JsonObject *object;
  JsonArray *patches;
  gsize first_patch = self->patches->len;
  gsize first_parent = self->parents->len;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return trace_error (error, index, "not an object");
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "patches") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "patches")))
    return trace_error (error, index, "no \"patches\" array");

  patches = json_object_get_array_member (object, "patches");
  for (guint i = 0; i < json_array_get_length (patches); i++)
    if (!read_patch (self, json_array_get_element (patches, i), index, error))
      return FALSE;

  if (self->concurrent)
    {
      JsonNode *agent = json_object_get_member (object, "agent");
      JsonNode *parents = json_object_get_member (object, "parents");
      gint64 value;

      if (agent == NULL || !read_index (agent, self->n_agents - 1, &value))
        return trace_error (error, index, "\"agent\" must be an agent number below numAgents");
      txn.agent = value;
      if (parents == NULL || !JSON_NODE_HOLDS_ARRAY (parents))
        return trace_error (error, index, "no \"parents\" array");
      for (guint i = 0; i < json_array_get_length (json_node_get_array (parents)); i++)
        {
          guint parent;

          if (index == 0 ||
              !read_index (json_array_get_element (json_node_get_array (parents), i), index - 1, &value))
            return trace_error (error, index, "a parent must be the index of an earlier transaction");
          parent = value;
          g_array_append_val (self->parents, parent);
        }
    }

  /* Pointers into the arrays are filled in once they stop growing. */
  txn.n_patches = self->patches->len - first_patch;
  txn.patches = GSIZE_TO_POINTER (first_patch);
  txn.n_parents = self->parents->len - first_parent;
  txn.parents = GSIZE_TO_POINTER (first_parent);
  g_array_append_val (self->txns, txn);
  return TRUE;
}

static char *
read_content (JsonObject *root,
              const char *name)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gboolean
trace_parse (ConferEditingTrace  *self,
             JsonNode            *root_node,
             GError             **error)
{
  JsonObject *root;
  JsonArray *txns;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_TRACE,
                   "The trace is not a JSON object");
      return FALSE;
    }
  root = json_node_get_object (root_node);

  self->concurrent = g_strcmp0 (json_object_get_string_member_with_default (root, "kind", ""),
                                "concurrent") == 0;
  self->n_agents = self->concurrent ? json_object_get_int_member_with_default (root, "numAgents", 0) : 1;
  self->start_content = json_object_has_member (root, "startContent")
                          ? read_content (root, "startContent") : g_strdup ("");
  self->end_content = read_content (root, "endContent");
  if (self->start_content == NULL || self->end_content == NULL ||
      !json_object_has_member (root, "txns") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "txns")) ||
      self->n_agents < 1 || self->n_agents > 1024)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_TRACE,
                   "The trace needs string \"startContent\" and \"endContent\", a \"txns\" "
                   "array and, if concurrent, a \"numAgents\" from 1 to 1024");
      return FALSE;
    }

  txns = json_object_get_array_member (root, "txns");
  for (guint i = 0; i < json_array_get_length (txns); i++)
    if (!read_txn (self, json_array_get_element (txns, i), i, error))
      return FALSE;

  for (guint i = 0; i < self->txns->len; i++)
    {
      ConferTraceTxn *txn = &g_array_index (self->txns, ConferTraceTxn, i);

      txn->patches = &g_array_index (self->patches, ConferTracePatch, GPOINTER_TO_SIZE (txn->patches));
      txn->parents = &g_array_index (self->parents, guint, GPOINTER_TO_SIZE (txn->parents));
    }
  return TRUE;
}

/**
 * confer_editing_trace_load:
 * @path: a trace file, gzipped (`.json.gz`) or plain JSON
 * @error: return location for a #GError
 *
 * Reads and parses a whole trace into memory, its JSON bounded first by
 * confer_json_text_check().
 *
 * Returns: (transfer full) (nullable): the trace, or %NULL with a
 *   #G_IO_ERROR, %CONFER_CORE_ERROR_INVALID_JSON, %CONFER_CORE_ERROR_TOO_DEEP,
 *   %CONFER_CORE_ERROR_INVALID_UTF8 or %CONFER_CORE_ERROR_INVALID_TRACE set
 */
ConferEditingTrace *
confer_editing_trace_load (const char  *path,
                           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBufferedInputStream) buffered = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(JsonNode) root = NULL;
  ConferEditingTrace *self;
  gsize available = 0;
  const guchar *head;

  raw = G_INPUT_STREAM (g_file_read (file, NULL, error));
  if (raw == NULL)
    return NULL;
  buffered = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new (raw));
  if (g_buffered_input_stream_fill (buffered, 2, NULL, error) < 0)
    return NULL;
  head = g_buffered_input_stream_peek_buffer (buffered, &available);
  if (available >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      stream = g_converter_input_stream_new (G_INPUT_STREAM (buffered), G_CONVERTER (gunzip));
    }
  else
    stream = g_object_ref (G_INPUT_STREAM (buffered));

  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  root = confer_json_text_parse (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                                 g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)),
                                 CONFER_JSON_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;

  self = g_new0 (ConferEditingTrace, 1);
  self->txns = g_array_new (FALSE, FALSE, sizeof (ConferTraceTxn));
  self->patches = g_array_new (FALSE, FALSE, sizeof (ConferTracePatch));
  self->parents = g_array_new (FALSE, FALSE, sizeof (guint));
  self->strings = g_string_chunk_new (64 * 1024);
  if (!trace_parse (self, root, error))
    {
      confer_editing_trace_free (self);
      return NULL;
    }
  return self;
}

/**
 * confer_editing_trace_free:
 * @self: (transfer full): a trace
 *
 * Frees the trace and every patch and string in it.
 */
void
confer_editing_trace_free (ConferEditingTrace *self)
{
  if (self == NULL)
    return;
  g_free (self->start_content);
  g_free (self->end_content);
  g_array_unref (self->txns);
  g_array_unref (self->patches);
  g_array_unref (self->parents);
  g_string_chunk_free (self->strings);
  g_free (self);
}

/**
 * confer_editing_trace_is_concurrent:
 * @self: a trace
 *
 * Returns: %TRUE for a concurrent trace (`"kind": "concurrent"`), whose
 *   txns carry agents and parents
 */
gboolean
confer_editing_trace_is_concurrent (const ConferEditingTrace *self)
{
  return self->concurrent;
}

/**
 * confer_editing_trace_get_n_agents:
 * @self: a trace
 *
 * Returns: the number of agents (1 for sequential traces)
 */
guint
confer_editing_trace_get_n_agents (const ConferEditingTrace *self)
{
  return self->n_agents;
}

/**
 * confer_editing_trace_get_start_content:
 * @self: a trace
 *
 * Returns: (transfer none): the text before the first txn
 */
const char *
confer_editing_trace_get_start_content (const ConferEditingTrace *self)
{
  return self->start_content;
}

/**
 * confer_editing_trace_get_end_content:
 * @self: a trace
 *
 * Returns: (transfer none): the text every replica must end with
 */
const char *
confer_editing_trace_get_end_content (const ConferEditingTrace *self)
{
  return self->end_content;
}

/**
 * confer_editing_trace_get_n_txns:
 * @self: a trace
 *
 * Returns: the number of transactions
 */
guint
confer_editing_trace_get_n_txns (const ConferEditingTrace *self)
{
  return self->txns->len;
}

/**
 * confer_editing_trace_get_n_patches:
 * @self: a trace
 *
 * Returns: the number of patches over all transactions
 */
gsize
confer_editing_trace_get_n_patches (const ConferEditingTrace *self)
{
  return self->patches->len;
}

/**
 * confer_editing_trace_get_txn:
 * @self: a trace
 * @index: a transaction index, less than confer_editing_trace_get_n_txns()
 *
 * Returns: (transfer none): the transaction, valid as long as @self
 */
const ConferTraceTxn *
confer_editing_trace_get_txn (const ConferEditingTrace *self,
                              guint                     index)
{
  g_return_val_if_fail (index < self->txns->len, NULL);

  return &g_array_index (self->txns, ConferTraceTxn, index);
}

/**
 * confer_trace_patch_to_op:
 * @patch: a patch
 *
 * Returns: (transfer full): the operation `[pos, {"d": n}, "inserted"]`
 */
ConferTextOp *
confer_trace_patch_to_op (const ConferTracePatch *patch)
{
  ConferTextOp *op = confer_text_op_new ();

  confer_text_op_skip (op, patch->pos);
  confer_text_op_delete (op, patch->n_deleted);
  confer_text_op_insert (op, patch->inserted, patch->n_bytes, patch->n_chars);
  confer_text_op_trim (op);
  return op;
}

/**
 * confer_trace_txn_to_op:
 * @txn: a transaction
 *
 * Returns: (transfer full): one operation with the effect of all of the
 *   transaction's patches, applied one after another (composed)
 */
ConferTextOp *
confer_trace_txn_to_op (const ConferTraceTxn *txn)
{
  ConferTextOp *op = confer_text_op_new ();

  for (guint i = 0; i < txn->n_patches; i++)
    {
      g_autoptr(ConferTextOp) patch = confer_trace_patch_to_op (&txn->patches[i]);
      ConferTextOp *composed = confer_text_op_compose (op, patch);

      confer_text_op_unref (op);
      op = composed;
    }
  return op;
}
