/* confer-blob.h: what a blob may be: its name, its type, its size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** CONFER_BLOB_MAX_SIZE: the largest blob a server takes, in bytes (10 MiB) */
#define CONFER_BLOB_MAX_SIZE (10 * 1024 * 1024)

gboolean    confer_blob_is_name     (const char   *name);
char       *confer_blob_name_for    (GBytes       *data);
const char *confer_blob_sniff_type  (const guint8 *data,
                                     gsize         n_bytes);

G_END_DECLS
