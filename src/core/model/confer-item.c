/* confer-item.c: a document or board of a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An item as the `doc.*` messages describe it (docs/protocol.md): an id, a
 * kind (`"kind"`, text when absent), a title, when it was last edited and,
 * for one in the trash, when and by whom it was deleted. The client keeps
 * one object per item and updates it in place, so a view bound to it
 * follows along.
 */
#define G_LOG_DOMAIN "confer-item"

#include "config.h"

#include "confer-core-error.h"
#include "confer-item.h"
#include "confer-model-private.h"

G_DEFINE_ENUM_TYPE (ConferItemKind, confer_item_kind,
                    G_DEFINE_ENUM_VALUE (CONFER_ITEM_KIND_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (CONFER_ITEM_KIND_BOARD, "board"))

static const char *kind_names[] = { "text", "board" };

/**
 * confer_item_kind_to_string:
 * @kind: a kind
 *
 * Returns: (transfer none): its wire name, `text` or `board`
 */
const char *
confer_item_kind_to_string (ConferItemKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), "text");

  return kind_names[kind];
}

/**
 * confer_item_kind_from_string:
 * @name: (nullable): a wire name; %NULL (no `"kind"` member) is text
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @name is %NULL, `text` or `board`
 */
gboolean
confer_item_kind_from_string (const char     *name,
                              ConferItemKind *kind)
{
  if (name == NULL)
    {
      *kind = CONFER_ITEM_KIND_TEXT;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (name, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

struct _ConferItem
{
  GObject         parent_instance;

  char           *id;
  ConferItemKind  kind;
  char           *title;
  gint64          edited;
  gint64          deleted;
  char           *deleted_by;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TITLE,
  PROP_EDITED,
  PROP_DELETED,
  PROP_DELETED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferItem, confer_item, G_TYPE_OBJECT)

static void
confer_item_finalize (GObject *object)
{
  ConferItem *self = (ConferItem *) object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->deleted_by);

  G_OBJECT_CLASS (confer_item_parent_class)->finalize (object);
}

static void
confer_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ConferItem *self = CONFER_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_EDITED:
      g_value_set_int64 (value, self->edited);
      break;
    case PROP_DELETED:
      g_value_set_int64 (value, self->deleted);
      break;
    case PROP_DELETED_BY:
      g_value_set_string (value, self->deleted_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_item_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ConferItem *self = CONFER_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      confer_item_set_title (self, g_value_get_string (value));
      break;
    case PROP_EDITED:
      confer_item_set_edited (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_item_class_init (ConferItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = confer_item_finalize;
  object_class->get_property = confer_item_get_property;
  object_class->set_property = confer_item_set_property;

  /**
   * ConferItem:id:
   *
   * The item's id in the session, as the server gave it.
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);

  /**
   * ConferItem:kind:
   *
   * What it holds, a #ConferItemKind; it never changes.
   */
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, CONFER_TYPE_ITEM_KIND, CONFER_ITEM_KIND_TEXT,
                                             construct);

  /**
   * ConferItem:title:
   *
   * Its title.
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);

  /**
   * ConferItem:edited:
   *
   * When it was last edited, in Unix seconds (the server records it at
   * most every 10 s); 0 if unknown.
   */
  properties[PROP_EDITED] = g_param_spec_int64 ("edited", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * ConferItem:deleted:
   *
   * When it went to the trash, in Unix seconds; 0 if it is not deleted.
   */
  properties[PROP_DELETED] = g_param_spec_int64 ("deleted", NULL, NULL, 0, G_MAXINT64, 0, read_only);

  /**
   * ConferItem:deleted-by:
   *
   * The id of the participant who deleted it, or %NULL.
   */
  properties[PROP_DELETED_BY] = g_param_spec_string ("deleted-by", NULL, NULL, NULL, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confer_item_init (ConferItem *self)
{
  self->title = g_strdup ("");
}

/**
 * confer_item_new:
 * @id: the item's id
 * @kind: what it holds
 * @title: its title
 *
 * Returns: (transfer full): a new item, never edited, not deleted
 */
ConferItem *
confer_item_new (const char     *id,
                 ConferItemKind  kind,
                 const char     *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (CONFER_TYPE_ITEM, "id", id, "kind", kind, "title", title, NULL);
}

/**
 * confer_item_new_from_json:
 * @object: a document object as the protocol gives it (`welcome`'s and
 *   `doc.trash`'s `docs`, the `doc` of `doc.created` and the others):
 *   `id`, `title`, optionally `kind` (`text` when absent, or `board`),
 *   `edited`, and for a deleted one `deleted` and `by`
 * @error: return location for a #GError
 *
 * Reads an item. The caller has checked the members' JSON types
 * (confer_server_frame_check(), or the cache's own writing).
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_MODEL when the id is missing or the kind is
 *   one this version does not know
 */
ConferItem *
confer_item_new_from_json (JsonObject  *object,
                           GError     **error)
{
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *kind_name = json_object_get_string_member_with_default (object, "kind", NULL);
  ConferItemKind kind;
  ConferItem *self;

  if (id == NULL || !confer_item_kind_from_string (kind_name, &kind))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_MODEL,
                   "An item has no id or an unknown kind (%s)", kind_name != NULL ? kind_name : "none");
      return NULL;
    }
  self = confer_item_new (id, kind, json_object_get_string_member_with_default (object, "title", ""));
  self->edited = MAX (json_object_get_int_member_with_default (object, "edited", 0), 0);
  self->deleted = MAX (json_object_get_int_member_with_default (object, "deleted", 0), 0);
  self->deleted_by = g_strdup (json_object_get_string_member_with_default (object, "by", NULL));
  return self;
}

/**
 * confer_item_to_json:
 * @self: an item
 *
 * Writes the item in the protocol's shape, members in the server's order
 * `id`, `kind`, `title`, then `edited` (if known), `deleted` and `by` (if
 * deleted) — what the client cache stores and `confer-cli join` prints.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
confer_item_to_json (ConferItem *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (CONFER_IS_ITEM (self), NULL);

  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "kind", confer_item_kind_to_string (self->kind));
  json_object_set_string_member (object, "title", self->title);
  if (self->edited > 0)
    json_object_set_int_member (object, "edited", self->edited);
  if (self->deleted > 0)
    json_object_set_int_member (object, "deleted", self->deleted);
  if (self->deleted_by != NULL)
    json_object_set_string_member (object, "by", self->deleted_by);
  json_node_take_object (node, object);
  return node;
}

/**
 * confer_item_get_id:
 * @self: an item
 *
 * Returns: (transfer none): its id
 */
const char *
confer_item_get_id (ConferItem *self)
{
  g_return_val_if_fail (CONFER_IS_ITEM (self), NULL);

  return self->id;
}

/**
 * confer_item_get_kind:
 * @self: an item
 *
 * Returns: what it holds
 */
ConferItemKind
confer_item_get_kind (ConferItem *self)
{
  g_return_val_if_fail (CONFER_IS_ITEM (self), CONFER_ITEM_KIND_TEXT);

  return self->kind;
}

/**
 * confer_item_get_title:
 * @self: an item
 *
 * Returns: (transfer none): its title
 */
const char *
confer_item_get_title (ConferItem *self)
{
  g_return_val_if_fail (CONFER_IS_ITEM (self), NULL);

  return self->title;
}

/**
 * confer_item_set_title:
 * @self: an item
 * @title: (nullable): its title; %NULL for none
 *
 * Notifies #ConferItem:title if it changed.
 */
void
confer_item_set_title (ConferItem *self,
                       const char *title)
{
  g_return_if_fail (CONFER_IS_ITEM (self));

  if (confer_model_set_string (&self->title, title != NULL ? title : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * confer_item_get_edited:
 * @self: an item
 *
 * Returns: when it was last edited, in Unix seconds; 0 if unknown
 */
gint64
confer_item_get_edited (ConferItem *self)
{
  g_return_val_if_fail (CONFER_IS_ITEM (self), 0);

  return self->edited;
}

/**
 * confer_item_set_edited:
 * @self: an item
 * @edited: when it was last edited, in Unix seconds; 0 if unknown
 *
 * Notifies #ConferItem:edited if it changed.
 */
void
confer_item_set_edited (ConferItem *self,
                        gint64      edited)
{
  g_return_if_fail (CONFER_IS_ITEM (self));

  if (self->edited == edited)
    return;
  self->edited = edited;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITED]);
}

/**
 * confer_item_get_deleted:
 * @self: an item
 *
 * Returns: when it went to the trash, in Unix seconds; 0 if it is not
 *   deleted
 */
gint64
confer_item_get_deleted (ConferItem *self)
{
  g_return_val_if_fail (CONFER_IS_ITEM (self), 0);

  return self->deleted;
}

/**
 * confer_item_get_deleted_by:
 * @self: an item
 *
 * Returns: (transfer none) (nullable): the participant id of who deleted
 *   it, if it is deleted and the server said who
 */
const char *
confer_item_get_deleted_by (ConferItem *self)
{
  g_return_val_if_fail (CONFER_IS_ITEM (self), NULL);

  return self->deleted_by;
}

/**
 * confer_item_set_deleted:
 * @self: an item
 * @deleted: when it went to the trash, in Unix seconds; 0 for restored
 * @deleted_by: (nullable): the participant id of who deleted it
 *
 * Notifies #ConferItem:deleted and #ConferItem:deleted-by where they
 * changed.
 */
void
confer_item_set_deleted (ConferItem *self,
                         gint64      deleted,
                         const char *deleted_by)
{
  g_return_if_fail (CONFER_IS_ITEM (self));

  if (self->deleted != deleted)
    {
      self->deleted = deleted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
    }
  if (confer_model_set_string (&self->deleted_by, deleted_by))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_BY]);
}

/**
 * confer_item_update:
 * @self: an item
 * @from: a newer description of the same item (same id)
 *
 * Takes @from's title, edited time and deletion, notifying each property
 * that changed, so views showing @self keep their rows. An @from that
 * does not say when it was edited keeps @self's time.
 */
void
confer_item_update (ConferItem *self,
                    ConferItem *from)
{
  g_return_if_fail (CONFER_IS_ITEM (self));
  g_return_if_fail (CONFER_IS_ITEM (from));

  g_object_freeze_notify (G_OBJECT (self));
  confer_item_set_title (self, from->title);
  if (from->edited > 0)
    confer_item_set_edited (self, from->edited);
  confer_item_set_deleted (self, from->deleted, from->deleted_by);
  g_object_thaw_notify (G_OBJECT (self));
}
