/* test-board.c: board elements, transactions, server order, rebase and
 * per-user undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "confer-core.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = confer_json_text_parse (json, strlen (json), CONFER_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  return node;
}

static ConferBoardTx *
tx_from (const char  *json,
         GError     **error)
{
  g_autoptr(JsonNode) node = parse (json);

  return confer_board_tx_from_json (json_node_get_array (node), error);
}

static ConferBoardElement *
rect (const char *id,
      const char *index)
{
  ConferBoardElement *element = confer_board_element_new (CONFER_BOARD_ELEMENT_RECTANGLE, id);

  confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, index);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, 100);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, 50);
  return element;
}

/* Every field is checked, and the error names it. */
static void
test_validation (void)
{
  static const struct
  {
    const char *element;
    const char *field;
  } bad[] = {
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"opacity\":101}", "opacity" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"opacity\":\"50\"}", "opacity" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"x\":1e12}", "x" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"x\":null}", "x" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"strokeColor\":\"red;}\"}", "strokeColor" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"backgroundColor\":\"#12345\"}", "backgroundColor" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"fillStyle\":\"polka\"}", "fillStyle" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"roughness\":11}", "roughness" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"roundness\":{\"type\":4}}", "roundness" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"groupIds\":[\"g 1\"]}", "groupIds" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"frameId\":\"\"}", "frameId" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"boundElements\":[{\"id\":\"b\",\"type\":\"rect\"}]}", "boundElements" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"link\":\"https://x\\ny\"}", "link" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"locked\":1}", "locked" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"seed\":1.5}", "seed" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"!!\"}", "index" },
    { "{\"id\":\"a\",\"type\":\"text\",\"index\":\"a0\",\"text\":\"bell\\u0007\"}", "text" },
    { "{\"id\":\"a\",\"type\":\"text\",\"index\":\"a0\",\"textAlign\":\"justify\"}", "textAlign" },
    { "{\"id\":\"a\",\"type\":\"text\",\"index\":\"a0\",\"fontSize\":0}", "fontSize" },
    { "{\"id\":\"a\",\"type\":\"line\",\"index\":\"a0\",\"points\":[[0,0,0]]}", "points" },
    { "{\"id\":\"a\",\"type\":\"line\",\"index\":\"a0\",\"points\":[[0,\"1\"]]}", "points" },
    { "{\"id\":\"a\",\"type\":\"arrow\",\"index\":\"a0\",\"endArrowhead\":\"harpoon\"}", "endArrowhead" },
    { "{\"id\":\"a\",\"type\":\"arrow\",\"index\":\"a0\",\"startBinding\":{\"elementId\":\"b c\",\"focus\":0,\"gap\":1}}", "startBinding" },
    { "{\"id\":\"a\",\"type\":\"freedraw\",\"index\":\"a0\",\"pressures\":[0.5,2]}", "pressures" },
    { "{\"id\":\"a\",\"type\":\"image\",\"index\":\"a0\",\"fileId\":\"abc\"}", "fileId" },
    { "{\"id\":\"a\",\"type\":\"image\",\"index\":\"a0\",\"scale\":[1]}", "scale" },
    { "{\"id\":\"a b\",\"type\":\"rectangle\",\"index\":\"a0\"}", "id" },
    { "{\"id\":\"a\",\"type\":\"rectangle\",\"index\":\"a0\",\"isDeleted\":\"no\"}", "isDeleted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i].element);
      g_autoptr(GError) error = NULL;
      g_autoptr(ConferBoardElement) element = confer_board_element_from_json (json_node_get_object (node), &error);
      g_autofree char *quoted = g_strdup_printf ("“%s”", bad[i].field);

      g_assert_null (element);
      g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
      if (strstr (error->message, quoted) == NULL)
        g_error ("%s: the error “%s” does not name %s", bad[i].element, error->message, quoted);
    }

  /* An unknown type is refused and named too. */
  {
    g_autoptr(JsonNode) node = parse ("{\"id\":\"a\",\"type\":\"embeddable\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ConferBoardElement) element = confer_board_element_from_json (json_node_get_object (node), &error);

    g_assert_null (element);
    g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
    g_assert_nonnull (strstr (error->message, "“type”"));
  }

  /* Points beyond the limit, and at it. */
  {
    GString *json = g_string_new ("{\"id\":\"a\",\"type\":\"freedraw\",\"index\":\"a0\",\"points\":[");
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(ConferBoardElement) at_limit = NULL;
    g_autoptr(ConferBoardElement) over = NULL;

    for (guint i = 0; i < CONFER_BOARD_MAX_POINTS; i++)
      g_string_append_printf (json, "%s[%u,%u]", i > 0 ? "," : "", i, i);
    g_string_append (json, "]}");
    node = parse (json->str);
    at_limit = confer_board_element_from_json (json_node_get_object (node), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (confer_board_element_get (at_limit, CONFER_BOARD_PROP_POINTS)->doubles->n, ==, 2 * CONFER_BOARD_MAX_POINTS);
    g_clear_pointer (&node, json_node_unref);
    g_string_truncate (json, json->len - 2);
    g_string_append (json, ",[1,1]]}");
    node = parse (json->str);
    over = confer_board_element_from_json (json_node_get_object (node), &error);
    g_assert_null (over);
    g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
    g_string_free (json, TRUE);
  }
}

/* An element read and written again is the same JSON. */
static void
test_round_trip (void)
{
  const char *json = "{\"id\":\"Xy_9-z\",\"type\":\"arrow\",\"x\":10.5,\"y\":-3,\"width\":100,\"height\":0,"
                     "\"angle\":0.25,\"strokeColor\":\"#e03131\",\"backgroundColor\":\"transparent\","
                     "\"fillStyle\":\"hachure\",\"strokeWidth\":1,\"strokeStyle\":\"dashed\",\"roughness\":2,"
                     "\"opacity\":60,\"roundness\":{\"type\":2},\"seed\":12345,\"index\":\"a1V\","
                     "\"groupIds\":[\"g1\"],\"frameId\":null,\"boundElements\":null,\"updated\":1700000000000,"
                     "\"link\":null,\"locked\":false,\"points\":[[0,0],[100.25,0]],\"lastCommittedPoint\":null,"
                     "\"startBinding\":{\"elementId\":\"r1\",\"focus\":0.1,\"gap\":4},\"endBinding\":null,"
                     "\"startArrowhead\":null,\"endArrowhead\":\"triangle\",\"elbowed\":false,\"isDeleted\":false}";
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferBoardElement) element = confer_board_element_from_json (json_node_get_object (node), &error);
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_OBJECT);

  g_assert_no_error (error);
  json_node_take_object (out, confer_board_element_to_json (element));
  g_assert_true (json_node_equal (node, out));
}

