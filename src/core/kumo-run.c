/* kumo-run.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-run"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kumo-field.h"
#include "kumo-run.h"
#include "kumo-validation.h"

/*
 * Running a workflow, once or as variations: what the window's Run
 * button and `kumo-cli run` both do, in one place.
 *
 *  1. the server's node definitions, to type the values given and to
 *     check the workflow the way the server will;
 *  2. the values given ("NODE.INPUT=VALUE"), on a copy of the workflow:
 *     the one being edited is never changed by a run;
 *  3. the files given, uploaded, with the names the server gave them put
 *     into their inputs;
 *  4. the checks, which excuse a file just uploaded not being in the
 *     server's list yet: a workflow the server would refuse is not sent,
 *     and nothing is spent;
 *  5. for each variation, the seeds, then the job: recorded in the
 *     journal with the exact workflow it runs, and submitted.
 */
struct _KumoRun
{
  GObject       parent_instance;

  KumoSession  *session;
  KumoWorkflow *source;
  KumoWorkflow *workflow;   /* the copy that runs */
  guint         count;
  KumoSeedMode  seed_mode;
  gboolean      seeds_as_set;   /* each seed by its own control, not seed_mode */
  gboolean      advance_seeds;  /* the edited workflow's seeds move on too */
  GFile        *output_folder;
  GPtrArray    *sets;       /* Target */
  GPtrArray    *uploads;    /* Target */
  GHashTable   *uploaded;   /* "node\ninput" of inputs given a fresh upload */
  GPtrArray    *problems;
  guint         next_upload;
  gboolean      started;
};

typedef struct
{
  char  *target;
  char  *value;
  GFile *file;
} Target;

G_DEFINE_FINAL_TYPE (KumoRun, kumo_run, G_TYPE_OBJECT)
G_DEFINE_QUARK (kumo-run-error-quark, kumo_run_error)

