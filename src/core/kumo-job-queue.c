/* kumo-job-queue.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job-queue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kumo-field.h"
#include "kumo-job-lookup.h"
#include "kumo-job-private.h"
#include "kumo-job-queue.h"
#include "kumo-problem.h"

/*
 * Runs jobs on one server and follows them to their files, losing none.
 *
 * Every job is in the journal before anything is sent, and marked as
 * sending (on disk) before its request goes out: after a crash a job is
 * either known never to have been sent, or looked for on the server by
 * the mark its request carries before it is sent again. A server whose
 * queue is full is waited on for as long as it takes; a request whose
 * answer the network lost is looked for before it is sent again.
 *
 * Events are routed by prompt id: the cloud sends every job of the user
 * to every socket. Events that arrive before the POST /prompt answer has
 * told a job its id are kept and replayed, so a job that finishes before
 * that answer still finishes. A job finishes exactly once, whether the
 * socket says so, a poll does, or both; while the socket is down, jobs
 * are polled, and after a reconnect every job in flight is asked for.
 * Its files come from the server's record of the job, which also lists
 * outputs of cached nodes; each is saved where the journal reserved it,
 * so an output is saved once even across a crash.
 *
 * The queue owns a record per job. Every request it makes carries its
 * cancellable, cancelled on dispose: a callback that sees the
 * cancellation returns without touching the queue.
 */

/* Where a job is, as far as the queue is concerned. */
typedef enum
{
  STAGE_WAITING,    /* not sent: waits for a free slot */
  STAGE_SENDING,    /* marked as sending, then sent */
  STAGE_ROOM,       /* refused by a full queue: sent again later */
  STAGE_LOOKING,    /* may have been sent: looked for on the server */
  STAGE_ON_SERVER,  /* the server has it: followed */
  STAGE_FINISHING,  /* done there: its outputs are being saved */
  STAGE_ENDED,
} Stage;

/* Attempts at a submit whose answer the network lost. */
#define MAX_LOST_SENDS 3

typedef struct
{
  KumoJob    *job;
  char       *key;              /* in the journal, and the request's mark */
  gint64      created;          /* when recorded, Unix seconds */
  gboolean    partner_nodes;
  Stage       stage;
  gboolean    cancel_requested; /* while its request was under way */
  guint       room_attempts;
  guint       record_attempts;
  guint       timer;            /* the next try, waiting for room or a record */
  guint       lost_sends;
  char       *lost_error;       /* why the answer to its request was lost */
  GHashTable *websocket_nodes;  /* ids of its SaveImageWebsocket nodes */
  guint       websocket_images;
  guint       pending_writes;   /* images from the socket being saved */
  gboolean    finish_waiting;   /* for those writes */
  guint       failed_downloads;
  GPtrArray  *reserved;         /* KumoJournalFile: places kept across a restart */
} Entry;

typedef enum
{
  JOBS_API_UNKNOWN,
  JOBS_API_PRESENT,
  JOBS_API_ABSENT,
} JobsApi;

struct _KumoJobQueue
{
  GObject          parent_instance;

  KumoClient      *client;
  KumoEventStream *stream;
  KumoJournal     *journal;
  GCancellable    *cancellable;
  GListStore      *jobs;
  GHashTable      *entries;      /* KumoJob → Entry */
  GQueue          *waiting;      /* Entry, not sent yet */
  GHashTable      *by_prompt;    /* prompt id → Entry */
  GHashTable      *early;        /* prompt id → GPtrArray of KumoWsEvent */
  GHashTable      *taken;        /* output paths handed out */
  Entry           *current;      /* the job the server runs now (local) */
  guint            max_running;
  guint            in_flight;
  guint            unnamed;      /* submitted, no prompt id yet */
  guint            poll_ms;
  guint            poll_interval;  /* of poll_source */
  guint            poll_source;
  guint            pump_source;
  guint            room_first_ms;
  guint            room_max_ms;
  /* Whether the server has /api/jobs (local ComfyUI before December 2025
   * has not): without it, results come from the history instead. */
  JobsApi          jobs_api;
  guint            n_active;     /* jobs that have not ended */
  GHashTable      *estimates;    /* title → how long it ran before, µs (boxed gint64) */
};

enum {
  PROP_0,
  PROP_N_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KumoJobQueue, kumo_job_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void pump (KumoJobQueue *self);
static void complete (KumoJobQueue *self, Entry *entry);
static void update_polling (KumoJobQueue *self);
static void poll_job (KumoJobQueue *self, Entry *entry);
static void send_job (KumoJobQueue *self, Entry *entry);
static void cancel_on_server (KumoJobQueue *self, Entry *entry);

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
/* Records                                                                */
/* ---------------------------------------------------------------------- */

static void
entry_free (Entry *entry)
{
  g_clear_handle_id (&entry->timer, g_source_remove);
  g_object_unref (entry->job);
  g_free (entry->key);
  g_free (entry->lost_error);
  g_clear_pointer (&entry->websocket_nodes, g_hash_table_unref);
  g_clear_pointer (&entry->reserved, g_ptr_array_unref);
  g_free (entry);
}

static gboolean
stage_in_flight (Stage stage)
{
  return stage != STAGE_WAITING && stage != STAGE_ENDED;
}

static void
set_stage (KumoJobQueue *self,
           Entry        *entry,
           Stage         stage)
{
  if (stage_in_flight (entry->stage) && !stage_in_flight (stage))
    self->in_flight--;
  else if (!stage_in_flight (entry->stage) && stage_in_flight (stage))
    self->in_flight++;

  entry->stage = stage;
}

static void
count_active (KumoJobQueue *self)
{
  guint n_active = 0;
  GHashTableIter iter;
  gpointer job;

  if (self->entries == NULL)
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &job, NULL))
    if (!kumo_job_state_is_terminal (kumo_job_get_state (job)))
      n_active++;

  if (self->n_active == n_active)
    return;

  self->n_active = n_active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);
}

typedef struct
{
  KumoJobQueue *self;
  char         *title;
} EstimateCall;

static void
estimated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EstimateCall *call = user_data;
  g_autoptr(GError) error = NULL;
  gint64 estimate = kumo_journal_estimate_finish (KUMO_JOURNAL (object), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      KumoJobQueue *self = call->self;
      GHashTableIter iter;
      gpointer job;

      /* Not cancelled: the queue is alive. */
      g_hash_table_insert (self->estimates, g_strdup (call->title), g_memdup2 (&estimate, sizeof estimate));
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, &job, NULL))
        if (g_strcmp0 (kumo_job_get_title (job), call->title) == 0)
          _kumo_job_set_estimate (job, estimate);
    }

  g_free (call->title);
  g_free (call);
}

/* How long the job's workflow ran the last times, from the journal (in a
 * worker thread), once per workflow and again after each success. */
static void
look_up_estimate (KumoJobQueue *self,
                  KumoJob      *job)
{
  const char *title = kumo_job_get_title (job);
  gint64 *known;
  EstimateCall *call;

  if (title == NULL || self->journal == NULL)
    return;

  known = g_hash_table_lookup (self->estimates, title);
  if (known != NULL)
    {
      _kumo_job_set_estimate (job, *known);
      return;
    }

  /* Asked for once: the answer sets every job of that title. */
  g_hash_table_insert (self->estimates, g_strdup (title), g_new0 (gint64, 1));
  call = g_new0 (EstimateCall, 1);
  call->self = self;
  call->title = g_strdup (title);
  kumo_journal_estimate_async (self->journal, kumo_client_get_base_url (self->client), title,
                               self->cancellable, estimated_cb, call);
}

