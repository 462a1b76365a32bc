/* confer-board-page.h: a board open in the session window: its canvas,
 * tool bar, properties panel and zoom controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-board-canvas.h"

G_BEGIN_DECLS

#define CONFER_TYPE_BOARD_PAGE (confer_board_page_get_type ())

G_DECLARE_FINAL_TYPE (ConferBoardPage, confer_board_page, CONFER, BOARD_PAGE, AdwBin)

GtkWidget         *confer_board_page_new        (ConferClient      *client,
                                                 ConferClientBoard *board);
ConferClientBoard *confer_board_page_get_board  (ConferBoardPage   *self);
ConferBoardCanvas *confer_board_page_get_canvas (ConferBoardPage   *self);
const char        *confer_board_page_get_summary (ConferBoardPage  *self);
gboolean           confer_board_page_drop_image (ConferBoardPage   *self,
                                                 GFile             *file,
                                                 double             x,
                                                 double             y);
void               confer_board_page_set_title  (ConferBoardPage   *self,
                                                 const char        *title);

G_END_DECLS
