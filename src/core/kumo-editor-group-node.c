/* kumo-editor-group-node.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kumo-editor-format-private.h"

/*
 * Legacy group nodes: before subgraphs (frontend 1.24), the editor grouped nodes into a
 * "workflow>Name" node defined in extra.groupNodes: the inner nodes by
 * index, links between them as [origin, slot, target, slot, id, type]
 * (origin null: from outside), and the outputs used outside. The group
 * node's inputs are its inner nodes' inputs not linked inside, in order;
 * its widgets are their widgets not turned into inputs, in order; its
 * outputs are their outputs not linked inside, or used outside. Each is
 * turned into a graph of its own with the ends a subgraph has, so it runs
 * as one: inner nodes get "<group id>:<index>".
 */

typedef struct
{
  gboolean found;
  gboolean from_outside;
  gint64   origin;
  gint64   origin_slot;
} GroupLink;

static GroupLink
group_link_into (const KumoJson *links,
                 gint64          target,
                 gint64          slot)
{
  GroupLink result = { FALSE, FALSE, 0, 0 };

  for (guint i = 0; i < kumo_json_array_get_length (links); i++)
    {
      KumoJson *link = kumo_json_array_get (links, i);
      gint64 link_target, link_slot;

      if (kumo_json_array_get_length (link) < 4 ||
          !_kumo_editor_get_id (kumo_json_array_get (link, 2), &link_target) || link_target != target ||
          !_kumo_editor_get_id (kumo_json_array_get (link, 3), &link_slot) || link_slot != slot)
        continue;

      result.found = TRUE;
      result.from_outside = !_kumo_editor_get_id (kumo_json_array_get (link, 0), &result.origin) ||
                            !_kumo_editor_get_id (kumo_json_array_get (link, 1), &result.origin_slot);
      return result;
    }

  return result;
}

static gboolean
group_output_linked (const KumoJson *links,
                     gint64          origin,
                     gint64          slot)
{
  for (guint i = 0; i < kumo_json_array_get_length (links); i++)
    {
      KumoJson *link = kumo_json_array_get (links, i);
      gint64 link_origin, link_slot;

      if (_kumo_editor_get_id (kumo_json_array_get (link, 0), &link_origin) && link_origin == origin &&
          _kumo_editor_get_id (kumo_json_array_get (link, 1), &link_slot) && link_slot == slot)
        return TRUE;
    }

  return FALSE;
}

/* external: [[node or index, slot, type], …] */
static gboolean
group_output_external (const KumoJson *external,
                       gint64          origin,
                       gint64          slot)
{
  for (guint i = 0; i < kumo_json_array_get_length (external); i++)
    {
      KumoJson *entry = kumo_json_array_get (external, i);
      KumoJson *node = kumo_json_array_get (entry, 0);
      gint64 index, entry_slot;

      if (kumo_json_get_type (node) == KUMO_JSON_OBJECT)
        node = kumo_json_object_get (node, "index");
      if (_kumo_editor_get_id (node, &index) && index == origin &&
          _kumo_editor_get_id (kumo_json_array_get (entry, 1), &entry_slot) && entry_slot == slot)
        return TRUE;
    }

  return FALSE;
}

static void
add_group_link (KumoJson *links,
                gint64    id,
                gint64    origin,
                gint64    origin_slot,
                gint64    target,
                gint64    target_slot)
{
  KumoJson *link = kumo_json_new_object ();

  kumo_json_object_set (link, "id", kumo_json_new_int (id));
  kumo_json_object_set (link, "origin_id", kumo_json_new_int (origin));
  kumo_json_object_set (link, "origin_slot", kumo_json_new_int (origin_slot));
  kumo_json_object_set (link, "target_id", kumo_json_new_int (target));
  kumo_json_object_set (link, "target_slot", kumo_json_new_int (target_slot));
  kumo_json_array_append (links, link);
}

static gboolean
input_is_linked (const KumoJson *node,
                 const char     *widget_name)
{
  KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_ARRAY);

  for (guint i = 0; i < kumo_json_array_get_length (inputs); i++)
    {
      KumoJson *input = kumo_json_array_get (inputs, i);
      gint64 link;

      if (g_strcmp0 (_kumo_editor_input_name (input), widget_name) == 0 &&
          kumo_json_object_has (input, "widget") && _kumo_editor_get_id (kumo_json_object_get (input, "link"), &link))
        return TRUE;
    }

  return FALSE;
}

/* The inner node's widget values: those the group node shows come from
 * the group node's own list, in order; those turned into inputs keep the
 * inner node's. */
