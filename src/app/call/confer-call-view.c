/* confer-call-view.c: the session's call: joining and leaving it, muting,
 * the camera, sharing a screen, a tile per member and the shared screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-call-view"

#include "config.h"

#include <glib/gi18n.h>

#include "confer-annotation-layer.h"
#include "confer-breakout-bar.h"
#include "confer-call-devices.h"
#include "confer-call-texture.h"
#include "confer-call-tile.h"
#include "confer-call-view.h"
#include "confer-camera-portal.h"
#include "confer-media.h"
#include "confer-screen-share.h"
#include "confer-screen-view.h"

/* Tiles per row in the grid, and in the strip below a shared screen. */
#define GRID_MIN_PER_LINE 2
#define GRID_MAX_PER_LINE 3
/* The active speaker's tile's least height in the speaker layout,
 * logical px (16:9 of a 427 px wide video). */
#define SPEAKER_HEIGHT    240
/* How often the statistics popover is refreshed while open, ms (the
 * engine's statistics are a second's). */
#define STATS_REFRESH_MS  1000

/**
 * ConferCallView:
 *
 * The session's call as its members see it, docked above the document or
 * board: a grid of #ConferCallTiles, one per member of the call in join
 * order (this side's own reads "You"), each showing the video that member
 * sends (through this side's #ConferCall) and whether they are muted (as
 * their `call.update` says).
 *
 * **A shared screen**: while another member shares one (their member's
 * `screen`), it takes the view's main area — a #ConferScreenView its
 * viewer zooms and pans, in a #GtkOverlay with a #ConferAnnotationLayer
 * on which everyone in the room draws — and the tiles become a strip
 * below it (#ConferCallView:presenting). Of several, the one who started
 * sharing last is shown. While this side shares, a bar says so, with
 * *Stop*, and unless another's screen is shown its own takes that place:
 * a preview (confer_call_get_screen_frame()) with everyone's annotations
 * and *Clear Annotations*.
 *
 * Its verbs are a #GActionGroup (confer_call_view_get_actions(), inserted
 * as `call` wherever the buttons are): `join` and `leave`; `mute` and
 * `camera-off`, booleans, which stop sending (the engine's
 * #ConferCall:muted and #ConferCall:camera-off) and tell the others with
 * `call.update`; `share-screen`, a boolean, enabled in the call for roles
 * that may share (confer_role_can_share_screen()), which shares the
 * screen (#ConferScreenShare: the whole X11 screen, or the portal's
 * choice) and sets `screen` with `call.update`; `record`, a boolean,
 * enabled in the call for roles that may record; `open-recording` (a
 * URI), which shows a saved recording. The view shows only while this
 * side is in the call.
 *
 * **Recording**: `record` first tells everyone (`call.update`'s
 * `recording`) and records only once the server agreed, to the user's
 * Videos folder (or home) as "Confer call YYYY-MM-DD HH-MM.webm"
 * (confer_call_start_recording(): the active speaker's camera, not a
 * shared screen); stopping it, or leaving, finishes the file and a toast
 * offers to open it. #ConferCallView:recorded says whether anyone in the
 * call records, for the window's notice.
 *
 * **Who speaks**: a member's tile is outlined while they speak
 * (#ConferCall::speaking-changed; this side's own not while muted).
 *
 * **Layouts** (`layout`, a string, kept in GSettings' `call-layout`, and
 * the *Speaker View* toggle over the tiles): `grid`, every tile alike;
 * or `speaker`, the active speaker (#ConferCall:active-speaker; the first
 * other member before anyone spoke) large above a strip of the others'
 * tiles. A shared screen takes the large place in either.
 *
 * **Push to talk**: `talk`, a boolean, enabled in the call, unmutes while
 * it is on if this side is muted, and mutes again when it goes off; the
 * window holds it on while Space is held.
 *
 * **Breakout rooms**: while an owner has them open, the tiles are this
 * side's room's members only — each room is its own mesh — and a
 * #ConferBreakoutBar above them says which room this is, with its verbs
 * (`breakout`, `bring-back`, `move-to`) in the view's group.
 *
 * **Statistics**: the *Call Statistics* button over the tiles opens a
 * popover with each peer's bitrates, frame rate, loss and round-trip
 * time (confer_call_peer_get_stats()), updated every second while open.
 *
 * **Devices and preview**: the microphone, camera and speaker are chosen
 * in the call's menu (confer_call_view_get_devices_menu(): the `call`
 * actions `microphone`, `camera` and `speaker` of #ConferCallDevices),
 * during the call too. Joining with the devices (not
 * `CONFER_CALL_SOURCES=test`) and no camera chosen first asks the Camera
 * portal (#ConferCameraPortal); where there is none, the devices are used
 * directly, and where the user refuses, no video is sent. This side's own
 * tile shows its camera as the engine's preview gives it (small,
 * mirrored: #ConferCall:preview), or its initials while the camera is
 * off.
 */
struct _ConferCallView
{
  AdwBin              parent_instance;

  GtkWidget          *sharing_bar;   /* "You are sharing your screen" */
  ConferBreakoutBar  *breakout_bar;  /* the room this side is in, while rooms are open */
  GtkWidget          *stage;         /* the shared screen and what sits on it */
  ConferScreenView   *screen_view;
  ConferAnnotationLayer *annotation_layer;
  GtkLabel           *presenter_label;
  GtkWidget          *speaker_slot;  /* holds the active speaker's large tile */
  ConferCallTile     *speaker_tile;  /* nullable: the speaker layout's large tile */
  GtkFlowBox         *grid;
  GtkWidget          *layout_button;
  GtkWidget          *stats_button;
  GtkPopover         *stats_popover;
  GtkBox             *stats_box;
  guint               stats_refresh;
  GSettings          *settings;
  GSimpleActionGroup *actions;
  ConferClient       *client;
  ConferClientCall   *call;      /* the client's, followed while set */
  ConferCall         *engine;    /* while this side is in the call */
  ConferScreenShare  *share;     /* while in the call, if this side may share */
  GCancellable       *joining;
  GCancellable       *sharing;   /* while the portal is asked */
  char               *presenter; /* the member whose screen is shown, or NULL */
  gboolean            recorded;  /* someone in the call records */
  gboolean            record_asked;  /* told the others; recording once the server agrees */
  GFile              *recording;     /* while this side records */
  gboolean            talking;       /* unmuted while `talk` is held */
  ConferCallDevices  *devices;
  ConferCameraPortal *camera_portal;
};

enum {
  PROP_0,
  PROP_JOINED,
  PROP_N_MEMBERS,
  PROP_PRESENTING,
  PROP_RECORDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ConferCallView, confer_call_view, ADW_TYPE_BIN)

