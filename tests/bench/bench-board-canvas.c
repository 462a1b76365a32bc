/* bench-board-canvas.c: the board canvas in a real window — panning,
 * repainting one changed element, ink latency (local and remote) and
 * memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-board-canvas strokes|mixed N [--memory-only]
 *        bench-board-canvas floor
 *
 * Starts a real conferd, puts N elements on a board through the client
 * (`strokes`: the export benchmark's pressure strokes of 50 points on a
 * 2000 × 2000 page; `mixed`: a fifth each of strokes, sketched rectangles,
 * ellipses, arrows and texts on a 4000 × 4000 page), and opens it in a
 * ConferBoardCanvas filling a 1920 × 1080 window at 100 %. Run it with
 * GSK_RENDERER=cairo (no GPU) under Xvfb, or under a headless Weston
 * (GDK_BACKEND=wayland), whose shared-memory buffers GTK reuses. A frame's time is the main
 * thread's work from the frame clock's before-paint to its after-paint
 * (snapshot, GSK's cairo rendering, presenting), measured for:
 *   1. the first frame (every tile in view drawn);
 *   2. panning: 300 frames moving the view 6 px right and 3 px down each
 *      (tiles around the view are drawn between frames, as in use);
 *   3. damage: 100 frames after one element in view moved by 2 px;
 *   4. remote ink: a second participant (another client in this process)
 *      draws a stroke, a point every 16 ms sent as presence; the latency
 *      of a point is from its sending to the end of the first frame that
 *      shows it (through conferd and both clients' 30-a-second limits);
 *   5. local ink (X11 only): with the pen, xdotool drags the pointer over
 *      the canvas; the latency of a motion is from the canvas handling it
 *      to the end of the frame that shows it, and how many frames began in
 *      between;
 *   6. memory: the process's resident set with the board open and drawn.
 * With --memory-only, the second participant stays away and only the
 * first frames are drawn: the resident set is then what the app's board
 * costs (the app's own window and sidebar aside). `floor` measures what any
 * frame in which every pixel moves costs in this toolkit on this display:
 * a drawing area painting one ready 1920 × 1080 picture 6 px further each
 * frame, for 300 frames. Prints one JSON object.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <gdk/x11/gdkx.h>

#include "bench-stats.h"
#include "bench-strokes.h"
#include "confer-board-canvas.h"
#include "confer-slices.h"
#include "confer-test-server.h"

#define WIDTH        1920
#define HEIGHT       1080
#define PAN_FRAMES   300
#define DAMAGE_FRAMES 100
#define REMOTE_POINTS 200

typedef enum
{
  PHASE_WARM,
  PHASE_PAN,
  PHASE_DAMAGE,
  PHASE_REMOTE,
  PHASE_LOCAL,
  PHASE_DONE,
} Phase;

typedef struct
{
  GtkWidget         *window;
  ConferBoardCanvas *canvas;
  ConferClientBoard *board;
  ConferClientBoard *remote;
  GPtrArray         *ids;          /* the elements' ids */
  Phase              phase;
  guint              frames;       /* in this phase */
  gint64             paint_start;
  double             first_frame_ms;
  GArray            *pan_ms;
  GArray            *damage_ms;
  GArray            *remote_ms;
  GArray            *local_ms;
  guint              local_frames_max;
  GArray            *sent;          /* gint64 µs each remote point was sent */
  GArray            *stroke;        /* the remote stroke's points */
  guint              shown;         /* remote points shown so far */
  guint              arrived;       /* remote points arrived */
  GArray            *motions;       /* gint64 µs of motions not yet shown */
  guint64            frame_counter;
  GArray            *motion_frames; /* the frame counter at each motion */
  GSubprocess       *xdotool;
  gboolean           xdotool_done;
  guint32            random;
  gboolean           memory_only;
  GMainLoop         *loop;
} Bench;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Sorts @values, then their nearest-rank percentile; NAN if there are none. */
static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, bench_compare_doubles);
  return bench_percentile (values, p);
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len > 0 ? sum / values->len : NAN;
}

/* Elements */

