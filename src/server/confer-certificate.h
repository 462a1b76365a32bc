/* confer-certificate.h: conferd's self-signed TLS certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GTlsCertificate *confer_certificate_load_or_create (const char       *dir,
                                                    const char       *common_name,
                                                    GError          **error);

G_END_DECLS
