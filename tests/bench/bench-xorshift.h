/* bench-xorshift.h: the benchmarks' seeded numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Marsaglia's xorshift32 (13, 17, 5), as the node peers compute it too,
 * so both sides of a comparison draw the same strokes number for number.
 */
#pragma once

#include <glib.h>

/* The next number from 0 up to 1 (exclusive); @state must not be 0. */
static inline double
bench_xorshift_double (guint32 *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state / 4294967296.0;
}
