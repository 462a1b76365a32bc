/* confer-item.h: a document or board of a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ConferItemKind:
 * @CONFER_ITEM_KIND_TEXT: a text document (`"kind": "text"`, or no kind)
 * @CONFER_ITEM_KIND_BOARD: a whiteboard (`"kind": "board"`)
 *
 * What an item of a session holds.
 */
typedef enum
{
  CONFER_ITEM_KIND_TEXT,
  CONFER_ITEM_KIND_BOARD,
} ConferItemKind;

#define CONFER_TYPE_ITEM_KIND (confer_item_kind_get_type ())

GType       confer_item_kind_get_type    (void) G_GNUC_CONST;
const char *confer_item_kind_to_string   (ConferItemKind  kind);
gboolean    confer_item_kind_from_string (const char     *name,
                                          ConferItemKind *kind);

#define CONFER_TYPE_ITEM (confer_item_get_type ())

G_DECLARE_FINAL_TYPE (ConferItem, confer_item, CONFER, ITEM, GObject)

ConferItem     *confer_item_new               (const char     *id,
                                               ConferItemKind  kind,
                                               const char     *title);
ConferItem     *confer_item_new_from_json     (JsonObject     *object,
                                               GError        **error);
JsonNode       *confer_item_to_json           (ConferItem     *self);
const char     *confer_item_get_id            (ConferItem     *self);
ConferItemKind  confer_item_get_kind          (ConferItem     *self);
const char     *confer_item_get_title         (ConferItem     *self);
void            confer_item_set_title         (ConferItem     *self,
                                               const char     *title);
gint64          confer_item_get_edited        (ConferItem     *self);
void            confer_item_set_edited        (ConferItem     *self,
                                               gint64          edited);
gint64          confer_item_get_deleted       (ConferItem     *self);
const char     *confer_item_get_deleted_by    (ConferItem     *self);
void            confer_item_set_deleted       (ConferItem     *self,
                                               gint64          deleted,
                                               const char     *deleted_by);
void            confer_item_update            (ConferItem     *self,
                                               ConferItem     *from);

G_END_DECLS