static gboolean
action_state (ConferCallView *self,
              const char     *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions), name);

  return g_variant_get_boolean (state);
}

static void
show_toast (ConferCallView *self,
            AdwToast       *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
toast (ConferCallView *self,
       const char     *text)
{
  show_toast (self, adw_toast_new (text));
}

static ConferCallTile *
find_tile (ConferCallView *self,
           const char     *member_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ConferCallTile *tile = CONFER_CALL_TILE (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));

      if (g_strcmp0 (confer_call_tile_get_member_id (tile), member_id) == 0)
        return tile;
    }
  return NULL;
}

/* The member's display name. */
static const char *
member_name (ConferCallView   *self,
             ConferCallMember *member)
{
  ConferParticipant *participant = confer_client_find_participant (self->client,
                                                                   confer_call_member_get_participant (member));

  return participant != NULL ? confer_participant_get_name (participant) : NULL;
}

/* When this view saw @member start sharing (monotonic µs, kept on the
 * member while it shares), so the latest sharer can be told. */
static gint64
screen_since (ConferCallView   *self,
              ConferCallMember *member)
{
  gint64 *since = g_object_get_data (G_OBJECT (member), "confer-screen-since");

  if (!confer_call_member_get_screen (member))
    {
      g_object_set_data (G_OBJECT (member), "confer-screen-since", NULL);
      return 0;
    }
  if (since == NULL)
    {
      since = g_new (gint64, 1);
      *since = g_get_monotonic_time ();
      g_object_set_data_full (G_OBJECT (member), "confer-screen-since", since, g_free);
    }
  return *since;
}

static gboolean is_own (ConferCallView *self,
                        const char     *member_id);

/* Shows @member_id's shared screen (its frames as they come; this side's
 * own preview), or none. */
static void
set_presenter (ConferCallView *self,
               const char     *member_id,
               const char     *name)
{
  gboolean was = self->presenter != NULL;
  gboolean is = member_id != NULL;

  if (g_strcmp0 (member_id, self->presenter) != 0)
    {
      g_free (self->presenter);
      self->presenter = g_strdup (member_id);
      confer_screen_view_set_texture (self->screen_view, NULL);
    }
  confer_annotation_layer_set_screen (self->annotation_layer, member_id);
  if (is)
    {
      g_autofree char *caption = is_own (self, member_id)
                                 ? g_strdup (_("Your screen, as the others see it"))
                                 : g_strdup_printf (_("%s’s screen"), name != NULL ? name : _("Someone"));

      gtk_label_set_text (self->presenter_label, caption);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->screen_view), GTK_ACCESSIBLE_PROPERTY_LABEL, caption, -1);
    }
  gtk_widget_set_visible (self->stage, is);
  gtk_widget_set_vexpand (GTK_WIDGET (self), is);
  if (was != is)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
}

static void
set_record_state (ConferCallView *self,
                  gboolean        on)
{
  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "record", g_variant_new_boolean (on));
}

/* Where a recording starting now goes: the Videos folder (home when
 * there is none), named after the time, made unique. */
static GFile *
new_recording_file (void)
{
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H-%M");
  g_autofree char *folder = g_strdup (videos != NULL ? videos : g_get_home_dir ());

  g_mkdir_with_parents (folder, 0700);
  for (guint n = 1;; n++)
    {
      /* Translators: a call recording's file name; %s is the date and
       * time it started, as 2025-03-14 09-30 */
      g_autofree char *name = g_strdup_printf (_("Confer call %s.webm"), when);
      g_autofree char *numbered = NULL;
      g_autofree char *path = NULL;

      if (n > 1)
        {
          g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".webm"));

          numbered = g_strdup_printf ("%s (%u).webm", stem, n);
        }
      path = g_build_filename (folder, numbered != NULL ? numbered : name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_file_new_for_path (path);
    }
}

/* The server agreed this side records: it does. */
static void
start_recording (ConferCallView *self)
{
  g_autoptr(GFile) file = new_recording_file ();
  g_autoptr(GError) error = NULL;

  self->record_asked = FALSE;
  if (!confer_call_start_recording (self->engine, file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not record the call: %s"), error->message);

      toast (self, text);
      confer_client_call_update (self->call, CONFER_CALL_RECORDING, 0);
      set_record_state (self, FALSE);
      return;
    }
  self->recording = g_steal_pointer (&file);
}

/* Finishes this side's recording, if any, and offers to open it. */
static void
stop_recording (ConferCallView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_steal_pointer (&self->recording);
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  AdwToast *saved;

  if (self->record_asked || file != NULL)
    confer_client_call_update (self->call, CONFER_CALL_RECORDING, 0);
  self->record_asked = FALSE;
  set_record_state (self, FALSE);
  if (file == NULL)
    return;
  if (!confer_call_stop_recording (self->engine, &error))
    g_warning ("%s", error->message);
  name = g_file_get_basename (file);
  uri = g_file_get_uri (file);
  /* Translators: %s is the recording's file name */
  text = g_strdup_printf (_("Recording saved as “%s”"), name);
  saved = adw_toast_new (text);
  adw_toast_set_button_label (saved, _("_Open"));
  adw_toast_set_action_name (saved, "call.open-recording");
  adw_toast_set_action_target_value (saved, g_variant_new_string (uri));
  adw_toast_set_timeout (saved, 10);
  show_toast (self, saved);
}

/* Whether anyone in the call records (the notice), and whether the
 * server agreed to this side's recording. */
static void
update_recorded (ConferCallView *self)
{
  GListModel *members = self->call != NULL ? confer_client_call_get_members (self->call) : NULL;
  guint n = members != NULL ? g_list_model_get_n_items (members) : 0;
  gboolean recorded = FALSE;
  ConferCallMember *own;

  for (guint i = 0; i < n && !recorded; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      recorded = confer_call_member_get_recording (member);
    }
  if (recorded != self->recorded)
    {
      self->recorded = recorded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDED]);
    }
  own = self->call != NULL ? confer_client_call_find_member (self->call, confer_client_call_get_member_id (self->call))
                           : NULL;
  if (self->record_asked && self->engine != NULL && own != NULL && confer_call_member_get_recording (own))
    start_recording (self);
}

/* The server refused a call.update: if it was the recording's, nothing is
 * recorded. */
static void
refused_cb (ConferCallView *self,
            const char     *code,
            const char     *message)
{
  g_autofree char *text = NULL;

  if (!self->record_asked)
    return;
  self->record_asked = FALSE;
  set_record_state (self, FALSE);
  text = g_strdup_printf (_("Could not record the call: %s"), message);
  toast (self, text);
}

