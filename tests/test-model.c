/* test-model.c: the model's objects read from and written to the
 * protocol's shapes, notifying only what changed; roles' predicates; the
 * client cache reading lists a cache of the earlier version wrote; call
 * members' rooms, breakout rooms and the server frames that carry them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confer-core.h"

static JsonObject *
object_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = confer_json_text_parse (json, strlen (json), CONFER_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
text_of (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;

  return json_to_string (owned, FALSE);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          GString    *names)
{
  g_string_append_printf (names, "%s;", pspec->name);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The properties notified, sorted (thawing notifies in no set order). */
static char *
sorted (GString *names)
{
  g_auto(GStrv) parts = g_strsplit (names->str, ";", -1);

  g_qsort_with_data (parts, g_strv_length (parts), sizeof (char *), compare_strings, NULL);
  return g_strjoinv (";", parts);
}

static void
test_participant (void)
{
  g_autoptr(JsonObject) object = object_of ("{\"id\": \"p1\", \"name\": \"Ann\", \"colour\": \"#3584e4\", "
                                            "\"role\": \"editor\", \"online\": true}");
  g_autoptr(JsonObject) away = object_of ("{\"id\": \"p1\", \"name\": \"Ann B\", \"colour\": \"#3584e4\", "
                                          "\"role\": \"editor\"}");
  g_autoptr(JsonObject) bad = object_of ("{\"id\": \"p2\", \"name\": \"Bob\", \"colour\": \"#000000\", "
                                         "\"role\": \"admin\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferParticipant) ann = confer_participant_new_from_json (object, &error);
  g_autoptr(ConferParticipant) later = NULL;
  g_autoptr(ConferParticipant) refused = NULL;
  g_autoptr(GString) notified = g_string_new (NULL);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (confer_participant_get_id (ann), ==, "p1");
  g_assert_cmpstr (confer_participant_get_name (ann), ==, "Ann");
  g_assert_cmpint (confer_participant_get_role (ann), ==, CONFER_ROLE_EDITOR);
  g_assert_true (confer_participant_get_online (ann));
  json = text_of (confer_participant_to_json (ann));
  g_assert_cmpstr (json, ==, "{\"id\":\"p1\",\"name\":\"Ann\",\"colour\":\"#3584e4\",\"role\":\"editor\",\"online\":true}");

  /* No "online" means away; an update notifies what changed, once. */
  later = confer_participant_new_from_json (away, &error);
  g_assert_no_error (error);
  g_signal_connect (ann, "notify", G_CALLBACK (count_cb), notified);
  confer_participant_update (ann, later);
  g_assert_false (confer_participant_get_online (ann));
  confer_participant_update (ann, later);
  {
    g_autofree char *names = sorted (notified);

    g_assert_cmpstr (names, ==, ";name;online");
  }

  refused = confer_participant_new_from_json (bad, &error);
  g_assert_null (refused);
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL);
}

