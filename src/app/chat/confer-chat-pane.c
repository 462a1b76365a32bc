/* confer-chat-pane.c: the session's chat, beside its documents and boards
 *
 * The messages are a GtkListView over the newest of the chat's list model:
 * a GtkSliceListModel that starts SHOWN_FIRST messages before the end and
 * reaches back a page further each time the list is scrolled to its top,
 * until it shows all the chat has loaded; from there, scrolling to the top
 * loads the page before. (GTK 4.8's list view makes row widgets for up to
 * 200 items around what shows, about a millisecond each here: over a chat
 * followed for a while, a list of everything loaded would take a quarter
 * of a second to its first screen.) The composer sends with Enter (Shift+
 * Enter starts a new line), says this participant is typing, answers the
 * message being replied to, or replaces the one being edited. Who else is
 * typing shows under the list. A thread (a reply's quote, or Show Thread)
 * opens in a panel beside the chat — an AdwLeaflet, so that where both do
 * not fit the thread takes the chat's place, with a way back. The
 * microphone button records a voice message (ConferVoiceRecording shows
 * it): clicked, until it is clicked again; held, until it is released.
 * Escape cancels, and so does sliding the pointer that holds the button
 * away from it before releasing (a "‹ Slide to cancel" hint over the
 * composer follows it); stopped, it is processed, uploaded as a blob and
 * sent with its duration and waveform.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-chat-pane"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "confer-chat-composer.h"
#include "confer-chat-notify.h"
#include "confer-chat-pane.h"
#include "confer-chat-row.h"
#include "confer-chat-thread.h"
#include "confer-voice-recording.h"

#define OLDER_PAGE  50   /* messages shown or loaded at a time when scrolling up */
#define SHOWN_FIRST 30   /* the newest messages the list starts with: more
                          * than fit a pane, fewer than a page */
#define SHOWN_ALL   (G_MAXUINT / 2)  /* the slice's size for "to the end": it
                                      * adds it to its offset */
#define COLUMN_PX  300   /* the narrowest the chat or a thread is; both
                          * show side by side from twice that */
/* A recording stops itself at 5 minutes (CONFER_VOICE_MAX_DURATION_MS). */
#define RECORD_TOOLTIP _("Record a Voice Message (up to 5 Minutes)\nHold to record, slide away to cancel")
/* Translators: over the composer while the microphone button is held; the
 * arrow points where to slide (to the left, to the right in right-to-left
 * scripts). */
#define SLIDE_HINT _("‹ Slide to cancel")
/* Released this far (px) from where it pressed the microphone button,
 * towards the composer, the pointer cancels the recording: over a third of
 * the recording bar at the chat's narrowest (COLUMN_PX), so that a hand
 * that wavers while holding does not. */
#define SLIDE_CANCEL_PX 120.0
#define SLIDE_HINT_MARGIN 12 /* px between the hint and the composer's end */

struct _ConferChatPane
{
  GtkBox            parent_instance;

  ConferClient     *client;
  ConferClientChat *chat;
  GtkWidget        *scroller;
  guint             scroll_source;  /* to the latest message, once the rows are made */
  GtkWidget        *list;
  GtkSliceListModel *shown;       /* the newest messages, from an offset; empty until the chat is ready */
  guint             fill_source;  /* to show older messages while the list does not fill the pane */
  GtkWidget        *views;        /* "messages", or "results" while searching */
  GtkWidget        *search_bar;
  GtkWidget        *search_entry;
  GtkWidget        *results;      /* a GtkListBox of matches */
  GCancellable     *searching;
  char             *wanted;       /* a found message being scrolled to */
  GtkWidget        *leaflet;      /* the chat, and a thread beside it or in its place */
  GtkWidget        *main;         /* the chat */
  GtkWidget        *thread;       /* a ConferChatThread, shown while open */
  GtkWidget        *typing;       /* who is typing */
  GHashTable       *typists;      /* participant id → NULL */
  GtkWidget        *context;      /* "Replying to…" / "Editing" bar */
  GtkWidget        *context_label;
  GtkWidget        *composer;     /* a ConferChatComposer */
  GtkWidget        *emoji;        /* the reaction chooser */
  ConferChatAttachments *attachments;
  GtkWidget        *record;       /* the microphone toggle */
  GtkWidget        *recording;    /* a ConferVoiceRecording, in a revealer */
  GtkGesture       *hold;         /* a pointer on it (the button owns it) */
  GtkWidget        *composer_overlay;
  GtkWidget        *slide_cover;  /* over the composer while the button is held */
  GtkWidget        *slide_hint;   /* over that, SLIDE_HINT, moved by the pointer */
  double            slid;         /* px the pointer has slid towards cancelling */
  guint32           held_at;      /* the button's press (event time, ms) */
  gboolean          holding;      /* a pointer holds the button */
  gboolean          hold_started; /* and its press started the recording */
  char             *reply_to;
  char             *editing;
  char             *reacting;
  char             *first_unread; /* the message the "New messages" line is above */
  gboolean          at_bottom;
  gboolean          loading;
  GtkWidget        *notify_button;
  ConferChatNotify  notify;
};

G_DEFINE_FINAL_TYPE (ConferChatPane, confer_chat_pane, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_NOTIFY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
name_of (ConferChatPane *self,
         const char     *participant_id)
{
  ConferParticipant *participant = confer_client_find_participant (self->client, participant_id);

  return participant != NULL ? confer_participant_get_name (participant) : _("Someone");
}

/* The composer */

static void
set_context (ConferChatPane *self,
             const char     *reply_to,
             const char     *editing)
{
  g_autofree char *label = NULL;

  g_free (self->reply_to);
  self->reply_to = g_strdup (reply_to);
  g_free (self->editing);
  self->editing = g_strdup (editing);
  if (reply_to != NULL)
    {
      ConferChatMessage *parent = confer_client_chat_find_message (self->chat, reply_to);

      /* Translators: above the composer while answering a message; %s is its author. */
      label = g_strdup_printf (_("Replying to %s"), parent != NULL ? name_of (self, confer_chat_message_get_author (parent)) : "…");
    }
  else if (editing != NULL)
    label = g_strdup (_("Editing your message"));
  gtk_label_set_text (GTK_LABEL (self->context_label), label != NULL ? label : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->context), label != NULL);
}

