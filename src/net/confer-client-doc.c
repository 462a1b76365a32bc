/* confer-client-doc.c: one open document of a client: the text, the OT
 * client state machine, resume after reconnects, remote cursors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-client-doc"

#include "config.h"

#include "confer-client-private.h"

struct _ConferClientDoc
{
  GObject         parent_instance;

  ConferClient   *client;        /* unowned: the client owns its documents */
  char           *id;
  gboolean        ready;
  ConferRope     *rope;
  ConferOtClient *ot;
  char           *inflight_txn;
  gint64          inflight_sent;  /* monotonic µs */
  GSource        *retry_source;
  guint           n_inflight_edits;  /* changes the in-flight operation holds */
  guint           n_buffer_edits;    /* and the buffered one */
  gint64          last_local_edit;   /* monotonic µs */
  GSource        *save_source;       /* a cache save is scheduled */
  GHashTable     *presence;          /* participant id -> Selection, in local positions */
};

/* Another participant's selection, as this client's text has it. */
typedef struct
{
  gsize anchor;
  gsize head;
} Selection;

/* Local edits closer together than this are one change to the person
 * making them (a word, a sentence typed in one go), in µs: how many
 * changes wait is what people are told when offline, not keystrokes. */
#define CHANGE_GAP_US (2 * G_USEC_PER_SEC)

/* How long a rate-limited change waits before it is sent again, in ms. */
#define RETRY_DELAY_MS 200
/* Changes reach the client cache this long after they happen, in ms, so a
 * burst of them is written once. */
#define SAVE_DELAY_MS 250

enum {
  READY,
  CHANGED,
  ACKED,
  REFUSED,
  PRESENCE,
  BATCH_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferClientDoc, confer_client_doc, G_TYPE_OBJECT)

static void
confer_client_doc_finalize (GObject *object)
{
  ConferClientDoc *self = (ConferClientDoc *) object;

  confer_timeout_clear (&self->retry_source);
  confer_timeout_clear (&self->save_source);
  g_clear_pointer (&self->rope, confer_rope_free);
  g_clear_object (&self->ot);
  g_free (self->inflight_txn);
  g_free (self->id);
  g_clear_pointer (&self->presence, g_hash_table_unref);

  G_OBJECT_CLASS (confer_client_doc_parent_class)->finalize (object);
}

