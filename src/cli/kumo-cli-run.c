/* kumo-cli-run.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "kumo-cli-common.h"
#include "kumo-cli-server.h"
#include "kumo-run.h"

/* Progress lines for the same job come at most this often. */
#define PROGRESS_INTERVAL_US (150 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  KumoJobQueue    *queue;
  KumoWorkflow    *workflow;
  KumoNodeCatalog *catalog;
  GPtrArray       *jobs;
  gboolean         json;
  gboolean         tty;
  gboolean         cancelled;
  gboolean         resumed;      /* jobs another run started */
  gboolean         line_open;
  gint64           last_print;
} Run;

static void
print_json_event (Run        *run,
                  KumoJob    *job,
                  const char *event,
                  KumoJson   *extra)
{
  g_autoptr(KumoJson) object = kumo_json_new_object ();
  g_autoptr(KumoJson) details = extra;
  g_autofree char *text = NULL;
  guint index = 0;

  g_ptr_array_find (run->jobs, job, &index);
  kumo_json_object_set (object, "event", kumo_json_new_string (event));
  kumo_json_object_set (object, "job", kumo_json_new_int (index + 1));
  if (kumo_job_get_prompt_id (job) != NULL)
    kumo_json_object_set (object, "prompt_id", kumo_json_new_string (kumo_job_get_prompt_id (job)));

  for (guint i = 0; details != NULL && i < kumo_json_object_get_size (details); i++)
    kumo_json_object_set (object, kumo_json_object_get_key (details, i),
                          kumo_json_copy (kumo_json_object_get_value (details, i)));

  text = kumo_json_to_string (object);
  g_print ("%s\n", text);
  fflush (stdout);
}

static void
end_line (Run *run)
{
  if (run->line_open)
    {
      g_print ("\n");
      run->line_open = FALSE;
    }
}

static const char *
node_title (Run        *run,
            const char *node_id)
{
  KumoNode *node = node_id && run->workflow ? kumo_workflow_get_node (run->workflow, node_id) : NULL;

  return node ? kumo_cli_node_title (node, run->catalog) : node_id;
}

