/* bench-board-memory.c: what a board of many elements costs conferd in
 * memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-board-memory [ELEMENTS]   ($CONFERD names the server program)
 *
 * Starts conferd, makes a board, and has one client add ELEMENTS (50,000
 * by default) elements in transactions of 1,000, each one as people draw
 * them: rectangles, ellipses and texts with a few properties set, and one
 * in five a freehand stroke of 40 points with pressures. conferd's
 * resident memory is read before the board exists and once every
 * element is acknowledged; and after a restart, before and after a
 * participant opens the board (loaded from the store). Prints one JSON
 * line: the element count, the RSS figures in KiB and the bytes per
 * element, live and loaded.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "confer-test-server.h"

#define PER_TX 1000

static ConferBoardElement *
element_for (guint  i,
             const char *key)
{
  g_autofree char *id = g_strdup_printf ("m%u", i);
  ConferBoardElementType type = i % 5 == 4 ? CONFER_BOARD_ELEMENT_FREEDRAW
                              : i % 5 == 3 ? CONFER_BOARD_ELEMENT_TEXT
                              : i % 2 == 0 ? CONFER_BOARD_ELEMENT_RECTANGLE : CONFER_BOARD_ELEMENT_ELLIPSE;
  ConferBoardElement *element = confer_board_element_new (type, id);

  confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, key);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_X, (i % 300) * 40.5);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, (i / 300) * 40.25);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, 30 + i % 17);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, 20 + i % 13);
  confer_board_element_set_string (element, CONFER_BOARD_PROP_STROKE_COLOR, i % 3 == 0 ? "#1971c2" : "#1e1e1e");
  if (type == CONFER_BOARD_ELEMENT_TEXT)
    {
      g_autofree char *text = g_strdup_printf ("Idea number %u", i);

      confer_board_element_set_string (element, CONFER_BOARD_PROP_TEXT, text);
    }
  else if (type == CONFER_BOARD_ELEMENT_FREEDRAW)
    {
      double points[80], pressures[40];
      ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_DOUBLES };

      for (guint p = 0; p < 40; p++)
        {
          points[2 * p] = p * 1.5;
          points[2 * p + 1] = (p % 7) * 2.25;
          pressures[p] = 0.3 + (p % 5) * 0.1;
        }
      value.doubles = confer_board_doubles_new (points, 80);
      confer_board_element_take (element, CONFER_BOARD_PROP_POINTS, &value);
      value.kind = CONFER_BOARD_VALUE_DOUBLES;
      value.doubles = confer_board_doubles_new (pressures, 40);
      confer_board_element_take (element, CONFER_BOARD_PROP_PRESSURES, &value);
    }
  return element;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50000;
  g_autoptr(ConferTestServer) server = confer_test_server_start (TRUE);
  g_autoptr(ConferClient) client = confer_test_client_new (server->link, "Mem");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) item = NULL;
  g_auto(GStrv) keys = confer_fractional_index_n_between (NULL, NULL, n, NULL);
  ConferClientBoard *board;
  gsize before, after, restarted, reloaded;

  if ((item = confer_client_create_item (client, CONFER_ITEM_KIND_BOARD, "Memory", 15000, &error)) == NULL)
    g_error ("%s", error->message);
  board = confer_client_open_board (client, confer_item_get_id (item));
  if (!confer_client_board_wait (board, FALSE, 15000, &error))
    g_error ("%s", error->message);
  before = confer_test_rss_kib (atoi (g_subprocess_get_identifier (server->process)));

  for (guint first = 0; first < n; first += PER_TX)
    {
      g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();

      for (guint i = first; i < MIN (n, first + PER_TX); i++)
        {
          g_autoptr(ConferBoardElement) element = element_for (i, keys[i]);

          confer_board_tx_add (tx, element);
        }
      if (!confer_client_board_apply (board, tx, FALSE, &error) ||
          !confer_client_board_wait (board, TRUE, 60000, &error))
        g_error ("%s", error->message);
    }
  after = confer_test_rss_kib (atoi (g_subprocess_get_identifier (server->process)));
  g_clear_object (&client);

  /* Loaded from the store, as after a restart. */
  confer_test_server_kill (server);
  confer_test_server_restart (server);
  client = confer_test_client_new (server->link, "Mem again");
  restarted = confer_test_rss_kib (atoi (g_subprocess_get_identifier (server->process)));
  board = confer_client_open_board (client, confer_item_get_id (item));
  if (!confer_client_board_wait (board, FALSE, 60000, &error))
    g_error ("%s", error->message);
  g_assert_cmpuint (confer_board_get_n_live (confer_client_board_get_board (board)), ==, n);
  reloaded = confer_test_rss_kib (atoi (g_subprocess_get_identifier (server->process)));

  printf ("{\"elements\":%u,\"rss_before_kib\":%" G_GSIZE_FORMAT ",\"rss_after_kib\":%" G_GSIZE_FORMAT
          ",\"bytes_per_element\":%.0f,\"rss_restarted_kib\":%" G_GSIZE_FORMAT ",\"rss_loaded_kib\":%" G_GSIZE_FORMAT
          ",\"loaded_bytes_per_element\":%.0f}\n",
          n, before, after, ((double) after - before) * 1024.0 / n, restarted, reloaded,
          ((double) reloaded - restarted) * 1024.0 / n);
  return 0;
}