static void
job_state_changed_cb (KumoJobQueue *self,
                      GParamSpec   *pspec,
                      KumoJob      *job)
{
  Entry *entry = g_hash_table_lookup (self->entries, job);

  if (entry != NULL && self->journal != NULL && kumo_job_get_state (job) == KUMO_JOB_STATE_RUNNING)
    kumo_journal_set_started (self->journal, entry->key);

  /* One more run to learn from. */
  if (kumo_job_get_state (job) == KUMO_JOB_STATE_SUCCEEDED && kumo_job_get_title (job) != NULL)
    {
      g_hash_table_remove (self->estimates, kumo_job_get_title (job));
      look_up_estimate (self, job);
    }

  count_active (self);
}

static Entry *
add_entry (KumoJobQueue *self,
           KumoJob      *job,
           const char   *key,
           gint64        created,
           gboolean      partner_nodes)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->job = g_object_ref (job);
  entry->key = key ? g_strdup (key) : g_uuid_string_random ();
  entry->created = created;
  entry->partner_nodes = partner_nodes;
  entry->stage = STAGE_WAITING;
  g_hash_table_insert (self->entries, job, entry);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (job_state_changed_cb), self, G_CONNECT_SWAPPED);
  count_active (self);
  look_up_estimate (self, job);
  g_list_store_append (self->jobs, job);
  return entry;
}

/* A request's callback data. The queue is not referenced: a request
 * that outlives it is cancelled, and its callback returns at once. */
typedef void (*EntryFunc) (KumoJobQueue *self,
                           Entry        *entry);

typedef struct
{
  KumoJobQueue *self;
  Entry        *entry;
  gboolean      asked_jobs_api;
  EntryFunc     again;
} Call;

static Call *
call_new (KumoJobQueue *self,
          Entry        *entry)
{
  Call *call = g_new0 (Call, 1);

  call->self = self;
  call->entry = entry;
  return call;
}

static void
call_free (Call *call)
{
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static gboolean
timer_cb (gpointer data)
{
  Call *call = data;

  call->entry->timer = 0;
  call->again (call->self, call->entry);
  return G_SOURCE_REMOVE;
}

/* Runs @again for @entry in @delay ms; dispose removes the timer. */
static void
schedule (KumoJobQueue *self,
          Entry        *entry,
          guint         delay,
          EntryFunc     again)
{
  Call *call = call_new (self, entry);

  call->again = again;
  entry->timer = g_timeout_add_full (G_PRIORITY_DEFAULT, MAX (delay, 1), timer_cb, call, (GDestroyNotify) call_free);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---------------------------------------------------------------------- */
/* Ending jobs                                                            */
/* ---------------------------------------------------------------------- */

static void
job_ended (KumoJobQueue *self,
           Entry        *entry,
           KumoJobState  state)
{
  if (entry->stage == STAGE_ENDED)
    return;

  g_clear_handle_id (&entry->timer, g_source_remove);
  g_queue_remove (self->waiting, entry);
  _kumo_job_set_waiting (entry->job, FALSE);
  _kumo_job_set_state (entry->job, state);
  if (self->journal != NULL)
    kumo_journal_set_state (self->journal, entry->key, state, kumo_job_get_error (entry->job));
  if (self->current == entry)
    self->current = NULL;
  set_stage (self, entry, STAGE_ENDED);

  update_polling (self);
  pump (self);
}

static void
fail (KumoJobQueue *self,
      Entry        *entry,
      KumoJobError  kind,
      const char   *node,
      const char   *message)
{
  /* Once its outputs are being saved, only saving them ends a job. */
  if (entry->stage == STAGE_ENDED || entry->stage == STAGE_FINISHING)
    return;

  _kumo_job_set_error (entry->job, kind, node, message);
  job_ended (self, entry, KUMO_JOB_STATE_FAILED);
}

/* A node failed: its exception, and the traceback for a "Details" view.
 * @data is the execution_error's, from the socket or the history. */
static void
fail_execution (KumoJobQueue   *self,
                Entry          *entry,
                const KumoJson *data)
{
  const char *type = kumo_json_object_get_string_or (data, "exception_type", NULL);
  const char *exception = kumo_json_object_get_string_or (data, "exception_message", "");
  KumoJson *node_id = kumo_json_object_get (data, "node_id");
  g_autofree char *node = node_id ? kumo_json_dup_value_text (node_id) : NULL;
  g_autofree char *traceback = kumo_execution_error_dup_traceback (data);
  g_autofree char *message = NULL;

  message = type ? g_strdup_printf ("%s: %s", type, exception) : g_strdup (exception);
  if (*message == '\0')
    {
      g_free (message);
      message = g_strdup (_("The job failed on the server."));
    }

  _kumo_job_set_details (entry->job, traceback);
  fail (self, entry, KUMO_JOB_ERROR_EXECUTION, node, message);
}

/* It ran, but outputs are still on the server: the job ends here, and
 * stays open in the journal for a later resume to fetch them. */
static void
end_incomplete (KumoJobQueue *self,
                Entry        *entry,
                const char   *message)
{
  _kumo_job_set_error (entry->job, KUMO_JOB_ERROR_NETWORK, NULL, message);
  _kumo_job_set_state (entry->job, KUMO_JOB_STATE_FAILED);
  if (self->journal != NULL)
    kumo_journal_mark_incomplete (self->journal, entry->key, message);
  if (self->current == entry)
    self->current = NULL;
  set_stage (self, entry, STAGE_ENDED);

  update_polling (self);
  pump (self);
}

/* ---------------------------------------------------------------------- */
/* Saving outputs                                                         */
/* ---------------------------------------------------------------------- */

typedef struct
{
  KumoJobQueue   *self;
  Entry          *entry;
  KumoOutputItem *item;
  GFile          *target;
  guint           next;
} Finish;

static void
finish_free (Finish *finish)
{
  g_clear_object (&finish->item);
  g_clear_object (&finish->target);
  g_free (finish);
}

static void download_next (Finish *finish);

static void
end_finished (KumoJobQueue *self,
              Entry        *entry)
{
  if (entry->pending_writes > 0)
    {
      entry->finish_waiting = TRUE;
      return;
    }

  if (entry->failed_downloads > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u output could not be downloaded; it is still on the server. "
                                      "Resuming this server’s jobs brings it home.",
                                      "%u outputs could not be downloaded; they are still on the server. "
                                      "Resuming this server’s jobs brings them home.",
                                      entry->failed_downloads),
                         entry->failed_downloads);
      end_incomplete (self, entry, message);
      return;
    }

  job_ended (self, entry, KUMO_JOB_STATE_SUCCEEDED);
}

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Finish *finish = user_data;
  g_autoptr(GError) error = NULL;

  if (!kumo_client_download_finish (KUMO_CLIENT (object), result, &error))
    {
      if (is_cancelled (error))
        {
          finish_free (finish);
          return;
        }

      g_debug ("Download failed: %s", error->message);
      finish->entry->failed_downloads++;
    }
  else
    {
      _kumo_job_set_file (finish->entry->job, finish->item, finish->target);
      if (finish->self->journal != NULL)
        kumo_journal_add_file (finish->self->journal, finish->entry->key,
                               kumo_output_item_get_output (finish->item), g_file_peek_path (finish->target));
    }

  download_next (finish);
}

/* Where @output goes: the place reserved for it before a restart, else
 * a new one, reserved in the journal before the download starts. */