static void
recording_failed_cb (ConferCallView *self,
                     const GError   *error)
{
  g_autofree char *text = g_strdup_printf (_("The recording stopped: %s"), error->message);

  g_clear_object (&self->recording);
  confer_client_call_update (self->call, CONFER_CALL_RECORDING, 0);
  set_record_state (self, FALSE);
  toast (self, text);
}

static gboolean
is_own (ConferCallView *self,
        const char     *member_id)
{
  return self->call != NULL && g_strcmp0 (member_id, confer_client_call_get_member_id (self->call)) == 0;
}

/* Whether the member speaks as their tile shows it: this side's own
 * never while muted. */
static gboolean
member_speaking (ConferCallView *self,
                 const char     *member_id)
{
  if (self->engine == NULL)
    return FALSE;
  if (is_own (self, member_id))
    return (!action_state (self, "mute") || self->talking) && confer_call_get_speaking (self->engine, NULL);
  return confer_call_get_speaking (self->engine, member_id);
}

static gboolean
speaker_layout (ConferCallView *self)
{
  g_autofree char *layout = g_settings_get_string (self->settings, "call-layout");

  return g_str_equal (layout, "speaker");
}

/* In the speaker layout, the member shown large: the active speaker, or
 * before anyone spoke (or once they left) the first other member; none
 * alone in the call, in the grid layout or below a shared screen. */
static ConferCallMember *
large_member (ConferCallView *self)
{
  GListModel *members = confer_client_call_get_room_members (self->call);
  const char *active = confer_call_get_active_speaker (self->engine);
  ConferCallMember *member;

  if (!speaker_layout (self) || self->presenter != NULL)
    return NULL;
  if (active != NULL && (member = confer_client_call_find_member (self->call, active)) != NULL)
    return g_object_ref (member);
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) other = g_list_model_get_item (members, i);

      if (!is_own (self, confer_call_member_get_id (other)))
        return g_steal_pointer (&other);
    }
  return NULL;
}

/* Sets up @tile for @member: name, muted, camera, speaking. */
static void
show_member (ConferCallView   *self,
             ConferCallTile   *tile,
             ConferCallMember *member)
{
  const char *name = member_name (self, member);
  gboolean me = is_own (self, confer_call_member_get_id (member));

  confer_call_tile_set_name (tile, me ? _("You") : name != NULL ? name : _("Someone"), name);
  confer_call_tile_set_muted (tile, !confer_call_member_get_audio (member));
  confer_call_tile_set_camera_off (tile, !confer_call_member_get_video (member));
  confer_call_tile_set_speaking (tile, member_speaking (self, confer_call_member_get_id (member)));
}

/* The large tile of the speaker layout shows @member, or goes. */
static void
set_large (ConferCallView   *self,
           ConferCallMember *member)
{
  const char *id = member != NULL ? confer_call_member_get_id (member) : NULL;

  if (self->speaker_tile != NULL && g_strcmp0 (confer_call_tile_get_member_id (self->speaker_tile), id) != 0)
    {
      adw_bin_set_child (ADW_BIN (self->speaker_slot), NULL);
      self->speaker_tile = NULL;
    }
  gtk_widget_set_visible (self->speaker_slot, member != NULL);
  if (member == NULL)
    return;
  if (self->speaker_tile == NULL)
    {
      GListModel *peers = confer_call_get_peers (self->engine);

      self->speaker_tile = CONFER_CALL_TILE (confer_call_tile_new (id));
      adw_bin_set_child (ADW_BIN (self->speaker_slot), GTK_WIDGET (self->speaker_tile));
      /* The last frame, until the next comes. */
      for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
        {
          g_autoptr(ConferCallPeer) peer = g_list_model_get_item (peers, i);
          g_autoptr(GstSample) sample = NULL;

          if (g_str_equal (confer_call_peer_get_member_id (peer), id) &&
              (sample = confer_call_peer_get_frame (peer, CONFER_CALL_VIDEO_CAMERA)) != NULL)
            confer_call_tile_set_frame (self->speaker_tile, sample);
        }
    }
  show_member (self, self->speaker_tile, member);
}

/* The tiles become the members of this side's room (the whole call
 * outside breakout rooms), in their order, each with its
 * name and its muted, camera and speaking states; the last member to
 * share a screen, other than this side, is shown large, or else in the
 * speaker layout the active speaker, with the other tiles in a strip. */
static void
sync_tiles (ConferCallView *self)
{
  GListModel *members = self->call != NULL ? confer_client_call_get_room_members (self->call) : NULL;
  guint n = self->engine != NULL && members != NULL ? g_list_model_get_n_items (members) : 0;
  GtkWidget *child;
  g_autoptr(ConferCallMember) presenter = NULL;
  g_autoptr(ConferCallMember) own = NULL;
  g_autoptr(ConferCallMember) large = NULL;
  gint64 shared_since = 0;
  gboolean strip;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);
      gboolean me = is_own (self, confer_call_member_get_id (member));
      ConferCallTile *tile = find_tile (self, confer_call_member_get_id (member));
      GtkFlowBoxChild *at = gtk_flow_box_get_child_at_index (self->grid, i);

      if (tile == NULL)
        {
          tile = CONFER_CALL_TILE (confer_call_tile_new (confer_call_member_get_id (member)));
          gtk_flow_box_insert (self->grid, GTK_WIDGET (tile), i);
        }
      else if (gtk_widget_get_parent (GTK_WIDGET (tile)) != GTK_WIDGET (at))
        {
          g_object_ref (tile);
          gtk_flow_box_remove (self->grid, gtk_widget_get_parent (GTK_WIDGET (tile)));
          gtk_flow_box_insert (self->grid, GTK_WIDGET (tile), i);
          g_object_unref (tile);
        }
      show_member (self, tile, member);
      if (me)
        g_set_object (&own, member);
      if (!me && confer_call_member_get_screen (member) && screen_since (self, member) >= shared_since)
        {
          g_set_object (&presenter, member);
          shared_since = screen_since (self, member);
        }
    }
  while ((child = GTK_WIDGET (gtk_flow_box_get_child_at_index (self->grid, n))) != NULL)
    gtk_flow_box_remove (self->grid, child);
  /* Nobody else shares: this side's own shared screen, previewed. */
  if (presenter == NULL && own != NULL && confer_call_member_get_screen (own))
    g_set_object (&presenter, own);
  set_presenter (self, presenter != NULL ? confer_call_member_get_id (presenter) : NULL,
                 presenter != NULL ? member_name (self, presenter) : NULL);
  large = n > 0 ? large_member (self) : NULL;
  set_large (self, large);
  /* The large member's own tile is not shown twice. */
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *at = GTK_WIDGET (gtk_flow_box_get_child_at_index (self->grid, i));
      ConferCallTile *tile = CONFER_CALL_TILE (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (at)));

      gtk_widget_set_visible (at, large == NULL || g_strcmp0 (confer_call_tile_get_member_id (tile),
                                                              confer_call_member_get_id (large)) != 0);
      confer_call_tile_set_compact (tile, presenter != NULL || large != NULL);
    }
  /* Below a shared screen or the active speaker, the tiles in one row. */
  strip = presenter != NULL || large != NULL;
  gtk_flow_box_set_min_children_per_line (self->grid, strip ? CLAMP (n, 1, CONFER_CALL_MAX_MEMBERS) : GRID_MIN_PER_LINE);
  gtk_flow_box_set_max_children_per_line (self->grid, strip ? CONFER_CALL_MAX_MEMBERS : GRID_MAX_PER_LINE);
  gtk_widget_set_visible (self->layout_button, n > 1);
  gtk_widget_set_visible (self->stats_button, n > 1);
}

