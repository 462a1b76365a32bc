/* confer-test-notifications.c: a desktop notification server for tests
 *
 * Owns org.freedesktop.Notifications on the session bus and implements
 * the Desktop Notifications Specification 1.2's methods
 * (https://specifications.freedesktop.org/notification-spec/1.2/),
 * which GLib's GNotification uses outside GNOME Shell and Flatpak (its
 * "freedesktop" backend). Each notification received is written to
 * standard output as one line, "APP\tSUMMARY\tBODY" (tabs and line breaks
 * inside them written as \t and \n), flushed at once; "ready" is written
 * first, once the name is owned.
 *
 * Usage: confer-test-notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

static const char introspection[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

static guint32 last_id;

/* @text on one line: tabs, line breaks and backslashes escaped. */
static char *
one_line (const char *text)
{
  GString *line = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c++)
    switch (*c)
      {
      case '\t': g_string_append (line, "\\t"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\\': g_string_append (line, "\\\\"); break;
      default: g_string_append_c (line, *c);
      }
  return g_string_free (line, FALSE);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               data)
{
  if (g_str_equal (method, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
    }
  else if (g_str_equal (method, "Notify"))
    {
      const char *app, *icon, *summary, *body;
      guint32 replaces;
      g_autofree char *app_line = NULL, *summary_line = NULL, *body_line = NULL;

      g_variant_get (parameters, "(&su&s&s&s@as@a{sv}i)", &app, &replaces, &icon, &summary, &body, NULL, NULL, NULL);
      app_line = one_line (app);
      summary_line = one_line (summary);
      body_line = one_line (body);
      printf ("%s\t%s\t%s\n", app_line, summary_line, body_line);
      fflush (stdout);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", replaces != 0 ? replaces : ++last_id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    g_dbus_method_invocation_return_value (invocation, NULL);
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "confer-test-notifications", "Confer",
                                                                      "1", "1.2"));
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD, "No method %s", method);
}

static void
bus_acquired (GDBusConnection *connection,
              const char      *name,
              gpointer         data)
{
  static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, NULL);
  g_autoptr(GError) error = NULL;

  if (g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications", info->interfaces[0],
                                         &vtable, NULL, NULL, &error) == 0)
    g_error ("Could not serve notifications: %s", error->message);
}

static void
name_acquired (GDBusConnection *connection,
               const char      *name,
               gpointer         data)
{
  printf ("ready\n");
  fflush (stdout);
}

static void
name_lost (GDBusConnection *connection,
           const char      *name,
           gpointer         data)
{
  g_printerr ("confer-test-notifications: %s is not ours (another server, or no session bus)\n", name);
  exit (1);
}

int
main (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                  bus_acquired, name_acquired, name_lost, NULL, NULL);
  g_main_loop_run (loop);
  return 0;
}
