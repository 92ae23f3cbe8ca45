/* kumo-editor-widgets.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kumo-editor-format-private.h"

/*
 * Which value of a node's widgets_values is which input: the editor makes
 * a widget for each input the catalog gives a widget type, in the
 * catalog's order, and adds widgets of its own (a seed's control, a
 * combo's control and filter, an upload button) that take values too.
 * Written from the frontend's litegraphService.ts and widgets.ts
 * (docs/editor-format.md).
 */

static void
slot_clear (KumoEditorSlot *slot)
{
  g_free (slot->name);
}

static gboolean
spec_is_widget (const KumoInputSpec *spec)
{
  static const char * const widget_types[] = {
    "MARKDOWN", "COLOR", "IMAGECOMPARE", "BOUNDING_BOX", "CHART", "GALLERIA",
    "PAINTER", "TEXTAREA", "CURVE", "RANGE", NULL
  };

  switch (spec->type)
    {
    case KUMO_INPUT_TYPE_INT:
    case KUMO_INPUT_TYPE_FLOAT:
    case KUMO_INPUT_TYPE_STRING:
    case KUMO_INPUT_TYPE_BOOLEAN:
    case KUMO_INPUT_TYPE_COMBO:
    case KUMO_INPUT_TYPE_DYNAMIC_COMBO:
      return TRUE;
    case KUMO_INPUT_TYPE_AUTOGROW:
      return FALSE;
    case KUMO_INPUT_TYPE_SOCKET:
    default:
      return spec->type_name != NULL && g_strv_contains (widget_types, spec->type_name);
    }
}

static void
append_slot (GArray              *slots,
             KumoEditorSlotKind   kind,
             const char          *name,
             const KumoInputSpec *spec)
{
  KumoEditorSlot slot = { kind, g_strdup (name), spec };

  g_array_append_val (slots, slot);
}

static void
append_widget (GArray              *slots,
               const KumoInputSpec *spec,
               const char          *name)
{
  append_slot (slots, KUMO_EDITOR_SLOT_VALUE, name, spec);

  /* The editor adds a seed's control even when the catalog does not ask. */
  if (spec->type == KUMO_INPUT_TYPE_INT &&
      (spec->control_after_generate || g_str_equal (spec->name, "seed") || g_str_equal (spec->name, "noise_seed")))
    append_slot (slots, KUMO_EDITOR_SLOT_CONTROL, name, spec);
  else if (spec->type == KUMO_INPUT_TYPE_FLOAT && spec->control_after_generate)
    append_slot (slots, KUMO_EDITOR_SLOT_CONTROL, name, spec);
  else if (spec->type == KUMO_INPUT_TYPE_COMBO && spec->control_after_generate)
    {
      append_slot (slots, KUMO_EDITOR_SLOT_CONTROL, name, spec);
      append_slot (slots, KUMO_EDITOR_SLOT_FILTER, name, spec);
    }
}

/* The widgets the editor makes for @def, in its order, each taking one
 * value of widgets_values. With @with_forced, the dummies of files saved
 * before forceInput inputs stopped being widgets (frontend 1.16). */
GArray *
_kumo_editor_widget_slots (const KumoNodeDef *def,
                           gboolean           with_forced)
{
  GArray *slots = g_array_new (FALSE, TRUE, sizeof (KumoEditorSlot));
  gboolean upload = FALSE;
  guint end_of_required = 0;

  g_array_set_clear_func (slots, (GDestroyNotify) slot_clear);

  for (guint i = 0; i < def->inputs->len; i++)
    {
      const KumoInputSpec *spec = g_ptr_array_index (def->inputs, i);

      if (spec->force_input)
        {
          /* Old files kept the value, and a seed's control too. */
          if (with_forced)
            {
              append_slot (slots, KUMO_EDITOR_SLOT_FORCED, spec->name, spec);
              if ((spec->type == KUMO_INPUT_TYPE_INT || spec->type == KUMO_INPUT_TYPE_FLOAT) &&
                  (spec->control_after_generate || g_str_equal (spec->name, "seed") ||
                   g_str_equal (spec->name, "noise_seed")))
                append_slot (slots, KUMO_EDITOR_SLOT_CONTROL, spec->name, spec);
            }
        }
      else if (spec_is_widget (spec))
        {
          append_widget (slots, spec, spec->name);
        }

      if (spec->section == KUMO_INPUT_REQUIRED)
        {
          end_of_required = slots->len;
          if (spec->type == KUMO_INPUT_TYPE_COMBO && spec->upload != KUMO_UPLOAD_NONE && spec->upload != KUMO_UPLOAD_FILE)
            upload = TRUE;
        }
    }

  /* The upload button is added to the required inputs before they are
   * ordered: last of all with an input_order, else last of the required. */
  if (upload)
    {
      KumoEditorSlot slot = { KUMO_EDITOR_SLOT_UPLOAD, g_strdup ("upload"), NULL };

      g_array_insert_val (slots, def->has_input_order ? slots->len : end_of_required, slot);
    }

  return slots;
}

