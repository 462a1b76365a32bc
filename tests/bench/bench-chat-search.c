/* bench-chat-search.c: full-text search of a large chat through conferd,
 * from a real client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-chat-search MESSAGES [QUERIES]   ($CONFERD names the server
 *                                               program, $BENCH_CHAT_FILL
 *                                               the filler)
 *
 * Starts a real conferd (TLS, a new temporary data directory) and fills
 * its session's chat with MESSAGES messages through it: bench-chat-fill,
 * a process of its own, sends them as `chat.send`s from 8 participants
 * (the texts of bench-chat-words.h, seed 1). It then joins as another
 * participant (ConferClient and its ConferClientChat, as the app's search
 * does) and sends QUERIES (200 unless given) `chat.search`es one after the
 * other; a query's time is the client's round trip, from just before
 * confer_client_chat_search_async() to its callback (the server's FTS5
 * query, reading the messages found, and both JSON ends).
 *
 * The queries take turns through kinds of words of different frequency:
 * the commonest words (in a third of the messages or more), common ones,
 * middling ones, rare ones, accented words typed without their accents
 * or in another case, Chinese and Japanese words, issue numbers (a
 * message or two each), two words together, and a word no message holds.
 * For each word the output gives how many messages hold it (counted while
 * drawing the same texts again here), and checks that the server found as
 * many as it answers at most (50) — a search that finds too few is an
 * error, not a figure.
 *
 * The goal is a p95 of at most 50 ms per query over 1,000,000 messages;
 * the output says whether this run met it, and never fails on a time.
 * conferd shares the machine with this process; its CPU time over the
 * queries and the load average (1 minute) before them are printed too.
 *
 * Output: one JSON line.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-chat-words.h"
#include "bench-stats.h"
#include "confer-test-server.h"

#define GOAL_P95_MS 50.0
#define MAX_RESULTS 50     /* CONFER_CHAT_MAX_RESULTS, what one search answers */
#define SEED        1

typedef struct
{
  const char        *name;
  const char *const *queries;
  const char *const *counted;    /* the word each query finds, as drawn */
} Kind;

static const char *const commonest[] = { "the", "to", "and", "a", "of", "is", "in", "you", NULL };
static const char *const common[] = { "this", "we", "have", "not", "are", "can", "what", "they", NULL };
static const char *const middling[] = { "meeting", "deploy", "review", "database", "cache", "staging", "morning", "slides", NULL };
static const char *const rare[] = { "kubernetes", "idempotent", "quaternion", "serendipity", "bikeshed", "guest", "audit", "permission", NULL };
static const char *const accents[] = { "cafe", "MANANA", "uber", "resume", "corazon", "PRUFUNG", "reunion", "eleve", NULL };
static const char *const accents_counted[] = { "café", "mañana", "über", "résumé", "corazón", "Prüfung", "réunion", "élève", NULL };
static const char *const cjk[] = { "会议", "服务器", "テスト", "数据库", "ありがとう", "修复", "リリース", "確認", NULL };
static const char *const pairs[] = { "release notes", "fix bug", "the meeting", "server crash", "review patch", "cache timeout",
                                     "deploy staging", "we should", NULL };
static const char *const absent[] = { "zyzzyva", "xylophone", "quokka", "fjord", "wombat", "gazpacho", "ptarmigan", "sphinx", NULL };

/* The size of the server's database and its write-ahead log, in MiB. */
static double
database_mib (const char *data_dir)
{
  double bytes = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (data_dir, i == 0 ? "conferd.db" : "conferd.db-wal", NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        bytes += st.st_size;
    }
  return bytes / (1024.0 * 1024.0);
}

typedef struct
{
  GPtrArray *found;
  GError    *error;
  gboolean   done;
} Answer;

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Answer *answer = data;

  answer->found = confer_client_chat_search_finish (CONFER_CLIENT_CHAT (source), result, &answer->error);
  answer->done = TRUE;
}

