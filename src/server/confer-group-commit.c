/* confer-group-commit.c: entries of any kind (text operations, board
 * transactions, later chat events) applied in memory as they arrive and
 * committed to the store together once the main loop has drained the
 * sockets; acknowledgements and broadcasts go out only after the commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-group-commit"

#include "config.h"

#include "confer-group-commit.h"
#include "confer-server-private.h"

/* The longest an acknowledgement waits for the group commit, in ms. */
#define FLUSH_MAX_DELAY_MS 5
/* The journal is compacted once no commit has come for COMPACT_QUIET_MS,
 * or within commits when it exceeds JOURNAL_HARD_LIMIT rows. */
#define COMPACT_QUIET_MS   300
#define JOURNAL_HARD_LIMIT 1000000

struct _ConferGroupCommit
{
  ConferServerStore *store;          /* unowned; outlives the commit */
  GPtrArray         *pending;        /* ConferCommitEntry */
  guint              flush_source;
  guint              flush_deadline;
  guint              compact_source;
  gint64             last_commit;    /* monotonic µs */
};

static void
entry_free (ConferCommitEntry *entry)
{
  g_clear_pointer (&entry->peer, confer_peer_unref);
  g_clear_pointer (&entry->broadcast, confer_message_unref);
  g_free (entry->txn);
  g_free (entry);
}

/**
 * confer_group_commit_new:
 * @store: the store to commit to; it must outlive the group commit
 *
 * Returns: (transfer full): a group commit with nothing pending
 */
ConferGroupCommit *
confer_group_commit_new (ConferServerStore *store)
{
  ConferGroupCommit *self = g_new0 (ConferGroupCommit, 1);

  self->store = store;
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return self;
}

/**
 * confer_group_commit_free:
 * @self: (transfer full): a group commit
 *
 * Frees the group commit; what is still pending is dropped unsent, so
 * call confer_group_commit_flush() first.
 */
void
confer_group_commit_free (ConferGroupCommit *self)
{
  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_deadline, g_source_remove);
  g_clear_handle_id (&self->compact_source, g_source_remove);
  g_ptr_array_unref (self->pending);
  g_free (self);
}

static gboolean
flush_cb (gpointer data)
{
  confer_group_commit_flush (data);
  return G_SOURCE_REMOVE;
}

/* The commit waits until the sockets are drained (an idle source below
 * their priority), so one transaction takes everything that arrived
 * meanwhile; under load that never lets up, the timeout bounds the wait. */
static void
schedule_flush (ConferGroupCommit *self)
{
  if (self->flush_source != 0)
    return;
  self->flush_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
  if (self->flush_deadline == 0)
    self->flush_deadline = g_timeout_add_full (G_PRIORITY_DEFAULT, FLUSH_MAX_DELAY_MS, flush_cb, self, NULL);
}

/**
 * confer_group_commit_queue:
 * @self: a group commit
 * @family: the entry's kind
 * @peer: the author's connection
 * @target: the document, board or session the entry belongs to
 * @seq: the revision or sequence number the entry produced (or, for a
 *   duplicate, had produced)
 * @txn: (nullable): the author's txn
 * @duplicate: %TRUE if the entry was committed before and only the ack
 *   must be sent again
 *
 * Queues an entry applied in memory for the next group commit, at most
 * 5 ms away.
 */
void
confer_group_commit_queue (ConferGroupCommit        *self,
                           const ConferCommitFamily *family,
                           ConferPeer               *peer,
                           gpointer                  target,
                           guint64                   seq,
                           const char               *txn,
                           gboolean                  duplicate)
{
  ConferCommitEntry *entry = g_new0 (ConferCommitEntry, 1);

  entry->family = family;
  entry->peer = confer_peer_ref (peer);
  entry->target = target;
  entry->seq = seq;
  entry->txn = g_strdup (txn);
  entry->duplicate = duplicate;
  g_ptr_array_add (self->pending, entry);
  schedule_flush (self);
}

/**
 * confer_group_commit_queue_broadcast:
 * @self: a group commit
 * @family: the kind of @target
 * @target: whose subscribers get @message
 * @except: (nullable): a connection to leave out
 * @message: the message
 *
 * Sends @message to the target's subscribers after the pending commit, so
 * it follows the entries queued before it; at once if nothing is pending.
 */
void
confer_group_commit_queue_broadcast (ConferGroupCommit        *self,
                                     const ConferCommitFamily *family,
                                     gpointer                  target,
                                     ConferPeer               *except,
                                     ConferMessage            *message)
{
  ConferCommitEntry *entry;

  if (self->pending->len == 0)
    {
      family->broadcast (target, except, message);
      return;
    }
  entry = g_new0 (ConferCommitEntry, 1);
  entry->family = family;
  entry->peer = except != NULL ? confer_peer_ref (except) : NULL;
  entry->target = target;
  entry->broadcast = confer_message_ref (message);
  g_ptr_array_add (self->pending, entry);
  schedule_flush (self);
}

static gboolean
writes (ConferCommitEntry *entry)
{
  return entry->broadcast == NULL && !entry->duplicate;
}

