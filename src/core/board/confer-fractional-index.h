/* confer-fractional-index.h: z-order keys for board elements, compatible
 * with the npm package fractional-indexing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CONFER_FRACTIONAL_INDEX_DIGITS:
 *
 * The base-62 digits of a fractional index, in ascending byte order:
 * `0-9`, `A-Z`, `a-z`. The package fractional-indexing calls them
 * `BASE_62_DIGITS`; an integer part's head is one of the 52 letters.
 */
#define CONFER_FRACTIONAL_INDEX_DIGITS "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

gboolean confer_fractional_index_is_valid    (const char  *key);
char    *confer_fractional_index_between     (const char  *a,
                                              const char  *b,
                                              GError     **error);
char   **confer_fractional_index_n_between   (const char  *a,
                                              const char  *b,
                                              guint        n,
                                              GError     **error);
char    *confer_fractional_index_between_for (const char  *a,
                                              const char  *b,
                                              const char  *participant_id,
                                              GError     **error);

G_END_DECLS
