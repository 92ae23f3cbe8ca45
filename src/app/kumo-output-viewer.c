/* kumo-output-viewer.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-output-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-file-content.h"
#include "kumo-output-viewer.h"
#include "kumo-picture-loader.h"
#include "kumo-trash.h"
#include "kumo-workflow-summary.h"
#include "kumo-zoom-view.h"

/*
 * One output full size, as Loupe shows a picture: fitted, zoomed and
 * panned (KumoZoomView); Left and Right go through the gallery as it is
 * filtered, Escape goes back. Beside it, what made it: the workflow,
 * the seeds and prompts the job sent (from the journal), the server,
 * when, the file's size and the picture's. Videos and sounds play in a
 * GtkVideo. The file can be saved elsewhere, copied, opened with
 * another app, shown in the file manager, dragged out, or moved to the
 * trash (with undo); "Open Inputs" loads the job's exact workflow.
 */
struct _KumoOutputViewer
{
  AdwBin            parent_instance;

  GtkLabel         *name_label;
  GtkWidget        *zoom_button;
  AdwFlap          *flap;
  GtkStack         *media_stack;
  KumoZoomView     *zoom_view;
  AdwBin           *media_bin;
  GtkVideo         *video;       /* made for the first video or sound */
  AdwStatusPage    *error_page;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *inputs_group;

  KumoGallery      *gallery;
  GListModel       *model;
  guint             position;
  KumoGalleryItem  *item;
  KumoJournalEntry *entry;
  GCancellable     *cancellable;
  GPtrArray        *rows;        /* rows to take out at the next output */
  GtkWidget        *dimensions_row;
};

G_DEFINE_FINAL_TYPE (KumoOutputViewer, kumo_output_viewer, ADW_TYPE_BIN)

enum {
  CLOSE,
  OPEN_INPUTS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_position (KumoOutputViewer *self,
                           guint             position);

static void
toast (KumoOutputViewer *self,
       AdwToast         *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
say (KumoOutputViewer *self,
     const char       *message)
{
  toast (self, adw_toast_new (message));
}

static GtkWidget *
add_row (KumoOutputViewer    *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_value = g_markup_escape_text (value ? value : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "kumo-detail-row");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
clear_rows (KumoOutputViewer *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  self->dimensions_row = NULL;
}

static void
update_actions (KumoOutputViewer *self)
{
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  gboolean picture = self->item != NULL && kumo_zoom_view_get_paintable (self->zoom_view) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous", self->item && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next", self->item && self->position + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.open-inputs", self->entry != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.toggle-zoom", picture);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", picture);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", picture);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.best-fit", picture);
}

/* ---------------------------------------------------------------------- */
/* Showing an output                                                      */
/* ---------------------------------------------------------------------- */

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KumoOutputViewer *self = user_data;
  g_autoptr(GdkPaintable) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dimensions = NULL;

  texture = kumo_picture_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (texture == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->media_stack, "error");
      return;
    }

  kumo_zoom_view_set_paintable (self->zoom_view, GDK_PAINTABLE (texture));
  /* TRANSLATORS: a picture's width and height in pixels */
  dimensions = g_strdup_printf (_("%d × %d pixels"), gdk_paintable_get_intrinsic_width (texture),
                                gdk_paintable_get_intrinsic_height (texture));
  if (self->dimensions_row != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->dimensions_row), dimensions);
  update_actions (self);
}

static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KumoOutputViewer *self = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);
  g_autofree char *size = NULL;

  if (info == NULL || self->item == NULL)
    return;

  size = g_format_size (g_file_info_get_size (info));
  add_row (self, self->details_group, _("File Size"), size);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  /* TRANSLATORS: when an output was made, as g_date_time_format() writes it */
  return time ? g_date_time_format (time, _("%e %B %Y, %H:%M")) : NULL;
}

