/* confer-protocol.c: protocol error codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-protocol"

#include "config.h"

#include "confer-protocol.h"

G_DEFINE_QUARK (confer-protocol-error-quark, confer_protocol_error)

static const char *error_names[CONFER_PROTOCOL_N_ERRORS] = {
  "bad-json", "bad-message", "unknown-type", "unsupported-version",
  "not-authenticated", "unknown-session", "invalid-invite", "invite-expired",
  "invite-revoked", "invite-exhausted", "invalid-token", "forbidden",
  "unknown-doc", "unknown-invite", "bad-op", "op-out-of-range",
  "revision-ahead", "too-large", "rate-limited", "session-full",
  "limit-reached", "internal",
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
