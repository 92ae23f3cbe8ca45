/* kumo-editor-format.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-editor-format-private.h"

/* Pass-through nodes can chain (reroute → bypassed node → subgraph → …);
 * a file that loops them is refused rather than followed forever. */
#define MAX_RESOLVE_DEPTH 512
/* Subgraphs inside subgraphs. */
#define MAX_SUBGRAPH_DEPTH 32

/* litegraph's node modes */
#define MODE_NEVER  2   /* "muted": not run, its outputs give nothing */
#define MODE_BYPASS 4   /* not run, its inputs pass straight through */

G_DEFINE_QUARK (kumo-editor-format-error-quark, kumo_editor_format_error)

typedef struct
{
  gint64      origin_id;
  gint64      origin_slot;
  gint64      target_id;
  gint64      target_slot;
} Link;

/* The root graph, or one subgraph definition. */
typedef struct
{
  const KumoJson *json;
  GHashTable     *nodes;   /* gint64* id → const KumoJson *node */
  GHashTable     *links;   /* gint64* id → Link* */
  GPtrArray      *order;   /* the nodes in execution order */
} Graph;

/* Where a node sits: the graph, and the chain of subgraph instances
 * above it, which make up its execution id ("12:7:3"). */
typedef struct _Scope Scope;
struct _Scope
{
  Graph          *graph;
  char           *prefix;    /* "" or "12:" or "12:7:" */
  const KumoJson *instance;  /* the subgraph node this graph runs in */
  Scope          *parent;
};

typedef struct
{
  char  *id;      /* execution id, or NULL: the input gets nothing */
  gint64 slot;
} Origin;

typedef struct
{
  KumoNodeCatalog *catalog;
  Graph           *root;
  const KumoJson  *root_json;
  GHashTable      *definitions;  /* subgraph id → Graph* */
  GHashTable      *groups;       /* legacy group node → Graph* of its own */
  GPtrArray       *documents;    /* KumoJson the group graphs point into */
  KumoJson        *prompt;
  GPtrArray       *notes;
  GHashTable      *missing;      /* class names, a set */
  GError          *error;        /* the first reason to give up */
  guint            depth;
} Converter;

static gboolean
is_one_of (const char         *type,
           const char * const  names[])
{
  return type != NULL && g_strv_contains (names, type);
}

/* Frontend-only nodes: never sent to the server. */
static gboolean
is_frontend_only (const char *type)
{
  static const char * const names[] = {
    "Note", "MarkdownNote", "PrimitiveNode", "Reroute",
    /* KJNodes' named wires and rgthree's helpers are JavaScript only. */
    "SetNode", "GetNode",
    "Reroute (rgthree)", "Label (rgthree)", "Bookmark (rgthree)",
    "Fast Groups Bypasser (rgthree)", "Fast Groups Muter (rgthree)",
    "Fast Bypasser (rgthree)", "Fast Muter (rgthree)", "Fast Actions Button (rgthree)",
    NULL
  };

  return is_one_of (type, names);
}

static gboolean
is_reroute (const char *type)
{
  static const char * const names[] = { "Reroute", "Reroute (rgthree)", NULL };

  return is_one_of (type, names);
}

/* Legacy group nodes ("workflow>Name") came before subgraphs. */
static gboolean
is_group_node (const char *type)
{
  return type != NULL && (g_str_has_prefix (type, "workflow>") || g_str_has_prefix (type, "workflow/"));
}

static gint64
node_mode (const KumoJson *node)
{
  return _kumo_editor_member_int (node, "mode", 0);
}

static KumoJson *
node_input (const KumoJson *node,
            gint64          index)
{
  KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_ARRAY);

  if (index < 0 || index >= kumo_json_array_get_length (inputs))
    return NULL;
  return kumo_json_array_get (inputs, index);
}

static const char *
slot_type (const KumoJson *slot)
{
  KumoJson *type = kumo_json_object_get (slot, "type");

  /* litegraph writes 0 for "any" in some files */
  if (type == NULL || kumo_json_get_type (type) != KUMO_JSON_STRING)
    return "*";
  return kumo_json_get_string (type);
}

/* What the editor shows on a node: its title, else its class. */
static const char *
node_label (const KumoJson *node)
{
  const char *title = kumo_json_object_get_string_or (node, "title", NULL);
  const char *type = _kumo_editor_node_type (node);

  return title ? title : type ? type : "?";
}

static char *
describe_node (const KumoJson *node,
               const char     *id)
{
  /* Translators: a node in a workflow, within a sentence: its id, then its title or class */
  return g_strdup_printf (_("node %s (%s)"), id, node_label (node));
}

