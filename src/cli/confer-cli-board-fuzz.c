/* confer-cli-board-fuzz.c: confer-cli board fuzz — many participants
 * changing one board at once through a real server, then a check that
 * everyone ended with the server's board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-board-fuzz"

#include "config.h"

#include <stdio.h>

#include "confer-cli.h"

/* How long the clients may take to agree once every change is made, ms. */
#define SETTLE_TIMEOUT_MS 180000

static const char *const colours[] = { "#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00", "#6741d9", "#a5d8ff" };
static const ConferBoardElementType shapes[] = {
  CONFER_BOARD_ELEMENT_RECTANGLE, CONFER_BOARD_ELEMENT_ELLIPSE, CONFER_BOARD_ELEMENT_DIAMOND,
  CONFER_BOARD_ELEMENT_TEXT, CONFER_BOARD_ELEMENT_FREEDRAW,
};

typedef struct
{
  ConferClient      *client;
  ConferClientBoard *board;
  guint              counter;   /* elements this participant made */
} Participant;

static void
pump (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
set_number (ConferBoardElement *element,
            ConferBoardProp     prop,
            double              number)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NUMBER, .number = number };

  confer_board_element_set (element, prop, &value);
}

static ConferBoardElement *
new_element (GRand       *rand,
             const char  *id,
             const char  *index)
{
  ConferBoardElementType type = shapes[g_rand_int_range (rand, 0, G_N_ELEMENTS (shapes))];
  ConferBoardElement *element = confer_board_element_new (type, id);
  ConferBoardValue value;

  confer_board_value_set_string (&value, CONFER_BOARD_PROP_INDEX, index);
  confer_board_element_set (element, CONFER_BOARD_PROP_INDEX, &value);
  confer_board_value_clear (&value);
  set_number (element, CONFER_BOARD_PROP_X, g_rand_int_range (rand, -2000, 2000));
  set_number (element, CONFER_BOARD_PROP_Y, g_rand_int_range (rand, -2000, 2000));
  set_number (element, CONFER_BOARD_PROP_WIDTH, g_rand_int_range (rand, 10, 400));
  set_number (element, CONFER_BOARD_PROP_HEIGHT, g_rand_int_range (rand, 10, 400));
  if (type == CONFER_BOARD_ELEMENT_TEXT)
    {
      g_autofree char *text = g_strdup_printf ("Note %s ✎", id);

      confer_board_value_set_string (&value, CONFER_BOARD_PROP_TEXT, text);
      confer_board_element_set (element, CONFER_BOARD_PROP_TEXT, &value);
      confer_board_value_clear (&value);
    }
  else if (type == CONFER_BOARD_ELEMENT_FREEDRAW)
    {
      guint n = g_rand_int_range (rand, 2, 60);
      g_autofree double *points = g_new (double, 2 * n);
      g_autofree double *pressures = g_new (double, n);

      for (guint i = 0; i < n; i++)
        {
          points[2 * i] = i == 0 ? 0 : points[2 * i - 2] + g_rand_double_range (rand, -5, 5);
          points[2 * i + 1] = i == 0 ? 0 : points[2 * i - 1] + g_rand_double_range (rand, -5, 5);
          pressures[i] = g_rand_double (rand);
        }
      value.kind = CONFER_BOARD_VALUE_DOUBLES;
      value.is_static = FALSE;
      value.doubles = confer_board_doubles_new (points, 2 * n);
      confer_board_element_set (element, CONFER_BOARD_PROP_POINTS, &value);
      confer_board_value_clear (&value);
      value.kind = CONFER_BOARD_VALUE_DOUBLES;
      value.doubles = confer_board_doubles_new (pressures, n);
      confer_board_element_set (element, CONFER_BOARD_PROP_PRESSURES, &value);
      confer_board_value_clear (&value);
    }
  return element;
}

static const char *
key_of (GPtrArray *live,
        gint       i)
{
  return i >= 0 && (guint) i < live->len
    ? confer_board_element_get_string (g_ptr_array_index (live, i), CONFER_BOARD_PROP_INDEX) : NULL;
}

/* One random change by @p; FALSE if it had nothing to do (an undo with
 * nothing to undo…). */
