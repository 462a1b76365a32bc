/* confer-text-op.c: ot-text-unicode operations: building, JSON, applying
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-text-op"

#include "config.h"

#include <string.h>

#include "confer-core-error.h"
#include "confer-json-text.h"
#include "confer-text-op-private.h"

/* Skips, inserts and deletes longer than this are refused when parsed, so
 * that sums of lengths can never overflow. */
#define MAX_COMPONENT_LENGTH G_MAXINT32

G_DEFINE_BOXED_TYPE (ConferTextOp, confer_text_op, confer_text_op_ref, confer_text_op_unref)

/**
 * confer_text_op_new:
 *
 * Creates the empty operation (a no-op). Build on it with
 * confer_text_op_skip(), confer_text_op_insert(), confer_text_op_delete()
 * and confer_text_op_delete_text(), which keep it in normal form the way
 * ot-text-unicode's internal `append` does: empty components are dropped and
 * adjacent components of one kind are merged.
 *
 * Returns: (transfer full): a new operation
 */
ConferTextOp *
confer_text_op_new (void)
{
  ConferTextOp *self = g_slice_new (ConferTextOp);

  self->ref_count = 1;
  self->n_components = 0;
  self->components_capacity = CONFER_TEXT_OP_INLINE_COMPONENTS;
  self->components = self->inline_components;
  self->text = self->inline_text;
  self->text_len = 0;
  self->text_capacity = CONFER_TEXT_OP_INLINE_TEXT;
  return self;
}

/**
 * confer_text_op_new_insert:
 * @pos: where to insert, in code points
 * @text: valid UTF-8 (the caller validates it)
 * @n_bytes: length of @text in bytes, or -1 if nul-terminated
 *
 * Creates `[pos, text]` (or `[text]` at 0), like ot-text-unicode's
 * `insert()` helper.
 *
 * Returns: (transfer full): a new operation
 */
ConferTextOp *
confer_text_op_new_insert (gsize       pos,
                           const char *text,
                           gssize      n_bytes)
{
  ConferTextOp *self = confer_text_op_new ();

  if (n_bytes < 0)
    n_bytes = strlen (text);
  confer_text_op_skip (self, pos);
  confer_text_op_insert (self, text, n_bytes, confer_utf8_count_chars (text, n_bytes));
  confer_text_op_trim (self);
  return self;
}

/**
 * confer_text_op_new_delete:
 * @pos: first code point to delete
 * @n_chars: number of code points to delete
 *
 * Creates `[pos, {"d": n_chars}]`, like ot-text-unicode's `remove()` helper.
 *
 * Returns: (transfer full): a new operation
 */
ConferTextOp *
confer_text_op_new_delete (gsize pos,
                           gsize n_chars)
{
  ConferTextOp *self = confer_text_op_new ();

  confer_text_op_skip (self, pos);
  confer_text_op_delete (self, n_chars);
  confer_text_op_trim (self);
  return self;
}

/**
 * confer_text_op_ref:
 * @self: an operation
 *
 * Returns: (transfer full): @self, with one more reference
 */
