/* confer-client-json.h: a session and its events as lines of JSON, for
 * tools (confer-cli join)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-client.h"
#include "confer-client-doc.h"

G_BEGIN_DECLS

char *confer_client_session_to_json      (ConferClient      *client);
char *confer_client_state_to_json        (ConferClient      *client);
char *confer_participant_event_to_json   (const char        *event,
                                          ConferParticipant *participant);
char *confer_item_event_to_json          (const char        *event,
                                          ConferItem        *item);
char *confer_client_doc_snapshot_to_json (ConferClientDoc   *doc);
char *confer_client_doc_change_to_json   (ConferClientDoc   *doc,
                                          ConferTextOp      *op,
                                          const char        *author,
                                          const char        *txn);
char *confer_client_doc_presence_to_json (ConferClientDoc   *doc,
                                          const char        *participant,
                                          guint64            anchor,
                                          guint64            head);

G_END_DECLS
