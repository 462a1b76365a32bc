/* test-call-stamp.c: the frame stamps confer-cli call measures latency
 * with: what is written into an I420 frame reads back from the same frame
 * as RGBA; a frame without a stamp, or with one bit flipped, reads as
 * none
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "confer-media.h"

#define WIDTH  320
#define HEIGHT 180

typedef struct
{
  guint8 y[WIDTH * HEIGHT];
  guint8 u[WIDTH / 2 * HEIGHT / 2];
  guint8 v[WIDTH / 2 * HEIGHT / 2];
  guint8 rgba[WIDTH * HEIGHT * 4];
} Frame;

/* A mid-grey frame, stamped with @stamp if given, converted to RGBA as a
 * decoder would (full-range expansion of BT.601 studio-range luma; the
 * stamp has no colour). */
static void
make_frame (Frame                 *frame,
            const ConferCallStamp *stamp)
{
  memset (frame->y, 120, sizeof frame->y);
  memset (frame->u, 90, sizeof frame->u);
  memset (frame->v, 200, sizeof frame->v);
  if (stamp != NULL)
    confer_call_stamp_write_i420 (frame->y, WIDTH, frame->u, WIDTH / 2, frame->v, WIDTH / 2, WIDTH, HEIGHT, stamp);
  for (guint i = 0; i < WIDTH * HEIGHT; i++)
    {
      int value = CLAMP ((frame->y[i] - 16) * 255 / 219, 0, 255);

      frame->rgba[4 * i] = frame->rgba[4 * i + 1] = frame->rgba[4 * i + 2] = value;
      frame->rgba[4 * i + 3] = 255;
    }
}

static void
test_round_trip (void)
{
  g_autofree Frame *frame = g_new0 (Frame, 1);
  ConferCallStamp written = { .number = 51234, .time_ms = 0xdeadbeef }, read = { 0 };

  make_frame (frame, &written);
  g_assert_true (confer_call_stamp_read_rgba (frame->rgba, WIDTH * 4, WIDTH, HEIGHT, &read));
  g_assert_cmpuint (read.number, ==, written.number);
  g_assert_cmpuint (read.time_ms, ==, written.time_ms);
}

static void
test_unstamped (void)
{
  g_autofree Frame *frame = g_new0 (Frame, 1);
  ConferCallStamp read;

  make_frame (frame, NULL);
  g_assert_false (confer_call_stamp_read_rgba (frame->rgba, WIDTH * 4, WIDTH, HEIGHT, &read));
  /* All black reads as bits, which the check refuses. */
  memset (frame->rgba, 0, sizeof frame->rgba);
  g_assert_false (confer_call_stamp_read_rgba (frame->rgba, WIDTH * 4, WIDTH, HEIGHT, &read));
}

/* Every single flipped block (a bit the codec got wrong) is caught. */
static void
test_flipped_bit (void)
{
  g_autofree Frame *frame = g_new0 (Frame, 1);
  ConferCallStamp written = { .number = 7, .time_ms = 123456789 }, read;
  guint block = WIDTH / CONFER_CALL_STAMP_BLOCKS;

  for (guint bit = 0; bit < 2 * CONFER_CALL_STAMP_BLOCKS; bit++)
    {
      guint x = (bit % CONFER_CALL_STAMP_BLOCKS) * block, y = (bit / CONFER_CALL_STAMP_BLOCKS) * block;

      make_frame (frame, &written);
      for (guint row = y; row < y + block; row++)
        for (guint col = x; col < x + block; col++)
          for (guint c = 0; c < 3; c++)
            frame->rgba[(row * WIDTH + col) * 4 + c] ^= 0xff;
      g_assert_false (confer_call_stamp_read_rgba (frame->rgba, WIDTH * 4, WIDTH, HEIGHT, &read));
    }
}

/* A frame narrower than CONFER_CALL_STAMP_MIN_WIDTH is left alone. */
static void
test_too_narrow (void)
{
  guint8 y[128 * 72], u[64 * 36], v[64 * 36];
  ConferCallStamp stamp = { .number = 1, .time_ms = 2 };

  memset (y, 99, sizeof y);
  confer_call_stamp_write_i420 (y, 128, u, 64, v, 64, 128, 72, &stamp);
  for (guint i = 0; i < sizeof y; i++)
    g_assert_cmpuint (y[i], ==, 99);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-stamp/round-trip", test_round_trip);
  g_test_add_func ("/call-stamp/unstamped", test_unstamped);
  g_test_add_func ("/call-stamp/flipped-bit", test_flipped_bit);
  g_test_add_func ("/call-stamp/too-narrow", test_too_narrow);
  return g_test_run ();
}
