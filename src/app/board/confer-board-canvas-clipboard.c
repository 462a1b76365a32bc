/* confer-board-canvas-clipboard.c: copy, cut and paste on the canvas
 *
 * A copy offers the selection as an Excalidraw scene (as text, so it
 * pastes into another board, another Confer or Excalidraw itself) and as
 * PNG and SVG pictures for other apps. A paste takes a scene's elements
 * (with new ids, their images uploaded first), else a picture, else plain
 * text as a text element, and puts it under the pointer (or in the middle
 * of the view).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-canvas"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-board-canvas-private.h"

#define SCENE_TYPE "application/vnd.excalidraw+json"
#define TEXT_TYPE  "text/plain;charset=utf-8"

static GBytes *
picture (ConferBoard        *board,
         GHashTable         *images,
         ConferExportFormat  format)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  if (!confer_render_export (board, images, format, format == CONFER_EXPORT_FORMAT_PNG ? 2 : 1, "white",
                             memory, NULL, &error) ||
      !g_output_stream_close (memory, NULL, &error))
    {
      g_debug ("The selection has no %s picture: %s", confer_export_format_name (format), error->message);
      return NULL;
    }
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/**
 * confer_board_canvas_copy:
 * @self: a canvas
 * @cut: whether to delete the selection once copied
 *
 * Puts the selection on the clipboard as an Excalidraw scene (`text/plain`
 * and `application/vnd.excalidraw+json`) with its images, and as PNG (2×,
 * on white) and SVG pictures. Does nothing without a selection.
 */
void
confer_board_canvas_copy (ConferBoardCanvas *self,
                          gboolean           cut)
{
  g_auto(GStrv) ids = confer_board_canvas_get_selection (self);
  g_autoptr(ConferBoard) copy = NULL;
  g_autoptr(GBytes) scene = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) svg = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[4];
  guint n = 0;
  gsize length;
  char *text;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  if (ids[0] == NULL)
    return;
  copy = confer_board_copy_selection (confer_board_canvas_board (self), (const char *const *) ids);
  text = confer_excalidraw_write (copy, self->images, &length);
  scene = g_bytes_new_take (text, length);
  providers[n++] = gdk_content_provider_new_for_bytes (SCENE_TYPE, scene);
  providers[n++] = gdk_content_provider_new_for_bytes (TEXT_TYPE, scene);
  if ((png = picture (copy, self->images, CONFER_EXPORT_FORMAT_PNG)) != NULL)
    providers[n++] = gdk_content_provider_new_for_bytes ("image/png", png);
  if ((svg = picture (copy, self->images, CONFER_EXPORT_FORMAT_SVG)) != NULL)
    providers[n++] = gdk_content_provider_new_for_bytes ("image/svg+xml", svg);
  provider = gdk_content_provider_new_union (providers, n);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);
  if (cut && confer_board_canvas_can_edit (self))
    {
      g_autoptr(ConferBoardTx) tx = confer_board_edit_delete (confer_board_canvas_board (self), (const char *const *) ids);

      confer_board_canvas_apply (self, tx, FALSE);
    }
}

/* Where a paste goes: under the pointer, else the view's middle. */
static void
paste_point (ConferBoardCanvas *self,
             double            *x,
             double            *y)
{
  if (self->has_pointer)
    confer_board_canvas_to_scene (self, self->pointer_x, self->pointer_y, x, y);
  else
    confer_board_canvas_to_scene (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                  gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, x, y);
}

typedef struct
{
  ConferBoardCanvas     *self;
  ConferExcalidrawScene *scene;
} Paste;

static void
paste_free (Paste *paste)
{
  g_object_unref (paste->self);
  confer_excalidraw_scene_free (paste->scene);
  g_free (paste);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Paste, paste_free)

/* The scene's elements go on the board as copies with new ids (bound to
 * each other as they were), centred on the paste point, above everything,
 * selected. */
static void
add_scene (ConferBoardCanvas     *self,
           ConferExcalidrawScene *scene)
{
  g_autoptr(ConferBoard) pasted = confer_board_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) new_ids = NULL;
  g_autoptr(ConferBoardTx) copies = NULL;
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) error = NULL;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, x, y;

  for (guint i = 0; i < scene->elements->len; i++)
    {
      ConferBoardElement *element = g_ptr_array_index (scene->elements, i);
      ConferBoardBox box;

      confer_board_put (pasted, element);
      g_ptr_array_add (ids, element->id);
      confer_board_element_get_rotated_box (element, &box);
      x0 = MIN (x0, box.x);
      y0 = MIN (y0, box.y);
      x1 = MAX (x1, box.x + box.width);
      y1 = MAX (y1, box.y + box.height);
    }
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  paste_point (self, &x, &y);
  copies = confer_board_edit_duplicate (pasted, (const char *const *) ids->pdata, x - (x0 + x1) / 2, y - (y0 + y1) / 2,
                                        confer_client_get_participant_id (self->client), &new_ids);
  if (copies == NULL)
    return;
  /* Their keys go above this board's top, in the order they had. */
  keys = confer_fractional_index_n_between (self->top_key, NULL, copies->ops->len, &error);
  if (keys == NULL)
    {
      g_warning ("No keys for the pasted elements: %s", error->message);
      return;
    }
  for (guint i = 0; i < copies->ops->len; i++)
    {
      const ConferBoardOp *op = &g_array_index (copies->ops, ConferBoardOp, i);
      g_autoptr(ConferBoardElement) element = NULL;

      if (op->kind != CONFER_BOARD_OP_ADD)
        continue;
      element = confer_board_element_copy (op->element);
      confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, keys[i]);
      confer_board_tx_add (tx, element);
    }
  if (!confer_board_canvas_apply (self, tx, FALSE) || new_ids == NULL)
    return;
  g_ptr_array_add (new_ids, NULL);
  confer_board_canvas_set_selection (self, (const char *const *) new_ids->pdata);
}