/* A transaction is applied whole or not at all. */
static void
test_atomic (void)
{
  g_autoptr(ConferBoard) board = confer_board_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferBoardTx) ok = tx_from ("[{\"op\":\"add\",\"element\":{\"id\":\"r1\",\"type\":\"rectangle\",\"index\":\"a0\"}}]", &error);
  g_autoptr(ConferBoardTx) bad = NULL;

  g_assert_no_error (error);
  g_assert_true (confer_board_check_tx (board, ok, &error));
  confer_board_apply_tx (board, ok, NULL);

  bad = tx_from ("[{\"op\":\"update\",\"id\":\"r1\",\"set\":{\"x\":50}},"
                 " {\"op\":\"update\",\"id\":\"ghost\",\"set\":{\"x\":1}}]", &error);
  g_assert_no_error (error);
  g_assert_false (confer_board_check_tx (board, bad, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_UNKNOWN_ELEMENT);
  g_assert_cmpfloat (confer_board_element_get_number (confer_board_lookup (board, "r1"), CONFER_BOARD_PROP_X), ==, 0);
  g_clear_error (&error);

  /* A text field on a rectangle is refused by the board. */
  g_clear_pointer (&bad, confer_board_tx_unref);
  bad = tx_from ("[{\"op\":\"update\",\"id\":\"r1\",\"set\":{\"text\":\"hi\"}}]", &error);
  g_assert_no_error (error);
  g_assert_false (confer_board_check_tx (board, bad, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
  g_clear_error (&error);

  /* Malformed operations are refused while reading. */
  g_assert_null (tx_from ("[]", &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
  g_clear_error (&error);
  g_assert_null (tx_from ("[{\"op\":\"move\",\"id\":\"r1\"}]", &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
  g_clear_error (&error);
  g_assert_null (tx_from ("[{\"op\":\"update\",\"id\":\"r1\",\"set\":{\"index\":\"a1\"}}]", &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
  g_clear_error (&error);
  g_assert_null (tx_from ("[{\"op\":\"add\",\"element\":{\"id\":\"r2\",\"type\":\"rectangle\"}}]", &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT);
}

/* In-process server and clients. */

typedef struct
{
  ConferBoard *board;
  guint64      seq;
  GPtrArray   *log;   /* ConferBoardTx, committed */
} Server;

typedef struct
{
  char              *name;
  ConferBoardClient *client;
  GQueue             outbox;   /* ConferBoardTx sent, not yet at the server */
  guint              delivered; /* server log entries it has seen */
} Peer;

static void
server_init (Server *server)
{
  server->board = confer_board_new ();
  server->seq = 0;
  server->log = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_tx_unref);
}

static void
server_clear (Server *server)
{
  confer_board_free (server->board);
  g_ptr_array_unref (server->log);
}

static void
peer_init (Peer       *peer,
           const char *id)
{
  g_autofree char *prefix = g_strdup_printf ("%s-", id);

  peer->name = g_strdup (id);
  peer->client = confer_board_client_new (id, prefix);
  g_queue_init (&peer->outbox);
  peer->delivered = 0;
}

static void
peer_clear (Peer *peer)
{
  confer_board_client_free (peer->client);
  g_free (peer->name);
  g_queue_clear_full (&peer->outbox, (GDestroyNotify) confer_board_tx_unref);
}

static void
peer_send (Peer *peer)
{
  g_autoptr(GPtrArray) unsent = confer_board_client_take_unsent (peer->client);

  for (guint i = 0; i < unsent->len; i++)
    g_queue_push_tail (&peer->outbox, confer_board_tx_ref (g_ptr_array_index (unsent, i)));
}

/* The server takes the peer's oldest transaction: commits it, or refuses
 * it and tells the peer. Transactions travel through JSON, as on the
 * wire. */
static void
server_receive (Server *server,
                Peer   *peer)
{
  g_autoptr(ConferBoardTx) sent = g_queue_pop_head (&peer->outbox);
  g_autoptr(JsonArray) ops = confer_board_tx_to_json (sent);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferBoardTx) tx = confer_board_tx_from_json (ops, &error);

  g_assert_no_error (error);
  tx->author = g_strdup (sent->author);
  tx->txn = g_strdup (sent->txn);
  if (!confer_board_check_tx (server->board, tx, &error))
    {
      confer_board_client_forget (peer->client, sent->txn, NULL);
      return;
    }
  confer_board_apply_tx (server->board, tx, NULL);
  tx->seq = ++server->seq;
  g_ptr_array_add (server->log, g_steal_pointer (&tx));
}

static void
peer_receive (Server *server,
              Peer   *peer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (confer_board_client_apply_remote (peer->client, g_ptr_array_index (server->log, peer->delivered++),
                                                   NULL, &error));
  g_assert_no_error (error);
}

static void
local (Peer          *peer,
       ConferBoardTx *tx)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (confer_board_client_apply_local (peer->client, tx, FALSE, NULL, &error));
  g_assert_no_error (error);
  confer_board_tx_unref (tx);
  peer_send (peer);
}

static void
settle (Server *server,
        Peer   *peers,
        guint   n)
{
  gboolean busy = TRUE;

  while (busy)
    {
      busy = FALSE;
      for (guint i = 0; i < n; i++)
        {
          peer_send (&peers[i]);
          while (peers[i].outbox.length > 0)
            {
              server_receive (server, &peers[i]);
              busy = TRUE;
            }
        }
      for (guint i = 0; i < n; i++)
        while (peers[i].delivered < server->log->len)
          {
            peer_receive (server, &peers[i]);
            busy = TRUE;
          }
    }
}

static double
x_of (ConferBoard *board,
      const char  *id)
{
  return confer_board_element_get_number (confer_board_lookup (board, id), CONFER_BOARD_PROP_X);
}

static ConferBoardTx *
move (const char *id,
      double      x)
{
  ConferBoardTx *tx = confer_board_tx_new ();

  confer_board_tx_set_number (tx, id, CONFER_BOARD_PROP_X, x);
  return tx;
}

static ConferBoardTx *
restyle (const char *id,
         const char *colour)
{
  ConferBoardTx *tx = confer_board_tx_new ();

  confer_board_tx_set_string (tx, id, CONFER_BOARD_PROP_STROKE_COLOR, colour);
  return tx;
}

static void
add_shared_rectangle (Server *server,
                      Peer   *peers,
                      guint   n)
{
  ConferBoardTx *tx = confer_board_tx_new ();
  g_autoptr(ConferBoardElement) r = rect ("r1", "a0");

  confer_board_tx_add (tx, r);
  local (&peers[0], tx);
  settle (server, peers, n);
}

/* Per property, the last transaction in server order wins; a pending
 * local value stays until it is acknowledged; moving does not touch
 * colour. */
static void
test_rebase (void)
{
  Server server;
  Peer peers[2];

  server_init (&server);
  peer_init (&peers[0], "ann");
  peer_init (&peers[1], "bob");
  add_shared_rectangle (&server, peers, 2);

  local (&peers[0], move ("r1", 10));         /* Ann moves */
  local (&peers[1], restyle ("r1", "#2f9e44")); /* Bob recolours, concurrently */
  local (&peers[1], move ("r1", 20));          /* and moves too */

  /* Bob's transactions reach the server first. */
  server_receive (&server, &peers[1]);
  server_receive (&server, &peers[1]);
  server_receive (&server, &peers[0]);
  /* Ann hears Bob's move while hers is pending: hers stays on screen. */
  peer_receive (&server, &peers[0]);
  peer_receive (&server, &peers[0]);
  g_assert_cmpfloat (x_of (confer_board_client_get_view (peers[0].client), "r1"), ==, 10);
  g_assert_cmpstr (confer_board_element_get_string (confer_board_lookup (confer_board_client_get_view (peers[0].client), "r1"),
                                                    CONFER_BOARD_PROP_STROKE_COLOR), ==, "#2f9e44");
  settle (&server, peers, 2);
  /* Ann's move was last in server order. */
  for (guint i = 0; i < 2; i++)
    {
      ConferBoard *view = confer_board_client_get_view (peers[i].client);

      g_assert_cmpfloat (x_of (view, "r1"), ==, 10);
      g_assert_cmpstr (confer_board_element_get_string (confer_board_lookup (view, "r1"), CONFER_BOARD_PROP_STROKE_COLOR),
                       ==, "#2f9e44");
      g_assert_true (confer_board_equal (view, server.board, NULL));
      g_assert_cmpuint (confer_board_client_get_n_pending (peers[i].client), ==, 0);
    }
  peer_clear (&peers[0]);
  peer_clear (&peers[1]);
  server_clear (&server);
}

/* A delete beats a concurrent update, whichever reaches the server first. */
static void
test_delete_wins (void)
{
  for (guint order = 0; order < 2; order++)
    {
      Server server;
      Peer peers[2];
      ConferBoardTx *tx = confer_board_tx_new ();

      server_init (&server);
      peer_init (&peers[0], "ann");
      peer_init (&peers[1], "bob");
      add_shared_rectangle (&server, peers, 2);

      confer_board_tx_delete (tx, "r1");
      local (&peers[0], tx);
      local (&peers[1], move ("r1", 99));
      server_receive (&server, &peers[order]);
      server_receive (&server, &peers[1 - order]);
      settle (&server, peers, 2);
      for (guint i = 0; i < 2; i++)
        {
          ConferBoard *view = confer_board_client_get_view (peers[i].client);

          g_assert_true (confer_board_lookup (view, "r1")->deleted);
          g_assert_cmpuint (confer_board_get_n_live (view), ==, 0);
          g_assert_true (confer_board_equal (view, server.board, NULL));
        }
      peer_clear (&peers[0]);
      peer_clear (&peers[1]);
      server_clear (&server);
    }
}

/* A reorder by one and a move by another both survive (excalidraw
 * #7530: z-order changes hid elements). */
static void
test_reorder_and_move (void)
{
  Server server;
  Peer peers[2];
  ConferBoardTx *tx = confer_board_tx_new ();
  g_autoptr(ConferBoardElement) r2 = rect ("r2", "a1");
  g_autofree char *top = NULL;
  g_autoptr(GPtrArray) order = NULL;

  server_init (&server);
  peer_init (&peers[0], "ann");
  peer_init (&peers[1], "bob");
  add_shared_rectangle (&server, peers, 2);
  confer_board_tx_add (tx, r2);
  local (&peers[0], tx);
  settle (&server, peers, 2);

  /* Ann brings r1 to the front; Bob moves it. */
  top = confer_fractional_index_between ("a1", NULL, NULL);
  tx = confer_board_tx_new ();
  confer_board_tx_reorder (tx, "r1", top);
  local (&peers[0], tx);
  local (&peers[1], move ("r1", 300));
  settle (&server, peers, 2);

  order = confer_board_list (server.board, FALSE);
  g_assert_cmpstr (((ConferBoardElement *) g_ptr_array_index (order, 1))->id, ==, "r1");
  g_assert_cmpfloat (x_of (server.board, "r1"), ==, 300);
  for (guint i = 0; i < 2; i++)
    g_assert_true (confer_board_equal (confer_board_client_get_view (peers[i].client), server.board, NULL));
  peer_clear (&peers[0]);
  peer_clear (&peers[1]);
  server_clear (&server);
}

/* Undo takes back only one's own changes (excalidraw #7353, #5375). */
static void
test_undo_is_per_user (void)
{
  Server server;
  Peer peers[2];
  ConferBoard *ann_view;

  server_init (&server);
  peer_init (&peers[0], "ann");
  peer_init (&peers[1], "bob");
  add_shared_rectangle (&server, peers, 2);

  /* Ann moves and recolours; Bob then recolours too. */
  {
    ConferBoardTx *tx = move ("r1", 40);

    confer_board_tx_set_string (tx, "r1", CONFER_BOARD_PROP_STROKE_COLOR, "#1971c2");
    local (&peers[0], tx);
  }
  settle (&server, peers, 2);
  local (&peers[1], restyle ("r1", "#f08c00"));
  settle (&server, peers, 2);

  /* Ann's undo moves it back but leaves Bob's colour. */
  g_assert_true (confer_board_client_undo (peers[0].client, NULL));
  peer_send (&peers[0]);
  settle (&server, peers, 2);
  ann_view = confer_board_client_get_view (peers[0].client);
  g_assert_cmpfloat (x_of (ann_view, "r1"), ==, 0);
  g_assert_cmpstr (confer_board_element_get_string (confer_board_lookup (ann_view, "r1"), CONFER_BOARD_PROP_STROKE_COLOR),
                   ==, "#f08c00");
  g_assert_true (confer_board_equal (ann_view, server.board, NULL));

  /* Redo moves it again. */
  g_assert_true (confer_board_client_redo (peers[0].client, NULL));
  settle (&server, peers, 2);
  g_assert_cmpfloat (x_of (server.board, "r1"), ==, 40);

  /* Undoing the add of an element someone else has changed since does
   * not delete their work; the step is skipped. */
  g_assert_true (confer_board_client_undo (peers[0].client, NULL));   /* the move again */
  settle (&server, peers, 2);
  local (&peers[1], move ("r1", 77));
  settle (&server, peers, 2);
  g_assert_false (confer_board_client_undo (peers[0].client, NULL));
  g_assert_false (confer_board_lookup (server.board, "r1")->deleted);
  g_assert_cmpfloat (x_of (server.board, "r1"), ==, 77);

  /* Bob deletes; Ann cannot undo it, Bob can. */
  {
    ConferBoardTx *tx = confer_board_tx_new ();

    confer_board_tx_delete (tx, "r1");
    local (&peers[1], tx);
  }
  settle (&server, peers, 2);
  g_assert_false (confer_board_client_undo (peers[0].client, NULL));
  g_assert_true (confer_board_lookup (server.board, "r1")->deleted);
  g_assert_true (confer_board_client_undo (peers[1].client, NULL));
  settle (&server, peers, 2);
  g_assert_false (confer_board_lookup (server.board, "r1")->deleted);
  g_assert_cmpfloat (x_of (server.board, "r1"), ==, 77);
  for (guint i = 0; i < 2; i++)
    g_assert_true (confer_board_equal (confer_board_client_get_view (peers[i].client), server.board, NULL));
  peer_clear (&peers[0]);
  peer_clear (&peers[1]);
  server_clear (&server);
}

/* Random rounds: clients add, move, restyle, reorder, delete, undo and
 * redo concurrently, the network delivers in a seeded random order; once
 * everything is delivered every client's view equals the server's board,
 * and undo never changed a property someone else had set last. */
static void
test_convergence (gconstpointer data)
{
  guint rounds = GPOINTER_TO_UINT (data);
  static const char *const colours[] = { "#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00" };

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (round + 1);
      guint n = g_rand_int_range (rand, 2, 6);
      Peer *peers = g_new0 (Peer, n);
      Server server;
      guint next_id = 0;

      server_init (&server);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("p%u", i);

          peer_init (&peers[i], id);
        }

      for (guint step = 0; step < 200; step++)
        {
          Peer *peer = &peers[g_rand_int_range (rand, 0, n)];
          ConferBoard *view = confer_board_client_get_view (peer->client);
          g_autoptr(GPtrArray) live = confer_board_list (view, FALSE);
          guint action = g_rand_int_range (rand, 0, 10);

          if (action < 3 || live->len == 0)
            {
              ConferBoardTx *tx = confer_board_tx_new ();
              g_autofree char *id = g_strdup_printf ("e%u", next_id++);
              const char *last = live->len > 0
                ? confer_board_element_get_string (g_ptr_array_index (live, live->len - 1), CONFER_BOARD_PROP_INDEX)
                : NULL;
              g_autofree char *key = confer_fractional_index_between_for (last, NULL, peer->name, NULL);
              g_autoptr(ConferBoardElement) element = rect (id, key);

              confer_board_tx_add (tx, element);
              local (peer, tx);
            }
          else if (action < 8)
            {
              ConferBoardElement *target = g_ptr_array_index (live, g_rand_int_range (rand, 0, live->len));
              ConferBoardTx *tx = confer_board_tx_new ();

              switch (action)
                {
                case 3:
                case 4:
                  confer_board_tx_set_number (tx, target->id, CONFER_BOARD_PROP_X, g_rand_int_range (rand, -500, 500));
                  confer_board_tx_set_number (tx, target->id, CONFER_BOARD_PROP_Y, g_rand_int_range (rand, -500, 500));
                  break;
                case 5:
                  confer_board_tx_set_string (tx, target->id, CONFER_BOARD_PROP_STROKE_COLOR,
                                              colours[g_rand_int_range (rand, 0, G_N_ELEMENTS (colours))]);
                  break;
                case 6:
                  {
                    ConferBoardElement *other = g_ptr_array_index (live, g_rand_int_range (rand, 0, live->len));
                    const char *below = confer_board_element_get_string (other, CONFER_BOARD_PROP_INDEX);
                    g_autofree char *key = confer_fractional_index_between (below, NULL, NULL);

                    confer_board_tx_reorder (tx, target->id, key);
                    break;
                  }
                default:
                  confer_board_tx_delete (tx, target->id);
                  break;
                }
              local (peer, tx);
            }
          else if (action == 8)
            confer_board_client_undo (peer->client, NULL);
          else
            confer_board_client_redo (peer->client, NULL);
          peer_send (peer);

          /* The network: some transactions reach the server, some
           * clients hear some of what it committed. */
          for (guint k = g_rand_int_range (rand, 0, 3); k > 0; k--)
            {
              Peer *from = &peers[g_rand_int_range (rand, 0, n)];

              if (from->outbox.length > 0)
                server_receive (&server, from);
            }
          for (guint k = g_rand_int_range (rand, 0, 3); k > 0; k--)
            {
              Peer *to = &peers[g_rand_int_range (rand, 0, n)];

              if (to->delivered < server.log->len)
                peer_receive (&server, to);
            }
        }

      settle (&server, peers, n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *difference = NULL;

          if (!confer_board_equal (confer_board_client_get_view (peers[i].client), server.board, &difference))
            g_error ("round %u, client %u: %s", round, i, difference);
          g_assert_cmpuint (confer_board_client_get_n_pending (peers[i].client), ==, 0);
          peer_clear (&peers[i]);
        }
      g_free (peers);
      server_clear (&server);
    }
}

/* An element holds exactly its type's values; the common ones are shared
 * without reference counting, and copies share the rest. */
static void
test_element_values (void)
{
  g_autoptr(ConferBoardElement) r = rect ("r1", "a0");
  g_autoptr(ConferBoardElement) copy = NULL;
  g_autoptr(ConferBoardElement) read = NULL;
  g_autoptr(JsonNode) node = parse ("{\"id\": \"r2\", \"type\": \"rectangle\", \"index\": \"a1\", \"groupIds\": [],"
                                    " \"strokeColor\": \"#e03131\", \"link\": \"https://example.org\"}");
  g_autoptr(GError) error = NULL;
  const ConferBoardValue *v;

  /* A property the type lacks reads as absent. */
  g_assert_cmpint (confer_board_element_get (r, CONFER_BOARD_PROP_TEXT)->kind, ==, CONFER_BOARD_VALUE_ABSENT);
  g_assert_null (confer_board_element_get_string (r, CONFER_BOARD_PROP_TEXT));
  g_assert_cmpuint (confer_board_element_get_size (r), ==, sizeof (ConferBoardElement) + 22 * sizeof (ConferBoardValue));

  /* Defaults and common strings are static. */
  v = confer_board_element_get (r, CONFER_BOARD_PROP_GROUP_IDS);
  g_assert_cmpint (v->kind, ==, CONFER_BOARD_VALUE_JSON);
  g_assert_true (v->is_static);
  g_assert_true (confer_board_element_get (r, CONFER_BOARD_PROP_STROKE_COLOR)->is_static);
  g_assert_false (confer_board_element_get (r, CONFER_BOARD_PROP_INDEX)->is_static);

  read = confer_board_element_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_true (confer_board_element_get (read, CONFER_BOARD_PROP_GROUP_IDS)->json ==
                 confer_board_element_get (r, CONFER_BOARD_PROP_GROUP_IDS)->json);
  g_assert_true (confer_board_element_get (read, CONFER_BOARD_PROP_STROKE_COLOR)->is_static);
  g_assert_cmpstr (confer_board_element_get_string (read, CONFER_BOARD_PROP_LINK), ==, "https://example.org");

  /* A copy shares the heap values and changes without touching the
   * original. */
  copy = confer_board_element_copy (read);
  g_assert_true (confer_board_element_equal (copy, read));
  g_assert_true (confer_board_element_get_string (copy, CONFER_BOARD_PROP_LINK) ==
                 confer_board_element_get_string (read, CONFER_BOARD_PROP_LINK));
  confer_board_element_set_string (copy, CONFER_BOARD_PROP_LINK, "https://example.com");
  confer_board_element_set_number (copy, CONFER_BOARD_PROP_X, 42);
  g_assert_cmpstr (confer_board_element_get_string (read, CONFER_BOARD_PROP_LINK), ==, "https://example.org");
  g_assert_cmpstr (confer_board_element_get_string (copy, CONFER_BOARD_PROP_LINK), ==, "https://example.com");
  g_assert_cmpfloat (confer_board_element_get_number (read, CONFER_BOARD_PROP_X), ==, 0);
  g_assert_cmpfloat (confer_board_element_get_number (copy, CONFER_BOARD_PROP_X), ==, 42);
  g_assert_false (confer_board_element_equal (copy, read));
}

int
main (int    argc,
      char **argv)
{
  guint rounds = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 300;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/board/validation", test_validation);
  g_test_add_func ("/board/round-trip", test_round_trip);
  g_test_add_func ("/board/element-values", test_element_values);
  g_test_add_func ("/board/atomic", test_atomic);
  g_test_add_func ("/board/rebase", test_rebase);
  g_test_add_func ("/board/delete-wins", test_delete_wins);
  g_test_add_func ("/board/reorder-and-move", test_reorder_and_move);
  g_test_add_func ("/board/undo-is-per-user", test_undo_is_per_user);
  g_test_add_data_func ("/board/convergence", GUINT_TO_POINTER (rounds), test_convergence);
  return g_test_run ();
}