static void
add_note (Converter  *self,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (Converter  *self,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
give_up (Converter  *self,
         int         code,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
give_up (Converter  *self,
         int         code,
         const char *format,
         ...)
{
  va_list args;

  if (self->error != NULL)
    return;

  va_start (args, format);
  self->error = g_error_new_valist (KUMO_EDITOR_FORMAT_ERROR, code, format, args);
  va_end (args);
}

/* Graphs */

static void
graph_free (Graph *graph)
{
  g_hash_table_unref (graph->nodes);
  g_hash_table_unref (graph->links);
  g_ptr_array_unref (graph->order);
  g_free (graph);
}

/* Links are arrays [id, origin, slot, target, slot, type] in the root
 * graph of older files, objects in subgraphs and newer files. */
static gboolean
parse_link (const KumoJson *json,
            gint64         *id,
            Link           *link)
{
  if (kumo_json_get_type (json) == KUMO_JSON_ARRAY)
    {
      if (kumo_json_array_get_length (json) < 5)
        return FALSE;
      return _kumo_editor_get_id (kumo_json_array_get (json, 0), id) &&
             _kumo_editor_get_id (kumo_json_array_get (json, 1), &link->origin_id) &&
             _kumo_editor_get_id (kumo_json_array_get (json, 2), &link->origin_slot) &&
             _kumo_editor_get_id (kumo_json_array_get (json, 3), &link->target_id) &&
             _kumo_editor_get_id (kumo_json_array_get (json, 4), &link->target_slot);
    }

  if (kumo_json_get_type (json) != KUMO_JSON_OBJECT)
    return FALSE;

  return _kumo_editor_get_id (kumo_json_object_get (json, "id"), id) &&
         _kumo_editor_get_id (kumo_json_object_get (json, "origin_id"), &link->origin_id) &&
         _kumo_editor_get_id (kumo_json_object_get (json, "origin_slot"), &link->origin_slot) &&
         _kumo_editor_get_id (kumo_json_object_get (json, "target_id"), &link->target_id) &&
         _kumo_editor_get_id (kumo_json_object_get (json, "target_slot"), &link->target_slot);
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const KumoJson *node_a = *(const KumoJson * const *) a;
  const KumoJson *node_b = *(const KumoJson * const *) b;
  gint64 order_a = _kumo_editor_member_int (node_a, "order", G_MAXINT64);
  gint64 order_b = _kumo_editor_member_int (node_b, "order", G_MAXINT64);

  return order_a < order_b ? -1 : order_a > order_b;
}

static Graph *
graph_new (const KumoJson *json)
{
  Graph *graph = g_new0 (Graph, 1);
  KumoJson *nodes = kumo_json_object_get_typed (json, "nodes", KUMO_JSON_ARRAY);
  KumoJson *links = kumo_json_object_get_typed (json, "links", KUMO_JSON_ARRAY);

  graph->json = json;
  graph->nodes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  graph->links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  graph->order = g_ptr_array_new ();

  for (guint i = 0; i < kumo_json_array_get_length (nodes); i++)
    {
      KumoJson *node = kumo_json_array_get (nodes, i);
      gint64 id;

      if (kumo_json_get_type (node) != KUMO_JSON_OBJECT || !_kumo_editor_get_id (kumo_json_object_get (node, "id"), &id))
        continue;
      if (g_hash_table_contains (graph->nodes, &id))
        continue;

      g_hash_table_insert (graph->nodes, g_memdup2 (&id, sizeof id), node);
      g_ptr_array_add (graph->order, node);
    }

  /* The editor saves each node's place in the run order; the server does
   * not care, but a prompt read top to bottom is easier to follow. */
  g_ptr_array_sort (graph->order, compare_order);

  for (guint i = 0; i < kumo_json_array_get_length (links); i++)
    {
      Link link;
      gint64 id;

      if (parse_link (kumo_json_array_get (links, i), &id, &link))
        g_hash_table_insert (graph->links, g_memdup2 (&id, sizeof id), g_memdup2 (&link, sizeof link));
    }

  return graph;
}

static void
add_definitions (Converter      *self,
                 const KumoJson *json,
                 guint           depth)
{
  KumoJson *definitions = kumo_json_object_get_typed (json, "definitions", KUMO_JSON_OBJECT);
  KumoJson *subgraphs = kumo_json_object_get_typed (definitions, "subgraphs", KUMO_JSON_ARRAY);

  if (depth > MAX_SUBGRAPH_DEPTH)
    return;

  for (guint i = 0; i < kumo_json_array_get_length (subgraphs); i++)
    {
      KumoJson *subgraph = kumo_json_array_get (subgraphs, i);
      const char *id = kumo_json_object_get_string_or (subgraph, "id", NULL);

      if (id == NULL || g_hash_table_contains (self->definitions, id))
        continue;

      g_hash_table_insert (self->definitions, g_strdup (id), graph_new (subgraph));
      add_definitions (self, subgraph, depth + 1);
    }
}

/* A legacy group node runs as a subgraph of its own: one per group node,
 * since its widget values are its own. */
static Graph *
group_graph (Converter      *self,
             const KumoJson *instance)
{
  Graph *graph = g_hash_table_lookup (self->groups, instance);
  KumoJson *document;

  if (graph != NULL)
    return graph;

  document = _kumo_editor_expand_group_node (self->root_json, self->catalog, instance);
  if (document == NULL)
    return NULL;

  graph = graph_new (document);
  g_ptr_array_add (self->documents, document);
  g_hash_table_insert (self->groups, (gpointer) instance, graph);
  return graph;
}

/* What a node that stands for other nodes runs: a subgraph's definition,
 * or a legacy group node's, made into a graph of its own. */
static Graph *
lookup_definition (Converter      *self,
                   const KumoJson *node)
{
  const char *type = _kumo_editor_node_type (node);

  if (type == NULL)
    return NULL;
  if (is_group_node (type))
    return group_graph (self, node);
  return g_hash_table_lookup (self->definitions, type);
}

static const KumoJson *
graph_node (Graph  *graph,
            gint64  id)
{
  return g_hash_table_lookup (graph->nodes, &id);
}

static char *
exec_id (const Scope    *scope,
         const KumoJson *node)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT, scope->prefix, _kumo_editor_member_int (node, "id", 0));
}

/* Links */

static Origin resolve_output (Converter *self, const Scope *scope, const KumoJson *node,
                              gint64 slot, const char *type);
static Origin resolve_input  (Converter *self, const Scope *scope, const KumoJson *node,
                              gint64 index, const char *type);

static const Origin nothing = { NULL, 0 };

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
                            ? slot_type (kumo_json_array_get (outputs, slot)) : "*";
  KumoJson *same = node_input (node, slot);

  if (g_str_equal (type, "*") || *type == '\0')
    return same ? slot : n_inputs > 0 ? 0 : -1;

  if (same != NULL &&
      types_compatible (slot_type (same), output_type) &&
      types_compatible (slot_type (same), type))
    return slot;

  for (guint j = 0; j < n_inputs; j++)
    if (g_str_equal (slot_type (kumo_json_array_get (inputs, j)), type))
      return j;

  for (guint j = 0; j < n_inputs; j++)
    {
      const char *input_type = slot_type (kumo_json_array_get (inputs, j));

      if (types_compatible (input_type, output_type) && types_compatible (input_type, type))
        return j;
    }

  return -1;
}

