/* bench-strokes.h: the seeded pressure strokes the ink benchmarks draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hand moving over a page with a velocity that drifts and bounces off
 * the page's edges, its pressure drifting too: the strokes the export and
 * canvas benchmarks draw, number for number from the same seed.
 */
#pragma once

#include "bench-xorshift.h"

#define BENCH_STROKE_POINTS 50   /* points a stroke */

/* The next stroke of @state's sequence on a square page of @side px:
 * BENCH_STROKE_POINTS points in @x, @y (page px) and pressures in @p
 * (0 to 1). */
static inline void
bench_stroke_next (guint32 *state,
                   double   side,
                   double  *x,
                   double  *y,
                   double  *p)
{
  double px = 50 + bench_xorshift_double (state) * (side - 100);
  double py = 50 + bench_xorshift_double (state) * (side - 100);
  double vx = bench_xorshift_double (state) * 8 - 4;
  double vy = bench_xorshift_double (state) * 8 - 4;
  double pressure = 0.3 + bench_xorshift_double (state) * 0.4;
  double drift;

  for (guint i = 0; i < BENCH_STROKE_POINTS; i++)
    {
      x[i] = px;
      y[i] = py;
      p[i] = pressure;
      vx += bench_xorshift_double (state) * 2 - 1;
      vy += bench_xorshift_double (state) * 2 - 1;
      if (px + vx < 10 || px + vx > side - 10)
        vx = -vx;
      if (py + vy < 10 || py + vy > side - 10)
        vy = -vy;
      px += vx;
      py += vy;
      /* One draw: CLAMP() would evaluate its argument more than once. */
      drift = bench_xorshift_double (state) * 0.1 - 0.05;
      pressure = CLAMP (pressure + drift, 0, 1);
    }
}
