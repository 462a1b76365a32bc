/* confer-excalidraw.c: `.excalidraw` files in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading follows what @excalidraw/excalidraw 0.18.1 does when it opens a
 * file (loadFromBlob: deleted elements dropped, then restore() with
 * repairBindings; data/restore.ts and fractionalIndex.ts of the package),
 * so that the geometry Confer shows is the geometry Excalidraw shows, with
 * these differences, each reported in the scene's notes:
 *
 * - refused where restore accepts: a file with no `elements` (or
 *   `elements: null`), which restore opens as an empty scene
 *   (../shared/data/README.md asks for the refusal);
 * - accepted where restore refuses the whole file: an element with no
 *   `points` (left out), a text with no `text` (left out), an elbow arrow
 *   with slanted segments (kept as a straight arrow: restore re-routes it
 *   or throws), a malformed `index` (regenerated: restore throws when it
 *   is the bound of a range it regenerates), `appState` that is not an
 *   object (ignored);
 * - values Confer's checks refuse (confer_board_value_from_json()) are set
 *   to their default, where restore keeps them as they are (`"x": "abc"`,
 *   colours that are not colours, points that are not numbers, which are
 *   left out); control characters are taken out of texts;
 * - a syntactically valid `index` key that restore would keep because it
 *   happens to sort right is kept too, but one that is not a key of the
 *   fractional-indexing alphabet (`"b7"` is one; `5`, `""` or `"zzzz"` are
 *   not) is treated as missing, so its element gets a new key;
 * - element types Confer does not draw (`iframe`, `embeddable`) are left
 *   out; `magicframe` becomes a `frame`; fields Confer does not keep
 *   (`version`, `versionNonce`, `fixedSegments`, unknown ones) are dropped;
 * - empty texts are left out (restore keeps them marked deleted, and
 *   Excalidraw's own save leaves them out);
 * - defaults restore leaves absent: `fontSize` 20 and `fontFamily` 5
 *   (Excalifont), as Excalidraw gives a new text; `simulatePressure` false
 *   (Excalidraw draws a stroke without it from its pressures); a
 *   `lineHeight` restore computes as NaN (no `fontSize`) is the font
 *   family's; an image whose file is missing gets `fileId` null and status
 *   `error` (Excalidraw shows such an image as an error too);
 * - links are normalised as normalizeLink() does (trim, `"` escaped,
 *   `javascript:`, `data:` and `vbscript:` made `about:blank`), with
 *   ASCII-only trimming.
 *
 * Confer's `sticky-note` travels as a `rectangle` with `"customData":
 * {"conferType": "sticky-note"}` and a text bound to it (`containerId`);
 * reading turns the pair back into one note.
 *
 * The file is read with yajl's event parser, fed in chunks, so that no tree
 * of the whole file is built: each element's small fields become small
 * JsonNodes checked by confer_board_value_from_json(), and `points` and
 * `pressures` go straight into packed doubles.
 */
#define G_LOG_DOMAIN "confer-excalidraw"

#include "config.h"

#include <math.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "confer-excalidraw.h"
#include "confer-blob.h"
#include "confer-core-error.h"
#include "confer-fractional-index.h"
#include "confer-json-text.h"
#include "confer-number.h"

#define CHUNK_SIZE        (1024 * 1024)
/* Nodes one field of an element may have (customData is at most 16 KB as
 * JSON, boundElements 1024 entries of 3 nodes); past this the field is
 * invalid and the rest of it is skipped, not stored. */
#define MAX_FIELD_NODES   20000
/* Excalidraw's BOUND_TEXT_PADDING, in px. */
#define BOUND_TEXT_PADDING 5.0
/* validateElbowPoints()'s tolerance (DEDUP_TRESHOLD), in px. */
#define ELBOW_TOLERANCE   1.0

/* Slots of an element being read: one per property, then the fields that
 * are not properties. */
enum
{
  SLOT_ID = CONFER_BOARD_N_PROPS,
  SLOT_TYPE,
  SLOT_IS_DELETED,
  SLOT_STROKE_SHARPNESS,
  SLOT_BOUND_ELEMENT_IDS,
  SLOT_FONT,
  N_SLOTS,
  SLOT_IGNORED = -1,
};

typedef enum
{
  TOP_OTHER,
  TOP_TYPE,
  TOP_ELEMENTS,
  TOP_APP_STATE,
  TOP_FILES,
} TopKey;

typedef enum
{
  MODE_TOP,
  MODE_ELEMENTS,
  MODE_ELEMENT,
  MODE_BUILD,
  MODE_POINTS,
  MODE_POINT,
  MODE_PRESSURES,
  MODE_APP_STATE,
  MODE_FILES,
  MODE_FILE,
  MODE_SKIP,
} Mode;

typedef enum
{
  NOTE_NOT_OBJECT,
  NOTE_DELETED,
  NOTE_UNKNOWN_TYPE,
  NOTE_SMALL,
  NOTE_NO_POINTS,
  NOTE_FEW_POINTS,
  NOTE_EMPTY_TEXT,
  NOTE_ID,
  NOTE_VALUE,
  NOTE_TEXT_CLEANED,
  NOTE_POINTS_DROPPED,
  NOTE_ELBOW,
  NOTE_MAGICFRAME,
  NOTE_REFERENCE,
  NOTE_INDEX,
  NOTE_IMAGE,
  NOTE_FILE,
  NOTE_APP_STATE,
  NOTE_FILES,
} NoteKind;

typedef struct
{
  NoteKind kind;
  char    *detail;
  guint    count;
  guint    order;
} Note;

/* An element read, before the passes over the whole scene. */
typedef struct
{
  ConferBoardElement *element;     /* refcount 1: still changed in place */
  char               *index;       /* the file's key if it is one, else NULL */
  char               *file_key;    /* an image's raw fileId */
  gboolean            drop;        /* an empty text, left out after the key pass */
  gboolean            sticky;      /* a rectangle that is a Confer sticky note */
} Pending;

typedef struct
{
  JsonNode *node[N_SLOTS];
  gboolean  poisoned[N_SLOTS];    /* present but unusable: too large, NUL in a string */
  gboolean  has_points;
  gboolean  points_is_array;
  guint     points_raw;           /* entries of the file's array */
  guint     points_bad;           /* of which not [x, y] in range */
  gboolean  points_too_many;
  GArray   *points;               /* doubles: x0, y0, x1, y1… */
  double    pair[2];
  guint     pair_n;
  gboolean  pair_ok;
  gboolean  has_pressures;
  gboolean  pressures_bad;
  GArray   *pressures;
} RawElement;

typedef struct
{
  GError     *error;
  guint       depth;
  Mode        mode[CONFER_JSON_MAX_DEPTH + 2];

  TopKey      top_key;
  int         slot;                /* the element key being read */
  char       *key;                 /* appState or file key being read */

  /* building one field's JsonNode */
  GPtrArray  *build_stack;         /* containers, borrowed */
  JsonNode   *build_root;
  char       *build_key;
  guint       build_nodes;
  gboolean    build_poisoned;
  int         build_slot;

  RawElement  raw;

  char       *type;
  gboolean    has_type;
  gboolean    has_elements;

  char       *file_id;
  char       *file_data_url;
  GHashTable *file_names;          /* raw file id -> blob name, or "" when refused */

  GPtrArray  *pending;             /* Pending* */
  GHashTable *ids;                 /* ids taken (borrowed from elements) */
  GHashTable *notes;               /* "kind:detail" -> Note */
  ConferExcalidrawScene *scene;
  gint64      now;                 /* ms since the epoch */
} Reader;

static GHashTable *slots_by_name;

static void
init_slots (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      static const struct { const char *name; int slot; } extra[] = {
        { "id", SLOT_ID }, { "type", SLOT_TYPE }, { "isDeleted", SLOT_IS_DELETED },
        { "strokeSharpness", SLOT_STROKE_SHARPNESS }, { "boundElementIds", SLOT_BOUND_ELEMENT_IDS },
        { "font", SLOT_FONT },
      };

      for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
        if (p != CONFER_BOARD_PROP_LAST_COMMITTED_POINT)
          g_hash_table_insert (table, (gpointer) confer_board_prop_name (p), GINT_TO_POINTER (p + 1));
      for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
        g_hash_table_insert (table, (gpointer) extra[i].name, GINT_TO_POINTER (extra[i].slot + 1));
      slots_by_name = table;
      g_once_init_leave (&done, 1);
    }
}

/* Notes */

static void
note (Reader     *r,
      NoteKind    kind,
      const char *detail,
      guint       count)
{
  g_autofree char *key = g_strdup_printf ("%d:%s", kind, detail != NULL ? detail : "");
  Note *n = g_hash_table_lookup (r->notes, key);

  if (n == NULL)
    {
      n = g_new0 (Note, 1);
      n->kind = kind;
      n->detail = g_strdup (detail);
      n->order = g_hash_table_size (r->notes);
      g_hash_table_insert (r->notes, g_steal_pointer (&key), n);
    }
  n->count += count;
}

static void
note_free (gpointer data)
{
  Note *n = data;

  g_free (n->detail);
  g_free (n);
}

static char *
note_text (const Note *n)
{
  guint c = n->count;
  const char *d = n->detail;
  gboolean one = c == 1;

  switch (n->kind)
    {
    case NOTE_NOT_OBJECT:
      return g_strdup_printf (one ? "%u entry of “elements” that is not an element was left out"
                                  : "%u entries of “elements” that are not elements were left out", c);
    case NOTE_DELETED:
      return g_strdup_printf (one ? "%u deleted element was left out" : "%u deleted elements were left out", c);
    case NOTE_UNKNOWN_TYPE:
      if (d == NULL || *d == '\0')
        return g_strdup_printf (one ? "%u element without a type was left out"
                                    : "%u elements without a type were left out", c);
      return g_strdup_printf (one ? "%u element of type %s was left out"
                                  : "%u elements of type %s were left out", c, d);
    case NOTE_SMALL:
      return g_strdup_printf (one ? "%u invisibly small element was left out"
                                  : "%u invisibly small elements were left out", c);
    case NOTE_NO_POINTS:
      return g_strdup_printf (one ? "%u %s without a list of points was left out"
                                  : "%u %s elements without a list of points were left out", c, d);
    case NOTE_FEW_POINTS:
      return g_strdup_printf (one ? "%u %s with fewer than 2 valid points was left out"
                                  : "%u %s elements with fewer than 2 valid points were left out", c, d);
    case NOTE_EMPTY_TEXT:
      return g_strdup_printf (one ? "%u text without text was left out" : "%u texts without text were left out", c);
    case NOTE_ID:
      return g_strdup_printf (one ? "%u element had a missing, duplicate or invalid id and got a new one"
                                  : "%u elements had a missing, duplicate or invalid id and got a new one", c);
    case NOTE_VALUE:
      return g_strdup_printf (one ? "“%s” was invalid on %u element and was set to its default"
                                  : "“%s” was invalid on %u elements and was set to its default", d, c);
    case NOTE_TEXT_CLEANED:
      return g_strdup_printf (one ? "“%s” of %u element had control characters or was too long and was cleaned"
                                  : "“%s” of %u elements had control characters or was too long and was cleaned", d, c);
    case NOTE_POINTS_DROPPED:
      return g_strdup_printf (one ? "%u invalid point was left out" : "%u invalid points were left out", c);
    case NOTE_ELBOW:
      return g_strdup_printf (one ? "%u elbow arrow with slanted segments became a straight arrow"
                                  : "%u elbow arrows with slanted segments became straight arrows", c);
    case NOTE_MAGICFRAME:
      return g_strdup_printf (one ? "%u AI frame became a frame" : "%u AI frames became frames", c);
    case NOTE_REFERENCE:
      return g_strdup_printf (one ? "%u “%s” naming a missing element was removed"
                                  : "%u “%s” naming missing elements were removed", c, d);
    case NOTE_INDEX:
      return g_strdup_printf (one ? "%u element had a missing, invalid or out-of-order index and got a new one"
                                  : "%u elements had a missing, invalid or out-of-order index and got a new one", c);
    case NOTE_IMAGE:
      return g_strdup_printf (one ? "%u image has no file (missing or refused)"
                                  : "%u images have no file (missing or refused)", c);
    case NOTE_FILE:
      return g_strdup_printf (one ? "%u file was refused: %s" : "%u files were refused: %s", c, d);
    case NOTE_APP_STATE:
      return g_strdup ("“appState” is not an object and was ignored");
    case NOTE_FILES:
      return g_strdup ("“files” is not an object and was ignored");
    default:
      g_assert_not_reached ();
    }
}

