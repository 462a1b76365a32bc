/* confer-text-op.h: ot-text-unicode operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "confer-rope.h"

G_BEGIN_DECLS

/**
 * ConferTextComponentKind:
 * @CONFER_TEXT_SKIP: keep that many code points of the document
 * @CONFER_TEXT_INSERT: insert the component's text
 * @CONFER_TEXT_DELETE: delete that many code points; the component may carry
 *   the deleted text, which makes it invertible
 *
 * The three kinds of component of an ot-text-unicode operation.
 */
typedef enum
{
  CONFER_TEXT_SKIP,
  CONFER_TEXT_INSERT,
  CONFER_TEXT_DELETE,
} ConferTextComponentKind;

/**
 * ConferTextSide:
 * @CONFER_TEXT_LEFT: at a tie (both operations insert at one position) the
 *   operation being transformed goes first
 * @CONFER_TEXT_RIGHT: at a tie it goes after the other operation's insert
 *
 * Tie-breaking for confer_text_op_transform(), as ot-text-unicode's `side`
 * argument (`'left'` / `'right'`).
 */
typedef enum
{
  CONFER_TEXT_LEFT,
  CONFER_TEXT_RIGHT,
} ConferTextSide;

/**
 * ConferTextComponent:
 * @kind: what the component does
 * @length: its length in code points (skipped, inserted or deleted)
 * @text: (nullable): the inserted text, or the deleted text of an
 *   invertible delete; not nul-terminated; %NULL for skips and count-only
 *   deletes
 * @n_bytes: length of @text in bytes
 *
 * A read-only view of one component, valid while the operation lives and
 * is not changed.
 */
typedef struct
{
  ConferTextComponentKind kind;
  gsize                   length;
  const char             *text;
  gsize                   n_bytes;
} ConferTextComponent;

typedef struct _ConferTextOp ConferTextOp;

#define CONFER_TYPE_TEXT_OP (confer_text_op_get_type ())

GType          confer_text_op_get_type          (void) G_GNUC_CONST;
ConferTextOp  *confer_text_op_new               (void);
ConferTextOp  *confer_text_op_new_insert        (gsize                 pos,
                                                 const char           *text,
                                                 gssize                n_bytes);
ConferTextOp  *confer_text_op_new_delete        (gsize                 pos,
                                                 gsize                 n_chars);
ConferTextOp  *confer_text_op_ref               (ConferTextOp         *self);
void           confer_text_op_unref             (ConferTextOp         *self);
ConferTextOp  *confer_text_op_copy              (const ConferTextOp   *self);

void           confer_text_op_skip              (ConferTextOp         *self,
                                                 gsize                 n_chars);
void           confer_text_op_insert            (ConferTextOp         *self,
                                                 const char           *text,
                                                 gsize                 n_bytes,
                                                 gsize                 n_chars);
void           confer_text_op_delete            (ConferTextOp         *self,
                                                 gsize                 n_chars);
void           confer_text_op_delete_text       (ConferTextOp         *self,
                                                 const char           *text,
                                                 gsize                 n_bytes,
                                                 gsize                 n_chars);
void           confer_text_op_append            (ConferTextOp         *self,
                                                 const ConferTextComponent *component);
void           confer_text_op_trim              (ConferTextOp         *self);

guint          confer_text_op_get_n_components  (const ConferTextOp   *self);
void           confer_text_op_get_component     (const ConferTextOp   *self,
                                                 guint                 index,
                                                 ConferTextComponent  *component);
gboolean       confer_text_op_is_noop           (const ConferTextOp   *self);
gboolean       confer_text_op_is_invertible     (const ConferTextOp   *self);
gsize          confer_text_op_get_base_length   (const ConferTextOp   *self);
gssize         confer_text_op_get_length_delta  (const ConferTextOp   *self);
gsize          confer_text_op_get_n_bytes       (const ConferTextOp   *self);
gboolean       confer_text_op_equal             (const ConferTextOp   *a,
                                                 const ConferTextOp   *b);

ConferTextOp  *confer_text_op_new_from_json     (JsonNode             *node,
                                                 GError              **error);
ConferTextOp  *confer_text_op_new_from_string   (const char           *json,
                                                 GError              **error);
JsonNode      *confer_text_op_to_json           (const ConferTextOp   *self);
char          *confer_text_op_to_string         (const ConferTextOp   *self);

gboolean       confer_text_op_check             (const ConferTextOp   *self,
                                                 const ConferRope     *rope,
                                                 GError              **error);
gboolean       confer_text_op_apply             (const ConferTextOp   *self,
                                                 ConferRope           *rope,
                                                 GError              **error);
ConferTextOp  *confer_text_op_make_invertible   (const ConferTextOp   *self,
                                                 const ConferRope     *rope,
                                                 GError              **error);
ConferTextOp  *confer_text_op_strip_invertible  (const ConferTextOp   *self);
ConferTextOp  *confer_text_op_invert            (const ConferTextOp   *self,
                                                 GError              **error);

ConferTextOp  *confer_text_op_transform         (const ConferTextOp   *self,
                                                 const ConferTextOp   *other,
                                                 ConferTextSide        side);
ConferTextOp  *confer_text_op_compose           (const ConferTextOp   *self,
                                                 const ConferTextOp   *next);
gsize          confer_text_op_transform_position (const ConferTextOp  *self,
                                                  gsize                pos);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferTextOp, confer_text_op_unref)

G_END_DECLS
