/* confer-cli-board.c: confer-cli board import, export and fuzz
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-board"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "confer-cli.h"
#include "confer-render.h"

/**
 * confer_cli_open_board:
 * @client: an online client
 * @id_or_title: a board's id or title
 * @error: return location for a #GError
 *
 * Opens a board of the session and waits for its elements.
 *
 * Returns: (transfer none) (nullable): the board, or %NULL with
 *   %CONFER_PROTOCOL_ERROR_UNKNOWN_DOC (no such board, or not a board) or
 *   %G_IO_ERROR_TIMED_OUT
 */
ConferClientBoard *
confer_cli_open_board (ConferClient  *client,
                       const char    *id_or_title,
                       GError       **error)
{
  ConferItem *item = confer_client_find_item (client, id_or_title);
  ConferClientBoard *board;

  if (item == NULL || confer_item_get_kind (item) != CONFER_ITEM_KIND_BOARD)
    {
      g_set_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
                   item == NULL ? "The session has no board “%s”" : "“%s” is a text document, not a board",
                   id_or_title);
      return NULL;
    }
  board = confer_client_open_board (client, confer_item_get_id (item));
  if (!confer_client_board_wait (board, FALSE, CONFER_CLI_TIMEOUT_MS, error))
    return NULL;
  return board;
}

static char *
title_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static int
board_import (int    argc,
              char **argv)
{
  g_autofree char *title = NULL;
  GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, "The new board's title (the file's name by default)", "TITLE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK FILE.excalidraw — make a board of an Excalidraw file");
  g_autoptr(ConferExcalidrawScene) scene = NULL;
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(ConferItem) item = NULL;
  g_autoptr(GError) error = NULL;
  ConferClientBoard *board;
  GHashTableIter iter;
  gpointer value;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "board import", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      fprintf (stderr, "Usage: confer-cli board import LINK FILE.excalidraw [--title TITLE]\n");
      return 2;
    }
  /* The file first: a file that cannot be a board contacts nobody. */
  scene = confer_excalidraw_read_file (argv[2], &error);
  if (scene == NULL)
    {
      fprintf (stderr, "confer-cli board import: %s: %s\n", argv[2], error->message);
      return 1;
    }
  for (guint i = 0; i < scene->notes->len; i++)
    fprintf (stderr, "%s: %s\n", argv[2], (const char *) g_ptr_array_index (scene->notes, i));
  if (title == NULL)
    title = title_from_path (argv[2]);

  client = confer_cli_connect (argv[1], NULL, &error);
  if (client == NULL ||
      (item = confer_client_create_item (client, CONFER_ITEM_KIND_BOARD, title, CONFER_CLI_TIMEOUT_MS, &error)) == NULL)
    goto failed;

  /* Images first, so that no element shows a file the server lacks. */
  g_hash_table_iter_init (&iter, scene->blobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ConferExcalidrawBlob *blob = value;
      g_autofree char *name = confer_client_put_blob (client, blob->bytes, NULL, &error);

      if (name == NULL)
        goto failed;
    }

  board = confer_client_open_board (client, confer_item_get_id (item));
  if (!confer_client_board_wait (board, FALSE, CONFER_CLI_TIMEOUT_MS, &error))
    goto failed;
  if (!confer_client_board_add_elements (board, scene->elements, &error))
    goto failed;
  if (!confer_client_board_wait (board, TRUE, 10 * CONFER_CLI_TIMEOUT_MS, &error))
    goto failed;
  printf ("board %s %s: %u elements\n", confer_item_get_id (item), title, confer_board_get_n_live (confer_client_board_get_board (board)));
  return 0;

failed:
  fprintf (stderr, "confer-cli board import: %s\n", error->message);
  return 1;
}

