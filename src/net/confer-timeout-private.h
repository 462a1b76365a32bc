/* confer-timeout-private.h: timeouts in the thread-default main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GSource *confer_timeout_add   (guint         interval_ms,
                               GSourceFunc   func,
                               gpointer      data);
void     confer_timeout_clear (GSource     **source);

G_END_DECLS
