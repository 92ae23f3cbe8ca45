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
