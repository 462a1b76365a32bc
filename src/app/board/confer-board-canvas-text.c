/* confer-board-canvas-text.c: writing a text or a sticky note's words in
 * place, in a text view laid over the element at its size and font
 *
 * While a text is edited, the tiles leave it out and the editor shows it;
 * Escape, Ctrl+Enter or leaving the editor writes it to the board as one
 * change (an emptied text is deleted, a new empty one never made).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-canvas"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "confer-board-canvas-private.h"

#define NOTE_PADDING 16   /* scene px, as the renderer insets a note's text */

/* The element being edited, or NULL for a new text. */
static const ConferBoardElement *
edited (ConferBoardCanvas *self)
{
  const ConferBoardElement *element;

  if (self->editing_id == NULL)
    return NULL;
  element = confer_board_lookup (confer_board_canvas_board (self), self->editing_id);
  return element != NULL && !element->deleted ? element : NULL;
}

/* A text element with the text's look: the one edited, or a new one in
 * the style chosen for new elements. */
static ConferBoardElement *
text_look (ConferBoardCanvas *self)
{
  const ConferBoardElement *element = edited (self);

  if (element != NULL)
    return confer_board_element_ref ((ConferBoardElement *) element);
  return confer_board_canvas_new_element (self, CONFER_BOARD_ELEMENT_TEXT, self->edit_x, self->edit_y);
}

static char *
editor_text (ConferBoardCanvas *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * confer_board_canvas_place_editor:
 * @self: a canvas
 *
 * Lays the editor over its element at the current zoom, in the element's
 * font at that zoom.
 */
void
confer_board_canvas_place_editor (ConferBoardCanvas *self)
{
  g_autoptr(ConferBoardElement) look = NULL;
  g_autoptr(GString) css = g_string_new (NULL);
  g_auto(GStrv) families = NULL;
  g_autofree char *text = NULL;
  const ConferBoardElement *element;
  GtkAllocation allocation;
  double x, y, width, height, font_size;
  int natural;

  if (self->editor == NULL)
    return;
  element = edited (self);
  look = text_look (self);
  font_size = confer_board_element_get_number (look, CONFER_BOARD_PROP_FONT_SIZE);
  families = g_strsplit (confer_render_font_families ((int) confer_board_element_get_number (look, CONFER_BOARD_PROP_FONT_FAMILY)), ",", -1);
  g_string_append (css, "textview.board-editor, textview.board-editor text { background: transparent; font-family: ");
  for (guint i = 0; families[i] != NULL; i++)
    g_string_append_printf (css, "%s\"%s\"", i > 0 ? ", " : "", families[i]);
  g_string_append_printf (css, "; font-size: %.2fpx; color: %s; }", font_size * self->zoom,
                          confer_board_element_get_string (look, CONFER_BOARD_PROP_STROKE_COLOR));
  gtk_css_provider_load_from_data (self->editor_style, css->str, -1);

  if (element != NULL && element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE)
    {
      x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X) + NOTE_PADDING;
      y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y) + NOTE_PADDING;
      width = confer_board_element_get_number (element, CONFER_BOARD_PROP_WIDTH) - 2 * NOTE_PADDING;
      height = confer_board_element_get_number (element, CONFER_BOARD_PROP_HEIGHT) - 2 * NOTE_PADDING;
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->editor), GTK_WRAP_WORD_CHAR);
    }
  else
    {
      text = editor_text (self);
      x = confer_board_element_get_number (look, CONFER_BOARD_PROP_X);
      y = confer_board_element_get_number (look, CONFER_BOARD_PROP_Y);
      confer_render_text_measure (look, text[0] != '\0' ? text : "M", &width, &height);
      width += font_size;   /* room for the next character */
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->editor), GTK_WRAP_NONE);
    }
  confer_board_canvas_to_widget (self, x, y, &x, &y);
  gtk_widget_measure (self->editor, GTK_ORIENTATION_VERTICAL, MAX ((int) (width * self->zoom), 1), NULL, &natural, NULL, NULL);
  allocation.x = (int) round (x);
  allocation.y = (int) round (y);
  allocation.width = MAX ((int) ceil (width * self->zoom), 1);
  allocation.height = MAX ((int) ceil (height * self->zoom), natural);
  gtk_widget_size_allocate (self->editor, &allocation, -1);
}

static void
buffer_changed_cb (ConferBoardCanvas *self)
{
  confer_board_canvas_place_editor (self);
}

static gboolean
editor_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               ConferBoardCanvas     *self)
{
  if (keyval == GDK_KEY_Escape ||
      ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK)))
    {
      confer_board_canvas_end_text (self);
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return TRUE;
    }
  return FALSE;
}

static gboolean
end_unless_focused_cb (gpointer data)
{
  ConferBoardCanvas *self = data;

  if (self->editor != NULL && !gtk_widget_has_focus (self->editor))
    confer_board_canvas_end_text (self);
  return G_SOURCE_REMOVE;
}

