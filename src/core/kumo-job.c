/* kumo-job.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job"

#include "config.h"

#include "kumo-core-enums.h"
#include "kumo-job-private.h"
#include "kumo-json.h"
#include "kumo-problem.h"

/*
 * One run of a workflow on a server: every property a view shows is a
 * property that notifies, and the outputs are a list model of items
 * whose files appear as they are saved, so a job row or the gallery
 * binds to it without code of its own.
 */
struct _KumoJob
{
  GObject       parent_instance;

  GBytes       *workflow;
  GFile        *output_folder;
  char         *title;         /* the workflow's name */
  GHashTable   *node_titles;   /* node id → what the artist calls it */
  gint64        created;       /* wall-clock µs, as the journal keeps them */
  gint64        started;
  gint64        ended;
  gint64        estimate;      /* how long running it usually takes, in µs; 0 if unknown */
  char         *prompt_id;
  KumoJobState  state;
  gboolean      waiting;       /* for room in the server's queue */
  char         *node;
  gint64        value;
  gint64        max;
  GHashTable   *nodes_done;
  guint         n_nodes;
  gboolean      reused;        /* every node came from the server's cache */
  GBytes       *preview;
  GListStore   *outputs;
  guint         n_files;
  char         *error;
  char         *error_node;
  char         *details;       /* the traceback of a failed node */
  KumoJobError  error_kind;
  GPtrArray    *problems;      /* the server's node_errors, when it refused */
};

