/* confer-voice-recording.c: recording a voice message in the chat — the
 * level, the running waveform and the time while recording; processed and
 * uploaded once stopped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-voice-recording"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-voice-recording.h"
#include "confer-voice-level.h"
#include "confer-voice-waveform.h"

/* The level meter and the running waveform show −60 dBFS and below as
 * nothing and 0 dBFS as full: a voice at a normal distance from a
 * microphone peaks around −20 to −6 dBFS. */
#define FLOOR_DB (-60.0)

/**
 * ConferVoiceRecording:
 *
 * The bar above the chat's composer while a voice message is recorded
 * (#ConferVoiceRecorder, the default microphone): a cancel button, the
 * running waveform (one bar per %CONFER_VOICE_LEVEL_INTERVAL_MS, the
 * newest at the right), the time so far out of the 5 minutes a recording
 * may last (%CONFER_VOICE_MAX_DURATION_MS; it stops itself there and is
 * sent), and the live level. Stopped, the recording is processed in a
 * worker thread (confer_voice_process_pcm_async()) and uploaded as a
 * blob while the bar says so; then [signal@ConferVoiceRecording::ready]
 * hands over the message to send, or
 * [signal@ConferVoiceRecording::failed] says why not.
 *
 * #ConferVoiceRecording:busy is %TRUE from the start until then (the
 * chat shows the bar while it is); #ConferVoiceRecording:recording only
 * while the microphone records.
 */
struct _ConferVoiceRecording
{
  GtkBox               parent_instance;

  ConferClient        *client;
  ConferVoiceRecorder *recorder;     /* while recording */
  GCancellable        *cancellable;  /* processing and uploading */
  ConferVoiceClip     *clip;         /* being uploaded */
  GtkWidget           *stack;        /* "recording" or "sending" */
  GtkWidget           *waveform;
  GtkWidget           *level;
  GtkWidget           *time;
};

G_DEFINE_FINAL_TYPE (ConferVoiceRecording, confer_voice_recording, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  READY,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
notify_state (ConferVoiceRecording *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The recorder goes (recording ends, whatever comes next). */
static ConferVoiceRecorder *
take_recorder (ConferVoiceRecording *self)
{
  ConferVoiceRecorder *recorder = g_steal_pointer (&self->recorder);

  if (recorder != NULL)
    g_signal_handlers_disconnect_by_data (recorder, self);
  return recorder;
}

static void
fail (ConferVoiceRecording *self,
      const char           *message)
{
  g_clear_object (&self->clip);
  g_clear_object (&self->cancellable);
  notify_state (self);
  g_signal_emit (self, signals[FAILED], 0, message);
}

/* Whether what @result finished was cancelled: a step that ended well
 * just as it was cancelled counts as cancelled too. */
static gboolean
was_cancelled (GAsyncResult *result,
               GError       *error)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         (cancellable != NULL && g_cancellable_is_cancelled (cancellable));
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(ConferVoiceRecording) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferVoiceClip) clip = NULL;
  g_autofree char *name = NULL;

  gboolean uploaded = confer_client_put_blobs_finish (CONFER_CLIENT (source), result, &error);

  if (was_cancelled (result, error))
    return;
  if (!uploaded)
    {
      fail (self, error->message);
      return;
    }
  clip = g_steal_pointer (&self->clip);
  g_clear_object (&self->cancellable);
  name = confer_blob_name_for (confer_voice_clip_get_bytes (clip));
  notify_state (self);
  g_signal_emit (self, signals[READY], 0, clip, name);
}

static void
processed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ConferVoiceRecording) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConferVoiceClip) clip = confer_voice_process_finish (result, &error);
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (was_cancelled (result, error))
    return;
  if (clip == NULL)
    {
      fail (self, error->message);
      return;
    }
  self->clip = g_steal_pointer (&clip);
  g_ptr_array_add (blobs, g_bytes_ref (confer_voice_clip_get_bytes (self->clip)));
  confer_client_put_blobs_async (self->client, blobs, self->cancellable, uploaded_cb, g_object_ref (self));
}

/* The label changes once a second, not with every level: a new text
 * lays the pane out again. */
