/* bench-peer.h: running a benchmark's node peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peer scripts in tests/bench/peers/ print one JSON object per line,
 * each naming its "case"; the benchmark matches them to its own cases.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

/* Runs `node SCRIPT ARGS…` (@argv, NULL-terminated, without "node") and
 * returns the JSON objects it printed that have a "case" member, or NULL
 * (told on stderr, as @who's) when node did not run or failed. */
static inline GPtrArray *
bench_peer_run (const char        *who,
                const char *const *argv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects;

  g_strv_builder_add (builder, "node");
  g_strv_builder_addv (builder, (const char **) argv);
  full = g_strv_builder_end (builder);
  node = g_subprocess_newv ((const char *const *) full, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (node == NULL || !g_subprocess_communicate_utf8 (node, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (node))
    {
      fprintf (stderr, "%s: the peer did not run: %s\n", who, error != NULL ? error->message : "node failed");
      return NULL;
    }

  objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "case"))
        g_ptr_array_add (objects, json_object_ref (json_node_get_object (root)));
    }
  return objects;
}