static void
confer_client_doc_class_init (ConferClientDocClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confer_client_doc_finalize;

  /**
   * ConferClientDoc::ready:
   *
   * The document's text has arrived (or was replaced by a new snapshot).
   */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * ConferClientDoc::changed:
   * @op: the operation applied to the local text
   * @author: the participant id of its author
   * @txn: the author's transaction id
   *
   * A remote change was applied to the local text.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3, CONFER_TYPE_TEXT_OP,
                                   G_TYPE_STRING, G_TYPE_STRING);

  /**
   * ConferClientDoc::acked:
   * @revision: the revision the server gave the change
   * @latency: time from sending the change to its ack, in µs
   *
   * The server committed a local change.
   */
  signals[ACKED] = g_signal_new ("acked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * ConferClientDoc::refused:
   * @code: the error code
   * @message: the server's explanation
   *
   * The server refused a local change; the document reloads its text.
   */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * ConferClientDoc::batch-applied:
   *
   * Every remote change one server message carried (a `doc.op`, or a
   * batch in `doc.ops`) has been applied and signalled with ::changed. A
   * view can gather the changes and redraw once, here.
   */
  signals[BATCH_APPLIED] = g_signal_new ("batch-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * ConferClientDoc::presence:
   * @participant: a participant id
   * @anchor: their selection's anchor in the local text, in code points
   * @head: their cursor in the local text, in code points
   *
   * Another participant's cursor or selection moved.
   */
  signals[PRESENCE] = g_signal_new ("presence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
confer_client_doc_init (ConferClientDoc *self)
{
}

/* Takes up the document where the cache left it: its text, and the
 * changes not yet acknowledged, which go out (with their txn) once the
 * server answers `doc.open` with what was missed. */
static void
restore (ConferClientDoc *self,
         ConferCachedDoc *cached)
{
  g_autoptr(ConferRope) rope = confer_rope_new_from_text (cached->text, -1, NULL);
  g_autoptr(ConferTextOp) sent = NULL;
  g_autoptr(ConferTextOp) buffered = NULL;

  if (rope == NULL)
    return;
  self->rope = g_steal_pointer (&rope);
  self->ot = confer_ot_client_new (cached->revision);
  if (cached->inflight != NULL)
    {
      sent = confer_ot_client_apply_local (self->ot, cached->inflight);
      self->inflight_txn = g_strdup (cached->inflight_txn);
      self->n_inflight_edits = MAX (cached->n_unsent, 1);
      if (cached->buffer != NULL)
        {
          buffered = confer_ot_client_apply_local (self->ot, cached->buffer);
          self->n_inflight_edits = 1;
          self->n_buffer_edits = MAX (cached->n_unsent, 1) - 1;
        }
    }
  self->ready = TRUE;
}

/**
 * confer_client_doc_save:
 * @self: a document
 *
 * Writes the document's text and unacknowledged changes to the client's
 * cache now, if the client has one. Failures are logged: the text is
 * still in memory and on the server's way.
 */
void
confer_client_doc_save (ConferClientDoc *self)
{
  ConferClientCache *cache = confer_client_get_cache (self->client);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ConferCachedDoc cached = { 0 };

  confer_timeout_clear (&self->save_source);
  if (cache == NULL || !self->ready)
    return;
  text = confer_rope_to_string (self->rope, NULL);
  cached.revision = confer_ot_client_get_revision (self->ot);
  cached.text = text;
  cached.inflight = confer_ot_client_get_inflight (self->ot);
  cached.inflight_txn = self->inflight_txn;
  cached.buffer = confer_ot_client_get_buffer (self->ot);
  cached.n_unsent = confer_client_doc_get_n_unsent (self);
  if (!confer_client_cache_save_doc (cache, confer_client_get_link (self->client), self->id, &cached, &error))
    g_warning ("Document %s could not be saved for offline use: %s", self->id, error->message);
}

static gboolean
save_cb (gpointer data)
{
  ConferClientDoc *self = data;

  g_clear_pointer (&self->save_source, g_source_unref);
  confer_client_doc_save (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (ConferClientDoc *self)
{
  if (self->save_source == NULL && confer_client_get_cache (self->client) != NULL)
    self->save_source = confer_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

/**
 * confer_client_doc_new:
 * @client: the client
 * @id: the document id
 *
 * Returns: (transfer full): a document not yet opened on the server
 */
ConferClientDoc *
confer_client_doc_new (ConferClient *client,
                       const char   *id)
{
  ConferClientDoc *self = g_object_new (CONFER_TYPE_CLIENT_DOC, NULL);

  ConferClientCache *cache = confer_client_get_cache (client);
  g_autoptr(ConferCachedDoc) cached = NULL;

  self->client = client;
  self->id = g_strdup (id);
  self->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (cache != NULL && (cached = confer_client_cache_load_doc (cache, confer_client_get_link (client), id)) != NULL)
    restore (self, cached);
  return self;
}

static void
send_op (ConferClientDoc *self,
         ConferTextOp    *op,
         gboolean         new_txn)
{
  g_autoptr(ConferMessage) message = confer_message_new ("doc.op");
  JsonObject *object = confer_message_get_object (message);

  if (new_txn)
    {
      g_free (self->inflight_txn);
      self->inflight_txn = confer_connection_new_txn (confer_client_get_connection (self->client));
    }
  json_object_set_string_member (object, "doc", self->id);
  json_object_set_int_member (object, "rev", confer_ot_client_get_revision (self->ot));
  json_object_set_member (object, "op", confer_text_op_to_json (op));
  confer_message_set_txn (message, self->inflight_txn);
  confer_client_track_txn (self->client, self->inflight_txn, self);
  self->inflight_sent = g_get_monotonic_time ();
  confer_connection_send (confer_client_get_connection (self->client), message);
}

static gboolean
retry_cb (gpointer data)
{
  ConferClientDoc *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  if (self->ot != NULL && confer_ot_client_get_inflight (self->ot) != NULL && self->inflight_txn != NULL)
    send_op (self, confer_ot_client_get_inflight (self->ot), FALSE);
  return G_SOURCE_REMOVE;
}

/**
 * confer_client_doc_resume:
 * @self: a document
 *
 * Opens the document on a (new) connection: with the revision the client
 * has, the server answers with the operations missed since; the in-flight
 * change is then sent again with its original txn, which the server
 * acknowledges without applying twice if it had committed it.
 */
void
confer_client_doc_resume (ConferClientDoc *self)
{
  g_autoptr(ConferMessage) open = confer_message_new ("doc.open");
  g_autofree char *txn = confer_connection_new_txn (confer_client_get_connection (self->client));

  json_object_set_string_member (confer_message_get_object (open), "doc", self->id);
  if (self->ready)
    json_object_set_int_member (confer_message_get_object (open), "rev", confer_ot_client_get_revision (self->ot));
  confer_message_set_txn (open, txn);
  confer_client_track_txn (self->client, txn, self);
  confer_connection_send (confer_client_get_connection (self->client), open);
}

/* Every kept selection moves through an edit of the local text, as the
 * text does (local and remote edits alike). */
static void
move_presence (ConferClientDoc    *self,
               const ConferTextOp *op)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->presence);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Selection *selection = value;

      selection->anchor = confer_text_op_transform_position (op, selection->anchor);
      selection->head = confer_text_op_transform_position (op, selection->head);
    }
}

/* Returns %FALSE if the server sent something wrong (and the client is
 * starting afresh). */
static gboolean
apply_remote (ConferClientDoc *self,
              JsonObject      *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferTextOp) op = confer_text_op_new_from_json (json_object_get_member (entry, "op"), &error);
  g_autoptr(ConferTextOp) local = NULL;
  guint64 revision = json_object_get_int_member (entry, "rev");
  g_autofree char *why = NULL;

  /* Each operation must follow the last one the client has, and fit. */
  if (op == NULL)
    why = g_strdup_printf ("Document %s: an operation is malformed: %s", self->id, error->message);
  else if (revision != confer_ot_client_get_revision (self->ot) + 1)
    why = g_strdup_printf ("Document %s: an operation of revision %" G_GUINT64_FORMAT " came after revision %"
                           G_GUINT64_FORMAT, self->id, revision, confer_ot_client_get_revision (self->ot));
  else
    {
      local = confer_ot_client_apply_remote (self->ot, op);
      if (!confer_text_op_apply (local, self->rope, &error))
        why = g_strdup_printf ("Document %s: an operation does not fit the text: %s", self->id, error->message);
    }
  if (why != NULL)
    {
      confer_connection_protocol_failure (confer_client_get_connection (self->client), why);
      return FALSE;
    }
  move_presence (self, local);
  schedule_save (self);
  g_signal_emit (self, signals[CHANGED], 0, local,
                 json_object_get_string_member_with_default (entry, "author", NULL),
                 json_object_get_string_member_with_default (entry, "txn", NULL));
  return TRUE;
}

/* The in-flight change was acknowledged; the buffered one, if @promoted,
 * is in flight now. */
static void
acknowledge_edits (ConferClientDoc *self,
                   gboolean         promoted)
{
  /* A buffer that continued the in-flight change counts none of its own. */
  self->n_inflight_edits = promoted ? MAX (self->n_buffer_edits, 1) : 0;
  self->n_buffer_edits = 0;
  schedule_save (self);
}

static void
apply_ack (ConferClientDoc *self,
           guint64          revision)
{
  g_autoptr(ConferTextOp) next = confer_ot_client_apply_ack (self->ot, revision);
  guint64 latency = g_get_monotonic_time () - self->inflight_sent;

  g_clear_pointer (&self->inflight_txn, g_free);
  acknowledge_edits (self, next != NULL);
  if (next != NULL)
    send_op (self, next, TRUE);
  g_signal_emit (self, signals[ACKED], 0, revision, latency);
}

static void
load_snapshot (ConferClientDoc *self,
               JsonObject      *object)
{
  const char *text = json_object_get_string_member_with_default (object, "text", "");

  if (self->ot != NULL && confer_ot_client_get_state (self->ot) != CONFER_OT_CLIENT_SYNCHRONIZED)
    g_warning ("Document %s: unsent changes were dropped for the server's text", self->id);
  g_clear_pointer (&self->rope, confer_rope_free);
  g_clear_object (&self->ot);
  g_clear_pointer (&self->inflight_txn, g_free);
  self->rope = confer_rope_new_from_text (text, -1, NULL);
  if (self->rope == NULL)
    self->rope = confer_rope_new ();
  g_hash_table_remove_all (self->presence);
  self->ot = confer_ot_client_new (json_object_get_int_member (object, "rev"));
  self->ready = TRUE;
  self->n_inflight_edits = self->n_buffer_edits = 0;
  schedule_save (self);
  g_signal_emit (self, signals[READY], 0);
}

/* Applies a list of committed operations: the answer to `doc.open` after a
 * reconnect (@reply), or a broadcast batch. The client's own in-flight
 * operation among them is its ack. */
static void
catch_up (ConferClientDoc *self,
          JsonObject      *object,
          gboolean         reply)
{
  gboolean promoted = FALSE;

  JsonArray *ops = json_object_get_array_member (object, "ops");
  const char *me = confer_client_get_participant_id (self->client);

  for (guint i = 0; ops != NULL && i < json_array_get_length (ops); i++)
    {
      JsonObject *entry = json_array_get_object_element (ops, i);

      if (self->inflight_txn != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "author", ""), me) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "txn", ""), self->inflight_txn) == 0)
        {
          /* Our in-flight change, committed with the others of the list
           * (or before the connection dropped): its entry is the ack. Hold
           * the buffer back until the whole list is applied. */
          g_autoptr(ConferTextOp) next = confer_ot_client_apply_ack (self->ot, json_object_get_int_member (entry, "rev"));

          confer_client_untrack_txn (self->client, self->inflight_txn);
          g_clear_pointer (&self->inflight_txn, g_free);
          acknowledge_edits (self, next != NULL);
          if (next != NULL)
            {
              self->inflight_txn = confer_connection_new_txn (confer_client_get_connection (self->client));
              promoted = TRUE;
            }
          g_signal_emit (self, signals[ACKED], 0, (guint64) json_object_get_int_member (entry, "rev"),
                         (guint64) (g_get_monotonic_time () - self->inflight_sent));
        }
      else if (!apply_remote (self, entry))
        return;
    }

  /* After a reconnect the in-flight operation goes out again (same txn);
   * a buffer promoted by an ack in the list goes out for the first time. */
  if (confer_ot_client_get_inflight (self->ot) != NULL && (reply || promoted))
    send_op (self, confer_ot_client_get_inflight (self->ot), self->inflight_txn == NULL);
}

