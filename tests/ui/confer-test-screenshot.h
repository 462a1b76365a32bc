/* confer-test-screenshot.h: screenshots of the UI tests' screen, for
 * people to look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void confer_test_screenshot (const char *name);

G_END_DECLS
