/* confer-excalidraw.h: `.excalidraw` files in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "confer-board.h"

G_BEGIN_DECLS

/**
 * ConferExcalidrawBlob:
 * @name: the blob's name, its SHA-256 in lower-case hex (see
 *   confer_blob_name_for())
 * @media_type: its type as its bytes tell it (confer_blob_sniff_type())
 * @bytes: its content, at most %CONFER_BLOB_MAX_SIZE bytes
 *
 * An image a scene brought, to be uploaded before its elements are added.
 */
typedef struct
{
  char       *name;
  const char *media_type;
  GBytes     *bytes;
} ConferExcalidrawBlob;

/**
 * ConferExcalidrawScene:
 * @elements: (element-type ConferBoardElement): the elements, bottom to
 *   top, each with a valid `index` key, the keys strictly increasing in
 *   byte order
 * @blobs: (element-type utf8 ConferExcalidrawBlob): the images the
 *   elements' `fileId`s name, by blob name
 * @view_background_color: (nullable): `appState.viewBackgroundColor`, if
 *   the file has one that is a CSS colour
 * @notes: (element-type utf8): what was left out or repaired, one
 *   sentence each (“2 elements of type embeddable were left out”), in the
 *   order first met; empty when the file needed nothing
 * @n_read: entries of the file's `elements`
 * @n_left_out: entries that are not in @elements (deleted, unknown types,
 *   invisibly small, lines without points, empty texts, not objects; the
 *   text of a sticky note does not count: it is in its note)
 * @n_ids_replaced: elements given a new id (missing, duplicate or not an
 *   id Confer takes)
 * @n_values_replaced: field values that were invalid and were set to
 *   their default (or cleaned: control characters taken out of a text)
 * @n_indices_regenerated: elements given a new `index` key
 * @n_images_without_file: images whose file is missing or was refused
 *
 * What confer_excalidraw_read() made of a file.
 */
typedef struct
{
  GPtrArray  *elements;
  GHashTable *blobs;
  char       *view_background_color;
  GPtrArray  *notes;
  guint       n_read;
  guint       n_left_out;
  guint       n_ids_replaced;
  guint       n_values_replaced;
  guint       n_indices_regenerated;
  guint       n_images_without_file;
} ConferExcalidrawScene;

/**
 * CONFER_EXCALIDRAW_SOURCE:
 *
 * The `source` Confer writes in the files it exports: the project's home page.
 */
#define CONFER_EXCALIDRAW_SOURCE "https://confer.example.org"

ConferExcalidrawScene *confer_excalidraw_read        (GBytes                 *data,
                                                      GError                **error);
ConferExcalidrawScene *confer_excalidraw_read_file   (const char             *path,
                                                      GError                **error);
void                   confer_excalidraw_scene_free  (ConferExcalidrawScene  *scene);
char                  *confer_excalidraw_write       (ConferBoard            *board,
                                                      GHashTable             *blobs,
                                                      gsize                  *length);
char                  *confer_board_write_json       (ConferBoard            *board,
                                                      gsize                  *length);
guint                  confer_excalidraw_sync_indices (const char *const     *keys,
                                                       guint                  n,
                                                       char                 **new_keys);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferExcalidrawScene, confer_excalidraw_scene_free)

G_END_DECLS
