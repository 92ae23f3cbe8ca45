/* kumo-job-queue.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job-queue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kumo-job-queue.h"
#include "kumo-problem.h"

/*
 * Runs jobs on one server and follows them to their files.
 *
 * Events are routed by prompt id: the cloud sends every job of the user
 * to every socket. Events that arrive before the POST /prompt answer has
 * told a job its id are kept and replayed, so a job that finishes before
 * that answer still finishes (the three npm peers hang there). A job
 * finishes exactly once, whether the socket says so, a poll does, or
 * both; while the socket is down, jobs are polled, and after a reconnect
 * every job in flight is asked for. Its files come from the server's
 * record of the job, which also lists outputs of cached nodes.
 */
struct _KumoJobQueue
{
  GObject          parent_instance;

  KumoClient      *client;
  KumoEventStream *stream;
  GFile           *folder;
  GListStore      *jobs;
  GQueue          *waiting;
  GHashTable      *by_prompt;    /* prompt id → KumoJob */
  GHashTable      *early;        /* prompt id → GPtrArray of KumoWsEvent */
  GHashTable      *taken;        /* output paths handed out */
  GHashTable      *finishing;    /* KumoJob being completed */
  KumoJob         *current;      /* the job the server runs now (local) */
  KumoJournal     *journal;
  guint            max_running;
  guint            in_flight;
  guint            unnamed;      /* submitted, no prompt id yet */
  guint            poll_ms;
  guint            poll_interval;  /* of poll_source */
  guint            poll_source;
  /* The server has no /api/jobs (local before Dec 2025, or a cloud that
   * dropped it): results come from the history instead. */
  gboolean         no_jobs_api;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KumoJobQueue, kumo_job_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void pump (KumoJobQueue *self);
static void complete (KumoJobQueue *self, KumoJob *job);
static void update_polling (KumoJobQueue *self);

static GType
list_get_item_type (GListModel *model)
{
  return KUMO_TYPE_JOB;
}

static guint
list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (KUMO_JOB_QUEUE (model)->jobs));
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (KUMO_JOB_QUEUE (model)->jobs), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* ---------------------------------------------------------------------- */
/* Ending jobs                                                            */
/* ---------------------------------------------------------------------- */

static const char *
journal_key (KumoJob *job)
{
  return g_object_get_data (G_OBJECT (job), "kumo-journal-key");
}