static void
test_item (void)
{
  g_autoptr(JsonObject) text = object_of ("{\"id\": \"d1\", \"title\": \"Notes\", \"edited\": 1795268900}");
  g_autoptr(JsonObject) board = object_of ("{\"id\": \"d2\", \"title\": \"Plan\", \"kind\": \"board\"}");
  g_autoptr(JsonObject) explicit = object_of ("{\"id\": \"d3\", \"title\": \"Text\", \"kind\": \"text\"}");
  g_autoptr(JsonObject) unknown = object_of ("{\"id\": \"d4\", \"title\": \"Sheet\", \"kind\": \"sheet\"}");
  g_autoptr(JsonObject) trashed = object_of ("{\"id\": \"d1\", \"title\": \"Minutes\", \"edited\": 1795268900, "
                                             "\"deleted\": 1795269000, \"by\": \"p1\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferItem) notes = confer_item_new_from_json (text, &error);
  g_autoptr(ConferItem) plan = confer_item_new_from_json (board, &error);
  g_autoptr(ConferItem) plain = confer_item_new_from_json (explicit, &error);
  g_autoptr(ConferItem) deleted = confer_item_new_from_json (trashed, &error);
  g_autoptr(ConferItem) sheet = NULL;
  g_autoptr(GString) notified = g_string_new (NULL);
  g_autofree char *notes_json = NULL;
  g_autofree char *plan_json = NULL;
  g_autofree char *deleted_json = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (confer_item_get_kind (notes), ==, CONFER_ITEM_KIND_TEXT);
  g_assert_cmpint (confer_item_get_kind (plan), ==, CONFER_ITEM_KIND_BOARD);
  g_assert_cmpint (confer_item_get_kind (plain), ==, CONFER_ITEM_KIND_TEXT);
  g_assert_cmpint (confer_item_get_edited (notes), ==, 1795268900);
  g_assert_cmpint (confer_item_get_deleted (notes), ==, 0);
  g_assert_null (confer_item_get_deleted_by (notes));
  g_assert_cmpint (confer_item_get_deleted (deleted), ==, 1795269000);
  g_assert_cmpstr (confer_item_get_deleted_by (deleted), ==, "p1");

  /* Text has no kind on the wire; a board says so. */
  notes_json = text_of (confer_item_to_json (notes));
  plan_json = text_of (confer_item_to_json (plan));
  deleted_json = text_of (confer_item_to_json (deleted));
  g_assert_cmpstr (notes_json, ==, "{\"id\":\"d1\",\"kind\":\"text\",\"title\":\"Notes\",\"edited\":1795268900}");
  g_assert_cmpstr (plan_json, ==, "{\"id\":\"d2\",\"kind\":\"board\",\"title\":\"Plan\"}");
  g_assert_cmpstr (deleted_json, ==,
                   "{\"id\":\"d1\",\"kind\":\"text\",\"title\":\"Minutes\",\"edited\":1795268900,\"deleted\":1795269000,\"by\":\"p1\"}");

  g_signal_connect (notes, "notify", G_CALLBACK (count_cb), notified);
  confer_item_update (notes, deleted);
  {
    g_autofree char *names = sorted (notified);

    g_assert_cmpstr (names, ==, ";deleted;deleted-by;title");
  }

  sheet = confer_item_new_from_json (unknown, &error);
  g_assert_null (sheet);
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL);
}

