/* kumo-window-run.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-run.h"
#include "kumo-server-setup.h"
#include "kumo-window-private.h"

/*
 * Running from the window. Run (win.run, Ctrl+Return) says what is
 * missing when no server is connected, asks once per workflow before
 * nodes that spend credits, and starts the run pipeline with the Run
 * button's count and seed mode. What the server would refuse is marked
 * on its inputs, before anything is sent (Kumo's own check) or after
 * (the server's node_errors), and the editor scrolls to the first. The
 * jobs a window starts are followed: the editor marks the running node.
 * The jobs panel's cancel, retry and open-inputs land here, and closing
 * the last window asks what becomes of jobs that have not ended.
 */

#define KUMO_JOB_WORKFLOW "kumo-window-workflow"

static KumoApplication *
application_of (KumoWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return KUMO_IS_APPLICATION (app) ? KUMO_APPLICATION (app) : NULL;
}

void
_kumo_window_update_run_actions (KumoWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run", self->workflow != NULL && !self->starting);
}

/* A transient error with a way to the fix, in a toast. */
static void
show_error_with_fix (KumoWindow *self,
                     const char *message,
                     const char *button_label,
                     const char *action)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);
  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---------------------------------------------------------------------- */
/* Problems                                                               */
/* ---------------------------------------------------------------------- */

/* The problems are on their inputs (the rows check the workflow, and
 * the server's are kept on it): the editor scrolls to the first, and a
 * toast says how many. One of a whole node or workflow is said in full. */
static void
show_problems (KumoWindow *self,
               GPtrArray  *problems,
               gboolean    from_server)
{
  g_autofree char *message = NULL;
  KumoProblem *first = NULL;

  for (guint i = 0; problems != NULL && i < problems->len && first == NULL; i++)
    {
      KumoProblem *problem = g_ptr_array_index (problems, i);

      if (problem->node_id != NULL)
        first = problem;
    }

  if (first != NULL)
    kumo_workflow_editor_show_node (self->editor, first->node_id);

  if (problems != NULL && problems->len == 1 && (first == NULL || first->input_name == NULL))
    {
      KumoProblem *only = g_ptr_array_index (problems, 0);

      message = g_strdup_printf (from_server ? _("The server refused the workflow: %s")
                                             : _("The server would refuse the workflow: %s"),
                                 only->message);
    }
  else
    {
      guint n = problems ? problems->len : 0;

      message = g_strdup_printf (from_server
                                 ? g_dngettext (GETTEXT_PACKAGE,
                                                "The server refused the workflow: fix the marked input (%u problem)",
                                                "The server refused the workflow: fix the marked inputs (%u problems)",
                                                n)
                                 : g_dngettext (GETTEXT_PACKAGE,
                                                "Nothing was sent: fix the marked input first (%u problem)",
                                                "Nothing was sent: fix the marked inputs first (%u problems)",
                                                n),
                                 n);
    }

  /* The marks stay on the inputs; the toast goes by itself. */
  {
    g_autofree char *escaped = g_markup_escape_text (message, -1);
    AdwToast *toast = adw_toast_new (escaped);

    adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    adw_toast_set_timeout (toast, 8);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
}

/* ---------------------------------------------------------------------- */
/* Following the jobs                                                     */
/* ---------------------------------------------------------------------- */

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The document a job was started from, if it is still open somewhere;
 * only ever compared with the window's. */
static KumoWorkflow *
workflow_of (KumoJob *job)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (job), KUMO_JOB_WORKFLOW);
  g_autoptr(KumoWorkflow) workflow = ref ? g_weak_ref_get (ref) : NULL;

  return workflow;
}

static void
update_running_node (KumoWindow *self)
{
  const char *node = NULL;

  if (self->running_job != NULL && workflow_of (self->running_job) == self->workflow &&
      kumo_job_get_state (self->running_job) == KUMO_JOB_STATE_RUNNING)
    node = kumo_job_get_node (self->running_job);

  kumo_workflow_editor_set_running_node (self->editor, node);
}

static void
job_state_cb (KumoWindow *self,
              GParamSpec *pspec,
              KumoJob    *job)
{
  KumoJobState state = kumo_job_get_state (job);

  if (state == KUMO_JOB_STATE_RUNNING)
    g_set_object (&self->running_job, job);
  else if (self->running_job == job)
    g_clear_object (&self->running_job);

  /* Refused: its problems go onto the document it came from, if that
   * is still the one open. */
  if (state == KUMO_JOB_STATE_FAILED && kumo_job_get_error_kind (job) == KUMO_JOB_ERROR_REJECTED &&
      workflow_of (job) == self->workflow && self->workflow != NULL)
    {
      kumo_workflow_set_reported_problems (self->workflow, kumo_job_get_problems (job));
      show_problems (self, kumo_job_get_problems (job), TRUE);
    }

  update_running_node (self);
}