/* Outputs brought home before a restart are not fetched again. */
static gboolean
already_saved (KumoJob              *job,
               const KumoOutputFile *output)
{
  GPtrArray *saved = g_object_get_data (G_OBJECT (job), "kumo-saved-outputs");

  for (guint i = 0; saved != NULL && i < saved->len; i++)
    {
      const KumoOutputFile *s = g_ptr_array_index (saved, i);

      if (g_strcmp0 (s->node_id, output->node_id) == 0 && g_strcmp0 (s->filename, output->filename) == 0 &&
          g_strcmp0 (s->subfolder, output->subfolder) == 0 && g_strcmp0 (s->type, output->type) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
job_ended (KumoJobQueue *self,
           KumoJob      *job,
           KumoJobState  state)
{
  if (kumo_job_state_is_terminal (kumo_job_get_state (job)))
    return;

  _kumo_job_set_state (job, state);
  if (self->journal != NULL && journal_key (job) != NULL)
    kumo_journal_set_state (self->journal, journal_key (job), state, kumo_job_get_error (job));
  g_hash_table_remove (self->finishing, job);
  if (self->current == job)
    self->current = NULL;
  self->in_flight--;

  update_polling (self);
  pump (self);
}

static void
fail (KumoJobQueue *self,
      KumoJob      *job,
      KumoJobError  kind,
      const char   *node,
      const char   *message)
{
  if (kumo_job_state_is_terminal (kumo_job_get_state (job)) || g_hash_table_contains (self->finishing, job))
    return;

  _kumo_job_set_error (job, kind, node, message);
  job_ended (self, job, KUMO_JOB_STATE_FAILED);
}

typedef struct
{
  KumoJobQueue *self;
  KumoJob      *job;
  GFile        *target;   /* the download under way */
  guint         next;
  guint         failed;
  gboolean      asked_jobs_api;
} Finish;

static void
finish_free (Finish *finish)
{
  g_object_unref (finish->self);
  g_object_unref (finish->job);
  g_clear_object (&finish->target);
  g_free (finish);
}

static void download_next (Finish *finish);

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Finish *finish = user_data;
  g_autoptr(GError) error = NULL;

  if (kumo_client_download_finish (KUMO_CLIENT (object), result, &error))
    {
      _kumo_job_add_file (finish->job, finish->target);
      if (finish->self->journal != NULL && journal_key (finish->job) != NULL)
        kumo_journal_add_file (finish->self->journal, journal_key (finish->job),
                               g_ptr_array_index (kumo_job_get_outputs (finish->job), finish->next - 1),
                               g_file_peek_path (finish->target));
    }
  else
    {
      g_debug ("Download failed: %s", error->message);
      finish->failed++;
    }

  download_next (finish);
}

static void
download_next (Finish *finish)
{
  KumoJobQueue *self = finish->self;
  GPtrArray *outputs = kumo_job_get_outputs (finish->job);
  const KumoOutputFile *output;
  GFile *folder;

  /* Temporary previews are not results; files saved before a restart
   * are not fetched twice. */
  while (finish->next < outputs->len &&
         (g_strcmp0 (((KumoOutputFile *) g_ptr_array_index (outputs, finish->next))->type, "temp") == 0 ||
          already_saved (finish->job, g_ptr_array_index (outputs, finish->next))))
    finish->next++;

  if (finish->next >= outputs->len)
    {
      if (finish->failed > 0)
        {
          g_autofree char *message =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u output could not be downloaded. It is still on the server.",
                                          "%u outputs could not be downloaded. They are still on the server.",
                                          finish->failed),
                             finish->failed);
          g_hash_table_remove (self->finishing, finish->job);
          fail (self, finish->job, KUMO_JOB_ERROR_NETWORK, NULL, message);
        }
      else
        {
          job_ended (self, finish->job, KUMO_JOB_STATE_SUCCEEDED);
        }
      finish_free (finish);
      return;
    }

  output = g_ptr_array_index (outputs, finish->next++);

  /* Inside the output folder whatever the server named it, and never
   * over another output. A resumed job goes on in the folder it was
   * started with. */
  folder = g_object_get_data (G_OBJECT (finish->job), "kumo-output-folder");
  g_clear_object (&finish->target);
  finish->target = kumo_output_file_reserve (output, folder ? folder : self->folder, self->taken);
  kumo_client_download_async (self->client, output, finish->target, NULL, downloaded_cb, finish);
}

/* Where a job's record is: /api/jobs/{id}, else the history (cloud's
 * history_v2 has the extra level keyed by id, like local /history). */
static char *
record_route (KumoJobQueue *self,
              KumoJob      *job)
{
  const char *id = kumo_job_get_prompt_id (job);

  if (!self->no_jobs_api)
    return g_strdup_printf ("/jobs/%s", id);
  if (kumo_client_get_flavor (self->client) == KUMO_FLAVOR_CLOUD)
    return g_strdup_printf ("/history_v2/%s", id);
  return g_strdup_printf ("/history/%s", id);
}

/* A 404 from /api/jobs says the server lacks it; ask again in the
 * history. (Requests sent before the first 404 came back were sent to
 * /api/jobs too, so @asked_jobs_api says which one this was.) Returns
 * whether to ask again. */
static gboolean
retry_without_jobs_api (KumoJobQueue *self,
                        const GError *error,
                        gboolean      asked_jobs_api)
{
  if (!asked_jobs_api || !g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND))
    return FALSE;

  if (!self->no_jobs_api)
    g_debug ("No /api/jobs on this server: using its history");
  self->no_jobs_api = TRUE;
  return TRUE;
}

/* A record's entry: /jobs/{id} is the job itself; the history wraps it
 * in {id: entry}. */
