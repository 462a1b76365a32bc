/* test-ot-client.c: the client state machine and the server transform
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-core.h"

static void
assert_op (ConferTextOp *op,
           const char   *json)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (op);
  text = confer_text_op_to_string (op);
  g_assert_cmpstr (text, ==, json);
}

static void
apply_text (ConferRope *rope,
            ConferTextOp *op)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (confer_text_op_apply (op, rope, &error));
  g_assert_no_error (error);
}

static void
test_states (void)
{
  g_autoptr(ConferOtClient) client = confer_ot_client_new (7);
  g_autoptr(ConferTextOp) a = confer_text_op_new_insert (0, "a", -1);
  g_autoptr(ConferTextOp) b = confer_text_op_new_insert (1, "b", -1);
  g_autoptr(ConferTextOp) c = confer_text_op_new_insert (2, "c", -1);
  g_autoptr(ConferTextOp) sent = NULL;
  g_autoptr(ConferTextOp) next = NULL;

  g_assert_cmpint (confer_ot_client_get_state (client), ==, CONFER_OT_CLIENT_SYNCHRONIZED);
  sent = confer_ot_client_apply_local (client, a);
  assert_op (sent, "[\"a\"]");
  g_assert_cmpint (confer_ot_client_get_state (client), ==, CONFER_OT_CLIENT_AWAITING_ACK);

  g_assert_null (confer_ot_client_apply_local (client, b));
  g_assert_null (confer_ot_client_apply_local (client, c));
  g_assert_cmpint (confer_ot_client_get_state (client), ==, CONFER_OT_CLIENT_AWAITING_WITH_BUFFER);
  assert_op (confer_ot_client_get_buffer (client), "[1,\"bc\"]");

  next = confer_ot_client_apply_ack (client, 8);
  assert_op (next, "[1,\"bc\"]");
  g_assert_cmpuint (confer_ot_client_get_revision (client), ==, 8);
  g_assert_cmpint (confer_ot_client_get_state (client), ==, CONFER_OT_CLIENT_AWAITING_ACK);

  g_assert_null (confer_ot_client_apply_ack (client, 9));
  g_assert_cmpint (confer_ot_client_get_state (client), ==, CONFER_OT_CLIENT_SYNCHRONIZED);
  g_assert_cmpuint (confer_ot_client_get_revision (client), ==, 9);
}

/* A remote operation crossing the in-flight and buffered ones: the client's
 * text and the server's end equal, and a remote cursor maps correctly. */
static void
test_remote_against_pending (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferOtServer) server = confer_ot_server_new ("hello world", 0, &error);
  g_autoptr(ConferRope) local = confer_rope_new_from_text ("hello world", -1, NULL);
  g_autoptr(ConferOtClient) client = confer_ot_client_new (0);
  g_autoptr(ConferTextOp) inflight = confer_text_op_new_insert (5, ",", -1);
  g_autoptr(ConferTextOp) buffered = confer_text_op_new_delete (7, 5);      /* "world" */
  g_autoptr(ConferTextOp) remote = confer_text_op_new_insert (11, "!", -1);
  g_autoptr(ConferTextOp) sent = NULL;
  g_autoptr(ConferTextOp) to_apply = NULL;
  g_autoptr(ConferTextOp) next = NULL;
  g_autofree char *local_text = NULL;
  g_autofree char *server_text = NULL;

  apply_text (local, inflight);
  sent = confer_ot_client_apply_local (client, inflight);
  apply_text (local, buffered);
  g_assert_null (confer_ot_client_apply_local (client, buffered));

  /* Someone else's "!" is committed first. */
  g_assert_nonnull (confer_ot_server_submit (server, 0, remote, &error));
  g_assert_no_error (error);

  /* Their cursor after the "!" (server position 12) lands at the end of
   * our text, which has lost "world" and gained ",". */
  g_assert_cmpuint (confer_ot_client_transform_remote_position (client, 11), ==, 7);

  to_apply = confer_ot_client_apply_remote (client, remote);
  apply_text (local, to_apply);
  g_assert_cmpuint (confer_ot_client_get_revision (client), ==, 1);

  /* Our in-flight op reaches the server based on revision 0. */
  g_assert_nonnull (confer_ot_server_submit (server, 0, sent, &error));
  next = confer_ot_client_apply_ack (client, 2);
  g_assert_nonnull (confer_ot_server_submit (server, 2, next, &error));
  g_assert_null (confer_ot_client_apply_ack (client, 3));

  local_text = confer_rope_to_string (local, NULL);
  server_text = confer_rope_to_string (confer_ot_server_get_rope (server), NULL);
  g_assert_cmpstr (local_text, ==, "hello, !");
  g_assert_cmpstr (server_text, ==, local_text);
}

static void
test_server_positions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferOtServer) server = confer_ot_server_new ("abcdef", 0, &error);
  g_autoptr(ConferTextOp) ins = confer_text_op_new_insert (0, "中😀", -1);
  g_autoptr(ConferTextOp) del = confer_text_op_new_delete (3, 3);
  gsize pos = 4;

  g_assert_nonnull (confer_ot_server_submit (server, 0, ins, &error));
  g_assert_nonnull (confer_ot_server_submit (server, 1, del, &error));
  /* "中😀abcdef" minus "bcd" is "中😀aef": a cursor that was after "d" at
   * revision 0 sits after "a" now. */
  g_assert_true (confer_ot_server_transform_position (server, 0, &pos, &error));
  g_assert_cmpuint (pos, ==, 3);

  confer_ot_server_forget_before (server, 1);
  g_assert_false (confer_ot_server_transform_position (server, 0, &pos, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_REVISION);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ot/client/states", test_states);
  g_test_add_func ("/ot/client/remote-against-pending", test_remote_against_pending);
  g_test_add_func ("/ot/server/positions", test_server_positions);
  return g_test_run ();
}
