/* confer-client-private.h: what only the net layer (and protocol tests)
 * may do with a session: raw requests, routing answers to documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "confer-client.h"
#include "confer-client-board.h"
#include "confer-client-call.h"
#include "confer-client-chat.h"
#include "confer-client-doc.h"
#include "confer-connection-private.h"
#include "confer-timeout-private.h"

G_BEGIN_DECLS

void             confer_client_request_async   (ConferClient        *self,
                                                ConferMessage       *request,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
ConferMessage   *confer_client_request_finish  (ConferClient        *self,
                                                GAsyncResult        *result,
                                                GError             **error);
ConferMessage   *confer_client_request         (ConferClient        *self,
                                                ConferMessage       *request,
                                                guint                timeout_ms,
                                                GError             **error);
SoupSession     *confer_client_get_blob_session (ConferClient       *self);
void             confer_client_track_txn       (ConferClient        *self,
                                                const char          *txn,
                                                gpointer             item);
void             confer_client_untrack_txn     (ConferClient        *self,
                                                const char          *txn);
void             confer_client_forget_item     (ConferClient        *self,
                                                gpointer             item);

ConferClientBoard *confer_client_board_new     (ConferClient        *client,
                                                const char          *id);
void             confer_client_board_resume    (ConferClientBoard   *self);
void             confer_client_board_handle    (ConferClientBoard   *self,
                                                ConferMessage       *message);

ConferClientCall *confer_client_call_new      (ConferClient        *client);
void             confer_client_call_resume     (ConferClientCall    *self);
void             confer_client_call_connection_lost (ConferClientCall *self);
void             confer_client_call_handle     (ConferClientCall    *self,
                                                ConferMessage       *message);

ConferClientAnnotations *confer_client_annotations_new (ConferClient *client);
void             confer_client_annotations_handle (ConferClientAnnotations *self,
                                                ConferMessage       *message);
ConferClientChat *confer_client_chat_new      (ConferClient        *client);
void             confer_client_chat_resume     (ConferClientChat    *self);
void             confer_client_chat_handle     (ConferClientChat    *self,
                                                ConferMessage       *message);

ConferClientDoc *confer_client_doc_new         (ConferClient        *client,
                                                const char          *id);
void             confer_client_doc_resume      (ConferClientDoc     *self);
void             confer_client_doc_handle      (ConferClientDoc     *self,
                                                ConferMessage       *message);
void             confer_client_doc_save        (ConferClientDoc     *self);

G_END_DECLS
