/* confer-buffer-binding.c: a GtkTextBuffer kept equal to a shared document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkTextIter offsets count Unicode code points, the unit of ot-text-unicode
 * operations, so buffer edits map one to one onto operations. Local edits
 * are read before GTK applies them (the document's text is then exactly the
 * buffer's); remote operations are applied through the buffer's own insert
 * and delete, so marks — the cursor, the selection — move with the text
 * the way GTK moves them for any edit.
 */
#define G_LOG_DOMAIN "confer-buffer-binding"

#include "config.h"

#include "confer-buffer-binding.h"

struct _ConferBufferBinding
{
  GObject          parent_instance;

  GtkTextBuffer   *buffer;
  ConferClientDoc *doc;
  gulong           insert_handler;
  gulong           delete_handler;
};

G_DEFINE_FINAL_TYPE (ConferBufferBinding, confer_buffer_binding, G_TYPE_OBJECT)

static void
block (ConferBufferBinding *self,
       gboolean             blocked)
{
  if (blocked)
    {
      g_signal_handler_block (self->buffer, self->insert_handler);
      g_signal_handler_block (self->buffer, self->delete_handler);
    }
  else
    {
      g_signal_handler_unblock (self->buffer, self->insert_handler);
      g_signal_handler_unblock (self->buffer, self->delete_handler);
    }
}

static void
load_text (ConferBufferBinding *self)
{
  g_autofree char *text = NULL;
  gsize n_bytes;

  if (!confer_client_doc_is_ready (self->doc))
    return;
  text = confer_rope_to_string (confer_client_doc_get_rope (self->doc), &n_bytes);
  block (self, TRUE);
  gtk_text_buffer_set_text (self->buffer, text, n_bytes);
  block (self, FALSE);
}

static void
submit (ConferBufferBinding *self,
        ConferTextOp        *op)
{
  g_autoptr(GError) error = NULL;

  if (!confer_client_doc_apply_local (self->doc, op, &error))
    g_warning ("A local edit did not fit the shared document: %s", error->message);
}

static void
insert_text_cb (GtkTextBuffer *buffer,
                GtkTextIter   *location,
                const char    *text,
                int            n_bytes,
                gpointer       data)
{
  g_autoptr(ConferTextOp) op = confer_text_op_new_insert (gtk_text_iter_get_offset (location), text, n_bytes);

  submit (data, op);
}

static void
delete_range_cb (GtkTextBuffer *buffer,
                 GtkTextIter   *start,
                 GtkTextIter   *end,
                 gpointer       data)
{
  int from = gtk_text_iter_get_offset (start);
  int to = gtk_text_iter_get_offset (end);
  g_autoptr(ConferTextOp) op = confer_text_op_new_delete (MIN (from, to), ABS (to - from));

  submit (data, op);
}

static void
remote_changed_cb (ConferClientDoc *doc,
                   ConferTextOp    *op,
                   const char      *author,
                   const char      *txn,
                   gpointer         data)
{
  ConferBufferBinding *self = data;
  int pos = 0;

  block (self, TRUE);
  for (guint i = 0; i < confer_text_op_get_n_components (op); i++)
    {
      ConferTextComponent c;
      GtkTextIter start, end;

      confer_text_op_get_component (op, i, &c);
      switch (c.kind)
        {
        case CONFER_TEXT_SKIP:
          pos += c.length;
          break;

        case CONFER_TEXT_INSERT:
          gtk_text_buffer_get_iter_at_offset (self->buffer, &start, pos);
          gtk_text_buffer_insert (self->buffer, &start, c.text, c.n_bytes);
          pos += c.length;
          break;

        case CONFER_TEXT_DELETE:
        default:
          gtk_text_buffer_get_iter_at_offset (self->buffer, &start, pos);
          gtk_text_buffer_get_iter_at_offset (self->buffer, &end, pos + c.length);
          gtk_text_buffer_delete (self->buffer, &start, &end);
          break;
        }
    }
  block (self, FALSE);
}

static void
confer_buffer_binding_dispose (GObject *object)
{
  ConferBufferBinding *self = (ConferBufferBinding *) object;

  if (self->buffer != NULL)
    {
      g_clear_signal_handler (&self->insert_handler, self->buffer);
      g_clear_signal_handler (&self->delete_handler, self->buffer);
    }
  if (self->doc != NULL)
    g_signal_handlers_disconnect_by_data (self->doc, self);
  g_clear_object (&self->buffer);
  g_clear_object (&self->doc);

  G_OBJECT_CLASS (confer_buffer_binding_parent_class)->dispose (object);
}

static void
confer_buffer_binding_class_init (ConferBufferBindingClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_buffer_binding_dispose;
}

static void
confer_buffer_binding_init (ConferBufferBinding *self)
{
}

/**
 * confer_buffer_binding_new:
 * @buffer: the buffer an editor shows
 * @doc: an open shared document
 *
 * Binds @buffer to @doc: the buffer takes the document's text when it
 * arrives, the user's edits in the buffer become operations, and other
 * participants' operations are applied to the buffer. Undo in the buffer is
 * not the per-user undo (that comes with the editor).
 *
 * Returns: (transfer full): the binding; dropping it unbinds
 */
ConferBufferBinding *
confer_buffer_binding_new (GtkTextBuffer   *buffer,
                           ConferClientDoc *doc)
{
  ConferBufferBinding *self = g_object_new (CONFER_TYPE_BUFFER_BINDING, NULL);

  self->buffer = g_object_ref (buffer);
  self->doc = g_object_ref (doc);
  self->insert_handler = g_signal_connect (buffer, "insert-text", G_CALLBACK (insert_text_cb), self);
  self->delete_handler = g_signal_connect (buffer, "delete-range", G_CALLBACK (delete_range_cb), self);
  g_signal_connect_swapped (doc, "ready", G_CALLBACK (load_text), self);
  g_signal_connect (doc, "changed", G_CALLBACK (remote_changed_cb), self);
  load_text (self);
  return self;
}

/**
 * confer_buffer_binding_get_buffer:
 * @self: a binding
 *
 * Returns: (transfer none): the buffer
 */
GtkTextBuffer *
confer_buffer_binding_get_buffer (ConferBufferBinding *self)
{
  return self->buffer;
}

/**
 * confer_buffer_binding_get_doc:
 * @self: a binding
 *
 * Returns: (transfer none): the document
 */
ConferClientDoc *
confer_buffer_binding_get_doc (ConferBufferBinding *self)
{
  return self->doc;
}
