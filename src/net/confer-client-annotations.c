/* confer-client-annotations.c: ink drawn over the call's shared screens,
 * as a client sees and sends it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server relays a screen's annotations to the members of the
 * sharer's room (docs/protocol.md, "Annotations"): strokes being drawn
 * (`annotation.draw`), finished ones (`annotation.added`, and
 * `annotation.list` for what was drawn before this side came in), and
 * `annotation.cleared`. This object keeps them per screen while this side
 * is in the call, and forgets them all when it leaves (or its connection
 * drops: the next member it becomes gets the lists again).
 */
#define G_LOG_DOMAIN "confer-client-annotations"

#include "config.h"

#include "confer-client-private.h"

/* The annotations of one shared screen. */
typedef struct
{
  GPtrArray  *finished;  /* ConferAnnotation, in the server's order */
  GHashTable *drawing;   /* author member id -> ConferAnnotation being drawn */
} Screen;

struct _ConferClientAnnotations
{
  GObject       parent_instance;

  ConferClient *client;    /* unowned: the client owns this */
  GHashTable   *screens;   /* sharer's member id -> Screen */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ConferClientAnnotations, confer_client_annotations, G_TYPE_OBJECT)

static void
annotation_free (ConferAnnotation *annotation)
{
  g_free (annotation->id);
  g_free (annotation->member);
  g_free (annotation->participant);
  g_array_unref (annotation->points);
  g_free (annotation);
}

static void
screen_free (Screen *screen)
{
  g_ptr_array_unref (screen->finished);
  g_hash_table_unref (screen->drawing);
  g_free (screen);
}

static void
confer_client_annotations_finalize (GObject *object)
{
  ConferClientAnnotations *self = CONFER_CLIENT_ANNOTATIONS (object);

  g_hash_table_unref (self->screens);

  G_OBJECT_CLASS (confer_client_annotations_parent_class)->finalize (object);
}

static void
confer_client_annotations_class_init (ConferClientAnnotationsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = confer_client_annotations_finalize;

  /**
   * ConferClientAnnotations::changed:
   * @screen: the sharer's member id whose annotations changed
   *
   * A stroke was drawn further, finished, given up, or the screen's
   * annotations were cleared (or forgotten: this side left the call).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
confer_client_annotations_init (ConferClientAnnotations *self)
{
  self->screens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) screen_free);
}

/* This side left the call: what it knew of its screens is stale. */
static void
member_id_cb (ConferClientAnnotations *self,
              GParamSpec              *pspec,
              ConferClientCall        *call)
{
  g_autoptr(GPtrArray) screens = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer screen;

  if (confer_client_call_get_member_id (call) != NULL)
    return;
  g_hash_table_iter_init (&iter, self->screens);
  while (g_hash_table_iter_next (&iter, &screen, NULL))
    g_ptr_array_add (screens, g_strdup (screen));
  g_hash_table_remove_all (self->screens);
  for (guint i = 0; i < screens->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, screens->pdata[i]);
}

/**
 * confer_client_annotations_new:
 * @client: the client (not referenced: it owns the annotations)
 *
 * Returns: (transfer full): no annotations, following @client's call
 */
ConferClientAnnotations *
confer_client_annotations_new (ConferClient *client)
{
  ConferClientAnnotations *self = g_object_new (CONFER_TYPE_CLIENT_ANNOTATIONS, NULL);

  self->client = client;
  g_signal_connect_object (confer_client_get_call (client), "notify::member-id", G_CALLBACK (member_id_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

static Screen *
screen_of (ConferClientAnnotations *self,
           const char              *id)
{
  Screen *screen = g_hash_table_lookup (self->screens, id);

  if (screen == NULL)
    {
      screen = g_new0 (Screen, 1);
      screen->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) annotation_free);
      screen->drawing = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) annotation_free);
      g_hash_table_insert (self->screens, g_strdup (id), screen);
    }
  return screen;
}

/* Reads a stroke of the server's (`annotation.added`'s `annotation`, an
 * entry of `annotation.list`, or `annotation.draw` itself), checked as
 * the server checks a sender's; %NULL (with a warning) if it is not one. */
static ConferAnnotation *
read_annotation (JsonObject *object,
                 gboolean    finished)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  ConferAnnotation *annotation;

  if (!confer_annotation_read_stroke (json_object_get_member (object, "stroke"), !finished, points, &error))
    {
      g_warning ("The server sent an annotation this client cannot draw: %s", error->message);
      return NULL;
    }
  annotation = g_new0 (ConferAnnotation, 1);
  annotation->id = finished ? g_strdup (json_object_get_string_member (object, "id")) : NULL;
  annotation->member = g_strdup (json_object_get_string_member (object, "member"));
  annotation->participant = g_strdup (json_object_get_string_member (object, "participant"));
  annotation->points = g_steal_pointer (&points);
  return annotation;
}

