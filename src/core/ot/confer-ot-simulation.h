/* confer-ot-simulation.h: clients and a server joined by in-process queues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "confer-ot-client.h"
#include "confer-ot-server.h"

G_BEGIN_DECLS

typedef struct _ConferOtSimulation ConferOtSimulation;

ConferOtSimulation *confer_ot_simulation_new               (guint                n_clients,
                                                            const char          *text,
                                                            guint32              seed);
void                confer_ot_simulation_free              (ConferOtSimulation  *self);
guint               confer_ot_simulation_get_n_clients     (ConferOtSimulation  *self);
gboolean            confer_ot_simulation_edit              (ConferOtSimulation  *self,
                                                            guint                client,
                                                            ConferTextOp        *op,
                                                            guint                tag,
                                                            GError             **error);
gboolean            confer_ot_simulation_deliver_to_server (ConferOtSimulation  *self,
                                                            guint                client,
                                                            GError             **error);
gboolean            confer_ot_simulation_deliver_to_client (ConferOtSimulation  *self,
                                                            guint                client,
                                                            ConferTextOp       **applied,
                                                            GError             **error);
gboolean            confer_ot_simulation_peek_to_client    (ConferOtSimulation  *self,
                                                            guint                client,
                                                            gboolean            *is_ack,
                                                            const GArray       **tags);
guint               confer_ot_simulation_get_n_to_server   (ConferOtSimulation  *self,
                                                            guint                client);
guint               confer_ot_simulation_get_n_to_client   (ConferOtSimulation  *self,
                                                            guint                client);
gboolean            confer_ot_simulation_step              (ConferOtSimulation  *self,
                                                            GError             **error);
gboolean            confer_ot_simulation_flush             (ConferOtSimulation  *self,
                                                            GError             **error);
ConferOtServer     *confer_ot_simulation_get_server        (ConferOtSimulation  *self);
ConferOtClient     *confer_ot_simulation_get_client        (ConferOtSimulation  *self,
                                                            guint                client);
ConferRope         *confer_ot_simulation_get_client_rope   (ConferOtSimulation  *self,
                                                            guint                client);
gsize               confer_ot_simulation_get_cursor        (ConferOtSimulation  *self,
                                                            guint                client);
void                confer_ot_simulation_set_cursor        (ConferOtSimulation  *self,
                                                            guint                client,
                                                            gsize                pos);
gboolean            confer_ot_simulation_is_converged      (ConferOtSimulation  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferOtSimulation, confer_ot_simulation_free)

G_END_DECLS
