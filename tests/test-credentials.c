/* test-credentials.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-credentials.h"
#include "kumo-test-utils.h"

static GAsyncResult *result;

static void
done_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  result = g_object_ref (res);
}

static GAsyncResult *
wait_result (void)
{
  g_clear_object (&result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

static void
test_credentials_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean from_environment = FALSE;

  g_setenv (KUMO_API_KEY_ENV, "comfyui-from-env", TRUE);
  kumo_credentials_lookup_async ("https://cloud.comfy.org", NULL, done_cb, NULL);
  key = kumo_credentials_lookup_finish (wait_result (), &from_environment, &error);
  g_unsetenv (KUMO_API_KEY_ENV);

  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "comfyui-from-env");
  g_assert_true (from_environment);
}

/* A real keyring (build-aux/dev test runs one, unlocked, in a private
 * session bus): one secret per server, stored, found and cleared. */
static void
test_credentials_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other = NULL;
  g_autofree char *gone = NULL;
  gboolean from_environment = TRUE;

  g_unsetenv (KUMO_API_KEY_ENV);

  kumo_credentials_store_async ("http://127.0.0.1:1", "comfyui-secret", NULL, done_cb, NULL);
  if (!kumo_credentials_store_finish (wait_result (), &error))
    {
      g_assert_error (error, KUMO_CREDENTIALS_ERROR, KUMO_CREDENTIALS_ERROR_NO_KEYRING);
      g_assert_nonnull (strstr (error->message, KUMO_API_KEY_ENV));
      g_test_skip ("no Secret Service on this session bus");
      return;
    }

  kumo_credentials_lookup_async ("http://127.0.0.1:1", NULL, done_cb, NULL);
  key = kumo_credentials_lookup_finish (wait_result (), &from_environment, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "comfyui-secret");
  g_assert_false (from_environment);

  kumo_credentials_lookup_async ("http://127.0.0.1:2", NULL, done_cb, NULL);
  other = kumo_credentials_lookup_finish (wait_result (), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other);

  kumo_credentials_clear_async ("http://127.0.0.1:1", NULL, done_cb, NULL);
  g_assert_true (kumo_credentials_clear_finish (wait_result (), &error));
  kumo_credentials_lookup_async ("http://127.0.0.1:1", NULL, done_cb, NULL);
  gone = kumo_credentials_lookup_finish (wait_result (), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/credentials/environment", test_credentials_environment);
  g_test_add_func ("/kumo/credentials/keyring", test_credentials_keyring);

  return g_test_run ();
}