enum {
  UPLOAD_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
target_free (Target *target)
{
  g_free (target->target);
  g_free (target->value);
  g_clear_object (&target->file);
  g_free (target);
}

static void
kumo_run_dispose (GObject *object)
{
  KumoRun *self = (KumoRun *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->source);
  g_clear_object (&self->workflow);
  g_clear_object (&self->output_folder);

  G_OBJECT_CLASS (kumo_run_parent_class)->dispose (object);
}

static void
kumo_run_finalize (GObject *object)
{
  KumoRun *self = (KumoRun *)object;

  g_clear_pointer (&self->sets, g_ptr_array_unref);
  g_clear_pointer (&self->uploads, g_ptr_array_unref);
  g_clear_pointer (&self->uploaded, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (kumo_run_parent_class)->finalize (object);
}

static void
kumo_run_class_init (KumoRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_run_dispose;
  object_class->finalize = kumo_run_finalize;

  /**
   * KumoRun::upload-progress:
   * @file: the file being uploaded
   * @sent: bytes sent so far
   * @total: of how many
   */
  signals[UPLOAD_PROGRESS] =
    g_signal_new ("upload-progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_FILE, G_TYPE_INT64, G_TYPE_INT64);
}

static void
kumo_run_init (KumoRun *self)
{
  self->count = 1;
  self->seed_mode = KUMO_SEED_FIXED;
  self->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->uploaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * kumo_run_new:
 * @workflow: the workflow as edited; it is copied when the run starts
 */
KumoRun *
kumo_run_new (KumoSession  *session,
              KumoWorkflow *workflow)
{
  KumoRun *self;

  g_return_val_if_fail (KUMO_IS_SESSION (session), NULL);
  g_return_val_if_fail (KUMO_IS_WORKFLOW (workflow), NULL);

  self = g_object_new (KUMO_TYPE_RUN, NULL);
  self->session = g_object_ref (session);
  self->source = g_object_ref (workflow);
  return self;
}

/* How many jobs (variations) to run, 1 or more. */
void
kumo_run_set_count (KumoRun *self,
                    guint    count)
{
  g_return_if_fail (KUMO_IS_RUN (self));

  self->count = MAX (count, 1);
}

/* What happens to seeds from one variation to the next (randomize also
 * changes them before the first). */
void
kumo_run_set_seed_mode (KumoRun      *self,
                        KumoSeedMode  mode)
{
  g_return_if_fail (KUMO_IS_RUN (self));

  self->seed_mode = mode;
}

/* Each seed changes as its own control says (kumo_field_get_seed_mode(),
 * the editor's choice per seed) instead of by one mode for all. */
void
kumo_run_set_seeds_as_set (KumoRun *self)
{
  g_return_if_fail (KUMO_IS_RUN (self));

  self->seeds_as_set = TRUE;
}

/* As ComfyUI's "control after generate": the first job runs the seeds
 * shown, each next one the seeds moved on once more, and the workflow
 * being edited is left with the seeds the next run would use, so that
 * pressing Run again makes new images (unless the seeds are fixed). */
void
kumo_run_set_advance_seeds (KumoRun  *self,
                            gboolean  advance)
{
  g_return_if_fail (KUMO_IS_RUN (self));

  self->advance_seeds = advance;
}

/* Where the outputs are saved; the current folder by default. */
void
kumo_run_set_output_folder (KumoRun *self,
                            GFile   *folder)
{
  g_return_if_fail (KUMO_IS_RUN (self));
  g_return_if_fail (G_IS_FILE (folder));

  g_set_object (&self->output_folder, folder);
}

/**
 * kumo_run_add_set:
 * @target: "NODE.INPUT", NODE a node id or a unique title
 * @value: the value, as text, typed by the input's kind
 */
void
kumo_run_add_set (KumoRun    *self,
                  const char *target,
                  const char *value)
{
  Target *set;

  g_return_if_fail (KUMO_IS_RUN (self));
  g_return_if_fail (target != NULL && value != NULL);

  set = g_new0 (Target, 1);
  set->target = g_strdup (target);
  set->value = g_strdup (value);
  g_ptr_array_add (self->sets, set);
}

/**
 * kumo_run_add_upload:
 * @target: "NODE.INPUT" of an input that takes a file
 * @file: the file to upload into it
 */
void
kumo_run_add_upload (KumoRun    *self,
                     const char *target,
                     GFile      *file)
{
  Target *upload;

  g_return_if_fail (KUMO_IS_RUN (self));
  g_return_if_fail (target != NULL);
  g_return_if_fail (G_IS_FILE (file));

  upload = g_new0 (Target, 1);
  upload->target = g_strdup (target);
  upload->file = g_object_ref (file);
  g_ptr_array_add (self->uploads, upload);
}

/**
 * kumo_run_get_problems:
 *
 * Returns: (nullable) (transfer none) (element-type KumoProblem): what
 *   the server would have refused, when the run failed with
 *   %KUMO_RUN_ERROR_INVALID
 */
GPtrArray *
kumo_run_get_problems (KumoRun *self)
{
  g_return_val_if_fail (KUMO_IS_RUN (self), NULL);

  return self->problems;
}

/**
 * kumo_run_get_workflow:
 *
 * Returns: (nullable) (transfer none): the workflow as it was run (with
 *   the values and uploads given, and the last variation's seeds), once
 *   the run has started
 */
KumoWorkflow *
kumo_run_get_workflow (KumoRun *self)
{
  g_return_val_if_fail (KUMO_IS_RUN (self), NULL);

  return self->workflow;
}

/* ---------------------------------------------------------------------- */
/* The pipeline                                                           */
/* ---------------------------------------------------------------------- */

/**
 * kumo_run_list_partner_nodes:
 * @catalog: (nullable): the server's node definitions, which say which
 *   nodes call a paid partner API
 *
 * Returns: (transfer container) (element-type utf8): the titles of the
 *   nodes of @workflow that spend credits when they run
 */
GPtrArray *
kumo_run_list_partner_nodes (KumoWorkflow    *workflow,
                             KumoNodeCatalog *catalog)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; catalog && i < g_list_model_get_n_items (G_LIST_MODEL (workflow)); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      const KumoNodeDef *def = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node));

      if (def != NULL && def->api_node)
        g_ptr_array_add (titles, g_strdup (kumo_node_get_title (node) ? kumo_node_get_title (node)
                                           : def->display_name ? def->display_name
                                           : kumo_node_get_class_type (node)));
    }

