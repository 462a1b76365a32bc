/* confer-core-error.h: the error domain of libconfer-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CONFER_CORE_ERROR:
 *
 * Error domain for libconfer-core: malformed operations, operations that do
 * not fit the document they are applied to, and malformed input files and
 * JSON.
 */
#define CONFER_CORE_ERROR (confer_core_error_quark ())

/**
 * ConferCoreError:
 * @CONFER_CORE_ERROR_INVALID_OP: the operation is not a well-formed
 *   ot-text-unicode operation (wrong JSON type, a skip that is not a positive
 *   integer, an empty insert or delete, adjacent or trailing skips).
 * @CONFER_CORE_ERROR_INVALID_UTF8: inserted or deleted text is not valid
 *   UTF-8.
 * @CONFER_CORE_ERROR_SKIP_PAST_END: the operation skips past the end of the
 *   document it is applied to.
 * @CONFER_CORE_ERROR_DELETE_PAST_END: the operation deletes past the end of
 *   the document it is applied to.
 * @CONFER_CORE_ERROR_DELETE_MISMATCH: a delete that carries the deleted text
 *   does not match the text in the document.
 * @CONFER_CORE_ERROR_NOT_INVERTIBLE: the operation deletes by count only, so
 *   it cannot be inverted.
 * @CONFER_CORE_ERROR_INVALID_REVISION: an operation names a base revision the
 *   history does not have.
 * @CONFER_CORE_ERROR_INVALID_POSITION: a cursor or range lies outside the
 *   document.
 * @CONFER_CORE_ERROR_INVALID_TRACE: an editing trace file is malformed.
 * @CONFER_CORE_ERROR_STORAGE: the SQLite store failed or lacks a record.
 * @CONFER_CORE_ERROR_INVALID_LINK: a `confer://` link is malformed or unsafe.
 * @CONFER_CORE_ERROR_INVALID_JSON: text that should be JSON is not.
 * @CONFER_CORE_ERROR_TOO_DEEP: JSON nests arrays and objects deeper than
 *   Confer parses (%CONFER_JSON_MAX_DEPTH).
 * @CONFER_CORE_ERROR_INVALID_MODEL: a participant, item or invite
 *   description lacks its id or names an unknown role or kind.
 * @CONFER_CORE_ERROR_INVALID_ELEMENT: a board element, or an operation on
 *   one, is malformed: a field of the wrong type or out of its range (the
 *   message names the field).
 * @CONFER_CORE_ERROR_UNKNOWN_ELEMENT: a board operation names an element
 *   the board never had, or adds one it already has.
 * @CONFER_CORE_ERROR_LIMIT: a board would hold more elements, or a stroke
 *   more points, than Confer allows.
 *
 * Errors in the #CONFER_CORE_ERROR domain.
 */
typedef enum
{
  CONFER_CORE_ERROR_INVALID_OP,
  CONFER_CORE_ERROR_INVALID_UTF8,
  CONFER_CORE_ERROR_SKIP_PAST_END,
  CONFER_CORE_ERROR_DELETE_PAST_END,
  CONFER_CORE_ERROR_DELETE_MISMATCH,
  CONFER_CORE_ERROR_NOT_INVERTIBLE,
  CONFER_CORE_ERROR_INVALID_REVISION,
  CONFER_CORE_ERROR_INVALID_POSITION,
  CONFER_CORE_ERROR_INVALID_TRACE,
  CONFER_CORE_ERROR_STORAGE,
  CONFER_CORE_ERROR_INVALID_LINK,
  CONFER_CORE_ERROR_INVALID_JSON,
  CONFER_CORE_ERROR_TOO_DEEP,
  CONFER_CORE_ERROR_INVALID_MODEL,
  CONFER_CORE_ERROR_INVALID_ELEMENT,
  CONFER_CORE_ERROR_UNKNOWN_ELEMENT,
  CONFER_CORE_ERROR_LIMIT,
} ConferCoreError;

GQuark confer_core_error_quark (void);

G_END_DECLS
