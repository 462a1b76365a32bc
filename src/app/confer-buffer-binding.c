/* confer-buffer-binding.c: a GtkTextBuffer kept equal to a shared document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkTextIter offsets count Unicode code points, the unit of ot-text-unicode
 * operations, so buffer edits map one to one onto operations. Local edits
 * are read before GTK applies them; remote operations are applied through
 * the buffer's own insert and delete, so marks — the cursor, the
 * selection — move with the text the way GTK moves them for any edit.
 *
 * Remote operations reach the buffer once per main-loop pass, composed:
 * every frame the socket delivered in one read is one pass over the buffer
 * (each buffer edit costs accessibility events too). Until then the buffer
 * lags the document by `pending`; a local edit made meanwhile is in buffer
 * positions, so it is transformed past `pending` before it goes to the
 * document, and `pending` past it (the local edit goes first at a tie on
 * both sides, so both orders give one text).
 *
 * Undo is per user: the binding keeps a ConferUndoStack of the local
 * edits only (GTK's own undo history is off), transformed past every
 * remote operation, so undoing takes back this participant's changes and
 * leaves everyone else's.
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
  ConferUndoStack *undo;
  ConferTextOp    *pending;   /* remote changes not yet in the buffer, composed */
  guint            flush_source;
};

/* Edits closer together than this are one undo step, in ms (about the
 * pause between words when typing). */
#define UNDO_MERGE_INTERVAL_MS 500

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
notify_undo (ConferBufferBinding *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* A local edit, typed or pasted: it enters the undo history, then the
 * document. */
static void
submit (ConferBufferBinding *self,
        ConferTextOp        *buffer_op)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;

  /* From the buffer's positions to the document's. */
  if (self->pending != NULL)
    {
      ConferTextOp *moved = confer_text_op_transform (self->pending, buffer_op, CONFER_TEXT_RIGHT);

      op = confer_text_op_transform (buffer_op, self->pending, CONFER_TEXT_LEFT);
      confer_text_op_unref (self->pending);
      self->pending = moved;
    }
  else
    op = confer_text_op_ref (buffer_op);

  if (confer_client_doc_is_ready (self->doc) &&
      !confer_undo_stack_push_local (self->undo, op, confer_client_doc_get_rope (self->doc),
                                     g_get_monotonic_time (), &error))
    {
      g_warning ("A local edit could not enter the undo history: %s", error->message);
      g_clear_error (&error);
    }
  if (!confer_client_doc_apply_local (self->doc, op, &error))
    g_warning ("A local edit did not fit the shared document: %s", error->message);
  notify_undo (self);
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

/* Applies @op to the buffer without turning it back into an operation.
 * Returns the offset just after its last change. */
static int
apply_to_buffer (ConferBufferBinding *self,
                 const ConferTextOp  *op)
{
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
          {
            /* The component's text is a slice of the operation's, with no
             * NUL after it; GTK's accessibility code (AT-SPI's
             * text-inserted event) reads the inserted text as a C string,
             * so it gets a copy that ends. */
            g_autofree char *text = g_strndup (c.text, c.n_bytes);

            gtk_text_buffer_get_iter_at_offset (self->buffer, &start, pos);
            gtk_text_buffer_insert (self->buffer, &start, text, c.n_bytes);
            pos += c.length;
          }
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
  return pos;
}

static void
remote_changed_cb (ConferClientDoc *doc,
                   ConferTextOp    *op,
                   const char      *author,
                   const char      *txn,
                   gpointer         data)
{
  ConferBufferBinding *self = data;

  confer_undo_stack_transform_remote (self->undo, op);
  if (self->pending == NULL)
    self->pending = confer_text_op_ref (op);
  else
    {
      ConferTextOp *composed = confer_text_op_compose (self->pending, op);

      confer_text_op_unref (self->pending);
      self->pending = composed;
    }
}

/* The remote changes not yet in the buffer go in, as one operation. */
static void
flush_pending (ConferBufferBinding *self)
{
  g_autoptr(ConferTextOp) op = g_steal_pointer (&self->pending);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (op == NULL)
    return;
  apply_to_buffer (self, op);
  notify_undo (self);
}

static gboolean
flush_cb (gpointer data)
{
  ConferBufferBinding *self = data;

  self->flush_source = 0;
  flush_pending (self);
  return G_SOURCE_REMOVE;
}

/* After each server message: the buffer catches up in the next main-loop
 * pass (at the socket's priority, so never later than the next read),
 * with everything that arrived in this one. */
static void
batch_applied_cb (ConferClientDoc *doc,
                  gpointer         data)
{
  ConferBufferBinding *self = data;

  if (self->pending != NULL && self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb, self, NULL);
}

static void
reloaded_cb (ConferBufferBinding *self)
{
  /* New text from the server: the history no longer fits it. */
  confer_undo_stack_clear (self->undo);
  g_clear_pointer (&self->pending, confer_text_op_unref);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  load_text (self);
  notify_undo (self);
}

/* Applies an undo or redo step as a local edit and puts the cursor where
 * it changed the text. */
static gboolean
apply_step (ConferBufferBinding *self,
            gboolean             redo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;
  GtkTextIter at;
  int pos;

  if (!confer_client_doc_is_ready (self->doc))
    return FALSE;
  /* The step is in the document's positions: the buffer catches up first. */
  flush_pending (self);
  op = redo ? confer_undo_stack_redo (self->undo, confer_client_doc_get_rope (self->doc), &error)
            : confer_undo_stack_undo (self->undo, confer_client_doc_get_rope (self->doc), &error);
  if (op == NULL)
    {
      if (error != NULL)
        g_warning ("Could not %s: %s", redo ? "redo" : "undo", error->message);
      return FALSE;
    }
  pos = apply_to_buffer (self, op);
  if (!confer_client_doc_apply_local (self->doc, op, &error))
    g_warning ("An undo step did not fit the shared document: %s", error->message);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &at, pos);
  gtk_text_buffer_place_cursor (self->buffer, &at);
  notify_undo (self);
  return TRUE;
}

