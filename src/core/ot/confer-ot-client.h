/* confer-ot-client.h: the client half of server-ordered text OT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "confer-text-op.h"

G_BEGIN_DECLS

/**
 * ConferOtClientState:
 * @CONFER_OT_CLIENT_SYNCHRONIZED: every local change has been acknowledged
 * @CONFER_OT_CLIENT_AWAITING_ACK: one operation is in flight
 * @CONFER_OT_CLIENT_AWAITING_WITH_BUFFER: one operation is in flight and
 *   later local changes wait, composed into one buffered operation
 *
 * The three states of the client (as in Jupiter, Google Wave and ot.js).
 */
typedef enum
{
  CONFER_OT_CLIENT_SYNCHRONIZED,
  CONFER_OT_CLIENT_AWAITING_ACK,
  CONFER_OT_CLIENT_AWAITING_WITH_BUFFER,
} ConferOtClientState;

#define CONFER_TYPE_OT_CLIENT (confer_ot_client_get_type ())

G_DECLARE_FINAL_TYPE (ConferOtClient, confer_ot_client, CONFER, OT_CLIENT, GObject)

ConferOtClient      *confer_ot_client_new                   (guint64          revision);
guint64              confer_ot_client_get_revision          (ConferOtClient  *self);
ConferOtClientState  confer_ot_client_get_state             (ConferOtClient  *self);
ConferTextOp        *confer_ot_client_get_inflight          (ConferOtClient  *self);
ConferTextOp        *confer_ot_client_get_buffer            (ConferOtClient  *self);
ConferTextOp        *confer_ot_client_apply_local           (ConferOtClient  *self,
                                                             ConferTextOp    *op);
ConferTextOp        *confer_ot_client_apply_ack             (ConferOtClient  *self,
                                                             guint64          revision);
ConferTextOp        *confer_ot_client_apply_remote          (ConferOtClient  *self,
                                                             ConferTextOp    *op);
gsize                confer_ot_client_transform_remote_position (ConferOtClient *self,
                                                                 gsize           pos);

G_END_DECLS
