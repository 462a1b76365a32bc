/* bench-board-index.c: the spatial index of a board's elements, at a
 * board's largest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-board-index
 *
 * CONFER_BOARD_MAX_ELEMENTS (100,000) elements over a 20,000 × 20,000 px
 * board, made by xorshift32 from 1: half strokes (10 to 800 px a side,
 * most of them small), half shapes and texts (40 to 400 px). Times, best
 * of RUNS runs: building the index one element at a time; 1,000 queries
 * of a 1920 × 1080 viewport at random places, and the same viewports found
 * by looking at every box (the hits are compared); 10,000 point queries
 * (a 1 × 1 box, as a pointer's hit test); 10,000 drag steps (an element
 * moved by up to 30 px); 10,000 moves to a random place. The output is a
 * Markdown table for docs/benchmarks.md.
 */
#include "config.h"

#include <stdio.h>

#include "bench-xorshift.h"
#include "confer-core.h"

#define RUNS 5
#define N_ELEMENTS CONFER_BOARD_MAX_ELEMENTS
#define BOARD_SIZE 20000.0
#define VIEWPORT_WIDTH 1920.0
#define VIEWPORT_HEIGHT 1080.0
#define N_VIEWPORTS 1000
#define N_POINTS 10000
#define N_MOVES 10000
#define DRAG_STEP 30.0

typedef struct
{
  char   id[16];
  double x, y, width, height;
} Element;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
count_hit (const char *id,
           gpointer    user_data)
{
  (*(guint64 *) user_data)++;
}

static void
make_elements (Element *elements,
               guint32 *state)
{
  for (guint i = 0; i < N_ELEMENTS; i++)
    {
      Element *e = &elements[i];

      g_snprintf (e->id, sizeof e->id, "el-%06u", i);
      if (i % 2 == 0)
        {
          double r = bench_xorshift_double (state);

          e->width = 10 + 790 * r * r * r;
          r = bench_xorshift_double (state);
          e->height = 10 + 790 * r * r * r;
        }
      else
        {
          e->width = 40 + 360 * bench_xorshift_double (state);
          e->height = 40 + 360 * bench_xorshift_double (state);
        }
      e->x = (BOARD_SIZE - e->width) * bench_xorshift_double (state);
      e->y = (BOARD_SIZE - e->height) * bench_xorshift_double (state);
    }
}

static ConferBoardIndex *
build (const Element *elements)
{
  ConferBoardIndex *index = confer_board_index_new ();

  for (guint i = 0; i < N_ELEMENTS; i++)
    confer_board_index_set (index, elements[i].id, elements[i].x, elements[i].y,
                            elements[i].width, elements[i].height);
  return index;
}

static guint64
query_all (ConferBoardIndex *index,
           const double     *places,
           guint             n_places,
           double            width,
           double            height)
{
  guint64 hits = 0;

  for (guint q = 0; q < n_places; q++)
    confer_board_index_query (index, places[2 * q], places[2 * q + 1], width, height, count_hit, &hits);
  return hits;
}

static guint64
scan_all (const Element *elements,
          const double  *places,
          guint          n_places,
          double         width,
          double         height)
{
  guint64 hits = 0;

  for (guint q = 0; q < n_places; q++)
    {
      double x = places[2 * q], y = places[2 * q + 1];

      for (guint i = 0; i < N_ELEMENTS; i++)
        {
          const Element *e = &elements[i];

          hits += e->x <= x + width && x <= e->x + e->width && e->y <= y + height && y <= e->y + e->height;
        }
    }
  return hits;
}

/* Moves N_MOVES random elements of @elements (and @index): by up to
 * DRAG_STEP px each way if @drag, else anywhere on the board. */
static void
move_all (ConferBoardIndex *index,
          Element          *elements,
          guint32          *state,
          gboolean          drag)
{
  for (guint m = 0; m < N_MOVES; m++)
    {
      Element *e = &elements[(guint) (bench_xorshift_double (state) * N_ELEMENTS)];

      if (drag)
        {
          e->x += DRAG_STEP * (2 * bench_xorshift_double (state) - 1);
          e->y += DRAG_STEP * (2 * bench_xorshift_double (state) - 1);
        }
      else
        {
          e->x = (BOARD_SIZE - e->width) * bench_xorshift_double (state);
          e->y = (BOARD_SIZE - e->height) * bench_xorshift_double (state);
        }
      confer_board_index_set (index, e->id, e->x, e->y, e->width, e->height);
    }
}

