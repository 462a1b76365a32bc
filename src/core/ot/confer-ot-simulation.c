/* confer-ot-simulation.c: clients and a server joined by in-process queues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deterministic stand-in for the network, after libinfinity's simulated
 * connection (InfSimulatedConnection): every client has one FIFO queue to
 * the server and one from it, and the caller (or a seeded random source)
 * decides which queue delivers next. The server and client logic are the
 * real ones, so any delivery order the network could produce can be
 * replayed exactly.
 */
#define G_LOG_DOMAIN "confer-ot-simulation"

#include "config.h"

#include "confer-core-error.h"
#include "confer-ot-simulation.h"

typedef struct
{
  gboolean      is_ack;
  guint64       revision;   /* base revision (to server), commit revision (to client) */
  ConferTextOp *op;         /* NULL for acks */
  GArray       *tags;       /* guint: the caller's tags of the edits in op */
} Message;

typedef struct
{
  ConferOtClient *client;
  ConferRope     *rope;
  gsize           cursor;
  GQueue          to_server;
  GQueue          to_client;
  GArray         *inflight_tags;
  GArray         *buffer_tags;
} SimClient;

struct _ConferOtSimulation
{
  ConferOtServer *server;
  SimClient      *clients;
  guint           n_clients;
  GRand          *rand;
};

static void
message_free (Message *message)
{
  g_clear_pointer (&message->op, confer_text_op_unref);
  g_clear_pointer (&message->tags, g_array_unref);
  g_free (message);
}

static Message *
message_new (gboolean      is_ack,
             guint64       revision,
             ConferTextOp *op,
             GArray       *tags)
{
  Message *message = g_new0 (Message, 1);

  message->is_ack = is_ack;
  message->revision = revision;
  message->op = op != NULL ? confer_text_op_ref (op) : NULL;
  message->tags = g_array_copy (tags);
  return message;
}

static GArray *
tags_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * confer_ot_simulation_new:
 * @n_clients: how many clients, at least 1
 * @text: the document's initial text (valid UTF-8), at revision 0
 * @seed: seed of the random source that confer_ot_simulation_step() uses
 *
 * Creates a server holding @text and @n_clients synchronised clients, each
 * with its own copy of the text and its cursor at 0.
 *
 * Returns: (transfer full): a new simulation
 */
ConferOtSimulation *
confer_ot_simulation_new (guint       n_clients,
                          const char *text,
                          guint32     seed)
{
  ConferOtSimulation *self;

  g_return_val_if_fail (n_clients >= 1, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  self = g_new0 (ConferOtSimulation, 1);
  self->server = confer_ot_server_new (text, 0, NULL);
  self->n_clients = n_clients;
  self->clients = g_new0 (SimClient, n_clients);
  self->rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < n_clients; i++)
    {
      SimClient *c = &self->clients[i];

      c->client = confer_ot_client_new (0);
      c->rope = confer_rope_new_from_text (text, -1, NULL);
      c->inflight_tags = tags_new ();
      c->buffer_tags = tags_new ();
      g_queue_init (&c->to_server);
      g_queue_init (&c->to_client);
    }
  return self;
}

/**
 * confer_ot_simulation_free:
 * @self: (transfer full): a simulation
 *
 * Frees the simulation, its server, clients and undelivered messages.
 */
void
confer_ot_simulation_free (ConferOtSimulation *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_clients; i++)
    {
      SimClient *c = &self->clients[i];

      g_object_unref (c->client);
      confer_rope_free (c->rope);
      g_array_unref (c->inflight_tags);
      g_array_unref (c->buffer_tags);
      g_queue_clear_full (&c->to_server, (GDestroyNotify) message_free);
      g_queue_clear_full (&c->to_client, (GDestroyNotify) message_free);
    }
  g_free (self->clients);
  g_object_unref (self->server);
  g_rand_free (self->rand);
  g_free (self);
}