/* Adds a finished stroke (its author's stroke being drawn goes). */
static void
add_finished (ConferClientAnnotations *self,
              const char              *screen_id,
              JsonObject              *object)
{
  ConferAnnotation *annotation = read_annotation (object, TRUE);
  Screen *screen;

  if (annotation == NULL)
    return;
  screen = screen_of (self, screen_id);
  if (screen->finished->len >= CONFER_ANNOTATION_MAX_STROKES)
    {
      g_warning ("The server sent more annotations than a screen keeps");
      annotation_free (annotation);
      return;
    }
  g_hash_table_remove (screen->drawing, annotation->member);
  g_ptr_array_add (screen->finished, annotation);
}

/**
 * confer_client_annotations_handle:
 * @self: the annotations
 * @message: `annotation.draw`, `annotation.added`, `annotation.list` or
 *   `annotation.cleared` from the server, checked by
 *   confer_server_frame_check()
 *
 * Takes in what the server relayed; ignored while this side is not in
 * the call.
 */
void
confer_client_annotations_handle (ConferClientAnnotations *self,
                                  ConferMessage           *message)
{
  const char *type = confer_message_get_type_name (message);
  JsonObject *object = confer_message_get_object (message);
  const char *screen_id = json_object_get_string_member (object, "screen");

  if (confer_client_call_get_member_id (confer_client_get_call (self->client)) == NULL)
    return;
  if (g_str_equal (type, "annotation.draw"))
    {
      ConferAnnotation *annotation = read_annotation (object, FALSE);
      Screen *screen;

      if (annotation == NULL)
        return;
      screen = screen_of (self, screen_id);
      if (annotation->points->len == 0)
        {
          g_hash_table_remove (screen->drawing, annotation->member);
          annotation_free (annotation);
        }
      else
        g_hash_table_replace (screen->drawing, annotation->member, annotation);
    }
  else if (g_str_equal (type, "annotation.added"))
    add_finished (self, screen_id, json_object_get_object_member (object, "annotation"));
  else if (g_str_equal (type, "annotation.list"))
    {
      JsonArray *annotations = json_object_get_array_member (object, "annotations");

      g_hash_table_remove (self->screens, screen_id);
      for (guint i = 0; i < json_array_get_length (annotations); i++)
        add_finished (self, screen_id, json_array_get_object_element (annotations, i));
    }
  else if (g_str_equal (type, "annotation.cleared"))
    g_hash_table_remove (self->screens, screen_id);
  else
    return;
  g_signal_emit (self, signals[CHANGED], 0, screen_id);
}

/**
 * confer_client_annotations_list:
 * @self: the annotations
 * @screen: the sharer's member id
 *
 * Returns: (transfer container) (element-type ConferAnnotation): the
 *   screen's finished strokes in the order they were added, then the
 *   strokes others are drawing; the strokes stay the object's and last
 *   until the next ::changed of @screen
 */
GPtrArray *
confer_client_annotations_list (ConferClientAnnotations *self,
                                const char              *screen)
{
  GPtrArray *list = g_ptr_array_new ();
  Screen *found;

  g_return_val_if_fail (CONFER_IS_CLIENT_ANNOTATIONS (self), list);
  g_return_val_if_fail (screen != NULL, list);

  if ((found = g_hash_table_lookup (self->screens, screen)) != NULL)
    {
      GHashTableIter iter;
      gpointer drawing;

      for (guint i = 0; i < found->finished->len; i++)
        g_ptr_array_add (list, found->finished->pdata[i]);
      g_hash_table_iter_init (&iter, found->drawing);
      while (g_hash_table_iter_next (&iter, NULL, &drawing))
        g_ptr_array_add (list, drawing);
    }
  return list;
}

static ConferMessage *
stroke_message (const char   *type,
                const char   *screen,
                const double *points,
                guint         n_points)
{
  ConferMessage *message = confer_message_new (type);

  json_object_set_string_member (confer_message_get_object (message), "screen", screen);
  json_object_set_array_member (confer_message_get_object (message), "stroke",
                                confer_annotation_stroke_json (points, n_points));
  return message;
}

