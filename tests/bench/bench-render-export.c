/* bench-render-export.c: exporting pages of pressure strokes to PNG, PDF
 * and SVG, next to Xournal++ in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-render-export [--xournalpp PROGRAM] [--strokes N,N…] [--keep DIR]
 *        bench-render-export --export FORMAT IN.excalidraw OUT
 *
 * For each stroke count (10,000 and 50,000 unless told), makes that many
 * pen strokes of 50 points with drifting pressure on a 2000 × 2000 px page
 * (xorshift32 from 1, a hand moving with a velocity that drifts and
 * bounces off the page's edges) and writes them twice: as an .excalidraw
 * file of freedraw elements with their pressures, and as a Xournal++ .xopp
 * file of pressure strokes of the same ink width. Each export is then run
 * as its own process, timed from start to exit (reading the file, drawing,
 * writing the result) with its peak resident memory from wait4():
 * Confer's is this program with --export (confer_excalidraw_read_file()
 * and confer_render_export_to_file() at scale 1, white background, as
 * `confer-cli board export` draws), Xournal++'s is `xournalpp
 * --create-img` / `--create-pdf` (PNG 2000 px wide). Xournal++ is a GTK 3
 * program: run the benchmark under xvfb-run. The output is a Markdown
 * table for docs/benchmarks.md. With --keep, the pages and the exports
 * are left in DIR to be looked at; otherwise they go in a temporary
 * directory that is removed.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-strokes.h"
#include "confer-core.h"
#include "confer-render.h"

#define N_POINTS  BENCH_STROKE_POINTS
#define PAGE_SIDE 2000.0
/* Excalidraw draws a freedraw element with perfect-freehand's size
 * strokeWidth × 4.25 and thinning 0.6; a pressure p gives a radius of
 * size × (0.5 − 0.6 × (0.5 − p)) px (getStrokeRadius, no easing). */
static double stroke_width = 2;   /* --stroke-width: Excalidraw's "bold" */

typedef struct
{
  double  ms;        /* start to exit; -1 when it failed */
  double  peak_mb;   /* peak resident set, MiB */
  double  file_mb;   /* the result's size, MiB */
} Run;

/* The ink width, px, a pressure from 0 to 1 gives in both programs. */
static double
ink_width (double pressure)
{
  return 2 * stroke_width * 4.25 * (0.5 - 0.6 * (0.5 - pressure));
}

/* Writes @n_strokes strokes as @dir/strokes-N.excalidraw and
 * @dir/strokes-N.xopp (gzipped XML). */
