/* confer-protocol.c: protocol error codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-protocol"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "confer-protocol.h"

G_DEFINE_QUARK (confer-protocol-error-quark, confer_protocol_error)

static const char *error_names[CONFER_PROTOCOL_N_ERRORS] = {
  "bad-json", "bad-message", "unknown-type", "unsupported-version",
  "not-authenticated", "unknown-session", "invalid-invite", "invite-expired",
  "invite-revoked", "invite-exhausted", "invalid-token", "forbidden",
  "unknown-doc", "unknown-invite", "bad-op", "op-out-of-range",
  "revision-ahead", "too-large", "rate-limited", "session-full",
  "limit-reached", "internal", "too-deep", "invalid-element", "unknown-element",
  "wrong-kind", "unknown-message", "not-in-call", "unknown-member",
};

/**
 * confer_protocol_error_to_string:
 * @code: a protocol error code
 *
 * Returns: (transfer none): the stable wire name of @code, the `code` of
 *   an `error` message
 */
const char *
confer_protocol_error_to_string (ConferProtocolError code)
{
  g_return_val_if_fail ((guint) code < CONFER_PROTOCOL_N_ERRORS, "internal");

  return error_names[code];
}

/**
 * confer_protocol_error_from_string:
 * @name: a wire name
 * @code: (out): where to store the code
 *
 * Returns: %TRUE if @name is a known error code
 */
gboolean
confer_protocol_error_from_string (const char          *name,
                                   ConferProtocolError *code)
{
  for (guint i = 0; name != NULL && i < CONFER_PROTOCOL_N_ERRORS; i++)
    if (g_str_equal (name, error_names[i]))
      {
        *code = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * confer_protocol_is_colour:
 * @colour: (nullable): a string
 *
 * Whether @colour is a participant colour as the protocol writes it:
 * `#` and six hexadecimal digits (`#rrggbb`, either case), as in CSS.
 *
 * Returns: %TRUE if it is
 */
gboolean
confer_protocol_is_colour (const char *colour)
{
  if (colour == NULL || colour[0] != '#' || strlen (colour) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

/**
 * confer_protocol_is_text:
 * @text: (nullable): a valid UTF-8 string
 * @max_chars: the most code points allowed
 *
 * Whether @text is what the protocol accepts in a string member: not
 * empty, at most @max_chars code points, no control characters.
 *
 * Returns: %TRUE if it is
 */
gboolean
confer_protocol_is_text (const char *text,
                         guint       max_chars)
{
  guint n_chars = 0;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (++n_chars > max_chars || g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * confer_protocol_is_name:
 * @name: (nullable): a string, in any encoding
 *
 * Whether @name is a display name `hello` accepts: valid UTF-8 and
 * confer_protocol_is_text() with %CONFER_PROTOCOL_MAX_NAME.
 *
 * Returns: %TRUE if it is
 */
gboolean
confer_protocol_is_name (const char *name)
{
  return name != NULL && g_utf8_validate (name, -1, NULL) &&
         confer_protocol_is_text (name, CONFER_PROTOCOL_MAX_NAME);
}

/**
 * confer_protocol_set_no_delay:
 * @socket: (nullable): a connected socket of a session's WebSocket
 *
 * Sends what is written to @socket at once (TCP_NODELAY), if it is a TCP
 * socket; does nothing for another kind, or %NULL. Confer's frames are
 * small and wanted now — a presence point, an acknowledgement — and
 * Nagle's algorithm holds a small write back until what went before is
 * acknowledged, which the other side's delayed acknowledgements put off
 * by up to 200 ms on Linux (RFC 896; RFC 1122 §4.2.3.2 allows 500 ms).
 * Node's `ws` server disables it likewise. A failure is logged and
 * changes nothing else.
 */
void
confer_protocol_set_no_delay (GSocket *socket)
{
  g_autoptr(GError) error = NULL;

  if (socket == NULL || g_socket_get_protocol (socket) != G_SOCKET_PROTOCOL_TCP)
    return;
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, &error))
    g_warning ("Cannot send small frames at once: %s", error->message);
}