static GFile *
place_for (KumoJobQueue         *self,
           Entry                *entry,
           const KumoOutputFile *output)
{
  GFile *target;

  for (guint i = 0; entry->reserved != NULL && i < entry->reserved->len; i++)
    {
      KumoJournalFile *file = g_ptr_array_index (entry->reserved, i);

      if (g_strcmp0 (file->output->node_id, output->node_id) == 0 &&
          g_strcmp0 (file->output->filename, output->filename) == 0 &&
          g_strcmp0 (file->output->subfolder, output->subfolder) == 0 &&
          g_strcmp0 (file->output->type, output->type) == 0)
        {
          g_hash_table_add (self->taken, g_strdup (file->path));
          return g_file_new_for_path (file->path);
        }
    }

  target = kumo_output_file_reserve (output, kumo_job_get_output_folder (entry->job), self->taken);
  if (self->journal != NULL)
    kumo_journal_reserve_file (self->journal, entry->key, output, g_file_peek_path (target));
  return target;
}

static void
download_next (Finish *finish)
{
  KumoJobQueue *self = finish->self;
  Entry *entry = finish->entry;
  GListModel *outputs = kumo_job_get_outputs (entry->job);

  g_clear_object (&finish->item);
  g_clear_object (&finish->target);

  /* Temporary previews are not results; files saved before a restart,
   * or that came over the socket, are not fetched. */
  while (finish->next < g_list_model_get_n_items (outputs))
    {
      g_autoptr(KumoOutputItem) item = g_list_model_get_item (outputs, finish->next++);
      const KumoOutputFile *output = kumo_output_item_get_output (item);

      if (kumo_output_item_get_file (item) != NULL || g_strcmp0 (output->type, "temp") == 0 ||
          g_strcmp0 (output->key, KUMO_OUTPUT_KEY_WEBSOCKET) == 0)
        continue;

      /* Inside the job's output folder whatever the server named it,
       * and never over another output. */
      finish->item = g_steal_pointer (&item);
      finish->target = place_for (self, entry, output);
      kumo_client_download_async (self->client, output, finish->target, self->cancellable, downloaded_cb, finish);
      return;
    }

  end_finished (self, entry);
  finish_free (finish);
}

/* Where a job's record is: /api/jobs/{id}, else the history (cloud's
 * history_v2 has the extra level keyed by id, like local /history). */
static char *
record_route (KumoJobQueue *self,
              Entry        *entry)
{
  const char *id = kumo_job_get_prompt_id (entry->job);

  if (self->jobs_api != JOBS_API_ABSENT)
    return g_strdup_printf ("/jobs/%s", id);
  if (kumo_client_get_flavor (self->client) == KUMO_FLAVOR_CLOUD)
    return g_strdup_printf ("/history_v2/%s", id);
  return g_strdup_printf ("/history/%s", id);
}

static void
jobs_api_probed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KumoJobQueue *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) list = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);

  if (is_cancelled (error))
    return;

  if (list != NULL)
    self->jobs_api = JOBS_API_PRESENT;
  else if (g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND))
    {
      g_debug ("No /api/jobs on this server: using its history");
      self->jobs_api = JOBS_API_ABSENT;
    }

  /* Unknown still (the server did not answer): the next poll asks again. */
  if (self->jobs_api != JOBS_API_UNKNOWN)
    call->again (self, call->entry);
}

typedef enum
{
  NOT_A_JOBS_404,   /* some other error: the caller's to handle */
  ASKING_AGAIN,     /* @again runs once it is known where to ask */
  JOB_UNKNOWN,      /* the server has the jobs API, but not the job */
} Jobs404;

/* A 404 from /api/jobs/{id} means the server has no jobs API, or has
 * one and does not know the job (a local server forgets its jobs when it
 * restarts). Its list route tells which, asked once. */
static Jobs404
handle_jobs_404 (KumoJobQueue *self,
                 Entry        *entry,
                 const GError *error,
                 gboolean      asked_jobs_api,
                 EntryFunc     again)
{
  Call *call;

  if (!asked_jobs_api || !g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND))
    return NOT_A_JOBS_404;

  switch (self->jobs_api)
    {
    case JOBS_API_PRESENT:
      return JOB_UNKNOWN;

    case JOBS_API_ABSENT:
      /* Asked before another request found out. */
      again (self, entry);
      return ASKING_AGAIN;

    case JOBS_API_UNKNOWN:
    default:
      call = call_new (self, entry);
      call->again = again;
      kumo_client_get_json_async (self->client, "/jobs?limit=1", self->cancellable, jobs_api_probed_cb, call);
      return ASKING_AGAIN;
    }
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

static void fetch_record (KumoJobQueue *self, Entry *entry);

/* How often a record that does not yet say its job ended is asked for
 * again (for some 15 s in all) before its outputs are taken as they are. */
#define MAX_RECORD_ATTEMPTS 12

/* {"status": "completed"} from /jobs, a history entry with its status,
 * or {} from a history that has not written it yet. */
static gboolean
record_ended (KumoJson   *record,
              const char *prompt_id)
{
  KumoJson *entry = record_entry (record, prompt_id);
  KumoJson *status = kumo_json_object_get_typed (entry, "status", KUMO_JSON_OBJECT);
  const char *friendly = kumo_json_object_get_string_or (entry, "status", NULL);

  if (status != NULL)
    return kumo_json_object_get_string_or (status, "status_str", NULL) != NULL ||
           kumo_json_object_get_boolean_or (status, "completed", FALSE);
  if (friendly != NULL)
    return kumo_job_state_is_terminal (kumo_job_state_from_status (friendly));

  return kumo_json_object_get_typed (entry, "outputs", KUMO_JSON_OBJECT) != NULL;
}

static void
record_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KumoJobQueue *self = call->self;
  Entry *entry = call->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) record = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *outputs = NULL;
  Finish *finish;

  if (is_cancelled (error))
    return;

  if (record == NULL && handle_jobs_404 (self, entry, error, call->asked_jobs_api, fetch_record) == ASKING_AGAIN)
    return;

  /* ComfyUI says a job succeeded a moment before it writes the job's
   * record: until the record says it ended, it may lack outputs. */
  if (record != NULL && !record_ended (record, kumo_job_get_prompt_id (entry->job)) &&
      entry->record_attempts < MAX_RECORD_ATTEMPTS)
    {
      guint delay = MIN (100u << entry->record_attempts, 2000u);

      entry->record_attempts++;
      schedule (self, entry, delay, fetch_record);
      return;
    }

  /* Outputs that cannot be listed are not silently none. */
  if (record == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The job finished, but its results could not be listed: %s Its outputs are still on "
                           "the server; resuming this server’s jobs brings them home."),
                         error->message);
      end_incomplete (self, entry, message);
      return;
    }

  outputs = kumo_json_object_get_typed (record_entry (record, kumo_job_get_prompt_id (entry->job)),
                                        "outputs", KUMO_JSON_OBJECT);

  if (outputs != NULL)
    {
      g_autoptr(GPtrArray) files = kumo_outputs_scan_all (outputs);

      for (guint i = 0; i < files->len; i++)
        _kumo_job_add_output (entry->job, g_ptr_array_index (files, i), NULL);
    }

  finish = g_new0 (Finish, 1);
  finish->self = self;
  finish->entry = entry;
  download_next (finish);
}

static void
fetch_record (KumoJobQueue *self,
              Entry        *entry)
{
  g_autofree char *route = record_route (self, entry);
  Call *call = call_new (self, entry);

  call->asked_jobs_api = self->jobs_api != JOBS_API_ABSENT;
  kumo_client_get_json_async (self->client, route, self->cancellable, record_fetched_cb, call);
}

