/* confer-breakout-dialog.h: an owner opens a call's breakout rooms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_BREAKOUT_DIALOG (confer_breakout_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ConferBreakoutDialog, confer_breakout_dialog, CONFER, BREAKOUT_DIALOG, AdwWindow)

GtkWidget *confer_breakout_dialog_new (ConferClient *client);

G_END_DECLS
