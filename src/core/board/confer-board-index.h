/* confer-board-index.h: a spatial index of a board's elements (an R-tree)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ConferBoardIndex:
 *
 * The boxes of a board's elements, keyed by element id, in a dynamic
 * R-tree, so that a canvas can find what a viewport or a pointer meets
 * without looking at every element. Boxes are axis-aligned rectangles in
 * scene pixels.
 *
 * Setting, moving and removing an element cost O(log n); a query costs
 * O(log n) plus the number of boxes it finds.
 *
 * An index is not thread-safe; it does no locking.
 */
typedef struct _ConferBoardIndex ConferBoardIndex;

/**
 * ConferBoardIndexFunc:
 * @id: the id of an element whose box meets the query's, owned by the index
 * @user_data: the data passed to confer_board_index_query()
 *
 * Called by confer_board_index_query() for each element it finds. It must
 * not change the index.
 */
typedef void (*ConferBoardIndexFunc) (const char *id,
                                      gpointer    user_data);

ConferBoardIndex *confer_board_index_new        (void);
void              confer_board_index_free       (ConferBoardIndex     *self);
void              confer_board_index_set        (ConferBoardIndex     *self,
                                                 const char           *id,
                                                 double                x,
                                                 double                y,
                                                 double                width,
                                                 double                height);
gboolean          confer_board_index_remove     (ConferBoardIndex     *self,
                                                 const char           *id);
gboolean          confer_board_index_get        (ConferBoardIndex     *self,
                                                 const char           *id,
                                                 double               *x,
                                                 double               *y,
                                                 double               *width,
                                                 double               *height);
guint             confer_board_index_get_size   (ConferBoardIndex     *self);
void              confer_board_index_clear      (ConferBoardIndex     *self);
void              confer_board_index_query      (ConferBoardIndex     *self,
                                                 double                x,
                                                 double                y,
                                                 double                width,
                                                 double                height,
                                                 ConferBoardIndexFunc  func,
                                                 gpointer              user_data);
GPtrArray        *confer_board_index_query_ids  (ConferBoardIndex     *self,
                                                 double                x,
                                                 double                y,
                                                 double                width,
                                                 double                height);
gboolean          confer_board_index_get_bounds (ConferBoardIndex     *self,
                                                 double               *x,
                                                 double               *y,
                                                 double               *width,
                                                 double               *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferBoardIndex, confer_board_index_free)

G_END_DECLS
