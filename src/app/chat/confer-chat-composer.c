/* confer-chat-composer.c: where a chat message is written
 *
 * A text view that grows with what is written (up to MAX_HEIGHT): Enter
 * asks to send (::send), Shift+Enter starts a new line, Escape asks to
 * cancel (::cancel), and while it holds text the others are told this
 * participant is typing. Typing "@" at the start of a word, and then the
 * start of a name, offers the session's other participants whose names
 * start so in a popover above the text: Up and Down choose, Enter or Tab
 * writes "@Name " in place of what was typed, Escape closes the list,
 * and a click on a name writes it too. The keyboard stays in the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-composer"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "confer-chat-composer.h"

#define MAX_HEIGHT      160   /* px, the most the text takes before it scrolls */
#define MAX_COMPLETIONS 8     /* names offered at a time */
#define MAX_QUERY       64    /* characters after "@" still completed */

struct _ConferChatComposer
{
  GtkWidget         parent_instance;

  ConferClient     *client;
  ConferClientChat *chat;
  GtkWidget        *scroller;
  GtkWidget        *view;
  GtkWidget        *popover;     /* the names offered */
  GtkWidget        *names;       /* a GtkListBox over completions */
  GListStore       *completions; /* ConferParticipant */
  GtkTextMark      *at;          /* where the "@" being completed is */
  gboolean          dismissed;   /* Escape closed the list for this "@" */
  gboolean          composing;   /* an input method's pre-edit text shows */
};

enum {
  SEND,
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferChatComposer, confer_chat_composer, GTK_TYPE_WIDGET)

static GtkTextBuffer *
buffer_of (ConferChatComposer *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

/* Completion */

static void
hide_completion (ConferChatComposer *self)
{
  g_list_store_remove_all (self->completions);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_STATE_EXPANDED, FALSE, -1);
}

/* Finds an "@" before the cursor that starts a word, with at most
 * MAX_QUERY characters and no line break between it and the cursor; on
 * success @at is on the "@" and the text after it is returned. */
static char *
query_at_cursor (ConferChatComposer *self,
                 GtkTextIter        *at)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter cursor, start;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (gtk_text_buffer_get_has_selection (buffer))
    return NULL;
  *at = cursor;
  for (guint n = 0; n <= MAX_QUERY && gtk_text_iter_backward_char (at); n++)
    {
      gunichar c = gtk_text_iter_get_char (at);

      if (c == '\n')
        return NULL;
      if (c == '@')
        {
          start = *at;
          if (gtk_text_iter_backward_char (&start) && !g_unichar_isspace (gtk_text_iter_get_char (&start)))
            return NULL;
          start = *at;
          gtk_text_iter_forward_char (&start);
          return gtk_text_buffer_get_text (buffer, &start, &cursor, FALSE);
        }
    }
  return NULL;
}

static gboolean
starts_with_casefold (const char *name,
                      const char *query)
{
  g_autofree char *folded_name = g_utf8_casefold (name, -1);
  g_autofree char *folded_query = g_utf8_casefold (query, -1);

  return g_str_has_prefix (folded_name, folded_query);
}

static void
update_completion (ConferChatComposer *self)
{
  GListModel *participants = confer_client_get_participants (self->client);
  const char *me = confer_client_get_participant_id (self->client);
  g_autofree char *query = NULL;
  GtkTextIter at;
  GdkRectangle location;
  int x, y;

  query = query_at_cursor (self, &at);
  if (query == NULL)
    self->dismissed = FALSE;
  if (query == NULL || self->dismissed)
    {
      hide_completion (self);
      return;
    }
  g_list_store_remove_all (self->completions);
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(ConferParticipant) participant = g_list_model_get_item (participants, i);

      if (g_strcmp0 (confer_participant_get_id (participant), me) != 0 &&
          starts_with_casefold (confer_participant_get_name (participant), query) &&
          g_list_model_get_n_items (G_LIST_MODEL (self->completions)) < MAX_COMPLETIONS)
        g_list_store_append (self->completions, participant);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->completions)) == 0)
    {
      hide_completion (self);
      return;
    }
  gtk_text_buffer_move_mark (buffer_of (self), self->at, &at);
  gtk_list_box_select_row (GTK_LIST_BOX (self->names), gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->names), 0));
  /* The list points at the "@". */
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->view), &at, &location);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->view), GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y, &x, &y);
  {
    graphene_point_t in_view = GRAPHENE_POINT_INIT (x, y), in_self;

    if (gtk_widget_compute_point (self->view, GTK_WIDGET (self), &in_view, &in_self))
      {
        location.x = in_self.x;
        location.y = in_self.y;
      }
  }
  location.width = MAX (location.width, 1);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &location);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_STATE_EXPANDED, TRUE, -1);
}

