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


G_DEFINE_QUARK (kumo-editor-format-error-quark, kumo_editor_format_error)

static gboolean
is_one_of (const char         *type,
           const char * const  names[])
{
  return type != NULL && g_strv_contains (names, type);
}

/* Frontend-only nodes: never sent to the server. */
gboolean
_kumo_editor_is_frontend_only (const char *type)
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

gboolean
_kumo_editor_is_reroute (const char *type)
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

/* What the editor shows on a node: its title, else its class. */
static const char *
node_label (const KumoJson *node)
{
  const char *title = kumo_json_object_get_string_or (node, "title", NULL);
  const char *type = _kumo_editor_node_type (node);

  return title ? title : type ? type : "?";
}

char *
_kumo_editor_describe_node (const KumoJson *node,
                            const char     *id)
{
  /* Translators: a node in a workflow, within a sentence: its id, then its title or class */
  return g_strdup_printf (_("node %s (%s)"), id, node_label (node));
}

void
_kumo_editor_add_note (KumoEditorConverter  *self,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

void
_kumo_editor_give_up (KumoEditorConverter  *self,
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
graph_free (KumoEditorGraph *graph)
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
            KumoEditorLink *link)
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

static KumoEditorGraph *
graph_new (const KumoJson *json)
{
  KumoEditorGraph *graph = g_new0 (KumoEditorGraph, 1);
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
      KumoEditorLink link;
      gint64 id;

      if (parse_link (kumo_json_array_get (links, i), &id, &link))
        g_hash_table_insert (graph->links, g_memdup2 (&id, sizeof id), g_memdup2 (&link, sizeof link));
    }

  return graph;
}