/* KJNodes' GetNode reads the wire a SetNode of the same name was given. */
static const KumoJson *
find_set_node (const Scope    *scope,
               const KumoJson *get_node)
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
describe_consumer (const Scope    *scope,
                   const KumoJson *node)
{
  g_autofree char *id = exec_id (scope, node);

  return describe_node (node, id);
}

/* The instance's input for slot @slot of its subgraph's input end: by
 * name, as the definition names its ends, else by position; -1 if none. */
static gint64
instance_input (const Scope *scope,
                gint64       slot)
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

static Origin
resolve_link (Converter      *self,
              const Scope    *scope,
              gint64          link_id,
              const char     *type,
              const Scope    *consumer_scope,
              const KumoJson *consumer)
{
  const Link *link = g_hash_table_lookup (scope->graph->links, &link_id);
  const KumoJson *origin;

  if (link == NULL)
    {
      g_autofree char *where = describe_consumer (consumer_scope, consumer);
      g_autofree char *link_name = g_strdup_printf ("%" G_GINT64_FORMAT, link_id);

      add_note (self, _("The editor file names a connection (link %s) into %s that it "
                        "does not contain; that input was left unconnected."), link_name, where);
      return nothing;
    }

  /* Inside a subgraph, its input end leads to the instance's input. */
  if (link->origin_id == KUMO_EDITOR_INPUT_END && scope->instance != NULL)
    {
      gint64 index = instance_input (scope, link->origin_slot);

      return index < 0 ? nothing : resolve_input (self, scope->parent, scope->instance, index, type);
    }

  origin = graph_node (scope->graph, link->origin_id);
  if (origin == NULL)
    {
      g_autofree char *where = describe_consumer (consumer_scope, consumer);
      g_autofree char *origin_name = g_strdup_printf ("%" G_GINT64_FORMAT, link->origin_id);

      add_note (self, _("A connection into %s comes from node %s, which the editor file "
                        "does not contain; that input was left unconnected."), where, origin_name);
      return nothing;
    }

  return resolve_output (self, scope, origin, link->origin_slot, type);
}