/* The job is done on the server: gather every output it reports (cached
 * nodes' too) and bring them home, once. */
static void
complete (KumoJobQueue *self,
          Entry        *entry)
{
  if (entry->stage != STAGE_ON_SERVER)
    return;

  set_stage (self, entry, STAGE_FINISHING);
  if (self->current == entry)
    self->current = NULL;
  fetch_record (self, entry);
}

/* ---------------------------------------------------------------------- */
/* Images that come over the socket (SaveImageWebsocket)                  */
/* ---------------------------------------------------------------------- */

/* The nodes of a job that send their images over the socket instead of
 * saving them: those images are outputs, not previews. */
static GHashTable *
websocket_nodes (Entry *entry)
{
  if (entry->websocket_nodes == NULL)
    {
      g_autoptr(KumoJson) workflow = kumo_json_parse (kumo_job_get_workflow (entry->job), NULL);

      entry->websocket_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < kumo_json_object_get_size (workflow); i++)
        {
          KumoJson *node = kumo_json_object_get_value (workflow, i);

          if (g_strcmp0 (kumo_json_object_get_string_or (node, "class_type", NULL), "SaveImageWebsocket") == 0)
            g_hash_table_add (entry->websocket_nodes, g_strdup (kumo_json_object_get_key (workflow, i)));
        }
    }

  return entry->websocket_nodes;
}

typedef struct
{
  KumoJobQueue   *self;
  Entry          *entry;
  KumoOutputItem *item;
  GFile          *target;
} SocketImage;

static void
socket_image_free (SocketImage *image)
{
  g_object_unref (image->item);
  g_object_unref (image->target);
  g_free (image);
}

static void
save_bytes_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *target = source_object;
  GBytes *bytes = task_data;
  g_autoptr(GFile) parent = g_file_get_parent (target);
  GError *error = NULL;

  if (!g_file_make_directory_with_parents (parent, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  /* Written beside it and renamed into place: never half a file. */
  if (!g_file_set_contents_full (g_file_peek_path (target), g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
socket_image_saved_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SocketImage *image = user_data;
  KumoJobQueue *self = image->self;
  Entry *entry = image->entry;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (is_cancelled (error))
        {
          socket_image_free (image);
          return;
        }

      /* The server keeps no copy: this one is lost, and says so. */
      g_warning ("Could not save an image sent over the socket: %s", error->message);
      entry->failed_downloads++;
    }
  else
    {
      _kumo_job_set_file (entry->job, image->item, image->target);
      if (self->journal != NULL)
        kumo_journal_add_file (self->journal, entry->key, kumo_output_item_get_output (image->item),
                               g_file_peek_path (image->target));
    }

  entry->pending_writes--;
  if (entry->pending_writes == 0 && entry->finish_waiting)
    end_finished (self, entry);
  socket_image_free (image);
}

static void
save_socket_image (KumoJobQueue      *self,
                   Entry             *entry,
                   const char        *node_id,
                   const KumoWsEvent *event)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *filename = NULL;
  KumoOutputFile output = { 0 };
  SocketImage *image;
  const char *extension = g_strcmp0 (event->image_mime, "image/jpeg") == 0 ? "jpg" : "png";

  filename = g_strdup_printf ("%s_%05u_.%s", node_id, ++entry->websocket_images, extension);
  output.node_id = (char *) node_id;
  output.key = (char *) KUMO_OUTPUT_KEY_WEBSOCKET;
  output.index = entry->websocket_images - 1;
  output.filename = filename;
  output.subfolder = (char *) "";
  output.type = (char *) "output";
  output.format = event->image_mime;
  output.kind = KUMO_OUTPUT_IMAGE;

  image = g_new0 (SocketImage, 1);
  image->self = self;
  image->entry = entry;
  image->item = g_object_ref (_kumo_job_add_output (entry->job, &output, NULL));
  image->target = place_for (self, entry, &output);
  entry->pending_writes++;

  task = g_task_new (image->target, self->cancellable, socket_image_saved_cb, image);
  g_task_set_task_data (task, g_bytes_ref (event->image), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, save_bytes_thread);
}

/* ---------------------------------------------------------------------- */
/* Events                                                                 */
/* ---------------------------------------------------------------------- */

static void
apply (KumoJobQueue      *self,
       Entry             *entry,
       const KumoWsEvent *event)
{
  KumoJob *job = entry->job;

  if (entry->stage != STAGE_ON_SERVER)
    return;

  switch (event->kind)
    {
    case KUMO_WS_EXECUTION_START:
      _kumo_job_set_state (job, KUMO_JOB_STATE_RUNNING);
      self->current = entry;
      break;

    case KUMO_WS_EXECUTION_CACHED:
      _kumo_job_nodes_cached (job, (const char * const *) event->cached_nodes);
      break;

    case KUMO_WS_EXECUTING:
      if (event->finished)
        complete (self, entry);
      else
        {
          _kumo_job_set_state (job, KUMO_JOB_STATE_RUNNING);
          _kumo_job_set_node (job, event->node);
          self->current = entry;
        }
      break;

    case KUMO_WS_PROGRESS:
      _kumo_job_set_step (job, event->value, event->max);
      break;

    case KUMO_WS_EXECUTED:
      {
        g_autoptr(GPtrArray) files = kumo_outputs_scan (event->output, event->node);

        for (guint i = 0; i < files->len; i++)
          _kumo_job_add_output (job, g_ptr_array_index (files, i), NULL);
        _kumo_job_node_done (job, event->node);
      }
      break;

    case KUMO_WS_PREVIEW:
      {
        /* Type 4 frames name their node; type 1 come from the one that
         * runs. */
        const char *node = event->node ? event->node : kumo_job_get_node (job);

        if (node != NULL && event->image != NULL && g_hash_table_contains (websocket_nodes (entry), node))
          save_socket_image (self, entry, node, event);
        else
          _kumo_job_set_preview (job, event->image);
      }
      break;

    case KUMO_WS_EXECUTION_SUCCESS:
      complete (self, entry);
      break;

    case KUMO_WS_EXECUTION_ERROR:
      fail_execution (self, entry, event->data);
      break;

    case KUMO_WS_EXECUTION_INTERRUPTED:
      job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
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
  Entry *entry;

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

  entry = g_hash_table_lookup (self->by_prompt, event->prompt_id);
  if (entry != NULL)
    {
      apply (self, entry, event);
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

/* A history's status lists the job's messages, an execution_error's
 * data among them when a node failed. */
static KumoJson *
history_execution_error (KumoJson *status)
{
  KumoJson *messages = kumo_json_object_get_typed (status, "messages", KUMO_JSON_ARRAY);

  for (guint i = 0; i < kumo_json_array_get_length (messages); i++)
    {
      KumoJson *message = kumo_json_array_get (messages, i);

      KumoJson *data = kumo_json_array_get (message, 1);

      if (g_strcmp0 (kumo_json_get_string (kumo_json_array_get (message, 0)), "execution_error") == 0 &&
          kumo_json_get_type (data) == KUMO_JSON_OBJECT)
        return data;
    }

  return NULL;
}

static gboolean
history_was_interrupted (KumoJson *status)
{
  KumoJson *messages = kumo_json_object_get_typed (status, "messages", KUMO_JSON_ARRAY);

  for (guint i = 0; i < kumo_json_array_get_length (messages); i++)
    {
      KumoJson *name = kumo_json_array_get (kumo_json_array_get (messages, i), 0);

      if (g_strcmp0 (kumo_json_get_string (name), "execution_interrupted") == 0)
        return TRUE;
    }

  return FALSE;
}

static void
polled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KumoJobQueue *self = call->self;
  Entry *entry = call->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) answer = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *record, *status;
  KumoJobState state;

  if (is_cancelled (error))
    return;

  /* Asked at once: after a reconnect this poll is the only look at a
   * job that may have ended while the socket was down. */
  if (answer == NULL)
    {
      switch (handle_jobs_404 (self, entry, error, call->asked_jobs_api, poll_job))
        {
        case JOB_UNKNOWN:
          fail (self, entry, KUMO_JOB_ERROR_OTHER, NULL,
                _("The server no longer knows this job: it was probably restarted, which empties its queue. "
                  "Run the workflow again."));
          break;

        case ASKING_AGAIN:
        case NOT_A_JOBS_404:
        default:
          /* Anything else passes: the next poll asks again. */
          break;
        }
      return;
    }

  /* {"status": "completed"} from /jobs and /job/{id}/status; a history
   * entry has {"status": {"status_str": "success"}}, and {} while the
   * job has not ended. An interrupted job's history says "error" too,
   * with an execution_interrupted message. */
  record = record_entry (answer, kumo_job_get_prompt_id (entry->job));
  status = kumo_json_object_get_typed (record, "status", KUMO_JSON_OBJECT);
  if (status != NULL)
    state = history_was_interrupted (status)
            ? KUMO_JOB_STATE_CANCELLED
            : kumo_job_state_from_status (kumo_json_object_get_string_or (status, "status_str", NULL));
  else
    state = kumo_job_state_from_status (kumo_json_object_get_string_or (record, "status", NULL));

  switch (state)
    {
    case KUMO_JOB_STATE_SUCCEEDED:
      complete (self, entry);
      break;

    case KUMO_JOB_STATE_FAILED:
      {
        KumoJson *failure = history_execution_error (status);

        if (failure != NULL)
          fail_execution (self, entry, failure);
        else
          fail (self, entry, KUMO_JOB_ERROR_EXECUTION, NULL,
                kumo_json_object_get_string_or (answer, "error_message", _("The job failed on the server.")));
      }
      break;

    case KUMO_JOB_STATE_CANCELLED:
      job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
      break;

    case KUMO_JOB_STATE_RUNNING:
      if (entry->stage == STAGE_ON_SERVER && kumo_job_get_state (entry->job) == KUMO_JOB_STATE_PENDING)
        _kumo_job_set_state (entry->job, KUMO_JOB_STATE_RUNNING);
      break;

    case KUMO_JOB_STATE_PENDING:
    default:
      break;
    }
}

static void
poll_job (KumoJobQueue *self,
          Entry        *entry)
{
  g_autofree char *route = NULL;
  gboolean cloud = kumo_client_get_flavor (self->client) == KUMO_FLAVOR_CLOUD;
  Call *call = call_new (self, entry);

  if (cloud)
    route = g_strdup_printf ("/job/%s/status", kumo_job_get_prompt_id (entry->job));
  else
    route = record_route (self, entry);

  call->asked_jobs_api = !cloud && self->jobs_api != JOBS_API_ABSENT;
  kumo_client_get_json_async (self->client, route, self->cancellable, polled_cb, call);
}

static void
poll_all (KumoJobQueue *self)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->by_prompt);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->stage == STAGE_ON_SERVER)
      poll_job (self, entry);
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