static ConferBoardElement *
stroke_element (const char *id,
                guint32    *state,
                double      side)
{
  double x[BENCH_STROKE_POINTS], y[BENCH_STROKE_POINTS], p[BENCH_STROKE_POINTS], xy[2 * BENCH_STROKE_POINTS];
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  ConferBoardElement *element = confer_board_element_new (CONFER_BOARD_ELEMENT_FREEDRAW, id);
  ConferBoardValue points = { .kind = CONFER_BOARD_VALUE_DOUBLES }, pressures = { .kind = CONFER_BOARD_VALUE_DOUBLES };
  ConferBoardValue simulate = { .kind = CONFER_BOARD_VALUE_BOOLEAN, .boolean = FALSE };

  bench_stroke_next (state, side, x, y, p);
  for (guint i = 0; i < BENCH_STROKE_POINTS; i++)
    {
      x0 = MIN (x0, x[i]);
      y0 = MIN (y0, y[i]);
      x1 = MAX (x1, x[i]);
      y1 = MAX (y1, y[i]);
    }
  for (guint i = 0; i < BENCH_STROKE_POINTS; i++)
    {
      xy[2 * i] = x[i] - x0;
      xy[2 * i + 1] = y[i] - y0;
    }
  points.doubles = confer_board_doubles_new (xy, 2 * BENCH_STROKE_POINTS);
  pressures.doubles = confer_board_doubles_new (p, BENCH_STROKE_POINTS);
  confer_board_element_take (element, CONFER_BOARD_PROP_POINTS, &points);
  confer_board_element_take (element, CONFER_BOARD_PROP_PRESSURES, &pressures);
  confer_board_element_set (element, CONFER_BOARD_PROP_SIMULATE_PRESSURE, &simulate);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_X, x0);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, y0);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, x1 - x0);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, y1 - y0);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_ROUGHNESS, 0);
  return element;
}

static ConferBoardElement *
mixed_element (const char *id,
               guint       i,
               guint32    *state,
               double      side)
{
  static const ConferBoardElementType shapes[] = {
    CONFER_BOARD_ELEMENT_RECTANGLE, CONFER_BOARD_ELEMENT_ELLIPSE, CONFER_BOARD_ELEMENT_ARROW, CONFER_BOARD_ELEMENT_TEXT,
  };
  ConferBoardElement *element;
  double x, y, w, h;

  if (i % 5 == 0)
    return stroke_element (id, state, side);
  element = confer_board_element_new (shapes[i % 5 - 1], id);
  x = bench_xorshift_double (state) * (side - 200);
  y = bench_xorshift_double (state) * (side - 200);
  w = 40 + bench_xorshift_double (state) * 160;
  h = 30 + bench_xorshift_double (state) * 120;
  confer_board_element_set_number (element, CONFER_BOARD_PROP_X, x);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_Y, y);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_WIDTH, w);
  confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, h);
  if (element->type == CONFER_BOARD_ELEMENT_ARROW)
    {
      double xy[4] = { 0, 0, w, h };
      ConferBoardValue points = { .kind = CONFER_BOARD_VALUE_DOUBLES };

      points.doubles = confer_board_doubles_new (xy, 4);
      confer_board_element_take (element, CONFER_BOARD_PROP_POINTS, &points);
      confer_board_element_set_string (element, CONFER_BOARD_PROP_END_ARROWHEAD, "arrow");
    }
  else if (element->type == CONFER_BOARD_ELEMENT_TEXT)
    {
      g_autofree char *text = g_strdup_printf ("Note %u", i);

      confer_board_element_set_string (element, CONFER_BOARD_PROP_TEXT, text);
      confer_board_element_set_string (element, CONFER_BOARD_PROP_ORIGINAL_TEXT, text);
      confer_board_element_set_number (element, CONFER_BOARD_PROP_HEIGHT, 25);
    }
  return element;
}

static void
refused_cb (ConferClientBoard *board,
            const char        *code,
            const char        *message)
{
  g_error ("conferd refused a change: %s: %s", code, message);
}

/* In a process of its own (so that what making them costs does not
 * weigh on the measured one): puts the elements on the board through a
 * client of its own. */
