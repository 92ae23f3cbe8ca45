/* kumo-validation.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-validation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-field.h"
#include "kumo-validation.h"

/*
 * Checks a workflow against the server's node definitions the way the
 * server's own validate_prompt() does (ComfyUI execution.py), and reports
 * problems with the server's type names (docs/protocol.md §6), so problems
 * found before submitting look like the ones a server sends back.
 */

static KumoProblem *
input_problem (KumoNode   *node,
               const char *name,
               const char *type,
               const char *message)
{
  return kumo_problem_new (kumo_node_get_id (node), kumo_node_get_class_type (node),
                           name, type, message, NULL);
}

/* Whether an output of type @output may feed an input of type @input,
 * following the server's validate_node_input(). */
static gboolean
types_match (const char *output,
             const char *input)
{
  g_auto(GStrv) outputs = NULL;
  g_auto(GStrv) inputs = NULL;

  if (strcmp (output, "*") == 0 || strcmp (input, "*") == 0 || strcmp (output, input) == 0)
    return TRUE;

  if (strcmp (input, "COMFY_MATCHTYPE_V3") == 0 || strcmp (output, "COMFY_MATCHTYPE_V3") == 0)
    return TRUE;

  /* Unions such as "IMAGE,MASK" match when they share a member. */
  outputs = g_strsplit (output, ",", -1);
  inputs = g_strsplit (input, ",", -1);
  for (guint i = 0; outputs[i]; i++)
    for (guint j = 0; inputs[j]; j++)
      if (strcmp (g_strstrip (outputs[i]), g_strstrip (inputs[j])) == 0)
        return TRUE;

  return FALSE;
}

static KumoProblem *
check_link (KumoWorkflow        *workflow,
            KumoNode            *node,
            const char          *name,
            KumoJson            *value,
            const KumoInputSpec *spec,
            KumoNodeCatalog     *catalog)
{
  const KumoNodeDef *source_class;
  g_autofree char *message = NULL;
  const char *source_id;
  KumoNode *source;
  gint64 slot;
  guint n_outputs;

  if (!kumo_json_is_link (value, &source_id, &slot))
    {
      message = g_strdup_printf (_("“%s” is not a valid link: a link is a node id and an output number, "
                                   "like [\"4\", 0]."), name);
      return input_problem (node, name, "bad_linked_input", message);
    }

  source = kumo_workflow_get_node (workflow, source_id);
  if (source == NULL)
    {
      message = g_strdup_printf (_("“%s” is connected to node “%s”, which is not in the workflow."),
                                 name, source_id);
      return input_problem (node, name, "bad_linked_input", message);
    }

  source_class = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (source));
  if (source_class == NULL)
    return NULL;

  n_outputs = g_strv_length (source_class->output_types);
  if (slot < 0 || (guint64) slot >= n_outputs)
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "“%s” is connected to output %d of node “%s”, which has only %u output.",
                                              "“%s” is connected to output %d of node “%s”, which has only %u outputs.",
                                              n_outputs),
                                 name, (int) slot, source_id, n_outputs);
      return input_problem (node, name, "bad_linked_input", message);
    }

  if (spec->type_name != NULL && !types_match (source_class->output_types[slot], spec->type_name))
    {
      message = g_strdup_printf (_("“%s” takes %s, but output %d of node “%s” gives %s."),
                                 name, spec->type_name, (int) slot, source_id,
                                 source_class->output_types[slot]);
      return input_problem (node, name, "return_type_mismatch", message);
    }

  return NULL;
}

/* What Python's int() or float() would make of a value, if anything. */
static gboolean
convert_number (KumoJson   *value,
                gboolean    integer,
                KumoNumber *number)
{
  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_NUMBER:
      return kumo_json_get_number (value, number);

    case KUMO_JSON_BOOLEAN:
      kumo_number_from_int64 (number, kumo_json_get_boolean (value) ? 1 : 0);
      return TRUE;

    case KUMO_JSON_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (kumo_json_get_string (value)));

        if (!kumo_number_parse (text, number))
          return FALSE;
        return !integer || number->is_integer;
      }

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      return FALSE;
    }
}

