/* confer-media.h: the umbrella header of libconfer-media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-media-error.h"
#include "confer-call.h"
#include "confer-call-peer.h"
#include "confer-call-speakers.h"
#include "confer-call-stamp.h"
#include "confer-media-devices.h"
#include "confer-voice-clip.h"
#include "confer-voice-process.h"
#include "confer-voice-player.h"
#include "confer-voice-recorder.h"
