/* kumo-credentials.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "kumo-credentials.h"

/*
 * API keys live in the desktop keyring, one secret per server URL, never
 * in a plain file; COMFY_CLOUD_API_KEY in the environment overrides the
 * keyring. A keyring that is locked may wait on an unlock prompt for ever
 * (TOOLCHAIN.md §5), so every call gives up after a while.
 */

#define KEYRING_TIMEOUT_SECONDS 10

G_DEFINE_QUARK (kumo-credentials-error-quark, kumo_credentials_error)

static const SecretSchema *
api_key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.kumoapp.Kumo.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Any keyring failure becomes one clear message; the details go along. */
static GError *
keyring_error (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (KUMO_CREDENTIALS_ERROR, KUMO_CREDENTIALS_ERROR_LOCKED,
                        _("The keyring did not answer in time; it may be locked. Unlock it, or set %s."),
                        KUMO_API_KEY_ENV);

  if (error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED)
    return g_error_new (KUMO_CREDENTIALS_ERROR, KUMO_CREDENTIALS_ERROR_LOCKED,
                        _("The keyring is locked. Unlock it, or set %s."), KUMO_API_KEY_ENV);

  return g_error_new (KUMO_CREDENTIALS_ERROR, KUMO_CREDENTIALS_ERROR_NO_KEYRING,
                      _("No keyring is available (%s), so Kumo cannot keep the API key. "
                        "Set %s in the environment instead."),
                      error->message, KUMO_API_KEY_ENV);
}

typedef struct
{
  GCancellable *cancellable;
  guint         timeout;
} Call;

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->timeout, g_source_remove);
  g_clear_object (&call->cancellable);
  g_free (call);
}

static gboolean
timeout_cb (gpointer data)
{
  Call *call = data;

  call->timeout = 0;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* A cancellable of our own, cancelled by the caller's and by a timer. */
static GTask *
new_call (gpointer             tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, tag);
  call->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel),
                           g_object_ref (call->cancellable), g_object_unref);
  call->timeout = g_timeout_add_seconds (KEYRING_TIMEOUT_SECONDS, timeout_cb, call);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  return task;
}

static GCancellable *
call_cancellable (GTask *task)
{
  return ((Call *) g_task_get_task_data (task))->cancellable;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_pointer (task, key, (GDestroyNotify) secret_password_free);
}

/**
 * kumo_credentials_lookup_async:
 * @server: the server's base URL
 *
 * Finds the API key of @server: COMFY_CLOUD_API_KEY if set, else the
 * keyring's.
 */
void
kumo_credentials_lookup_async (const char          *server,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  const char *env = g_getenv (KUMO_API_KEY_ENV);

  g_return_if_fail (server != NULL);

  task = new_call (kumo_credentials_lookup_async, cancellable, callback, user_data);

  if (env != NULL && *env != '\0')
    {
      g_object_set_data (G_OBJECT (task), "kumo-from-environment", GINT_TO_POINTER (TRUE));
      g_task_return_pointer (task, g_strdup (env), g_free);
      g_object_unref (task);
      return;
    }

  secret_password_lookup (api_key_schema (), call_cancellable (task), lookup_cb, task,
                          "server", server, NULL);
}

/**
 * kumo_credentials_lookup_finish:
 * @from_environment: (out) (optional): the key came from the environment
 *
 * Returns: (transfer full) (nullable): the key, or %NULL if there is none
 */
char *
kumo_credentials_lookup_finish (GAsyncResult  *result,
                                gboolean      *from_environment,
                                GError       **error)
{
  g_autofree char *key = NULL;
  char *copy;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (from_environment != NULL)
    *from_environment = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "kumo-from-environment"));

  /* The keyring's copy is wiped on free; hand out an ordinary string. */
  copy = g_task_propagate_pointer (G_TASK (result), error);
  if (copy == NULL)
    return NULL;

  key = g_strdup (copy);
  secret_password_free (copy);

  return g_steal_pointer (&key);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kumo_credentials_store_async (const char          *server,
                              const char          *api_key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (api_key != NULL);

  task = new_call (kumo_credentials_store_async, cancellable, callback, user_data);
  /* Translators: the label of the API key in the keyring; %s is a server. */
  label = g_strdup_printf (_("Kumo API key for %s"), server);
  secret_password_store (api_key_schema (), SECRET_COLLECTION_DEFAULT, label, api_key,
                         call_cancellable (task), stored_cb, task, "server", server, NULL);
}

gboolean
kumo_credentials_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kumo_credentials_clear_async (const char          *server,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);

  task = new_call (kumo_credentials_clear_async, cancellable, callback, user_data);
  secret_password_clear (api_key_schema (), call_cancellable (task), cleared_cb, task,
                         "server", server, NULL);
}

gboolean
kumo_credentials_clear_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
