/* confer-call-stamp.c: a frame number and a send time written into a
 * video frame's pixels, read back at the receiver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For measuring a call from glass to glass on one machine: the sender
 * writes 64 bits across the top of each frame before it is encoded — two
 * rows of 32 square blocks, white for 1 and black for 0, most significant
 * bit first: the frame number (16 bits), the send time (32 bits, ms) and
 * a CRC-16/CCITT-FALSE of those six bytes (16 bits), so that a frame the
 * codec smeared, or one that was never stamped, is not read as a number.
 * The receiver samples the middle of each block of the decoded frame.
 */
#define G_LOG_DOMAIN "confer-call-stamp"

#include "config.h"

#include <string.h>

#include "confer-call-stamp.h"

#define N_BITS (2 * CONFER_CALL_STAMP_BLOCKS)
/* BT.601 studio-range luma of white and black. */
#define LUMA_WHITE 235
#define LUMA_BLACK 16
/* A sampled block must be clearly one or the other. */
#define READ_BLACK_MAX 80
#define READ_WHITE_MIN 170

/* CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xffff, no
 * reflection), as catalogued in Greg Cook's "Catalogue of parametrised
 * CRC algorithms". */
static guint16
crc16 (const guint8 *data,
       gsize         n)
{
  guint16 crc = 0xffff;

  for (gsize i = 0; i < n; i++)
    {
      crc ^= (guint16) (data[i] << 8);
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc & 0x8000) ? (guint16) ((crc << 1) ^ 0x1021) : (guint16) (crc << 1);
    }
  return crc;
}

static guint64
pack (const ConferCallStamp *stamp)
{
  guint8 bytes[6] = {
    stamp->number >> 8, stamp->number & 0xff,
    stamp->time_ms >> 24, (stamp->time_ms >> 16) & 0xff, (stamp->time_ms >> 8) & 0xff, stamp->time_ms & 0xff,
  };

  return ((guint64) stamp->number << 48) | ((guint64) stamp->time_ms << 16) | crc16 (bytes, sizeof bytes);
}

static void
fill (guint8 *plane,
      guint   stride,
      guint   x,
      guint   y,
      guint   w,
      guint   h,
      guint8  value)
{
  for (guint row = y; row < y + h; row++)
    memset (plane + (gsize) row * stride + x, value, w);
}

/**
 * confer_call_stamp_write_i420:
 * @y: the luma plane of an I420 frame
 * @y_stride: its bytes per row
 * @u: the Cb plane (half width, half height)
 * @u_stride: its bytes per row
 * @v: the Cr plane
 * @v_stride: its bytes per row
 * @width: the frame's width, px, at least %CONFER_CALL_STAMP_MIN_WIDTH
 * @height: its height, px, at least two block heights
 * @stamp: what to write
 *
 * Writes @stamp over the top 2 × width / 32 rows (grey, without colour).
 * A frame too small for it is left alone.
 */
void
confer_call_stamp_write_i420 (guint8                *y,
                              guint                  y_stride,
                              guint8                *u,
                              guint                  u_stride,
                              guint8                *v,
                              guint                  v_stride,
                              guint                  width,
                              guint                  height,
                              const ConferCallStamp *stamp)
{
  guint block = width / CONFER_CALL_STAMP_BLOCKS;
  guint64 bits = pack (stamp);

  if (width < CONFER_CALL_STAMP_MIN_WIDTH || height < 2 * block)
    return;
  /* Even block sizes keep the chroma of a block inside it. */
  block &= ~1u;
  for (guint i = 0; i < N_BITS; i++)
    {
      gboolean one = (bits >> (N_BITS - 1 - i)) & 1;
      guint x = (i % CONFER_CALL_STAMP_BLOCKS) * block, row = (i / CONFER_CALL_STAMP_BLOCKS) * block;

      fill (y, y_stride, x, row, block, block, one ? LUMA_WHITE : LUMA_BLACK);
      fill (u, u_stride, x / 2, row / 2, block / 2, block / 2, 128);
      fill (v, v_stride, x / 2, row / 2, block / 2, block / 2, 128);
    }
}

/**
 * confer_call_stamp_read_rgba:
 * @rgba: a decoded frame, 8-bit RGBA
 * @stride: its bytes per row
 * @width: its width, px
 * @height: its height, px
 * @stamp: (out): what it carries
 *
 * Reads what confer_call_stamp_write_i420() wrote, sampling the middle
 * 2 × 2 pixels of each block.
 *
 * Returns: %TRUE if the frame carries a stamp whose check matches;
 *   %FALSE for a frame without one, or one too damaged to read
 */
gboolean
confer_call_stamp_read_rgba (const guint8    *rgba,
                             guint            stride,
                             guint            width,
                             guint            height,
                             ConferCallStamp *stamp)
{
  guint block = (width / CONFER_CALL_STAMP_BLOCKS) & ~1u;
  guint64 bits = 0;
  ConferCallStamp read;

  if (width < CONFER_CALL_STAMP_MIN_WIDTH || height < 2 * block)
    return FALSE;
  for (guint i = 0; i < N_BITS; i++)
    {
      guint x = (i % CONFER_CALL_STAMP_BLOCKS) * block + block / 2 - 1;
      guint y = (i / CONFER_CALL_STAMP_BLOCKS) * block + block / 2 - 1;
      guint sum = 0;

      for (guint dy = 0; dy < 2; dy++)
        for (guint dx = 0; dx < 2; dx++)
          {
            const guint8 *pixel = rgba + (gsize) (y + dy) * stride + (gsize) (x + dx) * 4;

            sum += pixel[0] + pixel[1] + pixel[2];
          }
      sum /= 12;
      if (sum > READ_BLACK_MAX && sum < READ_WHITE_MIN)
        return FALSE;
      bits = (bits << 1) | (sum >= READ_WHITE_MIN);
    }
  read.number = bits >> 48;
  read.time_ms = (bits >> 16) & 0xffffffff;
  if (pack (&read) != bits)
    return FALSE;
  *stamp = read;
  return TRUE;
}

/**
 * confer_call_stamp_now_ms:
 *
 * Returns: the low 32 bits of the wall clock (g_get_real_time()) in ms:
 *   the stamp's time base; differences of two, taken as signed 32-bit
 *   numbers, are right within 24 days
 */
guint32
confer_call_stamp_now_ms (void)
{
  return (guint32) (g_get_real_time () / 1000);
}