static void
progress_cb (KumoJob    *job,
             GParamSpec *pspec,
             Run        *run)
{
  gint64 now = g_get_monotonic_time ();
  guint index = 0;
  char bar[21];
  guint filled;
  double progress = kumo_job_get_progress (job);

  if (kumo_job_get_node (job) == NULL || now - run->last_print < PROGRESS_INTERVAL_US)
    return;
  run->last_print = now;

  g_ptr_array_find (run->jobs, job, &index);

  if (run->json)
    {
      KumoJson *extra = kumo_json_new_object ();

      kumo_json_object_set (extra, "node", kumo_json_new_string (kumo_job_get_node (job)));
      kumo_json_object_set (extra, "value", kumo_json_new_int (kumo_job_get_value (job)));
      kumo_json_object_set (extra, "max", kumo_json_new_int (kumo_job_get_max (job)));
      kumo_json_object_set (extra, "progress", kumo_json_new_double (progress));
      print_json_event (run, job, "progress", extra);
      return;
    }

  filled = (guint) (progress * 20);
  for (guint i = 0; i < 20; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[20] = '\0';

  /* On a terminal the line is redrawn in place; in a log, appended. */
  g_print ("%s%s %u  [%s] %3.0f%%  %s", run->tty ? "\r\033[K" : "", _("Job"), index + 1, bar,
           progress * 100, kumo_job_get_node_title (job));
  if (kumo_job_get_max (job) > 0)
    g_print ("  %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, kumo_job_get_value (job), kumo_job_get_max (job));

  if (run->tty)
    run->line_open = TRUE;
  else
    g_print ("\n");
  fflush (stdout);
}

static void
state_cb (KumoJob    *job,
          GParamSpec *pspec,
          Run        *run)
{
  g_autoptr(GPtrArray) files = kumo_job_dup_files (job);
  guint index = 0;

  g_ptr_array_find (run->jobs, job, &index);

  switch (kumo_job_get_state (job))
    {
    case KUMO_JOB_STATE_SUCCEEDED:
      end_line (run);
      /* ComfyUI answers an unchanged workflow with its earlier outputs:
       * say so, rather than let them pass for new ones. */
      if (kumo_job_get_reused (job) && !run->json)
        kumo_cli_error (_("Job %u: nothing changed since the server last ran this workflow, so it sent its "
                          "earlier result again. Change an input (or use --seed increment) for a new one."),
                        index + 1);
      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *path = g_file_get_path (g_ptr_array_index (files, i));

          if (run->json)
            {
              KumoJson *extra = kumo_json_new_object ();
              kumo_json_object_set (extra, "path", kumo_json_new_string (path));
              print_json_event (run, job, "saved", extra);
            }
          else
            g_print ("%s\n", path);
        }
      if (run->json)
        {
          KumoJson *extra = kumo_json_new_object ();

          kumo_json_object_set (extra, "reused", kumo_json_new_boolean (kumo_job_get_reused (job)));
          print_json_event (run, job, "succeeded", extra);
        }
      break;

    case KUMO_JOB_STATE_FAILED:
      end_line (run);
      if (run->json)
        {
          KumoJson *extra = kumo_json_new_object ();

          kumo_json_object_set (extra, "error", kumo_json_new_string (kumo_job_get_error (job)));
          if (kumo_job_get_error_node (job) != NULL)
            kumo_json_object_set (extra, "node", kumo_json_new_string (kumo_job_get_error_node (job)));
          print_json_event (run, job, "failed", extra);
        }
      else if (kumo_job_get_error_node (job) != NULL)
        kumo_cli_error (_("Job %u failed in %s (#%s): %s"), index + 1,
                        node_title (run, kumo_job_get_error_node (job)), kumo_job_get_error_node (job),
                        kumo_job_get_error (job));
      else
        kumo_cli_error (_("Job %u failed: %s"), index + 1, kumo_job_get_error (job));
      break;

    case KUMO_JOB_STATE_CANCELLED:
      end_line (run);
      if (run->json)
        print_json_event (run, job, "cancelled", NULL);
      else
        kumo_cli_error (_("Job %u was cancelled."), index + 1);
      break;

    case KUMO_JOB_STATE_RUNNING:
      if (run->json)
        print_json_event (run, job, "running", NULL);
      break;

    case KUMO_JOB_STATE_PENDING:
    default:
      break;
    }
}

static void
prompt_id_cb (KumoJob    *job,
              GParamSpec *pspec,
              Run        *run)
{
  if (run->json)
    print_json_event (run, job, "submitted", NULL);
}

static gboolean
interrupt_cb (gpointer data)
{
  Run *run = data;

  /* Ctrl+C: cancel the jobs this run started; a second one quits. Jobs
   * picked up from the journal are not this run's to cancel: it only
   * stops waiting for them. */
  if (run->cancelled)
    exit (KUMO_CLI_EXIT_CANCELLED);
  if (run->resumed)
    {
      end_line (run);
      kumo_cli_error (_("Stopped waiting. The jobs go on on the server; “kumo-cli resume” picks them up again."));
      exit (KUMO_CLI_EXIT_CANCELLED);
    }

  run->cancelled = TRUE;
  end_line (run);
  if (!run->json)
    kumo_cli_error (_("Cancelling…"));
  for (guint i = 0; i < run->jobs->len; i++)
    kumo_job_queue_cancel (run->queue, g_ptr_array_index (run->jobs, i));

  return G_SOURCE_CONTINUE;
}

static void
job_waiting_cb (KumoJob    *job,
                GParamSpec *pspec,
                Run        *run)
{
  guint index = 0;

  /* Said once per wait, not at every try. */
  if (!kumo_job_get_waiting (job) || run->json)
    return;

  g_ptr_array_find (run->jobs, job, &index);
  end_line (run);
  kumo_cli_error (_("Job %u: the server’s queue is full; waiting for room (Ctrl+C cancels)…"), index + 1);
}

static int worst_exit (GPtrArray *jobs, gboolean cancelled);

/* Until every job has ended; Ctrl+C cancels. Returns the exit status. */
static int
watch_jobs (Run *run)
{
  guint signal_source = g_unix_signal_add (SIGINT, interrupt_cb, run);

  while (!kumo_job_queue_is_idle (run->queue))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (signal_source);
  end_line (run);

  for (guint i = 0; i < run->jobs->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (run->jobs, i), run);

  return worst_exit (run->jobs, run->cancelled);
}

static void
watch_job (Run     *run,
           KumoJob *job)
{
  g_ptr_array_add (run->jobs, g_object_ref (job));
  g_signal_connect (job, "notify::progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (job, "notify::state", G_CALLBACK (state_cb), run);
  g_signal_connect (job, "notify::prompt-id", G_CALLBACK (prompt_id_cb), run);
  g_signal_connect (job, "notify::waiting", G_CALLBACK (job_waiting_cb), run);
}

/* ---------------------------------------------------------------------- */
/* Setting up                                                             */
/* ---------------------------------------------------------------------- */

static void
upload_progress_cb (KumoRun *kumo_run,
                    GFile   *file,
                    gint64   done,
                    gint64   total,
                    gpointer user_data)
{
  static int shown = -1;
  int percent = total > 0 ? (int) (done * 100 / total) : 100;
  g_autofree char *name = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *size = NULL;

  /* Redrawn once per percent, not once per 8 KiB chunk. */
  if (percent == shown && done < total)
    return;
  shown = percent;

  name = g_file_get_basename (file);
  sent = g_format_size (done);
  size = g_format_size (total);
  /* Translators: "Uploading photo.png  1.2 MB of 4.0 MB" */
  g_printerr ("\r\033[K");
  g_printerr (_("Uploading %s  %s of %s"), name, sent, size);
  if (done >= total)
    g_printerr ("\n");
}

static int
worst_exit (GPtrArray *jobs,
            gboolean   cancelled)
{
  int status = KUMO_CLI_EXIT_OK;

  for (guint i = 0; i < jobs->len; i++)
    {
      KumoJob *job = g_ptr_array_index (jobs, i);
      int this = KUMO_CLI_EXIT_OK;

      if (kumo_job_get_state (job) == KUMO_JOB_STATE_CANCELLED)
        this = KUMO_CLI_EXIT_CANCELLED;
      else if (kumo_job_get_state (job) == KUMO_JOB_STATE_FAILED)
        {
          switch (kumo_job_get_error_kind (job))
            {
            case KUMO_JOB_ERROR_REJECTED: this = KUMO_CLI_EXIT_VALIDATION; break;
            case KUMO_JOB_ERROR_AUTH: this = KUMO_CLI_EXIT_AUTH; break;
            case KUMO_JOB_ERROR_EXECUTION: this = KUMO_CLI_EXIT_EXECUTION; break;
            case KUMO_JOB_ERROR_NETWORK:
            case KUMO_JOB_ERROR_OTHER:
            case KUMO_JOB_ERROR_NONE:
            default: this = KUMO_CLI_EXIT_NETWORK; break;
            }
        }

      /* The first failure in exit-code order is the one reported. */
      if (this != KUMO_CLI_EXIT_OK && (status == KUMO_CLI_EXIT_OK || this < status))
        status = this;
    }

  return cancelled && status == KUMO_CLI_EXIT_OK ? KUMO_CLI_EXIT_CANCELLED : status;
}

/* "NODE.INPUT=VALUE": the target and the value. */
static gboolean
split_assignment (const char  *text,
                  char       **target,
                  const char **value)
{
  const char *eq = strchr (text, '=');

  if (eq == NULL)
    return FALSE;

  *target = g_strndup (text, eq - text);
  *value = eq + 1;
  return TRUE;
}

int
kumo_cli_run (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoSession) session = NULL;
  g_autoptr(KumoRun) kumo_run = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) started = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *flavor_name = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) uploads = NULL;
  g_autoptr(GFile) folder = NULL;
  KumoSeedMode mode = KUMO_SEED_FIXED;
  KumoCliWait wait = { 0 };
  gboolean json = FALSE;
  gboolean editor_format;
  guint unfinished;
  int count = 1, parallel = 1, status;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("“cloud” (the default), “local”, or a server’s URL"), N_("SERVER") },
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor_name,
      N_("How the server speaks, when it cannot be told from it: cloud or local"), N_("FLAVOR") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Change an input before running (repeatable)"), N_("NODE.INPUT=VALUE") },
    { "upload", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &uploads, N_("Upload a file and use it as an input (repeatable)"), N_("NODE.INPUT=FILE") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Run the workflow this many times (default 1)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, N_("What happens to seeds between runs: fixed (default), increment, decrement or randomize"), N_("MODE") },
    { "parallel", 'j', 0, G_OPTION_ARG_INT, &parallel, N_("Jobs to run at once (default 1)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Folder for the outputs (default: the current folder)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON event per line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("WORKFLOW — run a workflow and save its outputs"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("The API key is read from COMFY_CLOUD_API_KEY, else from the keyring, and "
                                      "sent only to the server. "
                                      "With --count, seeds change between runs by --seed; randomize also changes "
                                      "them before the first run. Every file saved is printed."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return kumo_cli_usage_error (context, _("run takes one workflow file."));
  if (count < 1 || parallel < 1)
    return kumo_cli_usage_error (context, _("--count and --parallel take numbers of 1 or more."));
  if (seed != NULL && !kumo_seed_mode_from_string (seed, &mode))
    return kumo_cli_usage_error (context, _("--seed takes fixed, increment, decrement or randomize."));
  if (flavor_name != NULL && !g_str_equal (flavor_name, "cloud") && !g_str_equal (flavor_name, "local"))
    return kumo_cli_usage_error (context, _("--flavor takes cloud or local."));

  /* An editor-format file is converted with the server's own catalog,
   * once connected; anything else is checked before connecting. */
  editor_format = kumo_cli_needs_catalog (argv[1]);
  if (!editor_format && !(workflow = kumo_cli_load_workflow (argv[1], NULL, &status)))
    return status;

  session = kumo_cli_open_session (server, flavor_name, &status);
  if (session == NULL)
    return status;

  if (editor_format)
    {
      KumoNodeCatalog *catalog = kumo_cli_session_catalog (session, &status);

      if (catalog == NULL || !(workflow = kumo_cli_load_workflow (argv[1], catalog, &status)))
        return status;
    }
  kumo_session_set_max_running (session, parallel);

  kumo_run = kumo_run_new (session, workflow);
  kumo_run_set_count (kumo_run, count);
  kumo_run_set_seed_mode (kumo_run, mode);
  folder = g_file_new_for_commandline_arg (output ? output : ".");
  kumo_run_set_output_folder (kumo_run, folder);

  for (guint i = 0; sets != NULL && sets[i]; i++)
    {
      g_autofree char *target = NULL;
      const char *value;

      if (!split_assignment (sets[i], &target, &value))
        return kumo_cli_usage_error (context, _("“%s” is not of the form NODE.INPUT=VALUE."), sets[i]);
      kumo_run_add_set (kumo_run, target, value);
    }

  for (guint i = 0; uploads != NULL && uploads[i]; i++)
    {
      g_autofree char *target = NULL;
      g_autoptr(GFile) file = NULL;
      const char *path;

      if (!split_assignment (uploads[i], &target, &path))
        return kumo_cli_usage_error (context, _("“%s” is not of the form NODE.INPUT=FILE."), uploads[i]);
      file = g_file_new_for_commandline_arg (path);
      kumo_run_add_upload (kumo_run, target, file);
    }

  /* Progress of uploads on a terminal; --json and pipes get none. */
  if (!json && isatty (STDERR_FILENO))
    g_signal_connect (kumo_run, "upload-progress", G_CALLBACK (upload_progress_cb), NULL);

  /* Outputs an earlier run left on the server are not forgotten. */
  unfinished = json ? 0 : kumo_session_count_unfinished (session);
  if (unfinished > 0)
    kumo_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                 "%u job from an earlier run has not finished; “kumo-cli resume” finishes it.",
                                 "%u jobs from an earlier run have not finished; “kumo-cli resume” finishes them.",
                                 unfinished),
                    unfinished);

  /* The values, the uploads, the server's checks, then every job into
   * the journal and the queue. */
  kumo_run_start_async (kumo_run, NULL, kumo_cli_wait_cb, &wait);
  started = kumo_run_start_finish (kumo_run, kumo_cli_wait_for (&wait), &error);
  kumo_cli_wait_clear (&wait);
  if (started == NULL)
    {
      if (g_error_matches (error, KUMO_RUN_ERROR, KUMO_RUN_ERROR_INVALID))
        {
          GPtrArray *problems = kumo_run_get_problems (kumo_run);

          kumo_cli_error (_("The server would reject this workflow; nothing was submitted:"));
          for (guint i = 0; i < problems->len; i++)
            kumo_cli_print_problem (g_ptr_array_index (problems, i));
        }
      else
        kumo_cli_error ("%s", error->message);
      return kumo_cli_exit_for_error (error);
    }

  run.queue = kumo_session_get_queue (session);
  run.workflow = kumo_run_get_workflow (kumo_run);
  run.catalog = kumo_session_get_catalog (session);
  run.jobs = jobs;
  run.json = json;
  run.tty = !json && isatty (STDOUT_FILENO);

  for (guint i = 0; i < started->len; i++)
    {
      KumoJob *job = g_ptr_array_index (started, i);

      watch_job (&run, job);
      /* Events that came before the watch (a job sent at once). */
      if (kumo_job_get_prompt_id (job) != NULL)
        prompt_id_cb (job, NULL, &run);
    }

  return watch_jobs (&run);
}