ConferTextOp *
confer_text_op_ref (ConferTextOp *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * confer_text_op_unref:
 * @self: (transfer full): an operation
 *
 * Drops a reference and frees @self when it was the last.
 */
void
confer_text_op_unref (ConferTextOp *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  if (self->components != self->inline_components)
    g_free (self->components);
  if (self->text != self->inline_text)
    g_free (self->text);
  g_slice_free (ConferTextOp, self);
}

/**
 * confer_text_op_copy:
 * @self: an operation
 *
 * Returns: (transfer full): a new operation equal to @self
 */
ConferTextOp *
confer_text_op_copy (const ConferTextOp *self)
{
  ConferTextOp *copy = confer_text_op_new ();

  for (guint i = 0; i < self->n_components; i++)
    {
      ConferTextComponent c;

      confer_text_op_view (self, i, &c);
      confer_text_op_append (copy, &c);
    }
  return copy;
}

static void
op_reserve_text (ConferTextOp *self,
                 gsize         n_bytes)
{
  gsize needed = self->text_len + n_bytes;

  if (needed <= self->text_capacity)
    return;

  self->text_capacity = MAX (needed, self->text_capacity * 2);
  if (self->text == self->inline_text)
    {
      self->text = g_malloc (self->text_capacity);
      memcpy (self->text, self->inline_text, self->text_len);
    }
  else
    self->text = g_realloc (self->text, self->text_capacity);
}

static ConferTextOpComponent *
op_push (ConferTextOp *self)
{
  if (self->n_components == self->components_capacity)
    {
      self->components_capacity *= 2;
      if (self->components == self->inline_components)
        {
          self->components = g_new (ConferTextOpComponent, self->components_capacity);
          memcpy (self->components, self->inline_components,
                  sizeof self->inline_components);
        }
      else
        self->components = g_renew (ConferTextOpComponent, self->components,
                                    self->components_capacity);
    }
  return &self->components[self->n_components++];
}

static void
op_push_text (ConferTextOp *self,
              const char   *text,
              gsize         n_bytes)
{
  op_reserve_text (self, n_bytes);
  memcpy (self->text + self->text_len, text, n_bytes);
  self->text_len += n_bytes;
}

/**
 * confer_text_op_append:
 * @self: an operation being built
 * @component: the component to add; its text must not point into @self
 *
 * Appends a component, keeping @self normal: a component of length 0 is
 * ignored, and one of the same kind as the last component is merged into
 * it. Merging two deletes keeps their text only if both carry text, as
 * ot-text-unicode's `append` does.
 */
void
confer_text_op_append (ConferTextOp              *self,
                       const ConferTextComponent *component)
{
  ConferTextOpComponent *last;

  if (component->length == 0)
    return;

  last = self->n_components > 0 ? &self->components[self->n_components - 1] : NULL;
  if (last != NULL && last->kind == component->kind)
    {
      last->length += component->length;
      if (component->kind == CONFER_TEXT_SKIP)
        return;
      if (component->kind == CONFER_TEXT_DELETE &&
          (last->n_bytes == 0 || component->n_bytes == 0))
        {
          last->n_bytes = 0;
          return;
        }
      op_push_text (self, component->text, component->n_bytes);
      last->n_bytes += component->n_bytes;
      return;
    }

  last = op_push (self);
  last->kind = component->kind;
  last->length = component->length;
  last->offset = self->text_len;
  last->n_bytes = component->kind == CONFER_TEXT_SKIP ? 0 : component->n_bytes;
  if (last->n_bytes > 0)
    op_push_text (self, component->text, component->n_bytes);
}

/**
 * confer_text_op_skip:
 * @self: an operation being built
 * @n_chars: code points to keep
 *
 * Appends a skip of @n_chars code points (nothing if 0).
 */
void
confer_text_op_skip (ConferTextOp *self,
                     gsize         n_chars)
{
  ConferTextComponent c = { CONFER_TEXT_SKIP, n_chars, NULL, 0 };

  confer_text_op_append (self, &c);
}

/**
 * confer_text_op_insert:
 * @self: an operation being built
 * @text: valid UTF-8 (the caller validates it)
 * @n_bytes: length of @text in bytes
 * @n_chars: length of @text in code points
 *
 * Appends an insert of @text (nothing if it is empty).
 */
void
confer_text_op_insert (ConferTextOp *self,
                       const char   *text,
                       gsize         n_bytes,
                       gsize         n_chars)
{
  ConferTextComponent c = { CONFER_TEXT_INSERT, n_chars, text, n_bytes };

  confer_text_op_append (self, &c);
}

/**
 * confer_text_op_delete:
 * @self: an operation being built
 * @n_chars: code points to delete
 *
 * Appends a count-only delete, `{"d": n_chars}` (nothing if 0).
 */
void
confer_text_op_delete (ConferTextOp *self,
                       gsize         n_chars)
{
  ConferTextComponent c = { CONFER_TEXT_DELETE, n_chars, NULL, 0 };

  confer_text_op_append (self, &c);
}

/**
 * confer_text_op_delete_text:
 * @self: an operation being built
 * @text: the deleted text, valid UTF-8
 * @n_bytes: length of @text in bytes
 * @n_chars: length of @text in code points
 *
 * Appends an invertible delete, `{"d": "text"}` (nothing if empty).
 */
void
confer_text_op_delete_text (ConferTextOp *self,
                            const char   *text,
                            gsize         n_bytes,
                            gsize         n_chars)
{
  ConferTextComponent c = { CONFER_TEXT_DELETE, n_chars, text, n_bytes };

  confer_text_op_append (self, &c);
}

/**
 * confer_text_op_trim:
 * @self: an operation being built
 *
 * Drops a trailing skip, which has no effect (ot-text-unicode's `trim`).
 */
void
confer_text_op_trim (ConferTextOp *self)
{
  if (self->n_components > 0 &&
      self->components[self->n_components - 1].kind == CONFER_TEXT_SKIP)
    self->n_components--;
}

/**
 * confer_text_op_get_n_components:
 * @self: an operation
 *
 * Returns: the number of components
 */
guint
confer_text_op_get_n_components (const ConferTextOp *self)
{
  return self->n_components;
}

/**
 * confer_text_op_get_component:
 * @self: an operation
 * @index: a component index, less than confer_text_op_get_n_components()
 * @component: (out caller-allocates): where to store the view
 *
 * Reads one component. The text it points to belongs to @self.
 */
void
confer_text_op_get_component (const ConferTextOp  *self,
                              guint                index,
                              ConferTextComponent *component)
{
  g_return_if_fail (index < self->n_components);

  confer_text_op_view (self, index, component);
}

/**
 * confer_text_op_is_noop:
 * @self: an operation
 *
 * Returns: %TRUE if @self has no components and changes nothing
 */
gboolean
confer_text_op_is_noop (const ConferTextOp *self)
{
  return self->n_components == 0;
}

/**
 * confer_text_op_is_invertible:
 * @self: an operation
 *
 * Returns: %TRUE if every delete carries its text, so confer_text_op_invert()
 *   can succeed
 */
gboolean
confer_text_op_is_invertible (const ConferTextOp *self)
{
  for (guint i = 0; i < self->n_components; i++)
    if (self->components[i].kind == CONFER_TEXT_DELETE && self->components[i].n_bytes == 0)
      return FALSE;
  return TRUE;
}

/**
 * confer_text_op_get_base_length:
 * @self: an operation
 *
 * Returns: the number of code points @self skips or deletes: the shortest
 *   document it can apply to
 */
gsize
confer_text_op_get_base_length (const ConferTextOp *self)
{
  gsize n = 0;

  for (guint i = 0; i < self->n_components; i++)
    if (self->components[i].kind != CONFER_TEXT_INSERT)
      n += self->components[i].length;
  return n;
}

/**
 * confer_text_op_get_length_delta:
 * @self: an operation
 *
 * Returns: inserted minus deleted code points: how much @self changes a
 *   document's length
 */
gssize
confer_text_op_get_length_delta (const ConferTextOp *self)
{
  gssize delta = 0;

  for (guint i = 0; i < self->n_components; i++)
    {
      const ConferTextOpComponent *c = &self->components[i];

      if (c->kind == CONFER_TEXT_INSERT)
        delta += c->length;
      else if (c->kind == CONFER_TEXT_DELETE)
        delta -= c->length;
    }
  return delta;
}

/**
 * confer_text_op_get_n_bytes:
 * @self: an operation
 *
 * Returns: the bytes of text @self carries (inserted plus deleted text), a
 *   measure of its size for limits
 */
gsize
confer_text_op_get_n_bytes (const ConferTextOp *self)
{
  gsize n = 0;

  for (guint i = 0; i < self->n_components; i++)
    n += self->components[i].n_bytes;
  return n;
}

/**
 * confer_text_op_equal:
 * @a: an operation
 * @b: another operation
 *
 * Returns: %TRUE if @a and @b have the same components and text, byte for
 *   byte
 */
gboolean
confer_text_op_equal (const ConferTextOp *a,
                      const ConferTextOp *b)
{
  if (a->n_components != b->n_components)
    return FALSE;

  for (guint i = 0; i < a->n_components; i++)
    {
      ConferTextComponent ca, cb;

      confer_text_op_view (a, i, &ca);
      confer_text_op_view (b, i, &cb);
      if (ca.kind != cb.kind || ca.length != cb.length || ca.n_bytes != cb.n_bytes ||
          (ca.n_bytes > 0 && memcmp (ca.text, cb.text, ca.n_bytes) != 0))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_text (const char  *text,
            guint        index,
            const char  *what,
            gsize       *n_bytes,
            gsize       *n_chars,
            GError     **error)
{
  const char *bad = NULL;

  *n_bytes = strlen (text);
  if (*n_bytes == 0)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                   "Component %u: %s text must not be empty", index, what);
      return FALSE;
    }
  if (!g_utf8_validate (text, *n_bytes, &bad))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8,
                   "Component %u: %s text is not valid UTF-8 at byte %" G_GSIZE_FORMAT,
                   index, what, (gsize) (bad - text));
      return FALSE;
    }
  *n_chars = confer_utf8_count_chars (text, *n_bytes);
  return TRUE;
}

