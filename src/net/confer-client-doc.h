/* confer-client-doc.h: one open document of a client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-client.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CLIENT_DOC (confer_client_doc_get_type ())

G_DECLARE_FINAL_TYPE (ConferClientDoc, confer_client_doc, CONFER, CLIENT_DOC, GObject)

const char       *confer_client_doc_get_id           (ConferClientDoc  *self);
const char       *confer_client_doc_get_inflight_txn (ConferClientDoc *self);
gboolean          confer_client_doc_is_ready         (ConferClientDoc  *self);
const ConferRope *confer_client_doc_get_rope         (ConferClientDoc  *self);
guint64           confer_client_doc_get_revision     (ConferClientDoc  *self);
gboolean          confer_client_doc_is_synchronized  (ConferClientDoc  *self);
guint             confer_client_doc_get_n_unsent     (ConferClientDoc  *self);
gboolean          confer_client_doc_apply_local      (ConferClientDoc  *self,
                                                      ConferTextOp     *op,
                                                      GError          **error);
gboolean          confer_client_doc_wait             (ConferClientDoc  *self,
                                                      gboolean          synchronized,
                                                      guint             timeout_ms,
                                                      GError          **error);
void              confer_client_doc_set_cursor       (ConferClientDoc  *self,
                                                      gsize             anchor,
                                                      gsize             head);
void              confer_client_doc_close            (ConferClientDoc  *self);

GList            *confer_client_doc_get_presence     (ConferClientDoc  *self);
gboolean          confer_client_doc_get_selection    (ConferClientDoc  *self,
                                                      const char       *participant,
                                                      gsize            *anchor,
                                                      gsize            *head);

G_END_DECLS
