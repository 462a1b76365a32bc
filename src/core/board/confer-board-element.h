/* confer-board-element.h: whiteboard elements, with Excalidraw's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Limits on what one element may hold (docs/protocol.md lists them). */
#define CONFER_BOARD_MAX_POINTS      20000   /* points of a line, arrow or stroke */
#define CONFER_BOARD_MAX_TEXT        100000  /* code points of a text */
#define CONFER_BOARD_MAX_ID          64      /* bytes of an element id */
#define CONFER_BOARD_MAX_GROUPS      64      /* groups an element is in */
#define CONFER_BOARD_MAX_BOUND       1024    /* elements bound to one */
#define CONFER_BOARD_MAX_LINK        2048    /* bytes of a link */
#define CONFER_BOARD_MAX_CUSTOM_DATA 16384   /* bytes of customData, as JSON */
#define CONFER_BOARD_MAX_COORDINATE  1e9     /* |x|, |y|, width, height, points, in scene px */

/**
 * ConferBoardElementType:
 * @CONFER_BOARD_ELEMENT_RECTANGLE: `rectangle`
 * @CONFER_BOARD_ELEMENT_ELLIPSE: `ellipse`
 * @CONFER_BOARD_ELEMENT_DIAMOND: `diamond`
 * @CONFER_BOARD_ELEMENT_LINE: `line`, points relative to x/y
 * @CONFER_BOARD_ELEMENT_ARROW: `arrow`, a line with arrowheads and bindings
 * @CONFER_BOARD_ELEMENT_FREEDRAW: `freedraw`, an ink stroke with pressures
 * @CONFER_BOARD_ELEMENT_TEXT: `text`
 * @CONFER_BOARD_ELEMENT_STICKY_NOTE: `sticky-note`, a filled square that
 *   holds its own text (Confer's; Excalidraw has none, see
 *   confer-excalidraw.c for how it travels there)
 * @CONFER_BOARD_ELEMENT_IMAGE: `image`, a blob by SHA-256
 * @CONFER_BOARD_ELEMENT_FRAME: `frame`, which clips and moves its children
 *
 * The kinds of element, by their Excalidraw `type` names.
 */
typedef enum
{
  CONFER_BOARD_ELEMENT_RECTANGLE,
  CONFER_BOARD_ELEMENT_ELLIPSE,
  CONFER_BOARD_ELEMENT_DIAMOND,
  CONFER_BOARD_ELEMENT_LINE,
  CONFER_BOARD_ELEMENT_ARROW,
  CONFER_BOARD_ELEMENT_FREEDRAW,
  CONFER_BOARD_ELEMENT_TEXT,
  CONFER_BOARD_ELEMENT_STICKY_NOTE,
  CONFER_BOARD_ELEMENT_IMAGE,
  CONFER_BOARD_ELEMENT_FRAME,
} ConferBoardElementType;

#define CONFER_BOARD_N_ELEMENT_TYPES 10

/**
 * ConferBoardProp:
 *
 * An element's properties, one per Excalidraw field (the names are in
 * confer_board_prop_name()). `id`, `type` and `isDeleted` are not
 * properties: an element's id and type never change, and only `delete`
 * and undo set the tombstone.
 */