/* Writes "@Name " in place of the "@" and what follows it to the cursor. */
static void
complete (ConferChatComposer *self,
          guint               index)
{
  g_autoptr(ConferParticipant) participant = g_list_model_get_item (G_LIST_MODEL (self->completions), index);
  GtkTextBuffer *buffer = buffer_of (self);
  g_autofree char *mention = NULL;
  GtkTextIter at, cursor;

  if (participant == NULL)
    return;
  mention = g_strdup_printf ("@%s ", confer_participant_get_name (participant));
  gtk_text_buffer_get_iter_at_mark (buffer, &at, self->at);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &at, &cursor);
  gtk_text_buffer_insert (buffer, &at, mention, -1);
  gtk_text_buffer_end_user_action (buffer);
  hide_completion (self);
  gtk_widget_grab_focus (self->view);
}

static void
name_activated_cb (GtkListBox         *box,
                   GtkListBoxRow      *row,
                   ConferChatComposer *self)
{
  complete (self, gtk_list_box_row_get_index (row));
}

static GtkWidget *
name_row_new (gpointer item,
              gpointer data)
{
  ConferParticipant *participant = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *avatar = adw_avatar_new (20, confer_participant_get_name (participant), TRUE);
  GtkWidget *label = gtk_label_new (confer_participant_get_name (participant));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  confer_participant_get_name (participant), -1);
  return row;
}

/* Moves the chosen name by @step, staying in the list. */
static void
move_choice (ConferChatComposer *self,
             int                 step)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->names));
  int n = g_list_model_get_n_items (G_LIST_MODEL (self->completions));
  int index = row != NULL ? gtk_list_box_row_get_index (row) : 0;

  index = CLAMP (index + step, 0, n - 1);
  gtk_list_box_select_row (GTK_LIST_BOX (self->names), gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->names), index));
}

/* Keys */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ConferChatComposer    *self)
{
  gboolean enter = keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;
  gboolean handled = FALSE;

  /* While an input method composes, its keys are its own: Enter confirms
   * the composition, it does not send. */
  if (self->composing)
    return FALSE;
  if (gtk_widget_get_visible (self->popover))
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->names));

      switch (keyval)
        {
        case GDK_KEY_Down:
        case GDK_KEY_KP_Down:
          move_choice (self, 1);
          return TRUE;
        case GDK_KEY_Up:
        case GDK_KEY_KP_Up:
          move_choice (self, -1);
          return TRUE;
        case GDK_KEY_Tab:
        case GDK_KEY_ISO_Left_Tab:
        case GDK_KEY_Return:
        case GDK_KEY_KP_Enter:
        case GDK_KEY_ISO_Enter:
          complete (self, row != NULL ? gtk_list_box_row_get_index (row) : 0);
          return TRUE;
        case GDK_KEY_Escape:
          self->dismissed = TRUE;
          hide_completion (self);
          return TRUE;
        default:
          break;
        }
    }
  if (enter && !(state & GDK_SHIFT_MASK))
    {
      g_signal_emit (self, signals[SEND], 0);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape)
    g_signal_emit (self, signals[CANCEL], 0, &handled);
  return handled;
}

static void
changed_cb (ConferChatComposer *self)
{
  /* What was wrong is being fixed. */
  confer_chat_composer_set_error (self, NULL);
  confer_client_chat_set_typing (self->chat, gtk_text_buffer_get_char_count (buffer_of (self)) > 0);
  update_completion (self);
}

static void
preedit_changed_cb (GtkTextView        *view,
                    const char         *preedit,
                    ConferChatComposer *self)
{
  self->composing = preedit != NULL && *preedit != '\0';
}

static void
mark_set_cb (GtkTextBuffer      *buffer,
             const GtkTextIter  *location,
             GtkTextMark        *mark,
             ConferChatComposer *self)
{
  if (mark == gtk_text_buffer_get_insert (buffer))
    update_completion (self);
}

/* GObject */

static gboolean
confer_chat_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (CONFER_CHAT_COMPOSER (widget)->view);
}

static void
confer_chat_composer_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  ConferChatComposer *self = CONFER_CHAT_COMPOSER (widget);

  gtk_widget_allocate (self->scroller, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
confer_chat_composer_dispose (GObject *object)
{
  ConferChatComposer *self = CONFER_CHAT_COMPOSER (object);

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (buffer_of (self), self);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->view = NULL;
  g_clear_object (&self->completions);
  g_clear_object (&self->chat);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confer_chat_composer_parent_class)->dispose (object);
}

