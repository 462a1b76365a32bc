/* confer-server.h: the Confer session server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFER_TYPE_SERVER (confer_server_get_type ())

G_DECLARE_FINAL_TYPE (ConferServer, confer_server, CONFER, SERVER, GObject)

void          confer_server_raise_fd_limit   (void);
ConferServer *confer_server_new              (const char    *data_dir,
                                              gboolean       insecure);
gboolean      confer_server_start            (ConferServer  *self,
                                              const char    *address,
                                              guint          port,
                                              GError       **error);
void          confer_server_stop             (ConferServer  *self);
guint         confer_server_get_port         (ConferServer  *self);
void          confer_server_set_idle_timeout (ConferServer  *self,
                                              guint          seconds);
const char   *confer_server_get_fingerprint  (ConferServer  *self);
char         *confer_server_create_session   (ConferServer  *self,
                                              const char    *title,
                                              char         **owner_token,
                                              GError       **error);
char         *confer_server_make_link        (ConferServer  *self,
                                              const char    *host,
                                              const char    *session,
                                              const char    *invite);

G_END_DECLS
