/* fuzz-message.c: libFuzzer target for the protocol message decoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds arbitrary frames through what conferd does with an incoming one:
 * decode, read the members handlers read, parse and apply an operation.
 * Run with -max_len of at least the pre-hello frame limit (tests/run-all.sh
 * uses 256 KiB, room for the 200 KB frame nested 100,000 deep that once
 * crashed conferd, which the seed corpus holds).
 */
#include "config.h"

#include "confer-core.h"

static const char *string_members[] = { "doc", "title", "name", "role", "session", "invite", "token" };
static const char *uint_members[] = { "rev", "anchor", "head", "expires_in", "uses", "version" };

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(ConferMessage) message = NULL;

  /* A critical is a crash in waiting. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  message = confer_message_decode ((const char *) data, size, CONFER_PROTOCOL_MAX_FRAME, NULL);

  if (message != NULL)
    {
      g_autoptr(ConferTextOp) op = confer_message_read_op (message, "op", NULL);
      g_autofree char *encoded = confer_message_encode (message, NULL);

      g_assert (encoded != NULL);
      for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
        {
          const char *value;

          confer_message_read_string (message, string_members[i], FALSE, 200, &value, NULL);
        }
      {
        gboolean peek;

        confer_message_read_boolean (message, "peek", &peek, NULL);
      }
      for (guint i = 0; i < G_N_ELEMENTS (uint_members); i++)
        {
          guint64 value;

          confer_message_read_uint (message, uint_members[i], FALSE, G_MAXINT64, &value, NULL);
        }
      if (op != NULL)
        {
          g_autoptr(ConferRope) rope = confer_rope_new_from_text ("héllo 中文 😀 world", -1, NULL);
          g_autoptr(ConferTextOp) left = confer_text_op_transform (op, op, CONFER_TEXT_LEFT);
          g_autofree char *back = confer_text_op_to_string (op);
          g_autoptr(ConferTextOp) parsed = confer_text_op_new_from_string (back, NULL);

          /* What the server sends out, it can read back. */
          g_assert (parsed != NULL && confer_text_op_equal (parsed, op));
          g_assert (left != NULL);
          if (confer_text_op_apply (op, rope, NULL))
            g_assert (confer_rope_check (rope));
        }
    }
  return 0;
}