static void
follow (KumoWindow *self,
        KumoJob    *job)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  /* Weak: the document may be closed before the job ends. */
  g_weak_ref_init (ref, self->workflow);
  g_object_set_data_full (G_OBJECT (job), KUMO_JOB_WORKFLOW, ref, (GDestroyNotify) weak_ref_free);
  g_ptr_array_add (self->own_jobs, g_object_ref (job));
  g_signal_connect_object (job, "notify::state", G_CALLBACK (job_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::node", G_CALLBACK (update_running_node), self, G_CONNECT_SWAPPED);
}

/* ---------------------------------------------------------------------- */
/* Running                                                                */
/* ---------------------------------------------------------------------- */

static void
run_started_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KumoWindow) self = user_data;
  KumoRun *run = KUMO_RUN (object);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  jobs = kumo_run_start_finish (run, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->starting = FALSE;
  _kumo_window_update_run_actions (self);

  if (jobs == NULL)
    {
      if (g_error_matches (error, KUMO_RUN_ERROR, KUMO_RUN_ERROR_INVALID))
        show_problems (self, kumo_run_get_problems (run), FALSE);
      else if (g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_UNAUTHORIZED) ||
               g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NO_API_ACCESS) ||
               g_error_matches (error, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NEEDS_KEY))
        show_error_with_fix (self, error->message, _("Set Key…"), "app.preferences");
      else
        kumo_window_show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < jobs->len; i++)
    follow (self, g_ptr_array_index (jobs, i));

  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
start_run (KumoWindow *self,
           gpointer    data)
{
  KumoApplication *app = application_of (self);
  g_autoptr(KumoRun) run = NULL;
  g_autoptr(GFile) folder = NULL;
  KumoSeedMode mode;

  if (self->workflow == NULL || self->session == NULL)
    return;

  run = kumo_run_new (self->session, self->workflow);
  kumo_run_set_count (run, kumo_run_button_get_count (self->run_button));
  if (kumo_run_button_get_seed_mode (self->run_button, &mode))
    kumo_run_set_seed_mode (run, mode);
  else
    kumo_run_set_seeds_as_set (run);
  kumo_run_set_advance_seeds (run, TRUE);

  folder = app ? kumo_application_dup_output_folder (app) : g_file_new_for_path (g_get_home_dir ());
  kumo_run_set_output_folder (run, folder);

  /* What the server refused last time is checked again now. */
  kumo_workflow_set_reported_problems (self->workflow, NULL);

  self->starting = TRUE;
  _kumo_window_update_run_actions (self);
  kumo_run_start_async (run, self->run_cancellable, run_started_cb, g_object_ref (self));
}

static void
partner_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KumoWindow       *self)
{
  if (!g_str_equal (response, "run") || self->workflow == NULL)
    return;

  g_object_set_data (G_OBJECT (self->workflow), "kumo-partner-confirmed", GINT_TO_POINTER (TRUE));
  start_run (self, NULL);
}

/* Nodes that call a paid partner service spend credits: asked once per
 * workflow, before its first run. */
static void
confirm_partner_nodes (KumoWindow *self,
                       GPtrArray  *titles)
{
  g_autoptr(GString) list = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < titles->len; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (titles, i));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Run Paid Nodes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "This workflow calls a partner service that spends credits of your "
                                               "Comfy account each time it runs: %s.",
                                               "This workflow calls partner services that spend credits of your "
                                               "Comfy account each time it runs: %s.",
                                               titles->len),
                                  list->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", _("_Run"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (partner_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Why Run cannot run now, and the way out. */
