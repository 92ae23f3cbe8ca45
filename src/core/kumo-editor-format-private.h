/* kumo-editor-format-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-editor-format.h"

G_BEGIN_DECLS

/* Shared by the converter's files: kumo-editor-format.c (graphs, and
 * what is sent), kumo-editor-links.c (following connections),
 * kumo-editor-widgets.c (which value of widgets_values is which input)
 * and kumo-editor-group-node.c (legacy group nodes). */

/* The ids litegraph gives a subgraph's own input and output ends. */
#define KUMO_EDITOR_INPUT_END  (-10)
#define KUMO_EDITOR_OUTPUT_END (-20)

/* Reading the editor's JSON: ids are numbers, or strings of digits. */

static inline gboolean
_kumo_editor_get_id (const KumoJson *json,
                     gint64         *id)
{
  if (json == NULL)
    return FALSE;

  if (kumo_json_get_type (json) == KUMO_JSON_STRING)
    {
      const char *text = kumo_json_get_string (json);
      char *end = NULL;

      *id = g_ascii_strtoll (text, &end, 10);
      return end != text && *end == '\0';
    }

  return kumo_json_get_type (json) == KUMO_JSON_NUMBER && kumo_json_get_int64 (json, id);
}

static inline gint64
_kumo_editor_member_int (const KumoJson *object,
                         const char     *key,
                         gint64          fallback)
{
  gint64 value;

  return _kumo_editor_get_id (kumo_json_object_get (object, key), &value) ? value : fallback;
}

static inline const char *
_kumo_editor_node_type (const KumoJson *node)
{
  return kumo_json_object_get_string_or (node, "type", NULL);
}

static inline const char *
_kumo_editor_input_name (const KumoJson *input)
{
  KumoJson *widget = kumo_json_object_get_typed (input, "widget", KUMO_JSON_OBJECT);
  const char *name = kumo_json_object_get_string_or (widget, "name", NULL);

  return name ? name : kumo_json_object_get_string_or (input, "name", NULL);
}

/* The converter (kumo-editor-format.c) and the links it follows
 * (kumo-editor-links.c) */

/* Pass-through nodes can chain (reroute → bypassed node → subgraph → …);
 * a file that loops them is refused rather than followed forever. */
#define MAX_RESOLVE_DEPTH 512
/* Subgraphs inside subgraphs. */
#define MAX_SUBGRAPH_DEPTH 32

/* litegraph's node modes */
#define MODE_NEVER  2   /* "muted": not run, its outputs give nothing */
#define MODE_BYPASS 4   /* not run, its inputs pass straight through */

typedef struct
{
  gint64 origin_id;
  gint64 origin_slot;
  gint64 target_id;
  gint64 target_slot;
} KumoEditorLink;

/* The root graph, or one subgraph definition. */
typedef struct
{
  const KumoJson *json;
  GHashTable     *nodes;   /* gint64* id → const KumoJson *node */
  GHashTable     *links;   /* gint64* id → KumoEditorLink* */
  GPtrArray      *order;   /* the nodes in execution order */
} KumoEditorGraph;

/* Where a node sits: the graph, and the chain of subgraph instances
 * above it, which make up its execution id ("12:7:3"). */
typedef struct _KumoEditorScope KumoEditorScope;
struct _KumoEditorScope
{
  KumoEditorGraph *graph;
  char            *prefix;    /* "" or "12:" or "12:7:" */
  const KumoJson  *instance;  /* the subgraph node this graph runs in */
  KumoEditorScope *parent;
};

typedef struct
{
  char   *id;      /* execution id, or NULL: the input gets nothing */
  gint64  slot;
} KumoEditorOrigin;

typedef struct
{
  KumoNodeCatalog *catalog;
  KumoEditorGraph *root;
  const KumoJson  *root_json;
  GHashTable      *definitions;  /* subgraph id → KumoEditorGraph* */
  GHashTable      *groups;       /* legacy group node → KumoEditorGraph* of its own */
  GPtrArray       *documents;    /* KumoJson the group graphs point into */
  KumoJson        *prompt;
  GPtrArray       *notes;
  GHashTable      *missing;      /* class names, a set */
  GError          *error;        /* the first reason to give up */
  guint            depth;
} KumoEditorConverter;

