/* bench-chat-fill.c: fills a session's chat through conferd, as fast as
 * the server takes the messages, for the chat benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-chat-fill LINK MESSAGES [SEED]
 *
 * AUTHORS participants join the session (ConferClient, over the link's
 * WebSocket, TLS or not as the link says) and send MESSAGES `chat.send`s
 * between them, the texts of bench-chat-words.h drawn from SEED (1 unless
 * given) in turn. They do not open the chat, so each gets only its own
 * `chat.ack`s (the broadcast of 100,000 messages to the fillers would
 * measure the fillers); each keeps WINDOW messages on their way — sending
 * the next as one is acknowledged — so that the server always has work:
 * its group commit takes what came in one transaction. Every message is
 * acknowledged, so committed, before this program ends.
 *
 * Prints one JSON line: the messages, the seconds and the rate.
 */
#include "config.h"

#include <stdio.h>

#include "bench-chat-words.h"
#include "confer-client-private.h"   /* confer_client_request_async() */
#include "confer-test-server.h"

#define AUTHORS 8
#define WINDOW  64

typedef struct _Fill Fill;

typedef struct
{
  Fill         *fill;
  ConferClient *client;
} Author;

struct _Fill
{
  guint         n;
  guint         issued;
  guint         answered;
  GString      *text;
  double       *cumulative;
  guint32       state;
};

static void send_one (Author *author);

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Author *author = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_client_request_finish (CONFER_CLIENT (source), result, &error);

  if (answer == NULL)
    g_error ("conferd refused a message: %s", error->message);
  if (!g_str_equal (confer_message_get_type_name (answer), "chat.ack"))
    g_error ("conferd answered a message with %s", confer_message_get_type_name (answer));
  author->fill->answered++;
  if (author->fill->issued < author->fill->n)
    send_one (author);
}

static void
send_one (Author *author)
{
  Fill *fill = author->fill;
  g_autoptr(ConferMessage) message = confer_message_new ("chat.send");

  g_string_truncate (fill->text, 0);
  bench_chat_text (fill->text, fill->cumulative, &fill->state, NULL);
  json_object_set_string_member (confer_message_get_object (message), "text", fill->text->str);
  fill->issued++;
  confer_client_request_async (author->client, message, NULL, answered_cb, author);
}

int
main (int    argc,
      char **argv)
{
  Fill fill = { 0, };
  Author authors[AUTHORS];
  guint64 n, seed = 1;
  gint64 start;
  double seconds;

  if (argc < 3 || argc > 4 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT32, &n, NULL) ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT32, &seed, NULL)))
    {
      fprintf (stderr, "Usage: bench-chat-fill LINK MESSAGES [SEED]\n");
      return 2;
    }
  fill.n = n;
  fill.state = seed;
  fill.text = g_string_new (NULL);
  fill.cumulative = bench_chat_zipf_table (G_N_ELEMENTS (bench_chat_english));
  for (guint a = 0; a < AUTHORS; a++)
    {
      g_autofree char *name = g_strdup_printf ("Author %u", a + 1);

      authors[a].fill = &fill;
      authors[a].client = confer_test_client_new (argv[1], name);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < WINDOW; i++)
    for (guint a = 0; a < AUTHORS && fill.issued < fill.n; a++)
      send_one (&authors[a]);
  while (fill.answered < fill.n)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  printf ("{\"mode\":\"chat-fill\",\"messages\":%u,\"authors\":%u,\"window\":%u,\"seconds\":%.1f,\"per_s\":%.0f}\n",
          fill.n, AUTHORS, WINDOW, seconds, fill.n / seconds);

  for (guint a = 0; a < AUTHORS; a++)
    g_object_unref (authors[a].client);
  g_free (fill.cumulative);
  g_string_free (fill.text, TRUE);
  return 0;
}
