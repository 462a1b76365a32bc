/* confer-link.h: confer:// invite links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ConferLink:
 * @host: host name or IP address (IPv6 without brackets)
 * @port: TCP port, 1–65535
 * @session: session id
 * @invite: (nullable): invite token
 * @fingerprint: (nullable): SHA-256 of the server certificate (DER), 64
 *   lowercase hex digits; %NULL for a plain-WebSocket link, which is only
 *   valid for a loopback host
 *
 * A parsed `confer://HOST:PORT/SESSION?invite=TOKEN&fp=FINGERPRINT` link.
 */
typedef struct
{
  char    *host;
  guint16  port;
  char    *session;
  char    *invite;
  char    *fingerprint;
} ConferLink;

/** CONFER_LINK_MAX_LENGTH: the longest link accepted, in bytes */
#define CONFER_LINK_MAX_LENGTH 1024

ConferLink *confer_link_parse        (const char       *text,
                                      GError          **error);
char       *confer_link_to_string    (const ConferLink *self);
char       *confer_link_get_ws_uri   (const ConferLink *self);
char       *confer_link_get_session_key (const ConferLink *self);
char       *confer_link_get_blob_uri (const ConferLink *self,
                                      const char       *name);
gboolean    confer_link_is_token     (const char       *text);
char       *confer_link_fingerprint_of (GTlsCertificate *certificate);
void        confer_link_free         (ConferLink       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferLink, confer_link_free)

G_END_DECLS