static void
cancel_cb (ConferChatPane *self)
{
  set_context (self, NULL, NULL);
}

static void
send (ConferChatPane *self)
{
  g_autofree char *text = confer_chat_composer_get_text (CONFER_CHAT_COMPOSER (self->composer));
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (trimmed[0] == '\0')
    return;
  if (self->editing != NULL)
    confer_client_chat_edit (self->chat, self->editing, text, &error);
  else
    confer_client_chat_send (self->chat, text, self->reply_to, NULL, &error);   /* the chat's message */
  if (error != NULL)
    {
      /* The text stays for the user to fix; what was wrong is said. */
      confer_chat_composer_set_error (CONFER_CHAT_COMPOSER (self->composer), error->message);
      return;
    }
  confer_chat_composer_set_error (CONFER_CHAT_COMPOSER (self->composer), NULL);
  confer_chat_composer_set_text (CONFER_CHAT_COMPOSER (self->composer), "");
  set_context (self, NULL, NULL);
  self->at_bottom = TRUE;
}

/* Escape stops a recording, or what is being answered or edited. */
static gboolean
composer_cancel_cb (ConferChatPane *self)
{
  if (confer_voice_recording_get_recording (CONFER_VOICE_RECORDING (self->recording)))
    {
      confer_voice_recording_cancel (CONFER_VOICE_RECORDING (self->recording));
      return TRUE;
    }
  if (self->reply_to != NULL || self->editing != NULL)
    {
      if (self->editing != NULL)
        confer_chat_composer_set_text (CONFER_CHAT_COMPOSER (self->composer), "");
      set_context (self, NULL, NULL);
      return TRUE;
    }
  return FALSE;
}

/* The list */

/* Voice messages */

static void
say_voice_error (ConferChatPane *self,
                 const char     *message)
{
  gtk_widget_set_tooltip_text (self->record, message);
  gtk_widget_add_css_class (self->record, "error");
}

static void
voice_ready_cb (ConferVoiceRecording *recording,
                ConferVoiceClip      *clip,
                const char           *name,
                ConferChatPane       *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) waveform = confer_voice_clip_dup_waveform_bytes (clip);
  guint duration_ms = confer_voice_clip_get_duration_ms (clip);
  /* Translators: a voice message's text; %.2f is its length in seconds. */
  g_autofree char *text = g_strdup_printf (_("Voice message (%.2f s)"), duration_ms / 1000.0);

  if (confer_client_chat_send_voice (self->chat, text, self->reply_to, name, duration_ms, waveform, &error) == NULL)
    say_voice_error (self, error->message);
  set_context (self, NULL, NULL);
  self->at_bottom = TRUE;
}

static void
hide_slide (ConferChatPane *self)
{
  gtk_widget_set_visible (self->slide_cover, FALSE);
  gtk_widget_set_visible (self->slide_hint, FALSE);
}

/* The microphone stopped (by hand, cancelled, at 5 minutes or failing):
 * the button says so, and waits while what it recorded is sent. */
static void
recording_changed_cb (ConferChatPane *self)
{
  gboolean recording = confer_voice_recording_get_recording (CONFER_VOICE_RECORDING (self->recording));
  gboolean busy;

  g_object_get (self->recording, "busy", &busy, NULL);
  gtk_widget_set_sensitive (self->record, recording || !busy);
  if (recording)
    return;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->record), FALSE);
  gtk_widget_remove_css_class (self->record, "destructive-action");
  gtk_widget_set_tooltip_text (self->record, RECORD_TOOLTIP);
  hide_slide (self);
}

static void
record_toggled_cb (GtkToggleButton *button,
                   ConferChatPane  *self)
{
  ConferVoiceRecording *recording = CONFER_VOICE_RECORDING (self->recording);
  g_autoptr(GError) error = NULL;

  if (!gtk_toggle_button_get_active (button))
    {
      confer_voice_recording_stop (recording);
      return;
    }
  if (confer_voice_recording_get_recording (recording))
    return;
  gtk_widget_remove_css_class (self->record, "error");
  gtk_widget_set_tooltip_text (self->record, _("Stop and Send the Voice Message\nSlide away to cancel, or press Escape"));
  if (!confer_voice_recording_start (recording, &error))
    {
      say_voice_error (self, error->message);
      gtk_toggle_button_set_active (button, FALSE);
      return;
    }
  gtk_widget_add_css_class (self->record, "destructive-action");
  gtk_widget_grab_focus (self->composer);
}

/* Holding the microphone button: the pointer's press starts a recording
 * (or, recording, stops it as a click would); released, a click keeps it
 * recording, a hold (gtk-long-press-time or longer) sends it, and a
 * release SLIDE_CANCEL_PX or further towards the composer cancels it. The
 * button's own click does not toggle it too: the press is claimed. */

/* Shows the hint @slid px (0 up) from its place and fading towards
 * SLIDE_CANCEL_PX; past it, the hint says a release cancels. */
