/* confer-client-cache.h: what a client keeps on disk between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core-error.h"
#include "confer-item.h"
#include "confer-link.h"
#include "confer-model-list.h"
#include "confer-participant.h"
#include "confer-text-op.h"

G_BEGIN_DECLS

/**
 * ConferCachedSession:
 * @link: the link the session was joined with
 * @title: (nullable): the session's title
 * @participant_id: (nullable): who this client is in the session
 * @token: (nullable): the participant token that resumes as them
 * @role: their role (guest if the cache's copy names none it knows)
 * @items: a #GListModel of #ConferItem: the session's documents and
 *   boards when last seen (possibly empty; never %NULL once loaded)
 * @participants: a #GListModel of #ConferParticipant: its participants
 *   when last seen, as they were then (possibly empty; never %NULL once
 *   loaded)
 * @used: when the session was last joined, in seconds since 1970
 *
 * A session this client joined.
 */
typedef struct
{
  char      *link;
  char      *title;
  char      *participant_id;
  char      *token;
  ConferRole role;
  GListModel *items;
  GListModel *participants;
  gint64     used;
} ConferCachedSession;

/**
 * ConferCachedDoc:
 * @revision: the server revision the text is based on
 * @text: the local text, with the unsent changes applied
 * @inflight: (nullable): the change sent and not yet acknowledged, on
 *   revision @revision
 * @inflight_txn: (nullable): its txn, sent again unchanged so the server
 *   never applies it twice
 * @buffer: (nullable): the changes made after it, composed, not yet sent
 * @n_unsent: how many local edits @inflight and @buffer hold
 *
 * A document's state as the client left it.
 */
typedef struct
{
  guint64       revision;
  char         *text;
  ConferTextOp *inflight;
  char         *inflight_txn;
  ConferTextOp *buffer;
  guint         n_unsent;
} ConferCachedDoc;

#define CONFER_TYPE_CLIENT_CACHE (confer_client_cache_get_type ())

G_DECLARE_FINAL_TYPE (ConferClientCache, confer_client_cache, CONFER, CLIENT_CACHE, GObject)

ConferClientCache   *confer_client_cache_open            (const char                *path,
                                                          GError                   **error);
ConferCachedSession *confer_client_cache_load_session    (ConferClientCache         *self,
                                                          const ConferLink          *link);
gboolean             confer_client_cache_save_session    (ConferClientCache         *self,
                                                          const ConferLink          *link,
                                                          const ConferCachedSession *session,
                                                          GError                   **error);
gboolean             confer_client_cache_forget_session  (ConferClientCache         *self,
                                                          const ConferLink          *link,
                                                          GError                   **error);
ConferCachedDoc     *confer_client_cache_load_doc        (ConferClientCache         *self,
                                                          const ConferLink          *link,
                                                          const char                *doc_id);
gboolean             confer_client_cache_save_doc        (ConferClientCache         *self,
                                                          const ConferLink          *link,
                                                          const char                *doc_id,
                                                          const ConferCachedDoc     *doc,
                                                          GError                   **error);
guint                confer_client_cache_count_unsent    (ConferClientCache         *self,
                                                          const ConferLink          *link);

gboolean             confer_client_cache_save_invite_link (ConferClientCache        *self,
                                                          const ConferLink         *link,
                                                          const char               *invite_id,
                                                          const char               *invite_link,
                                                          GError                  **error);
char                *confer_client_cache_load_invite_link (ConferClientCache        *self,
                                                          const ConferLink         *link,
                                                          const char               *invite_id);
gboolean             confer_client_cache_save_chat_outbox (ConferClientCache       *self,
                                                          const ConferLink         *link,
                                                          const char *const        *frames,
                                                          GError                  **error);
char               **confer_client_cache_load_chat_outbox (ConferClientCache       *self,
                                                          const ConferLink         *link,
                                                          GError                  **error);
gboolean             confer_client_cache_save_voice_played (ConferClientCache       *self,
                                                          const ConferLink         *link,
                                                          const char               *message_id,
                                                          GError                  **error);
gboolean             confer_client_cache_load_voice_played (ConferClientCache       *self,
                                                          const ConferLink         *link,
                                                          const char               *message_id);
void                 confer_cached_session_free          (ConferCachedSession       *session);
void                 confer_cached_doc_free              (ConferCachedDoc           *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferCachedSession, confer_cached_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferCachedDoc, confer_cached_doc_free)

G_END_DECLS
