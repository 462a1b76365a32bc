/* confer-call-stamp.h: a frame number and a send time written into a
 * video frame's pixels, read back at the receiver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** CONFER_CALL_STAMP_BLOCKS: blocks per row of the stamp; the stamp is
 * two rows of them across the top of the frame, each block
 * width / CONFER_CALL_STAMP_BLOCKS pixels square */
#define CONFER_CALL_STAMP_BLOCKS    32
/** CONFER_CALL_STAMP_MIN_WIDTH: narrowest frame a stamp is written into,
 * px (8 px blocks survive VP8 at the bitrates Confer sends) */
#define CONFER_CALL_STAMP_MIN_WIDTH 256

/**
 * ConferCallStamp:
 * @number: the frame's number, counted by the sender from 0 (wraps at
 *   65,536)
 * @time_ms: the send time, the low 32 bits of g_get_real_time() in ms
 *
 * What a stamped frame carries.
 */
typedef struct
{
  guint16 number;
  guint32 time_ms;
} ConferCallStamp;

void     confer_call_stamp_write_i420 (guint8                *y,
                                       guint                  y_stride,
                                       guint8                *u,
                                       guint                  u_stride,
                                       guint8                *v,
                                       guint                  v_stride,
                                       guint                  width,
                                       guint                  height,
                                       const ConferCallStamp *stamp);
gboolean confer_call_stamp_read_rgba  (const guint8          *rgba,
                                       guint                  stride,
                                       guint                  width,
                                       guint                  height,
                                       ConferCallStamp       *stamp);
guint32  confer_call_stamp_now_ms     (void);

G_END_DECLS
