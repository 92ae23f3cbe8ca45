/* kumo-job.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job"

#include "config.h"

#include "kumo-job.h"

struct _KumoJob
{
  GObject       parent_instance;

  GBytes       *workflow;
  char         *prompt_id;
  KumoJobState  state;
  char         *node;
  gint64        value;
  gint64        max;
  GHashTable   *nodes_done;
  guint         n_nodes;
  gboolean      reused;        /* every node came from the server's cache */
  GBytes       *preview;
  GPtrArray    *outputs;
  GPtrArray    *files;
  char         *error;
  char         *error_node;
  KumoJobError  error_kind;
};

G_DEFINE_FINAL_TYPE (KumoJob, kumo_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROMPT_ID,
  PROP_STATE,
  PROP_NODE,
  PROP_PROGRESS,
  PROP_PREVIEW,
  PROP_FILES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kumo_job_finalize (GObject *object)
{
  KumoJob *self = (KumoJob *)object;

  g_clear_pointer (&self->workflow, g_bytes_unref);
  g_free (self->prompt_id);
  g_free (self->node);
  g_clear_pointer (&self->nodes_done, g_hash_table_unref);
  g_clear_pointer (&self->preview, g_bytes_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
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
      g_value_set_int (value, self->state);
      break;
    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, kumo_job_get_progress (self));
      break;
    case PROP_PREVIEW:
      g_value_set_boxed (value, self->preview);
      break;
    case PROP_FILES:
      g_value_set_uint (value, self->files->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_job_class_init (KumoJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kumo_job_finalize;
  object_class->get_property = kumo_job_get_property;

  properties[PROP_PROMPT_ID] = g_param_spec_string ("prompt-id", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, KUMO_JOB_STATE_CANCELLED, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODE] = g_param_spec_string ("node", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] = g_param_spec_boxed ("preview", NULL, NULL, G_TYPE_BYTES,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILES] = g_param_spec_uint ("n-files", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_job_init (KumoJob *self)
{
  self->nodes_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_output_file_free);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}

KumoJob *
_kumo_job_new (GBytes *workflow,
               guint   n_nodes)
{
  KumoJob *self = g_object_new (KUMO_TYPE_JOB, NULL);

  self->workflow = g_bytes_ref (workflow);
  self->n_nodes = MAX (n_nodes, 1);
  return self;
}

const char *kumo_job_get_prompt_id (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->prompt_id; }
KumoJobState kumo_job_get_state (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), 0); return self->state; }
GBytes *kumo_job_get_workflow (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->workflow; }
const char *kumo_job_get_node (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->node; }
gint64 kumo_job_get_value (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), 0); return self->value; }
gint64 kumo_job_get_max (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), 0); return self->max; }
GBytes *kumo_job_get_preview (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->preview; }
GPtrArray *kumo_job_get_outputs (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->outputs; }
GPtrArray *kumo_job_get_files (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->files; }
const char *kumo_job_get_error (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->error; }
const char *kumo_job_get_error_node (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), NULL); return self->error_node; }
KumoJobError kumo_job_get_error_kind (KumoJob *self) { g_return_val_if_fail (KUMO_IS_JOB (self), 0); return self->error_kind; }

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

void
_kumo_job_set_prompt_id (KumoJob    *self,
                         const char *prompt_id)
{
  g_free (self->prompt_id);
  self->prompt_id = g_strdup (prompt_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT_ID]);
}

void
_kumo_job_set_state (KumoJob      *self,
                     KumoJobState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_kumo_job_set_node (KumoJob    *self,
                    const char *node)
{
  if (g_strcmp0 (self->node, node) == 0)
    return;

  if (self->node != NULL)
    g_hash_table_add (self->nodes_done, g_strdup (self->node));

  g_free (self->node);
  self->node = g_strdup (node);
  self->value = self->max = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_kumo_job_set_step (KumoJob *self,
                    gint64   value,
                    gint64   max)
{
  self->value = value;
  self->max = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_kumo_job_node_done (KumoJob    *self,
                     const char *node)
{
  if (node != NULL && g_hash_table_add (self->nodes_done, g_strdup (node)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
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

  if (n >= self->n_nodes)
    self->reused = TRUE;
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

void
_kumo_job_set_preview (KumoJob *self,
                       GBytes  *preview)
{
  g_clear_pointer (&self->preview, g_bytes_unref);
  self->preview = preview ? g_bytes_ref (preview) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
}

static gboolean
same_output (const KumoOutputFile *a,
             const KumoOutputFile *b)
{
  return g_strcmp0 (a->node_id, b->node_id) == 0 && g_strcmp0 (a->filename, b->filename) == 0 &&
         g_strcmp0 (a->subfolder, b->subfolder) == 0 && g_strcmp0 (a->type, b->type) == 0;
}

/* Outputs are heard of twice (from "executed" and from the job's record):
 * each is kept once. Returns whether it was new. */
gboolean
_kumo_job_add_output (KumoJob              *self,
                      const KumoOutputFile *output)
{
  for (guint i = 0; i < self->outputs->len; i++)
    if (same_output (g_ptr_array_index (self->outputs, i), output))
      return FALSE;

  g_ptr_array_add (self->outputs, kumo_output_file_copy (output));
  return TRUE;
}

void
_kumo_job_add_file (KumoJob *self,
                    GFile   *file)
{
  g_ptr_array_add (self->files, g_object_ref (file));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILES]);
}

void
_kumo_job_set_error (KumoJob      *self,
                     KumoJobError  kind,
                     const char   *node,
                     const char   *message)
{
  self->error_kind = kind;
  g_free (self->error);
  g_free (self->error_node);
  self->error = g_strdup (message);
  self->error_node = g_strdup (node);
}