static int
compare_notes (gconstpointer a,
               gconstpointer b)
{
  const Note *na = *(Note **) a, *nb = *(Note **) b;

  return (int) na->order - (int) nb->order;
}

/* Values */

static gboolean
truthy (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return TRUE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;
    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (node);

        return v != 0 && !isnan (v);
      }
    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0';
    default:
      return TRUE;
    }
}

static gboolean
is_nullish (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
get_number (JsonNode *node,
            double   *v)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *v = json_node_get_double (node);
  return TRUE;
}

static const char *
get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonNode *
string_node (const char *s)
{
  JsonNode *node = json_node_alloc ();

  json_node_init_string (node, s);
  return node;
}

static JsonNode *
double_node (double v)
{
  JsonNode *node = json_node_alloc ();

  json_node_init_double (node, v);
  return node;
}

static void
set_value (ConferBoardElement *element,
           ConferBoardProp     prop,
           ConferBoardValue   *value)
{
  confer_board_element_take (element, prop, value);
}

static void
set_number (ConferBoardElement *element,
            ConferBoardProp     prop,
            double              v)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NUMBER, .number = v };

  set_value (element, prop, &value);
}

static void
set_null (ConferBoardElement *element,
          ConferBoardProp     prop)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NULL };

  set_value (element, prop, &value);
}

static void
set_string (ConferBoardElement *element,
            ConferBoardProp     prop,
            const char         *s)
{
  confer_board_element_set_string (element, prop, s);
}

static void
set_json (ConferBoardElement *element,
          ConferBoardProp     prop,
          JsonNode           *node)   /* transfer full */
{
  ConferBoardValue value;

  confer_board_value_take_json (&value, node);
  set_value (element, prop, &value);
}

/* Checks @node (transfer none) for @prop and stores it; an invalid value
 * leaves the default and is noted. */
static gboolean
put (Reader             *r,
     ConferBoardElement *element,
     ConferBoardProp     prop,
     JsonNode           *node)
{
  ConferBoardValue value;

  if (!confer_board_value_from_json (prop, node, &value, NULL))
    {
      note (r, NOTE_VALUE, confer_board_prop_name (prop), 1);
      r->scene->n_values_replaced++;
      return FALSE;
    }
  set_value (element, prop, &value);
  return TRUE;
}

/* Excalidraw's getLineHeight() for a font family (the families' metrics
 * in FONT_METADATA; any other family is Excalifont's). */
static double
line_height_for (double family)
{
  switch ((int) family == family ? (int) family : 0)
    {
    case 2: case 7: case 9: case 100:
      return 1.15;
    case 3:
      return 1.2;
    case 6:
      return 1.35;
    default:
      return 1.25;
    }
}

/* Excalidraw's FONT_FAMILY, for the legacy `font` field. */
static double
font_family_named (const char *name)
{
  static const char *const names[] = {
    "Virgil", "Helvetica", "Cascadia", NULL, "Excalifont", "Nunito", "Lilita One", "Comic Shanns",
    "Liberation Sans",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i] != NULL && g_strcmp0 (names[i], name) == 0)
      return i + 1;
  return 5;
}

/* Text as Confer takes it: control characters other than tab and line
 * breaks removed, at most CONFER_BOARD_MAX_TEXT code points. */
static char *
clean_text (const char *s,
            gboolean   *changed)
{
  GString *out = g_string_sized_new (strlen (s));
  gsize n = 0;

  *changed = FALSE;
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        {
          *changed = TRUE;
          continue;
        }
      if (++n > CONFER_BOARD_MAX_TEXT)
        {
          *changed = TRUE;
          break;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* normalizeLink() of Excalidraw: trimmed, `"` escaped, and the schemes
 * @braintree/sanitize-url refuses (javascript:, data:, vbscript:, after
 * any leading non-word characters and with control characters removed)
 * made about:blank. Returns NULL for a link that is empty once trimmed. */
static char *
normalize_link (const char *link)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (link));
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) bare = NULL;
  const char *colon;

  if (*trimmed == '\0')
    return g_strdup ("");
  out = g_string_new (NULL);
  for (const char *p = trimmed; *p != '\0'; p++)
    if (*p == '"')
      g_string_append (out, "&quot;");
    else
      g_string_append_c (out, *p);

  bare = g_string_new (NULL);
  for (const char *p = out->str; *p != '\0'; p++)
    if ((guchar) *p >= 0x20 && *p != 0x7f)
      g_string_append_c (bare, g_ascii_tolower (*p));
  colon = strchr (bare->str, ':');
  if (colon != NULL)
    {
      const char *s = bare->str;

      while (s < colon && !g_ascii_isalnum (*s) && *s != '_')
        s++;
      if (g_str_has_prefix (s, "javascript") || g_str_has_prefix (s, "data") || g_str_has_prefix (s, "vbscript"))
        return g_strdup ("about:blank");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
random_id (GHashTable *taken)
{
  char *id = confer_board_id_new ();

  while (taken != NULL && g_hash_table_contains (taken, id))
    {
      g_free (id);
      id = confer_board_id_new ();
    }
  return id;
}

/* Fractional index keys */

static gboolean
key_valid_between (const char *key,
                   const char *lower,
                   const char *upper)
{
  if (key == NULL)
    return FALSE;
  if (lower != NULL && strcmp (lower, key) >= 0)
    return FALSE;
  if (upper != NULL && strcmp (key, upper) >= 0)
    return FALSE;
  return TRUE;
}

/**
 * confer_excalidraw_sync_indices:
 * @keys: (array length=n): the z-order keys of @n elements, bottom to top;
 *   %NULL for an element without one (a key that is not
 *   confer_fractional_index_is_valid() must be passed as %NULL)
 * @n: how many elements
 * @new_keys: (array length=n) (out caller-allocates): for each element, a
 *   new key (transfer full) or %NULL where its key is kept
 *
 * Makes the keys strictly increasing, keeping the ones Excalidraw keeps:
 * this is syncInvalidIndices() of @excalidraw/excalidraw 0.18.1
 * (fractionalIndex.ts), which walks the elements with the nearest valid
 * key below and the next one above, groups each run of keys that are
 * missing or not strictly between them, and gives each run keys from
 * confer_fractional_index_n_between() between its bounds. Where that
 * leaves no room (Excalidraw throws there), every key is regenerated.
 *
 * Returns: how many keys were replaced
 */
guint
confer_excalidraw_sync_indices (const char *const  *keys,
                                guint               n,
                                char              **new_keys)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (gint64));   /* lower, members…, upper, -2 */
  gint64 lower_i = -1, upper_i = 0;
  const char *lower = NULL, *upper = NULL;
  guint replaced = 0, i = 0;
  gboolean failed = FALSE;

#define KEY_AT(j) ((j) >= 0 && (guint64) (j) < n ? keys[j] : NULL)

  memset (new_keys, 0, n * sizeof (char *));

  /* The bounds for element @idx, as getLowerBound()/getUpperBound(). */
#define LOWER_FOR(idx, out_key, out_i) G_STMT_START {                                   \
    const char *lb_ = KEY_AT (lower_i);                                                 \
    const char *cand_ = KEY_AT ((gint64) (idx) - 1);                                    \
    if ((lb_ == NULL && cand_ != NULL) || (lb_ != NULL && cand_ != NULL && strcmp (cand_, lb_) > 0)) \
      { out_key = cand_; out_i = (gint64) (idx) - 1; }                                  \
    else                                                                                \
      { out_key = lb_; out_i = lower_i; }                                               \
  } G_STMT_END
#define UPPER_FOR(idx, out_key, out_i) G_STMT_START {                                   \
    const char *ub_ = KEY_AT (upper_i);                                                 \
    if (ub_ != NULL && (gint64) (idx) < upper_i)                                        \
      { out_key = ub_; out_i = upper_i; }                                               \
    else                                                                                \
      {                                                                                 \
        gint64 j_ = upper_i;                                                            \
        out_key = NULL;                                                                 \
        out_i = -1;                                                                     \
        while (++j_ < (gint64) n)                                                       \
          {                                                                             \
            const char *cand_ = keys[j_];                                               \
            if ((ub_ == NULL && cand_ != NULL) || (ub_ != NULL && cand_ != NULL && strcmp (cand_, ub_) > 0)) \
              { out_key = cand_; out_i = j_; break; }                                   \
          }                                                                             \
        if (out_i < 0)                                                                  \
          out_i = j_;                                                                   \
      }                                                                                 \
  } G_STMT_END

  while (i < n)
    {
      LOWER_FOR (i, lower, lower_i);
      UPPER_FOR (i, upper, upper_i);
      if (key_valid_between (keys[i], lower, upper))
        {
          i++;
          continue;
        }
      {
        gint64 v = lower_i;

        g_array_append_val (groups, v);
        v = i;
        g_array_append_val (groups, v);
      }
      while (++i < n)
        {
          const char *nl, *nu;
          gint64 nli, nui, v = i;

          LOWER_FOR (i, nl, nli);
          UPPER_FOR (i, nu, nui);
          if (key_valid_between (keys[i], nl, nu))
            break;
          lower = nl, lower_i = nli, upper = nu, upper_i = nui;
          g_array_append_val (groups, v);
        }
      {
        gint64 v = upper_i, end = -2;

        g_array_append_val (groups, v);
        g_array_append_val (groups, end);
      }
    }

  /* generateIndices(): bounds are the keys as they were. */
  for (guint g = 0; g < groups->len && !failed;)
    {
      guint start = g, end = g;
      gint64 lo, hi;
      guint count;
      g_auto(GStrv) made = NULL;

      while (g_array_index (groups, gint64, end) != -2)
        end++;
      lo = g_array_index (groups, gint64, start);
      hi = g_array_index (groups, gint64, end - 1);
      count = end - start - 2;
      made = confer_fractional_index_n_between (KEY_AT (lo), KEY_AT (hi), count, NULL);
      if (made == NULL)
        failed = TRUE;
      else
        for (guint k = 0; k < count; k++)
          {
            gint64 at = g_array_index (groups, gint64, start + 1 + k);

            g_free (new_keys[at]);
            new_keys[at] = g_steal_pointer (&made[k]);
          }
      g = end + 1;
    }

  /* What the walk keeps is increasing; check it all the same. */
  if (!failed)
    {
      const char *last = NULL;

      for (guint k = 0; k < n && !failed; k++)
        {
          const char *key = new_keys[k] != NULL ? new_keys[k] : keys[k];

          if (key == NULL || (last != NULL && strcmp (last, key) >= 0))
            failed = TRUE;
          last = key;
        }
    }

  if (failed)
    {
      g_auto(GStrv) all = confer_fractional_index_n_between (NULL, NULL, n, NULL);

      for (guint k = 0; k < n; k++)
        {
          g_free (new_keys[k]);
          new_keys[k] = g_steal_pointer (&all[k]);
        }
      return n;
    }

  for (guint k = 0; k < n; k++)
    if (new_keys[k] != NULL)
      replaced++;
  return replaced;

#undef KEY_AT
#undef LOWER_FOR
#undef UPPER_FOR
}

/* Keys of a list of elements made strictly increasing in place; returns
 * how many changed. */
static guint
sync_element_indices (ConferBoardElement **elements,
                      guint                n)
{
  g_autofree const char **keys = g_new0 (const char *, MAX (n, 1));
  g_autofree char **new_keys = g_new0 (char *, MAX (n, 1));
  guint replaced;

  for (guint i = 0; i < n; i++)
    {
      const char *key = confer_board_element_get_string (elements[i], CONFER_BOARD_PROP_INDEX);

      keys[i] = key != NULL && confer_fractional_index_is_valid (key) ? key : NULL;
    }
  replaced = confer_excalidraw_sync_indices (keys, n, new_keys);
  for (guint i = 0; i < n; i++)
    if (new_keys[i] != NULL)
      {
        set_string (elements[i], CONFER_BOARD_PROP_INDEX, new_keys[i]);
        g_free (new_keys[i]);
      }
  return replaced;
}

/* Bindings, containers and frames, as restore() repairs them with
 * repairBindings (repairFrameMembership, repairBoundElement,
 * repairContainerElement, the arrow bindings), in array order, changing
 * the elements in place. Returns how many references were removed. */

typedef struct
{
  GPtrArray  *elements;   /* ConferBoardElement*, mutable */
  GHashTable *by_id;      /* id -> ConferBoardElement* */
  Reader     *reader;     /* for notes, or NULL */
} Scene;

