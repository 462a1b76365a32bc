/* confer-board-properties.c: the panel of the selection's style — stroke
 * and background colour, fill, stroke width and style, sloppiness, font,
 * size and alignment, opacity — and its layers and arrangement, each row
 * shown when the selection (or the tool's next element) has it
 *
 * The choices are Excalidraw's (its palette's first shades, its widths
 * and font sizes), so boards made in either look alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-properties"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-board-properties.h"
#include "confer-render.h"

/* One choice of a row: the value as JSON, and what it is called. */
typedef struct
{
  const char *json;
  const char *label;   /* a colour's name, or the button's text */
} Choice;

static const Choice strokes[] = {
  { "\"#1e1e1e\"", N_("Black") }, { "\"#e03131\"", N_("Red") }, { "\"#2f9e44\"", N_("Green") },
  { "\"#1971c2\"", N_("Blue") }, { "\"#f08c00\"", N_("Orange") }, { NULL, NULL },
};
static const Choice backgrounds[] = {
  { "\"transparent\"", N_("Transparent") }, { "\"#ffc9c9\"", N_("Light red") }, { "\"#b2f2bb\"", N_("Light green") },
  { "\"#a5d8ff\"", N_("Light blue") }, { "\"#ffec99\"", N_("Light yellow") }, { NULL, NULL },
};
static const Choice fills[] = {
  { "\"hachure\"", N_("Hachure") }, { "\"cross-hatch\"", N_("Cross-hatch") }, { "\"solid\"", N_("Solid") }, { NULL, NULL },
};
static const Choice widths[] = {
  { "1", N_("Thin") }, { "2", N_("Bold") }, { "4", N_("Extra bold") }, { NULL, NULL },
};
static const Choice stroke_styles[] = {
  { "\"solid\"", N_("Solid") }, { "\"dashed\"", N_("Dashed") }, { "\"dotted\"", N_("Dotted") }, { NULL, NULL },
};
static const Choice roughnesses[] = {
  { "0", N_("Architect") }, { "1", N_("Artist") }, { "2", N_("Cartoonist") }, { NULL, NULL },
};
static const Choice font_families[] = {
  { "5", N_("Hand-drawn") }, { "6", N_("Normal") }, { "3", N_("Code") }, { NULL, NULL },
};
static const Choice font_sizes[] = {
  { "16", N_("S") }, { "20", N_("M") }, { "28", N_("L") }, { "36", N_("XL") }, { NULL, NULL },
};
static const Choice aligns[] = {
  { "\"left\"", N_("Left") }, { "\"center\"", N_("Centre") }, { "\"right\"", N_("Right") }, { NULL, NULL },
};

/* Which element types a row is about: every type has the common
 * properties, but a text's fill or a stroke's sloppiness changes nothing,
 * so those rows are not offered (as in Excalidraw's panel). */
#define TYPE(t)  (1u << CONFER_BOARD_ELEMENT_##t)
#define SHAPES   (TYPE (RECTANGLE) | TYPE (DIAMOND) | TYPE (ELLIPSE))
#define LINEAR   (TYPE (LINE) | TYPE (ARROW))
#define TEXTUAL  (TYPE (TEXT) | TYPE (STICKY_NOTE))

static const struct
{
  ConferBoardProp  prop;
  const char      *title;
  const Choice    *choices;
  gboolean         colours;
  guint            types;
} rows[] = {
  { CONFER_BOARD_PROP_STROKE_COLOR, N_("Stroke"), strokes, TRUE, SHAPES | LINEAR | TYPE (FREEDRAW) | TEXTUAL },
  { CONFER_BOARD_PROP_BACKGROUND_COLOR, N_("Background"), backgrounds, TRUE, SHAPES | TYPE (STICKY_NOTE) },
  { CONFER_BOARD_PROP_FILL_STYLE, N_("Fill"), fills, FALSE, SHAPES },
  { CONFER_BOARD_PROP_STROKE_WIDTH, N_("Stroke width"), widths, FALSE, SHAPES | LINEAR | TYPE (FREEDRAW) },
  { CONFER_BOARD_PROP_STROKE_STYLE, N_("Stroke style"), stroke_styles, FALSE, SHAPES | LINEAR },
  { CONFER_BOARD_PROP_ROUGHNESS, N_("Sloppiness"), roughnesses, FALSE, SHAPES | LINEAR },
  { CONFER_BOARD_PROP_FONT_FAMILY, N_("Font"), font_families, FALSE, TEXTUAL },
  { CONFER_BOARD_PROP_FONT_SIZE, N_("Font size"), font_sizes, FALSE, TEXTUAL },
  { CONFER_BOARD_PROP_TEXT_ALIGN, N_("Text align"), aligns, FALSE, TEXTUAL },
};

