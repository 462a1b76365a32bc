/* confer-protocol.h: protocol version, limits and error codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/** CONFER_PROTOCOL_VERSION: the protocol version this code speaks */
#define CONFER_PROTOCOL_VERSION 1

/** CONFER_PROTOCOL_MAX_FRAME: largest text frame handled, in bytes; a larger
 * one (up to CONFER_PROTOCOL_MAX_FRAME_HARD) gets error `too-large` */
#define CONFER_PROTOCOL_MAX_FRAME       (1024 * 1024)
/** CONFER_PROTOCOL_MAX_FRAME_HARD: libsoup's incoming payload limit; a frame
 * beyond it closes the connection with WebSocket close code 1009 */
#define CONFER_PROTOCOL_MAX_FRAME_HARD  (4 * 1024 * 1024)
/** CONFER_PROTOCOL_MAX_OP_BYTES: most text bytes one operation may carry */
#define CONFER_PROTOCOL_MAX_OP_BYTES    (512 * 1024)
/** CONFER_PROTOCOL_MAX_OP_COMPONENTS: most components in one operation */
#define CONFER_PROTOCOL_MAX_OP_COMPONENTS 10000
/** CONFER_PROTOCOL_MAX_TITLE: longest document or session title, in code points */
#define CONFER_PROTOCOL_MAX_TITLE       200
/** CONFER_PROTOCOL_MAX_NAME: longest display name, in code points */
#define CONFER_PROTOCOL_MAX_NAME        64
/** CONFER_PROTOCOL_MAX_TXN: longest transaction id, in bytes */
#define CONFER_PROTOCOL_MAX_TXN         64
/** CONFER_PROTOCOL_RATE: sustained messages per second per connection */
#define CONFER_PROTOCOL_RATE            10000
/** CONFER_PROTOCOL_BURST: messages a connection may send at once */
#define CONFER_PROTOCOL_BURST           20000
/** CONFER_PROTOCOL_MAX_PARTICIPANTS: connections one session serves at once */
#define CONFER_PROTOCOL_MAX_PARTICIPANTS 2000
/** CONFER_PROTOCOL_MAX_DOCUMENTS: documents one session may hold */
#define CONFER_PROTOCOL_MAX_DOCUMENTS   1000
/** CONFER_PROTOCOL_DELETED_KEEP: seconds a deleted document stays
 * restorable, and takes a resumed participant's unsent changes: 30 days */
#define CONFER_PROTOCOL_DELETED_KEEP    (30 * 24 * 3600)
/** CONFER_PROTOCOL_HELLO_TIMEOUT: seconds a connection has to send `hello`
 * (and to be welcomed); a silent one is closed (1008) */
#define CONFER_PROTOCOL_HELLO_TIMEOUT   10
/** CONFER_PROTOCOL_IDLE_TIMEOUT: seconds a welcomed connection may send
 * nothing before the server closes it (1001), so a participant whose
 * machine vanished turns away; Confer's client pings every 10 s */
#define CONFER_PROTOCOL_IDLE_TIMEOUT    30
/** CONFER_PROTOCOL_MAX_HELLO_FRAME: largest frame a connection may send
 * before it is welcomed, in bytes; libsoup closes a connection sending a
 * larger one (1009) before reading it. A `hello` needs well under 1 KiB. */
#define CONFER_PROTOCOL_MAX_HELLO_FRAME (64 * 1024)
/** CONFER_CALL_MAX_MEMBERS: connections one call holds: each member sends
 * its streams to every other over a full mesh, which a laptop's uplink
 * and CPU carry for about six (Jitsi Meet moves beyond a mesh at three) */
#define CONFER_CALL_MAX_MEMBERS         6
/** CONFER_CALL_MAX_ROOMS: breakout rooms a call may open at once */
#define CONFER_CALL_MAX_ROOMS           20
/** CONFER_CALL_MAX_ROOM_MINUTES: longest a breakout may be set to last */
#define CONFER_CALL_MAX_ROOM_MINUTES    240
/** CONFER_CALL_MAX_SDP: longest session description in an offer or an
 * answer, in bytes (a browser's with audio, video and a screen is under
 * 10 KiB) */
