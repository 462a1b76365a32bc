/* bench-delivery.c: the fan-out benchmarks' delivery tables — when each
 * worker thread's readers had each author's messages — and the latencies
 * joined from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each worker thread notes, in tables of its own, how many of its readers
 * had each author's message n and when the last of them had it, so the
 * threads share no lock while the benchmark runs; after the run,
 * bench_delivery_latencies() joins the threads' tables.
 */
#include "config.h"

#include "bench-delivery.h"

/**
 * bench_delivery_tables_new:
 * @n_authors: the number of authors
 *
 * One thread's delivery tables: per author, a #GArray of #BenchApplied,
 * the author's message 1 first, growing as bench_delivery_note() needs.
 *
 * Returns: (transfer full) (array length=n_authors): the empty tables;
 *   free with bench_delivery_tables_free()
 */
GArray **
bench_delivery_tables_new (guint n_authors)
{
  GArray **tables = g_new (GArray *, n_authors);

  for (guint a = 0; a < n_authors; a++)
    tables[a] = g_array_new (FALSE, TRUE, sizeof (BenchApplied));
  return tables;
}

/**
 * bench_delivery_tables_free:
 * @tables: (transfer full) (array length=n_authors): tables of
 *   bench_delivery_tables_new()
 * @n_authors: the number of authors they were made for
 *
 * Frees @tables.
 */
void
bench_delivery_tables_free (GArray **tables,
                            guint    n_authors)
{
  for (guint a = 0; a < n_authors; a++)
    g_array_unref (tables[a]);
  g_free (tables);
}

/**
 * bench_delivery_note:
 * @table: one author's table, of the calling thread
 * @first: the first message one reader now has, from 1
 * @last: the last, at least @first
 * @now: when, in monotonic µs (g_get_monotonic_time())
 *
 * Counts one more reader of each of the author's messages @first to @last,
 * which it had at @now.
 */
void
bench_delivery_note (GArray *table,
                     guint   first,
                     guint   last,
                     gint64  now)
{
  if (table->len < last)
    g_array_set_size (table, last);
  for (guint m = first; m <= last; m++)
    {
      BenchApplied *entry = &g_array_index (table, BenchApplied, m - 1);

      entry->readers++;
      entry->last_applied = now;
    }
}

/**
 * bench_delivery_latencies:
 * @sent_at: when @author sent each message, in monotonic µs (`gint64`),
 *   message 1 first
 * @author: the author's index in each thread's tables
 * @tables: (array length=n_threads): each thread's tables (of
 *   bench_delivery_tables_new())
 * @n_threads: the number of threads
 * @n_readers: how many readers every message goes to (every participant
 *   but its author)
 * @latencies: where to append the latencies (`double`, ms)
 *
 * Joins the threads' tables: a message of @author is delivered when
 * @n_readers readers, over all threads, had it, at the latest time any
 * thread noted; its latency is from @sent_at until then. A message not
 * delivered appends nothing. More than @n_readers readers of a message
 * fails the benchmark: a reader counted twice would be a bug of the
 * client or of the benchmark.
 *
 * Returns: the number of @author's messages (@sent_at's length)
 */
guint
bench_delivery_latencies (GArray         *sent_at,
                          guint           author,
                          GArray **const *tables,
                          guint           n_threads,
                          guint           n_readers,
                          GArray         *latencies)
{
  for (guint m = 1; m <= sent_at->len; m++)
    {
      guint readers = 0;
      gint64 last = 0;
      double ms;

      for (guint t = 0; t < n_threads; t++)
        {
          GArray *table = tables[t][author];

          if (m <= table->len)
            {
              readers += g_array_index (table, BenchApplied, m - 1).readers;
              last = MAX (last, g_array_index (table, BenchApplied, m - 1).last_applied);
            }
        }
      g_assert_cmpuint (readers, <=, n_readers);
      if (readers < n_readers)
        continue;
      ms = (last - g_array_index (sent_at, gint64, m - 1)) / 1000.0;
      g_array_append_val (latencies, ms);
    }
  return sent_at->len;
}
