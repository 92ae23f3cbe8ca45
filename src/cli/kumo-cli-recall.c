/* kumo-cli-recall.c
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
#include "kumo-journal.h"

/*
 * `kumo-cli recall FILE`: the exact workflow that made an output, as it
 * was sent (with the seeds actually used), from the journal. Artists
 * lose good seeds to tools that change them after a run; this gives the
 * result's recipe back, ready for `kumo-cli run` or the editor.
 */
int
kumo_cli_recall (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(KumoJournalEntry) entry = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  const char *data;
  gsize len;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the workflow here instead of to standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — print the exact workflow that made an output"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Works for any file kumo-cli saved. The workflow is the API-format JSON that "
                                      "was sent, with the seeds that were actually used."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return kumo_cli_usage_error (context, _("recall takes one output file."));

  file = g_file_new_for_commandline_arg (argv[1]);
  path = g_file_get_path (file);
  journal_path = kumo_journal_default_path ();
  journal = kumo_journal_new (journal_path, &error);
  entry = journal ? kumo_journal_find_file (journal, path, &error) : NULL;
  if (entry == NULL)
    {
      kumo_cli_error ("%s", error->message);
      return KUMO_CLI_EXIT_BAD_INPUT;
    }

  data = g_bytes_get_data (entry->workflow, &len);
  if (output != NULL)
    {
      if (!g_file_set_contents (output, data, len, &error))
        {
          kumo_cli_error ("%s", error->message);
          return KUMO_CLI_EXIT_BAD_INPUT;
        }
    }
  else
    {
      fwrite (data, 1, len, stdout);
      g_print ("\n");
    }

  /* Translators: "Made on http://127.0.0.1:8188 as job 1b2c…." */
  g_printerr (_("Made on %s as job %s.\n"), entry->server, entry->prompt_id ? entry->prompt_id : "?");
  return KUMO_CLI_EXIT_OK;
}
