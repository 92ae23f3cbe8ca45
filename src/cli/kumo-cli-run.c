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
#include "kumo-client.h"
#include "kumo-cli-server.h"
#include "kumo-job-queue.h"
#include "kumo-seed.h"
#include "kumo-validation.h"

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
           progress * 100, node_title (run, kumo_job_get_node (job)));
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
  GPtrArray *files = kumo_job_get_files (job);
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
watch_job (Run     *run,
           KumoJob *job)
{
  g_ptr_array_add (run->jobs, g_object_ref (job));
  g_signal_connect (job, "notify::progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (job, "notify::state", G_CALLBACK (state_cb), run);
  g_signal_connect (job, "notify::prompt-id", G_CALLBACK (prompt_id_cb), run);
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
  g_clear_object (&run->queue);

  return worst_exit (run->jobs, run->cancelled);
}

/* ---------------------------------------------------------------------- */
/* Setting up                                                             */
/* ---------------------------------------------------------------------- */

static void
upload_progress_cb (goffset  done,
                    goffset  total,
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

  name = g_file_get_basename (user_data);
  sent = g_format_size (done);
  size = g_format_size (total);
  /* Translators: "Uploading photo.png  1.2 MB of 4.0 MB" */
  g_printerr ("\r\033[K");
  g_printerr (_("Uploading %s  %s of %s"), name, sent, size);
}

static gboolean
has_partner_nodes (KumoWorkflow    *workflow,
                   KumoNodeCatalog *catalog)
{
  for (guint i = 0; catalog && i < g_list_model_get_n_items (G_LIST_MODEL (workflow)); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      const KumoNodeDef *def = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node));

      if (def != NULL && def->api_node)
        return TRUE;
    }

  return FALSE;
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

