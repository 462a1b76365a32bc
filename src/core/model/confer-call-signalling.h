/* confer-call-signalling.h: what a call's media engine needs of the
 * signalling: who is in the call, and offers, answers and ICE candidates
 * to and from each member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ConferCallDescriptionKind:
 * @CONFER_CALL_OFFER: an offer (`call.offer`)
 * @CONFER_CALL_ANSWER: an answer to one (`call.answer`)
 *
 * The two kinds of session description JSEP (RFC 8829) exchanges.
 */
typedef enum
{
  CONFER_CALL_OFFER,
  CONFER_CALL_ANSWER,
} ConferCallDescriptionKind;

#define CONFER_TYPE_CALL_SIGNALLING (confer_call_signalling_get_type ())

G_DECLARE_INTERFACE (ConferCallSignalling, confer_call_signalling, CONFER, CALL_SIGNALLING, GObject)

/**
 * ConferCallSignallingInterface:
 * @get_member_id: this side's member id while it is in the call, %NULL
 *   otherwise
 * @get_members: the members (#ConferCallMember) this side makes its mesh
 *   with — those of its room — in the order they came into it (the order
 *   they joined, outside breakout rooms), this side's own among them
 * @send_description: sends an offer or an answer to one member
 * @send_candidate: sends one ICE candidate to one member
 *
 * Implemented by the net layer's #ConferClientCall (over conferd) and by
 * anything else that carries a call's signalling, so that libconfer-media
 * depends on core only.
 */
struct _ConferCallSignallingInterface
{
  GTypeInterface parent_iface;

  const char *(*get_member_id)    (ConferCallSignalling      *self);
  GListModel *(*get_members)      (ConferCallSignalling      *self);
  void        (*send_description) (ConferCallSignalling      *self,
                                   const char                *to,
                                   ConferCallDescriptionKind  kind,
                                   const char                *sdp);
  void        (*send_candidate)   (ConferCallSignalling      *self,
                                   const char                *to,
                                   guint                      sdp_mline_index,
                                   const char                *candidate);
};

const char *confer_call_signalling_get_member_id    (ConferCallSignalling      *self);
GListModel *confer_call_signalling_get_members      (ConferCallSignalling      *self);
void        confer_call_signalling_send_description (ConferCallSignalling      *self,
                                                     const char                *to,
                                                     ConferCallDescriptionKind  kind,
                                                     const char                *sdp);
void        confer_call_signalling_send_candidate   (ConferCallSignalling      *self,
                                                     const char                *to,
                                                     guint                      sdp_mline_index,
                                                     const char                *candidate);
void        confer_call_signalling_emit_description (ConferCallSignalling      *self,
                                                     const char                *from,
                                                     ConferCallDescriptionKind  kind,
                                                     const char                *sdp);
void        confer_call_signalling_emit_candidate   (ConferCallSignalling      *self,
                                                     const char                *from,
                                                     guint                      sdp_mline_index,
                                                     const char                *candidate);

G_END_DECLS
