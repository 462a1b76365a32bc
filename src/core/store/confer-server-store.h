/* confer-server-store.h: conferd's SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "confer-chat.h"
#include "confer-role.h"

G_BEGIN_DECLS

/**
 * ConferParticipantRecord:
 * @id: participant id
 * @name: display name
 * @colour: colour as `#rrggbb`
 * @role: role in the session
 *
 * A participant as stored.
 */
typedef struct
{
  char       *id;
  char       *name;
  char       *colour;
  ConferRole  role;
} ConferParticipantRecord;

/**
 * ConferInviteRecord:
 * @id: invite id (not the token)
 * @role: the role it grants
 * @expires: expiry as Unix time in seconds, or 0 for never
 * @max_uses: how many joins it allows, or 0 for unlimited
 * @uses: how many joins it has had
 * @revoked: whether an owner revoked it
 * @created: creation time, Unix seconds
 *
 * An invite as stored; its token exists only as a SHA-256 hash.
 */
typedef struct
{
  char       *id;
  ConferRole  role;
  gint64      expires;
  gint64      max_uses;
  gint64      uses;
  gboolean    revoked;
  gint64      created;
} ConferInviteRecord;

/**
 * ConferDocumentRecord:
 * @id: document id
 * @title: title
 * @edited: when it was last edited (or made), Unix seconds
 * @deleted: when it was deleted, Unix seconds; 0 if it is not
 * @deleted_by: (nullable): the participant id of who deleted it
 * @kind: `text` or `board`
 *
 * A document (an item of the session, of any kind) as listed.
 */
typedef struct
{
  char    *id;
  char    *title;
  gint64   edited;
  gint64   deleted;
  char    *deleted_by;
  char    *kind;
} ConferDocumentRecord;

/**
 * ConferStoredOp:
 * @revision: the revision the operation produced
 * @op_json: the operation as JSON text
 * @author: the participant id of its author
 * @txn: the author's transaction id
 *
 * One committed operation as stored.
 */
typedef struct
{
  guint64  revision;
  char    *op_json;
  char    *author;
  char    *txn;
} ConferStoredOp;

/**
 * ConferChatRecord:
 * @id: the message's id
 * @seq: the chat sequence number of the event that sent it: its place
 * @author: the participant id of who sent it
 * @time: when the server took it, Unix ms
 * @text: its text (Markdown source); empty once deleted
 * @reply_to: (nullable): the id of the message it answers
 * @attachments: (nullable): the blob names it carries
 * @voice: (nullable): what its one attachment, a voice message, says of
 *   itself: `duration_ms` and `waveform` (confer_chat_voice_to_json())
 * @reactions: (nullable): each emoji reacted with, to the array of the
 *   ids of who reacted, in the order they did
 * @edited: whether its author changed its text
 * @deleted: whether it was deleted (a tombstone)
 *
 * A chat message as it is now.
 */
typedef struct
{
  char       *id;
  guint64     seq;
  char       *author;
  gint64      time;
  char       *text;
  char       *reply_to;
  JsonArray  *attachments;
  JsonObject *voice;
  JsonObject *reactions;
  gboolean    edited;
  gboolean    deleted;
} ConferChatRecord;

/**
 * ConferChatEventRecord:
 * @seq: the event's chat sequence number
 * @kind: what it did
 * @author: who did it
 * @txn: with which txn
 * @message: the message it touched, as it is now
 *
 * A committed chat event, as resuming lists it.
 */
typedef struct
{
  guint64              seq;
  ConferChatEventKind  kind;
  char                *author;
  char                *txn;
  ConferChatRecord    *message;
} ConferChatEventRecord;

void confer_participant_record_free (ConferParticipantRecord *record);
ConferChatRecord *confer_chat_record_copy (const ConferChatRecord *record);
void confer_chat_record_free        (ConferChatRecord        *record);
void confer_chat_event_record_free  (ConferChatEventRecord   *record);
void confer_invite_record_free      (ConferInviteRecord      *record);
void confer_document_record_free    (ConferDocumentRecord    *record);
void confer_stored_op_free          (ConferStoredOp          *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferParticipantRecord, confer_participant_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferInviteRecord, confer_invite_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferDocumentRecord, confer_document_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferChatRecord, confer_chat_record_free)

#define CONFER_TYPE_SERVER_STORE (confer_server_store_get_type ())

G_DECLARE_FINAL_TYPE (ConferServerStore, confer_server_store, CONFER, SERVER_STORE, GObject)

ConferServerStore       *confer_server_store_open                (const char         *path,
                                                                  GError            **error);
gboolean                 confer_server_store_begin               (ConferServerStore  *self,
                                                                  GError            **error);
gboolean                 confer_server_store_commit              (ConferServerStore  *self,
                                                                  GError            **error);
void                     confer_server_store_rollback            (ConferServerStore  *self);

gboolean                 confer_server_store_add_session         (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  const char         *title,
                                                                  GError            **error);
char                    *confer_server_store_get_session_title   (ConferServerStore  *self,
                                                                  const char         *id);

