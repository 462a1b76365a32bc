/* test-server-authz.c: roles × mutating messages, pinned certificates and
 * invite refusals, against a real conferd serving wss://
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "confer-test-server.h"

#define BASE_TEXT "The base text — ünïcødé 中文 😀"

static ConferTestServer *server;
static ConferClient *owner;
static ConferClientDoc *base;
static char *base_id;
static char *kept_invite_id;

typedef enum { CREATE, RENAME, DELETE, OP, INVITE_CREATE, INVITE_REVOKE, INVITE_LIST, N_ACTIONS } Action;

static const char *action_names[N_ACTIONS] = {
  "doc.create", "doc.rename", "doc.delete", "doc.op", "invite.create", "invite.revoke", "invite.list",
};

/* Expected: TRUE = allowed. Rows: owner, editor, commenter, viewer, guest. */
static const gboolean allowed[CONFER_N_ROLES][N_ACTIONS] = {
  { TRUE,  TRUE,  TRUE,  TRUE,  TRUE,  TRUE,  TRUE  },
  { TRUE,  TRUE,  TRUE,  TRUE,  FALSE, FALSE, FALSE },
  { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE },
  { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE },
  { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE },
};

/* What the store holds that a refused message must not change. */
static char *
state_snapshot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) docs = confer_test_request (owner, "{\"type\": \"doc.list\"}", &error);
  g_autoptr(ConferMessage) invites = NULL;
  g_autoptr(GString) state = g_string_new (NULL);
  g_autofree char *text = NULL;
  JsonArray *array;

  g_assert_no_error (error);
  invites = confer_test_request (owner, "{\"type\": \"invite.list\"}", &error);
  g_assert_no_error (error);

  array = json_object_get_array_member (confer_message_get_object (docs), "docs");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (state, "doc %s %s\n",
                            json_object_get_string_member (json_array_get_object_element (array, i), "id"),
                            json_object_get_string_member (json_array_get_object_element (array, i), "title"));
  array = json_object_get_array_member (confer_message_get_object (invites), "invites");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (state, "invite %s %d\n",
                            json_object_get_string_member (json_array_get_object_element (array, i), "id"),
                            json_object_get_boolean_member (json_array_get_object_element (array, i), "revoked"));

  /* Let any broadcast reach the owner's copy first. */
  confer_client_doc_wait (base, TRUE, 15000, &error);
  g_assert_no_error (error);
  text = confer_rope_to_string (confer_client_doc_get_rope (base), NULL);
  g_string_append_printf (state, "text %" G_GUINT64_FORMAT " %s\n", confer_client_doc_get_revision (base), text);
  return g_string_free (g_steal_pointer (&state), FALSE);
}

static void
test_role (gconstpointer data)
{
  ConferRole role = GPOINTER_TO_INT (data);
  g_autofree char *link = confer_test_invite (owner, confer_role_to_string (role), 0, 0, NULL);
  g_autoptr(ConferClient) client = confer_test_client_new (link, confer_role_to_string (role));

  g_assert_cmpint (confer_client_get_role (client), ==, role);

  for (Action action = 0; action < N_ACTIONS; action++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *target = NULL;
      g_autofree char *json = NULL;
      g_autofree char *invite_id = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(ConferMessage) reply = NULL;
      gboolean expect = allowed[role][action];

      /* Allowed actions work on throwaway targets; refused ones aim at
       * what must survive. */
      switch (action)
        {
        case CREATE:
          json = g_strdup_printf ("{\"type\": \"doc.create\", \"title\": \"by %s\"}", confer_role_to_string (role));
          break;
        case RENAME:
          target = expect ? confer_test_create_doc (owner, "to rename") : g_strdup (base_id);
          json = g_strdup_printf ("{\"type\": \"doc.rename\", \"doc\": \"%s\", \"title\": \"renamed\"}", target);
          break;
        case DELETE:
          target = expect ? confer_test_create_doc (owner, "to delete") : g_strdup (base_id);
          json = g_strdup_printf ("{\"type\": \"doc.delete\", \"doc\": \"%s\"}", target);
          break;
        case OP:
          target = expect ? confer_test_create_doc (owner, "to edit") : g_strdup (base_id);
          json = g_strdup_printf ("{\"type\": \"doc.op\", \"doc\": \"%s\", \"rev\": 0, \"op\": [\"x\"]}", target);
          break;
        case INVITE_CREATE:
          json = g_strdup ("{\"type\": \"invite.create\", \"role\": \"owner\"}");
          break;
        case INVITE_REVOKE:
          if (expect)
            g_free (confer_test_invite (owner, "viewer", 0, 0, &invite_id));
          json = g_strdup_printf ("{\"type\": \"invite.revoke\", \"invite\": \"%s\"}",
                                  expect ? invite_id : kept_invite_id);
          break;
        case INVITE_LIST:
        default:
          json = g_strdup ("{\"type\": \"invite.list\"}");
          break;
        }

      before = state_snapshot ();
      reply = confer_test_request (client, json, &error);
      g_test_message ("%s × %s: %s", confer_role_to_string (role), action_names[action],
                      error != NULL ? error->message : confer_message_get_type_name (reply));
      if (!expect)
        {
          g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_FORBIDDEN);
          after = state_snapshot ();
          g_assert_cmpstr (after, ==, before);
        }
      else
        g_assert_no_error (error);
    }
}

static ConferClient *
join (const char *link)
{
  g_autoptr(ConferLink) parsed = confer_link_parse (link, NULL);
  ConferClient *client;

  g_assert_nonnull (parsed);
  client = confer_client_new (parsed, "Joiner");
  confer_client_connect (client);
  confer_client_wait_online (client, 15000, NULL);
  return client;
}