static void
take_group_widget_values (KumoNodeCatalog *catalog,
                          KumoJson        *inner,
                          const KumoJson  *values,
                          guint           *used)
{
  const KumoNodeDef *def = kumo_node_catalog_lookup (catalog, _kumo_editor_node_type (inner));
  KumoJson *own = kumo_json_object_get_typed (inner, "widgets_values", KUMO_JSON_ARRAY);
  g_autoptr(GArray) slots = NULL;
  KumoJson *merged;

  if (def == NULL)
    return;

  slots = _kumo_editor_widget_slots (def, FALSE);
  merged = kumo_json_new_array ();
  for (guint i = 0; i < slots->len; i++)
    {
      const KumoEditorSlot *slot = &g_array_index (slots, KumoEditorSlot, i);
      KumoJson *value = NULL;

      if (!input_is_linked (inner, slot->name) && *used < kumo_json_array_get_length (values))
        value = kumo_json_array_get (values, (*used)++);
      else if (i < kumo_json_array_get_length (own))
        value = kumo_json_array_get (own, i);

      kumo_json_array_append (merged, value ? kumo_json_copy (value) : kumo_json_new_null ());
    }

  kumo_json_object_set (inner, "widgets_values", merged);
}

/**
 * _kumo_editor_expand_group_node:
 * @root: the editor file
 * @instance: a "workflow>Name" node of it
 *
 * Returns: (transfer full) (nullable): the group's nodes and links as a
 *   graph of their own, with subgraph ends for the group node's inputs
 *   and outputs, or %NULL if @root does not define the group
 */
KumoJson *
_kumo_editor_expand_group_node (const KumoJson  *root,
                                KumoNodeCatalog *catalog,
                                const KumoJson  *instance)
{
  KumoJson *groups = kumo_json_object_get_typed (kumo_json_object_get_typed (root, "extra", KUMO_JSON_OBJECT),
                                                 "groupNodes", KUMO_JSON_OBJECT);
  KumoJson *definition = kumo_json_object_get_typed (groups, _kumo_editor_node_type (instance) + strlen ("workflow>"), KUMO_JSON_OBJECT);
  KumoJson *nodes = kumo_json_object_get_typed (definition, "nodes", KUMO_JSON_ARRAY);
  KumoJson *links = kumo_json_object_get_typed (definition, "links", KUMO_JSON_ARRAY);
  KumoJson *external = kumo_json_object_get_typed (definition, "external", KUMO_JSON_ARRAY);
  KumoJson *values = kumo_json_object_get_typed (instance, "widgets_values", KUMO_JSON_ARRAY);
  KumoJson *document, *graph_nodes, *graph_links;
  gint64 next_link = 1, next_input = 0, next_output = 0;
  guint used = 0;

  if (nodes == NULL)
    return NULL;

  document = kumo_json_new_object ();
  graph_nodes = kumo_json_new_array ();
  graph_links = kumo_json_new_array ();
  kumo_json_object_set (document, "nodes", graph_nodes);
  kumo_json_object_set (document, "links", graph_links);

  for (guint n = 0; n < kumo_json_array_get_length (nodes); n++)
    {
      KumoJson *inner = kumo_json_copy (kumo_json_array_get (nodes, n));
      KumoJson *inputs = kumo_json_object_get_typed (inner, "inputs", KUMO_JSON_ARRAY);
      KumoJson *outputs = kumo_json_object_get_typed (inner, "outputs", KUMO_JSON_ARRAY);
      gint64 index = _kumo_editor_member_int (inner, "index", n);

      if (kumo_json_get_type (inner) != KUMO_JSON_OBJECT)
        {
          kumo_json_free (inner);
          continue;
        }
      kumo_json_object_set (inner, "id", kumo_json_new_int (index));
      kumo_json_object_set (inner, "order", kumo_json_new_int (n));

      for (guint j = 0; j < kumo_json_array_get_length (inputs); j++)
        {
          KumoJson *input = kumo_json_array_get (inputs, j);
          GroupLink link;

          if (kumo_json_get_type (input) != KUMO_JSON_OBJECT)
            continue;

          link = group_link_into (links, index, j);
          if (link.found && !link.from_outside)
            add_group_link (graph_links, next_link, link.origin, link.origin_slot, index, j);
          else if (kumo_json_object_has (input, "widget") && !link.found)
            {
              kumo_json_object_set (input, "link", kumo_json_new_null ());
              continue;
            }
          else
            add_group_link (graph_links, next_link, KUMO_EDITOR_INPUT_END, next_input++, index, j);

          kumo_json_object_set (input, "link", kumo_json_new_int (next_link++));
        }

      for (guint j = 0; j < kumo_json_array_get_length (outputs); j++)
        if (!group_output_linked (links, index, j) || group_output_external (external, index, j))
          add_group_link (graph_links, next_link++, index, j, KUMO_EDITOR_OUTPUT_END, next_output++);

      take_group_widget_values (catalog, inner, values, &used);
      kumo_json_array_append (graph_nodes, inner);
    }

  return document;
}