static KumoJson *
record_entry (KumoJson   *record,
              const char *prompt_id)
{
  KumoJson *entry = kumo_json_object_get_typed (record, prompt_id, KUMO_JSON_OBJECT);

  return entry ? entry : record;
}

static void fetch_record (Finish *finish);

static void
record_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Finish *finish = user_data;
  KumoJobQueue *self = finish->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) record = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *outputs = NULL;

  if (record == NULL && retry_without_jobs_api (self, error, finish->asked_jobs_api))
    {
      fetch_record (finish);
      return;
    }

  /* Outputs that cannot be listed are not silently none. */
  if (record == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The job finished, but its results could not be listed: %s Its outputs are still on the server."),
                         error->message);
      g_hash_table_remove (self->finishing, finish->job);
      fail (self, finish->job, KUMO_JOB_ERROR_NETWORK, NULL, message);
      finish_free (finish);
      return;
    }

  outputs = kumo_json_object_get_typed (record_entry (record, kumo_job_get_prompt_id (finish->job)),
                                        "outputs", KUMO_JSON_OBJECT);

  if (outputs != NULL)
    {
      g_autoptr(GPtrArray) files = kumo_outputs_scan_all (outputs);

      for (guint i = 0; i < files->len; i++)
        _kumo_job_add_output (finish->job, g_ptr_array_index (files, i));
    }

  download_next (finish);
}

/* The job is done on the server: gather every output it reports (cached
 * nodes' too) and bring them home, once. */
static void
complete (KumoJobQueue *self,
          KumoJob      *job)
{
  Finish *finish;

  if (kumo_job_state_is_terminal (kumo_job_get_state (job)) || g_hash_table_contains (self->finishing, job))
    return;

  g_hash_table_add (self->finishing, g_object_ref (job));

  finish = g_new0 (Finish, 1);
  finish->self = g_object_ref (self);
  finish->job = g_object_ref (job);
  fetch_record (finish);
}

static void
fetch_record (Finish *finish)
{
  g_autofree char *route = record_route (finish->self, finish->job);

  finish->asked_jobs_api = !finish->self->no_jobs_api;
  kumo_client_get_json_async (finish->self->client, route, NULL, record_fetched_cb, finish);
}

/* ---------------------------------------------------------------------- */
/* Events                                                                 */
/* ---------------------------------------------------------------------- */

static void
apply (KumoJobQueue      *self,
       KumoJob           *job,
       const KumoWsEvent *event)
{
  if (kumo_job_state_is_terminal (kumo_job_get_state (job)))
    return;

  switch (event->kind)
    {
    case KUMO_WS_EXECUTION_START:
      _kumo_job_set_state (job, KUMO_JOB_STATE_RUNNING);
      self->current = job;
      break;

    case KUMO_WS_EXECUTION_CACHED:
      _kumo_job_nodes_cached (job, (const char * const *) event->cached_nodes);
      break;

    case KUMO_WS_EXECUTING:
      if (event->finished)
        complete (self, job);
      else
        {
          _kumo_job_set_state (job, KUMO_JOB_STATE_RUNNING);
          _kumo_job_set_node (job, event->node);
          self->current = job;
        }
      break;

    case KUMO_WS_PROGRESS:
      _kumo_job_set_step (job, event->value, event->max);
      break;

    case KUMO_WS_EXECUTED:
      {
        g_autoptr(GPtrArray) files = kumo_outputs_scan (event->output, event->node);

        for (guint i = 0; i < files->len; i++)
          _kumo_job_add_output (job, g_ptr_array_index (files, i));
        _kumo_job_node_done (job, event->node);
      }
      break;

    case KUMO_WS_PREVIEW:
      _kumo_job_set_preview (job, event->image);
      break;

    case KUMO_WS_EXECUTION_SUCCESS:
      complete (self, job);
      break;

    case KUMO_WS_EXECUTION_ERROR:
      {
        g_autofree char *message = g_strdup_printf ("%s: %s",
                                                    event->exception_type ? event->exception_type : "Error",
                                                    event->exception_message ? event->exception_message : "");
        fail (self, job, KUMO_JOB_ERROR_EXECUTION, event->node, message);
      }
      break;

    case KUMO_WS_EXECUTION_INTERRUPTED:
      job_ended (self, job, KUMO_JOB_STATE_CANCELLED);
      break;

    case KUMO_WS_STATUS:
    case KUMO_WS_PROGRESS_STATE:
    case KUMO_WS_FEATURE_FLAGS:
    case KUMO_WS_NOTIFICATION:
    case KUMO_WS_PROGRESS_TEXT:
    case KUMO_WS_OTHER:
    default:
      break;
    }
}

