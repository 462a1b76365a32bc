/* confer-board-page.c: a board open in the session window — the canvas,
 * with its tool bar above, the selection's properties beside it and the
 * zoom controls below, and the board's actions and shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-page"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-board-page.h"
#include "confer-board-properties.h"

struct _ConferBoardPage
{
  AdwBin             parent_instance;

  ConferClient      *client;
  ConferClientBoard *board;
  ConferBoardCanvas *canvas;
  GtkWidget         *toolbar;
  GtkWidget         *properties;
  GtkWidget         *zoom_label;
  GtkWidget         *people;      /* buttons to follow the others */
  double             image_x;     /* where an image is put, scene px */
  double             image_y;
  GBytes            *image;       /* the image being uploaded */
  char              *summary;     /* what the board holds, in words */
  guint              summary_id;  /* saying it again, soon */
};

G_DEFINE_FINAL_TYPE (ConferBoardPage, confer_board_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_GRID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The tools, in the tool bar's order, with their shortcuts. */
static const struct
{
  ConferBoardTool tool;
  const char     *icon;
  const char     *name;
  guint           key;
  const char     *accel;
} tools[] = {
  { CONFER_BOARD_TOOL_HAND, "confer-tool-hand-symbolic", N_("Hand (pan)"), GDK_KEY_h, "H" },
  { CONFER_BOARD_TOOL_SELECT, "confer-tool-select-symbolic", N_("Select"), GDK_KEY_v, "V" },
  { CONFER_BOARD_TOOL_RECTANGLE, "confer-tool-rectangle-symbolic", N_("Rectangle"), GDK_KEY_r, "R" },
  { CONFER_BOARD_TOOL_DIAMOND, "confer-tool-diamond-symbolic", N_("Diamond"), GDK_KEY_d, "D" },
  { CONFER_BOARD_TOOL_ELLIPSE, "confer-tool-ellipse-symbolic", N_("Ellipse"), GDK_KEY_o, "O" },
  { CONFER_BOARD_TOOL_ARROW, "confer-tool-arrow-symbolic", N_("Arrow"), GDK_KEY_a, "A" },
  { CONFER_BOARD_TOOL_LINE, "confer-tool-line-symbolic", N_("Line"), GDK_KEY_l, "L" },
  { CONFER_BOARD_TOOL_PEN, "confer-tool-pen-symbolic", N_("Pen"), GDK_KEY_p, "P" },
  { CONFER_BOARD_TOOL_TEXT, "confer-tool-text-symbolic", N_("Text"), GDK_KEY_t, "T" },
  { CONFER_BOARD_TOOL_STICKY_NOTE, "confer-tool-sticky-note-symbolic", N_("Sticky note"), GDK_KEY_s, "S" },
  { CONFER_BOARD_TOOL_IMAGE, "confer-tool-image-symbolic", N_("Image"), GDK_KEY_i, "I" },
  { CONFER_BOARD_TOOL_ERASER, "confer-tool-eraser-symbolic", N_("Eraser"), GDK_KEY_e, "E" },
  { CONFER_BOARD_TOOL_FRAME, "confer-tool-frame-symbolic", N_("Frame"), GDK_KEY_f, "F" },
  { CONFER_BOARD_TOOL_LASER, "confer-tool-laser-symbolic", N_("Laser pointer"), GDK_KEY_k, "K" },
};

/* "3 rectangles", for each type. */
static char *
count_of (ConferBoardElementType type,
          guint                  n)
{
  switch (type)
    {
    case CONFER_BOARD_ELEMENT_RECTANGLE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rectangle", "%u rectangles", n), n);
    case CONFER_BOARD_ELEMENT_ELLIPSE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ellipse", "%u ellipses", n), n);
    case CONFER_BOARD_ELEMENT_DIAMOND:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u diamond", "%u diamonds", n), n);
    case CONFER_BOARD_ELEMENT_LINE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n), n);
    case CONFER_BOARD_ELEMENT_ARROW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u arrow", "%u arrows", n), n);
    case CONFER_BOARD_ELEMENT_FREEDRAW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stroke", "%u strokes", n), n);
    case CONFER_BOARD_ELEMENT_TEXT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text", "%u texts", n), n);
    case CONFER_BOARD_ELEMENT_STICKY_NOTE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sticky note", "%u sticky notes", n), n);
    case CONFER_BOARD_ELEMENT_IMAGE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", n), n);
    case CONFER_BOARD_ELEMENT_FRAME:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u frame", "%u frames", n), n);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What the board holds, by kind ("2 rectangles, 1 text"), for screen
 * readers: at most twice a second, however fast it changes. */
static gboolean
summarize_cb (gpointer data)
{
  ConferBoardPage *self = data;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint counts[CONFER_BOARD_N_ELEMENT_TYPES] = { 0, };

  self->summary_id = 0;
  if (!confer_client_board_is_ready (self->board))
    g_string_assign (summary, _("Loading the board…"));
  else
    {
      elements = confer_board_list (confer_client_board_get_board (self->board), FALSE);
      for (guint i = 0; i < elements->len; i++)
        counts[((ConferBoardElement *) g_ptr_array_index (elements, i))->type]++;
      for (guint t = 0; t < CONFER_BOARD_N_ELEMENT_TYPES; t++)
        if (counts[t] > 0)
          {
            g_autofree char *count = count_of (t, counts[t]);

            if (summary->len > 0)
              /* Translators: between the counts of a board's elements, "3 rectangles, 2 arrows". */
              g_string_append (summary, _(", "));
            g_string_append (summary, count);
          }
      if (summary->len == 0)
        g_string_assign (summary, _("The board is empty."));
    }
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary, -1);
  return G_SOURCE_REMOVE;
}

