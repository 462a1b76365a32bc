/* confer-role-text.h: roles as people read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *confer_role_text_name     (const char *role);
const char *confer_role_text_describe (const char *role);

G_END_DECLS
