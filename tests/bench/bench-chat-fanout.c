/* bench-chat-fanout.c: chat fan-out through conferd, from real chat
 * clients over WebSockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-chat-fanout CLIENTS SECONDS INTERVAL_MS   ($CONFERD names
 *                                                        the server program)
 *
 * CLIENTS participants join one session and open its chat
 * (ConferClientChat, the client the app's chat pane uses). Then, for
 * SECONDS, each sends a message every INTERVAL_MS (the first at a random
 * point of the first interval, so the participants are out of step), as
 * confer_client_chat_send() does when one presses Enter. The n-th message
 * of participant a says "a n" first, then words of bench-chat-words.h, so
 * whoever receives it knows whose and which it is: on each ::event of a
 * new message (emitted once the message is in the chat's list model — in
 * the app, the pane's GtkListView shows it from there), a participant
 * notes the time.
 *
 * The latency of a message is from just before its author sent it until
 * the last of the other CLIENTS − 1 participants had it in their list.
 * After SECONDS, the participants wait for every message to arrive
 * everywhere, for at most DRAIN_MAX_S; a (message, reader) pair never
 * seen is counted `undelivered` (it should be 0) and the message is left
 * out of the percentiles. The product's goal is a p95 of at most 20 ms at
 * 200 participants sending every 2 s; the output says whether this run
 * met it, and never fails on a time.
 *
 * As bench-board-fanout does (see there why), the participants are spread
 * over FANOUT_THREADS threads, each running its own GMainContext and
 * noting in its own tables; the tables are joined after the run. conferd
 * (plain ws://) runs on the same machine and shares its cores with the
 * participants: the CPU time of both is printed with the latencies
 * (conferd's from /proc/PID/stat, this process's from getrusage()), over
 * the window from the first message until every message arrived, with the
 * machine's load average (1 minute) before the run.
 *
 * Output: one JSON line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-chat-words.h"
#include "bench-delivery.h"
#include "bench-phases.h"
#include "bench-stats.h"
#include "confer-server.h"
#include "confer-test-server.h"

#define FANOUT_THREADS   2       /* one per core of the benchmark machine */
#define SETUP_TIMEOUT_MS 120000  /* for joining and opening the chat */
#define DRAIN_MAX_S      30      /* for the last messages to arrive everywhere */
#define GOAL_P95_MS      20.0    /* the product's goal, 200 participants every 2 s */

/* The steps every thread reaches before any goes on; the main thread
 * releases each (see bench-phases.h). */
typedef enum
{
  PHASE_SETUP,
  PHASE_OPENED,    /* every participant's chat is open */
  PHASE_STOPPED,   /* every author stopped: the number of messages is known */
  PHASE_DRAINED,   /* every message arrived, or DRAIN_MAX_S passed */
} Phase;

typedef struct _Worker Worker;

typedef struct
{
  Worker           *worker;
  guint             index;        /* 0 .. n_clients - 1 */
  ConferClient     *client;       /* owns chat */
  ConferClientChat *chat;
  GSource          *timer;
  guint             sent;         /* messages sent: the number of the last */
  GArray           *sent_at;      /* gint64 monotonic µs, message 1 first */
  guint32           words;        /* the state the texts are drawn from */
} Participant;

typedef struct
{
  const char      *link;
  guint            n_clients;
  guint            interval_ms;
  Participant     *participants;   /* n_clients */
  double          *cumulative;     /* bench_chat_zipf_table() */
  guint            total_sent;     /* once PHASE_STOPPED */
  gint64           end;            /* monotonic µs at which sending stops */
  gint64           drain_deadline; /* monotonic µs */
  BenchPhases      phases;         /* the threads' */
} Fanout;

struct _Worker
{
  Fanout          *fanout;
  guint            first;          /* its participants: first .. first + count - 1 */
  guint            count;
  GMainContext    *context;
  GThread         *thread;
  GRand           *rand;
  GArray         **applied;        /* its readers' delivery tables (bench-delivery.h) */
  guint            n_sending;      /* of its participants, those still sending */
  guint64          received;       /* (reader, message) pairs seen */
  guint64          expected;       /* once PHASE_STOPPED */
  GString         *text;
};

/* Reading */

static void
chat_event_cb (ConferClientChat  *chat,
               int                kind,
               ConferChatMessage *message,
               gpointer           data)
{
  Participant *reader = data;
  Worker *worker = reader->worker;
  gint64 now = g_get_monotonic_time ();
  guint author, number;

  if (kind != CONFER_CHAT_EVENT_MESSAGE ||
      sscanf (confer_chat_message_get_text (message), "%u %u ", &author, &number) != 2 ||
      author >= worker->fanout->n_clients || author == reader->index || number == 0)
    return;
  bench_delivery_note (worker->applied[author], number, number, now);
  worker->received++;
}

