/* confer-contrast.c: whether a participant's colour can be seen on the
 * editor's page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-contrast"

#include "config.h"

#include <math.h>

#include "confer-contrast.h"

/* The editor's page: libadwaita 1.2's view background, light (#ffffff)
 * and dark (#1e1e1e). */
static const GdkRGBA light_page = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA dark_page = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1.0 };

static double
linear (double channel)
{
  return channel <= 0.04045 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

/* WCAG 2.1's relative luminance of an sRGB colour, from 0 to 1. */
static double
luminance (const GdkRGBA *colour)
{
  return 0.2126 * linear (colour->red) + 0.7152 * linear (colour->green) + 0.0722 * linear (colour->blue);
}

/**
 * confer_contrast_ratio:
 * @a: an opaque colour
 * @b: another
 *
 * The contrast ratio of two colours as WCAG 2.1 defines it,
 * (L1 + 0.05) / (L2 + 0.05) with L1 the lighter's relative luminance.
 *
 * Returns: the ratio, from 1 (the same) to 21 (black on white)
 */
double
confer_contrast_ratio (const GdkRGBA *a,
                       const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/**
 * confer_contrast_is_readable:
 * @colour: a cursor colour
 *
 * Returns: %TRUE if @colour has a contrast ratio of at least
 *   %CONFER_CONTRAST_MIN against the editor's page in both the light and
 *   the dark style
 */
gboolean
confer_contrast_is_readable (const GdkRGBA *colour)
{
  return confer_contrast_ratio (colour, &light_page) >= CONFER_CONTRAST_MIN &&
         confer_contrast_ratio (colour, &dark_page) >= CONFER_CONTRAST_MIN;
}

/**
 * confer_contrast_text_on:
 * @background: a colour text is written on (a name tag, an avatar)
 * @text: (out): black or white, whichever contrasts more with it
 */
void
confer_contrast_text_on (const GdkRGBA *background,
                         GdkRGBA       *text)
{
  static const GdkRGBA black = { 0, 0, 0, 1 }, white = { 1, 1, 1, 1 };

  *text = confer_contrast_ratio (background, &black) >= confer_contrast_ratio (background, &white) ? black : white;
}