gboolean
_kumo_editor_has_forced_inputs (const KumoNodeDef *def)
{
  for (guint i = 0; i < def->inputs->len; i++)
    if (((const KumoInputSpec *) g_ptr_array_index (def->inputs, i))->force_input)
      return TRUE;
  return FALSE;
}

guint
_kumo_editor_count_slots (GArray             *slots,
                          KumoEditorSlotKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < slots->len; i++)
    n += g_array_index (slots, KumoEditorSlot, i).kind == kind;
  return n;
}

/* The option of a dynamic combo reveals more widgets right after it. */
void
_kumo_editor_insert_dynamic_children (GArray               *slots,
                                      guint                 position,
                                      const KumoEditorSlot *owner,
                                      const KumoJson       *value)
{
  const char *key = value ? kumo_json_get_string (value) : NULL;
  g_autoptr(GArray) children = g_array_new (FALSE, TRUE, sizeof (KumoEditorSlot));

  for (guint i = 0; key != NULL && i < owner->spec->dynamic_options->len; i++)
    {
      const KumoDynamicOption *option = g_ptr_array_index (owner->spec->dynamic_options, i);

      if (!g_str_equal (option->key, key))
        continue;

      for (guint j = 0; j < option->inputs->len; j++)
        {
          const KumoInputSpec *child = g_ptr_array_index (option->inputs, j);
          g_autofree char *name = g_strconcat (owner->name, ".", child->name, NULL);

          if (!child->force_input && spec_is_widget (child))
            append_widget (children, child, name);
        }
    }

  if (children->len > 0)
    g_array_insert_vals (slots, position + 1, children->data, children->len);
  /* The names moved to @slots. */
  g_array_set_size (children, 0);
}

/* Catalogs come from Python, which writes 1.0 where the editor's
 * JSON.stringify writes 1. Other numbers are shortest round-trip in both. */
static KumoJson *
js_number (const KumoJson *value)
{
  double number;

  if (kumo_json_get_type (value) != KUMO_JSON_NUMBER)
    return kumo_json_copy (value);

  number = kumo_json_get_double (value);
  if (strpbrk (kumo_json_get_number_text (value), ".eE") != NULL &&
      number == floor (number) && fabs (number) < 9007199254740992.0)
    return kumo_json_new_int ((gint64) number);

  return kumo_json_copy (value);
}

KumoJson *
_kumo_editor_spec_default (const KumoInputSpec *spec)
{
  KumoJson *value = spec->default_value;

  switch (spec->type)
    {
    case KUMO_INPUT_TYPE_COMBO:
    case KUMO_INPUT_TYPE_DYNAMIC_COMBO:
      if (value != NULL && kumo_json_get_type (value) != KUMO_JSON_NULL &&
          !(kumo_json_get_type (value) == KUMO_JSON_STRING && *kumo_json_get_string (value) == '\0'))
        return kumo_json_copy (value);
      if (spec->options != NULL && spec->options->len > 0)
        return kumo_json_copy (g_ptr_array_index (spec->options, 0));
      return kumo_json_new_string ("");
    case KUMO_INPUT_TYPE_INT:
    case KUMO_INPUT_TYPE_FLOAT:
      return value ? js_number (value) : kumo_json_new_int (0);
    case KUMO_INPUT_TYPE_BOOLEAN:
      return value ? kumo_json_copy (value) : kumo_json_new_boolean (FALSE);
    case KUMO_INPUT_TYPE_STRING:
    case KUMO_INPUT_TYPE_AUTOGROW:
    case KUMO_INPUT_TYPE_SOCKET:
    default:
      return value ? kumo_json_copy (value) : kumo_json_new_string ("");
    }
}

/* processDynamicPrompt, its deterministic half: comments go. */
char *
_kumo_editor_strip_prompt_comments (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p++;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          if (end == NULL)
            break;
          p = end + 1;
        }
      else if (p[0] == '/' && p[1] == '/')
        {
          const char *end = strchr (p, '\n');

          if (end == NULL)
            break;
          p = end - 1;
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

gboolean
_kumo_editor_has_prompt_choices (const char *text)
{
  const char *open = strchr (text, '{');

  return open != NULL && strchr (open, '|') != NULL && strchr (open, '}') != NULL;
}

