/* bench-stats.c: the benchmarks' figures — sorting and percentiles of
 * samples, the CPU time of a process and of this one over a run, the
 * load average
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-stats.h"

/**
 * bench_compare_doubles:
 * @a: a `double`
 * @b: another `double`
 *
 * Orders doubles from the smallest up, for g_array_sort() and qsort()
 * (a NaN compares equal to everything).
 *
 * Returns: -1, 0 or 1 as @a is below, equal to or above @b
 */
int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * bench_percentile:
 * @sorted: samples (`double`), sorted from the smallest up (the caller
 *   sorts, with bench_compare_doubles())
 * @p: the fraction, from 0 to 1 (0.5 the median, 1 the largest)
 *
 * The @p-th percentile of @sorted by nearest rank: the sample at index
 * ⌊@p × n⌋ of n, the last one at most.
 *
 * Returns: the sample, in the samples' unit; 0 when @sorted is empty
 */
double
bench_percentile (GArray *sorted,
                  double  p)
{
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, double, MIN (sorted->len - 1, (guint) (sorted->len * p)));
}

/**
 * bench_process_cpu_s:
 * @pid: a process of this machine (conferd, started by the benchmark)
 *
 * The CPU time @pid used so far, user and system, from fields 14 and 15
 * (utime, stime: clock ticks) of /proc/@pid/stat (proc(5)).
 *
 * Returns: seconds, or -1 if /proc/@pid/stat cannot be read
 */
double
bench_process_cpu_s (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *fields;
  unsigned long utime, stime;

  /* The command name may hold spaces and parentheses; the fields follow
   * its last ')'. */
  if (!g_file_get_contents (path, &text, NULL, NULL) || (fields = strrchr (text, ')')) == NULL ||
      sscanf (fields + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return -1;
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

/**
 * bench_self_cpu_s:
 *
 * The CPU time this process used so far, user and system, over every
 * thread (getrusage (RUSAGE_SELF)).
 *
 * Returns: seconds
 */
double
bench_self_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/**
 * bench_load_average:
 *
 * The machine's load average over the last minute, the first field of
 * /proc/loadavg (proc(5)).
 *
 * Returns: the average number of runnable (and uninterruptible)
 *   processes, or -1 if /proc/loadavg cannot be read
 */
double
bench_load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/**
 * bench_cpu_start:
 * @self: where to measure
 * @server_pid: the server's process (conferd, started by the benchmark)
 *
 * Opens a window: notes the CPU time the server and this process used so
 * far. bench_cpu_stop() closes it.
 */
void
bench_cpu_start (BenchCpu *self,
                 GPid      server_pid)
{
  self->server_pid = server_pid;
  self->server_s = bench_process_cpu_s (server_pid);
  self->self_s = bench_self_cpu_s ();
}

/**
 * bench_cpu_stop:
 * @self: a window opened by bench_cpu_start()
 *
 * Closes the window: @self then holds the CPU time the server
 * (`server_s`, -1 when /proc could not tell) and this process (`self_s`)
 * used within it, in seconds.
 */
void
bench_cpu_stop (BenchCpu *self)
{
  if (self->server_s >= 0)
    self->server_s = bench_process_cpu_s (self->server_pid) - self->server_s;
  self->self_s = bench_self_cpu_s () - self->self_s;
}

/**
 * bench_cpu_json:
 * @self: a window closed by bench_cpu_stop()
 * @window_s: the window's wall-clock length, in seconds (more than 0)
 *
 * The window's CPU times as members of a JSON object: `server_cpu_s` and
 * `bench_cpu_s` in seconds, `server_cpu_pct` and `bench_cpu_pct` in % of
 * one core over @window_s; the server's two are `null` when unknown.
 *
 * Returns: (transfer full): the members, comma-separated, without braces
 */
char *
bench_cpu_json (const BenchCpu *self,
                double          window_s)
{
  g_autofree char *server_cpu = self->server_s >= 0 ? g_strdup_printf ("%.2f", self->server_s) : g_strdup ("null");
  g_autofree char *server_pct = self->server_s >= 0 ? g_strdup_printf ("%.0f", 100 * self->server_s / window_s)
                                                    : g_strdup ("null");

  return g_strdup_printf ("\"server_cpu_s\":%s,\"server_cpu_pct\":%s,\"bench_cpu_s\":%.2f,\"bench_cpu_pct\":%.0f",
                          server_cpu, server_pct, self->self_s, 100 * self->self_s / window_s);
}