static void
board_changed_cb (ConferBoardPage *self)
{
  if (self->summary_id == 0)
    self->summary_id = g_timeout_add (500, summarize_cb, self);
}

static void
zoom_changed_cb (ConferBoardPage *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f %%", confer_board_canvas_get_zoom (self->canvas) * 100);

  gtk_label_set_text (GTK_LABEL (self->zoom_label), label);
}

static void
edit_actions_update (ConferBoardPage *self)
{
  g_auto(GStrv) selection = confer_board_canvas_get_selection (self->canvas);
  gboolean edit = confer_role_can_draw (confer_client_get_role (self->client));
  gboolean any = selection[0] != NULL, several = any && selection[1] != NULL;
  static const char *const on_selection[] = {
    "board.delete", "board.duplicate", "board.lock", "board.restack", "board.cut",
  };

  for (guint i = 0; i < G_N_ELEMENTS (on_selection); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), on_selection[i], edit && any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.copy", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.group", edit && several);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.ungroup", edit && any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.align", edit && several);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.distribute", edit && several);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.zoom-selection", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.paste", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.insert-image", edit);
  confer_board_properties_update (CONFER_BOARD_PROPERTIES (self->properties));
}

/* The others on the board, as buttons in their colours: clicking one
 * follows their view. */
static void
follow_clicked_cb (GtkButton       *button,
                   ConferBoardPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "participant");

  confer_board_canvas_follow (self->canvas, g_strcmp0 (id, confer_board_canvas_get_following (self->canvas)) == 0 ? NULL : id);
}