static gboolean
parse_count (JsonNode    *node,
             guint        index,
             const char  *what,
             gsize       *count,
             GError     **error)
{
  gint64 value;

  if (json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) <= 0 || value > MAX_COMPONENT_LENGTH)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                   "Component %u: %s must be an integer from 1 to %d",
                   index, what, MAX_COMPONENT_LENGTH);
      return FALSE;
    }
  *count = value;
  return TRUE;
}

static gboolean
parse_delete (JsonObject  *object,
              guint        index,
              ConferTextComponent *c,
              GError     **error)
{
  JsonNode *d = json_object_get_member (object, "d");

  if (json_object_get_size (object) != 1 || d == NULL ||
      JSON_NODE_TYPE (d) != JSON_NODE_VALUE)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                   "Component %u: a delete must be {\"d\": count} or {\"d\": \"text\"} "
                   "and nothing else", index);
      return FALSE;
    }

  c->kind = CONFER_TEXT_DELETE;
  if (json_node_get_value_type (d) == G_TYPE_STRING)
    {
      c->text = json_node_get_string (d);
      return parse_text (c->text, index, "deleted", &c->n_bytes, &c->length, error);
    }
  c->text = NULL;
  c->n_bytes = 0;
  return parse_count (d, index, "delete count", &c->length, error);
}