static void
note_reference (Scene      *s,
                const char *field)
{
  if (s->reader != NULL)
    note (s->reader, NOTE_REFERENCE, field, 1);
}

static JsonArray *
bound_list (ConferBoardElement *element)
{
  const ConferBoardValue *v = confer_board_element_get (element, CONFER_BOARD_PROP_BOUND_ELEMENTS);

  if (v->kind == CONFER_BOARD_VALUE_JSON && JSON_NODE_HOLDS_ARRAY (v->json))
    return json_node_get_array (v->json);
  return NULL;
}

static JsonObject *
bound_entry (const char *id,
             const char *type)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "type", type);
  return entry;
}

static void
set_bound_list (ConferBoardElement *element,
                JsonArray          *array)   /* transfer full */
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  set_json (element, CONFER_BOARD_PROP_BOUND_ELEMENTS, node);
}

static gboolean
is_pointed_type (ConferBoardElementType type)
{
  return type == CONFER_BOARD_ELEMENT_LINE || type == CONFER_BOARD_ELEMENT_ARROW ||
         type == CONFER_BOARD_ELEMENT_FREEDRAW;
}

static void
repair_references (Scene *s)
{
  for (guint i = 0; i < s->elements->len; i++)
    {
      ConferBoardElement *e = s->elements->pdata[i];
      const char *frame = confer_board_element_get_string (e, CONFER_BOARD_PROP_FRAME_ID);
      const char *container = confer_board_element_get_string (e, CONFER_BOARD_PROP_CONTAINER_ID);
      JsonArray *bound = bound_list (e);

      if (frame != NULL && !g_hash_table_contains (s->by_id, frame))
        {
          set_null (e, CONFER_BOARD_PROP_FRAME_ID);
          note_reference (s, "frameId");
        }

      if (e->type == CONFER_BOARD_ELEMENT_TEXT && container != NULL)
        {
          ConferBoardElement *c = g_hash_table_lookup (s->by_id, container);
          JsonArray *cb;
          gboolean found = FALSE;

          if (c == NULL)
            {
              set_null (e, CONFER_BOARD_PROP_CONTAINER_ID);
              note_reference (s, "containerId");
            }
          else
            {
              cb = bound_list (c);
              for (guint k = 0; cb != NULL && k < json_array_get_length (cb); k++)
                if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (cb, k), "id"), e->id) == 0)
                  found = TRUE;
              if (!found)
                {
                  JsonArray *copy = json_array_new ();

                  for (guint k = 0; cb != NULL && k < json_array_get_length (cb); k++)
                    json_array_add_element (copy, json_node_copy (json_array_get_element (cb, k)));
                  json_array_add_object_element (copy, bound_entry (e->id, "text"));
                  set_bound_list (c, copy);
                }
            }
        }
      else if (bound != NULL)
        {
          g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
          JsonArray *kept = json_array_new ();
          guint dropped = 0;

          for (guint k = 0; k < json_array_get_length (bound); k++)
            {
              JsonObject *entry = json_array_get_object_element (bound, k);
              const char *id = json_object_get_string_member (entry, "id");
              ConferBoardElement *b = g_hash_table_lookup (s->by_id, id);

              if (b == NULL || g_hash_table_contains (seen, id))
                {
                  dropped++;
                  continue;
                }
              g_hash_table_add (seen, (gpointer) id);
              json_array_add_element (kept, json_node_copy (json_array_get_element (bound, k)));
              if (b->type == CONFER_BOARD_ELEMENT_TEXT &&
                  confer_board_element_get_string (b, CONFER_BOARD_PROP_CONTAINER_ID) == NULL)
                set_string (b, CONFER_BOARD_PROP_CONTAINER_ID, e->id);
            }
          if (dropped > 0)
            {
              set_bound_list (e, kept);
              if (s->reader != NULL)
                note (s->reader, NOTE_REFERENCE, "boundElements", dropped);
            }
          else
            json_array_unref (kept);
        }

      for (ConferBoardProp p = CONFER_BOARD_PROP_START_BINDING; p <= CONFER_BOARD_PROP_END_BINDING; p++)
        {
          const ConferBoardValue *v = confer_board_element_get (e, p);
          const char *target;

          if (v->kind != CONFER_BOARD_VALUE_JSON)
            continue;
          target = json_object_get_string_member (json_node_get_object (v->json), "elementId");
          if (e->type != CONFER_BOARD_ELEMENT_ARROW || !g_hash_table_contains (s->by_id, target))
            {
              set_null (e, p);
              if (e->type == CONFER_BOARD_ELEMENT_ARROW)
                note_reference (s, confer_board_prop_name (p));
            }
        }
    }
}

/* Whether each segment of @points is horizontal or vertical within
 * ELBOW_TOLERANCE, as validateElbowPoints() checks. */
static gboolean
points_orthogonal (const ConferBoardDoubles *d)
{
  for (guint i = 2; i + 1 < d->n; i += 2)
    if (fabs (d->values[i] - d->values[i - 2]) >= ELBOW_TOLERANCE &&
        fabs (d->values[i + 1] - d->values[i - 1]) >= ELBOW_TOLERANCE)
      return FALSE;
  return TRUE;
}

/* A line's or arrow's points made to start at [0, 0] (x and y moved to
 * match) and its width and height those of the points' box, as
 * restoreLinearElement does. */
static void
normalise_linear (ConferBoardElement *e)
{
  const ConferBoardValue *v = confer_board_element_get (e, CONFER_BOARD_PROP_POINTS);
  const ConferBoardDoubles *d;
  double x0, y0, min_x = 0, max_x = 0, min_y = 0, max_y = 0;

  if (v->kind != CONFER_BOARD_VALUE_DOUBLES || v->doubles->n < 2)
    return;
  d = v->doubles;
  x0 = d->values[0];
  y0 = d->values[1];
  if (x0 != 0 || y0 != 0)
    {
      g_autofree double *moved = g_new (double, d->n);
      ConferBoardValue shifted = { .kind = CONFER_BOARD_VALUE_DOUBLES };

      for (guint i = 0; i + 1 < d->n; i += 2)
        {
          moved[i] = d->values[i] - x0;
          moved[i + 1] = d->values[i + 1] - y0;
        }
      shifted.doubles = confer_board_doubles_new (moved, d->n);
      set_value (e, CONFER_BOARD_PROP_POINTS, &shifted);
      set_number (e, CONFER_BOARD_PROP_X, confer_board_element_get_number (e, CONFER_BOARD_PROP_X) + x0);
      set_number (e, CONFER_BOARD_PROP_Y, confer_board_element_get_number (e, CONFER_BOARD_PROP_Y) + y0);
      d = confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles;
    }
  for (guint i = 0; i + 1 < d->n; i += 2)
    {
      if (i == 0 || d->values[i] < min_x) min_x = d->values[i];
      if (i == 0 || d->values[i] > max_x) max_x = d->values[i];
      if (i == 0 || d->values[i + 1] < min_y) min_y = d->values[i + 1];
      if (i == 0 || d->values[i + 1] > max_y) max_y = d->values[i + 1];
    }
  set_number (e, CONFER_BOARD_PROP_WIDTH, max_x - min_x);
  set_number (e, CONFER_BOARD_PROP_HEIGHT, max_y - min_y);
}

/* Negative width or height of a box made positive, x or y moved to keep
 * the box where it was (restore's normalisation for every type but lines
 * and arrows). */
static void
normalise_box (ConferBoardElement *e)
{
  double w = confer_board_element_get_number (e, CONFER_BOARD_PROP_WIDTH);
  double h = confer_board_element_get_number (e, CONFER_BOARD_PROP_HEIGHT);

  if (w < 0)
    {
      set_number (e, CONFER_BOARD_PROP_X, confer_board_element_get_number (e, CONFER_BOARD_PROP_X) + w);
      set_number (e, CONFER_BOARD_PROP_WIDTH, -w);
    }
  if (h < 0)
    {
      set_number (e, CONFER_BOARD_PROP_Y, confer_board_element_get_number (e, CONFER_BOARD_PROP_Y) + h);
      set_number (e, CONFER_BOARD_PROP_HEIGHT, -h);
    }
}

/* An arrow's binding as restore leaves it: `focus` 0 when missing or
 * falsy; for an elbow arrow, null without a fixedPoint, and a fixedPoint
 * coordinate within 1e-4 of 0.5 made 0.5001. Returns NULL for null. */
static JsonNode *
restored_binding (JsonNode *binding,
                  gboolean  elbowed)
{
  JsonObject *in, *out;
  JsonNode *node, *fixed;
  GList *members;

  if (binding == NULL || !JSON_NODE_HOLDS_OBJECT (binding))
    return binding != NULL && !JSON_NODE_HOLDS_NULL (binding) ? json_node_copy (binding) : NULL;
  in = json_node_get_object (binding);
  out = json_object_new ();
  members = json_object_get_members (in);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (out, l->data, json_node_copy (json_object_get_member (in, l->data)));
  g_list_free (members);
  if (!truthy (json_object_get_member (out, "focus")))
    json_object_set_member (out, "focus", json_node_init_int (json_node_alloc (), 0));
  if (elbowed)
    {
      fixed = json_object_get_member (out, "fixedPoint");
      if (is_nullish (fixed))
        {
          json_object_unref (out);
          return NULL;
        }
      if (JSON_NODE_HOLDS_ARRAY (fixed))
        {
          JsonArray *pair = json_node_get_array (fixed);
          JsonArray *moved = json_array_new ();

          for (guint k = 0; k < json_array_get_length (pair); k++)
            {
              double v;
              JsonNode *c = json_array_get_element (pair, k);

              if (get_number (c, &v) && fabs (v - 0.5) < 1e-4)
                json_array_add_element (moved, double_node (0.5001));
              else
                json_array_add_element (moved, json_node_copy (c));
            }
          json_object_set_array_member (out, "fixedPoint", moved);
        }
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  return node;
}

/* Reading: one element */

static void
raw_reset (RawElement *raw)
{
  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_clear_pointer (&raw->node[i], json_node_unref);
      raw->poisoned[i] = FALSE;
    }
  raw->has_points = raw->points_is_array = raw->points_too_many = FALSE;
  raw->points_raw = raw->points_bad = 0;
  g_array_set_size (raw->points, 0);
  raw->has_pressures = raw->pressures_bad = FALSE;
  g_array_set_size (raw->pressures, 0);
}

static JsonNode *
slot (Reader *r,
      int     s)
{
  return r->raw.node[s];
}

static gboolean
slot_present (Reader *r,
              int     s)
{
  return r->raw.node[s] != NULL || r->raw.poisoned[s];
}

/* Puts @prop from the file's field (transfer none) with restore's rule
 * for a missing value: `??` (absent or null) or `||` (falsy) keeps the
 * default. */
typedef enum { WHEN_NULLISH, WHEN_FALSY } DefaultRule;

static void
put_field (Reader             *r,
           ConferBoardElement *e,
           ConferBoardProp     prop,
           DefaultRule         rule)
{
  JsonNode *node = slot (r, prop);

  if (r->raw.poisoned[prop])
    {
      note (r, NOTE_VALUE, confer_board_prop_name (prop), 1);
      r->scene->n_values_replaced++;
      return;
    }
  if (rule == WHEN_NULLISH ? is_nullish (node) : !truthy (node))
    return;
  put (r, e, prop, node);
}

static const char *
type_for_notes (const char *raw_type)
{
  return raw_type != NULL ? raw_type : "";
}

