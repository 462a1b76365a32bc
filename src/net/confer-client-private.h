/* confer-client-private.h: what the client's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-client.h"
#include "confer-client-doc.h"

G_BEGIN_DECLS

gboolean         confer_client_send            (ConferClient    *self,
                                                ConferMessage   *message);
char            *confer_client_new_txn         (ConferClient    *self);
void             confer_client_track_txn       (ConferClient    *self,
                                                const char      *txn,
                                                ConferClientDoc *doc);
void             confer_client_untrack_txn     (ConferClient    *self,
                                               const char      *txn);
void             confer_client_forget_doc      (ConferClient    *self,
                                                ConferClientDoc *doc);
GSource         *confer_client_add_timeout     (guint            interval_ms,
                                                GSourceFunc      func,
                                                gpointer         data);
void             confer_client_clear_timeout   (GSource        **source);
void             confer_client_protocol_failure (ConferClient   *self,
                                                const char      *why);
void             confer_client_receive         (ConferClient    *self,
                                                GBytes          *frame);

ConferClientDoc *confer_client_doc_new         (ConferClient    *client,
                                                const char      *id);
void             confer_client_doc_resume      (ConferClientDoc *self);
void             confer_client_doc_handle      (ConferClientDoc *self,
                                                ConferMessage   *message);
void             confer_client_doc_save        (ConferClientDoc *self);

G_END_DECLS