static void
show_slide (ConferChatPane *self,
            double          slid)
{
  gboolean past = slid >= SLIDE_CANCEL_PX;
  const char *text = past ? _("Release to cancel") : SLIDE_HINT;

  self->slid = CLAMP (slid, 0, SLIDE_CANCEL_PX);
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->slide_hint)), text) != 0)
    gtk_label_set_text (GTK_LABEL (self->slide_hint), text);
  if (past)
    gtk_widget_add_css_class (self->slide_hint, "error");
  else
    gtk_widget_remove_css_class (self->slide_hint, "error");
  gtk_widget_set_opacity (self->slide_hint, past ? 1 : 1 - 0.75 * self->slid / SLIDE_CANCEL_PX);
  gtk_widget_set_visible (self->slide_cover, TRUE);
  gtk_widget_set_visible (self->slide_hint, TRUE);
  /* Moved without measuring the pane again (slide_position_cb). */
  gtk_widget_queue_allocate (self->composer_overlay);
}

/* The hint at the composer's end, self->slid px towards its start (and
 * SLIDE_HINT_MARGIN px from either). */
static gboolean
slide_position_cb (GtkOverlay     *overlay,
                   GtkWidget      *widget,
                   GdkRectangle   *allocation,
                   ConferChatPane *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int room = MAX (width - 2 * SLIDE_HINT_MARGIN, 0);
  int offset, minimum, natural;

  if (widget != self->slide_hint)
    return FALSE;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  allocation->width = CLAMP (room, minimum, natural);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, allocation->width, NULL, &allocation->height, NULL, NULL);
  offset = SLIDE_HINT_MARGIN + MIN ((int) self->slid, MAX (room - allocation->width, 0));
  allocation->x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? offset : width - offset - allocation->width;
  allocation->y = (gtk_widget_get_height (GTK_WIDGET (overlay)) - allocation->height) / 2;
  return TRUE;
}

/* How far (px) the holding pointer is from its press towards the composer. */
static double
slid_towards_composer (ConferChatPane *self,
                       double          offset_x)
{
  return gtk_widget_get_direction (self->record) == GTK_TEXT_DIR_RTL ? offset_x : -offset_x;
}

static void
hold_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               ConferChatPane *self)
{
  GtkToggleButton *record = GTK_TOGGLE_BUTTON (self->record);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->holding = TRUE;
  self->held_at = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));
  self->hold_started = !gtk_toggle_button_get_active (record);
  if (self->hold_started)
    gtk_toggle_button_set_active (record, TRUE);
  if (confer_voice_recording_get_recording (CONFER_VOICE_RECORDING (self->recording)))
    show_slide (self, 0);
}

static void
hold_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                ConferChatPane *self)
{
  if (self->holding && confer_voice_recording_get_recording (CONFER_VOICE_RECORDING (self->recording)))
    show_slide (self, slid_towards_composer (self, offset_x));
}

/* A grab took the pointer away: the recording goes on, as after a click. */
static void
hold_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                ConferChatPane   *self)
{
  self->holding = FALSE;
  hide_slide (self);
}

static void
hold_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             ConferChatPane *self)
{
  ConferVoiceRecording *recording = CONFER_VOICE_RECORDING (self->recording);
  guint32 released_at = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));
  int long_press_ms;

  if (!self->holding)
    return;
  self->holding = FALSE;
  hide_slide (self);
  if (!confer_voice_recording_get_recording (recording))
    return;   /* Escape cancelled it meanwhile, or it failed */
  if (slid_towards_composer (self, offset_x) >= SLIDE_CANCEL_PX)
    {
      confer_voice_recording_cancel (recording);
      return;
    }
  g_object_get (gtk_widget_get_settings (self->record), "gtk-long-press-time", &long_press_ms, NULL);
  if (!self->hold_started || released_at - self->held_at >= (guint32) long_press_ms)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->record), FALSE);
}

/* What shows is read: up to the last message (or the last event, if
 * later), as far as the chat has it. */
static void
mark_read (ConferChatPane *self)
{
  GListModel *messages = confer_client_chat_get_messages (self->chat);
  guint n = g_list_model_get_n_items (messages);
  g_autoptr(ConferChatMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;
  const char *me = confer_client_get_participant_id (self->client);
  guint64 seq;

  if (last == NULL)
    return;
  /* (A page may list a message the chat's events have not reached.) */
  seq = MIN (confer_chat_message_get_seq (last), confer_client_chat_get_seq (self->chat));
  if (seq > confer_client_chat_get_read (self->chat, me))
    confer_client_chat_mark_read (self->chat, seq);
}

/* Scrolls the list to the wanted message, loading older pages until it is
 * there (or there are none). */
static void scroll_to_wanted (ConferChatPane *self);

static gboolean
is_first_unread (ConferChatMessage *message,
                 gpointer           data)
{
  ConferChatPane *self = data;

  return self->first_unread != NULL && g_strcmp0 (confer_chat_message_get_id (message), self->first_unread) == 0;
}

static gboolean
scroll_to_bottom_cb (gpointer data)
{
  ConferChatPane *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));

  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  self->scroll_source = 0;
  /* The list view measures the last row to show it, which the adjustment
   * alone does not know the size of yet. */
  if (n > 0)
    gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", n - 1);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

/* Scrolls to the latest message once the rows are made. */
static void
queue_scroll_to_bottom (ConferChatPane *self)
{
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (G_PRIORITY_LOW, scroll_to_bottom_cb, self, NULL);
}

/* When the chat opens, a "New messages" line goes above the first message
 * of someone else's after what this participant had read (the rows are
 * made again, to show it or take it away, which costs a frame of its own
 * with many rows: not when there was no line and is none); then
 * everything is read. */