static void
job_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KumoOutputViewer *self = user_data;
  g_autoptr(KumoJournalEntry) entry = NULL;
  g_autoptr(KumoWorkflowSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  entry = kumo_gallery_read_job_finish (KUMO_GALLERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (entry == NULL)
    {
      add_row (self, self->inputs_group, _("Unknown"), error->message);
      return;
    }

  summary = kumo_workflow_summarize (g_bytes_get_data (entry->workflow, NULL), g_bytes_get_size (entry->workflow));
  for (guint i = 0; summary != NULL && i < summary->seeds->len; i++)
    {
      KumoWorkflowValue *seed = g_ptr_array_index (summary->seeds, i);
      /* TRANSLATORS: a seed input and the node it belongs to */
      g_autofree char *title = g_strdup_printf (_("Seed · %s"), seed->node_title);

      add_row (self, self->inputs_group, title, seed->value);
    }
  for (guint i = 0; summary != NULL && i < summary->prompts->len; i++)
    {
      KumoWorkflowValue *prompt = g_ptr_array_index (summary->prompts, i);

      add_row (self, self->inputs_group, prompt->node_title, prompt->value);
    }

  self->entry = g_steal_pointer (&entry);
  update_actions (self);
}

static void
show_position (KumoOutputViewer *self,
               guint             position)
{
  g_autoptr(KumoGalleryItem) item = NULL;
  g_autofree char *made = NULL;
  KumoOutputKind kind;
  GFile *file;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entry, kumo_journal_entry_free);
  clear_rows (self);
  kumo_zoom_view_set_paintable (self->zoom_view, NULL);
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);

  item = self->model ? g_list_model_get_item (self->model, position) : NULL;
  g_set_object (&self->item, item);
  self->position = position;
  update_actions (self);
  if (item == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  file = kumo_gallery_item_get_file (item);
  kind = kumo_gallery_item_get_kind (item);

  gtk_label_set_label (self->name_label, kumo_gallery_item_get_name (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kumo_gallery_item_get_name (item), -1);

  if (kind == KUMO_OUTPUT_VIDEO || kind == KUMO_OUTPUT_AUDIO)
    {
      /* GStreamer starts with the first GtkVideo: not before a video
       * is opened (it costs a start a tenth of a second). */
      if (self->video == NULL)
        {
          self->video = GTK_VIDEO (gtk_video_new ());
          gtk_video_set_loop (self->video, TRUE);
          adw_bin_set_child (self->media_bin, GTK_WIDGET (self->video));
        }
      gtk_video_set_file (self->video, file);
      gtk_stack_set_visible_child_name (self->media_stack, "media");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->media_stack, "picture");
      kumo_picture_load_async (file, self->cancellable, picture_loaded_cb, self);
    }

  add_row (self, self->details_group, _("Workflow"),
           kumo_gallery_item_get_title (item) ? kumo_gallery_item_get_title (item) : _("Unnamed workflow"));
  add_row (self, self->details_group, _("Server"), kumo_gallery_item_get_server (item));
  made = format_time (kumo_gallery_item_get_added (item));
  add_row (self, self->details_group, _("Made"), made);
  if (kind == KUMO_OUTPUT_IMAGE || kind == KUMO_OUTPUT_ANIMATION)
    self->dimensions_row = add_row (self, self->details_group, _("Dimensions"), "…");
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, file_info_cb, self);

  if (self->gallery != NULL)
    kumo_gallery_read_job_async (self->gallery, item, self->cancellable, job_read_cb, self);
}

/* The list changed under the viewer (a file went, a new one came): it
 * keeps showing the same output, or the one after it if it went. */
static void
model_changed_cb (KumoOutputViewer *self,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GListModel       *model)
{
  guint n = g_list_model_get_n_items (model);

  if (self->item == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoGalleryItem) item = g_list_model_get_item (model, i);

      if (item == self->item)
        {
          self->position = i;
          update_actions (self);
          return;
        }
    }

  if (n == 0)
    g_signal_emit (self, signals[CLOSE], 0);
  else
    show_position (self, MIN (self->position, n - 1));
}

/* ---------------------------------------------------------------------- */
/* Actions                                                                */
/* ---------------------------------------------------------------------- */

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[CLOSE], 0);
}

static void
go_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);
  gboolean next = g_str_equal (action_name, "viewer.next");
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  if (next && self->position + 1 < n)
    show_position (self, self->position + 1);
  else if (!next && self->position > 0)
    show_position (self, self->position - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.zoom-in"))
    kumo_zoom_view_zoom_by (self->zoom_view, 1.25);
  else if (g_str_equal (action_name, "viewer.zoom-out"))
    kumo_zoom_view_zoom_by (self->zoom_view, 0.8);
  else if (g_str_equal (action_name, "viewer.best-fit"))
    kumo_zoom_view_set_fit (self->zoom_view, TRUE);
  else if (kumo_zoom_view_get_fit (self->zoom_view))
    kumo_zoom_view_set_zoom (self->zoom_view, 1.0);
  else
    kumo_zoom_view_set_fit (self->zoom_view, TRUE);
}

static void
fit_changed_cb (KumoOutputViewer *self)
{
  gboolean fit = kumo_zoom_view_get_fit (self->zoom_view);

  gtk_button_set_icon_name (GTK_BUTTON (self->zoom_button), fit ? "zoom-original-symbolic" : "zoom-fit-best-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fit ? _("Original Size") : _("Best Fit"), -1);
}

static void
toggle_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
open_inputs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);

  if (self->entry != NULL)
    g_signal_emit (self, signals[OPEN_INPUTS], 0, self->entry);
}

