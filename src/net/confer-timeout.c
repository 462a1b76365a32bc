/* confer-timeout.c: timeouts in the thread-default main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-timeout"

#include "config.h"

#include "confer-timeout-private.h"

/**
 * confer_timeout_add:
 * @interval_ms: the delay (and period, while @func returns
 *   %G_SOURCE_CONTINUE), in ms
 * @func: the callback
 * @data: its data
 *
 * A timeout in the thread-default main context, where this thread's
 * clients (and their libsoup sessions) run: a client works in any thread
 * that runs its own context (a load generator with one per core), not
 * only in the global default one that g_timeout_add() uses.
 *
 * Returns: (transfer full): the attached source; stop it with
 *   confer_timeout_clear(), or drop the reference when @func returns
 *   %G_SOURCE_REMOVE
 */
GSource *
confer_timeout_add (guint       interval_ms,
                    GSourceFunc func,
                    gpointer    data)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/**
 * confer_timeout_clear:
 * @source: (inout) (nullable): where a confer_timeout_add() source is
 *   kept, or %NULL
 *
 * Destroys the source, drops its reference and sets *@source to %NULL.
 */
void
confer_timeout_clear (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}
