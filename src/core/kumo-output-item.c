/* kumo-output-item.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-output-item"

#include "config.h"

#include "kumo-core-enums.h"
#include "kumo-output-item.h"

/*
 * One output of a job, as a list model item: what the server calls it
 * and, once it is brought home, the file it was saved as. A job's
 * outputs (kumo_job_get_outputs()) are a list of these, so a view binds
 * to them as they arrive and as their files are saved.
 */
struct _KumoOutputItem
{
  GObject         parent_instance;

  KumoOutputFile *output;
  GFile          *file;
};

G_DEFINE_FINAL_TYPE (KumoOutputItem, kumo_output_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NODE_ID,
  PROP_FILENAME,
  PROP_KIND,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kumo_output_item_finalize (GObject *object)
{
  KumoOutputItem *self = (KumoOutputItem *)object;

  g_clear_pointer (&self->output, kumo_output_file_free);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (kumo_output_item_parent_class)->finalize (object);
}

static void
kumo_output_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KumoOutputItem *self = KUMO_OUTPUT_ITEM (object);

  switch (prop_id)
    {
    case PROP_NODE_ID:
      g_value_set_string (value, self->output->node_id);
      break;

    case PROP_FILENAME:
      g_value_set_string (value, self->output->filename);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->output->kind);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_output_item_class_init (KumoOutputItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kumo_output_item_finalize;
  object_class->get_property = kumo_output_item_get_property;

  properties[PROP_NODE_ID] =
    g_param_spec_string ("node-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       KUMO_TYPE_OUTPUT_KIND, KUMO_OUTPUT_IMAGE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* The saved file, or %NULL until it is brought home. */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_output_item_init (KumoOutputItem *self)
{
}

KumoOutputItem *
kumo_output_item_new (const KumoOutputFile *output)
{
  KumoOutputItem *self;

  g_return_val_if_fail (output != NULL, NULL);

  self = g_object_new (KUMO_TYPE_OUTPUT_ITEM, NULL);
  self->output = kumo_output_file_copy (output);
  return self;
}

/* What the server calls it: node, key, file name, subfolder, type. */
const KumoOutputFile *
kumo_output_item_get_output (KumoOutputItem *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_ITEM (self), NULL);

  return self->output;
}

const char *
kumo_output_item_get_node_id (KumoOutputItem *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_ITEM (self), NULL);

  return self->output->node_id;
}

const char *
kumo_output_item_get_filename (KumoOutputItem *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_ITEM (self), NULL);

  return self->output->filename;
}

KumoOutputKind
kumo_output_item_get_kind (KumoOutputItem *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_ITEM (self), KUMO_OUTPUT_OTHER);

  return self->output->kind;
}

/**
 * kumo_output_item_get_file:
 *
 * Returns: (nullable) (transfer none): the saved file, or %NULL until
 *   the output is brought home
 */
GFile *
kumo_output_item_get_file (KumoOutputItem *self)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_ITEM (self), NULL);

  return self->file;
}

void
kumo_output_item_set_file (KumoOutputItem *self,
                           GFile          *file)
{
  g_return_if_fail (KUMO_IS_OUTPUT_ITEM (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/* Whether @output is this one: the same file of the same node. */
gboolean
kumo_output_item_matches (KumoOutputItem       *self,
                          const KumoOutputFile *output)
{
  g_return_val_if_fail (KUMO_IS_OUTPUT_ITEM (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  return g_strcmp0 (self->output->node_id, output->node_id) == 0 &&
         g_strcmp0 (self->output->filename, output->filename) == 0 &&
         g_strcmp0 (self->output->subfolder, output->subfolder) == 0 &&
         g_strcmp0 (self->output->type, output->type) == 0;
}
