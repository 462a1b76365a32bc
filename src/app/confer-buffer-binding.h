/* confer-buffer-binding.h: a GtkTextBuffer kept equal to a shared document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_BUFFER_BINDING (confer_buffer_binding_get_type ())

G_DECLARE_FINAL_TYPE (ConferBufferBinding, confer_buffer_binding, CONFER, BUFFER_BINDING, GObject)

ConferBufferBinding *confer_buffer_binding_new        (GtkTextBuffer       *buffer,
                                                       ConferClientDoc     *doc);
GtkTextBuffer       *confer_buffer_binding_get_buffer (ConferBufferBinding *self);
ConferClientDoc     *confer_buffer_binding_get_doc    (ConferBufferBinding *self);
gboolean             confer_buffer_binding_undo       (ConferBufferBinding *self);
gboolean             confer_buffer_binding_redo       (ConferBufferBinding *self);

G_END_DECLS