/* Sending */

static gboolean
send_cb (gpointer data)
{
  Participant *participant = data;
  Worker *worker = participant->worker;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now >= worker->fanout->end)
    {
      worker->n_sending--;
      g_clear_pointer (&participant->timer, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  participant->sent++;
  g_string_printf (worker->text, "%u %u ", participant->index, participant->sent);
  bench_chat_text (worker->text, worker->fanout->cumulative, &participant->words, NULL);
  g_array_append_val (participant->sent_at, now);
  if (confer_client_chat_send (participant->chat, worker->text->str, NULL, NULL, &error) == NULL)
    g_error ("The client refused a benchmark message: %s", error->message);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_sending_cb (gpointer data)
{
  Participant *participant = data;

  g_source_unref (participant->timer);
  participant->timer = g_timeout_source_new (participant->worker->fanout->interval_ms);
  g_source_set_callback (participant->timer, send_cb, participant, NULL);
  g_source_attach (participant->timer, participant->worker->context);
  send_cb (participant);
  return G_SOURCE_REMOVE;
}

static gboolean
drained (gpointer data)
{
  Worker *worker = data;

  return worker->received >= worker->expected;
}

static gpointer
fanout_worker (gpointer data)
{
  Worker *worker = data;
  Fanout *fanout = worker->fanout;
  Participant *participants = fanout->participants + worker->first;
  g_autoptr(GError) error = NULL;
  gint64 drain_ms;

  g_main_context_push_thread_default (worker->context);
  for (guint i = 0; i < worker->count; i++)
    {
      g_autofree char *name = g_strdup_printf ("Participant %u", participants[i].index);

      participants[i].client = confer_test_client_new (fanout->link, name);
      participants[i].chat = confer_client_open_chat (participants[i].client);
      g_signal_connect (participants[i].chat, "event", G_CALLBACK (chat_event_cb), &participants[i]);
    }
  for (guint i = 0; i < worker->count; i++)
    {
      confer_client_chat_wait (participants[i].chat, FALSE, SETUP_TIMEOUT_MS, &error);
      g_assert_no_error (error);
    }
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_OPENED);

  /* Everyone starts together, each at a random point of the interval. */
  worker->n_sending = worker->count;
  for (guint i = 0; i < worker->count; i++)
    {
      participants[i].timer = g_timeout_source_new (g_rand_int_range (worker->rand, 0, fanout->interval_ms));
      g_source_set_callback (participants[i].timer, start_sending_cb, &participants[i], NULL);
      g_source_attach (participants[i].timer, worker->context);
    }
  while (worker->n_sending > 0)
    g_main_context_iteration (worker->context, TRUE);
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_STOPPED);

  /* Every reader of this thread gets every other participant's messages
   * (some from the other thread). */
  for (guint i = 0; i < worker->count; i++)
    worker->expected += fanout->total_sent - participants[i].sent;
  drain_ms = MAX (0, fanout->drain_deadline - g_get_monotonic_time ()) / 1000;
  bench_run_until (worker->context, drained, worker, drain_ms + 1);
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_DRAINED);

  for (guint i = 0; i < worker->count; i++)
    {
      participants[i].chat = NULL;
      g_clear_object (&participants[i].client);
    }
  while (g_main_context_iteration (worker->context, FALSE))
    ;
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

/* Joins the threads' tables: a message is delivered when every
 * participant but its author had it, at the latest time any thread noted. */
static void
fanout_latencies (Fanout *fanout,
                  Worker *workers,
                  GArray *latencies)
{
  GArray **tables[FANOUT_THREADS];

  for (guint t = 0; t < FANOUT_THREADS; t++)
    tables[t] = workers[t].applied;
  for (guint a = 0; a < fanout->n_clients; a++)
    bench_delivery_latencies (fanout->participants[a].sent_at, a, tables, FANOUT_THREADS, fanout->n_clients - 1, latencies);
}

