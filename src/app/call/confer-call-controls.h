/* confer-call-controls.h: the header bar's call buttons: join (with how
 * many are in the call), mute, camera, share the screen, record and leave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-call-view.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CALL_CONTROLS (confer_call_controls_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallControls, confer_call_controls, CONFER, CALL_CONTROLS, GtkBox)

void confer_call_controls_set_view (ConferCallControls *self,
                                    ConferCallView     *view);

G_END_DECLS