static void
show_time (ConferVoiceRecording *self,
           guint                 ms)
{
  /* Translators: how long a voice message being recorded lasts so far,
   * out of the most it may, "0:07 / 5:00". */
  g_autofree char *time = g_strdup_printf (_("%u:%02u / %u:%02u"), ms / 60000, ms / 1000 % 60,
                                           CONFER_VOICE_MAX_DURATION_MS / 60000, CONFER_VOICE_MAX_DURATION_MS / 1000 % 60);

  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->time)), time) != 0)
    gtk_label_set_text (GTK_LABEL (self->time), time);
}

static void
level_cb (ConferVoiceRecorder  *recorder,
          double                rms_db,
          double                peak_db,
          ConferVoiceRecording *self)
{
  double shown = CLAMP ((peak_db - FLOOR_DB) / -FLOOR_DB, 0, 1);

  confer_voice_level_set_value (CONFER_VOICE_LEVEL (self->level), shown);
  confer_voice_waveform_append_peak (CONFER_VOICE_WAVEFORM (self->waveform), shown);
  show_time (self, confer_voice_recorder_get_duration_ms (recorder));
}

/* The recorder stopped by itself: at the 5 minutes it is sent as if
 * stopped by hand; a device that failed is said. */
static void
stopped_cb (ConferVoiceRecorder  *recorder,
            const GError         *error,
            ConferVoiceRecording *self)
{
  if (error == NULL)
    {
      confer_voice_recording_stop (self);
      return;
    }
  g_object_unref (take_recorder (self));
  fail (self, error->message);
}

/**
 * confer_voice_recording_start:
 * @self: a recording bar, not busy
 * @error: return location for a #GError
 *
 * Starts recording from the default microphone.
 *
 * Returns: %TRUE when recording; %FALSE with the error
 *   confer_voice_recorder_start() sets
 */
gboolean
confer_voice_recording_start (ConferVoiceRecording  *self,
                              GError               **error)
{
  g_autoptr(ConferVoiceRecorder) recorder = confer_voice_recorder_new ();

  g_return_val_if_fail (CONFER_IS_VOICE_RECORDING (self), FALSE);
  g_return_val_if_fail (self->recorder == NULL && self->cancellable == NULL, FALSE);

  g_signal_connect (recorder, "level", G_CALLBACK (level_cb), self);
  g_signal_connect (recorder, "stopped", G_CALLBACK (stopped_cb), self);
  if (!confer_voice_recorder_start (recorder, error))
    return FALSE;
  self->recorder = g_steal_pointer (&recorder);
  confer_voice_waveform_clear (CONFER_VOICE_WAVEFORM (self->waveform));
  confer_voice_level_set_value (CONFER_VOICE_LEVEL (self->level), 0);
  show_time (self, 0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "recording");
  notify_state (self);
  return TRUE;
}

/**
 * confer_voice_recording_stop:
 * @self: a recording bar
 *
 * Stops recording (if it is) and makes a voice message of what was
 * recorded: processed, then uploaded; #ConferVoiceRecording::ready or
 * ::failed follows.
 */
void
confer_voice_recording_stop (ConferVoiceRecording *self)
{
  g_autoptr(ConferVoiceRecorder) recorder = NULL;
  g_autoptr(GBytes) pcm = NULL;
  g_autoptr(GstSample) opus = NULL;

  g_return_if_fail (CONFER_IS_VOICE_RECORDING (self));

  if ((recorder = take_recorder (self)) == NULL)
    return;
  pcm = confer_voice_recorder_stop (recorder, &opus);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "sending");
  notify_state (self);
  confer_voice_process_pcm_async (pcm, opus, self->cancellable, processed_cb, g_object_ref (self));
}

/**
 * confer_voice_recording_cancel:
 * @self: a recording bar
 *
 * Stops recording and drops what was recorded, or stops processing or
 * uploading it: nothing is sent.
 */
void
confer_voice_recording_cancel (ConferVoiceRecording *self)
{
  g_autoptr(ConferVoiceRecorder) recorder = NULL;

  g_return_if_fail (CONFER_IS_VOICE_RECORDING (self));

  if ((recorder = take_recorder (self)) != NULL)
    confer_voice_recorder_cancel (recorder);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->clip);
  notify_state (self);
}

