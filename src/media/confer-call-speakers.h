/* confer-call-speakers.h: who in a call is speaking, and who spoke last,
 * from the levels of their audio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "confer-voice-process.h"

G_BEGIN_DECLS

/** CONFER_CALL_SPEAKING_DBFS: a member whose audio is louder than this
 * over a level window (CONFER_CALL_LEVEL_WINDOW_MS, 100 ms) is speaking,
 * dBFS RMS (voice messages' silence threshold, %CONFER_VOICE_SILENCE_DBFS:
 * what the noise suppressor leaves of a quiet room is below it) */
#define CONFER_CALL_SPEAKING_DBFS      CONFER_VOICE_SILENCE_DBFS
/** CONFER_CALL_SPEAKING_HOLD_MS: how long a member stays speaking after
 * their level fell below %CONFER_CALL_SPEAKING_DBFS, ms (longer than the
 * pauses between words, so the indicator does not blink with syllables) */
#define CONFER_CALL_SPEAKING_HOLD_MS   600
/** CONFER_CALL_SPEAKER_MIN_MS: how long a peer must have been speaking
 * before they become the active speaker, ms (a cough does not take the
 * stage) */
#define CONFER_CALL_SPEAKER_MIN_MS     500
/** CONFER_CALL_SPEAKER_HOLD_MS: the least time the active speaker stays
 * so before another takes over, ms (two people talking at once do not
 * make the layout flap; the recording's speaker switches with the same
 * hold) */
#define CONFER_CALL_SPEAKER_HOLD_MS    1500

typedef struct _ConferCallSpeakers ConferCallSpeakers;

ConferCallSpeakers *confer_call_speakers_new          (void);
void                confer_call_speakers_free         (ConferCallSpeakers *self);
gboolean            confer_call_speakers_hear         (ConferCallSpeakers *self,
                                                       const char         *member_id,
                                                       double              level_dbfs,
                                                       gint64              now_us);
gboolean            confer_call_speakers_get_speaking (ConferCallSpeakers *self,
                                                       const char         *member_id);
gboolean            confer_call_speakers_choose       (ConferCallSpeakers *self,
                                                       gint64              now_us);
gboolean            confer_call_speakers_forget       (ConferCallSpeakers *self,
                                                       const char         *member_id);
const char         *confer_call_speakers_get_active   (ConferCallSpeakers *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferCallSpeakers, confer_call_speakers_free)

G_END_DECLS