static void
finish_element (Reader *r)
{
  RawElement *raw = &r->raw;
  ConferExcalidrawScene *scene = r->scene;
  const char *raw_type = get_string (slot (r, SLOT_TYPE));
  const char *raw_id = get_string (slot (r, SLOT_ID));
  ConferBoardElementType type;
  g_autoptr(ConferBoardElement) e = NULL;
  g_autofree char *id = NULL;
  gboolean pointed, linear, is_text, sticky = FALSE, drop = FALSE;
  Pending *pending;
  double w, h;
  JsonNode *node;

  if (truthy (slot (r, SLOT_IS_DELETED)) || raw->poisoned[SLOT_IS_DELETED])
    {
      note (r, NOTE_DELETED, NULL, 1);
      goto left_out;
    }
  if (g_strcmp0 (raw_type, "draw") == 0)
    raw_type = "line";
  if (g_strcmp0 (raw_type, "magicframe") == 0)
    {
      note (r, NOTE_MAGICFRAME, NULL, 1);
      raw_type = "frame";
    }
  if (raw_type == NULL || strcmp (raw_type, "sticky-note") == 0 ||
      !confer_board_element_type_from_name (raw_type, &type))
    {
      note (r, NOTE_UNKNOWN_TYPE, type_for_notes (raw_type), 1);
      goto left_out;
    }

  pointed = is_pointed_type (type);
  linear = type == CONFER_BOARD_ELEMENT_LINE || type == CONFER_BOARD_ELEMENT_ARROW;
  is_text = type == CONFER_BOARD_ELEMENT_TEXT;

  /* isInvisiblySmallElement(), on the element as the file has it. */
  if (pointed)
    {
      if (!raw->has_points || !raw->points_is_array)
        {
          note (r, NOTE_NO_POINTS, raw_type, 1);
          goto left_out;
        }
      if (raw->points_raw < 2)
        {
          note (r, NOTE_SMALL, NULL, 1);
          goto left_out;
        }
      if (raw->points_too_many)
        {
          note (r, NOTE_VALUE, "points", 1);
          scene->n_values_replaced++;
          note (r, NOTE_FEW_POINTS, raw_type, 1);
          goto left_out;
        }
      if (raw->points_bad > 0)
        {
          note (r, NOTE_POINTS_DROPPED, NULL, raw->points_bad);
          scene->n_values_replaced++;
        }
      if (raw->points->len < 4)
        {
          note (r, NOTE_FEW_POINTS, raw_type, 1);
          goto left_out;
        }
    }
  else if (get_number (slot (r, CONFER_BOARD_PROP_WIDTH), &w) && w == 0 &&
           get_number (slot (r, CONFER_BOARD_PROP_HEIGHT), &h) && h == 0)
    {
      note (r, NOTE_SMALL, NULL, 1);
      goto left_out;
    }

  if (scene->elements->len + r->pending->len >= CONFER_BOARD_MAX_ELEMENTS)
    {
      g_set_error (&r->error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_LIMIT,
                   "The file has more than %d elements, more than a board holds", CONFER_BOARD_MAX_ELEMENTS);
      return;
    }

  /* The id: kept when it is one Confer takes and the first of its name. */
  if (raw_id != NULL && confer_board_id_is_valid (raw_id) && !g_hash_table_contains (r->ids, raw_id))
    id = g_strdup (raw_id);
  else
    {
      id = random_id (r->ids);
      note (r, NOTE_ID, NULL, 1);
      scene->n_ids_replaced++;
    }
  e = confer_board_element_new (type, id);
  g_hash_table_add (r->ids, e->id);

  /* Common fields (restoreElementWithProperties). */
  put_field (r, e, CONFER_BOARD_PROP_X, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_Y, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_WIDTH, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_HEIGHT, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_ANGLE, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_STROKE_COLOR, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_BACKGROUND_COLOR, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_FILL_STYLE, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_STROKE_WIDTH, WHEN_FALSY);
  put_field (r, e, CONFER_BOARD_PROP_STROKE_STYLE, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_ROUGHNESS, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_OPACITY, WHEN_NULLISH);
  /* seed ?? 1, not the id-derived seed a new element gets. */
  set_number (e, CONFER_BOARD_PROP_SEED, 1);
  put_field (r, e, CONFER_BOARD_PROP_SEED, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_GROUP_IDS, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_FRAME_ID, WHEN_NULLISH);
  set_number (e, CONFER_BOARD_PROP_UPDATED, (double) r->now);
  put_field (r, e, CONFER_BOARD_PROP_UPDATED, WHEN_NULLISH);
  put_field (r, e, CONFER_BOARD_PROP_LOCKED, WHEN_NULLISH);

  /* roundness, with the legacy strokeSharpness. */
  if (r->raw.poisoned[CONFER_BOARD_PROP_ROUNDNESS] || truthy (slot (r, CONFER_BOARD_PROP_ROUNDNESS)))
    put_field (r, e, CONFER_BOARD_PROP_ROUNDNESS, WHEN_FALSY);
  else if (g_strcmp0 (get_string (slot (r, SLOT_STROKE_SHARPNESS)), "round") == 0)
    {
      g_autoptr(JsonNode) round = json_from_string (type == CONFER_BOARD_ELEMENT_RECTANGLE ||
                                                    type == CONFER_BOARD_ELEMENT_IMAGE
                                                    ? "{\"type\":1}" : "{\"type\":2}", NULL);

      put (r, e, CONFER_BOARD_PROP_ROUNDNESS, round);
    }

  /* boundElements, with the legacy boundElementIds. */
  node = slot (r, SLOT_BOUND_ELEMENT_IDS);
  if (truthy (node))
    {
      g_autoptr(JsonNode) list = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      json_node_take_array (list, array);
      if (JSON_NODE_HOLDS_ARRAY (node))
        for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
          {
            JsonObject *entry = json_object_new ();

            json_object_set_member (entry, "type", string_node ("arrow"));
            json_object_set_member (entry, "id", json_node_copy (json_array_get_element (json_node_get_array (node), k)));
            json_array_add_object_element (array, entry);
          }
      set_bound_list (e, json_array_new ());
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          note (r, NOTE_VALUE, "boundElementIds", 1);
          scene->n_values_replaced++;
        }
      else
        put (r, e, CONFER_BOARD_PROP_BOUND_ELEMENTS, list);
    }
  else
    {
      set_bound_list (e, json_array_new ());
      put_field (r, e, CONFER_BOARD_PROP_BOUND_ELEMENTS, WHEN_NULLISH);
    }

  /* link: normalised when truthy, else null. */
  node = slot (r, CONFER_BOARD_PROP_LINK);
  if (raw->poisoned[CONFER_BOARD_PROP_LINK])
    put_field (r, e, CONFER_BOARD_PROP_LINK, WHEN_NULLISH);
  else if (truthy (node))
    {
      const char *s = get_string (node);
      g_autofree char *link = s != NULL ? normalize_link (s) : NULL;
      g_autoptr(JsonNode) normal = link != NULL ? string_node (link) : json_node_ref (node);

      put (r, e, CONFER_BOARD_PROP_LINK, normal);
    }

  /* customData, kept when present; a Confer sticky note says so there. */
  if (slot_present (r, CONFER_BOARD_PROP_CUSTOM_DATA))
    {
      node = slot (r, CONFER_BOARD_PROP_CUSTOM_DATA);
      if (type == CONFER_BOARD_ELEMENT_RECTANGLE && node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (get_string (json_object_get_member (json_node_get_object (node), "conferType")),
                     "sticky-note") == 0)
        {
          JsonObject *custom = json_node_get_object (node);

          sticky = TRUE;
          json_object_remove_member (custom, "conferType");
          if (json_object_get_size (custom) > 0)
            put_field (r, e, CONFER_BOARD_PROP_CUSTOM_DATA, WHEN_NULLISH);
        }
      else if (r->raw.poisoned[CONFER_BOARD_PROP_CUSTOM_DATA] || !is_nullish (node))
        put_field (r, e, CONFER_BOARD_PROP_CUSTOM_DATA, WHEN_NULLISH);
      else
        set_null (e, CONFER_BOARD_PROP_CUSTOM_DATA);
    }

  if (type != CONFER_BOARD_ELEMENT_LINE && type != CONFER_BOARD_ELEMENT_ARROW)
    normalise_box (e);

  /* Type extras. */
  if (is_text)
    {
      const char *font = get_string (slot (r, SLOT_FONT));
      const char *text = get_string (slot (r, CONFER_BOARD_PROP_TEXT));
      const char *original = get_string (slot (r, CONFER_BOARD_PROP_ORIGINAL_TEXT));
      g_autofree char *clean = NULL, *clean_original = NULL;
      gboolean changed = FALSE;
      double size = NAN, family = NAN, line_height = NAN, height, v;
      JsonNode *lh = slot (r, CONFER_BOARD_PROP_LINE_HEIGHT);

      if (font != NULL && *font != '\0')
        {
          g_auto(GStrv) words = g_strsplit (font, " ", 2);

          size = g_ascii_strtod (words[0], NULL);
          family = font_family_named (words[1]);
          set_number (e, CONFER_BOARD_PROP_FONT_SIZE, size);
          if (!(isfinite (size) && size >= 0.1 && size <= 10000))
            {
              set_number (e, CONFER_BOARD_PROP_FONT_SIZE, 20);
              note (r, NOTE_VALUE, "fontSize", 1);
              scene->n_values_replaced++;
            }
          set_number (e, CONFER_BOARD_PROP_FONT_FAMILY, family);
        }
      else
        {
          /* Absent stays absent in restore; Confer gives 20 px and
           * Excalifont (5), what Excalidraw gives a new text. */
          put_field (r, e, CONFER_BOARD_PROP_FONT_SIZE, WHEN_NULLISH);
          put_field (r, e, CONFER_BOARD_PROP_FONT_FAMILY, WHEN_NULLISH);
        }

      clean = clean_text (text != NULL ? text : "", &changed);
      if (changed)
        {
          note (r, NOTE_TEXT_CLEANED, "text", 1);
          scene->n_values_replaced++;
        }
      set_string (e, CONFER_BOARD_PROP_TEXT, clean);
      if (original != NULL && *original != '\0')
        {
          clean_original = clean_text (original, &changed);
          if (changed)
            {
              note (r, NOTE_TEXT_CLEANED, "originalText", 1);
              scene->n_values_replaced++;
            }
        }
      set_string (e, CONFER_BOARD_PROP_ORIGINAL_TEXT, clean_original != NULL ? clean_original : clean);
      put_field (r, e, CONFER_BOARD_PROP_TEXT_ALIGN, WHEN_FALSY);
      put_field (r, e, CONFER_BOARD_PROP_VERTICAL_ALIGN, WHEN_FALSY);
      put_field (r, e, CONFER_BOARD_PROP_CONTAINER_ID, WHEN_NULLISH);
      put_field (r, e, CONFER_BOARD_PROP_AUTO_RESIZE, WHEN_NULLISH);

      /* lineHeight || (height ? height / lines / fontSize :
       * getLineHeight (fontFamily)), with the file's own fields. */
      if (truthy (lh) || raw->poisoned[CONFER_BOARD_PROP_LINE_HEIGHT])
        {
          if (raw->poisoned[CONFER_BOARD_PROP_LINE_HEIGHT] || !put (r, e, CONFER_BOARD_PROP_LINE_HEIGHT, lh))
            {
              if (raw->poisoned[CONFER_BOARD_PROP_LINE_HEIGHT])
                {
                  note (r, NOTE_VALUE, "lineHeight", 1);
                  scene->n_values_replaced++;
                }
              set_number (e, CONFER_BOARD_PROP_LINE_HEIGHT,
                          line_height_for (confer_board_element_get_number (e, CONFER_BOARD_PROP_FONT_FAMILY)));
            }
        }
      else if (truthy (slot (r, CONFER_BOARD_PROP_HEIGHT)))
        {
          guint lines = 1;

          if (text != NULL)
            for (const char *p = text; *p != '\0'; p++)
              if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
                lines++;
          if (get_number (slot (r, CONFER_BOARD_PROP_HEIGHT), &height) &&
              get_number (slot (r, CONFER_BOARD_PROP_FONT_SIZE), &v) && font == NULL)
            line_height = height / lines / v;
          if (isfinite (line_height) && line_height >= 0.1 && line_height <= 100)
            set_number (e, CONFER_BOARD_PROP_LINE_HEIGHT, line_height);
          else
            {
              /* restore leaves NaN (null) there; Confer takes the family's. */
              set_number (e, CONFER_BOARD_PROP_LINE_HEIGHT,
                          line_height_for (confer_board_element_get_number (e, CONFER_BOARD_PROP_FONT_FAMILY)));
              if (*clean != '\0')
                {
                  note (r, NOTE_VALUE, "lineHeight", 1);
                  scene->n_values_replaced++;
                }
            }
        }
      else
        {
          double raw_family = NAN;

          get_number (slot (r, CONFER_BOARD_PROP_FONT_FAMILY), &raw_family);
          set_number (e, CONFER_BOARD_PROP_LINE_HEIGHT, line_height_for (raw_family));
        }

      if (*clean == '\0')
        {
          note (r, NOTE_EMPTY_TEXT, NULL, 1);
          drop = TRUE;
        }
    }

  if (pointed)
    {
      ConferBoardValue points = { .kind = CONFER_BOARD_VALUE_DOUBLES };

      points.doubles = confer_board_doubles_new ((double *) (gpointer) raw->points->data, raw->points->len);
      set_value (e, CONFER_BOARD_PROP_POINTS, &points);
      set_null (e, CONFER_BOARD_PROP_LAST_COMMITTED_POINT);
    }

  if (type == CONFER_BOARD_ELEMENT_FREEDRAW)
    {
      /* Copied as they are; absent simulatePressure is falsy to
       * Excalidraw, so false. */
      set_value (e, CONFER_BOARD_PROP_SIMULATE_PRESSURE,
                 &(ConferBoardValue) { .kind = CONFER_BOARD_VALUE_BOOLEAN, .boolean = FALSE });
      put_field (r, e, CONFER_BOARD_PROP_SIMULATE_PRESSURE, WHEN_NULLISH);
      if (raw->has_pressures)
        {
          if (raw->pressures_bad)
            {
              note (r, NOTE_VALUE, "pressures", 1);
              scene->n_values_replaced++;
            }
          else
            {
              ConferBoardValue pressures = { .kind = CONFER_BOARD_VALUE_DOUBLES };

              pressures.doubles = confer_board_doubles_new ((double *) (gpointer) raw->pressures->data,
                                                            raw->pressures->len);
              set_value (e, CONFER_BOARD_PROP_PRESSURES, &pressures);
            }
        }
    }

  if (linear)
    {
      gboolean elbowed = FALSE;
      const ConferBoardValue *ev;

      /* Arrowheads default only when undefined: null, and "arrow" at the
       * end of an arrow. */
      if (slot_present (r, CONFER_BOARD_PROP_START_ARROWHEAD))
        put_field (r, e, CONFER_BOARD_PROP_START_ARROWHEAD, WHEN_NULLISH);
      if (slot_present (r, CONFER_BOARD_PROP_END_ARROWHEAD))
        put_field (r, e, CONFER_BOARD_PROP_END_ARROWHEAD, WHEN_NULLISH);
      else if (type == CONFER_BOARD_ELEMENT_ARROW)
        set_string (e, CONFER_BOARD_PROP_END_ARROWHEAD, "arrow");

      if (type == CONFER_BOARD_ELEMENT_ARROW)
        {
          put_field (r, e, CONFER_BOARD_PROP_ELBOWED, WHEN_NULLISH);
          ev = confer_board_element_get (e, CONFER_BOARD_PROP_ELBOWED);
          elbowed = ev->kind == CONFER_BOARD_VALUE_BOOLEAN && ev->boolean;
          for (ConferBoardProp p = CONFER_BOARD_PROP_START_BINDING; p <= CONFER_BOARD_PROP_END_BINDING; p++)
            {
              g_autoptr(JsonNode) binding = NULL;

              if (raw->poisoned[p])
                {
                  put_field (r, e, p, WHEN_NULLISH);
                  continue;
                }
              binding = restored_binding (slot (r, p), elbowed);
              if (binding != NULL)
                put (r, e, p, binding);
            }
          if (elbowed && !points_orthogonal (confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles))
            {
              /* restore re-routes it (or throws); Confer has no router. */
              set_value (e, CONFER_BOARD_PROP_ELBOWED,
                         &(ConferBoardValue) { .kind = CONFER_BOARD_VALUE_BOOLEAN, .boolean = FALSE });
              note (r, NOTE_ELBOW, NULL, 1);
            }
        }
      else
        put_field (r, e, CONFER_BOARD_PROP_POLYGON, WHEN_NULLISH);
      normalise_linear (e);
    }

  if (type == CONFER_BOARD_ELEMENT_IMAGE)
    {
      put_field (r, e, CONFER_BOARD_PROP_STATUS, WHEN_FALSY);
      put_field (r, e, CONFER_BOARD_PROP_SCALE, WHEN_FALSY);
      put_field (r, e, CONFER_BOARD_PROP_CROP, WHEN_NULLISH);
    }

  if (type == CONFER_BOARD_ELEMENT_FRAME)
    put_field (r, e, CONFER_BOARD_PROP_NAME, WHEN_NULLISH);

  pending = g_new0 (Pending, 1);
  pending->element = g_steal_pointer (&e);
  pending->drop = drop;
  {
    const char *index = get_string (slot (r, CONFER_BOARD_PROP_INDEX));
    const char *file = get_string (slot (r, CONFER_BOARD_PROP_FILE_ID));

    if (index != NULL && confer_fractional_index_is_valid (index))
      pending->index = g_strdup (index);
    if (type == CONFER_BOARD_ELEMENT_IMAGE && file != NULL)
      pending->file_key = g_strdup (file);
  }
  pending->sticky = sticky;
  g_ptr_array_add (r->pending, pending);
  raw_reset (raw);
  return;

