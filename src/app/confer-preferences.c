/* confer-preferences.c: the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The display name and cursor colour asked for when joining a session
 * (a participant's name and colour are chosen when they first join, so
 * they apply to sessions joined afterwards), and the port hosted sessions
 * listen on. Each change is saved at once in GSettings.
 */
#define G_LOG_DOMAIN "confer"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-contrast.h"
#include "confer-preferences.h"
#include "confer-protocol.h"

struct _ConferPreferences
{
  AdwPreferencesWindow parent_instance;

  GSettings          *settings;
  AdwEntryRow        *name_row;
  AdwActionRow       *colour_row;
  GtkColorButton     *colour_button;
  GtkButton          *colour_reset;
  char               *session_colour;   /* nullable */
  GtkSpinButton      *port_button;
};

G_DEFINE_FINAL_TYPE (ConferPreferences, confer_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* A name the protocol would refuse is marked, and not saved. */
static void
name_changed_cb (ConferPreferences *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (confer_protocol_is_name (name))
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
}

static void
name_apply_cb (ConferPreferences *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (!confer_protocol_is_name (name))
    {
      /* Translators: %d is the longest name allowed, in characters. */
      g_autofree char *message = g_strdup_printf (_("A name has 1 to %d characters"), CONFER_PROTOCOL_MAX_NAME);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }
  g_settings_set_string (self->settings, "display-name", name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

static void
show_colour (ConferPreferences *self)
{
  g_autofree char *colour = g_settings_get_string (self->settings, "colour");
  g_autofree char *subtitle = NULL;
  GdkRGBA rgba;

  /* Without a colour of one's own, the chooser starts at the colour the
   * current session gave. */
  if (!confer_protocol_is_colour (colour) && self->session_colour != NULL)
    {
      g_free (colour);
      colour = g_strdup (self->session_colour);
      if (gdk_rgba_parse (&rgba, colour))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
      /* Translators: %s is a colour such as #3584e4. */
      subtitle = g_strdup_printf (_("Each session chooses one (this one chose %s)"), colour);
      adw_action_row_set_subtitle (self->colour_row, subtitle);
      gtk_widget_set_sensitive (GTK_WIDGET (self->colour_reset), FALSE);
      return;
    }
  if (confer_protocol_is_colour (colour) && gdk_rgba_parse (&rgba, colour))
    {
      gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
      adw_action_row_set_subtitle (self->colour_row, colour);
      gtk_widget_set_sensitive (GTK_WIDGET (self->colour_reset), TRUE);
    }
  else
    {
      gdk_rgba_parse (&rgba, "#ffffff");
      gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
      adw_action_row_set_subtitle (self->colour_row, _("Each session chooses one"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->colour_reset), FALSE);
    }
}

static void
colour_set_cb (ConferPreferences *self)
{
  GdkRGBA rgba;
  g_autofree char *colour = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
  rgba.alpha = 1.0;
  /* A cursor and its name tag others cannot see on their page is refused,
   * and the chooser goes back to the colour that was. */
  if (!confer_contrast_is_readable (&rgba))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("This colour would be hard to see on the page in the light "
                                                         "or the dark style; choose a stronger one")));
      show_colour (self);
      return;
    }
  colour = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                            (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  g_settings_set_string (self->settings, "colour", colour);
  show_colour (self);
}

static void
colour_reset_cb (ConferPreferences *self)
{
  g_settings_set_string (self->settings, "colour", "");
  show_colour (self);
}

static void
port_changed_cb (ConferPreferences *self)
{
  g_settings_set_uint (self->settings, "host-port", gtk_spin_button_get_value_as_int (self->port_button));
}

static void
confer_preferences_dispose (GObject *object)
{
  ConferPreferences *self = CONFER_PREFERENCES (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->session_colour, g_free);
  G_OBJECT_CLASS (confer_preferences_parent_class)->dispose (object);
}

static void
confer_preferences_class_init (ConferPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_preferences_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confer/Confer/confer-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, ConferPreferences, name_row);
  gtk_widget_class_bind_template_child (widget_class, ConferPreferences, colour_row);
  gtk_widget_class_bind_template_child (widget_class, ConferPreferences, colour_button);
  gtk_widget_class_bind_template_child (widget_class, ConferPreferences, colour_reset);
  gtk_widget_class_bind_template_child (widget_class, ConferPreferences, port_button);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, colour_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, colour_reset_cb);
}

static void
confer_preferences_init (ConferPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * confer_preferences_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the application's settings (`org.confer.Confer`)
 * @session_colour: (nullable): the colour the current session gave this
 *   participant (`#rrggbb`), where the colour chooser starts when no colour
 *   of one's own is set
 *
 * Creates the preferences window, showing the current display name,
 * colour and hosting port; present it with gtk_window_present().
 *
 * Returns: (transfer full): a new, modal preferences window
 */
ConferPreferences *
confer_preferences_new (GtkWindow  *parent,
                        GSettings  *settings,
                        const char *session_colour)
{
  ConferPreferences *self = g_object_new (CONFER_TYPE_PREFERENCES, "transient-for", parent, NULL);
  g_autofree char *name = g_settings_get_string (settings, "display-name");

  self->settings = g_object_ref (settings);
  self->session_colour = g_strdup (session_colour);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  show_colour (self);
  gtk_spin_button_set_value (self->port_button, g_settings_get_uint (settings, "host-port"));
  g_signal_connect_swapped (self->port_button, "value-changed", G_CALLBACK (port_changed_cb), self);
  return self;
}
