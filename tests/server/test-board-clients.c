/* test-board-clients.c: boards as participants meet them, through a real
 * conferd with the real client: per-user undo, a reorder and a concurrent
 * move, a stroke drawn across a dropped connection, presence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

#define WAIT_MS 15000

static ConferTestServer *server;
static ConferClient *ann_client, *bob_client;
static ConferClientBoard *ann, *bob;

static void
wait_for (gboolean (*done) (gpointer data),
          gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done (data));
}

/* Both have nothing pending and have applied the same transactions. */
static gboolean
settled (gpointer data)
{
  return confer_client_board_get_n_pending (ann) == 0 && confer_client_board_get_n_pending (bob) == 0 &&
         confer_client_board_get_seq (ann) == confer_client_board_get_seq (bob);
}

static void
apply (ConferClientBoard *board,
       ConferBoardTx     *tx)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (confer_client_board_apply (board, tx, FALSE, &error));
  g_assert_no_error (error);
  confer_board_tx_unref (tx);
}

static ConferBoardElement *
element (ConferClientBoard *board,
         const char        *id)
{
  ConferBoardElement *found = confer_board_lookup (confer_client_board_get_board (board), id);

  g_assert_nonnull (found);
  return found;
}

static void
add (ConferClientBoard *board,
     const char        *id,
     const char        *index,
     double             x)
{
  g_autoptr(ConferBoardElement) made = confer_board_element_new (CONFER_BOARD_ELEMENT_RECTANGLE, id);
  ConferBoardTx *tx = confer_board_tx_new ();

  confer_board_element_set_string (made, CONFER_BOARD_PROP_INDEX, index);
  confer_board_element_set_number (made, CONFER_BOARD_PROP_X, x);
  confer_board_element_set_number (made, CONFER_BOARD_PROP_WIDTH, 100);
  confer_board_element_set_number (made, CONFER_BOARD_PROP_HEIGHT, 50);
  confer_board_tx_add (tx, made);
  apply (board, tx);
}

/* The board a participant arriving now gets equals both. */
static void
assert_everyone_agrees (void)
{
  g_autoptr(ConferClient) reader = confer_test_client_new (server->link, "Reader");
  g_autoptr(GError) error = NULL;
  ConferClientBoard *truth = confer_client_open_board (reader, confer_client_board_get_id (ann));
  g_autofree char *difference = NULL;

  g_assert_true (confer_client_board_wait (truth, FALSE, WAIT_MS, &error));
  if (!confer_board_equal (confer_client_board_get_board (ann), confer_client_board_get_board (truth), &difference) ||
      !confer_board_equal (confer_client_board_get_board (bob), confer_client_board_get_board (truth), &difference))
    g_error ("the participants do not have the server's board: %s", difference);
}

/* Ann's undo takes back her move and leaves Bob's colour (excalidraw
 * #7353, #5375: undo that deletes or reverts other people's work). */
static void
test_undo_leaves_others (void)
{
  ConferBoardTx *tx;

  add (ann, "u1", "a0", 0);
  wait_for (settled, NULL);
  tx = confer_board_tx_new ();
  confer_board_tx_set_number (tx, "u1", CONFER_BOARD_PROP_X, 250);
  confer_board_tx_set_string (tx, "u1", CONFER_BOARD_PROP_STROKE_COLOR, "#1971c2");
  apply (ann, tx);
  wait_for (settled, NULL);
  tx = confer_board_tx_new ();
  confer_board_tx_set_string (tx, "u1", CONFER_BOARD_PROP_STROKE_COLOR, "#e03131");
  apply (bob, tx);
  wait_for (settled, NULL);

  g_assert_true (confer_client_board_undo (ann));
  wait_for (settled, NULL);
  for (guint i = 0; i < 2; i++)
    {
      ConferBoardElement *u1 = element (i == 0 ? ann : bob, "u1");

      g_assert_cmpfloat (confer_board_element_get_number (u1, CONFER_BOARD_PROP_X), ==, 0);
      g_assert_cmpstr (confer_board_element_get_string (u1, CONFER_BOARD_PROP_STROKE_COLOR), ==, "#e03131");
    }
  /* Bob's undo is his own: his colour goes, to the one Ann had set. */
  g_assert_true (confer_client_board_undo (bob));
  wait_for (settled, NULL);
  g_assert_cmpstr (confer_board_element_get_string (element (ann, "u1"), CONFER_BOARD_PROP_STROKE_COLOR), ==, "#1971c2");
  assert_everyone_agrees ();
}

/* Ann brings an element to the front while Bob moves it, neither having
 * heard of the other: both changes survive, and nothing else moves
 * (excalidraw #7530: z-order changes hid elements). */