/**
 * confer_client_doc_handle:
 * @self: a document
 * @message: a server message about it
 *
 * Handles `doc.snapshot`, `doc.ops`, `doc.op`, `doc.ack`, `presence` and
 * `error` answers to the document's own requests.
 */
void
confer_client_doc_handle (ConferClientDoc *self,
                          ConferMessage   *message)
{
  const char *type = confer_message_get_type_name (message);
  JsonObject *object = confer_message_get_object (message);

  if (g_str_equal (type, "doc.snapshot"))
    load_snapshot (self, object);
  else if (!self->ready)
    return;
  else if (g_str_equal (type, "doc.ops"))
    {
      catch_up (self, object, confer_message_get_txn (message) != NULL);
      g_signal_emit (self, signals[BATCH_APPLIED], 0);
    }
  else if (g_str_equal (type, "doc.op"))
    {
      apply_remote (self, object);
      g_signal_emit (self, signals[BATCH_APPLIED], 0);
    }
  else if (g_str_equal (type, "doc.ack"))
    {
      if (g_strcmp0 (confer_message_get_txn (message), self->inflight_txn) == 0)
        apply_ack (self, json_object_get_int_member (object, "rev"));
    }
  else if (g_str_equal (type, "presence"))
    {
      Selection *selection = g_new (Selection, 1);
      const char *participant = json_object_get_string_member (object, "participant");

      selection->anchor = confer_ot_client_transform_remote_position (self->ot, json_object_get_int_member (object, "anchor"));
      selection->head = confer_ot_client_transform_remote_position (self->ot, json_object_get_int_member (object, "head"));
      g_hash_table_replace (self->presence, g_strdup (participant), selection);
      g_signal_emit (self, signals[PRESENCE], 0, participant, (guint64) selection->anchor, (guint64) selection->head);
    }
  else if (g_str_equal (type, "error") &&
           g_strcmp0 (confer_message_get_txn (message), self->inflight_txn) == 0 &&
           g_str_equal (json_object_get_string_member_with_default (object, "code", ""), "rate-limited"))
    {
      /* Dropped, not refused: send it again, unchanged, a little later. */
      if (self->retry_source == NULL)
        self->retry_source = confer_timeout_add (RETRY_DELAY_MS, retry_cb, self);
    }
  else if (g_str_equal (type, "error") &&
           g_strcmp0 (confer_message_get_txn (message), self->inflight_txn) == 0)
    {
      /* The change was refused (a role without edit rights, say): the text
       * must go back to the server's. */
      g_signal_emit (self, signals[REFUSED], 0,
                     json_object_get_string_member_with_default (object, "code", "internal"),
                     json_object_get_string_member_with_default (object, "message", ""));
      g_clear_object (&self->ot);
      g_clear_pointer (&self->inflight_txn, g_free);
      self->n_inflight_edits = self->n_buffer_edits = 0;
      self->ready = FALSE;
      confer_client_doc_resume (self);
    }
}