struct _ConferBoardProperties
{
  GtkBox             parent_instance;

  ConferBoardCanvas *canvas;
  GtkWidget         *rows[G_N_ELEMENTS (rows)];
  GPtrArray         *buttons[G_N_ELEMENTS (rows)];
  GtkWidget         *opacity_row;
  GtkWidget         *opacity;
  GtkWidget         *arrange;
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (ConferBoardProperties, confer_board_properties, GTK_TYPE_BOX)

static void
choice_value (ConferBoardProp   prop,
              const char       *json,
              ConferBoardValue *value)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  if (!confer_board_value_from_json (prop, node, value, NULL))
    g_return_if_reached ();
}

static void
choice_toggled_cb (GtkToggleButton       *button,
                   ConferBoardProperties *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "row"));
  const char *json = g_object_get_data (G_OBJECT (button), "json");
  ConferBoardValue value = { 0, };

  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  choice_value (rows[row].prop, json, &value);
  confer_board_canvas_set_style (self->canvas, rows[row].prop, &value);
  confer_board_value_clear (&value);
}

static void
opacity_changed_cb (GtkRange              *range,
                    ConferBoardProperties *self)
{
  ConferBoardValue value = { .kind = CONFER_BOARD_VALUE_NUMBER };

  if (self->updating)
    return;
  value.number = gtk_range_get_value (range);
  confer_board_canvas_set_style (self->canvas, CONFER_BOARD_PROP_OPACITY, &value);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  ConferRenderColour colour;

  if (!confer_render_colour_parse (data, &colour) || colour.alpha == 0)
    {
      /* Transparent: a crossed-out outline. */
      cairo_rectangle (cr, 1.5, 1.5, width - 3, height - 3);
      cairo_move_to (cr, 1.5, height - 1.5);
      cairo_line_to (cr, width - 1.5, 1.5);
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      return;
    }
  cairo_rectangle (cr, 1, 1, width - 2, height - 2);
  confer_render_colour_set_source (cr, &colour);
  cairo_fill (cr);
}

static GtkWidget *
row_new (ConferBoardProperties *self,
         guint                  r)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (_(rows[r].title));
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *group = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_box_append (GTK_BOX (row), title);
  gtk_widget_add_css_class (choices, "linked");
  self->buttons[r] = g_ptr_array_new ();
  for (const Choice *choice = rows[r].choices; choice->json != NULL; choice++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      /* Translators: a style choice's accessible name and tooltip: "Stroke: Red". */
      g_autofree char *name = g_strdup_printf (_("%s: %s"), _(rows[r].title), _(choice->label));

      if (rows[r].colours)
        {
          GtkWidget *swatch = gtk_drawing_area_new ();
          g_autofree char *css = g_strndup (choice->json + 1, strlen (choice->json) - 2);

          gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 16);
          gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 16);
          gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, g_steal_pointer (&css), g_free);
          gtk_button_set_child (GTK_BUTTON (button), swatch);
        }
      else
        gtk_button_set_label (GTK_BUTTON (button), _(choice->label));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
      group = button;
      gtk_widget_set_tooltip_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data (G_OBJECT (button), "row", GUINT_TO_POINTER (r));
      g_object_set_data (G_OBJECT (button), "json", (gpointer) choice->json);
      g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled_cb), self);
      gtk_box_append (GTK_BOX (choices), button);
      g_ptr_array_add (self->buttons[r], button);
    }
  gtk_box_append (GTK_BOX (row), choices);
  return row;
}

