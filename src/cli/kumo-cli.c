/* kumo-cli.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kumo-cli-common.h"

static const struct {
  const char     *name;
  KumoCliCommand  run;
  const char     *summary;
} commands[] = {
  { "inspect", kumo_cli_inspect, N_("List every input of a workflow with its kind, value and constraints") },
  { "set", kumo_cli_set, N_("Change inputs and write the workflow") },
  { "convert", kumo_cli_convert, N_("Write the API format of an editor-format workflow or a picture") },
  { "validate", kumo_cli_validate, N_("Check a workflow against a server’s node definitions") },
  { "run", kumo_cli_run, N_("Run a workflow on a server and save its outputs") },
  { "recall", kumo_cli_recall, N_("Print the exact workflow that made an output") },
  { "resume", kumo_cli_resume, N_("Finish the jobs an earlier run left behind, and save their outputs") },
  { "login", kumo_cli_login, N_("Check an API key and keep it in the keyring") },
  { "logout", kumo_cli_logout, N_("Remove an API key from the keyring") },
};

static int
print_help (gboolean to_stderr)
{
  GString *help = g_string_new (NULL);

  g_string_append_printf (help, "%s\n  kumo-cli %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (help, "  %-10s %s\n", commands[i].name, _(commands[i].summary));

  g_string_append_printf (help, "\n%s\n", _("Run “kumo-cli COMMAND --help” for the options of a command."));
  g_string_append_printf (help, "\n%s\n", _("Exit status:"));
  g_string_append_printf (help, "  0  %s\n", _("success"));
  g_string_append_printf (help, "  1  %s\n", _("wrong usage"));
  g_string_append_printf (help, "  2  %s\n", _("a file could not be read or written, or an edit was invalid"));
  g_string_append_printf (help, "  3  %s\n", _("the workflow has validation problems, or the server rejected it"));
  g_string_append_printf (help, "  4  %s\n", _("the API key or the plan does not allow it (run, login)"));
  g_string_append_printf (help, "  5  %s\n", _("the workflow failed on the server (run, resume)"));
  g_string_append_printf (help, "  6  %s\n", _("the server could not be reached, or an output not downloaded (run, resume)"));
  g_string_append_printf (help, "  7  %s\n", _("cancelled (run, resume)"));

  if (to_stderr)
    g_printerr ("%s", help->str);
  else
    g_print ("%s", help->str);

  g_string_free (help, TRUE);
  return to_stderr ? KUMO_CLI_EXIT_USAGE : KUMO_CLI_EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");
  /* KUMO_LOCALEDIR: translations of an uninstalled build (build-aux/dev run). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KUMO_LOCALEDIR") ? g_getenv ("KUMO_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return print_help (TRUE);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    return print_help (FALSE);

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("kumo-cli %s\n", PACKAGE_VERSION);
      return KUMO_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          /* "kumo-cli set" reads better than "kumo-cli" in its messages. */
          prgname = g_strdup_printf ("kumo-cli %s", commands[i].name);
          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_printerr (_("kumo-cli: unknown command “%s”.\n"), argv[1]);
  return print_help (TRUE);
}