static void
member_changed_cb (ConferCallView *self)
{
  sync_tiles (self);
  update_recorded (self);
}

static void
members_changed_cb (ConferCallView *self,
                    guint           position,
                    guint           removed,
                    guint           added,
                    GListModel     *members)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

      g_signal_connect_object (member, "notify", G_CALLBACK (member_changed_cb), self, G_CONNECT_SWAPPED);
    }
  /* Others are in a call: joining it is likely, and will not wait for
   * the certificate (half a second of a core, made once). */
  if (g_list_model_get_n_items (members) > 0)
    confer_call_prepare ();
  sync_tiles (self);
  update_recorded (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MEMBERS]);
}

static void
frame_cb (ConferCallPeer  *peer,
          ConferCallVideo  video,
          ConferCallView  *self)
{
  ConferCallTile *tile = find_tile (self, confer_call_peer_get_member_id (peer));
  g_autoptr(GstSample) sample = confer_call_peer_get_frame (peer, video);
  g_autoptr(GdkTexture) texture = NULL;

  if (video == CONFER_CALL_VIDEO_CAMERA)
    {
      /* The large tile's member's small one is hidden. */
      if (self->speaker_tile != NULL &&
          g_strcmp0 (confer_call_tile_get_member_id (self->speaker_tile), confer_call_peer_get_member_id (peer)) == 0)
        tile = self->speaker_tile;
      if (tile != NULL)
        confer_call_tile_set_frame (tile, sample);
    }
  else if (g_strcmp0 (self->presenter, confer_call_peer_get_member_id (peer)) == 0 && sample != NULL &&
           (texture = confer_call_texture_new (sample)) != NULL)
    confer_screen_view_set_texture (self->screen_view, texture);
}

/* A frame of the screen this side shares, for its preview. */
static void
screen_frame_cb (ConferCallView *self)
{
  g_autoptr(GstSample) sample = confer_call_get_screen_frame (self->engine);
  g_autoptr(GdkTexture) texture = NULL;

  if (sample != NULL && self->presenter != NULL && is_own (self, self->presenter) &&
      (texture = confer_call_texture_new (sample)) != NULL)
    confer_screen_view_set_texture (self->screen_view, texture);
}

static void
peers_changed_cb (ConferCallView *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *peers)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (peers, i);

      g_signal_connect_object (peer, "frame", G_CALLBACK (frame_cb), self, 0);
    }
}

/* A member began or stopped speaking: their tiles say so. */
static void
speaking_changed_cb (ConferCallView *self,
                     const char     *member_id,
                     gboolean        speaking)
{
  const char *id = member_id != NULL ? member_id : confer_client_call_get_member_id (self->call);
  ConferCallTile *tile = id != NULL ? find_tile (self, id) : NULL;

  if (tile != NULL)
    confer_call_tile_set_speaking (tile, member_speaking (self, id));
  if (self->speaker_tile != NULL && g_strcmp0 (confer_call_tile_get_member_id (self->speaker_tile), id) == 0)
    confer_call_tile_set_speaking (self->speaker_tile, member_speaking (self, id));
}

static GSimpleAction *
lookup_action (ConferCallView *self,
               const char     *name)
{
  return G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), name));
}

static void
update_actions (ConferCallView *self)
{
  gboolean joined = self->engine != NULL;

  g_simple_action_set_enabled (lookup_action (self, "join"), self->call != NULL && !joined);
  g_simple_action_set_enabled (lookup_action (self, "leave"), joined);
  g_simple_action_set_enabled (lookup_action (self, "talk"), joined);
  g_simple_action_set_enabled (lookup_action (self, "share-screen"), self->share != NULL);
  g_simple_action_set_enabled (lookup_action (self, "record"),
                               joined && confer_role_can_record (confer_client_get_role (self->client)));
  gtk_widget_set_visible (GTK_WIDGET (self), joined);
}

/* Whether this side is sharing now, as the action's state and the bar
 * show it; the others hear of it through call.update. */
static void
set_sharing (ConferCallView *self,
             gboolean        sharing)
{
  gboolean was = action_state (self, "share-screen");

  g_simple_action_set_state (lookup_action (self, "share-screen"), g_variant_new_boolean (sharing));
  gtk_widget_set_visible (self->sharing_bar, sharing);
  if (was != sharing && self->call != NULL && confer_client_call_get_member_id (self->call) != NULL)
    confer_client_call_update (self->call, CONFER_CALL_SCREEN, sharing ? CONFER_CALL_SCREEN : 0);
}

static void
stop_sharing (ConferCallView *self)
{
  g_cancellable_cancel (self->sharing);
  g_clear_object (&self->sharing);
  if (self->share != NULL)
    confer_screen_share_stop (self->share);
  set_sharing (self, FALSE);
}

static void
end_call (ConferCallView *self)
{
  g_cancellable_cancel (self->joining);
  g_clear_object (&self->joining);
  if (self->engine == NULL)
    return;
  stop_sharing (self);
  g_clear_object (&self->share);
  stop_recording (self);
  self->talking = FALSE;
  g_simple_action_set_state (lookup_action (self, "talk"), g_variant_new_boolean (FALSE));
  if (self->stats_popover != NULL)
    gtk_popover_popdown (self->stats_popover);
  g_signal_handlers_disconnect_by_data (confer_call_get_peers (self->engine), self);
  g_signal_handlers_disconnect_by_data (self->engine, self);
  confer_call_stop (self->engine);
  g_clear_object (&self->engine);
  confer_call_devices_set_engine (self->devices, NULL);
  confer_camera_portal_close (self->camera_portal);
  if (self->call != NULL)
    confer_client_call_leave (self->call);
  sync_tiles (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOINED]);
}

