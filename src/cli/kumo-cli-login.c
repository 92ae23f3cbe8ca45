/* kumo-cli-login.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "kumo-cli-common.h"
#include "kumo-cli-server.h"
#include "kumo-credentials.h"

/* The key from a terminal without echoing it, else the first line of
 * stdin (so that `secret-tool lookup … | kumo-cli login` works). */
static char *
read_api_key (const char *url)
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char line[4096];
  char *got;

  if (terminal)
    {
      /* Translators: %s is a server address */
      g_printerr (_("API key for %s: "), url);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  got = fgets (line, sizeof line, stdin);

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (got == NULL)
    return NULL;

  g_strstrip (line);
  return line[0] ? g_strdup (line) : NULL;
}

/* GET /api/user: 401 for a wrong key, 402 or 429 for a plan without API
 * access, a network error when the server cannot be reached. */
static gboolean
check_api_key (const char  *url,
               const char  *api_key,
               GError     **error)
{
  g_autoptr(KumoClient) client = NULL;
  g_autoptr(KumoJson) user = NULL;
  KumoCliWait wait = { 0 };

  client = kumo_client_new (url, KUMO_FLAVOR_CLOUD, api_key, error);
  if (client == NULL)
    return FALSE;

  kumo_client_get_json_async (client, "/user", NULL, kumo_cli_wait_cb, &wait);
  user = kumo_client_get_json_finish (client, kumo_cli_wait_for (&wait), error);
  kumo_cli_wait_clear (&wait);

  return user != NULL;
}

static int
fail_with (const GError *error)
{
  kumo_cli_error ("%s", error->message);
  return error->domain == KUMO_CREDENTIALS_ERROR ? KUMO_CLI_EXIT_AUTH : kumo_cli_exit_for_error (error);
}

int
kumo_cli_login (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *api_key = NULL;
  gboolean check = FALSE;
  gboolean from_environment = FALSE;
  KumoCliWait wait = { 0 };
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("“cloud” (the default), or a server’s URL"), N_("SERVER") },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Only check the key already set up"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— check an API key and keep it in the keyring"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("The key is read from the terminal without showing it, or from the first "
                                      "line of standard input. It is checked with the server, then stored in the "
                                      "keyring for that server only. COMFY_CLOUD_API_KEY, when set, comes before "
                                      "the keyring."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 1)
    return kumo_cli_usage_error (context, _("login takes no file."));

  url = kumo_session_resolve_url (server);

  if (check)
    {
      api_key = kumo_cli_lookup_api_key (url, &from_environment, &error);
      if (api_key == NULL)
        {
          if (error != NULL)
            kumo_cli_error ("%s", error->message);
          else
            kumo_cli_error (_("No API key is set up for %s. Run “kumo-cli login” to add one."), url);
          return KUMO_CLI_EXIT_AUTH;
        }
      if (!check_api_key (url, api_key, &error))
        return fail_with (error);

      if (from_environment)
        g_print (_("The API key from %s works with %s.\n"), KUMO_API_KEY_ENV, url);
      else
        g_print (_("The API key in the keyring works with %s.\n"), url);
      return KUMO_CLI_EXIT_OK;
    }

  api_key = read_api_key (url);
  if (api_key == NULL)
    {
      kumo_cli_error (_("No API key was given. Create one at platform.comfy.org, then paste it here."));
      return KUMO_CLI_EXIT_USAGE;
    }

  /* Nothing is stored that the server does not take. */
  if (!check_api_key (url, api_key, &error))
    return fail_with (error);

  kumo_credentials_store_async (url, api_key, NULL, kumo_cli_wait_cb, &wait);
  if (!kumo_credentials_store_finish (kumo_cli_wait_for (&wait), &error))
    {
      kumo_cli_wait_clear (&wait);
      return fail_with (error);
    }
  kumo_cli_wait_clear (&wait);

  g_print (_("The API key works with %s and is stored in the keyring.\n"), url);
  return KUMO_CLI_EXIT_OK;
}

int
kumo_cli_logout (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *url = NULL;
  KumoCliWait wait = { 0 };
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("“cloud” (the default), or a server’s URL"), N_("SERVER") },
    { NULL }
  };

  context = g_option_context_new (_("— remove a server’s API key from the keyring"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 1)
    return kumo_cli_usage_error (context, _("logout takes no file."));

  url = kumo_session_resolve_url (server);
  kumo_credentials_clear_async (url, NULL, kumo_cli_wait_cb, &wait);
  if (!kumo_credentials_clear_finish (kumo_cli_wait_for (&wait), &error))
    {
      kumo_cli_wait_clear (&wait);
      return fail_with (error);
    }
  kumo_cli_wait_clear (&wait);

  g_print (_("The API key for %s is no longer in the keyring.\n"), url);
  if (g_getenv (KUMO_API_KEY_ENV) != NULL)
    g_print (_("%s is still set in this environment and is used instead.\n"), KUMO_API_KEY_ENV);
  return KUMO_CLI_EXIT_OK;
}
