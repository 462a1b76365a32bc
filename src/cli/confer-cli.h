/* confer-cli.h: the subcommands of confer-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int confer_cli_replay (int    argc,
                       char **argv);

G_END_DECLS