static void
event_cb (KumoEventStream *stream,
          KumoWsEvent     *event,
          KumoJobQueue    *self)
{
  KumoJob *job;

  if (event->kind == KUMO_WS_STATUS || event->kind == KUMO_WS_FEATURE_FLAGS)
    return;

  /* Events without an id (a reconnect's "executing", type 1 previews,
   * node texts) belong to the job the server runs for us now. */
  if (event->prompt_id == NULL)
    {
      if (self->current != NULL)
        apply (self, self->current, event);
      return;
    }

  job = g_hash_table_lookup (self->by_prompt, event->prompt_id);
  if (job != NULL)
    {
      apply (self, job, event);
      return;
    }

  /* Perhaps ours, before the POST /prompt answer: keep it. Otherwise
   * another job of the same account, which is not ours to follow. */
  if (self->unnamed > 0)
    {
      GPtrArray *kept = g_hash_table_lookup (self->early, event->prompt_id);

      if (kept == NULL)
        {
          kept = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_ws_event_free);
          g_hash_table_insert (self->early, g_strdup (event->prompt_id), kept);
        }
      g_ptr_array_add (kept, kumo_ws_event_copy (event));
    }
}

/* ---------------------------------------------------------------------- */
/* Polling                                                                */
/* ---------------------------------------------------------------------- */

static void poll_job (KumoJobQueue *self, KumoJob *job);

static void
polled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KumoJob) job = user_data;
  KumoJobQueue *self = g_object_get_data (G_OBJECT (job), "kumo-queue");
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) answer = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *entry, *status;
  KumoJobState state;

  if (self == NULL)
    return;

  /* Asked at once: after a reconnect this poll is the only look at a
   * job that may have ended while the socket was down. */
  if (answer == NULL)
    {
      if (retry_without_jobs_api (self, error, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (job), "kumo-asked-jobs-api"))))
        poll_job (self, job);
      return;
    }

  /* {"status": "completed"} from /jobs and /job/{id}/status; a history
   * entry has {"status": {"status_str": "success"}}, and {} while the
   * job has not ended. */
  entry = record_entry (answer, kumo_job_get_prompt_id (job));
  status = kumo_json_object_get_typed (entry, "status", KUMO_JSON_OBJECT);
  if (status != NULL)
    state = kumo_job_state_from_status (kumo_json_object_get_string_or (status, "status_str", NULL));
  else
    state = kumo_job_state_from_status (kumo_json_object_get_string_or (entry, "status", NULL));

  switch (state)
    {
    case KUMO_JOB_STATE_SUCCEEDED:
      complete (self, job);
      break;

    case KUMO_JOB_STATE_FAILED:
      fail (self, job, KUMO_JOB_ERROR_EXECUTION, NULL,
            kumo_json_object_get_string_or (answer, "error_message", _("The job failed on the server.")));
      break;

    case KUMO_JOB_STATE_CANCELLED:
      job_ended (self, job, KUMO_JOB_STATE_CANCELLED);
      break;

    case KUMO_JOB_STATE_RUNNING:
      if (kumo_job_get_state (job) == KUMO_JOB_STATE_PENDING)
        _kumo_job_set_state (job, KUMO_JOB_STATE_RUNNING);
      break;

    case KUMO_JOB_STATE_PENDING:
    default:
      break;
    }
}