G_DEFINE_FINAL_TYPE (KumoJob, kumo_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROMPT_ID,
  PROP_STATE,
  PROP_WAITING,
  PROP_WORKFLOW,
  PROP_OUTPUT_FOLDER,
  PROP_TITLE,
  PROP_CREATED,
  PROP_STARTED,
  PROP_ENDED,
  PROP_ESTIMATE,
  PROP_NODE,
  PROP_NODE_TITLE,
  PROP_VALUE,
  PROP_MAX,
  PROP_PROGRESS,
  PROP_PREVIEW,
  PROP_OUTPUTS,
  PROP_N_FILES,
  PROP_ERROR,
  PROP_ERROR_NODE,
  PROP_DETAILS,
  PROP_ERROR_KIND,
  PROP_REUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kumo_job_dispose (GObject *object)
{
  KumoJob *self = (KumoJob *)object;

  g_clear_object (&self->outputs);
  g_clear_object (&self->output_folder);

  G_OBJECT_CLASS (kumo_job_parent_class)->dispose (object);
}

static void
kumo_job_finalize (GObject *object)
{
  KumoJob *self = (KumoJob *)object;

  g_clear_pointer (&self->workflow, g_bytes_unref);
  g_free (self->title);
  g_clear_pointer (&self->node_titles, g_hash_table_unref);
  g_free (self->details);
  g_free (self->prompt_id);
  g_free (self->node);
  g_clear_pointer (&self->nodes_done, g_hash_table_unref);
  g_clear_pointer (&self->preview, g_bytes_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->error);
  g_free (self->error_node);

  G_OBJECT_CLASS (kumo_job_parent_class)->finalize (object);
}

static void
kumo_job_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KumoJob *self = KUMO_JOB (object);

  switch (prop_id)
    {
    case PROP_PROMPT_ID:
      g_value_set_string (value, self->prompt_id);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;

    case PROP_WORKFLOW:
      g_value_set_boxed (value, self->workflow);
      break;

    case PROP_OUTPUT_FOLDER:
      g_value_set_object (value, self->output_folder);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;

    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;

    case PROP_ENDED:
      g_value_set_int64 (value, self->ended);
      break;

    case PROP_ESTIMATE:
      g_value_set_int64 (value, self->estimate);
      break;

    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;

    case PROP_NODE_TITLE:
      g_value_set_string (value, kumo_job_get_node_title (self));
      break;

    case PROP_VALUE:
      g_value_set_int64 (value, self->value);
      break;

    case PROP_MAX:
      g_value_set_int64 (value, self->max);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, kumo_job_get_progress (self));
      break;

    case PROP_PREVIEW:
      g_value_set_boxed (value, self->preview);
      break;

    case PROP_OUTPUTS:
      g_value_set_object (value, self->outputs);
      break;

    case PROP_N_FILES:
      g_value_set_uint (value, self->n_files);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_ERROR_NODE:
      g_value_set_string (value, self->error_node);
      break;

    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;

    case PROP_ERROR_KIND:
      g_value_set_enum (value, self->error_kind);
      break;

    case PROP_REUSED:
      g_value_set_boolean (value, self->reused);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_job_class_init (KumoJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kumo_job_dispose;
  object_class->finalize = kumo_job_finalize;
  object_class->get_property = kumo_job_get_property;

  properties[PROP_PROMPT_ID] = g_param_spec_string ("prompt-id", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, KUMO_TYPE_JOB_STATE,
                                              KUMO_JOB_STATE_PENDING, flags);
  /* Refused for now because the server's queue is full; it is sent
   * again, for as long as it takes, until it is cancelled. */
  properties[PROP_WAITING] = g_param_spec_boolean ("waiting", NULL, NULL, FALSE, flags);
  properties[PROP_WORKFLOW] = g_param_spec_boxed ("workflow", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_OUTPUT_FOLDER] = g_param_spec_object ("output-folder", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  /* When it was made, began to run, and ended, in wall-clock
   * microseconds (g_get_real_time()); 0 until then. */
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENDED] = g_param_spec_int64 ("ended", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* How long running it took before, on this server, in µs; 0 if unknown. */
  properties[PROP_ESTIMATE] = g_param_spec_int64 ("estimate", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* The node running now (its id and its title), and its step of how many. */
  properties[PROP_NODE] = g_param_spec_string ("node", NULL, NULL, NULL, flags);
  properties[PROP_NODE_TITLE] = g_param_spec_string ("node-title", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_int64 ("value", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MAX] = g_param_spec_int64 ("max", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_PREVIEW] = g_param_spec_boxed ("preview", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_OUTPUTS] = g_param_spec_object ("outputs", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_N_FILES] = g_param_spec_uint ("n-files", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_NODE] = g_param_spec_string ("error-node", NULL, NULL, NULL, flags);
  /* What the server said of the failure beyond the message: a traceback. */
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_KIND] = g_param_spec_enum ("error-kind", NULL, NULL, KUMO_TYPE_JOB_ERROR,
                                                   KUMO_JOB_ERROR_NONE, flags);
  properties[PROP_REUSED] = g_param_spec_boolean ("reused", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_job_init (KumoJob *self)
{
  self->nodes_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outputs = g_list_store_new (KUMO_TYPE_OUTPUT_ITEM);
}

/**
 * _kumo_job_new:
 * @workflow: the workflow exactly as it is sent (seeds applied)
 * @n_nodes: its node count, for progress
 * @output_folder: where its outputs are saved
 */
KumoJob *
_kumo_job_new (GBytes *workflow,
               guint   n_nodes,
               GFile  *output_folder)
{
  KumoJob *self;

  g_return_val_if_fail (workflow != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (output_folder), NULL);

  self = g_object_new (KUMO_TYPE_JOB, NULL);
  self->workflow = g_bytes_ref (workflow);
  self->output_folder = g_object_ref (output_folder);
  self->n_nodes = MAX (n_nodes, 1);
  self->created = g_get_real_time ();
  return self;
}

const char *
kumo_job_get_prompt_id (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->prompt_id;
}

KumoJobState
kumo_job_get_state (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), KUMO_JOB_STATE_PENDING);

  return self->state;
}

gboolean
kumo_job_get_waiting (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), FALSE);

  return self->waiting;
}

GBytes *
kumo_job_get_workflow (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->workflow;
}

GFile *
kumo_job_get_output_folder (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->output_folder;
}

/**
 * kumo_job_get_title:
 *
 * Returns: (nullable): the name of the workflow it runs
 */
const char *
kumo_job_get_title (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->title;
}

gint64
kumo_job_get_created (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->created;
}

gint64
kumo_job_get_started (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->started;
}

gint64
kumo_job_get_ended (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->ended;
}

gint64
kumo_job_get_estimate (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->estimate;
}

/* Titles from the workflow itself, for a job that was not given them
 * (one picked up after a restart): _meta.title, else the class. */
static GHashTable *
titles_from_workflow (GBytes *workflow)
{
  GHashTable *titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(KumoJson) root = kumo_json_parse (workflow, NULL);

  for (guint i = 0; i < kumo_json_object_get_size (root); i++)
    {
      KumoJson *node = kumo_json_object_get_value (root, i);
      KumoJson *meta = kumo_json_object_get_typed (node, "_meta", KUMO_JSON_OBJECT);
      const char *title = kumo_json_object_get_string_or (meta, "title", NULL);

      if (title == NULL)
        title = kumo_json_object_get_string_or (node, "class_type", NULL);
      if (title != NULL)
        g_hash_table_insert (titles, g_strdup (kumo_json_object_get_key (root, i)), g_strdup (title));
    }

  return titles;
}

/**
 * kumo_job_get_node_title:
 *
 * Returns: (nullable): what the artist calls the running node: its title
 *   in the workflow, else its kind
 */
const char *
kumo_job_get_node_title (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  if (self->node == NULL)
    return NULL;

  if (self->node_titles == NULL)
    self->node_titles = titles_from_workflow (self->workflow);

  return g_hash_table_lookup (self->node_titles, self->node);
}

const char *
kumo_job_get_node (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->node;
}

gint64
kumo_job_get_value (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->value;
}

gint64
kumo_job_get_max (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->max;
}

GBytes *
kumo_job_get_preview (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->preview;
}

/**
 * kumo_job_get_outputs:
 *
 * Returns: (transfer none): the outputs the server reported, as
 *   #KumoOutputItem, each with its file once it is saved
 */
GListModel *
kumo_job_get_outputs (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return G_LIST_MODEL (self->outputs);
}

/* How many outputs are saved. */
guint
kumo_job_get_n_files (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  return self->n_files;
}

/**
 * kumo_job_dup_files:
 *
 * Returns: (transfer container) (element-type GFile): the saved files,
 *   in the order the server listed their outputs
 */
GPtrArray *
kumo_job_dup_files (KumoJob *self)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (KUMO_IS_JOB (self), files);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->outputs)); i++)
    {
      g_autoptr(KumoOutputItem) item = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (kumo_output_item_get_file (item) != NULL)
        g_ptr_array_add (files, g_object_ref (kumo_output_item_get_file (item)));
    }

  return files;
}