static void
write_pages (const char *dir,
             guint       n_strokes)
{
  g_autoptr(GString) excalidraw = g_string_new ("{\"type\":\"excalidraw\",\"version\":2,\"source\":\"bench\",\"elements\":[");
  g_autoptr(GString) xopp = g_string_new ("<?xml version=\"1.0\" standalone=\"no\"?>\n"
                                          "<xournal creator=\"Xournal++ 1.1.3\" fileversion=\"4\">\n"
                                          "<title>bench</title>\n"
                                          "<page width=\"2000\" height=\"2000\">\n"
                                          "<background type=\"solid\" color=\"#ffffffff\" style=\"plain\"/>\n"
                                          "<layer>\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GConverter) gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6));
  g_autoptr(GFile) xopp_file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GOutputStream) zipped = NULL;
  g_autofree char *excalidraw_path = g_strdup_printf ("%s/strokes-%u.excalidraw", dir, n_strokes);
  g_autofree char *xopp_path = g_strdup_printf ("%s/strokes-%u.xopp", dir, n_strokes);
  double x[N_POINTS], y[N_POINTS], p[N_POINTS];
  guint32 random_state = 1;

  for (guint s = 0; s < n_strokes; s++)
    {
      double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

      bench_stroke_next (&random_state, PAGE_SIDE, x, y, p);
      for (guint i = 0; i < N_POINTS; i++)
        {
          min_x = MIN (min_x, x[i]);
          min_y = MIN (min_y, y[i]);
          max_x = MAX (max_x, x[i]);
          max_y = MAX (max_y, y[i]);
        }

      g_string_append_printf (excalidraw,
                              "%s{\"id\":\"s%u\",\"type\":\"freedraw\",\"x\":%.3f,\"y\":%.3f,"
                              "\"width\":%.3f,\"height\":%.3f,\"angle\":0,\"strokeColor\":\"#1e1e1e\","
                              "\"backgroundColor\":\"transparent\",\"fillStyle\":\"solid\",\"strokeWidth\":%g,"
                              "\"strokeStyle\":\"solid\",\"roughness\":0,\"opacity\":100,\"groupIds\":[],"
                              "\"frameId\":null,\"seed\":%u,\"version\":1,\"versionNonce\":%u,\"isDeleted\":false,"
                              "\"boundElements\":null,\"updated\":1,\"link\":null,\"locked\":false,"
                              "\"simulatePressure\":false,\"lastCommittedPoint\":null,\"points\":[",
                              s == 0 ? "" : ",", s, min_x, min_y, max_x - min_x, max_y - min_y,
                              stroke_width, s + 1, s + 1);
      for (guint i = 0; i < N_POINTS; i++)
        g_string_append_printf (excalidraw, "%s[%.3f,%.3f]", i == 0 ? "" : ",", x[i] - min_x, y[i] - min_y);
      g_string_append (excalidraw, "],\"pressures\":[");
      for (guint i = 0; i < N_POINTS; i++)
        g_string_append_printf (excalidraw, "%s%.4f", i == 0 ? "" : ",", p[i]);
      g_string_append (excalidraw, "]}");

      /* A pressure stroke in .xopp: the nominal width, then one width
       * for each segment. */
      g_string_append_printf (xopp, "<stroke tool=\"pen\" color=\"#1e1e1eff\" width=\"%.3f", ink_width (0.5));
      for (guint i = 0; i + 1 < N_POINTS; i++)
        g_string_append_printf (xopp, " %.3f", ink_width ((p[i] + p[i + 1]) / 2));
      g_string_append (xopp, "\">");
      for (guint i = 0; i < N_POINTS; i++)
        g_string_append_printf (xopp, "%s%.3f %.3f", i == 0 ? "" : " ", x[i], y[i]);
      g_string_append (xopp, "</stroke>\n");
    }
  g_string_append (excalidraw, "],\"appState\":{\"viewBackgroundColor\":\"#ffffff\"},\"files\":{}}");
  g_string_append (xopp, "</layer>\n</page>\n</xournal>\n");

  if (!g_file_set_contents (excalidraw_path, excalidraw->str, excalidraw->len, &error))
    g_error ("bench-render-export: %s", error->message);
  xopp_file = g_file_new_for_path (xopp_path);
  out = g_file_replace (xopp_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  if (out == NULL)
    g_error ("bench-render-export: %s", error->message);
  zipped = g_converter_output_stream_new (G_OUTPUT_STREAM (out), gzip);
  if (!g_output_stream_write_all (zipped, xopp->str, xopp->len, NULL, NULL, &error) ||
      !g_output_stream_close (zipped, NULL, &error))
    g_error ("bench-render-export: %s", error->message);
}

/* The child: one export, as confer-cli board export makes it. */
static int
export (const char *format_name,
        const char *in,
        const char *out)
{
  g_autoptr(GError) error = NULL;
  ConferExcalidrawScene *scene;
  ConferBoard *board;
  ConferExportFormat format;
  gboolean ok;

  if (!confer_export_format_from_name (format_name, &format))
    {
      fprintf (stderr, "bench-render-export: no format %s\n", format_name);
      return 2;
    }
  scene = confer_excalidraw_read_file (in, &error);
  if (scene == NULL)
    {
      fprintf (stderr, "bench-render-export: %s\n", error->message);
      return 1;
    }
  board = confer_board_new ();
  for (guint i = 0; i < scene->elements->len; i++)
    confer_board_put (board, g_ptr_array_index (scene->elements, i));
  ok = confer_render_export_to_file (board, scene->blobs, format, 1.0, "#ffffff", out, &error);
  confer_board_free (board);
  confer_excalidraw_scene_free (scene);
  if (!ok)
    {
      fprintf (stderr, "bench-render-export: %s\n", error->message);
      return 1;
    }
  return 0;
}

/* Runs @argv to its end; its time and peak memory, and the size of @out. */
static Run
measure (const char *const *argv,
         const char        *out)
{
  g_autoptr(GError) error = NULL;
  Run run = { .ms = -1 };
  struct rusage usage;
  GPid pid;
  int status;
  gint64 start;
  GStatBuf st;

  g_unlink (out);
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      fprintf (stderr, "bench-render-export: %s did not start: %s\n", argv[0], error->message);
      return run;
    }
  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0 ||
      g_stat (out, &st) != 0)
    {
      fprintf (stderr, "bench-render-export: %s failed on %s\n", argv[0], out);
      return run;
    }
  run.ms = (g_get_monotonic_time () - start) / 1000.0;
  run.peak_mb = usage.ru_maxrss / 1024.0;
  run.file_mb = st.st_size / (1024.0 * 1024.0);
  return run;
}