static int
board_export (int    argc,
              char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *format_name = NULL;
  gboolean json = FALSE;
  gboolean transparent = FALSE;
  double scale = 1;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "excalidraw (the default), png, svg or pdf", "FORMAT" },
    { "scale", 's', 0, G_OPTION_ARG_DOUBLE, &scale, "Pixels (points for svg and pdf) per board px: 2 for a 2× image (default 1)", "N" },
    { "transparent", 't', 0, G_OPTION_ARG_NONE, &transparent, "No white background under png, svg and pdf", NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "Write every element, deleted ones too, as plain JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK BOARD — write a board as an Excalidraw file, an image or a PDF (or plain JSON)");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) elements = NULL;
  g_autofree char *text = NULL;
  ConferExportFormat format = CONFER_EXPORT_FORMAT_PNG;
  gboolean drawing = FALSE;
  ConferClientBoard *board;
  gsize length;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "board export", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      fprintf (stderr, "Usage: confer-cli board export LINK BOARD [--format excalidraw|png|svg|pdf] [--scale N] [--transparent] [--json] [-o FILE]\n");
      return 2;
    }
  /* The options first: a bad one contacts nobody. */
  if (format_name != NULL && !g_str_equal (format_name, "excalidraw"))
    {
      if (!confer_export_format_from_name (format_name, &format))
        {
          fprintf (stderr, "confer-cli board export: unknown format “%s”: excalidraw, png, svg or pdf\n", format_name);
          return 2;
        }
      drawing = TRUE;
    }
  if (json && drawing)
    {
      fprintf (stderr, "confer-cli board export: --json writes JSON, not %s\n", format_name);
      return 2;
    }
  if (!(scale >= CONFER_RENDER_MIN_SCALE && scale <= CONFER_RENDER_MAX_SCALE))
    {
      fprintf (stderr, "confer-cli board export: the scale must be from %g to %g\n", CONFER_RENDER_MIN_SCALE, CONFER_RENDER_MAX_SCALE);
      return 2;
    }
  client = confer_cli_connect (argv[1], NULL, &error);
  if (client == NULL || (board = confer_cli_open_board (client, argv[2], &error)) == NULL)
    goto failed;

  if (json)
    {
      text = confer_board_write_json (confer_client_board_get_board (board), &length);
      goto write;
    }
  /* The images' bytes go into the file (or are drawn). */
  elements = confer_board_list (confer_client_board_get_board (board), FALSE);
  for (guint i = 0; i < elements->len; i++)
    {
      const char *file_id = confer_board_element_get_string (g_ptr_array_index (elements, i), CONFER_BOARD_PROP_FILE_ID);
      GBytes *bytes;

      if (file_id == NULL || g_hash_table_contains (blobs, file_id))
        continue;
      if ((bytes = confer_client_get_blob (client, file_id, NULL, &error)) == NULL)
        goto failed;
      g_hash_table_insert (blobs, g_strdup (file_id), bytes);
    }
  if (drawing)
    {
      const char *background = transparent ? NULL : "white";
      g_autoptr(GOutputStream) memory = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (output != NULL)
        {
          if (!confer_render_export_to_file (confer_client_board_get_board (board), blobs, format, scale,
                                             background, output, &error))
            goto failed;
          return 0;
        }
      memory = g_memory_output_stream_new_resizable ();
      if (!confer_render_export (confer_client_board_get_board (board), blobs, format, scale, background,
                                 memory, NULL, &error) ||
          !g_output_stream_close (memory, NULL, &error))
        goto failed;
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      return fflush (stdout) == 0 ? 0 : 1;
    }
  text = confer_excalidraw_write (confer_client_board_get_board (board), blobs, &length);

write:
  if (output == NULL)
    fwrite (text, 1, length, stdout);
  else if (!g_file_set_contents (output, text, length, &error))
    goto failed;
  return 0;

failed:
  fprintf (stderr, "confer-cli board export: %s\n", error->message);
  return 1;
}

/**
 * confer_cli_board:
 * @argc: argument count, argv[0] being "board"
 * @argv: arguments: import, export or fuzz, then theirs
 *
 * `confer-cli board import LINK FILE.excalidraw [--title T]` makes a
 * board of an Excalidraw file and ends with the line `board ID TITLE: N
 * elements`; `board export LINK BOARD [--format excalidraw|png|svg|pdf]
 * [--scale N] [--transparent] [--json] [-o FILE]` writes a board as an
 * Excalidraw file (the default), as a PNG, SVG or PDF drawn by
 * libconfer-render (confer_render_export(): N pixels or points per board
 * px, on white unless --transparent), or, with --json, every element,
 * deleted ones too, as plain JSON; `board fuzz` is confer_cli_board_fuzz().
 *
 * Returns: the exit status
 */
int
confer_cli_board (int    argc,
                  char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return board_import (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return board_export (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "fuzz"))
    return confer_cli_board_fuzz (argc - 1, argv + 1);
  fprintf (stderr, "Usage: confer-cli board import|export|fuzz …\n");
  return 2;
}
