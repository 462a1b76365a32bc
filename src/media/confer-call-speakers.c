/* confer-call-speakers.c: who in a call is speaking, and who spoke last,
 * from the levels of their audio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every level window (CONFER_CALL_LEVEL_WINDOW_MS) the call hears each
 * member's RMS level: a peer's from its decoded audio, this side's from
 * the microphone after noise suppression and muting.
 *
 * **Speaking**: a window above %CONFER_CALL_SPEAKING_DBFS makes a member
 * speaking at once; they stay speaking until no window has been above
 * it for %CONFER_CALL_SPEAKING_HOLD_MS.
 *
 * **The active speaker** is a peer (never this side, whose own video is
 * not what it wants to look at): the one who started speaking most
 * recently, once they have been speaking for %CONFER_CALL_SPEAKER_MIN_MS
 * (from their first loud window to their last, the hold not counted),
 * and no sooner than %CONFER_CALL_SPEAKER_HOLD_MS after the last change.
 * Nobody speaking changes nothing: the last speaker stays. Before anyone
 * spoke there is none.
 */
#define G_LOG_DOMAIN "confer-call-speakers"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-call-speakers.h"

typedef struct
{
  gboolean speaking;
  gint64   loud_at;   /* µs: the last window above the threshold */
  gint64   since;     /* µs: when the current speaking began */
} Speaker;

struct _ConferCallSpeakers
{
  GHashTable *speakers;    /* member id ("" for this side) → Speaker */
  char       *active;      /* nullable */
  gint64      chosen_at;   /* µs: when the active speaker last changed */
};

/**
 * confer_call_speakers_new:
 *
 * Returns: (transfer full): a tracker that has heard nobody
 */
ConferCallSpeakers *
confer_call_speakers_new (void)
{
  ConferCallSpeakers *self = g_new0 (ConferCallSpeakers, 1);

  self->speakers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

/**
 * confer_call_speakers_free:
 * @self: (transfer full) (nullable): a tracker
 */
void
confer_call_speakers_free (ConferCallSpeakers *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->speakers);
  g_free (self->active);
  g_free (self);
}

/**
 * confer_call_speakers_hear:
 * @self: a tracker
 * @member_id: (nullable): a peer's member id, or %NULL for this side
 * @level_dbfs: the RMS level of the member's audio over the last level
 *   window, dBFS (-INFINITY for silence or none)
 * @now_us: the monotonic time, µs (g_get_monotonic_time())
 *
 * Takes a member's level: whether they speak follows the rule above.
 *
 * Returns: %TRUE if whether the member speaks changed
 */
gboolean
confer_call_speakers_hear (ConferCallSpeakers *self,
                           const char         *member_id,
                           double              level_dbfs,
                           gint64              now_us)
{
  const char *key = member_id != NULL ? member_id : "";
  Speaker *speaker;
  gboolean was;

  g_return_val_if_fail (self != NULL, FALSE);

  speaker = g_hash_table_lookup (self->speakers, key);
  if (speaker == NULL)
    {
      speaker = g_new0 (Speaker, 1);
      g_hash_table_insert (self->speakers, g_strdup (key), speaker);
    }
  was = speaker->speaking;
  if (isfinite (level_dbfs) && level_dbfs > CONFER_CALL_SPEAKING_DBFS)
    {
      speaker->loud_at = now_us;
      if (!speaker->speaking)
        speaker->since = now_us;
      speaker->speaking = TRUE;
    }
  else if (speaker->speaking && now_us - speaker->loud_at >= CONFER_CALL_SPEAKING_HOLD_MS * G_GINT64_CONSTANT (1000))
    speaker->speaking = FALSE;
  return speaker->speaking != was;
}

/**
 * confer_call_speakers_get_speaking:
 * @self: a tracker
 * @member_id: (nullable): a peer's member id, or %NULL for this side
 *
 * Returns: whether the member is speaking (%FALSE for one never heard)
 */
gboolean
confer_call_speakers_get_speaking (ConferCallSpeakers *self,
                                   const char         *member_id)
{
  Speaker *speaker;

  g_return_val_if_fail (self != NULL, FALSE);

  speaker = g_hash_table_lookup (self->speakers, member_id != NULL ? member_id : "");
  return speaker != NULL && speaker->speaking;
}

/**
 * confer_call_speakers_choose:
 * @self: a tracker
 * @now_us: the monotonic time, µs
 *
 * Chooses the active speaker by the rule above, once every member's
 * level of a window was heard.
 *
 * Returns: %TRUE if the active speaker changed
 *   (confer_call_speakers_get_active())
 */
gboolean
confer_call_speakers_choose (ConferCallSpeakers *self,
                             gint64              now_us)
{
  GHashTableIter iter;
  const char *id;
  Speaker *speaker;
  const char *latest = NULL;
  gint64 latest_since = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->active != NULL && now_us - self->chosen_at < CONFER_CALL_SPEAKER_HOLD_MS * G_GINT64_CONSTANT (1000))
    return FALSE;
  g_hash_table_iter_init (&iter, self->speakers);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &speaker))
    {
      if (*id == '\0' || !speaker->speaking ||
          speaker->loud_at - speaker->since < CONFER_CALL_SPEAKER_MIN_MS * G_GINT64_CONSTANT (1000))
        continue;
      /* Of two who started at once, the same one on every call. */
      if (latest == NULL || speaker->since > latest_since || (speaker->since == latest_since && strcmp (id, latest) < 0))
        {
          latest = id;
          latest_since = speaker->since;
        }
    }
  if (latest == NULL || g_strcmp0 (latest, self->active) == 0)
    return FALSE;
  g_free (self->active);
  self->active = g_strdup (latest);
  self->chosen_at = now_us;
  return TRUE;
}

/**
 * confer_call_speakers_forget:
 * @self: a tracker
 * @member_id: a peer's member id, who left
 *
 * Forgets a peer; if they were the active speaker there is none until
 * someone else speaks (confer_call_speakers_choose()).
 *
 * Returns: %TRUE if the active speaker changed
 */
gboolean
confer_call_speakers_forget (ConferCallSpeakers *self,
                             const char         *member_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  g_hash_table_remove (self->speakers, member_id);
  if (g_strcmp0 (self->active, member_id) != 0)
    return FALSE;
  g_clear_pointer (&self->active, g_free);
  return TRUE;
}

/**
 * confer_call_speakers_get_active:
 * @self: a tracker
 *
 * Returns: (nullable) (transfer none): the active speaker's member id,
 *   %NULL before any peer spoke
 */
const char *
confer_call_speakers_get_active (ConferCallSpeakers *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->active;
}