static void
poll_job (KumoJobQueue *self,
          KumoJob      *job)
{
  g_autofree char *route = NULL;

  gboolean cloud = kumo_client_get_flavor (self->client) == KUMO_FLAVOR_CLOUD;

  if (cloud)
    route = g_strdup_printf ("/job/%s/status", kumo_job_get_prompt_id (job));
  else
    route = record_route (self, job);

  g_object_set_data (G_OBJECT (job), "kumo-queue", self);
  g_object_set_data (G_OBJECT (job), "kumo-asked-jobs-api", GINT_TO_POINTER (!cloud && !self->no_jobs_api));
  kumo_client_get_json_async (self->client, route, NULL, polled_cb, g_object_ref (job));
}

static void
poll_all (KumoJobQueue *self)
{
  GHashTableIter iter;
  KumoJob *job;

  g_hash_table_iter_init (&iter, self->by_prompt);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (!kumo_job_state_is_terminal (kumo_job_get_state (job)) && !g_hash_table_contains (self->finishing, job))
      poll_job (self, job);
}

static gboolean
poll_cb (gpointer data)
{
  poll_all (data);
  return G_SOURCE_CONTINUE;
}

/* While the socket is down, jobs in flight are polled; while it is up,
 * they still are, slowly: a socket can stay open and stop delivering (a
 * proxy, a missed message after a reconnect), and a job must end
 * whatever happens to it. */
#define WATCHDOG_FACTOR 15

static void
update_polling (KumoJobQueue *self)
{
  guint interval = self->poll_ms;

  if (kumo_event_stream_get_connected (self->stream))
    interval *= WATCHDOG_FACTOR;

  if (self->in_flight == 0)
    {
      g_clear_handle_id (&self->poll_source, g_source_remove);
      return;
    }

  if (self->poll_source != 0 && self->poll_interval == interval)
    return;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_interval = interval;
  self->poll_source = g_timeout_add (interval, poll_cb, self);
}

static void
connected_changed_cb (KumoJobQueue *self)
{
  /* Whatever happened while the socket was down (or before it first
   * came, for jobs resumed from the journal) was not heard: ask. */
  if (kumo_event_stream_get_connected (self->stream))
    poll_all (self);

  update_polling (self);
}

/* ---------------------------------------------------------------------- */
/* Submitting                                                             */
/* ---------------------------------------------------------------------- */

static KumoJobError
error_kind_of (const GError *error)
{
  if (error->domain != KUMO_CLIENT_ERROR)
    return KUMO_JOB_ERROR_OTHER;

  switch ((KumoClientError) error->code)
    {
    case KUMO_CLIENT_ERROR_PROMPT_REJECTED:
    case KUMO_CLIENT_ERROR_TOO_LARGE:
    case KUMO_CLIENT_ERROR_FORBIDDEN:
      return KUMO_JOB_ERROR_REJECTED;
    case KUMO_CLIENT_ERROR_UNAUTHORIZED:
    case KUMO_CLIENT_ERROR_NO_API_ACCESS:
      return KUMO_JOB_ERROR_AUTH;
    case KUMO_CLIENT_ERROR_NETWORK:
    case KUMO_CLIENT_ERROR_SERVER:
    case KUMO_CLIENT_ERROR_QUEUE_FULL:
      return KUMO_JOB_ERROR_NETWORK;
    case KUMO_CLIENT_ERROR_NOT_FOUND:
    case KUMO_CLIENT_ERROR_BAD_REQUEST:
    case KUMO_CLIENT_ERROR_INVALID_RESPONSE:
    default:
      return KUMO_JOB_ERROR_OTHER;
    }
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KumoJob) job = user_data;
  KumoJobQueue *self = g_object_get_data (G_OBJECT (job), "kumo-queue");
  g_autoptr(KumoHttpError) rejection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt_id = NULL;
  GPtrArray *kept;

  prompt_id = kumo_client_submit_finish (KUMO_CLIENT (object), result, &rejection, &error);
  self->unnamed--;

  if (prompt_id == NULL)
    {
      g_autofree char *message = NULL;

      if (rejection != NULL && rejection->problems != NULL && rejection->problems->len > 0)
        {
          KumoProblem *problem = g_ptr_array_index (rejection->problems, 0);
          message = g_strdup_printf ("%s %s", error->message, problem->message);
          g_object_set_data_full (G_OBJECT (job), "kumo-rejection",
                                  g_steal_pointer (&rejection), (GDestroyNotify) kumo_http_error_free);
        }
      fail (self, job, error_kind_of (error), NULL, message ? message : error->message);
      return;
    }

  _kumo_job_set_prompt_id (job, prompt_id);
  g_hash_table_insert (self->by_prompt, g_strdup (prompt_id), g_object_ref (job));
  if (self->journal != NULL && journal_key (job) != NULL)
    kumo_journal_set_prompt_id (self->journal, journal_key (job), prompt_id);

  /* What the server said before its answer arrived. */
  kept = g_hash_table_lookup (self->early, prompt_id);
  for (guint i = 0; kept != NULL && i < kept->len; i++)
    apply (self, job, g_ptr_array_index (kept, i));
  g_hash_table_remove (self->early, prompt_id);
  if (self->unnamed == 0)
    g_hash_table_remove_all (self->early);

  update_polling (self);
}

