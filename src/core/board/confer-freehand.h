/* confer-freehand.h: the outline of an ink stroke, as perfect-freehand
 * computes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ConferFreehandEasing:
 * @CONFER_FREEHAND_EASING_LINEAR: t (perfect-freehand's default)
 * @CONFER_FREEHAND_EASING_SINE_OUT: sin (t π / 2), as Excalidraw draws
 *   freedraw elements (https://easings.net/#easeOutSine)
 *
 * How pressure maps to width: the radius is size × easing (0.5 − thinning
 * × (0.5 − pressure)).
 */
typedef enum
{
  CONFER_FREEHAND_EASING_LINEAR,
  CONFER_FREEHAND_EASING_SINE_OUT,
} ConferFreehandEasing;

/**
 * ConferFreehandOptions:
 * @size: the stroke's base diameter, px, more than 0 (the width at
 *   pressure 0.5, or everywhere with no thinning)
 * @thinning: how much pressure changes the width, -1 to 1: the radius is
 *   size × easing (0.5 − thinning × (0.5 − pressure)); 0 for a constant
 *   width, negative to make pressure thin the stroke
 * @smoothing: how soft the outline's edges are, 0 to 1: an outline point
 *   closer than size × smoothing to the last one kept on its side is left
 *   out
 * @streamline: how much the input points are smoothed, 0 to 1: each moves
 *   a fraction 0.15 + 0.85 × (1 − streamline) of the way from the previous
 *   smoothed point
 * @easing: how pressure maps to width
 * @simulate_pressure: make pressure from the points' speed (a mouse)
 *   rather than take the given pressures (a stylus)
 * @start_taper: taper length at the start, px along the smoothed stroke
 *   (0: none; %CONFER_FREEHAND_TAPER_WHOLE, or any negative value: the
 *   package's `taper: true`, the whole stroke but at least @size); a
 *   tapered start has no cap
 * @start_cap: round cap at the start (%FALSE: flat), when not tapered
 * @end_taper: taper length at the end, px, as @start_taper
 * @end_cap: round cap at the end (%FALSE: flat), when not tapered
 * @last: the stroke is finished (the last point is kept as it is rather
 *   than streamlined, and a stroke that never moved is a dot even when
 *   tapered)
 *
 * The options of perfect-freehand 1.2.3's `getStroke()`, with its names
 * (`start.taper`, `start.cap`, … flattened). The tapers' easings are the
 * package's defaults, t (2 − t) at the start and (t − 1)³ + 1 at the end;
 * the package's custom easing functions have no equivalent here.
 */
typedef struct
{
  double               size;
  double               thinning;
  double               smoothing;
  double               streamline;
  ConferFreehandEasing easing;
  gboolean             simulate_pressure;
  double               start_taper;
  gboolean             start_cap;
  double               end_taper;
  gboolean             end_cap;
  gboolean             last;
} ConferFreehandOptions;

/**
 * CONFER_FREEHAND_TAPER_WHOLE:
 *
 * A taper as long as the whole stroke (perfect-freehand's `taper: true`),
 * for #ConferFreehandOptions's @start_taper and @end_taper.
 */
#define CONFER_FREEHAND_TAPER_WHOLE (-1.0)

void    confer_freehand_options_init        (ConferFreehandOptions       *options);
void    confer_freehand_options_for_element (ConferFreehandOptions       *options,
                                             double                       stroke_width,
                                             gboolean                     simulate_pressure);
GArray *confer_freehand_outline             (const double                *points,
                                             const double                *pressures,
                                             guint                        n_points,
                                             const ConferFreehandOptions *options);

G_END_DECLS
