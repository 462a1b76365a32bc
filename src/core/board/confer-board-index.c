/* confer-board-index.c: a spatial index of a board's elements (an R-tree)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree is Antonin Guttman's R-tree with his quadratic split: "R-Trees:
 * A Dynamic Index Structure for Spatial Searching", Proceedings of ACM
 * SIGMOD 1984, pp. 47-57. Insert is his ChooseLeaf (least enlargement of
 * area, then least area) and AdjustTree; delete is his CondenseTree, which
 * takes under-filled nodes out of the tree and inserts their entries
 * again at their own level, so that a tree that has seen many moves and
 * removals is as good to search as a new one.
 *
 * Every node holds up to MAX_ENTRIES entries (a box and a child node, or
 * in a leaf a box and an element) and every node but the root at least
 * MIN_ENTRIES; a branch root has at least two. A node's box is kept in its
 * parent's array beside the pointer to it, so that a search reads the
 * boxes of one node from one place, and is always exactly the union of
 * its entries' boxes. A GHashTable maps each id to its leaf entry, and
 * each leaf entry knows its leaf and slot, which makes moving or removing
 * an element a walk up from its leaf rather than a search from the root.
 */
#define G_LOG_DOMAIN "confer-board-index"

#include "config.h"

#include <math.h>
#include <string.h>

#include "confer-board-index-private.h"

/* Guttman's M and m; m at 40 % of M, as Beckmann et al. found best for
 * the R*-tree (SIGMOD 1990). */
#define MAX_ENTRIES 16
#define MIN_ENTRIES 6

typedef struct
{
  double x1, y1;         /* top left, scene px */
  double x2, y2;         /* bottom right, scene px; never less than x1, y1 */
} Box;

typedef struct _Node Node;

struct _Node
{
  Node    *parent;       /* NULL for the root */
  guint8   slot;         /* index in parent->items */
  guint8   n;            /* entries in use */
  guint8   level;        /* 0 for a leaf, its children's level + 1 above */
  /* One entry more than a node keeps, for the moment before a split. */
  Box      boxes[MAX_ENTRIES + 1];
  gpointer items[MAX_ENTRIES + 1];   /* Node * in a branch, Entry * in a leaf */
};

typedef struct
{
  char   *id;
  Node   *leaf;
  guint8  slot;          /* index in leaf->items */
  /* The box as set, which confer_board_index_get() gives back unrounded. */
  double  x, y, width, height;
} Entry;

struct _ConferBoardIndex
{
  Node       *root;
  GHashTable *entries;   /* id (owned by the entry) → Entry (owned) */
};

static inline Box
box_new (double x,
         double y,
         double width,
         double height)
{
  return (Box) { x, y, x + width, y + height };
}

static inline Box
box_union (Box a,
           Box b)
{
  return (Box) { MIN (a.x1, b.x1), MIN (a.y1, b.y1), MAX (a.x2, b.x2), MAX (a.y2, b.y2) };
}

static inline double
box_area (Box b)
{
  return (b.x2 - b.x1) * (b.y2 - b.y1);
}

/* Touching counts as meeting. */
static inline gboolean
box_meets (const Box *a,
           const Box *b)
{
  return a->x1 <= b->x2 && b->x1 <= a->x2 && a->y1 <= b->y2 && b->y1 <= a->y2;
}

static inline gboolean
box_contains (Box outer,
              Box inner)
{
  return outer.x1 <= inner.x1 && outer.y1 <= inner.y1 && outer.x2 >= inner.x2 && outer.y2 >= inner.y2;
}

static inline gboolean
box_equal (Box a,
           Box b)
{
  return a.x1 == b.x1 && a.y1 == b.y1 && a.x2 == b.x2 && a.y2 == b.y2;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->id);
  g_free (entry);
}

static Node *
node_new (guint8 level)
{
  Node *node = g_new0 (Node, 1);

  node->level = level;
  return node;
}

static void
node_free (Node *node)
{
  if (node->level > 0)
    for (guint i = 0; i < node->n; i++)
      node_free (node->items[i]);
  g_free (node);
}

/* Puts an entry in @slot of @node and points it back there. */
static void
node_put (Node     *node,
          guint     slot,
          Box       box,
          gpointer  item)
{
  node->boxes[slot] = box;
  node->items[slot] = item;
  if (node->level == 0)
    {
      Entry *entry = item;

      entry->leaf = node;
      entry->slot = slot;
    }
  else
    {
      Node *child = item;

      child->parent = node;
      child->slot = slot;
    }
}