static void
print_cell (Run run)
{
  if (run.ms < 0)
    printf (" – |");
  else
    printf (" %.2f s, %.0f MiB, %.1f MiB file |", run.ms / 1000, run.peak_mb, run.file_mb);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xournalpp = NULL;
  g_autofree char *strokes = NULL;
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *keep = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) counts = NULL;
  GOptionEntry entries[] = {
    { "xournalpp", 0, 0, G_OPTION_ARG_FILENAME, &xournalpp, "Xournal++ to compare with", "PROGRAM" },
    { "strokes", 0, 0, G_OPTION_ARG_STRING, &strokes, "Stroke counts (10000,50000)", "N,N…" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Leave the pages and exports in DIR", "DIR" },
    { "stroke-width", 0, 0, G_OPTION_ARG_DOUBLE, &stroke_width, "Excalidraw's strokeWidth of the strokes (2)", "W" },
    { NULL }
  };
  static const char *formats[] = { "png", "pdf", "svg" };

  if (argc == 5 && g_str_equal (argv[1], "--export"))
    return export (argv[2], argv[3], argv[4]);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-render-export: %s\n", error->message);
      return 2;
    }
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (keep != NULL && g_mkdir_with_parents (keep, 0755) == 0)
    dir = g_strdup (keep);
  else if (keep == NULL)
    dir = g_dir_make_tmp ("confer-bench-export-XXXXXX", &error);
  if (self == NULL || dir == NULL)
    {
      fprintf (stderr, "bench-render-export: %s\n",
               error != NULL ? error->message : "no /proc/self/exe, or DIR could not be made");
      return 1;
    }
  counts = g_strsplit (strokes != NULL ? strokes : "10000,50000", ",", -1);

  printf ("| strokes × 50 points | format | Confer | Xournal++ %s |\n|---:|---|---|---|\n",
          xournalpp != NULL ? "1.1.3" : "(not run)");
  for (guint c = 0; counts[c] != NULL; c++)
    {
      guint n = (guint) g_ascii_strtoull (counts[c], NULL, 10);
      g_autofree char *excalidraw_path = g_strdup_printf ("%s/strokes-%u.excalidraw", dir, n);
      g_autofree char *xopp_path = g_strdup_printf ("%s/strokes-%u.xopp", dir, n);

      write_pages (dir, n);
      /* The pages on disk before any export is timed: an export's own
       * fsync() then waits for its file only, not for the pages too. */
      sync ();
      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autofree char *out = g_strdup_printf ("%s/confer-%u.%s", dir, n, formats[f]);
          g_autofree char *peer_out = g_strdup_printf ("%s/xournalpp-%u.%s", dir, n, formats[f]);
          g_autofree char *peer_option = g_strdup_printf ("%s=%s", g_str_equal (formats[f], "pdf") ? "--create-pdf" : "--create-img",
                                                          peer_out);
          const char *confer_argv[] = { self, "--export", formats[f], excalidraw_path, out, NULL };
          const char *peer_argv[] = { xournalpp, peer_option, "--export-png-width=2000", xopp_path, NULL };
          Run confer = measure (confer_argv, out);

          printf ("| %u | %s |", n, formats[f]);
          print_cell (confer);
          if (xournalpp != NULL)
            {
              /* Xournal++ names its PNG FILE-1.png when a document has
               * more than one page only; this one has one. */
              print_cell (measure (peer_argv, peer_out));
            }
          else
            printf (" – |");
          printf ("\n");
          fflush (stdout);
        }
    }
  if (keep == NULL)
    {
      g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
      const char *name;

      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return 0;
}
