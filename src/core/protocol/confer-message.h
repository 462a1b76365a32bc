/* confer-message.h: protocol messages: decoding, validated reads, encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "confer-text-op.h"

G_BEGIN_DECLS

/**
 * ConferMessage:
 *
 * One protocol message: a JSON object with a string `type` and an optional
 * string `txn`, as carried in one WebSocket text frame.
 */
typedef struct _ConferMessage ConferMessage;

#define CONFER_TYPE_MESSAGE (confer_message_get_type ())

GType          confer_message_get_type      (void) G_GNUC_CONST;
ConferMessage *confer_message_new           (const char     *type);
ConferMessage *confer_message_new_error     (const GError   *error,
                                             const char     *txn);
ConferMessage *confer_message_decode        (const char     *data,
                                             gsize           n_bytes,
                                             gsize           max_bytes,
                                             GError        **error);
ConferMessage *confer_message_ref           (ConferMessage  *self);
void           confer_message_unref         (ConferMessage  *self);
const char    *confer_message_get_type_name (ConferMessage  *self);
const char    *confer_message_get_txn       (ConferMessage  *self);
JsonObject    *confer_message_get_object    (ConferMessage  *self);
gboolean       confer_message_read_string   (ConferMessage  *self,
                                             const char     *name,
                                             gboolean        required,
                                             guint           max_chars,
                                             const char    **out,
                                             GError        **error);
gboolean       confer_message_read_uint     (ConferMessage  *self,
                                             const char     *name,
                                             gboolean        required,
                                             guint64         max,
                                             guint64        *out,
                                             GError        **error);
gboolean       confer_message_read_boolean  (ConferMessage  *self,
                                             const char     *name,
                                             gboolean       *out,
                                             GError        **error);
gboolean       confer_message_read_array    (ConferMessage  *self,
                                             const char     *name,
                                             gboolean        required,
                                             guint           max_length,
                                             JsonArray     **out,
                                             GError        **error);
ConferTextOp  *confer_message_read_op       (ConferMessage  *self,
                                             const char     *name,
                                             GError        **error);
void           confer_message_set_txn       (ConferMessage  *self,
                                             const char     *txn);
char          *confer_message_encode        (ConferMessage  *self,
                                             gsize          *n_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferMessage, confer_message_unref)

G_END_DECLS
