/* confer-number.cc: reading numbers out of JSON text, fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 92 MB Excalidraw scene holds millions of numbers, and glibc's strtod
 * takes a third of its import. fast_float (Debian's libfast-float-dev, a
 * header-only C++ library; the Eisel–Lemire algorithm, Lemire, "Number
 * Parsing at a Gigabyte per Second", 2021) gives the same, correctly
 * rounded doubles several times faster, and never looks at the locale.
 */
#include "config.h"

#include <fast_float/fast_float.h>

#include "confer-number.h"

/**
 * confer_number_parse:
 * @text: (array length=length): a JSON number, already checked against
 *   JSON's grammar (by the parser that found it)
 * @length: its bytes
 * @value: (out): the double nearest to it (±infinity when it is beyond a
 *   double's range)
 *
 * Reads a number as strtod() does in the C locale — the same double, bit
 * for bit — without strtod()'s cost or its dependence on the locale.
 *
 * Returns: %TRUE if all of @text is the number
 */
gboolean
confer_number_parse (const char *text,
                     gsize       length,
                     double     *value)
{
  fast_float::from_chars_result result = fast_float::from_chars (text, text + length, *value);

  return result.ptr == text + length && (result.ec == std::errc () || result.ec == std::errc::result_out_of_range);
}
