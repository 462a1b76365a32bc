/* test-ot-convergence.c: many clients, random edits, random delivery order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-ot-convergence [ROUNDS]  (default 10000)
 */
#include "config.h"

#include "confer-core.h"

static guint n_rounds = 10000;

static const char *alphabet[] = { "a", "b", "c", " ", "\n", "é", "中", "文", "😀", "👩‍💻", "e\u0301", "𝄞" };

static char *
random_text (GRand *rand,
             guint  max)
{
  GString *s = g_string_new (NULL);

  for (guint n = g_rand_int_range (rand, 1, max + 1); n > 0; n--)
    g_string_append (s, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
  return g_string_free (s, FALSE);
}

/* An insert, a delete or both, somewhere in a document of @length code
 * points, the way a user types, deletes a selection or replaces it. */
static ConferTextOp *
random_op (GRand *rand,
           gsize  length)
{
  ConferTextOp *op = confer_text_op_new ();
  gsize pos = g_rand_int_range (rand, 0, length + 1);
  guint kind = g_rand_int_range (rand, 0, 3);
  gsize n_delete = 0;

  if (kind != 0 && pos < length)
    n_delete = g_rand_int_range (rand, 1, MIN (length - pos, 8) + 1);

  confer_text_op_skip (op, pos);
  confer_text_op_delete (op, n_delete);
  if (kind != 1 || n_delete == 0)
    {
      g_autofree char *text = random_text (rand, 5);

      confer_text_op_insert (op, text, strlen (text), g_utf8_strlen (text, -1));
    }
  confer_text_op_trim (op);
  return op;
}

static void
assert_cursors_inside (ConferOtSimulation *sim)
{
  for (guint c = 0; c < confer_ot_simulation_get_n_clients (sim); c++)
    g_assert_cmpuint (confer_ot_simulation_get_cursor (sim, c), <=,
                      confer_rope_get_length (confer_ot_simulation_get_client_rope (sim, c)));
}

static void
run_round (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *initial = g_rand_boolean (rand) ? random_text (rand, 20) : g_strdup ("");
  guint n_clients = g_rand_int_range (rand, 3, 9);
  g_autoptr(ConferOtSimulation) sim = confer_ot_simulation_new (n_clients, initial, seed);
  g_autoptr(GError) error = NULL;
  guint n_edits = g_rand_int_range (rand, 5, 40);
  g_autofree char *server_text = NULL;

  for (guint e = 0; e < n_edits; e++)
    {
      guint c = g_rand_int_range (rand, 0, n_clients);
      ConferRope *rope = confer_ot_simulation_get_client_rope (sim, c);
      g_autoptr(ConferTextOp) op = random_op (rand, confer_rope_get_length (rope));

      if (g_rand_int_range (rand, 0, 4) == 0)
        confer_ot_simulation_set_cursor (sim, c, g_rand_int_range (rand, 0, confer_rope_get_length (rope) + 1));
      g_assert_true (confer_ot_simulation_edit (sim, c, op, e, &error));
      g_assert_no_error (error);

      for (guint steps = g_rand_int_range (rand, 0, 6); steps > 0; steps--)
        {
          g_assert_true (confer_ot_simulation_step (sim, &error));
          g_assert_no_error (error);
          assert_cursors_inside (sim);
        }
    }

  g_assert_true (confer_ot_simulation_flush (sim, &error));
  g_assert_no_error (error);
  assert_cursors_inside (sim);

  if (!confer_ot_simulation_is_converged (sim))
    {
      server_text = confer_rope_to_string (confer_ot_server_get_rope (confer_ot_simulation_get_server (sim)), NULL);
      for (guint c = 0; c < n_clients; c++)
        {
          g_autofree char *text = confer_rope_to_string (confer_ot_simulation_get_client_rope (sim, c), NULL);

          g_test_message ("seed %u client %u: %s", seed, c, text);
        }
      g_test_message ("seed %u server: %s", seed, server_text);
      g_test_fail ();
    }
}

static void
test_convergence (void)
{
  for (guint32 seed = 1; seed <= n_rounds && !g_test_failed (); seed++)
    run_round (seed);
  g_test_message ("%u rounds converged", n_rounds);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    n_rounds = g_ascii_strtoull (argv[1], NULL, 10);
  g_test_add_func ("/ot/convergence", test_convergence);
  return g_test_run ();
}