static void
node_append (Node     *node,
             Box       box,
             gpointer  item)
{
  node_put (node, node->n++, box, item);
}

/* Takes the entry in @slot out of @node, moving the last one into it. */
static void
node_take (Node  *node,
           guint  slot)
{
  node->n--;
  if (slot != node->n)
    node_put (node, slot, node->boxes[node->n], node->items[node->n]);
}

/* The union of @node's entries' boxes; @node must not be empty. */
static Box
node_cover (const Node *node)
{
  Box cover = node->boxes[0];

  for (guint i = 1; i < node->n; i++)
    cover = box_union (cover, node->boxes[i]);
  return cover;
}

/* The index of the entry of @node whose box @box enlarges least by area,
 * the smallest of those that tie (Guttman's ChooseLeaf, step CL3). A
 * NaN (huge boxes make infinite areas) never wins, so one is chosen
 * whatever the areas are. */
static guint
choose_slot (const Node *node,
             Box         box)
{
  guint best = 0;
  double best_area = box_area (node->boxes[0]);
  double best_growth = box_area (box_union (node->boxes[0], box)) - best_area;

  for (guint i = 1; i < node->n; i++)
    {
      double area = box_area (node->boxes[i]);
      double growth = box_area (box_union (node->boxes[i], box)) - area;

      if (growth < best_growth || (growth == best_growth && area < best_area))
        {
          best = i;
          best_area = area;
          best_growth = growth;
        }
    }
  return best;
}

/* Guttman's QuadraticSplit of @node, which holds MAX_ENTRIES + 1 entries:
 * the two entries that would waste the most area together seed two
 * groups, then the entry with the strongest preference for one group goes
 * to it, until one group needs all that are left to reach MIN_ENTRIES.
 * @node keeps the first group; the new node returned has the second. */
static Node *
node_split (Node *node)
{
  Box boxes[MAX_ENTRIES + 1];
  gpointer items[MAX_ENTRIES + 1];
  guint n_left = node->n;
  Node *sibling = node_new (node->level);
  Node *groups[2] = { node, sibling };
  Box covers[2];
  guint seeds[2] = { 0, 1 };
  double worst = -INFINITY;

  memcpy (boxes, node->boxes, sizeof boxes);
  memcpy (items, node->items, sizeof items);
  node->n = 0;

  /* PickSeeds. */
  for (guint i = 0; i < n_left; i++)
    for (guint j = i + 1; j < n_left; j++)
      {
        double waste = box_area (box_union (boxes[i], boxes[j])) - box_area (boxes[i]) - box_area (boxes[j]);

        if (waste > worst)
          {
            worst = waste;
            seeds[0] = i;
            seeds[1] = j;
          }
      }

  /* seeds[1] > seeds[0], so taking it out first leaves seeds[0] in place. */
  for (guint g = 2; g-- > 0;)
    {
      covers[g] = boxes[seeds[g]];
      node_append (groups[g], boxes[seeds[g]], items[seeds[g]]);
      n_left--;
      boxes[seeds[g]] = boxes[n_left];
      items[seeds[g]] = items[n_left];
    }

  while (n_left > 0)
    {
      guint pick = 0;
      guint g;

      if (groups[0]->n + n_left <= MIN_ENTRIES || groups[1]->n + n_left <= MIN_ENTRIES)
        {
          g = groups[0]->n + n_left <= MIN_ENTRIES ? 0 : 1;
          for (guint i = 0; i < n_left; i++)
            node_append (groups[g], boxes[i], items[i]);
          break;
        }

      /* PickNext: the entry whose enlargements of the two groups differ
       * most; it goes to the group it enlarges less, then the smaller
       * group by area, then by entries. */
      {
        double best_difference = -1;
        double growths[2] = { 0, 0 };

        for (guint i = 0; i < n_left; i++)
          {
            double g0 = box_area (box_union (covers[0], boxes[i])) - box_area (covers[0]);
            double g1 = box_area (box_union (covers[1], boxes[i])) - box_area (covers[1]);
            double difference = fabs (g0 - g1);

            if (difference > best_difference || i == 0)
              {
                best_difference = difference;
                pick = i;
                growths[0] = g0;
                growths[1] = g1;
              }
          }

        if (growths[0] != growths[1])
          g = growths[1] < growths[0];
        else if (box_area (covers[0]) != box_area (covers[1]))
          g = box_area (covers[1]) < box_area (covers[0]);
        else
          g = groups[1]->n < groups[0]->n;
      }

      covers[g] = box_union (covers[g], boxes[pick]);
      node_append (groups[g], boxes[pick], items[pick]);
      n_left--;
      boxes[pick] = boxes[n_left];
      items[pick] = items[n_left];
    }

  return sibling;
}

