/* confer-board-tiles.c: a board drawn once into tiles of pixels, so that
 * a canvas pans by copying them and redraws only what changed
 *
 * The plane of device pixels at one scale is cut into squares of
 * CONFER_BOARD_TILE_SIZE. A tile is drawn the first time it shows, from
 * the elements the spatial index says meet it, and kept: panning paints
 * kept tiles, which costs a copy of their pixels. A change damages the
 * scene boxes it touched; each kept tile remembers the damaged part of it
 * and redraws only that part, from only the elements meeting it, the next
 * time it shows. Tiles far from the view are dropped, least recently shown
 * first, beyond a budget.
 *
 * A frame draws missing tiles for at most FRAME_BUDGET_US; the rest are
 * drawn when idle, tile by tile. So that a zoom shows at once, the tiles
 * of the scale before stay, drawn scaled under the new ones, until every
 * tile in view is drawn at the new scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-board-tiles"

#include "config.h"

#include <math.h>

#include "confer-board-tiles.h"

#define T CONFER_BOARD_TILE_SIZE

/* Tiles kept besides those on screen: two screens' worth at 1920×1080
 * (about 30 MiB of pixels in all). */
#define SPARE_TILES 64

/* What a frame may spend drawing tiles it lacks, µs: half a 60 Hz frame. */
#define FRAME_BUDGET_US 8000

typedef struct
{
  int              tx;
  int              ty;
  cairo_surface_t *surface;   /* T × T, opaque */
  GskRenderNode   *node;      /* its pixels for GSK, or NULL when stale */
  cairo_region_t  *dirty;     /* tile px still to redraw */
  guint64          shown;     /* the draw it was last shown in */
} Tile;

struct _ConferBoardTiles
{
  double      scale;           /* device px per scene px */
  GHashTable *tiles;           /* packed (tx, ty) → Tile */
  GHashTable *previous;        /* the tiles of the scale before, or NULL */
  double      previous_scale;
  guint64     draws;           /* draws so far */
};

static gint64
tile_key (int tx,
          int ty)
{
  return (gint64) (((guint64) (guint32) tx << 32) | (guint32) ty);
}

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  cairo_surface_destroy (tile->surface);
  g_clear_pointer (&tile->node, gsk_render_node_unref);
  cairo_region_destroy (tile->dirty);
  g_free (tile);
}

/**
 * confer_board_tiles_new:
 *
 * Returns: (transfer full): an empty tile cache at scale 1; free it with
 *   confer_board_tiles_free()
 */
ConferBoardTiles *
confer_board_tiles_new (void)
{
  ConferBoardTiles *self = g_new0 (ConferBoardTiles, 1);

  self->scale = 1;
  self->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tile_free);
  return self;
}

/**
 * confer_board_tiles_free:
 * @self: (transfer full): a tile cache
 *
 * Frees it and its pixels.
 */
void
confer_board_tiles_free (ConferBoardTiles *self)
{
  g_hash_table_unref (self->tiles);
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_free (self);
}

/**
 * confer_board_tiles_set_scale:
 * @self: a tile cache
 * @scale: device px per scene px (the zoom times the display's scale
 *   factor), > 0
 *
 * Draws from now on at @scale. The tiles of the old scale are kept, drawn
 * scaled, until the view is drawn at the new one (if a zoom comes before
 * that, the oldest complete set stays).
 */
void
confer_board_tiles_set_scale (ConferBoardTiles *self,
                              double            scale)
{
  g_return_if_fail (scale > 0);

  if (scale == self->scale)
    return;
  if (self->previous == NULL && g_hash_table_size (self->tiles) > 0)
    {
      self->previous = g_steal_pointer (&self->tiles);
      self->previous_scale = self->scale;
      self->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tile_free);
    }
  else
    g_hash_table_remove_all (self->tiles);
  self->scale = scale;
}

/**
 * confer_board_tiles_get_scale:
 * @self: a tile cache
 *
 * Returns: the scale it draws at, device px per scene px
 */
double
confer_board_tiles_get_scale (ConferBoardTiles *self)
{
  return self->scale;
}

/**
 * confer_board_tiles_damage:
 * @self: a tile cache
 * @box: a box of the scene whose drawing changed, scene px
 *
 * Marks the kept tiles' pixels in @box (grown to whole pixels) to be
 * redrawn when they next show.
 */