  return titles;
}

/**
 * kumo_run_node_titles:
 * @catalog: (nullable): the node definitions, for names of nodes
 *   without a title of their own
 *
 * Returns: (transfer full): node id → what the artist calls it: its
 *   title in the workflow, else the name the server gives its kind
 */
GHashTable *
kumo_run_node_titles (KumoWorkflow    *workflow,
                      KumoNodeCatalog *catalog)
{
  GHashTable *titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (workflow)); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      const char *class_type = kumo_node_get_class_type (node);
      const KumoNodeDef *def = catalog ? kumo_node_catalog_lookup (catalog, class_type) : NULL;
      const char *title = kumo_node_get_title (node);

      if (title == NULL && def != NULL)
        title = def->display_name;
      g_hash_table_insert (titles, g_strdup (kumo_node_get_id (node)), g_strdup (title ? title : class_type));
    }

  return titles;
}

static char *
field_key (KumoField *field)
{
  return g_strdup_printf ("%s\n%s", kumo_node_get_id (kumo_field_get_node (field)), kumo_field_get_name (field));
}

/* The seed fields of @node in @workflow. */
static GPtrArray *
seed_fields (KumoWorkflow    *workflow,
             KumoNode        *node,
             KumoNodeCatalog *catalog)
{
  g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, node, catalog);
  GPtrArray *seeds = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < fields->len; i++)
    {
      KumoField *field = g_ptr_array_index (fields, i);

      if (kumo_field_has_seed_control (field) && kumo_field_get_value (field) != NULL)
        g_ptr_array_add (seeds, g_object_ref (field));
    }

  return seeds;
}

/* The mode the editor chose for the seed @name of the source's @node_id. */
static KumoSeedMode
source_seed_mode (KumoRun    *self,
                  const char *node_id,
                  const char *name)
{
  KumoNode *node = kumo_workflow_get_node (self->source, node_id);
  g_autoptr(GPtrArray) seeds = NULL;

  if (node == NULL)
    return KUMO_SEED_FIXED;

  seeds = seed_fields (self->source, node, kumo_session_get_catalog (self->session));
  for (guint i = 0; i < seeds->len; i++)
    if (g_str_equal (kumo_field_get_name (g_ptr_array_index (seeds, i)), name))
      return kumo_field_get_seed_mode (g_ptr_array_index (seeds, i));

  return KUMO_SEED_FIXED;
}

/* Moves every seed of the copy on, by the run's mode or each seed's own.
 * Returns how many changed. */
static guint
advance_seeds (KumoRun *self,
               GRand   *rand)
{
  KumoNodeCatalog *catalog = kumo_session_get_catalog (self->session);
  guint n_changed = 0;

  if (!self->seeds_as_set)
    return kumo_workflow_apply_seeds (self->workflow, catalog, &self->seed_mode, rand);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->workflow)); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (self->workflow), i);
      g_autoptr(GPtrArray) seeds = seed_fields (self->workflow, node, catalog);

      for (guint j = 0; j < seeds->len; j++)
        {
          KumoField *field = g_ptr_array_index (seeds, j);
          KumoSeedMode mode = source_seed_mode (self, kumo_node_get_id (node), kumo_field_get_name (field));

          if (kumo_field_apply_seed_mode (field, mode, rand))
            n_changed++;
        }
    }

  return n_changed;
}

