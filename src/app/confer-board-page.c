/* confer-board-page.c: a board open in the session window: the board
 * drawn to fit, and what it holds, kept up to date as everyone changes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-page"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-board-page.h"
#include "confer-render.h"

/* Room around the drawn board, px. */
#define MARGIN 24

struct _ConferBoardPage
{
  AdwBin             parent_instance;

  GtkStack          *stack;     /* "empty" (the status page) or "board" */
  AdwStatusPage     *status;
  GtkDrawingArea    *drawing;
  GtkLabel          *caption;
  ConferClientBoard *board;     /* the client owns it */
  ConferClient      *client;    /* for the images */
  GHashTable        *images;    /* blob name -> GBytes, fetched once */
  GHashTable        *fetching;  /* blob names asked for */
};

G_DEFINE_FINAL_TYPE (ConferBoardPage, confer_board_page, ADW_TYPE_BIN)

/* "3 rectangles", for each type. */
static char *
count_of (ConferBoardElementType type,
          guint                  n)
{
  switch (type)
    {
    case CONFER_BOARD_ELEMENT_RECTANGLE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rectangle", "%u rectangles", n), n);
    case CONFER_BOARD_ELEMENT_ELLIPSE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ellipse", "%u ellipses", n), n);
    case CONFER_BOARD_ELEMENT_DIAMOND:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u diamond", "%u diamonds", n), n);
    case CONFER_BOARD_ELEMENT_LINE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n), n);
    case CONFER_BOARD_ELEMENT_ARROW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u arrow", "%u arrows", n), n);
    case CONFER_BOARD_ELEMENT_FREEDRAW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stroke", "%u strokes", n), n);
    case CONFER_BOARD_ELEMENT_TEXT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text", "%u texts", n), n);
    case CONFER_BOARD_ELEMENT_STICKY_NOTE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sticky note", "%u sticky notes", n), n);
    case CONFER_BOARD_ELEMENT_IMAGE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", n), n);
    case CONFER_BOARD_ELEMENT_FRAME:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u frame", "%u frames", n), n);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The board, scaled to fit (never above 1:1), on white paper so that its
 * colours read as they were drawn, in the light style and the dark. */
static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        data)
{
  ConferBoardPage *self = data;
  ConferBoard *board = confer_client_board_get_board (self->board);
  ConferRenderBox bounds;
  ConferRenderArea scene;
  double scale;

  if (!confer_client_board_is_ready (self->board) || !confer_render_get_bounds (board, &bounds) ||
      width <= 2 * MARGIN || height <= 2 * MARGIN)
    return;
  scale = MIN (1.0, MIN ((width - 2 * MARGIN) / MAX (bounds.width, 1), (height - 2 * MARGIN) / MAX (bounds.height, 1)));
  scene.x = bounds.x;
  scene.y = bounds.y;
  scene.width = bounds.width;
  scene.height = bounds.height;
  scene.scale = scale;
  cairo_translate (cr, (width - bounds.width * scale) / 2, (height - bounds.height * scale) / 2);
  cairo_rectangle (cr, -MARGIN / 2.0, -MARGIN / 2.0, bounds.width * scale + MARGIN, bounds.height * scale + MARGIN);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  confer_render_board (cr, board, self->images, &scene);
}

static void
images_got_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(ConferBoardPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) got = confer_client_get_blobs_finish (CONFER_CLIENT (source), result, &error);
  GHashTableIter iter;
  gpointer name, bytes;

  if (got == NULL)
    {
      g_debug ("Could not fetch the board's images: %s", error->message);
      return;
    }
  g_hash_table_iter_init (&iter, got);
  while (g_hash_table_iter_next (&iter, &name, &bytes))
    g_hash_table_insert (self->images, g_strdup (name), g_bytes_ref (bytes));
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing));
}

/* Images not fetched yet are asked for, in a worker thread. */
static void
fetch_images (ConferBoardPage *self,
              GPtrArray       *elements)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < elements->len; i++)
    {
      const char *file_id = confer_board_element_get_string (g_ptr_array_index (elements, i), CONFER_BOARD_PROP_FILE_ID);

      if (file_id == NULL || g_hash_table_contains (self->fetching, file_id))
        continue;
      g_hash_table_add (self->fetching, g_strdup (file_id));
      g_ptr_array_add (names, g_strdup (file_id));
    }
  if (names->len > 0)
    confer_client_get_blobs_async (self->client, names, NULL, images_got_cb, g_object_ref (self));
}

