/* confer-remote-cursors.c: other participants' cursors in an editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each remote participant has two marks in the buffer (selection anchor and
 * cursor), a text tag in their colour over the selection, and a name label
 * in their colour laid over the text view just above the cursor. Marks move
 * with every edit, local or remote, so a cursor stays on its text until the
 * participant's next presence update moves it. A label fades away after
 * LABEL_VISIBLE_MS without news from its participant, so names do not sit
 * over text (as in Google Docs); the coloured caret stays.
 *
 * The local cursor is shared at most every PRESENCE_INTERVAL_MS: when it is
 * moved, and after typing (which moves it without a mark-set). Presence
 * counts positions at a revision the server has, so while local changes
 * are unacknowledged it waits for the ack; after a reconnect it is shared
 * again once the document has caught up.
 */
#define G_LOG_DOMAIN "confer-remote-cursors"

#include "config.h"

#include "confer-remote-cursors.h"

#define PRESENCE_INTERVAL_MS 100
#define LABEL_VISIBLE_MS     3000

typedef struct
{
  GtkTextBuffer *buffer;  /* unowned: the cursors own the buffer */
  GtkTextMark *anchor;
  GtkTextMark *head;
  GtkTextTag  *tag;
  GtkWidget   *label;
  guint        fade_source;
} Cursor;

struct _ConferRemoteCursors
{
  GObject          parent_instance;

  GtkTextView     *view;
  GtkTextBuffer   *buffer;
  ConferClient    *client;
  ConferClientDoc *doc;
  GHashTable      *cursors;     /* participant id -> Cursor */
  guint            share_source;
  gboolean         share_waiting;  /* shared when local changes are acknowledged */
  guint            scroll_tick;    /* checks a scroll to a cursor happened */
  char            *scroll_target;  /* whose cursor */
  guint            scroll_frames;
  gboolean         reshare;        /* share again once resumed after a reconnect */
};

G_DEFINE_FINAL_TYPE (ConferRemoteCursors, confer_remote_cursors, G_TYPE_OBJECT)

static void
cursor_free (gpointer data)
{
  Cursor *cursor = data;

  /* GTK 4.8 cannot take an overlay back out of a text view
   * (gtk_text_view_remove() only knows anchored children): the label is
   * hidden and goes with the view. */
  g_clear_handle_id (&cursor->fade_source, g_source_remove);
  if (cursor->label != NULL)
    gtk_widget_set_visible (cursor->label, FALSE);
  if (cursor->buffer != NULL)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (cursor->buffer, &start, &end);
      gtk_text_buffer_remove_tag (cursor->buffer, cursor->tag, &start, &end);
      gtk_text_buffer_delete_mark (cursor->buffer, cursor->anchor);
      gtk_text_buffer_delete_mark (cursor->buffer, cursor->head);
    }
  g_clear_object (&cursor->label);
  g_free (cursor);
}

/* Puts every name label at its cursor, in buffer coordinates. */
static void
place_labels (ConferRemoteCursors *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cursors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Cursor *cursor = value;
      GtkTextIter at;
      GdkRectangle rect;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &at, cursor->head);
      gtk_text_view_get_iter_location (self->view, &at, &rect);
      gtk_text_view_move_overlay (self->view, cursor->label, rect.x,
                                  MAX (0, rect.y - gtk_widget_get_height (cursor->label)));
    }
}

static gboolean
fade_cb (gpointer data)
{
  Cursor *cursor = data;

  cursor->fade_source = 0;
  gtk_widget_set_opacity (cursor->label, 0.0);
  return G_SOURCE_REMOVE;
}

/* The name shows while its participant is active, then fades away. */
static void
show_label (Cursor *cursor)
{
  gtk_widget_set_opacity (cursor->label, 1.0);
  g_clear_handle_id (&cursor->fade_source, g_source_remove);
  cursor->fade_source = g_timeout_add (LABEL_VISIBLE_MS, fade_cb, cursor);
}

static void
show_selection (ConferRemoteCursors *self,
                Cursor              *cursor)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, cursor->tag, &start, &end);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, cursor->anchor);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, cursor->head);
  if (gtk_text_iter_equal (&start, &end))
    gtk_text_iter_forward_char (&end);   /* a caret shows as its character */
  gtk_text_buffer_apply_tag (self->buffer, cursor->tag, &start, &end);
}