left_out:
  scene->n_left_out++;
  raw_reset (raw);
}

/* Reading: files */

static void
finish_file (Reader *r)
{
  g_autofree char *file_id = g_steal_pointer (&r->file_id);
  g_autofree char *url = g_steal_pointer (&r->file_data_url);
  const char *comma, *reason = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize n = 0;
  const char *media_type;
  char *name;

  if (file_id == NULL)
    return;
  if (url == NULL || !g_str_has_prefix (url, "data:") || (comma = strchr (url, ',')) == NULL ||
      comma - url < 12 || strncmp (comma - 7, ";base64", 7) != 0)
    reason = "its dataURL is not a base64 data: URL";
  else if ((strlen (comma + 1) / 4) * 3 > CONFER_BLOB_MAX_SIZE + 3)
    reason = "larger than 10 MiB";
  else
    {
      decoded = g_base64_decode (comma + 1, &n);
      media_type = n > 0 ? confer_blob_sniff_type (decoded, n) : NULL;
      if (n > CONFER_BLOB_MAX_SIZE)
        reason = "larger than 10 MiB";
      else if (media_type == NULL || !g_str_has_prefix (media_type, "image/"))
        reason = "not a PNG, JPEG, GIF or WebP image";
      else
        {
          bytes = g_bytes_new_take (g_steal_pointer (&decoded), n);
          name = confer_blob_name_for (bytes);
          if (!g_hash_table_contains (r->scene->blobs, name))
            {
              ConferExcalidrawBlob *blob = g_new0 (ConferExcalidrawBlob, 1);

              blob->name = g_strdup (name);
              blob->media_type = media_type;
              blob->bytes = g_steal_pointer (&bytes);
              g_hash_table_insert (r->scene->blobs, blob->name, blob);
            }
          g_hash_table_insert (r->file_names, g_steal_pointer (&file_id), name);
          return;
        }
    }
  g_hash_table_insert (r->file_names, g_steal_pointer (&file_id), g_strdup (reason));
}

/* Reading: yajl's events */

typedef enum { V_NULL, V_BOOLEAN, V_NUMBER, V_STRING, V_MAP, V_ARRAY } ValueKind;

typedef struct
{
  ValueKind   kind;
  gboolean    boolean;
  const char *text;      /* number text or string, not NUL-terminated */
  gsize       len;
} Value;

static double
value_double (const Value *v)
{
  double value = 0;

  /* yajl has checked the grammar: a number it reports reads. */
  confer_number_parse (v->text, v->len, &value);
  return value;
}

/* A scalar as a JsonNode; NULL for a string with a NUL in it. */
static JsonNode *
value_node (const Value *v)
{
  JsonNode *node = json_node_alloc ();

  switch (v->kind)
    {
    case V_NULL:
      return json_node_init_null (node);
    case V_BOOLEAN:
      return json_node_init_boolean (node, v->boolean);
    case V_NUMBER:
      if (v->len < 16 && memchr (v->text, '.', v->len) == NULL && memchr (v->text, 'e', v->len) == NULL &&
          memchr (v->text, 'E', v->len) == NULL)
        {
          char buf[16];

          memcpy (buf, v->text, v->len);
          buf[v->len] = '\0';
          return json_node_init_int (node, g_ascii_strtoll (buf, NULL, 10));
        }
      return json_node_init_double (node, value_double (v));
    case V_STRING:
      if (memchr (v->text, '\0', v->len) != NULL)
        {
          json_node_free (node);
          return NULL;
        }
      {
        g_autofree char *s = g_strndup (v->text, v->len);

        return json_node_init_string (node, s);
      }
    default:
      g_assert_not_reached ();
    }
}

static char *
value_string (const Value *v)
{
  if (v->kind != V_STRING || memchr (v->text, '\0', v->len) != NULL)
    return NULL;
  return g_strndup (v->text, v->len);
}

static gboolean
push (Reader *r,
      Mode    mode)
{
  if (r->depth >= CONFER_JSON_MAX_DEPTH)
    {
      g_set_error (&r->error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_TOO_DEEP,
                   "The file nests lists and objects more than %d deep", CONFER_JSON_MAX_DEPTH);
      return FALSE;
    }
  r->mode[++r->depth] = mode;
  return TRUE;
}

static gboolean
refuse (Reader     *r,
        const char *message)
{
  g_set_error_literal (&r->error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON, message);
  return FALSE;
}

static JsonNode *
new_container (gboolean object)
{
  JsonNode *node = json_node_new (object ? JSON_NODE_OBJECT : JSON_NODE_ARRAY);

  if (object)
    json_node_take_object (node, json_object_new ());
  else
    json_node_take_array (node, json_array_new ());
  return node;
}

/* A value inside a field being built. */
static gboolean
build_value (Reader      *r,
             const Value *v)
{
  JsonNode *parent = r->build_stack->pdata[r->build_stack->len - 1];
  JsonNode *node;

  if (++r->build_nodes > MAX_FIELD_NODES)
    r->build_poisoned = TRUE;
  if (r->build_poisoned)
    node = NULL;
  else if (v->kind == V_MAP || v->kind == V_ARRAY)
    {
      node = new_container (v->kind == V_MAP);
    }
  else if ((node = value_node (v)) == NULL)
    r->build_poisoned = TRUE;

  if (node != NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (parent))
        json_array_add_element (json_node_get_array (parent), node);
      else
        json_object_set_member (json_node_get_object (parent), r->build_key != NULL ? r->build_key : "", node);
    }
  g_clear_pointer (&r->build_key, g_free);
  if (v->kind == V_MAP || v->kind == V_ARRAY)
    {
      /* A poisoned field keeps its depth in the stack with its parent. */
      g_ptr_array_add (r->build_stack, node != NULL ? node : parent);
      return push (r, MODE_BUILD);
    }
  return TRUE;
}

static void
store_slot (Reader   *r,
            int       s,
            JsonNode *node,     /* transfer full, nullable */
            gboolean  poisoned)
{
  g_clear_pointer (&r->raw.node[s], json_node_unref);
  r->raw.node[s] = poisoned ? NULL : node;
  r->raw.poisoned[s] = poisoned;
  if (poisoned && node != NULL)
    json_node_unref (node);
}

static gboolean
element_value (Reader      *r,
               const Value *v)
{
  RawElement *raw = &r->raw;
  int s = r->slot;

  r->slot = SLOT_IGNORED;
  if (s == CONFER_BOARD_PROP_POINTS)
    {
      raw->has_points = TRUE;
      raw->points_is_array = v->kind == V_ARRAY;
      raw->points_raw = raw->points_bad = 0;
      raw->points_too_many = FALSE;
      g_array_set_size (raw->points, 0);
      if (v->kind == V_ARRAY)
        return push (r, MODE_POINTS);
      return v->kind == V_MAP ? push (r, MODE_SKIP) : TRUE;
    }
  if (s == CONFER_BOARD_PROP_PRESSURES)
    {
      raw->has_pressures = TRUE;
      raw->pressures_bad = v->kind != V_ARRAY;
      g_array_set_size (raw->pressures, 0);
      if (v->kind == V_ARRAY)
        return push (r, MODE_PRESSURES);
      return v->kind == V_MAP ? push (r, MODE_SKIP) : TRUE;
    }
  if (s == SLOT_IGNORED)
    return v->kind == V_MAP || v->kind == V_ARRAY ? push (r, MODE_SKIP) : TRUE;
  if (v->kind == V_MAP || v->kind == V_ARRAY)
    {
      r->build_root = new_container (v->kind == V_MAP);
      r->build_slot = s;
      r->build_nodes = 1;
      r->build_poisoned = FALSE;
      g_ptr_array_set_size (r->build_stack, 0);
      g_ptr_array_add (r->build_stack, r->build_root);
      return push (r, MODE_BUILD);
    }
  {
    JsonNode *node = value_node (v);

    store_slot (r, s, node, node == NULL);
  }
  return TRUE;
}

