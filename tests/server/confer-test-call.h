/* confer-test-call.h: a raw WebSocket peer in its session's call, for the
 * server tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-test-server.h"

G_BEGIN_DECLS

char *confer_test_socket_join_call      (ConferTestSocket *socket,
                                         gboolean          screen);
void  confer_test_socket_leave_call     (ConferTestSocket *socket);
void  confer_test_socket_assert_none_of (ConferTestSocket *socket,
                                         const char       *unwanted);
void  confer_test_socket_skip_to        (ConferTestSocket *socket,
                                         const char       *type);

G_END_DECLS
