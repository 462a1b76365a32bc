/* confer-rope.c: UTF-8 text in a B-tree, addressed by code point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-rope"

#include "config.h"

#include <string.h>

#include "confer-core-error.h"
#include "confer-rope.h"

/* Leaves hold up to LEAF_CAPACITY bytes of UTF-8 and never split a
 * character; branches hold up to FANOUT children. Every node caches its
 * byte and code point totals, so a lookup by code point walks down one path
 * and an edit walks back up the same path to fix the totals. */
#define LEAF_CAPACITY 480
#define LEAF_FILL     ((LEAF_CAPACITY * 3) / 4)
#define LEAF_MERGE    (LEAF_CAPACITY / 4)
#define FANOUT        16

typedef struct _RopeNode RopeNode;

struct _RopeNode
{
  RopeNode *parent;
  gsize     n_bytes;
  gsize     n_chars;
  guint16   height;      /* 0 for leaves */
  guint16   n_children;  /* branches only */
  guint16   index;       /* position in parent->children */
};

typedef struct
{
  RopeNode node;
  char     text[LEAF_CAPACITY];
} RopeLeaf;

typedef struct
{
  RopeNode  node;
  RopeNode *children[FANOUT];
} RopeBranch;

struct _ConferRope
{
  RopeBranch *root;

  /* The leaf of the last edit and the code point offset where it starts;
   * NULL whenever the tree's shape changes. */
  RopeLeaf   *cached_leaf;
  gsize       cached_start;
};

#define LEAF(n)   ((RopeLeaf *) (n))
#define BRANCH(n) ((RopeBranch *) (n))

/**
 * confer_utf8_count_chars:
 * @text: valid UTF-8, not necessarily nul-terminated
 * @n_bytes: length of @text in bytes
 *
 * Counts the Unicode code points in @text.
 *
 * Returns: the number of code points
 */
gsize
confer_utf8_count_chars (const char *text,
                         gsize       n_bytes)
{
  gsize continuation = 0;

  for (gsize i = 0; i < n_bytes; i++)
    continuation += ((guchar) text[i] & 0xC0) == 0x80;

  return n_bytes - continuation;
}

static inline gsize
leaf_byte_offset (const RopeLeaf *leaf,
                  gsize           char_offset)
{
  if (leaf->node.n_bytes == leaf->node.n_chars)
    return char_offset;

  return g_utf8_offset_to_pointer (leaf->text, char_offset) - leaf->text;
}

static RopeLeaf *
leaf_new (void)
{
  return g_new0 (RopeLeaf, 1);
}

static RopeBranch *
branch_new (guint16 height)
{
  RopeBranch *branch = g_new0 (RopeBranch, 1);

  branch->node.height = height;
  return branch;
}

static void
node_free (RopeNode *node)
{
  if (node->height > 0)
    for (guint i = 0; i < node->n_children; i++)
      node_free (BRANCH (node)->children[i]);
  g_free (node);
}

static void
add_to_ancestors (RopeNode *node,
                  gssize    d_bytes,
                  gssize    d_chars)
{
  for (RopeNode *n = node; n != NULL; n = n->parent)
    {
      n->n_bytes += d_bytes;
      n->n_chars += d_chars;
    }
}

/* Finds the leaf holding code point @pos. At a boundary between two
 * leaves, @prefer_left picks the one that ends at @pos (where an insert
 * appends) rather than the one that starts there (where a delete starts). */
static RopeLeaf *
rope_locate (ConferRope *self,
             gsize       pos,
             gboolean    prefer_left,
             gsize      *leaf_start)
{
  RopeNode *node = &self->root->node;
  gsize start = 0;

  if (self->cached_leaf != NULL)
    {
      gsize cached_end = self->cached_start + self->cached_leaf->node.n_chars;

      if (pos >= self->cached_start &&
          (prefer_left ? pos <= cached_end : pos < cached_end))
        {
          *leaf_start = self->cached_start;
          return self->cached_leaf;
        }
    }

  while (node->height > 0)
    {
      RopeBranch *branch = BRANCH (node);
      guint i;

      for (i = 0; i + 1 < node->n_children; i++)
        {
          gsize n = branch->children[i]->n_chars;

          if (prefer_left ? pos <= n : pos < n)
            break;
          pos -= n;
          start += n;
        }
      node = branch->children[i];
    }

  self->cached_leaf = LEAF (node);
  self->cached_start = start;
  *leaf_start = start;
  return LEAF (node);
}

