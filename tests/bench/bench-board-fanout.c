/* bench-board-fanout.c: whiteboard fan-out through conferd, from real
 * board clients over WebSockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-board-fanout CLIENTS SECONDS RATE   ($CONFERD names the
 *                                                  server program)
 *        bench-board-fanout ramp [SECONDS RATE]
 *
 * CLIENTS participants open one board (ConferClientBoard, the client the
 * app uses) and each adds one rectangle of its own. Then, for SECONDS,
 * each drags its rectangle: RATE times a second (the first move at a
 * random point of the first period, so the participants are out of step)
 * it applies a transaction setting the rectangle's `x` — the first move
 * starts an undo step, the next ones merge into it (`merge_undo`), as a
 * drag does. The `x` of the n-th move is n, so whoever applies it knows
 * which move they see: on each ::changed, a participant reads the `x` of
 * every other participant's rectangle it touched. Seeing move n means
 * having applied every move up to n (the server keeps each author's
 * order), so a participant that skips from move 3 to move 5 — two moves
 * in one `board.txs` frame — applied move 4 at that time as well.
 *
 * The latency of a move is from just before its author applied it (and so
 * sent it) until the last of the other CLIENTS − 1 participants applied
 * it. After SECONDS, the participants wait for every move to arrive
 * everywhere, for at most DRAIN_MAX_S; a move some participant never saw
 * is counted `undelivered` (it should be 0) and left out of the
 * percentiles. The product's goal is a p95 of at most 50 ms at 50
 * participants; the output says whether this run met it, and never fails
 * on a time.
 *
 * The participants are spread over FANOUT_THREADS threads, each running
 * its own GMainContext, as bench-server's fanout mode does (see there
 * why): each thread notes, in its own tables, when its authors sent and
 * when its readers applied, and the tables are joined after the run.
 * conferd (plain ws://) runs on the same machine, so it shares the cores
 * with the participants: the CPU time of both is printed with the
 * latencies (conferd's from /proc/PID/stat, this process's from
 * getrusage()), in seconds and in % of one core, over the window from
 * the first move until every move arrived, with the machine's load
 * average (1 minute) before the run: other work on the machine shows in
 * the latencies.
 *
 * Every participant decodes and applies every frame, as it would on its
 * own machine; here they all share this process. Past some count it is
 * the participants, not conferd, that run out of CPU: the moves go out
 * late (a timer of 1000 / RATE ms, whole ms, fires when its thread gets
 * to it), so `updates_per_s` falls below `offered_per_s`, `bench_cpu_pct`
 * nears 100 × FANOUT_THREADS less conferd's share, and the latencies are
 * mostly the participants' queues. Read a crossing with those figures.
 *
 * ramp runs a fresh conferd with 10, 25, 50, 75, 100 and 150 participants
 * for SECONDS (10 unless given) at RATE (30) each, prints each run's line,
 * then one line naming the first count whose p95 exceeded 100 ms or
 * whose moves did not all arrive (null if none).
 *
 * Output: one JSON line per run, like bench-server's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-delivery.h"
#include "bench-phases.h"
#include "bench-stats.h"
#include "confer-server.h"
#include "confer-test-server.h"

#define FANOUT_THREADS   2       /* one per core of the benchmark machine */
#define SETUP_TIMEOUT_MS 120000  /* for connecting, opening and adding */
#define DRAIN_MAX_S      30      /* for the last moves to arrive everywhere */
#define GOAL_P95_MS      50.0    /* the product's latency goal, at 50 participants */
#define RAMP_P95_MS      100.0   /* where the ramp looks for the crossing */
#define ELEMENT_PREFIX   "drag-"

static const guint ramp_clients[] = { 10, 25, 50, 75, 100, 150 };

/* The steps every thread reaches before any goes on; the main thread
 * releases each (see bench-phases.h). */
typedef enum
{
  PHASE_SETUP,
  PHASE_ADDED,     /* every participant's rectangle is on the server */
  PHASE_SEEN,      /* every participant sees every rectangle: drag */
  PHASE_STOPPED,   /* every author stopped: the last moves are known */
  PHASE_DRAINED,   /* every move arrived, or DRAIN_MAX_S passed */
} Phase;

