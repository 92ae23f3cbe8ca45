/* kumo-editor-links.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-editor-format-private.h"

/*
 * Following an editor file's connections to what the server runs: an
 * input's link leads through reroutes, bypassed nodes, Set/Get pairs and
 * subgraph ends to a real node's output (or to nothing: a muted node, a
 * primitive, a broken link); widgets fed by a PrimitiveNode or promoted
 * to a subgraph's inputs take their value from there.
 */

static KumoEditorOrigin resolve_output (KumoEditorConverter   *self,
                                        const KumoEditorScope *scope,
                                        const KumoJson        *node,
                                        gint64                 slot,
                                        const char            *type);

static const KumoEditorOrigin nothing = { NULL, 0 };

/* LiteGraph.isValidConnection: "*" matches anything, names match without
 * case, and "FLOAT,INT" lists match any of theirs. */
static gboolean
types_compatible (const char *a,
                  const char *b)
{
  g_auto(GStrv) list_a = NULL;
  g_auto(GStrv) list_b = NULL;

  if (a == NULL || b == NULL || *a == '\0' || *b == '\0' || g_str_equal (a, "*") || g_str_equal (b, "*"))
    return TRUE;
  if (g_ascii_strcasecmp (a, b) == 0)
    return TRUE;
  if (strchr (a, ',') == NULL && strchr (b, ',') == NULL)
    return FALSE;

  list_a = g_strsplit (a, ",", -1);
  list_b = g_strsplit (b, ",", -1);
  for (guint i = 0; list_a[i]; i++)
    for (guint j = 0; list_b[j]; j++)
      if (g_ascii_strcasecmp (g_strstrip (list_a[i]), g_strstrip (list_b[j])) == 0)
        return TRUE;

  return FALSE;
}

/* Which input of a bypassed node stands in for its output @slot, for a
 * consumer of @type (the frontend's _getBypassSlotIndex). */
static gint64
bypass_input (const KumoJson *node,
              gint64          slot,
              const char     *type)
{
  KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_ARRAY);
  KumoJson *outputs = kumo_json_object_get_typed (node, "outputs", KUMO_JSON_ARRAY);
  guint n_inputs = kumo_json_array_get_length (inputs);
  const char *output_type = slot < kumo_json_array_get_length (outputs)
                            ? _kumo_editor_slot_type (kumo_json_array_get (outputs, slot)) : "*";
  KumoJson *same = _kumo_editor_node_input (node, slot);

  if (g_str_equal (type, "*") || *type == '\0')
    return same ? slot : n_inputs > 0 ? 0 : -1;

  if (same != NULL &&
      types_compatible (_kumo_editor_slot_type (same), output_type) &&
      types_compatible (_kumo_editor_slot_type (same), type))
    return slot;

  for (guint j = 0; j < n_inputs; j++)
    if (g_str_equal (_kumo_editor_slot_type (kumo_json_array_get (inputs, j)), type))
      return j;

  for (guint j = 0; j < n_inputs; j++)
    {
      const char *input_type = _kumo_editor_slot_type (kumo_json_array_get (inputs, j));

      if (types_compatible (input_type, output_type) && types_compatible (input_type, type))
        return j;
    }

  return -1;
}

/* KJNodes' GetNode reads the wire a SetNode of the same name was given. */
static const KumoJson *
find_set_node (const KumoEditorScope *scope,
               const KumoJson        *get_node)
{
  KumoJson *values = kumo_json_object_get_typed (get_node, "widgets_values", KUMO_JSON_ARRAY);
  const char *name = kumo_json_get_string (kumo_json_array_get (values, 0));

  for (guint i = 0; name != NULL && i < scope->graph->order->len; i++)
    {
      const KumoJson *node = g_ptr_array_index (scope->graph->order, i);
      KumoJson *set_values = kumo_json_object_get_typed (node, "widgets_values", KUMO_JSON_ARRAY);
      const char *set_name = kumo_json_get_string (kumo_json_array_get (set_values, 0));

      if (g_strcmp0 (_kumo_editor_node_type (node), "SetNode") == 0 && g_strcmp0 (set_name, name) == 0)
        return node;
    }

  return NULL;
}

/* @consumer (in @consumer_scope) is only named when something is wrong:
 * most links resolve, and naming costs allocations. */
static char *
describe_consumer (const KumoEditorScope *scope,
                   const KumoJson        *node)
{
  g_autofree char *id = _kumo_editor_exec_id (scope, node);

  return _kumo_editor_describe_node (node, id);
}

/* The instance's input for slot @slot of its subgraph's input end: by
 * name, as the definition names its ends, else by position; -1 if none. */