static RopeLeaf *
leaf_next (RopeLeaf *leaf)
{
  RopeNode *node = &leaf->node;

  while (node->parent != NULL && node->index + 1 == node->parent->n_children)
    node = node->parent;
  if (node->parent == NULL)
    return NULL;

  node = BRANCH (node->parent)->children[node->index + 1];
  while (node->height > 0)
    node = BRANCH (node)->children[0];
  return LEAF (node);
}

/* Inserts @child, whose totals are not yet counted in any ancestor, as
 * child @at of @parent, splitting full branches on the way up. */
static void
branch_insert_child (ConferRope *self,
                     RopeBranch *parent,
                     guint       at,
                     RopeNode   *child)
{
  RopeNode *p = &parent->node;
  RopeBranch *sibling;
  guint half = FANOUT / 2;

  if (p->n_children < FANOUT)
    {
      memmove (&parent->children[at + 1], &parent->children[at],
               (p->n_children - at) * sizeof (RopeNode *));
      parent->children[at] = child;
      p->n_children++;
      for (guint i = at; i < p->n_children; i++)
        {
          parent->children[i]->parent = p;
          parent->children[i]->index = i;
        }
      add_to_ancestors (p, child->n_bytes, child->n_chars);
      return;
    }

  /* Move the upper half into a new sibling, take its totals out of the
   * ancestors, then hang the sibling next to @parent (which puts them back). */
  sibling = branch_new (p->height);
  for (guint i = half; i < FANOUT; i++)
    {
      RopeNode *moved = parent->children[i];

      sibling->children[i - half] = moved;
      moved->parent = &sibling->node;
      moved->index = i - half;
      sibling->node.n_bytes += moved->n_bytes;
      sibling->node.n_chars += moved->n_chars;
    }
  sibling->node.n_children = FANOUT - half;
  p->n_children = half;
  add_to_ancestors (p, -(gssize) sibling->node.n_bytes, -(gssize) sibling->node.n_chars);

  if (p->parent == NULL)
    {
      RopeBranch *root = branch_new (p->height + 1);

      root->children[0] = p;
      root->node.n_children = 1;
      root->node.n_bytes = p->n_bytes;
      root->node.n_chars = p->n_chars;
      p->parent = &root->node;
      p->index = 0;
      self->root = root;
    }
  branch_insert_child (self, BRANCH (p->parent), p->index + 1, &sibling->node);

  if (at <= half)
    branch_insert_child (self, parent, at, child);
  else
    branch_insert_child (self, sibling, at - half, child);
}

/* Detaches child @at from @parent, frees it, and removes branches left
 * empty; the tree keeps its root. */
static void
branch_remove_child (ConferRope *self,
                     RopeBranch *parent,
                     guint       at)
{
  RopeNode *p = &parent->node;
  RopeNode *child = parent->children[at];

  add_to_ancestors (p, -(gssize) child->n_bytes, -(gssize) child->n_chars);
  node_free (child);
  memmove (&parent->children[at], &parent->children[at + 1],
           (p->n_children - at - 1) * sizeof (RopeNode *));
  p->n_children--;
  for (guint i = at; i < p->n_children; i++)
    parent->children[i]->index = i;

  if (p->n_children == 0 && p->parent != NULL)
    branch_remove_child (self, BRANCH (p->parent), p->index);
}

static void
rope_collapse_root (ConferRope *self)
{
  while (self->root->node.n_children == 1 && self->root->node.height > 1)
    {
      RopeBranch *old = self->root;

      self->root = BRANCH (old->children[0]);
      self->root->node.parent = NULL;
      self->root->node.index = 0;
      g_free (old);
    }
}

/**
 * confer_rope_new:
 *
 * Creates an empty rope.
 *
 * Returns: (transfer full): a new rope; free it with confer_rope_free()
 */