static gboolean
change (Participant *p,
        GRand       *rand,
        GHashTable  *made)
{
  ConferBoard *view = confer_client_board_get_board (p->board);
  g_autoptr(GPtrArray) live = confer_board_list (view, FALSE);
  const char *me = confer_client_get_participant_id (p->client);
  g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();
  g_autoptr(GError) error = NULL;
  guint action = g_rand_int_range (rand, 0, 100);
  ConferBoardElement *target;

  if (action < 25 || live->len < 3)
    {
      /* On top, or between two neighbours, as people insert. */
      gint below = live->len == 0 ? -1 : g_rand_int_range (rand, -1, live->len);
      g_autofree char *key = confer_fractional_index_between_for (key_of (live, below), key_of (live, below + 1), me, NULL);
      g_autofree char *id = g_strdup_printf ("f%s-%u", me, ++p->counter);
      g_autoptr(ConferBoardElement) element = NULL;

      if (key == NULL)
        return FALSE;
      element = new_element (rand, id, key);
      confer_board_tx_add (tx, element);
      g_hash_table_add (made, g_strdup (id));
    }
  else if (action < 85)
    {
      target = g_ptr_array_index (live, g_rand_int_range (rand, 0, live->len));
      if (action < 50)
        {
          confer_board_tx_set_number (tx, target->id, CONFER_BOARD_PROP_X, g_rand_int_range (rand, -2000, 2000));
          confer_board_tx_set_number (tx, target->id, CONFER_BOARD_PROP_Y, g_rand_int_range (rand, -2000, 2000));
        }
      else if (action < 65)
        {
          confer_board_tx_set_string (tx, target->id, g_rand_boolean (rand) ? CONFER_BOARD_PROP_STROKE_COLOR
                                                                             : CONFER_BOARD_PROP_BACKGROUND_COLOR,
                                      colours[g_rand_int_range (rand, 0, G_N_ELEMENTS (colours))]);
          confer_board_tx_set_number (tx, target->id, CONFER_BOARD_PROP_OPACITY, g_rand_int_range (rand, 20, 101));
        }
      else if (action < 75)
        {
          gint below = g_rand_int_range (rand, -1, live->len);
          g_autofree char *key = confer_fractional_index_between_for (key_of (live, below), key_of (live, below + 1), me, NULL);

          if (key == NULL)
            return FALSE;
          confer_board_tx_reorder (tx, target->id, key);
        }
      else
        confer_board_tx_delete (tx, target->id);
    }
  else if (action < 93)
    return confer_client_board_undo (p->board);
  else
    return confer_client_board_redo (p->board);

  if (!confer_client_board_apply (p->board, tx, FALSE, &error))
    g_error ("A change this participant made does not fit its own board: %s", error->message);
  return TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
settled (Participant *participants,
         guint        n)
{
  for (guint i = 0; i < n; i++)
    if (confer_client_get_state (participants[i].client) != CONFER_CONNECTION_ONLINE ||
        !confer_client_board_is_ready (participants[i].board) ||
        confer_client_board_get_n_pending (participants[i].board) > 0 ||
        confer_client_board_get_seq (participants[i].board) != confer_client_board_get_seq (participants[0].board))
      return FALSE;
  return TRUE;
}

/* Runs the main loop until every participant is online with nothing
 * pending at the same sequence number, and stays so for a moment (a
 * broadcast may still be on its way). */
static gboolean
wait_settled (Participant *participants,
              guint        n)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) SETTLE_TIMEOUT_MS * 1000;
  gint64 quiet_since = 0;

  while (g_get_monotonic_time () < deadline)
    {
      gboolean tick = FALSE;

      g_timeout_add (20, timeout_cb, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
      if (!settled (participants, n))
        quiet_since = 0;
      else if (quiet_since == 0)
        quiet_since = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - quiet_since > 300 * 1000)
        return TRUE;
    }
  return FALSE;
}

/**
 * confer_cli_board_fuzz:
 * @argc: argument count, argv[0] being "fuzz"
 * @argv: arguments: LINK BOARD and the options
 *
 * `confer-cli board fuzz LINK BOARD --clients N --ops M [--seed S]
 * [--drop-connections]`: N participants, each its own connection, make M
 * changes between them — add (on top or between neighbours, with their
 * tie-broken keys), move, restyle, reorder, delete, undo, redo — as fast as
 * they can, picked by a seeded random source; with --drop-connections ten
 * times a random participant's connection is cut (it reconnects by
 * itself). Then every participant must end with the server's board (as a
 * new participant gets it), nothing pending, and every element anyone
 * added must be there (live or deleted). The last line is `converged N
 * clients, M ops in T ms: ok` or `: DIVERGED` (the first difference on
 * standard error); T runs from the first change to agreement.
 *
 * Returns: the exit status: 0 for ok, 1 otherwise
 */