static void
mark_first_unread (ConferChatPane *self)
{
  GListModel *messages = confer_client_chat_get_messages (self->chat);
  const char *me = confer_client_get_participant_id (self->client);
  guint64 read = confer_client_chat_get_read (self->chat, me);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autofree char *before = g_steal_pointer (&self->first_unread);

  for (guint i = 0; i < g_list_model_get_n_items (messages) && read > 0; i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (messages, i);

      if (confer_chat_message_get_seq (message) > read && !confer_chat_message_get_pending (message) &&
          g_strcmp0 (confer_chat_message_get_author (message), me) != 0)
        {
          self->first_unread = g_strdup (confer_chat_message_get_id (message));
          break;
        }
    }
  if (g_strcmp0 (before, self->first_unread) != 0 || gtk_list_view_get_factory (GTK_LIST_VIEW (self->list)) == NULL)
    {
      factory = confer_chat_row_factory_new (self->client, self->chat, self->attachments, is_first_unread, self);
      gtk_list_view_set_factory (GTK_LIST_VIEW (self->list), factory);
    }
  mark_read (self);
  /* The line shows, with what follows it; without one, the latest. */
  if (self->first_unread != NULL)
    {
      g_free (self->wanted);
      self->wanted = g_strdup (self->first_unread);
      scroll_to_wanted (self);
    }
  else
    {
      /* Opening the chat shows the latest messages. */
      self->at_bottom = TRUE;
      queue_scroll_to_bottom (self);
    }
}

/* The page before came, or did not (said in the debug log). */
static gboolean
older_loaded (ConferChatPane *self,
              GObject        *chat,
              GAsyncResult   *result)
{
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  if (confer_client_chat_load_older_finish (CONFER_CLIENT_CHAT (chat), result, &error))
    return TRUE;
  g_debug ("Older messages did not come: %s", error->message);
  return FALSE;
}

static void
older_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(ConferChatPane) self = data;

  older_loaded (self, source, result);
}

/* The list shows the SHOWN_FIRST newest messages, and what comes after. */
static void
show_newest (ConferChatPane *self)
{
  guint n = g_list_model_get_n_items (confer_client_chat_get_messages (self->chat));

  gtk_slice_list_model_set_offset (self->shown, n > SHOWN_FIRST ? n - SHOWN_FIRST : 0);
  gtk_slice_list_model_set_size (self->shown, SHOWN_ALL);
}

/* Shows a page more of what the chat has loaded before what the list
 * shows or, showing all, asks the server for the page before. */
static void
show_older (ConferChatPane *self)
{
  guint offset = gtk_slice_list_model_get_offset (self->shown);

  if (gtk_slice_list_model_get_size (self->shown) == 0)
    return;
  if (offset > 0)
    gtk_slice_list_model_set_offset (self->shown, offset > OLDER_PAGE ? offset - OLDER_PAGE : 0);
  else if (!self->loading && confer_client_chat_has_older (self->chat))
    {
      self->loading = TRUE;
      confer_client_chat_load_older_async (self->chat, OLDER_PAGE, NULL, older_loaded_cb, g_object_ref (self));
    }
}

static gboolean
fill_cb (gpointer data)
{
  ConferChatPane *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));

  self->fill_source = 0;
  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment))
    show_older (self);
  return G_SOURCE_REMOVE;
}

/* The list's length or height changed: at the bottom, it stays there —
 * from its first layout on, so that the first frame already shows the
 * newest messages. A list that does not fill the pane cannot be scrolled
 * to its top: older messages are shown until it does, or there are none. */
static void
adjustment_changed_cb (GtkAdjustment  *adjustment,
                       ConferChatPane *self)
{
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  if (page <= 0)
    return;
  if (self->at_bottom && self->wanted == NULL && upper > page)
    gtk_adjustment_set_value (adjustment, upper - page);
  else if (self->fill_source == 0 && upper <= page)
    self->fill_source = g_idle_add_full (G_PRIORITY_LOW, fill_cb, self, NULL);
}

/* The list goes on showing the same messages when the chat's change
 * before them (a page of history replaced after a reconnection); new
 * messages at the end keep it at the bottom if it was there. */
static void
items_changed_cb (GListModel     *messages,
                  guint           position,
                  guint           removed,
                  guint           added,
                  ConferChatPane *self)
{
  guint n = g_list_model_get_n_items (messages);
  guint offset = gtk_slice_list_model_get_offset (self->shown);

  if (position < offset && removed != added)
    gtk_slice_list_model_set_offset (self->shown, position + removed > offset ? position : offset - removed + added);
  if (self->at_bottom && position + added == n && added > 0)
    queue_scroll_to_bottom (self);
}

/* A message or change came, the chat's sequence number with it: while
 * the chat shows, it is read. */
static void
chat_event_cb (ConferChatPane *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    mark_read (self);
}

static void
value_changed_cb (GtkAdjustment  *adjustment,
                  ConferChatPane *self)
{
  double value = gtk_adjustment_get_value (adjustment);

  self->at_bottom = value + gtk_adjustment_get_page_size (adjustment) >= gtk_adjustment_get_upper (adjustment) - 8;
  if (value <= 0)
    show_older (self);
}

static void
typing_cb (ConferChatPane *self,
           const char     *participant_id,
           gboolean        typing)
{
  g_autoptr(GString) who = g_string_new (NULL);
  GHashTableIter iter;
  gpointer id;
  guint n = 0;

  if (typing)
    g_hash_table_add (self->typists, g_strdup (participant_id));
  else
    g_hash_table_remove (self->typists, participant_id);
  g_hash_table_iter_init (&iter, self->typists);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      if (who->len > 0)
        g_string_append (who, _(", "));
      g_string_append (who, name_of (self, id));
      n++;
    }
  if (n == 0)
    gtk_label_set_text (GTK_LABEL (self->typing), "");
  else
    {
      /* Translators: under the chat, "Ann is typing…", "Ann, Bob are typing…". */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s is typing…", "%s are typing…", n), who->str);

      gtk_label_set_text (GTK_LABEL (self->typing), text);
    }
}

/* Threads */

/* Opens the thread of @root beside the chat (or in its place, when
 * narrow), or closes it for %NULL or "". */