static gboolean
on_value (Reader      *r,
          const Value *v)
{
  gboolean container = v->kind == V_MAP || v->kind == V_ARRAY;

  if (r->depth == 0)
    {
      if (v->kind != V_MAP)
        return refuse (r, "The file is not an Excalidraw scene: it is not a JSON object");
      return push (r, MODE_TOP);
    }

  switch (r->mode[r->depth])
    {
    case MODE_TOP:
      switch (r->top_key)
        {
        case TOP_TYPE:
          {
            g_autofree char *type = value_string (v);

            r->has_type = TRUE;
            if (g_strcmp0 (type, "excalidrawlib") == 0)
              return refuse (r, "The file is an Excalidraw library, not a scene");
            if (g_strcmp0 (type, "excalidraw") != 0)
              return refuse (r, "The file is not an Excalidraw scene: its “type” is not “excalidraw”");
            break;
          }
        case TOP_ELEMENTS:
          if (v->kind == V_NULL)
            return refuse (r, "The file has no elements");
          if (v->kind != V_ARRAY)
            return refuse (r, "The file is not an Excalidraw scene: its “elements” is not a list");
          r->has_elements = TRUE;
          r->top_key = TOP_OTHER;
          return push (r, MODE_ELEMENTS);
        case TOP_APP_STATE:
          if (v->kind == V_MAP)
            {
              r->top_key = TOP_OTHER;
              return push (r, MODE_APP_STATE);
            }
          if (v->kind != V_NULL)
            note (r, NOTE_APP_STATE, NULL, 1);
          break;
        case TOP_FILES:
          if (v->kind == V_MAP)
            {
              r->top_key = TOP_OTHER;
              return push (r, MODE_FILES);
            }
          if (v->kind != V_NULL)
            note (r, NOTE_FILES, NULL, 1);
          break;
        default:
          break;
        }
      r->top_key = TOP_OTHER;
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_ELEMENTS:
      r->scene->n_read++;
      if (v->kind == V_MAP)
        {
          r->slot = SLOT_IGNORED;
          return push (r, MODE_ELEMENT);
        }
      r->scene->n_left_out++;
      note (r, NOTE_NOT_OBJECT, NULL, 1);
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_ELEMENT:
      return element_value (r, v);

    case MODE_BUILD:
      return build_value (r, v);

    case MODE_POINTS:
      r->raw.points_raw++;
      if (v->kind == V_ARRAY)
        {
          r->raw.pair_n = 0;
          r->raw.pair_ok = TRUE;
          return push (r, MODE_POINT);
        }
      r->raw.points_bad++;
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_POINT:
      if (v->kind == V_NUMBER && r->raw.pair_n < 2)
        r->raw.pair[r->raw.pair_n] = value_double (v);
      else
        r->raw.pair_ok = FALSE;
      r->raw.pair_n++;
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_PRESSURES:
      if (v->kind == V_NUMBER && r->raw.pressures->len < CONFER_BOARD_MAX_POINTS)
        {
          double p = value_double (v);

          if (isfinite (p) && p >= 0 && p <= 1)
            g_array_append_val (r->raw.pressures, p);
          else
            r->raw.pressures_bad = TRUE;
        }
      else
        r->raw.pressures_bad = TRUE;
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_APP_STATE:
      if (g_strcmp0 (r->key, "viewBackgroundColor") == 0 && v->kind == V_STRING)
        {
          g_autoptr(JsonNode) node = value_node (v);
          ConferBoardValue colour;

          if (node != NULL && confer_board_value_from_json (CONFER_BOARD_PROP_BACKGROUND_COLOR, node, &colour, NULL))
            {
              g_free (r->scene->view_background_color);
              r->scene->view_background_color = g_strdup (colour.string);
              confer_board_value_clear (&colour);
            }
        }
      g_clear_pointer (&r->key, g_free);
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_FILES:
      if (v->kind == V_MAP)
        {
          g_clear_pointer (&r->file_data_url, g_free);
          g_free (r->file_id);
          r->file_id = g_steal_pointer (&r->key);
          return push (r, MODE_FILE);
        }
      g_clear_pointer (&r->key, g_free);
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_FILE:
      if (g_strcmp0 (r->key, "dataURL") == 0)
        {
          g_free (r->file_data_url);
          r->file_data_url = value_string (v);
        }
      g_clear_pointer (&r->key, g_free);
      return container ? push (r, MODE_SKIP) : TRUE;

    case MODE_SKIP:
    default:
      return container ? push (r, MODE_SKIP) : TRUE;
    }
}

static int
on_null (void *ctx)
{
  Value v = { .kind = V_NULL };

  return on_value (ctx, &v);
}

static int
on_boolean (void *ctx,
            int   b)
{
  Value v = { .kind = V_BOOLEAN, .boolean = b };

  return on_value (ctx, &v);
}

static int
on_number (void       *ctx,
           const char *s,
           size_t      len)
{
  Value v = { .kind = V_NUMBER, .text = s, .len = len };

  return on_value (ctx, &v);
}

static int
on_string (void                *ctx,
           const unsigned char *s,
           size_t               len)
{
  Value v = { .kind = V_STRING, .text = (const char *) s, .len = len };

  return on_value (ctx, &v);
}

static int
on_start_map (void *ctx)
{
  Value v = { .kind = V_MAP };

  return on_value (ctx, &v);
}

static int
on_start_array (void *ctx)
{
  Value v = { .kind = V_ARRAY };

  return on_value (ctx, &v);
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               len)
{
  Reader *r = ctx;
  char buf[32];

  switch (r->mode[r->depth])
    {
    case MODE_TOP:
      r->top_key = TOP_OTHER;
#define IS(name) (len == strlen (name) && memcmp (key, name, len) == 0)
      if (IS ("type"))
        r->top_key = TOP_TYPE;
      else if (IS ("elements"))
        r->top_key = TOP_ELEMENTS;
      else if (IS ("appState"))
        r->top_key = TOP_APP_STATE;
      else if (IS ("files"))
        r->top_key = TOP_FILES;
#undef IS
      break;
    case MODE_ELEMENT:
      r->slot = SLOT_IGNORED;
      if (len < sizeof buf)
        {
          memcpy (buf, key, len);
          buf[len] = '\0';
          r->slot = GPOINTER_TO_INT (g_hash_table_lookup (slots_by_name, buf)) - 1;
        }
      break;
    case MODE_BUILD:
      g_free (r->build_key);
      r->build_key = g_strndup ((const char *) key, len);
      break;
    case MODE_APP_STATE:
    case MODE_FILES:
    case MODE_FILE:
      g_free (r->key);
      r->key = g_strndup ((const char *) key, len);
      break;
    default:
      break;
    }
  return TRUE;
}

static int
on_end (void *ctx)
{
  Reader *r = ctx;
  RawElement *raw = &r->raw;

  switch (r->mode[r->depth])
    {
    case MODE_ELEMENT:
      r->depth--;
      finish_element (r);
      return r->error == NULL;
    case MODE_BUILD:
      g_ptr_array_set_size (r->build_stack, r->build_stack->len - 1);
      if (r->build_stack->len == 0)
        store_slot (r, r->build_slot, g_steal_pointer (&r->build_root), r->build_poisoned);
      break;
    case MODE_POINT:
      if (raw->pair_ok && raw->pair_n == 2 && isfinite (raw->pair[0]) && isfinite (raw->pair[1]) &&
          fabs (raw->pair[0]) <= CONFER_BOARD_MAX_COORDINATE && fabs (raw->pair[1]) <= CONFER_BOARD_MAX_COORDINATE)
        {
          if (raw->points->len >= 2 * CONFER_BOARD_MAX_POINTS)
            raw->points_too_many = TRUE;
          else
            g_array_append_vals (raw->points, raw->pair, 2);
        }
      else
        raw->points_bad++;
      break;
    case MODE_PRESSURES:
      if (r->raw.pressures->len >= CONFER_BOARD_MAX_POINTS)
        r->raw.pressures_bad = TRUE;
      break;
    case MODE_FILE:
      finish_file (r);
      break;
    default:
      break;
    }
  r->depth--;
  return TRUE;
}

static const yajl_callbacks callbacks = {
  on_null, on_boolean, NULL, NULL, on_number, on_string,
  on_start_map, on_map_key, on_end, on_start_array, on_end,
};

/* Reading: the scene */

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_clear_pointer (&p->element, confer_board_element_unref);
  g_free (p->index);
  g_free (p->file_key);
  g_free (p);
}

static void
blob_free (gpointer data)
{
  ConferExcalidrawBlob *blob = data;

  g_free (blob->name);
  g_bytes_unref (blob->bytes);
  g_free (blob);
}

/**
 * confer_excalidraw_scene_free:
 * @scene: (transfer full): a scene from confer_excalidraw_read()
 */
void
confer_excalidraw_scene_free (ConferExcalidrawScene *scene)
{
  g_ptr_array_unref (scene->elements);
  g_hash_table_unref (scene->blobs);
  g_free (scene->view_background_color);
  g_ptr_array_unref (scene->notes);
  g_free (scene);
}

/* A rectangle that says it is a sticky note, and the text bound in it,
 * become one sticky note: the rectangle's box, fill and bindings, the
 * text's words, typography and colour (a note's stroke colour is its
 * text's; it has no outline). */
static ConferBoardElement *
merge_sticky_note (ConferBoardElement *note_rect,
                   ConferBoardElement *text)
{
  static const ConferBoardProp from_text[] = {
    CONFER_BOARD_PROP_STROKE_COLOR, CONFER_BOARD_PROP_TEXT, CONFER_BOARD_PROP_ORIGINAL_TEXT, CONFER_BOARD_PROP_FONT_SIZE,
    CONFER_BOARD_PROP_FONT_FAMILY, CONFER_BOARD_PROP_TEXT_ALIGN, CONFER_BOARD_PROP_VERTICAL_ALIGN,
    CONFER_BOARD_PROP_LINE_HEIGHT, CONFER_BOARD_PROP_AUTO_RESIZE,
  };
  ConferBoardElement *note_element = confer_board_element_new (CONFER_BOARD_ELEMENT_STICKY_NOTE, note_rect->id);
  JsonArray *bound = bound_list (note_rect);

  for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
    if (confer_board_prop_applies (p, CONFER_BOARD_ELEMENT_RECTANGLE) &&
        confer_board_element_get (note_rect, p)->kind != CONFER_BOARD_VALUE_ABSENT)
      confer_board_element_set (note_element, p, confer_board_element_get (note_rect, p));
  if (text != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (from_text); i++)
      confer_board_element_set (note_element, from_text[i], confer_board_element_get (text, from_text[i]));
  if (text != NULL && bound != NULL)
    {
      JsonArray *kept = json_array_new ();

      for (guint k = 0; k < json_array_get_length (bound); k++)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (bound, k), "id"), text->id) != 0)
          json_array_add_element (kept, json_node_copy (json_array_get_element (bound, k)));
      set_bound_list (note_element, kept);
    }
  return note_element;
}