static void
engine_failed_cb (ConferCallView *self,
                  const GError   *error)
{
  g_autofree char *text = g_strdup_printf (_("The call stopped: %s"), error->message);

  toast (self, text);
  end_call (self);
}

/* The capture failed (the shared window closed, the portal's stream
 * ended): sharing stopped, the call goes on. */
static void
screen_failed_cb (ConferCallView *self,
                  const GError   *error)
{
  g_autofree char *text = g_strdup_printf (_("Screen sharing stopped: %s"), error->message);

  toast (self, text);
  stop_sharing (self);
}

static void
joined_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(ConferCallView) self = data;
  g_autoptr(GError) error = NULL;

  if (confer_client_call_join_finish (CONFER_CLIENT_CALL (source), result, &error))
    {
      g_clear_object (&self->joining);
      sync_tiles (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  {
    g_autofree char *text = g_strdup_printf (_("Could not join the call: %s"), error->message);

    toast (self, text);
  }
  end_call (self);
}

/* This side's own preview: its tile shows it. */
static void
preview_frame_cb (ConferCallView *self)
{
  ConferCallTile *tile = find_tile (self, confer_client_call_get_member_id (self->call));
  g_autoptr(GstSample) sample = confer_call_get_preview_frame (self->engine);

  if (tile != NULL && sample != NULL)
    confer_call_tile_set_frame (tile, sample);
}

static void
device_failed_cb (ConferCallView *self,
                  const char     *message)
{
  g_autofree char *text = g_strdup_printf (_("Could not use the device: %s"), message);

  toast (self, text);
}

/* Starts the engine, made and given its devices, and joins. */
static void
start_engine (ConferCallView *self)
{
  g_autoptr(GError) error = NULL;
  gboolean muted = action_state (self, "mute"), camera_off = action_state (self, "camera-off");
  gboolean send_video = TRUE;
  ConferCallFlags flags;

  g_object_get (self->engine, "send-video", &send_video, NULL);
  flags = (muted ? 0 : CONFER_CALL_AUDIO) | (camera_off || !send_video ? 0 : CONFER_CALL_VIDEO);
  if (!confer_call_start (self->engine, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not start the call: %s"), error->message);

      g_clear_object (&self->engine);
      g_clear_object (&self->joining);
      confer_call_devices_set_engine (self->devices, NULL);
      confer_camera_portal_close (self->camera_portal);
      toast (self, text);
      return;
    }
  g_signal_connect_swapped (self->engine, "failed", G_CALLBACK (engine_failed_cb), self);
  g_signal_connect_swapped (self->engine, "screen-failed", G_CALLBACK (screen_failed_cb), self);
  g_signal_connect_swapped (self->engine, "screen-frame", G_CALLBACK (screen_frame_cb), self);
  g_signal_connect_swapped (self->engine, "recording-failed", G_CALLBACK (recording_failed_cb), self);
  g_signal_connect_swapped (self->engine, "speaking-changed", G_CALLBACK (speaking_changed_cb), self);
  g_signal_connect_swapped (self->engine, "notify::active-speaker", G_CALLBACK (sync_tiles), self);
  g_signal_connect_swapped (self->engine, "preview-frame", G_CALLBACK (preview_frame_cb), self);
  if (confer_role_can_share_screen (confer_client_get_role (self->client)))
    self->share = confer_screen_share_new (self->engine);
  g_signal_connect_swapped (confer_call_get_peers (self->engine), "items-changed", G_CALLBACK (peers_changed_cb), self);
  confer_client_call_join_async (self->call, flags, self->joining, joined_cb, g_object_ref (self));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOINED]);
}

/* The Camera portal answered: the camera is its PipeWire remote; or
 * there is no portal (the devices are used directly); or the user
 * refused (no video is sent). */
static void
camera_portal_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(ConferCallView) self = data;
  g_autoptr(GError) error = NULL;
  int fd = confer_camera_portal_open_finish (CONFER_CAMERA_PORTAL (source), result, &error);

  if (self->engine == NULL || g_cancellable_is_cancelled (self->joining))
    return;
  if (fd >= 0)
    g_object_set (self->engine, "camera-fd", fd, NULL);
  else if (confer_camera_portal_is_missing (error))
    g_debug ("No Camera portal (%s): the camera is used directly", error->message);
  else
    {
      g_debug ("The Camera portal gave no camera (%s): no video is sent", error->message);
      g_object_set (self->engine, "send-video", FALSE, NULL);
    }
  start_engine (self);
}

static void
join_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  ConferCallView *self = data;
  ConferCallSources sources;
  GtkRoot *root;

  if (self->call == NULL || self->engine != NULL)
    return;
  self->engine = confer_call_new (CONFER_CALL_SIGNALLING (self->call));
  g_object_set (self->engine, "muted", action_state (self, "mute"), "camera-off", action_state (self, "camera-off"),
                "can-share-screen", confer_role_can_share_screen (confer_client_get_role (self->client)),
                "preview", TRUE, NULL);
  confer_call_devices_set_engine (self->devices, self->engine);
  self->joining = g_cancellable_new ();
  g_object_get (self->engine, "sources", &sources, NULL);
  if (sources != CONFER_CALL_SOURCES_DEVICES || confer_call_get_device (self->engine, CONFER_MEDIA_DEVICE_CAMERA) != NULL)
    {
      start_engine (self);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  confer_camera_portal_open_async (self->camera_portal, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->joining,
                                   camera_portal_cb, g_object_ref (self));
}

static void
leave_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  end_call (data);
}

/* Muting and the camera: the engine stops sending at once, and the others
 * hear of it through call.update. */
static void
toggle_state (ConferCallView  *self,
              GSimpleAction   *action,
              ConferCallFlags  flag)
{
  gboolean on = !action_state (self, g_action_get_name (G_ACTION (action)));

  g_simple_action_set_state (action, g_variant_new_boolean (on));
  /* Muting or unmuting ends a push to talk. */
  if (flag == CONFER_CALL_AUDIO && self->talking)
    {
      self->talking = FALSE;
      g_simple_action_set_state (lookup_action (self, "talk"), g_variant_new_boolean (FALSE));
    }
  if (self->engine == NULL)
    return;
  g_object_set (self->engine, flag == CONFER_CALL_AUDIO ? "muted" : "camera-off", on, NULL);
  if (confer_client_call_get_member_id (self->call) != NULL)
    confer_client_call_update (self->call, flag, on ? 0 : flag);
}

static void
mute_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  toggle_state (data, action, CONFER_CALL_AUDIO);
}

static void
camera_off_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  toggle_state (data, action, CONFER_CALL_VIDEO);
}