/**
 * confer_client_doc_get_id:
 * @self: a document
 *
 * Returns: its id
 */
const char *
confer_client_doc_get_id (ConferClientDoc *self)
{
  return self->id;
}

/**
 * confer_client_doc_get_inflight_txn:
 * @self: a document
 *
 * Returns: (nullable): the txn of the change in flight
 */
const char *
confer_client_doc_get_inflight_txn (ConferClientDoc *self)
{
  return self->inflight_txn;
}

/**
 * confer_client_doc_is_ready:
 * @self: a document
 *
 * Returns: %TRUE once its text has arrived
 */
gboolean
confer_client_doc_is_ready (ConferClientDoc *self)
{
  return self->ready;
}

/**
 * confer_client_doc_get_rope:
 * @self: a ready document
 *
 * Returns: (transfer none): the local text, with local changes applied
 */
const ConferRope *
confer_client_doc_get_rope (ConferClientDoc *self)
{
  return self->rope;
}

/**
 * confer_client_doc_get_revision:
 * @self: a ready document
 *
 * Returns: the server revision the local text is based on
 */
guint64
confer_client_doc_get_revision (ConferClientDoc *self)
{
  return self->ot != NULL ? confer_ot_client_get_revision (self->ot) : 0;
}

/**
 * confer_client_doc_is_synchronized:
 * @self: a document
 *
 * Returns: %TRUE if it is ready and every local change was acknowledged
 */