static void
assert_refused (const char *link,
                const char *code)
{
  g_autoptr(ConferClient) client = join (link);

  g_test_message ("%s: %s", code, confer_client_get_refusal (client));
  g_assert_cmpint (confer_client_get_state (client), ==, CONFER_CONNECTION_REFUSED);
  g_assert_cmpstr (confer_client_get_refusal_code (client), ==, code);
}

static void
test_wrong_fingerprint (void)
{
  g_autoptr(ConferLink) link = confer_link_parse (server->link, NULL);
  g_autofree char *text = NULL;
  g_autoptr(ConferClient) client = NULL;

  /* The right fingerprint gets in... */
  g_assert_cmpstr (link->fingerprint, ==, server->fingerprint);
  client = join (server->link);
  g_assert_cmpint (confer_client_get_state (client), ==, CONFER_CONNECTION_ONLINE);

  /* ...one digit off is refused, and the message says why. */
  link->fingerprint[10] = link->fingerprint[10] == '0' ? '1' : '0';
  text = confer_link_to_string (link);
  assert_refused (text, "bad-certificate");
}

static void
test_invites (void)
{
  g_autofree char *expired = confer_test_invite (owner, "editor", 1, 0, NULL);
  g_autofree char *revoked_id = NULL;
  g_autofree char *revoked = confer_test_invite (owner, "editor", 0, 0, &revoked_id);
  g_autofree char *once = confer_test_invite (owner, "viewer", 0, 1, NULL);
  g_autofree char *revoke = g_strdup_printf ("{\"type\": \"invite.revoke\", \"invite\": \"%s\"}", revoked_id);
  g_autoptr(ConferLink) unknown = confer_link_parse (server->link, NULL);
  g_autofree char *unknown_text = NULL;
  g_autoptr(ConferMessage) reply = NULL;
  g_autoptr(ConferClient) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expiry = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  reply = confer_test_request (owner, revoke, &error);
  g_assert_no_error (error);
  assert_refused (revoked, "invite-revoked");

  first = join (once);
  g_assert_cmpint (confer_client_get_state (first), ==, CONFER_CONNECTION_ONLINE);
  assert_refused (once, "invite-exhausted");

  g_free (unknown->invite);
  unknown->invite = g_strdup ("AAAAAAAAAAAAAAAAAAAAAA");
  unknown_text = confer_link_to_string (unknown);
  assert_refused (unknown_text, "invalid-invite");

  /* Expiry has a one-second resolution. */
  while (g_get_monotonic_time () < expiry)
    g_main_context_iteration (NULL, TRUE);
  assert_refused (expired, "invite-expired");
}

static void
peeked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static ConferInviteInfo *
peek (const char  *link_text,
      GError     **error)
{
  g_autoptr(ConferLink) link = confer_link_parse (link_text, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (link);
  confer_client_peek_async (link, peeked_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return confer_client_peek_finish (result, error);
}

/* Asking what an invite gives names the session and the role, joins
 * nobody and uses nothing; a used-up or revoked invite, or a wrong
 * certificate, is refused as joining would be. */
static void
test_peek (void)
{
  g_autofree char *invite_id = NULL;
  g_autofree char *link = confer_test_invite (owner, "viewer", 3600, 1, &invite_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferInviteInfo) info = NULL;
  g_autoptr(ConferInviteInfo) refused = NULL;
  g_autofree char *before = state_snapshot ();
  g_autofree char *after = NULL;
  guint participants = g_list_model_get_n_items (confer_client_get_participants (owner));
  g_autoptr(ConferClient) viewer = NULL;
  g_autoptr(GString) wrong = NULL;

  info = peek (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->session_title, ==, "Test session");
  g_assert_cmpint (info->role, ==, CONFER_ROLE_VIEWER);
  g_assert_cmpint (info->expires, >, g_get_real_time () / G_USEC_PER_SEC);
  after = state_snapshot ();
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (g_list_model_get_n_items (confer_client_get_participants (owner)), ==, participants);

  /* The one use is still there for joining; after it, peeking is refused. */
  viewer = confer_test_client_new (link, "Vic");
  refused = peek (link, &error);
  g_assert_null (refused);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "used as many times"));
  g_clear_error (&error);

  /* A link whose fingerprint is not the server's learns nothing. */
  wrong = g_string_new (link);
  g_string_replace (wrong, server->fingerprint, "0000000000000000000000000000000000000000000000000000000000000000", 1);
  refused = peek (wrong->str, &error);
  g_assert_null (refused);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "fingerprint"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = confer_test_server_start (FALSE);
  g_assert_true (g_str_has_prefix (server->link, "confer://127.0.0.1:"));
  owner = confer_test_client_new (server->link, "Owner");
  base_id = confer_test_create_doc (owner, "Base");
  base = confer_client_open_doc (owner, base_id);
  confer_client_doc_wait (base, FALSE, 15000, &error);
  g_assert_no_error (error);
  op = confer_text_op_new_insert (0, BASE_TEXT, -1);
  confer_client_doc_apply_local (base, op, &error);
  g_assert_no_error (error);
  g_free (confer_test_invite (owner, "editor", 0, 0, &kept_invite_id));

  for (ConferRole role = 0; role < CONFER_N_ROLES; role++)
    {
      g_autofree char *path = g_strdup_printf ("/server/authz/%s", confer_role_to_string (role));

      g_test_add_data_func (path, GINT_TO_POINTER (role), test_role);
    }
  g_test_add_func ("/server/authz/wrong-fingerprint", test_wrong_fingerprint);
  g_test_add_func ("/server/authz/invites", test_invites);
  g_test_add_func ("/server/authz/peek", test_peek);

  status = g_test_run ();
  g_clear_object (&owner);
  confer_test_server_free (server);
  g_free (base_id);
  g_free (kept_invite_id);
  return status;
}
