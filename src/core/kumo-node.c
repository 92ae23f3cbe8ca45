/* kumo-node.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-node"

#include "config.h"

#include "kumo-node.h"

/*
 * A node of a workflow: a view onto its object in the workflow's JSON tree,
 * which the workflow owns. Edits go into the tree, so saving writes exactly
 * what the fields show.
 */
struct _KumoNode
{
  GObject   parent_instance;

  char     *id;
  /* Borrowed from the workflow's tree, which outlives its nodes' use. */
  KumoJson *object;
};

G_DEFINE_FINAL_TYPE (KumoNode, kumo_node, G_TYPE_OBJECT)

enum {
  INPUT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kumo_node_finalize (GObject *object)
{
  KumoNode *self = (KumoNode *)object;

  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (kumo_node_parent_class)->finalize (object);
}

static void
kumo_node_class_init (KumoNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kumo_node_finalize;

  /**
   * KumoNode::input-changed:
   * @name: the input that changed
   *
   * Emitted after an input was set.
   */
  signals[INPUT_CHANGED] =
    g_signal_new ("input-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kumo_node_init (KumoNode *self)
{
}

KumoNode *
_kumo_node_new (const char *id,
                KumoJson   *object)
{
  KumoNode *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (KUMO_TYPE_NODE, NULL);
  self->id = g_strdup (id);
  self->object = object;

  return self;
}

const char *
kumo_node_get_id (KumoNode *self)
{
  g_return_val_if_fail (KUMO_IS_NODE (self), NULL);

  return self->id;
}

/* Called by the workflow when it goes away, so that a node somebody still
 * holds no longer points into the freed tree. */
void
_kumo_node_detach (KumoNode *self)
{
  g_return_if_fail (KUMO_IS_NODE (self));

  self->object = NULL;
}

const char *
kumo_node_get_class_type (KumoNode *self)
{
  g_return_val_if_fail (KUMO_IS_NODE (self), NULL);

  if (self->object == NULL)
    return "";

  return kumo_json_object_get_string_or (self->object, "class_type", "");
}

/**
 * kumo_node_get_title:
 *
 * Returns: (nullable): the title the author gave the node (`_meta.title`)
 */
const char *
kumo_node_get_title (KumoNode *self)
{
  KumoJson *meta;
  const char *title;

  g_return_val_if_fail (KUMO_IS_NODE (self), NULL);

  if (self->object == NULL)
    return NULL;

  meta = kumo_json_object_get_typed (self->object, "_meta", KUMO_JSON_OBJECT);
  if (meta == NULL)
    return NULL;

  title = kumo_json_object_get_string_or (meta, "title", NULL);
  if (title == NULL || *title == '\0')
    return NULL;

  return title;
}

static KumoJson *
get_inputs (KumoNode *self)
{
  if (self->object == NULL)
    return NULL;

  return kumo_json_object_get_typed (self->object, "inputs", KUMO_JSON_OBJECT);
}

guint
kumo_node_get_n_inputs (KumoNode *self)
{
  KumoJson *inputs;

  g_return_val_if_fail (KUMO_IS_NODE (self), 0);

  inputs = get_inputs (self);
  return inputs ? kumo_json_object_get_size (inputs) : 0;
}

const char *
kumo_node_get_input_name (KumoNode *self,
                          guint     index)
{
  KumoJson *inputs;

  g_return_val_if_fail (KUMO_IS_NODE (self), NULL);

  inputs = get_inputs (self);
  return inputs ? kumo_json_object_get_key (inputs, index) : NULL;
}

KumoJson *
kumo_node_get_input (KumoNode   *self,
                     const char *name)
{
  KumoJson *inputs;

  g_return_val_if_fail (KUMO_IS_NODE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  inputs = get_inputs (self);
  return inputs ? kumo_json_object_get (inputs, name) : NULL;
}

gboolean
kumo_node_has_input (KumoNode   *self,
                     const char *name)
{
  return kumo_node_get_input (self, name) != NULL;
}

/**
 * kumo_node_set_input:
 * @value: (transfer full): the new value
 *
 * Sets an input, adding the `inputs` object if the node had none.
 */
void
kumo_node_set_input (KumoNode   *self,
                     const char *name,
                     KumoJson   *value)
{
  KumoJson *inputs;

  g_return_if_fail (KUMO_IS_NODE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  if (self->object == NULL)
    {
      kumo_json_free (value);
      return;
    }

  inputs = get_inputs (self);
  if (inputs == NULL)
    {
      kumo_json_object_set (self->object, "inputs", kumo_json_new_object ());
      inputs = get_inputs (self);
    }

  kumo_json_object_set (inputs, name, value);

  g_signal_emit (self, signals[INPUT_CHANGED], 0, name);
}

KumoJson *
kumo_node_get_json (KumoNode *self)
{
  g_return_val_if_fail (KUMO_IS_NODE (self), NULL);

  return self->object;
}

gboolean
kumo_json_is_link (const KumoJson  *value,
                   const char     **node_id,
                   gint64          *output)
{
  KumoJson *source;
  KumoJson *slot;
  KumoNumber number;

  if (value == NULL ||
      kumo_json_get_type (value) != KUMO_JSON_ARRAY ||
      kumo_json_array_get_length (value) != 2)
    return FALSE;

  source = kumo_json_array_get (value, 0);
  slot = kumo_json_array_get (value, 1);

  if (kumo_json_get_type (source) != KUMO_JSON_STRING ||
      !kumo_json_get_number (slot, &number) ||
      !number.is_integer)
    return FALSE;

  if (node_id)
    *node_id = kumo_json_get_string (source);
  if (output && !kumo_number_get_int64 (&number, output))
    *output = -1;

  return TRUE;
}