static void
people_update (ConferBoardPage *self)
{
  GListModel *participants = confer_client_get_participants (self->client);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->people)) != NULL)
    gtk_box_remove (GTK_BOX (self->people), child);
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(ConferParticipant) participant = g_list_model_get_item (participants, i);
      const char *id = confer_participant_get_id (participant);
      const char *name = confer_participant_get_name (participant);
      g_autofree char *tooltip = NULL;
      GtkWidget *avatar, *button;

      if (g_strcmp0 (id, confer_client_get_participant_id (self->client)) == 0 ||
          !confer_participant_get_online (participant) || confer_client_board_get_presence (self->board, id) == NULL)
        continue;
      avatar = adw_avatar_new (28, name, TRUE);
      button = gtk_toggle_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), avatar);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), g_strcmp0 (id, confer_board_canvas_get_following (self->canvas)) == 0);
      /* Translators: a participant's button on a board; %s is their name. */
      tooltip = g_strdup_printf (_("Follow %s"), name);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_object_set_data_full (G_OBJECT (button), "participant", g_strdup (id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (follow_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->people), button);
    }
  gtk_widget_set_visible (self->people, gtk_widget_get_first_child (self->people) != NULL);
}

/* Actions */

static GStrv
selection (ConferBoardPage *self)
{
  return confer_board_canvas_get_selection (self->canvas);
}

static ConferBoard *
board (ConferBoardPage *self)
{
  return confer_client_board_get_board (self->board);
}

static void
apply (ConferBoardPage *self,
       ConferBoardTx   *tx)
{
  g_autoptr(GError) error = NULL;

  if (tx != NULL && !confer_client_board_apply (self->board, tx, FALSE, &error))
    g_warning ("A change was refused: %s", error->message);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (widget);
  ConferBoardCanvas *canvas = self->canvas;
  double zoom = confer_board_canvas_get_zoom (canvas);
  double cx = gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0, cy = gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0;

  if (g_str_equal (action_name, "board.zoom-in"))
    confer_board_canvas_zoom_at (canvas, zoom * 1.25, cx, cy);
  else if (g_str_equal (action_name, "board.zoom-out"))
    confer_board_canvas_zoom_at (canvas, zoom / 1.25, cx, cy);
  else if (g_str_equal (action_name, "board.zoom-reset"))
    confer_board_canvas_zoom_at (canvas, 1, cx, cy);
  else if (g_str_equal (action_name, "board.zoom-fit"))
    confer_board_canvas_zoom_to_fit (canvas, FALSE);
  else
    confer_board_canvas_zoom_to_fit (canvas, TRUE);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (widget);
  g_auto(GStrv) ids = selection (self);
  const char *const *chosen = (const char *const *) ids;
  g_autoptr(ConferBoardTx) tx = NULL;

  if (g_str_equal (action_name, "board.delete"))
    tx = confer_board_edit_delete (board (self), chosen);
  else if (g_str_equal (action_name, "board.lock"))
    {
      gboolean all_locked = TRUE;

      /* Lock, or unlock when everything chosen is locked already (Select
       * All reaches locked elements, which a click does not). */
      for (guint i = 0; chosen[i] != NULL; i++)
        {
          const ConferBoardElement *element = confer_board_lookup (board (self), chosen[i]);

          if (element != NULL && !confer_board_element_get (element, CONFER_BOARD_PROP_LOCKED)->boolean)
            all_locked = FALSE;
        }
      tx = confer_board_edit_set_locked (board (self), chosen, !all_locked);
    }
  else if (g_str_equal (action_name, "board.group"))
    {
      g_autofree char *group = confer_board_id_new ();

      tx = confer_board_edit_group (board (self), chosen, group);
    }
  else if (g_str_equal (action_name, "board.ungroup"))
    tx = confer_board_edit_ungroup (board (self), chosen);
  else if (g_str_equal (action_name, "board.duplicate"))
    {
      g_autoptr(GPtrArray) copies = NULL;

      tx = confer_board_edit_duplicate (board (self), chosen, 10, 10, confer_client_get_participant_id (self->client), &copies);
      apply (self, tx);
      if (copies != NULL)
        {
          g_ptr_array_add (copies, NULL);
          confer_board_canvas_set_selection (self->canvas, (const char *const *) copies->pdata);
        }
      return;
    }
  apply (self, tx);
}

