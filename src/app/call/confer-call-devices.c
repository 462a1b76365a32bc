/* confer-call-devices.c: choosing the call's microphone, camera and
 * speaker, remembered in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-devices"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-call-devices.h"

/* Per ConferMediaDeviceKind: its GSettings key and its action. */
static const char * const setting_keys[CONFER_MEDIA_N_DEVICE_KINDS] = {
  "call-microphone", "call-camera", "call-speaker",
};
static const char * const action_names[CONFER_MEDIA_N_DEVICE_KINDS] = {
  "microphone", "camera", "speaker",
};

/**
 * ConferCallDevices:
 *
 * The microphone, camera and speaker a call uses, chosen in the call's
 * menu (confer_call_devices_get_menu(): a section per kind, *Default*
 * first, then each device present as #ConferMediaDevices lists it, as
 * radio items) and remembered in GSettings (`call-microphone`,
 * `call-camera`, `call-speaker`) by the device's id
 * (confer_media_device_dup_id()), empty for the default.
 *
 * The choices are three string actions added to the given action map
 * (`microphone`, `camera` and `speaker`, whose state is the id of the
 * device in use, or `''` for the default). A choice goes to the call's
 * engine (confer_call_set_device()) at once, during the call too. The
 * devices are watched from the first call on: a device plugged in is
 * added to the menu, and used if it is the one remembered; the device in
 * use unplugged, the default takes over while it stays remembered.
 *
 * ::device-failed is emitted when a device chosen could not be used.
 */
struct _ConferCallDevices
{
  GObject             parent_instance;

  GSettings          *settings;
  ConferMediaDevices *devices;  /* from the first call on */
  ConferCall         *engine;   /* nullable: the call's, while in one */
  GMenu              *menu;
  GMenu              *sections[CONFER_MEDIA_N_DEVICE_KINDS];
  GSimpleAction      *actions[CONFER_MEDIA_N_DEVICE_KINDS];
};

enum {
  DEVICE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferCallDevices, confer_call_devices, G_TYPE_OBJECT)

static void
confer_call_devices_dispose (GObject *object)
{
  ConferCallDevices *self = CONFER_CALL_DEVICES (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->devices != NULL)
    for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
      g_signal_handlers_disconnect_by_data (confer_media_devices_get_devices (self->devices, i), self);
  g_clear_object (&self->devices);
  g_clear_object (&self->engine);
  g_clear_object (&self->menu);
  for (guint i = 0; i < CONFER_MEDIA_N_DEVICE_KINDS; i++)
    {
      g_clear_object (&self->sections[i]);
      g_clear_object (&self->actions[i]);
    }

  G_OBJECT_CLASS (confer_call_devices_parent_class)->dispose (object);
}

static void
confer_call_devices_class_init (ConferCallDevicesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_call_devices_dispose;

  /**
   * ConferCallDevices::device-failed:
   * @message: what failed, for the user
   *
   * A device chosen (or the default, after the one in use went away)
   * could not be used in the call; the call goes on without its stream
   * until another is chosen.
   */
  signals[DEVICE_FAILED] = g_signal_new ("device-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
confer_call_devices_init (ConferCallDevices *self)
{
}

/* Menu labels are mnemonics: an underscore in a device's name is one. */
static char *
escape_mnemonic (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/* @kind's section lists Default and the devices present; two devices of
 * one name are told apart by their ids. */
static void
fill_section (ConferCallDevices     *self,
              ConferMediaDeviceKind  kind)
{
  GListModel *list = self->devices != NULL ? confer_media_devices_get_devices (self->devices, kind) : NULL;
  guint n = list != NULL ? g_list_model_get_n_items (list) : 0;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GMenuItem) default_item = g_menu_item_new (_("Default"), NULL);
  g_autofree char *action = g_strconcat ("call.", action_names[kind], NULL);

  g_menu_remove_all (self->sections[kind]);
  g_menu_item_set_action_and_target (default_item, action, "s", "");
  g_menu_append_item (self->sections[kind], default_item);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (list, i);
      char *name = gst_device_get_display_name (device);

      g_hash_table_insert (names, name, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) + 1));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (list, i);
      g_autofree char *name = gst_device_get_display_name (device);
      g_autofree char *id = confer_media_device_dup_id (device);
      g_autofree char *shown = GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) > 1
                               ? g_strdup_printf ("%s (%s)", name, id) : g_strdup (name);
      g_autofree char *label = escape_mnemonic (shown);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, action, "s", id);
      g_menu_append_item (self->sections[kind], item);
    }
}

/* The device of @kind to use now: the one remembered if present, else
 * the default (NULL). */
static GstDevice *
wanted_device (ConferCallDevices     *self,
               ConferMediaDeviceKind  kind)
{
  g_autofree char *id = g_settings_get_string (self->settings, setting_keys[kind]);

  return self->devices != NULL ? confer_media_devices_find (self->devices, kind, id) : NULL;
}