static gboolean
explain_not_connected (KumoWindow *self)
{
  KumoSessionState state = self->session ? kumo_session_get_state (self->session) : KUMO_SESSION_DISCONNECTED;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (state == KUMO_SESSION_CONNECTED || state == KUMO_SESSION_RECONNECTING)
    return FALSE;

  name = self->session ? kumo_server_status_dup_name (kumo_session_get_url (self->session)) : g_strdup ("");

  if (state == KUMO_SESSION_CONNECTING)
    {
      /* Translators: %s is a server's name */
      message = g_strdup_printf (_("Kumo is still connecting to %s. Try again in a moment."), name);
      kumo_window_show_toast (self, message);
      return TRUE;
    }

  if (state == KUMO_SESSION_DISCONNECTED && application_of (self) != NULL &&
      !kumo_application_has_server (application_of (self)))
    message = g_strdup (_("Set up a server to run workflows on: Comfy Cloud, or your own ComfyUI."));
  else
    {
      g_autofree char *why = state == KUMO_SESSION_DISCONNECTED
                             ? g_strdup (_("Kumo has not connected to it yet."))
                             : kumo_server_setup_explain (state, kumo_session_get_error (self->session));

      /* Translators: the first %s is a server's name, the second why */
      message = g_strdup_printf (_("Cannot run on %s: %s"), name, why);
    }

  show_error_with_fix (self, message, _("Servers and Keys…"), "app.preferences");
  return TRUE;
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);
  g_autoptr(GPtrArray) partners = NULL;

  if (self->workflow == NULL || self->starting || explain_not_connected (self))
    return;

  partners = kumo_run_list_partner_nodes (self->workflow, kumo_session_get_catalog (self->session));
  if (partners->len > 0 && g_object_get_data (G_OBJECT (self->workflow), "kumo-partner-confirmed") == NULL)
    confirm_partner_nodes (self, partners);
  else
    start_run (self, NULL);
}

/* ---------------------------------------------------------------------- */
/* The jobs panel                                                         */
/* ---------------------------------------------------------------------- */

/**
 * kumo_window_show_jobs:
 *
 * Opens the jobs panel.
 */
void
kumo_window_show_jobs (KumoWindow *self)
{
  g_return_if_fail (KUMO_IS_WINDOW (self));

  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
show_jobs_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
open_inputs_now (KumoWindow *self,
                 gpointer    data)
{
  KumoJob *job = data;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(GError) error = NULL;
  const char *title = kumo_job_get_title (job) ? kumo_job_get_title (job) : _("Workflow");

  workflow = kumo_workflow_new_from_bytes (kumo_job_get_workflow (job), title, &error);
  if (workflow == NULL)
    {
      kumo_window_show_error (self, error->message);
      return;
    }

  _kumo_window_set_workflow (self, workflow);
}

/**
 * kumo_window_open_job_inputs:
 *
 * Opens the exact workflow @job ran, its seeds included, as a new
 * document (after asking about unsaved changes).
 */
void
kumo_window_open_job_inputs (KumoWindow *self,
                             KumoJob    *job)
{
  g_return_if_fail (KUMO_IS_WINDOW (self));
  g_return_if_fail (KUMO_IS_JOB (job));

  _kumo_window_confirm_discard (self, open_inputs_now, g_object_ref (job), g_object_unref);
}

static void
job_action_cb (KumoWindow    *self,
               const char    *action,
               KumoJob       *job,
               KumoJobsPanel *panel)
{
  KumoApplication *app = application_of (self);
  KumoJobQueue *queue = app ? kumo_application_find_queue (app, job) : NULL;

  if (g_str_equal (action, "open-inputs"))
    kumo_window_open_job_inputs (self, job);
  else if (g_str_equal (action, "show-outputs"))
    {
      g_autoptr(GPtrArray) files = kumo_job_dup_files (job);

      kumo_window_show_view (self, "gallery");
      kumo_gallery_view_show_outputs (self->gallery_view, files, kumo_job_get_title (job));
    }
  else if (queue == NULL)
    kumo_window_show_error (self, _("This job’s server is no longer connected."));
  else if (g_str_equal (action, "cancel"))
    kumo_job_queue_cancel (queue, job);
  else if (g_str_equal (action, "retry"))
    kumo_job_queue_retry (queue, job);
}

/**
 * kumo_window_get_own_jobs:
 *
 * Returns: (transfer none) (element-type KumoJob): the jobs this window
 *   started
 */
GPtrArray *
kumo_window_get_own_jobs (KumoWindow *self)
{
  g_return_val_if_fail (KUMO_IS_WINDOW (self), NULL);

  return self->own_jobs;
}

static void
update_jobs_count (KumoWindow *self)
{
  KumoApplication *app = application_of (self);
  guint n = app ? kumo_application_count_active_jobs (app) : 0;
  g_autofree char *text = g_strdup_printf ("%u", n);
  /* Translators: the accessible name of the jobs button */
  g_autofree char *label = n ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Jobs, %u running or queued",
                                                             "Jobs, %u running or queued", n), n)
                             : g_strdup (_("Jobs"));

  gtk_label_set_text (self->jobs_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->jobs_count_label), n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->jobs_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
