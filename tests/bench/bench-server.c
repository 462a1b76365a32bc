/* bench-server.c: conferd under load, from real clients over WebSockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server MODE [ARGS]   ($CONFERD names the server program)
 *   capacity CONNECTIONS SECONDS   each connection types into its own
 *                                  document in lockstep (next keystroke
 *                                  when the previous is acked); acked ops/s
 *                                  and ack latency
 *   fanout CLIENTS SECONDS RATE    every client types RATE keystrokes/s into
 *                                  one document; latency from a submit
 *                                  until every other client applied it
 *                                  (clients in 2 threads, see below)
 *   connections N                  conferd's resident memory with N idle,
 *                                  welcomed connections
 * Prints one JSON line, like the ShareDB peer (tests/bench/peers/).
 * conferd serves plain ws:// (as the peer does) unless CONFER_BENCH_TLS=1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-stats.h"
#include "confer-server.h"
#include "confer-test-server.h"

static void
run_for (gint64 us)
{
  gint64 end = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static ConferClientDoc *
open_doc (ConferClient *client,
          const char   *id)
{
  g_autoptr(GError) error = NULL;
  ConferClientDoc *doc = confer_client_open_doc (client, id);

  confer_client_doc_wait (doc, FALSE, 60000, &error);
  g_assert_no_error (error);
  return doc;
}

/* capacity */

typedef struct
{
  ConferClientDoc *doc;
  GArray          *latencies;
  gboolean         running;
  guint64          acked;
} Typist;

static void
type_one (Typist *typist)
{
  g_autoptr(ConferTextOp) op = confer_text_op_new_insert (confer_rope_get_length (confer_client_doc_get_rope (typist->doc)), "x", 1);

  confer_client_doc_apply_local (typist->doc, op, NULL);
}

static void
typist_acked_cb (ConferClientDoc *doc,
                 guint64          revision,
                 guint64          latency,
                 gpointer         data)
{
  Typist *typist = data;
  double ms = latency / 1000.0;

  if (!typist->running)
    return;
  typist->acked++;
  g_array_append_val (typist->latencies, ms);
  type_one (typist);
}

static void
bench_capacity (ConferTestServer *server,
                guint             n,
                guint             seconds)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Typist *typists = g_new0 (Typist, n);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 acked = 0;
  gint64 start, elapsed;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Typist %u", i);
      g_autofree char *title = g_strdup_printf ("cap-%u", i);
      ConferClient *client = confer_test_client_new (server->link, name);

      g_ptr_array_add (clients, client);
      g_autofree char *id = confer_test_create_doc (client, title);

      typists[i].doc = open_doc (client, id);
      typists[i].latencies = latencies;
      g_signal_connect (typists[i].doc, "acked", G_CALLBACK (typist_acked_cb), &typists[i]);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      typists[i].running = TRUE;
      type_one (&typists[i]);
    }
  run_for ((gint64) seconds * G_USEC_PER_SEC);
  elapsed = g_get_monotonic_time () - start;
  for (guint i = 0; i < n; i++)
    {
      typists[i].running = FALSE;
      acked += typists[i].acked;
    }

  g_array_sort (latencies, bench_compare_doubles);
  printf ("{\"mode\":\"capacity\",\"connections\":%u,\"seconds\":%u,\"ops\":%" G_GUINT64_FORMAT
          ",\"ops_per_s\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
          n, seconds, acked, acked / (elapsed / 1e6), bench_percentile (latencies, 0.5), bench_percentile (latencies, 0.99));
}

/* fanout
 *
 * The clients are spread over FANOUT_THREADS threads, each running its own
 * main context, as if they were on different machines: one thread would
 * apply every broadcast for all of them, one client after another, and
 * measure its own queue more than the server. Each thread notes when its
 * authors sent and when its readers applied, in its own tables, so the
 * threads share no lock while they run; the tables are joined afterwards. */

#define FANOUT_THREADS 2   /* one per core of the benchmark machine */
#define FANOUT_GRACE_S 3   /* for the last operations to arrive everywhere */

typedef struct
{
  guint  readers;       /* of this thread's clients, those that applied it */
  gint64 last_applied;  /* monotonic µs */
} Applied;

typedef struct
{
  const char      *link;
  char            *doc_id;       /* the one document */
  guint            n_clients;
  guint            interval_ms;
  gint64           end;          /* monotonic µs at which typing stops */
  GMutex           mutex;        /* guards the start */
  GCond            cond;
  guint            n_ready;
  gboolean         go;
  gint             n_typing;     /* threads whose authors still type (atomic) */
} Fanout;

typedef struct
{
  Fanout          *fanout;
  guint            first;        /* its authors: first .. first + count - 1 */
  guint            count;
  guint            n_typing;     /* of its authors, those still typing */
  GHashTable      *sent;         /* txn -> monotonic µs (gint64 *), its authors' */
  GHashTable      *applied;      /* txn -> Applied, by its readers */
  GThread         *thread;
} Worker;

