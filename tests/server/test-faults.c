/* test-server-faults.c: clients editing through a real conferd while
 * their connections drop and come back at random
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Phase 1 only inserts, each client from its own alphabet, so the final
 * text must hold every inserted character exactly once: a txn applied
 * twice or lost shows up in the count. Phase 2 mixes deletes and
 * replacements; all replicas must converge with the server.
 */
#include "config.h"

#include "confer-test-server.h"

#define N_CLIENTS 6
#define N_EDITS   400

static const char *alphabets[N_CLIENTS][3] = {
  { "a", "é", "😀" }, { "b", "中", "👩‍💻" }, { "c", "ü", "𝄞" },
  { "d", "文", "🇫🇷" }, { "e", "ñ", "🤖" }, { "f", "字", "e\u0301" },
};

typedef struct
{
  ConferTestServer *server;
  ConferClient     *clients[N_CLIENTS];
  ConferClientDoc  *docs[N_CLIENTS];
  char             *doc_id;
  GRand            *rand;
  GHashTable       *inserted;   /* code point -> count */
} Fixture;

static void
count_inserted (Fixture    *f,
                const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->inserted, GUINT_TO_POINTER (c)));

      g_hash_table_insert (f->inserted, GUINT_TO_POINTER (c), GUINT_TO_POINTER (n + 1));
    }
}

static ConferTextOp *
random_edit (Fixture  *f,
             guint     client,
             gboolean  inserts_only)
{
  gsize length = confer_rope_get_length (confer_client_doc_get_rope (f->docs[client]));
  gsize pos = g_rand_int_range (f->rand, 0, length + 1);
  g_autoptr(ConferTextOp) op = confer_text_op_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  gsize n_delete = 0;

  if (!inserts_only && pos < length && g_rand_boolean (f->rand))
    n_delete = g_rand_int_range (f->rand, 1, MIN (length - pos, 5) + 1);
  for (guint n = g_rand_int_range (f->rand, inserts_only ? 1 : 0, 4); n > 0; n--)
    g_string_append (text, alphabets[client][g_rand_int_range (f->rand, 0, 3)]);
  if (n_delete == 0 && text->len == 0)
    g_string_append (text, alphabets[client][0]);

  confer_text_op_skip (op, pos);
  confer_text_op_delete (op, n_delete);
  confer_text_op_insert (op, text->str, text->len, g_utf8_strlen (text->str, -1));
  confer_text_op_trim (op);
  if (inserts_only)
    count_inserted (f, text->str);
  return g_steal_pointer (&op);
}

static void
run_phase (Fixture  *f,
           gboolean  inserts_only)
{
  g_autoptr(GError) error = NULL;
  guint drops = 0;

  for (guint e = 0; e < N_EDITS; e++)
    {
      guint c = g_rand_int_range (f->rand, 0, N_CLIENTS);
      g_autoptr(ConferTextOp) op = NULL;

      /* Edits go on while offline: they wait in the client's state machine. */
      if (confer_client_doc_is_ready (f->docs[c]))
        {
          op = random_edit (f, c, inserts_only);
          g_assert_true (confer_client_doc_apply_local (f->docs[c], op, &error));
          g_assert_no_error (error);
        }

      if (g_rand_int_range (f->rand, 0, 25) == 0)
        {
          confer_client_drop_connection (f->clients[g_rand_int_range (f->rand, 0, N_CLIENTS)]);
          drops++;
        }
      for (guint spin = g_rand_int_range (f->rand, 0, 4); spin > 0; spin--)
        g_main_context_iteration (NULL, FALSE);
    }

  /* Stop dropping; everyone reconnects and catches up. */
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      confer_client_wait_online (f->clients[c], 30000, &error);
      g_assert_no_error (error);
      confer_client_doc_wait (f->docs[c], TRUE, 30000, &error);
      g_assert_no_error (error);
    }
  g_test_message ("%u connections dropped", drops);
  g_assert_cmpuint (drops, >, 0);
}

static char *
server_text (Fixture *f)
{
  g_autoptr(ConferClient) reader = confer_test_client_new (f->server->link, "Reader");
  ConferClientDoc *doc = confer_client_open_doc (reader, f->doc_id);
  g_autoptr(GError) error = NULL;

  confer_client_doc_wait (doc, FALSE, 15000, &error);
  g_assert_no_error (error);
  return confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
}

/* Waits until every client holds the server's revision. */
static void
assert_converged (Fixture    *f,
                  const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gboolean same = FALSE;

  while (!same && g_get_monotonic_time () < deadline)
    {
      same = TRUE;
      for (guint c = 0; c < N_CLIENTS && same; c++)
        {
          g_autofree char *text = confer_rope_to_string (confer_client_doc_get_rope (f->docs[c]), NULL);

          same = g_str_equal (text, expected);
        }
      if (!same)
        g_main_context_iteration (NULL, TRUE);
    }
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      g_autofree char *text = confer_rope_to_string (confer_client_doc_get_rope (f->docs[c]), NULL);

      g_assert_cmpstr (text, ==, expected);
    }
}

static void
test_faults (void)
{
  Fixture f = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *editor = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  f.server = confer_test_server_start (TRUE);
  f.rand = g_rand_new_with_seed (7);
  f.inserted = g_hash_table_new (NULL, NULL);
  f.clients[0] = confer_test_client_new (f.server->link, "Client 0");
  f.doc_id = confer_test_create_doc (f.clients[0], "Faults");
  editor = confer_test_invite (f.clients[0], "editor", 0, 0, NULL);
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      g_autofree char *name = g_strdup_printf ("Client %u", c);

      if (c > 0)
        f.clients[c] = confer_test_client_new (editor, name);
      f.docs[c] = confer_client_open_doc (f.clients[c], f.doc_id);
      confer_client_doc_wait (f.docs[c], FALSE, 15000, &error);
      g_assert_no_error (error);
    }

  /* Phase 1: every inserted character is there exactly once. */
  run_phase (&f, TRUE);
  text = server_text (&f);
  assert_converged (&f, text);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_hash_table_insert (found, GUINT_TO_POINTER (c),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (found, GUINT_TO_POINTER (c))) + 1));
    }
  g_assert_cmpuint (g_hash_table_size (found), ==, g_hash_table_size (f.inserted));
  g_hash_table_iter_init (&iter, f.inserted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (found, key)), ==, GPOINTER_TO_UINT (value));
  g_test_message ("phase 1: %ld code points, each inserted once", g_utf8_strlen (text, -1));

  /* Phase 2: inserts, deletes and replacements converge. */
  run_phase (&f, FALSE);
  g_clear_pointer (&text, g_free);
  text = server_text (&f);
  assert_converged (&f, text);
  g_test_message ("phase 2: converged on %ld code points", g_utf8_strlen (text, -1));

  for (guint c = 0; c < N_CLIENTS; c++)
    g_object_unref (f.clients[c]);
  g_hash_table_unref (f.inserted);
  g_rand_free (f.rand);
  g_free (f.doc_id);
  confer_test_server_free (f.server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/faults/drops", test_faults);
  return g_test_run ();
}
