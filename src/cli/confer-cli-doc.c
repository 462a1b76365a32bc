/* confer-cli-doc.c: confer-cli cat and put
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-cli-doc"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "confer-cli.h"

static ConferClientDoc *
open_doc (const char     *link,
          const char     *doc_name,
          gboolean        create,
          ConferClient  **client_out,
          GError        **error)
{
  g_autoptr(ConferClient) client = confer_cli_connect (link, NULL, error);
  const char *id;
  ConferClientDoc *doc;

  if (client == NULL || (id = confer_cli_ensure_doc (client, doc_name, create, error)) == NULL)
    return NULL;
  doc = confer_client_open_doc (client, id);
  if (!confer_client_doc_wait (doc, FALSE, CONFER_CLI_TIMEOUT_MS, error))
    return NULL;
  *client_out = g_steal_pointer (&client);
  return doc;
}

/**
 * confer_cli_cat:
 * @argc: argument count, argv[0] being "cat"
 * @argv: arguments: LINK DOC
 *
 * Prints a document's text (DOC is its id or title).
 *
 * Returns: the exit status
 */
int
confer_cli_cat (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK DOC — print a document");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ConferClientDoc *doc;
  gsize n_bytes;

  if (!confer_cli_parse (context, "cat", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      fprintf (stderr, "Usage: confer-cli cat LINK DOC\n");
      return 2;
    }
  doc = open_doc (argv[1], argv[2], FALSE, &client, &error);
  if (doc == NULL)
    {
      fprintf (stderr, "confer-cli cat: %s\n", error->message);
      return 1;
    }
  text = confer_rope_to_string (confer_client_doc_get_rope (doc), &n_bytes);
  fwrite (text, 1, n_bytes, stdout);
  return 0;
}

/* The smallest single change from @old to @new: keep the common prefix and
 * suffix (in code points), replace what lies between. */
static ConferTextOp *
minimal_op (const char *old,
            const char *new)
{
  ConferTextOp *op = confer_text_op_new ();
  const char *o = old, *n = new;
  const char *o_end = old + strlen (old), *n_end = new + strlen (new);
  gsize prefix = 0, o_mid, n_mid;

  while (o < o_end && n < n_end && g_utf8_get_char (o) == g_utf8_get_char (n))
    {
      o = g_utf8_next_char (o);
      n = g_utf8_next_char (n);
      prefix++;
    }
  while (o_end > o && n_end > n)
    {
      const char *op_ = g_utf8_find_prev_char (o, o_end);
      const char *np = g_utf8_find_prev_char (n, n_end);

      if (op_ == NULL || np == NULL || g_utf8_get_char (op_) != g_utf8_get_char (np))
        break;
      o_end = op_;
      n_end = np;
    }
  o_mid = g_utf8_strlen (o, o_end - o);
  n_mid = g_utf8_strlen (n, n_end - n);

  confer_text_op_skip (op, prefix);
  confer_text_op_delete (op, o_mid);
  confer_text_op_insert (op, n, n_end - n, n_mid);
  confer_text_op_trim (op);
  return op;
}

static void
refused_cb (ConferClientDoc *doc,
            const char      *code,
            const char      *message,
            gpointer         data)
{
  char **why = data;

  g_free (*why);
  *why = g_strdup_printf ("%s (%s)", message, code);
}

/**
 * confer_cli_put:
 * @argc: argument count, argv[0] being "put"
 * @argv: arguments: LINK DOC FILE
 *
 * Makes a document's text equal to a file's with one minimal change
 * (creating the document if the session has none by that name), and waits
 * until the server has committed it.
 *
 * Returns: the exit status
 */
int
confer_cli_put (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LINK DOC FILE — make a document equal to a file");
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  ConferClientDoc *doc;
  g_autofree char *refused = NULL;
  gsize length;

  if (!confer_cli_parse (context, "put", &argc, &argv))
    return 2;
  if (argc != 4)
    {
      fprintf (stderr, "Usage: confer-cli put LINK DOC FILE\n");
      return 2;
    }
  if (!g_file_get_contents (argv[3], &contents, &length, &error))
    {
      fprintf (stderr, "confer-cli put: %s\n", error->message);
      return 1;
    }
  if (!g_utf8_validate_len (contents, length, NULL) || memchr (contents, '\0', length) != NULL)
    {
      fprintf (stderr, "confer-cli put: %s is not UTF-8 text\n", argv[3]);
      return 1;
    }

  doc = open_doc (argv[1], argv[2], TRUE, &client, &error);
  if (doc == NULL)
    {
      fprintf (stderr, "confer-cli put: %s\n", error->message);
      return 1;
    }
  g_signal_connect (doc, "refused", G_CALLBACK (refused_cb), &refused);
  text = confer_rope_to_string (confer_client_doc_get_rope (doc), NULL);
  op = minimal_op (text, contents);
  if (!confer_client_doc_apply_local (doc, op, &error) ||
      !confer_client_doc_wait (doc, TRUE, CONFER_CLI_TIMEOUT_MS, &error))
    {
      fprintf (stderr, "confer-cli put: %s\n", error->message);
      return 1;
    }
  if (refused != NULL)
    {
      fprintf (stderr, "confer-cli put: the server refused the change: %s\n", refused);
      return 1;
    }
  return 0;
}