typedef struct
{
  Worker          *worker;
  ConferClientDoc *doc;
  GRand           *rand;         /* its thread's */
  GSource         *timer;
} Author;

static void
track_sent (Author     *author,
            const char *before,
            gint64      sent)
{
  const char *txn = confer_client_doc_get_inflight_txn (author->doc);

  if (txn == NULL || g_strcmp0 (txn, before) == 0)
    return;
  g_hash_table_insert (author->worker->sent, g_strdup (txn), g_memdup2 (&sent, sizeof sent));
}

static gboolean
keystroke_cb (gpointer data)
{
  Author *author = data;
  g_autofree char *before = g_strdup (confer_client_doc_get_inflight_txn (author->doc));
  gsize length = confer_rope_get_length (confer_client_doc_get_rope (author->doc));
  g_autoptr(ConferTextOp) op = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now >= author->worker->fanout->end)
    {
      author->worker->n_typing--;
      g_clear_pointer (&author->timer, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  op = confer_text_op_new_insert (g_rand_int_range (author->rand, 0, length + 1), "k", 1);
  confer_client_doc_apply_local (author->doc, op, NULL);
  track_sent (author, before, now);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_typing_cb (gpointer data)
{
  Author *author = data;

  g_source_unref (author->timer);
  author->timer = g_timeout_source_new (author->worker->fanout->interval_ms);
  g_source_set_callback (author->timer, keystroke_cb, author, NULL);
  g_source_attach (author->timer, g_main_context_get_thread_default ());
  keystroke_cb (author);
  return G_SOURCE_REMOVE;
}

static void
author_acked_cb (ConferClientDoc *doc,
                 guint64          revision,
                 guint64          latency,
                 gpointer         data)
{
  /* The buffer went out as a new op. */
  track_sent (data, NULL, g_get_monotonic_time ());
}

static void
reader_changed_cb (ConferClientDoc *doc,
                   ConferTextOp    *op,
                   const char      *author,
                   const char      *txn,
                   gpointer         data)
{
  Worker *worker = data;
  Applied *applied = g_hash_table_lookup (worker->applied, txn);

  if (applied == NULL)
    g_hash_table_insert (worker->applied, g_strdup (txn), applied = g_new0 (Applied, 1));
  applied->readers++;
  applied->last_applied = g_get_monotonic_time ();
}

static gpointer
fanout_worker (gpointer data)
{
  Worker *worker = data;
  Fanout *fanout = worker->fanout;
  GMainContext *context = g_main_context_new ();
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree Author *authors = g_new0 (Author, worker->count);
  GRand *rand = g_rand_new_with_seed (3 + worker->first);

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < worker->count; i++)
    {
      g_autofree char *name = g_strdup_printf ("Author %u", worker->first + i);
      ConferClient *client = confer_test_client_new (fanout->link, name);

      g_ptr_array_add (clients, client);
      authors[i].worker = worker;
      authors[i].rand = rand;
      authors[i].doc = open_doc (client, fanout->doc_id);
      g_signal_connect (authors[i].doc, "acked", G_CALLBACK (author_acked_cb), &authors[i]);
      g_signal_connect (authors[i].doc, "changed", G_CALLBACK (reader_changed_cb), worker);
    }

  /* Everyone starts together, each at a random point of their period. */
  g_mutex_lock (&fanout->mutex);
  fanout->n_ready++;
  g_cond_broadcast (&fanout->cond);
  while (!fanout->go)
    g_cond_wait (&fanout->cond, &fanout->mutex);
  g_mutex_unlock (&fanout->mutex);
  worker->n_typing = worker->count;
  for (guint i = 0; i < worker->count; i++)
    {
      authors[i].timer = g_timeout_source_new (g_rand_int_range (rand, 0, fanout->interval_ms));
      g_source_set_callback (authors[i].timer, start_typing_cb, &authors[i], NULL);
      g_source_attach (authors[i].timer, context);
    }
  while (worker->n_typing > 0)
    g_main_context_iteration (context, TRUE);
  g_atomic_int_dec_and_test (&fanout->n_typing);
  /* Let the last ones arrive everywhere (some go to the other thread). */
  while (g_atomic_int_get (&fanout->n_typing) > 0)
    g_main_context_iteration (context, TRUE);
  for (gint64 end = g_get_monotonic_time () + FANOUT_GRACE_S * G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    if (!g_main_context_iteration (context, FALSE))
      g_usleep (1000);

  g_ptr_array_set_size (clients, 0);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_rand_free (rand);
  return NULL;
}

/* Joins the threads' tables: an operation is delivered when every client
 * but its author applied it, at the latest time any thread noted. */
static guint
fanout_latencies (Fanout  *fanout,
                  Worker  *workers,
                  GArray  *latencies)
{
  guint sent = 0;

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, workers[t].sent);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint readers = 0;
          gint64 last = 0;
          double ms;

          sent++;
          for (guint u = 0; u < FANOUT_THREADS; u++)
            {
              Applied *applied = g_hash_table_lookup (workers[u].applied, key);

              if (applied != NULL)
                {
                  readers += applied->readers;
                  last = MAX (last, applied->last_applied);
                }
            }
          if (readers < fanout->n_clients - 1)
            continue;
          ms = (last - *(gint64 *) value) / 1000.0;
          g_array_append_val (latencies, ms);
        }
    }
  return sent;
}

