/* test-call-speakers.c: who speaks and who is the active speaker, from
 * level windows fed at 100 ms steps: the threshold, the hold that keeps
 * the indicator through pauses, the least speaking time and the hold
 * that keep the active speaker from flapping, this side never active
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "confer-media.h"

#define STEP_US (100 * G_GINT64_CONSTANT (1000))
#define LOUD    (-20.0)
#define QUIET   (-60.0)

/* Feeds @member_id @windows windows of @level from *@now on; returns how
 * many times whether it speaks changed. */
static guint
feed (ConferCallSpeakers *speakers,
      const char         *member_id,
      double              level,
      guint               windows,
      gint64             *now)
{
  guint changes = 0;

  for (guint i = 0; i < windows; i++)
    {
      changes += confer_call_speakers_hear (speakers, member_id, level, *now);
      *now += STEP_US;
    }
  return changes;
}

static void
test_speaking_threshold_and_hold (void)
{
  g_autoptr(ConferCallSpeakers) speakers = confer_call_speakers_new ();
  gint64 now = 1000 * STEP_US;

  g_assert_false (confer_call_speakers_get_speaking (speakers, "ann"));
  /* Below the threshold, and digital silence, are not speaking. */
  g_assert_cmpuint (feed (speakers, "ann", QUIET, 5, &now), ==, 0);
  g_assert_cmpuint (feed (speakers, "ann", -INFINITY, 5, &now), ==, 0);
  g_assert_cmpuint (feed (speakers, "ann", CONFER_CALL_SPEAKING_DBFS, 1, &now), ==, 0);
  /* One window above it: speaking at once. */
  g_assert_cmpuint (feed (speakers, "ann", LOUD, 1, &now), ==, 1);
  g_assert_true (confer_call_speakers_get_speaking (speakers, "ann"));
  /* A pause shorter than the hold keeps it. */
  g_assert_cmpuint (feed (speakers, "ann", QUIET, CONFER_CALL_SPEAKING_HOLD_MS / 100 - 1, &now), ==, 0);
  g_assert_true (confer_call_speakers_get_speaking (speakers, "ann"));
  g_assert_cmpuint (feed (speakers, "ann", LOUD, 3, &now), ==, 0);
  /* A longer one ends it, once. */
  g_assert_cmpuint (feed (speakers, "ann", QUIET, CONFER_CALL_SPEAKING_HOLD_MS / 100 + 3, &now), ==, 1);
  g_assert_false (confer_call_speakers_get_speaking (speakers, "ann"));
  /* This side (NULL) is counted apart from the peers. */
  g_assert_cmpuint (feed (speakers, NULL, LOUD, 1, &now), ==, 1);
  g_assert_true (confer_call_speakers_get_speaking (speakers, NULL));
  g_assert_false (confer_call_speakers_get_speaking (speakers, "ann"));
}

/* One 100 ms step in which every member is heard, then the choice. */
static gboolean
step (ConferCallSpeakers *speakers,
      double              ann,
      double              bob,
      double              own,
      gint64             *now)
{
  confer_call_speakers_hear (speakers, "ann", ann, *now);
  confer_call_speakers_hear (speakers, "bob", bob, *now);
  confer_call_speakers_hear (speakers, NULL, own, *now);
  *now += STEP_US;
  return confer_call_speakers_choose (speakers, *now - STEP_US);
}

static void
test_active_speaker (void)
{
  g_autoptr(ConferCallSpeakers) speakers = confer_call_speakers_new ();
  gint64 now = 1000 * STEP_US;
  guint changes = 0;

  /* Nobody yet; this side speaking never makes it the active speaker. */
  for (guint i = 0; i < 30; i++)
    changes += step (speakers, QUIET, QUIET, LOUD, &now);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_null (confer_call_speakers_get_active (speakers));

  /* A cough (shorter than the least speaking time) does not count. */
  for (guint i = 0; i < CONFER_CALL_SPEAKER_MIN_MS / 100 - 2; i++)
    changes += step (speakers, LOUD, QUIET, QUIET, &now);
  for (guint i = 0; i < 10; i++)
    changes += step (speakers, QUIET, QUIET, QUIET, &now);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_null (confer_call_speakers_get_active (speakers));

  /* Ann speaks on: she becomes the active speaker after the least time. */
  for (guint i = 0; i <= CONFER_CALL_SPEAKER_MIN_MS / 100; i++)
    changes += step (speakers, LOUD, QUIET, QUIET, &now);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (confer_call_speakers_get_active (speakers), ==, "ann");

  /* Bob starts at once while she goes on: he began last, but she holds
   * the stage for the hold time first. */
  changes = 0;
  for (guint i = 0; i < CONFER_CALL_SPEAKER_HOLD_MS / 100 - 2; i++)
    changes += step (speakers, LOUD, LOUD, QUIET, &now);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpstr (confer_call_speakers_get_active (speakers), ==, "ann");
  for (guint i = 0; i < 5; i++)
    changes += step (speakers, LOUD, LOUD, QUIET, &now);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (confer_call_speakers_get_active (speakers), ==, "bob");

  /* Everyone quiet: Bob stays. */
  changes = 0;
  for (guint i = 0; i < 40; i++)
    changes += step (speakers, QUIET, QUIET, QUIET, &now);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpstr (confer_call_speakers_get_active (speakers), ==, "bob");

  /* Bob leaves: nobody, until Ann speaks again. */
  g_assert_true (confer_call_speakers_forget (speakers, "bob"));
  g_assert_null (confer_call_speakers_get_active (speakers));
  g_assert_false (confer_call_speakers_forget (speakers, "bob"));
  for (guint i = 0; i < 10; i++)
    changes += step (speakers, LOUD, -INFINITY, QUIET, &now);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (confer_call_speakers_get_active (speakers), ==, "ann");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-speakers/speaking", test_speaking_threshold_and_hold);
  g_test_add_func ("/call-speakers/active", test_active_speaker);
  return g_test_run ();
}