static void
arrange_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (widget);
  g_auto(GStrv) ids = selection (self);
  const char *how = g_variant_get_string (parameter, NULL);
  g_autoptr(ConferBoardTx) tx = NULL;

  if (g_str_equal (action_name, "board.restack"))
    {
      static const char *const names[] = { "forward", "backward", "front", "back" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (how, names[i]))
          tx = confer_board_edit_restack (board (self), (const char *const *) ids, i,
                                          confer_client_get_participant_id (self->client));
    }
  else if (g_str_equal (action_name, "board.align"))
    {
      static const char *const names[] = { "left", "centre", "right", "top", "middle", "bottom" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (how, names[i]))
          tx = confer_board_edit_align (board (self), (const char *const *) ids, i);
    }
  else
    tx = confer_board_edit_distribute (board (self), (const char *const *) ids, g_str_equal (how, "horizontally"));
  apply (self, tx);
}

static void
clipboard_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (widget);

  if (g_str_equal (action_name, "board.paste"))
    confer_board_canvas_paste (self->canvas);
  else
    confer_board_canvas_copy (self->canvas, g_str_equal (action_name, "board.cut"));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (widget);
  g_autoptr(GPtrArray) elements = confer_board_list (board (self), FALSE);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < elements->len; i++)
    g_ptr_array_add (ids, ((ConferBoardElement *) g_ptr_array_index (elements, i))->id);
  g_ptr_array_add (ids, NULL);
  confer_board_canvas_set_selection (self->canvas, (const char *const *) ids->pdata);
}

/* Images */

static void
image_put_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ConferBoardPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_steal_pointer (&self->image);

  if (!confer_client_put_blobs_finish (CONFER_CLIENT (source), result, &error))
    {
      g_warning ("The image could not be uploaded: %s", error->message);
      return;
    }
  confer_board_canvas_add_image (self->canvas, bytes, self->image_x, self->image_y);
}

static void
insert_bytes (ConferBoardPage *self,
              GBytes          *bytes)
{
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_handle_id (&self->summary_id, g_source_remove);
  g_clear_pointer (&self->summary, g_free);
  self->image = g_bytes_ref (bytes);
  g_ptr_array_add (blobs, g_bytes_ref (bytes));
  confer_client_put_blobs_async (self->client, blobs, NULL, image_put_cb, g_object_ref (self));
}

static void
insert_file (ConferBoardPage *self,
             GFile           *file)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      g_warning ("Could not read the image: %s", error->message);
      return;
    }
  insert_bytes (self, bytes);
}

static void
image_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 gpointer         data)
{
  g_autoptr(ConferBoardPage) self = data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    insert_file (self, file);
}

/**
 * confer_board_page_drop_image:
 * @self: a board page
 * @file: a dropped file
 * @x: where it was dropped, px from the canvas's left edge
 * @y: likewise, from its top edge
 *
 * Puts a dropped PNG, JPEG, GIF or WebP image on the board, centred where
 * it was dropped (uploaded first, as a blob).
 *
 * Returns: %FALSE if @file is not such an image (nothing is done) or the
 *   participant may not draw
 */
gboolean
confer_board_page_drop_image (ConferBoardPage *self,
                              GFile           *file,
                              double           x,
                              double           y)
{
  static const char *const types[] = { "image/png", "image/jpeg", "image/gif", "image/webp" };
  g_autoptr(GFileInfo) info = NULL;
  const char *type;
  double vx, vy, zoom;

  g_return_val_if_fail (CONFER_IS_BOARD_PAGE (self), FALSE);

  if (!confer_role_can_draw (confer_client_get_role (self->client)))
    return FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  type = info != NULL ? g_file_info_get_content_type (info) : NULL;
  if (type == NULL || !g_strv_contains (types, type))
    return FALSE;
  confer_board_canvas_get_view (self->canvas, &vx, &vy);
  zoom = confer_board_canvas_get_zoom (self->canvas);
  self->image_x = vx + x / zoom;
  self->image_y = vy + y / zoom;
  insert_file (self, file);
  return TRUE;
}