/**
 * kumo_cli_resume:
 *
 * `kumo-cli resume`: picks up the jobs the journal says did not finish on
 * this server (the terminal was closed, the network went, the machine
 * crashed): jobs never sent are sent, jobs that may have been sent are
 * looked for on the server first, and the outputs of every job are
 * brought home, into the folders they were started with.
 */
int
kumo_cli_resume (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoSession) session = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) resumed = NULL;
  g_autofree char *server = NULL;
  g_autofree char *flavor_name = NULL;
  KumoResumeCounts counts = { 0 };
  KumoCliWait wait = { 0 };
  gboolean json = FALSE;
  int parallel = 1, status;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("“cloud” (the default), “local”, or a server’s URL"), N_("SERVER") },
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor_name,
      N_("How the server speaks, when it cannot be told from it: cloud or local"), N_("FLAVOR") },
    { "parallel", 'j', 0, G_OPTION_ARG_INT, &parallel, N_("Jobs to send at once, of those never sent (default 1)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON event per line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— finish the jobs an earlier run left behind"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Every job is recorded in the journal before it is sent. Jobs that did not "
                                      "finish while kumo-cli was watching are finished now: those never sent are "
                                      "sent, those that may have reached the server are looked for there first, "
                                      "and every output is saved, once, into the folder its run was given."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 1)
    return kumo_cli_usage_error (context, _("resume takes no file."));
  if (parallel < 1)
    return kumo_cli_usage_error (context, _("--count and --parallel take numbers of 1 or more."));
  if (flavor_name != NULL && !g_str_equal (flavor_name, "cloud") && !g_str_equal (flavor_name, "local"))
    return kumo_cli_usage_error (context, _("--flavor takes cloud or local."));

  session = kumo_cli_open_session (server, flavor_name, &status);
  if (session == NULL)
    return status;
  if (kumo_session_get_journal (session) == NULL)
    return KUMO_CLI_EXIT_BAD_INPUT;
  kumo_session_set_max_running (session, parallel);

  run.queue = kumo_session_get_queue (session);
  run.jobs = jobs;
  run.json = json;
  run.tty = !json && isatty (STDOUT_FILENO);
  run.resumed = TRUE;

  kumo_session_resume_async (session, NULL, kumo_cli_wait_cb, &wait);
  resumed = kumo_session_resume_finish (session, kumo_cli_wait_for (&wait), &counts, &error);
  kumo_cli_wait_clear (&wait);
  if (resumed == NULL)
    {
      kumo_cli_error ("%s", error->message);
      return KUMO_CLI_EXIT_BAD_INPUT;
    }

  if (!json)
    {
      if (resumed->len == 0)
        g_printerr (_("No unfinished jobs for %s.\n"), kumo_session_get_url (session));
      else
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "Picking up %u unfinished job…\n",
                                 "Picking up %u unfinished jobs…\n", resumed->len), resumed->len);
      if (counts.n_never_sent + counts.n_not_found > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u of them never reached the server; it is sent now.\n",
                                 "%u of them never reached the server; they are sent now.\n",
                                 counts.n_never_sent + counts.n_not_found),
                    counts.n_never_sent + counts.n_not_found);
      if (counts.n_found > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u of them was found on the server; it is not sent again.\n",
                                 "%u of them were found on the server; they are not sent again.\n",
                                 counts.n_found),
                    counts.n_found);
    }

  for (guint i = 0; i < resumed->len; i++)
    watch_job (&run, g_ptr_array_index (resumed, i));

  /* Those the server could not say anything about have ended already,
   * failed with why; the others end as they finish. */
  for (guint i = 0; i < resumed->len; i++)
    if (kumo_job_state_is_terminal (kumo_job_get_state (g_ptr_array_index (resumed, i))))
      state_cb (g_ptr_array_index (resumed, i), NULL, &run);

  return watch_jobs (&run);
}