/**
 * confer_ot_simulation_get_n_clients:
 * @self: a simulation
 *
 * Returns: the number of clients
 */
guint
confer_ot_simulation_get_n_clients (ConferOtSimulation *self)
{
  return self->n_clients;
}

static void
client_send (SimClient    *c,
             ConferTextOp *op)
{
  g_queue_push_tail (&c->to_server,
                     message_new (FALSE, confer_ot_client_get_revision (c->client), op,
                                  c->inflight_tags));
}

/**
 * confer_ot_simulation_edit:
 * @self: a simulation
 * @client: a client index
 * @op: an operation on the client's current text
 * @tag: any number the caller wants to follow the edit by; it travels with
 *   the operation to the server and to the other clients
 * @error: return location for a #GError
 *
 * Makes a local edit, as a user typing: @op is applied to the client's text,
 * the client's cursor moves through it, and the client state machine sends
 * it (queued to the server) or buffers it.
 *
 * Returns: %TRUE on success; %FALSE with the error of
 *   confer_text_op_apply() if @op does not fit the client's text
 */
gboolean
confer_ot_simulation_edit (ConferOtSimulation  *self,
                           guint                client,
                           ConferTextOp        *op,
                           guint                tag,
                           GError             **error)
{
  SimClient *c;
  g_autoptr(ConferTextOp) to_send = NULL;

  g_return_val_if_fail (client < self->n_clients, FALSE);

  c = &self->clients[client];
  if (!confer_text_op_apply (op, c->rope, error))
    return FALSE;
  c->cursor = confer_text_op_transform_position (op, c->cursor);

  if (confer_ot_client_get_state (c->client) == CONFER_OT_CLIENT_SYNCHRONIZED)
    g_array_append_val (c->inflight_tags, tag);
  else
    g_array_append_val (c->buffer_tags, tag);

  to_send = confer_ot_client_apply_local (c->client, op);
  if (to_send != NULL)
    client_send (c, to_send);
  return TRUE;
}

/**
 * confer_ot_simulation_deliver_to_server:
 * @self: a simulation
 * @client: a client index whose queue to the server is not empty
 * @error: return location for a #GError
 *
 * Delivers the oldest operation from @client to the server, which commits
 * it and queues an ack to @client and the committed operation to every
 * other client.
 *
 * Returns: %TRUE on success; %FALSE with the server's error (which means
 *   the OT logic is broken)
 */
gboolean
confer_ot_simulation_deliver_to_server (ConferOtSimulation  *self,
                                        guint                client,
                                        GError             **error)
{
  Message *message;
  ConferTextOp *committed;
  guint64 revision;

  g_return_val_if_fail (client < self->n_clients, FALSE);

  message = g_queue_pop_head (&self->clients[client].to_server);
  g_return_val_if_fail (message != NULL, FALSE);

  committed = confer_ot_server_submit (self->server, message->revision, message->op, error);
  if (committed == NULL)
    {
      message_free (message);
      return FALSE;
    }

  revision = confer_ot_server_get_revision (self->server);
  for (guint i = 0; i < self->n_clients; i++)
    g_queue_push_tail (&self->clients[i].to_client,
                       message_new (i == client, revision, i == client ? NULL : committed,
                                    message->tags));
  message_free (message);
  return TRUE;
}

/**
 * confer_ot_simulation_deliver_to_client:
 * @self: a simulation
 * @client: a client index whose queue from the server is not empty
 * @applied: (out) (optional) (transfer full) (nullable): where to store the
 *   operation applied to the client's text (%NULL for an ack)
 * @error: return location for a #GError
 *
 * Delivers the oldest message from the server to @client: an ack (which
 * may release the buffered operation to the server) or a remote operation
 * (transformed by the client state machine and applied to the client's
 * text, moving its cursor).
 *
 * Returns: %TRUE on success; %FALSE with the error of confer_text_op_apply()
 *   (which means the OT logic is broken)
 */
