/* test-renderer.c: how the app chooses GTK's renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs in a subprocess, since the choice is made through the
 * environment before GTK starts.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "confer-renderer.h"

/* Whether the process has mapped a file whose path contains @needle. */
static gboolean
maps_contain (const char *needle)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

/* With no GPU, a window draws with cairo and no OpenGL library (Mesa's
 * LLVM-backed software driver above all) is ever loaded. */
static void
test_no_gpu_draws_with_cairo (void)
{
  if (confer_renderer_has_gpu ())
    {
      g_test_skip ("this machine has a GPU render node");
      return;
    }
  if (g_test_subprocess ())
    {
      GtkWidget *window;

      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("GDK_DEBUG");
      g_assert_true (confer_renderer_choose ());
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      gtk_init ();
      window = gtk_window_new ();
      gtk_widget_realize (window);
      g_assert_true (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));
      g_assert_false (maps_contain ("libLLVM"));
      g_assert_false (maps_contain ("_dri.so"));
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A renderer the user chose is kept, OpenGL included. */
static void
test_user_choice_wins (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("GSK_RENDERER", "gl", TRUE);
      g_unsetenv ("GDK_DEBUG");
      g_assert_false (confer_renderer_choose ());
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
      g_assert_null (g_getenv ("GDK_DEBUG"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/no-gpu-draws-with-cairo", test_no_gpu_draws_with_cairo);
  g_test_add_func ("/renderer/user-choice-wins", test_user_choice_wins);
  return g_test_run ();
}