void
confer_board_tiles_damage (ConferBoardTiles      *self,
                           const ConferRenderBox *box)
{
  GHashTableIter iter;
  gpointer value;
  int x0 = (int) floor (box->x * self->scale) - 1;
  int y0 = (int) floor (box->y * self->scale) - 1;
  int x1 = (int) ceil ((box->x + box->width) * self->scale) + 1;
  int y1 = (int) ceil ((box->y + box->height) * self->scale) + 1;

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tile *tile = value;
      cairo_rectangle_int_t rect;
      int left = tile->tx * T, top = tile->ty * T;

      rect.x = MAX (x0, left) - left;
      rect.y = MAX (y0, top) - top;
      rect.width = MIN (x1, left + T) - left - rect.x;
      rect.height = MIN (y1, top + T) - top - rect.y;
      if (rect.width > 0 && rect.height > 0)
        cairo_region_union_rectangle (tile->dirty, &rect);
    }
  /* The old scale's tiles would show what was. */
  g_clear_pointer (&self->previous, g_hash_table_unref);
}

/**
 * confer_board_tiles_clear:
 * @self: a tile cache
 *
 * Drops every tile (the paper's colour or an image changed, say).
 */
void
confer_board_tiles_clear (ConferBoardTiles *self)
{
  g_hash_table_remove_all (self->tiles);
  g_clear_pointer (&self->previous, g_hash_table_unref);
}

/* Thin lines every @step device px (not when they would crowd), every
 * fifth a little darker, as Excalidraw's grid. */
static void
draw_grid (cairo_t                     *cr,
           double                       step,
           int                          left,
           int                          top,
           const cairo_rectangle_int_t *rect)
{
  double x0 = left + rect->x, y0 = top + rect->y;
  double x1 = x0 + rect->width, y1 = y0 + rect->height;

  while (step < 8)
    step *= 5;
  cairo_set_line_width (cr, 1);
  for (int major = 0; major < 2; major++)
    {
      cairo_set_source_rgba (cr, 0, 0, 0, major ? 0.1 : 0.05);
      for (double g = floor (x0 / step) * step; g <= x1; g += step)
        if ((fmod (fabs (round (g / step)), 5) == 0) == major)
          {
            cairo_move_to (cr, round (g) - left + 0.5, rect->y);
            cairo_line_to (cr, round (g) - left + 0.5, rect->y + rect->height);
          }
      for (double g = floor (y0 / step) * step; g <= y1; g += step)
        if ((fmod (fabs (round (g / step)), 5) == 0) == major)
          {
            cairo_move_to (cr, rect->x, round (g) - top + 0.5);
            cairo_line_to (cr, rect->x + rect->width, round (g) - top + 0.5);
          }
      cairo_stroke (cr);
    }
}

/* Draws the elements meeting @rect (tile px) into the tile, on paper. */
static void
draw_rect (ConferBoardTiles            *self,
           const ConferBoardScene      *scene,
           Tile                        *tile,
           const cairo_rectangle_int_t *rect)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) elements = g_ptr_array_new ();
  ConferRenderArea area;
  cairo_t *cr;

  area.x = (tile->tx * T + rect->x) / self->scale;
  area.y = (tile->ty * T + rect->y) / self->scale;
  area.width = rect->width / self->scale;
  area.height = rect->height / self->scale;
  area.scale = self->scale;
  ids = confer_board_index_query_ids (scene->index, area.x, area.y, area.width, area.height);
  for (guint i = 0; i < ids->len; i++)
    {
      ConferBoardElement *element = confer_board_lookup (scene->board, g_ptr_array_index (ids, i));

      if (element != NULL && !element->deleted && g_strcmp0 (element->id, scene->hidden) != 0)
        g_ptr_array_add (elements, element);
    }
  confer_board_sort (elements);

  cr = cairo_create (tile->surface);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  confer_render_colour_set_source (cr, &scene->paper);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  if (scene->grid > 0)
    draw_grid (cr, scene->grid * self->scale, tile->tx * T, tile->ty * T, rect);
  cairo_translate (cr, rect->x, rect->y);
  confer_render_board_elements (cr, scene->board, elements, scene->images, &area);
  cairo_destroy (cr);
}