/* Puts @item with @box into a node of @level, chosen from the root down,
 * then splits what overflows and brings the boxes above up to date
 * (Guttman's Insert and AdjustTree). The tree must be at least @level
 * high. */
static void
insert_item (ConferBoardIndex *self,
             Box               box,
             gpointer          item,
             guint             level)
{
  Node *node = self->root;
  Node *split;

  while (node->level > level)
    node = node->items[choose_slot (node, box)];

  node_append (node, box, item);
  split = node->n > MAX_ENTRIES ? node_split (node) : NULL;

  while (node->parent != NULL)
    {
      Node *parent = node->parent;

      parent->boxes[node->slot] = node_cover (node);
      if (split != NULL)
        node_append (parent, node_cover (split), split);
      split = parent->n > MAX_ENTRIES ? node_split (parent) : NULL;
      node = parent;
    }

  if (split != NULL)
    {
      self->root = node_new (node->level + 1);
      node_append (self->root, node_cover (node), node);
      node_append (self->root, node_cover (split), split);
    }
}

/* Takes @entry out of the tree (not out of the table) and condenses the
 * tree (Guttman's CondenseTree): each node on the way up that falls below
 * MIN_ENTRIES leaves the tree and its entries go back in at their level;
 * the others get their boxes brought up to date. A root branch left with
 * one child gives way to it. */
static void
detach_entry (ConferBoardIndex *self,
              Entry            *entry)
{
  Node *node = entry->leaf;
  /* The nodes taken out, chained through their parent pointers, which
   * they no longer need: at most one a level, the highest first. */
  Node *orphans = NULL;

  node_take (node, entry->slot);
  entry->leaf = NULL;

  while (node != self->root)
    {
      Node *parent = node->parent;

      if (node->n < MIN_ENTRIES)
        {
          node_take (parent, node->slot);
          node->parent = orphans;
          orphans = node;
        }
      else
        {
          parent->boxes[node->slot] = node_cover (node);
        }
      node = parent;
    }

  while (orphans != NULL)
    {
      Node *orphan = orphans;

      orphans = orphan->parent;
      for (guint i = 0; i < orphan->n; i++)
        insert_item (self, orphan->boxes[i], orphan->items[i], orphan->level);
      g_free (orphan);
    }

  while (self->root->level > 0 && self->root->n == 1)
    {
      Node *child = self->root->items[0];

      g_free (self->root);
      child->parent = NULL;
      self->root = child;
    }
}

/**
 * confer_board_index_new:
 *
 * Makes an empty index.
 *
 * Returns: (transfer full): a new index; free it with
 *   confer_board_index_free()
 */
ConferBoardIndex *
confer_board_index_new (void)
{
  ConferBoardIndex *self = g_new0 (ConferBoardIndex, 1);

  self->root = node_new (0);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  return self;
}

/**
 * confer_board_index_free:
 * @self: (transfer full) (nullable): an index
 *
 * Frees @self, its ids with it.
 */
void
confer_board_index_free (ConferBoardIndex *self)
{
  if (self == NULL)
    return;
  node_free (self->root);
  g_hash_table_unref (self->entries);
  g_free (self);
}

/**
 * confer_board_index_set:
 * @self: an index
 * @id: an element id; the index keeps a copy
 * @x: the box's left edge in scene px, finite
 * @y: the box's top edge in scene px, finite
 * @width: the box's width in scene px, finite and at least 0
 * @height: the box's height in scene px, finite and at least 0
 *
 * Gives @id the box from (@x, @y) to (@x + @width, @y + @height): adds
 * @id if the index does not have it, or moves it if it does (an id is in
 * the index at most once). A zero-sized box is a point or a line, and is
 * found by any query box that meets it.
 *
 * A move that stays within the box of the element's leaf node only
 * shrinks the boxes above it; any other costs a removal and an insertion,
 * both O(log n).
 */