ConferRope *
confer_rope_new (void)
{
  ConferRope *self = g_new0 (ConferRope, 1);
  RopeLeaf *leaf = leaf_new ();

  self->root = branch_new (1);
  self->root->children[0] = &leaf->node;
  self->root->node.n_children = 1;
  leaf->node.parent = &self->root->node;
  return self;
}

/**
 * confer_rope_new_from_text:
 * @text: UTF-8 text
 * @n_bytes: length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Creates a rope holding @text.
 *
 * Returns: (transfer full) (nullable): a new rope, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_UTF8 set if @text is not valid UTF-8
 */
ConferRope *
confer_rope_new_from_text (const char  *text,
                           gssize       n_bytes,
                           GError     **error)
{
  ConferRope *self;
  const char *bad = NULL;

  g_return_val_if_fail (text != NULL || n_bytes == 0, NULL);

  if (n_bytes < 0)
    n_bytes = strlen (text);
  if (!g_utf8_validate (text, n_bytes, &bad))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_UTF8,
                   "Text is not valid UTF-8 at byte %" G_GSIZE_FORMAT,
                   (gsize) (bad - text));
      return NULL;
    }

  self = confer_rope_new ();
  confer_rope_insert (self, 0, text, n_bytes, confer_utf8_count_chars (text, n_bytes));
  return self;
}

/**
 * confer_rope_free:
 * @self: (transfer full): a rope
 *
 * Frees @self and all of its text.
 */
void
confer_rope_free (ConferRope *self)
{
  if (self == NULL)
    return;
  node_free (&self->root->node);
  g_free (self);
}

/**
 * confer_rope_get_length:
 * @self: a rope
 *
 * Returns: the length of the text in Unicode code points, in O(1)
 */
gsize
confer_rope_get_length (const ConferRope *self)
{
  return self->root->node.n_chars;
}

/**
 * confer_rope_get_n_bytes:
 * @self: a rope
 *
 * Returns: the length of the text in UTF-8 bytes, in O(1)
 */
gsize
confer_rope_get_n_bytes (const ConferRope *self)
{
  return self->root->node.n_bytes;
}

/* Splits the bytes of @a then @b then @c into leaves: the first refills
 * @leaf, the rest are hung after it. */
static void
rope_refill (ConferRope *self,
             RopeLeaf   *leaf,
             const char *a, gsize na,
             const char *b, gsize nb,
             const char *c, gsize nc)
{
  gsize total = na + nb + nc;
  g_autofree char *joined = g_malloc (total);
  RopeNode *prev = &leaf->node;
  gsize done = 0;
  gboolean first = TRUE;

  if (na > 0)
    memcpy (joined, a, na);
  if (nb > 0)
    memcpy (joined + na, b, nb);
  if (nc > 0)
    memcpy (joined + na + nb, c, nc);

  while (done < total)
    {
      gsize take = MIN (total - done, (gsize) LEAF_FILL);
      RopeLeaf *target;
      gsize chars;

      /* Fill to LEAF_FILL so typing has room, but never leave a tail
       * shorter than a quarter leaf; never cut a character in two. */
      if (total - done <= LEAF_CAPACITY)
        take = total - done;
      while (done + take < total && ((guchar) joined[done + take] & 0xC0) == 0x80)
        take--;

      chars = confer_utf8_count_chars (joined + done, take);
      if (first)
        {
          target = leaf;
          add_to_ancestors (&leaf->node,
                            (gssize) take - (gssize) leaf->node.n_bytes,
                            (gssize) chars - (gssize) leaf->node.n_chars);
          memcpy (leaf->text, joined, take);
          first = FALSE;
        }
      else
        {
          target = leaf_new ();
          memcpy (target->text, joined + done, take);
          target->node.n_bytes = take;
          target->node.n_chars = chars;
          branch_insert_child (self, BRANCH (prev->parent), prev->index + 1, &target->node);
        }
      prev = &target->node;
      done += take;
    }
}

/**
 * confer_rope_insert:
 * @self: a rope
 * @pos: where to insert, in code points, at most confer_rope_get_length()
 * @text: valid UTF-8 to insert (the caller validates it)
 * @n_bytes: length of @text in bytes
 * @n_chars: length of @text in code points, as confer_utf8_count_chars()
 *   gives it
 *
 * Inserts @text before the code point at @pos.
 */
