/* confer-connection.h: the WebSocket to a Confer server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-core.h"

G_BEGIN_DECLS

/**
 * ConferConnectionState:
 * @CONFER_CONNECTION_CONNECTING: the first connection is being made
 * @CONFER_CONNECTION_ONLINE: welcomed into the session
 * @CONFER_CONNECTION_RECONNECTING: the connection dropped; trying again
 *   with back-off
 * @CONFER_CONNECTION_OFFLINE: disconnected on purpose; no retries
 * @CONFER_CONNECTION_REFUSED: the server or the link was refused for good;
 *   confer_connection_get_refusal() says why
 *
 * What a connection is doing, for the app to display.
 */
typedef enum
{
  CONFER_CONNECTION_CONNECTING,
  CONFER_CONNECTION_ONLINE,
  CONFER_CONNECTION_RECONNECTING,
  CONFER_CONNECTION_OFFLINE,
  CONFER_CONNECTION_REFUSED,
} ConferConnectionState;

#define CONFER_TYPE_CONNECTION (confer_connection_get_type ())

G_DECLARE_FINAL_TYPE (ConferConnection, confer_connection, CONFER, CONNECTION, GObject)

ConferConnection      *confer_connection_new              (const ConferLink  *link,
                                                           const char        *name);
gboolean               confer_connection_set_colour       (ConferConnection  *self,
                                                           const char        *colour);
void                   confer_connection_set_token        (ConferConnection  *self,
                                                           const char        *token);
const char            *confer_connection_get_token        (ConferConnection  *self);
const ConferLink      *confer_connection_get_link         (ConferConnection  *self);
void                   confer_connection_connect          (ConferConnection  *self);
void                   confer_connection_disconnect       (ConferConnection  *self);
void                   confer_connection_drop             (ConferConnection  *self);
ConferConnectionState  confer_connection_get_state        (ConferConnection  *self);
gboolean               confer_connection_is_welcomed      (ConferConnection  *self);
const char            *confer_connection_get_refusal      (ConferConnection  *self);
const char            *confer_connection_get_refusal_code (ConferConnection  *self);

G_END_DECLS
