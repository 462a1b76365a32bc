/* confer-contrast.h: whether a participant's colour can be seen on the
 * editor's page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

/**
 * CONFER_CONTRAST_MIN:
 *
 * The least contrast ratio a cursor colour must have against the editor's
 * page, in the light style and in the dark: 3:1, what WCAG 2.1 asks of
 * graphical objects and large text (success criterion 1.4.11).
 */
#define CONFER_CONTRAST_MIN 3.0

double   confer_contrast_ratio        (const GdkRGBA *a,
                                       const GdkRGBA *b);
gboolean confer_contrast_is_readable  (const GdkRGBA *colour);
void     confer_contrast_text_on      (const GdkRGBA *background,
                                       GdkRGBA       *text);

G_END_DECLS