static Origin
resolve_input (Converter      *self,
               const Scope    *scope,
               const KumoJson *node,
               gint64          index,
               const char     *type)
{
  KumoJson *input = node_input (node, index);
  gint64 link_id;

  if (input == NULL || !_kumo_editor_get_id (kumo_json_object_get (input, "link"), &link_id))
    return nothing;

  if (type == NULL)
    type = slot_type (input);

  if (++self->depth > MAX_RESOLVE_DEPTH)
    {
      give_up (self, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
               _("The workflow’s reroutes or bypassed nodes form a loop, so its connections cannot be followed."));
      self->depth--;
      return nothing;
    }

  {
    Origin origin = resolve_link (self, scope, link_id, type, scope, node);

    self->depth--;
    return origin;
  }
}

static Origin
resolve_subgraph_output (Converter      *self,
                         const Scope    *scope,
                         const KumoJson *instance,
                         Graph          *definition,
                         gint64          slot,
                         const char     *type)
{
  g_autofree char *id = NULL;
  Scope inner;
  GHashTableIter iter;
  gpointer key, value;
  Origin origin = nothing;
  guint nesting = 0;

  /* A subgraph that contains itself would be followed down forever. */
  for (const Scope *outer = scope; outer != NULL; outer = outer->parent)
    nesting++;
  if (nesting > MAX_SUBGRAPH_DEPTH)
    {
      give_up (self, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
               _("The workflow’s subgraphs are nested more than %d deep, or contain themselves."),
               MAX_SUBGRAPH_DEPTH);
      return nothing;
    }

  id = exec_id (scope, instance);
  inner = (Scope) { definition, g_strconcat (id, ":", NULL), instance, (Scope *) scope };

  /* The link that ends at the subgraph's output end, slot @slot. */
  g_hash_table_iter_init (&iter, definition->links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Link *link = value;

      if (link->target_id == KUMO_EDITOR_OUTPUT_END && link->target_slot == slot)
        {
          origin = resolve_link (self, &inner, *(gint64 *) key, type, scope, instance);
          break;
        }
    }

  g_free (inner.prefix);
  return origin;
}

static Origin
resolve_output (Converter      *self,
                const Scope    *scope,
                const KumoJson *node,
                gint64          slot,
                const char     *type)
{
  const char *class_type = _kumo_editor_node_type (node);
  gint64 mode = node_mode (node);
  Graph *definition;

  if (mode == MODE_NEVER)
    return nothing;

  if (mode == MODE_BYPASS)
    {
      gint64 index = bypass_input (node, slot, type);

      return index < 0 ? nothing : resolve_input (self, scope, node, index, type);
    }

  if (is_reroute (class_type))
    return resolve_input (self, scope, node, 0, type);

  if (g_strcmp0 (class_type, "GetNode") == 0)
    {
      const KumoJson *set_node = find_set_node (scope, node);

      return set_node ? resolve_input (self, scope, set_node, 0, type) : nothing;
    }

  /* A PrimitiveNode's value was copied into the widgets it feeds. */
  if (is_frontend_only (class_type))
    return nothing;

  if ((definition = lookup_definition (self, node)) != NULL)
    return resolve_subgraph_output (self, scope, node, definition, slot, type);

  return (Origin) { exec_id (scope, node), slot };
}

/* "%date:yyyy-MM-dd%" or "%Node.widget%": what the editor substitutes in
 * a file name (the server's own are plain words, "%width%"). A regex
 * compiled per save node cost a quarter of a large graph's conversion. */
static gboolean
uses_editor_substitutions (const char *name)
{
  for (const char *open = strchr (name, '%'); open != NULL; open = strchr (open + 1, '%'))
    {
      const char *close = strchr (open + 1, '%');
      const char *dot;

      if (close == NULL)
        return FALSE;
      if (g_str_has_prefix (open + 1, "date:"))
        return TRUE;
      dot = memchr (open + 1, '.', close - open - 1);
      if (dot != NULL && dot > open + 1 && dot < close - 1)
        return TRUE;
      open = close;
    }

  return FALSE;
}

/* A list goes as {"__value__": […]}, or it would read as a link. */
static KumoJson *
wrap_list (KumoJson *value)
{
  KumoJson *wrapped;

  if (kumo_json_get_type (value) != KUMO_JSON_ARRAY)
    return value;

  wrapped = kumo_json_new_object ();
  kumo_json_object_set (wrapped, "__value__", value);
  return wrapped;
}