typedef enum
{
  CONFER_BOARD_PROP_X,
  CONFER_BOARD_PROP_Y,
  CONFER_BOARD_PROP_WIDTH,
  CONFER_BOARD_PROP_HEIGHT,
  CONFER_BOARD_PROP_ANGLE,
  CONFER_BOARD_PROP_STROKE_COLOR,
  CONFER_BOARD_PROP_BACKGROUND_COLOR,
  CONFER_BOARD_PROP_FILL_STYLE,
  CONFER_BOARD_PROP_STROKE_WIDTH,
  CONFER_BOARD_PROP_STROKE_STYLE,
  CONFER_BOARD_PROP_ROUGHNESS,
  CONFER_BOARD_PROP_OPACITY,
  CONFER_BOARD_PROP_ROUNDNESS,
  CONFER_BOARD_PROP_SEED,
  CONFER_BOARD_PROP_INDEX,
  CONFER_BOARD_PROP_GROUP_IDS,
  CONFER_BOARD_PROP_FRAME_ID,
  CONFER_BOARD_PROP_BOUND_ELEMENTS,
  CONFER_BOARD_PROP_UPDATED,
  CONFER_BOARD_PROP_LINK,
  CONFER_BOARD_PROP_LOCKED,
  CONFER_BOARD_PROP_CUSTOM_DATA,
  /* text and sticky notes */
  CONFER_BOARD_PROP_TEXT,
  CONFER_BOARD_PROP_ORIGINAL_TEXT,
  CONFER_BOARD_PROP_FONT_SIZE,
  CONFER_BOARD_PROP_FONT_FAMILY,
  CONFER_BOARD_PROP_TEXT_ALIGN,
  CONFER_BOARD_PROP_VERTICAL_ALIGN,
  CONFER_BOARD_PROP_CONTAINER_ID,
  CONFER_BOARD_PROP_LINE_HEIGHT,
  CONFER_BOARD_PROP_AUTO_RESIZE,
  /* lines, arrows, strokes */
  CONFER_BOARD_PROP_POINTS,
  CONFER_BOARD_PROP_LAST_COMMITTED_POINT,
  CONFER_BOARD_PROP_PRESSURES,
  CONFER_BOARD_PROP_SIMULATE_PRESSURE,
  CONFER_BOARD_PROP_START_BINDING,
  CONFER_BOARD_PROP_END_BINDING,
  CONFER_BOARD_PROP_START_ARROWHEAD,
  CONFER_BOARD_PROP_END_ARROWHEAD,
  CONFER_BOARD_PROP_ELBOWED,
  CONFER_BOARD_PROP_POLYGON,
  /* images */
  CONFER_BOARD_PROP_FILE_ID,
  CONFER_BOARD_PROP_STATUS,
  CONFER_BOARD_PROP_SCALE,
  CONFER_BOARD_PROP_CROP,
  /* frames */
  CONFER_BOARD_PROP_NAME,
} ConferBoardProp;

#define CONFER_BOARD_N_PROPS (CONFER_BOARD_PROP_NAME + 1)

/**
 * ConferBoardValueKind:
 * @CONFER_BOARD_VALUE_ABSENT: the element's type has no such property
 * @CONFER_BOARD_VALUE_NULL: JSON null (`frameId`, bindings, arrowheads…)
 * @CONFER_BOARD_VALUE_NUMBER: a finite double
 * @CONFER_BOARD_VALUE_BOOLEAN: a boolean
 * @CONFER_BOARD_VALUE_STRING: a UTF-8 string (a board string,
 *   confer_board_string_new(), or a static one)
 * @CONFER_BOARD_VALUE_DOUBLES: a packed array of doubles (`points` as x0,
 *   y0, x1, y1…; `pressures`; `scale`; `lastCommittedPoint`)
 * @CONFER_BOARD_VALUE_JSON: a small structured value kept as sealed JSON
 *   (`roundness`, `groupIds`, `boundElements`, bindings, `crop`,
 *   `customData`)
 */
typedef enum
{
  CONFER_BOARD_VALUE_ABSENT,
  CONFER_BOARD_VALUE_NULL,
  CONFER_BOARD_VALUE_NUMBER,
  CONFER_BOARD_VALUE_BOOLEAN,
  CONFER_BOARD_VALUE_STRING,
  CONFER_BOARD_VALUE_DOUBLES,
  CONFER_BOARD_VALUE_JSON,
} ConferBoardValueKind;

/**
 * ConferBoardDoubles:
 * @ref_count: references (not atomic: see #ConferBoardElement)
 * @n: how many doubles
 * @values: the doubles
 *
 * An immutable, reference-counted array of doubles.
 */
typedef struct
{
  guint  ref_count;
  guint  n;
  double values[];
} ConferBoardDoubles;

/**
 * ConferBoardValue:
 * @kind: what the value holds
 * @is_static: for a string, doubles or JSON value, whether it is one of the
 *   values shared for the life of the process without reference counting:
 *   the static strings of the property's table (a choice, a default, a
 *   named or palette colour) and the common values made once (the empty
 *   list `[]`, the default `points` `[[0, 0]]`, `scale` `[1, 1]`, empty
 *   `pressures`)
 *
 * One property value. Heap values are immutable and shared: copying a
 * value takes a reference (none for a static one).
 */
typedef struct
{
  ConferBoardValueKind kind;
  gboolean             is_static;
  union
  {
    double              number;
    gboolean            boolean;
    char               *string;   /* a board string, unless static */
    ConferBoardDoubles *doubles;
    JsonNode           *json;     /* sealed */
  };
} ConferBoardValue;

