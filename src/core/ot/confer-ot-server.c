/* confer-ot-server.c: the server half of server-ordered text OT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server gives every committed operation the next revision number. An
 * operation a client based on an older revision is transformed past every
 * operation committed since, in order, and only then applied: the model of
 * Jupiter (Nichols et al., UIST 1995), Google Wave and ShareDB.
 */
#define G_LOG_DOMAIN "confer-ot-server"

#include "config.h"

#include "confer-core-error.h"
#include "confer-ot-server.h"

struct _ConferOtServer
{
  GObject     parent_instance;

  ConferRope *rope;
  GPtrArray  *log;             /* ConferTextOp, revision first_revision + 1 onwards */
  guint64     first_revision;  /* the revision before log[0] */
};

G_DEFINE_FINAL_TYPE (ConferOtServer, confer_ot_server, G_TYPE_OBJECT)

static void
confer_ot_server_finalize (GObject *object)
{
  ConferOtServer *self = (ConferOtServer *) object;

  g_clear_pointer (&self->rope, confer_rope_free);
  g_clear_pointer (&self->log, g_ptr_array_unref);

  G_OBJECT_CLASS (confer_ot_server_parent_class)->finalize (object);
}

static void
confer_ot_server_class_init (ConferOtServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_ot_server_finalize;
}

static void
confer_ot_server_init (ConferOtServer *self)
{
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_text_op_unref);
}

/**
 * confer_ot_transform_to_head:
 * @op: an operation based on some revision r
 * @committed: (array length=n_committed): the operations committed after
 *   r, in revision order
 * @n_committed: how many there are
 *
 * The server-side transform: rewrites @op to apply at the head. The
 * submitted operation takes the left side at ties, which is the side the
 * client's state machine gives its own pending operations, so both ends
 * order concurrent inserts at one position alike.
 *
 * Returns: (transfer full): the operation to apply at revision r +
 *   @n_committed
 */
ConferTextOp *
confer_ot_transform_to_head (ConferTextOp        *op,
                             ConferTextOp *const *committed,
                             guint                n_committed)
{
  ConferTextOp *result = confer_text_op_ref (op);

  for (guint i = 0; i < n_committed; i++)
    {
      ConferTextOp *next = confer_text_op_transform (result, committed[i], CONFER_TEXT_LEFT);

      confer_text_op_unref (result);
      result = next;
    }
  return result;
}

/**
 * confer_ot_server_new:
 * @text: the document text at @revision, UTF-8
 * @revision: the revision of @text
 * @error: return location for a #GError
 *
 * Creates the server state of one document, starting from a snapshot.
 *
 * Returns: (transfer full) (nullable): a new server document, or %NULL
 *   with %CONFER_CORE_ERROR_INVALID_UTF8 set
 */
ConferOtServer *
confer_ot_server_new (const char  *text,
                      guint64      revision,
                      GError     **error)
{
  ConferRope *rope = confer_rope_new_from_text (text, -1, error);
  ConferOtServer *self;

  if (rope == NULL)
    return NULL;

  self = g_object_new (CONFER_TYPE_OT_SERVER, NULL);
  self->rope = rope;
  self->first_revision = revision;
  return self;
}

/**
 * confer_ot_server_get_revision:
 * @self: a server document
 *
 * Returns: the head revision: how many operations were ever committed
 */
guint64
confer_ot_server_get_revision (ConferOtServer *self)
{
  g_return_val_if_fail (CONFER_IS_OT_SERVER (self), 0);

  return self->first_revision + self->log->len;
}

/**
 * confer_ot_server_get_first_revision:
 * @self: a server document
 *
 * Returns: the oldest revision operations can still be based on; older
 *   clients need a new snapshot
 */
guint64
confer_ot_server_get_first_revision (ConferOtServer *self)
{
  g_return_val_if_fail (CONFER_IS_OT_SERVER (self), 0);

  return self->first_revision;
}

/**
 * confer_ot_server_get_rope:
 * @self: a server document
 *
 * Returns: (transfer none): the text at the head revision
 */
const ConferRope *
confer_ot_server_get_rope (ConferOtServer *self)
{
  g_return_val_if_fail (CONFER_IS_OT_SERVER (self), NULL);

  return self->rope;
}