static void
editor_leave_cb (ConferBoardCanvas *self)
{
  /* After the focus change is done (ending unparents the editor), and
   * only if the focus did not come back or go to a new editor. */
  g_idle_add_full (G_PRIORITY_DEFAULT, end_unless_focused_cb, g_object_ref (self), g_object_unref);
}

/**
 * confer_board_canvas_edit_text:
 * @self: a canvas
 * @id: (nullable): a text or sticky note to edit, or %NULL to write a new
 *   text
 * @x: for a new text, its top left, scene px
 * @y: likewise
 *
 * Opens the editor in place and gives it the focus (ending any other
 * edit first).
 */
void
confer_board_canvas_edit_text (ConferBoardCanvas *self,
                               const char        *id,
                               double             x,
                               double             y)
{
  const ConferBoardElement *element;
  GtkEventController *key, *focus;
  GtkTextBuffer *buffer;

  confer_board_canvas_end_text (self);
  self->editing_id = g_strdup (id);
  self->edit_x = x;
  self->edit_y = y;
  element = edited (self);
  if (id != NULL && element == NULL)
    {
      g_clear_pointer (&self->editing_id, g_free);
      return;
    }
  self->editor = gtk_text_view_new ();
  gtk_widget_add_css_class (self->editor, "board-editor");
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->editor), FALSE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->editor), 0);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->editor), 0);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->editor), 0);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->editor), 0);
  if (element != NULL)
    {
      const char *align = confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT_ALIGN);

      /* Aligned as the renderer will draw it. */
      gtk_text_view_set_justification (GTK_TEXT_VIEW (self->editor),
                                       g_strcmp0 (align, "center") == 0 ? GTK_JUSTIFY_CENTER :
                                       g_strcmp0 (align, "right") == 0 ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  element != NULL && element->type == CONFER_BOARD_ELEMENT_STICKY_NOTE
                                  ? _("Sticky note text") : _("Text"), -1);
  self->editor_style = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (self->editor), GTK_STYLE_PROVIDER (self->editor_style),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  if (element != NULL)
    gtk_text_buffer_set_text (buffer, confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT), -1);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (editor_key_cb), self);
  gtk_widget_add_controller (self->editor, key);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (editor_leave_cb), self);
  gtk_widget_add_controller (self->editor, focus);
  gtk_widget_set_parent (self->editor, GTK_WIDGET (self));
  confer_board_canvas_place_editor (self);
  confer_board_canvas_damage (self, self->editing_id);
  gtk_widget_grab_focus (self->editor);
}

/* What the editor holds goes to the board. */
static void
commit (ConferBoardCanvas *self,
        const char        *text)
{
  const ConferBoardElement *element = edited (self);
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();

  if (!confer_board_canvas_can_edit (self))
    return;
  if (element == NULL)
    {
      g_autoptr(ConferBoardElement) added = NULL;
      double width, height;

      if (text[0] == '\0' || self->editing_id != NULL)
        return;
      added = text_look (self);
      confer_board_element_set_string (added, CONFER_BOARD_PROP_TEXT, text);
      confer_board_element_set_string (added, CONFER_BOARD_PROP_ORIGINAL_TEXT, text);
      confer_render_text_measure (added, text, &width, &height);
      confer_board_element_set_number (added, CONFER_BOARD_PROP_WIDTH, width);
      confer_board_element_set_number (added, CONFER_BOARD_PROP_HEIGHT, height);
      confer_board_tx_add (tx, added);
    }
  else if (g_strcmp0 (text, confer_board_element_get_string (element, CONFER_BOARD_PROP_TEXT)) == 0)
    return;
  else if (text[0] == '\0' && element->type == CONFER_BOARD_ELEMENT_TEXT)
    confer_board_tx_delete (tx, element->id);
  else
    {
      confer_board_tx_set_string (tx, element->id, CONFER_BOARD_PROP_TEXT, text);
      confer_board_tx_set_string (tx, element->id, CONFER_BOARD_PROP_ORIGINAL_TEXT, text);
      if (element->type == CONFER_BOARD_ELEMENT_TEXT &&
          confer_board_element_get_string (element, CONFER_BOARD_PROP_CONTAINER_ID) == NULL)
        {
          double width, height;

          confer_render_text_measure (element, text, &width, &height);
          confer_board_tx_set_number (tx, element->id, CONFER_BOARD_PROP_WIDTH, width);
          confer_board_tx_set_number (tx, element->id, CONFER_BOARD_PROP_HEIGHT, height);
        }
    }
  confer_board_canvas_apply (self, tx, FALSE);
}

/**
 * confer_board_canvas_end_text:
 * @self: a canvas
 *
 * Closes the editor, if open, writing what it holds to the board.
 */
void
confer_board_canvas_end_text (ConferBoardCanvas *self)
{
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  GtkWidget *editor = self->editor;

  if (editor == NULL)
    return;
  text = editor_text (self);
  self->editor = NULL;
  g_signal_handlers_disconnect_by_data (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), self);
  commit (self, text);
  id = g_steal_pointer (&self->editing_id);
  gtk_widget_unparent (editor);
  g_clear_object (&self->editor_style);
  confer_board_canvas_damage (self, id);
}