typedef struct _Worker Worker;

/* One participant: the author of its rectangle's moves and a reader of
 * everyone else's. */
typedef struct
{
  Worker            *worker;
  guint              index;        /* 0 .. n_clients - 1 */
  char              *element_id;   /* ELEMENT_PREFIX index */
  ConferClient      *client;       /* owns board */
  ConferClientBoard *board;
  GSource           *timer;
  guint              sent;         /* moves made: the number of the last */
  GArray            *sent_at;      /* gint64 monotonic µs, move 1 first */
  guint             *seen;         /* per author: the last move applied */
} Participant;

typedef struct
{
  const char      *link;
  char            *board_id;
  guint            n_clients;
  guint            interval_ms;
  Participant     *participants;   /* n_clients */
  guint           *last_move;      /* per author, once PHASE_STOPPED */
  gint64           end;            /* monotonic µs at which dragging stops */
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
  guint            n_dragging;     /* of its participants, those still dragging */
  gboolean         draining;
  guint            n_caught_up;    /* (reader, author) pairs at the author's last move */
};

typedef struct
{
  guint   clients;
  guint   seconds;
  guint   rate;
  guint   updates;
  guint   delivered;
  double  p50_ms;
  double  p95_ms;
  double  p99_ms;
  double  max_ms;
} Result;

/* Reading */

/* Whose rectangle @id is; FALSE if it is no participant's. */
static gboolean
author_of (const char *id,
           guint       n_clients,
           guint      *author)
{
  guint64 index;

  if (!g_str_has_prefix (id, ELEMENT_PREFIX) ||
      !g_ascii_string_to_unsigned (id + strlen (ELEMENT_PREFIX), 10, 0, n_clients - 1, &index, NULL))
    return FALSE;
  *author = index;
  return TRUE;
}

/* @reader sees @author's move @move at @now: it applied every move after
 * the last it saw, up to @move, at @now. */
static void
note_applied (Participant *reader,
              guint        author,
              guint        move,
              gint64       now)
{
  Worker *worker = reader->worker;

  if (move <= reader->seen[author])
    return;
  bench_delivery_note (worker->applied[author], reader->seen[author] + 1, move, now);
  if (worker->draining && reader->seen[author] < worker->fanout->last_move[author] &&
      move >= worker->fanout->last_move[author])
    worker->n_caught_up++;
  reader->seen[author] = move;
}

static void
board_changed_cb (ConferClientBoard *board,
                  GHashTable        *touched,
                  gpointer           data)
{
  Participant *reader = data;
  ConferBoard *view = confer_client_board_get_board (board);
  guint n_clients = reader->worker->fanout->n_clients;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      ConferBoardElement *element;
      guint author;

      if (!author_of (id, n_clients, &author) || author == reader->index ||
          (element = confer_board_lookup (view, id)) == NULL)
        continue;
      note_applied (reader, author, (guint) confer_board_element_get_number (element, CONFER_BOARD_PROP_X), now);
    }
}

/* Dragging */

static gboolean
move_cb (gpointer data)
{
  Participant *participant = data;
  Worker *worker = participant->worker;
  g_autoptr(ConferBoardTx) tx = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now >= worker->fanout->end)
    {
      worker->n_dragging--;
      g_clear_pointer (&participant->timer, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  tx = confer_board_tx_new ();
  participant->sent++;
  confer_board_tx_set_number (tx, participant->element_id, CONFER_BOARD_PROP_X, participant->sent);
  g_array_append_val (participant->sent_at, now);
  /* The first move starts the drag's undo step, the others continue it. */
  if (!confer_client_board_apply (participant->board, tx, participant->sent > 1, &error))
    g_error ("A move does not fit the participant's own board: %s", error->message);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_dragging_cb (gpointer data)
{
  Participant *participant = data;

  g_source_unref (participant->timer);
  participant->timer = g_timeout_source_new (participant->worker->fanout->interval_ms);
  g_source_set_callback (participant->timer, move_cb, participant, NULL);
  g_source_attach (participant->timer, participant->worker->context);
  move_cb (participant);
  return G_SOURCE_REMOVE;
}

/* Setting up */

static void
add_rectangle (Participant *participant)
{
  const char *me = confer_client_get_participant_id (participant->client);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = confer_fractional_index_between_for (NULL, NULL, me, &error);
  g_autoptr(ConferBoardElement) element = NULL;
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();

  g_assert_no_error (error);
  element = confer_board_element_new (CONFER_BOARD_ELEMENT_RECTANGLE, participant->element_id);
  confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, key);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_X, 0);   /* move 0 */
  confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, 40.0 * participant->index);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, 100);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, 30);
  confer_board_tx_add (tx, element);
  confer_client_board_apply (participant->board, tx, FALSE, &error);
  g_assert_no_error (error);
}