/**
 * confer_text_op_new_from_json:
 * @node: a JSON node: an array of components as ot-text-unicode writes them
 * @error: return location for a #GError
 *
 * Parses an operation. Input that ot-text-unicode's `checkOp` refuses is
 * refused here: a skip that is not a positive integer, an empty insert or
 * delete, two adjacent skips, a trailing skip. Input that it accepts but
 * is not normal (adjacent inserts or adjacent deletes) is normalised the
 * way `normalize` does. Beyond the package, text must be valid UTF-8,
 * lengths are at most 2³¹−1 code points, and a delete object has no other
 * member.
 *
 * Returns: (transfer full) (nullable): the operation, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_OP or %CONFER_CORE_ERROR_INVALID_UTF8 set,
 *   the message naming the offending component
 */
ConferTextOp *
confer_text_op_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(ConferTextOp) op = NULL;
  JsonArray *array;
  guint n;
  gboolean last_was_skip = FALSE;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                   "An operation must be a JSON array of components");
      return NULL;
    }

  op = confer_text_op_new ();
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      ConferTextComponent c = { 0, };

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          if (!parse_delete (json_node_get_object (element), i, &c, error))
            return NULL;
        }
      else if (JSON_NODE_HOLDS_VALUE (element) &&
               json_node_get_value_type (element) == G_TYPE_STRING)
        {
          c.kind = CONFER_TEXT_INSERT;
          c.text = json_node_get_string (element);
          if (!parse_text (c.text, i, "inserted", &c.n_bytes, &c.length, error))
            return NULL;
        }
      else if (JSON_NODE_HOLDS_VALUE (element) &&
               (json_node_get_value_type (element) == G_TYPE_INT64 ||
                json_node_get_value_type (element) == G_TYPE_DOUBLE))
        {
          c.kind = CONFER_TEXT_SKIP;
          if (!parse_count (element, i, "a skip", &c.length, error))
            return NULL;
          if (last_was_skip)
            {
              g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                           "Component %u: adjacent skips must be combined", i);
              return NULL;
            }
        }
      else
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                       "Component %u: expected a skip (number), an insert (string) "
                       "or a delete ({\"d\": ...})", i);
          return NULL;
        }

      last_was_skip = c.kind == CONFER_TEXT_SKIP;
      confer_text_op_append (op, &c);
    }

  if (last_was_skip)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_OP,
                   "The operation ends with a skip, which must be left out");
      return NULL;
    }

  return g_steal_pointer (&op);
}

/**
 * confer_text_op_new_from_string:
 * @json: an operation as JSON text
 * @error: return location for a #GError
 *
 * Parses JSON text (bounded first by confer_json_text_parse()) and then
 * the operation, as confer_text_op_new_from_json().
 *
 * Returns: (transfer full) (nullable): the operation, or %NULL with an
 *   error set: %CONFER_CORE_ERROR_INVALID_UTF8 for text that is not UTF-8
 *   or holds a NUL (`\u0000` too, since a NUL cannot be carried through),
 *   %CONFER_CORE_ERROR_INVALID_JSON or %CONFER_CORE_ERROR_TOO_DEEP for text
 *   that is not JSON Confer reads, %CONFER_CORE_ERROR_INVALID_OP for JSON
 *   that is not an operation
 */