/**
 * confer_ot_server_get_op:
 * @self: a server document
 * @revision: a revision after confer_ot_server_get_first_revision(), at
 *   most the head
 *
 * Returns: (transfer none) (nullable): the operation that produced
 *   @revision, or %NULL if it is out of range
 */
ConferTextOp *
confer_ot_server_get_op (ConferOtServer *self,
                         guint64         revision)
{
  g_return_val_if_fail (CONFER_IS_OT_SERVER (self), NULL);

  if (revision <= self->first_revision || revision > confer_ot_server_get_revision (self))
    return NULL;
  return g_ptr_array_index (self->log, revision - self->first_revision - 1);
}

static gboolean
check_revision (ConferOtServer  *self,
                guint64          revision,
                GError         **error)
{
  guint64 head = confer_ot_server_get_revision (self);

  if (revision > head)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_REVISION,
                   "Revision %" G_GUINT64_FORMAT " is ahead of the document (at %"
                   G_GUINT64_FORMAT ")", revision, head);
      return FALSE;
    }
  if (revision < self->first_revision)
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_REVISION,
                   "Revision %" G_GUINT64_FORMAT " is older than the oldest kept (%"
                   G_GUINT64_FORMAT ")", revision, self->first_revision);
      return FALSE;
    }
  return TRUE;
}

/**
 * confer_ot_server_submit:
 * @self: a server document
 * @base_revision: the revision the client based @op on
 * @op: the client's operation
 * @error: return location for a #GError
 *
 * Transforms @op to the head (confer_ot_transform_to_head()), checks it
 * against the text, applies it and appends it to the log. On error nothing
 * changes.
 *
 * Returns: (transfer none) (nullable): the committed operation, whose
 *   revision is now confer_ot_server_get_revision(); or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_REVISION or an error of
 *   confer_text_op_check() set
 */
ConferTextOp *
confer_ot_server_submit (ConferOtServer  *self,
                         guint64          base_revision,
                         ConferTextOp    *op,
                         GError         **error)
{
  g_autoptr(ConferTextOp) head_op = NULL;
  guint start;

  g_return_val_if_fail (CONFER_IS_OT_SERVER (self), NULL);
  g_return_val_if_fail (op != NULL, NULL);

  if (!check_revision (self, base_revision, error))
    return NULL;

  start = base_revision - self->first_revision;
  head_op = confer_ot_transform_to_head (op, (ConferTextOp *const *) self->log->pdata + start,
                                         self->log->len - start);
  if (!confer_text_op_apply (head_op, self->rope, error))
    return NULL;

  g_ptr_array_add (self->log, g_steal_pointer (&head_op));
  return g_ptr_array_index (self->log, self->log->len - 1);
}

/**
 * confer_ot_server_transform_position:
 * @self: a server document
 * @revision: the revision @pos refers to
 * @pos: (inout): a cursor position in code points; on success, the same
 *   position at the head
 * @error: return location for a #GError
 *
 * Moves a participant's cursor from the revision they reported it at to
 * the head, so late joiners see where it is now.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_INVALID_REVISION
 *   or %CONFER_CORE_ERROR_INVALID_POSITION set
 */
gboolean
confer_ot_server_transform_position (ConferOtServer  *self,
                                     guint64          revision,
                                     gsize           *pos,
                                     GError         **error)
{
  gsize p = *pos;

  g_return_val_if_fail (CONFER_IS_OT_SERVER (self), FALSE);

  if (!check_revision (self, revision, error))
    return FALSE;
  for (guint i = revision - self->first_revision; i < self->log->len; i++)
    p = confer_text_op_transform_position (g_ptr_array_index (self->log, i), p);
  if (p > confer_rope_get_length (self->rope))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_POSITION,
                   "Position %" G_GSIZE_FORMAT " lies outside the document", *pos);
      return FALSE;
    }
  *pos = p;
  return TRUE;
}

/**
 * confer_ot_server_forget_before:
 * @self: a server document
 * @revision: a revision at most the head
 *
 * Drops the operations up to @revision from memory (after a snapshot);
 * operations based on older revisions are refused from then on.
 */
void
confer_ot_server_forget_before (ConferOtServer *self,
                                guint64         revision)
{
  g_return_if_fail (CONFER_IS_OT_SERVER (self));
  g_return_if_fail (revision <= confer_ot_server_get_revision (self));

  if (revision <= self->first_revision)
    return;
  g_ptr_array_remove_range (self->log, 0, revision - self->first_revision);
  self->first_revision = revision;
}
