/* test-start-page.c: the start page under a real display (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "confer-preferences.h"
#include "confer-protocol.h"
#include "confer-window.h"

typedef struct
{
  const char *name;
  const char *link;
} BadLink;

static const BadLink bad_links[] = {
  { "wrong-scheme",      "https://127.0.0.1:7701/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA" },
  { "missing-port",      "confer://127.0.0.1/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA" },
  { "missing-session",   "confer://127.0.0.1:7701/?invite=9RRJGlMB9q_73bFLFM_ymA" },
  { "bad-token",         "confer://127.0.0.1:7701/8VXiTKnvMKvaY-F6?invite=short" },
  { "bad-fingerprint",   "confer://example.org:7701/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA&fp=XYZ" },
  { "no-fingerprint",    "confer://example.org:7701/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA" },
  { "shell-metachars",   "confer://127.0.0.1:7701/8VXiTKnvMKvaY-F6?invite=$(rm%20-rf%20~)" },
  { "host-metachars",    "confer://a;b`c:7701/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA" },
  { "unknown-parameter", "confer://127.0.0.1:7701/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA&exec=sh" },
};

static ConferWindow *
new_window (void)
{
  ConferWindow *window = g_object_new (CONFER_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
set_link (ConferWindow *window,
          const char   *text)
{
  GtkEditable *row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), CONFER_TYPE_WINDOW, "link_row"));

  gtk_editable_set_text (row, text);
}

static GtkWidget *
status_label (ConferWindow *window)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), CONFER_TYPE_WINDOW, "link_status"));
}

static void
test_bad_link (gconstpointer data)
{
  const BadLink *bad = data;
  ConferWindow *window = new_window ();
  GtkWidget *status = status_label (window);

  set_link (window, bad->link);
  g_test_message ("%s: %s", bad->name, gtk_label_get_text (GTK_LABEL (status)));
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, "");

  /* Applying it reports nothing more: no dialog says it again. */
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (window), CONFER_TYPE_WINDOW, "link_row"), "apply");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_long_link (void)
{
  ConferWindow *window = new_window ();
  g_autoptr(GString) link = g_string_new ("confer://127.0.0.1:7701/8VXiTKnvMKvaY-F6?invite=");

  while (link->len < 4096)
    g_string_append (link, "AAAAAAAAAAAAAAAA");
  set_link (window, link->str);
  g_assert_true (gtk_widget_has_css_class (status_label (window), "error"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_good_link (void)
{
  ConferWindow *window = new_window ();
  GtkWidget *status = status_label (window);

  set_link (window, "confer://192.168.1.5:7701/8VXiTKnvMKvaY-F6?invite=9RRJGlMB9q_73bFLFM_ymA"
                    "&fp=18eab6af1608ec86afc2c3da05bae8fa40787cb00c21cb5acffaedb313ddc44f");
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_false (gtk_widget_has_css_class (status, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "192.168.1.5"));

  set_link (window, "");
  g_assert_false (gtk_widget_get_visible (status));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every control a user can operate has a name for assistive technology. */
static gboolean
is_labelled (GtkWidget *widget)
{
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL)
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) && adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))[0] != '\0')
    return TRUE;
  return FALSE;
}

static void
check_labels (GtkWidget *widget,
              guint     *n_checked)
{
  gboolean interactive = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || ADW_IS_ENTRY_ROW (widget) ||
                         GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_ENTRY (widget) || GTK_IS_LIST_BOX (widget) ||
                         GTK_IS_TEXT_VIEW (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget) ||
                         GTK_IS_COLOR_BUTTON (widget);

  /* What is not shown cannot be operated; a disabled control still needs
   * its name. */
  if (!gtk_widget_get_visible (widget))
    return;
  if (interactive)
    {
      g_test_message ("%s: %s", G_OBJECT_TYPE_NAME (widget), is_labelled (widget) ? "labelled" : "NO LABEL");
      g_assert_true (is_labelled (widget));
      (*n_checked)++;
      if (ADW_IS_ENTRY_ROW (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
          GTK_IS_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget) ||
          GTK_IS_COLOR_BUTTON (widget))
        return;   /* their inner parts are the widget's own */
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, n_checked);
}