void
confer_board_index_set (ConferBoardIndex *self,
                        const char       *id,
                        double            x,
                        double            y,
                        double            width,
                        double            height)
{
  Entry *entry;
  Box box = box_new (x, y, width, height);

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);
  g_return_if_fail (isfinite (x) && isfinite (y));
  g_return_if_fail (isfinite (width) && width >= 0 && isfinite (height) && height >= 0);

  entry = g_hash_table_lookup (self->entries, id);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->id = g_strdup (id);
      g_hash_table_insert (self->entries, entry->id, entry);
    }
  entry->x = x;
  entry->y = y;
  entry->width = width;
  entry->height = height;

  if (entry->leaf != NULL)
    {
      Node *node = entry->leaf;

      if (node != self->root && !box_contains (node->parent->boxes[node->slot], box))
        {
          detach_entry (self, entry);
        }
      else
        {
          /* Boxes above only shrink; once one stays, all above it do. */
          node->boxes[entry->slot] = box;
          while (node->parent != NULL)
            {
              Box cover = node_cover (node);

              if (box_equal (node->parent->boxes[node->slot], cover))
                break;
              node->parent->boxes[node->slot] = cover;
              node = node->parent;
            }
          return;
        }
    }

  insert_item (self, box, entry, 0);
}

/**
 * confer_board_index_remove:
 * @self: an index
 * @id: an element id
 *
 * Takes @id out of the index, in O(log n).
 *
 * Returns: %TRUE if the index had @id
 */
gboolean
confer_board_index_remove (ConferBoardIndex *self,
                           const char       *id)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, id);
  if (entry == NULL)
    return FALSE;
  detach_entry (self, entry);
  g_hash_table_remove (self->entries, id);
  return TRUE;
}

/**
 * confer_board_index_get:
 * @self: an index
 * @id: an element id
 * @x: (out) (optional): the box's left edge in scene px
 * @y: (out) (optional): the box's top edge in scene px
 * @width: (out) (optional): the box's width in scene px
 * @height: (out) (optional): the box's height in scene px
 *
 * Looks up the box of @id, exactly as it was last set.
 *
 * Returns: %TRUE if the index has @id; if not, the outputs are left alone
 */
gboolean
confer_board_index_get (ConferBoardIndex *self,
                        const char       *id,
                        double           *x,
                        double           *y,
                        double           *width,
                        double           *height)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, id);
  if (entry == NULL)
    return FALSE;
  if (x != NULL)
    *x = entry->x;
  if (y != NULL)
    *y = entry->y;
  if (width != NULL)
    *width = entry->width;
  if (height != NULL)
    *height = entry->height;
  return TRUE;
}

/**
 * confer_board_index_get_size:
 * @self: an index
 *
 * Counts the ids in the index.
 *
 * Returns: how many ids it has, up to %G_MAXUINT
 */
guint
confer_board_index_get_size (ConferBoardIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->entries);
}

/**
 * confer_board_index_clear:
 * @self: an index
 *
 * Takes every id out of the index; ids it gave out are freed.
 */
void
confer_board_index_clear (ConferBoardIndex *self)
{
  g_return_if_fail (self != NULL);

  node_free (self->root);
  self->root = node_new (0);
  g_hash_table_remove_all (self->entries);
}

static void
query_node (const Node           *node,
            const Box            *box,
            ConferBoardIndexFunc  func,
            gpointer              user_data)
{
  for (guint i = 0; i < node->n; i++)
    {
      if (!box_meets (&node->boxes[i], box))
        continue;
      if (node->level == 0)
        func (((const Entry *) node->items[i])->id, user_data);
      else
        query_node (node->items[i], box, func, user_data);
    }
}

/**
 * confer_board_index_query:
 * @self: an index
 * @x: the query box's left edge in scene px
 * @y: the query box's top edge in scene px
 * @width: the query box's width in scene px, at least 0 (0 for a line or
 *   a point)
 * @height: the query box's height in scene px, at least 0
 * @func: (scope call): called with each id found; it must not change the
 *   index
 * @user_data: passed to @func
 *
 * Calls @func with every id whose box meets the query box, edges and
 * corners included (a box touching it counts), in no particular order.
 */
void
confer_board_index_query (ConferBoardIndex     *self,
                          double                x,
                          double                y,
                          double                width,
                          double                height,
                          ConferBoardIndexFunc  func,
                          gpointer              user_data)
{
  Box box = box_new (x, y, width, height);

  g_return_if_fail (self != NULL);
  g_return_if_fail (width >= 0 && height >= 0);
  g_return_if_fail (func != NULL);

  query_node (self->root, &box, func, user_data);
}

