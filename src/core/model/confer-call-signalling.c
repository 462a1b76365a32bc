/* confer-call-signalling.c: what a call's media engine needs of the
 * signalling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-signalling"

#include "config.h"

#include "confer-call-signalling.h"

enum {
  DESCRIPTION,
  CANDIDATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (ConferCallSignalling, confer_call_signalling, G_TYPE_OBJECT)

static void
confer_call_signalling_default_init (ConferCallSignallingInterface *iface)
{
  /**
   * ConferCallSignalling:member-id:
   *
   * This side's member id while it is in the call, %NULL otherwise; a
   * new one at each join (and each rejoin after a lost connection).
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("member-id", NULL, NULL, NULL,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                            G_PARAM_EXPLICIT_NOTIFY));
  /**
   * ConferCallSignalling::description:
   * @from: the member id of the sender
   * @kind: a #ConferCallDescriptionKind
   * @sdp: the session description (RFC 8866), its form checked by the
   *   server only
   *
   * Another member sent this side an offer or an answer.
   */
  signals[DESCRIPTION] = g_signal_new ("description", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
  /**
   * ConferCallSignalling::candidate:
   * @from: the member id of the sender
   * @sdp_mline_index: the m-line the candidate is for, 0–63
   * @candidate: an ICE candidate attribute (RFC 8839) beginning
   *   `candidate:`, or empty when the sender's gathering is over
   *
   * Another member sent this side one of its ICE candidates.
   */
  signals[CANDIDATE] = g_signal_new ("candidate", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);
}

/**
 * confer_call_signalling_get_member_id:
 * @self: a call's signalling
 *
 * Returns: (transfer none) (nullable): this side's member id while it is
 *   in the call
 */
const char *
confer_call_signalling_get_member_id (ConferCallSignalling *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_SIGNALLING (self), NULL);

  return CONFER_CALL_SIGNALLING_GET_IFACE (self)->get_member_id (self);
}

/**
 * confer_call_signalling_get_members:
 * @self: a call's signalling
 *
 * The members this side makes its mesh with: those of its room (the
 * whole call outside breakout rooms). The list changes as members join,
 * leave, move between rooms and change what they send (objects are
 * updated in place); it is in the order they came into the room — joined,
 * or moved in — which decides who offers to whom (see #ConferCall).
 *
 * Returns: (transfer none): the room's #ConferCallMembers
 */
GListModel *
confer_call_signalling_get_members (ConferCallSignalling *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_SIGNALLING (self), NULL);

  return CONFER_CALL_SIGNALLING_GET_IFACE (self)->get_members (self);
}

/**
 * confer_call_signalling_send_description:
 * @self: a call's signalling, in the call
 * @to: the member id it is for
 * @kind: an offer or an answer
 * @sdp: the session description (RFC 8866), at most
 *   %CONFER_CALL_MAX_SDP bytes
 *
 * Sends an offer or an answer to one member. Nothing is sent while this
 * side is out of the call; what the server refuses is logged.
 */
void
confer_call_signalling_send_description (ConferCallSignalling      *self,
                                         const char                *to,
                                         ConferCallDescriptionKind  kind,
                                         const char                *sdp)
{
  g_return_if_fail (CONFER_IS_CALL_SIGNALLING (self));
  g_return_if_fail (to != NULL && sdp != NULL);

  CONFER_CALL_SIGNALLING_GET_IFACE (self)->send_description (self, to, kind, sdp);
}

/**
 * confer_call_signalling_send_candidate:
 * @self: a call's signalling, in the call
 * @to: the member id it is for
 * @sdp_mline_index: the m-line it is for, 0–63
 * @candidate: an ICE candidate attribute (RFC 8839) beginning
 *   `candidate:` (at most %CONFER_CALL_MAX_CANDIDATE bytes), or empty
 *   when gathering is over
 *
 * Sends one ICE candidate to one member.
 */
void
confer_call_signalling_send_candidate (ConferCallSignalling *self,
                                       const char           *to,
                                       guint                 sdp_mline_index,
                                       const char           *candidate)
{
  g_return_if_fail (CONFER_IS_CALL_SIGNALLING (self));
  g_return_if_fail (to != NULL && candidate != NULL);

  CONFER_CALL_SIGNALLING_GET_IFACE (self)->send_candidate (self, to, sdp_mline_index, candidate);
}

/**
 * confer_call_signalling_emit_description:
 * @self: a call's signalling
 * @from: the sender's member id
 * @kind: an offer or an answer
 * @sdp: the session description
 *
 * For implementations: emits #ConferCallSignalling::description.
 */
void
confer_call_signalling_emit_description (ConferCallSignalling      *self,
                                         const char                *from,
                                         ConferCallDescriptionKind  kind,
                                         const char                *sdp)
{
  g_return_if_fail (CONFER_IS_CALL_SIGNALLING (self));

  g_signal_emit (self, signals[DESCRIPTION], 0, from, (int) kind, sdp);
}

/**
 * confer_call_signalling_emit_candidate:
 * @self: a call's signalling
 * @from: the sender's member id
 * @sdp_mline_index: the m-line it is for, 0–63
 * @candidate: the candidate attribute, or empty
 *
 * For implementations: emits #ConferCallSignalling::candidate.
 */
void
confer_call_signalling_emit_candidate (ConferCallSignalling *self,
                                       const char           *from,
                                       guint                 sdp_mline_index,
                                       const char           *candidate)
{
  g_return_if_fail (CONFER_IS_CALL_SIGNALLING (self));

  g_signal_emit (self, signals[CANDIDATE], 0, from, sdp_mline_index, candidate);
}