/* Push to talk: while on, a muted side sends its audio (the engine
 * unmuted, the others told with call.update); off, it is muted again.
 * Turning it on unmuted does nothing. */
static void
talk_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       data)
{
  ConferCallView *self = data;
  gboolean on = g_variant_get_boolean (value);

  if (on == self->talking || self->engine == NULL || (on && !action_state (self, "mute")))
    return;
  self->talking = on;
  g_simple_action_set_state (action, value);
  g_object_set (self->engine, "muted", !on, NULL);
  if (confer_client_call_get_member_id (self->call) != NULL)
    confer_client_call_update (self->call, CONFER_CALL_AUDIO, on ? CONFER_CALL_AUDIO : 0);
}

/* The layout, `grid` or `speaker`, is kept in GSettings; its change
 * comes back through settings_layout_cb. */
static void
layout_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  ConferCallView *self = data;
  const char *layout = g_variant_get_string (parameter, NULL);

  if (g_str_equal (layout, "grid") || g_str_equal (layout, "speaker"))
    g_settings_set_string (self->settings, "call-layout", layout);
}

static void
settings_layout_cb (ConferCallView *self)
{
  gboolean speaker = speaker_layout (self);

  g_simple_action_set_state (lookup_action (self, "layout"), g_variant_new_string (speaker ? "speaker" : "grid"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->layout_button), speaker);
  sync_tiles (self);
}

static void
layout_toggled_cb (ConferCallView *self)
{
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->layout_button));

  if (active != speaker_layout (self))
    g_action_group_activate_action (G_ACTION_GROUP (self->actions), "layout",
                                    g_variant_new_string (active ? "speaker" : "grid"));
}

/* One peer's statistics as the popover shows them. */
static GtkWidget *
peer_stats (ConferCallView *self,
            ConferCallPeer *peer)
{
  ConferCallMember *member = confer_client_call_find_member (self->call, confer_call_peer_get_member_id (peer));
  const char *name = member != NULL ? member_name (self, member) : NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name != NULL ? name : _("Someone"));
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *values;
  ConferCallStats stats;

  confer_call_peer_get_stats (peer, &stats);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);
  switch (confer_call_peer_get_state (peer))
    {
    case CONFER_CALL_PEER_CONNECTING:
      g_string_append (text, _("Connecting…"));
      break;
    case CONFER_CALL_PEER_FAILED:
      g_string_append (text, _("The connection failed"));
      break;
    case CONFER_CALL_PEER_CLOSED:
      g_string_append (text, _("Left the call"));
      break;
    case CONFER_CALL_PEER_CONNECTED:
      /* Translators: bitrates of a call's media, received and sent */
      g_string_append_printf (text, _("Received %.0f kbit/s · Sent %.0f kbit/s"), stats.receive_kbps, stats.send_kbps);
      g_string_append_c (text, '\n');
      if (stats.video.frames_received > 0)
        /* Translators: the size and frame rate of the video received */
        g_string_append_printf (text, _("Video %u×%u at %.0f fps"), stats.video.width, stats.video.height,
                                stats.video.frame_rate);
      else
        g_string_append (text, _("No video"));
      g_string_append_c (text, '\n');
      /* Translators: packets lost on the way here, as a percentage */
      g_string_append_printf (text, _("Loss %.1f %%"), 100 * stats.loss);
      g_string_append (text, " · ");
      if (stats.rtt_ms >= 0)
        /* Translators: the round-trip time to a call's member */
        g_string_append_printf (text, _("Round trip %.0f ms"), stats.rtt_ms);
      else
        g_string_append (text, _("Round trip not known yet"));
      break;
    }
  values = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (values), 0);
  gtk_widget_add_css_class (values, "numeric");
  gtk_box_append (GTK_BOX (box), values);
  return box;
}

/* The statistics popover's content: a section per peer, now. */
static gboolean
refresh_stats (gpointer data)
{
  ConferCallView *self = data;
  GListModel *peers = self->engine != NULL ? confer_call_get_peers (self->engine) : NULL;
  guint n = peers != NULL ? g_list_model_get_n_items (peers) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stats_box))) != NULL)
    gtk_box_remove (self->stats_box, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConferCallPeer) peer = g_list_model_get_item (peers, i);

      gtk_box_append (self->stats_box, peer_stats (self, peer));
    }
  if (n == 0)
    {
      child = gtk_label_new (_("Nobody else is in the call"));
      gtk_widget_add_css_class (child, "dim-label");
      gtk_box_append (self->stats_box, child);
    }
  return G_SOURCE_CONTINUE;
}

static void
stats_shown_cb (ConferCallView *self)
{
  refresh_stats (self);
  g_clear_handle_id (&self->stats_refresh, g_source_remove);
  self->stats_refresh = g_timeout_add (STATS_REFRESH_MS, refresh_stats, self);
}

static void
stats_hidden_cb (ConferCallView *self)
{
  g_clear_handle_id (&self->stats_refresh, g_source_remove);
}

/* Records the call, or stops: see the class's description. */
static void
record_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  ConferCallView *self = data;

  if (self->engine == NULL || confer_client_call_get_member_id (self->call) == NULL)
    return;
  if (self->record_asked || self->recording != NULL)
    {
      stop_recording (self);
      return;
    }
  self->record_asked = TRUE;
  set_record_state (self, TRUE);
  confer_client_call_update (self->call, CONFER_CALL_RECORDING, CONFER_CALL_RECORDING);
}

/* Shows a saved recording (its URI) in the user's video player. */
static void
open_recording_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (data));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

static void
shared_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(ConferCallView) self = data;
  g_autoptr(GError) error = NULL;

  if (confer_screen_share_start_finish (CONFER_SCREEN_SHARE (source), result, &error))
    {
      g_clear_object (&self->sharing);
      set_sharing (self, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->sharing);
  {
    g_autofree char *text = g_strdup_printf (_("Could not share the screen: %s"), error->message);

    toast (self, text);
  }
  set_sharing (self, FALSE);
}

/* Sharing the screen, or stopping: the engine sends it or not at once,
 * and the others hear of it through call.update. */
static void
share_screen_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       data)
{
  ConferCallView *self = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->share == NULL)
    return;
  if (action_state (self, "share-screen") || self->sharing != NULL)
    {
      stop_sharing (self);
      return;
    }
  self->sharing = g_cancellable_new ();
  confer_screen_share_start_async (self->share, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->sharing,
                                   shared_cb, g_object_ref (self));
}

static void
confer_call_view_dispose (GObject *object)
{
  ConferCallView *self = CONFER_CALL_VIEW (object);

  confer_call_view_set_client (self, NULL);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->presenter, g_free);
  g_clear_handle_id (&self->stats_refresh, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  g_clear_object (&self->devices);
  g_clear_object (&self->camera_portal);

  G_OBJECT_CLASS (confer_call_view_parent_class)->dispose (object);
}