static gboolean
everyone_seen (gpointer data)
{
  Worker *worker = data;

  for (guint i = worker->first; i < worker->first + worker->count; i++)
    if (confer_board_get_n_live (confer_client_board_get_board (worker->fanout->participants[i].board))
        < worker->fanout->n_clients)
      return FALSE;
  return TRUE;
}

static gboolean
drained (gpointer data)
{
  Worker *worker = data;

  return worker->n_caught_up == worker->count * (worker->fanout->n_clients - 1);
}

/* Counts the (reader, author) pairs already at the author's last move;
 * note_applied() counts the others as they get there. */
static void
start_draining (Worker *worker)
{
  Fanout *fanout = worker->fanout;

  worker->draining = TRUE;
  for (guint i = worker->first; i < worker->first + worker->count; i++)
    for (guint a = 0; a < fanout->n_clients; a++)
      if (a != i && fanout->participants[i].seen[a] >= fanout->last_move[a])
        worker->n_caught_up++;
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
      participants[i].board = confer_client_open_board (participants[i].client, fanout->board_id);
      confer_client_board_wait (participants[i].board, FALSE, SETUP_TIMEOUT_MS, &error);
      g_assert_no_error (error);
      add_rectangle (&participants[i]);
      g_signal_connect (participants[i].board, "changed", G_CALLBACK (board_changed_cb), &participants[i]);
    }
  for (guint i = 0; i < worker->count; i++)
    {
      confer_client_board_wait (participants[i].board, TRUE, SETUP_TIMEOUT_MS, &error);
      g_assert_no_error (error);
    }
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_ADDED);
  if (!bench_run_until (worker->context, everyone_seen, worker, SETUP_TIMEOUT_MS))
    g_error ("The participants did not see every rectangle within %u ms", SETUP_TIMEOUT_MS);
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_SEEN);

  /* Everyone starts together, each at a random point of their period. */
  worker->n_dragging = worker->count;
  for (guint i = 0; i < worker->count; i++)
    {
      participants[i].timer = g_timeout_source_new (g_rand_int_range (worker->rand, 0, fanout->interval_ms));
      g_source_set_callback (participants[i].timer, start_dragging_cb, &participants[i], NULL);
      g_source_attach (participants[i].timer, worker->context);
    }
  while (worker->n_dragging > 0)
    g_main_context_iteration (worker->context, TRUE);
  for (guint i = 0; i < worker->count; i++)
    fanout->last_move[participants[i].index] = participants[i].sent;
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_STOPPED);

  /* The last moves arrive everywhere (some from the other thread). */
  start_draining (worker);
  drain_ms = MAX (0, fanout->drain_deadline - g_get_monotonic_time ()) / 1000;
  bench_run_until (worker->context, drained, worker, drain_ms + 1);
  bench_phases_arrive (&fanout->phases, worker->context, PHASE_DRAINED);

  for (guint i = 0; i < worker->count; i++)
    {
      participants[i].board = NULL;
      g_clear_object (&participants[i].client);
    }
  while (g_main_context_iteration (worker->context, FALSE))
    ;
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

/* Joins the threads' tables: a move is delivered when every participant
 * but its author applied it, at the latest time any thread noted. Returns
 * the number of moves. */