static void
test_invite (void)
{
  g_autoptr(JsonObject) object = object_of ("{\"id\": \"i1\", \"role\": \"viewer\", \"expires\": 2000, "
                                            "\"max_uses\": 2, \"uses\": 1, \"revoked\": false, \"created\": 1000}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferInvite) invite = confer_invite_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpint (confer_invite_get_role (invite), ==, CONFER_ROLE_VIEWER);
  g_assert_cmpuint (confer_invite_get_max_uses (invite), ==, 2);
  g_assert_null (confer_invite_get_link (invite));
  g_assert_true (confer_invite_is_live (invite, 1999));
  g_assert_false (confer_invite_is_live (invite, 2000));
  json_object_set_int_member (object, "uses", 2);
  g_clear_object (&invite);
  invite = confer_invite_new_from_json (object, &error);
  g_assert_false (confer_invite_is_live (invite, 1500));
}

static void
test_roles (void)
{
  for (ConferRole role = 0; role < CONFER_N_ROLES; role++)
    {
      ConferRole parsed;

      g_assert_cmpint (confer_role_can_draw (role), ==, confer_role_can_edit (role));
      g_assert_true (confer_role_from_string (confer_role_to_string (role), &parsed));
      g_assert_cmpint (parsed, ==, role);
    }
  g_assert_true (confer_role_can_draw (CONFER_ROLE_EDITOR));
  g_assert_false (confer_role_can_draw (CONFER_ROLE_VIEWER));
  g_assert_true (confer_role_can_invite (CONFER_ROLE_OWNER));
  g_assert_false (confer_role_can_invite (CONFER_ROLE_EDITOR));
}

/* A session row as the earlier version of the cache wrote it (the lists
 * as `welcome`'s JSON, the role by name) reads into typed lists, and a
 * save writes it back readable; voice messages played are remembered. */
static void
test_cache_lists (void)
{
  g_autofree char *dir = g_dir_make_tmp ("confer-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(ConferLink) link = confer_link_parse ("confer://127.0.0.1:4433/SessionAAAAAAAAAAAA?invite=InviteAAAAAAAAAAAAAAAA", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferClientCache) cache = confer_client_cache_open (path, &error);
  g_autoptr(ConferCachedSession) session = NULL;
  g_autoptr(ConferCachedSession) again = NULL;
  g_autoptr(ConferItem) notes = NULL;
  g_autoptr(ConferParticipant) ann = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO sessions (key, link, title, participant, token, role, docs, participants, used) VALUES ("
    "'127.0.0.1:4433/SessionAAAAAAAAAAAA', 'confer://127.0.0.1:4433/SessionAAAAAAAAAAAA', 'Old', 'p1', 'tok', 'editor', "
    "'[{\"id\":\"d1\",\"title\":\"Notes\",\"edited\":5},{\"id\":\"d2\",\"title\":\"Sheet\",\"kind\":\"sheet\"}]', "
    "'[{\"id\":\"p1\",\"name\":\"Ann\",\"colour\":\"#3584e4\",\"role\":\"editor\",\"online\":true}]', 1)",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_test_expect_message ("confer-model-list", G_LOG_LEVEL_WARNING, "*unknown kind (sheet)*");
  session = confer_client_cache_load_session (cache, link);
  g_test_assert_expected_messages ();
  g_assert_nonnull (session);
  g_assert_cmpint (session->role, ==, CONFER_ROLE_EDITOR);
  g_assert_cmpuint (g_list_model_get_n_items (session->items), ==, 1);
  notes = g_list_model_get_item (session->items, 0);
  g_assert_cmpstr (confer_item_get_title (notes), ==, "Notes");
  g_assert_cmpint (confer_item_get_edited (notes), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (session->participants), ==, 1);
  ann = g_list_model_get_item (session->participants, 0);
  g_assert_cmpstr (confer_participant_get_name (ann), ==, "Ann");

  g_assert_true (confer_client_cache_save_session (cache, link, session, &error));
  g_assert_no_error (error);
  again = confer_client_cache_load_session (cache, link);
  g_assert_cmpuint (g_list_model_get_n_items (again->items), ==, 1);
  g_assert_cmpstr (again->token, ==, "tok");
  g_assert_cmpint (again->role, ==, CONFER_ROLE_EDITOR);

  /* Voice messages played here, per session, kept across a restart. */
  g_assert_false (confer_client_cache_load_voice_played (cache, link, "MessageAAAAAAAAA"));
  g_assert_true (confer_client_cache_save_voice_played (cache, link, "MessageAAAAAAAAA", &error));
  g_assert_true (confer_client_cache_save_voice_played (cache, link, "MessageAAAAAAAAA", &error));
  g_assert_no_error (error);
  g_clear_object (&cache);
  cache = confer_client_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (confer_client_cache_load_voice_played (cache, link, "MessageAAAAAAAAA"));
  g_assert_false (confer_client_cache_load_voice_played (cache, link, "MessageBBBBBBBBB"));
  {
    g_autoptr(ConferLink) other = confer_link_parse ("confer://127.0.0.1:4433/SessionBBBBBBBBBBBB?invite=InviteAAAAAAAAAAAAAAAA", NULL);

    g_assert_false (confer_client_cache_load_voice_played (cache, other, "MessageAAAAAAAAA"));
  }

  g_clear_object (&cache);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* A call member's room (main when a server leaves it out), updated in
 * place with a notification; a breakout room's id and name, and one
 * without a name refused; call states and `call.moved` with rooms of the
 * wrong shape refused before the client acts on them. */
static void
test_call_rooms (void)
{
  g_autoptr(JsonObject) plain = object_of ("{\"member\": \"m1\", \"participant\": \"p1\"}");
  g_autoptr(JsonObject) moved = object_of ("{\"member\": \"m1\", \"participant\": \"p1\", \"room\": \"r1\"}");
  g_autoptr(JsonObject) room_json = object_of ("{\"id\": \"r1\", \"name\": \"Design\"}");
  g_autoptr(JsonObject) nameless = object_of ("{\"id\": \"r2\", \"name\": \"\"}");
  g_autoptr(ConferCallMember) member = confer_call_member_new_from_json (plain, NULL);
  g_autoptr(ConferCallMember) elsewhere = confer_call_member_new_from_json (moved, NULL);
  g_autoptr(ConferCallRoom) room = confer_call_room_new_from_json (room_json, NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *good[] = {
    "{\"type\": \"call.moved\", \"room\": \"r1\", \"call\": {\"started\": 1, \"members\": [], "
    "\"rooms\": [{\"id\": \"r1\", \"name\": \"Design\"}], \"choose\": true, \"ends\": 0}}",
    "{\"type\": \"call.state\", \"call\": {\"started\": 0, \"members\": []}}",
  };
  const char *bad[] = {
    "{\"type\": \"call.moved\", \"call\": {\"started\": 1, \"members\": []}}",
    "{\"type\": \"call.moved\", \"room\": 7, \"call\": {\"started\": 1, \"members\": []}}",
    "{\"type\": \"call.state\", \"call\": {\"started\": 1, \"members\": [], \"rooms\": [{\"id\": \"r1\"}]}}",
    "{\"type\": \"call.state\", \"call\": {\"started\": 1, \"members\": [], \"rooms\": {}}}",
    "{\"type\": \"call.state\", \"call\": {\"started\": 1, \"members\": [], \"choose\": 1}}",
    "{\"type\": \"call.state\", \"call\": {\"started\": 1, \"members\": [], \"ends\": -5}}",
    "{\"type\": \"call.member\", \"member\": {\"member\": \"m\", \"participant\": \"p\", \"room\": []}}",
  };

  g_assert_cmpstr (confer_call_member_get_room (member), ==, CONFER_CALL_MAIN_ROOM);
  g_signal_connect (member, "notify", G_CALLBACK (count_cb), names);
  confer_call_member_update (member, elsewhere);
  g_assert_cmpstr (confer_call_member_get_room (member), ==, "r1");
  g_assert_cmpstr (names->str, ==, "room;");
  confer_call_member_update (member, elsewhere);
  g_assert_cmpstr (names->str, ==, "room;");

  g_assert_cmpstr (confer_call_room_get_id (room), ==, "r1");
  g_assert_cmpstr (confer_call_room_get_name (room), ==, "Design");
  g_assert_null (confer_call_room_new_from_json (nameless, &error));
  g_assert_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(ConferMessage) message = confer_message_decode (good[i], strlen (good[i]), G_MAXSIZE, &error);

      g_assert_no_error (error);
      g_assert_true (confer_server_frame_check (message, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ConferMessage) message = confer_message_decode (bad[i], strlen (bad[i]), G_MAXSIZE, &error);

      g_assert_no_error (error);
      g_assert_false (confer_server_frame_check (message, &error));
      g_assert_error (error, CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_BAD_MESSAGE);
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/participant", test_participant);
  g_test_add_func ("/model/item", test_item);
  g_test_add_func ("/model/invite", test_invite);
  g_test_add_func ("/model/roles", test_roles);
  g_test_add_func ("/model/cache-lists", test_cache_lists);
  g_test_add_func ("/model/call-rooms", test_call_rooms);
  return g_test_run ();
}
