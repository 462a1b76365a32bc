/* fuzz-client-frame.c: libFuzzer target for what the client library (the
 * app's and confer-cli's) does with the server's frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fresh client is welcomed into a session, opens a document and gets its
 * text; then the input, split at newlines into frames, arrives as if from
 * the server. A broken or hostile server must not crash the client.
 */
#include "config.h"

#include <string.h>

#include "confer-client-private.h"
#include "confer-net.h"

#define DOC "FuzzDocumentAAAA"

static const char welcome[] =
  "{\"type\": \"welcome\", \"version\": 1, \"session\": {\"id\": \"FuzzSessionAAAAA\", \"title\": \"Fuzz\"}, "
  "\"you\": {\"id\": \"p\", \"name\": \"Ann\", \"colour\": \"#3584e4\", \"role\": \"editor\", \"online\": true}, "
  "\"participants\": [{\"id\": \"p\", \"name\": \"Ann\", \"colour\": \"#3584e4\", \"role\": \"editor\", \"online\": true}], "
  "\"docs\": [{\"id\": \"" DOC "\", \"title\": \"Notes\"}]}";
static const char snapshot[] =
  "{\"type\": \"doc.snapshot\", \"doc\": \"" DOC "\", \"rev\": 1, \"text\": \"héllo wörld 😀\"}";

static void
drop_log (const char     *domain,
          GLogLevelFlags  level,
          const char     *message,
          gpointer        data)
{
}

static void
receive (ConferClient *client,
         const char   *text,
         gsize         n_bytes)
{
  g_autoptr(GBytes) frame = g_bytes_new (text, n_bytes);

  confer_connection_receive (confer_client_get_connection (client), frame);
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean initialized;
  static ConferLink link = { .host = (char *) "127.0.0.1", .port = 9, .session = (char *) "FuzzSessionAAAAA",
                             .invite = (char *) "FuzzInviteAAAAAAAAAAAA" };
  g_autoptr(ConferClient) client = NULL;
  const char *text = (const char *) data;
  gsize start = 0;

  if (!initialized)
    {
      /* The client warns about every bad frame; that is its job, not noise
       * for the fuzzer's output. */
      g_log_set_handler ("confer-connection", G_LOG_LEVEL_WARNING, drop_log, NULL);
      g_log_set_handler ("confer-client", G_LOG_LEVEL_WARNING, drop_log, NULL);
      g_log_set_handler ("confer-client-doc", G_LOG_LEVEL_WARNING, drop_log, NULL);
      g_log_set_handler ("confer-client-call", G_LOG_LEVEL_WARNING, drop_log, NULL);
      /* A critical is a crash in waiting. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      initialized = TRUE;
    }

  client = confer_client_new (&link, "Ann");
  receive (client, welcome, strlen (welcome));
  confer_client_open_doc (client, DOC);
  receive (client, snapshot, strlen (snapshot));
  for (gsize i = 0; i <= size; i++)
    if (i == size || text[i] == '\n')
      {
        receive (client, text + start, i - start);
        start = i + 1;
      }
  return 0;
}
