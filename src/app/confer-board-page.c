/* confer-board-page.c: a board open in the session window: what it holds,
 * kept up to date as everyone changes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-page"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-board-page.h"

struct _ConferBoardPage
{
  AdwBin             parent_instance;

  AdwStatusPage     *status;
  ConferClientBoard *board;   /* the client owns it */
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

static void
update (ConferBoardPage *self)
{
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GString) description = NULL;
  guint counts[CONFER_BOARD_N_ELEMENT_TYPES] = { 0, };

  if (!confer_client_board_is_ready (self->board))
    {
      adw_status_page_set_description (self->status, _("Loading the board…"));
      return;
    }
  elements = confer_board_list (confer_client_board_get_board (self->board), FALSE);
  if (elements->len == 0)
    {
      adw_status_page_set_description (self->status, _("The board is empty."));
      return;
    }
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
}

static void
confer_board_page_dispose (GObject *object)
{
  ConferBoardPage *self = (ConferBoardPage *) object;

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);

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
  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "x-office-drawing-symbolic");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status));
}

/**
 * confer_board_page_new:
 * @board: an open board (a reference is taken)
 *
 * Returns: (transfer floating): a page saying what the board holds, by
 *   kind of element, updated as anyone changes it
 */
GtkWidget *
confer_board_page_new (ConferClientBoard *board)
{
  ConferBoardPage *self = g_object_new (CONFER_TYPE_BOARD_PAGE, NULL);

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