static gboolean
build_scene (Reader  *r,
             GError **error)
{
  ConferExcalidrawScene *scene = r->scene;
  GPtrArray *pending = r->pending;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) referenced = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) merged = g_hash_table_new (NULL, NULL);
  g_autofree const char **keys = g_new0 (const char *, pending->len + 1);
  g_autofree char **new_keys = g_new0 (char *, pending->len + 1);
  Scene s;
  guint replaced;

  /* z-order keys, empty texts still in place, as restore has them. */
  for (guint i = 0; i < pending->len; i++)
    keys[i] = ((Pending *) pending->pdata[i])->index;
  confer_excalidraw_sync_indices (keys, pending->len, new_keys);
  replaced = 0;
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = pending->pdata[i];
      const char *key = new_keys[i] != NULL ? new_keys[i] : keys[i];

      set_string (p->element, CONFER_BOARD_PROP_INDEX, key);
      if (p->drop)
        {
          g_free (new_keys[i]);
          scene->n_left_out++;
          continue;
        }
      replaced += new_keys[i] != NULL;
      g_free (new_keys[i]);
      g_ptr_array_add (kept, p);
      g_hash_table_insert (by_id, p->element->id, p->element);
    }
  if (replaced > 0)
    {
      note (r, NOTE_INDEX, NULL, replaced);
      scene->n_indices_regenerated = replaced;
    }

  /* Images: the file's name for their blob. */
  for (guint i = 0; i < kept->len; i++)
    {
      Pending *p = kept->pdata[i];
      const char *name;

      if (p->element->type != CONFER_BOARD_ELEMENT_IMAGE)
        continue;
      name = p->file_key != NULL ? g_hash_table_lookup (r->file_names, p->file_key) : NULL;
      if (name != NULL && g_hash_table_contains (scene->blobs, name))
        {
          set_string (p->element, CONFER_BOARD_PROP_FILE_ID, name);
          g_hash_table_add (referenced, (gpointer) name);
        }
      else
        {
          set_null (p->element, CONFER_BOARD_PROP_FILE_ID);
          set_string (p->element, CONFER_BOARD_PROP_STATUS, "error");
          note (r, NOTE_IMAGE, NULL, 1);
          if (name != NULL)
            note (r, NOTE_FILE, name, 1);
          scene->n_images_without_file++;
        }
    }
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, scene->blobs);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (referenced, key))
        g_hash_table_iter_remove (&iter);
  }

  /* References. */
  s.elements = g_ptr_array_new ();
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (s.elements, ((Pending *) kept->pdata[i])->element);
  s.by_id = by_id;
  s.reader = r;
  repair_references (&s);
  g_ptr_array_unref (s.elements);

  /* Sticky notes: the rectangle and its text become one. */
  for (guint i = 0; i < kept->len; i++)
    {
      Pending *p = kept->pdata[i];
      ConferBoardElement *text = NULL;
      JsonArray *bound;

      if (!p->sticky)
        continue;
      bound = bound_list (p->element);
      for (guint k = 0; bound != NULL && k < json_array_get_length (bound) && text == NULL; k++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (bound, k), "id");
          ConferBoardElement *b = g_hash_table_lookup (by_id, id);

          if (b != NULL && b->type == CONFER_BOARD_ELEMENT_TEXT && !g_hash_table_contains (merged, b) &&
              g_strcmp0 (confer_board_element_get_string (b, CONFER_BOARD_PROP_CONTAINER_ID), p->element->id) == 0)
            text = b;
        }
      if (text != NULL)
        g_hash_table_add (merged, text);
      {
        ConferBoardElement *note_element = merge_sticky_note (p->element, text);

        /* Replaced while the old key (the rectangle's id) is alive. */
        g_hash_table_replace (by_id, note_element->id, note_element);
        confer_board_element_unref (p->element);
        p->element = note_element;
      }
    }

  for (guint i = 0; i < kept->len; i++)
    {
      Pending *p = kept->pdata[i];

      if (!g_hash_table_contains (merged, p->element))
        g_ptr_array_add (scene->elements, g_steal_pointer (&p->element));
    }

  /* Notes, in the order first met. */
  {
    g_autoptr(GList) list = g_hash_table_get_values (r->notes);
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

    for (GList *l = list; l != NULL; l = l->next)
      g_ptr_array_add (sorted, l->data);
    g_ptr_array_sort (sorted, compare_notes);
    for (guint i = 0; i < sorted->len; i++)
      g_ptr_array_add (scene->notes, note_text (sorted->pdata[i]));
  }
  (void) error;
  return TRUE;
}

/**
 * confer_excalidraw_read:
 * @data: the bytes of a `.excalidraw` file (JSON, UTF-8)
 * @error: return location for a #GError
 *
 * Reads a scene the way Excalidraw 0.18.1 opens one (see the top of
 * confer-excalidraw.c for where Confer differs and why), without building
 * a tree of the whole file: the JSON is parsed by yajl in chunks, nesting
 * deeper than %CONFER_JSON_MAX_DEPTH is refused as it is met, and each
 * element is checked field by field as confer_board_value_from_json()
 * checks operations. What cannot be repaired is left out; what was left
 * out or repaired is counted and described in the scene's notes. Images'
 * files (`files`, base64 `data:` URLs) are decoded, checked to be PNG,
 * JPEG, GIF or WebP of at most %CONFER_BLOB_MAX_SIZE bytes, and named by
 * their SHA-256, which becomes their elements' `fileId`.
 *
 * Returns: (transfer full) (nullable): the scene; or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_JSON when @data is not JSON or not a scene
 *   (not an object, `type` not `excalidraw`, a library, no `elements` or
 *   `elements` not a list), %CONFER_CORE_ERROR_TOO_DEEP when it nests
 *   deeper than %CONFER_JSON_MAX_DEPTH, or %CONFER_CORE_ERROR_LIMIT when
 *   more than %CONFER_BOARD_MAX_ELEMENTS elements would be kept
 */
ConferExcalidrawScene *
confer_excalidraw_read (GBytes  *data,
                        GError **error)
{
  g_autoptr(ConferExcalidrawScene) scene = g_new0 (ConferExcalidrawScene, 1);
  Reader r = { 0 };
  yajl_handle yajl;
  gsize size;
  const guchar *bytes = g_bytes_get_data (data, &size);
  yajl_status status = yajl_status_ok;
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL, NULL);

  init_slots ();
  scene->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_element_unref);
  scene->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, blob_free);
  scene->notes = g_ptr_array_new_with_free_func (g_free);

  r.scene = scene;
  r.slot = SLOT_IGNORED;
  r.build_stack = g_ptr_array_new ();
  r.raw.points = g_array_new (FALSE, FALSE, sizeof (double));
  r.raw.pressures = g_array_new (FALSE, FALSE, sizeof (double));
  r.file_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r.pending = g_ptr_array_new_with_free_func (pending_free);
  r.ids = g_hash_table_new (g_str_hash, g_str_equal);
  r.notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, note_free);
  r.now = g_get_real_time () / 1000;

  yajl = yajl_alloc (&callbacks, NULL, &r);
  for (gsize at = 0; at < size && status == yajl_status_ok; at += CHUNK_SIZE)
    status = yajl_parse (yajl, bytes + at, MIN (CHUNK_SIZE, size - at));
  if (status == yajl_status_ok)
    status = yajl_complete_parse (yajl);

  if (r.error != NULL)
    g_propagate_error (error, g_steal_pointer (&r.error));
  else if (status != yajl_status_ok)
    {
      unsigned char *message = yajl_get_error (yajl, 0, bytes, size);

      g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON,
                   "The file is not JSON: %s", g_strchomp ((char *) message));
      yajl_free_error (yajl, message);
    }
  else if (!r.has_type)
    g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON,
                         "The file is not an Excalidraw scene: it has no “type”");
  else if (!r.has_elements)
    g_set_error_literal (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_JSON, "The file has no elements");
  else
    ok = build_scene (&r, error);
  yajl_free (yajl);

  raw_reset (&r.raw);
  g_array_unref (r.raw.points);
  g_array_unref (r.raw.pressures);
  if (r.build_root != NULL)
    json_node_unref (r.build_root);
  g_ptr_array_unref (r.build_stack);
  g_free (r.build_key);
  g_free (r.key);
  g_free (r.file_id);
  g_free (r.file_data_url);
  g_hash_table_unref (r.file_names);
  g_ptr_array_unref (r.pending);
  g_hash_table_unref (r.ids);
  g_hash_table_unref (r.notes);
  g_clear_error (&r.error);
  return ok ? g_steal_pointer (&scene) : NULL;
}

/**
 * confer_excalidraw_read_file:
 * @path: a `.excalidraw` file, in the GLib file name encoding
 * @error: return location for a #GError
 *
 * Maps the file into memory (GMappedFile, no copy) and reads it with
 * confer_excalidraw_read().
 *
 * Returns: (transfer full) (nullable): the scene; or %NULL with a
 *   #G_FILE_ERROR when the file cannot be opened, or an error of
 *   confer_excalidraw_read()
 */
ConferExcalidrawScene *
confer_excalidraw_read_file (const char  *path,
                             GError     **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  g_autoptr(GBytes) bytes = NULL;

  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return confer_excalidraw_read (bytes, error);
}

/* Writing */

static void
append_object (JsonGenerator *generator,
               GString       *out,
               JsonObject    *object)   /* transfer full */
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  json_generator_set_root (generator, node);
  json_generator_to_gstring (generator, out);
}

static void
copy_props (ConferBoardElement       *to,
            const ConferBoardElement *from)
{
  for (guint p = 0; p < CONFER_BOARD_N_PROPS; p++)
    if (confer_board_prop_applies (p, to->type) && confer_board_element_get (from, p)->kind != CONFER_BOARD_VALUE_ABSENT)
      confer_board_element_set (to, p, confer_board_element_get (from, p));
}

/* A sticky note as Excalidraw has it: a rectangle saying what it is, and
 * (unless the note is empty) a text bound in it, laid out as Excalidraw
 * lays out a container's text (BOUND_TEXT_PADDING inside, aligned as the
 * note says); Excalidraw measures it again when it is edited. */
static void
expand_sticky_note (const ConferBoardElement  *sticky,
                    GHashTable                *taken,
                    ConferBoardElement       **rect_out,
                    ConferBoardElement       **text_out)
{
  ConferBoardElement *rect = confer_board_element_new (CONFER_BOARD_ELEMENT_RECTANGLE, sticky->id);
  const ConferBoardValue *custom = confer_board_element_get (sticky, CONFER_BOARD_PROP_CUSTOM_DATA);
  JsonObject *data = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *text = confer_board_element_get_string (sticky, CONFER_BOARD_PROP_TEXT);

  copy_props (rect, sticky);
  /* The note has no outline: its stroke colour is its text's, which the
   * text carries when there is one. */
  if (text != NULL && *text != '\0')
    set_string (rect, CONFER_BOARD_PROP_STROKE_COLOR, "transparent");
  if (custom->kind == CONFER_BOARD_VALUE_JSON && JSON_NODE_HOLDS_OBJECT (custom->json))
    {
      JsonObject *in = json_node_get_object (custom->json);
      GList *members = json_object_get_members (in);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (data, l->data, json_node_copy (json_object_get_member (in, l->data)));
      g_list_free (members);
    }
  json_object_set_string_member (data, "conferType", "sticky-note");
  json_node_take_object (node, data);
  set_json (rect, CONFER_BOARD_PROP_CUSTOM_DATA, node);
  *text_out = NULL;

  if (text != NULL && *text != '\0')
    {
      g_autofree char *id = g_strconcat (sticky->id, "-text", NULL);
      ConferBoardElement *t;
      JsonArray *bound = bound_list (rect);
      JsonArray *with_text = json_array_new ();
      double x = confer_board_element_get_number (sticky, CONFER_BOARD_PROP_X);
      double y = confer_board_element_get_number (sticky, CONFER_BOARD_PROP_Y);
      double w = confer_board_element_get_number (sticky, CONFER_BOARD_PROP_WIDTH);
      double h = confer_board_element_get_number (sticky, CONFER_BOARD_PROP_HEIGHT);
      double size = confer_board_element_get_number (sticky, CONFER_BOARD_PROP_FONT_SIZE);
      double line_height = confer_board_element_get_number (sticky, CONFER_BOARD_PROP_LINE_HEIGHT);
      const char *valign = confer_board_element_get_string (sticky, CONFER_BOARD_PROP_VERTICAL_ALIGN);
      guint lines = 1;
      double text_h;
      static const ConferBoardProp shared[] = {
        CONFER_BOARD_PROP_ANGLE, CONFER_BOARD_PROP_STROKE_COLOR, CONFER_BOARD_PROP_OPACITY,
        CONFER_BOARD_PROP_ROUGHNESS, CONFER_BOARD_PROP_SEED, CONFER_BOARD_PROP_GROUP_IDS,
        CONFER_BOARD_PROP_FRAME_ID, CONFER_BOARD_PROP_UPDATED, CONFER_BOARD_PROP_LOCKED,
        CONFER_BOARD_PROP_TEXT, CONFER_BOARD_PROP_ORIGINAL_TEXT, CONFER_BOARD_PROP_FONT_SIZE,
        CONFER_BOARD_PROP_FONT_FAMILY, CONFER_BOARD_PROP_TEXT_ALIGN, CONFER_BOARD_PROP_VERTICAL_ALIGN,
        CONFER_BOARD_PROP_LINE_HEIGHT, CONFER_BOARD_PROP_AUTO_RESIZE,
      };

      if (!confer_board_id_is_valid (id) || g_hash_table_contains (taken, id))
        {
          g_free (id);
          id = random_id (taken);
        }
      t = confer_board_element_new (CONFER_BOARD_ELEMENT_TEXT, id);
      for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
        confer_board_element_set (t, shared[i], confer_board_element_get (sticky, shared[i]));
      for (const char *p = text; *p != '\0'; p++)
        if (*p == '\n')
          lines++;
      text_h = MIN (lines * size * line_height, MAX (h - 2 * BOUND_TEXT_PADDING, 0));
      set_number (t, CONFER_BOARD_PROP_X, x + BOUND_TEXT_PADDING);
      set_number (t, CONFER_BOARD_PROP_WIDTH, MAX (w - 2 * BOUND_TEXT_PADDING, 0));
      set_number (t, CONFER_BOARD_PROP_HEIGHT, text_h);
      if (g_strcmp0 (valign, "middle") == 0)
        set_number (t, CONFER_BOARD_PROP_Y, y + (h - text_h) / 2);
      else if (g_strcmp0 (valign, "bottom") == 0)
        set_number (t, CONFER_BOARD_PROP_Y, y + h - BOUND_TEXT_PADDING - text_h);
      else
        set_number (t, CONFER_BOARD_PROP_Y, y + BOUND_TEXT_PADDING);
      set_string (t, CONFER_BOARD_PROP_CONTAINER_ID, sticky->id);
      set_bound_list (t, json_array_new ());
      set_null (t, CONFER_BOARD_PROP_INDEX);

      for (guint k = 0; bound != NULL && k < json_array_get_length (bound); k++)
        json_array_add_element (with_text, json_node_copy (json_array_get_element (bound, k)));
      json_array_add_object_element (with_text, bound_entry (t->id, "text"));
      set_bound_list (rect, with_text);
      g_hash_table_add (taken, t->id);
      *text_out = t;
    }
  *rect_out = rect;
}

