/* confer-ot-server.h: the server half of server-ordered text OT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "confer-rope.h"
#include "confer-text-op.h"

G_BEGIN_DECLS

#define CONFER_TYPE_OT_SERVER (confer_ot_server_get_type ())

G_DECLARE_FINAL_TYPE (ConferOtServer, confer_ot_server, CONFER, OT_SERVER, GObject)

ConferTextOp     *confer_ot_transform_to_head          (ConferTextOp        *op,
                                                        ConferTextOp *const *committed,
                                                        guint                n_committed);

ConferOtServer   *confer_ot_server_new                 (const char          *text,
                                                        guint64              revision,
                                                        GError             **error);
guint64           confer_ot_server_get_revision        (ConferOtServer      *self);
guint64           confer_ot_server_get_first_revision  (ConferOtServer      *self);
const ConferRope *confer_ot_server_get_rope            (ConferOtServer      *self);
ConferTextOp     *confer_ot_server_get_op              (ConferOtServer      *self,
                                                        guint64              revision);
ConferTextOp     *confer_ot_server_submit              (ConferOtServer      *self,
                                                        guint64              base_revision,
                                                        ConferTextOp        *op,
                                                        GError             **error);
gboolean          confer_ot_server_transform_position  (ConferOtServer      *self,
                                                        guint64              revision,
                                                        gsize               *pos,
                                                        GError             **error);
void              confer_ot_server_forget_before       (ConferOtServer      *self,
                                                        guint64              revision);

G_END_DECLS