/* The value a widget sends, as the editor serialises it. */
static KumoJson *
prompt_value (Converter            *self,
              const KumoJson       *node,
              const char           *id,
              const KumoEditorSlot *slot,
              const KumoJson       *stored)
{
  const KumoInputSpec *spec = slot->spec;
  KumoJsonType type = stored ? kumo_json_get_type (stored) : KUMO_JSON_NULL;

  if (stored == NULL)
    return wrap_list (_kumo_editor_spec_default (spec));

  /* A combo saved empty becomes its first choice when the editor loads it. */
  if (type == KUMO_JSON_NULL && spec->type == KUMO_INPUT_TYPE_COMBO)
    return spec->options != NULL && spec->options->len > 0
           ? kumo_json_copy (g_ptr_array_index (spec->options, 0))
           : _kumo_editor_spec_default (spec);

  if (type == KUMO_JSON_ARRAY)
    return wrap_list (kumo_json_copy (stored));

  if (type == KUMO_JSON_STRING && spec->type == KUMO_INPUT_TYPE_STRING && spec->dynamic_prompts)
    {
      g_autofree char *text = _kumo_editor_strip_prompt_comments (kumo_json_get_string (stored));

      if (_kumo_editor_has_prompt_choices (text))
        {
          g_autofree char *where = describe_node (node, id);

          add_note (self, _("The %s of %s has {choice|choice} alternatives. ComfyUI’s editor picks one at "
                            "random each time it runs; Kumo sends the text as written."), slot->name, where);
        }
      return kumo_json_new_string (text);
    }

  /* The editor fills in %date:…% and %Node.widget% in a save node's file
   * name as it queues; the server knows neither. */
  if (type == KUMO_JSON_STRING && g_str_equal (slot->name, "filename_prefix") &&
      uses_editor_substitutions (kumo_json_get_string (stored)))
    {
      g_autofree char *where = describe_node (node, id);

      add_note (self, _("The file name of %s uses %%date:…%% or %%Node.input%%, which ComfyUI’s editor fills in "
                        "as it queues; Kumo sends the name as written."), where);
    }

  /* Old files name KSampler's samplers "sample_euler"; the editor renames them. */
  if (type == KUMO_JSON_STRING && g_str_equal (slot->name, "sampler_name") &&
      g_str_has_prefix (kumo_json_get_string (stored), "sample_"))
    return kumo_json_new_string (kumo_json_get_string (stored) + strlen ("sample_"));

  return kumo_json_copy (stored);
}

/* Map a node's widgets_values (a list, or {name: value} in some packs) onto
 * its widget inputs. Returns the value of each input by name, in order. */