/* An element made as restore would leave it, so that opening the file
 * changes nothing. */
static void
prepare_for_export (ConferBoardElement *e)
{
  const ConferBoardValue *v;

  if (e->type == CONFER_BOARD_ELEMENT_LINE || e->type == CONFER_BOARD_ELEMENT_ARROW)
    normalise_linear (e);
  else
    normalise_box (e);
  if (confer_board_element_get_number (e, CONFER_BOARD_PROP_STROKE_WIDTH) == 0)
    set_number (e, CONFER_BOARD_PROP_STROKE_WIDTH, 2);
  if (confer_board_element_get (e, CONFER_BOARD_PROP_BOUND_ELEMENTS)->kind != CONFER_BOARD_VALUE_JSON)
    set_bound_list (e, json_array_new ());

  v = confer_board_element_get (e, CONFER_BOARD_PROP_LINK);
  if (v->kind == CONFER_BOARD_VALUE_STRING)
    {
      g_autofree char *link = normalize_link (v->string);

      if (*link == '\0')
        set_null (e, CONFER_BOARD_PROP_LINK);
      else if (strcmp (link, v->string) != 0)
        set_string (e, CONFER_BOARD_PROP_LINK, link);
    }

  if (e->type == CONFER_BOARD_ELEMENT_TEXT)
    {
      const char *original = confer_board_element_get_string (e, CONFER_BOARD_PROP_ORIGINAL_TEXT);

      if (original == NULL || *original == '\0')
        set_string (e, CONFER_BOARD_PROP_ORIGINAL_TEXT, confer_board_element_get_string (e, CONFER_BOARD_PROP_TEXT));
    }

  if (e->type == CONFER_BOARD_ELEMENT_ARROW)
    {
      const ConferBoardValue *ev = confer_board_element_get (e, CONFER_BOARD_PROP_ELBOWED);
      gboolean elbowed = ev->kind == CONFER_BOARD_VALUE_BOOLEAN && ev->boolean;

      if (elbowed && !points_orthogonal (confer_board_element_get (e, CONFER_BOARD_PROP_POINTS)->doubles))
        {
          elbowed = FALSE;
          set_value (e, CONFER_BOARD_PROP_ELBOWED,
                     &(ConferBoardValue) { .kind = CONFER_BOARD_VALUE_BOOLEAN, .boolean = FALSE });
        }
      for (ConferBoardProp p = CONFER_BOARD_PROP_START_BINDING; p <= CONFER_BOARD_PROP_END_BINDING; p++)
        if (confer_board_element_get (e, p)->kind == CONFER_BOARD_VALUE_JSON)
          {
            JsonNode *binding = restored_binding (confer_board_element_get (e, p)->json, elbowed);

            if (binding == NULL)
              set_null (e, p);
            else
              set_json (e, p, binding);
          }
    }
  else if (e->type == CONFER_BOARD_ELEMENT_LINE)
    {
      set_null (e, CONFER_BOARD_PROP_START_BINDING);
      set_null (e, CONFER_BOARD_PROP_END_BINDING);
    }
  if (is_pointed_type (e->type))
    set_null (e, CONFER_BOARD_PROP_LAST_COMMITTED_POINT);

  /* A text never measured (0 × 0, as a file without width and height
   * leaves it) would be invisibly small to Excalidraw, which drops it:
   * give it the box its lines take, 0.6 em a character, which Excalidraw
   * measures again when the text is edited. */
  if (e->type == CONFER_BOARD_ELEMENT_TEXT &&
      confer_board_element_get_number (e, CONFER_BOARD_PROP_WIDTH) == 0 &&
      confer_board_element_get_number (e, CONFER_BOARD_PROP_HEIGHT) == 0)
    {
      const char *text = confer_board_element_get_string (e, CONFER_BOARD_PROP_TEXT);
      double size = confer_board_element_get_number (e, CONFER_BOARD_PROP_FONT_SIZE);
      g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
      glong longest = 1;

      for (guint i = 0; lines[i] != NULL; i++)
        longest = MAX (longest, g_utf8_strlen (lines[i], -1));
      set_number (e, CONFER_BOARD_PROP_WIDTH, ceil (longest * size * 0.6));
      set_number (e, CONFER_BOARD_PROP_HEIGHT,
                  ceil (g_strv_length (lines) * size *
                        confer_board_element_get_number (e, CONFER_BOARD_PROP_LINE_HEIGHT)));
    }
}

/* Whether Excalidraw would drop the element as invisibly small
 * (isInvisiblySmallElement(): a box of 0 × 0). */
static gboolean
invisibly_small (const ConferBoardElement *e)
{
  return !is_pointed_type (e->type) &&
         confer_board_element_get_number (e, CONFER_BOARD_PROP_WIDTH) == 0 &&
         confer_board_element_get_number (e, CONFER_BOARD_PROP_HEIGHT) == 0;
}

/**
 * confer_excalidraw_write:
 * @board: a board
 * @blobs: (nullable) (element-type utf8 GBytes): the content of the
 *   images' blobs, by name; an image whose blob is not there keeps its
 *   `fileId` without a file
 * @length: (out) (optional): the length of the text, in bytes
 *
 * Writes the board's live elements, bottom to top, as an Excalidraw
 * scene (`type` excalidraw, `version` 2, `source`
 * %CONFER_EXCALIDRAW_SOURCE, the `appState` Excalidraw's own save writes,
 * and a `files` entry with a base64 `data:` URL for each image's blob)
 * that Excalidraw 0.18.1 opens without changing any element: every field
 * restore() would add is there (`version` 1, a `versionNonce`,
 * `isDeleted`, `boundElements` as a list, `lastCommittedPoint`), lines
 * and arrows start at [0, 0] with their box from their points, bindings
 * and containers are consistent, and the `index` keys are strictly
 * increasing (duplicates and missing keys are regenerated as
 * confer_excalidraw_sync_indices() does). A sticky note is written as a
 * rectangle with `"customData": {"conferType": "sticky-note"}` and a text
 * bound in it; an empty text is left out (Excalidraw drops it too), and
 * so is any other box of 0 × 0 but a text, which gets the box its lines
 * would take (Excalidraw drops them as invisibly small).
 *
 * Returns: (transfer full): the file's text, UTF-8 JSON
 */
char *
confer_excalidraw_write (ConferBoard *board,
                         GHashTable  *blobs,
                         gsize       *length)
{
  g_autoptr(GPtrArray) live = confer_board_list (board, FALSE);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_element_unref);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *text = g_string_new (NULL);
  gboolean first = TRUE;
  Scene s;

  for (guint i = 0; i < live->len; i++)
    g_hash_table_add (taken, ((ConferBoardElement *) live->pdata[i])->id);

  for (guint i = 0; i < live->len; i++)
    {
      ConferBoardElement *e = live->pdata[i];

      if (e->type == CONFER_BOARD_ELEMENT_TEXT &&
          g_strcmp0 (confer_board_element_get_string (e, CONFER_BOARD_PROP_TEXT), "") == 0)
        continue;
      if (e->type == CONFER_BOARD_ELEMENT_STICKY_NOTE)
        {
          ConferBoardElement *rect, *t;

          expand_sticky_note (e, taken, &rect, &t);
          g_ptr_array_add (out, rect);
          if (t != NULL)
            g_ptr_array_add (out, t);
        }
      else
        g_ptr_array_add (out, confer_board_element_copy (e));
    }
  for (guint i = 0; i < out->len;)
    {
      ConferBoardElement *e = out->pdata[i];

      prepare_for_export (e);
      if (invisibly_small (e))
        {
          g_ptr_array_remove_index (out, i);
          continue;
        }
      g_hash_table_insert (by_id, e->id, e);
      i++;
    }
  s.elements = out;
  s.by_id = by_id;
  s.reader = NULL;
  repair_references (&s);
  sync_element_indices ((ConferBoardElement **) out->pdata, out->len);

  g_string_append_printf (text, "{\"type\":\"excalidraw\",\"version\":2,\"source\":\"%s\",\"elements\":[",
                          CONFER_EXCALIDRAW_SOURCE);
  for (guint i = 0; i < out->len; i++)
    {
      ConferBoardElement *e = out->pdata[i];
      JsonObject *object = confer_board_element_to_json (e);
      const char *index = confer_board_element_get_string (e, CONFER_BOARD_PROP_INDEX);

      json_object_set_int_member (object, "version", 1);
      json_object_set_int_member (object, "versionNonce", (g_str_hash (e->id) ^ g_str_hash (index)) & 0x7fffffff);
      if (i > 0)
        g_string_append_c (text, ',');
      append_object (generator, text, object);
    }
  g_string_append (text, "],\"appState\":{\"gridSize\":20,\"gridStep\":5,\"gridModeEnabled\":false,"
                         "\"viewBackgroundColor\":\"#ffffff\"},\"files\":{");
  for (guint i = 0; blobs != NULL && i < out->len; i++)
    {
      ConferBoardElement *e = out->pdata[i];
      const char *file = confer_board_element_get_string (e, CONFER_BOARD_PROP_FILE_ID);
      GBytes *bytes;
      const char *media_type;
      g_autofree char *base64 = NULL;
      gsize n;
      const guchar *data;

      if (e->type != CONFER_BOARD_ELEMENT_IMAGE || file == NULL || g_hash_table_contains (written, file) ||
          (bytes = g_hash_table_lookup (blobs, file)) == NULL)
        continue;
      data = g_bytes_get_data (bytes, &n);
      media_type = confer_blob_sniff_type (data, n);
      if (media_type == NULL)
        media_type = "application/octet-stream";
      base64 = g_base64_encode (data, n);
      g_string_append_printf (text, "%s\"%s\":{\"mimeType\":\"%s\",\"id\":\"%s\",\"dataURL\":\"data:%s;base64,%s\","
                              "\"created\":%.0f}",
                              first ? "" : ",", file, media_type, file, media_type, base64,
                              confer_board_element_get_number (e, CONFER_BOARD_PROP_UPDATED));
      first = FALSE;
      g_hash_table_add (written, (gpointer) file);
    }
  g_string_append (text, "}}\n");
  if (length != NULL)
    *length = text->len;
  return g_string_free (text, FALSE);
}

/**
 * confer_board_write_json:
 * @board: a board
 * @length: (out) (optional): the length of the text, in bytes
 *
 * Writes every element of the board, tombstones included, bottom to top
 * (confer_board_list()), as a JSON list of the objects
 * confer_board_element_to_json() makes: a plain dump for debugging and
 * tests, not a file Excalidraw opens (see confer_excalidraw_write()).
 *
 * Returns: (transfer full): the JSON text
 */
char *
confer_board_write_json (ConferBoard *board,
                         gsize       *length)
{
  g_autoptr(GPtrArray) all = confer_board_list (board, TRUE);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *text = g_string_new ("[");

  for (guint i = 0; i < all->len; i++)
    {
      g_string_append (text, i > 0 ? ",\n" : "\n");
      append_object (generator, text, confer_board_element_to_json (all->pdata[i]));
    }
  g_string_append (text, "\n]\n");
  if (length != NULL)
    *length = text->len;
  return g_string_free (text, FALSE);
}
