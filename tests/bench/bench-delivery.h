/* bench-delivery.h: the fan-out benchmarks' delivery tables — when each
 * worker thread's readers had each author's messages — and the latencies
 * joined from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One message (or move) of one author, as one thread's readers had it. */
typedef struct
{
  guint  readers;       /* of the thread's participants, those that had it */
  gint64 last_applied;  /* monotonic µs, when the last of them had it */
} BenchApplied;

GArray **bench_delivery_tables_new  (guint          n_authors);
void     bench_delivery_tables_free (GArray       **tables,
                                     guint          n_authors);
void     bench_delivery_note        (GArray        *table,
                                     guint          first,
                                     guint          last,
                                     gint64         now);
guint    bench_delivery_latencies   (GArray        *sent_at,
                                     guint          author,
                                     GArray **const *tables,
                                     guint          n_threads,
                                     guint          n_readers,
                                     GArray        *latencies);

G_END_DECLS