ConferTextOp *
confer_text_op_new_from_string (const char  *json,
                                GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize n_bytes = strlen (json);

  if (!g_utf8_validate (json, n_bytes, NULL))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8,
                   "The operation is not valid UTF-8");
      return NULL;
    }
  root = confer_json_text_parse (json, n_bytes, CONFER_JSON_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  return confer_text_op_new_from_json (root, error);
}

/**
 * confer_text_op_to_json:
 * @self: an operation
 *
 * Builds the JSON form of @self: an array of numbers (skips), strings
 * (inserts) and `{"d": ...}` objects (deletes).
 *
 * Returns: (transfer full): a new JSON array node
 */
JsonNode *
confer_text_op_to_json (const ConferTextOp *self)
{
  JsonArray *array = json_array_sized_new (self->n_components);
  JsonNode *node;

  for (guint i = 0; i < self->n_components; i++)
    {
      ConferTextComponent c;
      JsonObject *object;

      confer_text_op_view (self, i, &c);
      switch (c.kind)
        {
        case CONFER_TEXT_SKIP:
          json_array_add_int_element (array, c.length);
          break;

        case CONFER_TEXT_INSERT:
          {
            g_autofree char *inserted = g_strndup (c.text, c.n_bytes);

            json_array_add_string_element (array, inserted);
          }
          break;

        case CONFER_TEXT_DELETE:
        default:
          object = json_object_new ();
          if (c.text != NULL)
            {
              g_autofree char *deleted = g_strndup (c.text, c.n_bytes);

              json_object_set_string_member (object, "d", deleted);
            }
          else
            json_object_set_int_member (object, "d", c.length);
          json_array_add_object_element (array, object);
          break;
        }
    }

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

/**
 * confer_text_op_to_string:
 * @self: an operation
 *
 * Returns: (transfer full): @self as compact JSON text
 */
char *
confer_text_op_to_string (const ConferTextOp *self)
{
  g_autoptr(JsonNode) node = confer_text_op_to_json (self);

  return json_to_string (node, FALSE);
}

/**
 * confer_text_op_check:
 * @self: an operation
 * @rope: the document it is meant for
 * @error: return location for a #GError
 *
 * Checks that @self fits @rope without changing anything: no skip or delete
 * reaches past the end, and every delete that carries text matches the
 * document there.
 *
 * Returns: %TRUE if confer_text_op_apply() would succeed; otherwise %FALSE
 *   with %CONFER_CORE_ERROR_SKIP_PAST_END, %CONFER_CORE_ERROR_DELETE_PAST_END
 *   or %CONFER_CORE_ERROR_DELETE_MISMATCH set
 */
gboolean
confer_text_op_check (const ConferTextOp  *self,
                      const ConferRope    *rope,
                      GError             **error)
{
  gsize length = confer_rope_get_length (rope);
  gsize pos = 0;

  for (guint i = 0; i < self->n_components; i++)
    {
      ConferTextComponent c;

      confer_text_op_view (self, i, &c);
      if (c.kind == CONFER_TEXT_INSERT)
        continue;

      if (c.length > length - pos)
        {
          gboolean skip = c.kind == CONFER_TEXT_SKIP;

          g_set_error (error, CONFER_CORE_ERROR,
                       skip ? CONFER_CORE_ERROR_SKIP_PAST_END : CONFER_CORE_ERROR_DELETE_PAST_END,
                       "Component %u %s %" G_GSIZE_FORMAT " code points at %" G_GSIZE_FORMAT
                       ", past the end of the %" G_GSIZE_FORMAT "-code-point document",
                       i, skip ? "skips" : "deletes", c.length, pos, length);
          return FALSE;
        }
      if (c.kind == CONFER_TEXT_DELETE && c.text != NULL &&
          !confer_rope_matches (rope, pos, c.text, c.n_bytes))
        {
          g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_DELETE_MISMATCH,
                       "Component %u deletes text at %" G_GSIZE_FORMAT
                       " that differs from the document's", i, pos);
          return FALSE;
        }
      pos += c.length;
    }
  return TRUE;
}