static guint
fanout_latencies (Fanout *fanout,
                  Worker *workers,
                  GArray *latencies)
{
  GArray **tables[FANOUT_THREADS];
  guint sent = 0;

  for (guint t = 0; t < FANOUT_THREADS; t++)
    tables[t] = workers[t].applied;
  for (guint a = 0; a < fanout->n_clients; a++)
    sent += bench_delivery_latencies (fanout->participants[a].sent_at, a, tables, FANOUT_THREADS, fanout->n_clients - 1,
                                      latencies);
  return sent;
}

static Result
bench_fanout (guint n,
              guint seconds,
              guint rate)
{
  g_autoptr(ConferTestServer) server = confer_test_server_start (TRUE);
  GPid server_pid = atoi (g_subprocess_get_identifier (server->process));
  Fanout fanout = { 0, };
  Worker workers[FANOUT_THREADS] = { { 0, }, };
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  Result result = { .clients = n, .seconds = seconds, .rate = rate };
  double load = bench_load_average ();
  BenchCpu cpu;
  gint64 start, stopped, drained_at;

  /* The board, made before anyone opens it. */
  {
    g_autoptr(ConferClient) creator = confer_test_client_new (server->link, "Creator");
    g_autoptr(GError) error = NULL;
    g_autoptr(ConferItem) board = confer_client_create_item (creator, CONFER_ITEM_KIND_BOARD, "fanout",
                                                             SETUP_TIMEOUT_MS, &error);

    g_assert_no_error (error);
    fanout.board_id = g_strdup (confer_item_get_id (board));
  }

  fanout.link = server->link;
  fanout.n_clients = n;
  fanout.interval_ms = MAX (1, 1000 / rate);
  fanout.participants = g_new0 (Participant, n);
  fanout.last_move = g_new0 (guint, n);
  bench_phases_init (&fanout.phases);
  for (guint i = 0; i < n; i++)
    {
      fanout.participants[i].index = i;
      fanout.participants[i].element_id = g_strdup_printf (ELEMENT_PREFIX "%u", i);
      fanout.participants[i].sent_at = g_array_new (FALSE, FALSE, sizeof (gint64));
      fanout.participants[i].seen = g_new0 (guint, n);
    }

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      workers[t].fanout = &fanout;
      workers[t].first = n * t / FANOUT_THREADS;
      workers[t].count = n * (t + 1) / FANOUT_THREADS - workers[t].first;
      workers[t].context = g_main_context_new ();
      bench_phases_add_worker (&fanout.phases, workers[t].context);
      workers[t].rand = g_rand_new_with_seed (3 + workers[t].first);
      workers[t].applied = bench_delivery_tables_new (n);
      for (guint i = workers[t].first; i < workers[t].first + workers[t].count; i++)
        fanout.participants[i].worker = &workers[t];
      workers[t].thread = g_thread_new ("fanout", fanout_worker, &workers[t]);
    }

  bench_phases_wait (&fanout.phases, PHASE_ADDED);
  bench_phases_release (&fanout.phases, PHASE_ADDED);
  bench_phases_wait (&fanout.phases, PHASE_SEEN);
  bench_cpu_start (&cpu, server_pid);
  start = g_get_monotonic_time ();
  fanout.end = start + (gint64) seconds * G_USEC_PER_SEC;
  bench_phases_release (&fanout.phases, PHASE_SEEN);
  bench_phases_wait (&fanout.phases, PHASE_STOPPED);
  stopped = g_get_monotonic_time ();
  fanout.drain_deadline = stopped + DRAIN_MAX_S * G_USEC_PER_SEC;
  bench_phases_release (&fanout.phases, PHASE_STOPPED);
  bench_phases_wait (&fanout.phases, PHASE_DRAINED);
  drained_at = g_get_monotonic_time ();
  bench_cpu_stop (&cpu);
  bench_phases_release (&fanout.phases, PHASE_DRAINED);
  for (guint t = 0; t < FANOUT_THREADS; t++)
    g_thread_join (workers[t].thread);

  result.updates = fanout_latencies (&fanout, workers, latencies);
  result.delivered = latencies->len;
  g_array_sort (latencies, bench_compare_doubles);
  result.p50_ms = bench_percentile (latencies, 0.5);
  result.p95_ms = bench_percentile (latencies, 0.95);
  result.p99_ms = bench_percentile (latencies, 0.99);
  result.max_ms = latencies->len > 0 ? g_array_index (latencies, double, latencies->len - 1) : 0;
  {
    g_autofree char *cpu_json = bench_cpu_json (&cpu, (drained_at - start) / 1e6);

    printf ("{\"mode\":\"board-fanout\",\"clients\":%u,\"seconds\":%u,\"rate\":%u,\"threads\":%u"
            ",\"updates\":%u,\"offered_per_s\":%u,\"updates_per_s\":%.0f,\"delivered\":%u,\"undelivered\":%u,\"drain_s\":%.2f"
            ",\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f"
            ",\"goal_p95_ms\":%.0f,\"goal_met\":%s"
            ",%s,\"loadavg_1m\":%.2f}\n",
            n, seconds, rate, FANOUT_THREADS, result.updates, n * rate, result.updates / ((stopped - start) / 1e6),
            result.delivered, result.updates - result.delivered, (drained_at - stopped) / 1e6,
            result.p50_ms, result.p95_ms, result.p99_ms, result.max_ms,
            GOAL_P95_MS, result.updates > 0 && result.delivered == result.updates && result.p95_ms <= GOAL_P95_MS
                           ? "true" : "false",
            cpu_json, load);
    fflush (stdout);
  }

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      bench_delivery_tables_free (workers[t].applied, n);
      g_rand_free (workers[t].rand);
      g_main_context_unref (workers[t].context);
    }
  for (guint i = 0; i < n; i++)
    {
      g_free (fanout.participants[i].element_id);
      g_array_unref (fanout.participants[i].sent_at);
      g_free (fanout.participants[i].seen);
    }
  g_free (fanout.participants);
  g_free (fanout.last_move);
  g_free (fanout.board_id);
  bench_phases_clear (&fanout.phases);
  return result;
}

