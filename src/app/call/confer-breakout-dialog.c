/* confer-breakout-dialog.c: an owner opens a call's breakout rooms: their
 * names, who goes where, whether members choose, and a timer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-breakout-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-breakout-dialog.h"

/* Rooms offered when the dialog opens. */
#define DEFAULT_ROOMS 2

/**
 * ConferBreakoutDialog:
 *
 * The *Breakout Rooms* window an owner opens from the call's menu: how
 * many rooms (1–%CONFER_CALL_MAX_ROOMS) and their names, a room for each
 * member of the call (the owner's own in the main room, the others dealt
 * round the rooms in turn, to begin with), *Let Participants Choose*, and
 * *Close Automatically After* some minutes (0: when the owner brings
 * everyone back). *Open Rooms* sends it all
 * (confer_client_call_breakout_async()); the window closes once the rooms
 * are open, or says in a toast why the server refused.
 */
struct _ConferBreakoutDialog
{
  AdwWindow             parent_instance;

  ConferClient         *client;
  ConferClientCall     *call;
  AdwToastOverlay      *toasts;
  GtkSpinButton        *count;
  AdwPreferencesGroup  *rooms_group;
  GPtrArray            *name_rows;    /* AdwEntryRow, one per room */
  GtkStringList        *choices;      /* "Main Room", then the rooms' names */
  AdwPreferencesGroup  *people_group;
  GPtrArray            *member_rows;  /* AdwComboRow, "member" data: the member id */
  GtkSwitch            *choose;
  GtkSpinButton        *minutes;
  GtkWidget            *open_button;
  GCancellable         *opening;
};

G_DEFINE_FINAL_TYPE (ConferBreakoutDialog, confer_breakout_dialog, ADW_TYPE_WINDOW)

/* Gives @widget the accessible name @text alone: GTK 4.8 would read its
 * label property and then what labels it (a button's own label, a row's
 * title) one after the other. */
static void
set_accessible_name (GtkWidget  *widget,
                     const char *text)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Room @index's name as the choices and the request have it: what its
 * row says, or "Room N" when that is empty. */
static char *
room_name (ConferBreakoutDialog *self,
           guint                 index)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_rows->pdata[index]))));

  if (*text != '\0')
    return g_steal_pointer (&text);
  /* Translators: a breakout room's name when none is given; %u counts from 1 */
  return g_strdup_printf (_("Room %u"), index + 1);
}

/* The members' rows offer the main room and each room by its name; each
 * keeps its choice (a room that went becomes the main room). */
static void
sync_choices (ConferBreakoutDialog *self)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->member_rows->len; i++)
    {
      guint selected = adw_combo_row_get_selected (self->member_rows->pdata[i]);

      g_array_append_val (chosen, selected);
    }
  g_ptr_array_add (names, g_strdup (_("Main Room")));
  for (guint i = 0; i < self->name_rows->len; i++)
    g_ptr_array_add (names, room_name (self, i));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->choices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->choices)),
                          (const char * const *) names->pdata);
  for (guint i = 0; i < self->member_rows->len; i++)
    {
      guint selected = g_array_index (chosen, guint, i);

      adw_combo_row_set_selected (self->member_rows->pdata[i], selected <= self->name_rows->len ? selected : 0);
    }
}

/* As many name rows as the count says. */
static void
count_changed_cb (ConferBreakoutDialog *self)
{
  guint n = (guint) gtk_spin_button_get_value_as_int (self->count);

  while (self->name_rows->len > n)
    {
      adw_preferences_group_remove (self->rooms_group, self->name_rows->pdata[self->name_rows->len - 1]);
      g_ptr_array_remove_index (self->name_rows, self->name_rows->len - 1);
    }
  while (self->name_rows->len < n)
    {
      GtkWidget *row = adw_entry_row_new ();
      /* Translators: the title of a breakout room's name field; %u counts from 1 */
      g_autofree char *title = g_strdup_printf (_("Room %u Name"), self->name_rows->len + 1);
      g_autofree char *name = g_strdup_printf (_("Room %u"), self->name_rows->len + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), name);
      g_signal_connect_swapped (row, "changed", G_CALLBACK (sync_choices), self);
      adw_preferences_group_add (self->rooms_group, row);
      g_ptr_array_add (self->name_rows, row);
    }
  sync_choices (self);
}

/* A row per member of the call, each keeping its choice by member id; a
 * newcomer goes to the next room in turn. */
static void
sync_members (ConferBreakoutDialog *self)
{
  GListModel *members = confer_client_call_get_members (self->call);
  const char *own = confer_client_call_get_member_id (self->call);
  g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint dealt = 0;

  for (guint i = 0; i < self->member_rows->len; i++)
    g_hash_table_insert (chosen, g_strdup (g_object_get_data (self->member_rows->pdata[i], "member")),
                         GUINT_TO_POINTER (adw_combo_row_get_selected (self->member_rows->pdata[i]) + 1));
  for (guint i = 0; i < self->member_rows->len; i++)
    adw_preferences_group_remove (self->people_group, self->member_rows->pdata[i]);
  g_ptr_array_set_size (self->member_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);
      const char *id = confer_call_member_get_id (member);
      ConferParticipant *participant = confer_client_find_participant (self->client,
                                                                       confer_call_member_get_participant (member));
      const char *name = g_strcmp0 (id, own) == 0 ? _("You")
                         : participant != NULL ? confer_participant_get_name (participant) : _("Someone");
      GtkWidget *row = adw_combo_row_new ();
      guint before = GPOINTER_TO_UINT (g_hash_table_lookup (chosen, id));
      /* Translators: the accessible name of the choice of a member's
       * breakout room; %s is their name */
      g_autofree char *label = g_strdup_printf (_("Room for %s"), name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->choices));
      set_accessible_name (row, label);
      g_object_set_data_full (G_OBJECT (row), "member", g_strdup (id), g_free);
      if (before > 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), before - 1);
      else if (g_strcmp0 (id, own) == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
      else
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1 + dealt++ % MAX (self->name_rows->len, 1));
      adw_preferences_group_add (self->people_group, row);
      g_ptr_array_add (self->member_rows, row);
    }
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(ConferBreakoutDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (confer_client_call_breakout_finish (CONFER_CLIENT_CALL (source), result, &error))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->opening);
  gtk_widget_set_sensitive (self->open_button, TRUE);
  /* Translators: %s is the server's reason */
  text = g_strdup_printf (_("Could not open the rooms: %s"), error->message);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