/* The edited workflow gets the seeds the next run would use. */
static void
copy_seeds_to_source (KumoRun *self)
{
  KumoNodeCatalog *catalog = kumo_session_get_catalog (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->workflow)); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (self->workflow), i);
      KumoNode *source = kumo_workflow_get_node (self->source, kumo_node_get_id (node));
      g_autoptr(GPtrArray) seeds = NULL;

      if (source == NULL)
        continue;

      seeds = seed_fields (self->workflow, node, catalog);
      for (guint j = 0; j < seeds->len; j++)
        {
          KumoField *field = g_ptr_array_index (seeds, j);
          KumoJson *value = kumo_field_get_value (field);
          KumoJson *current = kumo_node_get_input (source, kumo_field_get_name (field));

          if (current == NULL || !kumo_json_equal (current, value))
            kumo_node_set_input (source, kumo_field_get_name (field), kumo_json_copy (value));
        }
    }
}

/* 5: one job per variation, each with the seeds it uses. */
static void
submit (GTask *task)
{
  KumoRun *self = g_task_get_source_object (task);
  KumoNodeCatalog *catalog = kumo_session_get_catalog (self->session);
  KumoJobQueue *queue = kumo_session_get_queue (self->session);
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) partner_nodes = kumo_run_list_partner_nodes (self->workflow, catalog);
  guint n_nodes = g_list_model_get_n_items (G_LIST_MODEL (self->workflow));
  KumoSeedMode mode = self->seed_mode;
  g_autofree char *title = kumo_workflow_dup_display_name (self->source);
  g_autoptr(GHashTable) node_titles = kumo_run_node_titles (self->workflow, catalog);
  KumoJobRequest request = { 0 };

  if (self->output_folder == NULL)
    self->output_folder = g_file_new_for_path (".");

  request.n_nodes = n_nodes;
  request.partner_nodes = partner_nodes->len > 0;
  request.output_folder = self->output_folder;
  request.title = title;
  request.node_titles = node_titles;

  for (guint i = 0; i < self->count; i++)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (self->advance_seeds ? i > 0 : (mode == KUMO_SEED_RANDOMIZE || (i > 0 && mode != KUMO_SEED_FIXED)))
        advance_seeds (self, rand);

      bytes = kumo_workflow_to_bytes (self->workflow);
      request.workflow = bytes;
      g_ptr_array_add (jobs, g_object_ref (kumo_job_queue_submit (queue, &request)));
    }

  if (self->advance_seeds && advance_seeds (self, rand) > 0)
    copy_seeds_to_source (self);

  g_task_return_pointer (task, g_steal_pointer (&jobs), (GDestroyNotify) g_ptr_array_unref);
}

/* 4: the server's checks, before anything is spent. */
static void
check (GTask *task)
{
  KumoRun *self = g_task_get_source_object (task);
  KumoNodeCatalog *catalog = kumo_session_get_catalog (self->session);
  g_autoptr(GPtrArray) problems = NULL;

  if (catalog == NULL)
    {
      submit (task);
      return;
    }

  problems = kumo_workflow_validate (self->workflow, catalog);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_problem_free);

  for (guint i = 0; i < problems->len; i++)
    {
      KumoProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *key = g_strdup_printf ("%s\n%s", problem->node_id, problem->input_name);

      /* A file just uploaded is not in the catalog's list yet. */
      if (g_str_equal (problem->type, "value_not_in_list") && g_hash_table_contains (self->uploaded, key))
        continue;

      g_ptr_array_add (self->problems, kumo_problem_copy (problem));
    }

  if (self->problems->len > 0)
    {
      g_task_return_new_error (task, KUMO_RUN_ERROR, KUMO_RUN_ERROR_INVALID,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The server would reject this workflow (%u problem); nothing was "
                                            "submitted.",
                                            "The server would reject this workflow (%u problems); nothing was "
                                            "submitted.",
                                            self->problems->len),
                               self->problems->len);
      return;
    }

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  submit (task);
}

static void upload_next (GTask *task);