static void
add_id (const char *id,
        gpointer    user_data)
{
  g_ptr_array_add (user_data, (gpointer) id);
}

/**
 * confer_board_index_query_ids:
 * @self: an index
 * @x: the query box's left edge in scene px
 * @y: the query box's top edge in scene px
 * @width: the query box's width in scene px, at least 0
 * @height: the query box's height in scene px, at least 0
 *
 * Lists the ids confer_board_index_query() would find, in no particular
 * order.
 *
 * Returns: (transfer container) (element-type utf8): the ids; they belong
 *   to the index and stay valid until it next changes
 */
GPtrArray *
confer_board_index_query_ids (ConferBoardIndex *self,
                              double            x,
                              double            y,
                              double            width,
                              double            height)
{
  GPtrArray *ids = g_ptr_array_new ();

  confer_board_index_query (self, x, y, width, height, add_id, ids);
  return ids;
}

/**
 * confer_board_index_get_bounds:
 * @self: an index
 * @x: (out) (optional): the left edge of all boxes in scene px
 * @y: (out) (optional): the top edge of all boxes in scene px
 * @width: (out) (optional): the width of all boxes in scene px
 * @height: (out) (optional): the height of all boxes in scene px
 *
 * Gives the smallest box that holds every box in the index, in O(1).
 *
 * Returns: %TRUE if the index has any box; if not, the outputs are left
 *   alone
 */
gboolean
confer_board_index_get_bounds (ConferBoardIndex *self,
                               double           *x,
                               double           *y,
                               double           *width,
                               double           *height)
{
  Box bounds;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->root->n == 0)
    return FALSE;
  bounds = node_cover (self->root);
  if (x != NULL)
    *x = bounds.x1;
  if (y != NULL)
    *y = bounds.y1;
  if (width != NULL)
    *width = bounds.x2 - bounds.x1;
  if (height != NULL)
    *height = bounds.y2 - bounds.y1;
  return TRUE;
}

static char *
check_node (const Node *node,
            guint      *n_entries)
{
  if (node->n > MAX_ENTRIES || (node->parent != NULL && node->n < MIN_ENTRIES))
    return g_strdup_printf ("a node of level %u has %u entries", node->level, node->n);
  if (node->parent == NULL && node->level > 0 && node->n < 2)
    return g_strdup_printf ("the root branch has %u entries", node->n);

  for (guint i = 0; i < node->n; i++)
    {
      if (node->level == 0)
        {
          const Entry *entry = node->items[i];

          if (entry->leaf != node || entry->slot != i)
            return g_strdup_printf ("%s does not point back to its leaf", entry->id);
          if (!box_equal (node->boxes[i], box_new (entry->x, entry->y, entry->width, entry->height)))
            return g_strdup_printf ("%s has a box other than its own", entry->id);
          (*n_entries)++;
        }
      else
        {
          const Node *child = node->items[i];
          char *problem;

          if (child->parent != node || child->slot != i)
            return g_strdup_printf ("a node of level %u does not point back to its parent", child->level);
          if (child->level + 1 != node->level)
            return g_strdup_printf ("a node of level %u is under one of level %u", child->level, node->level);
          if (child->n == 0 || !box_equal (node->boxes[i], node_cover (child)))
            return g_strdup_printf ("a node of level %u has a box other than its entries'", child->level);
          problem = check_node (child, n_entries);
          if (problem != NULL)
            return problem;
        }
    }
  return NULL;
}

/*
 * confer_board_index_check:
 * @self: an index
 *
 * Checks the tree: each node's box (kept in its parent) is exactly the
 * union of its entries' boxes; children are one level below their parent,
 * so every leaf is at the same depth; every node but the root holds from
 * MIN_ENTRIES to MAX_ENTRIES entries and a root branch at least two; each
 * node and entry points back to where it is; each id is in one leaf.
 *
 * Returns: (transfer full) (nullable): %NULL if all holds, or what does not
 */
char *
confer_board_index_check (ConferBoardIndex *self)
{
  guint n_entries = 0;
  char *problem;

  if (self->root->parent != NULL)
    return g_strdup ("the root has a parent");
  problem = check_node (self->root, &n_entries);
  if (problem != NULL)
    return problem;
  if (n_entries != g_hash_table_size (self->entries))
    return g_strdup_printf ("the tree holds %u entries and the table %u",
                            n_entries, g_hash_table_size (self->entries));
  return NULL;
}