static GtkWidget *
action_button (const char *icon,
               const char *label,
               const char *action,
               const char *target,
               const char *tooltip)
{
  GtkWidget *button = icon != NULL ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static GtkWidget *
arrange_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *layers = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *align = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *distribute = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *title = gtk_label_new (_("Layers and arrangement"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_widget_add_css_class (layers, "linked");
  gtk_box_append (GTK_BOX (layers), action_button ("go-bottom-symbolic", NULL, "board.restack", "back", _("Send to Back (Ctrl+Shift+[)")));
  gtk_box_append (GTK_BOX (layers), action_button ("go-down-symbolic", NULL, "board.restack", "backward", _("Send Backward (Ctrl+[)")));
  gtk_box_append (GTK_BOX (layers), action_button ("go-up-symbolic", NULL, "board.restack", "forward", _("Bring Forward (Ctrl+])")));
  gtk_box_append (GTK_BOX (layers), action_button ("go-top-symbolic", NULL, "board.restack", "front", _("Bring to Front (Ctrl+Shift+])")));
  gtk_box_append (GTK_BOX (box), layers);
  gtk_widget_add_css_class (align, "linked");
  gtk_box_append (GTK_BOX (align), action_button ("format-justify-left-symbolic", NULL, "board.align", "left", _("Align Left")));
  gtk_box_append (GTK_BOX (align), action_button ("format-justify-center-symbolic", NULL, "board.align", "centre", _("Centre Horizontally")));
  gtk_box_append (GTK_BOX (align), action_button ("format-justify-right-symbolic", NULL, "board.align", "right", _("Align Right")));
  gtk_box_append (GTK_BOX (align), action_button (NULL, _("Top"), "board.align", "top", _("Align Top")));
  gtk_box_append (GTK_BOX (align), action_button (NULL, _("Middle"), "board.align", "middle", _("Centre Vertically")));
  gtk_box_append (GTK_BOX (align), action_button (NULL, _("Bottom"), "board.align", "bottom", _("Align Bottom")));
  gtk_box_append (GTK_BOX (box), align);
  gtk_widget_add_css_class (distribute, "linked");
  gtk_box_append (GTK_BOX (distribute), action_button (NULL, _("Space Across"), "board.distribute", "horizontally",
                                                       _("Distribute Horizontally")));
  gtk_box_append (GTK_BOX (distribute), action_button (NULL, _("Space Down"), "board.distribute", "vertically",
                                                       _("Distribute Vertically")));
  gtk_box_append (GTK_BOX (box), distribute);
  gtk_widget_add_css_class (actions, "linked");
  gtk_box_append (GTK_BOX (actions), action_button ("edit-copy-symbolic", NULL, "board.duplicate", NULL, _("Duplicate (Ctrl+D)")));
  gtk_box_append (GTK_BOX (actions), action_button ("user-trash-symbolic", NULL, "board.delete", NULL, _("Delete (Delete)")));
  gtk_box_append (GTK_BOX (actions), action_button (NULL, _("Group"), "board.group", NULL, _("Group (Ctrl+G)")));
  gtk_box_append (GTK_BOX (actions), action_button (NULL, _("Ungroup"), "board.ungroup", NULL, _("Ungroup (Ctrl+Shift+G)")));
  gtk_box_append (GTK_BOX (actions), action_button ("changes-prevent-symbolic", NULL, "board.lock", NULL, _("Lock or Unlock (Ctrl+Shift+L)")));
  gtk_box_append (GTK_BOX (box), actions);
  return box;
}

/* The element types the panel is about: the selection's, or the one the
 * tool draws. */
static guint
types_shown (ConferBoardProperties *self)
{
  static const int by_tool[] = {
    [CONFER_BOARD_TOOL_RECTANGLE] = CONFER_BOARD_ELEMENT_RECTANGLE,
    [CONFER_BOARD_TOOL_DIAMOND] = CONFER_BOARD_ELEMENT_DIAMOND,
    [CONFER_BOARD_TOOL_ELLIPSE] = CONFER_BOARD_ELEMENT_ELLIPSE,
    [CONFER_BOARD_TOOL_ARROW] = CONFER_BOARD_ELEMENT_ARROW,
    [CONFER_BOARD_TOOL_LINE] = CONFER_BOARD_ELEMENT_LINE,
    [CONFER_BOARD_TOOL_PEN] = CONFER_BOARD_ELEMENT_FREEDRAW,
    [CONFER_BOARD_TOOL_TEXT] = CONFER_BOARD_ELEMENT_TEXT,
    [CONFER_BOARD_TOOL_STICKY_NOTE] = CONFER_BOARD_ELEMENT_STICKY_NOTE,
    [CONFER_BOARD_TOOL_IMAGE] = CONFER_BOARD_ELEMENT_IMAGE,
    [CONFER_BOARD_TOOL_FRAME] = CONFER_BOARD_ELEMENT_FRAME,
  };
  g_auto(GStrv) ids = confer_board_canvas_get_selection (self->canvas);
  ConferBoard *board = confer_client_board_get_board (confer_board_canvas_get_board (self->canvas));
  ConferBoardTool tool = confer_board_canvas_get_tool (self->canvas);
  guint types = 0;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const ConferBoardElement *element = confer_board_lookup (board, ids[i]);

      if (element != NULL)
        types |= 1u << element->type;
    }
  if (types == 0 && tool < G_N_ELEMENTS (by_tool) && tool > CONFER_BOARD_TOOL_HAND &&
      tool != CONFER_BOARD_TOOL_ERASER && tool != CONFER_BOARD_TOOL_LASER)
    types = 1u << by_tool[tool];
  return types;
}

static gboolean
applies (ConferBoardProp prop,
         guint           types)
{
  for (guint t = 0; t < CONFER_BOARD_N_ELEMENT_TYPES; t++)
    if ((types & (1u << t)) && confer_board_prop_applies (prop, t))
      return TRUE;
  return FALSE;
}

/**
 * confer_board_properties_update:
 * @self: a properties panel
 *
 * Shows the rows the selection (or the tool's next element) has, each
 * with its current value chosen; the panel hides when it would be empty.
 */
void
confer_board_properties_update (ConferBoardProperties *self)
{
  guint types = types_shown (self);
  g_auto(GStrv) ids = confer_board_canvas_get_selection (self->canvas);

  self->updating = TRUE;
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      const ConferBoardValue *current = confer_board_canvas_get_style (self->canvas, rows[r].prop);
      g_autoptr(ConferBoardElement) prototype = NULL;

      /* Nothing chosen yet: Excalidraw's default for the type shows. */
      if (current->kind == CONFER_BOARD_VALUE_ABSENT)
        for (guint t = 0; t < CONFER_BOARD_N_ELEMENT_TYPES && prototype == NULL; t++)
          if ((types & (1u << t)) && confer_board_prop_applies (rows[r].prop, t))
            {
              prototype = confer_board_element_new (t, "prototype");
              current = confer_board_element_get (prototype, rows[r].prop);
            }

      gtk_widget_set_visible (self->rows[r], applies (rows[r].prop, types & rows[r].types));
      for (guint b = 0; b < self->buttons[r]->len; b++)
        {
          GtkToggleButton *button = g_ptr_array_index (self->buttons[r], b);
          ConferBoardValue value = { 0, };

          choice_value (rows[r].prop, g_object_get_data (G_OBJECT (button), "json"), &value);
          gtk_toggle_button_set_active (button, current->kind != CONFER_BOARD_VALUE_ABSENT && confer_board_value_equal (&value, current));
          confer_board_value_clear (&value);
        }
    }
  {
    const ConferBoardValue *opacity = confer_board_canvas_get_style (self->canvas, CONFER_BOARD_PROP_OPACITY);

    gtk_widget_set_visible (self->opacity_row, types != 0);
    gtk_range_set_value (GTK_RANGE (self->opacity), opacity->kind == CONFER_BOARD_VALUE_NUMBER ? opacity->number : 100);
  }
  gtk_widget_set_visible (self->arrange, ids[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), types != 0 || ids[0] != NULL);
  self->updating = FALSE;
}