/* Each count in turn, a fresh conferd for each; the first whose p95 is
 * over RAMP_P95_MS (or whose moves did not all arrive) is the crossing. */
static void
bench_ramp (guint seconds,
            guint rate)
{
  g_autoptr(GString) steps = g_string_new (NULL);
  guint crossing = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ramp_clients); i++)
    {
      Result result = bench_fanout (ramp_clients[i], seconds, rate);

      g_string_append_printf (steps, "%s{\"clients\":%u,\"p95_ms\":%.3f,\"undelivered\":%u}", i > 0 ? "," : "",
                              result.clients, result.p95_ms, result.updates - result.delivered);
      if (crossing == 0 && (result.p95_ms > RAMP_P95_MS || result.delivered < result.updates))
        crossing = result.clients;
    }
  if (crossing > 0)
    printf ("{\"mode\":\"board-fanout-ramp\",\"seconds\":%u,\"rate\":%u,\"threshold_p95_ms\":%.0f"
            ",\"first_clients_over\":%u,\"steps\":[%s]}\n",
            seconds, rate, RAMP_P95_MS, crossing, steps->str);
  else
    printf ("{\"mode\":\"board-fanout-ramp\",\"seconds\":%u,\"rate\":%u,\"threshold_p95_ms\":%.0f"
            ",\"first_clients_over\":null,\"steps\":[%s]}\n",
            seconds, rate, RAMP_P95_MS, steps->str);
}

static gboolean
parse_count (const char *text,
             guint       min,
             guint      *value)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, min, 100000, &parsed, NULL))
    return FALSE;
  *value = parsed;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint clients, seconds = 10, rate = 30;

  confer_server_raise_fd_limit ();
  if (argc >= 2 && g_str_equal (argv[1], "ramp") &&
      (argc == 2 || (argc == 4 && parse_count (argv[2], 1, &seconds) && parse_count (argv[3], 1, &rate))))
    bench_ramp (seconds, rate);
  else if (argc == 4 && parse_count (argv[1], 2, &clients) && parse_count (argv[2], 1, &seconds) &&
           parse_count (argv[3], 1, &rate))
    bench_fanout (clients, seconds, rate);
  else
    {
      fprintf (stderr, "Usage: bench-board-fanout CLIENTS SECONDS RATE | ramp [SECONDS RATE]\n");
      return 2;
    }
  return 0;
}