/* Whether two devices are one (the providers may make a new GstDevice
 * for a device that changed). */
static gboolean
same_device (GstDevice *a,
             GstDevice *b)
{
  g_autofree char *a_id = NULL;
  g_autofree char *b_id = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  a_id = confer_media_device_dup_id (a);
  b_id = confer_media_device_dup_id (b);
  return g_str_equal (a_id, b_id);
}

/* The action's state and the engine follow the choice and what is
 * present. */
static void
sync_kind (ConferCallDevices     *self,
           ConferMediaDeviceKind  kind)
{
  GstDevice *wanted = wanted_device (self, kind);
  g_autofree char *id = wanted != NULL ? confer_media_device_dup_id (wanted) : g_strdup ("");
  g_autoptr(GError) error = NULL;

  g_simple_action_set_state (self->actions[kind], g_variant_new_string (id));
  if (self->engine == NULL || same_device (wanted, confer_call_get_device (self->engine, kind)))
    return;
  if (!confer_call_set_device (self->engine, kind, wanted, &error))
    g_signal_emit (self, signals[DEVICE_FAILED], 0, error->message);
}

static void
setting_changed_cb (GSettings         *settings,
                    const char        *key,
                    ConferCallDevices *self)
{
  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    if (g_str_equal (key, setting_keys[kind]))
      sync_kind (self, kind);
}

static void
devices_changed_cb (GListModel        *list,
                    guint              position,
                    guint              removed,
                    guint              added,
                    ConferCallDevices *self)
{
  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    if (list == confer_media_devices_get_devices (self->devices, kind))
      {
        fill_section (self, kind);
        sync_kind (self, kind);
      }
}

/* A radio item was chosen: remembered, which applies it. */
static void
change_state_cb (GSimpleAction *action,
                 GVariant      *value,
                 gpointer       data)
{
  ConferCallDevices *self = data;

  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    if (action == self->actions[kind])
      g_settings_set_string (self->settings, setting_keys[kind], g_variant_get_string (value, NULL));
}

/**
 * confer_call_devices_new:
 * @actions: where the `microphone`, `camera` and `speaker` actions go
 *   (the call view's, inserted as `call`)
 *
 * Returns: (transfer full): the choice of devices, its menu listing only
 *   the defaults until the first call
 */
ConferCallDevices *
confer_call_devices_new (GActionMap *actions)
{
  ConferCallDevices *self = g_object_new (CONFER_TYPE_CALL_DEVICES, NULL);
  const char *titles[] = { _("Microphone"), _("Camera"), _("Speaker") };

  g_return_val_if_fail (G_IS_ACTION_MAP (actions), NULL);

  self->settings = g_settings_new ("org.confer.Confer");
  self->menu = g_menu_new ();
  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    {
      self->actions[kind] = g_simple_action_new_stateful (action_names[kind], G_VARIANT_TYPE_STRING,
                                                          g_variant_new_string (""));
      g_signal_connect (self->actions[kind], "change-state", G_CALLBACK (change_state_cb), self);
      g_action_map_add_action (actions, G_ACTION (self->actions[kind]));
      self->sections[kind] = g_menu_new ();
      fill_section (self, kind);
      g_menu_append_section (self->menu, titles[kind], G_MENU_MODEL (self->sections[kind]));
    }
  g_signal_connect (self->settings, "changed", G_CALLBACK (setting_changed_cb), self);
  return self;
}

/**
 * confer_call_devices_get_menu:
 * @self: the choice of devices
 *
 * Returns: (transfer none): the sections *Microphone*, *Camera* and
 *   *Speaker*, each *Default* and the devices present, for the call's
 *   menu (its actions are `call.microphone`, `call.camera` and
 *   `call.speaker`)
 */
GMenuModel *
confer_call_devices_get_menu (ConferCallDevices *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_DEVICES (self), NULL);

  return G_MENU_MODEL (self->menu);
}

/**
 * confer_call_devices_set_engine:
 * @self: the choice of devices
 * @engine: (nullable): the call's engine, before it starts; %NULL when
 *   the call ends
 *
 * Gives @engine the devices chosen (confer_call_set_device()), and every
 * later choice while it is set. The first engine starts watching the
 * devices (#ConferMediaDevices).
 */
void
confer_call_devices_set_engine (ConferCallDevices *self,
                                ConferCall        *engine)
{
  g_return_if_fail (CONFER_IS_CALL_DEVICES (self));
  g_return_if_fail (engine == NULL || CONFER_IS_CALL (engine));

  g_set_object (&self->engine, engine);
  if (engine != NULL && self->devices == NULL)
    {
      self->devices = confer_media_devices_new ();
      for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
        {
          g_signal_connect (confer_media_devices_get_devices (self->devices, kind), "items-changed",
                            G_CALLBACK (devices_changed_cb), self);
          fill_section (self, kind);
        }
    }
  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    sync_kind (self, kind);
}