/* The tile at (@tx, @ty), drawn up to date. */
static Tile *
get_tile (ConferBoardTiles       *self,
          const ConferBoardScene *scene,
          int                     tx,
          int                     ty)
{
  gint64 key = tile_key (tx, ty);
  Tile *tile = g_hash_table_lookup (self->tiles, &key);

  if (tile == NULL)
    {
      cairo_rectangle_int_t whole = { 0, 0, T, T };

      tile = g_new0 (Tile, 1);
      tile->tx = tx;
      tile->ty = ty;
      tile->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, T, T);
      tile->dirty = cairo_region_create_rectangle (&whole);
      g_hash_table_insert (self->tiles, g_memdup2 (&key, sizeof key), tile);
    }
  if (!cairo_region_is_empty (tile->dirty))
    {
      cairo_rectangle_int_t extents;

      /* One pass over the damaged part's extents: a few small changes
       * rarely lie far apart in one tile. */
      cairo_region_get_extents (tile->dirty, &extents);
      draw_rect (self, scene, tile, &extents);
      cairo_surface_mark_dirty (tile->surface);
      cairo_region_destroy (tile->dirty);
      tile->dirty = cairo_region_create ();
      g_clear_pointer (&tile->node, gsk_render_node_unref);
    }
  return tile;
}

static int
compare_shown (gconstpointer a,
               gconstpointer b)
{
  const Tile *ta = *(Tile **) a, *tb = *(Tile **) b;

  return ta->shown < tb->shown ? -1 : ta->shown > tb->shown;
}

/* Drops the least recently shown tiles beyond the budget. */
static void
evict (ConferBoardTiles *self,
       guint             n_visible)
{
  g_autoptr(GPtrArray) tiles = NULL;
  guint budget = n_visible + SPARE_TILES;
  GHashTableIter iter;
  gpointer tile;

  if (g_hash_table_size (self->tiles) <= budget)
    return;
  tiles = g_ptr_array_sized_new (g_hash_table_size (self->tiles));
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &tile))
    g_ptr_array_add (tiles, tile);
  g_ptr_array_sort (tiles, compare_shown);
  for (guint i = 0; i + budget < tiles->len; i++)
    {
      Tile *old = g_ptr_array_index (tiles, i);
      gint64 key = tile_key (old->tx, old->ty);

      g_hash_table_remove (self->tiles, &key);
    }
}

/* The tile's pixels as a render node, made again only when they change:
 * GSK skips a node it drew last frame (the same node) when working out
 * what to repaint, and its cairo renderer paints a cairo node by copying
 * the pixels (a texture node would be converted pixel by pixel first, in
 * GTK 4.8, every frame). */
static GskRenderNode *
tile_node (Tile *tile,
           int   factor)
{
  if (tile->node == NULL)
    {
      cairo_t *cr;

      tile->node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, (float) T / factor, (float) T / factor));
      cr = gsk_cairo_node_get_draw_context (tile->node);
      cairo_scale (cr, 1.0 / factor, 1.0 / factor);
      cairo_set_source_surface (cr, tile->surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  return tile->node;
}

/* The old scale's tiles in view, scaled to the new one, under it. */
static void
snapshot_previous (ConferBoardTiles *self,
                   GtkSnapshot      *snapshot,
                   int               ox,
                   int               oy,
                   int               width,
                   int               height,
                   int               factor)
{
  double ratio = self->scale / self->previous_scale;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->previous);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tile *tile = value;
      double x = tile->tx * T * ratio - ox, y = tile->ty * T * ratio - oy;

      if (x + T * ratio < 0 || y + T * ratio < 0 || x > width || y > height || !cairo_region_is_empty (tile->dirty))
        continue;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (x / factor), (float) (y / factor)));
      gtk_snapshot_scale (snapshot, (float) ratio, (float) ratio);
      gtk_snapshot_append_node (snapshot, tile_node (tile, factor));
      gtk_snapshot_restore (snapshot);
    }
}