gboolean
confer_client_doc_is_synchronized (ConferClientDoc *self)
{
  return self->ready && confer_ot_client_get_state (self->ot) == CONFER_OT_CLIENT_SYNCHRONIZED;
}

/**
 * confer_client_doc_get_n_unsent:
 * @self: a document
 *
 * Returns: how many local changes the server has not acknowledged yet
 *   (made while offline, or on their way); edits less than 2 s apart are
 *   one change, as a word or a sentence typed in one go is to the person
 *   typing it
 */
guint
confer_client_doc_get_n_unsent (ConferClientDoc *self)
{
  return self->n_inflight_edits + self->n_buffer_edits;
}

/**
 * confer_client_doc_apply_local:
 * @self: a ready document
 * @op: a change the user made, on the local text
 * @error: return location for a #GError
 *
 * Applies a local change and sends it (or buffers it while a change is in
 * flight or the connection is down).
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_PENDING if the
 *   document is not ready, or the error of confer_text_op_apply()
 */
gboolean
confer_client_doc_apply_local (ConferClientDoc  *self,
                               ConferTextOp     *op,
                               GError          **error)
{
  g_autoptr(ConferTextOp) to_send = NULL;
  gboolean new_change;

  if (!self->ready)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING, "The document's text has not arrived yet");
      return FALSE;
    }
  if (!confer_text_op_apply (op, self->rope, error))
    return FALSE;
  move_presence (self, op);
  to_send = confer_ot_client_apply_local (self->ot, op);
  new_change = g_get_monotonic_time () - self->last_local_edit >= CHANGE_GAP_US;
  self->last_local_edit = g_get_monotonic_time ();
  if (to_send != NULL)
    {
      self->n_inflight_edits = 1;
      send_op (self, to_send, TRUE);
    }
  else if (new_change || self->n_inflight_edits + self->n_buffer_edits == 0)
    self->n_buffer_edits++;
  schedule_save (self);
  return TRUE;
}