typedef struct
{
  KumoOutputViewer *self;
  GFile            *file;
} Trashed;

static void
trashed_free (Trashed *trashed)
{
  g_object_unref (trashed->self);
  g_object_unref (trashed->file);
  g_free (trashed);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  /* Reading the trash's records is disk work: not on the main loop. */
  if (kumo_trash_restore (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KumoOutputViewer) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The gallery's folder watch brings the output back. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    say (self, error->message);
}

static void
undo_trash_cb (AdwToast *toast,
               Trashed  *trashed)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, restored_cb, g_object_ref (trashed->self));

  g_task_set_task_data (task, g_object_ref (trashed->file), g_object_unref);
  g_task_run_in_thread (task, restore_thread);
}

static void
trash_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KumoOutputViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (object));
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *title = NULL;
  AdwToast *undo;
  Trashed *trashed;

  if (!g_file_trash_finish (G_FILE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not move “%s” to the trash: %s"), name, error->message);

      say (self, message);
      return;
    }

  if (self->gallery != NULL)
    kumo_gallery_forget (self->gallery, path);

  title = g_strdup_printf (_("“%s” moved to the trash"), name);
  undo = adw_toast_new (title);
  adw_toast_set_button_label (undo, _("_Undo"));
  adw_toast_set_priority (undo, ADW_TOAST_PRIORITY_HIGH);
  trashed = g_new0 (Trashed, 1);
  trashed->self = g_object_ref (self);
  trashed->file = g_object_ref (G_FILE (object));
  g_signal_connect_data (undo, "button-clicked", G_CALLBACK (undo_trash_cb), trashed,
                         (GClosureNotify) trashed_free, 0);
  toast (self, undo);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);

  if (self->item == NULL)
    return;

  /* What plays holds the file open: let it go first. */
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);
  g_file_trash_async (kumo_gallery_item_get_file (self->item), G_PRIORITY_DEFAULT, NULL, trash_cb,
                      g_object_ref (self));
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KumoOutputViewer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save a copy: %s"), error->message);

      say (self, message);
    }
  else
    say (self, _("Saved"));
}

static void
save_response_cb (GtkNativeDialog  *dialog,
                  int               response,
                  KumoOutputViewer *self)
{
  g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && target != NULL && self->item != NULL)
    /* The chooser asked before replacing a file. */
    g_file_copy_async (kumo_gallery_item_get_file (self->item), target, G_FILE_COPY_OVERWRITE,
                       G_PRIORITY_DEFAULT, NULL, NULL, NULL, copied_cb, g_object_ref (self));

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);
  GtkFileChooserNative *chooser;

  if (self->item == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), kumo_gallery_item_get_name (self->item));
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);
  GdkPaintable *picture = kumo_zoom_view_get_paintable (self->zoom_view);
  g_autoptr(GdkContentProvider) content = NULL;

  if (self->item == NULL)
    return;

  content = kumo_file_content_new (kumo_gallery_item_get_file (self->item),
                                   GDK_IS_TEXTURE (picture) ? GDK_TEXTURE (picture) : NULL);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), content);
  say (self, GDK_IS_TEXTURE (picture) ? _("Picture copied") : _("File copied"));
}

static void
app_chosen_cb (GtkDialog        *dialog,
               int               response,
               KumoOutputViewer *self)
{
  g_autoptr(GAppInfo) app = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_OK && self->item != NULL &&
      (app = gtk_app_chooser_get_app_info (GTK_APP_CHOOSER (dialog))) != NULL)
    {
      GList files = { kumo_gallery_item_get_file (self->item), NULL, NULL };
      g_autoptr(GdkAppLaunchContext) context =
        gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

      if (!g_app_info_launch (app, &files, G_APP_LAUNCH_CONTEXT (context), &error))
        say (self, error->message);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_with_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);
  GtkWidget *dialog;

  if (self->item == NULL)
    return;

  dialog = gtk_app_chooser_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), GTK_DIALOG_MODAL,
                                       kumo_gallery_item_get_file (self->item));
  g_signal_connect (dialog, "response", G_CALLBACK (app_chosen_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
shown_in_files_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KumoOutputViewer) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && self->item != NULL)
    {
      /* No file manager answers the call: open the folder instead. */
      g_autoptr(GFile) folder = g_file_get_parent (kumo_gallery_item_get_file (self->item));
      g_autofree char *uri = g_file_get_uri (folder);

      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
    }
}