/**
 * confer_board_tiles_snapshot:
 * @self: a tile cache
 * @scene: what to draw
 * @snapshot: where the view's tiles go, in widget px
 * @x: the view's left edge, device px from the scene's origin (scene x
 *   times the scale); rounded to a whole pixel so tiles copy unfiltered
 * @y: the view's top edge, likewise
 * @width: the view's width, device px, ≥ 0
 * @height: the view's height, device px, ≥ 0
 * @factor: device px per widget px (the display's scale factor), ≥ 1
 *
 * Adds a node for each tile in view: kept tiles as they are (their damaged
 * parts redrawn first), missing ones drawn while the frame's budget lasts.
 * Where tiles are still missing, the old scale's show through, scaled
 * (confer_board_tiles_prepare() draws the missing ones). A tile that did
 * not change keeps its node, so GSK repaints only what changed.
 */
void
confer_board_tiles_snapshot (ConferBoardTiles       *self,
                             const ConferBoardScene *scene,
                             GtkSnapshot            *snapshot,
                             double                  x,
                             double                  y,
                             int                     width,
                             int                     height,
                             int                     factor)
{
  int ox = (int) round (x), oy = (int) round (y);
  int tx0 = (int) floor ((double) ox / T), ty0 = (int) floor ((double) oy / T);
  int tx1 = (int) floor ((double) (ox + width - 1) / T), ty1 = (int) floor ((double) (oy + height - 1) / T);
  gint64 deadline = g_get_monotonic_time () + FRAME_BUDGET_US;
  guint missing = 0;

  self->draws++;
  if (self->previous != NULL)
    snapshot_previous (self, snapshot, ox, oy, width, height, factor);
  for (int ty = ty0; ty <= ty1; ty++)
    for (int tx = tx0; tx <= tx1; tx++)
      {
        gint64 key = tile_key (tx, ty);
        Tile *tile = g_hash_table_lookup (self->tiles, &key);

        /* A kept tile is always brought up to date: what changed shows. */
        if (tile == NULL && g_get_monotonic_time () > deadline)
          {
            missing++;
            continue;
          }
        tile = get_tile (self, scene, tx, ty);
        tile->shown = self->draws;
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (tx * T - ox) / factor, (float) (ty * T - oy) / factor));
        gtk_snapshot_append_node (snapshot, tile_node (tile, factor));
        gtk_snapshot_restore (snapshot);
      }
  if (missing == 0)
    g_clear_pointer (&self->previous, g_hash_table_unref);
  evict (self, (guint) ((tx1 - tx0 + 1) * (ty1 - ty0 + 1)));
}

/**
 * confer_board_tiles_prepare:
 * @self: a tile cache
 * @scene: what to draw
 * @x: the view's left edge, device px (as for confer_board_tiles_snapshot())
 * @y: the view's top edge, device px
 * @width: the view's width, device px
 * @height: the view's height, device px
 * @in_view: (out): whether the tile drawn is in view (the view should be
 *   drawn again)
 *
 * Draws one tile that is missing or damaged: one in view first, else one
 * of the ring just outside it, so that panning finds it ready. Call it
 * when idle.
 *
 * Returns: %TRUE if a tile was drawn (there may be more to do), %FALSE
 *   when the view and its ring are ready
 */
gboolean
confer_board_tiles_prepare (ConferBoardTiles       *self,
                            const ConferBoardScene *scene,
                            double                  x,
                            double                  y,
                            int                     width,
                            int                     height,
                            gboolean               *in_view)
{
  int ox = (int) round (x), oy = (int) round (y);
  int tx0 = (int) floor ((double) ox / T), ty0 = (int) floor ((double) oy / T);
  int tx1 = (int) floor ((double) (ox + width - 1) / T), ty1 = (int) floor ((double) (oy + height - 1) / T);

  for (int ring = 0; ring <= 1; ring++)
    for (int ty = ty0 - ring; ty <= ty1 + ring; ty++)
      for (int tx = tx0 - ring; tx <= tx1 + ring; tx++)
        {
          gint64 key = tile_key (tx, ty);
          Tile *tile = g_hash_table_lookup (self->tiles, &key);

          if (tile != NULL && cairo_region_is_empty (tile->dirty))
            continue;
          tile = get_tile (self, scene, tx, ty);
          tile->shown = self->draws;
          *in_view = ring == 0;
          return TRUE;
        }
  *in_view = FALSE;
  return FALSE;
}
