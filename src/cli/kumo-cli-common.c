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
#include "kumo-cli-server.h"
#include "kumo-journal.h"

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

/* An output Kumo saved carries no workflow where the server wrote none
 * (SaveImageWebsocket, some cloud outputs): the journal has the exact one
 * its job sent, as `kumo-cli recall` prints it. */
static KumoWorkflow *
workflow_from_journal (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *journal_path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(KumoJournalEntry) entry = NULL;

  if (path == NULL)
    return NULL;

  journal_path = kumo_journal_default_path ();
  if (!g_file_test (journal_path, G_FILE_TEST_EXISTS) || !(journal = kumo_journal_new (journal_path, NULL)))
    return NULL;
  if (!(entry = kumo_journal_find_file (journal, path, NULL)))
    return NULL;

  name = g_path_get_basename (path);
  return kumo_workflow_new_from_bytes (entry->workflow, name, NULL);
}

/* Opens an API-format workflow, a picture that carries one, or (with
 * @catalog) an editor-format file or picture, converted; says what did not
 * carry over. On failure says why and sets @status: 3 when the catalog
 * lacks classes (named), 2 otherwise. */
KumoWorkflow *
kumo_cli_load_workflow (const char      *path,
                        KumoNodeCatalog *catalog,
                        int             *status)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  KumoWorkflow *workflow;
  GPtrArray *notes;

  workflow = kumo_workflow_new_from_file_full (file, catalog, NULL, &error);
  if (workflow == NULL &&
      g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_TEXT))
    workflow = workflow_from_journal (file);
  if (workflow == NULL)
    {
      if (g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_UI_FORMAT) && catalog == NULL)
        kumo_cli_error (_("“%s” is saved in ComfyUI’s editor format. Converting it needs the server’s node "
                          "definitions: add --object-info FILE (the server’s /api/object_info)."), path);
      else
        kumo_cli_error ("%s", error->message);

      *status = g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_MISSING_CLASSES)
                ? KUMO_CLI_EXIT_VALIDATION : KUMO_CLI_EXIT_BAD_INPUT;
      return NULL;
    }

  notes = kumo_workflow_get_conversion_notes (workflow);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    /* Translators: something an editor-format workflow held that did not carry over */
    kumo_cli_error (_("note: %s"), (const char *) g_ptr_array_index (notes, i));

  return workflow;
}

/* Whether @path needs a catalog to open: an editor-format file, or a
 * picture that carries only the editor's format. */
gboolean
kumo_cli_needs_catalog (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_file (file, NULL, &error);

  return g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_UI_FORMAT);
}

/* The node definitions of a connected session's server. */
KumoNodeCatalog *
kumo_cli_session_catalog (KumoSession *session,
                          int         *status)
{
  g_autoptr(GError) error = NULL;
  KumoCliWait wait = { 0 };
  gboolean ok;

  kumo_session_ensure_catalog_async (session, NULL, kumo_cli_wait_cb, &wait);
  ok = kumo_session_ensure_catalog_finish (session, kumo_cli_wait_for (&wait), &error);
  kumo_cli_wait_clear (&wait);
  if (!ok || kumo_session_get_catalog (session) == NULL)
    {
      kumo_cli_error ("%s", error ? error->message : _("The server sent no node definitions."));
      *status = error ? kumo_cli_exit_for_error (error) : KUMO_CLI_EXIT_NETWORK;
      return NULL;
    }

  return kumo_session_get_catalog (session);
}

/* To @output (atomically), else to standard output. */
int
kumo_cli_write_workflow (KumoWorkflow *workflow,
                         const char   *output)
{
  g_autoptr(GError) error = NULL;

  if (output != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

      if (!kumo_workflow_save (workflow, file, NULL, &error))
        {
          kumo_cli_error (_("Could not write “%s”: %s"), output, error->message);
          return KUMO_CLI_EXIT_BAD_INPUT;
        }
    }
  else
    {
      g_autoptr(GBytes) bytes = kumo_workflow_to_bytes (workflow);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          kumo_cli_error (_("Could not write the workflow to standard output."));
          return KUMO_CLI_EXIT_BAD_INPUT;
        }
    }

  return KUMO_CLI_EXIT_OK;
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