static void
presence_cb (ConferClientDoc     *doc,
             const char          *participant,
             guint64              anchor,
             guint64              head,
             ConferRemoteCursors *self)
{
  Cursor *cursor = g_hash_table_lookup (self->cursors, participant);
  ConferParticipant *who = confer_client_find_participant (self->client, participant);
  GtkTextIter at;
  int length = gtk_text_buffer_get_char_count (self->buffer);

  if (who == NULL)
    return;
  if (cursor == NULL)
    {
      const char *colour = confer_participant_get_colour (who);
      g_autofree char *markup = NULL;
      GdkRGBA rgba;

      if (!gdk_rgba_parse (&rgba, colour))
        gdk_rgba_parse (&rgba, colour = "#5e5c64");
      cursor = g_new0 (Cursor, 1);
      cursor->buffer = self->buffer;
      gtk_text_buffer_get_start_iter (self->buffer, &at);
      cursor->anchor = gtk_text_buffer_create_mark (self->buffer, NULL, &at, TRUE);
      cursor->head = gtk_text_buffer_create_mark (self->buffer, NULL, &at, FALSE);
      rgba.alpha = 0.3;
      cursor->tag = gtk_text_buffer_create_tag (self->buffer, NULL, "background-rgba", &rgba, NULL);
      cursor->label = g_object_ref_sink (gtk_label_new (NULL));
      markup = g_markup_printf_escaped ("<span background=\"%s\" foreground=\"white\" size=\"small\"> %s </span>",
                                        colour, confer_participant_get_name (who));
      gtk_label_set_markup (GTK_LABEL (cursor->label), markup);
      gtk_widget_set_can_target (cursor->label, FALSE);
      gtk_text_view_add_overlay (self->view, cursor->label, 0, 0);
      g_hash_table_insert (self->cursors, g_strdup (participant), cursor);
    }

  gtk_text_buffer_get_iter_at_offset (self->buffer, &at, MIN ((int) anchor, length));
  gtk_text_buffer_move_mark (self->buffer, cursor->anchor, &at);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &at, MIN ((int) head, length));
  gtk_text_buffer_move_mark (self->buffer, cursor->head, &at);
  show_selection (self, cursor);
  show_label (cursor);
  place_labels (self);
}

static gboolean
share_cb (gpointer data)
{
  ConferRemoteCursors *self = data;
  GtkTextIter anchor, head;

  self->share_source = 0;
  /* Positions in text the server has not seen yet would land elsewhere
   * there: wait for the ack. */
  if (!confer_client_doc_is_synchronized (self->doc))
    {
      self->share_waiting = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->share_waiting = FALSE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &anchor, gtk_text_buffer_get_selection_bound (self->buffer));
  gtk_text_buffer_get_iter_at_mark (self->buffer, &head, gtk_text_buffer_get_insert (self->buffer));
  confer_client_doc_set_cursor (self->doc, gtk_text_iter_get_offset (&anchor), gtk_text_iter_get_offset (&head));
  return G_SOURCE_REMOVE;
}

static void
schedule_share (ConferRemoteCursors *self)
{
  if (self->share_source == 0)
    self->share_source = g_timeout_add (PRESENCE_INTERVAL_MS, share_cb, self);
}

static void
mark_set_cb (GtkTextBuffer       *buffer,
             GtkTextIter         *location,
             GtkTextMark         *mark,
             ConferRemoteCursors *self)
{
  if (mark == gtk_text_buffer_get_insert (buffer) || mark == gtk_text_buffer_get_selection_bound (buffer))
    schedule_share (self);
}

/* Typing, pasting, deleting: the caret moved with the text. */
static void
end_user_action_cb (GtkTextBuffer       *buffer,
                    ConferRemoteCursors *self)
{
  schedule_share (self);
}

static void
acked_cb (ConferClientDoc     *doc,
          guint64              revision,
          guint64              latency,
          ConferRemoteCursors *self)
{
  if (self->share_waiting)
    schedule_share (self);
}

/* After a reconnect the server has forgotten this cursor: shared again
 * once the document has caught up. */
static void
client_state_cb (ConferClient        *client,
                 GParamSpec          *pspec,
                 ConferRemoteCursors *self)
{
  if (confer_client_get_state (client) != CONFER_CONNECTION_ONLINE)
    self->reshare = TRUE;
}

static void
caught_up_cb (ConferClientDoc     *doc,
              ConferRemoteCursors *self)
{
  if (!self->reshare)
    return;
  self->reshare = FALSE;
  schedule_share (self);
}

static void
changed_cb (GtkTextBuffer       *buffer,
            ConferRemoteCursors *self)
{
  place_labels (self);
}

static void
confer_remote_cursors_dispose (GObject *object)
{
  ConferRemoteCursors *self = (ConferRemoteCursors *) object;

  g_clear_handle_id (&self->share_source, g_source_remove);
  if (self->scroll_tick != 0 && self->view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_pointer (&self->scroll_target, g_free);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  if (self->doc != NULL)
    g_signal_handlers_disconnect_by_data (self->doc, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_object (&self->buffer);
  g_clear_object (&self->view);
  g_clear_object (&self->doc);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confer_remote_cursors_parent_class)->dispose (object);
}

static void
confer_remote_cursors_class_init (ConferRemoteCursorsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_remote_cursors_dispose;
}

static void
confer_remote_cursors_init (ConferRemoteCursors *self)
{
  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cursor_free);
}

