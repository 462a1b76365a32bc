/* confer-call-controls.c: the header bar's call buttons: join (with how
 * many are in the call), mute, camera, share the screen, record, the
 * call's menu and leave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-controls"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-call-controls.h"

/**
 * ConferCallControls:
 *
 * The call's buttons for a header bar, bound to a #ConferCallView's
 * actions (which an ancestor inserts as `call`): outside the call, *Join Call*,
 * which says how many are in it when a call is running; inside, toggles
 * for the microphone, the camera and sharing the screen (shown only when
 * the role may share: `call.share-screen` is enabled), *Record the Call*
 * (likewise, for roles that may record), the *Call Menu* (the
 * microphone, camera and speaker: confer_call_view_get_devices_menu()),
 * and *Leave the Call*.
 */
struct _ConferCallControls
{
  GtkBox          parent_instance;

  ConferCallView *view;
  GtkWidget      *join_button;
  GtkLabel       *count_label;   /* in the join button, while a call runs */
  GtkWidget      *mute_button;
  GtkWidget      *camera_button;
  GtkWidget      *share_button;
  GtkWidget      *record_button;
  GtkWidget      *menu_button;
  GtkWidget      *leave_button;
};

G_DEFINE_FINAL_TYPE (ConferCallControls, confer_call_controls, GTK_TYPE_BOX)

static void
update (ConferCallControls *self)
{
  gboolean joined = self->view != NULL && confer_call_view_get_joined (self->view);
  guint n = self->view != NULL ? confer_call_view_get_n_members (self->view) : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *label = NULL;

  if (n > 0)
    /* Translators: the button that joins a running call, with how many
     * are in it */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Join Call (%u member)", "Join Call (%u members)", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);
  /* An icon alone is padded as Adwaita pads icon buttons. */
  if (n > 0)
    gtk_widget_remove_css_class (self->join_button, "image-button");
  else
    gtk_widget_add_css_class (self->join_button, "image-button");
  gtk_widget_set_tooltip_text (self->join_button, label != NULL ? label : _("Join Call"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->join_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : _("Join Call"), -1);
  gtk_widget_set_visible (self->join_button, !joined);
  gtk_widget_set_visible (self->mute_button, joined);
  gtk_widget_set_visible (self->camera_button, joined);
  gtk_widget_set_visible (self->share_button, joined && self->view != NULL &&
                          g_action_group_get_action_enabled (confer_call_view_get_actions (self->view), "share-screen"));
  gtk_widget_set_visible (self->record_button,
                          joined && g_action_group_get_action_enabled (confer_call_view_get_actions (self->view), "record"));
  gtk_widget_set_visible (self->menu_button, joined);
  gtk_widget_set_visible (self->leave_button, joined);
}

/* Recording, the (pressed) button says it stops. */
static void
record_state_cb (ConferCallControls *self)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (confer_call_view_get_actions (self->view), "record");
  const char *label = g_variant_get_boolean (state) ? _("Stop Recording") : _("Record the Call");

  gtk_widget_set_tooltip_text (self->record_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->record_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkWidget *
toggle (ConferCallControls *self,
        const char         *icon,
        const char         *action,
        const char         *label)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (self), button);
  return button;
}

static void
confer_call_controls_dispose (GObject *object)
{
  ConferCallControls *self = CONFER_CALL_CONTROLS (object);

  confer_call_controls_set_view (self, NULL);

  G_OBJECT_CLASS (confer_call_controls_parent_class)->dispose (object);
}

static void
confer_call_controls_class_init (ConferCallControlsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_call_controls_dispose;
}

static void
confer_call_controls_init (ConferCallControls *self)
{
  GtkWidget *content;

  gtk_box_set_spacing (GTK_BOX (self), 6);

  /* Icons, and the count while a call runs: the header bar still fits
   * a 360 px wide window. */
  self->join_button = gtk_button_new ();
  content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("call-start-symbolic"));
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->count_label));
  gtk_button_set_child (GTK_BUTTON (self->join_button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->join_button), "call.join");
  gtk_widget_add_css_class (self->join_button, "suggested-action");
  gtk_box_append (GTK_BOX (self), self->join_button);
  self->mute_button = toggle (self, "microphone-disabled-symbolic", "call.mute", _("Mute"));
  self->camera_button = toggle (self, "camera-disabled-symbolic", "call.camera-off", _("Turn Camera Off"));
  self->share_button = toggle (self, "screen-shared-symbolic", "call.share-screen", _("Share Screen"));
  self->record_button = toggle (self, "media-record-symbolic", "call.record", _("Record the Call"));
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (self->menu_button, _("Call Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Call Menu"),
                                  -1);
  gtk_box_append (GTK_BOX (self), self->menu_button);
  self->leave_button = gtk_button_new_from_icon_name ("call-stop-symbolic");
  gtk_widget_set_tooltip_text (self->leave_button, _("Leave the Call"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->leave_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Leave the Call"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->leave_button), "call.leave");
  gtk_widget_add_css_class (self->leave_button, "destructive-action");
  gtk_box_append (GTK_BOX (self), self->leave_button);
  update (self);
}

/**
 * confer_call_controls_set_view:
 * @self: the controls
 * @view: (nullable): the call view whose actions the buttons activate
 *
 * Follows @view: whether this side is in the call, how many members
 * the call has, whether this side may share a screen, and whether it may
 * record and does. The buttons activate `call.join`, `call.leave`,
 * `call.mute`, `call.camera-off`, `call.share-screen` and `call.record`,
 * and the call's menu `call.microphone`, `call.camera` and `call.speaker`:
 * insert @view's actions
 * (confer_call_view_get_actions()) as `call` on an ancestor.
 */
void
confer_call_controls_set_view (ConferCallControls *self,
                               ConferCallView     *view)
{
  g_return_if_fail (CONFER_IS_CALL_CONTROLS (self));
  g_return_if_fail (view == NULL || CONFER_IS_CALL_VIEW (view));

  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->view, self);
      g_signal_handlers_disconnect_by_data (confer_call_view_get_actions (self->view), self);
    }
  g_set_object (&self->view, view);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button),
                                  view != NULL ? confer_call_view_get_devices_menu (view) : NULL);
  if (view != NULL)
    {
      GActionGroup *actions = confer_call_view_get_actions (view);

      g_signal_connect_swapped (view, "notify::joined", G_CALLBACK (update), self);
      g_signal_connect_swapped (view, "notify::n-members", G_CALLBACK (update), self);
      g_signal_connect_swapped (actions, "action-enabled-changed::share-screen", G_CALLBACK (update), self);
      g_signal_connect_swapped (actions, "action-enabled-changed::record", G_CALLBACK (update), self);
      g_signal_connect_swapped (actions, "action-state-changed::record", G_CALLBACK (record_state_cb), self);
      record_state_cb (self);
    }
  update (self);
}
