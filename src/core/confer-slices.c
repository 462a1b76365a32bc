/* confer-slices.c: GLib's slice allocator turned into malloc
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-slices"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "confer-slices.h"

/**
 * confer_slices_use_malloc:
 * @argv: the program's arguments, as main() has them (%NULL-terminated)
 *
 * Under a GLib older than 2.76, runs the program again in place
 * (execv() of /proc/self/exe with @argv) with `G_SLICE=always-malloc`,
 * unless G_SLICE is already set; returns only when nothing is to be done
 * or the exec failed (logged: the program goes on with the slices). Call
 * it first thing in main(): what ran before is lost.
 *
 * The slice allocator of GLib 2.74 (Debian 12's) keeps the magazines of
 * freed chunks for 15 s, then gives them back from within whatever free
 * comes next: after a board of 50,000 elements was filled through
 * conferd, its main thread stalled for 0.3–0.7 s in a later
 * json_node_unref(), holding every participant's presence (a remote ink
 * point's p95 went from 39 ms to 200–580 ms). The variable is read once,
 * by GLib's own constructors, before main() can set it — hence the exec.
 * From GLib 2.76 on, g_slice_alloc() is a wrapper of g_malloc() (the slice
 * allocator was removed in 2.75.3), so newer systems skip this.
 */
void
confer_slices_use_malloc (char **argv)
{
  if (glib_check_version (2, 76, 0) == NULL || g_getenv ("G_SLICE") != NULL)
    return;
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv ("/proc/self/exe", argv);
  g_warning ("Cannot run again with GLib's slices in malloc: %s", g_strerror (errno));
}
