/* bench-board.c: merging local and remote element updates, next to
 * Excalidraw's reconcileElements in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-board [--peer NODE_MODULES_DIR --peer-script SCRIPT]
 *
 * A client holds a board of N = 10,000 rectangles and has moved every one
 * of them (N pending local updates). Then N remote updates arrive, each
 * recolouring one element: as one server transaction, and as N
 * transactions of one update each. Timed, best of RUNS: applying them —
 * the confirmed board takes each, and every touched element of the view
 * is rebuilt from it and the pending move (the pending x must survive and
 * the colour arrive; both are checked). The target is at most 10 ms. With
 * --peer, Excalidraw 0.18.1's reconcileElements() merges the same N local
 * and N remote versions under node (tests/bench/peers/
 * excalidraw-reconcile.mjs). The output is a Markdown table for
 * docs/benchmarks.md.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "confer-core.h"

#define N_ELEMENTS 10000
#define RUNS 9
#define TARGET_MS 10.0

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* A client whose board has the N rectangles, confirmed, and who has moved
 * them all (pending). */
static ConferBoardClient *
client_with_pending_moves (void)
{
  ConferBoardClient *client = confer_board_client_new ("ann", "ann-");
  g_autoptr(ConferBoard) board = confer_board_new ();
  g_autoptr(ConferBoardTx) moves = confer_board_tx_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = confer_fractional_index_n_between (NULL, NULL, N_ELEMENTS, NULL);

  for (guint i = 0; i < N_ELEMENTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autoptr(ConferBoardElement) element = confer_board_element_new (CONFER_BOARD_ELEMENT_RECTANGLE, id);

      confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, keys[i]);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_X, i);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, 100);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, 50);
      confer_board_put (board, element);
      confer_board_tx_set_number (moves, id, CONFER_BOARD_PROP_X, i + 10);
    }
  confer_board_client_reset (client, g_steal_pointer (&board), 1, NULL);
  if (!confer_board_client_apply_local (client, moves, FALSE, NULL, &error))
    g_error ("%s", error->message);
  return client;
}

static ConferBoardTx *
recolour (guint first,
          guint n,
          guint64 seq)
{
  ConferBoardTx *tx = confer_board_tx_new ();

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);

      confer_board_tx_set_string (tx, id, CONFER_BOARD_PROP_STROKE_COLOR, "#e03131");
    }
  tx->author = g_strdup ("bob");
  tx->txn = g_strdup_printf ("bob-%" G_GUINT64_FORMAT, seq);
  tx->seq = seq;
  return tx;
}

static void
check (ConferBoardClient *client)
{
  ConferBoard *view = confer_board_client_get_view (client);

  for (guint i = 0; i < N_ELEMENTS; i += 997)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      ConferBoardElement *element = confer_board_lookup (view, id);

      g_assert_cmpfloat (confer_board_element_get_number (element, CONFER_BOARD_PROP_X), ==, i + 10);
      g_assert_cmpstr (confer_board_element_get_string (element, CONFER_BOARD_PROP_STROKE_COLOR), ==, "#e03131");
    }
  g_assert_cmpuint (confer_board_client_get_n_pending (client), ==, 1);
}

/* Best of RUNS, in ms, of applying the remote updates in @per_tx updates
 * a transaction. */
static double
run (guint per_tx)
{
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(ConferBoardClient) client = client_with_pending_moves ();
      g_autoptr(GPtrArray) txs = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_tx_unref);
      g_autoptr(GError) error = NULL;
      double start;

      for (guint first = 0; first < N_ELEMENTS; first += per_tx)
        g_ptr_array_add (txs, recolour (first, per_tx, txs->len + 2));
      start = now_ms ();
      for (guint i = 0; i < txs->len; i++)
        if (!confer_board_client_apply_remote (client, g_ptr_array_index (txs, i), NULL, &error))
          g_error ("%s", error->message);
      best = MIN (best, now_ms () - start);
      check (client);
    }
  return best;
}

static JsonObject *
run_peer (const char *modules,
          const char *script)
{
  g_autofree char *n = g_strdup_printf ("%d", N_ELEMENTS);
  g_autofree char *runs = g_strdup_printf ("%d", RUNS);
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  node = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "node", script, modules, n, runs, NULL);
  if (node == NULL || !g_subprocess_communicate_utf8 (node, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (node) || !json_parser_load_from_data (parser, out, -1, &error))
    {
      g_printerr ("The node peer did not run: %s\n", error != NULL ? error->message : "it failed");
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

int
main (int    argc,
      char **argv)
{
  const char *peer = NULL, *peer_script = NULL;
  g_autoptr(JsonObject) node = NULL;
  double one_tx, per_element;

  for (int i = 1; i + 1 < argc; i++)
    if (g_str_equal (argv[i], "--peer"))
      peer = argv[++i];
    else if (g_str_equal (argv[i], "--peer-script"))
      peer_script = argv[++i];

  one_tx = run (N_ELEMENTS);
  per_element = run (1);
  if (peer != NULL && peer_script != NULL)
    node = run_peer (peer, peer_script);

  printf ("| merge of %d local moves with %d remote recolourings (best of %d) | ms |\n", N_ELEMENTS, N_ELEMENTS, RUNS);
  printf ("|---|---:|\n");
  printf ("| Confer, the remote updates in one transaction | %.2f |\n", one_tx);
  printf ("| Confer, each remote update its own transaction | %.2f |\n", per_element);
  if (node != NULL)
    printf ("| Excalidraw 0.18.1 reconcileElements under node (median %.2f, first run %.2f) | %.2f |\n",
            json_object_get_double_member (node, "median_ms"), json_object_get_double_member (node, "first_ms"),
            json_object_get_double_member (node, "ms"));
  printf ("\ntarget ≤ %.0f ms: %s\n", TARGET_MS, MAX (one_tx, per_element) <= TARGET_MS ? "met" : "MISSED");
  return 0;
}
