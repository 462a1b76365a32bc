/* confer-test-server.h: a real conferd process, and raw WebSocket peers,
 * for the server tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"
#include "confer-net.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  guint        port;
  gboolean     insecure;
  char        *link;         /* the owner link printed at start */
  char        *fingerprint;
  guint        idle_timeout;  /* s, for --idle-timeout; 0 for conferd's default */
} ConferTestServer;

ConferTestServer *confer_test_server_start   (gboolean           insecure);
ConferTestServer *confer_test_server_start_idle (guint             idle_timeout);
void              confer_test_server_kill    (ConferTestServer  *self);
void              confer_test_server_restart (ConferTestServer  *self);
char             *confer_test_server_add_session (ConferTestServer *self);
void              confer_test_server_free    (ConferTestServer  *self);
void              confer_test_remove_dir     (const char        *path);
gsize             confer_test_rss_kib        (GPid               pid);

ConferClient     *confer_test_client_new     (const char        *link,
                                              const char        *name);
char             *confer_test_invite         (ConferClient      *owner,
                                              const char        *role,
                                              guint64            expires_in,
                                              guint64            uses,
                                              char             **invite_id);
ConferMessage    *confer_test_request        (ConferClient      *client,
                                              const char        *json,
                                              GError           **error);
char             *confer_test_create_doc     (ConferClient      *client,
                                              const char        *title);
void              confer_test_insert         (ConferClient      *client,
                                              const char        *doc_id,
                                              const char        *text);

/* A row of one of docs/protocol.md's bad-input tables. */
typedef struct
{
  const char *name;    /* the test's name, after `…/bad-input/` */
  const char *frame;   /* what is sent (each test file says what its @…@ stand
                        * for), or NULL where the test builds it */
  const char *code;    /* the error code the sender must get */
} ConferTestBadRow;

void              confer_test_add_bad_rows   (const char             *prefix,
                                              const ConferTestBadRow *rows,
                                              guint                   n_rows,
                                              GTestDataFunc           test);

typedef struct _ConferTestSocket ConferTestSocket;

ConferTestSocket *confer_test_socket_new     (ConferTestServer  *server);
void              confer_test_socket_send    (ConferTestSocket  *self,
                                              const char        *text);
void              confer_test_socket_send_binary (ConferTestSocket *self,
                                              const char        *data,
                                              gsize              n_bytes);
ConferMessage    *confer_test_socket_hello   (ConferTestSocket  *self,
                                              const char        *hello);
ConferMessage    *confer_test_socket_next    (ConferTestSocket  *self);
ConferTestSocket *confer_test_socket_join    (ConferTestServer  *server,
                                              const char        *session,
                                              const char        *name,
                                              const char        *invite,
                                              char             **participant_id);
ConferTestSocket *confer_test_socket_join_owner (ConferTestServer *server,
                                              char             **session_id,
                                              char             **owner_invite);
char            **confer_test_role_invites   (ConferTestSocket  *owner,
                                              const char *const *roles,
                                              guint              n_roles);
ConferMessage    *confer_test_socket_next_of (ConferTestSocket  *self,
                                              const char        *type);
void              confer_test_socket_send_printf (ConferTestSocket *self,
                                              const char        *format,
                                              ...) G_GNUC_PRINTF (2, 3);
void              confer_test_socket_expect_error (ConferTestSocket *self,
                                              const char        *code);
gboolean          confer_test_socket_is_open (ConferTestSocket  *self);
gushort           confer_test_socket_wait_closed (ConferTestSocket *self);
void              confer_test_socket_free    (ConferTestSocket  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferTestServer, confer_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferTestSocket, confer_test_socket_free)

G_END_DECLS
