/* bench-phases.h: running a main context until a condition holds, and
 * worker threads that reach numbered phases together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bench_run_until (GMainContext *context,
                          gboolean    (*done) (gpointer data),
                          gpointer      data,
                          guint         timeout_ms);

/* The phases of a benchmark's worker threads (see bench_phases_arrive()),
 * embedded in the structure the threads share. Phase 0 is the start; the
 * others are 1, 2, 3 …, which every worker reaches in order. */
typedef struct
{
  GMutex     mutex;      /* guards n_arrived */
  GCond      cond;
  GPtrArray *contexts;   /* GMainContext, one per worker */
  guint      n_arrived;  /* arrivals at phases, over all workers */
  gint       released;   /* the last phase released (atomic) */
} BenchPhases;

void     bench_phases_init       (BenchPhases  *self);
void     bench_phases_add_worker (BenchPhases  *self,
                                  GMainContext *context);
void     bench_phases_arrive     (BenchPhases  *self,
                                  GMainContext *context,
                                  guint         phase);
void     bench_phases_wait       (BenchPhases  *self,
                                  guint         phase);
void     bench_phases_release    (BenchPhases  *self,
                                  guint         phase);
void     bench_phases_clear      (BenchPhases  *self);

G_END_DECLS