#define CONFER_CALL_MAX_SDP             (64 * 1024)
/** CONFER_CALL_MAX_SDP_LINES: most lines in a session description */
#define CONFER_CALL_MAX_SDP_LINES       2000
/** CONFER_CALL_MAX_CANDIDATE: longest ICE candidate line, in bytes */
#define CONFER_CALL_MAX_CANDIDATE       1024
/** CONFER_CALL_MAX_PER_PARTICIPANT: connections of one participant in a
 * call at once (a laptop and a phone) */
#define CONFER_CALL_MAX_PER_PARTICIPANT 2
/** CONFER_CALL_SIGNAL_RATE: call messages (joins, leaves, updates, offers,
 * answers, ICE candidates, moves) a connection may send per second,
 * sustained */
#define CONFER_CALL_SIGNAL_RATE         50
/** CONFER_CALL_SIGNAL_BURST: how many of them it may send at once (a
 * browser gathers a few dozen candidates in its first 100 ms) */
#define CONFER_CALL_SIGNAL_BURST        500

/**
 * CONFER_PROTOCOL_ERROR:
 *
 * Error domain for protocol errors; each code has a stable wire name, the
 * `code` of an `error` message (confer_protocol_error_to_string()).
 */
#define CONFER_PROTOCOL_ERROR (confer_protocol_error_quark ())

/**
 * ConferProtocolError:
 * @CONFER_PROTOCOL_ERROR_BAD_JSON: `bad-json`: the frame is not a JSON object
 * @CONFER_PROTOCOL_ERROR_BAD_MESSAGE: `bad-message`: a member is missing,
 *   of the wrong type or out of range
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_TYPE: `unknown-type`: no such message type
 * @CONFER_PROTOCOL_ERROR_UNSUPPORTED_VERSION: `unsupported-version`
 * @CONFER_PROTOCOL_ERROR_NOT_AUTHENTICATED: `not-authenticated`: a message
 *   other than `hello` before `welcome`, or a second `hello`
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_SESSION: `unknown-session`
 * @CONFER_PROTOCOL_ERROR_INVALID_INVITE: `invalid-invite`: no such invite
 * @CONFER_PROTOCOL_ERROR_INVITE_EXPIRED: `invite-expired`
 * @CONFER_PROTOCOL_ERROR_INVITE_REVOKED: `invite-revoked`
 * @CONFER_PROTOCOL_ERROR_INVITE_EXHAUSTED: `invite-exhausted`: no uses left
 * @CONFER_PROTOCOL_ERROR_INVALID_TOKEN: `invalid-token`: unknown participant token
 * @CONFER_PROTOCOL_ERROR_FORBIDDEN: `forbidden`: the role does not allow it
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_DOC: `unknown-doc`
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_INVITE: `unknown-invite`: no such invite id
 * @CONFER_PROTOCOL_ERROR_BAD_OP: `bad-op`: the operation is malformed
 * @CONFER_PROTOCOL_ERROR_OP_OUT_OF_RANGE: `op-out-of-range`: it does not fit
 *   the document
 * @CONFER_PROTOCOL_ERROR_REVISION_AHEAD: `revision-ahead`: base revision
 *   newer than the document
 * @CONFER_PROTOCOL_ERROR_TOO_LARGE: `too-large`: frame, operation or text too big
 * @CONFER_PROTOCOL_ERROR_RATE_LIMITED: `rate-limited`: too many messages
 * @CONFER_PROTOCOL_ERROR_SESSION_FULL: `session-full`
 * @CONFER_PROTOCOL_ERROR_LIMIT_REACHED: `limit-reached`: e.g. too many documents
 * @CONFER_PROTOCOL_ERROR_INTERNAL: `internal`: the server failed (storage)
 * @CONFER_PROTOCOL_ERROR_TOO_DEEP: `too-deep`: the frame nests arrays and
 *   objects deeper than %CONFER_JSON_MAX_DEPTH levels
 * @CONFER_PROTOCOL_ERROR_INVALID_ELEMENT: `invalid-element`: a board
 *   operation or element is malformed (the message names the field)
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_ELEMENT: `unknown-element`: a board
 *   operation names an element the board never had
 * @CONFER_PROTOCOL_ERROR_WRONG_KIND: `wrong-kind`: a message for one kind
 *   of item (a board's) names an item of another (a text document)
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_MESSAGE: `unknown-message`: a chat
 *   message names a message its session does not have
 * @CONFER_PROTOCOL_ERROR_NOT_IN_CALL: `not-in-call`: a call message from a
 *   connection that has not joined the call (or has, for `call.join`)
 * @CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER: `unknown-member`: a call message
 *   names a member who is not in the sender's call
 *
 * Protocol error codes.
 */
