/* confer-text-transform.c: transform, compose and position transform of
 * ot-text-unicode operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The semantics are those of the npm package ot-text-unicode 4.x
 * (https://github.com/ottypes/text-unicode, src/type.ts), including its
 * tie-breaking and how deletes keep or lose their text; the vectors in
 * tests/vectors/ check this implementation against that package.
 */
#define G_LOG_DOMAIN "confer-text-transform"

#include "config.h"

#include "confer-text-op-private.h"

/* Reads an operation piece by piece. Past its last component an operation
 * skips forever. */
typedef struct
{
  const ConferTextOp *op;
  guint               index;
  gsize               offset;       /* code points of the current component consumed */
  gsize               byte_offset;  /* bytes of its text consumed */
} OpReader;

#define TAKE_ALL G_MAXSIZE

/* Takes up to @n code points (TAKE_ALL for the rest of the component) from
 * the reader. A component of kind @whole is never split. Returns FALSE only
 * when @n is TAKE_ALL and the operation is exhausted. */
static gboolean
reader_take (OpReader               *reader,
             gsize                   n,
             int                     whole,
             ConferTextComponent    *out)
{
  const ConferTextOpComponent *c;
  gsize remaining;

  if (reader->index == reader->op->n_components)
    {
      if (n == TAKE_ALL)
        return FALSE;
      out->kind = CONFER_TEXT_SKIP;
      out->length = n;
      out->text = NULL;
      out->n_bytes = 0;
      return TRUE;
    }

  c = &reader->op->components[reader->index];
  remaining = c->length - reader->offset;
  out->kind = c->kind;
  out->text = c->n_bytes > 0 ? reader->op->text + c->offset + reader->byte_offset : NULL;

  if (n >= remaining || (int) c->kind == whole)
    {
      out->length = remaining;
      out->n_bytes = c->n_bytes - reader->byte_offset;
      reader->index++;
      reader->offset = 0;
      reader->byte_offset = 0;
      return TRUE;
    }

  out->length = n;
  out->n_bytes = out->text != NULL ? (gsize) (g_utf8_offset_to_pointer (out->text, n) - out->text) : 0;
  reader->offset += n;
  reader->byte_offset += out->n_bytes;
  return TRUE;
}

static inline int
reader_peek_kind (const OpReader *reader)
{
  if (reader->index == reader->op->n_components)
    return -1;
  return reader->op->components[reader->index].kind;
}

/**
 * confer_text_op_transform:
 * @self: the operation to transform
 * @other: an operation concurrent with @self (both apply to the same
 *   document)
 * @side: which insert goes first when both insert at one position
 *
 * Transforms @self so that it applies after @other and has the same intent,
 * exactly as ot-text-unicode's `transform(op, otherOp, side)`. For two
 * concurrent operations a and b, apply(apply(doc, a), transform(b, a,
 * RIGHT)) equals apply(apply(doc, b), transform(a, b, LEFT)).
 *
 * Returns: (transfer full): the transformed operation
 */
ConferTextOp *
confer_text_op_transform (const ConferTextOp *self,
                          const ConferTextOp *other,
                          ConferTextSide      side)
{
  ConferTextOp *result = confer_text_op_new ();
  OpReader reader = { self, 0, 0, 0 };
  ConferTextComponent piece;

  for (guint i = 0; i < other->n_components; i++)
    {
      const ConferTextOpComponent *c = &other->components[i];
      gsize length = c->length;

      switch (c->kind)
        {
        case CONFER_TEXT_SKIP:
          while (length > 0)
            {
              reader_take (&reader, length, CONFER_TEXT_INSERT, &piece);
              confer_text_op_append (result, &piece);
              if (piece.kind != CONFER_TEXT_INSERT)
                length -= piece.length;
            }
          break;

        case CONFER_TEXT_INSERT:
          if (side == CONFER_TEXT_LEFT && reader_peek_kind (&reader) == CONFER_TEXT_INSERT)
            {
              reader_take (&reader, TAKE_ALL, -1, &piece);
              confer_text_op_append (result, &piece);
            }
          confer_text_op_skip (result, c->length);
          break;

        case CONFER_TEXT_DELETE:
        default:
          while (length > 0)
            {
              reader_take (&reader, length, CONFER_TEXT_INSERT, &piece);
              if (piece.kind == CONFER_TEXT_INSERT)
                confer_text_op_append (result, &piece);
              else
                length -= piece.length;   /* skipped text is gone; a delete of it is moot */
            }
          break;
        }
    }

  while (reader_take (&reader, TAKE_ALL, -1, &piece))
    confer_text_op_append (result, &piece);

  confer_text_op_trim (result);
  return result;
}

