/* bench-phases.c: running a main context until a condition holds, and
 * worker threads that reach numbered phases together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark spreads its clients over worker threads, each running a
 * GMainContext of its own. At each phase (every client connected, every
 * author stopped, …) a worker arrives and goes on running its context —
 * its clients keep reading, so no one's latency waits on a barrier — until
 * the main thread, once every worker arrived, releases the phase.
 */
#include "config.h"

#include "bench-phases.h"

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * bench_run_until:
 * @context: (nullable): the main context to iterate; %NULL for the
 *   global default one
 * @done: (scope call): whether to stop, called with @data before each
 *   iteration and once after the last
 * @data: what @done is given
 * @timeout_ms: the longest to run, in milliseconds; 0 for no limit
 *
 * Iterates @context (blocking) until @done holds or @timeout_ms passed.
 * The timeout is a source on @context at the default priority, removed
 * before returning.
 *
 * Returns: whether @done holds
 */
gboolean
bench_run_until (GMainContext *context,
                 gboolean    (*done) (gpointer data),
                 gpointer      data,
                 guint         timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *timer = NULL;

  if (timeout_ms > 0)
    {
      timer = g_timeout_source_new (timeout_ms);
      g_source_set_callback (timer, flag_cb, &timed_out, NULL);
      g_source_attach (timer, context);
    }
  while (!done (data) && !timed_out)
    g_main_context_iteration (context, TRUE);
  if (timer != NULL)
    {
      g_source_destroy (timer);
      g_source_unref (timer);
    }
  return done (data);
}

/**
 * bench_phases_init:
 * @self: phases to set up (zeroed or not)
 *
 * Sets up @self with no workers and no phase released (phase 0). Free what
 * it holds with bench_phases_clear().
 */
void
bench_phases_init (BenchPhases *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_main_context_unref);
  self->n_arrived = 0;
  self->released = 0;
}

/**
 * bench_phases_add_worker:
 * @self: phases
 * @context: the worker's main context, which bench_phases_release() wakes
 *   (@self keeps a reference)
 *
 * Counts one more worker. In the main thread, before any worker thread
 * starts.
 */
void
bench_phases_add_worker (BenchPhases  *self,
                         GMainContext *context)
{
  g_ptr_array_add (self->contexts, g_main_context_ref (context));
}

typedef struct
{
  BenchPhases *phases;
  gint         phase;
} Awaited;

static gboolean
phase_released (gpointer data)
{
  Awaited *awaited = data;

  return g_atomic_int_get (&awaited->phases->released) >= awaited->phase;
}

/**
 * bench_phases_arrive:
 * @self: phases
 * @context: the calling worker's main context
 * @phase: the phase it reached, from 1; each worker arrives at 1, 2, 3 …
 *   in turn
 *
 * In a worker thread: tells the main thread that this worker reached
 * @phase, then runs @context (its clients keep reading) until the main
 * thread releases @phase with bench_phases_release().
 */
void
bench_phases_arrive (BenchPhases  *self,
                     GMainContext *context,
                     guint         phase)
{
  Awaited awaited = { self, phase };

  g_mutex_lock (&self->mutex);
  self->n_arrived++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  bench_run_until (context, phase_released, &awaited, 0);
}

/**
 * bench_phases_wait:
 * @self: phases
 * @phase: a phase, from 1
 *
 * In the main thread: blocks until every worker arrived at @phase (as the
 * workers arrive at each phase in turn, until there were @phase arrivals
 * per worker).
 */
void
bench_phases_wait (BenchPhases *self,
                   guint        phase)
{
  g_mutex_lock (&self->mutex);
  while (self->n_arrived < self->contexts->len * phase)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

/**
 * bench_phases_release:
 * @self: phases
 * @phase: the phase every worker arrived at (see bench_phases_wait())
 *
 * In the main thread: lets every worker go on past @phase, waking each
 * worker's context.
 */
void
bench_phases_release (BenchPhases *self,
                      guint        phase)
{
  g_atomic_int_set (&self->released, phase);
  for (guint i = 0; i < self->contexts->len; i++)
    g_main_context_wakeup (g_ptr_array_index (self->contexts, i));
}

/**
 * bench_phases_clear:
 * @self: phases set up by bench_phases_init(), whose workers have ended
 *
 * Frees what @self holds (its references to the workers' contexts
 * included).
 */
void
bench_phases_clear (BenchPhases *self)
{
  g_clear_pointer (&self->contexts, g_ptr_array_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
}
