/* confer-breakout-bar.c: the call's breakout rooms as a member sees them
 * while they are open — which room one is in, the time left, choosing
 * another, bringing everyone back — and their verbs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-breakout-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-breakout-bar.h"
#include "confer-breakout-dialog.h"

/**
 * ConferBreakoutBar:
 *
 * A bar over the call's tiles, shown while breakout rooms are open and
 * this side is in the call: "You are in “Design” · 14:59 left" (the time
 * left when the rooms close by themselves, counted down each second), a
 * *Breakout Room* drop-down to move to another room (the main room or any
 * open one) when the rooms let members choose or this side is an owner,
 * and *Bring Everyone Back* for owners.
 *
 * Its verbs go into the call view's action group (`call`):
 * `breakout`, enabled for owners (confer_role_can_run_breakout()) in the
 * call while no rooms are open, opens the #ConferBreakoutDialog;
 * `bring-back`, enabled for owners while rooms are open, closes them
 * (confer_client_call_return_async()); `move-to` (a room id, or
 * %CONFER_CALL_MAIN_ROOM), enabled in the call while rooms are open and
 * this side may move, moves this side there. A refusal is a toast.
 */
struct _ConferBreakoutBar
{
  GtkBox            parent_instance;

  GActionMap       *actions;    /* weak: the call view's */
  ConferClient     *client;
  ConferClientCall *call;
  GtkLabel         *label;
  GtkDropDown      *rooms;      /* "Main Room", then the open rooms */
  GtkStringList    *choices;
  GtkWidget        *back_button;
  guint             tick;       /* counts the time left down */
  gboolean          updating;   /* the drop-down follows the call, not the user */
};

G_DEFINE_FINAL_TYPE (ConferBreakoutBar, confer_breakout_bar, GTK_TYPE_BOX)

static const char *const action_names[] = { "breakout", "bring-back", "move-to" };

static void
toast (ConferBreakoutBar *self,
       const char        *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static gboolean
is_owner (ConferBreakoutBar *self)
{
  return self->client != NULL && confer_role_can_run_breakout (confer_client_get_role (self->client));
}

static gboolean
in_call (ConferBreakoutBar *self)
{
  return self->call != NULL && confer_client_call_get_member_id (self->call) != NULL;
}

static guint
n_rooms (ConferBreakoutBar *self)
{
  return self->call != NULL ? g_list_model_get_n_items (confer_client_call_get_rooms (self->call)) : 0;
}

static void
enable (ConferBreakoutBar *self,
        const char        *name,
        gboolean           enabled)
{
  GAction *action = self->actions != NULL ? g_action_map_lookup_action (self->actions, name) : NULL;

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The label: this side's room and, when the rooms close by themselves,
 * the time left. */
static void
update_label (ConferBreakoutBar *self)
{
  ConferCallRoom *room = self->call != NULL ? confer_client_call_find_room (self->call,
                                                                            confer_client_call_get_room (self->call))
                                            : NULL;
  gint64 ends = self->call != NULL ? confer_client_call_get_ends (self->call) : 0;
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;

  if (room != NULL)
    /* Translators: %s is a breakout room's name */
    where = g_strdup_printf (_("You are in “%s”"), confer_call_room_get_name (room));
  else
    where = g_strdup (_("You are in the main room"));
  if (ends > 0)
    {
      gint64 left = MAX (ends - g_get_real_time () / 1000, 0) / 1000;

      /* Translators: where this side is, and the time left before the
       * breakout rooms close, in minutes and seconds: “You are in
       * “Design” · 14:59 left” */
      text = g_strdup_printf (_("%s · %u:%02u left"), where, (guint) (left / 60), (guint) (left % 60));
    }
  gtk_label_set_text (self->label, text != NULL ? text : where);
}

static gboolean
tick_cb (gpointer data)
{
  update_label (data);
  return G_SOURCE_CONTINUE;
}

/* Everything the bar shows and enables, from the call now. */
static void
update (ConferBreakoutBar *self)
{
  GListModel *rooms = self->call != NULL ? confer_client_call_get_rooms (self->call) : NULL;
  guint n = n_rooms (self);
  gboolean open = n > 0 && in_call (self);
  gboolean may_move = open && (is_owner (self) || confer_client_call_get_choose (self->call));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  enable (self, "breakout", in_call (self) && is_owner (self) && n == 0);
  enable (self, "bring-back", is_owner (self) && n > 0);
  enable (self, "move-to", may_move);
  gtk_widget_set_visible (GTK_WIDGET (self), open);
  gtk_widget_set_visible (GTK_WIDGET (self->rooms), may_move);
  gtk_widget_set_visible (self->back_button, open && is_owner (self));

  self->updating = TRUE;
  g_ptr_array_add (names, _("Main Room"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallRoom) room = g_list_model_get_item (rooms, i);

      g_ptr_array_add (names, (gpointer) confer_call_room_get_name (room));
      if (g_str_equal (confer_call_room_get_id (room), confer_client_call_get_room (self->call)))
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->choices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->choices)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->rooms, selected);
  self->updating = FALSE;

  update_label (self);
  if (open && confer_client_call_get_ends (self->call) > 0 && self->tick == 0)
    self->tick = g_timeout_add_seconds (1, tick_cb, self);
  else if (!(open && confer_client_call_get_ends (self->call) > 0))
    g_clear_handle_id (&self->tick, g_source_remove);
}

/* The user picked a room in the drop-down. */
static void
selected_cb (ConferBreakoutBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->rooms);
  g_autoptr(ConferCallRoom) room = NULL;

  if (self->updating || self->actions == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  room = selected > 0 ? g_list_model_get_item (confer_client_call_get_rooms (self->call), selected - 1) : NULL;
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "move-to",
                                  g_variant_new_string (room != NULL ? confer_call_room_get_id (room)
                                                                     : CONFER_CALL_MAIN_ROOM));
}