static void
confer_chat_composer_class_init (ConferChatComposerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = confer_chat_composer_dispose;
  widget_class->grab_focus = confer_chat_composer_grab_focus;
  widget_class->size_allocate = confer_chat_composer_size_allocate;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  /**
   * ConferChatComposer::send:
   *
   * Enter was pressed (not with Shift, nor to choose a name): what is
   * written is to be sent.
   */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);
  /**
   * ConferChatComposer::cancel:
   *
   * Escape was pressed with no names offered.
   *
   * Returns: %TRUE if a handler used it (then it goes no further)
   */
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 0);
}

static void
confer_chat_composer_init (ConferChatComposer *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkWidget *names_scroller = gtk_scrolled_window_new ();

  self->completions = g_list_store_new (CONFER_TYPE_PARTICIPANT);
  self->view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_AUTOCOMPLETE,
                                  GTK_ACCESSIBLE_AUTOCOMPLETE_LIST, -1);
  /* Before the text view's own keys, so that Enter and Tab choose a name. */
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->view, key);
  g_signal_connect (self->view, "preedit-changed", G_CALLBACK (preedit_changed_cb), self);
  {
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (buffer_of (self), &start);
    self->at = gtk_text_buffer_create_mark (buffer_of (self), NULL, &start, TRUE);
  }
  g_signal_connect_swapped (buffer_of (self), "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect (buffer_of (self), "mark-set", G_CALLBACK (mark_set_cb), self);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), MAX_HEIGHT);
  gtk_widget_add_css_class (self->scroller, "card");
  gtk_widget_add_css_class (self->scroller, "chat-composer");
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  self->names = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->names), GTK_SELECTION_BROWSE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->names), TRUE);
  gtk_widget_set_can_focus (self->names, FALSE);
  gtk_widget_add_css_class (self->names, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->names), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Participants to mention"), -1);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->names), G_LIST_MODEL (self->completions), name_row_new, NULL, NULL);
  g_signal_connect (self->names, "row-activated", G_CALLBACK (name_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (names_scroller), self->names);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (names_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (names_scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (names_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (names_scroller), 240);
  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), names_scroller);
  /* The keyboard stays in the text. */
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_TOP);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
}

/**
 * confer_chat_composer_new:
 * @client: the session's client (a reference is taken): its participants
 *   are the names completed
 * @chat: the session's chat (a reference is taken): told while this
 *   participant types
 * @label: the text's accessible name ("Message", "Reply in the thread")
 *
 * Returns: (transfer floating): an empty composer
 */
GtkWidget *
confer_chat_composer_new (ConferClient     *client,
                          ConferClientChat *chat,
                          const char       *label)
{
  ConferChatComposer *self = g_object_new (CONFER_TYPE_CHAT_COMPOSER, NULL);

  self->client = g_object_ref (client);
  self->chat = g_object_ref (chat);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_WIDGET (self);
}

/**
 * confer_chat_composer_get_text:
 * @self: a composer
 *
 * Returns: (transfer full): what is written, as written (Markdown source)
 */
char *
confer_chat_composer_get_text (ConferChatComposer *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (CONFER_IS_CHAT_COMPOSER (self), NULL);

  gtk_text_buffer_get_bounds (buffer_of (self), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (self), &start, &end, FALSE);
}

/**
 * confer_chat_composer_set_text:
 * @self: a composer
 * @text: what it is to hold ("" empties it)
 *
 * Replaces what is written; an empty composer tells the others this
 * participant stopped typing.
 */
void
confer_chat_composer_set_text (ConferChatComposer *self,
                               const char         *text)
{
  g_return_if_fail (CONFER_IS_CHAT_COMPOSER (self));

  gtk_text_buffer_set_text (buffer_of (self), text, -1);
}

/**
 * confer_chat_composer_set_error:
 * @self: a composer
 * @message: (nullable): why what is written cannot be sent, or %NULL when
 *   it can
 *
 * Marks the composer (the `error` style, @message as its tooltip and
 * accessible description) or clears the mark; changing the text clears
 * it too.
 */
void
confer_chat_composer_set_error (ConferChatComposer *self,
                                const char         *message)
{
  g_return_if_fail (CONFER_IS_CHAT_COMPOSER (self));

  gtk_widget_set_tooltip_text (self->view, message);
  if (message != NULL)
    {
      gtk_widget_add_css_class (self->scroller, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->scroller, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/**
 * confer_chat_composer_get_completing:
 * @self: a composer
 *
 * Returns: whether names to mention are offered now
 */
gboolean
confer_chat_composer_get_completing (ConferChatComposer *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_COMPOSER (self), FALSE);

  return gtk_widget_get_visible (self->popover);
}

/**
 * confer_chat_composer_get_completions:
 * @self: a composer
 *
 * Returns: (transfer none): the participants offered (#ConferParticipant,
 *   in the session's order, at most 8; empty when none are)
 */
GListModel *
confer_chat_composer_get_completions (ConferChatComposer *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_COMPOSER (self), NULL);

  return G_LIST_MODEL (self->completions);
}