static void
show_thread (ConferChatPane *self,
             const char     *root)
{
  ConferChatThread *thread = CONFER_CHAT_THREAD (self->thread);

  if (root == NULL || root[0] == '\0')
    {
      adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->main);
      gtk_widget_set_visible (self->thread, FALSE);
      confer_chat_thread_set_root (thread, NULL);
      return;
    }
  confer_chat_thread_set_root (thread, root);
  gtk_widget_set_visible (self->thread, TRUE);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->thread);
  confer_chat_thread_focus (thread);
}

static void
thread_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConferChatPane *self = CONFER_CHAT_PANE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  ConferChatMessage *message = confer_client_chat_find_message (self->chat, id);

  /* A reply's thread is its parent's. */
  if (message != NULL && confer_chat_message_get_reply_to (message) != NULL)
    id = confer_chat_message_get_reply_to (message);
  show_thread (self, id);
}

/* Narrow, the thread shows in the chat's place and leads back to it;
 * going back (the button, or the leaflet's back gesture) closes it. */
static void
folded_cb (ConferChatPane *self)
{
  gboolean folded = adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet));

  confer_chat_thread_set_narrow (CONFER_CHAT_THREAD (self->thread), folded);
  if (folded && gtk_widget_get_visible (self->thread) &&
      adw_leaflet_get_visible_child (ADW_LEAFLET (self->leaflet)) == self->main)
    show_thread (self, NULL);
}

/* Search */

static void
clear_results (ConferChatPane *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (self->results)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->results), row);
}


static void
older_for_wanted_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(ConferChatPane) self = data;

  if (older_loaded (self, source, result))
    scroll_to_wanted (self);
}

static void
scroll_to_wanted (ConferChatPane *self)
{
  GListModel *messages = confer_client_chat_get_messages (self->chat);

  if (self->wanted == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(ConferChatMessage) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (confer_chat_message_get_id (message), self->wanted) == 0)
        {
          g_clear_pointer (&self->wanted, g_free);
          self->at_bottom = FALSE;
          if (i < gtk_slice_list_model_get_offset (self->shown))
            gtk_slice_list_model_set_offset (self->shown, i);
          gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", i - gtk_slice_list_model_get_offset (self->shown));
          return;
        }
    }
  if (!self->loading && confer_client_chat_has_older (self->chat))
    {
      self->loading = TRUE;
      confer_client_chat_load_older_async (self->chat, OLDER_PAGE, NULL, older_for_wanted_cb, g_object_ref (self));
    }
}

static void
result_activated_cb (GtkListBox     *box,
                     GtkListBoxRow  *row,
                     ConferChatPane *self)
{
  g_free (self->wanted);
  self->wanted = g_strdup (g_object_get_data (G_OBJECT (row), "message"));
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), FALSE);
  scroll_to_wanted (self);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(ConferChatPane) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = confer_client_chat_search_finish (CONFER_CLIENT_CHAT (source), result, &error);

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No search: %s", error->message);
      return;
    }
  clear_results (self);
  for (guint i = 0; i < found->len; i++)
    {
      ConferChatMessage *message = g_ptr_array_index (found, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *first_line = g_strndup (confer_chat_message_get_text (message),
                                               strcspn (confer_chat_message_get_text (message), "\n"));
      /* Translators: a search result: who wrote it, then its first line. */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), name_of (self, confer_chat_message_get_author (message)),
                                               first_line);

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "message", g_strdup (confer_chat_message_get_id (message)), g_free);
      gtk_list_box_append (GTK_LIST_BOX (self->results), row);
    }
  if (found->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No messages found"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_list_box_append (GTK_LIST_BOX (self->results), none);
    }
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   ConferChatPane *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  clear_results (self);
  if (query[0] == '\0')
    return;
  self->searching = g_cancellable_new ();
  confer_client_chat_search_async (self->chat, query, self->searching, found_cb, g_object_ref (self));
}

static void
search_mode_cb (ConferChatPane *self)
{
  gboolean searching = gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (self->search_bar));

  gtk_stack_set_visible_child_name (GTK_STACK (self->views), searching ? "results" : "messages");
  if (!searching)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      clear_results (self);
    }
}

/**
 * confer_chat_pane_search:
 * @self: a chat pane
 *
 * Opens the search: words typed find messages (the server's full-text
 * index, best first); choosing one shows it in the chat.
 */
void
confer_chat_pane_search (ConferChatPane *self)
{
  g_return_if_fail (CONFER_IS_CHAT_PANE (self));

  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), TRUE);
  gtk_widget_grab_focus (self->search_entry);
}

/* Actions */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confer_chat_pane_search (CONFER_CHAT_PANE (widget));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send (CONFER_CHAT_PANE (widget));
}

static void
reply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ConferChatPane *self = CONFER_CHAT_PANE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *root = confer_chat_thread_get_root (CONFER_CHAT_THREAD (self->thread));
  ConferChatMessage *message = confer_client_chat_find_message (self->chat, id);

  /* Answering a message of the open thread is writing in the thread. */
  if (gtk_widget_get_visible (self->thread) && root != NULL &&
      (g_strcmp0 (id, root) == 0 || (message != NULL && g_strcmp0 (confer_chat_message_get_reply_to (message), root) == 0)))
    {
      confer_chat_thread_focus (CONFER_CHAT_THREAD (self->thread));
      return;
    }
  set_context (self, id, NULL);
  gtk_widget_grab_focus (self->composer);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConferChatPane *self = CONFER_CHAT_PANE (widget);
  ConferChatMessage *message = confer_client_chat_find_message (self->chat, g_variant_get_string (parameter, NULL));

  if (message == NULL)
    return;
  confer_chat_composer_set_text (CONFER_CHAT_COMPOSER (self->composer), confer_chat_message_get_text (message));
  set_context (self, NULL, confer_chat_message_get_id (message));
  gtk_widget_grab_focus (self->composer);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confer_client_chat_delete (CONFER_CHAT_PANE (widget)->chat, g_variant_get_string (parameter, NULL));
}

