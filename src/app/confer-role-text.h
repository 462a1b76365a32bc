/* confer-role-text.h: roles as people read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-core.h"

G_BEGIN_DECLS

const char *confer_role_text_name     (ConferRole role);
const char *confer_role_text_describe (ConferRole role);

G_END_DECLS
