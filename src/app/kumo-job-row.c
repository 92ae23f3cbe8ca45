/* kumo-job-row.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-job-row.h"
#include "kumo-jobs-panel.h"
#include "kumo-preview.h"

/*
 * One job in the jobs panel: its workflow, its state in words, the
 * running node's steps and the whole job's progress (real progress bars,
 * which screen readers read), the time it has taken beside the time it
 * usually takes, its live preview, its files once saved, and what can
 * be done with it. Everything shown is bound to the job in the template;
 * the code keeps the clock, the preview and the files.
 */
struct _KumoJobRow
{
  GtkWidget     parent_instance;

  KumoJob      *job;
  KumoPreview  *preview;
  gboolean      previews;
  guint         clock;

  GtkPicture   *preview_picture;
  GtkWidget    *placeholder;
  GtkLabel     *time_label;
  GtkFlowBox   *files_box;
  GtkWidget    *cancel_button;
  GtkWidget    *more_button;
};

G_DEFINE_FINAL_TYPE (KumoJobRow, kumo_job_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* What the template shows                                                */
/* ---------------------------------------------------------------------- */

static char *
title_text (gpointer    unused,
            const char *title)
{
  return g_strdup (title ? title : _("Workflow"));
}

static char *
state_text (gpointer      unused,
            KumoJobState  state,
            gboolean      waiting,
            const char   *node_title,
            gboolean      reused,
            guint         n_files)
{
  switch (state)
    {
    case KUMO_JOB_STATE_PENDING:
      return g_strdup (waiting ? _("Waiting for room in the server’s queue") : _("Queued"));

    case KUMO_JOB_STATE_RUNNING:
      /* The step is the step bar's text: a label that wraps costs a
       * relayout of the whole list each time its text changes, which at
       * 30 steps a second took the main thread's every cycle. */
      /* Translators: %s is the node that runs, by its title */
      return node_title ? g_strdup_printf (_("Running %s"), node_title) : g_strdup (_("Running"));

    case KUMO_JOB_STATE_SUCCEEDED:
      if (reused)
        return g_strdup (_("Done: nothing changed, so the server gave its earlier result"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Done: %u file saved", "Done: %u files saved", n_files),
                              n_files);

    case KUMO_JOB_STATE_FAILED:
      /* Translators: %s is the node that failed, by its title */
      return node_title ? g_strdup_printf (_("Failed in %s"), node_title) : g_strdup (_("Failed"));

    case KUMO_JOB_STATE_CANCELLED:
      return g_strdup (_("Cancelled"));

    default:
      return g_strdup ("");
    }
}

static gboolean
is_active (gpointer     unused,
           KumoJobState state)
{
  return !kumo_job_state_is_terminal (state);
}

static gboolean
can_retry (gpointer     unused,
           KumoJobState state)
{
  return state == KUMO_JOB_STATE_FAILED || state == KUMO_JOB_STATE_CANCELLED;
}

static gboolean
has_steps (gpointer     unused,
           KumoJobState state,
           gint64       max)
{
  return state == KUMO_JOB_STATE_RUNNING && max > 0;
}

static double
step_fraction (gpointer unused,
               gint64   value,
               gint64   max)
{
  return max > 0 ? CLAMP ((double) value / max, 0.0, 1.0) : 0.0;
}

static char *
step_text (gpointer unused,
           gint64   value,
           gint64   max)
{
  /* Translators: the steps of the running node, as "step 12 of 20" */
  return g_strdup_printf (_("step %u of %u"), (guint) MIN (value, G_MAXUINT), (guint) MIN (max, G_MAXUINT));
}

static char *
error_text (gpointer      unused,
            const char   *error,
            KumoJobState  state)
{
  return g_strdup (state == KUMO_JOB_STATE_FAILED && error ? error : "");
}

static gboolean
has_error (gpointer      unused,
           const char   *error,
           KumoJobState  state)
{
  return state == KUMO_JOB_STATE_FAILED && error != NULL && *error != '\0';
}

static gboolean
has_details (gpointer    unused,
             const char *details)
{
  return details != NULL && *details != '\0';
}

/* ---------------------------------------------------------------------- */
/* The clock                                                              */
/* ---------------------------------------------------------------------- */

/* "0:42", "12:05", "1:02:03". */
char *
kumo_job_row_format_duration (gint64 usec)
{
  gint64 seconds = MAX (usec, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static void
update_time (KumoJobRow *self)
{
  gint64 started, ended, estimate;
  g_autofree char *elapsed = NULL;
  g_autofree char *usual = NULL;
  g_autofree char *text = NULL;

  if (self->job == NULL)
    return;

  started = kumo_job_get_started (self->job);
  ended = kumo_job_get_ended (self->job);
  estimate = kumo_job_get_estimate (self->job);

  if (started == 0)
    {
      gtk_label_set_text (self->time_label, "");
      return;
    }

  elapsed = kumo_job_row_format_duration ((ended ? ended : g_get_real_time ()) - started);
  if (ended == 0 && estimate > 0)
    {
      usual = kumo_job_row_format_duration (estimate);
      /* Translators: time a running job has taken, and what runs of its workflow usually take */
      text = g_strdup_printf (_("%s of about %s"), elapsed, usual);
    }

  gtk_label_set_text (self->time_label, text ? text : elapsed);
}

static gboolean
clock_cb (gpointer data)
{
  update_time (data);
  return G_SOURCE_CONTINUE;
}

/* A running job's clock ticks while the row is on screen. */
static void
update_clock (KumoJobRow *self)
{
  gboolean ticking = self->job != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                     kumo_job_get_state (self->job) == KUMO_JOB_STATE_RUNNING;

  if (ticking && self->clock == 0)
    self->clock = g_timeout_add_seconds (1, clock_cb, self);
  else if (!ticking)
    g_clear_handle_id (&self->clock, g_source_remove);

  update_time (self);
}

/* ---------------------------------------------------------------------- */
/* Preview and files                                                      */
/* ---------------------------------------------------------------------- */

static void
update_preview (KumoJobRow *self)
{
  GBytes *bytes = NULL;

  /* A finished job shows its last frame; with previews off, nothing. */
  if (self->job != NULL && self->previews)
    bytes = kumo_job_get_preview (self->job);
  if (bytes != NULL || self->job == NULL || !self->previews)
    kumo_preview_set_bytes (self->preview, bytes);
}

static void
texture_changed_cb (KumoJobRow *self)
{
  GdkTexture *texture = kumo_preview_get_texture (self->preview);

  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->placeholder, texture == NULL);
}

static void
open_file_cb (GtkButton *button,
              GFile     *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), uri, GDK_CURRENT_TIME);
}

static void
update_files (KumoJobRow *self)
{
  g_autoptr(GPtrArray) files = self->job ? kumo_job_dup_files (self->job) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->files_box))) != NULL)
    gtk_flow_box_remove (self->files_box, child);

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *tooltip = g_file_get_parse_name (file);
      g_autofree char *label = g_strdup_printf (_("Open %s"), name);
      GtkWidget *button = gtk_button_new_with_label (name);

      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "kumo-file-button");
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_data (button, "clicked", G_CALLBACK (open_file_cb), g_object_ref (file),
                             (GClosureNotify) (void (*) (void)) g_object_unref, 0);
      gtk_flow_box_append (self->files_box, button);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->files_box), files != NULL && files->len > 0);
}