/**
 * ConferBoardElement:
 * @ref_count: references
 * @type: the element's type, which never changes
 * @id: its id (a board string: confer_board_string_new()), which never
 *   changes
 * @deleted: whether it is a tombstone
 *
 * One element: its id, type, tombstone and a value for each property its
 * type has, read with confer_board_element_get() (which gives an absent
 * value for the properties the type lacks) and set with
 * confer_board_element_set() or confer_board_element_take(). An element
 * is allocated with exactly its type's values (a slot per property of the
 * type, in property order: a rectangle has the 22 common ones).
 *
 * Ownership: elements are reference-counted and immutable once shared.
 * Only the holder of the sole reference may change one (the setters check
 * it); anyone else makes a changed copy (confer_board_element_copy(),
 * which shares the heap values), so a board, a client's confirmed state
 * and an undo step can hold the same element. The reference counts of
 * elements, of #ConferBoardDoubles and of board strings (ids, keys, string
 * values) are not atomic, as those of #ConferBoardTx are not: a board,
 * its elements and its transactions belong to one thread at a time (pass
 * them to another thread only with every reference).
 */
typedef struct _ConferBoardElement ConferBoardElement;

struct _ConferBoardElement
{
  guint                  ref_count;
  ConferBoardElementType type;
  char                  *id;
  /*< private >*/
  guint32                counted;   /* slots holding reference-counted values */
  /*< public >*/
  gboolean               deleted;
  /*< private >*/
  ConferBoardValue       slots[];   /* the type's properties, in order */
};

const char         *confer_board_element_type_name   (ConferBoardElementType  type);
gboolean            confer_board_element_type_from_name (const char          *name,
                                                         ConferBoardElementType *type);
const char         *confer_board_prop_name           (ConferBoardProp         prop);
gboolean            confer_board_prop_from_name      (const char             *name,
                                                      ConferBoardProp        *prop);
gboolean            confer_board_prop_applies        (ConferBoardProp         prop,
                                                      ConferBoardElementType  type);
gboolean            confer_board_id_is_valid         (const char             *id);
char               *confer_board_id_new              (void);

char               *confer_board_string_new          (const char             *string);
char               *confer_board_string_ref          (char                   *string);
void                confer_board_string_unref        (char                   *string);

void                confer_board_value_set_string    (ConferBoardValue       *value,
                                                      ConferBoardProp         prop,
                                                      const char             *string);
void                confer_board_value_take_json     (ConferBoardValue       *value,
                                                      JsonNode               *node);
void                confer_board_value_copy          (ConferBoardValue       *dest,
                                                      const ConferBoardValue *src);
void                confer_board_value_clear         (ConferBoardValue       *value);
gboolean            confer_board_value_equal         (const ConferBoardValue *a,
                                                      const ConferBoardValue *b);
gboolean            confer_board_value_from_json     (ConferBoardProp         prop,
                                                      JsonNode               *node,
                                                      ConferBoardValue       *value,
                                                      GError                **error);
JsonNode           *confer_board_value_to_json       (ConferBoardProp         prop,
                                                      const ConferBoardValue *value);
ConferBoardDoubles *confer_board_doubles_new         (const double           *values,
                                                      guint                   n);
ConferBoardDoubles *confer_board_doubles_ref         (ConferBoardDoubles     *doubles);
void                confer_board_doubles_unref       (ConferBoardDoubles     *doubles);

ConferBoardElement *confer_board_element_new         (ConferBoardElementType  type,
                                                      const char             *id);
ConferBoardElement *confer_board_element_ref         (ConferBoardElement     *element);
void                confer_board_element_unref       (ConferBoardElement     *element);
ConferBoardElement *confer_board_element_copy        (const ConferBoardElement *element);
gboolean            confer_board_element_equal       (const ConferBoardElement *a,
                                                      const ConferBoardElement *b);
ConferBoardElement *confer_board_element_from_json   (JsonObject             *object,
                                                      GError                **error);
JsonObject         *confer_board_element_to_json     (const ConferBoardElement *element);
double              confer_board_element_get_number  (const ConferBoardElement *element,
                                                      ConferBoardProp         prop);
const char         *confer_board_element_get_string  (const ConferBoardElement *element,
                                                      ConferBoardProp         prop);
const ConferBoardValue *confer_board_element_get     (const ConferBoardElement *element,
                                                      ConferBoardProp         prop);
void                confer_board_element_set         (ConferBoardElement     *element,
                                                      ConferBoardProp         prop,
                                                      const ConferBoardValue *value);
void                confer_board_element_take        (ConferBoardElement     *element,
                                                      ConferBoardProp         prop,
                                                      ConferBoardValue       *value);
void                confer_board_element_set_number  (ConferBoardElement     *element,
                                                      ConferBoardProp         prop,
                                                      double                  number);
void                confer_board_element_set_string  (ConferBoardElement     *element,
                                                      ConferBoardProp         prop,
                                                      const char             *string);
gsize               confer_board_element_get_size    (const ConferBoardElement *element);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferBoardElement, confer_board_element_unref)

G_END_DECLS
