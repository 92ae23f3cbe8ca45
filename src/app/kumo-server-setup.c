/* kumo-server-setup.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-server-setup"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-credentials.h"
#include "kumo-server-setup.h"
#include "kumo-window.h"

/*
 * Setting up a server, as the welcome page and preferences both do: the
 * address (and, for Comfy Cloud, the key) is checked by connecting with
 * it (/system_stats, and /api/user for the key) before anything is
 * kept; a failure is told as one of the outcomes a new user meets; a
 * success becomes a server profile, the active server, and the key goes
 * to the keyring, as `kumo-cli login` stores it.
 */

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoSession *session = KUMO_SESSION (object);
  GError *error = NULL;

  if (!kumo_session_connect_finish (session, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (session), g_object_unref);
}

/**
 * kumo_server_setup_check_async:
 * @url: what the user typed: "cloud", "local" or an address
 * @api_key: (nullable): the key to check, never the keyring's
 *
 * Connects to @url with @api_key. The session's state tells the outcome.
 */
void
kumo_server_setup_check_async (const char          *url,
                               const char          *api_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(KumoSession) session = kumo_session_new (url);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, kumo_server_setup_check_async);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  kumo_session_set_api_key (session, api_key && *api_key ? api_key : NULL);
  kumo_session_connect_async (session, cancellable, checked_cb, task);
}

/**
 * kumo_server_setup_check_finish:
 * @state: (out) (optional): how it went, also when it failed
 *
 * Returns: (transfer full) (nullable): the connected session
 */
KumoSession *
kumo_server_setup_check_finish (GAsyncResult      *result,
                                KumoSessionState  *state,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (state != NULL)
    *state = kumo_session_get_state (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kumo_server_setup_explain:
 *
 * Returns: what went wrong and what to do, in a sentence or two
 */
char *
kumo_server_setup_explain (KumoSessionState  state,
                           const GError     *error)
{
  const char *detail = error ? error->message : "";

  switch (state)
    {
    case KUMO_SESSION_NEEDS_KEY:
      return g_strdup (_("Comfy Cloud needs an API key. Create one at platform.comfy.org, then paste it here."));

    case KUMO_SESSION_KEY_REJECTED:
      return g_strdup (_("Comfy Cloud did not accept this key. Check that it was copied whole, or create a new "
                         "one at platform.comfy.org."));

    case KUMO_SESSION_NO_API_ACCESS:
      return g_strdup (_("The key is right, but its plan has no API access, or no credits left. API access needs "
                         "a paid Comfy plan; see platform.comfy.org."));

    case KUMO_SESSION_INVALID:
      /* Translators: %s says what is wrong with the address */
      return g_strdup_printf (_("This is not an address Kumo can use: %s"), detail);

    case KUMO_SESSION_UNREACHABLE:
    case KUMO_SESSION_RECONNECTING:
      /* Translators: %s says why the server did not answer, and what to check */
      return g_strdup_printf (_("%s Is the server running, and reachable from this computer?"), detail);

    case KUMO_SESSION_DISCONNECTED:
    case KUMO_SESSION_CONNECTING:
    case KUMO_SESSION_CONNECTED:
    default:
      return g_strdup (detail);
    }
}

/* "Comfy Cloud" for the cloud, else the address without its scheme. */
char *
kumo_server_setup_default_name (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (g_str_equal (url, KUMO_CLOUD_URL))
    return g_strdup (_("Comfy Cloud"));
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    return g_uri_get_port (uri) > 0 ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri))
                                    : g_strdup (g_uri_get_host (uri));
  return g_strdup (url);
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KumoApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  /* The session has the key already; only the next start would miss it. */
  if (!kumo_credentials_store_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
      g_autofree char *message =
        g_strdup_printf (_("The key works, but could not be kept in the keyring (%s): Kumo will ask for it "
                           "again next time."), error->message);

      if (KUMO_IS_WINDOW (window))
        kumo_window_show_error (KUMO_WINDOW (window), message);
    }
}

/**
 * kumo_server_setup_apply:
 * @session: a session connected by kumo_server_setup_check_async()
 * @name: (nullable): the profile's name, or %NULL for the default
 * @api_key: (nullable): the key it was checked with, to keep
 *
 * Keeps the server as a profile, makes it the active one, and keeps its
 * key in the keyring.
 */
void
kumo_server_setup_apply (KumoApplication *app,
                         KumoSession     *session,
                         const char      *name,
                         const char      *api_key)
{
  GSettings *settings = kumo_application_get_settings (app);
  const char *url = kumo_session_get_url (session);
  g_autoptr(GVariant) servers = g_settings_get_value (settings, "servers");
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a(ss)"));
  g_autofree char *default_name = kumo_server_setup_default_name (url);
  gboolean known = FALSE;
  GVariantIter iter;
  const char *profile_name, *profile_url;

  g_variant_iter_init (&iter, servers);
  while (g_variant_iter_next (&iter, "(&s&s)", &profile_name, &profile_url))
    {
      if (g_str_equal (profile_url, url))
        {
          known = TRUE;
          if (name != NULL && *name != '\0')
            profile_name = name;
        }
      g_variant_builder_add (builder, "(ss)", profile_name, profile_url);
    }
  if (!known)
    g_variant_builder_add (builder, "(ss)", name && *name ? name : default_name, url);

  g_settings_delay (settings);
  g_settings_set_value (settings, "servers", g_variant_builder_end (builder));
  g_settings_set_string (settings, "server-url", url);
  g_settings_set_boolean (settings, "server-set-up", TRUE);
  g_settings_apply (settings);

  if (api_key != NULL && *api_key != '\0')
    kumo_credentials_store_async (url, api_key, NULL, key_stored_cb, g_object_ref (app));

  kumo_application_use_session (app, session);
}