static void
test_accessible_labels (void)
{
  ConferWindow *window = new_window ();
  guint n_checked = 0;

  check_labels (GTK_WIDGET (window), &n_checked);
  g_assert_cmpuint (n_checked, >=, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The session view: documents, participants, the search bar (hidden
 * until Ctrl+F, checked all the same) and the editor. */
static void
test_session_view_labels (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (CONFER_TYPE_SESSION_VIEW, NULL);
  guint n_checked = 0;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  check_labels (view, &n_checked);
  g_assert_cmpuint (n_checked, >=, 8);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend ("org.confer.Confer", backend);
}

/* Every control of the preferences has a name; a valid display name is
 * saved, one the protocol would refuse is not; the hosting port is. */
static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  ConferPreferences *preferences = confer_preferences_new (NULL, settings, "#33d17a");
  GtkWidget *widget = GTK_WIDGET (preferences);
  GtkEditable *name_row = GTK_EDITABLE (gtk_widget_get_template_child (widget, CONFER_TYPE_PREFERENCES, "name_row"));
  GtkSpinButton *port = GTK_SPIN_BUTTON (gtk_widget_get_template_child (widget, CONFER_TYPE_PREFERENCES, "port_button"));
  g_autofree char *too_long = g_strnfill (CONFER_PROTOCOL_MAX_NAME + 1, 'a');
  g_autofree char *name = NULL;
  guint n_checked = 0;

  g_settings_set_string (settings, "display-name", "Ann");
  gtk_window_present (GTK_WINDOW (preferences));
  /* The page: the window's own search (off here) is libadwaita's. */
  check_labels (find_descendant (widget, ADW_TYPE_PREFERENCES_PAGE), &n_checked);
  g_assert_cmpuint (n_checked, >=, 4);

  gtk_editable_set_text (name_row, "  Ann Lee ");
  g_signal_emit_by_name (name_row, "apply");
  name = g_settings_get_string (settings, "display-name");
  g_assert_cmpstr (name, ==, "Ann Lee");

  gtk_editable_set_text (name_row, too_long);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name_row), "error"));
  g_signal_emit_by_name (name_row, "apply");
  g_free (name);
  name = g_settings_get_string (settings, "display-name");
  g_assert_cmpstr (name, ==, "Ann Lee");

  /* The colour starts at the session's; one hard to see on the light or
   * the dark page is refused, a clear one kept. */
  {
    GtkColorChooser *chooser = GTK_COLOR_CHOOSER (gtk_widget_get_template_child (widget, CONFER_TYPE_PREFERENCES,
                                                                                 "colour_button"));
    GdkRGBA rgba, session;
    g_autofree char *colour = NULL;

    gdk_rgba_parse (&session, "#33d17a");
    gtk_color_chooser_get_rgba (chooser, &rgba);
    g_assert_true (gdk_rgba_equal (&rgba, &session));
    gdk_rgba_parse (&rgba, "#f6f5f4");
    gtk_color_chooser_set_rgba (chooser, &rgba);
    g_signal_emit_by_name (chooser, "color-set");
    colour = g_settings_get_string (settings, "colour");
    g_assert_cmpstr (colour, ==, "");
    gdk_rgba_parse (&rgba, "#1c71d8");
    gtk_color_chooser_set_rgba (chooser, &rgba);
    g_signal_emit_by_name (chooser, "color-set");
    g_free (colour);
    colour = g_settings_get_string (settings, "colour");
    g_assert_cmpstr (colour, ==, "#1c71d8");
  }

  g_assert_cmpuint (g_settings_get_uint (settings, "host-port"), ==, 7701);
  gtk_spin_button_set_value (port, 8123);
  g_assert_cmpuint (g_settings_get_uint (settings, "host-port"), ==, 8123);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_links); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/start-page/bad-link/%s", bad_links[i].name);

      g_test_add_data_func (path, &bad_links[i], test_bad_link);
    }
  g_test_add_func ("/ui/start-page/long-link", test_long_link);
  g_test_add_func ("/ui/start-page/good-link", test_good_link);
  g_test_add_func ("/ui/start-page/accessible-labels", test_accessible_labels);
  g_test_add_func ("/ui/session-view/accessible-labels", test_session_view_labels);
  g_test_add_func ("/ui/preferences", test_preferences);
  return g_test_run ();
}