static KumoProblem *
check_number (KumoNode            *node,
              const char          *name,
              KumoJson            *value,
              const KumoInputSpec *spec)
{
  gboolean integer = spec->type == KUMO_INPUT_TYPE_INT;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *limit = NULL;
  KumoNumber number;

  if (!convert_number (value, integer, &number))
    {
      text = kumo_json_dup_value_text (value);
      if (integer)
        message = g_strdup_printf (_("“%s” must be a whole number, not “%s”."), name, text);
      else
        message = g_strdup_printf (_("“%s” must be a number, not “%s”."), name, text);
      return input_problem (node, name, "invalid_input_type", message);
    }

  text = kumo_number_to_string (&number);

  if (spec->has_min && kumo_number_compare (&number, &spec->min) < 0)
    {
      limit = kumo_number_to_string (&spec->min);
      message = g_strdup_printf (_("%s is below the minimum of %s."), text, limit);
      return input_problem (node, name, "value_smaller_than_min", message);
    }

  if (spec->has_max && kumo_number_compare (&number, &spec->max) > 0)
    {
      limit = kumo_number_to_string (&spec->max);
      message = g_strdup_printf (_("%s is above the maximum of %s."), text, limit);
      return input_problem (node, name, "value_bigger_than_max", message);
    }

  return NULL;
}

static KumoProblem *
check_choice (KumoNode            *node,
              const char          *name,
              KumoJson            *value,
              const KumoInputSpec *spec)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  /* Choices fetched from another route are not in the catalog. */
  if (spec->remote)
    return NULL;

  if (spec->multiselect && kumo_json_get_type (value) == KUMO_JSON_ARRAY)
    {
      for (guint i = 0; i < kumo_json_array_get_length (value); i++)
        {
          KumoProblem *problem = check_choice (node, name, kumo_json_array_get (value, i), spec);

          if (problem != NULL)
            return problem;
        }
      return NULL;
    }

  if (kumo_input_spec_has_option (spec, value))
    return NULL;

  text = kumo_json_dup_value_text (value);

  if (spec->upload != KUMO_UPLOAD_NONE)
    message = g_strdup_printf (_("“%s” is not among the server’s input files. Upload it first."), text);
  else
    message = g_strdup_printf (_("“%s” is not one of the choices the server offers."), text);

  return input_problem (node, name, "value_not_in_list", message);
}

/**
 * kumo_validate_input:
 *
 * Returns: (nullable) (transfer full): the problem the server would report
 *   for one input of @node, or %NULL
 */
KumoProblem *
kumo_validate_input (KumoWorkflow    *workflow,
                     KumoNode        *node,
                     const char      *name,
                     KumoNodeCatalog *catalog)
{
  const KumoNodeDef *klass;
  const KumoInputSpec *spec;
  const KumoInputSpec *parent = NULL;
  g_autofree char *message = NULL;
  KumoJson *value;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (KUMO_IS_NODE (node), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (catalog), NULL);

  klass = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node));
  if (klass == NULL)
    return NULL;

  spec = kumo_node_def_find_input (klass, name, kumo_json_object_get (kumo_node_get_json (node), "inputs"),
                                     &parent);
  /* The server ignores inputs its node does not declare. */
  if (spec == NULL || spec->section == KUMO_INPUT_HIDDEN)
    return NULL;

  value = kumo_node_get_input (node, name);

  if (value == NULL)
    {
      if (spec->section != KUMO_INPUT_REQUIRED || parent != NULL ||
          spec->type == KUMO_INPUT_TYPE_AUTOGROW)
        return NULL;

      message = g_strdup_printf (_("The required input “%s” is missing."), name);
      return input_problem (node, name, "required_input_missing", message);
    }

  if (kumo_json_get_type (value) == KUMO_JSON_ARRAY && kumo_json_array_get_length (value) == 2)
    return check_link (workflow, node, name, value, spec, catalog);

  if (kumo_json_get_type (value) == KUMO_JSON_ARRAY && !spec->multiselect)
    {
      message = g_strdup_printf (_("“%s” holds a list, which the server would read as a broken link. "
                                   "Wrap literal lists as {\"__value__\": […]}."), name);
      return input_problem (node, name, "bad_linked_input", message);
    }

  switch (spec->type)
    {
    case KUMO_INPUT_TYPE_INT:
    case KUMO_INPUT_TYPE_FLOAT:
      return check_number (node, name, value, spec);

    case KUMO_INPUT_TYPE_COMBO:
    case KUMO_INPUT_TYPE_DYNAMIC_COMBO:
      return check_choice (node, name, value, spec);

    case KUMO_INPUT_TYPE_STRING:
    case KUMO_INPUT_TYPE_BOOLEAN:
    case KUMO_INPUT_TYPE_AUTOGROW:
    case KUMO_INPUT_TYPE_SOCKET:
    default:
      return NULL;
    }
}