static void
bench_fanout (ConferTestServer *server,
              guint             n,
              guint             seconds,
              guint             rate)
{
  Fanout fanout = { 0, };
  Worker workers[FANOUT_THREADS];
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  guint sent;

  /* The document, made before anyone opens it. */
  {
    g_autoptr(ConferClient) creator = confer_test_client_new (server->link, "Creator");

    fanout.doc_id = confer_test_create_doc (creator, "fanout");
  }

  fanout.link = server->link;
  fanout.n_clients = n;
  fanout.interval_ms = 1000 / rate;
  fanout.n_typing = FANOUT_THREADS;
  g_mutex_init (&fanout.mutex);
  g_cond_init (&fanout.cond);

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      workers[t].fanout = &fanout;
      workers[t].first = n * t / FANOUT_THREADS;
      workers[t].count = n * (t + 1) / FANOUT_THREADS - workers[t].first;
      workers[t].sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      workers[t].applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      workers[t].thread = g_thread_new ("fanout", fanout_worker, &workers[t]);
    }
  g_mutex_lock (&fanout.mutex);
  while (fanout.n_ready < FANOUT_THREADS)
    g_cond_wait (&fanout.cond, &fanout.mutex);
  fanout.end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  fanout.go = TRUE;
  g_cond_broadcast (&fanout.cond);
  g_mutex_unlock (&fanout.mutex);
  for (guint t = 0; t < FANOUT_THREADS; t++)
    g_thread_join (workers[t].thread);

  sent = fanout_latencies (&fanout, workers, latencies);
  g_array_sort (latencies, bench_compare_doubles);
  printf ("{\"mode\":\"fanout\",\"clients\":%u,\"seconds\":%u,\"rate\":%u,\"threads\":%u,\"ops\":%u"
          ",\"delivered\":%u,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f}\n",
          n, seconds, rate, FANOUT_THREADS, sent, latencies->len, bench_percentile (latencies, 0.5),
          bench_percentile (latencies, 0.95), bench_percentile (latencies, 0.99));

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      g_hash_table_unref (workers[t].sent);
      g_hash_table_unref (workers[t].applied);
    }
  g_free (fanout.doc_id);
  g_mutex_clear (&fanout.mutex);
  g_cond_clear (&fanout.cond);
}

/* connections */

static void
bench_connections (ConferTestServer *server,
                   guint             n)
{
  GPid pid = atoi (g_subprocess_get_identifier (server->process));
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ConferClient) first = confer_test_client_new (server->link, "First");
  gsize before, after;

  /* The baseline has one connection and the session loaded. */
  run_for (G_USEC_PER_SEC / 2);
  before = confer_test_rss_kib (pid);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Idle %u", i);

      g_ptr_array_add (clients, confer_test_client_new (server->link, name));
    }
  run_for (G_USEC_PER_SEC);
  after = confer_test_rss_kib (pid);
  printf ("{\"mode\":\"connections\",\"connections\":%u,\"rss_before_kib\":%" G_GSIZE_FORMAT
          ",\"rss_after_kib\":%" G_GSIZE_FORMAT ",\"kib_per_connection\":%.1f}\n",
          n, before, after, (double) (after - before) / n);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferTestServer) server = NULL;

  if (argc < 3)
    {
      fprintf (stderr, "Usage: bench-server capacity N SECONDS | fanout N SECONDS RATE | connections N\n");
      return 2;
    }
  confer_server_raise_fd_limit ();
  /* CONFER_BENCH_TLS=1 measures wss:// (the default of conferd) instead. */
  server = confer_test_server_start (g_strcmp0 (g_getenv ("CONFER_BENCH_TLS"), "1") != 0);

  if (g_str_equal (argv[1], "capacity") && argc == 4)
    bench_capacity (server, atoi (argv[2]), atoi (argv[3]));
  else if (g_str_equal (argv[1], "fanout") && argc == 5)
    bench_fanout (server, atoi (argv[2]), atoi (argv[3]), atoi (argv[4]));
  else if (g_str_equal (argv[1], "connections") && argc == 3)
    bench_connections (server, atoi (argv[2]));
  else
    {
      fprintf (stderr, "bench-server: unknown mode or wrong arguments\n");
      return 2;
    }
  return 0;
}