const char *
kumo_job_get_error (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->error;
}

const char *
kumo_job_get_error_node (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->error_node;
}

/**
 * kumo_job_get_details:
 *
 * Returns: (nullable): the server's traceback of a failed node
 */
const char *
kumo_job_get_details (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->details;
}

KumoJobError
kumo_job_get_error_kind (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), KUMO_JOB_ERROR_NONE);

  return self->error_kind;
}

/**
 * kumo_job_get_problems:
 *
 * Returns: (nullable) (transfer none) (element-type KumoProblem): what
 *   the server said was wrong with each node and input, when it refused
 *   the workflow
 */
GPtrArray *
kumo_job_get_problems (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), NULL);

  return self->problems;
}

/* The share of nodes done, with the running node's steps counted in. */
double
kumo_job_get_progress (KumoJob *self)
{
  double done;

  g_return_val_if_fail (KUMO_IS_JOB (self), 0);

  if (self->state == KUMO_JOB_STATE_SUCCEEDED)
    return 1.0;

  done = g_hash_table_size (self->nodes_done);
  if (self->max > 0)
    done += (double) MIN (self->value, self->max) / self->max;

  return CLAMP (done / self->n_nodes, 0.0, 1.0);
}

/**
 * kumo_job_get_reused:
 *
 * Returns: whether the server reused its earlier result for every node,
 *   because nothing changed since it last ran this workflow: the
 *   outputs are the earlier ones, nothing new was generated
 */
gboolean
kumo_job_get_reused (KumoJob *self)
{
  g_return_val_if_fail (KUMO_IS_JOB (self), FALSE);

  return self->reused;
}