static void
insert_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (parameter != NULL)
    g_variant_get (parameter, "(dd)", &self->image_x, &self->image_y);
  else
    {
      double x, y, zoom = confer_board_canvas_get_zoom (self->canvas);

      confer_board_canvas_get_view (self->canvas, &x, &y);
      self->image_x = x + gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0 / zoom;
      self->image_y = y + gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0 / zoom;
    }
  chooser = gtk_file_chooser_native_new (_("Insert an Image"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Insert"), NULL);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/gif");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (image_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Building */

/* The page's tool and grid are the canvas's (the actions' states). */
static void
canvas_notify_cb (ConferBoardPage *self,
                  GParamSpec      *pspec)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[g_str_equal (pspec->name, "tool") ? PROP_TOOL : PROP_GRID]);
}

static GtkWidget *
tool_bar_new (ConferBoardPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);

  gtk_widget_add_css_class (box, "toolbar");
  gtk_widget_add_css_class (box, "board-toolbar");
  gtk_widget_add_css_class (box, "board-bar");
  gtk_widget_add_css_class (box, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tools"), -1);
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      /* Translators: a tool's tooltip: its name and its key, "Rectangle (R)". */
      g_autofree char *tooltip = g_strdup_printf (_("%s (%s)"), _(tools[i].name), tools[i].accel);

      gtk_button_set_icon_name (GTK_BUTTON (button), tools[i].icon);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "board.tool");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", confer_board_tool_get_name (tools[i].tool));
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _(tools[i].name),
                                      GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, tools[i].accel, -1);
      gtk_widget_add_css_class (button, "flat");
      gtk_box_append (GTK_BOX (box), button);
      if (tools[i].tool == CONFER_BOARD_TOOL_SELECT || tools[i].tool == CONFER_BOARD_TOOL_PEN)
        gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
    }
  return box;
}

static GtkWidget *
icon_button (const char *icon,
             const char *action,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
zoom_bar_new (ConferBoardPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *reset = gtk_button_new ();
  GtkWidget *grid = gtk_toggle_button_new ();

  gtk_widget_add_css_class (box, "toolbar");
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "board-bar");
  gtk_box_append (GTK_BOX (box), icon_button ("zoom-out-symbolic", "board.zoom-out", _("Zoom Out (Ctrl+−)")));
  self->zoom_label = gtk_label_new ("100 %");
  gtk_label_set_width_chars (GTK_LABEL (self->zoom_label), 6);
  gtk_button_set_child (GTK_BUTTON (reset), self->zoom_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "board.zoom-reset");
  gtk_widget_set_tooltip_text (reset, _("Reset Zoom (Ctrl+0)"));
  gtk_widget_add_css_class (reset, "flat");
  gtk_box_append (GTK_BOX (box), reset);
  gtk_box_append (GTK_BOX (box), icon_button ("zoom-in-symbolic", "board.zoom-in", _("Zoom In (Ctrl++)")));
  gtk_box_append (GTK_BOX (box), icon_button ("zoom-fit-best-symbolic", "board.zoom-fit", _("Zoom to Fit (Shift+1)")));
  gtk_button_set_icon_name (GTK_BUTTON (grid), "view-grid-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (grid), "board.grid");
  gtk_widget_set_tooltip_text (grid, _("Grid and Snapping (Ctrl+')"));
  gtk_widget_add_css_class (grid, "flat");
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), icon_button ("edit-undo-symbolic", "doc.undo", _("Undo Your Last Change (Ctrl+Z)")));
  gtk_box_append (GTK_BOX (box), icon_button ("edit-redo-symbolic", "doc.redo", _("Redo (Ctrl+Shift+Z)")));
  return box;
}

