/* confer-media-error.c: the error domain of libconfer-media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-media-error"

#include "config.h"

#include "confer-media-error.h"

G_DEFINE_QUARK (confer-media-error-quark, confer_media_error)
