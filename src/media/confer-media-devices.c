/* confer-media-devices.c: the microphones, cameras and speakers present,
 * as GStreamer's device monitor sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-media-devices"

#include "config.h"

#include "confer-media-devices.h"

/* GStreamer's device classes of each ConferMediaDeviceKind. */
static const char * const kind_classes[CONFER_MEDIA_N_DEVICE_KINDS] = {
  [CONFER_MEDIA_DEVICE_MICROPHONE] = "Audio/Source",
  [CONFER_MEDIA_DEVICE_CAMERA] = "Video/Source",
  [CONFER_MEDIA_DEVICE_SPEAKER] = "Audio/Sink",
};

/**
 * ConferMediaDevices:
 *
 * The microphones, cameras and speakers present, each kind a #GListModel
 * of #GstDevice that follows what is plugged in and out: a
 * #GstDeviceMonitor (PulseAudio or PipeWire for sound, Video4Linux or
 * PipeWire for cameras — whichever providers are installed, PipeWire's
 * hiding the others when it runs them), its bus watched in the
 * thread-default main context of whoever made it.
 *
 * A device is remembered by its id (confer_media_device_dup_id()), a
 * name that stays the same when it is plugged in again and after a
 * restart, and found again with confer_media_devices_find(). A call makes
 * its element with gst_device_create_element().
 */
struct _ConferMediaDevices
{
  GObject           parent_instance;

  GstDeviceMonitor *monitor;
  GSource          *bus_source;
  GListStore       *devices[CONFER_MEDIA_N_DEVICE_KINDS];  /* GstDevice */
};

G_DEFINE_FINAL_TYPE (ConferMediaDevices, confer_media_devices, G_TYPE_OBJECT)

static void
confer_media_devices_dispose (GObject *object)
{
  ConferMediaDevices *self = CONFER_MEDIA_DEVICES (object);

  if (self->monitor != NULL)
    gst_device_monitor_stop (self->monitor);
  if (self->bus_source != NULL)
    g_source_destroy (self->bus_source);
  g_clear_pointer (&self->bus_source, g_source_unref);
  g_clear_object (&self->monitor);
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    g_clear_object (&self->devices[i]);

  G_OBJECT_CLASS (confer_media_devices_parent_class)->dispose (object);
}

static void
confer_media_devices_class_init (ConferMediaDevicesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_media_devices_dispose;
}

static void
confer_media_devices_init (ConferMediaDevices *self)
{
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    self->devices[i] = g_list_store_new (GST_TYPE_DEVICE);
}

/* The list @device belongs in, or NULL for a class Confer does not use. */
static GListStore *
store_of (ConferMediaDevices *self,
          GstDevice          *device)
{
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    if (gst_device_has_classes (device, kind_classes[i]))
      return self->devices[i];
  return NULL;
}

static void
add_device (ConferMediaDevices *self,
            GstDevice          *device)
{
  GListStore *store = store_of (self, device);

  /* The providers announce at start what get_devices() listed too. */
  if (store != NULL && !g_list_store_find (store, device, NULL))
    g_list_store_append (store, device);
}