static void
confer_board_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_string (value, confer_board_tool_get_name (confer_board_canvas_get_tool (self->canvas)));
      break;
    case PROP_GRID:
      g_value_set_boolean (value, confer_board_canvas_get_grid (self->canvas));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_board_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ConferBoardPage *self = CONFER_BOARD_PAGE (object);
  ConferBoardTool tool;

  switch (prop_id)
    {
    case PROP_TOOL:
      if (confer_board_tool_from_name (g_value_get_string (value), &tool))
        {
          if (tool == CONFER_BOARD_TOOL_IMAGE)
            gtk_widget_activate_action (GTK_WIDGET (self), "board.insert-image", NULL);
          else
            confer_board_canvas_set_tool (self->canvas, tool);
        }
      break;
    case PROP_GRID:
      confer_board_canvas_set_grid (self->canvas, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_board_page_dispose (GObject *object)
{
  ConferBoardPage *self = (ConferBoardPage *) object;

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (confer_client_get_participants (self->client), self);
  g_clear_object (&self->board);
  g_clear_object (&self->client);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_handle_id (&self->summary_id, g_source_remove);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (confer_board_page_parent_class)->dispose (object);
}

static void
confer_board_page_class_init (ConferBoardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confer_board_page_dispose;
  object_class->get_property = confer_board_page_get_property;
  object_class->set_property = confer_board_page_set_property;

  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "select", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_GRID] =
    g_param_spec_boolean ("grid", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "board.tool", "tool");
  gtk_widget_class_install_property_action (widget_class, "board.grid", "grid");
  gtk_widget_class_install_action (widget_class, "board.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "board.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "board.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "board.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "board.zoom-selection", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "board.delete", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "board.duplicate", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "board.group", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "board.ungroup", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "board.lock", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "board.restack", "s", arrange_action);
  gtk_widget_class_install_action (widget_class, "board.align", "s", arrange_action);
  gtk_widget_class_install_action (widget_class, "board.distribute", "s", arrange_action);
  gtk_widget_class_install_action (widget_class, "board.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "board.copy", NULL, clipboard_action);
  gtk_widget_class_install_action (widget_class, "board.cut", NULL, clipboard_action);
  gtk_widget_class_install_action (widget_class, "board.paste", NULL, clipboard_action);
  gtk_widget_class_install_action (widget_class, "board.insert-image", "(dd)", insert_image_action);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    gtk_widget_class_add_binding_action (widget_class, tools[i].key, 0, "board.tool", "s",
                                         confer_board_tool_get_name (tools[i].tool));
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "board.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "board.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "board.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "board.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "board.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "board.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_exclam, GDK_SHIFT_MASK, "board.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_at, GDK_SHIFT_MASK, "board.zoom-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_apostrophe, GDK_CONTROL_MASK, "board.grid", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "board.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "board.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "board.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "board.group", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "board.ungroup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "board.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, GDK_CONTROL_MASK, "board.restack", "s", "forward");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, GDK_CONTROL_MASK, "board.restack", "s", "backward");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_braceright, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "board.restack", "s", "front");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_braceleft, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "board.restack", "s", "back");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "board.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "board.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK, "board.cut", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "board.paste", NULL);
}

static void
confer_board_page_init (ConferBoardPage *self)
{
}

/**
 * confer_board_page_new:
 * @client: the client the board is open in (a reference is taken)
 * @board: an open board (a reference is taken)
 *
 * Returns: (transfer floating): a page with the board's canvas, its tool
 *   bar (each tool with its single-key shortcut), the properties of the
 *   selection and the zoom controls
 */
GtkWidget *
confer_board_page_new (ConferClient      *client,
                       ConferClientBoard *board)
{
  ConferBoardPage *self = g_object_new (CONFER_TYPE_BOARD_PAGE, NULL);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *zoom, *panel;

  self->client = g_object_ref (client);
  self->board = g_object_ref (board);
  self->canvas = CONFER_BOARD_CANVAS (confer_board_canvas_new (client, board));
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->canvas));

  self->toolbar = tool_bar_new (self);
  gtk_widget_set_halign (top, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (top, GTK_ALIGN_START);
  gtk_widget_set_margin_top (top, 12);
  gtk_box_append (GTK_BOX (top), self->toolbar);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), top);

  self->people = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_halign (self->people, GTK_ALIGN_END);
  gtk_widget_set_valign (self->people, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->people, 12);
  gtk_widget_set_margin_end (self->people, 12);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->people);

  /* The panel scrolls when the window is too short for it. */
  self->properties = confer_board_properties_new (self->canvas);
  panel = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (panel), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (panel), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (panel), self->properties);
  g_object_bind_property (self->properties, "visible", panel, "visible", G_BINDING_SYNC_CREATE);
  gtk_widget_set_halign (panel, GTK_ALIGN_START);
  gtk_widget_set_valign (panel, GTK_ALIGN_START);
  gtk_widget_set_margin_top (panel, 64);
  gtk_widget_set_margin_bottom (panel, 64);
  gtk_widget_set_margin_start (panel, 12);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), panel);

  zoom = zoom_bar_new (self);
  gtk_widget_set_halign (zoom, GTK_ALIGN_START);
  gtk_widget_set_valign (zoom, GTK_ALIGN_END);
  gtk_widget_set_margin_start (zoom, 12);
  gtk_widget_set_margin_bottom (zoom, 12);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), zoom);
  adw_bin_set_child (ADW_BIN (self), overlay);

  g_signal_connect_swapped (self->canvas, "notify::zoom", G_CALLBACK (zoom_changed_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::tool", G_CALLBACK (edit_actions_update), self);
  g_signal_connect_swapped (self->canvas, "notify::tool", G_CALLBACK (canvas_notify_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::grid", G_CALLBACK (canvas_notify_cb), self);
  g_signal_connect_swapped (self->canvas, "selection-changed", G_CALLBACK (edit_actions_update), self);
  g_signal_connect_swapped (self->canvas, "notify::following", G_CALLBACK (people_update), self);
  g_signal_connect_swapped (board, "presence", G_CALLBACK (people_update), self);
  g_signal_connect_swapped (board, "ready", G_CALLBACK (board_changed_cb), self);
  g_signal_connect_swapped (board, "changed", G_CALLBACK (board_changed_cb), self);
  g_signal_connect_swapped (confer_client_get_participants (client), "items-changed", G_CALLBACK (people_update), self);
  zoom_changed_cb (self);
  edit_actions_update (self);
  people_update (self);
  summarize_cb (self);
  return GTK_WIDGET (self);
}

/**
 * confer_board_page_get_board:
 * @self: a board page
 *
 * Returns: (transfer none): its board
 */
ConferClientBoard *
confer_board_page_get_board (ConferBoardPage *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_PAGE (self), NULL);

  return self->board;
}

/**
 * confer_board_page_get_canvas:
 * @self: a board page
 *
 * Returns: (transfer none): its canvas
 */
ConferBoardCanvas *
confer_board_page_get_canvas (ConferBoardPage *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_PAGE (self), NULL);

  return self->canvas;
}

/**
 * confer_board_page_get_summary:
 * @self: a board page
 *
 * What the board holds, by kind of element ("2 rectangles, 1 text", "The
 * board is empty."), as screen readers hear it; said again within half a
 * second of a change.
 *
 * Returns: (transfer none): the summary
 */
const char *
confer_board_page_get_summary (ConferBoardPage *self)
{
  g_return_val_if_fail (CONFER_IS_BOARD_PAGE (self), NULL);

  return self->summary;
}

/**
 * confer_board_page_set_title:
 * @self: a board page
 * @title: the board's title
 *
 * Names the canvas after the board, for screen readers.
 */
void
confer_board_page_set_title (ConferBoardPage *self,
                             const char      *title)
{
  g_autofree char *label = NULL;

  g_return_if_fail (CONFER_IS_BOARD_PAGE (self));

  /* Translators: the canvas's name for screen readers; %s is the board's title. */
  label = g_strdup_printf (_("Board “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
