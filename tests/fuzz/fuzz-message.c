/* fuzz-message.c: libFuzzer target for the protocol message decoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds arbitrary frames through what conferd does with an incoming one:
 * decode, read the members handlers read, parse and apply a text
 * operation, and read, check and apply a board transaction (`ops`).
 * Run with -max_len of at least the pre-hello frame limit (tests/run-all.sh
 * uses 256 KiB, room for the 200 KB frame nested 100,000 deep that once
 * crashed conferd, which the seed corpus holds).
 */
#include "config.h"

#include "confer-core.h"

static const char *string_members[] = { "doc", "title", "name", "role", "session", "invite", "token" };
static const char *uint_members[] = { "rev", "anchor", "head", "expires_in", "uses", "version" };

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* A board with an element of a few types, for transactions to name. */
static ConferBoard *
small_board (void)
{
  static const struct { const char *id; ConferBoardElementType type; const char *index; } seeds[] = {
    { "r1", CONFER_BOARD_ELEMENT_RECTANGLE, "a0" },
    { "t1", CONFER_BOARD_ELEMENT_TEXT, "a1" },
    { "f1", CONFER_BOARD_ELEMENT_FREEDRAW, "a2" },
    { "i1", CONFER_BOARD_ELEMENT_IMAGE, "a3" },
  };
  ConferBoard *board = confer_board_new ();

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autoptr(ConferBoardElement) element = confer_board_element_new (seeds[i].type, seeds[i].id);

      confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, seeds[i].index);
      confer_board_put (board, element);
    }
  return board;
}

/* What conferd does with `board.tx`: read, check, apply; then every
 * element it touched reads back from what the server would store. */
static void
board_tx (ConferMessage *message)
{
  JsonArray *ops = NULL;
  g_autoptr(ConferBoardTx) tx = NULL;
  g_autoptr(ConferBoard) board = NULL;
  g_autoptr(GHashTable) touched = NULL;
  GHashTableIter iter;
  gpointer id;

  if (!confer_message_read_array (message, "ops", TRUE, CONFER_BOARD_MAX_OPS, &ops, NULL) ||
      (tx = confer_board_tx_from_json (ops, NULL)) == NULL)
    return;
  board = small_board ();
  if (!confer_board_check_tx (board, tx, NULL))
    return;
  touched = confer_board_touched_new ();
  confer_board_apply_tx (board, tx, touched);
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      ConferBoardElement *element = confer_board_lookup (board, id);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(ConferBoardElement) back = NULL;

      if (element == NULL)
        continue;
      object = confer_board_element_to_json (element);
      back = confer_board_element_from_json (object, NULL);
      g_assert (back != NULL && confer_board_element_equal (back, element));
    }
}

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
      board_tx (message);
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