gboolean                 confer_server_store_add_participant     (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const ConferParticipantRecord *record,
                                                                  const char         *token_hash,
                                                                  GError            **error);
ConferParticipantRecord *confer_server_store_find_participant    (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *token_hash);
GPtrArray               *confer_server_store_list_participants   (ConferServerStore  *self,
                                                                  const char         *session);

gboolean                 confer_server_store_add_invite          (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const ConferInviteRecord *record,
                                                                  const char         *token_hash,
                                                                  GError            **error);
ConferInviteRecord      *confer_server_store_find_invite         (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *token_hash);
gboolean                 confer_server_store_use_invite          (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  GError            **error);
gboolean                 confer_server_store_revoke_invite       (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *id,
                                                                  gboolean           *found,
                                                                  GError            **error);
GPtrArray               *confer_server_store_list_invites        (ConferServerStore  *self,
                                                                  const char         *session);

gboolean                 confer_server_store_add_document        (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *id,
                                                                  const char         *kind,
                                                                  const char         *title,
                                                                  GError            **error);
gboolean                 confer_server_store_rename_document     (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  const char         *title,
                                                                  GError            **error);
gboolean                 confer_server_store_delete_document     (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  const char         *by,
                                                                  GError            **error);
gboolean                 confer_server_store_restore_document    (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  GError            **error);
gboolean                 confer_server_store_set_document_edited (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  gint64              edited,
                                                                  GError            **error);
GPtrArray               *confer_server_store_list_documents      (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  gint64              deleted_since);
ConferDocumentRecord    *confer_server_store_find_document       (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *id);
gboolean                 confer_server_store_load_document       (ConferServerStore  *self,
                                                                  const char         *id,
                                                                  char              **snapshot,
                                                                  guint64            *snapshot_revision,
                                                                  GPtrArray         **ops,
                                                                  GError            **error);
gboolean                 confer_server_store_append_op           (ConferServerStore  *self,
                                                                  const char         *doc,
                                                                  const ConferStoredOp *op,
                                                                  GError            **error);
gboolean                 confer_server_store_compact             (ConferServerStore  *self,
                                                                  GError            **error);
gint64                   confer_server_store_get_journal_rows    (ConferServerStore  *self);
gboolean                 confer_server_store_save_snapshot       (ConferServerStore  *self,
                                                                  const char         *doc,
                                                                  guint64             revision,
                                                                  const char         *text,
                                                                  GError            **error);
GHashTable              *confer_server_store_list_txns           (ConferServerStore  *self,
                                                                  const char         *doc);
GPtrArray               *confer_server_store_list_ops_since      (ConferServerStore  *self,
                                                                  const char         *doc,
                                                                  guint64             revision);
void                     confer_server_store_load_board          (ConferServerStore  *self,
                                                                  const char         *board,
                                                                  GPtrArray         **elements,
                                                                  guint64            *seq);
gboolean                 confer_server_store_save_board_element  (ConferServerStore  *self,
                                                                  const char         *board,
                                                                  const char         *id,
                                                                  const char         *element_json,
                                                                  GError            **error);
gboolean                 confer_server_store_set_board_seq       (ConferServerStore  *self,
                                                                  const char         *board,
                                                                  guint64             seq,
                                                                  GError            **error);
gboolean                 confer_server_store_add_blob            (ConferServerStore  *self,
                                                                  const char         *name,
                                                                  const char         *type,
                                                                  gsize               size,
                                                                  const char         *session,
                                                                  GError            **error);
char                    *confer_server_store_find_blob           (ConferServerStore  *self,
                                                                  const char         *name,
                                                                  const char         *session);

guint64                  confer_server_store_get_chat_seq        (ConferServerStore  *self,
                                                                  const char         *session);
gboolean                 confer_server_store_find_chat_txn       (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *author,
                                                                  const char         *txn,
                                                                  guint64            *seq,
                                                                  char              **message);
ConferChatRecord        *confer_server_store_find_chat_message   (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *id);
gboolean                 confer_server_store_add_chat_event      (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  guint64             seq,
                                                                  ConferChatEventKind kind,
                                                                  const char         *author,
                                                                  const char         *txn,
                                                                  const ConferChatRecord *message,
                                                                  const char         *old_text,
                                                                  GError            **error);
GPtrArray               *confer_server_store_list_chat_messages  (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  guint64             before,
                                                                  guint               limit,
                                                                  gboolean           *more);
GPtrArray               *confer_server_store_list_chat_events    (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  guint64             after,
                                                                  guint               limit);
GPtrArray               *confer_server_store_list_chat_versions  (ConferServerStore  *self,
                                                                  const char         *message);
GPtrArray               *confer_server_store_search_chat         (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *query,
                                                                  guint               limit,
                                                                  GError            **error);
gboolean                 confer_server_store_set_chat_read       (ConferServerStore  *self,
                                                                  const char         *session,
                                                                  const char         *participant,
                                                                  guint64             seq,
                                                                  GError            **error);
GHashTable              *confer_server_store_list_chat_reads     (ConferServerStore  *self,
                                                                  const char         *session);

G_END_DECLS