/**
 * confer_buffer_binding_undo:
 * @self: a binding
 *
 * Takes back this participant's latest change (a burst of typing is one
 * change), transformed past what others did since; others' changes stay.
 *
 * Returns: %TRUE if there was something to undo
 */
gboolean
confer_buffer_binding_undo (ConferBufferBinding *self)
{
  return apply_step (self, FALSE);
}

/**
 * confer_buffer_binding_redo:
 * @self: a binding
 *
 * Makes again the change the last undo took back.
 *
 * Returns: %TRUE if there was something to redo
 */
gboolean
confer_buffer_binding_redo (ConferBufferBinding *self)
{
  return apply_step (self, TRUE);
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
  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_pointer (&self->pending, confer_text_op_unref);
  g_clear_object (&self->buffer);
  g_clear_object (&self->doc);
  g_clear_object (&self->undo);
  g_clear_pointer (&self->pending, confer_text_op_unref);

  G_OBJECT_CLASS (confer_buffer_binding_parent_class)->dispose (object);
}

static void
confer_buffer_binding_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ConferBufferBinding *self = CONFER_BUFFER_BINDING (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->undo != NULL && confer_undo_stack_can_undo (self->undo));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->undo != NULL && confer_undo_stack_can_redo (self->undo));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_buffer_binding_class_init (ConferBufferBindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_buffer_binding_dispose;
  object_class->get_property = confer_buffer_binding_get_property;

  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_buffer_binding_init (ConferBufferBinding *self)
{
  self->undo = confer_undo_stack_new (UNDO_MERGE_INTERVAL_MS);
}

/**
 * confer_buffer_binding_new:
 * @buffer: the buffer an editor shows
 * @doc: an open shared document
 *
 * Binds @buffer to @doc: the buffer takes the document's text when it
 * arrives, the user's edits in the buffer become operations, and other
 * participants' operations are applied to the buffer. The buffer's own
 * undo is turned off: confer_buffer_binding_undo() takes its place.
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
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  self->insert_handler = g_signal_connect (buffer, "insert-text", G_CALLBACK (insert_text_cb), self);
  self->delete_handler = g_signal_connect (buffer, "delete-range", G_CALLBACK (delete_range_cb), self);
  g_signal_connect_swapped (doc, "ready", G_CALLBACK (reloaded_cb), self);
  g_signal_connect (doc, "changed", G_CALLBACK (remote_changed_cb), self);
  g_signal_connect (doc, "batch-applied", G_CALLBACK (batch_applied_cb), self);
  /* A participant's cursor is in the document's positions: the buffer
   * catches up before it is shown (this handler runs first, connected
   * before any view's). */
  g_signal_connect_swapped (doc, "presence", G_CALLBACK (flush_pending), self);
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
