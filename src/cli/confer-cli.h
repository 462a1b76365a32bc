/* confer-cli.h: the subcommands of confer-cli and what they share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"
#include "confer-net.h"

G_BEGIN_DECLS

/* How long a command waits for the server before giving up, in ms. */
#define CONFER_CLI_TIMEOUT_MS 15000

int           confer_cli_replay       (int            argc,
                                       char         **argv);
int           confer_cli_replay_net   (const char    *trace_path,
                                       const char    *link,
                                       const char    *title,
                                       guint          pace_ms);
int           confer_cli_join         (int            argc,
                                       char         **argv);
int           confer_cli_cat          (int            argc,
                                       char         **argv);
int           confer_cli_put          (int            argc,
                                       char         **argv);
int           confer_cli_invite       (int            argc,
                                       char         **argv);
int           confer_cli_board        (int            argc,
                                       char         **argv);
int           confer_cli_board_fuzz   (int            argc,
                                       char         **argv);
int           confer_cli_chat         (int            argc,
                                       char         **argv);
int           confer_cli_voice        (int            argc,
                                       char         **argv);
int           confer_cli_call         (int            argc,
                                       char         **argv);
int           confer_cli_breakout     (int            argc,
                                       char         **argv);
int           confer_cli_devices      (int            argc,
                                       char         **argv);

ConferClient *confer_cli_connect      (const char    *link,
                                       const char    *name,
                                       GError       **error);
const char   *confer_cli_ensure_doc   (ConferClient  *client,
                                       const char    *id_or_title,
                                       gboolean       create,
                                       GError       **error);
ConferClientBoard *confer_cli_open_board (ConferClient *client,
                                       const char    *id_or_title,
                                       GError       **error);
ConferClientChat *confer_cli_open_chat (const char  *link,
                                       const char    *name,
                                       ConferClient **client,
                                       GError       **error);
gboolean      confer_cli_load_chat_back_to (ConferClientChat *chat,
                                       guint64        since,
                                       GError       **error);
gboolean      confer_cli_parse        (GOptionContext *context,
                                       const char    *command,
                                       int           *argc,
                                       char        ***argv);

G_END_DECLS
