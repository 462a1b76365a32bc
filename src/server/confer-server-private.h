/* confer-server-private.h: what the server's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "confer-core.h"
#include "confer-group-commit.h"
#include "confer-server.h"

G_BEGIN_DECLS

typedef struct _ConferServerSession ConferServerSession;
typedef struct _ConferServerDoc     ConferServerDoc;
typedef struct _ConferServerBoard   ConferServerBoard;
typedef struct _ConferServerChat    ConferServerChat;
typedef struct _ConferServerCall    ConferServerCall;
typedef struct _ConferServerAnnotations ConferServerAnnotations;

/* A handler reads and checks its message, sets @error to refuse it
 * (nothing changed), or acts and answers. */
typedef void (*ConferServerHandlerFunc) (ConferServerSession *session,
                                         ConferPeer          *peer,
                                         ConferMessage       *message,
                                         GError             **error);

/* The handler of one message type, in its family's table. */
typedef struct
{
  const char              *type;
  ConferServerHandlerFunc  handle;
} ConferServerHandler;

/* A token bucket: `tokens` refill at a rate up to a burst. */
typedef struct
{
  double tokens;
  gint64 refilled;   /* µs, monotonic */
} ConferRateBucket;

/* One WebSocket connection. */
struct _ConferPeer
{
  gint                     ref_count;
  ConferServer            *server;       /* unowned; outlives peers */
  SoupWebsocketConnection *conn;
  char                    *remote;       /* address, for logs */
  ConferServerSession     *session;      /* NULL until welcome */
  ConferParticipantRecord *participant;  /* NULL until welcome */
  GHashTable              *docs;         /* id -> ConferServerDoc, opened */
  ConferRateBucket         rate;         /* every message */
  ConferRateBucket         call_rate;    /* call messages */
  guint                    dropped;      /* messages dropped in a row */
  guint                    hello_timeout;
  guint                    frames;       /* received; before welcome at most 1 */
  gint64                   last_heard;   /* µs, monotonic: the last frame */
  gboolean                 closed;
};

/* Per document (an item of any kind): the content is loaded on first use. */
struct _ConferServerDoc
{
  ConferServerSession *session;
  char                *id;
  const char          *kind;        /* "text" or "board" */
  char                *title;
  ConferServerBoard   *board;       /* boards: NULL until loaded */
  ConferOtServer      *ot;          /* NULL until loaded */
  GPtrArray           *meta;        /* OpMeta per op in ot's log */
  GHashTable          *txns;        /* "author\x1ftxn" -> revision */
  guint64              snapshot_revision;
  GPtrArray           *subscribers; /* ConferPeer, unowned */
  GHashTable          *presence;    /* participant id -> Presence */
  gint64               edited;      /* Unix s: the last operation */
  gint64               edited_stored;
  gint64               deleted;     /* Unix s; 0 unless in the session's trash */
  char                *deleted_by;  /* participant id */
};

/* One session with its participants and documents. */
struct _ConferServerSession
{
  ConferServer *server;
  char         *id;
  char         *title;
  GHashTable   *participants;  /* id -> ConferParticipantRecord */
  GHashTable   *online;        /* participant id -> number of connections */
  GPtrArray    *peers;         /* ConferPeer, unowned */
  GHashTable   *docs;          /* id -> ConferServerDoc */
  GHashTable   *trash;         /* id -> ConferServerDoc: deleted, restorable, loaded */
  ConferServerChat *chat;
  ConferServerCall *call;
};

/* confer-server.c */
ConferServerStore   *confer_server_get_store        (ConferServer        *self);
ConferGroupCommit   *confer_server_get_commit       (ConferServer        *self);
const char          *confer_server_get_data_dir     (ConferServer        *self);
char                *confer_server_new_token        (void);
char                *confer_server_new_id           (void);
char                *confer_server_hash_token       (const char          *token);

/* confer-peer.c */
ConferPeer          *confer_peer_new                (ConferServer        *server,
                                                     SoupWebsocketConnection *conn,
                                                     char                *remote);
ConferPeer          *confer_peer_ref                (ConferPeer          *peer);
void                 confer_peer_unref              (ConferPeer          *peer);
void                 confer_peer_close              (ConferPeer          *peer,
                                                     gushort              code,
                                                     const char          *reason);
gboolean             confer_peer_rate_allows        (ConferPeer          *peer);
void                 confer_rate_bucket_init        (ConferRateBucket    *bucket,
                                                     double               burst);
gboolean             confer_rate_bucket_take        (ConferRateBucket    *bucket,
                                                     double               rate,
                                                     double               burst);
void                 confer_peer_send               (ConferPeer          *peer,
                                                     ConferMessage       *message);
void                 confer_peer_send_encoded       (ConferPeer          *peer,
                                                     const char          *text,
                                                     gsize                n_bytes);
void                 confer_peer_send_error         (ConferPeer          *peer,
                                                     const GError        *error,
                                                     const char          *txn);

/* confer-server-session.c: membership and the handler table */
ConferServerSession *confer_server_session_load     (ConferServer        *server,
                                                     const char          *id);