typedef enum
{
  CONFER_PROTOCOL_ERROR_BAD_JSON,
  CONFER_PROTOCOL_ERROR_BAD_MESSAGE,
  CONFER_PROTOCOL_ERROR_UNKNOWN_TYPE,
  CONFER_PROTOCOL_ERROR_UNSUPPORTED_VERSION,
  CONFER_PROTOCOL_ERROR_NOT_AUTHENTICATED,
  CONFER_PROTOCOL_ERROR_UNKNOWN_SESSION,
  CONFER_PROTOCOL_ERROR_INVALID_INVITE,
  CONFER_PROTOCOL_ERROR_INVITE_EXPIRED,
  CONFER_PROTOCOL_ERROR_INVITE_REVOKED,
  CONFER_PROTOCOL_ERROR_INVITE_EXHAUSTED,
  CONFER_PROTOCOL_ERROR_INVALID_TOKEN,
  CONFER_PROTOCOL_ERROR_FORBIDDEN,
  CONFER_PROTOCOL_ERROR_UNKNOWN_DOC,
  CONFER_PROTOCOL_ERROR_UNKNOWN_INVITE,
  CONFER_PROTOCOL_ERROR_BAD_OP,
  CONFER_PROTOCOL_ERROR_OP_OUT_OF_RANGE,
  CONFER_PROTOCOL_ERROR_REVISION_AHEAD,
  CONFER_PROTOCOL_ERROR_TOO_LARGE,
  CONFER_PROTOCOL_ERROR_RATE_LIMITED,
  CONFER_PROTOCOL_ERROR_SESSION_FULL,
  CONFER_PROTOCOL_ERROR_LIMIT_REACHED,
  CONFER_PROTOCOL_ERROR_INTERNAL,
  CONFER_PROTOCOL_ERROR_TOO_DEEP,
  CONFER_PROTOCOL_ERROR_INVALID_ELEMENT,
  CONFER_PROTOCOL_ERROR_UNKNOWN_ELEMENT,
  CONFER_PROTOCOL_ERROR_WRONG_KIND,
  CONFER_PROTOCOL_ERROR_UNKNOWN_MESSAGE,
  CONFER_PROTOCOL_ERROR_NOT_IN_CALL,
  CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER,
} ConferProtocolError;

#define CONFER_PROTOCOL_N_ERRORS (CONFER_PROTOCOL_ERROR_UNKNOWN_MEMBER + 1)

GQuark      confer_protocol_error_quark       (void);
const char *confer_protocol_error_to_string   (ConferProtocolError  code);
gboolean    confer_protocol_error_from_string (const char          *name,
                                               ConferProtocolError *code);
gboolean    confer_protocol_is_text           (const char          *text,
                                               guint                max_chars);
gboolean    confer_protocol_is_colour         (const char          *colour);
gboolean    confer_protocol_is_name           (const char          *name);
void        confer_protocol_set_no_delay      (GSocket             *socket);

G_END_DECLS