static gint64
instance_input (const KumoEditorScope *scope,
                gint64                 slot)
{
  KumoJson *ends = kumo_json_object_get_typed (scope->graph->json, "inputs", KUMO_JSON_ARRAY);
  const char *name = kumo_json_object_get_string_or (kumo_json_array_get (ends, slot), "name", NULL);
  KumoJson *inputs = kumo_json_object_get_typed (scope->instance, "inputs", KUMO_JSON_ARRAY);

  for (guint i = 0; name != NULL && i < kumo_json_array_get_length (inputs); i++)
    if (g_strcmp0 (kumo_json_object_get_string_or (kumo_json_array_get (inputs, i), "name", NULL), name) == 0)
      return i;

  /* A slot the instance does not have: -1, never an index cut to 32 bits. */
  return slot >= 0 && slot < kumo_json_array_get_length (inputs) ? slot : -1;
}

static KumoEditorOrigin
resolve_link (KumoEditorConverter   *self,
              const KumoEditorScope *scope,
              gint64                 link_id,
              const char            *type,
              const KumoEditorScope *consumer_scope,
              const KumoJson        *consumer)
{
  const KumoEditorLink *link = g_hash_table_lookup (scope->graph->links, &link_id);
  const KumoJson *origin;

  if (link == NULL)
    {
      g_autofree char *where = describe_consumer (consumer_scope, consumer);
      g_autofree char *link_name = g_strdup_printf ("%" G_GINT64_FORMAT, link_id);

      _kumo_editor_add_note (self, _("The editor file names a connection (link %s) into %s that it "
                        "does not contain; that input was left unconnected."), link_name, where);
      return nothing;
    }

  /* Inside a subgraph, its input end leads to the instance's input. */
  if (link->origin_id == KUMO_EDITOR_INPUT_END && scope->instance != NULL)
    {
      gint64 index = instance_input (scope, link->origin_slot);

      return index < 0 ? nothing : _kumo_editor_resolve_input (self, scope->parent, scope->instance, index, type);
    }

  origin = _kumo_editor_graph_node (scope->graph, link->origin_id);
  if (origin == NULL)
    {
      g_autofree char *where = describe_consumer (consumer_scope, consumer);
      g_autofree char *origin_name = g_strdup_printf ("%" G_GINT64_FORMAT, link->origin_id);

      _kumo_editor_add_note (self, _("A connection into %s comes from node %s, which the editor file "
                        "does not contain; that input was left unconnected."), where, origin_name);
      return nothing;
    }

  return resolve_output (self, scope, origin, link->origin_slot, type);
}

KumoEditorOrigin
_kumo_editor_resolve_input (KumoEditorConverter   *self,
                            const KumoEditorScope *scope,
                            const KumoJson        *node,
                            gint64                 index,
                            const char            *type)
{
  KumoJson *input = _kumo_editor_node_input (node, index);
  gint64 link_id;

  if (input == NULL || !_kumo_editor_get_id (kumo_json_object_get (input, "link"), &link_id))
    return nothing;

  if (type == NULL)
    type = _kumo_editor_slot_type (input);

  if (++self->depth > MAX_RESOLVE_DEPTH)
    {
      _kumo_editor_give_up (self, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
               _("The workflow’s reroutes or bypassed nodes form a loop, so its connections cannot be followed."));
      self->depth--;
      return nothing;
    }

  {
    KumoEditorOrigin origin = resolve_link (self, scope, link_id, type, scope, node);

    self->depth--;
    return origin;
  }
}

static KumoEditorOrigin
resolve_subgraph_output (KumoEditorConverter   *self,
                         const KumoEditorScope *scope,
                         const KumoJson        *instance,
                         KumoEditorGraph       *definition,
                         gint64                 slot,
                         const char            *type)
{
  g_autofree char *id = NULL;
  KumoEditorScope inner;
  GHashTableIter iter;
  gpointer key, value;
  KumoEditorOrigin origin = nothing;
  guint nesting = 0;

  /* A subgraph that contains itself would be followed down forever. */
  for (const KumoEditorScope *outer = scope; outer != NULL; outer = outer->parent)
    nesting++;
  if (nesting > MAX_SUBGRAPH_DEPTH)
    {
      _kumo_editor_give_up (self, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
               _("The workflow’s subgraphs are nested more than %d deep, or contain themselves."),
               MAX_SUBGRAPH_DEPTH);
      return nothing;
    }

  id = _kumo_editor_exec_id (scope, instance);
  inner = (KumoEditorScope) { definition, g_strconcat (id, ":", NULL), instance, (KumoEditorScope *) scope };

  /* The link that ends at the subgraph's output end, slot @slot. */
  g_hash_table_iter_init (&iter, definition->links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const KumoEditorLink *link = value;

      if (link->target_id == KUMO_EDITOR_OUTPUT_END && link->target_slot == slot)
        {
          origin = resolve_link (self, &inner, *(gint64 *) key, type, scope, instance);
          break;
        }
    }

  g_free (inner.prefix);
  return origin;
}

