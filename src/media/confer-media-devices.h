/* confer-media-devices.h: the microphones, cameras and speakers present,
 * as GStreamer's device monitor sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * ConferMediaDeviceKind:
 * @CONFER_MEDIA_DEVICE_MICROPHONE: a sound input (GStreamer's device
 *   class `Audio/Source`; a PulseAudio sink's monitor is one too)
 * @CONFER_MEDIA_DEVICE_CAMERA: a video input (`Video/Source`)
 * @CONFER_MEDIA_DEVICE_SPEAKER: a sound output (`Audio/Sink`)
 *
 * What a call uses a device for.
 */
typedef enum
{
  CONFER_MEDIA_DEVICE_MICROPHONE,
  CONFER_MEDIA_DEVICE_CAMERA,
  CONFER_MEDIA_DEVICE_SPEAKER,
} ConferMediaDeviceKind;

/** CONFER_MEDIA_N_DEVICE_KINDS: how many #ConferMediaDeviceKinds there are */
#define CONFER_MEDIA_N_DEVICE_KINDS 3

#define CONFER_TYPE_MEDIA_DEVICES (confer_media_devices_get_type ())

G_DECLARE_FINAL_TYPE (ConferMediaDevices, confer_media_devices, CONFER, MEDIA_DEVICES, GObject)

ConferMediaDevices *confer_media_devices_new         (void);
GListModel         *confer_media_devices_get_devices (ConferMediaDevices    *self,
                                                      ConferMediaDeviceKind  kind);
GstDevice          *confer_media_devices_find        (ConferMediaDevices    *self,
                                                      ConferMediaDeviceKind  kind,
                                                      const char            *id);
char               *confer_media_device_dup_id       (GstDevice             *device);

G_END_DECLS