int
confer_cli_board_fuzz (int    argc,
                       char **argv)
{
  gint clients = 4, ops = 1000;
  gint64 seed = 0;
  gboolean drop = FALSE;
  GOptionEntry entries[] = {
    { "clients", 'n', 0, G_OPTION_ARG_INT, &clients, "How many participants (1–64)", "N" },
    { "ops", 'm', 0, G_OPTION_ARG_INT, &ops, "How many changes between them", "M" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the random choices (a new one by default)", "S" },
    { "drop-connections", 'd', 0, G_OPTION_ARG_NONE, &drop, "Cut connections now and then", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK BOARD — change a board from many clients at once and check they agree");
  g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClient) reader = NULL;
  Participant *participants = NULL;
  ConferClientBoard *truth;
  gboolean ok = TRUE;
  gint64 start;
  guint done = 0;
  int status = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!confer_cli_parse (context, "board fuzz", &argc, &argv))
    return 2;
  if (argc != 3 || clients < 1 || clients > 64 || ops < 0)
    {
      fprintf (stderr, "Usage: confer-cli board fuzz LINK BOARD --clients N --ops M [--seed S] [--drop-connections]\n");
      return 2;
    }
  if (seed == 0)
    seed = g_get_real_time ();
  rand = g_rand_new_with_seed ((guint32) seed);
  fprintf (stderr, "board fuzz: seed %" G_GINT64_FORMAT "\n", seed);

  participants = g_new0 (Participant, clients);
  for (gint i = 0; i < clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("Fuzz %d", i + 1);

      if ((participants[i].client = confer_cli_connect (argv[1], name, &error)) == NULL ||
          (participants[i].board = confer_cli_open_board (participants[i].client, argv[2], &error)) == NULL)
        {
          fprintf (stderr, "confer-cli board fuzz: %s\n", error->message);
          goto out;
        }
    }

  start = g_get_monotonic_time ();
  while (done < (guint) ops)
    {
      Participant *p = &participants[g_rand_int_range (rand, 0, clients)];

      if (!confer_client_board_is_ready (p->board))
        {
          pump ();
          continue;
        }
      if (change (p, rand, made))
        done++;
      if (drop && ops >= 10 && done % (ops / 10) == 0 && done > 0)
        confer_client_drop_connection (participants[g_rand_int_range (rand, 0, clients)].client);
      pump ();
    }

  if (!wait_settled (participants, clients))
    {
      fprintf (stderr, "confer-cli board fuzz: the participants did not settle within %d s\n", SETTLE_TIMEOUT_MS / 1000);
      ok = FALSE;
    }

  /* The server's board, as someone arriving now gets it. */
  if (ok && ((reader = confer_cli_connect (argv[1], "Fuzz reader", &error)) == NULL ||
             (truth = confer_cli_open_board (reader, argv[2], &error)) == NULL))
    {
      fprintf (stderr, "confer-cli board fuzz: %s\n", error->message);
      goto out;
    }
  for (gint i = 0; ok && i < clients; i++)
    {
      g_autofree char *difference = NULL;

      if (!confer_board_equal (confer_client_board_get_board (participants[i].board), confer_client_board_get_board (truth),
                               &difference))
        {
          fprintf (stderr, "participant %d differs from the server: %s\n", i + 1, difference);
          ok = FALSE;
        }
    }
  if (ok)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, made);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        if (confer_board_lookup (confer_client_board_get_board (truth), id) == NULL)
          {
            fprintf (stderr, "element %s was added and is not on the server's board\n", (const char *) id);
            ok = FALSE;
          }
    }
  printf ("converged %d clients, %u ops in %.0f ms: %s\n", clients, done,
          (g_get_monotonic_time () - start) / 1000.0, ok ? "ok" : "DIVERGED");
  status = ok ? 0 : 1;

out:
  for (gint i = 0; i < clients; i++)
    g_clear_object (&participants[i].client);
  g_free (participants);
  return status;
}