static int
fill_board (const char *link,
            const char *board_id,
            gboolean    mixed,
            guint       n)
{
  g_autoptr(ConferClient) client = confer_test_client_new (link, "Maker");
  ConferClientBoard *board = confer_client_open_board (client, board_id);   /* the client's */
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify) confer_board_element_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = confer_fractional_index_n_between (NULL, NULL, n, &error);
  guint32 state = 1;

  if (keys == NULL || !confer_client_board_wait (board, FALSE, 15000, &error))
    g_error ("%s", error->message);
  g_signal_connect (board, "refused", G_CALLBACK (refused_cb), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      ConferBoardElement *element = mixed ? mixed_element (id, i, &state, 4000) : stroke_element (id, &state, 2000);

      confer_board_element_set_string (element, CONFER_BOARD_PROP_INDEX, keys[i]);
      g_ptr_array_add (elements, element);
    }
  if (!confer_client_board_add_elements (board, elements, &error) ||
      !confer_client_board_wait (board, TRUE, 300000, &error))
    g_error ("%s", error->message);
  return 0;
}

/* Frames */

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->paint_start = g_get_monotonic_time ();
  bench->frame_counter++;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  double ms = (g_get_monotonic_time () - bench->paint_start) / 1000.0;
  double end = now_ms ();

  if (bench->first_frame_ms < 0)
    bench->first_frame_ms = ms;
  if (bench->phase == PHASE_PAN && bench->frames > 0)
    g_array_append_val (bench->pan_ms, ms);
  else if (bench->phase == PHASE_DAMAGE && bench->frames > 0)
    g_array_append_val (bench->damage_ms, ms);
  /* Remote points that arrived before this frame began are on it. */
  for (; bench->shown < bench->arrived; bench->shown++)
    {
      double latency = end - g_array_index (bench->sent, gint64, bench->shown) / 1000.0;

      g_array_append_val (bench->remote_ms, latency);
    }
  for (guint i = 0; i < bench->motions->len; i++)
    {
      double latency = end - g_array_index (bench->motions, gint64, i) / 1000.0;
      guint64 began = bench->frame_counter - g_array_index (bench->motion_frames, guint64, i);

      g_array_append_val (bench->local_ms, latency);
      bench->local_frames_max = MAX (bench->local_frames_max, (guint) began);
    }
  g_array_set_size (bench->motions, 0);
  g_array_set_size (bench->motion_frames, 0);
}

/* The remote participant's presence arriving at the canvas's client. */
static void
presence_cb (ConferClientBoard *board,
             const char        *participant,
             Bench             *bench)
{
  const ConferBoardPresence *presence = confer_client_board_get_presence (board, participant);

  if (presence != NULL && presence->stroke != NULL)
    bench->arrived = MAX (bench->arrived, MIN (presence->stroke->len / 3, bench->sent->len));
}

static gboolean
remote_point_cb (gpointer data)
{
  Bench *bench = data;
  ConferBoardPresence presence = { 0, };
  double point[3];
  gint64 sent = g_get_monotonic_time ();

  if (bench->sent->len >= REMOTE_POINTS)
    return G_SOURCE_REMOVE;
  point[0] = 400 + bench->sent->len * 4;
  point[1] = 300 + 40 * sin (bench->sent->len / 10.0);
  point[2] = 0.5;
  g_array_append_vals (bench->stroke, point, 3);
  g_array_append_val (bench->sent, sent);
  presence.stroke = bench->stroke;
  confer_client_board_set_presence (bench->remote, &presence);
  return G_SOURCE_CONTINUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           Bench                    *bench)
{
  gint64 t = g_get_monotonic_time ();

  if (bench->phase != PHASE_LOCAL)
    return;
  g_array_append_val (bench->motions, t);
  g_array_append_val (bench->motion_frames, bench->frame_counter);
}

static void
xdotool_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Bench *bench = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  bench->xdotool_done = TRUE;
}

