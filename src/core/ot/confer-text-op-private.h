/* confer-text-op-private.h: the layout of ConferTextOp, for its own files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-text-op.h"

G_BEGIN_DECLS

#define CONFER_TEXT_OP_INLINE_COMPONENTS 3
#define CONFER_TEXT_OP_INLINE_TEXT       32

/* One component; its text (if any) is op->text[offset, offset + n_bytes). */
typedef struct
{
  ConferTextComponentKind kind;
  gsize                   length;
  gsize                   offset;
  gsize                   n_bytes;
} ConferTextOpComponent;

/* Small operations (a keystroke) live in one allocation: the components and
 * text start in the inline arrays and move to the heap when they outgrow
 * them. The text of the last component is always at the end of the text
 * buffer, so merging into it is an append. */
struct _ConferTextOp
{
  gint                   ref_count;
  guint                  n_components;
  guint                  components_capacity;
  ConferTextOpComponent *components;
  char                  *text;
  gsize                  text_len;
  gsize                  text_capacity;
  ConferTextOpComponent  inline_components[CONFER_TEXT_OP_INLINE_COMPONENTS];
  char                   inline_text[CONFER_TEXT_OP_INLINE_TEXT];
};

static inline void
confer_text_op_view (const ConferTextOp    *self,
                     guint                  index,
                     ConferTextComponent   *out)
{
  const ConferTextOpComponent *c = &self->components[index];

  out->kind = c->kind;
  out->length = c->length;
  out->text = c->n_bytes > 0 ? self->text + c->offset : NULL;
  out->n_bytes = c->n_bytes;
}

G_END_DECLS