static KumoEditorOrigin
resolve_output (KumoEditorConverter   *self,
                const KumoEditorScope *scope,
                const KumoJson        *node,
                gint64                 slot,
                const char            *type)
{
  const char *class_type = _kumo_editor_node_type (node);
  gint64 mode = _kumo_editor_node_mode (node);
  KumoEditorGraph *definition;

  if (mode == MODE_NEVER)
    return nothing;

  if (mode == MODE_BYPASS)
    {
      gint64 index = bypass_input (node, slot, type);

      return index < 0 ? nothing : _kumo_editor_resolve_input (self, scope, node, index, type);
    }

  if (_kumo_editor_is_reroute (class_type))
    return _kumo_editor_resolve_input (self, scope, node, 0, type);

  if (g_strcmp0 (class_type, "GetNode") == 0)
    {
      const KumoJson *set_node = find_set_node (scope, node);

      return set_node ? _kumo_editor_resolve_input (self, scope, set_node, 0, type) : nothing;
    }

  /* A PrimitiveNode's value was copied into the widgets it feeds. */
  if (_kumo_editor_is_frontend_only (class_type))
    return nothing;

  if ((definition = _kumo_editor_lookup_definition (self, node)) != NULL)
    return resolve_subgraph_output (self, scope, node, definition, slot, type);

  return (KumoEditorOrigin) { _kumo_editor_exec_id (scope, node), slot };
}

/* A widget inside a subgraph, promoted to the subgraph's input, takes the
 * value the instance shows for it (saved in the instance's widgets_values,
 * one for each of its inputs that is a widget), unless something is
 * connected to that input: then the link wins. Nested subgraphs pass the
 * question up. */
const KumoJson *
_kumo_editor_promoted_value (const KumoEditorScope *scope,
                             const KumoJson        *input)
{
  for (guint depth = 0; scope != NULL && scope->instance != NULL && depth < MAX_SUBGRAPH_DEPTH; depth++)
    {
      KumoJson *instance_inputs = kumo_json_object_get_typed (scope->instance, "inputs", KUMO_JSON_ARRAY);
      KumoJson *values = kumo_json_object_get_typed (scope->instance, "widgets_values", KUMO_JSON_ARRAY);
      const KumoEditorLink *link;
      KumoJson *promoted;
      gint64 link_id, index;
      guint position = 0;

      if (!_kumo_editor_get_id (kumo_json_object_get (input, "link"), &link_id) ||
          !(link = g_hash_table_lookup (scope->graph->links, &link_id)) ||
          link->origin_id != KUMO_EDITOR_INPUT_END)
        return NULL;

      index = instance_input (scope, link->origin_slot);
      if (index < 0)
        return NULL;
      promoted = kumo_json_array_get (instance_inputs, index);
      if (promoted == NULL || !kumo_json_object_has (promoted, "widget"))
        return NULL;

      /* Connected on the instance: to a node (the link wins), or to the
       * input end of the subgraph the instance is in (ask there). */
      if (_kumo_editor_get_id (kumo_json_object_get (promoted, "link"), &link_id))
        {
          input = promoted;
          scope = scope->parent;
          continue;
        }

      for (gint64 i = 0; i < index; i++)
        position += kumo_json_object_has (kumo_json_array_get (instance_inputs, i), "widget");
      return position < kumo_json_array_get_length (values) ? kumo_json_array_get (values, position) : NULL;
    }

  return NULL;
}

/* A widget input fed by a PrimitiveNode (through reroutes, perhaps) takes
 * the primitive's value: its applyToGraph copies it there before queueing. */
const KumoJson *
_kumo_editor_primitive_value (KumoEditorConverter   *self,
                              const KumoEditorScope *scope,
                              const KumoJson        *input)
{
  gint64 link_id;

  for (guint hops = 0; hops < MAX_RESOLVE_DEPTH && _kumo_editor_get_id (kumo_json_object_get (input, "link"), &link_id); hops++)
    {
      const KumoEditorLink *link = g_hash_table_lookup (scope->graph->links, &link_id);
      const KumoJson *origin = link ? _kumo_editor_graph_node (scope->graph, link->origin_id) : NULL;
      const char *type = origin ? _kumo_editor_node_type (origin) : NULL;

      if (g_strcmp0 (type, "PrimitiveNode") == 0)
        {
          KumoJson *values = kumo_json_object_get_typed (origin, "widgets_values", KUMO_JSON_ARRAY);

          return kumo_json_array_get_length (values) > 0 ? kumo_json_array_get (values, 0) : NULL;
        }
      if (!_kumo_editor_is_reroute (type))
        return NULL;

      input = _kumo_editor_node_input (origin, 0);
    }

  return NULL;
}