/**
 * confer_remote_cursors_new:
 * @view: the editor showing @doc
 * @client: the session's client (for names and colours)
 * @doc: the document
 *
 * Shows the other participants' cursors and selections in @view, in their
 * colours with their names, and shares the local cursor.
 *
 * Returns: (transfer full): the cursors; dropping them stops both
 */
ConferRemoteCursors *
confer_remote_cursors_new (GtkTextView     *view,
                           ConferClient    *client,
                           ConferClientDoc *doc)
{
  ConferRemoteCursors *self = g_object_new (CONFER_TYPE_REMOTE_CURSORS, NULL);

  self->view = g_object_ref (view);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  self->client = g_object_ref (client);
  self->doc = g_object_ref (doc);
  g_signal_connect (doc, "presence", G_CALLBACK (presence_cb), self);
  g_signal_connect (doc, "acked", G_CALLBACK (acked_cb), self);
  g_signal_connect (doc, "ready", G_CALLBACK (caught_up_cb), self);
  g_signal_connect (doc, "batch-applied", G_CALLBACK (caught_up_cb), self);
  g_signal_connect (client, "notify::state", G_CALLBACK (client_state_cb), self);
  g_signal_connect (self->buffer, "mark-set", G_CALLBACK (mark_set_cb), self);
  g_signal_connect (self->buffer, "end-user-action", G_CALLBACK (end_user_action_cb), self);
  g_signal_connect (self->buffer, "changed", G_CALLBACK (changed_cb), self);
  /* Those already here, where they are now. */
  {
    g_autoptr(GList) present = confer_client_doc_get_presence (doc);

    for (GList *l = present; l != NULL; l = l->next)
      {
        gsize anchor, head;

        if (confer_client_doc_get_selection (doc, l->data, &anchor, &head))
          presence_cb (doc, l->data, anchor, head, self);
      }
  }
  /* Where this participant is, for those already there. */
  schedule_share (self);
  return self;
}

/**
 * confer_remote_cursors_get_offset:
 * @self: the cursors
 * @participant: a participant id
 * @offset: (out): where their cursor is, in code points
 *
 * Returns: %TRUE if the participant's cursor is known
 */
gboolean
confer_remote_cursors_get_offset (ConferRemoteCursors *self,
                                  const char          *participant,
                                  int                 *offset)
{
  Cursor *cursor = g_hash_table_lookup (self->cursors, participant);
  GtkTextIter at;

  if (cursor == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &at, cursor->head);
  *offset = gtk_text_iter_get_offset (&at);
  return TRUE;
}

/* How many frames a scroll to a cursor is checked for. */
#define SCROLL_CHECK_FRAMES 120

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  ConferRemoteCursors *self = data;
  Cursor *cursor = self->scroll_target != NULL ? g_hash_table_lookup (self->cursors, self->scroll_target) : NULL;
  GdkRectangle visible, location;
  GtkTextIter at;

  if (cursor != NULL && ++self->scroll_frames <= SCROLL_CHECK_FRAMES)
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &at, cursor->head);
      gtk_text_view_get_visible_rect (self->view, &visible);
      gtk_text_view_get_iter_location (self->view, &at, &location);
      if (location.y < visible.y || location.y + location.height > visible.y + visible.height)
        {
          /* Not there yet: ask again (GTK keeps one pending scroll). */
          gtk_text_view_scroll_to_mark (self->view, cursor->head, 0.1, TRUE, 0.0, 0.3);
          return G_SOURCE_CONTINUE;
        }
    }
  self->scroll_tick = 0;
  g_clear_pointer (&self->scroll_target, g_free);
  return G_SOURCE_REMOVE;
}

/**
 * confer_remote_cursors_scroll_to:
 * @self: remote cursors
 * @participant: a participant id
 *
 * Scrolls the view to the participant's cursor.
 *
 * Returns: %TRUE if they have a cursor in this document
 */
gboolean
confer_remote_cursors_scroll_to (ConferRemoteCursors *self,
                                 const char          *participant)
{
  Cursor *cursor = g_hash_table_lookup (self->cursors, participant);

  if (cursor == NULL)
    return FALSE;
  gtk_text_view_scroll_to_mark (self->view, cursor->head, 0.1, TRUE, 0.0, 0.3);
  /* A scroll GTK queued until the lines on the way are laid out can be
   * dropped on a busy machine: the next frames check it took place. */
  g_free (self->scroll_target);
  self->scroll_target = g_strdup (participant);
  self->scroll_frames = 0;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->view), scroll_tick_cb, self, NULL);
  return TRUE;
}