static void
add_definitions (KumoEditorConverter *self,
                 const KumoJson      *json,
                 guint                depth)
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
static KumoEditorGraph *
group_graph (KumoEditorConverter *self,
             const KumoJson      *instance)
{
  KumoEditorGraph *graph = g_hash_table_lookup (self->groups, instance);
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
KumoEditorGraph *
_kumo_editor_lookup_definition (KumoEditorConverter *self,
                                const KumoJson      *node)
{
  const char *type = _kumo_editor_node_type (node);

  if (type == NULL)
    return NULL;
  if (is_group_node (type))
    return group_graph (self, node);
  return g_hash_table_lookup (self->definitions, type);
}

char *
_kumo_editor_exec_id (const KumoEditorScope *scope,
                      const KumoJson        *node)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT, scope->prefix, _kumo_editor_member_int (node, "id", 0));
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
prompt_value (KumoEditorConverter  *self,
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
          g_autofree char *where = _kumo_editor_describe_node (node, id);

          _kumo_editor_add_note (self, _("The %s of %s has {choice|choice} alternatives. ComfyUI’s editor picks one at "
                            "random each time it runs; Kumo sends the text as written."), slot->name, where);
        }
      return kumo_json_new_string (text);
    }

  /* The editor fills in %date:…% and %Node.widget% in a save node's file
   * name as it queues; the server knows neither. */
  if (type == KUMO_JSON_STRING && g_str_equal (slot->name, "filename_prefix") &&
      uses_editor_substitutions (kumo_json_get_string (stored)))
    {
      g_autofree char *where = _kumo_editor_describe_node (node, id);

      _kumo_editor_add_note (self, _("The file name of %s uses %%date:…%% or %%Node.input%%, which ComfyUI’s editor fills in "
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
add_widget_values (KumoEditorConverter *self,
                   const KumoJson      *node,
                   const char          *id,
                   const KumoNodeDef   *def,
                   KumoJson            *inputs)
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
        _kumo_editor_add_note (self,
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
            _kumo_editor_add_note (self, _("Node %s (%s) holds a value “%s” that no input of %s on this server takes; it was left out."),
                      id, node_label (node), name, def->name);
        }
    }
}

static void
emit_node (KumoEditorConverter   *self,
           const KumoEditorScope *scope,
           const KumoJson        *node)
{
  const char *class_type = _kumo_editor_node_type (node);
  const KumoNodeDef *def = kumo_node_catalog_lookup (self->catalog, class_type);
  KumoJson *graph_inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_ARRAY);
  g_autofree char *id = _kumo_editor_exec_id (scope, node);
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
      KumoEditorOrigin origin;

      if (name == NULL)
        continue;

      if (((primitive = _kumo_editor_primitive_value (self, scope, input)) != NULL ||
           (primitive = _kumo_editor_promoted_value (scope, input)) != NULL) &&
          kumo_json_object_has (inputs, name))
        {
          const KumoInputSpec *spec = kumo_node_def_find_input (def, name, NULL, NULL);
          KumoEditorSlot slot = { KUMO_EDITOR_SLOT_VALUE, (char *) name, spec };

          if (spec != NULL)
            kumo_json_object_set (inputs, name, prompt_value (self, node, id, &slot, primitive));
          continue;
        }

      origin = _kumo_editor_resolve_input (self, scope, node, i, NULL);
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

static void emit_graph (KumoEditorConverter *self, const KumoEditorScope *scope, guint depth);

static void
emit_subgraph (KumoEditorConverter   *self,
               const KumoEditorScope *scope,
               const KumoJson        *instance,
               KumoEditorGraph       *definition,
               guint                  depth)
{
  g_autofree char *id = _kumo_editor_exec_id (scope, instance);
  KumoEditorScope inner = { definition, g_strconcat (id, ":", NULL), instance, (KumoEditorScope *) scope };

  if (depth >= MAX_SUBGRAPH_DEPTH)
    _kumo_editor_give_up (self, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
             _("The workflow’s subgraphs are nested more than %d deep, or contain themselves."),
             MAX_SUBGRAPH_DEPTH);
  else
    emit_graph (self, &inner, depth + 1);

  g_free (inner.prefix);
}

static void
emit_graph (KumoEditorConverter   *self,
            const KumoEditorScope *scope,
            guint                  depth)
{
  for (guint i = 0; i < scope->graph->order->len && self->error == NULL; i++)
    {
      const KumoJson *node = g_ptr_array_index (scope->graph->order, i);
      const char *type = _kumo_editor_node_type (node);
      gint64 mode = _kumo_editor_node_mode (node);
      KumoEditorGraph *definition;

      /* Muted and bypassed nodes do not run; neither do their subgraphs. */
      if (mode == MODE_NEVER || mode == MODE_BYPASS || _kumo_editor_is_frontend_only (type))
        continue;

      if ((definition = _kumo_editor_lookup_definition (self, node)) != NULL)
        emit_subgraph (self, scope, node, definition, depth);
      else if (is_group_node (type))
        {
          g_autofree char *id = _kumo_editor_exec_id (scope, node);

          _kumo_editor_give_up (self, KUMO_EDITOR_FORMAT_ERROR_INVALID,
                   _("Node %s is a group node (“%s”) whose definition the file does not contain. Open the "
                     "workflow in ComfyUI and save it again."), id, type + strlen ("workflow>"));
        }
      else if (type == NULL)
        {
          g_autofree char *id = _kumo_editor_exec_id (scope, node);

          _kumo_editor_give_up (self, KUMO_EDITOR_FORMAT_ERROR_INVALID,
                   _("Node %s of the editor file has no type."), id);
        }
      else
        emit_node (self, scope, node);
    }
}

/* Connections to nodes that were not sent (an unknown id, a frontend-only
 * node) would make the server refuse the prompt: the editor drops them. */
static void
drop_dangling_links (KumoEditorConverter *self)
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
report_missing (KumoEditorConverter *self)
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

  _kumo_editor_give_up (self, KUMO_EDITOR_FORMAT_ERROR_MISSING_CLASSES,
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
  KumoEditorConverter self = { 0 };
  KumoEditorScope scope = { NULL, (char *) "", NULL, NULL };

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
    _kumo_editor_give_up (&self, KUMO_EDITOR_FORMAT_ERROR_INVALID,
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
