/* confer-board-element.c: whiteboard elements, their properties, and the
 * checks every value passes before a board holds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field names, units and defaults are Excalidraw's (packages/element/src/
 * types.ts and data/restore.ts of @excalidraw/excalidraw 0.18), so that a
 * `.excalidraw` file comes in and goes out unchanged: positions and sizes
 * in scene pixels, angles in radians, opacity 0–100, points relative to
 * the element's x/y.
 */
#define G_LOG_DOMAIN "confer-board-element"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-board-element.h"
#include "confer-core-error.h"
#include "confer-fractional-index.h"

/* Which element types have a property. */
#define T(t)       (1u << CONFER_BOARD_ELEMENT_##t)
#define ALL_TYPES  ((1u << CONFER_BOARD_N_ELEMENT_TYPES) - 1)
#define TEXTUAL    (T (TEXT) | T (STICKY_NOTE))
#define LINEAR     (T (LINE) | T (ARROW))
#define POINTED    (T (LINE) | T (ARROW) | T (FREEDRAW))

typedef enum
{
  CHECK_NUMBER,        /* min..max */
  CHECK_INTEGER,       /* min..max, whole */
  CHECK_BOOLEAN,
  CHECK_STRING,        /* text: at most max code points, no control characters but \t \n \r */
  CHECK_CHOICE,        /* one of choices */
  CHECK_COLOUR,
  CHECK_INDEX,         /* a fractional index key */
  CHECK_ID,            /* an element id */
  CHECK_LINK,
  CHECK_FILE_ID,       /* SHA-256 in lower-case hex */
  CHECK_POINTS,        /* [[x, y], …] */
  CHECK_POINT,         /* [x, y] */
  CHECK_PRESSURES,     /* [p, …], each 0–1 */
  CHECK_SCALE,         /* [sx, sy] */
  CHECK_ROUNDNESS,
  CHECK_GROUP_IDS,
  CHECK_BOUND_ELEMENTS,
  CHECK_BINDING,
  CHECK_CROP,
  CHECK_CUSTOM_DATA,
} Check;

typedef struct
{
  const char         *name;
  guint               types;
  Check               check;
  gboolean            nullable;
  double              min, max;
  const char *const  *choices;
  /* The default, as Excalidraw's restore() fills it in. */
  ConferBoardValueKind default_kind;
  double              default_number;
  const char         *default_string;
} PropInfo;

static const char *const fill_styles[] = { "hachure", "cross-hatch", "solid", "zigzag", NULL };
static const char *const stroke_styles[] = { "solid", "dashed", "dotted", NULL };
static const char *const text_aligns[] = { "left", "center", "right", NULL };
static const char *const vertical_aligns[] = { "top", "middle", "bottom", NULL };
static const char *const image_statuses[] = { "pending", "saved", "error", NULL };
/* Excalidraw's Arrowhead type. */
static const char *const arrowheads[] = {
  "arrow", "bar", "dot", "circle", "circle_outline", "triangle", "triangle_outline",
  "diamond", "diamond_outline", "crowfoot_one", "crowfoot_many", "crowfoot_one_or_many", NULL
};

#define NUM(v)   CONFER_BOARD_VALUE_NUMBER, (v), NULL
#define STR(s)   CONFER_BOARD_VALUE_STRING, 0, (s)
#define BOOL(b)  CONFER_BOARD_VALUE_BOOLEAN, (b), NULL
#define NUL      CONFER_BOARD_VALUE_NULL, 0, NULL
#define EMPTY    CONFER_BOARD_VALUE_JSON, 0, "[]"
#define ORIGIN   CONFER_BOARD_VALUE_DOUBLES, 0, NULL
#define C        CONFER_BOARD_MAX_COORDINATE