static void
toggle_reaction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ConferChatPane *self = CONFER_CHAT_PANE (widget);
  ConferChatMessage *message;
  const char *id, *emoji;
  g_auto(GStrv) who = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_get (parameter, "(&s&s)", &id, &emoji);
  message = confer_client_chat_find_message (self->chat, id);
  who = message != NULL ? confer_chat_message_list_reactors (message, emoji) : NULL;
  confer_client_chat_react (self->chat, id, emoji,
                            who != NULL && g_strv_contains ((const char *const *) who, confer_client_get_participant_id (self->client)),
                            &error);
  if (error != NULL)
    g_debug ("No reaction: %s", error->message);
}

static void
emoji_picked_cb (GtkEmojiChooser *chooser,
                 const char      *emoji,
                 ConferChatPane  *self)
{
  g_autoptr(GError) error = NULL;

  if (self->reacting != NULL && !confer_client_chat_react (self->chat, self->reacting, emoji, FALSE, &error))
    g_debug ("No reaction: %s", error->message);
}

static void
react_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ConferChatPane *self = CONFER_CHAT_PANE (widget);

  g_free (self->reacting);
  self->reacting = g_strdup (g_variant_get_string (parameter, NULL));
  gtk_popover_popup (GTK_POPOVER (self->emoji));
}

/* Notifications */

/**
 * confer_chat_pane_set_notify:
 * @self: a chat pane
 * @notify: which messages notify
 *
 * Shows the choice in the chat's header (its menu changes it, and
 * #ConferChatPane:notify says so).
 */
void
confer_chat_pane_set_notify (ConferChatPane   *self,
                             ConferChatNotify  notify)
{
  g_return_if_fail (CONFER_IS_CHAT_PANE (self));

  if (self->notify == notify)
    return;
  self->notify = notify;
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->notify_button),
                                 notify == CONFER_CHAT_NOTIFY_NONE ? "notifications-disabled-symbolic"
                                                                   : "preferences-system-notifications-symbolic");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFY]);
}

/**
 * confer_chat_pane_get_notify:
 * @self: a chat pane
 *
 * Returns: which messages notify, as chosen in the chat's header
 */
ConferChatNotify
confer_chat_pane_get_notify (ConferChatPane *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_PANE (self), CONFER_CHAT_NOTIFY_MENTIONS);

  return self->notify;
}

static GtkWidget *
notify_button_new (void)
{
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  g_menu_append (section, _("_All Messages"), "chat.notify::all");
  g_menu_append (section, _("_Mentions Only"), "chat.notify::mentions");
  g_menu_append (section, _("_None"), "chat.notify::none");
  g_menu_append_section (menu, _("Notify Me Of"), G_MENU_MODEL (section));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "preferences-system-notifications-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Notifications"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notifications"), -1);
  return button;
}

/* GObject */

static void
confer_chat_pane_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConferChatPane *self = CONFER_CHAT_PANE (object);

  switch (prop_id)
    {
    case PROP_NOTIFY:
      g_value_set_string (value, confer_chat_notify_to_string (self->notify));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_chat_pane_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ConferChatPane *self = CONFER_CHAT_PANE (object);
  ConferChatNotify notify;

  switch (prop_id)
    {
    case PROP_NOTIFY:
      if (confer_chat_notify_from_string (g_value_get_string (value), &notify))
        confer_chat_pane_set_notify (self, notify);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_chat_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (confer_chat_pane_parent_class)->map (widget);
  mark_first_unread (CONFER_CHAT_PANE (widget));
}

static void
confer_chat_pane_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  ConferChatPane *self = CONFER_CHAT_PANE (widget);

  GTK_WIDGET_CLASS (confer_chat_pane_parent_class)->size_allocate (widget, width, height, baseline);
  gtk_popover_present (GTK_POPOVER (self->emoji));
}

static void
confer_chat_pane_dispose (GObject *object)
{
  ConferChatPane *self = CONFER_CHAT_PANE (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  if (self->leaflet != NULL)
    g_signal_handlers_disconnect_by_data (self->leaflet, self);
  if (self->chat != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chat, self);
      g_signal_handlers_disconnect_by_data (confer_client_chat_get_messages (self->chat), self);
    }
  g_clear_pointer (&self->emoji, gtk_widget_unparent);
  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  g_clear_pointer (&self->wanted, g_free);
  if (self->recording != NULL)
    g_signal_handlers_disconnect_by_data (self->recording, self);
  if (self->hold != NULL)
    g_signal_handlers_disconnect_by_data (self->hold, self);
  self->hold = NULL;
  g_clear_object (&self->attachments);
  g_clear_object (&self->shown);
  g_clear_object (&self->chat);
  g_clear_object (&self->client);
  g_clear_pointer (&self->typists, g_hash_table_unref);
  g_clear_pointer (&self->reply_to, g_free);
  g_clear_pointer (&self->editing, g_free);
  g_clear_pointer (&self->reacting, g_free);
  g_clear_pointer (&self->first_unread, g_free);

  G_OBJECT_CLASS (confer_chat_pane_parent_class)->dispose (object);
}

