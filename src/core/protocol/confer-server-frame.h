/* confer-server-frame.h: what a client checks of a server's message before
 * acting on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-message.h"

G_BEGIN_DECLS

gboolean confer_server_frame_check (ConferMessage  *message,
                                    GError        **error);

G_END_DECLS
