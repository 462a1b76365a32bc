/* confer-participant.h: someone in a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "confer-role.h"

G_BEGIN_DECLS

#define CONFER_TYPE_PARTICIPANT (confer_participant_get_type ())

G_DECLARE_FINAL_TYPE (ConferParticipant, confer_participant, CONFER, PARTICIPANT, GObject)

ConferParticipant *confer_participant_new            (const char         *id,
                                                      const char         *name,
                                                      const char         *colour,
                                                      ConferRole          role,
                                                      gboolean            online);
ConferParticipant *confer_participant_new_from_json  (JsonObject         *object,
                                                      GError            **error);
JsonNode          *confer_participant_to_json        (ConferParticipant  *self);
const char        *confer_participant_get_id         (ConferParticipant  *self);
const char        *confer_participant_get_name       (ConferParticipant  *self);
void               confer_participant_set_name       (ConferParticipant  *self,
                                                      const char         *name);
const char        *confer_participant_get_colour     (ConferParticipant  *self);
void               confer_participant_set_colour     (ConferParticipant  *self,
                                                      const char         *colour);
ConferRole         confer_participant_get_role       (ConferParticipant  *self);
void               confer_participant_set_role       (ConferParticipant  *self,
                                                      ConferRole          role);
gboolean           confer_participant_get_online     (ConferParticipant  *self);
void               confer_participant_set_online     (ConferParticipant  *self,
                                                      gboolean            online);
void               confer_participant_update         (ConferParticipant  *self,
                                                      ConferParticipant  *from);

G_END_DECLS
