/* fuzz-link.c: libFuzzer target for confer_link_parse()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever is pasted or clicked: a link that parses prints back to one that
 * parses to the same thing.
 */
#include "config.h"

#include "confer-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(ConferLink) link = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(ConferLink) again = NULL;

  /* A critical is a crash in waiting. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  link = confer_link_parse (text, NULL);

  if (link == NULL)
    return 0;
  printed = confer_link_to_string (link);
  again = confer_link_parse (printed, NULL);
  g_assert (again != NULL);
  g_assert (g_str_equal (again->host, link->host) && again->port == link->port &&
            g_str_equal (again->session, link->session) &&
            g_strcmp0 (again->invite, link->invite) == 0 &&
            g_strcmp0 (again->fingerprint, link->fingerprint) == 0);
  return 0;
}
