/* confer-core-error.c: the error domain of libconfer-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-core-error"

#include "config.h"

#include "confer-core-error.h"

G_DEFINE_QUARK (confer-core-error-quark, confer_core_error)