static void
update_names (KumoJobRow *self)
{
  const char *title = self->job && kumo_job_get_title (self->job) ? kumo_job_get_title (self->job) : _("Workflow");
  /* Translators: the accessible names of a job's buttons; %s is its workflow */
  g_autofree char *cancel = g_strdup_printf (_("Cancel %s"), title);
  g_autofree char *more = g_strdup_printf (_("More for %s"), title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL, cancel, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->more_button), GTK_ACCESSIBLE_PROPERTY_LABEL, more, -1);
}

static void
state_changed_cb (KumoJobRow *self)
{
  update_clock (self);
  update_preview (self);
}

/* ---------------------------------------------------------------------- */
/* Actions                                                                */
/* ---------------------------------------------------------------------- */

/* Cancel, retry, open-inputs and show-outputs belong to whoever holds
 * the queues and the gallery: the panel passes them on. */
static void
pass_to_panel_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KumoJobRow *self = KUMO_JOB_ROW (widget);
  GtkWidget *panel = gtk_widget_get_ancestor (widget, KUMO_TYPE_JOBS_PANEL);

  if (panel != NULL && self->job != NULL)
    kumo_jobs_panel_job_action (KUMO_JOBS_PANEL (panel), action_name + strlen ("job."), self->job);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KumoJobRow *self = KUMO_JOB_ROW (widget);
  g_autofree char *uri = NULL;

  if (self->job == NULL)
    return;

  uri = g_file_get_uri (kumo_job_get_output_folder (self->job));
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), uri, GDK_CURRENT_TIME);
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KumoJobRow *self = KUMO_JOB_ROW (widget);
  GtkWidget *dialog, *scrolled, *view;

  if (self->job == NULL || kumo_job_get_details (self->job) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("What the Server Said"),
                                   kumo_job_get_error (self->job));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), kumo_job_get_details (self->job), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Traceback"), -1);
  gtk_widget_add_css_class (view, "kumo-traceback");

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */
/* ---------------------------------------------------------------------- */