static void
blobs_put_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Paste) paste = data;
  g_autoptr(GError) error = NULL;

  if (!confer_client_put_blobs_finish (CONFER_CLIENT (source), result, &error))
    {
      g_warning ("The pasted images could not be uploaded: %s", error->message);
      return;
    }
  add_scene (paste->self, paste->scene);
}

static void
image_put_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ConferBoardCanvas) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_object_steal_data (G_OBJECT (self), "confer-pasted-image");
  double x, y;

  if (!confer_client_put_blobs_finish (CONFER_CLIENT (source), result, &error))
    {
      g_warning ("The pasted image could not be uploaded: %s", error->message);
      return;
    }
  paste_point (self, &x, &y);
  confer_board_canvas_add_image (self, bytes, x, y);
}

static void
texture_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(ConferBoardCanvas) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GBytes *png;

  if (texture == NULL)
    {
      g_debug ("No picture to paste: %s", error->message);
      return;
    }
  png = gdk_texture_save_to_png_bytes (texture);
  g_object_set_data_full (G_OBJECT (self), "confer-pasted-image", g_bytes_ref (png), (GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (blobs, png);
  confer_client_put_blobs_async (self->client, blobs, NULL, image_put_cb, g_object_ref (self));
}

static void
text_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ConferBoardCanvas) self = data;
  GdkClipboard *clipboard = GDK_CLIPBOARD (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_autoptr(ConferExcalidrawScene) scene = NULL;
  const char *start = text;

  while (start != NULL && g_ascii_isspace (*start))
    start++;
  if (start != NULL && *start == '{')
    {
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

      scene = confer_excalidraw_read (bytes, NULL);
    }
  if (scene != NULL && scene->elements->len > 0)
    {
      Paste *paste = g_new0 (Paste, 1);
      g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      GHashTableIter iter;
      gpointer blob;

      paste->self = g_object_ref (self);
      paste->scene = g_steal_pointer (&scene);
      if (paste->scene->blobs != NULL)
        {
          g_hash_table_iter_init (&iter, paste->scene->blobs);
          while (g_hash_table_iter_next (&iter, NULL, &blob))
            g_ptr_array_add (blobs, g_bytes_ref (((ConferExcalidrawBlob *) blob)->bytes));
        }
      confer_client_put_blobs_async (self->client, blobs, NULL, blobs_put_cb, paste);
      return;
    }
  if (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE))
    {
      gdk_clipboard_read_texture_async (clipboard, NULL, texture_read_cb, g_object_ref (self));
      return;
    }
  if (text != NULL && text[0] != '\0')
    {
      g_autoptr(ConferBoardElement) element = NULL;
      g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
      double x, y, width, height;

      paste_point (self, &x, &y);
      element = confer_board_canvas_new_element (self, CONFER_BOARD_ELEMENT_TEXT, x, y);
      confer_board_element_set_string (element, CONFER_BOARD_PROP_TEXT, text);
      confer_board_element_set_string (element, CONFER_BOARD_PROP_ORIGINAL_TEXT, text);
      confer_render_text_measure (element, text, &width, &height);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, width);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, height);
      confer_board_tx_add (tx, element);
      confer_board_canvas_apply (self, tx, FALSE);
    }
}

/**
 * confer_board_canvas_paste:
 * @self: a canvas
 *
 * Pastes what the clipboard holds: an Excalidraw scene's elements (from
 * any board, Confer or Excalidraw; images uploaded first), else a picture
 * as an image, else text as a text element; under the pointer, or in the
 * middle of the view. What was pasted is selected.
 */
void
confer_board_canvas_paste (ConferBoardCanvas *self)
{
  GdkClipboard *clipboard;

  g_return_if_fail (CONFER_IS_BOARD_CANVAS (self));

  if (!confer_board_canvas_can_edit (self))
    return;
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  if (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), G_TYPE_STRING) ||
      gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), TEXT_TYPE))
    gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, NULL, texture_read_cb, g_object_ref (self));
}