/**
 * confer_client_annotations_draw:
 * @self: the annotations, this side in the call
 * @screen: the sharer's member id
 * @points: (array length=n_points) (nullable): x, y and pressure of each
 *   point of the stroke so far, three doubles a point (screen px; 0–1)
 * @n_points: how many points, at most %CONFER_ANNOTATION_MAX_POINTS; 0
 *   when the stroke is given up
 *
 * Shows the others in the room the stroke this side is drawing
 * (`annotation.draw`, the whole stroke each time; callers send it at most
 * at their frame rate, the server relays it at most every
 * %CONFER_ANNOTATION_DRAW_INTERVAL_MS). Nothing answers it; a refusal is
 * only logged.
 */
void
confer_client_annotations_draw (ConferClientAnnotations *self,
                                const char              *screen,
                                const double            *points,
                                guint                    n_points)
{
  g_autoptr(ConferMessage) draw = NULL;

  g_return_if_fail (CONFER_IS_CLIENT_ANNOTATIONS (self));
  g_return_if_fail (screen != NULL && (points != NULL || n_points == 0));

  if (n_points > CONFER_ANNOTATION_MAX_POINTS ||
      confer_client_call_get_member_id (confer_client_get_call (self->client)) == NULL)
    return;
  draw = stroke_message ("annotation.draw", screen, points, n_points);
  confer_connection_send (confer_client_get_connection (self->client), draw);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  ConferClientAnnotations *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferMessage) answer = confer_client_request_finish (CONFER_CLIENT (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The answer is the sender's copy of what the room hears. */
  confer_client_annotations_handle (self, answer);
  g_task_return_boolean (task, TRUE);
}

/**
 * confer_client_annotations_add_async:
 * @self: the annotations, this side in the call
 * @screen: the sharer's member id
 * @points: (array length=n_points): x, y and pressure of each point of
 *   the finished stroke, three doubles a point (screen px; 0–1)
 * @n_points: how many points, 1 to %CONFER_ANNOTATION_MAX_POINTS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Adds a finished stroke to @screen (`annotation.add`): everyone in the
 * room gets it, and it is in confer_client_annotations_list() once the
 * server's answer came.
 */
void
confer_client_annotations_add_async (ConferClientAnnotations *self,
                                     const char              *screen,
                                     const double            *points,
                                     guint                    n_points,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ConferMessage) add = NULL;

  g_return_if_fail (CONFER_IS_CLIENT_ANNOTATIONS (self));
  g_return_if_fail (screen != NULL && points != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_client_annotations_add_async);
  add = stroke_message ("annotation.add", screen, points, n_points);
  confer_client_request_async (self->client, add, cancellable, answered_cb, g_steal_pointer (&task));
}

/**
 * confer_client_annotations_add_finish:
 * @self: the annotations
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the stroke is added; %FALSE with the server's
 *   refusal as a %CONFER_PROTOCOL_ERROR — %_UNKNOWN_MEMBER (nobody
 *   shares that screen in this side's room any more), %_NOT_IN_CALL,
 *   %_TOO_LARGE (over %CONFER_ANNOTATION_MAX_POINTS points),
 *   %_LIMIT_REACHED (the screen keeps as many as it may),
 *   %_RATE_LIMITED, %_BAD_MESSAGE — or %G_IO_ERROR_NOT_CONNECTED
 */
gboolean
confer_client_annotations_add_finish (ConferClientAnnotations  *self,
                                      GAsyncResult             *result,
                                      GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * confer_client_annotations_clear_async:
 * @self: the annotations, this side in the call and sharing @screen
 * @screen: this side's own member id (only the sharer clears)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: data for @callback
 *
 * Clears the annotations of the screen this side shares
 * (`annotation.clear`), for everyone in the room.
 */
void
confer_client_annotations_clear_async (ConferClientAnnotations *self,
                                       const char              *screen,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ConferMessage) clear = confer_message_new ("annotation.clear");

  g_return_if_fail (CONFER_IS_CLIENT_ANNOTATIONS (self));
  g_return_if_fail (screen != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confer_client_annotations_clear_async);
  json_object_set_string_member (confer_message_get_object (clear), "screen", screen);
  confer_client_request_async (self->client, clear, cancellable, answered_cb, g_steal_pointer (&task));
}

/**
 * confer_client_annotations_clear_finish:
 * @self: the annotations
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once cleared; %FALSE with %CONFER_PROTOCOL_ERROR_FORBIDDEN
 *   (not this side's screen), %_UNKNOWN_MEMBER (not shared),
 *   %_NOT_IN_CALL, %_RATE_LIMITED, or %G_IO_ERROR_NOT_CONNECTED
 */
gboolean
confer_client_annotations_clear_finish (ConferClientAnnotations  *self,
                                        GAsyncResult             *result,
                                        GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