static void
start_local (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (bench->window));
  g_autofree char *window = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;

  confer_board_canvas_set_tool (bench->canvas, CONFER_BOARD_TOOL_PEN);
  g_strv_builder_add_many (builder, "xdotool", "mousemove", "--window", window, "600", "600", "mousedown", "1", NULL);
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *x = g_strdup_printf ("%u", 600 + i * 5);
      g_autofree char *y = g_strdup_printf ("%d", 600 + (int) (60 * sin (i / 8.0)));

      g_strv_builder_add_many (builder, "mousemove", "--window", window, x, y, "sleep", "0.012", NULL);
    }
  g_strv_builder_add_many (builder, "mouseup", "1", NULL);
  argv = g_strv_builder_end (builder);
  bench->xdotool = g_subprocess_newv ((const char *const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (bench->xdotool == NULL)
    g_error ("xdotool: %s", error->message);
  g_subprocess_wait_async (bench->xdotool, NULL, xdotool_done_cb, bench);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Bench *bench = data;

  bench->frames++;
  switch (bench->phase)
    {
    case PHASE_WARM:
      /* The first frame, then time for the tiles around the view. */
      if (bench->frames >= 90 && bench->memory_only)
        {
          bench->phase = PHASE_DONE;
          g_main_loop_quit (bench->loop);
          return G_SOURCE_REMOVE;
        }
      if (bench->frames >= 90)
        {
          g_debug ("panning from %.6f s", g_get_monotonic_time () / 1e6);
          bench->phase = PHASE_PAN;
          bench->frames = 0;
        }
      break;
    case PHASE_PAN:
      confer_board_canvas_pan (bench->canvas, 6, 3);
      if (bench->frames > PAN_FRAMES)
        {
          g_debug ("panned until %.6f s", g_get_monotonic_time () / 1e6);
          bench->phase = PHASE_DAMAGE;
          bench->frames = 0;
        }
      break;
    case PHASE_DAMAGE:
      {
        double vx, vy;
        int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

        confer_board_canvas_get_view (bench->canvas, &vx, &vy);
        for (guint tries = 0; tries < 1000; tries++)
          {
            const char *id = g_ptr_array_index (bench->ids, (guint) (bench_xorshift_double (&bench->random) * bench->ids->len));
            const ConferBoardElement *element = confer_board_lookup (confer_client_board_get_board (bench->board), id);
            double x = confer_board_element_get_number (element, CONFER_BOARD_PROP_X);
            double y = confer_board_element_get_number (element, CONFER_BOARD_PROP_Y);

            if (x > vx && y > vy && x < vx + width && y < vy + height)
              {
                g_autoptr(ConferBoardTx) tx = confer_board_tx_new ();

                confer_board_tx_set_number (tx, id, CONFER_BOARD_PROP_X, x + 2);
                confer_client_board_apply (bench->board, tx, FALSE, NULL);
                break;
              }
          }
        if (bench->frames > DAMAGE_FRAMES)
          {
            bench->phase = PHASE_REMOTE;
            bench->frames = 0;
            g_timeout_add (16, remote_point_cb, bench);
          }
      }
      break;
    case PHASE_REMOTE:
      gtk_widget_queue_draw (widget);
      if (bench->shown >= REMOTE_POINTS || bench->frames > 1200)
        {
          bench->phase = PHASE_LOCAL;
          bench->frames = 0;
          /* xdotool drives X11 only: on Wayland there is no local ink. */
          if (GDK_IS_X11_DISPLAY (gtk_widget_get_display (widget)))
            start_local (bench);
          else
            bench->xdotool_done = TRUE;
        }
      break;
    case PHASE_LOCAL:
      if (bench->xdotool_done || bench->frames > 1200)
        {
          bench->phase = PHASE_DONE;
          g_main_loop_quit (bench->loop);
          return G_SOURCE_REMOVE;
        }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* The display's kind and @widget's size, as JSON members. */
static char *
describe_view (GtkWidget *widget)
{
  return g_strdup_printf ("\"display\":\"%s\",\"view\":\"%dx%d\"",
                          GDK_IS_X11_DISPLAY (gtk_widget_get_display (widget)) ? "x11" : "wayland",
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

static void
bench_init (Bench *bench)
{
  bench->pan_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->damage_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->remote_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->local_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->stroke = g_array_new (FALSE, FALSE, sizeof (double));
  bench->motions = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->motion_frames = g_array_new (FALSE, FALSE, sizeof (guint64));
  bench->first_frame_ms = -1;
}

/* The floor: the cheapest frame whose every pixel moved. */
static void
draw_picture_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        data)
{
  Bench *bench = data;
  cairo_surface_t *picture = g_object_get_data (G_OBJECT (area), "picture");

  cairo_set_source_surface (cr, picture, -(double) (bench->frames * 6 % 400), -(double) (bench->frames * 3 % 200));
  cairo_paint (cr);
}

static gboolean
floor_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  Bench *bench = data;

  bench->frames++;
  gtk_widget_queue_draw (widget);
  if (bench->frames > PAN_FRAMES)
    {
      g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static int
measure_floor (void)
{
  Bench bench = { 0, };
  GtkWidget *area = gtk_drawing_area_new ();
  cairo_surface_t *picture = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH + 400, HEIGHT + 200);
  cairo_t *cr = cairo_create (picture);
  GdkFrameClock *clock;
  g_autofree char *view = NULL;

  /* Something to copy: a grid of shades. */
  for (int y = 0; y < HEIGHT + 200; y += 20)
    for (int x = 0; x < WIDTH + 400; x += 20)
      {
        cairo_set_source_rgb (cr, (x % 255) / 255.0, (y % 255) / 255.0, 0.5);
        cairo_rectangle (cr, x, y, 20, 20);
        cairo_fill (cr);
      }
  cairo_destroy (cr);
  bench_init (&bench);
  bench.phase = PHASE_PAN;
  bench.loop = g_main_loop_new (NULL, FALSE);
  g_object_set_data_full (G_OBJECT (area), "picture", picture, (GDestroyNotify) cairo_surface_destroy);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_picture_cb, &bench, NULL);
  bench.window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (bench.window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (bench.window), area);
  gtk_window_present (GTK_WINDOW (bench.window));
  clock = gtk_widget_get_frame_clock (bench.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  gtk_widget_add_tick_callback (area, floor_tick_cb, &bench, NULL);
  g_main_loop_run (bench.loop);
  view = describe_view (area);
  printf ("{\"board\":\"floor\",%s,\"renderer\":\"%s\",\"frame_ms\":{\"frames\":%u,\"mean\":%.2f,\"p50\":%.2f,"
          "\"p95\":%.2f,\"max\":%.2f}}\n",
          view, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default", bench.pan_ms->len,
          mean (bench.pan_ms), percentile (bench.pan_ms, 0.5), percentile (bench.pan_ms, 0.95), percentile (bench.pan_ms, 1));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConferTestServer) server = NULL;
  g_autoptr(ConferClient) client = NULL;
  g_autoptr(ConferClient) other = NULL;
  g_autoptr(ConferItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  int status;
  GtkEventController *motion;
  GdkFrameClock *clock;
  g_autofree char *view = NULL;
  Bench bench = { 0, };
  gboolean mixed;
  guint n;
  gsize rss;

  /* Allocating as the app does (its main()). */
  confer_slices_use_malloc (argv);
  if (argc == 6 && g_str_equal (argv[1], "--fill"))
    return fill_board (argv[2], argv[3], g_str_equal (argv[4], "mixed"), (guint) atoi (argv[5]));
  if (argc == 2 && g_str_equal (argv[1], "floor"))
    {
      gtk_init ();
      return measure_floor ();
    }
  if (argc < 3 || argc > 4 || (g_strcmp0 (argv[1], "strokes") != 0 && g_strcmp0 (argv[1], "mixed") != 0) ||
      (argc == 4 && g_strcmp0 (argv[3], "--memory-only") != 0))
    {
      fprintf (stderr, "Usage: bench-board-canvas strokes|mixed N [--memory-only]\n"
                       "       bench-board-canvas floor\n");
      return 2;
    }
  bench.memory_only = argc == 4;
  mixed = g_str_equal (argv[1], "mixed");
  n = (guint) atoi (argv[2]);
  gtk_init ();

  server = confer_test_server_start (FALSE);
  client = confer_test_client_new (server->link, "Ann");
  if (!bench.memory_only)
    other = confer_test_client_new (server->link, "Bob");
  if ((item = confer_client_create_item (client, CONFER_ITEM_KIND_BOARD, "Bench", 15000, &error)) == NULL)
    g_error ("%s", error->message);
  count = g_strdup_printf ("%u", n);
  if (!g_spawn_sync (NULL, (char *[]) { argv[0], "--fill", server->link, (char *) confer_item_get_id (item),
                                        mixed ? "mixed" : "strokes", count, NULL },
                     NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Filling the board: %s", error->message);
  bench.ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (bench.ids, g_strdup_printf ("e%u", i));
  bench.board = confer_client_open_board (client, confer_item_get_id (item));
  if (!bench.memory_only)
    bench.remote = confer_client_open_board (other, confer_item_get_id (item));
  if (!confer_client_board_wait (bench.board, TRUE, 300000, &error) ||
      (bench.remote != NULL && !confer_client_board_wait (bench.remote, TRUE, 300000, &error)))
    g_error ("%s", error->message);
  if (confer_board_get_n_live (confer_client_board_get_board (bench.board)) != n)
    g_error ("The board has %u elements, not %u", confer_board_get_n_live (confer_client_board_get_board (bench.board)), n);

  bench_init (&bench);
  bench.random = 7;
  bench.loop = g_main_loop_new (NULL, FALSE);

  bench.window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (bench.window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), WIDTH, HEIGHT);
  bench.canvas = CONFER_BOARD_CANVAS (confer_board_canvas_new (client, bench.board));
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (bench.canvas));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), &bench);
  gtk_widget_add_controller (GTK_WIDGET (bench.canvas), motion);
  g_signal_connect (bench.board, "presence", G_CALLBACK (presence_cb), &bench);
  gtk_window_present (GTK_WINDOW (bench.window));
  confer_board_canvas_set_view (bench.canvas, 0, 0, 1);
  clock = gtk_widget_get_frame_clock (bench.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.canvas), tick_cb, &bench, NULL);
  g_main_loop_run (bench.loop);

  rss = confer_test_rss_kib (getpid ());
  if (bench.memory_only)
    {
      printf ("{\"board\":\"%s\",\"elements\":%u,\"renderer\":\"%s\",\"first_frame_ms\":%.1f,\"rss_mib\":%.1f}\n",
              argv[1], n, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default",
              bench.first_frame_ms, rss / 1024.0);
      return 0;
    }
  view = describe_view (GTK_WIDGET (bench.canvas));
  printf ("{\"board\":\"%s\",\"elements\":%u,%s,\"renderer\":\"%s\",\"first_frame_ms\":%.1f,"
          "\"pan_ms\":{\"frames\":%u,\"mean\":%.2f,\"p50\":%.2f,\"p95\":%.2f,\"max\":%.2f},"
          "\"damage_ms\":{\"frames\":%u,\"mean\":%.2f,\"p50\":%.2f,\"p95\":%.2f,\"max\":%.2f},"
          "\"remote_ink_ms\":{\"points\":%u,\"p50\":%.1f,\"p95\":%.1f,\"max\":%.1f},"
          "\"local_ink_ms\":{\"motions\":%u,\"p50\":%.1f,\"p95\":%.1f,\"max\":%.1f,\"frames_begun_between_max\":%u},"
          "\"rss_mib\":%.1f}\n",
          argv[1], n, view, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default",
          bench.first_frame_ms, bench.pan_ms->len, mean (bench.pan_ms), percentile (bench.pan_ms, 0.5), percentile (bench.pan_ms, 0.95),
          percentile (bench.pan_ms, 1), bench.damage_ms->len, mean (bench.damage_ms), percentile (bench.damage_ms, 0.5),
          percentile (bench.damage_ms, 0.95), percentile (bench.damage_ms, 1), bench.remote_ms->len,
          percentile (bench.remote_ms, 0.5), percentile (bench.remote_ms, 0.95), percentile (bench.remote_ms, 1),
          bench.local_ms->len, percentile (bench.local_ms, 0.5), percentile (bench.local_ms, 0.95),
          percentile (bench.local_ms, 1), bench.local_frames_max, rss / 1024.0);
  return 0;
}