static void
pump (KumoJobQueue *self)
{
  while (self->in_flight < self->max_running && !g_queue_is_empty (self->waiting))
    {
      KumoJob *job = g_queue_pop_head (self->waiting);

      self->in_flight++;
      self->unnamed++;
      g_object_set_data (G_OBJECT (job), "kumo-queue", self);
      kumo_client_submit_async (self->client, kumo_job_get_workflow (job),
                                kumo_event_stream_get_client_id (self->stream),
                                GPOINTER_TO_INT (g_object_get_data (G_OBJECT (job), "kumo-partner")),
                                NULL, submitted_cb, g_object_ref (job));
    }
}

/**
 * kumo_job_queue_submit:
 * @workflow: the workflow exactly as it is to run (seeds applied)
 * @n_nodes: its node count, for progress
 * @partner_nodes: it has partner nodes
 *
 * Returns: (transfer none): the job, already in the model
 */
KumoJob *
kumo_job_queue_submit (KumoJobQueue *self,
                       GBytes       *workflow,
                       guint         n_nodes,
                       gboolean      partner_nodes)
{
  KumoJob *job;

  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (workflow != NULL, NULL);

  job = _kumo_job_new (workflow, n_nodes);
  g_object_set_data (G_OBJECT (job), "kumo-partner", GINT_TO_POINTER (partner_nodes));

  /* Recorded before anything is sent: from now on it cannot be lost. */
  if (self->journal != NULL)
    g_object_set_data_full (G_OBJECT (job), "kumo-journal-key",
                            kumo_journal_add_job (self->journal, kumo_client_get_base_url (self->client),
                                                  workflow, g_file_peek_path (self->folder)),
                            g_free);
  g_list_store_append (self->jobs, job);
  g_queue_push_tail (self->waiting, job);
  g_object_unref (job);

  pump (self);
  return job;
}

static void
cancel_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KumoJob) job = user_data;
  KumoJobQueue *self = g_object_get_data (G_OBJECT (job), "kumo-queue");
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) answer = kumo_client_post_json_finish (KUMO_CLIENT (object), result, &error);

  (void) answer;
  /* A pending job that left the queue says nothing more: end it here. A
   * running one ends with execution_interrupted. */
  if (error == NULL && kumo_job_get_state (job) == KUMO_JOB_STATE_PENDING)
    job_ended (self, job, KUMO_JOB_STATE_CANCELLED);
}

static void cancel_on_server (KumoJobQueue *self, KumoJob *job);

/* Cloud's targeted cancel: {"cancelled": false} means it had already
 * ended, which the events or the next poll will tell. */
static void
job_cancel_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KumoJob) job = user_data;
  KumoJobQueue *self = g_object_get_data (G_OBJECT (job), "kumo-queue");
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) answer = kumo_client_post_json_finish (KUMO_CLIENT (object), result, &error);

  if (answer == NULL)
    {
      if (retry_without_jobs_api (self, error, TRUE))
        cancel_on_server (self, job);
      return;
    }

  if (kumo_json_get_boolean (kumo_json_object_get (answer, "cancelled")))
    job_ended (self, job, KUMO_JOB_STATE_CANCELLED);
}

