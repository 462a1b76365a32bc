/* confer-connection-private.h: what only the net layer does with a
 * connection: frames in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-connection.h"

G_BEGIN_DECLS

void      confer_connection_set_peek         (ConferConnection *self);
char     *confer_connection_new_txn          (ConferConnection *self);
gboolean  confer_connection_send             (ConferConnection *self,
                                              ConferMessage    *message);
void      confer_connection_receive          (ConferConnection *self,
                                              GBytes           *frame);
void      confer_connection_protocol_failure (ConferConnection *self,
                                              const char       *why);

G_END_DECLS
