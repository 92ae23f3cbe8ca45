/* kumo-cli-convert.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-cli-common.h"
#include "kumo-cli-server.h"

/*
 * kumo-cli convert FILE: the API format of a workflow saved by ComfyUI's
 * editor, or of the workflow a picture carries, converted as the editor
 * would queue it with the server's node definitions.
 */
int
kumo_cli_convert (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoNodeCatalog) own_catalog = NULL;
  g_autoptr(KumoSession) session = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object_info = NULL;
  g_autofree char *server = NULL;
  g_autofree char *output = NULL;
  KumoNodeCatalog *catalog;
  int status;
  const GOptionEntry entries[] = {
    { "object-info", 0, 0, G_OPTION_ARG_FILENAME, &object_info,
      N_("The server’s node definitions (/api/object_info) to convert with"), N_("FILE") },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("Convert with the node definitions of this server: “cloud”, “local”, or a URL"), N_("SERVER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the API-format workflow here instead of to standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — write the API format of an editor-format workflow or a picture"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("The conversion follows ComfyUI’s editor and needs the node definitions of "
                                      "the server that will run it. Nodes that server does not have are named "
                                      "(exit status 3); nothing is guessed. The file itself is never changed."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return kumo_cli_usage_error (context, _("convert takes one file."));
  if ((object_info == NULL) == (server == NULL))
    return kumo_cli_usage_error (context, _("convert needs the server’s node definitions: --object-info FILE or --server SERVER."));

  /* Never written over the file it was read from. */
  input = g_file_new_for_commandline_arg (argv[1]);
  if (output != NULL)
    {
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (output);

      if (g_file_equal (input, target))
        return kumo_cli_usage_error (context, _("The converted workflow would replace “%s”; give another file with --output."),
                                     argv[1]);
    }

  if (object_info != NULL)
    {
      if (!kumo_cli_load_catalog (object_info, &own_catalog))
        return KUMO_CLI_EXIT_BAD_INPUT;
      catalog = own_catalog;
    }
  else
    {
      if (!(session = kumo_cli_open_session (server, NULL, &status)))
        return status;
      if (!(catalog = kumo_cli_session_catalog (session, &status)))
        return status;
    }

  if (!(workflow = kumo_cli_load_workflow (argv[1], catalog, &status)))
    return status;

  return kumo_cli_write_workflow (workflow, output);
}