void
confer_rope_insert (ConferRope *self,
                    gsize       pos,
                    const char *text,
                    gsize       n_bytes,
                    gsize       n_chars)
{
  RopeLeaf *leaf;
  gsize start, offset;

  g_return_if_fail (pos <= confer_rope_get_length (self));

  if (n_bytes == 0)
    return;

  leaf = rope_locate (self, pos, TRUE, &start);
  offset = leaf_byte_offset (leaf, pos - start);

  if (leaf->node.n_bytes + n_bytes <= LEAF_CAPACITY)
    {
      memmove (leaf->text + offset + n_bytes, leaf->text + offset, leaf->node.n_bytes - offset);
      memcpy (leaf->text + offset, text, n_bytes);
      add_to_ancestors (&leaf->node, n_bytes, n_chars);
      return;
    }

  {
    gsize tail = leaf->node.n_bytes - offset;
    g_autofree char *saved = g_memdup2 (leaf->text + offset, tail);

    rope_refill (self, leaf, leaf->text, offset, text, n_bytes, saved, tail);
  }
  self->cached_leaf = NULL;
}

/**
 * confer_rope_delete:
 * @self: a rope
 * @pos: first code point to delete
 * @n_chars: number of code points to delete; @pos + @n_chars must not
 *   exceed confer_rope_get_length()
 *
 * Deletes @n_chars code points starting at @pos.
 */
void
confer_rope_delete (ConferRope *self,
                    gsize       pos,
                    gsize       n_chars)
{
  g_return_if_fail (pos + n_chars <= confer_rope_get_length (self));

  while (n_chars > 0)
    {
      gsize start;
      RopeLeaf *leaf = rope_locate (self, pos, FALSE, &start);
      gsize in_leaf = MIN (n_chars, leaf->node.n_chars - (pos - start));
      gsize from = leaf_byte_offset (leaf, pos - start);
      gsize to;

      if (leaf->node.n_bytes == leaf->node.n_chars)
        to = from + in_leaf;
      else
        to = g_utf8_offset_to_pointer (leaf->text + from, in_leaf) - leaf->text;

      memmove (leaf->text + from, leaf->text + to, leaf->node.n_bytes - to);
      add_to_ancestors (&leaf->node, -(gssize) (to - from), -(gssize) in_leaf);
      n_chars -= in_leaf;

      if (leaf->node.n_bytes < LEAF_MERGE && self->root->node.n_bytes > 0)
        {
          RopeBranch *parent = BRANCH (leaf->node.parent);
          guint index = leaf->node.index;

          if (leaf->node.n_bytes == 0)
            {
              branch_remove_child (self, parent, index);
              rope_collapse_root (self);
              self->cached_leaf = NULL;
            }
          else if (index + 1 < parent->node.n_children)
            {
              RopeLeaf *next = LEAF (parent->children[index + 1]);

              if (leaf->node.n_bytes + next->node.n_bytes <= LEAF_FILL)
                {
                  /* Same parent: moving the text leaves every total above
                   * the leaves unchanged. */
                  memcpy (leaf->text + leaf->node.n_bytes, next->text, next->node.n_bytes);
                  leaf->node.n_bytes += next->node.n_bytes;
                  leaf->node.n_chars += next->node.n_chars;
                  next->node.n_bytes = 0;
                  next->node.n_chars = 0;
                  branch_remove_child (self, parent, index + 1);
                  self->cached_leaf = NULL;
                }
            }
        }
    }
}

/* Calls @func on each piece of text between code points @start and @end,
 * in order, until it returns FALSE. */
static gboolean
rope_foreach_piece (const ConferRope *self,
                    gsize             start,
                    gsize             end,
                    gboolean        (*func) (const char *piece, gsize n, gpointer data),
                    gpointer          data)
{
  gsize leaf_start;
  RopeLeaf *leaf;

  if (start >= end)
    return TRUE;

  leaf = rope_locate ((ConferRope *) self, start, FALSE, &leaf_start);
  while (leaf != NULL && leaf_start < end)
    {
      gsize from_char = start > leaf_start ? start - leaf_start : 0;
      gsize to_char = MIN (end - leaf_start, leaf->node.n_chars);
      gsize from = leaf_byte_offset (leaf, from_char);
      gsize to = leaf_byte_offset (leaf, to_char);

      if (to > from && !func (leaf->text + from, to - from, data))
        return FALSE;
      leaf_start += leaf->node.n_chars;
      leaf = leaf_next (leaf);
    }
  return TRUE;
}