void                 confer_server_session_free     (ConferServerSession *self);
gboolean             confer_server_session_welcome  (ConferServerSession *self,
                                                     ConferPeer          *peer,
                                                     ConferMessage       *hello,
                                                     GError             **error);
void                 confer_server_session_handle   (ConferServerSession *self,
                                                     ConferPeer          *peer,
                                                     ConferMessage       *message);
void                 confer_server_session_leave    (ConferServerSession *self,
                                                     ConferPeer          *peer);
void                 confer_server_session_send     (ConferServerSession *self,
                                                     ConferPeer          *except,
                                                     ConferMessage       *message);
gboolean             confer_server_require          (gboolean             allowed,
                                                     const char          *what,
                                                     GError             **error);
ConferMessage       *confer_server_reply_new        (ConferMessage       *request,
                                                     const char          *type);
gboolean             confer_server_storage_failed   (GError             **error);

/* confer-server-items.c: a session's items */
ConferServerDoc     *confer_server_doc_new          (ConferServerSession *session,
                                                     const char          *id,
                                                     const char          *kind,
                                                     const char          *title);
void                 confer_server_doc_free         (ConferServerDoc     *doc);
void                 confer_server_doc_unsubscribe  (ConferServerDoc     *doc,
                                                     ConferPeer          *peer);
void                 confer_server_doc_broadcast    (gpointer             target,
                                                     ConferPeer          *except,
                                                     ConferMessage       *message);
JsonObject          *confer_server_doc_json         (ConferServerDoc     *doc);
void                 confer_server_doc_note_edited  (ConferServerDoc     *doc);
JsonArray           *confer_server_session_docs_json (ConferServerSession *self);
ConferServerDoc     *confer_server_session_lookup_doc (ConferServerSession *self,
                                                     ConferMessage       *message,
                                                     const char          *kind,
                                                     gboolean             in_trash,
                                                     GError             **error);
const ConferServerHandler *confer_server_item_handlers (guint            *n_handlers);

/* confer-server-text.c: text documents */
void                 confer_server_doc_unload       (ConferServerDoc     *doc);
const ConferServerHandler *confer_server_text_handlers (guint            *n_handlers);

/* confer-server-board.c: boards */
void                 confer_server_board_unload     (ConferServerDoc     *doc);
const ConferServerHandler *confer_server_board_handlers (guint           *n_handlers);

/* confer-server-call.c: the session's call */
ConferServerCall    *confer_server_call_new         (ConferServerSession *session);
void                 confer_server_call_free        (ConferServerCall    *self);
void                 confer_server_call_leave       (ConferServerCall    *self,
                                                     ConferPeer          *peer);
JsonObject          *confer_server_call_state_json  (ConferServerCall    *self);
const ConferServerHandler *confer_server_call_handlers (guint            *n_handlers);

/* A member of a call, as other message families see it; valid until the
 * call changes. */
typedef struct
{
  const char *id;
  const char *room;
  ConferPeer *peer;
  gboolean    screen;   /* sharing a screen */
} ConferCallMemberInfo;

gboolean             confer_server_call_find_peer   (ConferServerCall    *self,
                                                     ConferPeer          *peer,
                                                     ConferCallMemberInfo *info,
                                                     GError             **error);
gboolean             confer_server_call_find_member (ConferServerCall    *self,
                                                     const char          *member_id,
                                                     ConferCallMemberInfo *info);
void                 confer_server_call_send_to_room (ConferServerCall   *self,
                                                     const char          *room,
                                                     ConferPeer          *except,
                                                     ConferMessage       *message);
ConferServerAnnotations *confer_server_call_get_annotations (ConferServerCall *self);

/* confer-server-annotation.c: ink over shared screens */
ConferServerAnnotations *confer_server_annotations_new (ConferServerCall *call);
void                 confer_server_annotations_free (ConferServerAnnotations *self);
void                 confer_server_annotations_share_ended (ConferServerAnnotations *self,
                                                     const char          *member_id,
                                                     const char          *room);
void                 confer_server_annotations_leave_room (ConferServerAnnotations *self,
                                                     const char          *member_id,
                                                     const char          *room,
                                                     gboolean             sharing);
void                 confer_server_annotations_enter_room (ConferServerAnnotations *self,
                                                     ConferPeer          *peer,
                                                     const char          *room);
const ConferServerHandler *confer_server_annotation_handlers (guint      *n_handlers);

/* confer-server-chat.c: the session's chat */
ConferServerChat    *confer_server_chat_new         (ConferServerSession *session);
void                 confer_server_chat_free        (ConferServerChat    *self);
void                 confer_server_chat_leave       (ConferServerChat    *self,
                                                     ConferPeer          *peer);
const ConferServerHandler *confer_server_chat_handlers (guint            *n_handlers);

/* confer-server-blobs.c: blobs over HTTP */
void                 confer_server_blobs_install    (ConferServer        *server,
                                                     SoupServer          *soup);

/* confer-server-invites.c */
gboolean             confer_server_check_invite     (ConferInviteRecord  *invite,
                                                     GError             **error);
ConferMessage       *confer_server_session_describe_invite (ConferServerSession *self,
                                                    ConferMessage       *hello,
                                                    GError             **error);
const ConferServerHandler *confer_server_invite_handlers (guint          *n_handlers);

G_END_DECLS
