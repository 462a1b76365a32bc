/* confer-renderer.c: how GTK draws Confer's windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 draws with OpenGL by default, and its X11 backend opens an
 * OpenGL context as soon as the display opens, whichever renderer is
 * then used. On a machine without a GPU that context is Mesa's software
 * rasteriser (llvmpipe), which maps LLVM and JIT-compiles shaders: on
 * the 2-core VM of docs/benchmarks.md an empty libadwaita window's RSS
 * is 154 MB with it and 31 MB without, and it draws text no faster than
 * GSK's cairo renderer. So where there is no GPU, Confer turns OpenGL
 * off and draws with cairo; with a GPU it leaves GTK's choice alone.
 */
#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "confer-renderer.h"

#define DRI_DIR "/dev/dri"

/**
 * confer_renderer_has_gpu:
 *
 * Whether this process can reach a GPU: a DRM render node
 * (`/dev/dri/renderD*`, the device Mesa's hardware drivers open) that
 * it may read and write. Inside a Flatpak sandbox without
 * `--device=dri` there is none.
 *
 * Returns: %TRUE if a render node is there and accessible
 */
gboolean
confer_renderer_has_gpu (void)
{
  g_autoptr(GDir) dir = g_dir_open (DRI_DIR, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, "renderD"))
        continue;
      path = g_build_filename (DRI_DIR, name, NULL);
      if (g_access (path, R_OK | W_OK) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * confer_renderer_choose:
 *
 * Chooses how GTK draws, by the environment variables GTK reads when it
 * starts: without a GPU (see confer_renderer_has_gpu()), it sets
 * `GDK_DEBUG=gl-disable` (so no OpenGL context is ever made) and
 * `GSK_RENDERER=cairo`. A `GSK_RENDERER` or `GDK_DEBUG` the user set
 * is left as it is, so `GSK_RENDERER=gl confer` still draws with
 * software OpenGL.
 *
 * Call it first thing in main(), before any GTK function and before any
 * thread starts: it calls g_setenv(), which is not thread-safe.
 *
 * Returns: %TRUE if it chose cairo drawing, %FALSE if it left GTK's
 *   default (or the user's choice) alone
 */
gboolean
confer_renderer_choose (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL)
    return FALSE;
  if (confer_renderer_has_gpu ())
    return FALSE;
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  return TRUE;
}