static gboolean
store_batch (ConferGroupCommit  *self,
             GPtrArray          *batch,
             GError            **error)
{
  /* Each (target, family) touched, once: a target may have entries of
   * several families (a chat's events and its read receipts). */
  g_autoptr(GPtrArray) touched = g_ptr_array_new ();

  for (guint i = 0; i < batch->len; i++)
    {
      ConferCommitEntry *entry = g_ptr_array_index (batch, i);
      gboolean seen = FALSE;

      if (!writes (entry))
        continue;
      if (!entry->family->store (self->store, entry, error))
        return FALSE;
      for (guint t = 0; t < touched->len && !seen; t++)
        {
          ConferCommitEntry *other = g_ptr_array_index (touched, t);

          seen = other->target == entry->target && other->family == entry->family;
        }
      if (!seen)
        g_ptr_array_add (touched, entry);
    }

  for (guint t = 0; t < touched->len; t++)
    {
      ConferCommitEntry *entry = g_ptr_array_index (touched, t);

      if (entry->family->stored != NULL && !entry->family->stored (self->store, entry->target, error))
        return FALSE;
    }
  /* Compaction is quiet-time work, unless the journal grows past reason. */
  if (confer_server_store_get_journal_rows (self->store) > JOURNAL_HARD_LIMIT)
    return confer_server_store_compact (self->store, error);
  return TRUE;
}

/* One chunk of journal compaction per call while the server stays quiet. */
static gboolean
compact_cb (gpointer data)
{
  ConferGroupCommit *self = data;
  g_autoptr(GError) error = NULL;

  if (self->pending->len > 0 ||
      g_get_monotonic_time () - self->last_commit < COMPACT_QUIET_MS * 1000)
    return G_SOURCE_CONTINUE;
  if (!confer_server_store_begin (self->store, &error) ||
      !confer_server_store_compact (self->store, &error) ||
      !confer_server_store_commit (self->store, &error))
    {
      g_warning ("Could not compact the journal: %s", error->message);
      confer_server_store_rollback (self->store);
    }
  if (error == NULL && confer_server_store_get_journal_rows (self->store) > 2 * 1024)
    return G_SOURCE_CONTINUE;
  self->compact_source = 0;
  return G_SOURCE_REMOVE;
}

static void
publish_run (GHashTable *runs,
             gpointer    target)
{
  GPtrArray *run = g_hash_table_lookup (runs, target);

  if (run == NULL || run->len == 0)
    return;
  ((ConferCommitEntry *) g_ptr_array_index (run, 0))->family->publish (target, run);
  g_ptr_array_set_size (run, 0);
}

/**
 * confer_group_commit_flush:
 * @self: a group commit
 *
 * Commits every queued entry in one transaction, then sends the
 * acknowledgements and broadcasts, in queue order per target. If the store
 * fails, the authors get `internal` errors and each touched target is told
 * to reload, so memory never holds what the disk lost. Handlers call this
 * before a change they write on their own (a new document, an invite), so
 * it lands after what was queued before it.
 *
 * Returns: %TRUE if the commit succeeded (or nothing was pending)
 */
gboolean
confer_group_commit_flush (ConferGroupCommit *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) runs = NULL;
  GHashTableIter iter;
  gpointer target;
  gboolean any_write = FALSE;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_deadline, g_source_remove);
  if (self->pending->len == 0)
    return TRUE;

  batch = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < batch->len && !any_write; i++)
    any_write = writes (g_ptr_array_index (batch, i));

  if (any_write &&
      (!confer_server_store_begin (self->store, &error) || !store_batch (self, batch, &error) ||
       !confer_server_store_commit (self->store, &error)))
    {
      g_autoptr(GError) internal = g_error_new (CONFER_PROTOCOL_ERROR, CONFER_PROTOCOL_ERROR_INTERNAL,
                                                "The server could not store the change: %s",
                                                error->message);

      g_warning ("Group commit failed: %s", error->message);
      confer_server_store_rollback (self->store);
      for (guint i = 0; i < batch->len; i++)
        {
          ConferCommitEntry *entry = g_ptr_array_index (batch, i);

          if (writes (entry))
            {
              confer_peer_send_error (entry->peer, internal, entry->txn);
              entry->family->failed (entry->target);
            }
        }
      return FALSE;
    }
  if (any_write)
    {
      self->last_commit = g_get_monotonic_time ();
      if (self->compact_source == 0)
        self->compact_source = g_timeout_add (COMPACT_QUIET_MS / 3, compact_cb, self);
    }

  runs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < batch->len; i++)
    {
      ConferCommitEntry *entry = g_ptr_array_index (batch, i);
      GPtrArray *run;

      if (!writes (entry))
        {
          /* Keep the order: what was committed before goes out first. */
          publish_run (runs, entry->target);
          if (entry->broadcast != NULL)
            entry->family->broadcast (entry->target, entry->peer, entry->broadcast);
          else
            entry->family->ack (entry);
          continue;
        }
      run = g_hash_table_lookup (runs, entry->target);
      /* A run is one family's: another family's entry for the target ends
       * it (in order: what was queued first goes out first). */
      if (run != NULL && run->len > 0 &&
          ((ConferCommitEntry *) g_ptr_array_index (run, 0))->family != entry->family)
        publish_run (runs, entry->target);
      if (run == NULL)
        g_hash_table_insert (runs, entry->target, run = g_ptr_array_new ());
      g_ptr_array_add (run, entry);
    }
  g_hash_table_iter_init (&iter, runs);
  while (g_hash_table_iter_next (&iter, &target, NULL))
    publish_run (runs, target);
  return TRUE;
}