static void
notify (KumoJob *self,
        guint    prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_kumo_job_set_prompt_id (KumoJob    *self,
                         const char *prompt_id)
{
  if (g_strcmp0 (self->prompt_id, prompt_id) == 0)
    return;

  g_free (self->prompt_id);
  self->prompt_id = g_strdup (prompt_id);
  notify (self, PROP_PROMPT_ID);
}

void
_kumo_job_set_state (KumoJob      *self,
                     KumoJobState  state)
{
  if (self->state == state)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->state = state;
  notify (self, PROP_STATE);
  notify (self, PROP_PROGRESS);
  if (state == KUMO_JOB_STATE_RUNNING && self->started == 0)
    _kumo_job_set_times (self, self->created, g_get_real_time (), 0);
  if (kumo_job_state_is_terminal (state))
    {
      _kumo_job_set_waiting (self, FALSE);
      if (self->ended == 0)
        _kumo_job_set_times (self, self->created, self->started, g_get_real_time ());
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_kumo_job_set_waiting (KumoJob  *self,
                       gboolean  waiting)
{
  if (self->waiting == !!waiting)
    return;

  self->waiting = !!waiting;
  notify (self, PROP_WAITING);
}

void
_kumo_job_set_node (KumoJob    *self,
                    const char *node)
{
  if (g_strcmp0 (self->node, node) == 0)
    return;

  if (self->node != NULL)
    g_hash_table_add (self->nodes_done, g_strdup (self->node));

  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->node);
  self->node = g_strdup (node);
  notify (self, PROP_NODE);
  notify (self, PROP_NODE_TITLE);
  _kumo_job_set_step (self, 0, 0);
  notify (self, PROP_PROGRESS);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_kumo_job_set_step (KumoJob *self,
                    gint64   value,
                    gint64   max)
{
  value = MAX (value, 0);
  max = MAX (max, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->value != value)
    {
      self->value = value;
      notify (self, PROP_VALUE);
    }
  if (self->max != max)
    {
      self->max = max;
      notify (self, PROP_MAX);
    }
  notify (self, PROP_PROGRESS);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_kumo_job_node_done (KumoJob    *self,
                     const char *node)
{
  if (node != NULL && g_hash_table_add (self->nodes_done, g_strdup (node)))
    notify (self, PROP_PROGRESS);
}

/* execution_cached: these nodes' earlier outputs are reused. When that
 * is all of them, the run produces nothing new. */
void
_kumo_job_nodes_cached (KumoJob            *self,
                        const char * const *nodes)
{
  guint n = 0;

  for (; nodes != NULL && nodes[n] != NULL; n++)
    _kumo_job_node_done (self, nodes[n]);

  if (n >= self->n_nodes && !self->reused)
    {
      self->reused = TRUE;
      notify (self, PROP_REUSED);
    }
}

void
_kumo_job_set_preview (KumoJob *self,
                       GBytes  *preview)
{
  g_clear_pointer (&self->preview, g_bytes_unref);
  self->preview = preview ? g_bytes_ref (preview) : NULL;
  notify (self, PROP_PREVIEW);
}

/**
 * _kumo_job_add_output:
 * @is_new: (out) (optional): whether it was not known yet
 *
 * Outputs are heard of twice (from "executed" and from the job's
 * record): each is kept once.
 *
 * Returns: (transfer none): the output's item
 */
KumoOutputItem *
_kumo_job_add_output (KumoJob              *self,
                      const KumoOutputFile *output,
                      gboolean             *is_new)
{
  g_autoptr(KumoOutputItem) item = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoOutputItem) known = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (kumo_output_item_matches (known, output))
        {
          if (is_new != NULL)
            *is_new = FALSE;
          return known;  /* the store keeps it alive */
        }
    }

  item = kumo_output_item_new (output);
  g_list_store_append (self->outputs, item);
  if (is_new != NULL)
    *is_new = TRUE;
  return item;
}

/* @item is saved as @file. */
void
_kumo_job_set_file (KumoJob        *self,
                    KumoOutputItem *item,
                    GFile          *file)
{
  gboolean had_file = kumo_output_item_get_file (item) != NULL;

  kumo_output_item_set_file (item, file);
  if (!had_file && file != NULL)
    {
      self->n_files++;
      notify (self, PROP_N_FILES);
    }
}

void
_kumo_job_set_error (KumoJob      *self,
                     KumoJobError  kind,
                     const char   *node,
                     const char   *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->error_kind != kind)
    {
      self->error_kind = kind;
      notify (self, PROP_ERROR_KIND);
    }
  if (g_strcmp0 (self->error, message) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (message);
      notify (self, PROP_ERROR);
    }
  if (g_strcmp0 (self->error_node, node) != 0)
    {
      g_free (self->error_node);
      self->error_node = g_strdup (node);
      notify (self, PROP_ERROR_NODE);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* @problems: (transfer none) (element-type KumoProblem) */
void
_kumo_job_set_problems (KumoJob   *self,
                        GPtrArray *problems)
{
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = problems ? g_ptr_array_ref (problems) : NULL;
}

guint
_kumo_job_get_n_nodes (KumoJob *self)
{
  return self->n_nodes;
}

void
_kumo_job_set_title (KumoJob    *self,
                     const char *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  notify (self, PROP_TITLE);
}

/* @titles: (transfer none): node id → title, shared by a batch's jobs */
void
_kumo_job_set_node_titles (KumoJob    *self,
                           GHashTable *titles)
{
  g_clear_pointer (&self->node_titles, g_hash_table_unref);
  self->node_titles = titles ? g_hash_table_ref (titles) : NULL;
  notify (self, PROP_NODE_TITLE);
}

/* The times a job picked up after a restart had (0 where unknown). */
void
_kumo_job_set_times (KumoJob *self,
                     gint64   created,
                     gint64   started,
                     gint64   ended)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->created != created)
    {
      self->created = created;
      notify (self, PROP_CREATED);
    }
  if (self->started != started)
    {
      self->started = started;
      notify (self, PROP_STARTED);
    }
  if (self->ended != ended)
    {
      self->ended = ended;
      notify (self, PROP_ENDED);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_kumo_job_set_estimate (KumoJob *self,
                        gint64   estimate)
{
  if (self->estimate == estimate)
    return;

  self->estimate = estimate;
  notify (self, PROP_ESTIMATE);
}

void
_kumo_job_set_details (KumoJob    *self,
                       const char *details)
{
  if (g_strcmp0 (self->details, details) == 0)
    return;

  g_free (self->details);
  self->details = g_strdup (details);
  notify (self, PROP_DETAILS);
}
