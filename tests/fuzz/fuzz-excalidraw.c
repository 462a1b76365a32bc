/* fuzz-excalidraw.c: libFuzzer target for Excalidraw file import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds arbitrary bytes to confer_excalidraw_read(), as `confer-cli board
 * import` (and, next, the app) does with a file someone sent. What it
 * makes of a file must be a board Confer can write out again, and what it
 * writes must read back to as many elements. tests/run-all.sh runs it with
 * -max_len 1 MiB, starting from its corpus and the shared scenes.
 */
#include "config.h"

#include "confer-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(ConferExcalidrawScene) scene = NULL;
  g_autoptr(ConferBoard) board = NULL;
  g_autoptr(ConferExcalidrawScene) again = NULL;
  g_autoptr(GBytes) written = NULL;
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GHashTable) blobs = g_hash_table_new (g_str_hash, g_str_equal);
  gsize length;
  char *text;

  /* A critical is a crash in waiting. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  if ((scene = confer_excalidraw_read (bytes, NULL)) == NULL)
    return 0;
  board = confer_board_new ();
  for (guint i = 0; i < scene->elements->len; i++)
    confer_board_put (board, g_ptr_array_index (scene->elements, i));
  g_hash_table_iter_init (&iter, scene->blobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_insert (blobs, ((ConferExcalidrawBlob *) value)->name, ((ConferExcalidrawBlob *) value)->bytes);
  text = confer_excalidraw_write (board, blobs, &length);
  written = g_bytes_new_take (text, length);
  again = confer_excalidraw_read (written, NULL);
  g_assert (again != NULL);
  g_assert (again->elements->len <= scene->elements->len);
  return 0;
}
