/* confer-rope.h: UTF-8 text in a B-tree, addressed by code point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ConferRope:
 *
 * The text of one document: valid UTF-8 held in a B-tree of small leaves,
 * addressed by Unicode code point offsets (the unit of ot-text-unicode
 * operations and of `GtkTextIter` offsets).
 *
 * Inserting, deleting and slicing cost O(log n) plus the size of the edit;
 * the length in code points and in bytes is read in O(1). Edits that land
 * near the previous one (typing) skip the descent from the root.
 *
 * A rope is not thread-safe; it does no locking.
 */
typedef struct _ConferRope ConferRope;

ConferRope *confer_rope_new             (void);
ConferRope *confer_rope_new_from_text   (const char   *text,
                                         gssize        n_bytes,
                                         GError      **error);
void        confer_rope_free            (ConferRope   *self);
gsize       confer_rope_get_length      (const ConferRope *self);
gsize       confer_rope_get_n_bytes     (const ConferRope *self);
void        confer_rope_insert          (ConferRope   *self,
                                         gsize         pos,
                                         const char   *text,
                                         gsize         n_bytes,
                                         gsize         n_chars);
void        confer_rope_delete          (ConferRope   *self,
                                         gsize         pos,
                                         gsize         n_chars);
char       *confer_rope_slice           (const ConferRope *self,
                                         gsize         start,
                                         gsize         end,
                                         gsize        *n_bytes);
gboolean    confer_rope_matches         (const ConferRope *self,
                                         gsize         pos,
                                         const char   *text,
                                         gsize         n_bytes);
char       *confer_rope_to_string       (const ConferRope *self,
                                         gsize        *n_bytes);
gboolean    confer_rope_check           (const ConferRope *self);

gsize       confer_utf8_count_chars     (const char   *text,
                                         gsize         n_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConferRope, confer_rope_free)

G_END_DECLS