/* The server has the job: follow it. */
static void
on_server (KumoJobQueue *self,
           Entry        *entry,
           const char   *prompt_id)
{
  GPtrArray *kept;

  _kumo_job_set_waiting (entry->job, FALSE);
  _kumo_job_set_prompt_id (entry->job, prompt_id);
  set_stage (self, entry, STAGE_ON_SERVER);
  g_hash_table_insert (self->by_prompt, g_strdup (prompt_id), entry);
  if (self->journal != NULL)
    kumo_journal_set_prompt_id (self->journal, entry->key, prompt_id);

  /* What the server said before its answer arrived. */
  kept = g_hash_table_lookup (self->early, prompt_id);
  for (guint i = 0; kept != NULL && i < kept->len; i++)
    apply (self, entry, g_ptr_array_index (kept, i));
  g_hash_table_remove (self->early, prompt_id);
  if (self->unnamed == 0)
    g_hash_table_remove_all (self->early);

  /* Cancelled while its request was under way: now it can be (and a
   * crash before it is leaves it to a resume to cancel). */
  if (entry->cancel_requested && entry->stage == STAGE_ON_SERVER)
    {
      if (self->journal != NULL)
        kumo_journal_mark_cancelling (self->journal, entry->key);
      cancel_on_server (self, entry);
    }

  update_polling (self);
}

/* The server's queue is full: send it again later, for as long as it
 * takes, at the pace the server asks for, else backing off (with jitter,
 * so that many clients do not come back at once). */
static void
wait_for_room (KumoJobQueue *self,
               Entry        *entry,
               gint64        retry_after)
{
  guint delay;

  if (retry_after >= 0)
    delay = (guint) MIN (retry_after, 600) * 1000;
  else
    {
      guint64 backoff = (guint64) self->room_first_ms << MIN (entry->room_attempts, 16);

      delay = (guint) MIN (backoff, self->room_max_ms);
      delay = delay / 2 + g_random_int_range (0, delay / 2 + 1);
    }

  entry->room_attempts++;
  set_stage (self, entry, STAGE_ROOM);
  _kumo_job_set_waiting (entry->job, TRUE);
  g_debug ("The server's queue is full; sending job %s again in %u ms", entry->key, delay);
  schedule (self, entry, delay, send_job);
}

static void looked_up_after_loss_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* What says nothing of whether the server took the job: the connection
 * broke, a proxy answered for the server (a 500, 502 or 504 after it may
 * have forwarded the request), or a success without a prompt id. A 503
 * says it was not processed. */
static gboolean
answer_may_be_lost (const GError        *error,
                    const KumoHttpError *rejection)
{
  if (g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NETWORK) ||
      g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_INVALID_RESPONSE))
    return TRUE;

  return g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_SERVER) &&
         (rejection == NULL || rejection->status != 503);
}

static void
look_up_lost (KumoJobQueue *self,
              Entry        *entry)
{
  KumoJobLookup wanted = { entry->key, kumo_job_get_workflow (entry->job), entry->created };

  kumo_job_lookup_async (self->client, &wanted, 1, self->cancellable, looked_up_after_loss_cb,
                         call_new (self, entry));
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KumoJobQueue *self = call->self;
  Entry *entry = call->entry;
  g_autoptr(KumoHttpError) rejection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt_id = NULL;

  prompt_id = kumo_client_submit_finish (KUMO_CLIENT (object), result, &rejection, &error);
  if (is_cancelled (error))
    return;

  self->unnamed--;

  if (prompt_id != NULL)
    {
      on_server (self, entry, prompt_id);
      return;
    }

  /* Refused before anything was done: not on the server. */
  if (g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_QUEUE_FULL))
    {
      if (self->journal != NULL)
        kumo_journal_mark_not_sent (self->journal, entry->key);
      if (entry->cancel_requested)
        job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
      else
        wait_for_room (self, entry, rejection ? rejection->retry_after : -1);
      return;
    }

  /* The request may have reached the server, its answer not Kumo: look
   * for the job there before it is sent again, a moment later, when a
   * slow server has finished with what it got. */
  if (answer_may_be_lost (error, rejection))
    {
      entry->lost_sends++;
      g_free (entry->lost_error);
      entry->lost_error = g_strdup (error->message);
      set_stage (self, entry, STAGE_LOOKING);
      schedule (self, entry, self->room_first_ms, look_up_lost);
      return;
    }

  if (rejection != NULL && rejection->problems != NULL && rejection->problems->len > 0)
    {
      KumoProblem *problem = g_ptr_array_index (rejection->problems, 0);
      g_autofree char *message = g_strdup_printf ("%s %s", error->message, problem->message);

      _kumo_job_set_problems (entry->job, rejection->problems);
      fail (self, entry, error_kind_of (error), NULL, message);
      return;
    }

  fail (self, entry, error_kind_of (error), NULL, error->message);
}