static void
confer_call_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConferCallView *self = CONFER_CALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_JOINED:
      g_value_set_boolean (value, confer_call_view_get_joined (self));
      break;
    case PROP_N_MEMBERS:
      g_value_set_uint (value, confer_call_view_get_n_members (self));
      break;
    case PROP_PRESENTING:
      g_value_set_boolean (value, confer_call_view_get_presenting (self));
      break;
    case PROP_RECORDED:
      g_value_set_boolean (value, self->recorded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confer_call_view_class_init (ConferCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confer_call_view_dispose;
  object_class->get_property = confer_call_view_get_property;

  /**
   * ConferCallView:joined:
   *
   * Whether this side is in the call (or joining it).
   */
  properties[PROP_JOINED] = g_param_spec_boolean ("joined", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferCallView:n-members:
   *
   * How many members the session's call has now, this side included if
   * it is in it; 0 when no call is running.
   */
  properties[PROP_N_MEMBERS] = g_param_spec_uint ("n-members", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferCallView:presenting:
   *
   * Whether a shared screen fills the view — another member's, or this
   * side's own preview while it shares (the view then wants the room a
   * document would have).
   */
  properties[PROP_PRESENTING] = g_param_spec_boolean ("presenting", NULL, NULL, FALSE,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ConferCallView:recorded:
   *
   * Whether someone in the session's call records it (this side or
   * another: their `call.update` says so), whether this side is in the
   * call or not.
   */
  properties[PROP_RECORDED] = g_param_spec_boolean ("recorded", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "call-view");
}

static void
confer_call_view_init (ConferCallView *self)
{
  const GActionEntry entries[] = {
    { .name = "join", .activate = join_action },
    { .name = "leave", .activate = leave_action },
    { .name = "mute", .activate = mute_action, .state = "false" },
    { .name = "camera-off", .activate = camera_off_action, .state = "false" },
    { .name = "share-screen", .activate = share_screen_action, .state = "false" },
    { .name = "record", .activate = record_action, .state = "false" },
    { .name = "open-recording", .activate = open_recording_action, .parameter_type = "s" },
    { .name = "talk", .state = "false", .change_state = talk_change_state },
    { .name = "layout", .activate = layout_action, .parameter_type = "s", .state = "'grid'" },
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label, *stop, *scrolled;

  self->sharing_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->sharing_bar, "sharing-bar");
  gtk_box_append (GTK_BOX (self->sharing_bar), gtk_image_new_from_icon_name ("screen-shared-symbolic"));
  label = gtk_label_new (_("You are sharing your screen"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (self->sharing_bar), label);
  stop = gtk_button_new_with_mnemonic (_("_Stop"));
  gtk_widget_set_tooltip_text (stop, _("Stop Sharing the Screen"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (stop), "call.share-screen");
  gtk_widget_add_css_class (stop, "destructive-action");
  gtk_widget_set_valign (stop, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->sharing_bar), stop);
  gtk_widget_set_visible (self->sharing_bar, FALSE);
  gtk_box_append (GTK_BOX (box), self->sharing_bar);

  /* The shared screen; annotations go over it as the overlay's other
   * children, placed through the screen view's coordinates. */
  self->screen_view = CONFER_SCREEN_VIEW (confer_screen_view_new ());
  self->stage = gtk_overlay_new ();
  gtk_widget_add_css_class (self->stage, "call-stage");
  gtk_overlay_set_child (GTK_OVERLAY (self->stage), GTK_WIDGET (self->screen_view));
  self->presenter_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->presenter_label), "call-tile-caption");
  gtk_widget_set_halign (GTK_WIDGET (self->presenter_label), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->presenter_label), GTK_ALIGN_START);
  gtk_widget_set_margin_start (GTK_WIDGET (self->presenter_label), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->presenter_label), 6);
  gtk_widget_set_can_target (GTK_WIDGET (self->presenter_label), FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->stage), GTK_WIDGET (self->presenter_label));
  self->annotation_layer = CONFER_ANNOTATION_LAYER (confer_annotation_layer_new (self->screen_view));
  gtk_overlay_add_overlay (GTK_OVERLAY (self->stage), GTK_WIDGET (self->annotation_layer));
  gtk_widget_set_visible (self->stage, FALSE);
  gtk_box_append (GTK_BOX (box), self->stage);

  /* The speaker layout's large tile. */
  self->speaker_slot = adw_bin_new ();
  gtk_widget_set_size_request (self->speaker_slot, -1, SPEAKER_HEIGHT);
  gtk_widget_set_visible (self->speaker_slot, FALSE);
  gtk_box_append (GTK_BOX (box), self->speaker_slot);

  self->grid = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->grid, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->grid, TRUE);
  gtk_flow_box_set_min_children_per_line (self->grid, GRID_MIN_PER_LINE);
  gtk_flow_box_set_max_children_per_line (self->grid, GRID_MAX_PER_LINE);
  gtk_flow_box_set_row_spacing (self->grid, 6);
  gtk_flow_box_set_column_spacing (self->grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Call"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->grid));
  gtk_overlay_set_child (GTK_OVERLAY (overlay), box);

  /* Over the tiles' bottom right corner (their names are at the left,
   * a sharing bar's Stop at the top right): the layout and the
   * statistics. */
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_valign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_end (buttons, 6);
  gtk_widget_set_margin_bottom (buttons, 6);
  self->layout_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->layout_button), "view-paged-symbolic");
  gtk_widget_set_tooltip_text (self->layout_button, _("Speaker View"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->layout_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Speaker View"), -1);
  gtk_widget_add_css_class (self->layout_button, "osd");
  gtk_widget_add_css_class (self->layout_button, "circular");
  g_signal_connect_swapped (self->layout_button, "toggled", G_CALLBACK (layout_toggled_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->layout_button);
  self->stats_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_start (GTK_WIDGET (self->stats_box), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->stats_box), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->stats_box), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->stats_box), 6);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->stats_box));
  self->stats_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->stats_popover, scrolled);
  g_signal_connect_swapped (self->stats_popover, "show", G_CALLBACK (stats_shown_cb), self);
  g_signal_connect_swapped (self->stats_popover, "hide", G_CALLBACK (stats_hidden_cb), self);
  self->stats_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->stats_button), "network-transmit-receive-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->stats_button), GTK_WIDGET (self->stats_popover));
  /* To the button's left: the button sits at the view's right edge. */
  gtk_menu_button_set_direction (GTK_MENU_BUTTON (self->stats_button), GTK_ARROW_LEFT);
  gtk_widget_set_tooltip_text (self->stats_button, _("Call Statistics"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stats_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Call Statistics"), -1);
  gtk_widget_add_css_class (self->stats_button, "osd");
  gtk_widget_add_css_class (self->stats_button, "circular");
  gtk_box_append (GTK_BOX (buttons), self->stats_button);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), buttons);
  adw_bin_set_child (ADW_BIN (self), overlay);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  /* Above everything: the breakout rooms, and their verbs. */
  self->breakout_bar = CONFER_BREAKOUT_BAR (confer_breakout_bar_new (G_ACTION_MAP (self->actions)));
  gtk_box_prepend (GTK_BOX (box), GTK_WIDGET (self->breakout_bar));
  self->settings = g_settings_new ("org.confer.Confer");
  g_signal_connect_swapped (self->settings, "changed::call-layout", G_CALLBACK (settings_layout_cb), self);
  self->devices = confer_call_devices_new (G_ACTION_MAP (self->actions));
  g_signal_connect_swapped (self->devices, "device-failed", G_CALLBACK (device_failed_cb), self);
  self->camera_portal = confer_camera_portal_new ();
  settings_layout_cb (self);
  update_actions (self);
}