static void
add_widget_values (Converter         *self,
                   const KumoJson    *node,
                   const char        *id,
                   const KumoNodeDef *def,
                   KumoJson          *inputs)
{
  KumoJson *values = kumo_json_object_get (node, "widgets_values");
  g_autoptr(GArray) slots = _kumo_editor_widget_slots (def, FALSE);
  guint n_values = kumo_json_array_get_length (values);
  guint used = 0;

  if (values != NULL && kumo_json_get_type (values) == KUMO_JSON_ARRAY && _kumo_editor_has_forced_inputs (def))
    {
      g_autoptr(GArray) with_forced = _kumo_editor_widget_slots (def, TRUE);
      guint n_forced = _kumo_editor_count_slots (with_forced, KUMO_EDITOR_SLOT_FORCED);

      /* migrateWidgetsValues: only when the count says the dummies are there */
      if (n_forced > 0 && n_values == with_forced->len)
        {
          g_array_unref (slots);
          slots = g_steal_pointer (&with_forced);
        }
    }

  for (guint i = 0; i < slots->len; i++)
    {
      KumoEditorSlot *slot = &g_array_index (slots, KumoEditorSlot, i);
      KumoJson *stored = NULL;

      if (values != NULL && kumo_json_get_type (values) == KUMO_JSON_ARRAY)
        {
          if (i < n_values)
            {
              stored = kumo_json_array_get (values, i);
              used = i + 1;
            }
        }
      else if (values != NULL && kumo_json_get_type (values) == KUMO_JSON_OBJECT && slot->kind == KUMO_EDITOR_SLOT_VALUE)
        {
          stored = kumo_json_object_get (values, slot->name);
        }

      if (slot->kind != KUMO_EDITOR_SLOT_VALUE)
        continue;

      if (slot->spec->type == KUMO_INPUT_TYPE_DYNAMIC_COMBO)
        {
          /* The option sent decides the widgets: the default, or the first. */
          g_autoptr(KumoJson) fallback = stored ? NULL : _kumo_editor_spec_default (slot->spec);

          _kumo_editor_insert_dynamic_children (slots, i, slot, stored ? stored : fallback);
        }
      /* insert_dynamic_children may move the array */
      slot = &g_array_index (slots, KumoEditorSlot, i);

      kumo_json_object_set (inputs, slot->name, prompt_value (self, node, id, slot, stored));
    }

  /* Values past the last widget: the editor ignores them. Say so when they
   * held something (a widget a custom node's JavaScript added, usually). */
  if (values != NULL && kumo_json_get_type (values) == KUMO_JSON_ARRAY)
    {
      guint ignored = 0;

      for (guint i = used; i < n_values; i++)
        {
          KumoJson *value = kumo_json_array_get (values, i);

          /* null and "" are what old files pad with: they carry nothing */
          if (kumo_json_get_type (value) != KUMO_JSON_NULL &&
              !(kumo_json_get_type (value) == KUMO_JSON_STRING && *kumo_json_get_string (value) == '\0'))
            ignored++;
        }

      if (ignored > 0)
        /* Translators: the node's id, its title or class, a count, its class */
        add_note (self,
                  g_dngettext (GETTEXT_PACKAGE,
                               "Node %s (%s) holds %u value that no input of %s on this server takes; it was left out.",
                               "Node %s (%s) holds %u values that no input of %s on this server takes; they were left out.",
                               ignored),
                  id, node_label (node), ignored, def->name);
    }
  else if (values != NULL && kumo_json_get_type (values) == KUMO_JSON_OBJECT)
    {
      for (guint i = 0; i < kumo_json_object_get_size (values); i++)
        {
          const char *name = kumo_json_object_get_key (values, i);
          KumoJsonType type = kumo_json_get_type (kumo_json_object_get_value (values, i));

          /* Objects and lists beside the values are the pack's own view state. */
          if (!kumo_json_object_has (inputs, name) && type != KUMO_JSON_OBJECT && type != KUMO_JSON_ARRAY)
            /* Translators: the node's id, its title or class, a value's name, its class */
            add_note (self, _("Node %s (%s) holds a value “%s” that no input of %s on this server takes; it was left out."),
                      id, node_label (node), name, def->name);
        }
    }
}

/* A widget inside a subgraph, promoted to the subgraph's input, takes the
 * value the instance shows for it (saved in the instance's widgets_values,
 * one for each of its inputs that is a widget), unless something is
 * connected to that input: then the link wins. Nested subgraphs pass the
 * question up. */
