/* kumo-editor-format-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-editor-format.h"

G_BEGIN_DECLS

/* Shared by the converter's files: kumo-editor-format.c (graphs, links,
 * what is sent), kumo-editor-widgets.c (which value of widgets_values is
 * which input) and kumo-editor-group-node.c (legacy group nodes). */

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
