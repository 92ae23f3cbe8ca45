/* kumo-cli-set.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "kumo-cli-common.h"

int
kumo_cli_set (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  int status;
  g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *object_info = NULL;
  g_autofree char *output = NULL;
  gboolean failed = FALSE;
  const GOptionEntry entries[] = {
    { "object-info", 0, 0, G_OPTION_ARG_FILENAME, &object_info,
      N_("Check the new values against these node definitions"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the workflow to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("WORKFLOW NODE.INPUT=VALUE… — change inputs of a workflow"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("NODE is a node id or a unique node title. The result is written "
                                      "as API-format JSON; nothing else in the file changes."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc < 3)
    return kumo_cli_usage_error (context, _("set takes a workflow file and at least one NODE.INPUT=VALUE."));

  for (int i = 2; i < argc; i++)
    if (strchr (argv[i], '=') == NULL)
      return kumo_cli_usage_error (context, _("“%s” is not of the form NODE.INPUT=VALUE."), argv[i]);

  if (!kumo_cli_load_catalog (object_info, &catalog))
    return KUMO_CLI_EXIT_BAD_INPUT;
  if (!(workflow = kumo_cli_load_workflow (argv[1], catalog, &status)))
    return status;

  for (int i = 2; i < argc; i++)
    {
      g_autofree char *target = g_strndup (argv[i], strchr (argv[i], '=') - argv[i]);
      const char *value = strchr (argv[i], '=') + 1;
      g_autoptr(KumoField) field = kumo_field_resolve (workflow, catalog, target, &error);

      if (field == NULL || !kumo_field_set_from_string (field, value, &error))
        {
          kumo_cli_error ("%s", error->message);
          g_clear_error (&error);
          failed = TRUE;
          continue;
        }

      g_ptr_array_add (edited, g_steal_pointer (&field));
    }

  /* With a catalog, each edited value must be one the server accepts. */
  for (guint i = 0; catalog != NULL && i < edited->len; i++)
    {
      g_autoptr(KumoProblem) problem = kumo_field_validate (g_ptr_array_index (edited, i));

      if (problem != NULL)
        {
          kumo_cli_error ("%s.%s: %s", problem->node_id, problem->input_name, problem->message);
          failed = TRUE;
        }
    }

  if (failed)
    return KUMO_CLI_EXIT_BAD_INPUT;

  return kumo_cli_write_workflow (workflow, output);
}
