/* confer-screen-view.h: a screen another member shares, large, zoomed
 * and panned by its viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/** CONFER_SCREEN_VIEW_MAX_ZOOM: the closest zoom, times the size that
 * fits the view */
#define CONFER_SCREEN_VIEW_MAX_ZOOM 8.0

#define CONFER_TYPE_SCREEN_VIEW (confer_screen_view_get_type ())

G_DECLARE_FINAL_TYPE (ConferScreenView, confer_screen_view, CONFER, SCREEN_VIEW, GtkWidget)

GtkWidget  *confer_screen_view_new            (void);
void        confer_screen_view_set_texture    (ConferScreenView *self,
                                               GdkTexture       *texture);
GdkTexture *confer_screen_view_get_texture    (ConferScreenView *self);
double      confer_screen_view_get_zoom       (ConferScreenView *self);
void        confer_screen_view_zoom_at        (ConferScreenView *self,
                                               double            zoom,
                                               double            x,
                                               double            y);
void        confer_screen_view_pan            (ConferScreenView *self,
                                               double            dx,
                                               double            dy);
gboolean    confer_screen_view_scroll         (ConferScreenView *self,
                                               double            dx,
                                               double            dy,
                                               GdkModifierType   state,
                                               double            x,
                                               double            y);
gboolean    confer_screen_view_to_screen      (ConferScreenView *self,
                                               double            x,
                                               double            y,
                                               double           *screen_x,
                                               double           *screen_y);
void        confer_screen_view_from_screen    (ConferScreenView *self,
                                               double            screen_x,
                                               double            screen_y,
                                               double           *x,
                                               double           *y);

G_END_DECLS