/**
 * confer_call_view_new:
 *
 * Returns: (transfer floating): a call view following no session
 */
GtkWidget *
confer_call_view_new (void)
{
  return g_object_new (CONFER_TYPE_CALL_VIEW, NULL);
}

/**
 * confer_call_view_set_client:
 * @self: a call view
 * @client: (nullable): the session's client, or %NULL when the session is
 *   left
 *
 * Follows @client's call (confer_client_get_call()). A call this side was
 * in through the previous client is left first.
 */
void
confer_call_view_set_client (ConferCallView *self,
                             ConferClient   *client)
{
  g_return_if_fail (CONFER_IS_CALL_VIEW (self));
  g_return_if_fail (client == NULL || CONFER_IS_CLIENT (client));

  if (client == self->client)
    return;
  end_call (self);
  if (self->call != NULL)
    {
      GListModel *members = confer_client_call_get_members (self->call);

      g_signal_handlers_disconnect_by_data (members, self);
      g_signal_handlers_disconnect_by_data (confer_client_call_get_room_members (self->call), self);
      for (guint i = 0; i < g_list_model_get_n_items (members); i++)
        {
          g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);

          g_signal_handlers_disconnect_by_data (member, self);
        }
      g_signal_handlers_disconnect_by_data (self->call, self);
    }
  g_clear_object (&self->call);
  update_recorded (self);
  g_set_object (&self->client, client);
  confer_annotation_layer_set_client (self->annotation_layer, client);
  if (client != NULL)
    {
      GListModel *members;

      self->call = g_object_ref (confer_client_get_call (client));
      members = confer_client_call_get_members (self->call);
      g_signal_connect_swapped (members, "items-changed", G_CALLBACK (members_changed_cb), self);
      g_signal_connect_swapped (confer_client_call_get_room_members (self->call), "items-changed",
                                G_CALLBACK (sync_tiles), self);
      g_signal_connect_swapped (self->call, "notify::member-id", G_CALLBACK (member_changed_cb), self);
      g_signal_connect_swapped (self->call, "refused", G_CALLBACK (refused_cb), self);
      members_changed_cb (self, 0, 0, g_list_model_get_n_items (members), members);
    }
  confer_breakout_bar_set_client (self->breakout_bar, client);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MEMBERS]);
}

/**
 * confer_call_view_get_actions:
 * @self: a call view
 *
 * Returns: (transfer none): the view's verbs (`join`, `leave`, `mute`,
 *   `camera-off`, `share-screen`, `record`, `open-recording`; the
 *   breakout rooms' `breakout`, `bring-back`, `move-to`), to insert as
 *   `call` with gtk_widget_insert_action_group()
 */
GActionGroup *
confer_call_view_get_actions (ConferCallView *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

/**
 * confer_call_view_get_devices_menu:
 * @self: a call view
 *
 * Returns: (transfer none): the call menu's *Microphone*, *Camera* and
 *   *Speaker* sections (#ConferCallDevices), whose actions are in
 *   confer_call_view_get_actions()
 */
GMenuModel *
confer_call_view_get_devices_menu (ConferCallView *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), NULL);

  return confer_call_devices_get_menu (self->devices);
}

/**
 * confer_call_view_get_joined:
 * @self: a call view
 *
 * Returns: whether this side is in the call or joining it
 */
gboolean
confer_call_view_get_joined (ConferCallView *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), FALSE);

  return self->engine != NULL;
}

/**
 * confer_call_view_get_presenting:
 * @self: a call view
 *
 * Returns: whether a shared screen (or this side's own preview) fills
 *   the view
 */
gboolean
confer_call_view_get_presenting (ConferCallView *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), FALSE);

  return self->presenter != NULL;
}

/**
 * confer_call_view_get_n_members:
 * @self: a call view
 *
 * Returns: how many members the session's call has (0: no call running)
 */
guint
confer_call_view_get_n_members (ConferCallView *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), 0);

  return self->call != NULL ? g_list_model_get_n_items (confer_client_call_get_members (self->call)) : 0;
}

/**
 * confer_call_view_get_recorded:
 * @self: a call view
 *
 * Returns: whether someone in the session's call records it
 *   (#ConferCallView:recorded)
 */
gboolean
confer_call_view_get_recorded (ConferCallView *self)
{
  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), FALSE);

  return self->recorded;
}

/**
 * confer_call_view_dup_recorders:
 * @self: a call view
 *
 * Returns: (transfer full) (nullable): who records the call, for a
 *   notice's tooltip ("Recorded by Ann and You" in the user's language),
 *   or %NULL when nobody does
 */
char *
confer_call_view_dup_recorders (ConferCallView *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GListModel *members;
  g_autofree char *list = NULL;

  g_return_val_if_fail (CONFER_IS_CALL_VIEW (self), NULL);

  if (self->call == NULL)
    return NULL;
  members = confer_client_call_get_members (self->call);
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(ConferCallMember) member = g_list_model_get_item (members, i);
      const char *name = member_name (self, member);

      if (!confer_call_member_get_recording (member))
        continue;
      if (g_strcmp0 (confer_call_member_get_id (member), confer_client_call_get_member_id (self->call)) == 0)
        name = _("You");
      g_ptr_array_add (names, (gpointer) (name != NULL ? name : _("Someone")));
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* Translators: the separator of the names of those recording a call */
  list = g_strjoinv (_(", "), (char **) names->pdata);
  /* Translators: %s names who records the call: “Ann”, “Ann, You” */
  return g_strdup_printf (_("Recorded by %s"), list);
}
