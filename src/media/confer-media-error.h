/* confer-media-error.h: the error domain of libconfer-media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CONFER_MEDIA_ERROR:
 *
 * Error domain for libconfer-media: GStreamer pipelines that cannot be
 * built or fail, audio that cannot be decoded, and recordings Confer does
 * not send.
 */
#define CONFER_MEDIA_ERROR (confer_media_error_quark ())

/**
 * ConferMediaError:
 * @CONFER_MEDIA_ERROR_MISSING_ELEMENT: a GStreamer element the pipeline
 *   needs is not installed (the message names it).
 * @CONFER_MEDIA_ERROR_PIPELINE: a pipeline failed while running: a device
 *   went away, a stream could not be decoded (the message is GStreamer's).
 * @CONFER_MEDIA_ERROR_SILENT: the audio holds no 10 ms of sound louder
 *   than its noise floor allows (%CONFER_VOICE_ABOVE_FLOOR_DB,
 *   %CONFER_VOICE_SILENCE_DBFS).
 * @CONFER_MEDIA_ERROR_TOO_LONG: the audio, once trimmed, is longer than
 *   %CONFER_VOICE_MAX_DURATION_MS.
 *
 * Errors in the #CONFER_MEDIA_ERROR domain.
 */
typedef enum
{
  CONFER_MEDIA_ERROR_MISSING_ELEMENT,
  CONFER_MEDIA_ERROR_PIPELINE,
  CONFER_MEDIA_ERROR_SILENT,
  CONFER_MEDIA_ERROR_TOO_LONG,
} ConferMediaError;

GQuark confer_media_error_quark (void);

G_END_DECLS
