/* kumo-cli-common.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kumo-cli-common.h"

void
kumo_cli_error (const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("kumo-cli: %s\n", message);
}

int
kumo_cli_usage_error (GOptionContext *context,
                      const char     *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("kumo-cli: %s\n", message);
  if (context != NULL)
    g_printerr (_("Run “%s --help” for usage.\n"), g_get_prgname ());

  return KUMO_CLI_EXIT_USAGE;
}

KumoWorkflow *
kumo_cli_load_workflow (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  KumoWorkflow *workflow;

  workflow = kumo_workflow_new_from_file (file, NULL, &error);
  if (workflow == NULL)
    kumo_cli_error ("%s", error->message);

  return workflow;
}

/* @path may be NULL: then there is no catalog, and that is fine. */
gboolean
kumo_cli_load_catalog (const char       *path,
                       KumoNodeCatalog **catalog)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  *catalog = NULL;

  if (path == NULL)
    return TRUE;

  file = g_file_new_for_commandline_arg (path);
  *catalog = kumo_node_catalog_new_from_file (file, NULL, &error);
  if (*catalog == NULL)
    {
      kumo_cli_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

const char *
kumo_cli_node_title (KumoNode        *node,
                     KumoNodeCatalog *catalog)
{
  const KumoNodeDef *def;

  if (kumo_node_get_title (node) != NULL)
    return kumo_node_get_title (node);

  if (catalog != NULL && (def = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node))))
    return kumo_node_def_get_title (def);

  return kumo_node_get_class_type (node);
}

static char *
describe_nodes (GPtrArray *nodes)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      KumoNode *node = g_ptr_array_index (nodes, i);
      const char *title = kumo_node_get_title (node);

      g_string_append_printf (list, "\n  %s (%s%s%s)", kumo_node_get_id (node),
                              kumo_node_get_class_type (node),
                              title ? ", " : "", title ? title : "");
    }

  return g_string_free (list, FALSE);
}

static char *
describe_inputs (KumoWorkflow    *workflow,
                 KumoNode        *node,
                 KumoNodeCatalog *catalog)
{
  g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, node, catalog);
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (list, "\n  %s.%s", kumo_node_get_id (node),
                            kumo_field_get_name (g_ptr_array_index (fields, i)));

  return g_string_free (list, FALSE);
}

static gboolean
node_knows_input (KumoNode        *node,
                  KumoNodeCatalog *catalog,
                  const char      *input)
{
  const KumoNodeDef *def;

  if (kumo_node_has_input (node, input))
    return TRUE;

  if (catalog == NULL || !(def = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node))))
    return FALSE;

  return kumo_node_def_find_input (def, input, kumo_json_object_get (kumo_node_get_json (node), "inputs"), NULL) != NULL;
}

/**
 * kumo_cli_resolve_field:
 * @node_input: "NODE.INPUT", where NODE is an id or a title
 *
 * Node ids contain ':' and titles may contain '.', input names contain
 * '.' too: every split of @node_input is tried against the document, and
 * only a split that names exactly one node with that input is accepted.
 */
KumoField *
kumo_cli_resolve_field (KumoWorkflow     *workflow,
                        KumoNodeCatalog  *catalog,
                        const char       *node_input,
                        GError          **error)
{
  g_autoptr(GPtrArray) ambiguous = NULL;
  g_autoptr(KumoNode) found_node = NULL;
  g_autofree char *found_input = NULL;
  g_autoptr(KumoNode) named_node = NULL;

  for (const char *dot = strchr (node_input, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    {
      g_autofree char *node_part = g_strndup (node_input, dot - node_input);
      const char *input = dot + 1;
      g_autoptr(GPtrArray) nodes = kumo_workflow_find_nodes (workflow, node_part);

      if (nodes->len == 1 && named_node == NULL)
        named_node = g_object_ref (g_ptr_array_index (nodes, 0));

      if (nodes->len > 1)
        {
          g_clear_pointer (&ambiguous, g_ptr_array_unref);
          ambiguous = g_ptr_array_ref (nodes);
          continue;
        }

      if (nodes->len == 1 && node_knows_input (g_ptr_array_index (nodes, 0), catalog, input))
        {
          if (found_node != NULL && found_node != g_ptr_array_index (nodes, 0))
            {
              g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                           _("“%s” could mean input “%s” of node %s or input “%s” of node %s; use node ids."),
                           node_input, found_input, kumo_node_get_id (found_node),
                           input, kumo_node_get_id (g_ptr_array_index (nodes, 0)));
              return NULL;
            }
          g_set_object (&found_node, g_ptr_array_index (nodes, 0));
          g_free (found_input);
          found_input = g_strdup (input);
        }
    }

  if (found_node != NULL)
    return kumo_field_new (workflow, found_node, found_input, catalog);

  if (ambiguous != NULL)
    {
      g_autofree char *list = describe_nodes (ambiguous);

      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("“%s” names more than one node; use one of these node ids:%s"),
                   node_input, list);
      return NULL;
    }

  if (named_node != NULL)
    {
      g_autofree char *list = describe_inputs (workflow, named_node, catalog);

      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("Node %s has no input “%s”. Its inputs are:%s"),
                   kumo_node_get_id (named_node), strchr (node_input, '.') + 1, list);
      return NULL;
    }

  {
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    g_autofree char *list = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (workflow)); i++)
      {
        KumoNode *node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
        g_ptr_array_add (all, node);
        g_object_unref (node);
      }
    list = describe_nodes (all);

    if (strchr (node_input, '.') == NULL)
      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("“%s” is not of the form NODE.INPUT. The nodes are:%s"), node_input, list);
    else
      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("No node matches “%s”. The nodes are:%s"), node_input, list);
  }

  return NULL;
}

void
kumo_cli_print_problem (const KumoProblem *problem)
{
  if (problem->node_id == NULL)
    g_print ("%s  [%s]\n", problem->message, problem->type);
  else if (problem->input_name == NULL)
    g_print ("%s (%s): %s  [%s]\n", problem->node_id, problem->class_type, problem->message, problem->type);
  else
    g_print ("%s.%s: %s  [%s]\n", problem->node_id, problem->input_name, problem->message, problem->type);
}