/* Marks every node that sits on a loop of links (Tarjan would also name
 * the loops; the server only needs to know that there is one). */
static void
check_cycles (KumoWorkflow *workflow,
              GPtrArray    *problems)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (workflow));
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  enum { VISITING = 1, DONE = 2 };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoNode) start = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      g_autoptr(GArray) stack = NULL;

      if (g_hash_table_contains (state, kumo_node_get_id (start)))
        continue;

      /* An explicit stack of (node, next input index): graphs of
       * thousands of nodes must not recurse that deep. */
      stack = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
      {
        gpointer frame[2] = { start, GUINT_TO_POINTER (0) };
        g_array_append_vals (stack, frame, 1);
        g_hash_table_insert (state, (gpointer) kumo_node_get_id (start), GINT_TO_POINTER (VISITING));
      }

      while (stack->len > 0)
        {
          gpointer *frame = &g_array_index (stack, gpointer, (stack->len - 1) * 2);
          KumoNode *node = frame[0];
          guint next = GPOINTER_TO_UINT (frame[1]);
          const char *source_id;
          KumoNode *source;

          if (next >= kumo_node_get_n_inputs (node))
            {
              g_hash_table_insert (state, (gpointer) kumo_node_get_id (node), GINT_TO_POINTER (DONE));
              g_array_set_size (stack, stack->len - 1);
              continue;
            }

          frame[1] = GUINT_TO_POINTER (next + 1);

          if (!kumo_json_is_link (kumo_node_get_input (node, kumo_node_get_input_name (node, next)), &source_id, NULL))
            continue;

          source = kumo_workflow_get_node (workflow, source_id);
          if (source == NULL)
            continue;

          switch (GPOINTER_TO_INT (g_hash_table_lookup (state, source_id)))
            {
            case VISITING:
              {
                g_autofree char *message =
                  g_strdup_printf (_("Node “%s” depends on its own output through a loop of links."),
                                   source_id);
                g_ptr_array_add (problems,
                                 kumo_problem_new (source_id, kumo_node_get_class_type (source),
                                                   NULL, "dependency_cycle", message, NULL));
              }
              break;

            case DONE:
              break;

            default:
              {
                gpointer child[2] = { source, GUINT_TO_POINTER (0) };
                g_hash_table_insert (state, (gpointer) kumo_node_get_id (source), GINT_TO_POINTER (VISITING));
                g_array_append_vals (stack, child, 1);
              }
              break;
            }
        }
    }
}

/**
 * kumo_workflow_validate:
 *
 * Returns: (transfer container): every problem the server would report,
 *   in document order; empty when it would accept the workflow
 */
GPtrArray *
kumo_workflow_validate (KumoWorkflow    *workflow,
                        KumoNodeCatalog *catalog)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_problem_free);
  gboolean all_known = TRUE;
  gboolean has_output = FALSE;
  guint n;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (workflow), problems);
  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (catalog), problems);

  n = g_list_model_get_n_items (G_LIST_MODEL (workflow));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      const char *class_type = kumo_node_get_class_type (node);
      const KumoNodeDef *klass = kumo_node_catalog_lookup (catalog, class_type);
      g_autoptr(GPtrArray) fields = NULL;

      if (klass == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("The server has no node type “%s”. Install the custom node that provides it "
                               "on the server, or remove the node."), class_type);

          all_known = FALSE;
          g_ptr_array_add (problems, kumo_problem_new (kumo_node_get_id (node), class_type, NULL,
                                                       "missing_node_type", message, NULL));
          continue;
        }

      has_output |= klass->output_node;

      fields = kumo_field_list_for_node (workflow, node, catalog);
      for (guint j = 0; j < fields->len; j++)
        {
          KumoProblem *problem = kumo_validate_input (workflow, node,
                                                      kumo_field_get_name (g_ptr_array_index (fields, j)),
                                                      catalog);
          if (problem != NULL)
            g_ptr_array_add (problems, problem);
        }
    }

  check_cycles (workflow, problems);

  if (all_known && !has_output)
    g_ptr_array_add (problems,
                     kumo_problem_new (NULL, NULL, NULL, "prompt_no_outputs",
                                       _("The workflow has no output node, such as Save Image, "
                                         "so the server would run nothing."),
                                       NULL));

  return problems;
}
