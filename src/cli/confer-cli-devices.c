/* confer-cli-devices.c: confer-cli devices — the microphones, cameras and
 * speakers a call can use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-devices"

#include "config.h"

#include <stdio.h>

#include "confer-cli.h"
#include "confer-media.h"

/**
 * confer_cli_devices:
 * @argc: the arguments' count
 * @argv: `devices`
 *
 * Prints a JSON line per microphone, camera and speaker present
 * (#ConferMediaDevices): `kind` (`microphone`, `camera` or `speaker`),
 * `id` (what `confer-cli call --microphone`, `--camera` and `--speaker`
 * take; confer_media_device_dup_id()) and `name`, the name a person
 * reads.
 *
 * Returns: 0; 2 for bad arguments
 */
int
confer_cli_devices (int    argc,
                    char **argv)
{
  static const char * const kinds[] = { "microphone", "camera", "speaker" };
  g_autoptr(GOptionContext) context = g_option_context_new ("— list the microphones, cameras and speakers");
  g_autoptr(ConferMediaDevices) devices = NULL;

  if (!confer_cli_parse (context, "devices", &argc, &argv))
    return 2;
  if (argc != 1)
    {
      fprintf (stderr, "Usage: confer-cli devices\n");
      return 2;
    }
  devices = confer_media_devices_new ();
  for (guint kind = 0; kind < CONFER_MEDIA_N_DEVICE_KINDS; kind++)
    {
      GListModel *list = confer_media_devices_get_devices (devices, kind);

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(GstDevice) device = g_list_model_get_item (list, i);
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *id = confer_media_device_dup_id (device);
          g_autofree char *name = gst_device_get_display_name (device);
          g_autofree char *line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, kinds[kind]);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          json_generator_set_root (generator, root);
          line = json_generator_to_data (generator, NULL);
          printf ("%s\n", line);
        }
    }
  return 0;
}