static const PropInfo props[CONFER_BOARD_N_PROPS] = {
  [CONFER_BOARD_PROP_X] = { "x", ALL_TYPES, CHECK_NUMBER, FALSE, -C, C, NULL, NUM (0) },
  [CONFER_BOARD_PROP_Y] = { "y", ALL_TYPES, CHECK_NUMBER, FALSE, -C, C, NULL, NUM (0) },
  [CONFER_BOARD_PROP_WIDTH] = { "width", ALL_TYPES, CHECK_NUMBER, FALSE, -C, C, NULL, NUM (0) },
  [CONFER_BOARD_PROP_HEIGHT] = { "height", ALL_TYPES, CHECK_NUMBER, FALSE, -C, C, NULL, NUM (0) },
  [CONFER_BOARD_PROP_ANGLE] = { "angle", ALL_TYPES, CHECK_NUMBER, FALSE, -1e6, 1e6, NULL, NUM (0) },
  [CONFER_BOARD_PROP_STROKE_COLOR] = { "strokeColor", ALL_TYPES, CHECK_COLOUR, FALSE, 0, 0, NULL, STR ("#1e1e1e") },
  [CONFER_BOARD_PROP_BACKGROUND_COLOR] = { "backgroundColor", ALL_TYPES, CHECK_COLOUR, FALSE, 0, 0, NULL, STR ("transparent") },
  [CONFER_BOARD_PROP_FILL_STYLE] = { "fillStyle", ALL_TYPES, CHECK_CHOICE, FALSE, 0, 0, fill_styles, STR ("solid") },
  [CONFER_BOARD_PROP_STROKE_WIDTH] = { "strokeWidth", ALL_TYPES, CHECK_NUMBER, FALSE, 0, 1000, NULL, NUM (2) },
  [CONFER_BOARD_PROP_STROKE_STYLE] = { "strokeStyle", ALL_TYPES, CHECK_CHOICE, FALSE, 0, 0, stroke_styles, STR ("solid") },
  [CONFER_BOARD_PROP_ROUGHNESS] = { "roughness", ALL_TYPES, CHECK_NUMBER, FALSE, 0, 10, NULL, NUM (1) },
  [CONFER_BOARD_PROP_OPACITY] = { "opacity", ALL_TYPES, CHECK_NUMBER, FALSE, 0, 100, NULL, NUM (100) },
  [CONFER_BOARD_PROP_ROUNDNESS] = { "roundness", ALL_TYPES, CHECK_ROUNDNESS, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_SEED] = { "seed", ALL_TYPES, CHECK_INTEGER, FALSE, 0, 4294967295.0, NULL, NUM (1) },
  [CONFER_BOARD_PROP_INDEX] = { "index", ALL_TYPES, CHECK_INDEX, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_GROUP_IDS] = { "groupIds", ALL_TYPES, CHECK_GROUP_IDS, FALSE, 0, 0, NULL, EMPTY },
  [CONFER_BOARD_PROP_FRAME_ID] = { "frameId", ALL_TYPES, CHECK_ID, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_BOUND_ELEMENTS] = { "boundElements", ALL_TYPES, CHECK_BOUND_ELEMENTS, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_UPDATED] = { "updated", ALL_TYPES, CHECK_INTEGER, FALSE, 0, 1e15, NULL, NUM (0) },
  [CONFER_BOARD_PROP_LINK] = { "link", ALL_TYPES, CHECK_LINK, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_LOCKED] = { "locked", ALL_TYPES, CHECK_BOOLEAN, FALSE, 0, 0, NULL, BOOL (FALSE) },
  [CONFER_BOARD_PROP_CUSTOM_DATA] = { "customData", ALL_TYPES, CHECK_CUSTOM_DATA, TRUE, 0, 0, NULL, CONFER_BOARD_VALUE_ABSENT, 0, NULL },

  [CONFER_BOARD_PROP_TEXT] = { "text", TEXTUAL, CHECK_STRING, FALSE, 0, CONFER_BOARD_MAX_TEXT, NULL, STR ("") },
  [CONFER_BOARD_PROP_ORIGINAL_TEXT] = { "originalText", TEXTUAL, CHECK_STRING, FALSE, 0, CONFER_BOARD_MAX_TEXT, NULL, STR ("") },
  [CONFER_BOARD_PROP_FONT_SIZE] = { "fontSize", TEXTUAL, CHECK_NUMBER, FALSE, 0.1, 10000, NULL, NUM (20) },
  [CONFER_BOARD_PROP_FONT_FAMILY] = { "fontFamily", TEXTUAL, CHECK_INTEGER, FALSE, 1, 100, NULL, NUM (5) },
  [CONFER_BOARD_PROP_TEXT_ALIGN] = { "textAlign", TEXTUAL, CHECK_CHOICE, FALSE, 0, 0, text_aligns, STR ("left") },
  [CONFER_BOARD_PROP_VERTICAL_ALIGN] = { "verticalAlign", TEXTUAL, CHECK_CHOICE, FALSE, 0, 0, vertical_aligns, STR ("top") },
  [CONFER_BOARD_PROP_CONTAINER_ID] = { "containerId", TEXTUAL, CHECK_ID, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_LINE_HEIGHT] = { "lineHeight", TEXTUAL, CHECK_NUMBER, FALSE, 0.1, 100, NULL, NUM (1.25) },
  [CONFER_BOARD_PROP_AUTO_RESIZE] = { "autoResize", TEXTUAL, CHECK_BOOLEAN, FALSE, 0, 0, NULL, BOOL (TRUE) },

  [CONFER_BOARD_PROP_POINTS] = { "points", POINTED, CHECK_POINTS, FALSE, 0, CONFER_BOARD_MAX_POINTS, NULL, ORIGIN },
  [CONFER_BOARD_PROP_LAST_COMMITTED_POINT] = { "lastCommittedPoint", POINTED, CHECK_POINT, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_PRESSURES] = { "pressures", T (FREEDRAW), CHECK_PRESSURES, FALSE, 0, CONFER_BOARD_MAX_POINTS, NULL, CONFER_BOARD_VALUE_DOUBLES, 0, NULL },
  [CONFER_BOARD_PROP_SIMULATE_PRESSURE] = { "simulatePressure", T (FREEDRAW), CHECK_BOOLEAN, FALSE, 0, 0, NULL, BOOL (TRUE) },
  [CONFER_BOARD_PROP_START_BINDING] = { "startBinding", LINEAR, CHECK_BINDING, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_END_BINDING] = { "endBinding", LINEAR, CHECK_BINDING, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_START_ARROWHEAD] = { "startArrowhead", LINEAR, CHECK_CHOICE, TRUE, 0, 0, arrowheads, NUL },
  [CONFER_BOARD_PROP_END_ARROWHEAD] = { "endArrowhead", LINEAR, CHECK_CHOICE, TRUE, 0, 0, arrowheads, NUL },
  [CONFER_BOARD_PROP_ELBOWED] = { "elbowed", T (ARROW), CHECK_BOOLEAN, FALSE, 0, 0, NULL, BOOL (FALSE) },
  [CONFER_BOARD_PROP_POLYGON] = { "polygon", T (LINE), CHECK_BOOLEAN, FALSE, 0, 0, NULL, BOOL (FALSE) },

  [CONFER_BOARD_PROP_FILE_ID] = { "fileId", T (IMAGE), CHECK_FILE_ID, TRUE, 0, 0, NULL, NUL },
  [CONFER_BOARD_PROP_STATUS] = { "status", T (IMAGE), CHECK_CHOICE, FALSE, 0, 0, image_statuses, STR ("pending") },
  [CONFER_BOARD_PROP_SCALE] = { "scale", T (IMAGE), CHECK_SCALE, FALSE, 0, 0, NULL, CONFER_BOARD_VALUE_DOUBLES, 0, "1,1" },
  [CONFER_BOARD_PROP_CROP] = { "crop", T (IMAGE), CHECK_CROP, TRUE, 0, 0, NULL, NUL },

  [CONFER_BOARD_PROP_NAME] = { "name", T (FRAME), CHECK_STRING, TRUE, 0, 256, NULL, NUL },
};

static const char *const type_names[CONFER_BOARD_N_ELEMENT_TYPES] = {
  "rectangle", "ellipse", "diamond", "line", "arrow", "freedraw", "text", "sticky-note", "image", "frame",
};

/* The CSS Color Module Level 4 named colours (W3C, section 6.1). */
static const char *const colour_names[] = {
  "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige", "bisque", "black",
  "blanchedalmond", "blue", "blueviolet", "brown", "burlywood", "cadetblue", "chartreuse",
  "chocolate", "coral", "cornflowerblue", "cornsilk", "crimson", "cyan", "darkblue", "darkcyan",
  "darkgoldenrod", "darkgray", "darkgreen", "darkgrey", "darkkhaki", "darkmagenta",
  "darkolivegreen", "darkorange", "darkorchid", "darkred", "darksalmon", "darkseagreen",
  "darkslateblue", "darkslategray", "darkslategrey", "darkturquoise", "darkviolet", "deeppink",
  "deepskyblue", "dimgray", "dimgrey", "dodgerblue", "firebrick", "floralwhite", "forestgreen",
  "fuchsia", "gainsboro", "ghostwhite", "gold", "goldenrod", "gray", "green", "greenyellow",
  "grey", "honeydew", "hotpink", "indianred", "indigo", "ivory", "khaki", "lavender",
  "lavenderblush", "lawngreen", "lemonchiffon", "lightblue", "lightcoral", "lightcyan",
  "lightgoldenrodyellow", "lightgray", "lightgreen", "lightgrey", "lightpink", "lightsalmon",
  "lightseagreen", "lightskyblue", "lightslategray", "lightslategrey", "lightsteelblue",
  "lightyellow", "lime", "limegreen", "linen", "magenta", "maroon", "mediumaquamarine",
  "mediumblue", "mediumorchid", "mediumpurple", "mediumseagreen", "mediumslateblue",
  "mediumspringgreen", "mediumturquoise", "mediumvioletred", "midnightblue", "mintcream",
  "mistyrose", "moccasin", "navajowhite", "navy", "oldlace", "olive", "olivedrab", "orange",
  "orangered", "orchid", "palegoldenrod", "palegreen", "paleturquoise", "palevioletred",
  "papayawhip", "peachpuff", "peru", "pink", "plum", "powderblue", "purple", "rebeccapurple",
  "red", "rosybrown", "royalblue", "saddlebrown", "salmon", "sandybrown", "seagreen", "seashell",
  "sienna", "silver", "skyblue", "slateblue", "slategray", "slategrey", "snow", "springgreen",
  "steelblue", "tan", "teal", "thistle", "tomato", "transparent", "turquoise", "violet", "wheat",
  "white", "whitesmoke", "yellow", "yellowgreen", NULL
};

