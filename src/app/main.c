/* main.c: the confer program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "confer-application.h"
#include "confer-renderer.h"
#include "confer-slices.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferApplication) app = NULL;

  confer_slices_use_malloc (argv);
  confer_renderer_choose ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = confer_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