static const KumoJson *
promoted_value (const Scope    *scope,
                 const KumoJson *input)
{
  for (guint depth = 0; scope != NULL && scope->instance != NULL && depth < MAX_SUBGRAPH_DEPTH; depth++)
    {
      KumoJson *instance_inputs = kumo_json_object_get_typed (scope->instance, "inputs", KUMO_JSON_ARRAY);
      KumoJson *values = kumo_json_object_get_typed (scope->instance, "widgets_values", KUMO_JSON_ARRAY);
      const Link *link;
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
static const KumoJson *
primitive_value (Converter      *self,
                 const Scope    *scope,
                 const KumoJson *input)
{
  gint64 link_id;

  for (guint hops = 0; hops < MAX_RESOLVE_DEPTH && _kumo_editor_get_id (kumo_json_object_get (input, "link"), &link_id); hops++)
    {
      const Link *link = g_hash_table_lookup (scope->graph->links, &link_id);
      const KumoJson *origin = link ? graph_node (scope->graph, link->origin_id) : NULL;
      const char *type = origin ? _kumo_editor_node_type (origin) : NULL;

      if (g_strcmp0 (type, "PrimitiveNode") == 0)
        {
          KumoJson *values = kumo_json_object_get_typed (origin, "widgets_values", KUMO_JSON_ARRAY);

          return kumo_json_array_get_length (values) > 0 ? kumo_json_array_get (values, 0) : NULL;
        }
      if (!is_reroute (type))
        return NULL;

      input = node_input (origin, 0);
    }

  return NULL;
}

static void
emit_node (Converter      *self,
           const Scope    *scope,
           const KumoJson *node)
{
  const char *class_type = _kumo_editor_node_type (node);
  const KumoNodeDef *def = kumo_node_catalog_lookup (self->catalog, class_type);
  KumoJson *graph_inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_ARRAY);
  g_autofree char *id = exec_id (scope, node);
  g_autoptr(KumoJson) entry = kumo_json_new_object ();
  KumoJson *inputs = kumo_json_new_object ();
  KumoJson *meta;
  const char *title;

  if (def == NULL)
    {
      g_hash_table_add (self->missing, g_strdup (class_type));
      kumo_json_free (inputs);
      return;
    }

  add_widget_values (self, node, id, def, inputs);

  for (guint i = 0; i < kumo_json_array_get_length (graph_inputs); i++)
    {
      KumoJson *input = kumo_json_array_get (graph_inputs, i);
      const char *name = _kumo_editor_input_name (input);
      const KumoJson *primitive;
      Origin origin;

      if (name == NULL)
        continue;

      if (((primitive = primitive_value (self, scope, input)) != NULL ||
           (primitive = promoted_value (scope, input)) != NULL) &&
          kumo_json_object_has (inputs, name))
        {
          const KumoInputSpec *spec = kumo_node_def_find_input (def, name, NULL, NULL);
          KumoEditorSlot slot = { KUMO_EDITOR_SLOT_VALUE, (char *) name, spec };

          if (spec != NULL)
            kumo_json_object_set (inputs, name, prompt_value (self, node, id, &slot, primitive));
          continue;
        }

      origin = resolve_input (self, scope, node, i, NULL);
      if (origin.id != NULL)
        {
          KumoJson *link = kumo_json_new_array ();

          kumo_json_array_append (link, kumo_json_new_string (origin.id));
          kumo_json_array_append (link, kumo_json_new_int (origin.slot));
          kumo_json_object_set (inputs, name, link);
          g_free (origin.id);
        }
    }

  kumo_json_object_set (entry, "inputs", inputs);
  kumo_json_object_set (entry, "class_type", kumo_json_new_string (class_type));

  title = kumo_json_object_get_string_or (node, "title", NULL);
  meta = kumo_json_new_object ();
  kumo_json_object_set (meta, "title", kumo_json_new_string (title ? title : kumo_node_def_get_title (def)));
  kumo_json_object_set (entry, "_meta", meta);

  kumo_json_object_set (self->prompt, id, g_steal_pointer (&entry));
}

static void emit_graph (Converter *self, const Scope *scope, guint depth);

static void
emit_subgraph (Converter      *self,
               const Scope    *scope,
               const KumoJson *instance,
               Graph          *definition,
               guint           depth)
{
  g_autofree char *id = exec_id (scope, instance);
  Scope inner = { definition, g_strconcat (id, ":", NULL), instance, (Scope *) scope };

  if (depth >= MAX_SUBGRAPH_DEPTH)
    give_up (self, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
             _("The workflow’s subgraphs are nested more than %d deep, or contain themselves."),
             MAX_SUBGRAPH_DEPTH);
  else
    emit_graph (self, &inner, depth + 1);

  g_free (inner.prefix);
}

static void
emit_graph (Converter   *self,
            const Scope *scope,
            guint        depth)
{
  for (guint i = 0; i < scope->graph->order->len && self->error == NULL; i++)
    {
      const KumoJson *node = g_ptr_array_index (scope->graph->order, i);
      const char *type = _kumo_editor_node_type (node);
      gint64 mode = node_mode (node);
      Graph *definition;

      /* Muted and bypassed nodes do not run; neither do their subgraphs. */
      if (mode == MODE_NEVER || mode == MODE_BYPASS || is_frontend_only (type))
        continue;

      if ((definition = lookup_definition (self, node)) != NULL)
        emit_subgraph (self, scope, node, definition, depth);
      else if (is_group_node (type))
        {
          g_autofree char *id = exec_id (scope, node);

          give_up (self, KUMO_EDITOR_FORMAT_ERROR_INVALID,
                   _("Node %s is a group node (“%s”) whose definition the file does not contain. Open the "
                     "workflow in ComfyUI and save it again."), id, type + strlen ("workflow>"));
        }
      else if (type == NULL)
        {
          g_autofree char *id = exec_id (scope, node);

          give_up (self, KUMO_EDITOR_FORMAT_ERROR_INVALID,
                   _("Node %s of the editor file has no type."), id);
        }
      else
        emit_node (self, scope, node);
    }
}

/* Connections to nodes that were not sent (an unknown id, a frontend-only
 * node) would make the server refuse the prompt: the editor drops them. */
static void
drop_dangling_links (Converter *self)
{
  for (guint i = 0; i < kumo_json_object_get_size (self->prompt); i++)
    {
      KumoJson *inputs = kumo_json_object_get_typed (kumo_json_object_get_value (self->prompt, i),
                                                     "inputs", KUMO_JSON_OBJECT);

      for (guint j = kumo_json_object_get_size (inputs); j > 0; j--)
        {
          KumoJson *value = kumo_json_object_get_value (inputs, j - 1);
          const char *target;

          if (kumo_json_get_type (value) != KUMO_JSON_ARRAY || kumo_json_array_get_length (value) != 2)
            continue;
          target = kumo_json_get_string (kumo_json_array_get (value, 0));
          if (target != NULL && !kumo_json_object_has (self->prompt, target))
            kumo_json_object_remove (inputs, kumo_json_object_get_key (inputs, j - 1));
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
report_missing (Converter *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) list = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, self->missing);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        /* Translators: separates node class names in a list */
        g_string_append (list, _(", "));
      g_string_append_printf (list, "%s", (const char *) g_ptr_array_index (names, i));
    }

  give_up (self, KUMO_EDITOR_FORMAT_ERROR_MISSING_CLASSES,
           g_dngettext (GETTEXT_PACKAGE,
                        "The workflow uses a node this server does not have: %s. It is usually a custom node "
                        "that is not installed there. Install it, or choose a server that has it.",
                        "The workflow uses nodes this server does not have: %s. They are usually custom nodes "
                        "that are not installed there. Install them, or choose a server that has them.",
                        names->len),
           list->str);
}

/**
 * kumo_editor_format_detect:
 *
 * Whether @root looks like a workflow saved by ComfyUI's editor: top-level
 * "nodes" as a list, with "links" or the editor's bookkeeping beside it.
 */
gboolean
kumo_editor_format_detect (const KumoJson *root)
{
  return root != NULL &&
         kumo_json_object_get_typed (root, "nodes", KUMO_JSON_ARRAY) != NULL &&
         (kumo_json_object_get_typed (root, "links", KUMO_JSON_ARRAY) != NULL ||
          kumo_json_object_has (root, "last_node_id") ||
          kumo_json_object_has (root, "version"));
}

/**
 * kumo_editor_format_convert:
 * @root: an editor-format workflow
 * @catalog: the server's node definitions
 *
 * Returns: the API-format workflow and what did not carry over, or %NULL
 *   with @error set: %KUMO_EDITOR_FORMAT_ERROR_MISSING_CLASSES names every
 *   class @catalog lacks, and nothing is guessed.
 */
KumoEditorConversion *
kumo_editor_format_convert (const KumoJson   *root,
                            KumoNodeCatalog  *catalog,
                            GError          **error)
{
  g_autoptr(KumoEditorConversion) conversion = NULL;
  Converter self = { 0 };
  Scope scope = { NULL, (char *) "", NULL, NULL };

  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (catalog), NULL);

  if (!kumo_editor_format_detect (root))
    {
      g_set_error_literal (error, KUMO_EDITOR_FORMAT_ERROR, KUMO_EDITOR_FORMAT_ERROR_INVALID,
                           _("This is not a workflow saved by ComfyUI’s editor: it has no list of nodes."));
      return NULL;
    }

  self.catalog = catalog;
  self.root_json = root;
  self.root = graph_new (root);
  self.groups = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) graph_free);
  self.documents = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);
  self.definitions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) graph_free);
  self.prompt = kumo_json_new_object ();
  self.notes = g_ptr_array_new_with_free_func (g_free);
  self.missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_definitions (&self, root, 0);

  /* Converted in a worker thread while an upload may add a choice. */
  scope.graph = self.root;
  kumo_node_catalog_read_lock (catalog);
  emit_graph (&self, &scope, 0);
  kumo_node_catalog_read_unlock (catalog);

  if (g_hash_table_size (self.missing) > 0)
    report_missing (&self);
  else if (self.error == NULL && kumo_json_object_get_size (self.prompt) == 0)
    give_up (&self, KUMO_EDITOR_FORMAT_ERROR_INVALID,
             _("The workflow has no nodes that run: every node is a note, muted or bypassed."));

  if (self.error == NULL)
    {
      drop_dangling_links (&self);
      conversion = g_new0 (KumoEditorConversion, 1);
      conversion->prompt = g_steal_pointer (&self.prompt);
      conversion->notes = g_steal_pointer (&self.notes);
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&self.error));
    }

  g_clear_pointer (&self.prompt, kumo_json_free);
  g_clear_pointer (&self.notes, g_ptr_array_unref);
  g_hash_table_unref (self.missing);
  g_hash_table_unref (self.definitions);
  g_hash_table_unref (self.groups);
  g_ptr_array_unref (self.documents);
  graph_free (self.root);

  return g_steal_pointer (&conversion);
}

void
kumo_editor_conversion_free (KumoEditorConversion *conversion)
{
  if (conversion == NULL)
    return;

  g_clear_pointer (&conversion->prompt, kumo_json_free);
  g_clear_pointer (&conversion->notes, g_ptr_array_unref);
  g_free (conversion);
}