/* The server could not say whether it has the job: it ends here, but
 * stays "sending" (or "cancelling") in the journal, and a resume looks
 * for it again before anything is sent. */
static void
end_unknown (KumoJobQueue *self,
             Entry        *entry,
             const char   *message)
{
  _kumo_job_set_error (entry->job, KUMO_JOB_ERROR_NETWORK, NULL, message);
  _kumo_job_set_state (entry->job, entry->cancel_requested ? KUMO_JOB_STATE_CANCELLED : KUMO_JOB_STATE_FAILED);
  set_stage (self, entry, STAGE_ENDED);
  update_polling (self);
  pump (self);
}

static void
looked_up_after_loss_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KumoJobQueue *self = call->self;
  Entry *entry = call->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) found = kumo_job_lookup_finish (KUMO_CLIENT (object), result, &error);
  const char *prompt_id;

  if (is_cancelled (error))
    return;

  if (found == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The connection broke while the job was sent (%s), and the server could not say "
                           "whether it got it (%s). Resuming this server’s jobs looks for it again, and sends it "
                           "only if it is not there."),
                         entry->lost_error, error->message);
      end_unknown (self, entry, message);
      return;
    }

  /* There: followed, and asked at once, since whatever it said while
   * Kumo looked was not kept. */
  prompt_id = g_hash_table_lookup (found, entry->key);
  if (prompt_id != NULL)
    {
      on_server (self, entry, prompt_id);
      if (entry->stage == STAGE_ON_SERVER)
        poll_job (self, entry);
      return;
    }

  /* It never arrived: safe to send again, a few times. */
  if (entry->cancel_requested)
    job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
  else if (entry->lost_sends < MAX_LOST_SENDS)
    send_job (self, entry);
  else
    fail (self, entry, KUMO_JOB_ERROR_NETWORK, NULL, entry->lost_error);
}

static void
marked_sending_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KumoJobQueue *self = call->self;
  Entry *entry = call->entry;
  g_autoptr(GError) error = NULL;

  if (!kumo_journal_mark_sending_finish (result, &error))
    {
      if (is_cancelled (error))
        return;

      /* A job that cannot be recorded is not sent: it could be lost. */
      self->unnamed--;
      fail (self, entry, KUMO_JOB_ERROR_OTHER, NULL, error->message);
      return;
    }

  /* Cancelled while the mark was written: nothing has gone out yet. */
  if (entry->cancel_requested)
    {
      self->unnamed--;
      job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
      return;
    }

  kumo_client_submit_async (self->client, kumo_job_get_workflow (entry->job),
                            kumo_event_stream_get_client_id (self->stream), entry->key,
                            entry->partner_nodes, self->cancellable, submitted_cb, g_steal_pointer (&call));
}

/* Sends a job's request, once the journal says (on disk) that it may
 * be under way. */
static void
send_job (KumoJobQueue *self,
          Entry        *entry)
{
  set_stage (self, entry, STAGE_SENDING);
  self->unnamed++;

  if (self->journal != NULL)
    kumo_journal_mark_sending_async (self->journal, entry->key, self->cancellable, marked_sending_cb,
                                     call_new (self, entry));
  else
    kumo_client_submit_async (self->client, kumo_job_get_workflow (entry->job),
                              kumo_event_stream_get_client_id (self->stream), entry->key,
                              entry->partner_nodes, self->cancellable, submitted_cb, call_new (self, entry));
}

static void
pump (KumoJobQueue *self)
{
  while (self->in_flight < self->max_running && !g_queue_is_empty (self->waiting))
    send_job (self, g_queue_pop_head (self->waiting));
}

static gboolean
pump_cb (gpointer data)
{
  KumoJobQueue *self = data;

  self->pump_source = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}
/**
 * kumo_job_queue_submit:
 * @workflow: the workflow exactly as it is to run (seeds applied)
 * @n_nodes: its node count, for progress
 * @partner_nodes: it has partner nodes
 * @output_folder: where its outputs are saved
 *
 * Records the job in the journal, then sends it when a slot is free.
 *
 * Returns: (transfer none): the job, already in the model
 */
KumoJob *
kumo_job_queue_submit (KumoJobQueue         *self,
                       const KumoJobRequest *request)
{
  g_autoptr(KumoJob) job = NULL;
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (request != NULL && request->workflow != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (request->output_folder), NULL);

  job = _kumo_job_new (request->workflow, request->n_nodes, request->output_folder);
  _kumo_job_set_title (job, request->title);
  if (request->node_titles != NULL)
    _kumo_job_set_node_titles (job, request->node_titles);

  /* Recorded before anything is sent: from now on it cannot be lost. */
  if (self->journal != NULL)
    key = kumo_journal_add_job (self->journal, kumo_client_get_base_url (self->client), request->workflow,
                                g_file_peek_path (request->output_folder), request->n_nodes,
                                request->partner_nodes, request->title);

  entry = add_entry (self, job, key, g_get_real_time () / G_USEC_PER_SEC, request->partner_nodes);
  g_queue_push_tail (self->waiting, entry);

  /* Sent once the caller is done submitting: the journal writes in order,
   * so every job of a batch is recorded before the first is marked as
   * sending, and a crash cannot lose the end of a batch. */
  if (self->pump_source == 0)
    self->pump_source = g_idle_add (pump_cb, self);
  return entry->job;
}

/**
 * kumo_job_queue_retry:
 * @job: a job of this queue that failed or was cancelled
 *
 * Runs @job's exact workflow again, same seeds, into the same folder.
 *
 * Returns: (transfer none): the new job
 */
KumoJob *
kumo_job_queue_retry (KumoJobQueue *self,
                      KumoJob      *job)
{
  Entry *entry;
  KumoJobRequest request = { 0 };

  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (KUMO_IS_JOB (job), NULL);

  entry = g_hash_table_lookup (self->entries, job);
  g_return_val_if_fail (entry != NULL, NULL);

  request.workflow = kumo_job_get_workflow (job);
  request.n_nodes = _kumo_job_get_n_nodes (job);
  request.partner_nodes = entry->partner_nodes;
  request.output_folder = kumo_job_get_output_folder (job);
  request.title = kumo_job_get_title (job);
  return kumo_job_queue_submit (self, &request);
}

/* Whether @job is one of this queue's. */
gboolean
kumo_job_queue_owns (KumoJobQueue *self,
                     KumoJob      *job)
{
  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), FALSE);

  return self->entries != NULL && g_hash_table_contains (self->entries, job);
}

/**
 * kumo_job_queue_get_n_active:
 *
 * Returns: how many of its jobs have not ended
 */
