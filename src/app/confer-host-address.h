/* confer-host-address.h: the names and addresses others may reach this
 * machine at, for the links of the sessions it hosts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     **confer_host_address_list     (void);
gboolean   confer_host_address_is_local (const char *host);

G_END_DECLS