/**
 * confer_board_element_type_name:
 * @type: an element type
 *
 * Returns: (transfer none): its `type` name (`rectangle`, `sticky-note`…)
 */
const char *
confer_board_element_type_name (ConferBoardElementType type)
{
  g_return_val_if_fail (type < CONFER_BOARD_N_ELEMENT_TYPES, NULL);

  return type_names[type];
}

/**
 * confer_board_element_type_from_name:
 * @name: a `type` name
 * @type: (out): the type
 *
 * Returns: %TRUE if @name is a type Confer draws
 */
gboolean
confer_board_element_type_from_name (const char             *name,
                                     ConferBoardElementType *type)
{
  for (guint i = 0; i < CONFER_BOARD_N_ELEMENT_TYPES; i++)
    if (g_strcmp0 (name, type_names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * confer_board_prop_name:
 * @prop: a property
 *
 * Returns: (transfer none): its Excalidraw field name (`strokeColor`…)
 */
const char *
confer_board_prop_name (ConferBoardProp prop)
{
  g_return_val_if_fail (prop < CONFER_BOARD_N_PROPS, NULL);

  return props[prop].name;
}

/**
 * confer_board_prop_from_name:
 * @name: a field name
 * @prop: (out): the property
 *
 * Returns: %TRUE if @name is a property an operation may set
 */
gboolean
confer_board_prop_from_name (const char      *name,
                             ConferBoardProp *prop)
{
  for (guint i = 0; i < CONFER_BOARD_N_PROPS; i++)
    if (strcmp (name, props[i].name) == 0)
      {
        *prop = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * confer_board_prop_applies:
 * @prop: a property
 * @type: an element type
 *
 * Returns: %TRUE if elements of @type have @prop
 */
gboolean
confer_board_prop_applies (ConferBoardProp        prop,
                           ConferBoardElementType type)
{
  return (props[prop].types & (1u << type)) != 0;
}

/**
 * confer_board_id_is_valid:
 * @id: (nullable): a string
 *
 * Element, group and frame ids are 1 to %CONFER_BOARD_MAX_ID characters
 * of `A-Z a-z 0-9 _ -` (Excalidraw makes them with nanoid, whose alphabet
 * this is).
 *
 * Returns: %TRUE if @id is one
 */
gboolean
confer_board_id_is_valid (const char *id)
{
  gsize n;

  if (id == NULL || (n = strlen (id)) == 0 || n > CONFER_BOARD_MAX_ID)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '_' && id[i] != '-')
      return FALSE;
  return TRUE;
}

/**
 * confer_board_id_new:
 *
 * Makes a random element or group id as Excalidraw's randomId() does:
 * 21 characters of nanoid's URL-safe alphabet (`A-Z a-z 0-9 _ -`), 126
 * random bits, so that ids made anywhere do not meet in practice.
 *
 * Returns: (transfer full): the id, for g_free()
 */
char *
confer_board_id_new (void)
{
  static const char alphabet[] = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";
  char *id = g_new (char, 22);

  for (guint i = 0; i < 21; i++)
    id[i] = alphabet[g_random_int_range (0, 64)];
  id[21] = '\0';
  return id;
}

/* Board strings */

/* What precedes a board string's characters. */
typedef struct
{
  guint ref_count;
} StringHeader;

#define STRING_HEADER(s) ((StringHeader *) (s) - 1)

/**
 * confer_board_string_new:
 * @string: a string
 *
 * Makes a board string: an immutable, reference-counted copy of @string,
 * used as a plain `char *` (the reference count is kept before the
 * characters). Element ids, the ids and keys of operations and string
 * values are board strings. Like #GRefString, but the count is not
 * atomic: see #ConferBoardElement for the one-thread rule.
 *
 * Returns: (transfer full): the copy, for confer_board_string_unref()
 */
char *
confer_board_string_new (const char *string)
{
  gsize n = strlen (string) + 1;
  StringHeader *header = g_malloc (sizeof (StringHeader) + n);

  header->ref_count = 1;
  return memcpy (header + 1, string, n);
}

/**
 * confer_board_string_ref:
 * @string: a board string (from confer_board_string_new())
 *
 * Returns: (transfer full): @string, with one more reference
 */
char *
confer_board_string_ref (char *string)
{
  STRING_HEADER (string)->ref_count++;
  return string;
}

/**
 * confer_board_string_unref:
 * @string: (transfer full): a board string (from confer_board_string_new())
 *
 * Drops a reference, freeing the string with the last one.
 */
void
confer_board_string_unref (char *string)
{
  StringHeader *header = STRING_HEADER (string);

  if (--header->ref_count == 0)
    g_free (header);
}

/* Excalidraw's colour pickers (its open-color palette: strokes, then
 * backgrounds), the colours most elements carry. */
static const char *const palette[] = {
  "#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00", "#6741d9", "#0c8599", "#c2255c", "#846358",
  "#ffc9c9", "#b2f2bb", "#a5d8ff", "#ffec99", "#d0bfff", "#99e9f2", "#fcc2d7", "#eaddd7", "#ffffff",
  NULL
};

static const char *
find_static (const char *const *table,
             const char         *s)
{
  for (guint i = 0; table != NULL && table[i] != NULL; i++)
    if (strcmp (table[i], s) == 0)
      return table[i];
  return NULL;
}

/* The static string equal to @s that a property's values may share: a
 * choice, the default, a CSS colour name or a palette colour. */
static const char *
static_string (const PropInfo *info,
               const char     *s)
{
  const char *found = NULL;

  if (info->default_kind == CONFER_BOARD_VALUE_STRING && info->default_string != NULL &&
      strcmp (info->default_string, s) == 0)
    return info->default_string;
  if (info->check == CHECK_CHOICE)
    found = find_static (info->choices, s);
  else if (info->check == CHECK_COLOUR && (found = find_static (palette, s)) == NULL)
    found = find_static (colour_names, s);
  return found;
}

/**
 * confer_board_value_set_string:
 * @value: (out caller-allocates): a value to set (its old content is not
 *   freed)
 * @prop: the property it is for
 * @string: a string for it (checked by the caller)
 *
 * Makes a string value, shared without reference counting when it is one
 * of the property's common strings (a choice, the default, a named or
 * palette colour), copied into a board string (confer_board_string_new())
 * otherwise.
 */
void
confer_board_value_set_string (ConferBoardValue *value,
                               ConferBoardProp   prop,
                               const char       *string)
{
  const char *shared = static_string (&props[prop], string);

  value->kind = CONFER_BOARD_VALUE_STRING;
  value->is_static = shared != NULL;
  value->string = shared != NULL ? (char *) shared : confer_board_string_new (string);
}

/* Layouts: which values an element of each type holds */

/* Most slots an element has (a text's 31); counted slots are one bit each
 * of ConferBoardElement.counted. */
#define MAX_SLOTS 32
#define NO_SLOT   0xff

typedef struct
{
  guint            n_slots;
  guint8           slot_of[CONFER_BOARD_N_PROPS];   /* prop -> slot, or NO_SLOT */
  guint8           prop_of[MAX_SLOTS];              /* slot -> prop */
  ConferBoardValue defaults[MAX_SLOTS];             /* all static */
} Layout;

static Layout layouts[CONFER_BOARD_N_ELEMENT_TYPES];

/* The common heap values, made once and shared without reference
 * counting (is_static) for the life of the process. */
static JsonNode *empty_list;              /* [] */
static ConferBoardDoubles *no_doubles;    /* pressures */
static ConferBoardDoubles *origin;        /* points: [[0, 0]] */
static ConferBoardDoubles *one_one;       /* scale */

static const ConferBoardValue absent_value = { .kind = CONFER_BOARD_VALUE_ABSENT };

static void
default_value (ConferBoardProp   prop,
               ConferBoardValue *value)
{
  const PropInfo *info = &props[prop];

  memset (value, 0, sizeof *value);
  value->kind = info->default_kind;
  switch (info->default_kind)
    {
    case CONFER_BOARD_VALUE_NUMBER:
      value->number = info->default_number;
      break;
    case CONFER_BOARD_VALUE_BOOLEAN:
      value->boolean = info->default_number != 0;
      break;
    case CONFER_BOARD_VALUE_STRING:
      value->is_static = TRUE;
      value->string = (char *) info->default_string;
      break;
    case CONFER_BOARD_VALUE_DOUBLES:
      value->is_static = TRUE;
      if (prop == CONFER_BOARD_PROP_SCALE)
        value->doubles = one_one;
      else if (prop == CONFER_BOARD_PROP_POINTS)
        value->doubles = origin;
      else
        value->doubles = no_doubles;
      break;
    case CONFER_BOARD_VALUE_JSON:
      g_assert (g_str_equal (info->default_string, "[]"));
      value->is_static = TRUE;
      value->json = empty_list;
      break;
    default:
      break;
    }
}

/* Computes each type's slots from the property table, once. */
static void
ensure_layouts (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;

  empty_list = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (empty_list, json_array_new ());
  json_node_seal (empty_list);
  no_doubles = confer_board_doubles_new (NULL, 0);
  origin = confer_board_doubles_new ((const double[]) { 0, 0 }, 2);
  one_one = confer_board_doubles_new ((const double[]) { 1, 1 }, 2);

  for (guint t = 0; t < CONFER_BOARD_N_ELEMENT_TYPES; t++)
    {
      Layout *layout = &layouts[t];

      for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
        {
          layout->slot_of[p] = NO_SLOT;
          if (!confer_board_prop_applies (p, t))
            continue;
          g_assert (layout->n_slots < MAX_SLOTS);
          layout->slot_of[p] = layout->n_slots;
          layout->prop_of[layout->n_slots] = p;
          default_value (p, &layout->defaults[layout->n_slots]);
          layout->n_slots++;
        }
    }
  g_once_init_leave (&done, 1);
}

static inline gboolean
is_counted (const ConferBoardValue *value)
{
  return !value->is_static && value->kind >= CONFER_BOARD_VALUE_STRING;
}

/**
 * confer_board_value_take_json:
 * @value: (out caller-allocates): a value to set (its old content is not
 *   freed)
 * @node: (transfer full): a checked JSON value for a property kept as JSON
 *
 * Makes a JSON value of @node, sealed; an empty list becomes the one
 * shared `[]`, which copies share without reference counting.
 */
void
confer_board_value_take_json (ConferBoardValue *value,
                              JsonNode         *node)
{
  ensure_layouts ();
  memset (value, 0, sizeof *value);
  value->kind = CONFER_BOARD_VALUE_JSON;
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0)
    {
      json_node_unref (node);
      value->is_static = TRUE;
      value->json = empty_list;
      return;
    }
  json_node_seal (node);
  value->json = node;
}

/* Values */

/**
 * confer_board_doubles_new:
 * @values: (array length=n) (nullable): the doubles to copy
 * @n: how many
 *
 * Returns: (transfer full): an immutable array of @n doubles
 */
ConferBoardDoubles *
confer_board_doubles_new (const double *values,
                          guint         n)
{
  ConferBoardDoubles *doubles = g_malloc (sizeof (ConferBoardDoubles) + n * sizeof (double));

  doubles->ref_count = 1;
  doubles->n = n;
  if (n > 0)
    memcpy (doubles->values, values, n * sizeof (double));
  return doubles;
}

/**
 * confer_board_doubles_ref:
 * @doubles: an array
 *
 * Returns: (transfer full): @doubles
 */
ConferBoardDoubles *
confer_board_doubles_ref (ConferBoardDoubles *doubles)
{
  doubles->ref_count++;
  return doubles;
}

/**
 * confer_board_doubles_unref:
 * @doubles: (transfer full): an array
 */
void
confer_board_doubles_unref (ConferBoardDoubles *doubles)
{
  if (--doubles->ref_count == 0)
    g_free (doubles);
}

/**
 * confer_board_value_copy:
 * @dest: (out caller-allocates): where to copy to (its old content is not
 *   freed)
 * @src: a value
 *
 * Copies @src, sharing its heap part.
 */
void
confer_board_value_copy (ConferBoardValue       *dest,
                         const ConferBoardValue *src)
{
  *dest = *src;
  if (src->is_static)
    return;
  switch (src->kind)
    {
    case CONFER_BOARD_VALUE_STRING:
      dest->string = confer_board_string_ref (src->string);
      break;
    case CONFER_BOARD_VALUE_DOUBLES:
      dest->doubles = confer_board_doubles_ref (src->doubles);
      break;
    case CONFER_BOARD_VALUE_JSON:
      dest->json = json_node_ref (src->json);
      break;
    default:
      break;
    }
}

/**
 * confer_board_value_clear:
 * @value: a value
 *
 * Releases the value's heap part and makes it absent.
 */
void
confer_board_value_clear (ConferBoardValue *value)
{
  if (!value->is_static)
    switch (value->kind)
      {
      case CONFER_BOARD_VALUE_STRING:
        confer_board_string_unref (value->string);
        break;
      case CONFER_BOARD_VALUE_DOUBLES:
        confer_board_doubles_unref (value->doubles);
        break;
      case CONFER_BOARD_VALUE_JSON:
        json_node_unref (value->json);
        break;
      default:
        break;
      }
  memset (value, 0, sizeof *value);
}

/**
 * confer_board_value_equal:
 * @a: a value
 * @b: another
 *
 * Returns: %TRUE if @a and @b hold the same value (doubles compared
 *   exactly, JSON by json_node_equal())
 */
gboolean
confer_board_value_equal (const ConferBoardValue *a,
                          const ConferBoardValue *b)
{
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case CONFER_BOARD_VALUE_NUMBER:
      return a->number == b->number;
    case CONFER_BOARD_VALUE_BOOLEAN:
      return !a->boolean == !b->boolean;
    case CONFER_BOARD_VALUE_STRING:
      return a->string == b->string || strcmp (a->string, b->string) == 0;
    case CONFER_BOARD_VALUE_DOUBLES:
      return a->doubles == b->doubles ||
             (a->doubles->n == b->doubles->n &&
              memcmp (a->doubles->values, b->doubles->values, a->doubles->n * sizeof (double)) == 0);
    case CONFER_BOARD_VALUE_JSON:
      return a->json == b->json || json_node_equal (a->json, b->json);
    default:
      return TRUE;
    }
}

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT, "“%s” %s", field, what);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
read_number (JsonNode *node,
             double    min,
             double    max,
             double   *out)
{
  double v;

  if (!is_number (node))
    return FALSE;
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_colour (const char *s)
{
  gsize n = strlen (s);

  if (s[0] == '#')
    {
      if (n != 4 && n != 5 && n != 7 && n != 9)
        return FALSE;
      for (gsize i = 1; i < n; i++)
        if (!g_ascii_isxdigit (s[i]))
          return FALSE;
      return TRUE;
    }
  return g_strv_contains (colour_names, s);
}

/* Text: at most @max code points, no control characters but tab and line
 * breaks (the JSON gate has refused NULs already). */
static gboolean
is_text (const char *s,
         gsize       max)
{
  gsize n = 0;

  if (!g_utf8_validate (s, -1, NULL))
    return FALSE;
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n > max || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_point (JsonNode *node,
            double   *xy)
{
  JsonArray *pair;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (pair = json_node_get_array (node)) != 2)
    return FALSE;
  return read_number (json_array_get_element (pair, 0), -CONFER_BOARD_MAX_COORDINATE, CONFER_BOARD_MAX_COORDINATE, &xy[0]) &&
         read_number (json_array_get_element (pair, 1), -CONFER_BOARD_MAX_COORDINATE, CONFER_BOARD_MAX_COORDINATE, &xy[1]);
}

static gboolean
check_ids (JsonArray *array,
           guint      max)
{
  if (json_array_get_length (array) > max)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *id = json_array_get_element (array, i);

      if (!is_string (id) || !confer_board_id_is_valid (json_node_get_string (id)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_json (const PropInfo  *info,
            JsonNode        *node,
            GError         **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  double v;

  switch (info->check)
    {
    case CHECK_ROUNDNESS:
      {
        JsonNode *type = object != NULL ? json_object_get_member (object, "type") : NULL;
        JsonNode *value = object != NULL ? json_object_get_member (object, "value") : NULL;

        if (type == NULL || !read_number (type, 1, 3, &v) || v != floor (v) ||
            (value != NULL && !JSON_NODE_HOLDS_NULL (value) && !read_number (value, 0, CONFER_BOARD_MAX_COORDINATE, &v)))
          return invalid (error, info->name, "must be null or {\"type\": 1, 2 or 3, \"value\": a number ≥ 0}");
        return TRUE;
      }
    case CHECK_GROUP_IDS:
      if (array == NULL || !check_ids (array, CONFER_BOARD_MAX_GROUPS))
        return invalid (error, info->name, "must be a list of at most %d ids", CONFER_BOARD_MAX_GROUPS);
      return TRUE;
    case CHECK_BOUND_ELEMENTS:
      if (array == NULL || json_array_get_length (array) > CONFER_BOARD_MAX_BOUND)
        return invalid (error, info->name, "must be null or a list of at most %d {\"id\", \"type\"}",
                        CONFER_BOARD_MAX_BOUND);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *entry = json_array_get_element (array, i);
          JsonObject *bound = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
          JsonNode *id = bound != NULL ? json_object_get_member (bound, "id") : NULL;
          JsonNode *type = bound != NULL ? json_object_get_member (bound, "type") : NULL;

          if (id == NULL || !is_string (id) || !confer_board_id_is_valid (json_node_get_string (id)) ||
              type == NULL || !is_string (type) ||
              (g_strcmp0 (json_node_get_string (type), "arrow") != 0 && g_strcmp0 (json_node_get_string (type), "text") != 0))
            return invalid (error, info->name, "entry %u must be {\"id\": an element id, \"type\": \"arrow\" or \"text\"}", i);
        }
      return TRUE;
    case CHECK_BINDING:
      {
        JsonNode *id = object != NULL ? json_object_get_member (object, "elementId") : NULL;
        JsonNode *focus = object != NULL ? json_object_get_member (object, "focus") : NULL;
        JsonNode *gap = object != NULL ? json_object_get_member (object, "gap") : NULL;
        JsonNode *fixed = object != NULL ? json_object_get_member (object, "fixedPoint") : NULL;
        double xy[2];

        if (id == NULL || !is_string (id) || !confer_board_id_is_valid (json_node_get_string (id)) ||
            (focus != NULL && !read_number (focus, -1e6, 1e6, &v)) ||
            (gap != NULL && !read_number (gap, -CONFER_BOARD_MAX_COORDINATE, CONFER_BOARD_MAX_COORDINATE, &v)) ||
            (fixed != NULL && !JSON_NODE_HOLDS_NULL (fixed) && !read_point (fixed, xy)))
          return invalid (error, info->name, "must be null or {\"elementId\", \"focus\", \"gap\"} with an element id and finite numbers");
        return TRUE;
      }
    case CHECK_CROP:
      {
        static const char *const fields[] = { "x", "y", "width", "height", "naturalWidth", "naturalHeight" };

        for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
          {
            JsonNode *field = object != NULL ? json_object_get_member (object, fields[i]) : NULL;

            if (field == NULL || !read_number (field, -CONFER_BOARD_MAX_COORDINATE, CONFER_BOARD_MAX_COORDINATE, &v))
              return invalid (error, info->name, "must be null or {x, y, width, height, naturalWidth, naturalHeight} in px");
          }
        return TRUE;
      }
    case CHECK_CUSTOM_DATA:
      {
        g_autofree char *text = NULL;
        gsize n = 0;

        if (object == NULL)
          return invalid (error, info->name, "must be an object");
        text = json_to_string (node, FALSE);
        n = strlen (text);
        if (n > CONFER_BOARD_MAX_CUSTOM_DATA)
          return invalid (error, info->name, "is %" G_GSIZE_FORMAT " bytes as JSON, more than %d", n,
                          CONFER_BOARD_MAX_CUSTOM_DATA);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
read_doubles (const PropInfo    *info,
              JsonNode          *node,
              ConferBoardValue  *value,
              GError           **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = array != NULL ? json_array_get_length (array) : 0;
  g_autofree double *values = NULL;

  switch (info->check)
    {
    case CHECK_POINTS:
      if (array == NULL || n > CONFER_BOARD_MAX_POINTS)
        return invalid (error, info->name, "must be a list of at most %d [x, y] points", CONFER_BOARD_MAX_POINTS);
      values = g_new (double, 2 * n);
      for (guint i = 0; i < n; i++)
        if (!read_point (json_array_get_element (array, i), &values[2 * i]))
          return invalid (error, info->name, "point %u must be [x, y], finite, within ±%g px", i, CONFER_BOARD_MAX_COORDINATE);
      n *= 2;
      break;
    case CHECK_POINT:
      values = g_new (double, 2);
      if (!read_point (node, values))
        return invalid (error, info->name, "must be null or [x, y], finite, within ±%g px", CONFER_BOARD_MAX_COORDINATE);
      n = 2;
      break;
    case CHECK_PRESSURES:
      if (array == NULL || n > CONFER_BOARD_MAX_POINTS)
        return invalid (error, info->name, "must be a list of at most %d pressures", CONFER_BOARD_MAX_POINTS);
      values = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        if (!read_number (json_array_get_element (array, i), 0, 1, &values[i]))
          return invalid (error, info->name, "pressure %u must be a number from 0 to 1", i);
      break;
    case CHECK_SCALE:
      values = g_new (double, 2);
      if (array == NULL || n != 2 ||
          !read_number (json_array_get_element (array, 0), -1000, 1000, &values[0]) ||
          !read_number (json_array_get_element (array, 1), -1000, 1000, &values[1]))
        return invalid (error, info->name, "must be [sx, sy], each from -1000 to 1000");
      break;
    default:
      g_assert_not_reached ();
    }
  value->kind = CONFER_BOARD_VALUE_DOUBLES;
  if (n == 0)
    {
      ensure_layouts ();
      value->is_static = TRUE;
      value->doubles = no_doubles;
    }
  else
    value->doubles = confer_board_doubles_new (values, n);
  return TRUE;
}

static char *
choices_text (const char *const *choices)
{
  g_autofree char *joined = g_strjoinv ("”, “", (char **) choices);

  return g_strdup_printf ("“%s”", joined);
}

/**
 * confer_board_value_from_json:
 * @prop: the property the value is for
 * @node: the JSON value (checked for nesting by the caller, as every JSON
 *   text is by confer_json_text_parse())
 * @value: (out caller-allocates): the value, on success
 * @error: return location for a #GError
 *
 * Checks a property value and converts it (whether the element's type has
 * the property is the caller's check, confer_board_prop_applies()): numbers finite and within the
 * property's range (positions and sizes ±10⁹ px, opacity 0–100, roughness
 * 0–10…), strings valid UTF-8 without control characters and not too
 * long, choices from their list, colours as CSS writes them (`#rgb`,
 * `#rgba`, `#rrggbb`, `#rrggbbaa`, `transparent` or a CSS named colour),
 * ids of `A-Z a-z 0-9 _ -`, point lists within %CONFER_BOARD_MAX_POINTS.
 *
 * Returns: %TRUE on success; %FALSE with %CONFER_CORE_ERROR_INVALID_ELEMENT
 *   naming the field and what it must be
 */
gboolean
confer_board_value_from_json (ConferBoardProp          prop,
                              JsonNode                *node,
                              ConferBoardValue        *value,
                              GError                 **error)
{
  const PropInfo *info = &props[prop];
  const char *s;
  double v;

  memset (value, 0, sizeof *value);
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!info->nullable)
        return invalid (error, info->name, "may not be null");
      value->kind = CONFER_BOARD_VALUE_NULL;
      return TRUE;
    }

  switch (info->check)
    {
    case CHECK_NUMBER:
    case CHECK_INTEGER:
      if (!read_number (node, info->min, info->max, &v) || (info->check == CHECK_INTEGER && v != floor (v)))
        return invalid (error, info->name, "must be %s from %g to %g",
                        info->check == CHECK_INTEGER ? "a whole number" : "a number", info->min, info->max);
      value->kind = CONFER_BOARD_VALUE_NUMBER;
      value->number = v;
      return TRUE;

    case CHECK_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, info->name, "must be true or false");
      value->kind = CONFER_BOARD_VALUE_BOOLEAN;
      value->boolean = json_node_get_boolean (node);
      return TRUE;

    case CHECK_STRING:
    case CHECK_CHOICE:
    case CHECK_COLOUR:
    case CHECK_INDEX:
    case CHECK_ID:
    case CHECK_LINK:
    case CHECK_FILE_ID:
      if (!is_string (node))
        return invalid (error, info->name, "must be a string");
      s = json_node_get_string (node);
      switch (info->check)
        {
        case CHECK_STRING:
          if (!is_text (s, (gsize) info->max))
            return invalid (error, info->name, "must be text of at most %g characters, without control characters",
                            info->max);
          break;
        case CHECK_CHOICE:
          if (!g_strv_contains (info->choices, s))
            {
              g_autofree char *list = choices_text (info->choices);

              return invalid (error, info->name, "must be one of %s", list);
            }
          break;
        case CHECK_COLOUR:
          if (!is_colour (s))
            return invalid (error, info->name, "must be a CSS colour: #rgb, #rrggbb, #rrggbbaa, or a name such as transparent");
          break;
        case CHECK_INDEX:
          if (!confer_fractional_index_is_valid (s))
            return invalid (error, info->name, "must be a fractional index key such as “a0”");
          break;
        case CHECK_ID:
          if (!confer_board_id_is_valid (s))
            return invalid (error, info->name, "must be null or an id of 1 to %d letters, digits, “_” or “-”",
                            CONFER_BOARD_MAX_ID);
          break;
        case CHECK_LINK:
          if (strlen (s) > CONFER_BOARD_MAX_LINK || !is_text (s, CONFER_BOARD_MAX_LINK) || strpbrk (s, "\t\n\r") != NULL)
            return invalid (error, info->name, "must be null or a link of at most %d bytes on one line",
                            CONFER_BOARD_MAX_LINK);
          break;
        case CHECK_FILE_ID:
          if (strlen (s) != 64 || strspn (s, "0123456789abcdef") != 64)
            return invalid (error, info->name, "must be null or a SHA-256 in lower-case hex");
          break;
        default:
          g_assert_not_reached ();
        }
      confer_board_value_set_string (value, prop, s);
      return TRUE;

    case CHECK_POINTS:
    case CHECK_POINT:
    case CHECK_PRESSURES:
    case CHECK_SCALE:
      return read_doubles (info, node, value, error);

    default:
      if (!check_json (info, node, error))
        return FALSE;
      confer_board_value_take_json (value, json_node_copy (node));
      return TRUE;
    }
}

static JsonNode *
number_node (double v)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  /* Whole numbers go out as integers, as JavaScript writes them. */
  if (v == floor (v) && fabs (v) < 9007199254740992.0)
    json_node_set_int (node, (gint64) v);
  else
    json_node_set_double (node, v);
  return node;
}

/**
 * confer_board_value_to_json:
 * @prop: the property the value is of
 * @value: a present value
 *
 * Returns: (transfer full): the value as JSON; `points` as
 *   `[[x, y], …]`, other packed doubles as a flat list
 */
JsonNode *
confer_board_value_to_json (ConferBoardProp         prop,
                            const ConferBoardValue *value)
{
  JsonNode *node;

  switch (value->kind)
    {
    case CONFER_BOARD_VALUE_NULL:
      return json_node_new (JSON_NODE_NULL);
    case CONFER_BOARD_VALUE_NUMBER:
      return number_node (value->number);
    case CONFER_BOARD_VALUE_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, value->boolean);
      return node;
    case CONFER_BOARD_VALUE_STRING:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value->string);
      return node;
    case CONFER_BOARD_VALUE_JSON:
      return json_node_copy (value->json);
    case CONFER_BOARD_VALUE_DOUBLES:
      {
        const ConferBoardDoubles *d = value->doubles;
        JsonArray *array = json_array_sized_new (d->n);

        if (prop == CONFER_BOARD_PROP_POINTS)
          for (guint i = 0; i + 1 < d->n; i += 2)
            {
              JsonArray *pair = json_array_sized_new (2);

              json_array_add_element (pair, number_node (d->values[i]));
              json_array_add_element (pair, number_node (d->values[i + 1]));
              json_array_add_array_element (array, pair);
            }
        else
          for (guint i = 0; i < d->n; i++)
            json_array_add_element (array, number_node (d->values[i]));
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Elements */

static inline guint
slot_of (const ConferBoardElement *element,
         ConferBoardProp           prop)
{
  return layouts[element->type].slot_of[prop];
}

static ConferBoardElement *
element_alloc (ConferBoardElementType type)
{
  ConferBoardElement *element = g_malloc (sizeof (ConferBoardElement) +
                                          layouts[type].n_slots * sizeof (ConferBoardValue));

  element->ref_count = 1;
  element->type = type;
  element->counted = 0;
  element->deleted = FALSE;
  return element;
}

/**
 * confer_board_element_new:
 * @type: the element's type
 * @id: its id (see confer_board_id_is_valid())
 *
 * Makes an element with every property of its type at Excalidraw's
 * default (black-ish #1e1e1e stroke 2 px wide, transparent background,
 * solid fill, roughness 1, opacity 100, text 20 px in font family 5
 * aligned left and top, no index…); the seed, which makes a sketchy
 * outline stable, is derived from @id. The defaults are all shared
 * values (see #ConferBoardValue), so a new element holds no reference
 * but its id's.
 *
 * Returns: (transfer full): the element
 */
ConferBoardElement *
confer_board_element_new (ConferBoardElementType  type,
                          const char             *id)
{
  ConferBoardElement *element;

  g_return_val_if_fail (type < CONFER_BOARD_N_ELEMENT_TYPES, NULL);
  g_return_val_if_fail (confer_board_id_is_valid (id), NULL);

  ensure_layouts ();
  element = element_alloc (type);
  element->id = confer_board_string_new (id);
  memcpy (element->slots, layouts[type].defaults, layouts[type].n_slots * sizeof (ConferBoardValue));
  element->slots[slot_of (element, CONFER_BOARD_PROP_SEED)].number = g_str_hash (id) & 0x7fffffff;
  return element;
}

/**
 * confer_board_element_ref:
 * @element: an element
 *
 * Returns: (transfer full): @element
 */
ConferBoardElement *
confer_board_element_ref (ConferBoardElement *element)
{
  element->ref_count++;
  return element;
}

/**
 * confer_board_element_unref:
 * @element: (transfer full): an element
 */
void
confer_board_element_unref (ConferBoardElement *element)
{
  if (--element->ref_count > 0)
    return;
  for (guint32 counted = element->counted; counted != 0; counted &= counted - 1)
    confer_board_value_clear (&element->slots[g_bit_nth_lsf (counted, -1)]);
  confer_board_string_unref (element->id);
  g_free (element);
}

/**
 * confer_board_element_copy:
 * @element: an element
 *
 * Copies the element's values at once and takes a reference on each
 * reference-counted one (most are not: see #ConferBoardValue).
 *
 * Returns: (transfer full): a new element equal to @element, sharing its
 *   heap values, to be changed before anyone else sees it
 */
ConferBoardElement *
confer_board_element_copy (const ConferBoardElement *element)
{
  ConferBoardElement *copy = element_alloc (element->type);

  copy->deleted = element->deleted;
  copy->counted = element->counted;
  copy->id = confer_board_string_ref (element->id);
  memcpy (copy->slots, element->slots, layouts[element->type].n_slots * sizeof (ConferBoardValue));
  for (guint32 counted = element->counted; counted != 0; counted &= counted - 1)
    {
      ConferBoardValue *value = &copy->slots[g_bit_nth_lsf (counted, -1)];

      switch (value->kind)
        {
        case CONFER_BOARD_VALUE_STRING:
          confer_board_string_ref (value->string);
          break;
        case CONFER_BOARD_VALUE_DOUBLES:
          value->doubles->ref_count++;
          break;
        case CONFER_BOARD_VALUE_JSON:
          json_node_ref (value->json);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return copy;
}

/**
 * confer_board_element_get_size:
 * @element: an element
 *
 * Returns: the bytes of the element's own block (its header and its
 *   type's values; not the heap values it shares), for memory accounting
 */
gsize
confer_board_element_get_size (const ConferBoardElement *element)
{
  return sizeof (ConferBoardElement) + layouts[element->type].n_slots * sizeof (ConferBoardValue);
}

/**
 * confer_board_element_get:
 * @element: an element
 * @prop: a property
 *
 * Returns: (transfer none): the element's value for @prop, valid while
 *   the element is and the property is not set again; a static absent
 *   value (%CONFER_BOARD_VALUE_ABSENT) if the element's type has no @prop
 */
const ConferBoardValue *
confer_board_element_get (const ConferBoardElement *element,
                          ConferBoardProp           prop)
{
  guint slot;

  g_return_val_if_fail (prop < CONFER_BOARD_N_PROPS, &absent_value);

  slot = slot_of (element, prop);
  return slot != NO_SLOT ? &element->slots[slot] : &absent_value;
}

/**
 * confer_board_element_take:
 * @element: an element only the caller holds (its one reference)
 * @prop: a property its type has (see confer_board_prop_applies())
 * @value: (inout): a checked value for @prop; it moves into the element
 *   (transfer full) and is left absent
 *
 * Sets a property, releasing the old value.
 */
void
confer_board_element_take (ConferBoardElement *element,
                           ConferBoardProp     prop,
                           ConferBoardValue   *value)
{
  ConferBoardValue *slot;
  guint s;

  g_return_if_fail (element->ref_count == 1);
  g_return_if_fail (prop < CONFER_BOARD_N_PROPS);
  g_return_if_fail ((s = slot_of (element, prop)) != NO_SLOT);

  slot = &element->slots[s];
  if (element->counted & (1u << s))
    confer_board_value_clear (slot);
  *slot = *value;
  if (is_counted (slot))
    element->counted |= 1u << s;
  else
    element->counted &= ~(1u << s);
  memset (value, 0, sizeof *value);
}

/**
 * confer_board_element_set:
 * @element: an element only the caller holds (its one reference)
 * @prop: a property its type has (see confer_board_prop_applies())
 * @value: a checked value for @prop (copied, sharing its heap part)
 *
 * Sets a property, releasing the old value.
 */
void
confer_board_element_set (ConferBoardElement     *element,
                          ConferBoardProp         prop,
                          const ConferBoardValue *value)
{
  ConferBoardValue copy;

  confer_board_value_copy (&copy, value);
  confer_board_element_take (element, prop, &copy);
  confer_board_value_clear (&copy);   /* if it was refused */
}

/**
 * confer_board_element_set_number:
 * @element: an element only the caller holds (its one reference)
 * @prop: a numeric property its type has
 * @number: the value, in the property's unit (px, radians, 0–100…),
 *   within its range
 *
 * confer_board_element_set() for a number.
 */
void
confer_board_element_set_number (ConferBoardElement *element,
                                 ConferBoardProp     prop,
                                 double              number)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NUMBER, .number = number };

  confer_board_element_take (element, prop, &value);
}

/**
 * confer_board_element_set_string:
 * @element: an element only the caller holds (its one reference)
 * @prop: a string property its type has (a colour, a choice, a text,
 *   `index`…)
 * @string: a valid value for it (copied, or shared if it is one of the
 *   property's static strings: confer_board_value_set_string())
 *
 * confer_board_element_set() for a string.
 */
void
confer_board_element_set_string (ConferBoardElement *element,
                                 ConferBoardProp     prop,
                                 const char         *string)
{
  ConferBoardValue value;

  confer_board_value_set_string (&value, prop, string);
  confer_board_element_take (element, prop, &value);
  confer_board_value_clear (&value);
}

/**
 * confer_board_element_equal:
 * @a: an element
 * @b: another
 *
 * Returns: %TRUE if @a and @b have the same id, type, tombstone and
 *   property values
 */
gboolean
confer_board_element_equal (const ConferBoardElement *a,
                            const ConferBoardElement *b)
{
  if (a == b)
    return TRUE;
  if (a->type != b->type || !a->deleted != !b->deleted || strcmp (a->id, b->id) != 0)
    return FALSE;
  for (guint s = 0; s < layouts[a->type].n_slots; s++)
    if (!confer_board_value_equal (&a->slots[s], &b->slots[s]))
      return FALSE;
  return TRUE;
}

/**
 * confer_board_element_from_json:
 * @object: an element as Excalidraw writes one (`id`, `type` and any of
 *   its fields; missing fields take their defaults, unknown ones such as
 *   `version` are ignored)
 * @error: return location for a #GError
 *
 * Reads and checks a whole element (see confer_board_value_from_json()
 * for each field's rule). `isDeleted` is read too, for files and stored
 * boards.
 *
 * Returns: (transfer full) (nullable): the element; or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_ELEMENT naming the field
 */
ConferBoardElement *
confer_board_element_from_json (JsonObject  *object,
                                GError     **error)
{
  JsonNode *id_node = json_object_get_member (object, "id");
  JsonNode *type_node = json_object_get_member (object, "type");
  JsonNode *deleted = json_object_get_member (object, "isDeleted");
  g_autoptr(ConferBoardElement) element = NULL;
  ConferBoardElementType type;
  const char *id;

  if (id_node == NULL || !is_string (id_node) || !confer_board_id_is_valid (id = json_node_get_string (id_node)))
    {
      invalid (error, "id", "must be 1 to %d letters, digits, “_” or “-”", CONFER_BOARD_MAX_ID);
      return NULL;
    }
  if (type_node == NULL || !is_string (type_node) ||
      !confer_board_element_type_from_name (json_node_get_string (type_node), &type))
    {
      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_ELEMENT,
                   "element “%s”: “type” must be one of rectangle, ellipse, diamond, line, arrow, freedraw, "
                   "text, sticky-note, image or frame", id);
      return NULL;
    }
  element = confer_board_element_new (type, id);
  if (deleted != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (deleted) || json_node_get_value_type (deleted) != G_TYPE_BOOLEAN)
        {
          invalid (error, "isDeleted", "must be true or false");
          g_prefix_error (error, "element “%s”: ", id);
          return NULL;
        }
      element->deleted = json_node_get_boolean (deleted);
    }
  for (guint s = 0; s < layouts[type].n_slots; s++)
    {
      ConferBoardProp p = layouts[type].prop_of[s];
      JsonNode *node;
      ConferBoardValue value;

      if ((node = json_object_get_member (object, props[p].name)) == NULL)
        continue;
      if (!confer_board_value_from_json (p, node, &value, error))
        {
          g_prefix_error (error, "element “%s”: ", id);
          return NULL;
        }
      confer_board_element_take (element, p, &value);
    }
  return g_steal_pointer (&element);
}

/**
 * confer_board_element_to_json:
 * @element: an element
 *
 * Returns: (transfer full): the element as Excalidraw writes one: `id`,
 *   `type`, `isDeleted` and every property its type has
 */
JsonObject *
confer_board_element_to_json (const ConferBoardElement *element)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", element->id);
  json_object_set_string_member (object, "type", type_names[element->type]);
  for (guint s = 0; s < layouts[element->type].n_slots; s++)
    {
      ConferBoardProp p = layouts[element->type].prop_of[s];

      if (element->slots[s].kind != CONFER_BOARD_VALUE_ABSENT)
        json_object_set_member (object, props[p].name, confer_board_value_to_json (p, &element->slots[s]));
    }
  json_object_set_boolean_member (object, "isDeleted", element->deleted);
  return object;
}

/**
 * confer_board_element_get_number:
 * @element: an element
 * @prop: a numeric property
 *
 * Returns: the property's value, or 0 if it is not a number
 */
double
confer_board_element_get_number (const ConferBoardElement *element,
                                 ConferBoardProp           prop)
{
  const ConferBoardValue *value = confer_board_element_get (element, prop);

  return value->kind == CONFER_BOARD_VALUE_NUMBER ? value->number : 0;
}

/**
 * confer_board_element_get_string:
 * @element: an element
 * @prop: a string property
 *
 * Returns: (transfer none) (nullable): the property's value, or %NULL if
 *   it is null, absent or not a string
 */
const char *
confer_board_element_get_string (const ConferBoardElement *element,
                                 ConferBoardProp           prop)
{
  const ConferBoardValue *value = confer_board_element_get (element, prop);

  return value->kind == CONFER_BOARD_VALUE_STRING ? value->string : NULL;
}
