/* confer-ot-client.c: the client half of server-ordered text OT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The three-state client of the Jupiter collaboration system (Nichols et
 * al., UIST 1995) as Google Wave and ShareDB use it: at most one operation
 * in flight, later local changes composed into a buffer, remote operations
 * transformed against both before they reach the editor.
 */
#define G_LOG_DOMAIN "confer-ot-client"

#include "config.h"

#include "confer-ot-client.h"

struct _ConferOtClient
{
  GObject       parent_instance;

  guint64       revision;
  ConferTextOp *inflight;
  ConferTextOp *buffer;
};

enum {
  PROP_0,
  PROP_REVISION,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferOtClient, confer_ot_client, G_TYPE_OBJECT)

static void
confer_ot_client_finalize (GObject *object)
{
  ConferOtClient *self = (ConferOtClient *) object;

  g_clear_pointer (&self->inflight, confer_text_op_unref);
  g_clear_pointer (&self->buffer, confer_text_op_unref);

  G_OBJECT_CLASS (confer_ot_client_parent_class)->finalize (object);
}

static void
confer_ot_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConferOtClient *self = CONFER_OT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REVISION:
      g_value_set_uint64 (value, self->revision);
      break;

    case PROP_STATE:
      g_value_set_int (value, confer_ot_client_get_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_ot_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ConferOtClient *self = CONFER_OT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REVISION:
      self->revision = g_value_get_uint64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_ot_client_class_init (ConferOtClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confer_ot_client_finalize;
  object_class->get_property = confer_ot_client_get_property;
  object_class->set_property = confer_ot_client_set_property;

  /**
   * ConferOtClient:revision:
   *
   * The number of server operations this client has incorporated: the base
   * revision of the next operation it sends.
   */
  properties[PROP_REVISION] =
    g_param_spec_uint64 ("revision", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConferOtClient:state:
   *
   * The #ConferOtClientState, as an integer.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CONFER_OT_CLIENT_SYNCHRONIZED, CONFER_OT_CLIENT_AWAITING_WITH_BUFFER,
                      CONFER_OT_CLIENT_SYNCHRONIZED,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_ot_client_init (ConferOtClient *self)
{
}

/**
 * confer_ot_client_new:
 * @revision: the server revision of the document text the client starts
 *   from (the revision of its snapshot)
 *
 * Creates a synchronised client.
 *
 * Returns: (transfer full): a new client
 */
ConferOtClient *
confer_ot_client_new (guint64 revision)
{
  return g_object_new (CONFER_TYPE_OT_CLIENT, "revision", revision, NULL);
}

/**
 * confer_ot_client_get_revision:
 * @self: a client
 *
 * Returns: the base revision for the next operation sent: how many server
 *   operations the client has incorporated
 */
guint64
confer_ot_client_get_revision (ConferOtClient *self)
{
  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), 0);

  return self->revision;
}

/**
 * confer_ot_client_get_state:
 * @self: a client
 *
 * Returns: which of the three states the client is in
 */
ConferOtClientState
confer_ot_client_get_state (ConferOtClient *self)
{
  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), CONFER_OT_CLIENT_SYNCHRONIZED);

  if (self->inflight == NULL)
    return CONFER_OT_CLIENT_SYNCHRONIZED;
  return self->buffer == NULL ? CONFER_OT_CLIENT_AWAITING_ACK
                              : CONFER_OT_CLIENT_AWAITING_WITH_BUFFER;
}

/**
 * confer_ot_client_get_inflight:
 * @self: a client
 *
 * The operation sent and not yet acknowledged; after a reconnect it is
 * sent again, unchanged, with its original transaction id.
 *
 * Returns: (transfer none) (nullable): the in-flight operation
 */
ConferTextOp *
confer_ot_client_get_inflight (ConferOtClient *self)
{
  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), NULL);

  return self->inflight;
}

/**
 * confer_ot_client_get_buffer:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): the local changes made since the
 *   in-flight operation was sent, composed into one operation
 */
ConferTextOp *
confer_ot_client_get_buffer (ConferOtClient *self)
{
  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), NULL);

  return self->buffer;
}