static void
bench_fanout (guint n,
              guint seconds,
              guint interval_ms)
{
  g_autoptr(ConferTestServer) server = confer_test_server_start (TRUE);
  GPid server_pid = atoi (g_subprocess_get_identifier (server->process));
  Fanout fanout = { 0, };
  Worker workers[FANOUT_THREADS] = { { 0, }, };
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  double load = bench_load_average ();
  BenchCpu cpu;
  guint64 pairs = 0, pairs_seen = 0;
  gint64 start, stopped, drained_at;
  g_autofree char *cpu_json = NULL;

  fanout.link = server->link;
  fanout.n_clients = n;
  fanout.interval_ms = interval_ms;
  fanout.participants = g_new0 (Participant, n);
  fanout.cumulative = bench_chat_zipf_table (G_N_ELEMENTS (bench_chat_english));
  bench_phases_init (&fanout.phases);
  for (guint i = 0; i < n; i++)
    {
      fanout.participants[i].index = i;
      fanout.participants[i].sent_at = g_array_new (FALSE, FALSE, sizeof (gint64));
      fanout.participants[i].words = 1 + i;
    }

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      workers[t].fanout = &fanout;
      workers[t].first = n * t / FANOUT_THREADS;
      workers[t].count = n * (t + 1) / FANOUT_THREADS - workers[t].first;
      workers[t].context = g_main_context_new ();
      bench_phases_add_worker (&fanout.phases, workers[t].context);
      workers[t].rand = g_rand_new_with_seed (3 + workers[t].first);
      workers[t].text = g_string_new (NULL);
      workers[t].applied = bench_delivery_tables_new (n);
      for (guint i = workers[t].first; i < workers[t].first + workers[t].count; i++)
        fanout.participants[i].worker = &workers[t];
      workers[t].thread = g_thread_new ("fanout", fanout_worker, &workers[t]);
    }

  bench_phases_wait (&fanout.phases, PHASE_OPENED);
  bench_cpu_start (&cpu, server_pid);
  start = g_get_monotonic_time ();
  fanout.end = start + (gint64) seconds * G_USEC_PER_SEC;
  bench_phases_release (&fanout.phases, PHASE_OPENED);
  bench_phases_wait (&fanout.phases, PHASE_STOPPED);
  stopped = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    fanout.total_sent += fanout.participants[i].sent;
  fanout.drain_deadline = stopped + DRAIN_MAX_S * G_USEC_PER_SEC;
  bench_phases_release (&fanout.phases, PHASE_STOPPED);
  bench_phases_wait (&fanout.phases, PHASE_DRAINED);
  drained_at = g_get_monotonic_time ();
  bench_cpu_stop (&cpu);
  bench_phases_release (&fanout.phases, PHASE_DRAINED);
  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      g_thread_join (workers[t].thread);
      pairs += workers[t].expected;
      pairs_seen += workers[t].received;
    }

  fanout_latencies (&fanout, workers, latencies);
  g_array_sort (latencies, bench_compare_doubles);
  cpu_json = bench_cpu_json (&cpu, (drained_at - start) / 1e6);
  printf ("{\"mode\":\"chat-fanout\",\"clients\":%u,\"seconds\":%u,\"interval_ms\":%u,\"threads\":%u"
          ",\"messages\":%u,\"offered_per_s\":%.0f,\"messages_per_s\":%.0f,\"delivered\":%u,\"undelivered\":%u"
          ",\"deliveries_missing\":%" G_GUINT64_FORMAT ",\"drain_s\":%.2f"
          ",\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f"
          ",\"goal_p95_ms\":%.0f,\"goal_met\":%s"
          ",%s,\"loadavg_1m\":%.2f}\n",
          n, seconds, interval_ms, FANOUT_THREADS, fanout.total_sent, n * 1000.0 / interval_ms,
          fanout.total_sent / (double) seconds, latencies->len, fanout.total_sent - latencies->len,
          pairs - MIN (pairs, pairs_seen), (drained_at - stopped) / 1e6,
          bench_percentile (latencies, 0.5), bench_percentile (latencies, 0.95), bench_percentile (latencies, 0.99),
          latencies->len > 0 ? g_array_index (latencies, double, latencies->len - 1) : 0,
          GOAL_P95_MS, fanout.total_sent > 0 && latencies->len == fanout.total_sent &&
                       bench_percentile (latencies, 0.95) <= GOAL_P95_MS ? "true" : "false",
          cpu_json, load);
  fflush (stdout);

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      bench_delivery_tables_free (workers[t].applied, n);
      g_rand_free (workers[t].rand);
      g_string_free (workers[t].text, TRUE);
      g_main_context_unref (workers[t].context);
    }
  for (guint i = 0; i < n; i++)
    g_array_unref (fanout.participants[i].sent_at);
  g_free (fanout.participants);
  g_free (fanout.cumulative);
  bench_phases_clear (&fanout.phases);
}

static gboolean
parse_count (const char *text,
             guint       min,
             guint       max,
             guint      *value)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &parsed, NULL))
    return FALSE;
  *value = parsed;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint clients, seconds, interval_ms;

  confer_server_raise_fd_limit ();
  if (argc != 4 || !parse_count (argv[1], 2, 10000, &clients) || !parse_count (argv[2], 1, 3600, &seconds) ||
      !parse_count (argv[3], 1, 600000, &interval_ms))
    {
      fprintf (stderr, "Usage: bench-chat-fanout CLIENTS SECONDS INTERVAL_MS\n");
      return 2;
    }
  bench_fanout (clients, seconds, interval_ms);
  return 0;
}