gboolean
confer_ot_simulation_deliver_to_client (ConferOtSimulation  *self,
                                        guint                client,
                                        ConferTextOp       **applied,
                                        GError             **error)
{
  g_autoptr(ConferTextOp) op = NULL;
  SimClient *c;
  Message *message;
  gboolean ok = TRUE;

  g_return_val_if_fail (client < self->n_clients, FALSE);

  if (applied != NULL)
    *applied = NULL;
  c = &self->clients[client];
  message = g_queue_pop_head (&c->to_client);
  g_return_val_if_fail (message != NULL, FALSE);

  if (message->is_ack)
    {
      op = confer_ot_client_apply_ack (c->client, message->revision);
      g_array_set_size (c->inflight_tags, 0);
      g_array_append_vals (c->inflight_tags, c->buffer_tags->data, c->buffer_tags->len);
      g_array_set_size (c->buffer_tags, 0);
      if (op != NULL)
        client_send (c, op);
    }
  else
    {
      op = confer_ot_client_apply_remote (c->client, message->op);
      ok = confer_text_op_apply (op, c->rope, error);
      c->cursor = confer_text_op_transform_position (op, c->cursor);
      if (ok && applied != NULL)
        *applied = g_steal_pointer (&op);
    }
  message_free (message);
  return ok;
}

/**
 * confer_ot_simulation_peek_to_client:
 * @self: a simulation
 * @client: a client index
 * @is_ack: (out) (optional): whether the next message is an ack
 * @tags: (out) (optional) (transfer none): the tags of the edits the next
 *   message carries (or acknowledges)
 *
 * Looks at the next message from the server to @client without delivering
 * it, so a caller can gate delivery.
 *
 * Returns: %TRUE if there is a message
 */
gboolean
confer_ot_simulation_peek_to_client (ConferOtSimulation  *self,
                                     guint                client,
                                     gboolean            *is_ack,
                                     const GArray       **tags)
{
  Message *message;

  g_return_val_if_fail (client < self->n_clients, FALSE);

  message = g_queue_peek_head (&self->clients[client].to_client);
  if (message == NULL)
    return FALSE;
  if (is_ack != NULL)
    *is_ack = message->is_ack;
  if (tags != NULL)
    *tags = message->tags;
  return TRUE;
}

/**
 * confer_ot_simulation_get_n_to_server:
 * @self: a simulation
 * @client: a client index
 *
 * Returns: how many messages wait in @client's queue to the server
 */
guint
confer_ot_simulation_get_n_to_server (ConferOtSimulation *self,
                                      guint               client)
{
  g_return_val_if_fail (client < self->n_clients, 0);

  return self->clients[client].to_server.length;
}

/**
 * confer_ot_simulation_get_n_to_client:
 * @self: a simulation
 * @client: a client index
 *
 * Returns: how many messages wait in the server's queue to @client
 */
guint
confer_ot_simulation_get_n_to_client (ConferOtSimulation *self,
                                      guint               client)
{
  g_return_val_if_fail (client < self->n_clients, 0);

  return self->clients[client].to_client.length;
}

/**
 * confer_ot_simulation_step:
 * @self: a simulation
 * @error: return location for a #GError
 *
 * Delivers one message from a queue chosen by the seeded random source
 * among the non-empty ones; does nothing if all are empty.
 *
 * Returns: %TRUE on success; %FALSE with the error of the delivery
 */
gboolean
confer_ot_simulation_step (ConferOtSimulation  *self,
                           GError             **error)
{
  guint n_busy = 0, pick;

  for (guint i = 0; i < self->n_clients; i++)
    n_busy += (self->clients[i].to_server.length > 0) + (self->clients[i].to_client.length > 0);
  if (n_busy == 0)
    return TRUE;

  pick = g_rand_int_range (self->rand, 0, n_busy);
  for (guint i = 0; i < self->n_clients; i++)
    {
      if (self->clients[i].to_server.length > 0 && pick-- == 0)
        return confer_ot_simulation_deliver_to_server (self, i, error);
      if (self->clients[i].to_client.length > 0 && pick-- == 0)
        return confer_ot_simulation_deliver_to_client (self, i, NULL, error);
    }
  g_assert_not_reached ();
}

