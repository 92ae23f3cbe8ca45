/* kumo-cli-server.c
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
#include "kumo-credentials.h"

void
kumo_cli_wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  KumoCliWait *wait = user_data;

  wait->result = g_object_ref (result);
}

GAsyncResult *
kumo_cli_wait_for (KumoCliWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

void
kumo_cli_wait_clear (KumoCliWait *wait)
{
  g_clear_object (&wait->result);
}

int
kumo_cli_exit_for_error (const GError *error)
{
  if (error->domain != KUMO_CLIENT_ERROR)
    return KUMO_CLI_EXIT_NETWORK;

  switch ((KumoClientError) error->code)
    {
    case KUMO_CLIENT_ERROR_UNAUTHORIZED:
    case KUMO_CLIENT_ERROR_NO_API_ACCESS:
      return KUMO_CLI_EXIT_AUTH;
    case KUMO_CLIENT_ERROR_PROMPT_REJECTED:
      return KUMO_CLI_EXIT_VALIDATION;
    case KUMO_CLIENT_ERROR_QUEUE_FULL:
    case KUMO_CLIENT_ERROR_FORBIDDEN:
    case KUMO_CLIENT_ERROR_TOO_LARGE:
    case KUMO_CLIENT_ERROR_NOT_FOUND:
    case KUMO_CLIENT_ERROR_BAD_REQUEST:
    case KUMO_CLIENT_ERROR_SERVER:
    case KUMO_CLIENT_ERROR_NETWORK:
    case KUMO_CLIENT_ERROR_INVALID_RESPONSE:
    default:
      return KUMO_CLI_EXIT_NETWORK;
    }
}

/* "cloud" (also the default), "local", or a URL. */
char *
kumo_cli_server_url (const char *server)
{
  if (server == NULL || g_str_equal (server, "cloud"))
    return g_strdup (KUMO_CLOUD_URL);
  if (g_str_equal (server, "local"))
    return g_strdup (KUMO_LOCAL_URL);
  return g_strdup (server);
}

/* Cloud by its host, or by what /api/system_stats says about itself. */
KumoFlavor
kumo_cli_detect_flavor (const char  *url,
                        const char  *api_key,
                        GError     **error)
{
  g_autoptr(KumoClient) probe = NULL;
  g_autoptr(KumoJson) stats = NULL;
  KumoCliWait wait = { 0 };

  if (kumo_client_guess_flavor (url) == KUMO_FLAVOR_CLOUD)
    return KUMO_FLAVOR_CLOUD;

  probe = kumo_client_new (url, KUMO_FLAVOR_LOCAL, api_key, error);
  if (probe == NULL)
    return KUMO_FLAVOR_LOCAL;

  /* The first request a run makes: a server that is restarting (503)
   * gets the same patience here as everywhere else. */
  kumo_client_get_json_async (probe, "/system_stats", NULL, kumo_cli_wait_cb, &wait);
  stats = kumo_client_get_json_finish (probe, kumo_cli_wait_for (&wait), error);
  g_clear_object (&wait.result);

  if (stats != NULL && kumo_json_object_get_string_or (kumo_json_object_get (stats, "system"), "cloud_version", NULL))
    return KUMO_FLAVOR_CLOUD;

  return KUMO_FLAVOR_LOCAL;
}

/* COMFY_CLOUD_API_KEY, else the keyring's key for this server; none when
 * neither has one. A keyring that cannot be asked is not an error here
 * (the environment is the fallback), but why goes to @keyring_error, to
 * explain a missing key. */
char *
kumo_cli_lookup_api_key (const char  *url,
                         gboolean    *from_environment,
                         GError     **keyring_error)
{
  KumoCliWait wait = { 0 };
  char *api_key;

  kumo_credentials_lookup_async (url, NULL, kumo_cli_wait_cb, &wait);
  api_key = kumo_credentials_lookup_finish (kumo_cli_wait_for (&wait), from_environment, keyring_error);
  kumo_cli_wait_clear (&wait);

  return api_key;
}

/* The client for --server, with the key and flavour that go with it.
 * Returns %NULL after printing why, with the exit status in @status. */
KumoClient *
kumo_cli_connect (const char *server,
                  const char *flavor_name,
                  int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *url = kumo_cli_server_url (server);
  g_autofree char *api_key = kumo_cli_lookup_api_key (url, NULL, &keyring_error);
  KumoClient *client;
  KumoFlavor flavor;

  /* Told, or found out from the host and what the server says. */
  if (flavor_name != NULL)
    flavor = g_str_equal (flavor_name, "cloud") ? KUMO_FLAVOR_CLOUD : KUMO_FLAVOR_LOCAL;
  else
    flavor = kumo_cli_detect_flavor (url, api_key, &error);
  if (error != NULL)
    {
      kumo_cli_error ("%s", error->message);
      *status = error->domain == G_IO_ERROR ? KUMO_CLI_EXIT_AUTH : kumo_cli_exit_for_error (error);
      return NULL;
    }

  if (flavor == KUMO_FLAVOR_CLOUD && api_key == NULL)
    {
      if (keyring_error != NULL)
        kumo_cli_error ("%s", keyring_error->message);
      else
        kumo_cli_error (_("Comfy Cloud needs an API key: create one at platform.comfy.org, then set "
                          "COMFY_CLOUD_API_KEY or store it in the keyring with “kumo-cli login”."));
      *status = KUMO_CLI_EXIT_AUTH;
      return NULL;
    }

  client = kumo_client_new (url, flavor, api_key, &error);
  if (client == NULL)
    {
      kumo_cli_error ("%s", error->message);
      *status = KUMO_CLI_EXIT_AUTH;
    }

  return client;
}