/**
 * confer_ot_client_apply_local:
 * @self: a client
 * @op: an operation the user made, already applied to the local document
 *
 * Records a local change. If nothing is in flight, @op becomes the
 * in-flight operation and the caller must send it at
 * confer_ot_client_get_revision(); otherwise it is composed into the
 * buffer.
 *
 * Returns: (transfer full) (nullable): the operation to send now, or %NULL
 */
ConferTextOp *
confer_ot_client_apply_local (ConferOtClient *self,
                              ConferTextOp   *op)
{
  ConferOtClientState before;

  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), NULL);
  g_return_val_if_fail (op != NULL, NULL);

  if (confer_text_op_is_noop (op))
    return NULL;

  before = confer_ot_client_get_state (self);
  if (self->inflight == NULL)
    {
      self->inflight = confer_text_op_ref (op);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      return confer_text_op_ref (op);
    }

  if (self->buffer == NULL)
    self->buffer = confer_text_op_ref (op);
  else
    {
      ConferTextOp *composed = confer_text_op_compose (self->buffer, op);

      confer_text_op_unref (self->buffer);
      self->buffer = composed;
    }
  if (before != confer_ot_client_get_state (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  return NULL;
}

/**
 * confer_ot_client_apply_ack:
 * @self: a client with an operation in flight
 * @revision: the revision the server gave the operation (the document's
 *   revision after it)
 *
 * Records that the server committed the in-flight operation. The buffer,
 * if any, becomes the new in-flight operation and must be sent.
 *
 * Returns: (transfer full) (nullable): the operation to send now, or %NULL
 */
ConferTextOp *
confer_ot_client_apply_ack (ConferOtClient *self,
                            guint64         revision)
{
  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), NULL);
  g_return_val_if_fail (self->inflight != NULL, NULL);

  g_clear_pointer (&self->inflight, confer_text_op_unref);
  self->inflight = g_steal_pointer (&self->buffer);
  self->revision = revision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  return self->inflight != NULL ? confer_text_op_ref (self->inflight) : NULL;
}

/**
 * confer_ot_client_apply_remote:
 * @self: a client
 * @op: an operation another participant made, as the server committed it
 *   (based on confer_ot_client_get_revision())
 *
 * Incorporates a remote operation: the in-flight and buffered operations
 * are transformed past it (they win ties: the server will order them after
 * @op, transforming them with the same rule), and @op is transformed past
 * them into an operation the local document can apply.
 *
 * Returns: (transfer full): the operation to apply to the local document
 */
ConferTextOp *
confer_ot_client_apply_remote (ConferOtClient *self,
                               ConferTextOp   *op)
{
  g_autoptr(ConferTextOp) remote = NULL;

  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), NULL);
  g_return_val_if_fail (op != NULL, NULL);

  remote = confer_text_op_ref (op);
  for (ConferTextOp **pending = &self->inflight; pending != NULL;
       pending = pending == &self->inflight ? &self->buffer : NULL)
    {
      ConferTextOp *local = *pending;
      ConferTextOp *local_t, *remote_t;

      if (local == NULL)
        break;
      local_t = confer_text_op_transform (local, remote, CONFER_TEXT_LEFT);
      remote_t = confer_text_op_transform (remote, local, CONFER_TEXT_RIGHT);
      confer_text_op_unref (local);
      *pending = local_t;
      confer_text_op_unref (remote);
      remote = remote_t;
    }

  self->revision++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  return g_steal_pointer (&remote);
}

/**
 * confer_ot_client_transform_remote_position:
 * @self: a client
 * @pos: a position in the server's document at confer_ot_client_get_revision()
 *   (a remote participant's cursor), in code points
 *
 * Maps a position from the server's document into the local one, through
 * the in-flight and buffered operations.
 *
 * Returns: the position in the local document, in code points
 */
gsize
confer_ot_client_transform_remote_position (ConferOtClient *self,
                                            gsize           pos)
{
  g_return_val_if_fail (CONFER_IS_OT_CLIENT (self), pos);

  if (self->inflight != NULL)
    pos = confer_text_op_transform_position (self->inflight, pos);
  if (self->buffer != NULL)
    pos = confer_text_op_transform_position (self->buffer, pos);
  return pos;
}