/**
 * confer_text_op_compose:
 * @self: the first operation
 * @next: the operation that applies after @self
 *
 * Composes two consecutive operations into one with the same effect, as
 * ot-text-unicode's `compose(op1, op2)`. Deleted text is kept where both
 * sides carry it.
 *
 * Returns: (transfer full): the composed operation
 */
ConferTextOp *
confer_text_op_compose (const ConferTextOp *self,
                        const ConferTextOp *next)
{
  ConferTextOp *result = confer_text_op_new ();
  OpReader reader = { self, 0, 0, 0 };
  ConferTextComponent piece;

  for (guint i = 0; i < next->n_components; i++)
    {
      ConferTextComponent c;
      gsize length, offset;

      confer_text_op_view (next, i, &c);
      switch (c.kind)
        {
        case CONFER_TEXT_SKIP:
          length = c.length;
          while (length > 0)
            {
              reader_take (&reader, length, CONFER_TEXT_DELETE, &piece);
              confer_text_op_append (result, &piece);
              if (piece.kind != CONFER_TEXT_DELETE)
                length -= piece.length;
            }
          break;

        case CONFER_TEXT_INSERT:
          confer_text_op_append (result, &c);
          break;

        case CONFER_TEXT_DELETE:
        default:
          /* Walk the text the delete removes: what @self skipped is deleted
           * (with the matching slice of the delete's text, if any), what
           * @self inserted simply never happened, and @self's own deletes
           * pass through. */
          offset = 0;
          while (offset < c.length)
            {
              reader_take (&reader, c.length - offset, CONFER_TEXT_DELETE, &piece);
              if (piece.kind == CONFER_TEXT_SKIP)
                {
                  ConferTextComponent deleted = { CONFER_TEXT_DELETE, piece.length, NULL, 0 };

                  if (c.text != NULL)
                    {
                      const char *end = g_utf8_offset_to_pointer (c.text, piece.length);

                      deleted.text = c.text;
                      deleted.n_bytes = end - c.text;
                      c.text = end;
                    }
                  confer_text_op_append (result, &deleted);
                  offset += piece.length;
                }
              else if (piece.kind == CONFER_TEXT_INSERT)
                {
                  if (c.text != NULL)
                    c.text = g_utf8_offset_to_pointer (c.text, piece.length);
                  offset += piece.length;
                }
              else
                confer_text_op_append (result, &piece);
            }
          break;
        }
    }

  while (reader_take (&reader, TAKE_ALL, -1, &piece))
    confer_text_op_append (result, &piece);

  confer_text_op_trim (result);
  return result;
}

/**
 * confer_text_op_transform_position:
 * @self: an operation
 * @pos: a cursor position in the document before @self, in code points
 *
 * Moves a cursor (or one end of a selection) through @self, as
 * ot-text-unicode's `transformPosition`: text inserted before the cursor
 * pushes it right, text inserted exactly at the cursor does not, and a
 * delete spanning the cursor pulls it to the delete's start.
 *
 * Returns: the position in the document after @self, in code points
 */
gsize
confer_text_op_transform_position (const ConferTextOp *self,
                                   gsize               pos)
{
  gsize cursor = 0;

  for (guint i = 0; i < self->n_components && pos > cursor; i++)
    {
      const ConferTextOpComponent *c = &self->components[i];

      switch (c->kind)
        {
        case CONFER_TEXT_SKIP:
          cursor += c->length;
          break;

        case CONFER_TEXT_INSERT:
          cursor += c->length;
          pos += c->length;
          break;

        case CONFER_TEXT_DELETE:
        default:
          pos -= MIN (c->length, pos - cursor);
          break;
        }
    }
  return pos;
}