int
kumo_cli_run (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  g_autoptr(KumoClient) client = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(KumoJournal) journal = NULL;
  g_autofree char *client_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *server = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *flavor_name = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) uploads = NULL;
  g_autoptr(GHashTable) uploaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KumoSeedMode mode = KUMO_SEED_FIXED;
  gboolean json = FALSE;
  gboolean show_upload;
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

  if (!(workflow = kumo_cli_load_workflow (argv[1])))
    return KUMO_CLI_EXIT_BAD_INPUT;

  client = kumo_cli_connect (server, flavor_name, &status);
  if (client == NULL)
    return status;

  /* The server's node definitions: to type --set values and to refuse a
   * workflow the server would refuse, before anything is spent. */
  {
    KumoCliWait wait = { 0 };

    kumo_client_fetch_catalog_async (client, NULL, kumo_cli_wait_cb, &wait);
    catalog = kumo_client_fetch_catalog_finish (client, kumo_cli_wait_for (&wait), &error);
    g_clear_object (&wait.result);
    if (catalog == NULL)
      {
        if (error->domain == KUMO_CLIENT_ERROR &&
            (error->code == KUMO_CLIENT_ERROR_UNAUTHORIZED || error->code == KUMO_CLIENT_ERROR_NO_API_ACCESS ||
             error->code == KUMO_CLIENT_ERROR_NETWORK))
          {
            kumo_cli_error ("%s", error->message);
            return kumo_cli_exit_for_error (error);
          }
        g_clear_error (&error);
      }
  }

  for (guint i = 0; sets != NULL && sets[i]; i++)
    {
      g_autofree char *target = NULL;
      g_autoptr(KumoField) field = NULL;
      const char *eq = strchr (sets[i], '=');

      if (eq == NULL)
        return kumo_cli_usage_error (context, _("“%s” is not of the form NODE.INPUT=VALUE."), sets[i]);

      target = g_strndup (sets[i], eq - sets[i]);
      field = kumo_cli_resolve_field (workflow, catalog, target, &error);
      if (field == NULL || !kumo_field_set_from_string (field, eq + 1, &error))
        {
          kumo_cli_error ("%s", error->message);
          return KUMO_CLI_EXIT_BAD_INPUT;
        }
    }

  /* Progress of uploads on a terminal; --json and pipes get none. */
  show_upload = !json && isatty (STDERR_FILENO);

  for (guint i = 0; uploads != NULL && uploads[i]; i++)
    {
      g_autofree char *target = NULL;
      g_autofree char *name = NULL;
      g_autoptr(KumoField) field = NULL;
      g_autoptr(GFile) file = NULL;
      const char *eq = strchr (uploads[i], '=');
      KumoCliWait wait = { 0 };

      if (eq == NULL)
        return kumo_cli_usage_error (context, _("“%s” is not of the form NODE.INPUT=FILE."), uploads[i]);

      target = g_strndup (uploads[i], eq - uploads[i]);
      field = kumo_cli_resolve_field (workflow, catalog, target, &error);
      if (field == NULL)
        {
          kumo_cli_error ("%s", error->message);
          return KUMO_CLI_EXIT_BAD_INPUT;
        }

      file = g_file_new_for_commandline_arg (eq + 1);
      kumo_client_upload_async (client, file, show_upload ? upload_progress_cb : NULL, file, NULL,
                                kumo_cli_wait_cb, &wait);
      name = kumo_client_upload_finish (client, kumo_cli_wait_for (&wait), &error);
      g_clear_object (&wait.result);
      if (show_upload)
        g_printerr ("\n");
      if (name == NULL)
        {
          kumo_cli_error ("%s", error->message);
          return error->domain == G_IO_ERROR ? KUMO_CLI_EXIT_BAD_INPUT : kumo_cli_exit_for_error (error);
        }

      /* The server's name for the file, never the local one. */
      kumo_field_set_value (field, kumo_json_new_string (name));
      g_hash_table_add (uploaded, g_strdup_printf ("%s\n%s", kumo_node_get_id (kumo_field_get_node (field)),
                                                   kumo_field_get_name (field)));
    }

  if (catalog != NULL)
    {
      g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, catalog);
      guint n_problems = 0;

      for (guint i = 0; i < problems->len; i++)
        {
          KumoProblem *problem = g_ptr_array_index (problems, i);
          g_autofree char *key = g_strdup_printf ("%s\n%s", problem->node_id, problem->input_name);

          /* A file just uploaded is not in the catalog's list yet. */
          if (g_str_equal (problem->type, "value_not_in_list") && g_hash_table_contains (uploaded, key))
            continue;

          if (n_problems++ == 0)
            kumo_cli_error (_("The server would reject this workflow; nothing was submitted:"));
          kumo_cli_print_problem (problem);
        }

      if (n_problems > 0)
        return KUMO_CLI_EXIT_VALIDATION;
    }

  folder = g_file_new_for_commandline_arg (output ? output : ".");

  /* Every job goes into the journal before it is sent, so the app can go
   * back for it if this run is cut short. */
  {
    g_autofree char *journal_path = kumo_journal_default_path ();
    g_autoptr(GError) journal_error = NULL;

    journal = kumo_journal_new (journal_path, &journal_error);
    if (journal == NULL)
      kumo_cli_error ("%s", journal_error->message);
    client_id = journal ? kumo_journal_get_client_id (journal, kumo_client_get_base_url (client)) : NULL;
  }

  /* Outputs an earlier run left on the server are not forgotten. */
  if (journal != NULL && !json)
    {
      g_autoptr(GPtrArray) open = kumo_journal_list_unfinished (journal, kumo_client_get_base_url (client), NULL);

      if (open != NULL && open->len > 0)
        kumo_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                     "%u job from an earlier run has not finished; “kumo-cli resume” brings its outputs home.",
                                     "%u jobs from an earlier run have not finished; “kumo-cli resume” brings their outputs home.",
                                     open->len),
                        open->len);
    }

  run.queue = kumo_job_queue_new (client, folder, client_id);
  kumo_job_queue_set_journal (run.queue, journal);
  run.workflow = workflow;
  run.catalog = catalog;
  run.jobs = jobs;
  run.json = json;
  run.tty = !json && isatty (STDOUT_FILENO);
  kumo_job_queue_set_max_running (run.queue, parallel);

  for (int i = 0; i < count; i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      KumoJob *job;

      /* The seed each run uses is the one in the workflow it submits. */
      if (mode == KUMO_SEED_RANDOMIZE || (i > 0 && mode != KUMO_SEED_FIXED))
        kumo_workflow_apply_seeds (workflow, catalog, &mode, rand);

      bytes = kumo_workflow_to_bytes (workflow);
      job = kumo_job_queue_submit (run.queue, bytes, g_list_model_get_n_items (G_LIST_MODEL (workflow)),
                                   has_partner_nodes (workflow, catalog));
      watch_job (&run, job);
    }

  return watch_jobs (&run);
}