static void
remove_device (ConferMediaDevices *self,
               GstDevice          *device)
{
  GListStore *store = store_of (self, device);
  guint position;

  if (store != NULL && g_list_store_find (store, device, &position))
    g_list_store_remove (store, position);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  ConferMediaDevices *self = data;
  g_autoptr(GstDevice) device = NULL;
  g_autoptr(GstDevice) changed = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      gst_message_parse_device_added (message, &device);
      add_device (self, device);
      break;
    case GST_MESSAGE_DEVICE_REMOVED:
      gst_message_parse_device_removed (message, &device);
      remove_device (self, device);
      break;
    case GST_MESSAGE_DEVICE_CHANGED:
      /* The new device, and the one it replaces (a new default). */
      gst_message_parse_device_changed (message, &device, &changed);
      remove_device (self, changed);
      add_device (self, device);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * confer_media_devices_new:
 *
 * Starts watching the devices: those present are listed at once (the
 * providers are asked synchronously, a few milliseconds each), those
 * plugged in or out later as the thread-default main context of the
 * caller runs.
 *
 * Returns: (transfer full): the devices
 */
ConferMediaDevices *
confer_media_devices_new (void)
{
  ConferMediaDevices *self = g_object_new (CONFER_TYPE_MEDIA_DEVICES, NULL);
  g_autoptr(GstBus) bus = NULL;
  GList *devices;

  gst_init (NULL, NULL);
  self->monitor = gst_device_monitor_new ();
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    gst_device_monitor_add_filter (self->monitor, kind_classes[i], NULL);
  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) bus_cb, self, NULL);
  g_source_attach (self->bus_source, g_main_context_get_thread_default ());
  if (!gst_device_monitor_start (self->monitor))
    {
      g_debug ("No device provider started: no devices are listed");
      return self;
    }
  devices = gst_device_monitor_get_devices (self->monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    add_device (self, l->data);
  g_list_free_full (devices, gst_object_unref);
  return self;
}

/**
 * confer_media_devices_get_devices:
 * @self: the devices
 * @kind: which
 *
 * Returns: (transfer none): the devices of @kind present now, a
 *   #GListModel of #GstDevice in the order the providers gave them,
 *   changing as devices come and go
 */
GListModel *
confer_media_devices_get_devices (ConferMediaDevices    *self,
                                  ConferMediaDeviceKind  kind)
{
  g_return_val_if_fail (CONFER_IS_MEDIA_DEVICES (self), NULL);
  g_return_val_if_fail (kind < CONFER_MEDIA_N_DEVICE_KINDS, NULL);

  return G_LIST_MODEL (self->devices[kind]);
}

/**
 * confer_media_devices_find:
 * @self: the devices
 * @kind: which
 * @id: (nullable): a device's id (confer_media_device_dup_id())
 *
 * Returns: (transfer none) (nullable): the device of @kind present now
 *   whose id is @id; %NULL when none is (unplugged) or @id is %NULL or
 *   empty
 */
GstDevice *
confer_media_devices_find (ConferMediaDevices    *self,
                           ConferMediaDeviceKind  kind,
                           const char            *id)
{
  GListModel *devices;

  g_return_val_if_fail (CONFER_IS_MEDIA_DEVICES (self), NULL);
  g_return_val_if_fail (kind < CONFER_MEDIA_N_DEVICE_KINDS, NULL);

  if (id == NULL || *id == '\0')
    return NULL;
  devices = G_LIST_MODEL (self->devices[kind]);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *device_id = confer_media_device_dup_id (device);

      if (g_str_equal (device_id, id))
        return device;   /* the list keeps it */
    }
  return NULL;
}

/**
 * confer_media_device_dup_id:
 * @device: a device
 *
 * A name for @device that stays the same when it is plugged in again and
 * across restarts, for settings: the sound server's name of the sink or
 * source (PulseAudio's `internal-name`, PipeWire's `node.name` — the same
 * name for one device, whichever of the two lists it), else the device
 * node (Video4Linux's `device.path`, as /dev/video0), else the name shown.
 *
 * Returns: (transfer full): the id, not empty
 */
char *
confer_media_device_dup_id (GstDevice *device)
{
  g_autoptr(GstStructure) properties = NULL;
  const char *value = NULL;
  char *internal = NULL;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    {
      g_object_get (device, "internal-name", &internal, NULL);
      if (internal != NULL && *internal != '\0')
        return internal;
      g_free (internal);
    }
  properties = gst_device_get_properties (device);
  if (properties != NULL && (value = gst_structure_get_string (properties, "node.name")) == NULL)
    value = gst_structure_get_string (properties, "device.path");
  if (value != NULL && *value != '\0')
    return g_strdup (value);
  return gst_device_get_display_name (device);
}
