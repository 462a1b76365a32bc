/* confer-server-store-private.h: what the store's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "confer-database.h"
#include "confer-server-store.h"

G_BEGIN_DECLS

struct _ConferServerStore
{
  GObject         parent_instance;

  ConferDatabase *db;
  gint64          journal_rows;
};

G_END_DECLS
