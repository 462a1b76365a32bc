/* bench-stats.h: the benchmarks' figures — sorting and percentiles of
 * samples, the CPU time of a process and of this one over a run, the
 * load average
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int    bench_compare_doubles (gconstpointer a,
                              gconstpointer b);
double bench_percentile      (GArray       *sorted,
                              double        p);
double bench_process_cpu_s   (GPid          pid);
double bench_self_cpu_s      (void);
double bench_load_average    (void);

/* The CPU time of conferd and of this process over a window of a run
 * (see bench_cpu_start()). */
typedef struct
{
  GPid   server_pid;
  double server_s;   /* conferd's, in s; -1 if unknown */
  double self_s;     /* this process's (every thread), in s */
} BenchCpu;

void   bench_cpu_start       (BenchCpu       *self,
                              GPid            server_pid);
void   bench_cpu_stop        (BenchCpu       *self);
char  *bench_cpu_json        (const BenchCpu *self,
                              double          window_s);

G_END_DECLS
