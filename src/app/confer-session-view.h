/* confer-session-view.h: a joined session: its documents, participants
 * and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-buffer-binding.h"
#include "confer-call-view.h"
#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_SESSION_VIEW (confer_session_view_get_type ())

G_DECLARE_FINAL_TYPE (ConferSessionView, confer_session_view, CONFER, SESSION_VIEW, AdwBin)

void                 confer_session_view_set_client   (ConferSessionView *self,
                                                       ConferClient      *client);
ConferClient        *confer_session_view_get_client   (ConferSessionView *self);
void                 confer_session_view_open_doc     (ConferSessionView *self,
                                                       const char        *doc_id);
ConferBufferBinding *confer_session_view_get_binding  (ConferSessionView *self);
AdwFlap             *confer_session_view_get_flap     (ConferSessionView *self);
ConferCallView      *confer_session_view_get_call_view (ConferSessionView *self);
void                 confer_session_view_export_file  (ConferSessionView *self,
                                                       GFile             *file);
void                 confer_session_view_import_file  (ConferSessionView *self,
                                                       GFile             *file);
const char          *confer_session_view_get_document_title (ConferSessionView *self);
void                 confer_session_view_import_text  (ConferSessionView *self,
                                                       const char        *title,
                                                       const char        *text);

G_END_DECLS