/* @hits is -1 for a row that finds nothing. */
static void
print_row (const char *name,
           guint       count,
           double      ms,
           gint64      hits)
{
  printf ("| %s | %u | %.2f | %.2f |", name, count, ms, 1000 * ms / count);
  if (hits >= 0)
    printf (" %.1f |\n", (double) hits / count);
  else
    printf (" – |\n");
}

int
main (void)
{
  g_autofree Element *elements = g_new (Element, N_ELEMENTS);
  g_autofree double *viewports = g_new (double, 2 * N_VIEWPORTS);
  g_autofree double *points = g_new (double, 2 * N_POINTS);
  g_autoptr(ConferBoardIndex) index = NULL;
  guint32 state = 1;
  double build_ms = G_MAXDOUBLE, viewport_ms = G_MAXDOUBLE, scan_ms = G_MAXDOUBLE;
  double point_ms = G_MAXDOUBLE, drag_ms = G_MAXDOUBLE, jump_ms = G_MAXDOUBLE;
  guint64 viewport_hits = 0, scan_hits = 0, point_hits = 0;

  make_elements (elements, &state);
  for (guint q = 0; q < N_VIEWPORTS; q++)
    {
      viewports[2 * q] = (BOARD_SIZE - VIEWPORT_WIDTH) * bench_xorshift_double (&state);
      viewports[2 * q + 1] = (BOARD_SIZE - VIEWPORT_HEIGHT) * bench_xorshift_double (&state);
    }
  for (guint q = 0; q < 2 * N_POINTS; q++)
    points[q] = BOARD_SIZE * bench_xorshift_double (&state);

  for (guint r = 0; r < RUNS; r++)
    {
      double start = now_ms ();

      g_clear_pointer (&index, confer_board_index_free);
      index = build (elements);
      build_ms = MIN (build_ms, now_ms () - start);
    }

  for (guint r = 0; r < RUNS; r++)
    {
      double start = now_ms ();

      viewport_hits = query_all (index, viewports, N_VIEWPORTS, VIEWPORT_WIDTH, VIEWPORT_HEIGHT);
      viewport_ms = MIN (viewport_ms, now_ms () - start);

      start = now_ms ();
      scan_hits = scan_all (elements, viewports, N_VIEWPORTS, VIEWPORT_WIDTH, VIEWPORT_HEIGHT);
      scan_ms = MIN (scan_ms, now_ms () - start);

      start = now_ms ();
      point_hits = query_all (index, points, N_POINTS, 1, 1);
      point_ms = MIN (point_ms, now_ms () - start);
    }

  for (guint r = 0; r < RUNS; r++)
    {
      double start = now_ms ();

      move_all (index, elements, &state, TRUE);
      drag_ms = MIN (drag_ms, now_ms () - start);

      start = now_ms ();
      move_all (index, elements, &state, FALSE);
      jump_ms = MIN (jump_ms, now_ms () - start);
    }

  /* The moved elements are where the index has them. */
  if (query_all (index, viewports, N_VIEWPORTS, VIEWPORT_WIDTH, VIEWPORT_HEIGHT) !=
      scan_all (elements, viewports, N_VIEWPORTS, VIEWPORT_WIDTH, VIEWPORT_HEIGHT) ||
      viewport_hits != scan_hits)
    {
      fprintf (stderr, "bench-board-index: the index and the scan found different elements\n");
      return 1;
    }

  printf ("%d elements on a %.0f × %.0f px board, best of %d runs.\n\n",
          N_ELEMENTS, BOARD_SIZE, BOARD_SIZE, RUNS);
  printf ("| operation | count | total (ms) | each (µs) | elements found, mean |\n");
  printf ("|---|---:|---:|---:|---:|\n");
  print_row ("build, one `set` an element", N_ELEMENTS, build_ms, -1);
  print_row ("1920 × 1080 viewport query", N_VIEWPORTS, viewport_ms, viewport_hits);
  print_row ("the same viewports by scanning every box", N_VIEWPORTS, scan_ms, scan_hits);
  print_row ("1 × 1 point query", N_POINTS, point_ms, point_hits);
  print_row ("drag step (≤ 30 px each way)", N_MOVES, drag_ms, -1);
  print_row ("move to a random place", N_MOVES, jump_ms, -1);
  return 0;
}