static gboolean
append_piece (const char *piece,
              gsize       n,
              gpointer    data)
{
  g_string_append_len (data, piece, n);
  return TRUE;
}

/**
 * confer_rope_slice:
 * @self: a rope
 * @start: first code point, at most @end
 * @end: code point after the last one, at most confer_rope_get_length()
 * @n_bytes: (out) (optional): return location for the length in bytes
 *
 * Copies the text between two code point offsets.
 *
 * Returns: (transfer full): nul-terminated UTF-8
 */
char *
confer_rope_slice (const ConferRope *self,
                   gsize             start,
                   gsize             end,
                   gsize            *n_bytes)
{
  GString *out;

  g_return_val_if_fail (start <= end, NULL);
  g_return_val_if_fail (end <= confer_rope_get_length (self), NULL);

  out = g_string_sized_new (end - start + 1);
  rope_foreach_piece (self, start, end, append_piece, out);
  if (n_bytes != NULL)
    *n_bytes = out->len;
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *text;
  gsize       remaining;
} MatchState;

static gboolean
match_piece (const char *piece,
             gsize       n,
             gpointer    data)
{
  MatchState *state = data;

  if (n > state->remaining || memcmp (piece, state->text, n) != 0)
    return FALSE;
  state->text += n;
  state->remaining -= n;
  return TRUE;
}

/**
 * confer_rope_matches:
 * @self: a rope
 * @pos: code point offset
 * @text: valid UTF-8
 * @n_bytes: length of @text in bytes
 *
 * Checks whether the rope holds exactly @text starting at @pos, which is
 * how a delete that carries its text is checked before it is applied.
 *
 * Returns: %TRUE if the text at @pos equals @text byte for byte
 */
gboolean
confer_rope_matches (const ConferRope *self,
                     gsize             pos,
                     const char       *text,
                     gsize             n_bytes)
{
  gsize n_chars = confer_utf8_count_chars (text, n_bytes);
  MatchState state = { text, n_bytes };

  if (pos + n_chars > confer_rope_get_length (self))
    return FALSE;
  return rope_foreach_piece (self, pos, pos + n_chars, match_piece, &state) &&
         state.remaining == 0;
}

/**
 * confer_rope_to_string:
 * @self: a rope
 * @n_bytes: (out) (optional): return location for the length in bytes
 *
 * Returns: (transfer full): the whole text, nul-terminated
 */
char *
confer_rope_to_string (const ConferRope *self,
                       gsize            *n_bytes)
{
  return confer_rope_slice (self, 0, confer_rope_get_length (self), n_bytes);
}

static gboolean
node_check (const RopeNode *node,
            guint           height)
{
  gsize bytes = 0, chars = 0;

  if (node->height != height)
    return FALSE;

  if (height == 0)
    {
      const RopeLeaf *leaf = LEAF (node);

      return node->n_bytes <= LEAF_CAPACITY &&
             g_utf8_validate (leaf->text, node->n_bytes, NULL) &&
             confer_utf8_count_chars (leaf->text, node->n_bytes) == node->n_chars;
    }

  if (node->n_children == 0 || node->n_children > FANOUT)
    return FALSE;
  for (guint i = 0; i < node->n_children; i++)
    {
      const RopeNode *child = BRANCH (node)->children[i];

      if (child->parent != node || child->index != i || !node_check (child, height - 1))
        return FALSE;
      bytes += child->n_bytes;
      chars += child->n_chars;
    }
  return bytes == node->n_bytes && chars == node->n_chars;
}

/**
 * confer_rope_check:
 * @self: a rope
 *
 * Verifies the rope's internal invariants (totals, parent links, leaf
 * sizes, UTF-8 validity). Meant for tests.
 *
 * Returns: %TRUE if every invariant holds
 */
gboolean
confer_rope_check (const ConferRope *self)
{
  return self->root->node.parent == NULL &&
         node_check (&self->root->node, self->root->node.height);
}