static void
breakout_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  ConferBreakoutBar *self = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->client == NULL)
    return;
  dialog = confer_breakout_dialog_new (self->client);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The answer to a move or a return: a refusal is told. */
static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(ConferBreakoutBar) self = data;
  g_autoptr(GError) error = NULL;
  gboolean done = g_task_get_source_tag (G_TASK (result)) == confer_client_call_return_async
                  ? confer_client_call_return_finish (CONFER_CLIENT_CALL (source), result, &error)
                  : confer_client_call_move_finish (CONFER_CLIENT_CALL (source), result, &error);

  if (!done)
    {
      /* Translators: %s is the server's reason */
      g_autofree char *text = g_strdup_printf (_("The breakout rooms did not change: %s"), error->message);

      toast (self, text);
      update (self);
    }
}

static void
bring_back_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  ConferBreakoutBar *self = data;

  if (self->call != NULL)
    confer_client_call_return_async (self->call, NULL, answered_cb, g_object_ref (self));
}

static void
move_to_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  ConferBreakoutBar *self = data;
  const char *room = g_variant_get_string (parameter, NULL);

  if (self->call != NULL && !g_str_equal (room, confer_client_call_get_room (self->call)))
    confer_client_call_move_async (self->call, NULL, room, NULL, answered_cb, g_object_ref (self));
}

static void
confer_breakout_bar_dispose (GObject *object)
{
  ConferBreakoutBar *self = CONFER_BREAKOUT_BAR (object);

  confer_breakout_bar_set_client (self, NULL);
  g_clear_handle_id (&self->tick, g_source_remove);
  if (self->actions != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
        g_action_map_remove_action (self->actions, action_names[i]);
      g_object_remove_weak_pointer (G_OBJECT (self->actions), (gpointer *) &self->actions);
      self->actions = NULL;
    }
  g_clear_object (&self->choices);

  G_OBJECT_CLASS (confer_breakout_bar_parent_class)->dispose (object);
}

static void
confer_breakout_bar_class_init (ConferBreakoutBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_breakout_bar_dispose;
}