static void
confer_board_properties_dispose (GObject *object)
{
  ConferBoardProperties *self = CONFER_BOARD_PROPERTIES (object);

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    g_clear_pointer (&self->buttons[r], g_ptr_array_unref);
  g_clear_object (&self->canvas);

  G_OBJECT_CLASS (confer_board_properties_parent_class)->dispose (object);
}

static void
confer_board_properties_class_init (ConferBoardPropertiesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = confer_board_properties_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "board-properties");
}

static void
confer_board_properties_init (ConferBoardProperties *self)
{
  GtkWidget *title;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 9);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "board-properties");
  gtk_widget_add_css_class (GTK_WIDGET (self), "board-bar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Properties"), -1);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      self->rows[r] = row_new (self, r);
      gtk_box_append (GTK_BOX (self), self->rows[r]);
    }
  self->opacity_row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  title = gtk_label_new (_("Opacity"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  self->opacity = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 100, 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->opacity), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Opacity"), -1);
  g_signal_connect (self->opacity, "value-changed", G_CALLBACK (opacity_changed_cb), self);
  gtk_box_append (GTK_BOX (self->opacity_row), title);
  gtk_box_append (GTK_BOX (self->opacity_row), self->opacity);
  gtk_box_append (GTK_BOX (self), self->opacity_row);
  self->arrange = arrange_new ();
  gtk_box_append (GTK_BOX (self), self->arrange);
}

/**
 * confer_board_properties_new:
 * @canvas: the canvas whose selection it shows (a reference is taken)
 *
 * Returns: (transfer floating): the panel; call
 *   confer_board_properties_update() when the selection or tool changes
 */
GtkWidget *
confer_board_properties_new (ConferBoardCanvas *canvas)
{
  ConferBoardProperties *self = g_object_new (CONFER_TYPE_BOARD_PROPERTIES, NULL);

  self->canvas = g_object_ref (canvas);
  return GTK_WIDGET (self);
}
