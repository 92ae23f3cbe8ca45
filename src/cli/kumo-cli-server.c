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
#include "kumo-field.h"
#include "kumo-run.h"

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
  if (g_error_matches (error, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NEEDS_KEY))
    return KUMO_CLI_EXIT_AUTH;
  if (g_error_matches (error, KUMO_RUN_ERROR, KUMO_RUN_ERROR_INVALID))
    return KUMO_CLI_EXIT_VALIDATION;
  if (error->domain == KUMO_FIELD_ERROR || error->domain == G_IO_ERROR)
    return KUMO_CLI_EXIT_BAD_INPUT;
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

/**
 * kumo_cli_open_session:
 * @server: (nullable): --server: "cloud", "local" or a URL
 * @flavor_name: (nullable): --flavor: "cloud" or "local"
 *
 * Connects to the server as the app does (key, flavour, a first answer,
 * the journal). Returns %NULL after printing why, with the exit status
 * in @status.
 */
KumoSession *
kumo_cli_open_session (const char *server,
                       const char *flavor_name,
                       int        *status)
{
  g_autoptr(KumoSession) session = kumo_session_new (server);
  g_autoptr(GError) error = NULL;
  KumoCliWait wait = { 0 };

  if (flavor_name != NULL)
    kumo_session_set_flavor (session, g_str_equal (flavor_name, "cloud") ? KUMO_FLAVOR_CLOUD : KUMO_FLAVOR_LOCAL);

  kumo_session_connect_async (session, NULL, kumo_cli_wait_cb, &wait);
  if (!kumo_session_connect_finish (session, kumo_cli_wait_for (&wait), &error))
    {
      kumo_cli_wait_clear (&wait);
      kumo_cli_error ("%s", error->message);
      /* A bad address or a key that would go out in the clear: the
       * setup is wrong, as with a missing key. */
      *status = error->domain == G_IO_ERROR ? KUMO_CLI_EXIT_AUTH : kumo_cli_exit_for_error (error);
      return NULL;
    }
  kumo_cli_wait_clear (&wait);

  /* Jobs still run, but cannot be picked up again after a crash. */
  if (kumo_session_get_journal_error (session) != NULL)
    kumo_cli_error ("%s", kumo_session_get_journal_error (session)->message);

  return g_steal_pointer (&session);
}