application_changed_cb (KumoWindow *self)
{
  KumoApplication *app = application_of (self);

  if (app != NULL)
    g_signal_connect_object (app, "notify::n-active-jobs", G_CALLBACK (update_jobs_count), self, G_CONNECT_SWAPPED);
  update_jobs_count (self);
}

/* ---------------------------------------------------------------------- */
/* Closing with jobs                                                      */
/* ---------------------------------------------------------------------- */

typedef struct
{
  KumoApplication *app;
  guint            timeout;
} Stopping;

static gboolean
stopping_done_cb (gpointer data)
{
  Stopping *stopping = data;

  g_signal_handlers_disconnect_by_data (stopping->app, stopping);
  g_clear_handle_id (&stopping->timeout, g_source_remove);
  g_application_release (G_APPLICATION (stopping->app));
  g_object_unref (stopping->app);
  g_free (stopping);
  return G_SOURCE_REMOVE;
}

static void
stopping_progress_cb (KumoApplication *app,
                      GParamSpec      *pspec,
                      Stopping        *stopping)
{
  if (kumo_application_count_active_jobs (app) == 0)
    stopping_done_cb (stopping);
}

/* Cancels every job, and keeps Kumo running (without a window) until the
 * servers have been told, or a few seconds have passed. */
static void
cancel_all_jobs (KumoApplication *app)
{
  GListModel *jobs = kumo_application_get_jobs (app);
  Stopping *stopping = g_new0 (Stopping, 1);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(KumoJob) job = g_list_model_get_item (jobs, i);
      KumoJobQueue *queue = kumo_application_find_queue (app, job);

      if (queue != NULL && !kumo_job_state_is_terminal (kumo_job_get_state (job)))
        kumo_job_queue_cancel (queue, job);
    }

  stopping->app = g_object_ref (app);
  g_application_hold (G_APPLICATION (app));
  stopping->timeout = g_timeout_add_seconds (10, stopping_done_cb, stopping);
  g_signal_connect (app, "notify::n-active-jobs", G_CALLBACK (stopping_progress_cb), stopping);
  if (kumo_application_count_active_jobs (app) == 0)
    stopping_done_cb (stopping);
}

/* Once the dialog is gone: closing the window destroys its dialogs. */
static gboolean
close_now_cb (gpointer data)
{
  g_autoptr(KumoWindow) self = data;

  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
close_with_jobs_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KumoWindow       *self)
{
  KumoApplication *app = application_of (self);

  if (g_str_equal (response, "cancel"))
    return;

  if (g_str_equal (response, "stop") && app != NULL)
    cancel_all_jobs (app);

  self->jobs_confirmed = TRUE;
  g_idle_add (close_now_cb, g_object_ref (self));
}

/* Closing the last window while jobs have not ended: they are cancelled,
 * or left to finish on the server (the next start brings their outputs
 * home, as kumo-cli resume does). Returns TRUE while asking. */
gboolean
_kumo_window_close_request_jobs (KumoWindow *self)
{
  KumoApplication *app = application_of (self);
  guint n_windows = 0;
  guint n_active;
  GtkWidget *dialog;

  if (self->jobs_confirmed || app == NULL)
    return FALSE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n_windows += KUMO_IS_WINDOW (l->data);

  n_active = kumo_application_count_active_jobs (app);
  if (n_windows > 1 || n_active == 0)
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Jobs Have Not Ended"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u job is queued or running. It can finish on the server: Kumo "
                                               "brings its outputs home, and sends what was not sent yet, when it "
                                               "starts again.",
                                               "%u jobs are queued or running. They can finish on the server: Kumo "
                                               "brings their outputs home, and sends what was not sent yet, when it "
                                               "starts again.",
                                               n_active),
                                  n_active);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Open"),
                                    "stop", _("_Cancel Jobs"),
                                    "leave", _("_Let Them Finish"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "leave");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_with_jobs_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Setup                                                                  */
/* ---------------------------------------------------------------------- */

void
_kumo_window_class_init_run (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, job_action_cb);

  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.show-jobs", NULL, show_jobs_action);

  /* Work without an application too (tests), where no accels are set. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.show-jobs", NULL);
}

void
_kumo_window_init_run (KumoWindow *self)
{
  self->run_cancellable = g_cancellable_new ();
  self->own_jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  _kumo_window_update_run_actions (self);
}

void
_kumo_window_dispose_run (KumoWindow *self)
{
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->running_job);
  g_clear_pointer (&self->own_jobs, g_ptr_array_unref);
}
