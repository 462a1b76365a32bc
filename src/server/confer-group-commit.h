/* confer-group-commit.h: committing entries of any kind together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"

G_BEGIN_DECLS

typedef struct _ConferGroupCommit  ConferGroupCommit;
typedef struct _ConferCommitEntry  ConferCommitEntry;
typedef struct _ConferCommitFamily ConferCommitFamily;
typedef struct _ConferPeer         ConferPeer;

/**
 * ConferCommitEntry:
 * @family: what kind of entry it is
 * @peer: (nullable): the author's connection (a reference); for a
 *   broadcast, the connection to leave out
 * @target: the document, board or session the entry belongs to; the
 *   entries of one target are published in the order they were queued
 * @seq: the revision or sequence number the entry produced (for a
 *   duplicate, had produced)
 * @txn: (nullable): the author's txn
 * @duplicate: %TRUE if the entry was committed before and only its ack
 *   goes out again
 * @broadcast: (nullable): a message held back until what was queued
 *   before it is committed, then sent to @target's subscribers
 *
 * One thing waiting for the next group commit.
 */
struct _ConferCommitEntry
{
  const ConferCommitFamily *family;
  ConferPeer               *peer;
  gpointer                  target;
  guint64                   seq;
  char                     *txn;
  gboolean                  duplicate;
  ConferMessage            *broadcast;
};

/**
 * ConferCommitFamily:
 * @store: writes one entry into the open transaction
 * @stored: (nullable): after a commit's entries are written, once per
 *   target they touched (a snapshot, say), still inside the transaction
 * @publish: sends a run of committed entries of one target, in order:
 *   the broadcast to its subscribers and the authors' acknowledgements
 * @ack: sends the acknowledgement of a duplicate again
 * @broadcast: sends a message to the target's subscribers but @except
 * @failed: the commit failed: the target drops what memory holds beyond
 *   the store, to reload it
 *
 * What a message family (text, boards, chat…) tells the group commit
 * about its entries.
 */
struct _ConferCommitFamily
{
  gboolean (*store)     (ConferServerStore *store,
                         ConferCommitEntry *entry,
                         GError           **error);
  gboolean (*stored)    (ConferServerStore *store,
                         gpointer           target,
                         GError           **error);
  void     (*publish)   (gpointer           target,
                         GPtrArray         *run);
  void     (*ack)       (ConferCommitEntry *entry);
  void     (*broadcast) (gpointer           target,
                         ConferPeer        *except,
                         ConferMessage     *message);
  void     (*failed)    (gpointer           target);
};

ConferGroupCommit *confer_group_commit_new             (ConferServerStore        *store);
void               confer_group_commit_free            (ConferGroupCommit        *self);
void               confer_group_commit_queue           (ConferGroupCommit        *self,
                                                        const ConferCommitFamily *family,
                                                        ConferPeer               *peer,
                                                        gpointer                  target,
                                                        guint64                   seq,
                                                        const char               *txn,
                                                        gboolean                  duplicate);
void               confer_group_commit_queue_broadcast (ConferGroupCommit        *self,
                                                        const ConferCommitFamily *family,
                                                        gpointer                  target,
                                                        ConferPeer               *except,
                                                        ConferMessage            *message);
gboolean           confer_group_commit_flush           (ConferGroupCommit        *self);

G_END_DECLS