static void
cancel_on_server (KumoJobQueue *self,
                  KumoJob      *job)
{
  const char *prompt_id = kumo_job_get_prompt_id (job);
  g_autofree char *route = NULL;
  g_autofree char *body = NULL;

  g_object_set_data (G_OBJECT (job), "kumo-queue", self);

  /* POST /api/interrupt on the cloud stops every running job of the
   * user, so a single job is cancelled by id where the server can. */
  if (kumo_client_get_flavor (self->client) == KUMO_FLAVOR_CLOUD && !self->no_jobs_api)
    {
      route = g_strdup_printf ("/jobs/%s/cancel", prompt_id);
      kumo_client_post_json_async (self->client, route, "{}", NULL, job_cancel_sent_cb, g_object_ref (job));
    }
  else if (kumo_job_get_state (job) == KUMO_JOB_STATE_PENDING)
    {
      body = g_strdup_printf ("{\"delete\": [\"%s\"]}", prompt_id);
      kumo_client_post_json_async (self->client, "/queue", body, NULL, cancel_sent_cb, g_object_ref (job));
    }
  else
    {
      body = g_strdup_printf ("{\"prompt_id\": \"%s\"}", prompt_id);
      kumo_client_post_json_async (self->client, "/interrupt", body, NULL, cancel_sent_cb, g_object_ref (job));
    }
}

/**
 * kumo_job_queue_cancel:
 *
 * A job not sent yet is dropped, a pending one leaves the server's queue,
 * a running one is interrupted. All end cancelled.
 */
void
kumo_job_queue_cancel (KumoJobQueue *self,
                       KumoJob      *job)
{
  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));
  g_return_if_fail (KUMO_IS_JOB (job));

  if (kumo_job_state_is_terminal (kumo_job_get_state (job)))
    return;

  if (g_queue_remove (self->waiting, job))
    {
      _kumo_job_set_state (job, KUMO_JOB_STATE_CANCELLED);
      return;
    }

  if (kumo_job_get_prompt_id (job) == NULL)
    return;

  cancel_on_server (self, job);
}

void
kumo_job_queue_set_journal (KumoJobQueue *self,
                            KumoJournal  *journal)
{
  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));
  g_return_if_fail (!journal || KUMO_IS_JOURNAL (journal));

  g_set_object (&self->journal, journal);
}

/**
 * kumo_job_queue_resume:
 *
 * @n_unconfirmed: (out) (optional): how many were recorded but never
 *   confirmed by the server, and so marked failed
 *
 * Picks up the jobs of this server that the journal says did not end
 * (Kumo quit or crashed, the network went): asks the server where each
 * stands and brings home the outputs not saved yet.
 *
 * Returns: how many jobs were picked up
 */
guint
kumo_job_queue_resume (KumoJobQueue  *self,
                       guint         *n_unconfirmed,
                       GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint resumed = 0;

  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), 0);

  if (n_unconfirmed != NULL)
    *n_unconfirmed = 0;
  if (self->journal == NULL)
    return 0;

  entries = kumo_journal_list_unfinished (self->journal, kumo_client_get_base_url (self->client), error);

  for (guint i = 0; i < entries->len; i++)
    {
      KumoJournalEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(KumoJob) job = NULL;

      /* Kumo stopped between recording and the server's answer: whether
       * the server got it cannot be known, so it is not sent again. */
      if (entry->prompt_id == NULL || *entry->prompt_id == '\0')
        {
          kumo_journal_set_state (self->journal, entry->key, KUMO_JOB_STATE_FAILED,
                                  _("Kumo stopped before the server confirmed this job. Check the server’s queue."));
          if (n_unconfirmed != NULL)
            (*n_unconfirmed)++;
          continue;
        }

      job = _kumo_job_new (entry->workflow, 1);
      g_object_set_data_full (G_OBJECT (job), "kumo-journal-key", g_strdup (entry->key), g_free);
      g_object_set_data_full (G_OBJECT (job), "kumo-saved-outputs",
                              g_ptr_array_ref (entry->saved_outputs), (GDestroyNotify) g_ptr_array_unref);
      if (entry->output_folder != NULL && *entry->output_folder != '\0')
        g_object_set_data_full (G_OBJECT (job), "kumo-output-folder",
                                g_file_new_for_path (entry->output_folder), g_object_unref);
      _kumo_job_set_prompt_id (job, entry->prompt_id);
      _kumo_job_set_state (job, KUMO_JOB_STATE_RUNNING);
      for (guint j = 0; j < entry->saved_paths->len; j++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (entry->saved_paths, j));
          _kumo_job_add_file (job, file);
        }

      g_list_store_append (self->jobs, job);
      g_hash_table_insert (self->by_prompt, g_strdup (entry->prompt_id), g_object_ref (job));
      self->in_flight++;
      resumed++;

      poll_job (self, job);
    }

  update_polling (self);
  return resumed;
}

