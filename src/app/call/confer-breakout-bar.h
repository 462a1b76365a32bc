/* confer-breakout-bar.h: the call's breakout rooms as a member sees them
 * while they are open, and their verbs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_BREAKOUT_BAR (confer_breakout_bar_get_type ())

G_DECLARE_FINAL_TYPE (ConferBreakoutBar, confer_breakout_bar, CONFER, BREAKOUT_BAR, GtkBox)

GtkWidget *confer_breakout_bar_new        (GActionMap        *actions);
void       confer_breakout_bar_set_client (ConferBreakoutBar *self,
                                           ConferClient      *client);

G_END_DECLS