static void
test_reorder_and_move (void)
{
  ConferBoardTx *tx;
  g_autoptr(GPtrArray) order = NULL;

  add (ann, "z1", "a1", 10);
  add (ann, "z2", "a2", 20);
  wait_for (settled, NULL);
  tx = confer_board_tx_new ();
  confer_board_tx_reorder (tx, "z1", "a3");
  apply (ann, tx);
  tx = confer_board_tx_new ();
  confer_board_tx_set_number (tx, "z1", CONFER_BOARD_PROP_X, 500);
  apply (bob, tx);
  wait_for (settled, NULL);

  for (guint i = 0; i < 2; i++)
    {
      ConferClientBoard *board = i == 0 ? ann : bob;

      g_clear_pointer (&order, g_ptr_array_unref);
      order = confer_board_list (confer_client_board_get_board (board), FALSE);
      g_assert_cmpstr (((ConferBoardElement *) g_ptr_array_index (order, order->len - 1))->id, ==, "z1");
      g_assert_cmpfloat (confer_board_element_get_number (element (board, "z1"), CONFER_BOARD_PROP_X), ==, 500);
      g_assert_cmpfloat (confer_board_element_get_number (element (board, "z2"), CONFER_BOARD_PROP_X), ==, 20);
    }
  assert_everyone_agrees ();
}

static gboolean
bob_online (gpointer data)
{
  return confer_client_get_state (bob_client) == CONFER_CONNECTION_ONLINE && confer_client_board_get_n_pending (bob) == 0;
}

/* Bob draws while his connection drops: every stroke reaches Ann once he
 * is back (tldraw #6398: strokes lost after a short offline blip). */
static void
test_strokes_survive_a_drop (void)
{
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      g_autofree char *index = g_strdup_printf ("b%02u", i);
      g_autoptr(ConferBoardElement) stroke = confer_board_element_new (CONFER_BOARD_ELEMENT_FREEDRAW, id);
      ConferBoardTx *tx = confer_board_tx_new ();
      double points[] = { 0, 0, 3, 4, 6, 5, 9, 9 };
      ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_DOUBLES };

      confer_board_element_set_string (stroke, CONFER_BOARD_PROP_INDEX, index);
      value.doubles = confer_board_doubles_new (points, G_N_ELEMENTS (points));
      confer_board_element_take (stroke, CONFER_BOARD_PROP_POINTS, &value);
      confer_board_tx_add (tx, stroke);
      apply (bob, tx);
      if (i == 5 || i == 12)
        confer_client_drop_connection (bob_client);
    }
  wait_for (bob_online, NULL);
  wait_for (settled, NULL);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);

      g_assert_nonnull (confer_board_lookup (confer_client_board_get_board (ann), id));
    }
  assert_everyone_agrees ();
}

static gboolean
ann_pointer_seen (gpointer data)
{
  const ConferBoardPresence *presence = confer_client_board_get_presence (bob, confer_client_get_participant_id (ann_client));

  return presence != NULL && presence->has_pointer && presence->pointer[0] == 42.5 && presence->selection != NULL;
}

/* Ann's pointer and selection reach Bob. */
static void
test_presence (void)
{
  const char *selection[] = { "u1", NULL };
  ConferBoardPresence presence = { .has_pointer = TRUE, .pointer = { 42.5, 7 }, .selection = (GStrv) selection };

  confer_client_board_set_presence (ann, &presence);
  wait_for (ann_pointer_seen, NULL);
  g_assert_cmpstr (confer_client_board_get_presence (bob, confer_client_get_participant_id (ann_client))->selection[0],
                   ==, "u1");
}

/* A board of more elements than a snapshot page holds (200) arrives
 * whole, in pages, at someone opening it. */
static void
test_paged_snapshot (void)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_element_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = confer_fractional_index_n_between ("a5", NULL, 650, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 650; i++)
    {
      g_autofree char *id = g_strdup_printf ("page%u", i);
      ConferBoardElement *made = confer_board_element_new (CONFER_BOARD_ELEMENT_ELLIPSE, id);

      confer_board_element_set_string (made, CONFER_BOARD_PROP_INDEX, keys[i]);
      confer_board_element_set_number (made, CONFER_BOARD_PROP_X, i);
      g_ptr_array_add (elements, made);
    }
  g_assert_true (confer_client_board_add_elements (ann, elements, &error));
  g_assert_no_error (error);
  wait_for (settled, NULL);
  g_assert_cmpuint (confer_board_get_n_live (confer_client_board_get_board (bob)), >=, 650);
  assert_everyone_agrees ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = confer_test_server_start (TRUE);
  ann_client = confer_test_client_new (server->link, "Ann");
  bob_client = confer_test_client_new (server->link, "Bob");
  item = confer_client_create_item (ann_client, CONFER_ITEM_KIND_BOARD, "Plan", WAIT_MS, &error);
  g_assert_no_error (error);
  ann = confer_client_open_board (ann_client, confer_item_get_id (item));
  bob = confer_client_open_board (bob_client, confer_item_get_id (item));
  g_assert_true (confer_client_board_wait (ann, FALSE, WAIT_MS, &error));
  g_assert_true (confer_client_board_wait (bob, FALSE, WAIT_MS, &error));

  g_test_add_func ("/board-clients/undo-leaves-others", test_undo_leaves_others);
  g_test_add_func ("/board-clients/reorder-and-move", test_reorder_and_move);
  g_test_add_func ("/board-clients/strokes-survive-a-drop", test_strokes_survive_a_drop);
  g_test_add_func ("/board-clients/presence", test_presence);
  g_test_add_func ("/board-clients/paged-snapshot", test_paged_snapshot);
  status = g_test_run ();
  g_clear_object (&ann_client);
  g_clear_object (&bob_client);
  confer_test_server_free (server);
  return status;
}