guint
kumo_job_queue_get_n_active (KumoJobQueue *self)
{
  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), 0);

  return self->n_active;
}

/* ---------------------------------------------------------------------- */
/* Cancelling                                                             */
/* ---------------------------------------------------------------------- */

static void
cancel_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) answer = kumo_client_post_json_finish (KUMO_CLIENT (object), result, &error);

  if (is_cancelled (error))
    return;

  /* A pending job that left the queue says nothing more: end it here. A
   * running one ends with execution_interrupted. */
  if (error == NULL && call->entry->stage == STAGE_ON_SERVER &&
      kumo_job_get_state (call->entry->job) == KUMO_JOB_STATE_PENDING)
    job_ended (call->self, call->entry, KUMO_JOB_STATE_CANCELLED);
}

/* Cloud's targeted cancel: {"cancelled": false} means it had already
 * ended, which the events or the next poll will tell. */
static void
job_cancel_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) answer = kumo_client_post_json_finish (KUMO_CLIENT (object), result, &error);

  if (is_cancelled (error))
    return;

  /* A 404 from a server with the jobs API: it does not know the job,
   * which then has nothing left to stop. */
  if (answer == NULL)
    {
      handle_jobs_404 (call->self, call->entry, error, TRUE, cancel_on_server);
      return;
    }

  if (kumo_json_get_boolean (kumo_json_object_get (answer, "cancelled")) && call->entry->stage == STAGE_ON_SERVER)
    job_ended (call->self, call->entry, KUMO_JOB_STATE_CANCELLED);
}

static void
cancel_on_server (KumoJobQueue *self,
                  Entry        *entry)
{
  const char *prompt_id = kumo_job_get_prompt_id (entry->job);
  g_autofree char *route = NULL;
  g_autofree char *body = NULL;
  GString *text;

  /* POST /api/interrupt on the cloud stops every running job of the
   * user, so a single job is cancelled by id where the server can. */
  if (kumo_client_get_flavor (self->client) == KUMO_FLAVOR_CLOUD && self->jobs_api != JOBS_API_ABSENT)
    {
      route = g_strdup_printf ("/jobs/%s/cancel", prompt_id);
      kumo_client_post_json_async (self->client, route, "{}", self->cancellable, job_cancel_sent_cb,
                                   call_new (self, entry));
      return;
    }

  text = g_string_new (NULL);
  if (kumo_job_get_state (entry->job) == KUMO_JOB_STATE_PENDING)
    {
      g_string_append (text, "{\"delete\": [");
      kumo_json_append_escaped (text, prompt_id);
      g_string_append (text, "]}");
      route = g_strdup ("/queue");
    }
  else
    {
      g_string_append (text, "{\"prompt_id\": ");
      kumo_json_append_escaped (text, prompt_id);
      g_string_append (text, "}");
      route = g_strdup ("/interrupt");
    }
  body = g_string_free (text, FALSE);
  kumo_client_post_json_async (self->client, route, body, self->cancellable, cancel_sent_cb,
                               call_new (self, entry));
}

/**
 * kumo_job_queue_cancel:
 *
 * A job not sent yet, or waiting for room in a full queue, is dropped; a
 * pending one leaves the server's queue, a running one is interrupted; a
 * job whose request is under way is cancelled as soon as its answer
 * comes. All end cancelled. A job whose outputs are being saved ran
 * already: it finishes.
 */
void
kumo_job_queue_cancel (KumoJobQueue *self,
                       KumoJob      *job)
{
  Entry *entry;

  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));
  g_return_if_fail (KUMO_IS_JOB (job));

  entry = g_hash_table_lookup (self->entries, job);
  g_return_if_fail (entry != NULL);

  switch (entry->stage)
    {
    case STAGE_WAITING:
    case STAGE_ROOM:
      job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
      break;

    case STAGE_SENDING:
    case STAGE_LOOKING:
      /* Its request may be on the server: cancelled there once its
       * answer (or a lookup) says so, never sent again, even by a
       * resume after a crash. */
      entry->cancel_requested = TRUE;
      if (self->journal != NULL)
        kumo_journal_mark_cancelling (self->journal, entry->key);
      break;

    case STAGE_ON_SERVER:
      entry->cancel_requested = TRUE;
      cancel_on_server (self, entry);
      break;

    case STAGE_FINISHING:
    case STAGE_ENDED:
    default:
      break;
    }
}

/* ---------------------------------------------------------------------- */
/* Resuming                                                               */
/* ---------------------------------------------------------------------- */

typedef struct
{
  KumoResumeCounts  counts;
  GPtrArray        *looking;   /* Entry */
  GPtrArray        *jobs;      /* KumoJob picked up */
} Resume;

static void
resume_free (Resume *resume)
{
  g_clear_pointer (&resume->looking, g_ptr_array_unref);
  g_clear_pointer (&resume->jobs, g_ptr_array_unref);
  g_free (resume);
}

static Entry *
entry_from_journal (KumoJobQueue     *self,
                    KumoJournalEntry *record)
{
  g_autoptr(GFile) folder = g_file_new_for_path (record->output_folder && *record->output_folder
                                                 ? record->output_folder : ".");
  g_autoptr(KumoJob) job = _kumo_job_new (record->workflow, record->n_nodes, folder);
  Entry *entry;

  _kumo_job_set_title (job, record->title);
  _kumo_job_set_times (job, record->created * G_USEC_PER_SEC, record->started * G_USEC_PER_SEC, 0);
  entry = add_entry (self, job, record->key, record->created, record->partner_nodes);

  entry->reserved = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_journal_file_free);

  /* Files brought home before are the job's already; places reserved
   * for the others are kept. */
  for (guint i = 0; i < record->files->len; i++)
    {
      KumoJournalFile *file = g_ptr_array_index (record->files, i);

      if (file->saved)
        {
          g_autoptr(GFile) saved = g_file_new_for_path (file->path);
          KumoOutputItem *item = _kumo_job_add_output (job, file->output, NULL);

          _kumo_job_set_file (job, item, saved);
        }
      else
        {
          KumoJournalFile *copy = g_new0 (KumoJournalFile, 1);

          copy->output = kumo_output_file_copy (file->output);
          copy->path = g_strdup (file->path);
          g_ptr_array_add (entry->reserved, copy);
        }
    }

  return entry;
}

static void
resumed_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoJobQueue *self = g_task_get_source_object (task);
  Resume *resume = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) found = kumo_job_lookup_finish (KUMO_CLIENT (object), result, &error);

  if (is_cancelled (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < resume->looking->len; i++)
    {
      Entry *entry = g_ptr_array_index (resume->looking, i);
      const char *prompt_id = found ? g_hash_table_lookup (found, entry->key) : NULL;

      if (found == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("Kumo stopped while this job was being sent, and the server could not say whether "
                               "it got it (%s). It is not sent again until the server can tell."),
                             error->message);

          resume->counts.n_unknown++;
          end_unknown (self, entry, message);
        }
      else if (prompt_id != NULL)
        {
          resume->counts.n_found++;
          on_server (self, entry, prompt_id);
          poll_job (self, entry);
        }
      else if (entry->cancel_requested)
        {
          job_ended (self, entry, KUMO_JOB_STATE_CANCELLED);
        }
      else
        {
          resume->counts.n_not_found++;
          set_stage (self, entry, STAGE_WAITING);
          g_queue_push_tail (self->waiting, entry);
        }
    }

  update_polling (self);
  pump (self);
  g_task_return_boolean (task, TRUE);
}

