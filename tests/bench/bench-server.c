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
 *   connections N                  conferd's resident memory with N idle,
 *                                  welcomed connections
 * Prints one JSON line, like the ShareDB peer (tests/bench/peers/).
 * conferd serves plain ws:// (as the peer does) unless CONFER_BENCH_TLS=1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "confer-server.h"
#include "confer-test-server.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  if (samples->len == 0)
    return 0;
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (samples->len * p)));
}

static void
run_for (gint64 us)
{
  gint64 end = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static ConferClientDoc *
open_doc (ConferClient *client,
          const char   *title,
          gboolean      create)
{
  g_autoptr(GError) error = NULL;
  const char *id;
  ConferClientDoc *doc;

  if (create)
    {
      g_autofree char *json = g_strdup_printf ("{\"type\": \"doc.create\", \"title\": \"%s\"}", title);
      g_autoptr(ConferMessage) reply = confer_test_request (client, json, &error);

      g_assert_no_error (error);
    }
  id = confer_client_find_doc (client, title);
  g_assert_nonnull (id);
  doc = confer_client_open_doc (client, id);
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
      typists[i].doc = open_doc (client, title, TRUE);
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

  g_array_sort (latencies, compare_double);
  printf ("{\"mode\":\"capacity\",\"connections\":%u,\"seconds\":%u,\"ops\":%" G_GUINT64_FORMAT
          ",\"ops_per_s\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
          n, seconds, acked, acked / (elapsed / 1e6), percentile (latencies, 0.5), percentile (latencies, 0.99));
}

/* fanout */

typedef struct
{
  gint64 sent;
  guint  remaining;
} InFlight;

typedef struct
{
  GHashTable      *in_flight;   /* txn -> InFlight */
  GArray          *latencies;
  guint            n_clients;
  gboolean         typing;
  GRand           *rand;
} Fanout;

typedef struct
{
  Fanout          *fanout;
  ConferClientDoc *doc;
  guint            timer;
  guint            interval_ms;
} Author;

static void
track_sent (Author     *author,
            const char *before)
{
  const char *txn = confer_client_doc_get_inflight_txn (author->doc);
  InFlight *flight;

  if (txn == NULL || g_strcmp0 (txn, before) == 0)
    return;
  flight = g_new0 (InFlight, 1);
  flight->sent = g_get_monotonic_time ();
  flight->remaining = author->fanout->n_clients - 1;
  g_hash_table_insert (author->fanout->in_flight, g_strdup (txn), flight);
}

static gboolean
keystroke_cb (gpointer data)
{
  Author *author = data;
  g_autofree char *before = g_strdup (confer_client_doc_get_inflight_txn (author->doc));
  gsize length = confer_rope_get_length (confer_client_doc_get_rope (author->doc));
  g_autoptr(ConferTextOp) op = NULL;

  if (!author->fanout->typing)
    {
      author->timer = 0;
      return G_SOURCE_REMOVE;
    }
  op = confer_text_op_new_insert (g_rand_int_range (author->fanout->rand, 0, length + 1), "k", 1);
  confer_client_doc_apply_local (author->doc, op, NULL);
  track_sent (author, before);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_typing_cb (gpointer data)
{
  Author *author = data;

  author->timer = g_timeout_add (author->interval_ms, keystroke_cb, author);
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
  track_sent (data, NULL);
}

static void
reader_changed_cb (ConferClientDoc *doc,
                   ConferTextOp    *op,
                   const char      *author,
                   const char      *txn,
                   gpointer         data)
{
  Fanout *fanout = data;
  InFlight *flight = g_hash_table_lookup (fanout->in_flight, txn);

  if (flight != NULL && --flight->remaining == 0)
    {
      double ms = (g_get_monotonic_time () - flight->sent) / 1000.0;

      g_array_append_val (fanout->latencies, ms);
      g_hash_table_remove (fanout->in_flight, txn);
    }
}

static void
bench_fanout (ConferTestServer *server,
              guint             n,
              guint             seconds,
              guint             rate)
{
  Fanout fanout = { 0, };
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree Author *authors = g_new0 (Author, n);
  guint64 sent;

  fanout.in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fanout.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  fanout.n_clients = n;
  fanout.rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Author %u", i);
      ConferClient *client = confer_test_client_new (server->link, name);

      g_ptr_array_add (clients, client);
      authors[i].fanout = &fanout;
      authors[i].doc = open_doc (client, "fanout", i == 0);
      authors[i].interval_ms = 1000 / rate;
      g_signal_connect (authors[i].doc, "acked", G_CALLBACK (author_acked_cb), &authors[i]);
      g_signal_connect (authors[i].doc, "changed", G_CALLBACK (reader_changed_cb), &fanout);
    }

  fanout.typing = TRUE;
  for (guint i = 0; i < n; i++)
    g_timeout_add (g_rand_int_range (fanout.rand, 0, authors[i].interval_ms), start_typing_cb, &authors[i]);
  run_for ((gint64) seconds * G_USEC_PER_SEC);
  fanout.typing = FALSE;
  sent = fanout.latencies->len + g_hash_table_size (fanout.in_flight);
  /* Let the last ones arrive everywhere. */
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       g_hash_table_size (fanout.in_flight) > 0 && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);

  g_array_sort (fanout.latencies, compare_double);
  printf ("{\"mode\":\"fanout\",\"clients\":%u,\"seconds\":%u,\"rate\":%u,\"ops\":%" G_GUINT64_FORMAT
          ",\"delivered\":%u,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f}\n",
          n, seconds, rate, sent, fanout.latencies->len, percentile (fanout.latencies, 0.5),
          percentile (fanout.latencies, 0.95), percentile (fanout.latencies, 0.99));

  g_hash_table_unref (fanout.in_flight);
  g_array_unref (fanout.latencies);
  g_rand_free (fanout.rand);
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