KumoJob *
kumo_job_row_get_job (KumoJobRow *self)
{
  g_return_val_if_fail (KUMO_IS_JOB_ROW (self), NULL);

  return self->job;
}

void
kumo_job_row_set_job (KumoJobRow *self,
                      KumoJob    *job)
{
  g_return_if_fail (KUMO_IS_JOB_ROW (self));
  g_return_if_fail (!job || KUMO_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);

  g_set_object (&self->job, job);
  kumo_preview_set_bytes (self->preview, NULL);

  if (job != NULL)
    {
      g_signal_connect_object (job, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::started", G_CALLBACK (update_clock), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::ended", G_CALLBACK (update_time), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::estimate", G_CALLBACK (update_time), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::preview", G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::n-files", G_CALLBACK (update_files), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::title", G_CALLBACK (update_names), self, G_CONNECT_SWAPPED);
    }

  update_clock (self);
  update_preview (self);
  update_files (self);
  update_names (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

/* Whether live previews are shown (a preference). */
void
kumo_job_row_set_previews (KumoJobRow *self,
                           gboolean    previews)
{
  g_return_if_fail (KUMO_IS_JOB_ROW (self));

  self->previews = previews;
  update_preview (self);
}

static void
kumo_job_row_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kumo_job_row_parent_class)->map (widget);
  update_clock (KUMO_JOB_ROW (widget));
}

static void
kumo_job_row_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kumo_job_row_parent_class)->unmap (widget);
  update_clock (KUMO_JOB_ROW (widget));
}

static void
kumo_job_row_dispose (GObject *object)
{
  KumoJobRow *self = (KumoJobRow *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->clock, g_source_remove);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->preview);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_JOB_ROW);
  /* The template's top-level child is ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kumo_job_row_parent_class)->dispose (object);
}

static void
kumo_job_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KumoJobRow *self = KUMO_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_job_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KumoJobRow *self = KUMO_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      kumo_job_row_set_job (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_job_row_class_init (KumoJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_job_row_dispose;
  object_class->get_property = kumo_job_row_get_property;
  object_class->set_property = kumo_job_row_set_property;
  widget_class->map = kumo_job_row_map;
  widget_class->unmap = kumo_job_row_unmap;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, KUMO_TYPE_JOB,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KUMO_TYPE_JOB);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoJobRow, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, KumoJobRow, placeholder);
  gtk_widget_class_bind_template_child (widget_class, KumoJobRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, KumoJobRow, files_box);
  gtk_widget_class_bind_template_child (widget_class, KumoJobRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KumoJobRow, more_button);
  gtk_widget_class_bind_template_callback (widget_class, title_text);
  gtk_widget_class_bind_template_callback (widget_class, state_text);
  gtk_widget_class_bind_template_callback (widget_class, is_active);
  gtk_widget_class_bind_template_callback (widget_class, can_retry);
  gtk_widget_class_bind_template_callback (widget_class, has_steps);
  gtk_widget_class_bind_template_callback (widget_class, step_fraction);
  gtk_widget_class_bind_template_callback (widget_class, step_text);
  gtk_widget_class_bind_template_callback (widget_class, error_text);
  gtk_widget_class_bind_template_callback (widget_class, has_error);
  gtk_widget_class_bind_template_callback (widget_class, has_details);

  gtk_widget_class_install_action (widget_class, "job.cancel", NULL, pass_to_panel_action);
  gtk_widget_class_install_action (widget_class, "job.retry", NULL, pass_to_panel_action);
  gtk_widget_class_install_action (widget_class, "job.open-inputs", NULL, pass_to_panel_action);
  gtk_widget_class_install_action (widget_class, "job.show-outputs", NULL, pass_to_panel_action);
  gtk_widget_class_install_action (widget_class, "job.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "job.details", NULL, details_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kumo-job-row");
}

static void
kumo_job_row_init (KumoJobRow *self)
{
  self->preview = kumo_preview_new ();
  self->previews = TRUE;
  g_signal_connect_object (self->preview, "notify::texture", G_CALLBACK (texture_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kumo_job_row_new (void)
{
  return g_object_new (KUMO_TYPE_JOB_ROW, NULL);
}