static void
resume_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoJobQueue *self = g_task_get_source_object (task);
  Resume *resume = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = kumo_journal_list_unfinished_finish (KUMO_JOURNAL (object), result, &error);
  g_autoptr(GArray) wanted = g_array_new (FALSE, TRUE, sizeof (KumoJobLookup));

  if (records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      KumoJournalEntry *record = g_ptr_array_index (records, i);
      Entry *entry;

      /* Already followed by this queue (a second resume). */
      if (record->prompt_id != NULL && g_hash_table_contains (self->by_prompt, record->prompt_id))
        continue;

      entry = entry_from_journal (self, record);
      g_ptr_array_add (resume->jobs, g_object_ref (entry->job));

      switch (record->stage)
        {
        case KUMO_JOURNAL_NOT_SENT:
          resume->counts.n_never_sent++;
          g_queue_push_tail (self->waiting, entry);
          break;

        case KUMO_JOURNAL_CANCELLING:
          /* Known to the server: cancel it there. */
          if (record->prompt_id != NULL)
            {
              entry->cancel_requested = TRUE;
              on_server (self, entry, record->prompt_id);
              break;
            }
          G_GNUC_FALLTHROUGH;

        case KUMO_JOURNAL_SENDING:
          {
            KumoJobLookup lookup = { entry->key, kumo_job_get_workflow (entry->job), entry->created };

            entry->cancel_requested = record->stage == KUMO_JOURNAL_CANCELLING;
            set_stage (self, entry, STAGE_LOOKING);
            g_ptr_array_add (resume->looking, entry);
            g_array_append_val (wanted, lookup);
          }
          break;

        case KUMO_JOURNAL_ON_SERVER:
        case KUMO_JOURNAL_INCOMPLETE:
        default:
          resume->counts.n_followed++;
          _kumo_job_set_state (entry->job, KUMO_JOB_STATE_RUNNING);
          on_server (self, entry, record->prompt_id);
          poll_job (self, entry);
          break;
        }
    }

  if (wanted->len > 0)
    {
      kumo_job_lookup_async (self->client, (KumoJobLookup *) (gpointer) wanted->data, wanted->len,
                             self->cancellable, resumed_lookup_cb, g_steal_pointer (&task));
      return;
    }

  update_polling (self);
  pump (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * kumo_job_queue_resume_async:
 *
 * Picks up the jobs of this server that the journal says did not end
 * (Kumo quit or crashed, the network went) and that no other running
 * Kumo works on: jobs never sent are sent; jobs that may have been sent
 * are looked for on the server, followed if they are there and sent if
 * not; jobs the server has are followed, and the outputs not saved yet
 * brought home. The jobs appear in the model at once.
 */
void
kumo_job_queue_resume_async (KumoJobQueue        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Resume *resume;

  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));

  resume = g_new0 (Resume, 1);
  resume->looking = g_ptr_array_new ();
  resume->jobs = g_ptr_array_new_with_free_func (g_object_unref);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_job_queue_resume_async);
  g_task_set_task_data (task, resume, (GDestroyNotify) resume_free);

  if (self->journal == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  kumo_journal_list_unfinished_async (self->journal, kumo_client_get_base_url (self->client), TRUE,
                                      self->cancellable, resume_listed_cb, g_steal_pointer (&task));
}

/**
 * kumo_job_queue_resume_finish:
 * @counts: (out) (optional): what was found
 *
 * Returns: (transfer container) (element-type KumoJob) (nullable): the
 *   jobs picked up, or %NULL with @error set when the journal could not
 *   be read
 */
GPtrArray *
kumo_job_queue_resume_finish (KumoJobQueue      *self,
                              GAsyncResult      *result,
                              KumoResumeCounts  *counts,
                              GError           **error)
{
  Resume *resume;

  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  resume = g_task_get_task_data (G_TASK (result));
  if (counts != NULL)
    *counts = resume->counts;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return g_ptr_array_ref (resume->jobs);
}

/* Nothing waiting, running or being saved. */
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

  /* Every request under way ends now, and its callback returns at once. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->pump_source, g_source_remove);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      kumo_event_stream_stop (self->stream);
    }
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs, self);

  self->current = NULL;
  if (self->waiting != NULL)
    g_queue_free (g_steal_pointer (&self->waiting));
  g_clear_pointer (&self->by_prompt, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->early, g_hash_table_unref);
  g_clear_pointer (&self->taken, g_hash_table_unref);
  g_clear_pointer (&self->estimates, g_hash_table_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  g_clear_object (&self->jobs);

  G_OBJECT_CLASS (kumo_job_queue_parent_class)->dispose (object);
}

static void
kumo_job_queue_finalize (GObject *object)
{
  KumoJobQueue *self = (KumoJobQueue *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kumo_job_queue_parent_class)->finalize (object);
}

static void
kumo_job_queue_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KumoJobQueue *self = KUMO_JOB_QUEUE (object);

  switch (prop_id)
    {
    case PROP_N_ACTIVE:
      g_value_set_uint (value, self->n_active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_job_queue_class_init (KumoJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_job_queue_dispose;
  object_class->finalize = kumo_job_queue_finalize;
  object_class->get_property = kumo_job_queue_get_property;

  /* How many jobs have not ended: what a window asks about on close. */
  properties[PROP_N_ACTIVE] =
    g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_job_queue_init (KumoJobQueue *self)
{
  self->cancellable = g_cancellable_new ();
  self->jobs = g_list_store_new (KUMO_TYPE_JOB);
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  self->waiting = g_queue_new ();
  self->by_prompt = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->early = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->estimates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_running = 1;
  self->poll_ms = 2000;
  self->room_first_ms = 2000;
  self->room_max_ms = 60000;
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
 * @journal: (nullable): where jobs are recorded, so that none is lost
 * @client_id: (nullable): the event stream's client id, stable per server
 *   (see kumo_journal_get_client_id()), or %NULL for a new one
 *
 * Opens the server's event stream at once: it must be there before the
 * first job is submitted.
 */
KumoJobQueue *
kumo_job_queue_new (KumoClient  *client,
                    KumoJournal *journal,
                    const char  *client_id)
{
  KumoJobQueue *self;

  g_return_val_if_fail (KUMO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (!journal || KUMO_IS_JOURNAL (journal), NULL);

  self = g_object_new (KUMO_TYPE_JOB_QUEUE, NULL);
  self->client = g_object_ref (client);
  self->journal = journal ? g_object_ref (journal) : NULL;
  self->stream = kumo_event_stream_new (client, client_id);

  g_signal_connect (self->stream, "event", G_CALLBACK (event_cb), self);
  g_signal_connect_swapped (self->stream, "notify::connected", G_CALLBACK (connected_changed_cb), self);
  g_signal_connect_swapped (self->jobs, "items-changed", G_CALLBACK (items_changed_cb), self);
  kumo_event_stream_start (self->stream);

  return self;
}

KumoClient *
kumo_job_queue_get_client (KumoJobQueue *self)
{
  g_return_val_if_fail (KUMO_IS_JOB_QUEUE (self), NULL);

  return self->client;
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

/* How long to wait before sending again to a full queue that gave no
 * Retry-After: @first_ms, doubling up to @max_ms. Tests make it short. */
void
kumo_job_queue_set_room_backoff (KumoJobQueue *self,
                                 guint         first_ms,
                                 guint         max_ms)
{
  g_return_if_fail (KUMO_IS_JOB_QUEUE (self));

  self->room_first_ms = MAX (first_ms, 1);
  self->room_max_ms = MAX (max_ms, self->room_first_ms);
}