static void
confer_breakout_bar_init (ConferBreakoutBar *self)
{
  /* The label and the controls side by side, or the controls below the
   * label where they do not fit beside it (a 360 px window). */
  GtkFlowBox *flow = GTK_FLOW_BOX (gtk_flow_box_new ());
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *child;

  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "breakout-bar");
  gtk_box_append (GTK_BOX (self), gtk_image_new_from_icon_name ("system-users-symbolic"));
  gtk_flow_box_set_selection_mode (flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (flow, 2);
  gtk_flow_box_set_row_spacing (flow, 6);
  gtk_flow_box_set_column_spacing (flow, 12);
  gtk_widget_set_hexpand (GTK_WIDGET (flow), TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (flow));

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_width_chars (self->label, 28);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_flow_box_append (flow, GTK_WIDGET (self->label));

  self->choices = gtk_string_list_new (NULL);
  self->rooms = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->choices)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rooms), _("Breakout Room"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rooms), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Breakout Room"), -1);
  g_signal_connect_swapped (self->rooms, "notify::selected", G_CALLBACK (selected_cb), self);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->rooms));
  self->back_button = gtk_button_new_with_mnemonic (_("_Bring Everyone Back"));
  /* Named once: GTK 4.8 reads a mnemonic button's label twice. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bring Everyone Back"), -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "call.bring-back");
  gtk_box_append (GTK_BOX (controls), self->back_button);
  gtk_widget_set_halign (controls, GTK_ALIGN_END);
  gtk_flow_box_append (flow, controls);
  /* The flow box's children are places, not stops for the keyboard. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (flow)); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_focusable (child, FALSE);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * confer_breakout_bar_new:
 * @actions: the call view's action group, inserted as `call`: the bar
 *   adds `breakout`, `bring-back` and `move-to` to it (and takes them out
 *   when it goes)
 *
 * Returns: (transfer floating): a bar following no call, hidden
 */
GtkWidget *
confer_breakout_bar_new (GActionMap *actions)
{
  const GActionEntry entries[] = {
    { .name = "breakout", .activate = breakout_action },
    { .name = "bring-back", .activate = bring_back_action },
    { .name = "move-to", .activate = move_to_action, .parameter_type = "s" },
  };
  ConferBreakoutBar *self;

  g_return_val_if_fail (G_IS_ACTION_MAP (actions), NULL);

  self = g_object_new (CONFER_TYPE_BREAKOUT_BAR, "orientation", GTK_ORIENTATION_HORIZONTAL, NULL);
  self->actions = actions;
  g_object_add_weak_pointer (G_OBJECT (actions), (gpointer *) &self->actions);
  g_action_map_add_action_entries (actions, entries, G_N_ELEMENTS (entries), self);
  update (self);
  return GTK_WIDGET (self);
}

/**
 * confer_breakout_bar_set_client:
 * @self: a bar
 * @client: (nullable): the session's client, or %NULL when the session is
 *   left
 *
 * Follows @client's call: its rooms, this side's room, whether members
 * choose, when the rooms close, and this side's role.
 */
void
confer_breakout_bar_set_client (ConferBreakoutBar *self,
                                ConferClient      *client)
{
  g_return_if_fail (CONFER_IS_BREAKOUT_BAR (self));
  g_return_if_fail (client == NULL || CONFER_IS_CLIENT (client));

  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      g_signal_handlers_disconnect_by_data (confer_client_call_get_rooms (self->call), self);
    }
  g_clear_object (&self->call);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      self->call = g_object_ref (confer_client_get_call (client));
      g_signal_connect_swapped (self->call, "notify::member-id", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->call, "notify::room", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->call, "notify::choose", G_CALLBACK (update), self);
      g_signal_connect_swapped (self->call, "notify::ends", G_CALLBACK (update), self);
      g_signal_connect_swapped (confer_client_call_get_rooms (self->call), "items-changed", G_CALLBACK (update), self);
    }
  update (self);
}