static void
update (ConferBoardPage *self)
{
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GString) description = NULL;
  guint counts[CONFER_BOARD_N_ELEMENT_TYPES] = { 0, };

  if (!confer_client_board_is_ready (self->board))
    {
      adw_status_page_set_description (self->status, _("Loading the board…"));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  elements = confer_board_list (confer_client_board_get_board (self->board), FALSE);
  if (elements->len == 0)
    {
      adw_status_page_set_description (self->status, _("The board is empty."));
      gtk_label_set_text (self->caption, _("The board is empty."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  fetch_images (self, elements);
  for (guint i = 0; i < elements->len; i++)
    counts[((ConferBoardElement *) g_ptr_array_index (elements, i))->type]++;
  description = g_string_new (NULL);
  for (guint t = 0; t < CONFER_BOARD_N_ELEMENT_TYPES; t++)
    if (counts[t] > 0)
      {
        g_autofree char *count = count_of (t, counts[t]);

        if (description->len > 0)
          /* Translators: between the counts of a board's elements, "3 rectangles, 2 arrows". */
          g_string_append (description, _(", "));
        g_string_append (description, count);
      }
  adw_status_page_set_description (self->status, description->str);
  gtk_label_set_text (self->caption, description->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drawing), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);
  gtk_stack_set_visible_child_name (self->stack, "board");
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing));
}

static void
confer_board_page_dispose (GObject *object)
{
  ConferBoardPage *self = (ConferBoardPage *) object;

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_object (&self->client);
  g_clear_pointer (&self->images, g_hash_table_unref);
  g_clear_pointer (&self->fetching, g_hash_table_unref);

  G_OBJECT_CLASS (confer_board_page_parent_class)->dispose (object);
}

static void
confer_board_page_class_init (ConferBoardPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_board_page_dispose;
}

static void
confer_board_page_init (ConferBoardPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stack = GTK_STACK (gtk_stack_new ());
  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "x-office-drawing-symbolic");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status), "empty");

  self->drawing = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->drawing), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->drawing), TRUE);
  gtk_drawing_area_set_draw_func (self->drawing, draw_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drawing), GTK_ACCESSIBLE_PROPERTY_LABEL, _("The board"), -1);
  self->caption = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->caption, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->caption), 3);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->caption), 3);
  gtk_widget_set_margin_end (GTK_WIDGET (self->caption), 12);
  gtk_label_set_xalign (self->caption, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->drawing));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->caption));
  gtk_stack_add_named (self->stack, box, "board");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

/**
 * confer_board_page_new:
 * @client: the client the board is open in (a reference is taken), whose
 *   credentials fetch the board's images
 * @board: an open board (a reference is taken)
 *
 * Returns: (transfer floating): a page drawing the board to fit
 *   (libconfer-render) and saying what it holds, by kind of element,
 *   updated as anyone changes it
 */
GtkWidget *
confer_board_page_new (ConferClient      *client,
                       ConferClientBoard *board)
{
  ConferBoardPage *self = g_object_new (CONFER_TYPE_BOARD_PAGE, NULL);

  self->client = g_object_ref (client);
  self->board = g_object_ref (board);
  g_signal_connect_swapped (board, "ready", G_CALLBACK (update), self);
  g_signal_connect_swapped (board, "changed", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

/**
 * confer_board_page_get_board:
 * @self: a board page
 *
 * Returns: (transfer none): its board
 */
ConferClientBoard *
confer_board_page_get_board (ConferBoardPage *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_PAGE (self), NULL);

  return self->board;
}

/**
 * confer_board_page_set_title:
 * @self: a board page
 * @title: the board's title
 *
 * Shows the board's title (when it is renamed, say).
 */
void
confer_board_page_set_title (ConferBoardPage *self,
                             const char      *title)
{
  g_return_if_fail (CONFER_IS_BOARD_PAGE (self));

  adw_status_page_set_title (self->status, title);
}