/**
 * confer_ot_simulation_flush:
 * @self: a simulation
 * @error: return location for a #GError
 *
 * Delivers messages in random order until every queue is empty.
 *
 * Returns: %TRUE on success; %FALSE with the error of a delivery
 */
gboolean
confer_ot_simulation_flush (ConferOtSimulation  *self,
                            GError             **error)
{
  for (;;)
    {
      gboolean busy = FALSE;

      for (guint i = 0; i < self->n_clients && !busy; i++)
        busy = self->clients[i].to_server.length > 0 || self->clients[i].to_client.length > 0;
      if (!busy)
        return TRUE;
      if (!confer_ot_simulation_step (self, error))
        return FALSE;
    }
}

/**
 * confer_ot_simulation_get_server:
 * @self: a simulation
 *
 * Returns: (transfer none): the server's document
 */
ConferOtServer *
confer_ot_simulation_get_server (ConferOtSimulation *self)
{
  return self->server;
}

/**
 * confer_ot_simulation_get_client:
 * @self: a simulation
 * @client: a client index
 *
 * Returns: (transfer none): the client's state machine
 */
ConferOtClient *
confer_ot_simulation_get_client (ConferOtSimulation *self,
                                 guint               client)
{
  g_return_val_if_fail (client < self->n_clients, NULL);

  return self->clients[client].client;
}

/**
 * confer_ot_simulation_get_client_rope:
 * @self: a simulation
 * @client: a client index
 *
 * Returns: (transfer none): the client's copy of the text
 */
ConferRope *
confer_ot_simulation_get_client_rope (ConferOtSimulation *self,
                                      guint               client)
{
  g_return_val_if_fail (client < self->n_clients, NULL);

  return self->clients[client].rope;
}

/**
 * confer_ot_simulation_get_cursor:
 * @self: a simulation
 * @client: a client index
 *
 * Returns: the client's cursor, in code points of its text
 */
gsize
confer_ot_simulation_get_cursor (ConferOtSimulation *self,
                                 guint               client)
{
  g_return_val_if_fail (client < self->n_clients, 0);

  return self->clients[client].cursor;
}

/**
 * confer_ot_simulation_set_cursor:
 * @self: a simulation
 * @client: a client index
 * @pos: a position in code points, at most the client text's length
 *
 * Places the client's cursor, as a user clicking in the text.
 */
void
confer_ot_simulation_set_cursor (ConferOtSimulation *self,
                                 guint               client,
                                 gsize               pos)
{
  g_return_if_fail (client < self->n_clients);
  g_return_if_fail (pos <= confer_rope_get_length (self->clients[client].rope));

  self->clients[client].cursor = pos;
}

/**
 * confer_ot_simulation_is_converged:
 * @self: a simulation
 *
 * Returns: %TRUE if every queue is empty, every client is synchronised at
 *   the server's revision, and every client's text equals the server's
 */
gboolean
confer_ot_simulation_is_converged (ConferOtSimulation *self)
{
  g_autofree char *server_text = confer_rope_to_string (confer_ot_server_get_rope (self->server), NULL);
  guint64 revision = confer_ot_server_get_revision (self->server);

  for (guint i = 0; i < self->n_clients; i++)
    {
      SimClient *c = &self->clients[i];
      g_autofree char *text = NULL;

      if (c->to_server.length > 0 || c->to_client.length > 0 ||
          confer_ot_client_get_state (c->client) != CONFER_OT_CLIENT_SYNCHRONIZED ||
          confer_ot_client_get_revision (c->client) != revision)
        return FALSE;
      text = confer_rope_to_string (c->rope, NULL);
      if (g_strcmp0 (text, server_text) != 0)
        return FALSE;
    }
  return TRUE;
}