static void
confer_chat_pane_class_init (ConferChatPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = confer_chat_pane_dispose;
  G_OBJECT_CLASS (klass)->get_property = confer_chat_pane_get_property;
  G_OBJECT_CLASS (klass)->set_property = confer_chat_pane_set_property;

  /**
   * ConferChatPane:notify:
   *
   * Which of the session's messages raise a desktop notification, as
   * chosen in the chat's header: "all", "mentions" or "none" (the
   * `chat.notify` action's states).
   */
  properties[PROP_NOTIFY] =
    g_param_spec_string ("notify", NULL, NULL, "mentions",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  widget_class->size_allocate = confer_chat_pane_size_allocate;
  widget_class->map = confer_chat_pane_map;
  gtk_widget_class_set_css_name (widget_class, "chat-pane");
  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "chat.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "chat.search", NULL);
  gtk_widget_class_install_action (widget_class, "chat.reply", "s", reply_action);
  gtk_widget_class_install_action (widget_class, "chat.thread", "s", thread_action);
  gtk_widget_class_install_action (widget_class, "chat.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "chat.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "chat.react", "s", react_action);
  gtk_widget_class_install_action (widget_class, "chat.toggle-reaction", "(ss)", toggle_reaction_action);
  gtk_widget_class_install_property_action (widget_class, "chat.notify", "notify");
}

static void
confer_chat_pane_init (ConferChatPane *self)
{
  self->typists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->at_bottom = TRUE;
  self->notify = CONFER_CHAT_NOTIFY_MENTIONS;
}

/**
 * confer_chat_pane_new:
 * @client: a joined client (a reference is taken): its chat is opened
 *
 * Returns: (transfer floating): the session's chat: the messages, who is
 *   typing, and the composer
 */
GtkWidget *
confer_chat_pane_new (ConferClient *client)
{
  ConferChatPane *self = g_object_new (CONFER_TYPE_CHAT_PANE, NULL);
  GtkWidget *title = gtk_label_new (_("Chat"));
  GtkWidget *composer_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *send_button = gtk_button_new_from_icon_name ("mail-send-symbolic");
  GtkWidget *context_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_from_icon_name ("window-close-symbolic");
  GListModel *messages;

  self->client = g_object_ref (client);
  self->chat = g_object_ref (confer_client_open_chat (client));
  self->main = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->attachments = confer_chat_attachments_new (client, self->chat);
  messages = confer_client_chat_get_messages (self->chat);

  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_hexpand (title, TRUE);
  {
    GtkWidget *header = gtk_center_box_new ();
    GtkWidget *find = gtk_button_new_from_icon_name ("edit-find-symbolic");
    GtkWidget *end = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_add_css_class (find, "flat");
    gtk_widget_set_tooltip_text (find, _("Search the Chat (Ctrl+F)"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (find), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the chat"), -1);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (find), "chat.search");
    gtk_center_box_set_center_widget (GTK_CENTER_BOX (header), title);
    self->notify_button = notify_button_new ();
    gtk_box_append (GTK_BOX (end), self->notify_button);
    gtk_box_append (GTK_BOX (end), find);
    gtk_center_box_set_end_widget (GTK_CENTER_BOX (header), end);
    gtk_widget_set_margin_top (header, 3);
    gtk_widget_set_margin_bottom (header, 3);
    gtk_widget_set_margin_end (header, 6);
    gtk_box_append (GTK_BOX (self->main), header);
  }
  self->search_entry = gtk_search_entry_new ();
  gtk_widget_set_hexpand (self->search_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the chat"), -1);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  self->search_bar = gtk_search_bar_new ();
  gtk_search_bar_set_child (GTK_SEARCH_BAR (self->search_bar), self->search_entry);
  gtk_search_bar_connect_entry (GTK_SEARCH_BAR (self->search_bar), GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_show_close_button (GTK_SEARCH_BAR (self->search_bar), TRUE);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self);
  gtk_box_append (GTK_BOX (self->main), self->search_bar);

  /* (Its factory comes when the chat shows: mark_first_unread().) */
  self->shown = gtk_slice_list_model_new (g_object_ref (messages), 0, 0);
  if (confer_client_chat_is_ready (self->chat))
    show_newest (self);
  self->list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)))), NULL);
  gtk_widget_add_css_class (self->list, "chat-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Messages"), -1);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->list);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  self->results = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->results), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->results), TRUE);
  gtk_widget_add_css_class (self->results, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Messages found"), -1);
  g_signal_connect (self->results, "row-activated", G_CALLBACK (result_activated_cb), self);
  self->views = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->views), self->scroller, "messages");
  {
    GtkWidget *results_scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (results_scroller), self->results);
    gtk_stack_add_named (GTK_STACK (self->views), results_scroller, "results");
  }
  gtk_widget_set_vexpand (self->views, TRUE);
  gtk_box_append (GTK_BOX (self->main), self->views);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), "value-changed",
                    G_CALLBACK (value_changed_cb), self);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), "changed",
                    G_CALLBACK (adjustment_changed_cb), self);
  g_signal_connect (messages, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect_swapped (self->chat, "event", G_CALLBACK (chat_event_cb), self);
  g_signal_connect_swapped (self->chat, "ready", G_CALLBACK (show_newest), self);
  g_signal_connect_swapped (self->chat, "ready", G_CALLBACK (chat_event_cb), self);

  self->typing = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->typing), 0);
  gtk_widget_add_css_class (self->typing, "dim-label");
  gtk_widget_add_css_class (self->typing, "caption");
  gtk_widget_set_margin_start (self->typing, 12);
  gtk_box_append (GTK_BOX (self->main), self->typing);
  g_signal_connect_swapped (self->chat, "typing", G_CALLBACK (typing_cb), self);

  self->context_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->context_label), 0);
  gtk_widget_set_hexpand (self->context_label, TRUE);
  gtk_widget_add_css_class (cancel, "flat");
  gtk_widget_set_tooltip_text (cancel, _("Cancel (Escape)"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_cb), self);
  gtk_box_append (GTK_BOX (context_box), self->context_label);
  gtk_box_append (GTK_BOX (context_box), cancel);
  gtk_widget_set_margin_start (context_box, 12);
  self->context = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->context), context_box);
  gtk_box_append (GTK_BOX (self->main), self->context);

  {
    GtkWidget *revealer = gtk_revealer_new ();

    self->recording = confer_voice_recording_new (client);
    gtk_widget_set_margin_start (self->recording, 9);
    gtk_widget_set_margin_end (self->recording, 12);
    gtk_revealer_set_child (GTK_REVEALER (revealer), self->recording);
    g_object_bind_property (self->recording, "busy", revealer, "reveal-child", G_BINDING_SYNC_CREATE);
    g_signal_connect_swapped (self->recording, "notify::recording", G_CALLBACK (recording_changed_cb), self);
    g_signal_connect_swapped (self->recording, "notify::busy", G_CALLBACK (recording_changed_cb), self);
    g_signal_connect (self->recording, "ready", G_CALLBACK (voice_ready_cb), self);
    g_signal_connect_swapped (self->recording, "failed", G_CALLBACK (say_voice_error), self);
    gtk_box_append (GTK_BOX (self->main), revealer);
  }

  self->composer = confer_chat_composer_new (client, self->chat, _("Message"));
  g_signal_connect_swapped (self->composer, "send", G_CALLBACK (send), self);
  g_signal_connect_swapped (self->composer, "cancel", G_CALLBACK (composer_cancel_cb), self);
  gtk_widget_set_tooltip_text (send_button, _("Send (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (send_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Send"), -1);
  gtk_widget_set_valign (send_button, GTK_ALIGN_END);
  gtk_widget_add_css_class (send_button, "suggested-action");
  gtk_widget_add_css_class (send_button, "circular");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (send_button), "chat.send");
  self->record = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->record), "audio-input-microphone-symbolic");
  gtk_widget_set_tooltip_text (self->record, RECORD_TOOLTIP);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->record), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Record a voice message"), -1);
  gtk_widget_set_valign (self->record, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->record, "circular");
  g_signal_connect (self->record, "toggled", G_CALLBACK (record_toggled_cb), self);
  self->hold = gtk_gesture_drag_new ();
  g_signal_connect (self->hold, "drag-begin", G_CALLBACK (hold_begin_cb), self);
  g_signal_connect (self->hold, "drag-update", G_CALLBACK (hold_update_cb), self);
  g_signal_connect (self->hold, "drag-end", G_CALLBACK (hold_end_cb), self);
  g_signal_connect (self->hold, "cancel", G_CALLBACK (hold_cancel_cb), self);
  gtk_widget_add_controller (self->record, GTK_EVENT_CONTROLLER (self->hold));
  self->slide_cover = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->slide_cover, "card");
  gtk_widget_set_visible (self->slide_cover, FALSE);
  self->slide_hint = gtk_label_new (SLIDE_HINT);
  gtk_label_set_ellipsize (GTK_LABEL (self->slide_hint), PANGO_ELLIPSIZE_END);
  gtk_widget_set_visible (self->slide_hint, FALSE);
  self->composer_overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->composer_overlay), self->composer);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->composer_overlay), self->slide_cover);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->composer_overlay), self->slide_hint);
  g_signal_connect (self->composer_overlay, "get-child-position", G_CALLBACK (slide_position_cb), self);
  gtk_box_append (GTK_BOX (composer_box), self->composer_overlay);
  gtk_box_append (GTK_BOX (composer_box), self->record);
  gtk_box_append (GTK_BOX (composer_box), send_button);
  gtk_widget_set_margin_start (composer_box, 9);
  gtk_widget_set_margin_end (composer_box, 9);
  gtk_widget_set_margin_top (composer_box, 6);
  gtk_widget_set_margin_bottom (composer_box, 9);
  gtk_box_append (GTK_BOX (self->main), composer_box);

  /* The chat, and a thread beside it or, narrow, in its place. */
  gtk_widget_set_size_request (self->main, COLUMN_PX, -1);
  gtk_widget_set_hexpand (self->main, TRUE);
  self->thread = confer_chat_thread_new (client, self->chat, self->attachments);
  gtk_widget_set_size_request (self->thread, COLUMN_PX, -1);
  gtk_widget_set_hexpand (self->thread, TRUE);
  gtk_widget_set_visible (self->thread, FALSE);
  self->leaflet = adw_leaflet_new ();
  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (self->leaflet), TRUE);
  adw_leaflet_append (ADW_LEAFLET (self->leaflet), self->main);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (self->leaflet),
                                                        gtk_separator_new (GTK_ORIENTATION_VERTICAL)), FALSE);
  adw_leaflet_append (ADW_LEAFLET (self->leaflet), self->thread);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child", G_CALLBACK (folded_cb), self);
  gtk_widget_set_hexpand (self->leaflet, TRUE);
  gtk_widget_set_vexpand (self->leaflet, TRUE);
  gtk_box_append (GTK_BOX (self), self->leaflet);

  self->emoji = gtk_emoji_chooser_new ();
  gtk_widget_set_parent (self->emoji, GTK_WIDGET (self));
  g_signal_connect (self->emoji, "emoji-picked", G_CALLBACK (emoji_picked_cb), self);
  return GTK_WIDGET (self);
}

/**
 * confer_chat_pane_get_chat:
 * @self: a chat pane
 *
 * Returns: (transfer none): the chat it shows
 */
ConferClientChat *
confer_chat_pane_get_chat (ConferChatPane *self)
{
  g_return_val_if_fail (CONFER_IS_CHAT_PANE (self), NULL);

  return self->chat;
}

/**
 * confer_chat_pane_focus:
 * @self: a chat pane
 *
 * Puts the keyboard focus in the composer.
 */
void
confer_chat_pane_focus (ConferChatPane *self)
{
  g_return_if_fail (CONFER_IS_CHAT_PANE (self));

  gtk_widget_grab_focus (self->composer);
}
