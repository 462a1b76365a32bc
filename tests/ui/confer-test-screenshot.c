/* confer-test-screenshot.c: screenshots of the UI tests' screen, for
 * people to look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-screenshot.h"

/**
 * confer_test_screenshot:
 * @name: the file's name, without `.png`
 *
 * When $CONFER_SCREENSHOT_DIR is set (meson sets it to meson-logs), runs
 * the global default main context for half a second, so that everything
 * pending is drawn, then saves the whole screen as
 * $CONFER_SCREENSHOT_DIR/@name.png with ImageMagick's
 * `import -window root` and names the file in the test's log. Does nothing
 * otherwise. A screenshot that cannot be taken is left out, not a failure.
 */
void
confer_test_screenshot (const char *name)
{
  const char *dir = g_getenv ("CONFER_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (dir == NULL)
    return;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  command = g_strdup_printf ("import -window root '%s'", path);
  if (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_test_message ("screenshot: %s", path);
}