static void
show_in_files_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KumoOutputViewer *self = KUMO_OUTPUT_VIEWER (widget);
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };

  if (self->item == NULL)
    return;

  uri = g_file_get_uri (kumo_gallery_item_get_file (self->item));
  uris[0] = uri;
  if (bus == NULL)
    {
      shown_in_files_cb (NULL, NULL, g_object_ref (self));
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          shown_in_files_cb, g_object_ref (self));
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource    *source,
                 double            x,
                 double            y,
                 KumoOutputViewer *self)
{
  /* Zoomed in, a drag pans. */
  if (self->item == NULL || !kumo_zoom_view_get_fit (self->zoom_view))
    return NULL;

  return kumo_file_content_new (kumo_gallery_item_get_file (self->item), NULL);
}

/* ---------------------------------------------------------------------- */

static void
kumo_output_viewer_dispose (GObject *object)
{
  KumoOutputViewer *self = (KumoOutputViewer *)object;

  kumo_output_viewer_clear (self);
  g_clear_object (&self->gallery);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kumo_output_viewer_parent_class)->dispose (object);
}

static void
kumo_output_viewer_class_init (KumoOutputViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_output_viewer_dispose;

  signals[CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN_INPUTS] =
    g_signal_new ("open-inputs", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  g_type_ensure (KUMO_TYPE_ZOOM_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kumoapp/Kumo/kumo-output-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, name_label);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, flap);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, media_stack);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, zoom_view);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, media_bin);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, details_group);
  gtk_widget_class_bind_template_child (widget_class, KumoOutputViewer, inputs_group);

  gtk_widget_class_install_action (widget_class, "viewer.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "viewer.previous", NULL, go_action);
  gtk_widget_class_install_action (widget_class, "viewer.next", NULL, go_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.best-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.toggle-zoom", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.toggle-details", NULL, toggle_details_action);
  gtk_widget_class_install_action (widget_class, "viewer.open-inputs", NULL, open_inputs_action);
  gtk_widget_class_install_action (widget_class, "viewer.trash", NULL, trash_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "viewer.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "viewer.open-with", NULL, open_with_action);
  gtk_widget_class_install_action (widget_class, "viewer.show-in-files", NULL, show_in_files_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "viewer.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "viewer.best-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "viewer.toggle-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "viewer.trash", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "viewer.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "viewer.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "viewer.toggle-details", NULL);

  gtk_widget_class_set_css_name (widget_class, "kumo-output-viewer");
}

static void
kumo_output_viewer_init (KumoOutputViewer *self)
{
  GtkDragSource *source;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->zoom_view), GTK_EVENT_CONTROLLER (source));

  g_signal_connect_object (self->zoom_view, "notify::fit", G_CALLBACK (fit_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

void
kumo_output_viewer_set_gallery (KumoOutputViewer *self,
                                KumoGallery      *gallery)
{
  g_return_if_fail (KUMO_IS_OUTPUT_VIEWER (self));
  g_set_object (&self->gallery, gallery);
}

/**
 * kumo_output_viewer_show:
 * @model: the outputs to go through (#KumoGalleryItem)
 *
 * Shows the @position'th of @model; Left and Right go through the rest.
 */
void
kumo_output_viewer_show (KumoOutputViewer *self,
                         GListModel       *model,
                         guint             position)
{
  g_return_if_fail (KUMO_IS_OUTPUT_VIEWER (self));
  g_return_if_fail (G_IS_LIST_MODEL (model));

  if (self->model != model)
    {
      if (self->model != NULL)
        g_signal_handlers_disconnect_by_func (self->model, model_changed_cb, self);
      g_set_object (&self->model, model);
      g_signal_connect_object (model, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
    }

  show_position (self, position);
}

/* Lets go of the output (and stops what plays). */
void
kumo_output_viewer_clear (KumoOutputViewer *self)
{
  g_return_if_fail (KUMO_IS_OUTPUT_VIEWER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_object (&self->item);
  g_clear_pointer (&self->entry, kumo_journal_entry_free);
  if (self->rows != NULL)
    clear_rows (self);
  if (self->zoom_view != NULL)
    kumo_zoom_view_set_paintable (self->zoom_view, NULL);
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);
}

guint
kumo_output_viewer_get_position (KumoOutputViewer *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_VIEWER (self), 0);
  return self->position;
}

KumoGalleryItem *
kumo_output_viewer_get_item (KumoOutputViewer *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_VIEWER (self), NULL);
  return self->item;
}

/* The picture shown, once decoded. */
GdkPaintable *
kumo_output_viewer_get_picture (KumoOutputViewer *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_VIEWER (self), NULL);
  return kumo_zoom_view_get_paintable (self->zoom_view);
}

/* Whether the job that made the output was read from the journal. */
gboolean
kumo_output_viewer_get_job_read (KumoOutputViewer *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_VIEWER (self), FALSE);
  return self->entry != NULL;
}