/* Open Rooms: the names, who goes where, choosing and the timer. */
static void
open_clicked_cb (ConferBreakoutDialog *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GVariantBuilder assign;

  for (guint i = 0; i < self->name_rows->len; i++)
    g_ptr_array_add (names, room_name (self, i));
  g_ptr_array_add (names, NULL);
  g_variant_builder_init (&assign, G_VARIANT_TYPE ("a{su}"));
  for (guint i = 0; i < self->member_rows->len; i++)
    {
      guint selected = adw_combo_row_get_selected (self->member_rows->pdata[i]);

      if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
        g_variant_builder_add (&assign, "{su}", g_object_get_data (self->member_rows->pdata[i], "member"),
                               (guint32) (selected - 1));
    }
  gtk_widget_set_sensitive (self->open_button, FALSE);
  self->opening = g_cancellable_new ();
  confer_client_call_breakout_async (self->call, (const char * const *) names->pdata, g_variant_builder_end (&assign),
                                     gtk_switch_get_active (self->choose),
                                     (guint) gtk_spin_button_get_value_as_int (self->minutes), self->opening, opened_cb,
                                     g_object_ref (self));
}

static void
confer_breakout_dialog_dispose (GObject *object)
{
  ConferBreakoutDialog *self = CONFER_BREAKOUT_DIALOG (object);

  g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (confer_client_call_get_members (self->call), self);
  g_clear_object (&self->call);
  g_clear_object (&self->client);
  g_clear_pointer (&self->name_rows, g_ptr_array_unref);
  g_clear_pointer (&self->member_rows, g_ptr_array_unref);
  g_clear_object (&self->choices);

  G_OBJECT_CLASS (confer_breakout_dialog_parent_class)->dispose (object);
}

static void
confer_breakout_dialog_class_init (ConferBreakoutDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_breakout_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

/* A row titled @title with @widget, which the title labels, at its end. */
static GtkWidget *
action_row (const char *title,
            const char *subtitle,
            GtkWidget  *widget)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  return row;
}

static void
confer_breakout_dialog_init (ConferBreakoutDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *options = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *count_row;

  self->name_rows = g_ptr_array_new ();
  self->member_rows = g_ptr_array_new ();
  self->choices = gtk_string_list_new (NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Breakout Rooms"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 620);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 300);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  set_accessible_name (cancel, _("Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->open_button = gtk_button_new_with_mnemonic (_("_Open Rooms"));
  set_accessible_name (self->open_button, _("Open Rooms"));
  gtk_widget_add_css_class (self->open_button, "suggested-action");
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (open_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->open_button);
  gtk_box_append (GTK_BOX (box), header);

  self->rooms_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->rooms_group, _("Rooms"));
  self->count = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, CONFER_CALL_MAX_ROOMS, 1));
  gtk_spin_button_set_value (self->count, DEFAULT_ROOMS);
  count_row = action_row (_("Number of Rooms"), NULL, GTK_WIDGET (self->count));
  adw_preferences_group_add (self->rooms_group, count_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->rooms_group);

  self->people_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->people_group, _("Participants"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->people_group);

  adw_preferences_group_set_title (options, _("Options"));
  self->choose = GTK_SWITCH (gtk_switch_new ());
  adw_preferences_group_add (options, action_row (_("Let Participants Choose"),
                                                  _("Everyone may move between the rooms"), GTK_WIDGET (self->choose)));
  self->minutes = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, CONFER_CALL_MAX_ROOM_MINUTES, 1));
  adw_preferences_group_add (options, action_row (_("Close Automatically After"),
                                                  _("Minutes; 0 keeps the rooms open until you bring everyone back"),
                                                  GTK_WIDGET (self->minutes)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), options);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, page);
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->count, "value-changed", G_CALLBACK (count_changed_cb), self);
  count_changed_cb (self);
}

/**
 * confer_breakout_dialog_new:
 * @client: the session's client; this side is in its call, as an owner
 *
 * Returns: (transfer none): the window (GTK's list of toplevels keeps it
 *   until it is closed), to be made transient for the app's and shown
 */
GtkWidget *
confer_breakout_dialog_new (ConferClient *client)
{
  ConferBreakoutDialog *self;

  g_return_val_if_fail (CONFER_IS_CLIENT (client), NULL);

  self = g_object_new (CONFER_TYPE_BREAKOUT_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->call = g_object_ref (confer_client_get_call (client));
  g_signal_connect_swapped (confer_client_call_get_members (self->call), "items-changed", G_CALLBACK (sync_members),
                            self);
  sync_members (self);
  return GTK_WIDGET (self);
}