static void
upload_progress_cb (goffset  sent,
                    goffset  total,
                    gpointer user_data)
{
  GTask *task = user_data;
  KumoRun *self = g_task_get_source_object (task);
  Target *upload = g_ptr_array_index (self->uploads, self->next_upload - 1);

  g_signal_emit (self, signals[UPLOAD_PROGRESS], 0, upload->file, (gint64) sent, (gint64) total);
}

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoRun *self = g_task_get_source_object (task);
  Target *upload = g_ptr_array_index (self->uploads, self->next_upload - 1);
  g_autoptr(KumoField) field = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  name = kumo_client_upload_finish (KUMO_CLIENT (object), result, &error);
  if (name == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The server's name for the file, never the local one. */
  field = kumo_field_resolve (self->workflow, kumo_session_get_catalog (self->session), upload->target, NULL);
  kumo_field_set_value (field, kumo_json_new_string (name));
  g_hash_table_add (self->uploaded, field_key (field));

  upload_next (task);
}

/* 3: the files, one after the other, streamed from disk. */
static void
upload_next (GTask *task)
{
  KumoRun *self = g_task_get_source_object (task);
  Target *upload;

  if (self->next_upload >= self->uploads->len)
    {
      check (task);
      return;
    }

  upload = g_ptr_array_index (self->uploads, self->next_upload++);
  kumo_client_upload_async (kumo_session_get_client (self->session), upload->file,
                            upload_progress_cb, task, g_task_get_cancellable (task),
                            uploaded_cb, g_object_ref (task));
}

/* 2: the values given, and the inputs the files go to, before anything
 * is sent: a typo fails the run before the first byte is uploaded. */
static void
apply_values (GTask *task)
{
  KumoRun *self = g_task_get_source_object (task);
  KumoNodeCatalog *catalog = kumo_session_get_catalog (self->session);
  g_autoptr(GBytes) bytes = kumo_workflow_to_bytes (self->source);
  g_autofree char *name = kumo_workflow_dup_display_name (self->source);
  GError *error = NULL;

  self->workflow = kumo_workflow_new_from_bytes (bytes, name, &error);
  if (self->workflow == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < self->sets->len; i++)
    {
      Target *set = g_ptr_array_index (self->sets, i);
      g_autoptr(KumoField) field = kumo_field_resolve (self->workflow, catalog, set->target, &error);

      if (field == NULL || !kumo_field_set_from_string (field, set->value, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  for (guint i = 0; i < self->uploads->len; i++)
    {
      Target *upload = g_ptr_array_index (self->uploads, i);
      g_autoptr(KumoField) field = kumo_field_resolve (self->workflow, catalog, upload->target, &error);

      if (field == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  upload_next (task);
}

/* Outside the server's own account problems, a catalog that cannot be
 * had only means fewer checks: the run goes on, as the web UI would. */
static gboolean
catalog_error_is_fatal (const GError *error)
{
  return g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NO_API_ACCESS) ||
         g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
catalog_refreshed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!kumo_session_ensure_catalog_finish (KUMO_SESSION (object), result, &error))
    {
      if (catalog_error_is_fatal (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Running without the server's node definitions: %s", error->message);
    }

  apply_values (task);
}

/**
 * kumo_run_start_async:
 *
 * Runs the workflow on the session's server (which must be connected)
 * as set up, and returns once every job is in the session's queue. The
 * error says why nothing was submitted: a value that does not fit
 * (%KUMO_FIELD_ERROR), a file that cannot be read or uploaded, a
 * workflow the server would refuse (%KUMO_RUN_ERROR_INVALID).
 */
void
kumo_run_start_async (KumoRun             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_run_start_async);

  if (kumo_session_get_queue (self->session) == NULL)
    {
      const GError *why = kumo_session_get_error (self->session);

      if (why != NULL)
        g_task_return_error (task, g_error_copy (why));
      else
        g_task_return_new_error (task, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NOT_CONNECTED,
                                 _("Kumo is not connected to %s."), kumo_session_get_url (self->session));
      return;
    }

  /* 1: the server's node definitions as they are now. */
  kumo_session_ensure_catalog_async (self->session, cancellable, catalog_refreshed_cb, g_steal_pointer (&task));
}

/**
 * kumo_run_start_finish:
 *
 * Returns: (transfer container) (element-type KumoJob): the jobs, in the
 *   session's queue
 */
GPtrArray *
kumo_run_start_finish (KumoRun       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