/**
 * confer_text_op_apply:
 * @self: an operation
 * @rope: the document to change
 * @error: return location for a #GError
 *
 * Applies @self to @rope, as ot-text-unicode's `apply`. The operation is
 * checked first (confer_text_op_check()); if it does not fit, @rope is left
 * untouched. Unlike the package, a delete past the end or a delete whose
 * text differs from the document is refused rather than truncated or
 * trusted.
 *
 * Returns: %TRUE on success; %FALSE with the error of confer_text_op_check()
 */
gboolean
confer_text_op_apply (const ConferTextOp  *self,
                      ConferRope          *rope,
                      GError             **error)
{
  gsize pos = 0;

  if (!confer_text_op_check (self, rope, error))
    return FALSE;

  for (guint i = 0; i < self->n_components; i++)
    {
      const ConferTextOpComponent *c = &self->components[i];

      switch (c->kind)
        {
        case CONFER_TEXT_SKIP:
          pos += c->length;
          break;

        case CONFER_TEXT_INSERT:
          confer_rope_insert (rope, pos, self->text + c->offset, c->n_bytes, c->length);
          pos += c->length;
          break;

        case CONFER_TEXT_DELETE:
        default:
          confer_rope_delete (rope, pos, c->length);
          break;
        }
    }
  return TRUE;
}

/**
 * confer_text_op_make_invertible:
 * @self: an operation
 * @rope: the document @self applies to, before it is applied
 * @error: return location for a #GError
 *
 * Fills in the text of every count-only delete from @rope, as
 * ot-text-unicode's `makeInvertible`.
 *
 * Returns: (transfer full) (nullable): an invertible operation, or %NULL
 *   with the error of confer_text_op_check() if @self does not fit @rope
 */
ConferTextOp *
confer_text_op_make_invertible (const ConferTextOp  *self,
                                const ConferRope    *rope,
                                GError             **error)
{
  ConferTextOp *result;
  gsize pos = 0;

  if (!confer_text_op_check (self, rope, error))
    return NULL;

  result = confer_text_op_new ();
  for (guint i = 0; i < self->n_components; i++)
    {
      ConferTextComponent c;

      confer_text_op_view (self, i, &c);
      if (c.kind == CONFER_TEXT_DELETE && c.text == NULL)
        {
          gsize n_bytes;
          g_autofree char *deleted = confer_rope_slice (rope, pos, pos + c.length, &n_bytes);

          confer_text_op_delete_text (result, deleted, n_bytes, c.length);
        }
      else
        confer_text_op_append (result, &c);
      if (c.kind != CONFER_TEXT_INSERT)
        pos += c.length;
    }
  return result;
}

/**
 * confer_text_op_strip_invertible:
 * @self: an operation
 *
 * Drops the text of every delete, as ot-text-unicode's `stripInvertible`.
 *
 * Returns: (transfer full): a new operation with count-only deletes
 */
ConferTextOp *
confer_text_op_strip_invertible (const ConferTextOp *self)
{
  ConferTextOp *result = confer_text_op_new ();

  for (guint i = 0; i < self->n_components; i++)
    {
      ConferTextComponent c;

      confer_text_op_view (self, i, &c);
      if (c.kind == CONFER_TEXT_DELETE)
        {
          c.text = NULL;
          c.n_bytes = 0;
        }
      confer_text_op_append (result, &c);
    }
  return result;
}

/**
 * confer_text_op_invert:
 * @self: an invertible operation
 * @error: return location for a #GError
 *
 * Builds the operation that undoes @self: inserts become deletes carrying
 * their text and deletes become inserts, as ot-text-unicode's `invert`.
 *
 * Returns: (transfer full) (nullable): the inverse, or %NULL with
 *   %CONFER_CORE_ERROR_NOT_INVERTIBLE set if a delete carries no text
 */
ConferTextOp *
confer_text_op_invert (const ConferTextOp  *self,
                       GError             **error)
{
  g_autoptr(ConferTextOp) result = NULL;

  if (!confer_text_op_is_invertible (self))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_NOT_INVERTIBLE,
                   "The operation deletes by count only, so it cannot be inverted");
      return NULL;
    }

  result = confer_text_op_new ();
  for (guint i = 0; i < self->n_components; i++)
    {
      ConferTextComponent c;

      confer_text_op_view (self, i, &c);
      if (c.kind == CONFER_TEXT_INSERT)
        c.kind = CONFER_TEXT_DELETE;
      else if (c.kind == CONFER_TEXT_DELETE)
        c.kind = CONFER_TEXT_INSERT;
      confer_text_op_append (result, &c);
    }
  confer_text_op_trim (result);
  return g_steal_pointer (&result);
}