KumoEditorGraph   *_kumo_editor_lookup_definition (KumoEditorConverter   *self,
                                                   const KumoJson        *node);
char              *_kumo_editor_exec_id          (const KumoEditorScope   *scope,
                                                  const KumoJson          *node);
char              *_kumo_editor_describe_node    (const KumoJson          *node,
                                                  const char              *id);
gboolean           _kumo_editor_is_reroute       (const char              *type);
gboolean           _kumo_editor_is_frontend_only (const char              *type);
void               _kumo_editor_add_note         (KumoEditorConverter     *self,
                                                  const char              *format,
                                                  ...) G_GNUC_PRINTF (2, 3);
void               _kumo_editor_give_up          (KumoEditorConverter     *self,
                                                  int                      code,
                                                  const char              *format,
                                                  ...) G_GNUC_PRINTF (3, 4);

KumoEditorOrigin   _kumo_editor_resolve_input    (KumoEditorConverter     *self,
                                                  const KumoEditorScope   *scope,
                                                  const KumoJson          *node,
                                                  gint64                   index,
                                                  const char              *type);
const KumoJson    *_kumo_editor_promoted_value   (const KumoEditorScope   *scope,
                                                  const KumoJson          *input);
const KumoJson    *_kumo_editor_primitive_value  (KumoEditorConverter     *self,
                                                  const KumoEditorScope   *scope,
                                                  const KumoJson          *input);

static inline gint64
_kumo_editor_node_mode (const KumoJson *node)
{
  return _kumo_editor_member_int (node, "mode", 0);
}

static inline KumoJson *
_kumo_editor_node_input (const KumoJson *node,
            gint64          index)
{
  KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_ARRAY);

  if (index < 0 || index >= kumo_json_array_get_length (inputs))
    return NULL;
  return kumo_json_array_get (inputs, index);
}

static inline const char *
_kumo_editor_slot_type (const KumoJson *slot)
{
  KumoJson *type = kumo_json_object_get (slot, "type");

  /* litegraph writes 0 for "any" in some files */
  if (type == NULL || kumo_json_get_type (type) != KUMO_JSON_STRING)
    return "*";
  return kumo_json_get_string (type);
}

static inline const KumoJson *
_kumo_editor_graph_node (KumoEditorGraph  *graph,
            gint64  id)
{
  return g_hash_table_lookup (graph->nodes, &id);
}

/* Widgets */

typedef enum
{
  KUMO_EDITOR_SLOT_VALUE,     /* an input's value: goes into the prompt */
  KUMO_EDITOR_SLOT_CONTROL,   /* control_after_generate ("randomize", …): editor only */
  KUMO_EDITOR_SLOT_FILTER,    /* control_filter_list: editor only */
  KUMO_EDITOR_SLOT_UPLOAD,    /* the upload button: editor only */
  KUMO_EDITOR_SLOT_FORCED,    /* pre-1.16 files keep a dummy for forceInput inputs */
} KumoEditorSlotKind;

typedef struct
{
  KumoEditorSlotKind   kind;
  char                *name;
  const KumoInputSpec *spec;
} KumoEditorSlot;

GArray   *_kumo_editor_widget_slots            (const KumoNodeDef   *def,
                                                gboolean             with_forced);
gboolean  _kumo_editor_has_forced_inputs       (const KumoNodeDef   *def);
guint     _kumo_editor_count_slots             (GArray              *slots,
                                                KumoEditorSlotKind   kind);
void      _kumo_editor_insert_dynamic_children (GArray              *slots,
                                                guint                position,
                                                const KumoEditorSlot *owner,
                                                const KumoJson      *value);
KumoJson *_kumo_editor_spec_default            (const KumoInputSpec *spec);
char     *_kumo_editor_strip_prompt_comments   (const char          *text);
gboolean  _kumo_editor_has_prompt_choices      (const char          *text);

/* Legacy group nodes */

KumoJson *_kumo_editor_expand_group_node       (const KumoJson      *root,
                                                KumoNodeCatalog     *catalog,
                                                const KumoJson      *instance);

G_END_DECLS