int
main (int    argc,
      char **argv)
{
  const Kind kinds[] = {
    { "commonest", commonest, commonest },
    { "common", common, common },
    { "middling", middling, middling },
    { "rare", rare, rare },
    { "accents", accents, accents_counted },
    { "cjk", cjk, cjk },
    { "issue", NULL, NULL },
    { "two_words", pairs, NULL },
    { "absent", absent, NULL },
  };
  g_autoptr(ConferTestServer) server = NULL;
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GHashTable) tally = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) by_kind = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *fill_out = NULL;
  g_autofree char *count = NULL;
  g_autofree double *cumulative = NULL;
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func (g_free);
  GArray *times[G_N_ELEMENTS (kinds)];
  guint64 counts[G_N_ELEMENTS (kinds)];
  const char *fill = g_getenv ("BENCH_CHAT_FILL");
  ConferClientChat *chat;
  guint64 n, n_queries = 200;
  guint32 state = SEED;
  double load, server_cpu, p95;
  GPid server_pid;
  int status;

  if (argc < 2 || argc > 3 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT32, &n, NULL) ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 100000, &n_queries, NULL)) || fill == NULL)
    {
      fprintf (stderr, "Usage: bench-chat-search MESSAGES [QUERIES]   (with $CONFERD and $BENCH_CHAT_FILL)\n");
      return 2;
    }

  server = confer_test_server_start (FALSE);
  server_pid = atoi (g_subprocess_get_identifier (server->process));
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  if (!g_spawn_sync (NULL, (char *[]) { (char *) fill, server->link, count, (char *) "1", NULL }, NULL,
                     G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &fill_out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Filling the chat: %s", error->message);
  g_strstrip (fill_out);

  /* The same texts again, to count the messages holding each word. */
  cumulative = bench_chat_zipf_table (G_N_ELEMENTS (bench_chat_english));
  for (guint64 i = 0; i < n; i++)
    {
      g_string_truncate (text, 0);
      bench_chat_text (text, cumulative, &state, tally);
    }
  /* Issue numbers that some message names. */
  for (guint number = 1; number <= 100000 && issues->len < 8; number += 997)
    {
      g_autofree char *issue = g_strdup_printf ("#%u", number);

      if (g_hash_table_contains (tally, issue))
        g_ptr_array_add (issues, g_steal_pointer (&issue));
    }
  if (issues->len < 8)
    g_error ("Too few messages: fewer than 8 of the issue numbers looked at are named");

  client = confer_test_client_new (server->link, "Searcher");
  chat = confer_client_open_chat (client);
  if (!confer_client_chat_wait (chat, FALSE, 60000, &error))
    g_error ("%s", error->message);

  load = bench_load_average ();
  server_cpu = bench_process_cpu_s (server_pid);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      times[k] = g_array_new (FALSE, FALSE, sizeof (double));
      counts[k] = 0;
    }
  for (guint q = 0; q < n_queries; q++)
    {
      guint k = q % G_N_ELEMENTS (kinds);
      guint which = (q / G_N_ELEMENTS (kinds)) % 8;
      const char *query = kinds[k].queries != NULL ? kinds[k].queries[which] : g_ptr_array_index (issues, which);
      const char *counted = kinds[k].counted != NULL ? kinds[k].counted[which] : kinds[k].queries == NULL ? query : NULL;
      guint holding = counted != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (tally, counted)) : 0;
      Answer answer = { 0, };
      gint64 start;
      double ms;

      start = g_get_monotonic_time ();
      confer_client_chat_search_async (chat, query, NULL, searched_cb, &answer);
      while (!answer.done)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (answer.found == NULL)
        g_error ("Searching for “%s”: %s", query, answer.error->message);
      /* What a search must find: as many as the words' messages, at most
       * a page; two words at most what either finds; none of an absent
       * word. */
      if ((counted != NULL && answer.found->len != MIN (holding, MAX_RESULTS)) ||
          (kinds[k].queries == absent && answer.found->len != 0))
        g_error ("“%s” found %u messages, not %u", query, answer.found->len, MIN (holding, MAX_RESULTS));
      g_array_append_val (times[k], ms);
      g_array_append_val (all, ms);
      counts[k] = MAX (counts[k], holding);
      g_ptr_array_unref (answer.found);
    }
  if (server_cpu >= 0)
    server_cpu = bench_process_cpu_s (server_pid) - server_cpu;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_array_sort (times[k], bench_compare_doubles);
      g_autofree char *holding = kinds[k].counted != NULL || kinds[k].queries == NULL
                                 ? g_strdup_printf ("%" G_GUINT64_FORMAT, counts[k]) : g_strdup ("null");

      g_string_append_printf (by_kind, "%s\"%s\":{\"queries\":%u,\"most_messages_holding\":%s"
                              ",\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f}",
                              k > 0 ? "," : "", kinds[k].name, times[k]->len, holding, bench_percentile (times[k], 0.5),
                              bench_percentile (times[k], 0.95), times[k]->len > 0 ? g_array_index (times[k], double, times[k]->len - 1) : 0);
      g_array_unref (times[k]);
    }
  g_array_sort (all, bench_compare_doubles);
  p95 = bench_percentile (all, 0.95);
  printf ("{\"mode\":\"chat-search\",\"messages\":%" G_GUINT64_FORMAT ",\"fill\":%s,\"database_mib\":%.0f,\"queries\":%u"
          ",\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f,\"goal_p95_ms\":%.0f,\"goal_met\":%s,\"by_kind\":{%s}"
          ",\"server_cpu_s\":%.2f,\"loadavg_1m\":%.2f}\n",
          n, fill_out, database_mib (server->data_dir), all->len, bench_percentile (all, 0.5), p95,
          g_array_index (all, double, all->len - 1), GOAL_P95_MS, p95 <= GOAL_P95_MS ? "true" : "false", by_kind->str,
          server_cpu, load);
  return 0;
}