/**
 * kumo_cli_resume:
 *
 * `kumo-cli resume`: picks up the jobs the journal says did not finish on
 * this server (the terminal was closed, the network went, the machine
 * crashed) and brings their outputs home, into the folders they were
 * started with.
 */
int
kumo_cli_resume (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoClient) client = NULL;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *server = NULL;
  g_autofree char *flavor_name = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *client_id = NULL;
  gboolean json = FALSE;
  guint resumed, unconfirmed;
  int status;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("“cloud” (the default), “local”, or a server’s URL"), N_("SERVER") },
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor_name,
      N_("How the server speaks, when it cannot be told from it: cloud or local"), N_("FLAVOR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON event per line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— finish the jobs an earlier run left behind"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Every job is recorded in the journal before it is sent. Jobs that did not "
                                      "finish while kumo-cli was watching are asked after on the server, and their "
                                      "outputs are saved into the folders they were started with."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 1)
    return kumo_cli_usage_error (context, _("resume takes no file."));
  if (flavor_name != NULL && !g_str_equal (flavor_name, "cloud") && !g_str_equal (flavor_name, "local"))
    return kumo_cli_usage_error (context, _("--flavor takes cloud or local."));

  client = kumo_cli_connect (server, flavor_name, &status);
  if (client == NULL)
    return status;

  journal_path = kumo_journal_default_path ();
  journal = kumo_journal_new (journal_path, &error);
  if (journal == NULL)
    {
      kumo_cli_error ("%s", error->message);
      return KUMO_CLI_EXIT_BAD_INPUT;
    }

  client_id = kumo_journal_get_client_id (journal, kumo_client_get_base_url (client));
  folder = g_file_new_for_path (".");
  run.queue = kumo_job_queue_new (client, folder, client_id);
  kumo_job_queue_set_journal (run.queue, journal);
  run.jobs = jobs;
  run.json = json;
  run.tty = !json && isatty (STDOUT_FILENO);
  run.resumed = TRUE;

  resumed = kumo_job_queue_resume (run.queue, &unconfirmed, &error);
  if (error != NULL)
    {
      kumo_cli_error ("%s", error->message);
      g_clear_object (&run.queue);
      return KUMO_CLI_EXIT_BAD_INPUT;
    }

  /* Sent, perhaps, but never confirmed: only the server's queue knows. */
  if (unconfirmed > 0)
    kumo_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                 "%u job was recorded, but kumo-cli stopped before the server confirmed it. "
                                 "Check the server’s queue; it is not sent again.",
                                 "%u jobs were recorded, but kumo-cli stopped before the server confirmed them. "
                                 "Check the server’s queue; they are not sent again.",
                                 unconfirmed),
                    unconfirmed);

  if (!json)
    {
      if (resumed == 0)
        g_printerr (_("No unfinished jobs for %s.\n"), kumo_client_get_base_url (client));
      else
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "Picking up %u unfinished job…\n",
                                 "Picking up %u unfinished jobs…\n", resumed), resumed);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (run.queue)); i++)
    {
      g_autoptr(KumoJob) job = g_list_model_get_item (G_LIST_MODEL (run.queue), i);

      watch_job (&run, job);
    }

  return watch_jobs (&run);
}