/**
 * confer_client_doc_wait:
 * @self: a document
 * @synchronized: also wait until every local change is acknowledged
 * @timeout_ms: how long to wait, in ms
 * @error: return location for a #GError
 *
 * Runs the default main context until the document is ready (and
 * synchronized), for command-line tools and tests.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_TIMED_OUT
 */
gboolean
confer_client_doc_wait (ConferClientDoc  *self,
                        gboolean          synchronized,
                        guint             timeout_ms,
                        GError          **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while ((!self->ready || (synchronized && !confer_client_doc_is_synchronized (self))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (self->ready && (!synchronized || confer_client_doc_is_synchronized (self)))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The document did not %s in time",
               self->ready ? "synchronise" : "arrive");
  return FALSE;
}

/**
 * confer_client_doc_set_cursor:
 * @self: a ready, synchronised document
 * @anchor: selection anchor, in code points
 * @head: cursor, in code points
 *
 * Shares this participant's cursor. Sent only while synchronised, when
 * local and server positions agree.
 */
void
confer_client_doc_set_cursor (ConferClientDoc *self,
                              gsize            anchor,
                              gsize            head)
{
  g_autoptr(ConferMessage) presence = NULL;
  JsonObject *object;

  if (!confer_client_doc_is_synchronized (self))
    return;
  presence = confer_message_new ("presence");
  object = confer_message_get_object (presence);
  json_object_set_string_member (object, "doc", self->id);
  json_object_set_int_member (object, "rev", confer_ot_client_get_revision (self->ot));
  json_object_set_int_member (object, "anchor", anchor);
  json_object_set_int_member (object, "head", head);
  confer_connection_send (confer_client_get_connection (self->client), presence);
}

/**
 * confer_client_doc_get_presence:
 * @self: a document
 *
 * The other participants' selections as last shared, moved through every
 * edit since (local and remote), in positions of this client's text —
 * for a view that starts showing the document after they arrived.
 *
 * Returns: (transfer container) (element-type utf8): the participant ids
 *   with a selection here; each one's with
 *   confer_client_doc_get_selection()
 */
GList *
confer_client_doc_get_presence (ConferClientDoc *self)
{
  return g_hash_table_get_keys (self->presence);
}

/**
 * confer_client_doc_get_selection:
 * @self: a document
 * @participant: a participant id
 * @anchor: (out): the selection's anchor, in code points
 * @head: (out): its head (the caret), in code points
 *
 * Returns: %TRUE if @participant has shared a selection in this document
 */
gboolean
confer_client_doc_get_selection (ConferClientDoc *self,
                                 const char      *participant,
                                 gsize           *anchor,
                                 gsize           *head)
{
  Selection *selection = g_hash_table_lookup (self->presence, participant);

  if (selection == NULL)
    return FALSE;
  *anchor = selection->anchor;
  *head = selection->head;
  return TRUE;
}

/**
 * confer_client_doc_close:
 * @self: (transfer none): a document; invalid afterwards
 *
 * Stops following the document and drops it.
 */
void
confer_client_doc_close (ConferClientDoc *self)
{
  g_autoptr(ConferMessage) close = confer_message_new ("doc.close");

  json_object_set_string_member (confer_message_get_object (close), "doc", self->id);
  confer_client_doc_save (self);
  confer_connection_send (confer_client_get_connection (self->client), close);
  confer_client_forget_item (self->client, self);
}
