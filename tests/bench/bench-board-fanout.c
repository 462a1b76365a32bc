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
#include <sys/resource.h>
#include <unistd.h>

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
 * releases each (see arrive() and release()). */
typedef enum
{
  PHASE_SETUP,
  PHASE_ADDED,     /* every participant's rectangle is on the server */
  PHASE_SEEN,      /* every participant sees every rectangle: drag */
  PHASE_STOPPED,   /* every author stopped: the last moves are known */
  PHASE_DRAINED,   /* every move arrived, or DRAIN_MAX_S passed */
} Phase;

typedef struct
{
  guint  readers;       /* of a thread's participants, those that applied it */
  gint64 last_applied;  /* monotonic µs */
} Applied;

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
  GMutex           mutex;          /* guards n_arrived */
  GCond            cond;
  guint            n_arrived;      /* arrivals at phases, over all threads */
  gint             phase;          /* the last released (atomic) */
} Fanout;

struct _Worker
{
  Fanout          *fanout;
  guint            first;          /* its participants: first .. first + count - 1 */
  guint            count;
  GMainContext    *context;
  GThread         *thread;
  GRand           *rand;
  GArray         **applied;        /* per author, Applied per move, move 1 first */
  Phase            awaited;
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

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank, as bench-server's. */
static double
percentile (GArray *samples,
            double  p)
{
  if (samples->len == 0)
    return 0;
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (samples->len * p)));
}

/* The CPU time a process used so far, in seconds (user and system, from
 * /proc/PID/stat fields 14 and 15), or -1 if it cannot be read. */
static double
process_cpu_s (GPid pid)
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

/* The machine's load average over the last minute, or -1. */
static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* This process's CPU time so far (every thread), in seconds. */
static double
self_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @context until @done (@data) holds, for at most @timeout_ms (0:
 * no limit). Returns: whether @done holds. */
