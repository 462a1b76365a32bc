/* confer-call-devices.h: choosing the call's microphone, camera and
 * speaker, remembered in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-media.h"

G_BEGIN_DECLS

#define CONFER_TYPE_CALL_DEVICES (confer_call_devices_get_type ())

G_DECLARE_FINAL_TYPE (ConferCallDevices, confer_call_devices, CONFER, CALL_DEVICES, GObject)

ConferCallDevices *confer_call_devices_new        (GActionMap        *actions);
GMenuModel        *confer_call_devices_get_menu   (ConferCallDevices *self);
void               confer_call_devices_set_engine (ConferCallDevices *self,
                                                   ConferCall        *engine);

G_END_DECLS