/* Nothing waiting, running or downloading. */
gboolean
kumo_job_queue_is_idle (KumoJobQueue *self)
{
  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), TRUE);

  return self->in_flight == 0 && g_queue_is_empty (self->waiting);
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */
/* ---------------------------------------------------------------------- */

static void
kumo_job_queue_dispose (GObject *object)
{
  KumoJobQueue *self = (KumoJobQueue *)object;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      kumo_event_stream_stop (self->stream);
    }
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  g_clear_object (&self->folder);
  g_clear_object (&self->jobs);
  g_clear_pointer (&self->by_prompt, g_hash_table_unref);
  g_clear_pointer (&self->early, g_hash_table_unref);
  g_clear_pointer (&self->taken, g_hash_table_unref);
  g_clear_pointer (&self->finishing, g_hash_table_unref);
  if (self->waiting != NULL)
    g_queue_free (g_steal_pointer (&self->waiting));

  G_OBJECT_CLASS (kumo_job_queue_parent_class)->dispose (object);
}

static void
kumo_job_queue_class_init (KumoJobQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kumo_job_queue_dispose;
}

static void
kumo_job_queue_init (KumoJobQueue *self)
{
  self->jobs = g_list_store_new (KUMO_TYPE_JOB);
  self->waiting = g_queue_new ();
  self->by_prompt = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->early = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->finishing = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->max_running = 1;
  self->poll_ms = 2000;
}

static void
items_changed_cb (KumoJobQueue *self,
                  guint         position,
                  guint         removed,
                  guint         added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/**
 * kumo_job_queue_new:
 * @output_folder: where outputs are saved
 * @client_id: (nullable): the event stream's client id, stable per server
 *   (see kumo_journal_get_client_id()), or %NULL for a new one
 *
 * Opens the server's event stream at once: it must be there before the
 * first job is submitted.
 */
KumoJobQueue *
kumo_job_queue_new (KumoClient *client,
                    GFile      *output_folder,
                    const char *client_id)
{
  KumoJobQueue *self;

  g_return_val_if_fail (KUMO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (G_IS_FILE (output_folder), NULL);

  self = g_object_new (KUMO_TYPE_JOB_QUEUE, NULL);
  self->client = g_object_ref (client);
  self->folder = g_object_ref (output_folder);
  self->stream = kumo_event_stream_new (client, client_id);

  g_signal_connect (self->stream, "event", G_CALLBACK (event_cb), self);
  g_signal_connect_swapped (self->stream, "notify::connected", G_CALLBACK (connected_changed_cb), self);
  g_signal_connect_swapped (self->jobs, "items-changed", G_CALLBACK (items_changed_cb), self);
  kumo_event_stream_start (self->stream);

  return self;
}

KumoEventStream *
kumo_job_queue_get_stream (KumoJobQueue *self)
{
  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), NULL);

  return self->stream;
}

void
kumo_job_queue_set_max_running (KumoJobQueue *self,
                                guint         max_running)
{
  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));

  self->max_running = MAX (max_running, 1);
  pump (self);
}

void
kumo_job_queue_set_poll_interval (KumoJobQueue *self,
                                  guint         ms)
{
  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));

  self->poll_ms = MAX (ms, 10);
}