static gboolean
run_until (GMainContext *context,
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

/* Phases */

static gboolean
phase_released (gpointer data)
{
  Worker *worker = data;

  return g_atomic_int_get (&worker->fanout->phase) >= (gint) worker->awaited;
}

/* A worker reached @phase: it goes on running its context (its clients
 * keep reading, so no one's latency waits on a barrier) until the main
 * thread releases the phase. */
static void
arrive (Worker *worker,
        Phase   phase)
{
  Fanout *fanout = worker->fanout;

  g_mutex_lock (&fanout->mutex);
  fanout->n_arrived++;
  g_cond_broadcast (&fanout->cond);
  g_mutex_unlock (&fanout->mutex);
  worker->awaited = phase;
  run_until (worker->context, phase_released, worker, 0);
}

/* In the main thread: waits until every worker reached @phase. */
static void
wait_arrived (Fanout *fanout,
              Phase   phase)
{
  g_mutex_lock (&fanout->mutex);
  while (fanout->n_arrived < FANOUT_THREADS * (guint) phase)
    g_cond_wait (&fanout->cond, &fanout->mutex);
  g_mutex_unlock (&fanout->mutex);
}

/* In the main thread: lets every worker go on past @phase. */
static void
release (Fanout *fanout,
         Worker *workers,
         Phase   phase)
{
  g_atomic_int_set (&fanout->phase, phase);
  for (guint t = 0; t < FANOUT_THREADS; t++)
    g_main_context_wakeup (workers[t].context);
}

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
  GArray *applied = worker->applied[author];

  if (move <= reader->seen[author])
    return;
  if (applied->len < move)
    g_array_set_size (applied, move);
  for (guint m = reader->seen[author] + 1; m <= move; m++)
    {
      Applied *entry = &g_array_index (applied, Applied, m - 1);

      entry->readers++;
      entry->last_applied = now;
    }
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
  arrive (worker, PHASE_ADDED);
  if (!run_until (worker->context, everyone_seen, worker, SETUP_TIMEOUT_MS))
    g_error ("The participants did not see every rectangle within %u ms", SETUP_TIMEOUT_MS);
  arrive (worker, PHASE_SEEN);

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
  arrive (worker, PHASE_STOPPED);

  /* The last moves arrive everywhere (some from the other thread). */
  start_draining (worker);
  drain_ms = MAX (0, fanout->drain_deadline - g_get_monotonic_time ()) / 1000;
  run_until (worker->context, drained, worker, drain_ms + 1);
  arrive (worker, PHASE_DRAINED);

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
 * but its author applied it, at the latest time any thread noted. */
static guint
fanout_latencies (Fanout *fanout,
                  Worker *workers,
                  GArray *latencies)
{
  guint sent = 0;

  for (guint a = 0; a < fanout->n_clients; a++)
    {
      Participant *author = &fanout->participants[a];

      for (guint m = 1; m <= author->sent; m++)
        {
          guint readers = 0;
          gint64 last = 0;
          double ms;

          sent++;
          for (guint t = 0; t < FANOUT_THREADS; t++)
            {
              GArray *applied = workers[t].applied[a];

              if (m <= applied->len)
                {
                  readers += g_array_index (applied, Applied, m - 1).readers;
                  last = MAX (last, g_array_index (applied, Applied, m - 1).last_applied);
                }
            }
          /* A reader counted twice would be a bug of this benchmark. */
          g_assert_cmpuint (readers, <=, fanout->n_clients - 1);
          if (readers < fanout->n_clients - 1)
            continue;
          ms = (last - g_array_index (author->sent_at, gint64, m - 1)) / 1000.0;
          g_array_append_val (latencies, ms);
        }
    }
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
  double load = load_average ();
  double server_cpu, self_cpu;
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
  g_mutex_init (&fanout.mutex);
  g_cond_init (&fanout.cond);
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
      workers[t].rand = g_rand_new_with_seed (3 + workers[t].first);
      workers[t].applied = g_new (GArray *, n);
      for (guint a = 0; a < n; a++)
        workers[t].applied[a] = g_array_new (FALSE, TRUE, sizeof (Applied));
      for (guint i = workers[t].first; i < workers[t].first + workers[t].count; i++)
        fanout.participants[i].worker = &workers[t];
      workers[t].thread = g_thread_new ("fanout", fanout_worker, &workers[t]);
    }

  wait_arrived (&fanout, PHASE_ADDED);
  release (&fanout, workers, PHASE_ADDED);
  wait_arrived (&fanout, PHASE_SEEN);
  server_cpu = process_cpu_s (server_pid);
  self_cpu = self_cpu_s ();
  start = g_get_monotonic_time ();
  fanout.end = start + (gint64) seconds * G_USEC_PER_SEC;
  release (&fanout, workers, PHASE_SEEN);
  wait_arrived (&fanout, PHASE_STOPPED);
  stopped = g_get_monotonic_time ();
  fanout.drain_deadline = stopped + DRAIN_MAX_S * G_USEC_PER_SEC;
  release (&fanout, workers, PHASE_STOPPED);
  wait_arrived (&fanout, PHASE_DRAINED);
  drained_at = g_get_monotonic_time ();
  if (server_cpu >= 0)
    server_cpu = process_cpu_s (server_pid) - server_cpu;
  self_cpu = self_cpu_s () - self_cpu;
  release (&fanout, workers, PHASE_DRAINED);
  for (guint t = 0; t < FANOUT_THREADS; t++)
    g_thread_join (workers[t].thread);

  result.updates = fanout_latencies (&fanout, workers, latencies);
  result.delivered = latencies->len;
  g_array_sort (latencies, compare_double);
  result.p50_ms = percentile (latencies, 0.5);
  result.p95_ms = percentile (latencies, 0.95);
  result.p99_ms = percentile (latencies, 0.99);
  result.max_ms = latencies->len > 0 ? g_array_index (latencies, double, latencies->len - 1) : 0;
  {
    double window_s = (drained_at - start) / 1e6;
    g_autofree char *server_cpu_json = server_cpu >= 0 ? g_strdup_printf ("%.2f", server_cpu) : g_strdup ("null");
    g_autofree char *server_pct_json = server_cpu >= 0 ? g_strdup_printf ("%.0f", 100 * server_cpu / window_s)
                                                       : g_strdup ("null");

    printf ("{\"mode\":\"board-fanout\",\"clients\":%u,\"seconds\":%u,\"rate\":%u,\"threads\":%u"
            ",\"updates\":%u,\"offered_per_s\":%u,\"updates_per_s\":%.0f,\"delivered\":%u,\"undelivered\":%u,\"drain_s\":%.2f"
            ",\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f"
            ",\"goal_p95_ms\":%.0f,\"goal_met\":%s"
            ",\"server_cpu_s\":%s,\"server_cpu_pct\":%s,\"bench_cpu_s\":%.2f,\"bench_cpu_pct\":%.0f,\"loadavg_1m\":%.2f}\n",
            n, seconds, rate, FANOUT_THREADS, result.updates, n * rate, result.updates / ((stopped - start) / 1e6),
            result.delivered, result.updates - result.delivered, (drained_at - stopped) / 1e6,
            result.p50_ms, result.p95_ms, result.p99_ms, result.max_ms,
            GOAL_P95_MS, result.updates > 0 && result.delivered == result.updates && result.p95_ms <= GOAL_P95_MS
                           ? "true" : "false",
            server_cpu_json, server_pct_json, self_cpu, 100 * self_cpu / window_s, load);
    fflush (stdout);
  }

  for (guint t = 0; t < FANOUT_THREADS; t++)
    {
      for (guint a = 0; a < n; a++)
        g_array_unref (workers[t].applied[a]);
      g_free (workers[t].applied);
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
  g_mutex_clear (&fanout.mutex);
  g_cond_clear (&fanout.cond);
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
