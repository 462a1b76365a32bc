/* confer-board-properties.h: the panel of the selection's style
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-board-canvas.h"

G_BEGIN_DECLS

#define CONFER_TYPE_BOARD_PROPERTIES (confer_board_properties_get_type ())

G_DECLARE_FINAL_TYPE (ConferBoardProperties, confer_board_properties, CONFER, BOARD_PROPERTIES, GtkBox)

GtkWidget *confer_board_properties_new    (ConferBoardCanvas     *canvas);
void       confer_board_properties_update (ConferBoardProperties *self);

G_END_DECLS
