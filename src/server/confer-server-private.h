/* confer-server-private.h: what the server's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "confer-core.h"
#include "confer-server.h"

G_BEGIN_DECLS

typedef struct _ConferServerSession ConferServerSession;
typedef struct _ConferServerDoc     ConferServerDoc;
typedef struct _ConferPeer          ConferPeer;

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
  double                   tokens;       /* rate limiting bucket */
  gint64                   refilled;     /* µs, monotonic */
  guint                    dropped;      /* messages dropped in a row */
  guint                    hello_timeout;
  guint                    frames;       /* received; before welcome at most 1 */
  gint64                   last_heard;   /* µs, monotonic: the last frame */
  gboolean                 closed;
};

/* Per document: the OT state is loaded on first use. */
struct _ConferServerDoc
{
  ConferServerSession *session;
  char                *id;
  char                *title;
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
};

/* confer-server.c */
ConferServerStore   *confer_server_get_store        (ConferServer        *self);
char                *confer_server_new_token        (void);
char                *confer_server_new_id           (void);
char                *confer_server_hash_token       (const char          *token);
void                 confer_server_queue_commit     (ConferServer        *self,
                                                     ConferPeer          *peer,
                                                     ConferServerDoc     *doc,
                                                     guint64              revision,
                                                     const char          *txn,
                                                     gboolean             duplicate);
void                 confer_server_queue_broadcast  (ConferServer        *self,
                                                     ConferServerDoc     *doc,
                                                     ConferPeer          *except,
                                                     ConferMessage       *message);
gboolean             confer_server_flush            (ConferServer        *self);
void                 confer_peer_send               (ConferPeer          *peer,
                                                     ConferMessage       *message);
void                 confer_peer_send_encoded       (ConferPeer          *peer,
                                                     const char          *text,
                                                     gsize                n_bytes);
void                 confer_peer_send_error         (ConferPeer          *peer,
                                                     const GError        *error,
                                                     const char          *txn);

/* confer-server-session.c */
ConferServerSession *confer_server_session_load     (ConferServer        *server,
                                                     const char          *id);
void                 confer_server_session_free     (ConferServerSession *self);
ConferMessage       *confer_server_session_describe_invite (ConferServerSession *self,
                                                    ConferMessage       *hello,
                                                    GError             **error);
gboolean             confer_server_session_welcome  (ConferServerSession *self,
                                                     ConferPeer          *peer,
                                                     ConferMessage       *hello,
                                                     GError             **error);
void                 confer_server_session_handle   (ConferServerSession *self,
                                                     ConferPeer          *peer,
                                                     ConferMessage       *message);
void                 confer_server_session_leave    (ConferServerSession *self,
                                                     ConferPeer          *peer);
ConferMessage       *confer_server_doc_op_message   (ConferServerDoc     *doc,
                                                     guint64              revision,
                                                     const char          *type);
void                 confer_server_doc_unload       (ConferServerDoc     *doc);
void                 confer_server_doc_set_snapshot (ConferServerDoc     *doc,
                                                     guint64              revision);

G_END_DECLS
