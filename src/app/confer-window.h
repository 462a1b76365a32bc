/* confer-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-application.h"
#include "confer-session-view.h"

G_BEGIN_DECLS

#define CONFER_TYPE_WINDOW (confer_window_get_type ())

G_DECLARE_FINAL_TYPE (ConferWindow, confer_window, CONFER, WINDOW, AdwApplicationWindow)

ConferWindow *confer_window_new         (ConferApplication *application);
void          confer_window_offer_link  (ConferWindow      *self,
                                         const char        *link);
void          confer_window_join        (ConferWindow      *self,
                                         const ConferLink  *link);
void          confer_window_host_sample (ConferWindow      *self);
ConferSessionView *confer_window_get_session_view (ConferWindow *self);

G_END_DECLS