/**
 * confer_voice_recording_get_recording:
 * @self: a recording bar
 *
 * Returns: whether the microphone is recording
 */
gboolean
confer_voice_recording_get_recording (ConferVoiceRecording *self)
{
  g_return_val_if_fail (CONFER_IS_VOICE_RECORDING (self), FALSE);

  return self->recorder != NULL;
}

static void
confer_voice_recording_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ConferVoiceRecording *self = CONFER_VOICE_RECORDING (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recorder != NULL);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->recorder != NULL || self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_voice_recording_dispose (GObject *object)
{
  ConferVoiceRecording *self = CONFER_VOICE_RECORDING (object);
  g_autoptr(ConferVoiceRecorder) recorder = take_recorder (self);

  if (recorder != NULL)
    confer_voice_recorder_cancel (recorder);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->clip);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confer_voice_recording_parent_class)->dispose (object);
}

static void
confer_voice_recording_class_init (ConferVoiceRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_voice_recording_dispose;
  object_class->get_property = confer_voice_recording_get_property;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "voice-recording");

  /**
   * ConferVoiceRecording:recording:
   *
   * Whether the microphone records.
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferVoiceRecording:busy:
   *
   * Whether it records, or processes or uploads what was recorded.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConferVoiceRecording::ready:
   * @self: the recording bar
   * @clip: the voice message
   * @name: the name of its audio, uploaded to the session
   *
   * The voice message is ready to send.
   */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, CONFER_TYPE_VOICE_CLIP, G_TYPE_STRING);
  /**
   * ConferVoiceRecording::failed:
   * @self: the recording bar
   * @message: why, for the user
   *
   * The microphone failed, or what it recorded could not be made into a
   * voice message (all silence, say) or uploaded.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
confer_voice_recording_init (ConferVoiceRecording *self)
{
  GtkWidget *recording = gtk_grid_new ();
  GtkWidget *sending = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new (_("Sending the voice message…"));

  gtk_widget_add_css_class (cancel, "flat");
  gtk_widget_add_css_class (cancel, "circular");
  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (cancel, _("Cancel the Recording (Escape)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel the recording"), -1);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (confer_voice_recording_cancel), self);
  self->waveform = confer_voice_waveform_new (TRUE);
  gtk_widget_set_hexpand (self->waveform, TRUE);
  gtk_widget_set_valign (self->waveform, GTK_ALIGN_CENTER);
  self->time = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->time, "numeric");
  gtk_widget_add_css_class (self->time, "caption");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recorded so far"), -1);
  self->level = confer_voice_level_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Microphone level"), -1);
  gtk_grid_set_column_spacing (GTK_GRID (recording), 6);
  gtk_grid_attach (GTK_GRID (recording), cancel, 0, 0, 1, 2);
  gtk_grid_attach (GTK_GRID (recording), self->waveform, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (recording), self->time, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (recording), self->level, 1, 1, 2, 1);

  /* A spinning GtkSpinner restyles itself every frame, shown or not. */
  g_signal_connect (spinner, "map", G_CALLBACK (gtk_spinner_start), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (sending), spinner);
  gtk_box_append (GTK_BOX (sending), label);
  gtk_widget_set_margin_top (sending, 6);
  gtk_widget_set_margin_bottom (sending, 6);

  self->stack = gtk_stack_new ();
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_add_named (GTK_STACK (self->stack), recording, "recording");
  gtk_stack_add_named (GTK_STACK (self->stack), sending, "sending");
  gtk_widget_set_hexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (self), self->stack);
}

/**
 * confer_voice_recording_new:
 * @client: the session's client (a reference is taken), which uploads
 *   the message
 *
 * Returns: (transfer floating): a recording bar, not busy
 */
GtkWidget *
confer_voice_recording_new (ConferClient *client)
{
  ConferVoiceRecording *self = g_object_new (CONFER_TYPE_VOICE_RECORDING, NULL);

  self->client = g_object_ref (client);
  return GTK_WIDGET (self);
}
