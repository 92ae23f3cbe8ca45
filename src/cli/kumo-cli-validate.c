/* kumo-cli-validate.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-cli-common.h"
#include "kumo-validation.h"

int
kumo_cli_validate (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  int status;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_info = NULL;
  const GOptionEntry entries[] = {
    { "object-info", 0, 0, G_OPTION_ARG_FILENAME, &object_info,
      N_("The server’s node definitions (/api/object_info) to check against"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("WORKFLOW --object-info FILE — check a workflow as the server would"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return kumo_cli_usage_error (context, _("validate takes one workflow file."));
  if (object_info == NULL)
    return kumo_cli_usage_error (context, _("validate needs the server’s node definitions: --object-info FILE."));

  if (!kumo_cli_load_catalog (object_info, &catalog))
    return KUMO_CLI_EXIT_BAD_INPUT;
  if (!(workflow = kumo_cli_load_workflow (argv[1], catalog, &status)))
    return status;

  problems = kumo_workflow_validate (workflow, catalog);

  for (guint i = 0; i < problems->len; i++)
    kumo_cli_print_problem (g_ptr_array_index (problems, i));

  if (problems->len == 0)
    {
      g_print ("%s\n", _("No problems found."));
      return KUMO_CLI_EXIT_OK;
    }

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u problem found.\n", "%u problems found.\n", problems->len),
              problems->len);
  return KUMO_CLI_EXIT_VALIDATION;
}
